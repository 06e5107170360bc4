/**
 * Someone lifts the handset at an extension where a call is alerting (the phone, or the CTI
 * link's AnswerCall); agents on the call's extensions become busy. `farEndAnswers`: the far end
 * at an outside number the call rings answers.
 */
import { connectParty } from './call-flow.ts';
import { refuse } from './errors.ts';
import { quote } from './names.ts';
import { callsAt, connectionOf } from './state.ts';
import type { Call, InputOf, ModelState, StepResult } from './types.ts';

function unknownCall(state: ModelState, id: string): StepResult {
  return refuse('unknownCall', `call: ${quote(id)} is not an active call; expected one of ${[...state.calls.keys()].join(', ') || '(no active calls)'}`);
}

function unknownExtension(state: ModelState, extension: string): StepResult | null {
  if (state.extensions.has(extension)) return null;
  return refuse(
    'unknownExtension',
    `extension: ${quote(extension)} is not a provisioned extension; expected one of ${[...state.extensions].join(', ') || '(none provisioned)'}`,
  );
}

function ringingCall(state: ModelState, input: InputOf<'answerAtPhone'>): Call | StepResult {
  const { extension } = input;
  if (input.call === undefined) {
    const calls = callsAt(state, extension);
    const ringing = calls.find((call) => connectionOf(call, extension)?.state === 'alerting');
    if (ringing !== undefined) return ringing;
    const what =
      calls.length === 0
        ? 'it has no call'
        : calls.length === 1
          ? `its call ${calls[0]?.id} is not alerting there`
          : `its calls ${calls.map((c) => c.id).join(', ')} are not alerting there`;
    return refuse('nothingRinging', `nothing is ringing at ${extension} (${what}); expected a call alerting at the extension`);
  }
  const call = state.calls.get(input.call);
  if (call === undefined) return unknownCall(state, input.call);
  const connection = connectionOf(call, extension);
  if (connection?.state === 'alerting') return call;
  const what = connection === undefined ? 'has no connection there' : `is ${connection.state} there`;
  return refuse('nothingRinging', `call ${call.id} is not ringing at ${extension} (it ${what}); expected the call to be alerting at the extension`);
}

export function answerAtPhone(state: ModelState, input: InputOf<'answerAtPhone'>, now: number): StepResult {
  const unknown = unknownExtension(state, input.extension);
  if (unknown !== null) return unknown;
  const found = ringingCall(state, input);
  if ('ok' in found) return found;
  return { ok: true, ...connectParty(state, found, input.extension, now) };
}

/** The CTI link's AnswerCall: the named call must have a connection at the extension (else notInCall), alerting there. */
export function answerCall(state: ModelState, input: InputOf<'answerCall'>, now: number): StepResult {
  const unknown = unknownExtension(state, input.extension);
  if (unknown !== null) return unknown;
  const call = state.calls.get(input.call);
  if (call === undefined) return unknownCall(state, input.call);
  if (connectionOf(call, input.extension) === undefined) {
    return refuse('notInCall', `call ${call.id} has no connection at ${input.extension}; expected a call ringing at the extension`);
  }
  return answerAtPhone(state, { kind: 'answerAtPhone', extension: input.extension, call: input.call }, now);
}

export function farEndAnswers(state: ModelState, input: InputOf<'farEndAnswers'>, now: number): StepResult {
  const call = state.calls.get(input.call);
  if (call === undefined) return unknownCall(state, input.call);
  const outsideRinging = call.connections.filter((c) => c.state === 'alerting' && !state.extensions.has(c.device));
  if (input.number === undefined) {
    const [only, ...more] = outsideRinging;
    if (only === undefined) return refuse('nothingRinging', `no far end is ringing in call ${call.id}; expected a call ringing an outside number`);
    if (more.length > 0)
      return refuse('ambiguousCall', `several far ends ring in call ${call.id} (${outsideRinging.map((c) => c.device).join(', ')}); name the number`);
    return { ok: true, ...connectParty(state, call, only.device, now) };
  }
  if (state.extensions.has(input.number))
    return refuse('invalidNumber', `number: ${input.number} is an extension; expected an outside number (an extension answers with answerAtPhone)`);
  const connection = connectionOf(call, input.number);
  if (connection === undefined)
    return refuse(
      'notInCall',
      `number: ${quote(input.number)} has no connection in call ${call.id}; expected one of ${call.connections.map((c) => c.device).join(', ')}`,
    );
  if (connection.state !== 'alerting')
    return refuse('nothingRinging', `call ${call.id} is not ringing at ${input.number} (it is ${connection.state} there); expected the far end to be ringing`);
  return { ok: true, ...connectParty(state, call, input.number, now) };
}
