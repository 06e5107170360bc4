/**
 * The normalized transcript (docs/decisions/0012): what a desktop asked, got back and heard, with
 * nothing in it that changes between two runs of the same adapter, and the certificate's digest of
 * the transcripts file.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Trace, type NewTraceEntry } from '../../src/harness/trace.ts';
import { normalizeText, transcriptOf } from '../../src/harness/transcript.ts';
import { writeReports } from '../../src/report/write.ts';
import { ReportError } from '../../src/report/errors.ts';
import { digestTranscripts, parseTranscripts, renderTranscripts, transcriptHash, transcriptsOf, TRANSCRIPT_MEDIA_TYPE } from '../../src/report/transcripts.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { certify } from './certificate-input.ts';
import { fixtureRun, removeFixtureRun } from './fixture-run.ts';

/** A trace whose clock moves by `step` ms per entry, so two traces of one story differ in time. */
function traceOf(entries: readonly NewTraceEntry[], step = 1): Trace {
  let now = 1000;
  const trace = new Trace({ now: () => (now += step) });
  for (const entry of entries) trace.record(entry);
  return trace;
}

const OFFERING = { pyEventType: 'CallStateEvent', pyEventName: 'Offering', pyCallId: 'C1', pyThisDN: '8808', pyANI: '16175551212' };
const ESTABLISHED = { ...OFFERING, pyEventName: 'Established' };

describe('the normalized transcript', () => {
  it('drops the times, so two runs at another pace read the same', () => {
    const story: NewTraceEntry[] = [
      { kind: 'request', desktop: 'CSR@8808', activity: 'OpenAdapter', page: {} },
      { kind: 'outcome', desktop: 'CSR@8808', activity: 'OpenAdapter', result: { ok: true } },
    ];
    assert.deepEqual(transcriptOf(traceOf(story, 1).entries), transcriptOf(traceOf(story, 37.5).entries));
    assert.deepEqual(transcriptOf(traceOf(story).entries), ['CSR@8808 > OpenAdapter {}', 'CSR@8808 < OpenAdapter {"ok":true}']);
  });

  it('replaces loopback ports, UUIDs and timestamps in what the adapter said', () => {
    const message = 'cannot reach ws://127.0.0.1:40117 nor http://localhost:7010/events/0b1e6a1c-2f0e-4c59-9a5e-5f4f2b7f9d10 at 2025-01-02T03:04:05.123Z';
    assert.equal(normalizeText(message), 'cannot reach ws://127.0.0.1:<port> nor http://localhost:<port>/events/<uuid> at <time>');
    const lines = transcriptOf(
      traceOf([
        { kind: 'request', desktop: 'CSR@8808', activity: 'OpenAdapter', page: {} },
        { kind: 'outcome', desktop: 'CSR@8808', activity: 'OpenAdapter', result: { threw: 'connect ECONNREFUSED 127.0.0.1:45123' } },
      ]).entries,
    );
    assert.equal(lines[1], 'CSR@8808 < OpenAdapter {"threw":"connect ECONNREFUSED 127.0.0.1:<port>"}');
  });

  it('never carries a password, whatever property holds it', () => {
    const lines = transcriptOf(
      traceOf([
        { kind: 'request', desktop: 'CSR@8808', activity: 'LoginAgent', page: { DN: '8808', AgentID: '5501', AgentPassword: '1234' } },
        {
          kind: 'delivered',
          desktop: 'CSR@8808',
          DN: '8808',
          event: { pyEventType: 'AgentStateEvent', settings: { credentials: { password: 'switchboard' } } },
          issues: [],
        },
      ]).entries,
    );
    assert.ok(
      lines.every((line) => !line.includes('1234') && !line.includes('"switchboard"')),
      lines.join('\n'),
    );
    assert.equal(lines[0], 'CSR@8808 > LoginAgent {"AgentID":"5501","AgentPassword":"***","DN":"8808"}');
  });

  it('does not depend on how two desktops, or requests and events, interleaved', () => {
    const a = [
      { kind: 'request', desktop: 'CSR@8808', activity: 'SubscribeForEvents', page: { DN: '8808' } },
      { kind: 'outcome', desktop: 'CSR@8808', activity: 'SubscribeForEvents', result: { ok: true } },
    ] as const satisfies readonly NewTraceEntry[];
    const b = [
      { kind: 'request', desktop: 'CSR@8809', activity: 'SubscribeForEvents', page: { DN: '8809' } },
      { kind: 'outcome', desktop: 'CSR@8809', activity: 'SubscribeForEvents', result: { ok: true } },
    ] as const satisfies readonly NewTraceEntry[];
    const offering = { kind: 'delivered', desktop: 'CSR@8808', DN: '8808', event: OFFERING, issues: [] } as const satisfies NewTraceEntry;
    const established = { kind: 'delivered', desktop: 'CSR@8808', DN: '8808', event: ESTABLISHED, issues: [] } as const satisfies NewTraceEntry;
    const switchEvent = { kind: 'switch', event: { type: 'Delivered', call: 'C1' } } as const satisfies NewTraceEntry;
    const one = transcriptOf(traceOf([a[0], offering, a[1], b[0], established, b[1], switchEvent]).entries);
    const other = transcriptOf(traceOf([a[0], a[1], switchEvent, b[0], b[1], offering, established]).entries);
    assert.deepEqual(one, other);
    assert.deepEqual(one, [
      'CSR@8808 > SubscribeForEvents {"DN":"8808"}',
      'CSR@8808 < SubscribeForEvents {"ok":true}',
      `CSR@8808 <- 8808 ${JSON.stringify(Object.fromEntries(Object.entries(OFFERING).sort()))}`,
      `CSR@8808 <- 8808 ${JSON.stringify(Object.fromEntries(Object.entries(ESTABLISHED).sort()))}`,
      'CSR@8809 > SubscribeForEvents {"DN":"8809"}',
      'CSR@8809 < SubscribeForEvents {"ok":true}',
    ]);
  });

  it('keeps the order of the events one desktop heard: a reordering is a different transcript', () => {
    const heard = (first: object, second: object): readonly string[] =>
      transcriptOf(
        traceOf([
          { kind: 'delivered', desktop: 'CSR@8808', DN: '8808', event: { ...first }, issues: [] },
          { kind: 'delivered', desktop: 'CSR@8808', DN: '8808', event: { ...second }, issues: [] },
        ]).entries,
      );
    assert.notDeepEqual(heard(OFFERING, ESTABLISHED), heard(ESTABLISHED, OFFERING));
  });

  it("names what an event breaks of Pega's schema", () => {
    const [line] = transcriptOf(
      traceOf([
        {
          kind: 'delivered',
          desktop: 'CSR@8808',
          DN: '',
          event: { pyEventType: 'CallStateEvent' },
          issues: [{ path: 'DN', message: 'Expected the extension the event is for' }],
        },
      ]).entries,
    );
    assert.equal(line, 'CSR@8808 <- (no DN) {"pyEventType":"CallStateEvent"} !! DN: Expected the extension the event is for');
  });
});

