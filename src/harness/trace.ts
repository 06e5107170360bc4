/**
 * The recorded trace of one scenario: what the desktop asked, what the adapter answered, what it
 * delivered, and what the switch really did. Expectations are checked against it, and a failed
 * scenario's report carries it.
 */
import type { ActivityName, ActivityResult, AdapterPage, Issue } from '../contract/index.ts';

export type TraceEntry =
  | { readonly kind: 'request'; readonly at: number; readonly desktop: string; readonly activity: ActivityName; readonly page: AdapterPage }
  | {
      readonly kind: 'outcome';
      readonly at: number;
      readonly desktop: string;
      readonly activity: ActivityName;
      readonly result: ActivityResult | { readonly threw: string };
    }
  | {
      readonly kind: 'delivered';
      readonly at: number;
      readonly desktop: string;
      readonly DN: string;
      /** As the adapter handed it over; checked against Pega's schema, see `issues`. */
      readonly event: Readonly<Record<string, unknown>>;
      readonly issues: readonly Issue[];
    }
  | { readonly kind: 'switch'; readonly at: number; readonly event: Readonly<Record<string, unknown>> };

/** The name of the desktop of the CSR working on `extension`: which desktop got an event is part of what is checked. */
export function desktopOf(extension: string): string {
  return `CSR@${extension}`;
}

export type NewTraceEntry = TraceEntry extends infer E ? (E extends TraceEntry ? Omit<E, 'at'> : never) : never;

export interface TraceClock {
  now(): number;
}

export class Trace {
  readonly #entries: TraceEntry[] = [];
  readonly #listeners = new Set<() => void>();
  readonly #clock: TraceClock;
  readonly #origin: number;

  constructor(clock: TraceClock = { now: () => performance.now() }) {
    this.#clock = clock;
    this.#origin = clock.now();
  }

  get entries(): readonly TraceEntry[] {
    return this.#entries;
  }

  /** Milliseconds since the trace began (the scenario's clock), to the microsecond. */
  elapsed(): number {
    return Math.round((this.#clock.now() - this.#origin) * 1000) / 1000;
  }

  record(entry: NewTraceEntry): void {
    const at = this.elapsed();
    // Secrets never enter the trace, which ends up in reports.
    const safe = entry.kind === 'request' && entry.page.AgentPassword !== undefined ? { ...entry, page: { ...entry.page, AgentPassword: '***' } } : entry;
    this.#entries.push({ ...safe, at });
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` after every new entry; returns the unsubscribe function. */
  onRecord(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  toJSON(): readonly TraceEntry[] {
    return this.#entries;
  }
}
