import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSources } from '@cucumber/cucumber/api';
import { TELEPHONY_MODES } from '../../src/contract/pega/modes.ts';
import { modeTagExpression, modeTagsApply, parseModeTag, requirementTags } from '../../src/report/tags.ts';
import { FEATURES, PROJECT_ROOT } from './fixture-run.ts';

describe('requirement tags', () => {
  it('extracts OCTI ids from tags, in order and without duplicates', () => {
    assert.deepEqual(requirementTags(['@from:simple', '@OCTI-CALL-003', '@flaky', '@OCTI-MODE-001', '@OCTI-CALL-003']), ['OCTI-CALL-003', 'OCTI-MODE-001']);
  });

  it('ignores tags that only look like requirement ids', () => {
    assert.deepEqual(requirementTags(['OCTI-CALL-001', '@OCTI-CALL', '@octi-call-001', '@OCTI-CALL-001x', '@XOCTI-CALL-001']), []);
  });
});

describe('mode tags', () => {
  it('applies @from:<mode> to that mode and every mode above it', () => {
    assert.deepEqual(
      TELEPHONY_MODES.map((m) => modeTagsApply(['@from:simple'], m)),
      [true, true, true],
    );
    assert.deepEqual(
      TELEPHONY_MODES.map((m) => modeTagsApply(['@from:agent-state'], m)),
      [false, true, true],
    );
    assert.deepEqual(
      TELEPHONY_MODES.map((m) => modeTagsApply(['@from:full'], m)),
      [false, false, true],
    );
  });

  it('applies @only:<mode> to that mode alone', () => {
    assert.deepEqual(
      TELEPHONY_MODES.map((m) => modeTagsApply(['@only:simple'], m)),
      [true, false, false],
    );
    assert.deepEqual(
      TELEPHONY_MODES.map((m) => modeTagsApply(['@only:agent-state'], m)),
      [false, true, false],
    );
  });

  it('applies when any one of several mode tags applies', () => {
    assert.equal(modeTagsApply(['@only:simple', '@from:full'], 'full'), true);
    assert.equal(modeTagsApply(['@only:simple', '@from:full'], 'agent-state'), false);
  });

  it('applies a scenario without a valid mode tag to no mode', () => {
    for (const mode of TELEPHONY_MODES) {
      assert.equal(modeTagsApply(['@OCTI-CALL-001'], mode), false);
      assert.equal(modeTagsApply(['@from:fulll', '@only:'], mode), false);
    }
  });

  it('parses mode tags and flags an unknown mode', () => {
    assert.deepEqual(parseModeTag('@from:agent-state'), { kind: 'from', mode: 'agent-state' });
    assert.deepEqual(parseModeTag('@only:simple'), { kind: 'only', mode: 'simple' });
    assert.deepEqual(parseModeTag('@from:Full'), { kind: 'invalid', tag: '@from:Full' });
    assert.equal(parseModeTag('@OCTI-CALL-001'), undefined);
  });

  it('builds a tag expression that makes Cucumber select exactly the scenarios modeTagsApply accepts', async () => {
    const planned = async (mode: (typeof TELEPHONY_MODES)[number]) => {
      const { plan, errors } = await loadSources(
        { paths: [FEATURES], names: [], tagExpression: modeTagExpression(mode), order: 'defined', defaultDialect: 'en' },
        { cwd: PROJECT_ROOT },
      );
      assert.deepEqual(errors, []);
      return plan.map((p) => p.name);
    };
    const calls = [
      'A queued call pops one Offering',
      'The answered call is Established',
      'Two calls in a row | are two pops',
      'A direct call pops an Offering',
      'A call the switch refuses to place',
      "An event that breaks Pega's schema",
    ];
    assert.deepEqual(await planned('simple'), [...calls, 'Agent state requests are refused in Simple telephony']);
    assert.deepEqual(await planned('agent-state'), [...calls, 'Internal call from 8801']);
    assert.deepEqual(await planned('full'), [...calls, 'Internal call from 8801']);
    assert.equal(modeTagExpression('agent-state'), '@from:simple or @from:agent-state or @only:agent-state');
  });
});
