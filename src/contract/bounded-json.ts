/**
 * JSON from untrusted peers, parsed with a nesting limit checked *before* JSON.parse, and previewed
 * without recursion: a 10,000-level array must get a clear error, not a stack overflow in whatever
 * walks the value next (a validator, an error formatter, a logger). Every server parses this way.
 */

/** No frame, body or setting of the lab nests deeper than a handful of levels; 64 leaves room. */
export const MAX_JSON_DEPTH = 64;

export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** Where the text first nests deeper than `maxDepth`, or -1. One pass over the text, strings skipped. */
function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) {
      if (++depth > maxDepth) return i;
    } else if (CLOSERS.has(c)) depth--;
  }
  return -1;
}

/** True when `text` holds at most `max` of `[` and `{`, strings included; indexOf runs natively, unlike a loop over every character. */
function openersAtMost(text: string, max: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let i = text.indexOf(opener); i !== -1; i = text.indexOf(opener, i + 1)) if (++count > max) return false;
  }
  return true;
}

/** Parses `text`, refusing nesting deeper than `maxDepth` with a message naming the limit. */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  // Nesting needs an opener per level: a text with at most maxDepth of them (most frames: a handful) needs no scan.
  const at = openersAtMost(text, maxDepth) ? -1 : tooDeepAt(text, maxDepth);
  if (at >= 0)
    return { ok: false, message: `Expected JSON nested at most ${maxDepth} levels deep (objects and arrays), got deeper nesting at character ${at}` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: clip(error instanceof Error ? error.message : String(error), 200) };
  }
}

/** `text` cut to at most `max` characters, marked with "..." when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}

/** Marks text to append as it is, on the preview's work stack (values are everything else). */
class Raw {
  constructor(readonly text: string) {}
}

/**
 * A JSON-like preview of `value` of at most `max` characters, built with an explicit stack (no
 * recursion, however deep the value) and stopping as soon as it is long enough.
 */
export function preview(value: unknown, max: number): string {
  let out = '';
  const stack: unknown[] = [value];
  while (stack.length > 0 && out.length <= max) {
    const item = stack.pop();
    if (item instanceof Raw) {
      out += item.text;
    } else if (Array.isArray(item)) {
      out += '[';
      stack.push(new Raw(']'));
      const shown = item.slice(0, max);
      for (let i = shown.length - 1; i >= 0; i--) stack.push(shown[i], new Raw(i === 0 ? '' : ','));
    } else if (typeof item === 'object' && item !== null) {
      out += '{';
      stack.push(new Raw('}'));
      const keys = Object.keys(item).slice(0, max);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] ?? '';
        stack.push((item as Record<string, unknown>)[key], new Raw(`${i === 0 ? '' : ','}${JSON.stringify(key.slice(0, max))}:`));
      }
    } else if (typeof item === 'string') {
      out += JSON.stringify(item.slice(0, max + 1));
    } else if (typeof item === 'bigint' || typeof item === 'symbol' || typeof item === 'function') {
      out += typeof item;
    } else {
      out += item === undefined ? 'nothing' : JSON.stringify(item);
    }
  }
  return clip(out, max);
}
