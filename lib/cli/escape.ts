/**
 * Text output that input cannot steer.
 *
 * Names, namespaces, field paths, file names and messages printed by the CLI come from the
 * files being checked, that is from whoever wrote the pull request. A raw newline there would
 * let a manifest print a line of its own choosing: `::error ...` or `::stop-commands::` lines
 * that GitHub Actions executes as workflow commands, or a forged "no findings" summary. A raw
 * ESC, carriage return or backspace would let it rewrite what a reader sees on a terminal, and
 * the Unicode bidirectional controls would reorder it. Every such character is printed as a
 * visible escape instead (`\n`, `\r`, `\t`, `\x1b`, `\u2028`, ...), so one finding is always
 * exactly one line and shows exactly what the file holds. JSON and SARIF output are already
 * escaped by their own syntax and do not use this.
 */

/** C0 controls, DEL, C1 controls, line/paragraph separators, bidi embedding/override/isolate marks and the BOM. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff]/g;

const NAMED: Readonly<Record<string, string>> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\0': '\\0',
};

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control, line-separator and bidi character replaced by a visible escape. */
export function escapeUntrusted(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/** True when `text` holds a character {@link escapeUntrusted} would replace. */
export function hasUnsafeCharacters(text: string): boolean {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text);
}
