/**
 * The CEL type model used by the checker: CEL's primitive and aggregate types, the
 * Kubernetes library types (Quantity, URL, IP, ...), schema-backed object types for
 * `object`/`oldObject`/`params`, built-in records (`request`, `device`), and the
 * mutation literal types (`Object.<path>`, `JSONPatch`).
 */
import { celEscape, withTypeAndObjectMeta } from './escaping';
import { lookupType } from '../schema/catalog';
import type { SchemaTypeRef } from '../schema/types';

/** A CEL type. */
export type CelType =
  | { readonly k: 'dyn' | 'bool' | 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'null' | 'timestamp' | 'duration' | 'type' }
  | { readonly k: 'list'; readonly elem: CelType }
  | { readonly k: 'map'; readonly key: CelType; readonly val: CelType }
  | { readonly k: 'opt'; readonly inner: CelType }
  /** A library type with methods only (Quantity, URL, IP, CIDR, Semver, authorizer types). */
  | { readonly k: 'opaque'; readonly name: string }
  /** An object of the schema catalog (e.g. io.k8s.api.core.v1.PodSpec). */
  | { readonly k: 'object'; readonly name: string }
  /** A record declared here (AdmissionRequest, device, ...). */
  | { readonly k: 'record'; readonly name: string; readonly fields: Readonly<Record<string, CelType>> }
  /** `Object.<path>` mutation literal type; `schema` is the catalog object at that path when known. */
  | { readonly k: 'apply'; readonly path: readonly string[]; readonly schema?: string }
  /** `JSONPatch{op, path, from, value}`. */
  | { readonly k: 'jsonpatch' }
  /** A type parameter in a function signature. */
  | { readonly k: 'param'; readonly name: string };

export const DYN: CelType = { k: 'dyn' };
/**
 * A type the checker has not determined yet (an unbound type parameter, such as the value
 * type of `optional.none()` or the element type of `[]`). It behaves as dyn, except that
 * the homogeneous-literal rule treats it as equal to any type, the way cel-go resolves it
 * to the type of its neighbours.
 */
export const FREE: CelType = { k: 'dyn' };
export const BOOL: CelType = { k: 'bool' };
export const INT: CelType = { k: 'int' };
export const UINT: CelType = { k: 'uint' };
export const DOUBLE: CelType = { k: 'double' };
export const STRING: CelType = { k: 'string' };
export const BYTES: CelType = { k: 'bytes' };
export const NULL: CelType = { k: 'null' };
export const TIMESTAMP: CelType = { k: 'timestamp' };
export const DURATION: CelType = { k: 'duration' };
export const TYPE: CelType = { k: 'type' };
export const JSONPATCH: CelType = { k: 'jsonpatch' };

const LIST_CACHE = new Map<CelType, CelType>();
/** list(elem) */
export function listOf(elem: CelType): CelType {
  let l = LIST_CACHE.get(elem);
  if (!l) {
    l = { k: 'list', elem };
    LIST_CACHE.set(elem, l);
  }
  return l;
}
/** map(key, val) */
export function mapOf(key: CelType, val: CelType): CelType {
  return { k: 'map', key, val };
}
/** optional_type(inner) */
export function optOf(inner: CelType): CelType {
  return { k: 'opt', inner };
}
/** A library type. */
export function opaque(name: string): CelType {
  return { k: 'opaque', name };
}
/** A record type. */
export function record(name: string, fields: Record<string, CelType>): CelType {
  return { k: 'record', name, fields };
}

const OBJECT_CACHE = new Map<string, CelType>();
/** The schema object `name`, or dyn when the catalog does not know it. */
export function objectType(name: string | undefined): CelType {
  if (!name) return DYN;
  let t = OBJECT_CACHE.get(name);
  if (!t) {
    t = lookupType(name) ? { k: 'object', name } : DYN;
    OBJECT_CACHE.set(name, t);
  }
  return t;
}

const SCHEMA_CACHE = new WeakMap<SchemaTypeRef, CelType>();

