/** Runs `switchboard certify` in process, as the CLI would, capturing its output and its certificate. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.ts';
import { assertCertificate, type Certificate } from '../../../src/report/certificate-schema.ts';
import assert from 'node:assert/strict';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

/** The scenarios only (the property run has its own tests, test/properties/): at best an incomplete verdict, exit 3. */
export async function certify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  return certifyWhole('--no-properties', ...args);
}

/** The whole certification, property run included, as a user runs it: what can be conformant. */
export async function certifyWhole(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'switchboard-certify-'));
  const stdout = capture();
  const stderr = capture();
  const code = await main(['certify', '--out', out, ...args], { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text(), out };
}

export async function certificateIn(out: string) {
  return assertCertificate(JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')));
}

/**
 * Starts `switchboard certify` as a child process and resolves once it printed "Certifying …",
 * which it does when the adapter answered its preflight (a started process or container is up).
 */
export async function certifyProcess(
  args: readonly string[],
): Promise<{ cli: ChildProcessWithoutNullStreams; exited: Promise<NodeJS.Signals | number | null> }> {
  const cli = spawn(process.execPath, ['bin/switchboard.mjs', 'certify', ...args], { cwd: ROOT, stdio: 'pipe' });
  cli.stdin.end();
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => cli.once('exit', (code, signal) => resolve(signal ?? code)));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    cli.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('Certifying')) resolve();
    });
    void exited.then(() => reject(new Error(`the CLI exited before the run started: ${seen}`)));
  });
  return { cli, exited };
}

/** A copy of a report folder, to tamper with. */
export async function copyOf(out: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'switchboard-evidence-'));
  await cp(out, copy, { recursive: true });
  return copy;
}

export async function editJson(path: string, edit: (value: Record<string, any>) => void): Promise<void> {
  const value = JSON.parse(await readFile(path, 'utf8')) as Record<string, any>;
  edit(value);
  await writeFile(path, JSON.stringify(value, null, 2));
}

/**
 * What a scenarios-only run (`--no-properties`) of a good adapter gives: every scenario-proved
 * requirement passed, the invariants not judged, so the verdict is incomplete (exit 3), never conformant.
 */
export function assertScenariosOnlyPassed(run: { code: number; stdout: string; stderr: string }, certificate: Certificate): void {
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.equal(certificate.verdict, 'incomplete');
  assert.deepEqual(certificate.verdictReasons[0], 'the property run was skipped (--no-properties)');
  const notPassed = certificate.requirements.filter((r) => r.status !== 'passed');
  assert.ok(
    notPassed.every((r) => r.status === 'not-judged' && r.id.startsWith('OCTI-PROP-')),
    notPassed.map((r) => `${r.id} ${r.status}: ${r.reason ?? ''}`).join('\n'),
  );
}
