/**
 * The control API: the verbs scripts and the test harness use to make things happen on the switch.
 * Every verb goes through `attempt`, the one place that steps the model and publishes its events
 * (to the server, then to model-event listeners), in model order.
 *
 * The switch's timed changes (after-call work ending, ring-no-answer, far ends answering, giving
 * up or hanging up) are deadlines in the model's state. After every change the control sets one
 * clock timer for the model's next deadline; when it fires, the control steps `{ kind: 'tick' }`
 * and sets the timer again. The model stays pure and a manual clock drives its time in tests.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { nextDeadline } from '../model/deadlines.ts';
import { emptyState } from '../model/state.ts';
import { step } from '../model/step.ts';
import type {
  AcdOptions,
  Applied,
  CallId,
  DialPlanSettings,
  InputOf,
  ModelEvent,
  ModelInput,
  ModelInputKind,
  ModelState,
  Provisioning,
  StepResult,
} from '../model/types.ts';
import { ControlError } from './control-error.ts';
import { checkFaultPlan } from '../faults/check.ts';
import { createFaultEngine, type FaultEngine } from '../faults/engine.ts';
import type { FaultListener, FaultPlan } from '../faults/types.ts';
import { formatIssues } from '../../src/contract/validation.ts';

export type VerbArgs<K extends ModelInputKind> = Omit<InputOf<K>, 'kind'>;
export type ModelEventListener = (event: ModelEvent, at: number) => void;

export interface Control {
  provision(provisioning: Provisioning): void;
  /** Merges ACD options: a field given replaces the earlier value; applies from now on. */
  configureAcd(options: AcdOptions): void;
  /** Returns the new call's id. */
  customerCall(args: VerbArgs<'customerCall'>): CallId;
  /** Returns the new call's id. */
  internalCall(args: VerbArgs<'internalCall'>): CallId;
  answerAtPhone(args: VerbArgs<'answerAtPhone'>): void;
  /** A party leaves the call: `caller`, an extension, or an outside number in the call (a far end hanging up). In a conference the call goes on. */
  hangUp(args: VerbArgs<'hangUp'>): void;
  /** Merges dial-plan settings: listed outside numbers replace their entries; barredPrefixes and unlisted given replace the earlier value. */
  configureDialPlan(settings: DialPlanSettings): void;
  /** The far end ringing in the call answers (`number` absent: the one outside number ringing). */
  farEndAnswers(args: VerbArgs<'farEndAnswers'>): void;
  /** The extension dials a number (at the phone, or as the CTI link's MakeCall): Originated first. Returns the new call's id. */
  makeCall(args: VerbArgs<'makeCall'>): CallId;
  /** Hold at the phone; `call` absent = the call connected at the extension. */
  holdAtPhone(args: VerbArgs<'holdCall'>): void;
  /** Retrieve at the phone; `call` absent = the one call held at the extension. */
  retrieveAtPhone(args: VerbArgs<'retrieveCall'>): void;
  /** Holds `call` and dials `to`; returns the consult call's id. */
  consultationCall(args: VerbArgs<'consultationCall'>): CallId;
  /** Returns the id of the call that goes on (the held call's). */
  transferCall(args: VerbArgs<'transferCall'>): CallId;
  /** Returns the id of the call that goes on (the held call's). */
  conferenceCall(args: VerbArgs<'conferenceCall'>): CallId;
  /** Returns the id of the call that goes on (the same call). */
  singleStepTransfer(args: VerbArgs<'singleStepTransfer'>): CallId;
  generateDigits(args: VerbArgs<'generateDigits'>): void;
  /** The agent at the phone: login (optionally to one queue), ready, notReady, afterCallWork, logout. */
  agentAtPhone(args: VerbArgs<'agentAtPhone'>): void;
  /** The requests of the CTI link, without a socket: the same rules and events as AgentLogin, AgentLogout, SetAgentState. */
  agentLogin(args: VerbArgs<'agentLogin'>): void;
  agentLogout(args: VerbArgs<'agentLogout'>): void;
  setAgentState(args: VerbArgs<'setAgentState'>): void;
  /** A supervisor forces the agent notReady (with a reason) or logs them out. */
  supervisor(args: VerbArgs<'supervisor'>): void;
  /** Steps the model with any input and publishes its events; throws ControlError when refused. */
  apply(input: ModelInput): Applied;
  /**
   * Steps the model; a refusal is returned, not thrown. When applied, `acknowledge` runs after the
   * state changed and before the events are published (a wire reply goes out before the events its
   * request caused).
   */
  attempt(input: ModelInput, acknowledge?: (applied: Applied) => void): StepResult;
  /** The switch's current state (immutable: later inputs never change a returned state). */
  truth(): ModelState;
  /** Clock time at which the ACD will next act by itself, or null. */
  nextDeadline(): number | null;
  /** Hears every model event with the clock time it happened; returns the unsubscribe function. */
  onModelEvent(listener: ModelEventListener): () => void;
  /** Cancels the deadline timer (the simulator stops); deadlines stay in the state. */
  suspendTimers(): void;
  /** Sets the deadline timer again (the simulator starts); overdue deadlines fire at once. Timers run from creation. */
  resumeTimers(): void;
  /**
   * Faults on the CTI link from now on (simulator/README.md, "Faults"): replaces any earlier plan,
   * restarts its seeded generator and counters, and releases frames the earlier plan held (reorder,
   * delay). Throws ControlError (code invalidFaultPlan) naming the path when the plan is invalid.
   */
  setFaults(plan: FaultPlan): void;
  /** No faults from now on; frames held by the plan are released in their order; stalled requests stay unanswered. */
  clearFaults(): void;
  /** Hears every fault applied, in order; returns the unsubscribe function. */
  onFault(listener: FaultListener): () => void;
}

