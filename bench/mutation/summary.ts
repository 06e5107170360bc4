/**
 * `node --import tsx bench/mutation/summary.ts [reports/mutation/mutation.json]`: the counts, the
 * score and every surviving (or uncovered) mutant of a Stryker JSON report, as Markdown for
 * bench/MUTATION.md. The judgement of each survivor is written there by hand.
 */
import { readFile } from 'node:fs/promises';

interface Position {
  readonly line: number;
  readonly column: number;
}
interface Mutant {
  readonly id: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly status: string;
  readonly location: { readonly start: Position; readonly end: Position };
}
interface Report {
  readonly files: Readonly<Record<string, { readonly source: string; readonly mutants: readonly Mutant[] }>>;
}

/** The original text a mutant replaced (the report's lines and columns count from 1). */
function original(source: string, { start, end }: Mutant['location']): string {
  const lines = source.split('\n');
  const picked = lines.slice(start.line - 1, end.line);
  if (picked.length === 0) return '';
  picked[picked.length - 1] = (picked.at(-1) ?? '').slice(0, end.column - 1);
  picked[0] = (picked[0] ?? '').slice(start.column - 1);
  return picked.join('\n');
}

/** One line for a table cell: whitespace runs folded, long texts cut in the middle. */
function cell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replaceAll('|', '\\|').replaceAll('`', "'");
  return flat.length <= 70 ? flat : `${flat.slice(0, 40)} … ${flat.slice(-25)}`;
}

const path = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(await readFile(path, 'utf8')) as Report;
const counts = new Map<string, number>();
const undetected: string[] = [];
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  for (const mutant of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line)) {
    counts.set(mutant.status, (counts.get(mutant.status) ?? 0) + 1);
    if (mutant.status !== 'Survived' && mutant.status !== 'NoCoverage') continue;
    const at = `${file}:${mutant.location.start.line}`;
    undetected.push(
      `| ${mutant.id} | ${at} | ${mutant.status} | ${mutant.mutatorName} | \`${cell(original(source, mutant.location))}\` → \`${cell(mutant.replacement ?? '')}\` | |`,
    );
  }
}
const n = (status: string): number => counts.get(status) ?? 0;
const detected = n('Killed') + n('Timeout');
const valid = detected + n('Survived') + n('NoCoverage');
const total = [...counts.values()].reduce((a, b) => a + b, 0);
console.log(`files: ${Object.keys(report.files).join(', ')}`);
console.log(
  `mutants: ${total} total, ${n('Killed')} killed, ${n('Survived')} survived, ${n('Timeout')} timeout, ${n('NoCoverage')} no coverage` +
    `, ${n('CompileError') + n('RuntimeError')} errors, ${n('Ignored')} ignored`,
);
console.log(`score: ${valid === 0 ? 'n/a' : ((100 * detected) / valid).toFixed(2)} % (${detected} detected of ${valid})\n`);
console.log('| id | where | status | mutator | original → replacement | judgement |');
console.log('|---|---|---|---|---|---|');
for (const row of undetected) console.log(row);
