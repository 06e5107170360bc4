/**
 * certificate.md: the certificate as a readable report — header, requirement matrix, failures
 * with their trace files, and the command that replays the run.
 */
import { MODE_TITLES } from '../contract/pega/modes.ts';
import type { Certificate, Failure, PropertyResult, RequirementResult, ScenarioRef } from './certificate-schema.ts';
import { coverageSummary } from './coverage-words.ts';
import { diagramPath } from './diagrams.ts';
import { slugify } from './slug.ts';
import { plural } from './terminal.ts';
import { requirementCounts } from './verdict-words.ts';

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

const BLOCKED = '⛔';
const NOT_JUDGED = '◌';

const VERDICT_TITLES: Readonly<Record<Certificate['verdict'], string>> = {
  conformant: `${PASS} CONFORMANT`,
  'not-conformant': `${FAIL} NOT CONFORMANT`,
  incomplete: '◐ INCOMPLETE',
  error: '⚠ ERROR (the lab itself failed)',
};

const STATUS_MARKS: Readonly<Record<RequirementResult['status'], string>> = {
  passed: `${PASS} passed`,
  failed: `${FAIL} failed`,
  blocked: `${BLOCKED} blocked`,
  'not-judged': `${NOT_JUDGED} not judged`,
};

const SCENARIO_MARKS: Readonly<Record<ScenarioRef['status'], string>> = {
  passed: PASS,
  failed: FAIL,
  blocked: BLOCKED,
  skipped: NOT_JUDGED,
  'not-run': NOT_JUDGED,
};

function header(c: Certificate): string[] {
  const identity = Object.entries(c.adapter.identity)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const seeds = Object.entries(c.seeds)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const s = c.scenarios;
  return [
    '# Pega Call OpenCTI adapter conformance certificate',
    '',
    `**Verdict: ${VERDICT_TITLES[c.verdict]}** for ${MODE_TITLES[c.mode]} (\`${c.mode}\`)`,
    '',
    ...c.verdictReasons.map((reason) => `- ${cell(reason)}`),
    '',
    '| | |',
    '|---|---|',
    ...(c.shard === null
      ? []
      : [
          `| Shard | ${c.shard.index} of ${c.shard.total}: this certificate judges only its slice; \`switchboard merge\` of every shard's reports gives the verdict |`,
        ]),
    ...(c.mergedShards === null ? [] : [`| Merged | from ${c.mergedShards} shards by \`switchboard merge\` |`]),
    `| Mode | ${cell(MODE_TITLES[c.mode])} (${code(c.mode)}) |`,
    `| Adapter | ${code(c.adapter.spec)} (${cell(c.adapter.kind)}) |`,
    `| Adapter identity | ${identity === '' ? '—' : cell(identity)} |`,
    `| Suite | ${cell(`${c.suite.name} ${c.suite.version}`)} |`,
    `| Features hash | ${code(c.suite.featuresHash)} |`,
    `| Scenarios | ${c.scenariosSkipped ? 'skipped (`--no-scenarios`)' : `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped, ${s.total} total`} |`,
    `| Property run | ${propertySummary(c)} |`,
    `| Requirements | ${requirementCounts(c)} |`,
    ...(c.labError === null ? [] : [`| Lab error | ${cell(c.labError.message)} (stack: [${c.labError.log}](${encodeURI(c.labError.log)})) |`]),
    `| Run | ${c.timings.startedAt} → ${c.timings.finishedAt} (${(c.timings.durationMs / 1000).toFixed(1)} s) |`,
    `| Scenarios selected | ${code(c.run.tagExpression)}${c.run.names.length === 0 ? '' : `, names matching ${c.run.names.map(code).join(' or ')}`} |`,
    `| Timing | deadline ${c.run.deadlineMs} ms, quiet window ${c.run.quietMs} ms${c.run.adapterTimings === undefined ? '' : `; adapter reconnect backoff offered ${c.run.adapterTimings.reconnectMinMs}–${c.run.adapterTimings.reconnectMaxMs} ms`} |`,
    `| Seeds | ${seeds === '' ? 'none (the run makes no random choice)' : cell(seeds)} |`,
    `| Transcripts | [${c.transcripts.file}](${encodeURI(c.transcripts.file)}) ${code(c.transcripts.sha256)}, ${c.transcripts.scenarios.length} scenarios |`,
    ...(c.wireLog === undefined ? [] : [`| Wire log | ${wireLogSummary(c.wireLog)} |`]),
  ];
}

function wireLogSummary(wire: NonNullable<Certificate['wireLog']>): string {
  const cut = wire.cut ? '; cut at its cap, later frames are not in it' : '';
  return `[${wire.file}](${encodeURI(wire.file)}): ${wire.frames} CTI frames of the scenarios, both ways, credentials as \`***\` (${wire.bytes} bytes${cut})`;
}

