/**
 * One application session of the CSTA-JSON dialect on one connection. Every request gets exactly
 * one Response or Error echoing its invokeId; a bad frame gets an Error and the session goes on.
 * Sockets are not known here: the server hands in text and a `send`. The rules themselves are in
 * requests.ts, shared by every dialect.
 */
import type { Logger } from 'pino';
import type { WireDialect } from '../protocol/dialect.ts';
import { createRequestRules, failFrame, serveRequest, type Reply, type Session, type SessionContext } from './requests.ts';

export type { Credentials, Session, SessionContext } from './requests.ts';

export function createSession(ctx: SessionContext, codec: WireDialect, send: (text: string) => void, logger: Logger): Session {
  let cancelHeartbeat: (() => void) | null = null;

  function safeSend(text: string): void {
    try {
      send(text);
    } catch (error) {
      logger.error({ err: error }, 'sending a frame failed');
    }
  }

  function heartbeat(): void {
    cancelHeartbeat = ctx.clock.setTimer(ctx.heartbeatIntervalMs, () => {
      safeSend(codec.encodeHeartbeat());
      heartbeat();
    });
  }

  function stopHeartbeat(): void {
    cancelHeartbeat?.();
    cancelHeartbeat = null;
  }

  const rules = createRequestRules(
    ctx,
    {
      protocolVersion: codec.protocolVersion,
      deliver: (monitorId, seq, event) => safeSend(codec.encodeEvent(monitorId, seq, event)),
      started: heartbeat,
      ended: stopHeartbeat,
    },
    logger,
  );

  function reply(frame: Reply): void {
    safeSend(frame.type === 'Response' ? codec.encodeResponse(frame) : codec.encodeError(frame));
  }

  return {
    receive(text) {
      const decoded = codec.decodeRequest(text);
      if (!decoded.ok) {
        const { error } = decoded;
        ctx.limited(
          'warn',
          logger,
          'bad frame refused',
          { code: error.code, invokeId: error.invokeId, request: error.requestType, paths: error.paths.slice(0, 5) },
          'bad frame refused',
        );
        reply(failFrame(error.invokeId, error.requestType, error.code, error.message));
        return;
      }
      const req = decoded.request;
      logger.debug({ request: req.type, invokeId: req.invokeId }, 'request');
      serveRequest(rules, req, reply, logger);
    },
    refuseFrame(message) {
      ctx.limited('warn', logger, 'bad frame refused', { reason: message }, 'bad frame refused');
      reply(failFrame(null, null, 'malformedFrame', message));
    },
    close: () => {
      rules.end();
      stopHeartbeat();
    },
    get started() {
      return rules.sessionId !== null;
    },
  };
}
