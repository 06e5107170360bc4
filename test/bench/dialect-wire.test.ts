/** The dialect benchmark's pure helpers: the baseline's frame readers over any cut of the stream, and a frame's bytes on its transport. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodePacket } from '../../src/contract/ami/packet.ts';
import { encodeFrame } from '../../src/contract/csta-xml/framing.ts';
import { dialectNamed, type Dialect, type DialectName } from '../../simulator/index.ts';
import { frameOf, frameReader, type Payload } from '../../bench/support/one-way.ts';
import { isEventFrame, payloadBytes, wireOf } from '../../bench/support/wire-tap.ts';

function dialect(name: DialectName): Dialect {
  const found = dialectNamed(name);
  if (!found.ok) throw new Error(found.reason);
  return found.dialect;
}

const AMI_EVENT = encodePacket([
  ['Event', 'Newstate'],
  ['Channel', 'PJSIP/100000-C1'],
  ['AccountCode', ''],
  ['Exten', '100000'],
]);
const CSTA_EVENT = encodeFrame(
  9999,
  '<?xml version="1.0" encoding="UTF-8"?><DeliveredEvent xmlns="urn:x"><connection><callID>C1</callID></connection></DeliveredEvent>',
);

/** Every frame, joined into one stream, fed back in pieces of `size` bytes: the frames counted. */
function countInPieces(name: DialectName, frames: readonly Buffer[], size: number): number {
  const read = frameReader(name);
  const stream = Buffer.concat(frames);
  let n = 0;
  for (let at = 0; at < stream.length; at += size) n += read(stream.subarray(at, at + size));
  return n;
}

test('the AMI reader counts whole packets however TCP cuts the stream', () => {
  const frames = [Buffer.from(AMI_EVENT), Buffer.from(AMI_EVENT), Buffer.from(AMI_EVENT)];
  for (const size of [1, 2, 7, 64, 4096]) assert.equal(countInPieces('ami', frames, size), 3, `pieces of ${size}`);
});

test('the AMI reader refuses a line that is no header', () => {
  assert.throws(() => frameReader('ami')('Event: Newstate\r\nnonsense\r\n\r\n'), /no header/);
});

test('the CSTA XML reader counts whole messages however TCP cuts the stream', () => {
  const frames = [CSTA_EVENT, CSTA_EVENT, CSTA_EVENT, CSTA_EVENT];
  for (const size of [1, 3, 8, 9, 100, 4096]) assert.equal(countInPieces('csta-xml', frames, size), 4, `pieces of ${size}`);
});

test('the CSTA XML reader refuses a header shorter than itself', () => {
  assert.throws(() => frameReader('csta-xml')(Buffer.from([0, 0, 0, 4, 0x39, 0x39, 0x39, 0x39])), /header giving 4 bytes/);
});

test('the JSON reader parses one WebSocket message a call', () => {
  const read = frameReader('json');
  assert.equal(read(frameOf(200, 7)), 1);
  assert.equal(Buffer.byteLength(frameOf(200, 7)), 200);
  assert.throws(() => read('{"type":'));
});

test('a frame is on the wire as its dialect carries it: text for json and AMI, header and XML for CSTA XML', () => {
  const json = '{"type":"Event","name":"Delivered"}';
  assert.equal(wireOf(dialect('json'), json), json);
  assert.deepEqual(wireOf(dialect('ami'), AMI_EVENT), Buffer.from(AMI_EVENT));
  const csta: Payload = wireOf(dialect('csta-xml'), '9999<x/>');
  assert.deepEqual(Buffer.from(csta as Uint8Array), encodeFrame(9999, '<x/>'));
  assert.equal(payloadBytes(csta), 8 + 4);
  assert.equal(payloadBytes('é'), 2);
});

test('events are told from replies in each dialect', () => {
  assert.equal(isEventFrame(dialect('json'), '{"type":"Event"}'), true);
  assert.equal(isEventFrame(dialect('json'), '{"type":"Response","invokeId":1}'), false);
  assert.equal(isEventFrame(dialect('ami'), AMI_EVENT), true);
  assert.equal(
    isEventFrame(
      dialect('ami'),
      encodePacket([
        ['Response', 'Success'],
        ['ActionID', '3'],
      ]),
    ),
    false,
  );
  assert.equal(isEventFrame(dialect('csta-xml'), '9999<DeliveredEvent/>'), true);
  assert.equal(isEventFrame(dialect('csta-xml'), '0003<MonitorStartResponse/>'), false);
});
