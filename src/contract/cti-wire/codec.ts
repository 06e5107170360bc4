/**
 * Pure codec for the CTI link: text in, a checked frame or a DecodeError out. Both ends use it,
 * so a frame that one side accepts the other side would have produced.
 */
import { Type } from '@sinclair/typebox';
import { parseBoundedJson } from '../bounded-json.ts';
import { compile, compileTagged, formatIssues, type Check, type Issue } from '../validation.ts';
import {
  EventSchemas,
  InvokeId,
  RequestSchemas,
  ResultSchemas,
  ServerFrameSchemas,
  strict,
  type EventFrame,
  type RequestFrame,
  type RequestType,
  type ServerFrame,
} from './frames.ts';

export type DecodeErrorCode = 'notJson' | 'notAnObject' | 'unknownType' | 'schemaMismatch';

export interface DecodeError {
  readonly code: DecodeErrorCode;
  /** The invoke id, when one could be read, so the error can be answered to the right request. */
  readonly invokeId: number | null;
  /** The request type, when it could be read and is known. */
  readonly requestType: RequestType | null;
  readonly issues: readonly Issue[];
  readonly message: string;
}

export type Decoded<T> = { readonly ok: true; readonly frame: T } | { readonly ok: false; readonly error: DecodeError };

const checkRequest = compileTagged('type', RequestSchemas);
const checkInvokeId = compile(InvokeId);
const checkEvent = compileTagged('name', EventSchemas, 'event');
const resultChecks = new Map<string, Check<unknown>>(Object.entries(ResultSchemas).map(([request, schema]) => [request, compile(schema, 'result')]));
const checkResponseHead = compile(
  Type.Object({ type: Type.Literal('Response'), invokeId: InvokeId, request: Type.String(), result: Type.Unknown() }, { additionalProperties: false }),
);
const checkEventHead = compile(
  Type.Object(
    {
      type: Type.Literal('Event'),
      monitorId: ServerFrameSchemas.Event.properties.monitorId,
      seq: ServerFrameSchemas.Event.properties.seq,
      event: Type.Unknown(),
    },
    { additionalProperties: false },
  ),
);
/**
 * Per event name, the whole Event frame in one compiled check: the hot path (every event the link
 * carries) validates each frame once, where the head check and then the event check walked it
 * twice. A frame it refuses goes through those two again, for their clearer issues.
 */
const eventFrameChecks = new Map<string, Check<EventFrame>>(
  Object.entries(EventSchemas).map(([name, event]) => [name, compile(Type.Object({ ...ServerFrameSchemas.Event.properties, event }, strict))]),
);
const checkError = compile(ServerFrameSchemas.Error);
const checkSystemStatus = compile(ServerFrameSchemas.SystemStatus);

function parse(text: string): { ok: true; value: unknown } | { ok: false; error: DecodeError } {
  const parsed = parseBoundedJson(text);
  return parsed.ok ? parsed : { ok: false, error: failure('notJson', null, null, [{ path: '(root)', message: `Expected a JSON text: ${parsed.message}` }]) };
}

function failure(code: DecodeErrorCode, invokeId: number | null, requestType: RequestType | null, issues: readonly Issue[]): DecodeError {
  return { code, invokeId, requestType, issues, message: formatIssues(issues) };
}

// A function, not a closure per frame: tsx names every closure it creates (esbuild's keepNames), a cost on each decode.
function mismatch(invokeId: number | null, issues: readonly Issue[]): Decoded<ServerFrame> {
  return { ok: false, error: failure('schemaMismatch', invokeId, null, issues) };
}

/** The event's name, the key of its whole-frame check; '' (no check) when it has none. */
function eventName(event: unknown): string {
  return isObject(event) && typeof event['name'] === 'string' ? event['name'] : '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function decodeRequest(text: string): Decoded<RequestFrame> {
  const parsed = parse(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (!isObject(value)) return { ok: false, error: failure('notAnObject', null, null, [{ path: '(root)', message: 'Expected a JSON object' }]) };
  const invoke = checkInvokeId(value['invokeId']);
  const invokeId = invoke.ok ? invoke.value : null;
  // Own names only: "constructor" or "__proto__" is an unknown request, not an inherited property.
  const type = typeof value['type'] === 'string' && Object.hasOwn(RequestSchemas, value['type']) ? (value['type'] as RequestType) : null;
  const checked = checkRequest(value);
  if (checked.ok) return { ok: true, frame: checked.value };
  return { ok: false, error: failure(type === null ? 'unknownType' : 'schemaMismatch', invokeId, type, checked.issues) };
}

export function decodeServerFrame(text: string): Decoded<ServerFrame> {
  const parsed = parse(text);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (!isObject(value)) return { ok: false, error: failure('notAnObject', null, null, [{ path: '(root)', message: 'Expected a JSON object' }]) };
  // Events and heartbeats carry no invoke id: checking one there would build an error list per frame.
  const invoke = 'invokeId' in value ? checkInvokeId(value['invokeId']) : null;
  const invokeId = invoke?.ok === true ? invoke.value : null;
  switch (value['type']) {
    case 'Response': {
      const head = checkResponseHead(value);
      if (!head.ok) return mismatch(invokeId, head.issues);
      const check = resultChecks.get(head.value.request);
      if (check === undefined)
        return mismatch(invokeId, [
          { path: 'request', message: `Expected one of ${Object.keys(ResultSchemas).join(', ')}, got ${JSON.stringify(head.value.request)}` },
        ]);
      const result = check(head.value.result);
      return result.ok ? { ok: true, frame: value as ServerFrame } : mismatch(invokeId, result.issues);
    }
    case 'Event': {
      const whole = eventFrameChecks.get(eventName(value['event']))?.(value);
      if (whole?.ok === true) return { ok: true, frame: whole.value };
      const head = checkEventHead(value);
      if (!head.ok) return mismatch(invokeId, head.issues);
      const event = checkEvent(head.value.event);
      return event.ok ? { ok: true, frame: { ...head.value, event: event.value } } : mismatch(invokeId, event.issues);
    }
    case 'Error': {
      const checked = checkError(value);
      return checked.ok ? { ok: true, frame: checked.value } : mismatch(invokeId, checked.issues);
    }
    case 'SystemStatus': {
      const checked = checkSystemStatus(value);
      return checked.ok ? { ok: true, frame: checked.value } : mismatch(invokeId, checked.issues);
    }
    default:
      return {
        ok: false,
        error: failure('unknownType', invokeId, null, [
          { path: 'type', message: `Expected one of Response, Error, Event, SystemStatus, got ${JSON.stringify(value['type'])}` },
        ]),
      };
  }
}

export function encodeFrame(frame: ServerFrame | RequestFrame): string {
  return JSON.stringify(frame);
}
