/**
 * How the reports read a step result: how bad a status is, what to call a hook, and the message
 * that says what went wrong.
 */
import { getWorstTestStepResult, TestStepResultStatus } from '@cucumber/messages';
import { STEP_STATUSES, type MessageOf, type StepStatus } from './ndjson.ts';

type StepResult = MessageOf<'testStepFinished'>['testStepResult'];

/** The worst of some step statuses as Cucumber ranks them (FAILED worst, UNKNOWN least); none is UNKNOWN. */
export function worstStatus(statuses: readonly StepStatus[]): StepStatus {
  const worst: string = getWorstTestStepResult(statuses.map((status) => ({ status: TestStepResultStatus[status], duration: { seconds: 0, nanos: 0 } }))).status;
  return STEP_STATUSES.find((status) => status === worst) ?? 'UNKNOWN';
}

export const FAILING: ReadonlySet<StepStatus> = new Set(['UNKNOWN', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED']);

const HOOK_LABELS: Readonly<Record<string, string>> = {
  BEFORE_TEST_CASE: 'Before hook',
  AFTER_TEST_CASE: 'After hook',
  BEFORE_TEST_STEP: 'BeforeStep hook',
  AFTER_TEST_STEP: 'AfterStep hook',
  BEFORE_TEST_RUN: 'BeforeAll hook',
  AFTER_TEST_RUN: 'AfterAll hook',
};

export function hookLabel(hook: MessageOf<'hook'> | undefined): string {
  if (hook === undefined) return 'hook';
  if (hook.name !== undefined && hook.name !== '') return hook.name;
  return HOOK_LABELS[hook.type ?? ''] ?? 'hook';
}

/** The error message without the stack trace Cucumber appends to `message`. */
export function errorText(result: StepResult): string | undefined {
  if (result.exception?.message !== undefined) return result.exception.message;
  if (result.message === undefined) return undefined;
  return result.message
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trim();
}

export function describeFailure(status: StepStatus, result: StepResult | undefined, stepText: string): string {
  const text = result === undefined ? undefined : errorText(result);
  switch (status) {
    case 'UNDEFINED':
      return `no step definition matches "${stepText}"`;
    case 'PENDING':
      return text ?? 'the step is pending (not implemented yet)';
    case 'AMBIGUOUS':
      return text ?? 'more than one step definition matches';
    case 'UNKNOWN':
      return 'the step did not report a result (did the run stop?)';
    default:
      return text ?? `the step ended ${status.toLowerCase()} without a message`;
  }
}

export function lowercase(status: StepStatus): Lowercase<StepStatus> {
  // A string-literal map keeps the lowercase type without a cast.
  const map = {
    UNKNOWN: 'unknown',
    PASSED: 'passed',
    SKIPPED: 'skipped',
    PENDING: 'pending',
    UNDEFINED: 'undefined',
    AMBIGUOUS: 'ambiguous',
    FAILED: 'failed',
  } as const;
  return map[status];
}
