/**
 * The compile-time validators Kubernetes installs on top of type checking
 * (apiserver pkg/cel/environment/base.go: `cel.ValidateDurationLiterals()`,
 * `cel.ValidateTimestampLiterals()`; cel-go ext/strings.go: the `string.format` validator),
 * and the literal parsers they share with evaluation:
 *
 * - a `duration('...')` literal must parse as a Go duration that fits in int64 nanoseconds;
 * - a `timestamp('...')` literal must be RFC 3339 and a `timestamp(n)` literal a Unix
 *   second, both between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z;
 * - `'<literal>'.format([<list literal>])`: every clause must be one of %s %d %f %e %b %x
 *   %X %o (with an optional `.<precision>`), must have an argument of a type it accepts,
 *   and the list must not hold more arguments than the clauses use.
 */
import { CelType, typeString } from './celtypes';
import { Node, startPos } from './parser';

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const INT64_MAX = 9223372036854775807n;

/** Nanoseconds of a Go duration string (time.ParseDuration), or an error message. */
export function parseGoDuration(text: string): bigint | string {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return `invalid duration ${JSON.stringify(text)}`;
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = m[1];
    const frac = m[2];
    if (whole === '' && (frac === undefined || frac === '')) return `invalid duration ${JSON.stringify(text)}`;
    s = s.slice(m[0].length);
    const u = /^(ns|us|µs|μs|ms|s|m|h)/.exec(s);
    if (!u) return /^[^\d.]/.test(s) ? `unknown unit ${JSON.stringify(s.replace(/[\d.].*$/, ''))} in duration ${JSON.stringify(text)}` : `missing unit in duration ${JSON.stringify(text)}`;
    s = s.slice(u[1].length);
    const unit = NS_PER_UNIT[u[1]];
    let v = BigInt(whole || '0') * unit;
    if (frac) v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    total += v;
    if (total > INT64_MAX + (negative ? 1n : 0n)) return `invalid duration ${JSON.stringify(text)}`;
  }
  return negative ? -total : total;
}

/** Why `text` is not a valid CEL duration literal, or undefined. */
export function invalidDuration(text: string): string | undefined {
  const r = parseGoDuration(text);
  return typeof r === 'string' ? r : undefined;
}

