import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventDelivery } from '../../src/contract/pega/events.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { callCleared, conferenced, connectionCleared, delivered, established, failed, held, originated, retrieved, transferred } from './support/cti-events.ts';
import { startLab, type Lab } from './support/lab.ts';
import { MonitorScript } from './support/script.ts';

const A = '8808';
const B = '8809';
const C = '8810';
const CUSTOMER = '6175551212';
const OUTSIDE = '5551234';
const customerCall = { calling: CUSTOMER, called: '8000', trunk: 'T1', data: { account: '42' } };

interface Hooks {
  after: (fn: () => Promise<void>) => void;
}

async function labIn(t: Hooks, mode: TelephonyMode = 'full'): Promise<Lab> {
  const lab = await startLab({ mode });
  t.after(() => lab.stop());
  return lab;
}

/** `DN Event callId TYPE` for call events, `DN PartyInfo callId [parties]` for party events. */
function seen(deliveries: readonly EventDelivery[]): string[] {
  return deliveries.map(({ DN, event }) => {
    switch (event.pyEventType) {
      case 'CallStateEvent':
        return `${DN} ${event.pyEventName} ${event.pyCallId} ${event.pyCallType}`;
      case 'PartyInfoEvent':
        return `${DN} PartyInfo ${event.pyCallId} [${event.pyParties.map((p) => p.pyDN).join(' ')}]`;
      default:
        return `${DN} ${event.pyEventName}`;
    }
  });
}

/** What each desktop saw, in its own order (desktops' events legitimately interleave). */
function perDesktop(deliveries: readonly EventDelivery[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of seen(deliveries)) {
    const [dn = '', ...rest] = line.split(' ');
    (out[dn] ??= []).push(rest.join(' '));
  }
  return out;
}

/** How many deliveries (sentinel calls excluded, as settle() excludes them) the desktops have had so far. */
function mark(lab: Lab): number {
  return lab.sink.deliveries.filter((d) => !(d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId.startsWith('sentinel-'))).length;
}

function callEvent(deliveries: readonly EventDelivery[], dn: string, name: string, callId: string) {
  const found = deliveries.find((d) => d.DN === dn && d.event.pyEventType === 'CallStateEvent' && d.event.pyEventName === name && d.event.pyCallId === callId);
  assert.ok(found?.event.pyEventType === 'CallStateEvent', `${dn} ${name} ${callId} in ${seen(deliveries).join(', ')}`);
  return found.event;
}

/** Sends the same switch events to every listed desktop (the switch reports a call to every extension in it). */
function toAll(phones: readonly MonitorScript[], ...events: Parameters<MonitorScript['send']>): void {
  for (const phone of phones) phone.send(...events);
}

// ------------------------------------------------------------------ MakeCall

test('OCTI-FULL-004 a call dialled to an outside number is OUTBOUND from Initiated to Disconnected: Initiated, Alerting, Established', async (t) => {
  const lab = await labIn(t);
  const phone = await MonitorScript.on(lab, A);
  const parties = { calling: A, called: OUTSIDE, trunk: 'T2' };
  phone.send(originated('N1', A, OUTSIDE, { trunk: 'T2' }), delivered('N1', OUTSIDE, parties, 'makeCall'), established('N1', OUTSIDE, parties, 'makeCall'));
  phone.send(connectionCleared('N1', A), callCleared('N1'));
  const got = await phone.settle();
  assert.deepEqual(seen(got), [`${A} Initiated N1 OUTBOUND`, `${A} Alerting N1 OUTBOUND`, `${A} Established N1 OUTBOUND`, `${A} Disconnected N1 OUTBOUND`]);
  const initiated = callEvent(got, A, 'Initiated', 'N1');
  assert.deepEqual([initiated.pyANI, initiated.pyDNIS, initiated.pyOtherDN, initiated.pyThisDN], [A, OUTSIDE, OUTSIDE, A]);
});

test('OCTI-FULL-004 a call dialled to another extension is INTERNAL on both desktops: Initiated and Alerting at the caller, Offering at the callee', async (t) => {
  const lab = await labIn(t);
  const caller = await MonitorScript.on(lab, A);
  const callee = await MonitorScript.on(lab, B);
  const parties = { calling: A, called: B };
  toAll([caller, callee], originated('N1', A, B), delivered('N1', B, parties, 'makeCall'), established('N1', B, parties, 'makeCall'));
  await caller.settle();
  assert.deepEqual(perDesktop(await callee.settle()), {
    [A]: ['Initiated N1 INTERNAL', 'Alerting N1 INTERNAL', 'Established N1 INTERNAL'],
    [B]: ['Offering N1 INTERNAL', 'Established N1 INTERNAL'],
  });
});

