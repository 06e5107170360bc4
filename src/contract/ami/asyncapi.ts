/**
 * Builds the AsyncAPI 3.0 description of the AMI dialect from the packet schemas (messages.ts), so
 * the published document (docs/dialects/ami.asyncapi.yaml) says what the wire checks hold.
 */
import { messagesOf } from '../cti-wire/asyncapi.ts';
import { ActionSchemas, ServerPacketSchemas } from './messages.ts';

/** Message keys: an action and an event may share a name (Status, BlindTransfer), so each key says which it is. */
const keyed = (messages: Record<string, unknown>, suffix: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(messages).map(([name, message]) => [name === 'Response' ? name : `${name}${suffix}`, message]));

export function buildAmiAsyncApiDocument(): Record<string, unknown> {
  const actions = keyed(
    messagesOf(
      ActionSchemas,
      (name) => `Action ${name}; answered by a Response with the same ActionID (a list action: then its events, then its …Complete event).`,
    ),
    'Action',
  );
  const serverPackets = keyed(
    messagesOf(ServerPacketSchemas, (name) => (name === 'Response' ? 'The answer to an action.' : `Event ${name}.`)),
    'Event',
  );
  const ref = (key: string) => ({ $ref: `#/channels/managerInterface/messages/${key}` });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Switchboard simulator, Asterisk Manager Interface (AMI) dialect',
      version: '7.0.3',
      description: [
        "The Asterisk 18 Manager Interface as Switchboard's simulator speaks it (docs/dialects/ami.md), over TCP on loopback.",
        'On connect the server writes the banner line `Asterisk Call Manager/7.0.3`.',
        'A packet is `Key: Value` lines ending in CRLF (LF accepted), a blank line ending the packet; keys match without regard to case.',
        "Each message payload below is the object of one packet's headers: keys as Asterisk spells them; Variable and ChanVariable repeat, so they are lists.",
        'A line is at most 8 KiB, a packet at most 64 KiB. Login must come first (within 10 s); actions may carry an ActionID that their answer echoes.',
        'Events carry Privilege and a SequenceNumber numbered per session.',
      ].join('\n'),
    },
    defaultContentType: 'text/plain',
    servers: {
      simulator: { host: '127.0.0.1:{port}', protocol: 'tcp', variables: { port: { description: 'printed by `switchboard simulate --dialect ami`' } } },
    },
    channels: {
      managerInterface: { address: null, messages: { ...actions, ...serverPackets } },
    },
    operations: {
      receiveActions: { action: 'receive', channel: { $ref: '#/channels/managerInterface' }, messages: Object.keys(actions).map(ref) },
      sendPackets: { action: 'send', channel: { $ref: '#/channels/managerInterface' }, messages: Object.keys(serverPackets).map(ref) },
    },
  };
}
