/**
 * The switch's timed changes, without timers: the state records deadlines (a timed after-call
 * work's `until`, a ringing queue call's `noAnswerAt`, a far end's next move `due`),
 * `nextDeadline` tells the caller when to come back, and the `tick` input makes everything due by
 * `now` happen, earliest first (ties: calls in creation order — a call's ring deadline before its
 * far ends, in connection order — before agents in provisioning order). The control layer keeps
 * one clock timer set to `nextDeadline` and steps `tick` when it fires.
 */
import { become, chain, loginOf, reason } from './agent-status.ts';
import { connectionCleared } from './call-events.ts';
import { connectParty, failTo, release } from './call-flow.ts';
import { dispatch, withoutRingDeadline } from './routing.ts';
import { agentOn, withCall, type Changed } from './state.ts';
import { TIMED, type Agent, type Call, type DeviceNumber, type FarEndDue, type ModelEvent, type ModelState, type StepResult } from './types.ts';

type Due =
  | { readonly at: number; readonly call: Call }
  | { readonly at: number; readonly call: Call; readonly farEnd: DeviceNumber; readonly then: FarEndDue['then'] }
  | { readonly at: number; readonly agent: Agent };

function deadlines(state: ModelState): Due[] {
  const due: Due[] = [];
  for (const call of state.calls.under(TIMED)) {
    if (call.phase === 'alerting' && call.noAnswerAt !== undefined) due.push({ at: call.noAnswerAt, call });
    for (const c of call.connections) if (c.due !== undefined) due.push({ at: c.due.at, call, farEnd: c.device, then: c.due.then });
  }
  for (const agent of state.agents.under(TIMED))
    if (agent.status.kind === 'afterCallWork' && agent.status.until !== undefined) due.push({ at: agent.status.until, agent });
  return due;
}

/** The earliest deadline; stable sort keeps calls before agents on ties. */
function earliest(state: ModelState): Due | undefined {
  return deadlines(state).sort((a, b) => a.at - b.at)[0];
}

/** Clock time of the next thing the ACD will do by itself, or null when nothing is pending. */
export function nextDeadline(state: ModelState): number | null {
  return earliest(state)?.at ?? null;
}

/** Ring-no-answer: the ringing stops, the call goes back to its queue, a Ready agent becomes notReady, and the call is offered again. */
function noAnswer(state: ModelState, call: Call, now: number): Changed {
  const ringing = call.connections.find((c) => c.state === 'alerting' && state.extensions.has(c.device));
  if (ringing === undefined) throw new Error(`call ${call.id} has a ring deadline but rings nowhere: a model bug`);
  const requeued: Call = {
    ...withoutRingDeadline(call),
    phase: 'queued',
    connections: call.connections.filter((c) => c.device !== ringing.device),
    // The extension has left the call: it hears nothing more about it.
    parties: call.parties.filter((p) => p !== ringing.device),
  };
  const cleared: ModelEvent = connectionCleared(call, ringing.device, 'noAnswer');
  return chain(
    withCall(state, requeued),
    (s) => ({ state: s, events: [cleared] }),
    (s) => {
      const agent = agentOn(s, ringing.device);
      if (agent === undefined || agent.status.kind !== 'ready') return { state: s, events: [] };
      return become(s, agent, { kind: 'notReady', ...loginOf(agent.status), ...reason(s.acd.ringNoAnswerReasonCode) }, now);
    },
    (s) => dispatch(s, now),
  );
}

/** Timed after-call work ends in Ready or notReady, as configured. */
function afterCallWorkEnds(state: ModelState, agent: Agent, now: number): Changed {
  if (agent.status.kind !== 'afterCallWork') throw new Error(`agent ${agent.id} has an after-call-work deadline outside after-call work: a model bug`);
  const login = loginOf(agent.status);
  const next =
    state.acd.afterCallWorkEndsIn === 'notReady'
      ? { kind: 'notReady' as const, ...login, ...reason(state.acd.afterCallWorkReasonCode) }
      : { kind: 'ready' as const, ...login };
  return chain(
    state,
    (s) => become(s, agent, next, now),
    (s) => dispatch(s, now),
  );
}

/** A far end's own move: it answers, the switch gives up ringing it (Failed noAnswer), or it hangs up. */
function farEndMoves(state: ModelState, call: Call, farEnd: DeviceNumber, then: FarEndDue['then'], now: number): Changed {
  switch (then) {
    case 'answer':
      return connectParty(state, call, farEnd, now);
    case 'noAnswer':
      return failTo(state, call, farEnd, 'noAnswer', now);
    case 'hangUp':
      return release(state, call, farEnd, 'normal', now);
  }
}

export function tick(state: ModelState, now: number): StepResult {
  let next = state;
  const events: ModelEvent[] = [];
  for (let due = earliest(next); due !== undefined && due.at <= now; due = earliest(next)) {
    const changed =
      'farEnd' in due
        ? farEndMoves(next, due.call, due.farEnd, due.then, now)
        : 'call' in due
          ? noAnswer(next, due.call, now)
          : afterCallWorkEnds(next, due.agent, now);
    next = changed.state;
    events.push(...changed.events);
  }
  return { ok: true, state: next, events };
}
