import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { bindLazyVariables, CompiledExpression, compileExpression } from './cel-step';
import { strictDecodeErrors } from './decode';
import { applyDefaults } from './defaults';
import { applyJsonPatch, cloneJson, jsonEqual, JsonPatchError, JsonPatchOperation } from './json-patch';
import { matchResources, RequestAttributes, requestAttributes, selectorMatches } from './matching';
import { applyConfiguration } from './merge';
import { AdmissionOperation } from './operation';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, Violation } from '../base/errors';
import { CelEnvironment } from '../cel';
import type { CelCheckOptions } from '../cel';
import { ValidatingPolicyRunner, ValidationTrace } from './validating';
import type { CelAuthorizationRequest, CelAuthorizationResult, ICelAuthorizer } from '../cel/program';
import { severityOf } from '../check/catalog';
import { checkObject } from '../check/registry';
import { lookupKind, rootTypeName } from '../schema';
import { readYaml } from '../yaml/read';

/**
 * The user a request is made as (`request.userInfo`).
 */
export interface AdmissionUser {
  /** User name. */
  readonly name: string;
  /**
   * Groups of the user.
   * @default []
   */
  readonly groups?: string[];
  /**
   * UID of the user.
   * @default ''
   */
  readonly uid?: string;
}

/** One authorization question a policy's `authorizer` variable asks. */
export interface AuthorizationCheck {
  /** The requesting user. */
  readonly user: string;
  /** The requesting user's groups. */
  readonly groups: string[];
  /** The verb (`get`, `create`, ...). */
  readonly verb: string;
  /** API group of the resource ('' for the core group). */
  readonly group: string;
  /** Resource (plural), or '' for a non-resource path. */
  readonly resource: string;
  /** Subresource, or ''. */
  readonly subresource: string;
  /** Namespace, or '' for cluster scope. */
  readonly namespace: string;
  /** Object name, or '' for all. */
  readonly name: string;
  /** Non-resource URL path, or ''. */
  readonly path: string;
}

/** Answers the `authorizer` checks of policies run by {@link AdmissionEngine}. */
export interface IAdmissionAuthorizer {
  /** Whether the check is allowed. */
  authorize(check: AuthorizationCheck): boolean;
}

/** Options of an {@link AdmissionEngine}: the request and the cluster around it. */
export interface AdmissionEngineOptions {
  /**
   * Parameter objects that bindings' `paramRef` select.
   * @default - only the non-policy objects in `policies`
   */
  readonly paramObjects?: any[];
  /**
   * The namespaces that exist (Namespaces in `policies` count too). When given, a request in
   * any other namespace that a policy matches fails with `namespaces "<name>" not found`, as
   * on a cluster.
   * @default - the Namespaces in `policies`; any other namespace exists, labelled only with `kubernetes.io/metadata.name`
   */
  readonly namespaces?: any[];
  /**
   * The operation of every request (CREATE or UPDATE; for UPDATE the old object is the object itself).
   * @default AdmissionOperation.CREATE
   */
  readonly operation?: AdmissionOperation;
  /**
   * The requesting user.
   * @default - `admin` in `system:masters` and `system:authenticated`
   */
  readonly user?: AdmissionUser;
  /**
   * Answers `authorizer` checks in expressions.
   * @default - allows everything
   */
  readonly authorizer?: IAdmissionAuthorizer;
  /**
   * Apply the API server's defaults (core/v1, apps/v1, batch/v1 defaulting functions) to the
   * object before admission and after every mutation, as the server's decoder and the
   * mutating dispatcher do, so the admitted object is what the cluster stores.
   * @default true
   */
  readonly defaulting?: boolean;
}

/** Props of {@link AdmissionEngine}. */
export interface AdmissionEngineProps extends AdmissionEngineOptions {
  /**
   * MutatingAdmissionPolicies, ValidatingAdmissionPolicies and their bindings (a policy runs
   * only through its bindings, as on a cluster). Other objects in the list are available as
   * parameter objects, and Namespaces as namespaces. Policies and bindings are checked with
   * the rules `cdk8s-haru check` applies; an invalid one is refused (the API server would
   * not have stored it).
   */
  readonly policies: any[];
}

