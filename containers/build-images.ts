/**
 * `npm run images [-- --tag <tag>]`: builds, with the local Docker engine and no registry,
 *
 *   switchboard/runtime:<tag>             Node and the app, FROM scratch (containers/runtime.Dockerfile)
 *   switchboard/reference-adapter:<tag>   `switchboard adapter serve`, the HTTP Pega face
 *   switchboard/simulator:<tag>           `switchboard simulate`, the CTI-server simulator
 *
 * The runtime's context is staged in .tmp/images/context: the Node running this script, the shared
 * libraries `ldd` lists for it, the app and its production dependencies as package-lock.json
 * resolves them. Every staged file gets a fixed mtime and a mode of 644 or 755, so the same sources,
 * lock file and Node give the same layer. The two images are thin layers on top of it
 * (containers/Dockerfile, whose context is containers/ alone), so the big context is sent once.
 * The tag defaults to `dev`; exit 1 when a build fails, 2 when docker is not usable.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmod, copyFile, lstat, mkdir, readdir, readFile, readlink, realpath, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const IMAGE_NAMES = { 'reference-adapter': 'switchboard/reference-adapter', simulator: 'switchboard/simulator' } as const;
export type ImageTarget = keyof typeof IMAGE_NAMES;
export const DEFAULT_IMAGE_TAG = 'dev';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CONTAINERS = join(ROOT, 'containers');
export const RUNTIME_NAME = 'switchboard/runtime';
/** On every image this script builds: what a rebuild left untagged is pruned by it, and only that. */
const BUILT_BY = 'org.switchboard.built-by=npm-run-images';
const STAGE = join(ROOT, '.tmp', 'images', 'context');
/** What the app needs at run time; tests, features, docs and examples stay out. */
const APP_FILES = ['package.json', 'tsconfig.json', 'bin', 'src', 'simulator'];
/** Production dependencies that never run inside an image. */
const NOT_IN_IMAGES = new Set(['testcontainers']);
/** Every staged file's mtime: sources that did not change give the same layer. */
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');
const PASSWD = 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n';
const GROUP = 'root:x:0:\nnogroup:x:65534:\n';

export function imageTag(target: ImageTarget, tag = DEFAULT_IMAGE_TAG): string {
  return `${IMAGE_NAMES[target]}:${tag}`;
}

export interface StagedContext {
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
}

/** Writes the build context containers/runtime.Dockerfile expects into `dir` (emptied first). */
export async function stageContext(dir = STAGE, node = process.execPath): Promise<StagedContext> {
  await rm(dir, { recursive: true, force: true });
  const rootfs = join(dir, 'rootfs');
  const binary = await realpath(node);
  await place(binary, join(rootfs, 'usr/local/bin/node'));
  for (const library of sharedLibraries(binary)) await place(library, join(rootfs, library));
  await mkdir(join(rootfs, 'etc'), { recursive: true });
  await writeFile(join(rootfs, 'etc/passwd'), PASSWD);
  await writeFile(join(rootfs, 'etc/group'), GROUP);
  await mkdir(join(rootfs, 'tmp'));

  const app = join(rootfs, 'app');
  for (const entry of APP_FILES) await copyTree(join(ROOT, entry), join(app, entry));
  // A package's own node_modules are entries of their own, copied only when reachable.
  for (const pkg of await productionPackages(ROOT)) await copyTree(join(ROOT, pkg), join(app, pkg), 'node_modules');
  await copyFile(join(CONTAINERS, 'runtime.Dockerfile'), join(dir, 'Dockerfile'));
  const totals = await normalize(dir);
  await chmod(join(rootfs, 'tmp'), 0o1777);
  return { dir, ...totals };
}

/** Copies a file or a folder; `skip` names a child of the top folder to leave out. */
async function copyTree(from: string, to: string, skip?: string): Promise<void> {
  const stats = await lstat(from);
  await mkdir(dirname(to), { recursive: true });
  if (stats.isSymbolicLink()) return symlink(await readlink(from), to);
  if (stats.isFile()) return copyFile(from, to);
  if (!stats.isDirectory()) return;
  await mkdir(to);
  const entries = (await readdir(from)).filter((name) => name !== skip);
  await Promise.all(entries.map((name) => copyTree(join(from, name), join(to, name))));
}

async function place(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await copyFile(source, target); // follows symlinks: the loader's path holds the library itself
}

