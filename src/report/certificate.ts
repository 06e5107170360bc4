/**
 * Judges a run: which requirements of the claimed mode its scenarios proved, which scenarios
 * failed and why, and the verdict. Pure: the same summary and inputs give the same certificate.
 */
import type { TelephonyMode } from '../contract/pega/modes.ts';
import { modeIncludes } from '../contract/pega/modes.ts';
import type { Requirement } from '../contract/pega/requirements.ts';
import {
  CERTIFICATE_KIND,
  CERTIFICATE_SCHEMA_ID,
  CERTIFICATE_VERSION,
  type Certificate,
  type PropertyResult,
  type PropertyRun,
  type RequirementResult,
  type RunSettings,
  type Shard,
  type Transcripts,
  type Verdict,
} from './certificate-schema.ts';
import { findingsOf } from './findings.ts';
import { failureOf, judgeByScenarios, type Omissions } from './judge.ts';
import { compareCases, type RunSummary } from './messages.ts';
import { tracePaths } from './slug.ts';
import { plural } from './terminal.ts';
import { modeTagsApply } from './tags.ts';
import { transcriptsOf } from './transcripts.ts';

export type {
  Certificate,
  Counterexample,
  Failure,
  PropertyResult,
  PropertyRun,
  RequirementResult,
  RunSettings,
  ScenarioRef,
  Shard,
  TranscriptDigest,
  Transcripts,
} from './certificate-schema.ts';

export interface CertificateInput {
  readonly summary: RunSummary;
  readonly requirements: readonly Requirement[];
  readonly mode: TelephonyMode;
  readonly adapter: { readonly spec: string; readonly kind: string; readonly identity: Readonly<Record<string, string>> };
  readonly suite: Certificate['suite'];
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** The command line that reruns this certification, printed in the report. */
  readonly replayCommand: string;
  readonly run: {
    readonly tagExpression: string;
    readonly names: readonly string[];
    readonly deadlineMs: number;
    readonly quietMs: number;
    readonly dialect?: RunSettings['dialect'];
    /** The adapter timings the lab offered through the adapter's settings (src/harness/adapter-timings.ts); absent in older certificates. */
    readonly adapterTimings?: { readonly reconnectMinMs: number; readonly reconnectMaxMs: number };
  };
  /** The scenarios of the mode the run's dialect cannot express, left out with why (never passed: what only they prove is not judged). */
  readonly inexpressible?: Omissions['inexpressible'];
  /** Labelled seeds of the run's random choices; empty when it made none. */
  readonly seeds: Readonly<Record<string, number>>;
  /** The digest of the run's transcripts (`digestTranscripts`). */
  readonly transcripts: Transcripts;
  /** The property run and its invariants; absent when it was skipped (its requirements are then not judged). */
  readonly properties?: { readonly run: PropertyRun; readonly results: readonly PropertyResult[] };
  /** The scenarios were skipped: the requirements they prove are not judged. */
  readonly scenariosSkipped?: boolean;
  /**
   * The run is one slice of a sharded run: only the requirements its own scenarios (or its property
   * run) bear on are judged, and a slice that finds nothing wrong is `partial`, not conformant.
   */
  readonly shard?: Shard;
  /** The summary is the merge of this many shards' runs (`switchboard merge`). */
  readonly mergedShards?: number;
  /** The lab itself failed (verdict error): what, and the log file beside the certificate that has the stack. */
  readonly labError?: { readonly message: string; readonly log: string };
  /** A signal stopped the run: the reports hold what ran before it. */
  readonly interruption?: NonNullable<Certificate['interruption']>;
  /** The run kept a wire log (`--wire-log`): its file and what it holds. */
  readonly wireLog?: NonNullable<Certificate['wireLog']>;
}

/** A requirement applies from its mode upwards, or to its mode alone when marked `only`. */
export function requirementApplies(requirement: Requirement, mode: TelephonyMode): boolean {
  return requirement.only === true ? requirement.mode === mode : modeIncludes(mode, requirement.mode);
}

/** A requirement proved by the property run: its invariant's result, or why the run did not judge it. */
function judgeProperty(requirement: Requirement, input: CertificateInput): RequirementResult {
  const base = { id: requirement.id, statement: requirement.statement, source: requirement.source, scenarios: [] };
  const properties = input.properties;
  if (properties === undefined) {
    const elsewhere = input.shard !== undefined && input.shard.index !== input.shard.total;
    const why =
      input.interruption !== undefined
        ? `the run was interrupted (${input.interruption.signal}) before the property run`
        : elsewhere
          ? `the property run is in shard ${input.shard?.total} of ${input.shard?.total}`
          : 'the property run was skipped (--no-properties)';
    return { ...base, status: 'not-judged', reason: why };
  }
  if (properties.run.error !== null) return { ...base, status: 'not-judged', reason: `the property run judged nothing: ${properties.run.error}` };
  const result = properties.results.find((p) => p.id === requirement.id);
  if (result === undefined) return { ...base, status: 'not-judged', reason: 'the property run has no invariant for it in this mode' };
  return { ...base, status: result.status, reason: result.reason };
}

