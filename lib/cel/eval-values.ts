/* eslint-disable no-bitwise */ // 64-bit ranges and IP address bytes
/**
 * Runtime values of the CEL evaluator and the operations every part of it shares
 * (equality, ordering, type names, conversion from and to JavaScript).
 *
 * Representation (internal):
 * - null → null, bool → boolean, string → string, double → number, bytes → Uint8Array
 * - int → bigint (always within int64), uint → {@link CelUint}
 * - list → array of runtime values
 * - map → {@link CelMap}, or a plain JavaScript object handed in by the caller (its
 *   values are converted when they are read, see {@link fromJs})
 * - timestamp / duration → {@link CelTimestamp} / {@link CelDuration} (bigint nanoseconds)
 * - optional → {@link CelOptional}, type → {@link CelTypeValue}
 * - `Object{...}` / `JSONPatch{...}` → {@link CelMessage}
 * Semantics follow google/cel-go common/types.
 */

/** An evaluation error carrying CEL's message. Not an Error subclass: it is cheap to make. */
export class EvalErr {
  constructor(public readonly message: string) {}
}

/** Raised when the cost limit is exceeded; never absorbed by `&&`/`||`. */
export class CostLimitExceeded {
  public readonly message = 'operation cancelled: actual cost limit exceeded';
}

/** The argument as a string, or "no such overload". */
export function argString(v: unknown): string {
  if (typeof v !== 'string') return noOverload();
  return v;
}

/** The argument as an int, or "no such overload". */
export function argInt(v: unknown): bigint {
  if (typeof v !== 'bigint') return noOverload();
  return v;
}

/** Throws an evaluation error. */
export function fail(message: string): never {
  throw new EvalErr(message);
}

export const NO_SUCH_OVERLOAD = 'no such overload';
export function noOverload(): never {
  throw new EvalErr(NO_SUCH_OVERLOAD);
}

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);
export const UINT64_MAX = (1n << 64n) - 1n;

/** int64 result check (cel-go common/types/overflow.go). */
export function checkInt(v: bigint): bigint {
  if (v > INT64_MAX || v < INT64_MIN) throw new EvalErr('integer overflow');
  return v;
}

/** An unsigned 64-bit integer. */
export class CelUint {
  constructor(public readonly v: bigint) {}
  public toString(): string {
    return this.v.toString();
  }
}

/** uint64 result check. */
export function mkUint(v: bigint): CelUint {
  if (v < 0n || v > UINT64_MAX) throw new EvalErr('unsigned integer overflow');
  return new CelUint(v);
}

/** optional(T) */
export class CelOptional {
  static readonly NONE = new CelOptional(false, undefined);
  constructor(public readonly has: boolean, public readonly v: unknown) {}
  public toString(): string {
    return this.has ? `optional.of(${celToString(this.v)})` : 'optional.none()';
  }
}

const TYPE_CACHE = new Map<string, CelTypeValue>();

/** A CEL type value (`type(x)`, `int`, `list`, ...). */
export class CelTypeValue {
  public static of(name: string): CelTypeValue {
    let t = TYPE_CACHE.get(name);
    if (!t) {
      t = new CelTypeValue(name);
      TYPE_CACHE.set(name, t);
    }
    return t;
  }
  private constructor(public readonly name: string) {}
  public toString(): string {
    return this.name;
  }
}

const NS_PER_S = 1_000_000_000n;
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999999Z in Unix seconds. */
const TS_MIN_S = -62135596800n;
const TS_MAX_S = 253402300799n;

/** google.protobuf.Timestamp, as nanoseconds since the Unix epoch. */
export class CelTimestamp {
  constructor(public readonly ns: bigint) {}
  public toString(): string {
    return formatTimestamp(this.ns);
  }
}

/** google.protobuf.Duration, as nanoseconds. */
export class CelDuration {
  constructor(public readonly ns: bigint) {}
  public toString(): string {
    return formatDuration(this.ns);
  }
}

/** Range-checked timestamp. */
export function mkTimestamp(ns: bigint): CelTimestamp {
  const s = floorDiv(ns, NS_PER_S);
  if (s < TS_MIN_S || s > TS_MAX_S) throw new EvalErr('timestamp overflow');
  return new CelTimestamp(ns);
}

