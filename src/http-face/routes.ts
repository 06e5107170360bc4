/** Which route of the face a request names. Pure: method and path in, a route or a refusal out. */
import { isActivityName, type ActivityName } from '../contract/index.ts';

export type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'createSession' }
  | { readonly kind: 'deleteSession'; readonly sessionId: string }
  | { readonly kind: 'activity'; readonly sessionId: string; readonly activity: ActivityName }
  | { readonly kind: 'refused'; readonly status: 404 | 405; readonly error: string; readonly allow?: string };

const ROUTES_TEXT = 'GET /health, POST /sessions, DELETE /sessions/{sessionId}, POST /sessions/{sessionId}/activities/{activity}';

export function matchRoute(method: string, rawPath: string): Route {
  const path = rawPath.split('?')[0] ?? '';
  const parts = path.split('/').slice(1).map(decode);
  const wrongMethod = (allow: string): Route => ({ kind: 'refused', status: 405, error: `${method} is not served on ${path}; use ${allow}`, allow });
  if (parts.length === 1 && parts[0] === 'health') return method === 'GET' ? { kind: 'health' } : wrongMethod('GET');
  if (parts.length === 1 && parts[0] === 'sessions') return method === 'POST' ? { kind: 'createSession' } : wrongMethod('POST');
  if (parts.length === 2 && parts[0] === 'sessions' && parts[1] !== undefined && parts[1] !== '') {
    return method === 'DELETE' ? { kind: 'deleteSession', sessionId: parts[1] } : wrongMethod('DELETE');
  }
  if (parts.length === 4 && parts[0] === 'sessions' && parts[2] === 'activities' && parts[1] !== undefined && parts[3] !== undefined) {
    if (method !== 'POST') return wrongMethod('POST');
    const activity = parts[3];
    if (!isActivityName(activity))
      return {
        kind: 'refused',
        status: 404,
        error: `activity: ${JSON.stringify(activity)} is not a Pega Call activity; expected one of the names in docs/pega-face.openapi.yaml (ActivityName)`,
      };
    return { kind: 'activity', sessionId: parts[1], activity };
  }
  return { kind: 'refused', status: 404, error: `no route ${method} ${path}; the face serves ${ROUTES_TEXT}` };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
