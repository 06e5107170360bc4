/**
 * The baselines of the throughput and latency benchmarks: a bare server pushing frames one way to a
 * client on loopback, in this process (as the simulator and the adapter are), over a dialect's
 * transport — a `ws` WebSocket for json, a plain TCP socket for the TCP dialects (AMI, CSTA XML).
 * It sends the same frames the measured path puts on the wire, and the client parses each as
 * cheaply as that dialect needs (frameReader): the same wire work per frame, none of the lab's.
 */
import { XMLParser } from 'fast-xml-parser';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { WebSocket, WebSocketServer } from 'ws';
import { summarise, type LatencySummary } from '../../src/load/latency.ts';
import type { DialectName } from '../../simulator/index.ts';
import { paced } from './pace.ts';

/** The sender's buffer the pump lets build up before yielding: it keeps the socket busy without queueing the whole round in memory. */
const HIGH_WATER_BYTES = 1 << 20;

/** What one payload is on the sender's side: a WebSocket text message, or bytes written to the TCP stream. */
export type Payload = string | Uint8Array;

function bytesOf(chunk: Payload): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** The CSTA XML header's length field: bytes 2-3, big-endian, the whole message with the 8 header bytes (src/contract/csta-xml/framing.ts). */
const CSTA_HEADER_BYTES = 8;
const xmlParser = new XMLParser();

/**
 * The receiver's parse of what arrives, as cheaply as the dialect needs — not the adapter's bounded,
 * validating readers, which are the lab's work: json — JSON.parse of each WebSocket message; ami —
 * cut the stream at the blank lines, each packet into `Key: Value` headers; csta-xml — cut the
 * stream at the 8-byte headers' lengths, each message parsed by fast-xml-parser (no validation).
 * Returns how many frames the chunk completed; throws on a stream that is not the dialect's.
 */
export function frameReader(dialect: DialectName): (chunk: Payload) => number {
  switch (dialect) {
    case 'json':
      return (chunk) => {
        JSON.parse(typeof chunk === 'string' ? chunk : bytesOf(chunk).toString('utf8'));
        return 1;
      };
    case 'ami': {
      const utf8 = new StringDecoder('utf8');
      let rest = '';
      return (chunk) => {
        const packets = (rest + (typeof chunk === 'string' ? chunk : utf8.write(bytesOf(chunk)))).split('\r\n\r\n');
        rest = packets.pop()!;
        for (const packet of packets) {
          const headers: [string, string][] = [];
          for (const line of packet.split('\r\n')) {
            const colon = line.indexOf(':');
            if (colon <= 0) throw new Error(`ami baseline: a line that is no header: ${JSON.stringify(line.slice(0, 40))}`);
            headers.push([line.slice(0, colon), line.slice(colon + 1).trimStart()]);
          }
        }
        return packets.length;
      };
    }
    case 'csta-xml': {
      let held: Buffer = Buffer.alloc(0);
      return (chunk) => {
        let buffer = held.length === 0 ? bytesOf(chunk) : Buffer.concat([held, bytesOf(chunk)]);
        let n = 0;
        while (buffer.length >= CSTA_HEADER_BYTES) {
          const total = buffer.readUInt16BE(2);
          if (total < CSTA_HEADER_BYTES) throw new Error(`csta-xml baseline: a header giving ${total} bytes`);
          if (buffer.length < total) break;
          xmlParser.parse(buffer.toString('utf8', CSTA_HEADER_BYTES, total));
          n++;
          buffer = buffer.subarray(total);
        }
        held = buffer;
        return n;
      };
    }
  }
}

interface Hop {
  send(payload: Payload): void;
  /** Bytes the sender holds unsent. */
  readonly buffered: number;
  close(): Promise<void>;
}

/** A sender and a receiver on loopback over the dialect's transport; `onFrames` hears how many frames each arrival completed, parsed. */
async function openHop(dialect: DialectName, onFrames: (n: number) => void): Promise<Hop> {
  const read = frameReader(dialect);
  return dialect === 'json' ? openWsHop((data) => onFrames(read(data))) : openTcpHop((data) => onFrames(read(data)));
}

