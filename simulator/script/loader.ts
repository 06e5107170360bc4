/**
 * Reads a script (YAML, or JSON, which is YAML too) and checks it in three passes, so each
 * message names the exact path: the overall shape, each timeline step by its `do`, then meaning.
 */
import { readFile } from 'node:fs/promises';
import { Type } from '@sinclair/typebox';
import { parseDocument } from 'yaml';
import { compile, compileTagged, type Issue } from '../../src/contract/validation.ts';
import { checkFaultPlanShape } from '../faults/check.ts';
import { ProvisionSchema, ScriptSchema, StepSchemas, type Script } from './schema.ts';
import { ScriptError } from './script-error.ts';
import { semanticIssues } from './semantics.ts';

const checkShape = compile(
  Type.Object(
    {
      version: ScriptSchema.properties.version,
      description: ScriptSchema.properties.description,
      provision: ProvisionSchema,
      faults: Type.Optional(Type.Unknown()),
      timeline: Type.Array(Type.Unknown(), { description: 'a list of steps' }),
    },
    { additionalProperties: false },
  ),
);
const { seed: _seed, rules: _rules, ...setFaultsTiming } = StepSchemas.setFaults.properties;
// A setFaults step: its at/do here, its plan by checkFaultPlanShape (which names each rule's action by kind).
const steps = { ...StepSchemas, setFaults: Type.Object({ ...setFaultsTiming, seed: Type.Unknown(), rules: Type.Unknown() }, { additionalProperties: false }) };
const checkStep = compileTagged('do', steps);
const checkScript = compile(ScriptSchema);

function under(prefix: string, issue: Issue): Issue {
  if (issue.path === '(root)') return { path: prefix, message: issue.message };
  return { path: issue.path.startsWith('[') ? `${prefix}${issue.path}` : `${prefix}.${issue.path}`, message: issue.message };
}

/** The yaml library's first message line, without the position it repeats. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

function parseYaml(text: string, fileName: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const where = error.linePos?.[0];
    const path = where === undefined ? '(root)' : `line ${where.line}, column ${where.col}`;
    throw new ScriptError('syntax', fileName, [{ path, message: `Expected YAML or JSON: ${firstLine(error.message) || error.code}` }]);
  }
  return doc.toJS({ maxAliasCount: 100 });
}

export function parseScript(text: string, fileName: string): Script {
  const value = parseYaml(text, fileName);
  const shape = checkShape(value);
  if (!shape.ok) throw new ScriptError('schema', fileName, shape.issues);

  const stepIssues: Issue[] = [];
  if (shape.value.faults !== undefined) {
    const plan = checkFaultPlanShape(shape.value.faults, 'faults');
    if (!plan.ok) stepIssues.push(...plan.issues);
  }
  shape.value.timeline.forEach((step, i) => {
    const checked = checkStep(step);
    if (!checked.ok) stepIssues.push(...checked.issues.map((issue) => under(`timeline[${i}]`, issue)));
    else if (checked.value.do === 'setFaults') {
      const { seed, rules } = checked.value;
      const plan = checkFaultPlanShape({ seed, rules }, `timeline[${i}]`);
      if (!plan.ok) stepIssues.push(...plan.issues);
    }
  });
  if (stepIssues.length > 0) throw new ScriptError('schema', fileName, stepIssues);

  // The passes above are the full schema split up; this final check yields the typed script.
  const script = checkScript(value);
  if (!script.ok) throw new ScriptError('schema', fileName, script.issues);

  const issues = semanticIssues(script.value);
  if (issues.length > 0) throw new ScriptError('semantic', fileName, issues);
  return script.value;
}

export async function loadScript(file: string): Promise<Script> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new ScriptError('unreadable', file, [{ path: '(file)', message: `cannot read the script: ${why}` }]);
  }
  return parseScript(text, file);
}
