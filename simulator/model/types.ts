/**
 * The switch's data: state, inputs and events. Vendor-neutral (no wire names beyond the CSTA
 * event names every dialect maps from). Everything is readonly: `step` copies on write.
 *
 * Over 300 lines on purpose: declarations only, one per kind of state, input and event, read by
 * name rather than top to bottom; the protocol's and the sessions' rooms import it whole.
 */
import type { Refused } from './errors.ts';
import type { Table } from './table.ts';

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

/** What a far end (an outside number in a call) does next by itself, and when (clock time). */
export interface FarEndDue {
  readonly at: number;
  /** answer: it answers; noAnswer: the switch gives up ringing it (Failed, cause noAnswer); hangUp: it hangs up. */
  readonly then: 'answer' | 'noAnswer' | 'hangUp';
}

/**
 * A party's part in a call: an extension of this switch, or an outside number (a customer who
 * called in, a far end that was dialled). Outside numbers are not devices here: nobody monitors them.
 */
export interface Connection {
  readonly device: DeviceNumber;
  readonly state: ConnectionState;
  /** Outside numbers only: the far end's next move by itself (see the dial plan). */
  readonly due?: FarEndDue;
}

/** Why a call is being offered when it is not a new call: the cause its Delivered and Established carry. */
export type OfferCause = 'consultation' | 'transfer' | 'singleStepTransfer';

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
  /** Every party in the call, in the order they joined: extensions and outside numbers. */
  readonly connections: readonly Connection[];
  /** The extensions that hear about the call: those with a connection (an extension that leaves hears its own departure, then nothing more). */
  readonly parties: readonly DeviceNumber[];
  readonly startedAt: number;
  /** A queue call ringing an agent: when the ACD gives up on the ring (ring-no-answer). */
  readonly noAnswerAt?: number;
  /** Set while the call is offered as a consult or after a transfer; absent for a new call. */
  readonly offerCause?: OfferCause;
}

/** What a far end does when it is dialled. */
export type FarEndBehaviour = 'answer' | 'ring' | 'busy' | 'noAnswer' | 'invalidNumber';

export interface FarEndSettings {
  /**
   * answer: rings, then answers after answerAfterMs; ring: rings until told to answer (farEndAnswers);
   * busy / invalidNumber: the call fails at once (Failed with that cause); noAnswer: rings for
   * noAnswerAfterMs, then the call fails (Failed, cause noAnswer).
   */
  readonly behaviour: FarEndBehaviour;
  /** answer only: how long it rings before answering; default 0 (at once). */
  readonly answerAfterMs?: number;
  /** noAnswer only: how long it rings before the switch gives up; default 30000. */
  readonly noAnswerAfterMs?: number;
  /** answer and ring only: once answered, it hangs up this long after; absent = it stays until someone else ends the call. */
  readonly hangUpAfterMs?: number;
}

export interface OutsideNumber extends FarEndSettings {
  readonly number: DeviceNumber;
}

/** Which outside numbers exist and what they do; which are barred. */
export interface DialPlan {
  readonly outside: ReadonlyMap<DeviceNumber, FarEndSettings>;
  /** A number starting with one of these is barred (callRejected); extensions and queue numbers never are. */
  readonly barredPrefixes: readonly string[];
  /** What an outside number not listed does; 'refused' (default): the switch refuses it at once (unknownNumber). */
  readonly unlisted: FarEndSettings | 'refused';
}

/** Dial-plan settings, merged over the current plan: listed numbers replace their entries, other fields given replace the earlier value. */
export interface DialPlanSettings {
  readonly outside?: readonly OutsideNumber[];
  readonly barredPrefixes?: readonly string[];
  readonly unlisted?: FarEndSettings | 'refused';
}

/** Index terms of the state's tables besides device numbers (state.ts keeps them). */
export const QUEUED = Symbol('queued');
export const TIMED = Symbol('has a deadline');
/** Calls by id, found by device, QUEUED and TIMED. */
export type CallTable = Table<CallId, Call, DeviceNumber | typeof QUEUED | typeof TIMED>;
/** Agents by id, found by the extension they are logged in on and TIMED. */
export type AgentTable = Table<AgentId, Agent, DeviceNumber | typeof TIMED>;

