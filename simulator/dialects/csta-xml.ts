/**
 * CSTA XML (ECMA-323 ed3) over TCP: each message behind the 8-byte header (format, length, invoke
 * id), the contract's session rules, the CSTA codec per session (docs/dialects/csta-xml.md).
 */
import { encodeFrame, FrameDecoder, MAX_WIRE_FRAME_BYTES } from '../../src/contract/csta-xml/framing.ts';
import { createCstaXmlCodec, frameText, splitFrameText } from '../protocol/csta-xml/codec.ts';
import { CSTA_XML_FAULT_FRAMES } from '../protocol/csta-xml/fault-frames.ts';
import { errorMessage } from '../protocol/csta-xml/replies.ts';
import { createSession } from '../sessions/session.ts';
import type { Deframed, Deframer, StreamLimits } from '../transport/stream-framing.ts';
import type { Dialect } from './dialect.ts';

/** Whole frames as their text (invoke id digits, then the XML); a framing error ends the stream: it cannot be trusted again. */
function deframer(limits: StreamLimits): Deframer {
  const decoder = new FrameDecoder(Math.min(MAX_WIRE_FRAME_BYTES, Math.max(16, limits.maxFrameBytes)));
  return {
    push(chunk): readonly Deframed[] {
      const decoded = decoder.push(chunk);
      const frames: Deframed[] = decoded.frames.map((frame) => ({ kind: 'frame', text: `${String(frame.invokeId).padStart(4, '0')}${frame.xml}` }));
      if (!decoded.ok) frames.push({ kind: 'refused', message: decoded.error.message, fatal: true });
      return frames;
    },
    get buffered() {
      return decoder.pendingBytes;
    },
  };
}

/** A frame's text on the wire: the header before the XML. */
function encode(text: string): Uint8Array {
  const { invokeId, xml } = splitFrameText(text);
  return encodeFrame(invokeId ?? 9999, xml);
}

export function createCstaXmlDialect(): Dialect {
  return {
    name: 'csta-xml',
    transport: { kind: 'tcp', scheme: 'csta-xml', greeting: () => null, deframer, encode },
    faultFrames: CSTA_XML_FAULT_FRAMES,
    openSession: (ctx, send, logger) => createSession(ctx, createCstaXmlCodec(), send, logger),
    refusal: (invokeId, request, code, message) => {
      const asked = request === 'StartApplicationSession' ? { type: 'StartApplicationSession' as const, deviceId: '' } : null;
      return frameText(invokeId, errorMessage(asked, { type: 'Error', invokeId, error: { code, message } }));
    },
  };
}
