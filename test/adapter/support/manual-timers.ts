/** A clock the test moves by hand: timers fire only inside `advance`, in due order, at their due time. */
import type { TimerHandle, Timers } from '../../../src/adapter/index.ts';

interface Due {
  readonly at: number;
  readonly callback: () => void;
}

export class ManualTimers implements Timers {
  private time = 0;
  private lastId = 0;
  private readonly due = new Map<number, Due>();

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    this.lastId += 1;
    this.due.set(this.lastId, { at: this.time + Math.max(0, ms), callback });
    return this.lastId;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.due.delete(handle);
  }

  /** Timers armed and not yet fired or cleared. */
  get pending(): number {
    return this.due.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way (also ones armed by a callback). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (let next = this.nextDue(target); next !== undefined; next = this.nextDue(target)) {
      const [id, { at, callback }] = next;
      this.due.delete(id);
      this.time = at;
      callback();
    }
    this.time = target;
  }

  private nextDue(limit: number): [number, Due] | undefined {
    let earliest: [number, Due] | undefined;
    for (const entry of this.due) {
      if (entry[1].at > limit) continue;
      // Ties fire in the order they were armed (ids grow).
      if (earliest === undefined || entry[1].at < earliest[1].at) earliest = entry;
    }
    return earliest;
  }
}
