/** Full telephony: call control from the desktop, what the switch holds, and glare. */
import { Given, Then, When } from '@cucumber/cucumber';
import type { ActivityName } from '../src/contract/index.ts';
import type { LabWorld } from './world.ts';

// ------------------------------------------------------------------ the CSR's call control

When('the CSR on {extension} answers {call}', async function (this: LabWorld, extension: string, call: string) {
  await this.lab.callControl(extension, 'AnswerCall', { call });
});

Given('the CSR on {extension} has answered {call}', async function (this: LabWorld, extension: string, call: string) {
  await this.lab.answered(extension, call);
});

When('the CSR on {extension} answers without naming the call', async function (this: LabWorld, extension: string) {
  await this.lab.callControl(extension, 'AnswerCall');
});

When('the CSR on {extension} hangs up {call}', async function (this: LabWorld, extension: string, call: string) {
  await this.lab.callControl(extension, 'HangUpCall', { call });
});

When('the CSR on {extension} puts {call} on hold', async function (this: LabWorld, extension: string, call: string) {
  await this.lab.callControl(extension, 'HoldCall', { call, held: call });
});

When('the CSR on {extension} retrieves {call}', async function (this: LabWorld, extension: string, call: string) {
  await this.lab.callControl(extension, 'RetrieveCall', { call, held: call });
});

When('the CSR on {extension} calls {word}', async function (this: LabWorld, extension: string, destination: string) {
  await this.lab.callControl(extension, 'MakeCall', { destination });
});

When('the CSR on {extension} sends the digits {string} on {call}', async function (this: LabWorld, extension: string, digits: string, call: string) {
  await this.lab.callControl(extension, 'SendDTMF', { call, digits });
});

When(
  'the CSR on {extension} asks for {activity} of {call} to {word}',
  async function (this: LabWorld, extension: string, activity: ActivityName, call: string, destination: string) {
    await this.lab.callControl(extension, activity, { call, destination });
  },
);

Given(
  'the CSR on {extension} has asked for {activity} of {call} to {word}',
  async function (this: LabWorld, extension: string, activity: ActivityName, call: string, destination: string) {
    await this.lab.consulted(extension, activity, call, destination);
  },
);

When('the CSR on {extension} asks for {activity} without naming a call', async function (this: LabWorld, extension: string, activity: ActivityName) {
  await this.lab.callControl(extension, activity);
});

When('the CSR on {extension} asks for {activity} naming only {call}', async function (this: LabWorld, extension: string, activity: ActivityName, call: string) {
  await this.lab.callControl(extension, activity, { call });
});

// A call id no scenario's switch hands out: the page names a call the switch does not list at the extension.
When(
  'the CSR on {extension} asks for {activity} naming only a call the switch does not list there',
  async function (this: LabWorld, extension: string, activity: ActivityName) {
    await this.lab.attempt(extension, activity, { DN: extension, CallID: 'C-not-at-the-switch' });
  },
);

When('the CSR on {extension} completes the transfer', async function (this: LabWorld, extension: string) {
  await this.lab.callControl(extension, 'TransferComplete', { call: 'last', held: 'first' });
});

When('the CSR on {extension} completes the conference', async function (this: LabWorld, extension: string) {
  await this.lab.callControl(extension, 'ConferenceComplete', { call: 'last', held: 'first' });
});

When('the CSR on {extension} transfers {call} blind to {word}', async function (this: LabWorld, extension: string, call: string, destination: string) {
  await this.lab.callControl(extension, 'BlindTransfer', { call, destination });
});

When('the CSR on {extension} drops {word} from {call}', async function (this: LabWorld, extension: string, party: string, call: string) {
  await this.lab.callControl(extension, 'DropParty', { call, destination: party });
});

// ------------------------------------------------------------------ the switch: dial plan, far ends, truth

Given('the dial plan knows the outside numbers {parties}', function (this: LabWorld, numbers: string[]) {
  this.lab.dialPlan({ outside: numbers.map((number) => ({ number, behaviour: 'ring' })) });
});

Given('the dial plan bars {phone}', function (this: LabWorld, prefix: string) {
  this.lab.dialPlan({ barredPrefixes: [prefix] });
});

Given('the outside number {phone} answers after {int} ms', function (this: LabWorld, number: string, ms: number) {
  this.lab.dialPlan({ outside: [{ number, behaviour: 'answer', answerAfterMs: ms }] });
});

Given('the outside number {phone} is busy', function (this: LabWorld, number: string) {
  this.lab.dialPlan({ outside: [{ number, behaviour: 'busy' }] });
});

Given('the outside number {phone} rings unanswered until the switch gives up after {int} ms', function (this: LabWorld, number: string, ms: number) {
  this.lab.dialPlan({ outside: [{ number, behaviour: 'noAnswer', noAnswerAfterMs: ms }] });
});

