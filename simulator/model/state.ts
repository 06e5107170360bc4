/** The empty switch and small copy-on-write helpers over its state. */
import type { Agent, Call, CallId, DeviceNumber, ModelState } from './types.ts';

export function emptyState(): ModelState {
  return { extensions: new Set(), queues: new Map(), agents: new Map(), calls: new Map(), callCounter: 0 };
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
