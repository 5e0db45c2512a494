/**
 * Writes JSON values as YAML that kubectl reads back unchanged. kubectl reads YAML 1.1 with
 * go-yaml v2 (`resolve.ts`), so a string a YAML 1.1 reader could take for another type is
 * quoted: `y`, `n`, `yes`, `no`, `on`, `off`, `true`, `false`, `null` in any case, `~`,
 * anything starting with a sign, `.` or `~`, anything starting with a digit unless it holds a
 * letter no number or timestamp has (so `1_000`, `1:20`, `0o17`, `1e3`, `2001-12-14` are
 * quoted and `2s`, `100m` are not), `.inf`, `<<`, and every string with characters that mean something in YAML
 * (`: `, ` #`, leading or trailing spaces, indicators). Output is deterministic: block
 * style, two-space indentation, keys in the order given, one form per value.
 */
import { resolve, STR_TAG } from './resolve';

/** Words a YAML 1.1 reader takes for a boolean or null, compared case-insensitively. */
const YAML11_WORDS = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);

/** Plain text made of characters that carry no meaning in a block-context plain scalar. */
const PLAIN_SAFE = /^[A-Za-z_/][A-Za-z0-9_./@+=,:()$%*~^&!?'"<>\\-]*(?: [A-Za-z0-9_./@+=,:()$%*~^&!?'"<>\\-]+)*$/;

/**
 * A string starting with a digit is plain only when it holds a letter that no YAML 1.1 int,
 * float or timestamp form has (those use digits, `_ . : - + ,` and the letters of `0x`, `0o`,
 * `0b`, hex digits, `e`, `T`, `Z`, `.inf`, `.nan`): `2s`, `100m`, `128Mi`, `1.25-alpine`.
 */
const DIGIT_FIRST = /^[0-9].*[g-hj-mp-su-wyG-HJ-MP-SU-WY]/;

/** Whether `s` can be written without quotes and read back by kubectl as this very string. */
export function isPlainSafe(s: string): boolean {
  if (!PLAIN_SAFE.test(s) && !(DIGIT_FIRST.test(s) && PLAIN_SAFE.test(`x${s}`))) return false;
  if (YAML11_WORDS.has(s.toLowerCase())) return false;
  if (/:( |$)/.test(s)) return false; // a key indicator
  // The final word is go-yaml's: whatever it would not read as this string is quoted.
  const r = resolve('', s);
  return r.tag === STR_TAG && r.value === s;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\0': '\\0', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\x1b': '\\e' };

/**
 * A double-quoted scalar: every character YAML does not print as itself (C0 and C1 controls,
 * DEL, the line and paragraph separators and NEL that YAML 1.1 folds, BOM, non-characters,
 * lone surrogates) escaped.
 */
export function doubleQuoted(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) {
      out += simple;
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      out += `\\x${hex(c, 2)}`;
    } else if (c === 0x2028 || c === 0x2029 || c === 0xfeff || c === 0xfffe || c === 0xffff) {
      out += `\\u${hex(c, 4)}`;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += ch + s[i + 1];
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `\\u${hex(c, 4)}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

/** A string as a plain or double-quoted scalar (one line). */
export function scalarString(s: string): string {
  return isPlainSafe(s) ? s : doubleQuoted(s);
}

/** Characters that a literal block scalar cannot hold as themselves. */
// eslint-disable-next-line no-control-regex
const NOT_LITERAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]/;

/** A literal block header (`|` or `|-`) for `s`, or `undefined` when `s` is better double-quoted. */
function literalHeader(s: string, indent: number): string | undefined {
  if (indent === 0 || !s.includes('\n') || NOT_LITERAL.test(s) || s.endsWith('\n\n') || / (\n|$)/.test(s)) return undefined;
  const first = s.split('\n').find((l) => l !== '');
  if (first === undefined || first.startsWith(' ')) return undefined;
  if (s.startsWith('\n')) return undefined;
  return s.endsWith('\n') ? '|' : '|-';
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (n === Infinity) return '.inf';
  if (n === -Infinity) return '-.inf';
  return String(n);
}

function scalarText(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return undefined;
  return undefined;
}

function jsonable(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as any).toJSON === 'function') return (v as any).toJSON();
  return v;
}

class Writer {
  public readonly lines: string[] = [];
  private readonly open = new Set<object>();

  /** Writes `value` after `prefix` (`key:` or `- `) on the current line, nested at `indent`. */
  public value(prefix: string, value: unknown, indent: number): void {
    const v = jsonable(value);
    const pad = ' '.repeat(indent);
    if (typeof v === 'string') {
      const header = literalHeader(v, indent);
      if (header === undefined) {
        this.lines.push(`${prefix}${scalarString(v)}`);
        return;
      }
      this.lines.push(`${prefix}${header}`);
      const body = header === '|' ? v.slice(0, -1) : v;
      for (const l of body.split('\n')) this.lines.push(l === '' ? '' : `${pad}${l}`);
      return;
    }
    const text = scalarText(v);
    if (text !== undefined) {
      this.lines.push(`${prefix}${text}`);
      return;
    }
    if (typeof v !== 'object' || v === null) {
      this.lines.push(`${prefix}null`);
      return;
    }
    if (this.open.has(v)) throw new TypeError('writeYaml: the value contains itself');
    this.open.add(v);
    try {
      if (Array.isArray(v)) this.sequence(prefix, v, indent);
      else this.mapping(prefix, v as Record<string, unknown>, indent);
    } finally {
      this.open.delete(v);
    }
  }

  private sequence(prefix: string, items: readonly unknown[], indent: number): void {
    if (items.length === 0) {
      this.lines.push(`${prefix}[]`);
      return;
    }
    const pad = ' '.repeat(indent);
    let first = true;
    if (prefix.trim() !== '' && !prefix.endsWith('- ')) this.lines.push(prefix.trimEnd());
    for (const item of items) {
      const p = first && prefix.endsWith('- ') ? `${prefix}- ` : `${pad}- `;
      first = false;
      this.value(p, item === undefined ? null : item, indent + 2);
    }
  }

  private mapping(prefix: string, obj: Record<string, unknown>, indent: number): void {
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined);
    if (keys.length === 0) {
      this.lines.push(`${prefix}{}`);
      return;
    }
    const pad = ' '.repeat(indent);
    let first = true;
    if (prefix.trim() !== '' && !prefix.endsWith('- ')) this.lines.push(prefix.trimEnd());
    for (const k of keys) {
      const p = first && prefix.endsWith('- ') ? `${prefix}${scalarString(k)}: ` : `${pad}${scalarString(k)}: `;
      first = false;
      this.value(p, obj[k], indent + 2);
    }
  }
}

/**
 * One YAML document for `value` (a JSON value: objects, arrays, strings, numbers, bigints,
 * booleans, null), ending with a newline. Keys whose value is `undefined` are left out, as
 * JSON leaves them out. Throws a `TypeError` for a value that contains itself.
 */
export function writeYaml(value: unknown): string {
  const w = new Writer();
  w.value('', value, 0);
  return `${w.lines.join('\n')}\n`;
}

/** Several documents, separated by `---` lines. */
export function writeYamlDocuments(values: readonly unknown[]): string {
  return values.map((v) => writeYaml(v)).join('---\n');
}
