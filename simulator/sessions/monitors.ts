/**
 * Every open monitor, across all sessions: which device it watches and its event sequence.
 * Fan-out walks monitors in the order they were opened, so each monitor sees model order.
 */
import { isWireEvent, type DeviceNumber, type ModelEvent, type WireModelEvent } from '../model/types.ts';

export type Deliver = (monitorId: string, seq: number, event: WireModelEvent) => void;

interface Monitor {
  readonly id: string;
  readonly sessionId: string;
  readonly deviceId: DeviceNumber;
  readonly deliver: Deliver;
  seq: number;
}

export type Opened = { readonly ok: true; readonly monitorId: string } | { readonly ok: false; readonly existing: string };

export interface MonitorRegistry {
  /** Refuses a second monitor on the same device within one session, naming the one already open. */
  open(sessionId: string, deviceId: DeviceNumber, deliver: Deliver): Opened;
  /** False when this session has no such monitor. */
  close(sessionId: string, monitorId: string): boolean;
  closeSession(sessionId: string): void;
  /** Sends the event to every monitor on a device in `event.devices` (switch-only events go nowhere). */
  fanOut(event: ModelEvent): void;
  count(): number;
  /** The device an open monitor watches (the fault layer matches events by device). */
  deviceOf(monitorId: string): DeviceNumber | undefined;
}

export function createMonitorRegistry(): MonitorRegistry {
  const monitors = new Map<string, Monitor>();
  let counter = 0;
  return {
    open(sessionId, deviceId, deliver) {
      for (const m of monitors.values()) if (m.sessionId === sessionId && m.deviceId === deviceId) return { ok: false, existing: m.id };
      const id = `M${++counter}`;
      monitors.set(id, { id, sessionId, deviceId, deliver, seq: 0 });
      return { ok: true, monitorId: id };
    },
    close(sessionId, monitorId) {
      const m = monitors.get(monitorId);
      if (m === undefined || m.sessionId !== sessionId) return false;
      monitors.delete(monitorId);
      return true;
    },
    closeSession(sessionId) {
      for (const m of [...monitors.values()]) if (m.sessionId === sessionId) monitors.delete(m.id);
    },
    fanOut(event) {
      if (!isWireEvent(event)) return;
      for (const m of [...monitors.values()]) {
        if (!event.devices.includes(m.deviceId)) continue;
        m.seq += 1;
        m.deliver(m.id, m.seq, event);
      }
    },
    count: () => monitors.size,
    deviceOf: (monitorId) => monitors.get(monitorId)?.deviceId,
  };
}
