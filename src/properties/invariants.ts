/**
 * The invariants of the property run, each the proof of one requirement of the catalogue
 * (OCTI-PROP-*). Safety invariants hold of every prefix of a trace, so they are checked while the
 * sequence runs and stop it at the first violation; the quiet agreement (OCTI-PROP-009) and "every
 * request answered" (OCTI-PROP-005) are judged once the system is quiet.
 */
import type { ModelState } from '../../simulator/index.ts';
import { CALL_EVENT_NAMES, PROPERTY_REQUIREMENTS, type TelephonyMode } from '../contract/index.ts';
import { CALL_VIEW_OF_EVENT, desktopView, switchView, type CallView } from '../harness/agreement.ts';
import type { TraceEntry } from '../harness/trace.ts';
import { inMode, makesCallVisible, shownAt, type Shown } from './model.ts';
import { isOk, type RequestRecord, type SequenceRecord } from './record.ts';

export const PROPERTY_IDS = ['OCTI-PROP-001', 'OCTI-PROP-002', 'OCTI-PROP-003', 'OCTI-PROP-004', 'OCTI-PROP-005', 'OCTI-PROP-006', 'OCTI-PROP-007', 'OCTI-PROP-008', 'OCTI-PROP-009'] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];

export interface Violation {
  readonly id: PropertyId;
  readonly message: string;
  /** Where it showed, when it is about one desktop (its extension) and one call (the switch's id). */
  readonly extension?: string;
  readonly callId?: string;
  /** The request that broke it (OCTI-PROP-005, OCTI-PROP-007). */
  readonly activity?: string;
}

/** One invariant violated by a sequence: fast-check's failure, carrying which requirement it breaks. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  readonly violation: Violation;
  constructor(violation: Violation) {
    super(`${violation.id}: ${violation.message}`);
    this.violation = violation;
  }
}

/** The invariants that apply to a claimed mode, with their statements from the catalogue. */
export function propertiesFor(mode: TelephonyMode): { readonly id: PropertyId; readonly statement: string }[] {
  return PROPERTY_IDS.flatMap((id) => {
    const requirement = PROPERTY_REQUIREMENTS.find((r) => r.id === id);
    if (requirement === undefined) throw new Error(`${id} is not in the requirement catalogue`);
    return requirement.mode === 'agent-state' && mode === 'simple' ? [] : [{ id, statement: requirement.statement }];
  });
}

type Delivered = Extract<TraceEntry, { kind: 'delivered' }>;
type SwitchEntry = Extract<TraceEntry, { kind: 'switch' }>;

