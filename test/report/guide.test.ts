/**
 * docs/certifying-your-adapter.md cannot rot quietly: every file it links exists, and every flag its
 * commands use is one the CLI documents.
 */
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { USAGE } from '../../src/cli/usage.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = join(ROOT, 'docs/certifying-your-adapter.md');

test('every file the certification guide links to exists', async () => {
  const text = await readFile(GUIDE, 'utf8');
  const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? '').filter((t) => !/^[a-z]+:/.test(t));
  assert.ok(targets.length > 10);
  const missing: string[] = [];
  for (const target of targets) {
    try {
      await access(resolve(dirname(GUIDE), target));
    } catch {
      missing.push(target);
    }
  }
  assert.deepEqual(missing, []);
});

test('every flag in the certification guide is one `switchboard help` documents', async () => {
  const text = await readFile(GUIDE, 'utf8');
  const commands = text.split('\n').filter((line) => /npx switchboard (certify|verify)/.test(line));
  const flags = new Set(commands.flatMap((line) => [...line.matchAll(/\s(--[a-z-]+)/g)].map((m) => m[1] ?? '')));
  assert.ok(flags.has('--adapter') && flags.has('--name'));
  assert.deepEqual([...flags].filter((flag) => !USAGE.includes(flag)), []);
});
