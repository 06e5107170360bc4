/** The default dialect: the contract's CSTA-flavoured JSON frames, one per WebSocket text message. */
import { REQUEST_TYPES, type RequestType } from '../../src/contract/cti-wire/frames.ts';
import { JSON_FAULT_FRAMES } from '../faults/frames.ts';
import { createCstaJsonDialect } from '../protocol/csta-json.ts';
import { createSession } from '../sessions/session.ts';
import type { Dialect } from './dialect.ts';

const REQUESTS = new Set<string>(REQUEST_TYPES);
function isRequestType(name: string | null): name is RequestType {
  return name !== null && REQUESTS.has(name);
}

export function createJsonDialect(): Dialect {
  const codec = createCstaJsonDialect();
  return {
    name: 'json',
    transport: { kind: 'websocket' },
    faultFrames: JSON_FAULT_FRAMES,
    openSession: (ctx, send, logger) => createSession(ctx, codec, send, logger),
    refusal: (invokeId, request, code, message) =>
      codec.encodeError({ type: 'Error', invokeId, ...(isRequestType(request) ? { request } : {}), error: { code, message } }),
  };
}
