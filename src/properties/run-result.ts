/**
 * What a property run is asked (its options) and what it answers: passed, failed with a shrunk
 * counterexample, or not judged, with what was explored and what was set aside.
 */
import type { DialectName } from '../../simulator/index.ts';
import type { Logger } from 'pino';
import type { AdapterFactory, TelephonyMode } from '../contract/index.ts';
import type { Calibration } from '../harness/lab-clock.ts';
import type { TraceEntry } from '../harness/trace.ts';
import type { PropertyCoverage } from './coverage.ts';
import type { Violation } from './invariants.ts';
import type { LiveStats } from './live.ts';
import type { CommandSpec, FaultKind } from './specs.ts';
export interface PropertyRunOptions {
  readonly mode: TelephonyMode;
  readonly factory: AdapterFactory;
  /** The driver (`reference`, `module`, `http`, `cmd`, `image`): in-process drivers settle in event-loop turns, remote ones in silence. */
  readonly driverKind: string;
  /** Ends every adapter session opened so far (HTTP): each sequence's desktops end with it. */
  readonly releaseSessions?: () => Promise<void>;
  readonly logger: Logger;
  readonly seed: number;
  /** Replays one case: fast-check's path and the commands' replay path, as `<path>@<replayPath>`. */
  readonly path?: string;
  /** How many sequences at most; null explores until the time budget ends. */
  readonly runs: number | null;
  /** Exploration goes on until this long has passed (the sequences so far count)… */
  readonly timeBudgetMs: number;
  /** …and until this many sequences were explored (default 0): a slow machine or adapter takes longer, not a smaller run. */
  readonly minimumSequences?: number;
  /** …but never longer than this (default: the time budget): the run then stops short of its minimum. */
  readonly maxTimeMs?: number;
  /** Once aborted, exploration stops before the next sequence (a SIGINT). */
  readonly signal?: AbortSignal;
  readonly maxCommands: number;
  /** The CTI link's dialect; default json. */
  readonly dialect?: DialectName;
  /** How long a request may take to answer, and the desktops to agree with the switch. */
  readonly deadlineMs: number;
  /** Silence that ends the wait when desktops never agree. */
  readonly quietMs: number;
  /** Link faults to inject; default all a conformant adapter must survive (closeLink only if it accepts short reconnect timeouts). */
  readonly faults?: readonly FaultKind[];
  /** Called after each sequence explored (not shrinking), with how many so far. */
  readonly onSequence?: (sequences: number) => void;
}

/** A failing sequence, shrunk: what it did and what broke. */
export interface Counterexample {
  readonly violation: Violation;
  /** The commands that ran, in order. */
  readonly commands: readonly CommandSpec[];
  /** What happened, in order and in words: commands, the switch's refusals, faults, answers as the sequence saw them. */
  readonly log: readonly string[];
  /** The sequence's trace. */
  readonly trace: readonly TraceEntry[];
  /** The ordinal in the sequence (1 = first) of each call the switch created, by switch call id. */
  readonly ordinals: Readonly<Record<string, number>>;
  /** `<fast-check path>@<commands replay path>`: with the seed, replays this case. */
  readonly path: string;
}

/** The property run failed outside the invariants and the adapter's set-up: a bug in the lab. */
export class PropertyHarnessError extends Error {
  override readonly name = 'PropertyHarnessError';
}

export type PropertyOutcome =
  | { readonly kind: 'passed' }
  | {
      readonly kind: 'failed';
      readonly counterexample: Counterexample;
      readonly shrinks: number;
      /** True when at least one fresh replay of the shrunk case failed the same invariant. */
      readonly reproduced: boolean;
      /** Fresh replays of the shrunk case (0 when this run was itself a replay), and how many failed the same invariant. */
      readonly replays: number;
      readonly reproductions: number;
    }
  /** The lab could not run a sequence: the adapter would not open or subscribe with the lab's settings. */
  | { readonly kind: 'error'; readonly message: string };

export interface PropertyRunResult {
  readonly mode: TelephonyMode;
  readonly seed: number;
  readonly runsRequested: number | null;
  readonly timeBudgetMs: number;
  readonly maxTimeMs: number;
  readonly maxCommands: number;
  /** Sequences explored (the failing one included, shrinking not). */
  readonly sequences: number;
  readonly durationMs: number;
  /** Time spent exploring: until the first failure when one was found (shrinking and the replay not counted). */
  readonly exploringMs: number;
  /** True when the time budget ended exploration before `runsRequested`. */
  readonly interrupted: boolean;
  /** The link faults the run needed (the options', default DEFAULT_FAULTS). */
  readonly faults: readonly FaultKind[];
  /** How many times the switch applied each fault kind while exploring (shrinking and the replay not counted). */
  readonly faultsApplied: Readonly<Record<string, number>>;
  /** Faults the lab could not inject into this adapter's sequences, and why. */
  readonly faultsWithheld: Readonly<Record<string, string>>;
  /** The request × state × fault combinations exploring reached (shrinking and the replays not counted). */
  readonly coverage: PropertyCoverage;
  /** Set when this run replayed one case. */
  readonly path: string | null;
  readonly outcome: PropertyOutcome;
  /** Where the live run spent its time. */
  readonly stats: LiveStats;
  /** The lab's own lateness over the run, and the deadlines it extended (decision 0023). */
  readonly calibration: Calibration;
  /** Deadline-only violations that never reproduced: the run explored again with the next seed; their evidence. */
  readonly setAside: readonly SetAside[];
}

/** A deadline-only violation that did not reproduce in any replay, kept as evidence. */
export interface SetAside {
  readonly seed: number;
  readonly path: string;
  readonly message: string;
  readonly replays: number;
  /** The lab's lateness up to then. */
  readonly calibration: Calibration;
  readonly log: readonly string[];
}
