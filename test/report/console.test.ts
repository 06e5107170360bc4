import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Certificate } from '../../src/report/certificate.ts';
import { renderVerdict } from '../../src/report/console.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { certify, passingOnly, requirement } from './certificate-input.ts';
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
    certificate = certify(summary);
  });
  after(removeFixtureRun);

  it('says NOT CONFORMANT first, then mode, adapter, suite and counts', () => {
    const out = lines(renderVerdict(certificate, { color: false, reportsDir: 'reports' }));
    assert.equal(out[0], '✘ NOT CONFORMANT');
    assert.match(out[1] ?? '', /^mode\s+Simple telephony \(simple\)$/);
    assert.match(out[2] ?? '', /^adapter\s+reference \(module\) name=switchboard-reference-adapter version=0\.1\.0$/);
    assert.match(out[3] ?? '', /^suite\s+switchboard 0\.1\.0, features sha256:0f3a9c1de2b7$/);
    assert.match(out[4] ?? '', /^scenarios\s+3 passed, 2 failed of 5$/);
    assert.match(out[5] ?? '', new RegExp(`^requirements\\s+\\d+ of ${certificate.requirements.length} proved$`));
  });

  it('lists failed requirements with the scenarios that failed them, or why none proved them', () => {
    const out = renderVerdict(certificate, { color: false });
    const listed = lines(out).filter((l) => l.startsWith('  OCTI-'));
    // Requirements that a scenario failed come first, in catalogue order; then the unproved ones.
    assert.deepEqual(listed.slice(0, 4), [
      '  OCTI-CALL-003  The answered call is Established',
      '  OCTI-CALL-006  The answered call is Established',
      '  OCTI-CALL-009  Two calls in a row | are two pops',
      '  OCTI-CFG-001   no scenario proved it',
    ]);
  });

  it('truncates a long list of failed requirements and stays within one screen', () => {
    const catalogue = Array.from({ length: 40 }, (_, i) => requirement(`OCTI-X-${String(i + 1).padStart(3, '0')}`, 'simple'));
    const out = lines(renderVerdict(certify(summary, { requirements: catalogue }), { color: false }));
    assert.ok(out.includes('  … and 30 more'), out.join('\n'));
    assert.ok(out.length < 30, `${out.length} lines`);
  });

  it('says where the reports are', () => {
    const out = lines(renderVerdict(certificate, { color: false, reportsDir: 'out/run-1' }));
    assert.match(out.at(-1) ?? '', /^reports\s+out\/run-1\/certificate\.md \(also certificate\.json, transcripts\.json, cucumber\.html, junit\.xml, traces\/\)$/);
  });

  it('says CONFORMANT and lists nothing when everything passed', () => {
    const conformant = certify(passingOnly(summary), { requirements: [requirement('OCTI-CALL-001', 'simple')] });
    const out = renderVerdict(conformant, { color: false });
    assert.equal(lines(out)[0], '✔ CONFORMANT');
    assert.doesNotMatch(out, /Failed requirements/);
  });

  it('colours only when asked to', () => {
    assert.doesNotMatch(renderVerdict(certificate, { color: false }), ANSI);
    const coloured = renderVerdict(certificate, { color: true });
    assert.match(coloured, ANSI);
    assert.ok(coloured.startsWith('\u001b[1;31m✘ NOT CONFORMANT\u001b[0m'));
  });
});
