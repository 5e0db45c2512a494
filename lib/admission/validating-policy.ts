import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  MatchCondition, MatchPolicy, ParamKind, ParamRef, paramRefProblems, paramsWithoutKind, PolicyLabelSelector, PolicyVariable, readsParams,
  renderMatch, ResourceRule, selectorProblems,
} from './match';
import { atProps } from './prop-path';
import { Validation } from './validation';
import { AdmissionOperation } from '../admit/operation';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { matchedKind, MatchedKind } from '../check/admission';
import { checkObject } from '../check/registry';
import { ProfileSetting } from '../profile/profile';
import { failing, profileFor } from '../profile/resolve';
import { clusterScoped } from '../render/cluster-scoped';
import { FailurePolicy } from '../values/failure-policies';

const API_VERSION = 'admissionregistration.k8s.io/v1';

/**
 * What the API server does when a validation of a binding fails.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#validation-actions
 */
export enum ValidationAction {
  /** Reject the request. */
  DENY = 'Deny',
  /** Admit it and return a warning to the client (kubectl prints `Warning: ...`). Not together with DENY. */
  WARN = 'Warn',
  /** Admit it and record the failure in the audit event (`validation.policy.admission.k8s.io/validation_failure`). */
  AUDIT = 'Audit',
}

/** An audit annotation a ValidatingAdmissionPolicy adds to the audit event of every matched request. */
export interface AuditAnnotation {
  /**
   * Key, published as `<policy name>/<key>` (which must be a qualified name: the key at most 63
   * characters of `[A-Za-z0-9._-]`, the policy name a DNS subdomain).
   */
  readonly key: string;
  /** CEL returning the value (a string), or null to leave the annotation out. At most 5 KiB. */
  readonly valueExpression: string;
}

/** What a {@link ValidatingPolicy} or one of its bindings matches, besides the resource rules. */
export interface ValidatingMatchOptions {
  /**
   * Operations the resource rules match.
   * @default [AdmissionOperation.CREATE, AdmissionOperation.UPDATE] on a policy; the policy's operations on a binding
   */
  readonly operations?: AdmissionOperation[];
  /**
   * Resources excluded even though the resource rules match them.
   * @default - none
   */
  readonly excludeResourceRules?: ResourceRule[];
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
   * namespace selector (a label only the API server sets, so a tenant cannot opt out). A
   * policy without it takes the nearest HardeningProfile's `excludeNamespaces`; a locked list
   * bounds policies and bindings alike.
   * @default - none
   */
  readonly excludeNamespaces?: string[];
}

/** Options for a binding of a {@link ValidatingPolicy}. */
export interface ValidatingPolicyBindingOptions extends ValidatingMatchOptions {
  /**
   * Name of the ValidatingAdmissionPolicyBinding.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Narrow the binding to these resources (within what the policy matches).
   * @default - everything the policy matches
   */
  readonly resourceRules?: ResourceRule[];
  /**
   * What a failed validation does. Deny and Warn may not be combined (the API server refuses it).
   * @default [ValidationAction.DENY]
   */
  readonly validationActions?: ValidationAction[];
  /**
   * The parameter object(s) passed as `params`. Required when the policy has a paramKind;
   * refused when it has none.
   * @default - no parameters
   */
  readonly paramRef?: ParamRef;
}

/** Props of {@link ValidatingPolicyBinding}. */
export interface ValidatingPolicyBindingProps extends ValidatingPolicyBindingOptions {
  /** The policy to bind. */
  readonly policy: ValidatingPolicy;
}

/** Props of {@link ValidatingPolicy}. */
export interface ValidatingPolicyProps extends ValidatingMatchOptions {
  /**
   * Name of the ValidatingAdmissionPolicy.
   * @default - generated from the construct path
   */
  readonly name?: string;
  /**
   * Resources the policy matches (at least one). When they select one kind (e.g.
   * `[ResourceRule.pods()]`), expressions are type-checked against its 1.36 schema.
   */
  readonly resourceRules: ResourceRule[];
  /**
   * The checks, in order. A policy needs at least one validation or audit annotation.
   * @default - none
   */
  readonly validations?: Validation[];
  /**
   * Audit annotations added to the audit event of every matched request (at most 20).
   * @default - none
   */
  readonly auditAnnotations?: AuditAnnotation[];
  /**
   * How rule versions match equivalent group/versions.
   * @default MatchPolicy.EQUIVALENT
   */
  readonly matchPolicy?: MatchPolicy;
  /**
   * CEL conditions that must all be true for the policy to apply (at most 64).
   * @default - none
   */
  readonly matchConditions?: MatchCondition[];
  /**
   * Named CEL values the validations and audit annotations read as `variables.<name>`.
   * @default - none
   */
  readonly variables?: PolicyVariable[];
  /**
   * Kind of the parameter objects (`params`); bindings must then reference one.
   * @default - no parameters
   */
  readonly paramKind?: ParamKind;
  /**
   * What happens when an expression fails at admission time, or a parameter is missing under
   * `parameterNotFoundAction: Deny` (or the nearest HardeningProfile's `admissionFailurePolicy`).
   * @default FailurePolicy.FAIL
   */
  readonly failurePolicy?: FailurePolicy;
  /**
   * Create a binding that applies the policy cluster-wide (within the policy's match).
   * @default true
   */
  readonly defaultBinding?: boolean;
  /**
   * Validation actions of the default binding.
   * @default [ValidationAction.DENY]
   */
  readonly validationActions?: ValidationAction[];
  /**
   * Parameter reference of the default binding (required when `paramKind` is set).
   * @default - no parameters
   */
  readonly paramRef?: ParamRef;
}

