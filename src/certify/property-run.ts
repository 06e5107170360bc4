/**
 * The property run inside a certification: runs it on the loaded adapter, turns its result into
 * the certificate's `propertyRun` and `properties`, and writes each counterexample out
 * (reports/counterexamples/<id>.txt, .feature, .yaml, .trace.json).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { TelephonyMode } from '../contract/index.ts';
import type { DialectName } from '../../simulator/index.ts';
import { inThisProcess, type LoadedAdapter } from '../harness/drivers.ts';
import { renderFeature } from '../properties/counterexample-feature.ts';
import { renderScript } from '../properties/counterexample-script.ts';
import { COUNTEREXAMPLES_DIR, counterexampleFiles, renderText } from '../properties/counterexample.ts';
import { propertiesFor } from '../properties/invariants.ts';
import type { PropertyRunResult } from '../properties/run-result.ts';
import { runProperties } from '../properties/run.ts';
import { describe as describeCommand } from '../properties/specs.ts';
import { unappliedFaults } from '../report/certificate.ts';
import type { PropertyResult, PropertyRun } from '../report/certificate-schema.ts';
import { renderSequenceDiagram } from '../report/sequence-diagram.ts';
import { plural } from '../report/terminal.ts';

export interface PropertySettings {
  readonly seed: number;
  /** Replays one case (`--path`). */
  readonly path?: string;
  /** The most sequences (`--runs`); null explores until the time budget ends. */
  readonly runs: number | null;
  readonly timeBudgetMs: number;
  /** `--max-time-ms`: the longest the run may take to reach its minimum. */
  readonly maxTimeMs: number;
  readonly maxCommands: number;
  /** `--repeat`: this many runs, seeds `seed`, `seed + 1`, …; the certificate shows the first that failed and counts failures per invariant. */
  readonly repeat?: number;
}

/** The fewest sequences that judge the invariants (decision 0021): a smaller run judges only what it failed. */
export const MIN_CERTIFYING_SEQUENCES = 1000;
export const DEFAULT_TIME_BUDGET_MS = 10_000;
export const DEFAULT_MAX_TIME_MS = 600_000;
export const DEFAULT_MAX_COMMANDS = 20;
/**
 * The property run's answer and agreement deadline never exceeds this (in process, an adapter
 * answers and agrees in milliseconds; over HTTP, in tens): a hung request or a lasting
 * disagreement must not stall every shrink step for the scenarios' deadline.
 */
export function propertyDeadlineMs(deadlineMs: number, driverKind: string): number {
  return Math.min(deadlineMs, inThisProcess(driverKind) ? 500 : 1000);
}

export interface PropertyRunInput {
  readonly loaded: LoadedAdapter;
  readonly mode: TelephonyMode;
  readonly settings: PropertySettings;
  readonly deadlineMs: number;
  readonly quietMs: number;
  readonly logger: Logger;
  readonly outDir: string;
  /** The certify command line without property flags: the replay command adds them. */
  readonly replayBase: string;
  readonly stdout: NodeJS.WritableStream;
  /** The CTI link's dialect; default json. */
  readonly dialect?: DialectName;
  /** Stops exploring before the next sequence once aborted. */
  readonly signal?: AbortSignal;
}

export interface CertifiedProperties {
  readonly run: PropertyRun;
  readonly results: PropertyResult[];
  readonly raw: PropertyRunResult | null;
}

