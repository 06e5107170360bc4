/**
 * Every open monitor, across all sessions: which device it watches and its event sequence.
 * Fan-out reaches the monitors of an event's devices (found by device, not by a walk over every
 * monitor) in the order they were opened, so each monitor sees model order.
 */
import { isWireEvent, type DeviceNumber, type ModelEvent, type WireModelEvent } from '../model/types.ts';

export type Deliver = (monitorId: string, seq: number, event: WireModelEvent) => void;

interface Monitor {
  readonly id: string;
  /** Opening order. */
  readonly n: number;
  readonly sessionId: string;
  readonly deviceId: DeviceNumber;
  readonly deliver: Deliver;
  seq: number;
}

/** An open monitor as the switch's truth shows it. */
export interface OpenMonitor {
  readonly monitorId: string;
  readonly sessionId: string;
  readonly deviceId: DeviceNumber;
}

export type Opened = { readonly ok: true; readonly monitorId: string } | { readonly ok: false; readonly existing: string };

export interface MonitorRegistry {
  /**
   * Every wire event, once, to one session (AMI: a logged-in manager session hears the whole
   * switch, filtered by its event mask, not one device). At most one per session; closed with it.
   */
  watchAll(sessionId: string, deliver: Deliver): void;
  /** Refuses a second monitor on the same device within one session, naming the one already open. */
  open(sessionId: string, deviceId: DeviceNumber, deliver: Deliver): Opened;
  /** False when this session has no such monitor. */
  close(sessionId: string, monitorId: string): boolean;
  closeSession(sessionId: string): void;
  /** Sends the event to every monitor on a device in `event.devices` (switch-only events go nowhere). */
  fanOut(event: ModelEvent): void;
  count(): number;
  /** Every open monitor, in opening order. */
  list(): readonly OpenMonitor[];
  /** The device an open monitor watches (the fault layer matches events by device). */
  deviceOf(monitorId: string): DeviceNumber | undefined;
}

export function createMonitorRegistry(): MonitorRegistry {
  const monitors = new Map<string, Monitor>();
  /** Whole-switch watchers, by session, in the order they were opened. */
  const watchers = new Map<string, { readonly id: string; readonly deliver: Deliver; seq: number }>();
  /** Each device's monitors, in opening order. */
  const onDevice = new Map<DeviceNumber, Monitor[]>();
  let counter = 0;
  const remove = (m: Monitor): void => {
    monitors.delete(m.id);
    const left = (onDevice.get(m.deviceId) ?? []).filter((other) => other !== m);
    if (left.length === 0) onDevice.delete(m.deviceId);
    else onDevice.set(m.deviceId, left);
  };
  return {
    watchAll(sessionId, deliver) {
      watchers.set(sessionId, { id: `W${sessionId}`, deliver, seq: 0 });
    },
    open(sessionId, deviceId, deliver) {
      const existing = onDevice.get(deviceId)?.find((m) => m.sessionId === sessionId);
      if (existing !== undefined) return { ok: false, existing: existing.id };
      const n = ++counter;
      const m: Monitor = { id: `M${n}`, n, sessionId, deviceId, deliver, seq: 0 };
      monitors.set(m.id, m);
      onDevice.set(deviceId, [...(onDevice.get(deviceId) ?? []), m]);
      return { ok: true, monitorId: m.id };
    },
    close(sessionId, monitorId) {
      const m = monitors.get(monitorId);
      if (m === undefined || m.sessionId !== sessionId) return false;
      remove(m);
      return true;
    },
    closeSession(sessionId) {
      for (const m of [...monitors.values()]) if (m.sessionId === sessionId) remove(m);
      watchers.delete(sessionId);
    },
    fanOut(event) {
      if (!isWireEvent(event)) return;
      // Safe to walk while a delivery opens or closes monitors: the lists are replaced, never changed in place.
      const first = event.devices[0];
      if (first === undefined) return;
      const reached =
        event.devices.length === 1 ? (onDevice.get(first) ?? []) : event.devices.flatMap((device) => onDevice.get(device) ?? []).sort((a, b) => a.n - b.n);
      for (const m of reached) {
        m.seq += 1;
        m.deliver(m.id, m.seq, event);
      }
      // A copy (a delivery may close a session), made only when someone watches the whole switch.
      if (watchers.size > 0)
        for (const w of [...watchers.values()]) {
          w.seq += 1;
          w.deliver(w.id, w.seq, event);
        }
    },
    count: () => monitors.size,
    list: () => [...monitors.values()].map((m) => ({ monitorId: m.id, sessionId: m.sessionId, deviceId: m.deviceId })),
    deviceOf: (monitorId) => monitors.get(monitorId)?.deviceId,
  };
}
