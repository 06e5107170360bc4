/**
 * One server's fuzz campaign: hostile workers send seeded batches (pipelined on their
 * connections) and classify every answer, a well-behaved client works alongside, a health check
 * runs every half second (a hang: no answer within 2 s), the server's RSS is sampled (with the
 * heap's parts the target reports), and a few socket-level classes run once (many connections, a
 * slow reader, a slow writer). A warm-up of the same hostile classes comes first, so the idle RSS
 * is that of a server that has run every path once. Bounded by a count and a time budget.
 * Loopback only.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type fc from 'fast-check';
import { WebSocket } from 'ws';
import { ctiHostile, controlHostile, eventsHostile, faceHostile, httpRequest, sample, type Hostile } from './generators.ts';
import { openHttp, type RawResponse } from './raw-http.ts';
import { openStream } from './raw-stream.ts';
import { openRawWebSocket, textFrame } from './raw-ws.ts';
import { FUZZ_SECRETS, type LoopStall, type TargetInfo } from './secrets.ts';
import { STREAM_DIALECTS, type StreamDialect } from './stream-dialects.ts';
import { CTI_LOGIN, wellBehaved } from './well-behaved.ts';

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
  /** The server's latest `process.memoryUsage()`, null before the first. */
  readonly memory: () => NodeJS.MemoryUsage | null;
  /** The longest event-loop stall the server reported since the last call (absent: not measured). */
  readonly stall?: () => LoopStall;
  /** The server's memory right after a full GC. */
  readonly collected: () => Promise<NodeJS.MemoryUsage>;
  /** Hostile items sent before the idle RSS is taken, not counted (default a tenth of `count`, at most 5000). */
  readonly warmUp?: number;
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
  /** Hostile workers' connections the server refused at login (its connection cap): nothing was sent on them. */
  refusedConnections: number;
  crashes: number;
  hangs: number;
  healthChecks: number;
  maxHealthMs: number;
  idleRssMb: number;
  peakRssMb: number;
  /** The server's memory, in MB, when the idle RSS and the peak RSS were taken. */
  idleMemory: MemoryMb | null;
  peakMemory: MemoryMb | null;
  /** What ran against the server when its RSS peaked. */
  peakDuring: string;
  /** The server's longest event-loop stall during the hostile run, and the CPU it used meanwhile. */
  longestStall: (LoopStall & { readonly during: string }) | null;
  /** heapUsed in MB after a full GC, before the hostile run and after it: what it left behind. */
  retained: { before: number; after: number } | null;
  wellBehavedOk: number;
  wellBehavedFailed: number;
  durationMs: number;
  readonly classes: Record<string, number>;
  readonly unclearSamples: string[];
  /** Every well-behaved failure (the first 1000), with what was running against the server then. */
  readonly wellBehavedFailures: WellBehavedFailure[];
  readonly onceOff: string[];
}

