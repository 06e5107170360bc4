/**
 * Same seed, same run: a session with probabilistic faults in both directions, played twice on
 * fresh simulators, gives the same fault records and the same frames; another seed does not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stream } from '../../simulator/faults/prng.ts';
import type { FaultPlan, FaultRecord } from '../../simulator/faults/types.ts';
import { startLab } from './support/lab.ts';

const CUSTOMER = '+441632960001';

function planWith(seed: number): FaultPlan {
  return {
    seed,
    rules: [
      { direction: 'fromAdapter', match: { name: 'SnapshotDevice' }, action: { kind: 'refuse', code: 'serviceUnavailable' }, probability: 0.5 },
      { direction: 'toAdapter', match: { frame: 'Event', deviceId: '8808' }, action: { kind: 'delay', ms: 10 }, probability: 0.3 },
      { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'drop' }, probability: 0.2 },
      { direction: 'toAdapter', match: { frame: 'Event' }, action: { kind: 'duplicate' }, probability: 0.25 },
      { direction: 'toAdapter', match: { frame: 'Event', deviceId: '8810' }, action: { kind: 'reorder', window: 3 }, probability: 0.5, times: 6 },
    ],
  };
}

interface Run {
  readonly records: FaultRecord[];
  /** Every frame the client received, as JSON text. */
  readonly frames: string[];
}

async function play(seed: number): Promise<Run> {
  const lab = await startLab();
  try {
    const records: FaultRecord[] = [];
    const { control } = lab.simulator;
    control.onFault((r) => records.push(r));
    const client = await lab.client();
    await client.monitor('8808', '8810');
    control.setFaults(planWith(seed));
    for (let i = 0; i < 8; i++) {
      const call = control.customerCall({ from: CUSTOMER, to: { extension: i % 2 === 0 ? '8808' : '8810' } });
      control.answerAtPhone({ extension: i % 2 === 0 ? '8808' : '8810', call });
      control.hangUp({ call, party: 'caller' });
      // Releases the delays of this round (timers set by timers fire within one advance), so the
      // reply below is not stuck behind a delayed event.
      lab.clock.advance(1000);
      await client.request({ type: 'SnapshotDevice', deviceId: '8809' });
    }
    control.clearFaults();
    await client.sync();
    return { records, frames: client.received.map((f) => JSON.stringify(f)) };
  } finally {
    await lab.stop();
  }
}

describe('faults: seeded and reproducible', { timeout: 20_000 }, () => {
  it('the same seed gives the same decisions and the same frames, twice; another seed does not', async () => {
    const first = await play(1234);
    const second = await play(1234);
    const other = await play(4321);
    assert.ok(first.records.length > 10, `expected many faults, got ${first.records.length}`);
    for (const kind of ['refuse', 'delay', 'drop', 'duplicate', 'reorder'] as const) {
      assert.ok(
        first.records.some((r) => r.action === kind),
        `no ${kind} applied with seed 1234`,
      );
    }
    assert.deepEqual(second.records, first.records);
    assert.deepEqual(second.frames, first.frames);
    assert.notDeepEqual(other.records, first.records);
  });

  it('probability draws replay: each applied draw is below its probability and comes, in order, from the link-direction stream of the seed', async () => {
    const { records } = await play(77);
    const plan = planWith(77);
    for (const direction of ['toAdapter', 'fromAdapter'] as const) {
      const drawn = records.filter((r) => r.direction === direction);
      assert.ok(drawn.length > 0);
      const random = stream(77, `K1/${direction}`);
      let position = 0;
      for (const record of drawn) {
        const probability = plan.rules[record.rule]?.probability ?? 1;
        assert.ok(record.draw !== null && record.draw < probability, `draw ${record.draw} of rule ${record.rule}`);
        // Draws that did not apply were taken from the same stream; the applied one is further on.
        let next = random();
        while (next !== record.draw && position < 10_000) {
          next = random();
          position += 1;
        }
        assert.equal(next, record.draw, `record ${record.n}'s draw is not in the stream`);
      }
    }
  });
});
