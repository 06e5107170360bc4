/**
 * Decision 0014: after a reconnect every extension is resynchronised from the switch's snapshot, so
 * its desktop sees exactly one screen pop per call (no duplicate, no ghost, no lost call) and the
 * agent state the switch has, whatever happened while the link was down.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ALL_CAPABILITIES } from '../../src/adapter/pipeline/filter-capabilities.ts';
import { CallTable } from '../../src/adapter/pipeline/call-table.ts';
import { DEFAULT_STAGES } from '../../src/adapter/pipeline/defaults.ts';
import { runPipeline } from '../../src/adapter/pipeline/run.ts';
import { createPegaEventCheck } from '../../src/adapter/pipeline/validate.ts';
import { missedAgentEvent, missedCallEvents } from '../../src/adapter/monitors/resync.ts';
import type { ConnectionState, CtiEvent, ResultOf, SnapshotCall } from '../../src/contract/cti-wire/frames.ts';
import type { EventDelivery } from '../../src/contract/pega/events.ts';
import { agentStateEvent, emitsThenAccepts, snapshotEvent, snapshotReports } from './support/agent-handlers.ts';
import { agentOn, callCleared, connectionCleared, delivered, established, held } from './support/cti-events.ts';
import type { RequestHandler } from './support/fake-cti-server.ts';
import { outageLab, type OutageLab } from './support/outage.ts';
import { RecordingLogger, RecordingSink } from './support/recorders.ts';
import { calls, MonitorScript } from './support/script.ts';

const DN = '8808';
const AGENT = '5501';
const CUSTOMER = '6175551212';
const QUEUE = '8000';
const inbound = { calling: CUSTOMER, called: QUEUE, trunk: 'T1' };

interface Hooks {
  after: (fn: () => Promise<void>) => void;
}

/** A call at the device as SnapshotDevice lists it: a customer call from the queue unless told otherwise. */
function atDevice(callId: string, state: ConnectionState, extra: Partial<SnapshotCall> = {}): SnapshotCall {
  return { callId, state, callingDevice: CUSTOMER, calledDevice: QUEUE, trunkUsed: 'T1', callData: {}, ...extra };
}

/** SnapshotDevice answers with these calls (and this agent) at the device. */
function switchReports(listed: readonly SnapshotCall[], agent?: ResultOf<'SnapshotDevice'>['agent']): RequestHandler {
  return (frame, peer) => {
    if (frame.type !== 'SnapshotDevice') throw new Error(`switchReports used for ${frame.type}`);
    peer.respond({ deviceId: frame.deviceId, calls: listed, ...(agent === undefined ? {} : { agent }) });
  };
}

/** `Event callId` for call events, `Snapshot LINK agentState` and `AgentState name reason` otherwise. */
function told(deliveries: readonly EventDelivery[]): string[] {
  return deliveries.map(({ event }) => {
    switch (event.pyEventType) {
      case 'CallStateEvent':
        return `${event.pyEventName} ${event.pyCallId}`;
      case 'SnapshotEvent':
        return `Snapshot ${event.pyLinkState} ${event.pyAgentState}`;
      case 'AgentStateEvent':
        return `AgentState ${event.pyEventName}${event.pyReasonCode === '' ? '' : ` ${event.pyReasonCode}`}`;
      case 'PartyInfoEvent':
        return `PartyInfo ${event.pyCallId}`;
    }
  });
}

async function monitored(t: Hooks, mode: 'simple' | 'agent-state' | 'full' = 'simple'): Promise<{ lab: OutageLab; phone: MonitorScript }> {
  const lab = await outageLab(t, { mode });
  return { lab, phone: await MonitorScript.on(lab, DN) };
}

/** Plays `events` before the drop and waits until the desktop has `count` deliveries in all. */
async function before(lab: OutageLab, phone: MonitorScript, count: number, ...events: CtiEvent[]): Promise<void> {
  phone.send(...events);
  await lab.sink.waitFor(count);
}

/** Plays `events` on the extension's current monitor (or runs a function that sends frames) and returns what the desktop got from them. */
async function afterwards(lab: OutageLab, ...events: CtiEvent[] | [() => void]): Promise<EventDelivery[]> {
  const isSentinel = (d: EventDelivery): boolean => d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId.startsWith('sentinel-');
  const from = lab.sink.deliveries.filter((d) => !isSentinel(d)).length;
  const phone = MonitorScript.of(lab, DN);
  for (const event of events) {
    if (typeof event === 'function') event();
    else phone.send(event);
  }
  return (await phone.settle()).slice(from);
}

