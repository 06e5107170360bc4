/**
 * The harness's side of the HTTP Pega face: one call per route, every answer checked against the
 * face's schemas. What the face answers outside its contract becomes a FaceViolation whose message
 * says which request got what, so a scenario (or the preflight) can name it.
 */
import type { Agent } from 'node:http';
import {
  ACTIVITY_FAILED_STATUS,
  ActivityFailedSchema,
  ActivitySucceededSchema,
  compile,
  FACE_PATHS,
  FACE_SESSION_SECRET_HEADER,
  FaceErrorSchema,
  HealthSchema,
  SessionCreatedSchema,
  type ActivityName,
  type ActivityResult,
  type AdapterPage,
  type Health,
} from '../../contract/index.ts';
import { describeIssues, requestJson, type JsonResponse } from '../../platform/json-http.ts';

/** The face answered something its contract does not allow, or did not answer. */
export class FaceViolation extends Error {
  override readonly name = 'FaceViolation';
}

/** POST /sessions answered 400: the adapter refused the settings; the message is the adapter's own. */
export class SettingsRefused extends Error {
  override readonly name = 'SettingsRefused';
}

const checkHealth = compile(HealthSchema);
const checkCreated = compile(SessionCreatedSchema);
const checkSucceeded = compile(ActivitySucceededSchema);
const checkFailed = compile(ActivityFailedSchema);
const checkError = compile(FaceErrorSchema);

export interface FaceClientOptions {
  readonly baseUrl: string;
  readonly agent: Agent;
  /** How long any one answer may take. */
  readonly timeoutMs: number;
}

export class FaceClient {
  readonly #options: FaceClientOptions;
  /** The secret each session this client opened came with: sent on every later call on it. */
  readonly #secrets = new Map<string, string>();

  constructor(options: FaceClientOptions) {
    this.#options = { ...options, baseUrl: options.baseUrl.replace(/\/+$/, '') };
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  async health(timeoutMs = this.#options.timeoutMs): Promise<Health> {
    const answer = await this.#send('GET', FACE_PATHS.health, undefined, timeoutMs);
    const checked = checkHealth(answer.body);
    if (answer.status !== 200 || !checked.ok) throw this.#unexpected('GET', FACE_PATHS.health, answer, `200 ${JSON.stringify({ status: 'ok' })}`);
    return checked.value;
  }

  /** Throws SettingsRefused when the adapter refuses the settings (400), FaceViolation on anything else unexpected. */
  async createSession(eventServiceUrl: string, settings: unknown): Promise<string> {
    const answer = await this.#send('POST', FACE_PATHS.sessions, { eventServiceUrl, settings });
    if (answer.status === 400) throw new SettingsRefused(errorText(answer));
    const created = checkCreated(answer.body);
    if (answer.status !== 201 || !created.ok)
      throw this.#unexpected('POST', FACE_PATHS.sessions, answer, '201 {"sessionId": …, "sessionSecret": …} or 400 {"error": …}');
    if (created.value.sessionSecret !== undefined) this.#secrets.set(created.value.sessionId, created.value.sessionSecret);
    return created.value.sessionId;
  }

  async invoke(sessionId: string, activity: ActivityName, page: AdapterPage): Promise<ActivityResult> {
    const path = FACE_PATHS.activity(sessionId, activity);
    const answer = await this.#send('POST', path, page, this.#options.timeoutMs, this.#secretOf(sessionId));
    if (answer.status === 200) {
      if (checkSucceeded(answer.body).ok) return { ok: true };
    } else if (answer.status === ACTIVITY_FAILED_STATUS) {
      const failed = checkFailed(answer.body);
      if (failed.ok) return failed.value;
      throw new FaceViolation(`POST ${path} answered ${ACTIVITY_FAILED_STATUS} with a body that is not an activity failure: ${describeIssues(failed.issues)}`);
    }
    throw this.#unexpected(
      'POST',
      path,
      answer,
      `200 {"ok":true} or ${ACTIVITY_FAILED_STATUS} {"ok":false,"errCode":"OPENCTI_…","errMessage":…,"pyStatusMessage":…,"pyPegaCTIError":…}`,
    );
  }

  /** True when the session was deleted, false when the face no longer knew it. */
  async deleteSession(sessionId: string): Promise<boolean> {
    const path = FACE_PATHS.session(sessionId);
    const answer = await this.#send('DELETE', path, undefined, this.#options.timeoutMs, this.#secretOf(sessionId));
    this.#secrets.delete(sessionId);
    if (answer.status === 204 || answer.status === 200) return true;
    if (answer.status === 404) return false;
    throw this.#unexpected('DELETE', path, answer, '204');
  }

  #secretOf(sessionId: string): Readonly<Record<string, string>> {
    const secret = this.#secrets.get(sessionId);
    return secret === undefined ? {} : { [FACE_SESSION_SECRET_HEADER]: secret };
  }

  async #send(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    timeoutMs = this.#options.timeoutMs,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<JsonResponse> {
    try {
      return await requestJson(`${this.#options.baseUrl}${path}`, {
        method,
        timeoutMs,
        agent: this.#options.agent,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      throw new FaceViolation(error instanceof Error ? error.message : String(error));
    }
  }

  #unexpected(method: string, path: string, answer: JsonResponse, expected: string): FaceViolation {
    return new FaceViolation(
      `${method} ${this.#options.baseUrl}${path} answered ${answer.status} ${errorText(answer)}; expected ${expected} (docs/pega-face.openapi.yaml)`,
    );
  }
}

function errorText(answer: JsonResponse): string {
  const checked = checkError(answer.body);
  if (checked.ok) return checked.value.error;
  const text = answer.body === undefined ? '(no body)' : JSON.stringify(answer.body);
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