export interface MemoryMb {
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export interface WellBehavedFailure {
  readonly at: string;
  readonly request: string;
  /** The status and body, or the error. */
  readonly outcome: string;
  /** The hostile classes running at that moment (socket-level classes, workers' batches). */
  readonly hostile: string;
}

const HEALTH_EVERY_MS = 500;
const MAX_FAILURES_KEPT = 1000;
/** A socket-level class takes ~20 s at most; past this the harness says so and goes on. */
const ONCE_OFF_MS = 60_000;
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

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
function memoryMb(m: NodeJS.MemoryUsage | null): MemoryMb | null {
  return m === null
    ? null
    : { rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
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
  if (verdict === 'unclear' && report.unclearSamples.length < 5) report.unclearSamples.push(sample.slice(0, 600));
}

function count(report: ServerReport, items: readonly Hostile[]): void {
  report.sent += items.length;
  for (const item of items) report.classes[item.cls] = (report.classes[item.cls] ?? 0) + 1;
}

// ---------------------------------------------------------------- hostile workers

const LOGIN = JSON.stringify(CTI_LOGIN);
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
  } else if (target.kind === 'ami' || target.kind === 'csta-xml') {
    // A request before login: the server must read it and answer (a refusal), not only accept the connection.
    const dialect = STREAM_DIALECTS[target.kind];
    await openStream(Number(new URL(target.url).port), dialect).then(
      async (conn) => {
        conn.send(dialect.request(0).bytes);
        await conn.take(1, 10_000);
        conn.destroy();
      },
      () => undefined,
    );
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

/** A TCP dialect: log in, then pipelined batches, one reply each; a killer gets an error and the close. */
async function streamWorker(port: number, dialect: StreamDialect, seed: number, batch: number, quota: () => boolean, report: ServerReport): Promise<void> {
  let batchNo = 0;
  while (quota()) {
    const conn = await openStream(port, dialect);
    conn.send(dialect.login());
    const [loggedIn] = (await conn.take(1, ANSWER_TIMEOUT_MS)).replies;
    if (loggedIn?.verdict !== 'accepted') {
      // Refused (the connection cap, in the dialect's words) or not answered: no hostile frame is sent
      // on a connection the server has turned away; the refusal is counted and the worker tries again.
      if (loggedIn?.verdict === 'clear') report.refusedConnections++;
      else tally(report, 'unclear', `login: ${loggedIn?.text ?? 'no reply'}`);
      await Promise.race([conn.ended, new Promise((r) => setTimeout(r, ANSWER_TIMEOUT_MS))]);
      conn.destroy();
      continue;
    }
    for (let i = 0; i < BATCHES_PER_CONNECTION && quota(); i++) {
      const items = sample(dialect.hostile, seed + batchNo++ * 7919, batch);
      const answerable = items.filter((x) => x.ends === 'answer');
      const killer = items.find((x) => x.ends === 'close');
      count(report, answerable);
      conn.send(Buffer.concat(answerable.map((x) => x.bytes)));
      const { replies } = await conn.take(answerable.length, ANSWER_TIMEOUT_MS);
      for (const reply of replies) tally(report, reply.verdict, reply.text);
      const first = answerable[replies.length];
      const why = `batch ${i + 1} on its connection, ${replies.length} of ${answerable.length} answered, the first unanswered ${first?.cls ?? '?'} ${JSON.stringify(first?.bytes.toString('latin1').slice(0, 80))}`;
      for (let k = replies.length; k < answerable.length; k++)
        tally(report, 'unclear', `no reply (connection ${conn.socket.destroyed ? 'closed' : 'open'}): ${why}`);
      if (replies.length < answerable.length) break;
      if (killer !== undefined) {
        count(report, [killer]);
        conn.send(killer.bytes);
        const last = await conn.take(1, ANSWER_TIMEOUT_MS);
        const [reply] = last.replies;
        await Promise.race([conn.ended, new Promise((r) => setTimeout(r, ANSWER_TIMEOUT_MS))]);
        if (reply === undefined) report.closedWithoutAnswer++;
        else tally(report, conn.socket.destroyed || last.closed ? reply.verdict : 'unclear', `${killer.cls}: ${reply.text}`);
        break;
      }
    }
    conn.destroy();
  }
}

// ---------------------------------------------------------------- once-off classes

/** Whether a server's first bytes on a connection refuse it naming the cap: 503 over HTTP, a clear error in a TCP dialect. */
function refusal(target: TargetInfo): (bytes: Buffer) => boolean {
  if (target.kind !== 'ami' && target.kind !== 'csta-xml') return (bytes) => bytes.toString('latin1').startsWith('HTTP/1.1 503 ');
  const dialect = STREAM_DIALECTS[target.kind];
  return (bytes) =>
    dialect
      .reader()(bytes)
      .some((reply) => reply.verdict === 'clear');
}

/** Many connections at once: past the cap each is refused, naming it; the server goes on. */
async function manyConnections(port: number, refused: (bytes: Buffer) => boolean, report: ServerReport): Promise<void> {
  const sockets = await Promise.all(
    Array.from(
      { length: 300 },
      () =>
        new Promise<{ bytes: Buffer; destroy: () => void; destroyed: () => boolean; closed: Promise<void> }>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port });
          const state = {
            bytes: Buffer.alloc(0),
            destroy: () => socket.destroy(),
            destroyed: () => socket.destroyed,
            closed: new Promise<void>((done) => socket.once('close', () => done())),
          };
          // Settled by the first answer (a refused one gets its 503 at once), the close, or 2 s of silence (an accepted one).
          const timer = setTimeout(() => resolve(state), 2000);
          const settle = (): void => {
            clearTimeout(timer);
            resolve(state);
          };
          socket.on('data', (c: Buffer) => {
            state.bytes = Buffer.concat([state.bytes, c]);
            settle();
          });
          socket.on('error', () => undefined);
          socket.once('close', settle);
        }),
    ),
  );
  const named = sockets.filter((s) => refused(s.bytes)).length;
  const silent = sockets.filter((s) => s.bytes.length === 0 && s.destroyed()).length;
  report.onceOff.push(`many connections: 300 opened, ${named} refused naming the cap (256), ${silent} closed without a word, the rest served`);
  for (const s of sockets) s.destroy();
  await Promise.all(sockets.map((s) => s.closed));
}

