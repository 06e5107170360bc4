/**
 * Compares a certificate with a re-run of what it describes, scenario by scenario: the verdict and
 * the normalized transcript. Pure: `switchboard verify` does the running, this does the judging
 * and the words.
 */
import type { Certificate, TranscriptDigest } from './certificate-schema.ts';
import { scenarioKey, transcriptHash, type ScenarioTranscript, type TranscriptsFile } from './transcripts.ts';
import { fit, painter, WIDTH } from './terminal.ts';

type Status = TranscriptDigest['status'];

/** Where two transcripts part: the first line (1-based) that differs, with each side's text (null = no such line). */
export interface LineDifference {
  readonly line: number;
  readonly certified: string | null;
  readonly now: string | null;
}

export type TranscriptDifference =
  | { readonly kind: 'line'; readonly at: LineDifference }
  /** The certificate's hash disagrees with the re-run, but the transcripts file agrees with it: the certificate was altered. */
  | { readonly kind: 'hash-only' }
  /** The hashes disagree and there is no transcripts file to show the line. */
  | { readonly kind: 'no-file' };

export type ScenarioCheck =
  | { readonly kind: 'same'; readonly key: string; readonly name: string; readonly status: Status; readonly lines: number }
  | {
      readonly kind: 'differs';
      readonly key: string;
      readonly name: string;
      /** null when the verdicts agree. */
      readonly verdict: { readonly certified: Status; readonly now: Status } | null;
      /** null when the transcripts agree. */
      readonly transcript: TranscriptDifference | null;
    }
  /** In the certificate, but the re-run did not run it. */
  | { readonly kind: 'missing'; readonly key: string; readonly name: string }
  /** Run now, but the certificate does not know it. */
  | { readonly kind: 'unexpected'; readonly key: string; readonly name: string };

export interface Comparison {
  readonly scenarios: readonly ScenarioCheck[];
  /** Differences outside any one scenario: the overall verdict, a requirement, the transcripts file. */
  readonly general: readonly string[];
  readonly matches: boolean;
}

export interface CertifiedEvidence {
  readonly certificate: Certificate;
  /** The transcripts file beside the certificate, when there is one. */
  readonly transcripts: TranscriptsFile | undefined;
  /** False when the file's bytes do not hash to what the certificate says. */
  readonly transcriptsHashMatches: boolean;
}

export interface RerunEvidence {
  readonly certificate: Certificate;
  readonly transcripts: TranscriptsFile;
}

/** The first line (1-based) where two transcripts differ; null when they are equal. */
export function firstDifference(certified: readonly string[], now: readonly string[]): LineDifference | null {
  const length = Math.max(certified.length, now.length);
  for (let i = 0; i < length; i += 1) {
    if (certified[i] !== now[i]) return { line: i + 1, certified: certified[i] ?? null, now: now[i] ?? null };
  }
  return null;
}

function byKey<T extends { readonly uri: string; readonly line: number }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [scenarioKey(item), item]));
}

function compareScenario(digest: TranscriptDigest, certifiedLines: ScenarioTranscript | undefined, now: ScenarioTranscript): ScenarioCheck {
  const key = scenarioKey(digest);
  const verdict = digest.status === now.status ? null : { certified: digest.status, now: now.status };
  const hashAgrees = digest.sha256 === transcriptHash(now.transcript);
  const lineDifference = certifiedLines === undefined ? null : firstDifference(certifiedLines.transcript, now.transcript);
  let transcript: TranscriptDifference | null = null;
  if (lineDifference !== null) transcript = { kind: 'line', at: lineDifference };
  else if (!hashAgrees) transcript = certifiedLines === undefined ? { kind: 'no-file' } : { kind: 'hash-only' };
  if (verdict === null && transcript === null) return { kind: 'same', key, name: digest.name, status: now.status, lines: now.transcript.length };
  return { kind: 'differs', key, name: digest.name, verdict, transcript };
}

export function compareEvidence(certified: CertifiedEvidence, rerun: RerunEvidence): Comparison {
  const general: string[] = [];
  const c = certified.certificate;
  const n = rerun.certificate;
  if (certified.transcripts !== undefined && !certified.transcriptsHashMatches) {
    general.push(`${c.transcripts.file} is not the file the certificate hashes (it was changed after the run)`);
  }
  if (c.verdict !== n.verdict) general.push(`verdict: certified ${c.verdict}, now ${n.verdict}`);
  const nowRequirements = new Map(n.requirements.map((r) => [r.id, r.status]));
  for (const r of c.requirements) {
    const now = nowRequirements.get(r.id);
    if (now === undefined) general.push(`requirement ${r.id}: certified ${r.status}, not judged now`);
    else if (now !== r.status) general.push(`requirement ${r.id}: certified ${r.status}, now ${now}`);
    nowRequirements.delete(r.id);
  }
  for (const [id, status] of nowRequirements) general.push(`requirement ${id}: not in the certificate, now ${status}`);
  general.push(...comparePropertyRuns(c, n));

  const certifiedLines = certified.transcripts === undefined ? undefined : byKey(certified.transcripts.scenarios);
  const nowScenarios = byKey(rerun.transcripts.scenarios);
  const scenarios: ScenarioCheck[] = [];
  for (const digest of c.transcripts.scenarios) {
    const key = scenarioKey(digest);
    const now = nowScenarios.get(key);
    nowScenarios.delete(key);
    scenarios.push(now === undefined ? { kind: 'missing', key, name: digest.name } : compareScenario(digest, certifiedLines?.get(key), now));
  }
  for (const [key, now] of nowScenarios) scenarios.push({ kind: 'unexpected', key, name: now.name });

  return { scenarios, general, matches: general.length === 0 && scenarios.every((s) => s.kind === 'same') };
}

