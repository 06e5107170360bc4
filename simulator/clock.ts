/**
 * Time, injected. The server's heartbeat and the script runner use nothing else, so tests can
 * drive them with a manual clock instead of sleeping.
 */
export interface Clock {
  /** Milliseconds; only differences matter. */
  now(): number;
  /** Calls `fn` once after `ms`; the returned function cancels it (idempotent). */
  setTimer(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const handle = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};

export interface ManualClock extends Clock {
  /**
   * Moves time forward, firing every timer that falls due on the way, in due order (ties: in order set).
   * No I/O happens during a call: jumping over two heartbeat intervals at once means the server
   * saw no pong for two intervals and drops its peers, as it would after that much silence.
   */
  advance(ms: number): void;
  /** How many timers are waiting. */
  pending(): number;
}

interface Timer {
  readonly due: number;
  readonly order: number;
  readonly fn: () => void;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let order = 0;
  const timers = new Set<Timer>();

  function nextDue(limit: number): Timer | undefined {
    let next: Timer | undefined;
    for (const t of timers) {
      if (t.due > limit) continue;
      if (next === undefined || t.due < next.due || (t.due === next.due && t.order < next.order)) next = t;
    }
    return next;
  }

  return {
    now: () => now,
    setTimer(ms, fn) {
      const timer: Timer = { due: now + Math.max(0, ms), order: order++, fn };
      timers.add(timer);
      return () => {
        timers.delete(timer);
      };
    },
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError(`advance: expected a non-negative number of milliseconds, got ${ms}`);
      const target = now + ms;
      // Timers set while advancing fire too if they fall due before the target.
      for (let timer = nextDue(target); timer !== undefined; timer = nextDue(target)) {
        timers.delete(timer);
        now = timer.due;
        timer.fn();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}
