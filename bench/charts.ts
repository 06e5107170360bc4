/**
 * `node --import tsx bench/charts.ts`: an SVG chart per benchmark across the runs recorded in
 * bench/RESULTS.md, written to bench/charts/<benchmark>.svg (`npm run bench` redraws them after
 * recording). Top panel: the median figure and its baseline; bottom panel: their ratio; under each
 * run its date and load average; every point's tooltip names the machine and the baseline; a red
 * dashed line marks where the baseline or the unit was redefined. Plain SVG text, no dependency.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeXml as escape } from '../src/load/report.ts';
import { BENCH_KEYS, parseResults, type BenchKey, type RecordedRow, type RecordedRun } from './support/results.ts';

export interface ChartPoint {
  readonly run: RecordedRun;
  readonly row: RecordedRow;
}

const WIDTH = 760;
const LEFT = 70;
const RIGHT = 20;
const TOP = 40;
const PLOT = 200;
const GAP = 60;
const RATIO_PLOT = 90;
const BOTTOM = 50;
const HEIGHT = TOP + PLOT + GAP + RATIO_PLOT + BOTTOM;

function short(value: number): string {
  if (Math.abs(value) >= 10_000) return `${Math.round(value / 1000)}k`;
  if (Math.abs(value) >= 100) return String(Math.round(value));
  return value.toFixed(2);
}

/** One panel: a y axis from 0 to the largest value, and a polyline per series (nulls leave a gap). */
function panel(
  top: number,
  height: number,
  xs: readonly number[],
  series: readonly { values: readonly (number | null)[]; style: string; label: string }[],
  tooltips: readonly string[],
): string[] {
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))) * 1.1;
  const y = (v: number): number => top + height - (v / max) * height;
  const out = [
    `<line x1="${LEFT}" y1="${top + height}" x2="${WIDTH - RIGHT}" y2="${top + height}" stroke="#999"/>`,
    `<line x1="${LEFT}" y1="${top}" x2="${LEFT}" y2="${top + height}" stroke="#999"/>`,
  ];
  for (const f of [0, 0.5, 1]) out.push(`<text x="${LEFT - 6}" y="${(y((max * f) / 1.1) + 4).toFixed(1)}" text-anchor="end">${short((max * f) / 1.1)}</text>`);
  series.forEach((s, k) => {
    const segments: string[][] = [[]];
    s.values.forEach((v, i) => (v === null ? segments.push([]) : segments.at(-1)!.push(`${xs[i]!.toFixed(1)},${y(v).toFixed(1)}`)));
    for (const seg of segments.filter((p) => p.length > 0)) out.push(`<polyline fill="none" ${s.style} points="${seg.join(' ')}"/>`);
    s.values.forEach((v, i) => {
      if (v !== null)
        out.push(
          `<circle cx="${xs[i]!.toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" ${s.style}><title>${escape(`${s.label}: ${v}\n${tooltips[i]}`)}</title></circle>`,
        );
    });
    out.push(`<text x="${LEFT + 10 + k * 250}" y="${top - 8}" ${s.style.replace('stroke=', 'fill=')}>${escape(s.label)}</text>`);
  });
  return out;
}

export function renderChart(key: BenchKey, points: readonly ChartPoint[]): string {
  const n = points.length;
  const step = n <= 1 ? 0 : (WIDTH - LEFT - RIGHT - 40) / (n - 1);
  const xs = points.map((_, i) => LEFT + 20 + i * step);
  const last = points.at(-1)?.row;
  const tooltips = points.map(
    ({ run, row }) => `${run.at}\n${run.machine}\nload average ${row.load ?? run.loadBefore ?? '?'}\nbaseline: ${row.baselineTitle}\n${row.result}`,
  );
  const body = [
    `<text x="${LEFT}" y="18" font-weight="bold">${escape(last?.title ?? key)}</text>`,
    ...panel(
      TOP,
      PLOT,
      xs,
      [
        { values: points.map((p) => p.row.figure), style: 'stroke="#1f77b4" stroke-width="2"', label: `median (${last?.unit ?? ''})` },
        { values: points.map((p) => p.row.baseline), style: 'stroke="#ff7f0e" stroke-width="2" stroke-dasharray="5,4"', label: 'baseline of that run' },
      ],
      tooltips,
    ),
    ...panel(
      TOP + PLOT + GAP,
      RATIO_PLOT,
      xs,
      [{ values: points.map((p) => p.row.ratio), style: 'stroke="#2ca02c" stroke-width="2"', label: 'ratio (figure ÷ baseline)' }],
      tooltips,
    ),
    // A baseline or unit redefined between two runs (issue 18 replaced the echo baselines): the lines on either side do not compare.
    ...points.flatMap(({ row }, i) => {
      const before = points[i - 1]?.row;
      if (before === undefined || (before.baselineTitle === row.baselineTitle && before.unit === row.unit)) return [];
      const x = ((xs[i - 1]! + xs[i]!) / 2).toFixed(1);
      return [
        `<line class="redefined" x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + PLOT + GAP + RATIO_PLOT}" stroke="#d62728" stroke-dasharray="2,3"/>`,
        `<text x="${x}" y="${TOP + 12}" fill="#d62728" text-anchor="middle">redefined</text>`,
      ];
    }),
    ...points.flatMap(({ run, row }, i) => [
      `<text x="${xs[i]!.toFixed(1)}" y="${HEIGHT - 30}" text-anchor="middle">${escape(run.at.slice(5, 16).replace('T', ' '))}</text>`,
      `<text x="${xs[i]!.toFixed(1)}" y="${HEIGHT - 16}" text-anchor="middle" fill="#666">load ${escape(String(row.load ?? run.loadBefore ?? '?'))}</text>`,
    ]),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Every benchmark's points across the recorded runs, in the order they were recorded. */
export function chartPoints(runs: readonly RecordedRun[]): Map<BenchKey, ChartPoint[]> {
  const byKey = new Map<BenchKey, ChartPoint[]>(BENCH_KEYS.map((k) => [k, []]));
  for (const run of runs) for (const row of run.rows) byKey.get(row.key)!.push({ run, row });
  return byKey;
}

export async function writeCharts(resultsFile: string, outDir: string): Promise<string[]> {
  const runs = parseResults(await readFile(resultsFile, 'utf8'));
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [key, points] of chartPoints(runs)) {
    if (points.length === 0) continue;
    const file = join(outDir, `${key}.svg`);
    await writeFile(file, renderChart(key, points));
    written.push(file);
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
  const written = await writeCharts(here('./RESULTS.md'), here('./charts/'));
  process.stdout.write(`${written.join('\n')}\n`);
}
