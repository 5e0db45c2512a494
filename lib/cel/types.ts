import type { CelType } from './celtypes';

/** Where a CEL expression is evaluated; decides its variables and required result type. */
export enum CelEnvironment {
  /** MutatingAdmissionPolicy / VAP matchConditions: bool; object, oldObject, request, params?, namespaceObject, authorizer (no variables). */
  ADMISSION_MATCH_CONDITION = 'admission-match-condition',
  /** MutatingAdmissionPolicy spec.variables[].expression: any type; may use earlier variables. */
  ADMISSION_VARIABLE = 'admission-variable',
  /** Mutation with patchType ApplyConfiguration: must return Object{...}. */
  MUTATION_APPLY_CONFIGURATION = 'mutation-apply-configuration',
  /** Mutation with patchType JSONPatch: must return list(JSONPatch). */
  MUTATION_JSON_PATCH = 'mutation-json-patch',
  /** AuthorizationConfiguration webhook matchConditions: bool; `request` = SubjectAccessReviewSpec. */
  AUTHZ_MATCH_CONDITION = 'authz-match-condition',
  /** DRA device selector (DeviceClass / claim request selectors): bool; `device`. */
  DRA_DEVICE_SELECTOR = 'dra-device-selector',
  /** CRD `x-kubernetes-validations[].rule`: bool; `self` (and `oldSelf`) typed by `selfType`. */
  CRD_VALIDATION_RULE = 'crd-validation-rule',
  /** CRD `x-kubernetes-validations[].messageExpression`: string; `self` (and `oldSelf`) typed by `selfType`. */
  CRD_MESSAGE_EXPRESSION = 'crd-message-expression',
}

/** Options for checking an expression. */
export interface CelCheckOptions {
  /**
   * Catalog type name of `object`/`oldObject` (and the root of `Object{...}` literals),
   * e.g. 'io.k8s.api.core.v1.Pod'. Undefined: dynamic (no field checking).
   */
  readonly objectType?: string;
  /** Whether `params` is declared (paramKind set). Typed as dynamic unless paramsType is set. */
  readonly hasParams?: boolean;
  /** Catalog type name for `params` (e.g. 'io.k8s.api.core.v1.ConfigMap'). */
  readonly paramsType?: string;
  /** Names of variables declared so far (for `variables.<name>`). */
  readonly variables?: readonly string[];
  /** CRD rules: the CEL type of `self`/`oldSelf`, from the schema node the rule sits on. Undefined: dynamic. */
  readonly selfType?: CelType;
}

/** One problem with an expression. */
export interface CelProblem {
  /** Check id of the rule, e.g. `cel/syntax`, `cel/no-such-field`, `cel/result-type`. */
  readonly checkId?: string;
  readonly message: string;
  /** 1-based line and column in the expression, when known. */
  readonly line?: number;
  readonly column?: number;
  /** A suggestion ("did you mean 'containers'?", "use a + b instead of __union__"). */
  readonly hint?: string;
}

/** Outcome of {@link checkCel}. */
export interface CelCheckResult {
  readonly ok: boolean;
  readonly problems: readonly CelProblem[];
  /** The inferred result type when known (e.g. 'bool', 'list(JSONPatch)', 'Object'). */
  readonly resultType?: string;
  /** Estimated worst-case cost (computed for DRA device selectors only). */
  readonly estimatedCost?: number;
}
