/**
 * The reference adapter's AMI link against the simulator's AMI (decision 0130): LoginAgent checks
 * the agent's password at the agent's own manager user before QueueAdd, so a wrong one is refused by
 * the server and adds no member; LogoutAgent with a reason pauses the member with it, then removes
 * it, and the desktop's Logout carries the reason QueueMemberRemoved reports. Real TCP on loopback.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LinkFailure } from '../../src/adapter/errors.ts';
import type { CtiLink } from '../../src/adapter/link/link.ts';
import { openCtiLink } from '../../src/adapter/link/open.ts';
import { REAL_TIMERS } from '../../src/adapter/timers.ts';
import type { EventFrame } from '../../src/contract/cti-wire/frames.ts';
import { createAmiDialect } from '../../simulator/dialects/ami.ts';
import type { ModelEvent } from '../../simulator/model/types.ts';
import { startLab, type TestLab } from '../simulator/support/lab.ts';
import { RecordingLogger } from './support/recorders.ts';

const USER = 'ami-user';
const SECRET = 'ami-secret-link';
/** As test/simulator/support/lab.ts provisions agent 5501. */
const AGENT = '5501';
const AGENT_SECRET = 'agent-secret-5501';

let lab: TestLab;
let link: CtiLink;
let events: EventFrame[];
let recorded: ModelEvent[];
let logger: RecordingLogger;
beforeEach(async () => {
  lab = await startLab({ dialect: createAmiDialect(), credentials: { user: USER, password: SECRET } });
  events = [];
  recorded = [];
  lab.simulator.control.onModelEvent((e) => recorded.push(e));
  logger = new RecordingLogger();
  link = await openCtiLink({
    url: lab.url,
    user: USER,
    password: SECRET,
    applicationId: 'test',
    connectMs: 2000,
    requestMs: 2000,
    logger,
    timers: REAL_TIMERS,
    onEvent: (e) => events.push(e),
    onLost: () => undefined,
  });
  await link.monitorStart('8808', () => undefined);
});
afterEach(async () => {
  await link.close();
  await lab.stop();
});

const agentState = (): string | undefined => lab.simulator.control.truth().agents.get(AGENT)?.status.kind;
/** The agent events the link handed on, as `name(reason)`. */
const heard = (): string[] =>
  events.flatMap((f) => (f.event.name.startsWith('Agent') ? [`${f.event.name}(${'reasonCode' in f.event ? (f.event.reasonCode ?? '') : ''})`] : []));

/** Everything the link has been told so far: a snapshot's answer follows every event sent before it. */
async function settled(): Promise<void> {
  await link.snapshotDevice('8808');
}

describe("the AMI link's LoginAgent checks the agent's password at the server", () => {
  it('refuses a wrong password as the server refused it, and adds no member', async () => {
    await assert.rejects(
      link.agentLogin({ agentId: AGENT, password: 'wrong-pw-7Qx', deviceId: '8808', queue: undefined }),
      (error: unknown) => error instanceof LinkFailure && error.kind === 'invalidAgentPassword',
    );
    await settled();
    assert.equal(agentState(), 'loggedOut');
    assert.deepEqual(heard(), []);
    const logged = JSON.stringify(logger.entries) + lab.logs.text.join('');
    assert.ok(!logged.includes('wrong-pw-7Qx') && !logged.includes(AGENT_SECRET), 'no password is logged');
  });

  it('logs the agent in with the right one', async () => {
    await link.agentLogin({ agentId: AGENT, password: AGENT_SECRET, deviceId: '8808', queue: undefined });
    await settled();
    assert.equal(agentState(), 'loggedIn');
    assert.deepEqual(heard(), ['AgentLoggedOn()']);
    assert.ok(!(JSON.stringify(logger.entries) + lab.logs.text.join('')).includes(AGENT_SECRET), 'no password is logged');
  });
});

describe("the AMI link's LogoutAgent with a reason", () => {
  beforeEach(async () => {
    await link.agentLogin({ agentId: AGENT, password: AGENT_SECRET, deviceId: '8808', queue: undefined });
  });

  it('pauses the member with the reason, removes it, and hands on the Logout with the reason the server reports', async () => {
    await link.agentLogout(AGENT, '3', { dn: '8808' });
    await settled();
    assert.equal(agentState(), 'loggedOut');
    assert.deepEqual(heard(), ['AgentLoggedOn()', 'AgentNotReady(3)', 'AgentLoggedOff(3)']);
    assert.deepEqual(
      recorded.filter((e) => e.name === 'AgentLoggedOff').map((e) => ('reasonCode' in e ? e.reasonCode : undefined)),
      ['3'],
      'the switch recorded the reason',
    );
  });

  it('logs out an agent already Not Ready with that reason', async () => {
    await link.setAgentState(AGENT, 'notReady', '3', { dn: '8808' });
    await link.agentLogout(AGENT, '3', { dn: '8808' });
    await settled();
    assert.equal(agentState(), 'loggedOut');
    assert.deepEqual(heard(), ['AgentLoggedOn()', 'AgentNotReady(3)', 'AgentLoggedOff(3)']);
  });

  it('refused for a call at the extension, leaves the agent Not Ready with the reason: the pause it took', async () => {
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8808' } });
    await assert.rejects(link.agentLogout(AGENT, '3', { dn: '8808' }), (error: unknown) => error instanceof LinkFailure && error.kind === 'agentBusy');
    await settled();
    const status = lab.simulator.control.truth().agents.get(AGENT)?.status;
    assert.deepEqual(status?.kind === 'notReady' ? status.reasonCode : status?.kind, '3');
    assert.deepEqual(heard(), ['AgentLoggedOn()', 'AgentNotReady(3)'], 'the desktop hears the pause, as the switch has it');
  });

  it('without a reason only removes the member', async () => {
    await link.agentLogout(AGENT, undefined, { dn: '8808' });
    await settled();
    assert.deepEqual(heard(), ['AgentLoggedOn()', 'AgentLoggedOff()']);
  });
});
