/**
 * One way to stand up an HTTP(S) server that a hostile peer cannot grow or stall: a connection
 * cap answered with a clear 503, header, request and idle deadlines checked every second, and
 * unreadable requests answered with their reason and logged without their bytes (Node's
 * `clientError` carries the raw packet, headers and tokens included: it is never logged).
 * A neutral room: the simulator (control channel, CTI link) and the face servers all use it.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import type { WarnLimiter } from './logging.ts';

/** Key and certificate (PEM text) to serve TLS with: https:// and wss://. */
export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

export interface ServerLimits {
  /** Connections open at once; one more is answered 503 and closed. */
  readonly maxConnections: number;
  /** A request's headers (or a WebSocket upgrade) must arrive within this. */
  readonly headersTimeoutMs: number;
  /** A whole request, body included, must arrive within this. */
  readonly requestTimeoutMs: number;
  /** A connection that sends nothing for this long is closed (longer than any long poll). */
  readonly idleTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = { maxConnections: 256, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 120_000 };

export interface HardenedServerOptions {
  /** Names the server in log lines and errors ("control", "face", "event service", "CTI link"). */
  readonly name: string;
  readonly logger: Logger;
  readonly limiter: WarnLimiter;
  readonly limits?: Partial<ServerLimits>;
  readonly tls?: TlsMaterial;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const CLIENT_ERRORS: Readonly<Record<string, readonly [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request did not arrive in time'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'the request headers did not arrive in time'],
};

function rawAnswer(status: number, reason: string, error: string): string {
  const body = JSON.stringify({ error });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/** An http or https server: both serve requests and upgrades the same way. */
export type WebServer = Server | HttpsServer;

export function createHardenedServer(handler: Handler, options: HardenedServerOptions): WebServer {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const serverOptions = { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: 1000 };
  const server: WebServer =
    options.tls === undefined
      ? createHttpServer(serverOptions, handler)
      : createHttpsServer({ ...serverOptions, key: options.tls.key, cert: options.tls.cert }, handler);
  server.keepAliveTimeout = 5000;
  server.setTimeout(limits.idleTimeoutMs, (socket: Socket) => socket.destroy());
  let open = 0;
  const onSocket = (socket: Socket): void => {
    if (open >= limits.maxConnections) {
      options.limiter.warn(
        options.logger,
        `${options.name}: connection cap`,
        { maxConnections: limits.maxConnections },
        `${options.name}: refused a connection: ${limits.maxConnections} are open`,
      );
      if (options.tls === undefined)
        socket.end(rawAnswer(503, STATUS_TEXT[503] ?? '', `${options.name}: at most ${limits.maxConnections} connections at once; close one and try again`));
      else socket.destroy();
      return;
    }
    open++;
    socket.once('close', () => open--);
  };
  if (options.tls === undefined) server.on('connection', onSocket);
  else server.on('secureConnection', onSocket);
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const code = typeof error.code === 'string' ? error.code : 'unknown';
    const [status, reason] = CLIENT_ERRORS[code] ?? [400, `the request is not readable HTTP (${code})`];
    // The code and the parser's reason only: never the error object, whose rawPacket holds the request bytes.
    options.limiter.warn(
      options.logger,
      `${options.name}: unreadable request`,
      { code, status },
      `${options.name}: an unreadable HTTP request (${code}); answered ${status}`,
    );
    if (socket.writable) socket.end(rawAnswer(status, STATUS_TEXT[status] ?? '', `${options.name}: ${reason}`));
    else socket.destroy();
  });
  return server;
}

/** Listens on host:port; resolves with the port and the base URL (http(s)://host:port). */
export function listen(server: WebServer, host: string, port: number, scheme: 'http' | 'ws'): Promise<{ readonly port: number; readonly url: string }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address: AddressInfo | string | null = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      const secure = server instanceof HttpsServer ? 's' : '';
      resolve({ port: bound, url: `${scheme}${secure}://${host.includes(':') ? `[${host}]` : host}:${bound}` });
    });
  });
}
