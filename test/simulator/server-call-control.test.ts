import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { CtiEvent, EventFrame, WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import type { ModelEvent } from '../../simulator/model/types.ts';
import { startLab, type TestLab } from './support/lab.ts';
import type { TestRequest, WireClient } from './support/wire-client.ts';

/** The lab provisions 8808, 8809, 8810, queue sales (8808, 8809) and agent 5501; these tests add 8811 and a dial plan. */
const FAR = {
  answers: '+442071000001',
  answersLater: '+442071000002',
  busy: '+442071000003',
  noAnswer: '+442071000004',
  invalid: '+442071000005',
  rings: '+442071000006',
} as const;
const CUSTOMER = '+441632960001';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
  lab.simulator.control.provision({
    extensions: ['8811'],
    dialPlan: {
      outside: [
        { number: FAR.answers, behaviour: 'answer' },
        { number: FAR.answersLater, behaviour: 'answer', answerAfterMs: 2000 },
        { number: FAR.busy, behaviour: 'busy' },
        { number: FAR.noAnswer, behaviour: 'noAnswer', noAnswerAfterMs: 3000 },
        { number: FAR.invalid, behaviour: 'invalidNumber' },
        { number: FAR.rings, behaviour: 'ring' },
      ],
      barredPrefixes: ['+1900'],
    },
  });
});
afterEach(async () => {
  await lab.stop();
});

type Of<K extends TestRequest['type']> = Extract<TestRequest, { type: K }>;

/** Sends the request; it must be accepted; returns its result. */
async function accepted(client: WireClient, request: TestRequest): Promise<Record<string, unknown>> {
  const reply = await client.request(request);
  if (reply.type !== 'Response') assert.fail(`${request.type} refused: ${JSON.stringify(reply.error)}`);
  return reply.result;
}

/** A monitor's events, compact: "Name(callId):cause". */
function heard(client: WireClient, monitorId: string): string[] {
  return client
    .events()
    .filter((e) => e.monitorId === monitorId)
    .map((e) => `${e.event.name}${'callId' in e.event ? `(${e.event.callId})` : ''}${'cause' in e.event ? `:${e.event.cause}` : ''}`);
}

function eventsOf(client: WireClient, monitorId: string): CtiEvent[] {
  return client
    .events()
    .filter((e) => e.monitorId === monitorId)
    .map((e) => e.event);
}

const answerCall = (callId: string, deviceId: string): Of<'AnswerCall'> => ({ type: 'AnswerCall', callId, deviceId });
const makeCall = (callingDevice: string, calledDirectoryNumber: string): Of<'MakeCall'> => ({ type: 'MakeCall', callingDevice, calledDirectoryNumber });

