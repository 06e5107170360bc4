/**
 * `certify --dialect ami`: the reference adapter passes every Full-telephony scenario over Asterisk AMI,
 * the agent password and the logout reason included (decision 0130), and the certificate names the dialect.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertScenariosOnlyPassed, certificateIn, certify } from './support/certify-run.ts';

test('the reference adapter passes every Full-telephony scenario over AMI, none left out (scenarios only: incomplete, exit 3)', async () => {
  const run = await certify('--adapter', 'reference', '--mode', 'full', '--dialect', 'ami');
  const certificate = await certificateIn(run.out);
  assertScenariosOnlyPassed(run, certificate);
  assert.equal(certificate.run.dialect, 'ami');
  for (const id of ['OCTI-AGT-005', 'OCTI-AGT-011', 'OCTI-AGT-012'])
    assert.equal(certificate.requirements.find((r) => r.id === id)?.status, 'passed', `${id}: no longer left out over AMI`);
});
