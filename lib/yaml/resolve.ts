/**
 * Scalar resolution as kubectl does it. kubectl (and every Go client built on
 * sigs.k8s.io/yaml) reads YAML with its fork of go-yaml v2, which resolves plain scalars
 * with YAML 1.1 rules, and then turns the result into JSON. The rules below are a port of
 * `resolve` in sigs.k8s.io/yaml@v1.4.0 goyaml.v2/resolve.go (the version kubectl v1.32 and
 * kube-apiserver v1.36 vendor) and of the key and value conversion in
 * `convertToJSONableObject` (sigs.k8s.io/yaml yaml.go).
 */

export const TAG_PREFIX = 'tag:yaml.org,2002:';
export const STR_TAG = `${TAG_PREFIX}str`;
export const BOOL_TAG = `${TAG_PREFIX}bool`;
export const INT_TAG = `${TAG_PREFIX}int`;
export const FLOAT_TAG = `${TAG_PREFIX}float`;
export const NULL_TAG = `${TAG_PREFIX}null`;
export const TIMESTAMP_TAG = `${TAG_PREFIX}timestamp`;
export const BINARY_TAG = `${TAG_PREFIX}binary`;
export const MERGE_TAG = `${TAG_PREFIX}merge`;

/** Thrown when go-yaml refuses a scalar (a tag its value does not fit, bad base64). */
export class ResolveError extends Error {}

/**
 * An integer outside JavaScript's safe range that go-yaml reads exactly (int64 or uint64).
 * Readers give it back as a `bigint` when asked, else as the nearest `number`.
 */
export type YamlInteger = number | bigint;

/** The fixed words of goyaml.v2/resolve.go `resolveMapList` (exact spellings only). */
const RESOLVE_MAP = new Map<string, [unknown, string]>();
for (const [value, tag, words] of [
  [true, BOOL_TAG, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, BOOL_TAG, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, NULL_TAG, ['', '~', 'null', 'Null', 'NULL']],
  [NaN, FLOAT_TAG, ['.nan', '.NaN', '.NAN']],
  [Infinity, FLOAT_TAG, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [-Infinity, FLOAT_TAG, ['-.inf', '-.Inf', '-.INF']],
  ['<<', MERGE_TAG, ['<<']],
] as Array<[unknown, string, string[]]>) {
  for (const w of words) RESOLVE_MAP.set(w, [value, tag]);
}

/** goyaml.v2/resolve.go `yamlStyleFloat`. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Decimal integers that Go's ParseInt reads as decimal (no leading zero) and that are safe in a double. */
const SHORT_DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)$/;

/** Every character an integer (any base) or float form of go-yaml may contain. */
const NUMBER_CHARS = /^[-+0-9._xXoObBa-fA-F]*$/;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go's `strconv.ParseInt(s, 0, 64)` / `ParseUint`: an optional sign (ParseInt only), then
 * `0x`/`0X` hex, `0o`/`0O` or a leading `0` octal, `0b`/`0B` binary, or decimal. go-yaml
 * removed every `_` before calling it. Returns `undefined` when Go would refuse the text.
 */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let i = 0;
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    i = 1;
  }
  let digits = s.slice(i);
  let re = /^[0-9]+$/;
  let prefix = '';
  if (digits.length > 1 && digits[0] === '0') {
    const p = digits[1].toLowerCase();
    if (p === 'x') { re = /^[0-9a-fA-F]+$/; prefix = '0x'; digits = digits.slice(2); } else if (p === 'o') { re = /^[0-7]+$/; prefix = '0o'; digits = digits.slice(2); } else if (p === 'b') { re = /^[01]+$/; prefix = '0b'; digits = digits.slice(2); } else { re = /^[0-7]+$/; prefix = '0o'; digits = digits.slice(1); }
  }
  if (!re.test(digits)) return undefined;
  let v = BigInt(prefix + digits);
  if (neg) v = -v;
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined;
  return v;
}

/** Go's `strconv.ParseFloat(s, 64)` for the texts go-yaml hands it (already shaped like a float). */
function parseGoFloat(s: string): number | undefined {
  // The `.` hint passes the raw text: Go accepts digits with `_` between digits there too.
  const t = s.includes('_') ? goUnderscoreFloat(s) : s;
  if (t === undefined || !YAML_STYLE_FLOAT.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** `strconv` `underscoreOK` for base-10 floats: each `_` between two digits. */
function goUnderscoreFloat(s: string): string | undefined {
  return /^[-+]?[0-9.eE+-]*$/.test(s.replace(/(?<=[0-9])_(?=[0-9])/g, '')) && !/(^|[^0-9])_|_($|[^0-9])/.test(s) ? s.replace(/_/g, '') : undefined;
}

/** Days in a month of the proleptic Gregorian calendar. */
function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const TIMESTAMP_RE = /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[+-]([0-9]{2}):([0-9]{2})))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?))?$/;

/**
 * goyaml.v2/resolve.go `parseTimestamp`: the text is one of `allowedTimestampFormats`
 * (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`,
 * `2006-1-2`) as Go's `time.Parse` reads them, with their range checks.
 */
export function isGoTimestamp(s: string): boolean {
  const m = TIMESTAMP_RE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false;
  const h = m[4] ?? m[9];
  if (h !== undefined) {
    const mi = m[5] ?? m[10];
    const se = m[6] ?? m[11];
    if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return false;
    if (m[7] !== undefined && (Number(m[7]) > 24 || Number(m[8]) > 60)) return false;
  }
  return true;
}

/** What a scalar resolves to: the YAML tag go-yaml settles on and the value. */
export interface Resolved {
  readonly tag: string;
  readonly value: unknown;
}

