/**
 * How `switchboard verify` judges a re-run against a certificate: scenario by scenario, verdict
 * and transcript, naming the first line that differs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Certificate } from '../../src/report/certificate-schema.ts';
import { compareEvidence, firstDifference, renderComparison } from '../../src/report/compare.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { digestTranscripts, type ScenarioTranscript, type TranscriptsFile } from '../../src/report/transcripts.ts';
import { certify, heldProperties } from './certificate-input.ts';

const EMPTY_RUN: RunSummary = {
  startedAt: null,
  finishedAt: null,
  testCases: [],
  unrun: [],
  counts: { total: 0, passed: 0, failed: 0, skipped: 0 },
  runErrors: [],
};

function scenario(line: number, status: ScenarioTranscript['status'], transcript: readonly string[]): ScenarioTranscript {
  return { name: `Scenario on line ${line}`, uri: 'features/calls.feature', line, status, transcript: [...transcript] };
}

function evidence(scenarios: readonly ScenarioTranscript[]): { certificate: Certificate; transcripts: TranscriptsFile } {
  const transcripts: TranscriptsFile = { format: 'switchboard-transcripts/1', scenarios: [...scenarios] };
  return { certificate: certify(EMPTY_RUN, { transcripts: digestTranscripts(transcripts) }), transcripts };
}

const POP = ['CSR@8808 > OpenAdapter {}', 'CSR@8808 < OpenAdapter {"ok":true}', 'CSR@8808 <- 8808 {"pyEventName":"Offering"}'];

describe('comparing a certificate with its re-run', () => {
  it('matches when every verdict and transcript is the same', () => {
    const certified = evidence([scenario(5, 'passed', POP), scenario(9, 'failed', [])]);
    const rerun = evidence([scenario(5, 'passed', POP), scenario(9, 'failed', [])]);
    const comparison = compareEvidence({ ...certified, transcriptsHashMatches: true }, rerun);
    assert.equal(comparison.matches, true);
    assert.deepEqual(
      comparison.scenarios.map((s) => s.kind),
      ['same', 'same'],
    );
    assert.match(renderComparison(comparison, certified.certificate, { color: false }), /✔ MATCHES: all 2 scenarios/);
  });

  it('names a scenario whose verdict changed', () => {
    const certified = evidence([scenario(5, 'passed', POP)]);
    const rerun = evidence([scenario(5, 'failed', POP)]);
    const comparison = compareEvidence({ ...certified, transcriptsHashMatches: true }, rerun);
    assert.equal(comparison.matches, false);
    assert.deepEqual(comparison.scenarios[0], {
      kind: 'differs',
      key: 'features/calls.feature:5',
      name: 'Scenario on line 5',
      verdict: { certified: 'passed', now: 'failed' },
      transcript: null,
    });
    assert.match(
      renderComparison(comparison, certified.certificate, { color: false }),
      /≠ features\/calls\.feature:5 {2}Scenario on line 5 — verdict: certified passed, now failed/,
    );
  });

  it('names the first transcript line that differs, and a transcript that got shorter', () => {
    const certified = evidence([scenario(5, 'passed', POP), scenario(9, 'passed', POP)]);
    const changed = [POP[0] ?? '', 'CSR@8808 < OpenAdapter {"ok":false}', POP[2] ?? ''];
    const rerun = evidence([scenario(5, 'passed', changed), scenario(9, 'passed', POP.slice(0, 2))]);
    const comparison = compareEvidence({ ...certified, transcriptsHashMatches: true }, rerun);
    assert.deepEqual(
      comparison.scenarios.map((s) => (s.kind === 'differs' && s.transcript?.kind === 'line' ? s.transcript.at : s.kind)),
      [
        { line: 2, certified: 'CSR@8808 < OpenAdapter {"ok":true}', now: 'CSR@8808 < OpenAdapter {"ok":false}' },
        { line: 3, certified: 'CSR@8808 <- 8808 {"pyEventName":"Offering"}', now: null },
      ],
    );
    const text = renderComparison(comparison, certified.certificate, { color: false, rerunDir: '/tmp/rerun' });
    assert.match(text, /transcript differs at line 2:\n {6}certified: CSR@8808 < OpenAdapter \{"ok":true\}\n {6}now: {7}CSR@8808 < OpenAdapter \{"ok":false\}/);
    assert.match(text, /now: {7}\(no line: the transcript now ends here\)/);
    assert.match(
      text,
      /✘ DIFFERS: 2 of 2 scenarios differ: Scenario on line 5 \(features\/calls\.feature:5\); Scenario on line 9 \(features\/calls\.feature:9\)\.\nthe re-run's reports: \/tmp\/rerun/,
    );
  });

  it('catches a transcripts file edited after the run even when the certificate still agrees with the re-run', () => {
    const honest = evidence([scenario(5, 'passed', POP)]);
    const edited: TranscriptsFile = { ...honest.transcripts, scenarios: [scenario(5, 'passed', POP.slice(0, 2))] };
    const comparison = compareEvidence({ certificate: honest.certificate, transcripts: edited, transcriptsHashMatches: false }, honest);
    assert.equal(comparison.matches, false);
    assert.deepEqual(comparison.general, ['transcripts.json is not the file the certificate hashes (it was changed after the run)']);
    assert.equal(comparison.scenarios[0]?.kind, 'differs');
  });

  it('catches a certificate whose transcript hash was altered, and says the file agrees with the re-run', () => {
    const honest = evidence([scenario(5, 'passed', POP)]);
    const digest = honest.certificate.transcripts.scenarios[0];
    assert.ok(digest !== undefined);
    const altered: Certificate = {
      ...honest.certificate,
      transcripts: { ...honest.certificate.transcripts, scenarios: [{ ...digest, sha256: `sha256:${'0'.repeat(64)}` }] },
    };
    const comparison = compareEvidence({ certificate: altered, transcripts: honest.transcripts, transcriptsHashMatches: true }, honest);
    assert.deepEqual(comparison.scenarios[0], {
      kind: 'differs',
      key: 'features/calls.feature:5',
      name: 'Scenario on line 5',
      verdict: null,
      transcript: { kind: 'hash-only' },
    });
  });

  it('compares by hash alone when the transcripts file is gone', () => {
    const certified = evidence([scenario(5, 'passed', POP)]);
    const rerun = evidence([scenario(5, 'passed', POP.slice(1))]);
    const comparison = compareEvidence({ certificate: certified.certificate, transcripts: undefined, transcriptsHashMatches: false }, rerun);
    assert.deepEqual(comparison.general, []);
    assert.equal(comparison.scenarios[0]?.kind === 'differs' ? comparison.scenarios[0].transcript?.kind : undefined, 'no-file');
  });

  it('reports a certified scenario the re-run did not run, and one it ran that the certificate does not know', () => {
    const comparison = compareEvidence({ ...evidence([scenario(5, 'passed', POP)]), transcriptsHashMatches: true }, evidence([scenario(7, 'passed', POP)]));
    assert.deepEqual(
      comparison.scenarios.map((s) => [s.kind, s.key]),
      [
        ['missing', 'features/calls.feature:5'],
        ['unexpected', 'features/calls.feature:7'],
      ],
    );
  });

  it('reports a changed overall verdict and requirement status outside the scenarios', () => {
    const certified = evidence([scenario(5, 'passed', POP)]);
    const rerun = evidence([scenario(5, 'passed', POP)]);
    const requirement = certified.certificate.requirements[0];
    assert.ok(requirement !== undefined);
    const flipped: Certificate = {
      ...certified.certificate,
      verdict: 'conformant',
      requirements: [{ ...requirement, status: 'passed', reason: null }, ...certified.certificate.requirements.slice(1)],
    };
    const comparison = compareEvidence({ certificate: flipped, transcripts: certified.transcripts, transcriptsHashMatches: true }, rerun);
    assert.deepEqual(comparison.general, [`verdict: certified conformant, now incomplete`, `requirement ${requirement.id}: certified passed, now not-judged`]);
  });

  it('finds no difference between equal transcripts', () => {
    assert.equal(firstDifference(POP, [...POP]), null);
    assert.deepEqual(firstDifference([], ['x']), { line: 1, certified: null, now: 'x' });
  });
});

describe('comparing the property run with its re-run', () => {
  it('finds an invariant whose status changed, another seed and a minimum no longer reached; not how many sequences fitted', () => {
    const base = evidence([scenario(5, 'passed', POP)]);
    const properties = heldProperties();
    const certified: Certificate = { ...base.certificate, propertyRun: properties.run, properties: [...properties.results] };
    const sameButLonger: Certificate = { ...certified, propertyRun: { ...properties.run, sequences: 5000, durationMs: 30_000 } };
    assert.deepEqual(compareEvidence({ ...base, certificate: certified, transcriptsHashMatches: true }, { ...base, certificate: sameButLonger }).general, []);
    const [first, ...rest] = properties.results;
    assert.ok(first !== undefined);
    const differs: Certificate = {
      ...certified,
      propertyRun: { ...properties.run, seed: 8, sequences: 10 },
      properties: [{ ...first, status: 'not-judged', reason: 'x' }, ...rest],
    };
    assert.deepEqual(compareEvidence({ ...base, certificate: certified, transcriptsHashMatches: true }, { ...base, certificate: differs }).general, [
      'property run seed: certified 7, now 8',
      'property run minimum reached: certified true, now false',
      `property run ${first.id}: certified {"status":"passed","counterexample":null}, now {"status":"not-judged","counterexample":null}`,
    ]);
  });
});
