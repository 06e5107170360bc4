import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { HEARTBEAT_MS, startLab, type TestLab } from './support/lab.ts';
import { WireClient } from './support/wire-client.ts';

let lab: TestLab;
beforeEach(async () => {
  lab = await startLab();
});
afterEach(async () => {
  await lab.stop();
});

const isStatus = (f: { type: string }): boolean => f.type === 'SystemStatus';

describe('CTI server: heartbeat and liveness', { timeout: 10_000 }, () => {
  it('sends SystemStatus every heartbeat interval once the session is started', async () => {
    const client = await lab.client();
    await client.start();
    for (let beat = 1; beat <= 3; beat += 1) {
      lab.clock.advance(HEARTBEAT_MS);
      assert.deepEqual(await client.take(isStatus), { type: 'SystemStatus', status: 'normal' });
      await client.sync(); // the pong for this interval's ping is in before time moves on
    }
    assert.equal(client.received.filter(isStatus).length, 3);
  });

  it('sends no SystemStatus before the interval has passed, nor before the session starts', async () => {
    const client = await lab.client();
    lab.clock.advance(HEARTBEAT_MS);
    await client.sync(); // answered with sessionNotStarted: a round trip, so no status is on its way
    await client.start();
    lab.clock.advance(HEARTBEAT_MS - 1);
    await client.sync();
    assert.equal(client.received.filter(isStatus).length, 0);
  });

  it('stops the heartbeat when the session stops', async () => {
    const client = await lab.client();
    await client.start();
    await client.request({ type: 'StopApplicationSession' });
    lab.clock.advance(HEARTBEAT_MS);
    await client.sync();
    assert.equal(client.received.filter(isStatus).length, 0);
  });

  it('terminates a peer that does not answer pings, and only that one', async () => {
    const deaf = await WireClient.connect(lab.url, { autoPong: false });
    const alive = await lab.client();
    await deaf.start();
    await alive.start();
    lab.clock.advance(HEARTBEAT_MS); // ping sent
    await deaf.take(isStatus);
    await alive.take(isStatus);
    await alive.sync();
    lab.clock.advance(HEARTBEAT_MS); // no pong from the deaf peer since
    assert.equal((await deaf.closed).code, 1006);
    assert.deepEqual(await alive.take(isStatus), { type: 'SystemStatus', status: 'normal' });
    await alive.sync();
    assert.equal(alive.socket.readyState, alive.socket.OPEN);
  });

  it('counts any frame from the peer as a sign of life', async () => {
    const chatty = await WireClient.connect(lab.url, { autoPong: false });
    await chatty.start();
    for (let beat = 0; beat < 3; beat += 1) {
      lab.clock.advance(HEARTBEAT_MS);
      await chatty.take(isStatus);
      await chatty.sync();
    }
    assert.equal(chatty.socket.readyState, chatty.socket.OPEN);
    await chatty.close();
  });
});

describe('CTI server: stopping', { timeout: 10_000 }, () => {
  it('closes every connection with 1001, cancels timers and releases the port', async () => {
    const client = await lab.client();
    await client.start();
    const pendingBefore = lab.clock.pending();
    assert.ok(pendingBefore >= 2, `expected heartbeat and liveness timers, got ${pendingBefore}`);
    await lab.simulator.stop();
    assert.equal((await client.closed).code, 1001);
    assert.equal(lab.clock.pending(), 0);
    assert.equal(lab.simulator.url, null);
    await assert.rejects(WireClient.connect(lab.url));
  });
});
