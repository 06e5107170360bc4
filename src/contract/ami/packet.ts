/**
 * AMI packets as Asterisk's manager interface writes them: `Key: Value` lines ending in CRLF, a
 * blank line ending the packet. Keys are matched without regard to case (Asterisk's
 * astman_get_header does the same); a key may repeat (Variable, ChanVariable). Pure: no I/O.
 */

export type Header = readonly [key: string, value: string];

export interface Packet {
  readonly headers: readonly Header[];
}

export type ParsedPacket = { readonly ok: true; readonly packet: Packet } | { readonly ok: false; readonly message: string };

/** The first value of `key` (any case), or undefined. */
export function header(packet: Packet, key: string): string | undefined {
  const wanted = key.toLowerCase();
  for (const [k, v] of packet.headers) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Every value of `key` (any case), in order. */
export function headers(packet: Packet, key: string): readonly string[] {
  const wanted = key.toLowerCase();
  return packet.headers.filter(([k]) => k.toLowerCase() === wanted).map(([, v]) => v);
}

const KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** C0 controls other than tab (line breaks are already cut away). */
// eslint-disable-next-line no-control-regex -- finding control characters is this expression's job
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Reads one packet's text (its lines, without the blank line that ended it). */
export function parsePacket(text: string): ParsedPacket {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length === 0) return { ok: false, message: 'an empty packet: expected `Key: Value` lines ending in a blank line' };
  const out: Header[] = [];
  for (const [i, line] of lines.entries()) {
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, message: `line ${i + 1}: expected \`Key: Value\`, got a line without a key and a colon` };
    const key = line.slice(0, colon).trim();
    if (!KEY.test(key)) return { ok: false, message: `line ${i + 1}: expected a key of 1-64 letters, digits, _ or -` };
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (CONTROL.test(value)) return { ok: false, message: `line ${i + 1} (${key}): control characters are not allowed in a value` };
    out.push([key, value]);
  }
  return { ok: true, packet: { headers: out } };
}

/** Values cannot hold line breaks: they are cut to the first line (callers escape what must survive, see escapeValue). */
function oneLine(value: string): string {
  const cut = value.search(/[\r\n]/);
  return cut === -1 ? value : value.slice(0, cut);
}

/** The packet's text, CRLF line ends and the blank line that ends it. */
export function encodePacket(headers: readonly Header[]): string {
  return `${headers.map(([k, v]) => `${k}: ${oneLine(v)}`).join('\r\n')}\r\n\r\n`;
}

/** Call data values may hold any text; on AMI they travel with backslash escapes for \\, CR and LF. */
export function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

export function unescapeValue(value: string): string {
  return value.replace(/\\(\\|r|n)/g, (_, c: string) => (c === 'r' ? '\r' : c === 'n' ? '\n' : '\\'));
}
