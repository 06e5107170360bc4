/** The 8-byte CSTA XML header: literal fixtures, every framing error, and any chunking of a stream. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeFrame, FrameDecoder, HEADER_BYTES, MAX_WIRE_FRAME_BYTES, type CstaFrame } from '../../src/contract/csta-xml/framing.ts';

const XML = '<?xml version="1.0" encoding="UTF-8"?><MonitorStopResponse xmlns="http://www.ecma-international.org/standards/ecma-323/csta/ed3"/>';

function header(format: number, length: number, invokeId: string): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  bytes.writeUInt16BE(format, 0);
  bytes.writeUInt16BE(length, 2);
  bytes.write(invokeId, 4, 'latin1');
  return bytes;
}

describe('CSTA XML framing', () => {
  it('writes format 0x0000, the whole length (header included) big-endian, and the invoke id as 4 ASCII digits', () => {
    const frame = encodeFrame(42, XML);
    const total = HEADER_BYTES + Buffer.byteLength(XML);
    assert.deepEqual([...frame.subarray(0, 4)], [0, 0, total >> 8, total & 0xff]);
    assert.equal(frame.subarray(4, 8).toString('latin1'), '0042');
    assert.equal(frame.subarray(8).toString('utf8'), XML);
  });

  it('reads a frame as a public Siemens sample lays it out: 00 00, length 1003 for 995 bytes of XML, invoke id 9999', () => {
    const xml = `<a>${'x'.repeat(995 - 7)}</a>`;
    const bytes = Buffer.concat([Buffer.from([0x00, 0x00, 0x03, 0xeb]), Buffer.from('9999', 'latin1'), Buffer.from(xml)]);
    const decoded = new FrameDecoder().push(bytes);
    assert.deepEqual(decoded, { ok: true, frames: [{ invokeId: 9999, xml }] });
  });

  it('counts the length in bytes: a payload of multi-byte characters frames and reads back whole', () => {
    const xml = '<a>Zoë 電話</a>';
    assert.deepEqual(new FrameDecoder().push(encodeFrame(7, xml)), { ok: true, frames: [{ invokeId: 7, xml }] });
  });

  it('refuses to write a message the 16-bit length cannot describe, or an invoke id outside 0-9999', () => {
    assert.throws(() => encodeFrame(1, 'x'.repeat(MAX_WIRE_FRAME_BYTES)), /at most 65535 bytes/);
    assert.throws(() => encodeFrame(10000, XML), /invoke id from 0 to 9999/);
  });

  const refusals: [string, Buffer, RegExp][] = [
    ['a format other than XML without SOAP', header(0x0001, 20, '0001'), /format 0x0000.*got 0x0001/],
    ['a length shorter than the header itself', header(0, 7, '0001'), /at least 8.*got 7/],
    ['a length past the limit', header(0, 5000, '0001'), /at most 1000 bytes.*announcing 5000/],
    ['an invoke id that is not 4 digits', header(0, 20, '00a1'), /4 ASCII digits.*"00a1"/],
    ['a payload that is not UTF-8', Buffer.concat([header(0, 10, '0001'), Buffer.from([0xc3, 0x28])]), /not UTF-8/],
  ];
  for (const [what, bytes, message] of refusals) {
    it(`refuses ${what} with a clear error, and stays refused`, () => {
      const decoder = new FrameDecoder(1000);
      const first = decoder.push(bytes);
      assert.equal(first.ok, false);
      if (!first.ok) assert.match(first.error.message, message);
      const after = decoder.push(encodeFrame(2, XML));
      assert.equal(after.ok, false);
      assert.deepEqual(after.frames, []);
      assert.equal(decoder.pendingBytes, 0);
    });
  }

  it('hands over the frames before a broken header, then the error', () => {
    const decoded = new FrameDecoder().push(Buffer.concat([encodeFrame(1, XML), header(0x0100, 20, '0002')]));
    assert.equal(decoded.ok, false);
    assert.deepEqual(decoded.frames, [{ invokeId: 1, xml: XML }]);
  });

  it('says when the stream ends inside a header or a message, and nothing when it ends between frames', () => {
    const inHeader = new FrameDecoder();
    inHeader.push(Buffer.from([0, 0, 0]));
    assert.match(inHeader.end()?.message ?? '', /3 bytes of an incomplete header/);
    const inMessage = new FrameDecoder();
    inMessage.push(encodeFrame(3, XML).subarray(0, 20));
    assert.match(inMessage.end()?.message ?? '', /20 bytes of an incomplete message/);
    const clean = new FrameDecoder();
    clean.push(encodeFrame(3, XML));
    assert.equal(clean.end(), null);
  });

  it('holds no more than one frame of bytes: a header announcing a huge frame is refused before its body arrives', () => {
    const decoder = new FrameDecoder(100);
    const decoded = decoder.push(header(0, 0xffff, '0001'));
    assert.equal(decoded.ok, false);
    assert.equal(decoder.pendingBytes, 0);
  });

  it('reads the same frames however the byte stream is cut into chunks', () => {
    const frameArb = fc.record({ invokeId: fc.integer({ min: 0, max: 9999 }), xml: fc.string({ unit: 'grapheme', maxLength: 300 }) });
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }),
        (frames: CstaFrame[], cuts) => {
          const stream = Buffer.concat(frames.map((f) => encodeFrame(f.invokeId, f.xml)));
          const decoder = new FrameDecoder();
          const read: CstaFrame[] = [];
          let at = 0;
          let cut = 0;
          while (at < stream.length) {
            const size = cuts[cut++ % cuts.length] ?? 1;
            const decoded = decoder.push(stream.subarray(at, at + size));
            assert.equal(decoded.ok, true);
            read.push(...decoded.frames);
            at += size;
          }
          assert.deepEqual(
            read,
            frames.map((f) => ({ invokeId: f.invokeId, xml: f.xml })),
          );
          assert.equal(decoder.end(), null);
        },
      ),
    );
  });

  it('never throws and never holds more than the limit, whatever bytes arrive', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const decoder = new FrameDecoder(512);
        for (const chunk of chunks) {
          decoder.push(chunk);
          assert.ok(decoder.pendingBytes < 512 + 300);
        }
      }),
    );
  });
});
