/**
 * The CTI server for dialects that run over a TCP byte stream (AMI, CSTA XML): one session per
 * connection, the dialect's deframer between the bytes and the session, the same fault layer and
 * monitor registry as the WebSocket server. Caps: connections, bytes held for one unfinished frame
 * (the deframer's), bytes queued for a peer that does not read, a login deadline and an idle
 * deadline. Nothing a peer sends may throw out of a handler.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { createWarnLimiter, type WarnLimiter } from '../../src/platform/logging.ts';
import type { Dialect, DialectTransport } from '../dialects/dialect.ts';
import type { FaultLink } from '../faults/engine.ts';
import { connectionTap } from '../wire-tap.ts';
import { DEFAULT_CTI_LIMITS, type CtiLimits, type CtiServer, type CtiServerOptions } from '../server.ts';
import { createMonitorRegistry } from '../sessions/monitors.ts';
import type { Session, SessionContext } from '../sessions/requests.ts';
import type { StreamLimits } from './stream-framing.ts';

/** The TCP dialects' caps on top of the server's (simulator/README.md, "Limits"). */
export const DEFAULT_STREAM_LIMITS: StreamLimits = { maxFrameBytes: 64 * 1024, maxLineBytes: 8 * 1024 };

interface Connection {
  readonly socket: Socket;
  readonly session: Session;
  cut: boolean;
}

/** A socket that does not finish closing within this (cut, refused, on stop) is destroyed. */
const CLOSE_GRACE_MS = 1000;

/**
 * Ends a socket (after `last`, if given) and destroys it if it has not closed within the grace. The
 * timer goes with the close: a timer left to run would hold the socket, its session and its
 * deframer's bytes for the whole grace after the close (hundreds of them under a fuzz run).
 */
function endSoon(socket: Socket, last?: Buffer): void {
  const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  if (last === undefined) socket.end();
  else socket.end(last);
}

type TcpTransport = Extract<DialectTransport, { kind: 'tcp' }>;

