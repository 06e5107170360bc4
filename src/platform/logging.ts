/**
 * How every server of the lab logs hostile traffic: secrets redacted by path, long fields cut,
 * and a warning repeated by a flood of bad input logged a few times per window, then counted.
 * A neutral room: the simulator and the face servers both log this way.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';

/** The longest string a log field keeps (a DN, a CallID, a reason); longer ones are cut and marked. */
export const MAX_LOG_FIELD_CHARS = 256;

/**
 * Keys whose values never reach a log: passwords, tokens, authorization headers, raw request bytes.
 * Censored wherever they appear among a line's fields, their fields and one level below that
 * (`password`, `*.password`, `*.*.password`: e.g. `settings.credentials.password`, `req.headers.authorization`).
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['password', 'AgentPassword', 'token', 'authorization', 'x-session-secret', 'rawPacket']);

/** What a secret's value becomes. */
export const CENSOR = '***';

/** The deepest level of keys checked for secrets: 0 is a line's own fields. */
const SECRET_LEVELS = 2;
/** The deepest level whose strings and arrays are cut: a line's fields and their fields. */
const CUT_LEVELS = 1;
const MAX_LOG_ARRAY_ITEMS = 32;

function cut(value: unknown): unknown {
  if (typeof value === 'string') return value.length <= MAX_LOG_FIELD_CHARS ? value : `${value.slice(0, MAX_LOG_FIELD_CHARS)}... (${value.length} characters)`;
  if (Array.isArray(value) && value.length > MAX_LOG_ARRAY_ITEMS) return `[${value.length} items]`;
  return value;
}

/**
 * `value`, held by a key at `level` (0: a line's own fields), as it may be logged: secrets censored,
 * long strings and arrays cut (not inside an Error: a stack stays whole). Copies only what changes
 * and returns `value` itself when nothing does, so the usual line (a few short fields) costs one
 * walk and no allocation. One pass for both jobs: pino's own `redact`, with wildcard paths, cloned
 * every line and was half of logging's cost (bench/README.md, P6).
 */
function scrubbed(value: unknown, level: number, cutting: boolean): unknown {
  const shown = cutting && level <= CUT_LEVELS ? cut(value) : value;
  if (typeof shown !== 'object' || shown === null || level >= SECRET_LEVELS) return shown;
  if (!(shown instanceof Error)) return scrubbedFields(shown, level + 1, cutting);
  // pino serializes errors after this formatter (message, stack, cause, own fields): scrubbed as
  // pino will write it, a secret is censored in that copy; the error itself goes on when it holds none.
  const serialized = pino.stdSerializers.err(shown);
  const clean = scrubbedFields(serialized, level + 1, false);
  return clean === serialized ? shown : clean;
}

/** The object (or array) whose keys are at `level`, each field scrubbed; the object itself when none changes. */
function scrubbedFields<T extends object>(object: T, level: number, cutting: boolean): T {
  let copy: Record<string, unknown> | unknown[] | undefined;
  const fields = object as Record<string, unknown>;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    const next = SECRET_KEYS.has(key) ? CENSOR : scrubbed(value, level, cutting);
    if (next === value) continue;
    copy ??= Array.isArray(object) ? [...(object as unknown[])] : { ...fields };
    (copy as Record<string, unknown>)[key] = next;
  }
  return (copy ?? object) as T;
}

/**
 * pino options: secrets censored (SECRET_KEYS), and every top-level and second-level string or
 * array field cut. A child logger's bindings bypass the log formatter (pino applies the bindings
 * formatter to the root's only): their secret keys are censored by serializers, which pino runs
 * on bindings too. The lab binds rooms and ids, never objects.
 */
export function logOptions(level: string): LoggerOptions {
  const censor = (): string => CENSOR;
  return {
    level,
    formatters: { log: (object) => scrubbedFields(object, 0, true) },
    serializers: Object.fromEntries([...SECRET_KEYS].map((key) => [key, censor])),
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
