import type { TimerHandle, Timers } from '../timers.ts';

/** Node fires longer timeouts after 1 ms instead; a server's huge heartbeat interval must not do that. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Declares the link dead when nothing has been heard from the CTI server for `limitMs`.
 * Feeding only notes the time; one timer checks the silence when it falls due and re-arms for
 * what is left, so a busy link does not clear and re-arm a timer on every frame.
 */
export class Watchdog {
  private timer: TimerHandle | null = null;
  private stopped = false;
  private lastHeard: number;
  private readonly limitMs: number;

  constructor(
    limitMs: number,
    private readonly onSilence: (limitMs: number) => void,
    private readonly timers: Timers,
  ) {
    this.limitMs = Math.min(limitMs, MAX_TIMER_MS);
    this.lastHeard = timers.now();
  }

  /** Something was heard: the silence starts again from now. */
  feed(): void {
    if (this.stopped) return;
    this.lastHeard = this.timers.now();
    if (this.timer === null) this.arm(this.limitMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): void {
    this.timer = this.timers.setTimeout(() => this.check(), ms);
  }

  private check(): void {
    this.timer = null;
    if (this.stopped) return;
    const silentFor = this.timers.now() - this.lastHeard;
    if (silentFor < this.limitMs) {
      this.arm(this.limitMs - silentFor);
      return;
    }
    this.stopped = true;
    this.onSilence(this.limitMs);
  }
}
