/**
 * Judges a run: which requirements of the claimed mode its scenarios proved, which scenarios
 * failed and why, and the verdict. Pure: the same summary and inputs give the same certificate.
 */
import type { TelephonyMode } from '../contract/pega/modes.ts';
import { modeIncludes } from '../contract/pega/modes.ts';
import type { Requirement } from '../contract/pega/requirements.ts';
import type { Certificate, Failure, PropertyResult, PropertyRun, RequirementResult, ScenarioRef, Shard, Transcripts } from './certificate-schema.ts';
import { compareCases, type RunSummary, type TestCaseSummary } from './messages.ts';
import { tracePaths } from './slug.ts';
import { requirementTags } from './tags.ts';

export type { Certificate, Counterexample, Failure, PropertyResult, PropertyRun, RequirementResult, RunSettings, ScenarioRef, Shard, TranscriptDigest, Transcripts } from './certificate-schema.ts';

export const NO_SCENARIO_REASON = 'no scenario proved it';

export interface CertificateInput {
  readonly summary: RunSummary;
  readonly requirements: readonly Requirement[];
  readonly mode: TelephonyMode;
  readonly adapter: { readonly spec: string; readonly kind: string; readonly identity: Readonly<Record<string, string>> };
  readonly suite: { readonly name: string; readonly version: string; readonly featuresHash: string };
  readonly startedAt: Date;
  readonly finishedAt: Date;
  /** The command line that reruns this certification, printed in the report. */
  readonly replayCommand: string;
  readonly run: { readonly tagExpression: string; readonly names: readonly string[]; readonly deadlineMs: number; readonly quietMs: number };
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
}

/** A requirement applies from its mode upwards, or to its mode alone when marked `only`. */
export function requirementApplies(requirement: Requirement, mode: TelephonyMode): boolean {
  return requirement.only === true ? requirement.mode === mode : modeIncludes(mode, requirement.mode);
}

function scenarioRef(testCase: TestCaseSummary): ScenarioRef {
  return { name: testCase.name, uri: testCase.uri, line: testCase.line, status: testCase.status };
}

function judgeRequirement(requirement: Requirement, cases: readonly TestCaseSummary[]): RequirementResult {
  const proving = cases.filter((c) => requirementTags(c.tags).includes(requirement.id));
  const notPassed = proving.filter((c) => c.status !== 'passed').length;
  const reason =
    proving.length === 0 ? NO_SCENARIO_REASON : notPassed > 0 ? `${notPassed} of ${proving.length} scenario${proving.length === 1 ? '' : 's'} did not pass` : null;
  return {
    id: requirement.id,
    statement: requirement.statement,
    source: requirement.source,
    status: reason === null ? 'passed' : 'failed',
    reason,
    scenarios: proving.map(scenarioRef),
  };
}

function failureOf(testCase: TestCaseSummary, trace: string | undefined): Failure {
  const fallback = testCase.status === 'skipped' ? 'the scenario was skipped, so it proves nothing' : 'the scenario failed without a failing step';
  return {
    scenario: testCase.name,
    uri: testCase.uri,
    line: testCase.line,
    status: testCase.status,
    requirements: requirementTags(testCase.tags),
    step: testCase.failedStep?.text ?? null,
    message: testCase.failedStep?.message ?? fallback,
    trace: trace ?? null,
  };
}

/** A requirement proved by the property run: its invariant's result. */
function judgeProperty(requirement: Requirement, properties: NonNullable<CertificateInput['properties']>): RequirementResult {
  const result = properties.results.find((p) => p.id === requirement.id);
  const error = properties.run.error;
  const reason =
    error !== null
      ? `the property run judged nothing: ${error}`
      : result === undefined
        ? 'the property run did not judge it'
        : result.status === 'passed'
          ? null
          : `the property run found a counterexample: ${(result.counterexample?.message ?? '').split('\n')[0] ?? ''}`;
  return { id: requirement.id, statement: requirement.statement, source: requirement.source, status: reason === null ? 'passed' : 'failed', reason, scenarios: [] };
}

/** Only a scenario that ran and failed says something about the claimed mode; an unproved requirement says nothing. */
function findingsOf(catalogue: readonly Requirement[], judged: readonly RequirementResult[]): string[] {
  return judged.flatMap((result) => {
    const mismatch = catalogue.find((r) => r.id === result.id)?.mismatch;
    const failedScenario = result.scenarios.some((scenario) => scenario.status !== 'passed');
    return mismatch !== undefined && failedScenario ? [`${mismatch} (${result.id})`] : [];
  });
}

export function buildCertificate(input: CertificateInput): Certificate {
  const { summary, mode } = input;
  const cases = [...summary.testCases].sort(compareCases);
  const properties = input.properties;
  const shard = input.shard;
  const requirements = input.requirements
    .filter((r) => requirementApplies(r, mode))
    .filter((r) => (r.provedBy === 'properties' ? properties !== undefined : input.scenariosSkipped !== true))
    .map((r) => (r.provedBy === 'properties' && properties !== undefined ? judgeProperty(r, properties) : judgeRequirement(r, cases)))
    // A slice cannot say a requirement went unproved: another shard may hold its scenarios.
    .filter((r) => shard === undefined || r.reason !== NO_SCENARIO_REASON);
  const traces = tracePaths(summary);
  const failures = cases.filter((c) => c.status !== 'passed').map((c) => failureOf(c, traces.get(c.testCaseId)));
  const propertiesHeld = properties === undefined || (properties.run.error === null && properties.results.every((p) => p.status === 'passed'));
  const conformant = failures.length === 0 && summary.runErrors.length === 0 && requirements.every((r) => r.status === 'passed') && propertiesHeld;
  // Sorted so the file does not change with the order the driver reported its identity in.
  const identity = Object.fromEntries(Object.entries(input.adapter.identity).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    suite: { name: input.suite.name, version: input.suite.version, featuresHash: input.suite.featuresHash },
    adapter: { spec: input.adapter.spec, kind: input.adapter.kind, identity },
    mode,
    run: { tagExpression: input.run.tagExpression, names: [...input.run.names], deadlineMs: input.run.deadlineMs, quietMs: input.run.quietMs },
    seeds: Object.fromEntries(Object.entries(input.seeds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    verdict: conformant ? (shard === undefined ? 'conformant' : 'partial') : 'not-conformant',
    shard: shard === undefined ? null : { index: shard.index, total: shard.total, wholeRunCommand: shard.wholeRunCommand },
    mergedShards: input.mergedShards ?? null,
    requirements,
    failures,
    findings: findingsOf(input.requirements, requirements),
    runErrors: [...summary.runErrors],
    scenarios: { total: summary.counts.total, passed: summary.counts.passed, failed: summary.counts.failed, skipped: summary.counts.skipped },
    scenariosSkipped: input.scenariosSkipped === true,
    propertyRun: properties === undefined ? null : { ...properties.run, faults: [...properties.run.faults] },
    properties: properties === undefined ? [] : properties.results.map((p) => structuredClone(p)),
    timings: {
      startedAt: input.startedAt.toISOString(),
      finishedAt: input.finishedAt.toISOString(),
      durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    },
    replayCommand: input.replayCommand,
    transcripts: { file: input.transcripts.file, sha256: input.transcripts.sha256, scenarios: input.transcripts.scenarios.map((s) => ({ ...s })) },
  };
}
