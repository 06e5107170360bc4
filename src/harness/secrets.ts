/**
 * Secrets the lab handed the adapter (the CTI link password, agents' passwords), and everything the
 * adapter could leak them through: what it logs — read through the logger the lab gives it, before
 * any redaction of the lab's own — its answers and its events.
 */
import type { AdapterLogger } from '../contract/index.ts';
import type { TraceEntry } from './trace.ts';

/** Shorter values would match by chance (a digit string in a call id); the lab's secrets are longer. */
const MIN_SECRET_LENGTH = 6;

export class SecretWatch {
  readonly #secrets = new Set<string>();
  /** Every line the adapter logged, as JSON of its fields and message. */
  readonly #logged: string[] = [];

  /** `value` was handed to the adapter as a credential. */
  note(value: string | undefined): void {
    if (value !== undefined && value.length >= MIN_SECRET_LENGTH) this.#secrets.add(value);
  }

  /** The logger to give the adapter: every line is kept for the scan, then passed on to `inner`. */
  logger(inner: AdapterLogger): AdapterLogger {
    const keeping =
      (level: 'debug' | 'info' | 'warn' | 'error'): AdapterLogger[typeof level] =>
      (obj, msg) => {
        this.#logged.push(JSON.stringify({ ...obj, msg }));
        inner[level](obj, msg);
      };
    return { debug: keeping('debug'), info: keeping('info'), warn: keeping('warn'), error: keeping('error') };
  }

  /** Where a secret showed, in words (never the secret itself): its logs, its answers or its events. */
  leaks(entries: readonly TraceEntry[]): string[] {
    const found: string[] = [];
    const scan = (where: string, text: string): void => {
      for (const secret of this.#secrets) if (text.includes(secret)) found.push(`${where} carries a credential the lab gave it (${secret.length} characters)`);
    };
    this.#logged.forEach((line, index) => scan(`the adapter's log line #${index + 1}`, line));
    for (const entry of entries) {
      if (entry.kind === 'outcome') scan(`the answer to ${entry.activity} on ${entry.desktop}`, JSON.stringify(entry.result));
      if (entry.kind === 'delivered') scan(`an event for ${entry.DN} on ${entry.desktop}`, JSON.stringify(entry.event));
    }
    return found;
  }
}
