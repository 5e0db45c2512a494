/**
 * The static (compile-time) cost estimate of a CEL expression, ported function by function from
 * cel-go v0.26 `checker/cost.go` (the `coster`), with the function estimators Kubernetes plugs in:
 * apiserver v0.36 `pkg/cel/library/cost.go` `CostEstimator.EstimateCallCost`, cel-go `ext/lists.go`
 * and `ext/sets.go` overload estimators, and the size estimators of the CRD rules
 * (apiextensions-apiserver `pkg/apiserver/schema/cel/compilation.go` `sizeEstimator`) and of DRA
 * selectors (dynamic-resource-allocation `cel/compile.go` `sizeEstimator`, `draCostEstimator`).
 *
 * cel-go estimates the macro-expanded AST; this parser keeps macros as calls, so {@link expand}
 * first rebuilds the comprehensions cel-go's macros produce (parser/macro.go, ext/comprehensions.go,
 * ext/bindings.go), then {@link Coster} walks them exactly as `coster.cost` does. Costs are uint64
 * (bigint here) that saturate at 2^64-1 as `addUint64NoOverflow` / `multiplyUint64NoOverflow` do.
 */
import { BOOL, CelType, DYN, INT, listOf, mapOf, STRING } from './celtypes';
import { celEscape } from './escaping';
import { FUNCTION_NAMESPACES } from './library';
import { Node } from './parser';

/** 2^64-1 */
export const MAX_U64 = 18446744073709551615n;
const TWO_TO_64_N = MAX_U64 + 1n;
const TWO_TO_64 = 2 ** 64;

/** cel-go common/cost.go */
const SELECT_AND_IDENT_COST = 1n;
const CONST_COST = 0n;
const LIST_CREATE_BASE_COST = 10n;
const MAP_CREATE_BASE_COST = 30n;
const STRUCT_CREATE_BASE_COST = 40n;
const STRING_TRAVERSAL_COST_FACTOR = 0.1;
const REGEX_STRING_LENGTH_COST_FACTOR = 0.25;

/** A [min, max] range: checker.SizeEstimate and checker.CostEstimate. */
export interface Est {
  readonly min: bigint;
  readonly max: bigint;
}

function addU(x: bigint, y: bigint): bigint {
  const s = x + y;
  return s > MAX_U64 ? MAX_U64 : s;
}
function mulU(x: bigint, y: bigint): bigint {
  const p = x * y;
  return p > MAX_U64 ? MAX_U64 : p;
}
/** cost.go multiplyByCostFactor: float64 arithmetic, rounded up, saturating. */
function factorU(x: bigint, f: number): bigint {
  const xf = Number(x);
  if (xf > 0 && f > 0 && xf > TWO_TO_64 / f) return MAX_U64;
  const c = Math.ceil(xf * f);
  if (c >= TWO_TO_64) return MAX_U64;
  return BigInt(c);
}
const fixed = (n: bigint | number): Est => ({ min: BigInt(n), max: BigInt(n) });
const add = (a: Est, b: Est): Est => ({ min: addU(a.min, b.min), max: addU(a.max, b.max) });
const mul = (a: Est, b: Est): Est => ({ min: mulU(a.min, b.min), max: mulU(a.max, b.max) });
const factor = (a: Est, f: number): Est => ({ min: factorU(a.min, f), max: factorU(a.max, f) });
const union = (a: Est, b: Est): Est => ({ min: b.min < a.min ? b.min : a.min, max: b.max > a.max ? b.max : a.max });
const UNKNOWN: Est = { min: 0n, max: MAX_U64 };
const ZERO: Est = fixed(0);

/** cel-go overload ids the estimator distinguishes (common/overloads). */
type OverloadTag =
  | 'index_list' | 'index_map' | 'in_list' | 'logical_and' | 'logical_or' | 'conditional'
  | 'add_string' | 'add_bytes' | 'add_list' | 'compare_string' | 'compare_bytes' | 'equals'
  | 'matches_string' | 'contains_string' | 'starts_with' | 'ends_with' | 'string_format'
  | 'string_to_bytes' | 'bytes_to_string' | 'strings_quote' | 'cidr_ip' | 'cidr_contains_ip_string'
  | 'cidr_contains_cidr_string' | 'other';

/** The macro-expanded expression cel-go estimates (common/ast Expr kinds). */
type X =
  | { k: 'lit'; size?: bigint; type: CelType; int?: bigint }
  | { k: 'ident'; name: string; type: CelType }
  | { k: 'select'; operand: X; field: string; testOnly: boolean; type: CelType }
  | { k: 'call'; fn: string; overloads: OverloadTag[]; target?: X; args: X[]; type: CelType }
  | { k: 'list'; elems: X[]; type: CelType }
  | { k: 'map'; entries: Array<[X, X]>; type: CelType }
  | { k: 'struct'; fields: X[]; type: CelType }
  | { k: 'comp'; range: X; iterVar: string; iterVar2?: string; accuVar: string; init: X; cond: X; step: X; result: X; type: CelType; bind?: boolean };

/** The size of a value reachable by a path from a variable (checker.CostEstimator.EstimateSize). */
export type SizeEstimator = (path: readonly string[], type: CelType) => Est | undefined;

/** cel-go parser.go HiddenAccumulatorName */
const ACCU = '@result';

const isKind = (t: CelType | undefined, ...k: string[]): boolean => t !== undefined && k.includes(t.k);

/** Rebuilds cel-go's macro-expanded AST from this parser's tree and the checker's types. */
class Expander {
  constructor(private readonly types: ReadonlyMap<Node, CelType>, private readonly vars: ReadonlySet<string>) {}

  private t(n: Node): CelType {
    return this.types.get(n) ?? DYN;
  }

  private accu(type: CelType): X {
    return { k: 'ident', name: ACCU, type };
  }

