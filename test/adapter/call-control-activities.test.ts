import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestType, WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import {
  ACTIVITIES,
  ACTIVITY_NAMES,
  CALL_CONTROL_ACTIVITIES,
  CALL_CONTROL_PAGES,
  type ActivityName,
  type AdapterPage,
} from '../../src/contract/pega/activities.ts';
import type { OpenCtiErrorCode } from '../../src/contract/pega/errors.ts';
import { refuses, sent } from './support/agent-handlers.ts';
import { switchShows } from './support/call-handlers.ts';
import { delivered, established } from './support/cti-events.ts';
import { startLab, type Lab } from './support/lab.ts';
import { MonitorScript } from './support/script.ts';

const DN = '8808';
const CUSTOMER = '6175551212';
const inbound = { calling: CUSTOMER, called: '8000', trunk: 'T1' };

interface Hooks {
  after: (fn: () => Promise<void>) => void;
}

/** A Full-telephony adapter with 8808 subscribed; `asked` is how many requests that took. */
async function fullLab(t: Hooks): Promise<{ lab: Lab; asked: number }> {
  const lab = await startLab({ mode: 'full' });
  t.after(() => lab.stop());
  await lab.subscribe(DN);
  return { lab, asked: lab.server.requests.length };
}

function refusal(errCode: OpenCtiErrorCode, errMessage: string) {
  return { ok: false, errCode, errMessage, pyStatusMessage: errMessage, pyPegaCTIError: errMessage };
}

const generic = (message: string) => refusal('OPENCTI_CF_GENERIC_OPERATION', message);
const after = (lab: Lab, asked: number): object[] => sent(lab.server.requests.slice(asked));

// ------------------------------------------------------------------ each activity's request on the wire

