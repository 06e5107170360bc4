/**
 * The commands of the property run, one class per family (STYLE 9): `check` reads the model only,
 * `run` steps the model and acts on the system, `toString` speaks domain words. A request does not
 * wait for its answer: the answer is handed to fast-check's scheduler, which decides when the
 * sequence waits for it — before the next stimulus, after it, or only at the end — so the same
 * commands are tried in many interleavings of events and responses, reproducibly.
 */
import fc from 'fast-check';
import type { ModelInput, ModelState } from '../../simulator/index.ts';
import type { ActivityName } from '../contract/index.ts';
import { coverageCell, type CoverageCell } from './coverage.ts';
import { agentAt, callOf, connectionState, inCall, inMode, mayJoin, stepSwitch, type PropertyModel } from './model.ts';
import { describe, type CommandSpec, type FaultSpec, type RequestSpec, type StimulusSpec } from './specs.ts';
import { MAX_CALLS_PER_SEQUENCE } from './world.ts';

/** What the commands act on: the live lab, or nothing at all (the model alone). */
export interface PropertySystem {
  readonly scheduler: fc.Scheduler;
  /**
   * Each desktop's last request whose answer the scheduler has not released yet: a desktop has at
   * most one request outstanding (decision 0022), so its next request waits for this one.
   */
  readonly outstanding: Map<string, { released: boolean }>;
  /** The commands of this sequence that ran so far, in order: what a counterexample replays. */
  readonly ran: CommandSpec[];
  stimulus(spec: StimulusSpec): void;
  /** Told of each request as it runs, with the model's state before it: the run's coverage (src/properties/coverage.ts). */
  readonly reached?: (cell: CoverageCell) => void;
  /** Starts the request; resolves (never rejects) once its outcome is known. */
  request(spec: RequestSpec): Promise<void>;
  fault(spec: FaultSpec): void;
}

export type PropertyCommand = fc.AsyncCommand<PropertyModel, PropertySystem> & { readonly spec: CommandSpec };

// ---------------------------------------------------------------- stimuli

function outsideParty(model: PropertyModel, ordinal: number): string | undefined {
  return outsidePartyOf(model.switch, model.calls[ordinal - 1]);
}

/** The outside number a call reached (not its caller, not an extension). */
export function outsidePartyOf(state: ModelState, callId: string | undefined): string | undefined {
  const call = callId === undefined ? undefined : state.calls.get(callId);
  return call?.connections.find((c) => !state.extensions.has(c.device) && c.device !== call.callingDevice)?.device;
}

/**
 * The switch input a stimulus is; `idOf` turns the sequence's ordinals into the switch's call ids
 * (the model's, or the live switch's). Undefined when it names nothing there.
 */
export function stimulusInput(spec: StimulusSpec, idOf: (ordinal: number) => string | undefined, state: ModelState): ModelInput | undefined {
  const call = (ordinal: number, build: (id: string) => ModelInput): ModelInput | undefined => {
    const id = idOf(ordinal);
    return id === undefined ? undefined : build(id);
  };
  switch (spec.kind) {
    case 'customerCall':
      return { kind: 'customerCall', from: spec.from, to: spec.to === 'queue' ? { queue: 'Sales' } : { extension: spec.to } };
    case 'internalCall':
      return { kind: 'internalCall', from: spec.from, to: spec.to };
    case 'answerAtPhone':
      return call(spec.call, (id) => ({ kind: 'answerAtPhone', extension: spec.extension, call: id }));
    case 'hangUp': {
      const party = spec.party === 'farEnd' ? outsidePartyOf(state, idOf(spec.call)) : spec.party;
      return party === undefined ? undefined : call(spec.call, (id) => ({ kind: 'hangUp', call: id, party }));
    }
    case 'holdAtPhone':
      return { kind: 'holdCall', extension: spec.extension };
    case 'retrieveAtPhone':
      return { kind: 'retrieveCall', extension: spec.extension };
    case 'agentAtPhone':
      return {
        kind: 'agentAtPhone',
        agent: agentAt(spec.extension).id,
        extension: spec.extension,
        action: spec.action,
        ...(spec.reason === undefined ? {} : { reasonCode: spec.reason }),
      };
    case 'supervisor':
      return { kind: 'supervisor', agent: agentAt(spec.extension).id, action: spec.action, ...(spec.reason === undefined ? {} : { reasonCode: spec.reason }) };
    case 'farEndAnswers':
      return call(spec.call, (id) => ({ kind: 'farEndAnswers', call: id }));
  }
}

