import { KINDS, RawRef, TYPES } from './catalog.generated';
import type { SchemaField, SchemaKind, SchemaObjectType, SchemaTypeRef } from './types';

/**
 * Accessors over the generated 1.36 catalog. Everything is decoded lazily on first use
 * and cached, so repeated look-ups on hot paths cost one Map access.
 */

const ANY: SchemaTypeRef = { kind: 'any' };
const SCALARS: Record<string, SchemaTypeRef> = {
  's': { kind: 'string' },
  'i32': { kind: 'integer', format: 'int32' },
  'i64': { kind: 'integer', format: 'int64' },
  'i': { kind: 'integer' },
  'n': { kind: 'number' },
  'b': { kind: 'boolean' },
  'q': { kind: 'quantity' },
  'ios': { kind: 'int-or-string' },
  '*': ANY,
};
const objectRefs = new Map<string, SchemaTypeRef>();

function decodeRef(raw: RawRef): SchemaTypeRef {
  if (typeof raw === 'string') {
    const scalar = SCALARS[raw];
    if (scalar) return scalar;
    if (raw.startsWith('s/')) {
      const ref: SchemaTypeRef = { kind: 'string', format: raw.slice(2) };
      SCALARS[raw] = ref;
      return ref;
    }
    let ref = objectRefs.get(raw);
    if (!ref) {
      ref = { kind: 'object', name: raw };
      objectRefs.set(raw, ref);
    }
    return ref;
  }
  const tag = raw[0];
  switch (tag) {
    case 'e':
      return { kind: 'string', enum: raw[1] as string[] };
    case 'a': {
      const listType = raw[2] as string | undefined;
      return {
        kind: 'array',
        items: decodeRef(raw[1] as RawRef),
        ...(listType ? { listType: listType as 'atomic' | 'set' | 'map' } : {}),
        ...(raw[3] ? { mapKeys: raw[3] as string[] } : {}),
      };
    }
    case 'm':
      return { kind: 'map', values: decodeRef(raw[1] as RawRef), ...(raw[2] ? { mapType: raw[2] as 'atomic' | 'granular' } : {}) };
    case 'o':
      return { kind: 'object', name: raw[1] as string, mapType: raw[2] as 'atomic' | 'granular' };
    default:
      return ANY;
  }
}

const typeCache = new Map<string, SchemaObjectType | null>();
let gvkByType: Map<string, Array<{ group: string; version: string; kind: string }>> | undefined;

function kindsByType(): Map<string, Array<{ group: string; version: string; kind: string }>> {
  if (!gvkByType) {
    gvkByType = new Map();
    for (const [group, version, kind, typeName] of KINDS) {
      const list = gvkByType.get(typeName) ?? [];
      list.push({ group, version, kind });
      gvkByType.set(typeName, list);
    }
  }
  return gvkByType;
}

/** The object type `name` (e.g. `io.k8s.api.core.v1.Container`), or undefined when the catalog has none. */
export function lookupType(name: string): SchemaObjectType | undefined {
  const cached = typeCache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const raw = Object.prototype.hasOwnProperty.call(TYPES, name) ? TYPES[name] : undefined;
  if (!raw) {
    typeCache.set(name, null);
    return undefined;
  }
  const [rawFields, required, atomic] = raw;
  const req = new Set(required);
  const fields: Record<string, SchemaField> = Object.create(null);
  for (const key of Object.keys(rawFields)) {
    fields[key] = { name: key, type: decodeRef(rawFields[key]), required: req.has(key) };
  }
  const gvk = kindsByType().get(name);
  const type: SchemaObjectType = { name, fields, required, atomic: atomic === 1, ...(gvk ? { gvk } : {}) };
  typeCache.set(name, type);
  return type;
}

/** Every object type name in the catalog, sorted. */
export function typeNames(): readonly string[] {
  return Object.keys(TYPES);
}

// ---------------------------------------------------------------------------------------
// Kinds

let kindIndex: Map<string, SchemaKind> | undefined;
let groupIndex: Map<string, SchemaKind[]> | undefined;

/** Tests one bit of the generated kind flags (1 resource, 2 namespaced, 4 list, 8 GA). */
function hasFlag(flags: number, bit: number): boolean {
  return Math.floor(flags / bit) % 2 === 1;
}

function buildKindIndex(): void {
  kindIndex = new Map();
  groupIndex = new Map();
  for (const [group, version, kind, typeName, flags] of KINDS) {
    const info: SchemaKind = {
      group,
      version,
      kind,
      apiVersion: group ? `${group}/${version}` : version,
      typeName,
      resource: hasFlag(flags, 1),
      namespaced: hasFlag(flags, 2),
      list: hasFlag(flags, 4),
      ga: hasFlag(flags, 8),
    };
    kindIndex.set(`${info.apiVersion}\u0000${kind}`, info);
    const inGroup = groupIndex.get(group) ?? [];
    inGroup.push(info);
    groupIndex.set(group, inGroup);
  }
}

