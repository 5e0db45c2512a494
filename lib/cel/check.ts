import { CelType, typeString } from './celtypes';
import { Checker, RawProblem } from './checker';
import { declarations, EnvDecl } from './environments';
import { crdSizeEstimator, draSizeEstimator, estimateCost, Est, noSizeEstimator, schemaDeclSize, SizeEstimator } from './estimate';
import { CelSyntaxError, lineColumn, Node, parseCel, startPos } from './parser';
import { CelCheckOptions, CelCheckResult, CelEnvironment, CelProblem } from './types';
import { checkFunctionArguments } from '../base/arguments';
import { renderValue } from '../base/errors';
import type { Violation } from '../base/errors';

/** checkCel is a free function (outside the jsii assembly): its signature, for the run-time argument check. */
// A non-string expression is reported in the result (`cel/syntax`), like any other bad expression.
const CHECK_CEL_PARAMS = [['expression', 'a', 1], ['env', 'E:CelEnvironment', 0], ['options', 'S:CelCheckOptions', 1]] as const;

/** `CELSelectorExpressionMaxLength` (resource.k8s.io validation): 10 KiB. */
export const DRA_SELECTOR_MAX_LENGTH = 10 * 1024;
/** `CELSelectorExpressionMaxCost` (resource.k8s.io validation). */
export const DRA_SELECTOR_MAX_COST = 1_000_000;

const declCache = new Map<string, EnvDecl>();

/** The JSON of each schema object met, computed once (a CRD's rules on one node share it). */
const SCHEMA_JSON = new WeakMap<object, string>();

function schemaKey(schema: unknown): string {
  if (schema === undefined) return '';
  if (schema === null || typeof schema !== 'object') return JSON.stringify(schema) ?? '';
  let k = SCHEMA_JSON.get(schema);
  if (k === undefined) {
    k = JSON.stringify(schema);
    SCHEMA_JSON.set(schema, k);
  }
  return k;
}

function optionsKey(env: CelEnvironment, options: CelCheckOptions): string {
  const vars = options.variables;
  const self = schemaKey(options.selfSchema);
  return `${env}|${options.objectType ?? ''}|${options.hasParams ? 1 : 0}|${options.paramsType ?? ''}|${vars && vars.length ? vars.join(',') : ''}|${self}${options.optionalOldSelf ? '|opt' : ''}`;
}

function declFor(env: CelEnvironment, options: CelCheckOptions): EnvDecl {
  const key = optionsKey(env, options);
  let d = declCache.get(key);
  if (!d) {
    d = declarations(env, options);
    if (declCache.size > 500) declCache.clear();
    declCache.set(key, d);
  }
  return d;
}

function problemAt(src: string, p: RawProblem): CelProblem {
  const { line, column } = lineColumn(src, p.pos);
  return { checkId: p.checkId, message: p.message, line, column, ...(p.hint ? { hint: p.hint } : {}) };
}

function resultProblem(env: CelEnvironment, t: CelType, root: Node): RawProblem | undefined {
  const pos = startPos(root);
  switch (env) {
    case CelEnvironment.ADMISSION_MATCH_CONDITION:
    case CelEnvironment.AUTHZ_MATCH_CONDITION:
    case CelEnvironment.DRA_DEVICE_SELECTOR:
    case CelEnvironment.CRD_VALIDATION_RULE:
      if (t.k === 'bool' || t.k === 'dyn') return undefined;
      return {
        checkId: 'cel/result-type',
        message: `must evaluate to bool, got ${typeString(t)}`,
        pos,
        hint: t.k === 'string' ? "compare the value, e.g. x == 'value'" : t.k === 'opt' ? 'use .hasValue() or .orValue(false)' : 'compare the value or test it with has(...)',
      };
    case CelEnvironment.CRD_MESSAGE_EXPRESSION:
      if (t.k === 'string' || t.k === 'dyn') return undefined;
      return { checkId: 'cel/result-type', message: `must evaluate to string, got ${typeString(t)}`, pos, hint: 'build the message with string(...) and +' };
    case CelEnvironment.MUTATION_APPLY_CONFIGURATION:
      if (t.k === 'dyn' || (t.k === 'apply' && t.path.length === 0)) return undefined;
      return {
        checkId: 'cel/result-type',
        message: `must evaluate to an Object{...} literal (the root type), got ${typeString(t)}`,
        pos,
        hint: t.k === 'apply' ? `wrap it: Object{${t.path[0]}: ...}` : 'write Object{field: Object.field{...}}; a map literal is rejected with "unsupported return type from ApplyConfiguration expression"',
      };
    case CelEnvironment.MUTATION_JSON_PATCH:
      if (t.k === 'dyn' || (t.k === 'list' && (t.elem.k === 'jsonpatch' || t.elem.k === 'dyn'))) return undefined;
      return {
        checkId: 'cel/result-type',
        message: `must evaluate to list(JSONPatch), got ${typeString(t)}`,
        pos,
        hint: t.k === 'jsonpatch' ? 'wrap the patch in a list: [JSONPatch{...}]' : 'return [JSONPatch{op: "add", path: "/...", value: ...}]',
      };
    default:
      return undefined;
  }
}

