/**
 * Structural-schema and schema-extension rules the API server applies when a
 * CustomResourceDefinition is created, ported from apiextensions-apiserver v0.36.0:
 * - pkg/apiserver/schema/validation.go: what a logic junctor (allOf/anyOf/oneOf/not) may hold,
 *   the root `metadata` restriction, the embedded-resource and extension invariants;
 * - pkg/apis/apiextensions/validation/validation.go: where `default` is forbidden, and the
 *   `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` / `x-kubernetes-map-type` rules.
 * Field paths and error types as the API server prints them (`properties[name]`).
 */
import type { Violation } from '../base/errors';
import { renderValue } from '../base/errors';

const MAX_DEPTH = 64;

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

type Level = 'root' | 'item' | 'field';

function add(out: Violation[], field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): void {
  out.push({ checkId: 'crd/definition', field, problem, fix, ...(got !== undefined ? { got: renderValue(got) } : {}), ...(allowed ? { allowed } : {}) });
}

/** The keys of a JSONSchemaProps that survive into a Structural (schema/convert.go NewStructural). */
const STRUCTURAL_KEYS = [
  'items', 'properties', 'additionalProperties',
  'description', 'type', 'title', 'default', 'nullable',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys', 'x-kubernetes-list-type', 'x-kubernetes-map-type', 'x-kubernetes-validations',
  'format', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required',
  'allOf', 'oneOf', 'anyOf', 'not',
];

/** Go's zero value for a field: absent, null, false, "" or an empty list. */
function isZero(x: unknown): boolean {
  return x === undefined || x === null || x === false || x === '' || (Array.isArray(x) && x.length === 0);
}

/** schema/validation.go intOrStringAnyOf: `[{type: integer}, {type: string}]` and nothing else. */
function isIntOrStringPair(anyOf: unknown): boolean {
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return false;
  const only = (x: unknown, t: string): boolean => isObj(x) && x.type === t && Object.keys(x).every((k) => k === 'type' || (STRUCTURAL_KEYS.includes(k) ? isZero(x[k]) : true));
  return only(anyOf[0], 'integer') && only(anyOf[1], 'string');
}

// upstream: validateStructuralInvariants
/**
 * The invariants not already checked in
 * ./crd-cost.ts structuralErrors: extensions, embedded resources, metadata, and the value
 * validations (logic junctors) of every node.
 */
export function validateStructuralInvariants(s: unknown, lvl: Level, path: string, out: Violation[], depth = 0): void {
  if (!isObj(s) || depth > MAX_DEPTH) return;
  if (isObj(s.items)) validateStructuralInvariants(s.items, 'item', `${path}.items`, out, depth + 1);
  if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) validateStructuralInvariants(v, 'field', `${path}.properties[${k}]`, out, depth + 1);
  if (isObj(s.additionalProperties)) validateStructuralInvariants(s.additionalProperties, 'field', `${path}.additionalProperties`, out, depth + 1);
  validateExtensions(s, path, out);
  // upstream: isIntOrStringAnyOfPattern
  // upstream: isIntOrStringAllOfPattern
  const skipAnyOf = isIntOrStringPair(s.anyOf);
  const skipFirstAllOfAnyOf = Array.isArray(s.allOf) && s.allOf.length >= 1 && isObj(s.allOf[0]) && isIntOrStringPair(s.allOf[0].anyOf);
  validateValueValidation(s, skipAnyOf, skipFirstAllOfAnyOf, path, out, depth);

  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const checkMetadata = lvl === 'root' || embedded;
  if (embedded && s.additionalProperties !== undefined && s.additionalProperties !== null) {
    add(out, `${path}.additionalProperties`, 'Forbidden: must not be used if x-kubernetes-embedded-resource is set', undefined, undefined, 'Declare the fields of the embedded object as properties');
  }
  const props = isObj(s.properties) ? s.properties : {};
  // restrict metadata schemas to name and generateName only
  for (const k of ['kind', 'apiVersion']) {
    if (checkMetadata && isObj(props[k]) && props[k].type !== 'string') {
      add(out, `${path}.properties[${k}].type`, 'Invalid value: must be string', props[k].type ?? '', undefined, `Declare ${k} with type: string`);
    }
  }
  if (props.metadata !== undefined) validateStructuralMetadataInvariants(props.metadata, checkMetadata, lvl, `${path}.properties[metadata]`, out);
  if (embedded && s['x-kubernetes-preserve-unknown-fields'] !== true && Object.keys(props).length === 0) {
    add(out, `${path}.properties`, 'Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields', undefined, undefined,
      'Declare the fields of the embedded object, or set x-kubernetes-preserve-unknown-fields: true');
  }
}

