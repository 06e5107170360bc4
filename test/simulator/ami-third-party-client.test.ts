/**
 * The simulator's AMI, driven by an AMI client nobody here wrote (`asterisk-manager` from npm):
 * it logs in, originates a call, hears the call's events, hangs it up and logs off, as it would
 * against Asterisk. Real TCP on loopback.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createAmiDialect } from '../../simulator/dialects/ami.ts';
import { act, createManager, type AmiEvent, type Manager } from './support/asterisk-manager.ts';
import { startLab, type TestLab } from './support/lab.ts';

const USER = 'ami-user';
const SECRET = 'ami-secret-9Qz';

let lab: TestLab;
let manager: Manager | null = null;
beforeEach(async () => {
  lab = await startLab({ dialect: createAmiDialect(), credentials: { user: USER, password: SECRET } });
});
afterEach(async () => {
  manager?.disconnect();
  manager = null;
  await lab.stop();
});

function portOf(url: string): number {
  const port = Number(new URL(url).port);
  assert.ok(port > 0, `expected a port in ${url}`);
  return port;
}

/** Resolves with the first event the predicate takes (events before it are kept in `seen`). */
function eventWhere(seen: AmiEvent[], predicate: (e: AmiEvent) => boolean): Promise<AmiEvent> {
  const found = seen.find(predicate);
  if (found !== undefined) return Promise.resolve(found);
  return new Promise((resolve) => {
    const poll = (e: AmiEvent): void => {
      if (predicate(e)) resolve(e);
    };
    listeners.push(poll);
  });
}
const listeners: ((e: AmiEvent) => void)[] = [];

/** The third-party client, logged in and booted; every event it hears is kept in `seen` and offered to the listeners. */
async function loggedIn(): Promise<{ m: Manager; seen: AmiEvent[] }> {
  const seen: AmiEvent[] = [];
  listeners.length = 0;
  const m = createManager(portOf(lab.url), '127.0.0.1', USER, SECRET, true);
  manager = m;
  m.on('managerevent', (e) => {
    seen.push(e);
    for (const l of [...listeners]) l(e);
  });
  await new Promise<void>((resolve) => m.on('fullybooted', () => resolve()));
  return { m, seen };
}