/** An int64/uint64 as kubectl's JSON keeps it: a safe `number`, else a `bigint`. */
function intValue(v: bigint): YamlInteger {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

const RESOLVABLE = new Set(['', STR_TAG, BOOL_TAG, INT_TAG, FLOAT_TAG, NULL_TAG, TIMESTAMP_TAG]);

function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
}

/**
 * goyaml.v2/resolve.go `resolve(tag, in)` for a plain scalar (`tag` is `''`) or a scalar
 * with an explicit tag (in its long form, `tag:yaml.org,2002:int`). Integers outside the
 * safe range come back as `bigint`; timestamps as their text, as go-yaml's decoder hands
 * them to an `interface{}` ("for backward compatibility", decode.go `scalar`).
 * Throws {@link ResolveError} with go-yaml's message when the tag does not fit.
 */
export function resolve(tag: string, input: string): Resolved {
  if (!RESOLVABLE.has(tag)) return { tag, value: input };
  const r = resolveUnchecked(tag, input);
  if (tag === '' || tag === r.tag || tag === STR_TAG) return r;
  if (tag === FLOAT_TAG && r.tag === INT_TAG) return { tag: FLOAT_TAG, value: Number(r.value) };
  throw new ResolveError(`cannot decode ${shortTag(r.tag)} \`${input}\` as a ${shortTag(tag)}`);
}

function resolveUnchecked(tag: string, input: string): Resolved {
  if (tag === STR_TAG) return { tag: STR_TAG, value: input };
  const c = input.charCodeAt(0);
  // goyaml.v2 `resolveTable` hints: sign, digit, the letters of the fixed words, `.`.
  const hint = input === '' ? 'N'
    : c === 43 || c === 45 ? 'S'
      : c >= 48 && c <= 57 ? 'D'
        : c === 46 ? '.'
          : 'yYnNtTfFoO~'.includes(input[0]) ? 'M' : '';
  if (hint === '') return { tag: STR_TAG, value: input };
  const fixed = RESOLVE_MAP.get(input);
  if (fixed) return { tag: fixed[1], value: fixed[0] };
  if (hint === '.') {
    const f = parseGoFloat(input);
    if (f !== undefined) return { tag: FLOAT_TAG, value: f };
  } else if (hint === 'D' || hint === 'S') {
    // The common case first: a short decimal without a leading zero is the number it reads as.
    if (input.length < 16 && SHORT_DECIMAL.test(input)) return { tag: INT_TAG, value: Number(input) };
    if ((tag === '' || tag === TIMESTAMP_TAG) && input.length >= 8 && input[4] === '-' && isGoTimestamp(input)) return { tag: TIMESTAMP_TAG, value: input };
    // Characters no integer or float form has (`100m`, `128Mi`): a string.
    if (!NUMBER_CHARS.test(input)) return { tag: STR_TAG, value: input };
    const plain = input.replace(/_/g, '');
    const i = parseGoInt(plain, true) ?? parseGoInt(plain, false);
    if (i !== undefined) return { tag: INT_TAG, value: intValue(i) };
    // strconv.ParseFloat refuses (ErrRange) what overflows float64: the text stays a string.
    if (YAML_STYLE_FLOAT.test(plain) && Number.isFinite(Number(plain))) return { tag: FLOAT_TAG, value: Number(plain) };
    if (plain.startsWith('0b')) {
      const b = /^[01]+$/.test(plain.slice(2)) ? BigInt(`0b${plain.slice(2)}`) : undefined;
      if (b !== undefined && b <= UINT64_MAX) return { tag: INT_TAG, value: intValue(b) };
    } else if (plain.startsWith('-0b')) {
      const b = /^[01]+$/.test(plain.slice(3)) ? -BigInt(`0b${plain.slice(3)}`) : undefined;
      if (b !== undefined && b >= INT64_MIN) return { tag: INT_TAG, value: intValue(b) };
    }
  }
  return { tag: STR_TAG, value: input };
}

/**
 * Go's base64 `StdEncoding.DecodeString` as goyaml.v2 decode.go `scalar` applies it to
 * `!!binary` (line breaks are skipped, padding is required), then the bytes as a JSON
 * string (invalid UTF-8 becomes U+FFFD, as `encoding/json` writes it).
 */
export function decodeBinary(text: string): string {
  const s = text.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    throw new ResolveError('!!binary value contains invalid base64 data');
  }
  return new TextDecoder('utf-8').decode(Buffer.from(s, 'base64'));
}

/**
 * A map key as sigs.k8s.io/yaml yaml.go `convertToJSONableObject` turns it into a JSON
 * object key: strings stay, ints in decimal, floats with `strconv.FormatFloat(k, 'g', -1, 32)`
 * (`.inf`, `-.inf`, `.nan` for the special values), bools `true`/`false`. Anything else (null,
 * a uint64 beyond int64) is refused, as there: returns `undefined`.
 */
export function keyString(r: Resolved): string | undefined {
  const v = r.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v > INT64_MAX ? undefined : v.toString();
  if (typeof v === 'number') {
    if (r.tag === INT_TAG) return String(v);
    return formatFloat32(v);
  }
  return undefined;
}

/** Go's `strconv.FormatFloat(v, 'g', -1, 32)`: the shortest digits that read back as the same float32. */
export function formatFloat32(v: number): string {
  if (Number.isNaN(v)) return '.nan';
  if (v === Infinity) return '.inf';
  if (v === -Infinity) return '-.inf';
  const f = Math.fround(v);
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(f)) {
      const [mant, e] = s.split('e');
      digits = mant.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  // strconv/ftoa.go `%g` with the shortest digits: `%e` when the exponent is < -4 or >= 6.
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
