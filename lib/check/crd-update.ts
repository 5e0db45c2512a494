/**
 * A custom resource UPDATE, checked as apiextensions-apiserver v0.36 checks it
 * (pkg/registry/customresource/strategy.go ValidateUpdate):
 *
 * - **transition rules** (rules that read `oldSelf`) run only where the old value correlates:
 *   an object's property (when `x-kubernetes-map-type` is granular, atomic or unset), an item
 *   of an `x-kubernetes-list-type: map` list by its keys; never items of atomic lists or sets
 *   (pkg/apiserver/schema/cel/validation.go validateMap, validateArray, MapIsCorrelatable,
 *   maplist.go). `optionalOldSelf: true` rules run everywhere, with `oldSelf` an optional;
 * - **ratcheting** (CRDValidationRatcheting, GA and locked on since 1.33): schema errors of a
 *   value that is unchanged from its correlated old value are dropped
 *   (pkg/apiserver/validation/ratcheting.go), and a failed rule that does not read `oldSelf`
 *   on an unchanged value is a warning, not an error (validation.go shouldRatchetError);
 *   "unchanged" is k8s.io/apiserver pkg/cel/common/equality.go CorrelatedObject.CachedDeepEqual;
 * - `x-kubernetes-list-type` set/map duplicates are checked only when the old object has none
 *   (strategy.go, listtype.ValidateListSetsAndMaps).
 *
 * The metadata update rules (ValidateObjectMetaAccessorUpdate: immutable name, namespace, uid...)
 * are not part of this file.
 */
import type { CrdVersion, CrUpdate, CrUpdateNode } from './crd';
import { checkCustomResource } from './crd';
import { defaultCustomResource } from './crd-defaults';
import type { Violation } from '../base/errors';
import { joinPath } from '../base/errors';

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const MAX_DEPTH = 64;

/** reflect.DeepEqual over decoded JSON (a missing key differs from a null one). */
function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (depth > 256) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !deepEqual(a[k], b[k], depth + 1)) return false;
    }
    return true;
  }
  return typeof a === 'bigint' && typeof b === 'bigint' ? a === b : false;
}

/** A map-list key part, typed as Go keeps it apart (bool, int64, float64, string); undefined for non-scalars. */
function scalarKey(v: unknown): string | undefined {
  switch (typeof v) {
    case 'boolean': return `b${v}`;
    case 'string': return `s${JSON.stringify(v)}`;
    case 'bigint': return `i${v}`;
    case 'number': return Number.isInteger(v) ? `i${v}` : `f${v}`;
    default: return undefined;
  }
}

/**
 * MakeMapList's lookup by `x-kubernetes-list-map-keys` in an
 * `x-kubernetes-list-type: map` list (k8s.io/apiserver pkg/cel/common/maplist.go).
 */
class MapList {
  private readonly keyed = new Map<string, Record<string, unknown>>();
  private unkeyed: unknown[];

  constructor(private readonly keys: readonly string[], items: readonly unknown[]) {
    this.unkeyed = [...items];
  }

  // upstream: singleKeyStrategy.CompositeKeyFor
  // upstream: multiKeyStrategy.CompositeKeyFor
  /** singleKeyStrategy / multiKeyStrategy CompositeKeyFor: the keys' scalar values, typed. */
  private compositeKeyFor(obj: Record<string, unknown>): string | undefined {
    const parts: string[] = [];
    for (const k of this.keys) {
      if (!Object.prototype.hasOwnProperty.call(obj, k)) return undefined;
      const p = scalarKey(obj[k]);
      if (p === undefined) return undefined; // values must be scalars
      parts.push(p);
    }
    return parts.join('\u0000');
  }

  // upstream: mapListImpl.Get
  /** mapListImpl.Get — the first old item with the same keys, or undefined. */
  public get(obj: unknown): Record<string, unknown> | undefined {
    if (!isObj(obj)) return undefined;
    const key = this.compositeKeyFor(obj);
    if (key === undefined) return undefined;
    const hit = this.keyed.get(key);
    if (hit) return hit;
    while (this.unkeyed.length > 0) {
      const item = this.unkeyed.shift();
      if (!isObj(item)) continue;
      const k = this.compositeKeyFor(item);
      if (k === undefined) continue;
      if (!this.keyed.has(k)) this.keyed.set(k, item);
      if (k === key) return item;
    }
    return undefined;
  }
}