export interface ComparisonTextOptions {
  readonly color: boolean;
  /** Where the re-run's reports are, named when something differs. */
  readonly rerunDir?: string;
}

function transcriptWords(difference: TranscriptDifference, file: string): string[] {
  switch (difference.kind) {
    case 'line': {
      const { line, certified, now } = difference.at;
      return [
        `transcript differs at line ${line}:`,
        `      certified: ${certified ?? '(no line: the certified transcript ends here)'}`,
        `      now:       ${now ?? '(no line: the transcript now ends here)'}`,
      ];
    }
    case 'hash-only':
      return [`transcript hash in the certificate differs, though ${file} agrees with the re-run (the certificate was altered)`];
    case 'no-file':
      return [`transcript differs (its hash; ${file} is not beside the certificate to show the line)`];
  }
}

/** Scenario by scenario, then what differs outside them, then one line of verdict. */
export function renderComparison(comparison: Comparison, certificate: Certificate, options: ComparisonTextOptions): string {
  const paint = painter(options.color);
  const red = paint('1;31');
  const green = paint('1;32');
  const lines: string[] = [];
  for (const s of comparison.scenarios) {
    switch (s.kind) {
      case 'same':
        lines.push(
          fit(
            `  ${green('=')} ${s.status.padEnd(7)} ${`${s.lines} line${s.lines === 1 ? '' : 's'}`.padStart(9)}  ${s.key}  ${s.name}`,
            WIDTH + (options.color ? 11 : 0),
          ),
        );
        break;
      case 'differs': {
        const parts: string[] = [];
        if (s.verdict !== null) parts.push(`verdict: certified ${s.verdict.certified}, now ${s.verdict.now}`);
        const transcript = s.transcript === null ? [] : transcriptWords(s.transcript, certificate.transcripts.file);
        if (transcript[0] !== undefined) parts.push(transcript[0]);
        lines.push(`  ${red('≠')} ${s.key}  ${s.name} — ${parts.join('; ')}`, ...transcript.slice(1));
        break;
      }
      case 'missing':
        lines.push(`  ${red('≠')} ${s.key}  ${s.name} — certified, but the re-run did not run it`);
        break;
      case 'unexpected':
        lines.push(`  ${red('≠')} ${s.key}  ${s.name} — run now, but not in the certificate`);
        break;
    }
  }
  for (const g of comparison.general) lines.push(`  ${red('≠')} ${g}`);
  const total = comparison.scenarios.length;
  const differing = comparison.scenarios.filter((s) => s.kind !== 'same');
  lines.push('');
  if (comparison.matches) {
    lines.push(green(`✔ MATCHES: all ${total} scenarios have the verdict and the transcript the certificate records (${certificate.verdict}).`));
  } else {
    const named = differing.map((s) => `${s.name} (${s.key})`);
    const what =
      differing.length === 0
        ? 'no scenario differs'
        : `${differing.length} of ${total} scenario${total === 1 ? '' : 's'} differ${differing.length === 1 ? 's' : ''}: ${named.join('; ')}`;
    const also = comparison.general.length === 0 ? '' : `; also ${comparison.general.length} other difference${comparison.general.length === 1 ? '' : 's'}`;
    lines.push(red(`✘ DIFFERS: ${what}${also}.`));
    if (options.rerunDir !== undefined) lines.push(`the re-run's reports: ${options.rerunDir}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The property run, as far as a re-run can reproduce it: the same seed and settings explore the
 * same sequences in the same order, so whether the minimum was reached, which faults were needed
 * and applied, each invariant's status and a counterexample's path must agree. How many sequences
 * fitted in the time budget depends on the machine, and is not compared.
 */
function comparePropertyRuns(certified: Certificate, now: Certificate): string[] {
  const c = certified.propertyRun;
  const n = now.propertyRun;
  if (c === null || n === null) return c === n ? [] : [`property run: certified ${c === null ? 'none' : 'one'}, now ${n === null ? 'none' : 'one'}`];
  const out: string[] = [];
  const same = (what: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`property run ${what}: certified ${JSON.stringify(a)}, now ${JSON.stringify(b)}`);
  };
  same('seed', c.seed, n.seed);
  same(
    'settings',
    { runs: c.runsRequested, budget: c.timeBudgetMs, maxTime: c.maxTimeMs, maxCommands: c.maxCommands, path: c.path },
    { runs: n.runsRequested, budget: n.timeBudgetMs, maxTime: n.maxTimeMs, maxCommands: n.maxCommands, path: n.path },
  );
  same('minimum reached', c.sequences >= c.minimumSequences, n.sequences >= n.minimumSequences);
  same('faults needed', c.faults, n.faults);
  same(
    'faults applied',
    c.faults.map((f) => (c.faultsApplied[f] ?? 0) > 0),
    n.faults.map((f) => (n.faultsApplied[f] ?? 0) > 0),
  );
  const nowProperties = new Map(now.properties.map((p) => [p.id, p]));
  for (const p of certified.properties) {
    const again = nowProperties.get(p.id);
    same(
      p.id,
      { status: p.status, counterexample: p.counterexample?.path ?? null },
      again === undefined ? null : { status: again.status, counterexample: again.counterexample?.path ?? null },
    );
  }
  return out;
}