/** The absolute paths `ldd` lists for `binary` (the vDSO has none). */
export function sharedLibraries(binary: string): string[] {
  let text: string;
  try {
    text = execFileSync('ldd', [binary], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // ldd fails on a static binary ("not a dynamic executable"): it needs no library.
    const printed =
      typeof error === 'object' && error !== null && 'stdout' in error ? String(error.stdout) + String('stderr' in error ? error.stderr : '') : '';
    if (/not a dynamic executable|statically linked/.test(printed)) return [];
    throw error;
  }
  const missing = text.split('\n').filter((line) => line.includes('=> not found'));
  if (missing.length > 0) throw new Error(`ldd ${binary}: libraries not found: ${missing.map((l) => l.trim()).join(', ')}`);
  return [...text.matchAll(/^\s*(?:\S+ => )?(\/\S+) \(0x[0-9a-f]+\)$/gm)].map((match) => match[1] ?? '').filter((path) => path !== '');
}

/**
 * The package folders (`node_modules/…`, relative to `root`) that the production dependencies need,
 * resolved from package-lock.json the way Node resolves them: nearest node_modules first. Packages
 * for other platforms (absent on disk) are skipped.
 */
export async function productionPackages(root: string): Promise<string[]> {
  const manifest = record(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')));
  const lock = record(JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8')));
  const packages = record(lock['packages']);
  const found = new Set<string>();
  const queue: [from: string, name: string][] = Object.keys(record(manifest['dependencies']))
    .filter((name) => !NOT_IN_IMAGES.has(name))
    .map((name) => ['', name]);
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [from, name] = next;
    const path = resolvePackage(packages, from, name);
    if (path === undefined || found.has(path) || !(await exists(join(root, path)))) continue;
    found.add(path);
    const entry = record(packages[path]);
    const optionalPeers = record(entry['peerDependenciesMeta']);
    const wanted = [
      ...Object.keys(record(entry['dependencies'])),
      ...Object.keys(record(entry['optionalDependencies'])),
      ...Object.keys(record(entry['peerDependencies'])).filter((peer) => record(optionalPeers[peer])['optional'] !== true),
    ];
    for (const dependency of wanted) queue.push([path, dependency]);
  }
  return [...found].sort();
}

function resolvePackage(packages: Record<string, unknown>, from: string, name: string): string | undefined {
  for (let dir = from; ;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (dir === '') return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut < 0 ? '' : dir.slice(0, cut);
  }
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Fixed mtimes, modes 755 (directories, anything executable) or 644; children before their folder. */
async function normalize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await normalize(path);
      files += inner.files;
      bytes += inner.bytes;
      await chmod(path, 0o755);
    } else if (entry.isFile()) {
      const stats = await lstat(path);
      files += 1;
      bytes += stats.size;
      await chmod(path, (stats.mode & 0o111) !== 0 ? 0o755 : 0o644);
    } else {
      continue; // symlinks keep their own times; nothing in node_modules relies on theirs
    }
    await utimes(path, FIXED_MTIME, FIXED_MTIME);
  }
  return { files, bytes };
}

/** Runs the docker CLI; what it prints is kept, and shown only when it fails. */
function docker(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    // The legacy builder: it ships with every engine, and needs no buildx plugin.
    const child = spawn('docker', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => resolve({ code: 127, output: error.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function build(what: string, args: readonly string[]): Promise<void> {
  const { code, output } = await docker(args);
  if (code !== 0) throw new Error(`docker build of ${what} failed (exit ${code}):\n${output.trimEnd()}`);
}

function labels(title: string, version: string): string[] {
  return ['--label', `org.opencontainers.image.title=${title}`, '--label', `org.opencontainers.image.version=${version}`, '--label', BUILT_BY];
}

export async function buildRuntime(context: string, tag: string, version: string): Promise<void> {
  await build(`${RUNTIME_NAME}:${tag}`, ['build', '--tag', `${RUNTIME_NAME}:${tag}`, ...labels(RUNTIME_NAME, version), context]);
}

export async function buildImage(target: ImageTarget, tag: string, version: string): Promise<void> {
  const name = imageTag(target, tag);
  await build(name, [
    'build',
    '--build-arg',
    `RUNTIME=${RUNTIME_NAME}:${tag}`,
    '--target',
    target,
    '--tag',
    name,
    ...labels(IMAGE_NAMES[target], version),
    CONTAINERS,
  ]);
}

function imageSize(name: string): string {
  const bytes = execFileSync('docker', ['image', 'inspect', '--format', '{{.Size}}', name], { encoding: 'utf8' }).trim();
  return `${(Number(bytes) / 1e6).toFixed(1)} MB`;
}

async function main(args: readonly string[]): Promise<number> {
  const at = args.indexOf('--tag');
  const tag = at < 0 ? DEFAULT_IMAGE_TAG : args[at + 1];
  if (tag === undefined || !/^[\w][\w.-]{0,127}$/.test(tag)) {
    process.stderr.write(`images: --tag ${JSON.stringify(tag)}: expected a Docker tag (letters, digits, _ . -)\n`);
    return 2;
  }
  if ((await docker(['info'])).code !== 0) {
    process.stderr.write('images: no Docker engine answers `docker info`; start one (e.g. `dockerd &` as root, or .ci/run does it) and retry\n');
    return 2;
  }
  const started = performance.now();
  const staged = await stageContext();
  const stagedMs = performance.now() - started;
  process.stdout.write(`staged ${staged.files} files, ${(staged.bytes / 1e6).toFixed(1)} MB, in ${relative(ROOT, staged.dir)} (${Math.round(stagedMs)} ms)\n`);
  const version = String(record(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')))['version'] ?? 'unknown');
  const steps: [name: string, run: () => Promise<void>][] = [
    [`${RUNTIME_NAME}:${tag}`, () => buildRuntime(staged.dir, tag, version)],
    ...(Object.keys(IMAGE_NAMES) as ImageTarget[]).map((target): [string, () => Promise<void>] => [
      imageTag(target, tag),
      () => buildImage(target, tag, version),
    ]),
  ];
  for (const [name, run] of steps) {
    const before = performance.now();
    try {
      await run();
    } catch (error) {
      process.stderr.write(`images: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    }
    process.stdout.write(`built ${name} (${imageSize(name)}) in ${Math.round(performance.now() - before)} ms\n`);
  }
  // Earlier builds of these tags, now untagged; nothing else is touched.
  await docker(['image', 'prune', '--force', '--filter', `label=${BUILT_BY}`]);
  await rm(staged.dir, { recursive: true, force: true });
  process.stdout.write(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}

if (process.argv[1] !== undefined && (await realpath(process.argv[1])) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
