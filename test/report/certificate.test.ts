import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NO_SCENARIO_REASON, type Certificate, type RequirementResult } from '../../src/report/certificate.ts';
import { checkCertificate } from '../../src/report/certificate-schema.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { certify, passingOnly, requirement } from './certificate-input.ts';
import { CALLS_URI, MODES_URI, fixtureRun, removeFixtureRun } from './fixture-run.ts';

function req(certificate: Certificate, id: string): RequirementResult {
  const found = certificate.requirements.find((r) => r.id === id);
  assert.ok(found, `requirement ${id} is not in the certificate`);
  return found;
}

describe('certificate', () => {
  let summary: RunSummary;
  let certificate: Certificate;
  before(async () => {
    summary = (await fixtureRun()).summary;
    certificate = certify(summary);
  });
  after(removeFixtureRun);

  it('is not conformant when a scenario failed', () => {
    assert.equal(certificate.verdict, 'not-conformant');
    assert.deepEqual(certificate.scenarios, { total: 5, passed: 3, failed: 2, skipped: 0 });
  });

  it('passes a requirement whose scenarios all passed, listing them with file and line', () => {
    assert.deepEqual(req(certificate, 'OCTI-CALL-001'), {
      id: 'OCTI-CALL-001',
      statement: req(certificate, 'OCTI-CALL-001').statement,
      source: 'https://docs-previous.pega.com/pega-call-developer-guide-server-side-integration/87/handling-incoming-call-events',
      status: 'passed',
      reason: null,
      scenarios: [{ name: 'A queued call pops one Offering', uri: CALLS_URI, line: 5, status: 'passed' }],
    });
    assert.equal(req(certificate, 'OCTI-CALL-004').status, 'passed', 'a scenario that passed on retry proves its requirement');
  });

  it('fails every requirement a failed scenario carries', () => {
    for (const id of ['OCTI-CALL-003', 'OCTI-CALL-006', 'OCTI-CALL-009']) {
      assert.equal(req(certificate, id).status, 'failed', id);
      assert.equal(req(certificate, id).reason, '1 of 1 scenario did not pass', id);
    }
  });

  it('says in words what a failed scenario reveals about the claimed mode, and nothing for an unproved requirement', () => {
    const catalogue = [
      { ...requirement('OCTI-CALL-003', 'simple'), mismatch: 'Declared X, but behaves like Y.' },
      { ...requirement('OCTI-CALL-002', 'simple'), mismatch: 'Never ran, so says nothing.' },
    ];
    assert.deepEqual(certify(summary, { requirements: catalogue }).findings, ['Declared X, but behaves like Y. (OCTI-CALL-003)']);
  });

  it("fails an applicable requirement that no scenario proved with 'no scenario proved it'", () => {
    const missing = req(certificate, 'OCTI-CALL-002');
    assert.equal(missing.status, 'failed');
    assert.equal(missing.reason, NO_SCENARIO_REASON);
    assert.deepEqual(missing.scenarios, []);
  });

  it('includes every requirement of the claimed mode, in catalogue order, including the mode-only ones', () => {
    assert.equal(certificate.requirements[0]?.id, 'OCTI-CFG-001');
    assert.equal(req(certificate, 'OCTI-MODE-001').status, 'passed');
    assert.deepEqual(req(certificate, 'OCTI-MODE-001').scenarios.map((s) => s.uri), [MODES_URI]);
  });

  it('keeps requirements of higher modes out, and `only` requirements out of other modes', () => {
    const catalogue = [
      requirement('OCTI-A-001', 'simple'),
      requirement('OCTI-A-002', 'simple', true),
      requirement('OCTI-A-003', 'agent-state'),
      requirement('OCTI-A-004', 'agent-state', true),
      requirement('OCTI-A-005', 'full'),
    ];
    const ids = (mode: Certificate['mode']) => certify(summary, { requirements: catalogue, mode }).requirements.map((r) => r.id);
    assert.deepEqual(ids('simple'), ['OCTI-A-001', 'OCTI-A-002']);
    assert.deepEqual(ids('agent-state'), ['OCTI-A-001', 'OCTI-A-003', 'OCTI-A-004']);
    assert.deepEqual(ids('full'), ['OCTI-A-001', 'OCTI-A-003', 'OCTI-A-005']);
  });

  it('lists each failed scenario with its requirements, failing step, message and trace file', () => {
    assert.deepEqual(certificate.failures, [
      {
        scenario: 'The answered call is Established',
        uri: CALLS_URI,
        line: 10,
        status: 'failed',
        requirements: ['OCTI-CALL-003', 'OCTI-CALL-006'],
        step: 'Then the desktop gets an Established within the deadline',
        message: 'expected an Established for extension 8808 within 200 ms, got none (saw: Offering)',
        trace: 'traces/test-report-fixtures-features-calls--the-answered-call-is-established.json',
      },
      {
        scenario: 'Two calls in a row | are two pops',
        uri: CALLS_URI,
        line: 15,
        status: 'failed',
        requirements: ['OCTI-CALL-009'],
        step: 'When the agent does something nobody defined',
        message: 'no step definition matches "the agent does something nobody defined"',
        trace: null,
      },
    ]);
  });

  it('is conformant when every scenario passed and every applicable requirement was proved', () => {
    const catalogue = [requirement('OCTI-CALL-001', 'simple'), requirement('OCTI-CALL-004', 'simple'), requirement('OCTI-MODE-001', 'simple', true)];
    const conformant = certify(passingOnly(summary), { requirements: catalogue });
    assert.equal(conformant.verdict, 'conformant');
    assert.deepEqual(conformant.failures, []);
    assert.ok(conformant.requirements.every((r) => r.status === 'passed'));
  });

  it('is not conformant when every scenario passed but a requirement has no scenario', () => {
    const catalogue = [requirement('OCTI-CALL-001', 'simple'), requirement('OCTI-CALL-002', 'simple')];
    assert.equal(certify(passingOnly(summary), { requirements: catalogue }).verdict, 'not-conformant');
  });

  it('is not conformant when the run itself reported an error outside the scenarios', () => {
    const catalogue = [requirement('OCTI-CALL-001', 'simple')];
    const broken = { ...passingOnly(summary), runErrors: ['AfterAll hook failed: adapter left 2 unhandled errors'] };
    const result = certify(broken, { requirements: catalogue });
    assert.equal(result.verdict, 'not-conformant');
    assert.deepEqual(result.runErrors, ['AfterAll hook failed: adapter left 2 unhandled errors']);
  });

  it('records suite, adapter (identity keys sorted), mode, timings and the replay command', () => {
    assert.deepEqual(certificate.suite, { name: 'switchboard', version: '0.1.0', featuresHash: 'sha256:0f3a9c1de2b7' });
    assert.deepEqual(Object.keys(certificate.adapter.identity), ['name', 'version']);
    assert.equal(certificate.mode, 'simple');
    assert.deepEqual(certificate.timings, { startedAt: '2025-01-02T03:04:05.000Z', finishedAt: '2025-01-02T03:04:07.500Z', durationMs: 2500 });
    assert.match(certificate.replayCommand, /^switchboard certify /);
  });

  it('matches its schema and survives a JSON round trip unchanged', () => {
    const checked = checkCertificate(JSON.parse(JSON.stringify(certificate)));
    assert.ok(checked.ok, checked.ok ? '' : JSON.stringify(checked.issues));
    assert.deepEqual(checked.value, certificate);
  });
});
