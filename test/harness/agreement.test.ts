import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Agent, Call, ModelState } from '../../simulator/model/types.ts';
import { emptyState, withAgent, withCall } from '../../simulator/model/state.ts';
import { desktopView, disagreements, switchView } from '../../src/harness/agreement.ts';

const call = (id: string, event: string) => ({ pyEventType: 'CallStateEvent', pyEventName: event, pyCallId: id });
const agent = (name: string, pyWorkMode = '') => ({ pyEventType: 'AgentStateEvent', pyEventName: name, pyWorkMode });

function truthWith(calls: Call[], agents: Agent[] = []): ModelState {
  return agents.reduce(withAgent, calls.reduce(withCall, emptyState()));
}

function switchCall(id: string, connections: Call['connections']): Call {
  return { id, callingDevice: '16175551212', calledDevice: '8808', callData: {}, phase: 'connected', connections, parties: connections.map((c) => c.device), startedAt: 0 };
}

test('a desktop that heard a call ring, get answered and go on hold shows it held; an ended call is gone', () => {
  const view = desktopView([call('C1', 'Offering'), call('C1', 'Established'), call('C1', 'Held'), call('C2', 'Offering'), call('C2', 'Abandoned')], false);
  assert.deepEqual(view, { monitored: true, calls: { C1: 'held' } });
});

test('the desktop agrees with a switch that holds the same calls in the same states', () => {
  const truth = truthWith([switchCall('C1', [{ device: '16175551212', state: 'connected' }, { device: '8808', state: 'held' }])]);
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
  assert.deepEqual(disagreements(desktopView([agent('Login'), agent('Ready')], true), switchView(truth, '8808', true)), ['agent: the desktop shows Ready, the switch has NotReady/BUSY']);
  assert.equal(switchView(truthWith([]), '8808', true).agent, 'Logout');
});

test('after a CLOSED snapshot (logout) the desktop is judged on the agent only', () => {
  const truth = truthWith([switchCall('C1', [{ device: '16175551212', state: 'connected' }, { device: '8808', state: 'connected' }])]);
  const closed = { pyEventType: 'SnapshotEvent', pyAgentState: 'Logout', pyDeviceState: 'CLOSED', pyWorkMode: '' };
  assert.deepEqual(disagreements(desktopView([call('C1', 'Offering'), agent('Logout'), closed], true), switchView(truth, '8808', true)), []);
});
