/**
 * Subscription windows: when a desktop was subscribed to an extension, and which switch events
 * could have caused a notification it was given (OCTI-PROP-002's and -003's evidence).
 */
import { isOk, isSettled, type SequenceRecord } from './record.ts';
import { type Delivered, switchEvents, text } from './invariants.ts';
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
export const OPEN_ENDED = Number.POSITIVE_INFINITY;

export function windowsOf(record: SequenceRecord, desktop: string, extension: string): Window[] {
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
          windows.push({
            loose: request.entry,
            sure: answered,
            looseEnd: OPEN_ENDED,
            sureEnd: OPEN_ENDED,
            agentKnown: request.activity === 'LoginAgent' || request.baseline,
          });
        }
      } else if (open === undefined) {
        // Refused: the subscription it started meanwhile ends with the answer (decision 0010); no answer, or the link lost under it: it may go on.
        windows.push({
          loose: request.entry,
          sure: OPEN_ENDED,
          looseEnd: isSettled(request) ? answered : OPEN_ENDED,
          sureEnd: request.entry,
          agentKnown: false,
        });
      }
    } else if (CLOSES.has(request.activity)) {
      // Every window still open ends: one left uncertain by an unanswered close may have been followed by a new one.
      for (const window of windows.filter((w) => w.looseEnd === OPEN_ENDED && w.snapshotOnly !== true)) {
        if (isOk(request)) {
          window.looseEnd = answered;
          window.sureEnd = Math.min(window.sureEnd, request.entry);
        } else if (!isSettled(request)) {
          // No answer, or the link lost under it: the subscription may or may not have ended.
          window.sureEnd = Math.min(window.sureEnd, request.entry);
        }
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
export function causedWhileSubscribed(
  d: { entry: Delivered; index: number },
  switchLog: ReturnType<typeof switchEvents>,
  linkDrop: number | undefined,
  from: number,
  until: number,
): boolean {
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
