/** When an invariant the property run did not fail is still not judged (decision 0021). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notJudgedBecause } from '../../src/certify/property-run.ts';
import type { PropertyRun } from '../../src/report/certificate-schema.ts';
import { heldProperties } from '../report/certificate-input.ts';

// A run that judged everything: enough sequences, every fault applied.
const RUN: PropertyRun = heldProperties({ sequences: 2400, faultsApplied: { duplicate: 9, delay: 8, closeLink: 7 } }).run;
const PASSED = { kind: 'passed' } as const;

describe('an invariant the property run did not fail', () => {
  it('is judged (passed) with enough sequences and every fault applied', () => {
    assert.equal(notJudgedBecause(RUN, PASSED), null);
  });

  it('is not judged below the minimum, saying what to raise when the budget ended the run', () => {
    assert.equal(
      notJudgedBecause({ ...RUN, sequences: 999 }, PASSED),
      'the run explored 999 sequences, fewer than the 1000 that judge an invariant (raise --max-time-ms)',
    );
    assert.equal(
      notJudgedBecause({ ...RUN, sequences: 1, interrupted: false, runsRequested: 1 }, PASSED),
      'the run explored 1 sequence, fewer than the 1000 that judge an invariant',
    );
  });

  it('is not judged when a fault the run needs was never applied', () => {
    assert.equal(notJudgedBecause({ ...RUN, faultsApplied: { duplicate: 9, delay: 0, closeLink: 7 } }, PASSED), 'the run never applied the link fault delay');
  });

  it('is not judged in a replay, when the run stopped at another invariant, or when it errored', () => {
    assert.equal(notJudgedBecause({ ...RUN, path: '1:2@a' }, PASSED), 'a replay (--path) judges only the case it replays');
    assert.equal(
      notJudgedBecause(RUN, { kind: 'error', message: 'the adapter refused valid settings: x' }),
      'the property run judged nothing: the adapter refused valid settings: x',
    );
  });
});