const ON_THE_WIRE: readonly (readonly [ActivityName, AdapterPage, object])[] = [
  ['AnswerCall', { DN, CallID: 'C1' }, { type: 'AnswerCall', callId: 'C1', deviceId: DN }],
  ['HangUpCall', { DN, CallID: 'C1' }, { type: 'ClearConnection', callId: 'C1', deviceId: DN }],
  ['HoldCall', { DN, CallID: 'C1' }, { type: 'HoldCall', callId: 'C1', deviceId: DN }],
  ['HoldCall', { DN, CallID: 'C1', HeldCallId: 'C2' }, { type: 'HoldCall', callId: 'C2', deviceId: DN }],
  ['RetrieveCall', { DN, HeldCallId: 'C1' }, { type: 'RetrieveCall', callId: 'C1', deviceId: DN }],
  ['RetrieveCall', { DN, CallID: 'C1' }, { type: 'RetrieveCall', callId: 'C1', deviceId: DN }],
  ['MakeCall', { DN, Destination: '5551234' }, { type: 'MakeCall', callingDevice: DN, calledDirectoryNumber: '5551234' }],
  [
    'MakeCall',
    { DN, Destination: '+1 (617) 555-1212', CallData: { case: 'C-7' } },
    { type: 'MakeCall', callingDevice: DN, calledDirectoryNumber: '+16175551212', callData: { case: 'C-7' } },
  ],
  ['SendDTMF', { DN, CallID: 'C1', Digits: '1234#' }, { type: 'GenerateDigits', callId: 'C1', deviceId: DN, digits: '1234#' }],
  ['ConsultationCall', { DN, CallID: 'C1', Destination: '8809' }, { type: 'ConsultationCall', existingCallId: 'C1', deviceId: DN, consultedDevice: '8809' }],
  ['ConferenceInitiate', { DN, CallID: 'C1', Destination: '8809' }, { type: 'ConsultationCall', existingCallId: 'C1', deviceId: DN, consultedDevice: '8809' }],
  ['TransferInitiate', { DN, CallID: 'C1', Destination: '8809' }, { type: 'ConsultationCall', existingCallId: 'C1', deviceId: DN, consultedDevice: '8809' }],
  ['TransferComplete', { DN, HeldCallId: 'C1', CallID: 'C2' }, { type: 'TransferCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN }],
  ['ConferenceComplete', { DN, HeldCallId: 'C1', CallID: 'C2' }, { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN }],
  ['DropParty', { DN, CallID: 'C1', Destination: '8809' }, { type: 'ClearConnection', callId: 'C1', deviceId: '8809' }],
  [
    'BlindTransfer',
    { DN, CallID: 'C1', Destination: '8809', CallData: { note: 'VIP' } },
    { type: 'SingleStepTransfer', callId: 'C1', deviceId: DN, transferredTo: '8809', callData: { note: 'VIP' } },
  ],
];

for (const [activity, page, frame] of ON_THE_WIRE) {
  test(`${activity} ${JSON.stringify(page)} sends exactly one ${(frame as { type: string }).type} and succeeds when the switch accepts`, async (t) => {
    const { lab, asked } = await fullLab(t);
    assert.deepEqual(await lab.adapter[activity](page), { ok: true });
    assert.deepEqual(after(lab, asked), [frame]);
  });
}

test('OCTI-EVT-002 an accepted call-control request reports nothing by itself: the desktop hears only the switch', async (t) => {
  const { lab } = await fullLab(t);
  const phone = MonitorScript.of(lab, DN);
  for (const [activity, page] of ON_THE_WIRE) assert.deepEqual(await lab.adapter[activity](page), { ok: true }, activity);
  assert.deepEqual(await phone.settle(), []);
});

test("SendDTMF never logs the digits: a CSR may key a customer's PIN", async (t) => {
  const { lab } = await fullLab(t);
  assert.deepEqual(await lab.adapter.SendDTMF({ DN, CallID: 'C1', Digits: '90210#' }), { ok: true });
  assert.ok(!lab.logger.text().includes('90210'));
  assert.ok(lab.logger.entries.some((e) => e.msg === 'CTI frame sent' && JSON.stringify(e.obj).includes('[6 digits redacted]')));
});

// ------------------------------------------------------------------ pages that do not name the call

test('OCTI-FULL-001 AnswerCall without CallID answers the only call ringing at DN, found with SnapshotDevice', async (t) => {
  const { lab, asked } = await fullLab(t);
  lab.server.use('SnapshotDevice', switchShows(['C1', 'held'], ['C2', 'alerting']));
  assert.deepEqual(await lab.adapter.AnswerCall({ DN }), { ok: true });
  assert.deepEqual(after(lab, asked), [
    { type: 'SnapshotDevice', deviceId: DN },
    { type: 'AnswerCall', callId: 'C2', deviceId: DN },
  ]);
});

test('AnswerCall without CallID and nothing ringing at DN fails with OPENCTI_CF_INVALID_OBJECT_STATE naming CallID, and answers nothing', async (t) => {
  const { lab, asked } = await fullLab(t);
  lab.server.use('SnapshotDevice', switchShows(['C1', 'connected']));
  assert.deepEqual(
    await lab.adapter.AnswerCall({ DN, CallID: '' }),
    refusal('OPENCTI_CF_INVALID_OBJECT_STATE', 'AnswerCall needs CallID: it is missing from the adapter page and no call is ringing at extension 8808'),
  );
  assert.deepEqual(after(lab, asked), [{ type: 'SnapshotDevice', deviceId: DN }]);
});

test('AnswerCall without CallID while two calls ring at DN fails naming both: the adapter does not guess', async (t) => {
  const { lab, asked } = await fullLab(t);
  lab.server.use('SnapshotDevice', switchShows(['C1', 'alerting'], ['C2', 'alerting']));
  assert.deepEqual(
    await lab.adapter.AnswerCall({ DN }),
    generic('AnswerCall needs CallID: it is missing from the adapter page and 2 calls are ringing at extension 8808 (C1, C2): name one'),
  );
  assert.deepEqual(after(lab, asked), [{ type: 'SnapshotDevice', deviceId: DN }]);
});

const FOUND_BY_STATE: readonly (readonly [
  ActivityName,
  AdapterPage,
  readonly (readonly [string, 'alerting' | 'connected' | 'held' | 'initiated'])[],
  object,
])[] = [
  [
    'HangUpCall',
    { DN },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'ClearConnection', callId: 'C2', deviceId: DN },
  ],
  ['HangUpCall', { DN }, [['C1', 'held']], { type: 'ClearConnection', callId: 'C1', deviceId: DN }],
  [
    'HoldCall',
    { DN },
    [
      ['C1', 'alerting'],
      ['C2', 'connected'],
    ],
    { type: 'HoldCall', callId: 'C2', deviceId: DN },
  ],
  [
    'RetrieveCall',
    { DN },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'RetrieveCall', callId: 'C1', deviceId: DN },
  ],
  [
    'SendDTMF',
    { DN, Digits: '1' },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'GenerateDigits', callId: 'C2', deviceId: DN, digits: '1' },
  ],
  [
    'TransferInitiate',
    { DN, Destination: '8809' },
    [['C1', 'connected']],
    { type: 'ConsultationCall', existingCallId: 'C1', deviceId: DN, consultedDevice: '8809' },
  ],
  ['BlindTransfer', { DN, Destination: '8809' }, [['C1', 'connected']], { type: 'SingleStepTransfer', callId: 'C1', deviceId: DN, transferredTo: '8809' }],
  ['DropParty', { DN, Destination: '8809' }, [['C1', 'connected']], { type: 'ClearConnection', callId: 'C1', deviceId: '8809' }],
  [
    'TransferComplete',
    { DN },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'TransferCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN },
  ],
  [
    'ConferenceComplete',
    { DN },
    [
      ['C2', 'initiated'],
      ['C1', 'held'],
    ],
    { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN },
  ],
  // Pega's CallID may name the customer's (held) call: the switch says which is which.
  [
    'TransferComplete',
    { DN, CallID: 'C1', HeldCallId: 'C1' },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'TransferCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN },
  ],
  [
    'TransferComplete',
    { DN, CallID: 'C2' },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'TransferCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN },
  ],
  [
    'ConferenceComplete',
    { DN, HeldCallId: 'C1' },
    [
      ['C1', 'held'],
      ['C2', 'connected'],
    ],
    { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: DN },
  ],
];

