/**
 * The model of the property run: the world as the sequence's commands make it, if every request
 * reached the switch in the order it was made. It is the simulator's pure switch model (the
 * switch's rules, not the adapter's) stepped with the stimuli and with the requests the model
 * expects an adapter to pass on, plus what each desktop has asked for. It decides which commands
 * make sense (`check`) and is all the "model alone" benchmark runs; it never looks at the real
 * system, so the same seed always selects the same commands.
 *
 * `shownAt` is the other half: what Pega should see of a call, given the switch's truth and the
 * claimed mode (decisions 0003, 0005, 0013) — the projection the quiet check compares desktops with.
 */
import { emptyState } from '../../simulator/model/state.ts';
import { step } from '../../simulator/model/step.ts';
import type { ModelEvent, ModelInput, ModelState } from '../../simulator/index.ts';
import type { Call, CallId } from '../../simulator/model/types.ts';
import { ACTIVITIES, modeIncludes, type ActivityName, type TelephonyMode } from '../contract/index.ts';
import type { FaultKind } from './specs.ts';
import { AGENTS, EXTENSIONS, provisioning, type Extension } from './world.ts';

export interface DesktopModel {
  readonly open: boolean;
  readonly subscribed: boolean;
}

export interface PropertyModel {
  readonly mode: TelephonyMode;
  /** The switch as the model steps it (ids C1, C2, … of the model's own counting). */
  switch: ModelState;
  desktops: Record<Extension, DesktopModel>;
  /** The calls born in this sequence, in order of birth: commands name them by ordinal (1 = first). */
  readonly calls: CallId[];
  /** Every device that ever had a connection in each call: a call never comes back to an extension (see `mayJoin`). */
  readonly visited: Map<CallId, Set<string>>;
  /** Counts the model's steps: the pure model's clock (nothing in the world is timed). */
  ticks: number;
  /** The link fault last armed on each extension in this sequence: what the run's coverage counts requests under (never read by `check`). */
  readonly armed: Partial<Record<Extension, FaultKind>>;
}

/** The baseline every sequence starts from: both desktops open and subscribed, no call, every agent logged out. */
export function initialModel(mode: TelephonyMode): PropertyModel {
  const provisioned = step(emptyState(), { kind: 'provision', ...provisioning() }, 0);
  if (!provisioned.ok) throw new Error(`the property world does not provision: ${provisioned.error.message}`);
  const desktops = Object.fromEntries(EXTENSIONS.map((e) => [e, { open: true, subscribed: true }])) as Record<Extension, DesktopModel>;
  return { mode, switch: provisioned.state, desktops, calls: [], visited: new Map(), ticks: 0, armed: {} };
}

/** Steps the model's switch; a refusal changes nothing (the real switch refuses it too, or the adapter never sends it). */
export function stepSwitch(model: PropertyModel, input: ModelInput): { readonly ok: boolean; readonly events: readonly ModelEvent[] } {
  const result = step(model.switch, input, ++model.ticks);
  if (!result.ok) return { ok: false, events: [] };
  model.switch = result.state;
  for (const call of result.state.calls.values()) {
    if (!model.calls.includes(call.id)) model.calls.push(call.id);
    const seen = model.visited.get(call.id) ?? new Set<string>();
    for (const c of call.connections) seen.add(c.device);
    model.visited.set(call.id, seen);
  }
  return { ok: true, events: result.events };
}

/** The model's id of the call with this ordinal (1-based), if born. */
export function callOf(model: PropertyModel, ordinal: number): Call | undefined {
  const id = model.calls[ordinal - 1];
  return id === undefined ? undefined : model.switch.calls.get(id);
}

/** True when the call exists and `device` is in it (in any state). */
export function inCall(call: Call | undefined, device: string): boolean {
  return call?.connections.some((c) => c.device === device) ?? false;
}

export function connectionState(call: Call | undefined, device: string): string | undefined {
  return call?.connections.find((c) => c.device === device)?.state;
}

/**
 * A call may reach an extension only if it never had a connection there. A call that comes back
 * (transferred away and back) legitimately starts a second life on that desktop after its terminal
 * event; the generator avoids it so "nothing after the terminal event" stays a plain rule.
 */
export function mayJoin(model: PropertyModel, callId: CallId | undefined, extension: string): boolean {
  return callId === undefined || !(model.visited.get(callId)?.has(extension) ?? false);
}

/** True when the activity belongs to the claimed mode (else it must be refused with OPENCTI_HTTP_ERROR_405). */
export function inMode(mode: TelephonyMode, activity: ActivityName): boolean {
  return modeIncludes(mode, ACTIVITIES[activity].mode);
}

/** The agent working at an extension. */
export function agentAt(extension: Extension): { readonly id: string; readonly password: string } {
  return AGENTS[extension];
}

// ---------------------------------------------------------------- what Pega should see

/** What a desktop shows of a call: ringing here, in progress (talking or dialling), held; or nothing yet. */
export type Shown = 'ringing' | 'active' | 'held' | 'unseen';

/**
 * What the desktop of `extension` should show of `call` in the claimed mode, from the switch's
 * truth; undefined when the extension is not in the call. Below Full telephony the desktop hears
 * only Offering, Established and the end (decision 0005): a held call still reads as in progress,
 * and a call this extension placed is unseen until it is answered.
 */
export function shownAt(call: Call, extension: string, mode: TelephonyMode): Shown | undefined {
  const connection = call.connections.find((c) => c.device === extension);
  if (connection === undefined) return undefined;
  if (connection.state === 'alerting') return 'ringing';
  if (mode === 'full') return connection.state === 'held' ? 'held' : 'active';
  return call.phase === 'connected' ? 'active' : 'unseen';
}

/**
 * True when a switch event means the desktop of `extension` must hear of the call in this mode:
 * it rang there, or was answered with it in the call; in Full telephony any call event does.
 */
export function makesCallVisible(event: Readonly<Record<string, unknown>>, extension: string, mode: TelephonyMode): boolean {
  const devices = event['devices'];
  if (!Array.isArray(devices) || !devices.includes(extension) || typeof event['callId'] !== 'string') return false;
  const name = event['name'];
  if (mode === 'full') return ['Delivered', 'Established', 'Originated', 'Held', 'Retrieved', 'Transferred', 'Conferenced'].includes(String(name));
  return (name === 'Delivered' && event['alertingDevice'] === extension) || name === 'Established';
}