/** Unix seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range of CEL timestamps. */
export const MIN_UNIX_SECONDS = -62135596800;
export const MAX_UNIX_SECONDS = 253402300799;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Unix seconds and nanoseconds of an RFC 3339 timestamp (Go time.Parse(time.RFC3339)), or an error message. */
export function parseRfc3339(text: string): { seconds: number; nanos: number } | string {
  const m = RFC3339.exec(text);
  if (!m) return `cannot parse ${JSON.stringify(text)} as RFC 3339`;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12) return 'month out of range';
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !isLeap(year) ? 1 : 0);
  if (day < 1 || day > daysInMonth) return 'day out of range';
  if (hour > 23) return 'hour out of range';
  if (minute > 59) return 'minute out of range';
  if (second > 59) return 'second out of range';
  let offset = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return 'time zone offset out of range';
    offset = (m[9] === '-' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  const seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  const nanos = m[7] ? Number((m[7].slice(1) + '000000000').slice(0, 9)) : 0;
  if (seconds < MIN_UNIX_SECONDS || seconds > MAX_UNIX_SECONDS) return 'timestamp out of range';
  return { seconds, nanos };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (also before year 100, unlike Date.UTC). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Why a `timestamp(...)` literal argument is invalid, or undefined. */
export function invalidTimestamp(value: string | number | bigint): string | undefined {
  if (typeof value === 'string') {
    const r = parseRfc3339(value);
    return typeof r === 'string' ? r : undefined;
  }
  const n = BigInt(value);
  return n < BigInt(MIN_UNIX_SECONDS) || n > BigInt(MAX_UNIX_SECONDS) ? 'timestamp out of range' : undefined;
}

/** A problem of a `format` call: the message and the source offset it belongs to. */
export interface FormatProblem {
  readonly message: string;
  readonly pos: number;
}

/** What each clause accepts (cel-go ext/formatting.go), by type kind. */
const CLAUSES: Readonly<Record<string, { kinds: readonly string[]; what: string }>> = {
  d: { kinds: ['int', 'uint'], what: 'decimal clause can only be used on integers' },
  f: { kinds: ['double', 'string'], what: 'fixed-point clause can only be used on doubles' },
  e: { kinds: ['double', 'string'], what: 'scientific clause can only be used on doubles' },
  b: { kinds: ['int', 'uint', 'bool'], what: 'only integers and bools can be formatted as binary' },
  x: { kinds: ['int', 'uint', 'string', 'bytes'], what: 'only integers, byte buffers, and strings can be formatted as hex' },
  X: { kinds: ['int', 'uint', 'string', 'bytes'], what: 'only integers, byte buffers, and strings can be formatted as hex' },
  o: { kinds: ['int', 'uint'], what: 'octal clause can only be used on integers' },
};
const STRING_CLAUSE_KINDS = ['list', 'map', 'int', 'uint', 'double', 'bool', 'string', 'timestamp', 'bytes', 'duration', 'type', 'null'];
const STRING_CLAUSE = 'string clause can only be used on strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps';

/** cel-go's TypeName: parameterised types are named without their parameters. */
function typeName(t: CelType): string {
  if (t.k === 'list' || t.k === 'map') return t.k;
  return typeString(t);
}

/**
 * Checks `target.format(arg)` when the target is a string literal and the argument a list
 * literal (the only calls cel-go validates); `typeOf` gives the checked type of a literal
 * element. Returns the first problem, or undefined.
 */
export function checkFormatCall(target: Node, arg: Node, typeOf: (n: Node) => CelType | undefined): FormatProblem | undefined {
  if (target.t !== 'lit' || target.kind !== 'string' || arg.t !== 'list') return undefined;
  const format = String(target.value);
  const args = arg.elems.map((e) => e.e);
  const at = startPos(target);
  let used = 0;
  let i = 0;
  while (i < format.length) {
    if (format[i] !== '%') {
      i++;
      continue;
    }
    if (format[i + 1] === '%') {
      i += 2;
      continue;
    }
    const index = used++;
    if (i + 1 >= format.length) return { message: 'unexpected end of string', pos: at };
    if (index >= args.length) return { message: `index ${index} out of range`, pos: at };
    let j = i + 1;
    if (format[j] === '.') {
      j++;
      const digits = /^\d*/.exec(format.slice(j))![0];
      j += digits.length;
      if (j >= format.length) return { message: 'could not parse formatting clause: error while parsing precision: could not find end of precision specifier', pos: at };
      if (digits === '') {
        return { message: 'could not parse formatting clause: error while parsing precision: error while converting precision to integer: strconv.Atoi: parsing "": invalid syntax', pos: at };
      }
    }
    const verb = format[j];
    const argNode = args[index];
    if (verb === 's') {
      const bad = badForString(argNode, typeOf);
      if (bad) return { message: `error during formatting: ${STRING_CLAUSE}, was given ${typeName(bad.t)}`, pos: startPos(bad.n) };
    } else if (CLAUSES[verb]) {
      const t = typeOf(argNode);
      if (t && t.k !== 'dyn' && !CLAUSES[verb].kinds.includes(t.k)) {
        return { message: `error during formatting: ${CLAUSES[verb].what}, was given ${typeName(t)}`, pos: startPos(argNode) };
      }
    } else {
      return { message: `could not parse formatting clause: unrecognized formatting clause "${verb}"`, pos: at };
    }
    i = j + 1;
  }
  if (args.length > used) return { message: `too many arguments supplied to string.format (expected ${used}, got ${args.length})`, pos: at };
  return undefined;
}

/** The first (nested) literal element whose type the %s clause refuses. */
function badForString(n: Node, typeOf: (n: Node) => CelType | undefined): { n: Node; t: CelType } | undefined {
  const t = typeOf(n);
  if (t && t.k !== 'dyn' && !STRING_CLAUSE_KINDS.includes(t.k)) return { n, t };
  if (n.t === 'list') {
    for (const e of n.elems) {
      const bad = badForString(e.e, typeOf);
      if (bad) return bad;
    }
  } else if (n.t === 'map') {
    for (const e of n.entries) {
      const bad = badForString(e.k, typeOf) ?? badForString(e.v, typeOf);
      if (bad) return bad;
    }
  }
  return undefined;
}