for (const [activity, page, calls, frame] of FOUND_BY_STATE) {
  test(`${activity} ${JSON.stringify(page)} with ${calls.map(([id, state]) => `${id} ${state}`).join(', ')} at DN acts on the call that fits`, async (t) => {
    const { lab, asked } = await fullLab(t);
    lab.server.use('SnapshotDevice', switchShows(...calls));
    assert.deepEqual(await lab.adapter[activity](page), { ok: true });
    assert.deepEqual(after(lab, asked), [{ type: 'SnapshotDevice', deviceId: DN }, frame]);
  });
}

const NOT_FOUND: readonly (readonly [
  ActivityName,
  AdapterPage,
  readonly (readonly [string, 'alerting' | 'connected' | 'held'])[],
  OpenCtiErrorCode,
  string,
])[] = [
  [
    'HoldCall',
    { DN },
    [],
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'HoldCall needs HeldCallId or CallID: neither is on the adapter page and no call is connected at extension 8808',
  ],
  [
    'RetrieveCall',
    { DN },
    [['C1', 'connected']],
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'RetrieveCall needs HeldCallId or CallID: neither is on the adapter page and no call is on hold at extension 8808',
  ],
  [
    'HangUpCall',
    { DN },
    [],
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'HangUpCall needs CallID: it is missing from the adapter page and no call is connected, dialling, ringing or on hold at extension 8808',
  ],
  [
    'HangUpCall',
    { DN },
    [
      ['C1', 'connected'],
      ['C2', 'alerting'],
    ],
    'OPENCTI_CF_GENERIC_OPERATION',
    'HangUpCall needs CallID: it is missing from the adapter page and 2 calls are connected, dialling or ringing at extension 8808 (C1, C2): name one',
  ],
  [
    'TransferComplete',
    { DN },
    [['C2', 'connected']],
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'TransferComplete needs HeldCallId: it is missing from the adapter page and no call is on hold at extension 8808',
  ],
  [
    'ConferenceComplete',
    { DN },
    [['C1', 'held']],
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'ConferenceComplete needs CallID: it is missing from the adapter page and no call is connected, dialling or ringing at extension 8808',
  ],
];

for (const [activity, page, calls, errCode, message] of NOT_FOUND) {
  test(`${activity} without a call id and ${calls.length === 0 ? 'no call' : calls.map(([id, state]) => `${id} ${state}`).join(', ')} at DN fails with ${errCode} and sends nothing`, async (t) => {
    const { lab, asked } = await fullLab(t);
    lab.server.use('SnapshotDevice', switchShows(...calls));
    assert.deepEqual(await lab.adapter[activity](page), refusal(errCode, message));
    assert.deepEqual(after(lab, asked), [{ type: 'SnapshotDevice', deviceId: DN }]);
  });
}