// upstream: validateStructuralMetadataInvariants
function validateStructuralMetadataInvariants(m: unknown, checkMetadata: boolean, lvl: Level, path: string, out: Violation[]): void {
  const s = isObj(m) ? m : {};
  if (checkMetadata && s.type !== 'object') add(out, `${path}.type`, 'Invalid value: must be object', s.type ?? '', undefined, 'Declare metadata with type: object');
  if (lvl !== 'root') return;
  // name and/or generateName alone may be restricted; type and default are checked elsewhere
  const names = isObj(s.properties) ? Object.keys(s.properties) : [];
  const onlyNames = names.length > 0 && names.every((k) => k === 'name' || k === 'generateName');
  const other = STRUCTURAL_KEYS.some((k) => {
    if (k === 'type' || k === 'default') return false;
    if (k === 'properties') return names.length > 0 && !onlyNames;
    return !isZero(s[k]);
  });
  if (other) {
    add(out, path, 'Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified', undefined, undefined,
      'Leave metadata as `type: object` (optionally with properties name and generateName); the API server validates ObjectMeta itself');
  }
}

// upstream: validateExtensions
function validateExtensions(s: Record<string, any>, path: string, out: Violation[]): void {
  if (s['x-kubernetes-int-or-string'] === true && s['x-kubernetes-preserve-unknown-fields'] === true) {
    add(out, `${path}.x-kubernetes-preserve-unknown-fields`, 'Invalid value: must be false if x-kubernetes-int-or-string is true', true, undefined, 'Remove x-kubernetes-preserve-unknown-fields');
  }
  if (s['x-kubernetes-int-or-string'] === true && s['x-kubernetes-embedded-resource'] === true) {
    add(out, `${path}.x-kubernetes-embedded-resource`, 'Invalid value: must be false if x-kubernetes-int-or-string is true', true, undefined, 'Remove x-kubernetes-embedded-resource');
  }
}

// upstream: validateValueValidation
/** The junctors; `pattern` is checked in ./crd-definition.ts. */
function validateValueValidation(
  v: Record<string, any>, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, path: string, out: Violation[], depth: number,
): void {
  if (!skipAnyOf && Array.isArray(v.anyOf)) v.anyOf.forEach((x: unknown, i: number) => validateNestedValueValidation(x, false, false, `${path}.anyOf[${i}]`, out, depth + 1));
  if (Array.isArray(v.allOf)) v.allOf.forEach((x: unknown, i: number) => validateNestedValueValidation(x, skipFirstAllOfAnyOf && i === 0, false, `${path}.allOf[${i}]`, out, depth + 1));
  if (Array.isArray(v.oneOf)) v.oneOf.forEach((x: unknown, i: number) => validateNestedValueValidation(x, false, false, `${path}.oneOf[${i}]`, out, depth + 1));
  validateNestedValueValidation(v.not, false, false, `${path}.not`, out, depth + 1);
}

const NESTED_FIX = 'Declare it on the property itself, outside allOf/anyOf/oneOf/not: a logic junctor may only hold value validations';

