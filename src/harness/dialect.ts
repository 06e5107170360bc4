/** The simulator dialect a run speaks (`--dialect`): json unless asked; one this build lacks is a setup error. */
import { dialectNamed, tapDialect, type Dialect, type DialectName, type TappedFrame } from '../../simulator/index.ts';
import { SetupError } from './errors.ts';

/**
 * undefined for json: the simulator's default, so a json run builds exactly what it always did.
 * With `heard`, the dialect is tapped: every frame of its sessions, both ways, goes there too (the wire log).
 */
export function simulatorDialect(name: DialectName | undefined, heard?: (frame: TappedFrame) => void): { readonly dialect?: Dialect } {
  if ((name === undefined || name === 'json') && heard === undefined) return {};
  const found = dialectNamed(name ?? 'json');
  if (!found.ok) throw new SetupError('dialectNotAvailable', `--dialect ${name}: ${found.reason}; expected one this build speaks (json, ami)`);
  return { dialect: heard === undefined ? found.dialect : tapDialect(found.dialect, heard) };
}