/** The run-level causes of an incomplete verdict, most telling first: what the run was asked to leave out. */
function incompleteCauses(input: CertificateInput, ran: number): string[] {
  const causes: string[] = [];
  if (input.interruption !== undefined)
    causes.push(`interrupted by ${input.interruption.signal} during the ${input.interruption.during}: only what ran before it is judged`);
  const replayed = input.run.names.length > 0;
  if (replayed) {
    const failed = input.summary.testCases.filter((c) => c.status !== 'passed').length;
    const left = input.summary.unrun.filter((u) => modeTagsApply(u.tags, input.mode)).length;
    const outcome = failed === 0 ? (ran === 1 ? 'passed' : 'all passed') : ran === 1 ? 'failed' : `${failed} failed`;
    causes.push(
      ran === 1
        ? `replay (--name): the selected scenario ${outcome}; the other ${left} of the mode were not run`
        : `--name filter: the ${ran} selected scenarios ${outcome}; the other ${left} of the mode were not run`,
    );
  }
  const limits = input.inexpressible;
  const inexpressible = limits === undefined ? 0 : input.summary.unrun.filter((u) => modeTagsApply(u.tags, input.mode) && limits.scenarios.has(u.name)).length;
  if (limits !== undefined && inexpressible > 0)
    causes.push(
      `the ${limits.dialect} dialect cannot express ${plural(inexpressible, 'scenario')} of the mode: left out, so what only they prove is not judged (docs/dialects/${limits.dialect}.md)`,
    );
  if (input.shard !== undefined)
    causes.push(`shard ${input.shard.index} of ${input.shard.total}: only \`switchboard merge\` of every shard's reports judges the whole run`);
  if (input.scenariosSkipped === true) causes.push('the scenarios were skipped (--no-scenarios)');
  const properties = input.properties;
  if (properties === undefined) {
    if (input.interruption === undefined && (input.shard === undefined || input.shard.index === input.shard.total))
      causes.push('the property run was skipped (--no-properties)');
  } else if (properties.run.path !== null) {
    const failed = properties.results.some((p) => p.status === 'failed');
    causes.push(`replay (--path): the selected property case ${failed ? 'failed' : 'passed'}; nothing else was explored`);
  } else if (properties.run.error !== null) {
    causes.push(`the property run judged nothing: ${properties.run.error}`);
  } else {
    const run = properties.run;
    if (run.sequences < run.minimumSequences) {
      causes.push(
        `the property run explored ${plural(run.sequences, 'sequence')}, fewer than the ${run.minimumSequences} a certifying run needs${run.interrupted ? ' (raise --max-time-ms)' : ''}`,
      );
    }
    const unapplied = unappliedFaults(run);
    if (unapplied !== null) causes.push(`the property run never applied ${unapplied}`);
  }
  return causes;
}

/** `the link fault closeLink: <why the lab withheld it>` for the faults a run needed and never applied; null when it applied all. */
export function unappliedFaults(run: PropertyRun): string | null {
  const never = run.faults.filter((f) => (run.faultsApplied[f] ?? 0) === 0);
  if (never.length === 0) return null;
  const why = never.flatMap((f) => (run.faultsWithheld[f] === undefined ? [] : [run.faultsWithheld[f]]));
  return `the link fault${never.length === 1 ? '' : 's'} ${never.join(', ')}${why.length === 0 ? '' : `: ${why.join('; ')}`}`;
}

/** The verdict and why, most telling reason first (TTCN-3's order: error over fail over inconclusive over pass). */
function verdictOf(
  input: CertificateInput,
  requirements: readonly RequirementResult[],
  outsideMatrix: number,
  ran: number,
): { verdict: Verdict; reasons: string[] } {
  const reasons = (list: readonly RequirementResult[], what: string): string[] => {
    const [first] = list;
    return first === undefined ? [] : [`${plural(list.length, 'requirement')} ${what}: ${first.id} ${first.reason ?? ''}`.trim()];
  };
  const failed = requirements.filter((r) => r.status === 'failed');
  const blocked = requirements.filter((r) => r.status === 'blocked');
  const notJudged = requirements.filter((r) => r.status === 'not-judged');
  const errors = [
    ...(input.labError === undefined ? [] : [`the lab itself failed: ${input.labError.message} (stack in ${input.labError.log})`]),
    ...input.summary.runErrors.map((e) => `the run failed outside any scenario: ${e}`),
  ];
  const failing = [...reasons(failed, 'failed'), ...(outsideMatrix > 0 ? [`${plural(outsideMatrix, 'scenario')} failed outside the requirement matrix`] : [])];
  const incomplete = [...incompleteCauses(input, ran), ...reasons(blocked, 'blocked'), ...reasons(notJudged, 'not judged')];
  if (errors.length > 0) return { verdict: 'error', reasons: [...errors, ...failing, ...incomplete] };
  if (failing.length > 0) return { verdict: 'not-conformant', reasons: [...failing, ...incomplete] };
  if (incomplete.length > 0) return { verdict: 'incomplete', reasons: incomplete };
  return { verdict: 'conformant', reasons: [`every one of the ${requirements.length} requirements of the mode was judged with full evidence and passed`] };
}

