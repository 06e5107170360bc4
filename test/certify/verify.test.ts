/**
 * The certificate as evidence, in process: two certifications of one adapter record identical
 * transcripts, `switchboard verify` re-runs a certificate and finds it matches (exit 0), names the
 * scenario and the first differing line of a tampered one (exit 1), and refuses a certificate it
 * cannot verify — other features, another adapter, a malformed file — with exit 2.
 *
 * The adapter is a module that re-exports the reference adapter: its identity (the module file's
 * hash) stays put while the reference adapter's sources are edited.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main.ts';
import { modeTagExpression } from '../../src/report/tags.ts';
import { transcriptHash } from '../../src/report/transcripts.ts';
import { capture, certificateIn, certify, copyOf, editJson, ROOT } from './support/certify-run.ts';

async function verify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(['verify', ...args], { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A module adapter of our own in a folder of its own: `module:<path>`, and the file to change. */
async function wrappedReference(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-adapter-'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  const path = join(dir, 'adapter.ts');
  await writeFile(path, `export { createAdapter } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/adapter/index.ts')).href)};\n`);
  return path;
}

const FEW = 'hangs up';

describe('the certificate as evidence', () => {
  let adapter: string;
  let first: string;
  let second: string;
  let few: string;
  before(async () => {
    adapter = await wrappedReference();
    const runs = [];
    for (const args of [[], [], ['--name', FEW]]) {
      const run = await certify('--adapter', `module:${adapter}`, '--mode', 'simple', ...args);
      // Scenarios only (and a run limited by --name): incomplete, every scenario in it passed.
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.equal((await certificateIn(run.out)).scenarios.failed, 0);
      runs.push(run.out);
    }
    [first = '', second = '', few = ''] = runs;
  });

  it('two certifications of the same adapter record identical transcripts for every scenario', async () => {
    const [a, b] = await Promise.all([readFile(join(first, 'transcripts.json'), 'utf8'), readFile(join(second, 'transcripts.json'), 'utf8')]);
    assert.equal(a, b);
    const [ca, cb] = await Promise.all([certificateIn(first), certificateIn(second)]);
    assert.deepEqual(ca.transcripts, cb.transcripts);
    assert.equal(ca.transcripts.scenarios.length, ca.scenarios.total);
    assert.ok(ca.transcripts.scenarios.filter((s) => s.lines > 0).length > ca.scenarios.total / 2, 'most scenarios have something to show');
    assert.doesNotMatch(a, /127\.0\.0\.1:\d|"at":/, 'no port, no time');
  });

  it('records the suite, the adapter identity and driver, the run settings, the seeds and the hash of every transcript', async () => {
    const certificate = await certificateIn(first);
    assert.match(certificate.suite.featuresHash, /^sha256:[0-9a-f]{64}$/);
    assert.equal(certificate.suite.version, JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
    assert.equal(certificate.adapter.kind, 'module');
    assert.equal(certificate.adapter.identity['path'], adapter);
    assert.match(certificate.adapter.identity['hash'] ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(certificate.run, {
      tagExpression: modeTagExpression('simple'),
      names: [],
      deadlineMs: 2000,
      quietMs: 150,
      dialect: 'json',
      adapterTimings: { reconnectMinMs: 5, reconnectMaxMs: 40 },
    });
    assert.deepEqual(certificate.seeds, {});
    const file = JSON.parse(await readFile(join(first, certificate.transcripts.file), 'utf8')) as { scenarios: { transcript: string[] }[] };
    assert.deepEqual(
      certificate.transcripts.scenarios.map((s) => s.sha256),
      file.scenarios.map((s) => transcriptHash(s.transcript)),
    );
    assert.deepEqual((await certificateIn(few)).run.names, [FEW]);
  });

  it('verify of a fresh certificate re-runs it and finds every scenario matches (exit 0)', async () => {
    const run = await verify(join(first, 'certificate.json'));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const certificate = await certificateIn(first);
    assert.equal(run.stdout.split('\n').filter((line) => line.startsWith('  = ')).length, certificate.scenarios.total);
    assert.match(run.stdout, new RegExp(`✔ MATCHES: all ${certificate.scenarios.total} scenarios`));
  });

  it('verify re-runs only the scenarios the certificate was limited to', async () => {
    const run = await verify(join(few, 'certificate.json'));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const compared = run.stdout.split('\n').filter((line) => line.startsWith('  = '));
    assert.ok(compared.length > 0 && compared.every((line) => line.includes(FEW)), compared.join('\n'));
  });

  it('verify names a scenario whose verdict was changed in the certificate (exit 1)', async () => {
    const evidence = await copyOf(few);
    let name = '';
    await editJson(join(evidence, 'certificate.json'), (c) => {
      c['transcripts'].scenarios[0].status = 'failed';
      name = c['transcripts'].scenarios[0].name;
    });
    const run = await verify(join(evidence, 'certificate.json'));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(run.stdout.includes(`${name} — verdict: certified failed, now passed`), run.stdout);
    assert.match(run.stdout, /✘ DIFFERS: 1 of \d+ scenarios? differs/);
  });

  it('verify names the scenario and the first differing line of a changed transcript (exit 1)', async () => {
    const evidence = await copyOf(few);
    let name = '';
    let original = '';
    await editJson(join(evidence, 'transcripts.json'), (t) => {
      const scenario = t['scenarios'][0];
      name = scenario.name;
      original = scenario.transcript[1];
      scenario.transcript[1] = 'CSR@8808 < OpenAdapter {"ok":false}';
    });
    const run = await verify(join(evidence, 'certificate.json'));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(
      run.stdout.includes(`${name} — transcript differs at line 2:\n      certified: CSR@8808 < OpenAdapter {"ok":false}\n      now:       ${original}`),
      run.stdout,
    );
    assert.match(run.stdout, /transcripts\.json is not the file the certificate hashes/);
  });

  it('verify refuses a certificate issued on other features (exit 2), saying so', async () => {
    const evidence = await copyOf(few);
    await editJson(join(evidence, 'certificate.json'), (c) => {
      c['suite'].featuresHash = `sha256:${'0'.repeat(64)}`;
    });
    const run = await verify(join(evidence, 'certificate.json'));
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(
      run.stderr,
      /the suite's features changed since the certificate was issued \(certified on features sha256:0{64}, these are sha256:[0-9a-f]{64}\)/,
    );
  });

  it('verify refuses when the certified module file changed since (exit 2), naming the hashes', async () => {
    const other = await wrappedReference();
    const certified = await certify('--adapter', `module:${other}`, '--mode', 'simple', '--name', FEW);
    assert.equal(certified.code, 3, certified.stdout + certified.stderr);
    await appendFile(other, '// a change after certification\n');
    const run = await verify(join(certified.out, 'certificate.json'));
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /is not the adapter the certificate speaks of \(hash: certified sha256:[0-9a-f]{64}, now sha256:[0-9a-f]{64}\)/);
  });

  it('verify refuses a certificate that is not one (exit 2), naming the field', async () => {
    const evidence = await copyOf(few);
    await editJson(join(evidence, 'certificate.json'), (c) => {
      c['verdict'] = 'probably';
    });
    const run = await verify(join(evidence, 'certificate.json'));
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /is not a certificate this version can read: certificate\.verdict/);

    await writeFile(join(evidence, 'certificate.json'), '{ "suite": ');
    const notJson = await verify(join(evidence, 'certificate.json'));
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /certificate\.json is not JSON/);

    const missing = await verify(join(evidence, 'nowhere.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the certificate .*nowhere\.json/);
  });

  it('verify refuses bad command lines, and a re-run over the certificate it verifies (exit 2)', async () => {
    const none = await verify();
    assert.equal(none.code, 2);
    assert.match(none.stderr, /verify needs exactly one certificate/);
    const over = await verify(join(few, 'certificate.json'), '--out', few);
    assert.equal(over.code, 2);
    assert.match(over.stderr, /is the certificate's own folder: the re-run would overwrite the evidence/);
    assert.ok((await readFile(join(few, 'certificate.json'), 'utf8')).length > 0, 'the evidence is still there');
  });
});
