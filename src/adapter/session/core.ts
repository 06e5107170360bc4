/**
 * The state of one CSR's adapter session and the operations every job shares: the link, the
 * monitored extensions, the queue that runs operations one at a time, the gates, opening and
 * subscribing, snapshots, event delivery, and how a failure becomes the activity's result.
 * The jobs build on it: reconnect.ts (the link lost and restored, decision 0014), agent.ts (agent
 * activities), ../session.ts (the activities' entry points and call control).
 */
import { WIRE_ERROR_CODES, type EventFrame, type ResultOf } from '../../contract/cti-wire/frames.ts';
import { ACTIVITY_SUCCESS, type ActivityResult } from '../../contract/pega/errors.ts';
import type { AdapterLogger, EventSink } from '../../contract/pega/face.ts';
import type { SnapshotEvent } from '../agent/snapshot.ts';
import type { ReferenceSettings } from '../config/settings.ts';
import { failure, LinkFailure, type FailureFacts } from '../errors.ts';
import type { CtiLink } from '../link/link.ts';
import { openCtiLink } from '../link/open.ts';
import { MonitorRegistry, type Monitor } from '../monitors/registry.ts';
import { agentAfter } from '../monitors/resync.ts';
import { CallTable } from '../pipeline/call-table.ts';
import { runPipeline } from '../pipeline/run.ts';
import type { DeviceCapabilities, PipelineStages, StageContext } from '../pipeline/types.ts';
import { createPegaEventCheck } from '../pipeline/validate.ts';
import type { RandomSource } from '../random.ts';
import { SerialQueue } from '../serial-queue.ts';
import type { TimerHandle, Timers } from '../timers.ts';

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
export interface Outage {
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

export type Facts = Pick<FailureFacts, 'dn' | 'agentId' | 'reasonCode' | 'agentState'>;

export abstract class SessionCore {
  protected link: CtiLink | null = null;
  /** Non-null while the link is down and the session reconnects, until every extension is resynchronised. */
  protected outage: Outage | null = null;
  protected random: RandomSource | null = null;
  protected readonly monitors = new MonitorRegistry();
  protected readonly queue = new SerialQueue();
  protected readonly checkEvent = createPegaEventCheck();
  private readonly server: string;

  constructor(protected readonly deps: SessionDeps) {
    this.server = hostOf(deps.settings.ctiUrl);
  }

  /** An open link died: reconnect.ts. */
  protected abstract onLost(link: CtiLink | null, lost: LinkFailure): void;

  /** Runs `job` in turn, unless the link is down and the session reconnecting: then it fails at once, without waiting its turn. */
  protected whenUp(activity: string, facts: Facts, job: () => Promise<ActivityResult>): Promise<ActivityResult> {
    const outage = this.outage;
    if (outage !== null) return Promise.resolve(this.failed(activity, new LinkFailure('reconnecting', { reason: outage.reason }), facts));
    return this.queue.run(job);
  }

