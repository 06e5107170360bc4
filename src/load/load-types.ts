/**
 * What a load run reports as it goes (progress) and at the end (counts, latency, the verdict), and
 * what it is handed to run.
 */
import type { Logger } from 'pino';
import type { LoadConfig } from './config.ts';
import type { Histogram, LatencySummary } from './latency.ts';
import type { LedgerCounts } from './ledger-counts.ts';

export interface Progress {
  readonly elapsedMs: number;
  readonly phase: 'setup' | 'traffic' | 'drain';
  readonly offered: number;
  readonly planned: number;
  readonly answered: number;
  readonly waiting: number;
  readonly eventsPerSecond: number;
  readonly latency: LatencySummary;
  /** Notifications the switch owes the desktops that have not arrived yet (in flight, or lost). */
  readonly behind: number;
  /** Duplicated or invented notifications so far (must stay 0). */
  readonly duplicates: number;
}

export interface LoadCounts {
  /** Customer calls placed into the queues, or dialled to an agent on a call. */
  readonly callsOffered: number;
  /** Of those, the calls dialled to an agent on a call, which rang beside it (call waiting, decision 0061). */
  readonly callsWaiting: number;
  /** Calls answered at an extension. */
  readonly callsAnswered: number;
  /** Calls completed (cleared) by the end of the run. */
  readonly callsCompleted: number;
  readonly desktop: LedgerCounts;
  /** Control verbs the load's own agents and callers had refused by the switch (0 unless the switch or the load is wrong). */
  readonly switchRefusals: number;
}

export type LoadVerdict = { readonly kind: 'correct' } | { readonly kind: 'incorrect'; readonly problems: readonly string[] };

export interface LoadResult {
  readonly config: LoadConfig;
  readonly adapter: { readonly spec: string; readonly identity: Readonly<Record<string, string>> };
  readonly startedAt: string;
  readonly wallMs: number;
  /** Offered load per agent (above 1 the queues only grow). */
  readonly utilisation: number;
  readonly counts: LoadCounts;
  readonly latencyMs: LatencySummary;
  readonly histogram: Histogram;
  readonly eventsPerSecond: { readonly mean: number; readonly peak: number };
  /** How the run ended its drain: everything settled, or a deadline passed with work outstanding. */
  readonly drain: 'settled' | 'switchStalled' | 'desktopsBehind';
  readonly verdict: LoadVerdict;
}

export interface LoadDeps {
  /** Where relative module paths resolve and cmd: adapters run. */
  readonly cwd: string;
  /** Called once per second while the run goes. */
  readonly onProgress?: (progress: Progress) => void;
  /** Adapter and simulator logs; default silent. */
  readonly logger?: Logger;
  /** How many desktops open at once during set-up. */
  readonly openConcurrency?: number;
}

/** A desktop could not open, monitor or log in during set-up: the adapter cannot be loaded at all (exit 2). */
export class LoadSetupFailed extends Error {
  override readonly name = 'LoadSetupFailed';
}
