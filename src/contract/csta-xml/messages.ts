/**
 * The CSTA XML messages Switchboard speaks (ECMA-323 edition 3, CSTA Phase III; sessions as
 * ECMA-354): one TypeBox schema per message, shaped like the XML itself (element names as keys,
 * in schema order). docs/dialects/csta-xml.md maps each to the CTI wire and says what is left out.
 *
 * What ECMA-323 has no element for (attached call data, trunk, reason codes, the parties of a
 * transfer's snapshot) travels as private data in Switchboard's own namespace, the place ECMA-323
 * gives vendors (`extensions/privateData/private`); the per-monitor event sequence number travels
 * in `extensions/security/messageSequenceNumber` (decision 0055).
 *
 * Over 300 lines on purpose: declarations only, one schema per message in one map (MessageSchemas)
 * that the codec, the link and the simulator read by message name, beside the pieces the messages
 * share (causes, states, private data, error values); splitting them apart would part each schema
 * from the words it is written in.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const CSTA_NAMESPACE = 'http://www.ecma-international.org/standards/ecma-323/csta/ed3';
export const SESSION_NAMESPACE = 'http://www.ecma-international.org/standards/ecma-354/appl_session';
export const PRIVATE_NAMESPACE = 'urn:switchboard:csta-private:1';

const strict = { additionalProperties: false } as const;
const Text = (description: string, pattern = '^[\\s\\S]{1,256}$') => Type.String({ pattern, description });

const DeviceNumber = Type.String({ pattern: '^\\+?[0-9]{1,32}$', description: 'a device number: digits, optionally led by +' });
const Identifier = Type.String({ pattern: '^[A-Za-z0-9._:-]{1,64}$', description: '1-64 characters of A-Z a-z 0-9 . _ : -' });
const Counter = Type.String({ pattern: '^[0-9]{1,10}$', description: 'a decimal number' });

/** A party's part in a call (ECMA-269 ConnectionID). */
export const Connection = Type.Object({ callID: Identifier, deviceID: DeviceNumber }, strict);
/** A device named in an event (ECMA-269 SubjectDeviceID). */
export const Subject = Type.Object({ deviceIdentifier: DeviceNumber }, strict);

const CallData = Type.Object(
  {
    item: Type.Array(Type.Object({ name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,63}$' }), value: Type.String({ maxLength: 1024 }) }, strict), {
      maxItems: 64,
    }),
  },
  strict,
);
const ReasonCode = Type.String({ minLength: 1, maxLength: 32, description: 'a reason code of 1-32 characters' });

/** Switchboard's own particulars, in its namespace (decision 0055). */
export const Particulars = Type.Object(
  {
    callData: Type.Optional(CallData),
    trunkUsed: Type.Optional(Identifier),
    reasonCode: Type.Optional(ReasonCode),
    /** Transferred and Conferenced: the devices now in the call; SnapshotDevice: the calls' particulars. */
    parties: Type.Optional(Type.Object({ deviceID: Type.Array(DeviceNumber, { maxItems: 64 }) }, strict)),
    calls: Type.Optional(
      Type.Object(
        {
          call: Type.Array(
            Type.Object(
              {
                callID: Identifier,
                callingDevice: DeviceNumber,
                calledDevice: DeviceNumber,
                trunkUsed: Type.Optional(Identifier),
                callData: Type.Optional(CallData),
              },
              strict,
            ),
            { maxItems: 64 },
          ),
        },
        strict,
      ),
    ),
    heartbeatIntervalMs: Type.Optional(Counter),
    sessionLogin: Type.Optional(Type.Object({ userName: Text('a user name', '^[\\s\\S]{1,128}$'), password: Type.String({ maxLength: 256 }) }, strict)),
  },
  { ...strict, xmlns: PRIVATE_NAMESPACE },
);
export type Particulars = Static<typeof Particulars>;

/** ECMA-269 CSTACommonArguments: the sequence number and private data. */
export const Extensions = Type.Object(
  {
    security: Type.Optional(Type.Object({ messageSequenceNumber: Counter }, strict)),
    privateData: Type.Optional(Type.Object({ private: Type.Object({ switchboard: Particulars }, strict) }, strict)),
  },
  strict,
);
export type Extensions = Static<typeof Extensions>;
const ext = { extensions: Type.Optional(Extensions) };

