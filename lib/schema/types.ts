/** A reference to a type in the catalog, or a scalar. */
export type SchemaTypeRef =
  | { readonly kind: 'string'; readonly enum?: readonly string[]; readonly format?: string }
  | { readonly kind: 'integer'; readonly format?: 'int32' | 'int64' }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'quantity' }
  | { readonly kind: 'int-or-string' }
  /** Free-form JSON (RawExtension, JSON) — anything goes below this point. */
  | { readonly kind: 'any' }
  /** A nested object type; `mapType` is set when the field itself carries `x-kubernetes-map-type`. */
  | { readonly kind: 'object'; readonly name: string; readonly mapType?: 'atomic' | 'granular' }
  | { readonly kind: 'array'; readonly items: SchemaTypeRef; readonly listType?: 'atomic' | 'set' | 'map'; readonly mapKeys?: readonly string[] }
  | { readonly kind: 'map'; readonly values: SchemaTypeRef; readonly mapType?: 'atomic' | 'granular' };

/** One property of an object type. */
export interface SchemaField {
  readonly name: string;
  readonly type: SchemaTypeRef;
  readonly required: boolean;
}

/** An object type of the catalog (e.g. io.k8s.api.core.v1.Container). */
export interface SchemaObjectType {
  readonly name: string;
  readonly fields: Readonly<Record<string, SchemaField>>;
  readonly required: readonly string[];
  /** `x-kubernetes-map-type: atomic` / structType atomic: the whole object is replaced on apply. */
  readonly atomic: boolean;
  /** Set for top-level kinds: the group/version/kinds this definition serves. */
  readonly gvk?: ReadonlyArray<{ readonly group: string; readonly version: string; readonly kind: string }>;
}

/** A group/version/kind the 1.36 API knows (from `x-kubernetes-group-version-kind` and the swagger paths). */
export interface SchemaKind {
  /** API group; empty for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** `apiVersion` as written in a manifest (`v1`, `apps/v1`). */
  readonly apiVersion: string;
  /** Catalog type of the object, e.g. `io.k8s.api.core.v1.Pod`. */
  readonly typeName: string;
  /** True for a GA version (`v1`, `v2`): the only versions this library emits and accepts. */
  readonly ga: boolean;
  /** True when the API has an endpoint for this kind at this version (false for `XxxList`). */
  readonly resource: boolean;
  /** True for the list kind of a served resource (`PodList`). */
  readonly list: boolean;
  /** True when the resource is namespaced. */
  readonly namespaced: boolean;
}
