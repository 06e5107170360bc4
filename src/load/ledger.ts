/**
 * The books of a load run: what the switch did (the truth) against what each desktop was handed,
 * and every desktop request against its outcome. Pure accounting, no I/O and no clock: callers pass
 * the times. Correctness under load is read from here, with counts.
 *
 * What the switch owes a desktop monitoring extension X (docs/decisions/0015):
 *   - a screen pop (Offering) per call delivered (ringing) at X, exactly once;
 *   - an Established per call answered at X, exactly once;
 *   - one end (Disconnected or Abandoned) per call that rang at X, once it left X or ended;
 *   - above Simple telephony, one AgentStateEvent per agent event the switch sent to X, in order,
 *     with the name (and work mode) that event means.
 * Each is owed to the desktop that monitors X: the same event on another desktop is not delivered.
 */
import type { ModelEvent } from '../../simulator/index.ts';
import type { LatencyRecorder } from './latency.ts';
import type { LedgerCounts, OnceCounts } from './ledger-counts.ts';

interface Owed {
  readonly at: number;
  count: number;
}

type CallKind = 'pop' | 'answer' | 'end';

export class Ledger {
  readonly #judgeAgents: boolean;
  readonly #latency: LatencyRecorder;
  /** Monitored extension → the desktop that monitors it. */
  readonly #monitored = new Map<string, string>();
  /** `${kind}|${callId}|${extension}` → what is owed and how often it came. */
  readonly #owed = new Map<string, Owed>();
  /** callId → the monitored extensions it rang at (their end is owed when the call leaves them). */
  readonly #rangAt = new Map<string, Set<string>>();
  readonly #expected: Record<CallKind, number> = { pop: 0, answer: 0, end: 0 };
  readonly #unexpected: Record<CallKind, number> = { pop: 0, answer: 0, end: 0 };
  /** Not yet delivered, all kinds together (for "settled"). */
  #outstanding = 0;
  /** Per extension: the agent events owed, oldest first. */
  readonly #agentOwed = new Map<string, OwedAgentEvent[]>();
  /** Per extension: the last agent event delivered, to tell a duplicate from an invention. */
  readonly #agentLast = new Map<string, string>();
  #agentExpected = 0;
  #agentDelivered = 0;
  #agentDuplicated = 0;
  /** Owed agent events a later one overtook: they will not come in order any more. */
  #agentSkipped = 0;
  #agentUnexpected = 0;
  #agentOutstanding = 0;
  #requests = { sent: 0, outcomes: 0, succeeded: 0, refused: 0, broken: 0 };
  readonly #refusedBy: Record<string, number> = {};
  #delivered = 0;
  #schemaViolations = 0;
  /** Notifications delivered twice (counted once per key) or never owed, so far. */
  #surplus = 0;

  constructor(options: { readonly judgeAgentEvents: boolean; readonly latency: LatencyRecorder }) {
    this.#judgeAgents = options.judgeAgentEvents;
    this.#latency = options.latency;
  }

  /** From now on the switch owes `desktop` the events of `extension`. */
  monitor(extension: string, desktop: string): void {
    this.#monitored.set(extension, desktop);
  }

