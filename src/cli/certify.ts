/** `switchboard certify`: checks the flags, then runs the certification in process. */
import { randomInt } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { isTelephonyMode, TELEPHONY_MODES, type TelephonyMode } from '../contract/index.ts';
import { plannedScenarios } from '../certify/cucumber-run.ts';
import { DEFAULT_MAX_COMMANDS, DEFAULT_MAX_TIME_MS, DEFAULT_TIME_BUDGET_MS, type PropertySettings } from '../certify/property-run.ts';
import { LAB_FAULT_POINTS, type LabFaultPoint } from '../certify/certification-types.ts';
import { runCertification } from '../certify/run-certification.ts';
import { modeTagExpression } from '../report/tags.ts';
import type { Certificate, Shard } from '../report/certificate.ts';
import { githubAnnotations, githubStepSummary } from '../report/github.ts';
import { DEFAULT_START_TIMEOUT_MS } from '../harness/drivers.ts';
import { DEFAULT_WIRE_LOG_MAX_BYTES } from '../harness/wire-log.ts';
import { signingKeyFrom } from './keys.ts';
import { positiveInteger, type CertifyFlags, type Io } from './flags.ts';
import { simulatorDialect } from '../harness/dialect.ts';
import { dialectOf } from './dialect-flag.ts';
import { UsageError } from './usage.ts';

export async function runCertify(flags: CertifyFlags, io: Io): Promise<number> {
  if (flags.adapter === undefined)
    throw new UsageError('--adapter is missing: expected reference, module:<path>, http:<url>, cmd:<command line> or image:<docker image>');
  if (flags.mode === undefined) throw new UsageError(`--mode is missing: expected one of ${TELEPHONY_MODES.join(', ')}`);
  if (!isTelephonyMode(flags.mode))
    throw new UsageError(`--mode ${JSON.stringify(flags.mode)} is not a telephony mode: expected one of ${TELEPHONY_MODES.join(', ')}`);
  const dialect = dialectOf(flags.dialect);
  // A dialect this build lacks is a setup error before anything runs.
  simulatorDialect(dialect);
  const out = flags.out ?? 'reports';
  const outDir = isAbsolute(out) ? out : resolve(io.cwd, out);
  const deadlineMs = positiveInteger('--deadline-ms', flags['deadline-ms'], 2000);
  const quietMs = positiveInteger('--quiet-ms', flags['quiet-ms'], 150);
  const startTimeoutMs = positiveInteger('--start-timeout-ms', flags['start-timeout-ms'], DEFAULT_START_TIMEOUT_MS);
  const logFile = flags['log-file'] === undefined ? undefined : resolve(io.cwd, flags['log-file']);
  const shardSlice = shardOf(flags.shard);
  if (shardSlice !== undefined && flags['no-scenarios'] === true)
    throw new UsageError('--shard deals out the scenarios, and --no-scenarios skips them: drop one of them');
  const asked = propertySettings(flags);
  // Only the last shard runs the property run, so only its certificate records the seed.
  if (flags['no-scenarios'] === true && asked === null) throw new UsageError('--no-scenarios with --no-properties leaves nothing to run: drop one of them');
  const signingKey = await signingKeyFrom(flags['sign-key'], io);
  if (flags.name !== undefined && flags['no-scenarios'] !== true) await checkNameSelects(flags.name, flags.mode);
  const asRun = [
    'npx switchboard certify',
    `--adapter ${shellWord(flags.adapter)}`,
    `--mode ${flags.mode}`,
    ...(dialect === 'json' ? [] : [`--dialect ${dialect}`]),
  ];
  const replay = [...asRun, `--out ${shellWord(out)}`];
  // The property run's own flags, so the replay command reruns the same exploration (a counterexample's replay adds --path).
  const explored =
    asked === null
      ? ['--no-properties']
      : [
          `--seed ${asked.seed}`,
          ...(flags.runs === undefined ? [] : [`--runs ${asked.runs}`]),
          ...(flags['time-budget-ms'] === undefined ? [] : [`--time-budget-ms ${asked.timeBudgetMs}`]),
          ...(flags['max-time-ms'] === undefined ? [] : [`--max-time-ms ${asked.maxTimeMs}`]),
          ...(flags['max-commands'] === undefined ? [] : [`--max-commands ${asked.maxCommands}`]),
          ...(asked.repeat === undefined ? [] : [`--repeat ${asked.repeat}`]),
        ];
  const wholeRun = [
    ...(flags['no-scenarios'] === true ? ['--no-scenarios'] : []),
    ...explored,
    ...(flags.path === undefined ? [] : [`--path ${shellWord(flags.path)}`]),
  ];
  const outcome = await runCertification(
    {
      adapter: flags.adapter,
      mode: flags.mode,
      ...(dialect === 'json' ? {} : { dialect }),
      outDir,
      names: flags.name === undefined ? [] : [flags.name],
      deadlineMs,
      quietMs,
      startTimeoutMs,
      cwd: io.cwd,
      replayCommand: [...replay, ...(shardSlice === undefined ? [] : [`--shard ${shardSlice.index}/${shardSlice.total}`]), ...wholeRun].join(' '),
      // A counterexample's replay writes beside the reports it debugs, not over them.
      replayBase: [...asRun, `--out ${shellWord(join(out, COUNTEREXAMPLE_REPLAY_DIR))}`, ...explored.filter((f) => !f.startsWith('--seed'))].join(' '),
      // Every shard records the seed; only the last one runs the property run (runCertification decides).
      properties: asked,
      scenarios: flags['no-scenarios'] !== true,
      // Without --out: the merged reports live wherever `switchboard merge` put them, not in this shard's folder.
      ...(shardSlice === undefined ? {} : { shard: { ...shardSlice, wholeRunCommand: [...asRun, ...wholeRun].join(' ') } }),
      ...(logFile === undefined ? {} : { logFile }),
      ...(flags['wire-log'] === true ? { wireLog: { maxBytes: DEFAULT_WIRE_LOG_MAX_BYTES } } : {}),
      ...labFaultOf(io.env['SWITCHBOARD_TEST_LAB_FAULT']),
      ...(signingKey === undefined ? {} : { signingKey }),
      ...(io.signal === undefined ? {} : { signal: io.signal }),
    },
    { stdout: io.stdout, color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined },
  );
  await reportToGithub(outcome.certificate, io);
  // Stopped by a signal: the shell's convention, 128 + the signal's number.
  const interruption = outcome.certificate.interruption;
  if (interruption !== null) return 128 + (interruption.signal === 'SIGTERM' ? 15 : interruption.signal === 'SIGHUP' ? 1 : 2);
  return outcome.exitCode;
}

