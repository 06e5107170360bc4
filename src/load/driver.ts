/**
 * The contact centre's people during a load run: callers arriving on the plan, agents answering,
 * holding and wrapping up on real timers, each desktop's requests one at a time.
 */
import type { ModelEvent, Simulator } from '../../simulator/index.ts';
import type { ActivityName, AdapterPage } from '../contract/index.ts';
import { Desktop } from '../harness/desktop.ts';
import { population, talkingAlone, type LoadConfig, type PlannedCall } from './config.ts';
import { LatencyRecorder } from './latency.ts';
import { Ledger } from './ledger.ts';
import { LoadSetupFailed, type Progress } from './load-types.ts';

/** The contact centre's people: callers and agents reacting to the switch, on real timers. */
export class Driver {
  offered = 0;
  /** Of the offered calls, those dialled to an agent on a call: call waiting. */
  waiting = 0;
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
        if (call !== undefined && this.#agentAt.has(event.alertingDevice))
          this.#after(this.config.ringMs, () => this.#answer(event.alertingDevice, event.callId));
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
    await this.#until(
      () => this.ledger.outstanding === 0 && this.ledger.requestsPending === 0 && this.#queued === 0 && this.timers.size === 0,
      this.config.drainMs,
    );
  }

  async #setUpOne(extension: string): Promise<void> {
    const desktop = this.desktops.get(extension);
    const agent = this.#agentAt.get(extension);
    if (desktop === undefined || agent === undefined) return;
    const must = async (activity: ActivityName, page: AdapterPage): Promise<void> => {
      const result = await desktop
        .invoke(activity, page)
        .catch((error: unknown) => ({ ok: false as const, errCode: 'rejected', errMessage: error instanceof Error ? error.message : String(error) }));
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
    const talking = call.waiting ? talkingAlone(this.simulator.control.truth().calls.values(), this.#agentAt) : [];
    const to = talking.length === 0 ? { queue: call.queue } : { extension: talking[call.index % talking.length] ?? '' };
    const result = this.simulator.control.attempt({ kind: 'customerCall', from: call.from, to, callData: { LoadCall: String(call.index + 1) } });
    if (!result.ok || result.callId === undefined) {
      this.switchRefusals++;
      return;
    }
    this.offered++;
    if (talking.length > 0) this.waiting++;
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
        if (silentFor >= this.config.drainMs) {
          finish(true);
          return;
        }
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
