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
  | { readonly kind: 'object'; readonly name: string }
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
