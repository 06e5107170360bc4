/**
 * `npm run bench [-- --only events,latency,dialects] [--rounds n] [--no-record]`: runs the benchmarks, prints
 * each figure, its baseline and their ratio as the median over rounds, and appends the run, with
 * the machine it ran on, the load average and the command, to bench/RESULTS.md, then redraws the
 * charts of every recorded run (bench/charts/). Not part of `npm test`.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { agents } from './agents.bench.ts';
import { writeCharts } from './charts.ts';
import { certify } from './certify.bench.ts';
import { dialects } from './dialects.bench.ts';
import { events } from './events.bench.ts';
import { latency } from './latency.bench.ts';
import { pinoBench } from './pino.bench.ts';
import { properties } from './properties.bench.ts';
import { stability } from './stability.bench.ts';
import { median, type Benchmark, type Median, type Round } from './support/bench.ts';

const ALL: readonly Benchmark[] = [events, latency, agents, certify, pinoBench, properties, stability, ...dialects];
const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const CHARTS = fileURLToPath(new URL('./charts/', import.meta.url));

interface Outcome {
  readonly bench: Benchmark;
  readonly median: Median;
  readonly rounds: readonly Round[];
  /** The target is met by the medians; null: the benchmark has no target. */
  readonly met: boolean | null;
  /** Every round's correctness condition held (zero loss, conformant, every agent logged in). */
  readonly correct: boolean;
  /** The 1-minute load average when the benchmark ended: absolute figures on a shared machine mean little without it. */
  readonly load: number;
}

function verdict(o: Pick<Outcome, 'met' | 'correct'>): string {
  if (o.met === null) return o.correct ? 'reported' : 'INCORRECT (no target; a round failed its correctness check)';
  if (!o.correct) return o.met ? 'INCORRECT (target met, a round failed its correctness check)' : 'MISSED and INCORRECT';
  return o.met ? 'met' : 'MISSED';
}

/** `--only` names a benchmark by its id, or a group of them. */
function named(bench: Benchmark, name: string): boolean {
  return bench.id === name || bench.group === name;
}

export function machine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version} on ${process.platform}/${process.arch}`;
}

function format(value: number): string {
  if (value >= 1000) return Math.round(value).toLocaleString('en');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, rounds: { type: 'string' }, 'no-record': { type: 'boolean' } }, strict: true });
  const only = values.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((id) => !ALL.some((b) => named(b, id))) ?? [];
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; expected some of ${[...new Set(ALL.map((b) => b.group ?? b.id))].join(', ')}\n`);
    return 2;
  }
  const rounds = values.rounds === undefined ? undefined : Number(values.rounds);
  if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1)) {
    process.stderr.write(`bench: --rounds ${values.rounds}: expected a whole number from 1\n`);
    return 2;
  }
  const selected = ALL.filter((b) => only === undefined || only.some((name) => named(b, name)));
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  log(
    `machine: ${machine()}; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const earlier = new Map<string, Median>();
  const outcomes: Outcome[] = [];
  for (const bench of selected) {
    const n = rounds ?? bench.rounds;
    log(`\n${bench.title} — ${n} round${n === 1 ? '' : 's'}\n  work per unit: ${bench.workPerUnit}`);
    await bench.setUp?.({ earlier, log });
    const done: Round[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const round = await bench.round({ earlier, log });
        done.push(round);
        log(
          `  round ${i + 1} (load average ${loadavg()[0]!.toFixed(2)}): ${format(round.figure)} ${bench.unit}, baseline ${format(round.baseline)}, ratio ${bench.ratio(round.figure, round.baseline).toFixed(2)}${round.correct ? '' : ' — INCORRECT'}${round.note === undefined ? '' : ` (${round.note})`}`,
        );
      }
    } finally {
      await bench.tearDown?.();
    }
    const m: Median = {
      figure: median(done.map((r) => r.figure)),
      baseline: median(done.map((r) => r.baseline)),
      ratio: median(done.map((r) => bench.ratio(r.figure, r.baseline))),
    };
    earlier.set(bench.id, m);
    const outcome: Outcome = { bench, median: m, rounds: done, met: bench.meets?.(m) ?? null, correct: done.every((r) => r.correct), load: loadavg()[0]! };
    outcomes.push(outcome);
    log(
      `  median (load average ${outcome.load.toFixed(2)}): ${format(m.figure)} ${bench.unit}; baseline ${format(m.baseline)} (${bench.baselineTitle}); ratio ${m.ratio.toFixed(2)}; target ${bench.target}: ${verdict(outcome)}`,
    );
  }
  if (values['no-record'] !== true) {
    await record(outcomes, command);
    log(`\ncharts: ${(await writeCharts(RESULTS, CHARTS)).length} redrawn in bench/charts/`);
  }
  return 0;
}

async function record(outcomes: readonly Outcome[], command: string): Promise<void> {
  const existing = await readFile(RESULTS, 'utf8').catch(() => '');
  const header =
    existing === ''
      ? '# Benchmark results\n\nAppended by `npm run bench` (bench/run.ts); the analysis of missed targets is at the top, by hand.\n\n## Runs\n'
      : '';
  const rows = outcomes.map((o) => {
    const { bench, median: m, rounds } = o;
    const notes = rounds.map((r) => r.note).filter((n) => n !== undefined);
    const v = verdict(o);
    const result = v === 'met' || v === 'reported' ? v : `**${v.toLowerCase()}**`;
    return `| ${bench.title} | ${format(m.figure)} ${bench.unit} | ${format(m.baseline)} (${bench.baselineTitle}) | ${m.ratio.toFixed(2)} | ${bench.target} | ${result} | ${o.load.toFixed(2)} | ${rounds.length} | ${notes.at(-1) ?? ''} |`;
  });
  const work = outcomes.map(({ bench }) => `- work per unit (${bench.id}): ${bench.workPerUnit}`);
  const section = [
    '',
    `### ${new Date().toISOString()}`,
    '',
    `- machine: ${machine()}`,
    `- load average before the run: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    `- command: \`${command}\``,
    '',
    '| benchmark | median | baseline | ratio | target | result | load average | rounds | last round |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...work,
    '',
  ].join('\n');
  await appendFile(RESULTS, header + section);
}

process.exitCode = await main();
