/**
 * Property sequences/s: the property run of `switchboard certify` (src/properties/) against the
 * real simulator and the reference adapter in process, every mode, 1,000 sequences each, with its
 * default link faults; baseline: the same sequences (same seeds, same commands, same scheduler)
 * against the model alone, so the ratio is the price of the real system.
 */
import pino from 'pino';
import { createAdapter } from '../src/adapter/index.ts';
import { runModelOnly, runProperties } from '../src/properties/run.ts';
import type { Benchmark } from './support/bench.ts';

const MODES = ['simple', 'agent-state', 'full'] as const;
const RUNS = 1000;
const MAX_COMMANDS = 20;
/** A fixed seed per mode, so rounds compare like with like. */
const SEED = 2;

export const properties: Benchmark = {
  id: 'properties',
  title: 'P5 property sequences/s against the real simulator + adapter',
  unit: 'sequences/s',
  baselineTitle: 'the same sequences against the model alone',
  workPerUnit:
    'a unit is one generated sequence (up to 20 commands: desktop requests, switch stimuli, link faults) played against the real simulator and adapter with every invariant checked, against the same sequence played against the model alone',
  target: 'P5: ≥ 1,000/s',
  rounds: 3,
  ratio: (figure, baseline) => figure / baseline,
  meets: (m) => m.figure >= 1000,
  async round() {
    const logger = pino({ level: 'silent' });
    let sequences = 0;
    let ms = 0;
    let modelSequences = 0;
    let modelMs = 0;
    let correct = true;
    const notes: string[] = [];
    for (const mode of MODES) {
      const live = await runProperties({
        mode,
        factory: createAdapter,
        driverKind: 'reference',
        logger,
        seed: SEED,
        runs: RUNS,
        timeBudgetMs: 600_000,
        maxCommands: MAX_COMMANDS,
        deadlineMs: 500,
        quietMs: 50,
      });
      // The model alone plays exactly the sequences the live run explored (up to a failure, if one was found).
      const model = await runModelOnly({ mode, seed: SEED, runs: live.sequences, maxCommands: MAX_COMMANDS });
      const failed =
        live.outcome.kind === 'failed'
          ? ` — ${live.outcome.counterexample.violation.id} after ${live.sequences}: ${live.outcome.counterexample.violation.message.split('\n').at(-1)?.trim() ?? ''}`
          : live.outcome.kind === 'error'
            ? ` — ${live.outcome.message}`
            : '';
      correct &&= live.outcome.kind === 'passed';
      // Exploration only: shrinking a failure waits out deadlines on purpose.
      sequences += live.sequences;
      ms += live.exploringMs;
      modelSequences += model.sequences;
      modelMs += model.durationMs;
      const s = live.stats;
      notes.push(`${mode} ${Math.round((live.sequences / live.exploringMs) * 1000)}/s over ${live.sequences} (${s.desktopsCreated} desktops created)${failed}`);
    }
    return {
      figure: ms === 0 ? 0 : (sequences / ms) * 1000,
      baseline: modelMs === 0 ? 0 : (modelSequences / modelMs) * 1000,
      correct,
      note: notes.join('; '),
    };
  },
};
