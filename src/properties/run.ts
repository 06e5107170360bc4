/**
 * The property run: fast-check generates sequences of commands for the claimed mode, its scheduler
 * picks when each request's answer is waited for, the live lab plays them against the real
 * simulator and the adapter under test, and the invariants judge every trace. The first violation
 * stops exploration; the sequence is then shrunk (only failures of the same invariant count),
 * replayed REPLAYS times to learn how often it reproduces, and returned with the seed and path
 * that replay it. Drivable in process; `switchboard certify` runs it after the scenarios.
 */
import fc from 'fast-check';
import type { TelephonyMode } from '../contract/index.ts';
import { inThisProcess } from '../harness/drivers.ts';
import type { PropertySystem } from './commands.ts';
import { addCounts, cellKey, coverageOf } from './coverage.ts';
import { sequences } from './generation.ts';
import { InvariantViolation, type PropertyId } from './invariants.ts';
import { SetupFailure, type LiveSequence } from './live-sequence.ts';
import { LiveLab } from './live.ts';
import type { Settle } from './quiet.ts';
import { initialModel, type PropertyModel } from './model.ts';
import type { FaultKind } from './specs.ts';
import { playSequence, schedulerOf, scheduleSeed } from './play.ts';
import {
  type Counterexample,
  PropertyHarnessError,
  type PropertyOutcome,
  type PropertyRunOptions,
  type PropertyRunResult,
  type SetAside,
} from './run-result.ts';

/** Faults of the CTI link a conformant adapter must survive. Swapped events (reorder) are not among them: one WebSocket keeps
 * its frames in order, and an adapter that drops stale sequence numbers (decision 0003) loses the older one. */
export const DEFAULT_FAULTS: readonly FaultKind[] = ['duplicate', 'delay', 'closeLink'];
export const ALL_FAULTS: readonly FaultKind[] = ['duplicate', 'reorder', 'delay', 'closeLink'];

/** fast-check needs a number of runs: exploring "until the time budget" is this many, which no budget reaches. */
const UNTIL_THE_BUDGET = 100_000_000;

function settleFor(driverKind: string): Settle {
  return inThisProcess(driverKind) ? { kind: 'turns', turns: 4 } : { kind: 'silence', ms: 15 };
}

function splitPath(path: string | undefined): { fcPath?: string; replayPath?: string } {
  if (path === undefined) return {};
  const at = path.indexOf('@');
  return at < 0 ? { fcPath: path } : { fcPath: path.slice(0, at), replayPath: path.slice(at + 1) };
}

type Captured = Omit<Counterexample, 'path'>;

/**
 * The replay path of a shrunk command sequence. fast-check hands it out only in the value's printed
 * form (`… /*replayPath="…"*\/`, as its docs on model-based testing show), so it is read from
 * fc.stringify, fast-check's public printer.
 */
function replayPathOf(commands: unknown): string {
  return /replayPath="([^"]*)"/.exec(fc.stringify(commands))?.[1] ?? '';
}

/** How many times a failure, shrunk, is replayed on its own to learn how often it reproduces. */
export const REPLAYS = 5;
/** Invariants only a deadline decides: a violation of one that never reproduces is set aside, with its evidence, and the run explores again. */
const TIMING_ONLY: readonly PropertyId[] = ['OCTI-PROP-005'];

