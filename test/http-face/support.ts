/** Helpers for tests of the HTTP face: raw requests, an event collector, a log recorder. */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly json: unknown;
}

/** One request with full control of the body and headers (bad bodies included). */
export function raw(
  url: string,
  method: string,
  body?: string | Buffer,
  headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export const postJson = (url: string, value: unknown): Promise<RawAnswer> => raw(url, 'POST', JSON.stringify(value));

/** An event service stand-in: records every POSTed body; `next(n)` resolves once n bodies arrived. */
export interface Collector {
  readonly url: string;
  readonly bodies: unknown[];
  waitFor(count: number): Promise<unknown[]>;
  stop(): Promise<void>;
}

export async function startCollector(status = 204): Promise<Collector> {
  const bodies: unknown[] = [];
  const waiters: { count: number; resolve: (b: unknown[]) => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(status);
      res.end();
      for (const w of waiters.filter((w) => bodies.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve([...bodies]);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/events/test`,
    bodies,
    waitFor(count) {
      if (bodies.length >= count) return Promise.resolve([...bodies]);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    stop() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A pino logger whose every line is kept, to check what reaches the log. */
export function recordingLogger(): { logger: Logger; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), text: () => text };
}
