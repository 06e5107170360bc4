/**
 * The live system of the property run: one real simulator on loopback and, for each sequence, one
 * fresh desktop per extension, driven through any adapter driver (the AdapterFactory of
 * `--adapter`). The simulator outlives sequences: after each sequence the switch is drained through
 * its own verbs (every call hung up, every agent logged out at the phone), judged once more, and
 * the sequence's desktops are closed and their sessions released. Every sequence starts from the
 * same baseline — two new desktops that open and subscribe, no call, every agent logged out — so
 * no event and no memory of an earlier sequence can reach it (decision 0022), and a counterexample
 * carries every request that built the state it needs.
 */
import type { Logger } from 'pino';
import { createSimulator, type DialectName, type ModelEvent, type Simulator } from '../../simulator/index.ts';
import type { FaultPlan, FaultRecord } from '../../simulator/faults/types.ts';
import type { ActivityName, AdapterFactory, AdapterPage, AdapterSettings, TelephonyMode } from '../contract/index.ts';
import { simulatorDialect } from '../harness/dialect.ts';
import { LAB_RECONNECT } from '../harness/adapter-timings.ts';
import { Desktop } from '../harness/desktop.ts';
import { LabClock, MOST_EXTENSION } from '../harness/lab-clock.ts';
import { LINK_CREDENTIALS } from '../harness/lab.ts';
import { linkFaultRule } from '../harness/link-faults.ts';
import { Trace, type NewTraceEntry } from '../harness/trace.ts';
import { outsidePartyOf, stimulusInput } from './commands.ts';
import { disagreementsWithTruth, InvariantViolation, safetyViolations, unanswered, type Violation } from './invariants.ts';
import type { Outcome, RequestRecord, SequenceRecord } from './record.ts';
import { describe, linkFaultOf, type FaultSpec, type RequestSpec, type StimulusSpec } from './specs.ts';
import { AGENTS, desktopName, EXTENSIONS, provisioning, type Extension } from './world.ts';

/** How to be sure nothing more is on its way once the desktops agree with the switch. */
export type Settle =
  /** In process: a few turns of the event loop (socket reads, the adapter's own queue). */
  | { readonly kind: 'turns'; readonly turns: number }
  /** Over HTTP: the trace must stay silent this long. */
  | { readonly kind: 'silence'; readonly ms: number };

export interface LiveOptions {
  readonly factory: AdapterFactory;
  readonly mode: TelephonyMode;
  readonly logger: Logger;
  /** How long a request may take to answer, and the desktops to agree with the switch. */
  readonly deadlineMs: number;
  /** Silence that ends the wait when the desktops never agree (then the disagreement is judged). */
  readonly quietMs: number;
  readonly settle: Settle;
  /** Ends every adapter session opened so far (HTTP: DELETE, and their events refused from then on); absent in process. */
  readonly releaseSessions?: () => Promise<void>;
  /** The CTI link's dialect; default json. */
  readonly dialect?: DialectName;
}

/** The lab could not set a sequence up (the adapter refused to open or subscribe): nothing was judged. */
export class SetupFailure extends Error {
  override readonly name = 'SetupFailure';
}

/** Forwards what a desktop records to the trace of the sequence in progress. */
class ForwardingTrace extends Trace {
  target: Trace | undefined;
  override record(entry: NewTraceEntry): void {
    this.target?.record(entry);
  }
}

interface Seat {
  readonly extension: Extension;
  readonly desktop: Desktop;
  /** Where this desktop records: the trace of the sequence it sits in, or nowhere once retired. */
  readonly forward: ForwardingTrace;
}

/** Where the live run spends its time (the benchmark reports it). */
export interface LiveStats {
  sequences: number;
  /** Desktops created (two per sequence). */
  desktopsCreated: number;
  /** OpenAdapter / SubscribeForEvents the lab made to set up the baseline. */
  baselineRequests: number;
  beginMs: number;
  finishMs: number;
}

