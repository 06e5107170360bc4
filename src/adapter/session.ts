/**
 * One CSR's adapter session: the CTI link, the monitored extensions, and the operations the
 * activities are made of. Operations run one at a time; the gates that stop delivery are closed
 * synchronously, the moment UnSubscribeForEvents or CloseAdapter is called.
 *
 * Agent operations (agent-state and Full telephony) never report a state change themselves: the
 * AgentStateEvents come from the CTI server's events; the only events the session makes are the
 * SnapshotEvents after LoginAgent and LogoutAgent, built from the server's SnapshotDevice answer,
 * and the ones that say the link went down and came back (decision 0014).
 *
 * When an open link drops, the session reconnects on its own (decision 0014): a backoff with
 * jitter on the injected timers and random source, then a new application session, MonitorStart
 * for every subscribed extension and, per extension, SnapshotDevice, whose answer is compared with
 * what the desktop was told: what it missed is replayed through the pipeline as the CTI events it
 * would have got. Until then every activity that needs the link fails at once with 503.
 */
import { WIRE_ERROR_CODES, type CallData, type EventFrame, type ResultOf, type SnapshotCall } from '../contract/cti-wire/frames.ts';
import { ACTIVITY_SUCCESS, type ActivityResult } from '../contract/pega/errors.ts';
import type { AdapterLogger, EventSink } from '../contract/pega/face.ts';
import { agentUnknownSnapshotEvent, snapshotEvent, type SnapshotEvent } from './agent/snapshot.ts';
import type { ReferenceSettings } from './config/settings.ts';
import { failure, LinkFailure, type FailureFacts, type RequestedState } from './errors.ts';
import { backoffDelay } from './link/backoff.ts';
import type { CallControlBody, CtiLink } from './link/link.ts';
import { openCtiLink } from './link/open.ts';
import { MonitorRegistry, type Monitor } from './monitors/registry.ts';
import { agentAfter, agentInSnapshot, missedAgentEvent, missedCallEvents } from './monitors/resync.ts';
import { CallTable } from './pipeline/call-table.ts';
import { runPipeline } from './pipeline/run.ts';
import type { DeviceCapabilities, PipelineStages, StageContext } from './pipeline/types.ts';
import { createPegaEventCheck } from './pipeline/validate.ts';
import { seededRandom, seedFrom, type RandomSource } from './random.ts';
import { SerialQueue } from './serial-queue.ts';
import type { TimerHandle, Timers } from './timers.ts';

/** Failures that mean the link itself is gone, and with it every monitor the switch held for it. */
const LINK_GONE: ReadonlySet<LinkFailure['kind']> = new Set(['linkLost', 'notOpen', 'reconnecting']);

export interface SessionDeps {
  readonly settings: ReferenceSettings;
  readonly stages: PipelineStages;
  readonly capabilities: DeviceCapabilities;
  readonly sink: EventSink;
  readonly logger: AdapterLogger;
  readonly timers: Timers;
  /** The reconnect jitter; default: seeded from the link's settings and the subscribed extensions (decision 0014). */
  readonly random?: RandomSource;
}

/** The CTI link is down and the session is getting it back (decision 0014). */
interface Outage {
  /** Why the link was lost, for the messages of the activities refused meanwhile. */
  readonly reason: string;
  /** Retries scheduled so far; the backoff grows with it. */
  attempt: number;
  /** The wait before the next attempt. */
  timer: TimerHandle | null;
  /** The connect attempt in progress (it closes its own link when cancelled). */
  connecting: Promise<void> | null;
  /** A link the attempt opened whose resync waits its turn in the queue. */
  candidate: CtiLink | null;
  /** Gives up the connect attempt in progress (CloseAdapter). */
  readonly abort: AbortController;
}

export interface AgentLoginRequest {
  readonly dn: string;
  readonly agentId: string;
  /** Sent to the CTI server only; never logged. */
  readonly password: string;
  readonly queue: string | undefined;
}

export interface AgentLogoutRequest {
  readonly dn: string;
  readonly agentId: string;
  readonly reasonCode: string | undefined;
}

export interface AgentStateRequest {
  readonly dn: string | undefined;
  readonly agentId: string;
  readonly state: RequestedState;
  /** Sent only with notReady. */
  readonly reasonCode: string | undefined;
}