  public expand(n: Node, scope: ReadonlySet<string> = new Set()): X {
    const type = this.t(n);
    switch (n.t) {
      case 'lit': {
        let size: bigint | undefined;
        if (n.kind === 'string') size = BigInt([...String(n.value)].length);
        else if (n.kind === 'bytes') size = BigInt(String(n.value).length);
        else size = 1n;
        return { k: 'lit', size, type, ...(n.kind === 'int' && typeof n.value === 'number' ? { int: BigInt(Math.trunc(n.value)) } : {}) };
      }
      case 'id':
        return { k: 'ident', name: n.name, type };
      case 'sel':
        if (n.opt) {
          return { k: 'call', fn: '_?._', overloads: ['other'], args: [this.expand(n.operand, scope), { k: 'lit', size: BigInt([...n.field].length), type: STRING }], type };
        }
        return { k: 'select', operand: this.expand(n.operand, scope), field: n.field, testOnly: false, type };
      case 'idx': {
        const operand = this.expand(n.operand, scope);
        const index = this.expand(n.index, scope);
        if (n.opt) return { k: 'call', fn: '_[?_]', overloads: ['other'], args: [operand, index], type };
        const ot = this.t(n.operand);
        const overloads: OverloadTag[] = ot.k === 'list' ? ['index_list'] : ot.k === 'map' ? ['index_map'] : ot.k === 'dyn' ? ['index_list', 'index_map'] : ['other'];
        return { k: 'call', fn: '_[_]', overloads, args: [operand, index], type };
      }
      case 'unary':
        return { k: 'call', fn: n.op === '!' ? '!_' : '-_', overloads: ['other'], args: [this.expand(n.operand, scope)], type };
      case 'cond':
        return { k: 'call', fn: '_?_:_', overloads: ['conditional'], args: [this.expand(n.c, scope), this.expand(n.a, scope), this.expand(n.b, scope)], type };
      case 'binary':
        return this.binary(n.op, n.l, n.r, type, scope);
      case 'list':
        return { k: 'list', elems: n.elems.map((e) => this.expand(e.e, scope)), type };
      case 'map':
        return { k: 'map', entries: n.entries.map((e) => [this.expand(e.k, scope), this.expand(e.v, scope)] as [X, X]), type };
      case 'struct':
        return { k: 'struct', fields: n.fields.map((f) => this.expand(f.value, scope)), type };
      case 'call':
        return this.call(n, type, scope);
    }
  }

  private binary(op: string, l: Node, r: Node, type: CelType, scope: ReadonlySet<string>): X {
    const lt = this.t(l);
    const rt = this.t(r);
    const args = [this.expand(l, scope), this.expand(r, scope)];
    const call = (fn: string, overloads: OverloadTag[]): X => ({ k: 'call', fn, overloads, args, type });
    switch (op) {
      case '&&': return call('_&&_', ['logical_and']);
      case '||': return call('_||_', ['logical_or']);
      case '==': return call('_==_', ['equals']);
      case '!=': return call('_!=_', ['equals']);
      case 'in':
        return call('@in', rt.k === 'list' ? ['in_list'] : rt.k === 'dyn' ? ['in_list', 'other'] : ['other']);
      case '+': {
        // the overloads the checker keeps for the operand types (checker.go resolveOverload)
        const kinds = [lt.k, rt.k];
        const tags: OverloadTag[] = [];
        const may = (k: string): boolean => kinds.every((x) => x === k || x === 'dyn');
        if (may('string')) tags.push('add_string');
        if (may('bytes')) tags.push('add_bytes');
        if (may('list')) tags.push('add_list');
        if (tags.length === 0 || kinds.includes('dyn')) tags.push('other');
        return call('_+_', tags);
      }
      case '<': case '<=': case '>': case '>=': {
        const kinds = [lt.k, rt.k];
        const tags: OverloadTag[] = [];
        const may = (k: string): boolean => kinds.every((x) => x === k || x === 'dyn');
        if (may('string')) tags.push('compare_string');
        if (may('bytes')) tags.push('compare_bytes');
        if (tags.length === 0 || kinds.includes('dyn')) tags.push('other');
        return call(`_${op}_`, tags);
      }
      default:
        return call(`_${op}_`, ['other']);
    }
  }

  /** A namespaced global function (`sets.contains`, `cel.bind`, `ip.isCanonical`) written as a receiver call. */
  private qualified(n: Extract<Node, { t: 'call' }>, scope: ReadonlySet<string>): string | undefined {
    if (n.target && n.target.t === 'id' && FUNCTION_NAMESPACES.has(n.target.name) && !this.vars.has(n.target.name) && !scope.has(n.target.name)) {
      return `${n.target.name}.${n.fn}`;
    }
    return undefined;
  }

  private call(n: Extract<Node, { t: 'call' }>, type: CelType, scope: ReadonlySet<string>): X {
    const q = this.qualified(n, scope);
    if (q === 'cel.bind' && n.args.length === 3 && n.args[0].t === 'id') {
      // ext/bindings.go celBind: a comprehension over [] whose accumulator is the bound variable
      const name = n.args[0].name;
      const init = this.expand(n.args[1], scope);
      const inner = new Set([...scope, name]);
      return {
        k: 'comp',
        bind: true,
        range: { k: 'list', elems: [], type: listOf(DYN) },
        iterVar: '#unused',
        accuVar: name,
        init,
        cond: { k: 'lit', size: 1n, type: BOOL },
        step: { k: 'ident', name, type: this.t(n.args[1]) },
        result: this.expand(n.args[2], inner),
        type,
      };
    }
    if (!n.target && n.fn === 'has' && n.args.length === 1 && n.args[0].t === 'sel') {
      // parser/macro.go MakeHas: a presence test
      const s = n.args[0];
      return { k: 'select', operand: this.expand(s.operand, scope), field: s.field, testOnly: true, type: BOOL };
    }
    if (n.target && !q) {
      const m = this.macro(n, type, scope);
      if (m) return m;
    }
    const fn = q ?? n.fn;
    const target = n.target && !q ? this.expand(n.target, scope) : undefined;
    const args = n.args.map((a) => this.expand(a, scope));
    return { k: 'call', fn, overloads: this.overloads(fn, target ? this.t(n.target!) : undefined, n.args.map((a) => this.t(a))), ...(target ? { target } : {}), args, type };
  }

  /** The overload ids of a function call that cost.go treats specially. */
  private overloads(fn: string, target: CelType | undefined, args: CelType[]): OverloadTag[] {
    const a0 = args[0];
    switch (fn) {
      case 'matches': return target ? ['matches_string'] : ['other'];
      case 'contains': return target && isKind(target, 'string', 'dyn') ? ['contains_string'] : ['other'];
      case 'startsWith': return target ? ['starts_with'] : ['other'];
      case 'endsWith': return target ? ['ends_with'] : ['other'];
      case 'format': return target ? ['string_format'] : ['other'];
      case 'bytes': return !target && isKind(a0, 'string') ? ['string_to_bytes'] : ['other'];
      case 'string': return !target && isKind(a0, 'bytes') ? ['bytes_to_string'] : ['other'];
      case 'strings.quote': return ['strings_quote'];
      case 'ip': return target && isKind(target, 'opaque') ? ['cidr_ip'] : ['other'];
      case 'containsIP': return isKind(a0, 'string') ? ['cidr_contains_ip_string'] : ['other'];
      case 'containsCIDR': return isKind(a0, 'string') ? ['cidr_contains_cidr_string'] : ['other'];
      default: return ['other'];
    }
  }