/** Why scenarios of the mode did not run, in words, for the requirements they would have proved. */
function omissionsOf(input: CertificateInput): Omissions {
  const why = [...(input.run.names.length > 0 ? ['left out by --name'] : []), ...(input.shard !== undefined ? ['dealt to another shard'] : [])];
  return {
    scenariosSkipped: input.scenariosSkipped === true,
    why: why.length === 0 ? null : why.join(' or '),
    ...(input.inexpressible === undefined ? {} : { inexpressible: input.inexpressible }),
  };
}

export function buildCertificate(input: CertificateInput): Certificate {
  const { summary, mode } = input;
  const cases = [...summary.testCases].sort(compareCases);
  const unrun = summary.unrun.filter((u) => modeTagsApply(u.tags, mode));
  const omissions = omissionsOf(input);
  const requirements = input.requirements
    .filter((r) => requirementApplies(r, mode))
    .map((r) => (r.provedBy === 'properties' ? judgeProperty(r, input) : judgeByScenarios(r, cases, unrun, omissions)));
  const traces = tracePaths(summary);
  const failures = cases.filter((c) => c.status !== 'passed').map((c) => failureOf(c, traces.get(c.testCaseId)));
  const outsideMatrix = failures.filter((f) => f.kind === 'failed' && !f.requirements.some((id) => requirements.some((r) => r.id === id))).length;
  const { verdict, reasons } = verdictOf(input, requirements, outsideMatrix, cases.length);
  const properties = input.properties;
  // Sorted so the file does not change with the order the driver reported its identity in.
  const identity = Object.fromEntries(Object.entries(input.adapter.identity).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    $schema: CERTIFICATE_SCHEMA_ID,
    kind: CERTIFICATE_KIND,
    version: CERTIFICATE_VERSION,
    suite: { ...input.suite },
    adapter: { spec: input.adapter.spec, kind: input.adapter.kind, identity },
    mode,
    run: {
      tagExpression: input.run.tagExpression,
      names: [...input.run.names],
      deadlineMs: input.run.deadlineMs,
      quietMs: input.run.quietMs,
      ...(input.run.dialect === undefined ? {} : { dialect: input.run.dialect }),
      ...(input.run.adapterTimings === undefined ? {} : { adapterTimings: { ...input.run.adapterTimings } }),
    },
    seeds: Object.fromEntries(Object.entries(input.seeds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    verdict,
    verdictReasons: reasons,
    interruption: input.interruption === undefined ? null : { ...input.interruption },
    labError: input.labError === undefined ? null : { ...input.labError },
    shard: input.shard === undefined ? null : { index: input.shard.index, total: input.shard.total, wholeRunCommand: input.shard.wholeRunCommand },
    mergedShards: input.mergedShards ?? null,
    requirements,
    failures,
    findings: findingsOf(input.requirements, requirements, transcriptsOf(summary)),
    runErrors: [...summary.runErrors],
    scenarios: { total: summary.counts.total, passed: summary.counts.passed, failed: summary.counts.failed, skipped: summary.counts.skipped },
    scenariosSkipped: input.scenariosSkipped === true,
    propertyRun:
      properties === undefined
        ? null
        : {
            ...properties.run,
            faults: [...properties.run.faults],
            faultsApplied: { ...properties.run.faultsApplied },
            faultsWithheld: { ...properties.run.faultsWithheld },
          },
    properties: properties === undefined ? [] : properties.results.map((p) => structuredClone(p)),
    timings: {
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    },
    replayCommand: input.replayCommand,
    transcripts: { file: input.transcripts.file, sha256: input.transcripts.sha256, scenarios: input.transcripts.scenarios.map((s) => ({ ...s })) },
    ...(input.wireLog === undefined ? {} : { wireLog: { ...input.wireLog } }),
    // Sealed once every report is written (seal.ts).
    integrity: null,
  };
}

/** The exit code of a verdict: 0 conformant, 1 not conformant, 3 incomplete, 2 error (as usage and setup errors). */
export function exitCodeOf(verdict: Verdict): 0 | 1 | 2 | 3 {
  return verdict === 'conformant' ? 0 : verdict === 'not-conformant' ? 1 : verdict === 'incomplete' ? 3 : 2;
}
