/**
 * What each scenario is evidence of, and each requirement's status from its scenarios. A failure
 * is evidence only against what the scenario set out to prove, and only once it got there: a step
 * that fails in set-up (Given, a Before hook) blocks the requirement instead of failing it, and a
 * check that names the requirement it caught (an evidence attachment, e.g. OCTI-EVT-001 after any
 * scenario) is evidence against that requirement alone. Pure.
 */
import type { Requirement } from '../contract/pega/requirements.ts';
import type { Failure, RequirementResult, ScenarioJudgement, ScenarioRef } from './certificate-schema.ts';
import type { TestCaseSummary, UnrunScenario } from './messages.ts';
import { requirementTags } from './tags.ts';

/** Why the run left scenarios of the mode out, in words ("left out by --name"), for not-judged reasons. */
export interface Omissions {
  readonly scenariosSkipped: boolean;
  /** Set when the run was cut: a --name filter, a shard. */
  readonly why: string | null;
  /** Scenarios the run's CTI dialect cannot express (left out, never passed): name → why. */
  readonly inexpressible?: { readonly dialect: string; readonly scenarios: ReadonlyMap<string, string> };
}

/** `… were not run (why)`, naming the dialect's reason for the scenarios it cannot express. */
function notRunParts(left: readonly UnrunScenario[], omissions: Omissions): string[] {
  const limits = omissions.inexpressible;
  const reasons = [...new Set(left.flatMap((u) => limits?.scenarios.get(u.name) ?? []))];
  const cut = left.filter((u) => limits?.scenarios.get(u.name) === undefined).length;
  const parts: string[] = [];
  if (reasons.length > 0 && limits !== undefined) {
    const n = left.length - cut;
    parts.push(`${n} ${n === 1 ? 'was' : 'were'} not run: the ${limits.dialect} dialect cannot express ${n === 1 ? 'it' : 'them'} (${reasons.join('; ')})`);
  }
  if (cut > 0) parts.push(`${cut} ${cut === 1 ? 'was' : 'were'} not run${omissions.why === null ? '' : ` (${omissions.why})`}`);
  return parts;
}

/** What a case that did not pass is: evidence against requirements (failed), stopped in set-up (blocked), or nothing (skipped). */
export function failureKind(testCase: TestCaseSummary): Failure['kind'] {
  if (testCase.status === 'skipped') return 'skipped';
  const stage = testCase.failedStep?.stage;
  return stage === 'set-up' || stage === 'unfinished' ? 'blocked' : 'failed';
}

/** The requirements a failed case is evidence against: those its check named, else those it is tagged with. */
export function evidenceAgainst(testCase: TestCaseSummary): readonly string[] {
  return testCase.evidenceAgainst ?? requirementTags(testCase.tags);
}

/** What one case says about one requirement. */
function judgementFor(testCase: TestCaseSummary, id: string): ScenarioJudgement {
  if (testCase.status === 'passed') return 'passed';
  const kind = failureKind(testCase);
  if (kind === 'failed') return evidenceAgainst(testCase).includes(id) ? 'failed' : 'passed';
  return kind;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function where(testCase: { readonly name: string; readonly uri: string; readonly line: number }): string {
  return `"${testCase.name}" (${testCase.uri}:${testCase.line})`;
}

function more(count: number): string {
  return count > 1 ? ` (and ${count - 1} more scenario${count === 2 ? '' : 's'})` : '';
}

/**
 * A requirement proved by scenarios: `cases` are the run's test cases, `unrun` the scenarios of the
 * mode that it left out.
 */
export function judgeByScenarios(
  requirement: Requirement,
  cases: readonly TestCaseSummary[],
  unrun: readonly UnrunScenario[],
  omissions: Omissions,
): RequirementResult {
  const base = { id: requirement.id, statement: requirement.statement, source: requirement.source };
  if (omissions.scenariosSkipped) return { ...base, status: 'not-judged', reason: 'the scenarios were skipped (--no-scenarios)', scenarios: [] };

  const judged = cases
    .filter(
      (c) =>
        requirementTags(c.tags).includes(requirement.id) ||
        (c.status === 'failed' && failureKind(c) === 'failed' && evidenceAgainst(c).includes(requirement.id)),
    )
    .map((c) => ({ testCase: c, judgement: judgementFor(c, requirement.id) }));
  const left = unrun.filter((u) => requirementTags(u.tags).includes(requirement.id));
  const scenarios: ScenarioRef[] = [
    ...judged.map(({ testCase, judgement }) => ({ name: testCase.name, uri: testCase.uri, line: testCase.line, status: judgement })),
    ...left.map((u) => ({ name: u.name, uri: u.uri, line: u.line, status: 'not-run' as const })),
  ];

  const failed = judged.filter((j) => j.judgement === 'failed');
  const [firstFailed] = failed;
  if (firstFailed !== undefined) {
    const step = firstFailed.testCase.failedStep;
    const reason = `${step === null ? 'it' : `\`${step.text}\``} failed in ${where(firstFailed.testCase)}: ${firstLine(step?.message ?? 'no message')}${more(failed.length)}`;
    return { ...base, status: 'failed', reason, scenarios };
  }
  const blocked = judged.filter((j) => j.judgement === 'blocked');
  const [firstBlocked] = blocked;
  if (firstBlocked !== undefined) {
    const step = firstBlocked.testCase.failedStep;
    const how = step?.stage === 'unfinished' ? 'did not finish (the run stopped)' : 'failed in set-up, before reaching what it proves,';
    const reason = `${where(firstBlocked.testCase)} ${how} at \`${step?.text ?? '(scenario)'}\`: ${firstLine(step?.message ?? 'no message')}${more(blocked.length)}`;
    return { ...base, status: 'blocked', reason, scenarios };
  }
  const passed = judged.filter((j) => j.judgement === 'passed').length;
  const skipped = judged.length - passed;
  if (judged.length === 0 && left.length === 0) return { ...base, status: 'not-judged', reason: 'no scenario of the suite proves it in this mode', scenarios };
  if (left.length > 0 || skipped > 0) {
    const parts = [...notRunParts(left, omissions), ...(skipped > 0 ? [`${skipped} skipped`] : [])];
    return { ...base, status: 'not-judged', reason: `${passed} of ${scenarios.length} scenarios proving it passed; ${parts.join(', ')}`, scenarios };
  }
  return { ...base, status: 'passed', reason: null, scenarios };
}

/** A case that did not pass, for the certificate's failures: what kind of evidence it is and against which requirements. */
export function failureOf(testCase: TestCaseSummary, trace: string | undefined): Failure {
  const kind = failureKind(testCase);
  const fallback = kind === 'skipped' ? 'the scenario was skipped, so it proves nothing' : 'the scenario failed without a failing step';
  return {
    scenario: testCase.name,
    uri: testCase.uri,
    line: testCase.line,
    status: testCase.status,
    kind,
    requirements: [...(kind === 'failed' ? evidenceAgainst(testCase) : requirementTags(testCase.tags))],
    step: testCase.failedStep?.text ?? null,
    message: testCase.failedStep?.message ?? fallback,
    trace: trace ?? null,
  };
}
