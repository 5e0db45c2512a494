/**
 * JSON Patch applied the way kube-apiserver applies the result of a `JSONPatch` mutation:
 * k8s.io/apiserver@v0.36.0 pkg/admission/plugin/policy/mutating/patch/json_patch.go
 * (`jsonPatcher.Patch`) hands the operations to gopkg.in/evanphx/json-patch.v4 (v4.13.0 in
 * the apiserver go.mod; ported from `patch.go` of the v4 line). That library is not strict
 * RFC 6902, and the server's behaviour is what counts:
 *   - `replace` of a missing object key adds it (`partialDoc.get` never fails);
 *   - `add` at the root path "" fails ("doc is missing path"), `replace` at the root takes an
 *     object or array and silently ignores any other value (`errors.Wrapf(nil, ...)` is nil);
 *   - negative array indices count from the end (`SupportNegativeIndices = true`), and
 *     indices are parsed like Go's `strconv.Atoi` (`+1`, `01` are accepted);
 *   - `copy` and `move` from a missing object key: copy inserts `null`, move fails in remove;
 *   - the total size of `copy` values is limited (`AccumulatedCopySizeLimit`, set by
 *     apiserver pkg/server/config.go from `JSONPatchMaxCopyBytes` = 3 MiB);
 *   - a failed `test` discards the whole patch and the object is admitted unchanged;
 *   - error texts are the library's (`errors.Wrapf`: "<context>: <cause>").
 * The document is copied on write (each container at most once per patch), so a patch is
 * linear in its operations and the input object is never changed.
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

/**
 * `AccumulatedCopySizeLimit` as the API server sets it: `JSONPatchMaxCopyBytes`, 3 MiB
 * (apiserver@v0.36.0 pkg/server/config.go NewConfig and Complete).
 */
export const JSON_PATCH_MAX_COPY_BYTES = 3 * 1024 * 1024;

/** A failed `test` operation ({@link applyJsonPatch} turns it into "no change"). */
export class JsonPatchTestFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchTestFailed';
  }
}

const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';

type Container = Record<string, unknown> | unknown[];

function isContainer(x: unknown): x is Container {
  return typeof x === 'object' && x !== null;
}

/** Sets an own property (a key `__proto__` is data, never the prototype). */
export function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

function hasOwn(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** rfc6901Decoder: one left-to-right pass, `~1` → `/`, `~0` → `~`. */
function decodeKey(k: string): string {
  return k.indexOf('~') < 0 ? k : k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** Go's strconv.Atoi: optional sign, decimal digits (leading zeros allowed), int64 range. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n)) throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function wrap(context: string, cause: string): JsonPatchError {
  return new JsonPatchError(`${context}: ${cause}`);
}

function causeOf(e: unknown): string {
  if (e instanceof JsonPatchError) return e.message;
  throw e;
}

/** A patch application: the root and the containers already copied. */
class Doc {
  public root: Container;
  private readonly owned = new WeakSet<object>();
  public copied = 0;

  constructor(root: Container) {
    this.root = this.own(root);
  }

  public own<T extends Container>(c: T): T {
    if (this.owned.has(c)) return c;
    // spread defines own data properties, so a key `__proto__` is copied as data
    const copy = (Array.isArray(c) ? c.slice() : { ...c }) as T;
    this.owned.add(copy);
    return copy;
  }

  /** findObject: the container of the last segment (owned, so it may change), or undefined. */
  public findObject(path: string): { con?: Container; key: string } {
    const split = path.split('/');
    if (split.length < 2) return { key: '' };
    const key = decodeKey(split[split.length - 1]);
    let doc: Container = this.root;
    for (let i = 1; i < split.length - 1; i++) {
      const part = decodeKey(split[i]);
      let next: unknown;
      let slot: string | number;
      try {
        if (Array.isArray(doc)) {
          const idx = arrayGetIndex(doc, part);
          next = doc[idx];
          slot = idx;
        } else {
          next = hasOwn(doc, part) ? doc[part] : undefined;
          slot = part;
        }
      } catch (e) {
        causeOf(e);
        return { key };
      }
      // A scalar or null does not decode into a container (intoDoc/intoAry fail).
      if (!isContainer(next)) return { key };
      const mine = this.own(next);
      if (mine !== next) {
        if (Array.isArray(doc)) doc[slot as number] = mine;
        else setOwn(doc, slot as string, mine);
      }
      doc = mine;
    }
    return { con: doc, key };
  }
}

/** partialArray.get's index: negative counts from the end, out of range is an error. */
function arrayGetIndex(d: unknown[], key: string): number {
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -d.length) throw new JsonPatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
    idx += d.length;
  }
  if (idx >= d.length) throw new JsonPatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
  return idx;
}

