/**
 * The control API's answers (http.ts): their shape, `{ok: true, ...}` or `{ok: false, error: {code,
 * message, ...}}` with the status that goes with it, and what a request brings read into one (a
 * body that must be JSON within its cap, a query's whole numbers, a verb's outcome).
 */
import type { IncomingMessage } from 'node:http';
import { clip, parseBoundedJson } from '../../src/contract/bounded-json.ts';
import { formatIssues, type Issue } from '../../src/contract/validation.ts';
import { readCappedText } from '../../src/platform/capped-body.ts';
import type { VerbOutcome } from './remote-verbs.ts';

/** A request body larger than this is refused (413): a provisioning of thousands of agents fits. */
export const MAX_CONTROL_BODY_BYTES = 1024 * 1024;
/** The longest error message an answer carries (a refusal naming 200,000 extensions is cut). */
export const MAX_CONTROL_ERROR_CHARS = 2000;

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** End the connection after the answer (the body was not read to its end). */
  readonly close?: boolean;
  /** What the log line adds: the verb, the call, the refusal's code. */
  readonly note?: Readonly<Record<string, unknown>>;
}

export function failure(status: number, code: string, message: string, extra: Readonly<Record<string, unknown>> = {}, more: Partial<Reply> = {}): Reply {
  return { status, body: { ok: false, error: { code, message: clip(message, MAX_CONTROL_ERROR_CHARS), ...extra } }, note: { code }, ...more };
}

export function invalid(code: string, what: string, issues: readonly Issue[]): Reply {
  return failure(400, code, `${what}: ${formatIssues(issues)}`, { issues });
}

export type Body = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reply: Reply };

export async function readBody(req: IncomingMessage): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const tooLarge = failure(413, 'bodyTooLarge', `the body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`, {}, { close: true });
  if (declared > MAX_CONTROL_BODY_BYTES) return { ok: false, reply: tooLarge };
  const text = await readCappedText(req, MAX_CONTROL_BODY_BYTES);
  if (text === null) return { ok: false, reply: tooLarge };
  if (text.trim() === '') return { ok: true, value: {} };
  const parsed = parseBoundedJson(text);
  return parsed.ok
    ? parsed
    : { ok: false, reply: invalid('invalidJson', 'the body is not JSON', [{ path: '(root)', message: `Expected a JSON object (${parsed.message})` }]) };
}

/** A query parameter as a whole number in [0, max], its default when absent. */
export function wholeNumber(query: URLSearchParams, name: string, fallback: number, max: number): { ok: true; value: number } | { ok: false; issue: Issue } {
  const text = query.get(name);
  if (text === null) return { ok: true, value: fallback };
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value <= max))
    return { ok: false, issue: { path: `query.${name}`, message: `Expected a whole number from 0 to ${max}, got ${JSON.stringify(text.slice(0, 40))}` } };
  return { ok: true, value };
}

export function verbReply(verb: string, outcome: VerbOutcome): Reply {
  switch (outcome.kind) {
    case 'done':
      return {
        status: 200,
        body: { ok: true, verb, ...(outcome.callId === undefined ? {} : { callId: outcome.callId }), events: outcome.events },
        note: { verb, ...(outcome.callId === undefined ? {} : { callId: outcome.callId }) },
      };
    case 'unknownVerb':
      return failure(404, 'unknownVerb', `no control verb ${JSON.stringify(verb.slice(0, 64))}: expected one of ${outcome.verbs.join(', ')}`, {
        verbs: outcome.verbs,
      });
    case 'invalid': {
      // A fault plan is refused with the code the in-process setFaults throws (ControlError).
      const [code, what] = verb === 'setFaults' ? ['invalidFaultPlan', 'the fault plan'] : ['invalidArguments', `${verb} arguments`];
      return { ...invalid(code, what, outcome.issues), note: { verb, code } };
    }
    case 'refused':
      return { ...failure(409, outcome.code, outcome.message), note: { verb, code: outcome.code } };
  }
}
