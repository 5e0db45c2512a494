/**
 * Custom resources checked against their CustomResourceDefinition, the way the
 * apiextensions-apiserver does for a structural `openAPIV3Schema`: types, required fields,
 * enums, bounds, patterns, list keys, unknown fields (kept only where
 * `x-kubernetes-preserve-unknown-fields` says so) and the `x-kubernetes-validations` CEL
 * rules, type-checked with `self`/`oldSelf` typed by the schema node they sit on.
 *
 * Upstream: k8s.io/apiextensions-apiserver pkg/apiserver/schema (structural schema,
 * pruning), pkg/apiserver/validation (OpenAPI validation) and pkg/apiserver/schema/cel
 * (rule compilation).
 */
import { defaultCustomResource } from './crd-defaults';
import { formatProblem, numberFormatProblem } from './crd-format';
import { checkEmbeddedResources, checkResourceMetadata } from './crd-meta';
import type { Violation } from '../base/errors';
import { joinPath, renderValue } from '../base/errors';
import { celViolations } from '../cel/check';
import { withTypeAndObjectMeta } from '../cel/escaping';
import { re2Compile } from '../cel/eval-regex';
import { CelEvaluationError, CelProgram } from '../cel/program';
import { usesOldSelf } from '../cel/transition';
import { CelEnvironment } from '../cel/types';
import { isKnownGroup } from '../schema/catalog';

/** One served version of a custom resource kind. */
export interface CrdVersion {
  readonly crd: string;
  readonly schema: any;
  readonly namespaced: boolean;
  /**
   * The version has the status subresource: a create drops `status` before validation
   * (customresource strategy.go PrepareForCreate), so it is not checked.
   */
  readonly statusSubresource?: boolean;
}

/** An UPDATE's view of one value of the new object (built by lib/check/crd-update.ts). */
export interface CrUpdateNode {
  /** validation.go validateMap/validateArray: the correlated old value transition rules see (undefined: none). */
  readonly oldSelf: unknown;
  /** ratcheting.go: the value is unchanged, so its schema errors are dropped. */
  readonly ratchetSchema: boolean;
  /** validation.go shouldRatchetError: a failed rule without oldSelf here is a warning. */
  readonly ratchetRule: boolean;
}

/** What an UPDATE adds to the walk of the new object. */
export interface CrUpdate {
  /** strategy.go ValidateUpdate: list-type duplicates are checked only when the old object has none. */
  readonly checkListTypes: boolean;
  /** The update view of the value at `path` (the walk's field path). */
  node(path: string): CrUpdateNode | undefined;
}

/** Schema errors ratcheting drops on unchanged values (kube-openapi SchemaValidator results). */
const RATCHETED = new Set(['crd/type', 'crd/required', 'crd/enum', 'crd/bounds', 'crd/pattern', 'crd/format']);

/** Depth beyond which a schema or object is not walked (the server has its own limits). */
const MAX_DEPTH = 64;

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/**
 * The CustomResourceDefinitions a run knows, by `apiVersion` and `kind` of the custom
 * resources they define.
 */
export class CrdSet {
  /** True when `obj` is an apiextensions.k8s.io/v1 CustomResourceDefinition. */
  public static isCrd(obj: unknown): boolean {
    return isObj(obj) && obj.apiVersion === 'apiextensions.k8s.io/v1' && obj.kind === 'CustomResourceDefinition';
  }

  private readonly byKind = new Map<string, CrdVersion>();

