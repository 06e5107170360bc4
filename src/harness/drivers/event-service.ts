/**
 * The event service the harness hosts for adapters behind the HTTP face: each session gets its own
 * URL (`/events/<token>`), and what the adapter POSTs there goes to that session's desktop. The
 * envelope is checked at the edge; the event itself is recorded and judged by the desktop against
 * Pega's schema, exactly as in process, so a malformed event fails OCTI-EVT-001 by name instead of
 * vanishing. Binds 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import {
  clip,
  compile,
  compileTagged,
  DEFAULT_FACE_HOST,
  EventPostSchema,
  PegaEventSchemas,
  type EventDelivery,
  type EventSink,
} from '../../contract/index.ts';
import { describeIssues, readJsonBody, sendEmpty, sendJson } from '../../platform/json-http.ts';
import { createHardenedServer, listen, type ServerLimits } from '../../platform/http-server.ts';
import { createWarnLimiter } from '../../platform/logging.ts';

const checkEnvelope = compile(EventPostSchema);
const checkEvent = compileTagged('pyEventType', PegaEventSchemas, 'event');
const PREFIX = '/events/';

export interface EventService {
  /** A fresh URL whose events go to `sink` until `release(url)`. */
  open(sink: EventSink): string;
  /** Events posted to `url` from now on are refused with 404. */
  release(url: string): void;
  stop(): Promise<void>;
}

export interface EventServiceOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Where unreadable requests and refused connections are noted (rate-limited); default silent. */
  readonly logger?: Logger;
  /** Connection cap and deadlines (src/platform/http-server.ts DEFAULT_LIMITS). */
  readonly limits?: Partial<ServerLimits>;
}

export async function startEventService(options: EventServiceOptions = {}): Promise<EventService> {
  const host = options.host ?? DEFAULT_FACE_HOST;
  const logger = options.logger ?? pino({ level: 'silent' });
  const sinks = new Map<string, EventSink>();
  const limiter = createWarnLimiter();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'POST' || !path.startsWith(PREFIX)) {
      req.resume();
      sendJson(res, 404, { error: `no route ${clip(req.method ?? '?', 16)} ${clip(path, 128)}; POST each event to the eventServiceUrl of its session` });
      return;
    }
    const sink = sinks.get(path.slice(PREFIX.length));
    const body = await readJsonBody(req);
    if (sink === undefined) {
      sendJson(res, 404, { error: 'the session of this eventServiceUrl is over; the event was dropped' });
      return;
    }
    if (!body.ok) {
      sendJson(res, body.status, { error: body.error }, body.status === 413);
      return;
    }
    // Recorded as it came: the desktop checks DN and the event and records any issue in the trace.
    sink.deliver(body.value as EventDelivery);
    const envelope = checkEnvelope(body.value);
    if (!envelope.ok) {
      sendJson(res, 400, { error: describeIssues(envelope.issues) });
      return;
    }
    const event = checkEvent(envelope.value.event);
    if (!event.ok) {
      sendJson(res, 422, { error: `recorded, but not a Pega event: ${describeIssues(event.issues)}` });
      return;
    }
    sendEmpty(res, 204);
  }

  const server = createHardenedServer(
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'the event service failed on a request');
        if (!res.headersSent) sendJson(res, 500, { error: 'the event service failed on this request' });
        else res.destroy();
      });
    },
    { name: 'event service', logger, limiter, ...(options.limits === undefined ? {} : { limits: options.limits }) },
  );
  const { url } = await listen(server, host, 0, 'http');
  const base = `${url}${PREFIX}`;

  return {
    open(sink) {
      const token = randomUUID();
      sinks.set(token, sink);
      return `${base}${token}`;
    },
    release(url) {
      if (url.startsWith(base)) sinks.delete(url.slice(base.length));
    },
    stop() {
      sinks.clear();
      limiter.close();
      // Stop listening and drop every connection; do not wait for close()'s callback: after an
      // image: run it was seen never to come (the second run in one process hung in releaseSuite
      // with nothing left on the event loop), while nothing of the service is left to wait for.
      server.close();
      server.closeAllConnections();
      return Promise.resolve();
    },
  };
}
