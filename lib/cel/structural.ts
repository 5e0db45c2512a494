/**
 * CRD validation rules see the object through its structural schema, as apiextensions-apiserver
 * declares and builds the values (k8s.io/apiserver pkg/cel/common/schemas.go SchemaDeclType and
 * WithTypeAndObjectMeta, valuesunstructured.go UnstructuredToVal, pkg/cel/escaping.go):
 *
 * - property names are escaped (`namespace` → `__namespace__`, `foo-bar` → `foo__dash__bar`);
 *   a name that cannot be escaped is not reachable;
 * - `format: byte` is bytes, `duration` a duration, `date`/`date-time` a timestamp;
 * - `type: number` is always a double; `integer` an int;
 * - a null field of an object is absent (`has()` is false); fields the schema does not declare
 *   are not reachable;
 * - `x-kubernetes-list-type: set` lists compare as sets and `+` is a union; `map` lists compare by
 *   their keys and `+` merges by key;
 * - the resource root and embedded resources have `apiVersion`, `kind`, `metadata.name` and
 *   `metadata.generateName`.
 */
import { celEscape, withTypeAndObjectMeta } from './escaping';
import { CelMap, CelTimestamp, EvalErr, LIST_TYPES, mkDuration, mkTimestamp } from './eval-values';

export { celEscape, celUnescape, withTypeAndObjectMeta } from './escaping';

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Data that does not fit the schema (UnstructuredToVal's "invalid data" errors), with its path. */
export class SchemaMismatch extends Error {}

const MAX_DEPTH = 128;

/**
 * valuesunstructured.go UnstructuredToVal, eagerly: the CEL value of `v` under structural schema
 * `s`. Throws SchemaMismatch naming the path when the data does not fit the schema.
 */
export function structuralValue(v: unknown, s: any, path = 'self', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new SchemaMismatch(`${path}: nested too deeply`);
  if (!isObj(s)) return plainValue(v, path, depth);
  if (v === null || v === undefined) {
    if (s.nullable === true) return null;
    throw new SchemaMismatch(`${path}: invalid data, got null for schema with nullable=false`);
  }
  if (s['x-kubernetes-int-or-string'] === true) {
    if (typeof v === 'string') return v;
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    throw new SchemaMismatch(`${path}: invalid data, expected XIntOrString value to be either a string or integer`);
  }
  switch (s.type) {
    case 'object': {
      if (!isObj(v)) throw new SchemaMismatch(`${path}: invalid data, expected a map for the provided schema with type=object`);
      const m = new CelMap();
      if (s['x-kubernetes-embedded-resource'] === true || isObj(s.properties)) {
        const sch = s['x-kubernetes-embedded-resource'] === true ? withTypeAndObjectMeta(s) : s;
        const props = sch.properties as Record<string, any>;
        m.object = true;
        for (const k of Object.keys(v)) {
          const x = v[k];
          // unstructuredMap.Find: a null field is absent; an undeclared field is not reachable
          if (x === null || x === undefined || !Object.prototype.hasOwnProperty.call(props, k)) continue;
          const name = celEscape(k);
          if (name === undefined) continue;
          m.m.set(name, [name, structuralValue(x, props[k], `${path}.${k}`, depth + 1)]);
        }
        return m;
      }
      if (isObj(s.additionalProperties)) {
        for (const k of Object.keys(v)) m.m.set(k, [k, structuralValue(v[k], s.additionalProperties, `${path}[${JSON.stringify(k)}]`, depth + 1)]);
      }
      return m;
    }
    case 'array': {
      if (!Array.isArray(v)) throw new SchemaMismatch(`${path}: invalid data, expected an array for the provided schema with type=array`);
      if (!isObj(s.items)) throw new SchemaMismatch(`${path}: invalid array type, expected Items with a non-empty Schema`);
      const out = v.map((x, i) => structuralValue(x, s.items, `${path}[${i}]`, depth + 1));
      const lt = s['x-kubernetes-list-type'];
      if (lt === 'set') {LIST_TYPES.set(out, { set: true });} else if (lt === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
        LIST_TYPES.set(out, { keys: (s['x-kubernetes-list-map-keys'] as string[]).map((k) => celEscape(k) ?? k) });
      }
      return out;
    }
    case 'string': {
      if (typeof v !== 'string') throw new SchemaMismatch(`${path}: invalid data, expected string, got ${goType(v)}`);
      return formatted(v, s.format, path);
    }
    case 'number':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      throw new SchemaMismatch(`${path}: invalid data, expected float, got ${goType(v)}`);
    case 'integer':
      if (typeof v === 'bigint') return v;
      if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
      throw new SchemaMismatch(`${path}: invalid data, expected int, got ${goType(v)}`);
    case 'boolean':
      if (typeof v !== 'boolean') throw new SchemaMismatch(`${path}: invalid data, expected bool, got ${goType(v)}`);
      return v;
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === true) return plainValue(v, path, depth);
  throw new SchemaMismatch(`${path}: invalid type, expected object, array, number, integer, boolean or string, or no type with x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields is true, got ${String(s.type ?? '')}`);
}

function goType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (v === null || v === undefined) return '<nil>';
  return 'map[string]interface {}';
}

