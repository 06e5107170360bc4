/**
 * What the switch did, numbered, for a reader that polls (`GET /control/events?after=<n>`): every
 * model event and every fault applied, in the order they happened, each with `n` counting from 1.
 * Keeps the newest `capacity` entries; a reader that falls further behind is told how many it missed.
 */
import type { Control } from './control.ts';
import type { ModelEvent } from '../model/types.ts';
import type { FaultRecord } from '../faults/types.ts';

export type JournalEntry =
  | { readonly n: number; readonly kind: 'model'; readonly at: number; readonly event: ModelEvent }
  | { readonly n: number; readonly kind: 'fault'; readonly at: number; readonly fault: FaultRecord };

export interface JournalPage {
  /** The entries after `after`, oldest first, at most `limit`. */
  readonly entries: readonly JournalEntry[];
  /** Pass as `after` next time: the last entry's `n`, or `after` when there was none. */
  readonly next: number;
  /** The newest entry's `n` (0: nothing happened yet). */
  readonly latest: number;
  /** Entries after `after` that are no longer kept (the reader fell behind by more than the capacity). */
  readonly missed: number;
}

export interface Journal {
  read(after: number, limit: number): JournalPage;
  /** Resolves when an entry after `after` exists, or when `cancel` is called; returns the cancel function too. */
  waitFor(after: number): { readonly arrived: Promise<void>; readonly cancel: () => void };
  /** Stops listening to the control and releases every waiter. */
  close(): void;
}

export const DEFAULT_JOURNAL_CAPACITY = 10_000;

export function createJournal(control: Control, capacity = DEFAULT_JOURNAL_CAPACITY): Journal {
  const entries: JournalEntry[] = [];
  let latest = 0;
  const waiters = new Set<{ readonly after: number; readonly wake: () => void }>();

  function record(entry: JournalEntry): void {
    entries.push(entry);
    if (entries.length > capacity) entries.splice(0, entries.length - capacity);
    latest = entry.n;
    for (const waiter of [...waiters]) if (waiter.after < latest) waiter.wake();
  }

  const offModel = control.onModelEvent((event, at) => record({ n: latest + 1, kind: 'model', at, event }));
  const offFault = control.onFault((fault) => record({ n: latest + 1, kind: 'fault', at: fault.at, fault }));

  return {
    read(after, limit) {
      const oldest = entries[0]?.n ?? latest + 1;
      const missed = Math.max(0, Math.min(oldest - 1, latest) - after);
      const page = entries.filter((e) => e.n > after).slice(0, limit);
      return { entries: page, next: page.at(-1)?.n ?? after, latest, missed };
    },
    waitFor(after) {
      let waiter: { after: number; wake: () => void } | undefined;
      const arrived = new Promise<void>((resolve) => {
        waiter = {
          after,
          wake: () => {
            if (waiter !== undefined) waiters.delete(waiter);
            resolve();
          },
        };
      });
      if (waiter === undefined) throw new Error('unreachable: the promise executor runs at once');
      const own = waiter;
      if (after < latest) own.wake();
      else waiters.add(own);
      return { arrived, cancel: own.wake };
    },
    close() {
      offModel();
      offFault();
      for (const waiter of [...waiters]) waiter.wake();
    },
  };
}
