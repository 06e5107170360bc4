/**
 * The walls hold: dependency-cruiser, with the project's own config, refuses a deliberate upward
 * import, a type-only one, a simulator that reaches into src/, and a cycle, in a small tree of
 * rooms written for the test (the real tree is checked by `npm run lint`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

/** A tree of rooms: the contract, the harness and the report, each importing only what is below it. */
const CLEAN: Readonly<Record<string, string>> = {
  'src/contract/modes.ts': "export const MODES = ['simple'] as const;\n",
  'src/platform/log.ts': "import { MODES } from '../contract/modes.ts';\nexport const first = MODES[0];\n",
  'src/harness/lab.ts': "import { MODES } from '../contract/modes.ts';\nexport class Lab { readonly modes = MODES; }\n",
  'src/report/words.ts': "import { MODES } from '../contract/modes.ts';\nexport const words = MODES.join(', ');\n",
  'src/certify/run.ts': "import { words } from '../report/words.ts';\nexport interface Run { readonly words: string }\nexport const run: Run = { words };\n",
  'simulator/model.ts': "import { first } from '../src/platform/log.ts';\nexport const model = first;\n",
};

const folders: string[] = [];
after(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function cruise(files: Readonly<Record<string, string>>): Promise<Violation[]> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-walls-'));
  folders.push(dir);
  const tsconfig = { compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true, strict: true } };
  for (const [path, text] of Object.entries({ ...files, 'tsconfig.json': JSON.stringify(tsconfig) })) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text, 'utf8');
  }
  const roots = ['src', 'simulator'];
  const stdout = await new Promise<string>((resolve, reject) => {
    // Exit status = the number of errors; the JSON on stdout says which.
    execFile(process.execPath, [DEPCRUISE, '--config', CONFIG, '--output-type', 'json', ...roots], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }, (error, out) => {
      if (error !== null && out === '') reject(new Error('dependency-cruiser printed nothing', { cause: error }));
      else resolve(out);
    });
  });
  const parsed = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  return parsed.summary.violations;
}

function rulesBroken(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.rule.name))].sort();
}

describe('the boundary check (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it('passes a tree whose rooms import only downwards', async () => {
    assert.deepEqual(await cruise(CLEAN), []);
  });

  it('refuses the contract importing the harness', async () => {
    const violations = await cruise({ ...CLEAN, 'src/contract/bad.ts': "import { Lab } from '../harness/lab.ts';\nexport const lab = new Lab();\n" });
    assert.deepEqual(rulesBroken(violations), ['contract-imports-nothing', 'no-upward-import']);
    assert.ok(violations.every((v) => v.from === 'src/contract/bad.ts' && v.to === 'src/harness/lab.ts'));
  });

  it('refuses an upward import that is only a type (report -> certify)', async () => {
    const violations = await cruise({
      ...CLEAN,
      'src/report/bad.ts': "import type { Run } from '../certify/run.ts';\nexport const wanted: Run | null = null;\n",
    });
    assert.deepEqual(rulesBroken(violations), ['no-upward-import']);
  });

  it('refuses the simulator importing src/ beyond the contract and the platform', async () => {
    const violations = await cruise({ ...CLEAN, 'simulator/bad.ts': "import { Lab } from '../src/harness/lab.ts';\nexport const lab = new Lab();\n" });
    assert.deepEqual(rulesBroken(violations), ['no-upward-import', 'simulator-imports-only-contract-and-platform']);
  });

  it('refuses a cycle inside a room', async () => {
    const violations = await cruise({
      ...CLEAN,
      'src/report/a.ts': "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n",
      'src/report/b.ts': "import { a } from './a.ts';\nexport const b = (): number => (a.length > 0 ? 0 : 1);\n",
    });
    assert.deepEqual(rulesBroken(violations), ['no-circular']);
  });
});
