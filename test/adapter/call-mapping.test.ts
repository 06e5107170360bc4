import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventDelivery } from '../../src/contract/pega/events.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { callCleared, connectionCleared, delivered, established } from './support/cti-events.ts';
import { startLab, type Lab } from './support/lab.ts';
import { calls, MonitorScript } from './support/script.ts';

const CUSTOMER = '6175551212';
const QUEUE = '8000';
const FAR_END = '5551234';

async function labOn(t: { after: (fn: () => Promise<void>) => void }, mode: TelephonyMode = 'simple'): Promise<Lab> {
  const lab = await startLab({ mode });
  t.after(() => lab.stop());
  return lab;
}

const inbound = { calling: CUSTOMER, called: QUEUE, trunk: 'T1' };

test('OCTI-CALL-001 OCTI-CALL-002 a customer call from a queue pops one INBOUND Offering with ANI, DNIS, call id and call data', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', { ...inbound, data: { account: '42', reason: 'billing' } }));
  const got = await phone.settle();
  assert.deepEqual(got, [
    {
      DN: '8808',
      event: {
        pyEventType: 'CallStateEvent',
        pyEventName: 'Offering',
        pyCallId: 'c1',
        pyCallType: 'INBOUND',
        pyMedia: 'Phone',
        pyANI: CUSTOMER,
        pyDNIS: QUEUE,
        pyOtherDN: CUSTOMER,
        pyThisDN: '8808',
        pyNamedVariables: { account: '42', reason: 'billing' },
      },
    },
  ]);
});

test('OCTI-CALL-004 a customer call dialled straight to the extension has the extension as DNIS', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', { calling: CUSTOMER, called: '8808', trunk: 'T1' }));
  const [offering] = await phone.settle();
  assert.equal(offering?.event.pyEventType === 'CallStateEvent' && offering.event.pyDNIS, '8808');
  assert.equal(offering?.event.pyEventType === 'CallStateEvent' && offering.event.pyCallType, 'INBOUND');
});

test('OCTI-CALL-005 an internal call pops an INTERNAL Offering with the calling extension as the other party', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', { calling: '8809', called: '8808' }));
  const [offering] = await phone.settle();
  assert.ok(offering?.event.pyEventType === 'CallStateEvent');
  assert.deepEqual(
    [offering.event.pyEventName, offering.event.pyCallType, offering.event.pyANI, offering.event.pyOtherDN],
    ['Offering', 'INTERNAL', '8809', '8809'],
  );
});

test('a call the extension places shows as Alerting with the dialled party as the other party (Full telephony)', async (t) => {
  const lab = await labOn(t, 'full');
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('out', FAR_END, { calling: '8808', called: FAR_END, trunk: 'T2' }));
  phone.send(delivered('int', '8809', { calling: '8808', called: '8809' }));
  const got = await phone.settle();
  assert.deepEqual(
    got.map((d) => (d.event.pyEventType === 'CallStateEvent' ? [d.event.pyEventName, d.event.pyCallType, d.event.pyOtherDN, d.event.pyANI] : [])),
    [
      ['Alerting', 'OUTBOUND', FAR_END, '8808'],
      ['Alerting', 'INTERNAL', '8809', '8808'],
    ],
  );
});

test('Simple telephony does not show Alerting for a call the extension places, but shows its answer and end', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  const parties = { calling: '8808', called: FAR_END, trunk: 'T2' };
  phone.send(delivered('out', FAR_END, parties), established('out', FAR_END, parties), connectionCleared('out', '8808'), callCleared('out'));
  assert.deepEqual(calls(await phone.settle()), ['Established out', 'Disconnected out']);
});

test('OCTI-CALL-006 a call answered on the phone is Established for the answering extension with the Offering call id', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), established('c1', '8808', inbound));
  const got = await phone.settle();
  assert.deepEqual(calls(got), ['Offering c1', 'Established c1']);
  const answer = got[1]?.event;
  assert.ok(answer?.pyEventType === 'CallStateEvent');
  assert.deepEqual([answer.pyOtherDN, answer.pyCallType, answer.pyANI, answer.pyDNIS, answer.pyThisDN], [CUSTOMER, 'INBOUND', CUSTOMER, QUEUE, '8808']);
});

test('Established on the calling extension names the answering party as the other party', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  const parties = { calling: '8808', called: QUEUE };
  phone.send(delivered('c1', '8809', parties), established('c1', '8809', parties));
  const [answer] = await phone.settle();
  assert.ok(answer?.event.pyEventType === 'CallStateEvent');
  assert.deepEqual([answer.event.pyEventName, answer.event.pyOtherDN, answer.event.pyCallType], ['Established', '8809', 'INTERNAL']);
});

test('OCTI-CALL-007 a caller who hangs up while it rings ends the call with exactly one Abandoned', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), connectionCleared('c1', CUSTOMER), callCleared('c1'));
  const got = await phone.settle();
  assert.deepEqual(calls(got), ['Offering c1', 'Abandoned c1']);
  const abandoned = got[1]?.event;
  assert.ok(abandoned?.pyEventType === 'CallStateEvent');
  assert.deepEqual([abandoned.pyANI, abandoned.pyOtherDN, abandoned.pyCallType], [CUSTOMER, CUSTOMER, 'INBOUND']);
});