/** A value under x-kubernetes-preserve-unknown-fields: JSON as CEL (ints stay ints). */
function plainValue(v: unknown, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new SchemaMismatch(`${path}: nested too deeply`);
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map((x, i) => plainValue(x, `${path}[${i}]`, depth + 1));
  if (isObj(v)) {
    const m = new CelMap();
    for (const k of Object.keys(v)) m.m.set(k, [k, plainValue(v[k], `${path}.${k}`, depth + 1)]);
    return m;
  }
  return v === undefined ? null : v;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The string of a `format` as UnstructuredToVal converts it. */
function formatted(v: string, format: unknown, path: string): unknown {
  switch (format) {
    case 'duration': {
      const ns = parseStrfmtDuration(v);
      if (ns === undefined) throw new SchemaMismatch(`${path}: Invalid duration ${v}: time: invalid duration ${JSON.stringify(v)}`);
      return mkDuration(ns);
    }
    case 'date': {
      const m = DATE_RE.exec(v);
      const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
      const d = new Date(ms);
      if (!m || Number.isNaN(ms) || d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) {
        throw new SchemaMismatch(`${path}: Invalid date formatted string ${v}`);
      }
      return mkTimestamp(BigInt(ms) * 1_000_000n);
    }
    case 'date-time': {
      const ts = parseDateTime(v);
      if (ts === undefined) throw new SchemaMismatch(`${path}: Invalid date-time formatted string ${v}`);
      return ts;
    }
    case 'byte': {
      const clean = v.replace(/[\r\n]/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) {
        throw new SchemaMismatch(`${path}: Invalid byte formatted string ${v}: illegal base64 data`);
      }
      return new Uint8Array(Buffer.from(clean, 'base64'));
    }
    default:
      return v;
  }
}

/** RFC 3339 date-time (strfmt.ParseDateTime's main layouts) as a CEL timestamp. */
function parseDateTime(v: string): CelTimestamp | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(ms).getUTCDate() !== d) return undefined;
  let off = 0;
  if (m[8] !== 'Z' && m[8] !== 'z') off = (m[8][0] === '-' ? -1 : 1) * (Number(m[8].slice(1, 3)) * 60 + Number(m[8].slice(4, 6)));
  const frac = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  const secs = BigInt(Math.floor(ms / 1000)) - BigInt(off * 60);
  return mkTimestamp(secs * 1_000_000_000n + frac) as CelTimestamp;
}

const UNIT_NS: Record<string, bigint> = {
  ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const STRFMT_UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 7n * 86_400_000_000_000n,
  nanosecond: 1n,
  nanoseconds: 1n,
  microsecond: 1_000n,
  microseconds: 1_000n,
  millisecond: 1_000_000n,
  milliseconds: 1_000_000n,
  second: 1_000_000_000n,
  seconds: 1_000_000_000n,
  sec: 1_000_000_000n,
  secs: 1_000_000_000n,
  minute: 60_000_000_000n,
  minutes: 60_000_000_000n,
  min: 60_000_000_000n,
  mins: 60_000_000_000n,
  hour: 3_600_000_000_000n,
  hours: 3_600_000_000_000n,
  hr: 3_600_000_000_000n,
  hrs: 3_600_000_000_000n,
  day: 86_400_000_000_000n,
  days: 86_400_000_000_000n,
  week: 7n * 86_400_000_000_000n,
  weeks: 7n * 86_400_000_000_000n,
};

/**
 * kube-openapi strfmt.ParseDuration: Go's time.ParseDuration first, then `<n> <unit>` with the
 * long unit names (`3 days`, `1 week`). Nanoseconds, or undefined when invalid.
 */
export function parseStrfmtDuration(v: string): bigint | undefined {
  const go = parseGoDuration(v);
  if (go !== undefined) return go;
  const m = /^(\d+)\s*([A-Za-zµ]+)$/.exec(v.trim());
  if (!m) return undefined;
  const unit = STRFMT_UNITS[m[2]];
  return unit === undefined ? undefined : BigInt(m[1]) * unit;
}

function parseGoDuration(v: string): bigint | undefined {
  let s = v;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined;
    const unit = UNIT_NS[m[3]];
    total += BigInt(m[1] || '0') * unit;
    if (m[2]) total += (BigInt(m[2]) * unit) / 10n ** BigInt(m[2].length);
    s = s.slice(m[0].length);
  }
  if (total > 9223372036854775807n) return undefined;
  return neg ? -total : total;
}

/** Thrown by rule evaluation for data outside the schema; an EvalErr so callers report it as such. */
export function mismatchError(e: SchemaMismatch): EvalErr {
  return new EvalErr(e.message);
}
