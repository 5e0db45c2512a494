/**
 * The 1.36 schema core: a generated field catalog (catalog.generated.ts, written by
 * scripts/gen-schema.ts from the upstream v1.36 definitions) and one strict checker over
 * plain manifest objects.
 *
 * CONTRACT (other modules depend on these signatures):
 *   checkSchema(obj, opts?)            -> Violation[]   unknown fields, types, required,
 *                                                      list-map duplicates, quantities,
 *                                                      apiVersion/kind served by 1.36
 *   rootTypeName(apiVersion, kind)     -> string | undefined   e.g. 'io.k8s.api.core.v1.Pod'
 *   lookupType(name)                   -> SchemaObjectType | undefined
 *   resolvePath(typeName, path[])      -> SchemaField | undefined  (walks objects, list items, map values)
 *
 * Also: resolveType, lookupKind, splitApiVersion, servedVersions, gaVersions, kindsInGroup,
 * isKnownGroup, allKinds, typeNames, compareVersions, isAtomicType, atomicPrefix, isAtomicPath,
 * suggestField. resolvePath segments: a field name walks into an object (and through a list
 * into its item type); `[]`, `*` or an index selects a list's item type; any segment selects
 * a map's value type. Internal typed 1.36 shapes: ./k8s-types.generated (not re-exported).
 */
export * from './types';
export * from './catalog';
export * from './check';
