/**
 * The CEL evaluator: turns a syntax tree of ./parser into a tree of closures and runs it
 * with the semantics of google/cel-go as Kubernetes configures it (interpreter/ and
 * common/types/ of cel-go; the Kubernetes libraries in k8s.io/apiserver pkg/cel/library).
 *
 * - Strict evaluation of calls and operators: an error in an argument is the error of the call.
 * - `&&`, `||` evaluate both sides and absorb an error when the other side decides the
 *   result (`false && error` and `error && false` are false; `true || error` is true).
 * - Macros (has, all, exists, exists_one, map, filter, the two-variable comprehensions,
 *   cel.bind, sortBy, optMap, optFlatMap) are expanded here.
 * - Every evaluated step adds to a cost counter; a runaway expression stops with cel-go's
 *   "operation cancelled: actual cost limit exceeded".
 */
import type { EvalContext } from './eval-context';
import { GLOBALS, MEMBERS } from './eval-lib';
import {
  CelDuration, CelMap, CostLimitExceeded, CelMessage, CelOptional, CelTimestamp, CelTypeValue, CelUint, celCompare, celEquals, checkInt,
  EvalErr, fail, fromJs, INT64_MIN, isLib, isMapValue, isPlain, mapEntries, mapGet, mapKey, mkDuration, mkTimestamp, mkUint,
  noOverload, validKeyType, utf8, celToString, cpLength, mapSize, resetConversions, addTypedList,
} from './eval-values';
import { CallNode, Node, parseCel, qualifiedName, StructNode } from './parser';

/** A compiled (sub)expression. */
export type Fn = (c: EvalContext) => unknown;

const TYPE_NAMES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  'bool': 'bool',
  'int': 'int',
  'uint': 'uint',
  'double': 'double',
  'string': 'string',
  'bytes': 'bytes',
  'list': 'list',
  'map': 'map',
  'null_type': 'null_type',
  'type': 'type',
  'optional_type': 'optional_type',
  'google.protobuf.Timestamp': 'google.protobuf.Timestamp',
  'google.protobuf.Duration': 'google.protobuf.Duration',
  // Kubernetes library types (k8s.io/apiserver pkg/cel/types.go)
  'net.IP': 'net.IP',
  'net.CIDR': 'net.CIDR',
  'kubernetes.Quantity': 'kubernetes.Quantity',
  'kubernetes.URL': 'kubernetes.URL',
  'kubernetes.Semver': 'kubernetes.Semver',
  'kubernetes.NamedFormat': 'kubernetes.NamedFormat',
});

/** Namespaces of global functions (`sets.contains`, `optional.none`, ...). */
const NAMESPACES = new Set(['sets', 'lists', 'strings', 'optional', 'jsonpatch', 'ip', 'cel', 'format', 'math', 'base64']);

const COMPREHENSION_MACROS = new Set(['all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap', 'transformMapEntry', 'sortBy', 'optMap', 'optFlatMap']);

/** `table[name]` when `name` is the table's own entry (never an Object.prototype member). */
function own<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** Adds `n` to the cost and stops when the limit is passed. */
export function charge(c: EvalContext, n: number): void {
  c.cost += n;
  if (c.cost > c.limit) throw new CostLimitExceeded();
}

/** Field selection with CEL semantics; `opt` gives `a.?b`. */
export function selectField(v: unknown, f: string, opt: boolean): unknown {
  if (isPlain(v)) {
    let x = Object.prototype.hasOwnProperty.call(v, f) ? v[f] : undefined;
    if (x === undefined && f.includes('__')) {
      const u = unescapeField(f);
      if (Object.prototype.hasOwnProperty.call(v, u)) x = v[u];
    }
    if (x === undefined) return opt ? CelOptional.NONE : fail(`no such key: ${f}`);
    const cv = fromJs(x);
    return opt ? new CelOptional(true, cv) : cv;
  }
  if (v instanceof CelMap) {
    const e = v.m.get(f) ?? (v.object && CEL_KEYWORDS.has(f) ? v.m.get(`__${f}__`) : undefined);
    if (!e) return opt ? CelOptional.NONE : fail(`no such key: ${f}`);
    return opt ? new CelOptional(true, e[1]) : e[1];
  }
  if (v instanceof CelMessage) {
    const x = v.fields.get(f);
    if (x === undefined) return opt ? CelOptional.NONE : fail(`no such field: ${f}`);
    return opt ? new CelOptional(true, x) : x;
  }
  if (v instanceof CelOptional) {
    if (!v.has) return CelOptional.NONE;
    return selectField(v.v, f, true);
  }
  if (isLib(v) && v.field) return opt ? new CelOptional(true, v.field(f)) : v.field(f);
  return noOverload();
}

