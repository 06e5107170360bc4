/**
 * Bad input from the CTI server never takes the adapter down (DESIGN, "Bad input"; decision 0014):
 * a frame that does not decode is logged at warn and skipped; a frame the WebSocket itself refuses
 * (not UTF-8, too large) costs the link, which the adapter gets back on its own.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeServerFrame } from '../../src/contract/cti-wire/codec.ts';
import { MAX_FRAME_BYTES } from '../../src/contract/cti-wire/frames.ts';
import { delivered } from './support/cti-events.ts';
import { startLab } from './support/lab.ts';
import { linkStates, outageLab } from './support/outage.ts';
import type { LogEntry } from './support/recorders.ts';
import { calls, MonitorScript } from './support/script.ts';

const FUZZ_SEED = 20_250_514;
const FRAMES = 300;

type Garbled = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'binary'; readonly bytes: Uint8Array };

/** Valid frames to garble: an event on the adapter's monitor, a response, an error, a heartbeat. */
function validFrames(monitorId: string): object[] {
  return [
    {
      type: 'Event',
      monitorId,
      seq: 1,
      event: {
        name: 'Delivered',
        callId: 'F1',
        alertingDevice: '8808',
        callingDevice: '6175551212',
        calledDevice: '8000',
        trunkUsed: 'T1',
        callData: { a: 'b' },
        cause: 'newCall',
      },
    },
    { type: 'Event', monitorId, seq: 2, event: { name: 'CallCleared', callId: 'F1', cause: 'normal' } },
    { type: 'Event', monitorId, seq: 3, event: { name: 'AgentNotReady', agentId: '5501', deviceId: '8808', reasonCode: 'LUNCH' } },
    {
      type: 'Event',
      monitorId,
      seq: 4,
      event: {
        name: 'Transferred',
        callId: 'F2',
        secondaryOldCall: 'F3',
        transferringDevice: '8808',
        transferredToDevice: '8809',
        parties: ['6175551212', '8809'],
        callData: {},
        cause: 'transfer',
      },
    },
    { type: 'Response', invokeId: 7, request: 'SnapshotDevice', result: { deviceId: '8808', calls: [] } },
    { type: 'Error', invokeId: null, error: { code: 'malformedFrame', message: 'huh' } },
    { type: 'SystemStatus', status: 'normal' },
  ];
}

/** Sets `path` (a key, or a key inside the frame's event) to `value`, or removes it when value is undefined. */
function mutate(frame: object, key: string, inEvent: boolean, value: unknown): object {
  const copy: Record<string, unknown> = structuredClone({ ...frame });
  const event = copy['event'];
  const target: Record<string, unknown> = inEvent && isRecord(event) ? event : copy;
  if (value === undefined) delete target[key];
  else target[key] = value;
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function garbledFrames(monitorId: string): fc.Arbitrary<Garbled> {
  const valid = fc.constantFrom(...validFrames(monitorId));
  const keys = fc.constantFrom(
    'type',
    'monitorId',
    'seq',
    'event',
    'name',
    'callId',
    'invokeId',
    'request',
    'result',
    'error',
    'cause',
    'parties',
    'callData',
    'alertingDevice',
    'extra',
  );
  const text = (arb: fc.Arbitrary<string>): fc.Arbitrary<Garbled> => arb.map((t) => ({ kind: 'text', text: t }));
  return fc.oneof(
    text(fc.string({ maxLength: 200 })),
    text(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null')),
    text(
      fc
        .tuple(valid, keys, fc.boolean(), fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }))
        .map(([f, k, e, v]) => JSON.stringify(mutate(f, k, e, v))),
    ),
    text(
      fc.tuple(valid, fc.nat()).map(([f, cut]) => {
        const whole = JSON.stringify(f);
        return whole.slice(0, cut % whole.length);
      }),
    ),
    text(fc.tuple(valid, fc.integer({ min: -5, max: 2 ** 53 })).map(([f, seq]) => JSON.stringify({ ...f, seq }))),
    fc.uint8Array({ maxLength: 64 }).map((bytes): Garbled => ({ kind: 'binary', bytes })),
  );
}

