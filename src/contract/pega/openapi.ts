/**
 * Builds the OpenAPI 3.1 description of the HTTP Pega face from its schemas, so the published
 * document (docs/pega-face.openapi.yaml) can never drift from what both ends validate. The event
 * service the harness hosts is described as a webhook: the adapter calls it.
 */
import type { TSchema } from '@sinclair/typebox';
import { ACTIVITIES, ACTIVITY_NAMES } from './activities.ts';
import { PegaEventSchemas } from './events.ts';
import {
  ACTIVITY_FAILED_STATUS,
  ActivityNameSchema,
  DEFAULT_FACE_HOST,
  FACE_ENV,
  HTTP_FACE_VERSION,
  HttpFaceSchemas,
  MAX_FACE_BODY_BYTES,
  SessionId,
  SessionSecret,
  FACE_SESSION_SECRET_HEADER,
} from './http-face.ts';

/** TypeBox adds symbol keys only; a JSON round trip leaves the plain JSON Schema. */
function plain(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const faceError = (description: string) => ({ description, content: json('FaceError') });

const COMMON_ERRORS = {
  '400': faceError('The body is not JSON or does not match its schema; `error` names the field and what was expected.'),
  '413': faceError(`The body is larger than ${MAX_FACE_BODY_BYTES} bytes.`),
  '415': faceError('The body is not `application/json`.'),
};

export function buildOpenApiDocument(): Record<string, unknown> {
  const sessionId = { name: 'sessionId', in: 'path', required: true, schema: plain(SessionId), description: 'as answered by `POST /sessions`' };
  const sessionSecret = {
    name: FACE_SESSION_SECRET_HEADER,
    in: 'header',
    required: false,
    schema: plain(SessionSecret),
    description:
      'the sessionSecret `POST /sessions` answered: a face that returned one answers 404 to a call without it, as if the session did not exist (decision 0026)',
  };
  const schemas: Record<string, unknown> = Object.fromEntries(Object.entries(HttpFaceSchemas).map(([name, schema]) => [name, plain(schema)]));
  schemas['ActivityName'] = plain(ActivityNameSchema);
  for (const [name, schema] of Object.entries(PegaEventSchemas)) schemas[name] = plain(schema);
  // As documented: the event is one of Pega's events. The harness checks the envelope, then judges the event.
  schemas['EventPost'] = {
    type: 'object',
    additionalProperties: false,
    required: ['DN', 'event'],
    properties: {
      DN: { type: 'string', minLength: 1, description: "the extension whose desktop must get the event (what Pega's RetrieveDevicePresence resolves)" },
      event: { oneOf: Object.keys(PegaEventSchemas).map(ref) },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchboard Pega face (HTTP)',
      version: HTTP_FACE_VERSION,
      license: { name: 'MIT', identifier: 'MIT' },
      description: [
        'What Pega Call asks of a server-side CTI adapter, over HTTP, so an adapter in any language can be certified (docs/pega-face.md).',
        'One adapter process serves several CSR sessions: the harness opens one session per CSR desktop (POST /sessions) with the adapter settings and the URL of the event service it hosts, then calls activities on that session.',
        `An activity that succeeds answers 200 {"ok":true}: it was accepted; state changes reach Pega as events. An activity that fails answers ${ACTIVITY_FAILED_STATUS} with an OPENCTI_* code and the same text in errMessage, pyStatusMessage and pyPegaCTIError.`,
        'Concurrency (decision 0022): a session has at most one activity outstanding, as one Pega requestor serves one CSR — the harness sends its next activity only after the previous one was answered, so the adapter applies them in the order it receives them. Sessions run concurrently: activities of different sessions may overlap.',
        "The adapter POSTs every event of a session to that session's eventServiceUrl (the `deliverEvent` webhook), one at a time and in order: it sends the next event only after the previous one was answered.",
        `Every body is JSON (application/json) of at most ${MAX_FACE_BODY_BYTES} bytes. Bind ${DEFAULT_FACE_HOST} unless told otherwise; never log passwords (settings.credentials.password, AgentPassword).`,
        `Started by the harness (--adapter cmd:…), the adapter finds the port to serve on in ${FACE_ENV.port} and the address in ${FACE_ENV.host}.`,
      ].join('\n'),
    },
    // Loopback needs no credential; off loopback (`adapter serve --allow-remote`) the face requires its token (decision 0027).
    security: [{}, { faceToken: [] }],
    servers: [
      {
        url: 'http://127.0.0.1:{port}',
        variables: { port: { default: '7010', description: `the port the adapter serves on (${FACE_ENV.port} when the harness starts it)` } },
      },
    ],
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          summary: 'Answers 200 once the adapter serves the face; the harness waits for it before anything else.',
          responses: {
            '200': { description: 'Ready.', content: json('Health') },
            '400': { description: 'The request could not be read (a bad method, header or encoding); the answer says why.' },
          },
        },
      },
      '/sessions': {
        post: {
          operationId: 'createSession',
          summary:
            "Opens one CSR session: one adapter instance, as Pega's session class owns one per user (decision 0008). It must not connect to the CTI server before OpenAdapter.",
          requestBody: { required: true, content: json('CreateSessionRequest') },
          responses: {
            '201': { description: 'The session exists. `sessionSecret`, when given, must accompany every later call on it.', content: json('SessionCreated') },
            ...COMMON_ERRORS,
            '503': faceError('The face serves as many sessions as it will; delete one, or wait for an idle one to expire.'),
            '400': faceError("The body or the settings are refused; `error` names the field and what was expected (never a password's value)."),
          },
        },
      },
      '/sessions/{sessionId}': {
        delete: {
          operationId: 'deleteSession',
          summary: 'Ends the session: the adapter closes what it still holds for it (as CloseAdapter), stops posting its events and forgets it.',
          parameters: [sessionId, sessionSecret],
          responses: { '204': { description: 'Gone.' }, '404': faceError('No such session, or not for this session secret.') },
        },
      },
      '/sessions/{sessionId}/activities/{activity}': {
        post: {
          operationId: 'invokeActivity',
          summary:
            'Invokes one Pega Call activity with the adapter-page properties Pega sets for it. At most one per session is outstanding at a time (decision 0022).',
          description: ACTIVITY_NAMES.map((name) => `${name} (from ${ACTIVITIES[name].mode}): ${ACTIVITIES[name].purpose}`).join('\n'),
          parameters: [sessionId, sessionSecret, { name: 'activity', in: 'path', required: true, schema: ref('ActivityName') }],
          requestBody: { required: true, content: json('ActivityRequest') },
          responses: {
            '200': { description: 'Accepted.', content: json('ActivitySucceeded') },
            [String(ACTIVITY_FAILED_STATUS)]: { description: 'The activity failed; Pega shows the text to the CSR.', content: json('ActivityFailed') },
            ...COMMON_ERRORS,
            '404': faceError('No such session (or not for this session secret), or no such activity.'),
            '500': faceError('The adapter broke: it crashed or answered something that is not an activity result.'),
          },
        },
      },
    },
    webhooks: {
      deliverEvent: {
        post: {
          operationId: 'deliverEvent',
          summary: 'The adapter POSTs each normalized event of a session to the eventServiceUrl it was given for it (hosted by the harness).',
          description:
            "One at a time, in the order the adapter decided them. 422 means the event was recorded but does not match Pega's event schema (the run fails OCTI-EVT-001); 404 means the session is over and the event was dropped.",
          // The per-session eventServiceUrl (a random path) is the only credential the event service asks for.
          security: [{}],
          requestBody: { required: true, content: json('EventPost') },
          responses: {
            '204': { description: 'Recorded.' },
            '404': faceError('The session is over; the event was dropped.'),
            '422': faceError("Recorded, but the event does not match Pega's event schema; `error` names the field."),
            ...COMMON_ERRORS,
          },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: {
        faceToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'The face token (`adapter serve --face-token`, `$SWITCHBOARD_FACE_TOKEN`), required only off loopback.',
        },
      },
    },
  };
}
