/**
 * Seeded hostile inputs (fast-check arbitraries) for the four servers: every frame and body shape
 * of the contract with wrong values, plus the classes of issue #15 — not JSON, truncated, huge,
 * deep, wrong types, unknown names, duplicate ids, out of order, binary, prototype keys, NUL and
 * unicode — and, at the socket, frames and requests that break the protocol itself.
 */
import fc from 'fast-check';
import { ACTIVITY_NAMES, AdapterPageSchema, MAX_FACE_BODY_BYTES, PegaEventSchemas, REQUEST_TYPES, RequestSchemas } from '../src/contract/index.ts';
import { CONTROL_VERBS } from '../simulator/control/remote-verbs.ts';
import { clientFrame, textFrame } from './raw-ws.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS } from './secrets.ts';

/** One hostile item: its class (for the report), and whether the server answers it on the connection or closes the connection. */
export interface Hostile {
  readonly cls: string;
  readonly bytes: Buffer;
  readonly ends: 'answer' | 'close';
}

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\u202e8808', '８８０８', '8808\n', ' 8808', '', 'null', '9'.repeat(300)),
  fc.constantFrom(...PROTOTYPE_NAMES),
);
/** A value of any type, small: what goes where a field of another type belongs. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant([]),
  fc.constant({}),
);
const deep = fc.integer({ min: 65, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`);
const deepObject = fc.integer({ min: 65, max: 5_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);

function fieldsOf(schema: unknown): string[] {
  const properties = typeof schema === 'object' && schema !== null && 'properties' in schema ? schema.properties : undefined;
  return typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
}

/** An object with the fields of `names` (some dropped, some extra), each a hostile value. */
function wrongShape(names: readonly string[], fixed: Readonly<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(
      fc.subarray([...names]),
      fc.array(anyValue, { minLength: names.length, maxLength: names.length }),
      fc.option(fc.constantFrom(...PROTOTYPE_NAMES, 'extra', '')),
    )
    .map(([kept, values, extra]) => {
      const out: Record<string, unknown> = {};
      kept.forEach((name, i) => (out[name] = values[i]));
      if (extra !== null) Object.defineProperty(out, extra, { value: values[0] ?? 1, enumerable: true, writable: true, configurable: true });
      return { ...out, ...fixed };
    });
}

/** JSON text classes shared by every server: each item names its class. */
function jsonTexts(shapes: fc.Arbitrary<Record<string, unknown>>, hugeBytes: number): fc.Arbitrary<{ cls: string; text: string }> {
  return fc.oneof(
    { weight: 6, arbitrary: shapes.map((v) => ({ cls: 'wrong types', text: JSON.stringify(v) })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ cls: 'any JSON', text: JSON.stringify(v) ?? 'null' })) },
    { weight: 2, arbitrary: fc.string({ maxLength: 80 }).map((text) => ({ cls: 'not JSON', text })) },
    {
      weight: 2,
      arbitrary: fc.tuple(shapes, fc.nat()).map(([v, n]) => {
        const t = JSON.stringify(v);
        return { cls: 'truncated', text: t.slice(0, n % Math.max(1, t.length)) };
      }),
    },
    { weight: 1, arbitrary: fc.oneof(deep, deepObject).map((text) => ({ cls: 'deep', text })) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: hugeBytes / 2, max: hugeBytes })
        .map((n) => ({ cls: 'huge', text: JSON.stringify({ type: 'SnapshotDevice', invokeId: 1, deviceId: '9'.repeat(n) }) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...PROTOTYPE_NAMES)
        .chain((name) =>
          fc.constantFrom(
            `{"type":"${name}","invokeId":1}`,
            `{"__proto__":{"type":"SnapshotDevice"},"invokeId":2}`,
            `{"constructor":{"prototype":{"x":1}},"${name}":1}`,
          ),
        )
        .map((text) => ({ cls: 'prototype keys', text })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{"a":"\\u0000"}', '"\\ud800"', '{"type":"Snap\\u0000shotDevice","invokeId":3}', '\u0000', '\ufeff{}', '{"DN":"\u202e8808"}')
        .map((text) => ({ cls: 'NUL and unicode', text })),
    },
  );
}

// ---------------------------------------------------------------- CTI link

const ctiShapes = fc
  .constantFrom(...REQUEST_TYPES)
  .chain((type) =>
    fc.tuple(wrongShape(fieldsOf(RequestSchemas[type]), { type }), fc.integer({ min: -2, max: 2 ** 32 })).map(([shape, invokeId]) => ({ ...shape, invokeId })),
  );
