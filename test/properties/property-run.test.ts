/**
 * The property run itself: it passes on the reference adapter in every mode (a small fixed-seed
 * run; `switchboard certify` runs the 1,000-sequence one), the same seed generates the same
 * sequences, and the same commands run on the model alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { createAdapter } from '../../src/adapter/index.ts';
import { TELEPHONY_MODES } from '../../src/contract/index.ts';
import { propertiesFor } from '../../src/properties/invariants.ts';
import { runModelOnly, runProperties, sampleSequences } from '../../src/properties/run.ts';

const silent = pino({ level: 'silent' });

// Any seed passes; a fixed one keeps the test's work the same from run to run.
const SEED = 2;

describe('the property run on the reference adapter', () => {
  for (const mode of TELEPHONY_MODES) {
    it(`holds every invariant over 100 sequences in ${mode} telephony, with link faults`, async () => {
      const result = await runProperties({
        mode,
        factory: createAdapter,
        driverKind: 'reference',
        logger: silent,
        seed: SEED,
        runs: 100,
        timeBudgetMs: 120_000,
        maxCommands: 20,
        deadlineMs: 500,
        quietMs: 50,
      });
      const detail =
        result.outcome.kind === 'failed'
          ? `${result.outcome.counterexample.violation.message}\n${result.outcome.counterexample.log.join('\n')}`
          : result.outcome.kind === 'error'
            ? result.outcome.message
            : '';
      assert.equal(result.outcome.kind, 'passed', detail);
      assert.equal(result.sequences, 100);
      assert.deepEqual([...result.faults], ['duplicate', 'delay', 'closeLink']);
      assert.ok(result.stats.sequences >= 100);
    });
  }
});

describe('generation', () => {
  it('the same seed generates the same sequences, another seed others', () => {
    const first = sampleSequences({ mode: 'full', seed: 42, count: 20, maxCommands: 20 });
    const again = sampleSequences({ mode: 'full', seed: 42, count: 20, maxCommands: 20 });
    const other = sampleSequences({ mode: 'full', seed: 43, count: 20, maxCommands: 20 });
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
    assert.ok(
      first.some((s) => s.length >= 10),
      'sequences are long enough to interleave',
    );
  });

  it('each mode generates every activity of the mode and the ones it must refuse, with stimuli and faults', () => {
    const words = sampleSequences({ mode: 'simple', seed: 7, count: 300, maxCommands: 20 }).flat().join('\n');
    for (const activity of [
      'OpenAdapter',
      'CloseAdapter',
      'SubscribeForEvents',
      'UnSubscribeForEvents',
      'LoginAgent',
      'LogoutAgent',
      'SetAgentReady',
      'AnswerCall',
    ])
      assert.match(words, new RegExp(`asks for ${activity}`), activity);
    assert.match(words, /a customer calls/);
    assert.match(words, /the link duplicates/);
    assert.match(words, /the link to \d+'s adapter drops/);
    const full = sampleSequences({ mode: 'full', seed: 7, count: 300, maxCommands: 20 }).flat().join('\n');
    for (const activity of [
      'ConsultationCall',
      'TransferComplete',
      'ConferenceComplete',
      'BlindTransfer',
      'DropParty',
      'MakeCall',
      'SendDTMF',
      'HoldCall',
      'RetrieveCall',
      'SetAgentNotReady',
    ])
      assert.match(full, new RegExp(`asks for ${activity}`), activity);
  });

  it("the invariants of a mode are the catalogue's OCTI-PROP requirements that apply to it", () => {
    assert.deepEqual(
      propertiesFor('simple').map((p) => p.id),
      ['OCTI-PROP-001', 'OCTI-PROP-002', 'OCTI-PROP-003', 'OCTI-PROP-004', 'OCTI-PROP-005', 'OCTI-PROP-006', 'OCTI-PROP-007', 'OCTI-PROP-009'],
    );
    assert.equal(propertiesFor('full').length, 9);
  });

  it('the same commands run on the model alone', async () => {
    const result = await runModelOnly({ mode: 'full', seed: 42, runs: 50, maxCommands: 20 });
    assert.equal(result.sequences, 50);
  });
});