/** Whether a fresh connection is served (logged in, upgraded, answered), not refused at the cap. */
async function served(target: TargetInfo, port: number): Promise<boolean> {
  if (target.kind === 'ami' || target.kind === 'csta-xml') {
    const dialect = STREAM_DIALECTS[target.kind];
    const conn = await openStream(port, dialect);
    conn.send(dialect.login());
    const [reply] = (await conn.take(1, ANSWER_TIMEOUT_MS)).replies;
    conn.destroy();
    return reply?.verdict === 'accepted';
  }
  if (target.kind === 'cti')
    return openRawWebSocket(port).then(
      (conn) => {
        conn.destroy();
        return true;
      },
      () => false,
    );
  const conn = await openHttp(port);
  conn.send(httpRequest('GET', '/health', null, target.kind === 'control' ? { authorization: `Bearer ${FUZZ_SECRETS.controlToken}` } : {}));
  const [response] = (await conn.take(1, ANSWER_TIMEOUT_MS)).responses;
  conn.destroy();
  return response !== undefined && response.status !== 503;
}

/**
 * After the cap was full, until a fresh connection is served again: the server frees a place on
 * its own close event, a moment after the peer's, and a worker that connected in that moment was
 * refused (the AMI run's 97 "no reply" of 2026-12-07 17:08: one batch sent on a refused connection).
 * Each try is answered; none waits on a clock. Returns the tries it took, or null if 100 were refused.
 */
async function servedAgain(target: TargetInfo, port: number): Promise<number | null> {
  for (let tries = 1; tries <= 100; tries++) if (await served(target, port)) return tries;
  return null;
}

