/**
 * OCTI-LINK-003's judge on made-up outages: times in ms from the loss, no stalls unless said.
 * What each check lets through and what it catches, including the lab's own lateness.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffProblems, BACKOFF_MARGIN_MS, type Outage } from '../../src/harness/backoff.ts';

const WAITS = { reconnectMinMs: 20, reconnectMaxMs: 640 };
const none = (): number => 0;

/** An outage whose attempts waited these many ms each (the last is the attempt the server took). */
function outage(waits: readonly number[]): Outage {
  const times = waits.reduce<number[]>((at, wait) => [...at, (at.at(-1) ?? 0) + wait], []);
  return { lost: 0, refused: times.slice(0, -1), back: times.at(-1) };
}

const GOOD = [30, 70, 150, 300, 600, 45, 500, 640, 200, 420];

test('a capped, growing, jittered backoff passes', () => {
  assert.deepEqual(backoffProblems(outage(GOOD), WAITS, 9, none), []);
});

test('an adapter that stops trying, or never tells the desktop it is back, fails', () => {
  const { refused } = outage(GOOD);
  assert.match(backoffProblems({ lost: 0, refused: refused.slice(0, 1), back: undefined }, WAITS, 9, none)[0] ?? '', /stopped trying after 1/);
  assert.match(backoffProblems({ lost: 0, refused, back: undefined }, WAITS, 9, none)[0] ?? '', /never heard the link was back/);
});

test('attempts closer together than reconnectMinMs fail, whatever else', () => {
  const problems = backoffProblems(outage([30, 70, 3, 300, 600, 45, 500, 640, 200, 420]), WAITS, 9, none);
  assert.deepEqual(problems, ['attempt 3 came 3 ms after the previous one (or the loss): sooner than reconnectMinMs (20 ms)']);
});

test('waits that never grow fail; the last gap, which holds the resync too, does not count as growth', () => {
  const flat = [25, 40, 33, 21, 40, 39, 22, 30, 40, 400];
  assert.match(backoffProblems(outage(flat), WAITS, 9, none).join('\n'), /never grew: over 9 refused attempts the longest wait was 40 ms/);
});

test('first retries that start at the cap fail: the first three must come within 14 × reconnectMinMs (+ margin)', () => {
  const fromTheCap = [640, 640, 640, 300, 600, 45, 500, 640, 200, 420];
  assert.match(backoffProblems(outage(fromTheCap), WAITS, 9, none).join('\n'), /first 3 attempts took 1920 ms/);
  // The lab's own stalls are not counted against the adapter.
  const lateLab = [30 + 400, 70, 150, 300, 600, 45, 500, 640, 200, 420];
  assert.deepEqual(
    backoffProblems(outage(lateLab), WAITS, 9, (from, to) => (from === 0 && to >= 430 ? 400 : 0)),
    [],
  );
});

test('a wait longer than reconnectMaxMs (+ margin) fails, the last as "the link was back only …"; the margin is allowed', () => {
  const over = WAITS.reconnectMaxMs + BACKOFF_MARGIN_MS + 1;
  const long = backoffProblems(outage([30, 70, 150, 300, over, 45, 500, 640, 200, over]), WAITS, 9, none);
  assert.equal(long.length, 2);
  assert.match(long[0] ?? '', new RegExp(`attempt 5 came ${over} ms after the previous one: longer than reconnectMaxMs`));
  assert.match(long[1] ?? '', new RegExp(`the link was back only ${over} ms after the last refused attempt`));
  assert.deepEqual(backoffProblems(outage([30, 70, 150, 300, over - 1, 45, 500, 640, 200, 420]), WAITS, 9, none), []);
});