  /** A switch event, at `at` (ms, the same clock as delivered()). */
  switched(event: ModelEvent, at: number): void {
    switch (event.name) {
      case 'Delivered':
        if (this.#monitored.has(event.alertingDevice)) {
          this.#owe('pop', event.callId, event.alertingDevice, at);
          let rang = this.#rangAt.get(event.callId);
          if (rang === undefined) this.#rangAt.set(event.callId, (rang = new Set()));
          rang.add(event.alertingDevice);
        }
        return;
      case 'Established':
        if (this.#monitored.has(event.answeringDevice)) this.#owe('answer', event.callId, event.answeringDevice, at);
        return;
      case 'ConnectionCleared': {
        const rang = this.#rangAt.get(event.callId);
        if (rang?.delete(event.releasingDevice) === true) this.#owe('end', event.callId, event.releasingDevice, at);
        return;
      }
      case 'CallCleared': {
        const rang = this.#rangAt.get(event.callId);
        if (rang === undefined) return;
        for (const extension of rang) this.#owe('end', event.callId, extension, at);
        this.#rangAt.delete(event.callId);
        return;
      }
      case 'AgentLoggedOn':
      case 'AgentLoggedOff':
      case 'AgentReady':
      case 'AgentNotReady':
      case 'AgentWorkingAfterCall':
      case 'AgentBusy': {
        if (!this.#judgeAgents || !this.#monitored.has(event.deviceId)) return;
        let queue = this.#agentOwed.get(event.deviceId);
        if (queue === undefined) this.#agentOwed.set(event.deviceId, (queue = []));
        queue.push({ at, shows: AGENT_EVENT_SHOWS[event.name] });
        this.#agentExpected++;
        this.#agentOutstanding++;
        return;
      }
      default:
        return;
    }
  }

  #owe(kind: CallKind, callId: string, extension: string, at: number): void {
    const key = `${kind}|${callId}|${extension}`;
    if (this.#owed.has(key)) return;
    this.#owed.set(key, { at, count: 0 });
    this.#expected[kind]++;
    this.#outstanding++;
  }

  /** An event `desktop` was handed for extension `DN`, at `at`; `valid` = it matched Pega's schema. */
  delivered(desktop: string, DN: string, event: Readonly<Record<string, unknown>>, valid: boolean, at: number): void {
    this.#delivered++;
    if (!valid) this.#schemaViolations++;
    const type = event['pyEventType'];
    // Handed to a desktop that does not monitor DN: nothing was owed to it.
    const misrouted = this.#monitored.get(DN) !== desktop;
    if (type === 'CallStateEvent') {
      const kind = callKind(event['pyEventName']);
      if (kind === undefined) return;
      const callId = typeof event['pyCallId'] === 'string' ? event['pyCallId'] : '';
      const owed = misrouted ? undefined : this.#owed.get(`${kind}|${callId}|${DN}`);
      if (owed === undefined) {
        this.#unexpected[kind]++;
        this.#surplus++;
        return;
      }
      owed.count++;
      if (owed.count === 2) this.#surplus++;
      if (owed.count === 1) {
        this.#outstanding--;
        this.#latency.record(at - owed.at);
      }
      return;
    }
    if (type === 'AgentStateEvent' && this.#judgeAgents) this.#agentEvent(DN, agentShows(event), misrouted, at);
  }

  /** Agent events are owed in order: the next owed one, a repeat of the last, or one that overtook others. */
  #agentEvent(DN: string, shows: string, misrouted: boolean, at: number): void {
    const queue = misrouted ? [] : (this.#agentOwed.get(DN) ?? []);
    const repeat = !misrouted && this.#agentLast.get(DN) === shows;
    const index = queue[0]?.shows === shows ? 0 : repeat ? -1 : queue.findIndex((owed) => owed.shows === shows);
    if (index < 0) {
      if (repeat) this.#agentDuplicated++;
      else this.#agentUnexpected++;
      this.#surplus++;
      return;
    }
    const owed = queue.splice(0, index + 1).at(-1);
    this.#agentSkipped += index;
    this.#agentOutstanding -= index + 1;
    this.#agentDelivered++;
    this.#agentLast.set(DN, shows);
    if (owed !== undefined) this.#latency.record(at - owed.at);
  }

  requestSent(): void {
    this.#requests.sent++;
  }

  /** `result`: { ok: true }, { ok: false, errCode }, or { threw } as the desktop recorded it. */
  outcome(result: Readonly<Record<string, unknown>>): void {
    this.#requests.outcomes++;
    if (result['ok'] === true) this.#requests.succeeded++;
    else if (result['ok'] === false) {
      this.#requests.refused++;
      const code = String(result['errCode']);
      this.#refusedBy[code] = (this.#refusedBy[code] ?? 0) + 1;
    } else this.#requests.broken++;
  }

  /** Notifications owed and not yet delivered; 0 = the desktops have caught up with the switch. */
  get outstanding(): number {
    return this.#outstanding + this.#agentOutstanding;
  }

  /** Duplicated or invented notifications so far (must stay 0). */
  get surplus(): number {
    return this.#surplus;
  }

  get eventsDelivered(): number {
    return this.#delivered;
  }

  get requestsPending(): number {
    return this.#requests.sent - this.#requests.outcomes;
  }

  /** Pops owed so far (calls that rang at a monitored extension). */
  get popsOwed(): number {
    return this.#expected.pop;
  }

  counts(): LedgerCounts {
    const once = (kind: CallKind): OnceCounts => {
      let single = 0;
      let duplicated = 0;
      let lost = 0;
      for (const [key, owed] of this.#owed) {
        if (!key.startsWith(`${kind}|`)) continue;
        if (owed.count === 0) lost++;
        else if (owed.count === 1) single++;
        else duplicated++;
      }
      return { expected: this.#expected[kind], once: single, duplicated, lost, unexpected: this.#unexpected[kind] };
    };
    const r = this.#requests;
    return {
      pops: once('pop'),
      answers: once('answer'),
      ends: once('end'),
      agentEvents: {
        expected: this.#agentExpected,
        once: this.#agentDelivered,
        duplicated: this.#agentDuplicated,
        lost: this.#agentOutstanding + this.#agentSkipped,
        unexpected: this.#agentUnexpected,
      },
      requests: {
        sent: r.sent,
        withOneOutcome: r.outcomes,
        succeeded: r.succeeded,
        refused: r.refused,
        broken: r.broken,
        pending: r.sent - r.outcomes,
        refusedBy: Object.fromEntries(Object.entries(this.#refusedBy).sort(([a], [b]) => a.localeCompare(b))),
      },
      eventsDelivered: this.#delivered,
      schemaViolations: this.#schemaViolations,
    };
  }
}

interface OwedAgentEvent {
  readonly at: number;
  /** The AgentStateEvent it must reach the desktop as (agentShows). */
  readonly shows: string;
}

type AgentEventName = 'AgentLoggedOn' | 'AgentLoggedOff' | 'AgentReady' | 'AgentNotReady' | 'AgentWorkingAfterCall' | 'AgentBusy';

/** What each switch agent event shows on the desktop: Pega's event name, and the work mode when it tells two apart. */
const AGENT_EVENT_SHOWS: Readonly<Record<AgentEventName, string>> = {
  AgentLoggedOn: 'Login',
  AgentLoggedOff: 'Logout',
  AgentReady: 'Ready',
  AgentNotReady: 'NotReady',
  AgentWorkingAfterCall: 'NotReady/ACW',
  AgentBusy: 'NotReady/BUSY',
};

function agentShows(event: Readonly<Record<string, unknown>>): string {
  const name = String(event['pyEventName'] ?? '');
  const workMode = event['pyWorkMode'];
  return name === 'NotReady' && (workMode === 'ACW' || workMode === 'BUSY') ? `NotReady/${workMode}` : name;
}

function callKind(name: unknown): CallKind | undefined {
  switch (name) {
    case 'Offering':
      return 'pop';
    case 'Established':
      return 'answer';
    case 'Disconnected':
    case 'Abandoned':
      return 'end';
    default:
      return undefined;
  }
}
