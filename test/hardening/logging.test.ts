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