export class LiveLab {
  readonly stats: LiveStats = { sequences: 0, desktopsCreated: 0, baselineRequests: 0, beginMs: 0, finishMs: 0 };
  /** How many times the switch applied each fault action (a certifying run needs every kind at least once). */
  readonly faultsApplied = new Map<string, number>();
  readonly #options: LiveOptions;
  readonly #simulator: Simulator;
  /** The lab's own lateness: every deadline that judges the adapter runs on it (decision 0023). */
  readonly clock = new LabClock();
  readonly #seats = new Map<Extension, Seat>();
  #url = '';
  /** False when the adapter refused the reconnect timeouts: its link drops would take its own (long) backoff. */
  #fastReconnect = true;
  #current: LiveSequence | undefined;

  private constructor(options: LiveOptions) {
    this.#options = options;
    this.#simulator = createSimulator({ logger: options.logger.child({ room: 'simulator' }), credentials: LINK_CREDENTIALS, ...simulatorDialect(options.dialect) });
    this.#simulator.control.onModelEvent((event) => this.#current?.switchEvent(event));
    this.#simulator.control.onFault((record) => {
      this.faultsApplied.set(record.action, (this.faultsApplied.get(record.action) ?? 0) + 1);
      this.#current?.faultApplied(record);
    });
  }

  /** Starts the simulator and creates the first desktops (so whether the adapter takes short reconnect timeouts is known). */
  static async start(options: LiveOptions): Promise<LiveLab> {
    const lab = new LiveLab(options);
    try {
      lab.#url = (await lab.#simulator.start()).url;
      lab.#simulator.control.provision(provisioning());
      for (const extension of EXTENSIONS) lab.#seats.set(extension, await lab.#newSeat(extension));
    } catch (error) {
      await lab.stop().catch(() => undefined);
      throw error;
    }
    return lab;
  }

  get mode(): TelephonyMode {
    return this.#options.mode;
  }

  /** True when link drops can be part of a sequence (the adapter accepted short reconnect timeouts). */
  get fastReconnect(): boolean {
    return this.#fastReconnect;
  }

  /** Starts a sequence from the baseline: new desktops, each opened and subscribed to its extension. */
  async begin(): Promise<LiveSequence> {
    const started = performance.now();
    this.stats.sequences++;
    try {
      return await this.#begin();
    } finally {
      this.stats.beginMs += performance.now() - started;
    }
  }

  async #begin(): Promise<LiveSequence> {
    this.#drain();
    const trace = new Trace();
    const sequence = new LiveSequence(this.#options, trace, this.#simulator, this.clock, (ext) => this.#seatOf(ext));
    this.#current = sequence;
    try {
      // The seats are new: the first ones made at start, else none (finish retires them).
      for (const extension of EXTENSIONS) {
        const seat = this.#seats.get(extension) ?? (await this.#newSeat(extension));
        this.#seats.set(extension, seat);
        seat.forward.target = trace;
      }
      for (const seat of this.#seats.values()) {
        await sequence.baseline(seat, 'OpenAdapter', {});
        await sequence.baseline(seat, 'SubscribeForEvents', { DN: seat.extension });
      }
    } catch (error) {
      this.#current = undefined;
      await this.#retireAll();
      throw error;
    } finally {
      this.stats.baselineRequests += sequence.baselineRequests;
    }
    return sequence;
  }

  /** Ends a sequence: judges it once quiet, drains the switch, judges it again, retires its desktops. Throws InvariantViolation. */
  async finish(sequence: LiveSequence): Promise<void> {
    const started = performance.now();
    try {
      this.#clearFaults();
      await sequence.quiet('after the commands');
      this.#drain();
      await sequence.quiet('after the switch was drained');
    } finally {
      if (this.#current === sequence) this.#current = undefined;
      await this.#retireAll();
      this.stats.finishMs += performance.now() - started;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.#retireAll();
      await this.#simulator.stop();
    } finally {
      this.clock.stop();
    }
  }

  #seatOf(extension: Extension): Seat {
    const seat = this.#seats.get(extension);
    if (seat === undefined) throw new Error(`harness bug: no desktop for ${extension}`);
    return seat;
  }

  #settings(withReconnect: boolean): AdapterSettings {
    // The adapter's own timeouts run on its wall clock, which the lab's stalls would eat into
    // (decision 0023): as long as the longest a lab deadline may be extended. Nothing in a sequence
    // leaves a CTI request unanswered (a dropped link closes its socket), so none has to fire.
    const adapterMs = this.#options.deadlineMs * MOST_EXTENSION;
    return {
      mode: this.#options.mode,
      ctiUrl: this.#url,
      credentials: { ...LINK_CREDENTIALS },
      timeouts: { connectMs: adapterMs, requestMs: adapterMs, ...(withReconnect ? LAB_RECONNECT : {}) },
    };
  }

  /** A new desktop for the extension, recording nowhere yet. */
  async #newSeat(extension: Extension): Promise<Seat> {
    const logger = this.#options.logger.child({ room: 'adapter', desktop: extension });
    const forward = new ForwardingTrace();
    let desktop: Desktop;
    try {
      desktop = await Desktop.open(desktopName(extension), this.#options.factory, this.#settings(this.#fastReconnect), forward, logger);
    } catch (error) {
      if (!this.#fastReconnect) throw new SetupFailure(`the adapter refused valid settings: ${error instanceof Error ? error.message : String(error)}`);
      // An adapter that does not know the optional reconnect timeouts: its own defaults, and no link drops.
      this.#fastReconnect = false;
      desktop = await Desktop.open(desktopName(extension), this.#options.factory, this.#settings(false), forward, logger).catch((again: unknown) => {
        throw new SetupFailure(`the adapter refused valid settings: ${again instanceof Error ? again.message : String(again)}`);
      });
    }
    this.stats.desktopsCreated++;
    return { extension, desktop, forward };
  }

  /** The desktops record nothing more, close (best effort) and their sessions end: nothing they send reaches a later sequence. */
  async #retireAll(): Promise<void> {
    const seats = [...this.#seats.values()];
    this.#seats.clear();
    if (seats.length === 0) return;
    for (const seat of seats) seat.forward.target = undefined;
    await Promise.all(seats.map((seat) => this.clock.deadline(seat.desktop.invoke('CloseAdapter', {}).catch(() => undefined), this.#options.deadlineMs, undefined)));
    await this.#options.releaseSessions?.();
  }

  #clearFaults(): void {
    this.#simulator.control.clearFaults();
  }

  /** Every call hung up (queued callers, extensions, then whoever is left), every agent logged out at the phone. */
  #drain(): void {
    const control = this.#simulator.control;
    for (let round = 0; round < 12; round++) {
      const calls = [...control.truth().calls.values()];
      if (calls.length === 0) break;
      for (const call of calls) {
        const live = control.truth().calls.get(call.id);
        if (live === undefined) continue;
        const parties = [...live.connections].sort((a, b) => Number(control.truth().extensions.has(b.device)) - Number(control.truth().extensions.has(a.device)));
        for (const party of parties) control.attempt({ kind: 'hangUp', call: call.id, party: party.device });
      }
    }
    for (const agent of control.truth().agents.values()) {
      if (agent.status.kind !== 'loggedOut') control.attempt({ kind: 'agentAtPhone', agent: agent.id, extension: agent.status.extension, action: 'logout' });
    }
    const truth = control.truth();
    const left = [...truth.calls.keys()].join(', ');
    const stuck = [...truth.agents.values()].filter((a) => a.status.kind !== 'loggedOut').map((a) => a.id);
    if (left !== '' || stuck.length > 0) throw new Error(`harness bug: the switch could not be drained (calls ${left || 'none'}, agents ${stuck.join(', ') || 'none'})`);
  }
}

