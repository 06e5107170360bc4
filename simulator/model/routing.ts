/**
 * Queue routing. A queued call rings, in hunt order (the queue's members as provisioned), the
 * first member extension that takes queue calls:
 * - a member with no agent logged in takes them whenever it has no call (hunt-group behaviour);
 * - a member with a logged-in agent takes them only when it has no call and the agent is Ready
 *   and serves the queue.
 * Calls are served oldest first (the calls map keeps creation order), which makes each queue FIFO;
 * a call that comes back after ring-no-answer keeps its place, so it is at the head again.
 * A queue call ringing an agent gets a ring-no-answer deadline when ringTimeoutMs is set.
 */
import { delivered } from './call-events.ts';
import { addParty, agentOn, isFree, withCall, type Changed } from './state.ts';
import { QUEUED, type Agent, type Call, type DeviceNumber, type ModelEvent, type ModelState, type QueueId } from './types.ts';

/** The call ringing at `extension`, which must be free. */
export function ring(call: Call, extension: DeviceNumber, noAnswerAt?: number): Call {
  return {
    ...call,
    phase: 'alerting',
    connections: [...call.connections, { device: extension, state: 'alerting' }],
    parties: addParty(call.parties, extension),
    ...(noAnswerAt === undefined ? {} : { noAnswerAt }),
  };
}

/** The call without its ring-no-answer deadline (answered, or the ring stopped). */
export function withoutRingDeadline(call: Call): Call {
  if (call.noAnswerAt === undefined) return call;
  const { noAnswerAt: _dropped, ...rest } = call;
  return rest;
}

/** An agent serves a queue they logged in to, or, logged in without one, every queue they are provisioned for (all when none are listed). */
export function serves(agent: Agent, queue: QueueId): boolean {
  if (agent.status.kind === 'loggedOut') return false;
  if (agent.status.queue !== undefined) return agent.status.queue === queue;
  return agent.queues === undefined || agent.queues.includes(queue);
}

export function takesQueueCall(state: ModelState, extension: DeviceNumber, queue: QueueId): boolean {
  if (!isFree(state, extension)) return false;
  const agent = agentOn(state, extension);
  return agent === undefined || (agent.status.kind === 'ready' && serves(agent, queue));
}

/** Offers waiting calls to members that take them; run after anything that may free a member, make an agent Ready, or queue a call. */
export function dispatch(state: ModelState, now: number): Changed {
  let next = state;
  const events: ModelEvent[] = [];
  const ringTimeoutMs = state.acd.ringTimeoutMs ?? 0;
  for (const call of state.calls.under(QUEUED)) {
    if (call.queue === undefined) continue;
    const queueId = call.queue;
    const member = next.queues.get(queueId)?.members.find((m) => takesQueueCall(next, m, queueId));
    if (member === undefined) continue;
    const timed = ringTimeoutMs > 0 && agentOn(next, member) !== undefined;
    const ringing = ring(call, member, timed ? now + ringTimeoutMs : undefined);
    next = withCall(next, ringing);
    events.push(delivered(ringing, member));
  }
  return { state: next, events };
}