/** The CEL type of a schema field (the OpenAPI → CEL mapping Kubernetes uses). */
export function fromSchema(ref: SchemaTypeRef): CelType {
  let t = SCHEMA_CACHE.get(ref);
  if (!t) {
    t = convertSchema(ref);
    SCHEMA_CACHE.set(ref, t);
  }
  return t;
}

function convertSchema(ref: SchemaTypeRef): CelType {
  switch (ref.kind) {
    case 'string':
      if (ref.format === 'date-time') return TIMESTAMP;
      if (ref.format === 'byte') return BYTES;
      return STRING;
    case 'integer':
      return INT;
    case 'number':
      return DOUBLE;
    case 'boolean':
      return BOOL;
    // quantities and int-or-string values arrive as an int or a string: dynamic.
    case 'quantity':
    case 'int-or-string':
    case 'any':
      return DYN;
    case 'object':
      return objectType(ref.name);
    case 'array':
      return listOf(fromSchema(ref.items));
    case 'map':
      return mapOf(STRING, fromSchema(ref.values));
    default:
      return DYN;
  }
}

/** Short display name of a catalog type (`io.k8s.api.core.v1.PodSpec` → `PodSpec`). */
export function shortName(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

/** Renders a type the way cel-go does (`list(string)`, `map(string, dyn)`). */
export function typeString(t: CelType): string {
  switch (t.k) {
    case 'list':
      return `list(${typeString(t.elem)})`;
    case 'map':
      return `map(${typeString(t.key)}, ${typeString(t.val)})`;
    case 'opt':
      return `optional_type(${typeString(t.inner)})`;
    case 'opaque':
      return t.name;
    case 'object':
      return shortName(t.name);
    case 'record':
      return t.name;
    case 'apply':
      return ['Object', ...t.path].join('.');
    case 'jsonpatch':
      return 'JSONPatch';
    case 'param':
      return t.name;
    case 'null':
      return 'null_type';
    default:
      return t.k;
  }
}

/** True for int, uint and double. */
export function isNumeric(t: CelType): boolean {
  return t.k === 'int' || t.k === 'uint' || t.k === 'double';
}

/**
 * Structural equality of two types (dyn equals nothing but dyn); `wildcard`, when given,
 * equals any type at any depth.
 */
export function sameType(a: CelType, b: CelType, wildcard?: CelType): boolean {
  if (a === b || (wildcard !== undefined && (a === wildcard || b === wildcard))) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'list':
      return sameType(a.elem, (b as typeof a).elem, wildcard);
    case 'map':
      return sameType(a.key, (b as typeof a).key, wildcard) && sameType(a.val, (b as typeof a).val, wildcard);
    case 'opt':
      return sameType(a.inner, (b as typeof a).inner, wildcard);
    case 'opaque':
    case 'object':
    case 'record':
    case 'param':
      return a.name === (b as typeof a).name;
    case 'apply':
      return a.path.join('.') === (b as typeof a).path.join('.');
    default:
      return true;
  }
}

/** The catalog object behind a type, for schema-backed and literal types. */
function schemaName(t: CelType): string | undefined {
  if (t.k === 'object') return t.name;
  if (t.k === 'apply') return t.schema;
  return undefined;
}

/**
 * Whether a value of type `actual` can be used where `expected` is wanted. Dynamic types
 * are assignable both ways; `null` only where cel-go accepts it ({@link isNullable}).
 */
export function isAssignable(expected: CelType, actual: CelType): boolean {
  if (expected === actual) return true;
  if (expected.k === 'dyn' || actual.k === 'dyn' || expected.k === 'param' || actual.k === 'param') return true;
  if (actual.k === 'null') return isNullable(expected);
  switch (expected.k) {
    case 'list':
      return actual.k === 'list' && isAssignable(expected.elem, actual.elem);
    case 'map':
      return actual.k === 'map' && isAssignable(expected.key, actual.key) && isAssignable(expected.val, actual.val);
    case 'opt':
      return actual.k === 'opt' && isAssignable(expected.inner, actual.inner);
    case 'object':
    case 'apply': {
      if (actual.k === expected.k && sameType(expected, actual)) return true;
      const e = schemaName(expected);
      const a = schemaName(actual);
      return e !== undefined && e === a;
    }
    default:
      return sameType(expected, actual);
  }
}