/** apiserver pkg/cel/escaping.go celReservedSymbols: a field so named is found escaped (types.go FindStructFieldType). */
const CEL_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/** Kubernetes escapes property names that are CEL keywords or hold `-`, `.`, `/`. */
function unescapeField(name: string): string {
  const m = /^__([a-zA-Z_]+)__$/.exec(name);
  if (m && !['dash', 'dot', 'slash', 'underscores'].includes(m[1])) return m[1];
  return name.replace(/__underscores__/g, '__').replace(/__dash__/g, '-').replace(/__dot__/g, '.').replace(/__slash__/g, '/');
}

/** Presence test of `has(v.f)`. */
function hasField(v: unknown, f: string): boolean {
  if (isPlain(v)) {
    if (Object.prototype.hasOwnProperty.call(v, f) && v[f] !== undefined) return true;
    if (f.includes('__')) {
      const u = unescapeField(f);
      return Object.prototype.hasOwnProperty.call(v, u) && v[u] !== undefined;
    }
    return false;
  }
  if (v instanceof CelMap) return v.m.has(f) || (v.object && CEL_KEYWORDS.has(f) && v.m.has(`__${f}__`));
  if (v instanceof CelMessage) return v.fields.has(f);
  if (v instanceof CelOptional) return v.has && hasField(v.v, f);
  return fail('invalid type for field selection.');
}

function keyText(k: unknown): string {
  return celToString(k);
}

/** `v[k]` with CEL semantics; `opt` gives `v[?k]`. */
export function indexValue(v: unknown, k: unknown, opt: boolean): unknown {
  if (typeof k === 'string' && isPlain(v)) {
    const x = Object.prototype.hasOwnProperty.call(v, k) ? v[k] : undefined;
    if (x === undefined) return opt ? CelOptional.NONE : fail(`no such key: ${k}`);
    return opt ? new CelOptional(true, fromJs(x)) : fromJs(x);
  }
  if (Array.isArray(v)) {
    let i: number;
    if (typeof k === 'bigint') {i = Number(k);} else if (k instanceof CelUint) {i = Number(k.v);} else if (typeof k === 'number') {
      if (!Number.isInteger(k)) return fail(`unsupported index value ${celToString(k)} in list`);
      i = k;
    } else {return fail(`unsupported index type '${typeNameOf(k)}' in list`);}
    if (i < 0 || i >= v.length) return opt ? CelOptional.NONE : fail(`index out of bounds: ${i}`);
    return opt ? new CelOptional(true, v[i]) : v[i];
  }
  if (isMapValue(v)) {
    const x = mapGet(v, k);
    if (x === undefined) return opt ? CelOptional.NONE : fail(`no such key: ${keyText(k)}`);
    return opt ? new CelOptional(true, x) : x;
  }
  if (v instanceof CelOptional) {
    if (!v.has) return CelOptional.NONE;
    return indexValue(v.v, k, true);
  }
  if (v instanceof CelMessage && typeof k === 'string') return selectField(v, k, opt);
  return noOverload();
}

function typeNameOf(v: unknown): string {
  return celTypeOf(v).name;
}

/** `type(v)`. */
export function celTypeOf(v: unknown): CelTypeValue {
  switch (typeof v) {
    case 'boolean': return CelTypeValue.of('bool');
    case 'bigint': return CelTypeValue.of('int');
    case 'number': return CelTypeValue.of('double');
    case 'string': return CelTypeValue.of('string');
    default:
      if (v === null) return CelTypeValue.of('null_type');
      if (Array.isArray(v)) return CelTypeValue.of('list');
      if (v instanceof CelUint) return CelTypeValue.of('uint');
      if (v instanceof Uint8Array) return CelTypeValue.of('bytes');
      if (isMapValue(v)) return CelTypeValue.of('map');
      if (v instanceof CelTimestamp) return CelTypeValue.of('google.protobuf.Timestamp');
      if (v instanceof CelDuration) return CelTypeValue.of('google.protobuf.Duration');
      if (v instanceof CelOptional) return CelTypeValue.of('optional_type');
      if (v instanceof CelTypeValue) return CelTypeValue.of('type');
      if (v instanceof CelMessage) return CelTypeValue.of(v.typeName);
      if (typeof v === 'object' && v !== null && typeof (v as { celType?: unknown }).celType === 'string') {
        return CelTypeValue.of((v as { celType: string }).celType);
      }
      return CelTypeValue.of('dyn');
  }
}