export function createTcpCtiServer(
  options: CtiServerOptions & { readonly dialect: Dialect & { readonly transport: TcpTransport }; readonly stream?: Partial<StreamLimits> },
): CtiServer {
  const { clock, logger, dialect } = options;
  const transport = dialect.transport;
  const limits: CtiLimits = { ...DEFAULT_CTI_LIMITS, ...options.limits };
  const stream: StreamLimits = { ...DEFAULT_STREAM_LIMITS, ...options.stream };
  const monitors = createMonitorRegistry();
  const connections = new Set<Connection>();
  /** Every socket accepted and not yet closed, refused ones too: stop ends them all. */
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let limiter: WarnLimiter = createWarnLimiter();
  let stopping: Promise<void> | null = null;
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
    limited: (level, log, key, fields, message) => limiter[level](log, key, fields, message),
  };

  /** Tells the peer why (in its dialect, when the session can still speak), then closes; destroys it if it lingers. */
  function cut(conn: Connection, log: Logger, reason: string, tell: boolean): void {
    if (conn.cut) return;
    if (tell) conn.session.refuseFrame(`connection closed: ${reason}`);
    conn.cut = true;
    limiter.warn(log, `connection closed: ${reason}`, {}, `connection closed: ${reason}`);
    endSoon(conn.socket);
  }

  function accept(socket: Socket): void {
    const id = `K${++connectionCounter}`;
    const log = logger.child({ conn: id });
    const tap = connectionTap(options.wireTap, connectionCounter, log);
    if (!accepting || connections.size >= limits.maxConnections) {
      limiter.warn(log, 'connection refused: too many connections', { max: limits.maxConnections }, 'connection refused: too many connections');
      // Told why in its dialect (as the HTTP servers answer 503), under invoke id 0: it asked nothing yet.
      const refusal = dialect.refusal(0, null, 'serviceUnavailable', `at most ${limits.maxConnections} connections at once; close one and try again`);
      socket.on('error', () => undefined);
      // Read and dropped: bytes left unread would keep the peer's close from being seen, and the
      // socket (and the server's close on stop) would wait for it forever.
      socket.resume();
      endSoon(socket, Buffer.concat([Buffer.from(transport.greeting() ?? ''), Buffer.from(transport.encode?.(refusal) ?? refusal)]));
      return;
    }
    socket.setNoDelay(true);
    let conn: Connection | null = null;
    const toSocket = (frame: string): void => {
      if (conn === null || conn.cut || socket.destroyed || !socket.writable) return;
      if (socket.writableLength + frame.length > limits.outboundBudgetBytes) {
        // A peer that does not read: nothing more is queued for it.
        conn.cut = true;
        limiter.warn(log, 'connection closed: outbound budget exceeded', { budget: limits.outboundBudgetBytes }, 'connection closed: outbound budget exceeded');
        socket.destroy();
        return;
      }
      tap?.('to-adapter', frame);
      socket.write(transport.encode?.(frame) ?? frame);
    };
    const link: FaultLink | null =
      options.faults?.attach({
        id,
        toSession: (frame) => session.receive(frame),
        toSocket,
        close: (abrupt) => (abrupt ? socket.resetAndDestroy() : socket.end()),
        refusal: (invokeId, request, code, message) => dialect.refusal(invokeId, request, code, message),
        deviceOfMonitor: (monitorId) => monitors.deviceOf(monitorId),
        frames: dialect.faultFrames,
        watches: (deviceId) => session.watches?.(deviceId) ?? false,
      }) ?? null;
    const send = link === null ? toSocket : (frame: string) => link.toAdapter(frame);
    const session = dialect.openSession(context, send, log, () => socket.end());
    const opened: Connection = { socket, session, cut: false };
    conn = opened;
    connections.add(opened);
    log.debug({ remote: socket.remoteAddress }, 'connection opened');
    const greeting = transport.greeting();
    if (greeting !== null) {
      tap?.('to-adapter', greeting);
      socket.write(greeting);
    }
    const deframer = transport.deframer(stream);
    const loginDeadline = setTimeout(() => {
      if (!session.started) cut(opened, log, `no login within ${limits.loginDeadlineMs} ms`, true);
    }, limits.loginDeadlineMs);
    loginDeadline.unref();
    socket.setTimeout(limits.idleTimeoutMs, () => cut(opened, log, `nothing received for ${limits.idleTimeoutMs} ms`, true));

    socket.on('data', (chunk: Buffer) => {
      if (opened.cut) return;
      try {
        for (const item of deframer.push(chunk)) {
          if (opened.cut) return;
          if (item.kind === 'frame') {
            tap?.('to-switch', item.text);
            if (link === null) session.receive(item.text);
            else link.fromAdapter(item.text);
            continue;
          }
          const refuse = (): void => session.refuseFrame(item.message);
          if (link === null) refuse();
          else link.inOrder(refuse);
          if (item.fatal) cut(opened, log, item.message, false);
        }
      } catch (error) {
        log.error({ err: error }, 'frame handling failed; the session goes on');
      }
    });
    socket.on('error', (error) => limiter.warn(log, 'socket error', { code: 'code' in error ? error.code : undefined, reason: error.message }, 'socket error'));
    socket.on('close', () => {
      clearTimeout(loginDeadline);
      link?.closed();
      session.close();
      connections.delete(opened);
      log.debug('connection closed');
    });
  }

  async function closeAll(listening: Server): Promise<void> {
    accepting = false;
    // Resolves once no socket is left: every one is ended (read and dropped meanwhile) and destroyed if it lingers.
    const drained = new Promise<void>((resolve) => listening.close(() => resolve()));
    for (const conn of connections) conn.session.close();
    for (const socket of sockets) {
      socket.resume();
      endSoon(socket);
    }
    await drained;
    limiter.close();
    logger.info('CTI server stopped');
  }

  return {
    start() {
      if (server !== null) return Promise.reject(new Error('the CTI server is already started (or still stopping)'));
      limiter = createWarnLimiter();
      accepting = true;
      const listening = createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        accept(socket);
      });
      listening.on('error', (error) => logger.error({ err: error }, 'server error'));
      server = listening;
      return new Promise<string>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(options.port, options.host, () => {
          listening.off('error', reject);
          const address = listening.address();
          const port = typeof address === 'object' && address !== null ? address.port : options.port;
          const host = options.host.includes(':') ? `[${options.host}]` : options.host;
          const url = `${transport.scheme}://${host}:${port}`;
          logger.info({ url, dialect: dialect.name }, 'CTI server listening');
          resolve(url);
        });
      }).catch((error: unknown) => {
        server = null;
        listening.close();
        throw error;
      });
    },
    stop() {
      if (stopping !== null) return stopping;
      const listening = server;
      if (listening === null) return Promise.resolve();
      stopping = closeAll(listening).finally(() => {
        server = null;
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
