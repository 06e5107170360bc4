import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_ERROR_CODES, type ModelErrorCode } from '../../simulator/model/errors.ts';
import { emptyState } from '../../simulator/model/state.ts';
import type { ModelInput, ModelState } from '../../simulator/model/types.ts';
import { play, refused } from './support/model.ts';

interface Case {
  what: string;
  before: ModelInput[];
  input: ModelInput;
  code: ModelErrorCode;
  message: RegExp;
  from?: ModelState;
}

const ring: ModelInput = { kind: 'customerCall', from: '+1001', to: { extension: '8810' } };

const cases: Case[] = [
  {
    what: 'a malformed extension number',
    before: [],
    from: emptyState(),
    input: { kind: 'provision', extensions: ['88a'] },
    code: 'invalidProvisioning',
    message: /extensions\[0\]: expected an extension number .*got "88a"/,
  },
  {
    what: 'an extension provisioned twice',
    before: [],
    input: { kind: 'provision', extensions: ['8808'] },
    code: 'invalidProvisioning',
    message: /extensions\[0\]: extension 8808 is already provisioned/,
  },
  {
    what: 'a queue member that is not an extension',
    before: [],
    input: { kind: 'provision', queues: [{ id: 'q2', dialledNumber: '4001', members: ['7777'] }] },
    code: 'invalidProvisioning',
    message: /queues\[0\]\.members\[0\]: expected a provisioned extension, got "7777"/,
  },
  {
    what: 'a queue id provisioned twice',
    before: [],
    input: { kind: 'provision', queues: [{ id: 'sales', dialledNumber: '4001', members: [] }] },
    code: 'invalidProvisioning',
    message: /queues\[0\]\.id: queue sales is already provisioned/,
  },
  {
    what: 'a dialled number already in use',
    before: [],
    input: { kind: 'provision', queues: [{ id: 'q2', dialledNumber: '4000', members: [] }] },
    code: 'invalidProvisioning',
    message: /dialledNumber: 4000 is already dialled/,
  },
  {
    what: 'a queue dialled at an extension number',
    before: [],
    input: { kind: 'provision', queues: [{ id: 'q2', dialledNumber: '8808', members: [] }] },
    code: 'invalidProvisioning',
    message: /8808 is an extension/,
  },
  {
    what: 'a malformed agent id',
    before: [],
    input: { kind: 'provision', agents: [{ id: 'a b', password: 'x' }] },
    code: 'invalidProvisioning',
    message: /agents\[0\]\.id: expected an agent id/,
  },
  {
    what: 'an agent provisioned twice',
    before: [],
    input: { kind: 'provision', agents: [{ id: '5501', password: 'x' }] },
    code: 'invalidProvisioning',
    message: /agent 5501 is already provisioned/,
  },
  {
    what: 'a customer call from a malformed number',
    before: [],
    input: { kind: 'customerCall', from: 'anonymous', to: { extension: '8808' } },
    code: 'invalidNumber',
    message: /from: expected an external number/,
  },
  {
    what: 'a customer call from an extension',
    before: [],
    input: { kind: 'customerCall', from: '8808', to: { extension: '8809' } },
    code: 'invalidNumber',
    message: /8808 is an extension of this switch/,
  },
  {
    what: 'a customer call to an unknown queue',
    before: [],
    input: { kind: 'customerCall', from: '+1', to: { queue: 'support' } },
    code: 'unknownQueue',
    message: /to\.queue: "support" is not a provisioned queue; expected one of sales/,
  },
  {
    what: 'a customer call to an unknown extension',
    before: [],
    input: { kind: 'customerCall', from: '+1', to: { extension: '7777' } },
    code: 'unknownExtension',
    message: /to\.extension "7777" is not a provisioned extension/,
  },
  {
    what: 'a customer call to a busy extension',
    before: [ring],
    input: { kind: 'customerCall', from: '+2', to: { extension: '8810' } },
    code: 'extensionBusy',
    message: /to\.extension 8810 already has call C1/,
  },
  {
    what: 'malformed call data',
    before: [],
    input: { kind: 'customerCall', from: '+1', to: { extension: '8808' }, callData: { '1bad': 'x' } },
    code: 'invalidCallData',
    message: /call data name "1bad"/,
  },
  {
    what: 'an over-long call data value',
    before: [],
    input: { kind: 'customerCall', from: '+1', to: { extension: '8808' }, callData: { big: 'x'.repeat(1025) } },
    code: 'invalidCallData',
    message: /at most 1024 characters/,
  },
  {
    what: 'an internal call from an unknown extension',
    before: [],
    input: { kind: 'internalCall', from: '7777', to: '8808' },
    code: 'unknownExtension',
    message: /from "7777"/,
  },
  {
    what: 'an internal call to an unknown extension',
    before: [],
    input: { kind: 'internalCall', from: '8808', to: '7777' },
    code: 'unknownExtension',
    message: /to "7777"/,
  },
  {
    what: 'an extension calling itself',
    before: [],
    input: { kind: 'internalCall', from: '8808', to: '8808' },
    code: 'invalidDestination',
    message: /calling extension itself/,
  },
  {
    what: 'an internal call from a busy extension',
    before: [ring],
    input: { kind: 'internalCall', from: '8810', to: '8808' },
    code: 'extensionBusy',
    message: /from 8810 already has call C1/,
  },
  {
    what: 'an internal call to a busy extension',
    before: [ring],
    input: { kind: 'internalCall', from: '8808', to: '8810' },
    code: 'extensionBusy',
    message: /to 8810 already has call C1/,
  },
  {
    what: 'answering at an unknown extension',
    before: [],
    input: { kind: 'answerAtPhone', extension: '7777' },
    code: 'unknownExtension',
    message: /extension: "7777"/,
  },
  {
    what: 'answering when nothing rings',
    before: [],
    input: { kind: 'answerAtPhone', extension: '8808' },
    code: 'nothingRinging',
    message: /nothing is ringing at 8808 \(it has no call\)/,
  },
  {
    what: 'answering twice',
    before: [ring, { kind: 'answerAtPhone', extension: '8810' }],
    input: { kind: 'answerAtPhone', extension: '8810' },
    code: 'nothingRinging',
    message: /its call C1 is not alerting there/,
  },
  {
    what: 'answering at the calling end of an internal call',
    before: [{ kind: 'internalCall', from: '8808', to: '8810' }],
    input: { kind: 'answerAtPhone', extension: '8808' },
    code: 'nothingRinging',
    message: /not alerting/,
  },
  {
    what: 'answering an unknown call',
    before: [ring],
    input: { kind: 'answerAtPhone', extension: '8810', call: 'C9' },
    code: 'unknownCall',
    message: /call: "C9" is not an active call; expected one of C1/,
  },
  {
    what: 'answering a call that rings elsewhere',
    before: [ring],
    input: { kind: 'answerAtPhone', extension: '8808', call: 'C1' },
    code: 'nothingRinging',
    message: /call C1 is not ringing at 8808 \(it has no connection there\)/,
  },
  {
    what: 'hanging up an unknown call',
    before: [],
    input: { kind: 'hangUp', call: 'C1', party: 'caller' },
    code: 'unknownCall',
    message: /"C1" is not an active call; expected one of \(no active calls\)/,
  },
  {
    what: 'hanging up a call that has ended',
    before: [ring, { kind: 'hangUp', call: 'C1', party: 'caller' }],
    input: { kind: 'hangUp', call: 'C1', party: 'caller' },
    code: 'unknownCall',
    message: /not an active call/,
  },
  {
    what: 'hanging up a party not in the call',
    before: [ring],
    input: { kind: 'hangUp', call: 'C1', party: '8808' },
    code: 'notInCall',
    message: /party: "8808" has no connection in call C1; expected one of caller, 8810/,
  },
];

