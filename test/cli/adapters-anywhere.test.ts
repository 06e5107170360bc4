/**
 * A newcomer's adapter module lives in a folder of its own, outside this project, in a package of
 * any type, with its own dependencies in its own node_modules: `certify --adapter module:…` loads
 * it from there, as it is, with no workaround. Its type-only import of 'switchboard' costs nothing
 * at run time.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertCertificate } from '../../src/report/certificate-schema.ts';
import { ROOT } from '../certify/support/certify-run.ts';
import { switchboardIn } from './support.ts';

const SCENARIO = "A queue call pops the caller's number and the number they dialled";

/**
 * The newcomer's folder: adapter.ts (ES module syntax, as TypeScript is written) that uses a
 * dependency only its own node_modules holds, and builds on the reference adapter (by its path:
 * the test's stand-in for the adapter's real work).
 */
async function newcomer(packageJson: object | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'newcomer-adapter-'));
  if (packageJson !== null) await writeFile(join(dir, 'package.json'), JSON.stringify(packageJson));
  const dependency = join(dir, 'node_modules', 'app-id');
  await mkdir(dependency, { recursive: true });
  await writeFile(join(dependency, 'package.json'), JSON.stringify({ name: 'app-id', version: '1.0.0', main: 'index.js' }));
  await writeFile(join(dependency, 'index.js'), "exports.applicationId = (name) => 'newcomer-' + name;\n");
  await writeFile(
    join(dir, 'adapter.ts'),
    [
      "import { applicationId } from 'app-id';",
      "import type { AdapterContext, AdapterFactory } from 'switchboard';",
      `import { createAdapter as reference } from ${JSON.stringify(join(ROOT, 'src/adapter/index.ts'))};`,
      '',
      'export const createAdapter: AdapterFactory = (context: AdapterContext) => {',
      "  context.logger.info({ applicationId: applicationId('simple') }, 'newcomer adapter');",
      '  return reference(context);',
      '};',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('a .ts adapter outside the project, with its own dependencies', () => {
  const packages: readonly [string, object | null][] = [
    ['no package.json', null],
    ['"type": "commonjs"', { name: 'newcomer', version: '1.0.0', type: 'commonjs' }],
    ['"type": "module"', { name: 'newcomer', version: '1.0.0', type: 'module' }],
  ];
  for (const [what, packageJson] of packages) {
    it(`${what}: loads and certifies (scenarios only: incomplete, exit 3)`, async (t) => {
      const dir = await newcomer(packageJson);
      t.after(() => rm(dir, { recursive: true, force: true }));
      const run = await switchboardIn(dir, [
        'certify',
        '--adapter',
        'module:./adapter.ts',
        '--mode',
        'simple',
        '--no-properties',
        '--name',
        SCENARIO,
        '--out',
        'reports',
      ]);
      assert.equal(run.code, 3, run.output);
      const certificate = assertCertificate(JSON.parse(await readFile(join(dir, 'reports', 'certificate.json'), 'utf8')));
      assert.equal(certificate.verdict, 'incomplete');
      assert.deepEqual(certificate.scenarios, { total: 1, passed: 1, failed: 0, skipped: 0 });
      assert.equal(certificate.adapter.identity['path'], join(dir, 'adapter.ts'));
    });
  }

  it('a dependency missing from its folder is a setup error saying where its imports resolve from', async (t) => {
    const dir = await newcomer({ name: 'newcomer', version: '1.0.0' });
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      join(dir, 'adapter.ts'),
      "import { WebSocket } from 'not-installed-here';\nexport const createAdapter = () => new WebSocket('ws://127.0.0.1:1');\n",
    );
    const run = await switchboardIn(dir, ['certify', '--adapter', 'module:adapter.ts', '--mode', 'simple', '--no-properties', '--out', 'reports']);
    assert.equal(run.code, 2, run.output);
    assert.ok(run.output.includes(`Cannot find module 'not-installed-here'; its imports resolve from its own folder (${dir}) upwards`), run.output);
    assert.ok(!run.output.includes('Require stack'), run.output);
  });
});
