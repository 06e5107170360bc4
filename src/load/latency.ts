/**
 * Event-to-notification latencies: every sample of the run (for exact percentiles at the end), the
 * samples of the current progress window, and a log-scale histogram for the picture.
 */

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Log-scale buckets: BUCKETS_PER_DECADE per factor of ten, from FIRST_EDGE_MS up. */
export const FIRST_EDGE_MS = 0.01;
export const BUCKETS_PER_DECADE = 10;
export const DECADES = 6; // 0.01 ms … 10 s

export interface Histogram {
  /** Upper edge of each bucket, ms; the last bucket also takes everything above. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

export class LatencyRecorder {
  #all = new Float64Array(1024);
  #size = 0;
  #window: number[] = [];
  readonly #buckets = new Array<number>(BUCKETS_PER_DECADE * DECADES).fill(0);

  record(ms: number): void {
    const value = Math.max(0, ms);
    if (this.#size === this.#all.length) {
      const grown = new Float64Array(this.#all.length * 2);
      grown.set(this.#all);
      this.#all = grown;
    }
    this.#all[this.#size++] = value;
    this.#window.push(value);
    this.#buckets[bucketOf(value)]!++;
  }

  get count(): number {
    return this.#size;
  }

  /** The samples since the last call, summarised; starts a new window. */
  takeWindow(): LatencySummary {
    const window = this.#window;
    this.#window = [];
    return summarise(Float64Array.from(window));
  }

  summary(): LatencySummary {
    return summarise(this.#all.slice(0, this.#size));
  }

  histogram(): Histogram {
    return { edges: this.#buckets.map((_, i) => edgeOf(i)), counts: [...this.#buckets] };
  }
}

function edgeOf(index: number): number {
  return FIRST_EDGE_MS * 10 ** ((index + 1) / BUCKETS_PER_DECADE);
}

function bucketOf(ms: number): number {
  if (ms <= FIRST_EDGE_MS) return 0;
  const index = Math.ceil(Math.log10(ms / FIRST_EDGE_MS) * BUCKETS_PER_DECADE) - 1;
  return Math.min(BUCKETS_PER_DECADE * DECADES - 1, Math.max(0, index));
}

/** Nearest-rank percentiles over the samples (sorted in place). */
export function summarise(samples: Float64Array): LatencySummary {
  const count = samples.length;
  if (count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  samples.sort();
  let sum = 0;
  for (const s of samples) sum += s;
  const rank = (p: number): number => samples[Math.min(count - 1, Math.max(0, Math.ceil(p * count) - 1))] ?? 0;
  return { count, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: samples[count - 1] ?? 0, mean: sum / count };
}
