/**
 * A shrunk counterexample, written for people: a readable account (what failed, the replay command,
 * the commands and the interleaving), a Gherkin scenario in the suite's own step phrasing that an
 * analyst can copy into features/ as a regression, and a simulator script (simulator/script) that
 * plays the switch's side of it. Pure: text in, text out.
 */
import type { TelephonyMode } from '../contract/index.ts';
import type { Counterexample } from './run-result.ts';
import { describe, type CommandSpec } from './specs.ts';

export interface CounterexampleContext {
  readonly mode: TelephonyMode;
  readonly seed: number;
  readonly replayCommand: string;
  readonly statement: string;
  readonly reproduced: boolean;
  readonly shrinks: number;
}

const ORDINAL_WORDS = ['first', 'second', 'third'];

export function callWords(ordinal: number): string | undefined {
  const word = ORDINAL_WORDS[ordinal - 1];
  return word === undefined ? undefined : `the ${word} call`;
}

/** The calls born in the sequence, in order, as far as the commands show (a customer's or internal call, a dial, a consult). */
export function birthsUpTo(commands: readonly CommandSpec[], index: number): number {
  let born = 0;
  for (const spec of commands.slice(0, index + 1)) {
    if (spec.kind === 'customerCall' || spec.kind === 'internalCall') born++;
    if (spec.kind === 'request' && ['MakeCall', 'ConsultationCall', 'TransferInitiate', 'ConferenceInitiate'].includes(spec.activity)) born++;
  }
  return born;
}

// ---------------------------------------------------------------- readable text

export function renderText(c: Counterexample, context: CounterexampleContext): string {
  return [
    `${c.violation.id} failed (${context.mode} telephony)`,
    `  ${context.statement}`,
    '',
    'What broke:',
    ...c.violation.message.split('\n').map((l) => `  ${l}`),
    '',
    `Seed ${context.seed}, path ${c.path}; shrunk ${context.shrinks} times; ${context.reproduced ? 'a fresh replay fails the same way' : 'a fresh replay did NOT fail again (timing may matter)'}.`,
    'Replay it:',
    `  ${context.replayCommand}`,
    '',
    'The commands, in order:',
    ...c.commands.map((spec, i) => `  ${String(i + 1).padStart(2)}. ${describe(spec)}`),
    '',
    'As it happened (the lab restoring its baseline, each command, the switch refusing, faults, and each answer when the sequence waited for it):',
    ...c.log.map((l) => `  ${l}`),
    '',
    `The trace (requests, answers, events delivered to the desktops, the switch's events) is in the .trace.json beside this file.`,
    '',
  ].join('\n');
}

/** The folder of the report folder that counterexamples are written to. */
export const COUNTEREXAMPLES_DIR = 'counterexamples';

export function counterexampleFiles(id: string): { text: string; feature: string; script: string; trace: string; diagram: string } {
  const base = `${COUNTEREXAMPLES_DIR}/${id}`;
  return { text: `${base}.txt`, feature: `${base}.feature`, script: `${base}.yaml`, trace: `${base}.trace.json`, diagram: `${base}.svg` };
}
