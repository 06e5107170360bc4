/**
 * Folds a run's Cucumber messages into a summary: one entry per test case that ran (its last
 * attempt when retried), with its status, the step that failed and why, and its attachments.
 * Pickles that were filtered out (Cucumber still emits them) have no test case and are left out.
 */
import { createGherkinIndex, indexGherkinDocument } from './gherkin-index.ts';
import { isLabUri } from './lab-cases.ts';
import { readMessages, type Message, type MessageOf, type StepStatus } from './ndjson.ts';
import { FAILING, describeFailure, errorText, hookLabel, lowercase, worstStatus } from './step-results.ts';

/** Media type of the trace the After hook attaches to a failed scenario (body = JSON text). */
export const TRACE_MEDIA_TYPE = 'application/vnd.switchboard.trace+json';

/** `undefined`, `pending`, `ambiguous` and a missing result all count as failed. */
export type ScenarioStatus = 'passed' | 'failed' | 'skipped';

export interface CaseAttachment {
  readonly mediaType: string;
  readonly body: string;
  readonly encoding: 'identity' | 'base64';
  readonly fileName: string | null;
}

/** The run error of a messages file that ends before testRunFinished: a crash, unless the run was interrupted on purpose. */
export const RUN_UNFINISHED = 'the run did not finish (no testRunFinished message): the results are incomplete';

/** Media type of what a failing check attaches to say which requirements the failure is evidence against (body = `{"requirements":[…]}`). */
export const EVIDENCE_MEDIA_TYPE = 'application/vnd.switchboard.evidence+json';

/**
 * Where in a scenario a step stands: `set-up` (a Given step, a Before hook) comes before what the
 * scenario proves; `action` (When), `outcome` (Then) and `after-hook` (the checks every scenario
 * ends with) are the proof; `unfinished`: the step never reported a result (the run stopped).
 */
export type StepStage = 'set-up' | 'action' | 'outcome' | 'after-hook' | 'unfinished';

export interface FailedStep {
  /** `Then the desktop gets …` for a Gherkin step, `After hook` (or the hook's name) for a hook. */
  readonly text: string;
  readonly status: Lowercase<StepStatus>;
  readonly message: string;
  readonly stage: StepStage;
}

export interface TestCaseSummary {
  readonly testCaseId: string;
  readonly name: string;
  readonly uri: string;
  readonly line: number;
  readonly tags: readonly string[];
  readonly status: ScenarioStatus;
  /** How many times the scenario ran (more than one when retried); 0 when it never started. */
  readonly attempts: number;
  /** The first step of the last attempt that went wrong; null when none did. */
  readonly failedStep: FailedStep | null;
  /** Attachments of the last attempt, in the order they were made. */
  readonly attachments: readonly CaseAttachment[];
  /** The requirements a failing check said this failure is evidence against (EVIDENCE_MEDIA_TYPE); null when none said. */
  readonly evidenceAgainst: readonly string[] | null;
  readonly durationMs: number | null;
}

/** A scenario Cucumber parsed but did not run: a tag, name or shard filter left it out. */
export interface UnrunScenario {
  readonly name: string;
  readonly uri: string;
  readonly line: number;
  readonly tags: readonly string[];
}

export interface RunSummary {
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly testCases: readonly TestCaseSummary[];
  /** Every parsed scenario without a test case, in stream order (filtered out by tag, name or shard). */
  readonly unrun: readonly UnrunScenario[];
  readonly counts: { readonly total: number; readonly passed: number; readonly failed: number; readonly skipped: number };
  /** Problems outside any scenario: parse errors, failed BeforeAll/AfterAll hooks, an unfinished run. */
  readonly runErrors: readonly string[];
}

type Timestamp = MessageOf<'testRunStarted'>['timestamp'];
type StepResult = MessageOf<'testStepFinished'>['testStepResult'];

interface Attempt {
  readonly started: MessageOf<'testCaseStarted'>;
  finished: MessageOf<'testCaseFinished'> | undefined;
  readonly results: Map<string, StepResult>;
  readonly attachments: CaseAttachment[];
}

function toMillis(t: Timestamp): number {
  return t.seconds * 1000 + Math.floor(t.nanos / 1e6);
}

function toIso(t: Timestamp | undefined): string | null {
  return t === undefined ? null : new Date(toMillis(t)).toISOString();
}

