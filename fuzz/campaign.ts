/**
 * One server's fuzz campaign: hostile workers send seeded batches (pipelined on their
 * connections) and classify every answer, a well-behaved client works alongside, a health check
 * runs every half second (a hang: no answer within 2 s), the server's RSS is sampled, and a few
 * socket-level classes run once (many connections, a slow reader, a slow writer). Bounded by a
 * count and a time budget. Loopback only.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type fc from 'fast-check';
import { WebSocket } from 'ws';
import { ctiHostile, controlHostile, eventsHostile, faceHostile, httpRequest, sample, type Hostile } from './generators.ts';
import { openHttp, type RawResponse } from './raw-http.ts';
import { openRawWebSocket, textFrame } from './raw-ws.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS, type TargetInfo } from './secrets.ts';

export interface CampaignOptions {
  readonly target: TargetInfo;
  readonly pid: number;
  /** Hostile frames or requests to send (the campaign also stops at the time budget). */
  readonly count: number;
  readonly timeBudgetMs: number;
  readonly seed: number;
  readonly workers: number;
  readonly batch: number;
  /** Resolves if the server process dies. */
  readonly died: Promise<string>;
  /** Also run the socket-level classes (many connections, slow reader, slow writer: ~20 s). Default true. */
  readonly onceOff?: boolean;
}

export interface ServerReport {
  readonly server: string;
  readonly seed: number;
  sent: number;
  /** Answers that were errors naming the problem (an Error frame, a 4xx with its error text, a WebSocket close code). */
  clear: number;
  /** Answers that accepted the input (it happened to be valid). */
  accepted: number;
  /** Answers that were neither: a 5xx, an error without a reason, no answer before the connection closed or the deadline. */
  unclear: number;
  /** Connection-ending inputs the server closed on without an answer (a reset after 413). */
  closedWithoutAnswer: number;
  crashes: number;
  hangs: number;
  healthChecks: number;
  maxHealthMs: number;
  idleRssMb: number;
  peakRssMb: number;
  wellBehavedOk: number;
  wellBehavedFailed: number;
  durationMs: number;
  readonly classes: Record<string, number>;
  readonly unclearSamples: string[];
  /** Why the well-behaved client failed, the first few times. */
  readonly wellBehavedSamples: string[];
  readonly onceOff: string[];
}

const HEALTH_EVERY_MS = 500;
const HANG_MS = 2000;
const ANSWER_TIMEOUT_MS = 10_000;

function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A CTI reply: an Error naming a code and a reason, a Response, or something else (null: not a reply, e.g. a heartbeat). */
function ctiVerdict(text: string): 'clear' | 'accepted' | 'unclear' | null {
  const frame = parseJson(text);
  if (!isRecord(frame)) return 'unclear';
  if (frame['type'] === 'Response') return 'accepted';
  if (frame['type'] !== 'Error') return null;
  const error = frame['error'];
  return isRecord(error) && typeof error['code'] === 'string' && typeof error['message'] === 'string' && error['message'].length >= 10 ? 'clear' : 'unclear';
}

function httpVerdict(response: RawResponse): 'clear' | 'accepted' | 'unclear' {
  if (response.status >= 200 && response.status < 400) return 'accepted';
  if (response.status >= 500 || response.status < 200) return 'unclear';
  const body = parseJson(response.body);
  const error = isRecord(body) ? body['error'] : undefined;
  const text = typeof error === 'string' ? error : isRecord(error) && typeof error['message'] === 'string' ? error['message'] : '';
  return text.length >= 10 ? 'clear' : 'unclear';
}

function tally(report: ServerReport, verdict: 'clear' | 'accepted' | 'unclear', sample: string): void {
  report[verdict]++;
  if (verdict === 'unclear' && report.unclearSamples.length < 5) report.unclearSamples.push(sample.slice(0, 300));
}

function count(report: ServerReport, items: readonly Hostile[]): void {
  report.sent += items.length;
  for (const item of items) report.classes[item.cls] = (report.classes[item.cls] ?? 0) + 1;
}

// ---------------------------------------------------------------- hostile workers

const LOGIN = JSON.stringify({
  type: 'StartApplicationSession',
  invokeId: 0,
  applicationId: 'fuzz',
  user: FUZZ_CTI_USER,
  password: FUZZ_SECRETS.ctiPassword,
  protocolVersion: '1',
});
/** Batches per connection before a fresh one (the session may have been stopped by a hostile frame). */
const BATCHES_PER_CONNECTION = 20;

