/**
 * The invariants of the property run on hand-written traces: each one holds of a good trace and
 * names its requirement when broken (positive controls for the checker itself).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelState } from '../../simulator/index.ts';
import { emptyState } from '../../simulator/model/state.ts';
import { step } from '../../simulator/model/step.ts';
import type { ActivityName, ActivityResult, AdapterPage, TelephonyMode } from '../../src/contract/index.ts';
import type { TraceEntry } from '../../src/harness/trace.ts';
import { disagreementsWithTruth, unanswered } from '../../src/properties/quiet-checks.ts';
import { safetyViolations } from '../../src/properties/safety.ts';
import type { RequestRecord, SequenceRecord } from '../../src/properties/record.ts';
import { provisioning } from '../../src/properties/world.ts';

const D = 'CSR@8808';

function call(name: string, callId: string, extra: Record<string, string> = {}): TraceEntry {
  return {
    kind: 'delivered',
    at: 0,
    desktop: D,
    DN: '8808',
    event: { pyEventType: 'CallStateEvent', pyEventName: name, pyCallId: callId, pyCallType: 'INBOUND', pyMedia: 'Phone', ...extra },
    issues: [],
  };
}

function agent(name: string, extra: Record<string, string> = {}): TraceEntry {
  return {
    kind: 'delivered',
    at: 0,
    desktop: D,
    DN: '8808',
    event: { pyEventType: 'AgentStateEvent', pyEventName: name, pyMedia: 'Phone', pyReasonCode: '', pyWorkMode: '', ...extra },
    issues: [],
  };
}

function record(
  entries: TraceEntry[],
  options: { mode?: TelephonyMode; requests?: RequestRecord[]; subscribed?: boolean; ordered?: boolean; linkLostAt?: number } = {},
): SequenceRecord {
  return {
    mode: options.mode ?? 'full',
    entries,
    desktops: [{ name: D, extension: '8808' }],
    subscribedAtStart: new Set(options.subscribed === false ? [] : [D]),
    requests: options.requests ?? [],
    linkLost: new Map(options.linkLostAt === undefined ? [] : [[D, options.linkLostAt]]),
    answersOrderedWithEvents: options.ordered ?? true,
  };
}

function ids(r: SequenceRecord): string[] {
  return safetyViolations(r).map((v) => v.id);
}

function request(activity: ActivityName, page: AdapterPage, entry: number, result?: ActivityResult, outcomeEntry?: number): RequestRecord {
  return {
    desktop: D,
    extension: '8808',
    activity,
    page,
    entry,
    baseline: false,
    ...(result === undefined ? {} : { outcome: { kind: 'result', result } }),
    ...(outcomeEntry === undefined ? {} : { outcomeEntry }),
  };
}

const OK: ActivityResult = { ok: true };
const REFUSED_405: ActivityResult = { ok: false, errCode: 'OPENCTI_HTTP_ERROR_405', errMessage: 'no', pyStatusMessage: 'no', pyPegaCTIError: 'no' };

describe('safety invariants', () => {
  it('hold of a call that rings, is answered, held, retrieved and ends', () => {
    assert.deepEqual(
      ids(record([call('Offering', 'C1'), call('Established', 'C1'), call('Held', 'C1'), call('Retrieved', 'C1'), call('Disconnected', 'C1')])),
      [],
    );
  });

  it('OCTI-PROP-001: nothing after the terminal event, and one terminal event', () => {
    assert.deepEqual(ids(record([call('Offering', 'C1'), call('Abandoned', 'C1'), call('Held', 'C1')])), ['OCTI-PROP-001']);
    assert.deepEqual(ids(record([call('Offering', 'C1'), call('Disconnected', 'C1'), call('Disconnected', 'C1')])), ['OCTI-PROP-001']);
  });

  it('OCTI-PROP-001 judges a call back at the extension (a transfer back) as a second life', () => {
    const back: TraceEntry = { kind: 'switch', at: 0, event: { name: 'Delivered', callId: 'C1', alertingDevice: '8808', devices: ['8808'] } };
    const left: TraceEntry = { kind: 'switch', at: 0, event: { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '8808', devices: ['8808'] } };
    assert.deepEqual(ids(record([call('Offering', 'C1'), left, call('Disconnected', 'C1'), back, call('Offering', 'C1')])), []);
  });

  it('OCTI-PROP-002: Retrieved only after Held', () => {
    assert.deepEqual(ids(record([call('Offering', 'C1'), call('Established', 'C1'), call('Retrieved', 'C1')])), ['OCTI-PROP-002']);
    assert.deepEqual(ids(record([call('Established', 'C1'), call('Held', 'C1'), call('Retrieved', 'C1'), call('Retrieved', 'C1')])), ['OCTI-PROP-002']);
  });

  it('OCTI-PROP-003: a call keeps its type', () => {
    assert.deepEqual(ids(record([call('Offering', 'C1'), call('Established', 'C1', { pyCallType: 'CONSULT' })])), ['OCTI-PROP-003']);
  });

  it('OCTI-PROP-004: events only while subscribed', () => {
    const unsubscribe = request('UnSubscribeForEvents', { DN: '8808' }, 1, OK, 2);
    const entries: TraceEntry[] = [
      call('Offering', 'C1'),
      { kind: 'request', at: 0, desktop: D, activity: 'UnSubscribeForEvents', page: { DN: '8808' } },
      { kind: 'outcome', at: 0, desktop: D, activity: 'UnSubscribeForEvents', result: OK },
      call('Abandoned', 'C1'),
    ];
    assert.deepEqual(ids(record(entries, { requests: [unsubscribe] })), ['OCTI-PROP-004']);
    assert.deepEqual(ids(record(entries.slice(0, 3), { requests: [unsubscribe] })), []);
    assert.deepEqual(ids(record([call('Offering', 'C1')], { subscribed: false })), ['OCTI-PROP-004']);
  });

  it('OCTI-PROP-004 keeps a LoginAgent whose link was lost under it (408, 503) open, and ends a refused one at its answer', () => {
    const failed = (errCode: Extract<ActivityResult, { ok: false }>['errCode']): ActivityResult => ({
      ok: false,
      errCode,
      errMessage: 'x',
      pyStatusMessage: 'x',
      pyPegaCTIError: 'x',
    });
    const page = { DN: '8808', AgentID: '5501' };
    const trace = (result: ActivityResult): TraceEntry[] => [
      { kind: 'request', at: 0, desktop: D, activity: 'LoginAgent', page },
      { kind: 'outcome', at: 0, desktop: D, activity: 'LoginAgent', result },
      agent('Logout'),
    ];
    // OCTI-PROP-004's verdict alone (an agent event after a refused login breaks OCTI-PROP-007 too).
    const judged = (result: ActivityResult): string[] =>
      ids(record(trace(result), { mode: 'agent-state', subscribed: false, requests: [request('LoginAgent', page, 0, result, 1)] })).filter(
        (id) => id === 'OCTI-PROP-004',
      );
    // Decision 0010: the ACD may have logged the agent in, so the monitor stays and its events may come.
    assert.deepEqual(judged(failed('OPENCTI_HTTP_ERROR_503')), []);
    assert.deepEqual(judged(failed('OPENCTI_HTTP_ERROR_408')), []);
    assert.deepEqual(judged(REFUSED_405), ['OCTI-PROP-004']);
    assert.deepEqual(judged(failed('OPENCTI_AGENT_NOT_LOGGED_IN')), ['OCTI-PROP-004']);
  });

  it('OCTI-PROP-004 over HTTP lets through an event the switch caused while subscribed, not one it caused after', () => {
    const cause = (name: string): TraceEntry => ({ kind: 'switch', at: 0, event: { name, callId: 'C1', devices: ['8808'] } });
    const asked: TraceEntry = { kind: 'request', at: 0, desktop: D, activity: 'UnSubscribeForEvents', page: { DN: '8808' } };
    const answered: TraceEntry = { kind: 'outcome', at: 0, desktop: D, activity: 'UnSubscribeForEvents', result: OK };
    // The call is abandoned while the unsubscription is under way; the Abandoned arrives after its answer.
    const late = [cause('Delivered'), call('Offering', 'C1'), asked, cause('ConnectionCleared'), answered, call('Abandoned', 'C1')];
    const unsubscribe = request('UnSubscribeForEvents', { DN: '8808' }, 2, OK, 4);
    assert.deepEqual(ids(record(late, { requests: [unsubscribe], ordered: false })), []);
    assert.deepEqual(ids(record(late, { requests: [unsubscribe], ordered: true })), ['OCTI-PROP-004']);
    // Abandoned after the answer, the caller having left after it too: new, whatever the transport.
    const after = [cause('Delivered'), call('Offering', 'C1'), asked, answered, cause('ConnectionCleared'), call('Abandoned', 'C1')];
    assert.deepEqual(ids(record(after, { requests: [request('UnSubscribeForEvents', { DN: '8808' }, 2, OK, 3)], ordered: false })), ['OCTI-PROP-004']);
  });

  it("OCTI-PROP-004 over HTTP lets through the link-down snapshot of a drop while subscribed, arriving after the unsubscription's answer", () => {
    const asked: TraceEntry = { kind: 'request', at: 0, desktop: D, activity: 'UnSubscribeForEvents', page: { DN: '8808' } };
    const answered: TraceEntry = { kind: 'outcome', at: 0, desktop: D, activity: 'UnSubscribeForEvents', result: OK };
    const down: TraceEntry = {
      kind: 'delivered',
      at: 0,
      desktop: D,
      DN: '8808',
      event: { pyEventType: 'SnapshotEvent', pyEventName: 'Snapshot', pyMedia: 'Phone', pyLinkState: 'DISCONNECTED' },
      issues: [],
    };
    const unsubscribe = request('UnSubscribeForEvents', { DN: '8808' }, 0, OK, 1);
    // The link dropped (trace length 1) while the unsubscription was under way.
    assert.deepEqual(ids(record([asked, answered, down], { requests: [unsubscribe], ordered: false, linkLostAt: 1 })), []);
    // No drop, or a drop after the answer: the snapshot is new.
    assert.deepEqual(ids(record([asked, answered, down], { requests: [unsubscribe], ordered: false })), ['OCTI-PROP-004']);
    assert.deepEqual(ids(record([asked, answered, down], { requests: [unsubscribe], ordered: false, linkLostAt: 2 })), ['OCTI-PROP-004']);
    // In process the order is seen: after the answer is after.
    assert.deepEqual(ids(record([asked, answered, down], { requests: [unsubscribe], ordered: true, linkLostAt: 1 })), ['OCTI-PROP-004']);
  });

  it('OCTI-PROP-004 lets the snapshot answering a LogoutAgent through after an unsubscription', () => {
    const snapshot: TraceEntry = {
      kind: 'delivered',
      at: 0,
      desktop: D,
      DN: '8808',
      event: { pyEventType: 'SnapshotEvent', pyEventName: 'Snapshot', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' },
      issues: [],
    };
    const requests = [request('UnSubscribeForEvents', { DN: '8808' }, 0, OK, 1), request('LogoutAgent', { DN: '8808', AgentID: '5501' }, 2, OK, 4)];
    assert.deepEqual(
      ids(
        record(
          [
            { kind: 'request', at: 0, desktop: D, activity: 'UnSubscribeForEvents', page: { DN: '8808' } },
            { kind: 'outcome', at: 0, desktop: D, activity: 'UnSubscribeForEvents', result: OK },
            { kind: 'request', at: 0, desktop: D, activity: 'LogoutAgent', page: { DN: '8808' } },
            snapshot,
            { kind: 'outcome', at: 0, desktop: D, activity: 'LogoutAgent', result: OK },
          ],
          { requests, mode: 'agent-state' },
        ),
      ),
      [],
    );
  });

  it('OCTI-PROP-006: at most one Offering per call within one subscription', () => {
    assert.deepEqual(ids(record([call('Offering', 'C1'), call('Offering', 'C1')])), ['OCTI-PROP-006']);
    // Unsubscribed (entries 1-2) and subscribed again (3-4): the call still ringing may pop on the new subscription.
    const again = [
      call('Offering', 'C1'),
      call('Offering', 'C9'),
      call('Offering', 'C9'),
      call('Offering', 'C9'),
      call('Offering', 'C9'),
      call('Offering', 'C1'),
    ];
    const resubscribed = [request('UnSubscribeForEvents', { DN: '8808' }, 1, OK, 2), request('SubscribeForEvents', { DN: '8808' }, 3, OK, 4)];
    const popped = (entries: TraceEntry[], requests: RequestRecord[]): string[] =>
      safetyViolations(record(entries, { requests }))
        .filter((v) => v.callId === 'C1')
        .map((v) => v.id);
    assert.deepEqual(popped(again, resubscribed), []);
    assert.deepEqual(popped(again, []), ['OCTI-PROP-006']);
  });

  it('OCTI-PROP-007: below Full telephony no Held, no PartyInfo; in Simple no agent events; 405 exactly outside the mode', () => {
    assert.deepEqual(ids(record([call('Offering', 'C1'), call('Established', 'C1'), call('Held', 'C1')], { mode: 'agent-state' })), ['OCTI-PROP-007']);
    assert.deepEqual(ids(record([agent('Login')], { mode: 'simple' })), ['OCTI-PROP-007']);
    assert.deepEqual(ids(record([], { mode: 'simple', requests: [request('AnswerCall', { DN: '8808' }, 0, OK, 1)] })), ['OCTI-PROP-007']);
    assert.deepEqual(ids(record([], { mode: 'full', requests: [request('AnswerCall', { DN: '8808' }, 0, REFUSED_405, 1)] })), ['OCTI-PROP-007']);
    assert.deepEqual(ids(record([], { mode: 'simple', requests: [request('AnswerCall', { DN: '8808' }, 0, REFUSED_405, 1)] })), []);
  });

  it('OCTI-PROP-008: agent state follows the allowed transitions; a snapshot sets it', () => {
    assert.deepEqual(
      ids(
        record(
          [
            agent('Login'),
            agent('Ready'),
            agent('NotReady', { pyReasonCode: 'LUNCH' }),
            agent('NotReady', { pyWorkMode: 'ACW' }),
            agent('Logout'),
            agent('Login'),
          ],
          { mode: 'agent-state' },
        ),
      ),
      [],
    );
    assert.deepEqual(ids(record([agent('Login'), agent('Ready'), agent('Ready')], { mode: 'agent-state' })), ['OCTI-PROP-008']);
    assert.deepEqual(ids(record([agent('Logout'), agent('Ready')], { mode: 'agent-state' })), ['OCTI-PROP-008']);
    assert.deepEqual(ids(record([agent('NotReady', { pyReasonCode: 'LUNCH' }), agent('NotReady', { pyReasonCode: 'LUNCH' })], { mode: 'agent-state' })), [
      'OCTI-PROP-008',
    ]);
  });

  it('OCTI-PROP-005: a request that rejected is no outcome; one still unanswered is reported once quiet', () => {
    const threw: RequestRecord = { ...request('OpenAdapter', {}, 0), outcome: { kind: 'threw', message: 'boom' } };
    assert.deepEqual(ids(record([], { requests: [threw] })), ['OCTI-PROP-005']);
    const hanging = request('OpenAdapter', {}, 0);
    assert.deepEqual(
      unanswered(record([], { requests: [hanging] })).map((r) => r.activity),
      ['OpenAdapter'],
    );
  });
});

describe('quiet agreement (OCTI-PROP-009)', () => {
  function world(inputs: Parameters<typeof step>[1][]): ModelState {
    let state = step(emptyState(), { kind: 'provision', ...provisioning() }, 0);
    assert.ok(state.ok);
    for (const input of inputs) {
      state = step(state.state, input, 1);
      assert.ok(state.ok, JSON.stringify(input));
    }
    return state.state;
  }
  const ringing = world([{ kind: 'customerCall', from: '16175551212', to: { extension: '8808' } }]);
  const delivered: TraceEntry = { kind: 'switch', at: 0, event: { name: 'Delivered', callId: 'C1', alertingDevice: '8808', devices: ['8808'] } };

  it('agrees when the desktop shows what the switch holds', () => {
    assert.deepEqual(disagreementsWithTruth(record([delivered, call('Offering', 'C1')]), ringing), []);
  });

  it('disagrees while a call the switch rings is not shown', () => {
    assert.match(disagreementsWithTruth(record([delivered]), ringing).join('\n'), /call C1 shows nothing, but the switch has it ringing at 8808/);
  });

  it('disagrees when a call shown has ended at the switch but not on the desktop, or ended unseen', () => {
    const gone = world([]);
    assert.match(disagreementsWithTruth(record([delivered, call('Offering', 'C1')]), gone).join('\n'), /still shows ringing/);
    assert.match(disagreementsWithTruth(record([delivered]), gone).join('\n'), /neither its events nor its end/);
    assert.deepEqual(disagreementsWithTruth(record([delivered, call('Offering', 'C1'), call('Abandoned', 'C1')]), gone), []);
  });

  it('reads a held call as in progress below Full telephony', () => {
    const held = world([
      { kind: 'customerCall', from: '16175551212', to: { extension: '8808' } },
      { kind: 'answerAtPhone', extension: '8808' },
      { kind: 'holdCall', extension: '8808' },
    ]);
    const events = [delivered, call('Offering', 'C1'), call('Established', 'C1')];
    assert.deepEqual(disagreementsWithTruth(record(events, { mode: 'simple' }), held), []);
    assert.match(disagreementsWithTruth(record(events, { mode: 'full' }), held).join('\n'), /shows active, but the switch has it held/);
  });

  it('judges the agent from agent-state management on', () => {
    const loggedIn = world([{ kind: 'agentAtPhone', agent: '5501', extension: '8808', action: 'login' }]);
    const loggedOn: TraceEntry = { kind: 'switch', at: 0, event: { name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808', devices: ['8808'] } };
    assert.match(disagreementsWithTruth(record([loggedOn], { mode: 'agent-state' }), loggedIn).join('\n'), /the agent shows Logout, but the switch has Login/);
    assert.deepEqual(disagreementsWithTruth(record([loggedOn, agent('Login')], { mode: 'agent-state' }), loggedIn), []);
    assert.deepEqual(disagreementsWithTruth(record([loggedOn], { mode: 'simple' }), loggedIn), []);
  });

  it('owes the desktop its link back once told it is down', () => {
    const down: TraceEntry = {
      kind: 'delivered',
      at: 0,
      desktop: D,
      DN: '8808',
      event: { pyEventType: 'SnapshotEvent', pyEventName: 'Snapshot', pyAgentState: 'Unknown', pyDeviceState: 'CLOSED', pyLinkState: 'DISCONNECTED' },
      issues: [],
    };
    const up: TraceEntry = {
      kind: 'delivered',
      at: 0,
      desktop: D,
      DN: '8808',
      event: { pyEventType: 'SnapshotEvent', pyEventName: 'Snapshot', pyAgentState: 'Logout', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' },
      issues: [],
    };
    assert.match(disagreementsWithTruth(record([down]), world([])).join('\n'), /told the CTI link is down/);
    assert.deepEqual(disagreementsWithTruth(record([down, up]), world([])), []);
  });
});
