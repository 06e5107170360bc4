/**
 * The CTI link: JSON over WebSocket between an adapter and a CTI server (our simulator).
 * CSTA-flavoured (ECMA-269 names). This file is the single source of truth: the TypeScript
 * types, the runtime checks on both ends and the JSON Schemas in docs/cti-wire.asyncapi.yaml
 * all derive from it.
 *
 * Every request carries an `invokeId` and gets exactly one `Response` or `Error` with that id.
 * Every `Event` carries the `monitorId` it belongs to and a per-monitor `seq` starting at 1.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

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
  [Type.Literal('loggedOut'), Type.Literal('loggedIn'), Type.Literal('ready'), Type.Literal('notReady'), Type.Literal('workingAfterCall'), Type.Literal('busy')],
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

const strict = { additionalProperties: false } as const;

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
  AgentLogout: Type.Object(
    { type: Type.Literal('AgentLogout'), invokeId: InvokeId, agentId: Id, reasonCode: Type.Optional(ReasonCode) },
    strict,
  ),
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
    { type: Type.Literal('SingleStepTransfer'), invokeId: InvokeId, callId: Id, deviceId: DeviceId, transferredTo: DeviceId, callData: Type.Optional(CallData) },
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

export const ConnectionState = Type.Union(
  [Type.Literal('initiated'), Type.Literal('alerting'), Type.Literal('connected'), Type.Literal('held')],
  { description: 'initiated, alerting, connected or held' },
);
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

// ---------------------------------------------------------------- events (server -> adapter)

/** Why a connection or call changed; CSTA event causes, trimmed to what the simulator produces. */
export const Cause = Type.Union(
  [
    Type.Literal('newCall'),
    Type.Literal('normal'),
    Type.Literal('callCancelled'),
    Type.Literal('noAnswer'),
    Type.Literal('busy'),
    Type.Literal('invalidNumber'),
    Type.Literal('makeCall'),
    Type.Literal('consultation'),
    Type.Literal('transfer'),
    Type.Literal('singleStepTransfer'),
    Type.Literal('conference'),
  ],
  { description: 'newCall, normal, callCancelled, noAnswer, busy, invalidNumber, makeCall, consultation, transfer, singleStepTransfer or conference' },
);
export type Cause = Static<typeof Cause>;

export const EventSchemas = {
  /** A call is ringing (alerting) at `alertingDevice`. `calledDevice` is what the caller dialled (the DNIS). */
  Delivered: Type.Object(
    {
      name: Type.Literal('Delivered'),
      callId: Id,
      alertingDevice: DeviceId,
      callingDevice: DeviceId,
      calledDevice: DeviceId,
      /** Present when the call came in over a trunk from the public network (an external caller). */
      trunkUsed: Type.Optional(Id),
      callData: CallData,
      cause: Cause,
    },
    strict,
  ),
  /** `answeringDevice` answered; the call is connected there. */
  Established: Type.Object(
    {
      name: Type.Literal('Established'),
      callId: Id,
      answeringDevice: DeviceId,
      callingDevice: DeviceId,
      calledDevice: DeviceId,
      trunkUsed: Type.Optional(Id),
      callData: CallData,
      cause: Cause,
    },
    strict,
  ),
  /** `releasingDevice` left the call (hung up, or was released by the switch). */
  ConnectionCleared: Type.Object(
    { name: Type.Literal('ConnectionCleared'), callId: Id, releasingDevice: DeviceId, cause: Cause },
    strict,
  ),
  /** `callingDevice` started a call to `calledDevice` (MakeCall, or a consult with cause consultation). */
  Originated: Type.Object(
    {
      name: Type.Literal('Originated'),
      callId: Id,
      callingDevice: DeviceId,
      calledDevice: DeviceId,
      /** Present when the call goes out over a trunk to the public network (an outside number). */
      trunkUsed: Type.Optional(Id),
      callData: CallData,
      cause: Cause,
    },
    strict,
  ),
  Held: Type.Object({ name: Type.Literal('Held'), callId: Id, holdingDevice: DeviceId, cause: Cause }, strict),
  Retrieved: Type.Object({ name: Type.Literal('Retrieved'), callId: Id, retrievingDevice: DeviceId, cause: Cause }, strict),
  /**
   * A transfer completed: `secondaryOldCall` (the consult) is merged into `callId`, `transferringDevice`
   * left, and `parties` are the devices now in the call. Also ends a blind transfer (no secondary call).
   */
  Transferred: Type.Object(
    {
      name: Type.Literal('Transferred'),
      callId: Id,
      secondaryOldCall: Type.Optional(Id),
      transferringDevice: DeviceId,
      transferredToDevice: DeviceId,
      parties: Type.Array(DeviceId),
      /** The call's calling and called devices (as in Delivered), for parties that learn of the call here. */
      callingDevice: Type.Optional(DeviceId),
      calledDevice: Type.Optional(DeviceId),
      callData: CallData,
      cause: Cause,
    },
    strict,
  ),
  /** A conference completed: `secondaryOldCall` is merged into `callId`, whose `parties` now include `addedParty`. */
  Conferenced: Type.Object(
    {
      name: Type.Literal('Conferenced'),
      callId: Id,
      secondaryOldCall: Id,
      conferencingDevice: DeviceId,
      addedParty: DeviceId,
      parties: Type.Array(DeviceId),
      /** The call's calling and called devices (as in Delivered), for parties that learn of the call here. */
      callingDevice: Type.Optional(DeviceId),
      calledDevice: Type.Optional(DeviceId),
      callData: CallData,
      cause: Cause,
    },
    strict,
  ),
  /** The call could not reach `calledDevice` (cause busy, invalidNumber or noAnswer); `failingDevice` is the far end. */
  Failed: Type.Object({ name: Type.Literal('Failed'), callId: Id, failingDevice: DeviceId, calledDevice: DeviceId, cause: Cause }, strict),
  /** The whole call is over; nothing more will be reported for `callId`. */
  CallCleared: Type.Object({ name: Type.Literal('CallCleared'), callId: Id, cause: Cause }, strict),
  AgentLoggedOn: Type.Object({ name: Type.Literal('AgentLoggedOn'), agentId: Id, deviceId: DeviceId }, strict),
  AgentLoggedOff: Type.Object({ name: Type.Literal('AgentLoggedOff'), agentId: Id, deviceId: DeviceId, reasonCode: Type.Optional(ReasonCode) }, strict),
  AgentReady: Type.Object({ name: Type.Literal('AgentReady'), agentId: Id, deviceId: DeviceId }, strict),
  AgentNotReady: Type.Object({ name: Type.Literal('AgentNotReady'), agentId: Id, deviceId: DeviceId, reasonCode: Type.Optional(ReasonCode) }, strict),
  AgentWorkingAfterCall: Type.Object({ name: Type.Literal('AgentWorkingAfterCall'), agentId: Id, deviceId: DeviceId }, strict),
  /** The ACD made the agent busy: a call is connected at the agent's device. */
  AgentBusy: Type.Object({ name: Type.Literal('AgentBusy'), agentId: Id, deviceId: DeviceId }, strict),
} satisfies Record<string, TSchema>;

