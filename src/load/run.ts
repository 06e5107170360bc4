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
import { pino, type Logger } from 'pino';
import { createSimulator, type ModelEvent, type Simulator } from '../../simulator/index.ts';
import type { ActivityName, AdapterPage, AdapterSettings } from '../contract/index.ts';
import { Desktop } from '../harness/desktop.ts';
import { checkAdapterShape, loadAdapter } from '../harness/drivers.ts';
import { LINK_CREDENTIALS } from '../harness/lab.ts';
import { desktopOf, Trace, type NewTraceEntry } from '../harness/trace.ts';
import { plan, population, utilisation, type LoadConfig, type PlannedCall } from './config.ts';
import { LatencyRecorder, type Histogram, type LatencySummary } from './latency.ts';
import { problems, type LedgerCounts } from './ledger-counts.ts';
import { Ledger } from './ledger.ts';

export interface Progress {
  readonly elapsedMs: number;
  readonly phase: 'setup' | 'traffic' | 'drain';
  readonly offered: number;
  readonly planned: number;
  readonly answered: number;
  readonly waiting: number;
  readonly eventsPerSecond: number;
  readonly latency: LatencySummary;
  /** Notifications the switch owes the desktops that have not arrived yet (in flight, or lost). */
  readonly behind: number;
  /** Duplicated or invented notifications so far (must stay 0). */
  readonly duplicates: number;
}

export interface LoadCounts {
  /** Customer calls placed into the queues. */
  readonly callsOffered: number;
  /** Calls answered at an extension. */
  readonly callsAnswered: number;
  /** Calls completed (cleared) by the end of the run. */
  readonly callsCompleted: number;
  readonly desktop: LedgerCounts;
  /** Control verbs the load's own agents and callers had refused by the switch (0 unless the switch or the load is wrong). */
  readonly switchRefusals: number;
}

export type LoadVerdict = { readonly kind: 'correct' } | { readonly kind: 'incorrect'; readonly problems: readonly string[] };

export interface LoadResult {
  readonly config: LoadConfig;
  readonly adapter: { readonly spec: string; readonly identity: Readonly<Record<string, string>> };
  readonly startedAt: string;
  readonly wallMs: number;
  /** Offered load per agent (above 1 the queues only grow). */
  readonly utilisation: number;
  readonly counts: LoadCounts;
  readonly latencyMs: LatencySummary;
  readonly histogram: Histogram;
  readonly eventsPerSecond: { readonly mean: number; readonly peak: number };
  /** How the run ended its drain: everything settled, or a deadline passed with work outstanding. */
  readonly drain: 'settled' | 'switchStalled' | 'desktopsBehind';
  readonly verdict: LoadVerdict;
}

