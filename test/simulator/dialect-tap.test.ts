/** The simulator's wire tap (simulator/dialects/tap.ts): every frame of every session, both ways, as the session's text; the session itself unchanged. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { pino } from 'pino';
import { createJsonDialect } from '../../simulator/dialects/json.ts';
import { tapDialect, type Dialect, type TappedFrame } from '../../simulator/index.ts';
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
  it('hears what each session sends and receives, in order, one link per connection', async () => {
    const heard: TappedFrame[] = [];
    lab = await startLab({ dialect: tapDialect(createJsonDialect(), (frame) => heard.push(frame)) });
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
    assert.ok(described(heard).includes('2 to-adapter SystemStatus'), 'a heartbeat is a frame the session sends too');
  });

  it('leaves the session as it was: started is read live, frames still go out', async () => {
    lab = await startLab({ dialect: tapDialect(createJsonDialect(), () => undefined) });
    const client = await lab.client();
    assert.equal(lab.simulator.links().sessions, 0);
    assert.equal((await client.start()).type, 'Response');
    assert.equal(lab.simulator.links().sessions, 1, 'the tapped session reports started once it is');
  });

  it('a listener that throws is logged, and the session goes on as if untapped', async () => {
    lab = await startLab({
      dialect: tapDialect(createJsonDialect(), () => {
        throw new Error('listener broke');
      }),
    });
    const client = await lab.client();
    assert.equal((await client.start()).type, 'Response');
    assert.ok(lab.logs.lines().some((line) => line.msg === 'the wire tap listener failed; the frame goes on'));
  });

  it('hears a bad frame and the error answering it', async () => {
    const heard: TappedFrame[] = [];
    lab = await startLab({ dialect: tapDialect(createJsonDialect(), (frame) => heard.push(frame)) });
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

  it('keeps the dialect otherwise: its name, transport and refusal', () => {
    const base = createJsonDialect();
    const sent: string[] = [];
    const heard: TappedFrame[] = [];
    const fake: Dialect = { ...base, openSession: (_ctx, send) => (send('one'), send('two'), {} as ReturnType<Dialect['openSession']>) };
    const tapped = tapDialect(fake, (frame) => heard.push(frame));
    tapped.openSession(
      {} as Parameters<Dialect['openSession']>[0],
      (text) => sent.push(text),
      pino({ level: 'silent' }),
      () => undefined,
    );
    assert.deepEqual(sent, ['one', 'two']);
    assert.deepEqual(
      heard.map((f) => f.text),
      ['one', 'two'],
    );
    assert.equal(tapped.name, 'json');
    assert.equal(tapped.transport, base.transport);
    assert.equal(tapped.refusal, base.refusal);
  });
});