function stimulusApplies(model: PropertyModel, spec: StimulusSpec): boolean {
  switch (spec.kind) {
    case 'customerCall':
    case 'internalCall':
      return model.calls.length < MAX_CALLS_PER_SEQUENCE;
    case 'answerAtPhone':
      return connectionState(callOf(model, spec.call), spec.extension) === 'alerting';
    case 'hangUp': {
      const call = callOf(model, spec.call);
      if (spec.party === 'caller') return call !== undefined && inCall(call, call.callingDevice);
      if (spec.party === 'farEnd') return outsideParty(model, spec.call) !== undefined;
      return inCall(call, spec.party);
    }
    case 'holdAtPhone':
      return [...model.switch.calls.values()].some((c) => connectionState(c, spec.extension) === 'connected');
    case 'retrieveAtPhone':
      return [...model.switch.calls.values()].some((c) => connectionState(c, spec.extension) === 'held');
    case 'farEndAnswers': {
      const call = callOf(model, spec.call);
      return call?.connections.some((c) => c.state === 'alerting' && !model.switch.extensions.has(c.device)) ?? false;
    }
    case 'agentAtPhone':
    case 'supervisor':
      return true;
  }
}

export class StimulusCommand implements PropertyCommand {
  constructor(readonly spec: StimulusSpec) {}
  check(model: Readonly<PropertyModel>): boolean {
    return stimulusApplies(model, this.spec);
  }
  async run(model: PropertyModel, system: PropertySystem): Promise<void> {
    system.ran.push(this.spec);
    const input = stimulusInput(this.spec, (n) => model.calls[n - 1], model.switch);
    if (input !== undefined) stepSwitch(model, input);
    system.stimulus(this.spec);
  }
  toString(): string {
    return describe(this.spec);
  }
}

// ---------------------------------------------------------------- desktop requests

/** The call a request names, in the model's ids; for a blank CallID, the one the adapter must find (decision 0013), if exactly one. */
function requestCall(model: PropertyModel, spec: RequestSpec, wanted: readonly string[]): string | undefined {
  if (typeof spec.call === 'number') return model.calls[spec.call - 1];
  const here = [...model.switch.calls.values()].filter((c) => wanted.includes(connectionState(c, spec.extension) ?? ''));
  return here.length === 1 ? here[0]?.id : undefined;
}

/** What the request asks of the switch, if the model expects the adapter to pass it on. */
function requestInput(model: PropertyModel, spec: RequestSpec): ModelInput | undefined {
  const ext = spec.extension;
  const agent = agentAt(ext).id;
  const reasonCode = spec.reason === undefined ? {} : { reasonCode: spec.reason };
  const call = (states: readonly string[]): string | undefined => requestCall(model, spec, states);
  const id = (value: string | undefined, build: (id: string) => ModelInput): ModelInput | undefined => (value === undefined ? undefined : build(value));
  switch (spec.activity) {
    case 'LoginAgent':
      return model.mode === 'simple'
        ? undefined
        : { kind: 'agentLogin', agent, extension: ext, password: spec.password === 'wrong' ? 'not-the-password' : agentAt(ext).password };
    case 'LogoutAgent':
      return model.mode === 'simple' ? undefined : { kind: 'agentLogout', agent, ...reasonCode };
    case 'SetAgentReady':
      return { kind: 'setAgentState', agent, state: 'ready' };
    case 'SetAgentNotReady':
      return spec.afterCallWork === true
        ? { kind: 'setAgentState', agent, state: 'afterCallWork' }
        : { kind: 'setAgentState', agent, state: 'notReady', ...reasonCode };
    case 'AnswerCall':
      return id(call(['alerting']), (c) => ({ kind: 'answerCall', extension: ext, call: c }));
    case 'HangUpCall':
      return id(call(['initiated', 'alerting', 'connected']) ?? call(['held']), (c) => ({ kind: 'hangUp', call: c, party: ext }));
    case 'HoldCall':
      return id(call(['connected']), (c) => ({ kind: 'holdCall', extension: ext, call: c }));
    case 'RetrieveCall':
      return id(call(['held']), (c) => ({ kind: 'retrieveCall', extension: ext, call: c }));
    case 'MakeCall':
      return spec.destination === undefined ? undefined : { kind: 'makeCall', from: ext, to: spec.destination };
    case 'SendDTMF':
      return id(call(['connected']), (c) => ({ kind: 'generateDigits', extension: ext, call: c, digits: spec.digits ?? '1' }));
    case 'ConsultationCall':
    case 'ConferenceInitiate':
    case 'TransferInitiate':
      return spec.destination === undefined
        ? undefined
        : id(call(['connected']), (c) => ({ kind: 'consultationCall', extension: ext, call: c, to: spec.destination ?? '' }));
    case 'TransferComplete':
    case 'ConferenceComplete': {
      const held = spec.held === undefined ? undefined : model.calls[spec.held - 1];
      const active = call(['initiated', 'alerting', 'connected']);
      if (held === undefined || active === undefined) return undefined;
      return { kind: spec.activity === 'TransferComplete' ? 'transferCall' : 'conferenceCall', extension: ext, heldCall: held, activeCall: active };
    }
    case 'DropParty':
      return spec.destination === undefined ? undefined : id(call(['connected']), (c) => ({ kind: 'hangUp', call: c, party: spec.destination ?? '' }));
    case 'BlindTransfer':
      return spec.destination === undefined
        ? undefined
        : id(call(['connected']), (c) => ({ kind: 'singleStepTransfer', extension: ext, call: c, to: spec.destination ?? '' }));
    case 'OpenAdapter':
    case 'CloseAdapter':
    case 'SubscribeForEvents':
    case 'UnSubscribeForEvents':
      return undefined;
  }
}

