/**
 * A CTI frame's text as a wire log may keep it: every credential the adapter sent replaced by `***`
 * (decision 0140). Which fields count is what the lab's logs already censor (SECRET_KEYS: the
 * passwords of the link and of agents) and what the dialects call a credential: json's `password`
 * (StartApplicationSession, AgentLogin), CSTA XML's `password` elements (sessionLogin, SetAgentState),
 * AMI's `Secret:` (and `Key:`, the digest of a challenge login). A frame without one is kept byte
 * for byte. Pure.
 */
import { parseBoundedJson } from '../contract/index.ts';
import { SECRET_KEYS, CENSOR } from '../platform/logging.ts';
import type { DialectName } from '../../simulator/index.ts';

/** Field, element and header names whose values are credentials, lower case. */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set([...SECRET_KEYS, 'secret', 'agentPassword'].map((k) => k.toLowerCase()));

/** `***` spelled as hexBinary, for a credential carried as hex (CSTA XML's SetAgentState password): the frame stays valid. */
export const HEX_CENSOR = Buffer.from(CENSOR, 'utf8').toString('hex');

export function scrubFrame(dialect: DialectName, text: string): string {
  switch (dialect) {
    case 'json':
      return scrubJson(text);
    case 'csta-xml':
      return scrubXml(text);
    case 'ami':
      return scrubAmi(text);
  }
}

const JSON_HINT = new RegExp(`${[...CREDENTIAL_NAMES].join('|')}|\\\\u`, 'i');

/** Credentials at any depth. A frame that does not parse is scrubbed by pattern instead: a bad frame is evidence too. */
function scrubJson(text: string): string {
  // Fast path: no credential's name, not even spelled with \u escapes.
  if (!JSON_HINT.test(text)) return text;
  // Bounded: a hostile frame nested thousands deep is scrubbed by pattern, not walked.
  const parsed = parseBoundedJson(text);
  if (!parsed.ok) {
    return text.replace(/("((?:[^"\\]|\\.)*)"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)/g, (whole, key: string, name: string) =>
      CREDENTIAL_NAMES.has(name.toLowerCase()) ? `${key}"${CENSOR}"` : whole,
    );
  }
  let changed = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => {
        if (!CREDENTIAL_NAMES.has(key.toLowerCase())) return [key, walk(field)];
        changed = true;
        return [key, CENSOR];
      }),
    );
  };
  const scrubbed = walk(parsed.value);
  // Re-written only when something was censored: every other frame stays as the adapter spelled it.
  return changed ? JSON.stringify(scrubbed) : text;
}

/** An element whose local name is a credential's, with whatever prefix, attributes and content (CDATA included). */
const XML_CREDENTIAL = new RegExp(`<((?:[\\w.-]+:)?(?:${[...CREDENTIAL_NAMES].join('|')}))(\\s[^>]*)?>([\\s\\S]*?)</\\1\\s*>`, 'gi');

function scrubXml(text: string): string {
  return text.replace(XML_CREDENTIAL, (_whole, tag: string, attributes: string | undefined, content: string) => {
    const hex = /^\s*(?:[0-9A-Fa-f]{2})*\s*$/.test(content) && content.trim() !== '';
    return `<${tag}${attributes ?? ''}>${hex ? HEX_CENSOR : CENSOR}</${tag}>`;
  });
}

/** `Key: Value` lines; `Key:` itself is a credential only in a login (AuthType MD5), elsewhere a plain header. */
const AMI_HEADER = /^([A-Za-z0-9_-]+)([ \t]*:[ \t]?)(.*)$/gm;

function scrubAmi(text: string): string {
  const login = /^action[ \t]*:[ \t]*login[ \t]*$/im.test(text);
  return text.replace(AMI_HEADER, (whole, key: string, colon: string) => {
    const name = key.toLowerCase();
    return CREDENTIAL_NAMES.has(name) || (login && name === 'key') ? `${key}${colon}${CENSOR}` : whole;
  });
}
