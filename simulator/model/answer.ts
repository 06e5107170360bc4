/** Someone lifts the handset at an extension where a call is alerting; agents on connected extensions become busy. */
import { busyOnConnect } from './agent-status.ts';
import { established } from './call-events.ts';
import { refuse } from './errors.ts';
import { withoutRingDeadline } from './routing.ts';
import { quote } from './names.ts';
import { callAt, withCall } from './state.ts';
import type { Call, InputOf, ModelState, StepResult } from './types.ts';

function ringingCall(state: ModelState, input: InputOf<'answerAtPhone'>): Call | StepResult {
  const { extension } = input;
  if (input.call === undefined) {
    const call = callAt(state, extension);
    const ringing = call?.connections.some((c) => c.device === extension && c.state === 'alerting');
    if (call !== undefined && ringing === true) return call;
    const what = call === undefined ? 'it has no call' : `its call ${call.id} is not alerting there`;
    return refuse('nothingRinging', `nothing is ringing at ${extension} (${what}); expected a call alerting at the extension`);
  }
  const call = state.calls.get(input.call);
  if (call === undefined) return refuse('unknownCall', `call: ${quote(input.call)} is not an active call; expected one of ${[...state.calls.keys()].join(', ') || '(no active calls)'}`);
  const connection = call.connections.find((c) => c.device === extension);
  if (connection?.state === 'alerting') return call;
  const what = connection === undefined ? 'has no connection there' : `is ${connection.state} there`;
  return refuse('nothingRinging', `call ${call.id} is not ringing at ${extension} (it ${what}); expected the call to be alerting at the extension`);
}

export function answerAtPhone(state: ModelState, input: InputOf<'answerAtPhone'>, now: number): StepResult {
  if (!state.extensions.has(input.extension)) {
    return refuse('unknownExtension', `extension: ${quote(input.extension)} is not a provisioned extension; expected one of ${[...state.extensions].join(', ') || '(none provisioned)'}`);
  }
  const found = ringingCall(state, input);
  if ('ok' in found) return found;
  const answered: Call = {
    ...withoutRingDeadline(found),
    phase: 'connected',
    // The answering side connects, and so does an internal caller waiting in 'initiated'.
    connections: found.connections.map((c) => (c.device === input.extension || c.state === 'initiated' ? { ...c, state: 'connected' } : c)),
  };
  const busy = busyOnConnect(withCall(state, answered), answered, now);
  return { ok: true, state: busy.state, events: [established(answered, input.extension), ...busy.events] };
}
