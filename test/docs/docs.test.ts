/**
 * The generated requirements table is today's, and the reference docs link only to files that
 * exist inside the repository (a clone or a packed copy has nothing outside it).
 */
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { REQUIREMENTS } from '../../src/contract/index.ts';
import { renderRequirementsDoc, REQUIREMENTS_DOC } from '../../src/docs/requirements-doc.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('docs/requirements.md is what the catalogue and the features give today', async () => {
  assert.equal(await readFile(REQUIREMENTS_DOC, 'utf8'), await renderRequirementsDoc(), 'docs/requirements.md is stale: run npm run docs');
});

test('docs/requirements.md has a row for every requirement, each with its proof', async () => {
  const text = await readFile(REQUIREMENTS_DOC, 'utf8');
  for (const r of REQUIREMENTS) {
    const row = text.split('\n').find((line) => line.startsWith(`| ${r.id} |`));
    assert.ok(row !== undefined, r.id);
    assert.ok(row.includes(r.source), `${r.id} cites its source`);
    assert.match(row, r.provedBy === 'properties' ? /property run: invariant/ : /\(`features\/[^`]+\.feature:\d+`\)/, r.id);
  }
});

for (const doc of ['docs/decisions/README.md', 'docs/glossary.md', 'docs/requirements.md', 'README.md']) {
  test(`${doc} links only to files inside the repository that exist`, async () => {
    const path = join(ROOT, doc);
    const text = await readFile(path, 'utf8');
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)|`(\.\.\/[^`]+)`/g)].map((m) => m[1] ?? m[2] ?? '').filter((t) => !/^[a-z]+:/.test(t));
    const bad: string[] = [];
    for (const target of targets) {
      const at = resolve(dirname(path), target);
      if (relative(ROOT, at).startsWith('..')) {
        bad.push(`${target}: outside the repository`);
        continue;
      }
      await access(at).catch(() => bad.push(`${target}: no such file`));
    }
    assert.deepEqual(bad, []);
  });
}

test('the README and the guide link the glossary', async () => {
  assert.match(await readFile(join(ROOT, 'README.md'), 'utf8'), /\]\(docs\/glossary\.md\)/);
  assert.match(await readFile(join(ROOT, 'docs/certifying-your-adapter.md'), 'utf8'), /\]\(glossary\.md\)/);
});

test('the Node lines engines names are the ones the docs state and CI runs', async () => {
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const majors = manifest.engines.node.split('||').map((range) => Number(/^\s*\^(\d+)\.\d+\.\d+\s*$/.exec(range)?.[1]));
  assert.deepEqual(majors, [20, 22, 24]);
  const ci = /^for major in ([\d ]+); do$/m.exec(await readFile(join(ROOT, '.ci/run'), 'utf8'));
  assert.deepEqual(ci?.[1]?.split(' ').map(Number), [22, 24], '.ci/run certifies under each LTS line');
  const guide = await readFile(join(ROOT, 'docs/certifying-your-adapter.md'), 'utf8');
  for (const text of [await readFile(join(ROOT, 'README.md'), 'utf8'), guide]) assert.match(text, /Node\.js 22 or 24 \(the LTS lines/);
  for (const version of guide.matchAll(/node-version: (\d+)/g)) assert.ok([22, 24].includes(Number(version[1])), `the CI example pins Node ${version[1]}`);
});
