/**
 * The lab for one scenario: a real simulator on loopback, one desktop (adapter instance) per CSR,
 * and the trace. Step definitions speak business words and make one call here.
 *
 * Over 300 lines for now, on purpose: the steps (steps/) call the lab as one object, so splitting it
 * into switch stimuli, desktops and outcome checks means changing every step; that waits until the
 * suite's own work this round is merged (issue #19).
 */
import type { Logger } from 'pino';
import { createSimulator, type DialectName, type DialPlanSettings, type FaultRule, type Simulator } from '../../simulator/index.ts';
import { type ActivityName, type ActivityResult, type AdapterFactory, type AdapterPage, type AdapterSettings, type TelephonyMode } from '../contract/index.ts';
import { LAB_RECONNECT } from './adapter-timings.ts';
import { BACKOFF_MARGIN_MS, BackoffWatch, type ReconnectWaits } from './backoff.ts';
import { Desktop } from './desktop.ts';
import { DesktopChecks } from './checks.ts';
import { disagreementsWith } from './agreement.ts';
import { ExpectationFailed, waitUntil } from './expectations.ts';
import { linkFaultRule, type LinkFault } from './link-faults.ts';
import { simulatorDialect } from './dialect.ts';
import { SecretWatch } from './secrets.ts';
import { desktopOf, Trace } from './trace.ts';
import type { WireLog } from './wire-log.ts';

export interface LabOptions {
  readonly factory: AdapterFactory;
  readonly mode: TelephonyMode;
  /** How long an expected event may take to reach the desktop. */
  readonly deadlineMs: number;
  /** How long the desktops must stay silent before "nothing (more) arrives" is judged. */
  readonly quietMs: number;
  readonly logger: Logger;
  /** The CTI link's dialect; default json. */
  readonly dialect?: DialectName;
  /** Every CTI frame of this scenario, both ways, goes to this wire log under the scenario's name (`certify --wire-log`). */
  readonly wire?: { readonly log: WireLog; readonly scenario: string };
}

// A password unlike anything else the adapter handles, so a leak of it can be found (src/harness/secrets.ts).
export const LINK_CREDENTIALS = { user: 'switchboard', password: 'sb-link-pw-7Qx2' } as const;

/** Which calls and numbers a call-control request is about; calls by their ordinal in the scenario. */
export interface CallRefs {
  readonly call?: string;
  readonly held?: string;
  readonly destination?: string;
  readonly digits?: string;
}

type Outcome = { readonly activity: ActivityName; readonly result: ActivityResult } | { readonly activity: 'configuration'; readonly refusal: string | null };

export class Lab {
  readonly trace = new Trace();
  readonly checks: DesktopChecks;
  readonly #secrets = new SecretWatch();
  readonly #options: LabOptions;
  readonly #simulator: Simulator;
  readonly #desktops = new Map<string, Desktop>();
  readonly #calls: string[] = [];
  /** Ids of calls that ended: the switch may give them again (decision 0150). */
  readonly #ended = new Set<string>();
  #url = '';
  #running = false;
  #lastOutcome: Outcome | undefined;
  #sinceLastRequest = 0;
  #linkPassword: string = LINK_CREDENTIALS.password;
  readonly #extensions: string[] = [];
  /** Agent passwords as provisioned, so steps can log agents in without repeating them. */
  readonly #agentPasswords = new Map<string, string>();
  /** The agent the scenario last spoke of: the AgentID of typical requests. */
  #agent: string | undefined;
  /** Desktops whose adapter the scenario has opened, so a login does not open it twice. */
  readonly #opened = new Set<string>();
  /** False once the adapter refused the lab's reconnect timings: it keeps its own backoff. */
  #reconnectOffered = true;
  /** The reconnect waits offered; a scenario that judges the backoff sets its own, and times the outage against them. */
  #reconnectWaits: ReconnectWaits = LAB_RECONNECT;
  #backoff: BackoffWatch | undefined;

