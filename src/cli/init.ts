/**
 * `switchboard init <dir> [--lang ts|python|java]`: scaffolds an adapter project wired to certify
 * — a README saying what to implement first, a starter adapter whose every activity answers "not
 * implemented yet" with what to build, and certify.sh — from the templates in init-templates/.
 */
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SetupError } from '../harness/errors.ts';
import type { InitFlags, Io, WithOperands } from './flags.ts';
import { UsageError } from './usage.ts';

export const INIT_LANGS = ['ts', 'python', 'java'] as const;
type Lang = (typeof INIT_LANGS)[number];

interface Scaffold {
  /** The --adapter spec certify.sh passes, shell-quoted. */
  readonly adapterSpec: string;
  /** What the adapter file is, for the summary. */
  readonly adapterFile: string;
  /** File written → its template, beside the common ones. */
  readonly files: Readonly<Record<string, string>>;
}

const SCAFFOLDS: Readonly<Record<Lang, Scaffold>> = {
  ts: {
    adapterSpec: 'module:./adapter.ts',
    adapterFile: 'adapter.ts',
    files: { 'adapter.ts': 'ts/adapter.ts.tmpl', 'package.json': 'ts/package.json.tmpl', 'tsconfig.json': 'ts/tsconfig.json.tmpl' },
  },
  python: { adapterSpec: "'cmd:python3 adapter.py'", adapterFile: 'adapter.py', files: { 'adapter.py': 'python/adapter.py.tmpl' } },
  java: { adapterSpec: "'cmd:java Adapter.java'", adapterFile: 'Adapter.java', files: { 'Adapter.java': 'java/Adapter.java.tmpl' } },
};

const COMMON = { 'README.md': 'GUIDE.md.tmpl', 'certify.sh': 'certify.sh.tmpl', '.gitignore': 'gitignore.tmpl' } as const;
const TEMPLATES = fileURLToPath(new URL('./init-templates/', import.meta.url));
const SWITCHBOARD_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function runInit({ flags, operands }: WithOperands<InitFlags>, io: Io): Promise<number> {
  const [target, ...extra] = operands;
  if (target === undefined || extra.length > 0)
    throw new UsageError(`init needs exactly one folder, e.g. switchboard init my-adapter --lang ts${extra.length > 0 ? ` (got ${operands.length})` : ''}`);
  const lang = flags.lang ?? 'ts';
  if (!isLang(lang)) throw new UsageError(`--lang ${JSON.stringify(lang)}: expected one of ${INIT_LANGS.join(', ')}`);
  const dir = resolve(io.cwd, target);
  await mustBeEmpty(dir);
  // Baked into a shell script and a package.json: a path either would read differently is refused.
  if (/["$`\\]/.test(SWITCHBOARD_ROOT))
    throw new SetupError(
      'badOption',
      `switchboard is installed at ${SWITCHBOARD_ROOT}, a path with a quote, $, \` or \\ that certify.sh cannot name; install it elsewhere`,
    );
  const scaffold = SCAFFOLDS[lang];
  const values: Readonly<Record<string, string>> = {
    NAME: packageName(basename(dir)),
    LANG: lang,
    ADAPTER_SPEC: scaffold.adapterSpec,
    SWITCHBOARD_ROOT: SWITCHBOARD_ROOT.replace(/\/$/, ''),
    SWITCHBOARD_BIN: join(SWITCHBOARD_ROOT, 'bin', 'switchboard.mjs'),
  };
  await mkdir(dir, { recursive: true });
  const files = { ...COMMON, ...scaffold.files };
  for (const [file, template] of Object.entries(files)) {
    const text = (await readFile(join(TEMPLATES, template), 'utf8')).replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => values[key] ?? whole);
    await writeFile(join(dir, file), text, { flag: 'wx' });
  }
  await chmod(join(dir, 'certify.sh'), 0o755);
  const shown = relative(io.cwd, dir) || '.';
  io.stdout.write(
    [
      `Scaffolded a ${lang} adapter in ${shown}:`,
      `  README.md      what to implement first, and how to certify`,
      `  ${scaffold.adapterFile.padEnd(14)} the adapter: every activity answers "not implemented yet" with what to build`,
      `  certify.sh     certifies it: --adapter ${scaffold.adapterSpec} --mode simple, reports in reports/`,
      '',
      `Next: cd ${shown} && ./certify.sh --no-properties   (it fails, saying what to implement first)`,
      '',
    ].join('\n'),
  );
  return 0;
}

function isLang(value: string): value is Lang {
  return (INIT_LANGS as readonly string[]).includes(value);
}

/** A new folder or an empty one: init never writes over someone's files. */
async function mustBeEmpty(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') return;
    throw new SetupError('badOption', `init: cannot use ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (entries.length > 0)
    throw new SetupError(
      'badOption',
      `init: ${dir} already holds files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); give a new or empty folder`,
    );
}

/** The folder's name as an npm package name: lower case letters, digits and dashes. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'my-adapter' : name;
}
