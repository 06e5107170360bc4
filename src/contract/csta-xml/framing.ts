/**
 * CSTA XML over TCP: the 8-byte header servers such as Avaya AES (DMCC XML) put before every
 * message (docs/dialects/csta-xml.md, "Framing", names the public sources):
 *
 *   bytes 0-1  format: 0x0000 = XML without SOAP
 *   bytes 2-3  length: unsigned 16-bit big-endian, the whole message, these 8 bytes included
 *   bytes 4-7  invoke id: 4 ASCII digits; "9999" marks unsolicited messages (events)
 *
 * Pure: the decoder is fed chunks as TCP delivers them and hands back whole frames or one error,
 * after which it is spent (a byte stream that lost its framing cannot be trusted again).
 */

export const HEADER_BYTES = 8;
export const FORMAT_XML = 0x0000;
/** The largest message the 16-bit length field can describe. */
export const MAX_WIRE_FRAME_BYTES = 0xffff;
/** Requests and responses use 0000-9998; events and other unsolicited messages use this one. */
export const EVENT_INVOKE_ID = 9999;
export const MAX_REQUEST_INVOKE_ID = 9998;

export interface CstaFrame {
  readonly invokeId: number;
  /** The XML payload, UTF-8 decoded. */
  readonly xml: string;
}

export type FramingErrorCode = 'unknownFormat' | 'lengthTooSmall' | 'frameTooLarge' | 'badInvokeId' | 'notUtf8' | 'truncated';

export interface FramingError {
  readonly code: FramingErrorCode;
  readonly message: string;
}

export type Decoded =
  { readonly ok: true; readonly frames: readonly CstaFrame[] } | { readonly ok: false; readonly frames: readonly CstaFrame[]; readonly error: FramingError };

const DIGITS = /^[0-9]{4}$/;

export function formatInvokeId(invokeId: number): string {
  if (!Number.isInteger(invokeId) || invokeId < 0 || invokeId > EVENT_INVOKE_ID) {
    throw new RangeError(`Expected a CSTA invoke id from 0 to ${EVENT_INVOKE_ID}, got ${invokeId}`);
  }
  return String(invokeId).padStart(4, '0');
}

/** One framed message. Throws a RangeError when the payload cannot fit the 16-bit length. */
export function encodeFrame(invokeId: number, xml: string): Buffer {
  const payload = Buffer.from(xml, 'utf8');
  const total = HEADER_BYTES + payload.length;
  if (total > MAX_WIRE_FRAME_BYTES) throw new RangeError(`Expected a CSTA message of at most ${MAX_WIRE_FRAME_BYTES} bytes, got ${total}`);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(FORMAT_XML, 0);
  header.writeUInt16BE(total, 2);
  header.write(formatInvokeId(invokeId), 4, 'ascii');
  return Buffer.concat([header, payload]);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a byte stream into frames. `maxFrameBytes` (at most 65535, the header included) bounds
 * what one frame may hold, so the buffer never holds more than one frame's worth of bytes.
 */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);
  private failed: FramingError | null = null;

  constructor(private readonly maxFrameBytes: number = MAX_WIRE_FRAME_BYTES) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < HEADER_BYTES || maxFrameBytes > MAX_WIRE_FRAME_BYTES) {
      throw new RangeError(`Expected a frame limit from ${HEADER_BYTES} to ${MAX_WIRE_FRAME_BYTES} bytes, got ${maxFrameBytes}`);
    }
  }

  /** Bytes held for a frame not yet complete. */
  get pendingBytes(): number {
    return this.buffered.length;
  }

  push(chunk: Uint8Array): Decoded {
    if (this.failed !== null) return { ok: false, frames: [], error: this.failed };
    this.buffered = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const frames: CstaFrame[] = [];
    while (this.buffered.length >= HEADER_BYTES) {
      const header = this.readHeader(this.buffered);
      if (!header.ok) return this.fail(frames, header.error);
      if (this.buffered.length < header.total) break;
      let xml: string;
      try {
        xml = utf8.decode(this.buffered.subarray(HEADER_BYTES, header.total));
      } catch {
        return this.fail(frames, {
          code: 'notUtf8',
          message: `Expected a UTF-8 XML payload in the frame with invoke id ${header.invokeId}, got bytes that are not UTF-8`,
        });
      }
      frames.push({ invokeId: header.invokeId, xml });
      this.buffered = this.buffered.subarray(header.total);
    }
    return { ok: true, frames };
  }

  /** The stream ended: anything still held is a truncated frame. */
  end(): FramingError | null {
    if (this.failed !== null) return this.failed;
    if (this.buffered.length === 0) return null;
    const held = this.buffered.length;
    this.buffered = Buffer.alloc(0);
    return { code: 'truncated', message: `The stream ended inside a CSTA frame: ${held} bytes of an incomplete ${held < HEADER_BYTES ? 'header' : 'message'}` };
  }

  private readHeader(bytes: Buffer): { ok: true; total: number; invokeId: number } | { ok: false; error: FramingError } {
    const format = bytes.readUInt16BE(0);
    if (format !== FORMAT_XML) {
      return {
        ok: false,
        error: {
          code: 'unknownFormat',
          message: `Expected format 0x0000 (CSTA XML without SOAP) in bytes 0-1 of the header, got 0x${format.toString(16).padStart(4, '0')}`,
        },
      };
    }
    const total = bytes.readUInt16BE(2);
    if (total < HEADER_BYTES) {
      return {
        ok: false,
        error: { code: 'lengthTooSmall', message: `Expected a message length of at least ${HEADER_BYTES} (the header counts), got ${total}` },
      };
    }
    if (total > this.maxFrameBytes) {
      return {
        ok: false,
        error: { code: 'frameTooLarge', message: `Expected a CSTA message of at most ${this.maxFrameBytes} bytes, got a header announcing ${total}` },
      };
    }
    const digits = bytes.toString('latin1', 4, HEADER_BYTES);
    if (!DIGITS.test(digits)) {
      return {
        ok: false,
        error: { code: 'badInvokeId', message: `Expected 4 ASCII digits as the invoke id in bytes 4-7 of the header, got ${JSON.stringify(digits)}` },
      };
    }
    return { ok: true, total, invokeId: Number(digits) };
  }

  private fail(frames: readonly CstaFrame[], error: FramingError): Decoded {
    this.failed = error;
    this.buffered = Buffer.alloc(0);
    return { ok: false, frames, error };
  }
}
