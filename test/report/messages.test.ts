import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ReportError } from '../../src/report/errors.ts';
import { parseMessages, readMessages } from '../../src/report/ndjson.ts';
import { TRACE_MEDIA_TYPE, attachmentTexts, readRunSummary, summarizeMessages, type RunSummary, type TestCaseSummary } from '../../src/report/messages.ts';
import { CALLS_URI, MODES_URI, fixtureRun, removeFixtureRun } from './fixture-run.ts';

function byName(summary: RunSummary, name: string): TestCaseSummary {
  const found = summary.testCases.find((t) => t.name === name);
  assert.ok(found, `no test case named ${name}`);
  return found;
}

function rejectsWith(code: string, pattern: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof ReportError && error.code === code && pattern.test(error.message);
}

describe('run summary from Cucumber messages', () => {
  let summary: RunSummary;
  let ndjson: string;
  let dir: string;
  before(async () => {
    const run = await fixtureRun();
    summary = run.summary;
    dir = run.dir;
    ndjson = await readFile(run.ndjsonPath, 'utf8');
  });
  after(removeFixtureRun);

  it('lists each scenario that ran, and leaves out pickles the tag expression filtered', () => {
    assert.deepEqual(
      summary.testCases.map((t) => t.name),
      [
        'A queued call pops one Offering',
        'The answered call is Established',
        'Two calls in a row | are two pops',
        'A direct call pops an Offering',
        'A call the switch refuses to place',
        "An event that breaks Pega's schema",
        'Agent state requests are refused in Simple telephony',
      ],
    );
    // The @from:agent-state outline is in the file as a pickle, but never ran: it is listed as not run.
    assert.match(ndjson, /Internal call from 8801/);
    assert.deepEqual(summary.unrun, [{ name: 'Internal call from 8801', uri: MODES_URI, line: 15, tags: ['@OCTI-CALL-005', '@from:agent-state'] }]);
  });

  it('locates a scenario by file, line and tags, feature tags included', () => {
    const tc = byName(summary, 'The answered call is Established');
    assert.equal(tc.uri, CALLS_URI);
    assert.equal(tc.line, 10);
    assert.deepEqual(tc.tags, ['@from:simple', '@OCTI-CALL-003', '@OCTI-CALL-006']);
    assert.equal(byName(summary, 'Agent state requests are refused in Simple telephony').uri, MODES_URI);
  });

  it('marks a scenario whose steps all passed as passed, with no failed step', () => {
    const tc = byName(summary, 'A queued call pops one Offering');
    assert.equal(tc.status, 'passed');
    assert.equal(tc.failedStep, null);
    assert.equal(tc.attempts, 1);
    assert.equal(typeof tc.durationMs, 'number');
  });

  it('names the failing step with its keyword and the expectation that failed, without the stack', () => {
    const tc = byName(summary, 'The answered call is Established');
    assert.equal(tc.status, 'failed');
    assert.deepEqual(tc.failedStep, {
      text: 'Then the desktop gets an Established within the deadline',
      status: 'failed',
      message: 'expected an Established for extension 8808 within 200 ms, got none (saw: Offering)',
      stage: 'outcome',
    });
    assert.equal(tc.evidenceAgainst, null);
  });

  it('tells a step that failed in set-up (Given) from one that failed in the proof', () => {
    const tc = byName(summary, 'A call the switch refuses to place');
    assert.equal(tc.status, 'failed');
    assert.deepEqual(tc.failedStep, {
      text: 'Given the switch refuses every call',
      status: 'failed',
      message: 'the switch refused the call: no free trunk',
      stage: 'set-up',
    });
    assert.equal(byName(summary, 'Two calls in a row | are two pops').failedStep?.stage, 'action');
  });

  it("reads which requirements an After hook's check named as the failure's evidence", () => {
    const tc = byName(summary, "An event that breaks Pega's schema");
    assert.equal(tc.failedStep?.stage, 'after-hook');
    assert.deepEqual(tc.evidenceAgainst, ['OCTI-EVT-001']);
  });

  it('keeps the trace the After hook attached to a failed scenario', () => {
    const tc = byName(summary, 'The answered call is Established');
    const traces = attachmentTexts(tc, TRACE_MEDIA_TYPE);
    assert.equal(traces.length, 1);
    assert.deepEqual(JSON.parse(traces[0] ?? ''), { events: [{ at: 0, kind: 'cti', event: 'Delivered', extension: 8808 }] });
  });

  it('counts a scenario with an undefined step as failed and says no step definition matches', () => {
    const tc = byName(summary, 'Two calls in a row | are two pops');
    assert.equal(tc.status, 'failed');
    assert.equal(tc.failedStep?.status, 'undefined');
    assert.equal(tc.failedStep?.text, 'When the agent does something nobody defined');
    assert.match(tc.failedStep?.message ?? '', /no step definition matches "the agent does something nobody defined"/);
  });

  it('counts a pending step as failed', () => {
    const pending = summarizeMessages(parseMessages(ndjson.replace('"status":"UNDEFINED"', '"status":"PENDING"')));
    const tc = byName(pending, 'Two calls in a row | are two pops');
    assert.equal(tc.status, 'failed');
    assert.equal(tc.failedStep?.status, 'pending');
  });

  it("judges a retried scenario by its last attempt, with that attempt's attachments only", () => {
    const tc = byName(summary, 'A direct call pops an Offering');
    assert.equal(tc.attempts, 2);
    assert.equal(tc.status, 'passed');
    assert.equal(tc.failedStep, null);
    assert.deepEqual(tc.attachments, []);
  });

  it('reports run timestamps and counts, and no run errors for a run that finished', () => {
    assert.deepEqual(summary.counts, { total: 7, passed: 3, failed: 4, skipped: 0 });
    assert.ok(summary.startedAt !== null && summary.finishedAt !== null);
    assert.ok(Date.parse(summary.startedAt) <= Date.parse(summary.finishedAt));
    assert.deepEqual(summary.runErrors, []);
  });

  it('reports a run that stopped before testRunFinished, and fails the scenario cut short', () => {
    const lines = ndjson.trimEnd().split('\n');
    // Cut the file just after the last scenario started.
    const lastStart = lines.findLastIndex((l) => l.startsWith('{"testCaseStarted"'));
    const truncated = summarizeMessages(parseMessages(lines.slice(0, lastStart + 1).join('\n')));
    assert.match(truncated.runErrors.join('\n'), /did not finish/);
    const cut = byName(truncated, 'Agent state requests are refused in Simple telephony');
    assert.equal(cut.status, 'failed');
    assert.match(cut.failedStep?.message ?? '', /did not report a result/);
    // The steps it never reached are not evidence of anything: the run stopped.
    assert.equal(cut.failedStep?.stage, 'unfinished');
  });

  it('rejects a line that is not JSON, naming its line number', () => {
    const lines = ndjson.trimEnd().split('\n');
    lines.splice(2, 0, '{"pickle": {"id": ');
    assert.throws(() => parseMessages(lines.join('\n'), 'run.ndjson'), rejectsWith('messages-malformed', /^run\.ndjson line 3: not JSON/));
  });

  it('rejects an envelope that is not an object with one message', () => {
    assert.throws(() => parseMessages('{"meta":{}}\n[1,2]\n'), rejectsWith('messages-malformed', /line 2: expected an envelope object/));
    assert.throws(() => parseMessages('\n{}\n'), rejectsWith('messages-malformed', /line 2: expected an envelope with exactly one message/));
  });

  it('rejects a message missing a field the reports read, naming the line and the field', () => {
    const bad = '{"testRunStarted":{"timestamp":{"seconds":1,"nanos":0}}}\n{"testCase":{"id":"t1","testSteps":[]}}\n';
    assert.throws(() => parseMessages(bad), rejectsWith('messages-malformed', /line 2: bad testCase message: testCase\.pickleId/));
  });

  it('skips blank lines and message kinds the reports do not read', () => {
    assert.deepEqual(parseMessages('\n{"meta":{"protocolVersion":"32"}}\n\n{"stepDefinition":{}}\n'), []);
  });

  it('reads the file from disk, and says so when it cannot', async () => {
    const path = join(dir, 'copy.ndjson');
    await writeFile(path, ndjson, 'utf8');
    assert.equal((await readMessages(path)).length > 0, true);
    assert.deepEqual((await readRunSummary(path)).counts, summary.counts);
    await assert.rejects(
      readRunSummary(join(dir, 'missing.ndjson')),
      rejectsWith('messages-unreadable', /cannot read Cucumber messages from .*missing\.ndjson/),
    );
  });
});