// ---------------------------------------------------------------- arithmetic

/**
 * The most elements a list built by `+` may hold here. Far beyond any list a 3 MiB request can
 * carry, well within a CI job's memory.
 */
export const MAX_CONCATENATED_LIST = 1_000_000;

export function add(a: unknown, b: unknown): unknown {
  const ta = typeof a;
  if (ta === 'bigint') {
    if (typeof b !== 'bigint') return noOverload();
    return checkInt((a as bigint) + b);
  }
  if (ta === 'number') {
    if (typeof b !== 'number') return noOverload();
    return (a as number) + b;
  }
  if (ta === 'string') {
    if (typeof b !== 'string') return noOverload();
    return (a as string) + b;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return noOverload();
    // cel-go concatenates lists lazily (a tree of views, O(1) memory per `+`), so a list doubled
    // forty times costs it nothing; this evaluator copies, so it stops at a documented size
    // rather than exhaust the memory of a CI job.
    if (a.length + b.length > MAX_CONCATENATED_LIST) {
      fail(`list concatenation would hold ${a.length + b.length} elements, more than the ${MAX_CONCATENATED_LIST} this evaluator materializes (cel-go concatenates lazily)`);
    }
    const typed = addTypedList(a, b);
    if (typed) return typed;
    return b.length === 0 ? a : a.length === 0 ? b : a.concat(b);
  }
  if (a instanceof CelUint) {
    if (!(b instanceof CelUint)) return noOverload();
    return mkUint(a.v + b.v);
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array)) return noOverload();
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  }
  if (a instanceof CelTimestamp) {
    if (!(b instanceof CelDuration)) return noOverload();
    return mkTimestamp(a.ns + b.ns);
  }
  if (a instanceof CelDuration) {
    if (b instanceof CelDuration) return mkDuration(a.ns + b.ns);
    if (b instanceof CelTimestamp) return mkTimestamp(a.ns + b.ns);
    return noOverload();
  }
  return noOverload();
}

export function sub(a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint') {
    if (typeof b !== 'bigint') return noOverload();
    return checkInt(a - b);
  }
  if (typeof a === 'number') {
    if (typeof b !== 'number') return noOverload();
    return a - b;
  }
  if (a instanceof CelUint) {
    if (!(b instanceof CelUint)) return noOverload();
    return mkUint(a.v - b.v);
  }
  if (a instanceof CelTimestamp) {
    if (b instanceof CelTimestamp) return mkDuration(a.ns - b.ns);
    if (b instanceof CelDuration) return mkTimestamp(a.ns - b.ns);
    return noOverload();
  }
  if (a instanceof CelDuration) {
    if (!(b instanceof CelDuration)) return noOverload();
    return mkDuration(a.ns - b.ns);
  }
  return noOverload();
}

export function mul(a: unknown, b: unknown): unknown {
  if (typeof a === 'bigint') {
    if (typeof b !== 'bigint') return noOverload();
    return checkInt(a * b);
  }
  if (typeof a === 'number') {
    if (typeof b !== 'number') return noOverload();
    return a * b;
  }
  if (a instanceof CelUint) {
    if (!(b instanceof CelUint)) return noOverload();
    return mkUint(a.v * b.v);
  }
  return noOverload();
}

/** Integer `/` and `%` (cel-go: division/modulus by zero and MinInt64 / -1 are errors). */
function intDivision(a: unknown, b: unknown, zero: string, op: (x: bigint, y: bigint) => bigint): unknown {
  if (typeof a === 'bigint') {
    if (typeof b !== 'bigint') return noOverload();
    if (b === 0n) return fail(zero);
    if (a === INT64_MIN && b === -1n) return fail('integer overflow');
    return op(a, b);
  }
  if (a instanceof CelUint) {
    if (!(b instanceof CelUint)) return noOverload();
    if (b.v === 0n) return fail(zero);
    return new CelUint(op(a.v, b.v));
  }
  return noOverload();
}

export function div(a: unknown, b: unknown): unknown {
  if (typeof a === 'number') {
    if (typeof b !== 'number') return noOverload();
    return a / b;
  }
  return intDivision(a, b, 'division by zero', (x, y) => x / y);
}

export function mod(a: unknown, b: unknown): unknown {
  return intDivision(a, b, 'modulus by zero', (x, y) => x % y);
}