function displayType(t: CelType): string {
  return t.k === 'apply' && t.path.length === 0 ? 'Object' : typeString(t);
}

const resultCache = new Map<string, CelCheckResult>();
const RESULT_CACHE_SIZE = 2000;

/**
 * Parses and type-checks a Kubernetes CEL expression for the place it is evaluated.
 * Never throws on user input; every problem carries a 1-based position and a hint.
 * Results are pure functions of the input and are memoised (constructs check an
 * expression when it is added and again at synth).
 */
export function checkCel(expression: string, env: CelEnvironment, options: CelCheckOptions = {}): CelCheckResult {
  checkFunctionArguments('checkCel', CHECK_CEL_PARAMS, [expression, env, options]);
  const key = `${optionsKey(env, options)}|${expression}`;
  const hit = resultCache.get(key);
  if (hit) return hit;
  const r = checkCelUncached(expression, env, options);
  if (resultCache.size >= RESULT_CACHE_SIZE) resultCache.clear();
  resultCache.set(key, r);
  return r;
}

/** Extra declarations for {@link checkCelUncached} (conformance corpora declare their own variables). */
export interface ExtraDeclarations {
  /** Variables added to the environment's own. */
  readonly variables?: ReadonlyMap<string, CelType>;
  /** Skip the result-type rule of the environment (any result type is accepted). */
  readonly anyResult?: boolean;
}

/** {@link checkCel} without the memo (benchmarks measure this). */
export function checkCelUncached(expression: string, env: CelEnvironment, options: CelCheckOptions = {}, extra?: ExtraDeclarations): CelCheckResult {
  const src = typeof expression === 'string' ? expression : String(expression);
  if (src.trim() === '') {
    return { ok: false, problems: [{ checkId: 'cel/required', message: 'expression must not be empty', line: 1, column: 1, hint: 'write a CEL expression' }] };
  }
  const problems: CelProblem[] = [];
  if (env === CelEnvironment.DRA_DEVICE_SELECTOR) {
    const bytes = Buffer.byteLength(src, 'utf8');
    if (bytes > DRA_SELECTOR_MAX_LENGTH) {
      problems.push({ checkId: 'cel/too-long', message: `expression is ${bytes} bytes long, more than the ${DRA_SELECTOR_MAX_LENGTH} bytes a DRA selector may have`, line: 1, column: 1, hint: 'split it into several selectors (they are ANDed)' });
    }
  }
  let ast: Node;
  try {
    ast = parseCel(src);
  } catch (e) {
    if (e instanceof CelSyntaxError) {
      const { line, column } = lineColumn(src, e.pos);
      problems.push({ checkId: 'cel/syntax', message: e.message, line, column, ...(e.hint ? { hint: e.hint } : {}) });
      return { ok: false, problems };
    }
    throw e;
  }
  let decl = declFor(env, options);
  if (extra?.variables) decl = { ...decl, vars: new Map([...decl.vars, ...extra.variables]) };
  const checker = new Checker(decl);
  let t: CelType;
  try {
    t = checker.check(ast);
  } catch (e) {
    // a RangeError from a pathological expression must not escape as an internal error
    if (e instanceof RangeError) {
      problems.push({ checkId: 'cel/syntax', message: 'expression is nested too deeply to check', line: 1, column: 1 });
      return { ok: false, problems };
    }
    throw e;
  }
  const raw = checker.problems.length > 1 ? [...checker.problems].sort((a, b) => a.pos - b.pos) : checker.problems;
  for (const p of raw) problems.push(problemAt(src, p));
  const rp = checker.problems.length === 0 && !extra?.anyResult ? resultProblem(env, t, ast) : undefined;
  if (rp) problems.push(problemAt(src, rp));
  let estimatedCost: number | undefined;
  const estimated = env === CelEnvironment.DRA_DEVICE_SELECTOR || env === CelEnvironment.CRD_VALIDATION_RULE
    || env === CelEnvironment.CRD_MESSAGE_EXPRESSION;
  if (problems.length === 0 && estimated) {
    const est = estimateFor(ast, checker.types, env, options, decl.vars);
    estimatedCost = Number(est.max);
    // k8s pkg/apis/resource/validation validateCELSelector: Forbidden when MaxCost > CELSelectorExpressionMaxCost
    if (env === CelEnvironment.DRA_DEVICE_SELECTOR && est.max > BigInt(DRA_SELECTOR_MAX_COST)) {
      problems.push({
        checkId: 'cel/cost',
        message: `too complex, exceeds cost limit (estimated cost ${est.max} is more than ${DRA_SELECTOR_MAX_COST})`,
        line: 1,
        column: 1,
        hint: 'avoid nested comprehensions over attributes; select attributes by name',
      });
    }
  }
  return {
    ok: problems.length === 0,
    problems,
    resultType: displayType(t),
    ...(estimatedCost !== undefined ? { estimatedCost } : {}),
  };
}