/** One sequence on the live system: what the commands do, and everything recorded for the invariants. */
export class LiveSequence {
  readonly trace: Trace;
  readonly requests: RequestRecord[] = [];
  /** What happened, in order, in words: the commands, the switch's refusals, faults, answers as the sequence saw them. */
  readonly log: string[] = [];
  readonly linkLost = new Map<string, number>();
  /** Requests the lab made to restore the baseline. */
  baselineRequests = 0;
  readonly #options: LiveOptions;
  readonly #simulator: Simulator;
  readonly #clock: LabClock;
  readonly #seat: (extension: Extension) => Seat;
  /** The switch's ids of the calls born in this sequence, in order of birth. */
  readonly #calls: string[] = [];
  readonly #claimed = new Set<number>();
  readonly #listeners = new Set<() => void>();
  #faultSeed = 0;
  /** The extension whose events the fault set last is about. */
  #faultFor: Extension | undefined;

  constructor(options: LiveOptions, trace: Trace, simulator: Simulator, clock: LabClock, seat: (extension: Extension) => Seat) {
    this.#clock = clock;
    this.#options = options;
    this.trace = trace;
    this.#simulator = simulator;
    this.#seat = seat;
  }

  get record(): SequenceRecord {
    return {
      mode: this.#options.mode,
      entries: this.trace.entries,
      desktops: EXTENSIONS.map((e) => ({ name: desktopName(e), extension: e })),
      // Every desktop subscribes in the sequence's own baseline requests.
      subscribedAtStart: new Set(),
      requests: this.requests,
      linkLost: this.linkLost,
      answersOrderedWithEvents: this.#options.settle.kind === 'turns',
    };
  }