/** Well-formed requests in the wrong order or with repeated invoke ids: answered (often refused) one by one. */
const ctiProtocol = fc.oneof(
  fc
    .constantFrom(
      { type: 'MonitorStop', invokeId: 7, monitorId: 'M999' },
      { type: 'AgentLogout', invokeId: 7, agentId: '5501' },
      { type: 'StartApplicationSession', invokeId: 7, applicationId: 'fuzz', user: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword, protocolVersion: '1' },
      { type: 'AnswerCall', invokeId: 7, deviceId: '8808', callId: 'C404' },
      { type: 'SnapshotDevice', invokeId: 7, deviceId: '8808' },
      { type: 'AgentLogin', invokeId: 7, agentId: '5501', password: 'wrong-agent-password', deviceId: '8808' },
      { type: 'AgentLogin', invokeId: 7, agentId: '5501', password: FUZZ_SECRETS.agentPassword, deviceId: '8809' },
    )
    .map((frame) => ({ cls: 'duplicate ids, out of order', text: JSON.stringify(frame) })),
  fc.string({ maxLength: 30 }).map((type) => ({ cls: 'unknown names', text: JSON.stringify({ type, invokeId: 5 }) })),
);

/** Frames that the link must close on: oversize (1009), a reserved opcode or an unmasked frame (1002), bad UTF-8 (1007). */
const ctiKillers = fc.oneof(
  fc.constant({ cls: 'oversize frame', bytes: textFrame(`{"pad":"${'x'.repeat(70_000)}"}`) }),
  fc.constant({ cls: 'reserved opcode', bytes: clientFrame(0x3, Buffer.from('{}')) }),
  fc.constant({ cls: 'invalid UTF-8', bytes: clientFrame(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])) }),
  fc.constant({ cls: 'unmasked frame', bytes: Buffer.from([0x81, 0x02, 0x7b, 0x7d]) }),
  fc.constant({ cls: 'stray continuation', bytes: clientFrame(0x0, Buffer.from('{}')) }),
);

export const ctiHostile: fc.Arbitrary<Hostile> = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.oneof(jsonTexts(ctiShapes, 60_000), ctiProtocol).map(({ cls, text }) => ({ cls, bytes: textFrame(text), ends: 'answer' as const })),
  },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => ({ cls: 'binary', bytes: clientFrame(0x2, Buffer.from(b)), ends: 'answer' as const })) },
  { weight: 1, arbitrary: ctiKillers.map((k) => ({ ...k, ends: 'close' as const })) },
);

// ---------------------------------------------------------------- HTTP

