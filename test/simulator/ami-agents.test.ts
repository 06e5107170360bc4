/**
 * The agent password and the logout reason on the simulator's AMI (decision 0130), driven by an AMI
 * client nobody here wrote (`asterisk-manager` from npm), as it would drive Asterisk: an agent's
 * manager user logs in with the agent's password and is refused with any other, hears nothing and
 * may only log off; a member paused with a reason and then removed leaves with that reason, in
 * QueueMemberRemoved's PausedReason and in the switch's own record. Real TCP on loopback.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createAmiDialect } from '../../simulator/dialects/ami.ts';
import type { ModelEvent } from '../../simulator/model/types.ts';
import { act, createManager, type AmiEvent, type Manager } from './support/asterisk-manager.ts';
import { startLab, type TestLab } from './support/lab.ts';

const USER = 'ami-user';
const SECRET = 'ami-secret-agents';
/** As support/lab.ts provisions agent 5501. */
const AGENT = '5501';
const AGENT_SECRET = 'agent-secret-5501';

let lab: TestLab;
let managers: Manager[] = [];
beforeEach(async () => {
  lab = await startLab({ dialect: createAmiDialect(), credentials: { user: USER, password: SECRET } });
  managers = [];
});
afterEach(async () => {
  for (const m of managers) m.disconnect();
  await lab.stop();
});

/** The client logged in as `user`: the Login's answer, and every event it hears. */
async function login(user: string, secret: string): Promise<{ m: Manager; answer: AmiEvent; seen: AmiEvent[] }> {
  const m = createManager(Number(new URL(lab.url).port), '127.0.0.1', user, secret, true);
  managers.push(m);
  const seen: AmiEvent[] = [];
  m.on('managerevent', (e) => seen.push(e));
  const answer = await new Promise<AmiEvent>((resolve) => m.on('response', (e) => resolve(e)));
  return { m, answer, seen };
}

/** The client's events until one the predicate takes (answers to its own actions come in order, so a Ping's answer follows every earlier event). */
async function until(m: Manager, seen: AmiEvent[], predicate: (e: AmiEvent) => boolean): Promise<AmiEvent> {
  for (let pings = 0; pings < 20; pings += 1) {
    const found = seen.find(predicate);
    if (found !== undefined) return found;
    await act(m, { action: 'Ping' });
  }
  throw new Error(`no such event among: ${seen.map((e) => String(e['event'])).join(', ')}`);
}

const member = { interface: 'PJSIP/8808', queue: 'sales' };

describe("AMI: an agent's manager user checks the agent's password (decision 0130)", () => {
  it("accepts the agent's password, refuses any other, and the user hears nothing and may only log off", async () => {
    const wrong = await login(AGENT, 'not-the-password');
    assert.equal(wrong.answer['response'], 'Error');
    assert.equal(wrong.answer['message'], 'Authentication failed');

    const agent = await login(AGENT, AGENT_SECRET);
    assert.equal(agent.answer['response'], 'Success');
    assert.equal(agent.answer['message'], 'Authentication accepted');
    await assert.rejects(act(agent.m, { action: 'QueueAdd', ...member, membername: AGENT, paused: 'true' }), /Permission denied/);
    await assert.rejects(act(agent.m, { action: 'QueueStatus' }), /Permission denied/);
    assert.equal(lab.simulator.control.truth().agents.get(AGENT)?.status.kind, 'loggedOut', 'the agent user changed nothing');

    // The CTI server's user logs the agent in: its session hears it, the agent's user does not.
    const cti = await login(USER, SECRET);
    await act(cti.m, { action: 'QueueAdd', ...member, membername: AGENT, paused: 'true' });
    await until(cti.m, cti.seen, (e) => e['event'] === 'QueueMemberAdded');
    await act(agent.m, { action: 'Ping' });
    assert.deepEqual(agent.seen, [], "the agent's user has no read permission: no FullyBooted, no events");

    const goodbye = await act(agent.m, { action: 'Logoff' });
    assert.equal(goodbye['response'], 'Goodbye');
  });

  it("is no way in for the CTI server's user, nor for a name that is no agent", async () => {
    for (const [user, secret] of [
      [USER, AGENT_SECRET],
      ['5999', AGENT_SECRET],
    ] as const) {
      const refused = await login(user, secret);
      assert.equal(refused.answer['message'], 'Authentication failed', user);
    }
    assert.ok(!lab.logs.text.join('').includes(AGENT_SECRET), 'the secret is never logged');
  });
});

describe('AMI: a member removed while paused with a reason leaves with it (decision 0130)', () => {
  it("QueuePause's Reason, then QueueRemove: QueueMemberRemoved carries it as PausedReason, and the switch records the logout's reason", async () => {
    const recorded: ModelEvent[] = [];
    lab.simulator.control.onModelEvent((e) => recorded.push(e));
    const { m, seen } = await login(USER, SECRET);
    await act(m, { action: 'QueueAdd', ...member, membername: AGENT, paused: 'true' });
    await act(m, { action: 'QueuePause', interface: member.interface, paused: 'true', reason: '3' });
    const removed = await act(m, { action: 'QueueRemove', ...member });
    assert.equal(removed['message'], 'Removed interface from queue');
    const event = await until(m, seen, (e) => e['event'] === 'QueueMemberRemoved');
    assert.equal(event['paused'], '1');
    assert.equal(event['pausedreason'], '3');
    assert.deepEqual(
      recorded.filter((e) => e.name === 'AgentLoggedOff'),
      [{ name: 'AgentLoggedOff', agentId: AGENT, deviceId: '8808', reasonCode: '3', devices: ['8808'] }],
    );
  });

  it('a member never paused with a reason leaves with none', async () => {
    const recorded: ModelEvent[] = [];
    lab.simulator.control.onModelEvent((e) => recorded.push(e));
    const { m, seen } = await login(USER, SECRET);
    await act(m, { action: 'QueueAdd', ...member, membername: AGENT, paused: 'true' });
    await act(m, { action: 'QueueRemove', ...member });
    const event = await until(m, seen, (e) => e['event'] === 'QueueMemberRemoved');
    assert.equal(event['paused'], '0');
    assert.equal(event['pausedreason'], '');
    assert.deepEqual(
      recorded.filter((e) => e.name === 'AgentLoggedOff'),
      [{ name: 'AgentLoggedOff', agentId: AGENT, deviceId: '8808', devices: ['8808'] }],
    );
  });
});