/** A `--name` that selects no scenario of the mode would certify nothing: a usage error before anything starts. */
async function checkNameSelects(name: string, mode: TelephonyMode): Promise<void> {
  try {
    new RegExp(name);
  } catch (error) {
    throw new UsageError(`--name ${JSON.stringify(name)} is not a regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
  const planned = await plannedScenarios({ tagExpression: modeTagExpression(mode), names: [name] });
  if (planned.length === 0)
    throw new UsageError(`--name ${JSON.stringify(name)} selects no scenario of ${mode} telephony: check the scenario name (certificate.md names each one)`);
}

/** The test-only lab fault the environment asks for ($SWITCHBOARD_TEST_LAB_FAULT). */
function labFaultOf(value: string | undefined): { labFault?: LabFaultPoint } {
  if (value === undefined || value === '') return {};
  const point = LAB_FAULT_POINTS.find((p) => p === value);
  if (point === undefined) throw new UsageError(`$SWITCHBOARD_TEST_LAB_FAULT ${JSON.stringify(value)}: expected one of ${LAB_FAULT_POINTS.join(', ')}`);
  return { labFault: point };
}

/** The property run's settings from the flags, or null with --no-properties. A missing --seed draws a fresh one (printed and recorded). */
function propertySettings(flags: CertifyFlags): PropertySettings | null {
  const given = ['seed', 'path', 'runs', 'time-budget-ms', 'max-time-ms', 'max-commands', 'repeat'].filter((f) => flags[f as keyof CertifyFlags] !== undefined);
  if (flags['no-properties'] === true) {
    if (given.length > 0) throw new UsageError(`--no-properties skips the property run: --${given.join(', --')} would not be used; drop one or the other`);
    return null;
  }
  if (flags.path !== undefined && flags.seed === undefined)
    throw new UsageError('--path replays a counterexample of one seed: give its --seed too (the replay command in the certificate has both)');
  if (flags.path !== undefined && flags.repeat !== undefined) throw new UsageError('--path replays one counterexample once: drop --repeat');
  if (flags.path !== undefined && !/^\d+(:\d+)*(@[A-Za-z0-9+/:=_-]*)?$/.test(flags.path)) {
    throw new UsageError(
      `--path ${JSON.stringify(flags.path)}: expected the path of a counterexample, as the certificate gives it (digits separated by colons, then @ and the commands' replay path)`,
    );
  }
  return {
    seed:
      flags.seed === undefined
        ? randomInt(MAX_PROPERTY_SEED)
        : boundedInteger('--seed', flags.seed, 0, MAX_PROPERTY_SEED, 'a whole number from 0 to 2147483647'),
    ...(flags.path === undefined ? {} : { path: flags.path }),
    runs: flags.runs === undefined ? null : boundedInteger('--runs', flags.runs, 1, 1_000_000, 'a whole number of sequences from 1 to 1000000'),
    timeBudgetMs:
      flags['time-budget-ms'] === undefined
        ? DEFAULT_TIME_BUDGET_MS
        : boundedInteger('--time-budget-ms', flags['time-budget-ms'], 1, 3_600_000, 'a whole number of milliseconds from 1 to 3600000'),
    maxTimeMs:
      flags['max-time-ms'] === undefined
        ? DEFAULT_MAX_TIME_MS
        : boundedInteger('--max-time-ms', flags['max-time-ms'], 1, 3_600_000, 'a whole number of milliseconds from 1 to 3600000'),
    maxCommands:
      flags['max-commands'] === undefined
        ? DEFAULT_MAX_COMMANDS
        : boundedInteger('--max-commands', flags['max-commands'], 1, 200, 'a whole number of commands from 1 to 200'),
    ...(flags.repeat === undefined ? {} : { repeat: boundedInteger('--repeat', flags.repeat, 1, 100, 'a whole number of property runs from 1 to 100') }),
  };
}

const MAX_PROPERTY_SEED = 2 ** 31 - 1;
/** The folder, inside --out, a counterexample's replay command writes to. */
export const COUNTEREXAMPLE_REPLAY_DIR = 'replay-counterexample';
const MAX_SHARDS = 1000;

/** `--shard <index>/<total>`, 1-based as Cucumber counts. */
function shardOf(value: string | undefined): Omit<Shard, 'wholeRunCommand'> | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (match === null || total < 1 || total > MAX_SHARDS || index < 1 || index > total) {
    throw new UsageError(`--shard ${JSON.stringify(value)}: expected <index>/<total> with 1 ≤ index ≤ total ≤ ${MAX_SHARDS}, e.g. 2/4 (shard 2 of 4)`);
  }
  return { index, total };
}

function boundedInteger(flag: string, value: string, min: number, max: number, expected: string): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${expected}`);
  return Number(value);
}

/** As a POSIX shell reads it back: `cmd:python3 adapter.py` needs quotes to stay one argument. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Under GitHub Actions (or with --format github): annotations on stdout, and the step summary appended to $GITHUB_STEP_SUMMARY. */
async function reportToGithub(certificate: Certificate, io: Io): Promise<void> {
  if (io.env['GITHUB_ACTIONS'] !== 'true') return;
  io.stdout.write(`${githubAnnotations(certificate).join('\n')}\n`);
  const summary = io.env['GITHUB_STEP_SUMMARY'];
  if (summary !== undefined && summary !== '') await appendFile(summary, `${githubStepSummary(certificate)}\n`, 'utf8');
}
