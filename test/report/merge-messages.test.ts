/**
 * Merging the message streams of a run's shards: the fixture run's real messages are cut into two
 * shards, the second with every id drawn afresh (as a second process draws them), and merged back.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { ReportError } from '../../src/report/errors.ts';
import { mergeMessageStreams, renameIds, type ShardStream } from '../../src/report/merge-messages.ts';
import { summarizeMessages, type RunSummary } from '../../src/report/messages.ts';
import { kindOf, parseEnvelopes, parseMessages, type RawEnvelope } from '../../src/report/ndjson.ts';
import { fixtureRun, removeFixtureRun } from './fixture-run.ts';

const body = (e: RawEnvelope): Record<string, any> => e[kindOf(e)] as Record<string, any>;

/** The envelopes of the test cases `keep` selects, with every static envelope and the run's start and finish. */
function slice(envelopes: readonly RawEnvelope[], keep: (index: number) => boolean): RawEnvelope[] {
  const cases = envelopes.filter((e) => kindOf(e) === 'testCase').map((e) => body(e)['id'] as string);
  const kept = new Set(cases.filter((_, i) => keep(i)));
  const startedCase = new Map(envelopes.filter((e) => kindOf(e) === 'testCaseStarted').map((e) => [body(e)['id'] as string, body(e)['testCaseId'] as string]));
  return envelopes.filter((e) => {
    const b = body(e);
    if (kindOf(e) === 'testCase') return kept.has(b['id']);
    const started = b['testCaseStartedId'] ?? (kindOf(e) === 'testCaseStarted' ? b['id'] : undefined);
    return started === undefined || kept.has(startedCase.get(started) ?? '');
  });
}

/** The same envelopes with every id replaced, consistently, by a fresh one. */
function redrawIds(envelopes: readonly RawEnvelope[]): RawEnvelope[] {
  const fresh = new Map<string, string>();
  const redraw = (id: string): string => fresh.get(id) ?? fresh.set(id, randomUUID()).get(id) ?? id;
  return envelopes.map((e) => renameIds(e, redraw) as RawEnvelope);
}

function verdicts(summary: RunSummary): string[] {
  return summary.testCases.map((t) => `${t.uri}:${t.line} ${t.status} ${t.attempts} ${t.failedStep?.text ?? ''} ${t.attachments.length}`).sort();
}

function merged(shards: readonly ShardStream[]): RunSummary {
  return summarizeMessages(
    parseMessages(
      mergeMessageStreams(shards)
        .map((e) => JSON.stringify(e))
        .join('\n'),
    ),
  );
}

describe('merging shard message streams', () => {
  let envelopes: RawEnvelope[];
  let whole: RunSummary;
  before(async () => {
    const run = await fixtureRun();
    envelopes = parseEnvelopes(await readFile(run.ndjsonPath, 'utf8'), run.ndjsonPath);
    whole = run.summary;
  });
  after(removeFixtureRun);

  it("maps a second process's ids onto the first's: the merge summarises as the whole run", () => {
    const first = { label: 'shard 1', envelopes: slice(envelopes, (i) => i % 2 === 0) };
    const second = { label: 'shard 2', envelopes: redrawIds(slice(envelopes, (i) => i % 2 === 1)) };
    const summary = merged([first, second]);
    assert.deepEqual(verdicts(summary), verdicts(whole));
    assert.deepEqual(summary.counts, whole.counts);
    assert.deepEqual(summary.runErrors, whole.runErrors);
    const out = mergeMessageStreams([first, second]);
    assert.equal(out.filter((e) => kindOf(e) === 'pickle').length, envelopes.filter((e) => kindOf(e) === 'pickle').length, 'each pickle once');
    const pickles = new Set(out.filter((e) => kindOf(e) === 'pickle').map((e) => body(e)['id']));
    assert.ok(
      out.filter((e) => kindOf(e) === 'testCase').every((e) => pickles.has(body(e)['pickleId'])),
      'every test case points at a pickle of the merged stream',
    );
  });

  it('refuses shards that ran the same scenario, naming both', () => {
    const first = { label: 'shard 1', envelopes: slice(envelopes, (i) => i < 2) };
    const second = { label: 'shard 2', envelopes: redrawIds(slice(envelopes, (i) => i >= 1)) };
    assert.throws(
      () => mergeMessageStreams([first, second]),
      (e: unknown) =>
        e instanceof ReportError && e.code === 'shards-mismatch' && e.message.includes('a scenario ran in both shard 1 and shard 2: the shards overlap'),
    );
  });

  it('refuses a shard that read other features, naming where they differ', () => {
    const edited = envelopes.map((e) => (kindOf(e) === 'source' ? { source: { ...body(e), data: `${String(body(e)['data'])}\n# edited` } } : e));
    assert.throws(
      () =>
        mergeMessageStreams([
          { label: 'shard 1', envelopes },
          { label: 'shard 2', envelopes: redrawIds(edited) },
        ]),
      (e: unknown) =>
        e instanceof ReportError &&
        /shard 2 differs from shard 1 in what it read \(source\.data at character \d+: ".*# edited" where the first shard has ".*"\): the shards must run the same suite/.test(
          e.message,
        ),
    );
  });

  it('a shard that never finished leaves the merged run unfinished', () => {
    const unfinished = slice(envelopes, (i) => i % 2 === 1).filter((e) => kindOf(e) !== 'testRunFinished');
    const summary = merged([
      { label: 'shard 1', envelopes: slice(envelopes, (i) => i % 2 === 0) },
      { label: 'shard 2', envelopes: unfinished },
    ]);
    assert.ok(
      summary.runErrors.some((e) => e.includes('the run did not finish')),
      summary.runErrors.join('\n'),
    );
  });

  it('reads a line that is not an envelope as an error naming the line', () => {
    assert.throws(
      () => parseEnvelopes('{"meta":{}}\n{"a":1,"b":2}\n', 'x.ndjson'),
      /x\.ndjson line 2: expected an envelope with exactly one message, got keys \[a, b\]/,
    );
    assert.throws(() => parseEnvelopes('{"meta":', 'x.ndjson'), /x\.ndjson line 1: not JSON/);
  });
});
