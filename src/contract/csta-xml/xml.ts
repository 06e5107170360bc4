/**
 * XML from untrusted peers, read safely: no DOCTYPE, no entity declarations (so no XXE and no
 * billion laughs), no comments, CDATA or processing instructions beyond the XML declaration,
 * nesting and size bounded before any parser sees the text. Well-formedness is checked by
 * fast-xml-parser's validator, the tree is built by its parser with entity processing off; the
 * five predefined entities and character references are decoded here, anything else is refused.
 *
 * The tree handed back is plain data: element local names to text, child trees or lists of them.
 * Attributes are dropped (CSTA XML carries its data in elements) except the namespace of the root.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlTree {
  readonly [name: string]: XmlNode;
}
export type XmlNode = string | XmlTree | readonly XmlNode[];

export interface XmlDocument {
  /** The root element's local name. */
  readonly name: string;
  /** The namespace the root element is in; '' when it is in none. */
  readonly namespace: string;
  /** The root's content: '' for an empty element. */
  readonly body: XmlNode;
}

export type XmlErrorCode = 'tooLarge' | 'doctypeRefused' | 'markupRefused' | 'tooDeep' | 'notWellFormed' | 'unknownEntity';

export interface XmlError {
  readonly code: XmlErrorCode;
  readonly message: string;
}

export type ParsedXml = { readonly ok: true; readonly document: XmlDocument } | { readonly ok: false; readonly error: XmlError };

export interface XmlLimits {
  /** UTF-8 bytes. */
  readonly maxBytes: number;
  /** Element nesting, the root counting 1. */
  readonly maxDepth: number;
}

/** CSTA messages nest about 7 deep; 32 leaves room and still stops a nesting attack early. */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 0xffff, maxDepth: 32 };

function refusal(code: XmlErrorCode, message: string): ParsedXml {
  return { ok: false, error: { code, message } };
}

/**
 * One pass over the text before any parser: what markup it holds, how deep it nests. Refuses
 * `<!` (DOCTYPE, ENTITY, comments, CDATA) and `<?` other than a leading XML declaration.
 */
function prescan(text: string, maxDepth: number): ParsedXml | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x3c) continue;
    const next = text[i + 1];
    if (next === '!') {
      const head = text.slice(i, i + 9).toUpperCase();
      if (head === '<!DOCTYPE')
        return refusal(
          'doctypeRefused',
          `Expected no DOCTYPE (document type declarations are refused: no external or internal entities), got one at character ${i}`,
        );
      if (head.startsWith('<!ENTITY')) return refusal('doctypeRefused', `Expected no ENTITY declaration, got one at character ${i}`);
      return refusal(
        'markupRefused',
        `Expected elements and text only, got ${head.startsWith('<!--') ? 'a comment' : 'CDATA or other <! markup'} at character ${i}`,
      );
    }
    if (next === '?') {
      if (i !== 0 || !/^<\?xml[\s?]/.test(text.slice(0, 6)))
        return refusal('markupRefused', `Expected no processing instruction other than a leading XML declaration, got one at character ${i}`);
      const close = text.indexOf('?>', i);
      if (close === -1) return refusal('notWellFormed', 'Expected the XML declaration to end with ?>');
      i = close + 1;
      continue;
    }
    if (next === '/') {
      depth--;
      continue;
    }
    // A start tag: find its end, skipping quoted attribute values (they may hold '>').
    let j = i + 1;
    let quote = '';
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote !== '') {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
    }
    if (text[j - 1] !== '/') depth++;
    if (depth > maxDepth) return refusal('tooDeep', `Expected elements nested at most ${maxDepth} deep, got deeper nesting at character ${i}`);
    i = j;
  }
  return null;
}

const REFERENCE = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NOT_A_REFERENCE = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)[^;\s<]{0,12};?/;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0x10ffff && code !== 0xfffe && code !== 0xffff)
  );
}

