/**
 * The HTTP Pega face and the harness's event service under hostile clients (issue #15): a
 * session belongs to the client that opened it, sessions are capped and expire, an optional
 * bearer token, deep JSON answered 400 naming the limit, the reference adapter's texts within
 * the contract's limits, and no raw request bytes in the log. Real servers on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { test, type TestContext } from 'node:test';
import { createAdapter } from '../../src/adapter/index.ts';
import { MAX_ERR_MESSAGE_CHARS } from '../../src/contract/index.ts';
import { startEventService } from '../../src/harness/drivers/event-service.ts';
import { FaceClient } from '../../src/harness/drivers/face-client.ts';
import { keepAliveAgent } from '../../src/platform/json-http.ts';
import { startFaceServer, type FaceServer, type FaceServerOptions } from '../../src/http-face/server.ts';
import { postJson, raw, recordingLogger } from '../http-face/support.ts';

const SETTINGS = {
  mode: 'simple',
  ctiUrl: 'ws://127.0.0.1:9',
  credentials: { user: 'switchboard', password: 'S3cret-link-pw' },
  timeouts: { connectMs: 500, requestMs: 500 },
};
const EVENTS = 'http://127.0.0.1:9/events/none';

async function serve(t: TestContext, options: Partial<FaceServerOptions> = {}): Promise<{ face: FaceServer; log: () => string }> {
  const { logger, text } = recordingLogger();
  const face = await startFaceServer({ factory: createAdapter, logger, ...options });
  t.after(() => face.close());
  return { face, log: text };
}

async function open(face: FaceServer, headers: Record<string, string> = {}): Promise<{ id: string; secret: string }> {
  const answer = await raw(`${face.url}/sessions`, 'POST', JSON.stringify({ eventServiceUrl: EVENTS, settings: SETTINGS }), {
    'content-type': 'application/json',
    ...headers,
  });
  assert.equal(answer.status, 201, answer.text);
  const { sessionId, sessionSecret } = answer.json as { sessionId: string; sessionSecret: string };
  return { id: sessionId, secret: sessionSecret };
}

const call = (face: FaceServer, id: string, secret: string | null, activity = 'CloseAdapter', page: unknown = {}) =>
  raw(`${face.url}/sessions/${id}/activities/${activity}`, 'POST', JSON.stringify(page), {
    'content-type': 'application/json',
    ...(secret === null ? {} : { 'x-session-secret': secret }),
  });

test('a second client can neither drive nor end a session it did not open', async (t) => {
  const { face } = await serve(t);
  const mine = await open(face);
  const theirs = await open(face);
  assert.notEqual(mine.id, theirs.id);
  assert.match(mine.id, /^[A-Za-z0-9_-]{22}$/);
  for (const secret of [null, theirs.secret, `${mine.secret}x`, '']) {
    const driven = await call(face, mine.id, secret, 'OpenAdapter');
    assert.equal(driven.status, 404, String(secret));
    assert.match((driven.json as { error: string }).error, /opened by another client/);
    const ended = await raw(`${face.url}/sessions/${mine.id}`, 'DELETE', undefined, secret === null ? {} : { 'x-session-secret': secret });
    assert.equal(ended.status, 404);
  }
  assert.equal(face.sessionCount, 2);
  assert.equal((await call(face, mine.id, mine.secret)).status, 200);
  assert.equal((await raw(`${face.url}/sessions/${mine.id}`, 'DELETE', undefined, { 'x-session-secret': mine.secret })).status, 204);
});

test('the harness face client sends the secret its session came with', async (t) => {
  const { face } = await serve(t);
  const agent = keepAliveAgent();
  t.after(() => agent.destroy());
  const client = new FaceClient({ baseUrl: face.url, agent, timeoutMs: 5000 });
  const id = await client.createSession(EVENTS, SETTINGS);
  assert.deepEqual(await client.invoke(id, 'CloseAdapter', {}), { ok: true });
  assert.equal(await client.deleteSession(id), true);
});

test('sessions are capped: one more is refused 503 naming the cap, and fits again once one ends', async (t) => {
  const { face } = await serve(t, { maxSessions: 2 });
  const first = await open(face);
  await open(face);
  const refused = await postJson(`${face.url}/sessions`, { eventServiceUrl: EVENTS, settings: SETTINGS });
  assert.equal(refused.status, 503);
  assert.match((refused.json as { error: string }).error, /at most 2 sessions/);
  assert.equal((await raw(`${face.url}/sessions/${first.id}`, 'DELETE', undefined, { 'x-session-secret': first.secret })).status, 204);
  await open(face);
});

test('a session nobody calls is ended once it has been idle too long', async (t) => {
  const { face } = await serve(t, { sessionIdleMs: 100 });
  const session = await open(face);
  // Waits for the face's own sweep (no fixed sleep): each round trip yields until it has run.
  while (face.sessionCount > 0) assert.equal((await raw(`${face.url}/health`, 'GET')).status, 200);
  assert.equal((await call(face, session.id, session.secret)).status, 404);
});

test('with a token, every request needs Authorization: Bearer <token>', async (t) => {
  const token = 'face-token-0123456789abcdef';
  const { face, log } = await serve(t, { token });
  const anonymous = await raw(`${face.url}/health`, 'GET');
  assert.equal(anonymous.status, 401);
  assert.match((anonymous.json as { error: string }).error, /Authorization: Bearer/);
  assert.equal((await raw(`${face.url}/health`, 'GET', undefined, { authorization: `Bearer ${token}` })).status, 200);
  const session = await open(face, { authorization: `Bearer ${token}` });
  assert.equal((await call(face, session.id, session.secret)).status, 401);
  assert.ok(!log().includes(token));
});

test('deep JSON gets 400 naming the depth limit on the face and the event service', async (t) => {
  const { face } = await serve(t);
  const deep = `{"eventServiceUrl":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
  const answer = await raw(`${face.url}/sessions`, 'POST', deep, { 'content-type': 'application/json' });
  assert.equal(answer.status, 400);
  assert.match((answer.json as { error: string }).error, /nested at most 64 levels deep/);
  const service = await startEventService();
  t.after(() => service.stop());
  const url = service.open({ deliver: () => undefined });
  const posted = await raw(url, 'POST', deep, { 'content-type': 'application/json' });
  assert.equal(posted.status, 400);
  assert.match((posted.json as { error: string }).error, /nested at most 64 levels deep/);
});

test('the reference adapter keeps a 5,000-character DN inside errMessage limits', async (t) => {
  const { face } = await serve(t);
  const { id, secret } = await open(face);
  const answer = await call(face, id, secret, 'SubscribeForEvents', { DN: `${'9'.repeat(4990)}x` });
  assert.equal(answer.status, 422, answer.text.slice(0, 300));
  const body = answer.json as { errMessage: string; pyStatusMessage: string };
  assert.ok(body.errMessage.length <= MAX_ERR_MESSAGE_CHARS && body.errMessage.length < 1000, `${body.errMessage.length} characters`);
  assert.match(body.errMessage, /cannot use DN/);
});

test('an unreadable request is answered with its reason and logged without its bytes', async (t) => {
  const { face, log } = await serve(t);
  const token = 'Bearer raw-packet-secret-0123456789';
  const answer = await new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: face.port });
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(text));
    socket.write(`BREW /sessions HTTP/1.1\r\nhost: x\r\nauthorization: ${token}\r\n\r\n`);
  });
  assert.match(answer, /^HTTP\/1\.1 400 /);
  assert.match(answer, /not readable HTTP \(HPE_INVALID_METHOD\)/);
  const bytes = [...Buffer.from('raw-packet-secret')].join(',');
  assert.ok(!log().includes('raw-packet-secret') && !log().includes(bytes), 'the raw request reached the log');
  assert.match(log(), /unreadable HTTP request \(HPE_INVALID_METHOD\)/);
});