/** Folds parsed messages (in stream order) into a run summary. */
export function summarizeMessages(messages: readonly Message[]): RunSummary {
  const gherkin = createGherkinIndex();
  const pickles = new Map<string, MessageOf<'pickle'>>();
  const hooks = new Map<string, MessageOf<'hook'>>();
  const testCases: MessageOf<'testCase'>[] = [];
  const attempts = new Map<string, Attempt>();
  const attemptsByCase = new Map<string, Attempt[]>();
  const runHooks = new Map<string, string>();
  const runErrors: string[] = [];
  let runStarted: Timestamp | undefined;
  let runFinished: MessageOf<'testRunFinished'> | undefined;

  for (const message of messages) {
    switch (message.kind) {
      case 'gherkinDocument':
        indexGherkinDocument(gherkin, message.value);
        break;
      case 'pickle':
        // The certification's own test cases (verdict, invariants) are not scenarios.
        if (!isLabUri(message.value.uri)) pickles.set(message.value.id, message.value);
        break;
      case 'hook':
        hooks.set(message.value.id, message.value);
        break;
      case 'testCase':
        testCases.push(message.value);
        break;
      case 'testCaseStarted': {
        const attempt: Attempt = { started: message.value, finished: undefined, results: new Map(), attachments: [] };
        attempts.set(message.value.id, attempt);
        const list = attemptsByCase.get(message.value.testCaseId) ?? [];
        list.push(attempt);
        attemptsByCase.set(message.value.testCaseId, list);
        break;
      }
      case 'testCaseFinished': {
        const attempt = attempts.get(message.value.testCaseStartedId);
        if (attempt !== undefined) attempt.finished = message.value;
        break;
      }
      case 'testStepFinished':
        attempts.get(message.value.testCaseStartedId)?.results.set(message.value.testStepId, message.value.testStepResult);
        break;
      case 'attachment': {
        const { testCaseStartedId, mediaType, body, contentEncoding, fileName } = message.value;
        if (testCaseStartedId === undefined) break;
        attempts.get(testCaseStartedId)?.attachments.push({
          mediaType,
          body,
          encoding: contentEncoding === 'BASE64' ? 'base64' : 'identity',
          fileName: fileName ?? null,
        });
        break;
      }
      case 'testRunStarted':
        runStarted = message.value.timestamp;
        break;
      case 'testRunFinished':
        runFinished = message.value;
        break;
      case 'testRunHookStarted':
        runHooks.set(message.value.id, message.value.hookId);
        break;
      case 'testRunHookFinished': {
        const { result, testRunHookStartedId } = message.value;
        if (!FAILING.has(result.status) || result.status === 'UNKNOWN') break;
        const hook = hooks.get(runHooks.get(testRunHookStartedId) ?? '');
        runErrors.push(`${hookLabel(hook)} ${result.status.toLowerCase()}: ${errorText(result) ?? 'no message'}`);
        break;
      }
      case 'parseError': {
        const { source, message: text } = message.value;
        const where = `${source.uri ?? '(unknown file)'}${source.location === undefined ? '' : `:${source.location.line}`}`;
        runErrors.push(`Gherkin parse error in ${where}: ${text}`);
        break;
      }
    }
  }

  if (runFinished === undefined) runErrors.push(RUN_UNFINISHED);
  else if (runFinished.exception !== undefined) runErrors.push(`the run failed: ${runFinished.exception.message ?? runFinished.exception.type}`);
  else if (runFinished.message !== undefined && runFinished.message !== '') runErrors.push(`the run failed: ${runFinished.message}`);

  const summaries: TestCaseSummary[] = [];
  for (const testCase of testCases) {
    const pickle = pickles.get(testCase.pickleId);
    if (pickle === undefined) continue;
    summaries.push(summarizeCase(testCase, pickle, attemptsByCase.get(testCase.id) ?? []));
  }
  const ran = new Set(testCases.map((t) => t.pickleId));
  const unrun = [...pickles.values()]
    .filter((p) => !ran.has(p.id))
    .map((p): UnrunScenario => ({ name: p.name, uri: p.uri, line: pickleLine(p), tags: p.tags.map((t) => t.name) }));

  function pickleLine(pickle: MessageOf<'pickle'>): number {
    const lineNode = pickle.astNodeIds.findLast((id) => gherkin.lines.has(id));
    return (lineNode === undefined ? undefined : gherkin.lines.get(lineNode)) ?? pickle.location?.line ?? 0;
  }

  function summarizeCase(testCase: MessageOf<'testCase'>, pickle: MessageOf<'pickle'>, tries: readonly Attempt[]): TestCaseSummary {
    const base = {
      testCaseId: testCase.id,
      name: pickle.name,
      uri: pickle.uri,
      line: pickleLine(pickle),
      tags: pickle.tags.map((t) => t.name),
      attempts: tries.length,
    };
    // The highest attempt is the one that counts; earlier ones were retried.
    const last = tries.reduce<Attempt | undefined>((best, a) => (best === undefined || a.started.attempt >= best.started.attempt ? a : best), undefined);
    if (last === undefined) return { ...base, status: 'skipped', failedStep: null, attachments: [], evidenceAgainst: null, durationMs: null };

    const stepText = (step: MessageOf<'testCase'>['testSteps'][number]): string => {
      if (step.hookId !== undefined) return hookLabel(hooks.get(step.hookId));
      const pickleStep = pickle.steps.find((s) => s.id === step.pickleStepId);
      if (pickleStep === undefined) return '(unknown step)';
      const keyword = gherkin.keywords.get(pickleStep.astNodeIds[0] ?? '') ?? '';
      return `${keyword}${pickleStep.text}`.trim();
    };

    const stageOf = (step: MessageOf<'testCase'>['testSteps'][number]): StepStage => {
      if (step.hookId !== undefined) return hooks.get(step.hookId)?.type === 'BEFORE_TEST_CASE' ? 'set-up' : 'after-hook';
      const type = pickle.steps.find((s) => s.id === step.pickleStepId)?.type;
      return type === 'Context' ? 'set-up' : type === 'Outcome' ? 'outcome' : 'action';
    };

    // A step without a result counts as UNKNOWN, which also fails the case (below).
    const worst: StepStatus = worstStatus(testCase.testSteps.map((step) => last.results.get(step.id)?.status ?? 'UNKNOWN'));
    let failedStep: FailedStep | null = null;
    for (const step of testCase.testSteps) {
      const result = last.results.get(step.id);
      const status = result?.status ?? 'UNKNOWN';
      if (failedStep === null && FAILING.has(status)) {
        const text = stepText(step);
        const plain = pickle.steps.find((s) => s.id === step.pickleStepId)?.text ?? text;
        // A step with no result did not run: the run stopped, which says nothing about the adapter.
        failedStep = {
          text,
          status: lowercase(status),
          message: describeFailure(status, result, plain),
          stage: result === undefined ? 'unfinished' : stageOf(step),
        };
      }
    }
    // A scenario that stopped without a failing step proves nothing it set out to: a set-up problem, not evidence.
    if (last.finished === undefined && failedStep === null) {
      failedStep = { text: '(scenario)', status: 'unknown', message: 'the scenario did not finish (did the run stop?)', stage: 'unfinished' };
    } else if (last.finished?.willBeRetried === true && failedStep === null) {
      failedStep = { text: '(scenario)', status: 'unknown', message: 'a retry was announced but never ran', stage: 'unfinished' };
    }
    const status: ScenarioStatus = failedStep !== null || worst === 'UNKNOWN' ? 'failed' : worst === 'SKIPPED' ? 'skipped' : 'passed';
    if (status === 'failed' && failedStep === null) {
      failedStep = { text: '(scenario)', status: 'unknown', message: 'the scenario has no steps, so it proves nothing', stage: 'set-up' };
    }
    return {
      ...base,
      status,
      failedStep,
      attachments: last.attachments,
      evidenceAgainst: evidenceOf(last.attachments),
      durationMs: last.finished === undefined ? null : toMillis(last.finished.timestamp) - toMillis(last.started.timestamp),
    };
  }

  const count = (status: ScenarioStatus): number => summaries.filter((s) => s.status === status).length;
  return {
    startedAt: toIso(runStarted),
    finishedAt: toIso(runFinished?.timestamp),
    testCases: summaries,
    unrun,
    counts: { total: summaries.length, passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
    runErrors,
  };
}

/** The requirement ids the case's evidence attachments name, in order, once each; null when it has none. */
function evidenceOf(attachments: readonly CaseAttachment[]): string[] | null {
  const ids: string[] = [];
  let found = false;
  for (const attachment of attachments) {
    if (attachment.mediaType !== EVIDENCE_MEDIA_TYPE) continue;
    found = true;
    let parsed: unknown;
    try {
      parsed = JSON.parse(attachment.encoding === 'base64' ? Buffer.from(attachment.body, 'base64').toString('utf8') : attachment.body);
    } catch {
      continue;
    }
    const named = typeof parsed === 'object' && parsed !== null && 'requirements' in parsed && Array.isArray(parsed.requirements) ? parsed.requirements : [];
    for (const id of named) if (typeof id === 'string' && !ids.includes(id)) ids.push(id);
  }
  return found ? ids : null;
}

/** Reads a messages file and summarises it. Throws a ReportError on an unreadable or malformed file. */
export async function readRunSummary(path: string): Promise<RunSummary> {
  return summarizeMessages(await readMessages(path));
}

/** The attachments of a test case with the given media type, decoded to text. */
export function attachmentTexts(testCase: TestCaseSummary, mediaType: string): string[] {
  return testCase.attachments
    .filter((a) => a.mediaType === mediaType)
    .map((a) => (a.encoding === 'base64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body));
}

/** Orders test cases by file and line, so reports do not depend on the order scenarios ran in. */
export function compareCases(a: TestCaseSummary, b: TestCaseSummary): number {
  return a.uri.localeCompare(b.uri) || a.line - b.line || a.name.localeCompare(b.name) || a.testCaseId.localeCompare(b.testCaseId);
}