/** ECMA-269 EventCause, trimmed to what the simulator produces. */
export const EventCause = Type.Union(
  (
    [
      'newCall',
      'normalClearing',
      'callCancelled',
      'callNotAnswered',
      'busy',
      'destNotObtainable',
      'makeCall',
      'consultation',
      'transfer',
      'singleStepTransfer',
      'conference',
      'redirected',
      'distributed',
    ] as const
  ).map((c) => Type.Literal(c)),
  { description: 'an ECMA-269 event cause' },
);
export type EventCause = Static<typeof EventCause>;

/** ECMA-269 LocalConnectionState as SnapshotDevice reports it. */
export const LocalConnectionState = Type.Union((['initiated', 'alerting', 'connected', 'hold', 'queued', 'fail', 'null'] as const).map((s) => Type.Literal(s)));
/** ECMA-269 AgentState as GetAgentState reports it. */
export const CstaAgentState = Type.Union(
  (['agentNotReady', 'agentNull', 'agentReady', 'agentBusy', 'agentWorkingAfterCall'] as const).map((s) => Type.Literal(s)),
);
export const RequestedAgentState = Type.Union((['loggedOn', 'loggedOff', 'notReady', 'ready', 'workingAfterCall'] as const).map((s) => Type.Literal(s)));

const monitor = { monitorCrossRefID: Identifier };
const cause = { cause: EventCause };
const empty = Type.Object({ ...ext }, strict);

/** Error categories of CSTAErrorCode (ECMA-269 §12.2.14) with the values Switchboard uses. */
export const ERROR_VALUES = {
  operation: [
    'invalidParameterValue',
    'serviceNotSupported',
    'parameterNotSupported',
    'invalidDeviceID',
    'invalidMonitorCrossRefID',
    'invalidAgentIdentifier',
    'invalidAgentPassword',
    'invalidAgentState',
    'featureAlreadySet',
    'valueOutOfRange',
    'invalidCallID',
    'notDifferentDevices',
    'invalidDestination',
    'privilegeViolationCalledDevice',
  ],
  stateIncompatibility: [
    'generic',
    'invalidObjectState',
    'invalidDeviceState',
    'connectedCallExists',
    'invalidConnectionState',
    'noHeldCall',
    'invalidCalledDeviceState',
  ],
  systemResourceAvailability: ['serviceBusy'],
  subscribedResourceAvailability: ['objectMonitorLimitExceeded'],
  security: ['generic', 'securityInfoViolated'],
} as const satisfies Record<string, readonly string[]>;
export type ErrorCategory = keyof typeof ERROR_VALUES;

const errorValue = <C extends ErrorCategory>(category: C) => Type.Union(ERROR_VALUES[category].map((v: (typeof ERROR_VALUES)[C][number]) => Type.Literal(v)));

