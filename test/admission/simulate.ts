/**
 * A small model of how the API server applies a MutatingAdmissionPolicy, used to show that
 * presets do what they say and that running them again changes nothing:
 *   - match conditions must all be true, else the policy is skipped;
 *   - mutations run in order, each seeing the previous result;
 *   - ApplyConfiguration results merge like server-side apply: structs and granular maps
 *     merge field by field, list-maps (containers, env, ports...) merge entries by key (from
 *     the 1.36 schema), everything else is replaced;
 *   - JSONPatch results are applied as RFC 6902 operations.
 * CEL is evaluated with @marcbachmann/cel-js after rewriting `Object.x{f: v}` / `JSONPatch{...}`
 * literals into maps and registering the few Kubernetes functions the presets use.
 * It is a model, not the API server: type checking is done separately by lib/cel.
 */
import { JsonPatch } from 'cdk8s';
import { lookupType } from '../../lib/schema';
import type { SchemaTypeRef } from '../../lib/schema';

const QUANTITY_FACTORS: Record<string, number> = { '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'Ki': 1024, 'Mi': 1024 ** 2, 'Gi': 1024 ** 3 };
function quantityValue(s: string): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(s));
  if (!m || !(m[2] in QUANTITY_FACTORS)) throw new Error(`not a quantity: ${s}`);
  return Number(m[1]) * QUANTITY_FACTORS[m[2]];
}

let env: any;

/** Loads the evaluator (cel-js is ESM-only, so it is imported dynamically); call in beforeAll. */
export async function initSimulator(): Promise<void> {
  if (env) return;
  const { Environment } = await import('@marcbachmann/cel-js');
  env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false })
    .registerFunction('lists_range(int): list<int>', (n: bigint) => Array.from({ length: Number(n) }, (_, i) => BigInt(i)))
    .registerFunction('jsonpatch_escapeKey(string): string', (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
    .registerFunction('quantity(string): dyn', (s: string) => ({ __q: quantityValue(s) }))
    .registerFunction('dyn.isLessThan(dyn): bool', (a: any, b: any) => a.__q < b.__q);
}

/** Rewrites typed literals into CEL maps: `Object.spec{a: 1}` → `{"a": 1}`, `JSONPatch{op: ...}` → `{"op": ...}`. */
export function literalsToMaps(src: string): string {
  let out = '';
  const stack: boolean[] = [];
  let expectKey = false;
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
      expectKey = false;
      continue;
    }
    const lit = /^(Object(?:\.[A-Za-z_]\w*)*|JSONPatch)\{/.exec(src.slice(i));
    if (lit && !/[\w.]/.test(src[i - 1] ?? '')) {
      out += '{';
      stack.push(true);
      i += lit[0].length;
      expectKey = true;
      continue;
    }
    if (expectKey) {
      const k = /^\s*([A-Za-z_]\w*)\s*:/.exec(src.slice(i));
      if (k) {
        out += `"${k[1]}":`;
        i += k[0].length;
        expectKey = false;
        continue;
      }
      if (!/\s/.test(ch)) expectKey = false;
    }
    if (ch === '{' || ch === '[' || ch === '(') stack.push(false);
    if (ch === '}' || ch === ']' || ch === ')') stack.pop();
    if (ch === ',' && stack[stack.length - 1] === true) expectKey = true;
    out += ch;
    i++;
  }
  return out.replace(/\blists\.range\(/g, 'lists_range(').replace(/\bjsonpatch\.escapeKey\(/g, 'jsonpatch_escapeKey(');
}

function fromCel(v: any): any {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(fromCel);
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [k, fromCel(x)]));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromCel(x)]));
  return v;
}

/** Evaluates one expression of a policy against the current object. */
export function evaluate(expression: string, vars: Record<string, unknown>): any {
  if (!env) throw new Error('call initSimulator() first');
  return fromCel(env.evaluate(literalsToMaps(expression), vars));
}

function clone<T>(x: T): T {
  return x === undefined ? x : JSON.parse(JSON.stringify(x));
}

/** Server-side-apply style merge of `patch` into `target` of schema type `t`. */
export function applyMerge(target: any, patch: any, t: SchemaTypeRef | undefined): any {
  if (patch === undefined) return target;
  if (!t) return clone(patch);
  if (t.kind === 'object') {
    const ot = lookupType(t.name);
    if (!ot || typeof patch !== 'object' || patch === null) return clone(patch);
    const out = { ...(target ?? {}) };
    for (const [k, v] of Object.entries(patch)) out[k] = applyMerge(out[k], v, ot.fields[k]?.type);
    return out;
  }
  if (t.kind === 'map' && t.mapType !== 'atomic') {
    return { ...(target ?? {}), ...Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, applyMerge(target?.[k], v, t.values)])) };
  }
  if (t.kind === 'array' && t.listType === 'map' && t.mapKeys) {
    const keys = t.mapKeys;
    const out = [...(target ?? [])];
    for (const item of patch as any[]) {
      const idx = out.findIndex((o) => keys.every((k) => o?.[k] === item?.[k]));
      if (idx >= 0) out[idx] = applyMerge(out[idx], item, t.items);
      else out.push(clone(item));
    }
    return out;
  }
  return clone(patch);
}

/** Runs a rendered MutatingAdmissionPolicy over `object` (a CREATE request) and returns the result. */
export function admit(policy: any, object: any, params: any = null): any {
  const spec = policy.spec;
  const rootType: SchemaTypeRef = { kind: 'object', name: 'io.k8s.api.core.v1.Pod' };
  const base: Record<string, unknown> = { object, oldObject: null, request: { operation: 'CREATE' }, params, namespaceObject: null };
  for (const mc of spec.matchConditions ?? []) {
    if (evaluate(mc.expression, base) !== true) return clone(object);
  }
  let current = clone(object);
  const variables: Record<string, unknown> = {};
  for (const v of spec.variables ?? []) variables[v.name] = evaluate(v.expression, { ...base, variables });
  for (const m of spec.mutations) {
    const vars = { ...base, object: current, variables };
    if (m.patchType === 'ApplyConfiguration') {
      current = applyMerge(current, evaluate(m.applyConfiguration.expression, vars), rootType);
    } else {
      const ops = (evaluate(m.jsonPatch.expression, vars) as any[]).map((o) => {
        switch (o.op) {
          case 'add': return JsonPatch.add(o.path, o.value);
          case 'replace': return JsonPatch.replace(o.path, o.value);
          case 'remove': return JsonPatch.remove(o.path);
          case 'copy': return JsonPatch.copy(o.from, o.path);
          case 'move': return JsonPatch.move(o.from, o.path);
          default: return JsonPatch.test(o.path, o.value);
        }
      });
      current = ops.length ? JsonPatch.apply(clone(current), ...ops) : current;
    }
  }
  return current;
}

/** Admits `object`, then admits the result again (reinvocation), returning both. */
export function admitTwice(policy: any, object: any, params: any = null): { once: any; twice: any } {
  const once = admit(policy, object, params);
  return { once, twice: admit(policy, once, params) };
}
