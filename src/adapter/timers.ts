/**
 * The adapter's only source of time: connect and request deadlines, the heartbeat watchdog and
 * the socket-close fallback all read the clock and arm timers through this interface. Tests pass a
 * manual implementation and move time explicitly; production uses the real one.
 */

/** What `setTimeout` returns: the real timers' Timeout object, or a manual clock's number. */
export type TimerHandle = NodeJS.Timeout | number;

export interface Timers {
  /** Milliseconds on a monotonic clock; only differences between two readings mean anything. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const REAL_TIMERS: Timers = Object.freeze({
  now: () => performance.now(),
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: TimerHandle) => clearTimeout(handle),
});
