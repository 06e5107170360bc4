/**
 * A TCP peer of one of the simulator's stream dialects (AMI, CSTA XML): any bytes out, the replies
 * the dialect's reader cuts from what comes back, and whether the server closed. Loopback only.
 */
import { connect, type Socket } from 'node:net';
import { createInbox } from './inbox.ts';
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
    const inbox = createInbox<Reply>();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => inbox.push(...read(chunk)));
    socket.on('error', () => undefined);
    const ended = new Promise<void>((done) =>
      socket.once('close', () => {
        inbox.end();
        done();
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        ended,
        send: (bytes) => {
          if (!inbox.closed) socket.write(bytes);
        },
        take: async (count, timeoutMs) => {
          const { items, closed } = await inbox.take(count, timeoutMs);
          return { replies: items, closed };
        },
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}