type Facts = Pick<FailureFacts, 'dn' | 'agentId' | 'reasonCode' | 'agentState'>;

/** What a call-control activity may do on the link, one operation at a time (Full telephony, decision 0013). */
export interface CallControlOps {
  /** The switch's view of the extension's calls now (SnapshotDevice). */
  calls(): Promise<readonly SnapshotCall[]>;
  /** The call data this adapter has seen on `callId` at the extension, from the switch's events; {} if none. */
  knownCallData(callId: string): CallData;
  /** Sends one call-control request; resolves once the switch accepted it (the effect arrives as events). */
  send(body: CallControlBody, facts: Pick<FailureFacts, 'callId' | 'heldCallId' | 'destination'>): Promise<void>;
}

export class AdapterSession {
  private link: CtiLink | null = null;
  /** Non-null while the link is down and the session reconnects, until every extension is resynchronised. */
  private outage: Outage | null = null;
  private random: RandomSource | null = null;
  private readonly monitors = new MonitorRegistry();
  private readonly queue = new SerialQueue();
  private readonly checkEvent = createPegaEventCheck();
  private readonly server: string;

  constructor(private readonly deps: SessionDeps) {
    this.server = hostOf(deps.settings.ctiUrl);
  }

  /** Connects and starts the application session; succeeds at once when already open. */
  open(activity: string): Promise<ActivityResult> {
    return this.whenUp(activity, {}, () => this.ensureOpen(activity));
  }

  /** Monitors `dn`, opening the link first if needed. Subscribing twice is one subscription. */
  subscribe(activity: string, dn: string): Promise<ActivityResult> {
    return this.whenUp(activity, { dn }, () => this.subscribeNow(activity, dn));
  }

  /** Stops monitoring `dn`; no event for it is delivered from this call on. */
  unsubscribe(activity: string, dn: string): Promise<ActivityResult> {
    const unmute = this.monitors.mute(dn);
    return this.queue.run(async () => {
      try {
        return await this.unsubscribeNow(activity, dn);
      } finally {
        unmute();
      }
    });
  }

  /**
   * Stops every monitor, ends the application session and closes the socket; best effort, always
   * succeeds. Stops reconnecting at once: no attempt starts after this call.
   */
  close(): Promise<ActivityResult> {
    const unmute = this.monitors.muteAll();
    const cancelled = this.cancelOutage();
    return this.queue.run(async () => {
      try {
        await this.closeNow(cancelled);
        return ACTIVITY_SUCCESS;
      } finally {
        unmute();
      }
    });
  }

  /**
   * LoginAgent above Simple telephony: open the link if needed, monitor `dn` if not yet (so the
   * server's AgentLoggedOn reaches the desktop), AgentLogin, then SnapshotDevice and a
   * SnapshotEvent with the switch's answer. A refused login stops the monitor it started.
   */
  loginAgent(activity: string, login: AgentLoginRequest): Promise<ActivityResult> {
    const { dn, agentId } = login;
    return this.whenUp(activity, { dn, agentId }, async () => {
      const wasMonitored = this.monitors.forDn(dn) !== undefined;
      const subscribed = await this.subscribeNow(activity, dn);
      if (!subscribed.ok) return subscribed;
      try {
        await this.requireLink().agentLogin({ agentId, password: login.password, deviceId: dn, queue: login.queue });
      } catch (error) {
        // Refused: leave the adapter as it was. Unanswered: the ACD may have logged the agent in,
        // so the monitor stays and whatever it did still reaches the desktop.
        if (!wasMonitored && isRefusal(error)) await this.stopMonitorQuietly(activity, dn);
        return this.failed(activity, error, { dn, agentId });
      }
      this.deps.logger.info({ DN: dn, agentId }, 'agent logged in');
      // Delivered as the answer is handled, so no agent event the switch sends after it can be overtaken.
      await this.readSnapshot(dn, (snapshot) => {
        const monitor = this.monitors.forDn(dn);
        if (monitor !== undefined) monitor.agent = agentInSnapshot(snapshot, { agentId, state: 'loggedOut' });
        if (this.monitors.isDelivering(dn)) this.deliverSnapshot(dn, snapshotEvent(snapshot, { agentId, deviceState: 'OPENED', linkState: 'CONNECTED' }));
      });
      return ACTIVITY_SUCCESS;
    });
  }

