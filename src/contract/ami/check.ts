/**
 * A packet held to the dialect's published schemas (messages.ts): an action by its Action header,
 * what the server writes by its Event header or as a Response. For the wire log's checks, and for
 * any end that wants to know a packet is one the dialect describes.
 */
import { compile, formatIssues, type Check } from '../validation.ts';
import { ActionSchemas, packetObject, ServerPacketSchemas } from './messages.ts';
import { header, type Packet } from './packet.ts';
import type { TSchema } from '@sinclair/typebox';

export type PacketSide = 'action' | 'server';

function compiled(schemas: Record<string, TSchema>): ReadonlyMap<string, { readonly schema: TSchema; readonly check: Check<unknown> }> {
  return new Map(Object.entries(schemas).map(([name, schema]) => [name.toLowerCase(), { schema, check: compile(schema) }]));
}

/** Checks per side, compiled once by whoever asks for them. */
export function amiPacketChecker(): (packet: Packet, side: PacketSide) => string | null {
  const actions = compiled(ActionSchemas);
  const server = compiled(ServerPacketSchemas);
  return (packet, side) => {
    const name =
      side === 'action' ? header(packet, 'Action') : (header(packet, 'Event') ?? (header(packet, 'Response') === undefined ? undefined : 'Response'));
    if (name === undefined) return side === 'action' ? 'no Action header' : 'neither an Event nor a Response';
    const found = (side === 'action' ? actions : server).get(name.toLowerCase());
    if (found === undefined) return `${side === 'action' ? 'an action' : 'an event'} the dialect does not describe: ${name}`;
    const object = packetObject(packet, found.schema);
    if (object === null) return `${name}: a header other than Variable or ChanVariable comes twice`;
    const checked = found.check(object);
    return checked.ok ? null : `${name}: ${formatIssues(checked.issues)}`;
  };
}
