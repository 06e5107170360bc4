/**
 * A party hangs up. Calls have two parties, so the switch then clears the whole call:
 * ConnectionCleared for the party that left, then CallCleared. Before answer a caller's hang-up
 * is an abandon (cause callCancelled); anything else clears normally, including a called
 * extension hanging up while it rings (a rejection). Agents the call made busy then go into
 * after-call work, and freed extensions take waiting queue calls.
 */
import { afterCallEnded } from './agent-status.ts';
import { callCleared, connectionCleared } from './call-events.ts';
import { refuse } from './errors.ts';
import { quote } from './names.ts';
import { dispatch } from './routing.ts';
import { withoutCall } from './state.ts';
import type { Call, Cause, DeviceNumber, InputOf, ModelState, StepResult } from './types.ts';

function releasingDevice(call: Call, party: InputOf<'hangUp'>['party']): DeviceNumber | null {
  if (party === 'caller' || party === call.callingDevice) return call.callingDevice;
  return call.connections.some((c) => c.device === party) ? party : null;
}

export function hangUp(state: ModelState, input: InputOf<'hangUp'>, now: number): StepResult {
  const call = state.calls.get(input.call);
  if (call === undefined) return refuse('unknownCall', `call: ${quote(input.call)} is not an active call; expected one of ${[...state.calls.keys()].join(', ') || '(no active calls)'}`);
  const releasing = releasingDevice(call, input.party);
  if (releasing === null) {
    const parties = ['caller', ...call.connections.map((c) => c.device)].join(', ');
    return refuse('notInCall', `party: ${quote(input.party)} has no connection in call ${call.id}; expected one of ${parties}`);
  }
  const cause: Cause = call.phase !== 'connected' && releasing === call.callingDevice ? 'callCancelled' : 'normal';
  const ended = afterCallEnded(withoutCall(state, call.id), call, now);
  const routed = dispatch(ended.state, now);
  return { ok: true, state: routed.state, events: [connectionCleared(call, releasing, cause), callCleared(call, cause), ...ended.events, ...routed.events] };
}