// upstream: validateNestedValueValidation
/**
 * Inside a logic junctor only value validations
 * (and properties/items holding value validations) are allowed. `x-kubernetes-validations`
 * there is reported by ./crd-definition.ts.
 */
function validateNestedValueValidation(v: unknown, skipAnyOf: boolean, skipAllOfAnyOf: boolean, path: string, out: Violation[], depth: number): void {
  if (!isObj(v) || depth > MAX_DEPTH) return;
  validateValueValidation(v, skipAnyOf, skipAllOfAnyOf, path, out, depth);
  validateNestedValueValidation(v.items, false, false, `${path}.items`, out, depth + 1);
  if (isObj(v.properties)) for (const [k, p] of Object.entries(v.properties)) validateNestedValueValidation(p, false, false, `${path}.properties[${k}]`, out, depth + 1);
  if (typeof v.type === 'string' && v.type.length > 0) add(out, `${path}.type`, 'Forbidden: must be empty to be structural', v.type, undefined, NESTED_FIX);
  if (v.additionalProperties !== undefined && v.additionalProperties !== null) add(out, `${path}.additionalProperties`, 'Forbidden: must be undefined to be structural', undefined, undefined, NESTED_FIX);
  if (v.default !== undefined && v.default !== null) add(out, `${path}.default`, 'Forbidden: must be undefined to be structural', v.default, undefined, NESTED_FIX);
  if (typeof v.title === 'string' && v.title.length > 0) add(out, `${path}.title`, 'Forbidden: must be empty to be structural', v.title, undefined, NESTED_FIX);
  if (typeof v.description === 'string' && v.description.length > 0) add(out, `${path}.description`, 'Forbidden: must be empty to be structural', undefined, undefined, NESTED_FIX);
  if (v.nullable === true) add(out, `${path}.nullable`, 'Forbidden: must be false to be structural', true, undefined, NESTED_FIX);
  for (const k of ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource', 'x-kubernetes-int-or-string']) {
    if (v[k] === true) add(out, `${path}.${k}`, 'Forbidden: must be false to be structural', true, undefined, NESTED_FIX);
  }
  if (Array.isArray(v['x-kubernetes-list-map-keys']) && v['x-kubernetes-list-map-keys'].length > 0) {
    add(out, `${path}.x-kubernetes-list-map-keys`, 'Forbidden: must be empty to be structural', v['x-kubernetes-list-map-keys'], undefined, NESTED_FIX);
  }
  for (const k of ['x-kubernetes-list-type', 'x-kubernetes-map-type']) {
    if (v[k] !== undefined && v[k] !== null) add(out, `${path}.${k}`, 'Forbidden: must be undefined to be structural', v[k], undefined, NESTED_FIX);
  }
  // forbid reasoning about metadata because it can lead to metadata restriction we don't want
  if (isObj(v.properties) && v.properties.metadata !== undefined) {
    add(out, `${path}.properties[metadata]`, 'Forbidden: must not be specified in a nested context', undefined, undefined, 'Remove metadata from the logic junctor');
  }
}

const META_FIELDS = ['metadata', 'kind', 'apiVersion'];

// upstream: ValidateCustomResourceDefinitionOpenAPISchema
/**
 * The `default` placement
 * (specStandardValidatorV3.validate with withForbiddenDefaults), `x-kubernetes-preserve-unknown-fields: false`,
 * the `x-kubernetes-map-type` / `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` rules
 * (with requireAtomicSetType and requireMapListKeysMapSetValidation, both on at creation).
 * `noDefaults` is the reason defaults are forbidden here, `insideMeta` true below the
 * schema of an object's metadata/kind/apiVersion.
 */
