/** `--dialect` (certify, simulate): json (the default), ami or csta-xml. */
import { DIALECT_NAMES, isDialectName, type DialectName } from '../../simulator/index.ts';
import { UsageError } from './usage.ts';

export function dialectOf(flag: string | undefined): DialectName {
  if (flag === undefined) return 'json';
  if (!isDialectName(flag)) throw new UsageError(`--dialect ${JSON.stringify(flag)} is not a dialect: expected one of ${DIALECT_NAMES.join(', ')}`);
  return flag;
}
