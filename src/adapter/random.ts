/**
 * The adapter's only source of randomness: the jitter of the reconnect backoff. Seeded, so a run
 * replays the same delays; tests inject their own source, as they inject the timers.
 */

/** Returns a number in [0, 1), like Math.random (which the adapter never calls). */
export type RandomSource = () => number;

/** mulberry32: a small, fast 32-bit generator; plenty for spreading reconnects apart. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from text (FNV-1a), so a seed can be derived from settings and extensions. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