export function validateOpenAPISchema(
  s: unknown, path: string, isRoot: boolean, out: Violation[], noDefaults?: string, insideMeta = false, depth = 0,
): void {
  if (!isObj(s) || depth > MAX_DEPTH) return;
  // upstream: specStandardValidatorV3.validate
  // (only the default placement; requireValidPropertyType is in ./crd-cost.ts)
  if (s.default !== undefined && s.default !== null && noDefaults !== undefined) {
    add(out, `${path}.default`, `Forbidden: must not be set ${noDefaults}`, s.default, undefined, 'Remove the default: the API server sets or refuses these fields itself');
  }
  if (s.uniqueItems === true) {
    add(out, `${path}.uniqueItems`, 'Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic', true, undefined, 'Use x-kubernetes-list-type: set instead');
  }
  // additionalProperties and properties are mutually exclusive (false alone is refused too; true is allowed)
  const hasProperties = isObj(s.properties) && Object.keys(s.properties).length > 0;
  if (s.additionalProperties !== undefined && s.additionalProperties !== null && hasProperties && s.additionalProperties !== true) {
    add(out, `${path}.additionalProperties`, 'Forbidden: additionalProperties and properties are mutual exclusive', undefined, undefined, 'Use properties for a struct, additionalProperties for a map, not both');
  }
  if (isObj(s.additionalProperties)) {
    // upstream: specStandardValidatorV3.withForbiddenDefaults
    // ("inside additionalProperties applying to object metadata")
    const nd = insideMeta ? 'inside additionalProperties applying to object metadata' : noDefaults;
    validateOpenAPISchema(s.additionalProperties, `${path}.additionalProperties`, false, out, nd, insideMeta, depth + 1);
  }
  if (isObj(s.properties)) {
    for (const [k, p] of Object.entries(s.properties)) {
      let nd = noDefaults;
      let im = insideMeta;
      if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.includes(k)) {
        im = true;
        if (isRoot) nd = `in top-level ${k}`;
      }
      validateOpenAPISchema(p, `${path}.properties[${k}]`, false, out, nd, im, depth + 1);
    }
  }
  validateOpenAPISchema(s.not, `${path}.not`, false, out, noDefaults, insideMeta, depth + 1);
  for (const j of ['allOf', 'oneOf', 'anyOf']) {
    if (Array.isArray(s[j])) s[j].forEach((x: unknown, i: number) => validateOpenAPISchema(x, `${path}.${j}[${i}]`, false, out, noDefaults, insideMeta, depth + 1));
  }
  validateOpenAPISchema(s.items, `${path}.items`, false, out, noDefaults, insideMeta, depth + 1);

  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    add(out, `${path}.x-kubernetes-preserve-unknown-fields`, 'Invalid value: must be true or undefined', false, undefined, 'Remove x-kubernetes-preserve-unknown-fields: false');
  }
  const type = typeof s.type === 'string' ? s.type : '';
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && mapType !== null && type !== 'object') {
    if (type === '') add(out, `${path}.type`, 'Required value: must be object if x-kubernetes-map-type is specified', undefined, undefined, 'Set type: object');
    else add(out, `${path}.type`, 'Invalid value: must be object if x-kubernetes-map-type is specified', type, undefined, 'Set type: object, or remove x-kubernetes-map-type');
  }
  if (mapType !== undefined && mapType !== null && mapType !== 'atomic' && mapType !== 'granular') {
    add(out, `${path}.x-kubernetes-map-type`, 'Unsupported value', mapType, '"atomic", "granular"', 'Use atomic or granular');
  }
  const listType = s['x-kubernetes-list-type'];
  const hasListType = listType !== undefined && listType !== null;
  if (hasListType && type !== 'array') {
    if (type === '') add(out, `${path}.type`, 'Required value: must be array if x-kubernetes-list-type is specified', undefined, undefined, 'Set type: array');
    else add(out, `${path}.type`, 'Invalid value: must be array if x-kubernetes-list-type is specified', type, undefined, 'Set type: array, or remove x-kubernetes-list-type');
  } else if (listType === 'set' && isObj(s.items)) {
    // requireAtomicSetType
    const is = s.items;
    if (is.type === 'array' && is['x-kubernetes-list-type'] !== undefined && is['x-kubernetes-list-type'] !== null && is['x-kubernetes-list-type'] !== 'atomic') {
      add(out, `${path}.items.x-kubernetes-list-type`, 'Invalid value: must be atomic as item of a list with x-kubernetes-list-type=set', is['x-kubernetes-list-type'], undefined, 'Set x-kubernetes-list-type: atomic on the items (or remove it)');
    }
    if (is.type === 'object' && is['x-kubernetes-map-type'] !== 'atomic') {
      // upstream prints the items' x-kubernetes-list-type as the value here
      add(out, `${path}.items.x-kubernetes-map-type`, 'Invalid value: must be atomic as item of a list with x-kubernetes-list-type=set', is['x-kubernetes-list-type'] ?? null, undefined,
        'Set x-kubernetes-map-type: atomic on the object items, or make the list a map list');
    }
  }
  if (hasListType && listType !== 'atomic' && listType !== 'set' && listType !== 'map') {
    add(out, `${path}.x-kubernetes-list-type`, 'Unsupported value', listType, '"atomic", "set", "map"', 'Use atomic, set or map');
  }
  const keys: unknown[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  if (keys.length > 0) {
    if (!hasListType) add(out, `${path}.x-kubernetes-list-type`, 'Required value: must be map if x-kubernetes-list-map-keys is non-empty', undefined, undefined, 'Set x-kubernetes-list-type: map');
    else if (listType !== 'map') add(out, `${path}.x-kubernetes-list-type`, 'Invalid value: must be map if x-kubernetes-list-map-keys is non-empty', listType, undefined, 'Set x-kubernetes-list-type: map, or remove x-kubernetes-list-map-keys');
  }
  if (listType === 'map') {
    if (keys.length === 0) add(out, `${path}.x-kubernetes-list-map-keys`, 'Required value: must not be empty if x-kubernetes-list-type is map', undefined, undefined, 'Name the item properties that identify an item');
    if (s.items === undefined || s.items === null) {add(out, `${path}.items`, 'Required value: must have a schema if x-kubernetes-list-type is map', undefined, undefined, 'Declare the schema of the items');} else if (Array.isArray(s.items)) {add(out, `${path}.items`, 'Invalid value: must only have a single schema if x-kubernetes-list-type is map', s.items, undefined, 'Give items one schema');} else if (isObj(s.items) && s.items.type !== 'object') {
      add(out, `${path}.items.type`, 'Invalid value: must be object if parent array\'s x-kubernetes-list-type is map', s.items.type ?? '', undefined, 'Make the items objects, or use x-kubernetes-list-type: set or atomic');
    } else if (isObj(s.items)) {
      const itemProps = isObj(s.items.properties) ? s.items.properties : {};
      const seen = new Set<unknown>();
      for (const k of keys) {
        const p = typeof k === 'string' ? itemProps[k] : undefined;
        if (isObj(p)) {
          if (p.type === 'array' || p.type === 'object') {
            // upstream prints the items' type as the value here
            add(out, `${path}.items.properties[${k}].type`, 'Invalid value: must be a scalar type if parent array\'s x-kubernetes-list-type is map', s.items.type, undefined, 'Use scalar properties (string, integer, number, boolean) as map keys');
          }
        } else {
          add(out, `${path}.x-kubernetes-list-map-keys`, 'Invalid value: entries must all be names of item properties', keys, undefined, 'Name properties the items declare');
        }
        if (seen.has(k)) add(out, `${path}.x-kubernetes-list-map-keys`, 'Invalid value: must not contain duplicate entries', keys, undefined, 'Name each key once');
        seen.add(k);
      }
    }
  }
  validateMapListKeysMapSet(s, path, out);
}

