/**
 * HTTP/1.1 at the byte level for hostile clients: any bytes out (pipelined on one keep-alive
 * socket), responses parsed back (status, headers, body by content-length). Loopback only.
 */
import { connect, type Socket } from 'node:net';
import { createInbox } from './inbox.ts';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RawHttp {
  send(bytes: Buffer | string): void;
  /** Resolves with up to `count` responses: fewer when the server closed the connection or `timeoutMs` passed. */
  take(count: number, timeoutMs: number): Promise<{ readonly responses: RawResponse[]; readonly closed: boolean; readonly timedOut: boolean }>;
  destroy(): void;
}

/** Parses whole responses from `buffer`; returns them and the unparsed rest (`atEnd`: the socket closed, the rest is the last body). */
function parse(buffer: Buffer, atEnd: boolean): { responses: RawResponse[]; rest: Buffer } {
  const responses: RawResponse[] = [];
  let at = 0;
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = buffer.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = headers['content-length'];
    let bodyEnd: number;
    if (length !== undefined) bodyEnd = end + 4 + Number(length);
    else if (status === 204 || status === 304 || (status >= 100 && status < 200)) bodyEnd = end + 4;
    else if (atEnd) bodyEnd = buffer.length;
    else break;
    if (buffer.length < bodyEnd) break;
    responses.push({ status, headers, body: buffer.subarray(end + 4, bodyEnd).toString('utf8') });
    at = bodyEnd;
  }
  return { responses, rest: buffer.subarray(at) };
}

export function openHttp(port: number): Promise<RawHttp> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let pending: Buffer = Buffer.alloc(0);
    const inbox = createInbox<RawResponse>();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      const parsed = parse(Buffer.concat([pending, chunk]), false);
      pending = parsed.rest;
      inbox.push(...parsed.responses);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      if (pending.length > 0) inbox.push(...parse(pending, true).responses);
      pending = Buffer.alloc(0);
      inbox.end();
    });
    socket.once('connect', () =>
      resolve({
        send: (bytes) => {
          if (!inbox.closed) socket.write(bytes);
        },
        async take(count, timeoutMs) {
          const { items, closed, timedOut } = await inbox.take(count, timeoutMs);
          return { responses: items, closed, timedOut };
        },
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}
