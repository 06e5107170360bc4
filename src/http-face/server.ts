/**
 * The HTTP Pega face in front of an in-process adapter (`switchboard adapter serve` runs it for the
 * reference adapter): one adapter instance per session, every body checked at the edge, events
 * posted to each session's eventServiceUrl. A bad request is refused naming the field and every
 * other session goes on. Binds 127.0.0.1 by default; bodies and passwords never reach the log.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import {
  ACTIVITY_FAILED_STATUS,
  ActivityFailedSchema,
  ActivityRequestSchema,
  compile,
  CreateSessionEnvelopeSchema,
  DEFAULT_FACE_HOST,
  type ActivityName,
  type AdapterFactory,
  type Health,
  type PegaCallAdapter,
} from '../contract/index.ts';
import { createEventPoster, type EventPoster } from './event-poster.ts';
import { describeIssues, keepAliveAgent, readJsonBody, sendEmpty, sendJson } from './json-http.ts';
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
}

export interface FaceServer {
  readonly url: string;
  readonly port: number;
  readonly sessionCount: number;
  /** Ends every session (as DELETE does), then stops listening. */
  close(): Promise<void>;
}

interface Session {
  readonly id: string;
  readonly adapter: PegaCallAdapter;
  readonly poster: EventPoster;
}

const checkEnvelope = compile(CreateSessionEnvelopeSchema);
const checkPage = compile(ActivityRequestSchema);
const checkFailure = compile(ActivityFailedSchema);
const MAX_ERROR_CHARS = 4000;

export async function startFaceServer(options: FaceServerOptions): Promise<FaceServer> {
  const { factory, logger } = options;
  const sessions = new Map<string, Session>();
  const agent = keepAliveAgent();
  let counter = 0;

  async function createSession(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const body = await readJsonBody(req);
    if (!body.ok) return refuse(res, body.status, body.error);
    const envelope = checkEnvelope(body.value);
    if (!envelope.ok) return refuse(res, 400, describeIssues(envelope.issues));
    const id = `S${++counter}`;
    const log = logger.child({ session: id });
    const poster = createEventPoster({ url: envelope.value.eventServiceUrl, agent, logger: log, timeoutMs: options.eventTimeoutMs ?? 5000 });
    let adapter: PegaCallAdapter;
    try {
      adapter = await factory({ settings: envelope.value.settings, sink: poster, logger: log });
    } catch (error) {
      poster.stop();
      return refuse(res, 400, error instanceof Error && error.message !== '' ? error.message : `the adapter refused its settings: ${String(error)}`);
    }
    sessions.set(id, { id, adapter, poster });
    log.info('session opened');
    sendJson(res, 201, { sessionId: id });
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
    sessions.delete(session.id);
    session.poster.stop();
    try {
      await session.adapter.CloseAdapter({});
    } catch (error) {
      logger.warn({ session: session.id, err: error }, 'CloseAdapter failed while ending the session');
    }
    logger.info({ session: session.id }, 'session ended');
  }

  async function handle(route: Route, req: IncomingMessage, res: ServerResponse): Promise<number> {
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
        const session = sessions.get(route.sessionId);
        if (session === undefined) return refuse(res, 404, `sessionId: no session ${JSON.stringify(route.sessionId)} (ended, or never opened)`);
        await end(session);
        sendEmpty(res, 204);
        return 204;
      }
      case 'activity': {
        const session = sessions.get(route.sessionId);
        if (session === undefined) {
          req.resume();
          return refuse(res, 404, `sessionId: no session ${JSON.stringify(route.sessionId)} (ended, or never opened); open one with POST /sessions`);
        }
        return invoke(session, route.activity, req, res);
      }
    }
  }

  const server = createServer((req, res) => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    handle(matchRoute(method, path), req, res).then(
      (status) => logger.debug({ method, path, status, ms: Math.round(performance.now() - started) }, 'face request'),
      (error: unknown) => {
        logger.error({ method, path, err: error }, 'face request failed');
        if (!res.headersSent) refuse(res, 500, 'the face server failed on this request; see its log');
        else res.destroy();
      },
    );
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  const host = options.host ?? DEFAULT_FACE_HOST;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
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
        await Promise.all([...sessions.values()].map(end));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        agent.destroy();
        logger.info('Pega face stopped');
      })();
      return closing;
    },
  };
}

function refuse(res: ServerResponse, status: number, error: string): number {
  const text = error.length > MAX_ERROR_CHARS ? `${error.slice(0, MAX_ERROR_CHARS - 3)}...` : error;
  sendJson(res, status, { error: text }, status === 413);
  return status;
}
