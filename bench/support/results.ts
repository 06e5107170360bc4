/**
 * Reads bench/RESULTS.md back: every recorded `npm run bench` run (its time, machine, load average)
 * and, per benchmark row, the median figure, the baseline and their ratio. Rows are keyed by what
 * they measure, since titles grew over time ("CTI events/s…" became "P1 CTI events/s…").
 */

export interface RecordedRow {
  readonly key: BenchKey;
  readonly title: string;
  readonly figure: number;
  readonly unit: string;
  readonly baseline: number | null;
  readonly baselineTitle: string;
  readonly ratio: number | null;
  readonly result: string;
  /** The benchmark's own load average column, when the run recorded one. */
  readonly load: number | null;
}

export interface RecordedRun {
  readonly at: string;
  readonly machine: string;
  /** The 1-minute load average before the run. */
  readonly loadBefore: number | null;
  readonly rows: readonly RecordedRow[];
}

export const BENCH_KEYS = [
  'events',
  'latency',
  'agents',
  'certify',
  'pino',
  'properties',
  'stability',
  'dialect-json-events',
  'dialect-json-p99',
  'dialect-ami-events',
  'dialect-ami-p99',
  'dialect-csta-xml-events',
  'dialect-csta-xml-p99',
] as const;
export type BenchKey = (typeof BENCH_KEYS)[number];

/** The benchmark a row's title names, or null for a row of another table. */
export function keyOf(title: string): BenchKey | null {
  const t = title.toLowerCase();
  // "Dialect ami: CTI events/s…", "Dialect ami: p99…": before the general words, which these titles also hold.
  const dialect = /^dialect ([a-z-]+):/.exec(t)?.[1];
  if (dialect !== undefined) {
    const key = `dialect-${dialect}-${t.includes('events/s') ? 'events' : 'p99'}`;
    return BENCH_KEYS.find((k) => k === key) ?? null;
  }
  if (t.includes('pino')) return 'pino';
  if (t.includes('latency')) return 'latency';
  if (t.includes('events/s')) return 'events';
  if (t.includes('agents')) return 'agents';
  if (t.includes('busy loops')) return 'stability';
  if (t.includes('whole certify')) return 'certify';
  if (t.includes('property sequences')) return 'properties';
  return null;
}

/** "38,292 events/s" → 38292; "–" or anything without a number → null. */
function numberIn(cell: string): number | null {
  const match = /-?[\d,]*\.?\d+/.exec(cell);
  if (match === null) return null;
  const value = Number(match[0].replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}

function cellsOf(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((c) => c.trim());
}

export function parseResults(text: string): RecordedRun[] {
  const runs: RecordedRun[] = [];
  for (const section of text.split(/^### /m).slice(1)) {
    const lines = section.split('\n');
    const at = lines[0]!.trim();
    const machine = /^- machine: (.*)$/m.exec(section)?.[1]?.trim() ?? 'unknown';
    const loadBefore = numberIn(/^- load average before the run: (.*)$/m.exec(section)?.[1] ?? '');
    const header = lines.findIndex((l) => l.startsWith('| benchmark |'));
    if (header < 0) continue;
    const columns = cellsOf(lines[header]!);
    const column = (cells: string[], name: string): string | undefined => {
      const i = columns.indexOf(name);
      return i < 0 ? undefined : cells[i];
    };
    const rows: RecordedRow[] = [];
    for (const line of lines.slice(header + 2)) {
      if (!line.startsWith('|')) break;
      const cells = cellsOf(line);
      const title = cells[0] ?? '';
      const key = keyOf(title);
      const figure = numberIn(column(cells, 'median') ?? '');
      if (key === null || figure === null) continue;
      const baselineCell = column(cells, 'baseline') ?? '';
      rows.push({
        key,
        title,
        figure,
        unit: (column(cells, 'median') ?? '').replace(/^[-\d,.]+\s*/, ''),
        baseline: numberIn(baselineCell),
        baselineTitle: /\((.*)\)/.exec(baselineCell)?.[1] ?? '',
        ratio: numberIn(column(cells, 'ratio') ?? ''),
        result: (column(cells, 'result') ?? '').replace(/\*/g, ''),
        load: numberIn(column(cells, 'load average') ?? ''),
      });
    }
    runs.push({ at, machine, loadBefore, rows });
  }
  return runs;
}
