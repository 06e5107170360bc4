/** The load run's pure parts: seeded streams, the plan, the ledger's accounting, the histogram picture. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelEvent } from '../../simulator/index.ts';
import { CALL_WAITING_SHARE, loadConfig, LoadConfigError, plan, population, talkingAlone } from '../../src/load/config.ts';
import { LatencyRecorder, summarise } from '../../src/load/latency.ts';
import { problems } from '../../src/load/ledger-counts.ts';
import { Ledger } from '../../src/load/ledger.ts';
import { exponential, stream } from '../../src/load/random.ts';
import { histogramSvg } from '../../src/load/report.ts';

const config = loadConfig(
  { seed: '7', rate: '20', duration: '60s' },
  (d) => d,
  () => 0,
);

describe('seeded traffic', () => {
  it('draws the same stream for the same seed and label, another for another label', () => {
    const take = (seed: number, label: string) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.next()
        )(stream(seed, label)),
      );
    assert.deepEqual(take(1, 'arrivals'), take(1, 'arrivals'));
    assert.notDeepEqual(take(1, 'arrivals'), take(1, 'holding'));
    assert.notDeepEqual(take(1, 'arrivals'), take(2, 'arrivals'));
  });

  it('plans the same calls for the same seed, and a Poisson rate near the one asked for', () => {
    const calls = plan(config);
    assert.deepEqual(plan(config), calls);
    assert.notDeepEqual(plan({ ...config, seed: 8 }), calls);
    // 20 calls/s for 60 s: 1200 expected; the count of a Poisson process is within ±4σ (≈ ±140) for any seed.
    assert.ok(Math.abs(calls.length - 1200) < 140, `${calls.length} calls`);
    assert.ok(calls.every((c, i) => i === 0 || c.atMs >= calls[i - 1]!.atMs));
    const meanHold = calls.reduce((s, c) => s + c.holdMs, 0) / calls.length;
    assert.ok(Math.abs(meanHold - config.holdMeanMs) < config.holdMeanMs * 0.15, `mean hold ${meanHold}`);
  });

  it('a new random choice does not shift the others: holding times do not depend on the queue count', () => {
    assert.deepEqual(
      plan({ ...config, queues: 3 }).map((c) => c.holdMs),
      plan(config).map((c) => c.holdMs),
    );
  });

  it('plans about one call in ten as call waiting, from its own stream', () => {
    const calls = plan(config);
    const waiting = calls.filter((c) => c.waiting).length / calls.length;
    assert.ok(Math.abs(waiting - CALL_WAITING_SHARE) < 0.03, `${waiting} of the calls wait`);
    assert.deepEqual(
      plan({ ...config, queues: 3 }).map((c) => c.waiting),
      calls.map((c) => c.waiting),
    );
  });

  it('a waiting call goes to an agent whose extension has one call, connected', () => {
    const agents = new Map([
      ['100000', 'A1'],
      ['100001', 'A2'],
      ['100002', 'A3'],
    ]);
    const call = (...connections: [string, string][]) => ({ connections: connections.map(([device, state]) => ({ device, state })) });
    const calls = [
      call(['+16175550000', 'connected'], ['100000', 'connected']),
      call(['+16175550001', 'connected'], ['100001', 'held']),
      call(['100001', 'alerting']),
      call(['100002', 'alerting']),
    ];
    assert.deepEqual(talkingAlone(calls, agents), ['100000']);
  });

  it('exponential with mean 0 is always 0', () => {
    assert.equal(exponential(stream(1, 'x'), 0), 0);
  });

  it('spreads agents over queues, one extension each', () => {
    const p = population({ agents: 5, queues: 2 });
    assert.deepEqual(
      p.queues.map((q) => q.members),
      [
        ['100000', '100002', '100004'],
        ['100001', '100003'],
      ],
    );
    assert.deepEqual(
      p.agents.map((a) => a.extension),
      p.extensions,
    );
  });

  it('refuses a configuration with a message naming the flag', () => {
    assert.throws(
      () =>
        loadConfig(
          { 'acw-ms': '1.5' },
          (d) => d,
          () => 0,
        ),
      (e: unknown) => e instanceof LoadConfigError && /--acw-ms "1.5"/.test(e.message),
    );
  });
});

const delivered = (callId: string, ext: string): ModelEvent => ({
  name: 'Delivered',
  devices: [ext],
  callId,
  alertingDevice: ext,
  callingDevice: '+15550100',
  calledDevice: '80000',
  callData: {},
  cause: 'newCall',
});
const cleared = (callId: string, ext: string): ModelEvent => ({ name: 'CallCleared', devices: [ext], callId, cause: 'normal' });
const pega = (name: string, callId: string) => ({ pyEventType: 'CallStateEvent', pyEventName: name, pyCallId: callId });

describe('the ledger', () => {
  it('counts a pop exactly once, twice, never, and one the switch never owed', () => {
    const ledger = new Ledger({ judgeAgentEvents: false, latency: new LatencyRecorder() });
    ledger.monitor('100', 'CSR@100');
    for (const id of ['C1', 'C2', 'C3']) ledger.switched(delivered(id, '100'), 0);
    ledger.delivered('CSR@100', '100', pega('Offering', 'C1'), true, 1);
    ledger.delivered('CSR@100', '100', pega('Offering', 'C2'), true, 1);
    ledger.delivered('CSR@100', '100', pega('Offering', 'C2'), true, 2);
    ledger.delivered('CSR@100', '100', pega('Offering', 'C9'), true, 2);
    const counts = ledger.counts();
    assert.deepEqual(counts.pops, { expected: 3, once: 1, duplicated: 1, lost: 1, unexpected: 1 });
    assert.equal(ledger.outstanding, 1);
    assert.deepEqual(problems(counts), [
      '1 screen pops delivered more than once',
      '1 screen pops lost (owed by the switch, never delivered)',
      '1 screen pops delivered that the switch never owed',
    ]);
  });

  it('owes an end per extension a call rang at, and nothing for extensions nobody monitors', () => {
    const ledger = new Ledger({ judgeAgentEvents: false, latency: new LatencyRecorder() });
    ledger.monitor('100', 'CSR@100');
    ledger.switched(delivered('C1', '100'), 0);
    ledger.switched(delivered('C2', '200'), 0);
    ledger.switched(cleared('C1', '100'), 5);
    ledger.switched(cleared('C2', '200'), 5);
    ledger.delivered('CSR@100', '100', pega('Offering', 'C1'), true, 1);
    ledger.delivered('CSR@100', '100', pega('Abandoned', 'C1'), true, 6);
    assert.deepEqual(ledger.counts().ends, { expected: 1, once: 1, duplicated: 0, lost: 0, unexpected: 0 });
    assert.equal(ledger.outstanding, 0);
  });

  it('owes agent events in order above Simple telephony, and counts requests and their outcomes', () => {
    const latency = new LatencyRecorder();
    const ledger = new Ledger({ judgeAgentEvents: true, latency });
    ledger.monitor('100', 'CSR@100');
    ledger.switched({ name: 'AgentBusy', devices: ['100'], agentId: 'A1', deviceId: '100' }, 10);
    ledger.delivered('CSR@100', '100', { pyEventType: 'AgentStateEvent', pyEventName: 'NotReady', pyWorkMode: 'BUSY' }, true, 12);
    ledger.delivered('CSR@100', '100', { pyEventType: 'AgentStateEvent', pyEventName: 'Ready' }, false, 13);
    ledger.requestSent();
    ledger.requestSent();
    ledger.outcome({ ok: true });
    const counts = ledger.counts();
    assert.deepEqual(counts.agentEvents, { expected: 1, once: 1, duplicated: 0, lost: 0, unexpected: 1 });
    assert.equal(counts.requests.pending, 1);
    assert.equal(counts.schemaViolations, 1);
    assert.deepEqual(latency.summary(), { count: 1, p50: 2, p90: 2, p99: 2, max: 2, mean: 2 });
  });

  it('owes each event to the desktop monitoring its extension: the same event on another desktop is not delivered', () => {
    const ledger = new Ledger({ judgeAgentEvents: true, latency: new LatencyRecorder() });
    ledger.monitor('100', 'CSR@100');
    ledger.monitor('200', 'CSR@200');
    ledger.switched(delivered('C1', '100'), 0);
    ledger.switched({ name: 'AgentReady', devices: ['100'], agentId: 'A1', deviceId: '100' }, 0);
    ledger.delivered('CSR@200', '100', pega('Offering', 'C1'), true, 1);
    ledger.delivered('CSR@200', '100', { pyEventType: 'AgentStateEvent', pyEventName: 'Ready' }, true, 1);
    const counts = ledger.counts();
    assert.deepEqual(counts.pops, { expected: 1, once: 0, duplicated: 0, lost: 1, unexpected: 1 });
    assert.deepEqual(counts.agentEvents, { expected: 1, once: 0, duplicated: 0, lost: 1, unexpected: 1 });
    assert.equal(ledger.outstanding, 2);
  });

  it('matches agent events by what they show: a repeat is a duplicate, a wrong name is unexpected, an overtaken one is lost', () => {
    const ledger = new Ledger({ judgeAgentEvents: true, latency: new LatencyRecorder() });
    ledger.monitor('100', 'CSR@100');
    const agent = (name: 'AgentReady' | 'AgentNotReady' | 'AgentWorkingAfterCall' | 'AgentLoggedOff'): ModelEvent => ({
      name,
      devices: ['100'],
      agentId: 'A1',
      deviceId: '100',
    });
    for (const name of ['AgentReady', 'AgentWorkingAfterCall', 'AgentNotReady', 'AgentLoggedOff'] as const) ledger.switched(agent(name), 0);
    const shown = (pyEventName: string, pyWorkMode = '') =>
      ledger.delivered('CSR@100', '100', { pyEventType: 'AgentStateEvent', pyEventName, pyWorkMode }, true, 1);
    shown('Ready');
    shown('Ready');
    shown('Login');
    shown('NotReady');
    shown('Logout');
    assert.deepEqual(ledger.counts().agentEvents, { expected: 4, once: 3, duplicated: 1, lost: 1, unexpected: 1 });
    assert.equal(ledger.outstanding, 0);
  });
});

describe('latency and its picture', () => {
  it('takes nearest-rank percentiles', () => {
    const s = summarise(Float64Array.from({ length: 100 }, (_, i) => i + 1));
    assert.deepEqual([s.p50, s.p90, s.p99, s.max], [50, 90, 99, 100]);
  });

  it('draws a well-formed SVG with bars and the p50 / p99 marks', () => {
    const latency = new LatencyRecorder();
    for (const ms of [0.2, 0.3, 0.3, 0.5, 1.2, 4]) latency.record(ms);
    const svg = histogramSvg(latency.histogram(), latency.summary(), 'a <title> & more');
    assert.match(svg, /^<svg [^>]*>[\s\S]*<\/svg>\n$/);
    assert.match(svg, /a &lt;title&gt; &amp; more/);
    assert.match(svg, /p50 0\.30 ms/);
    assert.match(svg, /p99 4 ms/);
    assert.equal((svg.match(/<rect /g) ?? []).length > 3, true);
  });
});
