/**
 * Builds the AsyncAPI 3.0 description of the CTI link from the frame schemas, so the published
 * document (docs/cti-wire.asyncapi.yaml) can never drift from what both ends validate.
 */
import type { TSchema } from '@sinclair/typebox';
import { CTI_WIRE_PROTOCOL_VERSION, EventSchemas, MAX_FRAME_BYTES, RequestSchemas, ServerFrameSchemas, WIRE_ERROR_CODES } from './frames.ts';

/** TypeBox adds symbol keys only; a JSON round trip leaves the plain JSON Schema. */
export function plain(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}

/** AsyncAPI messages, by name, from schemas by name. */
export function messagesOf(schemas: Record<string, TSchema>, describe: (name: string) => string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, { name, summary: describe(name), payload: plain(schema) }]));
}

export function buildAsyncApiDocument(): Record<string, unknown> {
  const requests = messagesOf(RequestSchemas, (name) => `Request ${name}; answered by exactly one Response or Error with the same invokeId.`);
  const serverFrames = messagesOf(ServerFrameSchemas, (name) => `Server frame ${name}.`);
  const events = Object.fromEntries(Object.entries(EventSchemas).map(([name, schema]) => [name, plain(schema)]));
  const ref = (name: string) => ({ $ref: `#/channels/ctiLink/messages/${name}` });
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Switchboard CTI link',
      version: CTI_WIRE_PROTOCOL_VERSION,
      description: [
        'JSON over WebSocket between a Pega Call OpenCTI adapter (client) and a CTI server (the Switchboard simulator).',
        'CSTA-flavoured (ECMA-269 names). One JSON object per WebSocket text message.',
        `Frames larger than ${MAX_FRAME_BYTES} bytes close the socket with code 1009.`,
        'StartApplicationSession must be the first request; every request carries an invokeId and gets exactly one Response or Error with it.',
        'Every Event carries its monitorId and a per-monitor seq starting at 1. SystemStatus arrives every heartbeatIntervalMs once the session started.',
        `Error codes: ${Object.entries(WIRE_ERROR_CODES)
          .map(([code, meaning]) => `${code} (${meaning})`)
          .join('; ')}.`,
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      simulator: { host: '127.0.0.1:{port}', protocol: 'ws', variables: { port: { description: 'printed by `switchboard simulate`' } } },
    },
    channels: {
      ctiLink: { address: '/', messages: { ...requests, ...serverFrames } },
    },
    operations: {
      receiveRequests: { action: 'receive', channel: { $ref: '#/channels/ctiLink' }, messages: Object.keys(RequestSchemas).map(ref) },
      sendFrames: { action: 'send', channel: { $ref: '#/channels/ctiLink' }, messages: Object.keys(ServerFrameSchemas).map(ref) },
    },
    components: { schemas: events },
  };
}
