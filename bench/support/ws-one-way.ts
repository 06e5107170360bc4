/**
 * The baselines of the throughput and latency benchmarks: a bare `ws` server pushing frames one way
 * to a client on loopback, in this process (as the simulator and the adapter are). It sends the
 * same frames the measured path puts on the wire — the sizes of one call's Event frames, cycled —
 * and the client JSON-parses each, as the adapter does: the same wire work per frame, none of the
 * lab's.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { summarise, type LatencySummary } from '../../src/load/latency.ts';
import { paced } from './pace.ts';

/** ws's send buffer the pump lets build up before yielding: it keeps the socket busy without queueing the whole round in memory. */
const HIGH_WATER_BYTES = 1 << 20;

interface Hop {
  /** The server's end: it sends. */
  readonly sender: WebSocket;
  /** The client's end: it receives. */
  readonly receiver: WebSocket;
  close(): Promise<void>;
}

async function openHop(): Promise<Hop> {
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
  const sender = await accepted;
  return {
    sender,
    receiver,
    async close() {
      receiver.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** JSON text of exactly `size` bytes (ASCII), carrying `seq`: the receiver parses what an adapter would. */
export function frameOf(size: number, seq: number): string {
  const head = `{"type":"Event","seq":${seq},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
}

/** Seconds to push `frames` frames, sized as `sizes` cycled, from the first send to the last frame parsed. */
export async function oneWaySeconds(sizes: readonly number[], frames: number): Promise<number> {
  const hop = await openHop();
  try {
    const payloads = sizes.map((size) => frameOf(size, 0));
    let received = 0;
    const finished = new Promise<void>((resolve) => {
      hop.receiver.on('message', (data) => {
        JSON.parse(String(data));
        if (++received === frames) resolve();
      });
    });
    const start = performance.now();
    let sent = 0;
    while (sent < frames) {
      while (sent < frames && hop.sender.bufferedAmount < HIGH_WATER_BYTES) hop.sender.send(payloads[sent++ % payloads.length]!);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
    return (performance.now() - start) / 1000;
  } finally {
    await hop.close();
  }
}

/** One-way latency, send to parsed, of frames sent at `framesPerSecond`, paced as the latency benchmark paces its stimuli. */
export async function oneWayLatency(sizes: readonly number[], framesPerSecond: number, durationMs: number): Promise<LatencySummary> {
  const hop = await openHop();
  try {
    const sentAt: number[] = [];
    const samples: number[] = [];
    hop.receiver.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { seq: number };
      samples.push(performance.now() - sentAt[frame.seq]!);
    });
    const sent = await paced(framesPerSecond, durationMs, () => {
      const seq = sentAt.length;
      sentAt.push(performance.now());
      hop.sender.send(frameOf(sizes[seq % sizes.length]!, seq));
    });
    while (samples.length < sent) await new Promise((resolve) => setImmediate(resolve));
    return summarise(Float64Array.from(samples));
  } finally {
    await hop.close();
  }
}