  /** Registers every served version of a CRD; anything else (or a malformed CRD) is ignored. */
  public add(obj: unknown): void {
    if (!CrdSet.isCrd(obj)) return;
    const crd = obj as any;
    const spec = crd.spec;
    if (!isObj(spec) || typeof spec.group !== 'string' || !isObj(spec.names) || typeof spec.names.kind !== 'string') return;
    if (!Array.isArray(spec.versions)) return;
    // A CRD cannot shadow a built-in API (CustomResourceDefinition itself, Deployment...): the API
    // server serves its built-in groups first, whatever a CRD in such a group declares.
    if (isKnownGroup(spec.group)) return;
    for (const v of spec.versions) {
      if (!isObj(v) || typeof v.name !== 'string' || v.served === false) continue;
      const schema = isObj(v.schema) && isObj(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : { 'x-kubernetes-preserve-unknown-fields': true };
      this.byKind.set(`${spec.group}/${v.name}\u0000${spec.names.kind}`, {
        crd: typeof crd.metadata?.name === 'string' ? crd.metadata.name : `${spec.names.plural ?? spec.names.kind}.${spec.group}`,
        schema,
        namespaced: spec.scope !== 'Cluster',
        statusSubresource: isObj(v.subresources) && isObj(v.subresources.status),
      });
    }
  }

  /** The number of served kind versions known. */
  public get size(): number {
    return this.byKind.size;
  }

  /** The served version of `apiVersion`/`kind`, when a CRD defines it. */
  public lookup(apiVersion: unknown, kind: unknown): CrdVersion | undefined {
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
    return this.byKind.get(`${apiVersion}\u0000${kind}`);
  }

  /** True when some CRD of the set defines a kind of `group` (in any version). */
  public hasGroup(group: string): boolean {
    for (const key of this.byKind.keys()) if (key.startsWith(`${group}/`)) return true;
    return false;
  }
}

/**
 * The same custom resource read with exact integers (int64 beyond 2^53 as bigint), registered by
 * the reader of the input ({@link registerExactCopy}); the schema walk and the rules see it.
 */
const EXACT_COPIES = new WeakMap<object, unknown>();

/** Registers `exact`, the copy of `obj` whose integers beyond 2^53 are bigints (yaml `bigint` option). */
export function registerExactCopy(obj: unknown, exact: unknown): void {
  if (obj !== null && typeof obj === 'object') EXACT_COPIES.set(obj, exact);
}

/** JSON for comparisons (enum, set items, map keys): integers by their exact value, bigint or not. */
function jsonKey(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `#int ${x}` : typeof x === 'number' && Number.isInteger(x) ? `#int ${BigInt(x)}` : x));
}

function typeOfValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return 'integer';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function fits(type: string, v: unknown): boolean {
  const t = typeOfValue(v);
  if (type === 'number') return t === 'number' || t === 'integer';
  return t === type;
}

class CrWalker {
  public readonly out: Violation[] = [];
  /** Rule evaluations, run after the schema walk when no blocking error was found. */
  public readonly pending: Array<() => boolean> = [];
  /** Whether a finding blocks CEL validation (customresource strategy.go hasBlockingErr). */
  public blocking = false;

  /** RuntimeCELCostBudget left for this object (apiextensions-apiserver validation.go). */
  private budget = RUNTIME_CEL_COST_BUDGET;
  /** Path of the value whose own checks are running (the node an error belongs to, for ratcheting). */
  private node = '';

  constructor(private readonly where: string, private readonly update?: CrUpdate) {}

  public add(checkId: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): void {
    if (this.update) {
      // UPDATE: errors of unchanged values ratchet; list-type duplicates only count when the old object had none
      if (RATCHETED.has(checkId) && this.update.node(this.node)?.ratchetSchema) return;
      if (checkId === 'crd/duplicate' && !this.update.checkListTypes) return;
    }
    // NotSupported (enum), Required, TooLong (maxLength), TooMany (maxItems, maxProperties), TypeInvalid
    // a format error is kube-openapi's InvalidTypeCode: TypeInvalid, blocking too
    if (checkId === 'crd/type' || checkId === 'crd/required' || checkId === 'crd/enum' || checkId === 'crd/format'
      || (checkId === 'crd/bounds' && (problem.startsWith('must be at most') || problem.startsWith('must have at most')))) {
      this.blocking = true;
    }
    const v: Violation = { checkId, field, problem, fix };
    this.out.push({ ...v, ...(got !== undefined ? { got: renderValue(got) } : {}), ...(allowed !== undefined ? { allowed } : {}) });
  }

