/** What a benchmark is to the runner: rounds that each give a figure and its baseline. */

export interface Round {
  readonly figure: number;
  readonly baseline: number;
  /** A correctness condition of the round (zero loss, every agent logged in…); a round that fails it fails the target. */
  readonly correct: boolean;
  /** Anything else worth recording, in words (counts, the other percentile…). */
  readonly note?: string;
}

export interface Median {
  readonly figure: number;
  readonly baseline: number;
  readonly ratio: number;
}

export interface Benchmark {
  readonly id: string;
  /** `--only <group>` runs every benchmark of the group (the dialect benchmarks: one per dialect and figure). */
  readonly group?: string;
  /** The row's name, as in issue #7's table. */
  readonly title: string;
  readonly unit: string;
  readonly baselineTitle: string;
  /** The work one unit of the figure and one unit of the baseline each stand for, in one line: printed and recorded beside the figure. */
  readonly workPerUnit: string;
  /** The target, in words, for the results table. */
  readonly target: string;
  /** Rounds to run unless --rounds says otherwise (expensive benchmarks run fewer). */
  readonly rounds: number;
  /** figure ÷ baseline (a cost ratio for latencies and times, a speed ratio for throughputs). */
  ratio(figure: number, baseline: number): number;
  /** Whether the medians meet the target; absent: no target, the figure is reported only. */
  meets?(median: Median): boolean;
  setUp?(context: BenchContext): Promise<void>;
  round(context: BenchContext): Promise<Round>;
  tearDown?(): Promise<void>;
}

export interface BenchContext {
  /** Medians of the benchmarks already run in this invocation (the latency benchmark reads the saturation). */
  readonly earlier: ReadonlyMap<string, Median>;
  readonly log: (line: string) => void;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
