/**
 * What a dialect cannot express is left out and not judged, never passed (decision 0054): every
 * scenario the table names exists, the names the run keeps exclude exactly those, and a requirement
 * proved only by left-out scenarios is not judged with the dialect's reason. Every dialect expresses
 * every scenario since decision 0130: the mechanism is shown with a table of the test's own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plannedScenarios } from '../../src/certify/cucumber-run.ts';
import { expressibleNames, INEXPRESSIBLE, inexpressibleIn, type InexpressibleTable } from '../../src/certify/dialect-limits.ts';
import { REQUIREMENTS } from '../../src/contract/index.ts';
import { judgeByScenarios } from '../../src/report/judge.ts';
import type { TestCaseSummary } from '../../src/report/messages.ts';

/** As AMI's row read before decision 0130. */
const WHY = "AMI's QueueRemove carries no reason code";
const TABLE: InexpressibleTable = { json: {}, 'csta-xml': {}, ami: { 'Logging out with a reason code': WHY } };

describe('dialect limits', () => {
  it('names only scenarios the features have', async () => {
    const all = new Set((await plannedScenarios({ tagExpression: '', names: [] })).map((s) => s.name));
    for (const [dialect, scenarios] of [...Object.entries(INEXPRESSIBLE), ...Object.entries(TABLE)]) {
      for (const name of Object.keys(scenarios)) assert.ok(all.has(name), `${dialect}: no scenario is named ${JSON.stringify(name)}`);
    }
  });

  it('every dialect expresses every scenario (decision 0130)', () => {
    for (const dialect of ['json', 'csta-xml', 'ami'] as const) assert.equal(inexpressibleIn(dialect), undefined, dialect);
  });

  it('a dialect with limits keeps every other scenario, by exact name', () => {
    assert.equal(inexpressibleIn('json', TABLE), undefined);
    const planned = [{ name: 'Logging out with a reason code' }, { name: 'A customer call pops the desktop (a.k.a. [x])' }];
    const names = expressibleNames(planned, 'ami', TABLE);
    assert.deepEqual(names, ['^A customer call pops the desktop \\(a\\.k\\.a\\. \\[x\\]\\)$']);
    assert.ok(new RegExp(names[0] ?? '').test('A customer call pops the desktop (a.k.a. [x])'));
    assert.deepEqual(expressibleNames([{ name: 'Logging out with a reason code' }], 'ami', TABLE), ['^(?!)$'], 'none left selects none, not all');
  });

  it('a requirement proved only by left-out scenarios is not judged, naming the dialect and why', () => {
    const requirement = REQUIREMENTS.find((r) => r.provedBy !== 'properties');
    assert.ok(requirement !== undefined);
    const tags = [`@${requirement.id}`];
    const passed: TestCaseSummary = {
      testCaseId: 't1',
      name: 'kept',
      uri: 'f.feature',
      line: 3,
      tags,
      status: 'passed',
      attempts: 1,
      failedStep: null,
      attachments: [],
      evidenceAgainst: null,
      durationMs: 1,
    };
    const left = { name: 'Logging out with a reason code', uri: 'f.feature', line: 9, tags };
    const limits = inexpressibleIn('ami', TABLE);
    assert.ok(limits !== undefined);
    const result = judgeByScenarios(requirement, [passed], [left], { scenariosSkipped: false, why: null, inexpressible: limits });
    assert.equal(result.status, 'not-judged');
    assert.match(
      result.reason ?? '',
      /^1 of 2 scenarios proving it passed; 1 was not run: the ami dialect cannot express it \(AMI's QueueRemove carries no reason code\)$/,
    );
  });
});
