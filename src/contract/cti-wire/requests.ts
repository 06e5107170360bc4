/**
 * The CTI link's requests (adapter -> server) and the results their Responses carry.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AgentState, CallData, DeviceId, Digits, Id, InvokeId, ReasonCode, RequestedAgentState, strict } from './fields.ts';
// ---------------------------------------------------------------- requests (adapter -> server)

export const RequestSchemas = {
  StartApplicationSession: Type.Object(
    {
      type: Type.Literal('StartApplicationSession'),
      invokeId: InvokeId,
      applicationId: Type.String({ minLength: 1, maxLength: 128 }),
      user: Type.String({ minLength: 1, maxLength: 128 }),
      password: Type.String({ maxLength: 256 }),
      protocolVersion: Type.String({ minLength: 1, maxLength: 16 }),
    },
    strict,
  ),
  StopApplicationSession: Type.Object({ type: Type.Literal('StopApplicationSession'), invokeId: InvokeId }, strict),
  MonitorStart: Type.Object({ type: Type.Literal('MonitorStart'), invokeId: InvokeId, deviceId: DeviceId }, strict),
  MonitorStop: Type.Object({ type: Type.Literal('MonitorStop'), invokeId: InvokeId, monitorId: Id }, strict),
  SnapshotDevice: Type.Object({ type: Type.Literal('SnapshotDevice'), invokeId: InvokeId, deviceId: DeviceId }, strict),
  /** Logs the agent in to the ACD on `deviceId`; `queue` blank or absent = the ACD chooses. */
  AgentLogin: Type.Object(
    {
      type: Type.Literal('AgentLogin'),
      invokeId: InvokeId,
      agentId: Id,
      password: Type.String({ maxLength: 256 }),
      deviceId: DeviceId,
      queue: Type.Optional(Type.String({ maxLength: 64 })),
    },
    strict,
  ),
  AgentLogout: Type.Object({ type: Type.Literal('AgentLogout'), invokeId: InvokeId, agentId: Id, reasonCode: Type.Optional(ReasonCode) }, strict),
  /** `reasonCode` only with notReady. */
  SetAgentState: Type.Object(
    { type: Type.Literal('SetAgentState'), invokeId: InvokeId, agentId: Id, state: RequestedAgentState, reasonCode: Type.Optional(ReasonCode) },
    strict,
  ),

  // Call control (Full telephony). A connection is a device's part in a call: (callId, deviceId).
  /** Answers the call ringing at `deviceId`. */
  AnswerCall: Type.Object({ type: Type.Literal('AnswerCall'), invokeId: InvokeId, callId: Id, deviceId: DeviceId }, strict),
  /** Releases `deviceId` from the call: hang up when it is the requester's own device, drop a party otherwise. */
  ClearConnection: Type.Object({ type: Type.Literal('ClearConnection'), invokeId: InvokeId, callId: Id, deviceId: DeviceId }, strict),
  HoldCall: Type.Object({ type: Type.Literal('HoldCall'), invokeId: InvokeId, callId: Id, deviceId: DeviceId }, strict),
  RetrieveCall: Type.Object({ type: Type.Literal('RetrieveCall'), invokeId: InvokeId, callId: Id, deviceId: DeviceId }, strict),
  /** `callingDevice` calls `calledDirectoryNumber` (an extension, a queue's number or an outside number). */
  MakeCall: Type.Object(
    { type: Type.Literal('MakeCall'), invokeId: InvokeId, callingDevice: DeviceId, calledDirectoryNumber: DeviceId, callData: Type.Optional(CallData) },
    strict,
  ),
  GenerateDigits: Type.Object({ type: Type.Literal('GenerateDigits'), invokeId: InvokeId, callId: Id, deviceId: DeviceId, digits: Digits }, strict),
  /** Holds `existingCallId` at `deviceId` and calls `consultedDevice` on a new (consult) call. */
  ConsultationCall: Type.Object(
    {
      type: Type.Literal('ConsultationCall'),
      invokeId: InvokeId,
      existingCallId: Id,
      deviceId: DeviceId,
      consultedDevice: DeviceId,
      callData: Type.Optional(CallData),
    },
    strict,
  ),
  /** Completes a consult: joins the held call's other parties with the active (consult) call's, and `deviceId` leaves. */
  TransferCall: Type.Object({ type: Type.Literal('TransferCall'), invokeId: InvokeId, heldCallId: Id, activeCallId: Id, deviceId: DeviceId }, strict),
  /** Blind transfer: `deviceId` leaves `callId`, which now rings at `transferredTo`. */
  SingleStepTransfer: Type.Object(
    {
      type: Type.Literal('SingleStepTransfer'),
      invokeId: InvokeId,
      callId: Id,
      deviceId: DeviceId,
      transferredTo: DeviceId,
      callData: Type.Optional(CallData),
    },
    strict,
  ),
  /** Completes a consult as a conference: every party of both calls in one call, `deviceId` included. */
  ConferenceCall: Type.Object({ type: Type.Literal('ConferenceCall'), invokeId: InvokeId, heldCallId: Id, activeCallId: Id, deviceId: DeviceId }, strict),
} satisfies Record<string, TSchema>;

