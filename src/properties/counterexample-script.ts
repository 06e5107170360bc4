/**
 * A counterexample as a simulator script: the switch's side of the sequence, replayable by
 * `switchboard simulate`.
 */
import { stringify } from 'yaml';
import type { Counterexample } from './run-result.ts';
import { linkFaultRule } from '../harness/link-faults.ts';
import { describe, linkFaultOf, type CommandSpec } from './specs.ts';
import { AGENTS, QUEUE, RINGING_NUMBER, provisioning } from './world.ts';
import { birthsUpTo, type CounterexampleContext } from './counterexample.ts';
// ---------------------------------------------------------------- simulator script

/** The switch's side of the counterexample as a simulator script (simulator/script/schema.ts): provisioning and the stimuli, 100 ms apart. */
export function renderScript(c: Counterexample, context: CounterexampleContext): string {
  const steps: Record<string, unknown>[] = [];
  const comments: string[] = [];
  const refs = new Map<number, string>();
  let at = 0;
  const ref = (ordinal: number): string | undefined => refs.get(ordinal);
  c.commands.forEach((spec, index) => {
    at += 100;
    const born = birthsUpTo(c.commands, index);
    const step = scriptStep(spec, at, ref, born);
    if (step === undefined) {
      comments.push(
        `# at ${at}ms: ${describe(spec)}${spec.kind === 'request' ? ' (the desktop: not the switch)' : ' (names a call the desktop placed: no ref in a script)'}`,
      );
      return;
    }
    if ((spec.kind === 'customerCall' || spec.kind === 'internalCall') && typeof step['ref'] === 'string') refs.set(born, step['ref']);
    steps.push(step);
  });
  const script = {
    version: 1,
    description: `The switch's side of a ${c.violation.id} counterexample (${context.mode} telephony, seed ${context.seed}, path ${c.path}). The desktop's requests are comments: drive them with the replay command.`,
    provision: provisioning(),
    timeline: steps,
  };
  return [
    '# yaml-language-server: $schema=../../simulator/script/script.schema.json',
    `# ${c.violation.id}: ${c.violation.message.split('\n')[0] ?? ''}`,
    `# Replay: ${context.replayCommand}`,
    ...comments,
    stringify(script, { lineWidth: 0 }),
  ].join('\n');
}

function scriptStep(spec: CommandSpec, at: number, ref: (ordinal: number) => string | undefined, born: number): Record<string, unknown> | undefined {
  const s = spec;
  switch (s.kind) {
    case 'customerCall':
      return { at, do: 'customerCall', from: s.from, to: s.to === 'queue' ? { queue: QUEUE.id } : { extension: s.to }, ref: `call${born}` };
    case 'internalCall':
      return { at, do: 'internalCall', from: s.from, to: s.to, ref: `call${born}` };
    case 'answerAtPhone': {
      const call = ref(s.call);
      return call === undefined ? undefined : { at, do: 'answerAtPhone', extension: s.extension, call };
    }
    case 'hangUp': {
      const call = ref(s.call);
      if (call === undefined) return undefined;
      return { at, do: 'hangUp', call, party: s.party === 'farEnd' ? RINGING_NUMBER : s.party };
    }
    case 'holdAtPhone':
      return { at, do: 'holdAtPhone', extension: s.extension };
    case 'retrieveAtPhone':
      return { at, do: 'retrieveAtPhone', extension: s.extension };
    case 'agentAtPhone':
      return {
        at,
        do: 'agentAtPhone',
        agent: AGENTS[s.extension].id,
        extension: s.extension,
        action: s.action,
        ...(s.reason === undefined ? {} : { reasonCode: s.reason }),
      };
    case 'supervisor':
      return { at, do: 'supervisor', agent: AGENTS[s.extension].id, action: s.action, ...(s.reason === undefined ? {} : { reasonCode: s.reason }) };
    case 'farEndAnswers': {
      const call = ref(s.call);
      return call === undefined ? undefined : { at, do: 'farEndAnswers', call };
    }
    case 'fault':
      return { at, do: 'setFaults', seed: at, rules: [linkFaultRule(linkFaultOf(s.fault), s.extension)] };
    case 'request':
      return undefined;
  }
}
