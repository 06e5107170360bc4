import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CtiEvent } from '../../src/contract/cti-wire/frames.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { startLab } from './support/lab.ts';
import { MonitorScript } from './support/script.ts';

const agentDay: CtiEvent[] = [
  { name: 'AgentLoggedOn', agentId: '5501', deviceId: '8808' },
  { name: 'AgentReady', agentId: '5501', deviceId: '8808' },
  { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', reasonCode: 'LUNCH' },
  { name: 'AgentNotReady', agentId: '5501', deviceId: '8808' },
  { name: 'AgentWorkingAfterCall', agentId: '5501', deviceId: '8808' },
  { name: 'AgentLoggedOff', agentId: '5501', deviceId: '8808', reasonCode: 'EOD' },
];

async function agentEventsIn(t: { after: (fn: () => Promise<void>) => void }, mode: TelephonyMode) {
  const lab = await startLab({ mode });
  t.after(() => lab.stop());
  const phone = await MonitorScript.on(lab, '8808');
  phone.send(...agentDay);
  return (await phone.settle()).map((d) => d.event);
}

test('OCTI-MODE-003 in Simple telephony no agent-state event reaches the desktop', async (t) => {
  assert.deepEqual(await agentEventsIn(t, 'simple'), []);
});

for (const mode of ['agent-state', 'full'] as const) {
  test(`agent events become AgentStateEvents in ${mode} mode: Login, Ready, NotReady with reason, ACW as NotReady, Logout with reason`, async (t) => {
    const base = { pyEventType: 'AgentStateEvent', pyMedia: 'Phone' } as const;
    assert.deepEqual(await agentEventsIn(t, mode), [
      { ...base, pyEventName: 'Login', pyReasonCode: '', pyWorkMode: '' },
      { ...base, pyEventName: 'Ready', pyReasonCode: '', pyWorkMode: '' },
      { ...base, pyEventName: 'NotReady', pyReasonCode: 'LUNCH', pyWorkMode: '' },
      { ...base, pyEventName: 'NotReady', pyReasonCode: '', pyWorkMode: '' },
      { ...base, pyEventName: 'NotReady', pyReasonCode: '', pyWorkMode: 'ACW' },
      { ...base, pyEventName: 'Logout', pyReasonCode: 'EOD', pyWorkMode: '' },
    ]);
  });
}