  /**
   * LogoutAgent above Simple telephony, in this order: AgentLogout; SnapshotDevice (its answer
   * also comes after the AgentLoggedOff the logout caused, so that event has reached the desktop);
   * close the gate for `dn`; deliver the SnapshotEvent (Logout, CLOSED, DISCONNECTED: the state
   * LogoutAgent leaves) as the last event for `dn`; MonitorStop; CloseAdapter. A refused logout
   * changes nothing.
   */
  logoutAgent(activity: string, logout: AgentLogoutRequest): Promise<ActivityResult> {
    const { dn, agentId, reasonCode } = logout;
    return this.whenUp(activity, { dn, agentId }, async () => {
      const opened = await this.ensureOpen(activity);
      if (!opened.ok) return opened;
      try {
        await this.requireLink().agentLogout(agentId, reasonCode, { dn });
      } catch (error) {
        return this.failed(activity, error, { dn, agentId, reasonCode });
      }
      this.deps.logger.info({ DN: dn, agentId, reasonCode }, 'agent logged out');
      // The ACD logged the agent out: from here LogoutAgent only winds down, and succeeds.
      const snapshot = await this.readSnapshot(dn);
      const unmute = this.monitors.mute(dn);
      const unmuteAll = this.monitors.muteAll();
      try {
        if (snapshot !== null) this.deliverSnapshot(dn, snapshotEvent(snapshot, { agentId, deviceState: 'CLOSED', linkState: 'DISCONNECTED' }));
        if (this.monitors.forDn(dn) !== undefined) {
          const unsubscribed = await this.unsubscribeNow(activity, dn);
          if (!unsubscribed.ok) this.deps.logger.warn({ DN: dn, errCode: unsubscribed.errCode }, `MonitorStop failed after the logout: ${unsubscribed.errMessage}`);
        }
        await this.closeNow(this.cancelOutage());
        return ACTIVITY_SUCCESS;
      } finally {
        unmuteAll();
        unmute();
      }
    });
  }

  /**
   * SetAgentReady / SetAgentNotReady: one SetAgentState on the open link. Success only means the
   * ACD accepted; the new state reaches the desktop when the server's agent event does.
   */
  setAgentState(activity: string, change: AgentStateRequest): Promise<ActivityResult> {
    const { dn, agentId, state, reasonCode } = change;
    const facts: Facts = { ...(dn === undefined ? {} : { dn }), agentId, agentState: state, ...(reasonCode === undefined ? {} : { reasonCode }) };
    return this.whenUp(activity, facts, async () => {
      try {
        await this.requireLink().setAgentState(agentId, state, reasonCode, dn === undefined ? {} : { dn });
        return ACTIVITY_SUCCESS;
      } catch (error) {
        return this.failed(activity, error, facts);
      }
    });
  }

  /**
   * A call-control activity on the open link for extension `dn`: `act` reads the switch's view if
   * it must find a call, and sends its request. Like SetAgentState it does not open a link (without
   * the monitor the events it causes could not reach the desktop), and success only means the
   * switch accepted: Held, Established… reach the desktop as the switch's events.
   */
  callControl(activity: string, dn: string, act: (ops: CallControlOps) => Promise<ActivityResult>): Promise<ActivityResult> {
    return this.whenUp(activity, { dn }, async () => {
      try {
        const link = this.requireLink();
        const { logger } = this.deps;
        return await act({
          calls: async () => (await link.snapshotDevice(dn)).calls,
          knownCallData: (callId) => ({ ...this.monitors.forDn(dn)?.calls.get(callId)?.callData }),
          send: async (body, facts) => {
            const response = await link.callControl(body, { dn, ...facts });
            logger.info({ activity, DN: dn, request: body.type, ...facts, result: response.result }, `${body.type} accepted by the CTI server`);
          },
        });
      } catch (error) {
        return this.failed(activity, error, { dn });
      }
    });
  }

  /** Runs `job` in turn, unless the link is down and the session reconnecting: then it fails at once, without waiting its turn. */
  private whenUp(activity: string, facts: Facts, job: () => Promise<ActivityResult>): Promise<ActivityResult> {
    const outage = this.outage;
    if (outage !== null) return Promise.resolve(this.failed(activity, new LinkFailure('reconnecting', { reason: outage.reason }), facts));
    return this.queue.run(job);
  }

