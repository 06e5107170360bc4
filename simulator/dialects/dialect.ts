/**
 * A dialect of the CTI link, whole: how frames travel (WebSocket text frames, or a TCP byte stream
 * with the dialect's own framing), the session rules that turn its frames into model requests and
 * model events into its frames, and how the fault layer reads its frames. Every dialect runs over
 * the same model, scripts, control API and fault engine; adding one touches none of them.
 */
import type { Logger } from 'pino';
import type { WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import type { FaultFrames } from '../faults/frames.ts';
import type { DialectName } from '../protocol/dialect.ts';
import type { Session, SessionContext } from '../sessions/session.ts';
import type { Deframer, StreamLimits } from '../transport/stream-framing.ts';

export type DialectTransport =
  /** One frame per WebSocket text message (the URL is ws:// or wss://). */
  | { readonly kind: 'websocket' }
  /** A TCP byte stream (the URL is `<scheme>://host:port`), cut into frames by the dialect's deframer. */
  | {
      readonly kind: 'tcp';
      readonly scheme: string;
      /** What the server writes as soon as a peer connects (AMI's banner line), or null. */
      greeting(): string | null;
      deframer(limits: StreamLimits): Deframer;
      /** The bytes that carry one frame's text, when the dialect frames them itself (CSTA XML's binary header); absent: the text as UTF-8. */
      encode?(frame: string): Uint8Array;
    };

export interface Dialect {
  readonly name: DialectName;
  readonly transport: DialectTransport;
  /** How the fault layer reads and damages this dialect's frames (faults apply per dialect frame). */
  readonly faultFrames: FaultFrames;
  /**
   * The session rules of one connection; frames out go through `send`, one dialect frame per call.
   * `hangUp` closes the connection once what was sent is written (AMI's Logoff).
   */
  openSession(ctx: SessionContext, send: (text: string) => void, logger: Logger, hangUp: () => void): Session;
  /** The frame refusing a request on behalf of a fault rule (invokeId as the fault layer read it). */
  refusal(invokeId: number, request: string | null, code: WireErrorCode, message: string): string;
}
