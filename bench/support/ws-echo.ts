/**
 * The baselines of the throughput and latency benchmarks: a bare `ws` echo server and client on
 * loopback, in this process (as the simulator and the adapter are), with a payload of the same size
 * as the CTI events and the same number of messages in flight.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { summarise, type LatencySummary } from '../../src/load/latency.ts';
import { paced } from './pace.ts';

interface Echo {
  readonly client: WebSocket;
  close(): Promise<void>;
}

async function openEcho(): Promise<Echo> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary })));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const client = new WebSocket(`ws://127.0.0.1:${address.port}`);
  await new Promise<void>((resolve, reject) => {
    client.once('open', resolve);
    client.once('error', reject);
  });
  return {
    client,
    async close() {
      client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function payloadOf(size: number): string {
  // JSON-like text of the size asked for, so the parser on the other side does the same work.
  const head = '{"type":"Event","pad":"';
  return `${head}${'x'.repeat(Math.max(0, size - head.length - 2))}"}`;
}

/** Round trips per second with `inFlight` messages outstanding at all times, for `durationMs`. */
export async function echoThroughput(payloadBytes: number, inFlight: number, durationMs: number): Promise<number> {
  const echo = await openEcho();
  const payload = payloadOf(payloadBytes);
  try {
    let done = 0;
    let stopAt = Infinity;
    let outstanding = 0;
    const finished = new Promise<void>((resolve) => {
      echo.client.on('message', (data) => {
        // Parse as the adapter parses frames: same work per message.
        JSON.parse(String(data));
        outstanding--;
        if (performance.now() < stopAt) {
          done++;
          echo.client.send(payload);
          outstanding++;
        } else if (outstanding === 0) resolve();
      });
    });
    const start = performance.now();
    stopAt = start + durationMs;
    for (let i = 0; i < inFlight; i++) {
      echo.client.send(payload);
      outstanding++;
    }
    await finished;
    return done / ((performance.now() - start) / 1000);
  } finally {
    await echo.close();
  }
}

/** Round-trip latencies of messages sent at `ratePerSecond`, paced as the latency benchmark paces its events. */
export async function echoLatency(payloadBytes: number, ratePerSecond: number, durationMs: number): Promise<LatencySummary> {
  const echo = await openEcho();
  const payload = payloadOf(payloadBytes);
  try {
    const sentAt: number[] = [];
    const samples: number[] = [];
    let received = 0;
    echo.client.on('message', (data) => {
      JSON.parse(String(data));
      samples.push(performance.now() - sentAt[received++]!);
    });
    const sent = await paced(ratePerSecond, durationMs, () => {
      sentAt.push(performance.now());
      echo.client.send(payload);
    });
    while (received < sent) await new Promise((resolve) => setImmediate(resolve));
    return summarise(Float64Array.from(samples));
  } finally {
    await echo.close();
  }
}
