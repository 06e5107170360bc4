/**
 * The http: and cmd: drivers: an adapter behind the HTTP face driven as if in process, sessions
 * released between scenarios, the event service, a started process captured and stopped, and the
 * setup errors (exit 2) for an adapter that is unreachable, too slow, exits, or breaks the face.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { pino } from 'pino';
import { createSimulator } from '../../simulator/index.ts';
import { createAdapter } from '../../src/adapter/index.ts';
import { ACTIVITY_NAMES, activityFailure, type AdapterFactory, type EventDelivery, type PegaCallAdapter } from '../../src/contract/index.ts';
import { startEventService } from '../../src/harness/drivers/event-service.ts';
import { checkAdapterShape, loadAdapter, parseAdapterSpec, type LoadedAdapter } from '../../src/harness/drivers.ts';
import { SetupError } from '../../src/harness/errors.ts';
import { startFaceServer, type FaceServer } from '../../src/http-face/server.ts';
import { postJson } from '../http-face/support.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const PREFLIGHT = { mode: 'simple', ctiUrl: 'ws://127.0.0.1:9', credentials: { user: 'u', password: 'p' }, timeouts: { connectMs: 500, requestMs: 500 } };

async function outDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'switchboard-driver-'));
}

async function face(t: TestContext, factory: AdapterFactory = createAdapter): Promise<FaceServer> {
  const server = await startFaceServer({ factory, logger: pino({ level: 'silent' }) });
  t.after(() => server.close());
  return server;
}

async function load(t: TestContext, spec: string, options: { startTimeoutMs?: number } = {}): Promise<LoadedAdapter> {
  const loaded = await loadAdapter(spec, { cwd: ROOT, outDir: await outDir(), ...options });
  t.after(() => loaded.close());
  return loaded;
}

/** A sink whose `next()` resolves with the next delivery. */
function sink(): { deliver(d: EventDelivery): void; next(): Promise<EventDelivery>; all: EventDelivery[] } {
  const all: EventDelivery[] = [];
  const waiting: ((d: EventDelivery) => void)[] = [];
  return {
    all,
    deliver(d) {
      all.push(d);
      waiting.shift()?.(d);
    },
    next() {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rejectsWithSetupError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SetupError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

test('adapter specs: http:<url>, cmd:<command line> and image:<docker image>', () => {
  assert.deepEqual(parseAdapterSpec('http:http://127.0.0.1:7010/'), { kind: 'http', url: 'http://127.0.0.1:7010' });
  assert.deepEqual(parseAdapterSpec('cmd:python3 adapter.py --port 1'), { kind: 'cmd', command: 'python3 adapter.py --port 1' });
  assert.throws(() => parseAdapterSpec('http://127.0.0.1:7010'), /the driver name comes first, then the URL/);
  assert.throws(() => parseAdapterSpec('http:not a url'), /is not a URL/);
  assert.throws(() => parseAdapterSpec('cmd:'), /needs a command line/);
  assert.deepEqual(parseAdapterSpec('image:switchboard/reference-adapter:dev'), { kind: 'image', image: 'switchboard/reference-adapter:dev' });
  assert.deepEqual(parseAdapterSpec('image:localhost:5000/team/adapter@sha256:0123abcd'), {
    kind: 'image',
    image: 'localhost:5000/team/adapter@sha256:0123abcd',
  });
  assert.throws(() => parseAdapterSpec('image:'), /expected image:<docker image in the local engine>/);
  assert.throws(() => parseAdapterSpec('image:my adapter'), /expected image:<docker image in the local engine>/);
});

test('http: drives an adapter behind the face like an in-process one: activities, events, released sessions', async (t) => {
  const simulator = createSimulator();
  const { url: ctiUrl } = await simulator.start();
  t.after(() => simulator.stop());
  simulator.control.provision({ extensions: ['8808'], queues: [], agents: [] });
  const server = await face(t);
  const loaded = await load(t, `http:${server.url}`);
  assert.equal(loaded.kind, 'http');
  assert.equal(loaded.identity['url'], server.url);

  const events = sink();
  const adapter = await loaded.factory({
    settings: { ...PREFLIGHT, ctiUrl, credentials: { user: 'switchboard', password: 'switchboard' } },
    sink: events,
    logger: silent,
  });
  assert.deepEqual(await adapter.OpenAdapter({}), { ok: true });
  assert.deepEqual(await adapter.SubscribeForEvents({ DN: '8808' }), { ok: true });
  const refused = await adapter.HoldCall({ DN: '8808' });
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.errCode, 'OPENCTI_HTTP_ERROR_405');

  const offering = events.next();
  const call = simulator.control.customerCall({ from: '16175551212', to: { extension: '8808' }, callData: { Intent: 'billing' } });
  const delivered = await offering;
  assert.equal(delivered.DN, '8808');
  assert.equal(delivered.event.pyEventName, 'Offering');
  assert.equal(delivered.event.pyEventType === 'CallStateEvent' && delivered.event.pyCallId, call);

  assert.equal(server.sessionCount, 1);
  await loaded.releaseSessions();
  assert.equal(server.sessionCount, 0);
  await assert.rejects(adapter.CloseAdapter({}), /answered 404 sessionId: no session/);
});

test("http: refuses settings the adapter refuses, with the adapter's own message", async (t) => {
  const server = await face(t);
  const loaded = await load(t, `http:${server.url}`);
  await assert.rejects(async () => loaded.factory({ settings: { ...PREFLIGHT, mode: 'premium' }, sink: sink(), logger: silent }), /settings\.mode/);
  assert.equal(server.sessionCount, 0);
});

test('http: an adapter that does not answer /health is a setup error', async (t) => {
  const server = await face(t);
  const url = server.url;
  await server.close();
  await rejectsWithSetupError(
    loadAdapter(`http:${url}`, { cwd: ROOT, outDir: await outDir() }),
    'adapterUnreachable',
    /does not answer: GET .*\/health failed \(connection refused/,
  );
});

test('preflight: a face that refuses every session, or breaks the contract on CloseAdapter, is a setup error', async (t) => {
  const refusing = await face(t, () => {
    throw new Error('settings: this adapter refuses everything');
  });
  const first = await load(t, `http:${refusing.url}`);
  await rejectsWithSetupError(
    checkAdapterShape(first, PREFLIGHT),
    'factoryFailed',
    /POST \/sessions with valid settings failed: settings: this adapter refuses everything/,
  );

  const malformed = await face(t, () => {
    const adapter: Record<string, unknown> = {};
    for (const name of ACTIVITY_NAMES) adapter[name] = async () => ({ ok: 'yes' });
    return adapter as PegaCallAdapter;
  });
  const second = await load(t, `http:${malformed.url}`);
  await rejectsWithSetupError(checkAdapterShape(second, PREFLIGHT), 'faceBroken', /CloseAdapter on a fresh session .* answered 500/);
  assert.equal(malformed.sessionCount, 0, 'the preflight session is deleted');

  const failing = await face(t, () => {
    const adapter: Record<string, unknown> = {};
    for (const name of ACTIVITY_NAMES) adapter[name] = async () => activityFailure('OPENCTI_HTTP_ERROR_503', 'down');
    return adapter as PegaCallAdapter;
  });
  const third = await load(t, `http:${failing.url}`);
  await checkAdapterShape(third, PREFLIGHT); // a well-formed failure is an answer of the contract
});

test('the event service records what an adapter posts, tells it what is wrong, and refuses ended sessions', async (t) => {
  const service = await startEventService();
  t.after(() => service.stop());
  const events = sink();
  const url = service.open(events);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/events\/[0-9a-f-]{36}$/);
  const good = {
    pyEventType: 'CallStateEvent',
    pyEventName: 'Offering',
    pyCallId: 'C1',
    pyCallType: 'INBOUND',
    pyMedia: 'Phone',
    pyANI: '1',
    pyDNIS: '2',
    pyOtherDN: '1',
    pyThisDN: '8808',
    pyNamedVariables: {},
  };
  assert.equal((await postJson(url, { DN: '8808', event: good })).status, 204);
  const { pyANI: _dropped, ...withoutAni } = good;
  const bad = await postJson(url, { DN: '8808', event: withoutAni });
  assert.equal(bad.status, 422);
  assert.match((bad.json as { error: string }).error, /event\.pyANI/);
  const noDn = await postJson(url, { event: good });
  assert.equal(noDn.status, 400);
  assert.match((noDn.json as { error: string }).error, /^DN: /);
  assert.equal(events.all.length, 3, 'every posted event is recorded, so the desktop judges it');
  service.release(url);
  assert.equal((await postJson(url, { DN: '8808', event: good })).status, 404);
  assert.equal(events.all.length, 3);
});

test('cmd: starts the command with SWITCHBOARD_PORT, captures its output, and stops it on close', async (t) => {
  const dir = await outDir();
  const pidFile = join(dir, 'pid');
  const loaded = await loadAdapter(`cmd:echo $$ > ${pidFile}; exec node bin/switchboard.mjs adapter serve`, { cwd: ROOT, outDir: dir });
  t.after(() => loaded.close());
  assert.equal(loaded.kind, 'cmd');
  assert.equal(loaded.identity['name'], 'switchboard-reference-adapter');
  assert.match(loaded.identity['command'] ?? '', /adapter serve$/);
  await checkAdapterShape(loaded, PREFLIGHT);
  const pid = Number(await readFile(pidFile, 'utf8'));
  assert.ok(alive(pid));

  await loaded.close();
  assert.equal(alive(pid), false, 'the adapter process is stopped');
  const log = (await readFile(join(dir, 'adapter-process.log'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { msg: string; url?: string });
  const listening = log.find((l) => l.msg === 'Pega face listening');
  assert.match(listening?.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(
    log.some((l) => l.msg === 'Pega face stopped'),
    'it was stopped gracefully (SIGTERM)',
  );
});

test('cmd: a command that never answers /health is stopped and refused after the deadline, naming it', async () => {
  const dir = await outDir();
  const pidFile = join(dir, 'pid');
  await rejectsWithSetupError(
    loadAdapter(`cmd:echo $$ > ${pidFile}; echo warming up; exec sleep 30`, { cwd: ROOT, outDir: dir, startTimeoutMs: 1000 }),
    'adapterStartTimeout',
    /cmd:echo .* did not answer GET http:\/\/127\.0\.0\.1:\d+\/health within 1000 ms .*SWITCHBOARD_PORT.*it printed:\n {2}\| warming up/s,
  );
  assert.equal(alive(Number(await readFile(pidFile, 'utf8'))), false, 'the silent process is stopped');
});

test('cmd: a command that exits before answering is refused at once, with what it printed', async () => {
  const dir = await outDir();
  const started = performance.now();
  await rejectsWithSetupError(
    loadAdapter('cmd:echo "cannot bind" >&2; exit 7', { cwd: ROOT, outDir: dir, startTimeoutMs: 60_000 }),
    'adapterExited',
    /exited with code 7 before answering GET .*\/health; it printed:\n {2}\| cannot bind\n\(all its output: .*adapter-process\.log\)/,
  );
  assert.ok(performance.now() - started < 30_000, 'it does not wait for the deadline');
});
