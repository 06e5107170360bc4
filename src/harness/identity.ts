/** Content hashes that pin what a certificate speaks of: the features, an adapter's source. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** sha256 over the relative path and content of every file ending in `suffix` under `dir`, in path order. */
export async function hashTree(dir: string, suffix: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await filesUnder(dir, suffix)) {
    hash.update(relative(dir, file).split('\\').join('/')).update('\0').update(await readFile(file)).update('\0');
  }
  return `sha256:${hash.digest('hex')}`;
}

export async function hashFile(file: string): Promise<string> {
  return `sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`;
}