async function ctiWorker(port: number, seed: number, batch: number, quota: () => boolean, report: ServerReport): Promise<void> {
  let batchNo = 0;
  while (quota()) {
    const conn = await openRawWebSocket(port);
    conn.send(textFrame(LOGIN));
    await conn.take(1, ANSWER_TIMEOUT_MS);
    for (let i = 0; i < BATCHES_PER_CONNECTION && quota(); i++) {
      const items = sample(ctiHostile, seed + batchNo++ * 7919, batch);
      const answerable = items.filter((x) => x.ends === 'answer');
      const killer = items.find((x) => x.ends === 'close');
      count(report, answerable);
      conn.send(Buffer.concat(answerable.map((x) => x.bytes)));
      let replies = 0;
      while (replies < answerable.length) {
        const { texts, closed } = await conn.take(answerable.length - replies, ANSWER_TIMEOUT_MS);
        for (const text of texts) {
          const verdict = ctiVerdict(text);
          if (verdict === null) continue;
          replies++;
          tally(report, verdict, text);
        }
        if (texts.length === 0 || closed) break;
      }
      for (let k = replies; k < answerable.length; k++) tally(report, 'unclear', `no reply (connection ${conn.socket.destroyed ? 'closed' : 'open'})`);
      if (replies < answerable.length) break;
      if (killer !== undefined) {
        count(report, [killer]);
        conn.send(killer.bytes);
        await Promise.race([conn.ended, new Promise((r) => setTimeout(r, ANSWER_TIMEOUT_MS))]);
        const code = conn.closeCode();
        if (code === null) report.closedWithoutAnswer++;
        else tally(report, [1002, 1007, 1009].includes(code) ? 'clear' : 'unclear', `close ${code} after ${killer.cls}`);
        break;
      }
    }
    conn.destroy();
  }
}

async function httpWorker(port: number, arb: fc.Arbitrary<Hostile>, seed: number, batch: number, quota: () => boolean, report: ServerReport): Promise<void> {
  let batchNo = 0;
  while (quota()) {
    const conn = await openHttp(port);
    for (let i = 0; i < BATCHES_PER_CONNECTION && quota(); i++) {
      const items = sample(arb, seed + batchNo++ * 7919, batch);
      const answerable = items.filter((x) => x.ends === 'answer');
      const killer = items.find((x) => x.ends === 'close');
      count(report, answerable);
      conn.send(Buffer.concat(answerable.map((x) => x.bytes)));
      const { responses } = await conn.take(answerable.length, ANSWER_TIMEOUT_MS);
      for (const response of responses) tally(report, httpVerdict(response), `${response.status} ${response.body}`);
      for (let k = responses.length; k < answerable.length; k++) tally(report, 'unclear', 'no answer');
      if (responses.length < answerable.length) break;
      if (killer !== undefined) {
        count(report, [killer]);
        conn.send(killer.bytes);
        const last = await conn.take(1, ANSWER_TIMEOUT_MS);
        const [response] = last.responses;
        if (response === undefined) report.closedWithoutAnswer++;
        else tally(report, httpVerdict(response), `${killer.cls}: ${response.status} ${response.body}`);
        break;
      }
    }
    conn.destroy();
  }
}

// ---------------------------------------------------------------- alongside

const FACE_SETTINGS = {
  mode: 'simple',
  ctiUrl: 'ws://127.0.0.1:9',
  credentials: { user: 'u', password: FUZZ_SECRETS.faceLinkPassword },
  timeouts: { connectMs: 500, requestMs: 500 },
};
const EVENT = {
  DN: '8808',
  event: {
    pyEventType: 'CallStateEvent',
    pyEventName: 'Offering',
    pyCallId: 'C1',
    pyCallType: 'INBOUND',
    pyMedia: 'Phone',
    pyANI: '16175551212',
    pyDNIS: '8000',
    pyOtherDN: '16175551212',
    pyThisDN: '8808',
    pyNamedVariables: {},
  },
};

async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : parseJson(text) };
}

