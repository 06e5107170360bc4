/**
 * certificate.md: the certificate as a readable report — header, requirement matrix, failures
 * with their trace files, and the command that replays the run.
 */
import { MODE_TITLES } from '../contract/pega/modes.ts';
import type { Certificate, Failure, PropertyResult, RequirementResult } from './certificate-schema.ts';

const PASS = '✅';
const FAIL = '❌';

/** Text safe inside a table cell: no pipes, no line breaks. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code that survives backticks inside the text. */
function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block that survives backtick fences inside the text. */
function block(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

const VERDICT_TITLES: Readonly<Record<Certificate['verdict'], string>> = {
  conformant: `${PASS} CONFORMANT`,
  'not-conformant': `${FAIL} NOT CONFORMANT`,
  partial: '◐ PARTIAL (one shard; nothing failed in it)',
};

function header(c: Certificate): string[] {
  const identity = Object.entries(c.adapter.identity).map(([k, v]) => `${k}=${v}`).join(', ');
  const seeds = Object.entries(c.seeds).map(([k, v]) => `${k}=${v}`).join(', ');
  const s = c.scenarios;
  return [
    '# Pega Call OpenCTI adapter conformance certificate',
    '',
    `**Verdict: ${VERDICT_TITLES[c.verdict]}** for ${MODE_TITLES[c.mode]} (\`${c.mode}\`)`,
    '',
    '| | |',
    '|---|---|',
    ...(c.shard === null ? [] : [`| Shard | ${c.shard.index} of ${c.shard.total}: this certificate judges only its slice; \`switchboard merge\` of every shard's reports gives the verdict |`]),
    ...(c.mergedShards === null ? [] : [`| Merged | from ${c.mergedShards} shards by \`switchboard merge\` |`]),
    `| Mode | ${cell(MODE_TITLES[c.mode])} (${code(c.mode)}) |`,
    `| Adapter | ${code(c.adapter.spec)} (${cell(c.adapter.kind)}) |`,
    `| Adapter identity | ${identity === '' ? '—' : cell(identity)} |`,
    `| Suite | ${cell(`${c.suite.name} ${c.suite.version}`)} |`,
    `| Features hash | ${code(c.suite.featuresHash)} |`,
    `| Scenarios | ${c.scenariosSkipped ? 'skipped (`--no-scenarios`)' : `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.total} total`} |`,
    `| Property run | ${propertySummary(c)} |`,
    `| Requirements | ${c.requirements.filter((r) => r.status === 'passed').length} of ${c.requirements.length} proved |`,
    `| Run | ${c.timings.startedAt} → ${c.timings.finishedAt} (${(c.timings.durationMs / 1000).toFixed(1)} s) |`,
    `| Scenarios selected | ${code(c.run.tagExpression)}${c.run.names.length === 0 ? '' : `, names matching ${c.run.names.map(code).join(' or ')}`} |`,
    `| Timing | deadline ${c.run.deadlineMs} ms, quiet window ${c.run.quietMs} ms |`,
    `| Seeds | ${seeds === '' ? 'none (the run makes no random choice)' : cell(seeds)} |`,
    `| Transcripts | [${c.transcripts.file}](${encodeURI(c.transcripts.file)}) ${code(c.transcripts.sha256)}, ${c.transcripts.scenarios.length} scenarios |`,
  ];
}

function propertySummary(c: Certificate): string {
  const run = c.propertyRun;
  if (run === null && c.shard !== null && c.shard.index !== c.shard.total) return `run by shard ${c.shard.total} of ${c.shard.total}: its OCTI-PROP-* requirements are judged there`;
  if (run === null) return 'skipped (`--no-properties`): the OCTI-PROP-* requirements are not judged';
  if (run.error !== null) return cell(`not judged: ${run.error}`);
  const held = c.properties.filter((p) => p.status === 'passed').length;
  const what = run.path === null ? `${run.sequences} sequences of up to ${run.maxCommands} commands${run.interrupted ? ' (stopped by the time budget)' : ''}` : `replay of path ${code(run.path)}`;
  return cell(`${held} of ${c.properties.length} invariants held over ${what}, seed ${run.seed}, ${(run.durationMs / 1000).toFixed(1)} s; link faults: ${run.faults.join(', ') || 'none'}`);
}