describe('AMI: a third-party client (asterisk-manager) against the simulator', () => {
  it('logs in, originates a call, receives its events, hangs it up', async () => {
    const { m, seen } = await loggedIn();

    const originate = await act(m, {
      action: 'Originate',
      channel: 'PJSIP/8808',
      exten: '8809',
      context: 'from-internal',
      priority: 1,
      async: 'true',
      variable: { ACCOUNT: 'A-17' },
    });
    assert.equal(originate['response'], 'Success');
    assert.equal(originate['message'], 'Originate successfully queued');
    const response = await eventWhere(seen, (e) => e['event'] === 'OriginateResponse');
    assert.equal(response['response'], 'Success');
    const channel = String(response['channel']);
    assert.match(channel, /^PJSIP\/8808-/);

    const dial = await eventWhere(seen, (e) => e['event'] === 'DialBegin' && e['channel'] === channel);
    assert.equal(dial['dialstring'], '8809');
    const ringing = await eventWhere(
      seen,
      (e) => e['event'] === 'Newstate' && e['channelstatedesc'] === 'Ringing' && String(e['channel']).startsWith('PJSIP/8809-'),
    );
    assert.equal(ringing['linkedid'], dial['linkedid'], 'both parties carry the call as their Linkedid');
    assert.equal(ringing['calleridnum'], '8808');

    const status = await act(m, { action: 'Status' });
    assert.equal(status['response'], 'Success');

    const hangup = await act(m, { action: 'Hangup', channel });
    assert.equal(hangup['response'], 'Success');
    const gone = await eventWhere(seen, (e) => e['event'] === 'Hangup' && e['channel'] === channel);
    assert.equal(gone['cause'], '16');
    await eventWhere(seen, (e) => e['event'] === 'CEL' && e['eventname'] === 'LINKEDID_END' && e['linkedid'] === dial['linkedid']);
    const truth = lab.simulator.control.truth();
    assert.equal([...truth.calls.values()].length, 0, 'the switch has no call left');

    const sequence = seen.map((e) => Number(e['sequencenumber'])).filter((n) => Number.isInteger(n));
    assert.deepEqual(
      sequence,
      sequence.map((_, i) => i + 1),
      'manager events are numbered 1, 2, … without a gap',
    );
  });

  it(
    'answers at the phone, consults, cancels with CancelAtxfer and completes with the feature code keyed at the phone (decision 0100)',
    { timeout: 10_000 },
    async () => {
      const { m, seen } = await loggedIn();
      const channelOf = (e: AmiEvent): string => String(e['channel']);
      const state = (desc: string, prefix: string) => (e: AmiEvent) =>
        e['event'] === 'Newstate' && e['channelstatedesc'] === desc && channelOf(e).startsWith(prefix);
      const talk = async (channel: string): Promise<void> => {
        const notify = await act(m, { action: 'PJSIPNotify', channel, variable: { Event: 'talk' } });
        assert.equal(notify['message'], 'NOTIFY sent');
        await eventWhere(seen, (e) => e['event'] === 'Newstate' && e['channelstatedesc'] === 'Up' && channelOf(e) === channel);
      };
      const consult = async (from: string): Promise<string> => {
        const before = seen.length;
        assert.equal((await act(m, { action: 'Atxfer', channel: from, exten: '8810', context: 'from-internal' }))['message'], 'Atxfer successfully queued');
        const ringing = await eventWhere(seen, (e) => seen.indexOf(e) >= before && state('Ringing', 'PJSIP/8810-')(e));
        await talk(channelOf(ringing));
        return String(ringing['linkedid']);
      };

      await act(m, { action: 'Originate', channel: 'PJSIP/8808', exten: '8809', context: 'from-internal', priority: 1, async: 'true' });
      const firstLeg = channelOf(await eventWhere(seen, (e) => e['event'] === 'OriginateResponse'));
      await talk(channelOf(await eventWhere(seen, state('Ringing', 'PJSIP/8809-'))));

      const consultA = await consult(firstLeg);
      await eventWhere(seen, (e) => e['event'] === 'Hold' && channelOf(e) === firstLeg);
      assert.equal((await act(m, { action: 'CancelAtxfer', channel: firstLeg }))['message'], 'CancelAtxfer successfully queued');
      await eventWhere(seen, (e) => e['event'] === 'Hangup' && channelOf(e) === `PJSIP/8808-${consultA}`);
      await eventWhere(seen, (e) => e['event'] === 'Unhold' && channelOf(e) === firstLeg);

      const consultB = await consult(firstLeg);
      const key = (digit: string, receive = 'true'): Promise<AmiEvent> => act(m, { action: 'PlayDTMF', channel: `PJSIP/8808-${consultB}`, digit, receive });
      await assert.rejects(key('2', 'false'), /Receive: true/);
      assert.equal((await key('*'))['message'], 'DTMF successfully queued');
      assert.equal((await key('2'))['message'], 'DTMF successfully queued');
      const transfer = await eventWhere(seen, (e) => e['event'] === 'AttendedTransfer');
      assert.equal(channelOf(transfer), firstLeg);
      const calls = [...lab.simulator.control.truth().calls.values()];
      assert.deepEqual(
        calls.map((c) => c.connections.map((x) => `${x.device}:${x.state}`)),
        [['8809:connected', '8810:connected']],
        '8809 and 8810 are in the call; 8808 is out',
      );
      await assert.rejects(act(m, { action: 'CancelAtxfer', channel: firstLeg }), /No (such channel|transfer in progress)/);
    },
  );

  it('refuses a wrong secret with Authentication failed', async () => {
    const m = createManager(portOf(lab.url), '127.0.0.1', USER, 'not-the-secret', true);
    manager = m;
    const refused = await new Promise<AmiEvent>((resolve) => m.on('response', (e) => resolve(e)));
    assert.equal(refused['response'], 'Error');
    assert.equal(refused['message'], 'Authentication failed');
    assert.ok(!lab.logs.text.join('').includes('not-the-secret'), 'the secret is never logged');
    assert.ok(!lab.logs.text.join('').includes(SECRET), 'the secret is never logged');
  });
});