/** One round of what a well-behaved client does with this server; true when every answer was the expected one. */
function wellBehaved(target: TargetInfo): () => Promise<boolean> {
  switch (target.kind) {
    case 'cti': {
      let socket: WebSocket | null = null;
      let invoke = 1;
      const pending = new Map<number, (ok: boolean) => void>();
      const open = (): Promise<WebSocket> =>
        new Promise((resolve, reject) => {
          const ws = new WebSocket(target.url);
          ws.on('message', (data) => {
            const frame = parseJson(data.toString());
            if (isRecord(frame) && typeof frame['invokeId'] === 'number') pending.get(frame['invokeId'])?.(frame['type'] === 'Response');
          });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
          ws.once('close', () => {
            socket = null;
            for (const settle of pending.values()) settle(false);
          });
        });
      const request = (ws: WebSocket, frame: Record<string, unknown>): Promise<boolean> =>
        new Promise((resolve) => {
          const id = invoke++;
          const timer = setTimeout(() => resolve(false), 5000);
          pending.set(id, (ok) => {
            clearTimeout(timer);
            pending.delete(id);
            resolve(ok);
          });
          ws.send(JSON.stringify({ ...frame, invokeId: id }));
        });
      return async () => {
        if (socket === null) {
          const ws = await open();
          socket = ws;
          if (!(await request(ws, { ...(parseJson(LOGIN) as Record<string, unknown>) }))) return false;
        }
        return request(socket, { type: 'SnapshotDevice', deviceId: '8808' });
      };
    }
    case 'control':
      return async () => (await call(`${target.url}/control/truth`, 'GET', undefined, { authorization: `Bearer ${FUZZ_SECRETS.controlToken}` })).status === 200;
    case 'face':
      return async () => {
        const created = await call(`${target.url}/sessions`, 'POST', { eventServiceUrl: 'http://127.0.0.1:9/events/x', settings: FACE_SETTINGS });
        if (created.status !== 201 || !isRecord(created.json)) return false;
        const { sessionId, sessionSecret } = created.json as { sessionId: string; sessionSecret: string };
        const secret = { 'x-session-secret': sessionSecret };
        const closed = await call(`${target.url}/sessions/${sessionId}/activities/CloseAdapter`, 'POST', {}, secret);
        const deleted = await call(`${target.url}/sessions/${sessionId}`, 'DELETE', undefined, secret);
        return closed.status === 200 && deleted.status === 204;
      };
    case 'events':
      return async () => (await call(target.sinkUrl ?? '', 'POST', EVENT)).status === 204;
  }
}

/** A fresh connection answered within the hang limit. */
async function healthCheck(target: TargetInfo): Promise<number> {
  const started = performance.now();
  if (target.kind === 'cti') {
    await new Promise<void>((resolve) => {
      const ws = new WebSocket(target.url);
      const done = (): void => {
        ws.terminate();
        resolve();
      };
      ws.once('open', done);
      ws.once('error', done);
      ws.once('unexpected-response', done);
    });
  } else {
    await fetch(`${target.url}/health`, {
      headers: target.kind === 'control' ? { authorization: `Bearer ${FUZZ_SECRETS.controlToken}` } : {},
      signal: AbortSignal.timeout(10_000),
    }).then(
      (res) => res.arrayBuffer(),
      () => undefined,
    );
  }
  return performance.now() - started;
}

// ---------------------------------------------------------------- once-off classes

/** Many connections at once: past the cap each is answered 503 (HTTP, before any upgrade); the server goes on. */
async function manyConnections(port: number, report: ServerReport): Promise<void> {
  const sockets = await Promise.all(
    Array.from(
      { length: 300 },
      () =>
        new Promise<{ text: string; destroy: () => void; closed: Promise<void> }>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port });
          const state = { text: '', destroy: () => socket.destroy(), closed: new Promise<void>((done) => socket.once('close', () => done())) };
          // Settled by the first answer (a refused one gets its 503 at once), the close, or 2 s of silence (an accepted one).
          const timer = setTimeout(() => resolve(state), 2000);
          const settle = (): void => {
            clearTimeout(timer);
            resolve(state);
          };
          socket.on('data', (c: Buffer) => {
            state.text += c.toString('latin1');
            settle();
          });
          socket.on('error', () => undefined);
          socket.once('close', settle);
        }),
    ),
  );
  const refused = sockets.filter((s) => s.text.startsWith('HTTP/1.1 503 ')).length;
  report.onceOff.push(`many connections: 300 opened, ${refused} answered 503 naming the cap (256), the rest served`);
  for (const s of sockets) s.destroy();
  await Promise.all(sockets.map((s) => s.closed));
}

/** A client that never reads: the CTI link closes it once its replies pass the outbound budget. */
async function slowReader(port: number, report: ServerReport): Promise<void> {
  const conn = await openRawWebSocket(port);
  conn.send(textFrame(LOGIN));
  conn.stopReading();
  const frame = textFrame(JSON.stringify({ type: 'SnapshotDevice', invokeId: 1, deviceId: '8808' }));
  const burst = Buffer.concat(Array.from({ length: 1000 }, () => frame));
  for (let i = 0; i < 300 && !conn.socket.destroyed && conn.socket.writable; i++) {
    if (!conn.socket.write(burst)) await new Promise((r) => conn.socket.once('drain', r));
  }
  conn.resume();
  await Promise.race([conn.ended, new Promise((r) => setTimeout(r, 20_000))]);
  report.onceOff.push(`slow reader: ${conn.socket.destroyed ? `closed (close code ${conn.closeCode() ?? 'not read'})` : 'still open after 20 s'}`);
  conn.destroy();
}

