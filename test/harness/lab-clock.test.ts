/**
 * The lab's clock (decision 0023): a deadline counts only the time the lab was listening, so an
 * answer the lab was too busy to read is not late; and what the lab measured of itself is kept.
 * The stalls are made on purpose (a synchronous block of the event loop); nothing here asserts how
 * long anything took, only what was decided.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabClock } from '../../src/harness/lab-clock.ts';

/** The lab itself busy: the event loop cannot run for `ms`. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the lab clock', () => {
  it('a request that never answers is late once the deadline passed', async () => {
    const clock = new LabClock();
    try {
      assert.equal(await clock.deadline(new Promise<string>(() => undefined), 30, 'late'), 'late');
    } finally {
      clock.stop();
    }
  });

  it('the time the lab was stalled does not count: an answer that comes soon after the stall is in time', async () => {
    const clock = new LabClock();
    try {
      const answer = new Promise<string>((resolve) => {
        // The adapter answers 20 ms (of listening) after the lab's stall ends.
        setTimeout(() => setTimeout(() => resolve('answered'), 20), 0);
      });
      const judged = clock.deadline(answer, 200, 'late');
      // The lab is stalled for longer than the whole deadline.
      block(400);
      assert.equal(await judged, 'answered');
      const calibration = clock.calibration();
      assert.ok(calibration.stalls >= 1, JSON.stringify(calibration));
      assert.ok(calibration.longestStallMs >= 300, JSON.stringify(calibration));
      assert.ok(calibration.deadlinesExtended >= 1, JSON.stringify(calibration));
    } finally {
      clock.stop();
    }
  });

  it('a wall-clock deadline would have judged the same answer late (the control)', async () => {
    const answer = new Promise<string>((resolve) => {
      setTimeout(() => setTimeout(() => resolve('answered'), 20), 0);
    });
    let timer: NodeJS.Timeout | undefined;
    const judged = Promise.race([answer, new Promise<string>((resolve) => (timer = setTimeout(() => resolve('late'), 200)))]);
    block(400);
    assert.equal(await judged, 'late');
    clearTimeout(timer);
  });
});