/** The common type of two branches / elements, or undefined when they are incompatible. */
export function commonType(a: CelType, b: CelType): CelType | undefined {
  if (sameType(a, b)) return a;
  if (a.k === 'dyn' || b.k === 'dyn') return DYN;
  if (a.k === 'null') return isNullable(b) ? b : undefined;
  if (b.k === 'null') return isNullable(a) ? a : undefined;
  if (a.k === 'list' && b.k === 'list') {
    const e = commonType(a.elem, b.elem);
    return listOf(e ?? DYN);
  }
  if (a.k === 'map' && b.k === 'map') {
    return mapOf(commonType(a.key, b.key) ?? DYN, commonType(a.val, b.val) ?? DYN);
  }
  if (a.k === 'opt' && b.k === 'opt') {
    const i = commonType(a.inner, b.inner);
    return i ? optOf(i) : undefined;
  }
  if (isAssignable(a, b)) return a;
  if (isAssignable(b, a)) return b;
  return undefined;
}

/**
 * Whether null is assignable to `t` (cel-go checker/types.go: null, messages — Kubernetes
 * object types —, opaque library types, optionals, timestamps and durations; not strings,
 * numbers, bools, bytes, lists or maps).
 */
export function isNullable(t: CelType): boolean {
  return !['bool', 'int', 'uint', 'double', 'string', 'bytes', 'list', 'map', 'type'].includes(t.k);
}

/** Whether two types may be compared with == / !=. */
export function isComparable(a: CelType, b: CelType): boolean {
  if (a.k === 'dyn' || b.k === 'dyn') return true;
  if (a.k === 'null') return isNullable(b);
  if (b.k === 'null') return isNullable(a);
  // `==` is declared as (A, A): int, uint and double do not mix (cross-type numeric
  // comparison covers only <, <=, >, >=)
  if (isNumeric(a) && isNumeric(b)) return a.k === b.k;
  if (a.k === 'opt' && b.k === 'opt') return isComparable(a.inner, b.inner);
  if (a.k === 'list' && b.k === 'list') return isComparable(a.elem, b.elem);
  if (a.k === 'map' && b.k === 'map') return isComparable(a.key, b.key) && isComparable(a.val, b.val);
  return isAssignable(a, b) || isAssignable(b, a);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * The CEL type of a structural schema node, as k8s.io/apiserver pkg/cel/common/schemas.go
 * SchemaDeclType declares it: escaped property names (a property whose name cannot be escaped,
 * or whose schema has no type, is not declared), formats as bytes/duration/timestamp, number as
 * double, int-or-string as dyn, embedded resources with apiVersion/kind/metadata.
 */
export function celTypeOfSchema(schema: any, depth = 0): CelType {
  return declType(schema, depth) ?? DYN;
}

function declType(schema: any, depth: number): CelType | undefined {
  if (!isRecord(schema) || depth > 64) return undefined;
  if (schema['x-kubernetes-int-or-string']) return DYN;
  const s = schema['x-kubernetes-embedded-resource'] ? withTypeAndObjectMeta(schema) : schema;
  switch (s.type) {
    case 'boolean': return BOOL;
    case 'integer': return INT;
    case 'number': return DOUBLE;
    case 'string':
      if (s.format === 'date-time' || s.format === 'date') return TIMESTAMP;
      if (s.format === 'duration') return DURATION;
      if (s.format === 'byte') return BYTES;
      return STRING;
    case 'array': {
      const items = declType(s.items, depth + 1);
      return items ? listOf(items) : undefined;
    }
    case 'object': {
      if (isRecord(s.additionalProperties)) {
        const v = declType(s.additionalProperties, depth + 1);
        return v ? mapOf(STRING, v) : undefined;
      }
      const fields: Record<string, CelType> = {};
      if (isRecord(s.properties)) {
        for (const [k, v] of Object.entries(s.properties)) {
          const t = declType(v, depth + 1);
          const name = celEscape(k);
          if (t && name !== undefined) fields[name] = t;
        }
      }
      return record('object', fields);
    }
    default:
      return undefined;
  }
}