async function openWsHop(onMessage: (data: string) => void): Promise<Hop> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const receiver = new WebSocket(`ws://127.0.0.1:${address.port}`);
  await new Promise<void>((resolve, reject) => {
    receiver.once('open', resolve);
    receiver.once('error', reject);
  });
  receiver.on('message', (data) => onMessage(String(data)));
  const sender = await accepted;
  return {
    send: (payload) => sender.send(payload),
    get buffered() {
      return sender.bufferedAmount;
    },
    async close() {
      receiver.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Both ends with Nagle off, as the simulator's TCP server and the adapter's TCP links set them. */
async function openTcpHop(onData: (chunk: Buffer) => void): Promise<Hop> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const receiver = connect(address.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    receiver.once('connect', resolve);
    receiver.once('error', reject);
  });
  receiver.setNoDelay(true);
  receiver.on('data', onData);
  const sender = await accepted;
  sender.setNoDelay(true);
  return {
    send: (payload) => void sender.write(payload),
    get buffered() {
      return sender.writableLength;
    },
    async close() {
      receiver.destroy();
      sender.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON text of exactly `size` bytes (ASCII), carrying `seq`: the receiver parses what an adapter would. */
export function frameOf(size: number, seq: number): string {
  const head = `{"type":"Event","seq":${seq},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
}

/** Seconds to push `frames` payloads, `payloads` cycled, over the dialect's transport, from the first send to the last frame parsed. */
export async function pushSeconds(dialect: DialectName, payloads: readonly Payload[], frames: number): Promise<number> {
  let received = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const hop = await openHop(dialect, (n) => {
    received += n;
    if (received >= frames) finish();
  });
  try {
    const start = performance.now();
    let sent = 0;
    while (sent < frames) {
      while (sent < frames && hop.buffered < HIGH_WATER_BYTES) hop.send(payloads[sent++ % payloads.length]!);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
    return (performance.now() - start) / 1000;
  } finally {
    await hop.close();
  }
}

/** Seconds to push `frames` JSON frames, sized as `sizes` cycled, over a WebSocket, from the first send to the last frame parsed. */
export function oneWaySeconds(sizes: readonly number[], frames: number): Promise<number> {
  return pushSeconds(
    'json',
    sizes.map((size) => frameOf(size, 0)),
    frames,
  );
}

/**
 * One-way latency, send to parsed, of payloads sent at `framesPerSecond` (`payloadAt(seq)` gives the
 * seq-th), paced as the latency benchmarks pace their stimuli. Both transports deliver in order:
 * the n-th frame parsed is the n-th sent.
 */
export async function hopLatency(
  dialect: DialectName,
  payloadAt: (seq: number) => Payload,
  framesPerSecond: number,
  durationMs: number,
): Promise<LatencySummary> {
  const sentAt: number[] = [];
  const samples: number[] = [];
  const hop = await openHop(dialect, (n) => {
    const now = performance.now();
    for (let i = 0; i < n; i++) samples.push(now - sentAt[samples.length]!);
  });
  try {
    const sent = await paced(framesPerSecond, durationMs, () => {
      const seq = sentAt.length;
      sentAt.push(performance.now());
      hop.send(payloadAt(seq));
    });
    while (samples.length < sent) await new Promise((resolve) => setImmediate(resolve));
    return summarise(Float64Array.from(samples));
  } finally {
    await hop.close();
  }
}

/** One-way latency over a WebSocket of JSON frames sized as `sizes` cycled, each carrying its sequence number. */
export function oneWayLatency(sizes: readonly number[], framesPerSecond: number, durationMs: number): Promise<LatencySummary> {
  return hopLatency('json', (seq) => frameOf(sizes[seq % sizes.length]!, seq), framesPerSecond, durationMs);
}
