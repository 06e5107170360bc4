/**
 * JSON text whose key order does not depend on how the value was built: object keys follow the
 * schema's property order, and keys the schema does not list (records) come sorted.
 */
import { KindGuard, type TSchema } from '@sinclair/typebox';

function ordered(schema: TSchema | undefined, value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = schema !== undefined && KindGuard.IsArray(schema) ? schema.items : undefined;
    return value.map((item) => ordered(items, item));
  }
  if (typeof value !== 'object' || value === null) return value;
  const properties = schema !== undefined && KindGuard.IsObject(schema) ? schema.properties : {};
  const listed = Object.keys(properties);
  const rest = Object.keys(value)
    .filter((key) => !listed.includes(key))
    .sort();
  const out: Record<string, unknown> = {};
  for (const key of [...listed, ...rest]) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor !== undefined) out[key] = ordered(properties[key], descriptor.value);
  }
  return out;
}

/** Pretty JSON (two-space indent, trailing newline) in the schema's key order. */
export function stableJson(schema: TSchema, value: unknown): string {
  return `${JSON.stringify(ordered(schema, value), null, 2)}\n`;
}
