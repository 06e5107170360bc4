/**
 * `switchboard load` end to end, in process: a small contact centre with a fixed seed is correct
 * and counts the same twice; a positive control (an adapter that pops every call twice) is caught;
 * bad flags are usage errors. No timing is asserted: only counts and verdicts.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { capture, ROOT } from '../certify/support/certify-run.ts';

const SMALL = ['--agents', '20', '--rate', '10', '--duration', '1500ms', '--hold-mean-ms', '200', '--acw-ms', '100', '--ring-ms', '20', '--seed', '42'];

async function load(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'switchboard-load-'));
  const stdout = capture();
  const stderr = capture();
  const code = await main(['load', '--out', out, ...args], { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text(), out };
}

interface OnceCounts {
  expected: number;
  once: number;
  duplicated: number;
  lost: number;
  unexpected: number;
}
interface Summary {
  verdict: { kind: string; problems?: string[] };
  seed: number;
  counts: {
    callsOffered: number;
    callsWaiting: number;
    callsAnswered: number;
    callsCompleted: number;
    switchRefusals: number;
    desktop: {
      pops: OnceCounts;
      answers: OnceCounts;
      ends: OnceCounts;
      agentEvents: OnceCounts;
      requests: { sent: number; withOneOutcome: number; pending: number };
      eventsDelivered: number;
      schemaViolations: number;
    };
  };
}

async function summaryIn(out: string): Promise<Summary> {
  return JSON.parse(await readFile(join(out, 'load-summary.json'), 'utf8')) as Summary;
}

describe('switchboard load', () => {
  it('runs a small contact centre through the reference adapter: every pop exactly once, every request answered, the same counts for the same seed', async () => {
    const first = await load(...SMALL);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /seed 42/);
    assert.match(first.stdout, /verdict: CORRECT/);
    const summary = await summaryIn(first.out);
    const { counts } = summary;
    assert.equal(summary.verdict.kind, 'correct');
    assert.equal(summary.seed, 42);
    assert.ok(counts.callsOffered > 0, 'the plan offers calls');
    assert.equal(counts.callsAnswered, counts.callsOffered);
    assert.equal(counts.callsCompleted, counts.callsOffered);
    for (const kind of ['pops', 'answers', 'ends'] as const) {
      assert.deepEqual(counts.desktop[kind], { expected: counts.callsOffered, once: counts.callsOffered, duplicated: 0, lost: 0, unexpected: 0 }, kind);
    }
    assert.equal(counts.desktop.requests.pending, 0);
    assert.equal(counts.desktop.requests.withOneOutcome, counts.desktop.requests.sent);
    // Open + subscribe + close, per desktop.
    assert.equal(counts.desktop.requests.sent, 20 * 3);
    assert.equal(counts.desktop.schemaViolations, 0);

    const again = await load(...SMALL);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    // Which calls find an agent on a call alone (call waiting) is the run's timing; every other count is the seed's.
    const { callsWaiting: _first, ...seeded } = counts;
    const { callsWaiting: _again, ...seededAgain } = (await summaryIn(again.out)).counts;
    assert.deepEqual(seededAgain, seeded);

    const md = await readFile(join(first.out, 'load-summary.md'), 'utf8');
    assert.match(md, /\| screen pop \(Offering\) \| \d+ \| \d+ \| 0 \| 0 \| 0 \|/);
    const svg = await readFile(join(first.out, 'load-latency.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /p99 /);
  });

  it('dials some calls to agents on a call (call waiting): each rings beside the call and pops exactly once, where a one-call-per-extension adapter loses them', async () => {
    // Fewer agents than the traffic needs: most are on a call when a waiting call is dialled.
    const busy = ['--agents', '4', '--rate', '3', '--duration', '6', '--hold-mean-ms', '3000', '--acw-ms', '100', '--seed', '3'];
    const good = await load(...busy, '--mode', 'full');
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const { counts } = await summaryIn(good.out);
    assert.ok(counts.callsWaiting > 0, 'some calls rang beside another');
    // The terminal says it too, beside the other call counts.
    const line = `calls: ${counts.callsOffered} offered, ${counts.callsWaiting} waiting, ${counts.callsAnswered} answered, ${counts.callsCompleted} completed`;
    assert.ok(good.stdout.split('\n').includes(line), `"${line}" in:\n${good.stdout}`);
    assert.deepEqual(counts.desktop.pops, { expected: counts.callsOffered, once: counts.callsOffered, duplicated: 0, lost: 0, unexpected: 0 });
    const broken = await load(...busy, '--adapter', 'module:test/fixtures/adapters/one-call-per-extension.ts');
    assert.equal(broken.code, 1, broken.stdout);
    assert.match(broken.stdout, /screen pops lost/);
  });

  it('checks agent-state events and the desktop requests above Simple telephony', async () => {
    const { code, stdout, out } = await load(...SMALL, '--mode', 'full');
    assert.equal(code, 0, stdout);
    const { counts } = await summaryIn(out);
    // Login and Ready per agent, then Busy, after-call work and Ready per call — but a waiting call answered
    // beside another brings none of its own (unless the other ended first: the run's timing), nor its SetAgentReady.
    const agentEvents = counts.desktop.agentEvents;
    assert.deepEqual(agentEvents, { expected: agentEvents.expected, once: agentEvents.expected, duplicated: 0, lost: 0, unexpected: 0 });
    assert.ok(agentEvents.expected >= 20 * 2 + (counts.callsOffered - counts.callsWaiting) * 3, `${agentEvents.expected} agent events`);
    assert.ok(agentEvents.expected <= 20 * 2 + counts.callsOffered * 3, `${agentEvents.expected} agent events`);
    // Open, LoginAgent, SetAgentReady and close per desktop; AnswerCall, HangUpCall and SetAgentReady per call.
    const sent = counts.desktop.requests.sent;
    assert.ok(sent >= 20 * 4 + counts.callsOffered * 3 - counts.callsWaiting && sent <= 20 * 4 + counts.callsOffered * 3, `${sent} requests`);
    assert.equal(counts.desktop.requests.pending, 0);
  });

  it('sends each desktop one request at a time (decision 0022): an adapter that rejects overlapping requests of one CSR is never tripped', async () => {
    // Holds of ~1 ms and no after-call work: a desktop's HangUpCall and SetAgentReady follow its AnswerCall at once.
    const run = await load(
      '--agents',
      '20',
      '--rate',
      '40',
      '--duration',
      '1500ms',
      '--hold-mean-ms',
      '1',
      '--acw-ms',
      '0',
      '--ring-ms',
      '1',
      '--seed',
      '41',
      '--mode',
      'full',
      '--adapter',
      'module:test/fixtures/adapters/refuses-overlap.ts',
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const summary = await summaryIn(run.out);
    assert.ok(summary.counts.desktop.requests.sent > 40);
    assert.equal(summary.counts.desktop.requests.withOneOutcome, summary.counts.desktop.requests.sent);
  });

  it("opens more desktops than the simulator's default connection cap (256), one CTI link each", async () => {
    const run = await load('--agents', '300', '--rate', '5', '--duration', '400ms', '--hold-mean-ms', '100', '--acw-ms', '0', '--ring-ms', '20', '--seed', '3');
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const { counts } = await summaryIn(run.out);
    assert.equal(counts.desktop.pops.lost, 0);
    assert.equal(counts.desktop.requests.pending, 0);
  });

  it('closes the desktops it opened when set-up fails, so the process ends (an open adapter reconnects to the stopped switch for ever)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchboard-load-'));
    const args = [
      'bin/switchboard.mjs',
      'load',
      '--adapter',
      'module:test/fixtures/adapters/refuses-one-subscription.ts',
      '--agents',
      '8',
      '--rate',
      '1',
      '--duration',
      '200ms',
      '--drain-ms',
      '2000',
      '--seed',
      '1',
      '--out',
      out,
    ];
    // The process must end by itself: a generous limit, past which it is killed and the test fails.
    const ended = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
      execFile(process.execPath, args, { cwd: ROOT, timeout: 120_000, killSignal: 'SIGKILL' }, (error, _stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, signal: error?.signal ?? null, stderr }),
      );
    });
    assert.equal(ended.signal, null, 'the process had to be killed');
    assert.equal(ended.code, 2, ended.stderr);
    assert.match(ended.stderr, /could not start: SubscribeForEvents for 100003 failed/);
  });

  it('catches an adapter that pops every call twice (positive control): exit 1, the duplicates counted', async () => {
    const { code, stdout, out } = await load(...SMALL, '--adapter', 'module:test/fixtures/adapters/pops-twice.ts');
    assert.equal(code, 1, stdout);
    assert.match(stdout, /verdict: INCORRECT/);
    assert.match(stdout, /screen pops delivered more than once/);
    const summary = await summaryIn(out);
    assert.equal(summary.verdict.kind, 'incorrect');
    const pops = summary.counts.desktop.pops;
    assert.ok(pops.expected > 0);
    assert.deepEqual(pops, { expected: pops.expected, once: 0, duplicated: pops.expected, lost: 0, unexpected: 0 });
  });

  describe('refuses bad flags with exit 2 and says what was expected', () => {
    const cases: [string[], RegExp][] = [
      [['--agents', '0'], /--agents "0": expected a whole number from 1 to 50000/],
      [['--agents', 'many'], /--agents "many": expected a whole number/],
      [['--rate', '0'], /--rate "0": expected a number above 0/],
      [['--duration', '5x'], /--duration "5x": expected a duration/],
      [['--hold-dist', 'normal'], /--hold-dist "normal": expected exponential or lognormal/],
      [['--mode', 'fancy'], /--mode "fancy" is not a telephony mode: expected one of simple, agent-state, full/],
      [['--seed', '4294967296'], /--seed "4294967296": expected a whole number from 0 to 4294967295/],
      [['--queues', '30', '--agents', '20'], /--queues "30": expected a whole number from 1 to 20/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--adapter', 'ftp:x'], /is not an adapter spec/],
    ];
    for (const [args, message] of cases) {
      it(args.join(' '), async () => {
        const { code, stderr } = await load(...args);
        assert.equal(code, 2);
        assert.match(stderr, message);
      });
    }
  });
});
