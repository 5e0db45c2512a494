/**
 * What the API server refuses when a CustomResourceDefinition is created, for the schema's
 * structure and its CEL rules: apiextensions-apiserver v0.36
 * - pkg/apiserver/schema/validation.go validateStructuralInvariants (the common structural errors:
 *   an unknown `type`, an array without `items`, a missing `type`, `additionalProperties` at the
 *   root, a root that is not an object, an embedded resource that is not an object);
 * - pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionOpenAPISchema
 *   with cel_validation.go CELSchemaContext: every `x-kubernetes-validations` rule and
 *   messageExpression must compile (compilation.go compileRule), and its estimated cost
 *   (lib/cel/estimate.ts) times the number of times the rule can run (MaxCardinality) must stay
 *   within StaticEstimatedCostLimit; all rules of one version's schema together within
 *   StaticEstimatedCRDCostLimit.
 * When the schema is not structural the API server skips the CEL checks (no CELSchemaContext), and
 * it skips them on a node when a rule entry there or below has a schema error; so does this.
 */
import { validateStructuralCompleteness, validateStructuralInvariants } from './crd-structural';
import type { Violation } from '../base/errors';
import { renderValue } from '../base/errors';
import { checkCel, estimateCelCost } from '../cel/check';
import { withTypeAndObjectMeta } from '../cel/escaping';
import { DeclSize, MAX_U64, maxCardinality, schemaDeclSize } from '../cel/estimate';
import { CelEnvironment } from '../cel/types';

/** validation.go StaticEstimatedCostLimit */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000n;
/** validation.go StaticEstimatedCRDCostLimit */
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000n;
/** validation.go openapiV3Types */
const OPENAPI_V3_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const MAX_DEPTH = 64;

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

type Level = 'root' | 'item' | 'field';

/**
 * schema/validation.go validateStructuralInvariants, the parts a hand-written schema most often
 * gets wrong. Field paths as the API server prints them.
 */
function structuralErrors(s: unknown, path: string, lvl: Level, out: Violation[], depth = 0): void {
  if (!isObj(s) || depth > MAX_DEPTH) return;
  const add = (field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): void => {
    out.push({ checkId: 'crd/definition', field, problem, fix, ...(got !== undefined ? { got: renderValue(got) } : {}), ...(allowed ? { allowed } : {}) });
  };
  const type = s.type;
  // validation.go validateCustomResourceDefinitionOpenAPISchema: NotSupported
  if (typeof type === 'string' && type.length > 0 && !OPENAPI_V3_TYPES.includes(type)) {
    add(`${path}.type`, 'Unsupported value', type, OPENAPI_V3_TYPES.map((t) => JSON.stringify(t)).join(', '), 'Use one of the OpenAPI types');
  }
  if (type === 'array' && s.items === undefined) add(`${path}.items`, 'Required value: must be specified', undefined, undefined, 'Declare the schema of the items');
  if (s.additionalProperties !== undefined && s.additionalProperties !== false && lvl === 'root') {
    add(`${path}.additionalProperties`, 'Forbidden: must not be used at the root', undefined, undefined, 'Declare the root fields as properties');
  }
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const empty = type === undefined || type === '';
  if (embedded && type !== 'object') {
    if (empty) add(`${path}.type`, 'Required value: must be object if x-kubernetes-embedded-resource is true', undefined, undefined, 'Set type: object');
    else add(`${path}.type`, 'Invalid value: must be object if x-kubernetes-embedded-resource is true', type, undefined, 'Set type: object');
  } else if (empty && s['x-kubernetes-int-or-string'] !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    const where = lvl === 'root' ? 'at the root' : lvl === 'item' ? 'for specified array items' : 'for specified object fields';
    add(`${path}.type`, `Required value: must not be empty ${where}`, undefined, undefined, 'Set the type of the value');
  }
  if (lvl === 'root' && !empty && type !== 'object') add(`${path}.type`, 'Invalid value: must be object at the root', type, undefined, 'The root of a custom resource is an object');
  if (isObj(s.items)) structuralErrors(s.items, `${path}.items`, 'item', out, depth + 1);
  if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) structuralErrors(v, `${path}.properties[${k}]`, 'field', out, depth + 1);
  if (isObj(s.additionalProperties)) structuralErrors(s.additionalProperties, `${path}.additionalProperties`, 'field', out, depth + 1);
}

