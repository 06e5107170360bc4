/** Captures pino output in memory and reads it back as objects, as pino's own tests do. */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export type LogLine = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is LogLine {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface CapturedLogs {
  readonly logger: Logger;
  /** Raw text, for "never contains" checks. */
  readonly text: string[];
  lines(): LogLine[];
}

export function captureLogs(level = 'debug'): CapturedLogs {
  const text: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    logger: pino({ level }, sink),
    text,
    lines: () =>
      text.map((t) => {
        const value: unknown = JSON.parse(t);
        if (!isRecord(value)) throw new Error(`a log line is not an object: ${t}`);
        return value;
      }),
  };
}

/** A nested field of a log line, or undefined. */
export function field(line: LogLine, ...path: string[]): unknown {
  let value: unknown = line;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}
