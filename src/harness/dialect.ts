/** The simulator dialect a run speaks (`--dialect`): json unless asked; one this build lacks is a setup error. */
import { dialectNamed, type Dialect, type DialectName } from '../../simulator/index.ts';
import { SetupError } from './errors.ts';

/** undefined for json: the simulator's default, so a json run builds exactly what it always did. */
export function simulatorDialect(name: DialectName | undefined): { readonly dialect?: Dialect } {
  if (name === undefined || name === 'json') return {};
  const found = dialectNamed(name);
  if (!found.ok) throw new SetupError('dialectNotAvailable', `--dialect ${name}: ${found.reason}; expected one this build speaks (json, csta-xml, ami)`);
  return { dialect: found.dialect };
}
