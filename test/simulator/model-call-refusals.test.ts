import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelErrorCode } from '../../simulator/model/errors.ts';
import type { ModelInput } from '../../simulator/model/types.ts';
import {
  answer,
  blindTransfer,
  conference,
  consult,
  CUSTOMER,
  CUSTOMER_ON_8808,
  customerTo,
  dial,
  FAR,
  hold,
  leave,
  playFull,
  refusedAt,
  retrieve,
  transfer,
} from './support/call-control.ts';

type Case = [what: string, before: readonly ModelInput[], input: ModelInput, code: ModelErrorCode, message: RegExp];

const consulting = [...CUSTOMER_ON_8808, consult('8808', 'C1', '8810')];
/** 8808 and 8810 both hold C1 (an internal call); 8808 then calls 8810 on C2, which 8810 answers: 8810 is in both calls. */
const bothHold = [dial('8808', '8810'), answer('8810'), hold('8810', 'C1'), hold('8808', 'C1'), dial('8808', '8810'), answer('8810', 'C2')];

/** The model codes only call control (and the dial plan) gives; model-errors.test.ts counts them as covered here. */
const CALL_CONTROL_CODES: readonly ModelErrorCode[] = [
  'activeCallAtExtension',
  'unknownNumber',
  'barredNumber',
  'notConnected',
  'notHeld',
  'noConsultCall',
  'partyAlreadyInCall',
  'ambiguousCall',
  'invalidDigits',
];

