/**
 * Plays a script's timeline on a clock through the control API. Steps run at their `at` after
 * the start; steps due at the same moment run together, in file order. A step the switch
 * refuses stops the run and rejects `done` with a ScriptError naming the step.
 * The timeline only: provision first with `control.provision(script.provision)`. The script's
 * `faults` plan, if any, is set when the run starts; `setFaults` / `clearFaults` steps change it.
 */
import type { Clock } from '../clock.ts';
import type { Control } from '../control/control.ts';
import type { CallId } from '../model/types.ts';
import { toMillis } from './duration.ts';
import type { Script, ScriptStep } from './schema.ts';
import { ScriptError } from './script-error.ts';

export interface ScriptRun {
  /** Resolves when every step has run, or when cancelled; rejects with a ScriptError when a step is refused. */
  readonly done: Promise<void>;
  /** Stops scheduling further steps. */
  cancel(): void;
}

export interface RunOptions {
  /** Names the script in errors. */
  readonly fileName?: string;
}

function data(callData: Readonly<Record<string, string>> | undefined): { callData?: Readonly<Record<string, string>> } {
  return callData === undefined ? {} : { callData };
}

/** How a step's call refs become call ids, and how a step that creates a call names it. */
export interface CallRefs {
  /** The call id a ref names; throws (an Error saying so) when it names none. */
  resolve(ref: string): CallId;
  name(ref: string, id: CallId): void;
}

/** Refs as a script has them: only those an earlier step named. */
export function scriptRefs(): CallRefs {
  const refs = new Map<string, CallId>();
  return {
    resolve(ref) {
      const id = refs.get(ref);
      if (id === undefined) throw new Error(`ref ${JSON.stringify(ref)} names no call yet`);
      return id;
    },
    name: (ref, id) => void refs.set(ref, id),
  };
}

/**
 * Performs one step through the control API, now (its `at` is the caller's business): the one
 * mapping from script steps to control verbs, shared by the runner and the network control channel
 * (control/http.ts). Returns the id of the call the step created or that goes on, if any. Throws
 * ControlError when the switch refuses, an Error when a ref names no call.
 */
export function performStep(control: Control, step: ScriptStep, refs: CallRefs): CallId | undefined {
  const call = (ref: string): CallId => refs.resolve(ref);
  const named = (id: CallId, ref: string | undefined): CallId => {
    if (ref !== undefined) refs.name(ref, id);
    return id;
  };
  switch (step.do) {
    case 'customerCall': {
      const to = step.to.queue !== undefined ? { queue: step.to.queue } : step.to.extension !== undefined ? { extension: step.to.extension } : null;
      if (to === null) throw new Error('to: expected a queue or an extension');
      return named(control.customerCall({ from: step.from, to, ...(step.callData === undefined ? {} : { callData: step.callData }) }), step.ref);
    }
    case 'internalCall':
      return named(control.internalCall({ from: step.from, to: step.to }), step.ref);
    case 'answerAtPhone':
      control.answerAtPhone({ extension: step.extension, ...(step.call === undefined ? {} : { call: call(step.call) }) });
      return;
    case 'hangUp':
      control.hangUp({ call: call(step.call), party: step.party });
      return;
    case 'agentAtPhone':
      control.agentAtPhone({
        agent: step.agent,
        extension: step.extension,
        action: step.action,
        ...(step.reasonCode === undefined ? {} : { reasonCode: step.reasonCode }),
        ...(step.queue === undefined ? {} : { queue: step.queue }),
      });
      return;
    case 'supervisor':
      control.supervisor({ agent: step.agent, action: step.action, ...(step.reasonCode === undefined ? {} : { reasonCode: step.reasonCode }) });
      return;
    case 'configureAcd': {
      const { at: _at, do: _do, ...options } = step;
      control.configureAcd(options);
      return;
    }
    case 'configureDialPlan': {
      const { at: _at, do: _do, ...plan } = step;
      control.configureDialPlan(plan);
      return;
    }
    case 'makeCall':
      return named(control.makeCall({ from: step.from, to: step.to, ...data(step.callData) }), step.ref);
    case 'holdAtPhone':
      control.holdAtPhone({ extension: step.extension, ...(step.call === undefined ? {} : { call: call(step.call) }) });
      return;
    case 'retrieveAtPhone':
      control.retrieveAtPhone({ extension: step.extension, ...(step.call === undefined ? {} : { call: call(step.call) }) });
      return;
    case 'consultationCall':
      return named(control.consultationCall({ extension: step.extension, call: call(step.call), to: step.to, ...data(step.callData) }), step.ref);
    case 'transferCall':
      return control.transferCall({ extension: step.extension, heldCall: call(step.heldCall), activeCall: call(step.activeCall) });
    case 'conferenceCall':
      return control.conferenceCall({ extension: step.extension, heldCall: call(step.heldCall), activeCall: call(step.activeCall) });
    case 'singleStepTransfer':
      return control.singleStepTransfer({ extension: step.extension, call: call(step.call), to: step.to, ...data(step.callData) });
    case 'generateDigits':
      control.generateDigits({ extension: step.extension, call: call(step.call), digits: step.digits });
      return;
    case 'farEndAnswers':
      control.farEndAnswers({ call: call(step.call), ...(step.number === undefined ? {} : { number: step.number }) });
      return;
    case 'setFaults':
      control.setFaults({ seed: step.seed, rules: step.rules });
      return;
    case 'clearFaults':
      control.clearFaults();
      return;
  }
}

export function runScript(control: Control, script: Script, clock: Clock, options: RunOptions = {}): ScriptRun {
  const fileName = options.fileName ?? '(script)';
  const steps = script.timeline.map((step) => ({ step, at: toMillis(step.at) }));
  const refs = scriptRefs();
  const start = clock.now();
  // The script's fault plan is in force from the start of the timeline (before its first step).
  if (script.faults !== undefined) control.setFaults(script.faults);
  let next = 0;
  let cancelTimer: (() => void) | null = null;
  let settled = false;
  let resolve!: () => void;
  let reject!: (error: ScriptError) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });

  function finish(error?: ScriptError): void {
    settled = true;
    cancelTimer = null;
    if (error === undefined) resolve();
    else reject(error);
  }

  function runDue(): void {
    const elapsed = clock.now() - start;
    for (let entry = steps[next]; entry !== undefined && entry.at <= elapsed; entry = steps[next]) {
      try {
        performStep(control, entry.step, refs);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        finish(new ScriptError('stepFailed', fileName, [{ path: `timeline[${next}]`, message: `${entry.step.do} at ${entry.at}ms failed: ${why}` }]));
        return;
      }
      next += 1;
    }
    schedule();
  }

  function schedule(): void {
    const entry = steps[next];
    if (entry === undefined) {
      finish();
      return;
    }
    cancelTimer = clock.setTimer(start + entry.at - clock.now(), runDue);
  }

  schedule();
  return {
    done,
    cancel() {
      if (settled) return;
      cancelTimer?.();
      finish();
    },
  };
}
