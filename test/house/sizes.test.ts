/**
 * No source file in src/ or simulator/ runs long without saying why (issue 19): a committed .ts file
 * there of more than LIMIT lines must give its reason in its first comment block, in a sentence
 * that starts "Over 300 lines on purpose:" (see simulator/model/types.ts). A file that grows past
 * the limit without one fails here; split it by job, or say why it is one.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** "~300": Prettier's wrapping moves a file by a few lines either way, so the reason is asked for past this. */
const LIMIT = 320;
/**
 * The reason's opening words. "Over 300 lines for now, on purpose:" (src/harness/lab.ts, a split
 * that waits on other work) says the same and counts too.
 */
const REASON = /Over 300 lines\b[^.:]*\bon purpose:/;

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

/** How many lines the text has, as `wc -l` counts them for a file ending in a line break. */
export function lineCount(text: string): number {
  if (text === '') return 0;
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

/** The file's first comment block (a leading `#!` line skipped), or '' when code comes first. */
export function headerComment(text: string): string {
  const body = text.startsWith('#!') ? text.slice(text.indexOf('\n') + 1) : text;
  const start = body.search(/\S/);
  if (start < 0) return '';
  if (body.startsWith('/*', start)) {
    const end = body.indexOf('*/', start + 2);
    return end < 0 ? body.slice(start) : body.slice(start, end + 2);
  }
  // A run of `//` lines is a comment block too.
  const lines = body.slice(start).split('\n');
  const end = lines.findIndex((line) => !line.trimStart().startsWith('//'));
  return lines.slice(0, end < 0 ? lines.length : end).join('\n');
}

/** The files over the limit whose first comment gives no reason, as `path (n lines)`. */
export function unexplained(files: readonly SourceFile[], limit = LIMIT): string[] {
  return files
    .filter((file) => lineCount(file.text) > limit && !REASON.test(headerComment(file.text)))
    .map((file) => `${file.path} (${lineCount(file.text)} lines)`);
}

/** The committed .ts files of src/ and simulator/, with their text as it is on disk. */
async function sourceFiles(): Promise<SourceFile[]> {
  const { stdout } = await promisify(execFile)('git', ['ls-files', '-z', '--', 'src', 'simulator'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const paths = stdout.split('\0').filter((path) => path.endsWith('.ts'));
  return Promise.all(paths.map(async (path) => ({ path, text: await readFile(join(ROOT, path), 'utf8') })));
}

describe('source file sizes', () => {
  it(`every committed .ts file in src/ and simulator/ over ${LIMIT} lines says why at its top`, async () => {
    const files = await sourceFiles();
    assert.ok(files.length > 100, `expected the source files, found ${files.length}`);
    assert.deepEqual(unexplained(files), []);
  });

  it('counts lines as wc -l does, a last line without a break included', () => {
    assert.equal(lineCount(''), 0);
    assert.equal(lineCount('a\n'), 1);
    assert.equal(lineCount('a\nb'), 2);
    assert.equal(lineCount('a\n\nb\n'), 3);
  });

  it('reads the first comment block only, past a #! line', () => {
    assert.equal(headerComment('/**\n * Why.\n */\nconst a = 1; /* later */\n'), '/**\n * Why.\n */');
    assert.equal(headerComment('#!/usr/bin/env node\n// one\n// two\ncode();\n'), '// one\n// two');
    assert.equal(headerComment('import x from "y";\n/** Over 300 lines on purpose: too late. */\n'), '');
  });

  it('names a long file without a reason, and passes a short one or one that gives it', () => {
    const long = (header: string): string => `${header}\n${'x;\n'.repeat(LIMIT)}`;
    const files: SourceFile[] = [
      { path: 'src/short.ts', text: '/** Short. */\nx;\n' },
      { path: 'src/at-limit.ts', text: 'x;\n'.repeat(LIMIT) },
      { path: 'src/silent.ts', text: long('/** A module. */') },
      { path: 'src/reasoned.ts', text: long('/**\n * A module.\n *\n * Over 300 lines on purpose: one table.\n */') },
      { path: 'src/for-now.ts', text: long('/**\n * Over 300 lines for now, on purpose: the split waits.\n */') },
      { path: 'src/reason-below.ts', text: long('/** A module. */\n// Over 300 lines on purpose: said too late.') },
      { path: 'src/other-words.ts', text: long('/** Over 300 lines. On purpose: not the sentence. */') },
    ];
    assert.deepEqual(unexplained(files), ['src/silent.ts (321 lines)', 'src/reason-below.ts (322 lines)', 'src/other-words.ts (321 lines)']);
  });
});
