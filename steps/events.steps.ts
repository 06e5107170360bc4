/** What reaches the desktops: checked against the recorded trace by the shared trace checker. */
import { Then, type DataTable } from '@cucumber/cucumber';
import type { LabWorld } from './world.ts';

Then('the desktop for {extension} gets a(n) {callEvent} for {call}', async function (this: LabWorld, extension: string, name: string, call: string) {
  await this.checks.expectCallEvent(extension, call, name);
});

Then(
  'the desktop for {extension} gets a(n) {callEvent} for {call} carrying:',
  async function (this: LabWorld, extension: string, name: string, call: string, table: DataTable) {
    await this.checks.expectCallEvent(extension, call, name, table.rowsHash());
  },
);

Then(
  'the desktop for {extension} gets a(n) {callEvent} for {call} with call data:',
  async function (this: LabWorld, extension: string, name: string, call: string, table: DataTable) {
    await this.checks.expectCallEvent(extension, call, name, {}, table.rowsHash());
  },
);

Then('the desktop for {extension} gets exactly one {callEvent} for {call}', async function (this: LabWorld, extension: string, name: string, call: string) {
  await this.checks.expectExactlyOneCallEvent(extension, call, name);
});

Then('the desktop for {extension} gets no {callEvent} for {call}', async function (this: LabWorld, extension: string, name: string, call: string) {
  await this.checks.expectNoCallEvent(extension, call, name);
});

Then('the desktop for {extension} gets, in order, for {call}:', async function (this: LabWorld, extension: string, call: string, table: DataTable) {
  await this.checks.expectCallEventsInOrder(
    extension,
    call,
    table.raw().map((row) => row[0] ?? ''),
  );
});

Then('nothing follows the {callEvent} for {call} on {extension}', async function (this: LabWorld, name: string, call: string, extension: string) {
  await this.checks.expectNothingAfter(extension, call, name);
});

Then('{call} and {call} have different call ids', async function (this: LabWorld, first: string, second: string) {
  await this.checks.expectDistinctCallIds(first, second);
});

Then('no desktop gets any event for extension {extension}', async function (this: LabWorld, extension: string) {
  await this.checks.expectNoEventFor(extension);
});

Then('the desktop for {extension} gets no event', async function (this: LabWorld, extension: string) {
  await this.checks.expectSilentDesktop(extension);
});

Then('the desktop for {extension} gets no event after that', async function (this: LabWorld, extension: string) {
  await this.checks.expectSilentDesktop(extension, this.lab.sinceLastRequest);
});

Then('the desktop for {extension} gets no party info', async function (this: LabWorld, extension: string) {
  await this.checks.expectNoPartyInfo(extension);
});

Then('the desktop for {extension} gets no agent state event', async function (this: LabWorld, extension: string) {
  await this.checks.expectNoAgentStateEvent(extension);
});

Then('the desktop for {extension} gets no agent state event after that', async function (this: LabWorld, extension: string) {
  await this.checks.expectNoAgentStateEvent(extension, this.lab.sinceLastRequest);
});

Then("every event the desktops got matches Pega's event schema", async function (this: LabWorld) {
  await this.checks.expectSchemaConformance();
});

Then('the switch shows agent {word} logged out', function (this: LabWorld, agent: string) {
  this.lab.expectAgentLoggedOut(agent);
});

Then(
  'the Offerings of {call} on {extension} and {call} on {extension} carry the same caller details',
  async function (this: LabWorld, first: string, firstExtension: string, second: string, secondExtension: string) {
    await this.checks.expectSameCallerDetails({ ordinal: first, extension: firstExtension }, { ordinal: second, extension: secondExtension });
  },
);
