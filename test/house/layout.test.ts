/**
 * README's layout table has a row for every top-level folder and every room of src/ and simulator/,
 * and names no folder that is not there: a room added without a row fails here.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders that are tooling, not rooms: version control, CI's script, installed packages. */
const NOT_ROOMS = new Set(['.git', '.ci', 'node_modules']);
/** Built or written by runs, not committed: a row may name them though they may be absent. */
const MAY_BE_ABSENT = new Set(['dist/']);

/** The folders a row names: the backticked paths ending in `/` in the table's first column. */
export function tableFolders(readme: string): string[] {
  const start = readme.indexOf('| folder | what lives there |');
  assert.ok(start >= 0, 'README.md has no layout table ("| folder | what lives there |")');
  const rows = readme.slice(start).split('\n').slice(2);
  const end = rows.findIndex((line) => !line.startsWith('|'));
  return (end < 0 ? rows : rows.slice(0, end)).flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+\/)`/g)].map((m) => m[1] ?? ''));
}

/** Every top-level folder, and each folder directly inside src/ and simulator/, as `name/`. */
async function folders(): Promise<string[]> {
  const dirs = async (at: string): Promise<string[]> =>
    (await readdir(join(ROOT, at), { withFileTypes: true })).filter((e) => e.isDirectory() && !NOT_ROOMS.has(e.name)).map((e) => `${at}${e.name}/`);
  return [...(await dirs('')), ...(await dirs('src/')), ...(await dirs('simulator/'))].sort();
}

/** What the table lacks and what it names in vain. */
export function compare(named: readonly string[], present: readonly string[]): { missing: string[]; unknown: string[] } {
  return {
    missing: present.filter((folder) => !named.includes(folder)),
    unknown: named.filter((folder) => !present.includes(folder) && !MAY_BE_ABSENT.has(folder)),
  };
}

describe("README's layout table", () => {
  it('has a row for every folder on disk and names none that is not there', async () => {
    const named = tableFolders(await readFile(join(ROOT, 'README.md'), 'utf8'));
    assert.deepEqual(compare(named, await folders()), { missing: [], unknown: [] });
  });

  it('would name a folder added without a row, and a row whose folder went', () => {
    const named = ['src/', 'src/contract/', 'dist/'];
    assert.deepEqual(compare(named, ['src/', 'src/contract/', 'src/newroom/']), { missing: ['src/newroom/'], unknown: [] });
    assert.deepEqual(compare(['src/', 'src/gone/'], ['src/']), { missing: [], unknown: ['src/gone/'] });
  });
});
