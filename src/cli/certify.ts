/** `switchboard certify`: checks the flags, then runs the certification in process. */
import { isAbsolute, resolve } from 'node:path';
import { isTelephonyMode, TELEPHONY_MODES } from '../contract/index.ts';
import { runCertification } from '../certify/run-certification.ts';
import { DEFAULT_START_TIMEOUT_MS } from '../harness/drivers.ts';
import type { CertifyFlags, Io } from './main.ts';
import { UsageError } from './usage.ts';

export async function runCertify(flags: CertifyFlags, io: Io): Promise<number> {
  if (flags.adapter === undefined) throw new UsageError('--adapter is missing: expected reference, module:<path>, http:<url>, cmd:<command line> or image:<docker image>');
  if (flags.mode === undefined) throw new UsageError(`--mode is missing: expected one of ${TELEPHONY_MODES.join(', ')}`);
  if (!isTelephonyMode(flags.mode)) throw new UsageError(`--mode ${JSON.stringify(flags.mode)} is not a telephony mode: expected one of ${TELEPHONY_MODES.join(', ')}`);
  const out = flags.out ?? 'reports';
  const outDir = isAbsolute(out) ? out : resolve(io.cwd, out);
  const deadlineMs = positiveInteger('--deadline-ms', flags['deadline-ms'], 2000);
  const quietMs = positiveInteger('--quiet-ms', flags['quiet-ms'], 150);
  const startTimeoutMs = positiveInteger('--start-timeout-ms', flags['start-timeout-ms'], DEFAULT_START_TIMEOUT_MS);
  const logFile = flags['log-file'] === undefined ? undefined : resolve(io.cwd, flags['log-file']);
  const replay = ['npx switchboard certify', `--adapter ${shellWord(flags.adapter)}`, `--mode ${flags.mode}`, `--out ${shellWord(out)}`];
  const outcome = await runCertification(
    {
      adapter: flags.adapter,
      mode: flags.mode,
      outDir,
      names: flags.name === undefined ? [] : [flags.name],
      deadlineMs,
      quietMs,
      startTimeoutMs,
      cwd: io.cwd,
      replayCommand: replay.join(' '),
      ...(logFile === undefined ? {} : { logFile }),
    },
    { stdout: io.stdout, color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined },
  );
  return outcome.exitCode;
}

/** As a POSIX shell reads it back: `cmd:python3 adapter.py` needs quotes to stay one argument. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 600_000) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a whole number of milliseconds from 1 to 600000`);
  return Number(value);
}
