/**
 * The suite catches what it claims: for every requirement of the catalogue a broken adapter
 * (test/fixtures/adapters/catalogue.ts) is rejected for that requirement — by the requirement's own
 * scenarios alone when the scenarios prove it, by a short seeded property run when the run proves
 * it. A requirement without a rejecting fixture fails the first test.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { REQUIREMENTS } from '../../src/contract/index.ts';
import { loadPickles } from '../features.ts';
import { REJECTED_BY } from '../fixtures/adapters/catalogue.ts';
import { capture, certificateIn, ROOT } from './support/certify-run.ts';

/** Enough sequences for each property fixture's break to be met from its seed; small, so CI stays quick. */
const PROPERTY_RUNS = 200;

it('every requirement and invariant of the catalogue has a broken fixture that must be rejected for it', () => {
  const missing = REQUIREMENTS.filter((r) => REJECTED_BY[r.id] === undefined).map((r) => r.id);
  assert.deepEqual(missing, [], `requirements without a rejecting fixture: ${missing.join(', ')}`);
  const unknown = Object.keys(REJECTED_BY).filter((id) => !REQUIREMENTS.some((r) => r.id === id));
  assert.deepEqual(unknown, [], 'catalogue entries for requirements that do not exist');
  const absent = Object.values(REJECTED_BY)
    .filter((r) => !existsSync(join(ROOT, 'test/fixtures/adapters', `${r.fixture}.ts`)))
    .map((r) => r.fixture);
  assert.deepEqual(absent, [], 'fixtures named in the catalogue that are not in test/fixtures/adapters');
  for (const r of REQUIREMENTS)
    assert.equal(REJECTED_BY[r.id]?.seed !== undefined, r.provedBy === 'properties', `${r.id}: a seed exactly when the property run proves it`);
  for (const [id, r] of Object.entries(REJECTED_BY)) {
    if (r.scenariosToo !== undefined)
      assert.notEqual(REQUIREMENTS.find((q) => q.id === r.scenariosToo)?.provedBy, 'properties', `${id}: scenariosToo names a requirement the scenarios prove`);
  }
});

/** A regular expression matching exactly these scenario names (Cucumber's --name). */
function exactly(names: readonly string[]): string {
  return `^(?:${[...new Set(names)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

async function rejects(fixture: string, mode: string, judged: readonly string[], id: string): Promise<void> {
  const out = await mkdtemp(join(tmpdir(), 'switchboard-catalogue-'));
  const stdout = capture();
  const stderr = capture();
  const code = await main(['certify', '--adapter', `module:test/fixtures/adapters/${fixture}.ts`, '--mode', mode, '--out', out, ...judged], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: {},
    cwd: ROOT,
  });
  assert.equal(code, 1, stdout.text() + stderr.text());
  const status = (await certificateIn(out)).requirements.find((r) => r.id === id)?.status;
  assert.equal(status, 'failed', `${id} is ${status ?? 'absent'}, not failed:\n${stdout.text()}`);
}

describe('each broken fixture is rejected for its requirement', async () => {
  const pickles = await loadPickles();
  /** Cucumber's --name for exactly the scenarios tagged with the requirement, without the property run. */
  const scenariosOf = (id: string): string[] => ['--no-properties', '--name', exactly(pickles.filter((p) => p.tags.includes(`@${id}`)).map((p) => p.name))];
  for (const requirement of REQUIREMENTS) {
    const rejection = REJECTED_BY[requirement.id];
    if (rejection === undefined) continue;
    const { fixture, mode, seed, scenariosToo } = rejection;
    if (seed === undefined) {
      it(`${requirement.id}: ${fixture} is rejected by its scenarios alone (${mode})`, () =>
        rejects(fixture, mode, scenariosOf(requirement.id), requirement.id));
      continue;
    }
    it(`${requirement.id}: ${fixture} is rejected by a ${PROPERTY_RUNS}-sequence property run from seed ${seed} (${mode})`, () =>
      rejects(fixture, mode, ['--no-scenarios', '--seed', String(seed), '--runs', String(PROPERTY_RUNS)], requirement.id));
    if (scenariosToo !== undefined) {
      it(`${requirement.id}: ${fixture} breaks deterministically, and the scenarios of ${scenariosToo} reject it without the property run (${mode})`, () =>
        rejects(fixture, mode, scenariosOf(scenariosToo), scenariosToo));
    }
  }
});