/** Every built-in kind `rules` match, or undefined when one is a wildcard or unknown. */
function matchedKinds(rules: any[]): MatchedKind[] | undefined {
  const out = new Map<string, MatchedKind>();
  for (const rule of rules) {
    const one = matchedKind([rule]);
    if (one) {
      out.set(one.kind, one);
      continue;
    }
    // A rule naming several resources of one group: each must be a known kind.
    const groups: unknown[] = rule.apiGroups ?? [];
    const versions: unknown[] = rule.apiVersions ?? [];
    if (groups.length !== 1 || versions.length !== 1) return undefined;
    for (const r of rule.resources ?? []) {
      const k = matchedKind([{ ...rule, resources: [r] }]);
      if (!k) return undefined;
      out.set(k.kind, k);
    }
  }
  return out.size ? [...out.values()] : undefined;
}

/**
 * A ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1) with typed validations and
 * presets, plus by default one binding that applies it with `validationActions: [Deny]`.
 *
 * Everything the API server refuses is refused at synth: the server-side rules of both
 * objects and every CEL expression compiled as the server compiles it. Expressions are also
 * type-checked against the 1.36 schema of the matched kind; those findings are warnings (the
 * API server only reports them in the policy's status), and the presets have none. Secure
 * defaults: `failurePolicy: Fail`, operations CREATE and UPDATE, namespace exclusion through
 * the immutable `kubernetes.io/metadata.name` label.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/
 */
export class ValidatingPolicy extends Construct {
  /** The generated ValidatingAdmissionPolicy (id `Resource`, for `ApiObject.of(...).addJsonPatch`). */
  public readonly apiObject: ApiObject;
  /** Name of the ValidatingAdmissionPolicy. */
  public readonly name: string;
  /** Matched operations. */
  public readonly operations: AdmissionOperation[];
  /** Failure policy. */
  public readonly failurePolicy: FailurePolicy;
  /** Match policy. */
  public readonly matchPolicy: MatchPolicy;
  /** Kind of the parameter objects, if any. */
  public readonly paramKind?: ParamKind;
  /** The default binding, unless disabled. */
  public readonly defaultBinding?: ValidatingPolicyBinding;