/** A client that sends its request one byte at a time: cut at the header deadline (408) or answered. */
async function slowWriter(port: number, report: ServerReport, bytes: Buffer): Promise<void> {
  const answer = await new Promise<string>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    let at = 0;
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => resolve(text));
    const drip = setInterval(() => {
      if (at >= Math.min(bytes.length, 40) || socket.destroyed) {
        clearInterval(drip);
        return;
      }
      socket.write(bytes.subarray(at, ++at));
    }, 400);
  });
  const status = answer.split('\r\n')[0] ?? '';
  report.onceOff.push(`slow writer (a byte per 400 ms): ${status === '' ? 'closed without an answer' : status}`);
}

// ---------------------------------------------------------------- the campaign

export async function runCampaign(options: CampaignOptions): Promise<ServerReport> {
  const { target } = options;
  const port = Number(new URL(target.url).port);
  const report: ServerReport = {
    server: target.kind,
    seed: options.seed,
    sent: 0,
    clear: 0,
    accepted: 0,
    unclear: 0,
    closedWithoutAnswer: 0,
    crashes: 0,
    hangs: 0,
    healthChecks: 0,
    maxHealthMs: 0,
    idleRssMb: 0,
    peakRssMb: 0,
    wellBehavedOk: 0,
    wellBehavedFailed: 0,
    durationMs: 0,
    classes: {},
    unclearSamples: [],
    wellBehavedSamples: [],
    onceOff: [],
  };
  const started = performance.now();
  let dead = false;
  void options.died.then((why) => {
    dead = true;
    report.crashes++;
    report.onceOff.push(`server died: ${why}`);
  });
  let running = true;
  const round = wellBehaved(target);
  const goodLoop = (async () => {
    while (running && !dead) {
      const outcome = await round().then(
        (ok) => (ok ? null : 'an unexpected answer'),
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      if (outcome === null) report.wellBehavedOk++;
      else {
        report.wellBehavedFailed++;
        if (report.wellBehavedSamples.length < 5) report.wellBehavedSamples.push(`${new Date().toISOString()}: ${outcome}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  // Idle: the server with only the well-behaved client, once it has warmed up.
  while (report.wellBehavedOk + report.wellBehavedFailed < 20 && !dead) await new Promise((r) => setTimeout(r, 50));
  report.idleRssMb = rssMb(options.pid);
  report.peakRssMb = report.idleRssMb;
  const sampler = setInterval(() => (report.peakRssMb = Math.max(report.peakRssMb, rssMb(options.pid))), 200);
  const health = setInterval(() => {
    void healthCheck(target).then((ms) => {
      report.healthChecks++;
      report.maxHealthMs = Math.max(report.maxHealthMs, Math.round(ms));
      if (ms > HANG_MS) report.hangs++;
    });
  }, HEALTH_EVERY_MS);
  const deadline = Date.now() + options.timeBudgetMs;
  const quota = (): boolean => !dead && report.sent < options.count && Date.now() < deadline;
  const sinkPath = target.sinkUrl === undefined ? '/events/none' : new URL(target.sinkUrl).pathname;
  const arb = target.kind === 'control' ? controlHostile : target.kind === 'face' ? faceHostile : eventsHostile(sinkPath);
  const worker = (i: number): Promise<void> => {
    const seed = options.seed + i * 1_000_003;
    return (target.kind === 'cti' ? ctiWorker(port, seed, options.batch, quota, report) : httpWorker(port, arb, seed, options.batch, quota, report)).catch(
      (error: unknown) => {
        report.onceOff.push(`worker ${i} stopped: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };
  // First alone (it fills the connection cap), then the workers and the slow peers together.
  const withOnceOff = options.onceOff ?? true;
  if (withOnceOff) await manyConnections(port, report);
  const onceOff = (async () => {
    if (!withOnceOff) return;
    if (target.kind === 'cti') await slowReader(port, report);
    await slowWriter(
      port,
      report,
      target.kind === 'cti' ? Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n') : httpRequest('GET', '/health', null),
    );
  })();
  await Promise.all([...Array.from({ length: options.workers }, (_, i) => worker(i)), onceOff]);
  running = false;
  await goodLoop;
  clearInterval(sampler);
  clearInterval(health);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