/** The size estimator of `env` (the CRD one needs the rule's schema). */
function sizeEstimatorFor(env: CelEnvironment, options: CelCheckOptions): SizeEstimator {
  if (env === CelEnvironment.DRA_DEVICE_SELECTOR) return draSizeEstimator;
  if (env === CelEnvironment.CRD_VALIDATION_RULE || env === CelEnvironment.CRD_MESSAGE_EXPRESSION) {
    const s = options.selfSchema;
    // the rule's node: the resource root was given with apiVersion/kind/metadata already; an embedded resource gets them here
    const decl = schemaDeclSize(s, s !== null && typeof s === 'object' && s['x-kubernetes-embedded-resource'] === true);
    return decl ? crdSizeEstimator(decl) : noSizeEstimator;
  }
  return noSizeEstimator;
}

function estimateFor(ast: Node, types: ReadonlyMap<Node, CelType>, env: CelEnvironment, options: CelCheckOptions,
  vars: ReadonlyMap<string, CelType>): Est {
  const dra = env === CelEnvironment.DRA_DEVICE_SELECTOR;
  return estimateCost(ast, types, { sizes: sizeEstimatorFor(env, options), variables: new Set(vars.keys()), dra });
}

/**
 * The static cost estimate (cel-go checker.Cost, [min, max]) of an expression that compiles, with
 * the size estimator of `env`; undefined when it does not compile.
 */
export function estimateCelCost(expression: string, env: CelEnvironment, options: CelCheckOptions = {}): Est | undefined {
  const key = `${optionsKey(env, options)}|${expression}`;
  if (estimateCache.has(key)) return estimateCache.get(key);
  const r = estimateUncached(expression, env, options);
  if (estimateCache.size >= RESULT_CACHE_SIZE) estimateCache.clear();
  estimateCache.set(key, r);
  return r;
}

const estimateCache = new Map<string, Est | undefined>();

function estimateUncached(expression: string, env: CelEnvironment, options: CelCheckOptions): Est | undefined {
  let ast: Node;
  try {
    ast = parseCel(expression);
  } catch {
    return undefined;
  }
  const decl = declFor(env, options);
  const checker = new Checker(decl);
  try {
    checker.check(ast);
  } catch {
    return undefined;
  }
  if (checker.problems.length > 0) return undefined;
  return estimateFor(ast, checker.types, env, options, decl.vars);
}

/**
 * {@link checkCel} rendered as violations of `field` in the library's message shape:
 * `<field>: <problem> at <line>:<column> (got "<expression>"). <hint>`.
 */