  public value(v: unknown, s: any, path: string, depth: number, root = false): void {
    if (!isObj(s) || depth > MAX_DEPTH) return;
    // Null on a field that is not nullable is pruned before validation (crd-defaults.ts); what
    // is left is a nullable field, or a list item, which kube-openapi's typeValidator refuses
    // unless the item schema is nullable or has no type.
    if (v === null) {
      const t = s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type;
      if (s.nullable !== true && typeof t === 'string' && t !== '') this.add('crd/type', path, `must be of type ${t}`, null, t, 'Remove the null item or give it a value');
      return;
    }
    const outer = this.node;
    this.node = path;
    try {
      this.valueAt(v, s, path, depth, root);
    } finally {
      this.node = outer;
    }
  }

  private valueAt(v: unknown, s: any, path: string, depth: number, root: boolean): void {
    const before = this.out.length;
    if (s['x-kubernetes-int-or-string']) {
      if (typeof v !== 'string' && typeof v !== 'bigint' && !Number.isInteger(v)) this.add('crd/type', path, 'must be an integer or a string', v, 'integer, string', 'Write a whole number or a string');
    } else if (typeof s.type === 'string' && !fits(s.type, v)) {
      this.add('crd/type', path, `must be of type ${s.type}`, v, s.type, `Write a value of type ${s.type}, as ${this.where} declares`);
      return;
    }
    if (Array.isArray(s.enum) && !s.enum.some((e: unknown) => jsonKey(e) === jsonKey(v))) {
      this.add('crd/enum', path, 'is not one of the values the schema allows', v, s.enum.map((e: unknown) => renderValue(e)).join(', '), 'Use one of the allowed values');
    }
    if (typeof v === 'string') this.string(v, s, path);
    else if (typeof v === 'number' || typeof v === 'bigint') this.number(v, s, path);
    else if (Array.isArray(v)) this.array(v, s, path, depth);
    else if (isObj(v)) this.object(v, s, path, depth, root);
    // Rules run on values that fit their schema (a rule over a mistyped or missing field only adds noise).
    this.rules(v, s, path, this.out.length === before, root);
  }

  private string(v: string, s: any, path: string): void {
    const len = [...v].length;
    if (typeof s.maxLength === 'number' && len > s.maxLength) this.add('crd/bounds', path, `must be at most ${s.maxLength} characters long`, v, undefined, 'Shorten the value');
    if (typeof s.minLength === 'number' && len < s.minLength) this.add('crd/bounds', path, `must be at least ${s.minLength} characters long`, v, undefined, 'Lengthen the value');
    if (typeof s.pattern === 'string') {
      // kube-openapi validate.Pattern compiles with Go's regexp: RE2, linear time (lib/cel/eval-regex.ts)
      const re = re2Compile(s.pattern);
      // a pattern that does not compile is refused with the CRD itself, not held against the value
      if (typeof re !== 'string' && !re.test(v)) this.add('crd/pattern', path, `must match the pattern ${JSON.stringify(s.pattern)}`, v, undefined, 'Change the value to match the pattern');
    }
    // kube-openapi formatValidator, for the formats apiextensions-apiserver keeps (lib/check/crd-format.ts)
    if (formatProblem(s, path, v) !== undefined) {
      this.add('crd/format', path, `must be of type ${s.format} (the schema's format)`, v, FORMAT_HINTS[String(s.format).replace(/-/g, '')],
        `Write a valid ${s.format} value`);
    }
  }

