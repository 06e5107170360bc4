/** What happens on the switch and the phones: set-up and stimuli the CSR does not do on the desktop. */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { LabWorld } from './world.ts';

Given('the switch has extension(s) {extensions}', function (this: LabWorld, extensions: string[]) {
  this.lab.provision(extensions);
});

Given(
  'queue {string} is dialled on {extension} and served by extension(s) {extensions}',
  function (this: LabWorld, queue: string, dialled: string, members: string[]) {
    this.lab.provision([], [{ id: queue, dialledNumber: dialled, members }]);
  },
);

Given("the switch gives a call's id again once the call has ended", function (this: LabWorld) {
  this.lab.reuseCallIds();
});

Given('extension {extension} has call waiting', function (this: LabWorld, extension: string) {
  this.lab.giveCallWaiting(extension);
});

Given('agent {word} with password {string} is known to the switch', function (this: LabWorld, agent: string, password: string) {
  this.lab.provisionAgent(agent, password);
});

Given('the CTI server is down', async function (this: LabWorld) {
  await this.lab.stopSwitch();
});

When('a customer calls queue {string} from {phone}', function (this: LabWorld, queue: string, from: string) {
  this.lab.customerCalls(from, { queue });
});

When('a customer calls queue {string} from {phone} with call data:', function (this: LabWorld, queue: string, from: string, data: DataTable) {
  this.lab.customerCalls(from, { queue }, data.rowsHash());
});

Given('a customer calls extension {extension} directly from {phone}', function (this: LabWorld, extension: string, from: string) {
  this.lab.customerCalls(from, { extension });
});

When(
  'a customer calls extension {extension} directly from {phone} with call data:',
  function (this: LabWorld, extension: string, from: string, data: DataTable) {
    this.lab.customerCalls(from, { extension }, data.rowsHash());
  },
);

When('extension {extension} calls extension {extension}', function (this: LabWorld, from: string, to: string) {
  this.lab.internalCall(from, to);
});

When('the CSR on {extension} answers {call} at the phone', function (this: LabWorld, extension: string, call: string) {
  this.lab.answerAtPhone(extension, call);
});

When('the customer hangs up', function (this: LabWorld) {
  this.lab.hangUp('caller');
});

When('the caller of {call} hangs up', function (this: LabWorld, call: string) {
  this.lab.hangUp('caller', call);
});

When('the CSR on {extension} hangs up at the phone', function (this: LabWorld, extension: string) {
  this.lab.hangUp(extension);
});

When('the CSR on {extension} puts their call on hold at the phone', function (this: LabWorld, extension: string) {
  this.lab.holdAtPhone(extension);
});

When('the CSR on {extension} retrieves their held call at the phone', function (this: LabWorld, extension: string) {
  this.lab.retrieveAtPhone(extension);
});

When('agent {word} logs in at the phone on {extension}', function (this: LabWorld, agent: string, extension: string) {
  this.lab.agentAtPhone(agent, extension, 'login');
});

When('agent {word} goes Ready at the phone on {extension}', function (this: LabWorld, agent: string, extension: string) {
  this.lab.agentAtPhone(agent, extension, 'ready');
});

When(
  'agent {word} goes Not Ready at the phone on {extension} with reason {string}',
  function (this: LabWorld, agent: string, extension: string, reason: string) {
    this.lab.agentAtPhone(agent, extension, 'notReady', reason);
  },
);

Given('the CTI link will drop at the next frame to the adapter', function (this: LabWorld) {
  this.lab.dropLinkAtNextFrame();
});

Given('the CTI link will drop at the next frame to the adapter, and the switch will then refuse SnapshotDevice', function (this: LabWorld) {
  this.lab.dropLinkAtNextFrame(true);
});

Given('the adapters wait {int} to {int} ms between reconnect attempts', function (this: LabWorld, min: number, max: number) {
  this.lab.offerReconnectWaits({ reconnectMinMs: min, reconnectMaxMs: max });
});

Given(
  'the CTI link will drop at the next frame to the adapter, and the CTI server will then refuse {int} sessions',
  function (this: LabWorld, refusals: number) {
    this.lab.dropLinkAndRefuseSessions(refusals);
  },
);

Then('the adapter comes back after {int} refused attempts, backing off within its waits', async function (this: LabWorld, refusals: number) {
  await this.lab.expectBackoff(refusals);
});

When('agent {word} starts after-call work at the phone on {extension}', function (this: LabWorld, agent: string, extension: string) {
  this.lab.agentAtPhone(agent, extension, 'afterCallWork');
});

When('the CSR on {extension} conferences {extension} in at the phone', function (this: LabWorld, extension: string, colleague: string) {
  this.lab.conferenceAtPhone(extension, colleague);
});

Given('the CTI link will duplicate the next event about extension {extension}', function (this: LabWorld, extension: string) {
  this.lab.injectLinkFault({ kind: 'duplicate' }, extension);
});

Given('the CTI link will lose the next event about extension {extension}', function (this: LabWorld, extension: string) {
  this.lab.injectLinkFault({ kind: 'lose' }, extension);
});

Given('the CTI link will garble the next event about extension {extension}', function (this: LabWorld, extension: string) {
  this.lab.injectLinkFault({ kind: 'garble' }, extension);
});

Given('the CTI link will corrupt the next event about extension {extension}', function (this: LabWorld, extension: string) {
  this.lab.injectLinkFault({ kind: 'corrupt' }, extension);
});

Given('the CTI link will hold back the next event about extension {extension} for {int} ms', function (this: LabWorld, extension: string, ms: number) {
  this.lab.injectLinkFault({ kind: 'delay', ms }, extension);
});
