/**
 * `switchboard certify` on adapters that are not in our process: the reference adapter through
 * http: and cmd:, the Python example through cmd:, a broken Python variant rejected naming the
 * requirement it fails (positive control), and a started adapter stopped when the run is over or
 * interrupted.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { createAdapter } from '../../src/adapter/index.ts';
import { startFaceServer } from '../../src/http-face/server.ts';
import { assertScenariosOnlyPassed, certificateIn, certify, certifyProcess } from './support/certify-run.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('the reference adapter served over HTTP is certified conformant through http:', async (t) => {
  const face = await startFaceServer({ factory: createAdapter, logger: pino({ level: 'silent' }), identity: { name: 'reference-over-http', version: '0' } });
  t.after(() => face.close());
  const run = await certify('--adapter', `http:${face.url}`, '--mode', 'simple');
  const certificate = await certificateIn(run.out);
  assertScenariosOnlyPassed(run, certificate);
  assert.equal(certificate.adapter.kind, 'http');
  assert.equal(certificate.adapter.identity['url'], face.url);
  assert.equal(certificate.adapter.identity['name'], 'reference-over-http');
  assert.equal(face.sessionCount, 0, 'every session the run opened is deleted');
});

test('the reference adapter started as a process is certified through cmd:, and stopped after the run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-pid-'));
  const pidFile = join(dir, 'pid');
  const run = await certify('--adapter', `cmd:echo $$ > ${pidFile}; exec node bin/switchboard.mjs adapter serve`, '--mode', 'simple');
  const certificate = await certificateIn(run.out);
  assertScenariosOnlyPassed(run, certificate);
  assert.equal(certificate.adapter.kind, 'cmd');
  assert.equal(alive(Number(await readFile(pidFile, 'utf8'))), false, 'the adapter process is stopped');
  const log = await readFile(join(run.out, 'adapter-process.log'), 'utf8');
  assert.match(log, /"msg":"session opened"/);
  assert.doesNotMatch(log, /"password":"switchboard"/, 'no password in the captured output');
});

test('the Python example adapter (standard library only) passes every scenario of Simple telephony through cmd:', async () => {
  const run = await certify('--adapter', 'cmd:python3 examples/python-adapter/adapter.py', '--mode', 'simple');
  const certificate = await certificateIn(run.out);
  assertScenariosOnlyPassed(run, certificate);
  assert.equal(certificate.adapter.identity['name'], 'switchboard-python-example');
});

test('a broken external adapter (the Python example dropping the caller number) is rejected naming OCTI-CALL-001', async () => {
  const run = await certify('--adapter', 'cmd:python3 test/fixtures/adapters/python_drops_ani.py', '--mode', 'simple');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  assert.equal(certificate.verdict, 'not-conformant');
  assert.equal(certificate.requirements.find((r) => r.id === 'OCTI-CALL-001')?.status, 'failed');
  assert.match(certificate.failures.find((f) => f.requirements.includes('OCTI-CALL-001'))?.message ?? '', /pyANI="16175551212"/);
  assert.match(run.stdout, /OCTI-CALL-001/);
});

test('an external adapter that is down, or refuses every session, is a setup error (exit 2) before any scenario runs', async (t) => {
  const down = await certify('--adapter', 'http:http://127.0.0.1:9', '--mode', 'simple');
  assert.equal(down.code, 2);
  assert.match(down.stderr, /the adapter does not answer: GET http:\/\/127\.0\.0\.1:9\/health failed/);
  assert.doesNotMatch(down.stdout, /Certifying/);

  const refusing = await startFaceServer({
    factory: () => {
      throw new Error('settings.ctiUrl: this adapter only talks to wss://');
    },
    logger: pino({ level: 'silent' }),
  });
  t.after(() => refusing.close());
  const refused = await certify('--adapter', `http:${refusing.url}`, '--mode', 'simple');
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /POST \/sessions with valid settings failed: settings\.ctiUrl: this adapter only talks to wss:\/\//);
  assert.doesNotMatch(refused.stdout, /Certifying/);
});

test('Ctrl-C during a run stops the adapter process the run started', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-sigint-'));
  const pidFile = join(dir, 'pid');
  const { cli, exited } = await certifyProcess([
    '--out',
    dir,
    '--mode',
    'simple',
    '--adapter',
    `cmd:echo $$ > ${pidFile}; exec node bin/switchboard.mjs adapter serve`,
  ]);
  const pid = Number(await readFile(pidFile, 'utf8'));
  assert.ok(alive(pid));
  cli.kill('SIGINT');
  // The run stops, writes what it has (incomplete) and exits 130, as a shell reports a SIGINT.
  assert.equal(await exited, 130);
  // The harness sent SIGTERM to the adapter before exiting; it shuts down on its own time, within a deadline.
  const deadline = performance.now() + 10_000;
  while (alive(pid) && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(alive(pid), false, 'the adapter process is stopped after Ctrl-C');
});
