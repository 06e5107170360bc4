/**
 * The one-screen verdict printed at the end of `switchboard certify`: what was claimed, what
 * came out, which requirements failed and where the full reports are.
 */
import { join } from 'node:path';
import { MODE_TITLES } from '../contract/pega/modes.ts';
import type { Certificate } from './certificate-schema.ts';
import { CERTIFICATE_JSON, CERTIFICATE_MD } from './write.ts';
import { fit, painter } from './terminal.ts';
import { coverageSummary } from './coverage-words.ts';
import { requirementCounts, verdictHeadline } from './verdict-words.ts';

export interface VerdictOptions {
  readonly color: boolean;
  /** Where the reports were written; named in the last line. */
  readonly reportsDir?: string;
  /** How many failed requirements to list before "… and N more". */
  readonly maxListed?: number;
}

const DEFAULT_LISTED = 10;

/** One line on the property run: how many invariants held over how many sequences, with the seed. */
function propertyLine(c: Certificate, label: (name: string) => string): string {
  const run = c.propertyRun;
  if (run === null && c.shard !== null && c.shard.index !== c.shard.total) return `${label('properties')}run by shard ${c.shard.total} of ${c.shard.total}`;
  if (run === null && c.interruption !== null)
    return `${label('properties')}not run: interrupted by ${c.interruption.signal} during the ${c.interruption.during}`;
  if (run === null) return `${label('properties')}skipped (--no-properties)`;
  if (run.error !== null) return fit(`${label('properties')}not judged: ${run.error}`);
  const held = c.properties.filter((p) => p.status === 'passed').length;
  const unjudged = c.properties.filter((p) => p.status === 'not-judged').length;
  const what = `${run.path === null ? `${run.sequences} sequences (at least ${run.minimumSequences} judge)` : `the replay of path ${run.path}`}${unjudged > 0 ? `, ${unjudged} not judged` : ''}`;
  const applied = run.faults.map((f) => `${f} ×${run.faultsApplied[f] ?? 0}`).join(', ');
  const coverage = run.coverage === undefined ? '' : `\n${fit(`${label('coverage')}${coverageSummary(run.coverage)}`)}`;
  return `${fit(`${label('properties')}${held} of ${c.properties.length} invariants held over ${what}, seed ${run.seed}`)}\n${label('link faults')}${applied || 'none'}${coverage}`;
}

export function renderVerdict(c: Certificate, options: VerdictOptions): string {
  const paint = painter(options.color);
  const red = paint('1;31');
  const green = paint('1;32');
  const dim = paint('2');
  const yellow = paint('1;33');
  const label = (name: string): string => dim(name.padEnd(13));
  const verdictPaint = c.verdict === 'conformant' ? green : c.verdict === 'incomplete' ? yellow : red;

  const identity = Object.entries(c.adapter.identity)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const failedReqs = c.requirements.filter((r) => r.status === 'failed');
  const s = c.scenarios;
  const lines = [
    // Whole: the verdict and its reason are the one line a CI log must show.
    verdictPaint(verdictHeadline(c)),
    ...c.verdictReasons.slice(1, 4).map((reason) => fit(`  ${dim('also')} ${reason}`)),
    ...(c.verdictReasons.length > 4 ? [`  ${dim(`… and ${c.verdictReasons.length - 4} more reasons in certificate.md`)}`] : []),
    ...(c.shard === null
      ? []
      : [`${label('shard')}${c.shard.index} of ${c.shard.total}: the verdict comes from \`switchboard merge\` of every shard's reports`]),
    ...(c.mergedShards === null ? [] : [`${label('merged')}from ${c.mergedShards} shards`]),
    `${label('mode')}${MODE_TITLES[c.mode]} (${c.mode})`,
    fit(`${label('adapter')}${c.adapter.spec} (${c.adapter.kind})${identity === '' ? '' : ` ${identity}`}`),
    fit(`${label('suite')}${c.suite.name} ${c.suite.version}, features ${c.suite.featuresHash}`),
    c.scenariosSkipped
      ? `${label('scenarios')}skipped (--no-scenarios)`
      : `${label('scenarios')}${s.passed} passed, ${s.failed} failed${s.skipped > 0 ? `, ${s.skipped} skipped` : ''} of ${s.total}`,
    `${label('requirements')}${requirementCounts(c)}`,
    propertyLine(c, label),
  ];

  if (failedReqs.length > 0) {
    const max = options.maxListed ?? DEFAULT_LISTED;
    const idWidth = Math.max(...failedReqs.map((r) => r.id.length));
    // Requirements a scenario failed come before those no scenario proved: they say more.
    lines.push('', 'Failed requirements:');
    for (const r of failedReqs.slice(0, max)) lines.push(fit(`  ${red(r.id.padEnd(idWidth))}  ${r.reason ?? ''}`));
    if (failedReqs.length > max) lines.push(`  … and ${failedReqs.length - max} more`);
  }
  const blocked = c.requirements.filter((r) => r.status === 'blocked');
  if (blocked.length > 0) {
    lines.push('', 'Blocked requirements (their scenarios stopped before reaching what they prove):');
    for (const r of blocked.slice(0, DEFAULT_LISTED)) lines.push(fit(`  ${yellow(r.id)}  ${r.reason ?? ''}`));
    if (blocked.length > DEFAULT_LISTED) lines.push(`  … and ${blocked.length - DEFAULT_LISTED} more`);
  }
  const judged = new Set(c.requirements.map((r) => r.id));
  const outside = c.failures.filter((f) => f.kind === 'failed' && !f.requirements.some((id) => judged.has(id))).length;
  if (outside > 0) lines.push(`${outside} failed scenario${outside === 1 ? '' : 's'} outside the requirement matrix`);
  for (const finding of c.findings.slice(0, 3)) lines.push(fit(`${red('observed')}: ${finding}`));
  if (c.runErrors.length > 0)
    lines.push(fit(`${red('run errors')}: ${c.runErrors[0] ?? ''}${c.runErrors.length > 1 ? ` (+${c.runErrors.length - 1} more)` : ''}`));

  for (const p of c.properties.filter((x) => x.counterexample !== null)) {
    const ce = p.counterexample;
    if (ce === null) continue;
    lines.push('', red(`Counterexample for ${p.id}`) + dim(` (${ce.commands.length} commands, ${ce.reproduced ? 'replays' : 'did not replay'})`));
    for (const line of ce.message.split('\n').slice(0, 4)) lines.push(fit(`  ${line}`));
    // Whole, never cut: it is there to be copied.
    lines.push(`  ${dim('replay')} ${p.replayCommand ?? ''}`, fit(`  ${dim('files')}  ${ce.files.text}, ${ce.files.feature}, ${ce.files.script}`));
  }
  const dir = options.reportsDir ?? '.';
  const traces = c.failures.some((f) => f.trace !== null) ? ', traces/' : '';
  const wire = c.wireLog === undefined ? '' : `, ${c.wireLog.file}`;
  lines.push(
    '',
    `${dim('reports')}      ${join(dir, CERTIFICATE_MD)} (also ${CERTIFICATE_JSON}, ${c.transcripts.file}, cucumber.html, junit.xml${traces}${wire})`,
  );
  return `${lines.join('\n')}\n`;
}
