/**
 * `switchboard init` scaffolds an adapter project that certifies at once, from its own folder, and
 * fails saying what to implement first; it never writes over files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertCertificate } from '../../src/report/certificate-schema.ts';
import { run, switchboardIn } from './support.ts';

/** Fails at its Then (not in set-up) on a starter adapter: a failure, with the starter's guidance in it. */
const SCENARIO = "The CTI link's credentials are checked when the adapter opens";

const LANGS = [
  { lang: 'ts', adapter: 'adapter.ts', spec: 'module:./adapter.ts', needs: null },
  { lang: 'python', adapter: 'adapter.py', spec: 'cmd:python3 adapter.py', needs: 'python3' },
  { lang: 'java', adapter: 'Adapter.java', spec: 'cmd:java Adapter.java', needs: 'java' },
] as const;

function installed(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('switchboard init', () => {
  for (const { lang, adapter, spec, needs } of LANGS) {
    const missing = needs !== null && !installed(needs) ? `${needs} is not installed` : false;
    it(`--lang ${lang}: scaffolds a project whose certify.sh runs at once and fails with guidance`, { skip: missing }, async (t) => {
      const parent = await mkdtemp(join(tmpdir(), 'switchboard-init-'));
      t.after(() => rm(parent, { recursive: true, force: true }));
      const scaffolded = await switchboardIn(parent, ['init', 'My Adapter', '--lang', lang]);
      assert.equal(scaffolded.code, 0, scaffolded.output);
      const dir = join(parent, 'My Adapter');
      assert.match(scaffolded.output, /Next: cd My Adapter && \.\/certify\.sh/);
      assert.deepEqual(
        (await readdir(dir)).sort(),
        ['.gitignore', 'README.md', adapter, 'certify.sh', ...(lang === 'ts' ? ['package.json', 'tsconfig.json'] : [])].sort(),
      );
      assert.equal((await stat(join(dir, 'certify.sh'))).mode & 0o111, 0o111, 'certify.sh is executable');
      const readme = await readFile(join(dir, 'README.md'), 'utf8');
      assert.match(readme, /## What to implement first/);
      assert.ok(!/\{\{[A-Z_]+\}\}/.test(readme + (await readFile(join(dir, adapter), 'utf8'))), 'every placeholder filled');
      if (lang === 'ts') assert.equal(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).name, 'my-adapter');

      // From anywhere: the script finds its own folder.
      const certified = await run('/bin/sh', [join(dir, 'certify.sh'), '--no-properties', '--name', SCENARIO], parent);
      assert.equal(certified.code, 1, certified.output);
      assert.match(certified.output, /NOT CONFORMANT/);
      const certificate = assertCertificate(JSON.parse(await readFile(join(dir, 'reports', 'certificate.json'), 'utf8')));
      assert.equal(certificate.adapter.spec, spec);
      const failure = certificate.failures[0];
      assert.ok(failure !== undefined);
      assert.match(
        failure.message,
        new RegExp(
          `OpenAdapter is not implemented yet in ${adapter.replace('.', '\\.')}: connect and authenticate to the CTI server at settings\\.ctiUrl \\(README\\.md, "What to implement first"\\)`,
        ),
      );
    });
  }

  it('refuses a folder that holds files, an unknown language, and a missing or second folder (exit 2)', async (t) => {
    const parent = await mkdtemp(join(tmpdir(), 'switchboard-init-'));
    t.after(() => rm(parent, { recursive: true, force: true }));
    await writeFile(join(parent, 'notes.txt'), 'mine');
    const full = await switchboardIn(parent, ['init', '.']);
    assert.equal(full.code, 2);
    assert.match(full.output, /already holds files \(notes\.txt\); give a new or empty folder/);
    assert.equal(await readFile(join(parent, 'notes.txt'), 'utf8'), 'mine');
    const lang = await switchboardIn(parent, ['init', 'x', '--lang', 'cobol']);
    assert.equal(lang.code, 2);
    assert.match(lang.output, /--lang "cobol": expected one of ts, python, java/);
    for (const args of [['init'], ['init', 'a', 'b']]) {
      const bad = await switchboardIn(parent, args);
      assert.equal(bad.code, 2);
      assert.match(bad.output, /init needs exactly one folder/);
    }
    assert.deepEqual(await readdir(parent), ['notes.txt']);
  });
});
