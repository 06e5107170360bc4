/**
 * The fault layer on its own, with a fake link and a manual clock: exact timing, ordering and
 * counting. test/simulator/faults-wire.test.ts runs every action over a real connection.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock, type ManualClock } from '../../simulator/clock.ts';
import { createFaultEngine, type FaultEngine, type FaultLink } from '../../simulator/faults/engine.ts';
import { JSON_FAULT_FRAMES } from '../../simulator/faults/frames.ts';
import { mulberry32, shuffled, stream, streamSeed } from '../../simulator/faults/prng.ts';
import type { FaultPlan, FaultRecord, FaultRule } from '../../simulator/faults/types.ts';

interface FakeLink {
  readonly link: FaultLink;
  /** What reached the socket (toAdapter) and the session (fromAdapter), as compact labels. */
  readonly socket: string[];
  readonly session: string[];
  readonly closes: boolean[];
}

interface Rig {
  readonly clock: ManualClock;
  readonly engine: FaultEngine;
  readonly records: FaultRecord[];
  attach(id?: string): FakeLink;
}

function rig(plan?: FaultPlan): Rig {
  const clock = createManualClock(0);
  const engine = createFaultEngine({ clock, logger: pino({ level: 'silent' }) });
  const records: FaultRecord[] = [];
  engine.onFault((r) => records.push(r));
  if (plan !== undefined) engine.setPlan(plan);
  return {
    clock,
    engine,
    records,
    attach(id = 'K1') {
      const socket: string[] = [];
      const session: string[] = [];
      const closes: boolean[] = [];
      const link = engine.attach({
        id,
        toSession: (text) => session.push(text),
        toSocket: (text) => socket.push(text),
        close: (abrupt) => closes.push(abrupt),
        refusal: (invokeId, request, code, message) => JSON.stringify({ type: 'Error', invokeId, request, error: { code, message } }),
        deviceOfMonitor: (monitorId) => ({ M1: '8808', M2: '8810' })[monitorId],
        frames: JSON_FAULT_FRAMES,
      });
      return { link, socket, session, closes };
    },
  };
}

const event = (seq: number, name = 'Delivered', monitorId = 'M1') => JSON.stringify({ type: 'Event', monitorId, seq, event: { name, callId: 'C1' } });
const request = (invokeId: number, type = 'MonitorStart', deviceId = '8808') => JSON.stringify({ type, invokeId, deviceId });
const response = (invokeId: number, request = 'MonitorStart') => JSON.stringify({ type: 'Response', invokeId, request, result: {} });
const seqs = (texts: readonly string[]) => texts.map((t) => (JSON.parse(t) as { seq: number }).seq);
const plan = (...rules: FaultRule[]): FaultPlan => ({ seed: 1, rules });