/** Drops the link, lets the switch answer SnapshotDevice with `handler`, reconnects; returns what the desktop got since the drop. */
async function outage(lab: OutageLab, handler: RequestHandler): Promise<EventDelivery[]> {
  const from = lab.sink.deliveries.length;
  lab.server.use('SnapshotDevice', handler);
  await lab.drop();
  await lab.reconnect();
  return lab.sink.deliveries.slice(from);
}

// ------------------------------------------------------------------ calls: no duplicate

test('a call that popped before the drop and still rings does not pop again; the CONNECTED snapshot comes last', async (t) => {
  const { lab, phone } = await monitored(t);
  await before(lab, phone, 1, delivered('C1', DN, inbound));
  assert.deepEqual(told(await outage(lab, switchReports([atDevice('C1', 'alerting')]))), ['Snapshot DISCONNECTED Unknown', 'Snapshot CONNECTED Logout']);
});

test("the switch replaying a call's events on the new monitor (fresh sequence numbers) pops nothing twice", async (t) => {
  const { lab, phone } = await monitored(t);
  await before(lab, phone, 1, delivered('C1', DN, inbound));
  await outage(lab, switchReports([atDevice('C1', 'alerting')]));
  assert.deepEqual(calls(await afterwards(lab, delivered('C1', DN, inbound), delivered('C1', DN, inbound), established('C1', DN, inbound))), [
    'Established C1',
  ]);
  assert.equal(calls(lab.sink.deliveries).filter((e) => e === 'Offering C1').length, 1);
});

test('events of the monitor the lost link had are dropped after the reconnect; duplicate sequence numbers on the new one too', async (t) => {
  const { lab, phone } = await monitored(t);
  const old = phone.monitorId;
  await outage(lab, switchReports([]));
  const fresh = lab.server.monitorOf(DN);
  const got = await afterwards(lab, () => {
    lab.server.event(old, 99, delivered('C7', DN, inbound));
    lab.server.event(fresh, 1, delivered('C8', DN, inbound));
    lab.server.event(fresh, 1, delivered('C9', DN, inbound));
  });
  assert.deepEqual(calls(got), ['Offering C8']);
  assert.ok(lab.logger.entries.some((e) => e.msg === 'CTI event dropped: no such monitor on this session' && 'monitorId' in e.obj && e.obj.monitorId === old));
  assert.ok(lab.logger.entries.some((e) => e.msg === 'CTI event dropped: duplicate or replayed sequence number' && 'seq' in e.obj && e.obj.seq === 1));
});

// ------------------------------------------------------------------ calls: no ghost

test('a call that only rang and ended while the link was down is Abandoned; an answered one is Disconnected', async (t) => {
  const { lab, phone } = await monitored(t);
  await before(lab, phone, 3, delivered('C1', DN, inbound), delivered('C2', DN, inbound), established('C2', DN, inbound));
  assert.deepEqual(told(await outage(lab, switchReports([]))), [
    'Snapshot DISCONNECTED Unknown',
    'Abandoned C1',
    'Disconnected C2',
    'Snapshot CONNECTED Logout',
  ]);
  // The switch's late word on those calls changes nothing: they are over on this desktop.
  assert.deepEqual(calls(await afterwards(lab, connectionCleared('C2', CUSTOMER), callCleared('C2'), delivered('C1', DN, inbound), callCleared('C1'))), []);
});

test('a call that ended before the drop is not shown again, even if the snapshot still lists it', async (t) => {
  const { lab, phone } = await monitored(t);
  await before(lab, phone, 2, delivered('C1', DN, inbound), callCleared('C1'));
  assert.deepEqual(told(await outage(lab, switchReports([atDevice('C1', 'alerting')]))), ['Snapshot DISCONNECTED Unknown', 'Snapshot CONNECTED Logout']);
});

// ------------------------------------------------------------------ calls: none lost

test('a call that started ringing while the link was down pops once from the snapshot, with caller, number dialled and call data', async (t) => {
  const { lab } = await monitored(t);
  const got = await outage(
    lab,
    switchReports([atDevice('C3', 'alerting', { callingDevice: '+441632960001', calledDevice: QUEUE, callData: { Intent: 'billing' } })]),
  );
  assert.deepEqual(told(got), ['Snapshot DISCONNECTED Unknown', 'Offering C3', 'Snapshot CONNECTED Logout']);
  assert.deepEqual(got[1], {
    DN,
    event: {
      pyEventType: 'CallStateEvent',
      pyEventName: 'Offering',
      pyCallId: 'C3',
      pyCallType: 'INBOUND',
      pyMedia: 'Phone',
      pyANI: '+441632960001',
      pyDNIS: QUEUE,
      pyOtherDN: '+441632960001',
      pyThisDN: DN,
      pyNamedVariables: { Intent: 'billing' },
    },
  });
  // The switch's own Delivered, replayed on the new monitor, does not pop it a second time; its answer shows.
  const caller = { calling: '+441632960001', called: QUEUE, trunk: 'T1' };
  assert.deepEqual(calls(await afterwards(lab, delivered('C3', DN, caller), established('C3', DN, caller))), ['Established C3']);
});