// upstream: validateMapListKeysMapSet
function validateMapListKeysMapSet(s: Record<string, any>, path: string, out: Violation[]): void {
  const listType = s['x-kubernetes-list-type'];
  if (!isObj(s.items) || (listType !== 'set' && listType !== 'map')) return;
  const is = s.items;
  // set and map list items cannot be nullable
  if (is.nullable === true) add(out, `${path}.items.nullable`, `Forbidden: cannot be nullable when x-kubernetes-list-type is ${listType}`, true, undefined, 'Remove nullable from the items');
  if (listType !== 'map') return;
  // ensure all map keys are required or have a default
  const required = new Set(Array.isArray(is.required) ? is.required : []);
  const keys: unknown[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
  for (const k of keys) {
    const p = typeof k === 'string' && isObj(is.properties) ? is.properties[k] : undefined;
    if (!isObj(p)) continue;
    if (!required.has(k) && (p.default === undefined || p.default === null)) {
      add(out, `${path}.items.properties[${k}].default`, 'Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property', undefined, undefined,
        `List ${JSON.stringify(k)} in the items' required, or give it a default`);
    }
    if (p.nullable === true) {
      add(out, `${path}.items.properties[${k}].nullable`, 'Forbidden: this property is in x-kubernetes-list-map-keys, so it cannot be nullable', true, undefined, 'Remove nullable from the key property');
    }
  }
}

// upstream: validateStructuralCompleteness
/**
 * Every property and items a logic junctor of the root names must also be declared outside the
 * junctors (upstream checks the root's junctors only, and so does this).
 */
export function validateStructuralCompleteness(s: unknown, path: string, out: Violation[]): void {
  if (!isObj(s)) return;
  validateValueValidationCompleteness(s, s, path, path, out, 0);
}

// upstream: validateValueValidationCompleteness
function validateValueValidationCompleteness(
  v: Record<string, any>, s: unknown, sPath: string, vPath: string, out: Violation[], depth: number,
): void {
  if (depth > MAX_DEPTH) return;
  const hasJunctor = v.not !== undefined || ['allOf', 'anyOf', 'oneOf'].some((k) => Array.isArray(v[k]) && v[k].length > 0);
  if (!hasJunctor) return;
  if (!isObj(s)) {
    add(out, sPath, `Required value: because it is defined in ${vPath}`, undefined, undefined, 'Declare it outside allOf/anyOf/oneOf/not too, with its type');
    return;
  }
  validateNestedValueValidationCompleteness(v.not, s, sPath, `${vPath}.not`, out, depth + 1);
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    if (Array.isArray(v[k])) v[k].forEach((x: unknown, i: number) => validateNestedValueValidationCompleteness(x, s, sPath, `${vPath}.${k}[${i}]`, out, depth + 1));
  }
}

