/**
 * Checks a fault plan from an untrusted source (a script, a control call from JavaScript) and
 * says where and what was wrong: the shape first (each rule's action by its `kind`, so an unknown
 * kind is "expected one of …"), then combinations the schema cannot express.
 */
import { Type } from '@sinclair/typebox';
import { CTI_EVENT_NAMES, REQUEST_TYPES } from '../../src/contract/cti-wire/frames.ts';
import { compile, compileTagged, type Checked, type Issue } from '../../src/contract/validation.ts';
import { FaultActionSchemas, FaultPlanSchema, FaultRuleSchema, type FaultPlan, type FaultRule } from './types.ts';

function join(prefix: string, path: string): string {
  if (path === '(root)') return prefix === '' ? '(root)' : prefix;
  if (prefix === '') return path;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

const planShape = compile(
  Type.Object(
    { seed: FaultPlanSchema.properties.seed, rules: Type.Array(Type.Unknown(), { description: 'a list of rules' }) },
    { additionalProperties: false },
  ),
);
const { action: _action, ...ruleFields } = FaultRuleSchema.properties;
const ruleShape = compile(Type.Object({ ...ruleFields, action: Type.Unknown() }, { additionalProperties: false }));
const actionShape = compileTagged('kind', FaultActionSchemas);
const wholePlan = compile(FaultPlanSchema);

/** The plan's shape, each message naming the path under `prefix` (e.g. `faults`, `timeline[3]`). */
export function checkFaultPlanShape(value: unknown, prefix = ''): Checked<FaultPlan> {
  const shape = planShape(value);
  if (!shape.ok) return { ok: false, issues: shape.issues.map((i) => ({ ...i, path: join(prefix, i.path) })) };
  const issues: Issue[] = [];
  shape.value.rules.forEach((rule, i) => {
    const at = join(prefix, `rules[${i}]`);
    const checked = ruleShape(rule);
    if (!checked.ok) {
      issues.push(...checked.issues.map((issue) => ({ ...issue, path: join(at, issue.path) })));
      return;
    }
    const action = actionShape(checked.value.action);
    if (!action.ok) issues.push(...action.issues.map((issue) => ({ ...issue, path: join(`${at}.action`, issue.path) })));
  });
  if (issues.length > 0) return { ok: false, issues };
  // The passes above are the schema split up; this final check yields the typed plan.
  const plan = wholePlan(value);
  if (!plan.ok) return { ok: false, issues: plan.issues.map((i) => ({ ...i, path: join(prefix, i.path) })) };
  return plan;
}

const REQUESTS = new Set<string>(REQUEST_TYPES);
const EVENTS = new Set<string>(CTI_EVENT_NAMES);

function ruleIssues(rule: FaultRule, at: string): Issue[] {
  const issues: Issue[] = [];
  const frame = rule.match?.frame;
  const name = rule.match?.name;
  const { kind } = rule.action;
  if (rule.direction === 'fromAdapter' && frame !== undefined && frame !== 'Request') {
    issues.push({
      path: `${at}.match.frame`,
      message: `the adapter sends only Request frames; expected Request (or no frame) with direction fromAdapter, got ${frame}`,
    });
  }
  if (rule.direction === 'toAdapter' && frame === 'Request') {
    issues.push({
      path: `${at}.match.frame`,
      message: 'the simulator sends no Request frames; expected Response, Error, Event or SystemStatus with direction toAdapter',
    });
  }
  if ((kind === 'refuse' || kind === 'stall') && rule.direction !== 'fromAdapter') {
    issues.push({ path: `${at}.direction`, message: `${kind} answers (or not) a request; expected fromAdapter, got ${rule.direction}` });
  }
  if (name !== undefined) {
    if (EVENTS.has(name) && (rule.direction === 'fromAdapter' || (frame !== undefined && frame !== 'Event'))) {
      issues.push({ path: `${at}.match.name`, message: `${name} is an event name, which only Event frames (toAdapter) carry; expected a request type here` });
    } else if (REQUESTS.has(name) && frame === 'Event') {
      issues.push({ path: `${at}.match.name`, message: `${name} is a request type, which Event frames do not carry; expected an event name` });
    }
    if (frame === 'SystemStatus')
      issues.push({ path: `${at}.match.name`, message: 'SystemStatus frames have no name; expected no name with frame SystemStatus' });
  }
  return issues;
}

/** Combinations that can never match, or actions on a direction that cannot have them. */
export function faultPlanIssues(plan: FaultPlan, prefix = ''): Issue[] {
  return plan.rules.flatMap((rule, i) => ruleIssues(rule, join(prefix, `rules[${i}]`)));
}

/** Shape and meaning: what the control API checks. */
export function checkFaultPlan(value: unknown, prefix = ''): Checked<FaultPlan> {
  const shape = checkFaultPlanShape(value, prefix);
  if (!shape.ok) return shape;
  const issues = faultPlanIssues(shape.value, prefix);
  return issues.length === 0 ? shape : { ok: false, issues };
}