// upstream: MakeMapList
/** MakeMapList: undefined (the empty map list) unless `s` is a map-type list with keys. */
function makeMapList(s: any, items: unknown): MapList | undefined {
  if (!isObj(s) || s.type !== 'array' || s['x-kubernetes-list-type'] !== 'map') return undefined;
  const keys = s['x-kubernetes-list-map-keys'];
  if (!Array.isArray(keys) || keys.length === 0 || !Array.isArray(items) || items.length === 0) return undefined;
  return new MapList(keys.filter((k): k is string => typeof k === 'string'), items);
}

/** The schema of property `field` of `s`: a declared property, else `additionalProperties`. */
function propertySchema(s: any, field: string): any {
  if (!isObj(s)) return undefined;
  if (isObj(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, field)) return s.properties[field];
  return isObj(s.additionalProperties) ? s.additionalProperties : undefined;
}

/**
 * CorrelatedObject (k8s.io/apiserver pkg/cel/common/equality.go) — a value of the new
 * object with the old value it correlates to, and the cached answer to "unchanged?".
 */
export class CorrelatedObject {
  private comparison?: boolean;
  private mapList?: MapList | null;
  private readonly children = new Map<string | number, CorrelatedObject | undefined>();

  constructor(public readonly oldValue: unknown, public readonly value: unknown, public readonly schema: any) {}

  // upstream: CorrelatedObject.correlateOldValueForChildAtNewIndex
  /** correlateOldValueForChildAtNewIndex — only map-type lists correlate items. */
  private correlateOldValueForChildAtNewIndex(index: number): unknown {
    if (!Array.isArray(this.oldValue) || !Array.isArray(this.value) || this.value.length <= index) return undefined;
    if (this.schema?.['x-kubernetes-list-type'] !== 'map') return undefined; // set, atomic, unset: not correlatable
    if (this.mapList === undefined) this.mapList = makeMapList(this.schema, this.oldValue) ?? null;
    return this.mapList ? this.mapList.get(this.value[index]) : undefined;
  }

  // upstream: CorrelatedObject.CachedDeepEqual
  /** CachedDeepEqual: whether the value is unchanged, reusing the children's answers. */
  public cachedDeepEqual(): boolean {
    if (this.comparison !== undefined) return this.comparison;
    this.comparison = this.computeDeepEqual();
    return this.comparison;
  }

  private computeDeepEqual(): boolean {
    const nv = this.value ?? null;
    const ov = this.oldValue ?? null;
    if (nv === null && ov === null) return true;
    if (nv === null || ov === null) return false;
    if (Array.isArray(ov) !== Array.isArray(nv) || isObj(ov) !== isObj(nv)) return false;
    if (Array.isArray(ov) && Array.isArray(nv)) {
      if (ov.length !== nv.length) return false;
      for (let i = 0; i < nv.length; i++) {
        const child = this.index(i);
        if (child === undefined) {
          // a non-correlatable list is compared as a unit; a map list missing an old key differs
          if (!this.mapList) return deepEqual(ov, nv);
          return false;
        }
        if (!child.cachedDeepEqual()) return false;
      }
      return true;
    }
    if (isObj(ov) && isObj(nv)) {
      if (Object.keys(ov).length !== Object.keys(nv).length) return false;
      for (const k of Object.keys(nv)) {
        const child = this.key(k);
        if (child === undefined || !child.cachedDeepEqual()) return false;
      }
      return true;
    }
    return deepEqual(ov, nv);
  }

