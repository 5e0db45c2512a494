import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { MatchCondition, MatchPolicy, ParamKind, ParamRef, PolicyLabelSelector, PolicyVariable, paramRefProblems, paramsWithoutKind, readsParams, ReinvocationPolicy, renderMatch, ResourceRule, selectorProblems } from './match';
import { Mutation, OPT_OUT_PREFIX, RenderedMutation } from './mutation';
import { atProps } from './prop-path';
import { AdmissionOperation } from '../admit/operation';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { matchedKind, MatchedKind } from '../check/admission';
import { checkObject } from '../check/registry';
import { ProfileSetting } from '../profile/profile';
import { failing, profileFor } from '../profile/resolve';
import { clusterScoped } from '../render/cluster-scoped';
import { FailurePolicy } from '../values/failure-policies';
import { OptOut, UserNamespace } from '../values/pod';

const API_VERSION = 'admissionregistration.k8s.io/v1';

/** Where a binding or policy matches: rules, selectors and namespace exclusions. */
export interface MatchOptions {
  /**
   * Operations the resource rules match. DELETE cannot be matched by a mutating policy.
   * @default [AdmissionOperation.CREATE]
   */
  readonly operations?: AdmissionOperation[];
  /**
   * Resources excluded even though the rules match them.
   * @default - none
   */
  readonly excludeRules?: ResourceRule[];
  /**
   * Only objects whose labels match.
   * @default - all objects
   */
  readonly objectSelector?: PolicyLabelSelector;
  /**
   * Only objects in namespaces whose labels match.
   * @default - all namespaces
   */
  readonly namespaceSelector?: PolicyLabelSelector;
  /**
   * Namespaces to leave alone, rendered as `kubernetes.io/metadata.name NotIn [...]` in the
   * namespace selector. That label is set by the API server to the namespace's own name and
   * cannot be changed by a tenant — unlike any other label, which a namespace owner could set
   * to opt out of a security policy. A policy without it takes the nearest HardeningProfile's
   * `excludeNamespaces`; a locked list bounds policies and bindings alike.
   * @default - none
   */
  readonly excludeNamespaces?: string[];
}

/** Options for a binding of a {@link MutatingPolicy}. */
export interface MutatingPolicyBindingOptions extends MatchOptions {
  /**
   * Name of the MutatingAdmissionPolicyBinding.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Narrow the binding to these resources (within what the policy matches).
   * @default - everything the policy matches
   */
  readonly rules?: ResourceRule[];
  /**
   * The parameter object(s) passed as `params`. Required when the policy has a paramKind;
   * refused when it has none.
   * @default - no parameters
   */
  readonly paramRef?: ParamRef;
}

/** Props of {@link MutatingPolicyBinding}. */
export interface MutatingPolicyBindingProps extends MutatingPolicyBindingOptions {
  /** The policy to bind. */
  readonly policy: MutatingPolicy;
}

/** Props of {@link MutatingPolicy}. */
export interface MutatingPolicyProps extends MatchOptions {
  /**
   * Name of the MutatingAdmissionPolicy.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Resources the policy matches (at least one; they give the expressions their types).
   * Match exactly one kind, e.g. `[ResourceRule.pods()]`, for typed mutations and presets.
   */
  readonly rules: ResourceRule[];
  /**
   * The mutations, applied in order (each sees the result of the previous one).
   */
  readonly mutations: Mutation[];
  /**
   * How rule versions match equivalent group/versions.
   * @default MatchPolicy.EQUIVALENT
   */
  readonly matchPolicy?: MatchPolicy;
  /**
   * CEL conditions that must all be true for the policy to apply (at most 64 in total,
   * including the guards presets add).
   * @default - none
   */
  readonly matchConditions?: MatchCondition[];
  /**
   * Named CEL values the mutations can read as `variables.<name>`.
   * @default - none
   */
  readonly variables?: PolicyVariable[];
  /**
   * Kind of the parameter objects (`params`); bindings must then reference one.
   * @default - no parameters
   */
  readonly paramKind?: ParamKind;
  /**
   * What happens when an expression fails at admission time (or the nearest
   * HardeningProfile's `admissionFailurePolicy`).
   * @default FailurePolicy.FAIL
   */
  readonly failurePolicy?: FailurePolicy;
  /**
   * Whether the policy runs again when later admission plugins changed the object. The API
   * requires a value. `IfNeeded` is the default because every mutation this library renders is
   * idempotent (list-map merge by key, guards on what is already present, values kept when
   * set), so a second run is safe and lets the policy see — and complete — objects that other
   * mutating plugins changed after it (e.g. a webhook adding a container that then needs
   * hardening or default resources).
   * @default ReinvocationPolicy.IF_NEEDED
   */
  readonly reinvocationPolicy?: ReinvocationPolicy;
  /**
   * Create a binding that applies the policy cluster-wide (within the policy's match).
   * @default true
   */
  readonly defaultBinding?: boolean;
  /**
   * Parameter reference of the default binding (required when `paramKind` is set).
   * @default - no parameters
   */
  readonly paramRef?: ParamRef;
}