function negate(a: unknown): unknown {
  if (typeof a === 'bigint') return checkInt(-a);
  if (typeof a === 'number') return -a;
  return noOverload();
}

/** `a in b`. */
export function inOp(a: unknown, b: unknown): boolean {
  if (isPlain(b)) return typeof a === 'string' && Object.prototype.hasOwnProperty.call(b, a) && b[a] !== undefined;
  if (Array.isArray(b)) {
    for (const x of b) if (celEquals(a, x)) return true;
    return false;
  }
  if (b instanceof CelMap) {
    const k = mapKey(a);
    return k !== undefined && b.m.has(k);
  }
  if (isPlain(b)) return typeof a === 'string' && Object.prototype.hasOwnProperty.call(b, a) && b[a] !== undefined;
  return noOverload();
}

/** Operators whose cost grows with their operands' sizes (cel-go interpreter/runtimecost.go costCall). */
const SIZED_COST = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * cel-go `actualSize` (interpreter/runtimecost.go): the size of strings (code points), bytes,
 * lists and maps, the size of an optional's value, and 1 for every other value.
 */
export function actualSize(v: unknown): number {
  if (typeof v === 'string') return cpLength(v);
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length;
  if (isMapValue(v)) return mapSize(v);
  if (v instanceof CelOptional && v.has) return actualSize(v.v);
  return 1;
}

/** Operators evaluated strictly; see SIZED_COST for their cost. */
const BINARY: Record<string, (a: unknown, b: unknown) => unknown> = {
  '==': celEquals,
  '!=': (a, b) => !celEquals(a, b),
  '<': (a, b) => celCompare(a, b) < 0,
  '<=': (a, b) => celCompare(a, b) <= 0,
  '>': (a, b) => celCompare(a, b) > 0,
  '>=': (a, b) => celCompare(a, b) >= 0,
  '-': sub,
  '*': mul,
  '/': div,
  '%': mod,
};

/**
 * `&&` (decisive = false) and `||` (decisive = true): both sides are evaluated and an error
 * on one side is absorbed when the other side decides the result, as in cel-go.
 */
function logical(l: Fn, r: Fn, decisive: boolean): Fn {
  return (c) => {
    let err: unknown;
    try {
      const a = l(c);
      if (a === decisive) return decisive;
      if (a !== !decisive) err = new EvalErr('no such overload');
    } catch (e) {
      if (!(e instanceof EvalErr)) throw e;
      err = e;
    }
    const b = r(c);
    if (b === decisive) return decisive;
    if (err) throw err;
    return asBool(b);
  };
}

function asBool(v: unknown): boolean {
  if (v === true || v === false) return v;
  return noOverload();
}

// ---------------------------------------------------------------- literals from source

/** Reads the int/uint literal at `pos` from the source (the parser keeps only a JS number). */
function intLiteral(src: string, pos: number): bigint {
  const m = /^(-?)\s*(0[xX][0-9a-fA-F]+|\d+)/.exec(src.slice(pos));
  if (!m) return 0n;
  return m[1] ? -BigInt(m[2]) : BigInt(m[2]);
}

/** Decodes the bytes literal at `pos` (UTF-8 for characters, raw values for \x and octal escapes). */
function bytesLiteral(src: string, pos: number): Uint8Array {
  let i = pos;
  let raw = false;
  while (src[i] !== '"' && src[i] !== "'") {
    if (src[i] === 'r' || src[i] === 'R') raw = true;
    i++;
  }
  const q = src[i];
  const triple = src.startsWith(q + q + q, i);
  const close = triple ? q + q + q : q;
  i += close.length;
  const out: number[] = [];
  const simple: Record<string, number> = { 'a': 7, 'b': 8, 'f': 12, 'n': 10, 'r': 13, 't': 9, 'v': 11, '\\': 92, "'": 39, '"': 34, '`': 96, '?': 63 };
  while (i < src.length && !src.startsWith(close, i)) {
    const ch = src[i];
    if (ch === '\\' && !raw) {
      const e = src[i + 1];
      if (e in simple) {
        out.push(simple[e]);
        i += 2;
      } else if (e === 'x' || e === 'X') {
        out.push(parseInt(src.substr(i + 2, 2), 16));
        i += 4;
      } else {
        out.push(parseInt(src.substr(i + 1, 3), 8));
        i += 4;
      }
      continue;
    }
    const cp = src.codePointAt(i)!;
    const s = String.fromCodePoint(cp);
    for (const b of utf8(s)) out.push(b);
    i += s.length;
  }
  return Uint8Array.from(out);
}

