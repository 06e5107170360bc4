/**
 * `switchboard certify --mode agent-state` end to end: the reference adapter is conformant, and each
 * deliberately broken adapter (positive controls) is rejected naming the requirement it breaks, with
 * the declared-vs-observed finding in words where the mode itself is in question.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REQUIREMENTS } from '../../src/contract/index.ts';
import { certificateIn, certify, certifyWhole } from './support/certify-run.ts';

test('the reference adapter is certified conformant for agent-state telephony, covering every agent-state requirement', async () => {
  const run = await certifyWhole('--adapter', 'reference', '--mode', 'agent-state');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  assert.equal(certificate.verdict, 'conformant');
  assert.equal(certificate.mode, 'agent-state');
  const judged = new Set(certificate.requirements.map((r) => r.id));
  const expected = REQUIREMENTS.filter((r) => r.mode !== 'full' && !(r.only === true && r.mode === 'simple')).map((r) => r.id);
  assert.deepEqual([...judged].sort(), [...expected].sort());
  assert.ok(certificate.requirements.every((r) => r.status === 'passed' && (r.scenarios.length > 0 || r.id.startsWith('OCTI-PROP-'))));
  assert.deepEqual(certificate.findings, []);
});

const brokenAdapters: [string, string, string[], RegExp][] = [
  // OCTI-AGT-013's Not Ready scenario also checks the switch got the reason.
  ['ignores the reason code', 'ignores-reason-code', ['OCTI-AGT-003', 'OCTI-AGT-011', 'OCTI-AGT-012', 'OCTI-AGT-013'], /pyReasonCode="7"/],
  [
    'tells the desktop Ready before the ACD does',
    'fakes-ready',
    ['OCTI-AGT-002', 'OCTI-AGT-013'],
    /expected exactly one Ready on the desktop for 8808 .* but got 2/,
  ],
  [
    'maps "already in that state" to a generic error',
    'wrong-refusal-code',
    ['OCTI-AGT-011', 'OCTI-AGT-012'],
    /expected SetAgent(Not)?Ready to fail with OPENCTI_IN_SAME_STATE, but it failed with OPENCTI_CF_GENERIC_OPERATION/,
  ],
];

for (const [bug, fixture, failing, message] of brokenAdapters) {
  test(`an adapter that ${bug} is not conformant for agent-state telephony, naming ${failing.join(', ')}`, async () => {
    const run = await certify('--adapter', `module:test/fixtures/adapters/${fixture}.ts`, '--mode', 'agent-state');
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    assert.equal(certificate.verdict, 'not-conformant');
    assert.deepEqual(
      certificate.requirements.filter((r) => r.status === 'failed').map((r) => r.id),
      failing,
    );
    assert.ok(
      certificate.failures.some((f) => message.test(f.message)),
      certificate.failures.map((f) => f.message).join('\n'),
    );
    for (const id of failing) assert.match(run.stdout, new RegExp(id));
  });
}

test('an adapter declared Simple that behaves as agent-state is told so in words on its certificate, from what was observed only', async () => {
  const run = await certify('--adapter', 'module:test/fixtures/adapters/always-agent-state.ts', '--mode', 'simple');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  // Each finding names what was observed: the agent-state event that reached the desktop, the Ready request that answered ok.
  assert.ok(
    certificate.findings.some((f) =>
      /^Declared Simple telephony, but the adapter sends agent-state events to the desktop.* \(OCTI-MODE-003; observed in ".*" \(.*\): CSR@\d+ <- \d+ \{.*"pyEventType":"AgentStateEvent"/.test(
        f,
      ),
    ),
    certificate.findings.join('\n'),
  );
  // Its Ready requests fail (no AgentID on the page), with the wrong code: OCTI-MODE-001 fails, but nothing
  // was seen accepting them, so no "accepts Ready / Not Ready" finding is drawn.
  assert.equal(certificate.requirements.find((r) => r.id === 'OCTI-MODE-001')?.status, 'failed');
  assert.ok(!certificate.findings.some((f) => f.includes('(OCTI-MODE-001')), certificate.findings.join('\n'));
});

test('an adapter declared agent-state that cannot go Ready is told so in words on its certificate', async () => {
  const run = await certify('--adapter', 'module:test/fixtures/adapters/fakes-ready.ts', '--mode', 'agent-state');
  const certificate = await certificateIn(run.out);
  assert.equal(certificate.findings.length, 1, certificate.findings.join('\n'));
  assert.match(
    certificate.findings[0] ?? '',
    /^Declared agent-state management, but going Ready from the desktop does not end in exactly one Ready event from the ACD: the CSR cannot rely on the state the desktop shows\. \(OCTI-AGT-002; observed: `.*` failed in ".*" \(features\/agent-state\/.*\.feature:\d+\): expected exactly one Ready/,
  );
});
