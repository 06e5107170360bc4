/**
 * The control API over HTTP (simulator/control/http.ts), on loopback in process: every endpoint,
 * the bearer token, the refusals (401, 404, 405, 400, 409, 413), and that what is done over the
 * network happens on the switch: a call placed over HTTP reaches a CTI-link client monitoring the
 * extension, the truth shows it, faults set over HTTP apply to the link.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.ts';
import {
  CONTROL_VERBS,
  controlTokenProblem,
  createManualClock,
  MAX_CONTROL_BODY_BYTES,
  startControlHttp,
  startStandalone,
  type ControlHttpServer,
} from '../../simulator/index.ts';
import { STEP_KINDS } from '../../simulator/script/schema.ts';
import { captureLogs, type CapturedLogs } from './support/logs.ts';
import { startLab, type TestLab } from './support/lab.ts';
import { WireClient } from './support/wire-client.ts';

const TOKEN = 'test-token-0123456789abcdef';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** One request; the body is sent as JSON unless it is a string (sent as it is). */
async function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string | null; authorization?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  else if (token !== null) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), `not a JSON object: ${text}`);
  return { status: res.status, headers: res.headers, body: parsed as Record<string, unknown> };
}

function errorOf(answer: Answer): { code: string; message: string; [key: string]: unknown } {
  const error = answer.body['error'];
  assert.ok(typeof error === 'object' && error !== null, `no error in ${JSON.stringify(answer.body)}`);
  const { code, message } = error as { code?: unknown; message?: unknown };
  assert.equal(typeof code, 'string');
  assert.equal(typeof message, 'string');
  return error as { code: string; message: string };
}