describe('fault layer: random streams', () => {
  it('mulberry32 gives the same numbers for the same seed, in [0, 1), and labelled streams differ', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 1000 }, () => b()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`);
    assert.notEqual(streamSeed(42, 'K1/toAdapter'), streamSeed(42, 'K1/fromAdapter'));
    assert.notEqual(streamSeed(42, 'K1/toAdapter'), streamSeed(43, 'K1/toAdapter'));
    assert.notEqual(stream(42, 'K1/toAdapter')(), stream(42, 'K2/toAdapter')());
  });

  it('shuffles reproducibly and never returns the order received', () => {
    for (let seed = 0; seed < 200; seed++) {
      const out = shuffled([1, 2], mulberry32(seed));
      assert.deepEqual(out, [2, 1]);
      const five = shuffled([1, 2, 3, 4, 5], mulberry32(seed));
      assert.notDeepEqual(five, [1, 2, 3, 4, 5]);
      assert.deepEqual([...five].sort(), [1, 2, 3, 4, 5]);
      assert.deepEqual(five, shuffled([1, 2, 3, 4, 5], mulberry32(seed)));
    }
  });
});

describe('fault layer: lanes and actions', () => {
  it('passes frames straight through, synchronously, when no plan is set', () => {
    const r = rig();
    const k = r.attach();
    k.link.toAdapter(event(1));
    k.link.fromAdapter('not json');
    assert.deepEqual(seqs(k.socket), [1]);
    assert.deepEqual(k.session, ['not json']);
    assert.equal(r.clock.pending(), 0);
  });

  it('delay holds the frame exactly ms on the clock and later frames wait behind it (order kept)', () => {
    const r = rig(plan({ direction: 'toAdapter', match: { name: 'Delivered' }, action: { kind: 'delay', ms: 500 } }));
    const k = r.attach();
    k.link.toAdapter(event(1, 'Established'));
    k.link.toAdapter(event(2, 'Delivered'));
    k.link.toAdapter(event(3, 'Established'));
    assert.deepEqual(seqs(k.socket), [1]);
    r.clock.advance(499);
    assert.deepEqual(seqs(k.socket), [1]);
    r.clock.advance(1);
    assert.deepEqual(seqs(k.socket), [1, 2, 3]);
    assert.deepEqual(
      r.records.map((x) => [x.n, x.rule, x.action, x.direction, x.link, x.frame, x.name, x.monitorId, x.seq, x.deviceId, x.draw, x.at, x.detail]),
      [[1, 0, 'delay', 'toAdapter', 'K1', 'Event', 'Delivered', 'M1', 2, '8808', null, 0, '500ms']],
    );
  });

  it('drop, duplicate, times and afterFrames: rules in order, the first that applies takes the frame', () => {
    const r = rig(
      plan(
        { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'drop' }, afterFrames: 1, times: 2 },
        { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'duplicate' }, times: 1 },
      ),
    );
    const k = r.attach();
    for (let seq = 1; seq <= 5; seq++) k.link.toAdapter(event(seq));
    // 1: rule 0 skips it (afterFrames), rule 1 duplicates; 2, 3: dropped; 4: rule 0 spent, rule 1 spent; 5: passes.
    assert.deepEqual(seqs(k.socket), [1, 1, 4, 5]);
    assert.deepEqual(
      r.records.map((x) => `${x.action}#${x.seq}`),
      ['duplicate#1', 'drop#2', 'drop#3'],
    );
  });

  it('reorder holds matching frames beside the lane (others pass) and releases them shuffled when the window fills', () => {
    const r = rig(plan({ direction: 'toAdapter', match: { frame: 'Event', deviceId: '8808' }, action: { kind: 'reorder', window: 3 } }));
    const k = r.attach();
    k.link.toAdapter(event(1));
    k.link.toAdapter(event(1, 'Delivered', 'M2'));
    k.link.toAdapter(event(2));
    assert.deepEqual(
      k.socket.map((t) => JSON.parse(t).monitorId),
      ['M2'],
    );
    k.link.toAdapter(event(3));
    const released = seqs(k.socket.slice(1));
    assert.notDeepEqual(released, [1, 2, 3]);
    assert.deepEqual([...released].sort(), [1, 2, 3]);
    assert.deepEqual(
      r.records.map((x) => x.detail),
      ['held 1 of 3', 'held 2 of 3', 'held 3 of 3'],
    );
  });

  it('reorder with maxHoldMs releases what it holds after that long on the clock', () => {
    const r = rig(plan({ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'reorder', window: 5, maxHoldMs: 100 } }));
    const k = r.attach();
    k.link.toAdapter(event(1));
    k.link.toAdapter(event(2));
    r.clock.advance(99);
    assert.deepEqual(k.socket, []);
    r.clock.advance(1);
    assert.deepEqual(seqs(k.socket), [2, 1]);
  });

  it('setFaults and clearFaults release held frames in the order received', () => {
    const r = rig(plan({ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'reorder', window: 5 } }));
    const k = r.attach();
    k.link.toAdapter(event(1));
    k.link.toAdapter(event(2));
    r.engine.clear();
    assert.deepEqual(seqs(k.socket), [1, 2]);
    k.link.toAdapter(event(3));
    assert.deepEqual(seqs(k.socket), [1, 2, 3]);
  });

  it('refuse answers in the request order, after frames the lane still holds, and the request never reaches the session', () => {
    const r = rig(
      plan(
        { direction: 'fromAdapter', match: { name: 'SnapshotDevice' }, action: { kind: 'delay', ms: 10 } },
        { direction: 'fromAdapter', match: { name: 'MonitorStart' }, action: { kind: 'refuse', code: 'serviceUnavailable' }, times: 1 },
      ),
    );
    const k = r.attach();
    k.link.fromAdapter(request(7, 'SnapshotDevice'));
    k.link.fromAdapter(request(8));
    k.link.fromAdapter(request(9));
    assert.deepEqual(k.session, []);
    assert.deepEqual(k.socket, []);
    r.clock.advance(10);
    assert.deepEqual(
      k.session.map((t) => JSON.parse(t).invokeId),
      [7, 9],
    );
    assert.deepEqual(
      k.socket.map((t) => JSON.parse(t)),
      [
        {
          type: 'Error',
          invokeId: 8,
          request: 'MonitorStart',
          error: { code: 'serviceUnavailable', message: 'MonitorStart refused by a simulated fault (rule 1)' },
        },
      ],
    );
  });

  it('inOrder runs behind what the fromAdapter lane holds (a binary frame keeps its place behind a delayed request)', () => {
    const r = rig(plan({ direction: 'fromAdapter', action: { kind: 'delay', ms: 5 }, times: 1 }));
    const k = r.attach();
    const order: string[] = [];
    k.link.fromAdapter(request(1));
    k.link.inOrder(() => order.push(`binary after ${k.session.length}`));
    assert.deepEqual(order, []);
    r.clock.advance(5);
    assert.deepEqual(order, ['binary after 1']);
  });

  it('stall passes the request on and swallows its reply only', () => {
    const r = rig(plan({ direction: 'fromAdapter', match: { name: 'AgentLogin' }, action: { kind: 'stall' } }));
    const k = r.attach();
    k.link.fromAdapter(request(3, 'AgentLogin'));
    assert.equal(k.session.length, 1);
    k.link.toAdapter(response(3, 'AgentLogin'));
    k.link.toAdapter(event(1, 'AgentLoggedOn'));
    r.engine.clear();
    k.link.toAdapter(response(4, 'SnapshotDevice'));
    assert.deepEqual(
      k.socket.map((t) => JSON.parse(t).type),
      ['Event', 'Response'],
    );
  });

  it('closeLink closes after the frames before it and drops everything after; abrupt is passed on', () => {
    const r = rig(plan({ direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'closeLink', abrupt: true }, afterFrames: 2 }));
    const k = r.attach();
    for (let seq = 1; seq <= 4; seq++) k.link.toAdapter(event(seq));
    k.link.fromAdapter(request(1));
    assert.deepEqual(seqs(k.socket), [1, 2]);
    assert.deepEqual(k.closes, [true]);
    assert.deepEqual(k.session, []);
    assert.equal(r.records.length, 1);
  });

  it('matches replies and events by device: requests remembered by invokeId, monitors from the server', () => {
    const r = rig(
      plan(
        { direction: 'toAdapter', match: { frame: 'Response', deviceId: '8810' }, action: { kind: 'drop' } },
        { direction: 'toAdapter', match: { frame: 'Event', deviceId: '8810' }, action: { kind: 'drop' } },
      ),
    );
    const k = r.attach();
    k.link.fromAdapter(request(1, 'MonitorStart', '8808'));
    k.link.fromAdapter(request(2, 'MonitorStart', '8810'));
    k.link.toAdapter(response(1));
    k.link.toAdapter(response(2));
    k.link.toAdapter(event(1, 'Delivered', 'M1'));
    k.link.toAdapter(event(1, 'Delivered', 'M2'));
    assert.deepEqual(
      k.socket.map((t) => `${JSON.parse(t).type}:${JSON.parse(t).invokeId ?? JSON.parse(t).monitorId}`),
      ['Response:1', 'Event:M1'],
    );
  });

  it('corrupt only matches frames that have the field; malformed cuts the text so it is not JSON', () => {
    const r = rig(
      plan(
        { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'corrupt', field: 'event.reasonCode' } },
        { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'corrupt', field: 'seq' }, times: 1 },
        { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'malformed' } },
      ),
    );
    const k = r.attach();
    k.link.toAdapter(event(1));
    k.link.toAdapter(event(2));
    assert.deepEqual(JSON.parse(k.socket[0] ?? '').seq, '1');
    assert.throws(() => JSON.parse(k.socket[1] ?? ''));
    assert.deepEqual(
      r.records.map((x) => x.detail),
      ['seq: number → string', `cut after ${Math.floor(event(2).length / 2)} of ${event(2).length} characters`],
    );
  });

  it('a listener that throws, or acts on the link, breaks nothing and keeps frame order', () => {
    const r = rig(plan({ direction: 'toAdapter', match: { name: 'Delivered' }, action: { kind: 'duplicate' }, times: 1 }));
    const k = r.attach();
    r.engine.onFault(() => {
      k.link.toAdapter(event(9, 'Established'));
      throw new Error('listener bug');
    });
    k.link.toAdapter(event(1));
    assert.deepEqual(seqs(k.socket), [1, 1, 9]);
  });

  it('counts applications over the whole plan, across links, and draws per link', () => {
    const r = rig(plan({ direction: 'toAdapter', action: { kind: 'drop' }, times: 3, probability: 0.999999 }));
    const a = r.attach('K1');
    const b = r.attach('K2');
    for (let seq = 1; seq <= 3; seq++) {
      a.link.toAdapter(event(seq));
      b.link.toAdapter(event(seq));
    }
    assert.deepEqual(
      r.records.map((x) => `${x.link}#${x.seq}`),
      ['K1#1', 'K2#1', 'K1#2'],
    );
    assert.equal(r.records[0]?.draw, stream(1, 'K1/toAdapter')());
    assert.equal(r.records[1]?.draw, stream(1, 'K2/toAdapter')());
  });
});
