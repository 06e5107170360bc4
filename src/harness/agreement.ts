/**
 * "The desktop agrees with the switch": one extension's calls and agent state, once as the desktop's
 * events tell them and once as the simulator's truth holds them, in the same coarse words, so a
 * glare scenario can judge the end state whichever side won the race.
 */
import type { ModelState } from '../../simulator/index.ts';

/** A call as the CSR sees it on the desktop: ringing here, in progress (talking or dialling), or on hold. */
export type CallView = 'ringing' | 'active' | 'held';

export interface ExtensionView {
  /** False once the desktop was told its extension is no longer monitored (a CLOSED snapshot): its calls are not judged. */
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

/** Folds one extension's delivered events, in order, into what its desktop shows. */
export function desktopView(events: readonly Readonly<Record<string, unknown>>[], judgeAgent: boolean): ExtensionView {
  const calls = new Map<string, CallView>();
  let agent = 'Logout';
  let monitored = true;
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
      monitored = event['pyDeviceState'] !== 'CLOSED';
      if (!monitored) calls.clear();
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
