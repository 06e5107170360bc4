/**
 * A vendor's wording of the CTI link. The server speaks the contract's request/response/error
 * frames and the model's events; a dialect's codec turns them into and out of text. What else a
 * dialect brings — its transport, its framing on a byte stream, its session rules and how the fault
 * layer reads its frames — is the `Dialect` bundle (simulator/dialects/dialect.ts); the model and
 * the server stay as they are.
 */
import type { ErrorFrame, RequestFrame, RequestType, ResponseFrame } from '../../src/contract/cti-wire/frames.ts';
import type { WireModelEvent } from '../model/types.ts';

/** The dialects `--dialect` names. json: the contract's own frames over WebSocket (the default). */
export const DIALECT_NAMES = ['json', 'ami', 'csta-xml'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export interface RequestDecodeError {
  /** malformedFrame: unreadable or not matching its schema; unknownRequest: a request type the server does not know. */
  readonly code: 'malformedFrame' | 'unknownRequest';
  /** The invoke id, when one could be read, so the error answers the right request. */
  readonly invokeId: number | null;
  readonly requestType: RequestType | null;
  /** Names the field path and what was expected; never echoes a password. */
  readonly message: string;
  /** The field paths at fault, for logs (values are never logged). */
  readonly paths: readonly string[];
}

export type DecodedRequest = { readonly ok: true; readonly request: RequestFrame } | { readonly ok: false; readonly error: RequestDecodeError };

/** The codec of a dialect whose requests map one to one onto the contract's request frames. */
export interface WireDialect {
  readonly name: string;
  /** What StartApplicationSession must ask for. */
  readonly protocolVersion: string;
  decodeRequest(text: string): DecodedRequest;
  encodeResponse(response: ResponseFrame): string;
  encodeError(error: ErrorFrame): string;
  /** Maps the model event to this dialect's event and frames it for one monitor. */
  encodeEvent(monitorId: string, seq: number, event: WireModelEvent): string;
  encodeHeartbeat(): string;
}
