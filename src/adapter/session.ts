/**
 * One CSR's adapter session: the CTI link, the monitored extensions, and the lifecycle operations
 * the activities are made of. Operations run one at a time; the gates that stop delivery are
 * closed synchronously, the moment UnSubscribeForEvents or CloseAdapter is called.
 */
import type { EventFrame } from '../contract/cti-wire/frames.ts';
import { ACTIVITY_SUCCESS, type ActivityResult } from '../contract/pega/errors.ts';
import type { AdapterLogger, EventSink } from '../contract/pega/face.ts';
import type { ReferenceSettings } from './config/settings.ts';
import { failure, LinkFailure, type FailureFacts } from './errors.ts';
import { CtiLink } from './link/cti-link.ts';
import { MonitorRegistry, type Monitor } from './monitors/registry.ts';
import { runPipeline } from './pipeline/run.ts';
import type { DeviceCapabilities, PipelineStages, StageContext } from './pipeline/types.ts';
import { createPegaEventCheck } from './pipeline/validate.ts';
import { SerialQueue } from './serial-queue.ts';

export interface SessionDeps {
  readonly settings: ReferenceSettings;
  readonly stages: PipelineStages;
  readonly capabilities: DeviceCapabilities;
  readonly sink: EventSink;
  readonly logger: AdapterLogger;
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
    return this.queue.run(async () => {
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
    });
  }

  /** Stops monitoring `dn`; no event for it is delivered from this call on. */
  unsubscribe(activity: string, dn: string): Promise<ActivityResult> {
    const unmute = this.monitors.mute(dn);
    return this.queue.run(async () => {
      try {
        const monitor = this.monitors.forget(dn);
        if (monitor === undefined) return failure('notSubscribed', { ...this.facts(activity), dn });
        const link = this.link;
        // Without an open link the server-side monitor is already gone.
        if (link === null || !link.isOpen) return ACTIVITY_SUCCESS;
        await link.monitorStop(monitor.monitorId, dn);
        this.deps.logger.info({ DN: dn }, 'extension no longer monitored');
        return ACTIVITY_SUCCESS;
      } catch (error) {
        return this.failed(activity, error, { dn });
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
        const link = this.link;
        this.link = null;
        const monitors = this.monitors.forgetAll();
        if (link === null || !link.isOpen) return ACTIVITY_SUCCESS;
        await Promise.all(monitors.map((m) => this.stopQuietly(link, m)));
        await link.close();
        this.deps.logger.info({}, 'adapter closed');
        return ACTIVITY_SUCCESS;
      } finally {
        unmute();
      }
    });
  }

  private async ensureOpen(activity: string): Promise<ActivityResult> {
    if (this.link?.isOpen === true) return ACTIVITY_SUCCESS;
    const { settings, logger } = this.deps;
    try {
      this.link = await CtiLink.open({
        url: settings.ctiUrl,
        user: settings.credentials.user,
        password: settings.credentials.password,
        applicationId: settings.applicationId,
        connectMs: settings.timeouts.connectMs,
        requestMs: settings.timeouts.requestMs,
        logger,
        onEvent: (frame) => this.onEvent(frame),
        onLost: (lost) => this.onLost(lost),
      });
      return ACTIVITY_SUCCESS;
    } catch (error) {
      return this.failed(activity, error, {});
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
    runPipeline(frame.event, this.deps.stages, this.checkEvent, this.stageContext(monitor));
  }

  private onLost(lost: LinkFailure): void {
    const dropped = this.monitors.forgetAll().map((m) => m.dn);
    this.link = null;
    this.deps.logger.error({ reason: lost.facts.reason, unmonitored: dropped }, 'CTI link down: extensions are no longer monitored');
  }

  private stageContext(monitor: Monitor): StageContext {
    const { settings, capabilities, sink, logger } = this.deps;
    return { mode: settings.mode, thisDN: monitor.dn, calls: monitor.calls, capabilities, sink, logger };
  }

  private async stopQuietly(link: CtiLink, monitor: Monitor): Promise<void> {
    try {
      await link.monitorStop(monitor.monitorId, monitor.dn);
    } catch (error) {
      this.deps.logger.warn({ DN: monitor.dn, reason: error instanceof Error ? error.message : String(error) }, 'MonitorStop failed while closing');
    }
  }

  private requireLink(): CtiLink {
    if (this.link === null) throw new LinkFailure('notOpen', {});
    return this.link;
  }

  private facts(activity: string): FailureFacts {
    return { activity, server: this.server, user: this.deps.settings.credentials.user };
  }

  private failed(activity: string, error: unknown, facts: Pick<FailureFacts, 'dn'>): ActivityResult {
    if (error instanceof LinkFailure) {
      this.deps.logger.warn({ activity, kind: error.kind, ...error.facts, ...facts }, `${activity} failed: ${error.message}`);
      return failure(error.kind, { ...this.facts(activity), ...facts, ...error.facts });
    }
    this.deps.logger.error({ activity, err: error }, `${activity} failed: adapter bug`);
    return failure('internal', { activity });
  }
}

/** host:port only: the URL may carry user info, which must not reach a CSR's screen. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured address';
  }
}
