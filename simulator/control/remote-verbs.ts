/**
 * The control verbs for callers outside the process (control/http.ts), without a transport: a
 * verb's name and its arguments as untrusted JSON in, an outcome out. The verbs and their argument
 * schemas are the script's timeline steps (script/schema.ts `StepSchemas`, less `at` and `do`),
 * plus `provision` (the script's `provision` section); each is performed by the script runner's own
 * `performStep`, so a step in a script and a call over the network do the same thing.
 *
 * Calls are named as in scripts: a verb that creates a call takes an optional `ref`, and `call`,
 * `heldCall`, `activeCall` take a ref named earlier on this channel or a call id (`C1`, as the
 * truth and the events show).
 */
import { compile, compileTagged, type Issue } from '../../src/contract/validation.ts';
import { checkFaultPlan } from '../faults/check.ts';
import type { Static } from '@sinclair/typebox';
import type { CallId, ModelEvent, ModelState } from '../model/types.ts';
import { performStep, type CallRefs } from '../script/runner.ts';
import { ProvisionSchema, STEP_KINDS, StepSchemas } from '../script/schema.ts';
import type { Control } from './control.ts';
import { ControlError, type ControlErrorCode } from './control-error.ts';

/** The most extensions, agents and queues (each) the switch may hold after a provision over the network. */
export const MAX_PROVISIONED = 10_000;

/** Every verb `POST /control/<verb>` knows: the script's steps, then provision. */
export const CONTROL_VERBS: readonly string[] = [...STEP_KINDS, 'provision'];

export type VerbOutcome =
  /** Done: the call it created or that goes on (if any), and the model events it caused, in order. */
  | { readonly kind: 'done'; readonly callId?: CallId; readonly events: readonly ModelEvent[] }
  | { readonly kind: 'unknownVerb'; readonly verbs: readonly string[] }
  /** The arguments do not match the verb's schema: where, and what was expected. */
  | { readonly kind: 'invalid'; readonly issues: readonly Issue[] }
  /** The switch refused: the model's code and message. Nothing changed. */
  | { readonly kind: 'refused'; readonly code: ControlErrorCode; readonly message: string };

/** Refs named on one channel; a ref it never named is taken for a call id (the switch says whether one exists). */
export function channelRefs(): CallRefs {
  const refs = new Map<string, CallId>();
  return {
    resolve: (ref) => refs.get(ref) ?? ref,
    name: (ref, id) => void refs.set(ref, id),
  };
}

const checkStep = compileTagged('do', StepSchemas);
const checkProvision = compile(ProvisionSchema);
const VERBS = new Set(CONTROL_VERBS);
/** Fields whose values never appear in an answer or a log. */
const SECRET_LEAVES = new Set(['password']);

function redact(issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => {
    const leaf = issue.path.slice(issue.path.lastIndexOf('.') + 1);
    return SECRET_LEAVES.has(leaf) ? { path: issue.path, message: 'Expected a string of at most 256 characters (value not shown)' } : issue;
  });
}

/** A provision that would leave the switch with more than MAX_PROVISIONED of something (counted without de-duplication). */
function overCap(truth: ModelState, provisioning: Static<typeof ProvisionSchema>): Issue[] {
  const counts = {
    extensions: [truth.extensions.size, provisioning.extensions.length],
    agents: [truth.agents.size, provisioning.agents?.length ?? 0],
    queues: [truth.queues.size, provisioning.queues?.length ?? 0],
  } as const;
  return Object.entries(counts).flatMap(([what, [held, added]]) =>
    held + added > MAX_PROVISIONED
      ? [{ path: what, message: `Expected at most ${MAX_PROVISIONED} ${what} on the switch in all, got ${held} held and ${added} more` }]
      : [],
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs `fn`, collecting the model events it causes; a ControlError becomes `refused`. */
function performing(control: Control, fn: () => CallId | undefined): VerbOutcome {
  const events: ModelEvent[] = [];
  const off = control.onModelEvent((event) => events.push(event));
  try {
    const callId = fn();
    return { kind: 'done', ...(callId === undefined ? {} : { callId }), events };
  } catch (error) {
    if (error instanceof ControlError) return { kind: 'refused', code: error.code, message: error.message };
    throw error;
  } finally {
    off();
  }
}

/**
 * Performs `verb` with `args` (parsed JSON; an absent body is `{}`) on the control, now. Throws
 * only on a bug (an error that is not the switch refusing).
 */
export function runVerb(control: Control, refs: CallRefs, verb: string, args: unknown): VerbOutcome {
  if (!VERBS.has(verb)) return { kind: 'unknownVerb', verbs: CONTROL_VERBS };
  if (!isObject(args))
    return { kind: 'invalid', issues: [{ path: '(root)', message: `Expected an object of the ${verb} arguments, got ${JSON.stringify(args) ?? 'nothing'}` }] };
  if (verb === 'provision') {
    const checked = checkProvision(args);
    if (!checked.ok) return { kind: 'invalid', issues: redact(checked.issues) };
    const over = overCap(control.truth(), checked.value);
    if (over.length > 0) return { kind: 'invalid', issues: over };
    return performing(control, () => {
      control.provision(checked.value);
      return undefined;
    });
  }
  if (verb === 'setFaults') {
    const plan = checkFaultPlan(args);
    if (!plan.ok) return { kind: 'invalid', issues: plan.issues };
    return performing(control, () => {
      control.setFaults(plan.value);
      return undefined;
    });
  }
  const misplaced = ['at', 'do'].filter((key) => key in args);
  if (misplaced.length > 0) {
    return {
      kind: 'invalid',
      issues: misplaced.map((key) => ({ path: key, message: `Expected no ${key}: the verb is in the path and acts now; give only its arguments` })),
    };
  }
  const step = checkStep({ ...args, at: 0, do: verb });
  if (!step.ok) return { kind: 'invalid', issues: step.issues };
  return performing(control, () => performStep(control, step.value, refs));
}
