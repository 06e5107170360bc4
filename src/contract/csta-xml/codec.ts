/**
 * CSTA XML messages to text and back. Writing walks each message's schema, so elements come out in
 * the schema's (ECMA-323's) order whatever order the value's keys are in; reading parses safely
 * (xml.ts), fits the tree to the schema (an empty element is an empty structure, one occurrence of
 * a repeated element a list of one) and checks it, naming the path at fault.
 */
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { compile, formatIssues, type Check, type Issue } from '../validation.ts';
import { MessageSchemas, MESSAGE_TYPES, namespaceOf, type CstaMessage, type MessageType } from './messages.ts';
import { DEFAULT_XML_LIMITS, parseXml, writeXml, type XmlErrorCode, type XmlLimits, type XmlNode, type XmlOut, type XmlOutNode } from './xml.ts';

export type MessageErrorCode = XmlErrorCode | 'wrongNamespace' | 'unknownMessage' | 'schemaMismatch';

export interface MessageError {
  readonly code: MessageErrorCode;
  /** The message's root element when it was read and known. */
  readonly type: MessageType | null;
  readonly message: string;
  readonly issues: readonly Issue[];
}

export type DecodedMessage = { readonly ok: true; readonly message: CstaMessage } | { readonly ok: false; readonly error: MessageError };

const checks = new Map<string, Check<unknown>>(MESSAGE_TYPES.map((type) => [type, compile(MessageSchemas[type])]));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object shapes a schema allows: itself, the object variants of a union (CSTAErrorCode), or none. */
function objectVariants(schema: TSchema): readonly TSchema[] {
  if (schema[Kind] === 'Object') return [schema];
  return schema[Kind] === 'Union' ? (schema['anyOf'] as TSchema[]).filter((s) => s[Kind] === 'Object') : [];
}

function propertiesOf(schema: TSchema, value: Record<string, unknown>): Record<string, TSchema> {
  const variants = objectVariants(schema);
  const fits = variants.find((v) => Object.keys(value).every((k) => k in (v['properties'] as object))) ?? variants[0];
  return (fits?.['properties'] ?? {}) as Record<string, TSchema>;
}

function toOut(schema: TSchema, value: unknown): XmlOutNode {
  if (schema[Kind] === 'Array') return (value as unknown[]).map((item) => toOut(schema['items'] as TSchema, item) as string | XmlOut);
  if (!isObject(value)) return String(value);
  const out: Record<string, XmlOutNode> = {};
  if (typeof schema['xmlns'] === 'string') out['@xmlns'] = schema['xmlns'];
  for (const [key, child] of Object.entries(propertiesOf(schema, value))) {
    if (value[key] !== undefined) out[key] = toOut(child, value[key]);
  }
  return out;
}

export function encodeMessage(message: CstaMessage): string {
  return writeXml(message.type, namespaceOf(message.type), toOut(MessageSchemas[message.type], message.body) as XmlOut);
}

/** Fits a parsed tree to a schema's shape: '' where a structure is expected is an empty one, a lone element where a list is expected a list of one. */
function conform(schema: TSchema, node: XmlNode): unknown {
  if (schema[Kind] === 'Array') {
    const items = Array.isArray(node) ? node : [node];
    return items.map((item: XmlNode) => conform(schema['items'] as TSchema, item));
  }
  if (objectVariants(schema).length === 0) return node;
  if (!isObject(node) && node !== '') return node;
  if (node === '') return conform(schema, {});
  const properties = propertiesOf(schema, node);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(node)) {
    const childSchema = properties[key];
    Object.defineProperty(out, key, {
      value: childSchema === undefined ? child : conform(childSchema, child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  // XML cannot tell an empty list from an absent one: a required list with no elements is read as empty.
  for (const [key, childSchema] of Object.entries(properties)) {
    if (childSchema[Kind] === 'Array' && childSchema[OptionalKind] !== 'Optional' && !Object.hasOwn(out, key)) out[key] = [];
  }
  return out;
}

/** Issue messages end in ", got <value>"; for a password keep what was expected and drop the value. */
function withoutSecret(issue: Issue): Issue {
  if (!/password/i.test(issue.path)) return issue;
  const cut = issue.message.lastIndexOf(', got ');
  return { path: issue.path, message: `${cut === -1 ? 'Invalid value' : issue.message.slice(0, cut)} (value not shown)` };
}

function failure(code: MessageErrorCode, type: MessageType | null, issues: readonly Issue[]): DecodedMessage {
  const shown = issues.map(withoutSecret);
  return { ok: false, error: { code, type, issues: shown, message: formatIssues(shown) } };
}

export function decodeMessage(xml: string, limits: XmlLimits = DEFAULT_XML_LIMITS): DecodedMessage {
  const parsed = parseXml(xml, limits);
  if (!parsed.ok) return failure(parsed.error.code, null, [{ path: '(root)', message: parsed.error.message }]);
  const { name, namespace, body } = parsed.document;
  const type = Object.hasOwn(MessageSchemas, name) ? (name as MessageType) : null;
  if (type === null)
    return failure('unknownMessage', null, [
      { path: '(root)', message: `Expected one of ${MESSAGE_TYPES.join(', ')}, got ${JSON.stringify(name.slice(0, 64))}` },
    ]);
  const expected = namespaceOf(type);
  if (namespace !== expected)
    return failure('wrongNamespace', type, [{ path: type, message: `Expected namespace ${expected}, got ${JSON.stringify(namespace.slice(0, 200))}` }]);
  const schema = MessageSchemas[type];
  const checked = checks.get(type)!(conform(schema, body));
  if (!checked.ok)
    return failure(
      'schemaMismatch',
      type,
      checked.issues.map((i) => ({ path: i.path === '(root)' ? type : `${type}.${i.path}`, message: i.message })),
    );
  return { ok: true, message: { type, body: checked.value } as CstaMessage };
}
