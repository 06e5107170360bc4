/**
 * The CSTA XML dialect as W3C XML Schemas, built from the message schemas (messages.ts), so the
 * published documents (docs/dialects/csta-xml/*.xsd) say exactly what both ends check: XSD is how
 * ECMA-323 itself is published, and any validating XML tool can read ours. One document per
 * namespace — CSTA (ECMA-323), application session (ECMA-354), Switchboard's private data — since a
 * schema document describes one target namespace. Element order is the schema's order, as the codec
 * writes it; types are written inline, so each element takes its document's namespace as it does
 * on the wire.
 */
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { CSTA_NAMESPACE, MESSAGE_TYPES, MessageSchemas, namespaceOf, PRIVATE_NAMESPACE, SESSION_NAMESPACE, SHARED_PARTS } from './messages.ts';

/** The documents by file name, and the prefix each namespace is written with when another document refers to it. */
export const XSD_FILES = [
  { file: 'csta.xsd', namespace: CSTA_NAMESPACE, prefix: 'csta' },
  { file: 'session.xsd', namespace: SESSION_NAMESPACE, prefix: 'as' },
  { file: 'private.xsd', namespace: PRIVATE_NAMESPACE, prefix: 'sb' },
] as const;

type Namespace = (typeof XSD_FILES)[number]['namespace'];

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** An XSD pattern is anchored at both ends already; only anchored JavaScript patterns mean the same there. */
function xsdPattern(pattern: string): string {
  if (!pattern.startsWith('^') || !pattern.endsWith('$')) throw new Error(`pattern ${pattern} is not anchored: its XSD twin would not mean the same`);
  return pattern.slice(1, -1);
}

function isOptional(schema: TSchema): boolean {
  return schema[OptionalKind] === 'Optional';
}

/** The global elements one document declares, as lines, and the other namespaces it refers to. */
class SchemaDocument {
  readonly lines: string[] = [];
  readonly imports = new Set<Namespace>();
  /** Named types, by name: the shared parts this document's elements use. */
  readonly types = new Map<string, string[]>();
  constructor(readonly namespace: Namespace) {}
}

interface Occurs {
  readonly min: number;
  readonly max: number | 'unbounded';
}

function occursText({ min, max }: Occurs): string {
  return `${min === 1 ? '' : ` minOccurs="${min}"`}${max === 1 ? '' : ` maxOccurs="${max}"`}`;
}

class XsdBuilder {
  readonly #documents = new Map<Namespace, SchemaDocument>(XSD_FILES.map(({ namespace }) => [namespace, new SchemaDocument(namespace)]));
  /** Elements of another namespace, declared globally in their own document once (by element name). */
  readonly #declared = new Set<string>();
  readonly #sharedNames = new Map<TSchema, string>(Object.entries(SHARED_PARTS).map(([name, schema]) => [schema, name]));

