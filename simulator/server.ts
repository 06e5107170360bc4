/**
 * The CTI server's sockets: a `ws` server on loopback, one session per connection, event fan-out
 * to monitors, and ws ping/pong to drop dead peers. Protocol rules live in sessions/; wording in
 * the dialect. Nothing a peer sends may throw out of a handler.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES } from '../src/contract/cti-wire/frames.ts';
import { createHardenedServer, DEFAULT_LIMITS, listen, type ServerLimits, type TlsMaterial, type WebServer } from '../src/platform/http-server.ts';
import { createWarnLimiter, type WarnLimiter } from '../src/platform/logging.ts';
import type { Clock } from './clock.ts';
import { connectionTap, type WireTap } from './wire-tap.ts';
import type { FaultEngine, FaultLink } from './faults/engine.ts';
import type { Applied, ModelEvent, ModelInput, ModelState, StepResult } from './model/types.ts';
import type { Dialect } from './dialects/dialect.ts';
import { createMonitorRegistry, type OpenMonitor } from './sessions/monitors.ts';
import type { Credentials, Session, SessionContext } from './sessions/requests.ts';

export interface CtiServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** The dialect spoken on this server's connections (its transport must be the server's: WebSocket here, TCP in transport/tcp-server.ts). */
  readonly dialect: Dialect;
  readonly credentials: Credentials;
  readonly heartbeatIntervalMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The switch's current state, read for MonitorStart and SnapshotDevice. */
  readonly model: () => ModelState;
  /** Steps the switch for a request (agent requests); `acknowledge` runs before its events are published. */
  readonly act: (input: ModelInput, acknowledge: (applied: Applied) => void) => StepResult;
  /** The fault layer between each session and its socket; absent: frames pass straight. */
  readonly faults?: FaultEngine;
  /** Caps and deadlines; each absent one takes its default (DEFAULT_CTI_LIMITS). */
  readonly limits?: Partial<CtiLimits>;
  /** Serve wss:// with this key and certificate. */
  readonly tls?: TlsMaterial;
  /** Every frame of every connection, both ways, as it crosses the socket (the wire log). */
  readonly wireTap?: WireTap;
}

/** What one peer may cost the simulator (simulator/README.md, "Limits"). */
export interface CtiLimits extends ServerLimits {
  /** A connection that has not started its application session within this is closed (4001). */
  readonly loginDeadlineMs: number;
  /** Replies and events waiting to be read by one peer; past this the peer is closed (4002) and its buffers dropped. */
  readonly outboundBudgetBytes: number;
}

export const DEFAULT_CTI_LIMITS: CtiLimits = { ...DEFAULT_LIMITS, loginDeadlineMs: 10_000, outboundBudgetBytes: 4 * 1024 * 1024 };

/** Close codes of the simulator's own (RFC 6455 leaves 4000-4999 to applications). */
export const CLOSE_CODES = { loginDeadline: 4001, outboundBudget: 4002 } as const;

export interface CtiServer {
  /** Resolves with the ws:// URL once listening. */
  start(): Promise<string>;
  /** Closes every connection, cancels timers, and resolves once the port is released. */
  stop(): Promise<void>;
  /** Sends a model event to every monitor on one of its devices. */
  publish(event: ModelEvent): void;
  /** What the adapters hold open at the switch: started CTI sessions and monitors. */
  links(): SwitchLinks;
}

export interface SwitchLinks {
  /** Connections whose CTI session is started (StartApplicationSession answered, not yet stopped). */
  readonly sessions: number;
  readonly monitors: readonly OpenMonitor[];
}

/** A socket that takes longer than this to finish its close handshake on stop is cut (real time, also under a manual clock). */
const CLOSE_GRACE_MS = 1000;