export async function runProperties(options: PropertyRunOptions): Promise<PropertyRunResult> {
  const started = performance.now();
  const lab = await LiveLab.start({
    factory: options.factory,
    mode: options.mode,
    logger: options.logger,
    deadlineMs: options.deadlineMs,
    quietMs: options.quietMs,
    settle: settleFor(options.driverKind),
    ...(options.releaseSessions === undefined ? {} : { releaseSessions: options.releaseSessions }),
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
  });
  const wanted = options.faults ?? DEFAULT_FAULTS;
  const faults = wanted.filter((f) => f !== 'closeLink' || lab.fastReconnect);
  // A fault the lab could not inject is still one the run needed: it counts as never applied, saying why.
  const withheld = wanted
    .filter((f) => !faults.includes(f))
    .map((f) => [f, "the adapter refused the lab's short reconnect settings (reconnectMinMs, reconnectMaxMs), so no link was dropped"] as const);
  const setAside: SetAside[] = [];
  try {
    let seed = options.seed;
    let explored = await explore(lab, options, faults, options.path);
    let sequences = explored.sequences;
    const applied = new Map(explored.faultsApplied);
    const reached = new Map(explored.coverage);
    const result = (outcome: PropertyOutcome): PropertyRunResult => ({
      faultsApplied: Object.fromEntries(wanted.map((f) => [f, applied.get(f) ?? 0])),
      faultsWithheld: Object.fromEntries(withheld),
      coverage: coverageOf(reached, options.mode, faults),
      mode: options.mode,
      seed,
      runsRequested: options.runs,
      timeBudgetMs: options.timeBudgetMs,
      maxTimeMs: Math.max(options.timeBudgetMs, options.maxTimeMs ?? 0),
      maxCommands: options.maxCommands,
      faults: wanted,
      path: options.path ?? null,
      stats: lab.stats,
      sequences,
      interrupted: explored.interrupted,
      exploringMs: explored.exploringMs,
      durationMs: Math.round(performance.now() - started),
      outcome,
      calibration: lab.clock.calibration(),
      setAside,
    });
    for (;;) {
      if (explored.outcome.kind !== 'failed' || options.path !== undefined) return result(explored.outcome);
      const found = explored.outcome.counterexample;
      // Replay the shrunk case on its own, as the replay command will, several times: how often it fails tells a race from bad luck.
      let reproductions = 0;
      for (let i = 0; i < REPLAYS; i++) {
        const again = await explore(lab, { ...options, seed, runs: 1 }, faults, found.path);
        if (again.outcome.kind === 'failed' && again.outcome.counterexample.violation.id === found.violation.id) reproductions++;
      }
      const outcome: PropertyOutcome = { ...explored.outcome, reproduced: reproductions > 0, replays: REPLAYS, reproductions };
      // A logical invariant violated once is a failure (adapters have races); a deadline missed once, never again, and only once in the run, is not.
      if (!TIMING_ONLY.includes(found.violation.id) || reproductions > 0 || setAside.length > 0) return result(outcome);
      setAside.push({ seed, path: found.path, message: found.violation.message, replays: REPLAYS, calibration: lab.clock.calibration(), log: found.log });
      seed = (seed + 1) | 0;
      explored = await explore(lab, { ...options, seed }, faults, undefined);
      sequences += explored.sequences;
      addCounts(applied, explored.faultsApplied);
      addCounts(reached, explored.coverage);
    }
  } finally {
    await lab.stop();
  }
}

interface Explored {
  readonly sequences: number;
  readonly interrupted: boolean;
  readonly exploringMs: number;
  /** Faults the switch applied by kind, until the first failure (shrinking not counted). */
  readonly faultsApplied: ReadonlyMap<string, number>;
  /** Requests per coverage cell (src/properties/coverage.ts), until the first failure (shrinking not counted). */
  readonly coverage: ReadonlyMap<string, number>;
  readonly outcome: PropertyOutcome;
}

