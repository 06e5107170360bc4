/**
 * The HTTP Pega face server (src/http-face/): every route, bad bodies refused naming the field,
 * activity failures as 422 bodies, adapter crashes as 500, events POSTed in order to the session's
 * eventServiceUrl, and no password in the log.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createAdapter } from '../../src/adapter/index.ts';
import { createSimulator } from '../../simulator/index.ts';
import { ACTIVITY_NAMES, activityFailure, type AdapterFactory, type PegaCallAdapter } from '../../src/contract/index.ts';
import { matchRoute } from '../../src/http-face/routes.ts';
import { startFaceServer, type FaceServer } from '../../src/http-face/server.ts';
import { postJson, raw, recordingLogger, startCollector } from './support.ts';

const SETTINGS = {
  mode: 'simple',
  ctiUrl: 'ws://127.0.0.1:9',
  credentials: { user: 'switchboard', password: 'S3cret-link-pw' },
  timeouts: { connectMs: 500, requestMs: 500 },
};
const EVENTS = 'http://127.0.0.1:9/events/none';

async function serve(t: TestContext, factory: AdapterFactory = createAdapter): Promise<{ face: FaceServer; log: () => string }> {
  const { logger, text } = recordingLogger();
  const face = await startFaceServer({ factory, logger, identity: { name: 'test-adapter', version: '1.2.3' } });
  t.after(() => face.close());
  return { face, log: text };
}

/** The secret each session opened here came with, as its creator holds it. */
const secrets = new Map<string, string>();

async function session(face: FaceServer, settings: unknown = SETTINGS, eventServiceUrl = EVENTS): Promise<string> {
  const answer = await postJson(`${face.url}/sessions`, { eventServiceUrl, settings });
  assert.equal(answer.status, 201, answer.text);
  const { sessionId: id, sessionSecret } = answer.json as { sessionId: string; sessionSecret: string };
  assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  secrets.set(id, sessionSecret);
  return id;
}

const withSecret = (id: string): Record<string, string> => ({ 'content-type': 'application/json', 'x-session-secret': secrets.get(id) ?? '' });
const activity = (face: FaceServer, id: string, name: string, page: unknown = {}) =>
  raw(`${face.url}/sessions/${id}/activities/${name}`, 'POST', JSON.stringify(page), withSecret(id));
const remove = (face: FaceServer, id: string) => raw(`${face.url}/sessions/${id}`, 'DELETE', undefined, withSecret(id));

test('GET /health answers ok with the adapter identity', async (t) => {
  const { face } = await serve(t);
  const answer = await raw(`${face.url}/health`, 'GET');
  assert.equal(answer.status, 200);
  assert.deepEqual(answer.json, { status: 'ok', name: 'test-adapter', version: '1.2.3' });
});

