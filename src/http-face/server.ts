/**
 * The HTTP Pega face in front of an in-process adapter (`switchboard adapter serve` runs it for the
 * reference adapter): one adapter instance per session, every body checked at the edge, events
 * posted to each session's eventServiceUrl. A bad request is refused naming the field and every
 * other session goes on. Binds 127.0.0.1 by default; bodies and passwords never reach the log.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import {
  ACTIVITY_FAILED_STATUS,
  ActivityFailedSchema,
  ActivityRequestSchema,
  clip,
  compile,
  CreateSessionEnvelopeSchema,
  DEFAULT_FACE_HOST,
  FACE_SESSION_SECRET_HEADER,
  type ActivityName,
  type AdapterFactory,
  type Health,
  type PegaCallAdapter,
} from '../contract/index.ts';
import { createHardenedServer, listen, type ServerLimits, type TlsMaterial } from '../platform/http-server.ts';
import { createWarnLimiter } from '../platform/logging.ts';
import { createEventPoster, type EventPoster } from './event-poster.ts';
import { describeIssues, keepAliveAgent, readJsonBody, sendEmpty, sendJson } from '../platform/json-http.ts';
import { matchRoute, type Route } from './routes.ts';

export interface FaceServerOptions {
  readonly factory: AdapterFactory;
  readonly logger: Logger;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Answered by GET /health. */
  readonly identity?: { readonly name: string; readonly version: string };
  /** How long one event post may take before the event is dropped. Default 5000. */
  readonly eventTimeoutMs?: number;
  /** Sessions open at once; one more is refused 503. Default 256. */
  readonly maxSessions?: number;
  /** A session not called for this long is ended, as DELETE would. Default 30 minutes. */
  readonly sessionIdleMs?: number;
  /** When set, every request must carry `Authorization: Bearer <token>` (serving off loopback). */
  readonly token?: string;
  /** Serve https:// with this key and certificate. */
  readonly tls?: TlsMaterial;
  /** Connection cap and deadlines (src/platform/http-server.ts DEFAULT_LIMITS). */
  readonly limits?: Partial<ServerLimits>;
}

export const DEFAULT_MAX_SESSIONS = 256;
export const DEFAULT_SESSION_IDLE_MS = 30 * 60_000;

export interface FaceServer {
  readonly url: string;
  readonly port: number;
  readonly sessionCount: number;
  /** Ends every session (as DELETE does), then stops listening. */
  close(): Promise<void>;
}

