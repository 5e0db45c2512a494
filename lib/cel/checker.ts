/**
 * Type checker for Kubernetes CEL over the syntax tree of ./parser. It resolves
 * identifiers against the environment, selects fields through the schema catalog, expands
 * macros (binding iteration variables with the element type of the range), resolves
 * function overloads, and checks `Object.<path>{...}` / `JSONPatch{...}` literals.
 *
 * It never throws on user input: every problem is collected with its source offset, and a
 * subexpression that failed is typed `dyn` so one mistake is reported once.
 */
import {
  BOOL, BYTES, CelType, commonType, DOUBLE, DURATION, DYN, FREE, fromSchema, INT, isAssignable, isComparable, isNumeric,
  JSONPATCH, listOf, mapOf, NULL, optOf, sameType, shortName, STRING, TIMESTAMP, TYPE, typeString, UINT,
} from './celtypes';
import { EnvDecl, whereOf } from './environments';
import { re2Problem } from './eval-regex';
import {
  ALL_FUNCTION_NAMES, DISABLED_NAMESPACES, environmentsOf, FUNCTION_NAMESPACES, FUNCTIONS, functionsFor, macrosFor, NOT_IN_KUBERNETES, Overload,
} from './library';
import { CallNode, IdentNode, Node, qualifiedName, startPos, StructNode } from './parser';
import { checkFormatCall, invalidDuration, invalidTimestamp } from './validators';
import { closestName } from '../base/validators';
import { lookupType } from '../schema/catalog';
import type { SchemaTypeRef } from '../schema/types';

/** A problem found by the checker, at a source offset. */
export interface RawProblem {
  readonly checkId: string;
  readonly message: string;
  readonly pos: number;
  readonly hint?: string;
}

const TYPE_IDENTIFIERS = new Set(['bool', 'int', 'uint', 'double', 'string', 'bytes', 'list', 'map', 'null_type', 'type', 'optional_type']);
/** Type names of the Kubernetes library types (apiserver pkg/cel/types.go, library/*.go), usable as values: type(ip('::1')) == net.IP. */
const QUALIFIED_TYPES = new Set([
  'net.IP', 'net.CIDR', 'kubernetes.Quantity', 'kubernetes.URL', 'kubernetes.Semver', 'kubernetes.NamedFormat',
  // cel-go common/stdlib/standard.go declares the timestamp and duration types by their protobuf names
  'google.protobuf.Timestamp', 'google.protobuf.Duration',
]);
const TYPE_NAMESPACES = new Set(['net', 'kubernetes', 'google']);
const JSON_PATCH_FIELDS: Record<string, CelType> = { op: STRING, path: STRING, from: STRING, value: DYN };
const JSON_PATCH_OPS = ['add', 'remove', 'replace', 'move', 'copy', 'test'];
const MAX_PROBLEMS = 20;
/** apiserver pkg/cel/escaping.go celReservedSymbols */
const CEL_KEYWORDS: ReadonlySet<string> = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);
const SCRATCH = new Map<string, CelType>();
const LITERAL_CHECKED = new Set(['matches', 'find', 'findAll', 'duration', 'timestamp']);

/** The closest of `candidates` to `name`, when one is close enough to be a likely typo. */
export const closest = closestName;

/** A short list of names for hints. */
function listNames(names: readonly string[]): string {
  return names.length <= 12 ? names.join(', ') : `${names.slice(0, 12).join(', ')}, ... (${names.length} fields)`;
}

/** Kubernetes escapes property names that are CEL keywords or hold `-`, `.`, `/`. */
function unescapeField(name: string): string {
  const m = /^__([a-z]+)__$/.exec(name);
  if (m && !['dash', 'dot', 'slash', 'underscores'].includes(m[1])) return m[1];
  return name.replace(/__underscores__/g, '__').replace(/__dash__/g, '-').replace(/__dot__/g, '.').replace(/__slash__/g, '/');
}

export class Checker {
  public readonly problems: RawProblem[] = [];
  /** The type of every node checked (for the cost estimator, ./estimate.ts). */
  public readonly types = new Map<Node, CelType>();
  private readonly scopes: Array<Map<string, CelType>> = [];
  private readonly fns: ReadonlyMap<string, readonly Overload[]>;
  private readonly macros: ReadonlyMap<string, readonly number[]>;
  /** Inside the arguments of a `format` call: literals there are exempt from the homogeneity rule and their types are kept. */
  private formatDepth = 0;
  /** Types of list elements and map keys/values checked inside `format` calls (for the format-string validator). */
  private literalTypes: Map<Node, CelType> | undefined;

  constructor(private readonly decl: EnvDecl) {
    this.fns = functionsFor(decl.env);
    this.macros = macrosFor(decl.env);
  }

  /** Whether a selection is a qualified type name (`net.IP`, `google.protobuf.Timestamp`) rather than a field. */
  private isTypeName(n: Node): boolean {
    let root = n;
    while (root.t === 'sel') root = root.operand;
    if (root.t !== 'id' || !TYPE_NAMESPACES.has(root.name) || this.lookupVar(root.name)) return false;
    const q = qualifiedName(n);
    return q !== undefined && QUALIFIED_TYPES.has(q);
  }

  /** A function or macro the table has, but not in this environment. */
  private notHere(name: string, pos: number): CelType {
    const envs = [...new Set(environmentsOf(name).map(whereOf))];
    return this.report('cel/undeclared', `undeclared function '${name}' in ${this.decl.where}`, pos, `${name} is only available in ${envs.join(', ')}`);
  }

