/**
 * Decision 0010, regression from the property run (OCTI-PROP-008): the SnapshotEvent that answers
 * LoginAgent is delivered as the SnapshotDevice answer is handled, never after an agent event the
 * switch sent behind that answer. A snapshot delivered once the request's promise settles would
 * overwrite the newer state on the desktop with the older one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdapterPage } from '../../src/contract/pega/activities.ts';
import { agentStateEvent, emitsThenAccepts, snapshotEvent, snapshotReports } from './support/agent-handlers.ts';
import { agentOn } from './support/cti-events.ts';
import { startLab } from './support/lab.ts';
import { calls, MonitorScript } from './support/script.ts';

const AGENT = '5501';
const DN = '8808';
const agent = agentOn(AGENT, DN);
const LOGIN: AdapterPage = { DN, AgentID: AGENT, AgentPassword: 'agent-pw', Queue: 'BILLING' };

for (const mode of ['agent-state', 'full'] as const) {
  test(`LoginAgent in ${mode} mode: an agent event right behind the snapshot's answer reaches the desktop after the snapshot, which ends on the newer state`, async (t) => {
    const lab = await startLab({ mode });
    t.after(() => lab.stop());
    lab.server.use('AgentLogin', emitsThenAccepts(DN, agent.loggedOn(), agent.notReady('LOGIN')));
    // The switch takes the snapshot (NotReady), then the agent goes Ready: the AgentReady travels
    // right behind the answer, in the same TCP write, so the adapter reads both in one turn.
    lab.server.use(
      'SnapshotDevice',
      snapshotReports({ agentId: AGENT, state: 'notReady', reasonCode: 'LOGIN' }, { after: (peer) => peer.emit(DN, agent.ready()) }),
    );
    assert.deepEqual(await lab.adapter.LoginAgent(LOGIN), { ok: true });
    const got = await MonitorScript.of(lab, DN).settle();
    assert.deepEqual(calls(got), ['Login', 'NotReady', 'Snapshot', 'Ready'], 'the stale snapshot comes before the newer Ready, never after it');
    assert.deepEqual(
      got.map((d) => d.event),
      [
        agentStateEvent('Login'),
        agentStateEvent('NotReady', 'LOGIN'),
        snapshotEvent({ pyAgentId: AGENT, pyAgentState: 'NotReady', pyReasonCode: 'LOGIN', pyDeviceState: 'OPENED', pyLinkState: 'CONNECTED' }),
        agentStateEvent('Ready'),
      ],
    );
  });
}
