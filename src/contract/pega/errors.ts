/**
 * Pega Call's default OPENCTI_* error codes (client-side guide, "Handling errors"), and the
 * shape of an activity's outcome. The documented table is cut after OPENCTI_IN_SAME_STATE in
 * every readable copy; we use only the codes below and invent none (docs/decisions/0004).
 */
import { clip } from '../bounded-json.ts';

export const OPENCTI_ERROR_CODES = {
  OPENCTI_AGENT_LOGGED_IN: 'agent already logged in from another device',
  OPENCTI_AGENT_NOT_LOGGED_IN: 'agent not logged in on any device',
  OPENCTI_CALL_REJECTED: 'call request rejected',
  OPENCTI_CF_GENERIC_OPERATION: 'generic operation error',
  OPENCTI_CF_INVALID_DESTINATION: 'invalid destination',
  OPENCTI_CF_INVALID_OBJECT_STATE: 'object not in a state that allows the request',
  OPENCTI_CONF_ALREADY_PRESENT: 'party already in the conference',
  OPENCTI_DEST_BUSY: 'destination busy',
  OPENCTI_HTTP_ERROR_401: 'authentication failed or missing',
  OPENCTI_HTTP_ERROR_404: 'resource not found',
  OPENCTI_HTTP_ERROR_405: 'method not supported',
  OPENCTI_HTTP_ERROR_408: 'request timeout',
  OPENCTI_HTTP_ERROR_500: 'internal server error',
  OPENCTI_HTTP_ERROR_502: 'bad gateway',
  OPENCTI_HTTP_ERROR_503: 'service unavailable',
  OPENCTI_HTTP_ERROR_504: 'gateway timeout',
  OPENCTI_IN_SAME_STATE: 'agent already in the requested state',
} as const;

export type OpenCtiErrorCode = keyof typeof OPENCTI_ERROR_CODES;

export function isOpenCtiErrorCode(value: unknown): value is OpenCtiErrorCode {
  return typeof value === 'string' && Object.hasOwn(OPENCTI_ERROR_CODES, value);
}

/**
 * What an activity tells Pega. Success carries nothing (state changes arrive as events); failure
 * carries the code and the text Pega shows the CSR, copied into pyStatusMessage and
 * pyPegaCTIError as the server-side guide's step 8 says.
 */
export type ActivityResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly errCode: OpenCtiErrorCode;
      readonly errMessage: string;
      readonly pyStatusMessage: string;
      readonly pyPegaCTIError: string;
    };

/** The longest errMessage (and pyStatusMessage, pyPegaCTIError) the face carries. */
export const MAX_ERR_MESSAGE_CHARS = 4096;

/** A failure whose text is cut to MAX_ERR_MESSAGE_CHARS: a message built from long input stays inside the contract. */
export function activityFailure(errCode: OpenCtiErrorCode, errMessage: string): ActivityResult {
  const text = clip(errMessage, MAX_ERR_MESSAGE_CHARS);
  return { ok: false, errCode, errMessage: text, pyStatusMessage: text, pyPegaCTIError: text };
}

export const ACTIVITY_SUCCESS: ActivityResult = Object.freeze({ ok: true });