/** What happened to one policy (through one binding and parameter) for one object. */
export interface PolicyTrace {
  /** Policy name. */
  readonly name: string;
  /** Binding name ('' when no binding matched). */
  readonly binding: string;
  /**
   * `namespace/name` of the parameter object.
   * @default - no parameter
   */
  readonly param?: string;
  /** The policy and binding matched the request and every match condition was true. */
  readonly matched: boolean;
  /** Every mutation ran without an error. */
  readonly applied: boolean;
  /** The mutations changed the object. */
  readonly changed: boolean;
  /** The policy ran a second time (reinvocation). */
  readonly reinvoked: boolean;
  /**
   * The error, if any (with `failurePolicy: Ignore` it did not reject the request).
   * @default - none
   */
  readonly errorMessage?: string;
  /** The policy's failure policy (`Fail` or `Ignore`). */
  readonly failurePolicy: string;
}

/** The outcome of admitting one object. */
export interface AdmissionResult {
  /** The object as admitted (the input object, unchanged, when rejected). */
  readonly admittedObject: any;
  /** Whether the API server would admit the request. */
  readonly admitted: boolean;
  /**
   * Why the request was rejected.
   * @default - admitted
   */
  readonly message?: string;
  /** What each mutating policy did, in order. */
  readonly policies: PolicyTrace[];
  /** What each validating policy decided, in order. */
  readonly validations: ValidationTrace[];
  /** Warnings the API server returns (kubectl prints each as `Warning: <text>`). */
  readonly warnings: string[];
  /** Audit annotations the request adds to its audit event (`<policy>/<key>` and validation failures). */
  readonly auditAnnotations: Record<string, string>;
  /**
   * The status reason of a rejection (`Forbidden`, `Invalid`, ...).
   * @default - admitted
   */
  readonly reason?: string;
}

const DEFAULT_USER: AdmissionUser = { name: 'admin', groups: ['system:masters', 'system:authenticated'] };
const ALLOW_ALL: IAdmissionAuthorizer = { authorize: () => true };

interface Compiled {
  readonly matchConditions: Array<{ name: string; expr: CompiledExpression }>;
  readonly variables: Array<{ name: string; expr: CompiledExpression }>;
  readonly mutations: Array<{ patchType: string; expr: CompiledExpression }>;
}

interface Invocation {
  readonly policy: any;
  readonly binding: any;
  readonly param: any;
  readonly version: string;
  readonly key: string;
}

interface TraceState {
  name: string;
  binding: string;
  param?: string;
  matched: boolean;
  applied: boolean;
  changed: boolean;
  reinvoked: boolean;
  errorMessage?: string;
  failurePolicy: string;
}

function clone<T>(x: T): T {
  return cloneJson(x);
}

function nameOf(o: any): string {
  return String(o?.metadata?.name ?? '');
}

function isKind(o: any, kind: string): boolean {
  return o?.kind === kind && o?.apiVersion === 'admissionregistration.k8s.io/v1';
}

/**
 * The resources admission policies never run on (apiserver@v0.36.0
 * pkg/admission/plugin/policy/generic/plugin.go `Dispatch`): the policy kinds themselves
 * (`admissionResources`, excluded from API-based policies to avoid circular dependencies)
 * and the non-persisted review resources kube-apiserver passes through
 * `SetExcludedAdmissionResources` (token and access reviews).
 */
const EXEMPT_RESOURCES = new Set([
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
  'admissionregistration.k8s.io/mutatingadmissionpolicies',
  'admissionregistration.k8s.io/mutatingadmissionpolicybindings',
  'authentication.k8s.io/tokenreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
]);

/** Whether admission policies skip requests for `a` (see {@link EXEMPT_RESOURCES}). */
export function isExemptFromPolicies(a: { group: string; resource: string }): boolean {
  return EXEMPT_RESOURCES.has(`${a.group}/${a.resource}`);
}

const POLICY_KINDS = ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'];

