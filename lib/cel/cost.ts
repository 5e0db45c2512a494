/**
 * A conservative static cost estimate for DRA device selectors, compared with
 * `CELSelectorExpressionMaxCost` = 1,000,000 (k8s.io/dynamic-resource-allocation).
 *
 * The model is simpler than cel-go's estimator and errs on the high side:
 * - every literal, identifier, selection, index and operator costs 1;
 * - a function call costs 1 plus its arguments; string functions (matches, find,
 *   findAll, contains, startsWith, endsWith, split, replace, format, ...) cost
 *   1 + 0.1 × the longest string a device can hold (64 characters — the API limit for
 *   attribute string and version values) × the pattern length for regular expressions;
 * - a comprehension over a collection costs its range plus `MAX_ITEMS` × (body + 1),
 *   where `MAX_ITEMS` = 32 is the most attributes plus capacities one device may
 *   publish (ResourceSliceMaxAttributesAndCapacitiesPerDevice); nested comprehensions
 *   multiply;
 * - `cel.bind` counts its value once and its body once.
 * Expressions that stay far below the limit here (every selector seen in practice)
 * stay below it in cel-go too; an expression that exceeds it here needs nested
 * comprehensions and is worth simplifying anyway.
 */
import { Node } from './parser';

const MAX_ITEMS = 32;
const MAX_STRING = 64;
const STRING_FUNCS = new Set(['contains', 'startsWith', 'endsWith', 'split', 'replace', 'format', 'lowerAscii', 'upperAscii', 'trim', 'indexOf', 'lastIndexOf', 'substring', 'charAt', 'join', 'quote', 'escapeKey']);
const REGEX_FUNCS = new Set(['matches', 'find', 'findAll']);
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap', 'transformMapEntry', 'sortBy']);

/** Estimated worst-case evaluation cost of `n`. */
export function estimateCost(n: Node): number {
  switch (n.t) {
    case 'lit':
    case 'id':
      return 1;
    case 'sel':
      return 1 + estimateCost(n.operand);
    case 'idx':
      return 1 + estimateCost(n.operand) + estimateCost(n.index);
    case 'unary':
      return 1 + estimateCost(n.operand);
    case 'binary':
      return 1 + estimateCost(n.l) + estimateCost(n.r) + (n.op === '==' || n.op === '!=' || n.op === 'in' ? Math.ceil(0.1 * MAX_STRING) : 0);
    case 'cond':
      return 1 + estimateCost(n.c) + Math.max(estimateCost(n.a), estimateCost(n.b));
    case 'list':
      return 1 + n.elems.reduce((s, e) => s + estimateCost(e.e), 0);
    case 'map':
      return 1 + n.entries.reduce((s, e) => s + estimateCost(e.k) + estimateCost(e.v), 0);
    case 'struct':
      return 1 + n.fields.reduce((s, f) => s + estimateCost(f.value), 0);
    case 'call': {
      const target = n.target ? estimateCost(n.target) : 0;
      if (n.target && n.target.t === 'id' && n.target.name === 'cel' && n.fn === 'bind' && n.args.length === 3) {
        return 1 + estimateCost(n.args[1]) + estimateCost(n.args[2]);
      }
      if (n.target && COMPREHENSIONS.has(n.fn) && n.args.length >= 2 && n.args[0].t === 'id') {
        const vars = n.args.length >= 3 && n.args[1].t === 'id' && n.fn !== 'map' ? 2 : 1;
        const body = n.args.slice(vars).reduce((s, a) => s + estimateCost(a), 0);
        return target + MAX_ITEMS * (body + 1);
      }
      const args = n.args.reduce((s, a) => s + estimateCost(a), 0);
      let extra = 0;
      if (REGEX_FUNCS.has(n.fn)) {
        const pattern = n.args[n.fn === 'matches' && !n.target ? 1 : 0];
        const plen = pattern && pattern.t === 'lit' && typeof pattern.value === 'string' ? pattern.value.length : MAX_STRING;
        extra = Math.ceil(0.1 * MAX_STRING * plen);
      } else if (STRING_FUNCS.has(n.fn)) {
        extra = Math.ceil(0.1 * MAX_STRING);
      }
      return 1 + target + args + extra;
    }
  }
}
