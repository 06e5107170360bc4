/**
 * A WebSocket client at the byte level, for hostile peers the `ws` client will not play: it
 * sends frames of any opcode, truncated or oversized, can stop reading, and reads the server's
 * frames (and its close code) back from the raw bytes. Loopback only.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { createInbox } from './inbox.ts';

export interface ServerFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** One client frame, masked as RFC 6455 requires; `fin` false leaves a fragment open. */
export function clientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const head = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) head[1] = 0x80 | length;
  else if (length < 65536) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i++) body[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([head, mask, body]);
}

export const textFrame = (text: string): Buffer => clientFrame(0x1, Buffer.from(text, 'utf8'));

/** Parses as many whole server frames (unmasked) as `buffer` holds; returns them and the rest. */
export function parseServerFrames(buffer: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = [];
  let at = 0;
  for (;;) {
    if (buffer.length - at < 2) break;
    const b1 = buffer[at + 1] ?? 0;
    let length = b1 & 0x7f;
    let head = 2;
    if (length === 126) {
      if (buffer.length - at < 4) break;
      length = buffer.readUInt16BE(at + 2);
      head = 4;
    } else if (length === 127) {
      if (buffer.length - at < 10) break;
      length = Number(buffer.readBigUInt64BE(at + 2));
      head = 10;
    }
    if (buffer.length - at < head + length) break;
    frames.push({ opcode: (buffer[at] ?? 0) & 0x0f, payload: buffer.subarray(at + head, at + head + length) });
    at += head + length;
  }
  return { frames, rest: buffer.subarray(at) };
}

export interface RawWebSocket {
  readonly socket: Socket;
  send(bytes: Buffer): void;
  /** Resolves with up to `count` text frames the server sent (fewer when the connection closed or `timeoutMs` passed); taken frames are forgotten. */
  take(count: number, timeoutMs: number): Promise<{ readonly texts: string[]; readonly closed: boolean }>;
  /** Resolves when the TCP connection ends. */
  readonly ended: Promise<void>;
  /** The close frame's code, once one arrived. */
  closeCode(): number | null;
  /** Stops reading: the server's replies pile up in the kernel, then in the server. */
  stopReading(): void;
  resume(): void;
  destroy(): void;
}

/** Opens a WebSocket to ws://127.0.0.1:port with a hand-made upgrade; `upgradeBytes` replaces the request (hostile upgrades). */
export function openRawWebSocket(port: number, upgradeBytes?: Buffer): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const inbox = createInbox<string>();
    let pending: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let code: number | null = null;
    const ended = new Promise<void>((done) =>
      socket.once('close', () => {
        inbox.end();
        done();
      }),
    );
    const handle: RawWebSocket = {
      socket,
      send: (bytes) => {
        if (socket.writable) socket.write(bytes);
      },
      async take(count, timeoutMs) {
        const { items, closed } = await inbox.take(count, timeoutMs);
        return { texts: items, closed };
      },
      ended,
      closeCode: () => code,
      stopReading: () => void socket.pause(),
      resume: () => void socket.resume(),
      destroy: () => socket.destroy(),
    };
    socket.on('error', (error) => {
      if (!upgraded) reject(error);
    });
    socket.once('close', () => {
      if (!upgraded) reject(new Error(`the server closed before upgrading: ${pending.toString('latin1').slice(0, 120)}`));
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (!upgraded) {
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = pending.subarray(0, end).toString('latin1');
        pending = pending.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`upgrade refused: ${head.split('\r\n')[0] ?? ''}`));
          return;
        }
        upgraded = true;
        resolve(handle);
      }
      const parsed = parseServerFrames(pending);
      pending = parsed.rest;
      for (const frame of parsed.frames) if (frame.opcode === 0x8 && frame.payload.length >= 2) code = frame.payload.readUInt16BE(0);
      inbox.push(...parsed.frames.filter((frame) => frame.opcode === 0x1).map((frame) => frame.payload.toString('utf8')));
    });
    const key = randomBytes(16).toString('base64');
    socket.write(
      upgradeBytes ??
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