  // upstream: CorrelatedObject.Key
  /** Key: the child for `field`, when both old and new have it and the schema declares it. */
  public key(field: string): CorrelatedObject | undefined {
    if (!isObj(this.schema)) return undefined;
    if (this.children.has(field)) return this.children.get(field);
    if (!isObj(this.oldValue) || !isObj(this.value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(this.oldValue, field) || !Object.prototype.hasOwnProperty.call(this.value, field)) return undefined;
    const ps = propertySchema(this.schema, field);
    if (!isObj(ps)) return undefined;
    const res = new CorrelatedObject(this.oldValue[field], this.value[field], ps);
    this.children.set(field, res);
    return res;
  }

  // upstream: CorrelatedObject.Index
  /** Index: the child at `i`, when its old value correlates (map lists only). */
  public index(i: number): CorrelatedObject | undefined {
    if (!isObj(this.schema)) return undefined;
    if (this.children.has(i)) return this.children.get(i);
    if (!Array.isArray(this.value) || this.value.length <= i) return undefined;
    const old = this.correlateOldValueForChildAtNewIndex(i);
    if (old === undefined || old === null) return undefined;
    if (!isObj(this.schema.items)) return undefined;
    const res = new CorrelatedObject(old, this.value[i], this.schema.items);
    this.children.set(i, res);
    return res;
  }
}

// upstream: MapIsCorrelatable
/** MapIsCorrelatable (validation.go): granular (the default) and atomic maps correlate. */
export function mapIsCorrelatable(mapType: unknown): boolean {
  return mapType === undefined || mapType === null || mapType === 'granular' || mapType === 'atomic';
}

/** What the walk below knows at one node (upstream: ratchetingOptions plus the CEL old value). */
interface WalkState {
  /** ratchetingOptions.currentCorrelation */
  readonly current?: CorrelatedObject;
  /** ratchetingOptions.nearestParentCorrelation */
  readonly nearest?: CorrelatedObject;
  /** whether any correlated node from the root down to here is unchanged (ratcheting.go, each level) */
  readonly unchangedAbove: boolean;
  /** validateMap / validateArray: the old value a rule here sees (undefined: none) */
  readonly old: unknown;
}

/**
 * Builds, for every value of the new object (by the field path the custom-resource walk uses),
 * the old value its transition rules see and whether its errors ratchet.
 */
class UpdateIndex implements CrUpdate {
  private readonly nodes = new Map<string, CrUpdateNode>();
  public readonly checkListTypes: boolean;

  constructor(obj: unknown, old: unknown, schema: any) {
    const root = new CorrelatedObject(old, obj, schema);
    this.walk(obj, schema, '', { current: root, unchangedAbove: false, old }, 0);
    this.checkListTypes = !hasListTypeErrors(old, schema, 0);
  }

  public node(path: string): CrUpdateNode | undefined {
    return this.nodes.get(path);
  }

