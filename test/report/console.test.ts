import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Certificate } from '../../src/report/certificate.ts';
import { renderVerdict } from '../../src/report/console.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { certify, heldProperties, passingOnly, requirement } from './certificate-input.ts';
import { fixtureRun, removeFixtureRun } from './fixture-run.ts';

const ANSI = /\u001b\[/;

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('console verdict', () => {
  let summary: RunSummary;
  let certificate: Certificate;
  before(async () => {
    summary = (await fixtureRun()).summary;
    certificate = certify(summary, { properties: heldProperties() });
  });
  after(removeFixtureRun);

  it('says NOT CONFORMANT and why on the first line, then mode, adapter, suite and counts', () => {
    const out = lines(renderVerdict(certificate, { color: false, reportsDir: 'reports' }));
    assert.equal(out[0], `✘ NOT CONFORMANT: ${certificate.verdictReasons[0] ?? ''}`);
    assert.match(out[0] ?? '', /^✘ NOT CONFORMANT: 4 requirements failed: OCTI-CALL-003 `Then the desktop gets an Established/);
    assert.match(out[1] ?? '', /^ {2}also 1 requirement blocked: OCTI-CALL-007/);
    const from = out.findIndex((l) => l.startsWith('mode'));
    assert.match(out[from] ?? '', /^mode\s+Simple telephony \(simple\)$/);
    assert.match(out[from + 1] ?? '', /^adapter\s+reference \(module\) name=switchboard-reference-adapter version=0\.1\.0$/);
    assert.match(out[from + 2] ?? '', /^suite\s+switchboard 0\.1\.0, features sha256:0f3a9c1de2b7$/);
    assert.match(out[from + 3] ?? '', /^scenarios\s+3 passed, 4 failed of 7$/);
    assert.match(out[from + 4] ?? '', /^requirements\s+\d+ passed, 4 failed, 1 blocked, \d+ not judged of \d+$/);
    assert.match(out[from + 5] ?? '', /^properties\s+8 of 8 invariants held over 1200 sequences \(at least 1000 judge\), seed 7$/);
    assert.match(out[from + 6] ?? '', /^link faults\s+duplicate ×40, delay ×38, closeLink ×12$/);
  });

  it('lists failed requirements with the step that failed them, then the blocked ones with the set-up step', () => {
    const out = renderVerdict(certificate, { color: false });
    const listed = lines(out).filter((l) => l.startsWith('  OCTI-'));
    assert.deepEqual(listed.slice(0, 5), [
      '  OCTI-CALL-003  `Then the desktop gets an Established within the deadline` failed in "The answered…',
      '  OCTI-CALL-006  `Then the desktop gets an Established within the deadline` failed in "The answered…',
      '  OCTI-CALL-009  `When the agent does something nobody defined` failed in "Two calls in a row | are…',
      '  OCTI-EVT-001   `After hook` failed in "An event that breaks Pega\'s schema" (test/report/fixtures/…',
      '  OCTI-CALL-007  "A call the switch refuses to place" (test/report/fixtures/features/calls.feature:…',
    ]);
  });

  it('truncates a long list of failed requirements and stays within one screen', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      id: `OCTI-X-${String(i + 1).padStart(3, '0')}`,
      statement: 's',
      source: 'u',
      status: 'failed' as const,
      reason: 'it failed',
      scenarios: [],
    }));
    const out = lines(renderVerdict({ ...certificate, requirements: many }, { color: false }));
    assert.ok(out.includes('  … and 30 more'), out.join('\n'));
    assert.ok(out.length < 40, `${out.length} lines`);
  });

  it('says where the reports are', () => {
    const out = lines(renderVerdict(certificate, { color: false, reportsDir: 'out/run-1' }));
    assert.match(
      out.at(-1) ?? '',
      /^reports\s+out\/run-1\/certificate\.md \(also certificate\.json, transcripts\.json, cucumber\.html, junit\.xml, traces\/\)$/,
    );
  });

  it('says CONFORMANT and lists nothing when everything passed', () => {
    const conformant = certify(passingOnly(summary), { requirements: [requirement('OCTI-CALL-001', 'simple')], properties: heldProperties() });
    const out = renderVerdict(conformant, { color: false });
    assert.equal(lines(out)[0], '✔ CONFORMANT: every one of the 1 requirements of the mode was judged with full evidence and passed');
    assert.doesNotMatch(out, /Failed requirements/);
  });

  it('says INCOMPLETE and why first when something was not judged', () => {
    const incomplete = certify(passingOnly(summary), { requirements: [requirement('OCTI-CALL-001', 'simple')] });
    assert.equal(lines(renderVerdict(incomplete, { color: false }))[0], '◐ INCOMPLETE: the property run was skipped (--no-properties)');
  });

  it("prints a counterexample's replay command whole, however long", () => {
    const properties = heldProperties();
    const replayCommand = `npx switchboard certify --adapter 'cmd:python3 ${'x'.repeat(120)}/adapter.py' --mode simple --no-scenarios --seed 7 --path '1:2@abc'`;
    const [first, ...rest] = properties.results;
    assert.ok(first !== undefined);
    const counterexample = {
      message: 'boom',
      path: '1:2@abc',
      commands: ['a'],
      log: ['a'],
      reproduced: true,
      shrinks: 1,
      files: { text: 't', feature: 'f', script: 's', trace: 'r', diagram: 'd' },
    };
    const failed = certify(passingOnly(summary), {
      requirements: [requirement('OCTI-CALL-001', 'simple')],
      properties: { ...properties, results: [{ ...first, status: 'failed', reason: 'boom', counterexample, replayCommand }, ...rest] },
    });
    assert.ok(lines(renderVerdict(failed, { color: false })).some((l) => l.endsWith(replayCommand)));
  });

  it('colours only when asked to', () => {
    assert.doesNotMatch(renderVerdict(certificate, { color: false }), ANSI);
    const coloured = renderVerdict(certificate, { color: true });
    assert.match(coloured, ANSI);
    assert.ok(coloured.startsWith('\u001b[1;31m✘ NOT CONFORMANT: '));
  });
});
