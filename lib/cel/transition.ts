/**
 * Whether a CRD rule is a transition rule: it reads `oldSelf`. apiextensions-apiserver v0.36
 * pkg/apiserver/schema/cel/compilation.go compileRule sets `UsesOldSelf` when the checked
 * expression's reference map resolves an identifier to the variable `oldSelf`; a field named
 * `oldSelf` (`self.oldSelf`), a string `'oldSelf'` or a comprehension variable named `oldSelf`
 * is not such a reference.
 */
import { Node, parseCel } from './parser';

/** Macros whose first argument binds a variable over the rest (cel-go parser macros and ext). */
const BINDING_MACROS = new Set(['all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'sortBy', 'transformList', 'transformMap', 'transformMapEntry', 'optMap', 'optFlatMap']);

function refersTo(e: Node, name: string, bound: ReadonlySet<string>, depth: number): boolean {
  if (depth > 256) return false;
  switch (e.t) {
    case 'id':
      return (e.name === name && !bound.has(name)) || e.name === `.${name}`;
    case 'lit':
      return false;
    case 'sel':
      return refersTo(e.operand, name, bound, depth + 1);
    case 'idx':
      return refersTo(e.operand, name, bound, depth + 1) || refersTo(e.index, name, bound, depth + 1);
    case 'call': {
      if (e.target && refersTo(e.target, name, bound, depth + 1)) return true;
      let inner = bound;
      let args = e.args;
      if (e.target && BINDING_MACROS.has(e.fn) && e.args.length >= 2) {
        // x.all(v, body), x.transformMap(k, v, body); cel.bind(v, init, body) below
        const vars = e.args.slice(0, e.args.length - 1).filter((a) => a.t === 'id').map((a) => (a as { name: string }).name);
        inner = new Set([...bound, ...vars]);
        args = e.args.slice(vars.length);
      } else if (e.target && e.target.t === 'id' && e.target.name === 'cel' && e.fn === 'bind' && e.args.length === 3 && e.args[0].t === 'id') {
        if (refersTo(e.args[1], name, bound, depth + 1)) return true;
        return refersTo(e.args[2], name, new Set([...bound, e.args[0].name]), depth + 1);
      }
      return args.some((a) => refersTo(a, name, inner, depth + 1));
    }
    case 'list':
      return e.elems.some((x) => refersTo(x.e, name, bound, depth + 1));
    case 'map':
      return e.entries.some((x) => refersTo(x.k, name, bound, depth + 1) || refersTo(x.v, name, bound, depth + 1));
    case 'struct':
      return e.fields.some((f) => refersTo(f.value, name, bound, depth + 1));
    case 'unary':
      return refersTo(e.operand, name, bound, depth + 1);
    case 'binary':
      return refersTo(e.l, name, bound, depth + 1) || refersTo(e.r, name, bound, depth + 1);
    case 'cond':
      return refersTo(e.c, name, bound, depth + 1) || refersTo(e.a, name, bound, depth + 1) || refersTo(e.b, name, bound, depth + 1);
  }
  return false;
}

/**
 * upstream: compileRule (UsesOldSelf) — true when `rule` parses and refers to the variable
 * `oldSelf`. A rule that does not parse uses nothing.
 */
export function usesOldSelf(rule: string): boolean {
  if (typeof rule !== 'string' || !rule.includes('oldSelf')) return false;
  let ast: Node;
  try {
    ast = parseCel(rule);
  } catch {
    return false;
  }
  return refersTo(ast, 'oldSelf', new Set(), 0);
}