/** Decodes the predefined entities and character references; otherwise names the first reference refused. */
function decodeEntities(text: string): { ok: true; text: string } | { ok: false; entity: string } {
  if (!text.includes('&')) return { ok: true, text };
  const other = NOT_A_REFERENCE.exec(text);
  if (other !== null) return { ok: false, entity: other[0] };
  let refused: string | null = null;
  const decoded = text.replace(REFERENCE, (whole, name: string) => {
    const named = NAMED[name];
    if (named !== undefined) return named;
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (isXmlChar(code)) return String.fromCodePoint(code);
    refused ??= whole;
    return '';
  });
  return refused === null ? { ok: true, text: decoded } : { ok: false, entity: refused };
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

class EntityRefused extends Error {
  constructor(readonly entity: string) {
    super(entity);
  }
}

/** fast-xml-parser's value → plain tree: prefixes and attributes dropped, entities decoded. A repeated element is a list. */
function normalise(value: unknown): XmlNode {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const decoded = decodeEntities(String(value));
    if (!decoded.ok) throw new EntityRefused(decoded.entity);
    return decoded.text;
  }
  if (typeof value !== 'object' || value === null) return '';
  const out: Record<string, XmlNode> = {};
  let text: XmlNode | null = null;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('@_')) continue;
    if (key === '#text') {
      text = normalise(child);
      continue;
    }
    const local = localName(key);
    const node = normalise(child);
    // Own-property definition: a peer's "__proto__" element is data, never a prototype.
    Object.defineProperty(out, local, { value: node, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length === 0 && text !== null ? text : out;
}

export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): ParsedXml {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) return refusal('tooLarge', `Expected an XML document of at most ${limits.maxBytes} bytes, got ${bytes}`);
  const scanned = prescan(text, limits.maxDepth);
  if (scanned !== null) return scanned;
  const valid = XMLValidator.validate(text);
  if (valid !== true) return refusal('notWellFormed', `Expected well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: false,
    maxNestedTags: limits.maxDepth,
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    return refusal('notWellFormed', `Expected well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const roots: [string, unknown][] = typeof parsed === 'object' && parsed !== null ? Object.entries(parsed as Record<string, unknown>) : [];
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || Array.isArray(root[1]))
    return refusal('notWellFormed', `Expected exactly one root element, got ${roots.length}`);
  const [qualified, content] = root;
  const colon = qualified.indexOf(':');
  const prefix = colon === -1 ? '' : qualified.slice(0, colon);
  const attributes = typeof content === 'object' && content !== null ? (content as Record<string, unknown>) : {};
  const declared = attributes[prefix === '' ? '@_xmlns' : `@_xmlns:${prefix}`];
  try {
    return {
      ok: true,
      document: { name: localName(qualified), namespace: typeof declared === 'string' ? declared : '', body: normalise(content) },
    };
  } catch (error) {
    if (error instanceof EntityRefused)
      return refusal(
        'unknownEntity',
        `Expected only the predefined entities (&lt; &gt; &amp; &quot; &apos;) and character references, got ${JSON.stringify(error.entity.slice(0, 20))}`,
      );
    throw error;
  }
}

// ---------------------------------------------------------------- writing

/** What a writer gives: elements in order; '@name' keys are attributes of the element that holds them. */
export interface XmlOut {
  readonly [name: string]: XmlOutNode | undefined;
}
export type XmlOutNode = string | XmlOut | readonly (string | XmlOut)[];

/** A carriage return is escaped: a parser would turn a literal one into a line feed. */
function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

function element(name: string, node: XmlOutNode): string {
  if (typeof node === 'string') return node === '' ? `<${name}/>` : `<${name}>${escapeText(node)}</${name}>`;
  if (Array.isArray(node)) return node.map((item: string | XmlOut) => element(name, item)).join('');
  let attributes = '';
  let children = '';
  for (const [key, child] of Object.entries(node as XmlOut)) {
    if (child === undefined) continue;
    if (key.startsWith('@')) attributes += ` ${key.slice(1)}="${escapeAttribute(String(child))}"`;
    else children += element(key, child);
  }
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}

/** A whole document: the declaration and the root element in `namespace`. */
export function writeXml(name: string, namespace: string, body: XmlOut): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${element(name, { '@xmlns': namespace, ...body })}`;
}
