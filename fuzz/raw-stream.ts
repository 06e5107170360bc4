/**
 * A TCP peer of one of the simulator's stream dialects (AMI, CSTA XML): any bytes out, the replies
 * the dialect's reader cuts from what comes back, and whether the server closed. Loopback only.
 */
import { connect, type Socket } from 'node:net';
import type { Reply, StreamDialect } from './stream-dialects.ts';

export interface RawStream {
  readonly socket: Socket;
  readonly ended: Promise<void>;
  send(bytes: Buffer): void;
  /** Resolves with up to `count` replies: fewer when the server closed or `timeoutMs` passed. */
  take(count: number, timeoutMs: number): Promise<{ readonly replies: Reply[]; readonly closed: boolean }>;
  destroy(): void;
}

export function openStream(port: number, dialect: StreamDialect): Promise<RawStream> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const read = dialect.reader();
    const ready: Reply[] = [];
    let closed = false;
    let wake: (() => void) | null = null;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      ready.push(...read(chunk));
      wake?.();
    });
    socket.on('error', () => undefined);
    const ended = new Promise<void>((done) =>
      socket.once('close', () => {
        closed = true;
        wake?.();
        done();
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        ended,
        send: (bytes) => {
          if (!closed) socket.write(bytes);
        },
        async take(count, timeoutMs) {
          const deadline = Date.now() + timeoutMs;
          while (ready.length < count && !closed && Date.now() < deadline) {
            await new Promise<void>((done) => {
              const timer = setTimeout(done, deadline - Date.now());
              wake = () => {
                clearTimeout(timer);
                done();
              };
            });
            wake = null;
          }
          return { replies: ready.splice(0, count), closed };
        },
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}