test('a call that started and was answered while the link was down pops once, then is Established', async (t) => {
  const { lab } = await monitored(t);
  assert.deepEqual(told(await outage(lab, switchReports([atDevice('C4', 'connected')]))), [
    'Snapshot DISCONNECTED Unknown',
    'Offering C4',
    'Established C4',
    'Snapshot CONNECTED Logout',
  ]);
});

test('a call that rang before the drop and was answered while down gets its Established, no second pop', async (t) => {
  const { lab, phone } = await monitored(t);
  await before(lab, phone, 1, delivered('C1', DN, inbound));
  assert.deepEqual(told(await outage(lab, switchReports([atDevice('C1', 'connected')]))), [
    'Snapshot DISCONNECTED Unknown',
    'Established C1',
    'Snapshot CONNECTED Logout',
  ]);
});

test('Full telephony: holds and retrieves missed while down are shown; a new held call is Offering, Established, Held', async (t) => {
  const { lab, phone } = await monitored(t, 'full');
  await before(
    lab,
    phone,
    5,
    delivered('C1', DN, inbound),
    established('C1', DN, inbound),
    delivered('C2', DN, inbound),
    established('C2', DN, inbound),
    held('C2', DN),
  );
  const got = await outage(lab, switchReports([atDevice('C1', 'held'), atDevice('C2', 'connected'), atDevice('C5', 'held')]));
  assert.deepEqual(told(got), [
    'Snapshot DISCONNECTED Unknown',
    'Held C1',
    'Retrieved C2',
    'Offering C5',
    'Established C5',
    'Held C5',
    'Snapshot CONNECTED Logout',
  ]);
});

test('Full telephony: a call the extension placed while down is Initiated then Established, OUTBOUND, with the number dialled as the other party', async (t) => {
  const { lab } = await monitored(t, 'full');
  const got = await outage(lab, switchReports([atDevice('C6', 'connected', { callingDevice: DN, calledDevice: '16175550100', trunkUsed: 'T2' })]));
  assert.deepEqual(told(got), ['Snapshot DISCONNECTED Unknown', 'Initiated C6', 'Established C6', 'Snapshot CONNECTED Logout']);
  const established = got[2]?.event;
  assert.ok(established?.pyEventType === 'CallStateEvent');
  assert.equal(established.pyCallType, 'OUTBOUND');
  assert.equal(established.pyOtherDN, '16175550100');
});

test('Simple telephony shows only the pop, the answer and the end of calls found by the resync', async (t) => {
  const { lab, phone } = await monitored(t, 'simple');
  await before(lab, phone, 2, delivered('C1', DN, inbound), established('C1', DN, inbound));
  const got = await outage(
    lab,
    switchReports([atDevice('C1', 'held'), atDevice('C5', 'held'), atDevice('C6', 'initiated', { callingDevice: DN, calledDevice: '16175550100' })]),
  );
  assert.deepEqual(told(got), ['Snapshot DISCONNECTED Unknown', 'Offering C5', 'Established C5', 'Snapshot CONNECTED Logout']);
});

// ------------------------------------------------------------------ the snapshot and the live events around it

test('the snapshot is compared with exactly the events that came before its answer: nothing twice, nothing missed', async (t) => {
  const { lab } = await monitored(t);
  const from = lab.sink.deliveries.length;
  lab.server.use('SnapshotDevice', (frame, peer) => {
    if (frame.type !== 'SnapshotDevice') return;
    // C5 rings between MonitorStart and the snapshot; C6's caller hangs up right after the snapshot.
    peer.emit(DN, delivered('C5', DN, inbound));
    peer.respond({ deviceId: frame.deviceId, calls: [atDevice('C5', 'alerting'), atDevice('C6', 'alerting')] });
    peer.emit(DN, callCleared('C6'));
  });
  await lab.drop();
  await lab.reconnect();
  await lab.sink.waitForMatch(
    (d) => d.event.pyEventType === 'CallStateEvent' && d.event.pyEventName === 'Abandoned' && d.event.pyCallId === 'C6',
    'Abandoned C6',
  );
  assert.deepEqual(told(lab.sink.deliveries.slice(from)), [
    'Snapshot DISCONNECTED Unknown',
    'Offering C5',
    'Offering C6',
    'Snapshot CONNECTED Logout',
    'Abandoned C6',
  ]);
});

