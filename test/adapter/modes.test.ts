import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createReferenceAdapter } from '../../src/adapter/index.ts';
import type { ActivityName } from '../../src/contract/pega/activities.ts';
import type { PegaCallAdapter } from '../../src/contract/pega/face.ts';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { settingsFor } from './support/lab.ts';
import { RecordingLogger, RecordingSink } from './support/recorders.ts';

const AGENT_STATE: readonly ActivityName[] = ['SetAgentReady', 'SetAgentNotReady'];
const CALL_CONTROL: readonly ActivityName[] = [
  'AnswerCall',
  'HangUpCall',
  'HoldCall',
  'RetrieveCall',
  'MakeCall',
  'SendDTMF',
  'ConsultationCall',
  'ConferenceInitiate',
  'ConferenceComplete',
  'DropParty',
  'TransferInitiate',
  'TransferComplete',
  'BlindTransfer',
];
const PAGE = { DN: '8808', CallID: 'c1', AgentID: '5501', Destination: '5551234', Digits: '12#' };

/** An adapter pointed at a port nothing listens on: any attempt to reach the server would fail with 503, not 405. */
function adapterIn(mode: TelephonyMode): { adapter: PegaCallAdapter; logger: RecordingLogger } {
  const logger = new RecordingLogger();
  return { adapter: createReferenceAdapter({ settings: settingsFor('ws://127.0.0.1:1', { mode }), sink: new RecordingSink(), logger }), logger };
}

async function expectFailure(adapter: PegaCallAdapter, name: ActivityName, errCode: string, errMessage: string): Promise<void> {
  const result = await adapter[name](PAGE);
  assert.deepEqual(result, { ok: false, errCode, errMessage, pyStatusMessage: errMessage, pyPegaCTIError: errMessage }, name);
}

test('OCTI-MODE-001 in Simple telephony SetAgentReady and SetAgentNotReady are refused with 405 naming the mode', async () => {
  const { adapter } = adapterIn('simple');
  for (const name of AGENT_STATE) {
    await expectFailure(adapter, name, 'OPENCTI_HTTP_ERROR_405', `${name} is not available in Simple telephony: agent state is managed at the phone`);
  }
});

test('OCTI-MODE-002 in Simple telephony every call-control activity is refused with 405 naming the mode', async () => {
  const { adapter } = adapterIn('simple');
  for (const name of CALL_CONTROL) {
    await expectFailure(adapter, name, 'OPENCTI_HTTP_ERROR_405', `${name} is not available in Simple telephony: calls are controlled at the phone`);
  }
});

test('in Simple telephony with agent state management every call-control activity is refused with 405 naming the mode', async () => {
  const { adapter } = adapterIn('agent-state');
  for (const name of CALL_CONTROL) {
    await expectFailure(
      adapter,
      name,
      'OPENCTI_HTTP_ERROR_405',
      `${name} is not available in Simple telephony with agent state management: calls are controlled at the phone`,
    );
  }
});

test('in Full telephony every call-control activity is implemented: it needs the open link (503 here), never 405', async () => {
  const { adapter } = adapterIn('full');
  for (const name of CALL_CONTROL) {
    await expectFailure(adapter, name, 'OPENCTI_HTTP_ERROR_503', 'The adapter is not connected to the CTI server at 127.0.0.1:1');
  }
});

for (const mode of ['agent-state', 'full'] as const) {
  test(`in ${mode} mode the agent activities are implemented: they try the CTI server (503 here), never 405`, async () => {
    const { adapter } = adapterIn(mode);
    const page = { ...PAGE, AgentPassword: 'agent-secret-99' };
    for (const name of ['LoginAgent', 'LogoutAgent'] as const) {
      const result = await adapter[name](page);
      assert.equal(result.ok ? '' : result.errCode, 'OPENCTI_HTTP_ERROR_503', name);
    }
    // SetAgentReady / SetAgentNotReady need the open link the agent logged in over: they do not open one.
    for (const name of AGENT_STATE) {
      await expectFailure(adapter, name, 'OPENCTI_HTTP_ERROR_503', 'The adapter is not connected to the CTI server at 127.0.0.1:1');
    }
  });
}

test('OCTI-EVT-002 refused activities resolve (never reject) and log the refusal without the agent password', async () => {
  const { adapter, logger } = adapterIn('simple');
  const result = await adapter.SetAgentNotReady({ ...PAGE, AgentPassword: 'agent-secret-99' });
  assert.equal(result.ok, false);
  assert.ok(logger.entries.some((e) => e.msg.startsWith('SetAgentNotReady failed: SetAgentNotReady is not available')));
  assert.ok(!logger.text().includes('agent-secret-99'));
});

test('the adapter offers exactly the activities of the contract', () => {
  const { adapter } = adapterIn('simple');
  assert.deepEqual(Object.keys(adapter).sort(), [
    'AnswerCall',
    'BlindTransfer',
    'CloseAdapter',
    'ConferenceComplete',
    'ConferenceInitiate',
    'ConsultationCall',
    'DropParty',
    'HangUpCall',
    'HoldCall',
    'LoginAgent',
    'LogoutAgent',
    'MakeCall',
    'OpenAdapter',
    'RetrieveCall',
    'SendDTMF',
    'SetAgentNotReady',
    'SetAgentReady',
    'SubscribeForEvents',
    'TransferComplete',
    'TransferInitiate',
    'UnSubscribeForEvents',
  ]);
});
