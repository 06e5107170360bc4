/**
 * How every server of the lab logs hostile traffic: secrets redacted by path, long fields cut,
 * and a warning repeated by a flood of bad input logged a few times per window, then counted.
 * A neutral room: the simulator and the face servers both log this way.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

/** The longest string a log field keeps (a DN, a CallID, a reason); longer ones are cut and marked. */
export const MAX_LOG_FIELD_CHARS = 256;

/** Fields that never reach a log: passwords, tokens, authorization headers, raw request bytes. */
export const REDACTED_PATHS: readonly string[] = [
  'password',
  '*.password',
  '*.*.password',
  'AgentPassword',
  '*.AgentPassword',
  '*.*.AgentPassword',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-session-secret"]',
  'rawPacket',
  '*.rawPacket',
];

function cut(value: unknown): unknown {
  if (typeof value === 'string') return value.length <= MAX_LOG_FIELD_CHARS ? value : `${value.slice(0, MAX_LOG_FIELD_CHARS)}... (${value.length} characters)`;
  if (Array.isArray(value) && value.length > 32) return `[${value.length} items]`;
  return value;
}

/** pino options: redaction, and every top-level and second-level string field cut to MAX_LOG_FIELD_CHARS. */
export function logOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: '***' },
    formatters: {
      log(object) {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(object)) {
          if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error)) {
            out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cut(v)]));
          } else out[key] = cut(value);
        }
        return out;
      },
    },
  };
}

/**
 * The lab's log file (pino JSON, redacted and cut as logOptions says), or a silent logger when no
 * file was asked for. Synchronous unless told otherwise (a run that stops keeps its last lines).
 */
export function fileLogger(file: string | undefined, level: string, how: { readonly sync?: boolean; readonly mkdir?: boolean } = {}): Logger {
  if (file === undefined) return pino({ level: 'silent' });
  return pino(logOptions(level), pino.destination({ dest: file, sync: how.sync ?? true, ...(how.mkdir === true ? { mkdir: true } : {}) }));
}

/** A serving command's log: pretty on a terminal, pino JSON lines otherwise; redacted and cut either way. */
export function consoleLogger(out: NodeJS.WritableStream & { readonly isTTY?: boolean }, level = 'info'): Logger {
  return out.isTTY === true ? pino(logOptions(level), pino.transport({ target: 'pino-pretty', options: { colorize: true } })) : pino(logOptions(level), out);
}

export interface WarnLimiter {
  /** Logs at warn, at most `burst` lines per `key` per window; the rest are counted and reported once the window ends. */
  warn(logger: Logger, key: string, fields: Readonly<Record<string, unknown>>, message: string): void;
  /** The same at info: for lines a flood of hostile requests would repeat (refusals). */
  info(logger: Logger, key: string, fields: Readonly<Record<string, unknown>>, message: string): void;
  /** Reports what is still counted and stops the timers. */
  close(): void;
}

interface Window {
  logged: number;
  suppressed: number;
  readonly logger: Logger;
  readonly timer: NodeJS.Timeout;
}

export function createWarnLimiter(options: { readonly burst?: number; readonly windowMs?: number } = {}): WarnLimiter {
  const burst = options.burst ?? 5;
  const windowMs = options.windowMs ?? 10_000;
  const windows = new Map<string, Window>();

  function report(key: string): void {
    const window = windows.get(key);
    if (window === undefined) return;
    windows.delete(key);
    clearTimeout(window.timer);
    if (window.suppressed > 0)
      window.logger.warn({ suppressed: window.suppressed, windowMs }, `${key}: ${window.suppressed} more like this in ${windowMs} ms (not logged one by one)`);
  }

  function log(level: 'warn' | 'info', logger: Logger, key: string, fields: Readonly<Record<string, unknown>>, message: string): void {
    let window = windows.get(key);
    if (window === undefined) {
      const timer = setTimeout(() => report(key), windowMs);
      timer.unref();
      window = { logged: 0, suppressed: 0, logger, timer };
      windows.set(key, window);
    }
    if (window.logged < burst) {
      window.logged++;
      logger[level](fields, message);
    } else window.suppressed++;
  }

  return {
    warn: (logger, key, fields, message) => log('warn', logger, key, fields, message),
    info: (logger, key, fields, message) => log('info', logger, key, fields, message),
    close() {
      for (const key of [...windows.keys()]) report(key);
    },
  };
}
