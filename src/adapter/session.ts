/**
 * One CSR's adapter session: the CTI link, the monitored extensions, and the operations the
 * activities are made of. Operations run one at a time; the gates that stop delivery are closed
 * synchronously, the moment UnSubscribeForEvents or CloseAdapter is called.
 *
 * Agent operations (agent-state and Full telephony) never report a state change themselves: the
 * AgentStateEvents come from the CTI server's events; the only events the session makes are the
 * SnapshotEvents after LoginAgent and LogoutAgent, built from the server's SnapshotDevice answer.
 */
import { WIRE_ERROR_CODES, type CallData, type EventFrame, type ResultOf, type SnapshotCall } from '../contract/cti-wire/frames.ts';
import { ACTIVITY_SUCCESS, type ActivityResult } from '../contract/pega/errors.ts';
import type { AdapterLogger, EventSink } from '../contract/pega/face.ts';
import { snapshotEvent, type SnapshotEvent } from './agent/snapshot.ts';
import type { ReferenceSettings } from './config/settings.ts';
import { failure, LinkFailure, type FailureFacts, type RequestedState } from './errors.ts';
import { CtiLink, type CallControlBody } from './link/cti-link.ts';
import { MonitorRegistry } from './monitors/registry.ts';
import { CallTable } from './pipeline/call-table.ts';
import { runPipeline } from './pipeline/run.ts';
import type { DeviceCapabilities, PipelineStages, StageContext } from './pipeline/types.ts';
import { createPegaEventCheck } from './pipeline/validate.ts';
import { SerialQueue } from './serial-queue.ts';
import type { Timers } from './timers.ts';

export interface SessionDeps {
  readonly settings: ReferenceSettings;
  readonly stages: PipelineStages;
  readonly capabilities: DeviceCapabilities;
  readonly sink: EventSink;
  readonly logger: AdapterLogger;
  readonly timers: Timers;
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
  private readonly monitors = new MonitorRegistry();
  private readonly queue = new SerialQueue();
  private readonly checkEvent = createPegaEventCheck();
  private readonly server: string;

  constructor(private readonly deps: SessionDeps) {
    this.server = hostOf(deps.settings.ctiUrl);
  }

  /** Connects and starts the application session; succeeds at once when already open. */
  open(activity: string): Promise<ActivityResult> {
    return this.queue.run(() => this.ensureOpen(activity));
  }

  /** Monitors `dn`, opening the link first if needed. Subscribing twice is one subscription. */
  subscribe(activity: string, dn: string): Promise<ActivityResult> {
    return this.queue.run(() => this.subscribeNow(activity, dn));
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

  /** Stops every monitor, ends the application session and closes the socket; best effort, always succeeds. */
  close(): Promise<ActivityResult> {
    const unmute = this.monitors.muteAll();
    return this.queue.run(async () => {
      try {
        await this.closeNow();
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
    return this.queue.run(async () => {
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
      const snapshot = await this.readSnapshot(dn);
      if (snapshot !== null && this.monitors.isDelivering(dn)) {
        this.deliverSnapshot(dn, snapshotEvent(snapshot, { agentId, deviceState: 'OPENED', linkState: 'CONNECTED' }));
      }
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
    return this.queue.run(async () => {
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
        await this.closeNow();
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
    return this.queue.run(async () => {
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
    return this.queue.run(async () => {
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

  private async ensureOpen(activity: string): Promise<ActivityResult> {
    if (this.link?.isOpen === true) return ACTIVITY_SUCCESS;
    const { settings, logger, timers } = this.deps;
    try {
      this.link = await CtiLink.open({
        url: settings.ctiUrl,
        user: settings.credentials.user,
        password: settings.credentials.password,
        applicationId: settings.applicationId,
        connectMs: settings.timeouts.connectMs,
        requestMs: settings.timeouts.requestMs,
        logger,
        timers,
        onEvent: (frame) => this.onEvent(frame),
        onLost: (lost) => this.onLost(lost),
      });
      return ACTIVITY_SUCCESS;
    } catch (error) {
      return this.failed(activity, error, {});
    }
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

  /** The caller has muted `dn`. */
  private async unsubscribeNow(activity: string, dn: string): Promise<ActivityResult> {
    const monitor = this.monitors.forget(dn);
    if (monitor === undefined) return failure('notSubscribed', { ...this.facts(activity), dn });
    const link = this.link;
    // Without an open link the server-side monitor is already gone.
    if (link === null || !link.isOpen) return ACTIVITY_SUCCESS;
    try {
      await link.monitorStop(monitor.monitorId, dn);
      this.deps.logger.info({ DN: dn }, 'extension no longer monitored');
      return ACTIVITY_SUCCESS;
    } catch (error) {
      return this.failed(activity, error, { dn });
    }
  }

  /** The caller has muted everything. */
  private async closeNow(): Promise<void> {
    const link = this.link;
    this.link = null;
    const monitors = this.monitors.forgetAll();
    if (link === null || !link.isOpen) return;
    await Promise.all(monitors.map((m) => this.stopQuietly(link, m.monitorId, m.dn)));
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
  private async readSnapshot(dn: string): Promise<ResultOf<'SnapshotDevice'> | null> {
    try {
      return await this.requireLink().snapshotDevice(dn);
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
    runPipeline(frame.event, this.deps.stages, this.checkEvent, this.stageContext(monitor.dn, monitor.calls));
  }

  private onLost(lost: LinkFailure): void {
    const dropped = this.monitors.forgetAll().map((m) => m.dn);
    this.link = null;
    this.deps.logger.error({ reason: lost.facts.reason, unmonitored: dropped }, 'CTI link down: extensions are no longer monitored');
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
    if (this.link === null) throw new LinkFailure('notOpen', {});
    return this.link;
  }

  private facts(activity: string): FailureFacts {
    return { activity, server: this.server, user: this.deps.settings.credentials.user };
  }

  private failed(activity: string, error: unknown, facts: Facts): ActivityResult {
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

/** host:port only: the URL may carry user info, which must not reach a CSR's screen. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}
