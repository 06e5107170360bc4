/**
 * An adapter behind the HTTP Pega face, driven as if it were in process: the AdapterFactory opens
 * one session per CSR desktop (POST /sessions, with an event-service URL of its own) and returns a
 * PegaCallAdapter whose activities POST to the face. The Lab and every step work unchanged.
 */
import {
  ACTIVITY_NAMES,
  type ActivityName,
  type AdapterFactory,
  type AdapterLogger,
  type AdapterPage,
  type ActivityResult,
  type Health,
  type PegaCallAdapter,
} from '../../contract/index.ts';
import { keepAliveAgent } from '../../platform/json-http.ts';
import { startEventService } from './event-service.ts';
import { FaceClient, FaceViolation } from './face-client.ts';

export interface HttpAdapter {
  readonly factory: AdapterFactory;
  readonly health: Health;
  /** Deletes every session opened so far (best effort); their events are refused from now on. */
  releaseSessions(): Promise<void>;
  /** Releases the sessions and stops the event service. Idempotent. */
  close(): Promise<void>;
}

export interface HttpDriverOptions {
  /** How long any one answer of the face may take. */
  readonly requestTimeoutMs: number;
  /** Keep probing GET /health until this long has passed; 0 = probe once. */
  readonly healthWaitMs: number;
  /** Settles (with what happened) when waiting for health is pointless: the process exited. */
  readonly gaveUp?: Promise<string>;
}

export type HealthWait =
  { readonly kind: 'healthy'; readonly health: Health } | { readonly kind: 'unhealthy'; readonly why: 'noAnswer' | 'gaveUp'; readonly detail: string };

/** How often GET /health is retried while an adapter starts. */
const HEALTH_PROBE_INTERVAL_MS = 50;

export async function waitForHealth(client: FaceClient, waitMs: number, gaveUp?: Promise<string>): Promise<HealthWait> {
  const deadline = performance.now() + waitMs;
  let stop: string | undefined;
  void gaveUp?.then((detail) => {
    stop = detail;
  });
  for (;;) {
    const left = deadline - performance.now();
    try {
      // Probing once (http:): the usual request deadline. Waiting for a start (cmd:): short probes until the deadline.
      return { kind: 'healthy', health: await client.health(waitMs === 0 ? undefined : Math.max(250, Math.min(2000, left))) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      if (stop !== undefined) return { kind: 'unhealthy', why: 'gaveUp', detail: stop };
      if (performance.now() + HEALTH_PROBE_INTERVAL_MS >= deadline) return { kind: 'unhealthy', why: 'noAnswer', detail };
    }
    // A probe interval, woken early when the process exits.
    await Promise.race([new Promise((resolve) => setTimeout(resolve, HEALTH_PROBE_INTERVAL_MS)), gaveUp ?? new Promise(() => undefined)]);
    if (stop !== undefined) return { kind: 'unhealthy', why: 'gaveUp', detail: stop };
  }
}

/** Resolves once GET /health answered; rejects with a FaceViolation naming what went wrong otherwise. */
export async function connectHttpAdapter(baseUrl: string, options: HttpDriverOptions): Promise<HttpAdapter> {
  const agent = keepAliveAgent();
  const client = new FaceClient({ baseUrl, agent, timeoutMs: options.requestTimeoutMs });
  const waited = await waitForHealth(client, options.healthWaitMs, options.gaveUp);
  if (waited.kind === 'unhealthy') {
    agent.destroy();
    throw new FaceViolation(waited.detail);
  }
  const events = await startEventService();
  /** Open sessions: session id → its event-service URL. */
  const open = new Map<string, string>();

  const factory: AdapterFactory = async (context) => {
    const eventServiceUrl = events.open(context.sink);
    let sessionId: string;
    try {
      sessionId = await client.createSession(eventServiceUrl, context.settings);
    } catch (error) {
      events.release(eventServiceUrl);
      throw error;
    }
    open.set(sessionId, eventServiceUrl);
    context.logger.debug({ sessionId, face: client.baseUrl }, 'HTTP face session opened');
    return proxyAdapter(client, sessionId, context.logger);
  };

  async function releaseSessions(): Promise<void> {
    const sessions = [...open.entries()];
    open.clear();
    await Promise.all(
      sessions.map(async ([sessionId, url]) => {
        events.release(url);
        await client.deleteSession(sessionId).catch(() => false);
      }),
    );
  }

  let closing: Promise<void> | undefined;
  return {
    factory,
    health: waited.health,
    releaseSessions,
    close() {
      closing ??= (async () => {
        await releaseSessions();
        await events.stop();
        agent.destroy();
      })();
      return closing;
    },
  };
}

type Activity = (page: AdapterPage) => Promise<ActivityResult>;

function proxyAdapter(client: FaceClient, sessionId: string, logger: AdapterLogger): PegaCallAdapter {
  const adapter: Partial<Record<ActivityName, Activity>> = {};
  for (const name of ACTIVITY_NAMES) {
    adapter[name] = async (page) => {
      // Only what identifies the request: the page may carry AgentPassword.
      const request = { sessionId, activity: name, DN: page?.DN, CallID: page?.CallID };
      try {
        const result = await client.invoke(sessionId, name, page ?? {});
        logger.debug({ ...request, ...(result.ok ? {} : { errCode: result.errCode }) }, `${name} answered over HTTP`);
        return result;
      } catch (error) {
        logger.warn({ ...request, reason: error instanceof Error ? error.message : String(error) }, `${name}: the HTTP face broke its contract`);
        throw error;
      }
    };
  }
  if (!isComplete(adapter)) throw new Error('harness bug: the HTTP proxy lacks an activity');
  return Object.freeze(adapter);
}

function isComplete(adapter: Partial<Record<ActivityName, Activity>>): adapter is Record<ActivityName, Activity> {
  return ACTIVITY_NAMES.every((name) => typeof adapter[name] === 'function');
}
