/**
 * The extensions this adapter session monitors: DN <-> CTI monitor id, the last event sequence
 * number seen on each monitor, and the gates that stop delivery the moment UnSubscribeForEvents or
 * CloseAdapter is called (before their requests reach the CTI server).
 */
import { CallTable } from '../pipeline/call-table.ts';

export interface Monitor {
  readonly dn: string;
  readonly monitorId: string;
  readonly calls: CallTable;
  lastSeq: number;
}

export type SeqVerdict = { readonly fresh: true } | { readonly fresh: false; readonly lastSeq: number };

export class MonitorRegistry {
  private readonly byDn = new Map<string, Monitor>();
  private readonly byId = new Map<string, Monitor>();
  /** Unsubscribes called but not finished, per DN. */
  private readonly muted = new Map<string, number>();
  /** Closes called but not finished. */
  private closing = 0;

  bind(dn: string, monitorId: string): Monitor {
    const monitor: Monitor = { dn, monitorId, calls: new CallTable(), lastSeq: 0 };
    this.byDn.set(dn, monitor);
    this.byId.set(monitorId, monitor);
    return monitor;
  }

  forDn(dn: string): Monitor | undefined {
    return this.byDn.get(dn);
  }

  forMonitorId(monitorId: string): Monitor | undefined {
    return this.byId.get(monitorId);
  }

  forget(dn: string): Monitor | undefined {
    const monitor = this.byDn.get(dn);
    if (monitor === undefined) return undefined;
    this.byDn.delete(dn);
    this.byId.delete(monitor.monitorId);
    return monitor;
  }

  forgetAll(): Monitor[] {
    const all = [...this.byDn.values()];
    this.byDn.clear();
    this.byId.clear();
    return all;
  }

  /** Stops delivery for `dn` now; the returned function lifts this mute when the unsubscribe is done. */
  mute(dn: string): () => void {
    this.muted.set(dn, (this.muted.get(dn) ?? 0) + 1);
    return once(() => {
      const left = (this.muted.get(dn) ?? 1) - 1;
      if (left > 0) this.muted.set(dn, left);
      else this.muted.delete(dn);
    });
  }

  /** Stops all delivery now; the returned function lifts it when the close is done. */
  muteAll(): () => void {
    this.closing += 1;
    return once(() => {
      this.closing -= 1;
    });
  }

  isDelivering(dn: string): boolean {
    return this.closing === 0 && !this.muted.has(dn) && this.byDn.has(dn);
  }

  /** Accepts a sequence number only if it moves the monitor forward; duplicates and replays are refused. */
  acceptSeq(monitor: Monitor, seq: number): SeqVerdict {
    if (seq <= monitor.lastSeq) return { fresh: false, lastSeq: monitor.lastSeq };
    monitor.lastSeq = seq;
    return { fresh: true };
  }
}

function once(action: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
