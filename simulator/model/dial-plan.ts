/**
 * The dial plan: which outside numbers exist and what their far ends do when dialled, which
 * numbers are barred, and what an unlisted outside number does. Settings, like the ACD options:
 * `configureDialPlan` (and provisioning's `dialPlan`) merge over the current plan — a listed
 * number replaces its entry, `barredPrefixes` and `unlisted` given replace the earlier value.
 */
import { MAX_DURATION_MS } from './acd.ts';
import { refuse } from './errors.ts';
import { DEVICE_NUMBER_RULE, isDeviceNumber, quote } from './names.ts';
import type { DeviceNumber, DialPlan, DialPlanSettings, FarEndBehaviour, FarEndSettings, InputOf, ModelState, StepResult } from './types.ts';

/** How long a `noAnswer` far end rings when noAnswerAfterMs is not given. */
export const DEFAULT_NO_ANSWER_AFTER_MS = 30_000;

const BEHAVIOURS: readonly FarEndBehaviour[] = ['answer', 'ring', 'busy', 'noAnswer', 'invalidNumber'];
const FAR_END_FIELDS = ['behaviour', 'answerAfterMs', 'noAnswerAfterMs', 'hangUpAfterMs'] as const;
const PLAN_FIELDS = ['outside', 'barredPrefixes', 'unlisted'] as const;
/** Which timing each behaviour takes. */
const TIMINGS: Readonly<Record<FarEndBehaviour, readonly string[]>> = {
  answer: ['answerAfterMs', 'hangUpAfterMs'],
  ring: ['hangUpAfterMs'],
  busy: [],
  noAnswer: ['noAnswerAfterMs'],
  invalidNumber: [],
};
const PREFIX = /^\+?[0-9]{1,32}$/;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_DURATION_MS;
}

/** What the numbers of the dial plan must not clash with. */
export interface Numbering {
  readonly extensions: ReadonlySet<DeviceNumber>;
  readonly queueNumbers: ReadonlySet<DeviceNumber>;
}

export function numberingOf(state: ModelState): Numbering {
  return { extensions: state.extensions, queueNumbers: new Set([...state.queues.values()].map((q) => q.dialledNumber)) };
}

function farEndProblem(value: unknown, at: string, extra: readonly string[] = []): string | null {
  if (!isRecord(value)) return `${at}: expected { behaviour, … }, got ${quote(value)}`;
  const unknown = Object.keys(value).find((k) => !(FAR_END_FIELDS as readonly string[]).includes(k) && !extra.includes(k));
  if (unknown !== undefined) return `${at}.${unknown}: not a far-end setting; expected ${[...extra, ...FAR_END_FIELDS].join(', ')}`;
  const behaviour = value['behaviour'];
  if (typeof behaviour !== 'string' || !(BEHAVIOURS as readonly string[]).includes(behaviour))
    return `${at}.behaviour: expected one of ${BEHAVIOURS.join(', ')}, got ${quote(behaviour)}`;
  const allowed = TIMINGS[behaviour as FarEndBehaviour];
  for (const field of ['answerAfterMs', 'noAnswerAfterMs', 'hangUpAfterMs'] as const) {
    const ms = value[field];
    if (ms === undefined) continue;
    if (!allowed.includes(field)) return `${at}.${field}: a ${behaviour} far end takes ${allowed.join(' or ') || 'no timing'}; expected no ${field}`;
    if (!isDuration(ms)) return `${at}.${field}: expected whole milliseconds from 0 to ${MAX_DURATION_MS}, got ${quote(ms)}`;
  }
  return null;
}