/** validation.go getCostErrorMessage */
export function costErrorMessage(costName: string, cost: bigint, limit: bigint): string {
  const f = Number(cost) / Number(limit);
  const factor = f > 100 ? 'more than 100x' : f < 1.5 ? `${f.toFixed(6)}x` : `${f.toFixed(1)}x`;
  return `${costName} exceeds budget by factor of ${factor} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** validation.go multiplyWithOverflowGuard */
function multiplyGuarded(base: bigint, cardinality: bigint): bigint {
  if (base === 0n) return 0n;
  const p = base * cardinality;
  return p > MAX_U64 ? MAX_U64 : p;
}

/** cel_validation.go extractMaxElements: how many children one value of `s` has (undefined: unbounded). */
function maxElements(s: Record<string, any>): bigint | undefined {
  const nonNeg = (v: number): bigint => (v < 0 ? 0n : BigInt(Math.trunc(v)));
  switch (s.type) {
    case 'object':
      if (s.additionalProperties !== undefined && s.additionalProperties !== false) return typeof s.maxProperties === 'number' ? nonNeg(s.maxProperties) : undefined;
      return 1n;
    case 'array':
      return typeof s.maxItems === 'number' ? nonNeg(s.maxItems) : undefined;
    default:
      return 1n;
  }
}

/** cel_validation.go TotalCost */
class TotalCost {
  public total = 0n;
  public readonly mostExpensive: Array<{ path: string; cost: bigint }> = [];

  public observe(path: string, cost: bigint): void {
    this.total = this.total + cost > MAX_U64 ? MAX_U64 : this.total + cost;
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100n) return;
    this.mostExpensive.push({ path, cost });
    this.mostExpensive.sort((a, b) => (a.cost > b.cost ? -1 : a.cost < b.cost ? 1 : 0));
    if (this.mostExpensive.length > 4) this.mostExpensive.length = 4;
  }
}

const COST_FIX = 'Bound the lists, maps and strings the rule reads with maxItems, maxProperties and maxLength, or simplify the rule';

class RuleWalker {
  public readonly out: Violation[] = [];
  public readonly total = new TotalCost();

  /** `schemaErrors`: fields the x-kubernetes-validations entry checks found wrong (crd-definition.ts). */
  constructor(private readonly schemaErrors: readonly string[]) {}

  private add(checkId: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): void {
    this.out.push({ checkId, field, problem, fix, ...(got !== undefined ? { got: renderValue(got) } : {}), ...(allowed ? { allowed } : {}) });
  }

  /** validation.go ValidateCustomResourceDefinitionOpenAPISchema: the CEL part, with the CELSchemaContext cardinality. */
  public node(s: unknown, path: string, cardinality: bigint | undefined, isRoot: boolean, depth: number): void {
    if (!isObj(s) || depth > MAX_DEPTH) return;
    // cel_validation.go childContext: unbounded below an unbounded list or map
    const m = maxElements(s);
    const childCardinality = cardinality === undefined || m === undefined ? undefined : multiplyGuarded(cardinality, m);
    if (isObj(s.properties)) for (const [k, v] of Object.entries(s.properties)) this.node(v, `${path}.properties[${k}]`, childCardinality, false, depth + 1);
    if (isObj(s.items)) this.node(s.items, `${path}.items`, childCardinality, false, depth + 1);
    if (isObj(s.additionalProperties)) this.node(s.additionalProperties, `${path}.additionalProperties`, childCardinality, false, depth + 1);
    const rules = s['x-kubernetes-validations'];
    if (!Array.isArray(rules) || rules.length === 0) return;
    // "If any schema related validation errors have been found at this level or deeper, skip CEL expression validation."
    if (this.schemaErrors.some((f) => f === path || f.startsWith(`${path}.`))) return;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    const selfSchema = isRoot ? withTypeAndObjectMeta(s) : s;
    const decl: DeclSize | undefined = schemaDeclSize(selfSchema, embedded);
    rules.forEach((r: unknown, i: number) => this.rule(r, `${path}.x-kubernetes-validations[${i}]`, selfSchema, decl, cardinality));
  }

  /** compilation.go compileRule and the checks validation.go makes of its result. */
  private rule(r: unknown, path: string, selfSchema: any, decl: DeclSize | undefined, cardinality: bigint | undefined): void {
    if (!isObj(r) || typeof r.rule !== 'string' || r.rule.trim().length === 0) return;
    const options = { selfSchema };
    const compiled = checkCel(r.rule, CelEnvironment.CRD_VALIDATION_RULE, options);
    let maxCost = 0n;
    if (!compiled.ok) {
      const p = compiled.problems[0];
      const detail = p.checkId === 'cel/result-type' ? 'cel expression must evaluate to a bool' : `compilation failed: ${p.message}${p.line !== undefined ? ` at ${p.line}:${p.column}` : ''}`;
      this.add('crd/definition', `${path}.rule`, `Invalid value: ${detail}`, r.rule, undefined,
        p.hint ? `Fix the rule (${p.hint}); the API server refuses the CRD` : 'Fix the rule; the API server refuses the CRD');
    } else {
      maxCost = estimateCelCost(r.rule, CelEnvironment.CRD_VALIDATION_RULE, options)?.max ?? 0n;
    }
    // getExpressionCost: the rule runs once per value the schema node can have in one request
    const card = cardinality ?? maxCardinality(decl?.minSerializedSize ?? 2n);
    const cost = multiplyGuarded(maxCost, card);
    if (cost > STATIC_ESTIMATED_COST_LIMIT) {
      this.add('crd/rule-cost', `${path}.rule`, `Forbidden: ${costErrorMessage('estimated rule cost', cost, STATIC_ESTIMATED_COST_LIMIT)}`, cost.toString(), `at most ${STATIC_ESTIMATED_COST_LIMIT}`, COST_FIX);
    }
    this.total.observe(`${path}.rule`, cost);
    if (!compiled.ok || typeof r.messageExpression !== 'string' || r.messageExpression === '') return;
    const m = checkCel(r.messageExpression, CelEnvironment.CRD_MESSAGE_EXPRESSION, options);
    if (!m.ok) {
      const p = m.problems[0];
      const detail = p.checkId === 'cel/result-type' ? 'messageExpression must evaluate to a string' : `messageExpression compilation failed: ${p.message}${p.line !== undefined ? ` at ${p.line}:${p.column}` : ''}`;
      this.add('crd/definition', `${path}.messageExpression`, `Invalid value: ${detail}`, r.messageExpression, undefined, 'Fix the messageExpression; the API server refuses the CRD');
      return;
    }
    // the messageExpression's estimate is not multiplied by the cardinality (validation.go)
    const mcost = estimateCelCost(r.messageExpression, CelEnvironment.CRD_MESSAGE_EXPRESSION, options)?.max ?? 0n;
    if (mcost > STATIC_ESTIMATED_COST_LIMIT) {
      this.add('crd/rule-cost', `${path}.messageExpression`, `Forbidden: ${costErrorMessage('estimated messageExpression cost', mcost, STATIC_ESTIMATED_COST_LIMIT)}`, mcost.toString(), `at most ${STATIC_ESTIMATED_COST_LIMIT}`, COST_FIX);
    }
    this.total.observe(`${path}.messageExpression`, mcost);
  }
}

/**
 * The structural-schema, rule-compilation and rule-cost problems of a CRD the API server refuses.
 * `definitionProblems` are those crd-definition.ts found (entries with a schema error are not compiled).
 */
export function checkCrdSchemaAndRules(obj: any, definitionProblems: readonly Violation[]): Violation[] {
  const out: Violation[] = [];
  const versions = isObj(obj?.spec) && Array.isArray(obj.spec.versions) ? obj.spec.versions : [];
  const schemaErrors = definitionProblems.map((v) => v.field ?? '');
  versions.forEach((v: any, i: number) => {
    if (!isObj(v) || !isObj(v.schema) || !isObj(v.schema.openAPIV3Schema)) return;
    const base = `spec.versions[${i}].schema.openAPIV3Schema`;
    const s = v.schema.openAPIV3Schema;
    const structural: Violation[] = [];
    structuralErrors(s, base, 'root', structural);
    validateStructuralInvariants(s, 'root', base, structural);
    validateStructuralCompleteness(s, base, structural);
    out.push(...structural);
    // not structural: no CELSchemaContext, no rule is compiled
    if (structural.length > 0) return;
    const w = new RuleWalker(schemaErrors);
    w.node(s, base, 1n, true, 0);
    out.push(...w.out);
    if (w.total.total > STATIC_ESTIMATED_CRD_COST_LIMIT) {
      for (const e of w.total.mostExpensive) {
        out.push({ checkId: 'crd/rule-cost', field: e.path, problem: 'Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema', got: e.cost.toString(), fix: COST_FIX });
      }
      out.push({
        checkId: 'crd/rule-cost',
        field: base,
        problem: `Forbidden: ${costErrorMessage('x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema', w.total.total, STATIC_ESTIMATED_CRD_COST_LIMIT)}`,
        got: w.total.total.toString(),
        allowed: `at most ${STATIC_ESTIMATED_CRD_COST_LIMIT}`,
        fix: COST_FIX,
      });
    }
  });
  return out;
}
