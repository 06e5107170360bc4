/**
 * Output held back while something else prints: the property run, exploring beside the scenarios,
 * shows its progress once their dots are done (decision 0080).
 */
import { Writable } from 'node:stream';

/** Holds what is written until release(), then passes everything on in order. */
export class HeldOutput extends Writable {
  readonly #target: NodeJS.WritableStream;
  #held: Buffer[] | undefined = [];

  constructor(target: NodeJS.WritableStream) {
    super();
    this.#target = target;
  }

  // Strings arrive as Buffers (the stream's default decodeStrings).
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.#held === undefined) this.#target.write(chunk);
    else this.#held.push(chunk);
    done();
  }

  release(): void {
    for (const chunk of this.#held ?? []) this.#target.write(chunk);
    this.#held = undefined;
  }
}
