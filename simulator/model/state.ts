/** The empty switch and small copy-on-write helpers over its state. */
import type { Agent, Call, CallId, Connection, DeviceNumber, ModelEvent, ModelState } from './types.ts';

/** A change the switch made: the new state and the events it produced, in order. */
export interface Changed {
  readonly state: ModelState;
  readonly events: readonly ModelEvent[];
}

export function emptyState(): ModelState {
  return {
    extensions: new Set(),
    queues: new Map(),
    agents: new Map(),
    acd: {},
    dialPlan: { outside: new Map(), barredPrefixes: [], unlisted: 'refused' },
    calls: new Map(),
    callCounter: 0,
  };
}

/** The first active call in which the extension has a connection (any state), if any. */
export function callAt(state: ModelState, extension: DeviceNumber): Call | undefined {
  for (const call of state.calls.values()) {
    if (call.connections.some((c) => c.device === extension)) return call;
  }
  return undefined;
}

/** Every active call in which the device has a connection, in creation order. */
export function callsAt(state: ModelState, device: DeviceNumber): Call[] {
  return [...state.calls.values()].filter((call) => call.connections.some((c) => c.device === device));
}

export function connectionOf(call: Call, device: DeviceNumber): Connection | undefined {
  return call.connections.find((c) => c.device === device);
}

/**
 * The extension's active call: the one where its connection is initiated, alerting or connected.
 * An extension has at most one; any number of its calls may be held.
 */
export function activeCallAt(state: ModelState, extension: DeviceNumber): Call | undefined {
  return callsAt(state, extension).find((call) => connectionOf(call, extension)?.state !== 'held');
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
  for (const agent of state.agents.values()) if (agent.status.kind !== 'loggedOut' && agent.status.extension === extension) return agent;
  return undefined;
}

export function withCall(state: ModelState, call: Call): ModelState {
  return { ...state, calls: new Map(state.calls).set(call.id, call) };
}

export function withoutCall(state: ModelState, id: CallId): ModelState {
  const calls = new Map(state.calls);
  calls.delete(id);
  return { ...state, calls };
}

export function withAgent(state: ModelState, agent: Agent): ModelState {
  return { ...state, agents: new Map(state.agents).set(agent.id, agent) };
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
