import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createManualClock, systemClock } from '../../simulator/clock.ts';
import type { ModelEvent } from '../../simulator/model/types.ts';
import { createMonitorRegistry } from '../../simulator/sessions/monitors.ts';

describe('manual clock', () => {
  it('fires due timers in due order, ties in the order they were set, and stops at the target', () => {
    const clock = createManualClock(100);
    const fired: string[] = [];
    clock.setTimer(30, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(10, () => fired.push(`a@${clock.now()}`));
    clock.setTimer(30, () => fired.push(`c@${clock.now()}`));
    clock.setTimer(31, () => fired.push('late'));
    clock.advance(30);
    assert.deepEqual(fired, ['a@110', 'b@130', 'c@130']);
    assert.equal(clock.now(), 130);
    assert.equal(clock.pending(), 1);
  });

  it('fires timers set by timers when they fall due within the same advance', () => {
    const clock = createManualClock();
    const fired: number[] = [];
    const tick = (): void => {
      fired.push(clock.now());
      clock.setTimer(10, tick);
    };
    clock.setTimer(10, tick);
    clock.advance(35);
    assert.deepEqual(fired, [10, 20, 30]);
  });

  it('does not fire a cancelled timer, and a zero-delay timer waits for advance', () => {
    const clock = createManualClock();
    const fired: string[] = [];
    const cancel = clock.setTimer(5, () => fired.push('cancelled'));
    clock.setTimer(0, () => fired.push('zero'));
    cancel();
    cancel();
    assert.deepEqual(fired, []);
    clock.advance(0);
    clock.advance(10);
    assert.deepEqual(fired, ['zero']);
  });

  it('refuses to go backwards', () => {
    assert.throws(() => createManualClock().advance(-1), /non-negative/);
  });

  it('system clock timers fire and cancel', async () => {
    let cancelledFired = false;
    systemClock.setTimer(0, () => (cancelledFired = true))();
    await new Promise<void>((resolve) => systemClock.setTimer(1, resolve));
    assert.equal(cancelledFired, false);
  });
});

describe('monitor registry', () => {
  const event = (devices: string[]): ModelEvent => ({ name: 'CallCleared', callId: 'C1', cause: 'normal', devices });

  it('delivers to monitors on the event devices with per-monitor seq, and forgets a closed session', () => {
    const registry = createMonitorRegistry();
    const got: string[] = [];
    const deliver = (id: string, seq: number): void => void got.push(`${id}#${seq}`);
    const a = registry.open('S1', '8808', deliver);
    const b = registry.open('S2', '8808', deliver);
    const c = registry.open('S2', '8809', deliver);
    assert.deepEqual(
      [a, b, c],
      [
        { ok: true, monitorId: 'M1' },
        { ok: true, monitorId: 'M2' },
        { ok: true, monitorId: 'M3' },
      ],
    );
    registry.fanOut(event(['8808', '8809']));
    registry.fanOut(event(['8809']));
    assert.deepEqual(got, ['M1#1', 'M2#1', 'M3#1', 'M3#2']);
    registry.closeSession('S2');
    assert.equal(registry.count(), 1);
    assert.equal(registry.close('S2', 'M2'), false);
    assert.deepEqual(registry.open('S1', '8808', deliver), { ok: false, existing: 'M1' });
  });
});
