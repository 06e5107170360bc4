/**
 * Queue routing: a queued call rings the first member extension that has no call. Calls are
 * served oldest first (the calls map keeps creation order), which makes each queue FIFO.
 * Agent state does not gate routing yet: queue members are extensions.
 */
import { delivered } from './call-events.ts';
import { addParty, isFree, withCall } from './state.ts';
import type { Call, DeviceNumber, ModelEvent, ModelState } from './types.ts';

/** The call ringing at `extension`, which must be free. */
export function ring(call: Call, extension: DeviceNumber): Call {
  return {
    ...call,
    phase: 'alerting',
    connections: [...call.connections, { device: extension, state: 'alerting' }],
    parties: addParty(call.parties, extension),
  };
}

/** Offers waiting calls to free members; run after anything that may free an extension or queue a call. */
export function dispatch(state: ModelState): { readonly state: ModelState; readonly events: readonly ModelEvent[] } {
  let next = state;
  const events: ModelEvent[] = [];
  for (const call of state.calls.values()) {
    if (call.phase !== 'queued' || call.queue === undefined) continue;
    const queue = next.queues.get(call.queue);
    const member = queue?.members.find((m) => isFree(next, m));
    if (member === undefined) continue;
    const ringing = ring(call, member);
    next = withCall(next, ringing);
    events.push(delivered(ringing, member));
  }
  return { state: next, events };
}