  /** The shared part `schema` is, if any; Type.Optional copies a schema, so a copy with the same fields counts. */
  #sharedName(schema: TSchema): string | undefined {
    const exact = this.#sharedNames.get(schema);
    if (exact !== undefined || !isOptional(schema)) return exact;
    const keys = Object.keys(schema);
    for (const [part, name] of this.#sharedNames) {
      if (part[Kind] === schema[Kind] && Object.keys(part).length === keys.length && keys.every((k) => part[k] === schema[k])) return name;
    }
    return undefined;
  }

  document(namespace: Namespace): SchemaDocument {
    return this.#documents.get(namespace)!;
  }

  /** `name` as a local element of `doc`'s namespace, or a reference when its schema names another namespace. */
  element(doc: SchemaDocument, name: string, schema: TSchema, occurs: Occurs, indent: string): string[] {
    const own = schema['xmlns'] as Namespace | undefined;
    if (own !== undefined && own !== doc.namespace) {
      const target = this.document(own);
      if (!this.#declared.has(`${own} ${name}`)) {
        this.#declared.add(`${own} ${name}`);
        target.lines.push(...this.element(target, name, schema, { min: 1, max: 1 }, '  '));
      }
      doc.imports.add(own);
      return [`${indent}<xs:element ref="${prefixOf(own)}:${name}"${occursText(occurs)}/>`];
    }
    if (schema[Kind] === 'Array') {
      const max = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : 'unbounded';
      // XML cannot tell an empty list from an absent one: a list of none is no element at all.
      return this.element(doc, name, schema['items'] as TSchema, { min: 0, max }, indent);
    }
    const shared = this.#sharedName(schema);
    if (shared !== undefined) {
      if (!doc.types.has(shared)) {
        doc.types.set(shared, []); // set first: a part that holds itself ends here
        doc.types.set(shared, this.type(doc, schema, '  ', shared));
      }
      return [`${indent}<xs:element name="${name}" type="${shared}"${occursText(occurs)}/>`];
    }
    const open = `${indent}<xs:element name="${name}"${occursText(occurs)}>`;
    return [open, ...this.type(doc, schema, `${indent}  `), `${indent}</xs:element>`];
  }

  /** The type of an element whose value `schema` describes: anonymous, or named `name`. */
  type(doc: SchemaDocument, schema: TSchema, indent: string, name?: string): string[] {
    const named = name === undefined ? '' : ` name="${name}"`;
    const variants = objectVariants(schema);
    if (variants.length > 0) {
      const particles =
        variants.length === 1
          ? this.sequence(doc, variants[0]!, `${indent}  `)
          : [`${indent}  <xs:choice>`, ...variants.flatMap((v) => this.sequence(doc, v, `${indent}    `)), `${indent}  </xs:choice>`];
      return [`${indent}<xs:complexType${named}>`, ...particles, `${indent}</xs:complexType>`];
    }
    return [
      `${indent}<xs:simpleType${named}>`,
      `${indent}  <xs:restriction base="xs:string">`,
      ...facets(schema, `${indent}    `),
      `${indent}  </xs:restriction>`,
      `${indent}</xs:simpleType>`,
    ];
  }

  sequence(doc: SchemaDocument, schema: TSchema, indent: string): string[] {
    const properties = Object.entries(schema['properties'] as Record<string, TSchema>);
    if (properties.length === 0) return [`${indent}<xs:sequence/>`];
    return [
      `${indent}<xs:sequence>`,
      ...properties.flatMap(([name, child]) => this.element(doc, name, child, { min: isOptional(child) ? 0 : 1, max: 1 }, `${indent}  `)),
      `${indent}</xs:sequence>`,
    ];
  }

  /** Every document, as text by file name. */
  render(): ReadonlyMap<string, string> {
    return new Map(
      XSD_FILES.map(({ file, namespace }) => {
        const doc = this.document(namespace);
        const prefixes = [...doc.imports].map((ns) => ` xmlns:${prefixOf(ns)}="${ns}"`).join('');
        const imports = [...doc.imports].map((ns) => `  <xs:import namespace="${ns}" schemaLocation="${fileOf(ns)}"/>`);
        const text = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          `<!-- Generated from src/contract/csta-xml/messages.ts — do not edit; run: npx tsx src/contract/csta-xml/write-xsd.ts -->`,
          `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${namespace}" xmlns="${namespace}"${prefixes} elementFormDefault="qualified">`,
          ...imports,
          ...doc.lines,
          ...[...doc.types.values()].flat(),
          '</xs:schema>',
          '',
        ].join('\n');
        return [file, text];
      }),
    );
  }
}

function prefixOf(namespace: Namespace): string {
  return XSD_FILES.find((f) => f.namespace === namespace)!.prefix;
}

function fileOf(namespace: Namespace): string {
  return XSD_FILES.find((f) => f.namespace === namespace)!.file;
}

/** The object shapes a schema allows: itself, or the object variants of a union (CSTAErrorCode). */
function objectVariants(schema: TSchema): readonly TSchema[] {
  if (schema[Kind] === 'Object') return [schema];
  return schema[Kind] === 'Union' ? (schema['anyOf'] as TSchema[]).filter((s) => s[Kind] === 'Object') : [];
}

/** A text value's restrictions: its literals, or its pattern and lengths. */
function facets(schema: TSchema, indent: string): string[] {
  if (schema[Kind] === 'Literal') return [`${indent}<xs:enumeration value="${escapeAttribute(String(schema['const']))}"/>`];
  if (schema[Kind] === 'Union') return (schema['anyOf'] as TSchema[]).flatMap((s) => facets(s, indent));
  if (schema[Kind] !== 'String') throw new Error(`no XSD for a ${schema[Kind]} value`);
  const out: string[] = [];
  if (typeof schema['minLength'] === 'number') out.push(`${indent}<xs:minLength value="${schema['minLength']}"/>`);
  if (typeof schema['maxLength'] === 'number') out.push(`${indent}<xs:maxLength value="${schema['maxLength']}"/>`);
  if (typeof schema['pattern'] === 'string') out.push(`${indent}<xs:pattern value="${escapeAttribute(xsdPattern(schema['pattern']))}"/>`);
  return out;
}

/** The three schema documents (csta.xsd, session.xsd, private.xsd) by file name. */
export function buildXsdDocuments(): ReadonlyMap<string, string> {
  const builder = new XsdBuilder();
  for (const type of MESSAGE_TYPES) {
    const doc = builder.document(namespaceOf(type) as Namespace);
    doc.lines.push(...builder.element(doc, type, MessageSchemas[type], { min: 1, max: 1 }, '  '));
  }
  return builder.render();
}
