/**
 * The extensions this adapter session monitors: DN <-> CTI monitor id, the last event sequence
 * number seen on each monitor, and the gates that stop delivery the moment UnSubscribeForEvents or
 * CloseAdapter is called (before their requests reach the CTI server).
 *
 * A subscription outlives its monitor: when the CTI link drops, the monitors are suspended (no
 * monitor id) but the extension stays subscribed, with what its desktop was told of its calls and
 * agent, until the adapter reconnects and binds a new monitor (decision 0014).
 */
import type { AgentState } from '../../contract/cti-wire/frames.ts';
import { CallTable } from '../pipeline/call-table.ts';

/** The agent on an extension as the desktop last learned it from the switch (events or a snapshot). */
export interface KnownAgent {
  readonly agentId: string;
  readonly state: AgentState;
  readonly reasonCode?: string;
}

export interface Monitor {
  readonly dn: string;
  /** The CTI monitor on the current link; null while the link is down (suspended). */
  monitorId: string | null;
  /** Survives a reconnect: the calls this desktop was told of. */
  readonly calls: CallTable;
  /** Per monitor: starts again at 0 when a new monitor is bound. */
  lastSeq: number;
  agent: KnownAgent | undefined;
  /** The desktop was told the link is down (a DISCONNECTED snapshot) and not yet that it is back. */
  disconnectedShown: boolean;
}

export type SeqVerdict = { readonly fresh: true } | { readonly fresh: false; readonly lastSeq: number };

export class MonitorRegistry {
  private readonly byDn = new Map<string, Monitor>();
  private readonly byId = new Map<string, Monitor>();
  /** Unsubscribes called but not finished, per DN. */
  private readonly muted = new Map<string, number>();
  /** Closes called but not finished. */
  private closing = 0;

  /** A new subscription, or (after a reconnect) a new monitor for a suspended one: sequence numbers start again. */
  bind(dn: string, monitorId: string): Monitor {
    const existing = this.byDn.get(dn);
    if (existing !== undefined) {
      if (existing.monitorId !== null) this.byId.delete(existing.monitorId);
      existing.monitorId = monitorId;
      existing.lastSeq = 0;
      this.byId.set(monitorId, existing);
      return existing;
    }
    const monitor: Monitor = { dn, monitorId, calls: new CallTable(), lastSeq: 0, agent: undefined, disconnectedShown: false };
    this.byDn.set(dn, monitor);
    this.byId.set(monitorId, monitor);
    return monitor;
  }

  /** The link dropped: every monitor id is gone, the subscriptions stay. Returns the monitors that were bound. */
  suspendAll(): Monitor[] {
    const bound = [...this.byDn.values()].filter((m) => m.monitorId !== null);
    for (const monitor of bound) {
      monitor.monitorId = null;
      monitor.lastSeq = 0;
    }
    this.byId.clear();
    return bound;
  }

  /** The subscribed extensions without a monitor on the current link, in subscription order. */
  suspended(): string[] {
    return [...this.byDn.values()].filter((m) => m.monitorId === null).map((m) => m.dn);
  }

  /** Every subscribed extension, in subscription order. */
  dns(): string[] {
    return [...this.byDn.keys()];
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
    if (monitor.monitorId !== null) this.byId.delete(monitor.monitorId);
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
