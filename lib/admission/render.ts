/**
 * Internal: renders typed object literals into CEL `Object{...}` literals (ApplyConfiguration)
 * or JSONPatch values, walking the 1.36 schema of the matched kind.
 */
import { renderValue, Violation } from '../base/errors';
import { checkQuantity, closestName } from '../base/validators';
import { isAtomicType, lookupType } from '../schema';
import type { SchemaTypeRef } from '../schema';
import { celString, CelValue, isCelValue } from './cel-value';

/** Where a value is rendered: ApplyConfiguration refuses atomic fields, JSONPatch may set them. */
export type RenderMode = 'apply' | 'patch';

/** State of one rendering. */
export interface RenderState {
  readonly mode: RenderMode;
  /** Input path prefix for messages, e.g. `mutations[0]`. */
  readonly where: string;
  readonly violations: Violation[];
  /** Field paths (from the root, no indexes) the value sets. */
  readonly setPaths: string[][];
  usesParams: boolean;
}

/** A CEL literal for a plain JSON value with no schema (maps stay maps). */
export function dynamicLiteral(value: unknown, st: RenderState, field: string): string {
  if (isCelValue(value)) {
    if (value.usesParams) st.usesParams = true;
    return value.source;
  }
  if (value === null) return 'null';
  if (typeof value === 'string') return celString(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      st.violations.push({ checkId: 'admission/typed-literal', field, problem: 'must be a finite number', got: String(value) });
      return '0';
    }
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => dynamicLiteral(v, st, `${field}[${i}]`)).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${sortedEntries(value as Record<string, unknown>).map(([k, v]) => `${celString(k)}: ${dynamicLiteral(v, st, `${field}.${k}`)}`).join(', ')}}`;
  }
  st.violations.push({ checkId: 'admission/typed-literal', field, problem: 'is not a JSON value', got: renderValue(String(value)) });
  return 'null';
}

/** Map entries in key order, so the expression text does not depend on insertion order. */
function sortedEntries(value: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The closest field name, for "did you mean" hints. */
export const closest = closestName;

function atomicViolation(st: RenderState, field: string, what: string): void {
  st.violations.push({
    checkId: 'admission/apply-configuration-atomic',
    field,
    problem: `is ${what}; an ApplyConfiguration that contains it is rejected by the API server on every request ("may not mutate atomic arrays, maps or structs")`,
    fix: 'Set this field with Mutation.jsonPatch([PatchOperation.add(path, value)]) instead',
  });
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !isCelValue(x);
}

/** Merges two entries of a list-map: nested list-maps concatenate (and merge by key when rendered), other values: later wins. */
function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>, t: SchemaTypeRef): Record<string, unknown> {
  const ot = t.kind === 'object' ? lookupType(t.name) : undefined;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const ft = ot?.fields[k]?.type;
    const prev = out[k];
    if (ft && ft.kind === 'array' && ft.listType === 'map' && Array.isArray(prev) && Array.isArray(v)) out[k] = [...prev, ...v];
    else if (ft && isPlainObject(prev) && isPlainObject(v)) out[k] = deepMerge(prev, v, ft.kind === 'map' ? { kind: 'any' } : ft);
    else out[k] = v;
  }
  return out;
}

/**
 * Renders `value` of schema type `t`. `typePath` is the field path from the root (for the
 * `Object.a.b` type names and the set-paths); `field` the input path for messages.
 */
export function renderTyped(value: unknown, t: SchemaTypeRef, typePath: readonly string[], field: string, st: RenderState): string {
  if (isCelValue(value)) {
    if (value.usesParams) st.usesParams = true;
    st.setPaths.push([...typePath]);
    return value.source;
  }
  if (value === undefined || value === null) {
    st.violations.push({
      checkId: 'admission/typed-literal',
      field,
      problem: 'must have a value',
      got: renderValue(value),
      fix: st.mode === 'apply' ? 'Omit the field (an apply configuration cannot remove a field; use PatchOperation.remove)' : 'Give a value or use PatchOperation.remove',
    });
    return 'null';
  }
  const typeErr = (expected: string) => {
    st.violations.push({ checkId: 'admission/typed-literal', field, problem: `must be ${expected} (field ${typePath.join('.') || '(root)'})`, got: renderValue(value) });
    return 'null';
  };
  switch (t.kind) {
    case 'string':
      if (typeof value !== 'string') return typeErr('a string');
      if (t.enum && t.enum.length > 0 && !t.enum.includes(value)) {
        st.violations.push({ checkId: 'admission/typed-literal', field, problem: 'is not an allowed value', got: renderValue(value), allowed: t.enum.join(', ') });
      }
      st.setPaths.push([...typePath]);
      return celString(value);
    case 'boolean':
      if (typeof value !== 'boolean') return typeErr('true or false');
      st.setPaths.push([...typePath]);
      return String(value);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return typeErr('an integer');
      st.setPaths.push([...typePath]);
      return String(value);
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return typeErr('a number');
      st.setPaths.push([...typePath]);
      return Number.isInteger(value) ? `${value}.0` : String(value);
    case 'quantity': {
      if (typeof value !== 'string' && typeof value !== 'number') return typeErr('a quantity such as "100m" or "512Mi"');
      const q = checkQuantity(field, value);
      if (q) st.violations.push({ ...q, checkId: 'admission/typed-literal' });
      st.setPaths.push([...typePath]);
      return celString(String(value));
    }
    case 'int-or-string':
      if (typeof value === 'number' && Number.isInteger(value)) { st.setPaths.push([...typePath]); return String(value); }
      if (typeof value === 'string') { st.setPaths.push([...typePath]); return celString(value); }
      return typeErr('an integer or a string');
    case 'any':
      st.setPaths.push([...typePath]);
      return dynamicLiteral(value, st, field);
    case 'map': {
      if (!isPlainObject(value)) return typeErr('a map of keys to values');
      if (st.mode === 'apply' && isAtomicType(t)) { atomicViolation(st, field, 'an atomic map'); return '{}'; }
      st.setPaths.push([...typePath]);
      const entries = sortedEntries(value).map(([k, v]) => `${celString(k)}: ${renderTyped(v, t.values, typePath, `${field}[${JSON.stringify(k)}]`, st)}`);
      return `{${entries.join(', ')}}`;
    }
    case 'array': {
      if (!Array.isArray(value)) return typeErr('a list');
      if (st.mode === 'apply' && isAtomicType(t)) {
        atomicViolation(st, field, 'an atomic list');
        return '[]';
      }
      st.setPaths.push([...typePath]);
      let items: unknown[] = value;
      if (t.listType === 'map' && t.mapKeys && t.mapKeys.length > 0) items = mergeByKey(value, t.mapKeys, t.items, field, st);
      return `[${items.map((v, i) => renderTyped(v, t.items, typePath, `${field}[${i}]`, st)).join(', ')}]`;
    }
    case 'object': {
      const ot = lookupType(t.name);
      if (!ot) {
        st.violations.push({ checkId: 'admission/typed-literal', field, problem: `has no schema for type ${t.name}`, fix: 'Use a raw expression (Mutation.applyConfigurationExpression)' });
        return 'null';
      }
      if (!isPlainObject(value)) return typeErr(`an object of type ${t.name.split('.').pop()}`);
      if (st.mode === 'apply' && isAtomicType(t)) { atomicViolation(st, field, 'an atomic struct'); return 'null'; }
      st.setPaths.push([...typePath]);
      const parts: string[] = [];
      for (const [k, v] of Object.entries(value)) {
        const f = ot.fields[k];
        if (!f) {
          const hint = closest(k, Object.keys(ot.fields));
          st.violations.push({
            checkId: 'admission/typed-literal',
            field: `${field}.${k}`,
            problem: `is not a field of ${t.name.split('.').pop()} in Kubernetes 1.36`,
            got: renderValue(k),
            allowed: Object.keys(ot.fields).sort().join(', '),
            fix: hint ? `Write ${JSON.stringify(hint)} (closest known field)` : 'Remove it or fix the spelling',
          });
          continue;
        }
        parts.push(`${k}: ${renderTyped(v, f.type, [...typePath, k], `${field}.${k}`, st)}`);
      }
      return `${['Object', ...typePath].join('.')}{${parts.join(', ')}}`;
    }
    default:
      return dynamicLiteral(value, st, field);
  }
}

/** List-map entries with the same key merge into one (later entries win field by field). */
function mergeByKey(list: unknown[], keys: readonly string[], itemType: SchemaTypeRef, field: string, st: RenderState): unknown[] {
  const order: string[] = [];
  const byKey = new Map<string, unknown>();
  list.forEach((item, i) => {
    if (!isPlainObject(item)) {
      order.push(`#${i}`);
      byKey.set(`#${i}`, item);
      return;
    }
    if (item[keys[0]] === undefined) {
      st.violations.push({
        checkId: 'admission/typed-literal',
        field: `${field}[${i}]`,
        problem: `is an entry of a list merged by key (${keys.join(', ')}) and must set ${keys[0]}`,
        got: renderValue(item),
        fix: `Add ${keys[0]}`,
      });
    }
    const k = JSON.stringify(keys.map((key) => (isCelValue(item[key]) ? (item[key] as CelValue).source : item[key])));
    if (byKey.has(k) && isPlainObject(byKey.get(k))) {
      byKey.set(k, deepMerge(byKey.get(k) as Record<string, unknown>, item, itemType));
    } else {
      order.push(k);
      byKey.set(k, item);
    }
  });
  return order.map((k) => byKey.get(k));
}

/** Builds `Object{a: Object.a{b: ...}}` around `inner` for a field path (no list steps). */
export function wrapObject(path: readonly string[], inner: string): string {
  let out = inner;
  for (let i = path.length - 1; i >= 0; i--) {
    out = `${['Object', ...path.slice(0, i)].join('.')}{${path[i]}: ${out}}`;
  }
  return out;
}
