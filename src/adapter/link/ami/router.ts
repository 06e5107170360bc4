/**
 * The AMI link's manager events (ami-link.ts) to the contract's event frames. AMI has no monitors:
 * the router keeps the link's own, one per device, numbers each monitor's events itself, and hands
 * an event to every monitored party of its call (the calls' parties as the events named them). A
 * lost, unreadable or out-of-order manager event (a SequenceNumber that skips, decision 0052) moves
 * every monitor's numbering on by one, so the session sees a gap and resynchronises, as it does on
 * the JSON wire.
 */
import { header, type Packet } from '../../../contract/ami/packet.ts';
import { decodeServerFrame, encodeFrame } from '../../../contract/cti-wire/codec.ts';
import type { EventFrame } from '../../../contract/cti-wire/frames.ts';
import type { CtiLinkOptions } from '../link.ts';
import { readEvent } from './events.ts';

/** Calls whose parties the link remembers; the oldest is forgotten past this (a lost call end). */
const MAX_CALLS = 4096;

interface DeviceMonitor {
  readonly monitorId: string;
  seq: number;
}

/** The link's monitors and calls, and the manager events' order. */
export class AmiEventRouter {
  private monitorCounter = 0;
  private readonly monitors = new Map<string, DeviceMonitor>();
  /** Each call's parties as the events named them (every device, monitored or not). */
  private readonly calls = new Map<string, Set<string>>();
  private lastSequence: number | null = null;

  constructor(private readonly options: Pick<CtiLinkOptions, 'logger' | 'onEvent'>) {}

  isMonitored(deviceId: string): boolean {
    return this.monitors.has(deviceId);
  }

  /** A new monitor on the device, numbering from 0; its id. */
  startMonitor(deviceId: string): string {
    const monitorId = `M${++this.monitorCounter}`;
    this.monitors.set(deviceId, { monitorId, seq: 0 });
    return monitorId;
  }

  stopMonitor(monitorId: string, deviceId: string): void {
    if (this.monitors.get(deviceId)?.monitorId === monitorId) this.monitors.delete(deviceId);
  }

  /** The call's parties, remembered from now on (a resync adds the calls it finds). */
  partiesOf(callId: string): Set<string> {
    let parties = this.calls.get(callId);
    if (parties === undefined) {
      parties = new Set();
      this.calls.set(callId, parties);
      if (this.calls.size > MAX_CALLS) {
        const oldest = this.calls.keys().next();
        if (oldest.done !== true) this.calls.delete(oldest.value);
      }
    }
    return parties;
  }

  /** Every monitor's next event shows a gap: the session resynchronises each. */
  gap(): void {
    for (const monitor of this.monitors.values()) monitor.seq += 1;
  }

  /** A manager event (no action's answer): to the monitors it concerns, if it is in sequence. */
  accept(packet: Packet): void {
    if (!this.inSequence(packet)) return;
    this.route(packet);
  }

  /** False for a duplicate or replayed manager event; a skipped number means events were lost. */
  private inSequence(packet: Packet): boolean {
    const text = header(packet, 'SequenceNumber');
    if (text === undefined) return true;
    if (!/^[0-9]{1,15}$/.test(text)) {
      this.options.logger.warn({}, 'AMI event with an unreadable SequenceNumber skipped: every monitor resynchronises');
      this.gap();
      return false;
    }
    const n = Number(text);
    const last = this.lastSequence;
    if (last !== null && n <= last) {
      this.options.logger.warn({ sequence: n, last }, 'AMI event dropped: duplicate or replayed SequenceNumber');
      return false;
    }
    if (last !== null && n > last + 1) {
      this.options.logger.warn({ sequence: n, last }, 'AMI events lost: every monitor resynchronises');
      this.gap();
    }
    this.lastSequence = n;
    return true;
  }

  private route(packet: Packet): void {
    const read = readEvent(packet);
    if (read.kind === 'ignored') return;
    if (read.kind === 'unreadable') {
      this.options.logger.warn({ reason: read.reason }, 'unreadable AMI event skipped: every monitor resynchronises');
      this.gap();
      return;
    }
    const targets = new Set<string>(read.devices);
    if (read.callId !== null) {
      const parties = this.partiesOf(read.callId);
      for (const d of read.devices) parties.add(d);
      for (const d of parties) targets.add(d);
      if (read.also !== undefined) for (const d of this.calls.get(read.also) ?? []) targets.add(d);
    }
    for (const device of targets) {
      const monitor = this.monitors.get(device);
      if (monitor === undefined) continue;
      monitor.seq += 1;
      const frame: EventFrame = { type: 'Event', monitorId: monitor.monitorId, seq: monitor.seq, event: read.event };
      // The contract's own check, as the JSON link decodes its frames.
      const checked = decodeServerFrame(encodeFrame(frame));
      if (!checked.ok || checked.frame.type !== 'Event') {
        this.options.logger.warn(
          { event: read.event.name, reason: checked.ok ? 'not an event' : checked.error.message },
          'AMI event that maps to no valid CTI event skipped',
        );
        continue;
      }
      this.options.onEvent(checked.frame);
    }
    if (read.callId !== null) {
      if (read.ends === true) this.calls.delete(read.callId);
      else if (read.leaves !== undefined) this.calls.get(read.callId)?.delete(read.leaves);
      if (read.also !== undefined) this.calls.delete(read.also);
      if (read.event.name === 'Transferred' || read.event.name === 'Conferenced') this.calls.set(read.callId, new Set(read.event.parties));
    }
  }
}
