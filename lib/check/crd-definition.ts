/**
 * What the API server refuses when a CustomResourceDefinition is created, for the parts that
 * concern validation rules and patterns: apiextensions-apiserver v0.36
 * pkg/apis/apiextensions/validation/validation.go validateCustomResourceDefinitionOpenAPISchema
 * (x-kubernetes-validations entries) and pkg/apiserver/schema/validation.go (structural schema:
 * no rules inside allOf/anyOf/oneOf/not; `pattern` compiles with Go's regexp).
 */
import { checkCrdSchemaAndRules } from './crd-cost';
import { validateOpenAPISchema } from './crd-structural';
import { mapIsCorrelatable } from './crd-update';
import type { Violation } from '../base/errors';
import { renderValue } from '../base/errors';
import { re2Problem } from '../cel/eval-regex';
import { usesOldSelf } from '../cel/transition';

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** validation.go supportedValidationReason */
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const MAX_DEPTH = 64;

class DefinitionWalker {
  public readonly out: Violation[] = [];

  public add(field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): void {
    this.out.push({ checkId: 'crd/definition', field, problem, fix, ...(got !== undefined ? { got: renderValue(got) } : {}), ...(allowed ? { allowed } : {}) });
  }

  /**
   * Walks a schema node; `logic` is true inside allOf/anyOf/oneOf/not; `forbid` is the first
   * ancestor below which old values do not correlate (validation.go forbidOldSelfValidations).
   */
  public node(s: unknown, path: string, logic: boolean, depth: number, forbid?: string): void {
    if (!isObj(s) || depth > MAX_DEPTH) return;
    if (typeof s.pattern === 'string') {
      // pkg/apiserver/schema/validation.go validateValueValidation
      const why = re2Problem(s.pattern);
      if (why) this.add(`${path}.pattern`, `must be a valid regular expression, but isn't: ${why}`, s.pattern, undefined, 'Write the pattern in RE2 syntax (Go regexp): no lookaround, no backreferences');
    }
    const rules = s['x-kubernetes-validations'];
    if (Array.isArray(rules) && rules.length > 0) {
      if (logic) {
        // pkg/apiserver/schema/validation.go validateNestedValueValidation
        this.add(`${path}.x-kubernetes-validations`, 'must be empty to be structural', undefined, undefined,
          'Move the rules out of allOf/anyOf/oneOf/not onto the property itself; the API server refuses the CRD');
      } else {
        rules.forEach((r, i) => this.rule(r, `${path}.x-kubernetes-validations[${i}]`, s, forbid));
      }
    }
    // upstream: ValidateCustomResourceDefinitionOpenAPISchema
    // properties of a map whose type does
    // not correlate, and items of any list but a map list, are the uncorrelatable portion
    const propForbid = forbid ?? (mapIsCorrelatable(s['x-kubernetes-map-type']) ? undefined : path);
    const itemForbid = forbid ?? (s['x-kubernetes-list-type'] === 'map' ? undefined : path);
    if (isObj(s.properties)) for (const [k, p] of Object.entries(s.properties)) this.node(p, `${path}.properties[${k}]`, logic, depth + 1, propForbid);
    this.node(s.items, `${path}.items`, logic, depth + 1, itemForbid);
    this.node(s.additionalProperties, `${path}.additionalProperties`, logic, depth + 1, forbid);
    for (const k of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(s[k])) s[k].forEach((x: unknown, i: number) => this.node(x, `${path}.${k}[${i}]`, true, depth + 1, forbid));
    }
    this.node(s.not, `${path}.not`, true, depth + 1, forbid);
  }

  /** validation.go: one x-kubernetes-validations entry. */
  private rule(r: unknown, path: string, s: Record<string, any>, forbid: string | undefined): void {
    if (!isObj(r)) return;
    const rule = typeof r.rule === 'string' ? r.rule.trim() : '';
    const message = typeof r.message === 'string' ? r.message : '';
    const msg = message.trim();
    if (rule.length === 0) this.add(`${path}.rule`, 'rule is not specified', undefined, undefined, 'Write the CEL expression the value must satisfy');
    else if (message.length > 0 && msg.length === 0) this.add(`${path}.message`, 'must be non-empty if specified', message, undefined, 'Write a message or remove it');
    else if (/[\r\n]/.test(msg)) this.add(`${path}.message`, 'must not contain line breaks', message, undefined, 'Write the message on one line');
    else if (/[\r\n]/.test(rule) && msg.length === 0) this.add(`${path}.message`, 'message must be specified if rule contains line breaks', undefined, undefined, 'Add a one-line message to the multi-line rule');
    if (typeof r.messageExpression === 'string' && r.messageExpression.length > 0 && r.messageExpression.trim().length === 0) {
      this.add(`${path}.messageExpression`, 'messageExpression must be non-empty if specified', undefined, undefined, 'Write a messageExpression or remove it');
    }
    if (r.reason !== undefined && r.reason !== null && !REASONS.includes(r.reason)) {
      this.add(`${path}.reason`, 'Unsupported value', r.reason, REASONS.map((x) => JSON.stringify(x)).join(', '), 'Use one of the supported reasons');
    }
    if (typeof r.fieldPath === 'string') {
      if (r.fieldPath.length > 0 && r.fieldPath.trim().length === 0) this.add(`${path}.fieldPath`, 'must be non-empty if specified', r.fieldPath, undefined, 'Write a field path such as .spec.replicas, or remove it');
      if (/[\r\n]/.test(r.fieldPath)) this.add(`${path}.fieldPath`, 'must not contain line breaks', r.fieldPath, undefined, 'Write the field path on one line');
      else if (r.fieldPath.length > 0 && !pathValid(s, r.fieldPath)) this.add(`${path}.fieldPath`, 'must be a valid path', r.fieldPath, undefined, 'Point fieldPath at a field this schema declares, e.g. .spec.replicas or [\'a.b\']');
    }
    // upstream: specStandardValidatorV3.withForbidOldSelfValidations
    // UsesOldSelf under a forbidden (uncorrelatable) path, optionalOldSelf without oldSelf
    if (usesOldSelf(rule)) {
      if (forbid !== undefined) {
        this.add(`${path}.rule`, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${forbid}`, rule, undefined,
          'Move the transition rule up to the list (or map) itself: items of atomic and set lists, and fields of maps of an unknown x-kubernetes-map-type, have no old value to compare with');
      }
    } else if (r.optionalOldSelf !== undefined && r.optionalOldSelf !== null) {
      this.add(`${path}.optionalOldSelf`, 'may not be set if oldSelf is not used in rule', r.optionalOldSelf, undefined, 'Remove optionalOldSelf, or use oldSelf in the rule');
    }
  }
}

/**
 * validation.go pathValid: fieldPath is a JSON path of `.name` and `['name']` steps (and list
 * indexes) through properties the schema declares.
 */
function pathValid(schema: Record<string, any>, fieldPath: string): boolean {
  let s: any = schema;
  let rest = fieldPath.trim();
  if (rest === '') return false;
  while (rest.length > 0) {
    let name: string | undefined;
    let m: RegExpExecArray | null;
    if ((m = /^\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest))) {name = m[1];} else if ((m = /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest))) {name = m[1].replace(/\\(.)/g, '$1');} else if ((m = /^\[(\d+)\]/.exec(rest))) {
      if (!isObj(s) || s.type !== 'array' || !isObj(s.items)) return false;
      s = s.items;
      rest = rest.slice(m[0].length);
      continue;
    } else {return false;}
    rest = rest.slice(m[0].length);
    if (!isObj(s)) return false;
    if (isObj(s.properties) && isObj(s.properties[name])) s = s.properties[name];
    else if (isObj(s.additionalProperties)) s = s.additionalProperties;
    else return false;
  }
  return true;
}

/**
 * The rule and pattern problems of a CustomResourceDefinition the API server refuses at creation,
 * then the structural-schema, rule-compilation and rule-cost problems (./crd-cost.ts).
 */
export function checkCrdDefinition(obj: any): Violation[] {
  const w = new DefinitionWalker();
  const versions = isObj(obj?.spec) && Array.isArray(obj.spec.versions) ? obj.spec.versions : [];
  versions.forEach((v: any, i: number) => {
    if (!isObj(v) || !isObj(v.schema)) return;
    w.node(v.schema.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`, false, 0);
    validateOpenAPISchema(v.schema.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`, true, w.out);
  });
  return [...w.out, ...checkCrdSchemaAndRules(obj, w.out)];
}
