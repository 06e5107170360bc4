/** Scripts with faults: the `faults:` section and the setFaults / clearFaults steps load, run, and are refused when wrong. */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock } from '../../simulator/clock.ts';
import type { FaultRecord } from '../../simulator/faults/types.ts';
import { loadScript, parseScript } from '../../simulator/script/loader.ts';
import { runScript } from '../../simulator/script/runner.ts';
import { ScriptError, type ScriptErrorCode } from '../../simulator/script/script-error.ts';
import { createSimulator } from '../../simulator/simulator.ts';
import { WireClient } from './support/wire-client.ts';

const example = fileURLToPath(new URL('../../simulator/script/examples/faults.yaml', import.meta.url));

const HEAD = `
version: 1
provision:
  extensions: ["8808"]
`;

function rejects(text: string, code: ScriptErrorCode, path: string, expected: RegExp): void {
  assert.throws(
    () => parseScript(text, 'flaky.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof ScriptError, String(error));
      assert.equal(error.code, code, error.message);
      assert.ok(
        error.issues.some((i) => i.path === path && expected.test(i.message)),
        `expected an issue at ${path} matching ${expected}, got: ${error.message}`,
      );
      return true;
    },
  );
}

const withFaults = (rules: string, timeline = 'timeline: []') => `${HEAD}faults:\n  seed: 3\n  rules:\n${rules}\n${timeline}\n`;

interface ExampleRun {
  readonly records: FaultRecord[];
  readonly frames: string[];
  readonly closeCode: number;
  readonly refusals: string[];
}

/** Plays the example against a client that retries MonitorStart, on a manual clock, to the end of the timeline. */
async function playExample(): Promise<ExampleRun> {
  const script = await loadScript(example);
  const clock = createManualClock(0);
  const simulator = createSimulator({ clock, logger: pino({ level: 'silent' }), heartbeatIntervalMs: 60_000 });
  const records: FaultRecord[] = [];
  simulator.control.onFault((r) => records.push(r));
  const { url } = await simulator.start();
  const client = await WireClient.connect(url);
  try {
    simulator.control.provision(script.provision);
    const run = runScript(simulator.control, script, clock, { fileName: example });
    await client.start();
    const refusals: string[] = [];
    for (;;) {
      const reply = await client.request({ type: 'MonitorStart', deviceId: '8808' });
      if (reply.type === 'Response') break;
      refusals.push(`${reply.error.code}: ${reply.error.message}`);
    }
    for (let t = 0; t < 12_000; t += 50) clock.advance(50);
    await run.done;
    const { code } = await client.closed;
    return { records, frames: client.received.map((f) => JSON.stringify(f)), closeCode: code, refusals };
  } finally {
    await client.close();
    await simulator.stop();
  }
}