function propsError(field: string, problem: string, got: unknown, fix: string): HaruValidationError {
  let rendered: string;
  try {
    rendered = Array.isArray(got) ? `a list of ${got.length}` : got === null ? 'null' : typeof got === 'object' ? 'an object' : `${typeof got} ${JSON.stringify(got)}`;
  } catch {
    rendered = typeof got;
  }
  return new HaruValidationError('AdmissionEngine', [{ checkId: 'admit/props', field, problem, got: rendered, fix }]);
}

/** Checks the props a plain JavaScript caller passes, so a wrong type is a clear error, not a TypeError. */
function checkProps(props: any): void {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) throw propsError('props', 'must be an object {policies, ...}', props, 'Pass { policies: [...] }');
  if (!Array.isArray(props.policies)) throw propsError('policies', 'must be a list of policy, binding, parameter and Namespace objects', props.policies, 'Pass the parsed manifests as an array');
  for (const k of ['paramObjects', 'namespaces'] as const) {
    if (props[k] !== undefined && !Array.isArray(props[k])) throw propsError(k, 'must be a list of objects', props[k], `Pass ${k} as an array`);
  }
  if (props.user !== undefined && (props.user === null || typeof props.user !== 'object' || typeof props.user.name !== 'string'
    || (props.user.groups !== undefined && (!Array.isArray(props.user.groups) || props.user.groups.some((g: unknown) => typeof g !== 'string'))))) {
    throw propsError('user', 'must be an object {name: string, groups?: string[], uid?: string}', props.user, "Pass e.g. { name: 'alice', groups: ['dev'] }");
  }
  if (props.authorizer !== undefined && (props.authorizer === null || typeof props.authorizer.authorize !== 'function')) {
    throw propsError('authorizer', 'must be an object with an authorize(check) method', props.authorizer, 'Implement IAdmissionAuthorizer');
  }
  if (props.defaulting !== undefined && typeof props.defaulting !== 'boolean') throw propsError('defaulting', 'must be a boolean', props.defaulting, 'Pass true or false');
}

/**
 * Check rules that predict a failure at request time rather than a refusal when the policy
 * is created: the engine runs such policies and shows the failure as the server would.
 */
const REQUEST_TIME_RULES = new Set([
  'admission/apply-configuration-atomic', 'admission/json-patch-list-replace', 'admission/json-patch-path', 'admission/pod-immutable-on-update',
]);

/** The errors the API server would refuse a policy or binding with (the `check` rules). */
function policyViolations(all: any[]): Violation[] {
  const out: Violation[] = [];
  for (const o of all) {
    if (o?.apiVersion !== 'admissionregistration.k8s.io/v1' || !POLICY_KINDS.includes(o?.kind)) continue;
    const label = `${o.kind} ${JSON.stringify(String(o?.metadata?.name ?? ''))}`;
    for (const v of checkObject(o)) {
      if (severityOf(v.checkId) === 'error' && !REQUEST_TIME_RULES.has(v.checkId)) out.push({ ...v, field: `${label}: ${v.field}` });
    }
  }
  return out;
}

