/**
 * When an open link drops, the session reconnects on its own (decision 0014): a backoff with
 * jitter on the injected timers and random source, then a new application session, MonitorStart
 * for every subscribed extension and, per extension, SnapshotDevice, whose answer is compared with
 * what the desktop was told: what it missed is replayed through the pipeline as the CTI events it
 * would have got. Until then every activity that needs the link fails at once with 503.
 */
import type { ResultOf } from '../../contract/cti-wire/frames.ts';
import { agentUnknownSnapshotEvent, snapshotEvent } from '../agent/snapshot.ts';
import type { LinkFailure } from '../errors.ts';
import { backoffDelay } from '../link/backoff.ts';
import type { CtiLink } from '../link/link.ts';
import { agentInSnapshot, missedAgentEvent, missedCallEvents } from '../monitors/resync.ts';
import { seededRandom, seedFrom, type RandomSource } from '../random.ts';
import { isRefusal, reasonOf, SessionCore, type Outage } from './core.ts';

export abstract class ReconnectingSession extends SessionCore {
  /**
   * An open link died. Only the link in service counts (a link a reconnect attempt opened is not in
   * service until its resync starts). The subscriptions stay; each desktop is told the link is down
   * (a DISCONNECTED snapshot), and the reconnect is scheduled, continuing the backoff of an outage
   * whose resync this loss interrupted.
   */
  protected onLost(link: CtiLink | null, lost: LinkFailure): void {
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
  protected deliverLinkDown(dn: string): void {
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined || monitor.disconnectedShown || !this.monitors.isDelivering(dn)) return;
    monitor.disconnectedShown = true;
    this.deliverSnapshot(dn, agentUnknownSnapshotEvent(monitor.agent?.agentId ?? '', 'down'));
  }

  protected schedule(outage: Outage): void {
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
  protected async reconnect(outage: Outage): Promise<void> {
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
    this.queue
      .run(() => this.resync(outage, link))
      .catch((error: unknown) => logger.error({ err: error }, 'resynchronising after the reconnect failed: adapter bug'));
  }

  /**
   * In the queue, so no activity interleaves its requests: MonitorStart for every subscribed
   * extension, then SnapshotDevice, whose answer is compared with what the desktop was told, as it
   * arrives (before any event that follows it). A refused MonitorStart ends that subscription; an
   * unanswered request gives up this link and the backoff goes on.
   */
  protected async resync(outage: Outage, link: CtiLink): Promise<void> {
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
  protected resyncDevice(dn: string, snapshot: ResultOf<'SnapshotDevice'>): void {
    const { logger } = this.deps;
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined || !this.monitors.isDelivering(dn)) return;
    try {
      const agentEvent = missedAgentEvent(dn, monitor.agent, snapshot);
      const missed = [...missedCallEvents(dn, monitor.calls, snapshot), ...(agentEvent === undefined ? [] : [agentEvent])];
      logger.info(
        { DN: dn, missed: missed.map((e) => ('callId' in e ? `${e.name} ${e.callId}` : e.name)) },
        'resynchronising the extension from the switch snapshot',
      );
      for (const event of missed) this.process(monitor, event);
      monitor.agent = agentInSnapshot(snapshot, monitor.agent);
    } catch (error) {
      logger.error({ DN: dn, err: error }, 'resynchronising from the snapshot failed');
    }
    this.deliverLinkUp(dn, snapshot);
  }

  /** The desktop of `dn` is told the link is back: the switch's snapshot (agent Unknown without one), device OPENED, link CONNECTED. */
  protected deliverLinkUp(dn: string, snapshot: ResultOf<'SnapshotDevice'> | null): void {
    const monitor = this.monitors.forDn(dn);
    if (monitor === undefined || !this.monitors.isDelivering(dn)) return;
    monitor.disconnectedShown = false;
    const agentId = monitor.agent?.agentId ?? '';
    this.deliverSnapshot(
      dn,
      snapshot === null ? agentUnknownSnapshotEvent(agentId, 'up') : snapshotEvent(snapshot, { agentId, deviceState: 'OPENED', linkState: 'CONNECTED' }),
    );
  }

  /** Seeded once, at the first loss, from the link's settings and the extensions subscribed then; an injected source wins. */
  protected randomSource(): RandomSource {
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
}
