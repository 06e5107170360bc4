/**
 * Every fault action over a real WebSocket connection, set through the control API. No sleeps:
 * a request round trip (or an awaited frame) is the synchronisation, the manual clock the time.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ControlError } from '../../simulator/control/control-error.ts';
import type { FaultRecord } from '../../simulator/faults/types.ts';
import { startLab, type TestLab } from './support/lab.ts';
import { WireClient } from './support/wire-client.ts';

let lab: TestLab;
let records: FaultRecord[];
beforeEach(async () => {
  lab = await startLab();
  records = [];
  lab.simulator.control.onFault((r) => records.push(r));
});
afterEach(async () => {
  await lab.stop();
});

const CUSTOMER = '+441632960001';

/** A customer call to 8808, answered, then the customer hangs up: Delivered, Established, ConnectionCleared, CallCleared at 8808. */
function fourEvents(): void {
  const { control } = lab.simulator;
  const call = control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  control.answerAtPhone({ extension: '8808', call });
  control.hangUp({ call, party: 'caller' });
}

describe('faults on the wire', { timeout: 10_000 }, () => {
  it('delay: events wait on the clock, the reply behind them waits too, order is kept', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({
      seed: 1,
      rules: [{ direction: 'toAdapter', match: { frame: 'Event', name: 'Delivered' }, action: { kind: 'delay', ms: 300 } }],
    });
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
    const synced = client.sync();
    assert.equal(records.length, 1);
    lab.clock.advance(300);
    await synced;
    assert.deepEqual(
      client.received.slice(-2).map((f) => f.type),
      ['Event', 'Response'],
    );
    assert.deepEqual(
      records.map((r) => [r.action, r.frame, r.name, r.seq, r.deviceId, r.detail]),
      [['delay', 'Event', 'Delivered', 1, '8808', '300ms']],
    );
    assert.deepEqual(client.invalid, []);
  });

  it('drop: the event is lost and the next keeps its seq (a gap the adapter can see)', async () => {
    const client = await lab.client();
    const [m1] = await client.monitor('8808');
    lab.simulator.control.setFaults({ seed: 1, rules: [{ direction: 'toAdapter', match: { name: 'Established' }, action: { kind: 'drop' } }] });
    fourEvents();
    await client.sync();
    assert.deepEqual(
      client.events().map((e) => `${e.monitorId}#${e.seq}:${e.event.name}`),
      [`${m1}#1:Delivered`, `${m1}#3:ConnectionCleared`, `${m1}#4:CallCleared`],
    );
    assert.deepEqual(
      records.map((r) => `${r.action}:${r.name}#${r.seq}`),
      ['drop:Established#2'],
    );
  });

  it('duplicate: the same frame twice, same seq', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({ seed: 1, rules: [{ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'duplicate' }, times: 1 }] });
    fourEvents();
    await client.sync();
    assert.deepEqual(
      client.events().map((e) => `${e.seq}:${e.event.name}`),
      ['1:Delivered', '1:Delivered', '2:Established', '3:ConnectionCleared', '4:CallCleared'],
    );
  });

  it('reorder: a window of events arrives shuffled, never in the order sent; other frames pass them', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({ seed: 99, rules: [{ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'reorder', window: 4 } }] });
    const { control } = lab.simulator;
    const call = control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
    await client.sync();
    assert.deepEqual(client.events(), [], 'held, while the sync reply passed');
    control.answerAtPhone({ extension: '8808', call });
    control.hangUp({ call, party: 'caller' });
    await client.sync();
    const seqs = client.events().map((e) => e.seq);
    assert.notDeepEqual(seqs, [1, 2, 3, 4]);
    assert.deepEqual([...seqs].sort(), [1, 2, 3, 4]);
    assert.deepEqual(
      records.map((r) => r.detail),
      ['held 1 of 4', 'held 2 of 4', 'held 3 of 4', 'held 4 of 4'],
    );
  });

  it('corrupt: a field gets a value of the wrong type, toAdapter (the client sees a frame off contract) and fromAdapter (the server refuses it)', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({
      seed: 1,
      rules: [
        { direction: 'toAdapter', match: { name: 'Delivered' }, action: { kind: 'corrupt', field: 'event.callId' } },
        { direction: 'fromAdapter', match: { name: 'SnapshotDevice' }, action: { kind: 'corrupt', field: 'deviceId' }, times: 1 },
      ],
    });
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
    const refused = await client.request({ type: 'SnapshotDevice', deviceId: '8808' });
    assert.equal(refused.type, 'Error');
    assert.equal(refused.type === 'Error' && refused.error.code, 'malformedFrame');
    assert.match(refused.type === 'Error' ? refused.error.message : '', /deviceId/);
    assert.equal(client.invalid.length, 1);
    assert.match(client.invalid[0] ?? '', /"callId":2/);
    assert.deepEqual(
      records.map((r) => [r.direction, r.name, r.detail]),
      [
        ['toAdapter', 'Delivered', 'event.callId: string → number'],
        ['fromAdapter', 'SnapshotDevice', 'deviceId: string → number'],
      ],
    );
  });

  it('malformed: a frame that is not JSON, toAdapter and fromAdapter (the server answers with invokeId null)', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({
      seed: 1,
      rules: [
        { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'malformed' }, times: 1 },
        { direction: 'fromAdapter', match: { name: 'MonitorStop' }, action: { kind: 'malformed' } },
      ],
    });
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
    const error = await client.rawError(JSON.stringify({ type: 'MonitorStop', invokeId: 5, monitorId: 'M1' }), null);
    assert.equal(error.error.code, 'malformedFrame');
    assert.equal(client.invalid.length, 1);
    assert.deepEqual(
      records.map((r) => `${r.direction}:${r.action}`),
      ['toAdapter:malformed', 'fromAdapter:malformed'],
    );
  });

  it('refuse: the next 2 MonitorStart get the Error given, the 3rd reaches the switch', async () => {
    const client = await lab.client();
    await client.start();
    lab.simulator.control.setFaults({
      seed: 1,
      rules: [
        { direction: 'fromAdapter', match: { name: 'MonitorStart' }, action: { kind: 'refuse', code: 'serviceUnavailable', message: 'try later' }, times: 2 },
      ],
    });
    const first = await client.request({ type: 'MonitorStart', deviceId: '8808' });
    const second = await client.request({ type: 'MonitorStart', deviceId: '8808' });
    const third = await client.request({ type: 'MonitorStart', deviceId: '8808' });
    assert.deepEqual(first, { type: 'Error', invokeId: first.invokeId, request: 'MonitorStart', error: { code: 'serviceUnavailable', message: 'try later' } });
    assert.equal(second.type, 'Error');
    assert.equal(third.type, 'Response', 'the refused requests opened no monitor');
    assert.deepEqual(
      records.map((r) => [r.action, r.name, r.invokeId, r.deviceId, r.detail]),
      [
        ['refuse', 'MonitorStart', first.invokeId, '8808', 'serviceUnavailable'],
        ['refuse', 'MonitorStart', second.invokeId, '8808', 'serviceUnavailable'],
      ],
    );
  });

  it('stall: the request takes effect (its events go out) but is never answered; later requests are', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({ seed: 1, rules: [{ direction: 'fromAdapter', match: { name: 'AgentLogin' }, action: { kind: 'stall' } }] });
    client.socket.send(JSON.stringify({ type: 'AgentLogin', invokeId: 77, agentId: '5501', password: 'agent-secret-5501', deviceId: '8808' }));
    const event = await client.nextEvent();
    assert.equal(event.event.name, 'AgentLoggedOn');
    await client.sync();
    assert.equal(
      client.received.some((f) => (f.type === 'Response' || f.type === 'Error') && f.invokeId === 77),
      false,
    );
    assert.equal(lab.simulator.control.truth().agents.get('5501')?.status.kind, 'loggedIn');
    assert.deepEqual(
      records.map((r) => [r.action, r.name, r.invokeId]),
      [['stall', 'AgentLogin', 77]],
    );
    assert.ok(!lab.logs.text.join('').includes('agent-secret-5501'), 'no password in the logs');
  });

  it('closeLink at step N: closes (1011) at the 3rd event, the simulator goes on serving new links', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({ seed: 1, rules: [{ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'closeLink' }, afterFrames: 2 }] });
    fourEvents();
    const closed = await client.closed;
    assert.equal(closed.code, 1011);
    assert.deepEqual(
      client.events().map((e) => e.seq),
      [1, 2],
    );
    assert.deepEqual(
      records.map((r) => [r.action, r.seq, r.detail]),
      [['closeLink', 3, 'close 1011']],
    );
    lab.simulator.control.clearFaults();
    const next = await lab.client();
    assert.equal((await next.monitor('8808')).length, 1);
  });

  it('closeLink abrupt on a request: the connection is cut without a close frame (1006)', async () => {
    const client = await lab.client();
    await client.start();
    lab.simulator.control.setFaults({
      seed: 1,
      rules: [{ direction: 'fromAdapter', match: { name: 'SnapshotDevice' }, action: { kind: 'closeLink', abrupt: true } }],
    });
    client.socket.send(JSON.stringify({ type: 'SnapshotDevice', invokeId: 9, deviceId: '8808' }));
    assert.equal((await client.closed).code, 1006);
    assert.deepEqual(
      records.map((r) => [r.direction, r.action, r.invokeId, r.detail]),
      [['fromAdapter', 'closeLink', 9, 'abrupt']],
    );
  });

  it('logs every fault applied at info, with its record', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({ seed: 5, rules: [{ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'drop' } }] });
    fourEvents();
    await client.sync();
    const logged = lab.logs.lines().filter((l) => l['msg'] !== undefined && String(l['msg']).startsWith('fault drop applied'));
    assert.equal(logged.length, 4);
    assert.equal(logged[0]?.['level'], 30);
    assert.deepEqual(
      logged.map((l) => (l['fault'] as FaultRecord).seq),
      [1, 2, 3, 4],
    );
  });

  it('applies to links opened before and after the plan is set, each link its own lane', async () => {
    const before = await lab.client();
    await before.start();
    lab.simulator.control.setFaults({ seed: 1, rules: [{ direction: 'fromAdapter', match: { name: 'SnapshotDevice' }, action: { kind: 'delay', ms: 50 } }] });
    const after = await WireClient.connect(lab.url);
    await after.start();
    for (const client of [before, after]) {
      const applied = new Promise<void>((resolve) => {
        const off = lab.simulator.control.onFault(() => {
          off();
          resolve();
        });
      });
      const reply = client.request({ type: 'SnapshotDevice', deviceId: '8808' });
      await applied;
      lab.clock.advance(50);
      assert.equal((await reply).type, 'Response');
    }
    await after.close();
    assert.deepEqual(
      records.map((r) => `${r.link}:${r.action}`),
      ['K1:delay', 'K2:delay'],
    );
  });

  it('setFaults refuses an invalid plan with ControlError invalidFaultPlan naming the path and what was expected', () => {
    const { control } = lab.simulator;
    assert.throws(
      () => control.setFaults({ seed: 1, rules: [{ direction: 'toAdapter', action: { kind: 'refuse', code: 'serviceUnavailable' } }] }),
      (error: unknown) =>
        error instanceof ControlError && error.code === 'invalidFaultPlan' && /rules\[0\]\.direction: refuse .*expected fromAdapter/.test(error.message),
    );
    assert.throws(
      () => control.setFaults({ seed: 1, rules: [{ direction: 'toAdapter', action: { kind: 'explode' } }] } as never),
      (error: unknown) =>
        error instanceof ControlError &&
        error.message.includes(
          'rules[0].action.kind: Expected one of delay, drop, duplicate, reorder, corrupt, malformed, refuse, stall, closeLink, got "explode"',
        ),
    );
    assert.throws(
      () => control.setFaults({ seed: -1, rules: [] }),
      (error: unknown) => error instanceof ControlError && error.message.includes('seed: '),
    );
  });
});
