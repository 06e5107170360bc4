/** The empty switch and small copy-on-write helpers over its state. */
import type { Agent, Call, CallId, DeviceNumber, ModelEvent, ModelState } from './types.ts';

/** A change the switch made: the new state and the events it produced, in order. */
export interface Changed {
  readonly state: ModelState;
  readonly events: readonly ModelEvent[];
}

export function emptyState(): ModelState {
  return { extensions: new Set(), queues: new Map(), agents: new Map(), acd: {}, calls: new Map(), callCounter: 0 };
}

/** The active call in which the extension has a connection, if any (one call per extension). */
export function callAt(state: ModelState, extension: DeviceNumber): Call | undefined {
  for (const call of state.calls.values()) {
    if (call.connections.some((c) => c.device === extension)) return call;
  }
  return undefined;
}

export function isFree(state: ModelState, extension: DeviceNumber): boolean {
  return callAt(state, extension) === undefined;
}

/** True when a call is connected (talking, not ringing or dialling) at the extension. */
export function isConnectedAt(state: ModelState, extension: DeviceNumber): boolean {
  return callAt(state, extension)?.connections.some((c) => c.device === extension && c.state === 'connected') === true;
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
