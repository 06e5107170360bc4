/**
 * The simulator's wire tap (simulator/wire-tap.ts): every frame of every CTI connection, both ways,
 * as it crosses the socket — on the socket's side of the fault layer, so what is heard is what the
 * adapter really sent and got — and the connection unchanged by it.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { TappedFrame } from '../../simulator/index.ts';
import { HEARTBEAT_MS, startLab, type TestLab } from './support/lab.ts';

let lab: TestLab | undefined;
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

/** The frames heard, as `<link> <direction> <type or request>` lines. */
function described(frames: readonly TappedFrame[]): string[] {
  return frames.map((f) => {
    const frame = JSON.parse(f.text) as { type: string; request?: string; event?: { name: string } };
    return `${f.link} ${f.direction} ${frame.type}${frame.request === undefined ? '' : ` ${frame.request}`}${frame.event === undefined ? '' : ` ${frame.event.name}`}`;
  });
}

describe('the simulator wire tap', { timeout: 10_000 }, () => {
  it('hears what each connection sends and receives, in order, under its connection number', async () => {
    const heard: TappedFrame[] = [];
    lab = await startLab({ wireTap: (frame) => heard.push(frame) });
    const first = await lab.client();
    await first.monitor('8808');
    const second = await lab.client();
    await second.start();
    assert.deepEqual(described(heard), [
      '1 to-switch StartApplicationSession',
      '1 to-adapter Response StartApplicationSession',
      '1 to-switch MonitorStart',
      '1 to-adapter Response MonitorStart',
      '2 to-switch StartApplicationSession',
      '2 to-adapter Response StartApplicationSession',
    ]);
    // The text is the frame itself, not a copy re-encoded: what the adapter sent, byte for byte.
    assert.equal(JSON.parse(heard[0]?.text ?? '').password, 'switchboard');
    lab.simulator.control.customerCall({ from: '16175551212', to: { extension: '8808' }, callData: {} });
    await first.nextEvent();
    assert.ok(described(heard).includes('1 to-adapter Event Delivered'));
    lab.clock.advance(HEARTBEAT_MS);
    await first.sync();
    assert.ok(described(heard).includes('2 to-adapter SystemStatus'), 'a heartbeat is a frame on the wire too');
  });

  it('hears the wire, not the session: a dropped event is not heard, a duplicated one twice, a request a fault refuses and its refusal are', async () => {
    const heard: TappedFrame[] = [];
    lab = await startLab({ wireTap: (frame) => heard.push(frame) });
    const client = await lab.client();
    await client.monitor('8808');
    lab.simulator.control.setFaults({
      seed: 1,
      rules: [
        { direction: 'toAdapter', match: { name: 'Delivered' }, action: { kind: 'drop' } },
        { direction: 'toAdapter', match: { name: 'CallCleared' }, action: { kind: 'duplicate' } },
        { direction: 'fromAdapter', match: { frame: 'Request', name: 'SnapshotDevice' }, action: { kind: 'refuse', code: 'serviceUnavailable' } },
      ],
    });
    heard.length = 0;
    const call = lab.simulator.control.customerCall({ from: '16175551212', to: { extension: '8808' }, callData: {} });
    lab.simulator.control.hangUp({ call, party: 'caller' });
    const refused = await client.request({ type: 'SnapshotDevice', deviceId: '8808' });
    assert.equal(refused.type, 'Error');
    assert.deepEqual(described(heard), [
      '1 to-adapter Event ConnectionCleared',
      '1 to-adapter Event CallCleared',
      '1 to-adapter Event CallCleared',
      '1 to-switch SnapshotDevice',
      '1 to-adapter Error SnapshotDevice',
    ]);
  });

  it('a listener that throws is logged, and the connection goes on as if untapped', async () => {
    lab = await startLab({
      wireTap: () => {
        throw new Error('listener broke');
      },
    });
    const client = await lab.client();
    assert.equal((await client.start()).type, 'Response');
    assert.ok(lab.logs.lines().some((line) => line.msg === 'the wire tap listener failed; the frame goes on'));
  });

  it('hears a bad frame and the error answering it', async () => {
    const heard: TappedFrame[] = [];
    lab = await startLab({ wireTap: (frame) => heard.push(frame) });
    const client = await lab.client();
    await client.rawError('{"type":', null);
    assert.deepEqual(
      heard.map((f) => [f.direction, f.text.slice(0, 8)]),
      [
        ['to-switch', '{"type":'],
        ['to-adapter', '{"type":'],
      ],
    );
  });
});
