/**
 * The control API over the network: HTTP + JSON on the host the CTI link listens on (loopback by
 * default), for test harnesses outside the process (`switchboard simulate --control-port`).
 *
 *   GET    /health                   {status: ok, ...}
 *   POST   /control/<verb>           a script step's verb, its arguments as the body (remote-verbs.ts)
 *   GET    /control/truth            the switch's state (truth-view.ts)
 *   GET    /control/events?after=<n>[&limit=<n>][&waitMs=<ms>]   model events and faults after n (journal.ts)
 *   POST   /control/faults           set a fault plan (checkFaultPlan); DELETE clears it
 *
 * Every request needs `Authorization: Bearer <token>` (compared in constant time). Answers are
 * `{ok: true, ...}` or `{ok: false, error: {code, message, ...}}`: 401 no or wrong token, 404 an
 * unknown verb or path, 405 a wrong method, 400 a body or query that does not check (the path and
 * what was expected), 409 the switch refused (the model's code and message), 413 a body too large.
 * Nothing a client sends may throw out of a handler; each call is logged at info, never the token
 * nor a body. The answers' shapes, and the reading of bodies and queries, are in replies.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { clip } from '../../src/contract/bounded-json.ts';
import { createHardenedServer, listen, type ServerLimits, type TlsMaterial } from '../../src/platform/http-server.ts';
import { createWarnLimiter } from '../../src/platform/logging.ts';
import { generateToken, tokenProblem } from '../../src/platform/tokens.ts';
import type { Clock } from '../clock.ts';
import type { Control } from './control.ts';
import { createJournal, DEFAULT_JOURNAL_CAPACITY } from './journal.ts';
import { channelRefs, CONTROL_VERBS, runVerb } from './remote-verbs.ts';
import { failure, invalid, readBody, verbReply, wholeNumber, type Reply } from './replies.ts';
import { truthView } from './truth-view.ts';

/** Where `switchboard simulate` reads the control token from when `--control-token` is not given. */
export const CONTROL_TOKEN_ENV = 'SWITCHBOARD_CONTROL_TOKEN';
// The body's cap and the error message's, where the answers are built; named here with the API's other limits.
export { MAX_CONTROL_BODY_BYTES, MAX_CONTROL_ERROR_CHARS } from './replies.ts';
/** The longest `waitMs` a poll of /control/events may ask for. */
export const MAX_EVENTS_WAIT_MS = 30_000;
/** The most entries one poll of /control/events returns (and the default `limit`). */
export const MAX_EVENTS_PAGE = 1000;

/** Why a control token cannot be used (16 to 256 visible ASCII characters), or null. */
export const controlTokenProblem = tokenProblem;
/** A fresh random control token: 32 URL-safe characters (192 bits). */
export const generateControlToken = generateToken;

export interface ControlHttpOptions {
  readonly control: Control;
  readonly clock: Clock;
  readonly logger: Logger;
  /** What every request must present as `Authorization: Bearer <token>` (see controlTokenProblem). */
  readonly token: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port (read it from the handle). */
  readonly port?: number;
  /** Merged into the answer of GET /health (the CTI link's URL, the timeline's progress). */
  readonly health?: () => Readonly<Record<string, unknown>>;
  /** How many journal entries /control/events keeps; default 10000. */
  readonly journalCapacity?: number;
  /** Serve https:// with this key and certificate. */
  readonly tls?: TlsMaterial;
  /** Connection cap and deadlines (src/platform/http-server.ts DEFAULT_LIMITS). */
  readonly limits?: Partial<ServerLimits>;
}

