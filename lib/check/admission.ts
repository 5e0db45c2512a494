import { renderValue, Violation } from '../base/errors';
import { checkCelIdentifier, checkDns1035Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue, checkPathSegmentName, checkQualifiedName, findDuplicates, isObject } from '../base/validators';
import { applyConfigurationFieldPaths, CelEnvironment, serverCelViolations } from '../cel';
import { atomicPrefix, rootTypeName } from '../schema';

/** What a policy's CEL expressions are typed with (object, params). */
export interface PolicyCelBase {
  readonly objectType?: string;
  readonly hasParams?: boolean;
  readonly paramsType?: string;
}

/**
 * Server-side rules for admissionregistration.k8s.io/v1 MutatingAdmissionPolicy and
 * MutatingAdmissionPolicyBinding (fact sheet §a.3), plus the CEL compile step the API
 * server runs on every expression and the one runtime rule that fails every request
 * (an ApplyConfiguration that touches an atomic field, §a.5).
 */

const API_VERSION = 'admissionregistration.k8s.io/v1';
const MAX_MATCH_CONDITIONS = 64;
const ALL_OPERATIONS = ['*', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'];
const MUTATING_OPERATIONS = ['*', 'CREATE', 'UPDATE', 'CONNECT'];
const SCOPES = ['Cluster', 'Namespaced', '*'];
const MATCH_POLICIES = ['Exact', 'Equivalent'];
const FAILURE_POLICIES = ['Fail', 'Ignore'];
const REINVOCATION_POLICIES = ['Never', 'IfNeeded'];
const PATCH_TYPES = ['ApplyConfiguration', 'JSONPatch'];
const NOT_FOUND_ACTIONS = ['Allow', 'Deny'];
const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/**
 * The group/resource → kind table for the built-in resources a policy commonly matches.
 * It lets the checker type `object` (and the `Object{...}` root) when a policy matches one kind.
 */
export const BUILTIN_RESOURCE_KINDS: Readonly<Record<string, { readonly apiVersion: string; readonly kind: string }>> = {
  '/pods': { apiVersion: 'v1', kind: 'Pod' },
  '/configmaps': { apiVersion: 'v1', kind: 'ConfigMap' },
  '/secrets': { apiVersion: 'v1', kind: 'Secret' },
  '/services': { apiVersion: 'v1', kind: 'Service' },
  '/serviceaccounts': { apiVersion: 'v1', kind: 'ServiceAccount' },
  '/namespaces': { apiVersion: 'v1', kind: 'Namespace' },
  '/persistentvolumeclaims': { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  '/replicationcontrollers': { apiVersion: 'v1', kind: 'ReplicationController' },
  '/podtemplates': { apiVersion: 'v1', kind: 'PodTemplate' },
  'apps/deployments': { apiVersion: 'apps/v1', kind: 'Deployment' },
  'apps/statefulsets': { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  'apps/daemonsets': { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  'apps/replicasets': { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  'batch/jobs': { apiVersion: 'batch/v1', kind: 'Job' },
  'batch/cronjobs': { apiVersion: 'batch/v1', kind: 'CronJob' },
  'networking.k8s.io/ingresses': { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  'networking.k8s.io/networkpolicies': { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
};

/**
 * Subresources whose requests carry the parent object itself: an ephemeral container is
 * added through `pods/ephemeralcontainers` with the whole Pod as the object.
 */
const SAME_OBJECT_SUBRESOURCES: Readonly<Record<string, string>> = { 'pods/ephemeralcontainers': 'pods' };

/** The kind a policy's resource rules select, when they select exactly one built-in kind. */
export interface MatchedKind {
  readonly apiVersion: string;
  readonly kind: string;
  /** Catalog type name (e.g. `io.k8s.api.core.v1.Pod`) when the schema catalog knows it. */
  readonly typeName?: string;
}

/**
 * Finds the single kind that `resourceRules` match: every rule names one API group, one
 * version (or `*`) and resources without subresource (or `pods/ephemeralcontainers`, whose
 * object is the Pod), and all name the same kind.
 * Returns `undefined` for wildcards, several kinds, subresources or resources outside
 * {@link BUILTIN_RESOURCE_KINDS} — expressions are then checked with a dynamic `object`.
 */
export function matchedKind(resourceRules: unknown): MatchedKind | undefined {
  if (!Array.isArray(resourceRules) || resourceRules.length === 0) return undefined;
  let found: { apiVersion: string; kind: string } | undefined;
  for (const rule of resourceRules) {
    if (!isObject(rule)) return undefined;
    const groups = rule.apiGroups; const versions = rule.apiVersions; const resources = rule.resources;
    if (!Array.isArray(groups) || !Array.isArray(versions) || !Array.isArray(resources)) return undefined;
    if (groups.length !== 1 || resources.length === 0 || versions.length !== 1) return undefined;
    for (const resource of resources) {
      const entry = BUILTIN_RESOURCE_KINDS[`${groups[0]}/${SAME_OBJECT_SUBRESOURCES[resource] ?? resource}`];
      if (!entry) return undefined;
      const version = entry.apiVersion.includes('/') ? entry.apiVersion.split('/')[1] : entry.apiVersion;
      if (versions[0] !== '*' && versions[0] !== version) return undefined;
      if (found && found.kind !== entry.kind) return undefined;
      found = entry;
    }
  }
  if (!found) return undefined;
  return { ...found, typeName: rootTypeName(found.apiVersion, found.kind) };
}


export function isBlank(x: unknown): boolean {
  return typeof x !== 'string' || x.trim().length === 0;
}

export function viol(checkId: string, field: string, problem: string, got?: unknown, allowed?: string, fix?: string): Violation {
  return { checkId, field, problem, got: got === undefined ? undefined : renderValue(got), allowed, fix };
}

export function requiredViolation(checkId: string, field: string, what: string, fix: string): Violation {
  return { checkId, field, problem: `${what} is required`, fix };
}

// ---------------------------------------------------------------------------------------
// Shared parts: label selectors, rules, match resources

/** `metav1validation.ValidateLabelSelector` with the default (strict) options. */
export function checkLabelSelector(field: string, selector: unknown): Violation[] {
  const out: Violation[] = [];
  if (selector === undefined || selector === null) return out;
  if (!isObject(selector)) return [viol('admission/label-selector', field, 'must be a label selector object', selector, '{matchLabels: {...}, matchExpressions: [...]}')];
  const labels = selector.matchLabels;
  if (labels !== undefined) {
    if (!isObject(labels)) {
      out.push(viol('admission/label-selector', `${field}.matchLabels`, 'must be a map of label keys to values', labels));
    } else {
      for (const [k, val] of Object.entries(labels)) {
        const kv = checkLabelKey(`${field}.matchLabels`, k);
        if (kv) out.push({ ...kv, checkId: 'admission/label-selector' });
        const vv = checkLabelValue(`${field}.matchLabels[${JSON.stringify(k)}]`, val);
        if (vv) out.push({ ...vv, checkId: 'admission/label-selector' });
      }
    }
  }
  const exprs = selector.matchExpressions;
  if (exprs !== undefined) {
    if (!Array.isArray(exprs)) {
      out.push(viol('admission/label-selector', `${field}.matchExpressions`, 'must be a list of requirements', exprs));
    } else {
      exprs.forEach((req: any, i: number) => {
        const f = `${field}.matchExpressions[${i}]`;
        if (!isObject(req)) {
          out.push(viol('admission/label-selector', f, 'must be a requirement {key, operator, values}', req));
          return;
        }
        const kv = checkLabelKey(`${f}.key`, req.key);
        if (kv) out.push({ ...kv, checkId: 'admission/label-selector' });
        const values = req.values;
        if (!SELECTOR_OPERATORS.includes(req.operator)) {
          out.push(viol('admission/label-selector', `${f}.operator`, 'is not a valid label selector operator', req.operator, SELECTOR_OPERATORS.join(', ')));
        } else if (req.operator === 'In' || req.operator === 'NotIn') {
          if (!Array.isArray(values) || values.length === 0) {
            out.push(viol('admission/label-selector', `${f}.values`, `must be specified when operator is ${req.operator}`, values, 'a non-empty list of label values'));
          }
        } else if (Array.isArray(values) && values.length > 0) {
          out.push(viol('admission/label-selector', `${f}.values`, `may not be specified when operator is ${req.operator}`, values, undefined, 'Remove values'));
        }
        if (Array.isArray(values)) {
          values.forEach((val: unknown, j: number) => {
            const vv = checkLabelValue(`${f}.values[${j}]`, val);
            if (vv) out.push({ ...vv, checkId: 'admission/label-selector' });
          });
        }
      });
    }
  }
  return out;
}

function checkStarAlone(out: Violation[], field: string, list: unknown[], what: string): void {
  if (list.includes('*') && list.length > 1) {
    out.push(viol('admission/rule', field, `if '*' is present, must not specify other ${what}`, list, '["*"] alone'));
  }
}

function checkResources(out: Violation[], field: string, resources: unknown): void {
  if (!Array.isArray(resources) || resources.length === 0) {
    out.push(viol('admission/rule', field, 'resources is required: list at least one resource', resources, 'e.g. ["pods"], ["deployments"], ["pods/status"], ["*"]'));
    return;
  }
  const wildcardSub = new Set<string>();
  const wildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  resources.forEach((r: unknown, i: number) => {
    if (typeof r !== 'string' || r === '') {
      out.push(viol('admission/rule', `${field}[${i}]`, 'must not be empty', r));
      return;
    }
    if (r === '*/*') doubleWildcard = true;
    if (r === '*') singleWildcard = true;
    const slash = r.indexOf('/');
    if (slash < 0) {
      withoutSub = r !== '*';
      return;
    }
    const res = r.slice(0, slash);
    const sub = r.slice(slash + 1);
    if (wildcardSub.has(res)) out.push(viol('admission/rule', `${field}[${i}]`, `if '${res}/*' is present, must not specify ${r}`, r));
    if (wildcardRes.has(sub)) out.push(viol('admission/rule', `${field}[${i}]`, `if '*/${sub}' is present, must not specify ${r}`, r));
    if (sub === '*') wildcardSub.add(res);
    if (res === '*') wildcardRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard) {
    out.push(viol('admission/rule', field, "if '*/*' is present, must not specify other resources", resources));
  }
  if (singleWildcard && withoutSub) {
    out.push(viol('admission/rule', field, "if '*' is present, must not specify other resources without subresources", resources));
  }
}

/** One `NamedRuleWithOperations`; `mutating` adds the MAP-only operation restriction. */
function checkRule(field: string, rule: unknown, mutating: boolean): Violation[] {
  const out: Violation[] = [];
  if (!isObject(rule)) return [viol('admission/rule', field, 'must be a rule object {operations, apiGroups, apiVersions, resources}', rule)];
  if (rule.resourceNames !== undefined) {
    if (!Array.isArray(rule.resourceNames)) {
      out.push(viol('admission/rule', `${field}.resourceNames`, 'must be a list of names', rule.resourceNames));
    } else {
      rule.resourceNames.forEach((n: unknown, i: number) => {
        const p = checkPathSegmentName(`${field}.resourceNames[${i}]`, n);
        if (p) out.push({ ...p, checkId: 'admission/rule' });
      });
      for (const d of findDuplicates(rule.resourceNames as unknown[], (x) => String(x))) {
        out.push(viol('admission/rule', `${field}.resourceNames[${d.index}]`, 'is a duplicate', d.key, undefined, 'List each name once'));
      }
    }
  }
  const ops = rule.operations;
  if (!Array.isArray(ops) || ops.length === 0) {
    out.push(viol('admission/rule', `${field}.operations`, 'operations is required: list at least one operation', ops, mutating ? MUTATING_OPERATIONS.join(', ') : ALL_OPERATIONS.join(', ')));
  } else {
    checkStarAlone(out, `${field}.operations`, ops, 'operations');
    ops.forEach((op: unknown, i: number) => {
      const f = `${field}.operations[${i}]`;
      if (!ALL_OPERATIONS.includes(op as string)) {
        out.push(viol('admission/rule', f, 'is not a supported operation', op, (mutating ? MUTATING_OPERATIONS : ALL_OPERATIONS).join(', '), mutating ? 'Match CREATE, UPDATE or CONNECT (there is no object to mutate on DELETE)' : 'Use one of the listed operations'));
      } else if (mutating && !MUTATING_OPERATIONS.includes(op as string)) {
        out.push(viol('admission/operations', f, 'is not supported by a mutating admission policy: the DELETE operation may not be matched', op,
          MUTATING_OPERATIONS.join(', '), 'Remove DELETE; a mutating policy cannot change an object that is being deleted ("*" means CREATE, UPDATE and CONNECT)'));
      }
    });
  }
  const groups = rule.apiGroups;
  if (!Array.isArray(groups) || groups.length === 0) {
    out.push(viol('admission/rule', `${field}.apiGroups`, 'apiGroups is required: list at least one API group', groups, '"" for the core group, e.g. [""] for pods, ["apps"] for deployments'));
  } else {
    checkStarAlone(out, `${field}.apiGroups`, groups, 'API groups');
  }
  const versions = rule.apiVersions;
  if (!Array.isArray(versions) || versions.length === 0) {
    out.push(viol('admission/rule', `${field}.apiVersions`, 'apiVersions is required: list at least one version', versions, 'e.g. ["v1"] or ["*"]'));
  } else {
    checkStarAlone(out, `${field}.apiVersions`, versions, 'API versions');
    versions.forEach((ver: unknown, i: number) => {
      if (typeof ver !== 'string' || ver === '') out.push(viol('admission/rule', `${field}.apiVersions[${i}]`, 'must not be empty', ver));
    });
  }
  checkResources(out, `${field}.resources`, rule.resources);
  if (rule.scope !== undefined && !SCOPES.includes(rule.scope)) {
    out.push(viol('admission/rule', `${field}.scope`, 'is not a supported scope', rule.scope, SCOPES.join(', ')));
  }
  // Fields the type does not have are reported by the schema checker; `namespaces` is a
  // common mistake worth its own hint.
  if ('namespaces' in rule) {
    out.push(viol('admission/rule', `${field}.namespaces`, 'is not a field of a rule: a rule cannot scope by namespace', rule.namespaces, undefined,
      'Use namespaceSelector with the kubernetes.io/metadata.name label (operator NotIn to exclude namespaces)'));
  }
  return out;
}

/** `validateMatchResources` (after defaulting). `requireRules`: the policy's matchConstraints. */
export function checkMatchResources(field: string, mr: unknown, requireRules: boolean, mutating = true): Violation[] {
  const out: Violation[] = [];
  if (!isObject(mr)) {
    return [viol('admission/match-resources', field, 'must be an object {resourceRules, namespaceSelector, objectSelector, ...}', mr)];
  }
  if (mr.matchPolicy !== undefined && !MATCH_POLICIES.includes(mr.matchPolicy)) {
    out.push(viol('admission/match-resources', `${field}.matchPolicy`, 'is not a supported match policy', mr.matchPolicy, MATCH_POLICIES.join(', ')));
  }
  out.push(...checkLabelSelector(`${field}.namespaceSelector`, mr.namespaceSelector));
  out.push(...checkLabelSelector(`${field}.objectSelector`, mr.objectSelector));
  if ('objectSelectors' in mr) {
    out.push(viol('admission/match-resources', `${field}.objectSelectors`, 'is not a field: the field is objectSelector (singular, one label selector)', mr.objectSelectors, undefined, 'Rename it to objectSelector'));
  }
  const rules = mr.resourceRules;
  if (rules === undefined || (Array.isArray(rules) && rules.length === 0)) {
    if (requireRules) {
      out.push(viol('admission/match-constraints', `${field}.resourceRules`, 'at least one resourceRule must be defined to provide type information', rules, undefined,
        'Add a rule, e.g. {operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"]}'));
    }
  } else if (!Array.isArray(rules)) {
    out.push(viol('admission/match-resources', `${field}.resourceRules`, 'must be a list of rules', rules));
  } else {
    rules.forEach((r: unknown, i: number) => out.push(...checkRule(`${field}.resourceRules[${i}]`, r, mutating)));
  }
  const excl = mr.excludeResourceRules;
  if (excl !== undefined) {
    if (!Array.isArray(excl)) out.push(viol('admission/match-resources', `${field}.excludeResourceRules`, 'must be a list of rules', excl));
    else excl.forEach((r: unknown, i: number) => out.push(...checkRule(`${field}.excludeResourceRules[${i}]`, r, false)));
  }
  return out;
}

export function checkObjectName(obj: any): Violation[] {
  const name = obj?.metadata?.name;
  if (name === undefined || name === '') {
    return [requiredViolation('admission/name', 'metadata.name', 'metadata.name', 'Give the object a DNS-1123 subdomain name')];
  }
  const v = checkDns1123Subdomain('metadata.name', name);
  return v ? [{ ...v, checkId: 'admission/name' }] : [];
}

// ---------------------------------------------------------------------------------------
// paramKind

export function checkParamKind(field: string, pk: unknown): Violation[] {
  if (pk === undefined || pk === null) return [];
  if (!isObject(pk)) return [viol('admission/param-kind', field, 'must be an object {apiVersion, kind}', pk)];
  const out: Violation[] = [];
  const av = pk.apiVersion;
  if (isBlank(av)) {
    out.push(requiredViolation('admission/param-kind', `${field}.apiVersion`, 'apiVersion', 'Set the parameter resource\'s apiVersion, e.g. "v1" for a ConfigMap'));
  } else {
    const parts = (av as string).split('/');
    if (parts.length > 2) {
      out.push(viol('admission/param-kind', `${field}.apiVersion`, 'must be a group/version (at most one "/")', av, '"v1", "example.com/v1"'));
    } else {
      const [group, version] = parts.length === 2 ? parts : ['', parts[0]];
      if (group !== '') {
        const g = checkDns1123Subdomain(`${field}.apiVersion`, group);
        if (g) out.push({ ...g, checkId: 'admission/param-kind', problem: `group part ${JSON.stringify(group)} ${g.problem}` });
      }
      if (!version) {
        out.push(viol('admission/param-kind', `${field}.apiVersion`, 'version part is required', av, '"group/version", e.g. "example.com/v1"'));
      } else {
        const ver = checkDns1035Label(`${field}.apiVersion`, version);
        if (ver) out.push({ ...ver, checkId: 'admission/param-kind', problem: `version part ${JSON.stringify(version)} ${ver.problem}` });
      }
    }
  }
  if (isBlank(pk.kind)) {
    out.push(requiredViolation('admission/param-kind', `${field}.kind`, 'kind', 'Set the parameter resource\'s kind, e.g. "ConfigMap"'));
  } else {
    const k = checkDns1035Label(`${field}.kind`, (pk.kind as string).toLowerCase());
    if (k) out.push({ ...k, checkId: 'admission/param-kind', got: renderValue(pk.kind), problem: 'may have mixed case, but should otherwise match a DNS-1035 label' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The atomic rule of ApplyConfiguration (runtime failure on every request)

/** The atomic fields an ApplyConfiguration expression sets (deduplicated, shortest first). */
export function atomicFieldsSetBy(rootType: string, expression: string): string[] {
  let paths: string[][];
  try {
    paths = applyConfigurationFieldPaths(expression);
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const p of paths) {
    const a = atomicPrefix(rootType, p);
    if (a) found.add(a.join('.'));
  }
  return [...found].sort();
}

// ---------------------------------------------------------------------------------------
// MutatingAdmissionPolicy

/**
 * A bare field path of `object`, `oldObject` or `params` (e.g. `object.spec.paused`,
 * `params.data["x"]`): the API server declares these variables as `dyn`, so such an
 * expression has the type dyn, and apiserver pkg/admission/plugin/cel/compile.go
 * (`CompileCELExpression`) refuses any output type that is not exactly one of the
 * expression's return types ("must evaluate to bool but got dyn"). Typed variables
 * (`request`, `namespaceObject`, `variables.*`) are not dyn there and are left alone.
 */
const BARE_DYN_PATH = /^\s*(object|oldObject|params)(\s*(\.\s*[A-Za-z_]\w*|\[\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+)\s*\]))*\s*$/;

/** The refusal of an expression that is a bare dyn path where `want` types are required (see {@link BARE_DYN_PATH}). */
export function dynResultViolation(checkId: string, field: string, expression: string, want: readonly string[], fix: string): Violation | undefined {
  if (!BARE_DYN_PATH.test(expression)) return undefined;
  const allowed = want.length === 1 ? want[0] : `one of [${want.join(', ')}]`;
  return viol(checkId, field, `must evaluate to ${allowed} but got dyn (object, oldObject and params are dynamic on the API server)`, expression, undefined, fix);
}

/**
 * `spec.matchConditions` of a MutatingAdmissionPolicy or ValidatingAdmissionPolicy
 * (admissionregistration validation.go validateMatchConditions): at most 64, each with a unique
 * qualified name and a CEL expression that compiles as the server compiles it.
 */
export function checkPolicyMatchConditions(mcs: unknown, base: PolicyCelBase, out: Violation[]): void {
  if (mcs === undefined) return;
  if (!Array.isArray(mcs)) {
    out.push(viol('admission/match-conditions', 'spec.matchConditions', 'must be a list of {name, expression}', mcs));
  } else {
    if (mcs.length > MAX_MATCH_CONDITIONS) {
      out.push(viol('admission/match-conditions', 'spec.matchConditions', `must have at most ${MAX_MATCH_CONDITIONS} items`, `${mcs.length} items`, `<= ${MAX_MATCH_CONDITIONS}`,
        'Combine conditions with && in fewer expressions'));
    }
    const seen = new Set<string>();
    mcs.forEach((mc: any, i: number) => {
      const f = `spec.matchConditions[${i}]`;
      if (!isObject(mc)) {
        out.push(viol('admission/match-conditions', f, 'must be an object {name, expression}', mc));
        return;
      }
      if (isBlank(mc.name)) {
        out.push(requiredViolation('admission/match-conditions', `${f}.name`, 'name', 'Give the condition a qualified name, e.g. "exclude-leases"'));
      } else {
        const q = checkQualifiedName(`${f}.name`, mc.name);
        if (q) out.push({ ...q, checkId: 'admission/match-conditions' });
        if (seen.has(mc.name)) out.push(viol('admission/match-conditions', `${f}.name`, 'is a duplicate: match condition names must be unique', mc.name, undefined, 'Rename one of the conditions'));
        seen.add(mc.name);
      }
      if (isBlank(mc.expression)) {
        out.push(requiredViolation('admission/match-conditions', `${f}.expression`, 'expression', 'Write a CEL expression that returns bool'));
      } else {
        out.push(...serverCelViolations(`${f}.expression`, mc.expression, CelEnvironment.ADMISSION_MATCH_CONDITION, base));
        const dyn = dynResultViolation('admission/match-conditions', `${f}.expression`, String(mc.expression), ['bool'], 'Compare the value, e.g. object.spec.paused == true');
        if (dyn) out.push(dyn);
      }
    });
  }
}

/**
 * `spec.variables` of a MutatingAdmissionPolicy or ValidatingAdmissionPolicy (admissionregistration
 * validation.go validateVariable): each a CEL identifier with an expression that compiles, seeing
 * the variables declared before it. Returns the declared names. `refuseDuplicates` keeps the
 * ValidatingAdmissionPolicy check of repeated names.
 */
export function checkPolicyVariables(vars: unknown, base: PolicyCelBase, out: Violation[], refuseDuplicates: boolean): string[] {
  const declared: string[] = [];
  if (vars === undefined) return declared;
  if (!Array.isArray(vars)) {
    out.push(viol('admission/variables', 'spec.variables', 'must be a list of {name, expression}', vars));
    return declared;
  }
  const seen = new Set<string>();
  vars.forEach((va: any, i: number) => {
    const f = `spec.variables[${i}]`;
    if (!isObject(va)) {
      out.push(viol('admission/variables', f, 'must be an object {name, expression}', va));
      return;
    }
    if (isBlank(va.name)) {
      out.push(requiredViolation('admission/variables', `${f}.name`, 'name', 'Name the variable with a CEL identifier'));
    } else {
      const c = checkCelIdentifier(`${f}.name`, va.name);
      if (c) out.push({ ...c, checkId: 'admission/variables' });
      if (refuseDuplicates && seen.has(va.name)) out.push(viol('admission/variables', `${f}.name`, 'is a duplicate', va.name));
      seen.add(va.name);
    }
    if (isBlank(va.expression)) {
      out.push(requiredViolation('admission/variables', `${f}.expression`, 'expression', 'Write a CEL expression'));
    } else {
      out.push(...serverCelViolations(`${f}.expression`, va.expression, CelEnvironment.ADMISSION_VARIABLE, { ...base, variables: [...declared] }));
    }
    if (typeof va.name === 'string' && va.name) declared.push(va.name);
  });
  return declared;
}

/** Every server-side rule (and the CEL compile step) for a MutatingAdmissionPolicy manifest. */
export function checkMutatingAdmissionPolicy(obj: any): Violation[] {
  const out: Violation[] = [...checkObjectName(obj)];
  const spec = obj?.spec;
  if (!isObject(spec)) {
    out.push(requiredViolation('admission/spec', 'spec', 'spec', 'Add spec with matchConstraints, mutations and reinvocationPolicy'));
    return out;
  }

  if (spec.failurePolicy !== undefined && !FAILURE_POLICIES.includes(spec.failurePolicy)) {
    out.push(viol('admission/failure-policy', 'spec.failurePolicy', 'is not a supported failure policy', spec.failurePolicy, FAILURE_POLICIES.join(', '), 'Use Fail (the default) so a broken policy cannot be skipped silently'));
  }
  out.push(...checkParamKind('spec.paramKind', spec.paramKind));
  const hasParams = isObject(spec.paramKind);

  if (spec.matchConstraints === undefined || spec.matchConstraints === null) {
    out.push(viol('admission/match-constraints', 'spec.matchConstraints', 'matchConstraints is required', undefined, undefined,
      'Add matchConstraints.resourceRules: at least one resourceRule must be defined to provide type information'));
  } else {
    out.push(...checkMatchResources('spec.matchConstraints', spec.matchConstraints, true));
  }

  const kind = matchedKind(spec.matchConstraints?.resourceRules);
  const paramsType = hasParams && typeof spec.paramKind.apiVersion === 'string' && typeof spec.paramKind.kind === 'string'
    ? rootTypeName(spec.paramKind.apiVersion, spec.paramKind.kind) : undefined;
  const base = { objectType: kind?.typeName, hasParams, paramsType };

  // matchConditions
  checkPolicyMatchConditions(spec.matchConditions, base, out);

  // variables
  const declared = checkPolicyVariables(spec.variables, base, out, false);

  // mutations
  const muts = spec.mutations;
  if (!Array.isArray(muts) || muts.length === 0) {
    out.push(viol('admission/mutations', 'spec.mutations', 'mutations must contain at least one item', muts, undefined,
      'Add a mutation with patchType ApplyConfiguration or JSONPatch'));
  } else {
    muts.forEach((m: any, i: number) => out.push(...checkMutation(`spec.mutations[${i}]`, m, { ...base, variables: declared }, kind?.typeName)));
  }

  const rp = spec.reinvocationPolicy;
  if (rp === undefined || rp === '') {
    out.push(viol('admission/reinvocation-policy', 'spec.reinvocationPolicy', 'reinvocationPolicy is required (the API server has no default)', rp, REINVOCATION_POLICIES.join(', '),
      'Use IfNeeded for idempotent mutations so they see changes made by later admission plugins, or Never'));
  } else if (!REINVOCATION_POLICIES.includes(rp)) {
    out.push(viol('admission/reinvocation-policy', 'spec.reinvocationPolicy', 'is not a supported reinvocation policy', rp, REINVOCATION_POLICIES.join(', ')));
  }
  return out;
}

interface MutationCheckBase {
  readonly objectType?: string;
  readonly hasParams: boolean;
  readonly paramsType?: string;
  readonly variables: string[];
}

function checkMutation(field: string, m: unknown, base: MutationCheckBase, rootType: string | undefined): Violation[] {
  if (!isObject(m)) return [viol('admission/mutations', field, 'must be an object {patchType, applyConfiguration | jsonPatch}', m)];
  const out: Violation[] = [];
  const pt = m.patchType;
  let key: 'applyConfiguration' | 'jsonPatch' | undefined;
  if (pt === undefined || pt === '') {
    out.push(viol('admission/mutations', `${field}.patchType`, 'patchType is required', pt, PATCH_TYPES.join(', ')));
  } else if (pt === 'ApplyConfiguration') {
    key = 'applyConfiguration';
    if (m.jsonPatch !== undefined) out.push(viol('admission/mutations', `${field}.jsonPatch`, 'must not be specified when patchType is ApplyConfiguration', m.jsonPatch, undefined, 'Remove jsonPatch or change patchType to JSONPatch'));
  } else if (pt === 'JSONPatch') {
    key = 'jsonPatch';
    if (m.applyConfiguration !== undefined) out.push(viol('admission/mutations', `${field}.applyConfiguration`, 'must not be specified when patchType is JSONPatch', m.applyConfiguration, undefined, 'Remove applyConfiguration or change patchType to ApplyConfiguration'));
  } else {
    out.push(viol('admission/mutations', `${field}.patchType`, 'is not a supported patch type', pt, PATCH_TYPES.join(', ')));
  }
  if (!key) return out;
  const body = m[key];
  if (!isObject(body)) {
    out.push(viol('admission/mutations', `${field}.${key}`, `${key} is required when patchType is ${pt}`, body, undefined, `Add ${key}: {expression: ...}`));
    return out;
  }
  const expr = body.expression;
  const f = `${field}.${key}.expression`;
  if (isBlank(expr)) {
    out.push(requiredViolation('admission/mutations', f, 'expression', key === 'jsonPatch' ? 'Write a CEL expression returning a list of JSONPatch{...}' : 'Write a CEL expression returning Object{...}'));
    return out;
  }
  const env = key === 'jsonPatch' ? CelEnvironment.MUTATION_JSON_PATCH : CelEnvironment.MUTATION_APPLY_CONFIGURATION;
  out.push(...serverCelViolations(f, expr, env, base));
  if (key === 'applyConfiguration' && rootType) {
    const atomics = atomicFieldsSetBy(rootType, expr);
    if (atomics.length > 0) {
      out.push(viol('admission/apply-configuration-atomic', f,
        'sets an atomic list, map or struct, which the API server rejects on every request ("may not mutate atomic arrays, maps or structs")',
        atomics.join(', '), 'granular fields only (list-maps such as containers, env, ports; maps such as labels; plain structs)',
        'Set these fields with a JSONPatch mutation instead (patchType JSONPatch)'));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// MutatingAdmissionPolicyBinding

/** Every server-side rule for a MutatingAdmissionPolicyBinding manifest. */
export function checkMutatingAdmissionPolicyBinding(obj: any, mutating = true): Violation[] {
  const out: Violation[] = [...checkObjectName(obj)];
  const spec = obj?.spec;
  if (!isObject(spec)) {
    out.push(requiredViolation('admission/spec', 'spec', 'spec', 'Add spec.policyName'));
    return out;
  }
  if (isBlank(spec.policyName)) {
    out.push(requiredViolation('admission/binding', 'spec.policyName', 'policyName', 'Name the MutatingAdmissionPolicy this binding applies'));
  } else {
    const v = checkDns1123Subdomain('spec.policyName', spec.policyName);
    if (v) out.push({ ...v, checkId: 'admission/binding' });
  }
  const pr = spec.paramRef;
  if (pr !== undefined && pr !== null) {
    if (!isObject(pr)) {
      out.push(viol('admission/param-ref', 'spec.paramRef', 'must be an object {name | selector, namespace, parameterNotFoundAction}', pr));
    } else {
      const hasName = typeof pr.name === 'string' && pr.name.length > 0;
      const hasSelector = pr.selector !== undefined && pr.selector !== null;
      if (hasName) {
        const p = checkPathSegmentName('spec.paramRef.name', pr.name);
        if (p) out.push({ ...p, checkId: 'admission/param-ref' });
        if (hasSelector) {
          out.push(viol('admission/param-ref', 'spec.paramRef.name', 'name and selector are mutually exclusive', pr.name, undefined, 'Set either name (one parameter object) or selector (every matching object), not both'));
        }
      }
      if (typeof pr.namespace === 'string' && pr.namespace.length > 0) {
        const p = checkPathSegmentName('spec.paramRef.namespace', pr.namespace);
        if (p) out.push({ ...p, checkId: 'admission/param-ref' });
      }
      if (pr.parameterNotFoundAction === undefined || pr.parameterNotFoundAction === '') {
        out.push(viol('admission/param-ref', 'spec.paramRef.parameterNotFoundAction', 'parameterNotFoundAction is required (no default)', undefined, NOT_FOUND_ACTIONS.join(', '),
          'Use Deny so a missing parameter object fails closed'));
      } else if (!NOT_FOUND_ACTIONS.includes(pr.parameterNotFoundAction)) {
        out.push(viol('admission/param-ref', 'spec.paramRef.parameterNotFoundAction', 'is not a supported action', pr.parameterNotFoundAction, NOT_FOUND_ACTIONS.join(', ')));
      }
      if (hasSelector) out.push(...checkLabelSelector('spec.paramRef.selector', pr.selector));
      if (!hasName && !hasSelector) {
        out.push(viol('admission/param-ref', 'spec.paramRef', 'one of name or selector must be specified', pr, undefined, 'Set paramRef.name or paramRef.selector'));
      }
    }
  }
  if (spec.matchResources !== undefined && spec.matchResources !== null) {
    out.push(...checkMatchResources('spec.matchResources', spec.matchResources, false, mutating));
  }
  return out;
}

/** The registry entry for both kinds. */
export const ADMISSION_CHECKER = {
  id: 'admission',
  apiVersions: [API_VERSION],
  kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
  check: (obj: any): Violation[] => (obj?.kind === 'MutatingAdmissionPolicyBinding'
    ? checkMutatingAdmissionPolicyBinding(obj)
    : checkMutatingAdmissionPolicy(obj)),
};
