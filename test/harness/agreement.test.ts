import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Agent, Call, ModelState } from '../../simulator/model/types.ts';
import { emptyState, withAgent, withCall } from '../../simulator/model/state.ts';
import { desktopView, disagreements, disagreementsWith, stillSubscribed, switchView } from '../../src/harness/agreement.ts';
import { desktopOf, type TraceEntry } from '../../src/harness/trace.ts';
import type { ActivityName } from '../../src/contract/index.ts';

const call = (id: string, event: string) => ({ pyEventType: 'CallStateEvent', pyEventName: event, pyCallId: id });
const agent = (name: string, pyWorkMode = '') => ({ pyEventType: 'AgentStateEvent', pyEventName: name, pyWorkMode });

function truthWith(calls: Call[], agents: Agent[] = []): ModelState {
  return agents.reduce(withAgent, calls.reduce(withCall, emptyState()));
}

function switchCall(id: string, connections: Call['connections']): Call {
  return {
    id,
    callingDevice: '16175551212',
    calledDevice: '8808',
    callData: {},
    phase: 'connected',
    connections,
    parties: connections.map((c) => c.device),
    startedAt: 0,
  };
}

test('a desktop that heard a call ring, get answered and go on hold shows it held; an ended call is gone', () => {
  const view = desktopView([call('C1', 'Offering'), call('C1', 'Established'), call('C1', 'Held'), call('C2', 'Offering'), call('C2', 'Abandoned')], false);
  assert.deepEqual(view, { monitored: true, calls: { C1: 'held' } });
});

test('the desktop agrees with a switch that holds the same calls in the same states', () => {
  const truth = truthWith([
    switchCall('C1', [
      { device: '16175551212', state: 'connected' },
      { device: '8808', state: 'held' },
    ]),
  ]);
  const shown = desktopView([call('C1', 'Offering'), call('C1', 'Established'), call('C1', 'Held')], false);
  assert.deepEqual(disagreements(shown, switchView(truth, '8808', false)), []);
});

test('a call the desktop still shows after the switch ended it is a disagreement, named in words', () => {
  const shown = desktopView([call('C1', 'Offering'), call('C1', 'Established')], false);
  assert.deepEqual(disagreements(shown, switchView(truthWith([]), '8808', false)), ['call C1: the desktop shows active, the switch has no call']);
});

test('agent state is judged in Pega words, busy and after-call work included', () => {
  const base = { id: '5501', password: 'x', since: 0 } as const;
  const truth = truthWith([], [{ ...base, status: { kind: 'busy', extension: '8808' } }]);
  assert.deepEqual(disagreements(desktopView([agent('Login'), agent('NotReady', 'BUSY')], true), switchView(truth, '8808', true)), []);
  assert.deepEqual(disagreements(desktopView([agent('Login'), agent('Ready')], true), switchView(truth, '8808', true)), [
    'agent: the desktop shows Ready, the switch has NotReady/BUSY',
  ]);
  assert.equal(switchView(truthWith([]), '8808', true).agent, 'Logout');
});

const connectedAt8808 = () =>
  truthWith([
    switchCall('C1', [
      { device: '16175551212', state: 'connected' },
      { device: '8808', state: 'connected' },
    ]),
  ]);
const closed = { pyEventType: 'SnapshotEvent', pyAgentState: 'Logout', pyDeviceState: 'CLOSED', pyLinkState: 'CONNECTED', pyWorkMode: '' };

/** A desktop's trace: each request answered with `ok`, then the events delivered to it for 8808. */
function traceOf(requests: readonly [ActivityName, boolean][], events: readonly Record<string, unknown>[]): TraceEntry[] {
  const desktop = desktopOf('8808');
  const entries: TraceEntry[] = [];
  for (const [activity, ok] of requests) {
    entries.push({ kind: 'request', at: 0, desktop, activity, page: { DN: '8808' } });
    entries.push({
      kind: 'outcome',
      at: 0,
      desktop,
      activity,
      result: ok ? { ok: true } : { ok: false, errCode: 'OPENCTI_CF_INVALID_OBJECT_STATE', errMessage: 'no', pyStatusMessage: 'no', pyPegaCTIError: 'no' },
    });
  }
  for (const event of events) entries.push({ kind: 'delivered', at: 0, desktop, DN: '8808', event, issues: [] });
  return entries;
}

test('once the desktop logged out (LogoutAgent succeeded) it is judged on the agent only', () => {
  const entries = traceOf(
    [
      ['SubscribeForEvents', true],
      ['LogoutAgent', true],
    ],
    [call('C1', 'Offering'), agent('Logout'), closed],
  );
  assert.equal(stillSubscribed(entries, desktopOf('8808'), '8808'), false);
  assert.deepEqual(disagreementsWith(connectedAt8808(), entries, '8808', false), []);
});

test('a CLOSED snapshot the desktop did not ask for does not stop the judging: its calls still count', () => {
  const unasked = traceOf([['SubscribeForEvents', true]], [call('C1', 'Offering'), closed]);
  assert.deepEqual(disagreementsWith(connectedAt8808(), unasked, '8808', false), ['call C1: the desktop shows ringing, the switch has active']);
  const refusedLogout = traceOf(
    [
      ['SubscribeForEvents', true],
      ['LogoutAgent', false],
    ],
    [call('C1', 'Offering'), closed],
  );
  assert.equal(stillSubscribed(refusedLogout, desktopOf('8808'), '8808'), true);
  assert.equal(disagreementsWith(connectedAt8808(), refusedLogout, '8808', false).length, 1);
});

test("only the desktop's own events for its extension make its view", () => {
  const entries = traceOf([['SubscribeForEvents', true]], []);
  entries.push({ kind: 'delivered', at: 0, desktop: desktopOf('8809'), DN: '8808', event: call('C1', 'Offering'), issues: [] });
  assert.deepEqual(disagreementsWith(connectedAt8808(), entries, '8808', false), ['call C1: the desktop shows no call, the switch has active']);
});