/** Range-checked duration. */
export function mkDuration(ns: bigint): CelDuration {
  // cel-go keeps durations in a time.Duration (int64 nanoseconds)
  if (ns > INT64_MAX || ns < INT64_MIN) throw new EvalErr('integer overflow');
  return new CelDuration(ns);
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** A map built by the evaluator; keys are int, uint, bool or string, with numeric key equality. */
export class CelMap {
  /** normalised key → [original key, value] */
  public readonly m = new Map<unknown, [unknown, unknown]>();
  /**
   * A CRD object with declared properties (keys are escaped names): `self.namespace` finds
   * `__namespace__`, as apiserver pkg/cel/types.go FindStructFieldType does for CEL keywords
   * (recognizeKeywordAsFieldName, on since compatibility version 1.31).
   */
  public object = false;
  public get size(): number {
    return this.m.size;
  }
  public toString(): string {
    return celToString(this);
  }
}

/**
 * Normalised form of a map key: strings and booleans as themselves, int and uint as a
 * bigint (so `1`, `1u` and `1.0` find the same entry). `undefined` for a value that can
 * never be a key (a double with a fraction).
 */
export function mapKey(k: unknown): unknown {
  switch (typeof k) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return k;
    case 'number':
      return Number.isInteger(k) ? BigInt(k) : undefined;
    default:
      if (k instanceof CelUint) return k.v;
      return undefined;
  }
}

/** Whether `k` may be used as a map key when a map is built. */
export function validKeyType(k: unknown): boolean {
  const t = typeof k;
  return t === 'string' || t === 'boolean' || t === 'bigint' || k instanceof CelUint;
}

/** A message literal of the mutation environments: `Object.spec{...}`, `JSONPatch{...}`. */
export class CelMessage {
  constructor(public readonly typeName: string, public readonly fields: Map<string, unknown>) {} // eslint-disable-line @typescript-eslint/no-shadow
  public toString(): string {
    return `${this.typeName}{${[...this.fields].map(([k, v]) => `${k}: ${celToString(v)}`).join(', ')}}`;
  }
}

/** A value of a library type (Quantity, IP, CIDR, URL, Semver, authorizer values). */
export interface LibValue {
  /** The CEL type name, e.g. `kubernetes.Quantity`. */
  readonly celType: string;
  /** CEL's string conversion of the value. */
  toString(): string;
  /** Equality within the type. */
  equals(other: LibValue): boolean;
  /** Ordering within the type, when ordered. */
  compare?(other: LibValue): number;
  /** Field selection, for types with fields. */
  field?(name: string): unknown;
}

export function isLib(v: unknown): v is LibValue {
  return typeof v === 'object' && v !== null && typeof (v as LibValue).celType === 'string';
}

/** Whether `v` is a plain JavaScript object handed in by the caller (a map with string keys). */
export function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * Lists of the caller's data already converted in this evaluation: a rule that reads
 * `self.items` inside a loop over it would otherwise convert the whole list at every step.
 * Reset at the start of every evaluation (the caller's data may change between evaluations).
 */
let converted = new WeakMap<object, unknown[]>();
const CONVERTED_MIN = 16;

/** Forgets the conversions of the previous evaluation. */
export function resetConversions(): void {
  converted = new WeakMap();
}

/**
 * A caller value as a CEL value: integral numbers become int, other numbers double,
 * bigints int, arrays lists (elements converted), Maps CEL maps, Dates timestamps;
 * plain objects stay as they are and convert their fields on access.
 */

export function fromJs(v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && v <= 9223372036854775807 && v >= -9223372036854775808 ? BigInt(v) : v;
    case 'undefined':
      return null;
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return v > INT64_MAX ? mkUint(v) : checkInt(v);
    case 'object': {
      if (v === null) return null;
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype || proto === null) return v;
      if (Array.isArray(v)) {
        const hit = v.length >= CONVERTED_MIN ? converted.get(v) : undefined;
        if (hit && hit.length === v.length) return hit;
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = fromJs(v[i]);
        if (v.length >= CONVERTED_MIN) converted.set(v, out);
        return out;
      }
      if (v instanceof Map) {
        const m = new CelMap();
        for (const [k, x] of v) {
          const ck = fromJs(k);
          m.m.set(mapKey(ck), [ck, fromJs(x)]);
        }
        return m;
      }
      if (v instanceof Date) return mkTimestamp(BigInt(v.getTime()) * 1_000_000n);
      return v;
    }
    default:
      return v;
  }
}

