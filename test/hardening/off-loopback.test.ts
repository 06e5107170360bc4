/**
 * Off loopback only on purpose (issue #15): a non-loopback --host is refused without
 * --allow-remote, and with it unless every exposed server demands authentication — all checked
 * before anything binds. The commands are given 192.0.2.1 (TEST-NET-1, on no machine): were the
 * refusal ever broken, listening there fails instead of exposing anything. TLS is served from a
 * key and a certificate made for this test, on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { WebSocket } from 'ws';
import { startStandalone } from '../../simulator/index.ts';
import { createAdapter } from '../../src/adapter/index.ts';
import { main } from '../../src/cli/main.ts';
import { startFaceServer } from '../../src/http-face/server.ts';
import { exposureProblem, isLoopback } from '../../src/platform/exposure.ts';

const SCRIPT = 'version: 1\nprovision:\n  extensions: ["8808"]\ntimeline: []\n';
const TOKEN = 'off-loopback-token-0123456789';
/** Not loopback, and on no machine (RFC 5737). */
const REMOTE = '192.0.2.1';

let dir: string;
let script: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-exposure-'));
  script = join(dir, 'script.yaml');
  writeFileSync(script, SCRIPT);
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const err: string[] = [];
  stdout.resume();
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
  const code = await main(args, { stdout, stderr, env, cwd: dir });
  return { code, stderr: err.join('') };
}

describe('serving off loopback', { timeout: 20_000 }, () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.5.6.7', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) assert.ok(isLoopback(host), host);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', '192.168.1.2', 'example.org', '128.0.0.1']) assert.ok(!isLoopback(host), host);
  });

  it('refuses every interface without the flag, and with it while a server lacks authentication', () => {
    assert.match(exposureProblem('0.0.0.0', false, []) ?? '', /--host 0\.0\.0\.0 is not a loopback address/);
    assert.match(exposureProblem('0.0.0.0', true, [{ server: 'the face', missing: 'a token' }]) ?? '', /missing: the face: a token/);
    assert.equal(exposureProblem('0.0.0.0', true, [{ server: 'the face', missing: null }]), null);
    assert.equal(exposureProblem('127.0.0.1', false, [{ server: 'the face', missing: 'a token' }]), null);
  });

  it('simulate refuses a non-loopback --host without --allow-remote, before binding', async () => {
    const result = await run(['simulate', '--script', script, '--host', REMOTE, '--exit-when-done']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--host 192\.0\.2\.1 is not a loopback address: .*--allow-remote/);
  });

  it('simulate --allow-remote refuses default CTI credentials and a generated control token', async () => {
    const result = await run(['simulate', '--script', script, '--host', REMOTE, '--allow-remote', '--control-port', '0', '--exit-when-done']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /the CTI link: non-default credentials/);
    assert.match(result.stderr, /the control channel: a token/);
    const defaults = await run(['simulate', '--script', script, '--host', REMOTE, '--allow-remote', '--exit-when-done'], {
      SWITCHBOARD_CTI_USER: 'switchboard',
      SWITCHBOARD_CTI_PASSWORD: 'switchboard',
    });
    assert.equal(defaults.code, 2);
    assert.match(defaults.stderr, /non-default credentials/);
  });

  it('adapter serve refuses a non-loopback address without --allow-remote, and without a face token', async () => {
    const plain = await run(['adapter', 'serve', '--host', REMOTE, '--port', '0']);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /not a loopback address/);
    const fromEnv = await run(['adapter', 'serve', '--port', '0'], { SWITCHBOARD_HOST: REMOTE });
    assert.equal(fromEnv.code, 2);
    const noToken = await run(['adapter', 'serve', '--host', REMOTE, '--port', '0', '--allow-remote']);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /the Pega face: a token/);
  });

  it('refuses one TLS file without the other', async () => {
    const result = await run(['adapter', 'serve', '--port', '0', '--tls-key', 'key.pem']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--tls-key and --tls-cert go together/);
  });
});

describe('TLS on 127.0.0.1', { timeout: 30_000 }, () => {
  let key: string;
  let cert: string;
  before(() => {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(keyFile, 'utf8');
    cert = readFileSync(certFile, 'utf8');
  });

  function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { ca: cert, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('the simulator serves wss:// and its control channel https:// with the given key and certificate', async () => {
    const handle = await startStandalone({
      scriptPath: script,
      host: '127.0.0.1',
      controlPort: 0,
      controlToken: TOKEN,
      tls: { key, cert },
      logger: pino({ level: 'silent' }),
    });
    try {
      assert.match(handle.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
      assert.match(handle.controlChannel?.url ?? '', /^https:\/\/127\.0\.0\.1:\d+$/);
      const socket = new WebSocket(handle.url, { ca: cert });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.close();
      const health = await getJson(`${handle.controlChannel?.url ?? ''}/health`, { authorization: `Bearer ${TOKEN}` });
      assert.equal(health.status, 200);
    } finally {
      await handle.stop();
    }
  });

  it('the face serves https:// with the given key and certificate', async () => {
    const face = await startFaceServer({ factory: createAdapter, logger: pino({ level: 'silent' }), tls: { key, cert } });
    try {
      assert.match(face.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const health = await getJson(`${face.url}/health`);
      assert.equal(health.status, 200);
      assert.match(health.body, /"status":"ok"/);
    } finally {
      await face.close();
    }
  });
});