// ---------------------------------------------------------------- the compiler

/** Compiles a syntax tree into closures. */
export class Compiler {
  /** Number of local slots (comprehension variables) the program needs. */
  public slots = 0;
  private readonly scope: Array<{ name: string; slot: number }> = [];

  constructor(private readonly src: string, private readonly declared: ReadonlySet<string>) {}

  private local(name: string): number | undefined {
    for (let i = this.scope.length - 1; i >= 0; i--) if (this.scope[i].name === name) return this.scope[i].slot;
    return undefined;
  }

  private bind<T>(names: string[], body: (slots: number[]) => T): T {
    const slots = names.map((name) => {
      const slot = this.slots++;
      this.scope.push({ name, slot });
      return slot;
    });
    try {
      return body(slots);
    } finally {
      this.scope.length -= names.length;
    }
  }

  public compile(n: Node): Fn {
    switch (n.t) {
      case 'lit':
        return this.literal(n.kind, n.value, n.pos);
      case 'id':
        return this.ident(n.name);
      case 'sel': {
        const q = qualifiedName(n);
        if (q !== undefined && this.local(q.split('.')[0]) === undefined) {
          if (TYPE_NAMES[q] && !this.declared.has(q.split('.')[0])) {
            const t = CelTypeValue.of(TYPE_NAMES[q]);
            return () => t;
          }
          // a dotted variable name (`a.b` declared as one variable): the longest declared prefix wins
          const parts = q.split('.');
          for (let k = parts.length; k > 1; k--) {
            const name = parts.slice(0, k).join('.');
            if (this.declared.has(name)) {
              let f = this.ident(name);
              for (const field of parts.slice(k)) {
                const o = f;
                f = (c) => selectField(o(c), field, false);
              }
              return f;
            }
          }
        }
        const o = this.compile(n.operand);
        const f = n.field;
        const opt = n.opt;
        return (c) => {
          c.cost++;
          return selectField(o(c), f, opt);
        };
      }
      case 'idx': {
        const o = this.compile(n.operand);
        const k = this.compile(n.index);
        const opt = n.opt;
        return (c) => {
          c.cost++;
          return indexValue(o(c), k(c), opt);
        };
      }
      case 'call':
        return this.call(n);
      case 'list': {
        const elems = n.elems.map((e) => ({ f: this.compile(e.e), opt: e.opt }));
        if (elems.every((e) => !e.opt)) {
          const fs = elems.map((e) => e.f);
          return (c) => {
            const out = new Array(fs.length);
            for (let i = 0; i < fs.length; i++) out[i] = fs[i](c);
            return out;
          };
        }
        return (c) => {
          const out: unknown[] = [];
          for (const e of elems) {
            const v = e.f(c);
            if (e.opt) {
              if (!(v instanceof CelOptional)) return fail(`cannot initialize optional list element from non-optional value ${celToString(v)}`);
              if (v.has) out.push(v.v);
            } else {
              out.push(v);
            }
          }
          return out;
        };
      }
      case 'map': {
        const entries = n.entries.map((e) => ({ k: this.compile(e.k), v: this.compile(e.v), opt: e.opt }));
        return (c) => {
          const m = new CelMap();
          for (const e of entries) {
            const k = e.k(c);
            let v = e.v(c);
            if (!validKeyType(k)) return fail(`unsupported key type: ${typeNameOf(k)}`);
            if (e.opt) {
              if (!(v instanceof CelOptional)) return fail(`cannot initialize optional entry '${celToString(k)}' from non-optional value ${celToString(v)}`);
              if (!v.has) continue;
              v = v.v;
            }
            const nk = mapKey(k);
            if (m.m.has(nk)) return fail(`insert failed: key ${celToString(k)} already exists`);
            m.m.set(nk, [k, v]);
          }
          return m;
        };
      }
      case 'struct':
        return this.struct(n);
      case 'unary': {
        if (n.op === '-' && n.operand.t === 'lit' && n.operand.kind === 'int') {
          const v = checkInt(-intLiteral(this.src, n.operand.pos));
          return () => v;
        }
        if (n.op === '-' && n.operand.t === 'lit' && n.operand.kind === 'double') {
          const v = -(n.operand.value as number);
          return () => v;
        }
        const o = this.compile(n.operand);
        if (n.op === '!') {
          return (c) => {
            const v = o(c);
            if (v === true) return false;
            if (v === false) return true;
            return noOverload();
          };
        }
        return (c) => negate(o(c));
      }
      case 'binary':
        return this.binary(n.op, this.compile(n.l), this.compile(n.r));
      case 'cond': {
        const cond = this.compile(n.c);
        const a = this.compile(n.a);
        const b = this.compile(n.b);
        return (c) => {
          const v = cond(c);
          if (v === true) return a(c);
          if (v === false) return b(c);
          return noOverload();
        };
      }
    }
  }