  private report(checkId: string, message: string, pos: number, hint?: string): CelType {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ checkId, message, pos, hint });
    return DYN;
  }

  private lookupVar(name: string): CelType | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const t = this.scopes[i].get(name);
      if (t) return t;
    }
    return this.decl.vars.get(name);
  }

  /** Type of `n`. */
  public check(n: Node): CelType {
    const t = this.checkNode(n);
    this.types.set(n, t);
    return t;
  }

  private checkNode(n: Node): CelType {
    switch (n.t) {
      case 'lit':
        switch (n.kind) {
          case 'int': return INT;
          case 'uint': return UINT;
          case 'double': return DOUBLE;
          case 'string': return STRING;
          case 'bytes': return BYTES;
          case 'bool': return BOOL;
          default: return NULL;
        }
      case 'id':
        return this.ident(n);
      case 'sel':
        if (this.isTypeName(n)) return TYPE;
        return this.select(this.check(n.operand), n.field, n.opt, n.pos);
      case 'idx':
        return this.index(n.operand, n.index, n.opt, n.pos);
      case 'call':
        return this.call(n);
      case 'list':
        return this.list(n.elems);
      case 'map':
        return this.map(n.entries);
      case 'struct':
        return this.struct(n, undefined);
      case 'unary': {
        const t = this.check(n.operand);
        if (t.k === 'dyn') return n.op === '!' ? BOOL : DYN;
        if (n.op === '!') {
          return t.k === 'bool' ? BOOL : this.report('cel/type', `operator '!' needs a bool, got ${typeString(t)}`, n.pos);
        }
        return t.k === 'int' || t.k === 'double' || t.k === 'duration' ? t
          : this.report('cel/type', `operator '-' needs an int or double, got ${typeString(t)}`, n.pos);
      }
      case 'binary':
        return this.binary(n.op, n.l, n.r, n.pos);
      case 'cond': {
        const c = this.check(n.c);
        if (c.k !== 'bool' && c.k !== 'dyn') this.report('cel/type', `condition of ?: must be bool, got ${typeString(c)}`, startPos(n.c));
        const a = this.check(n.a);
        const b = this.check(n.b);
        const common = commonType(a, b);
        if (!common) return this.report('cel/type', `branches of ?: have different types: ${typeString(a)} and ${typeString(b)}`, n.pos, 'make both branches the same type, or wrap one in dyn(...)');
        return common;
      }
    }
  }

  private ident(n: IdentNode): CelType {
    const t = this.lookupVar(n.name);
    if (t) return t;
    if (TYPE_IDENTIFIERS.has(n.name)) return TYPE;
    const special = this.decl.missingHints.get(n.name);
    if (special) return this.report('cel/undeclared', `undeclared reference to '${n.name}' in ${this.decl.where}`, n.pos, special);
    const names = [...this.decl.vars.keys(), ...this.scopes.flatMap((s) => [...s.keys()])];
    const near = closest(n.name, names);
    return this.report('cel/undeclared', `undeclared reference to '${n.name}'`, n.pos,
      near ? `did you mean '${near}'?` : `declared here: ${[...this.decl.vars.keys()].join(', ')}`);
  }

  // ------------------------------------------------------------------ fields and indexes

  /** Field type of `t.field`, reporting unknown fields on typed values. */
  private select(t: CelType, field: string, opt: boolean, pos: number): CelType {
    if (t.k === 'opt') {
      const inner = this.select(t.inner, field, false, pos);
      return inner.k === 'opt' ? inner : optOf(inner);
    }
    const ft = this.fieldType(t, field, pos, 'select');
    return opt ? optOf(ft) : ft;
  }

  private fieldType(t: CelType, field: string, pos: number, how: 'select' | 'has'): CelType {
    switch (t.k) {
      case 'dyn':
        return DYN;
      case 'object':
      case 'apply': {
        const name = t.k === 'object' ? t.name : t.schema;
        const obj = name ? lookupType(name) : undefined;
        if (!obj) return DYN;
        const f = obj.fields[field] ?? obj.fields[unescapeField(field)];
        if (f) return fromSchema(f.type);
        const near = closest(field, Object.keys(obj.fields));
        return this.report('cel/no-such-field', `undefined field '${field}' on ${shortName(obj.name)}`, pos,
          near ? `did you mean '${near}'?` : `${shortName(obj.name)} has: ${listNames(Object.keys(obj.fields))}`);
      }
      case 'record': {
        // apiserver pkg/cel/types.go FindStructFieldType (recognizeKeywordAsFieldName): `self.namespace` is `__namespace__`
        const f = t.fields[field] ?? (CEL_KEYWORDS.has(field) ? t.fields[`__${field}__`] : undefined);
        if (f) return f;
        const near = closest(field, Object.keys(t.fields));
        const fields = Object.keys(t.fields);
        return this.report('cel/no-such-field', `undefined field '${field}' on ${t.name}`, pos,
          near ? `did you mean '${near}'?` : fields.length ? `${t.name} has: ${fields.join(', ')}` : 'nothing is declared here');
      }
      case 'jsonpatch': {
        const f = JSON_PATCH_FIELDS[field];
        return f ?? this.report('cel/no-such-field', `undefined field '${field}' on JSONPatch`, pos, 'JSONPatch has op, path, from, value');
      }
      case 'map':
        if (t.key.k !== 'string' && t.key.k !== 'dyn') return this.report('cel/type', `cannot select '${field}' from ${typeString(t)} (keys are not strings)`, pos);
        return t.val;
      default:
        return this.report('cel/type', `type '${typeString(t)}' has no fields; cannot ${how === 'has' ? 'test' : 'select'} '${field}'`, pos);
    }
  }

  private index(operand: Node, indexNode: Node, opt: boolean, pos: number): CelType {
    let t = this.check(operand);
    const it = this.check(indexNode);
    let wrap = opt;
    if (t.k === 'opt') {
      t = t.inner;
      wrap = true;
    }
    let out: CelType;
    switch (t.k) {
      case 'dyn':
        out = DYN;
        break;
      case 'list':
        if (it.k !== 'int' && it.k !== 'uint' && it.k !== 'dyn') {
          out = this.report('cel/type', `list index must be an int, got ${typeString(it)}`, startPos(indexNode));
        } else {
          out = t.elem;
        }
        break;
      case 'map':
        if (!isAssignable(t.key, it) && !(isNumeric(t.key) && isNumeric(it))) {
          out = this.report('cel/type', `map key must be ${typeString(t.key)}, got ${typeString(it)}`, startPos(indexNode));
        } else {
          out = t.val;
        }
        break;
      case 'object':
      case 'record':
      case 'apply':
        out = this.report('cel/type', `type '${typeString(t)}' cannot be indexed with [...]`, pos, 'select fields with .name; only lists and maps take [...]');
        break;
      default:
        out = this.report('cel/type', `type '${typeString(t)}' cannot be indexed with [...]`, pos);
    }
    return wrap && out.k !== 'opt' ? optOf(out) : out;
  }

  // ------------------------------------------------------------------ literals

  private list(elems: ReadonlyArray<{ e: Node; opt: boolean }>): CelType {
    let elem: CelType | undefined;
    let first: CelType | undefined;
    let reported = false;
    for (const { e, opt } of elems) {
      let t = this.check(e);
      if (this.formatDepth > 0) (this.literalTypes ??= new Map()).set(e, t);
      if (opt) {
        if (t.k === 'opt') t = t.inner;
        else if (t.k !== 'dyn') this.report('cel/type', `optional list element must be an optional value, got ${typeString(t)}`, startPos(e), 'use optional.of(x) or a .? / [?] selection');
      }
      if (first === undefined) {
        first = elem = t;
        continue;
      }
      if (!reported && !this.homogeneous(first, t, e, 'list elements')) reported = true;
      elem = commonType(elem!, t) ?? DYN;
    }
    return listOf(elem ?? FREE);
  }

  /**
   * Kubernetes enables HomogeneousAggregateLiterals (environment/base.go): every element of
   * a list literal (every key, every value of a map literal) must have the type of the
   * first one — exactly, so `[dyn(1), 'a']` is refused — except inside the arguments of a
   * `format` call (cel-go ext/strings.go exempts them). Returns whether `t` conforms.
   */
  private homogeneous(first: CelType, t: CelType, at: Node, what: string): boolean {
    if (this.formatDepth > 0 || sameType(first, t, FREE)) return true; // cel-go Type.IsEquivalentType
    this.report('cel/type', `${what} must all have the same type, expected type '${typeString(first)}' but found '${typeString(t)}'`, startPos(at),
      'Kubernetes CEL requires homogeneous list and map literals; convert the values, or wrap every one of them in dyn(...)');
    return false;
  }

  private map(entries: ReadonlyArray<{ k: Node; v: Node; opt: boolean }>): CelType {
    let key: CelType | undefined;
    let val: CelType | undefined;
    let firstKey: CelType | undefined;
    let firstVal: CelType | undefined;
    for (const { k, v, opt } of entries) {
      const kt = this.check(k);
      if (!['string', 'int', 'uint', 'bool', 'dyn'].includes(kt.k)) this.report('cel/type', `map keys must be string, int, uint or bool, got ${typeString(kt)}`, startPos(k));
      let vt = this.check(v);
      if (this.formatDepth > 0) (this.literalTypes ??= new Map()).set(k, kt).set(v, vt);
      if (opt) {
        if (vt.k === 'opt') vt = vt.inner;
        else if (vt.k !== 'dyn') this.report('cel/type', `optional map entry needs an optional value, got ${typeString(vt)}`, startPos(v));
      }
      if (firstKey === undefined || firstVal === undefined) {
        firstKey = key = kt;
        firstVal = val = vt;
        continue;
      }
      this.homogeneous(firstKey, kt, k, 'map keys');
      this.homogeneous(firstVal, vt, v, 'map values');
      key = commonType(key!, kt) ?? DYN;
      val = commonType(val!, vt) ?? DYN;
    }
    return mapOf(key ?? FREE, val ?? FREE);
  }

  /** Resolves `Object.a.b` against the root catalog type; returns the catalog object name. */
  private resolveApplyPath(path: readonly string[]): { schema?: string; error?: { message: string; hint?: string } } {
    const root = this.decl.rootType ? lookupType(this.decl.rootType) : undefined;
    if (!root) return {};
    let current: SchemaTypeRef = { kind: 'object', name: root.name };
    for (let i = 0; i < path.length; i++) {
      while (current.kind === 'array' || current.kind === 'map') current = current.kind === 'array' ? current.items : current.values;
      if (current.kind === 'any') return {};
      if (current.kind !== 'object') {
        return { error: { message: `${['Object', ...path.slice(0, i)].join('.')} is not an object, it has no field '${path[i]}'` } };
      }
      const obj = lookupType(current.name);
      if (!obj) return {};
      const f = obj.fields[path[i]];
      if (!f) {
        const near = closest(path[i], Object.keys(obj.fields));
        const prefix = ['Object', ...path.slice(0, i)].join('.');
        return {
          error: {
            message: `${shortName(obj.name)} (${prefix}) has no field '${path[i]}'`,
            hint: near ? `did you mean "${prefix}.${near}"?` : `${prefix} has: ${listNames(Object.keys(obj.fields))}`,
          },
        };
      }
      current = f.type;
    }
    while (current.kind === 'array' || current.kind === 'map') current = current.kind === 'array' ? current.items : current.values;
    if (current.kind === 'object') return { schema: current.name };
    if (current.kind === 'any') return {};
    return { error: { message: `${['Object', ...path].join('.')} is a ${current.kind}, not an object: set it with a plain value instead of a ${['Object', ...path].join('.')}{...} literal` } };
  }

  private struct(n: StructNode, expected: string | undefined): CelType {
    const name = n.name;
    const isObject = name === 'Object' || name.startsWith('Object.');
    if (name === 'JSONPatch' && this.decl.mutation) return this.jsonPatch(n);
    if (!isObject || !this.decl.mutation) {
      for (const f of n.fields) this.check(f.value);
      const hint = isObject || name === 'JSONPatch'
        ? 'Object{...} and JSONPatch{...} literals exist only in MutatingAdmissionPolicy mutation expressions'
        : this.decl.mutation ? 'message literals are Object.<field path>{...} or JSONPatch{...}' : undefined;
      return this.report('cel/undeclared', `undeclared type '${name}'`, n.pos, hint);
    }
    let path = name === 'Object' ? [] : name.slice('Object.'.length).split('.');
    let schema: string | undefined;
    if (expected !== undefined && expected !== name) {
      this.report('cel/type-name', `unexpected type name "${name}", expected "${expected}", which matches field name path from root Object type`, n.pos,
        `write ${expected}{...}`);
      // continue as the expected type so that the enclosing field is not reported again
      path = expected === 'Object' ? [] : expected.slice('Object.'.length).split('.');
      schema = this.resolveApplyPath(path).schema;
      for (const f of n.fields) this.literalValue(f.value, undefined, undefined, f.opt);
      return { k: 'apply', path, schema };
    } else {
      const r = this.resolveApplyPath(path);
      if (r.error) {
        this.report('cel/type-name', `unexpected type name "${name}": ${r.error.message}`, n.pos, r.error.hint);
        for (const f of n.fields) this.literalValue(f.value, undefined, undefined, f.opt);
        return DYN;
      }
      schema = r.schema;
    }
    const obj = schema ? lookupType(schema) : undefined;
    for (let i = 0; i < n.fields.length; i++) {
      const f = n.fields[i];
      for (let j = 0; j < i; j++) {
        if (n.fields[j].name === f.name) this.report('cel/type', `field '${f.name}' is set twice in ${name}{...}`, f.pos);
      }
      const childName = `${name}.${f.name}`;
      if (!obj) {
        this.literalValue(f.value, undefined, childName, f.opt);
        continue;
      }
      const def = obj.fields[f.name];
      if (!def) {
        const near = closest(f.name, Object.keys(obj.fields));
        this.report('cel/no-such-field', `${name} (${shortName(obj.name)}) has no field '${f.name}'`, f.pos,
          near ? `did you mean '${near}'?` : `${name} has: ${listNames(Object.keys(obj.fields))}`);
        this.literalValue(f.value, undefined, undefined, f.opt);
        continue;
      }
      const actual = this.literalValue(f.value, def.type, childName, f.opt);
      const want = expectedLiteralType(def.type, [...path, f.name]);
      if (!isAssignable(want, actual)) {
        this.report('cel/type', `field '${f.name}' of ${name} expects ${typeString(want)}, got ${typeString(actual)}`, startPos(f.value),
          def.type.kind === 'object' ? `write it as ${childName}{...}` : undefined);
      }
    }
    return { k: 'apply', path, schema };
  }

  /** Checks a value placed into a literal field; nested literals are named after `childName`. */
  private literalValue(v: Node, ref: SchemaTypeRef | undefined, childName: string | undefined, opt: boolean): CelType {
    let t: CelType;
    if (v.t === 'struct' && v.name.startsWith('Object')) {
      t = this.struct(v, childName);
    } else if (v.t === 'list' && (ref === undefined || ref.kind === 'array')) {
      let elem: CelType | undefined;
      let first: CelType | undefined;
      for (const el of v.elems) {
        let et = this.literalValue(el.e, ref?.kind === 'array' ? ref.items : undefined, childName, false);
        if (el.opt && et.k === 'opt') et = et.inner;
        if (first === undefined) {
          first = elem = et;
          continue;
        }
        this.homogeneous(first, et, el.e, 'list elements');
        elem = commonType(elem!, et) ?? DYN;
      }
      t = listOf(elem ?? DYN);
    } else if (v.t === 'map' && (ref === undefined || ref.kind === 'map')) {
      let val: CelType | undefined;
      let first: CelType | undefined;
      for (const e of v.entries) {
        const kt = this.check(e.k);
        if (kt.k !== 'string' && kt.k !== 'dyn') this.report('cel/type', `keys of ${childName ?? 'this map'} must be strings, got ${typeString(kt)}`, startPos(e.k));
        let vt = this.literalValue(e.v, ref?.kind === 'map' ? ref.values : undefined, childName, false);
        if (e.opt && vt.k === 'opt') vt = vt.inner;
        if (first === undefined) {
          first = val = vt;
          continue;
        }
        this.homogeneous(first, vt, e.v, 'map values');
        val = commonType(val!, vt) ?? DYN;
      }
      t = mapOf(STRING, val ?? DYN);
    } else if (v.t === 'cond') {
      const c = this.check(v.c);
      if (c.k !== 'bool' && c.k !== 'dyn') this.report('cel/type', `condition of ?: must be bool, got ${typeString(c)}`, startPos(v.c));
      const a = this.literalValue(v.a, ref, childName, opt);
      const b = this.literalValue(v.b, ref, childName, opt);
      t = commonType(a, b) ?? DYN;
      return t;
    } else {
      t = this.check(v);
    }
    if (opt) {
      if (t.k === 'opt') return t.inner;
      if (t.k !== 'dyn') this.report('cel/type', `optional field initialiser ?f needs an optional value, got ${typeString(t)}`, startPos(v));
    }
    return t;
  }

  private jsonPatch(n: StructNode): CelType {
    const values: Record<string, Node> = {};
    for (const f of n.fields) {
      const want = JSON_PATCH_FIELDS[f.name];
      if (!want) {
        const near = closest(f.name, Object.keys(JSON_PATCH_FIELDS));
        this.report('cel/no-such-field', `JSONPatch has no field '${f.name}'`, f.pos, near ? `did you mean '${near}'?` : 'JSONPatch has op, path, from, value');
        this.check(f.value);
        continue;
      }
      values[f.name] = f.value;
      // a value may be an Object.<path>{...} literal of any path
      const t = f.value.t === 'struct' ? this.struct(f.value, undefined) : this.check(f.value);
      const actual = f.opt && t.k === 'opt' ? t.inner : t;
      if (!isAssignable(want, actual)) this.report('cel/type', `JSONPatch field '${f.name}' must be ${typeString(want)}, got ${typeString(actual)}`, startPos(f.value));
    }
    const op = values.op?.t === 'lit' && values.op.kind === 'string' ? String(values.op.value) : undefined;
    if (!values.op) this.report('cel/json-patch', 'JSONPatch needs an op', n.pos, `one of ${JSON_PATCH_OPS.join(', ')}`);
    if (!values.path) this.report('cel/json-patch', 'JSONPatch needs a path', n.pos, 'a JSON pointer such as "/spec/containers/-"');
    if (op !== undefined) {
      if (!JSON_PATCH_OPS.includes(op)) {
        this.report('cel/json-patch', `unknown JSONPatch op "${op}"`, startPos(values.op), `one of ${JSON_PATCH_OPS.join(', ')}`);
      } else if ((op === 'add' || op === 'replace' || op === 'test') && !values.value) {
        this.report('cel/json-patch', `JSONPatch op "${op}" needs a value`, n.pos);
      } else if ((op === 'move' || op === 'copy') && !values.from) {
        this.report('cel/json-patch', `JSONPatch op "${op}" needs a from path`, n.pos);
      }
    }
    for (const key of ['path', 'from']) {
      const p = values[key];
      if (p?.t === 'lit' && p.kind === 'string') this.jsonPointer(String(p.value), p.pos, key);
    }
    return JSONPATCH;
  }

  /** Checks a literal JSON pointer against the root schema. */
  private jsonPointer(pointer: string, pos: number, key: string): void {
    if (pointer === '') return;
    if (!pointer.startsWith('/')) {
      this.report('cel/json-patch', `JSONPatch ${key} "${pointer}" must start with '/'`, pos, `write "/${pointer}"`);
      return;
    }
    const root = this.decl.rootType ? lookupType(this.decl.rootType) : undefined;
    if (!root) return;
    const segs = pointer.slice(1).split('/');
    if (pointer.includes('~')) for (let i = 0; i < segs.length; i++) segs[i] = segs[i].replace(/~1/g, '/').replace(/~0/g, '~');
    let current: SchemaTypeRef = { kind: 'object', name: root.name };
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const where = '/' + segs.slice(0, i).join('/');
      if (current.kind === 'array') {
        if (!/^(\d+|-)$/.test(seg)) {
          this.report('cel/json-patch', `JSONPatch ${key} "${pointer}": ${where} is a list, so '${seg}' must be an index or '-'`, pos);
          return;
        }
        current = current.items;
      } else if (current.kind === 'map') {
        current = current.values;
      } else if (current.kind === 'object') {
        const obj = lookupType(current.name);
        if (!obj) return;
        const f = obj.fields[seg];
        if (!f) {
          const near = closest(seg, Object.keys(obj.fields));
          this.report('cel/no-such-field', `JSONPatch ${key} "${pointer}": ${shortName(obj.name)} has no field '${seg}'`, pos, near ? `did you mean '${near}'?` : undefined);
          return;
        }
        current = f.type;
      } else {
        if (current.kind !== 'any' && current.kind !== 'int-or-string' && current.kind !== 'quantity') {
          this.report('cel/json-patch', `JSONPatch ${key} "${pointer}": ${where} is a ${current.kind}, it has no '${seg}'`, pos);
        }
        return;
      }
    }
  }

  // ------------------------------------------------------------------ operators

  private binary(op: string, ln: Node, rn: Node, pos: number): CelType {
    const l = this.check(ln);
    const r = this.check(rn);
    switch (op) {
      case '&&':
      case '||':
        if (l.k !== 'bool' && l.k !== 'dyn') this.report('cel/type', `operands of ${op} must be bool, got ${typeString(l)}`, startPos(ln));
        if (r.k !== 'bool' && r.k !== 'dyn') this.report('cel/type', `operands of ${op} must be bool, got ${typeString(r)}`, startPos(rn));
        return BOOL;
      case '==':
      case '!=':
        if (!isComparable(l, r)) {
          if (isNumeric(l) && isNumeric(r)) {
            return this.report('cel/type', `found no matching overload for '${op}' applied to '(${typeString(l)}, ${typeString(r)})'`, pos,
              `CEL compares int, uint and double across types only with <, <=, > and >=; convert one side, e.g. ${r.k === 'double' || l.k === 'double' ? 'double(x)' : 'int(x)'}`);
          }
          return this.report('cel/type', `cannot compare ${typeString(l)} ${op} ${typeString(r)}`, pos, hintForMismatch(l, r));
        }
        return BOOL;
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const ok = l.k === 'dyn' || r.k === 'dyn' || (isNumeric(l) && isNumeric(r))
          || (sameType(l, r) && ['string', 'bytes', 'bool', 'timestamp', 'duration'].includes(l.k));
        if (!ok) {
          const lib = l.k === 'opaque' && (l.name === 'Quantity' || l.name === 'Semver');
          return this.report('cel/type', `operator ${op} is not defined for ${typeString(l)} and ${typeString(r)}`, pos,
            lib ? `compare ${l.k === 'opaque' ? l.name : ''} values with a.isLessThan(b), a.isGreaterThan(b) or a.compareTo(b)` : hintForMismatch(l, r));
        }
        return BOOL;
      }
      case 'in': {
        if (r.k === 'dyn') return BOOL;
        if (r.k === 'list') {
          if (!isComparable(l, r.elem)) this.report('cel/type', `cannot look for ${typeString(l)} in ${typeString(r)}`, pos);
          return BOOL;
        }
        if (r.k === 'map') {
          if (!isComparable(l, r.key)) this.report('cel/type', `cannot look for ${typeString(l)} in the keys of ${typeString(r)}`, pos);
          return BOOL;
        }
        return this.report('cel/type', `operator 'in' needs a list or map on the right, got ${typeString(r)}`, pos,
          r.k === 'string' ? 'for substrings use s.contains(x)' : r.k === 'object' || r.k === 'record' ? 'test a field with has(x.field)' : undefined);
      }
      default:
        return this.arithmetic(op, l, r, pos);
    }
  }

  private arithmetic(op: string, l: CelType, r: CelType, pos: number): CelType {
    if (l.k === 'dyn' && r.k === 'dyn') return DYN;
    if (l.k === 'dyn' || r.k === 'dyn') {
      const known = l.k === 'dyn' ? r : l;
      if (['int', 'uint', 'double', 'string', 'bytes'].includes(known.k) && (op === '+' || !['string', 'bytes'].includes(known.k))) return known;
      if (known.k === 'list' && op === '+') return listOf(DYN);
      if (['timestamp', 'duration'].includes(known.k) && (op === '+' || op === '-')) return DYN;
      return this.report('cel/type', `operator ${op} is not defined for ${typeString(known)}`, pos);
    }
    if (isNumeric(l) && isNumeric(r)) {
      if (l.k !== r.k) {
        return this.report('cel/type', `operator ${op} is not defined for ${typeString(l)} and ${typeString(r)}`, pos,
          'CEL does not mix numeric types in arithmetic; convert with int(x), uint(x) or double(x)');
      }
      if (op === '%' && l.k === 'double') return this.report('cel/type', 'operator % is not defined for double', pos);
      return l;
    }
    if (op === '+') {
      if (l.k === 'string' && r.k === 'string') return STRING;
      if (l.k === 'bytes' && r.k === 'bytes') return BYTES;
      if (l.k === 'list' && r.k === 'list') return listOf(commonType(l.elem, r.elem) ?? DYN);
      if (l.k === 'duration' && r.k === 'duration') return DURATION;
      if ((l.k === 'timestamp' && r.k === 'duration') || (l.k === 'duration' && r.k === 'timestamp')) return TIMESTAMP;
    }
    if (op === '-') {
      if (l.k === 'duration' && r.k === 'duration') return DURATION;
      if (l.k === 'timestamp' && r.k === 'duration') return TIMESTAMP;
      if (l.k === 'timestamp' && r.k === 'timestamp') return DURATION;
    }
    let hint = hintForMismatch(l, r);
    if (op === '+' && (l.k === 'string' || r.k === 'string')) hint = 'convert the other operand with string(x)';
    if (op === '+' && (l.k === 'opaque' && l.name === 'Quantity')) hint = 'add quantities with a.add(b)';
    return this.report('cel/type', `operator ${op} is not defined for ${typeString(l)} and ${typeString(r)}`, pos, hint);
  }

  // ------------------------------------------------------------------ calls and macros

  private call(n: CallNode): CelType {
    if (!n.target) {
      if (n.fn === 'has') return this.has(n);
      return this.resolve(n.fn, undefined, n.args, n.pos, n);
    }
    const q = qualifiedName(n.target);
    if (q !== undefined && n.target.t === 'id' && !this.lookupVar(q)) {
      const global = `${q}.${n.fn}`;
      if (global === 'cel.bind') {
        if (this.macros.has(global)) return this.bind(n);
        return this.notHere(global, n.pos);
      }
      if (this.fns.has(global)) return this.resolve(global, undefined, n.args, n.pos, n);
      if (FUNCTIONS.has(global)) {
        for (const a of n.args) this.check(a);
        return this.notHere(global, n.pos);
      }
      const disabled = DISABLED_NAMESPACES.get(q);
      if (disabled) {
        for (const a of n.args) this.check(a);
        return this.report('cel/undeclared', `undeclared function '${global}'`, n.pos, disabled);
      }
      if (FUNCTION_NAMESPACES.has(q)) {
        const names = ALL_FUNCTION_NAMES.filter((f) => f.startsWith(q + '.'));
        const near = closest(global, names);
        return this.report('cel/undeclared', `undeclared function '${global}'`, n.pos, near ? `did you mean '${near}'?` : `${q} has: ${names.join(', ')}`);
      }
    }
    const arity = n.fn === 'has' ? undefined : this.macros.get(n.fn);
    if (arity && arity.includes(n.args.length) && n.args[0]?.t === 'id') return this.macro(n);
    if (arity && !this.fns.has(n.fn)) {
      this.check(n.target);
      return this.report('cel/syntax', `${n.fn}() takes an iteration variable and ${n.fn === 'filter' || n.fn === 'sortBy' || n.fn === 'optMap' || n.fn === 'optFlatMap' ? 'an expression' : 'a predicate'}, e.g. list.${n.fn}(x, ...)`, n.pos,
        `valid forms: ${arity.map((a) => `${n.fn}(${['x', 'y', 'z'].slice(0, a - 1).join(', ')}${a === 2 ? '' : ''}, expr)`).join(' or ')}`);
    }
    if (n.fn === 'format') {
      this.formatDepth++;
      const recv = this.check(n.target);
      const out = this.resolve(n.fn, recv, n.args, n.pos, n);
      this.formatDepth--;
      if (out.k === 'string' && n.args.length === 1) {
        const problem = checkFormatCall(n.target, n.args[0], (x) => this.literalTypes?.get(x));
        if (problem) this.report('cel/format', problem.message, problem.pos, 'match each %-clause of the format string with one list element of a type it accepts');
      }
      return out;
    }
    const recv = this.check(n.target);
    return this.resolve(n.fn, recv, n.args, n.pos, n);
  }

  private has(n: CallNode): CelType {
    const arg = n.args[0];
    if (n.args.length !== 1 || arg.t !== 'sel' || arg.opt) {
      for (const a of n.args) this.check(a);
      return this.report('cel/syntax', 'invalid argument to has() macro: it takes one field selection, e.g. has(object.spec.x)', n.pos);
    }
    let t = this.check(arg.operand);
    if (t.k === 'opt') t = t.inner;
    this.fieldType(t, arg.field, arg.pos, 'has');
    return BOOL;
  }

  private bind(n: CallNode): CelType {
    if (n.args.length !== 3 || n.args[0].t !== 'id') {
      for (const a of n.args) this.check(a);
      return this.report('cel/syntax', 'cel.bind() takes a variable name, a value and an expression: cel.bind(x, value, expr)', n.pos);
    }
    const init = this.check(n.args[1]);
    this.scopes.push(new Map([[(n.args[0] as IdentNode).name, init]]));
    const out = this.check(n.args[2]);
    this.scopes.pop();
    return out;
  }

  /** Element / key / value types a comprehension variable takes over `range`. */
  private iterTypes(range: CelType, vars: number, fn: string, pos: number): CelType[] {
    if (range.k === 'list') return vars === 1 ? [range.elem] : [INT, range.elem];
    if (range.k === 'map') return vars === 1 ? [range.key] : [range.key, range.val];
    if (range.k !== 'dyn') this.report('cel/type', `${fn}() needs a list or map, got ${typeString(range)}`, pos);
    return vars === 1 ? [DYN] : [DYN, DYN];
  }

  private macro(n: CallNode): CelType {
    const fn = n.fn;
    const range = this.check(n.target!);
    const args = n.args;
    let vars = 1;
    if (['all', 'exists', 'exists_one', 'existsOne'].includes(fn)) vars = args.length === 3 ? 2 : 1;
    if (fn.startsWith('transform')) vars = 2;
    for (let i = 0; i < vars; i++) {
      if (args[i].t !== 'id') return this.report('cel/syntax', `argument ${i + 1} of ${fn}() must be a simple name`, startPos(args[i]));
    }
    const body = args.slice(vars);
    if (fn === 'optMap' || fn === 'optFlatMap') {
      const inner = range.k === 'opt' ? range.inner : DYN;
      if (range.k !== 'opt' && range.k !== 'dyn') this.report('cel/type', `${fn}() needs an optional value, got ${typeString(range)}`, n.pos);
      this.scopes.push(new Map([[(args[0] as IdentNode).name, inner]]));
      const r = this.check(body[0]);
      this.scopes.pop();
      if (fn === 'optMap') return optOf(r);
      if (r.k !== 'opt' && r.k !== 'dyn') return this.report('cel/type', `optFlatMap() expression must return an optional, got ${typeString(r)}`, startPos(body[0]));
      return r;
    }
    const types = this.iterTypes(range, vars, fn, n.pos);
    const scope = new Map<string, CelType>();
    for (let i = 0; i < vars; i++) scope.set((args[i] as IdentNode).name, types[i]);
    this.scopes.push(scope);
    const bodyTypes = body.map((b) => this.check(b));
    this.scopes.pop();
    const mustBool = (idx: number, what: string): void => this.mustBool(bodyTypes[idx], body[idx], what, fn);
    switch (fn) {
      case 'all':
      case 'exists':
      case 'exists_one':
      case 'existsOne':
        mustBool(0, 'the predicate');
        return BOOL;
      case 'filter':
        mustBool(0, 'the predicate');
        return listOf(types[0]);
      case 'map':
        if (body.length === 2) mustBool(0, 'the filter');
        return listOf(bodyTypes[bodyTypes.length - 1]);
      case 'sortBy':
        return range.k === 'list' ? range : listOf(DYN);
      case 'transformList':
        if (body.length === 2) mustBool(0, 'the filter');
        return listOf(bodyTypes[bodyTypes.length - 1]);
      case 'transformMap':
        if (body.length === 2) mustBool(0, 'the filter');
        return mapOf(range.k === 'map' ? range.key : range.k === 'list' ? INT : DYN, bodyTypes[bodyTypes.length - 1]);
      default: {
        // transformMapEntry: the expression returns a one-entry map
        if (body.length === 2) mustBool(0, 'the filter');
        const e = bodyTypes[bodyTypes.length - 1];
        if (e.k !== 'map' && e.k !== 'dyn') this.report('cel/type', `transformMapEntry() expression must return a map entry {key: value}, got ${typeString(e)}`, startPos(body[body.length - 1]));
        return e.k === 'map' ? e : mapOf(DYN, DYN);
      }
    }
  }

  /** Compile-time checks Kubernetes runs on literal arguments (regex, duration, timestamp). */
  private literalArguments(fn: string, method: boolean, args: readonly Node[]): void {
    if (!LITERAL_CHECKED.has(fn)) return;
    const lit = (i: number): string | undefined => stringLiteral(args[i]);
    if (fn === 'matches' || fn === 'find' || fn === 'findAll') {
      const idx = method ? 0 : 1;
      const p = lit(idx);
      const why = p === undefined ? undefined : re2Problem(p);
      if (why) this.report('cel/regex', `invalid regular expression ${JSON.stringify(p)}: ${why}`, args[idx].pos, 'Kubernetes compiles regex literals with RE2 (Go regexp syntax: no lookaround, no backreferences) when the expression is created');
    } else if (fn === 'duration' && !method) {
      const d = lit(0);
      const why = d === undefined ? undefined : invalidDuration(d);
      if (why) this.report('cel/literal', `invalid duration literal ${JSON.stringify(d)}: ${why}`, args[0].pos, "use Go duration syntax such as '30s', '5m' or '1h30m', within ±2562047h");
    } else if (fn === 'timestamp' && !method && args[0]?.t === 'lit') {
      const a = args[0];
      const why = a.kind === 'string' || a.kind === 'int' ? invalidTimestamp(a.value as string | number | bigint) : undefined;
      if (why) this.report('cel/literal', `invalid timestamp literal ${a.kind === 'string' ? JSON.stringify(a.value) : String(a.value)}: ${why}`, a.pos, "use RFC 3339 between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, e.g. '2026-01-01T00:00:00Z'");
    }
  }

  private mustBool(t: CelType, at: Node, what: string, fn: string): void {
    if (t.k !== 'bool' && t.k !== 'dyn') this.report('cel/type', `${what} of ${fn}() must be bool, got ${typeString(t)}`, startPos(at));
  }

  /** Resolves a function or method call against the overload table. */
  private resolve(fn: string, recv: CelType | undefined, argNodes: readonly Node[], pos: number, n: CallNode): CelType {
    const argTypes = argNodes.map((a) => this.check(a));
    this.literalArguments(fn, recv !== undefined, argNodes);
    const all = this.fns.get(fn);
    if (!all && FUNCTIONS.has(fn)) return this.notHere(fn, pos);
    if (!all) {
      const special = NOT_IN_KUBERNETES.get(fn);
      const near = closest(fn, ALL_FUNCTION_NAMES);
      const shown = recv ? `${typeString(recv)}.${fn}` : fn;
      return this.report('cel/undeclared', `undeclared function '${fn}'${recv ? ` (called on ${typeString(recv)})` : ''}`, pos,
        special ?? (near ? `did you mean '${near}'?` : `${shown} is not part of the Kubernetes CEL libraries`));
    }
    const styled = all.filter((o) => (recv ? o.receiver !== undefined : o.receiver === undefined));
    if (styled.length === 0) {
      return this.report('cel/undeclared', recv ? `'${fn}' is a function, not a method` : `'${fn}' is a method, not a function`, pos,
        recv ? `call it as ${fn}(value, ...)` : `call it as value.${fn}(...): ${all.map((o) => o.text).join('; ')}`);
    }
    let candidates = styled;
    if (recv && recv.k !== 'dyn') {
      candidates = [];
      for (const o of styled) {
        SCRATCH.clear();
        if (unify(o.receiver!, recv, SCRATCH)) candidates.push(o);
      }
      if (candidates.length === 0) {
        const on = [...new Set(styled.map((o) => typeString(o.receiver!)))].join(', ');
        return this.report('cel/type', `no method '${fn}' on ${typeString(recv)}`, pos, `${fn}() is defined on ${on}`);
      }
    }
    const byArity: Overload[] = [];
    for (const o of candidates) if (o.args.length === argTypes.length) byArity.push(o);
    if (byArity.length === 0) {
      const counts = [...new Set(candidates.map((o) => o.args.length))].sort();
      const shown = recv ? `${typeString(recv)}.${fn}` : fn;
      return this.report('cel/arity', `${shown}() takes ${counts.join(' or ')} argument${counts.length === 1 && counts[0] === 1 ? '' : 's'}, got ${argTypes.length}`,
        pos, `signatures: ${candidates.map((o) => o.text).join('; ')}`);
    }
    const results: CelType[] = [];
    for (const o of byArity) {
      const b = new Map<string, CelType>();
      if (o.receiver && recv && !unify(o.receiver, recv, b)) continue;
      let ok = true;
      for (let i = 0; i < o.args.length && ok; i++) ok = unify(o.args[i], argTypes[i], b);
      if (ok) results.push(subst(o.result, b));
    }
    if (results.length === 0) {
      const shown = `${recv ? typeString(recv) + '.' : ''}(${argTypes.map(typeString).join(', ')})`;
      return this.report('cel/type', `found no matching overload for '${fn}' applied to '${shown}'`, argNodes.length ? startPos(argNodes[0]) : n.pos,
        `signatures: ${byArity.map((o) => o.text).join('; ')}`);
    }
    const first = results[0];
    for (let i = 1; i < results.length; i++) if (!sameType(results[i], first)) return DYN;
    return first;
  }
}