const CREATES_CALL: readonly ActivityName[] = ['MakeCall', 'ConsultationCall', 'ConferenceInitiate', 'TransferInitiate'];
/** Requests whose destination joins the call they name (or, for a complete, the held call). */
const JOINS: readonly ActivityName[] = ['ConsultationCall', 'ConferenceInitiate', 'TransferInitiate', 'BlindTransfer'];

function requestApplies(model: PropertyModel, spec: RequestSpec): boolean {
  const born = model.calls.length;
  if (typeof spec.call === 'number' && spec.call > born) return false;
  if (spec.held !== undefined && spec.held > born) return false;
  if (!inMode(model.mode, spec.activity)) return true;
  if (CREATES_CALL.includes(spec.activity) && born >= MAX_CALLS_PER_SEQUENCE) return false;
  if (JOINS.includes(spec.activity) && spec.destination !== undefined) {
    const named = typeof spec.call === 'number' ? model.calls[spec.call - 1] : undefined;
    if (!mayJoin(model, named, spec.destination)) return false;
  }
  if ((spec.activity === 'TransferComplete' || spec.activity === 'ConferenceComplete') && spec.held !== undefined) {
    // The consulted party joins the held call: it must never have been in it.
    const consult = typeof spec.call === 'number' ? callOf(model, spec.call) : undefined;
    const held = model.calls[spec.held - 1];
    if (consult?.connections.some((c) => c.device !== spec.extension && !mayJoin(model, held, c.device)) === true) return false;
  }
  return true;
}

function updateDesktops(model: PropertyModel, spec: RequestSpec, accepted: boolean): void {
  const ext = spec.extension;
  const desktop = model.desktops[ext];
  switch (spec.activity) {
    case 'OpenAdapter':
      model.desktops[ext] = { ...desktop, open: true };
      return;
    case 'CloseAdapter':
      model.desktops[ext] = { open: false, subscribed: false };
      return;
    case 'SubscribeForEvents':
      model.desktops[ext] = { open: true, subscribed: true };
      return;
    case 'UnSubscribeForEvents':
      model.desktops[ext] = { ...desktop, subscribed: false };
      return;
    case 'LoginAgent':
      if (accepted) model.desktops[ext] = { open: true, subscribed: true };
      return;
    case 'LogoutAgent':
      if (accepted) model.desktops[ext] = { open: false, subscribed: false };
      return;
    default:
      return;
  }
}

export class RequestCommand implements PropertyCommand {
  constructor(readonly spec: RequestSpec) {}
  check(model: Readonly<PropertyModel>): boolean {
    return requestApplies(model, this.spec);
  }
  async run(model: PropertyModel, system: PropertySystem): Promise<void> {
    system.ran.push(this.spec);
    system.reached?.(coverageCell(model, this.spec));
    // One request outstanding per desktop (decision 0022): a request waits, still in the scheduler's order, for its desktop's previous answer.
    while (system.outstanding.get(this.spec.extension)?.released === false) await system.scheduler.waitOne();
    if (inMode(model.mode, this.spec.activity)) {
      // Call control and agent requests need the adapter's link: a closed desktop's requests change nothing.
      const needsLink = !['OpenAdapter', 'CloseAdapter', 'SubscribeForEvents', 'UnSubscribeForEvents', 'LoginAgent', 'LogoutAgent'].includes(
        this.spec.activity,
      );
      const input = needsLink && !model.desktops[this.spec.extension].open ? undefined : requestInput(model, this.spec);
      const stepped =
        input === undefined ? { ok: model.mode === 'simple' || !['LoginAgent', 'LogoutAgent'].includes(this.spec.activity) } : stepSwitch(model, input);
      updateDesktops(model, this.spec, stepped.ok);
    }
    // The answer is the scheduler's to release: the sequence goes on without it until then.
    const answer = { released: false };
    system.outstanding.set(this.spec.extension, answer);
    void system.scheduler.schedule(system.request(this.spec), `answer to: ${describe(this.spec)}`, undefined, (release) => {
      answer.released = true;
      return release();
    });
  }
  toString(): string {
    return describe(this.spec);
  }
}

// ---------------------------------------------------------------- faults

export class FaultCommand implements PropertyCommand {
  constructor(readonly spec: FaultSpec) {}
  check(): boolean {
    return true;
  }
  async run(model: PropertyModel, system: PropertySystem): Promise<void> {
    system.ran.push(this.spec);
    model.armed[this.spec.extension] = this.spec.fault;
    system.fault(this.spec);
  }
  toString(): string {
    return describe(this.spec);
  }
}