  private literal(kind: string, value: unknown, pos: number): Fn {
    let v: unknown;
    switch (kind) {
      case 'int':
        v = checkInt(intLiteral(this.src, pos));
        break;
      case 'uint':
        v = mkUint(intLiteral(this.src, pos));
        break;
      case 'bytes':
        v = bytesLiteral(this.src, pos);
        break;
      default:
        v = value;
    }
    return () => v;
  }

  private ident(name: string): Fn {
    const slot = this.local(name);
    if (slot !== undefined) return (c) => c.slots[slot];
    if (!this.declared.has(name) && TYPE_NAMES[name]) {
      const t = CelTypeValue.of(TYPE_NAMES[name]);
      return () => t;
    }
    return (c) => {
      c.cost++;
      const v = c.vars[name];
      if (v === undefined) {
        const d = c.fallback?.(name, c.vars);
        if (d === undefined) return fail(`no such attribute(s): ${name}`);
        return d;
      }
      return c.native ? v : fromJs(v);
    };
  }

  private binary(op: string, l: Fn, r: Fn): Fn {
    switch (op) {
      case '&&':
        return logical(l, r, false);
      case '||':
        return logical(l, r, true);
      case '+':
        return (c) => {
          const a = l(c);
          const b = r(c);
          // runtimecost.go costCall (cel-go v0.26): AddString/AddBytes traverse both operands;
          // every other `+` is 1, AddList included (cel-go concatenates lists lazily).
          if ((typeof a === 'string' && typeof b === 'string') || (a instanceof Uint8Array && b instanceof Uint8Array)) {
            charge(c, Math.ceil((actualSize(a) + actualSize(b)) * 0.1));
          } else {c.cost++;}
          return add(a, b);
        };
      case 'in':
        return (c) => {
          const a = l(c);
          const b = r(c);
          // runtimecost.go costCall: InList is the list's size; `in` on a map is 1
          charge(c, Array.isArray(b) ? b.length : 1);
          return inOp(a, b);
        };
      default: {
        const f = BINARY[op];
        if (!f) throw new Error(`unknown operator ${op}`);
        if (SIZED_COST.has(op)) {
          return (c) => {
            const a = l(c);
            const b = r(c);
            // runtimecost.go costCall: equality and ordering cost ceil(min(size) * 0.1); scalars 1.
            // Charged before comparing, so the limit stops a large comparison rather than follows it.
            charge(c, Math.ceil(Math.min(actualSize(a), actualSize(b)) * 0.1));
            return f(a, b);
          };
        }
        return (c) => {
          c.cost++;
          return f(l(c), r(c));
        };
      }
    }
  }

  private struct(n: StructNode): Fn {
    const name = n.name.startsWith('.') ? n.name.slice(1) : n.name;
    if (name !== 'JSONPatch' && name !== 'Object' && !name.startsWith('Object.')) {
      return () => fail(`unknown type '${name}'`);
    }
    const fields = n.fields.map((f) => ({ name: f.name, v: this.compile(f.value), opt: f.opt }));
    return (c) => {
      const m = new Map<string, unknown>();
      for (const f of fields) {
        let v = f.v(c);
        if (f.opt) {
          if (!(v instanceof CelOptional)) return fail(`cannot initialize optional entry '${f.name}' from non-optional value ${celToString(v)}`);
          if (!v.has) continue;
          v = v.v;
        }
        m.set(f.name, v);
      }
      return new CelMessage(name, m);
    };
  }

  private isNamespace(t: Node | undefined): string | undefined {
    if (!t) return undefined;
    const q = qualifiedName(t);
    if (q === undefined) return undefined;
    const head = q.split('.')[0];
    if (this.local(head) !== undefined || this.declared.has(head)) return undefined;
    return NAMESPACES.has(q) ? q : undefined;
  }