  private async ensureOpen(activity: string): Promise<ActivityResult> {
    if (this.link?.isOpen === true) return ACTIVITY_SUCCESS;
    if (this.outage !== null) return this.failed(activity, new LinkFailure('reconnecting', { reason: this.outage.reason }), {});
    try {
      this.link = await this.openLink(undefined);
      return ACTIVITY_SUCCESS;
    } catch (error) {
      return this.failed(activity, error, {});
    }
  }

  /** A new link whose events and loss this session handles (a loss only counts once the link is in service). */
  private async openLink(signal: AbortSignal | undefined): Promise<CtiLink> {
    const { settings, logger, timers } = this.deps;
    let opened: CtiLink | null = null;
    opened = await openCtiLink({
      url: settings.ctiUrl,
      user: settings.credentials.user,
      password: settings.credentials.password,
      applicationId: settings.applicationId,
      connectMs: settings.timeouts.connectMs,
      requestMs: settings.timeouts.requestMs,
      logger,
      timers,
      onEvent: (frame) => this.onEvent(frame),
      onLost: (lost) => this.onLost(opened, lost),
      ...(signal === undefined ? {} : { signal }),
    });
    return opened;
  }

  private async subscribeNow(activity: string, dn: string): Promise<ActivityResult> {
    if (this.monitors.forDn(dn) !== undefined) return ACTIVITY_SUCCESS;
    const opened = await this.ensureOpen(activity);
    if (!opened.ok) return opened;
    try {
      await this.requireLink().monitorStart(dn, (monitorId) => this.monitors.bind(dn, monitorId));
      this.deps.logger.info({ DN: dn }, 'extension monitored');
      return ACTIVITY_SUCCESS;
    } catch (error) {
      return this.failed(activity, error, { dn });
    }
  }

