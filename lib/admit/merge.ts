/**
 * The server-side-apply merge an `ApplyConfiguration` mutation performs, driven by the 1.36
 * schema catalog. It follows k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch/smd.go
 * (ApplyStructuredMergeDiff): the patch is first converted to the object's type (a field the
 * schema does not declare is an error), then refused when it contains any atomic list, map
 * or struct (validatePatch: "may not mutate atomic arrays, maps or structs"), then merged into
 * the live object as sigs.k8s.io/structured-merge-diff merges typed values:
 *   - structs and granular maps merge field by field;
 *   - `listType: map` lists merge entries by their keys, `listType: set` lists by value,
 *     keeping the live order and placing new entries where the patch puts them relative to
 *     entries both sides share;
 *   - scalars and atomic lists/maps/structs are replaced.
 */
import { setOwn } from './json-patch';
import { isAtomicType, lookupType } from '../schema';
import type { SchemaTypeRef } from '../schema';

/** A patch that cannot be merged (the mutation fails with this message). */
export class ApplyConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApplyConfigurationError';
  }
}

function isMap(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Checks `patch` against type `t`: unknown fields (conversion errors) and atomic parts
 * (validatePatch). `path` is the field path as structured-merge-diff prints it
 * (`.spec.containers[0].args`).
 */
function inspect(patch: unknown, t: SchemaTypeRef | undefined, path: string, unknown: string[], atomics: string[]): void {
  if (!t || patch === null || patch === undefined) return;
  switch (t.kind) {
    case 'object': {
      if (!isMap(patch)) return;
      if (isAtomicType(t)) atomics.push(path);
      const ot = lookupType(t.name);
      if (!ot) return;
      for (const [k, v] of Object.entries(patch)) {
        const f = ot.fields[k];
        if (!f) {
          unknown.push(`${path}.${k}: field not declared in schema`);
          continue;
        }
        inspect(v, f.type, `${path}.${k}`, unknown, atomics);
      }
      return;
    }
    case 'map':
      if (!isMap(patch)) return;
      if (isAtomicType(t)) atomics.push(path);
      for (const [k, v] of Object.entries(patch)) inspect(v, t.values, `${path}.${k}`, unknown, atomics);
      return;
    case 'array':
      if (!Array.isArray(patch)) return;
      if (isAtomicType(t)) atomics.push(path);
      patch.forEach((v, i) => inspect(v, t.items, `${path}[${i}]`, unknown, atomics));
      return;
    default:
  }
}

/** Patch values come fresh from the evaluator and are owned by the merge: no copy needed. */
function clone<T>(x: T): T {
  return x;
}

/** The identity of a list entry: its key fields (list-map) or its value (set). */
function entryKey(item: unknown, t: { listType?: string; mapKeys?: readonly string[] }): string {
  if (t.listType === 'map') {
    const keys = t.mapKeys ?? [];
    if (keys.length === 1 && isMap(item) && typeof item[keys[0]] === 'string') return `s:${item[keys[0]] as string}`;
    return JSON.stringify(keys.map((k) => (isMap(item) ? item[k] ?? null : null)));
  }
  return typeof item === 'string' ? `s:${item}` : JSON.stringify(item);
}

/** Merges two keyed lists the way structured-merge-diff orders them. */
function mergeKeyedList(live: unknown[], patch: unknown[], t: Extract<SchemaTypeRef, { kind: 'array' }>): unknown[] {
  const lk = live.map((x) => entryKey(x, t));
  const rk = patch.map((x) => entryKey(x, t));
  const liveByKey = new Map<string, unknown>();
  lk.forEach((k, i) => { if (!liveByKey.has(k)) liveByKey.set(k, live[i]); });
  const patchByKey = new Map<string, unknown>();
  rk.forEach((k, i) => { if (!patchByKey.has(k)) patchByKey.set(k, patch[i]); });
  const shared = rk.filter((k) => liveByKey.has(k));
  let sharedAt = 0;
  const merged = new Set<string>();
  const out: unknown[] = [];
  const mergeItem = (k: string) => {
    merged.add(k);
    const l = liveByKey.get(k);
    const r = patchByKey.get(k);
    out.push(l === undefined ? clone(r) : mergeValue(l, r, t.items));
  };
  const advanceShared = (k: string) => {
    if (sharedAt < shared.length && shared[sharedAt] === k) sharedAt++;
  };
  let li = 0;
  let ri = 0;
  while (li < lk.length || ri < rk.length) {
    if (li < lk.length && ri < rk.length) {
      if (lk[li] === rk[ri]) {
        mergeItem(lk[li]);
        advanceShared(lk[li]);
        li++;
        ri++;
        continue;
      }
      if (patchByKey.has(lk[li]) && sharedAt < shared.length && shared[sharedAt] !== lk[li]) {
        li++;
        continue;
      }
    }
    if (li < lk.length) {
      if (!patchByKey.has(lk[li])) {
        out.push(live[li]);
        li++;
        continue;
      }
      if (merged.has(lk[li])) {
        li++;
        continue;
      }
    }
    if (ri < rk.length) {
      if (!merged.has(rk[ri])) mergeItem(rk[ri]);
      advanceShared(rk[ri]);
      ri++;
    } else {
      li++;
    }
  }
  return out;
}

/** `o[k]` when `k` is an own key (never a prototype member such as `constructor`). */
function ownValue(o: Record<string, unknown>, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

function mergeValue(live: unknown, patch: unknown, t: SchemaTypeRef | undefined): unknown {
  if (patch === undefined) return live;
  if (!t || live === undefined || live === null || patch === null) return clone(patch);
  switch (t.kind) {
    case 'object': {
      if (isAtomicType(t) || !isMap(live) || !isMap(patch)) return clone(patch);
      const ot = lookupType(t.name);
      const out: Record<string, unknown> = { ...live };
      for (const [k, v] of Object.entries(patch)) setOwn(out, k, mergeValue(ownValue(live, k), v, ot?.fields[k]?.type));
      return out;
    }
    case 'map': {
      if (isAtomicType(t) || !isMap(live) || !isMap(patch)) return clone(patch);
      const out: Record<string, unknown> = { ...live };
      for (const [k, v] of Object.entries(patch)) setOwn(out, k, mergeValue(ownValue(live, k), v, t.values));
      return out;
    }
    case 'array':
      if (isAtomicType(t) || !Array.isArray(live) || !Array.isArray(patch)) return clone(patch);
      return mergeKeyedList(live, patch, t);
    case 'any': {
      // Free-form JSON merges like a deduced type: maps granularly, everything else replaced.
      if (!isMap(live) || !isMap(patch)) return clone(patch);
      const out: Record<string, unknown> = { ...live };
      for (const [k, v] of Object.entries(patch)) setOwn(out, k, mergeValue(ownValue(live, k), v, t));
      return out;
    }
    default:
      return clone(patch);
  }
}

/**
 * Merges an apply configuration `patch` into `live` (an object of catalog type `typeName`)
 * and returns the merged copy. Throws {@link ApplyConfigurationError} with the API server's
 * wording when the patch sets an undeclared field or any atomic list, map or struct.
 */
export function applyConfiguration(live: unknown, patch: unknown, typeName: string): unknown {
  const root: SchemaTypeRef = { kind: 'object', name: typeName };
  if (!isMap(patch)) throw new ApplyConfigurationError(`invalid return type: ${Array.isArray(patch) ? 'list' : typeof patch}`);
  const unknown: string[] = [];
  const atomics: string[] = [];
  // apiVersion/kind are set from the object being admitted (the patch carries its GVK).
  const body = { ...patch };
  delete body.apiVersion;
  delete body.kind;
  inspect(body, root, '', unknown, atomics);
  if (unknown.length) throw new ApplyConfigurationError(`error applying patch: failed to convert patch object to typed object: ${unknown.join(', ')}`);
  if (atomics.length) throw new ApplyConfigurationError(`error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: ${atomics.join(', ')}`);
  return mergeValue(live, body, root);
}