test('a SnapshotDevice the switch refuses after the reconnect: a CONNECTED snapshot with agent Unknown, nothing invented about the calls', async (t) => {
  const { lab, phone } = await monitored(t);
  await before(lab, phone, 1, delivered('C1', DN, inbound));
  const got = await outage(lab, (_frame, peer) => peer.fail('serviceUnavailable', 'snapshot service down'));
  assert.deepEqual(
    got.map((d) => d.event),
    [
      snapshotEvent({ pyAgentId: '', pyAgentState: 'Unknown', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' }),
      snapshotEvent({ pyAgentId: '', pyAgentState: 'Unknown', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }),
    ],
  );
  assert.ok(lab.logger.entries.some((e) => e.level === 'warn' && e.msg.includes('refused SnapshotDevice after the reconnect')));
});

// ------------------------------------------------------------------ the agent

async function loggedInReady(t: Hooks, mode: 'agent-state' | 'simple' = 'agent-state'): Promise<{ lab: OutageLab; phone: MonitorScript }> {
  const lab = await outageLab(t, { mode });
  const agent = agentOn(AGENT, DN);
  if (mode === 'simple') {
    const phone = await MonitorScript.on(lab, DN);
    phone.send(agent.loggedOn(), agent.ready());
    // Simple telephony shows no agent event: wait until both were filtered out.
    await lab.logger.waitForCount((e) => e.msg === 'event filtered: not shown in this telephony mode', 2, 'agent events filtered');
    return { lab, phone };
  }
  lab.server.use('AgentLogin', emitsThenAccepts(DN, agent.loggedOn()));
  lab.server.use('SnapshotDevice', snapshotReports({ agentId: AGENT, state: 'loggedIn' }));
  assert.deepEqual(await lab.adapter.LoginAgent({ DN, AgentID: AGENT }), { ok: true });
  const phone = MonitorScript.of(lab, DN);
  await before(lab, phone, 3, agent.ready());
  return { lab, phone };
}

test('an agent state changed while the link was down reaches the desktop as one AgentStateEvent, then the snapshot says it too', async (t) => {
  const { lab } = await loggedInReady(t);
  const got = await outage(lab, snapshotReports({ agentId: AGENT, state: 'notReady', reasonCode: 'LUNCH' }));
  assert.deepEqual(got, [
    { DN, event: snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'Unknown', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' }) },
    { DN, event: agentStateEvent('NotReady', 'LUNCH') },
    { DN, event: snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'NotReady', pyReasonCode: 'LUNCH', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }) },
  ]);
});

test('an agent state unchanged while the link was down sends no AgentStateEvent, only the snapshot', async (t) => {
  const { lab } = await loggedInReady(t);
  const got = await outage(lab, snapshotReports({ agentId: AGENT, state: 'ready' }));
  assert.deepEqual(told(got), ['Snapshot DISCONNECTED Unknown', 'Snapshot CONNECTED Ready']);
});

test('an agent logged out while the link was down (a supervisor, the ACD) gets the Logout event; the snapshot names the agent', async (t) => {
  const { lab } = await loggedInReady(t);
  const got = await outage(lab, snapshotReports(undefined));
  assert.deepEqual(got.slice(1), [
    { DN, event: agentStateEvent('Logout') },
    { DN, event: snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'Logout', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }) },
  ]);
});

test("Simple telephony: an agent change missed while down is not shown as an AgentStateEvent; the snapshot carries the switch's view", async (t) => {
  const { lab } = await loggedInReady(t, 'simple');
  const got = await outage(lab, snapshotReports({ agentId: AGENT, state: 'notReady' }));
  assert.deepEqual(told(got), ['Snapshot DISCONNECTED Unknown', 'Snapshot CONNECTED NotReady']);
});

// ------------------------------------------------------------------ the resync's rules, as a property