test('OCTI-CALL-007 ringing cancelled by the switch (callCancelled) is Abandoned once, and CallCleared adds nothing', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), connectionCleared('c1', '8808', 'callCancelled'), callCleared('c1', 'callCancelled'));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Abandoned c1']);
});

test('OCTI-CALL-008 a call that ends after answer, released by the extension, ends with exactly one Disconnected', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), established('c1', '8808', inbound), connectionCleared('c1', '8808'), callCleared('c1'));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Established c1', 'Disconnected c1']);
});

test('OCTI-CALL-008 when the caller hangs up after answer, Disconnected waits for CallCleared', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), established('c1', '8808', inbound), connectionCleared('c1', CUSTOMER));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Established c1'], 'nothing yet: the other party alone left');
  phone.send(callCleared('c1'));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Established c1', 'Disconnected c1']);
});

test('a ringing call the extension rejects (or lets time out) is Disconnected, not Abandoned', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('rejected', '8808', inbound), connectionCleared('rejected', '8808'), callCleared('rejected'));
  phone.send(delivered('rona', '8808', inbound), connectionCleared('rona', '8808', 'noAnswer'));
  assert.deepEqual(calls(await phone.settle()), ['Offering rejected', 'Disconnected rejected', 'Offering rona', 'Disconnected rona']);
});

test('a call the extension placed and gave up before answer is Disconnected, not Abandoned', async (t) => {
  const lab = await labOn(t, 'full');
  const phone = await MonitorScript.on(lab, '8808');
  const parties = { calling: '8808', called: FAR_END, trunk: 'T2' };
  phone.send(delivered('out', FAR_END, parties), connectionCleared('out', '8808'), callCleared('out'));
  assert.deepEqual(calls(await phone.settle()), ['Alerting out', 'Disconnected out']);
});

test('OCTI-CALL-007 OCTI-CALL-008 nothing follows the terminal event of a call on an extension', async (t) => {
  const lab = await labOn(t, 'full');
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), connectionCleared('c1', '8808', 'callCancelled'));
  phone.send(established('c1', '8808', inbound), delivered('c1', '8808', inbound), connectionCleared('c1', '8808'), callCleared('c1'));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Abandoned c1']);
});

test('OCTI-CALL-003 a re-delivered call does not pop a second Offering on the same extension', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', inbound), delivered('c1', '8808', inbound), established('c1', '8808', inbound), established('c1', '8808', inbound));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Established c1']);
});

test('OCTI-CALL-009 two calls in a row are two screen pops with distinct call ids', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  for (const id of ['c1', 'c2']) phone.send(delivered(id, '8808', inbound), established(id, '8808', inbound), connectionCleared(id, '8808'), callCleared(id));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Established c1', 'Disconnected c1', 'Offering c2', 'Established c2', 'Disconnected c2']);
});

test('a call already connected when the extension is subscribed shows as Established, then Disconnected', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(callCleared('unknown'), connectionCleared('unknown-2', '8808'));
  phone.send(established('mid', '8808', inbound), callCleared('mid'));
  const got = await phone.settle();
  assert.deepEqual(calls(got), ['Established mid', 'Disconnected mid']);
  assert.ok(got[0]?.event.pyEventType === 'CallStateEvent' && got[0].event.pyCallType === 'INBOUND');
});

test('call data added by a later event reaches the desktop with it', async (t) => {
  const lab = await labOn(t);
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(delivered('c1', '8808', { ...inbound, data: { account: '42' } }), established('c1', '8808', { ...inbound, data: { case: 'C-7' } }));
  const got = await phone.settle();
  assert.ok(got[1]?.event.pyEventType === 'CallStateEvent');
  assert.deepEqual(got[1].event.pyNamedVariables, { account: '42', case: 'C-7' });
});

test('an internal call between two monitored extensions is seen from each side, each with one terminal event', async (t) => {
  const lab = await labOn(t);
  const callee = await MonitorScript.on(lab, '8808');
  const caller = await MonitorScript.on(lab, '8809');
  const parties = { calling: '8809', called: '8808' };
  for (const side of [callee, caller]) side.send(delivered('c1', '8808', parties), established('c1', '8808', parties), connectionCleared('c1', '8809'));
  await callee.settle();
  assert.deepEqual(perExtension(await caller.settle()), ['8808 Offering c1', '8808 Established c1', '8809 Established c1', '8809 Disconnected c1']);
  for (const side of [callee, caller]) side.send(callCleared('c1'));
  await caller.settle();
  assert.deepEqual(perExtension(await callee.settle()), [
    '8808 Offering c1',
    '8808 Established c1',
    '8809 Established c1',
    '8809 Disconnected c1',
    '8808 Disconnected c1',
  ]);
});

function perExtension(deliveries: readonly EventDelivery[]): string[] {
  return deliveries.map((d) => `${d.DN} ${calls([d]).join('')}`);
}
