/* eslint-disable no-bitwise */ // 64-bit ranges and IP address bytes
/**
 * Runtime functions of the Kubernetes 1.36 CEL environment: the cel-go standard library
 * (conversions, sizes, strings, time), ext.Strings v2 (cel-go ext/strings.go, including
 * the `format` rules of ext/formatting.go), ext.Lists (ext/lists.go), ext.Sets
 * (ext/sets.go), optional types (cel-go cel/library.go), and — through ./eval-k8s — the
 * Kubernetes libraries of k8s.io/apiserver pkg/cel/library.
 *
 * Error messages are cel-go's.
 */
import type { EvalContext, Impl } from './eval-context';
import { K8S_GLOBALS, K8S_MEMBERS } from './eval-k8s';
import { chargeRegex, compileRegex } from './eval-regex';
import {
  argInt, argString, CelDuration, CelMessage, CostLimitExceeded, daysFromCivil, CelOptional, CelTimestamp, CelTypeValue,
  CelUint, celCompare, celEquals, checkInt, cpLength,
  fail, floorDiv, formatDoubleG, fromUtf8, hasAstral, isLib, isMapValue, mapEntries, mapSize, mkDuration,
  mkTimestamp, mkUint, noOverload, parseDuration, parseTimestamp, typeName, utf8, civilFromDays, INT64_MAX, INT64_MIN,
  formatTimestamp, formatDuration,
} from './eval-values';

const NS_PER_S = 1_000_000_000n;

const int = argInt;
const str = argString;
function list(v: unknown): unknown[] {
  if (!Array.isArray(v)) return noOverload();
  return v;
}
function arity(args: unknown[], ...counts: number[]): void {
  if (!counts.includes(args.length)) noOverload();
}

/** Replaces the evaluator's one-step charge for a call by `cost`, cel-go's cost of that call. */
function chargeCall(c: EvalContext, cost: number): void {
  c.cost += cost - 1;
  if (c.cost > c.limit) throw new CostLimitExceeded();
}

function chargeLen(c: EvalContext, n: number): void {
  c.cost += Math.ceil(0.1 * n);
  if (c.cost > c.limit) throw new CostLimitExceeded();
}

// ---------------------------------------------------------------- conversions

const INT_RE = /^[+-]?\d+$/;
const UINT_RE = /^\+?\d+$/;
const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[iI]nf(?:inity)?|NaN|nan)$/;

function toInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof CelUint) {
    if (v.v > INT64_MAX) return fail('integer overflow');
    return v.v;
  }
  if (typeof v === 'number') {
    // cel-go: the double must lie strictly inside the int64 range
    if (!Number.isFinite(v) || v <= -9223372036854775808 || v >= 9223372036854775807) return fail('integer overflow');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    if (!INT_RE.test(v)) return fail('type conversion error from \'string\' to \'int\'');
    const n = BigInt(v);
    if (n > INT64_MAX || n < INT64_MIN) return fail('type conversion error from \'string\' to \'int\'');
    return n;
  }
  if (v instanceof CelTimestamp) return floorDiv(v.ns, NS_PER_S);
  return noOverload();
}

function toUint(v: unknown): CelUint {
  if (v instanceof CelUint) return v;
  if (typeof v === 'bigint') {
    if (v < 0n) return fail('unsigned integer overflow');
    return new CelUint(v);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v >= 18446744073709551616) return fail('unsigned integer overflow');
    return new CelUint(BigInt(Math.trunc(v)));
  }
  if (typeof v === 'string') {
    if (!UINT_RE.test(v)) return fail('type conversion error from \'string\' to \'uint\'');
    const n = BigInt(v);
    if (n > (1n << 64n) - 1n) return fail('type conversion error from \'string\' to \'uint\'');
    return new CelUint(n);
  }
  return noOverload();
}

function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof CelUint) return Number(v.v);
  if (typeof v === 'string') {
    if (!FLOAT_RE.test(v)) return fail('type conversion error from \'string\' to \'double\'');
    const l = v.toLowerCase().replace(/^\+/, '');
    if (l === 'inf' || l === 'infinity') return Infinity;
    if (l === '-inf' || l === '-infinity') return -Infinity;
    if (l === 'nan') return NaN;
    return Number(v);
  }
  return noOverload();
}