export interface ModelState {
  /** Provisioned extensions, in provisioning order. */
  readonly extensions: ReadonlySet<DeviceNumber>;
  /** The extensions with call waiting (decision 0061): a second call alerts there instead of being refused `extensionBusy`. */
  readonly callWaiting: ReadonlySet<DeviceNumber>;
  readonly queues: ReadonlyMap<QueueId, Queue>;
  /** In provisioning order. */
  readonly agents: AgentTable;
  readonly acd: AcdOptions;
  readonly dialPlan: DialPlan;
  /** Active calls in creation order (the order also serves as FIFO order for queues). */
  readonly calls: CallTable;
  /** Makes call ids deterministic: C1, C2, … */
  readonly callCounter: number;
  /** The call ids the switch numbers calls with, C1 to C<n>, an id reused once its call has ended; null: never reused. */
  readonly callIdSpace: number | null;
}

// ---------------------------------------------------------------- inputs

export interface Provisioning {
  readonly extensions?: readonly DeviceNumber[];
  /** Extensions (provisioned in this input or before) that get call waiting (decision 0061); default none. */
  readonly callWaiting?: readonly DeviceNumber[];
  readonly queues?: readonly Queue[];
  readonly agents?: readonly { readonly id: AgentId; readonly password: string; readonly queues?: readonly QueueId[] }[];
  /** Merged into the ACD's options, as configureAcd does. */
  readonly acd?: AcdOptions;
  /** Merged into the dial plan, as configureDialPlan does. */
  readonly dialPlan?: DialPlanSettings;
  /** Call ids C1 to C<callIdSpace>, reused once their call has ended, as PBXs recycle call ids (decision 0150); default never reused. */
  readonly callIdSpace?: number;
}

export type CallTarget = { readonly queue: QueueId } | { readonly extension: DeviceNumber };

export type ModelInput =
  | ({ readonly kind: 'provision' } & Provisioning)
  | { readonly kind: 'customerCall'; readonly from: DeviceNumber; readonly to: CallTarget; readonly callData?: CallData }
  | { readonly kind: 'internalCall'; readonly from: DeviceNumber; readonly to: DeviceNumber }
  | { readonly kind: 'answerAtPhone'; readonly extension: DeviceNumber; readonly call?: CallId }
  /** The CTI link's AnswerCall: like answerAtPhone, but a call with no connection at the extension is `notInCall`. */
  | { readonly kind: 'answerCall'; readonly extension: DeviceNumber; readonly call: CallId }
  /** A party leaves: hang-up, or dropped by someone else. `caller` is whoever placed the call; any party in the call may leave, outside numbers included. */
  | { readonly kind: 'hangUp'; readonly call: CallId; readonly party: 'caller' | DeviceNumber }
  /** The extension dials `to`: an extension, a queue's number or an outside number (MakeCall, or dialling at the phone). */
  | { readonly kind: 'makeCall'; readonly from: DeviceNumber; readonly to: DeviceNumber; readonly callData?: CallData }
  /** `call` absent: the call connected at the extension. */
  | { readonly kind: 'holdCall'; readonly extension: DeviceNumber; readonly call?: CallId }
  /** `call` absent: the one call held at the extension. */
  | { readonly kind: 'retrieveCall'; readonly extension: DeviceNumber; readonly call?: CallId }
  /** Holds `call` at the extension and dials `to` on a new call; `callData` absent = the held call's. */
  | { readonly kind: 'consultationCall'; readonly extension: DeviceNumber; readonly call: CallId; readonly to: DeviceNumber; readonly callData?: CallData }
  | { readonly kind: 'transferCall'; readonly extension: DeviceNumber; readonly heldCall: CallId; readonly activeCall: CallId }
  | { readonly kind: 'conferenceCall'; readonly extension: DeviceNumber; readonly heldCall: CallId; readonly activeCall: CallId }
  /** The extension leaves `call`, which is offered to `to`; `callData` is merged over the call's. */
  | { readonly kind: 'singleStepTransfer'; readonly extension: DeviceNumber; readonly call: CallId; readonly to: DeviceNumber; readonly callData?: CallData }
  | { readonly kind: 'generateDigits'; readonly extension: DeviceNumber; readonly call: CallId; readonly digits: string }
  /** The far end ringing in the call answers; `number` absent = the one outside number alerting. */
  | { readonly kind: 'farEndAnswers'; readonly call: CallId; readonly number?: DeviceNumber }
  | ({ readonly kind: 'configureDialPlan' } & DialPlanSettings)
  /** The agent at the phone (trusted: no password). `queue` only with login. */
  | {
      readonly kind: 'agentAtPhone';
      readonly agent: AgentId;
      readonly extension: DeviceNumber;
      readonly action: AgentAction;
      readonly reasonCode?: string;
      readonly queue?: QueueId;
    }
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

