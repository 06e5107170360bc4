/** The calls one monitored extension is in, and the ids of calls already finished there. */
import type { CtiEvent } from '../../contract/cti-wire/frames.ts';
import { advanceCalls, type CallRecord, type CallsOf } from './call-record.ts';

/** How many finished call ids to remember, so late events for them are still recognised and dropped. */
const FINISHED_MEMORY = 256;

export class CallTable {
  private readonly active = new Map<string, CallRecord>();
  private readonly finished = new Set<string>();
  /** Ids whose CallCleared came from the switch: it is done with them and may give them to a new call. */
  private readonly clearedIds = new Set<string>();

  get(callId: string): CallRecord | undefined {
    return this.active.get(callId);
  }

  /** True once the call's terminal event was due on this extension: nothing more may follow it. */
  isFinished(callId: string): boolean {
    return this.finished.has(callId) || this.active.get(callId)?.ended === true;
  }

  /** This extension's records of the calls `event` names, as they are before it. */
  known(event: CtiEvent): CallsOf {
    const secondary = event.name === 'Transferred' || event.name === 'Conferenced' ? event.secondaryOldCall : undefined;
    return {
      call: 'callId' in event ? this.active.get(event.callId) : undefined,
      secondary: secondary === undefined ? undefined : this.active.get(secondary),
    };
  }

  /** Advances the records of the calls `event` names, as the CTI facts say (whatever the stages show). */
  track(event: CtiEvent, thisDN: string): void {
    for (const [callId, next] of advanceCalls(this.known(event), event, thisDN)) {
      if (next === undefined) this.active.delete(callId);
      else this.active.set(callId, next);
    }
  }

  cleared(callId: string): void {
    remember(this.clearedIds, callId);
  }

  wasCleared(callId: string): boolean {
    return this.clearedIds.has(callId);
  }

  /** The id names a new call: what was known of the ended one under it goes. */
  reopen(callId: string): void {
    this.active.delete(callId);
    this.finished.delete(callId);
    this.clearedIds.delete(callId);
  }

  forget(callId: string): void {
    this.active.delete(callId);
    remember(this.finished, callId);
  }

  /** The calls going on at this extension (not ended), in the order it learned of them. */
  records(): CallRecord[] {
    return [...this.active.values()].filter((r) => !r.ended);
  }

  get size(): number {
    return this.active.size;
  }
}

/** Adds `callId`, forgetting the oldest beyond FINISHED_MEMORY. */
function remember(ids: Set<string>, callId: string): void {
  ids.add(callId);
  if (ids.size > FINISHED_MEMORY) {
    const oldest = ids.values().next();
    if (oldest.done !== true) ids.delete(oldest.value);
  }
}