test("a call lookup the switch cannot answer fails with that failure's code, and nothing is sent", async (t) => {
  const { lab, asked } = await fullLab(t);
  lab.server.use('SnapshotDevice', refuses('serviceUnavailable', 'switch busy'));
  const host = new URL(lab.server.url).host;
  assert.deepEqual(
    await lab.adapter.AnswerCall({ DN }),
    refusal('OPENCTI_HTTP_ERROR_503', `The CTI server at ${host} cannot serve SnapshotDevice for extension 8808 now (switch busy)`),
  );
  assert.deepEqual(after(lab, asked), [{ type: 'SnapshotDevice', deviceId: DN }]);
});

// ------------------------------------------------------------------ pages the adapter refuses before asking the switch

const BAD_PAGES: readonly (readonly [ActivityName, AdapterPage, OpenCtiErrorCode, string])[] = [
  ['AnswerCall', { CallID: 'C1' }, 'OPENCTI_CF_GENERIC_OPERATION', 'AnswerCall needs an extension: DN is missing from the adapter page'],
  [
    'HoldCall',
    { DN, CallID: 'call #1' },
    'OPENCTI_CF_GENERIC_OPERATION',
    'HoldCall cannot use CallID "call #1": expected a call id: 1-64 characters of A-Z a-z 0-9 . _ : -',
  ],
  [
    'RetrieveCall',
    { DN, HeldCallId: 'held call' },
    'OPENCTI_CF_GENERIC_OPERATION',
    'RetrieveCall cannot use HeldCallId "held call": expected a call id: 1-64 characters of A-Z a-z 0-9 . _ : -',
  ],
  ['MakeCall', { DN }, 'OPENCTI_CF_GENERIC_OPERATION', 'MakeCall needs Destination: it is missing from the adapter page'],
  ['MakeCall', { DN, Destination: '  ' }, 'OPENCTI_CF_GENERIC_OPERATION', 'MakeCall needs Destination: it is missing from the adapter page'],
  [
    'MakeCall',
    { DN, Destination: 'call Bob' },
    'OPENCTI_CF_INVALID_DESTINATION',
    'MakeCall cannot dial "call Bob": expected a phone number (digits, optionally led by +)',
  ],
  [
    'MakeCall',
    { DN, Destination: '5551234', CallData: { '1bad': 'x' } },
    'OPENCTI_CF_GENERIC_OPERATION',
    'MakeCall cannot use CallData: expected names of 1-64 letters, digits, _ . - starting with a letter, with string values of at most 1024 characters (CallData.1bad: Unexpected property (attached call data: names to string values), got "x")',
  ],
  ['SendDTMF', { DN, CallID: 'C1' }, 'OPENCTI_CF_GENERIC_OPERATION', 'SendDTMF needs Digits: it is missing from the adapter page'],
  [
    'SendDTMF',
    { DN, CallID: 'C1', Digits: '12x4' },
    'OPENCTI_CF_GENERIC_OPERATION',
    'SendDTMF cannot use Digits: expected 1-64 DTMF digits: 0-9, *, #, A-D (value not shown)',
  ],
  ['ConsultationCall', { DN, CallID: 'C1' }, 'OPENCTI_CF_GENERIC_OPERATION', 'ConsultationCall needs Destination: it is missing from the adapter page'],
  ['ConferenceInitiate', { DN, CallID: 'C1' }, 'OPENCTI_CF_GENERIC_OPERATION', 'ConferenceInitiate needs Destination: it is missing from the adapter page'],
  [
    'TransferInitiate',
    { DN, CallID: 'C1', Destination: 'ext. 8809' },
    'OPENCTI_CF_INVALID_DESTINATION',
    'TransferInitiate cannot dial "ext. 8809": expected a phone number (digits, optionally led by +)',
  ],
  ['BlindTransfer', { DN, CallID: 'C1' }, 'OPENCTI_CF_GENERIC_OPERATION', 'BlindTransfer needs Destination: it is missing from the adapter page'],
  ['DropParty', { DN, CallID: 'C1' }, 'OPENCTI_CF_GENERIC_OPERATION', 'DropParty needs Destination: it is missing from the adapter page'],
];

for (const [activity, page, errCode, message] of BAD_PAGES) {
  test(`${activity} ${JSON.stringify(page)} fails with ${errCode} naming the property, and asks nothing of the switch`, async (t) => {
    const { lab, asked } = await fullLab(t);
    assert.deepEqual(await lab.adapter[activity](page), refusal(errCode, message));
    assert.deepEqual(after(lab, asked), []);
  });
}

