/**
 * The frames a CTI server sends: a Response or an Error to each request, Events, SystemStatus.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { type CtiEvent, EventSchemas } from './events.ts';
import { Id, InvokeId, MAX_ERROR_MESSAGE_CHARS, strict } from './fields.ts';
import { REQUEST_TYPES, type RequestType, type ResultOf, ResultSchemas } from './requests.ts';
import { WireErrorCodeSchema } from './wire-errors.ts';
// ---------------------------------------------------------------- server frames

const RequestTypeSchema = Type.Union(
  REQUEST_TYPES.map((t) => Type.Literal(t)),
  { description: REQUEST_TYPES.join(', ') },
);

const responseVariants = REQUEST_TYPES.map((request) =>
  Type.Object({ type: Type.Literal('Response'), invokeId: InvokeId, request: Type.Literal(request), result: ResultSchemas[request] }, strict),
);

export const ServerFrameSchemas = {
  Response: Type.Union(responseVariants),
  Error: Type.Object(
    {
      type: Type.Literal('Error'),
      /** null when the frame was too broken to read an invoke id from. */
      invokeId: Type.Union([InvokeId, Type.Null()]),
      request: Type.Optional(RequestTypeSchema),
      error: Type.Object({ code: WireErrorCodeSchema, message: Type.String({ maxLength: MAX_ERROR_MESSAGE_CHARS }) }, strict),
    },
    strict,
  ),
  Event: Type.Object(
    {
      type: Type.Literal('Event'),
      monitorId: Id,
      seq: Type.Integer({ minimum: 1 }),
      event: Type.Union(Object.values(EventSchemas)),
    },
    strict,
  ),
  /** Sent every `heartbeatIntervalMs` once a session is started; silence for two intervals means the link is dead. */
  SystemStatus: Type.Object({ type: Type.Literal('SystemStatus'), status: Type.Literal('normal') }, strict),
} satisfies Record<string, TSchema>;

export type ResponseFrame = { [K in RequestType]: { type: 'Response'; invokeId: number; request: K; result: ResultOf<K> } }[RequestType];
export type ErrorFrame = Static<(typeof ServerFrameSchemas)['Error']>;
export interface EventFrame {
  type: 'Event';
  monitorId: string;
  seq: number;
  event: CtiEvent;
}
export type SystemStatusFrame = Static<(typeof ServerFrameSchemas)['SystemStatus']>;
export type ServerFrame = ResponseFrame | ErrorFrame | EventFrame | SystemStatusFrame;
export type ServerFrameType = ServerFrame['type'];
