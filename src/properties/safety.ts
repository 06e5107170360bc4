/**
 * The safety invariants (OCTI-PROP-*), checked on the trace as it stands after every step of a
 * sequence: the first violation of each kind.
 */
import { CALL_EVENT_NAMES } from '../contract/index.ts';
import { inMode } from './model.ts';
import type { SequenceRecord } from './record.ts';
import { type Delivered, deliveries, NOTIFICATIONS, said, secondLifeAt, switchEvents, TERMINAL, text, type Violation, where } from './invariants.ts';
import { causedWhileSubscribed, windowsOf } from './subscriptions.ts';
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
        found.push({
          id: 'OCTI-PROP-001',
          extension: DN,
          callId: call,
          message: `${where(d.entry, d.index)} got ${said(d.entry)} after the terminal ${said(terminal.entry)} (trace entry #${terminal.index}): nothing may follow a call's terminal event`,
        });
        break;
      }
      if (event['pyEventType'] !== 'CallStateEvent') continue;
      if (TERMINAL.has(name)) terminal = d;
      if (name === 'Offering') {
        if (subscriptions.some((start) => start > lastOffering && start <= d.index)) offerings = 0;
        lastOffering = d.index;
        if (++offerings === 2)
          found.push({
            id: 'OCTI-PROP-006',
            extension: DN,
            callId: call,
            message: `${where(d.entry, d.index)} got a second Offering for ${call} within one subscription: at most one per call`,
          });
      }
      const type = text(event['pyCallType']);
      if (callType === undefined) callType = type;
      else if (type !== callType)
        found.push({
          id: 'OCTI-PROP-003',
          extension: DN,
          callId: call,
          message: `${where(d.entry, d.index)} got ${name} for ${call} with pyCallType ${JSON.stringify(type)}, but the call was ${JSON.stringify(callType)} before: a call's type never changes`,
        });
      if (name === 'Held') holding = true;
      if (name === 'Retrieved') {
        if (!holding)
          found.push({
            id: 'OCTI-PROP-002',
            extension: DN,
            callId: call,
            message: `${where(d.entry, d.index)} got Retrieved for ${call} without a Held before it (since the last Retrieved)`,
          });
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
        windows.some(
          (w) =>
            w.loose <= d.index &&
            (d.index < w.looseEnd ||
              (!record.answersOrderedWithEvents && causedWhileSubscribed(d, switchLog, record.linkLost.get(name), w.loose, w.looseEnd))) &&
            (w.snapshotOnly !== true || snapshot),
        );
      if (!inWindow) {
        found.push({
          id: 'OCTI-PROP-004',
          extension,
          ...(text(d.entry.event['pyCallId']) === '' ? {} : { callId: text(d.entry.event['pyCallId']) }),
          message: `${where(d.entry, d.index)} got ${said(d.entry)}, but that desktop ${d.entry.DN === extension ? 'was not subscribed to' : 'never subscribed to'} ${d.entry.DN || '(no DN)'} then`,
        });
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
      found.push({
        id: 'OCTI-PROP-007',
        extension: d.entry.DN,
        message: `${where(d.entry, d.index)} got ${said(d.entry)} (${type}), which ${mode} telephony does not show`,
      });
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
      const resets = windowsOf(record, name, extension)
        .filter((w) => w.snapshotOnly !== true)
        .map((w) => w.loose);
      const problem = agentTransitionProblem(
        delivered.filter((d) => d.entry.desktop === name),
        resets,
      );
      if (problem !== null) found.push({ id: 'OCTI-PROP-008', extension, message: problem });
    }
  }

  // Outcomes that are not results (hangs are judged once quiet).
  const broken = record.requests.find((r) => r.outcome?.kind === 'threw');
  if (broken?.outcome?.kind === 'threw')
    found.push({
      id: 'OCTI-PROP-005',
      extension: broken.extension,
      activity: broken.activity,
      message: `${broken.activity} on ${broken.desktop} did not answer with a result of the contract: ${broken.outcome.message}`,
    });
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
