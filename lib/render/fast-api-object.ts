import { ApiObject, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { isObject } from '../base/validators';

/** Returned by {@link plainCopy} when a value is not plain JSON data. */
const NOT_PLAIN: unique symbol = Symbol('not plain');

/**
 * A deep copy of plain JSON data with object keys sorted (when `sort`) and null/undefined
 * members dropped: exactly what cdk8s's resolve + sanitizeValue produce for plain data under
 * the default resolvers. With `dropEmpty`, empty arrays and objects are dropped too (what
 * cdk8s does for metadata). Anything else (a class instance, a Lazy, a function, an object
 * without Object.prototype) yields NOT_PLAIN so the caller can hand the object to cdk8s.
 */
function plainCopy(v: unknown, sort: boolean, dropEmpty: boolean): unknown {
  if (v === null || v === undefined) return undefined;
  const t = typeof v;
  if (t === 'string' || t === 'number' || t === 'boolean') return v;
  if (t !== 'object') return NOT_PLAIN;
  if (Array.isArray(v)) {
    if (dropEmpty && v.length === 0) return undefined;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const c = plainCopy(v[i], sort, dropEmpty);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      out[i] = c;
    }
    return out;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return NOT_PLAIN;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (sort) sortKeys(keys);
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const k of keys) {
    const c = plainCopy(obj[k], sort, dropEmpty);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    if (c !== undefined) {
      out[k] = c;
      n++;
    }
  }
  return dropEmpty && n === 0 ? undefined : out;
}

/**
 * Sorts `keys` in place into the order `Array.prototype.sort()` gives. Objects in manifests
 * have a handful of keys, and V8's sort allocates a work array on every call, which made it
 * the largest allocation of a synth; an insertion sort allocates nothing.
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 24) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > k) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = k;
  }
}

/** The fields of cdk8s's ApiObjectMetadataDefinition that its toJson() reads. */
interface MetadataFields {
  readonly name?: unknown;
  readonly namespace?: unknown;
  readonly labels?: unknown;
  readonly annotations?: unknown;
  readonly finalizers?: unknown;
  readonly ownerReferences?: unknown;
  readonly _additionalAttributes?: unknown;
}

/**
 * `metadata.toJson()` without the generic resolve pass, or undefined when the metadata
 * object does not have the shape this was written against (then cdk8s renders it).
 */
function metadataJson(md: ApiObjectMetadataDefinition): unknown {
  const f = md as unknown as MetadataFields;
  if (!isObject(f.labels) || !isObject(f.annotations) || !isObject(f._additionalAttributes)
    || !Array.isArray(f.finalizers) || !Array.isArray(f.ownerReferences)) return NOT_PLAIN;
  return plainCopy({
    ...(f._additionalAttributes as object),
    name: f.name,
    namespace: f.namespace,
    annotations: f.annotations,
    finalizers: f.finalizers,
    ownerReferences: f.ownerReferences,
    labels: f.labels,
  }, true, true);
}

function hasDefaultResolvers(api: ApiObject): boolean {
  const r = App.of(api).resolvers;
  return r.length === 3 && r[0] instanceof LazyResolver && r[1] instanceof ImplicitTokenResolver && r[2] instanceof NumberStringUnionResolver;
}

/** The result of {@link FastApiObject.render}. */
export interface FastRender {
  /** The manifest, as `ApiObject.toJson()` returns it. */
  readonly json: any;
  /**
   * True when the body came straight from the props (top-level Lazy values produced once)
   * and no JSON patch was applied, so it equals what the owner rendered.
   */
  readonly pristine: boolean;
}

/**
 * An ApiObject whose `toJson()` skips cdk8s's generic resolve pass when it cannot change the
 * result: the app has only the default resolvers and the body is plain JSON data (top-level
 * `Lazy` values are produced first). The output is identical to `ApiObject.toJson()` (same key
 * order, same dropped nulls, patches applied the same way); anything unusual (a custom
 * resolver, a token or class instance anywhere in the body) falls back to cdk8s itself.
 *
 * The constructs of this library build their bodies from plain data they own, so the
 * generic pass, which allocates a key path per value, was most of their synth cost.
 */
export class FastApiObject extends ApiObject {
  public toJson(): any {
    return this.render().json;
  }

  /** Renders like `toJson()` and tells whether the body is exactly the owner's. */
  public render(): FastRender {
    const self = this as unknown as { props: Record<string, unknown>; patches: JsonPatch[] };
    if (!hasDefaultResolvers(this)) return { json: super.toJson(), pristine: false };
    const sort = !process.env.CDK8S_DISABLE_SORT;
    const body: Record<string, unknown> = {};
    const keys = Object.keys(self.props).filter((k) => k !== 'metadata');
    if (sort) sortKeys(keys);
    for (const k of keys) {
      let v = self.props[k];
      if (v instanceof Lazy) v = v.produce();
      const c = plainCopy(v, sort, false);
      if (c === NOT_PLAIN) return { json: super.toJson(), pristine: false };
      if (c !== undefined) body[k] = c;
    }
    let patched: Record<string, unknown>;
    try {
      let md = metadataJson(this.metadata);
      if (md === NOT_PLAIN) md = this.metadata.toJson();
      if (md !== undefined) body.metadata = md;
      patched = self.patches.length ? JsonPatch.apply(body, ...self.patches) : body;
    } catch (e) {
      // the same wording as ApiObject.toJson
      throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
    }
    const json: Record<string, unknown> = {};
    for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (k in patched && !(k in json)) json[k] = patched[k];
    }
    return { json, pristine: self.patches.length === 0 };
  }
}
