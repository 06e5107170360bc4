/**
 * What is judged once a sequence is quiet: requests still without an outcome, and where the
 * desktops' picture disagrees with the switch's truth.
 */
import type { ModelState } from '../../simulator/index.ts';
import { CALL_VIEW_OF_EVENT, desktopView, switchView, type CallView } from '../harness/agreement.ts';
import { makesCallVisible, shownAt, type Shown } from './model.ts';
import type { RequestRecord, SequenceRecord } from './record.ts';
import { deliveries, switchEvents, text } from './invariants.ts';
import { OPEN_ENDED, windowsOf } from './subscriptions.ts';
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
      out.push(
        `${name}: the desktop was told the CTI link is down (a DISCONNECTED snapshot, trace entry #${down}) and never that it came back, though the CTI server is up`,
      );
      continue;
    }
    // Judged while the desktop's subscription is open, whatever the adapter says: a CLOSED snapshot does not excuse it.
    const view = desktopView(mine, true);
    const shown = foldCalls(mine);
    const routedHere = switchLog.filter(
      (s) => Array.isArray(s.event['devices']) && (s.event['devices'] as unknown[]).includes(extension) && typeof s.event['callId'] === 'string',
    );
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
      } else if (
        onDesktop === undefined &&
        !lossy &&
        routedHere.some((s) => s.event['callId'] === id && s.index >= window.sure && makesCallVisible(s.event, extension, record.mode))
      ) {
        out.push(`${name}: call ${id} was at ${extension} and has ended there, but the desktop got neither its events nor its end`);
      }
    }
    for (const [id, state] of shown) {
      if (state !== 'ended' && !firstSeen.has(id)) out.push(`${name}: shows call ${id} ${state}, but the switch never put that call at ${extension}`);
    }
    if (record.mode !== 'simple' && window.agentKnown) {
      const real = switchView(truth, extension, true).agent;
      if (view.agent !== real) out.push(`${name}: the agent shows ${view.agent ?? '-'}, but the switch has ${real ?? '-'}`);
      const agentEvents = switchLog.filter(
        (s) =>
          String(s.event['name']).startsWith('Agent') &&
          Array.isArray(s.event['devices']) &&
          (s.event['devices'] as unknown[]).includes(extension) &&
          s.index >= window.sure,
      ).length;
      const heard = delivered.filter(
        (d) => d.entry.desktop === name && d.entry.DN === extension && d.index >= window.loose && d.entry.event['pyEventType'] === 'AgentStateEvent',
      ).length;
      if (heard < agentEvents && !lossy)
        out.push(`${name}: the switch reported ${agentEvents} agent state changes at ${extension}, the desktop heard ${heard}`);
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
    if (
      entry.kind === 'outcome' &&
      entry.desktop === desktop &&
      'ok' in entry.result &&
      entry.result.ok &&
      !['OpenAdapter', 'CloseAdapter', 'UnSubscribeForEvents', 'LogoutAgent'].includes(entry.activity)
    )
      down = null;
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