test('the face binds 127.0.0.1 by default', async (t) => {
  const { face } = await serve(t);
  assert.match(face.url, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('POST /sessions opens a session; DELETE ends it and later requests for it get 404', async (t) => {
  const { face } = await serve(t);
  const id = await session(face);
  assert.equal(face.sessionCount, 1);
  assert.equal((await activity(face, id, 'CloseAdapter')).status, 200);
  assert.equal((await remove(face, id)).status, 204);
  assert.equal(face.sessionCount, 0);
  const after = await activity(face, id, 'OpenAdapter');
  assert.equal(after.status, 404);
  assert.match((after.json as { error: string }).error, /^sessionId: no session/);
  assert.equal((await remove(face, id)).status, 404);
});

test('settings the adapter refuses get 400 naming the field, and never the password', async (t) => {
  const { face } = await serve(t);
  const cases: [unknown, RegExp][] = [
    [{ ...SETTINGS, mode: 'premium' }, /settings\.mode/],
    [{ ...SETTINGS, ctiUrl: 'http://127.0.0.1:80' }, /settings\.ctiUrl/],
    [{ ...SETTINGS, credentials: { user: '', password: 'x' } }, /settings\.credentials\.user/],
    [{ ...SETTINGS, timeouts: { connectMs: 0, requestMs: 1 } }, /settings\.timeouts\.connectMs/],
    [{ ...SETTINGS, credentials: { user: 'u', password: 98765 } }, /settings\.credentials\.password/],
  ];
  for (const [settings, naming] of cases) {
    const answer = await postJson(`${face.url}/sessions`, { eventServiceUrl: EVENTS, settings });
    assert.equal(answer.status, 400, answer.text);
    assert.match((answer.json as { error: string }).error, naming);
    assert.doesNotMatch(answer.text, /98765|S3cret/);
  }
  assert.equal(face.sessionCount, 0);
});

test('bad session envelopes get 400 naming the field', async (t) => {
  const { face } = await serve(t);
  const cases: [unknown, RegExp][] = [
    [{ settings: SETTINGS }, /^eventServiceUrl: /],
    [{ eventServiceUrl: 'ftp://x', settings: SETTINGS }, /^eventServiceUrl: .*http:\/\/ or https:\/\//],
    [{ eventServiceUrl: EVENTS }, /^settings: /],
    [{ eventServiceUrl: EVENTS, settings: SETTINGS, extra: 1 }, /extra: Unexpected property/],
    [[1, 2], /\(root\)/],
  ];
  for (const [body, naming] of cases) {
    const answer = await postJson(`${face.url}/sessions`, body);
    assert.equal(answer.status, 400, answer.text);
    assert.match((answer.json as { error: string }).error, naming);
  }
});

test('bodies that are not JSON, not application/json or too large are refused', async (t) => {
  const { face } = await serve(t);
  const notJson = await raw(`${face.url}/sessions`, 'POST', '{"eventServiceUrl":');
  assert.equal(notJson.status, 400);
  assert.match((notJson.json as { error: string }).error, /^\(root\): the body is not JSON/);
  const wrongType = await raw(`${face.url}/sessions`, 'POST', '{}', { 'content-type': 'text/plain' });
  assert.equal(wrongType.status, 415);
  assert.match((wrongType.json as { error: string }).error, /application\/json/);
  const huge = await raw(`${face.url}/sessions`, 'POST', JSON.stringify({ eventServiceUrl: EVENTS, settings: SETTINGS, pad: 'x'.repeat(70_000) }));
  assert.equal(huge.status, 413);
  assert.match((huge.json as { error: string }).error, /at most 65536/);
  // The face still serves.
  assert.equal((await raw(`${face.url}/health`, 'GET')).status, 200);
});

test('unknown routes, unknown activities and wrong methods are refused', async (t) => {
  const { face } = await serve(t);
  const id = await session(face);
  const unknownActivity = await activity(face, id, 'DanceCall');
  assert.equal(unknownActivity.status, 404);
  assert.match((unknownActivity.json as { error: string }).error, /^activity: "DanceCall" is not a Pega Call activity/);
  assert.equal((await raw(`${face.url}/nowhere`, 'GET')).status, 404);
  const wrongMethod = await raw(`${face.url}/health`, 'POST', '{}');
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers['allow'], 'GET');
});

test('every route is matched as the OpenAPI document names it', () => {
  assert.deepEqual(matchRoute('GET', '/health'), { kind: 'health' });
  assert.deepEqual(matchRoute('POST', '/sessions'), { kind: 'createSession' });
  assert.deepEqual(matchRoute('DELETE', '/sessions/S1'), { kind: 'deleteSession', sessionId: 'S1' });
  for (const name of ACTIVITY_NAMES)
    assert.deepEqual(matchRoute('POST', `/sessions/S1/activities/${name}`), { kind: 'activity', sessionId: 'S1', activity: name });
  assert.equal(matchRoute('GET', '/sessions/S1/activities/OpenAdapter').kind, 'refused');
});

test('activity pages are checked: a bad property gets 400 naming it, never echoing AgentPassword', async (t) => {
  const { face } = await serve(t);
  const id = await session(face);
  const badDN = await activity(face, id, 'SubscribeForEvents', { DN: 8808 });
  assert.equal(badDN.status, 400);
  assert.match((badDN.json as { error: string }).error, /^DN: Expected string/);
  const unknown = await activity(face, id, 'SubscribeForEvents', { DN: '8808', Colour: 'red' });
  assert.equal(unknown.status, 400);
  assert.match((unknown.json as { error: string }).error, /Colour: Unexpected property/);
  const secret = await activity(face, id, 'LoginAgent', { DN: '8808', AgentPassword: 424242 });
  assert.equal(secret.status, 400);
  assert.match((secret.json as { error: string }).error, /AgentPassword: Expected a string \(value not shown\)/);
  assert.doesNotMatch(secret.text, /424242/);
});

test('an activity that fails answers 422 with the OPENCTI code and the text in all three fields', async (t) => {
  const { face } = await serve(t);
  const id = await session(face);
  const outOfMode = await activity(face, id, 'AnswerCall', { DN: '8808' });
  assert.equal(outOfMode.status, 422);
  const body = outOfMode.json as Record<string, unknown>;
  assert.equal(body['ok'], false);
  assert.equal(body['errCode'], 'OPENCTI_HTTP_ERROR_405');
  assert.match(String(body['errMessage']), /Simple telephony/);
  assert.equal(body['pyStatusMessage'], body['errMessage']);
  assert.equal(body['pyPegaCTIError'], body['errMessage']);
  const down = await activity(face, id, 'OpenAdapter');
  assert.equal(down.status, 422);
  assert.equal((down.json as Record<string, unknown>)['errCode'], 'OPENCTI_HTTP_ERROR_503');
});

test('an adapter that throws or answers a malformed result gets 500, and the other sessions go on', async (t) => {
  const good = createAdapter;
  let calls = 0;
  const factory: AdapterFactory = async (context) => {
    calls += 1;
    if (calls === 1) return good(context);
    const broken: Record<string, unknown> = {};
    for (const name of ACTIVITY_NAMES) broken[name] = async () => ({ ok: 'maybe' });
    broken['OpenAdapter'] = async () => {
      throw new Error('kaboom');
    };
    broken['CloseAdapter'] = async () => activityFailure('OPENCTI_CF_GENERIC_OPERATION', 'nope');
    return broken as PegaCallAdapter;
  };
  const { face } = await serve(t, factory);
  const healthy = await session(face);
  const broken = await session(face);
  const thrown = await activity(face, broken, 'OpenAdapter');
  assert.equal(thrown.status, 500);
  assert.match((thrown.json as { error: string }).error, /OpenAdapter failed inside the adapter: kaboom/);
  const malformed = await activity(face, broken, 'SubscribeForEvents', { DN: '8808' });
  assert.equal(malformed.status, 500);
  assert.match((malformed.json as { error: string }).error, /malformed result/);
  assert.equal((await activity(face, healthy, 'CloseAdapter')).status, 200);
});

test('events reach the session eventServiceUrl as {DN, event}, in order, and passwords never reach the log', async (t) => {
  const simulator = createSimulator({ credentials: { user: 'switchboard', password: 'S3cret-link-pw' } });
  const { url } = await simulator.start();
  t.after(() => simulator.stop());
  simulator.control.provision({ extensions: ['8808'], queues: [], agents: [] });
  const collector = await startCollector();
  t.after(() => collector.stop());
  const { face, log } = await serve(t);
  const id = await session(face, { ...SETTINGS, ctiUrl: url }, collector.url);

  assert.equal((await activity(face, id, 'LoginAgent', { DN: '8808', AgentID: '5501', AgentPassword: 'S3cret-agent-pw' })).status, 200);
  const call = simulator.control.customerCall({ from: '16175551212', to: { extension: '8808' }, callData: {} });
  simulator.control.answerAtPhone({ extension: '8808', call });
  simulator.control.hangUp({ call, party: 'caller' });
  const bodies = (await collector.waitFor(3)) as { DN: string; event: Record<string, unknown> }[];
  assert.deepEqual(
    bodies.map((b) => [b.DN, b.event['pyEventName'], b.event['pyCallId']]),
    [
      ['8808', 'Offering', call],
      ['8808', 'Established', call],
      ['8808', 'Disconnected', call],
    ],
  );
  assert.equal(bodies[0]?.event['pyANI'], '16175551212');
  assert.equal((await remove(face, id)).status, 204);
  assert.doesNotMatch(log(), /S3cret/);
});
