/** Content hashes that pin what a certificate speaks of: the suite's sources, an adapter's source. */
import { createHash } from 'node:crypto';
import { access, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

async function filesUnder(dir: string, suffix: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** sha256 over each file's path (relative to `root`, with forward slashes) and content, in the order given. */
async function hashFiles(root: string, files: readonly string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(relative(root, file).split('\\').join('/'))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  return `sha256:${hash.digest('hex')}`;
}

/** sha256 over the relative path and content of every file ending in `suffix` under `dir`, in path order. */
export async function hashTree(dir: string, suffix: string): Promise<string> {
  return hashFiles(dir, await filesUnder(dir, suffix));
}

/** sha256 over several trees at once, each file named by its path relative to `root`. */
export async function hashTrees(root: string, dirs: readonly string[], suffix: string): Promise<string> {
  const files = (await Promise.all(dirs.map((dir) => filesUnder(join(root, dir), suffix)))).flat().sort();
  return hashFiles(root, files);
}

const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock'];

/** The lock file of the package the file belongs to: the nearest one walking up; undefined when there is none. */
async function lockFileOf(file: string): Promise<string | undefined> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    for (const name of LOCK_FILES) {
      const candidate = join(dir, name);
      if (
        await access(candidate).then(
          () => true,
          () => false,
        )
      )
        return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export interface ModuleIdentity {
  /** sha256 over every source file the module imports (itself included) and its package's lock file. */
  readonly hash: string;
  /** How many source files that is. */
  readonly files: number;
  /** The lock file that pins its dependencies, or none. */
  readonly lockFile: string | undefined;
}

/**
 * What pins a module adapter: every local source file of its import graph (found by esbuild's
 * resolver, TypeScript included; packages from node_modules are not followed) and the lock file
 * that pins those packages. A change in any file the module imports changes the hash.
 */
export async function moduleIdentity(entry: string): Promise<ModuleIdentity> {
  const root = dirname(entry);
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes(':'))
    .map((input) => resolve(root, input));
  const lockFile = await lockFileOf(entry);
  const files = [...new Set([...sources, ...(lockFile === undefined ? [] : [lockFile])])].sort();
  return { hash: await hashFiles(root, files), files: sources.length, lockFile };
}
