/**
 * Open-loop pacing for the latency benchmarks: `act` runs `ratePerSecond` times a second for
 * `durationMs`, whatever the system under test does. A timer wakes every millisecond (as often as
 * Node's timers can) and runs every action that fell due since, so the same pacing drives the
 * baseline and the measured system.
 */
export function paced(ratePerSecond: number, durationMs: number, act: () => void): Promise<number> {
  return new Promise((resolve) => {
    const start = performance.now();
    let done = 0;
    const wake = (): void => {
      const elapsed = Math.min(durationMs, performance.now() - start);
      const due = Math.floor((elapsed / 1000) * ratePerSecond);
      for (; done < due; done++) act();
      if (elapsed >= durationMs) resolve(done);
      else setTimeout(wake, 1);
    };
    wake();
  });
}