/** The refusals of call control: each immediate (a refused input changes nothing). */
const CALL_REFUSALS: readonly Case[] = [
  // dialling
  ['dialling from an unknown extension', [], dial('7777', '8810'), 'unknownExtension', /from: "7777" is not a provisioned extension/],
  [
    'dialling from an extension with an active call',
    CUSTOMER_ON_8808,
    dial('8808', '8810'),
    'activeCallAtExtension',
    /from: 8808 already has active call C1 \(connected\); hold or clear it first/,
  ],
  [
    'dialling from an extension whose phone rings',
    [customerTo('8808')],
    dial('8808', '8810'),
    'activeCallAtExtension',
    /already has active call C1 \(alerting\)/,
  ],
  ['dialling the calling extension itself', [], dial('8808', '8808'), 'invalidDestination', /to: 8808 is the calling extension itself/],
  [
    'dialling a number in no dial plan',
    [],
    dial('8808', '+33140000000'),
    'unknownNumber',
    /to: \+33140000000 is not an extension, a queue's number, nor an outside number in the dial plan/,
  ],
  ['dialling a barred number', [], dial('8808', '+19005550100'), 'barredNumber', /to: \+19005550100 is barred by the dial plan \(prefix \+1900\)/],
  [
    'dialling a busy extension',
    [customerTo('8810')],
    dial('8808', '8810'),
    'extensionBusy',
    /to: 8810 already has call C1 \(alerting there\); expected an extension without an active call/,
  ],
  ['dialling a malformed number', [], dial('8808', 'nine'), 'invalidNumber', /to: expected a number to dial/],
  ['dialling with malformed call data', [], dial('8808', '8810', { '1bad': 'x' }), 'invalidCallData', /call data name "1bad"/],
  // answering (the CTI link's AnswerCall)
  [
    'answering a call with no connection at the extension',
    [customerTo('8810')],
    { kind: 'answerCall', extension: '8808', call: 'C1' },
    'notInCall',
    /call C1 has no connection at 8808/,
  ],
  [
    'answering a call that is not ringing there',
    CUSTOMER_ON_8808,
    { kind: 'answerCall', extension: '8808', call: 'C1' },
    'nothingRinging',
    /call C1 is not ringing at 8808 \(it is connected there\)/,
  ],
  ['answering an unknown call', [], { kind: 'answerCall', extension: '8808', call: 'C9' }, 'unknownCall', /call: "C9" is not an active call/],
  // hold and retrieve
  [
    'holding a call that only rings',
    [customerTo('8808')],
    hold('8808', 'C1'),
    'notConnected',
    /call C1 is alerting at 8808, not connected; hold needs a connected \(answered\) call/,
  ],
  ['holding while still dialling', [dial('8808', '8810')], hold('8808', 'C1'), 'notConnected', /is initiated at 8808, not connected/],
  ['holding a held call', [...CUSTOMER_ON_8808, hold('8808')], hold('8808', 'C1'), 'notConnected', /is held at 8808, not connected/],
  ['holding at a phone with no call', [], hold('8808'), 'notConnected', /nothing to hold at 8808/],
  ['holding a call at an extension not in it', CUSTOMER_ON_8808, hold('8810', 'C1'), 'notInCall', /call: call C1 has no connection at 8810/],
  ['holding an unknown call', [], hold('8808', 'C4'), 'unknownCall', /call: "C4" is not an active call; expected one of \(no active calls\)/],
  ['holding at an unknown extension', [], hold('7777'), 'unknownExtension', /extension: "7777" is not a provisioned extension/],
  ['retrieving a call that is not held', CUSTOMER_ON_8808, retrieve('8808', 'C1'), 'notHeld', /call C1 is connected at 8808, not held/],
  ['retrieving at a phone with nothing held', [], retrieve('8808'), 'notHeld', /nothing is held at 8808/],
  [
    'retrieving at a phone that holds two calls without naming one',
    [...CUSTOMER_ON_8808, hold('8808'), dial('8808', FAR.answers), hold('8808', 'C2')],
    retrieve('8808'),
    'ambiguousCall',
    /8808 holds C1, C2; name the call/,
  ],
  [
    'retrieving while another call is active',
    [...consulting],
    retrieve('8808', 'C1'),
    'activeCallAtExtension',
    /8808 already has active call C2 \(initiated\); hold or clear it before retrieving C1/,
  ],
  // consultation
  ['consulting from a call that is not connected', [customerTo('8808')], consult('8808', 'C1', '8810'), 'notConnected', /a consultation needs a connected/],
  [
    'consulting a party already in the call',
    [dial('8808', '8810'), answer('8810')],
    consult('8808', 'C1', '8810'),
    'partyAlreadyInCall',
    /to: 8810 is already in call C1/,
  ],
  ['consulting the customer already in the call', CUSTOMER_ON_8808, consult('8808', 'C1', CUSTOMER), 'partyAlreadyInCall', /is already in call C1/],
  [
    'consulting a busy extension',
    [...CUSTOMER_ON_8808, customerTo('8810', {}, '+15550002')],
    consult('8808', 'C1', '8810'),
    'extensionBusy',
    /8810 already has call C2/,
  ],
  ['consulting a barred number', CUSTOMER_ON_8808, consult('8808', 'C1', '+19005550100'), 'barredNumber', /barred/],
  ['consulting an unknown number', CUSTOMER_ON_8808, consult('8808', 'C1', '+33140000000'), 'unknownNumber', /not an extension/],
  // transfer and conference
  [
    'transferring without a consult (the same call twice)',
    CUSTOMER_ON_8808,
    transfer('8808', 'C1', 'C1'),
    'noConsultCall',
    /heldCall and activeCall are both C1; a transfer needs a held call and another, active call at 8808/,
  ],
  ['transferring a call that is not held', consulting, transfer('8808', 'C2', 'C1'), 'noConsultCall', /heldCall: call C2 is initiated at 8808, not held/],
  [
    'transferring with an active call that only rings at the extension',
    [...CUSTOMER_ON_8808, hold('8808'), customerTo('8808', {}, '+15550002')],
    transfer('8808', 'C1', 'C2'),
    'noConsultCall',
    /activeCall: call C2 is alerting at 8808, not active/,
  ],
  ['transferring an unknown call', CUSTOMER_ON_8808, transfer('8808', 'C1', 'C9'), 'unknownCall', /activeCall: "C9" is not an active call/],
  [
    'transferring a call the extension is not in',
    [...consulting, customerTo('8811', {}, '+15550002')],
    transfer('8808', 'C1', 'C3'),
    'notInCall',
    /activeCall: call C3 has no connection at 8808/,
  ],
  [
    'conferencing before the consult is answered',
    consulting,
    conference('8808', 'C1', 'C2'),
    'notConnected',
    /activeCall: call C2 is not answered yet; a conference needs the consulted party connected/,
  ],
  ['conferencing a party already in the call', bothHold, conference('8808', 'C1', 'C2'), 'partyAlreadyInCall', /8810 is in both C1 and C2/],
  ['conferencing without a consult', CUSTOMER_ON_8808, conference('8808', 'C1', 'C1'), 'noConsultCall', /a conference needs a held call/],
  // single-step transfer
  [
    'blind-transferring a call that is not connected',
    [customerTo('8808')],
    blindTransfer('8808', 'C1', '8810'),
    'notConnected',
    /a single-step transfer needs a connected/,
  ],
  [
    'blind-transferring to a busy extension',
    [...CUSTOMER_ON_8808, customerTo('8810', {}, '+15550002')],
    blindTransfer('8808', 'C1', '8810'),
    'extensionBusy',
    /8810 already has call C2/,
  ],
  ['blind-transferring to a party in the call', CUSTOMER_ON_8808, blindTransfer('8808', 'C1', CUSTOMER), 'partyAlreadyInCall', /already in call C1/],
  [
    'blind-transferring to the extension itself',
    CUSTOMER_ON_8808,
    blindTransfer('8808', 'C1', '8808'),
    'invalidDestination',
    /is the calling extension itself/,
  ],
  ['blind-transferring to an unknown number', CUSTOMER_ON_8808, blindTransfer('8808', 'C1', '+33140000000'), 'unknownNumber', /not an extension/],
  ['blind-transferring to a barred number', CUSTOMER_ON_8808, blindTransfer('8808', 'C1', '+19005550100'), 'barredNumber', /barred/],
  // digits
  [
    'digits on a call that is not connected',
    [customerTo('8808')],
    { kind: 'generateDigits', extension: '8808', call: 'C1', digits: '1' },
    'notConnected',
    /sending digits needs a connected/,
  ],
  [
    'digits that are not DTMF',
    CUSTOMER_ON_8808,
    { kind: 'generateDigits', extension: '8808', call: 'C1', digits: '12x' },
    'invalidDigits',
    /digits: expected 1-64 DTMF digits/,
  ],
  // far ends and parties
  ['a far end answering when none rings', CUSTOMER_ON_8808, { kind: 'farEndAnswers', call: 'C1' }, 'nothingRinging', /no far end is ringing in call C1/],
  [
    'a far end answering that is an extension',
    [dial('8808', '8810')],
    { kind: 'farEndAnswers', call: 'C1', number: '8810' },
    'invalidNumber',
    /8810 is an extension; expected an outside number/,
  ],
  [
    'a far end answering that is not in the call',
    [dial('8808', FAR.rings)],
    { kind: 'farEndAnswers', call: 'C1', number: FAR.answers },
    'notInCall',
    /has no connection in call C1/,
  ],
  ['a far end answering an unknown call', [], { kind: 'farEndAnswers', call: 'C3' }, 'unknownCall', /"C3" is not an active call/],
  [
    'a party leaving a call it already left',
    [...CUSTOMER_ON_8808, consult('8808', 'C1', '8810'), answer('8810'), transfer('8808', 'C1', 'C2')],
    leave('C1', '8808'),
    'notInCall',
    /party: "8808" has no connection in call C1; expected one of caller, 8810/,
  ],
  // the dial plan
  [
    'an outside number that is an extension',
    [],
    { kind: 'configureDialPlan', outside: [{ number: '8808', behaviour: 'answer' }] },
    'invalidProvisioning',
    /dialPlan\.outside\[0\]\.number: 8808 is an extension of this switch/,
  ],
  [
    'an outside number listed twice',
    [],
    {
      kind: 'configureDialPlan',
      outside: [
        { number: '+1', behaviour: 'busy' },
        { number: '+1', behaviour: 'ring' },
      ],
    },
    'invalidProvisioning',
    /outside\[1\]\.number: \+1 is listed twice/,
  ],
  [
    'a timing that does not go with the behaviour',
    [],
    { kind: 'configureDialPlan', outside: [{ number: '+1', behaviour: 'busy', answerAfterMs: 5 }] },
    'invalidProvisioning',
    /outside\[0\]\.answerAfterMs: a busy far end takes no timing/,
  ],
  [
    'an unknown behaviour',
    [],
    { kind: 'configureDialPlan', unlisted: { behaviour: 'sing' as 'ring' } },
    'invalidProvisioning',
    /unlisted\.behaviour: expected one of answer, ring, busy, noAnswer, invalidNumber, got "sing"/,
  ],
  [
    'a malformed barred prefix',
    [],
    { kind: 'configureDialPlan', barredPrefixes: ['0-800'] },
    'invalidProvisioning',
    /barredPrefixes\[0\]: expected a number prefix/,
  ],
  [
    'an extension that is an outside number of the dial plan',
    [],
    { kind: 'provision', extensions: [FAR.busy] },
    'invalidProvisioning',
    /extensions\[0\]: \+442071000003 is an outside number in the dial plan/,
  ],
];

describe('model call control: every refusal is immediate, typed and changes nothing', () => {
  for (const [what, before, input, code, message] of CALL_REFUSALS) {
    it(`refuses ${what} with ${code}`, () => {
      const { state } = playFull(...before);
      const error = refusedAt(state, input);
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
    });
  }

  it('covers every call-control refusal code', () => {
    const used = new Set(CALL_REFUSALS.map(([, , , code]) => code));
    for (const code of CALL_CONTROL_CODES) assert.ok(used.has(code), `no case refuses with ${code}`);
  });
});