export interface LoadDeps {
  /** Where relative module paths resolve and cmd: adapters run. */
  readonly cwd: string;
  /** Called once per second while the run goes. */
  readonly onProgress?: (progress: Progress) => void;
  /** Adapter and simulator logs; default silent. */
  readonly logger?: Logger;
  /** How many desktops open at once during set-up. */
  readonly openConcurrency?: number;
}

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
  const simulator = createSimulator({ credentials: LINK_CREDENTIALS, logger: logger.child({ room: 'simulator' }) });
  const desktops = new Map<string, Desktop>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let progressTimer: ReturnType<typeof setInterval> | undefined;
  try {
    const { url } = await simulator.start();
    const settings: AdapterSettings = { mode: config.mode, ctiUrl: url, credentials: { ...LINK_CREDENTIALS }, timeouts: { connectMs: 10_000, requestMs: 10_000 } };
    await checkAdapterShape(loaded, settings);
    simulator.control.provision({
      extensions: [...people.extensions],
      queues: people.queues.map((q) => ({ ...q, members: [...q.members] })),
      agents: people.agents.map((a) => ({ id: a.id, password: a.password, queues: [a.queue] })),
      // After-call work lasts until the agent (or the desktop) says Ready: each call's own length is drawn from the seed.
      acd: { afterCallWorkMs: 0 },
    });

    const run = new Driver(config, calls, people, simulator, ledger, latency, desktops, timers);
    simulator.control.onModelEvent((event) => run.switched(event));
    for (const agent of people.agents) desktops.set(agent.extension, await Desktop.open(desktopOf(agent.extension), loaded.factory, settings, trace, logger.child({ room: 'adapter', desktop: agent.extension })));

    const tick = (): void => deps.onProgress?.(run.progress(performance.now() - started));
    progressTimer = setInterval(tick, 1000);
    await run.setUp(deps.openConcurrency ?? 16);
    const drain = await run.traffic();
    clearInterval(progressTimer);
    progressTimer = undefined;
    tick();
    await closeDesktops(desktops, config.drainMs);

    const desktop = ledger.counts();
    const found = problems(desktop);
    if (drain === 'switchStalled') found.unshift(`the switch still had ${simulator.control.truth().calls.size} calls in progress when the run gave up (nothing happened for ${config.drainMs} ms)`);
    if (run.switchRefusals > 0) found.push(`${run.switchRefusals} of the load's own verbs were refused by the switch`);
    const wallMs = performance.now() - started;
    return {
      config,
      adapter: { spec: loaded.spec, identity: loaded.identity },
      startedAt,
      wallMs,
      utilisation: utilisation(config),
      counts: { callsOffered: run.offered, callsAnswered: run.answered, callsCompleted: run.completed, desktop, switchRefusals: run.switchRefusals },
      latencyMs: latency.summary(),
      histogram: latency.histogram(),
      eventsPerSecond: { mean: run.trafficSeconds > 0 ? run.trafficEvents / run.trafficSeconds : 0, peak: run.peakEventsPerSecond },
      drain,
      verdict: found.length === 0 ? { kind: 'correct' } : { kind: 'incorrect', problems: found },
    };
  } finally {
    if (progressTimer !== undefined) clearInterval(progressTimer);
    for (const t of timers) clearTimeout(t);
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

/** The contact centre's people: callers and agents reacting to the switch, on real timers. */
class Driver {
  offered = 0;
  answered = 0;
  completed = 0;
  switchRefusals = 0;
  peakEventsPerSecond = 0;
  /** From the first offered call to the end of the drain. */
  trafficSeconds = 0;
  trafficEvents = 0;
  #phase: Progress['phase'] = 'setup';
  #trafficStart = 0;
  #lastDelivered = 0;
  #deliveredAtStart = 0;
  #lastTick = 0;
  /** callId → the plan's call. */
  readonly #callOf = new Map<string, PlannedCall>();
  /** extension → the call last answered there (its after-call work follows it). */
  readonly #lastCallAt = new Map<string, PlannedCall>();
  readonly #agentAt = new Map<string, { readonly id: string; readonly password: string; readonly queue: string }>();
  /** Each desktop's requests, one at a time (decision 0022): the answer its latest request waits behind. */
  readonly #lanes = new Map<string, Promise<void>>();
  /** Requests waiting in a lane for their desktop's previous answer. */
  #queued = 0;
  /** Re-checked whenever something happens, to settle a waiting phase without polling. */
  #wake: (() => void) | undefined;
  #lastSwitchActivity = performance.now();

  constructor(
    private readonly config: LoadConfig,
    private readonly calls: readonly PlannedCall[],
    people: ReturnType<typeof population>,
    private readonly simulator: Simulator,
    private readonly ledger: Ledger,
    private readonly latency: LatencyRecorder,
    private readonly desktops: ReadonlyMap<string, Desktop>,
    private readonly timers: Set<ReturnType<typeof setTimeout>>,
  ) {
    for (const a of people.agents) this.#agentAt.set(a.extension, a);
  }

  // ---------------------------------------------------------------- reacting to the switch

  switched(event: ModelEvent): void {
    const now = performance.now();
    this.#lastSwitchActivity = now;
    this.ledger.switched(event, now);
    switch (event.name) {
      case 'Delivered': {
        const call = this.#callOf.get(event.callId);
        if (call !== undefined && this.#agentAt.has(event.alertingDevice)) this.#after(this.config.ringMs, () => this.#answer(event.alertingDevice, event.callId));
        break;
      }
      case 'Established': {
        const call = this.#callOf.get(event.callId);
        if (call === undefined || !this.#agentAt.has(event.answeringDevice)) break;
        this.answered++;
        this.#lastCallAt.set(event.answeringDevice, call);
        this.#after(call.holdMs, () => this.#hangUp(event.answeringDevice, event.callId));
        break;
      }
      case 'CallCleared':
        if (this.#callOf.delete(event.callId)) this.completed++;
        break;
      case 'AgentWorkingAfterCall': {
        const acw = this.#lastCallAt.get(event.deviceId)?.acwMs ?? 0;
        this.#after(acw, () => this.#ready(event.deviceId));
        break;
      }
      default:
        break;
    }
    this.#poke();
  }

  #poke(): void {
    // Deferred: the switch is mid-step when it reports an event.
    if (this.#wake !== undefined) queueMicrotask(() => this.#wake?.());
  }

  #after(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
      this.#poke();
    }, ms);
    this.timers.add(timer);
  }

  #verb(fn: () => { ok: boolean }): void {
    if (!fn().ok) this.switchRefusals++;
  }

  #answer(extension: string, callId: string): void {
    if (this.config.mode === 'full') this.#request(extension, 'AnswerCall', { DN: extension, CallID: callId });
    else this.#verb(() => this.simulator.control.attempt({ kind: 'answerAtPhone', extension, call: callId }));
  }

  #hangUp(extension: string, callId: string): void {
    if (this.config.mode === 'full') this.#request(extension, 'HangUpCall', { DN: extension, CallID: callId });
    else this.#verb(() => this.simulator.control.attempt({ kind: 'hangUp', call: callId, party: 'caller' }));
  }

  #ready(extension: string): void {
    const agent = this.#agentAt.get(extension);
    if (agent === undefined) return;
    if (this.config.mode === 'simple') this.#verb(() => this.simulator.control.attempt({ kind: 'agentAtPhone', agent: agent.id, extension, action: 'ready' }));
    else this.#request(extension, 'SetAgentReady', { DN: extension, AgentID: agent.id });
  }

  /**
   * A desktop request in the background; its outcome lands in the ledger through the trace. A
   * desktop has one request outstanding at a time (decision 0022): it waits in its desktop's lane.
   */
  #request(extension: string, activity: ActivityName, page: AdapterPage): void {
    const desktop = this.desktops.get(extension);
    if (desktop === undefined) return;
    this.#queued++;
    const answered = (this.#lanes.get(extension) ?? Promise.resolve()).then(() => {
      this.#queued--;
      return desktop.invoke(activity, page).then(
        () => undefined,
        () => undefined,
      );
    });
    this.#lanes.set(extension, answered);
    void answered.then(() => this.#poke());
  }

  // ---------------------------------------------------------------- phases

  /** Every desktop opens and monitors its extension, every agent logs in and is Ready; settled once the desktops caught up. */
  async setUp(concurrency: number): Promise<void> {
    const extensions = [...this.#agentAt.keys()];
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < extensions.length; i = next++) await this.#setUpOne(extensions[i]!);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, extensions.length) }, worker));
    await this.#until(() => this.ledger.outstanding === 0 && this.ledger.requestsPending === 0 && this.#queued === 0 && this.timers.size === 0, this.config.drainMs);
  }

  async #setUpOne(extension: string): Promise<void> {
    const desktop = this.desktops.get(extension);
    const agent = this.#agentAt.get(extension);
    if (desktop === undefined || agent === undefined) return;
    const must = async (activity: ActivityName, page: AdapterPage): Promise<void> => {
      const result = await desktop.invoke(activity, page).catch((error: unknown) => ({ ok: false as const, errCode: 'rejected', errMessage: error instanceof Error ? error.message : String(error) }));
      if (!result.ok) throw new LoadSetupFailed(`${activity} for ${extension} failed with ${result.errCode}: ${result.errMessage}`);
    };
    await must('OpenAdapter', {});
    this.ledger.monitor(extension, desktop.name);
    if (this.config.mode === 'simple') {
      await must('SubscribeForEvents', { DN: extension });
      this.#verb(() => this.simulator.control.attempt({ kind: 'agentAtPhone', agent: agent.id, extension, action: 'login' }));
      this.#verb(() => this.simulator.control.attempt({ kind: 'agentAtPhone', agent: agent.id, extension, action: 'ready' }));
      return;
    }
    await must('LoginAgent', { DN: extension, AgentID: agent.id, AgentPassword: agent.password });
    await must('SetAgentReady', { DN: extension, AgentID: agent.id });
  }

  /** Offers the planned calls on time, then drains: the switch finishes its calls, then the desktops catch up. */
  async traffic(): Promise<'settled' | 'switchStalled' | 'desktopsBehind'> {
    this.#phase = 'traffic';
    this.#trafficStart = performance.now();
    this.#lastTick = this.#trafficStart;
    this.#lastDelivered = this.ledger.eventsDelivered;
    this.#deliveredAtStart = this.#lastDelivered;
    await new Promise<void>((resolve) => {
      let next = 0;
      const offer = (): void => {
        const elapsed = performance.now() - this.#trafficStart;
        for (; next < this.calls.length && this.calls[next]!.atMs <= elapsed; next++) this.#offer(this.calls[next]!);
        if (next >= this.calls.length) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          offer();
        }, this.calls[next]!.atMs - elapsed);
        this.timers.add(timer);
      };
      offer();
    });
    // The traffic lasts its duration even when the last arrival came early.
    const rest = this.config.durationMs - (performance.now() - this.#trafficStart);
    if (rest > 0) await new Promise<void>((resolve) => this.#after(rest, resolve));
    this.#phase = 'drain';
    const deliveredBefore = this.#deliveredAtStart;
    try {
      return await this.#drain();
    } finally {
      this.trafficSeconds = (performance.now() - this.#trafficStart) / 1000;
      this.trafficEvents = this.ledger.eventsDelivered - deliveredBefore;
    }
  }

  async #drain(): Promise<'settled' | 'switchStalled' | 'desktopsBehind'> {
    const switchIdle = (): boolean => this.#callOf.size === 0 && this.timers.size === 0 && this.ledger.requestsPending === 0 && this.#queued === 0;
    // The switch drains at its own pace (queued calls wait for agents); it is stalled only when nothing happens for drainMs.
    const stalled = await this.#untilIdleOrSilent(switchIdle);
    if (stalled) return 'switchStalled';
    const caughtUp = await this.#until(() => this.ledger.outstanding === 0, this.config.drainMs);
    // A late duplicate would arrive now: give it quietMs.
    if (this.config.quietMs > 0) await new Promise<void>((resolve) => setTimeout(resolve, this.config.quietMs));
    return caughtUp ? 'settled' : 'desktopsBehind';
  }

  #offer(call: PlannedCall): void {
    const result = this.simulator.control.attempt({ kind: 'customerCall', from: call.from, to: { queue: call.queue }, callData: { LoadCall: String(call.index + 1) } });
    if (!result.ok || result.callId === undefined) {
      this.switchRefusals++;
      return;
    }
    this.offered++;
    // The call may already have rung (and been answered?) inside attempt: it was published before we learnt its id.
    this.#callOf.set(result.callId, call);
    this.#catchUpOn(result.callId);
  }

  /** The Delivered of a call that rang at once was seen before its id was known: react to it now. */
  #catchUpOn(callId: string): void {
    const call = this.simulator.control.truth().calls.get(callId);
    const ringing = call?.connections.find((c) => c.state === 'alerting' && this.#agentAt.has(c.device));
    if (ringing !== undefined) this.#after(this.config.ringMs, () => this.#answer(ringing.device, callId));
  }

  /** Resolves true when `done` holds, false after `withinMs` without it. */
  #until(done: () => boolean, withinMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (value: boolean): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(value);
      };
      this.#wake = () => {
        if (done()) finish(true);
      };
      timer = setTimeout(() => finish(done()), withinMs);
      this.#wake();
    });
  }

  /** Resolves false when `idle` holds, true when the switch did nothing for drainMs while not idle. */
  #untilIdleOrSilent(idle: () => boolean): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (stalled: boolean): void => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve(stalled);
      };
      const watch = (): void => {
        const silentFor = performance.now() - this.#lastSwitchActivity;
        if (silentFor >= this.config.drainMs) { finish(true); return; }
        timer = setTimeout(watch, this.config.drainMs - silentFor);
      };
      this.#wake = () => {
        if (idle()) finish(false);
      };
      watch();
      this.#wake();
    });
  }

  progress(elapsedMs: number): Progress {
    const now = performance.now();
    const delivered = this.ledger.eventsDelivered;
    const seconds = (now - this.#lastTick) / 1000;
    const eventsPerSecond = this.#phase === 'setup' || seconds <= 0 ? 0 : (delivered - this.#lastDelivered) / seconds;
    if (this.#phase !== 'setup') {
      this.#lastDelivered = delivered;
      this.#lastTick = now;
      this.peakEventsPerSecond = Math.max(this.peakEventsPerSecond, eventsPerSecond);
    }
    return {
      elapsedMs,
      phase: this.#phase,
      offered: this.offered,
      planned: this.calls.length,
      answered: this.answered,
      waiting: this.offered - this.ledger.popsOwed,
      eventsPerSecond,
      latency: this.latency.takeWindow(),
      behind: this.ledger.outstanding,
      duplicates: this.ledger.surplus,
    };
  }
}

/** A desktop could not open, monitor or log in during set-up: the adapter cannot be loaded at all (exit 2). */
export class LoadSetupFailed extends Error {
  override readonly name = 'LoadSetupFailed';
}