  private number(v: number | bigint, s: any, path: string): void {
    // kube-openapi IsValueValidAgainstRange: an Invalid error (not blocking)
    const range = numberFormatProblem(s, path, v);
    if (range !== undefined) {
      const f = s.type === 'integer' && s.format === 'int32' ? 'int32' : s.type === 'integer' ? 'int64' : 'float';
      this.add('crd/bounds', path, `is out of the ${f} range of the schema's type and format`, v,
        f === 'int32' ? '-2147483648 to 2147483647' : f === 'int64' ? '-9223372036854775808 to 9223372036854775807' : 'a float32 (at most about 3.4e38)', 'Use a smaller number');
    }
    if (typeof s.maximum === 'number' && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
      this.add('crd/bounds', path, `must be ${s.exclusiveMaximum ? 'less than' : 'less than or equal to'} ${s.maximum}`, v, undefined, 'Lower the value');
    }
    if (typeof s.minimum === 'number' && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
      this.add('crd/bounds', path, `must be ${s.exclusiveMinimum ? 'greater than' : 'greater than or equal to'} ${s.minimum}`, v, undefined, 'Raise the value');
    }
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && !Number.isInteger(Number(v) / s.multipleOf)) {
      this.add('crd/bounds', path, `must be a multiple of ${s.multipleOf}`, v, undefined, 'Round the value');
    }
  }

  private array(v: unknown[], s: any, path: string, depth: number): void {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) this.add('crd/bounds', path, `must have at most ${s.maxItems} items`, v.length, undefined, 'Remove items');
    if (typeof s.minItems === 'number' && v.length < s.minItems) this.add('crd/bounds', path, `must have at least ${s.minItems} items`, v.length, undefined, 'Add items');
    const listType = s['x-kubernetes-list-type'];
    if (listType === 'set' || s.uniqueItems === true) {
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const k = jsonKey(item);
        if (seen.has(k)) this.add('crd/duplicate', joinPath(path, i), 'duplicates an earlier item of a set', item, undefined, 'Remove the duplicate');
        seen.add(k);
      });
    } else if (listType === 'map' && Array.isArray(s['x-kubernetes-list-map-keys'])) {
      const keys: string[] = s['x-kubernetes-list-map-keys'];
      const seen = new Set<string>();
      v.forEach((item, i) => {
        if (!isObj(item)) return;
        const k = jsonKey(keys.map((key) => item[key]));
        if (seen.has(k)) this.add('crd/duplicate', joinPath(path, i), `has the same ${keys.join(', ')} as an earlier item`, keys.map((key) => item[key]).join(', '), undefined, 'Give every item its own key');
        seen.add(k);
      });
    }
    v.forEach((item, i) => this.value(item, s.items, joinPath(path, i), depth + 1));
  }

  private object(v: Record<string, unknown>, s: any, path: string, depth: number, root: boolean): void {
    const props = isObj(s.properties) ? s.properties : {};
    const required: unknown[] = Array.isArray(s.required) ? s.required : [];
    for (const r of required) {
      // kube-openapi checks presence only: a null left after pruning (a nullable field) is present
      if (typeof r === 'string' && v[r] === undefined) {
        this.add('crd/required', joinPath(path, r), 'is required', undefined, undefined, `Set ${r}, as ${this.where} requires`);
      }
    }
    const n = Object.keys(v).length;
    if (typeof s.maxProperties === 'number' && n > s.maxProperties) this.add('crd/bounds', path, `must have at most ${s.maxProperties} entries`, n, undefined, 'Remove entries');
    if (typeof s.minProperties === 'number' && n < s.minProperties) this.add('crd/bounds', path, `must have at least ${s.minProperties} entries`, n, undefined, 'Add entries');
    const embedded = root || s['x-kubernetes-embedded-resource'] === true;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    for (const [k, child] of Object.entries(v)) {
      const field = joinPath(path, k);
      // apiVersion, kind and metadata of a resource are the API server's (ObjectMeta rules,
      // lib/check/crd-meta.ts); the schema may still restrict the root's metadata.name and
      // generateName, the only metadata fields a CRD schema may describe
      if (root && k === 'metadata' && isObj(child) && isObj(props.metadata) && isObj(props.metadata.properties)) {
        for (const m of ['name', 'generateName']) {
          if (typeof child[m] === 'string' && isObj(props.metadata.properties[m])) this.value(child[m], props.metadata.properties[m], joinPath(field, m), depth + 2);
        }
      }
      if (embedded && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) continue;
      // Own properties only: `constructor`, `toString` or `__proto__` in a manifest are fields like any other.
      if (Object.prototype.hasOwnProperty.call(props, k)) {
        this.value(child, props[k], field, depth + 1);
      } else if (isObj(s.additionalProperties)) {
        this.value(child, s.additionalProperties, field, depth + 1);
      } else if (!preserve && s.additionalProperties !== true) {
        const known = Object.keys(props).sort();
        this.add('crd/unknown-field', field, `unknown field ${JSON.stringify(k)} (the API server prunes it, and kubectl's strict field validation refuses it)`, undefined,
          known.length ? known.slice(0, 20).join(', ') : 'no fields', `Remove it or add it to ${this.where}`);
      }
    }
  }

  private rules(v: unknown, s: any, path: string, valid: boolean, root: boolean): void {
    const rules = s['x-kubernetes-validations'];
    if (!Array.isArray(rules) || rules.length === 0) return;
    // rules at the resource root also see apiVersion, kind and metadata.name/generateName (compilation.go)
    const selfSchema = root ? withTypeAndObjectMeta(s) : s;
    for (const r of rules) {
      if (!isObj(r) || typeof r.rule !== 'string') continue;
      // optionalOldSelf: oldSelf is typed as an optional in the rule and its messageExpression (compilation.go)
      const typing = r.optionalOldSelf === true ? { selfSchema, optionalOldSelf: true } : { selfSchema };
      const ruleProblems = celViolations(path, r.rule, CelEnvironment.CRD_VALIDATION_RULE, typing);
      const messageProblems = typeof r.messageExpression === 'string'
        ? celViolations(path, r.messageExpression, CelEnvironment.CRD_MESSAGE_EXPRESSION, typing) : [];
      for (const cv of ruleProblems) this.out.push({ ...cv, problem: `x-kubernetes-validations rule: ${cv.problem}` });
      for (const cv of messageProblems) this.out.push({ ...cv, problem: `x-kubernetes-validations messageExpression: ${cv.problem}` });
      if (ruleProblems.length > 0) continue;
      // upstream: Validator.validateExpressions
      // a transition rule (it reads oldSelf) runs only with a
      // correlated old value, unless optionalOldSelf makes oldSelf an optional
      const transition = usesOldSelf(r.rule);
      const optionalOldSelf = r.optionalOldSelf === true;
      const oldSelf = this.update?.node(path)?.oldSelf;
      if (transition && oldSelf === undefined && !optionalOldSelf) continue;
      if (!valid) continue; // the value does not fit its schema: a blocking error is reported for it
      const withMessageExpression = messageProblems.length === 0;
      const ratchet = !transition && this.update?.node(path)?.ratchetRule === true;
      this.pending.push(() => this.evaluate(v, selfSchema, path, r, withMessageExpression, { oldSelf, optionalOldSelf, ratchet }));
    }
  }

  /**
   * Runs one rule on `v` (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go
   * validateExpressions). False when no further rule may run (cost limit or budget exhausted).
   */
  private evaluate(v: unknown, s: any, path: string, r: any, withMessageExpression: boolean, upd: RuleUpdate): boolean {
    // v === null: rules validate non-null values only
    if (v === null || v === undefined) return true;
    const field = typeof r.fieldPath === 'string' && r.fieldPath.startsWith('.') ? (path === '' ? r.fieldPath.slice(1) : `${path}${r.fieldPath}`) : path;
    const ruleText = ruleErrorString(r);
    let ok: unknown;
    const options = upd.optionalOldSelf ? { selfSchema: s, optionalOldSelf: true } : { selfSchema: s };
    // upstream: validationActivationWithOldSelf
    const vars = upd.oldSelf !== undefined ? { self: v, oldSelf: upd.oldSelf } : { self: v };
    const program = CelProgram.compile(r.rule, CelEnvironment.CRD_VALIDATION_RULE, options);
    try {
      ok = program.evaluate(vars);
    } catch (e) {
      if (!(e instanceof CelEvaluationError)) throw e;
      this.budget -= program.cost;
      if (e.message.startsWith('operation cancelled: actual cost limit exceeded')) {
        this.add('crd/rule', path, `'${e.message}': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleText}`,
          undefined, undefined, 'Bound the lists and strings the rule reads (maxItems, maxLength) or make the rule cheaper');
        return false;
      }
      const detail = e.message.startsWith('no such overload')
        ? `'${e.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText}`
        : `${e.message} evaluating rule: ${ruleText}`;
      this.add('crd/rule', path, detail, undefined, undefined, e.message.startsWith('no such key')
        ? 'The rule reads a field this object does not set: set it (the CRD author can guard the rule with has(...))'
        : 'The rule fails on this value: change the value, or the rule in the CRD');
      return true;
    }
    this.budget -= program.cost;
    if (this.budget < 0) {
      this.add('crd/rule', path, 'validation failed due to running out of cost budget, no further validation rules will be run', undefined, undefined,
        'Make the rules cheaper or the object smaller');
      return false;
    }
    if (ok === true) return true;
    let message = typeof r.message === 'string' && r.message.length > 0 ? r.message.trim() : `failed rule: ${ruleText}`;
    if (withMessageExpression && typeof r.messageExpression === 'string' && r.messageExpression.trim() !== '') {
      // validation.go evalMessageExpression: the message falls back to `message` when the
      // expression fails, is empty, has a line break or is longer than 5120 bytes
      const mp = CelProgram.compile(r.messageExpression, CelEnvironment.CRD_MESSAGE_EXPRESSION, options);
      try {
        const m = mp.evaluate(vars);
        this.budget -= mp.cost;
        if (typeof m === 'string') {
          const t = m.trim();
          if (t.length > 0 && !t.includes('\n') && Buffer.byteLength(t, 'utf8') <= MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES) message = t;
        }
      } catch (e) {
        if (!(e instanceof CelEvaluationError)) throw e;
        this.budget -= mp.cost;
        if (e.message.startsWith('operation cancelled: actual cost limit exceeded')) {
          this.add('crd/rule', field, `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(r.messageExpression)}`,
            undefined, undefined, 'Make the messageExpression cheaper');
          return false;
        }
      }
      if (this.budget < 0) {
        this.add('crd/rule', field, 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run',
          undefined, undefined, 'Make the rules cheaper or the object smaller');
        return false;
      }
    }
    // fieldErrorForReason: Forbidden, Required and Duplicate say so; Invalid shows the value (not for objects and lists)
    const reason = r.reason;
    const shown = isObj(v) || Array.isArray(v) ? undefined : v;
    if (upd.ratchet) {
      // validation.go addErr: a rule failing on an unchanged value is a warning (ratcheting)
      const detail = reason === 'FieldValueForbidden' ? `forbidden: ${message}` : reason === 'FieldValueRequired' ? `required: ${message}`
        : reason === 'FieldValueDuplicate' ? 'duplicate value' : message;
      this.add('crd/rule-ratcheted', field, `${detail} (the value is unchanged since the stored object, so the API server accepts the update with this warning)`,
        reason === 'FieldValueDuplicate' ? v : reason ? undefined : shown, undefined, `Change the value so that the rule ${JSON.stringify(r.rule)} holds before the next change to it`);
      return true;
    }
    if (reason === 'FieldValueForbidden') this.add('crd/rule', field, `forbidden: ${message}`, undefined, undefined, 'Remove or change the field so that the rule holds');
    else if (reason === 'FieldValueRequired') this.add('crd/rule', field, `required: ${message}`, undefined, undefined, 'Set the field so that the rule holds');
    else if (reason === 'FieldValueDuplicate') this.add('crd/rule', field, 'duplicate value', v, undefined, `Remove the duplicate (${message})`);
    else this.add('crd/rule', field, message, shown, undefined, `Change the value so that the rule ${JSON.stringify(r.rule)} holds`);
    return true;
  }
}