/** A CEL value as the JavaScript value of the public mapping. */
/** Sets `o[k]` as data: a key `__proto__` becomes an own property, not the prototype. */
function setData(o: Record<string, unknown>, k: string, x: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
  else o[k] = x;
}

export function toJs(v: unknown): unknown {
  switch (typeof v) {
    case 'bigint':
      return v <= 9007199254740991n && v >= -9007199254740991n ? Number(v) : v;
    case 'object': {
      if (v === null) return null;
      if (v instanceof CelUint) return v.v <= 9007199254740991n ? Number(v.v) : v.v;
      if (Array.isArray(v)) return v.map(toJs);
      if (v instanceof CelMap) {
        let allStrings = true;
        for (const [k] of v.m.values()) {
          if (typeof k !== 'string') {
            allStrings = false;
            break;
          }
        }
        if (allStrings) {
          const o: Record<string, unknown> = {};
          for (const [k, x] of v.m.values()) setData(o, k as string, toJs(x));
          return o;
        }
        const out = new Map<unknown, unknown>();
        for (const [k, x] of v.m.values()) out.set(toJs(k), toJs(x));
        return out;
      }
      if (v instanceof CelMessage) {
        const o: Record<string, unknown> = {};
        for (const [k, x] of v.fields) setData(o, k, toJs(x));
        return o;
      }
      return v;
    }
    default:
      return v;
  }
}

/**
 * A CEL value as plain JSON, for callers that cannot hold bigint, Map, NaN or library objects
 * (the jsii languages): the proto3 JSON mapping CEL uses for google.protobuf.Value.
 * int and uint within ±(2^53-1) are numbers, larger ones decimal strings; double NaN and
 * ±Infinity are the strings "NaN", "Infinity", "-Infinity"; bytes are base64; timestamps are
 * RFC 3339 strings and durations strings such as "1.5s"; map keys are their string form;
 * an optional is its value or null; quantity, ip, cidr, url, semver and type values are
 * their CEL `string()` form.
 */
export function toJsonValue(v: unknown): unknown {
  switch (typeof v) {
    case 'bigint':
      return v <= 9007199254740991n && v >= -9007199254740991n ? Number(v) : v.toString();
    case 'number':
      return Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
    case 'object': {
      if (v === null) return null;
      if (v instanceof CelUint) return toJsonValue(v.v);
      if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
      if (Array.isArray(v)) return v.map(toJsonValue);
      if (v instanceof CelMap) {
        const o: Record<string, unknown> = {};
        for (const [k, x] of v.m.values()) o[String(toJsonValue(k))] = toJsonValue(x);
        return o;
      }
      if (v instanceof CelMessage) {
        const o: Record<string, unknown> = {};
        for (const [k, x] of v.fields) o[k] = toJsonValue(x);
        return o;
      }
      if (v instanceof CelOptional) return v.has ? toJsonValue(v.v) : null;
      return String(v);
    }
    default:
      return v;
  }
}

/** The CEL type name of a runtime value. */
export function typeName(v: unknown): string {
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'number': return 'double';
    case 'string': return 'string';
    case 'object':
      if (v === null) return 'null_type';
      if (Array.isArray(v)) return 'list';
      if (v instanceof CelUint) return 'uint';
      if (v instanceof Uint8Array) return 'bytes';
      if (v instanceof CelMap || isPlain(v)) return 'map';
      if (v instanceof CelTimestamp) return 'google.protobuf.Timestamp';
      if (v instanceof CelDuration) return 'google.protobuf.Duration';
      if (v instanceof CelOptional) return 'optional_type';
      if (v instanceof CelTypeValue) return 'type';
      if (v instanceof CelMessage) return v.typeName;
      if (isLib(v)) return v.celType;
      return 'dyn';
    default:
      return 'dyn';
  }
}