  private constructor(options: LabOptions) {
    this.#options = options;
    this.checks = new DesktopChecks(this.trace, (ordinal) => this.callId(ordinal), options);
    const wire = options.wire;
    this.#simulator = createSimulator({
      logger: options.logger.child({ room: 'simulator' }),
      credentials: LINK_CREDENTIALS,
      ...simulatorDialect(options.dialect),
      ...(wire === undefined ? {} : { wireTap: wire.log.scenario(wire.scenario, () => this.trace.elapsed()) }),
    });
    this.#secrets.note(LINK_CREDENTIALS.password);
    this.#simulator.control.onModelEvent((event) => {
      // Calls the desktops place (MakeCall, consults) get their ordinals here too, in order of birth.
      if ('callId' in event) this.#remember(event.callId);
      // An ended call's id may be given again (decision 0150): its next call is a call of its own.
      if (event.name === 'CallCleared') this.#ended.add(event.callId);
      this.trace.record({ kind: 'switch', event: { ...event } });
    });
    // Faults are the switch misbehaving on purpose: a failed scenario's trace shows where.
    this.#simulator.control.onFault((fault) => this.trace.record({ kind: 'switch', event: { ...fault, name: 'Fault', frameName: fault.name } }));
  }

  static async start(options: LabOptions): Promise<Lab> {
    const lab = new Lab(options);
    lab.#url = (await lab.#simulator.start()).url;
    lab.#running = true;
    return lab;
  }

  /** Closes every desktop's adapter, then the switch. Always safe to call. */
  async stop(): Promise<void> {
    for (const desktop of this.#desktops.values()) await desktop.invoke('CloseAdapter', {}).catch(() => undefined);
    this.#desktops.clear();
    this.#backoff?.stop();
    await this.stopSwitch();
  }

  get mode(): TelephonyMode {
    return this.#options.mode;
  }

  settings(overrides: Partial<AdapterSettings> = {}): AdapterSettings {
    return {
      mode: this.#options.mode,
      ctiUrl: this.#url,
      credentials: { user: LINK_CREDENTIALS.user, password: this.#linkPassword },
      timeouts: { connectMs: this.#options.deadlineMs, requestMs: this.#options.deadlineMs, ...(this.#reconnectOffered ? this.#reconnectWaits : {}) },
      ...overrides,
    };
  }

  // ------------------------------------------------------------------ the switch

  provision(extensions: readonly string[], queues: readonly { id: string; dialledNumber: string; members: readonly string[] }[] = []): void {
    this.#extensions.push(...extensions);
    this.#simulator.control.provision({ extensions: [...extensions], queues: queues.map((q) => ({ ...q, members: [...q.members] })), agents: [] });
  }

  /** The switch gives a call's id again once the call has ended (decision 0150): every call is C1 while the one before it has ended. */
  reuseCallIds(): void {
    this.#simulator.control.provision({ callIdSpace: 1 });
  }

  /** Call waiting at the extension (decision 0061): a second call alerts there beside the one in progress. */
  giveCallWaiting(extension: string): void {
    this.#simulator.control.provision({ callWaiting: [extension] });
  }

  async stopSwitch(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    await this.#simulator.stop();
  }

  customerCalls(from: string, to: { queue: string } | { extension: string }, callData: Readonly<Record<string, string>> = {}): string {
    return this.#remember(this.#simulator.control.customerCall({ from, to, callData: { ...callData } }));
  }

  internalCall(from: string, to: string): string {
    return this.#remember(this.#simulator.control.internalCall({ from, to }));
  }

  answerAtPhone(extension: string, ordinal = 'last'): void {
    this.#simulator.control.answerAtPhone({ extension, call: this.callId(ordinal) });
  }

  hangUp(party: 'caller' | string, ordinal = 'last'): void {
    this.#simulator.control.hangUp({ call: this.callId(ordinal), party });
  }

  /** Hold pressed on the phone: the switch holds the call connected at `extension`, whichever it is. */
  holdAtPhone(extension: string): void {
    this.#simulator.control.holdAtPhone({ extension });
  }

  /** Retrieve pressed on the phone: the switch takes back the one call held at `extension`. */
  retrieveAtPhone(extension: string): void {
    this.#simulator.control.retrieveAtPhone({ extension });
  }

  /** The outside number ringing in the call picks up (the dial plan's `ring` numbers wait for this). */
  farEndAnswers(ordinal: string): void {
    this.#simulator.control.farEndAnswers({ call: this.callId(ordinal) });
  }

  /** The CSR on `extension` conferences `colleague` into the call connected there, all at the phones: consult, the colleague answers, conference. */
  conferenceAtPhone(extension: string, colleague: string, ordinal = 'last'): void {
    const control = this.#simulator.control;
    const heldCall = this.callId(ordinal);
    const activeCall = this.#remember(control.consultationCall({ extension, call: heldCall, to: colleague }));
    control.answerAtPhone({ extension: colleague, call: activeCall });
    control.conferenceCall({ extension, heldCall, activeCall });
  }

  agentAtPhone(agent: string, extension: string, action: 'login' | 'ready' | 'notReady' | 'afterCallWork' | 'logout', reasonCode?: string): void {
    this.#agent = agent;
    this.#simulator.control.agentAtPhone({ agent, extension, action, ...(reasonCode === undefined ? {} : { reasonCode }) });
  }

  provisionAgent(id: string, password: string): void {
    this.#simulator.control.provision({ agents: [{ id, password }] });
    this.#agentPasswords.set(id, password);
    this.#secrets.note(password);
    this.#agent = id;
  }

  configureAcd(options: AcdOptions): void {
    this.#simulator.control.configureAcd(options);
  }

  supervisor(agent: string, action: 'notReady' | 'logout', reasonCode?: string): void {
    this.#simulator.control.supervisor({ agent, action, ...(reasonCode === undefined ? {} : { reasonCode }) });
  }

  /** The switch's truth about an agent, not what any desktop was told. */
  expectAgentStatus(agent: string, kind: string, extension?: string, reasonCode?: string): void {
    const status = this.#simulator.control.truth().agents.get(agent)?.status;
    if (status === undefined) throw new ExpectationFailed(`agent ${agent} is not provisioned on the switch`);
    const actual = JSON.stringify(status);
    if (status.kind !== kind) throw new ExpectationFailed(`expected agent ${agent} ${kind} at the switch, but it is ${actual}`);
    if (extension !== undefined && 'extension' in status && status.extension !== extension)
      throw new ExpectationFailed(`expected agent ${agent} on ${extension}, but it is ${actual}`);
    if (reasonCode !== undefined && (!('reasonCode' in status) || status.reasonCode !== reasonCode))
      throw new ExpectationFailed(`expected agent ${agent} with reason ${reasonCode}, but it is ${actual}`);
  }

  /** The switch's truth, not what any desktop was told. */
  dialPlan(settings: DialPlanSettings): void {
    this.#simulator.control.configureDialPlan(settings);
  }

  /** The switch's truth about `extension` in a call (or in no call at all), waited for up to the deadline. */
  async expectAtSwitch(extension: string, expected: { readonly ordinal: string; readonly state: 'connected' | 'held' } | 'no call'): Promise<void> {
    const unmet = (): string | null => {
      const truth = this.#simulator.control.truth();
      const mine = [...truth.calls.values()].flatMap((call) => call.connections.filter((c) => c.device === extension).map((c) => `${call.id} ${c.state}`));
      if (expected === 'no call') return mine.length === 0 ? null : `expected no call at ${extension} on the switch, but it has ${mine.join(', ')}`;
      const callId = this.callId(expected.ordinal);
      const state = truth.calls.get(callId)?.connections.find((c) => c.device === extension)?.state;
      return state === expected.state
        ? null
        : `expected ${extension} ${expected.state} in call ${callId} on the switch, but it is ${state ?? 'not in that call'} (calls at ${extension}: ${mine.join(', ') || 'none'})`;
    };
    await waitUntil(this.trace, unmet, this.#options.deadlineMs);
  }

  /**
   * Close-down hygiene: no CTI session and no monitor left at the switch — or, for `extension`, no
   * monitor of it — waited for up to the deadline (the switch sees a link close a moment after the adapter).
   */
  async expectNothingLeftAtSwitch(extension?: string): Promise<void> {
    const unmet = (): string | null => {
      const { sessions, monitors } = this.#simulator.links();
      const left = monitors.filter((m) => extension === undefined || m.deviceId === extension);
      if (left.length === 0 && (extension !== undefined || sessions === 0)) return null;
      const what = extension === undefined ? 'no CTI session and no monitor' : `no monitor of ${extension}`;
      return `expected ${what} left at the switch, but it holds ${sessions} CTI session(s) and ${left.map((m) => `monitor ${m.monitorId} on ${m.deviceId}`).join(', ') || 'no such monitor'}`;
    };
    await waitUntil(this.trace, unmet, this.#options.deadlineMs);
  }

  /**
   * The switch received exactly these DTMF digits from `extension` on the call, in order: one request or
   * several in a row (a dialect whose action carries one digit, as AMI's PlayDTMF, decision 0100).
   */
  async expectDigits(extension: string, ordinal: string, digits: string): Promise<void> {
    const callId = this.callId(ordinal);
    const sent = (): string[] =>
      this.trace.entries.flatMap((e) =>
        e.kind === 'switch' && e.event['name'] === 'DigitsGenerated' && e.event['deviceId'] === extension && e.event['callId'] === callId
          ? [String(e.event['digits'])]
          : [],
      );
    await waitUntil(
      this.trace,
      () =>
        sent().join('') === digits
          ? null
          : `expected the switch to get the digits ${JSON.stringify(digits)} from ${extension} on ${callId}, but it got ${
              sent()
                .map((d) => JSON.stringify(d))
                .join(', ') || 'none'
            }`,
      this.#options.deadlineMs,
    );
  }

  /**
   * The next frame the switch sends to any adapter closes that adapter's CTI link instead; with
   * `refuseSnapshot`, the switch then refuses the next SnapshotDevice (the resync's, decision 0014).
   */
  dropLinkAtNextFrame(refuseSnapshot = false): void {
    const drop: FaultRule = { direction: 'toAdapter', action: { kind: 'closeLink' }, times: 1 };
    const refuse: FaultRule = {
      direction: 'fromAdapter',
      match: { frame: 'Request', name: 'SnapshotDevice' },
      action: { kind: 'refuse', code: 'serviceUnavailable' },
      times: 1,
    };
    this.#simulator.control.setFaults({ seed: 1, rules: refuseSnapshot ? [drop, refuse] : [drop] });
  }

  /**
   * The next frame to any adapter drops its link, and the switch then refuses the next `refusals`
   * session starts (StartApplicationSession, or the dialect's login): a CTI server out of service for a while.
   */
  dropLinkAndRefuseSessions(refusals: number): void {
    const drop: FaultRule = { direction: 'toAdapter', action: { kind: 'closeLink' }, times: 1 };
    const refuse: FaultRule = {
      direction: 'fromAdapter',
      match: { frame: 'Request', name: 'StartApplicationSession' },
      action: { kind: 'refuse', code: 'serviceUnavailable', message: 'the CTI server is out of service' },
      times: refusals,
    };
    this.#simulator.control.setFaults({ seed: 1, rules: [drop, refuse] });
  }

  /** Desktops opened from now on get these reconnect waits, and the next outage is timed against them (OCTI-LINK-003). */
  offerReconnectWaits(waits: ReconnectWaits): void {
    this.#reconnectWaits = waits;
    this.#backoff?.stop();
    this.#backoff = new BackoffWatch(this.trace, waits);
  }

  /** The adapter kept trying through `refusals` refused session starts, backing off within its waits, and came back (OCTI-LINK-003). */
  async expectBackoff(refusals: number): Promise<void> {
    const watch = this.#backoff;
    if (watch === undefined) throw new Error('no reconnect waits were offered in this scenario: say which first');
    const { reconnectMinMs, reconnectMaxMs } = watch.waits;
    if (!this.#reconnectOffered)
      throw new ExpectationFailed(
        `the adapter refused the reconnect waits it was given (timeouts.reconnectMinMs ${reconnectMinMs}, reconnectMaxMs ${reconnectMaxMs}): its backoff is judged against them`,
      );
    // Every attempt may take the longest wait; the verdict on how long they did take is the watch's.
    const deadlineMs = (refusals + 1) * (reconnectMaxMs + BACKOFF_MARGIN_MS) + this.#options.deadlineMs;
    await waitUntil(this.trace, () => (watch.outage()?.back === undefined ? 'the link is not back yet' : null), deadlineMs).catch(() => undefined);
    const problems = watch.problems(refusals);
    if (problems.length > 0)
      throw new ExpectationFailed(
        `expected the adapter to back off within its reconnect waits (${reconnectMinMs}–${reconnectMaxMs} ms) while the switch refused ${refusals} sessions, but:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      );
  }

  /** The switch misbehaves once on the link, for the next event about `extension` (the property run's faults, src/harness/link-faults.ts). */
  injectLinkFault(fault: LinkFault, extension: string): void {
    // The rule is certain (no probability draw): the seed only satisfies the plan's schema.
    this.#simulator.control.setFaults({ seed: 1, rules: [linkFaultRule(fault, extension)] });
  }

  /** Once the desktops are quiet, what `extension`'s desktop shows equals the switch's truth. */
  async expectAgreementWithSwitch(extension: string): Promise<void> {
    await this.checks.quiet();
    const found = disagreementsWith(this.#simulator.control.truth(), this.trace.entries, extension, this.#options.mode !== 'simple');
    if (found.length > 0)
      throw new ExpectationFailed(
        `expected the desktop for ${extension} to agree with the switch once quiet, but:\n${found.map((f) => `  - ${f}`).join('\n')}`,
      );
  }

  expectAgentLoggedOut(agent: string): void {
    const status = this.#simulator.control.truth().agents.get(agent)?.status;
    if (status === undefined) throw new ExpectationFailed(`agent ${agent} is not provisioned on the switch`);
    if (status.kind !== 'loggedOut')
      throw new ExpectationFailed(`expected agent ${agent} logged out at the switch, but it is ${status.kind} on ${status.extension}`);
  }

  /** A queued call makes no event until it rings, so the lab also learns ids from the control API. */
  #remember(callId: string): string {
    if (this.#calls.includes(callId) && !this.#ended.delete(callId)) return callId;
    this.#calls.push(callId);
    return callId;
  }

  /** 'last', 'first', 'second', … → the CTI call id of that call in this scenario. */
  callId(ordinal: string): string {
    const index = ordinal === 'last' ? this.#calls.length - 1 : ORDINALS.indexOf(ordinal);
    const id = this.#calls[index];
    if (id === undefined) throw new Error(`there is no ${ordinal} call in this scenario (calls so far: ${this.#calls.length})`);
    return id;
  }

  // ------------------------------------------------------------------ desktops

  /** The desktop of the CSR working on `extension`, opened on first use in the claimed mode (or `mode`). */
  async desktop(extension: string, mode: TelephonyMode = this.#options.mode): Promise<Desktop> {
    const existing = this.#desktops.get(extension);
    if (existing !== undefined) return existing;
    const logger = this.#secrets.logger(this.#options.logger.child({ room: 'adapter', desktop: extension }));
    const open = (): Promise<Desktop> => Desktop.open(desktopOf(extension), this.#options.factory, this.settings({ mode }), this.trace, logger);
    const desktop = await open().catch((error: unknown) => {
      // An adapter that does not know the optional reconnect timings gets the settings without them.
      if (!this.#reconnectOffered) throw error;
      this.#reconnectOffered = false;
      return open();
    });
    this.#desktops.set(extension, desktop);
    return desktop;
  }

  /** Desktops opened from now on use this CTI link password instead of the right one. */
  useLinkPassword(password: string): void {
    this.#linkPassword = password;
    this.#secrets.note(password);
  }

  /** Invokes `activity` with the page properties Pega would set for it in this scenario. */
  async attemptTypical(extension: string, activity: ActivityName, extra: AdapterPage = {}): Promise<ActivityResult> {
    const call = this.#calls.at(-1);
    const agent = this.#agent;
    const other = this.#extensions.find((e) => e !== extension) ?? extension;
    const page: AdapterPage = {
      DN: extension,
      ...(call === undefined ? {} : { CallID: call, HeldCallId: call }),
      ...(activity === 'MakeCall' || activity.endsWith('Initiate') || activity === 'ConsultationCall' || activity === 'BlindTransfer'
        ? { Destination: other }
        : {}),
      ...(activity === 'SendDTMF' ? { Digits: '1234#' } : {}),
      ...(activity === 'DropParty' ? { Destination: other } : {}),
      ...(agent !== undefined && (activity.includes('Agent') || activity === 'LoginAgent') ? { AgentID: agent } : {}),
      ...(agent !== undefined && activity === 'LoginAgent' ? { AgentPassword: this.#agentPasswords.get(agent) ?? '' } : {}),
      ...extra,
    };
    return this.attempt(extension, activity, page);
  }

  /** Invokes an activity as Pega would and remembers the outcome for a later "Then it fails with …". */
  async attempt(extension: string, activity: ActivityName, page: AdapterPage = {}): Promise<ActivityResult> {
    const desktop = await this.desktop(extension);
    this.#secrets.note(page.AgentPassword);
    this.#sinceLastRequest = this.trace.entries.length;
    const result = await desktop.invoke(activity, page);
    this.#lastOutcome = { activity, result };
    if (result.ok && activity === 'OpenAdapter') this.#opened.add(extension);
    if (result.ok && (activity === 'CloseAdapter' || activity === 'LogoutAgent')) this.#opened.delete(extension);
    return result;
  }

  /** The CSR's desktop opens the adapter, as Pega does when the CSR logs in to the desktop. Must succeed. */
  async openAdapter(extension: string): Promise<void> {
    if (!this.#opened.has(extension)) await this.mustSucceed(extension, 'OpenAdapter', {});
  }

  /**
   * A call-control request as Pega's desktop makes it: DN is the CSR's extension, calls are named
   * by their ordinal in the scenario ('first', 'last', …) and sent as CTI call ids.
   */
  async callControl(extension: string, activity: ActivityName, refs: CallRefs = {}): Promise<ActivityResult> {
    return this.attempt(extension, activity, this.#callPage(extension, refs));
  }

  #callPage(extension: string, refs: CallRefs): AdapterPage {
    return {
      DN: extension,
      ...(refs.call === undefined ? {} : { CallID: this.callId(refs.call) }),
      ...(refs.held === undefined ? {} : { HeldCallId: this.callId(refs.held) }),
      ...(refs.destination === undefined ? {} : { Destination: refs.destination }),
      ...(refs.digits === undefined ? {} : { Digits: refs.digits }),
    };
  }

  /** The CSR answered from the desktop; settled once the desktop has heard Established. Must succeed. */
  async answered(extension: string, ordinal: string): Promise<void> {
    await this.mustSucceed(extension, 'AnswerCall', this.#callPage(extension, { call: ordinal }));
    await this.checks.expectCallEvent(extension, ordinal, 'Established');
  }

  /** A consult (ConsultationCall, TransferInitiate, ConferenceInitiate) placed; settled once the call is held on the desktop. */
  async consulted(extension: string, activity: ActivityName, ordinal: string, destination: string): Promise<void> {
    await this.mustSucceed(extension, activity, this.#callPage(extension, { call: ordinal, destination }));
    await this.checks.expectCallEvent(extension, ordinal, 'Held');
  }

  /** A customer's call rings at `extension`; settled once its desktop popped it. */
  async callRings(extension: string): Promise<void> {
    this.customerCalls('16175551212', { extension });
    await this.checks.expectCallEvent(extension, 'last', 'Offering');
  }

  /** A customer's call answered from the desktop at `extension`, settled. */
  async connectedCall(extension: string): Promise<void> {
    await this.callRings(extension);
    await this.answered(extension, 'last');
  }

  /** A customer's call at `extension` put on hold from the desktop, settled. */
  async heldCall(extension: string): Promise<void> {
    await this.connectedCall(extension);
    await this.mustSucceed(extension, 'HoldCall', this.#callPage(extension, { call: 'last', held: 'last' }));
    await this.checks.expectCallEvent(extension, 'last', 'Held');
  }

  /** `extension` hangs up at the phone whatever call it is in now (transfers move parties between calls). */
  hangUpWherever(extension: string): void {
    const call = [...this.#simulator.control.truth().calls.values()].find((c) => c.connections.some((x) => x.device === extension));
    if (call !== undefined) this.#simulator.control.hangUp({ call: call.id, party: extension });
  }

  /**
   * Glare: a desktop request and a switch stimulus cross. With 'switch' first the switch changes
   * before the request reaches it (the desktop has not heard of the change yet); with 'desktop'
   * first the change follows the request's first effect at the switch, before the adapter has
   * passed the request's events on.
   */
  async crossing(request: () => Promise<ActivityResult>, stimulus: () => void, first: 'desktop' | 'switch'): Promise<void> {
    if (first === 'switch') {
      stimulus();
      await request();
      return;
    }
    let fired = false;
    const fire = (): void => {
      if (fired) return;
      fired = true;
      stimulus();
    };
    // The switch is mid-step when it reports an event: the stimulus waits for the step to finish.
    const stop = this.#simulator.control.onModelEvent(() => queueMicrotask(fire));
    try {
      await request();
      fire();
    } finally {
      stop();
    }
  }

  /** The last request's outcome is one of the allowed ones (success, or one of `codes`). */
  expectOutcomeAmong(activity: ActivityName, codes: readonly string[]): void {
    const outcome = this.#lastOutcome;
    if (outcome === undefined || outcome.activity !== activity) throw new ExpectationFailed(`${activity} was not the last activity invoked`);
    const result = outcome.result;
    if (!result.ok && !codes.includes(result.errCode)) {
      throw new ExpectationFailed(
        `expected ${activity} to succeed or fail with ${codes.join(' or ')}, but it failed with ${result.errCode}: ${result.errMessage}`,
      );
    }
  }

  /** Pega's CSR login in Simple telephony: open the adapter, then subscribe to the extension. Must succeed. */
  async monitor(extension: string, mode?: TelephonyMode): Promise<void> {
    await this.desktop(extension, mode);
    await this.mustSucceed(extension, 'OpenAdapter', {});
    await this.mustSucceed(extension, 'SubscribeForEvents', { DN: extension });
  }

  /** Pega's CSR login with agent state management: OpenAdapter, LoginAgent, then optionally a state. Must succeed. */
  async loginAgent(extension: string, agent: string, then: { ready?: true; notReadyReason?: string } = {}): Promise<void> {
    this.#agent = agent;
    await this.openAdapter(extension);
    // Each step is settled once its event reached the desktop: a request's answer may overtake the
    // event it caused (over HTTP it often does), and the scenario must start from a quiet desktop.
    await this.mustSucceed(extension, 'LoginAgent', { DN: extension, AgentID: agent, AgentPassword: this.#agentPasswords.get(agent) ?? '' });
    await this.checks.expectSnapshot(extension, { pyAgentId: agent });
    if (then.ready === true) {
      await this.mustSucceed(extension, 'SetAgentReady', { DN: extension, AgentID: agent });
      await this.checks.expectAgentEvent(extension, { pyEventName: 'Ready' });
    }
    if (then.notReadyReason !== undefined) {
      await this.mustSucceed(extension, 'SetAgentNotReady', {
        DN: extension,
        AgentID: agent,
        AgentOptions: { pyOpenCTI: { pyReasonCode: then.notReadyReason } },
      });
      await this.checks.expectAgentEvent(extension, { pyEventName: 'NotReady', pyReasonCode: then.notReadyReason });
    }
  }

  /** A Ready agent takes a customer call at the phone; settled once the desktop has heard the call and the Busy state. */
  async agentOnCall(agent: string, extension: string): Promise<void> {
    await this.loginAgent(extension, agent, { ready: true });
    this.customerCalls('16175550100', { extension });
    this.answerAtPhone(extension);
    await this.checks.expectCallEvent(extension, 'last', 'Established');
    await this.checks.expectAgentEvent(extension, { pyEventName: 'NotReady', pyWorkMode: 'BUSY' });
  }

  async mustSucceed(extension: string, activity: ActivityName, page: AdapterPage): Promise<void> {
    const result = await this.attempt(extension, activity, page);
    if (!result.ok) throw new ExpectationFailed(`${activity} for ${extension} failed with ${result.errCode}: ${result.errMessage}`);
  }

  /** Creates an adapter with one setting replaced, remembering whether the adapter refused it. */
  async configure(path: string, value: unknown): Promise<void> {
    const settings: Record<string, unknown> = structuredClone({ ...this.settings() });
    setPath(settings, path, value);
    try {
      await Desktop.open('configuration', this.#options.factory, settings, this.trace, this.#options.logger.child({ room: 'adapter' }));
      this.#lastOutcome = { activity: 'configuration', refusal: null };
    } catch (error) {
      this.#lastOutcome = { activity: 'configuration', refusal: error instanceof Error ? error.message : String(error) };
    }
  }

  // ------------------------------------------------------------------ outcomes

  /** Where the last desktop request starts in the trace: "after that" for `never` expectations. */
  get sinceLastRequest(): number {
    return this.#sinceLastRequest;
  }

  expectFailure(activity: ActivityName | 'any', code: string, mentioning?: string): void {
    const outcome = this.#lastOutcome;
    if (outcome === undefined || outcome.activity === 'configuration') throw new ExpectationFailed('no activity was invoked before this check');
    if (activity !== 'any' && outcome.activity !== activity) throw new ExpectationFailed(`the last activity was ${outcome.activity}, not ${activity}`);
    const result = outcome.result;
    if (result.ok) throw new ExpectationFailed(`expected ${outcome.activity} to fail with ${code}, but it succeeded`);
    if (result.errCode !== code)
      throw new ExpectationFailed(`expected ${outcome.activity} to fail with ${code}, but it failed with ${result.errCode}: ${result.errMessage}`);
    if (mentioning !== undefined && !result.errMessage.includes(mentioning)) {
      throw new ExpectationFailed(`expected the message of ${code} to mention ${JSON.stringify(mentioning)}, but it says ${JSON.stringify(result.errMessage)}`);
    }
    if (result.pyStatusMessage !== result.errMessage || result.pyPegaCTIError !== result.errMessage) {
      throw new ExpectationFailed(`expected the error text in pyStatusMessage and pyPegaCTIError too (Pega's step 8), but got ${JSON.stringify(result)}`);
    }
  }

  /** The last activity failed with `code`, its message naming each of these calls by its CTI call id. */
  expectFailureNamingCalls(activity: ActivityName, code: string, ordinals: readonly string[]): void {
    for (const ordinal of ordinals) this.expectFailure(activity, code, this.callId(ordinal));
  }

  expectSuccess(activity: ActivityName): void {
    const outcome = this.#lastOutcome;
    if (outcome === undefined || outcome.activity !== activity) throw new ExpectationFailed(`${activity} was not the last activity invoked`);
    if (!outcome.result.ok)
      throw new ExpectationFailed(`expected ${activity} to succeed, but it failed with ${outcome.result.errCode}: ${outcome.result.errMessage}`);
  }

  expectConfigurationRefused(naming: string): void {
    const outcome = this.#lastOutcome;
    if (outcome === undefined || outcome.activity !== 'configuration') throw new ExpectationFailed('no adapter was configured before this check');
    if (outcome.refusal === null)
      throw new ExpectationFailed(`expected the adapter to refuse the configuration naming ${JSON.stringify(naming)}, but it accepted it`);
    if (!outcome.refusal.includes(naming))
      throw new ExpectationFailed(`expected the refusal to name ${JSON.stringify(naming)}, but it says ${JSON.stringify(outcome.refusal)}`);
  }

  /** No credential the lab gave an adapter shows in what it logged, answered or delivered. */
  expectNoSecretLeaked(): void {
    const leaks = this.#secrets.leaks(this.trace.entries);
    if (leaks.length > 0)
      throw new ExpectationFailed(`expected the adapter never to write a credential it was given, but:\n${leaks.map((l) => `  - ${l}`).join('\n')}`);
  }

  /** OCTI-EVT-001, checked after every scenario: every delivered event matched Pega's schema. */
  schemaViolations(): string[] {
    const out: string[] = [];
    for (const entry of this.trace.entries) {
      if (entry.kind === 'delivered' && entry.issues.length > 0) {
        out.push(`${entry.DN || '(no DN)'}: ${JSON.stringify(entry.event)} — ${entry.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      }
    }
    return out;
  }
}

export interface AcdOptions {
  readonly reasonCodes?: readonly string[];
  readonly afterCallWorkMs?: number;
  readonly afterCallWorkEndsIn?: 'ready' | 'notReady';
  readonly ringTimeoutMs?: number;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] ?? path;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