const isMalformed = (e: LogEntry): boolean => e.level === 'warn' && e.msg.startsWith('malformed CTI frame skipped');
const isBinary = (e: LogEntry): boolean => e.level === 'warn' && e.msg.startsWith('binary CTI frame skipped');

test(`${FRAMES} garbled server frames (fast-check seed ${FUZZ_SEED}) are each logged at warn and skipped; the adapter keeps its link and serves on`, async (t) => {
  const lab = await startLab({ mode: 'full' });
  t.after(() => lab.stop());
  const monitorId = await lab.subscribe('8808');
  const frames = fc.sample(garbledFrames(monitorId), { seed: FUZZ_SEED, numRuns: FRAMES });
  const texts = frames.flatMap((f) => (f.kind === 'text' ? [f.text] : []));
  const undecodable = texts.filter((text) => !decodeServerFrame(text).ok).length;
  const binary = frames.length - texts.length;
  assert.ok(undecodable > FRAMES / 3 && binary > 0, `a mix of frames (${undecodable} undecodable, ${binary} binary, seed ${FUZZ_SEED})`);
  for (const frame of frames) {
    if (frame.kind === 'text') lab.server.sendRaw(frame.text);
    else lab.server.sendRaw(Buffer.from(frame.bytes));
  }
  await lab.logger.waitForCount(isMalformed, undecodable, `malformed frames logged (seed ${FUZZ_SEED})`);
  await lab.logger.waitForCount(isBinary, binary, `binary frames logged (seed ${FUZZ_SEED})`);
  const bugs = lab.logger.entries.filter((e) => e.level === 'error');
  assert.deepEqual(
    bugs.map((e) => e.msg),
    [],
    `no frame made the adapter fail (seed ${FUZZ_SEED})`,
  );
  assert.ok(!lab.logger.entries.some((e) => e.msg === 'CTI link down: reconnecting'), 'the link stayed up');
  // Still serving: on the garbled monitor and on a new one.
  assert.deepEqual(await lab.adapter.UnSubscribeForEvents({ DN: '8808' }), { ok: true });
  const phone = await MonitorScript.on(lab, '8809');
  phone.send(delivered('after', '8809', { calling: '6175551212', called: '8809', trunk: 'T1' }));
  assert.deepEqual(
    calls(await phone.settle()).filter((e) => e.endsWith('after')),
    ['Offering after'],
  );
});

test('a text frame that is not UTF-8 costs the link; the adapter reconnects and resynchronises on its own', async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  lab.server.sendRaw(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
  await lab.noticedDown();
  await lab.reconnect();
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED', '8808:CONNECTED']);
  assert.ok(lab.logger.entries.some((e) => e.level === 'warn' && e.msg === 'CTI link socket error'));
});

test(`a frame over ${MAX_FRAME_BYTES / 1024} KiB costs the link; the adapter reconnects and resynchronises on its own`, async (t) => {
  const lab = await outageLab(t);
  await lab.subscribe('8808');
  lab.server.sendRaw(JSON.stringify({ type: 'SystemStatus', status: 'normal', padding: 'x'.repeat(MAX_FRAME_BYTES) }));
  await lab.noticedDown();
  await lab.reconnect();
  assert.deepEqual(linkStates(lab.sink.deliveries), ['8808:DISCONNECTED', '8808:CONNECTED']);
  const phone = MonitorScript.of(lab, '8808');
  phone.send(delivered('after', '8808', { calling: '6175551212', called: '8808', trunk: 'T1' }));
  assert.deepEqual(
    calls(await phone.settle()).filter((e) => e.endsWith('after')),
    ['Offering after'],
  );
});
