/**
 * Framing on a TCP byte stream: a dialect that runs over TCP (AMI's blank-line terminated packets,
 * CSTA XML's length-prefixed messages) cuts the stream into frames with a deframer. The deframer is
 * the only place bytes become frames, so its caps are the transport's: a frame or a line past them
 * is refused with a message the peer can read, never buffered without bound.
 */

/** What one peer's stream may hold before a frame is complete. */
export interface StreamLimits {
  /** The largest frame (AMI: one packet; CSTA XML: one message body), in bytes. */
  readonly maxFrameBytes: number;
  /** The longest line, in bytes (line-based dialects; others ignore it). */
  readonly maxLineBytes: number;
}

export type Deframed =
  /** One whole frame, as text (without the transport's own framing bytes). */
  | { readonly kind: 'frame'; readonly text: string }
  /**
   * Bytes that are no frame. `fatal`: the stream cannot be resynchronised (the peer is told, then
   * disconnected); otherwise the deframer skipped them and the session goes on.
   */
  | { readonly kind: 'refused'; readonly message: string; readonly fatal: boolean };

/** One per connection: holds the partial frame between chunks. */
export interface Deframer {
  push(chunk: Buffer): readonly Deframed[];
  /** Bytes held for an incomplete frame (bounded by the limits). */
  readonly buffered: number;
}
