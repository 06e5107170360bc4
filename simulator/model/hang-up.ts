/**
 * A party leaves a call: hangs up, or is dropped (ClearConnection on another device). Any party
 * may leave, outside numbers included: ConnectionCleared for it, then, when fewer than two parties
 * remain, CallCleared. In a conference the call goes on without the party. Before answer a
 * caller's leaving is an abandon (cause callCancelled); anything else clears normally, including a
 * called extension hanging up while it rings (a rejection). Agents left without a call then go
 * into after-call work, and freed extensions take waiting queue calls.
 */
import { release } from './call-flow.ts';
import { refuse } from './errors.ts';
import { quote } from './names.ts';
import { connectionOf } from './state.ts';
import type { Call, Cause, DeviceNumber, InputOf, ModelState, StepResult } from './types.ts';

function releasingDevice(call: Call, party: InputOf<'hangUp'>['party']): DeviceNumber | null {
  const device = party === 'caller' ? call.callingDevice : party;
  return connectionOf(call, device) === undefined ? null : device;
}

export function hangUp(state: ModelState, input: InputOf<'hangUp'>, now: number): StepResult {
  const call = state.calls.get(input.call);
  if (call === undefined)
    return refuse(
      'unknownCall',
      `call: ${quote(input.call)} is not an active call; expected one of ${[...state.calls.keys()].join(', ') || '(no active calls)'}`,
    );
  const releasing = releasingDevice(call, input.party);
  if (releasing === null) {
    const others = call.connections.map((c) => c.device).filter((d) => d !== call.callingDevice);
    const parties = [...(connectionOf(call, call.callingDevice) === undefined ? [] : ['caller']), ...others].join(', ');
    return refuse('notInCall', `party: ${quote(input.party)} has no connection in call ${call.id}; expected one of ${parties}`);
  }
  const cause: Cause = call.phase !== 'connected' && releasing === call.callingDevice ? 'callCancelled' : 'normal';
  const changed = release(state, call, releasing, cause, now);
  return { ok: true, ...changed };
}
