import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startLab, type TestLab } from './support/lab.ts';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(async () => {
  await lab.stop();
});

describe('CTI server: event fan-out', { timeout: 10_000 }, () => {
  it('sends a queue call to the monitor of the ringing extension, then the answer and the hang-up, seq from 1', async () => {
    const client = await lab.client();
    const [m8808] = await client.monitor('8808');
    const { control } = lab.simulator;
    const call = control.customerCall({ from: '+441632960001', to: { queue: 'sales' }, callData: { AccountNumber: '42' } });
    control.answerAtPhone({ extension: '8808', call });
    control.hangUp({ call, party: 'caller' });
    const frames = [await client.nextEvent(), await client.nextEvent(), await client.nextEvent(), await client.nextEvent()];
    assert.deepEqual(frames, [
      {
        type: 'Event',
        monitorId: m8808,
        seq: 1,
        event: {
          name: 'Delivered',
          callId: 'C1',
          alertingDevice: '8808',
          callingDevice: '+441632960001',
          calledDevice: '4000',
          trunkUsed: 'T1',
          callData: { AccountNumber: '42' },
          cause: 'newCall',
        },
      },
      {
        type: 'Event',
        monitorId: m8808,
        seq: 2,
        event: {
          name: 'Established',
          callId: 'C1',
          answeringDevice: '8808',
          callingDevice: '+441632960001',
          calledDevice: '4000',
          trunkUsed: 'T1',
          callData: { AccountNumber: '42' },
          cause: 'normal',
        },
      },
      { type: 'Event', monitorId: m8808, seq: 3, event: { name: 'ConnectionCleared', callId: 'C1', releasingDevice: '+441632960001', cause: 'normal' } },
      { type: 'Event', monitorId: m8808, seq: 4, event: { name: 'CallCleared', callId: 'C1', cause: 'normal' } },
    ]);
    assert.deepEqual(client.invalid, []);
  });

  it('gives every monitor of every session its own sequence, in model order', async () => {
    const a = await lab.client();
    const b = await lab.client();
    const [a8808 = '', a8810 = ''] = await a.monitor('8808', '8810');
    const [b8810 = ''] = await b.monitor('8810');
    const { control } = lab.simulator;
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'login' });
    const call = control.internalCall({ from: '8808', to: '8810' });
    control.answerAtPhone({ extension: '8810', call });
    await a.sync();
    await b.sync();
    const seen = (events: ReturnType<typeof a.events>, monitorId: string) =>
      events.filter((e) => e.monitorId === monitorId).map((e) => `${e.seq}:${e.event.name}`);
    assert.deepEqual(seen(a.events(), a8808), ['1:AgentLoggedOn', '2:Delivered', '3:Established', '4:AgentBusy']);
    assert.deepEqual(seen(a.events(), a8810), ['1:Delivered', '2:Established']);
    assert.deepEqual(seen(b.events(), b8810), ['1:Delivered', '2:Established']);
    // Model order across a session's monitors: the 8808 AgentLoggedOn came first.
    assert.deepEqual(
      a.events().map((e) => `${e.monitorId}:${e.event.name}`),
      [`${a8808}:AgentLoggedOn`, `${a8808}:Delivered`, `${a8810}:Delivered`, `${a8808}:Established`, `${a8810}:Established`, `${a8808}:AgentBusy`],
    );
  });

  it('sends nothing for devices the session does not monitor', async () => {
    const client = await lab.client();
    await client.monitor('8809');
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8810' } });
    await client.sync();
    assert.deepEqual(client.events(), []);
  });

  it('stops sending to a monitor once it is stopped', async () => {
    const client = await lab.client();
    const [id = ''] = await client.monitor('8808');
    const { control } = lab.simulator;
    const call = control.customerCall({ from: '+1', to: { extension: '8808' } });
    await client.nextEvent(id);
    await client.request({ type: 'MonitorStop', monitorId: id });
    control.hangUp({ call, party: 'caller' });
    await client.sync();
    assert.deepEqual(
      client.events().map((e) => e.event.name),
      ['Delivered'],
    );
  });

  it('restarts the sequence at 1 for a new monitor on the same device', async () => {
    const client = await lab.client();
    const [first = ''] = await client.monitor('8808');
    const { control } = lab.simulator;
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'login' });
    await client.nextEvent(first);
    await client.request({ type: 'MonitorStop', monitorId: first });
    const reply = await client.request({ type: 'MonitorStart', deviceId: '8808' });
    const second = reply.type === 'Response' && reply.request === 'MonitorStart' ? reply.result.monitorId : assert.fail('MonitorStart refused');
    control.agentAtPhone({ agent: '5501', extension: '8808', action: 'ready' });
    const event = await client.nextEvent(second);
    assert.deepEqual([event.seq, event.event.name], [1, 'AgentReady']);
    assert.notEqual(second, first);
  });

  it('keeps serving the other sessions when one connection closes', async () => {
    const gone = await lab.client();
    const stays = await lab.client();
    await gone.monitor('8808');
    const [kept = ''] = await stays.monitor('8808');
    await gone.close();
    lab.simulator.control.customerCall({ from: '+1', to: { extension: '8808' } });
    const event = await stays.nextEvent(kept);
    assert.deepEqual([event.seq, event.event.name], [1, 'Delivered']);
  });
});