interface Session {
  readonly id: string;
  /** sha256 of the secret its creator holds. */
  readonly secret: Buffer;
  readonly adapter: PegaCallAdapter;
  readonly poster: EventPoster;
  lastUsed: number;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
/** 128 random bits, URL-safe: nobody guesses another desktop's session. */
const randomId = (bytes: number): string => randomBytes(bytes).toString('base64url');

const checkEnvelope = compile(CreateSessionEnvelopeSchema);
const checkPage = compile(ActivityRequestSchema);
const checkFailure = compile(ActivityFailedSchema);
const MAX_ERROR_CHARS = 4000;

export async function startFaceServer(options: FaceServerOptions): Promise<FaceServer> {
  const { factory, logger } = options;
  const sessions = new Map<string, Session>();
  const agent = keepAliveAgent();
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const idleMs = options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
  const expected = options.token === undefined ? null : digest(options.token);
  const limiter = createWarnLimiter();
  /** Sessions being opened: counted against the cap before the adapter is created. */
  let opening = 0;

  function authorized(header: string | undefined): boolean {
    if (expected === null) return true;
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  }

  /** The session `id` if the caller holds its secret; a wrong secret looks like no session at all. */
  function sessionFor(id: string, req: IncomingMessage): Session | undefined {
    const session = sessions.get(id);
    const presented = req.headers[FACE_SESSION_SECRET_HEADER];
    if (session === undefined || typeof presented !== 'string' || !timingSafeEqual(digest(presented), session.secret)) return undefined;
    session.lastUsed = performance.now();
    return session;
  }

  // Sessions nobody calls any more are ended, so abandoned desktops do not pile up.
  const sweeper = setInterval(
    () => {
      const now = performance.now();
      for (const session of [...sessions.values()]) {
        if (now - session.lastUsed > idleMs) {
          logger.info({ session: session.id, idleMs }, 'session idle too long; ending it');
          void end(session);
        }
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweeper.unref();

  async function createSession(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (sessions.size + opening >= maxSessions) {
      req.resume();
      return refuse(
        res,
        503,
        `the face serves at most ${maxSessions} sessions at once; DELETE one you opened, or wait for an idle one to expire (${idleMs} ms)`,
      );
    }
    opening++;
    try {
      return await openSession(req, res);
    } finally {
      opening--;
    }
  }

  async function openSession(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const body = await readJsonBody(req);
    if (!body.ok) return refuse(res, body.status, body.error);
    const envelope = checkEnvelope(body.value);
    if (!envelope.ok) return refuse(res, 400, describeIssues(envelope.issues));
    const id = randomId(16);
    const secret = randomId(24);
    const log = logger.child({ session: id });
    const poster = createEventPoster({ url: envelope.value.eventServiceUrl, agent, logger: log, timeoutMs: options.eventTimeoutMs ?? 5000 });
    let adapter: PegaCallAdapter;
    try {
      adapter = await factory({ settings: envelope.value.settings, sink: poster, logger: log });
    } catch (error) {
      poster.stop();
      return refuse(res, 400, error instanceof Error && error.message !== '' ? error.message : `the adapter refused its settings: ${String(error)}`);
    }
    sessions.set(id, { id, secret: digest(secret), adapter, poster, lastUsed: performance.now() });
    log.info('session opened');
    sendJson(res, 201, { sessionId: id, sessionSecret: secret });
    return 201;
  }

  async function invoke(session: Session, activity: ActivityName, req: IncomingMessage, res: ServerResponse): Promise<number> {
    const body = await readJsonBody(req);
    if (!body.ok) return refuse(res, body.status, body.error);
    const page = checkPage(body.value);
    if (!page.ok) return refuse(res, 400, describeIssues(page.issues));
    const method = session.adapter[activity];
    if (typeof method !== 'function') return refuse(res, 500, `the adapter has no ${activity} activity`);
    let result: unknown;
    try {
      result = await method(page.value);
    } catch (error) {
      logger.error({ session: session.id, activity, err: error }, `${activity} rejected instead of resolving to a result`);
      return refuse(res, 500, `${activity} failed inside the adapter: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (typeof result === 'object' && result !== null && 'ok' in result && result.ok === true) {
      sendJson(res, 200, { ok: true });
      return 200;
    }
    const failure = checkFailure(result);
    if (!failure.ok) return refuse(res, 500, `${activity}: the adapter answered a malformed result (${describeIssues(failure.issues)})`);
    sendJson(res, ACTIVITY_FAILED_STATUS, failure.value);
    return ACTIVITY_FAILED_STATUS;
  }

  async function end(session: Session): Promise<void> {
    if (!sessions.delete(session.id)) return;
    session.poster.stop();
    try {
      await session.adapter.CloseAdapter({});
    } catch (error) {
      logger.warn({ session: session.id, err: error }, 'CloseAdapter failed while ending the session');
    }
    logger.info({ session: session.id }, 'session ended');
  }

  async function handle(route: Route, req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (!authorized(req.headers.authorization)) {
      req.resume();
      res.setHeader('www-authenticate', 'Bearer realm="switchboard-face"');
      return refuse(res, 401, 'this face needs Authorization: Bearer <token> (the token given to adapter serve with --face-token or $SWITCHBOARD_FACE_TOKEN)');
    }
    switch (route.kind) {
      case 'refused':
        if (route.allow !== undefined) res.setHeader('allow', route.allow);
        req.resume();
        return refuse(res, route.status, route.error);
      case 'health': {
        const health: Health = { status: 'ok', ...(options.identity ?? {}) };
        sendJson(res, 200, health);
        return 200;
      }
      case 'createSession':
        return createSession(req, res);
      case 'deleteSession': {
        req.resume();
        const session = sessionFor(route.sessionId, req);
        if (session === undefined) return refuse(res, 404, noSession(route.sessionId));
        await end(session);
        sendEmpty(res, 204);
        return 204;
      }
      case 'activity': {
        const session = sessionFor(route.sessionId, req);
        if (session === undefined) {
          req.resume();
          return refuse(res, 404, `${noSession(route.sessionId)}; open one with POST /sessions`);
        }
        return invoke(session, route.activity, req, res);
      }
    }
  }

  const server = createHardenedServer(
    (req, res) => {
      const started = performance.now();
      const method = clip(req.method ?? 'GET', 16);
      const path = clip((req.url ?? '/').split('?')[0] ?? '/', 256);
      handle(matchRoute(method, (req.url ?? '/').split('?')[0] ?? '/'), req, res).then(
        (status) => logger.debug({ method, path, status, ms: Math.round(performance.now() - started) }, 'face request'),
        (error: unknown) => {
          logger.error({ method, path, err: error }, 'face request failed');
          if (!res.headersSent) refuse(res, 500, 'the face server failed on this request; see its log');
          else res.destroy();
        },
      );
    },
    {
      name: 'Pega face',
      logger,
      limiter,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    },
  );

  const host = options.host ?? DEFAULT_FACE_HOST;
  let bound: { readonly port: number; readonly url: string };
  try {
    bound = await listen(server, host, options.port ?? 0, 'http');
  } catch (error) {
    clearInterval(sweeper);
    limiter.close();
    throw error;
  }
  const { port, url } = bound;
  logger.info({ url }, 'Pega face listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    get sessionCount() {
      return sessions.size;
    },
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await Promise.all([...sessions.values()].map(end));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        agent.destroy();
        limiter.close();
        logger.info('Pega face stopped');
      })();
      return closing;
    },
  };
}

function noSession(id: string): string {
  return `sessionId: no session ${JSON.stringify(clip(id, 64))} for this ${FACE_SESSION_SECRET_HEADER} (ended, never opened, or opened by another client: send the sessionSecret POST /sessions answered)`;
}

function refuse(res: ServerResponse, status: number, error: string): number {
  const text = error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 3)}...` : error;
  sendJson(res, status, { error: text }, status === 413);
  return status;
}
