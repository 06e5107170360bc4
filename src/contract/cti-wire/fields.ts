/**
 * The CTI link's version, size limits and the field schemas its frames share (device ids, invoke
 * ids, agent states, call data, digits).
 */
import { Type, type Static } from '@sinclair/typebox';
export const CTI_WIRE_PROTOCOL_VERSION = '1';
/** Frames larger than this are refused by the server (the socket closes with 1009). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The longest `error.message` an Error frame may carry. */
export const MAX_ERROR_MESSAGE_CHARS = 2048;

export const DeviceId = Type.String({ pattern: '^\\+?[0-9]{1,32}$', description: 'a device number: digits, optionally led by +' });
export const Id = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$', description: '1-64 characters of A-Z a-z 0-9 . _ : -' });
export const InvokeId = Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'an integer from 0 to 2^31-1' });
export const ReasonCode = Type.String({ minLength: 1, maxLength: 32, description: 'a reason code of 1-32 characters' });
/** What a client may ask an agent's state to become. */
export const RequestedAgentState = Type.Union([Type.Literal('ready'), Type.Literal('notReady'), Type.Literal('workingAfterCall')], {
  description: 'ready, notReady or workingAfterCall',
});
/** An agent's state at the ACD, as a snapshot reports it. */
export const AgentState = Type.Union(
  [
    Type.Literal('loggedOut'),
    Type.Literal('loggedIn'),
    Type.Literal('ready'),
    Type.Literal('notReady'),
    Type.Literal('workingAfterCall'),
    Type.Literal('busy'),
  ],
  { description: 'loggedOut, loggedIn, ready, notReady, workingAfterCall or busy' },
);
export type AgentState = Static<typeof AgentState>;
export const CallData = Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' }), Type.String({ maxLength: 1024 }), {
  description: 'attached call data: names to string values',
  // Without it a name outside the pattern (and any value under it) would pass.
  additionalProperties: false,
});
export type CallData = Static<typeof CallData>;
/** DTMF digits as a phone sends them. */
export const Digits = Type.String({ pattern: '^[0-9*#A-D]{1,64}$', description: '1-64 DTMF digits: 0-9, *, #, A-D' });

export const strict = { additionalProperties: false } as const;
