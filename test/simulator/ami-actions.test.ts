/**
 * The AMI actions as the contract's requests (simulator/protocol/ami/actions.ts), for the actions
 * that act at a phone or on a consultation (decision 0100): literal packets in, requests out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePacket, type Packet } from '../../src/contract/ami/packet.ts';
import { requestOf } from '../../simulator/protocol/ami/actions.ts';
import type { ModelState } from '../../simulator/model/types.ts';
import { customerTo, CUSTOMER_ON_8808, hold, playFull } from './support/call-control.ts';

function packet(...lines: string[]): Packet {
  const parsed = parsePacket(lines.join('\r\n'));
  assert.ok(parsed.ok);
  return parsed.packet;
}

function translate(model: ModelState, ...lines: string[]): ReturnType<typeof requestOf> {
  const p = packet(...lines);
  const name = lines[0]?.split(': ')[1]?.toLowerCase() ?? '';
  return requestOf(name, p, 7, model);
}

describe('AMI actions at the phone: PJSIPNotify with the remote-control events', () => {
  it('Event=talk on a ringing channel answers the call', () => {
    const { state } = playFull(customerTo('8808'));
    assert.deepEqual(translate(state, 'Action: PJSIPNotify', 'Channel: PJSIP/8808-C1', 'Variable: Event=talk'), {
      ok: true,
      request: { type: 'AnswerCall', invokeId: 7, callId: 'C1', deviceId: '8808' },
    });
  });

  it('Event=talk on a held channel takes the call back; Event=hold holds it', () => {
    const held = playFull(...CUSTOMER_ON_8808, hold('8808', 'C1')).state;
    assert.deepEqual(translate(held, 'Action: PJSIPNotify', 'Channel: PJSIP/8808-C1', 'Variable: Event=talk'), {
      ok: true,
      request: { type: 'RetrieveCall', invokeId: 7, callId: 'C1', deviceId: '8808' },
    });
    const talking = playFull(...CUSTOMER_ON_8808).state;
    assert.deepEqual(translate(talking, 'Action: PJSIPNotify', 'Channel: PJSIP/8808-C1', 'Variable: Event=hold'), {
      ok: true,
      request: { type: 'HoldCall', invokeId: 7, callId: 'C1', deviceId: '8808' },
    });
  });

  it('refuses an event the phones do not honour, a NOTIFY outside a call, and a channel it cannot read', () => {
    const { state } = playFull(...CUSTOMER_ON_8808);
    const other = translate(state, 'Action: PJSIPNotify', 'Channel: PJSIP/8808-C1', 'Variable: Event=check-sync');
    assert.ok(other !== null && !other.ok && other.code === 'malformedFrame' && other.message.includes('Event=talk'));
    const endpoint = translate(state, 'Action: PJSIPNotify', 'Endpoint: 8808', 'Variable: Event=talk');
    assert.ok(endpoint !== null && !endpoint.ok && endpoint.message.includes('Channel'));
    const unreadable = translate(state, 'Action: PJSIPNotify', 'Channel: Local/x', 'Variable: Event=talk');
    assert.ok(unreadable !== null && !unreadable.ok && unreadable.code === 'invalidCallId');
  });
});
