/**
 * "The desktop agrees with the switch": one extension's calls and agent state, once as the desktop's
 * events tell them and once as the simulator's truth holds them, in the same coarse words, so a
 * glare scenario can judge the end state whichever side won the race.
 */
import type { ModelState } from '../../simulator/index.ts';
import { desktopOf, type TraceEntry } from './trace.ts';

/** A call as the CSR sees it on the desktop: ringing here, in progress (talking or dialling), or on hold. */
export type CallView = 'ringing' | 'active' | 'held';

export interface ExtensionView {
  /**
   * False once the desktop itself ended its subscription to the extension (UnSubscribeForEvents,
   * LogoutAgent or CloseAdapter succeeded): its calls are not judged. What the adapter says (a
   * CLOSED snapshot) never excuses it: a desktop still subscribed must go on hearing its calls.
   */
  readonly monitored: boolean;
  readonly calls: Readonly<Record<string, CallView>>;
  /** Pega's agent state words: Ready, NotReady, NotReady/ACW, NotReady/BUSY, Login, Logout; absent when not judged. */
  readonly agent?: string;
}

/** What each call event makes of the call on the desktop that got it (shared with the property run's invariants). */
export const CALL_VIEW_OF_EVENT: Readonly<Record<string, CallView | 'ended'>> = {
  Offering: 'ringing',
  // Alerting is the far end ringing on a call this extension placed (decision 0003): in progress here.
  Alerting: 'active',
  Initiated: 'active',
  Connected: 'active',
  Established: 'active',
  Retrieved: 'active',
  Held: 'held',
  Disconnected: 'ended',
  Abandoned: 'ended',
};

/**
 * Folds one extension's delivered events, in order, into what its desktop shows. A snapshot sets
 * the agent state and says nothing about calls: a CLOSED one does not end them on the desktop.
 */
export function desktopView(events: readonly Readonly<Record<string, unknown>>[], judgeAgent: boolean, monitored = true): ExtensionView {
  const calls = new Map<string, CallView>();
  let agent = 'Logout';
  for (const event of events) {
    const name = String(event['pyEventName'] ?? '');
    if (event['pyEventType'] === 'CallStateEvent') {
      const id = String(event['pyCallId'] ?? '');
      const view = CALL_VIEW_OF_EVENT[name];
      if (view === 'ended') calls.delete(id);
      else if (view !== undefined) calls.set(id, view);
    } else if (event['pyEventType'] === 'AgentStateEvent') {
      agent = agentWords(name, String(event['pyWorkMode'] ?? ''));
    } else if (event['pyEventType'] === 'SnapshotEvent') {
      const state = String(event['pyAgentState'] ?? '');
      agent = state === 'Busy' ? 'NotReady/BUSY' : agentWords(state, String(event['pyWorkMode'] ?? ''));
    }
  }
  return { monitored, calls: Object.fromEntries([...calls].sort()), ...(judgeAgent ? { agent } : {}) };
}

/** What the switch holds for `extension`: its connections, and the agent logged in on it. */
export function switchView(truth: ModelState, extension: string, judgeAgent: boolean): ExtensionView {
  const calls: [string, CallView][] = [];
  for (const call of truth.calls.values()) {
    const connection = call.connections.find((c) => c.device === extension);
    if (connection === undefined) continue;
    calls.push([call.id, connection.state === 'alerting' ? 'ringing' : connection.state === 'held' ? 'held' : 'active']);
  }
  if (!judgeAgent) return { monitored: true, calls: Object.fromEntries(calls.sort()) };
  let agent = 'Logout';
  for (const candidate of truth.agents.values()) {
    const status = candidate.status;
    if (status.kind === 'loggedOut' || status.extension !== extension) continue;
    agent = { loggedIn: 'Login', ready: 'Ready', notReady: 'NotReady', afterCallWork: 'NotReady/ACW', busy: 'NotReady/BUSY' }[status.kind];
  }
  return { monitored: true, calls: Object.fromEntries(calls.sort()), agent };
}

const SUBSCRIBES = new Set(['SubscribeForEvents', 'LoginAgent']);
const ENDS_SUBSCRIPTION = new Set(['UnSubscribeForEvents', 'LogoutAgent', 'CloseAdapter']);

/**
 * Whether `desktop` still asks for the events of `extension`, by its own requests: a subscribing
 * request for it that succeeded, with no successful UnSubscribeForEvents or LogoutAgent for it, nor
 * CloseAdapter, since. A desktop's requests are answered one at a time, so each outcome answers
 * that desktop's last request.
 */
export function stillSubscribed(entries: readonly TraceEntry[], desktop: string, extension: string): boolean {
  let subscribed = false;
  let pending: { readonly activity: string; readonly forExtension: boolean } | undefined;
  for (const entry of entries) {
    if (entry.kind === 'switch' || entry.desktop !== desktop) continue;
    if (entry.kind === 'request') pending = { activity: entry.activity, forExtension: entry.page.DN === extension || entry.activity === 'CloseAdapter' };
    if (entry.kind !== 'outcome' || pending === undefined) continue;
    const ok = 'ok' in entry.result && entry.result.ok;
    if (ok && pending.forExtension && SUBSCRIBES.has(pending.activity)) subscribed = true;
    if (ok && pending.forExtension && ENDS_SUBSCRIPTION.has(pending.activity)) subscribed = false;
    pending = undefined;
  }
  return subscribed;
}

/**
 * "The desktop for `extension` agrees with the switch", in words: empty when it does. The desktop's
 * view is what its own desktop got for the extension; calls are judged while it is subscribed.
 */
export function disagreementsWith(truth: ModelState, entries: readonly TraceEntry[], extension: string, judgeAgent: boolean): string[] {
  const desktop = desktopOf(extension);
  const events = entries.flatMap((e) => (e.kind === 'delivered' && e.desktop === desktop && e.DN === extension ? [e.event] : []));
  return disagreements(desktopView(events, judgeAgent, stillSubscribed(entries, desktop, extension)), switchView(truth, extension, judgeAgent));
}

/** The differences in words, empty when the views agree. */
export function disagreements(desktop: ExtensionView, switchTruth: ExtensionView): string[] {
  const found: string[] = [];
  const judged = desktop.monitored ? new Set([...Object.keys(desktop.calls), ...Object.keys(switchTruth.calls)]) : [];
  for (const id of judged) {
    const shown = desktop.calls[id] ?? 'no call';
    const real = switchTruth.calls[id] ?? 'no call';
    if (shown !== real) found.push(`call ${id}: the desktop shows ${shown}, the switch has ${real}`);
  }
  if (desktop.agent !== switchTruth.agent) found.push(`agent: the desktop shows ${desktop.agent ?? '-'}, the switch has ${switchTruth.agent ?? '-'}`);
  return found;
}

function agentWords(name: string, workMode: string): string {
  return name === 'NotReady' && (workMode === 'ACW' || workMode === 'BUSY') ? `NotReady/${workMode}` : name;
}
