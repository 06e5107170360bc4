/**
 * Every frame of every CTI connection, both ways, as it crosses the socket: the wire as the adapter
 * lives it. Only the simulator sees every adapter's traffic (an adapter may be a process or a
 * container in any language), so this is where a wire log listens (decision 0140).
 *
 * The servers tap on the socket's side of the fault layer: what the adapter sent, before a fault
 * rule refuses or drops it, and what the adapter was sent, after faults duplicated, damaged or
 * held it back (a frame a rule drops is not heard). A frame's text is the dialect's (CSTA XML: the
 * invoke id digits, then the XML; the 8-byte header is the transport's). Bytes the transport refused
 * before they became a frame (a binary WebSocket message, a deframer error) are not heard; the
 * error frame the session answers them with is.
 */
import type { Logger } from 'pino';

export type TapDirection = 'to-switch' | 'to-adapter';

export interface TappedFrame {
  /** Which connection: the number the server gave it (its log's `K<n>`). */
  readonly link: number;
  readonly direction: TapDirection;
  readonly text: string;
}

export type WireTap = (frame: TappedFrame) => void;

/** One connection's tap, or undefined without one; a listener that throws is logged and changes nothing for the connection. */
export function connectionTap(tap: WireTap | undefined, link: number, logger: Logger): ((direction: TapDirection, text: string) => void) | undefined {
  if (tap === undefined) return undefined;
  return (direction, text) => {
    try {
      tap({ link, direction, text });
    } catch (error) {
      logger.error({ err: error, direction }, 'the wire tap listener failed; the frame goes on');
    }
  };
}
