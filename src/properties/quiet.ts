/**
 * Quiet detection: how the live lab knows nothing more is on its way, on the lab's own clock
 * (a few event-loop turns in process, a stretch of silence in the trace over HTTP).
 */
import { LabClock } from '../harness/lab-clock.ts';
import { Trace } from '../harness/trace.ts';
/** How to be sure nothing more is on its way once the desktops agree with the switch. */
export type Settle =
  /** In process: a few turns of the event loop (socket reads, the adapter's own queue). */
  | { readonly kind: 'turns'; readonly turns: number }
  /** Over HTTP: the trace must stay silent this long. */
  | { readonly kind: 'silence'; readonly ms: number };

/** Re-evaluates `check` whenever `subscribe` signals a change until it returns a value; null once the lab has listened for `deadlineMs`. */
export function until<T>(clock: LabClock, subscribe: (listener: () => void) => () => void, check: () => T | null, deadlineMs: number): Promise<T | null> {
  return new Promise((resolve) => {
    const first = check();
    if (first !== null) {
      resolve(first);
      return;
    }
    const finish = (value: T | null): void => {
      stop();
      cancel();
      resolve(value);
    };
    const stop = subscribe(() => {
      const value = check();
      if (value !== null) finish(value);
    });
    const cancel = clock.after(deadlineMs, () => finish(null));
  });
}

/** Resolves once no trace entry arrived while the lab listened for `ms`. */
export function silence(clock: LabClock, trace: Trace, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let cancel = clock.after(ms, done);
    const stop = trace.onRecord(() => {
      cancel();
      cancel = clock.after(ms, done);
    });
    function done(): void {
      stop();
      resolve();
    }
  });
}

export async function settle(clock: LabClock, trace: Trace, how: Settle): Promise<void> {
  if (how.kind === 'silence') return silence(clock, trace, how.ms);
  for (let i = 0; i < how.turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