describe('the transcripts file and its digest', () => {
  after(removeFixtureRun);

  const withTranscript = (summary: RunSummary, lines: readonly string[]): RunSummary => ({
    ...summary,
    testCases: summary.testCases.map((t, i) =>
      i === 0
        ? {
            ...t,
            attachments: [...t.attachments, { mediaType: TRANSCRIPT_MEDIA_TYPE, body: JSON.stringify(lines), encoding: 'identity' as const, fileName: null }],
          }
        : t,
    ),
  });

  it('holds one transcript per scenario, in file and line order, empty when none was attached', async () => {
    const { summary } = await fixtureRun();
    const file = transcriptsOf(withTranscript(summary, ['CSR@8808 > OpenAdapter {}']));
    assert.equal(file.scenarios.length, summary.testCases.length);
    const keys = file.scenarios.map((s) => `${s.uri}:${String(s.line).padStart(5, '0')}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(file.scenarios.filter((s) => s.transcript.length > 0).length, 1);
  });

  it('is hashed in the certificate: the file as written, and each scenario on its own', async () => {
    const { summary } = await fixtureRun();
    const run = withTranscript(summary, ['CSR@8808 > OpenAdapter {}', 'CSR@8808 < OpenAdapter {"ok":true}']);
    const certificate = certify(run, { transcripts: digestTranscripts(transcriptsOf(run)) });
    const out = await mkdtemp(join(tmpdir(), 'switchboard-transcripts-'));
    try {
      await writeReports(out, certificate, run);
      const text = await readFile(join(out, 'transcripts.json'), 'utf8');
      assert.equal(certificate.transcripts.sha256, `sha256:${createHash('sha256').update(text).digest('hex')}`);
      const file = parseTranscripts(text, 'transcripts.json');
      assert.deepEqual(
        certificate.transcripts.scenarios.map((s) => [s.uri, s.line, s.status, s.lines, s.sha256]),
        file.scenarios.map((s) => [s.uri, s.line, s.status, s.transcript.length, transcriptHash(s.transcript)]),
      );
      assert.ok(text.includes('\n        "CSR@8808 > OpenAdapter {}",\n'), 'one transcript line per text line');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('is refused by the writer when the certificate hashes other transcripts', async () => {
    const { summary } = await fixtureRun();
    const certificate = certify(summary);
    const other = withTranscript(summary, ['CSR@8808 > OpenAdapter {}']);
    const out = await mkdtemp(join(tmpdir(), 'switchboard-transcripts-'));
    try {
      await assert.rejects(writeReports(out, certificate, other), (error: unknown) => error instanceof ReportError && error.code === 'certificate-invalid');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('is refused when read back if it is not a transcripts file, naming the field', () => {
    assert.throws(
      () =>
        parseTranscripts(
          renderTranscripts({ format: 'switchboard-transcripts/1', scenarios: [] }).replace('"scenarios": []', '"scenarios": [{"name": 1}]'),
          'x/transcripts.json',
        ),
      (error: unknown) =>
        error instanceof ReportError &&
        error.code === 'transcripts-malformed' &&
        error.message.includes('x/transcripts.json is not a transcripts file: transcripts.scenarios[0]'),
    );
    assert.throws(() => parseTranscripts('{', 'x/transcripts.json'), /x\/transcripts\.json is not JSON/);
  });
});
