/** The lab's log set-up (src/platform/logging.ts): secrets redacted, long fields cut, floods counted. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { pino } from 'pino';
import { createWarnLimiter, logOptions, MAX_LOG_FIELD_CHARS } from '../../src/platform/logging.ts';

function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    logger: pino(logOptions('info'), sink),
    lines: () =>
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    text: () => text,
  };
}

test('log lines never carry passwords, tokens, authorization headers or raw packets, and cut long fields', () => {
  const { logger, lines, text } = capture();
  const dn = '9'.repeat(63_000);
  logger.info(
    {
      password: 'pw-1',
      token: 'tok-1',
      req: { headers: { authorization: 'Bearer tok-2' } },
      err: { rawPacket: [66, 101, 97] },
      settings: { credentials: { password: 'pw-2' } },
      DN: dn,
      event: { CallID: dn },
    },
    'hostile',
  );
  const [line] = lines();
  assert.ok(line !== undefined);
  for (const secret of ['pw-1', 'pw-2', 'tok-1', 'tok-2', '66,101,97']) assert.ok(!text().includes(secret), secret);
  assert.ok(String(line['DN']).length < MAX_LOG_FIELD_CHARS + 40);
  assert.match(String(line['DN']), /\(63000 characters\)$/);
  assert.ok(String((line['event'] as Record<string, unknown>)['CallID']).length < MAX_LOG_FIELD_CHARS + 40);
  assert.ok(text().length < 2000, `${text().length} characters`);
});

test("secrets are censored among a line's fields, their fields and one level below, in arrays, errors and child loggers' bindings", () => {
  const { logger, lines, text } = capture();
  const cause = Object.assign(new Error('socket refused'), { password: 's-cause' });
  const failure = Object.assign(new Error('link refused', { cause }), { facts: { request: 'AgentLogin', password: 's-err-2' }, token: 's-err-1' });
  logger
    .child({ session: 'S1', AgentPassword: 's-bind-0' })
    .child({ token: 's-bind-1' })
    .info(
      {
        AgentPassword: 's-0',
        authorization: 's-1',
        rawPacket: 's-2',
        req: { headers: { authorization: 's-3', 'x-session-secret': 's-4' }, token: 's-5' },
        page: { AgentPassword: 's-6', login: { AgentPassword: 's-7', password: 's-8' } },
        frames: [{ password: 's-9' }, { request: 'MonitorStart', password: 's-10' }],
        err: failure,
        long: ['x'.repeat(1000)],
      },
      'every secret',
    );
  const written = text();
  for (const secret of ['s-0', 's-1', 's-2', 's-3', 's-4', 's-5', 's-6', 's-7', 's-8', 's-9', 's-10', 's-err-1', 's-err-2', 's-cause', 's-bind-0', 's-bind-1'])
    assert.ok(!written.includes(`"${secret}"`), secret);
  const [line] = lines();
  assert.ok(line !== undefined);
  // What is not secret stays: the error's message and stack, the request name beside a censored password.
  const err = line['err'] as Record<string, unknown>;
  assert.match(String(err['message']), /^link refused/);
  assert.match(String(err['stack']), /link refused/);
  assert.equal((err['facts'] as Record<string, unknown>)['request'], 'AgentLogin');
  assert.ok(String((line['long'] as unknown[])[0]).length < MAX_LOG_FIELD_CHARS + 40);
  assert.ok(!failure.facts.password.startsWith('*'), 'the logged error itself is left as it was');
});

test('a repeated warning is logged a few times per window, then counted once', () => {
  const { logger, lines } = capture();
  const limiter = createWarnLimiter({ burst: 3, windowMs: 60_000 });
  for (let i = 0; i < 100; i++) limiter.warn(logger, 'bad frame refused', { i }, 'bad frame refused');
  limiter.warn(logger, 'other', {}, 'other');
  limiter.close();
  const all = lines();
  assert.equal(all.filter((l) => l['msg'] === 'bad frame refused').length, 3);
  assert.equal(all.find((l) => String(l['msg']).startsWith('bad frame refused: 97 more'))?.['suppressed'], 97);
  assert.equal(all.filter((l) => l['msg'] === 'other').length, 1);
});
