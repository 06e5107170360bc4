/**
 * The wire log of a certification (`certify --wire-log`): every CTI frame of every scenario, both
 * ways, one JSON line each, streamed to `wire.jsonl` in the report folder as the simulator hears
 * it crossing the socket (simulator/wire-tap.ts). Credentials are censored before a line is written
 * (wire-scrub.ts); the file stops at a cap with a line saying so (decision 0140).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename } from 'node:path';
import type { DialectName, TapDirection, TappedFrame } from '../../simulator/index.ts';
import { scrubFrame } from './wire-scrub.ts';

/** The wire log's name in the report folder. */
export const WIRE_LOG = 'wire.jsonl';

/** The default cap: a full json run writes a few MB; far past that, the log would outgrow what anyone reads. */
export const DEFAULT_WIRE_LOG_MAX_BYTES = 50 * 1024 * 1024;

/** One line of the wire log. */
export interface WireLine {
  readonly scenario: string;
  /** Which CTI connection of the scenario's switch: `L<n>` is its n-th (its log's `K<n>`). */
  readonly link: string;
  readonly direction: TapDirection;
  /** Milliseconds since the scenario began, on the clock of its trace. */
  readonly at: number;
  /** The frame's text as the simulator's session read or wrote it, credentials censored. */
  readonly frame: string;
}

/** The last line of a log that reached its cap. */
export interface WireCut {
  readonly cut: string;
}

/** What a closed wire log holds. */
export interface WireLogSummary {
  readonly file: string;
  readonly frames: number;
  readonly bytes: number;
  /** True when the cap stopped it: the frames after that are not in it. */
  readonly cut: boolean;
}

export class WireLog {
  readonly #stream: WriteStream;
  readonly #file: string;
  readonly #dialect: DialectName;
  readonly #maxBytes: number;
  readonly #finished: Promise<void>;
  #frames = 0;
  #bytes = 0;
  #cut = false;
  #failure: Error | null = null;

  private constructor(path: string, dialect: DialectName, maxBytes: number) {
    this.#file = basename(path);
    this.#dialect = dialect;
    this.#maxBytes = maxBytes;
    this.#stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    this.#finished = new Promise((resolve) => {
      this.#stream.once('close', () => resolve());
      // A disk that fails ends the log; close() reports it, the run is not torn down mid-scenario.
      this.#stream.once('error', (error) => {
        this.#failure = error;
        resolve();
      });
    });
  }

  /** Opens (truncates) the log at `path` for a run of `dialect`. */
  static open(path: string, dialect: DialectName, maxBytes = DEFAULT_WIRE_LOG_MAX_BYTES): WireLog {
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`wire log cap: expected a whole number of bytes from 1, got ${maxBytes}`);
    return new WireLog(path, dialect, maxBytes);
  }

  /** Where one scenario's frames go: its name, and its clock (milliseconds since it began). */
  scenario(name: string, elapsed: () => number): (frame: TappedFrame) => void {
    return (frame) =>
      this.#write({ scenario: name, link: `L${frame.link}`, direction: frame.direction, at: elapsed(), frame: scrubFrame(this.#dialect, frame.text) });
  }

  #write(line: WireLine): void {
    if (this.#cut || this.#failure !== null) return;
    const text = `${JSON.stringify(line)}\n`;
    const bytes = Buffer.byteLength(text);
    if (this.#bytes + bytes > this.#maxBytes) {
      this.#cut = true;
      const cut: WireCut = { cut: `the wire log reached its cap of ${this.#maxBytes} bytes after ${this.#frames} frames: later frames are not in it` };
      this.#stream.write(`${JSON.stringify(cut)}\n`);
      return;
    }
    this.#frames += 1;
    this.#bytes += bytes;
    // The cap bounds what the stream can hold in memory however slow the disk: no wait needed here.
    this.#stream.write(text);
  }

  /** Ends the file once everything is written; rejects if it could not be. */
  async close(): Promise<WireLogSummary> {
    if (!this.#stream.closed && !this.#stream.writableEnded) this.#stream.end();
    await this.#finished;
    if (this.#failure !== null) throw new Error(`the wire log ${this.#stream.path.toString()} could not be written: ${this.#failure.message}`);
    return { file: this.#file, frames: this.#frames, bytes: this.#bytes, cut: this.#cut };
  }
}
