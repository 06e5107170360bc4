/**
 * The CTI server's sockets: a `ws` server on loopback, one session per connection, event fan-out
 * to monitors, and ws ping/pong to drop dead peers. Protocol rules live in sessions/; wording in
 * the dialect. Nothing a peer sends may throw out of a handler.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES, REQUEST_TYPES, type RequestType } from '../src/contract/cti-wire/frames.ts';
import type { Clock } from './clock.ts';
import type { FaultEngine, FaultLink } from './faults/engine.ts';
import type { Applied, ModelEvent, ModelInput, ModelState, StepResult } from './model/types.ts';
import type { WireDialect } from './protocol/dialect.ts';
import { createMonitorRegistry, type OpenMonitor } from './sessions/monitors.ts';
import { createSession, type Credentials, type Session } from './sessions/session.ts';

export interface CtiServerOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly dialect: WireDialect;
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
}

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
  readonly session: Session;
  readonly closed: Promise<void>;
  alive: boolean;
  cancelLiveness: () => void;
}

function text(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

const REQUESTS = new Set<string>(REQUEST_TYPES);
function isRequestType(name: string | null): name is RequestType {
  return name !== null && REQUESTS.has(name);
}

function urlOf(host: string, port: number): string {
  return `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function createCtiServer(options: CtiServerOptions): CtiServer {
  const { clock, logger } = options;
  const monitors = createMonitorRegistry();
  const connections = new Set<Connection>();
  let wss: WebSocketServer | null = null;
  let stopping: Promise<void> | null = null;
  /** False while stopping: a late connection would keep the port open. */
  let accepting = true;
  let sessionCounter = 0;
  let connectionCounter = 0;

  const context = {
    dialect: options.dialect,
    credentials: options.credentials,
    heartbeatIntervalMs: options.heartbeatIntervalMs,
    clock,
    model: options.model,
    act: options.act,
    monitors,
    nextSessionId: () => `S${++sessionCounter}`,
  };

  // Each interval the peer must have shown life (a pong or any frame) since the last ping.
  function liveness(conn: Connection, log: Logger): void {
    conn.cancelLiveness = clock.setTimer(options.heartbeatIntervalMs, () => {
      if (!conn.alive) {
        log.warn('peer did not answer ping; terminating the connection');
        conn.socket.terminate();
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
    // Frames sent in one turn of the event loop (a model step's fan-out) leave in one write, not
    // one syscall each: the socket is corked at the first and uncorked once the turn's code is done.
    let corked = false;
    const uncork = (): void => {
      corked = false;
      raw.uncork();
    };
    const toSocket = (frame: string): void => {
      if (socket.readyState !== socket.OPEN) return;
      if (!corked) {
        corked = true;
        raw.cork();
        process.nextTick(uncork);
      }
      socket.send(frame);
    };
    // The fault layer sits between the session and the socket, both ways (simulator/README.md, "Faults").
    const link: FaultLink | null =
      options.faults?.attach({
        id,
        toSession: (frame) => session.receive(frame),
        toSocket,
        close: (abrupt) => (abrupt ? socket.terminate() : socket.close(1011, 'simulated fault: closeLink')),
        refusal: (invokeId, request, code, message) => options.dialect.encodeError({ type: 'Error', invokeId, ...(isRequestType(request) ? { request } : {}), error: { code, message } }),
        deviceOfMonitor: (monitorId) => monitors.deviceOf(monitorId),
      }) ?? null;
    const send = link === null ? toSocket : (frame: string) => link.toAdapter(frame);
    const session = createSession(context, send, log);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const conn: Connection = { socket, session, closed, alive: true, cancelLiveness: () => undefined };
    connections.add(conn);
    log.info({ remote: raw.remoteAddress }, 'connection opened');

    socket.on('message', (data, isBinary) => {
      conn.alive = true;
      try {
        const refuse = () => session.refuseFrame('(root): Expected a text frame holding JSON, got a binary frame');
        if (link === null) {
          if (isBinary) refuse();
          else session.receive(text(data));
        } else if (isBinary) link.inOrder(refuse);
        else link.fromAdapter(text(data));
      } catch (error) {
        log.error({ err: error }, 'frame handling failed; the session goes on');
      }
    });
    socket.on('pong', () => {
      conn.alive = true;
    });
    socket.on('error', (error) => log.warn({ err: error }, 'socket error'));
    socket.on('close', (code, reason) => {
      link?.closed();
      conn.cancelLiveness();
      session.close();
      connections.delete(conn);
      log.info({ code, reason: reason.toString('utf8') }, 'connection closed');
    });
    liveness(conn, log);
  }

  async function closeAll(server: WebSocketServer): Promise<void> {
    accepting = false;
    const closing = [...connections].map((conn) => {
      conn.cancelLiveness();
      conn.session.close();
      conn.socket.close(1001, 'simulator stopping');
      const cut = setTimeout(() => conn.socket.terminate(), CLOSE_GRACE_MS);
      return conn.closed.finally(() => clearTimeout(cut));
    });
    await Promise.all(closing);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    logger.info('CTI server stopped');
  }

  return {
    start() {
      if (wss !== null) return Promise.reject(new Error('the CTI server is already started (or still stopping)'));
      return new Promise((resolve, reject) => {
        const server = new WebSocketServer({ host: options.host, port: options.port, maxPayload: MAX_FRAME_BYTES });
        wss = server;
        const failed = (error: Error): void => {
          wss = null;
          reject(error);
        };
        server.once('error', failed);
        server.once('listening', () => {
          server.off('error', failed);
          server.on('error', (error) => logger.error({ err: error }, 'server error'));
          const address = server.address();
          const port = typeof address === 'object' && address !== null ? address.port : options.port;
          const url = urlOf(options.host, port);
          logger.info({ url, dialect: options.dialect.name }, 'CTI server listening');
          resolve(url);
        });
        accepting = true;
        server.on('connection', (socket, request) => {
          if (accepting) accept(socket, request.socket);
          else socket.terminate();
        });
      });
    },

    stop() {
      if (stopping !== null) return stopping;
      const server = wss;
      if (server === null) return Promise.resolve();
      stopping = closeAll(server).finally(() => {
        wss = null;
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