/** The command line that replays one counterexample: the property run only, this seed and path. */
export function propertyReplayCommand(replayBase: string, seed: number, path: string): string {
  return `${replayBase} --no-scenarios --seed ${seed} --path '${path.replace(/'/g, `'\\''`)}'`;
}

export async function runPropertyCertification(input: PropertyRunInput): Promise<CertifiedProperties> {
  const { settings, mode } = input;
  const out = input.stdout;
  const times = settings.repeat ?? 1;
  const raws: PropertyRunResult[] = [];
  for (let i = 0; i < times; i++) raws.push(await runOnce(input, repeatSeed(settings.seed, i), times === 1 ? '' : ` ${i + 1} of ${times}`));
  // The run the certificate shows: the first that failed (its counterexample), else the first that could not judge, else the last.
  const raw = raws.find((r) => r.outcome.kind === 'failed') ?? raws.find((r) => r.outcome.kind === 'error') ?? raws[raws.length - 1];
  if (raw === undefined) throw new Error('harness bug: no property run');
  const repeats = times === 1 ? undefined : repeatSummary(mode, raws);
  if (repeats !== undefined)
    out.write(
      `\nRepeated ${times} times (seeds ${repeats.seeds.join(', ')}): ${
        Object.entries(repeats.failed)
          .map(([id, n]) => `${id} failed in ${n} of ${times}`)
          .join(', ') || 'every invariant held in every run'
      }\n`,
    );
  const outcome = raw.outcome;
  const run: PropertyRun = {
    seed: raw.seed,
    runsRequested: raw.runsRequested,
    timeBudgetMs: raw.timeBudgetMs,
    maxTimeMs: raw.maxTimeMs,
    maxCommands: raw.maxCommands,
    sequences: raw.sequences,
    durationMs: raw.durationMs,
    interrupted: raw.interrupted,
    minimumSequences: MIN_CERTIFYING_SEQUENCES,
    faults: [...raw.faults],
    faultsApplied: { ...raw.faultsApplied },
    faultsWithheld: { ...raw.faultsWithheld },
    coverage: { ...raw.coverage, counts: { ...raw.coverage.counts }, unreached: [...raw.coverage.unreached] },
    path: raw.path,
    error: outcome.kind === 'error' ? outcome.message : null,
    calibration: raw.calibration,
    setAside: raw.setAside.map((s) => ({ ...s, log: [...s.log] })),
    ...(repeats === undefined ? {} : { repeats }),
  };
  const results: PropertyResult[] = [];
  for (const { id, statement } of propertiesFor(mode)) {
    if (outcome.kind === 'failed' && outcome.counterexample.violation.id === id) {
      const c = outcome.counterexample;
      const replayCommand = propertyReplayCommand(input.replayBase, raw.seed, c.path);
      const context = { mode, seed: raw.seed, replayCommand, statement, reproduced: outcome.reproduced, shrinks: outcome.shrinks };
      const files = counterexampleFiles(id);
      await mkdir(join(input.outDir, COUNTEREXAMPLES_DIR), { recursive: true });
      await writeFile(join(input.outDir, files.text), renderText(c, context), 'utf8');
      await writeFile(join(input.outDir, files.feature), renderFeature(c, context), 'utf8');
      await writeFile(join(input.outDir, files.script), renderScript(c, context), 'utf8');
      await writeFile(join(input.outDir, files.trace), `${JSON.stringify(c.trace, null, 2)}\n`, 'utf8');
      await writeFile(
        join(input.outDir, files.diagram),
        renderSequenceDiagram(c.trace, `${id}: ${statement}`, { step: `${id} holds`, message: c.violation.message }),
        'utf8',
      );
      results.push({
        id,
        statement,
        status: 'failed',
        reason: `the property run found a counterexample: ${c.violation.message.split('\n')[0] ?? ''}`,
        runs: raw.sequences,
        seed: raw.seed,
        counterexample: {
          message: c.violation.message,
          path: c.path,
          commands: c.commands.map((spec) => describeCommand(spec)),
          log: [...c.log],
          reproduced: outcome.reproduced,
          replays: outcome.replays,
          reproductions: outcome.reproductions,
          shrinks: outcome.shrinks,
          files,
        },
        replayCommand,
      });
    } else {
      const reason = notJudgedBecause(run, outcome);
      results.push({
        id,
        statement,
        status: reason === null ? 'passed' : 'not-judged',
        reason,
        runs: raw.sequences,
        seed: raw.seed,
        counterexample: null,
        replayCommand: null,
      });
    }
  }
  return { run, results, raw };
}

/**
 * Why an invariant the run did not fail is still not judged: the run errored, stopped at another
 * invariant's counterexample, replayed one case, explored too few sequences, or never applied a
 * fault the mode's sequences need; null when it held with full evidence.
 */
export function notJudgedBecause(run: PropertyRun, outcome: PropertyRunResult['outcome']): string | null {
  if (outcome.kind === 'error') return `the property run judged nothing: ${outcome.message}`;
  if (outcome.kind === 'failed') return `the run stopped at ${outcome.counterexample.violation.id}'s counterexample after ${plural(run.sequences, 'sequence')}`;
  if (run.path !== null) return 'a replay (--path) judges only the case it replays';
  if (run.sequences < run.minimumSequences)
    return `the run explored ${plural(run.sequences, 'sequence')}, fewer than the ${run.minimumSequences} that judge an invariant${run.interrupted ? ' (raise --max-time-ms)' : ''}`;
  const unapplied = unappliedFaults(run);
  return unapplied === null ? null : `the run never applied ${unapplied}`;
}