/** A client that never reads: the CTI link closes it once its replies pass the outbound budget. */
async function slowReader(port: number, report: ServerReport): Promise<void> {
  const conn = await openRawWebSocket(port);
  conn.send(textFrame(LOGIN));
  conn.stopReading();
  const frame = textFrame(JSON.stringify({ type: 'SnapshotDevice', invokeId: 1, deviceId: '8808' }));
  const burst = Buffer.concat(Array.from({ length: 1000 }, () => frame));
  for (let i = 0; i < 300 && !conn.socket.destroyed && conn.socket.writable; i++) {
    // A drain, or the end: a socket the server closed never drains.
    if (!conn.socket.write(burst)) await Promise.race([new Promise((r) => conn.socket.once('drain', r)), conn.ended]);
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
    refusedConnections: 0,
    crashes: 0,
    hangs: 0,
    healthChecks: 0,
    maxHealthMs: 0,
    idleRssMb: 0,
    peakRssMb: 0,
    idleMemory: null,
    peakMemory: null,
    peakDuring: '',
    longestStall: null,
    retained: null,
    wellBehavedOk: 0,
    wellBehavedFailed: 0,
    durationMs: 0,
    classes: {},
    unclearSamples: [],
    wellBehavedFailures: [],
    onceOff: [],
  };
  const started = performance.now();
  let dead = false;
  void options.died.then((why) => {
    dead = true;
    report.crashes++;
    report.onceOff.push(`server died: ${why}`);
  });
  // What runs against the server now, named for the well-behaved client's failures.
  const running = new Set<string>();
  const now = (): string => [...running].join(', ') || 'nothing';
  let good = true;
  const client = wellBehaved(target);
  const goodLoop = (async () => {
    while (good && !dead) {
      const miss = await client.round().catch((error: unknown) => ({ request: 'a round', outcome: error instanceof Error ? error.message : String(error) }));
      if (miss === null) report.wellBehavedOk++;
      else {
        report.wellBehavedFailed++;
        if (report.wellBehavedFailures.length < MAX_FAILURES_KEPT) report.wellBehavedFailures.push({ at: new Date().toISOString(), ...miss, hostile: now() });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    client.close();
  })();
  const deadline = Date.now() + options.timeBudgetMs;
  const sinkPath = target.sinkUrl === undefined ? '/events/none' : new URL(target.sinkUrl).pathname;
  const arb = target.kind === 'control' ? controlHostile : target.kind === 'face' ? faceHostile : eventsHostile(sinkPath);
  /** `n` workers, each with its own sub-seed, until `quota` says stop. */
  const workers = (n: number, seedBase: number, quota: () => boolean, into: ServerReport): Promise<void>[] =>
    Array.from({ length: n }, (_, i) => {
      const seed = seedBase + i * 1_000_003;
      const work =
        target.kind === 'cti'
          ? ctiWorker(port, seed, options.batch, quota, into)
          : target.kind === 'ami' || target.kind === 'csta-xml'
            ? streamWorker(port, STREAM_DIALECTS[target.kind], seed, options.batch, quota, into)
            : httpWorker(port, arb, seed, options.batch, quota, into);
      return work.catch((error: unknown) => {
        report.onceOff.push(`worker ${i} stopped: ${error instanceof Error ? error.message : String(error)}`);
      });
    });
  // Warm-up: the same hostile classes (another sub-seed, not counted), so the idle RSS below is that
  // of a server that has run every path once, not of one that has only loaded its code.
  const warmUp = options.warmUp ?? Math.min(5000, Math.ceil(options.count / 10));
  const scratch: ServerReport = { ...report, classes: {}, unclearSamples: [], wellBehavedFailures: [], onceOff: [] };
  running.add('warm-up');
  await Promise.all(workers(options.workers, options.seed + 777_767, () => !dead && scratch.sent < warmUp && Date.now() < deadline, scratch));
  running.delete('warm-up');
  // Idle: the same process, warmed up, with only the well-behaved client for a moment.
  const idleFrom = report.wellBehavedOk + report.wellBehavedFailed;
  while (report.wellBehavedOk + report.wellBehavedFailed < idleFrom + 20 && !dead) await new Promise((r) => setTimeout(r, 50));
  report.idleRssMb = rssMb(options.pid);
  report.idleMemory = memoryMb(options.memory());
  const before = mb((await options.collected()).heapUsed);
  report.peakRssMb = report.idleRssMb;
  report.peakMemory = report.idleMemory;
  // From here on: the warm-up's stalls are not the hostile run's.
  options.stall?.();
  const sampler = setInterval(() => {
    const stall = options.stall?.();
    if (stall !== undefined && stall.ms > (report.longestStall?.ms ?? -1)) report.longestStall = { ...stall, during: now() };
    const rss = rssMb(options.pid);
    if (rss <= report.peakRssMb) return;
    report.peakRssMb = rss;
    report.peakMemory = memoryMb(options.memory());
    report.peakDuring = now();
  }, 200);
  const health = setInterval(() => {
    void healthCheck(target).then((ms) => {
      report.healthChecks++;
      report.maxHealthMs = Math.max(report.maxHealthMs, Math.round(ms));
      if (ms > HANG_MS) report.hangs++;
    });
  }, HEALTH_EVERY_MS);
  const quota = (): boolean => !dead && report.sent < options.count && Date.now() < deadline;
  /** Runs one socket-level class, named in `running` while it runs. */
  const during = async (name: string, run: () => Promise<void>): Promise<void> => {
    running.add(name);
    let timer: NodeJS.Timeout | undefined;
    // Bounded: a class the harness itself got stuck in is reported, not waited for forever.
    const stuck = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        report.onceOff.push(`${name}: did not finish within ${ONCE_OFF_MS / 1000} s`);
        resolve();
      }, ONCE_OFF_MS);
    });
    await Promise.race([run(), stuck]);
    clearTimeout(timer);
    running.delete(name);
  };
  // First alone (it fills the connection cap), then the workers and the slow peers together.
  const withOnceOff = options.onceOff ?? true;
  if (withOnceOff) {
    await during('many connections', () => manyConnections(port, refusal(target), report));
    const tries = await servedAgain(target, port);
    report.onceOff.push(
      tries === null ? 'after many connections: 100 fresh connections in a row refused' : `after many connections: served again at try ${tries}`,
    );
  }
  const onceOff = (async () => {
    if (!withOnceOff) return;
    if (target.kind === 'cti') await during('slow reader', () => slowReader(port, report));
    if (target.kind === 'ami' || target.kind === 'csta-xml') return;
    await during('slow writer', () =>
      slowWriter(
        port,
        report,
        target.kind === 'cti' ? Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n') : httpRequest('GET', '/health', null),
      ),
    );
  })();
  running.add('hostile workers');
  await Promise.all([...workers(options.workers, options.seed, quota, report), onceOff]);
  running.delete('hostile workers');
  good = false;
  await goodLoop;
  if (!dead) report.retained = { before, after: mb((await options.collected()).heapUsed) };
  clearInterval(sampler);
  clearInterval(health);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}