test('OCTI-FULL-005 a call the switch cannot complete ends with one Disconnected whose pyCallState says why; what follows adds nothing', async (t) => {
  const lab = await labIn(t);
  const phone = await MonitorScript.on(lab, A);
  phone.send(originated('N1', A, OUTSIDE, { trunk: 'T2' }), failed('N1', OUTSIDE, OUTSIDE, 'busy'), connectionCleared('N1', A), callCleared('N1'));
  phone.send(originated('N2', A, '5550000', { trunk: 'T3' }), failed('N2', '5550000', '5550000', 'invalidNumber'));
  phone.send(
    originated('N3', A, OUTSIDE, { trunk: 'T4' }),
    delivered('N3', OUTSIDE, { calling: A, called: OUTSIDE, trunk: 'T4' }, 'makeCall'),
    failed('N3', OUTSIDE, OUTSIDE, 'noAnswer'),
  );
  const got = await phone.settle();
  assert.deepEqual(seen(got), [
    `${A} Initiated N1 OUTBOUND`,
    `${A} Disconnected N1 OUTBOUND`,
    `${A} Initiated N2 OUTBOUND`,
    `${A} Disconnected N2 OUTBOUND`,
    `${A} Initiated N3 OUTBOUND`,
    `${A} Alerting N3 OUTBOUND`,
    `${A} Disconnected N3 OUTBOUND`,
  ]);
  assert.deepEqual(
    got
      .filter((d) => d.event.pyEventType === 'CallStateEvent' && d.event.pyEventName === 'Disconnected')
      .map((d) => (d.event.pyEventType === 'CallStateEvent' ? d.event.pyCallState : '')),
    ['Busy', 'InvalidNumber', 'NoAnswer'],
  );
  assert.equal(callEvent(got, A, 'Initiated', 'N1').pyCallState, undefined, 'only the failure carries pyCallState');
});

// ------------------------------------------------------------------ hold and retrieve

test("OCTI-FULL-003 Held and Retrieved reach the desktop of the extension that holds, in that order, with the call's type and data", async (t) => {
  const lab = await labIn(t);
  const agent = await MonitorScript.on(lab, A);
  const colleague = await MonitorScript.on(lab, B);
  const internal = { calling: B, called: A };
  agent.send(delivered('C1', A, customerCall), established('C1', A, customerCall), held('C1', A), retrieved('C1', A));
  // The other side of an internal call holds: nothing changes on the held party's desktop.
  toAll([agent, colleague], delivered('C2', A, internal), established('C2', A, internal), held('C2', B), retrieved('C2', B));
  await colleague.settle();
  const got = await agent.settle();
  assert.deepEqual(perDesktop(got), {
    [A]: ['Offering C1 INBOUND', 'Established C1 INBOUND', 'Held C1 INBOUND', 'Retrieved C1 INBOUND', 'Offering C2 INTERNAL', 'Established C2 INTERNAL'],
    [B]: ['Alerting C2 INTERNAL', 'Established C2 INTERNAL', 'Held C2 INTERNAL', 'Retrieved C2 INTERNAL'],
  });
  assert.deepEqual(callEvent(got, A, 'Held', 'C1').pyNamedVariables, { account: '42' });
});

test('OCTI-FULL-003 Retrieved never comes without Held before it, and a repeated Held or Retrieved shows once', async (t) => {
  const lab = await labIn(t);
  const phone = await MonitorScript.on(lab, A);
  phone.send(
    delivered('C1', A, customerCall),
    established('C1', A, customerCall),
    retrieved('C1', A),
    held('C1', A),
    held('C1', A),
    retrieved('C1', A),
    retrieved('C1', A),
  );
  assert.deepEqual(seen(await phone.settle()), [
    `${A} Offering C1 INBOUND`,
    `${A} Established C1 INBOUND`,
    `${A} Held C1 INBOUND`,
    `${A} Retrieved C1 INBOUND`,
  ]);
});

test('OCTI-FULL-016 a held call whose far end hangs up ends with one Disconnected, and nothing follows it', async (t) => {
  const lab = await labIn(t);
  const phone = await MonitorScript.on(lab, A);
  phone.send(
    delivered('C1', A, customerCall),
    established('C1', A, customerCall),
    held('C1', A),
    connectionCleared('C1', CUSTOMER),
    callCleared('C1'),
    retrieved('C1', A),
  );
  assert.deepEqual(seen(await phone.settle()), [
    `${A} Offering C1 INBOUND`,
    `${A} Established C1 INBOUND`,
    `${A} Held C1 INBOUND`,
    `${A} Disconnected C1 INBOUND`,
  ]);
});

