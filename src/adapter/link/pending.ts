/** Requests waiting for their Response or Error, by invoke id, each with its own deadline. */
import type { RequestType, ResponseFrame } from '../../contract/cti-wire/frames.ts';
import { LinkFailure } from '../errors.ts';
import type { TimerHandle, Timers } from '../timers.ts';

type Facts = LinkFailure['facts'];

interface Entry {
  readonly request: RequestType;
  readonly facts: Facts;
  readonly timer: TimerHandle;
  readonly onResponse: ((frame: ResponseFrame) => void) | undefined;
  readonly resolve: (frame: ResponseFrame) => void;
  readonly reject: (failure: LinkFailure) => void;
}

export type FailureFor = (request: RequestType, facts: Facts) => LinkFailure;

export class PendingRequests {
  private readonly entries = new Map<number, Entry>();

  constructor(private readonly timers: Timers) {}

  /**
   * `onResponse` runs synchronously when the response frame is handled, before any event frame
   * that follows it (used to bind a monitor id before that monitor's first event arrives).
   */
  wait(invokeId: number, request: RequestType, timeoutMs: number, facts: Facts, onResponse?: (frame: ResponseFrame) => void): Promise<ResponseFrame> {
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.entries.delete(invokeId);
        reject(new LinkFailure('requestTimeout', { ...facts, request, timeoutMs }));
      }, timeoutMs);
      this.entries.set(invokeId, { request, facts, timer, onResponse, resolve, reject });
    });
  }

  /** Settles the request a response answers; false when no request waits for it (late or unknown). */
  resolve(frame: ResponseFrame): boolean {
    const entry = this.take(frame.invokeId);
    if (entry === undefined) return false;
    if (frame.request !== entry.request) {
      entry.reject(
        new LinkFailure('malformedFrame', {
          ...entry.facts,
          request: entry.request,
          reason: `the CTI server answered ${entry.request} with a ${frame.request} response`,
        }),
      );
      return true;
    }
    try {
      entry.onResponse?.(frame);
    } finally {
      // Whatever the hook did, the request is answered.
      entry.resolve(frame);
    }
    return true;
  }

  /** The request type waiting under `invokeId`, if one waits (a dialect whose answers do not name their request reads it here). */
  requestOf(invokeId: number): RequestType | undefined {
    return this.entries.get(invokeId)?.request;
  }

  reject(invokeId: number, failureFor: FailureFor): boolean {
    const entry = this.take(invokeId);
    if (entry === undefined) return false;
    entry.reject(failureFor(entry.request, entry.facts));
    return true;
  }

  rejectAll(failureFor: FailureFor): void {
    for (const invokeId of [...this.entries.keys()]) this.reject(invokeId, failureFor);
  }

  private take(invokeId: number): Entry | undefined {
    const entry = this.entries.get(invokeId);
    if (entry === undefined) return undefined;
    this.timers.clearTimeout(entry.timer);
    this.entries.delete(invokeId);
    return entry;
  }
}
