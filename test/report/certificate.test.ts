import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exitCodeOf, type Certificate, type RequirementResult } from '../../src/report/certificate.ts';
import { checkCertificate } from '../../src/report/certificate-schema.ts';
import { findingsOf } from '../../src/report/findings.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { modeTagExpression } from '../../src/report/tags.ts';
import { certify, heldProperties, passingOnly, requirement } from './certificate-input.ts';
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
    certificate = certify(summary, { properties: heldProperties() });
  });
  after(removeFixtureRun);

  it('is not conformant when a scenario failed a requirement, and says which first', () => {
    assert.equal(certificate.verdict, 'not-conformant');
    assert.equal(exitCodeOf(certificate.verdict), 1);
    assert.deepEqual(certificate.scenarios, { total: 7, passed: 3, failed: 4, skipped: 0 });
    assert.match(
      certificate.verdictReasons[0] ?? '',
      /^4 requirements failed: OCTI-CALL-003 `Then the desktop gets an Established within the deadline` failed in "The answered call is Established"/,
    );
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

  it('fails every requirement a scenario that failed in its proof carries, naming the step and the message', () => {
    for (const id of ['OCTI-CALL-003', 'OCTI-CALL-006']) {
      assert.equal(req(certificate, id).status, 'failed', id);
      assert.equal(
        req(certificate, id).reason,
        '`Then the desktop gets an Established within the deadline` failed in "The answered call is Established" (test/report/fixtures/features/calls.feature:10): expected an Established for extension 8808 within 200 ms, got none (saw: Offering)',
        id,
      );
    }
    assert.equal(req(certificate, 'OCTI-CALL-009').status, 'failed', 'an undefined When step is part of the proof');
  });

  it('blocks, not fails, a requirement whose scenario failed in set-up, naming the step', () => {
    const blocked = req(certificate, 'OCTI-CALL-007');
    assert.equal(blocked.status, 'blocked');
    assert.equal(
      blocked.reason,
      '"A call the switch refuses to place" (test/report/fixtures/features/calls.feature:25) failed in set-up, before reaching what it proves, at `Given the switch refuses every call`: the switch refused the call: no free trunk',
    );
    assert.deepEqual(
      blocked.scenarios.map((s) => s.status),
      ['blocked'],
    );
    const failure = certificate.failures.find((f) => f.scenario === 'A call the switch refuses to place');
    assert.deepEqual({ kind: failure?.kind, requirements: failure?.requirements }, { kind: 'blocked', requirements: ['OCTI-CALL-007'] });
  });

  it('charges a check that names its requirement (OCTI-EVT-001) with the failure, not the requirements the scenario is tagged with', () => {
    assert.equal(req(certificate, 'OCTI-CALL-008').status, 'passed', 'its own steps held');
    const evt = req(certificate, 'OCTI-EVT-001');
    assert.equal(evt.status, 'failed');
    assert.match(evt.reason ?? '', /^`After hook` failed in "An event that breaks Pega's schema" .*: OCTI-EVT-001: an event that does not match/);
    const failure = certificate.failures.find((f) => f.scenario === "An event that breaks Pega's schema");
    assert.deepEqual({ kind: failure?.kind, requirements: failure?.requirements }, { kind: 'failed', requirements: ['OCTI-EVT-001'] });
  });

  it('does not judge an applicable requirement that no scenario proves', () => {
    const missing = req(certificate, 'OCTI-CALL-002');
    assert.equal(missing.status, 'not-judged');
    assert.equal(missing.reason, 'no scenario of the suite proves it in this mode');
    assert.deepEqual(missing.scenarios, []);
  });

  it('includes every requirement of the claimed mode, in catalogue order, including the mode-only ones', () => {
    assert.equal(certificate.requirements[0]?.id, 'OCTI-CFG-001');
    assert.equal(req(certificate, 'OCTI-MODE-001').status, 'passed');
    assert.deepEqual(
      req(certificate, 'OCTI-MODE-001').scenarios.map((s) => s.uri),
      [MODES_URI],
    );
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

  it('lists each scenario that did not pass with what it is evidence of, its step, message and trace file', () => {
    assert.deepEqual(certificate.failures.slice(0, 2), [
      {
        scenario: 'The answered call is Established',
        uri: CALLS_URI,
        line: 10,
        status: 'failed',
        kind: 'failed',
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
        kind: 'failed',
        requirements: ['OCTI-CALL-009'],
        step: 'When the agent does something nobody defined',
        message: 'no step definition matches "the agent does something nobody defined"',
        trace: null,
      },
    ]);
  });

  describe('verdicts', () => {
    const catalogue = [requirement('OCTI-CALL-001', 'simple'), requirement('OCTI-CALL-004', 'simple'), requirement('OCTI-MODE-001', 'simple', true)];

    it('is conformant only when every requirement was judged with full evidence and passed', () => {
      const conformant = certify(passingOnly(summary), { requirements: catalogue, properties: heldProperties() });
      assert.equal(conformant.verdict, 'conformant');
      assert.equal(exitCodeOf(conformant.verdict), 0);
      assert.deepEqual(conformant.failures, []);
      assert.ok(conformant.requirements.every((r) => r.status === 'passed'));
      assert.deepEqual(conformant.verdictReasons, ['every one of the 3 requirements of the mode was judged with full evidence and passed']);
    });

    it('is incomplete, never conformant, when the property run was skipped', () => {
      const skipped = certify(passingOnly(summary), { requirements: catalogue });
      assert.equal(skipped.verdict, 'incomplete');
      assert.equal(exitCodeOf(skipped.verdict), 3);
      assert.deepEqual(skipped.verdictReasons, ['the property run was skipped (--no-properties)']);
    });

    it('is incomplete when the scenarios were skipped, judging none of their requirements', () => {
      const skipped = certify(passingOnly(summary), { requirements: catalogue, properties: heldProperties(), scenariosSkipped: true });
      assert.equal(skipped.verdict, 'incomplete');
      assert.equal(skipped.verdictReasons[0], 'the scenarios were skipped (--no-scenarios)');
      assert.ok(skipped.requirements.every((r) => r.status === 'not-judged' && r.reason === 'the scenarios were skipped (--no-scenarios)'));
    });

    it('is incomplete when a requirement has no scenario, or one was blocked', () => {
      const unproved = certify(passingOnly(summary), { requirements: [...catalogue, requirement('OCTI-CALL-002', 'simple')], properties: heldProperties() });
      assert.equal(unproved.verdict, 'incomplete');
      assert.equal(unproved.verdictReasons[0], '1 requirement not judged: OCTI-CALL-002 no scenario of the suite proves it in this mode');
      const blockedOnly = { ...summary, testCases: summary.testCases.filter((t) => t.status === 'passed' || t.name === 'A call the switch refuses to place') };
      const blocked = certify(blockedOnly, { requirements: [...catalogue, requirement('OCTI-CALL-007', 'simple')], properties: heldProperties() });
      assert.equal(blocked.verdict, 'incomplete');
      assert.match(blocked.verdictReasons[0] ?? '', /^1 requirement blocked: OCTI-CALL-007 "A call the switch refuses to place"/);
      assert.deepEqual(blocked.findings, []);
    });

    it('is incomplete for a --name filter that left scenarios out, which are listed as not run', () => {
      const filtered = certify(passingOnly(summary), {
        requirements: [...catalogue, requirement('OCTI-CALL-005', 'simple')],
        properties: heldProperties(),
        run: { tagExpression: modeTagExpression('simple'), names: ['Internal'], deadlineMs: 2000, quietMs: 150 },
        mode: 'agent-state',
      });
      assert.equal(filtered.verdict, 'incomplete');
      assert.match(filtered.verdictReasons[0] ?? '', /^--name filter: the 3 selected scenarios all passed; the other 1 of the mode were not run$/);
      const internal = req(filtered, 'OCTI-CALL-005');
      assert.equal(internal.status, 'not-judged');
      assert.equal(internal.reason, '0 of 1 scenarios proving it passed; 1 was not run (left out by --name)');
      assert.deepEqual(internal.scenarios, [{ name: 'Internal call from 8801', uri: MODES_URI, line: 15, status: 'not-run' }]);
    });

    it('is incomplete for a shard, whatever its slice found', () => {
      const shard = certify(passingOnly(summary), {
        requirements: catalogue,
        properties: heldProperties(),
        shard: { index: 1, total: 2, wholeRunCommand: 'x' },
      });
      assert.equal(shard.verdict, 'incomplete');
      assert.equal(shard.verdictReasons[0], "shard 1 of 2: only `switchboard merge` of every shard's reports judges the whole run");
    });

    it('is incomplete when the property run explored too few sequences or never applied a link fault', () => {
      const small = certify(passingOnly(summary), { requirements: catalogue, properties: heldProperties({ sequences: 28, interrupted: true }) });
      assert.equal(small.verdict, 'incomplete');
      assert.equal(small.verdictReasons[0], 'the property run explored 28 sequences, fewer than the 1000 a certifying run needs (raise --max-time-ms)');
      const unfaulted = certify(passingOnly(summary), {
        requirements: catalogue,
        properties: heldProperties({ faultsApplied: { duplicate: 3, delay: 2, closeLink: 0 } }),
      });
      assert.equal(unfaulted.verdict, 'incomplete');
      assert.equal(unfaulted.verdictReasons[0], 'the property run never applied the link fault closeLink');
      const withheld = certify(passingOnly(summary), {
        requirements: catalogue,
        properties: heldProperties({
          faultsApplied: { duplicate: 3, delay: 2, closeLink: 0 },
          faultsWithheld: { closeLink: "the adapter refused the lab's short reconnect settings" },
        }),
      });
      assert.equal(
        withheld.verdictReasons[0],
        "the property run never applied the link fault closeLink: the adapter refused the lab's short reconnect settings",
      );
    });

    it('is an error, over everything else, when the lab itself failed or the run failed outside any scenario', () => {
      const labError = { message: 'harness bug: no desktop for 8808 (while running the property run)', log: 'lab-error.log' };
      const failedLab = certify(summary, { properties: heldProperties(), labError });
      assert.equal(failedLab.verdict, 'error');
      assert.equal(exitCodeOf(failedLab.verdict), 2);
      assert.equal(
        failedLab.verdictReasons[0],
        'the lab itself failed: harness bug: no desktop for 8808 (while running the property run) (stack in lab-error.log)',
      );
      assert.deepEqual(failedLab.labError, labError);
      const broken = { ...passingOnly(summary), runErrors: ['AfterAll hook failed: adapter left 2 unhandled errors'] };
      const result = certify(broken, { requirements: catalogue, properties: heldProperties() });
      assert.equal(result.verdict, 'error');
      assert.deepEqual(result.runErrors, ['AfterAll hook failed: adapter left 2 unhandled errors']);
    });
  });

  describe('declared vs observed', () => {
    it('says what a failed requirement reveals about the claimed mode, naming the failed step, and nothing for a blocked one', () => {
      const catalogue = [
        { ...requirement('OCTI-CALL-003', 'simple'), mismatch: 'Declared X, but behaves like Y.' },
        { ...requirement('OCTI-CALL-007', 'simple'), mismatch: 'Blocked, so says nothing.' },
        { ...requirement('OCTI-CALL-002', 'simple'), mismatch: 'Never ran, so says nothing.' },
      ];
      assert.deepEqual(certify(summary, { requirements: catalogue }).findings, [
        'Declared X, but behaves like Y. (OCTI-CALL-003; observed: `Then the desktop gets an Established within the deadline` failed in "The answered call is Established" (test/report/fixtures/features/calls.feature:10): expected an Established for extension 8808 within 200 ms, got none (saw: Offering))',
      ]);
    });

    it('draws a mode finding that needs an observation (OCTI-MODE-001: a request that answered ok) only from one', () => {
      // The fixture's MODE-001 scenario is made to fail without any accepted request: no finding.
      const failingModeCase = summary.testCases.map((t) =>
        t.uri === MODES_URI
          ? {
              ...t,
              status: 'failed' as const,
              failedStep: { text: 'Then it is refused', status: 'failed' as const, message: 'got a 501', stage: 'outcome' as const },
            }
          : t,
      );
      const catalogue = [{ ...requirement('OCTI-MODE-001', 'simple', true), mismatch: 'Declared Simple telephony, but accepts Ready.' }];
      const none = certify({ ...summary, testCases: failingModeCase }, { requirements: catalogue });
      assert.equal(req(none, 'OCTI-MODE-001').status, 'failed');
      assert.deepEqual(none.findings, []);
      // The same failure with the request answered ok in its transcript: the finding, quoting it.
      const failed = none.requirements.filter((r) => r.id === 'OCTI-MODE-001');
      const key = failed[0]?.scenarios[0];
      assert.ok(key !== undefined);
      const transcripts = {
        format: 'switchboard-transcripts/1' as const,
        scenarios: [{ ...key, status: 'failed' as const, transcript: ['CSR@8808 > SetAgentReady {"DN":"8808"}', 'CSR@8808 < SetAgentReady {"ok":true}'] }],
      };
      assert.deepEqual(findingsOf(catalogue, failed, transcripts), [
        `Declared Simple telephony, but accepts Ready. (OCTI-MODE-001; observed in "${key.name}" (${key.uri}:${key.line}): CSR@8808 < SetAgentReady {"ok":true})`,
      ]);
    });
  });

  it('records suite, adapter (identity keys sorted), mode, timings and the replay command', () => {
    assert.deepEqual(certificate.suite, { name: 'switchboard', version: '0.1.0', featuresHash: 'sha256:0f3a9c1de2b7', sourcesHash: 'sha256:5e1f' });
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