/** What an UPDATE changes for one rule evaluation. */
interface RuleUpdate {
  /** The correlated old value (undefined: none). */
  readonly oldSelf?: unknown;
  /** The rule sets optionalOldSelf: oldSelf is an optional. */
  readonly optionalOldSelf?: boolean;
  /** A false result is a ratcheting warning (the value is unchanged, the rule does not read oldSelf). */
  readonly ratchet?: boolean;
}

const HAS_RULES = new WeakMap<object, boolean>();

/** Whether a schema has x-kubernetes-validations anywhere (cel.NewValidator is nil otherwise). */
function hasRules(s: unknown, depth = 0): boolean {
  if (!isObj(s) || depth > MAX_DEPTH) return false;
  const hit = HAS_RULES.get(s);
  if (hit !== undefined) return hit;
  let found = Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length > 0;
  if (!found && isObj(s.properties)) found = Object.values(s.properties).some((p) => hasRules(p, depth + 1));
  if (!found) found = hasRules(s.items, depth + 1) || hasRules(s.additionalProperties, depth + 1);
  HAS_RULES.set(s, found);
  return found;
}

/** validation.go ruleErrorString */
function ruleErrorString(r: any): string {
  return typeof r.message === 'string' && r.message.length > 0 ? r.message.trim() : String(r.rule).trim();
}