/** Pod spec fields that may change on UPDATE (everything else in a Pod's spec is immutable). */
const POD_MUTABLE_ON_UPDATE = [
  'spec.containers.image', 'spec.initContainers.image', 'spec.containers.name', 'spec.initContainers.name',
  'spec.activeDeadlineSeconds', 'spec.tolerations', 'spec.terminationGracePeriodSeconds', 'spec.schedulingGates',
];

function leafPaths(paths: readonly string[][]): string[] {
  const dotted = [...new Set(paths.map((p) => p.join('.')))];
  return dotted.filter((p) => !dotted.some((q) => q !== p && q.startsWith(p + '.'))).sort();
}

/** @internal Immutable Pod spec fields a mutation sets while UPDATE is matched. */
export function podUpdateProblems(
  where: string, kind: MatchedKind | undefined, operations: readonly string[], r: RenderedMutation, exprText: string,
): Violation[] {
  if (kind?.kind !== 'Pod' || !r.setPaths) return [];
  if (!operations.includes('UPDATE') && !operations.includes('*')) return [];
  if (/request\.operation/.test(exprText)) return [];
  const bad = leafPaths(r.setPaths).filter((p) => p.startsWith('spec') && !POD_MUTABLE_ON_UPDATE.some((m) => p === m || p.startsWith(m + '.')));
  if (bad.length === 0) return [];
  return [{
    checkId: 'admission/pod-immutable-on-update',
    field: where,
    problem: 'sets Pod spec fields that are immutable on UPDATE, so every update of a pod that does not already have these values would be rejected',
    got: `${bad.join(', ')} with operations ${renderValue(operations)}`,
    allowed: 'on UPDATE only image, activeDeadlineSeconds, tolerations (additions), terminationGracePeriodSeconds, schedulingGates (removals)',
    fix: 'Match CREATE only (operations: [AdmissionOperation.CREATE], the default), or guard the expression with request.operation == "CREATE"',
  }];
}

/**
 * A MutatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA in Kubernetes 1.36) with
 * typed mutations, plus by default one binding that applies it.
 *
 * Everything is checked at synth: the server-side rules of both objects, and every CEL
 * expression parsed and type-checked against the 1.36 schema of the matched kind. Secure
 * defaults: `failurePolicy: Fail`, operations CREATE only, namespace exclusion through the
 * immutable `kubernetes.io/metadata.name` label.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/
 */
export class MutatingPolicy extends Construct {
  /** The generated MutatingAdmissionPolicy (id `Resource`, for `ApiObject.of(...).addJsonPatch`). */
  public readonly apiObject: ApiObject;
  /** Name of the MutatingAdmissionPolicy. */
  public readonly name: string;
  /** Matched operations. */
  public readonly operations: AdmissionOperation[];
  /** Failure policy. */
  public readonly failurePolicy: FailurePolicy;
  /** Reinvocation policy. */
  public readonly reinvocationPolicy: ReinvocationPolicy;
  /** Match policy. */
  public readonly matchPolicy: MatchPolicy;
  /** Kind of the parameter objects, if any. */
  public readonly paramKind?: ParamKind;
  /** The default binding, unless disabled. */
  public readonly defaultBinding?: MutatingPolicyBinding;

