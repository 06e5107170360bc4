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
  /** Extensions in hunt order: a call rings the first that takes queue calls (routing.ts). */
  readonly members: readonly DeviceNumber[];
}

/** Where a logged-in agent works: the extension, and the one queue they logged in to, if they named one. */
export interface AgentLogin {
  readonly extension: DeviceNumber;
  /** Absent: the agent takes calls of every queue they serve (see Agent.queues). */
  readonly queue?: QueueId;
}

export type AgentStatus =
  | { readonly kind: 'loggedOut' }
  /** Logged in, not yet ready: no reason given. */
  | ({ readonly kind: 'loggedIn' } & AgentLogin)
  | ({ readonly kind: 'ready' } & AgentLogin)
  | ({ readonly kind: 'notReady'; readonly reasonCode?: string } & AgentLogin)
  /** `until`: when the ACD ends it (clock time); absent = until the agent changes state. */
  | ({ readonly kind: 'afterCallWork'; readonly until?: number } & AgentLogin)
  /** A call is connected at the agent's extension (the ACD sets and ends this, never a request). */
  | ({ readonly kind: 'busy' } & AgentLogin);

export type AgentStatusKind = AgentStatus['kind'];
export type LoggedInStatus = Exclude<AgentStatus, { readonly kind: 'loggedOut' }>;

/** What an agent does at the phone. */
export type AgentAction = 'login' | 'ready' | 'notReady' | 'afterCallWork' | 'logout';
/** A state an agent (or a client on their behalf) may ask for. */
export type RequestedAgentState = 'ready' | 'notReady' | 'afterCallWork';

export interface Agent {
  readonly id: AgentId;
  /** Checked by agentLogin (the wire); the phone is trusted. Never logged. */
  readonly password: string;
  /** The queues whose calls the agent takes; absent = every queue. */
  readonly queues?: readonly QueueId[];
  readonly status: AgentStatus;
  /** Clock time of the last status change. */
  readonly since: number;
}

/**
 * How the ACD behaves by itself. Every field is optional; absent fields take the defaults named.
 * `configureAcd` merges: a field given replaces the earlier value, the others stay.
 */
export interface AcdOptions {
  /** After-call work lasts this long after each call, then ends in `afterCallWorkEndsIn`; 0 (default) = until the agent changes state. */
  readonly afterCallWorkMs?: number;
  /** Default 'ready'. */
  readonly afterCallWorkEndsIn?: 'ready' | 'notReady';
  /** The reason the ACD gives when after-call work ends in notReady; default none. */
  readonly afterCallWorkReasonCode?: string;
  /** The reason codes agents may give (notReady, logout); absent = any code of 1-32 characters. */
  readonly reasonCodes?: readonly string[];
  /** A queue call ringing an agent this long goes back to the queue and the agent becomes notReady; 0 (default) = rings until answered. */
  readonly ringTimeoutMs?: number;
  /** The reason the ACD gives with that notReady; default none. */
  readonly ringNoAnswerReasonCode?: string;
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
  /** A queue call ringing an agent: when the ACD gives up on the ring (ring-no-answer). */
  readonly noAnswerAt?: number;
}

export interface ModelState {
  /** Provisioned extensions, in provisioning order. */
  readonly extensions: ReadonlySet<DeviceNumber>;
  readonly queues: ReadonlyMap<QueueId, Queue>;
  readonly agents: ReadonlyMap<AgentId, Agent>;
  readonly acd: AcdOptions;
  /** Active calls in creation order (the order also serves as FIFO order for queues). */
  readonly calls: ReadonlyMap<CallId, Call>;
  /** Makes call ids deterministic: C1, C2, … */
  readonly callCounter: number;
}

// ---------------------------------------------------------------- inputs

export interface Provisioning {
  readonly extensions?: readonly DeviceNumber[];
  readonly queues?: readonly Queue[];
  readonly agents?: readonly { readonly id: AgentId; readonly password: string; readonly queues?: readonly QueueId[] }[];
  /** Merged into the ACD's options, as configureAcd does. */
  readonly acd?: AcdOptions;
}

export type CallTarget = { readonly queue: QueueId } | { readonly extension: DeviceNumber };

export type ModelInput =
  | ({ readonly kind: 'provision' } & Provisioning)
  | { readonly kind: 'customerCall'; readonly from: DeviceNumber; readonly to: CallTarget; readonly callData?: CallData }
  | { readonly kind: 'internalCall'; readonly from: DeviceNumber; readonly to: DeviceNumber }
  | { readonly kind: 'answerAtPhone'; readonly extension: DeviceNumber; readonly call?: CallId }
  /** `caller` is whoever placed the call (external number or calling extension). */
  | { readonly kind: 'hangUp'; readonly call: CallId; readonly party: 'caller' | DeviceNumber }
  /** The agent at the phone (trusted: no password). `queue` only with login. */
  | { readonly kind: 'agentAtPhone'; readonly agent: AgentId; readonly extension: DeviceNumber; readonly action: AgentAction; readonly reasonCode?: string; readonly queue?: QueueId }
  /** The CTI link's AgentLogin: the password is checked. `queue` blank or absent = the agent's queues. */
  | { readonly kind: 'agentLogin'; readonly agent: AgentId; readonly password: string; readonly extension: DeviceNumber; readonly queue?: string }
  | { readonly kind: 'agentLogout'; readonly agent: AgentId; readonly reasonCode?: string }
  | { readonly kind: 'setAgentState'; readonly agent: AgentId; readonly state: RequestedAgentState; readonly reasonCode?: string }
  /** A supervisor forces an agent notReady or out. */
  | { readonly kind: 'supervisor'; readonly agent: AgentId; readonly action: 'notReady' | 'logout'; readonly reasonCode?: string }
  | ({ readonly kind: 'configureAcd' } & AcdOptions)
  /** The clock reached a deadline the model recorded (see nextDeadline): everything due by `now` happens. */
  | { readonly kind: 'tick' };

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
    | { readonly name: 'AgentBusy'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
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