describe('CTI server: making and answering calls', { timeout: 10_000 }, () => {
  it('answers MakeCall with the new call id before Originated, then Delivered to both ends; AnswerCall connects them', async () => {
    const client = await lab.client();
    const [m8808 = '', m8810 = ''] = await client.monitor('8808', '8810');
    const reply = await client.request({ ...makeCall('8808', '8810'), invokeId: 21, callData: { Case: 'K-1' } });
    assert.deepEqual(reply, { type: 'Response', invokeId: 21, request: 'MakeCall', result: { callId: 'C1' } });
    const first = await client.nextEvent(m8808);
    assert.deepEqual(first.event, {
      name: 'Originated',
      callId: 'C1',
      callingDevice: '8808',
      calledDevice: '8810',
      callData: { Case: 'K-1' },
      cause: 'makeCall',
    });
    assert.ok(client.received.indexOf(reply) < client.received.indexOf(first), 'the Response goes out before the events');
    assert.deepEqual(await accepted(client, answerCall('C1', '8810')), {});
    await client.sync();
    assert.deepEqual(heard(client, m8808), ['Originated(C1):makeCall', 'Delivered(C1):newCall', 'Established(C1):normal']);
    assert.deepEqual(heard(client, m8810), ['Delivered(C1):newCall', 'Established(C1):normal']);
    assert.deepEqual(client.invalid, []);
  });

  it('rings an outside far end that answers after its delay, on the simulator clock', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, makeCall('8808', FAR.answersLater));
    await client.sync();
    assert.deepEqual(heard(client, m8808), ['Originated(C1):makeCall', 'Delivered(C1):newCall']);
    lab.clock.advance(2000);
    const established = await client.take((f) => f.type === 'Event' && f.event.name === 'Established');
    assert.deepEqual(established.type === 'Event' && established.event, {
      name: 'Established',
      callId: 'C1',
      answeringDevice: FAR.answersLater,
      callingDevice: '8808',
      calledDevice: FAR.answersLater,
      trunkUsed: 'T1',
      callData: {},
      cause: 'normal',
    });
  });

  it('reports a busy far end as Originated, then Failed (cause busy) and CallCleared', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    assert.deepEqual(await accepted(client, makeCall('8808', FAR.busy)), { callId: 'C1' });
    await client.sync();
    assert.deepEqual(eventsOf(client, m8808).slice(1), [
      { name: 'Failed', callId: 'C1', failingDevice: FAR.busy, calledDevice: FAR.busy, cause: 'busy' },
      { name: 'CallCleared', callId: 'C1', cause: 'busy' },
    ]);
  });

  it('reports a far end that never answers as Failed (cause noAnswer) when its ring times out', async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, makeCall('8808', FAR.noAnswer));
    await client.sync();
    lab.clock.advance(3000);
    await client.take((f) => f.type === 'Event' && f.event.name === 'CallCleared');
    assert.deepEqual(heard(client, m8808), ['Originated(C1):makeCall', 'Delivered(C1):newCall', 'Failed(C1):noAnswer', 'CallCleared(C1):noAnswer']);
  });

  it('hangs up with ClearConnection on the own device: ConnectionCleared, then CallCleared, to both ends', async () => {
    const client = await lab.client();
    const [m8808 = '', m8810 = ''] = await client.monitor('8808', '8810');
    await accepted(client, makeCall('8808', '8810'));
    await accepted(client, answerCall('C1', '8810'));
    await accepted(client, { type: 'ClearConnection', callId: 'C1', deviceId: '8808' });
    await client.sync();
    for (const m of [m8808, m8810])
      assert.deepEqual(eventsOf(client, m).slice(-2), [
        { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '8808', cause: 'normal' },
        { name: 'CallCleared', callId: 'C1', cause: 'normal' },
      ]);
  });

  it("sends digits with GenerateDigits: an empty Response, no event on the link, the switch's trace has them", async () => {
    const switchEvents: ModelEvent[] = [];
    lab.simulator.control.onModelEvent((event) => switchEvents.push(event));
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    await accepted(client, makeCall('8808', FAR.answers));
    assert.deepEqual(await accepted(client, { type: 'GenerateDigits', callId: 'C1', deviceId: '8808', digits: '1234#' }), {});
    await client.sync();
    assert.deepEqual(heard(client, m8808), ['Originated(C1):makeCall', 'Delivered(C1):newCall', 'Established(C1):normal']);
    assert.deepEqual(switchEvents.at(-1), { name: 'DigitsGenerated', callId: 'C1', deviceId: '8808', digits: '1234#', devices: [] });
  });
});

describe('CTI server: hold and retrieve', { timeout: 10_000 }, () => {
  it('sends Held and Retrieved to the monitors of every extension in the call, naming the holding device', async () => {
    const client = await lab.client();
    const [m8808 = '', m8810 = ''] = await client.monitor('8808', '8810');
    await accepted(client, makeCall('8808', '8810'));
    await accepted(client, answerCall('C1', '8810'));
    await accepted(client, { type: 'HoldCall', callId: 'C1', deviceId: '8810' });
    await accepted(client, { type: 'RetrieveCall', callId: 'C1', deviceId: '8810' });
    await client.sync();
    for (const m of [m8808, m8810]) {
      assert.deepEqual(eventsOf(client, m).slice(-2), [
        { name: 'Held', callId: 'C1', holdingDevice: '8810', cause: 'normal' },
        { name: 'Retrieved', callId: 'C1', retrievingDevice: '8810', cause: 'normal' },
      ]);
    }
  });

  it('lists every call at a device with its connection state in SnapshotDevice', async () => {
    const client = await lab.client();
    await client.start();
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' }, callData: { Intent: 'billing' } });
    await accepted(client, answerCall('C1', '8808'));
    await accepted(client, { type: 'ConsultationCall', existingCallId: 'C1', deviceId: '8808', consultedDevice: '8810' });
    const reply = await client.request({ type: 'SnapshotDevice', deviceId: '8808' });
    assert.deepEqual(reply.type === 'Response' && reply.result, {
      deviceId: '8808',
      calls: [
        { callId: 'C1', state: 'held', callingDevice: CUSTOMER, calledDevice: '8808', trunkUsed: 'T1', callData: { Intent: 'billing' } },
        { callId: 'C2', state: 'initiated', callingDevice: '8808', calledDevice: '8810', callData: { Intent: 'billing' } },
      ],
    });
  });

  it("follows the phone's own hold and retrieve", async () => {
    const client = await lab.client();
    const [m8808 = ''] = await client.monitor('8808');
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
    lab.simulator.control.answerAtPhone({ extension: '8808' });
    lab.simulator.control.holdAtPhone({ extension: '8808' });
    lab.simulator.control.retrieveAtPhone({ extension: '8808' });
    await client.sync();
    assert.deepEqual(heard(client, m8808), ['Delivered(C1):newCall', 'Established(C1):normal', 'Held(C1):normal', 'Retrieved(C1):normal']);
  });
});

