import { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { CompiledExpression, compileExpression } from './cel-step';
import { applyJsonPatch, jsonEqual, JsonPatchOperation } from './json-patch';
import { matchResources, RequestAttributes, requestAttributes, selectorMatches } from './matching';
import { applyConfiguration } from './merge';
import { AdmissionOperation } from './operation';
import { checkArguments } from '../base/arguments';
import { HaruValidationError } from '../base/errors';
import { CelEnvironment } from '../cel';
import type { CelCheckOptions } from '../cel';
import type { CelAuthorizationRequest, CelAuthorizationResult, ICelAuthorizer } from '../cel/program';
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
  readonly namespaceName: string;
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
}

/** Props of {@link AdmissionEngine}. */
export interface AdmissionEngineProps extends AdmissionEngineOptions {
  /**
   * MutatingAdmissionPolicies and MutatingAdmissionPolicyBindings (a policy runs only through
   * its bindings, as on a cluster). Other objects in the list are available as parameter
   * objects, and Namespaces as namespaces.
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
  /** What each policy did, in order. */
  readonly policies: PolicyTrace[];
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
  return x === undefined ? x : structuredClone(x);
}

function nameOf(o: any): string {
  return String(o?.metadata?.name ?? '');
}

function isKind(o: any, kind: string): boolean {
  return o?.kind === kind && o?.apiVersion === 'admissionregistration.k8s.io/v1';
}

/**
 * Runs MutatingAdmissionPolicies offline the way a Kubernetes 1.36 API server runs them on a
 * create or update: binding and policy matching (namespace and object selectors, resource
 * rules, exclusions, `matchPolicy`), parameters, match conditions, variables, mutations in
 * order (ApplyConfiguration merged with server-side-apply semantics from the 1.36 schema,
 * JSONPatch applied as RFC 6902), `failurePolicy` and reinvocation. Objects are not defaulted
 * by the engine, and policies run in the order given (the API server's order is unspecified).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/
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
  private readonly compiled = new Map<string, Compiled>();

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
        namespaceName: r.namespaceName ?? '',
        name: r.name ?? '',
        path: r.path ?? '',
      });
      return { decision: allowed ? 'allowed' : 'denied' };
    },
  };

  constructor(props: AdmissionEngineProps) {
    checkArguments('AdmissionEngine.constructor', undefined, [props]);
    const all = [...(props.policies ?? [])].filter((o) => o && typeof o === 'object');
    this.policies = all.filter((o) => isKind(o, 'MutatingAdmissionPolicy'));
    this.bindings = all.filter((o) => isKind(o, 'MutatingAdmissionPolicyBinding'));
    this.params = [...all.filter((o) => !isKind(o, 'MutatingAdmissionPolicy') && !isKind(o, 'MutatingAdmissionPolicyBinding')), ...(props.paramObjects ?? [])];
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
  }

  /** Admits every object in order (each as its own request). */
  public admitAll(objects: any[]): AdmissionResult[] {
    return objects.map((o) => this.admit(o));
  }

  /**
   * Admits one object as a request with the engine's operation and returns the admitted
   * object (a copy; the input is not changed) and a trace per policy.
   */
  public admit(manifest: any): AdmissionResult {
    const original = clone(manifest);
    const oldObject = this.operation === 'UPDATE' ? clone(manifest) : null;
    const attrs = requestAttributes(original, oldObject, this.operation);
    const nsObject = this.namespaceObject(attrs);
    const nsLabels = nsObject === undefined ? undefined : (nsObject?.metadata?.labels ?? {});
    const traces: TraceState[] = [];
    const errors: Array<{ trace: TraceState; message: string }> = [];
    const invocations: Invocation[] = [];
    const byKey = new Map<string, TraceState>();

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

    let current = original;
    if (invocations.length > 0) {
      if (attrs.namespace !== '' && nsObject === undefined) {
        return { admittedObject: original, admitted: false, message: `namespaces ${JSON.stringify(attrs.namespace)} not found`, policies: traces.map((t) => ({ ...t })) };
      }
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
            return { admittedObject: original, admitted: false, message: r.rejection, policies: traces.map((x) => ({ ...x })) };
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
    if (failing.length > 0) {
      return { admittedObject: original, admitted: false, message: failing[0].message, policies: traces.map((t) => ({ ...t })) };
    }
    return { admittedObject: current, admitted: true, policies: traces.map((t) => ({ ...t })) };
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
    const user = this.user;
    return {
      uid: '00000000-0000-0000-0000-000000000000',
      kind: { group: a.group, version: inv.version, kind: a.kind },
      resource: { group: a.group, version: inv.version, resource: a.resource },
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
  { matched: boolean; ran: boolean; object: any; error?: string; rejection?: string } {
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
    const bindVariables = (target: Record<string, unknown>, scope: Record<string, unknown>) => {
      for (const v of c.variables) {
        let done = false;
        let value: unknown;
        let err: unknown;
        Object.defineProperty(target, v.name, {
          enumerable: true,
          configurable: true,
          get: () => {
            if (!done) {
              done = true;
              try {
                value = v.expr.evaluate(scope, authz);
              } catch (e) {
                err = e;
              }
            }
            if (err) throw err;
            return value;
          },
        });
      }
    };
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
      if (r !== true) return { matched: false, ran: false, object };
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
          try {
            current = applyJsonPatch(current, result as JsonPatchOperation[]);
          } catch (e) {
            throw new Error(`JSONPath: ${(e as Error).message}`);
          }
        }
        ran = true;
      } catch (e) {
        mutationErrors.push(`mutations[${i}]: ${(e as Error).message}`);
      }
    }
    return { matched: true, ran, object: current, error: mutationErrors.length ? mutationErrors.join('; ') : undefined };
  }
}
