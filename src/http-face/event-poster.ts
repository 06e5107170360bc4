/**
 * The event sink of one session served over HTTP: POSTs each `{ DN, event }` to the session's
 * eventServiceUrl, one at a time and in order (the next only after the previous was answered), so
 * the harness sees events in the order the adapter decided them. A failed post is logged and the
 * event dropped, as Pega drops an event it cannot take; it never stops the adapter.
 */
import type { Agent } from 'node:http';
import type { AdapterLogger, EventDelivery, EventSink } from '../contract/index.ts';
import { JsonRequestError, requestJson } from '../platform/json-http.ts';

export interface EventPoster extends EventSink {
  /** Drops every event not yet posted, and every later one. */
  stop(): void;
  /** Resolves once every event handed over so far is posted (or dropped). */
  idle(): Promise<void>;
}

export interface EventPosterOptions {
  readonly url: string;
  readonly agent: Agent;
  readonly logger: AdapterLogger;
  readonly timeoutMs: number;
}

export function createEventPoster(options: EventPosterOptions): EventPoster {
  const { url, agent, logger, timeoutMs } = options;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  async function post(delivery: EventDelivery): Promise<void> {
    if (stopped) return;
    const what = { DN: delivery.DN, event: delivery.event.pyEventName };
    try {
      const answer = await requestJson(url, { method: 'POST', body: delivery, timeoutMs, agent });
      if (answer.status === 204 || answer.status === 200 || answer.status === 202) return;
      const error = typeof answer.body === 'object' && answer.body !== null && 'error' in answer.body ? String(answer.body.error) : '';
      if (answer.status === 404) logger.debug({ ...what, status: answer.status }, 'event dropped: the event service says the session is over');
      else logger.warn({ ...what, status: answer.status, error }, `the event service refused the event: ${error}`);
    } catch (error) {
      const reason = error instanceof JsonRequestError ? error.message : String(error);
      logger.warn({ ...what, reason }, 'event dropped: the event service did not take it');
    }
  }

  return {
    deliver(delivery) {
      if (stopped) return;
      chain = chain.then(() => post(delivery));
    },
    stop() {
      stopped = true;
    },
    idle() {
      return chain;
    },
  };
}
