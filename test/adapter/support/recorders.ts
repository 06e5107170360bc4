/** Test doubles for the adapter's context: a sink and a pino-shaped logger that record, and wait. */
import type { EventDelivery, PegaEvent } from '../../../src/contract/pega/events.ts';
import type { AdapterLogger, EventSink } from '../../../src/contract/pega/face.ts';

/** Deadline for a wait that should be satisfied at once; a failure message instead of a hung test. */
const DEADLINE_MS = 3000;

function waitUntil<T>(probe: () => T | undefined, subscribe: (wake: () => void) => () => void, what: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = probe();
    if (now !== undefined) {
      resolve(now);
      return;
    }
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out waiting for ${what()}`));
    }, DEADLINE_MS);
    const unsubscribe = subscribe(() => {
      const value = probe();
      if (value === undefined) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    });
  });
}

class Wakers {
  private readonly wakers = new Set<() => void>();
  add(wake: () => void): () => void {
    this.wakers.add(wake);
    return () => this.wakers.delete(wake);
  }
  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}

export class RecordingSink implements EventSink {
  readonly deliveries: EventDelivery[] = [];
  private readonly wakers = new Wakers();

  deliver(delivery: EventDelivery): void {
    this.deliveries.push(delivery);
    this.wakers.wakeAll();
  }

  /** Resolves with all deliveries once there are at least `count`. */
  waitFor(count: number): Promise<EventDelivery[]> {
    return waitUntil(
      () => (this.deliveries.length >= count ? [...this.deliveries] : undefined),
      (wake) => this.wakers.add(wake),
      () => `${count} deliveries (got ${this.deliveries.length}: ${this.summary().join(', ')})`,
    );
  }

  /** Resolves with all deliveries once one matches `predicate`. */
  waitForMatch(predicate: (delivery: EventDelivery) => boolean, what: string): Promise<EventDelivery[]> {
    return waitUntil(
      () => (this.deliveries.some(predicate) ? [...this.deliveries] : undefined),
      (wake) => this.wakers.add(wake),
      () => `${what} (got ${this.summary().join(', ')})`,
    );
  }

  events(): PegaEvent[] {
    return this.deliveries.map((d) => d.event);
  }

  /** `DN:EventName` for each delivery, in order. */
  summary(): string[] {
    return this.deliveries.map((d) => `${d.DN}:${d.event.pyEventName}`);
  }
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string;
}

export class RecordingLogger implements AdapterLogger {
  readonly entries: LogEntry[] = [];
  private readonly wakers = new Wakers();

  debug(obj: object, msg = ''): void {
    this.record('debug', obj, msg);
  }
  info(obj: object, msg = ''): void {
    this.record('info', obj, msg);
  }
  warn(obj: object, msg = ''): void {
    this.record('warn', obj, msg);
  }
  error(obj: object, msg = ''): void {
    this.record('error', obj, msg);
  }

  waitFor(predicate: (entry: LogEntry) => boolean, what: string): Promise<LogEntry> {
    return waitUntil(
      () => this.entries.find(predicate),
      (wake) => this.wakers.add(wake),
      () => `a log entry: ${what}`,
    );
  }

  /** Resolves once `count` entries match `predicate`. */
  waitForCount(predicate: (entry: LogEntry) => boolean, count: number, what: string): Promise<LogEntry[]> {
    const matching = (): LogEntry[] | undefined => {
      const found = this.entries.filter(predicate);
      return found.length >= count ? found : undefined;
    };
    return waitUntil(
      matching,
      (wake) => this.wakers.add(wake),
      () => `${count} log entries: ${what} (got ${this.entries.filter(predicate).length})`,
    );
  }

  /** Everything logged, as one text, to look for things that must never be logged. */
  text(): string {
    return this.entries.map((e) => `${e.msg} ${safeJson(e.obj)}`).join('\n');
  }

  private record(level: LogEntry['level'], obj: object, msg: string): void {
    this.entries.push({ level, obj, msg });
    this.wakers.wakeAll();
  }
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  } catch {
    return String(value);
  }
}
