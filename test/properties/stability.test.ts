/**
 * What keeps the property run's verdict about the adapter: one request outstanding per desktop
 * (decision 0022), and sequences that cannot see each other's events.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { createAdapter } from '../../src/adapter/index.ts';
import { ACTIVITY_NAMES, type AdapterContext, type AdapterFactory, type EventSink, type PegaCallAdapter } from '../../src/contract/index.ts';
import { LiveLab } from '../../src/properties/live.ts';
import { runProperties } from '../../src/properties/run.ts';

const silent = pino({ level: 'silent' });

/** The reference adapter, counting the requests made, those in flight, and the most one instance had in flight at once. */
function countingFactory(): { factory: AdapterFactory; most: () => number; inFlight: () => number; calls: () => number } {
  let most = 0;
  let inFlightAll = 0;
  let calls = 0;
  const factory: AdapterFactory = async (context: AdapterContext) => {
    const inner = await createAdapter(context);
    let inFlight = 0;
    const counted = Object.fromEntries(
      ACTIVITY_NAMES.map((name) => [
        name,
        async (page: Parameters<PegaCallAdapter[typeof name]>[0]) => {
          calls++;
          inFlightAll++;
          most = Math.max(most, ++inFlight);
          try {
            return await inner[name](page);
          } finally {
            inFlight--;
            inFlightAll--;
          }
        },
      ]),
    ) as unknown as PegaCallAdapter;
    return counted;
  };
  return { factory, most: () => most, inFlight: () => inFlightAll, calls: () => calls };
}

describe('the concurrency contract in the property run', () => {
  it('never has two requests of one desktop outstanding, while desktops run concurrently', async () => {
    const { factory, most } = countingFactory();
    const result = await runProperties({
      mode: 'full',
      factory,
      driverKind: 'module',
      logger: silent,
      seed: 11,
      runs: 60,
      timeBudgetMs: 120_000,
      maxCommands: 20,
      deadlineMs: 500,
      quietMs: 50,
    });
    assert.equal(result.outcome.kind, 'passed', result.outcome.kind === 'failed' ? result.outcome.counterexample.violation.message : '');
    assert.equal(most(), 1);
  });

  it('an adapter with one answer slot per desktop (one request at a time) is never failed for overlapping requests', async () => {
    const { createAdapter: oneAtATime } = await import('../fixtures/adapters/one-request-at-a-time.ts');
    const result = await runProperties({
      mode: 'simple',
      factory: oneAtATime,
      driverKind: 'module',
      logger: silent,
      seed: 2,
      runs: 300,
      timeBudgetMs: 120_000,
      maxCommands: 20,
      deadlineMs: 500,
      quietMs: 50,
    });
    assert.equal(
      result.outcome.kind,
      'passed',
      result.outcome.kind === 'failed' ? `${result.outcome.counterexample.violation.message}\n${result.outcome.counterexample.log.join('\n')}` : '',
    );
  });
});

describe('the time budget', () => {
  // Where the budget ends depends on the machine: three runs, so one almost surely ends mid-sequence.
  for (const seed of [5, 6, 7]) {
    it(`the sequence it cuts short ends before the run returns: no request reaches the adapter afterwards (seed ${seed})`, async () => {
      const { factory, inFlight, calls } = countingFactory();
      // A budget far shorter than the run: it ends in the middle of a sequence.
      let judged = 0;
      const result = await runProperties({
        mode: 'full',
        factory,
        driverKind: 'module',
        logger: silent,
        seed,
        runs: 100_000,
        timeBudgetMs: 1000,
        maxCommands: 20,
        deadlineMs: 500,
        quietMs: 50,
        onSequence: (n) => (judged = n),
      });
      const callsAtReturn = calls();
      // Only the sequences judged to the end count.
      assert.equal(result.sequences, judged);
      assert.equal(result.outcome.kind, 'passed', result.outcome.kind === 'error' ? result.outcome.message : '');
      assert.equal(result.interrupted, true);
      assert.equal(inFlight(), 0, 'a request was still in flight when the run returned');
      // A few turns of the event loop: an abandoned sequence would go on making requests on retired desktops.
      for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
      assert.equal(calls(), callsAtReturn);
    });
  }
});

