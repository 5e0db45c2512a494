/**
 * What the API server does to a custom resource before validating it: drop nulls of
 * non-nullable fields that have no default, then apply the structural schema's `default`s
 * (apiextensions-apiserver pkg/apiserver/schema/defaulting prunenulls.go
 * PruneNonNullableNullsWithoutDefaults and algorithm.go Default). Works on a copy.
 */

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const MAX_DEPTH = 128;

/** prunenulls.go getSchemaForField */
function fieldSchema(k: string, s: any): any {
  if (!isObj(s)) return undefined;
  if (isObj(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, k)) return s.properties[k];
  return isObj(s.additionalProperties) ? s.additionalProperties : undefined;
}

function nonNullableNull(x: unknown, s: any): boolean {
  return (x === null || x === undefined) && isObj(s) && s.nullable !== true;
}

/** prunenulls.go PruneNonNullableNullsWithoutDefaults */
function pruneNulls(x: unknown, s: any, depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (isObj(x)) {
    for (const k of Object.keys(x)) {
      const fs = fieldSchema(k, s);
      if (nonNullableNull(x[k], fs) && fs.default === undefined) delete x[k];
      else pruneNulls(x[k], fs, depth + 1);
    }
  } else if (Array.isArray(x)) {
    const items = isObj(s) ? s.items : undefined;
    for (const e of x) pruneNulls(e, items, depth + 1);
  }
}

/** algorithm.go Default */
function applyDefaults(x: unknown, s: any, depth: number): void {
  if (!isObj(s) || depth > MAX_DEPTH) return;
  if (isObj(x)) {
    const props = isObj(s.properties) ? s.properties : {};
    for (const k of Object.keys(props)) {
      const p = props[k];
      if (!isObj(p) || p.default === undefined || p.default === null) continue;
      if (!Object.prototype.hasOwnProperty.call(x, k) || nonNullableNull(x[k], p)) x[k] = structuredClone(p.default);
    }
    for (const k of Object.keys(x)) {
      if (Object.prototype.hasOwnProperty.call(props, k)) {applyDefaults(x[k], props[k], depth + 1);} else if (isObj(s.additionalProperties)) {
        const a = s.additionalProperties;
        if (nonNullableNull(x[k], a) && a.default !== undefined) x[k] = structuredClone(a.default);
        applyDefaults(x[k], a, depth + 1);
      }
    }
  } else if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], s.items) && s.items.default !== undefined) x[i] = structuredClone(s.items.default);
      applyDefaults(x[i], s.items, depth + 1);
    }
  }
}

/** A copy of `obj` as the API server holds it before validation: nulls pruned, defaults applied. */
export function defaultCustomResource(obj: unknown, schema: any): unknown {
  let copy: unknown;
  try {
    copy = structuredClone(obj);
  } catch {
    return obj; // not plain data (functions, class instances): validated as given
  }
  pruneNulls(copy, schema, 0);
  applyDefaults(copy, schema, 0);
  return copy;
}