export type CtiEventName = keyof typeof EventSchemas;
export type CtiEvent = { [K in CtiEventName]: Static<(typeof EventSchemas)[K]> }[CtiEventName];
export type CtiEventOf<K extends CtiEventName> = Extract<CtiEvent, { name: K }>;
export const CTI_EVENT_NAMES = Object.keys(EventSchemas) as CtiEventName[];

// ---------------------------------------------------------------- errors

/** Errors a server reports on the wire, each with its meaning (docs/cti-wire.md lists them). */
export const WIRE_ERROR_CODES = {
  malformedFrame: 'the frame is not JSON or does not match the schema of its type',
  unknownRequest: 'the frame names a request type the server does not know',
  sessionNotStarted: 'a request other than StartApplicationSession arrived before the session started',
  sessionAlreadyStarted: 'StartApplicationSession arrived on a session that is already started',
  authenticationFailed: 'the user or password of StartApplicationSession is wrong',
  unsupportedProtocolVersion: 'the protocol version asked for is not spoken by the server',
  invalidDeviceId: 'the device is not provisioned on the switch',
  invalidMonitorId: 'no monitor with this id is open on this session',
  monitorAlreadyActive: 'this session already monitors the device',
  serviceUnavailable: 'the server cannot serve the request now',
  invalidAgentId: 'no agent with this id is provisioned at the ACD',
  invalidAgentPassword: 'the agent password is wrong',
  agentAlreadyLoggedIn: 'the agent is already logged in on another device',
  deviceInUse: 'another agent is logged in on the device',
  agentNotLoggedIn: 'the agent is not logged in',
  agentInSameState: 'the agent is already in the requested state',
  invalidReasonCode: 'the reason code is not configured at the ACD, or not allowed with this state',
  agentBusy: 'the request is refused while the agent is on a call',
  invalidCallId: 'no call with this id has a connection at the device',
  invalidConnectionState: 'the connection is not in a state that allows the request (hold of a call not connected, retrieve of a call not held, answer with nothing ringing)',
  noConsultCall: 'transfer or conference without a held call and an active consult call at the device',
  partyAlreadyInCall: 'the party to add is already in the call',
  invalidDestination: 'the number is not in the dial plan',
  destinationBusy: 'the destination is busy',
  callRejected: 'the dial plan bars calls to the destination',
} as const;
export type WireErrorCode = keyof typeof WIRE_ERROR_CODES;
export const WireErrorCodeSchema = Type.Union(
  (Object.keys(WIRE_ERROR_CODES) as WireErrorCode[]).map((c) => Type.Literal(c)),
  { description: Object.keys(WIRE_ERROR_CODES).join(', ') },
);

// ---------------------------------------------------------------- server frames

const RequestTypeSchema = Type.Union(
  REQUEST_TYPES.map((t) => Type.Literal(t)),
  { description: REQUEST_TYPES.join(', ') },
);

const responseVariants = REQUEST_TYPES.map((request) =>
  Type.Object(
    { type: Type.Literal('Response'), invokeId: InvokeId, request: Type.Literal(request), result: ResultSchemas[request] },
    strict,
  ),
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
export type EventFrame = { type: 'Event'; monitorId: string; seq: number; event: CtiEvent };
export type SystemStatusFrame = Static<(typeof ServerFrameSchemas)['SystemStatus']>;
export type ServerFrame = ResponseFrame | ErrorFrame | EventFrame | SystemStatusFrame;
export type ServerFrameType = ServerFrame['type'];