/** Raw bytes over TCP, resolving with everything the server sent once it closes the connection. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

describe('the control channel over HTTP', { timeout: 20_000 }, () => {
  let lab: TestLab;
  let channel: ControlHttpServer;
  let logs: CapturedLogs;
  let base: string;

  before(async () => {
    lab = await startLab();
    logs = captureLogs('info');
    channel = await startControlHttp({
      control: lab.simulator.control,
      clock: lab.clock,
      logger: logs.logger,
      token: TOKEN,
      health: () => ({ ctiUrl: lab.url }),
    });
    base = channel.url;
  });
  after(async () => {
    await channel.close();
    await lab.stop();
  });

  it('listens on loopback on a free port and answers GET /health with the token', async () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await call(base, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { ok: true, status: 'ok', ctiUrl: lab.url });
  });

  it('refuses every request without the token, or with a wrong one (401), and changes nothing', async () => {
    const cases: { name: string; options: { token?: string | null; authorization?: string } }[] = [
      { name: 'no header', options: { token: null } },
      { name: 'a wrong token', options: { token: 'test-token-0123456789abcdeX' } },
      { name: 'a shorter token', options: { token: 'test' } },
      { name: 'the token as Basic', options: { authorization: `Basic ${TOKEN}` } },
      { name: 'the token without a scheme', options: { authorization: TOKEN } },
      { name: 'an empty bearer', options: { authorization: 'Bearer ' } },
    ];
    for (const { name, options } of cases) {
      for (const [method, path, body] of [
        ['GET', '/health'],
        ['GET', '/control/truth'],
        ['GET', '/control/events'],
        ['POST', '/control/customerCall', { from: '+15550001', to: { extension: '8808' } }],
        ['DELETE', '/control/faults'],
        ['GET', '/nowhere'],
      ] as const) {
        const answer = await call(base, method, path, { ...options, ...(body === undefined ? {} : { body }) });
        assert.equal(answer.status, 401, `${name}: ${method} ${path}`);
        assert.equal(errorOf(answer).code, 'unauthorized');
        assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="switchboard-control"');
      }
    }
    assert.equal(lab.simulator.control.truth().calls.size, 0, 'a refused request placed a call');
  });

  it('places a call with a verb: the answer names the call and its events, a CTI-link client monitoring the extension gets them, and the truth shows it', async () => {
    const client = await lab.client();
    const [monitorId = ''] = await client.monitor('8808');

    const placed = await call(base, 'POST', '/control/customerCall', {
      body: { from: '+15550001', to: { extension: '8808' }, callData: { Account: '42' }, ref: 'first' },
    });
    assert.equal(placed.status, 200, JSON.stringify(placed.body));
    assert.equal(placed.body['verb'], 'customerCall');
    const callId = placed.body['callId'];
    assert.equal(typeof callId, 'string');
    assert.deepEqual(
      (placed.body['events'] as { name: string }[]).map((e) => e.name),
      ['Delivered'],
    );

    const delivered = await client.nextEvent(monitorId);
    assert.equal(delivered.event.name, 'Delivered');
    assert.equal(delivered.event.callId, callId);
    assert.deepEqual(delivered.event.name === 'Delivered' && delivered.event.callData, { Account: '42' });

    const truth = await call(base, 'GET', '/control/truth');
    assert.equal(truth.status, 200);
    const calls = truth.body['calls'] as { id: string; phase: string; connections: { device: string; state: string }[] }[];
    assert.deepEqual(
      calls.map((c) => ({ id: c.id, phase: c.phase, connections: c.connections })),
      [
        {
          id: callId,
          phase: 'alerting',
          connections: [
            { device: '+15550001', state: 'connected' },
            { device: '8808', state: 'alerting' },
          ],
        },
      ],
    );
    assert.deepEqual(truth.body['extensions'], ['8808', '8809', '8810']);
    assert.equal(truth.body['at'], lab.clock.now());

    // The ref named above, and the call id, both name the call.
    const answered = await call(base, 'POST', '/control/answerAtPhone', { body: { extension: '8808', call: 'first' } });
    assert.equal(answered.status, 200, JSON.stringify(answered.body));
    assert.equal((await client.nextEvent(monitorId)).event.name, 'Established');
    const hungUp = await call(base, 'POST', '/control/hangUp', { body: { call: callId, party: 'caller' } });
    assert.equal(hungUp.status, 200, JSON.stringify(hungUp.body));
    assert.deepEqual([(await client.nextEvent(monitorId)).event.name, (await client.nextEvent(monitorId)).event.name], ['ConnectionCleared', 'CallCleared']);
    assert.deepEqual((await call(base, 'GET', '/control/truth')).body['calls'], []);
  });

  it('shows agents with their status, never their password', async () => {
    const login = await call(base, 'POST', '/control/agentAtPhone', { body: { agent: '5501', extension: '8809', action: 'login' } });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const truth = await call(base, 'GET', '/control/truth');
    assert.deepEqual(truth.body['agents'], [{ id: '5501', status: { kind: 'loggedIn', extension: '8809' }, since: lab.clock.now() }]);
    assert.ok(!JSON.stringify(truth.body).includes('agent-secret-5501'), 'a password reached the truth');
    const logout = await call(base, 'POST', '/control/agentAtPhone', { body: { agent: '5501', extension: '8809', action: 'logout' } });
    assert.equal(logout.status, 200, JSON.stringify(logout.body));
  });

  it('refuses what the switch refuses with 409, the model code and its message, and changes nothing', async () => {
    const before = lab.simulator.control.truth();
    const nothing = await call(base, 'POST', '/control/answerAtPhone', { body: { extension: '8810' } });
    assert.equal(nothing.status, 409);
    assert.equal(errorOf(nothing).code, 'nothingRinging');
    assert.match(errorOf(nothing).message, /answerAtPhone refused \(nothingRinging: /);
    const unknown = await call(base, 'POST', '/control/hangUp', { body: { call: 'C999', party: 'caller' } });
    assert.equal(unknown.status, 409);
    assert.equal(errorOf(unknown).code, 'unknownCall');
    const agent = await call(base, 'POST', '/control/supervisor', { body: { agent: '9999', action: 'logout' } });
    assert.equal(errorOf(agent).code, 'unknownAgent');
    assert.equal(lab.simulator.control.truth(), before, 'a refused verb changed the switch');
  });

  it('answers an unknown verb with 404 naming the known ones, and an unknown path with 404 naming the endpoints', async () => {
    const verb = await call(base, 'POST', '/control/dance', { body: {} });
    assert.equal(verb.status, 404);
    const error = errorOf(verb);
    assert.equal(error.code, 'unknownVerb');
    assert.match(error.message, /no control verb "dance": expected one of customerCall, internalCall, .*clearFaults, provision$/);
    assert.deepEqual(error['verbs'], CONTROL_VERBS);
    assert.deepEqual(CONTROL_VERBS, [...STEP_KINDS, 'provision'], 'the verbs are the script steps, and provision');
    const path = await call(base, 'GET', '/controls');
    assert.equal(path.status, 404);
    assert.equal(errorOf(path).code, 'notFound');
    assert.match(errorOf(path).message, /POST \/control\/<verb>/);
    assert.equal((await call(base, 'POST', '/control/a/b', { body: {} })).status, 404);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const get = await call(base, 'GET', '/control/customerCall');
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const post = await call(base, 'POST', '/control/truth', { body: {} });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    const faults = await call(base, 'GET', '/control/faults');
    assert.equal(faults.headers.get('allow'), 'POST, DELETE');
  });

  it('refuses a body that does not check with 400, the path and what was expected (the script step schemas)', async () => {
    const bad = await call(base, 'POST', '/control/customerCall', { body: { from: 'not a number', to: { extension: '8808' } } });
    assert.equal(bad.status, 400);
    const error = errorOf(bad);
    assert.equal(error.code, 'invalidArguments');
    assert.match(error.message, /^customerCall arguments: from: Expected string to match .*digits, optionally led by \+.*got "not a number"/);
    assert.deepEqual(
      (error['issues'] as { path: string }[]).map((i) => i.path),
      ['from'],
    );

    const extra = await call(base, 'POST', '/control/holdAtPhone', { body: { extension: '8808', colour: 'red' } });
    assert.equal(extra.status, 400);
    assert.match(errorOf(extra).message, /colour|additional/i);

    const timed = await call(base, 'POST', '/control/hangUp', { body: { at: '2s', do: 'hangUp', call: 'C1', party: 'caller' } });
    assert.equal(timed.status, 400);
    assert.match(errorOf(timed).message, /at: Expected no at: the verb is in the path and acts now/);

    const notJson = await call(base, 'POST', '/control/hangUp', { body: '{"call": ' });
    assert.equal(notJson.status, 400);
    assert.equal(errorOf(notJson).code, 'invalidJson');
    assert.match(errorOf(notJson).message, /^the body is not JSON: \(root\): Expected a JSON object/);

    for (const body of ['[]', '"text"', 'null', '42']) {
      const answer = await call(base, 'POST', '/control/hangUp', { body });
      assert.equal(answer.status, 400, body);
      assert.match(errorOf(answer).message, /\(root\): Expected an object of the hangUp arguments/);
    }
    assert.equal(lab.simulator.control.truth().calls.size, 0);
  });

  it('never shows a password from a body it refuses', async () => {
    const answer = await call(base, 'POST', '/control/provision', { body: { extensions: [], agents: [{ id: '7001', password: 'x'.repeat(300) + 'SECRET' }] } });
    assert.equal(answer.status, 400);
    assert.match(errorOf(answer).message, /agents\[0\]\.password: Expected a string of at most 256 characters \(value not shown\)/);
    assert.ok(!JSON.stringify(answer.body).includes('SECRET'));
    assert.ok(!logs.text.join('').includes('SECRET'), 'a password reached the log');
  });

  it('provisions over the network (additively; what exists is refused with 409)', async () => {
    const added = await call(base, 'POST', '/control/provision', { body: { extensions: ['8811'], agents: [{ id: '5502', password: 'pw-5502' }] } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.ok(lab.simulator.control.truth().extensions.has('8811'));
    const again = await call(base, 'POST', '/control/provision', { body: { extensions: ['8811'] } });
    assert.equal(again.status, 409);
    assert.equal(errorOf(again).code, 'invalidProvisioning');
  });

  it('provisions call waiting over the network, and a second call then alerts beside the first (decision 0061)', async () => {
    const added = await call(base, 'POST', '/control/provision', { body: { extensions: ['8812', '8813'], callWaiting: ['8812'] } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.ok(lab.simulator.control.truth().callWaiting.has('8812'));
    await call(base, 'POST', '/control/internalCall', { body: { from: '8813', to: '8812' } });
    const second = await call(base, 'POST', '/control/customerCall', { body: { from: '+15550100', to: { extension: '8812' } } });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const unknown = await call(base, 'POST', '/control/provision', { body: { extensions: [], callWaiting: ['9999'] } });
    assert.equal(errorOf(unknown).code, 'invalidProvisioning');
  });

  it('sets faults over HTTP that apply to the CTI link, records them as events, and clears them', async () => {
    const plan = {
      seed: 7,
      rules: [{ direction: 'fromAdapter', match: { name: 'MonitorStart' }, action: { kind: 'refuse', code: 'serviceUnavailable' }, times: 1 }],
    };
    const set = await call(base, 'POST', '/control/faults', { body: plan });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const mark = (await call(base, 'GET', '/control/events')).body['latest'] as number;

    const client = await lab.client();
    await client.start();
    const refused = await client.request({ type: 'MonitorStart', deviceId: '8810' });
    assert.equal(refused.type === 'Error' && refused.error.code, 'serviceUnavailable');

    const recorded = await call(base, 'GET', `/control/events?after=${mark}`);
    const entries = recorded.body['entries'] as { n: number; kind: string; fault?: { action: string; name: string; rule: number } }[];
    assert.deepEqual(
      entries.map((e) => [e.n, e.kind, e.fault?.action, e.fault?.name, e.fault?.rule]),
      [[mark + 1, 'fault', 'refuse', 'MonitorStart', 0]],
    );

    // The same rule again, then cleared: MonitorStart goes through.
    assert.equal((await call(base, 'POST', '/control/setFaults', { body: { ...plan, rules: [{ ...plan.rules[0], times: 5 }] } })).status, 200);
    const cleared = await call(base, 'DELETE', '/control/faults');
    assert.equal(cleared.status, 200);
    const accepted = await client.request({ type: 'MonitorStart', deviceId: '8810' });
    assert.equal(accepted.type, 'Response');
  });

  it('refuses a fault plan that does not check with 400 invalidFaultPlan, naming the path (checkFaultPlan)', async () => {
    const shape = await call(base, 'POST', '/control/faults', { body: { seed: 1, rules: [{ direction: 'toAdapter', action: { kind: 'explode' } }] } });
    assert.equal(shape.status, 400);
    assert.equal(errorOf(shape).code, 'invalidFaultPlan');
    assert.match(errorOf(shape).message, /^the fault plan: rules\[0\]\.action\.kind: Expected one of delay, drop, /);
    const meaning = await call(base, 'POST', '/control/faults', { body: { seed: 1, rules: [{ direction: 'toAdapter', action: { kind: 'stall' } }] } });
    assert.equal(meaning.status, 400);
    assert.match(errorOf(meaning).message, /rules\[0\]\.direction: stall answers \(or not\) a request; expected fromAdapter/);
    const empty = await call(base, 'POST', '/control/faults');
    assert.equal(empty.status, 400);
    assert.match(errorOf(empty).message, /seed/);
  });

  it('serves the events after n, in order, a page at a time, and waits for the next one when asked', async () => {
    const start = (await call(base, 'GET', '/control/events')).body;
    const latest = start['latest'] as number;
    assert.equal(start['next'], (start['entries'] as unknown[]).length === 0 ? 0 : (start['entries'] as { n: number }[]).at(-1)?.n);

    const placed = await call(base, 'POST', '/control/customerCall', { body: { from: '+15550002', to: { queue: 'sales' } } });
    assert.equal(placed.status, 200);
    const page = await call(base, 'GET', `/control/events?after=${latest}&limit=1`);
    const first = page.body['entries'] as { n: number; kind: string; at: number; event: { name: string; callId: string } }[];
    assert.deepEqual(
      first.map((e) => [e.n, e.kind, e.event.name, e.event.callId, e.at]),
      [[latest + 1, 'model', 'Delivered', placed.body['callId'], lab.clock.now()]],
    );
    assert.equal(page.body['next'], latest + 1);
    assert.equal(page.body['missed'], 0);

    // A long poll is answered by the next event, whenever it comes (before or after the poll arrives).
    const polled = call(base, 'GET', `/control/events?after=${latest + 1}&waitMs=10000`);
    const hungUp = await call(base, 'POST', '/control/hangUp', { body: { call: placed.body['callId'], party: 'caller' } });
    assert.equal(hungUp.status, 200);
    const woke = await polled;
    assert.deepEqual((woke.body['entries'] as { event: { name: string } }[]).map((e) => e.event.name).slice(0, 1), ['ConnectionCleared']);

    // Nothing happens: the poll ends empty after waitMs.
    const quiet = await call(base, 'GET', `/control/events?after=${woke.body['latest'] as number}&waitMs=10`);
    assert.deepEqual(quiet.body['entries'], []);
    assert.equal(quiet.body['next'], woke.body['latest']);

    for (const query of ['after=-1', 'after=x', 'limit=0', 'limit=5000', 'waitMs=600000']) {
      const bad = await call(base, 'GET', `/control/events?${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(errorOf(bad).code, 'invalidQuery');
      assert.match(errorOf(bad).message, new RegExp(`query\\.${query.split('=')[0]}: Expected a whole number`));
    }
  });

  it('survives malformed requests: garbage, a huge body, a broken path, and goes on answering', async () => {
    const garbage = await raw(channel.port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 Bad Request/);
    const huge = await call(base, 'POST', '/control/provision', { body: JSON.stringify({ extensions: [], pad: 'x'.repeat(MAX_CONTROL_BODY_BYTES) }) });
    assert.equal(huge.status, 413);
    assert.equal(errorOf(huge).code, 'bodyTooLarge');
    const broken = await call(base, 'POST', '/control/%E0%A4%A', { body: {} });
    assert.equal(broken.status, 404);
    const unauthenticatedGarbage = await raw(
      channel.port,
      `POST /control/hangUp HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ncontent-length: 5\r\nconnection: close\r\n\r\n\u0000\u0001{[`,
    );
    assert.match(unauthenticatedGarbage, /^HTTP\/1\.1 400 /);
    assert.equal((await call(base, 'GET', '/health')).status, 200);
  });

  it('logs each call at info (method, path, status, verb, code), never the token', () => {
    const lines = logs.lines().filter((l) => typeof l['msg'] === 'string' && l['msg'].startsWith('control '));
    assert.ok(
      lines.some(
        (l) =>
          l['method'] === 'POST' &&
          l['path'] === '/control/customerCall' &&
          l['status'] === 200 &&
          l['verb'] === 'customerCall' &&
          typeof l['callId'] === 'string' &&
          l['level'] === 30,
      ),
    );
    assert.ok(lines.some((l) => l['status'] === 409 && l['code'] === 'nothingRinging'));
    assert.ok(lines.some((l) => l['status'] === 401 && l['code'] === 'unauthorized'));
    assert.ok(!logs.text.join('').includes(TOKEN), 'the token reached the log');
    assert.ok(!logs.text.join('').includes('0123456789abcdeX'), 'a presented token reached the log');
  });

  it('closes: waiting polls end, the port is released', async () => {
    const other = await startControlHttp({ control: lab.simulator.control, clock: lab.clock, logger: captureLogs('silent').logger, token: TOKEN });
    const latest = (await call(other.url, 'GET', '/control/events')).body['latest'] as number;
    const waiting = fetch(`${other.url}/control/events?after=${latest}&waitMs=30000`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(
      (res) => res.status,
      () => 'cut',
    );
    await other.close();
    assert.ok(['cut', 200].includes(await waiting));
    await assert.rejects(fetch(`${other.url}/health`));
  });
});

describe('control tokens', () => {
  it('takes 16 to 256 visible ASCII characters', () => {
    assert.equal(controlTokenProblem('x'.repeat(16)), null);
    assert.equal(controlTokenProblem('x'.repeat(256)), null);
    assert.match(controlTokenProblem('short') ?? '', /expected 16 to 256 visible ASCII characters \(no spaces\), got 5 characters/);
    assert.match(controlTokenProblem('with a space in it!!') ?? '', /including spaces or non-ASCII/);
    assert.notEqual(controlTokenProblem('x'.repeat(257)), null);
  });

  it('startControlHttp refuses a token that cannot be used, without listening', async () => {
    const lab = await startLab();
    try {
      await assert.rejects(
        startControlHttp({ control: lab.simulator.control, clock: lab.clock, logger: captureLogs('silent').logger, token: 'short' }),
        /control token: expected 16 to 256/,
      );
    } finally {
      await lab.stop();
    }
  });
});

const SCRIPT = ['version: 1', 'provision:', '  extensions: ["8808"]', 'timeline: []', ''].join('\n');

describe('startStandalone with a control channel', { timeout: 20_000 }, () => {
  let dir: string;
  let script: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-control-'));
    script = join(dir, 'script.yaml');
    writeFileSync(script, SCRIPT);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a token when none is given and prints it once, in the start-up line with the ports', async () => {
    const logs = captureLogs('info');
    const handle = await startStandalone({ scriptPath: script, logger: logs.logger, clock: createManualClock(), controlPort: 0 });
    try {
      assert.ok(handle.controlChannel !== null);
      const { url, token } = handle.controlChannel;
      assert.equal(controlTokenProblem(token), null);
      const started = logs.lines().find((l) => l['msg'] === 'simulator running');
      assert.ok(started !== undefined);
      assert.deepEqual(started['ports'], { cti: Number(new URL(handle.url).port), control: Number(new URL(url).port) });
      assert.equal(started['controlUrl'], url);
      assert.equal(started['controlToken'], token);
      const health = await call(url, 'GET', '/health', { token });
      assert.equal(health.status, 200);
      assert.equal(health.body['ctiUrl'], handle.url);
      assert.equal((await call(url, 'POST', '/control/customerCall', { token, body: { from: '+15550003', to: { extension: '8808' } } })).status, 200);
      assert.equal(logs.text.filter((t) => t.includes(token)).length, 1, 'the token is printed exactly once');
    } finally {
      await handle.stop();
    }
    await assert.rejects(fetch(`${handle.controlChannel.url}/health`), 'stop() closes the control channel');
  });

  it('never prints a token it was given; without controlPort there is no channel', async () => {
    const logs = captureLogs('info');
    const handle = await startStandalone({ scriptPath: script, logger: logs.logger, clock: createManualClock(), controlPort: 0, controlToken: TOKEN });
    try {
      assert.equal(handle.controlChannel?.token, TOKEN);
      assert.equal((await call(handle.controlChannel.url, 'GET', '/health')).status, 200);
      const started = logs.lines().find((l) => l['msg'] === 'simulator running');
      assert.equal(started?.['controlTokenFrom'], 'given');
      assert.ok(!logs.text.join('').includes(TOKEN));
    } finally {
      await handle.stop();
    }
    const plain = await startStandalone({ scriptPath: script, logger: captureLogs('info').logger, clock: createManualClock() });
    try {
      assert.equal(plain.controlChannel, null);
    } finally {
      await plain.stop();
    }
  });
});

describe('switchboard simulate --control-port', { timeout: 20_000 }, () => {
  let dir: string;
  let script: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-control-cli-'));
    script = join(dir, 'script.yaml');
    writeFileSync(script, SCRIPT);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: string[] = [];
    const err: string[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
    stderr.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
    const code = await main(['simulate', '--script', script, '--exit-when-done', ...args], { stdout, stderr, env, cwd: dir });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  it('takes the token from $SWITCHBOARD_CONTROL_TOKEN and never prints it', async () => {
    const result = await run(['--control-port', '0'], { SWITCHBOARD_CONTROL_TOKEN: TOKEN });
    assert.equal(result.code, 0, result.stderr);
    const started = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l['msg'] === 'simulator running');
    assert.match(String(started?.['controlUrl']), /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(started?.['controlTokenFrom'], 'given');
    assert.ok(!result.stdout.includes(TOKEN) && !result.stderr.includes(TOKEN));
  });

  it('prefers --control-token, and refuses bad settings with exit 2 without echoing the token', async () => {
    const flag = await run(['--control-port', '0', '--control-token', 'short-token'], { SWITCHBOARD_CONTROL_TOKEN: TOKEN });
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--control-token: expected 16 to 256 visible ASCII characters \(no spaces\), got 11 characters/);
    assert.ok(!flag.stderr.includes('short-token'));
    const env = await run(['--control-port', '0'], { SWITCHBOARD_CONTROL_TOKEN: 'tiny' });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /\$SWITCHBOARD_CONTROL_TOKEN: expected 16 to 256/);
    const alone = await run(['--control-token', TOKEN]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--control-token is given without --control-port/);
    const port = await run(['--control-port', '70000']);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--control-port "70000": expected a port number from 0 to 65535/);
  });

  it('says so, exit 2, when the control port is taken', async () => {
    const lab = await startLab();
    const taken = await startControlHttp({ control: lab.simulator.control, clock: lab.clock, logger: captureLogs('silent').logger, token: TOKEN });
    try {
      const result = await run(['--control-port', String(taken.port)]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /cannot listen \(the address is in use\)/);
    } finally {
      await taken.close();
      await lab.stop();
    }
  });
});

describe('the worked example of simulator/README.md, "Control over the network"', { timeout: 20_000 }, () => {
  const readme = readFileSync(fileURLToPath(new URL('../../simulator/README.md', import.meta.url)), 'utf8');
  const section = readme.slice(readme.indexOf('## Control over the network'), readme.indexOf('\n## ', readme.indexOf('## Control over the network') + 1));
  const lines = section.split('\n').filter((line) => line.startsWith('curl '));

  it('has curl lines, each one request to the control port', () => {
    assert.ok(lines.length >= 8, `found ${lines.length} curl lines`);
    for (const line of lines) assert.match(line, /http:\/\/127\.0\.0\.1:7002\//, line);
  });

  it('runs, line by line, against the simulator playing script/examples/switch-only.yaml: every answer is ok', async () => {
    const examples = fileURLToPath(new URL('../../simulator/script/examples/', import.meta.url));
    const handle = await startStandalone({
      scriptPath: `${examples}switch-only.yaml`,
      logger: captureLogs('silent').logger,
      clock: createManualClock(),
      controlPort: 0,
      controlToken: TOKEN,
    });
    try {
      assert.ok(handle.controlChannel !== null);
      const client = await WireClient.connect(handle.url);
      const [monitorId = ''] = await client.monitor('8808');
      const names: string[] = [];
      for (const line of lines) {
        const method = /-X (\w+)/.exec(line)?.[1] ?? (line.includes(' -d ') ? 'POST' : 'GET');
        const body = /-d '([^']*)'/.exec(line)?.[1];
        const path = /"?http:\/\/127\.0\.0\.1:7002(\/[^"\s]*)"?\s*$/.exec(line)?.[1];
        assert.ok(path !== undefined, `no URL at the end of: ${line}`);
        assert.match(line, /-H "\$auth"/, 'every line sends the token');
        const answer = await call(handle.controlChannel.url, method, path, body === undefined ? {} : { body });
        assert.equal(answer.status, 200, `${line}\n→ ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body['ok'], true);
        if (answer.body['verb'] === 'customerCall') assert.equal(answer.body['callId'], 'C1', 'the README says the call is C1');
      }
      // The adapter's view: what a monitor of 8808 heard on the CTI link.
      for (let event = await client.nextEvent(monitorId); ; event = await client.nextEvent(monitorId)) {
        names.push(event.event.name);
        if (event.event.name === 'CallCleared') break;
      }
      assert.deepEqual(names, ['AgentLoggedOn', 'AgentReady', 'Delivered', 'Established', 'AgentBusy', 'ConnectionCleared', 'CallCleared']);
      await client.close();
    } finally {
      await handle.stop();
    }
  });
});