  private call(n: CallNode): Fn {
    const fn = n.fn;
    // has(a.b)
    if (!n.target && fn === 'has' && n.args.length === 1 && n.args[0].t === 'sel') {
      const sel = n.args[0];
      const o = this.compile(sel.operand);
      const f = sel.field;
      return (c) => {
        c.cost++;
        return hasField(o(c), f);
      };
    }
    const ns = this.isNamespace(n.target);
    if (ns === 'cel' && fn === 'bind' && n.args.length === 3 && n.args[0].t === 'id') {
      const init = this.compile(n.args[1]);
      return this.bind([n.args[0].name], ([slot]) => {
        const body = this.compile(n.args[2]);
        return (c) => {
          c.slots[slot] = init(c);
          return body(c);
        };
      });
    }
    if (n.target && !ns && COMPREHENSION_MACROS.has(fn) && n.args.length >= 2 && n.args[0].t === 'id') {
      const m = this.macro(n);
      if (m) return m;
    }
    const args = n.args.map((a) => this.compile(a));
    if (ns) {
      const name = `${ns}.${fn}`;
      const impl = own(GLOBALS, name);
      if (!impl) return () => fail(`no such overload: ${name}`);
      return this.invoke(impl, args);
    }
    if (n.target) {
      const target = this.compile(n.target);
      const impl = own(MEMBERS, fn);
      if (!impl) return () => fail(`no such overload: ${fn}`);
      const all = [target, ...args];
      return this.invoke(impl, all);
    }
    if (fn === 'type' && args.length === 1) {
      const a = args[0];
      return (c) => celTypeOf(a(c));
    }
    const impl = own(GLOBALS, fn);
    if (!impl) return () => fail(`no such overload: ${fn}`);
    return this.invoke(impl, args);
  }

  private invoke(f: (c: EvalContext, vs: unknown[]) => unknown, args: Fn[]): Fn {
    switch (args.length) {
      case 0:
        return (c) => {
          c.cost++;
          return f(c, []);
        };
      case 1: {
        const [a] = args;
        return (c) => {
          c.cost++;
          return f(c, [a(c)]);
        };
      }
      case 2: {
        const [a, b] = args;
        return (c) => {
          c.cost++;
          return f(c, [a(c), b(c)]);
        };
      }
      default:
        return (c) => {
          c.cost++;
          return f(c, args.map((a) => a(c)));
        };
    }
  }

