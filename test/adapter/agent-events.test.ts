import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CtiEvent } from '../../src/contract/cti-wire/frames.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { agentStateEvent } from './support/agent-handlers.ts';
import { agentOn, callCleared, connectionCleared, delivered, established } from './support/cti-events.ts';
import { startLab } from './support/lab.ts';
import { calls, MonitorScript } from './support/script.ts';

const agent = agentOn('5501', '8808');

const agentDay: CtiEvent[] = [
  agent.loggedOn(),
  agent.ready(),
  agent.notReady('LUNCH'),
  agent.notReady(),
  agent.afterCallWork(),
  agent.busy(),
  agent.loggedOff('EOD'),
];

async function eventsIn(t: { after: (fn: () => Promise<void>) => void }, mode: TelephonyMode, events: readonly CtiEvent[]) {
  const lab = await startLab({ mode });
  t.after(() => lab.stop());
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(...events);
  return phone.settle();
}

test('OCTI-MODE-003 in Simple telephony no agent-state event reaches the desktop (AgentBusy included)', async (t) => {
  assert.deepEqual(await eventsIn(t, 'simple', agentDay), []);
});

for (const mode of ['agent-state', 'full'] as const) {
  test(`agent events become AgentStateEvents in ${mode} mode: Login, Ready, NotReady with reason, ACW and busy as NotReady work modes, Logout with reason`, async (t) => {
    assert.deepEqual(
      (await eventsIn(t, mode, agentDay)).map((d) => d.event),
      [
        agentStateEvent('Login'),
        agentStateEvent('Ready'),
        agentStateEvent('NotReady', 'LUNCH'),
        agentStateEvent('NotReady'),
        agentStateEvent('NotReady', '', 'ACW'),
        agentStateEvent('NotReady', '', 'BUSY'),
        agentStateEvent('Logout', 'EOD'),
      ],
    );
  });
}

/** A queue call answered by agent 5501 on 8808; the ACD makes the agent busy, then after-call work, then Ready by itself; later a supervisor steps in. */
const callStory: CtiEvent[] = [
  delivered('c1', '8808', { calling: '6175551212', called: '8000', trunk: 'T1', data: { Intent: 'billing' } }),
  established('c1', '8808', { calling: '6175551212', called: '8000', trunk: 'T1' }),
  agent.busy(),
  connectionCleared('c1', '6175551212'),
  connectionCleared('c1', '8808'),
  callCleared('c1'),
  agent.afterCallWork(),
  agent.ready(),
  agent.notReady('SUPERVISOR'),
  agent.loggedOff('FORCED'),
];

for (const mode of ['agent-state', 'full'] as const) {
  test(`in ${mode} mode changes the server makes by itself reach the desktop: busy on a call, ACW after it, Ready, a supervisor's Not Ready and logout`, async (t) => {
    const got = await eventsIn(t, mode, callStory);
    assert.deepEqual(calls(got), ['Offering c1', 'Established c1', 'NotReady', 'Disconnected c1', 'NotReady', 'Ready', 'NotReady', 'Logout']);
    assert.deepEqual(
      got.filter((d) => d.event.pyEventType === 'AgentStateEvent').map((d) => d.event),
      [
        agentStateEvent('NotReady', '', 'BUSY'),
        agentStateEvent('NotReady', '', 'ACW'),
        agentStateEvent('Ready'),
        agentStateEvent('NotReady', 'SUPERVISOR'),
        agentStateEvent('Logout', 'FORCED'),
      ],
    );
    assert.ok(got.every((d) => d.DN === '8808'));
  });
}

test('the same call story in Simple telephony pops the same screen and shows no agent state', async (t) => {
  assert.deepEqual(calls(await eventsIn(t, 'simple', callStory)), ['Offering c1', 'Established c1', 'Disconnected c1']);
});
