/** A module adapter is identified by its whole import graph and its lock file, not its entry file alone. */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadModule } from '../../src/harness/drivers/module.ts';
import { moduleIdentity } from '../../src/harness/identity.ts';

async function adapterPackage(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-identity-'));
  await mkdir(join(dir, 'lib'));
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  await writeFile(
    join(dir, 'adapter.ts'),
    "import { greeting } from './lib/words.ts';\nimport { join } from 'node:path';\nexport const createAdapter = () => ({ greeting, join });\n",
  );
  await writeFile(join(dir, 'lib', 'words.ts'), "export const greeting: string = 'hello';\n");
  return dir;
}

describe('module identity', () => {
  it('changes when one line changes in a file the module imports', async () => {
    const dir = await adapterPackage();
    const before = await moduleIdentity(join(dir, 'adapter.ts'));
    assert.equal(before.files, 2);
    assert.equal(before.lockFile, undefined);
    assert.deepEqual(await moduleIdentity(join(dir, 'adapter.ts')), before, 'the same sources give the same identity');
    await appendFile(join(dir, 'lib', 'words.ts'), "export const farewell = 'bye';\n");
    assert.notEqual((await moduleIdentity(join(dir, 'adapter.ts'))).hash, before.hash);
  });

  it('includes the lock file that pins its packages', async () => {
    const dir = await adapterPackage();
    await writeFile(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    const before = await moduleIdentity(join(dir, 'adapter.ts'));
    assert.equal(before.lockFile, join(dir, 'package-lock.json'));
    await writeFile(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": {} }\n');
    assert.notEqual((await moduleIdentity(join(dir, 'adapter.ts'))).hash, before.hash);
  });

  it('is what the module driver records', async () => {
    const dir = await adapterPackage();
    const loaded = await loadModule(join(dir, 'adapter.ts'), dir);
    const identity = await moduleIdentity(join(dir, 'adapter.ts'));
    assert.deepEqual(loaded.identity, { path: join(dir, 'adapter.ts'), hash: identity.hash, files: '2', lockFile: 'none' });
  });
});
