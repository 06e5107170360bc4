/**
 * What a dialect puts on the wire, heard at the simulator (its sessions' frames through the
 * simulator's own tap, simulator/wire-tap.ts): the bytes a frame becomes on its transport, and
 * which frames are events. The dialect benchmark sends the very frames the measured path sent down
 * its baseline.
 */
import { header, parsePacket } from '../../src/contract/ami/packet.ts';
import { EVENT_INVOKE_ID, formatInvokeId } from '../../src/contract/csta-xml/framing.ts';
import type { Dialect } from '../../simulator/index.ts';
import type { Payload } from './one-way.ts';

/** The payload a frame's text is on the dialect's transport: the text itself as a WebSocket message, or the bytes a TCP dialect writes. */
export function wireOf(dialect: Dialect, text: string): Payload {
  const { transport } = dialect;
  if (transport.kind === 'websocket') return text;
  return transport.encode?.(text) ?? Buffer.from(text, 'utf8');
}

/** Whether a frame's text (as a session sends it) is an event, not a response, a heartbeat or a banner. */
export function isEventFrame(dialect: Dialect, text: string): boolean {
  switch (dialect.name) {
    case 'json':
      return (JSON.parse(text) as { type?: unknown }).type === 'Event';
    case 'ami': {
      const parsed = parsePacket(text);
      return parsed.ok && header(parsed.packet, 'Event') !== undefined;
    }
    case 'csta-xml':
      return text.startsWith(formatInvokeId(EVENT_INVOKE_ID));
  }
}

/** Bytes a payload takes on the wire, before the transport's own framing (WebSocket headers). */
export function payloadBytes(payload: Payload): number {
  return typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
}