describe('scripts with faults', { timeout: 20_000 }, () => {
  it('loads the example: a faults section and setFaults / clearFaults steps', async () => {
    const script = await loadScript(example);
    assert.equal(script.faults?.seed, 20240611);
    assert.deepEqual(
      script.faults?.rules.map((r) => r.action.kind),
      ['refuse', 'delay', 'duplicate', 'stall'],
    );
    assert.deepEqual(script.timeline.map((s) => s.do).slice(-3), ['setFaults', 'hangUp', 'clearFaults']);
  });

  it('plays the example: the plan is set when the run starts, replaced at 5 s, and the same seed replays the same run', async () => {
    const first = await playExample();
    assert.deepEqual(first.refusals, ['serviceUnavailable: the switch is busy, try again', 'serviceUnavailable: the switch is busy, try again']);
    assert.equal(first.closeCode, 1011);
    assert.deepEqual(
      first.records.slice(0, 2).map((r) => [r.rule, r.action, r.name]),
      [
        [0, 'refuse', 'MonitorStart'],
        [0, 'refuse', 'MonitorStart'],
      ],
    );
    const last = first.records.at(-1);
    assert.deepEqual([last?.n, last?.rule, last?.action, last?.name], [1, 0, 'closeLink', 'AgentWorkingAfterCall']);
    const second = await playExample();
    assert.deepEqual(second.records, first.records);
    assert.deepEqual(second.frames, first.frames);
  });

  it('refuses an unknown action kind, naming the path and the kinds expected', () => {
    rejects(
      withFaults('    - { direction: toAdapter, action: { kind: explode } }'),
      'schema',
      'faults.rules[0].action.kind',
      /Expected one of delay, drop, duplicate, reorder, corrupt, malformed, refuse, stall, closeLink, got "explode"/,
    );
  });

  it('refuses a probability above 1, a missing seed, an unknown direction and an unknown name', () => {
    rejects(
      withFaults('    - { direction: toAdapter, action: { kind: drop }, probability: 1.5 }'),
      'schema',
      'faults.rules[0].probability',
      /Expected number to be less or equal to 1/,
    );
    rejects(`${HEAD}faults: { rules: [] }\ntimeline: []\n`, 'schema', 'faults.seed', /Expected required property/);
    rejects(
      withFaults('    - { direction: sideways, action: { kind: drop } }'),
      'schema',
      'faults.rules[0].direction',
      /toAdapter: frames the simulator sends/,
    );
    rejects(
      withFaults('    - { direction: toAdapter, match: { name: Teleported }, action: { kind: drop } }'),
      'schema',
      'faults.rules[0].match.name',
      /a request type .* or an event name/,
    );
    rejects(withFaults('    - { direction: toAdapter, action: { kind: delay, ms: -1 } }'), 'schema', 'faults.rules[0].action.ms', /greater or equal to 0/);
    rejects(
      withFaults('    - { direction: toAdapter, action: { kind: reorder, window: 1 } }'),
      'schema',
      'faults.rules[0].action.window',
      /greater or equal to 2/,
    );
    rejects(withFaults('    - { direction: toAdapter, action: { kind: drop }, colour: red }'), 'schema', 'faults.rules[0].colour', /Unexpected property/);
  });

  it('refuses combinations that cannot apply (semantic), naming the path', () => {
    rejects(
      withFaults('    - { direction: toAdapter, action: { kind: refuse, code: serviceUnavailable } }'),
      'semantic',
      'faults.rules[0].direction',
      /expected fromAdapter/,
    );
    rejects(
      withFaults('    - { direction: fromAdapter, match: { frame: Event }, action: { kind: drop } }'),
      'semantic',
      'faults.rules[0].match.frame',
      /expected Request/,
    );
    rejects(
      withFaults('    - { direction: fromAdapter, match: { name: Delivered }, action: { kind: drop } }'),
      'semantic',
      'faults.rules[0].match.name',
      /event name/,
    );
    rejects(
      withFaults('    - { direction: toAdapter, match: { frame: Event, name: MonitorStart }, action: { kind: drop } }'),
      'semantic',
      'faults.rules[0].match.name',
      /request type/,
    );
  });

  it('checks setFaults steps the same way, under their timeline path', () => {
    rejects(
      `${HEAD}timeline:\n  - { at: 0, do: setFaults, seed: 1, rules: [{ direction: toAdapter, action: { kind: corrupt } }] }\n`,
      'schema',
      'timeline[0].rules[0].action.field',
      /Expected required property/,
    );
    rejects(`${HEAD}timeline:\n  - { at: 0, do: setFaults, rules: [] }\n`, 'schema', 'timeline[0].seed', /Expected required property/);
    rejects(
      `${HEAD}timeline:\n  - { at: 0, do: setFaults, seed: 1, rules: [{ direction: toAdapter, action: { kind: stall } }] }\n`,
      'semantic',
      'timeline[0].rules[0].direction',
      /expected fromAdapter/,
    );
    rejects(`${HEAD}timeline:\n  - { at: 0, do: clearFaults, seed: 1 }\n`, 'schema', 'timeline[0].seed', /Unexpected property/);
  });
});
