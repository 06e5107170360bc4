/** `certify --dialect csta-xml`: the reference adapter passes every Full-telephony scenario over CSTA XML, and the certificate names the dialect. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertScenariosOnlyPassed, certificateIn, certify } from '../certify/support/certify-run.ts';

test('the reference adapter passes every Full-telephony scenario over CSTA XML (scenarios only: incomplete, exit 3)', async () => {
  const run = await certify('--adapter', 'reference', '--mode', 'full', '--dialect', 'csta-xml');
  const certificate = await certificateIn(run.out);
  assertScenariosOnlyPassed(run, certificate);
  assert.equal(certificate.run.dialect, 'csta-xml');
});