  /** The comprehension cel-go's receiver macros expand to (parser/macro.go, ext/comprehensions.go). */
  private macro(n: Extract<Node, { t: 'call' }>, type: CelType, scope: ReadonlySet<string>): X | undefined {
    const fn = n.fn;
    const args = n.args;
    const two = ['all', 'exists', 'exists_one', 'existsOne'].includes(fn) ? args.length === 3 : fn.startsWith('transform');
    const vars = two ? 2 : 1;
    const quantifier = ['all', 'exists', 'exists_one', 'existsOne'].includes(fn);
    const known = quantifier || ['map', 'filter', 'transformList', 'transformMap', 'transformMapEntry', 'optMap', 'optFlatMap', 'sortBy'].includes(fn);
    if (!known || args.length < vars + 1 || args.slice(0, vars).some((a) => a.t !== 'id')) return undefined;
    const names = args.slice(0, vars).map((a) => (a as { name: string }).name);
    const inner = new Set([...scope, ...names]);
    const body = args.slice(vars).map((a) => this.expand(a, inner));
    const range = this.expand(n.target!, scope);
    const rangeType = this.t(n.target!);
    const lit = (t: CelType, size = 1n): X => ({ k: 'lit', size, type: t });
    const callX = (f: string, overloads: OverloadTag[], xs: X[], t: CelType): X => ({ k: 'call', fn: f, overloads, args: xs, type: t });
    const comp = (init: X, cond: X, step: X, result: X): X => ({
      k: 'comp', range, iterVar: names[0], ...(vars === 2 ? { iterVar2: names[1] } : {}), accuVar: ACCU, init, cond, step, result, type,
    });
    const listAccu = this.accu(type.k === 'list' ? type : listOf(DYN));
    switch (fn) {
      case 'all':
        return comp(lit(BOOL), callX('@not_strictly_false', ['other'], [this.accu(BOOL)], BOOL),
          callX('_&&_', ['logical_and'], [this.accu(BOOL), body[0]], BOOL), this.accu(BOOL));
      case 'exists':
        return comp(lit(BOOL), callX('@not_strictly_false', ['other'], [callX('!_', ['other'], [this.accu(BOOL)], BOOL)], BOOL),
          callX('_||_', ['logical_or'], [this.accu(BOOL), body[0]], BOOL), this.accu(BOOL));
      case 'exists_one':
      case 'existsOne':
        return comp(lit(INT), lit(BOOL),
          callX('_?_:_', ['conditional'], [body[0], callX('_+_', ['other'], [this.accu(INT), lit(INT)], INT), this.accu(INT)], INT),
          callX('_==_', ['equals'], [this.accu(INT), lit(INT)], BOOL));
      case 'map':
      case 'filter':
      case 'transformList': {
        const filter = fn === 'filter' ? body[0] : body.length === 2 ? body[0] : undefined;
        const elem: X = fn === 'filter' ? { k: 'ident', name: names[0], type: this.t(args[0]) } : body[body.length - 1];
        let step = callX('_+_', ['add_list'], [listAccu, { k: 'list', elems: [elem], type: listOf(DYN) }], listAccu.type);
        if (filter) step = callX('_?_:_', ['conditional'], [filter, step, listAccu], listAccu.type);
        return comp({ k: 'list', elems: [], type: listOf(DYN) }, lit(BOOL), step, listAccu);
      }
      case 'transformMap':
      case 'transformMapEntry': {
        const filter = body.length === 2 ? body[0] : undefined;
        const mapAccu = this.accu(type.k === 'map' ? type : mapOf(DYN, DYN));
        const insertArgs = fn === 'transformMap' ? [mapAccu, { k: 'ident', name: names[0], type: DYN } as X, body[body.length - 1]] : [mapAccu, body[body.length - 1]];
        let step = callX('cel.@mapInsert', ['other'], insertArgs, mapAccu.type);
        if (filter) step = callX('_?_:_', ['conditional'], [filter, step, mapAccu], mapAccu.type);
        return comp({ k: 'map', entries: [], type: mapOf(DYN, DYN) }, lit(BOOL), step, mapAccu);
      }
      case 'optMap':
      case 'optFlatMap': {
        // cel-go cel/macro.go: target.hasValue() ? optional.of(cel.bind(v, target.value(), expr)) : optional.none()
        const inner2 = rangeType.k === 'opt' ? rangeType.inner : DYN;
        const value = { k: 'call', fn: 'value', overloads: ['other'], target: range, args: [], type: inner2 } as X;
        const bound: X = { k: 'comp', bind: true, range: { k: 'list', elems: [], type: listOf(DYN) }, iterVar: '#unused', accuVar: names[0], init: value, cond: lit(BOOL), step: { k: 'ident', name: names[0], type: inner2 }, result: body[0], type: body[0].type };
        const some = fn === 'optMap' ? callX('optional.of', ['other'], [bound], type) : bound;
        return callX('_?_:_', ['conditional'], [{ k: 'call', fn: 'hasValue', overloads: ['other'], target: range, args: [], type: BOOL }, some, callX('optional.none', ['other'], [], type)], type);
      }
      default: {
        // ext/lists.go sortByMacro: the list sorted by keys computed with map(); estimated as that map() plus the sort
        const keys = comp({ k: 'list', elems: [], type: listOf(DYN) }, lit(BOOL),
          callX('_+_', ['add_list'], [listAccu, { k: 'list', elems: [body[0]], type: listOf(DYN) }], listAccu.type), listAccu);
        return { k: 'call', fn: '@sortByAssociatedKeys', overloads: ['other'], target: range, args: [keys], type };
      }
    }
  }
}

interface LocalVar {
  readonly path: readonly string[] | undefined;
  readonly size: Est | undefined;
  readonly entry: Entry | undefined;
}
interface Entry {
  readonly container: 'list' | 'map';
  readonly key: Est;
  readonly val: Est;
}
function unionEntry(a: Entry | undefined, b: Entry | undefined): Entry | undefined {
  if (!a || !b) return undefined;
  return { container: a.container, key: union(a.key, b.key), val: union(a.val, b.val) };
}

/** checker.CallEstimate */
interface CallEstimate {
  readonly cost: Est;
  readonly resultSize?: Est;
}

/** A node as the function estimators see it (checker.AstNode). */
interface AstNode {
  readonly path: readonly string[] | undefined;
  readonly type: CelType;
  readonly expr: X | undefined;
  readonly computed: Est | undefined;
}

/** cost.go isScalar */
function isScalar(t: CelType): boolean {
  if (['bool', 'double', 'duration', 'int', 'timestamp', 'uint'].includes(t.k)) return true;
  return t.k === 'opt' && isScalar(t.inner);
}

/** cel-go checker/cost.go coster. */
class Coster {
  private readonly paths = new Map<X, readonly string[]>();
  private readonly sizes = new Map<X, Est>();
  private readonly entries = new Map<X, Entry>();
  private readonly locals = new Map<string, LocalVar[]>();

  constructor(private readonly sizeOf: SizeEstimator, private readonly presenceTestCost: Est, private readonly dra: boolean) {}

