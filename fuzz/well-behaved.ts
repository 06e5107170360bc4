/**
 * The well-behaved client that works beside the hostile ones, one per server, as a real peer of
 * that server would: the CTI links log in once and keep their connection; the HTTP clients keep one
 * keep-alive connection, as Pega's server and the harness's face client do (decision 0070). A
 * round that goes wrong says which request and what came back, so no failure is lost.
 */
import { Agent, request as httpRequest } from 'node:http';
import { WebSocket } from 'ws';
import { openStream, type RawStream } from './raw-stream.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS, type TargetInfo } from './secrets.ts';
import { STREAM_DIALECTS } from './stream-dialects.ts';

/** A round that was not served: the request, and the status or error it got. */
export interface Miss {
  readonly request: string;
  readonly outcome: string;
}

export interface WellBehaved {
  /** One round; null when every answer was the expected one. */
  round(): Promise<Miss | null>;
  close(): void;
}

/** How long the well-behaved client waits for an answer. */
const ANSWER_MS = 5000;

export const CTI_LOGIN = {
  type: 'StartApplicationSession',
  invokeId: 0,
  applicationId: 'fuzz',
  user: FUZZ_CTI_USER,
  password: FUZZ_SECRETS.ctiPassword,
  protocolVersion: '1',
} as const;

