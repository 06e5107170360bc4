/**
 * JSON over node:http, both ways, with the Pega face's rules: bodies are application/json, capped in
 * size, and checked against a schema by the caller. Used by the face server, the event poster and
 * the harness's face client, so every end reads and answers bodies the same way.
 */
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { clip, MAX_FACE_BODY_BYTES, parseBoundedJson, SECRET_FIELDS, type Issue } from '../contract/index.ts';
import { readCappedText } from './capped-body.ts';

/** A body read from a request: parsed JSON, or the HTTP status and message that refuse it. */
export type ReadBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly status: 400 | 413 | 415; readonly error: string };

export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_FACE_BODY_BYTES): Promise<ReadBody> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    req.resume();
    return {
      ok: false,
      status: 415,
      error: `the body must be JSON with Content-Type: application/json, got ${type === '' ? 'no Content-Type' : JSON.stringify(clip(type, 100))}`,
    };
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > maxBytes) {
    req.resume();
    return { ok: false, status: 413, error: `the body is ${declared} bytes; at most ${maxBytes} are accepted` };
  }
  // Too big: the rest is discarded and the answer closes the connection.
  const text = await readCappedText(req, maxBytes);
  if (text === null) return { ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` };
  const parsed = parseBoundedJson(text);
  return parsed.ok ? parsed : { ok: false, status: 400, error: `(root): the body is not JSON (${parsed.message})` };
}

/** `close`: end the connection after this answer (the request body was not read to its end). */
export function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: 204): void {
  res.writeHead(status);
  res.end();
}

/** Issues as an error text, never showing the value of a secret field. */
export function describeIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => {
      const leaf = i.path.slice(i.path.lastIndexOf('.') + 1);
      return SECRET_FIELDS.includes(leaf) ? `${i.path}: Expected a string (value not shown)` : `${i.path}: ${i.message}`;
    })
    .join('; ');
}

// ------------------------------------------------------------------ client

export interface JsonResponse {
  readonly status: number;
  /** The parsed body; undefined when empty. */
  readonly body: unknown;
}

export interface JsonRequestOptions {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly body?: unknown;
  readonly timeoutMs: number;
  readonly agent?: Agent;
  readonly maxBytes?: number;
  /** Extra request headers (a session secret, an authorization). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Why a request got no usable answer: the socket failed, the deadline passed, or the answer was not JSON. */
export class JsonRequestError extends Error {
  override readonly name = 'JsonRequestError';
  constructor(
    readonly reason: 'unreachable' | 'timeout' | 'badResponse',
    message: string,
  ) {
    super(message);
  }
}

const SOCKET_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  EPIPE: 'connection closed',
};

function socketReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  const known = code === undefined ? undefined : SOCKET_ERRORS[code];
  return known === undefined ? error.message : `${known}, ${code}`;
}

/** One JSON request. Resolves with any status; rejects with JsonRequestError when there is no usable answer. */
export function requestJson(url: string, options: JsonRequestOptions): Promise<JsonResponse> {
  const maxBytes = options.maxBytes ?? MAX_FACE_BODY_BYTES;
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body), 'utf8');
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: JsonRequestError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const headers: Record<string, string | number> = { accept: 'application/json', ...options.headers };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    const send = url.startsWith('https:') ? httpsRequest : request;
    const req = send(url, { method: options.method, headers, ...(options.agent === undefined ? {} : { agent: options.agent }) }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(new JsonRequestError('badResponse', `${options.method} ${url} answered a body larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', (error) =>
        fail(new JsonRequestError('unreachable', `${options.method} ${url} failed while reading the answer (${socketReason(error)})`)),
      );
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        if (text === '') {
          resolve({ status: res.statusCode ?? 0, body: undefined });
          return;
        }
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          reject(
            new JsonRequestError(
              'badResponse',
              `${options.method} ${url} answered ${res.statusCode ?? '?'} with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`,
            ),
          );
        }
      });
    });
    const timer = setTimeout(
      () => fail(new JsonRequestError('timeout', `${options.method} ${url} got no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    req.on('error', (error) => fail(new JsonRequestError('unreachable', `${options.method} ${url} failed (${socketReason(error)})`)));
    req.end(payload);
  });
}

/** A keep-alive agent for one peer; destroy it when done so no socket keeps the process alive. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 32 });
}
