/**
 * OCTI-LINK-003: how an adapter retries while the CTI server refuses it (decision 0120). The times
 * are the switch's: when the link was dropped, when each refused session start reached the
 * simulator, and when the desktop heard the link was back. Lower bounds (spacing, growth) are
 * judged on the plain clock, which the lab's own lateness can only lengthen; upper bounds (the first
 * retries, the cap) on the lab's clock, its stalls not counted (decision 0023), with a margin for
 * the lateness the lab cannot see (an adapter's own process, the loopback).
 */
import { LabClock } from './lab-clock.ts';
import type { Trace, TraceEntry } from './trace.ts';

export interface ReconnectWaits {
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
}

/**
 * What an upper bound allows for the lateness the lab cannot measure: an adapter process scheduled
 * late, a slow loopback. Generous on purpose (a loaded 2-core machine has stalled a process for
 * seconds, decision 0070): the upper bounds are there to catch a backoff with no cap or one that
 * starts at the cap (at the scenario's 20–640 ms, 1,920 ms or more for the first three attempts
 * against the 1,280 allowed), not to time an adapter to the millisecond.
 */
export const BACKOFF_MARGIN_MS = 1000;
/** Timers round to the millisecond: a wait of N ms can come due a little under N ms after it was set. */
const TIMER_ROUNDING_MS = 1;
/** The first retries counted together (their waits at most 2, 4 and 8 times the floor). */
const EARLY_RETRIES = 3;

/** What the switch saw of one outage, in performance.now() milliseconds. */
export interface Outage {
  readonly lost: number;
  /** Each refused session start, in order. */
  readonly refused: readonly number[];
  /** When the desktop got the CONNECTED snapshot; undefined while it has not. */
  readonly back: number | undefined;
}

/** How long the lab was stalled between two times (LabClock.stalledBetween). */
export type Stalls = (from: number, to: number) => number;

const ms = (value: number): string => `${Math.round(value)} ms`;

/**
 * What the adapter did wrong over `outage`, which refused `refusals` session starts, against the
 * waits it was given; empty when it kept trying, backed off within them and came back.
 */
export function backoffProblems(outage: Outage, waits: ReconnectWaits, refusals: number, stalled: Stalls): string[] {
  const { reconnectMinMs: min, reconnectMaxMs: max } = waits;
  const { lost, refused, back } = outage;
  if (refused.length < refusals)
    return [`expected ${refusals} refused reconnect attempts and then one that succeeds, but the adapter stopped trying after ${refused.length}`];
  if (back === undefined) return [`the switch refused ${refusals} attempts, then took the next, but the desktop never heard the link was back (CONNECTED)`];
  const times = [lost, ...refused.slice(0, refusals), back];
  const gaps = times.slice(1).map((at, i) => ({ n: i + 1, raw: at - (times[i] ?? at), listened: at - (times[i] ?? at) - stalled(times[i] ?? at, at) }));
  const problems: string[] = [];
  for (const gap of gaps.filter((g) => g.raw < min - TIMER_ROUNDING_MS))
    problems.push(`attempt ${gap.n} came ${ms(gap.raw)} after the previous one (or the loss): sooner than reconnectMinMs (${min} ms)`);
  const early = times[EARLY_RETRIES];
  if (early !== undefined && refusals >= EARLY_RETRIES) {
    const allowed = min * (2 + 4 + 8) + BACKOFF_MARGIN_MS;
    const took = early - lost - stalled(lost, early);
    if (took > allowed)
      problems.push(
        `the first ${EARLY_RETRIES} attempts took ${ms(took)} after the loss: waits that start at reconnectMinMs and at most double allow ${ms(min * 14)} (+${BACKOFF_MARGIN_MS} ms margin)`,
      );
  }
  // The last gap also holds the resync (monitors, snapshots): only the refused attempts show the waits alone.
  const longest = Math.max(...gaps.slice(0, -1).map((g) => g.raw));
  if (longest < 4 * min)
    problems.push(`the waits never grew: over ${refusals} refused attempts the longest wait was ${ms(longest)}, never 4 × reconnectMinMs (${4 * min} ms)`);
  for (const gap of gaps.filter((g) => g.listened > max + BACKOFF_MARGIN_MS))
    problems.push(
      gap.n === gaps.length
        ? `the server took the session again, but the link was back only ${ms(gap.listened)} after the last refused attempt: longer than reconnectMaxMs (${max} ms, +${BACKOFF_MARGIN_MS} ms margin)`
        : `attempt ${gap.n} came ${ms(gap.listened)} after the previous one: longer than reconnectMaxMs (${max} ms, +${BACKOFF_MARGIN_MS} ms margin)`,
    );
  return problems;
}

function isFault(entry: TraceEntry, action: string, frameName?: string): boolean {
  return (
    entry.kind === 'switch' &&
    entry.event['name'] === 'Fault' &&
    entry.event['action'] === action &&
    (frameName === undefined || entry.event['frameName'] === frameName)
  );
}

/**
 * Watches one scenario's trace for an outage of `dn`'s link and times it as it happens: the drop, the
 * refused session starts, the CONNECTED snapshot after them. Owns the lab's clock it times on.
 */
export class BackoffWatch {
  readonly waits: ReconnectWaits;
  readonly #clock = new LabClock();
  readonly #stop: () => void;
  #lost: number | undefined;
  readonly #refused: number[] = [];
  #back: number | undefined;

  constructor(trace: Trace, waits: ReconnectWaits) {
    this.waits = waits;
    this.#stop = trace.onRecord(() => {
      const entry = trace.entries.at(-1);
      if (entry !== undefined) this.#note(entry, performance.now());
    });
  }

  #note(entry: TraceEntry, now: number): void {
    if (this.#lost === undefined) {
      if (isFault(entry, 'closeLink')) this.#lost = now;
      return;
    }
    if (isFault(entry, 'refuse', 'StartApplicationSession')) this.#refused.push(now);
    else if (
      this.#back === undefined &&
      entry.kind === 'delivered' &&
      entry.event['pyEventType'] === 'SnapshotEvent' &&
      entry.event['pyLinkState'] === 'CONNECTED'
    )
      this.#back = now;
  }

  /** The outage so far; undefined before the link dropped. */
  outage(): Outage | undefined {
    return this.#lost === undefined ? undefined : { lost: this.#lost, refused: [...this.#refused], back: this.#back };
  }

  problems(refusals: number): string[] {
    const outage = this.outage();
    if (outage === undefined) return ['the CTI link never dropped'];
    return backoffProblems(outage, this.waits, refusals, (from, to) => this.#clock.stalledBetween(from, to));
  }

  stop(): void {
    this.#stop();
    this.#clock.stop();
  }
}
