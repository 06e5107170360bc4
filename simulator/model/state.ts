/** The empty switch and small copy-on-write helpers over its state. */
import { Table } from './table.ts';
import {
  QUEUED,
  TIMED,
  type AgentTable,
  type Agent,
  type Call,
  type CallId,
  type CallTable,
  type Connection,
  type DeviceNumber,
  type ModelEvent,
  type ModelState,
} from './types.ts';

/** A change the switch made: the new state and the events it produced, in order. */
export interface Changed {
  readonly state: ModelState;
  readonly events: readonly ModelEvent[];
}

export function emptyState(): ModelState {
  return {
    extensions: new Set(),
    callWaiting: new Set(),
    queues: new Map(),
    agents: Table.empty(agentTerms),
    acd: {},
    dialPlan: { outside: new Map(), barredPrefixes: [], unlisted: 'refused' },
    calls: Table.empty(callTerms),
    callCounter: 0,
    callIdSpace: null,
  };
}

/** Calls are found by each device in them, while queued, and while they have a deadline of their own (deadlines.ts). */
function callTerms(call: Call): readonly (DeviceNumber | typeof QUEUED | typeof TIMED)[] {
  const terms: (DeviceNumber | typeof QUEUED | typeof TIMED)[] = call.connections.map((c) => c.device);
  if (call.phase === 'queued') terms.push(QUEUED);
  if ((call.phase === 'alerting' && call.noAnswerAt !== undefined) || call.connections.some((c) => c.due !== undefined)) terms.push(TIMED);
  return terms;
}

/** Agents are found by the extension they are logged in on, and while in timed after-call work. */
function agentTerms(agent: Agent): readonly (DeviceNumber | typeof TIMED)[] {
  const { status } = agent;
  if (status.kind === 'loggedOut') return [];
  return status.kind === 'afterCallWork' && status.until !== undefined ? [status.extension, TIMED] : [status.extension];
}

/** The first active call in which the extension has a connection (any state), if any. */
export function callAt(state: ModelState, extension: DeviceNumber): Call | undefined {
  return callsAt(state, extension)[0];
}

/** Every active call in which the device has a connection, in creation order. */
export function callsAt(state: ModelState, device: DeviceNumber): Call[] {
  return state.calls.under(device);
}

export function connectionOf(call: Call, device: DeviceNumber): Connection | undefined {
  return call.connections.find((c) => c.device === device);
}

/**
 * The extension's first active call: one where its connection is initiated, alerting or
 * connected. Without call waiting an extension has at most one; with it, a second one may alert
 * (decision 0061). Any number of its calls may be held.
 */
export function activeCallAt(state: ModelState, extension: DeviceNumber): Call | undefined {
  return callsAt(state, extension).find((call) => connectionOf(call, extension)?.state !== 'held');
}

/** The extension's calls whose connection there is in this state, oldest first. */
export function callsInStateAt(state: ModelState, extension: DeviceNumber, connection: Connection['state']): Call[] {
  return callsAt(state, extension).filter((call) => connectionOf(call, extension)?.state === connection);
}

/**
 * Whether a new call may alert at the extension, and if not the call in the way. Free of active
 * calls: yes. With call waiting (decision 0061): while its one active call is alerting or
 * connected, a second call alerts beside it; dialling (initiated), or two active calls already,
 * refuse it. Held calls never count.
 */
export function callInTheWay(state: ModelState, extension: DeviceNumber): Call | undefined {
  const active = callsAt(state, extension).filter((call) => connectionOf(call, extension)?.state !== 'held');
  const [first, second] = active;
  if (first === undefined) return undefined;
  if (!state.callWaiting.has(extension) || second !== undefined) return first;
  return connectionOf(first, extension)?.state === 'initiated' ? first : undefined;
}

export function isFree(state: ModelState, extension: DeviceNumber): boolean {
  return callAt(state, extension) === undefined;
}

/** True when the extension is on a call: connected (talking) or holding one. Ringing or dialling does not count. */
export function isOnCallAt(state: ModelState, extension: DeviceNumber): boolean {
  return callsAt(state, extension).some((call) => {
    const s = connectionOf(call, extension)?.state;
    return s === 'connected' || s === 'held';
  });
}

/** The agent logged in on the extension, if any (one agent per extension). */
export function agentOn(state: ModelState, extension: DeviceNumber): Agent | undefined {
  return state.agents.under(extension)[0];
}

/**
 * The state with other tables or counter. Written out rather than spread: on Node 20 a spread
 * copy per step was measurably slower and kept young objects alive longer (decision 0019).
 */
export function rebuilt(state: ModelState, calls: CallTable, agents: AgentTable, callCounter: number): ModelState {
  return {
    extensions: state.extensions,
    callWaiting: state.callWaiting,
    queues: state.queues,
    agents,
    acd: state.acd,
    dialPlan: state.dialPlan,
    calls,
    callCounter,
    callIdSpace: state.callIdSpace,
  };
}

/**
 * The id of the call about to be created: C<n> for the n-th call; within a call id space, the next
 * id of the space in turn whose call has ended, and beyond the space only while every id in it is
 * still in use (a switch never gives one id to two live calls).
 */
export function newCallId(state: ModelState): CallId {
  const n = state.callCounter + 1;
  const space = state.callIdSpace;
  if (space === null) return `C${n}`;
  for (let i = 0; i < space; i++) {
    const id = `C${((n - 1 + i) % space) + 1}`;
    if (!state.calls.has(id)) return id;
  }
  return `C${space + n}`;
}

export function withCall(state: ModelState, call: Call): ModelState {
  return rebuilt(state, state.calls.with(call.id, call), state.agents, state.callCounter);
}

/** The state with a call just created: the counter that named it moves on. */
export function withNewCall(state: ModelState, call: Call): ModelState {
  return rebuilt(state, state.calls.with(call.id, call), state.agents, state.callCounter + 1);
}

export function withoutCall(state: ModelState, id: CallId): ModelState {
  return rebuilt(state, state.calls.without(id), state.agents, state.callCounter);
}

export function withAgent(state: ModelState, agent: Agent): ModelState {
  return rebuilt(state, state.calls, state.agents.with(agent.id, agent), state.callCounter);
}

/** Adds a device to the call's audience once. */
export function addParty(parties: readonly DeviceNumber[], device: DeviceNumber): readonly DeviceNumber[] {
  return parties.includes(device) ? parties : [...parties, device];
}

/** The call with these connections; its audience becomes the extensions among them. */
export function withConnections(state: ModelState, call: Call, connections: readonly Connection[]): Call {
  return { ...call, connections, parties: connections.filter((c) => state.extensions.has(c.device)).map((c) => c.device) };
}

/** Devices in order, each once. */
export function unique(devices: Iterable<DeviceNumber>): DeviceNumber[] {
  return [...new Set(devices)];
}
