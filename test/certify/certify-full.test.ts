/**
 * `switchboard certify --mode full` end to end: the reference adapter is conformant on every
 * requirement of the three modes, and each deliberately broken adapter (positive controls) is
 * rejected naming the requirement it breaks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUIREMENTS } from '../../src/contract/index.ts';
import { certificateIn, certify, certifyWhole } from './support/certify-run.ts';

test('the reference adapter is certified conformant for Full telephony, covering every requirement of every mode but the negative ones', async () => {
  const run = await certifyWhole('--adapter', 'reference', '--mode', 'full');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  assert.equal(certificate.verdict, 'conformant');
  const expected = REQUIREMENTS.filter((r) => r.only !== true || r.mode === 'full').map((r) => r.id);
  assert.deepEqual(certificate.requirements.map((r) => r.id).sort(), [...expected].sort());
  assert.ok(certificate.requirements.every((r) => r.status === 'passed' && (r.scenarios.length > 0 || r.id.startsWith('OCTI-PROP-'))));
});

const brokenAdapters: [string, string, string, string[], RegExp][] = [
  ['loses call data on transfer', 'loses-call-data-on-transfer', 'full', ['OCTI-FULL-012'], /pyNamedVariables\.AccountNumber="4711-22"/],
  ['emits Retrieved without Held', 'retrieved-without-held', 'full', ['OCTI-FULL-003'], /expected .*Held.* on the desktop for 8808/],
  ['treats a consult call as INBOUND', 'consult-as-inbound', 'full', ['OCTI-FULL-007'], /pyCallType="CONSULT"/],
  ['accepts hold in agent-state telephony', 'holds-in-agent-state', 'agent-state', ['OCTI-MODE-005'], /expected HoldCall to fail with OPENCTI_HTTP_ERROR_405/],
];

for (const [bug, fixture, mode, named, message] of brokenAdapters) {
  test(`an adapter that ${bug} is not conformant for ${mode} telephony, naming ${named.join(', ')}`, async () => {
    const run = await certify('--adapter', `module:test/fixtures/adapters/${fixture}.ts`, '--mode', mode);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    const failed = certificate.requirements.filter((r) => r.status === 'failed').map((r) => r.id);
    for (const id of named) assert.ok(failed.includes(id), `${id} should fail, failed: ${failed.join(', ')}`);
    assert.ok(
      certificate.failures.some((f) => message.test(f.message)),
      certificate.failures.map((f) => f.message).join('\n'),
    );
    for (const id of named) {
      const mismatch = REQUIREMENTS.find((r) => r.id === id)?.mismatch;
      if (mismatch !== undefined)
        assert.ok(
          certificate.findings.some((f) => f.startsWith(`${mismatch} (${id}; observed`)),
          certificate.findings.join('\n'),
        );
    }
  });
}
