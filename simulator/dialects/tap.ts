/**
 * Every frame of every session of a dialect, both ways, as the session's text: the wire as the
 * simulator lives it. Only the simulator sees every adapter's traffic (an adapter may be a process
 * or a container in any language), so this is where a wire log listens (decision 0140).
 *
 * What is heard is what the session sends and receives: between the session and the fault layer,
 * so a frame a fault rule damages, delays or drops is heard as the session knew it. Bytes the
 * transport refused before they became a frame (a binary WebSocket message, a deframer error) are
 * not heard; the error frame the session answers them with is. A TCP dialect's greeting (AMI's
 * banner line) is the transport's, not the session's, and is not heard either.
 */
import type { Dialect } from './dialect.ts';

export type TapDirection = 'to-switch' | 'to-adapter';

export interface TappedFrame {
  /** Which session, counted from 1 in the order the tapped dialect opened them. */
  readonly link: number;
  readonly direction: TapDirection;
  /** The frame's text as the session reads or writes it (for CSTA XML: the invoke id digits, then the XML). */
  readonly text: string;
}

/**
 * The same dialect; every frame its sessions send or receive is also given to `heard`, before the
 * session acts on it. A listener that throws is logged and changes nothing for the session.
 */
export function tapDialect(dialect: Dialect, listener: (frame: TappedFrame) => void): Dialect {
  let links = 0;
  return {
    ...dialect,
    openSession(ctx, send, logger, hangUp) {
      const link = ++links;
      const heard = (frame: TappedFrame): void => {
        try {
          listener(frame);
        } catch (error) {
          logger.error({ err: error, link, direction: frame.direction }, 'the wire tap listener failed; the frame goes on');
        }
      };
      const session = dialect.openSession(
        ctx,
        (text) => {
          heard({ link, direction: 'to-adapter', text });
          send(text);
        },
        logger,
        hangUp,
      );
      // Not a spread: `started` is a getter, read live.
      return {
        receive(text) {
          heard({ link, direction: 'to-switch', text });
          session.receive(text);
        },
        refuseFrame: (message) => session.refuseFrame(message),
        close: () => session.close(),
        get started() {
          return session.started;
        },
        ...(session.watches === undefined ? {} : { watches: (deviceId: string) => session.watches?.(deviceId) ?? false }),
      };
    },
  };
}
