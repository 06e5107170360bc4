/** Agent state management: the CSR's requests, the ACD's own decisions, and what the desktop hears of them. */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import type { LabWorld } from './world.ts';

// ------------------------------------------------------------------ the ACD

Given("the ACD's reason codes are {quotedList}", function (this: LabWorld, codes: string[]) {
  this.lab.configureAcd({ reasonCodes: codes });
});

Given('the ACD keeps agents in after-call work for {int} ms and then makes them Ready', function (this: LabWorld, ms: number) {
  this.lab.configureAcd({ afterCallWorkMs: ms, afterCallWorkEndsIn: 'ready' });
});

Given('the ACD stops ringing an agent after {int} ms', function (this: LabWorld, ms: number) {
  this.lab.configureAcd({ ringTimeoutMs: ms });
});

When('a supervisor makes agent {word} Not Ready with reason {string}', function (this: LabWorld, agent: string, reason: string) {
  this.lab.supervisor(agent, 'notReady', reason);
});

When('a supervisor logs agent {word} out', function (this: LabWorld, agent: string) {
  this.lab.supervisor(agent, 'logout');
});

// ------------------------------------------------------------------ situations

Given('agent {word} is logged out', function (this: LabWorld, agent: string) {
  this.lab.expectAgentLoggedOut(agent);
});

Given('agent {word} is logged in on {extension}', function (this: LabWorld, agent: string, extension: string) {
  this.lab.agentAtPhone(agent, extension, 'login');
});

Given('agent {word} is Ready on {extension}', async function (this: LabWorld, agent: string, extension: string) {
  await this.lab.loginAgent(extension, agent, { ready: true });
});

Given('agent {word} is Not Ready on {extension} with reason {string}', async function (this: LabWorld, agent: string, extension: string, reason: string) {
  await this.lab.loginAgent(extension, agent, { notReadyReason: reason });
});

Given('agent {word} is on a call on {extension}', async function (this: LabWorld, agent: string, extension: string) {
  await this.lab.agentOnCall(agent, extension);
});

Given('the CSR on {extension} has opened the adapter', async function (this: LabWorld, extension: string) {
  await this.lab.openAdapter(extension);
});

Given('the CSR on {extension} is logged in as agent {word}', async function (this: LabWorld, extension: string, agent: string) {
  await this.lab.loginAgent(extension, agent);
});

Given('the CSR on {extension} is logged in as agent {word} and Ready', async function (this: LabWorld, extension: string, agent: string) {
  await this.lab.loginAgent(extension, agent, { ready: true });
});

// ------------------------------------------------------------------ the CSR's requests

When('the CSR on {extension} makes agent {word} Ready', async function (this: LabWorld, extension: string, agent: string) {
  await this.lab.attempt(extension, 'SetAgentReady', { DN: extension, AgentID: agent });
});

When(
  'the CSR on {extension} makes agent {word} Not Ready with reason {string}',
  async function (this: LabWorld, extension: string, agent: string, reason: string) {
    await this.lab.attempt(extension, 'SetAgentNotReady', { DN: extension, AgentID: agent, AgentOptions: { pyOpenCTI: { pyReasonCode: reason } } });
  },
);

When('the CSR on {extension} starts after-call work as agent {word}', async function (this: LabWorld, extension: string, agent: string) {
  await this.lab.attempt(extension, 'SetAgentNotReady', { DN: extension, AgentID: agent, WorkMode: 'AFTER_CALL_WORK' });
});

When('the CSR on {extension} logs out as agent {word} with reason {string}', async function (this: LabWorld, extension: string, agent: string, reason: string) {
  await this.lab.attempt(extension, 'LogoutAgent', { DN: extension, AgentID: agent, AgentOptions: { pyOpenCTI: { pyReasonCode: reason } } });
});

When(
  'the desktop for {extension} asks for {activity} with password {string}',
  async function (this: LabWorld, extension: string, activity: 'LoginAgent', password: string) {
    await this.lab.attemptTypical(extension, activity, { AgentPassword: password });
  },
);

When(
  'the desktop for {extension} asks for {activity} with reason {string}',
  async function (this: LabWorld, extension: string, activity: 'SetAgentNotReady', reason: string) {
    await this.lab.attemptTypical(extension, activity, { AgentOptions: { pyOpenCTI: { pyReasonCode: reason } } });
  },
);

// ------------------------------------------------------------------ what the desktop and the switch show

Then('the desktop for {extension} gets a(n) {agentEvent} agent state event', async function (this: LabWorld, extension: string, name: string) {
  await this.checks.expectAgentEvent(extension, { pyEventName: name });
});

Then('the desktop for {extension} gets exactly one {agentEvent} agent state event', async function (this: LabWorld, extension: string, name: string) {
  await this.checks.expectExactlyOneAgentEvent(extension, { pyEventName: name });
});

Then(
  'the desktop for {extension} gets a(n) {agentEvent} agent state event with reason {string}',
  async function (this: LabWorld, extension: string, name: string, reason: string) {
    await this.checks.expectAgentEvent(extension, { pyEventName: name, pyReasonCode: reason });
  },
);

Then(
  'the desktop for {extension} gets a(n) {agentEvent} agent state event with work mode {string}',
  async function (this: LabWorld, extension: string, name: string, workMode: string) {
    await this.checks.expectAgentEvent(extension, { pyEventName: name, pyWorkMode: workMode });
  },
);

Then('the desktop for {extension} gets, in order, these agent state events:', async function (this: LabWorld, extension: string, table: DataTable) {
  const events = table.hashes().map((row) => ({ pyEventName: row['event'] ?? '', ...(row['work mode'] ? { pyWorkMode: row['work mode'] } : {}) }));
  await this.checks.expectAgentEventsInOrder(extension, events);
});

Then('the desktop for {extension} gets a snapshot carrying:', async function (this: LabWorld, extension: string, table: DataTable) {
  await this.checks.expectSnapshot(extension, table.rowsHash());
});

Then('the desktop for {extension} is never told the CTI link is down', async function (this: LabWorld, extension: string) {
  await this.checks.expectNoSnapshot(extension, { pyLinkState: 'DISCONNECTED' });
});

Then('the desktop for {extension} gets, in order, snapshots carrying:', async function (this: LabWorld, extension: string, table: DataTable) {
  // One row per snapshot; a blank cell is a property that snapshot is not judged on, "(empty)" one that must be the empty string.
  const snapshots = table
    .hashes()
    .map((row) => Object.fromEntries(Object.entries(row).flatMap(([key, value]) => (value === '' ? [] : [[key, value === '(empty)' ? '' : value]]))));
  await this.checks.expectSnapshotsInOrder(extension, snapshots);
});

Then('the switch shows agent {word} logged in on {extension}', function (this: LabWorld, agent: string, extension: string) {
  this.lab.expectAgentStatus(agent, 'loggedIn', extension);
});

Then('the switch shows agent {word} Ready', function (this: LabWorld, agent: string) {
  this.lab.expectAgentStatus(agent, 'ready');
});

Then('the switch shows agent {word} Not Ready with reason {string}', function (this: LabWorld, agent: string, reason: string) {
  this.lab.expectAgentStatus(agent, 'notReady', undefined, reason);
});

Then('the switch shows agent {word} in after-call work', function (this: LabWorld, agent: string) {
  this.lab.expectAgentStatus(agent, 'afterCallWork');
});
