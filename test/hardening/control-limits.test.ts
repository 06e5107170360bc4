/**
 * The simulator's control channel under hostile clients (issue #15): what Node's HTTP parser
 * rejects is logged by code only (never the raw bytes, which carry the bearer token), deep JSON
 * is refused naming the limit, provision is capped and every error text is bounded.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MAX_CONTROL_ERROR_CHARS, startControlHttp, type ControlHttpServer } from '../../simulator/control/http.ts';
import { MAX_PROVISIONED } from '../../simulator/control/remote-verbs.ts';
import { startLab, type TestLab } from '../simulator/support/lab.ts';

const TOKEN = 'hardening-token-0123456789abcdef';

function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(text));
    socket.write(bytes);
  });
}

async function post(base: string, path: string, body: string): Promise<{ status: number; error: { code: string; message: string } }> {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });
  const json = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, error: json.error };
}

describe('control channel limits', { timeout: 30_000 }, () => {
  let lab: TestLab;
  let channel: ControlHttpServer;
  before(async () => {
    lab = await startLab();
    channel = await startControlHttp({ control: lab.simulator.control, clock: lab.clock, logger: lab.logs.logger, token: TOKEN });
  });
  after(async () => {
    await channel.close();
    await lab.stop();
  });

  it('never logs the raw bytes of a request the HTTP parser rejects (the token among them)', async () => {
    const hostile = [
      `BREW /control/truth HTTP/1.1\r\nauthorization: Bearer ${TOKEN}\r\n\r\n`,
      `POST /control/hangUp HTTP/1.1\r\nauthorization: Bearer ${TOKEN}\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      `GET /health HTTP/1.1\r\nauthorization: Bearer ${TOKEN}\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ];
    for (const bytes of hostile) assert.match(await rawRequest(channel.port, bytes), /^HTTP\/1\.1 4\d\d /);
    const all = lab.logs.text.join('');
    assert.ok(!all.includes(TOKEN), 'the token reached the log');
    const asBytes = [...Buffer.from(`Bearer ${TOKEN}`)].join(',');
    assert.ok(!all.includes(asBytes), 'the token reached the log as a byte array');
    assert.ok(!all.includes('rawPacket'));
    assert.ok(lab.logs.lines().some((l) => typeof l['msg'] === 'string' && l['msg'].includes('unreadable HTTP request (HPE_')));
  });

  it('refuses 10,000-level JSON with 400 invalidJson naming the depth limit', async () => {
    const answer = await post(channel.url, '/control/provision', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    assert.equal(answer.status, 400);
    assert.equal(answer.error.code, 'invalidJson');
    assert.match(answer.error.message, /nested at most 64 levels deep/);
  });

  it('caps provision and keeps every error text bounded', async () => {
    const many = Array.from({ length: MAX_PROVISIONED + 1 }, (_, i) => String(100_000 + i));
    const tooMany = await post(channel.url, '/control/provision', JSON.stringify({ extensions: many }));
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.error.message, new RegExp(`extensions: Expected at most ${MAX_PROVISIONED} extensions`));
    assert.ok(tooMany.error.message.length <= MAX_CONTROL_ERROR_CHARS);
    const wrong = await post(channel.url, '/control/customerCall', JSON.stringify({ from: 'x'.repeat(100_000), to: { extension: '8808' } }));
    assert.equal(wrong.status, 400);
    assert.ok(wrong.error.message.length <= MAX_CONTROL_ERROR_CHARS, `${wrong.error.message.length} characters`);
  });
});
