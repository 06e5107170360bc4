/** The ACD's options: checked, then merged over the current ones (a field given replaces the earlier value). */
import { refuse } from './errors.ts';
import { quote, REASON_CODE_MAX } from './names.ts';
import type { AcdOptions, InputOf, ModelState, StepResult } from './types.ts';

/** The longest duration a clock timer can take (setTimeout's limit). */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const FIELDS = ['afterCallWorkMs', 'afterCallWorkEndsIn', 'afterCallWorkReasonCode', 'reasonCodes', 'ringTimeoutMs', 'ringNoAnswerReasonCode'] as const;

function isReasonCode(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= REASON_CODE_MAX;
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DURATION_MS;
}

/** The first problem with the options, prefixed by `at`, or null. */
export function acdProblem(options: AcdOptions, at: string): string | null {
  const unknown = Object.keys(options).find((k) => !(FIELDS as readonly string[]).includes(k) && k !== 'kind');
  if (unknown !== undefined) return `${at}.${unknown}: not an ACD option; expected one of ${FIELDS.join(', ')}`;
  const { afterCallWorkMs, afterCallWorkEndsIn, afterCallWorkReasonCode, reasonCodes, ringTimeoutMs, ringNoAnswerReasonCode } = options;
  if (afterCallWorkMs !== undefined && !isDuration(afterCallWorkMs))
    return `${at}.afterCallWorkMs: expected whole milliseconds from 0 (0 = until the agent changes state) to ${MAX_DURATION_MS}, got ${quote(afterCallWorkMs)}`;
  if (afterCallWorkEndsIn !== undefined && afterCallWorkEndsIn !== 'ready' && afterCallWorkEndsIn !== 'notReady')
    return `${at}.afterCallWorkEndsIn: expected ready or notReady, got ${quote(afterCallWorkEndsIn)}`;
  if (afterCallWorkReasonCode !== undefined && !isReasonCode(afterCallWorkReasonCode))
    return `${at}.afterCallWorkReasonCode: expected 1-${REASON_CODE_MAX} characters, got ${quote(afterCallWorkReasonCode)}`;
  if (ringTimeoutMs !== undefined && !isDuration(ringTimeoutMs))
    return `${at}.ringTimeoutMs: expected whole milliseconds from 0 (0 = ring until answered) to ${MAX_DURATION_MS}, got ${quote(ringTimeoutMs)}`;
  if (ringNoAnswerReasonCode !== undefined && !isReasonCode(ringNoAnswerReasonCode))
    return `${at}.ringNoAnswerReasonCode: expected 1-${REASON_CODE_MAX} characters, got ${quote(ringNoAnswerReasonCode)}`;
  if (reasonCodes !== undefined) {
    if (!Array.isArray(reasonCodes)) return `${at}.reasonCodes: expected a list of reason codes, got ${quote(reasonCodes)}`;
    const seen = new Set<string>();
    for (const [i, code] of reasonCodes.entries()) {
      if (!isReasonCode(code)) return `${at}.reasonCodes[${i}]: expected 1-${REASON_CODE_MAX} characters, got ${quote(code)}`;
      if (seen.has(code)) return `${at}.reasonCodes[${i}]: ${code} is listed twice`;
      seen.add(code);
    }
  }
  return null;
}

/** The current options with every field `given` sets replaced (`kind` and absent fields are ignored). */
export function mergeAcd(current: AcdOptions, given: AcdOptions): AcdOptions {
  return {
    ...current,
    ...(given.afterCallWorkMs === undefined ? {} : { afterCallWorkMs: given.afterCallWorkMs }),
    ...(given.afterCallWorkEndsIn === undefined ? {} : { afterCallWorkEndsIn: given.afterCallWorkEndsIn }),
    ...(given.afterCallWorkReasonCode === undefined ? {} : { afterCallWorkReasonCode: given.afterCallWorkReasonCode }),
    ...(given.reasonCodes === undefined ? {} : { reasonCodes: [...given.reasonCodes] }),
    ...(given.ringTimeoutMs === undefined ? {} : { ringTimeoutMs: given.ringTimeoutMs }),
    ...(given.ringNoAnswerReasonCode === undefined ? {} : { ringNoAnswerReasonCode: given.ringNoAnswerReasonCode }),
  };
}

/**
 * New options apply from now on: an after-call work or a ring already timed keeps its deadline,
 * and agents already Not Ready keep their reason codes.
 */
export function configureAcd(state: ModelState, input: InputOf<'configureAcd'>): StepResult {
  const problem = acdProblem(input, 'acd');
  if (problem !== null) return refuse('invalidProvisioning', problem);
  return { ok: true, state: { ...state, acd: mergeAcd(state.acd, input) }, events: [] };
}