/**
 * Runs admission policies offline the way a Kubernetes 1.36 API server runs them on a create
 * or update: MutatingAdmissionPolicies first (binding and policy matching — namespace and
 * object selectors, resource rules, exclusions, `matchPolicy` —, parameters, match
 * conditions, variables, mutations in order: ApplyConfiguration merged with
 * server-side-apply semantics from the 1.36 schema, JSONPatch applied as the server's
 * json-patch library does, the strict decoding of the result, `failurePolicy`,
 * reinvocation), with the object defaulted before admission and after every mutation; then
 * ValidatingAdmissionPolicies on the final object (validations, messages, `Deny`/`Warn`/
 * `Audit` actions, audit annotations). Policies run in the order given (the API server's
 * order is unspecified).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class AdmissionEngine {
  /**
   * An engine with the policies, bindings, parameter objects and Namespaces that `scope`
   * (a chart, or any construct) synthesises — for tests: admit sample objects with
   * {@link AdmissionEngine.admitAll} and assert on the results and traces.
   */
  public static fromChart(scope: IConstruct, options: AdmissionEngineOptions = {}): AdmissionEngine {
    const objects: any[] = [];
    for (const c of scope.node.findAll()) {
      if (c instanceof ApiObject) objects.push(c.toJson());
    }
    return new AdmissionEngine({ ...options, policies: objects });
  }

  /**
   * An engine with the policies, bindings, parameter objects and Namespaces of a YAML text
   * (several documents), read as kubectl reads it. Throws a `HaruValidationError` naming the
   * document and line when kubectl would not read a document.
   */
  public static fromYaml(text: string, options: AdmissionEngineOptions = {}): AdmissionEngine {
    const policies: unknown[] = [];
    let n = 0;
    for (const doc of readYaml(String(text))) {
      if (doc.empty) continue;
      n++;
      if (doc.error) {
        throw new HaruValidationError('AdmissionEngine.fromYaml', [{
          checkId: doc.error.checkId,
          field: `document ${n} (line ${doc.error.line})`,
          problem: doc.error.syntax ? `is not valid YAML: ${doc.error.message}` : `cannot be read as kubectl reads it: ${doc.error.message}`,
          fix: 'Fix the document so that kubectl reads it',
        }]);
      }
      if (doc.value && typeof doc.value === 'object') policies.push(doc.value);
    }
    return new AdmissionEngine({ ...options, policies });
  }

  /** The operation requests are made with. */
  public readonly operation: string;
  private readonly policies: any[];
  private readonly bindings: any[];
  private readonly params: any[];
  private readonly namespaces = new Map<string, any>();
  private readonly strictNamespaces: boolean;
  private readonly user: AdmissionUser;
  private readonly authorizer: IAdmissionAuthorizer;
  private readonly defaulting: boolean;
  private readonly compiled = new Map<string, Compiled>();
  private readonly validating: ValidatingPolicyRunner;

  /** The configured authorizer, asked the way the CEL `authorizer` library asks. */
  private readonly celAuthorizer: ICelAuthorizer = {
    authorize: (r: CelAuthorizationRequest): CelAuthorizationResult => {
      const allowed = this.authorizer.authorize({
        user: r.user ?? this.user.name,
        groups: r.user && r.user !== this.user.name ? [] : [...(this.user.groups ?? [])],
        verb: r.verb,
        group: r.group ?? '',
        resource: r.resource ?? '',
        subresource: r.subresource ?? '',
        namespace: r.namespace ?? '',
        name: r.name ?? '',
        path: r.path ?? '',
      });
      return { decision: allowed ? 'allowed' : 'denied' };
    },
  };

  constructor(props: AdmissionEngineProps) {
    checkArguments('AdmissionEngine.constructor', undefined, [props]);
    checkProps(props);
    const all = [...(props.policies ?? [])].filter((o) => o && typeof o === 'object' && !Array.isArray(o));
    const invalid = policyViolations(all);
    if (invalid.length > 0) throw new HaruValidationError('AdmissionEngine', invalid);
    this.policies = all.filter((o) => isKind(o, 'MutatingAdmissionPolicy'));
    this.bindings = all.filter((o) => isKind(o, 'MutatingAdmissionPolicyBinding'));
    this.params = [...all.filter((o) => !POLICY_KINDS.some((k) => isKind(o, k))), ...(props.paramObjects ?? [])];
    this.strictNamespaces = props.namespaces !== undefined;
    for (const ns of [...all, ...(props.namespaces ?? [])]) {
      if (ns?.kind === 'Namespace' && ns?.apiVersion === 'v1') this.namespaces.set(nameOf(ns), ns);
    }
    const op = props.operation ?? AdmissionOperation.CREATE;
    if (op !== AdmissionOperation.CREATE && op !== AdmissionOperation.UPDATE) {
      throw new HaruValidationError('AdmissionEngine', [{
        checkId: 'admit/operation',
        field: 'operation',
        problem: 'must be a request operation with an object',
        got: JSON.stringify(op),
        allowed: 'CREATE, UPDATE',
        fix: 'Pass AdmissionOperation.CREATE or AdmissionOperation.UPDATE',
      }]);
    }
    this.operation = op;
    this.user = props.user ?? DEFAULT_USER;
    this.authorizer = props.authorizer ?? ALLOW_ALL;
    this.defaulting = props.defaulting ?? true;
    this.validating = new ValidatingPolicyRunner(
      all.filter((o) => isKind(o, 'ValidatingAdmissionPolicy')),
      all.filter((o) => isKind(o, 'ValidatingAdmissionPolicyBinding')),
      (policy, binding, a) => this.collectParams(policy, binding, a),
      this.celAuthorizer,
    );
  }

  /** Admits every object in order (each as its own request). */
  public admitAll(objects: any[]): AdmissionResult[] {
    if (!Array.isArray(objects)) throw propsError('objects', 'must be a list of objects', objects, 'Pass an array of manifests');
    return objects.map((o) => this.admit(o));
  }

  /**
   * Admits one object and returns the admitted object (a copy; the input is not changed),
   * a trace per policy, the warnings and the audit annotations. With `oldManifest` the
   * request is an UPDATE from that object; without it, the engine's operation is used (an
   * UPDATE then uses the object as its own old object).
   */
  public admit(manifest: any, oldManifest?: any): AdmissionResult {
    if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
      throw propsError('manifest', 'must be an object (one Kubernetes manifest)', manifest, 'Pass a parsed manifest');
    }
    if (oldManifest !== undefined && oldManifest !== null && (typeof oldManifest !== 'object' || Array.isArray(oldManifest))) {
      throw propsError('oldManifest', 'must be an object (the stored version of the manifest)', oldManifest, 'Pass a parsed manifest or nothing');
    }
    const original = clone(manifest);
    const operation = oldManifest !== undefined && oldManifest !== null ? 'UPDATE' : this.operation;
    const defaulted = this.defaulting ? applyDefaults(original) : original;
    let oldObject = null;
    if (operation === 'UPDATE') oldObject = oldManifest !== undefined && oldManifest !== null ? clone(oldManifest) : clone(defaulted);
    if (oldObject && this.defaulting) oldObject = applyDefaults(oldObject);
    const attrs = requestAttributes(defaulted, oldObject, operation);
    const empty = { validations: [] as ValidationTrace[], warnings: [] as string[], auditAnnotations: {} as Record<string, string> };
    if (isExemptFromPolicies(attrs)) return { admittedObject: defaulted, admitted: true, policies: [], ...empty };
    const nsObject = this.namespaceObject(attrs);
    const nsLabels = nsObject === undefined ? undefined : (nsObject?.metadata?.labels ?? {});
    const traces: TraceState[] = [];
    const errors: Array<{ trace: TraceState; message: string }> = [];
    const invocations: Invocation[] = [];
    const byKey = new Map<string, TraceState>();
    const rejected = (message: string, reason?: string) => ({
      admittedObject: original, admitted: false, message, policies: traces.map((t) => ({ ...t })), ...empty, ...(reason ? { reason } : {}),
    });

    // Policy x binding x param selection (generic/policy_dispatcher.go Dispatch).
    for (const policy of this.policies) {
      const pname = nameOf(policy);
      const failurePolicy = policy.spec?.failurePolicy ?? 'Fail';
      const bindings = this.bindings.filter((b) => b.spec?.policyName === pname);
      if (bindings.length === 0) continue;
      const trace = (binding = '', param?: string): TraceState => {
        const t: TraceState = { name: pname, binding, param, matched: false, applied: false, changed: false, reinvoked: false, failurePolicy };
        traces.push(t);
        return t;
      };
      const def = matchResources(policy.spec?.matchConstraints, attrs, nsLabels);
      if (def.error) {
        const t = trace();
        errors.push({ trace: t, message: `policy ${JSON.stringify(pname)} denied request: failed to configure policy: ${def.error}` });
        continue;
      }
      if (!def.matches) {
        trace();
        continue;
      }
      let any = false;
      for (const binding of bindings) {
        const bname = nameOf(binding);
        const bm = binding.spec?.matchResources ? matchResources(binding.spec.matchResources, attrs, nsLabels) : { matches: true };
        if (bm.error) {
          const t = trace(bname);
          errors.push({ trace: t, message: `policy '${pname}' with binding '${bname}' denied request: failed to configure binding: ${bm.error}` });
          any = true;
          continue;
        }
        if (!bm.matches) continue;
        let params: any[];
        try {
          params = this.collectParams(policy, binding, attrs);
        } catch (e) {
          const t = trace(bname);
          errors.push({ trace: t, message: `policy '${pname}' with binding '${bname}' denied request: failed to configure binding: ${(e as Error).message}` });
          any = true;
          continue;
        }
        for (const param of params) {
          any = true;
          const key = `${pname}\u0000${bname}\u0000${param ? `${param.metadata?.namespace ?? ''}/${nameOf(param)}` : ''}`;
          invocations.push({ policy, binding, param, version: def.version ?? attrs.version, key });
          byKey.set(key, trace(bname, param ? `${param.metadata?.namespace ? param.metadata.namespace + '/' : ''}${nameOf(param)}` : undefined));
        }
      }
      if (!any) trace();
    }

    let current = defaulted;
    if (invocations.length > 0) {
      if (attrs.namespace !== '' && nsObject === undefined) return rejected(`namespaces ${JSON.stringify(attrs.namespace)} not found`);
      // Mutating dispatcher (mutating/dispatcher.go dispatchInvocations), then the single
      // reinvocation pass of the admission chain, driven by reinvocationcontext.go.
      const previouslyInvoked = new Set<string>();
      const reinvoke = new Set<string>();
      const requireReinvoking = () => {
        for (const k of previouslyInvoked) reinvoke.add(k);
        previouslyInvoked.clear();
      };
      for (const pass of [0, 1]) {
        if (pass === 1 && reinvoke.size === 0) break;
        let dirty = false;
        for (const inv of invocations) {
          if (pass === 1 && !reinvoke.has(inv.key)) continue;
          const t = byKey.get(inv.key)!;
          if (pass === 1) t.reinvoked = true;
          const r = this.invoke(inv, current, oldObject, attrs, nsObject ?? null);
          if (r.error !== undefined) {
            errors.push({ trace: t, message: `policy '${t.name}' with binding '${t.binding}' denied request: ${r.error}` });
            t.errorMessage = r.error;
          }
          if (r.rejection !== undefined) {
            t.errorMessage = r.rejection;
            return rejected(r.rejection, r.reason);
          }
          if (!r.matched) continue;
          t.matched = true;
          if (r.error === undefined && pass === 0) t.applied = true;
          if (r.ran) dirty = true;
          const changed = !jsonEqual(current, r.object);
          current = r.object;
          if (changed) {
            t.changed = true;
            requireReinvoking();
          }
          if (inv.policy.spec?.reinvocationPolicy === 'IfNeeded') previouslyInvoked.add(inv.key);
        }
        // A mutation ran on the object: every reinvocable policy invoked so far runs again.
        if (dirty) requireReinvoking();
      }
    }

    const failing = errors.filter((e) => e.trace.failurePolicy !== 'Ignore');
    if (failing.length > 0) return rejected(failing[0].message);

    // Validating admission runs after every mutating plugin (and their reinvocation).
    const v = this.validating.run(current, oldObject, attrs, nsObject, (version) => this.requestFor(version, attrs));
    if (v.namespaceMissing) return rejected(`namespaces ${JSON.stringify(attrs.namespace)} not found`);
    const base = { policies: traces.map((t) => ({ ...t })), validations: v.traces, warnings: v.warnings, auditAnnotations: v.auditAnnotations };
    if (v.denial) return { ...base, admittedObject: original, admitted: false, message: v.denial.message, reason: v.denial.reason };
    return { ...base, admittedObject: current, admitted: true };
  }

  private namespaceObject(a: RequestAttributes): any | undefined | null {
    if (a.namespace === '') return null;
    const ns = this.namespaces.get(a.namespace);
    if (!ns && !this.strictNamespaces) {
      return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: a.namespace, labels: { 'kubernetes.io/metadata.name': a.namespace } } };
    }
    if (!ns) return undefined;
    const copy = clone(ns);
    copy.metadata = { ...(copy.metadata ?? {}), labels: { ...(copy.metadata?.labels ?? {}), 'kubernetes.io/metadata.name': a.namespace } };
    return copy;
  }

  /** The parameter objects of one binding (generic/policy_dispatcher.go CollectParams). */
  private collectParams(policy: any, binding: any, a: RequestAttributes): any[] {
    const paramKind = policy.spec?.paramKind;
    const ref = binding.spec?.paramRef;
    if (!paramKind || !ref) return [null];
    const kind = lookupKind(paramKind.apiVersion, paramKind.kind);
    const namespaced = kind ? kind.namespaced : true;
    let namespace = '';
    if (namespaced) {
      namespace = ref.namespace || a.namespace;
      if (!namespace) throw new Error('cannot use namespaced paramRef in policy binding that matches cluster-scoped resources');
    } else if (ref.namespace) {
      throw new Error('paramRef.namespace must not be provided for a cluster-scoped `paramKind`');
    }
    const candidates = this.params.filter((p) => p?.apiVersion === paramKind.apiVersion && p?.kind === paramKind.kind
      && (!namespaced || (p.metadata?.namespace ?? 'default') === namespace));
    let found: any[];
    if (ref.name) found = candidates.filter((p) => nameOf(p) === ref.name);
    else found = candidates.filter((p) => selectorMatches(ref.selector ?? {}, p.metadata?.labels ?? {}));
    if (found.length === 0 && ref.parameterNotFoundAction === 'Deny') throw new Error('no params found for policy binding with `Deny` parameterNotFoundAction');
    return found;
  }

  private compile(policy: any, typeName: string | undefined): Compiled {
    const key = `${nameOf(policy)}\u0000${typeName ?? ''}`;
    let c = this.compiled.get(key);
    if (c) return c;
    const spec = policy.spec ?? {};
    const paramKind = spec.paramKind;
    const base: CelCheckOptions = {
      objectType: typeName,
      hasParams: !!paramKind,
      paramsType: paramKind ? rootTypeName(paramKind.apiVersion, paramKind.kind) : undefined,
    };
    const names: string[] = [];
    const variables = (spec.variables ?? []).map((v: any) => {
      const expr = compileExpression(v.expression, CelEnvironment.ADMISSION_VARIABLE, { ...base, variables: [...names] });
      names.push(v.name);
      return { name: v.name, expr };
    });
    const withVars = { ...base, variables: names };
    c = {
      matchConditions: (spec.matchConditions ?? []).map((m: any) => ({
        name: m.name,
        expr: compileExpression(m.expression, CelEnvironment.ADMISSION_MATCH_CONDITION, withVars),
      })),
      variables,
      mutations: (spec.mutations ?? []).map((m: any) => ({
        patchType: m.patchType,
        expr: m.patchType === 'ApplyConfiguration'
          ? compileExpression(m.applyConfiguration?.expression ?? '', CelEnvironment.MUTATION_APPLY_CONFIGURATION, withVars)
          : compileExpression(m.jsonPatch?.expression ?? '', CelEnvironment.MUTATION_JSON_PATCH, withVars),
      })),
    };
    this.compiled.set(key, c);
    return c;
  }

  private request(inv: Invocation, a: RequestAttributes): any {
    return this.requestFor(inv.version, a);
  }

  /** The `request` variable (AdmissionRequest) for a match at `version`. */
  private requestFor(version: string, a: RequestAttributes): any {
    const user = this.user;
    return {
      uid: '00000000-0000-0000-0000-000000000000',
      kind: { group: a.group, version, kind: a.kind },
      resource: { group: a.group, version, resource: a.resource },
      subResource: '',
      requestKind: { group: a.group, version: a.version, kind: a.kind },
      requestResource: { group: a.group, version: a.version, resource: a.resource },
      requestSubResource: '',
      name: a.name,
      namespace: a.namespace,
      operation: a.operation,
      userInfo: { username: user.name, uid: user.uid ?? '', groups: [...(user.groups ?? [])], extra: {} },
      dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: a.operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions' },
    };
  }

  /** One invocation: match conditions, then each mutation in order. */
  private invoke(inv: Invocation, object: any, oldObject: any, a: RequestAttributes, nsObject: any):
  { matched: boolean; ran: boolean; object: any; error?: string; rejection?: string; reason?: string } {
    if (inv.version !== a.version) {
      return { matched: false, ran: false, object, error: `matched ${a.group ? a.group + '/' : ''}${inv.version} ${a.kind} through matchPolicy Equivalent; converting between versions is not supported offline` };
    }
    const typeName = rootTypeName(a.group ? `${a.group}/${a.version}` : a.version, a.kind);
    const c = this.compile(inv.policy, typeName);
    const request = this.request(inv, a);
    const vars: Record<string, unknown> = { object, oldObject, request, params: inv.param ?? null, namespaceObject: nsObject };
    const authz = this.celAuthorizer;
    // Variables are lazy: evaluated on first use, an error surfacing only where one is read.
    const variables: Record<string, unknown> = {};
    const bindVariables = (target: Record<string, unknown>, scope: Record<string, unknown>) => bindLazyVariables(target, c.variables, scope, authz);
    vars.variables = variables;
    bindVariables(variables, vars);

    // Match conditions (webhook/matchconditions/matcher.go): a false one wins over errors.
    const condErrors: string[] = [];
    for (const m of c.matchConditions) {
      let r: unknown;
      try {
        r = m.expr.evaluate(vars, authz);
      } catch (e) {
        condErrors.push(`matchCondition ${JSON.stringify(m.name)}: ${(e as Error).message}`);
        continue;
      }
      // matcher.go: only a false result skips the policy (celtypes.False).
      if (r === false) return { matched: false, ran: false, object };
    }
    if (condErrors.length > 0) {
      if ((inv.policy.spec?.failurePolicy ?? 'Fail') === 'Ignore') return { matched: false, ran: false, object };
      return { matched: false, ran: false, object, error: condErrors.length === 1 ? condErrors[0] : `[${condErrors.join(', ')}]` };
    }

    let current = object;
    let ran = false;
    const mutationErrors: string[] = [];
    for (let i = 0; i < c.mutations.length; i++) {
      const m = c.mutations[i];
      const scope: Record<string, unknown> = { ...vars, object: current };
      if (c.variables.length > 0) {
        // Variables see the object as this mutation sees it.
        const scoped: Record<string, unknown> = {};
        bindVariables(scoped, scope);
        scope.variables = scoped;
      }
      try {
        const result = m.expr.evaluate(scope, authz);
        if (m.patchType === 'ApplyConfiguration') {
          if (!typeName) {
            return { matched: true, ran, object: current, rejection: `Resource kind ${a.group ? a.group + '/' : ''}${a.version}, Kind=${a.kind} not found. There can be a delay between when CustomResourceDefinitions are created and when they are available.` };
          }
          current = applyConfiguration(current, result, typeName);
        } else {
          if (!Array.isArray(result)) throw new Error('type mismatch: JSONPatchType.expression should evaluate to array');
          let patched: unknown;
          try {
            patched = applyJsonPatch(current, result as JsonPatchOperation[]);
          } catch (e) {
            if (e instanceof JsonPatchError) throw new Error(`JSON Patch: ${e.message}`);
            throw e;
          }
          if (patched !== current) {
            // json_patch.go decodes the patched JSON strictly into the typed object; a failure
            // is an InternalError (a StatusError), which dispatcher.go returns at once, before
            // the failurePolicy filter.
            const decodeErrors = strictDecodeErrors(patched, typeName);
            if (decodeErrors.length > 0) {
              return { matched: true, ran, object: current, rejection: `Internal error occurred: ${decodeErrors.join('; ')}`, reason: 'InternalError' };
            }
          }
          current = patched;
        }
        // dispatchOne: the object defaulter runs after every successful patch.
        if (this.defaulting) current = applyDefaults(current);
        ran = true;
      } catch (e) {
        mutationErrors.push(`mutations[${i}]: ${(e as Error).message}`);
      }
    }
    return { matched: true, ran, object: current, error: mutationErrors.length ? mutationErrors.join('; ') : undefined };
  }
}