export function celViolations(field: string, expression: string, env: CelEnvironment, options: CelCheckOptions = {}): Violation[] {
  const r = checkCel(expression, env, options);
  return r.problems.map((p) => ({
    checkId: p.checkId ?? 'cel/invalid',
    field,
    problem: p.line !== undefined ? `${p.message} at ${p.line}:${p.column}` : p.message,
    got: renderValue(expression),
    ...(p.hint ? { fix: capitalise(p.hint) } : {}),
  }));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Every field path an ApplyConfiguration expression sets through `Object{...}` literals,
 * derived from the literal type names (`Object.spec.initContainers{name: ...}` sets
 * `spec.initContainers.name`); list items add no segment. Unparseable input gives [].
 */
export function applyConfigurationFieldPaths(expression: string): string[][] {
  let ast: Node;
  try {
    ast = parseCel(expression);
  } catch {
    return [];
  }
  const out: string[][] = [];
  const seen = new Set<string>();
  const visit = (n: Node): void => {
    switch (n.t) {
      case 'struct': {
        if (n.name === 'Object' || n.name.startsWith('Object.')) {
          const base = n.name === 'Object' ? [] : n.name.slice('Object.'.length).split('.');
          for (const f of n.fields) {
            const path = [...base, f.name];
            const key = path.join('\u0000');
            if (!seen.has(key)) {
              seen.add(key);
              out.push(path);
            }
            visit(f.value);
          }
          return;
        }
        for (const f of n.fields) visit(f.value);
        return;
      }
      case 'sel':
        return visit(n.operand);
      case 'idx':
        visit(n.operand);
        return visit(n.index);
      case 'call':
        if (n.target) visit(n.target);
        return n.args.forEach(visit);
      case 'list':
        return n.elems.forEach((e) => visit(e.e));
      case 'map':
        return n.entries.forEach((e) => {
          visit(e.k);
          visit(e.v);
        });
      case 'unary':
        return visit(n.operand);
      case 'binary':
        visit(n.l);
        return visit(n.r);
      case 'cond':
        visit(n.c);
        visit(n.a);
        return visit(n.b);
      default:
        return;
    }
  };
  visit(ast);
  return out;
}

/**
 * Problems the API server reports only when the expression runs, not when the policy is
 * created: the `JSONPatch{...}` literal shape (a missing value, a path without `/` — the
 * patch fails when applied) and `Object.<path>` type names (`CheckTypeNamesMatchFieldPathNames`
 * runs on the evaluated value: apiserver@v0.36.0 pkg/admission/plugin/policy/mutating/patch/json_patch.go).
 */
const RUNTIME_ONLY = new Set(['cel/json-patch', 'cel/type-name']);

/** What the API server does with an admission expression at policy creation. */
export interface ServerCelCheck {
  /** Problems that make the server refuse the policy (it compiles with `object`, `oldObject` and `params` dynamic). */
  readonly errors: CelProblem[];
  /** Problems the typed check finds beyond those: the server's type-checking report, a warning only. */
  readonly warnings: CelProblem[];
  /** Problems that fail when the expression runs (`cel/type-name`), with the server's message. */
  readonly runtime: CelProblem[];
}

/**
 * Checks an admission expression (MutatingAdmissionPolicy / ValidatingAdmissionPolicy) the
 * way the API server compiles it: apiserver@v0.36.0 pkg/admission/plugin/cel/compile.go
 * `createEnvForOpts` declares `object`, `oldObject` and `params` as `cel.DynType`, so only
 * problems that remain with them dynamic refuse the policy. The schema-typed check is what
 * the server's type checking (`validating/typechecking.go`) reports as warnings.
 */
export function checkCelAsServer(expression: string, env: CelEnvironment, options: CelCheckOptions = {}): ServerCelCheck {
  const dyn = checkCel(expression, env, { hasParams: options.hasParams || options.paramsType !== undefined, variables: options.variables });
  const typed = options.objectType !== undefined || options.paramsType !== undefined ? checkCel(expression, env, options) : dyn;
  const errors = dyn.problems.filter((p) => !RUNTIME_ONLY.has(p.checkId ?? ''));
  const runtime = dyn.problems.filter((p) => p.checkId === 'cel/type-name');
  const seen = new Set(dyn.problems.map((p) => `${p.line}:${p.column}:${p.message}`));
  const warnings = [
    ...dyn.problems.filter((p) => RUNTIME_ONLY.has(p.checkId ?? '')),
    ...typed.problems.filter((p) => !seen.has(`${p.line}:${p.column}:${p.message}`)),
  ];
  return { errors, warnings, runtime };
}

/**
 * {@link checkCelAsServer} as violations: errors keep their check id, typed-check warnings get
 * `admission/type-check` (a warning).
 */
export function serverCelViolations(field: string, expression: string, env: CelEnvironment, options: CelCheckOptions = {}): Violation[] {
  const r = checkCelAsServer(expression, env, options);
  const render = (p: CelProblem, id?: string): Violation => ({
    checkId: id ?? p.checkId ?? 'cel/invalid',
    field,
    problem: p.line !== undefined ? `${p.message} at ${p.line}:${p.column}` : p.message,
    got: renderValue(expression),
    ...(p.hint ? { fix: capitalise(p.hint) } : {}),
  });
  return [
    ...r.errors.map((p) => render(p)),
    ...r.warnings.map((p) => ({ ...render(p, 'admission/type-check'), problem: `type check: ${render(p).problem}${p.checkId === 'cel/json-patch' || p.checkId === 'cel/type-name' ? ' (fails when the mutation runs)' : ''}` })),
  ];
}
