/**
 * The switch's data: state, inputs and events. Vendor-neutral (no wire names beyond the CSTA
 * event names every dialect maps from). Everything is readonly: `step` copies on write.
 */
import type { Refused } from './errors.ts';

/** A device number: an extension on the switch, or an external party's number. */
export type DeviceNumber = string;
export type CallId = string;
export type QueueId = string;
export type AgentId = string;
export type CallData = Readonly<Record<string, string>>;

// ---------------------------------------------------------------- state

export interface Queue {
  readonly id: QueueId;
  /** The number callers dial to reach the queue (the DNIS). */
  readonly dialledNumber: DeviceNumber;
  /** Extensions in hunt order: a call rings the first free one. */
  readonly members: readonly DeviceNumber[];
}

export type AgentStatus =
  | { readonly kind: 'loggedOut' }
  /** Logged in, not yet ready: no reason given. */
  | { readonly kind: 'loggedIn'; readonly extension: DeviceNumber }
  | { readonly kind: 'ready'; readonly extension: DeviceNumber }
  | { readonly kind: 'notReady'; readonly extension: DeviceNumber; readonly reasonCode?: string }
  | { readonly kind: 'afterCallWork'; readonly extension: DeviceNumber };

export type AgentAction = 'login' | 'ready' | 'notReady' | 'afterCallWork' | 'logout';

export interface Agent {
  readonly id: AgentId;
  /** Kept for agent-login requests over the wire; never logged. */
  readonly password: string;
  readonly status: AgentStatus;
  /** Clock time of the last status change. */
  readonly since: number;
}

export type ConnectionState = 'initiated' | 'alerting' | 'connected' | 'held';

export interface Connection {
  readonly device: DeviceNumber;
  readonly state: ConnectionState;
}

/** queued: waiting in a queue, nothing rings; alerting: ringing somewhere; connected: answered. */
export type CallPhase = 'queued' | 'alerting' | 'connected';

export interface Call {
  readonly id: CallId;
  /** Who placed the call: an external number or an extension. */
  readonly callingDevice: DeviceNumber;
  /** What the caller dialled: an extension or a queue's dialled number. */
  readonly calledDevice: DeviceNumber;
  /** Set exactly when the caller is external (came in over a trunk). */
  readonly trunkUsed?: string;
  readonly callData: CallData;
  /** The queue the call came through, if any. */
  readonly queue?: QueueId;
  readonly phase: CallPhase;
  /** Current connections of extensions (external parties are not devices on this switch). */
  readonly connections: readonly Connection[];
  /** Every extension that has or had a connection: they all hear about the call until it ends. */
  readonly parties: readonly DeviceNumber[];
  readonly startedAt: number;
}

export interface ModelState {
  /** Provisioned extensions, in provisioning order. */
  readonly extensions: ReadonlySet<DeviceNumber>;
  readonly queues: ReadonlyMap<QueueId, Queue>;
  readonly agents: ReadonlyMap<AgentId, Agent>;
  /** Active calls in creation order (the order also serves as FIFO order for queues). */
  readonly calls: ReadonlyMap<CallId, Call>;
  /** Makes call ids deterministic: C1, C2, … */
  readonly callCounter: number;
}

// ---------------------------------------------------------------- inputs

export interface Provisioning {
  readonly extensions?: readonly DeviceNumber[];
  readonly queues?: readonly Queue[];
  readonly agents?: readonly { readonly id: AgentId; readonly password: string }[];
}

export type CallTarget = { readonly queue: QueueId } | { readonly extension: DeviceNumber };

export type ModelInput =
  | ({ readonly kind: 'provision' } & Provisioning)
  | { readonly kind: 'customerCall'; readonly from: DeviceNumber; readonly to: CallTarget; readonly callData?: CallData }
  | { readonly kind: 'internalCall'; readonly from: DeviceNumber; readonly to: DeviceNumber }
  | { readonly kind: 'answerAtPhone'; readonly extension: DeviceNumber; readonly call?: CallId }
  /** `caller` is whoever placed the call (external number or calling extension). */
  | { readonly kind: 'hangUp'; readonly call: CallId; readonly party: 'caller' | DeviceNumber }
  | { readonly kind: 'agentAtPhone'; readonly agent: AgentId; readonly extension: DeviceNumber; readonly action: AgentAction; readonly reasonCode?: string };

export type ModelInputKind = ModelInput['kind'];
export type InputOf<K extends ModelInputKind> = Extract<ModelInput, { kind: K }>;

// ---------------------------------------------------------------- events

export type Cause = 'newCall' | 'normal' | 'callCancelled' | 'noAnswer' | 'busy' | 'invalidNumber';

/** The devices whose monitors must receive the event: every extension in the call, or the agent's extension. */
interface Routed {
  readonly devices: readonly DeviceNumber[];
}

interface CallParticulars {
  readonly callId: CallId;
  readonly callingDevice: DeviceNumber;
  readonly calledDevice: DeviceNumber;
  readonly trunkUsed?: string;
  readonly callData: CallData;
  readonly cause: Cause;
}

export type ModelEvent = Routed &
  (
    | ({ readonly name: 'Delivered'; readonly alertingDevice: DeviceNumber } & CallParticulars)
    | ({ readonly name: 'Established'; readonly answeringDevice: DeviceNumber } & CallParticulars)
    | { readonly name: 'ConnectionCleared'; readonly callId: CallId; readonly releasingDevice: DeviceNumber; readonly cause: Cause }
    | { readonly name: 'CallCleared'; readonly callId: CallId; readonly cause: Cause }
    | { readonly name: 'AgentLoggedOn'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
    | { readonly name: 'AgentLoggedOff'; readonly agentId: AgentId; readonly deviceId: DeviceNumber; readonly reasonCode?: string }
    | { readonly name: 'AgentReady'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
    | { readonly name: 'AgentNotReady'; readonly agentId: AgentId; readonly deviceId: DeviceNumber; readonly reasonCode?: string }
    | { readonly name: 'AgentWorkingAfterCall'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
  );

export type ModelEventName = ModelEvent['name'];
export type ModelEventOf<K extends ModelEventName> = Extract<ModelEvent, { name: K }>;

// ---------------------------------------------------------------- results

export interface Applied {
  readonly ok: true;
  readonly state: ModelState;
  /** In the order the switch produced them. */
  readonly events: readonly ModelEvent[];
  /** Set by the inputs that create a call. */
  readonly callId?: CallId;
}

export type StepResult = Applied | Refused;
