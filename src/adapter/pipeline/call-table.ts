/** The calls one monitored extension is in, and the ids of calls already finished there. */
import type { CtiEvent } from '../../contract/cti-wire/frames.ts';
import { advanceCall, type CallRecord } from './call-record.ts';

/** How many finished call ids to remember, so late events for them are still recognised and dropped. */
const FINISHED_MEMORY = 256;

export class CallTable {
  private readonly active = new Map<string, CallRecord>();
  private readonly finished = new Set<string>();

  get(callId: string): CallRecord | undefined {
    return this.active.get(callId);
  }

  /** True once the call's terminal event was due on this extension: nothing more may follow it. */
  isFinished(callId: string): boolean {
    return this.finished.has(callId) || this.active.get(callId)?.ended === true;
  }

  track(callId: string, event: CtiEvent, thisDN: string): void {
    const next = advanceCall(this.active.get(callId), event, thisDN);
    if (next === undefined) this.active.delete(callId);
    else this.active.set(callId, next);
  }

  forget(callId: string): void {
    this.active.delete(callId);
    this.finished.add(callId);
    if (this.finished.size > FINISHED_MEMORY) {
      const oldest = this.finished.values().next();
      if (oldest.done !== true) this.finished.delete(oldest.value);
    }
  }

  get size(): number {
    return this.active.size;
  }
}
