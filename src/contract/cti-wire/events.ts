/**
 * The CTI link's events (server -> adapter), CSTA-named, with their causes.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CallData, DeviceId, Id, ReasonCode, strict } from './fields.ts';
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
  ConnectionCleared: Type.Object({ name: Type.Literal('ConnectionCleared'), callId: Id, releasingDevice: DeviceId, cause: Cause }, strict),
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