export interface ControlHttpServer {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  /** Stops listening, ends open connections (and waiting polls); resolves once the port is released. */
  close(): Promise<void>;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

const ENDPOINTS = 'GET /health, POST /control/<verb>, GET /control/truth, GET /control/events?after=<n>, POST or DELETE /control/faults';

export async function startControlHttp(options: ControlHttpOptions): Promise<ControlHttpServer> {
  const { control, clock, logger } = options;
  const problem = controlTokenProblem(options.token);
  if (problem !== null) throw new RangeError(`control token: ${problem}`);
  const expected = digest(options.token);
  const journal = createJournal(control, options.journalCapacity ?? DEFAULT_JOURNAL_CAPACITY);
  const refs = channelRefs();

  function authorized(header: string | undefined): boolean {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
    // Equal-length digests: the comparison takes the same time whatever the token presented.
    return timingSafeEqual(digest(match?.[1] ?? ''), expected) && match !== null;
  }

  async function events(query: URLSearchParams, res: ServerResponse): Promise<Reply> {
    const after = wholeNumber(query, 'after', 0, Number.MAX_SAFE_INTEGER);
    const limit = wholeNumber(query, 'limit', MAX_EVENTS_PAGE, MAX_EVENTS_PAGE);
    const waitMs = wholeNumber(query, 'waitMs', 0, MAX_EVENTS_WAIT_MS);
    const issues = [after, limit, waitMs].flatMap((p) => (p.ok ? [] : [p.issue]));
    if (!after.ok || !limit.ok || !waitMs.ok || issues.length > 0) return invalid('invalidQuery', 'the query', issues);
    if (limit.value === 0)
      return invalid('invalidQuery', 'the query', [{ path: 'query.limit', message: `Expected a whole number from 1 to ${MAX_EVENTS_PAGE}, got "0"` }]);
    let page = journal.read(after.value, limit.value);
    if (page.entries.length === 0 && waitMs.value > 0) {
      // A long poll: answered when something happens, the wait ends, the client leaves or the server closes.
      const wait = journal.waitFor(after.value);
      const timer = setTimeout(wait.cancel, waitMs.value);
      res.once('close', wait.cancel);
      await wait.arrived;
      clearTimeout(timer);
      res.off('close', wait.cancel);
      page = journal.read(after.value, limit.value);
    }
    return { status: 200, body: { ok: true, ...page }, note: { after: after.value, entries: page.entries.length } };
  }

  async function route(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: URLSearchParams): Promise<Reply> {
    if (!authorized(req.headers.authorization)) {
      req.resume();
      const why = req.headers.authorization === undefined ? 'no Authorization header' : 'the Authorization header does not carry the control token';
      return failure(
        401,
        'unauthorized',
        `${why}: expected Authorization: Bearer <token> (the token given with --control-token or $${CONTROL_TOKEN_ENV}, or the controlToken the simulator logged at start)`,
        {},
        {
          headers: { 'www-authenticate': 'Bearer realm="switchboard-control"' },
        },
      );
    }
    const only = (allowed: string): Reply | null => {
      if (method === allowed || (allowed === 'GET' && method === 'HEAD')) return null;
      req.resume();
      return failure(405, 'methodNotAllowed', `${method} ${path}: expected ${allowed}`, {}, { headers: { allow: allowed } });
    };
    if (path === '/health') {
      req.resume();
      return only('GET') ?? { status: 200, body: { ok: true, status: 'ok', ...(options.health?.() ?? {}) } };
    }
    if (path === '/control/truth') {
      req.resume();
      return only('GET') ?? { status: 200, body: { ok: true, ...truthView(control.truth(), clock.now()) } };
    }
    if (path === '/control/events') {
      req.resume();
      return only('GET') ?? events(query, res);
    }
    if (path === '/control/faults') {
      if (method === 'DELETE') {
        req.resume();
        return verbReply('clearFaults', runVerb(control, refs, 'clearFaults', {}));
      }
      if (method !== 'POST') {
        req.resume();
        return failure(
          405,
          'methodNotAllowed',
          `${method} ${path}: expected POST (set a plan) or DELETE (clear it)`,
          {},
          { headers: { allow: 'POST, DELETE' } },
        );
      }
      const body = await readBody(req);
      return body.ok ? verbReply('setFaults', runVerb(control, refs, 'setFaults', body.value)) : body.reply;
    }
    const verb = /^\/control\/([^/]+)$/.exec(path)?.[1];
    if (verb === undefined) {
      req.resume();
      return failure(404, 'notFound', `no such endpoint ${JSON.stringify(path.slice(0, 128))}: expected one of ${ENDPOINTS}`);
    }
    if (!CONTROL_VERBS.includes(verb)) {
      req.resume();
      return verbReply(verb, { kind: 'unknownVerb', verbs: CONTROL_VERBS });
    }
    const wrong = only('POST');
    if (wrong !== null) return wrong;
    const body = await readBody(req);
    return body.ok ? verbReply(verb, runVerb(control, refs, verb, body.value)) : body.reply;
  }

  function send(res: ServerResponse, reply: Reply, head: boolean): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'cache-control': 'no-store',
      ...(reply.close === true ? { connection: 'close' } : {}),
      ...reply.headers,
    });
    res.end(head ? undefined : text);
  }

  const limiter = createWarnLimiter();
  const server = createHardenedServer(
    (req, res) => {
      const started = performance.now();
      const method = clip(req.method ?? 'GET', 16);
      const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split('?', 2);
      const path = rawPath;
      // Each call at info; refusals, which a flood of hostile requests repeats, a few per window and then counted.
      const log = (reply: Reply): void => {
        const fields = {
          method,
          path: clip(path, 256),
          status: reply.status,
          ...reply.note,
          ms: Math.round(performance.now() - started),
          remote: req.socket.remoteAddress,
        };
        const message = `control ${method} ${clip(path, 256)} → ${reply.status}`;
        if (reply.status < 400) logger.info(fields, message);
        else limiter.info(logger, `control ${reply.status} ${String(reply.note?.['code'] ?? '')}`, fields, message);
      };
      route(req, res, method, path, new URLSearchParams(rawQuery)).then(
        (reply) => {
          send(res, reply, method === 'HEAD');
          log(reply);
        },
        (error: unknown) => {
          logger.error({ method, path: clip(path, 256), err: error }, 'control request failed; the server goes on');
          const reply = failure(500, 'internalError', 'the control server failed on this request; see its log', {}, { close: true });
          if (!res.headersSent) send(res, reply, false);
          else res.destroy();
          log(reply);
        },
      );
    },
    {
      name: 'control channel',
      logger,
      limiter,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    },
  );

  const host = options.host ?? '127.0.0.1';
  let bound: { readonly port: number; readonly url: string };
  try {
    bound = await listen(server, host, options.port ?? 0, 'http');
  } catch (error) {
    journal.close();
    limiter.close();
    throw error;
  }
  server.on('error', (error) => logger.error({ err: error }, 'control server error'));
  const { port, url } = bound;
  logger.info({ url }, 'control channel listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        journal.close();
        limiter.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => logger.info('control channel stopped'));
      return closing;
    },
  };
}