test('the contract lists the page of every Full-telephony activity, and the adapter requires exactly the properties it calls required', async (t) => {
  assert.deepEqual(
    CALL_CONTROL_ACTIVITIES,
    ACTIVITY_NAMES.filter((name) => ACTIVITIES[name].mode === 'full'),
  );
  const { lab, asked } = await fullLab(t);
  const full: AdapterPage = { DN, CallID: 'C2', HeldCallId: 'C1', Destination: '8809', Digits: '1' };
  for (const activity of CALL_CONTROL_ACTIVITIES) {
    const { required, optional } = CALL_CONTROL_PAGES[activity];
    const page: AdapterPage = Object.fromEntries([...required, ...optional].map((name) => [name, full[name]]));
    assert.deepEqual(await lab.adapter[activity](page), { ok: true }, `${activity} with its whole page`);
    for (const name of required) {
      const result = await lab.adapter[activity]({ ...page, [name]: undefined });
      const expected =
        name === 'DN'
          ? `${activity} needs an extension: DN is missing from the adapter page`
          : `${activity} needs ${name}: it is missing from the adapter page`;
      assert.deepEqual(result, generic(expected), `${activity} without ${name}`);
    }
  }
  assert.equal(lab.server.requestsOf('SnapshotDevice').length, 0, "a whole page never needs the switch's view");
  assert.equal(lab.server.requests.length - asked, CALL_CONTROL_ACTIVITIES.length);
});

test('SendDTMF refuses bad digits without echoing them', async (t) => {
  const { lab } = await fullLab(t);
  const result = await lab.adapter.SendDTMF({ DN, CallID: 'C1', Digits: '4111-1111' });
  assert.equal(result.ok, false);
  assert.ok(!JSON.stringify(result).includes('4111'));
  assert.ok(!lab.logger.text().includes('4111'));
});

// ------------------------------------------------------------------ the switch's refusals

const SWITCH_REFUSALS: readonly (readonly [ActivityName, AdapterPage, RequestType, WireErrorCode, OpenCtiErrorCode, string])[] = [
  [
    'AnswerCall',
    { DN, CallID: 'C1' },
    'AnswerCall',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not ringing at extension 8808: there is nothing to answer',
  ],
  ['AnswerCall', { DN, CallID: 'C9' }, 'AnswerCall', 'invalidCallId', 'OPENCTI_CF_INVALID_OBJECT_STATE', 'Call C9 is not at extension 8808: it may have ended'],
  [
    'HoldCall',
    { DN, CallID: 'C1' },
    'HoldCall',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not connected at extension 8808: only a connected call can be put on hold',
  ],
  [
    'RetrieveCall',
    { DN, CallID: 'C1' },
    'RetrieveCall',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not on hold at extension 8808: there is nothing to take back',
  ],
  [
    'SendDTMF',
    { DN, CallID: 'C1', Digits: '1' },
    'GenerateDigits',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not connected at extension 8808: digits can only be sent on a connected call',
  ],
  [
    'HangUpCall',
    { DN, CallID: 'C1' },
    'ClearConnection',
    'invalidCallId',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not at extension 8808: it may have ended',
  ],
  [
    'MakeCall',
    { DN, Destination: '999' },
    'MakeCall',
    'invalidDestination',
    'OPENCTI_CF_INVALID_DESTINATION',
    '999 is not a number the switch can dial: check the number',
  ],
  ['MakeCall', { DN, Destination: '8809' }, 'MakeCall', 'destinationBusy', 'OPENCTI_DEST_BUSY', '8809 is busy: try again later'],
  ['MakeCall', { DN, Destination: '19005550100' }, 'MakeCall', 'callRejected', 'OPENCTI_CALL_REJECTED', 'Calls to 19005550100 are barred by the dial plan'],
  [
    'MakeCall',
    { DN, Destination: '8809' },
    'MakeCall',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Extension 8808 cannot dial now: its calls do not allow a new one',
  ],
  [
    'ConsultationCall',
    { DN, CallID: 'C1', Destination: '8809' },
    'ConsultationCall',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not connected at extension 8808: only a connected call can be held for a consultation',
  ],
  [
    'ConferenceInitiate',
    { DN, CallID: 'C1', Destination: '8809' },
    'ConsultationCall',
    'partyAlreadyInCall',
    'OPENCTI_CONF_ALREADY_PRESENT',
    '8809 is already in call C1',
  ],
  ['TransferInitiate', { DN, CallID: 'C1', Destination: '8811' }, 'ConsultationCall', 'destinationBusy', 'OPENCTI_DEST_BUSY', '8811 is busy: try again later'],
  [
    'TransferComplete',
    { DN, HeldCallId: 'C1', CallID: 'C2' },
    'TransferCall',
    'noConsultCall',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'There is no call on hold with a consultation call at extension 8808: start a consultation before completing the transfer',
  ],
  [
    'ConferenceComplete',
    { DN, HeldCallId: 'C1', CallID: 'C2' },
    'ConferenceCall',
    'noConsultCall',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'There is no call on hold with a consultation call at extension 8808: start a consultation before completing the conference',
  ],
  [
    'ConferenceComplete',
    { DN, HeldCallId: 'C1', CallID: 'C2' },
    'ConferenceCall',
    'partyAlreadyInCall',
    'OPENCTI_CONF_ALREADY_PRESENT',
    'The consulted party is already in call C1',
  ],
  [
    'ConferenceComplete',
    { DN, HeldCallId: 'C1', CallID: 'C2' },
    'ConferenceCall',
    'invalidCallId',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Calls C1 and C2 are not both at extension 8808: they may have ended',
  ],
  [
    'DropParty',
    { DN, CallID: 'C1', Destination: '8810' },
    'ClearConnection',
    'invalidCallId',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    '8810 is not in call C1: there is no one to drop',
  ],
  [
    'BlindTransfer',
    { DN, CallID: 'C1', Destination: '8809' },
    'SingleStepTransfer',
    'invalidConnectionState',
    'OPENCTI_CF_INVALID_OBJECT_STATE',
    'Call C1 is not connected at extension 8808: only a connected call can be transferred',
  ],
  [
    'BlindTransfer',
    { DN, CallID: 'C1', Destination: '999' },
    'SingleStepTransfer',
    'invalidDestination',
    'OPENCTI_CF_INVALID_DESTINATION',
    '999 is not a number the switch can dial: check the number',
  ],
];

