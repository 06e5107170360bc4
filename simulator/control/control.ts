/**
 * The control API: the verbs scripts and the test harness use to make things happen on the switch.
 * Every verb goes through `apply`, the one place that steps the model and publishes its events
 * (to the server, then to model-event listeners), in model order.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { emptyState } from '../model/state.ts';
import { step } from '../model/step.ts';
import type { Applied, CallId, InputOf, ModelEvent, ModelInput, ModelInputKind, ModelState, Provisioning } from '../model/types.ts';
import { ControlError } from './control-error.ts';

export type VerbArgs<K extends ModelInputKind> = Omit<InputOf<K>, 'kind'>;
export type ModelEventListener = (event: ModelEvent, at: number) => void;

export interface Control {
  provision(provisioning: Provisioning): void;
  /** Returns the new call's id. */
  customerCall(args: VerbArgs<'customerCall'>): CallId;
  /** Returns the new call's id. */
  internalCall(args: VerbArgs<'internalCall'>): CallId;
  answerAtPhone(args: VerbArgs<'answerAtPhone'>): void;
  hangUp(args: VerbArgs<'hangUp'>): void;
  agentAtPhone(args: VerbArgs<'agentAtPhone'>): void;
  /** Steps the model with any input and publishes its events; throws ControlError when refused. */
  apply(input: ModelInput): Applied;
  /** The switch's current state (immutable: later inputs never change a returned state). */
  truth(): ModelState;
  /** Hears every model event with the clock time it happened; returns the unsubscribe function. */
  onModelEvent(listener: ModelEventListener): () => void;
}

export interface ControlDeps {
  readonly clock: Clock;
  /** Hands events to the server's monitors. */
  readonly publish: (event: ModelEvent) => void;
  readonly logger: Logger;
}

export function createControl(deps: ControlDeps): Control {
  let state = emptyState();
  const listeners = new Set<ModelEventListener>();
  const outbox: { event: ModelEvent; at: number }[] = [];
  let draining = false;

  // A listener may call a verb; its events queue behind the current ones so order stays model order.
  function drain(): void {
    if (draining) return;
    draining = true;
    try {
      for (let next = outbox.shift(); next !== undefined; next = outbox.shift()) {
        const { event, at } = next;
        guarded(() => deps.publish(event), event, 'publishing to monitors failed');
        for (const listener of [...listeners]) guarded(() => listener(event, at), event, 'a model-event listener threw');
      }
    } finally {
      draining = false;
    }
  }

  // One faulty consumer must not stop the others hearing the switch.
  function guarded(fn: () => void, event: ModelEvent, what: string): void {
    try {
      fn();
    } catch (error) {
      deps.logger.error({ err: error, event: event.name }, `${what}; ignored`);
    }
  }

  function apply(input: ModelInput): Applied {
    const at = deps.clock.now();
    const result = step(state, input, at);
    if (!result.ok) throw ControlError.from(input.kind, result.error);
    state = result.state;
    for (const event of result.events) outbox.push({ event, at });
    drain();
    return result;
  }

  function created(result: Applied, verb: string): CallId {
    if (result.callId === undefined) throw new Error(`${verb} created no call: a model bug`);
    return result.callId;
  }

  return {
    provision: (provisioning) => void apply({ ...provisioning, kind: 'provision' }),
    customerCall: (args) => created(apply({ ...args, kind: 'customerCall' }), 'customerCall'),
    internalCall: (args) => created(apply({ ...args, kind: 'internalCall' }), 'internalCall'),
    answerAtPhone: (args) => void apply({ ...args, kind: 'answerAtPhone' }),
    hangUp: (args) => void apply({ ...args, kind: 'hangUp' }),
    agentAtPhone: (args) => void apply({ ...args, kind: 'agentAtPhone' }),
    apply,
    truth: () => state,
    onModelEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
