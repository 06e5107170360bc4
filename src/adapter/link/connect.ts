/** Opens connections to the CTI server within a deadline, telling "unreachable" from "too slow". */
import type { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../contract/cti-wire/frames.ts';
import { LinkFailure } from '../errors.ts';
import type { Timers } from '../timers.ts';

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

export function socketErrorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const known = code === undefined ? undefined : SOCKET_ERRORS[code];
  return known === undefined ? error.message : `${known}, ${code}`;
}

/**
 * Waits for the connection `open` starts to be ready (`ready` is its event: a WebSocket's 'open',
 * a TCP socket's 'connect') within `connectMs`; `signal` gives up at once (CloseAdapter during a
 * reconnect): the connection goes, the deadline too.
 */
export function connectWithin<S extends EventEmitter>(
  open: () => S,
  ready: string,
  kill: (socket: S) => void,
  connectMs: number,
  timers: Timers,
  signal?: AbortSignal,
): Promise<S> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new LinkFailure('notOpen', { reason: 'closed by the adapter' }));
      return;
    }
    let socket: S;
    try {
      socket = open();
    } catch (error) {
      reject(new LinkFailure('unreachable', { reason: socketErrorReason(error) }));
      return;
    }
    const settle = (outcome: LinkFailure | null): void => {
      timers.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off(ready, onReady);
      socket.off('error', onError);
      if (outcome === null) {
        resolve(socket);
        return;
      }
      // Killing a connecting socket may report one more error; nobody needs it.
      socket.on('error', () => undefined);
      kill(socket);
      reject(outcome);
    };
    const onReady = (): void => settle(null);
    const onError = (error: Error): void => settle(new LinkFailure('unreachable', { reason: socketErrorReason(error) }));
    const onAbort = (): void => settle(new LinkFailure('notOpen', { reason: 'closed by the adapter' }));
    const timer = timers.setTimeout(() => settle(new LinkFailure('connectTimeout', { timeoutMs: connectMs })), connectMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on(ready, onReady);
    socket.on('error', onError);
  });
}

/** Opens the WebSocket to the CTI server within a deadline. */
export function connectSocket(url: string, connectMs: number, timers: Timers, signal?: AbortSignal): Promise<WebSocket> {
  return connectWithin(
    () => new WebSocket(url, { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false }),
    'open',
    (socket) => socket.terminate(),
    connectMs,
    timers,
    signal,
  );
}