  public cost(e: X): Est {
    switch (e.k) {
      case 'lit': return fixed(CONST_COST);
      case 'ident': return this.costIdent(e);
      case 'select': return this.costSelect(e);
      case 'call': return this.costCall(e);
      case 'list': return this.costCreateList(e);
      case 'map': return this.costCreateMap(e);
      case 'struct': return this.costCreateStruct(e);
      case 'comp': return e.bind ? this.costBind(e) : this.costComprehension(e);
    }
  }

  private peek(name: string): LocalVar | undefined {
    const s = this.locals.get(name);
    return s && s.length ? s[s.length - 1] : undefined;
  }
  private push(name: string, v: LocalVar): void {
    const s = this.locals.get(name);
    if (s) s.push(v);
    else this.locals.set(name, [v]);
  }
  private pop(name: string): void {
    this.locals.get(name)?.pop();
  }

  private getPath(e: X): readonly string[] | undefined {
    if (e.k === 'ident') {
      const v = this.peek(e.name);
      if (v) return v.path;
    }
    return this.paths.get(e);
  }

  private costIdent(e: Extract<X, { k: 'ident' }>): Est {
    const v = this.peek(e.name);
    this.paths.set(e, v ? (v.path ?? []) : [e.name]);
    return fixed(SELECT_AND_IDENT_COST);
  }

  private costSelect(e: Extract<X, { k: 'select' }>): Est {
    if (e.testOnly) return add(this.presenceTestCost, this.cost(e.operand));
    let sum = this.cost(e.operand);
    // MapKind, StructKind, TypeParamKind: Kubernetes objects are structs; dyn costs nothing here
    if (isKind(e.operand.type, 'map', 'record', 'object', 'param')) sum = add(sum, fixed(SELECT_AND_IDENT_COST));
    this.paths.set(e, [...(this.getPath(e.operand) ?? []), e.field]);
    return sum;
  }

  private costCall(e: Extract<X, { k: 'call' }>): Est {
    if (e.fn === 'dyn' && !e.target && e.args.length === 1) {
      // maybeUnwrapDynCall
      const argCost = this.cost(e.args[0]);
      this.copySizes(e, e.args[0]);
      return add(fixed(1), argCost);
    }
    const argCosts = e.args.map((a) => this.cost(a));
    const argNodes = e.args.map((a) => this.node(a));
    let sum = ZERO;
    let target: AstNode | undefined;
    if (e.target) {
      sum = add(sum, this.cost(e.target));
      target = this.node(e.target);
    }
    let fnCost: Est = { min: MAX_U64, max: 0n };
    let resultSize: Est | undefined;
    for (const overload of e.overloads) {
      const oc = this.functionCost(e, e.fn, overload, target, argNodes, argCosts);
      fnCost = union(fnCost, oc.cost);
      if (oc.resultSize) resultSize = resultSize ? union(resultSize, oc.resultSize) : oc.resultSize;
      if (overload === 'index_list' && e.args.length > 0) {
        resultSize = this.entrySize(e.args[0])?.val;
        this.paths.set(e, [...(this.getPath(e.args[0]) ?? []), '@items']);
      } else if (overload === 'index_map' && e.args.length > 0) {
        resultSize = this.entrySize(e.args[0])?.val;
        this.paths.set(e, [...(this.getPath(e.args[0]) ?? []), '@values']);
      }
      if (!resultSize) resultSize = this.computeSize(e);
    }
    if (resultSize) this.sizes.set(e, resultSize);
    return add(sum, fnCost);
  }

  private costCreateList(e: Extract<X, { k: 'list' }>): Est {
    let sum = ZERO;
    let item: Est = { min: e.elems.length === 0 ? 0n : MAX_U64, max: 0n };
    for (const x of e.elems) {
      sum = add(sum, this.cost(x));
      item = union(item, this.sizeOrUnknown(x));
    }
    this.entries.set(e, { container: 'list', key: fixed(1), val: item });
    return add(sum, fixed(LIST_CREATE_BASE_COST));
  }

  private costCreateMap(e: Extract<X, { k: 'map' }>): Est {
    let sum = ZERO;
    const empty = e.entries.length === 0;
    let key: Est = { min: empty ? 0n : MAX_U64, max: 0n };
    let val: Est = { min: empty ? 0n : MAX_U64, max: 0n };
    for (const [k, v] of e.entries) {
      sum = add(sum, this.cost(k));
      sum = add(sum, this.cost(v));
      key = union(key, this.sizeOrUnknown(k));
      val = union(val, this.sizeOrUnknown(v));
    }
    this.entries.set(e, { container: 'map', key, val });
    return add(sum, fixed(MAP_CREATE_BASE_COST));
  }

  private costCreateStruct(e: Extract<X, { k: 'struct' }>): Est {
    let sum = ZERO;
    for (const f of e.fields) sum = add(sum, this.cost(f));
    return add(sum, fixed(STRUCT_CREATE_BASE_COST));
  }

  private container(range: X): 'list' | 'map' | undefined {
    const c = this.entrySize(range)?.container;
    if (c) return c;
    return range.type.k === 'list' ? 'list' : range.type.k === 'map' ? 'map' : undefined;
  }

  private costComprehension(e: Extract<X, { k: 'comp' }>): Est {
    let sum = add(this.cost(e.range), this.cost(e.init));
    this.pushLocal(e.accuVar, e.init);
    const entry = this.entrySize(e.range);
    const rangePath = this.getPath(e.range) ?? [];
    const isList = this.container(e.range) === 'list';
    if (e.iterVar2 !== undefined) {
      // pushIterKey / pushIterValue
      this.push(e.iterVar, { path: [...rangePath, isList ? '@indices' : '@keys'], size: entry?.key, entry: undefined });
      this.push(e.iterVar2, { path: [...rangePath, isList ? '@items' : '@values'], size: entry?.val, entry: undefined });
    } else {
      // pushIterSingle
      this.push(e.iterVar, { path: [...rangePath, isList ? '@items' : '@keys'], size: isList ? entry?.val : entry?.key, entry: undefined });
    }
    const loopCost = this.cost(e.cond);
    const stepCost = this.cost(e.step);
    this.pop(e.iterVar);
    if (e.iterVar2 !== undefined) this.pop(e.iterVar2);
    sum = add(sum, this.cost(e.result));
    this.pop(e.accuVar);
    const rangeCnt = this.sizeOrUnknown(e.range);
    sum = add(sum, mul(rangeCnt, add(stepCost, loopCost)));
    if (e.init.k === 'lit') {
      const s = this.computeSize(e.init);
      if (s) this.sizes.set(e, s);
    } else if (e.init.k === 'list' || e.init.k === 'map') {
      this.sizes.set(e, rangeCnt);
      const stepEntry = this.entrySize(e.step);
      if (stepEntry) this.entries.set(e, stepEntry);
    }
    return sum;
  }

