/**
 * `switchboard verify <certificate.json>`: checks the flags, then re-runs the certification the
 * certificate describes and compares it, in process. Exit 0 when every scenario's verdict and
 * transcript match, 1 when something differs, 2 when the certificate cannot be verified.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { verifyCertificate, VerifyError } from '../certify/verify-certificate.ts';
import { DEFAULT_START_TIMEOUT_MS } from '../harness/drivers.ts';
import type { Io, VerifyFlags, WithOperands } from './main.ts';
import { UsageError } from './usage.ts';

export async function runVerify({ flags: values, operands: positionals }: WithOperands<VerifyFlags>, io: Io): Promise<number> {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(`verify needs exactly one certificate, e.g. switchboard verify reports/certificate.json${positionals.length > 1 ? ` (got ${positionals.length})` : ''}`);
  }
  const certificatePath = resolve(io.cwd, positionals[0]);
  const startTimeoutMs = positiveInteger('--start-timeout-ms', values['start-timeout-ms'], DEFAULT_START_TIMEOUT_MS);
  const logFile = values['log-file'] === undefined ? undefined : resolve(io.cwd, values['log-file']);
  const temporary = values.out === undefined;
  const outDir = values.out === undefined ? await mkdtemp(join(tmpdir(), 'switchboard-verify-')) : isAbsolute(values.out) ? values.out : resolve(io.cwd, values.out);
  try {
    const outcome = await verifyCertificate(
      { certificatePath, outDir, cwd: io.cwd, startTimeoutMs, ...(logFile === undefined ? {} : { logFile }) },
      { stdout: io.stdout, color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined },
    );
    // A matching re-run in a folder nobody asked for is not worth keeping; a differing one is.
    if (temporary && outcome.exitCode === 0) await rm(outDir, { recursive: true, force: true });
    return outcome.exitCode;
  } catch (error) {
    if (temporary) await rm(outDir, { recursive: true, force: true });
    if (error instanceof VerifyError) {
      io.stderr.write(`switchboard verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600_000) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a whole number of milliseconds from 1 to 600000`);
  return Number(value);
}
