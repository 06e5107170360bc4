/** What the CSR's Pega desktop asks of the adapter, and how the adapter answers. */
import { Given, Then, When } from '@cucumber/cucumber';
import type { ActivityName } from '../src/contract/index.ts';
import type { LabWorld } from './world.ts';

Given('a CSR monitors extension {extension}', async function (this: LabWorld, extension: string) {
  await this.lab.monitor(extension);
});

Given('a CSR monitors extension {extension} with the adapter in Simple telephony', async function (this: LabWorld, extension: string) {
  await this.lab.monitor(extension, 'simple');
});

Given("the adapter's CTI link password is {string}", function (this: LabWorld, password: string) {
  this.lab.useLinkPassword(password);
});

When('the CSR on {extension} opens the adapter', async function (this: LabWorld, extension: string) {
  await this.lab.attempt(extension, 'OpenAdapter');
});

When('the CSR on {extension} subscribes to extension {extension}', async function (this: LabWorld, desktop: string, extension: string) {
  await this.lab.attempt(desktop, 'SubscribeForEvents', { DN: extension });
});

When('the CSR on {extension} unsubscribes from extension {extension}', async function (this: LabWorld, desktop: string, extension: string) {
  await this.lab.attempt(desktop, 'UnSubscribeForEvents', { DN: extension });
});

When('the CSR on {extension} closes the adapter', async function (this: LabWorld, extension: string) {
  await this.lab.attempt(extension, 'CloseAdapter');
});

When(
  'the CSR on {extension} logs in as agent {word} with password {string}',
  async function (this: LabWorld, extension: string, agent: string, password: string) {
    await this.lab.attempt(extension, 'LoginAgent', { DN: extension, AgentID: agent, AgentPassword: password });
  },
);

When('the CSR on {extension} logs out as agent {word}', async function (this: LabWorld, extension: string, agent: string) {
  await this.lab.attempt(extension, 'LogoutAgent', { DN: extension, AgentID: agent });
});

When('the desktop for {extension} asks for {activity}', async function (this: LabWorld, extension: string, activity: ActivityName) {
  await this.lab.attemptTypical(extension, activity);
});

When('an adapter is configured with {word} set to {settingValue}', async function (this: LabWorld, path: string, value: unknown) {
  await this.lab.configure(path, value);
});

Then('{activity} fails with {errorCode}', function (this: LabWorld, activity: ActivityName, code: string) {
  this.lab.expectFailure(activity, code);
});

Then('{activity} fails with {errorCode} mentioning {string}', function (this: LabWorld, activity: ActivityName, code: string, text: string) {
  this.lab.expectFailure(activity, code, text);
});

Then('{activity} fails with {errorCode} naming {call} and {call}', function (this: LabWorld, activity: ActivityName, code: string, a: string, b: string) {
  this.lab.expectFailureNamingCalls(activity, code, [a, b]);
});

Then('{activity} succeeds', function (this: LabWorld, activity: ActivityName) {
  this.lab.expectSuccess(activity);
});

Then('{activity} succeeded', function (this: LabWorld, activity: ActivityName) {
  this.lab.expectSuccess(activity);
});

Then('the configuration is refused naming {string}', function (this: LabWorld, setting: string) {
  this.lab.expectConfigurationRefused(setting);
});

Then('the switch holds no CTI session and no monitor', async function (this: LabWorld) {
  await this.lab.expectNothingLeftAtSwitch();
});

Then('the switch holds no monitor of extension {extension}', async function (this: LabWorld, extension: string) {
  await this.lab.expectNothingLeftAtSwitch(extension);
});

Then('no credential the adapter was given shows in its logs, answers or events', async function (this: LabWorld) {
  await this.checks.quiet();
  this.lab.expectNoSecretLeaked();
});