describe('model: every refusal is a typed error result', () => {
  for (const c of cases) {
    it(`refuses ${c.what} with ${c.code}`, () => {
      const state = c.from ?? play(...c.before).state;
      const error = refused(state, c.input);
      assert.equal(error.code, c.code);
      assert.match(error.message, c.message);
    });
  }

  it('leaves the state untouched when refusing (a failed provisioning adds nothing)', () => {
    const { state } = play();
    const error = refused(state, { kind: 'provision', extensions: ['9001', '8808'] });
    assert.equal(error.code, 'invalidProvisioning');
    assert.equal(state.extensions.has('9001'), false);
  });

  it('documents every error code it can return', () => {
    const used = new Set(cases.map((c) => c.code));
    // Agent refusals are covered in model-agents.test.ts and model-acd.test.ts.
    for (const code of [
      'unknownAgent',
      'wrongPassword',
      'notInQueue',
      'agentNotLoggedIn',
      'agentAlreadyLoggedIn',
      'extensionHasAgent',
      'wrongExtension',
      'alreadyInState',
      'invalidReasonCode',
      'agentBusy',
    ] as const)
      used.add(code);
    // Call-control refusals are covered in model-call-refusals.test.ts.
    for (const code of [
      'activeCallAtExtension',
      'unknownNumber',
      'barredNumber',
      'notConnected',
      'notHeld',
      'noConsultCall',
      'partyAlreadyInCall',
      'ambiguousCall',
      'invalidDigits',
    ] as const)
      used.add(code);
    assert.deepEqual([...used].sort(), Object.keys(MODEL_ERROR_CODES).sort());
  });
});