  private costBind(e: Extract<X, { k: 'comp' }>): Est {
    let sum = add(this.cost(e.range), this.cost(e.init));
    this.pushLocal(e.accuVar, e.init);
    sum = add(sum, this.cost(e.result));
    this.pop(e.accuVar);
    this.copySizes(e, e.result);
    return sum;
  }

  private pushLocal(name: string, init: X): void {
    this.push(name, { path: this.getPath(init), size: this.computeSize(init), entry: this.entrySize(init) });
  }

  private node(e: X): AstNode {
    let path = this.getPath(e);
    if (path && path.length > 0 && path[0] === ACCU) path = undefined;
    return { path, type: e.type, expr: e, computed: this.computeSize(e) };
  }

  private sizeOrUnknown(x: X | AstNode): Est {
    const s = 'k' in x ? this.computeSize(x) : x.computed;
    return s ?? UNKNOWN;
  }

  private copySizes(dst: X, src: X): void {
    const s = this.computeSize(src);
    if (s) this.sizes.set(dst, s);
    const en = this.entrySize(src);
    if (en) this.entries.set(dst, en);
  }

  private computeSize(e: X): Est | undefined {
    const hit = this.sizes.get(e);
    if (hit) return hit;
    if (e.k === 'lit' && e.size !== undefined) return fixed(e.size);
    if (e.k === 'list') return fixed(e.elems.length);
    if (e.k === 'map') return fixed(e.entries.length);
    const path = this.getPath(e) ?? [];
    const est = path.length > 0 ? this.sizeOf(path, e.type) : undefined;
    if (est) {
      this.sizes.set(e, est);
      return est;
    }
    if (isScalar(e.type)) return fixed(1);
    if (e.k === 'ident') {
      const v = this.peek(e.name);
      if (v && v.size) return v.size;
    }
    return undefined;
  }

  private entrySize(e: X): Entry | undefined {
    const hit = this.entries.get(e);
    if (hit) return hit;
    if (e.k === 'ident') return this.peek(e.name)?.entry;
    return undefined;
  }

  /** library/cost.go sizeEstimate */
  private libSize(n: AstNode): Est {
    if (n.computed) return n.computed;
    const s = n.path && n.path.length > 0 ? this.sizeOf(n.path, n.type) : undefined;
    return s ?? UNKNOWN;
  }

  /** library/cost.go listElementNode */
  private listElement(list: AstNode): AstNode | undefined {
    if (list.type.k !== 'list') return undefined;
    return { path: list.path ? [...list.path, '@items'] : undefined, type: list.type.elem, expr: undefined, computed: undefined };
  }