// ------------------------------------------------------------------ consultation, transfer, conference

/** A customer call C1 answered at A, then A consults B on C2 (answered): what both desktops saw. */
async function consulting(lab: Lab): Promise<{ a: MonitorScript; b: MonitorScript }> {
  const a = await MonitorScript.on(lab, A);
  const b = await MonitorScript.on(lab, B);
  const consult = { calling: A, called: B, data: { account: '42', note: 'upgrade' } };
  a.send(delivered('C1', A, customerCall), established('C1', A, customerCall), held('C1', A, 'consultation'));
  a.send(originated('C2', A, B, { cause: 'consultation', data: consult.data }));
  toAll([a, b], delivered('C2', B, consult, 'consultation'), established('C2', B, consult, 'consultation'));
  await a.settle();
  await b.settle();
  return { a, b };
}

test('OCTI-FULL-007 a consult call is CONSULT on both desktops, while the held customer call stays INBOUND', async (t) => {
  const lab = await labIn(t);
  const { b } = await consulting(lab);
  const got = await b.settle();
  assert.deepEqual(perDesktop(got), {
    [A]: ['Offering C1 INBOUND', 'Established C1 INBOUND', 'Held C1 INBOUND', 'Initiated C2 CONSULT', 'Alerting C2 CONSULT', 'Established C2 CONSULT'],
    [B]: ['Offering C2 CONSULT', 'Established C2 CONSULT'],
  });
  const offering = callEvent(got, B, 'Offering', 'C2');
  assert.deepEqual([offering.pyANI, offering.pyOtherDN, offering.pyNamedVariables], [A, A, { account: '42', note: 'upgrade' }]);
});

test('OCTI-FULL-013 a cancelled consult: the consult ends on both desktops and the customer call comes back off hold', async (t) => {
  const lab = await labIn(t);
  const { a, b } = await consulting(lab);
  const before = mark(lab);
  toAll([a, b], connectionCleared('C2', A), callCleared('C2'));
  a.send(retrieved('C1', A));
  await b.settle();
  assert.deepEqual(perDesktop((await a.settle()).slice(before)), {
    [A]: ['Disconnected C2 CONSULT', 'Retrieved C1 INBOUND'],
    [B]: ['Disconnected C2 CONSULT'],
  });
});

test('OCTI-FULL-008 OCTI-FULL-012 a warm transfer ends both calls at the transferring desktop; the consulted desktop keeps the customer call with its data and gets PartyInfo', async (t) => {
  const lab = await labIn(t);
  const { a, b } = await consulting(lab);
  const before = mark(lab);
  const merge = { consult: 'C2', parties: [CUSTOMER, B], data: { account: '42' }, calling: CUSTOMER, called: '8000' };
  toAll([a, b], transferred('C1', A, B, merge));
  // The switch still reports C1 to A's monitor until it ends: A's desktop must not hear it.
  toAll([a, b], connectionCleared('C1', CUSTOMER), callCleared('C1'));
  await a.settle();
  const got = (await b.settle()).slice(before);
  assert.deepEqual(perDesktop(got), {
    [A]: ['Disconnected C2 CONSULT', 'Disconnected C1 INBOUND'],
    [B]: ['Disconnected C2 CONSULT', 'Established C1 CONSULT', `PartyInfo C1 [${CUSTOMER} ${B}]`, 'Disconnected C1 CONSULT'],
  });
  const joined = callEvent(got, B, 'Established', 'C1');
  assert.deepEqual([joined.pyANI, joined.pyDNIS, joined.pyOtherDN, joined.pyThisDN], [CUSTOMER, '8000', CUSTOMER, B]);
  assert.deepEqual(joined.pyNamedVariables, { account: '42', note: 'upgrade' }, "the consult's data, and the call's own over it");
  const partyInfo = got.find((d) => d.event.pyEventType === 'PartyInfoEvent');
  assert.deepEqual(partyInfo, {
    DN: B,
    event: {
      pyEventType: 'PartyInfoEvent',
      pyEventName: 'PartyInfo',
      pyCallId: 'C1',
      pyMedia: 'Phone',
      pyThisDN: B,
      pyParties: [{ pyDN: CUSTOMER }, { pyDN: B }],
    },
  });
});

