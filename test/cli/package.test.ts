/**
 * The package as npm packs it is enough on its own: installed into someone's project (its
 * dependencies as npm would put them beside it), its `switchboard init` scaffolds an adapter that
 * its certify runs, and `import type { … } from 'switchboard'` type-checks the adapter against the
 * contract's declarations (dist/contract, built by the prepare script).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertCertificate } from '../../src/report/certificate-schema.ts';
import { ROOT } from '../certify/support/certify-run.ts';
import { run } from './support.ts';

const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

test('npm pack, installed elsewhere: init, certify and the contract types work from the package alone', async (t) => {
  const scratch = await mkdtemp(join(tmpdir(), 'switchboard-package-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', scratch], ROOT);
  assert.equal(packed.code, 0, packed.output);
  const [manifest] = JSON.parse(packed.output.slice(packed.output.indexOf('[')).trim()) as [{ filename: string; files: { path: string }[] }];
  const files = manifest.files.map((f) => f.path);
  for (const needed of [
    'bin/switchboard.mjs',
    'src/contract/index.ts',
    'dist/contract/index.d.ts',
    'src/cli/init-templates/ts/adapter.ts.tmpl',
    'steps/world.ts',
    'features/simple-telephony/screen-pop.feature',
    'simulator/index.ts',
    'package.json',
    'README.md',
  ]) {
    assert.ok(files.includes(needed), `${needed} is packed`);
  }
  assert.deepEqual(
    files.filter((f) => /^(test|bench|containers|reports|node_modules|\.ci)\//.test(f)),
    [],
    'nothing only the project itself uses',
  );

  // Installed as npm would: the package under node_modules, its dependencies beside it.
  const project = join(scratch, 'my-project');
  await mkdir(join(project, 'node_modules'), { recursive: true });
  const untarred = await run('tar', ['-xzf', join(scratch, manifest.filename), '-C', join(project, 'node_modules')], scratch);
  assert.equal(untarred.code, 0, untarred.output);
  const installed = join(project, 'node_modules', 'switchboard');
  await rename(join(project, 'node_modules', 'package'), installed);
  await symlink(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');

  const init = await run(process.execPath, [join(installed, 'bin/switchboard.mjs'), 'init', 'adapter', '--lang', 'ts'], project);
  assert.equal(init.code, 0, init.output);
  const app = join(project, 'adapter');
  const certified = await run('/bin/sh', ['certify.sh', '--no-properties', '--name', "The CTI link's credentials are checked when the adapter opens"], app);
  assert.equal(certified.code, 1, certified.output);
  const certificate = assertCertificate(JSON.parse(await readFile(join(app, 'reports', 'certificate.json'), 'utf8')));
  assert.match(certificate.failures[0]?.message ?? '', /OpenAdapter is not implemented yet in adapter\.ts/);

  // The scaffold type-checks against the packed declarations, strictly, declarations included.
  const typed = await run(process.execPath, [TSC, '-p', 'tsconfig.json', '--skipLibCheck', 'false'], app);
  assert.equal(typed.code, 0, typed.output);
  // And the types have teeth: an adapter missing its activities does not.
  await writeFile(
    join(app, 'broken.ts'),
    "import type { AdapterFactory } from 'switchboard';\nexport const createAdapter: AdapterFactory = () => ({ OpenAdapter: async () => ({ ok: true }) });\n",
  );
  const broken = await run(process.execPath, [TSC, '--strict', '--noEmit', '--module', 'nodenext', '--skipLibCheck', 'false', 'broken.ts'], app);
  assert.equal(broken.code, 2, broken.output);
  assert.match(broken.output, /broken\.ts\(2,\d+\): error TS2322: .*PegaCallAdapter/s);
});
