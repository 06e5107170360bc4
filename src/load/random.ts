/**
 * Seeded randomness for load runs: a small, well-known PRNG (sfc32, seeded through splitmix32) and
 * the distributions a contact centre's traffic is drawn from. Each stream is labelled and seeded
 * from (seed, label), so adding a new random choice never shifts the draws of another stream.
 */

/** A stream of uniform numbers in [0, 1). */
export interface Random {
  next(): number;
}

/** 32-bit seeds: what `--seed` accepts and what a summary records. */
export const MAX_SEED = 0xffff_ffff;

/** FNV-1a of a label, so a stream's seed depends on its name, not on the order streams are made. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** splitmix32: spreads one 32-bit seed over the four words sfc32 needs. */
function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, from PractRand). */
export function sfc32(seed: number): Random {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** The stream labelled `label` of run `seed`. */
export function stream(seed: number, label: string): Random {
  return sfc32((seed ^ hashLabel(label)) >>> 0);
}

/** A fresh seed when none is given (printed and recorded, so the run replays with `--seed`). */
export function freshSeed(): number {
  return Math.floor(Math.random() * MAX_SEED) >>> 0;
}

/** Exponential with the given mean (0 → always 0). */
export function exponential(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  return -mean * Math.log(1 - random.next());
}

/** Standard normal by Box–Muller (one value per two uniforms: simple, and the stream stays aligned). */
export function normal(random: Random): number {
  const u = 1 - random.next();
  const v = random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal with the given mean and log-space spread sigma: mu = ln(mean) - sigma²/2. */
export function lognormal(random: Random, mean: number, sigma: number): number {
  if (mean <= 0) return 0;
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return Math.exp(mu + sigma * normal(random));
}

/** A whole number in [0, n). */
export function below(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random.next() * n));
}