function stringLiteral(a: Node | undefined): string | undefined {
  return a && a.t === 'lit' && a.kind === 'string' ? String(a.value) : undefined;
}

/** Unifies a signature type with an argument type, binding type parameters. */
function unify(p: CelType, a: CelType, b: Map<string, CelType>): boolean {
  if (p.k === 'param') {
    const bound = b.get(p.name);
    if (!bound || bound.k === 'dyn' || bound.k === 'null') {
      b.set(p.name, a);
      return true;
    }
    if (a.k === 'dyn' || a.k === 'null') return true;
    if (isAssignable(bound, a) || isAssignable(a, bound)) return true;
    return false;
  }
  if (a.k === 'dyn') return true;
  if (p.k === 'dyn') return true;
  switch (p.k) {
    case 'list':
      return a.k === 'list' && unify(p.elem, a.elem, b);
    case 'map':
      return a.k === 'map' && unify(p.key, a.key, b) && unify(p.val, a.val, b);
    case 'opt':
      return a.k === 'opt' && unify(p.inner, a.inner, b);
    case 'opaque':
      return (a.k === 'opaque' || a.k === 'record') && a.name === p.name;
    default:
      return p.k === a.k;
  }
}

function subst(t: CelType, b: Map<string, CelType>): CelType {
  switch (t.k) {
    case 'param':
      return b.get(t.name) ?? FREE;
    case 'list':
      return listOf(subst(t.elem, b));
    case 'map':
      return mapOf(subst(t.key, b), subst(t.val, b));
    case 'opt':
      return optOf(subst(t.inner, b));
    default:
      return t;
  }
}

function hintForMismatch(l: CelType, r: CelType): string | undefined {
  const kinds = new Set([l.k, r.k]);
  if (kinds.has('string') && (kinds.has('int') || kinds.has('double') || kinds.has('uint'))) return 'convert with string(x) or int(x) so both sides have the same type';
  if (l.k === 'opaque' && l.name === 'Quantity') return "compare quantities with a.compareTo(b) or a.isLessThan(b), e.g. device.capacity['d'].memory.compareTo(quantity('10Gi')) >= 0";
  return undefined;
}

/** The CEL type an `Object` literal field expects for a schema field at `path`. */
function expectedLiteralType(ref: SchemaTypeRef, path: readonly string[]): CelType {
  switch (ref.kind) {
    case 'object':
      return lookupType(ref.name) ? { k: 'apply', path, schema: ref.name } : DYN;
    case 'array':
      return listOf(expectedLiteralType(ref.items, path));
    case 'map':
      return mapOf(STRING, expectedLiteralType(ref.values, path));
    case 'number':
      return DYN; // int literals are accepted for number fields
    default:
      return fromSchema(ref);
  }
}