for (const [activity, page, request, wire, errCode, message] of SWITCH_REFUSALS) {
  test(`OCTI-FULL-014 ${activity} refused by the switch with ${wire} fails with ${errCode}, and the desktop hears nothing`, async (t) => {
    const { lab, asked } = await fullLab(t);
    const phone = MonitorScript.of(lab, DN);
    lab.server.use(request, refuses(wire, `switch says ${wire}`));
    assert.deepEqual(await lab.adapter[activity](page), refusal(errCode, message));
    assert.deepEqual(
      after(lab, asked).map((f) => (f as { type: string }).type),
      [request],
    );
    assert.deepEqual(await phone.settle(), []);
  });
}

// ------------------------------------------------------------------ call data on consultations

test("OCTI-FULL-012 a consultation carries the held call's data, with the page's CallData added, to the consulted party", async (t) => {
  const { lab, asked } = await fullLab(t);
  const phone = MonitorScript.of(lab, DN);
  const customer = { ...inbound, data: { account: '42', reason: 'billing' } };
  phone.send(delivered('C1', DN, customer), established('C1', DN, customer));
  await phone.settle();
  const before = lab.server.requests.length;
  assert.deepEqual(await lab.adapter.TransferInitiate({ DN, CallID: 'C1', Destination: '8809', CallData: { reason: 'upgrade', case: 'C-7' } }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(before)), [
    { type: 'ConsultationCall', existingCallId: 'C1', deviceId: DN, consultedDevice: '8809', callData: { account: '42', reason: 'upgrade', case: 'C-7' } },
  ]);
  assert.ok(lab.server.requests.length > asked);
});

test("a blind transfer sends only the page's CallData: the switch keeps the call, and its data, as it moves", async (t) => {
  const { lab } = await fullLab(t);
  const phone = MonitorScript.of(lab, DN);
  const customer = { ...inbound, data: { account: '42' } };
  phone.send(delivered('C1', DN, customer), established('C1', DN, customer));
  await phone.settle();
  const before = lab.server.requests.length;
  assert.deepEqual(await lab.adapter.BlindTransfer({ DN, CallID: 'C1', Destination: '8809' }), { ok: true });
  assert.deepEqual(sent(lab.server.requests.slice(before)), [{ type: 'SingleStepTransfer', callId: 'C1', deviceId: DN, transferredTo: '8809' }]);
});
