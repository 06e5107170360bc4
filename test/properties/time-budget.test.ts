/**
 * The property run explores until its time budget ends, and the budget never leaves a sequence
 * running behind it: fast-check's time limit abandons the sequence it interrupts, so the run waits
 * for that sequence before it stops the lab (issue #11: "harness bug: no desktop for 8808" came from
 * an abandoned sequence still asking retired desktops).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import pino from 'pino';
import { createAdapter } from '../../src/adapter/index.ts';
import type { AdapterFactory } from '../../src/contract/index.ts';
import { runProperties } from '../../src/properties/run.ts';

const silent = pino({ level: 'silent' });

/** The reference adapter answering every activity 100 ms late, counting what it is asked while and after the run. */
function slowAdapter(): { factory: AdapterFactory; pending: () => number; askedAfter: (at: number) => number } {
  let pending = 0;
  const asked: number[] = [];
  const factory: AdapterFactory = async (context) => {
    const adapter = await createAdapter(context);
    const slow =
      (activity: (...args: never[]) => Promise<unknown>) =>
      async (...args: never[]) => {
        pending++;
        asked.push(performance.now());
        try {
          // A slow adapter, by design of the test: its sequences outlast the budget.
          await delay(100);
          return await activity(...args);
        } finally {
          pending--;
        }
      };
    return Object.fromEntries(
      Object.entries(adapter).map(([name, value]) => [name, typeof value === 'function' ? slow(value as (...args: never[]) => Promise<unknown>) : value]),
    ) as typeof adapter;
  };
  return { factory, pending: () => pending, askedAfter: (at) => asked.filter((t) => t > at).length };
}

describe('the property run and its time budget', () => {
  it('explores until the budget ends without --runs, and leaves no sequence running when it returns', async () => {
    const adapter = slowAdapter();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown): void => {
      rejections.push(reason);
    };
    process.on('unhandledRejection', onRejection);
    try {
      const result = await runProperties({
        mode: 'simple',
        factory: adapter.factory,
        driverKind: 'module',
        logger: silent,
        seed: 3,
        runs: null,
        timeBudgetMs: 1500,
        maxCommands: 20,
        deadlineMs: 500,
        quietMs: 50,
      });
      const returnedAt = performance.now();
      assert.equal(result.outcome.kind, 'passed', result.outcome.kind === 'failed' ? result.outcome.counterexample.violation.message : '');
      assert.equal(result.interrupted, true, 'the budget, not a count, ended exploration');
      assert.equal(result.runsRequested, null);
      assert.equal(adapter.pending(), 0, 'no request of an abandoned sequence is still in the adapter');
      // Absence needs a window: anything an abandoned sequence still had to ask would come within it.
      await delay(300);
      assert.equal(adapter.askedAfter(returnedAt), 0, 'nothing asked the adapter after the run returned');
      assert.deepEqual(rejections, []);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('the property run and the faults it needs', () => {
  it("counts a link drop the adapter's settings ruled out as never applied, and says why", async () => {
    // An adapter that refuses the optional reconnect timeouts: the lab cannot drop its link quickly.
    const factory: AdapterFactory = (context) => {
      const settings = context.settings as { timeouts?: { reconnectMinMs?: number } };
      if (settings.timeouts?.reconnectMinMs !== undefined) throw new Error('timeouts.reconnectMinMs: not a setting this adapter knows');
      return createAdapter(context);
    };
    const result = await runProperties({
      mode: 'simple',
      factory,
      driverKind: 'module',
      logger: silent,
      seed: 4,
      runs: 30,
      timeBudgetMs: 60_000,
      maxCommands: 10,
      deadlineMs: 500,
      quietMs: 50,
    });
    assert.equal(result.outcome.kind, 'passed');
    assert.deepEqual([...result.faults], ['duplicate', 'delay', 'closeLink']);
    assert.equal(result.faultsApplied['closeLink'], 0);
    assert.match(result.faultsWithheld['closeLink'] ?? '', /the adapter refused the lab's short reconnect settings/);
  });
});

describe('the property run and its minimum', () => {
  it('explores past its time budget until it reached the minimum, then stops', async () => {
    const result = await runProperties({
      mode: 'simple',
      factory: createAdapter,
      driverKind: 'reference',
      logger: silent,
      seed: 6,
      runs: null,
      timeBudgetMs: 1,
      minimumSequences: 40,
      maxTimeMs: 120_000,
      maxCommands: 10,
      deadlineMs: 500,
      quietMs: 50,
    });
    assert.equal(result.outcome.kind, 'passed');
    assert.equal(result.sequences, 40, 'the minimum, and not one more: the budget had long passed');
    assert.equal(result.interrupted, true);
  });

  it('never goes on past --max-time-ms: the run stops short of its minimum, and says how far it got', async () => {
    const result = await runProperties({
      mode: 'simple',
      factory: createAdapter,
      driverKind: 'reference',
      logger: silent,
      seed: 6,
      runs: null,
      timeBudgetMs: 1,
      minimumSequences: 1_000_000,
      maxTimeMs: 800,
      maxCommands: 10,
      deadlineMs: 500,
      quietMs: 50,
    });
    assert.equal(result.outcome.kind, 'passed');
    assert.ok(result.sequences > 0 && result.sequences < 1_000_000, String(result.sequences));
    assert.equal(result.interrupted, true);
    assert.equal(result.maxTimeMs, 800);
  });
});