test("missedAgentEvent: nothing when the desktop never learned the agent; the switch's state when it changed", () => {
  const snap = (agent?: ResultOf<'SnapshotDevice'>['agent']): ResultOf<'SnapshotDevice'> => ({
    deviceId: DN,
    calls: [],
    ...(agent === undefined ? {} : { agent }),
  });
  assert.equal(missedAgentEvent(DN, undefined, snap({ agentId: AGENT, state: 'ready' })), undefined);
  assert.equal(missedAgentEvent(DN, { agentId: AGENT, state: 'ready' }, snap({ agentId: AGENT, state: 'ready' })), undefined);
  assert.deepEqual(
    missedAgentEvent(DN, { agentId: AGENT, state: 'notReady', reasonCode: 'LUNCH' }, snap({ agentId: AGENT, state: 'notReady', reasonCode: 'BREAK' })),
    {
      name: 'AgentNotReady',
      agentId: AGENT,
      deviceId: DN,
      reasonCode: 'BREAK',
    },
  );
  assert.deepEqual(missedAgentEvent(DN, { agentId: AGENT, state: 'busy' }, snap(undefined)), { name: 'AgentLoggedOff', agentId: AGENT, deviceId: DN });
});

const BEFORE = ['unknown', 'ringing', 'answered', 'held', 'ended'] as const;
const AFTER = ['absent', 'alerting', 'connected', 'held'] as const;
type Before = (typeof BEFORE)[number];
type After = (typeof AFTER)[number];

function eventsBefore(callId: string, state: Before): CtiEvent[] {
  const ring = delivered(callId, DN, inbound);
  const answer = established(callId, DN, inbound);
  switch (state) {
    case 'unknown':
      return [];
    case 'ringing':
      return [ring];
    case 'answered':
      return [ring, answer];
    case 'held':
      return [ring, answer, held(callId, DN)];
    case 'ended':
      return [ring, answer, connectionCleared(callId, DN)];
  }
}

/** What a call did at the extension before the drop, and how the switch lists it after (an answered call never rings here again). */
const STORY = fc
  .tuple(fc.constantFrom(...BEFORE), fc.constantFrom(...AFTER))
  .filter(([was, now]: readonly [Before, After]) => !((was === 'answered' || was === 'held') && now === 'alerting'));

const RESYNC_SEED = 14_2024;

test(`resync (fast-check seed ${RESYNC_SEED}): whatever the calls did while the link was down, each call pops once, ends once, and the desktop ends where the switch is`, () => {
  const check = createPegaEventCheck();
  fc.assert(
    fc.property(fc.array(STORY, { minLength: 1, maxLength: 6 }), (story) => {
      const sink = new RecordingSink();
      const calls = new CallTable();
      const ctx = { mode: 'full' as const, thisDN: DN, calls, capabilities: ALL_CAPABILITIES, sink, logger: new RecordingLogger() };
      const run = (event: CtiEvent): void => runPipeline(event, DEFAULT_STAGES, check, ctx);
      story.forEach(([was], i) => eventsBefore(`C${i}`, was).forEach(run));
      const listed = story.flatMap(([, now], i) => (now === 'absent' ? [] : [atDevice(`C${i}`, now)]));
      missedCallEvents(DN, calls, { deviceId: DN, calls: listed }).forEach(run);
      story.forEach(([was, now], i) => {
        const seen = sink.deliveries.flatMap((d) => (d.event.pyEventType === 'CallStateEvent' && d.event.pyCallId === `C${i}` ? [d.event.pyEventName] : []));
        const what = `C${i} ${was} -> ${now}: ${seen.join(' ')}`;
        const count = (name: string): number => seen.filter((n) => n === name).length;
        const terminals = seen.filter((n) => n === 'Disconnected' || n === 'Abandoned');
        if (was === 'unknown' && now === 'absent') assert.deepEqual(seen, [], what);
        else assert.equal(count('Offering'), 1, `one pop: ${what}`);
        assert.ok(terminals.length <= 1, `at most one end: ${what}`);
        if (terminals.length === 1) assert.ok(['Disconnected', 'Abandoned'].includes(seen.at(-1) ?? ''), `nothing after the end: ${what}`);
        const endsHere = was === 'ended' || (was !== 'unknown' && now === 'absent');
        assert.equal(terminals.length, endsHere ? 1 : 0, `ends exactly when the call is over here: ${what}`);
        if (was === 'ringing' && now === 'absent') assert.deepEqual(terminals, ['Abandoned'], what);
        // Answered before the drop, or (a call still going on) answered by the time of the snapshot.
        const answered = was === 'answered' || was === 'held' || was === 'ended' || now === 'connected' || now === 'held';
        assert.equal(count('Established'), answered ? 1 : 0, `one Established when answered: ${what}`);
        if (!endsHere && now !== 'absent')
          assert.equal(count('Held') - count('Retrieved'), now === 'held' ? 1 : 0, `held exactly when the switch says so: ${what}`);
      });
    }),
    { seed: RESYNC_SEED, numRuns: 300 },
  );
});