const TERMINAL = new Set(['Disconnected', 'Abandoned']);
const NOTIFICATIONS = new Set(['Offering', 'Established', 'Disconnected', 'Abandoned']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function deliveries(entries: readonly TraceEntry[]): { entry: Delivered; index: number }[] {
  const out: { entry: Delivered; index: number }[] = [];
  entries.forEach((entry, index) => {
    if (entry.kind === 'delivered') out.push({ entry, index });
  });
  return out;
}

function switchEvents(entries: readonly TraceEntry[]): { event: SwitchEntry['event']; index: number }[] {
  const out: { event: SwitchEntry['event']; index: number }[] = [];
  entries.forEach((entry, index) => {
    if (entry.kind === 'switch') out.push({ event: entry.event, index });
  });
  return out;
}

function where(d: Delivered, index: number): string {
  return `${d.desktop} (DN ${d.DN || '-'}, trace entry #${index})`;
}

function said(d: Delivered): string {
  const e = d.event;
  const name = text(e['pyEventName']) || text(e['pyEventType']) || 'an event';
  const call = text(e['pyCallId']);
  return call === '' ? name : `${name} for ${call}`;
}

/**
 * Where the switch put `device` back into `callId` after it had left it (a transfer back, a second
 * conference): the call's second life there. Deliveries from that entry on are not judged against
 * its first life's terminal event. Infinity when it never came back.
 */
function secondLifeAt(switchLog: ReturnType<typeof switchEvents>, device: string, callId: string): number {
  let left = false;
  for (const { event, index } of switchLog) {
    if (event['callId'] !== callId) continue;
    const name = event['name'];
    if ((name === 'ConnectionCleared' && event['releasingDevice'] === device) || (name === 'Transferred' && event['transferringDevice'] === device)) left = true;
    const joins =
      (name === 'Delivered' && event['alertingDevice'] === device) ||
      (name === 'Established' && event['answeringDevice'] === device) ||
      (name === 'Conferenced' && event['addedParty'] === device) ||
      (name === 'Transferred' && event['transferredToDevice'] === device);
    if (left && joins) return index;
  }
  return Number.POSITIVE_INFINITY;
}

// ---------------------------------------------------------------- subscription windows

interface Window {
  /** From here events may legitimately arrive (the subscribing request was made). */
  readonly loose: number;
  /** From here the subscription is certain (the subscribing request answered); agreement is judged from here. Infinity: never certain. */
  readonly sure: number;
  /** Until here events may arrive (the unsubscribing request's answer); Infinity while open. */
  looseEnd: number;
  /** Until here the subscription is certain (the unsubscribing request was made). */
  sureEnd: number;
  /** Opened by LoginAgent (a snapshot told the desktop the agent's state) or with every agent logged out (the baseline). */
  readonly agentKnown: boolean;
  /** Only the SnapshotEvent that answers a LoginAgent or LogoutAgent may arrive in this window. */
  readonly snapshotOnly?: true;
}

const OPENS = new Set(['SubscribeForEvents', 'LoginAgent']);
const CLOSES = new Set(['UnSubscribeForEvents', 'LogoutAgent', 'CloseAdapter']);
const OPEN_ENDED = Number.POSITIVE_INFINITY;

function windowsOf(record: SequenceRecord, desktop: string, extension: string): Window[] {
  const windows: Window[] = record.subscribedAtStart.has(desktop) ? [{ loose: 0, sure: 0, looseEnd: OPEN_ENDED, sureEnd: OPEN_ENDED, agentKnown: true }] : [];
  const mine = record.requests.filter((r) => r.desktop === desktop).sort((a, b) => a.entry - b.entry);
  for (const request of mine) {
    const about = request.activity === 'CloseAdapter' || request.page.DN === extension;
    if (!about) continue;
    const answered = request.outcomeEntry ?? OPEN_ENDED;
    const open = windows.find((w) => w.looseEnd === OPEN_ENDED && w.snapshotOnly !== true);
    if (request.activity === 'LoginAgent' || request.activity === 'LogoutAgent') {
      // Decision 0010: the snapshot that answers the request is the desktop's, whatever its subscription.
      windows.push({ loose: request.entry, sure: OPEN_ENDED, looseEnd: answered, sureEnd: request.entry, agentKnown: false, snapshotOnly: true });
    }
    if (OPENS.has(request.activity)) {
      if (isOk(request)) {
        if (open === undefined || open.sureEnd !== OPEN_ENDED) {
          windows.push({ loose: request.entry, sure: answered, looseEnd: OPEN_ENDED, sureEnd: OPEN_ENDED, agentKnown: request.activity === 'LoginAgent' || request.baseline });
        }
      } else if (open === undefined) {
        // Refused: the subscription it started meanwhile ends with the answer (decision 0010); no answer: it may go on.
        windows.push({ loose: request.entry, sure: OPEN_ENDED, looseEnd: request.outcome?.kind === 'result' ? answered : OPEN_ENDED, sureEnd: request.entry, agentKnown: false });
      }
    } else if (CLOSES.has(request.activity) && open !== undefined) {
      if (isOk(request)) {
        open.looseEnd = answered;
        open.sureEnd = Math.min(open.sureEnd, request.entry);
      } else if (request.outcome?.kind !== 'result') {
        // No answer: the subscription may or may not have ended.
        open.sureEnd = Math.min(open.sureEnd, request.entry);
      }
    }
  }
  return windows;
}

/** The switch events a Pega event can come from (decisions 0003, 0010, 0013). */
const CAUSES: Readonly<Record<string, readonly string[]>> = {
  Offering: ['Delivered'],
  Alerting: ['Delivered'],
  Initiated: ['Originated'],
  Established: ['Established', 'Transferred', 'Conferenced'],
  Held: ['Held'],
  Retrieved: ['Retrieved', 'Conferenced', 'Transferred'],
  Disconnected: ['ConnectionCleared', 'CallCleared', 'Failed', 'Transferred', 'Conferenced'],
  Abandoned: ['ConnectionCleared', 'CallCleared'],
  PartyInfo: ['Transferred', 'Conferenced', 'ConnectionCleared'],
};

/**
 * Over HTTP each event is a POST of its own: one the adapter sent while still subscribed can arrive
 * after the unsubscribing request's answer. It is not new when a switch event it can come from
 * reached the extension within [from, until): while the subscription held. A snapshot can come
 * from the link dropping (decision 0014: the desktop hears the link is down) at `linkDrop`.
 */
function causedWhileSubscribed(d: { entry: Delivered; index: number }, switchLog: ReturnType<typeof switchEvents>, linkDrop: number | undefined, from: number, until: number): boolean {
  const event = d.entry.event;
  // `linkDrop` is the trace's length then: the index of the entry that came next.
  if (event['pyEventType'] === 'SnapshotEvent') return linkDrop !== undefined && linkDrop > from && linkDrop <= until;
  const call = text(event['pyCallId']);
  const agent = event['pyEventType'] === 'AgentStateEvent';
  const causes = agent ? null : CAUSES[text(event['pyEventName'])];
  if (!agent && (call === '' || causes === undefined)) return false;
  return switchLog.some(
    (s) =>
      s.index >= from &&
      s.index < until &&
      Array.isArray(s.event['devices']) &&
      (s.event['devices'] as unknown[]).includes(d.entry.DN) &&
      (agent ? String(s.event['name']).startsWith('Agent') : s.event['callId'] === call && (causes ?? []).includes(String(s.event['name']))),
  );
}

// ---------------------------------------------------------------- safety

/** Every safety invariant over the trace as it stands; the first violation of each kind. */
export function safetyViolations(record: SequenceRecord): Violation[] {
  const found: Violation[] = [];
  const entries = record.entries;
  const delivered = deliveries(entries);
  const switchLog = switchEvents(entries);
  const mode = record.mode;

  // Per desktop, extension and call: terminal, Offering count, call type, Held before Retrieved.
  const perCall = new Map<string, { entry: Delivered; index: number }[]>();
  for (const d of delivered) {
    const call = text(d.entry.event['pyCallId']);
    if (call === '') continue;
    const key = JSON.stringify([d.entry.desktop, d.entry.DN, call]);
    const list = perCall.get(key) ?? [];
    list.push(d);
    perCall.set(key, list);
  }
  for (const [key, list] of perCall) {
    const [desktop, DN, call] = JSON.parse(key) as [string, string, string];
    const cutoff = secondLifeAt(switchLog, DN, call);
    const life = list.filter((d) => d.index < cutoff);
    // A new subscription (after an unsubscribe) is a new screen: a call still ringing may pop on it again.
    const subscriptions = windowsOf(record, desktop, DN)
      .filter((w) => w.snapshotOnly !== true)
      .map((w) => w.loose);
    let terminal: { entry: Delivered; index: number } | undefined;
    let offerings = 0;
    let lastOffering = -1;
    let callType: string | undefined;
    let holding = false;
    for (const d of life) {
      const event = d.entry.event;
      const name = text(event['pyEventName']);
      if (terminal !== undefined) {
        found.push({ id: 'OCTI-PROP-001', extension: DN, callId: call, message: `${where(d.entry, d.index)} got ${said(d.entry)} after the terminal ${said(terminal.entry)} (trace entry #${terminal.index}): nothing may follow a call's terminal event` });
        break;
      }
      if (event['pyEventType'] !== 'CallStateEvent') continue;
      if (TERMINAL.has(name)) terminal = d;
      if (name === 'Offering') {
        if (subscriptions.some((start) => start > lastOffering && start <= d.index)) offerings = 0;
        lastOffering = d.index;
        if (++offerings === 2) found.push({ id: 'OCTI-PROP-006', extension: DN, callId: call, message: `${where(d.entry, d.index)} got a second Offering for ${call} within one subscription: at most one per call` });
      }
      const type = text(event['pyCallType']);
      if (callType === undefined) callType = type;
      else if (type !== callType) found.push({ id: 'OCTI-PROP-003', extension: DN, callId: call, message: `${where(d.entry, d.index)} got ${name} for ${call} with pyCallType ${JSON.stringify(type)}, but the call was ${JSON.stringify(callType)} before: a call's type never changes` });
      if (name === 'Held') holding = true;
      if (name === 'Retrieved') {
        if (!holding) found.push({ id: 'OCTI-PROP-002', extension: DN, callId: call, message: `${where(d.entry, d.index)} got Retrieved for ${call} without a Held before it (since the last Retrieved)` });
        holding = false;
      }
    }
  }

  // Subscriptions.
  for (const { name, extension } of record.desktops) {
    const windows = windowsOf(record, name, extension);
    for (const d of delivered.filter((x) => x.entry.desktop === name)) {
      const snapshot = d.entry.event['pyEventType'] === 'SnapshotEvent';
      const inWindow =
        d.entry.DN === extension &&
        windows.some((w) => w.loose <= d.index && (d.index < w.looseEnd || (!record.answersOrderedWithEvents && causedWhileSubscribed(d, switchLog, record.linkLost.get(name), w.loose, w.looseEnd))) && (w.snapshotOnly !== true || snapshot));
      if (!inWindow) {
        found.push({ id: 'OCTI-PROP-004', extension, ...(text(d.entry.event['pyCallId']) === '' ? {} : { callId: text(d.entry.event['pyCallId']) }), message: `${where(d.entry, d.index)} got ${said(d.entry)}, but that desktop ${d.entry.DN === extension ? 'was not subscribed to' : 'never subscribed to'} ${d.entry.DN || '(no DN)'} then` });
        break;
      }
    }
  }

  // Mode filtering: events.
  for (const d of delivered) {
    const type = text(d.entry.event['pyEventType']);
    const name = text(d.entry.event['pyEventName']);
    const wrong =
      (mode === 'simple' && type === 'AgentStateEvent') ||
      (mode !== 'full' && type === 'PartyInfoEvent') ||
      (mode !== 'full' && type === 'CallStateEvent' && (CALL_EVENT_NAMES as readonly string[]).includes(name) && !NOTIFICATIONS.has(name));
    if (wrong) {
      found.push({ id: 'OCTI-PROP-007', extension: d.entry.DN, message: `${where(d.entry, d.index)} got ${said(d.entry)} (${type}), which ${mode} telephony does not show` });
      break;
    }
  }
  // Mode filtering: requests.
  for (const request of record.requests) {
    const outcome = request.outcome;
    if (outcome?.kind !== 'result') continue;
    const refusedForMode = !outcome.result.ok && outcome.result.errCode === 'OPENCTI_HTTP_ERROR_405';
    const expected = !inMode(mode, request.activity);
    if (expected !== refusedForMode) {
      const got = outcome.result.ok ? 'succeeded' : `failed with ${outcome.result.errCode}`;
      found.push({
        id: 'OCTI-PROP-007',
        extension: request.extension,
        activity: request.activity,
        message: expected
          ? `${request.activity} on ${request.desktop} ${got}, but ${mode} telephony must refuse it with OPENCTI_HTTP_ERROR_405`
          : `${request.activity} on ${request.desktop} failed with OPENCTI_HTTP_ERROR_405, but it belongs to ${mode} telephony`,
      });
      break;
    }
  }

  // Agent state transitions.
  if (mode !== 'simple') {
    for (const { name, extension } of record.desktops) {
      const resets = windowsOf(record, name, extension).filter((w) => w.snapshotOnly !== true).map((w) => w.loose);
      const problem = agentTransitionProblem(delivered.filter((d) => d.entry.desktop === name), resets);
      if (problem !== null) found.push({ id: 'OCTI-PROP-008', extension, message: problem });
    }
  }

  // Outcomes that are not results (hangs are judged once quiet).
  const broken = record.requests.find((r) => r.outcome?.kind === 'threw');
  if (broken?.outcome?.kind === 'threw') found.push({ id: 'OCTI-PROP-005', extension: broken.extension, activity: broken.activity, message: `${broken.activity} on ${broken.desktop} did not answer with a result of the contract: ${broken.outcome.message}` });
  return found;
}

const NEXT: Readonly<Record<string, readonly string[]>> = {
  Logout: ['Login'],
  Login: ['Ready', 'NotReady', 'Logout'],
  Ready: ['NotReady', 'Logout'],
  NotReady: ['Ready', 'NotReady', 'Logout'],
};

/** `resets`: where a new subscription began after a gap, in which events may have been missed: the state is unknown again. */
function agentTransitionProblem(list: readonly { entry: Delivered; index: number }[], resets: readonly number[]): string | null {
  let state: string | undefined;
  let detail = '';
  let since = '';
  let last = -1;
  for (const { entry, index } of list) {
    if (resets.some((r) => r > last && r <= index)) state = undefined;
    last = index;
    const event = entry.event;
    if (event['pyEventType'] === 'SnapshotEvent') {
      const s = text(event['pyAgentState']);
      state = s === 'Busy' ? 'NotReady' : s in NEXT ? s : undefined;
      detail = s === 'Busy' ? '/BUSY' : `${text(event['pyReasonCode'])}/${text(event['pyWorkMode'])}`;
      since = `a Snapshot saying ${s} (trace entry #${index})`;
      continue;
    }
    if (event['pyEventType'] !== 'AgentStateEvent') continue;
    const name = text(event['pyEventName']);
    const nextDetail = `${text(event['pyReasonCode'])}/${text(event['pyWorkMode'])}`;
    if (state !== undefined && name in NEXT) {
      const allowed = NEXT[state] ?? [];
      const same = name === 'NotReady' && state === 'NotReady' && nextDetail === detail;
      if (!allowed.includes(name) || same) {
        const shown = (n: string, d: string): string => (n === 'NotReady' ? `NotReady (reason/work mode ${d})` : n);
        return `${where(entry, index)} got agent state ${shown(name, nextDetail)} while the desktop had the agent ${shown(state, detail)} since ${since}: ${state} may only become ${allowed.join(', ')}${state === 'NotReady' ? ' (Not Ready again only with another reason or work mode)' : ''}`;
      }
    }
    state = name in NEXT ? name : undefined;
    detail = nextDetail;
    since = `an AgentStateEvent ${name} (trace entry #${index})`;
  }
  return null;
}

// ---------------------------------------------------------------- once quiet

/** Requests still without an outcome. */
export function unanswered(record: SequenceRecord): RequestRecord[] {
  return record.requests.filter((r) => r.outcome === undefined || r.outcome.kind === 'timeout');
}

/**
 * How each subscribed desktop's view differs from what Pega should see given the switch's truth:
 * empty when they agree. Also the condition of quiet: while a call the desktop was shown has
 * ended at the switch but not on the desktop, or agent events are still missing, it is not quiet.
 */
export function disagreementsWithTruth(record: SequenceRecord, truth: ModelState): string[] {
  const out: string[] = [];
  const delivered = deliveries(record.entries);
  const switchLog = switchEvents(record.entries);
  for (const { name, extension } of record.desktops) {
    const window = windowsOf(record, name, extension).find((w) => w.sure !== OPEN_ENDED && w.sureEnd === OPEN_ENDED && w.looseEnd === OPEN_ENDED);
    if (window === undefined) continue;
    const mine = delivered.filter((d) => d.entry.desktop === name && d.entry.DN === extension && d.index >= window.loose).map((d) => d.entry.event);
    const down = linkDownSince(record, name, extension, window.loose);
    if (down !== null) {
      // Still subscribed, last told the link is down: the adapter owes the desktop its link back.
      out.push(`${name}: the desktop was told the CTI link is down (a DISCONNECTED snapshot, trace entry #${down}) and never that it came back, though the CTI server is up`);
      continue;
    }
    // Judged while the desktop's subscription is open, whatever the adapter says: a CLOSED snapshot does not excuse it.
    const view = desktopView(mine, true);
    const shown = foldCalls(mine);
    const routedHere = switchLog.filter((s) => Array.isArray(s.event['devices']) && (s.event['devices'] as unknown[]).includes(extension) && typeof s.event['callId'] === 'string');
    const firstSeen = new Map<string, number>();
    for (const s of routedHere) if (!firstSeen.has(String(s.event['callId']))) firstSeen.set(String(s.event['callId']), s.index);
    const tracked = [...firstSeen].filter(([, index]) => index >= window.sure).map(([id]) => id);
    const lossy = record.linkLost.has(name);
    for (const id of tracked) {
      const call = truth.calls.get(id);
      const expected: Shown | 'ended' | undefined = call === undefined ? undefined : shownAt(call, extension, record.mode);
      const onDesktop = shown.get(id);
      if (expected === 'unseen') continue;
      if (expected !== undefined) {
        if (onDesktop !== expected) out.push(`${name}: call ${id} shows ${onDesktop ?? 'nothing'}, but the switch has it ${expected} at ${extension}`);
        continue;
      }
      // Gone from the extension at the switch.
      if (onDesktop === 'ringing' || onDesktop === 'active' || onDesktop === 'held') {
        out.push(`${name}: call ${id} still shows ${onDesktop}, but it is no longer at ${extension} on the switch`);
      } else if (onDesktop === undefined && !lossy && routedHere.some((s) => s.event['callId'] === id && s.index >= window.sure && makesCallVisible(s.event, extension, record.mode))) {
        out.push(`${name}: call ${id} was at ${extension} and has ended there, but the desktop got neither its events nor its end`);
      }
    }
    for (const [id, state] of shown) {
      if (state !== 'ended' && !firstSeen.has(id)) out.push(`${name}: shows call ${id} ${state}, but the switch never put that call at ${extension}`);
    }
    if (record.mode !== 'simple' && window.agentKnown) {
      const real = switchView(truth, extension, true).agent;
      if (view.agent !== real) out.push(`${name}: the agent shows ${view.agent ?? '-'}, but the switch has ${real ?? '-'}`);
      const agentEvents = switchLog.filter((s) => String(s.event['name']).startsWith('Agent') && Array.isArray(s.event['devices']) && (s.event['devices'] as unknown[]).includes(extension) && s.index >= window.sure).length;
      const heard = delivered.filter((d) => d.entry.desktop === name && d.entry.DN === extension && d.index >= window.loose && d.entry.event['pyEventType'] === 'AgentStateEvent').length;
      if (heard < agentEvents && !lossy) out.push(`${name}: the switch reported ${agentEvents} agent state changes at ${extension}, the desktop heard ${heard}`);
    }
  }
  return out;
}

/**
 * Where the desktop was last told the link is down (a DISCONNECTED snapshot that does not answer a
 * LogoutAgent) with nothing since to say it is back: a CONNECTED snapshot, or a request that needs
 * the link succeeding. Null when the desktop believes the link is up.
 */
function linkDownSince(record: SequenceRecord, desktop: string, extension: string, from: number): number | null {
  const logouts = record.requests.filter((r) => r.desktop === desktop && r.activity === 'LogoutAgent');
  let down: number | null = null;
  record.entries.forEach((entry, index) => {
    if (index < from) return;
    if (entry.kind === 'delivered' && entry.desktop === desktop && entry.DN === extension && entry.event['pyEventType'] === 'SnapshotEvent') {
      const answersLogout = logouts.some((r) => r.entry <= index && index <= (r.outcomeEntry ?? Number.POSITIVE_INFINITY));
      if (entry.event['pyLinkState'] === 'DISCONNECTED' && !answersLogout) down = index;
      if (entry.event['pyLinkState'] === 'CONNECTED') down = null;
    }
    if (entry.kind === 'outcome' && entry.desktop === desktop && 'ok' in entry.result && entry.result.ok && !['OpenAdapter', 'CloseAdapter', 'UnSubscribeForEvents', 'LogoutAgent'].includes(entry.activity)) down = null;
  });
  return down;
}

type CallShown = CallView | 'ended';

/** What a desktop shows of each call it heard of, ended calls included. */
function foldCalls(events: readonly Readonly<Record<string, unknown>>[]): Map<string, CallShown> {
  const calls = new Map<string, CallShown>();
  for (const event of events) {
    // A snapshot says nothing about calls: a link outage's CLOSED one does not end them on the desktop.
    if (event['pyEventType'] !== 'CallStateEvent') continue;
    const shown = CALL_VIEW_OF_EVENT[text(event['pyEventName'])];
    if (shown !== undefined) calls.set(text(event['pyCallId']), shown);
  }
  return calls;
}
