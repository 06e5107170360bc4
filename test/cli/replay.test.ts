/**
 * The replay commands a certificate prints are whole shell commands that work as copied, and each
 * writes into its own folder inside the reports it debugs, leaving those reports as they were.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { certificateIn, certify, certifyWhole, ROOT } from '../certify/support/certify-run.ts';
import { run as runProcess, type Finished } from './support.ts';

/** Runs a printed `npx switchboard …` line through a POSIX shell, as a user pasting it would, on this checkout's switchboard. */
function shell(line: string): Promise<Finished> {
  return runProcess('/bin/sh', ['-c', `npx() { shift; "${process.execPath}" bin/switchboard.mjs "$@"; }\n${line}`], ROOT);
}

/** The command in a certificate.md line `- Replay: \`…\``. */
function replayLines(markdown: string): string[] {
  return [...markdown.matchAll(/^- Replay: `(.*)`$/gm)].map((m) => m[1] ?? '');
}

test("a failed scenario's replay command runs as printed and writes to <reports>/replay-<scenario>, not over the reports", async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'switchboard replay '));
  t.after(() => rm(out, { recursive: true, force: true }));
  const run = await certify(
    '--out',
    out,
    '--adapter',
    'module:test/fixtures/adapters/drops-caller-number.ts',
    '--mode',
    'simple',
    '--name',
    "colleague's call",
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const markdown = await readFile(join(out, 'certificate.md'), 'utf8');
  const certificateBefore = await readFile(join(out, 'certificate.json'), 'utf8');
  const [line, ...more] = replayLines(markdown);
  assert.deepEqual(more, []);
  assert.ok(line !== undefined && !line.includes('…'));
  assert.ok(line.includes(`--out '${out}/replay-a-colleague-s-call-pops-as-an-internal-call'`), line);

  const replay = await shell(line);
  assert.equal(replay.code, 1, replay.output);
  const replayed = await certificateIn(join(out, 'replay-a-colleague-s-call-pops-as-an-internal-call'));
  assert.deepEqual(
    replayed.failures.map((f) => f.scenario),
    ["A colleague's call pops as an internal call"],
  );
  assert.equal(replayed.scenarios.total, 1);
  assert.equal(await readFile(join(out, 'certificate.json'), 'utf8'), certificateBefore, 'the reports being debugged are untouched');
});

test("a counterexample's replay command runs as printed and writes to <reports>/replay-counterexample", async (t) => {
  const out = await mkdtemp(join(tmpdir(), 'switchboard replay '));
  t.after(() => rm(out, { recursive: true, force: true }));
  const run = await certifyWhole(
    '--out',
    out,
    '--adapter',
    'module:test/fixtures/adapters/repops-after-reconnect.ts',
    '--mode',
    'simple',
    '--no-scenarios',
    '--seed',
    '6',
    '--runs',
    '1000',
  );
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const certificate = await certificateIn(out);
  const command = certificate.properties.find((p) => p.status === 'failed')?.replayCommand ?? '';
  assert.ok(command.includes(`--out '${out}/replay-counterexample'`), command);
  assert.ok(run.stdout.includes(command), 'printed whole on the terminal');
  assert.deepEqual(replayLines(await readFile(join(out, 'certificate.md'), 'utf8')), [command]);
  const before = await stat(join(out, 'certificate.json'));

  const replay = await shell(command);
  assert.equal(replay.code, 1, replay.output);
  const replayed = await certificateIn(join(out, 'replay-counterexample'));
  assert.equal(
    replayed.propertyRun?.path,
    certificate.propertyRun === null ? undefined : certificate.properties.find((p) => p.status === 'failed')?.counterexample?.path,
  );
  assert.deepEqual(
    replayed.properties.filter((p) => p.status === 'failed').map((p) => p.id),
    ['OCTI-PROP-006'],
  );
  assert.equal((await stat(join(out, 'certificate.json'))).mtimeMs, before.mtimeMs, 'the reports being debugged are untouched');
});