export const MessageSchemas = {
  // ------------------------------------------------------------ application session (ECMA-354)
  StartApplicationSession: Type.Object(
    {
      applicationInfo: Type.Object(
        { applicationID: Text('an application id', '^[\\s\\S]{1,128}$'), applicationSpecificInfo: Type.Object({ switchboard: Particulars }, strict) },
        strict,
      ),
      requestedProtocolVersions: Type.Object({ protocolVersion: Text('a protocol version URI') }, strict),
      requestedSessionDuration: Type.Optional(Counter),
    },
    strict,
  ),
  StartApplicationSessionPosResponse: Type.Object(
    { sessionID: Identifier, actualProtocolVersion: Text('a protocol version URI'), actualSessionDuration: Type.Optional(Counter), ...ext },
    strict,
  ),
  StartApplicationSessionNegResponse: Type.Object(
    {
      errorCode: Type.Object(
        { definedError: Type.Union([Type.Literal('invalidApplicationInfo'), Type.Literal('requestedProtocolVersionNotSupported')]) },
        strict,
      ),
    },
    strict,
  ),
  StopApplicationSession: Type.Object({ sessionID: Identifier, sessionEndReason: Type.Object({ definedEndReason: Type.Literal('normal') }, strict) }, strict),
  StopApplicationSessionPosResponse: Type.Object({}, strict),
  /** The server's heartbeat (invoke id 9999, no answer expected: decision 0055). */
  SystemStatus: Type.Object({ systemStatus: Type.Literal('normal') }, strict),

  // ------------------------------------------------------------ services
  MonitorStart: Type.Object({ monitorObject: Type.Object({ deviceObject: DeviceNumber }, strict), ...ext }, strict),
  MonitorStartResponse: Type.Object({ ...monitor, ...ext }, strict),
  MonitorStop: Type.Object({ ...monitor, ...ext }, strict),
  MonitorStopResponse: empty,
  SnapshotDevice: Type.Object({ snapshotObject: DeviceNumber, ...ext }, strict),
  SnapshotDeviceResponse: Type.Object(
    {
      crossRefIDorSnapshotData: Type.Object(
        {
          snapshotData: Type.Object(
            {
              snapshotDeviceResponseInfo: Type.Array(
                Type.Object(
                  {
                    connectionIdentifier: Connection,
                    localCallState: Type.Object({ compoundCallState: Type.Object({ localConnectionState: LocalConnectionState }, strict) }, strict),
                  },
                  strict,
                ),
                { maxItems: 64 },
              ),
            },
            strict,
          ),
        },
        strict,
      ),
      ...ext,
    },
    strict,
  ),
  MakeCall: Type.Object({ callingDevice: DeviceNumber, calledDirectoryNumber: DeviceNumber, ...ext }, strict),
  MakeCallResponse: Type.Object({ callingDevice: Connection, ...ext }, strict),
  AnswerCall: Type.Object({ callToBeAnswered: Connection, ...ext }, strict),
  AnswerCallResponse: empty,
  ClearConnection: Type.Object({ connectionToBeCleared: Connection, ...ext }, strict),
  ClearConnectionResponse: empty,
  HoldCall: Type.Object({ callToBeHeld: Connection, ...ext }, strict),
  HoldCallResponse: empty,
  RetrieveCall: Type.Object({ callToBeRetrieved: Connection, ...ext }, strict),
  RetrieveCallResponse: empty,
  ConsultationCall: Type.Object({ existingCall: Connection, consultedDevice: DeviceNumber, ...ext }, strict),
  ConsultationCallResponse: Type.Object({ initiatedCall: Connection, ...ext }, strict),
  TransferCall: Type.Object({ heldCall: Connection, activeCall: Connection, ...ext }, strict),
  TransferCallResponse: Type.Object({ transferredCall: Connection, ...ext }, strict),
  SingleStepTransferCall: Type.Object({ activeCall: Connection, transferredTo: DeviceNumber, ...ext }, strict),
  SingleStepTransferCallResponse: Type.Object({ transferredCall: Connection, ...ext }, strict),
  ConferenceCall: Type.Object({ heldCall: Connection, activeCall: Connection, ...ext }, strict),
  ConferenceCallResponse: Type.Object({ conferenceCall: Connection, ...ext }, strict),
  GenerateDigits: Type.Object(
    { connectionToSendDigits: Connection, charactersToSend: Type.String({ pattern: '^[0-9*#A-D]{1,64}$', description: '1-64 DTMF digits' }), ...ext },
    strict,
  ),
  GenerateDigitsResponse: empty,
  SetAgentState: Type.Object(
    {
      device: DeviceNumber,
      requestedAgentState: RequestedAgentState,
      agentID: Type.Optional(Identifier),
      password: Type.Optional(Type.String({ pattern: '^([0-9A-Fa-f]{2}){0,256}$', description: 'hexBinary' })),
      group: Type.Optional(Type.String({ maxLength: 64 })),
      ...ext,
    },
    strict,
  ),
  SetAgentStateResponse: empty,
  GetAgentState: Type.Object({ device: DeviceNumber, ...ext }, strict),
  GetAgentStateResponse: Type.Object(
    {
      agentStateList: Type.Object(
        {
          agentStateEntry: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  agentID: Identifier,
                  loggedOnState: Type.Union([Type.Literal('true'), Type.Literal('false')]),
                  agentInfo: Type.Optional(
                    Type.Object({ agentInfoItem: Type.Array(Type.Object({ agentState: CstaAgentState }, strict), { maxItems: 8 }) }, strict),
                  ),
                },
                strict,
              ),
              { maxItems: 8 },
            ),
          ),
        },
        strict,
      ),
      ...ext,
    },
    strict,
  ),
  /** Exactly one category, with its value. */
  CSTAErrorCode: Type.Union([
    Type.Object({ operation: errorValue('operation') }, strict),
    Type.Object({ stateIncompatibility: errorValue('stateIncompatibility') }, strict),
    Type.Object({ systemResourceAvailability: errorValue('systemResourceAvailability') }, strict),
    Type.Object({ subscribedResourceAvailability: errorValue('subscribedResourceAvailability') }, strict),
    Type.Object({ security: errorValue('security') }, strict),
  ]),

  // ------------------------------------------------------------ events
  DeliveredEvent: Type.Object(
    { ...monitor, connection: Connection, alertingDevice: Subject, callingDevice: Subject, calledDevice: Subject, ...cause, ...ext },
    strict,
  ),
  EstablishedEvent: Type.Object(
    { ...monitor, establishedConnection: Connection, answeringDevice: Subject, callingDevice: Subject, calledDevice: Subject, ...cause, ...ext },
    strict,
  ),
  OriginatedEvent: Type.Object({ ...monitor, originatedConnection: Connection, callingDevice: Subject, calledDevice: Subject, ...cause, ...ext }, strict),
  HeldEvent: Type.Object({ ...monitor, heldConnection: Connection, holdingDevice: Subject, ...cause, ...ext }, strict),
  RetrievedEvent: Type.Object({ ...monitor, retrievedConnection: Connection, retrievingDevice: Subject, ...cause, ...ext }, strict),
  ConnectionClearedEvent: Type.Object({ ...monitor, droppedConnection: Connection, releasingDevice: Subject, ...cause, ...ext }, strict),
  CallClearedEvent: Type.Object({ ...monitor, clearedCall: Type.Object({ callID: Identifier }, strict), ...cause, ...ext }, strict),
  TransferredEvent: Type.Object(
    {
      ...monitor,
      primaryOldCall: Connection,
      secondaryOldCall: Type.Optional(Connection),
      transferringDevice: Subject,
      transferredToDevice: Subject,
      callingDevice: Type.Optional(Subject),
      calledDevice: Type.Optional(Subject),
      ...cause,
      ...ext,
    },
    strict,
  ),
  ConferencedEvent: Type.Object(
    {
      ...monitor,
      primaryOldCall: Connection,
      secondaryOldCall: Connection,
      conferencingDevice: Subject,
      addedParty: Subject,
      callingDevice: Type.Optional(Subject),
      calledDevice: Type.Optional(Subject),
      ...cause,
      ...ext,
    },
    strict,
  ),
  FailedEvent: Type.Object({ ...monitor, failedConnection: Connection, failingDevice: Subject, calledDevice: Subject, ...cause, ...ext }, strict),
  DivertedEvent: Type.Object({ ...monitor, connection: Connection, divertingDevice: Subject, newDestination: Subject, ...cause, ...ext }, strict),
  QueuedEvent: Type.Object(
    { ...monitor, queuedConnection: Connection, queue: Subject, callingDevice: Subject, calledDevice: Subject, ...cause, ...ext },
    strict,
  ),
  AgentLoggedOnEvent: Type.Object({ ...monitor, agentDevice: Subject, agentID: Identifier, ...ext }, strict),
  AgentLoggedOffEvent: Type.Object({ ...monitor, agentDevice: Subject, agentID: Identifier, ...ext }, strict),
  AgentReadyEvent: Type.Object({ ...monitor, agentDevice: Subject, agentID: Identifier, ...ext }, strict),
  AgentNotReadyEvent: Type.Object({ ...monitor, agentDevice: Subject, agentID: Identifier, ...ext }, strict),
  AgentWorkingAfterCallEvent: Type.Object({ ...monitor, agentDevice: Subject, agentID: Identifier, ...ext }, strict),
  AgentBusyEvent: Type.Object({ ...monitor, agentDevice: Subject, agentID: Identifier, ...ext }, strict),
} satisfies Record<string, TSchema>;

