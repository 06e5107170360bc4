/** `switchboard adapter serve`: the reference adapter behind the face, as a process. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { raw } from './support.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

test('adapter serve listens where SWITCHBOARD_PORT says, answers /health, and stops cleanly on SIGTERM', async () => {
  const child = spawn(process.execPath, ['bin/switchboard.mjs', 'adapter', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, SWITCHBOARD_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  let url = '';
  for await (const line of lines) {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    if (entry.msg === 'Pega face listening' && entry.url !== undefined) {
      url = entry.url;
      break;
    }
  }
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const health = await raw(`${url}/health`, 'GET');
  assert.equal(health.status, 200);
  assert.deepEqual(health.json, { status: 'ok', name: 'switchboard-reference-adapter', version: '0.1.0' });
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('adapter serve refuses a bad port, and adapter needs the serve subcommand (exit 2)', async () => {
  let stderr = '';
  const io = {
    stdout: new Writable({ write: (_c, _e, done) => done() }),
    stderr: new Writable({
      write(chunk: Buffer, _e, done) {
        stderr += chunk.toString();
        done();
      },
    }),
    env: {},
    cwd: ROOT,
  };
  assert.equal(await main(['adapter', 'serve', '--port', 'eighty'], io), 2);
  assert.match(stderr, /--port "eighty": expected a port number from 0 to 65535/);
  assert.equal(await main(['adapter', 'run'], io), 2);
  assert.match(stderr, /adapter "run" is not a subcommand: expected adapter serve/);
});