async function explore(lab: LiveLab, options: PropertyRunOptions, faults: readonly FaultKind[], path: string | undefined): Promise<Explored> {
  const started = performance.now();
  const appliedBefore = new Map(lab.faultsApplied);
  let exploringMs: number | undefined;
  let appliedAtFailure: Map<string, number> | undefined;
  const coverage = new Map<string, number>();
  const { fcPath, replayPath } = splitPath(path);
  const replaying = fcPath !== undefined;
  const state: {
    focus: PropertyId | undefined;
    sequences: number;
    captured: Captured | undefined;
    setup: string | undefined;
    inFlight: boolean;
    abandoned: boolean;
  } = {
    focus: undefined,
    sequences: 0,
    captured: undefined,
    setup: undefined,
    inFlight: false,
    abandoned: false,
  };
  const arbitrary = sequences({ mode: options.mode, faults, maxCommands: options.maxCommands, ...(replayPath === undefined ? {} : { replayPath }) });

  // fast-check's time limit abandons the sequence in progress rather than waiting for it: the run waits for it (below) before the lab is used again.
  let running: Promise<void> = Promise.resolve();
  const property = fc.asyncProperty(scheduleSeed, arbitrary, (schedule, commands) => {
    state.inFlight = true;
    const sequence = playOne(schedule, commands).finally(() => {
      state.inFlight = false;
    });
    running = sequence.catch(() => undefined);
    return sequence;
  });
  const minimum = options.minimumSequences ?? 0;
  const enough = (): boolean => performance.now() - started >= options.timeBudgetMs && state.sequences >= minimum;
  const playOne = async (schedule: number, commands: Iterable<fc.AsyncCommand<PropertyModel, PropertySystem>>): Promise<void> => {
    // Explored for the budget and the minimum: stop before this sequence (fast-check's public way to interrupt a run).
    // A signal stops shrinking too: the smallest counterexample so far is kept.
    if (!replaying && ((state.focus === undefined && enough()) || options.signal?.aborted === true)) throw new fc.PreconditionFailure(true);
    const scheduler = schedulerOf(schedule);
    if (state.focus === undefined) state.sequences++;
    let sequence: LiveSequence;
    try {
      sequence = await lab.begin();
    } catch (error) {
      if (error instanceof SetupFailure) state.setup ??= error.message;
      throw error;
    }
    const system: PropertySystem = {
      scheduler,
      outstanding: new Map(),
      ran: [],
      stimulus: (spec) => sequence.stimulus(spec),
      reached: (cell) => {
        const key = cellKey(cell);
        if (state.focus === undefined && !state.abandoned) coverage.set(key, (coverage.get(key) ?? 0) + 1);
      },
      request: async (spec) => {
        await sequence.request(spec);
      },
      fault: (spec) => sequence.fault(spec),
    };
    try {
      try {
        await playSequence(scheduler, initialModel(options.mode), system, commands);
      } finally {
        await lab.finish(sequence);
      }
    } catch (error) {
      if (!(error instanceof InvariantViolation)) throw error;
      if (state.abandoned) return;
      // While shrinking, only the invariant that failed first counts: the counterexample stays about it.
      if (state.focus !== undefined && error.violation.id !== state.focus) return;
      exploringMs ??= performance.now() - started;
      appliedAtFailure ??= new Map(lab.faultsApplied);
      state.focus = error.violation.id;
      state.captured = {
        violation: error.violation,
        commands: [...system.ran],
        log: [...sequence.log],
        trace: [...sequence.trace.entries],
        ordinals: sequence.ordinals(),
      };
      throw error;
    }
    if (state.focus === undefined && !state.abandoned) options.onSequence?.(state.sequences);
  };

  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: replaying ? 1 : (options.runs ?? UNTIL_THE_BUDGET),
    ...(replaying
      ? { path: fcPath, endOnFailure: true }
      : { interruptAfterTimeLimit: Math.max(options.timeBudgetMs, options.maxTimeMs ?? 0), markInterruptAsFailure: false }),
  });
  const appliedAtEnd = new Map(lab.faultsApplied);
  if (state.inFlight) {
    // The sequence the time limit cut short is not judged: it ends before the lab is used again, and does not count.
    state.abandoned = true;
    await running;
    if (state.focus === undefined) state.sequences--;
  }
  const appliedNow = (details.failed ? appliedAtFailure : undefined) ?? appliedAtEnd;
  const faultsApplied = new Map([...appliedNow].map(([kind, count]) => [kind, count - (appliedBefore.get(kind) ?? 0)]));
  const explored = { sequences: state.sequences, exploringMs: Math.round(exploringMs ?? performance.now() - started), faultsApplied, coverage };
  if (!details.failed) return { ...explored, interrupted: details.interrupted, outcome: { kind: 'passed' } };
  if (state.setup !== undefined) return { ...explored, interrupted: false, outcome: { kind: 'error', message: state.setup } };
  // fast-check counts a time limit that ends the run before any sequence passed as a failure.
  if (details.interrupted && state.captured === undefined)
    return {
      ...explored,
      interrupted: true,
      outcome: { kind: 'error', message: `the time budget (${options.timeBudgetMs} ms) ended before one sequence was judged` },
    };
  const captured = state.captured;
  if (captured === undefined || details.counterexample === null) {
    // Not the adapter's doing: the lab's own failure, which the certification reports as verdict error.
    throw new PropertyHarnessError('the property run failed outside the invariants (a harness error)', { cause: details.errorInstance });
  }
  const counterPath = replaying ? (path ?? '') : `${details.counterexamplePath ?? ''}@${replayPathOf(details.counterexample[1])}`;
  return {
    ...explored,
    interrupted: false,
    outcome: {
      kind: 'failed',
      counterexample: { ...captured, path: counterPath },
      shrinks: details.numShrinks,
      reproduced: replaying,
      replays: 0,
      reproductions: 0,
    },
  };
}

/** The same commands on the model alone (no simulator, no adapter): what the benchmark compares with. */
export async function runModelOnly(options: {
  readonly mode: TelephonyMode;
  readonly seed: number;
  readonly runs: number;
  readonly maxCommands: number;
  readonly faults?: readonly FaultKind[];
}): Promise<{ sequences: number; durationMs: number }> {
  const started = performance.now();
  let count = 0;
  const arbitrary = sequences({ mode: options.mode, faults: options.faults ?? DEFAULT_FAULTS, maxCommands: options.maxCommands });
  const property = fc.asyncProperty(scheduleSeed, arbitrary, async (schedule, commands) => {
    const scheduler = schedulerOf(schedule);
    count++;
    const system: PropertySystem = {
      scheduler,
      outstanding: new Map(),
      ran: [],
      stimulus: () => undefined,
      request: () => Promise.resolve(),
      fault: () => undefined,
    };
    await playSequence(scheduler, initialModel(options.mode), system, commands);
  });
  await fc.assert(property, { seed: options.seed, numRuns: options.runs });
  return { sequences: count, durationMs: performance.now() - started };
}

/** The commands a seed generates, in words (for "same seed, same sequence"). */
export function sampleSequences(options: {
  readonly mode: TelephonyMode;
  readonly seed: number;
  readonly count: number;
  readonly maxCommands: number;
  readonly faults?: readonly FaultKind[];
}): string[][] {
  const arbitrary = sequences({ mode: options.mode, faults: options.faults ?? DEFAULT_FAULTS, maxCommands: options.maxCommands });
  return fc.sample(arbitrary, { seed: options.seed, numRuns: options.count }).map((commands) => [...commands].map((c) => String(c)));
}
