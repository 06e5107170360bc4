/**
 * One load run, drivable in process: a contact centre on the embedded simulator (agents logged in
 * on their extensions and queues, Poisson call arrivals, seeded holding and after-call-work times),
 * one emulated Pega desktop per extension with the adapter under test, and the ledger that checks
 * every notification arrives exactly once and every request gets its one outcome.
 *
 * Who does what (docs/decisions/0015-load-and-bench.md):
 *   simple       desktops OpenAdapter + SubscribeForEvents; agents log in, answer, and end
 *                after-call work at the phone; callers hang up when their holding time is over.
 *   agent-state  desktops LoginAgent + SetAgentReady, and SetAgentReady again after the work;
 *                the phone answers and the caller hangs up.
 *   full         as agent-state, and the desktop answers (AnswerCall) and hangs up (HangUpCall).
 */
import { pino } from 'pino';
import { createSimulator } from '../../simulator/index.ts';
import type { AdapterSettings } from '../contract/index.ts';
import { simulatorDialect } from '../harness/dialect.ts';
import { Desktop } from '../harness/desktop.ts';
import { checkAdapterShape, loadAdapter } from '../harness/drivers.ts';
import { LINK_CREDENTIALS } from '../harness/lab.ts';
import { desktopOf, Trace, type NewTraceEntry } from '../harness/trace.ts';
import { plan, population, utilisation, type LoadConfig } from './config.ts';
import { LatencyRecorder } from './latency.ts';
import { problems } from './ledger-counts.ts';
import { Ledger } from './ledger.ts';
import { Driver } from './driver.ts';
import type { LoadDeps, LoadResult } from './load-types.ts';

/** Connections beyond one per desktop the simulator accepts during a load run (a reconnecting adapter's second socket, a probe). */
const CONNECTION_HEADROOM = 16;

/** The trace the desktops write to: nothing is kept, everything is counted. */
class CountingTrace extends Trace {
  readonly #ledger: Ledger;
  constructor(ledger: Ledger) {
    super();
    this.#ledger = ledger;
  }
  override record(entry: NewTraceEntry): void {
    switch (entry.kind) {
      case 'request':
        this.#ledger.requestSent();
        return;
      case 'outcome':
        this.#ledger.outcome(entry.result);
        return;
      case 'delivered':
        this.#ledger.delivered(entry.desktop, entry.DN, entry.event, entry.issues.length === 0, performance.now());
        return;
      case 'switch':
        return;
    }
  }
}

export async function runLoad(config: LoadConfig, deps: LoadDeps): Promise<LoadResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const logger = deps.logger ?? pino({ level: 'silent' });
  const calls = plan(config);
  const people = population(config);
  const latency = new LatencyRecorder();
  const ledger = new Ledger({ judgeAgentEvents: config.mode !== 'simple', latency });
  const trace = new CountingTrace(ledger);

  const loaded = await loadAdapter(config.adapter, { cwd: deps.cwd, outDir: config.outDir });
  // One CTI link per desktop: the simulator's default cap (256 connections) would refuse the 257th.
  const simulator = createSimulator({
    credentials: LINK_CREDENTIALS,
    logger: logger.child({ room: 'simulator' }),
    limits: { maxConnections: config.agents + CONNECTION_HEADROOM },
    ...simulatorDialect(config.dialect),
  });
  const desktops = new Map<string, Desktop>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let progressTimer: ReturnType<typeof setInterval> | undefined;
  try {
    const { url } = await simulator.start();
    const settings: AdapterSettings = {
      mode: config.mode,
      ctiUrl: url,
      credentials: { ...LINK_CREDENTIALS },
      timeouts: { connectMs: 10_000, requestMs: 10_000 },
    };
    await checkAdapterShape(loaded, settings);
    simulator.control.provision({
      extensions: [...people.extensions],
      // A planned share of calls is dialled to an agent on a call (CALL_WAITING_SHARE): it waits beside that call.
      callWaiting: [...people.extensions],
      queues: people.queues.map((q) => ({ ...q, members: [...q.members] })),
      agents: people.agents.map((a) => ({ id: a.id, password: a.password, queues: [a.queue] })),
      // After-call work lasts until the agent (or the desktop) says Ready: each call's own length is drawn from the seed.
      acd: { afterCallWorkMs: 0 },
    });

    const run = new Driver(config, calls, people, simulator, ledger, latency, desktops, timers);
    simulator.control.onModelEvent((event) => run.switched(event));
    for (const agent of people.agents)
      desktops.set(
        agent.extension,
        await Desktop.open(desktopOf(agent.extension), loaded.factory, settings, trace, logger.child({ room: 'adapter', desktop: agent.extension })),
      );

    const tick = (): void => deps.onProgress?.(run.progress(performance.now() - started));
    progressTimer = setInterval(tick, 1000);
    await run.setUp(deps.openConcurrency ?? 16);
    const drain = await run.traffic();
    clearInterval(progressTimer);
    progressTimer = undefined;
    tick();
    await closeDesktops(desktops, config.drainMs);
    desktops.clear();

    const desktop = ledger.counts();
    const found = problems(desktop);
    if (drain === 'switchStalled')
      found.unshift(
        `the switch still had ${simulator.control.truth().calls.size} calls in progress when the run gave up (nothing happened for ${config.drainMs} ms)`,
      );
    if (run.switchRefusals > 0) found.push(`${run.switchRefusals} of the load's own verbs were refused by the switch`);
    const wallMs = performance.now() - started;
    return {
      config,
      adapter: { spec: loaded.spec, identity: loaded.identity },
      startedAt,
      wallMs,
      utilisation: utilisation(config),
      counts: {
        callsOffered: run.offered,
        callsWaiting: run.waiting,
        callsAnswered: run.answered,
        callsCompleted: run.completed,
        desktop,
        switchRefusals: run.switchRefusals,
      },
      latencyMs: latency.summary(),
      histogram: latency.histogram(),
      eventsPerSecond: { mean: run.trafficSeconds > 0 ? run.trafficEvents / run.trafficSeconds : 0, peak: run.peakEventsPerSecond },
      drain,
      verdict: found.length === 0 ? { kind: 'correct' } : { kind: 'incorrect', problems: found },
    };
  } finally {
    if (progressTimer !== undefined) clearInterval(progressTimer);
    for (const t of timers) clearTimeout(t);
    // A run that failed before its end still closes what it opened: an adapter left open reconnects
    // to the stopped switch for ever, and the process never exits.
    await closeDesktops(desktops, config.drainMs);
    desktops.clear();
    await loaded.close().catch(() => undefined);
    await simulator.stop();
  }
}

async function closeDesktops(desktops: ReadonlyMap<string, Desktop>, withinMs: number): Promise<void> {
  const all = Promise.all([...desktops.values()].map((d) => d.invoke('CloseAdapter', {}).catch(() => undefined)));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)))]);
  clearTimeout(timer);
}
