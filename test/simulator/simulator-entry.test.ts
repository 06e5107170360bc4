import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock, createSimulator, ScriptError, startStandalone } from '../../simulator/index.ts';
import { captureLogs, field } from './support/logs.ts';
import { WireClient } from './support/wire-client.ts';

const examples = fileURLToPath(new URL('../../simulator/script/examples/', import.meta.url));

describe('createSimulator', { timeout: 10_000 }, () => {
  it('starts on loopback with the default credentials and stops cleanly', async () => {
    const simulator = createSimulator();
    assert.equal(simulator.url, null);
    const { url } = await simulator.start();
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const client = await WireClient.connect(url);
    const reply = await client.start('switchboard', 'switchboard');
    assert.deepEqual(reply.type === 'Response' && reply.request === 'StartApplicationSession' && reply.result.heartbeatIntervalMs, 10_000);
    await simulator.stop();
    await client.closed;
    assert.equal(simulator.url, null);
  });

  it('refuses to start twice', async () => {
    const simulator = createSimulator();
    await simulator.start();
    try {
      await assert.rejects(simulator.start(), /already started/);
    } finally {
      await simulator.stop();
    }
  });

  it('rejects bad options naming the option and what was expected', () => {
    assert.throws(() => createSimulator({ port: 70_000 }), /port: expected an integer from 0 to 65535, got 70000/);
    assert.throws(() => createSimulator({ heartbeatIntervalMs: 0 }), /heartbeatIntervalMs: expected a positive integer/);
  });

  it('stops without having started', async () => {
    await createSimulator().stop();
  });

  it("suspends the ACD's deadline timer while stopped and resumes it on start", async () => {
    const clock = createManualClock();
    const simulator = createSimulator({ clock });
    const { control } = simulator;
    control.provision({ extensions: ['8808'], agents: [{ id: '5501', password: 'pw' }], acd: { afterCallWorkMs: 1000 } });
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'login' });
    control.customerCall({ from: '+1', to: { extension: '8808' } });
    control.answerAtPhone({ extension: '8808' });
    control.hangUp({ call: 'C1', party: 'caller' });
    assert.equal(clock.pending(), 1);
    await simulator.start();
    await simulator.stop();
    assert.equal(clock.pending(), 0, 'a timer outlived stop()');
    clock.advance(2000);
    assert.equal(control.truth().agents.get('5501')?.status.kind, 'afterCallWork');
    await simulator.start();
    try {
      clock.advance(0);
      assert.equal(control.truth().agents.get('5501')?.status.kind, 'ready');
    } finally {
      await simulator.stop();
    }
  });
});

describe('startStandalone', { timeout: 10_000 }, () => {
  it('loads the script, serves it, plays the timeline and logs every model event as a structured line', async () => {
    const clock = createManualClock();
    const logs = captureLogs('info');
    const { logger } = logs;
    const handle = await startStandalone({ scriptPath: `${examples}queue-call-answered.yaml`, host: '127.0.0.1', port: 0, logger, clock });
    const client = await WireClient.connect(handle.url);
    try {
      const [monitorId = ''] = await client.monitor('8808');
      clock.advance(0);
      clock.advance(100);
      clock.advance(900);
      const frames = [await client.nextEvent(monitorId), await client.nextEvent(monitorId), await client.nextEvent(monitorId)];
      assert.deepEqual(
        frames.map((f) => `${f.seq}:${f.event.name}`),
        ['1:AgentLoggedOn', '2:AgentReady', '3:Delivered'],
      );
      await client.sync(); // the pong is in before the next jump in time
      clock.advance(2000);
      await client.nextEvent(monitorId);
      await client.sync();
      clock.advance(7000);
      await handle.run.done;
      const lines = logs.lines();
      const modelLines = lines.filter((l) => String(l['msg']).startsWith('model event'));
      assert.deepEqual(
        modelLines.map((l) => [l['at'], field(l, 'event', 'name')]),
        [
          [0, 'AgentLoggedOn'],
          [100, 'AgentReady'],
          [1000, 'Delivered'],
          [3000, 'Established'],
          [3000, 'AgentBusy'],
          [10_000, 'ConnectionCleared'],
          [10_000, 'CallCleared'],
          [10_000, 'AgentWorkingAfterCall'],
        ],
      );
      assert.ok(lines.some((l) => l['msg'] === 'simulator running' && l['url'] === handle.url));
      assert.ok(!logs.text.join('').includes('secret-5501'), 'an agent password reached the logs');
    } finally {
      await client.close();
      await handle.stop();
    }
  });

  it('throws a ScriptError for a bad script before anything listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-sim-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'version: 1\nprovision: { extensions: ["8808"] }\ntimeline:\n  - { at: 0, do: hangUp, call: nobody, party: caller }\n');
    try {
      await assert.rejects(startStandalone({ scriptPath: file, logger: pino({ level: 'silent' }), clock: createManualClock() }), (error: unknown) => {
        assert.ok(error instanceof ScriptError);
        assert.match(error.message, /bad\.yaml: timeline\[0\]\.call: no earlier step defines ref "nobody"/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('createSimulator: ports', { timeout: 10_000 }, () => {
  it('rejects start when the port is taken, and a concurrent stop resolves once', async () => {
    const first = createSimulator();
    const { url } = await first.start();
    const port = Number(new URL(url).port);
    const second = createSimulator({ port });
    try {
      await assert.rejects(second.start(), { code: 'EADDRINUSE' });
      assert.equal(second.url, null);
    } finally {
      await Promise.all([first.stop(), first.stop()]);
    }
  });
});
