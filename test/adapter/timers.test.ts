import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Watchdog } from '../../src/adapter/link/heartbeat.ts';
import { ManualTimers } from './support/manual-timers.ts';

function watched(limitMs: number) {
  const timers = new ManualTimers();
  const silences: number[] = [];
  const dog = new Watchdog(limitMs, (ms) => silences.push(ms), timers);
  return { timers, silences, dog };
}

test('the watchdog barks once, exactly limitMs after the last thing heard', () => {
  const { timers, silences, dog } = watched(300);
  dog.feed();
  timers.advance(200);
  dog.feed();
  timers.advance(299);
  assert.deepEqual(silences, []);
  timers.advance(1);
  assert.deepEqual(silences, [300]);
  dog.feed();
  timers.advance(1000);
  assert.deepEqual(silences, [300], 'a dead link stays dead: feeding after the bark is ignored');
  assert.equal(timers.pending, 0);
});

test('feeding often keeps one timer armed, not one per frame', () => {
  const { timers, silences, dog } = watched(300);
  for (let i = 0; i < 100; i += 1) {
    dog.feed();
    timers.advance(10);
  }
  assert.equal(timers.pending, 1);
  assert.deepEqual(silences, []);
});

test('a stopped watchdog never barks and leaves no timer behind', () => {
  const { timers, silences, dog } = watched(300);
  dog.feed();
  dog.stop();
  timers.advance(10_000);
  assert.deepEqual(silences, []);
  assert.equal(timers.pending, 0);
});

test('the manual clock fires due timers in time order, at their due time, including timers armed while advancing', () => {
  const timers = new ManualTimers();
  const fired: string[] = [];
  timers.setTimeout(() => fired.push(`b@${timers.now()}`), 20);
  timers.setTimeout(() => {
    fired.push(`a@${timers.now()}`);
    timers.setTimeout(() => fired.push(`c@${timers.now()}`), 5);
  }, 10);
  const cleared = timers.setTimeout(() => fired.push('never'), 15);
  timers.clearTimeout(cleared);
  timers.advance(30);
  assert.deepEqual(fired, ['a@10', 'c@15', 'b@20']);
  assert.equal(timers.now(), 30);
});