function matrix(requirements: readonly RequirementResult[], properties: readonly PropertyResult[]): string[] {
  const rows = requirements.map((r) => {
    const status = r.status === 'passed' ? `${PASS} passed` : `${FAIL} failed: ${r.reason ?? ''}`;
    const property = properties.find((p) => p.id === r.id);
    const scenarios =
      property !== undefined
        ? `property run: ${property.runs} generated sequences${property.counterexample === null ? '' : `, counterexample [${property.counterexample.files.text}](${encodeURI(property.counterexample.files.text)})`}`
        : r.scenarios.length === 0
          ? '—'
          : r.scenarios.map((s) => `${s.status === 'passed' ? PASS : FAIL} ${s.name} (${s.uri}:${s.line})`).join('\n');
    return `| [${r.id}](${r.source}) | ${cell(status)} | ${cell(scenarios)} |`;
  });
  return ['## Requirements', '', '| Requirement | Status | Scenarios |', '|---|---|---|', ...rows];
}

/** A shell-quoted `--name` regex that selects exactly this scenario (and its outline siblings). */
function replayOne(replayCommand: string, scenario: string): string {
  const regex = `^${scenario.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  return `${replayCommand} --name '${regex.replace(/'/g, `'\\''`)}'`;
}

function failure(f: Failure, replayCommand: string): string[] {
  return [
    `### ${FAIL} ${f.scenario}`,
    '',
    `- Requirements: ${f.requirements.length === 0 ? '(none tagged)' : f.requirements.join(', ')}`,
    `- Scenario: ${code(`${f.uri}:${f.line}`)} (${f.status})`,
    `- Failing step: ${f.step === null ? '—' : code(f.step)}`,
    `- Trace: ${f.trace === null ? 'none attached' : `[${f.trace}](${encodeURI(f.trace)})`}`,
    `- Replay: ${code(replayOne(replayCommand, f.scenario))}`,
    '',
    block(f.message, 'text'),
  ];
}

/** A failed invariant: what broke, the shrunk commands, the interleaving, the replay command and the files. */
function propertyFailure(p: PropertyResult): string[] {
  const ce = p.counterexample;
  if (ce === null) return [];
  return [
    `### ${FAIL} ${p.id}`,
    '',
    `- Invariant: ${cell(p.statement)}`,
    `- Found after ${p.runs} sequences (seed ${p.seed}), shrunk ${ce.shrinks} times to ${ce.commands.length} commands; ${ce.reproduced ? 'a fresh replay fails the same way' : 'a fresh replay did **not** fail again (timing may matter)'}`,
    `- Replay: ${code(p.replayCommand ?? '')}`,
    `- Files: [${ce.files.text}](${encodeURI(ce.files.text)}), regression scenario [${ce.files.feature}](${encodeURI(ce.files.feature)}), simulator script [${ce.files.script}](${encodeURI(ce.files.script)}), trace [${ce.files.trace}](${encodeURI(ce.files.trace)})`,
    '',
    block(ce.message, 'text'),
    '',
    'The commands:',
    '',
    ...ce.commands.map((command, i) => `${i + 1}. ${command.replace(/([*_`[\]])/g, '\\$1')}`),
    '',
    'As it happened:',
    '',
    block(ce.log.join('\n'), 'text'),
  ];
}

function unproved(requirements: readonly RequirementResult[], properties: readonly PropertyResult[]): string[] {
  const missing = requirements.filter((r) => r.scenarios.length === 0 && !properties.some((p) => p.id === r.id));
  if (missing.length === 0) return [];
  return ['## Requirements no scenario proved', '', ...missing.map((r) => `- **${r.id}** — ${r.statement}`), ''];
}

export function renderMarkdown(c: Certificate): string {
  const lines = [...header(c), '', ...matrix(c.requirements, c.properties), ''];
  if (c.failures.length > 0) {
    lines.push('## Failures', '');
    for (const f of c.failures) lines.push(...failure(f, c.replayCommand), '');
  }
  const counterexamples = c.properties.filter((p) => p.counterexample !== null);
  if (counterexamples.length > 0) {
    lines.push('## Property counterexamples', '');
    for (const p of counterexamples) lines.push(...propertyFailure(p), '');
  }
  lines.push(...unproved(c.requirements, c.properties));
  if (c.findings.length > 0) lines.push('## Declared vs observed', '', ...c.findings.map((f) => `- ${cell(f)}`), '');
  if (c.runErrors.length > 0) lines.push('## Run errors', '', ...c.runErrors.map((e) => `- ${cell(e)}`), '');
  lines.push(
    '## Replay',
    '',
    'Rerun this certification with:',
    '',
    block(c.replayCommand, 'sh'),
    '',
    'Each failure names its scenario as `file:line`; the trace files hold what the adapter was sent and what it did.',
    '',
    '## Verify',
    '',
    `Re-run what this certificate describes and compare every scenario's verdict and transcript (\`${c.transcripts.file}\` must stay beside \`certificate.json\`):`,
    '',
    block('npx switchboard verify <report folder>/certificate.json', 'sh'),
    '',
  );
  return lines.join('\n');
}
