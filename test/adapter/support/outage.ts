/**
 * A lab whose CTI link can be dropped and restored on a manual clock (decision 0014). The random
 * source is fixed at 0 unless a test gives one, so every reconnect waits exactly reconnectMinMs.
 */
import type { EventDelivery, PegaEventOf } from '../../../src/contract/pega/events.ts';
import type { LogEntry } from './recorders.ts';
import { startLab, type Lab, type LabOptions } from './lab.ts';
import { ManualTimers } from './manual-timers.ts';

export const RECONNECT_MIN_MS = 100;
export const RECONNECT_MAX_MS = 1600;

const isDown = (e: LogEntry): boolean => e.msg === 'CTI link down: reconnecting';
const isRestored = (e: LogEntry): boolean => e.msg.startsWith('CTI link restored');
const isFailedAttempt = (e: LogEntry): boolean => e.msg === 'reconnect attempt failed';

export interface OutageLab extends Lab {
  readonly timers: ManualTimers;
  /** Drops the link from the server side and waits until the adapter has noticed. */
  drop(): Promise<void>;
  /** Waits until the adapter noticed the link is down (however it went down). */
  noticedDown(): Promise<void>;
  /** Moves the clock by the reconnect wait and waits until every extension is resynchronised. */
  reconnect(): Promise<void>;
  /** Waits until `count` reconnect attempts have failed in all. */
  attemptsFailed(count: number): Promise<void>;
  restoredCount(): number;
}

export async function outageLab(t: { after: (fn: () => Promise<void>) => void }, options: LabOptions = {}): Promise<OutageLab> {
  const timers = new ManualTimers();
  const lab = await startLab({
    reconnectMinMs: RECONNECT_MIN_MS,
    reconnectMaxMs: RECONNECT_MAX_MS,
    ...options,
    overrides: { timers, random: () => 0, ...options.overrides },
  });
  t.after(() => lab.stop());
  const count = (predicate: (e: LogEntry) => boolean): number => lab.logger.entries.filter(predicate).length;
  let downs = 0;
  let restores = 0;
  const noticedDown = async (): Promise<void> => {
    downs += 1;
    await lab.logger.waitForCount(isDown, downs, 'CTI link down');
  };
  return {
    ...lab,
    timers,
    noticedDown,
    async drop() {
      lab.server.dropConnections();
      await noticedDown();
    },
    async reconnect() {
      restores += 1;
      timers.advance(options.reconnectMinMs ?? RECONNECT_MIN_MS);
      await lab.logger.waitForCount(isRestored, restores, 'CTI link restored');
    },
    async attemptsFailed(total) {
      await lab.logger.waitForCount(isFailedAttempt, total, 'failed reconnect attempts');
    },
    restoredCount: () => count(isRestored),
  };
}

type SnapshotEvent = PegaEventOf<'SnapshotEvent'>;

/** `DN:LinkState` of each SnapshotEvent delivered. */
export function linkStates(deliveries: readonly EventDelivery[]): string[] {
  return deliveries.flatMap((d) => (d.event.pyEventType === 'SnapshotEvent' ? [`${d.DN}:${d.event.pyLinkState}`] : []));
}

export function snapshots(deliveries: readonly EventDelivery[]): { DN: string; event: SnapshotEvent }[] {
  return deliveries.flatMap((d) => (d.event.pyEventType === 'SnapshotEvent' ? [{ DN: d.DN, event: d.event }] : []));
}

/** Delay (ms) of every scheduled reconnect, in order, as the adapter logged them. */
export function scheduledDelays(lab: Lab): number[] {
  return lab.logger.entries.flatMap((e) =>
    e.msg.startsWith('reconnecting to the CTI server in') && 'delayMs' in e.obj && typeof e.obj.delayMs === 'number' ? [e.obj.delayMs] : [],
  );
}