/** What each checked format accepts, for the `allowed` part of a finding. */
const FORMAT_HINTS: Readonly<Record<string, string>> = {
  date: 'an RFC 3339 full-date, e.g. 2026-01-31',
  datetime: 'an RFC 3339 date-time, e.g. 2026-01-31T12:00:00Z',
  duration: 'a Go duration such as 1h30m, or a number with a unit such as "3 days"',
  byte: 'standard base64 with padding',
  uri: 'an absolute URI or an absolute path (Go url.ParseRequestURI)',
  email: 'an address Go net/mail.ParseAddress accepts, e.g. ops@example.com',
  hostname: 'an RFC 1034 host name',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  cidr: 'an IP network in CIDR notation, e.g. 10.0.0.0/8',
  mac: 'a MAC address, e.g. 00:00:5e:00:53:01',
  uuid: 'a UUID',
  uuid3: 'a version 3 UUID',
  uuid4: 'a version 4 UUID',
  uuid5: 'a version 5 UUID',
  k8sshortname: 'a lower-case DNS-1123 label (at most 63 characters)',
  k8slongname: 'a lower-case DNS-1123 subdomain (at most 253 characters)',
};

/** apiextensions-apiserver pkg/apiserver/validation RuntimeCELCostBudget: one object's rules together. */
const RUNTIME_CEL_COST_BUDGET = 10_000_000;
/** apiserver pkg/apis/cel config.go MaxEvaluatedMessageExpressionSizeBytes */
const MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES = 5 * 1024;