When('the far end of {call} answers', function (this: LabWorld, call: string) {
  this.lab.farEndAnswers(call);
});

Given('the CSR on {extension} has answered {call} at the phone', function (this: LabWorld, extension: string, call: string) {
  this.lab.answerAtPhone(extension, call);
});

Then('the switch shows {extension} connected to {call}', async function (this: LabWorld, extension: string, ordinal: string) {
  await this.lab.expectAtSwitch(extension, { ordinal, state: 'connected' });
});

Then('the switch shows {extension} holding {call}', async function (this: LabWorld, extension: string, ordinal: string) {
  await this.lab.expectAtSwitch(extension, { ordinal, state: 'held' });
});

Then('the switch shows no call at {extension}', async function (this: LabWorld, extension: string) {
  await this.lab.expectAtSwitch(extension, 'no call');
});

Then('the switch heard the digits {string} from {extension} on {call}', async function (this: LabWorld, digits: string, extension: string, call: string) {
  await this.lab.expectDigits(extension, call, digits);
});

// ------------------------------------------------------------------ situations

Given('nothing rings at {extension}', async function (this: LabWorld, extension: string) {
  await this.lab.expectAtSwitch(extension, 'no call');
});

Given('a call rings at {extension}', async function (this: LabWorld, extension: string) {
  await this.lab.callRings(extension);
});

Given('{extension} is connected to a call', async function (this: LabWorld, extension: string) {
  await this.lab.connectedCall(extension);
});

Given('{extension} holds a call', async function (this: LabWorld, extension: string) {
  await this.lab.heldCall(extension);
});

// ------------------------------------------------------------------ glare

type Side = 'desktop' | 'switch';

When(
  'the CSR on {extension} answers {call} just as the customer hangs up, {side} first',
  async function (this: LabWorld, extension: string, call: string, first: Side) {
    await this.lab.crossing(
      () => this.lab.callControl(extension, 'AnswerCall', { call }),
      () => this.lab.hangUp('caller', call),
      first,
    );
  },
);

When(
  'the CSR on {extension} puts {call} on hold just as the customer hangs up, {side} first',
  async function (this: LabWorld, extension: string, call: string, first: Side) {
    await this.lab.crossing(
      () => this.lab.callControl(extension, 'HoldCall', { call, held: call }),
      () => this.lab.hangUp('caller', call),
      first,
    );
  },
);

When(
  'the CSR on {extension} completes the transfer just as {extension} hangs up, {side} first',
  async function (this: LabWorld, extension: string, colleague: string, first: Side) {
    await this.lab.crossing(
      () => this.lab.callControl(extension, 'TransferComplete', { call: 'last', held: 'first' }),
      () => this.lab.hangUpWherever(colleague),
      first,
    );
  },
);

When(
  'the CSR on {extension} makes agent {word} Not Ready just as a customer calls queue {string} from {phone}, {side} first',
  async function (this: LabWorld, extension: string, agent: string, queue: string, from: string, first: Side) {
    await this.lab.crossing(
      () => this.lab.attempt(extension, 'SetAgentNotReady', { DN: extension, AgentID: agent }),
      () => this.lab.customerCalls(from, { queue }),
      first,
    );
  },
);

When(
  'the CSR on {extension} logs out as agent {word} just as the call is answered at the phone, {side} first',
  async function (this: LabWorld, extension: string, agent: string, first: Side) {
    await this.lab.crossing(
      () => this.lab.attempt(extension, 'LogoutAgent', { DN: extension, AgentID: agent }),
      () => this.lab.answerAtPhone(extension),
      first,
    );
  },
);

Then('{activity} succeeded or failed with {errorCode}', function (this: LabWorld, activity: ActivityName, code: string) {
  this.lab.expectOutcomeAmong(activity, [code]);
});

Then('the desktop for {extension} agrees with the switch', async function (this: LabWorld, extension: string) {
  await this.lab.expectAgreementWithSwitch(extension);
});

// ------------------------------------------------------------------ what the desktops got

Given('the desktop for {extension} has got a(n) {callEvent} for {call}', async function (this: LabWorld, extension: string, name: string, call: string) {
  await this.checks.expectCallEvent(extension, call, name);
});

Then(
  'the desktop for {extension} gets party info for {call} listing {parties}',
  async function (this: LabWorld, extension: string, call: string, parties: string[]) {
    await this.checks.expectPartyInfo(extension, call, parties);
  },
);

Then('every event for {call} on {extensions} has pyCallType {word}', async function (this: LabWorld, call: string, extensions: string[], callType: string) {
  await this.checks.expectCallTypeThroughout(call, extensions, callType);
});