  constructor(scope: Construct, id: string, props: MutatingPolicyProps) {
    checkArguments('MutatingPolicy.constructor', undefined, [scope, id, props]);
    super(scope, id);
    const profile = profileFor(this);
    props = { ...props, excludeNamespaces: props.excludeNamespaces ?? profile.value(ProfileSetting.EXCLUDE_NAMESPACES) };
    this.operations = [...(props.operations ?? [AdmissionOperation.CREATE])];
    this.failurePolicy = props.failurePolicy ?? profile.value(ProfileSetting.ADMISSION_FAILURE_POLICY) ?? FailurePolicy.FAIL;
    this.reinvocationPolicy = props.reinvocationPolicy ?? ReinvocationPolicy.IF_NEEDED;
    this.matchPolicy = props.matchPolicy ?? MatchPolicy.EQUIVALENT;
    this.paramKind = props.paramKind;
    selectorProblems(this.node.path, 'namespaceSelector', props.namespaceSelector, props.excludeNamespaces);
    selectorProblems(this.node.path, 'objectSelector', props.objectSelector);

    const violations: Violation[] = [
      ...profile.locks(ProfileSetting.EXCLUDE_NAMESPACES, props.excludeNamespaces ?? []),
      ...profile.locks(ProfileSetting.ADMISSION_FAILURE_POLICY, this.failurePolicy, 'failurePolicy'),
    ];
    const matchConstraints = renderMatch({ ...props, operations: this.operations }, props.rules ?? [], this.matchPolicy);
    const kind = matchedKind(matchConstraints.resourceRules);
    // a typed mutation on rules that match no single kind: say which rules the user wrote
    const resources = (matchConstraints.resourceRules ?? []).flatMap((r: any) => r.resources ?? []);
    const rulesGot = resources.length ? `rules for resources ${renderValue(resources)}` : 'rules: [], which match no kind';

    if (Array.isArray(props.mutations) && props.mutations.length === 0) {
      violations.push({
        checkId: 'admission/mutations',
        field: 'mutations',
        problem: 'must contain at least one mutation',
        got: '[]',
        allowed: 'one or more Mutation values',
        fix: 'Add a mutation, e.g. Mutation.addLabels({ team: "web" })',
      });
    }
    const mutations: any[] = [];
    const guards: MatchCondition[] = [];
    const annotations: Record<string, string> = {};
    let usesParams = false;
    (props.mutations ?? []).forEach((m, i) => {
      const where = `mutations[${i}]`;
      if (!(m instanceof Mutation)) {
        violations.push({ checkId: 'admission/mutations', field: where, problem: 'must be a Mutation (use the Mutation.* factories)', got: renderValue(m) });
        return;
      }
      const r = m._render({ kind, where, profile });
      violations.push(...r.violations.map((v) => (v.checkId === 'admission/mutation-kind' && !kind ? { ...v, got: rulesGot } : v)));
      const text = r.mutations.map((x) => x.applyConfiguration?.expression ?? x.jsonPatch?.expression ?? '').join('\n');
      violations.push(...podUpdateProblems(`${where} (${m.factory})`, kind, this.operations, r, text));
      mutations.push(...r.mutations);
      guards.push(...r.matchConditions);
      Object.assign(annotations, r.annotations ?? {});
      // Any opt-out of hostUsers weakens a locked user namespace, whatever its reason says
      // (a reason too short for OptOut.because must not slip past the lock).
      const hostUsers = r.annotations?.[`${OPT_OUT_PREFIX}host-users`];
      if (hostUsers !== undefined) {
        violations.push(...profile.locks(ProfileSetting.USER_NAMESPACE, UserNamespace.host(OptOut.because('opted out by a mutation')), `${where} (${m.factory}).hostUsersOptOutReason`));
      }
      usesParams = usesParams || r.usesParams;
    });

    const conditions: MatchCondition[] = [];
    const conditionProps: Array<number | undefined> = []; // rendered index → props.matchConditions index
    const userConditions = props.matchConditions ?? [];
    [...userConditions, ...guards].forEach((c, i) => {
      const same = conditions.find((x) => x.name === c.name);
      if (same && same.expression === c.expression) return;
      conditions.push({ name: c.name, expression: c.expression });
      conditionProps.push(i < userConditions.length ? i : undefined);
    });
    const variables = (props.variables ?? []).map((v) => ({ name: v.name, expression: v.expression }));
    const textUsesParams = [...conditions, ...variables].some((c) => readsParams(String(c.expression)));
    if ((usesParams || textUsesParams) && !props.paramKind) {
      violations.push(paramsWithoutKind());
    }

    const spec: any = {};
    if (props.paramKind) spec.paramKind = { apiVersion: props.paramKind.apiVersion, kind: props.paramKind.kind };
    spec.matchConstraints = matchConstraints;
    if (conditions.length) spec.matchConditions = conditions;
    if (variables.length) spec.variables = variables;
    spec.mutations = mutations;
    spec.failurePolicy = this.failurePolicy;
    spec.reinvocationPolicy = this.reinvocationPolicy;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'MutatingAdmissionPolicy',
      metadata: { ...(props.name !== undefined ? { name: props.name } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) },
      spec,
    });
    clusterScoped(this.apiObject);
    this.name = this.apiObject.name;

    // The construct types its CEL at synth: the schema-typed findings the API server only
    // warns about (admission/type-check) fail here too.
    const synthFailing = (): Violation[] => {
      const all = checkObject(this.apiObject.toJson());
      return [...failing(this, all.filter((v) => v.checkId !== 'admission/type-check')), ...all.filter((v) => v.checkId === 'admission/type-check')];
    };
    if (violations.length === 0) violations.push(...atProps(synthFailing(), { matchConditions: conditionProps, lists: ['variables'] }));
    if (violations.length) throw new HaruValidationError(this.node.path, violations);
    this.node.addValidation({ validate: () => synthFailing().map((v) => `[${v.checkId}] ${v.field}: ${v.problem}`) });

    if (props.defaultBinding !== false) {
      this.defaultBinding = new MutatingPolicyBinding(this, 'DefaultBinding', {
        policy: this,
        name: `${this.name}-binding`.slice(0, 253),
        paramRef: props.paramRef,
      });
    } else if (props.paramRef) {
      throw new HaruValidationError(this.node.path, [{
        checkId: 'admission/param-ref',
        field: 'paramRef',
        problem: 'is set but defaultBinding is false, so nothing would use it',
        got: 'a paramRef with defaultBinding: false',
        allowed: 'paramRef with the default binding, or on a binding from addBinding(...)',
        fix: 'Remove paramRef, or pass it to addBinding(...)',
      }]);
    }
  }

  /** Adds another binding of this policy (own name, match narrowing and parameters). */
  public addBinding(id: string, options: MutatingPolicyBindingOptions = {}): MutatingPolicyBinding {
    return new MutatingPolicyBinding(this, id, { ...options, policy: this });
  }
}