test("a warm transfer whose event does not name the call's numbers leaves pyANI and pyDNIS blank rather than guessing", async (t) => {
  const lab = await labIn(t);
  const { b } = await consulting(lab);
  const before = mark(lab);
  b.send(transferred('C1', A, B, { consult: 'C2', parties: [CUSTOMER, B], data: { account: '42' } }));
  const joined = callEvent((await b.settle()).slice(before), B, 'Established', 'C1');
  assert.deepEqual([joined.pyANI, joined.pyDNIS, joined.pyOtherDN], ['', '', CUSTOMER]);
});

test("OCTI-FULL-009 OCTI-FULL-012 a blind transfer ends the call at the transferring desktop and pops it, CONSULT with the call's data, where it now rings", async (t) => {
  const lab = await labIn(t);
  const a = await MonitorScript.on(lab, A);
  const b = await MonitorScript.on(lab, B);
  a.send(delivered('C1', A, customerCall), established('C1', A, customerCall));
  await a.settle();
  const before = mark(lab);
  toAll([a, b], transferred('C1', A, B, { parties: [CUSTOMER, B], data: { account: '42' } }));
  toAll([a, b], delivered('C1', B, customerCall, 'singleStepTransfer'), established('C1', B, customerCall, 'singleStepTransfer'));
  await a.settle();
  const got = (await b.settle()).slice(before);
  assert.deepEqual(perDesktop(got), { [A]: ['Disconnected C1 INBOUND'], [B]: ['Offering C1 CONSULT', 'Established C1 CONSULT'] });
  const offering = callEvent(got, B, 'Offering', 'C1');
  assert.deepEqual([offering.pyANI, offering.pyDNIS, offering.pyNamedVariables], [CUSTOMER, '8000', { account: '42' }]);
});

test('a blind transfer reported after the destination already rings gives that desktop PartyInfo, not a second Offering', async (t) => {
  const lab = await labIn(t);
  const b = await MonitorScript.on(lab, B);
  b.send(delivered('C1', B, customerCall, 'singleStepTransfer'), transferred('C1', A, B, { parties: [CUSTOMER, B] }));
  assert.deepEqual(seen(await b.settle()), [`${B} Offering C1 CONSULT`, `${B} PartyInfo C1 [${CUSTOMER} ${B}]`]);
});

test('OCTI-FULL-010 a conference: the consult merges into the customer call, which comes off hold at the conferencing desktop; every desktop gets PartyInfo with all three', async (t) => {
  const lab = await labIn(t);
  const { a, b } = await consulting(lab);
  const before = mark(lab);
  toAll([a, b], conferenced('C1', A, B, { consult: 'C2', parties: [CUSTOMER, A, B], data: { account: '42' } }));
  await a.settle();
  assert.deepEqual(perDesktop((await b.settle()).slice(before)), {
    [A]: ['Disconnected C2 CONSULT', 'Retrieved C1 INBOUND', `PartyInfo C1 [${CUSTOMER} ${A} ${B}]`],
    [B]: ['Disconnected C2 CONSULT', 'Established C1 CONSULT', `PartyInfo C1 [${CUSTOMER} ${A} ${B}]`],
  });
});

test('OCTI-FULL-003 a call held at this desktop stays held when the other party transfers it away: PartyInfo, no Retrieved, and the later retrieve still shows', async (t) => {
  const lab = await labIn(t);
  const a = await MonitorScript.on(lab, A);
  const internal = { calling: B, called: A };
  a.send(delivered('C1', A, internal), established('C1', A, internal), held('C1', A));
  await a.settle();
  const before = mark(lab);
  a.send(transferred('C1', B, OUTSIDE, { parties: [A, OUTSIDE] }));
  a.send(retrieved('C1', A));
  assert.deepEqual(seen((await a.settle()).slice(before)), [`${A} PartyInfo C1 [${A} ${OUTSIDE}]`, `${A} Retrieved C1 INTERNAL`]);
});

test('OCTI-PROP-003 the caller of a call transferred on, learning of it only then, sees its own call: INTERNAL, not CONSULT', async (t) => {
  const lab = await labIn(t);
  // A placed C1 to B before its monitor started (UnSubscribeForEvents, then LoginAgent): no record of it.
  const a = await MonitorScript.on(lab, A);
  const before = mark(lab);
  a.send(delivered('C1', OUTSIDE, { calling: A, called: B }, 'singleStepTransfer'));
  assert.deepEqual(seen((await a.settle()).slice(before)), [`${A} Alerting C1 INTERNAL`]);
});