/**
 * Checks a custom resource against the `openAPIV3Schema` of the CRD version that serves it.
 * The root's `apiVersion`, `kind` and `metadata` are the API server's to check.
 */
export function checkCustomResource(obj: unknown, crd: CrdVersion, update?: CrUpdate, opts: { readonly resourceRoot?: boolean } = {}): Violation[] {
  const w = new CrWalker(`the openAPIV3Schema of CRD ${crd.crd}`, update);
  const resourceRoot = opts.resourceRoot !== false;
  // the server's order: decode (int64 exact, as the API server's JSON decoder keeps them;
  // metadata must decode as an ObjectMeta), prune nulls of
  // non-nullable fields, apply defaults, then validate the metadata, the schema, the
  // embedded resources (lib/check/crd-meta.ts) and, when none of that blocks them, the rules
  const meta = resourceRoot ? checkResourceMetadata(isObj(obj) ? obj : {}) : { out: [], blocking: false };
  w.out.push(...meta.out);
  const input = (obj !== null && typeof obj === 'object' ? EXACT_COPIES.get(obj) : undefined) ?? obj;
  const decoded = defaultCustomResource(input, crd.schema);
  // PrepareForCreate drops status with the status subresource; PrepareForUpdate keeps the
  // stored status, which was validated when it was written
  if (resourceRoot && crd.statusSubresource && isObj(decoded) && decoded !== obj) delete decoded.status;
  w.value(decoded, crd.schema, '', 0, resourceRoot);
  const embedded = checkEmbeddedResources(decoded, crd.schema);
  w.out.push(...embedded.out);
  w.blocking = w.blocking || meta.blocking || embedded.blocking;
  // customresource strategy.go Validate: schema errors of the blocking kinds stop CEL validation
  if (w.blocking && hasRules(crd.schema)) {
    w.add('crd/rules-not-checked', '', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      undefined, undefined, 'Fix the errors above, then check again to run the x-kubernetes-validations rules');
  } else {
    // validation.go: rules run in order until the cost limit or the object's budget stops them
    for (const run of w.pending) if (!run()) break;
  }
  return w.out;
}
