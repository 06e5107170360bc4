/**
 * The certificate for GitHub Actions: workflow commands that annotate each failure at its scenario's
 * file and line (errors for failed requirements, warnings for blocked ones), a notice with the
 * verdict, and a step summary in Markdown. Pure text; the CLI decides when to print it.
 */
import type { Certificate } from './certificate-schema.ts';
import { requirementCounts, verdictHeadline } from './verdict-words.ts';

/** A workflow command's message: `%`, CR and LF escaped as GitHub reads them back. */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotations(c: Certificate): string[] {
  const lines = c.failures
    .filter((f) => f.kind !== 'skipped')
    .map((f) => {
      const level = f.kind === 'failed' ? 'error' : 'warning';
      const what = f.kind === 'failed' ? `fails ${f.requirements.join(', ') || 'no requirement'}` : `blocked (${f.requirements.join(', ')}): failed in set-up`;
      return `::${level} file=${property(f.uri)},line=${f.line},title=${property(`${f.scenario} — ${what}`)}::${data(`${f.step ?? '(scenario)'}: ${f.message}`)}`;
    });
  const invariants = c.properties
    .filter((p) => p.status === 'failed')
    .map(
      (p) =>
        `::error title=${property(`${p.id} failed in the property run`)}::${data(`${p.counterexample?.message ?? p.reason ?? ''}\nreplay: ${p.replayCommand ?? ''}`)}`,
    );
  const level = c.verdict === 'conformant' ? 'notice' : c.verdict === 'incomplete' ? 'warning' : 'error';
  return [...lines, ...invariants, `::${level} title=${property(`Switchboard: ${c.verdict}`)}::${data(verdictHeadline(c))}`];
}

/** The step summary: the verdict, why, and the requirements that did not pass. */
export function githubStepSummary(c: Certificate): string {
  const open = c.requirements.filter((r) => r.status !== 'passed');
  return [
    `### ${verdictHeadline(c).replace(/\|/g, '\\|')}`,
    '',
    `${c.mode} telephony, adapter \`${c.adapter.spec}\`; requirements: ${requirementCounts(c)}`,
    '',
    ...(open.length === 0
      ? []
      : [
          '| Requirement | Status | Why |',
          '|---|---|---|',
          ...open.slice(0, 50).map((r) => `| ${r.id} | ${r.status} | ${(r.reason ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`),
          '',
        ]),
  ].join('\n');
}