/** Numeric value for cross-type comparison: [kind, value]. */
function numCmp(a: unknown, b: unknown): number | undefined {
  // returns -1/0/1, NaN-aware (undefined when unordered or not both numeric)
  let ai: bigint | undefined;
  let ad: number | undefined;
  let bi: bigint | undefined;
  let bd: number | undefined;
  if (typeof a === 'bigint') ai = a;
  else if (a instanceof CelUint) ai = a.v;
  else if (typeof a === 'number') ad = a;
  else return undefined;
  if (typeof b === 'bigint') bi = b;
  else if (b instanceof CelUint) bi = b.v;
  else if (typeof b === 'number') bd = b;
  else return undefined;
  if (ai !== undefined && bi !== undefined) return ai < bi ? -1 : ai > bi ? 1 : 0;
  if (ad !== undefined && bd !== undefined) {
    if (Number.isNaN(ad) || Number.isNaN(bd)) return NaN;
    return ad < bd ? -1 : ad > bd ? 1 : 0;
  }
  // one int or uint, one double: cel-go converts the integer to a double (lossy)
  const x = ai !== undefined ? Number(ai) : ad!;
  const y = bi !== undefined ? Number(bi) : bd!;
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** CEL heterogeneous equality (cel-go common/types: Equal). */
/**
 * Lists of a CRD's `x-kubernetes-list-type: set` or `map` (with its escaped key names): they
 * compare as sets or by key, and `+` unions or merges them (apiserver pkg/cel/common
 * valuesunstructured.go unstructuredSetList and unstructuredMapList). The left operand decides.
 */
export const LIST_TYPES = new WeakMap<unknown[], { readonly set?: true; readonly keys?: readonly string[] }>();

/** A scalar's identity for set membership, or undefined for values compared structurally. */
function scalarKey(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string': return `s${v}`;
    case 'bigint': return `i${v}`;
    case 'number': return `d${v}`;
    case 'boolean': return `b${v}`;
    default: return v === null ? 'n' : undefined;
  }
}

function listKey(e: unknown, keys: readonly string[]): string {
  const m = e instanceof CelMap ? e : undefined;
  return JSON.stringify(keys.map((k) => {
    const x = m?.m.get(k)?.[1];
    return x === undefined ? null : scalarKey(x) ?? String(x);
  }));
}

/** Whether set-list `a` holds every element of `b` and has the same size (unstructuredSetList.Equal). */
function setListEquals(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set<string>();
  const others: unknown[] = [];
  for (const x of a) {
    const k = scalarKey(x);
    if (k === undefined) others.push(x);
    else keys.add(k);
  }
  for (const y of b) {
    const k = scalarKey(y);
    if (k !== undefined ? !keys.has(k) : !others.some((x) => celEquals(x, y))) return false;
  }
  return true;
}

/** Whether map-list `a` has, for every element of `b`, an equal element with its key (unstructuredMapList.Equal). */
function mapListEquals(a: unknown[], b: unknown[], keys: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const byKey = new Map<string, unknown>();
  for (const x of a) byKey.set(listKey(x, keys), x);
  for (const y of b) {
    const x = byKey.get(listKey(y, keys));
    if (x === undefined || !celEquals(x, y)) return false;
  }
  return true;
}

/** `a + b` for a set or map list `a` (unstructuredSetList.Add, unstructuredMapList.Add). */
export function addTypedList(a: unknown[], b: unknown[]): unknown[] | undefined {
  const t = LIST_TYPES.get(a);
  if (!t) return undefined;
  const out = [...a];
  if (t.set) {
    for (const y of b) if (!out.some((x) => celEquals(x, y))) out.push(y);
  } else if (t.keys) {
    const idx = new Map<string, number>();
    out.forEach((x, i) => idx.set(listKey(x, t.keys!), i));
    for (const y of b) {
      const k = listKey(y, t.keys);
      const at = idx.get(k);
      if (at !== undefined) {out[at] = y;} else {
        idx.set(k, out.length);
        out.push(y);
      }
    }
  }
  LIST_TYPES.set(out, t);
  return out;
}