  protected async ensureOpen(activity: string): Promise<ActivityResult> {
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
  protected async openLink(signal: AbortSignal | undefined): Promise<CtiLink> {
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

  protected async subscribeNow(activity: string, dn: string): Promise<ActivityResult> {
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
  protected async unsubscribeNow(activity: string, dn: string): Promise<ActivityResult> {
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

  protected forgotten(dn: string): ActivityResult {
    this.monitors.forget(dn);
    return ACTIVITY_SUCCESS;
  }

  /**
   * The caller has muted everything and cancelled the reconnect under way then (`cancelled`); one the
   * link's loss started since (while the close waited its turn) is cancelled here.
   */
  protected async closeNow(cancelled: Outage | null): Promise<void> {
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

  protected async stopMonitorQuietly(activity: string, dn: string): Promise<void> {
    const unmute = this.monitors.mute(dn);
    try {
      const stopped = await this.unsubscribeNow(activity, dn);
      if (!stopped.ok) this.deps.logger.warn({ DN: dn, errCode: stopped.errCode }, `MonitorStop failed while undoing ${activity}: ${stopped.errMessage}`);
    } finally {
      unmute();
    }
  }

  /** The switch's view of `dn`, or null (logged) when it cannot be read: a snapshot is never invented. */
  protected async readSnapshot(dn: string, onAnswer?: (snapshot: ResultOf<'SnapshotDevice'>) => void): Promise<ResultOf<'SnapshotDevice'> | null> {
    try {
      return await this.requireLink().snapshotDevice(dn, onAnswer);
    } catch (error) {
      this.deps.logger.warn({ DN: dn, reason: error instanceof Error ? error.message : String(error) }, 'SnapshotDevice failed: no SnapshotEvent delivered');
      return null;
    }
  }

  /** Through the deliver stage, like every event, after the same schema check. */
  protected deliverSnapshot(dn: string, event: SnapshotEvent): void {
    const { logger } = this.deps;
    const checked = this.checkEvent(event);
    if (!checked.ok) {
      logger.error({ DN: dn, issues: checked.issues }, "adapter bug: SnapshotEvent does not match Pega's schema and was dropped");
      return;
    }
    try {
      this.deps.stages.deliver({ DN: dn, event }, this.stageContext(dn, this.monitors.forDn(dn)?.calls ?? new CallTable()));
      logger.debug({ DN: dn, pyAgentState: event.pyAgentState, pyDeviceState: event.pyDeviceState }, 'snapshot delivered');
    } catch (error) {
      logger.error({ DN: dn, err: error }, 'delivering the SnapshotEvent failed');
    }
  }

  protected onEvent(frame: EventFrame): void {
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
    // The switch's own word that a call is over (not a resync's inference): it may give the id to a new call (decision 0150).
    if (frame.event.name === 'CallCleared') monitor.calls.cleared(frame.event.callId);
    this.process(monitor, frame.event);
  }

  /** One CTI event for one extension: noted (the agent the desktop knows), then through the pipeline. */
  protected process(monitor: Monitor, event: EventFrame['event']): void {
    monitor.agent = agentAfter(monitor.agent, event);
    runPipeline(event, this.deps.stages, this.checkEvent, this.stageContext(monitor.dn, monitor.calls));
  }

  /** Stops reconnecting now: no timer left, the connect attempt given up. Returns the cancelled outage, if any. */
  protected cancelOutage(): Outage | null {
    const outage = this.outage;
    if (outage === null) return null;
    this.outage = null;
    if (outage.timer !== null) this.deps.timers.clearTimeout(outage.timer);
    outage.timer = null;
    outage.abort.abort();
    this.deps.logger.info({ attempts: outage.attempt }, 'reconnecting stopped: the adapter is closing');
    return outage;
  }

  protected stageContext(thisDN: string, calls: CallTable): StageContext {
    const { settings, capabilities, sink, logger } = this.deps;
    return { mode: settings.mode, thisDN, calls, capabilities, sink, logger };
  }

  protected async stopQuietly(link: CtiLink, monitorId: string, dn: string): Promise<void> {
    try {
      await link.monitorStop(monitorId, dn);
    } catch (error) {
      this.deps.logger.warn({ DN: dn, reason: error instanceof Error ? error.message : String(error) }, 'MonitorStop failed while closing');
    }
  }

  protected requireLink(): CtiLink {
    if (this.outage !== null) throw new LinkFailure('reconnecting', { reason: this.outage.reason });
    if (this.link === null) throw new LinkFailure('notOpen', {});
    return this.link;
  }

  protected facts(activity: string): FailureFacts {
    return { activity, server: this.server, user: this.deps.settings.credentials.user };
  }

  protected failed(activity: string, error: unknown, facts: Facts): ActivityResult {
    // A request on a link that died before it was sent: say the adapter is getting the link back.
    if (error instanceof LinkFailure && error.kind === 'notOpen' && this.outage !== null)
      error = new LinkFailure('reconnecting', { ...error.facts, reason: this.outage.reason });
    if (error instanceof LinkFailure) {
      this.deps.logger.warn({ activity, kind: error.kind, ...facts, ...error.facts }, `${activity} failed: ${error.message}`);
      return failure(error.kind, { ...this.facts(activity), ...facts, ...error.facts });
    }
    this.deps.logger.error({ activity, err: error }, `${activity} failed: adapter bug`);
    return failure('internal', { activity });
  }
}

/** The CTI server answered with an Error: it refused, so nothing changed at the ACD. */
export function isRefusal(error: unknown): boolean {
  return error instanceof LinkFailure && Object.hasOwn(WIRE_ERROR_CODES, error.kind);
}

export function reasonOf(error: unknown): string {
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