function propertySummary(c: Certificate): string {
  const run = c.propertyRun;
  if (run === null && c.shard !== null && c.shard.index !== c.shard.total)
    return `run by shard ${c.shard.total} of ${c.shard.total}: its OCTI-PROP-* requirements are judged there`;
  if (run === null && c.interruption !== null) return cell(`not run: interrupted by ${c.interruption.signal} during the ${c.interruption.during}`);
  if (run === null) return 'skipped (`--no-properties`): the OCTI-PROP-* requirements are not judged';
  if (run.error !== null) return cell(`not judged: ${run.error}`);
  const held = c.properties.filter((p) => p.status === 'passed').length;
  const what =
    run.path === null
      ? `${run.sequences} sequences of up to ${run.maxCommands} commands (at least ${run.minimumSequences} judge the invariants)`
      : `replay of path ${code(run.path)}`;
  const applied = run.faults.map((f) => `${f} ×${run.faultsApplied[f] ?? 0}`).join(', ');
  return cell(
    `${held} of ${c.properties.length} invariants held over ${what}, seed ${run.seed}, ${(run.durationMs / 1000).toFixed(1)} s; link faults applied: ${applied || 'none'}${run.coverage === undefined ? '' : `; ${coverageSummary(run.coverage)}`}`,
  );
}

function matrix(requirements: readonly RequirementResult[], properties: readonly PropertyResult[]): string[] {
  const rows = requirements.map((r) => {
    const status = r.reason === null ? STATUS_MARKS[r.status] : `${STATUS_MARKS[r.status]}: ${r.reason}`;
    const property = properties.find((p) => p.id === r.id);
    const scenarios =
      property !== undefined
        ? `property run: ${plural(property.runs, 'generated sequence')}${property.counterexample === null ? '' : `, counterexample [${property.counterexample.files.text}](${encodeURI(property.counterexample.files.text)})`}`
        : r.scenarios.length === 0
          ? '—'
          : r.scenarios.map((s) => `${SCENARIO_MARKS[s.status]} ${s.name} (${s.uri}:${s.line})${s.status === 'not-run' ? ', not run' : ''}`).join('\n');
    return `| [${r.id}](${r.source}) | ${cell(status)} | ${cell(scenarios)} |`;
  });
  return ['## Requirements', '', '| Requirement | Status | Scenarios |', '|---|---|---|', ...rows];
}

/**
 * The run's command with a shell-quoted `--name` regex that selects exactly this scenario (and its
 * outline siblings), writing into its own folder inside the reports it debugs, never over them.
 */
function replayOne(replayCommand: string, scenario: string): string {
  const regex = `^${scenario.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const folder = `replay-${slugify('', scenario)}`;
  // The --out word as certify shell-quoted it: quoted runs and unquoted characters, up to a space.
  const out = / --out ((?:'[^']*'|[^\s'])+)/;
  // A shard's slice is dealt after --name selects, so the one scenario is no longer in it.
  const whole = replayCommand.replace(/ --shard \d+\/\d+/, '');
  // The folder's slug needs no quoting, so it can go inside a closing quote: 'my reports/replay-…'.
  const inside = (dir: string): string => (dir.endsWith("'") ? `${dir.slice(0, -1)}/${folder}'` : `${dir}/${folder}`);
  const command = out.test(whole) ? whole.replace(out, (_whole, dir: string) => ` --out ${inside(dir)}`) : `${whole} --out reports/${folder}`;
  return `${command} --name '${regex.replace(/'/g, `'\\''`)}'`;
}

const FAILURE_KINDS: Readonly<Record<Failure['kind'], { readonly mark: string; readonly against: string }>> = {
  failed: { mark: FAIL, against: 'Evidence against' },
  blocked: { mark: BLOCKED, against: 'Blocked (failed in set-up, before reaching what it proves)' },
  skipped: { mark: NOT_JUDGED, against: 'Not judged (skipped)' },
};

function failure(f: Failure, replayCommand: string): string[] {
  const kind = FAILURE_KINDS[f.kind];
  return [
    `### ${kind.mark} ${f.scenario}`,
    '',
    `- ${kind.against}: ${f.requirements.length === 0 ? '(no requirement)' : f.requirements.join(', ')}`,
    `- Scenario: ${code(`${f.uri}:${f.line}`)} (${f.status})`,
    `- Failing step: ${f.step === null ? '—' : code(f.step)}`,
    `- Trace: ${f.trace === null ? 'none attached' : `[${f.trace}](${encodeURI(f.trace)}), sequence diagram [${diagramPath(f.trace)}](${encodeURI(diagramPath(f.trace))})`}`,
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
    `- Files: [${ce.files.text}](${encodeURI(ce.files.text)}), regression scenario [${ce.files.feature}](${encodeURI(ce.files.feature)}), simulator script [${ce.files.script}](${encodeURI(ce.files.script)}), trace [${ce.files.trace}](${encodeURI(ce.files.trace)}), sequence diagram [${ce.files.diagram}](${encodeURI(ce.files.diagram)})`,
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

function unjudged(requirements: readonly RequirementResult[]): string[] {
  const missing = requirements.filter((r) => r.status === 'not-judged' || r.status === 'blocked');
  if (missing.length === 0) return [];
  return ['## Requirements not judged', '', ...missing.map((r) => `- **${r.id}** (${r.status.replace('-', ' ')}) — ${cell(r.reason ?? '')}`), ''];
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
  lines.push(...unjudged(c.requirements));
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