/**
 * A MutatingAdmissionPolicyBinding: applies a {@link MutatingPolicy}, optionally narrowed to
 * some namespaces/objects and with a parameter reference.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/#binding-a-policy
 */
export class MutatingPolicyBinding extends Construct {
  /** The generated MutatingAdmissionPolicyBinding (id `Resource`). */
  public readonly apiObject: ApiObject;
  /** Name of the binding. */
  public readonly name: string;
  /** Name of the bound policy. */
  public readonly policyName: string;

  constructor(scope: Construct, id: string, props: MutatingPolicyBindingProps) {
    checkArguments('MutatingPolicyBinding.constructor', undefined, [scope, id, props]);
    super(scope, id);
    const policy = props.policy;
    this.policyName = policy.name;
    selectorProblems(this.node.path, 'namespaceSelector', props.namespaceSelector, props.excludeNamespaces);
    selectorProblems(this.node.path, 'objectSelector', props.objectSelector);

    // A binding's exclusions add to the policy's: a locked exclusion list bounds them too.
    const violations: Violation[] = profileFor(this).locks(ProfileSetting.EXCLUDE_NAMESPACES, props.excludeNamespaces ?? []);
    violations.push(...paramRefProblems('MutatingPolicy', policy.name, policy.paramKind, props.paramRef));
    const hasMatch = (props.rules && props.rules.length) || props.namespaceSelector || props.objectSelector
      || (props.excludeNamespaces && props.excludeNamespaces.length) || (props.excludeRules && props.excludeRules.length);
    const spec: any = { policyName: policy.name };
    if (props.paramRef) spec.paramRef = props.paramRef._render();
    if (hasMatch) spec.matchResources = renderMatch({ ...props, operations: props.operations ?? policy.operations }, props.rules);

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'MutatingAdmissionPolicyBinding',
      metadata: props.name !== undefined ? { name: props.name } : {},
      spec,
    });
    clusterScoped(this.apiObject);
    this.name = this.apiObject.name;
    if (violations.length === 0) violations.push(...failing(this, checkObject(this.apiObject.toJson())));
    if (violations.length) throw new HaruValidationError(this.node.path, violations);
    this.node.addValidation({ validate: () => failing(this, checkObject(this.apiObject.toJson())).map((v) => `[${v.checkId}] ${v.field}: ${v.problem}`) });
  }
}
