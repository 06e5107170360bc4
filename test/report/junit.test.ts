/**
 * junit.xml as Jenkins reads it: valid against junit-10.xsd (test/fixtures/schemas), one suite per
 * mode and adapter, the verdict and every requirement as suite properties — for a whole run and for
 * one a signal stopped midway.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateXML } from 'xmllint-wasm';
import { certificateIn, certify, ROOT } from '../certify/support/certify-run.ts';

const XSD = join(ROOT, 'test/fixtures/schemas/junit-10.xsd');

async function validAgainstJunit10(path: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: 'junit.xml', contents: await readFile(path, 'utf8') }], schema: [await readFile(XSD, 'utf8')] });
  assert.ok(result.valid, result.errors.map((e) => e.rawMessage).join('\n'));
}

describe('junit.xml', () => {
  it('is valid against junit-10.xsd, named for its mode and adapter, with the verdict and the requirements as properties', async () => {
    const run = await certify(
      '--adapter',
      'module:test/fixtures/adapters/drops-caller-number.ts',
      '--mode',
      'simple',
      '--name',
      "^A queue call pops the caller's number",
    );
    const path = join(run.out, 'junit.xml');
    await validAgainstJunit10(path);
    const xml = await readFile(path, 'utf8');
    assert.match(xml, /<testsuite name="switchboard simple module:test\/fixtures\/adapters\/drops-caller-number\.ts"/);
    assert.match(xml, /<property name="verdict" value="not-conformant"\/>/);
    assert.match(xml, /<property name="requirement\.OCTI-CALL-001" value="failed: `Then the desktop for 8808 gets an Offering/);
    assert.match(
      xml,
      /<property name="scenario\.features\/simple-telephony\/screen-pop\.feature:\d+" value="A queue call pops the caller's number and the number they dialled \[OCTI-SUB-001 OCTI-CALL-001\]"\/>/,
    );
  });

  it('of a run a SIGINT stopped is whole, valid and says incomplete, and certify exits 130', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchboard-interrupted-'));
    const cli = spawn(process.execPath, ['bin/switchboard.mjs', 'certify', '--adapter', 'reference', '--mode', 'simple', '--no-properties', '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => cli.once('exit', resolve));
    // Interrupt once a few scenarios have passed (a dot each).
    await new Promise<void>((resolve) => {
      cli.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if ((stdout.match(/\./g) ?? []).length >= 5) resolve();
      });
    });
    cli.kill('SIGINT');
    assert.equal(await exited, 130, stdout);
    assert.match(stdout, /◐ INCOMPLETE: interrupted by SIGINT during the scenarios: only what ran before it is judged/);
    const certificate = await certificateIn(out);
    assert.equal(certificate.verdict, 'incomplete');
    assert.deepEqual(certificate.interruption, { signal: 'SIGINT', during: 'scenarios' });
    assert.ok(certificate.scenarios.passed >= 5);
    assert.ok(
      certificate.requirements.every((r) => r.status !== 'failed'),
      'nothing the signal cut short is charged to the adapter',
    );
    await validAgainstJunit10(join(out, 'junit.xml'));
    assert.match(await readFile(join(out, 'junit.xml'), 'utf8'), /<failure type="Incomplete" message="◐ INCOMPLETE: interrupted by SIGINT/);
  });
});
