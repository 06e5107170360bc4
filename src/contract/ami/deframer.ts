/**
 * Cuts an AMI byte stream into packets: lines end in LF (CRLF as Asterisk writes them), a blank
 * line ends a packet. Bounded: a line longer than maxLineBytes or a packet larger than
 * maxFrameBytes is refused and the connection cannot be trusted to resynchronise, so the refusal
 * is fatal (the peer reads why, then is disconnected); nothing past the caps is buffered.
 */
import type { Deframed, Deframer, StreamLimits } from '../stream-framing.ts';

export function createAmiDeframer(limits: StreamLimits): Deframer {
  /** The unfinished line's bytes. */
  let line: Buffer[] = [];
  let lineBytes = 0;
  /** The packet's finished lines. */
  let lines: string[] = [];
  let packetBytes = 0;
  let broken = false;

  /** A refusal that ends the stream: what was held of the broken packet goes (the connection is cut after). */
  function refuse(message: string): Deframed[] {
    broken = true;
    line = [];
    lines = [];
    lineBytes = 0;
    packetBytes = 0;
    return [{ kind: 'refused', message, fatal: true }];
  }

  function endLine(out: Deframed[]): void {
    const text = Buffer.concat(line).toString('utf8').replace(/\r$/, '');
    line = [];
    lineBytes = 0;
    if (text.length === 0) {
      // A blank line ends the packet; blank lines between packets are nothing.
      if (lines.length > 0) out.push({ kind: 'frame', text: lines.join('\r\n') });
      lines = [];
      packetBytes = 0;
      return;
    }
    lines.push(text);
  }

  return {
    push(chunk) {
      const out: Deframed[] = [];
      if (broken) return out;
      let start = 0;
      while (start < chunk.length) {
        const lf = chunk.indexOf(0x0a, start);
        const end = lf === -1 ? chunk.length : lf;
        const piece = chunk.subarray(start, end);
        lineBytes += piece.length;
        packetBytes += piece.length + (lf === -1 ? 0 : 1);
        if (lineBytes > limits.maxLineBytes)
          return [...out, ...refuse(`a line longer than ${limits.maxLineBytes} bytes: AMI lines end in CRLF and are at most ${limits.maxLineBytes} bytes`)];
        if (packetBytes > limits.maxFrameBytes)
          return [...out, ...refuse(`a packet larger than ${limits.maxFrameBytes} bytes without the blank line that ends it`)];
        line.push(Buffer.from(piece));
        if (lf === -1) break;
        endLine(out);
        start = lf + 1;
      }
      return out;
    },
    get buffered() {
      return packetBytes;
    },
  };
}