export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'string' || tb === 'string' || ta === 'boolean' || tb === 'boolean') return false;
  if (ta === 'bigint' || ta === 'number' || a instanceof CelUint) {
    const c = numCmp(a, b);
    return c === 0;
  }
  if (a === null || b === null || ta !== 'object' || tb !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    const t = LIST_TYPES.get(a);
    if (t?.set) return setListEquals(a, b);
    if (t?.keys) return mapListEquals(a, b, t.keys);
    for (let i = 0; i < a.length; i++) if (!celEquals(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (isMapValue(a)) {
    if (!isMapValue(b) || mapSize(a) !== mapSize(b)) return false;
    for (const [k, v] of mapEntries(a)) {
      const bv = mapGet(b, k);
      if (bv === undefined || !celEquals(v, bv)) return false;
    }
    return true;
  }
  if (a instanceof CelTimestamp) return b instanceof CelTimestamp && a.ns === b.ns;
  if (a instanceof CelDuration) return b instanceof CelDuration && a.ns === b.ns;
  if (a instanceof CelOptional) {
    if (!(b instanceof CelOptional)) return false;
    return a.has === b.has && (!a.has || celEquals(a.v, b.v));
  }
  if (a instanceof CelTypeValue) return b instanceof CelTypeValue && a.name === b.name;
  if (a instanceof CelMessage) {
    if (!(b instanceof CelMessage) || a.typeName !== b.typeName || a.fields.size !== b.fields.size) return false;
    for (const [k, v] of a.fields) if (!b.fields.has(k) || !celEquals(v, b.fields.get(k))) return false;
    return true;
  }
  if (isLib(a)) return isLib(b) && a.celType === b.celType && a.equals(b);
  return false;
}

/** Ordering for `<`, `<=`, `>`, `>=` (and sort). NaN for unordered doubles; throws for unorderable types. */
export function celCompare(a: unknown, b: unknown): number {
  const ta = typeof a;
  if (ta === 'bigint' || ta === 'number' || a instanceof CelUint) {
    const c = numCmp(a, b);
    if (c === undefined) return noOverload();
    return c;
  }
  if (ta === 'string') {
    if (typeof b !== 'string') return noOverload();
    return compareStrings(a as string, b);
  }
  if (ta === 'boolean') {
    if (typeof b !== 'boolean') return noOverload();
    return a === b ? 0 : a ? 1 : -1;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array)) return noOverload();
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  if (a instanceof CelTimestamp) {
    if (!(b instanceof CelTimestamp)) return noOverload();
    return a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
  }
  if (a instanceof CelDuration) {
    if (!(b instanceof CelDuration)) return noOverload();
    return a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0;
  }
  if (isLib(a) && isLib(b) && a.celType === b.celType && a.compare) return a.compare(b);
  return noOverload();
}

/** Compares strings by code point (Go compares UTF-8 bytes, which orders the same way). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // surrogates (code points above U+FFFF) sort after every BMP character in UTF-8
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

// ---------------------------------------------------------------- maps (CelMap or plain object)

export function isMapValue(v: unknown): v is CelMap | Record<string, unknown> {
  return v instanceof CelMap || isPlain(v);
}

export function mapSize(m: CelMap | Record<string, unknown>): number {
  return m instanceof CelMap ? m.m.size : Object.keys(m).length;
}

/** The value under `k`, or undefined when absent. */
export function mapGet(m: CelMap | Record<string, unknown>, k: unknown): unknown {
  if (m instanceof CelMap) {
    const e = m.m.get(mapKey(k));
    return e ? e[1] : undefined;
  }
  if (typeof k !== 'string' || !Object.prototype.hasOwnProperty.call(m, k)) return undefined;
  const v = m[k];
  return v === undefined ? undefined : fromJs(v);
}

/** [key, value] pairs, as CEL values. */
export function mapEntries(m: CelMap | Record<string, unknown>): Array<[unknown, unknown]> {
  if (m instanceof CelMap) return [...m.m.values()];
  const out: Array<[unknown, unknown]> = [];
  for (const k of Object.keys(m)) {
    const v = m[k];
    if (v !== undefined) out.push([k, fromJs(v)]);
  }
  return out;
}

/** Keys, as CEL values. */
export function mapKeys(m: CelMap | Record<string, unknown>): unknown[] {
  if (m instanceof CelMap) return [...m.m.values()].map((e) => e[0]);
  return Object.keys(m).filter((k) => m[k] !== undefined);
}

// ---------------------------------------------------------------- strings

const SURROGATE = /[\uD800-\uDFFF]/;
/** Whether the string has code points outside the BMP (so UTF-16 offsets differ from code points). */
export function hasAstral(s: string): boolean {
  return SURROGATE.test(s);
}
/** Number of code points. */
export function cpLength(s: string): number {
  if (!hasAstral(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const ENC = new TextEncoder();
const DEC = new TextDecoder('utf-8', { fatal: true });
export function utf8(s: string): Uint8Array {
  return ENC.encode(s);
}
export function fromUtf8(b: Uint8Array): string {
  try {
    return DEC.decode(b);
  } catch {
    throw new EvalErr('invalid UTF-8 in bytes, cannot convert to string');
  }
}

/** Go's `%g` formatting of a float64 (cel-go string(double)). */
export function formatDoubleG(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return '+Inf';
  if (d === -Infinity) return '-Inf';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const e = d.toExponential(); // shortest round-trip digits
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(e)!;
  const sign = m[1];
  const digits = m[2] + (m[3] ?? '');
  const exp = Number(m[4]);
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ae = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' : ''}${ae}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

// ---------------------------------------------------------------- timestamps and durations

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Days since 1970-01-01 of a civil date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number since 1970-01-01: [year, month, day]. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [y + (m <= 2 ? 1 : 0), m, d];
}

/** Parses an RFC 3339 timestamp (cel-go timestamp(string)). */
export function parseTimestamp(s: string): CelTimestamp {
  const m = RFC3339.exec(s);
  if (!m) throw new EvalErr('type conversion error from \'string\' to \'google.protobuf.Timestamp\'');
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) {
    throw new EvalErr('type conversion error from \'string\' to \'google.protobuf.Timestamp\'');
  }
  let secs = BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + se);
  if (m[9]) {
    const off = Number(m[10]) * 3600 + Number(m[11]) * 60;
    secs -= BigInt(m[9] === '+' ? off : -off);
  }
  const frac = m[7] ? BigInt(m[7].padEnd(9, '0')) : 0n;
  return mkTimestamp(secs * NS_PER_S + frac);
}

/** RFC 3339 with the fraction trimmed the way Go's RFC3339Nano does. */
export function formatTimestamp(ns: bigint): string {
  const secs = floorDiv(ns, NS_PER_S);
  const frac = ns - secs * NS_PER_S;
  const days = Number(floorDiv(secs, 86400n));
  const sod = Number(secs - BigInt(days) * 86400n);
  const [y, m, d] = civilFromDays(days);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  let out = `${p(y, 4)}-${p(m)}-${p(d)}T${p(Math.floor(sod / 3600))}:${p(Math.floor(sod / 60) % 60)}:${p(sod % 60)}`;
  if (frac > 0n) out += `.${frac.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${out}Z`;
}

const DUR_UNITS: Record<string, bigint> = {
  ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1_000_000n, s: NS_PER_S, m: 60n * NS_PER_S, h: 3600n * NS_PER_S,
};

/** Parses a Go duration string (cel-go duration(string)). */
export function parseDuration(s: string): CelDuration {
  const bad = (): never => {
    throw new EvalErr('type conversion error from \'string\' to \'google.protobuf.Duration\'');
  };
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i = 1;
  }
  if (s.slice(i) === '0') return new CelDuration(0n);
  if (i >= s.length) bad();
  let total = 0n;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (i < s.length) {
    const m = re.exec(s.slice(i));
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return bad();
    const unit = DUR_UNITS[m[3]];
    total += BigInt(m[1] || '0') * unit;
    if (m[2]) {
      const frac = m[2];
      total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    i += m[0].length;
  }
  return mkDuration(neg ? -total : total);
}

/** Duration as seconds with a fraction, e.g. `1.5s` (cel-go string(duration)). */
export function formatDuration(ns: bigint): string {
  const neg = ns < 0n;
  const a = neg ? -ns : ns;
  const s = a / NS_PER_S;
  const f = a % NS_PER_S;
  let out = s.toString();
  if (f > 0n) out += `.${f.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${neg ? '-' : ''}${out}s`;
}

/** CEL's string conversion for display (`toString()` of non-primitive results). */
export function celToString(v: unknown): string {
  switch (typeof v) {
    case 'string': return v;
    case 'bigint': return v.toString();
    case 'number': return formatDoubleG(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (Array.isArray(v)) return `[${v.map(celToString).join(', ')}]`;
      if (v instanceof Uint8Array) return `b"${Buffer.from(v).toString('latin1')}"`;
      if (isMapValue(v)) return `{${mapEntries(v).map(([k, x]) => `${celToString(k)}: ${celToString(x)}`).join(', ')}}`;
      return String(v);
    default:
      return String(v);
  }
}