// upstream: validateNestedValueValidationCompleteness
function validateNestedValueValidationCompleteness(v: unknown, s: unknown, sPath: string, vPath: string, out: Violation[], depth: number): void {
  if (!isObj(v) || depth > MAX_DEPTH) return;
  if (!isObj(s)) {
    add(out, sPath, `Required value: because it is defined in ${vPath}`, undefined, undefined, 'Declare it outside allOf/anyOf/oneOf/not too, with its type');
    return;
  }
  validateValueValidationCompleteness(v, s, sPath, vPath, out, depth + 1);
  validateNestedValueValidationCompleteness(v.items, s.items, `${sPath}.items`, `${vPath}.items`, out, depth + 1);
  if (isObj(v.properties)) {
    const sProps = isObj(s.properties) ? s.properties : {};
    for (const [k, p] of Object.entries(v.properties)) {
      // AllowValidationPropertiesWithAdditionalProperties is false for CRDs
      if (!isObj(sProps[k])) add(out, `${sPath}.properties[${k}]`, `Required value: because it is defined in ${vPath}.properties[${k}]`, undefined, undefined, 'Declare the property outside allOf/anyOf/oneOf/not too, with its type');
      else validateNestedValueValidationCompleteness(p, sProps[k], `${sPath}.properties[${k}]`, `${vPath}.properties[${k}]`, out, depth + 1);
    }
  }
}
