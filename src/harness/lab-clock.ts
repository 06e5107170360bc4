/**
 * The lab's own lateness, measured while it runs (decision 0023). A tick every few milliseconds
 * notes how late the event loop ran it: time the harness, the simulator it hosts, or a machine
 * busy with other work kept the lab from reading what the adapter sent. Deadlines that judge the
 * adapter run on this clock: they count only the time the lab was listening, so an adapter is
 * never failed because the lab itself was late.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** What the lab measured of itself over a run: recorded in the certificate beside the verdict. */
export interface Calibration {
  /** How often the lab checked its own lateness. */
  readonly tickMs: number;
  /** Event-loop delay over the run (perf_hooks), milliseconds. */
  readonly loopDelayP50Ms: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  /** Stalls: ticks later than the tolerance, and their total and longest. */
  readonly stalls: number;
  readonly stalledMs: number;
  readonly longestStallMs: number;
  /** Deadlines that were extended because the lab stalled while they ran, and by how much in all. */
  readonly deadlinesExtended: number;
  readonly extendedMs: number;
}

const TICK_MS = 5;
/** Lateness below this is the timer's ordinary jitter, not a stall. */
const TOLERANCE_MS = 3;
/** Stalls kept: enough to cover any deadline (the oldest are forgotten). */
const KEPT = 4096;
/** perf_hooks samples the loop this often; what it records is the whole interval, the resolution included. */
const HISTOGRAM_RESOLUTION_MS = 10;
/** However late the lab, a deadline ends after this many times its length: an adapter that blocks a shared event loop still ends. */
export const MOST_EXTENSION = 20;

interface Stall {
  readonly from: number;
  readonly to: number;
}

export class LabClock {
  readonly #stalls: Stall[] = [];
  readonly #histogram: IntervalHistogram;
  readonly #timer: NodeJS.Timeout;
  readonly #now: () => number;
  #expected: number;
  #count = 0;
  #stalledMs = 0;
  #longest = 0;
  #extended = 0;
  #extendedMs = 0;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#expected = now() + TICK_MS;
    this.#histogram = monitorEventLoopDelay({ resolution: HISTOGRAM_RESOLUTION_MS });
    this.#histogram.enable();
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    // The clock never keeps the process alive.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#histogram.disable();
  }

  /** Notes a stall from `from` to `to` (the tick's own lateness, or a deadline timer's). */
  #note(from: number, to: number): void {
    if (to - from <= TOLERANCE_MS) return;
    const last = this.#stalls[this.#stalls.length - 1];
    // A deadline timer and the tick may see the same stall: count its time once.
    const start = last === undefined ? from : Math.max(from, last.to);
    if (to <= start) return;
    this.#stalls.push({ from: start, to });
    if (this.#stalls.length > KEPT) this.#stalls.shift();
    this.#count++;
    this.#stalledMs += to - start;
    this.#longest = Math.max(this.#longest, to - from);
  }

  #tick(): void {
    const now = this.#now();
    this.#note(this.#expected, now);
    this.#expected = now + TICK_MS;
  }

  /** How long the lab was stalled between `from` and `to`. */
  stalledBetween(from: number, to: number): number {
    let total = 0;
    for (let i = this.#stalls.length - 1; i >= 0; i--) {
      const stall = this.#stalls[i];
      if (stall === undefined || stall.to <= from) break;
      total += Math.max(0, Math.min(stall.to, to) - Math.max(stall.from, from));
    }
    return total;
  }

  /**
   * Calls `fire` once the lab has listened for `ms` since now: its own stalls meanwhile do not
   * count. When the timer comes due, what arrived while the lab was late is read first (one turn
   * of the event loop) — an answer that is waiting in a socket is not late. Returns a cancel function.
   */
  after(ms: number, fire: () => void): () => void {
    const start = this.#now();
    let timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
    let cancelled = false;
    const arm = (wait: number): void => {
      const due = this.#now() + wait;
      timer = setTimeout(() => {
        const now = this.#now();
        this.#note(due, now);
        const listened = now - start - this.stalledBetween(start, now);
        if (listened < ms && now - start < ms * MOST_EXTENSION) {
          this.#extended++;
          this.#extendedMs += ms - listened;
          arm(ms - listened);
          return;
        }
        timer = setImmediate(() => {
          if (!cancelled) fire();
        });
      }, wait);
    };
    arm(ms);
    return () => {
      cancelled = true;
      if (timer !== undefined) {
        clearTimeout(timer as NodeJS.Timeout);
        clearImmediate(timer as NodeJS.Immediate);
      }
    };
  }

  /** Resolves with `late` unless `promise` settles before the lab has listened for `ms`. */
  deadline<T>(promise: Promise<T>, ms: number, late: T): Promise<T> {
    let cancel: (() => void) | undefined;
    const deadline = new Promise<T>((resolve) => {
      cancel = this.after(ms, () => resolve(late));
    });
    return Promise.race([promise, deadline]).finally(() => cancel?.());
  }

  calibration(): Calibration {
    const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e4 - HISTOGRAM_RESOLUTION_MS * 100) / 100);
    const h = this.#histogram;
    const has = h.count > 0;
    return {
      tickMs: TICK_MS,
      loopDelayP50Ms: has ? ms(h.percentile(50)) : 0,
      loopDelayP99Ms: has ? ms(h.percentile(99)) : 0,
      loopDelayMaxMs: has ? ms(h.max) : 0,
      stalls: this.#count,
      stalledMs: Math.round(this.#stalledMs),
      longestStallMs: Math.round(this.#longest),
      deadlinesExtended: this.#extended,
      extendedMs: Math.round(this.#extendedMs),
    };
  }
}
