/**
 * README's layout table has a row for every top-level folder and every room of src/ and simulator/,
 * and names no folder that is not there: a room added without a row fails here.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Folders that are tooling, not rooms: CI's script. */
const NOT_ROOMS = new Set(['.ci/']);
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

/**
 * Every top-level folder, and each folder directly inside src/ and simulator/, as `name/`: those that
 * hold a committed file. What runs leave behind (`.tmp/`, `reports/…`, `node_modules/`) is not a room.
 */
async function folders(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return roomsOf(stdout.split('\0').filter((file) => file !== ''));
}

/** The rooms the files lie in: their top-level folder, and their second level under src/ and simulator/. */
export function roomsOf(files: readonly string[]): string[] {
  const rooms = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    if (parts.length < 2) continue;
    rooms.add(`${parts[0] ?? ''}/`);
    if ((parts[0] === 'src' || parts[0] === 'simulator') && parts.length > 2) rooms.add(`${parts[0]}/${parts[1] ?? ''}/`);
  }
  return [...rooms].filter((room) => !NOT_ROOMS.has(room)).sort();
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

  it('counts the folders committed files lie in, two levels deep only under src/ and simulator/', () => {
    const files = [
      'README.md',
      '.ci/run',
      'src/cli/main.ts',
      'src/contract/index.ts',
      'simulator/model/state.ts',
      'test/house/layout.test.ts',
      'reports/README.md',
    ];
    assert.deepEqual(roomsOf(files), ['reports/', 'simulator/', 'simulator/model/', 'src/', 'src/cli/', 'src/contract/', 'test/']);
  });

  it('would name a folder added without a row, and a row whose folder went', () => {
    const named = ['src/', 'src/contract/', 'dist/'];
    assert.deepEqual(compare(named, ['src/', 'src/contract/', 'src/newroom/']), { missing: ['src/newroom/'], unknown: [] });
    assert.deepEqual(compare(['src/', 'src/gone/'], ['src/']), { missing: [], unknown: ['src/gone/'] });
  });
});
