/** How the console reports fit a terminal: lines cut to a width, and ANSI colours when asked for. */

/** The width the console reports keep to. */
export const WIDTH = 100;

/** The text cut to `width` characters, the last one an ellipsis when it was longer. */
export function fit(text: string, width = WIDTH): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** A count with its noun, singular for one: "1 sequence", "2 sequences". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A painter of one SGR code (e.g. '1;31' bold red): the text wrapped in it when colour is on, else as it is. */
export function painter(color: boolean): (code: string) => (text: string) => string {
  return (code) => (text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
}