test('OCTI-FULL-010 a conference made at another desktop leaves the call held where it was held; only the conferencing desktop comes off hold', async (t) => {
  const lab = await labIn(t);
  const { a, b } = await consulting(lab);
  const c = await MonitorScript.on(lab, C);
  // C is in C1 too and holds it while A conferences B in.
  c.send(established('C1', C, customerCall), held('C1', C));
  await c.settle();
  const before = mark(lab);
  toAll([a, b, c], conferenced('C1', A, B, { consult: 'C2', parties: [CUSTOMER, A, B, C], data: {} }));
  await a.settle();
  await b.settle();
  const got = perDesktop((await c.settle()).slice(before));
  assert.deepEqual(got[C], [`PartyInfo C1 [${CUSTOMER} ${A} ${B} ${C}]`]);
  assert.deepEqual(got[A], ['Disconnected C2 CONSULT', 'Retrieved C1 INBOUND', `PartyInfo C1 [${CUSTOMER} ${A} ${B} ${C}]`]);
});

test('OCTI-FULL-011 a party dropped from a conference: its call ends, the others get PartyInfo without it; the last two leaving end the call', async (t) => {
  const lab = await labIn(t);
  const { a, b } = await consulting(lab);
  const c = await MonitorScript.on(lab, C);
  // C was in C1 already (an earlier conference): it knows the call and its parties.
  c.send(established('C1', C, { calling: CUSTOMER, called: '8000', trunk: 'T1' }));
  toAll([a, b, c], conferenced('C1', A, B, { consult: 'C2', parties: [CUSTOMER, A, B, C], data: {} }));
  await c.settle();
  const before = mark(lab);
  toAll([a, b, c], connectionCleared('C1', B));
  toAll([a, b, c], connectionCleared('C1', CUSTOMER), connectionCleared('C1', C), callCleared('C1'));
  await a.settle();
  await b.settle();
  assert.deepEqual(perDesktop((await c.settle()).slice(before)), {
    [A]: [`PartyInfo C1 [${CUSTOMER} ${A} ${C}]`, `PartyInfo C1 [${A} ${C}]`, 'Disconnected C1 INBOUND'],
    [B]: ['Disconnected C1 CONSULT'],
    [C]: [`PartyInfo C1 [${CUSTOMER} ${A} ${C}]`, `PartyInfo C1 [${A} ${C}]`, 'Disconnected C1 INBOUND'],
  });
});

test("OCTI-FULL-007 a call's type never changes on a desktop, whatever happens to the call", async (t) => {
  const lab = await labIn(t);
  const { a, b } = await consulting(lab);
  toAll([a, b], conferenced('C1', A, B, { consult: 'C2', parties: [CUSTOMER, A, B], data: {} }));
  toAll([a, b], held('C1', A), retrieved('C1', A), connectionCleared('C1', CUSTOMER), callCleared('C1'));
  await a.settle();
  const types = new Map<string, Set<string>>();
  for (const { DN, event } of await b.settle()) {
    if (event.pyEventType !== 'CallStateEvent') continue;
    const key = `${DN} ${event.pyCallId}`;
    types.set(key, new Set([...(types.get(key) ?? []), event.pyCallType]));
  }
  assert.deepEqual(Object.fromEntries([...types].map(([key, set]) => [key, [...set]])), {
    [`${A} C1`]: ['INBOUND'],
    [`${A} C2`]: ['CONSULT'],
    [`${B} C2`]: ['CONSULT'],
    [`${B} C1`]: ['CONSULT'],
  });
});

// ------------------------------------------------------------------ below Full telephony

for (const mode of ['simple', 'agent-state'] as const) {
  test(`in ${mode} mode a transfer shows only what a desktop without call control needs: no Held, Initiated, Alerting or PartyInfo`, async (t) => {
    const lab = await labIn(t, mode);
    const { b } = await consulting(lab);
    const a = MonitorScript.of(lab, A);
    toAll([a, b], transferred('C1', A, B, { consult: 'C2', parties: [CUSTOMER, B], data: { account: '42' } }));
    await a.settle();
    assert.deepEqual(perDesktop(await b.settle()), {
      [A]: ['Offering C1 INBOUND', 'Established C1 INBOUND', 'Established C2 CONSULT', 'Disconnected C2 CONSULT', 'Disconnected C1 INBOUND'],
      [B]: ['Offering C2 CONSULT', 'Established C2 CONSULT', 'Disconnected C2 CONSULT', 'Established C1 CONSULT'],
    });
  });
}
