import { AdmissionOperation } from '../admit/operation';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkLabelKey, checkLabelValue } from '../base/validators';
import { readsIdentifier } from '../check/validating-admission';

/**
 * Whether the policy runs again when a later admission plugin changed the object.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/#reinvocation
 */
export enum ReinvocationPolicy {
  /** Run once per request. */
  NEVER = 'Never',
  /** Run again (at most once more) if later mutations changed the object. Needs idempotent mutations. */
  IF_NEEDED = 'IfNeeded',
}

/** How rule versions are matched when a resource is served under several versions. */
export enum MatchPolicy {
  /** Only the exact group/version/resource in the rules. */
  EXACT = 'Exact',
  /** Also requests through an equivalent group/version (converted to a matched version). */
  EQUIVALENT = 'Equivalent',
}

/** Which objects a resource rule covers by scope. */
export enum RuleScope {
  /** Cluster-scoped objects only. */
  CLUSTER = 'Cluster',
  /** Namespaced objects only. */
  NAMESPACED = 'Namespaced',
  /** Both. */
  ALL = '*',
}

/** What a binding does when its parameter object does not exist. */
export enum ParameterNotFoundAction {
  /** Treat a missing parameter as a failure (handled per failurePolicy): fail closed. */
  DENY = 'Deny',
  /** Let the request through without running the policy for this binding (the API server makes no invocation when no parameter is found). */
  ALLOW = 'Allow',
}

/** Operator of a label selector requirement. */
export enum SelectorOperator {
  /** Label value is one of `values`. */
  IN = 'In',
  /** Label value is none of `values` (or the label is missing). */
  NOT_IN = 'NotIn',
  /** The label exists. */
  EXISTS = 'Exists',
  /** The label does not exist. */
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector. */
export interface SelectorRequirement {
  /** Label key. */
  readonly key: string;
  /** Operator. */
  readonly operator: SelectorOperator;
  /**
   * Values for In/NotIn (must be empty for Exists/DoesNotExist).
   * @default - none
   */
  readonly values?: string[];
}

/**
 * A label selector for objects or namespaces.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export interface PolicyLabelSelector {
  /**
   * Labels that must all be present with these values.
   * @default - none
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Requirements that must all hold.
   * @default - none
   */
  readonly matchExpressions?: SelectorRequirement[];
}

/** The label every namespace carries with its own name; only the API server sets it. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** @internal */
export function renderSelector(sel: PolicyLabelSelector | undefined, excludeNamespaces?: readonly string[]): any {
  const out: any = {};
  if (sel?.matchLabels && Object.keys(sel.matchLabels).length > 0) out.matchLabels = { ...sel.matchLabels };
  const exprs: any[] = (sel?.matchExpressions ?? []).map((r) => ({
    key: r.key,
    operator: r.operator,
    ...(r.values && r.values.length > 0 ? { values: [...r.values] } : {}),
  }));
  if (excludeNamespaces && excludeNamespaces.length > 0) {
    exprs.push({ key: NAMESPACE_NAME_LABEL, operator: SelectorOperator.NOT_IN, values: [...new Set(excludeNamespaces)].sort() });
  }
  if (exprs.length > 0) out.matchExpressions = exprs;
  return out;
}

/** @internal Props-level checks of a selector and namespace list; the manifest is re-checked by lib/check. */
export function selectorProblems(where: string, field: string, sel: PolicyLabelSelector | undefined, excludeNamespaces?: readonly string[]): void {
  const problems = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) {
    const a = checkLabelKey(`${field}.matchLabels`, k); if (a) problems.push(a);
    const b = checkLabelValue(`${field}.matchLabels[${JSON.stringify(k)}]`, v); if (b) problems.push(b);
  }
  (excludeNamespaces ?? []).forEach((ns, i) => {
    const p = checkDns1123Label(`excludeNamespaces[${i}]`, ns);
    if (p) problems.push({ ...p, checkId: 'admission/exclude-namespaces', fix: 'List namespace names (DNS-1123 labels)' });
  });
  if (problems.length) throw new HaruValidationError(where, problems);
}

/** Options for a custom {@link ResourceRule}. */
export interface ResourceRuleProps {
  /** API groups (`""` is the core group). */
  readonly apiGroups: string[];
  /** API versions, e.g. `["v1"]` or `["*"]`. */
  readonly apiVersions: string[];
  /** Resources (plural, lower case), optionally with a subresource (`pods/status`). */
  readonly resources: string[];
  /**
   * Restrict the rule to objects with these names.
   * @default - all names
   */
  readonly resourceNames?: string[];
  /**
   * Scope of the objects.
   * @default RuleScope.ALL
   */
  readonly scope?: RuleScope;
}

/**
 * Which resources a policy (or binding) matches. Use the helpers for the common kinds so the
 * policy's expressions are type-checked against the kind's 1.36 schema.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/#matching-requests-matchconstraints
 */
