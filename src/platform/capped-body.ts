/**
 * Reads an HTTP request body up to a size cap. A neutral room: the simulator's control channel and
 * the Pega face both read bodies this way, and neither may import the other (DESIGN.md's walls).
 */
import type { IncomingMessage } from 'node:http';

/**
 * The body as text, or null when it is larger than `maxBytes`: the rest is then discarded, and the
 * answer should close the connection (the body was not read to its end).
 */
export function readCappedText(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise<string | null>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