  private walk(v: unknown, s: any, path: string, st: WalkState, depth: number): void {
    if (depth > MAX_DEPTH || v === null || v === undefined) return;
    const unchanged = st.unchangedAbove || (st.current !== undefined && st.current.cachedDeepEqual());
    // upstream: ratchetingValueValidator.Validate
    // the schema errors of a value ratchet when it, or a correlated value above it, is unchanged
    // upstream: ratchetingOptions.shouldRatchetError
    // a failed rule ratchets on the node itself when correlated, else on its nearest correlated ancestor when correlated, else its nearest correlated ancestor
    const ratchetRule = st.current !== undefined ? st.current.cachedDeepEqual() : st.nearest !== undefined && st.nearest.cachedDeepEqual();
    this.nodes.set(path, { oldSelf: st.old === null ? undefined : st.old, ratchetSchema: unchanged, ratchetRule });
    if (!isObj(s)) return;
    if (isObj(v)) {
      const correlatable = mapIsCorrelatable(s['x-kubernetes-map-type']);
      for (const k of Object.keys(v)) {
        const ps = propertySchema(s, k);
        if (!isObj(ps)) continue;
        // upstream: ratchetingOptions.key
        // upstream: ratchetingValueValidator.SubPropertyValidator
        // upstream: isTypeMetaField
        // apiVersion and kind of the root are never correlated
        const child: WalkState = st.current === undefined
          ? { nearest: st.nearest, unchangedAbove: unchanged, old: undefined }
          : depth === 0 && (k === 'apiVersion' || k === 'kind')
            ? { unchangedAbove: unchanged, old: undefined }
            : { current: st.current.key(k), nearest: st.current, unchangedAbove: unchanged, old: undefined };
        // upstream: Validator.validateMap
        // the old value of the same key, when the map type correlates
        const oldV = correlatable && isObj(st.old) ? st.old[k] : undefined;
        this.walk(v[k], ps, joinPath(path, k), { ...child, old: oldV }, depth + 1);
      }
    } else if (Array.isArray(v)) {
      if (!isObj(s.items)) return;
      // upstream: Validator.validateArray
      // makeMapList: only map-type lists give items an old value
      const oldItems = makeMapList(s, Array.isArray(st.old) ? st.old : undefined);
      v.forEach((item, i) => {
        // upstream: ratchetingOptions.index
        // upstream: ratchetingValueValidator.SubIndexValidator
        const child: WalkState = st.current === undefined
          ? { nearest: st.nearest, unchangedAbove: unchanged, old: undefined }
          : { current: st.current.index(i), nearest: st.current, unchangedAbove: unchanged, old: undefined };
        this.walk(item, s.items, joinPath(path, i), { ...child, old: oldItems?.get(item) }, depth + 1);
      });
    }
  }
}

// upstream: listtype.ValidateListSetsAndMaps
/**
 * ValidateListSetsAndMaps (pkg/apiserver/schema/listtype/validation.go) — whether the
 * object has a duplicate in an `x-kubernetes-list-type: set` list, a duplicate key in a `map`
 * list, or a map-list item that is not an object.
 */
export function hasListTypeErrors(v: unknown, s: any, depth: number): boolean {
  if (depth > MAX_DEPTH || !isObj(s)) return false;
  if (isObj(v)) {
    for (const k of Object.keys(v)) {
      const ps = propertySchema(s, k);
      if (isObj(ps) && hasListTypeErrors(v[k], ps, depth + 1)) return true;
    }
    return false;
  }
  if (!Array.isArray(v)) return false;
  const lt = s['x-kubernetes-list-type'];
  if (lt === 'set' && hasDuplicates(v.map((x) => setKey(x)))) return true;
  if (lt === 'map') {
    if (v.some((x) => x !== null && x !== undefined && !isObj(x))) return true;
    const keys: string[] = Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [];
    // a missing key (or a null item) is the "unspecified" key, itself a value that may repeat
    if (v.length > 1 && hasDuplicates(v.map((x) => JSON.stringify(keys.map((k) => (isObj(x) && Object.prototype.hasOwnProperty.call(x, k) ? setKey(x[k]) : '\u0000unspecified')))))) return true;
  }
  return v.some((x) => hasListTypeErrors(x, s.items, depth + 1));
}

function setKey(x: unknown): string {
  return scalarKey(x) ?? `j${JSON.stringify(x)}`;
}

function hasDuplicates(keys: string[]): boolean {
  return new Set(keys).size !== keys.length;
}

/**
 * The UPDATE of custom resource `obj` from the stored `old` (both as written; nulls are pruned
 * and defaults applied to each, as the server holds them), checked against `crd`.
 */
export function checkCustomResourceUpdate(obj: unknown, old: unknown, crd: CrdVersion): Violation[] {
  // upstream: customResourceStrategy.ValidateUpdate
  // upstream: RatchetingSchemaValidator.ValidateUpdate
  // upstream: ValidateCustomResourceUpdate
  const newHeld = defaultCustomResource(obj, crd.schema);
  const oldHeld = defaultCustomResource(old, crd.schema);
  return checkCustomResource(obj, crd, new UpdateIndex(newHeld, oldHeld, crd.schema));
}

/**
 * The rule and schema walk of one schema node on its own (not a resource root), as an UPDATE
 * from `old` (or a create when `old` is undefined): the unit the upstream test tables exercise.
 * @internal
 */
export function checkValueUpdate(obj: unknown, old: unknown, schema: any): Violation[] {
  const crd: CrdVersion = { crd: 'test', schema, namespaced: false };
  if (old === undefined) return checkCustomResource(obj, crd, undefined, { resourceRoot: false });
  const index = new UpdateIndex(defaultCustomResource(obj, schema), defaultCustomResource(old, schema), schema);
  return checkCustomResource(obj, crd, index, { resourceRoot: false });
}
