/** Plays CTI events on one monitor and returns what the desktop got, using a sentinel call instead of sleeping. */
import type { EventDelivery } from '../../../src/contract/pega/events.ts';
import type { CtiEvent } from '../../../src/contract/cti-wire/frames.ts';
import { delivered } from './cti-events.ts';
import type { Lab } from './lab.ts';

export class MonitorScript {
  private sentinels = 0;

  constructor(
    private readonly lab: Lab,
    readonly dn: string,
    readonly monitorId: string,
  ) {}

  static async on(lab: Lab, dn: string): Promise<MonitorScript> {
    return new MonitorScript(lab, dn, await lab.subscribe(dn));
  }

  /** For an extension the adapter already monitors (e.g. after LoginAgent). */
  static of(lab: Lab, dn: string): MonitorScript {
    return new MonitorScript(lab, dn, lab.server.monitorOf(dn));
  }

  send(...events: CtiEvent[]): void {
    for (const event of events) this.lab.server.emitOn(this.monitorId, event);
  }

  /** Sends a sentinel call that always pops, waits for it, and returns every delivery before it (sentinels excluded). */
  async settle(): Promise<EventDelivery[]> {
    this.sentinels += 1;
    const callId = `sentinel-${this.dn}-${this.sentinels}`;
    this.send(delivered(callId, this.dn, { calling: '6170000000', called: this.dn, trunk: 'T9' }));
    const all = await this.lab.sink.waitForMatch((d) => d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId === callId, callId);
    return all.filter((d) => !(d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId.startsWith('sentinel-')));
  }
}

/** `EventName callId` for each call event, for compact assertions. */
export function calls(deliveries: readonly EventDelivery[]): string[] {
  return deliveries.map((d) => (d.event.pyEventType === 'CallStateEvent' ? `${d.event.pyEventName} ${d.event.pyCallId}` : d.event.pyEventName));
}