export class ResourceRule {
  /** Pods (core/v1). */
  public static pods(): ResourceRule { return new ResourceRule({ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }); }
  /** Deployments (apps/v1). */
  public static deployments(): ResourceRule { return new ResourceRule({ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }); }
  /** StatefulSets (apps/v1). */
  public static statefulSets(): ResourceRule { return new ResourceRule({ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['statefulsets'] }); }
  /** DaemonSets (apps/v1). */
  public static daemonSets(): ResourceRule { return new ResourceRule({ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['daemonsets'] }); }
  /** ReplicaSets (apps/v1). */
  public static replicaSets(): ResourceRule { return new ResourceRule({ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['replicasets'] }); }
  /** Jobs (batch/v1). */
  public static jobs(): ResourceRule { return new ResourceRule({ apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs'] }); }
  /** CronJobs (batch/v1). */
  public static cronJobs(): ResourceRule { return new ResourceRule({ apiGroups: ['batch'], apiVersions: ['v1'], resources: ['cronjobs'] }); }
  /** Services (core/v1). */
  public static services(): ResourceRule { return new ResourceRule({ apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }); }
  /**
   * The `pods/ephemeralcontainers` subresource (core/v1): how `kubectl debug` adds an ephemeral
   * container to a running pod. Its request carries the whole Pod, so together with
   * {@link ResourceRule.pods} a policy still matches one kind (Pod) and is typed by it.
   */
  public static ephemeralContainers(): ResourceRule { return new ResourceRule({ apiGroups: [''], apiVersions: ['v1'], resources: ['pods/ephemeralcontainers'] }); }
  /** ConfigMaps (core/v1). */
  public static configMaps(): ResourceRule { return new ResourceRule({ apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }); }
  /** ServiceAccounts (core/v1). */
  public static serviceAccounts(): ResourceRule { return new ResourceRule({ apiGroups: [''], apiVersions: ['v1'], resources: ['serviceaccounts'] }); }
  /** Namespaces (core/v1, cluster-scoped). */
  public static namespaces(): ResourceRule { return new ResourceRule({ apiGroups: [''], apiVersions: ['v1'], resources: ['namespaces'] }); }
  /** Any resource, spelled out. Expressions are then checked with an untyped `object`. */
  public static custom(props: ResourceRuleProps): ResourceRule { return new ResourceRule(props); }

  /** API groups. */
  public readonly apiGroups: string[];
  /** API versions. */
  public readonly apiVersions: string[];
  /** Resources. */
  public readonly resources: string[];
  /** Resource names, if restricted. */
  public readonly resourceNames?: string[];
  /** Scope, if restricted. */
  public readonly scope?: RuleScope;

  private constructor(props: ResourceRuleProps) {
    this.apiGroups = [...(props.apiGroups ?? [])];
    this.apiVersions = [...(props.apiVersions ?? [])];
    this.resources = [...(props.resources ?? [])];
    this.resourceNames = props.resourceNames ? [...props.resourceNames] : undefined;
    this.scope = props.scope;
  }

  /** @internal */
  public _render(operations: readonly string[]): any {
    return {
      ...(this.resourceNames && this.resourceNames.length > 0 ? { resourceNames: [...this.resourceNames] } : {}),
      operations: [...operations],
      apiGroups: [...this.apiGroups],
      apiVersions: [...this.apiVersions],
      resources: [...this.resources],
      ...(this.scope ? { scope: this.scope } : {}),
    };
  }
}

/**
 * The kind of the parameter object a policy reads through `params`.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/#parameter-resources
 */
export class ParamKind {
  /** A core/v1 ConfigMap (values under `params.data`). */
  public static configMap(): ParamKind { return new ParamKind('v1', 'ConfigMap'); }
  /** Any kind by apiVersion (`group/version` or `v1`) and kind, e.g. a custom resource. */
  public static of(apiVersion: string, kind: string): ParamKind { return new ParamKind(apiVersion, kind); }

  private constructor(
    /** `group/version` of the parameter kind. */
    public readonly apiVersion: string,
    /** Kind of the parameter objects. */
    public readonly kind: string) {}
}

/** Options shared by both ways of referring to parameter objects. */
export interface ParamRefOptions {
  /**
   * Namespace of the parameter object(s). Leave unset for cluster-scoped parameter kinds, or to
   * use the namespace of the request being admitted.
   * @default - the request's namespace (or cluster scope)
   */
  readonly namespace?: string;
  /**
   * What to do when no parameter object is found.
   * @default ParameterNotFoundAction.DENY
   */
  readonly parameterNotFoundAction?: ParameterNotFoundAction;
}

/**
 * Which parameter object(s) a binding passes to the policy as `params`.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/#parameter-resources
 */
export class ParamRef {
  /** One parameter object by name. */
  public static byName(name: string, options: ParamRefOptions = {}): ParamRef {
    return new ParamRef(name, undefined, options);
  }
  /** Every parameter object matching a label selector (the policy runs once per object). */
  public static bySelector(selector: PolicyLabelSelector, options: ParamRefOptions = {}): ParamRef {
    return new ParamRef(undefined, selector, options);
  }

  /** Name of the parameter object, if referenced by name. */
  public readonly name?: string;
  /** Selector of the parameter objects, if referenced by selector. */
  public readonly selector?: PolicyLabelSelector;
  /** Namespace of the parameter object(s). */
  public readonly namespace?: string;
  /** Action when the parameter is missing. */
  public readonly parameterNotFoundAction: ParameterNotFoundAction;

  private constructor(name: string | undefined, selector: PolicyLabelSelector | undefined, options: ParamRefOptions) {
    this.name = name;
    this.selector = selector;
    this.namespace = options.namespace;
    this.parameterNotFoundAction = options.parameterNotFoundAction ?? ParameterNotFoundAction.DENY;
  }

  /** @internal */
  public _render(): any {
    return {
      ...(this.name !== undefined ? { name: this.name } : {}),
      ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
      ...(this.selector !== undefined ? { selector: renderSelector(this.selector) } : {}),
      parameterNotFoundAction: this.parameterNotFoundAction,
    };
  }
}

/** A named CEL condition; the policy applies only when every condition is true. */
export interface MatchCondition {
  /** Qualified name, unique within the policy. */
  readonly name: string;
  /** CEL expression returning bool (`object`, `oldObject`, `request`, `namespaceObject`, `params`, `authorizer`). */
  readonly expression: string;
}

/** A named CEL expression the mutations can use as `variables.<name>`. */
export interface PolicyVariable {
  /** CEL identifier (not a reserved word). */
  readonly name: string;
  /** CEL expression; may use variables declared before it. */
  readonly expression: string;
}

/** @internal What a policy or binding matches, as {@link renderMatch} reads it (both policy kinds share it). */
export interface MatchShape {
  readonly operations?: readonly string[];
  readonly excludeRules?: readonly ResourceRule[];
  readonly objectSelector?: PolicyLabelSelector;
  readonly namespaceSelector?: PolicyLabelSelector;
  readonly excludeNamespaces?: readonly string[];
}

/** @internal Renders `matchConstraints` / `matchResources` (operations default to CREATE). */
export function renderMatch(opts: MatchShape, rules: readonly ResourceRule[] | undefined, matchPolicy?: MatchPolicy): any {
  const ops = opts.operations ?? [AdmissionOperation.CREATE];
  const out: any = {};
  const ns = renderSelector(opts.namespaceSelector, opts.excludeNamespaces);
  if (Object.keys(ns).length) out.namespaceSelector = ns;
  const os = renderSelector(opts.objectSelector);
  if (Object.keys(os).length) out.objectSelector = os;
  if (rules && rules.length) out.resourceRules = rules.map((r) => r._render(ops));
  if (opts.excludeRules && opts.excludeRules.length) out.excludeResourceRules = opts.excludeRules.map((r) => r._render(ops));
  if (matchPolicy) out.matchPolicy = matchPolicy;
  return out;
}

/** @internal Whether CEL text mentions `params` outside string literals. */
export function readsParams(expression: string): boolean {
  return readsIdentifier(expression, 'params');
}

/**
 * @internal A binding's paramRef against its policy's paramKind: a paramRef without a
 * paramKind can never be read, and a paramKind without a paramRef leaves `params` null.
 */
export function paramRefProblems(
  policyClass: string, policyName: string, paramKind: ParamKind | undefined, paramRef: ParamRef | undefined,
): Violation[] {
  if (paramRef && !paramKind) {
    return [{
      checkId: 'admission/param-ref',
      field: 'spec.paramRef',
      problem: `is set, but policy ${JSON.stringify(policyName)} has no paramKind, so the parameter could never be read (params is undeclared)`,
      got: renderValue(paramRef._render()),
      fix: `Set paramKind on the ${policyClass} (e.g. ParamKind.configMap()), or remove paramRef`,
    }];
  }
  if (!paramRef && paramKind) {
    return [{
      checkId: 'admission/param-ref',
      field: 'spec.paramRef',
      problem: `is required: policy ${JSON.stringify(policyName)} has paramKind ${paramKind.apiVersion} ${paramKind.kind}, and without a paramRef params is null and every expression reading it fails`,
      fix: 'Pass paramRef: ParamRef.byName("...", {namespace, parameterNotFoundAction}) (or bySelector)',
    }];
  }
  return [];
}

/** @internal The refusal when expressions read `params` but the policy declares no paramKind. */
export function paramsWithoutKind(): Violation {
  return {
    checkId: 'admission/params',
    field: 'paramKind',
    problem: 'is not set, but an expression reads params (params is not declared without a paramKind)',
    got: 'unset',
    allowed: 'a ParamKind whenever an expression reads params',
    fix: 'Set paramKind (e.g. ParamKind.configMap()) and give the binding a paramRef',
  };
}