  /** The ordinal in this sequence of each call the switch created (1 = first). */
  ordinals(): Record<string, number> {
    return Object.fromEntries(this.#calls.map((id, i) => [id, i + 1]));
  }

  /** The switch's id of the call with this ordinal in the sequence. */
  callId(ordinal: number): string | undefined {
    return this.#calls[ordinal - 1];
  }

  switchEvent(event: ModelEvent): void {
    if ('callId' in event) this.#born(event.callId);
    this.trace.record({ kind: 'switch', event: { ...event } });
  }

  faultApplied(record: FaultRecord): void {
    this.log.push(`  [the link ${faultWords[record.action] ?? record.action} ${record.name ?? record.frame}${record.detail === undefined || record.detail === null ? '' : ` (${record.detail})`}]`);
    // The rule matched events for one extension's monitor. A dropped link may lose events while it is
    // down; two events swapped make the older one stale (decision 0003: dropped by sequence number).
    if ((record.action === 'closeLink' || record.action === 'reorder') && this.#faultFor !== undefined && !this.linkLost.has(desktopName(this.#faultFor))) {
      this.linkLost.set(desktopName(this.#faultFor), this.trace.entries.length);
    }
  }

  /** Calls `listener` on every new trace entry and every request answered; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    const stop = this.trace.onRecord(listener);
    this.#listeners.add(listener);
    return () => {
      stop();
      this.#listeners.delete(listener);
    };
  }

  #born(callId: string): void {
    if (!this.#calls.includes(callId)) this.#calls.push(callId);
  }

  stimulus(spec: StimulusSpec): void {
    const control = this.#simulator.control;
    const input = stimulusInput(spec, (n) => this.callId(n), control.truth());
    this.log.push(describe(spec));
    if (input === undefined) {
      this.log.push('  [the switch has no such call: nothing happens]');
      return;
    }
    const result = control.attempt(input);
    if (!result.ok) this.log.push(`  [the switch refuses: ${result.error.code}]`);
    else if (result.callId !== undefined) this.#born(result.callId);
  }

  fault(spec: FaultSpec): void {
    this.log.push(describe(spec));
    const rule = linkFaultRule(linkFaultOf(spec.fault), spec.extension);
    this.#faultFor = spec.extension;
    const plan: FaultPlan = { seed: ++this.#faultSeed, rules: [rule] };
    this.#simulator.control.setFaults(plan);
  }

  /** Starts the request; resolves with its outcome in words once it answered (or the deadline passed). */
  request(spec: RequestSpec): Promise<string> {
    this.log.push(describe(spec));
    const seat = this.#seat(spec.extension);
    return this.#invoke(seat, spec.activity, pageOf(spec, (n) => this.callId(n), this.#simulator.control.truth()), false).then((outcome) => {
      const words = outcomeWords(outcome);
      this.log.push(`  [the answer to ${spec.activity} on ${spec.extension} arrives: ${words}]`);
      return words;
    });
  }

  /** A request the lab makes to set up the baseline; it must succeed. */
  async baseline(seat: Seat, activity: ActivityName, page: AdapterPage): Promise<void> {
    this.baselineRequests++;
    this.log.push(`(baseline) the CSR on ${seat.extension} asks for ${activity}`);
    const outcome = await this.#invoke(seat, activity, page, true);
    if (outcome.kind !== 'result' || !outcome.result.ok) {
      throw new SetupFailure(`${activity} on the desktop of ${seat.extension} did not succeed (${outcomeWords(outcome)}), so no sequence could start from both desktops subscribed`);
    }
  }

  #invoke(seat: Seat, activity: ActivityName, page: AdapterPage, baseline: boolean): Promise<Outcome> {
    const record: RequestRecord = { desktop: seat.desktop.name, extension: seat.extension, activity, page, entry: this.trace.entries.length, baseline };
    this.requests.push(record);
    const settled = seat.desktop.invoke(activity, page).then(
      (result): Outcome => ({ kind: 'result', result }),
      (error: unknown): Outcome => ({ kind: 'threw', message: error instanceof Error ? error.message : String(error) }),
    );
    const deadline = this.#options.deadlineMs;
    return this.#clock.deadline(settled, deadline, { kind: 'timeout', afterMs: deadline } as Outcome).then((outcome) => {
      record.outcome = outcome;
      if (outcome.kind !== 'timeout') {
        const at = this.trace.entries.findIndex((e, i) => i > record.entry && !this.#claimed.has(i) && e.kind === 'outcome' && e.desktop === record.desktop && e.activity === activity);
        if (at >= 0) {
          this.#claimed.add(at);
          record.outcomeEntry = at;
        }
      }
      for (const listener of [...this.#listeners]) listener();
      return outcome;
    });
  }

  /**
   * Waits until the system is quiet — every request answered, every subscribed desktop agreeing
   * with the switch (ended calls ended, agent events all heard), and nothing more arriving while
   * the event loop settles — checking the safety invariants on every new trace entry. Throws
   * InvariantViolation on the first violation, or when the desktops never agree.
   */
  async quiet(when: string): Promise<void> {
    const truth = (): ReturnType<Simulator['control']['truth']> => this.#simulator.control.truth();
    const firstViolation = (): Violation | undefined => safetyViolations(this.record)[0];
    const fail = (violation: Violation): never => {
      throw new InvariantViolation({ ...violation, message: `${violation.message} (${when})` });
    };
    for (;;) {
      const waited = await until(this.#clock, (listener) => this.onChange(listener), () => {
        const violation = firstViolation();
        if (violation !== undefined) return { kind: 'violated' as const, violation };
        if (this.requests.some((r) => r.outcome === undefined)) return null;
        return disagreementsWithTruth(this.record, truth()).length === 0 ? { kind: 'agreed' as const } : null;
      }, this.#options.deadlineMs + 50);
      if (waited?.kind === 'violated') fail(waited.violation);
      if (waited === null) {
        // Never agreed: judge what the desktops show once nothing more arrives.
        await silence(this.#clock, this.trace, this.#options.quietMs);
        const violation = firstViolation();
        if (violation !== undefined) fail(violation);
        const hanging = unanswered(this.record);
        if (hanging.length > 0) fail(noAnswer(hanging, this.#options.deadlineMs));
        const found = disagreementsWithTruth(this.record, truth());
        if (found.length > 0) fail({ id: 'OCTI-PROP-009', ...disagreeingExtension(found), message: `the desktops still disagree with the switch once quiet:\n${found.map((f) => `  - ${f}`).join('\n')}` });
        return;
      }
      const hanging = unanswered(this.record);
      if (hanging.length > 0) fail(noAnswer(hanging, this.#options.deadlineMs));
      const before = this.trace.entries.length;
      await settle(this.#clock, this.trace, this.#options.settle);
      if (this.trace.entries.length === before) {
        const violation = firstViolation();
        if (violation !== undefined) fail(violation);
        return;
      }
    }
  }
}

function noAnswer(hanging: readonly RequestRecord[], deadlineMs: number): Violation {
  const first = hanging[0];
  return {
    id: 'OCTI-PROP-005',
    ...(first === undefined ? {} : { extension: first.extension, activity: first.activity }),
    message: `${hanging.map((r) => `${r.activity} on ${r.desktop}`).join(', ')} got no answer within ${deadlineMs} ms`,
  };
}

/** The extension and call a disagreement names (`CSR@8808: call C12 …`), for the regression scenario. */
function disagreeingExtension(found: readonly string[]): { extension?: string; callId?: string } {
  const match = /^CSR@(\d+): (?:call (\S+))?/.exec(found[0] ?? '');
  return { ...(match?.[1] === undefined ? {} : { extension: match[1] }), ...(match?.[2] === undefined ? {} : { callId: match[2] }) };
}

const faultWords: Readonly<Record<string, string>> = { duplicate: 'duplicates', reorder: 'holds back to reorder', delay: 'delays', closeLink: 'drops instead of sending', drop: 'loses' };

/** The adapter page Pega sets for a request (as the Lab's steps do), with the switch's call ids. */
export function pageOf(spec: RequestSpec, idOf: (ordinal: number) => string | undefined, truth: ReturnType<Simulator['control']['truth']>): AdapterPage {
  const ext = spec.extension;
  const agent = AGENTS[ext];
  const callId = typeof spec.call === 'number' ? idOf(spec.call) : undefined;
  const reason = spec.reason === undefined ? {} : { AgentOptions: { pyOpenCTI: { pyReasonCode: spec.reason } } };
  switch (spec.activity) {
    case 'OpenAdapter':
    case 'CloseAdapter':
      return {};
    case 'SubscribeForEvents':
    case 'UnSubscribeForEvents':
      return { DN: ext };
    case 'LoginAgent':
      return { DN: ext, AgentID: agent.id, AgentPassword: spec.password === 'wrong' ? 'not-the-password' : agent.password };
    case 'LogoutAgent':
      return { DN: ext, AgentID: agent.id, ...reason };
    case 'SetAgentReady':
      return { DN: ext, AgentID: agent.id };
    case 'SetAgentNotReady':
      return { DN: ext, AgentID: agent.id, ...(spec.afterCallWork === true ? { WorkMode: 'AFTER_CALL_WORK' } : reason) };
    case 'HoldCall':
    case 'RetrieveCall':
      return { DN: ext, ...(callId === undefined ? {} : { CallID: callId, HeldCallId: callId }) };
    case 'TransferComplete':
    case 'ConferenceComplete': {
      const held = spec.held === undefined ? undefined : idOf(spec.held);
      return { DN: ext, ...(callId === undefined ? {} : { CallID: callId }), ...(held === undefined ? {} : { HeldCallId: held }) };
    }
    case 'DropParty': {
      // "the far end" of the named call when the destination is an outside number that is in it.
      const party = spec.destination === undefined ? undefined : spec.destination.length > 6 ? (outsidePartyOf(truth, callId) ?? spec.destination) : spec.destination;
      return { DN: ext, ...(callId === undefined ? {} : { CallID: callId }), ...(party === undefined ? {} : { Destination: party }) };
    }
    default:
      return {
        DN: ext,
        ...(callId === undefined ? {} : { CallID: callId }),
        ...(spec.destination === undefined ? {} : { Destination: spec.destination }),
        ...(spec.digits === undefined ? {} : { Digits: spec.digits }),
        ...(spec.activity === 'MakeCall' && spec.destination === undefined ? { Destination: EXTENSIONS.find((e) => e !== ext) ?? ext } : {}),
      };
  }
}

export function outcomeWords(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'result':
      return outcome.result.ok ? 'success' : `${outcome.result.errCode} (${outcome.result.errMessage})`;
    case 'threw':
      return `no result of the contract: ${outcome.message}`;
    case 'timeout':
      return `no answer within ${outcome.afterMs} ms`;
  }
}

/** Re-evaluates `check` whenever `subscribe` signals a change until it returns a value; null once the lab has listened for `deadlineMs`. */
function until<T>(clock: LabClock, subscribe: (listener: () => void) => () => void, check: () => T | null, deadlineMs: number): Promise<T | null> {
  return new Promise((resolve) => {
    const first = check();
    if (first !== null) {
      resolve(first);
      return;
    }
    const finish = (value: T | null): void => {
      stop();
      cancel();
      resolve(value);
    };
    const stop = subscribe(() => {
      const value = check();
      if (value !== null) finish(value);
    });
    const cancel = clock.after(deadlineMs, () => finish(null));
  });
}

/** Resolves once no trace entry arrived while the lab listened for `ms`. */
function silence(clock: LabClock, trace: Trace, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let cancel = clock.after(ms, done);
    const stop = trace.onRecord(() => {
      cancel();
      cancel = clock.after(ms, done);
    });
    function done(): void {
      stop();
      resolve();
    }
  });
}

async function settle(clock: LabClock, trace: Trace, how: Settle): Promise<void> {
  if (how.kind === 'silence') return silence(clock, trace, how.ms);
  for (let i = 0; i < how.turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