/** The first problem with the settings, prefixed by `at`, or null. */
export function dialPlanProblem(settings: DialPlanSettings, numbering: Numbering, at: string): string | null {
  const unknown = Object.keys(settings).find((k) => !(PLAN_FIELDS as readonly string[]).includes(k) && k !== 'kind');
  if (unknown !== undefined) return `${at}.${unknown}: not a dial-plan setting; expected one of ${PLAN_FIELDS.join(', ')}`;
  const { outside, barredPrefixes, unlisted } = settings;
  if (outside !== undefined) {
    if (!Array.isArray(outside)) return `${at}.outside: expected a list of { number, behaviour, … }, got ${quote(outside)}`;
    const seen = new Set<string>();
    for (const [i, entry] of outside.entries()) {
      const where = `${at}.outside[${i}]`;
      const problem = farEndProblem(entry, where, ['number']);
      if (problem !== null) return problem;
      // eslint-disable-next-line @typescript-eslint/no-unsafe-member-access -- farEndProblem above checked that entry is an object.
      const number: unknown = entry.number;
      if (!isDeviceNumber(number)) return `${where}.number: expected an outside number (${DEVICE_NUMBER_RULE}), got ${quote(number)}`;
      if (numbering.extensions.has(number)) return `${where}.number: ${number} is an extension of this switch; expected an outside number`;
      if (numbering.queueNumbers.has(number)) return `${where}.number: ${number} is a queue's dialled number; expected an outside number`;
      if (seen.has(number)) return `${where}.number: ${number} is listed twice`;
      seen.add(number);
    }
  }
  if (barredPrefixes !== undefined) {
    if (!Array.isArray(barredPrefixes)) return `${at}.barredPrefixes: expected a list of number prefixes, got ${quote(barredPrefixes)}`;
    const seen = new Set<string>();
    for (const [i, prefix] of barredPrefixes.entries()) {
      if (typeof prefix !== 'string' || !PREFIX.test(prefix))
        return `${at}.barredPrefixes[${i}]: expected a number prefix (${DEVICE_NUMBER_RULE}), got ${quote(prefix)}`;
      if (seen.has(prefix)) return `${at}.barredPrefixes[${i}]: ${prefix} is listed twice`;
      seen.add(prefix);
    }
  }
  if (unlisted !== undefined && unlisted !== 'refused') return farEndProblem(unlisted, `${at}.unlisted`);
  return null;
}

function settingsOf(entry: FarEndSettings): FarEndSettings {
  return {
    behaviour: entry.behaviour,
    ...(entry.answerAfterMs === undefined ? {} : { answerAfterMs: entry.answerAfterMs }),
    ...(entry.noAnswerAfterMs === undefined ? {} : { noAnswerAfterMs: entry.noAnswerAfterMs }),
    ...(entry.hangUpAfterMs === undefined ? {} : { hangUpAfterMs: entry.hangUpAfterMs }),
  };
}

export function mergeDialPlan(current: DialPlan, given: DialPlanSettings): DialPlan {
  const outside = new Map(current.outside);
  for (const entry of given.outside ?? []) outside.set(entry.number, settingsOf(entry));
  return {
    outside,
    barredPrefixes: given.barredPrefixes === undefined ? current.barredPrefixes : [...given.barredPrefixes],
    unlisted: given.unlisted === undefined ? current.unlisted : given.unlisted === 'refused' ? 'refused' : settingsOf(given.unlisted),
  };
}

export function configureDialPlan(state: ModelState, input: InputOf<'configureDialPlan'>): StepResult {
  const problem = dialPlanProblem(input, numberingOf(state), 'dialPlan');
  if (problem !== null) return refuse('invalidProvisioning', problem);
  return { ok: true, state: { ...state, dialPlan: mergeDialPlan(state.dialPlan, input) }, events: [] };
}

/** The barring prefix the number starts with, if any. */
export function barredBy(plan: DialPlan, number: DeviceNumber): string | undefined {
  return plan.barredPrefixes.find((prefix) => number.startsWith(prefix));
}

/** What the far end at an outside number does: its entry, else the unlisted behaviour, else undefined (unknown number). */
export function farEndAt(plan: DialPlan, number: DeviceNumber): FarEndSettings | undefined {
  const listed = plan.outside.get(number);
  if (listed !== undefined) return listed;
  return plan.unlisted === 'refused' ? undefined : plan.unlisted;
}