const FACE_SETTINGS = {
  mode: 'simple',
  ctiUrl: 'ws://127.0.0.1:9',
  credentials: { user: 'u', password: FUZZ_SECRETS.faceLinkPassword },
  timeouts: { connectMs: 500, requestMs: 500 },
};
const EVENT = {
  DN: '8808',
  event: {
    pyEventType: 'CallStateEvent',
    pyEventName: 'Offering',
    pyCallId: 'C1',
    pyCallType: 'INBOUND',
    pyMedia: 'Phone',
    pyANI: '16175551212',
    pyDNIS: '8000',
    pyOtherDN: '16175551212',
    pyThisDN: '8808',
    pyNamedVariables: {},
  },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const why = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** One request on the client's keep-alive connection (never a second one: maxSockets 1). */
function call(agent: Agent, url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method,
      agent,
      timeout: ANSWER_MS,
      headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }), ...headers },
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${ANSWER_MS} ms`)));
    req.once('error', reject);
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.once('error', reject);
    });
    req.end(payload);
  });
}

/** Runs the steps in order; the first whose status is not the expected one is the miss. */
async function steps(list: readonly { readonly request: string; readonly expect: number; send(): Promise<HttpAnswer> }[]): Promise<Miss | null> {
  for (const step of list) {
    try {
      const answer = await step.send();
      if (answer.status !== step.expect) return { request: step.request, outcome: `${answer.status} ${answer.text.slice(0, 200)}` };
    } catch (error) {
      return { request: step.request, outcome: why(error) };
    }
  }
  return null;
}

function httpClient(target: TargetInfo): WellBehaved {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const close = (): void => agent.destroy();
  switch (target.kind) {
    case 'control': {
      const auth = { authorization: `Bearer ${FUZZ_SECRETS.controlToken}` };
      return {
        close,
        round: () => steps([{ request: 'GET /control/truth', expect: 200, send: () => call(agent, `${target.url}/control/truth`, 'GET', undefined, auth) }]),
      };
    }
    case 'events':
      return {
        close,
        round: () =>
          steps([{ request: `POST ${new URL(target.sinkUrl ?? '').pathname}`, expect: 204, send: () => call(agent, target.sinkUrl ?? '', 'POST', EVENT) }]),
      };
    default:
      return {
        close,
        async round() {
          const created = await call(agent, `${target.url}/sessions`, 'POST', {
            eventServiceUrl: 'http://127.0.0.1:9/events/x',
            settings: FACE_SETTINGS,
          }).catch((error: unknown): HttpAnswer => ({ status: 0, text: why(error) }));
          const json = parseJson(created.text);
          if (created.status !== 201 || !isRecord(json)) return { request: 'POST /sessions', outcome: `${created.status} ${created.text.slice(0, 200)}` };
          const secret = { 'x-session-secret': String(json['sessionSecret']) };
          const session = `${target.url}/sessions/${String(json['sessionId'])}`;
          return steps([
            {
              request: 'POST /sessions/<id>/activities/CloseAdapter',
              expect: 200,
              send: () => call(agent, `${session}/activities/CloseAdapter`, 'POST', {}, secret),
            },
            { request: 'DELETE /sessions/<id>', expect: 204, send: () => call(agent, session, 'DELETE', undefined, secret) },
          ]);
        },
      };
  }
}

/** The json CTI link: one WebSocket, logged in once, a SnapshotDevice a round. */
function ctiClient(url: string): WellBehaved {
  let socket: WebSocket | null = null;
  let invoke = 1;
  const pending = new Map<number, (answer: string) => void>();
  const open = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.on('message', (data) => {
        const text = data.toString();
        const frame = parseJson(text);
        if (isRecord(frame) && typeof frame['invokeId'] === 'number') pending.get(frame['invokeId'])?.(text);
      });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('close', (code) => {
        socket = null;
        for (const settle of pending.values()) settle(`the connection closed (${code})`);
      });
    });
  const ask = async (ws: WebSocket, frame: Record<string, unknown>): Promise<Miss | null> => {
    const id = invoke++;
    const answer = await new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve(`no answer within ${ANSWER_MS} ms`), ANSWER_MS);
      pending.set(id, (text) => {
        clearTimeout(timer);
        resolve(text);
      });
      ws.send(JSON.stringify({ ...frame, invokeId: id }));
    });
    pending.delete(id);
    const parsed = parseJson(answer);
    return isRecord(parsed) && parsed['type'] === 'Response' ? null : { request: String(frame['type']), outcome: answer.slice(0, 200) };
  };
  return {
    async round() {
      if (socket === null) {
        const ws = await open().catch((error: unknown) => error);
        if (!(ws instanceof WebSocket)) return { request: 'open the WebSocket', outcome: why(ws) };
        socket = ws;
        const login = await ask(ws, { ...CTI_LOGIN });
        if (login !== null) return login;
      }
      return ask(socket, { type: 'SnapshotDevice', deviceId: '8808' });
    },
    close: () => socket?.terminate(),
  };
}

/** A TCP dialect: one connection, logged in once, a device snapshot a round. */
function streamClient(port: number, kind: keyof typeof STREAM_DIALECTS): WellBehaved {
  const dialect = STREAM_DIALECTS[kind];
  let conn: RawStream | null = null;
  let n = 0;
  const ask = async (c: RawStream, request: string, id: string, bytes: Buffer): Promise<Miss | null> => {
    c.send(bytes);
    const { replies, closed } = await c.take(1, ANSWER_MS);
    const [reply] = replies;
    if (reply === undefined) return { request, outcome: closed ? 'the connection closed' : `no answer within ${ANSWER_MS} ms` };
    return reply.id === id && reply.verdict === 'accepted' ? null : { request, outcome: `${reply.id}: ${reply.text.slice(0, 200)}` };
  };
  return {
    async round() {
      if (conn === null || conn.socket.destroyed) {
        try {
          conn = await openStream(port, dialect);
        } catch (error) {
          return { request: 'connect', outcome: why(error) };
        }
        const login = await ask(conn, 'login', dialect.loginId, dialect.login());
        if (login !== null) return login;
      }
      const { id, bytes } = dialect.request(++n);
      return ask(conn, 'device snapshot', id, bytes);
    },
    close: () => conn?.destroy(),
  };
}

export function wellBehaved(target: TargetInfo): WellBehaved {
  switch (target.kind) {
    case 'cti':
      return ctiClient(target.url);
    case 'ami':
    case 'csta-xml':
      return streamClient(Number(new URL(target.url).port), target.kind);
    default:
      return httpClient(target);
  }
}
