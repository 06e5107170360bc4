/**
 * What one sequence leaves behind for the invariants: the trace (requests, outcomes, deliveries and
 * the switch's events, in the order they happened), each request with its one outcome, and which
 * desktops were already subscribed when the sequence began.
 */
import type { ActivityName, ActivityResult, AdapterPage, TelephonyMode } from '../contract/index.ts';
import type { TraceEntry } from '../harness/trace.ts';

export type Outcome =
  | { readonly kind: 'result'; readonly result: ActivityResult }
  /** The activity rejected, or resolved to something that is not a result of the contract. */
  | { readonly kind: 'threw'; readonly message: string }
  /** No answer within the deadline. */
  | { readonly kind: 'timeout'; readonly afterMs: number };

export interface RequestRecord {
  readonly desktop: string;
  readonly extension: string;
  readonly activity: ActivityName;
  readonly page: AdapterPage;
  /** Index of the request's entry in the trace. */
  readonly entry: number;
  /** Made by the lab to restore the baseline (open, subscribed) before the sequence's commands. */
  readonly baseline: boolean;
  outcome?: Outcome;
  /** Index of the outcome's entry in the trace (absent for a timeout). */
  outcomeEntry?: number;
}

export interface SequenceRecord {
  readonly mode: TelephonyMode;
  readonly entries: readonly TraceEntry[];
  /** The desktops, each working on its own extension. */
  readonly desktops: readonly { readonly name: string; readonly extension: string }[];
  /** Desktops subscribed to their extension since before the sequence's first entry. */
  readonly subscribedAtStart: ReadonlySet<string>;
  readonly requests: readonly RequestRecord[];
  /**
   * False when events reach the harness on other connections than request answers (the HTTP face:
   * each event is a POST of its own), so an event the adapter sent before answering may arrive after
   * the answer. In process, the order the adapter delivers in is the order recorded.
   */
  readonly answersOrderedWithEvents: boolean;
  /**
   * Desktops whose CTI link a fault dropped, or whose events it swapped, in this sequence: some events
   * may be lost to them. Each with the trace length when it first happened (what the adapter tells the desktop of it comes after).
   */
  readonly linkLost: ReadonlyMap<string, number>;
}

export function isOk(record: RequestRecord): boolean {
  return record.outcome?.kind === 'result' && record.outcome.result.ok;
}

/**
 * The adapter's answer says the switch's part is unknown: a timeout, or the link lost while the
 * request was in flight (408, 503). Decision 0010: an unanswered LoginAgent keeps its monitor, since
 * the ACD may have logged the agent in — so its window may stay open, as when no answer came.
 */
const OUTCOME_UNKNOWN: ReadonlySet<string> = new Set(['OPENCTI_HTTP_ERROR_408', 'OPENCTI_HTTP_ERROR_503']);

/** A definite answer: a result that is not one of the "outcome unknown" failures. */
export function isSettled(record: RequestRecord): boolean {
  const outcome = record.outcome;
  if (outcome?.kind !== 'result') return false;
  return outcome.result.ok || !OUTCOME_UNKNOWN.has(outcome.result.errCode);
}
