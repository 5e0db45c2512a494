/**
 * RFC 6902 JSON Patch applied the way kube-apiserver applies the result of a `JSONPatch`
 * mutation (k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch/json_patch.go, which
 * uses gopkg.in/evanphx/json-patch.v4): operations apply in order to a copy of the object, a
 * failed `test` leaves the object unchanged without an error, and any other failure is an
 * error whose text follows the library's ("add operation does not apply: doc is missing
 * path: ...").
 */

/** One operation as a JSONPatch mutation evaluates it. */
export interface JsonPatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** A JSON Patch that could not be applied. */
export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/** Thrown (and caught by {@link applyJsonPatch}) when a `test` operation fails. */
class TestFailed extends Error {}

function clone<T>(x: T): T {
  return x === undefined ? x : structuredClone(x);
}

function decodePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new JsonPatchError(`path must start with "/" (got ${JSON.stringify(path)})`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(x: unknown): x is Record<string, unknown> | unknown[] {
  return typeof x === 'object' && x !== null;
}

/** A shallow copy of a container, so the caller's object is never changed. */
function shallow(x: Record<string, unknown> | unknown[]): Record<string, unknown> | unknown[] {
  return Array.isArray(x) ? x.slice() : { ...x };
}

/**
 * The parent container of `segments` (undefined when a step is missing) and the last key.
 * Containers on the way are copied (path copying: the document is a fresh root whose
 * unchanged branches are shared with the input), so the parent may be modified in place.
 */
function findParent(doc: unknown, segments: string[]): { parent?: Record<string, unknown> | unknown[]; key: string } {
  const key = segments[segments.length - 1];
  let cur: unknown = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const seg = segments[i];
    let next: unknown;
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(seg) || Number(seg) >= cur.length) return { key };
      next = cur[Number(seg)];
      if (isContainer(next)) cur[Number(seg)] = next = shallow(next);
    } else if (isContainer(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return { key };
      next = (cur as Record<string, unknown>)[seg];
      if (isContainer(next)) (cur as Record<string, unknown>)[seg] = next = shallow(next);
    } else {
      return { key };
    }
    cur = next;
  }
  return { parent: isContainer(cur) ? cur : undefined, key };
}

function arrayIndex(arr: unknown[], key: string, forInsert: boolean): number {
  if (key === '-' && forInsert) return arr.length;
  if (!/^-?(0|[1-9][0-9]*)$/.test(key)) throw new JsonPatchError(`Unable to access invalid index: ${key}: invalid index referenced`);
  const i = Number(key);
  const max = forInsert ? arr.length : arr.length - 1;
  if (i < 0 || i > max) throw new JsonPatchError(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i;
}

function getAt(doc: unknown, segments: string[]): { found: boolean; value?: unknown } {
  let cur: unknown = doc;
  for (const seg of segments) {
    if (Array.isArray(cur)) {
      if (!/^(0|[1-9][0-9]*)$/.test(seg) || Number(seg) >= cur.length) return { found: false };
      cur = cur[Number(seg)];
    } else if (isContainer(cur) && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: cur };
}

function addAt(doc: unknown, path: string, value: unknown, what = 'add'): unknown {
  const segs = decodePointer(path);
  if (segs.length === 0) return clone(value);
  const { parent, key } = findParent(doc, segs);
  if (!parent) throw new JsonPatchError(`${what} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, clone(value));
  else parent[key] = clone(value);
  return doc;
}

function removeAt(doc: unknown, path: string, what = 'remove'): { doc: unknown; removed: unknown } {
  const segs = decodePointer(path);
  const { parent, key } = findParent(doc, segs);
  if (!parent) throw new JsonPatchError(`${what} operation does not apply: doc is missing path: ${JSON.stringify(path)}: missing value`);
  if (Array.isArray(parent)) {
    const i = arrayIndex(parent, key, false);
    const [removed] = parent.splice(i, 1);
    return { doc, removed };
  }
  if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`);
  const removed = parent[key];
  delete parent[key];
  return { doc, removed };
}

/** Deep equality of JSON values (key order does not matter), as the `test` operation compares. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as any)[k], (b as any)[k]));
}

function applyOne(doc: unknown, o: JsonPatchOperation): unknown {
  switch (o.op) {
    case 'add':
      return addAt(doc, o.path, o.value);
    case 'remove':
      return removeAt(doc, o.path).doc;
    case 'replace': {
      const segs = decodePointer(o.path);
      if (segs.length === 0) return clone(o.value);
      const { parent, key } = findParent(doc, segs);
      if (!parent) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${JSON.stringify(o.path)}: missing value`);
      if (Array.isArray(parent)) {
        parent[arrayIndex(parent, key, false)] = clone(o.value);
      } else {
        if (!Object.prototype.hasOwnProperty.call(parent, key)) throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${o.path}: missing value`);
        parent[key] = clone(o.value);
      }
      return doc;
    }
    case 'move': {
      if (o.from === undefined) throw new JsonPatchError('move operation needs "from"');
      const { removed } = removeAt(doc, o.from, 'move');
      return addAt(doc, o.path, removed, 'move');
    }
    case 'copy': {
      if (o.from === undefined) throw new JsonPatchError('copy operation needs "from"');
      const src = getAt(doc, decodePointer(o.from));
      if (!src.found) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${JSON.stringify(o.from)}: missing value`);
      return addAt(doc, o.path, src.value, 'copy');
    }
    case 'test': {
      const cur = getAt(doc, decodePointer(o.path));
      const expected = o.value === undefined ? null : o.value;
      if (cur.found ? jsonEqual(cur.value, expected) : expected === null) return doc;
      throw new TestFailed(`testing value ${JSON.stringify(o.path)} failed: test failed`);
    }
    default:
      throw new JsonPatchError(`Unexpected kind: ${o.op}`);
  }
}

/**
 * Applies `ops` to a copy of `object` and returns it. A failed `test` returns the object
 * unchanged (as the API server does); other failures throw {@link JsonPatchError}.
 */
export function applyJsonPatch(object: unknown, ops: readonly JsonPatchOperation[]): unknown {
  let doc = isContainer(object) ? shallow(object) : object;
  try {
    for (const o of ops) doc = applyOne(doc, o);
  } catch (e) {
    if (e instanceof TestFailed) return object;
    throw e;
  }
  return doc;
}