  /** Expands a comprehension macro. */
  private macro(n: CallNode): Fn | undefined {
    const fn = n.fn;
    const range = this.compile(n.target!);
    const a = n.args;
    const twoVar = a.length >= 3 && a[1].t === 'id' && fn !== 'map' && fn !== 'filter' && fn !== 'sortBy';
    if (twoVar && fn !== 'transformList' && fn !== 'transformMap' && fn !== 'transformMapEntry' && a.length !== 3) return undefined;
    if (!twoVar && (fn === 'transformList' || fn === 'transformMap' || fn === 'transformMapEntry')) return undefined;
    if (fn === 'optMap' || fn === 'optFlatMap') {
      return this.bind([(a[0] as { name: string }).name], ([slot]) => {
        const body = this.compile(a[1]);
        const flat = fn === 'optFlatMap';
        return (c) => {
          const o = range(c);
          if (!(o instanceof CelOptional)) return noOverload();
          if (!o.has) return CelOptional.NONE;
          c.slots[slot] = o.v;
          const r = body(c);
          if (flat) {
            if (!(r instanceof CelOptional)) return noOverload();
            return r;
          }
          return new CelOptional(true, r);
        };
      });
    }
    const names = twoVar ? [(a[0] as { name: string }).name, (a[1] as { name: string }).name] : [(a[0] as { name: string }).name];
    return this.bind(names, (slots) => {
      const rest = a.slice(names.length).map((x) => this.compile(x));
      const s1 = slots[0];
      const s2 = slots[1];
      /** Calls `step(i)` for each element with the variables bound; stops when it returns true. */
      const loop = (c: EvalContext, r: unknown, step: () => boolean | void): void => {
        if (Array.isArray(r)) {
          for (let i = 0; i < r.length; i++) {
            charge(c, 1);
            if (twoVar) {
              c.slots[s1] = BigInt(i);
              c.slots[s2] = r[i];
            } else {
              c.slots[s1] = r[i];
            }
            if (step()) return;
          }
          return;
        }
        if (isMapValue(r)) {
          for (const [k, v] of mapEntries(r)) {
            charge(c, 1);
            c.slots[s1] = k;
            if (twoVar) c.slots[s2] = v;
            if (step()) return;
          }
          return;
        }
        noOverload();
      };
      const pred = rest[0];
      switch (fn) {
        case 'all':
        case 'exists': {
          const want = fn === 'exists';
          /** One step: true when the predicate decided the result; errors are kept until the end. */
          const step = (c: EvalContext, st: { err?: unknown }): boolean => {
            try {
              const v = pred(c);
              if (v === want) return true;
              if (v !== !want && st.err === undefined) st.err = new EvalErr('no such overload');
            } catch (e) {
              if (!(e instanceof EvalErr)) throw e;
              if (st.err === undefined) st.err = e;
            }
            return false;
          };
          return (c) => {
            const r = range(c);
            const st: { err?: unknown } = {};
            if (Array.isArray(r) && !twoVar) {
              // the common case, without per-element closures
              for (let i = 0; i < r.length; i++) {
                if (++c.cost > c.limit) throw new CostLimitExceeded();
                c.slots[s1] = r[i];
                if (step(c, st)) return want;
              }
            } else {
              let decided = false;
              loop(c, r, () => (decided = step(c, st)));
              if (decided) return want;
            }
            if (st.err) throw st.err;
            return !want;
          };
        }
        case 'exists_one':
        case 'existsOne':
          return (c) => {
            let count = 0;
            loop(c, range(c), () => {
              if (asBool(pred(c))) count++;
            });
            return count === 1;
          };
        case 'map':
        case 'filter':
        case 'transformList': {
          // filter(x, p) is map(x, p, x); map and transformList take an optional filter first
          const f: Fn = fn === 'filter' ? (c) => c.slots[s1] : rest.length === 2 ? rest[1] : rest[0];
          const filter = fn === 'filter' ? pred : rest.length === 2 ? rest[0] : undefined;
          return (c) => {
            const r = range(c);
            const out: unknown[] = [];
            if (Array.isArray(r) && !twoVar) {
              for (let i = 0; i < r.length; i++) {
                if (++c.cost > c.limit) throw new CostLimitExceeded();
                c.slots[s1] = r[i];
                if (!filter || asBool(filter(c))) out.push(f(c));
              }
              return out;
            }
            loop(c, r, () => {
              if (!filter || asBool(filter(c))) out.push(f(c));
            });
            return out;
          };
        }
        case 'sortBy':
          return (c) => {
            const r = range(c);
            if (!Array.isArray(r)) return noOverload();
            const keyed: Array<[unknown, unknown]> = [];
            loop(c, r, () => {
              keyed.push([pred(c), c.slots[s1]]);
            });
            return sortKeyed(keyed);
          };
        case 'transformMap':
        case 'transformMapEntry': {
          const f = rest.length === 2 ? rest[1] : rest[0];
          const filter = rest.length === 2 ? rest[0] : undefined;
          const entry = fn === 'transformMapEntry';
          return (c) => {
            const out = new CelMap();
            loop(c, range(c), () => {
              if (filter && !asBool(filter(c))) return;
              const v = f(c);
              if (!entry) {
                const k = c.slots[s1];
                out.m.set(mapKey(k), [k, v]);
                return;
              }
              if (!isMapValue(v)) noOverload();
              for (const [k, x] of mapEntries(v)) {
                const nk = mapKey(k);
                if (out.m.has(nk)) fail(`insert failed: key ${celToString(k)} already exists`);
                out.m.set(nk, [k, x]);
              }
            });
            return out;
          };
        }
        default:
          return undefined;
      }
    });
  }
}

/** Sorts values by their keys (ext.Lists sortBy); keys must be of one orderable type. */
export function sortKeyed(keyed: Array<[unknown, unknown]>): unknown[] {
  if (keyed.length > 1) {
    const t = typeNameOf(keyed[0][0]);
    for (const [k] of keyed) {
      if (typeNameOf(k) !== t) return fail('list elements must have the same type');
    }
  }
  return keyed
    .map((e, i) => ({ e, i }))
    .sort((x, y) => celCompare(x.e[0], y.e[0]) || x.i - y.i)
    .map((x) => x.e[1]);
}

/**
 * Evaluates `src` without type-checking, with `vars` holding CEL values; returns the CEL
 * value (not mapped to JavaScript). For conformance runs, where the suite's own
 * variables are not Kubernetes variables.
 */
export function evaluateUnchecked(src: string, vars: Record<string, unknown>, limit = 1_000_000): unknown {
  const compiler = new Compiler(src, new Set(Object.keys(vars)));
  const fn = compiler.compile(parseCel(src));
  resetConversions();
  const ctx: EvalContext = { vars, slots: new Array(compiler.slots), cost: 0, limit, native: true };
  return fn(ctx);
}