/** One client's exchange as lines: requests it sent ("adapter →"), frames it received ("server  ←"), and switch stimuli ("#"). */
class Transcript {
  readonly #client: WireClient;
  readonly #lines: { at: number; line: string }[] = [];
  /** Frames received before the transcript began are not in it. */
  readonly #from: number;

  constructor(client: WireClient) {
    this.#client = client;
    this.#from = client.received.length;
  }

  /** Sends a request shown in the transcript (a fixed invoke id keeps it readable). */
  async send(request: TestRequest & { invokeId: number }): Promise<void> {
    this.#lines.push({ at: this.#client.received.length, line: `adapter → ${JSON.stringify(request)}` });
    await this.#client.request(request);
  }

  note(text: string): void {
    this.#lines.push({ at: this.#client.received.length, line: `# ${text}` });
  }

  /** A round trip left out of the transcript, so every frame caused so far has arrived. */
  async sync(): Promise<void> {
    await this.#client.sync();
  }

  render(): string[] {
    const out: string[] = [];
    const received = this.#client.received;
    for (let i = this.#from; i <= received.length; i += 1) {
      for (const entry of this.#lines) if (entry.at === i) out.push(entry.line);
      const frame = received[i];
      if (frame === undefined || frame.type === 'SystemStatus') continue;
      if (frame.type === 'Response' && frame.invokeId >= 100) continue;
      out.push(`server  ← ${JSON.stringify(frame)}`);
    }
    return out;
  }
}

describe('CTI server: consultation, transfer and conference', { timeout: 10_000 }, () => {
  it('plays the consult transfer of docs/cti-wire.md exactly', async () => {
    const client = await lab.client();
    await client.request({
      type: 'StartApplicationSession',
      invokeId: 1,
      applicationId: 'my-adapter',
      user: 'switchboard',
      password: 'switchboard',
      protocolVersion: '1',
    });
    const t = new Transcript(client);
    await t.send({ type: 'MonitorStart', invokeId: 2, deviceId: '8808' });
    await t.send({ type: 'MonitorStart', invokeId: 3, deviceId: '8810' });
    t.note(`a customer calls 8808 with call data {"Intent":"billing"}`);
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' }, callData: { Intent: 'billing' } });
    await t.sync();
    await t.send({ type: 'AnswerCall', invokeId: 4, callId: 'C1', deviceId: '8808' });
    await t.send({ type: 'ConsultationCall', invokeId: 5, existingCallId: 'C1', deviceId: '8808', consultedDevice: '8810' });
    await t.send({ type: 'AnswerCall', invokeId: 6, callId: 'C2', deviceId: '8810' });
    await t.send({ type: 'TransferCall', invokeId: 7, heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' });
    t.note('the customer hangs up');
    lab.simulator.control.hangUp({ call: 'C1', party: 'caller' });
    await t.sync();
    const doc = await readFile(new URL('../../docs/cti-wire.md', import.meta.url), 'utf8');
    const block = /## Example: a consult transfer[\s\S]*?```text\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(block !== undefined, 'docs/cti-wire.md has no "Example: a consult transfer" text block');
    assert.deepEqual(t.render(), block.trimEnd().split('\n'));
    assert.deepEqual(client.invalid, []);
  });

  it('consults and conferences: Conferenced to every monitor; dropping a party leaves a two-party call', async () => {
    const client = await lab.client();
    const [m8808 = '', m8810 = ''] = await client.monitor('8808', '8810');
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' } });
    await accepted(client, answerCall('C1', '8808'));
    assert.deepEqual(
      await accepted(client, { type: 'ConsultationCall', existingCallId: 'C1', deviceId: '8808', consultedDevice: '8810', callData: { Note: 'VIP' } }),
      { callId: 'C2' },
    );
    await accepted(client, answerCall('C2', '8810'));
    assert.deepEqual(await accepted(client, { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' }), { callId: 'C1' });
    await client.sync();
    const conferenced: CtiEvent = {
      name: 'Conferenced',
      callId: 'C1',
      secondaryOldCall: 'C2',
      conferencingDevice: '8808',
      addedParty: '8810',
      callingDevice: CUSTOMER,
      calledDevice: '8808',
      parties: [CUSTOMER, '8808', '8810'],
      callData: { Note: 'VIP' },
      cause: 'conference',
    };
    assert.deepEqual(eventsOf(client, m8808).at(-1), conferenced);
    assert.deepEqual(eventsOf(client, m8810).at(-1), conferenced);
    await accepted(client, { type: 'ClearConnection', callId: 'C1', deviceId: '8810' });
    await accepted(client, { type: 'HoldCall', callId: 'C1', deviceId: '8808' });
    await client.sync();
    assert.deepEqual(
      heard(client, m8810).slice(-2),
      ['Conferenced(C1):conference', 'ConnectionCleared(C1):normal'],
      'the dropped extension hears nothing more',
    );
    assert.deepEqual(heard(client, m8808).slice(-2), ['ConnectionCleared(C1):normal', 'Held(C1):normal']);
  });

  it('single-step transfers: Transferred to the transferring device, Delivered at the target with the call data', async () => {
    const client = await lab.client();
    const [m8808 = '', m8810 = ''] = await client.monitor('8808', '8810');
    lab.simulator.control.customerCall({ from: CUSTOMER, to: { extension: '8808' }, callData: { Intent: 'billing' } });
    await accepted(client, answerCall('C1', '8808'));
    assert.deepEqual(await accepted(client, { type: 'SingleStepTransfer', callId: 'C1', deviceId: '8808', transferredTo: '8810', callData: { Note: 'VIP' } }), {
      callId: 'C1',
    });
    await client.sync();
    assert.deepEqual(eventsOf(client, m8808).at(-1), {
      name: 'Transferred',
      callId: 'C1',
      transferringDevice: '8808',
      transferredToDevice: '8810',
      callingDevice: CUSTOMER,
      calledDevice: '8808',
      parties: [CUSTOMER, '8810'],
      callData: { Intent: 'billing', Note: 'VIP' },
      cause: 'singleStepTransfer',
    });
    assert.deepEqual(eventsOf(client, m8810), [
      {
        name: 'Delivered',
        callId: 'C1',
        alertingDevice: '8810',
        callingDevice: CUSTOMER,
        calledDevice: '8808',
        trunkUsed: 'T1',
        callData: { Intent: 'billing', Note: 'VIP' },
        cause: 'singleStepTransfer',
      },
    ]);
  });
});

describe('CTI server: call-control refusals', { timeout: 10_000 }, () => {
  type Setup = (client: WireClient) => Promise<void>;
  type Case = [what: string, before: Setup, request: TestRequest, code: WireErrorCode, message: RegExp];
  const none: Setup = async () => undefined;
  const control = () => lab.simulator.control;
  /** A customer on C1 talking to 8808. */
  const customerOn8808: Setup = async (client) => {
    control().customerCall({ from: CUSTOMER, to: { extension: '8808' }, callData: { Intent: 'billing' } });
    await accepted(client, answerCall('C1', '8808'));
  };
  const ringing8808: Setup = async () => {
    control().customerCall({ from: CUSTOMER, to: { extension: '8808' } });
  };
  const consulting: Setup = async (client) => {
    await customerOn8808(client);
    await accepted(client, { type: 'ConsultationCall', existingCallId: 'C1', deviceId: '8808', consultedDevice: '8810' });
  };
  /** 8808 and 8810 both hold C1, then 8808 calls 8810 again on C2, which 8810 answers. */
  const bothHold: Setup = async (client) => {
    await accepted(client, makeCall('8808', '8810'));
    await accepted(client, answerCall('C1', '8810'));
    await accepted(client, { type: 'HoldCall', callId: 'C1', deviceId: '8810' });
    await accepted(client, { type: 'HoldCall', callId: 'C1', deviceId: '8808' });
    await accepted(client, makeCall('8808', '8810'));
    await accepted(client, answerCall('C2', '8810'));
  };

  const cases: Case[] = [
    [
      'AnswerCall with nothing ringing',
      customerOn8808,
      answerCall('C1', '8808'),
      'invalidConnectionState',
      /call C1 is not ringing at 8808 \(it is connected there\)/,
    ],
    [
      'AnswerCall of a call ringing elsewhere',
      async () => void control().customerCall({ from: CUSTOMER, to: { extension: '8810' } }),
      answerCall('C1', '8808'),
      'invalidCallId',
      /call C1 has no connection at 8808/,
    ],
    ['AnswerCall of an unknown call', none, answerCall('C7', '8808'), 'invalidCallId', /call: "C7" is not an active call/],
    ['AnswerCall at an unprovisioned device', none, answerCall('C1', '7777'), 'invalidDeviceId', /"7777" is not a provisioned extension/],
    [
      'HoldCall of a call that is not connected',
      ringing8808,
      { type: 'HoldCall', callId: 'C1', deviceId: '8808' },
      'invalidConnectionState',
      /call C1 is alerting at 8808, not connected/,
    ],
    [
      'HoldCall of a call not at the device',
      customerOn8808,
      { type: 'HoldCall', callId: 'C1', deviceId: '8810' },
      'invalidCallId',
      /call C1 has no connection at 8810/,
    ],
    [
      'RetrieveCall of a call that is not held',
      customerOn8808,
      { type: 'RetrieveCall', callId: 'C1', deviceId: '8808' },
      'invalidConnectionState',
      /call C1 is connected at 8808, not held/,
    ],
    [
      'RetrieveCall while another call is active at the device',
      consulting,
      { type: 'RetrieveCall', callId: 'C1', deviceId: '8808' },
      'invalidConnectionState',
      /8808 already has active call C2/,
    ],
    [
      'ClearConnection of a device not in the call',
      customerOn8808,
      { type: 'ClearConnection', callId: 'C1', deviceId: '8810' },
      'invalidCallId',
      /party: "8810" has no connection in call C1/,
    ],
    ['ClearConnection of an unknown call', none, { type: 'ClearConnection', callId: 'C3', deviceId: '8808' }, 'invalidCallId', /"C3" is not an active call/],
    [
      'MakeCall to a number not in the dial plan',
      none,
      makeCall('8808', '+33140000000'),
      'invalidDestination',
      /\+33140000000 is not an extension, a queue's number, nor an outside number in the dial plan/,
    ],
    ['MakeCall to the calling device itself', none, makeCall('8808', '8808'), 'invalidDestination', /calling extension itself/],
    ['MakeCall to a busy extension', ringing8808, makeCall('8810', '8808'), 'destinationBusy', /8808 already has call C1/],
    ['MakeCall to a barred number', none, makeCall('8808', '+19005550100'), 'callRejected', /barred by the dial plan \(prefix \+1900\)/],
    ['MakeCall from a device with an active call', customerOn8808, makeCall('8808', '8810'), 'invalidConnectionState', /8808 already has active call C1/],
    ['MakeCall from an unprovisioned device', none, makeCall('7777', '8808'), 'invalidDeviceId', /"7777" is not a provisioned extension/],
    [
      'ConsultationCall to a party already in the call',
      customerOn8808,
      { type: 'ConsultationCall', existingCallId: 'C1', deviceId: '8808', consultedDevice: CUSTOMER },
      'partyAlreadyInCall',
      /already in call C1/,
    ],
    [
      'ConsultationCall from a call that only rings',
      ringing8808,
      { type: 'ConsultationCall', existingCallId: 'C1', deviceId: '8808', consultedDevice: '8810' },
      'invalidConnectionState',
      /not connected/,
    ],
    [
      'ConsultationCall to a busy extension',
      async (c) => {
        await customerOn8808(c);
        control().customerCall({ from: '+15550002', to: { extension: '8810' } });
      },
      { type: 'ConsultationCall', existingCallId: 'C1', deviceId: '8808', consultedDevice: '8810' },
      'destinationBusy',
      /8810 already has call C2/,
    ],
    [
      'TransferCall without a consult call',
      customerOn8808,
      { type: 'TransferCall', heldCallId: 'C1', activeCallId: 'C1', deviceId: '8808' },
      'noConsultCall',
      /heldCall and activeCall are both C1/,
    ],
    [
      'TransferCall with the calls swapped',
      consulting,
      { type: 'TransferCall', heldCallId: 'C2', activeCallId: 'C1', deviceId: '8808' },
      'noConsultCall',
      /heldCall: call C2 is initiated at 8808, not held/,
    ],
    [
      'TransferCall of an unknown call',
      consulting,
      { type: 'TransferCall', heldCallId: 'C1', activeCallId: 'C9', deviceId: '8808' },
      'invalidCallId',
      /activeCall: "C9" is not an active call/,
    ],
    [
      'ConferenceCall before the consult is answered',
      consulting,
      { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' },
      'invalidConnectionState',
      /not answered yet/,
    ],
    [
      'ConferenceCall of a party already in the call',
      bothHold,
      { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C2', deviceId: '8808' },
      'partyAlreadyInCall',
      /8810 is in both C1 and C2/,
    ],
    [
      'ConferenceCall without a consult call',
      customerOn8808,
      { type: 'ConferenceCall', heldCallId: 'C1', activeCallId: 'C1', deviceId: '8808' },
      'noConsultCall',
      /a conference needs a held call/,
    ],
    [
      'SingleStepTransfer to a barred number',
      customerOn8808,
      { type: 'SingleStepTransfer', callId: 'C1', deviceId: '8808', transferredTo: '+19005550100' },
      'callRejected',
      /barred/,
    ],
    [
      'SingleStepTransfer to a number not in the dial plan',
      customerOn8808,
      { type: 'SingleStepTransfer', callId: 'C1', deviceId: '8808', transferredTo: '+33140000000' },
      'invalidDestination',
      /not an extension/,
    ],
    [
      'SingleStepTransfer of a call that only rings',
      ringing8808,
      { type: 'SingleStepTransfer', callId: 'C1', deviceId: '8808', transferredTo: '8810' },
      'invalidConnectionState',
      /not connected/,
    ],
    [
      'GenerateDigits on a call that is not connected',
      ringing8808,
      { type: 'GenerateDigits', callId: 'C1', deviceId: '8808', digits: '1' },
      'invalidConnectionState',
      /sending digits needs a connected/,
    ],
  ];

  for (const [what, before, request, code, message] of cases) {
    it(`answers ${what} with ${code}, echoing the invoke id, and emits no event`, async () => {
      const client = await lab.client();
      const [m8808 = '', m8810 = ''] = await client.monitor('8808', '8810');
      await before(client);
      await client.sync();
      const counted = (): number => client.events().filter((e: EventFrame) => e.monitorId === m8808 || e.monitorId === m8810).length;
      const eventsBefore = counted();
      const calls = lab.simulator.control.truth().calls;
      const reply = await client.request({ ...request, invokeId: 88 });
      if (reply.type !== 'Error') assert.fail(`expected an Error, got ${JSON.stringify(reply)}`);
      assert.equal(reply.invokeId, 88);
      assert.equal(reply.request, request.type);
      assert.equal(reply.error.code, code, reply.error.message);
      assert.match(reply.error.message, message);
      await client.sync();
      assert.equal(counted(), eventsBefore, 'a refused request causes no event');
      assert.equal(lab.simulator.control.truth().calls, calls, 'a refused request changes nothing');
      assert.deepEqual(client.invalid, []);
    });
  }

  it('refuses a malformed call-control frame with malformedFrame, naming the field', async () => {
    const client = await lab.client();
    await client.start();
    const error = await client.rawError(JSON.stringify({ type: 'GenerateDigits', invokeId: 9, callId: 'C1', deviceId: '8808', digits: '12x' }), 9);
    assert.equal(error.error.code, 'malformedFrame');
    assert.match(error.error.message, /^digits: /);
  });
});