export type Cause =
  | 'newCall'
  | 'normal'
  | 'callCancelled'
  | 'noAnswer'
  | 'busy'
  | 'invalidNumber'
  | 'makeCall'
  | 'consultation'
  | 'transfer'
  | 'singleStepTransfer'
  | 'conference';

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
    | {
        readonly name: 'Originated';
        readonly callId: CallId;
        readonly callingDevice: DeviceNumber;
        readonly calledDevice: DeviceNumber;
        readonly trunkUsed?: string;
        readonly callData: CallData;
        readonly cause: Cause;
      }
    | { readonly name: 'Held'; readonly callId: CallId; readonly holdingDevice: DeviceNumber; readonly cause: Cause }
    | { readonly name: 'Retrieved'; readonly callId: CallId; readonly retrievingDevice: DeviceNumber; readonly cause: Cause }
    | {
        readonly name: 'Transferred';
        readonly callId: CallId;
        readonly secondaryOldCall?: CallId;
        readonly transferringDevice: DeviceNumber;
        readonly transferredToDevice: DeviceNumber;
        /** The call's own caller and dialled number, so a device joining by transfer can show them. */
        readonly callingDevice: DeviceNumber;
        readonly calledDevice: DeviceNumber;
        readonly parties: readonly DeviceNumber[];
        readonly callData: CallData;
        readonly cause: Cause;
      }
    | {
        readonly name: 'Conferenced';
        readonly callId: CallId;
        readonly secondaryOldCall: CallId;
        readonly conferencingDevice: DeviceNumber;
        readonly addedParty: DeviceNumber;
        readonly callingDevice: DeviceNumber;
        readonly calledDevice: DeviceNumber;
        readonly parties: readonly DeviceNumber[];
        readonly callData: CallData;
        readonly cause: Cause;
      }
    | { readonly name: 'Failed'; readonly callId: CallId; readonly failingDevice: DeviceNumber; readonly calledDevice: DeviceNumber; readonly cause: Cause }
    /** Switch-only (no monitor hears it; CSTA has no event for it): digits sent on a call, for the harness's trace. */
    | { readonly name: 'DigitsGenerated'; readonly callId: CallId; readonly deviceId: DeviceNumber; readonly digits: string }
    | { readonly name: 'AgentLoggedOn'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
    | { readonly name: 'AgentLoggedOff'; readonly agentId: AgentId; readonly deviceId: DeviceNumber; readonly reasonCode?: string }
    | { readonly name: 'AgentReady'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
    | { readonly name: 'AgentNotReady'; readonly agentId: AgentId; readonly deviceId: DeviceNumber; readonly reasonCode?: string }
    | { readonly name: 'AgentWorkingAfterCall'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
    | { readonly name: 'AgentBusy'; readonly agentId: AgentId; readonly deviceId: DeviceNumber }
  );

export type ModelEventName = ModelEvent['name'];
export type ModelEventOf<K extends ModelEventName> = Extract<ModelEvent, { name: K }>;
/** The events the switch puts on the CTI link (all but the switch-only ones). */
export type WireModelEvent = Exclude<ModelEvent, { readonly name: 'DigitsGenerated' }>;

export function isWireEvent(event: ModelEvent): event is WireModelEvent {
  return event.name !== 'DigitsGenerated';
}

// ---------------------------------------------------------------- results

export interface Applied {
  readonly ok: true;
  readonly state: ModelState;
  /** In the order the switch produced them. */
  readonly events: readonly ModelEvent[];
  /** Set by the inputs that create a call, and by transfers and conferences: the call that goes on. */
  readonly callId?: CallId;
}

export type StepResult = Applied | Refused;