/** The parts many messages share, by the type name the published XML Schemas give them (xsd.ts). */
export const SHARED_PARTS: Readonly<Record<string, TSchema>> = {
  DeviceNumber,
  Identifier,
  Counter,
  ConnectionID: Connection,
  SubjectDeviceID: Subject,
  CSTACommonArguments: Extensions,
  EventCause,
  LocalConnectionState,
  AgentState: CstaAgentState,
  RequestedAgentState,
};

export type MessageType = keyof typeof MessageSchemas;
export type CstaMessage = { [K in MessageType]: { readonly type: K; readonly body: Static<(typeof MessageSchemas)[K]> } }[MessageType];
export type CstaMessageOf<K extends MessageType> = Extract<CstaMessage, { type: K }>;
export type BodyOf<K extends MessageType> = Static<(typeof MessageSchemas)[K]>;
export const MESSAGE_TYPES = Object.keys(MessageSchemas) as MessageType[];

const SESSION_MESSAGES: ReadonlySet<MessageType> = new Set([
  'StartApplicationSession',
  'StartApplicationSessionPosResponse',
  'StartApplicationSessionNegResponse',
  'StopApplicationSession',
  'StopApplicationSessionPosResponse',
]);

export function namespaceOf(type: MessageType): string {
  return SESSION_MESSAGES.has(type) ? SESSION_NAMESPACE : CSTA_NAMESPACE;
}

export function isEventType(type: MessageType): boolean {
  return type.endsWith('Event');
}
