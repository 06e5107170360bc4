/** Declares the link dead when nothing has been heard from the CTI server for `limitMs`. */
export class Watchdog {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly limitMs: number,
    private readonly onSilence: (limitMs: number) => void,
  ) {}

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