  /**
   * The caller has muted `dn`. The subscription is forgotten only once it is over on the switch —
   * stopped, or gone with the link — so a failure the desktop is told of leaves it as it was.
   */
  private async unsubscribeNow(activity: string, dn: string): Promise<ActivityResult> {
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined) return failure('notSubscribed', { ...this.facts(activity), dn });
    const link = this.link;
    // Without an open link (or while the link is being restored) the server-side monitor is already gone.
    if (link === null || !link.isOpen || monitor.monitorId === null) return this.forgotten(dn);
    try {
      await link.monitorStop(monitor.monitorId, dn);
      this.deps.logger.info({ DN: dn }, 'extension no longer monitored');
      return this.forgotten(dn);
    } catch (error) {
      // A link lost under the MonitorStop took the server's monitor with it: the unsubscribe is done,
      // and the monitor must not come back with the reconnect (which waits for this activity's turn).
      if (error instanceof LinkFailure && LINK_GONE.has(error.kind)) return this.forgotten(dn);
      return this.failed(activity, error, { dn });
    }
  }

  private forgotten(dn: string): ActivityResult {
    this.monitors.forget(dn);
    return ACTIVITY_SUCCESS;
  }

  /**
   * The caller has muted everything and cancelled the reconnect under way then (`cancelled`); one the
   * link's loss started since (while the close waited its turn) is cancelled here.
   */
  private async closeNow(cancelled: Outage | null): Promise<void> {
    for (const outage of [cancelled, this.cancelOutage()]) {
      if (outage === null) continue;
      // A connect attempt closes its own link once cancelled; a link waiting for its resync is closed here.
      await outage.connecting;
      await outage.candidate?.close();
    }
    const link = this.link;
    this.link = null;
    const monitors = this.monitors.forgetAll();
    if (link === null || !link.isOpen) return;
    await Promise.all(monitors.map((m) => (m.monitorId === null ? Promise.resolve() : this.stopQuietly(link, m.monitorId, m.dn))));
    await link.close();
    this.deps.logger.info({}, 'adapter closed');
  }

  private async stopMonitorQuietly(activity: string, dn: string): Promise<void> {
    const unmute = this.monitors.mute(dn);
    try {
      const stopped = await this.unsubscribeNow(activity, dn);
      if (!stopped.ok) this.deps.logger.warn({ DN: dn, errCode: stopped.errCode }, `MonitorStop failed while undoing ${activity}: ${stopped.errMessage}`);
    } finally {
      unmute();
    }
  }

  /** The switch's view of `dn`, or null (logged) when it cannot be read: a snapshot is never invented. */
  private async readSnapshot(dn: string, onAnswer?: (snapshot: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'> | null> {
    try {
      return await this.requireLink().snapshotDevice(dn, onAnswer);
    } catch (error) {
      this.deps.logger.warn({ DN: dn, reason: error instanceof Error ? error.message : String(error) }, 'SnapshotDevice failed: no SnapshotEvent delivered');
      return null;
    }
  }

  /** Through the deliver stage, like every event, after the same schema check. */
  private deliverSnapshot(dn: string, event: SnapshotEvent): void {
    const { logger } = this.deps;
    const checked = this.checkEvent(event);
    if (!checked.ok) {
      logger.error({ DN: dn, issues: checked.issues }, 'adapter bug: SnapshotEvent does not match Pega\'s schema and was dropped');
      return;
    }
    try {
      this.deps.stages.deliver({ DN: dn, event }, this.stageContext(dn, this.monitors.forDn(dn)?.calls ?? new CallTable()));
      logger.debug({ DN: dn, pyAgentState: event.pyAgentState, pyDeviceState: event.pyDeviceState }, 'snapshot delivered');
    } catch (error) {
      logger.error({ DN: dn, err: error }, 'delivering the SnapshotEvent failed');
    }
  }

  private onEvent(frame: EventFrame): void {
    const { logger } = this.deps;
    const monitor = this.monitors.forMonitorId(frame.monitorId);
    if (monitor === undefined) {
      logger.debug({ monitorId: frame.monitorId, seq: frame.seq }, 'CTI event dropped: no such monitor on this session');
      return;
    }
    if (!this.monitors.isDelivering(monitor.dn)) {
      logger.debug({ DN: monitor.dn, seq: frame.seq }, 'CTI event dropped: the extension is being unsubscribed or the adapter closed');
      return;
    }
    const verdict = this.monitors.acceptSeq(monitor, frame.seq);
    if (!verdict.fresh) {
      logger.warn({ DN: monitor.dn, seq: frame.seq, lastSeq: verdict.lastSeq }, 'CTI event dropped: duplicate or replayed sequence number');
      return;
    }
    this.process(monitor, frame.event);
  }

  /** One CTI event for one extension: noted (the agent the desktop knows), then through the pipeline. */
  private process(monitor: Monitor, event: EventFrame['event']): void {
    monitor.agent = agentAfter(monitor.agent, event);
    runPipeline(event, this.deps.stages, this.checkEvent, this.stageContext(monitor.dn, monitor.calls));
  }

  // ------------------------------------------------------------------ reconnect (decision 0014)

  /**
   * An open link died. Only the link in service counts (a link a reconnect attempt opened is not in
   * service until its resync starts). The subscriptions stay; each desktop is told the link is down
   * (a DISCONNECTED snapshot), and the reconnect is scheduled, continuing the backoff of an outage
   * whose resync this loss interrupted.
   */
  private onLost(link: CtiLink | null, lost: LinkFailure): void {
    const { logger } = this.deps;
    if (link === null || link !== this.link) {
      logger.debug({ reason: lost.facts.reason }, 'a CTI link not in service dropped');
      return;
    }
    this.link = null;
    const reason = lost.facts.reason ?? 'the link dropped';
    const previous = this.outage;
    this.monitors.suspendAll();
    const extensions = this.monitors.dns();
    logger.error({ reason, extensions }, 'CTI link down: reconnecting');
    for (const dn of extensions) this.deliverLinkDown(dn);
    const outage: Outage = { reason, attempt: previous?.attempt ?? 0, timer: null, connecting: null, candidate: null, abort: new AbortController() };
    this.outage = outage;
    this.schedule(outage);
  }

  /** The desktop of `dn` is told, once, that the link is down: agent Unknown, device CLOSED, link DISCONNECTED. */
  private deliverLinkDown(dn: string): void {
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined || monitor.disconnectedShown || !this.monitors.isDelivering(dn)) return;
    monitor.disconnectedShown = true;
    this.deliverSnapshot(dn, agentUnknownSnapshotEvent(monitor.agent?.agentId ?? '', 'down'));
  }

  private schedule(outage: Outage): void {
    const { settings, logger, timers } = this.deps;
    const delayMs = backoffDelay(outage.attempt, settings.reconnect, this.randomSource());
    outage.attempt += 1;
    logger.info({ attempt: outage.attempt, delayMs }, `reconnecting to the CTI server in ${delayMs} ms`);
    outage.timer = timers.setTimeout(() => {
      outage.timer = null;
      if (this.outage === outage) outage.connecting = this.reconnect(outage);
    }, delayMs);
  }

  /** One attempt: connect and start a session; then the resync takes its turn in the queue. Never rejects. */
  private async reconnect(outage: Outage): Promise<void> {
    const { logger } = this.deps;
    let link: CtiLink;
    try {
      link = await this.openLink(outage.abort.signal);
    } catch (error) {
      if (this.outage !== outage) return;
      logger.warn({ attempt: outage.attempt, reason: error instanceof Error ? error.message : String(error) }, 'reconnect attempt failed');
      this.schedule(outage);
      return;
    }
    if (this.outage !== outage) {
      await link.close();
      return;
    }
    logger.info({ attempt: outage.attempt }, 'CTI link reconnected: resynchronising the extensions');
    outage.candidate = link;
    this.queue.run(() => this.resync(outage, link)).catch((error: unknown) => logger.error({ err: error }, 'resynchronising after the reconnect failed: adapter bug'));
  }

  /**
   * In the queue, so no activity interleaves its requests: MonitorStart for every subscribed
   * extension, then SnapshotDevice, whose answer is compared with what the desktop was told, as it
   * arrives (before any event that follows it). A refused MonitorStart ends that subscription; an
   * unanswered request gives up this link and the backoff goes on.
   */
  private async resync(outage: Outage, link: CtiLink): Promise<void> {
    const { logger } = this.deps;
    outage.candidate = null;
    if (this.outage !== outage) {
      await link.close();
      return;
    }
    if (!link.isOpen) {
      this.schedule(outage);
      return;
    }
    this.link = link;
    const current = (): boolean => this.outage === outage && this.link === link;
    // CloseAdapter now closes this link at once: a resync waiting for an answer must not hold the close up.
    const onClose = (): void => link.abandon('closed by the adapter');
    outage.abort.signal.addEventListener('abort', onClose, { once: true });
    try {
      for (const dn of this.monitors.suspended()) {
        if (!current()) return;
        try {
          await link.monitorStart(dn, (monitorId) => this.monitors.bind(dn, monitorId));
        } catch (error) {
          if (!isRefusal(error)) throw error;
          this.monitors.forget(dn);
          logger.error({ DN: dn, reason: reasonOf(error) }, 'the CTI server refused MonitorStart after the reconnect: the extension is no longer subscribed');
          continue;
        }
        try {
          await link.snapshotDevice(dn, (snapshot) => this.resyncDevice(dn, snapshot));
        } catch (error) {
          if (!isRefusal(error)) throw error;
          logger.warn({ DN: dn, reason: reasonOf(error) }, 'the CTI server refused SnapshotDevice after the reconnect: calls and agent not resynchronised');
          this.deliverLinkUp(dn, null);
        }
      }
    } catch (error) {
      // Unanswered or lost: this link is no good. Dropping it schedules the next attempt (onLost).
      if (current() && link.isOpen) link.drop(`resynchronising after the reconnect failed: ${reasonOf(error)}`);
      return;
    } finally {
      outage.abort.signal.removeEventListener('abort', onClose);
    }
    if (!current()) return;
    this.outage = null;
    logger.info({ extensions: this.monitors.dns(), attempts: outage.attempt }, 'CTI link restored: every extension monitored and resynchronised');
  }

  /** Runs as the SnapshotDevice answer is handled: what `dn` missed, replayed as CTI events, then the CONNECTED snapshot. */
  private resyncDevice(dn: string, snapshot: ResultOf<'SnapshotDevice'>): void {
    const { logger } = this.deps;
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined || !this.monitors.isDelivering(dn)) return;
    try {
      const agentEvent = missedAgentEvent(dn, monitor.agent, snapshot);
      const missed = [...missedCallEvents(dn, monitor.calls, snapshot), ...(agentEvent === undefined ? [] : [agentEvent])];
      logger.info({ DN: dn, missed: missed.map((e) => ('callId' in e ? `${e.name} ${e.callId}` : e.name)) }, 'resynchronising the extension from the switch snapshot');
      for (const event of missed) this.process(monitor, event);
      monitor.agent = agentInSnapshot(snapshot, monitor.agent);
    } catch (error) {
      logger.error({ DN: dn, err: error }, 'resynchronising from the snapshot failed');
    }
    this.deliverLinkUp(dn, snapshot);
  }

  /** The desktop of `dn` is told the link is back: the switch's snapshot (agent Unknown without one), device OPENED, link CONNECTED. */
  private deliverLinkUp(dn: string, snapshot: ResultOf<'SnapshotDevice'> | null): void {
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined || !this.monitors.isDelivering(dn)) return;
    monitor.disconnectedShown = false;
    const agentId = monitor.agent?.agentId ?? '';
    this.deliverSnapshot(dn, snapshot === null ? agentUnknownSnapshotEvent(agentId, 'up') : snapshotEvent(snapshot, { agentId, deviceState: 'OPENED', linkState: 'CONNECTED' }));
  }

  /** Stops reconnecting now: no timer left, the connect attempt given up. Returns the cancelled outage, if any. */
  private cancelOutage(): Outage | null {
    const outage = this.outage;
    if (outage === null) return null;
    this.outage = null;
    if (outage.timer !== null) this.deps.timers.clearTimeout(outage.timer);
    outage.timer = null;
    outage.abort.abort();
    this.deps.logger.info({ attempts: outage.attempt }, 'reconnecting stopped: the adapter is closing');
    return outage;
  }

  /** Seeded once, at the first loss, from the link's settings and the extensions subscribed then; an injected source wins. */
  private randomSource(): RandomSource {
    if (this.random === null) {
      const injected = this.deps.random;
      if (injected !== undefined) this.random = injected;
      else {
        const { ctiUrl, credentials, applicationId } = this.deps.settings;
        const seed = seedFrom([ctiUrl, credentials.user, applicationId, ...this.monitors.dns()].join('|'));
        this.deps.logger.info({ seed }, 'reconnect jitter seeded');
        this.random = seededRandom(seed);
      }
    }
    return this.random;
  }

  private stageContext(thisDN: string, calls: CallTable): StageContext {
    const { settings, capabilities, sink, logger } = this.deps;
    return { mode: settings.mode, thisDN, calls, capabilities, sink, logger };
  }

  private async stopQuietly(link: CtiLink, monitorId: string, dn: string): Promise<void> {
    try {
      await link.monitorStop(monitorId, dn);
    } catch (error) {
      this.deps.logger.warn({ DN: dn, reason: error instanceof Error ? error.message : String(error) }, 'MonitorStop failed while closing');
    }
  }

  private requireLink(): CtiLink {
    if (this.outage !== null) throw new LinkFailure('reconnecting', { reason: this.outage.reason });
    if (this.link === null) throw new LinkFailure('notOpen', {});
    return this.link;
  }

  private facts(activity: string): FailureFacts {
    return { activity, server: this.server, user: this.deps.settings.credentials.user };
  }

  private failed(activity: string, error: unknown, facts: Facts): ActivityResult {
    // A request on a link that died before it was sent: say the adapter is getting the link back.
    if (error instanceof LinkFailure && error.kind === 'notOpen' && this.outage !== null) error = new LinkFailure('reconnecting', { ...error.facts, reason: this.outage.reason });
    if (error instanceof LinkFailure) {
      this.deps.logger.warn({ activity, kind: error.kind, ...facts, ...error.facts }, `${activity} failed: ${error.message}`);
      return failure(error.kind, { ...this.facts(activity), ...facts, ...error.facts });
    }
    this.deps.logger.error({ activity, err: error }, `${activity} failed: adapter bug`);
    return failure('internal', { activity });
  }
}

/** The CTI server answered with an Error: it refused, so nothing changed at the ACD. */
function isRefusal(error: unknown): boolean {
  return error instanceof LinkFailure && Object.hasOwn(WIRE_ERROR_CODES, error.kind);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** host:port only: the URL may carry user info, which must not reach a CSR's screen. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}
