/**
 * One way to check untrusted values against a TypeBox schema at every boundary
 * (frames, scripts, settings, HTTP bodies) and say *where* and *what* was wrong.
 */
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { clip, preview } from './bounded-json.ts';

export interface Issue {
  /** Dotted path inside the checked value, e.g. `timeline[2].from`; `(root)` for the value itself. */
  readonly path: string;
  readonly message: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

export type Check<T> = (value: unknown) => Checked<T>;

const MAX_ISSUES = 5;

/** `/timeline/2/from` → `timeline[2].from` */
export function pointerToPath(pointer: string, prefix = ''): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = prefix;
  for (const part of parts) {
    out += /^\d+$/.test(part) ? `[${part}]` : out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/** What was found, in at most 60 characters (iterative: a deeply nested value cannot overflow the stack). */
function describe(value: unknown): string {
  return preview(value, 60);
}

export function compile<T extends TSchema>(schema: T, prefix = ''): Check<Static<T>> {
  const compiled = TypeCompiler.Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return { ok: true, value };
    const issues: Issue[] = [];
    for (const error of compiled.Errors(value)) {
      const expected = error.schema.description ? ` (${error.schema.description})` : '';
      issues.push({ path: pointerToPath(error.path, prefix), message: `${error.message}${expected}, got ${describe(error.value)}` });
      if (issues.length >= MAX_ISSUES) break;
    }
    return { ok: false, issues };
  };
}

/**
 * Checks a discriminated union by its tag first, so an unknown tag is reported as
 * "expected one of …" instead of TypeBox's opaque "Expected union value".
 */
export function compileTagged<K extends string, M extends Record<string, TSchema>>(key: K, variants: M, prefix = ''): Check<Static<M[keyof M]>> {
  const checks = new Map<string, Check<unknown>>();
  for (const [tag, schema] of Object.entries(variants)) checks.set(tag, compile(schema, prefix));
  const known = [...checks.keys()].join(', ');
  const keyPath = prefix === '' ? key : `${prefix}.${key}`;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, issues: [{ path: prefix === '' ? '(root)' : prefix, message: `Expected an object, got ${describe(value)}` }] };
    }
    const tag = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    const check = typeof tag === 'string' ? checks.get(tag) : undefined;
    if (check === undefined) {
      return { ok: false, issues: [{ path: keyPath, message: `Expected one of ${known}, got ${describe(tag)}` }] };
    }
    return check(value);
  };
}

/** The longest text formatIssues returns: an error naming five issues, never one listing a huge value. */
export const MAX_ISSUES_TEXT = 2000;

export function formatIssues(issues: readonly Issue[]): string {
  return clip(issues.map((i) => `${clip(i.path, 200)}: ${i.message}`).join('; '), MAX_ISSUES_TEXT);
}
