/**
 * Provisioning is additive: each input adds extensions, queues and agents. Anything already
 * provisioned, malformed, or pointing at an unknown extension or queue refuses the whole input.
 * `acd` options and the `dialPlan` are merged as configureAcd and configureDialPlan do (they are
 * settings, not things).
 */
import { acdProblem, mergeAcd } from './acd.ts';
import { dialPlanProblem, mergeDialPlan } from './dial-plan.ts';
import { refuse } from './errors.ts';
import { DEVICE_NUMBER_RULE, ID_RULE, isDeviceNumber, isId, quote } from './names.ts';
import type { Agent, DeviceNumber, InputOf, ModelState, Queue, StepResult } from './types.ts';

/** The largest call id space a switch may be given: ids C1 to C1000000. */
export const MAX_CALL_ID_SPACE = 1_000_000;

export function provision(state: ModelState, input: InputOf<'provision'>, now: number): StepResult {
  const extensions = new Set(state.extensions);
  const queues = new Map(state.queues);
  let agents = state.agents;
  const dialled = new Set([...state.queues.values()].map((q) => q.dialledNumber));
  const bad = (message: string): StepResult => refuse('invalidProvisioning', message);

  for (const [i, ext] of (input.extensions ?? []).entries()) {
    if (!isDeviceNumber(ext)) return bad(`extensions[${i}]: expected an extension number (${DEVICE_NUMBER_RULE}), got ${quote(ext)}`);
    if (extensions.has(ext)) return bad(`extensions[${i}]: extension ${ext} is already provisioned`);
    if (dialled.has(ext)) return bad(`extensions[${i}]: ${ext} is already a queue's dialled number`);
    if (state.dialPlan.outside.has(ext)) return bad(`extensions[${i}]: ${ext} is an outside number in the dial plan`);
    extensions.add(ext);
  }
  const callWaiting = new Set(state.callWaiting);
  for (const [i, ext] of (input.callWaiting ?? []).entries()) {
    if (!extensions.has(ext)) return bad(`callWaiting[${i}]: expected a provisioned extension, got ${quote(ext)}`);
    if (callWaiting.has(ext)) return bad(`callWaiting[${i}]: extension ${ext} already has call waiting`);
    callWaiting.add(ext);
  }
  for (const [i, queue] of (input.queues ?? []).entries()) {
    const at = `queues[${i}]`;
    if (!isId(queue.id)) return bad(`${at}.id: expected a queue id (${ID_RULE}), got ${quote(queue.id)}`);
    if (queues.has(queue.id)) return bad(`${at}.id: queue ${queue.id} is already provisioned`);
    if (!isDeviceNumber(queue.dialledNumber)) return bad(`${at}.dialledNumber: expected a number (${DEVICE_NUMBER_RULE}), got ${quote(queue.dialledNumber)}`);
    if (dialled.has(queue.dialledNumber)) return bad(`${at}.dialledNumber: ${queue.dialledNumber} is already dialled for another queue`);
    if (extensions.has(queue.dialledNumber)) return bad(`${at}.dialledNumber: ${queue.dialledNumber} is an extension; a queue needs its own number`);
    if (state.dialPlan.outside.has(queue.dialledNumber)) return bad(`${at}.dialledNumber: ${queue.dialledNumber} is an outside number in the dial plan`);
    const members: DeviceNumber[] = [];
    for (const [j, member] of queue.members.entries()) {
      if (!extensions.has(member)) return bad(`${at}.members[${j}]: expected a provisioned extension, got ${quote(member)}`);
      if (members.includes(member)) return bad(`${at}.members[${j}]: extension ${member} is listed twice`);
      members.push(member);
    }
    const added: Queue = { id: queue.id, dialledNumber: queue.dialledNumber, members };
    queues.set(queue.id, added);
    dialled.add(queue.dialledNumber);
  }
  for (const [i, agent] of (input.agents ?? []).entries()) {
    if (!isId(agent.id)) return bad(`agents[${i}].id: expected an agent id (${ID_RULE}), got ${quote(agent.id)}`);
    if (agents.has(agent.id)) return bad(`agents[${i}].id: agent ${agent.id} is already provisioned`);
    if (typeof agent.password !== 'string') return bad(`agents[${i}].password: expected a string`);
    const served: string[] = [];
    for (const [j, queue] of (agent.queues ?? []).entries()) {
      if (!queues.has(queue)) return bad(`agents[${i}].queues[${j}]: expected a provisioned queue, got ${quote(queue)}`);
      if (served.includes(queue)) return bad(`agents[${i}].queues[${j}]: queue ${queue} is listed twice`);
      served.push(queue);
    }
    const added: Agent = {
      id: agent.id,
      password: agent.password,
      ...(agent.queues === undefined ? {} : { queues: served }),
      status: { kind: 'loggedOut' },
      since: now,
    };
    agents = agents.with(agent.id, added);
  }
  const acdIssue = input.acd === undefined ? null : acdProblem(input.acd, 'acd');
  if (acdIssue !== null) return bad(acdIssue);
  const acd = input.acd === undefined ? state.acd : mergeAcd(state.acd, input.acd);
  const planIssue = input.dialPlan === undefined ? null : dialPlanProblem(input.dialPlan, { extensions, queueNumbers: dialled }, 'dialPlan');
  if (planIssue !== null) return bad(planIssue);
  const dialPlan = input.dialPlan === undefined ? state.dialPlan : mergeDialPlan(state.dialPlan, input.dialPlan);
  const space = input.callIdSpace;
  if (space !== undefined && !(Number.isInteger(space) && space >= 1 && space <= MAX_CALL_ID_SPACE))
    return bad(`callIdSpace: expected a whole number of call ids from 1 to ${MAX_CALL_ID_SPACE}, got ${quote(space)}`);
  const callIdSpace = space ?? state.callIdSpace;
  return { ok: true, state: { ...state, extensions, callWaiting, queues, agents, acd, dialPlan, callIdSpace }, events: [] };
}