  private functionCost(e: Extract<X, { k: 'call' }>, fn: string, overload: OverloadTag, target: AstNode | undefined, args: AstNode[], argCosts: Est[]): CallEstimate {
    let argSum = ZERO;
    for (const a of argCosts) argSum = add(argSum, a);
    const over = this.overloadEstimate(fn, target, args);
    if (over) return { cost: add(over.cost, argSum), ...(over.resultSize ? { resultSize: over.resultSize } : {}) };
    const lib = this.libraryEstimate(fn, overload, target, args);
    if (lib) return { cost: add(lib.cost, argSum), ...(lib.resultSize ? { resultSize: lib.resultSize } : {}) };
    const size = (n: AstNode): Est => this.sizeOrUnknown(n);
    switch (overload) {
      case 'string_format':
        if (target) return { cost: add(factor(size(target), STRING_TRAVERSAL_COST_FACTOR), argSum) };
        break;
      case 'string_to_bytes':
        if (args.length === 1) {
          const sz = size(args[0]);
          return { cost: add(factor(sz, STRING_TRAVERSAL_COST_FACTOR), argSum), resultSize: { min: sz.min, max: mulU(sz.max, 4n) } };
        }
        break;
      case 'bytes_to_string':
        if (args.length === 1) {
          const sz = size(args[0]);
          return { cost: add(factor(sz, STRING_TRAVERSAL_COST_FACTOR), argSum), resultSize: { min: sz.min / 4n, max: sz.max } };
        }
        break;
      case 'strings_quote':
        if (args.length === 1) {
          const sz = size(args[0]);
          const resultSize = { min: addU(sz.min, 2n), max: addU(mulU(sz.max, 2n), 2n) };
          return { cost: add(factor(sz, STRING_TRAVERSAL_COST_FACTOR), argSum), resultSize };
        }
        break;
      case 'starts_with':
      case 'ends_with':
        if (args.length === 1) return { cost: add(factor(size(args[0]), STRING_TRAVERSAL_COST_FACTOR), argSum) };
        break;
      case 'in_list':
        if (args.length === 2) return { cost: add(factor(size(args[1]), 1), argSum) };
        break;
      case 'matches_string':
        if (target && args.length === 1) {
          const strCost = factor(add(size(target), fixed(1)), STRING_TRAVERSAL_COST_FACTOR);
          const regexCost = factor(size(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: add(mul(strCost, regexCost), argSum) };
        }
        break;
      case 'contains_string':
        if (target && args.length === 1) {
          return { cost: add(mul(factor(size(target), STRING_TRAVERSAL_COST_FACTOR), factor(size(args[0]), STRING_TRAVERSAL_COST_FACTOR)), argSum) };
        }
        break;
      case 'logical_and':
      case 'logical_or': {
        const [l, r] = argCosts;
        return { cost: { min: l.min, max: add(l, r).max } };
      }
      case 'conditional': {
        const sz = union(size(args[1]), size(args[2]));
        const en = unionEntry(this.entrySize(args[1].expr!), this.entrySize(args[2].expr!));
        if (en) this.entries.set(e, en);
        return { cost: add(argCosts[0], union(argCosts[1], argCosts[2])), resultSize: sz };
      }
      case 'add_string':
      case 'add_bytes':
      case 'add_list':
        if (args.length === 2) {
          const resultSize = add(size(args[0]), size(args[1]));
          const en = unionEntry(this.entrySize(args[0].expr!), this.entrySize(args[1].expr!));
          if (en) this.entries.set(e, en);
          if (overload === 'add_list') return { cost: add(fixed(1), argSum), resultSize };
          return { cost: add(factor(resultSize, STRING_TRAVERSAL_COST_FACTOR), argSum), resultSize };
        }
        break;
      case 'compare_string':
      case 'compare_bytes':
      case 'equals': {
        const l = size(args[0]);
        const r = size(args[1]);
        const smallestMax = r.max < l.max ? r.max : l.max;
        const c = factor({ min: smallestMax > 0n ? 1n : 0n, max: smallestMax }, STRING_TRAVERSAL_COST_FACTOR);
        return { cost: add(c, argSum) };
      }
      default:
        break;
    }
    return { cost: add(fixed(1), argSum) };
  }

  /** cel-go ext/lists.go and ext/sets.go OverloadCostEstimate (consulted first, cost.go functionCost). */
  private overloadEstimate(fn: string, target: AstNode | undefined, args: AstNode[]): CallEstimate | undefined {
    const callCost = fixed(1);
    const allocating = (f: number, listSize: Est): { cost: Est; resultSize: Est } => ({
      cost: add(add(factor(listSize, f), callCost), fixed(LIST_CREATE_BASE_COST)), resultSize: listSize,
    });
    const intLit = (n: AstNode, dflt: bigint): bigint => (n.expr && n.expr.k === 'lit' && n.expr.int !== undefined ? n.expr.int : dflt);
    switch (fn) {
      case 'sets.contains':
      case 'sets.intersects':
      case 'sets.equivalent':
        if (args.length !== 2) return undefined;
        return { cost: add(factor(mul(this.libSize(args[0]), this.libSize(args[1])), fn === 'sets.equivalent' ? 2 : 1), callCost) };
      case 'slice':
        if (!target || args.length !== 2 || target.type.k !== 'list') return undefined;
        {
          const sz = this.libSize(target);
          const start = intLit(args[0], 0n);
          const end = intLit(args[1], sz.max);
          const d = end - start;
          // uint64 subtraction wraps around (ext/lists.go end-start)
          return allocating(1, fixed(d < 0n ? d + TWO_TO_64_N : d));
        }
      case 'lists.range':
        if (target || args.length !== 1) return undefined;
        return allocating(1, fixed(intLit(args[0], MAX_U64)));
      case 'reverse':
        if (!target || args.length !== 0 || target.type.k !== 'list') return undefined;
        return allocating(1, this.libSize(target));
      case 'flatten':
        if (!target || args.length > 1) return undefined;
        return allocating(Number(args.length === 1 ? intLit(args[0], MAX_U64) : 1n), this.libSize(target));
      case 'distinct':
        if (!target || args.length !== 0) return undefined;
        {
          const sz = this.libSize(target);
          return allocating(2, mul(sz, sz));
        }
      case 'sort':
      case '@sortByAssociatedKeys': {
        if (!target) return undefined;
        const node = fn === 'sort' ? target : args[0];
        if (!node) return undefined;
        const elem = node.type.k === 'list' ? node.type.elem : DYN;
        const sz = this.libSize(node);
        return allocating(2 + (elem.k === 'string' || elem.k === 'bytes' ? STRING_TRAVERSAL_COST_FACTOR : 0), mul(sz, sz));
      }
      default:
        return undefined;
    }
  }

  /** apiserver pkg/cel/library/cost.go CostEstimator.EstimateCallCost (and DRA's draCostEstimator for includes). */
  private libraryEstimate(fn: string, overload: OverloadTag, target: AstNode | undefined, args: AstNode[]): CallEstimate | undefined {
    const size = (n: AstNode): Est => this.libSize(n);
    const one = { cost: fixed(1) };
    if (this.dra && fn === 'includes' && target) return { cost: mul({ min: 0n, max: 48n }, fixed(1)) };
    switch (fn) {
      case 'check':
        return { cost: fixed(350000) };
      case 'serviceAccount': case 'path': case 'group': case 'resource': case 'subresource': case 'namespace': case 'name':
      case 'allowed': case 'reason': case 'error': case 'errored':
        return one;
      case 'fieldSelector':
      case 'labelSelector':
        if (args.length === 1) {
          // library/cost.go selectorCostEstimate
          const len = size(args[0]);
          const parse = factor(len, STRING_TRAVERSAL_COST_FACTOR);
          const requirements = factor(factor(len, 0.5), 10 + 40);
          return { cost: add(add(fixed(10), parse), requirements) };
        }
        return undefined;
      case 'isSorted': case 'sum': case 'max': case 'min': case 'indexOf': case 'lastIndexOf':
        if (target) {
          const el = this.listElement(target);
          if (el) {
            let elCost = fixed(1);
            if (el.type.k === 'string' || el.type.k === 'bytes') elCost = add(elCost, factor(size(el), STRING_TRAVERSAL_COST_FACTOR));
            return { cost: mul(size(target), elCost) };
          }
          return { cost: factor(size(target), STRING_TRAVERSAL_COST_FACTOR) };
        }
        return undefined;
      case 'url':
      case 'jsonpatch.escapeKey':
        if (args.length === 1) {
          const sz = size(args[0]);
          return { cost: factor(sz, STRING_TRAVERSAL_COST_FACTOR), resultSize: sz };
        }
        return undefined;
      case 'lowerAscii': case 'upperAscii': case 'substring': case 'trim':
        if (target) {
          const sz = size(target);
          return { cost: factor(sz, STRING_TRAVERSAL_COST_FACTOR), resultSize: sz };
        }
        return undefined;
      case 'replace':
        if (target && args.length >= 2) {
          const resultSize = replaceSize(size(target), size(args[0]), size(args[1]));
          return { cost: factor(size(target), 2 * STRING_TRAVERSAL_COST_FACTOR), resultSize };
        }
        return undefined;
      case 'split':
        if (target) {
          const sz = size(target);
          let max = sz.max;
          if (args.length > 1) {
            const a = args[1].expr;
            if (a && a.k === 'lit' && a.int !== undefined) max = a.int < 0n ? MAX_U64 : a.int;
          }
          return { cost: factor(sz, 2 * STRING_TRAVERSAL_COST_FACTOR), resultSize: { min: 0n, max } };
        }
        return undefined;
      case 'join':
        if (target) {
          let sz: Est = ZERO;
          const listSize = size(target);
          const el = this.listElement(target);
          if (el) sz = mul(listSize, size(el));
          if (args.length > 0) {
            const sep = size(args[0]);
            sz = add(sz, mul(sep, { min: listSize.min > 0n ? listSize.min - 1n : 0n, max: listSize.max > 0n ? listSize.max - 1n : 0n }));
          }
          return { cost: factor(sz, STRING_TRAVERSAL_COST_FACTOR), resultSize: sz };
        }
        return undefined;
      case 'find':
      case 'findAll':
        if (target && args.length >= 1) {
          const sz = size(target);
          const strCost = factor(add(sz, fixed(1)), STRING_TRAVERSAL_COST_FACTOR);
          const regexCost = factor(size(args[0]), REGEX_STRING_LENGTH_COST_FACTOR);
          return { cost: mul(strCost, regexCost), resultSize: { min: 0n, max: sz.max } };
        }
        return undefined;
      case 'cidr': case 'isIP': case 'isCIDR': case 'quantity': case 'isQuantity': case 'semver': case 'isSemver':
        if (args.length >= 1) return { cost: factor(size(args[0]), STRING_TRAVERSAL_COST_FACTOR) };
        return undefined;
      case 'ip':
        if (overload === 'cidr_ip') return one;
        if (args.length >= 1) return { cost: factor(size(args[0]), STRING_TRAVERSAL_COST_FACTOR) };
        return undefined;
      case 'ip.isCanonical':
        if (args.length >= 1) return { cost: factor(size(args[0]), 2 * STRING_TRAVERSAL_COST_FACTOR) };
        return undefined;
      case 'masked': case 'prefixLength': case 'family': case 'isUnspecified': case 'isLoopback': case 'isLinkLocalMulticast':
      case 'isLinkLocalUnicast': case 'isGlobalUnicast':
        return one;
      case 'containsIP':
      case 'containsCIDR':
        if (args.length >= 1) {
          const sz: Est = { min: 4n, max: 16n };
          let c = factor(add(sz, sz), STRING_TRAVERSAL_COST_FACTOR);
          if (fn === 'containsCIDR') c = add(add(c, factor(sz, STRING_TRAVERSAL_COST_FACTOR)), fixed(1));
          if (overload === 'cidr_contains_ip_string' || overload === 'cidr_contains_cidr_string') c = add(c, factor(size(args[0]), STRING_TRAVERSAL_COST_FACTOR));
          return { cost: c };
        }
        return undefined;
      case 'validate':
        if (args.length >= 1) return { cost: factor(factor(size(args[0]), STRING_TRAVERSAL_COST_FACTOR), 128 * REGEX_STRING_LENGTH_COST_FACTOR) };
        return undefined;
      case 'format.named':
      case 'sign': case 'asInteger': case 'isInteger': case 'asApproximateFloat': case 'isGreaterThan': case 'isLessThan': case 'compareTo':
      case 'add': case 'sub': case 'major': case 'minor': case 'patch':
      case 'getScheme': case 'getHostname': case 'getHost': case 'getPort': case 'getEscapedPath': case 'getQuery':
        return one;
      case '_==_':
        if (args.length === 2) {
          const l = args[0].type;
          const r = args[1].type;
          if (l.k === 'opaque' && r.k === 'opaque' && l.name === r.name) {
            if (l.name === 'kubernetes.NamedFormat') return { cost: factor({ min: 1n, max: 64n }, STRING_TRAVERSAL_COST_FACTOR) };
            if (l.name === 'kubernetes.URL') {
              // library/cost.go reads the right-hand size twice (upstream quirk, kept)
              const rs = args[1].computed;
              const s = rs ? union(rs, rs) : fixed(1);
              return { cost: factor({ min: 1n, max: s.max }, STRING_TRAVERSAL_COST_FACTOR) };
            }
            return one;
          }
        }
        return undefined;
      default:
        return undefined;
    }
  }
}

/** library/cost.go replace: the size of the result. */
function replaceSize(sz: Est, toReplace: Est, replaceWith: Est): Est {
  let countMax: bigint;
  let countMin: bigint;
  let retMax = 0n;
  let retMin = 0n;
  if (toReplace.min === 0n) {
    countMax = sz.max < MAX_U64 ? sz.max + 1n : sz.max;
    retMax = sz.max;
  } else if (replaceWith.max <= toReplace.min) {
    countMax = 0n;
    retMax = sz.max;
  } else {
    countMax = BigInt(Math.ceil(Number(sz.max) / Number(toReplace.min)));
  }
  if (toReplace.max === 0n) {
    countMin = sz.min < MAX_U64 ? sz.min + 1n : sz.min;
    retMin = sz.min;
  } else if (toReplace.max <= replaceWith.min) {
    countMin = 0n;
    retMin = sz.min;
  } else {
    countMin = BigInt(Math.ceil(Number(sz.min) / Number(toReplace.max)));
  }
  return add(mul({ min: countMin, max: countMax }, replaceWith), { min: retMin, max: retMax });
}

/** Options of {@link estimateCost}. */
export interface EstimateOptions {
  /** Size of values reached from variables (the environment's size estimator). */
  readonly sizes: SizeEstimator;
  /** Variables the environment declares (a namespace name that is a variable is not a namespace). */
  readonly variables: ReadonlySet<string>;
  /** apiserver base.go `PresenceTestHasCost(false)`: has() costs nothing in Kubernetes. */
  readonly presenceTestCost?: bigint;
  /** DRA selectors: `includes` has draCostEstimator's estimate. */
  readonly dra?: boolean;
}

/**
 * cel-go `checker.Cost` on a parsed and type-checked expression: the [min, max] estimate. `types`
 * are the checker's types of the nodes.
 */
export function estimateCost(root: Node, types: ReadonlyMap<Node, CelType>, options: EstimateOptions): Est {
  const x = new Expander(types, options.variables).expand(root);
  return new Coster(options.sizes, fixed(options.presenceTestCost ?? 0n), options.dra === true).cost(x);
}

// ---------------------------------------------------------------------------------------------
// Size estimators

/** apiserver pkg/apis/cel config.go MaxRequestSizeBytes */
const MAX_REQUEST_SIZE_BYTES = 3n * 1024n * 1024n;

/** The parts of apiserver `DeclType` the size estimator reads. */
export interface DeclSize {
  readonly maxElements: bigint;
  readonly minSerializedSize: bigint;
  readonly fields?: ReadonlyMap<string, DeclSize>;
  readonly elem?: DeclSize;
  readonly key?: DeclSize;
}

function isRec(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}
const zeroIfNegative = (v: number): bigint => (v < 0 ? 0n : BigInt(Math.trunc(v)));
const simple = (minSize: number | bigint, maxElements: bigint = 0n): DeclSize => ({ maxElements, minSerializedSize: BigInt(minSize) });
/** apiserver pkg/cel/types.go StringType (the map key type: MaxElements 0) */
const STRING_DECL = simple(2);

/** apiserver pkg/cel/common/schemas.go WithTypeAndObjectMeta */
function withTypeAndObjectMeta(s: Record<string, any>): Record<string, any> {
  const p = isRec(s.properties) ? s.properties : {};
  const isType = (x: unknown, t: string): boolean => isRec(x) && x.type === t;
  if (isType(p.kind, 'string') && isType(p.apiVersion, 'string') && isType(p.metadata, 'object') && isRec(p.metadata.properties)
    && isType(p.metadata.properties.name, 'string') && isType(p.metadata.properties.generateName, 'string')) return s;
  return {
    ...s,
    properties: {
      ...p,
      kind: { type: 'string' },
      apiVersion: { type: 'string' },
      metadata: { type: 'object', properties: { name: { type: 'string' }, generateName: { type: 'string' } } },
    },
  };
}

/** schemas.go estimateMaxStringLengthPerRequest */
function maxStringLengthPerRequest(s: Record<string, any>): bigint {
  if (s['x-kubernetes-int-or-string'] === true) return MAX_REQUEST_SIZE_BYTES - 2n;
  switch (s.format) {
    case 'duration': return 32n;
    case 'date': return 12n;
    case 'date-time': return 32n;
    default: return MAX_REQUEST_SIZE_BYTES - 2n;
  }
}

/**
 * apiserver v0.36 pkg/cel/common/schemas.go SchemaDeclType: the maximum sizes (maxLength × 4 bytes,
 * maxItems, maxProperties, or what fits in a 3 MiB request given the minimum serialized size of
 * the elements) and minimum serialized sizes of a structural schema. Undefined where SchemaDeclType
 * returns nil.
 */
export function schemaDeclSize(s: unknown, isResourceRoot: boolean, depth = 0): DeclSize | undefined {
  if (!isRec(s) || depth > 64) return undefined;
  if (s['x-kubernetes-int-or-string'] === true) {
    return simple(1, typeof s.maxLength === 'number' ? zeroIfNegative(s.maxLength) * 4n : maxStringLengthPerRequest(s));
  }
  const sch = isResourceRoot ? withTypeAndObjectMeta(s) : s;
  switch (sch.type) {
    case 'array': {
      if (!isRec(sch.items)) return undefined;
      const items = schemaDeclSize(sch.items, sch.items['x-kubernetes-embedded-resource'] === true, depth + 1);
      if (!items) return undefined;
      const max = typeof sch.maxItems === 'number' ? zeroIfNegative(sch.maxItems) : (MAX_REQUEST_SIZE_BYTES - 2n) / (items.minSerializedSize + 1n);
      return { maxElements: max, minSerializedSize: 2n, elem: items };
    }
    case 'object': {
      if (isRec(sch.additionalProperties)) {
        const props = schemaDeclSize(sch.additionalProperties, sch.additionalProperties['x-kubernetes-embedded-resource'] === true, depth + 1);
        if (!props) return undefined;
        const max = typeof sch.maxProperties === 'number' ? zeroIfNegative(sch.maxProperties) : (MAX_REQUEST_SIZE_BYTES - 2n) / (props.minSerializedSize + 6n);
        return { maxElements: max, minSerializedSize: 2n, elem: props, key: STRING_DECL };
      }
      const fields = new Map<string, DeclSize>();
      const required = new Set(Array.isArray(sch.required) ? sch.required : []);
      let minSize = 2n;
      if (isRec(sch.properties)) {
        for (const [name, prop] of Object.entries(sch.properties)) {
          const f = schemaDeclSize(prop, isRec(prop) && prop['x-kubernetes-embedded-resource'] === true, depth + 1);
          if (!f) continue;
          const escaped = celEscape(name);
          if (escaped !== undefined) fields.set(escaped, f);
          if (required.has(name) && (prop as Record<string, unknown>).default === undefined) {
            minSize += BigInt(Buffer.byteLength(name)) + f.minSerializedSize + 4n;
          }
        }
      }
      return { maxElements: 0n, minSerializedSize: minSize, fields };
    }
    case 'string':
      switch (sch.format) {
        case 'byte': return simple(2, typeof sch.maxLength === 'number' ? zeroIfNegative(sch.maxLength) : maxStringLengthPerRequest(sch));
        case 'duration': return simple(3, maxStringLengthPerRequest(sch));
        case 'date': return simple(12, maxStringLengthPerRequest(sch));
        case 'date-time': return simple(21, maxStringLengthPerRequest(sch));
        default:
          if (typeof sch.maxLength === 'number') return simple(2, zeroIfNegative(sch.maxLength) * 4n);
          if (Array.isArray(sch.enum) && sch.enum.length > 0) {
            // schemas.go estimateMaxStringEnumLength: len() of Go strings counts bytes
            let max = 0n;
            for (const v of sch.enum) if (typeof v === 'string' && BigInt(Buffer.byteLength(v)) > max) max = BigInt(Buffer.byteLength(v));
            return simple(2, max);
          }
          return simple(2, maxStringLengthPerRequest(sch));
      }
    case 'boolean': return simple(4);
    case 'number': return simple(1);
    case 'integer': return simple(1);
    default: return undefined;
  }
}

/** compilation.go sizeEstimator.EstimateSize: walks the path from the rule's own node (path[0] is self or oldSelf). */
export function crdSizeEstimator(root: DeclSize): SizeEstimator {
  return (path) => {
    if (path.length === 0) return undefined;
    let cur: DeclSize | undefined = root;
    for (const name of path.slice(1)) {
      if (name === '@items' || name === '@values') cur = cur.elem;
      else if (name === '@keys') cur = cur.key;
      else cur = cur.fields?.get(name);
      if (!cur) return undefined;
    }
    return { min: 0n, max: cur.maxElements };
  };
}

/** compilation.go maxCardinality: how often data of this minimum size fits in one request. */
export function maxCardinality(minSize: bigint): bigint {
  return MAX_REQUEST_SIZE_BYTES / (minSize + 1n);
}

// DRA: dynamic-resource-allocation v0.36 cel/compile.go newCompiler (DRAConsumableCapacity on,
// DRAListTypeAttributes off); constants from k8s.io/api resource/v1 types.go.
const DRA_DOMAIN = simple(2, 63n);
const DRA_ID = simple(2, 32n);
const DRA_ATTRIBUTE = simple(1, 64n);
const DRA_DEVICE_DECL: DeclSize = {
  maxElements: 0n,
  minSerializedSize: 2n,
  fields: new Map<string, DeclSize>([
    ['driver', simple(2, 63n)],
    ['allowMultipleAllocations', simple(4, 1n)],
    ['attributes', { maxElements: 32n, minSerializedSize: 2n, key: DRA_DOMAIN, elem: { maxElements: 32n, minSerializedSize: 2n, key: DRA_ID, elem: DRA_ATTRIBUTE } }],
    ['capacity', { maxElements: 32n, minSerializedSize: 2n, key: DRA_DOMAIN, elem: { maxElements: 32n, minSerializedSize: 2n, key: DRA_ID, elem: simple(8) } }],
  ]),
};

/** cel/compile.go sizeEstimator.EstimateSize: `device` and what it reaches; any name in an attribute map has the attribute size. */
export const draSizeEstimator: SizeEstimator = (path) => {
  if (path.length === 0 || path[0] !== 'device') return undefined;
  let cur: DeclSize | undefined = DRA_DEVICE_DECL;
  for (const name of path.slice(1)) {
    if (name === '@items' || name === '@values') {cur = cur.elem;} else if (name === '@keys') {cur = cur.key;} else {
      const f: DeclSize | undefined = cur.fields?.get(name);
      if (!f && cur.elem === DRA_ATTRIBUTE) {
        cur = DRA_ATTRIBUTE;
        continue;
      }
      cur = f;
    }
    if (!cur) return undefined;
  }
  return { min: 0n, max: cur.maxElements };
};

/** No size information (admission policies, authorization match conditions: apiserver library.CostEstimator{} ). */
export const noSizeEstimator: SizeEstimator = () => undefined;
