/**
 * The verdict claims no more than was checked (docs/decisions/0021-verdicts.md): partial evidence is
 * incomplete (exit 3), a set-up failure blocks instead of failing, a check that names its
 * requirement is charged to that requirement alone, a lab failure is verdict error (exit 2) with the
 * reports of what ran, and every report tells the same reason.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { parseMessages } from '../../src/report/ndjson.ts';
import { certificateIn, certify, certifyWhole, ROOT } from './support/certify-run.ts';

const FIXTURES = 'module:test/fixtures/adapters';
const ONE_SCENARIO = "^A queue call pops the caller's number and the number they dialled$";

function firstLine(text: string): string {
  return text.split('\n').find((line) => /^(✔|✘|◐|⚠) /.test(line)) ?? '';
}

describe('incomplete: nothing failed, something was not judged (exit 3)', () => {
  it('--no-properties', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'simple');
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.equal(firstLine(run.stdout), '◐ INCOMPLETE: the property run was skipped (--no-properties)');
    const certificate = await certificateIn(run.out);
    assert.equal(certificate.verdict, 'incomplete');
    const unjudged = certificate.requirements.filter((r) => r.status !== 'passed');
    assert.ok(
      unjudged.length > 0 &&
        unjudged.every((r) => r.status === 'not-judged' && r.id.startsWith('OCTI-PROP-') && r.reason === 'the property run was skipped (--no-properties)'),
    );
  });

  it('--runs 1: too small a property run judges no invariant it did not fail', async () => {
    const run = await certifyWhole('--adapter', 'reference', '--mode', 'simple', '--no-scenarios', '--runs', '1', '--seed', '5');
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(firstLine(run.stdout), /^◐ INCOMPLETE: the scenarios were skipped \(--no-scenarios\)$/);
    assert.match(run.stdout, /also the property run explored 1 sequence, fewer than the 1000 a certifying run needs/);
    const certificate = await certificateIn(run.out);
    assert.ok(
      certificate.properties.length > 0 &&
        certificate.properties.every((p) => p.status === 'not-judged' && (p.reason ?? '').includes('explored 1 sequence, fewer than the 1000')),
    );
  });

  it('--name <one scenario>: a replay says what the selected scenario did', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'simple', '--name', ONE_SCENARIO);
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(firstLine(run.stdout), /^◐ INCOMPLETE: replay \(--name\): the selected scenario passed; the other \d+ of the mode were not run$/);
    const certificate = await certificateIn(run.out);
    // The one requirement all of whose scenarios ran is judged; one with scenarios left out is not.
    assert.equal(certificate.requirements.find((r) => r.id === 'OCTI-CALL-001')?.status, 'passed');
    const subscribe = certificate.requirements.find((r) => r.id === 'OCTI-SUB-001');
    assert.equal(subscribe?.status, 'not-judged');
    assert.match(subscribe?.reason ?? '', /^1 of \d+ scenarios proving it passed; \d+ (?:was|were) not run \(left out by --name\)$/);
    assert.ok(subscribe?.scenarios.some((s) => s.status === 'passed') && subscribe.scenarios.some((s) => s.status === 'not-run'));
  });

  it('--name that selects nothing is a usage error (exit 2) before anything runs', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'simple', '--name', 'NOTHING matches this');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--name "NOTHING matches this" selects no scenario of simple telephony/);
  });
});

describe('blame: a failure is evidence only against what its scenario proves', () => {
  it('a screen pop sent as Alerting blocks the Simple-telephony refusals (set-up) and earns no mode finding', async () => {
    const run = await certify(
      '--adapter',
      `${FIXTURES}/alerting-instead-of-offering.ts`,
      '--mode',
      'simple',
      '--name',
      'is refused in Simple telephony|pops the caller',
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    const refusals = certificate.requirements.find((r) => r.id === 'OCTI-MODE-002');
    assert.equal(refusals?.status, 'blocked');
    assert.match(refusals?.reason ?? '', /failed in set-up, before reaching what it proves, at `And the desktop for 8808 has got an Offering for the call`/);
    assert.equal(certificate.requirements.find((r) => r.id === 'OCTI-CALL-001')?.status, 'failed');
    assert.deepEqual(certificate.findings, []);
    assert.match(run.stdout, /Blocked requirements/);
  });

  it("an event that breaks Pega's schema fails OCTI-EVT-001 only, not the requirements of the scenarios it showed up in", async () => {
    const run = await certify(
      '--adapter',
      `${FIXTURES}/breaks-event-schema.ts`,
      '--mode',
      'simple',
      '--name',
      '^The customer hangs up during the conversation$',
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    const failed = certificate.requirements.filter((r) => r.status === 'failed').map((r) => r.id);
    assert.deepEqual(failed, ['OCTI-EVT-001']);
    assert.match(
      certificate.requirements.find((r) => r.id === 'OCTI-EVT-001')?.reason ?? '',
      /OCTI-EVT-001: events that do not match Pega's event schema reached the desktop/,
    );
    assert.ok(certificate.failures.every((f) => f.kind === 'failed' && f.requirements.join() === 'OCTI-EVT-001'));
  });
});

describe('one truth in every report', () => {
  it('the verdict and its first reason read the same in the terminal, certificate.json, certificate.md, junit.xml and cucumber.ndjson', async () => {
    const run = await certify('--adapter', `${FIXTURES}/drops-caller-number.ts`, '--mode', 'simple', '--name', ONE_SCENARIO);
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const certificate = await certificateIn(run.out);
    const reason = certificate.verdictReasons[0] ?? '';
    assert.match(reason, /^\d+ requirements? failed: OCTI-/);
    const headline = `✘ NOT CONFORMANT: ${reason}`;
    assert.equal(firstLine(run.stdout), headline);
    const md = await readFile(join(run.out, 'certificate.md'), 'utf8');
    assert.ok(md.includes('**Verdict: ❌ NOT CONFORMANT**') && md.includes(`- ${reason}`), md);
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(join(run.out, 'junit.xml'), 'utf8')) as {
      testsuite: { failures: string; testcase: { name: string; failure?: { type: string; message: string } }[] };
    };
    const verdictCase = junit.testsuite.testcase.find((t) => t.name.startsWith('Certification verdict'));
    assert.equal(verdictCase?.name, 'Certification verdict: not-conformant');
    assert.equal(verdictCase?.failure?.type, 'NotConformant');
    assert.ok(verdictCase?.failure?.message.startsWith(headline));
    const messages = parseMessages(await readFile(join(run.out, 'cucumber.ndjson'), 'utf8'));
    const finished = messages.find((m) => m.kind === 'testRunFinished');
    assert.equal(finished?.kind === 'testRunFinished' && finished.value.success, false);
    assert.ok(messages.some((m) => m.kind === 'testStepFinished' && m.value.testStepResult.message?.startsWith(headline) === true));
  });

  it('an incomplete run is not a green run in JUnit or the messages', async () => {
    const run = await certify('--adapter', 'reference', '--mode', 'simple', '--name', ONE_SCENARIO);
    const junit = await readFile(join(run.out, 'junit.xml'), 'utf8');
    assert.match(
      junit,
      /<testcase classname="Switchboard certification" name="Certification verdict: incomplete"[^>]*>\s*<failure type="Incomplete" message="◐ INCOMPLETE: replay \(--name\)/,
    );
    assert.match(junit, /<testsuite [^>]*failures="1"/);
    const messages = parseMessages(await readFile(join(run.out, 'cucumber.ndjson'), 'utf8'));
    assert.ok(messages.some((m) => m.kind === 'testRunFinished' && !m.value.success));
  });
});

describe('error: the lab itself failed (exit 2), and the reports of what ran are still written', () => {
  it('an exception inside the property run ends as verdict error with the stack in lab-error.log', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchboard-lab-error-'));
    const cli = spawn(
      process.execPath,
      ['bin/switchboard.mjs', 'certify', '--adapter', 'reference', '--mode', 'simple', '--name', ONE_SCENARIO, '--runs', '3', '--seed', '1', '--out', out],
      {
        cwd: ROOT,
        env: { ...process.env, SWITCHBOARD_TEST_LAB_FAULT: 'properties' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    assert.equal(code, 2, stdout);
    assert.match(
      firstLine(stdout),
      /^⚠ ERROR: the lab itself failed: injected lab fault at properties \(test-only switch\) \(while running the property run\) \(stack in lab-error\.log\)$/,
    );
    const certificate = await certificateIn(out);
    assert.equal(certificate.verdict, 'error');
    assert.equal(certificate.scenarios.passed, 1, 'the scenario that ran still counts');
    assert.match(await readFile(join(out, 'lab-error.log'), 'utf8'), /injected lab fault at properties[\s\S]*at /);
    for (const file of ['certificate.md', 'cucumber.html', 'cucumber.ndjson', 'junit.xml', 'transcripts.json'])
      assert.ok((await stat(join(out, file))).size > 0, file);
    assert.match(await readFile(join(out, 'junit.xml'), 'utf8'), /<failure type="LabError"/);
  });

  it('a failure in the scenarios stops the property run exploring beside them, and reports none (decision 0080)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchboard-lab-error-'));
    const started = performance.now();
    const cli = spawn(
      process.execPath,
      [
        ...['bin/switchboard.mjs', 'certify', '--adapter', 'reference', '--mode', 'simple', '--name', ONE_SCENARIO],
        ...['--time-budget-ms', '60000', '--seed', '1', '--out', out],
      ],
      { cwd: ROOT, env: { ...process.env, SWITCHBOARD_TEST_LAB_FAULT: 'scenarios' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    cli.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => cli.once('exit', resolve));
    assert.equal(code, 2, stdout);
    assert.match(firstLine(stdout), /\(while running the scenarios\)/);
    assert.equal((await certificateIn(out)).propertyRun, null);
    assert.ok(performance.now() - started < 45_000, 'the run waited for the property run to explore its whole 60 s budget');
  });
});
