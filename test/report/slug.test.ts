import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRACE_MEDIA_TYPE, type RunSummary, type TestCaseSummary } from '../../src/report/messages.ts';
import { slugify, tracePaths } from '../../src/report/slug.ts';

function failedCase(testCaseId: string, uri: string, name: string, line: number, traced = true): TestCaseSummary {
  return {
    testCaseId,
    name,
    uri,
    line,
    tags: [],
    status: 'failed',
    attempts: 1,
    failedStep: { text: 'Then it fails', status: 'failed', message: 'boom', stage: 'outcome' },
    attachments: traced ? [{ mediaType: TRACE_MEDIA_TYPE, body: '{}', encoding: 'identity', fileName: null }] : [],
    evidenceAgainst: null,
    durationMs: 1,
  };
}

function summaryOf(testCases: TestCaseSummary[]): RunSummary {
  return {
    startedAt: null,
    finishedAt: null,
    testCases,
    unrun: [],
    counts: { total: testCases.length, passed: 0, failed: testCases.length, skipped: 0 },
    runErrors: [],
  };
}

describe('trace file names', () => {
  it('makes uri and scenario name filesystem-safe', () => {
    assert.equal(
      slugify('features/simple/calls.feature', 'A call from "0612 34 56" | pops: Offering/Établi?'),
      'features-simple-calls--a-call-from-0612-34-56-pops-offering-etabli',
    );
    assert.equal(slugify('', '***'), 'scenario');
  });

  it('caps the length of a slug', () => {
    assert.ok(slugify('features/x.feature', 'word '.repeat(100)).length <= 100);
  });

  it('gives scenarios with the same name in the same file distinct files, whatever order they ran in', () => {
    const a = failedCase('tc-a', 'features/calls.feature', 'Offering for <row>', 20);
    const b = failedCase('tc-b', 'features/calls.feature', 'Offering for <row>', 21);
    const expected = new Map([
      ['tc-a', 'traces/features-calls--offering-for-row.json'],
      ['tc-b', 'traces/features-calls--offering-for-row-2.json'],
    ]);
    assert.deepEqual(tracePaths(summaryOf([a, b])), expected);
    assert.deepEqual(tracePaths(summaryOf([b, a])), expected);
  });

  it('names no file for a failed scenario that attached no trace, nor for a passed one', () => {
    const untraced = failedCase('tc-u', 'features/a.feature', 'Untraced', 1, false);
    const passed = { ...failedCase('tc-p', 'features/a.feature', 'Passed', 2), status: 'passed' as const, failedStep: null };
    assert.deepEqual(tracePaths(summaryOf([untraced, passed])), new Map());
  });
});