  constructor(scope: Construct, id: string, props: ValidatingPolicyProps) {
    checkArguments('ValidatingPolicy.constructor', undefined, [scope, id, props]);
    super(scope, id);
    const profile = profileFor(this);
    const excludeNamespaces = props.excludeNamespaces ?? profile.value<string[]>(ProfileSetting.EXCLUDE_NAMESPACES);
    this.operations = [...(props.operations ?? [AdmissionOperation.CREATE, AdmissionOperation.UPDATE])];
    this.failurePolicy = props.failurePolicy ?? profile.value(ProfileSetting.ADMISSION_FAILURE_POLICY) ?? FailurePolicy.FAIL;
    this.matchPolicy = props.matchPolicy ?? MatchPolicy.EQUIVALENT;
    this.paramKind = props.paramKind;
    selectorProblems(this.node.path, 'namespaceSelector', props.namespaceSelector, excludeNamespaces);
    selectorProblems(this.node.path, 'objectSelector', props.objectSelector);

    const violations: Violation[] = [
      ...profile.locks(ProfileSetting.EXCLUDE_NAMESPACES, excludeNamespaces ?? []),
      ...profile.locks(ProfileSetting.ADMISSION_FAILURE_POLICY, this.failurePolicy, 'failurePolicy'),
    ];
    const matchConstraints = renderMatch(
      { ...props, excludeRules: props.excludeResourceRules, excludeNamespaces, operations: this.operations },
      props.resourceRules ?? [], this.matchPolicy);
    const rules = matchConstraints.resourceRules ?? [];
    const ctxBase = { kind: matchedKind(rules), kinds: matchedKinds(rules) };

    const validations: any[] = [];
    let usesParams = false;
    (props.validations ?? []).forEach((v, i) => {
      const where = `validations[${i}]`;
      if (!(v instanceof Validation)) {
        violations.push({ checkId: 'admission/validations', field: where, problem: 'must be a Validation (use the Validation.* factories)', got: renderValue(v) });
        return;
      }
      const r = v._render({ ...ctxBase, where });
      violations.push(...r.violations.map((x) => ({ ...x, field: x.field.startsWith(where) ? `${where} (${v.factory})${x.field.slice(where.length)}` : x.field })));
      if (r.validation) validations.push(r.validation);
      usesParams = usesParams || r.usesParams;
    });
    const audits = (props.auditAnnotations ?? []).map((a) => ({ key: a?.key, valueExpression: a?.valueExpression }));
    const conditions = (props.matchConditions ?? []).map((c) => ({ name: c?.name, expression: c?.expression }));
    const variables = (props.variables ?? []).map((v) => ({ name: v?.name, expression: v?.expression }));
    const textUsesParams = [...conditions, ...variables].map((c) => c.expression).concat(audits.map((a) => a.valueExpression))
      .some((e) => readsParams(String(e ?? '')));
    if ((usesParams || textUsesParams) && !props.paramKind) violations.push(paramsWithoutKind());

    const spec: any = {};
    if (props.paramKind) spec.paramKind = { apiVersion: props.paramKind.apiVersion, kind: props.paramKind.kind };
    spec.matchConstraints = matchConstraints;
    if (conditions.length) spec.matchConditions = conditions;
    if (variables.length) spec.variables = variables;
    if (validations.length) spec.validations = validations;
    if (audits.length) spec.auditAnnotations = audits;
    spec.failurePolicy = this.failurePolicy;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: props.name !== undefined ? { name: props.name } : {},
      spec,
    });
    clusterScoped(this.apiObject);
    this.name = this.apiObject.name;

    // Errors are what the API server refuses; the schema-typed findings (admission/type-check)
    // are warnings, as in the server's type-checking report, and fail only under a profile's
    // failOnWarnings.
    if (violations.length === 0) {
      violations.push(...atProps(failing(this, checkObject(this.apiObject.toJson())), {
        matchConditions: conditions.map((_, k) => k),
        lists: ['variables', 'auditAnnotations'],
      }));
    }
    if (violations.length) throw new HaruValidationError(this.node.path, violations);
    this.node.addValidation({ validate: () => failing(this, checkObject(this.apiObject.toJson())).map((v) => `[${v.checkId}] ${v.field}: ${v.problem}`) });

    if (props.defaultBinding !== false) {
      this.defaultBinding = new ValidatingPolicyBinding(this, 'DefaultBinding', {
        policy: this,
        name: `${this.name}-binding`.slice(0, 253),
        paramRef: props.paramRef,
        validationActions: props.validationActions,
      });
    } else if (props.paramRef || props.validationActions) {
      throw new HaruValidationError(this.node.path, [{
        checkId: 'admission/binding',
        field: props.paramRef ? 'paramRef' : 'validationActions',
        problem: 'is set but defaultBinding is false, so nothing would use it',
        got: `${props.paramRef ? 'a paramRef' : 'validationActions'} with defaultBinding: false`,
        allowed: `${props.paramRef ? 'paramRef' : 'validationActions'} with the default binding, or on a binding from addBinding(...)`,
        fix: 'Remove it, or pass it to addBinding(...)',
      }]);
    }
  }

  /** Adds another binding of this policy (own name, actions, match narrowing and parameters). */
  public addBinding(id: string, options: ValidatingPolicyBindingOptions = {}): ValidatingPolicyBinding {
    return new ValidatingPolicyBinding(this, id, { ...options, policy: this });
  }
}

/**
 * A ValidatingAdmissionPolicyBinding: applies a {@link ValidatingPolicy} with validation
 * actions, optionally narrowed to some namespaces/objects and with a parameter reference.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#creating-a-validatingadmissionpolicy
 */
export class ValidatingPolicyBinding extends Construct {
  /** The generated ValidatingAdmissionPolicyBinding (id `Resource`). */
  public readonly apiObject: ApiObject;
  /** Name of the binding. */
  public readonly name: string;
  /** Name of the bound policy. */
  public readonly policyName: string;
  /** What a failed validation does. */
  public readonly validationActions: ValidationAction[];

  constructor(scope: Construct, id: string, props: ValidatingPolicyBindingProps) {
    checkArguments('ValidatingPolicyBinding.constructor', undefined, [scope, id, props]);
    super(scope, id);
    const policy = props.policy;
    this.policyName = policy.name;
    this.validationActions = [...(props.validationActions ?? [ValidationAction.DENY])];
    selectorProblems(this.node.path, 'namespaceSelector', props.namespaceSelector, props.excludeNamespaces);
    selectorProblems(this.node.path, 'objectSelector', props.objectSelector);

    const violations: Violation[] = [
      ...profileFor(this).locks(ProfileSetting.EXCLUDE_NAMESPACES, props.excludeNamespaces ?? []),
      ...paramRefProblems('ValidatingPolicy', policy.name, policy.paramKind, props.paramRef),
    ];
    const hasMatch = (props.resourceRules && props.resourceRules.length) || props.namespaceSelector || props.objectSelector
      || (props.excludeNamespaces && props.excludeNamespaces.length) || (props.excludeResourceRules && props.excludeResourceRules.length);
    const spec: any = { policyName: policy.name };
    if (props.paramRef) spec.paramRef = props.paramRef._render();
    if (hasMatch) {
      spec.matchResources = renderMatch(
        { ...props, excludeRules: props.excludeResourceRules, operations: props.operations ?? policy.operations }, props.resourceRules);
    }
    spec.validationActions = this.validationActions;

    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicyBinding',
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
