/**
 * Checks the untrusted settings the harness hands the adapter against AdapterSettingsSchema and
 * resolves defaults. On refusal every bad field is named with what was expected; a password is
 * never echoed back, even when it is the wrong type.
 */
import { KindGuard, type TSchema } from '@sinclair/typebox';
import { AdapterSettingsSchema, type AdapterSettings } from '../../contract/pega/face.ts';
import { compile, type Issue } from '../../contract/validation.ts';
import { AdapterConfigError } from '../errors.ts';

export const DEFAULT_APPLICATION_ID = 'switchboard-reference-adapter';
/** Reconnect backoff defaults (decision 0014). */
export const DEFAULT_RECONNECT_MIN_MS = 500;
export const DEFAULT_RECONNECT_MAX_MS = 30_000;

export interface ReferenceSettings extends AdapterSettings {
  readonly applicationId: string;
  /** The reconnect backoff, defaults resolved: minMs <= maxMs. */
  readonly reconnect: { readonly minMs: number; readonly maxMs: number };
}

const ROOT = 'settings';
/** Leaves whose value must never appear in a message or a log line. */
const SECRET_LEAVES = new Set(['password']);
// Compiled once, not per adapter created (bench/README.md: compiling it per call was ~4 % of a property run).
const checkSettings = compile(AdapterSettingsSchema, ROOT);

export function parseSettings(raw: unknown): ReferenceSettings {
  const checked = checkSettings(raw);
  if (checked.ok) {
    const reconnect = reconnectBackoff(checked.value.timeouts);
    if (!reconnect.ok) throw new AdapterConfigError([reconnect.issue]);
    return { ...checked.value, applicationId: checked.value.applicationId ?? DEFAULT_APPLICATION_ID, reconnect: reconnect.value };
  }
  const issues: Issue[] = [];
  walk(AdapterSettingsSchema, raw, ROOT, issues);
  // The walk covers every field the schema has; the schema's own issues are a fallback only.
  const fallback = checked.issues.map((i) => (isSecret(i.path) ? { path: i.path, message: 'Expected a valid value (not shown)' } : i));
  throw new AdapterConfigError(issues.length > 0 ? issues : fallback);
}

type Backoff = ReferenceSettings['reconnect'];

/** One bound given alone moves the other default out of its way; both given must be in order. */
function reconnectBackoff(timeouts: AdapterSettings['timeouts']): { ok: true; value: Backoff } | { ok: false; issue: Issue } {
  const { reconnectMinMs: min, reconnectMaxMs: max } = timeouts;
  if (min !== undefined && max !== undefined && max < min) {
    return {
      ok: false,
      issue: { path: `${ROOT}.timeouts.reconnectMaxMs`, message: `Expected at least settings.timeouts.reconnectMinMs (${min}), got ${max}` },
    };
  }
  const minMs = min ?? Math.min(DEFAULT_RECONNECT_MIN_MS, max ?? DEFAULT_RECONNECT_MIN_MS);
  const maxMs = max ?? Math.max(DEFAULT_RECONNECT_MAX_MS, minMs);
  return { ok: true, value: { minMs, maxMs } };
}

/** The settings as they may be logged: everything except the credentials' password. */
export function loggableSettings(settings: ReferenceSettings): object {
  return { ...settings, credentials: { user: settings.credentials.user, password: '[redacted]' } };
}

// Walks the schema field by field rather than reading TypeBox's error list, which stops after a few
// issues and reports unions as an opaque "Expected union value".
function walk(schema: TSchema, value: unknown, path: string, issues: Issue[]): void {
  if (KindGuard.IsObject(schema)) {
    const keys = Object.keys(schema.properties);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path, message: `Expected an object with ${keys.join(', ')}, got ${describe(value, false)}` });
      return;
    }
    const record: Readonly<Record<string, unknown>> = Object.fromEntries(Object.entries(value));
    for (const key of Object.keys(record)) {
      if (!keys.includes(key)) issues.push({ path: `${path}.${key}`, message: `Unexpected property: expected only ${keys.join(', ')}` });
    }
    const required = schema.required ?? [];
    for (const [key, child] of Object.entries(schema.properties)) {
      if (record[key] === undefined && !required.includes(key)) continue;
      walk(child, record[key], `${path}.${key}`, issues);
    }
    return;
  }
  if (compile(schema)(value).ok) return;
  issues.push({ path, message: `Expected ${expectation(schema)}, got ${describe(value, isSecret(path))}` });
}

function isSecret(path: string): boolean {
  return SECRET_LEAVES.has(path.slice(path.lastIndexOf('.') + 1));
}

function expectation(schema: TSchema): string {
  if (KindGuard.IsUnion(schema) && schema.anyOf.every((s) => KindGuard.IsLiteral(s))) {
    return `one of ${schema.anyOf.map((s) => String(s['const'])).join(', ')}`;
  }
  const type: unknown = schema['type'];
  const what = typeof type === 'string' ? `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}` : 'a value';
  return typeof schema.description === 'string' ? `${what} (${schema.description})` : `${what}${lengthBounds(schema)}`;
}

function lengthBounds(schema: TSchema): string {
  const min: unknown = schema['minLength'];
  const max: unknown = schema['maxLength'];
  if (typeof min === 'number' && typeof max === 'number') return ` of ${min} to ${max} characters`;
  if (typeof min === 'number') return ` of at least ${min} characters`;
  if (typeof max === 'number') return ` of at most ${max} characters`;
  return '';
}

function describe(value: unknown, secret: boolean): string {
  if (value === undefined) return 'nothing';
  if (secret) return value === null ? 'null' : `a ${typeof value} (not shown)`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
