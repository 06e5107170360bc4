import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { PROPERTY_REQUIREMENTS, REQUIREMENTS, TELEPHONY_MODES, modeIncludes } from '../src/contract/index.ts';
import { PROPERTY_IDS } from '../src/properties/invariants.ts';
import { modeTagExpression } from '../src/report/tags.ts';
import { loadPickles } from './features.ts';

const REQUIREMENT_TAG = /^@(OCTI-[A-Z]+-\d{3})$/;

test('every requirement in the catalogue is proved by at least one scenario, or by the property run', async () => {
  const pickles = await loadPickles();
  const proved = new Set(pickles.flatMap((p) => p.tags.map((t) => REQUIREMENT_TAG.exec(t)?.[1]).filter((id) => id !== undefined)));
  const unproved = REQUIREMENTS.filter((r) => r.provedBy !== 'properties' && !proved.has(r.id)).map((r) => r.id);
  assert.deepEqual(unproved, [], `requirements without a scenario: ${unproved.join(', ')}`);
});

test('a requirement the property run proves is tagged on no scenario, and names exactly one invariant of the run', async () => {
  const byProperties = REQUIREMENTS.filter((r) => r.provedBy === 'properties').map((r) => r.id);
  const tagged = (await loadPickles()).flatMap((p) => p.tags.filter((t) => byProperties.includes(t.slice(1))).map((t) => `${p.uri}: "${p.name}" ${t}`));
  assert.deepEqual(tagged, []);
  assert.deepEqual([...byProperties].sort(), [...PROPERTY_IDS].sort());
  assert.deepEqual(
    PROPERTY_REQUIREMENTS.map((r) => r.id),
    byProperties,
  );
});

test('every requirement tag in the features names a requirement of the catalogue', async () => {
  const known = new Set(REQUIREMENTS.map((r) => r.id));
  const unknown = (await loadPickles()).flatMap((p) =>
    p.tags.filter((t) => t.startsWith('@OCTI-') && !known.has(t.slice(1))).map((t) => `${p.uri}: "${p.name}" ${t}`),
  );
  assert.deepEqual(unknown, []);
});

test('every scenario carries a requirement id and a mode tag', async () => {
  const untagged = (await loadPickles())
    .filter((p) => !p.tags.some((t) => REQUIREMENT_TAG.test(t)) || !p.tags.some((t) => /^@(from|only):/.test(t)))
    .map((p) => `${p.uri}: ${p.name}`);
  assert.deepEqual(untagged, []);
});

test('a scenario runs in a mode exactly when its requirements apply to that mode', async () => {
  const pickles = await loadPickles();
  for (const mode of TELEPHONY_MODES) {
    const selects = parseTagExpression(modeTagExpression(mode));
    for (const pickle of pickles) {
      const ids = pickle.tags.map((t) => REQUIREMENT_TAG.exec(t)?.[1]).filter((id) => id !== undefined);
      for (const id of ids) {
        const requirement = REQUIREMENTS.find((r) => r.id === id);
        if (requirement === undefined) continue;
        const applies = requirement.only === true ? requirement.mode === mode : modeIncludes(mode, requirement.mode);
        assert.equal(selects.evaluate([...pickle.tags]), applies, `${pickle.uri}: "${pickle.name}" (${id}) in mode ${mode}`);
      }
    }
  }
});

test('requirement ids are unique and cite a Pega page', () => {
  const ids = REQUIREMENTS.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of REQUIREMENTS) assert.match(r.source, /^https:\/\/docs(-previous)?\.pega\.com\//, r.id);
});