/** container.get: an object's missing key is `undefined` (not an error). */
function get(con: Container, key: string): unknown {
  if (Array.isArray(con)) return con[arrayGetIndex(con, key)];
  return hasOwn(con, key) ? con[key] : undefined;
}

/** container.add. */
function add(con: Container, key: string, val: unknown): void {
  if (!Array.isArray(con)) {
    setOwn(con, key, val);
    return;
  }
  if (key === '-') {
    con.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw wrap(`value was not a proper array index: '${key}'`, causeOf(e));
  }
  const size = con.length + 1;
  if (idx >= size) throw new JsonPatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
  if (idx < 0) {
    if (idx < -size) throw new JsonPatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
    idx += size;
  }
  con.splice(idx, 0, val);
}

/** container.remove. */
function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!hasOwn(con, key)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: ${MISSING}`);
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length) throw new JsonPatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
  if (idx < 0) {
    if (idx < -con.length) throw new JsonPatchError(`Unable to access invalid index: ${idx}: ${INVALID_INDEX}`);
    idx += con.length;
  }
  con.splice(idx, 1);
}

/** container.set (replace): the key was checked by get first. */
function set(con: Container, key: string, val: unknown): void {
  if (Array.isArray(con)) con[arrayGetIndex(con, key)] = val;
  else setOwn(con, key, val);
}

/** Deep equality of JSON values (key order does not matter), as lazyNode.equal compares. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ka = Object.keys(a as object);
  if (ka.length !== Object.keys(b as object).length) return false;
  for (const k of ka) if (!hasOwn(b as object, k) || !jsonEqual((a as any)[k], (b as any)[k])) return false;
  return true;
}

/** deepCopy: the marshalled size counts against the copy limit; `undefined` copies as null. */
function deepCopy(v: unknown): { value: unknown; size: number } {
  if (v === undefined) return { value: null, size: 0 };
  const text = JSON.stringify(v);
  return { value: JSON.parse(text), size: Buffer.byteLength(text, 'utf8') };
}

/**
 * A deep copy of a JSON value (plain objects and arrays; other values are shared). Several
 * times faster than structuredClone on manifests; a key `__proto__` stays data.
 */
export function cloneJson<T>(x: T): T {
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) {
    const a = new Array(x.length);
    for (let i = 0; i < x.length; i++) a[i] = cloneJson(x[i]);
    return a as unknown as T;
  }
  if (Object.getPrototypeOf(x) !== Object.prototype && Object.getPrototypeOf(x) !== null) return x;
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(x)) setOwn(o, k, cloneJson((x as Record<string, unknown>)[k]));
  return o as T;
}

/** Values from the evaluator are fresh; a value added twice must not be shared. */
function fresh(v: unknown): unknown {
  return isContainer(v) ? cloneJson(v) : v;
}

function applyOne(d: Doc, o: JsonPatchOperation, copyState: { size: number; limit: number }): void {
  if (typeof o.path !== 'string' && ['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(o.op)) {
    throw new JsonPatchError(`${o.op} operation failed to decode path: operation missing path field: ${MISSING}`);
  }
  const path = o.path;
  switch (o.op) {
    case 'add': {
      const { con, key } = d.findObject(path);
      if (!con) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      try {
        add(con, key, fresh(o.value === undefined ? null : o.value));
      } catch (e) {
        throw wrap(`error in add for path: '${path}'`, causeOf(e));
      }
      return;
    }
    case 'remove': {
      const { con, key } = d.findObject(path);
      if (!con) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      try {
        remove(con, key);
      } catch (e) {
        throw wrap(`error in remove for path: '${path}'`, causeOf(e));
      }
      return;
    }
    case 'replace': {
      if (path === '') {
        // Only an object or array replaces the root; anything else is ignored upstream.
        if (isContainer(o.value)) d.root = d.own(fresh(o.value) as Container);
        return;
      }
      const { con, key } = d.findObject(path);
      if (!con) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: ${MISSING}`);
      try {
        get(con, key);
      } catch (e) {
        causeOf(e);
        throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
      }
      set(con, key, fresh(o.value === undefined ? null : o.value));
      return;
    }
    case 'move': {
      const from = o.from;
      if (from === undefined || from === '') throw new JsonPatchError(`move operation failed to decode from: operation, missing from field: ${MISSING}`);
      const src = d.findObject(from);
      if (!src.con) throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      let val: unknown;
      try {
        val = get(src.con, src.key);
        remove(src.con, src.key);
      } catch (e) {
        throw wrap(`error in move for path: '${src.key}'`, causeOf(e));
      }
      const dst = d.findObject(path);
      if (!dst.con) throw new JsonPatchError(`move operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      try {
        add(dst.con, dst.key, val === undefined ? null : val);
      } catch (e) {
        throw wrap(`error in move for path: '${path}'`, causeOf(e));
      }
      return;
    }
    case 'copy': {
      const from = o.from;
      if (from === undefined || from === '') throw new JsonPatchError(`copy operation failed to decode from: operation, missing from field: ${MISSING}`);
      const src = d.findObject(from);
      if (!src.con) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}: ${MISSING}`);
      let val: unknown;
      try {
        val = get(src.con, src.key);
      } catch (e) {
        throw wrap(`error in copy for from: '${from}'`, causeOf(e));
      }
      const dst = d.findObject(path);
      if (!dst.con) throw new JsonPatchError(`copy operation does not apply: doc is missing destination path: ${path}: ${MISSING}`);
      // Check the size before copying, so a copy bomb stops before it allocates.
      const size = val === undefined ? 0 : jsonSize(val, copyState.limit - copyState.size + 1);
      copyState.size += size;
      if (copyState.limit > 0 && copyState.size > copyState.limit) {
        throw new JsonPatchError(`Unable to complete the copy, the accumulated size increase of copy is ${copyState.size}, exceeding the limit ${copyState.limit}`);
      }
      try {
        add(dst.con, dst.key, deepCopy(val).value);
      } catch (e) {
        throw wrap('error while adding value during copy', causeOf(e));
      }
      return;
    }
    case 'test': {
      let val: unknown;
      if (path === '') {
        val = d.root;
      } else {
        const { con, key } = d.findObject(path);
        if (!con) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}: ${MISSING}`);
        try {
          val = get(con, key);
        } catch (e) {
          throw wrap(`error in test for path: '${path}'`, causeOf(e));
        }
      }
      // A missing key equals an absent or null value (lazyNode raw == nil).
      if (val === undefined ? (o.value === undefined || o.value === null) : (o.value !== undefined && jsonEqual(val, o.value))) return;
      throw new JsonPatchTestFailed(`testing value ${path} failed: test failed`);
    }
    default:
      throw new JsonPatchError(`Unexpected kind: ${o.op}`);
  }
}

/**
 * The size of `v` as compact JSON, counted up to `cap` (it stops early: a copy bomb is
 * measured only as far as the limit).
 */
export function jsonSize(v: unknown, cap = Infinity): number {
  let n = 0;
  const walk = (x: unknown): void => {
    if (n > cap) return;
    if (x === null || x === undefined) {n += 4;} else if (typeof x === 'string') {n += Buffer.byteLength(JSON.stringify(x), 'utf8');} else if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') {n += String(x).length;} else if (Array.isArray(x)) {
      n += 2 + Math.max(0, x.length - 1);
      for (const e of x) walk(e);
    } else if (typeof x === 'object') {
      const keys = Object.keys(x as object);
      n += 2 + Math.max(0, keys.length - 1);
      for (const k of keys) {
        n += Buffer.byteLength(JSON.stringify(k), 'utf8') + 1;
        walk((x as any)[k]);
      }
    }
  };
  walk(v);
  return n;
}

/** Options of {@link applyJsonPatch}. */
export interface JsonPatchOptions {
  /** The copy size limit; 0 for none. Default {@link JSON_PATCH_MAX_COPY_BYTES}. */
  readonly maxCopyBytes?: number;
}

/**
 * Applies `ops` to a copy of `object` and returns it (`Patch.ApplyIndent`). A failed `test`
 * returns the object unchanged (as the API server does); other failures throw
 * {@link JsonPatchError} with the library's message (the caller adds `JSON Patch: `).
 */
export function applyJsonPatch(object: unknown, ops: readonly JsonPatchOperation[], options: JsonPatchOptions = {}): unknown {
  try {
    return applyJsonPatchOrFailTest(object, ops, options);
  } catch (e) {
    if (e instanceof JsonPatchTestFailed) return object;
    throw e;
  }
}

/** {@link applyJsonPatch}, but a failed `test` throws {@link JsonPatchTestFailed} (`Patch.Apply`). */
export function applyJsonPatchOrFailTest(object: unknown, ops: readonly JsonPatchOperation[], options: JsonPatchOptions = {}): unknown {
  if (!isContainer(object)) return object;
  const d = new Doc(object);
  const copyState = { size: 0, limit: options.maxCopyBytes ?? JSON_PATCH_MAX_COPY_BYTES };
  for (const o of ops) applyOne(d, o, copyState);
  return d.root;
}