export interface ControlDeps {
  readonly clock: Clock;
  /** Hands events to the server's monitors. */
  readonly publish: (event: ModelEvent) => void;
  readonly logger: Logger;
  /** The fault layer the server's links pass through; default: one of its own (plans then reach no link). */
  readonly faults?: FaultEngine;
}

export function createControl(deps: ControlDeps): Control {
  const faults = deps.faults ?? createFaultEngine({ clock: deps.clock, logger: deps.logger });
  let state = emptyState();
  const listeners = new Set<ModelEventListener>();
  const outbox: { event: ModelEvent; at: number }[] = [];
  let draining = false;
  let timer: { readonly at: number; readonly cancel: () => void } | null = null;
  let timersOn = true;

  // A listener may call a verb; its events queue behind the current ones so order stays model order.
  function drain(): void {
    if (draining) return;
    draining = true;
    try {
      for (let next = outbox.shift(); next !== undefined; next = outbox.shift()) {
        const { event, at } = next;
        guarded(deps.publish, event, at, 'publishing to monitors failed');
        // A copy, as a listener may unsubscribe while it hears; none to copy on most runs.
        if (listeners.size > 0) for (const listener of [...listeners]) guarded(listener, event, at, 'a model-event listener threw');
      }
    } finally {
      draining = false;
    }
  }

  // One faulty consumer must not stop the others hearing the switch. The consumer and its arguments,
  // not a closure over them: this runs for every event and every listener.
  function guarded(hear: ModelEventListener, event: ModelEvent, at: number, what: string): void {
    try {
      hear(event, at);
    } catch (error) {
      deps.logger.error({ err: error, event: event.name }, `${what}; ignored`);
    }
  }

  /** Keeps exactly one clock timer, for the model's next deadline. */
  function arm(): void {
    const at = timersOn ? nextDeadline(state) : null;
    if (timer !== null && timer.at === at) return;
    timer?.cancel();
    timer = null;
    if (at === null) return;
    const cancel = deps.clock.setTimer(at - deps.clock.now(), () => {
      timer = null;
      try {
        attempt({ kind: 'tick' });
      } catch (error) {
        deps.logger.error({ err: error }, 'the ACD failed to act on a deadline; ignored');
      }
      arm();
    });
    timer = { at, cancel };
  }

  function attempt(input: ModelInput, acknowledge?: (applied: Applied) => void): StepResult {
    const at = deps.clock.now();
    const result = step(state, input, at);
    if (!result.ok) return result;
    state = result.state;
    arm();
    if (acknowledge !== undefined) {
      try {
        acknowledge(result);
      } catch (error) {
        deps.logger.error({ err: error, input: input.kind }, 'acknowledging an input failed; its events are published anyway');
      }
    }
    for (const event of result.events) outbox.push({ event, at });
    drain();
    return result;
  }

  function apply(input: ModelInput): Applied {
    const result = attempt(input);
    if (!result.ok) throw ControlError.from(input.kind, result.error);
    return result;
  }

  function created(result: Applied, verb: string): CallId {
    if (result.callId === undefined) throw new Error(`${verb} created no call: a model bug`);
    return result.callId;
  }

  return {
    provision: (provisioning) => void apply({ ...provisioning, kind: 'provision' }),
    configureAcd: (options) => void apply({ ...options, kind: 'configureAcd' }),
    customerCall: (args) => created(apply({ ...args, kind: 'customerCall' }), 'customerCall'),
    internalCall: (args) => created(apply({ ...args, kind: 'internalCall' }), 'internalCall'),
    answerAtPhone: (args) => void apply({ ...args, kind: 'answerAtPhone' }),
    hangUp: (args) => void apply({ ...args, kind: 'hangUp' }),
    configureDialPlan: (settings) => void apply({ ...settings, kind: 'configureDialPlan' }),
    farEndAnswers: (args) => void apply({ ...args, kind: 'farEndAnswers' }),
    makeCall: (args) => created(apply({ ...args, kind: 'makeCall' }), 'makeCall'),
    holdAtPhone: (args) => void apply({ ...args, kind: 'holdCall' }),
    retrieveAtPhone: (args) => void apply({ ...args, kind: 'retrieveCall' }),
    consultationCall: (args) => created(apply({ ...args, kind: 'consultationCall' }), 'consultationCall'),
    transferCall: (args) => created(apply({ ...args, kind: 'transferCall' }), 'transferCall'),
    conferenceCall: (args) => created(apply({ ...args, kind: 'conferenceCall' }), 'conferenceCall'),
    singleStepTransfer: (args) => created(apply({ ...args, kind: 'singleStepTransfer' }), 'singleStepTransfer'),
    generateDigits: (args) => void apply({ ...args, kind: 'generateDigits' }),
    agentAtPhone: (args) => void apply({ ...args, kind: 'agentAtPhone' }),
    agentLogin: (args) => void apply({ ...args, kind: 'agentLogin' }),
    agentLogout: (args) => void apply({ ...args, kind: 'agentLogout' }),
    setAgentState: (args) => void apply({ ...args, kind: 'setAgentState' }),
    supervisor: (args) => void apply({ ...args, kind: 'supervisor' }),
    apply,
    attempt,
    truth: () => state,
    nextDeadline: () => nextDeadline(state),
    onModelEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    suspendTimers() {
      timersOn = false;
      arm();
    },
    resumeTimers() {
      timersOn = true;
      arm();
    },
    setFaults(plan) {
      const checked = checkFaultPlan(plan);
      if (!checked.ok) throw new ControlError('invalidFaultPlan', `setFaults refused (invalidFaultPlan): ${formatIssues(checked.issues)}`);
      faults.setPlan(structuredClone(checked.value));
    },
    clearFaults: () => faults.clear(),
    onFault: (listener) => faults.onFault(listener),
  };
}
