/**
 * The CSTA XML dialect's codec for one session (the WireDialect the shared session rules use).
 * A dialect frame's text is the 4-digit invoke id of the 8-byte header followed by the XML; the
 * transport adds the format and length bytes (dialects/csta-xml.ts). The codec remembers, per
 * invoke id, which CSTA request it decoded, so the answer is the one that request expects.
 */
import { decodeMessage, encodeMessage } from '../../../src/contract/csta-xml/codec.ts';
import { EVENT_INVOKE_ID, formatInvokeId } from '../../../src/contract/csta-xml/framing.ts';
import { CSTA_NAMESPACE, type CstaMessage } from '../../../src/contract/csta-xml/messages.ts';
import type { RequestFrame, RequestType } from '../../../src/contract/cti-wire/frames.ts';
import type { DecodedRequest, WireDialect } from '../dialect.ts';
import { eventMessage } from './events.ts';
import { errorMessage, responseMessage, type Asked } from './replies.ts';
import { requestOf, type CstaRequestType } from './requests.ts';

/** A frame's text: the header's invoke id, then the XML. */
export function frameText(invokeId: number, message: CstaMessage): string {
  return `${formatInvokeId(invokeId)}${encodeMessage(message)}`;
}

export function splitFrameText(text: string): { readonly invokeId: number | null; readonly xml: string } {
  const digits = text.slice(0, 4);
  return /^[0-9]{4}$/.test(digits) ? { invokeId: Number(digits), xml: text.slice(4) } : { invokeId: null, xml: text };
}

/** Requests unanswered at once are few (one per desktop); a peer that never reads its answers cannot grow this past it. */
const MAX_REMEMBERED = 1024;

function deviceOfRequest(request: RequestFrame): string {
  if (request.type === 'MakeCall') return request.callingDevice;
  return 'deviceId' in request ? request.deviceId : '';
}

/** The CSTA request that asks for a contract request (GetAgentState is never guessed: it is always remembered). */
function cstaRequestOf(request: RequestType): CstaRequestType {
  switch (request) {
    case 'AgentLogin':
    case 'AgentLogout':
      return 'SetAgentState';
    case 'SingleStepTransfer':
      return 'SingleStepTransferCall';
    default:
      return request;
  }
}

export function createCstaXmlCodec(): WireDialect {
  const asked = new Map<number, Asked>();

  function remember(invokeId: number, entry: Asked): void {
    asked.delete(invokeId);
    asked.set(invokeId, entry);
    if (asked.size > MAX_REMEMBERED) {
      const oldest = asked.keys().next();
      if (oldest.done !== true) asked.delete(oldest.value);
    }
  }

  function take(invokeId: number | null): Asked | null {
    if (invokeId === null) return null;
    const entry = asked.get(invokeId) ?? null;
    asked.delete(invokeId);
    return entry;
  }

  return {
    name: 'csta-xml',
    protocolVersion: CSTA_NAMESPACE,
    decodeRequest(text): DecodedRequest {
      const { invokeId, xml } = splitFrameText(text);
      const fail = (code: 'malformedFrame' | 'unknownRequest', requestType: RequestType | null, message: string, paths: readonly string[]): DecodedRequest => ({
        ok: false,
        error: { code, invokeId, requestType, message, paths },
      });
      if (invokeId === null) return fail('malformedFrame', null, 'Expected 4 ASCII digits of invoke id before the XML', ['(header)']);
      const decoded = decodeMessage(xml);
      if (!decoded.ok) {
        const { error } = decoded;
        return fail(
          error.code === 'unknownMessage' ? 'unknownRequest' : 'malformedFrame',
          null,
          error.message,
          error.issues.map((i) => i.path),
        );
      }
      const mapped = requestOf(invokeId, decoded.message);
      if (!mapped.ok) return fail(mapped.code, mapped.requestType, mapped.message, mapped.paths);
      remember(invokeId, { type: mapped.asked, deviceId: deviceOfRequest(mapped.request) });
      return { ok: true, request: mapped.request };
    },
    encodeResponse(response) {
      const entry = take(response.invokeId) ?? { type: cstaRequestOf(response.request), deviceId: '' };
      return frameText(response.invokeId, responseMessage(entry, response));
    },
    encodeError(frame) {
      const entry = take(frame.invokeId);
      // An error no request can be matched to still goes out, under the unsolicited invoke id.
      return frameText(frame.invokeId ?? EVENT_INVOKE_ID, errorMessage(entry, frame));
    },
    encodeEvent(monitorId, seq, event) {
      return frameText(EVENT_INVOKE_ID, eventMessage(monitorId, seq, event));
    },
    encodeHeartbeat() {
      return frameText(EVENT_INVOKE_ID, { type: 'SystemStatus', body: { systemStatus: 'normal' } });
    },
  };
}
