/**
 * The whole path, in process: `switchboard certify` on the reference adapter (self-conformance),
 * on deliberately broken adapters (positive controls: the suite must reject each), and on bad
 * command lines (exit 2 with a message saying what to fix).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { main } from '../../src/cli/main.ts';
import { capture, certificateIn, certify, certifyWhole, ROOT } from './support/certify-run.ts';

test('the reference adapter is certified conformant for Simple telephony, with every report written', async () => {
  const run = await certifyWhole('--adapter', 'reference', '--mode', 'simple');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /✔ CONFORMANT: every one of the \d+ requirements of the mode was judged with full evidence and passed/);
  const certificate = await certificateIn(run.out);
  assert.equal(certificate.verdict, 'conformant');
  assert.equal(certificate.mode, 'simple');
  assert.ok(certificate.requirements.length >= 20);
  assert.ok(certificate.requirements.every((r) => r.status === 'passed' && (r.scenarios.length > 0 || r.id.startsWith('OCTI-PROP-'))));
  const run1 = certificate.propertyRun;
  assert.ok(run1 !== null && run1.sequences >= run1.minimumSequences && run1.faults.every((f) => (run1.faultsApplied[f] ?? 0) > 0), JSON.stringify(run1));
  assert.match(certificate.suite.featuresHash, /^sha256:[0-9a-f]{64}$/);

  const messages = (await readFile(join(run.out, 'cucumber.ndjson'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(messages.some((m) => 'testRunFinished' in m));
  const html = await readFile(join(run.out, 'cucumber.html'), 'utf8');
  assert.match(html, /<html/i);
  const junit = new XMLParser({ ignoreAttributes: false }).parse(await readFile(join(run.out, 'junit.xml'), 'utf8')) as { testsuite: Record<string, string> };
  assert.equal(junit.testsuite['@_failures'], '0');
  // Every scenario, the verdict, and one test case per invariant.
  assert.equal(Number(junit.testsuite['@_tests']), certificate.scenarios.total + 1 + certificate.properties.length);
});

test('an adapter that drops the caller number is not conformant, and the screen-pop requirement is named', async () => {
  const run = await certify('--adapter', 'module:test/fixtures/adapters/drops-caller-number.ts', '--mode', 'simple');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  assert.equal(certificate.verdict, 'not-conformant');
  assert.equal(certificate.requirements.find((r) => r.id === 'OCTI-CALL-001')?.status, 'failed');
  const failure = certificate.failures.find((f) => f.requirements.includes('OCTI-CALL-001'));
  assert.ok(failure !== undefined);
  assert.match(failure.message, /pyANI="16175551212"/);
  assert.ok(failure.trace !== null);
  const trace: unknown = JSON.parse(await readFile(join(run.out, failure.trace), 'utf8'));
  assert.ok(Array.isArray(trace) && trace.length > 0);
  assert.match(run.stdout, /OCTI-CALL-001/);
});

test('an adapter that pops twice is not conformant on exactly-one-Offering', async () => {
  const run = await certify('--adapter', 'module:test/fixtures/adapters/pops-twice.ts', '--mode', 'simple');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  assert.deepEqual(
    certificate.requirements.filter((r) => r.status === 'failed').map((r) => r.id),
    // OCTI-CALL-010: a waiting call pops exactly once too.
    ['OCTI-CALL-003', 'OCTI-CALL-010', 'OCTI-LINK-002'],
  );
  assert.match(certificate.failures[0]?.message ?? '', /expected exactly one Offering on the desktop for 8808 .* but got 2/);
});

test('an adapter that pops calls again when its link is back is not conformant on the lost-link requirement', async () => {
  const run = await certify('--adapter', 'module:test/fixtures/adapters/resyncs-without-comparing.ts', '--mode', 'simple');
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const certificate = await certificateIn(run.out);
  assert.ok(certificate.requirements.some((r) => r.id === 'OCTI-LINK-002' && r.status === 'failed'));
  assert.ok(
    certificate.failures.some((f) => /expected exactly one Offering on the desktop for 8808 .* but got 2/.test(f.message)),
    certificate.failures.map((f) => f.message).join('\n'),
  );
});

const setupErrors: [string, string[], RegExp][] = [
  ['a missing module', ['--adapter', 'module:test/fixtures/adapters/nowhere.ts', '--mode', 'simple'], /no file at .*nowhere\.ts/],
  [
    'a module without createAdapter',
    ['--adapter', 'module:test/fixtures/adapters/not-a-factory.mjs', '--mode', 'simple'],
    /does not export a function createAdapter/,
  ],
  [
    'a module missing activities',
    ['--adapter', 'module:test/fixtures/adapters/missing-activities.mjs', '--mode', 'simple'],
    /without the activities SubscribeForEvents, UnSubscribeForEvents/,
  ],
  ['an unknown mode', ['--adapter', 'reference', '--mode', 'premium'], /--mode "premium" is not a telephony mode: expected one of simple, agent-state, full/],
  ['a missing mode', ['--adapter', 'reference'], /--mode is missing/],
  ['a missing adapter', ['--mode', 'simple'], /--adapter is missing/],
  [
    'an unknown adapter spec',
    ['--adapter', 'ftp:x', '--mode', 'simple'],
    /not an adapter spec; expected reference, module:<path>, http:<url>, cmd:<command line> or image:<docker image>/,
  ],
  ['an unknown flag', ['--adapter', 'reference', '--mode', 'simple', '--colour'], /Unknown option '--colour'/],
  ['a bad deadline', ['--adapter', 'reference', '--mode', 'simple', '--deadline-ms', 'soon'], /--deadline-ms "soon": expected a whole number/],
];

for (const [what, args, message] of setupErrors) {
  test(`certify refuses ${what} with exit 2 and says what to fix`, async () => {
    const run = await certify(...args);
    assert.equal(run.code, 2);
    assert.match(run.stderr, message);
  });
}

test('an unknown command is a usage error with exit 2', async () => {
  const stderr = capture();
  const code = await main(['certfy'], { stdout: capture().stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  assert.equal(code, 2);
  assert.match(stderr.text(), /unknown command "certfy": expected certify, merge, verify, keygen, simulate, load, adapter serve, init or help/);
});