/** Splits an `apiVersion` into group and version (`v1` → core group). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** The 1.36 kind for `apiVersion` + `kind` (any version the API has, GA or not), or undefined. */
export function lookupKind(apiVersion: string, kind: string): SchemaKind | undefined {
  if (!kindIndex) buildKindIndex();
  return kindIndex!.get(`${apiVersion}\u0000${kind}`);
}

/** Catalog type name of the top-level object `apiVersion`/`kind`, e.g. `io.k8s.api.core.v1.Pod`. */
export function rootTypeName(apiVersion: string, kind: string): string | undefined {
  return lookupKind(apiVersion, kind)?.typeName;
}

/** Every kind of API group `group` (empty string: core) that 1.36 knows, any version. */
export function kindsInGroup(group: string): readonly SchemaKind[] {
  if (!groupIndex) buildKindIndex();
  return groupIndex!.get(group) ?? [];
}

/** True when the 1.36 API has the group (built-in groups only; CRD groups are unknown). */
export function isKnownGroup(group: string): boolean {
  return kindsInGroup(group).length > 0;
}

/** Versions of `group`/`kind` the 1.36 API has an endpoint for (GA and pre-release), sorted GA first. */
export function servedVersions(group: string, kind: string): string[] {
  const versions = kindsInGroup(group).filter((k) => k.kind === kind && (k.resource || k.list)).map((k) => k.version);
  return versions.sort(compareVersions);
}

/** GA versions of `group`/`kind` in 1.36 (newest first). */
export function gaVersions(group: string, kind: string): string[] {
  return kindsInGroup(group).filter((k) => k.kind === kind && k.ga).map((k) => k.version).sort(compareVersions);
}

/** Orders Kubernetes versions: GA before beta before alpha, higher numbers first. */
export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    return [m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every kind in the catalog. */
export function allKinds(): readonly SchemaKind[] {
  if (!kindIndex) buildKindIndex();
  return [...kindIndex!.values()];
}

// ---------------------------------------------------------------------------------------
// Paths

const ITEM_SEGMENT = /^(\[\]|\*|\d+|\[\d+\])$/;
const pathCache = new Map<string, SchemaField | null>();

function stepInto(type: SchemaTypeRef, segment: string, name: string): SchemaField | undefined {
  switch (type.kind) {
    case 'object': {
      const t = lookupType(type.name);
      return t?.fields[segment];
    }
    case 'array':
      if (ITEM_SEGMENT.test(segment)) return { name, type: type.items, required: false };
      // A field name on a list walks into the item type (`containers.image`).
      return stepInto(type.items, segment, name);
    case 'map':
      return { name, type: type.values, required: false };
    default:
      return undefined;
  }
}

/**
 * The field reached from object type `typeName` by `path`. Field names walk into objects;
 * on a list, `[]`, `*` or an index selects the item type and a field name walks into the
 * item's fields; on a map, any segment selects the value type. An empty path yields
 * undefined (there is no field). Unknown fields and scalars yield undefined.
 */
export function resolvePath(typeName: string, path: readonly string[]): SchemaField | undefined {
  if (path.length === 0) return undefined;
  const key = typeName + '\u0000' + path.join('\u0000');
  const cached = pathCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let current: SchemaTypeRef = { kind: 'object', name: typeName };
  let field: SchemaField | undefined;
  for (const segment of path) {
    field = stepInto(current, segment, segment);
    if (!field) break;
    current = field.type;
  }
  pathCache.set(key, field ?? null);
  return field;
}

/** Like {@link resolvePath} but returns the type reached (an empty path gives the object itself). */
export function resolveType(typeName: string, path: readonly string[]): SchemaTypeRef | undefined {
  if (path.length === 0) return lookupType(typeName) ? { kind: 'object', name: typeName } : undefined;
  return resolvePath(typeName, path)?.type;
}

/** True when `ref` is replaced as a whole on apply (atomic list, atomic map, atomic struct). */
export function isAtomicType(ref: SchemaTypeRef): boolean {
  switch (ref.kind) {
    case 'array':
      return ref.listType === 'atomic' || ref.listType === undefined;
    case 'map':
      return ref.mapType === 'atomic';
    case 'object':
      if (ref.mapType) return ref.mapType === 'atomic';
      return lookupType(ref.name)?.atomic ?? false;
    default:
      return false;
  }
}

/**
 * The first atomic list, map or struct met walking `path` from `typeName`, as the path
 * prefix that reaches it, or undefined when the path crosses none (a server-side-apply
 * patch may only set fields below non-atomic parents). Unknown paths yield undefined.
 */
export function atomicPrefix(typeName: string, path: readonly string[]): readonly string[] | undefined {
  let current: SchemaTypeRef = { kind: 'object', name: typeName };
  for (let i = 0; i < path.length; i++) {
    const field = stepInto(current, path[i], path[i]);
    if (!field) return undefined;
    current = field.type;
    if (isAtomicType(current)) return path.slice(0, i + 1);
  }
  return undefined;
}

/** True when `path` from `typeName` is, or lies inside, an atomic list, map or struct. */
export function isAtomicPath(typeName: string, path: readonly string[]): boolean {
  return atomicPrefix(typeName, path) !== undefined;
}