export type RequestType = keyof typeof RequestSchemas;
export type RequestFrame = { [K in RequestType]: Static<(typeof RequestSchemas)[K]> }[RequestType];
export type RequestOf<K extends RequestType> = Extract<RequestFrame, { type: K }>;
export const REQUEST_TYPES = Object.keys(RequestSchemas) as RequestType[];

// ---------------------------------------------------------------- results

export const ConnectionState = Type.Union([Type.Literal('initiated'), Type.Literal('alerting'), Type.Literal('connected'), Type.Literal('held')], {
  description: 'initiated, alerting, connected or held',
});
export type ConnectionState = Static<typeof ConnectionState>;

export const SnapshotCall = Type.Object(
  {
    callId: Id,
    state: ConnectionState,
    callingDevice: DeviceId,
    calledDevice: DeviceId,
    trunkUsed: Type.Optional(Id),
    callData: CallData,
  },
  strict,
);
export type SnapshotCall = Static<typeof SnapshotCall>;

export const ResultSchemas = {
  StartApplicationSession: Type.Object({ sessionId: Id, heartbeatIntervalMs: Type.Integer({ minimum: 1 }) }, strict),
  StopApplicationSession: Type.Object({}, strict),
  MonitorStart: Type.Object({ monitorId: Id }, strict),
  MonitorStop: Type.Object({}, strict),
  /** `agent` is the agent logged in on the device, if any. */
  SnapshotDevice: Type.Object(
    {
      deviceId: DeviceId,
      calls: Type.Array(SnapshotCall),
      agent: Type.Optional(Type.Object({ agentId: Id, state: AgentState, reasonCode: Type.Optional(ReasonCode) }, strict)),
    },
    strict,
  ),
  AgentLogin: Type.Object({}, strict),
  AgentLogout: Type.Object({}, strict),
  SetAgentState: Type.Object({}, strict),
  AnswerCall: Type.Object({}, strict),
  ClearConnection: Type.Object({}, strict),
  HoldCall: Type.Object({}, strict),
  RetrieveCall: Type.Object({}, strict),
  /** The new call's id, known before any event about it. */
  MakeCall: Type.Object({ callId: Id }, strict),
  GenerateDigits: Type.Object({}, strict),
  /** The consult call's id. */
  ConsultationCall: Type.Object({ callId: Id }, strict),
  /** The id of the call that goes on (the switch keeps the held call's id). */
  TransferCall: Type.Object({ callId: Id }, strict),
  SingleStepTransfer: Type.Object({ callId: Id }, strict),
  ConferenceCall: Type.Object({ callId: Id }, strict),
} satisfies Record<RequestType, TSchema>;

export type ResultOf<K extends RequestType> = Static<(typeof ResultSchemas)[K]>;