/** The seed of repeated run `i` (0 = --seed itself): the next ones in turn, so `--seed S --repeat N` replays the same N runs. */
export function repeatSeed(seed: number, i: number): number {
  return (seed + i) % 2 ** 31;
}

/** How many of the runs each invariant failed in (a run stops at its first failure, so these are at least as many). */
function repeatSummary(mode: TelephonyMode, raws: readonly PropertyRunResult[]): NonNullable<PropertyRun['repeats']> {
  const failed: Record<string, number> = {};
  for (const { id } of propertiesFor(mode)) {
    const n = raws.filter((r) => r.outcome.kind === 'failed' && r.outcome.counterexample.violation.id === id).length;
    if (n > 0) failed[id] = n;
  }
  const errors = raws.filter((r) => r.outcome.kind === 'error').length;
  return { runs: raws.length, seeds: raws.map((r) => r.seed), failed, errors };
}

/** One property run with its progress and outcome on stdout. */
async function runOnce(input: PropertyRunInput, seed: number, which: string): Promise<PropertyRunResult> {
  const { settings, mode } = input;
  const out = input.stdout;
  out.write(
    settings.path === undefined
      ? `\nProperty run${which}: seed ${seed}, ${settings.runs === null ? '' : `up to ${settings.runs} sequences, `}${(settings.timeBudgetMs / 1000).toFixed(0)} s and at least ${MIN_CERTIFYING_SEQUENCES} sequences (at most ${(settings.maxTimeMs / 1000).toFixed(0)} s)\n`
      : `\nProperty run: replaying seed ${seed} path ${settings.path}\n`,
  );
  let dots = 0;
  let raw: PropertyRunResult;
  // The scenarios' last sessions (HTTP) end here; the property run opens its own.
  await input.loaded.releaseSessions();
  try {
    raw = await runProperties({
      mode,
      factory: input.loaded.factory,
      driverKind: input.loaded.kind,
      releaseSessions: () => input.loaded.releaseSessions(),
      ...(input.dialect === undefined ? {} : { dialect: input.dialect }),
      logger: input.logger,
      seed,
      ...(settings.path === undefined ? {} : { path: settings.path }),
      runs: settings.runs,
      timeBudgetMs: settings.timeBudgetMs,
      minimumSequences: MIN_CERTIFYING_SEQUENCES,
      maxTimeMs: settings.maxTimeMs,
      maxCommands: settings.maxCommands,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
      deadlineMs: propertyDeadlineMs(input.deadlineMs, input.loaded.kind),
      quietMs: input.quietMs,
      onSequence: (n) => {
        // A dot per 50 sequences: progress on one line.
        if (Math.floor(n / 50) > dots) {
          dots = Math.floor(n / 50);
          out.write('.');
        }
      },
    });
  } finally {
    await input.loaded.releaseSessions();
  }
  const outcome = raw.outcome;
  out.write(
    outcome.kind === 'passed'
      ? `\n${raw.sequences} sequences, every invariant held (${(raw.durationMs / 1000).toFixed(1)} s)\n`
      : outcome.kind === 'failed'
        ? `\n${outcome.counterexample.violation.id} failed after ${raw.sequences} sequences; shrunk to ${outcome.counterexample.commands.length} commands (${outcome.shrinks} shrinks)${outcome.replays === 0 ? '' : `, reproduced in ${outcome.reproductions} of ${outcome.replays} replays`}\n`
        : `\nthe property run could not judge the adapter: ${outcome.message}\n`,
  );
  return raw;
}
