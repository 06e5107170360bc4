/**
 * The event service the harness hosts for adapters behind the HTTP face: each session gets its own
 * URL (`/events/<token>`), and what the adapter POSTs there goes to that session's desktop. The
 * envelope is checked at the edge; the event itself is recorded and judged by the desktop against
 * Pega's schema, exactly as in process, so a malformed event fails OCTI-EVT-001 by name instead of
 * vanishing. Binds 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compile, compileTagged, DEFAULT_FACE_HOST, EventPostSchema, PegaEventSchemas, type EventDelivery, type EventSink } from '../../contract/index.ts';
import { describeIssues, readJsonBody, sendEmpty, sendJson } from '../../http-face/json-http.ts';

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

export async function startEventService(host = DEFAULT_FACE_HOST): Promise<EventService> {
  const sinks = new Map<string, EventSink>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method !== 'POST' || !path.startsWith(PREFIX)) {
      req.resume();
      sendJson(res, 404, { error: `no route ${req.method ?? '?'} ${path}; POST each event to the eventServiceUrl of its session` });
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

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'the event service failed on this request' });
      else res.destroy();
    });
  });
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}${PREFIX}`;

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
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
