/** Values of a TypeBox schema for fast-check: the subset the CSTA messages and the wire's requests use. */
import fc from 'fast-check';
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';

/** Characters XML 1.0 can carry (no C0 controls but tab and line feed). */
const xmlText = (maxLength: number, minLength = 0) =>
  fc
    .string({
      unit: fc.oneof(
        fc.constantFrom(' ', '\t', '\n', '\r', '&', '<', '>', '"', "'"),
        fc.string({ minLength: 1, maxLength: 1 }),
        fc.constantFrom('é', '電', '😀'),
      ),
      minLength,
      maxLength,
    })
    .filter((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s));

export function arbitraryOf(schema: TSchema): fc.Arbitrary<unknown> {
  switch (schema[Kind]) {
    case 'Literal':
      return fc.constant(schema['const']);
    case 'Union':
      return fc.oneof(...(schema['anyOf'] as TSchema[]).map(arbitraryOf));
    case 'String': {
      const pattern = schema['pattern'] as string | undefined;
      if (pattern === undefined)
        return xmlText(Math.min(40, (schema['maxLength'] as number | undefined) ?? 40), (schema['minLength'] as number | undefined) ?? 0);
      if (pattern === '^[\\s\\S]{1,256}$' || pattern === '^[\\s\\S]{1,128}$') return xmlText(40, 1);
      return fc.stringMatching(new RegExp(pattern)).filter((s) => s.length <= 64);
    }
    case 'Integer':
      return fc.integer({ min: (schema['minimum'] as number | undefined) ?? 0, max: (schema['maximum'] as number | undefined) ?? 1000 });
    case 'Record': {
      const [pattern, valueSchema] = Object.entries(schema['patternProperties'] as Record<string, TSchema>)[0] ?? ['^.*$', schema];
      return fc
        .dictionary(
          fc.stringMatching(new RegExp(pattern)).filter((k) => k.length <= 64 && k !== '__proto__'),
          arbitraryOf(valueSchema),
          { maxKeys: 3 },
        )
        .map((d) => ({ ...d }));
    }
    case 'Array':
      return fc.array(arbitraryOf(schema['items'] as TSchema), { minLength: 1, maxLength: 3 });
    case 'Object': {
      const properties = schema['properties'] as Record<string, TSchema>;
      const required = Object.keys(properties).filter((k) => properties[k]?.[OptionalKind] !== 'Optional');
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(properties)) record[key] = arbitraryOf(child);
      return fc.record(record, { requiredKeys: required }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
    }
    default:
      throw new Error(`no arbitrary for schema kind ${schema[Kind]}`);
  }
}