interface Connection {
  readonly socket: WebSocket;
  readonly raw: Socket;
  readonly session: Session;
  readonly closed: Promise<void>;
  alive: boolean;
  /** Set once the connection is being closed for a limit: nothing more is read from it or sent to it. */
  cut: boolean;
  cancelLiveness: () => void;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

export function createCtiServer(options: CtiServerOptions): CtiServer {
  const { clock, logger } = options;
  const limits: CtiLimits = { ...DEFAULT_CTI_LIMITS, ...options.limits };
  const monitors = createMonitorRegistry();
  const connections = new Set<Connection>();
  let wss: WebSocketServer | null = null;
  let http: WebServer | null = null;
  let limiter: WarnLimiter = createWarnLimiter();
  let stopping: Promise<void> | null = null;
  /** False while stopping: a late connection would keep the port open. */
  let accepting = true;
  let sessionCounter = 0;
  let connectionCounter = 0;

  const context: SessionContext = {
    credentials: options.credentials,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    clock,
    model: options.model,
    act: options.act,
    monitors,
    nextSessionId: () => `S${++sessionCounter}`,
    limited: (level: 'warn' | 'info', log: Logger, key: string, fields: Readonly<Record<string, unknown>>, message: string) =>
      limiter[level](log, key, fields, message),
  };

  /** Destroys the socket with one error for every queued write: without (ws's terminate) Node builds one per write, 0.23 s for a 4 MiB backlog. */
  const drop = (conn: Connection, why: string): void => void conn.raw.destroy(new Error(why));

  /** Closes a peer that broke a limit with a code and reason it can read, and cuts it if it does not finish the handshake. */
  function cut(conn: Connection, log: Logger, code: number, reason: string): void {
    if (conn.cut) return;
    conn.cut = true;
    limiter.warn(log, `connection closed: ${reason}`, { code }, `connection closed: ${reason}`);
    conn.socket.close(code, reason);
    // Cleared by the close: left to run, the timer would hold the connection and its session for the whole grace.
    const timer = setTimeout(() => drop(conn, reason), CLOSE_GRACE_MS);
    timer.unref();
    conn.socket.once('close', () => clearTimeout(timer));
  }

  // Each interval the peer must have shown life (a pong or any frame) since the last ping.
  function liveness(conn: Connection, log: Logger): void {
    conn.cancelLiveness = clock.setTimer(options.heartbeatIntervalMs, () => {
      if (!conn.alive) {
        log.warn('peer did not answer ping; terminating the connection');
        drop(conn, 'no pong');
        return;
      }
      conn.alive = false;
      try {
        conn.socket.ping();
      } catch (error) {
        log.warn({ err: error }, 'ping failed');
      }
      liveness(conn, log);
    });
  }

  function accept(socket: WebSocket, raw: Socket): void {
    const id = `K${++connectionCounter}`;
    const log = logger.child({ conn: id });
    const tap = connectionTap(options.wireTap, connectionCounter, log);
    let conn: Connection | null = null;
    // Frames sent in one turn of the event loop (a model step's fan-out) leave in one write, not
    // one syscall each: the socket is corked at the first and uncorked once the turn's code is done.
    let corked = false;
    const uncork = (): void => {
      corked = false;
      raw.uncork();
    };
    const toSocket = (frame: string): void => {
      if (socket.readyState !== socket.OPEN || conn === null || conn.cut) return;
      // A peer that does not read: stop queueing for it and drop what is queued (the close releases it).
      if (socket.bufferedAmount + frame.length > limits.outboundBudgetBytes) {
        cut(conn, log, CLOSE_CODES.outboundBudget, `outbound budget exceeded: over ${limits.outboundBudgetBytes} bytes unread`);
        // Nor read more from it: until the cut completes, every frame it pipelined would still be parsed, for nothing.
        raw.pause();
        return;
      }
      if (!corked) {
        corked = true;
        raw.cork();
        process.nextTick(uncork);
      }
      tap?.('to-adapter', frame);
      socket.send(frame);
    };
    // The fault layer sits between the session and the socket, both ways (simulator/README.md, "Faults").
    const link: FaultLink | null =
      options.faults?.attach({
        id,
        toSession: (frame) => session.receive(frame),
        toSocket,
        close: (abrupt) => (abrupt ? socket.terminate() : socket.close(1011, 'simulated fault: closeLink')),
        refusal: (invokeId, request, code, message) => options.dialect.refusal(invokeId, request, code, message),
        deviceOfMonitor: (monitorId) => monitors.deviceOf(monitorId),
        frames: options.dialect.faultFrames,
      }) ?? null;
    const send = link === null ? toSocket : (frame: string) => link.toAdapter(frame);
    const session = options.dialect.openSession(context, send, log, () => socket.close(1000, 'session ended'));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const opened: Connection = { socket, raw, session, closed, alive: true, cut: false, cancelLiveness: () => undefined };
    conn = opened;
    connections.add(opened);
    log.debug({ remote: raw.remoteAddress }, 'connection opened');
    const loginDeadline = setTimeout(() => {
      if (!session.started) cut(opened, log, CLOSE_CODES.loginDeadline, `no StartApplicationSession within ${limits.loginDeadlineMs} ms`);
    }, limits.loginDeadlineMs);
    loginDeadline.unref();

    socket.on('message', (data, isBinary) => {
      if (opened.cut) return;
      opened.alive = true;
      try {
        const refuse = () => session.refuseFrame('(root): Expected a text frame holding JSON, got a binary frame');
        const frame = isBinary ? null : text(data);
        if (frame !== null) tap?.('to-switch', frame);
        if (link === null) {
          if (frame === null) refuse();
          else session.receive(frame);
        } else if (frame === null) link.inOrder(refuse);
        else link.fromAdapter(frame);
      } catch (error) {
        log.error({ err: error }, 'frame handling failed; the session goes on');
      }
    });
    socket.on('pong', () => {
      opened.alive = true;
    });
    socket.on('error', (error) => limiter.warn(log, 'socket error', { code: 'code' in error ? error.code : undefined, reason: error.message }, 'socket error'));
    socket.on('close', (code, reason) => {
      clearTimeout(loginDeadline);
      link?.closed();
      opened.cancelLiveness();
      session.close();
      connections.delete(opened);
      log.debug({ code, reason: reason.toString('utf8') }, 'connection closed');
    });
    liveness(opened, log);
  }

  async function closeAll(server: WebSocketServer): Promise<void> {
    accepting = false;
    const closing = [...connections].map((conn) => {
      conn.cancelLiveness();
      conn.session.close();
      conn.socket.close(1001, 'simulator stopping');
      const cut = setTimeout(() => drop(conn, 'simulator stopping'), CLOSE_GRACE_MS);
      return conn.closed.finally(() => clearTimeout(cut));
    });
    await Promise.all(closing);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (http !== null) {
      const stopping = http;
      await new Promise<void>((resolve) => {
        stopping.close(() => resolve());
        stopping.closeAllConnections();
      });
    }
    limiter.close();
    logger.info('CTI server stopped');
  }

  return {
    start() {
      if (wss !== null) return Promise.reject(new Error('the CTI server is already started (or still stopping)'));
      limiter = createWarnLimiter();
      // Plain HTTP requests get a clear 426; upgrades go to ws. The HTTP server owns the caps and header deadlines.
      const web = createHardenedServer(
        (req, res) => {
          req.resume();
          const body = JSON.stringify({ error: 'the CTI link is a WebSocket: connect with an Upgrade: websocket request' });
          res.writeHead(426, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            upgrade: 'websocket',
            connection: 'close',
          });
          res.end(body);
        },
        { name: 'CTI link', logger, limiter, limits, ...(options.tls === undefined ? {} : { tls: options.tls }) },
      );
      // One frame a turn (ws defers the next with setImmediate): a pipelined burst of a thousand
      // requests in one read would hold the loop, every other peer and the health check, ~0.15 s.
      const server = new WebSocketServer({ server: web, maxPayload: MAX_FRAME_BYTES, allowSynchronousEvents: false });
      wss = server;
      http = web;
      accepting = true;
      server.on('error', (error) => logger.error({ err: error }, 'server error'));
      server.on('connection', (socket, request) => {
        if (accepting) accept(socket, request.socket);
        else socket.terminate();
      });
      return listen(web, options.host, options.port, 'ws').then(
        ({ url }) => {
          logger.info({ url, dialect: options.dialect.name }, 'CTI server listening');
          return url;
        },
        (error: unknown) => {
          wss = null;
          http = null;
          server.close();
          throw error;
        },
      );
    },

    stop() {
      if (stopping !== null) return stopping;
      const server = wss;
      if (server === null) return Promise.resolve();
      stopping = closeAll(server).finally(() => {
        wss = null;
        http = null;
        stopping = null;
      });
      return stopping;
    },

    publish(event) {
      monitors.fanOut(event);
    },

    links: () => ({ sessions: [...connections].filter((conn) => conn.session.started).length, monitors: monitors.list() }),
  };
}
