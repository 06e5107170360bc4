/**
 * The AMI actions as the contract's requests (simulator/protocol/ami/actions.ts, features.ts), for
 * the actions that act at a phone or on a consultation (decision 0100): literal packets in, requests out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePacket, type Packet } from '../../src/contract/ami/packet.ts';
import { cancelledConsultation, featureRequests, keyedDigit, requestOf } from '../../simulator/protocol/ami/actions.ts';
import { consultationAt, keyDigit } from '../../simulator/protocol/ami/features.ts';
import type { ModelState } from '../../simulator/model/types.ts';
import { answer, consult, customerTo, CUSTOMER_ON_8808, hold, playFull } from './support/call-control.ts';

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

describe('AMI digits keyed at the phone and the attended-transfer feature codes', () => {
  const consulting = playFull(...CUSTOMER_ON_8808, consult('8808', 'C1', '8809'), answer('8809', 'C2')).state;

  it('hears every digit outside a consultation; inside one, a code prefix waits and a whole code is the feature', () => {
    const c = { device: '8808', held: 'C1', active: 'C2' };
    assert.deepEqual(keyDigit('', '*', undefined), { kind: 'heard', digits: '*' });
    assert.deepEqual(keyDigit('', '4', c), { kind: 'heard', digits: '4' });
    assert.deepEqual(keyDigit('', '*', c), { kind: 'wait', pending: '*' });
    assert.deepEqual(keyDigit('*', '2', c), { kind: 'feature', feature: 'complete', consultation: c });
    assert.deepEqual(keyDigit('*', '3', c), { kind: 'feature', feature: 'threeway', consultation: c });
    assert.deepEqual(keyDigit('*', '1', c), { kind: 'feature', feature: 'abort', consultation: c });
    assert.deepEqual(keyDigit('*', '9', c), { kind: 'heard', digits: '*9' }, 'no code: both digits are heard, in order');
  });

  it('finds the consultation from either leg of the transferer, and none elsewhere', () => {
    const expected = { device: '8808', held: 'C1', active: 'C2' };
    assert.deepEqual(consultationAt(consulting, '8808', 'C1'), expected);
    assert.deepEqual(consultationAt(consulting, '8808', 'C2'), expected);
    assert.equal(consultationAt(consulting, '8809', 'C2'), undefined, 'the consulted party does not consult');
    assert.equal(consultationAt(playFull(...CUSTOMER_ON_8808).state, '8808', 'C1'), undefined);
  });

  it('keys a digit only with Receive, and reads one digit', () => {
    assert.deepEqual(keyedDigit(packet('Action: PlayDTMF', 'Channel: PJSIP/8808-C2', 'Digit: *', 'Receive: true')), {
      device: '8808',
      callId: 'C2',
      digit: '*',
    });
    const sent = keyedDigit(packet('Action: PlayDTMF', 'Channel: PJSIP/8808-C2', 'Digit: 4'));
    assert.ok('ok' in sent && !sent.ok && sent.message.includes('Receive: true'));
    const two = keyedDigit(packet('Action: PlayDTMF', 'Channel: PJSIP/8808-C2', 'Digit: 47', 'Receive: true'));
    assert.ok('ok' in two && !two.ok && two.message.includes('one DTMF digit'));
  });

  it('completes, conferences or aborts the consultation; CancelAtxfer without one is refused as Asterisk words it', () => {
    let n = 0;
    const next = (): number => ++n;
    const c = { device: '8808', held: 'C1', active: 'C2' };
    assert.deepEqual(featureRequests('complete', c, next), [{ type: 'TransferCall', invokeId: 1, heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' }]);
    assert.deepEqual(featureRequests('threeway', c, next), [{ type: 'ConferenceCall', invokeId: 2, heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' }]);
    assert.deepEqual(featureRequests('abort', c, next), [
      { type: 'ClearConnection', invokeId: 3, callId: 'C2', deviceId: '8808' },
      { type: 'RetrieveCall', invokeId: 4, callId: 'C1', deviceId: '8808' },
    ]);
    assert.deepEqual(cancelledConsultation(packet('Action: CancelAtxfer', 'Channel: PJSIP/8808-C1'), consulting), c);
    const none = cancelledConsultation(packet('Action: CancelAtxfer', 'Channel: PJSIP/8808-C1'), playFull(...CUSTOMER_ON_8808).state);
    assert.ok('ok' in none && !none.ok && none.code === 'noConsultCall' && none.message.startsWith('No transfer in progress'));
  });
});
