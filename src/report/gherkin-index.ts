/**
 * What the reports need from the Gherkin documents: the line of each scenario and example row,
 * and the keyword of each step, looked up by AST node id.
 */
import type { MessageOf } from './ndjson.ts';

type GherkinDocument = MessageOf<'gherkinDocument'>;
type Feature = NonNullable<GherkinDocument['feature']>;
type Child = Feature['children'][number];
type Steps = NonNullable<Child['background']>['steps'];

export interface GherkinIndex {
  /** Line of a scenario, or of an example row for a pickle made from a Scenario Outline. */
  readonly lines: Map<string, number>;
  /** The step's keyword as written (`Given `, `And `…), trailing space included. */
  readonly keywords: Map<string, string>;
}

export function createGherkinIndex(): GherkinIndex {
  return { lines: new Map(), keywords: new Map() };
}

export function indexGherkinDocument(index: GherkinIndex, document: GherkinDocument): void {
  const addSteps = (steps: Steps): void => {
    for (const step of steps) index.keywords.set(step.id, step.keyword);
  };
  const addChild = (child: Omit<Child, 'rule'>): void => {
    if (child.background !== undefined) addSteps(child.background.steps);
    const scenario = child.scenario;
    if (scenario === undefined) return;
    index.lines.set(scenario.id, scenario.location.line);
    addSteps(scenario.steps);
    for (const examples of scenario.examples) {
      for (const row of examples.tableBody) index.lines.set(row.id, row.location.line);
    }
  };
  for (const child of document.feature?.children ?? []) {
    addChild(child);
    for (const ruleChild of child.rule?.children ?? []) addChild(ruleChild);
  }
}
