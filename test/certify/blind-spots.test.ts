/**
 * Blind spots the suite once had, each closed and proved by a broken adapter the scenarios alone
 * (no property run) now reject: which desktop got an event, agreement with the switch after a CLOSED
 * snapshot the desktop never asked for, and the link coming back after it went down, in that order;
 * and a doubled Retrieved, which the property run seldom meets.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { certificateIn, certify } from './support/certify-run.ts';

const cases = [
  {
    fixture: 'shared-sink',
    what: "sends every CSR's events to the desktop opened last",
    mode: 'simple',
    scenarios: "^Both colleagues' desktops follow an internal call to its end$",
    rejects: ['OCTI-CALL-005'],
  },
  {
    fixture: 'early-connected',
    what: 'says the link is up at subscribe time and never after it drops',
    mode: 'simple',
    scenarios: '^The desktop hears the link go down and come back$',
    rejects: ['OCTI-LINK-001'],
  },
  {
    fixture: 'retrieves-twice',
    what: 'delivers every Retrieved twice (the property run rarely plays hold then retrieve)',
    mode: 'full',
    scenarios: '^Hold, then retrieve$',
    rejects: ['OCTI-FULL-003'],
  },
  {
    fixture: 'blind-after-closed',
    what: 'sends a CLOSED snapshot at a glare request, then drops call events',
    mode: 'full',
    scenarios: 'crosses',
    rejects: ['OCTI-FULL-015'],
  },
] as const;

for (const { fixture, what, mode, scenarios, rejects } of cases) {
  test(`an adapter that ${what} fails the scenarios of ${rejects.join(', ')} without the property run`, async () => {
    const run = await certify('--adapter', `module:test/fixtures/adapters/${fixture}.ts`, '--mode', mode, '--name', scenarios);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    assert.equal(certificate.propertyRun, null);
    for (const id of rejects) assert.equal(certificate.requirements.find((r) => r.id === id)?.status, 'failed', `${id}:\n${run.stdout}`);
  });
}
