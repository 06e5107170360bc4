/** Node fires longer timeouts after 1 ms instead; a server's huge heartbeat interval must not do that. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Declares the link dead when nothing has been heard from the CTI server for `limitMs`. */
export class Watchdog {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly limitMs: number;

  constructor(
    limitMs: number,
    private readonly onSilence: (limitMs: number) => void,
  ) {
    this.limitMs = Math.min(limitMs, MAX_TIMER_MS);
  }

  /** Starts or restarts the countdown. */
  feed(): void {
    if (this.stopped) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.stopped = true;
      this.onSilence(this.limitMs);
    }, this.limitMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