describe('a failure that does not reproduce', () => {
  it('a deadline missed once and never in 5 replays is set aside with its evidence, and the run explores again with the next seed', async () => {
    let hung = false;
    // The reference adapter, but its first UnSubscribeForEvents never answers: bad luck once, never again.
    const factory: AdapterFactory = async (context) => {
      const inner = await createAdapter(context);
      return {
        ...inner,
        UnSubscribeForEvents: (page) => {
          if (hung) return inner.UnSubscribeForEvents(page);
          hung = true;
          return new Promise(() => undefined);
        },
      };
    };
    const result = await runProperties({
      mode: 'simple',
      factory,
      driverKind: 'module',
      logger: silent,
      seed: 3,
      runs: 40,
      timeBudgetMs: 120_000,
      maxCommands: 20,
      deadlineMs: 100,
      quietMs: 20,
    });
    assert.ok(hung, 'the run asked for UnSubscribeForEvents');
    assert.equal(result.outcome.kind, 'passed', result.outcome.kind === 'failed' ? result.outcome.counterexample.violation.message : '');
    assert.equal(result.setAside.length, 1);
    const [aside] = result.setAside;
    assert.equal(aside?.seed, 3);
    assert.equal(aside?.replays, 5);
    assert.match(aside?.message ?? '', /UnSubscribeForEvents on CSR@\d+ got no answer within 100 ms/);
    assert.equal(result.seed, 4, 'explored again with the next seed');
  });

  it('a logical invariant that fails once is a failure, with how often it reproduced', async () => {
    let pops = 0;
    // The reference adapter, but the first Offering it delivers is delivered twice: a race once, never again.
    const factory: AdapterFactory = (context) =>
      createAdapter({
        ...context,
        sink: {
          deliver(delivery) {
            context.sink.deliver(delivery);
            if (delivery.event.pyEventName === 'Offering' && pops++ === 0) context.sink.deliver(delivery);
          },
        },
      });
    const result = await runProperties({
      mode: 'simple',
      factory,
      driverKind: 'module',
      logger: silent,
      seed: 3,
      runs: 40,
      timeBudgetMs: 120_000,
      maxCommands: 20,
      deadlineMs: 100,
      quietMs: 20,
    });
    assert.equal(result.outcome.kind, 'failed');
    if (result.outcome.kind !== 'failed') return;
    assert.equal(result.outcome.counterexample.violation.id, 'OCTI-PROP-006');
    assert.deepEqual(
      { replays: result.outcome.replays, reproductions: result.outcome.reproductions, reproduced: result.outcome.reproduced },
      { replays: 5, reproductions: 0, reproduced: false },
    );
    assert.deepEqual(result.setAside, []);
  });
});

describe('sequence isolation', () => {
  it("an event an earlier sequence's desktop delivers late never reaches the next sequence", async () => {
    const sinks: EventSink[] = [];
    const factory: AdapterFactory = (context) => {
      sinks.push(context.sink);
      return createAdapter(context);
    };
    const lab = await LiveLab.start({ factory, mode: 'simple', logger: silent, deadlineMs: 500, quietMs: 50, settle: { kind: 'turns', turns: 4 } });
    try {
      const first = await lab.begin();
      await lab.finish(first);
      const earlier = [...sinks];
      const second = await lab.begin();
      const before = second.trace.entries.length;
      // What an adapter still had in flight for the first sequence: an Offering for a call of its world.
      for (const sink of earlier)
        sink.deliver({
          DN: '8808',
          event: { pyEventType: 'CallStateEvent', pyEventName: 'Offering', pyCallId: 'C-stale', pyCallType: 'INBOUND', pyMedia: 'Phone' },
        } as Parameters<EventSink['deliver']>[0]);
      assert.equal(second.trace.entries.length, before, 'the stale event reached the new sequence');
      assert.ok(!second.trace.entries.some((e) => e.kind === 'delivered' && e.event['pyCallId'] === 'C-stale'));
      await lab.finish(second);
    } finally {
      await lab.stop();
    }
  });
});
