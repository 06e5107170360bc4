import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { HEARTBEAT_MS, startLab, type TestLab } from './support/lab.ts';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(async () => {
  await lab.stop();
});

function errorCode(frame: { type: string; error?: { code: string } }): string | undefined {
  return frame.type === 'Error' ? frame.error?.code : undefined;
}

describe('CTI server: starting a session', { timeout: 10_000 }, () => {
  it('binds to loopback on an ephemeral port', () => {
    assert.match(lab.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(lab.simulator.url, lab.url);
  });

  it('starts a session with the configured credentials and tells the heartbeat interval', async () => {
    const client = await lab.client();
    const reply = await client.request({
      type: 'StartApplicationSession',
      invokeId: 41,
      applicationId: 'pega',
      user: 'switchboard',
      password: 'switchboard',
      protocolVersion: '1',
    });
    assert.deepEqual(reply, {
      type: 'Response',
      invokeId: 41,
      request: 'StartApplicationSession',
      result: { sessionId: 'S1', heartbeatIntervalMs: HEARTBEAT_MS },
    });
  });

  it('refuses a wrong password with authenticationFailed, and lets the client try again', async () => {
    const client = await lab.client();
    const refused = await client.start('switchboard', 'wrong');
    assert.equal(errorCode(refused), 'authenticationFailed');
    assert.equal(refused.type === 'Error' && refused.request, 'StartApplicationSession');
    assert.equal((await client.start()).type, 'Response');
  });

  it('refuses a wrong user with authenticationFailed', async () => {
    const client = await lab.client();
    assert.equal(errorCode(await client.start('someone', 'switchboard')), 'authenticationFailed');
  });

  it('honours custom credentials', async () => {
    await lab.stop();
    lab = await startLab({ credentials: { user: 'pega', password: 'p4ss' } });
    const client = await lab.client();
    assert.equal(errorCode(await client.start()), 'authenticationFailed');
    assert.equal((await client.start('pega', 'p4ss')).type, 'Response');
  });

  it('refuses another protocol version with unsupportedProtocolVersion naming the one it speaks', async () => {
    const client = await lab.client();
    const reply = await client.request({
      type: 'StartApplicationSession',
      applicationId: 'a',
      user: 'switchboard',
      password: 'switchboard',
      protocolVersion: '2',
    });
    assert.equal(errorCode(reply), 'unsupportedProtocolVersion');
    assert.match(reply.type === 'Error' ? reply.error.message : '', /protocolVersion: expected "1", got "2"/);
  });

  it('refuses every other request before the session starts with sessionNotStarted', async () => {
    const client = await lab.client();
    for (const request of [
      { type: 'MonitorStart', deviceId: '8808' },
      { type: 'MonitorStop', monitorId: 'M1' },
      { type: 'SnapshotDevice', deviceId: '8808' },
      { type: 'StopApplicationSession' },
    ] as const) {
      const reply = await client.request({ ...request, invokeId: 7 });
      assert.equal(reply.invokeId, 7);
      assert.equal(errorCode(reply), 'sessionNotStarted', request.type);
      assert.match(reply.type === 'Error' ? reply.error.message : '', /expected StartApplicationSession first/);
    }
  });

  it('refuses a second StartApplicationSession with sessionAlreadyStarted', async () => {
    const client = await lab.client();
    await client.start();
    assert.equal(errorCode(await client.start()), 'sessionAlreadyStarted');
  });

  it('stops a session: later requests need a new start', async () => {
    const client = await lab.client();
    await client.start();
    const stopped = await client.request({ type: 'StopApplicationSession' });
    assert.deepEqual(stopped.type === 'Response' && stopped.result, {});
    assert.equal(errorCode(await client.request({ type: 'MonitorStart', deviceId: '8808' })), 'sessionNotStarted');
    const again = await client.start();
    assert.equal(again.type === 'Response' && again.request === 'StartApplicationSession' && again.result.sessionId, 'S2');
  });
});

describe('CTI server: monitors and snapshots', { timeout: 10_000 }, () => {
  it('opens a monitor on a provisioned device and returns its id', async () => {
    const client = await lab.client();
    await client.start();
    const reply = await client.request({ type: 'MonitorStart', invokeId: 5, deviceId: '8808' });
    assert.deepEqual(reply, { type: 'Response', invokeId: 5, request: 'MonitorStart', result: { monitorId: 'M1' } });
  });

  it('refuses an unprovisioned device with invalidDeviceId', async () => {
    const client = await lab.client();
    await client.start();
    const reply = await client.request({ type: 'MonitorStart', deviceId: '7777' });
    assert.equal(errorCode(reply), 'invalidDeviceId');
    assert.match(reply.type === 'Error' ? reply.error.message : '', /deviceId: 7777 is not provisioned/);
  });

  it('refuses monitoring the same device twice on one session with monitorAlreadyActive', async () => {
    const client = await lab.client();
    await client.monitor('8808');
    const reply = await client.request({ type: 'MonitorStart', deviceId: '8808' });
    assert.equal(errorCode(reply), 'monitorAlreadyActive');
    assert.match(reply.type === 'Error' ? reply.error.message : '', /already monitors 8808 with monitor M1/);
  });

  it('lets two sessions monitor the same device', async () => {
    const [a, b] = [await lab.client(), await lab.client()];
    assert.deepEqual(await a.monitor('8808'), ['M1']);
    assert.deepEqual(await b.monitor('8808'), ['M2']);
  });

  it('stops a monitor, then refuses stopping it again with invalidMonitorId', async () => {
    const client = await lab.client();
    const [id = ''] = await client.monitor('8808');
    assert.equal((await client.request({ type: 'MonitorStop', monitorId: id })).type, 'Response');
    assert.equal(errorCode(await client.request({ type: 'MonitorStop', monitorId: id })), 'invalidMonitorId');
  });

  it("refuses stopping another session's monitor with invalidMonitorId", async () => {
    const [a, b] = [await lab.client(), await lab.client()];
    const [id = ''] = await a.monitor('8808');
    await b.start();
    assert.equal(errorCode(await b.request({ type: 'MonitorStop', monitorId: id })), 'invalidMonitorId');
  });

  it("snapshots a device's calls with connection state, parties, trunk and call data", async () => {
    const client = await lab.client();
    await client.start();
    lab.simulator.control.customerCall({ from: '+441632960001', to: { queue: 'sales' }, callData: { AccountNumber: '42' } });
    const reply = await client.request({ type: 'SnapshotDevice', invokeId: 9, deviceId: '8808' });
    assert.deepEqual(reply, {
      type: 'Response',
      invokeId: 9,
      request: 'SnapshotDevice',
      result: {
        deviceId: '8808',
        calls: [{ callId: 'C1', state: 'alerting', callingDevice: '+441632960001', calledDevice: '4000', trunkUsed: 'T1', callData: { AccountNumber: '42' } }],
      },
    });
    const idle = await client.request({ type: 'SnapshotDevice', deviceId: '8810' });
    assert.deepEqual(idle.type === 'Response' && idle.result, { deviceId: '8810', calls: [] });
  });

  it('refuses a snapshot of an unprovisioned device with invalidDeviceId', async () => {
    const client = await lab.client();
    await client.start();
    assert.equal(errorCode(await client.request({ type: 'SnapshotDevice', deviceId: '7777' })), 'invalidDeviceId');
    assert.deepEqual(client.invalid, []);
  });
});