/** string(x) (cel-go ConvertToType(StringType)). */
export function toStr(v: unknown): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'number': return formatDoubleG(v);
    case 'boolean': return v ? 'true' : 'false';
    default:
      if (v instanceof CelUint) return v.v.toString();
      if (v instanceof Uint8Array) return fromUtf8(v);
      if (v instanceof CelTimestamp) return formatTimestamp(v.ns);
      if (v instanceof CelDuration) return formatDuration(v.ns);
      if (v instanceof CelTypeValue) return v.name;
      if (isLib(v)) return v.toString();
      return noOverload();
  }
}

const BOOL_STRINGS: Record<string, boolean> = {
  1: true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  0: false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

// ---------------------------------------------------------------- strings

function runes(s: string): string[] {
  return Array.from(s);
}

function charAt(s: string, i: bigint): string {
  if (!hasAstral(s)) {
    if (i < 0n || i > BigInt(s.length)) return fail(`index out of range: ${i}`);
    return s.charAt(Number(i));
  }
  const r = runes(s);
  if (i < 0n || i > BigInt(r.length)) return fail(`index out of range: ${i}`);
  return r[Number(i)] ?? '';
}

function indexOfStr(s: string, sub: string, offset: bigint, last: boolean): bigint {
  if (offset < 0n) return fail(`index out of range: ${offset}`);
  const r = hasAstral(s) || hasAstral(sub) ? runes(s) : undefined;
  const len = r ? r.length : s.length;
  const off = Number(offset);
  if (sub === '') return BigInt(Math.min(off, len));
  if (off >= len) return -1n;
  if (!r) {
    const i = last ? s.lastIndexOf(sub, off) : s.indexOf(sub, off);
    return BigInt(i);
  }
  const sr = runes(sub);
  const matchAt = (i: number): boolean => {
    for (let j = 0; j < sr.length; j++) if (r[i + j] !== sr[j]) return false;
    return true;
  };
  if (!last) {
    for (let i = off; i <= r.length - sr.length; i++) if (matchAt(i)) return BigInt(i);
    return -1n;
  }
  for (let i = Math.min(off, r.length - sr.length); i >= 0; i--) if (matchAt(i)) return BigInt(i);
  return -1n;
}

function asciiCase(s: string, upper: boolean): string {
  return s.replace(upper ? /[a-z]+/g : /[A-Z]+/g, (m) => (upper ? m.toUpperCase() : m.toLowerCase()));
}

/** Go strings.Replace. */
function replaceN(s: string, old: string, rep: string, n: number): string {
  if (n === 0 || old === rep) return s;
  if (old === '') {
    const r = runes(s);
    const out: string[] = [];
    let done = 0;
    for (let i = 0; i <= r.length; i++) {
      if (n < 0 || done < n) {
        out.push(rep);
        done++;
      }
      if (i < r.length) out.push(r[i]);
    }
    return out.join('');
  }
  if (n < 0) return s.split(old).join(rep);
  let out = '';
  let i = 0;
  for (let k = 0; k < n; k++) {
    const j = s.indexOf(old, i);
    if (j < 0) break;
    out += s.slice(i, j) + rep;
    i = j + old.length;
  }
  return out + s.slice(i);
}

/** Go strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const r = runes(s);
    if (n < 0 || n >= r.length) return r;
    return [...r.slice(0, n - 1), r.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function substring(s: string, start: bigint, end?: bigint): string {
  const r = hasAstral(s) ? runes(s) : undefined;
  const l = BigInt(r ? r.length : s.length);
  if (end === undefined) {
    if (start < 0n || start > l) return fail(`index out of range: ${start}`);
    return r ? r.slice(Number(start)).join('') : s.slice(Number(start));
  }
  if (start > end) return fail(`invalid substring range. start: ${start}, end: ${end}`);
  if (start < 0n || start > l) return fail(`index out of range: ${start}`);
  if (end < 0n || end > l) return fail(`index out of range: ${end}`);
  return r ? r.slice(Number(start), Number(end)).join('') : s.slice(Number(start), Number(end));
}

const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '\x07': out += '\\a'; break;
      case '\b': out += '\\b'; break;
      case '\f': out += '\\f'; break;
      case '\n': out += '\\n'; break;
      case '\r': out += '\\r'; break;
      case '\t': out += '\\t'; break;
      case '\v': out += '\\v'; break;
      case '\\': out += '\\\\'; break;
      case '"': out += '\\"'; break;
      default: out += ch;
    }
  }
  return `${out}"`;
}

// ---------------------------------------------------------------- string.format (ext/formatting.go)

function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function fixed(d: number, prec: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  if (Math.abs(d) < 1e21) {
    // Go rounds an exact tie to even; toFixed rounds it away from zero
    if (prec + 30 <= 100) {
      const long = Math.abs(d).toFixed(prec + 30);
      const cut = long.length - 30;
      if (/^50*$/.test(long.slice(cut))) {
        const kept = long.slice(0, cut).replace('.', '');
        const last = Number(kept[kept.length - 1]);
        if (last % 2 === 0) {
          const digits = kept;
          const intLen = digits.length - prec;
          const out = prec > 0 ? `${digits.slice(0, intLen)}.${digits.slice(intLen)}` : digits;
          return `${d < 0 ? '-' : ''}${out}`;
        }
      }
    }
    return d.toFixed(prec);
  }
  // toFixed switches to exponent form above 1e21; expand exactly
  const big = BigInt(d);
  return prec > 0 ? `${big}.${'0'.repeat(prec)}` : big.toString();
}

function scientific(d: number, prec: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  const e = d.toExponential(prec);
  return e.replace(/e([+-])(\d)$/, 'e$10$2');
}

function formatError(kind: string, clause: string, t: string): never {
  return fail(`error during formatting: ${clause} clause can only be used on ${kind}, was given ${t}`);
}

function clauseValue(v: unknown): string {
  // the representation of list and map members (ext/formatting.go clauseForType + quoteForCEL)
  const t = typeName(v);
  switch (t) {
    case 'string': return goQuote(v as string);
    case 'bytes': return `b${goQuote(fromUtf8(v as Uint8Array))}`;
    case 'int': case 'uint': return toStr(v);
    case 'bool': case 'null_type': return formatS(v);
    case 'type': return formatS(v);
    case 'double': {
      const d = v as number;
      const s = fixed(d, 6);
      return Number.isFinite(d) ? s : goQuote(s);
    }
    case 'google.protobuf.Timestamp': return `timestamp(${goQuote(toStr(v))})`;
    case 'google.protobuf.Duration': return `duration(${goQuote(toStr(v))})`;
    case 'list': return formatS(v);
    case 'map': return formatS(v);
    default: return fail(`error during formatting: no formatting function for ${t}`);
  }
}

/** `%s` of a value. */
function formatS(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(clauseValue).join(', ')}]`;
  if (isMapValue(v)) {
    const pairs = mapEntries(v).map(([k, x]) => {
      const kt = typeName(k);
      if (kt !== 'string' && kt !== 'bool' && kt !== 'int' && kt !== 'uint') {
        return fail(`error during formatting: no formatting function for map key of type ${kt}`);
      }
      return [kt === 'string' ? goQuote(k as string) : toStr(k), clauseValue(x)];
    });
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return `{${pairs.map(([k, x]) => `${k}:${x}`).join(', ')}}`;
  }
  const t = typeName(v);
  if (['int', 'uint', 'double', 'bool', 'string', 'google.protobuf.Timestamp', 'bytes', 'google.protobuf.Duration', 'type'].includes(t)) return toStr(v);
  return formatError('strings, bools, bytes, ints, doubles, maps, lists, types, durations, and timestamps', 'string', t);
}

function intOf(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (v instanceof CelUint) return v.v;
  return undefined;
}

function radix(v: unknown, base: number, clause: string, upper = false): string {
  const n = intOf(v);
  if (n !== undefined) {
    const s = n.toString(base);
    return upper ? s.toUpperCase() : s;
  }
  if (base === 2 && typeof v === 'boolean') return v ? '1' : '0';
  if (base === 16 && (typeof v === 'string' || v instanceof Uint8Array)) {
    const b = typeof v === 'string' ? utf8(v) : v;
    const s = Buffer.from(b).toString('hex');
    return upper ? s.toUpperCase() : s;
  }
  const kinds: Record<string, string> = {
    binary: 'integers and bools', hex: 'integers, byte buffers, and strings', octal: 'integers',
  };
  return formatError(kinds[clause], clause, typeName(v));
}

function floatArg(v: unknown, clause: string): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return formatError('doubles', clause, typeName(v));
}

/** `"...".format([args])` with cel-go's clauses: %s %d %f %e %b %x %X %o %%, precision `.N`. */
export function formatString(f: string, args: unknown[]): string {
  let out = '';
  let ai = 0;
  let i = 0;
  while (i < f.length) {
    const ch = f[i];
    if (ch !== '%') {
      out += ch;
      i++;
      continue;
    }
    if (f[i + 1] === '%') {
      out += '%';
      i += 2;
      continue;
    }
    if (ai >= args.length) return fail(`index ${ai} out of range`);
    if (i + 1 >= f.length) return fail('unexpected end of string');
    const arg = args[ai++];
    i++;
    let prec: number | undefined;
    if (f[i] === '.') {
      i++;
      let digits = '';
      while (i < f.length && f[i] >= '0' && f[i] <= '9') digits += f[i++];
      if (i >= f.length) return fail('could not parse formatting clause: error while parsing precision: could not find end of precision specifier');
      prec = Number(digits || 'NaN');
      if (Number.isNaN(prec)) return fail('could not parse formatting clause: error while parsing precision: error while converting precision to integer: strconv.Atoi: parsing "": invalid syntax');
    }
    const verb = f[i++];
    switch (verb) {
      case 's':
        out += formatS(arg);
        break;
      case 'd': {
        const n = intOf(arg);
        if (n === undefined) formatError('integers', 'decimal', typeName(arg));
        out += n!.toString();
        break;
      }
      case 'f':
        out += fixed(floatArg(arg, 'fixed-point'), prec ?? 6);
        break;
      case 'e':
        out += scientific(floatArg(arg, 'scientific'), prec ?? 6);
        break;
      case 'b':
        out += radix(arg, 2, 'binary');
        break;
      case 'x':
      case 'X':
        out += radix(arg, 16, 'hex', verb === 'X');
        break;
      case 'o':
        out += radix(arg, 8, 'octal');
        break;
      default:
        return fail(`could not parse formatting clause: unrecognized formatting clause "${verb ?? ''}"`);
    }
  }
  return out;
}

// ---------------------------------------------------------------- time

interface Civil {
  year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number; dow: number; doy: number;
}

const TZ_OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const DTF_CACHE = new Map<string, Intl.DateTimeFormat>();

function civil(ts: CelTimestamp, tz?: string): Civil {
  let secs = floorDiv(ts.ns, NS_PER_S);
  const ms = Number((ts.ns - secs * NS_PER_S) / 1_000_000n);
  if (tz !== undefined && tz !== 'UTC' && tz !== 'Z') {
    const m = TZ_OFFSET.exec(tz) ?? /^(\d{2}):(\d{2})$/.exec(tz);
    if (m) {
      const sign = m.length === 4 && m[1] === '-' ? -1 : 1;
      const h = Number(m.length === 4 ? m[2] : m[1]);
      const mi = Number(m.length === 4 ? m[3] : m[2]);
      secs += BigInt(sign * (h * 3600 + mi * 60));
    } else {
      let dtf = DTF_CACHE.get(tz);
      if (!dtf) {
        try {
          dtf = new Intl.DateTimeFormat('en-US', {
            timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
          });
        } catch {
          return fail(`unknown time zone ${tz}`);
        }
        DTF_CACHE.set(tz, dtf);
      }
      const parts: Record<string, number> = {};
      for (const p of dtf.formatToParts(new Date(Number(secs) * 1000))) if (p.type !== 'literal' && p.type !== 'era') parts[p.type] = Number(p.value);
      const localDays = daysFromCivil(parts.year, parts.month, parts.day);
      secs = BigInt(localDays) * 86400n + BigInt(parts.hour * 3600 + parts.minute * 60 + parts.second);
    }
  }
  const days = Number(floorDiv(secs, 86400n));
  const sod = Number(secs - BigInt(days) * 86400n);
  const [year, month, day] = civilFromDays(days);
  const jan1 = daysFromCivil(year, 1, 1);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor(sod / 60) % 60,
    second: sod % 60,
    ms,
    dow: (((days + 4) % 7) + 7) % 7,
    doy: days - jan1,
  };
}


function timeGetter(pick: (c: Civil) => number, durPick?: (ns: bigint) => bigint): Impl {
  return (_c, a) => {
    const v = a[0];
    if (v instanceof CelTimestamp) {
      arity(a, 1, 2);
      return BigInt(pick(civil(v, a.length === 2 ? str(a[1]) : undefined)));
    }
    if (v instanceof CelDuration && durPick && a.length === 1) return durPick(v.ns);
    return noOverload();
  };
}

// ---------------------------------------------------------------- lists

function sortValues(l: unknown[]): unknown[] {
  if (l.length > 1) {
    const t = typeName(l[0]);
    for (const x of l) if (typeName(x) !== t) return fail('list elements must have the same type');
  }
  return [...l].sort((a, b) => celCompare(a, b));
}

function flatten(l: unknown[], depth: bigint): unknown[] {
  if (depth < 0n) return fail('level must be non-negative');
  const out: unknown[] = [];
  for (const x of l) {
    if (Array.isArray(x) && depth > 0n) out.push(...flatten(x, depth - 1n));
    else out.push(x);
  }
  return out;
}

function numericSum(l: unknown[]): unknown {
  if (l.length === 0) return 0n;
  let acc: unknown = l[0];
  for (let i = 1; i < l.length; i++) acc = addValues(acc, l[i]);
  return acc;
}

function addValues(a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint' && typeof b === 'bigint') return checkInt(a + b);
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (a instanceof CelUint && b instanceof CelUint) return mkUint(a.v + b.v);
  if (a instanceof CelDuration && b instanceof CelDuration) return mkDuration(a.ns + b.ns);
  return noOverload();
}

function listIndexOf(l: unknown[], v: unknown, last: boolean): bigint {
  if (last) {
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(l[i], v)) return BigInt(i);
  } else {
    for (let i = 0; i < l.length; i++) if (celEquals(l[i], v)) return BigInt(i);
  }
  return -1n;
}

function minMax(l: unknown[], max: boolean): unknown {
  if (l.length === 0) return fail(`${max ? 'max' : 'min'}(list) argument must not be empty`);
  let best = l[0];
  for (let i = 1; i < l.length; i++) {
    const c = celCompare(l[i], best);
    if (max ? c > 0 : c < 0) best = l[i];
  }
  return best;
}

function setContains(a: unknown[], b: unknown[]): boolean {
  return b.every((x) => a.some((y) => celEquals(x, y)));
}

// ---------------------------------------------------------------- optional

function isZero(v: unknown): boolean {
  switch (typeof v) {
    case 'boolean': return v === false;
    case 'bigint': return v === 0n;
    case 'number': return v === 0;
    case 'string': return v === '';
    default:
      if (v === null) return true;
      if (v instanceof CelUint) return v.v === 0n;
      if (v instanceof Uint8Array || Array.isArray(v)) return v.length === 0;
      if (isMapValue(v)) return mapSize(v) === 0;
      if (v instanceof CelTimestamp || v instanceof CelDuration) return v.ns === 0n;
      if (v instanceof CelMessage) return v.fields.size === 0;
      return false;
  }
}

function opt(v: unknown): CelOptional {
  if (!(v instanceof CelOptional)) return noOverload();
  return v;
}

// ---------------------------------------------------------------- tables

function sizeOf(v: unknown): bigint {
  if (typeof v === 'string') return BigInt(cpLength(v));
  if (Array.isArray(v) || v instanceof Uint8Array) return BigInt(v.length);
  if (isMapValue(v)) return BigInt(mapSize(v));
  return noOverload();
}

function matches(c: EvalContext, s: unknown, re: unknown): boolean {
  const src = str(s);
  const pattern = str(re);
  chargeRegex(c, src, pattern);
  return compileRegex(pattern).test(src);
}

/** Global functions, by name (namespaced ones as `ns.name`). */
export const GLOBALS: Record<string, Impl> = {
  'size': (_c, a) => {
    arity(a, 1);
    return sizeOf(a[0]);
  },
  'int': (_c, a) => toInt(a[0]),
  'uint': (_c, a) => toUint(a[0]),
  'double': (_c, a) => toDouble(a[0]),
  'string': (_c, a) => toStr(a[0]),
  'bytes': (_c, a) => {
    if (a[0] instanceof Uint8Array) return a[0];
    return utf8(str(a[0]));
  },
  'bool': (_c, a) => {
    if (typeof a[0] === 'boolean') return a[0];
    const b = BOOL_STRINGS[str(a[0])];
    if (b === undefined) return fail('type conversion error from \'string\' to \'bool\'');
    return b;
  },
  'dyn': (_c, a) => a[0],
  'duration': (_c, a) => {
    if (a[0] instanceof CelDuration) return a[0];
    return parseDuration(str(a[0]));
  },
  'timestamp': (_c, a) => {
    const v = a[0];
    if (v instanceof CelTimestamp) return v;
    if (typeof v === 'bigint') return mkTimestamp(v * NS_PER_S);
    return parseTimestamp(str(v));
  },
  'matches': (c, a) => {
    arity(a, 2);
    return matches(c, a[0], a[1]);
  },
  'optional.of': (_c, a) => new CelOptional(true, a[0]),
  'optional.none': () => CelOptional.NONE,
  'optional.ofNonZeroValue': (_c, a) => (isZero(a[0]) ? CelOptional.NONE : new CelOptional(true, a[0])),
  'optional.unwrap': (_c, a) => unwrapOpts(list(a[0])),
  'sets.contains': (_c, a) => setContains(list(a[0]), list(a[1])),
  'sets.equivalent': (_c, a) => setContains(list(a[0]), list(a[1])) && setContains(list(a[1]), list(a[0])),
  'sets.intersects': (_c, a) => list(a[0]).some((x) => list(a[1]).some((y) => celEquals(x, y))),
  'lists.range': (c, a) => {
    const n = int(a[0]);
    const out: bigint[] = [];
    chargeLen(c, Number(n) * 10);
    for (let i = 0n; i < n; i++) out.push(i);
    return out;
  },
  'strings.quote': (_c, a) => quote(str(a[0])),
  ...K8S_GLOBALS,
};

function unwrapOpts(l: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of l) if (opt(x).has) out.push((x as CelOptional).v);
  return out;
}

/** Member functions, by name; `args[0]` is the receiver. */
export const MEMBERS: Record<string, Impl> = {
  size: (_c, a) => {
    arity(a, 1);
    return sizeOf(a[0]);
  },
  contains: (c, a) => {
    const s = str(a[0]);
    const sub = str(a[1]);
    // runtimecost.go costCall, ContainsString: ceil(size(s) * 0.1) * ceil(size(sub) * 0.1), the call's step included
    chargeCall(c, Math.ceil(cpLength(s) * 0.1) * Math.ceil(cpLength(sub) * 0.1));
    return s.includes(sub);
  },
  startsWith: (c, a) => {
    const s = str(a[0]);
    chargeCall(c, Math.ceil(cpLength(s) * 0.1));
    return s.startsWith(str(a[1]));
  },
  endsWith: (c, a) => {
    const s = str(a[0]);
    chargeCall(c, Math.ceil(cpLength(s) * 0.1));
    return s.endsWith(str(a[1]));
  },
  matches: (c, a) => matches(c, a[0], a[1]),
  getFullYear: timeGetter((x) => x.year),
  getMonth: timeGetter((x) => x.month - 1),
  getDate: timeGetter((x) => x.day),
  getDayOfMonth: timeGetter((x) => x.day - 1),
  getDayOfWeek: timeGetter((x) => x.dow),
  getDayOfYear: timeGetter((x) => x.doy),
  getHours: timeGetter((x) => x.hour, (ns) => ns / (3600n * NS_PER_S)),
  getMinutes: timeGetter((x) => x.minute, (ns) => ns / (60n * NS_PER_S)),
  getSeconds: timeGetter((x) => x.second, (ns) => ns / NS_PER_S),
  getMilliseconds: timeGetter((x) => x.ms, (ns) => (ns % NS_PER_S) / 1_000_000n),
  charAt: (_c, a) => {
    arity(a, 2);
    return charAt(str(a[0]), int(a[1]));
  },
  indexOf: (_c, a) => {
    if (Array.isArray(a[0])) {
      arity(a, 2);
      return listIndexOf(a[0], a[1], false);
    }
    arity(a, 2, 3);
    const s = str(a[0]);
    return indexOfStr(s, str(a[1]), a.length === 3 ? int(a[2]) : 0n, false);
  },
  lastIndexOf: (_c, a) => {
    if (Array.isArray(a[0])) {
      arity(a, 2);
      return listIndexOf(a[0], a[1], true);
    }
    arity(a, 2, 3);
    const s = str(a[0]);
    const sub = str(a[1]);
    if (a.length === 3) return indexOfStr(s, sub, int(a[2]), true);
    const len = BigInt(cpLength(s));
    if (sub === '') return len;
    return len === 0n ? -1n : indexOfStr(s, sub, len - 1n, true);
  },
  lowerAscii: (_c, a) => asciiCase(str(a[0]), false),
  upperAscii: (_c, a) => asciiCase(str(a[0]), true),
  replace: (c, a) => {
    arity(a, 3, 4);
    const s = str(a[0]);
    chargeLen(c, s.length);
    return replaceN(s, str(a[1]), str(a[2]), a.length === 4 ? Number(int(a[3])) : -1);
  },
  split: (c, a) => {
    arity(a, 2, 3);
    const s = str(a[0]);
    chargeLen(c, s.length);
    return splitN(s, str(a[1]), a.length === 3 ? Number(int(a[2])) : -1);
  },
  substring: (_c, a) => arity(a, 2, 3) ?? substring(str(a[0]), int(a[1]), a.length === 3 ? int(a[2]) : undefined),
  trim: (_c, a) => str(a[0]).replace(GO_SPACE, ''),
  join: (_c, a) => {
    const l = list(a[0]);
    const sep = a.length === 2 ? str(a[1]) : '';
    for (const x of l) if (typeof x !== 'string') return fail(`join: invalid input: ${toStr(x)}`);
    return l.join(sep);
  },
  reverse: (_c, a) => {
    if (Array.isArray(a[0])) return [...a[0]].reverse();
    return runes(str(a[0])).reverse().join('');
  },
  format: (c, a) => {
    const f = str(a[0]);
    chargeLen(c, f.length);
    return formatString(f, list(a[1]));
  },
  // ext.Lists
  distinct: (_c, a) => {
    const out: unknown[] = [];
    for (const x of list(a[0])) if (!out.some((y) => celEquals(x, y))) out.push(x);
    return out;
  },
  flatten: (_c, a) => flatten(list(a[0]), a.length === 2 ? int(a[1]) : 1n),
  slice: (_c, a) => {
    const l = list(a[0]);
    const s = int(a[1]);
    const e = int(a[2]);
    if (s < 0n || e < 0n) return fail(`cannot slice(${s}, ${e}), negative indexes not supported`);
    if (s > e) return fail(`cannot slice(${s}, ${e}), start index must be less than or equal to end index`);
    if (BigInt(l.length) < e) return fail(`cannot slice(${s}, ${e}), list is length ${l.length}`);
    return l.slice(Number(s), Number(e));
  },
  sort: (_c, a) => sortValues(list(a[0])),
  first: (_c, a) => {
    const l = list(a[0]);
    return l.length ? new CelOptional(true, l[0]) : CelOptional.NONE;
  },
  last: (_c, a) => {
    const l = list(a[0]);
    return l.length ? new CelOptional(true, l[l.length - 1]) : CelOptional.NONE;
  },
  // Kubernetes lists library
  isSorted: (_c, a) => {
    const l = list(a[0]);
    for (let i = 1; i < l.length; i++) if (celCompare(l[i - 1], l[i]) > 0) return false;
    return true;
  },
  sum: (_c, a) => numericSum(list(a[0])),
  min: (_c, a) => minMax(list(a[0]), false),
  max: (_c, a) => minMax(list(a[0]), true),
  // optionals
  hasValue: (_c, a) => opt(a[0]).has,
  value: (_c, a) => {
    const o = opt(a[0]);
    if (!o.has) return fail('optional.none() dereference');
    return o.v;
  },
  orValue: (_c, a) => {
    const o = opt(a[0]);
    return o.has ? o.v : a[1];
  },
  or: (_c, a) => {
    const o = opt(a[0]);
    if (o.has) return o;
    return opt(a[1]);
  },
  unwrapOpt: (_c, a) => unwrapOpts(list(a[0])),
  ...K8S_MEMBERS,
};
