/**
 * How long to wait before each reconnect attempt (decision 0014): exponential, capped, with full
 * jitter above a floor. Retry n (0 = the first) waits a whole number of milliseconds drawn
 * uniformly from [minMs, min(maxMs, minMs * 2^(n+1))]: never sooner than minMs, never later than
 * maxMs, and never the same moment for every desktop of a CTI server that just came back.
 */
import type { RandomSource } from '../random.ts';

export interface BackoffSettings {
  readonly minMs: number;
  readonly maxMs: number;
}

/** The upper bound of retry `attempt`'s wait. */
export function backoffCeiling(attempt: number, { minMs, maxMs }: BackoffSettings): number {
  // 2^31 already exceeds any maxMs the settings allow; stop doubling there.
  const factor = 2 ** Math.min(Math.max(attempt, 0) + 1, 31);
  return Math.max(minMs, Math.min(maxMs, minMs * factor));
}

export function backoffDelay(attempt: number, settings: BackoffSettings, random: RandomSource): number {
  const ceiling = backoffCeiling(attempt, settings);
  const span = ceiling - settings.minMs;
  const draw = random();
  // A source outside [0, 1) must not push the wait outside its bounds.
  const unit = Number.isFinite(draw) ? Math.min(Math.max(draw, 0), 1 - Number.EPSILON) : 0;
  return settings.minMs + Math.floor(unit * (span + 1));
}