/** A request with a content-length body; `extra` headers win. */
export function httpRequest(method: string, path: string, body: string | null, headers: Readonly<Record<string, string>> = {}): Buffer {
  const payload = body === null ? Buffer.alloc(0) : Buffer.from(body, 'utf8');
  const head = { host: '127.0.0.1', ...(body === null ? {} : { 'content-type': 'application/json', 'content-length': String(payload.length) }), ...headers };
  const lines = Object.entries(head).map(([k, v]) => `${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}

/** Requests Node's HTTP parser itself refuses (400, 431) and that end the connection. */
const httpKillers = (auth: Readonly<Record<string, string>>): fc.Arbitrary<Hostile> =>
  fc
    .constantFrom(
      {
        cls: 'bad method',
        text: `BR EW /health HTTP/1.1\r\nhost: x\r\n${Object.entries(auth)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}\r\n`,
      },
      { cls: 'bad version', text: 'GET /health HTTP/9.9\r\nhost: x\r\n\r\n' },
      {
        cls: 'header overflow',
        text: `GET /health HTTP/1.1\r\nhost: x\r\n${Object.entries(auth)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}x-big: ${'a'.repeat(20_000)}\r\n\r\n`,
      },
      {
        cls: 'bad chunked body',
        text: `POST /health HTTP/1.1\r\nhost: x\r\n${Object.entries(auth)
          .map(([k, v]) => `${k}: ${v}\r\n`)
          .join('')}transfer-encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n`,
      },
      { cls: 'bad content-length', text: 'POST /health HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n' },
      { cls: 'NUL in header', text: 'GET /health HTTP/1.1\r\nhost: x\r\nx-a: \u0000\r\n\r\n' },
      { cls: 'not HTTP', text: '\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n' },
    )
    .map(({ cls, text }) => ({ cls, bytes: Buffer.from(text, 'latin1'), ends: 'close' as const }));

const methods = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS');
/** Percent-encoded, lone surrogates included (encodeURIComponent refuses those: they go as their code unit). */
function encode(text: string): string {
  return Array.from(text)
    .map((c) => (/^[\ud800-\udfff]$/.test(c) ? `%${c.charCodeAt(0).toString(16)}` : encodeURIComponent(c)))
    .join('');
}
const pathSegment = fc.oneof(nasty.map(encode), fc.constantFrom('%E0%A4%A', '..', '%00', '%2F'));

interface HttpRoutes {
  /** Paths with a body to fuzz, and the fields the body has. */
  readonly routes: fc.Arbitrary<{ readonly path: string; readonly fields: readonly string[]; readonly fixed: Readonly<Record<string, unknown>> }>;
  /** Headers a client of this server sends (the token, a session secret); `null`: none, or wrong ones. */
  readonly auth: Readonly<Record<string, string>>;
}

/**
 * A connection-ending item whose bytes are built when first read: a batch samples a few killers and
 * sends only the first, and building each "too large" request (over a MiB) anew was most of the
 * harness's work against the control channel (1.6 s of every 20,000 items; 0.9 s built when read).
 */
function builtWhenRead(cls: string, build: () => Buffer): Hostile {
  let built: Buffer | null = null;
  return {
    cls,
    ends: 'close',
    get bytes() {
      built ??= build();
      return built;
    },
  };
}

function httpHostile(server: HttpRoutes, hugeBytes: number): fc.Arbitrary<Hostile> {
  const wrongAuth = fc.constantFrom<Readonly<Record<string, string>>>(
    {},
    { authorization: 'Bearer wrong-token-000000000000' },
    { authorization: 'Basic eDp5' },
    { 'x-session-secret': '__proto__' },
  );
  const bodied = server.routes.chain((route) =>
    fc.tuple(
      fc.constant(route.path),
      jsonTexts(wrongShape(route.fields, route.fixed), hugeBytes),
      fc.oneof({ weight: 8, arbitrary: fc.constant(server.auth) }, { weight: 1, arbitrary: wrongAuth }),
    ),
  );
  return fc.oneof(
    { weight: 30, arbitrary: bodied.map(([path, { cls, text }, auth]) => ({ cls, bytes: httpRequest('POST', path, text, auth), ends: 'answer' as const })) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(methods, fc.array(pathSegment, { minLength: 0, maxLength: 4 }), server.routes, fc.boolean())
        .map(([method, segments, route, known]) => ({
          cls: 'unknown names',
          bytes: httpRequest(
            method,
            known ? `${route.path}/${segments.join('/')}`.replace(/\/$/, '') : `/${segments.join('/')}`,
            method === 'GET' || method === 'DELETE' || method === 'OPTIONS' ? null : '{}',
            server.auth,
          ),
          ends: 'answer' as const,
        })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(server.routes, fc.constantFrom('text/plain', 'application/jsonx', '', 'application/json; charset=\u00ff')).map(([route, type]) => ({
        cls: 'wrong content type',
        bytes: httpRequest('POST', route.path, '{}', { ...server.auth, 'content-type': type }),
        ends: 'answer' as const,
      })),
    },
    {
      weight: 1,
      arbitrary: server.routes.map((route) =>
        builtWhenRead('too large', () => httpRequest('POST', route.path, `{"pad":"${'x'.repeat(MAX_CONTROL_OR_FACE_BODY + 10)}"}`, server.auth)),
      ),
    },
    { weight: 1, arbitrary: httpKillers(server.auth) },
  );
}

/** Larger than the bodies any of the three HTTP servers accept (the control channel's 1 MiB). */
const MAX_CONTROL_OR_FACE_BODY = 1024 * 1024;

export const controlHostile: fc.Arbitrary<Hostile> = httpHostile(
  {
    routes: fc.oneof(
      fc.constantFrom(...CONTROL_VERBS).map((verb) => ({
        path: `/control/${verb}`,
        fields: ['from', 'to', 'extension', 'call', 'agent', 'action', 'ref', 'callData', 'extensions', 'agents', 'queues', 'reason', 'digits', 'state'],
        fixed: {},
      })),
      fc.constant({ path: '/control/faults', fields: ['seed', 'rules', 'drop', 'delay'], fixed: {} }),
    ),
    auth: { authorization: `Bearer ${FUZZ_SECRETS.controlToken}` },
  },
  200_000,
);

const sessionIds = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }).map(encode), fc.constantFrom(...PROTOTYPE_NAMES), fc.constant('AAAAAAAAAAAAAAAAAAAAAA'));
export const faceHostile: fc.Arbitrary<Hostile> = httpHostile(
  {
    routes: fc.oneof(
      fc.constant({
        path: '/sessions',
        fields: ['eventServiceUrl', 'settings'],
        fixed: { settings: { mode: 'simple', ctiUrl: 'ws://127.0.0.1:9', credentials: { user: 'u', password: FUZZ_SECRETS.faceLinkPassword } } },
      }),
      fc
        .tuple(sessionIds, fc.constantFrom(...ACTIVITY_NAMES))
        .map(([id, activity]) => ({ path: `/sessions/${id}/activities/${activity}`, fields: fieldsOf(AdapterPageSchema), fixed: {} })),
    ),
    auth: { 'x-session-secret': 'not-the-secret-of-any-session' },
  },
  MAX_FACE_BODY_BYTES - 200,
);

export function eventsHostile(sinkPath: string): fc.Arbitrary<Hostile> {
  const eventFields = [...new Set(Object.values(PegaEventSchemas).flatMap(fieldsOf))];
  return httpHostile(
    {
      routes: fc.oneof(
        { weight: 3, arbitrary: fc.constant({ path: sinkPath, fields: ['DN', 'event'], fixed: {} }) },
        { weight: 3, arbitrary: fc.constant({ path: sinkPath, fields: eventFields, fixed: {} }).map((r) => ({ ...r, fields: ['DN', ...r.fields] })) },
        { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((t) => ({ path: `/events/${encode(t)}`, fields: ['DN', 'event'], fixed: {} })) },
      ),
      auth: {},
    },
    MAX_FACE_BODY_BYTES - 200,
  );
}

/** `count` hostile items of `arb`, reproducible from `seed`. */
export function sample(arb: fc.Arbitrary<Hostile>, seed: number, count: number): Hostile[] {
  return fc.sample(arb, { seed, numRuns: count });
}
