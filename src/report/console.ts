/**
 * The one-screen verdict printed at the end of `switchboard certify`: what was claimed, what
 * came out, which requirements failed and where the full reports are.
 */
import { join } from 'node:path';
import { MODE_TITLES } from '../contract/pega/modes.ts';
import type { Certificate } from './certificate-schema.ts';
import { CERTIFICATE_JSON, CERTIFICATE_MD } from './write.ts';

export interface VerdictOptions {
  readonly color: boolean;
  /** Where the reports were written; named in the last line. */
  readonly reportsDir?: string;
  /** How many failed requirements to list before "… and N more". */
  readonly maxListed?: number;
}

const WIDTH = 100;
const DEFAULT_LISTED = 10;

function fit(text: string): string {
  return text.length <= WIDTH ? text : `${text.slice(0, WIDTH - 1)}…`;
}

/** One line on the property run: how many invariants held over how many sequences, with the seed. */
function propertyLine(c: Certificate, label: (name: string) => string): string {
  const run = c.propertyRun;
  if (run === null && c.shard !== null && c.shard.index !== c.shard.total) return `${label('properties')}run by shard ${c.shard.total} of ${c.shard.total}`;
  if (run === null) return `${label('properties')}skipped (--no-properties)`;
  if (run.error !== null) return fit(`${label('properties')}not judged: ${run.error}`);
  const held = c.properties.filter((p) => p.status === 'passed').length;
  const what = run.path === null ? `${run.sequences} sequences${run.interrupted ? ' (time budget)' : ''}` : `the replay of path ${run.path}`;
  return fit(`${label('properties')}${held} of ${c.properties.length} invariants held over ${what}, seed ${run.seed}`);
}

export function renderVerdict(c: Certificate, options: VerdictOptions): string {
  const paint = (code: string) => (text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const red = paint('1;31');
  const green = paint('1;32');
  const dim = paint('2');
  const yellow = paint('1;33');
  const label = (name: string): string => dim(name.padEnd(13));

  const identity = Object.entries(c.adapter.identity).map(([k, v]) => `${k}=${v}`).join(' ');
  const failedReqs = c.requirements.filter((r) => r.status === 'failed');
  const s = c.scenarios;
  const lines = [
    c.verdict === 'conformant' ? green('✔ CONFORMANT') : c.verdict === 'partial' ? yellow('◐ PARTIAL: nothing failed in this shard') : red('✘ NOT CONFORMANT'),
    ...(c.shard === null ? [] : [`${label('shard')}${c.shard.index} of ${c.shard.total}: the verdict comes from \`switchboard merge\` of every shard's reports`]),
    ...(c.mergedShards === null ? [] : [`${label('merged')}from ${c.mergedShards} shards`]),
    `${label('mode')}${MODE_TITLES[c.mode]} (${c.mode})`,
    fit(`${label('adapter')}${c.adapter.spec} (${c.adapter.kind})${identity === '' ? '' : ` ${identity}`}`),
    fit(`${label('suite')}${c.suite.name} ${c.suite.version}, features ${c.suite.featuresHash}`),
    c.scenariosSkipped ? `${label('scenarios')}skipped (--no-scenarios)` : `${label('scenarios')}${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''} of ${s.total}`,
    `${label('requirements')}${c.requirements.length - failedReqs.length} of ${c.requirements.length} proved`,
    propertyLine(c, label),
  ];

  if (failedReqs.length > 0) {
    const max = options.maxListed ?? DEFAULT_LISTED;
    const idWidth = Math.max(...failedReqs.map((r) => r.id.length));
    // Requirements a scenario failed come before those no scenario proved: they say more.
    const entries = failedReqs
      .map((r) => ({ id: r.id, failing: r.scenarios.filter((sc) => sc.status !== 'passed').map((sc) => sc.name), reason: r.reason ?? '' }))
      .sort((a, b) => Number(b.failing.length > 0) - Number(a.failing.length > 0));
    lines.push('', 'Failed requirements:');
    for (const e of entries.slice(0, max)) {
      lines.push(fit(`  ${red(e.id.padEnd(idWidth))}  ${e.failing.length > 0 ? e.failing.join('; ') : e.reason}`));
    }
    if (entries.length > max) lines.push(`  … and ${entries.length - max} more`);
  }
  const failedIds = new Set(failedReqs.map((r) => r.id));
  const outside = c.failures.filter((f) => !f.requirements.some((id) => failedIds.has(id))).length;
  if (outside > 0) lines.push(`${outside} failed scenario${outside === 1 ? '' : 's'} outside the requirement matrix`);
  for (const finding of c.findings.slice(0, 3)) lines.push(fit(`${red('observed')}: ${finding}`));
  if (c.runErrors.length > 0) lines.push(fit(`${red('run errors')}: ${c.runErrors[0] ?? ''}${c.runErrors.length > 1 ? ` (+${c.runErrors.length - 1} more)` : ''}`));

  for (const p of c.properties.filter((x) => x.counterexample !== null)) {
    const ce = p.counterexample;
    if (ce === null) continue;
    lines.push('', red(`Counterexample for ${p.id}`) + dim(` (${ce.commands.length} commands, ${ce.reproduced ? 'replays' : 'did not replay'})`));
    for (const line of ce.message.split('\n').slice(0, 4)) lines.push(fit(`  ${line}`));
    lines.push(fit(`  ${dim('replay')} ${p.replayCommand ?? ''}`), fit(`  ${dim('files')}  ${ce.files.text}, ${ce.files.feature}, ${ce.files.script}`));
  }
  const dir = options.reportsDir ?? '.';
  const traces = c.failures.some((f) => f.trace !== null) ? ', traces/' : '';
  lines.push('', `${dim('reports')}      ${join(dir, CERTIFICATE_MD)} (also ${CERTIFICATE_JSON}, ${c.transcripts.file}, cucumber.html, junit.xml${traces})`);
  return `${lines.join('\n')}\n`;
}
