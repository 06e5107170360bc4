/**
 * The switch's state as plain JSON, for readers outside the process (`GET /control/truth`): maps
 * become arrays in their order, agents carry their status but never their password. Pure.
 */
import type {
  AcdOptions,
  AgentStatus,
  CallData,
  CallPhase,
  ConnectionState,
  FarEndDue,
  FarEndSettings,
  ModelState,
  OfferCause,
  Queue,
} from '../model/types.ts';
import { nextDeadline } from '../model/deadlines.ts';

export interface TruthView {
  /** Clock time of the view. */
  readonly at: number;
  /** Provisioned extensions, in provisioning order. */
  readonly extensions: readonly string[];
  /** The extensions with call waiting (decision 0061), in provisioning order. */
  readonly callWaiting: readonly string[];
  readonly queues: readonly Queue[];
  /** Every provisioned agent, in provisioning order. */
  readonly agents: readonly AgentView[];
  /** Active calls, oldest first. */
  readonly calls: readonly CallView[];
  readonly acd: AcdOptions;
  readonly dialPlan: {
    readonly outside: readonly ({ readonly number: string } & FarEndSettings)[];
    readonly barredPrefixes: readonly string[];
    readonly unlisted: FarEndSettings | 'refused';
  };
  /** Clock time at which the switch will next act by itself (after-call work ending, a ring timing out, a far end), or null. */
  readonly nextDeadline: number | null;
}

export interface AgentView {
  readonly id: string;
  /** Absent: the agent serves every queue. */
  readonly queues?: readonly string[];
  /** `kind` (loggedOut, loggedIn, ready, notReady, afterCallWork, busy) and, when logged in, `extension`, `queue?`, `reasonCode?`, `until?`. */
  readonly status: AgentStatus;
  /** Clock time of the last status change. */
  readonly since: number;
}

export interface CallView {
  readonly id: string;
  readonly callingDevice: string;
  readonly calledDevice: string;
  readonly trunkUsed?: string;
  readonly queue?: string;
  readonly phase: CallPhase;
  readonly callData: CallData;
  /** Every party in the call, in the order they joined, with its connection state. */
  readonly connections: readonly { readonly device: string; readonly state: ConnectionState; readonly due?: FarEndDue }[];
  /** The extensions that hear about the call. */
  readonly parties: readonly string[];
  readonly startedAt: number;
  readonly noAnswerAt?: number;
  readonly offerCause?: OfferCause;
}

export function truthView(state: ModelState, at: number): TruthView {
  return {
    at,
    extensions: [...state.extensions],
    callWaiting: [...state.callWaiting],
    queues: [...state.queues.values()].map((q) => ({ id: q.id, dialledNumber: q.dialledNumber, members: [...q.members] })),
    agents: [...state.agents.values()].map((agent) => ({
      id: agent.id,
      ...(agent.queues === undefined ? {} : { queues: [...agent.queues] }),
      status: { ...agent.status },
      since: agent.since,
    })),
    calls: [...state.calls.values()].map((call) => ({
      id: call.id,
      callingDevice: call.callingDevice,
      calledDevice: call.calledDevice,
      ...(call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed }),
      ...(call.queue === undefined ? {} : { queue: call.queue }),
      phase: call.phase,
      callData: { ...call.callData },
      connections: call.connections.map((c) => ({ device: c.device, state: c.state, ...(c.due === undefined ? {} : { due: { ...c.due } }) })),
      parties: [...call.parties],
      startedAt: call.startedAt,
      ...(call.noAnswerAt === undefined ? {} : { noAnswerAt: call.noAnswerAt }),
      ...(call.offerCause === undefined ? {} : { offerCause: call.offerCause }),
    })),
    acd: { ...state.acd },
    dialPlan: {
      outside: [...state.dialPlan.outside].map(([number, settings]) => ({ number, ...settings })),
      barredPrefixes: [...state.dialPlan.barredPrefixes],
      unlisted: state.dialPlan.unlisted,
    },
    nextDeadline: nextDeadline(state),
  };
}
