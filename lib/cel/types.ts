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
  /** CRD `x-kubernetes-validations[].rule`: bool; `self` (and `oldSelf`) typed by `selfSchema`. */
  CRD_VALIDATION_RULE = 'crd-validation-rule',
  /** CRD `x-kubernetes-validations[].messageExpression`: string; `self` (and `oldSelf`) typed by `selfSchema`. */
  CRD_MESSAGE_EXPRESSION = 'crd-message-expression',
}

/** Options for checking an expression. */
export interface CelCheckOptions {
  /**
   * Catalog type name of `object`/`oldObject` (and the root of `Object{...}` literals),
   * e.g. 'io.k8s.api.core.v1.Pod'.
   * @default - dynamic: fields of `object` are not checked
   */
  readonly objectType?: string;
  /**
   * Whether `params` is declared (the policy sets paramKind). Typed as dynamic unless
   * paramsType is set.
   * @default false
   */
  readonly hasParams?: boolean;
  /**
   * Catalog type name for `params` (e.g. 'io.k8s.api.core.v1.ConfigMap'); declares `params`.
   * @default - params is dynamic when hasParams is true, undeclared otherwise
   */
  readonly paramsType?: string;
  /**
   * Names of the policy variables declared before this expression (for `variables.<name>`).
   * @default - no variables
   */
  readonly variables?: string[];
  /**
   * CRD rules: the OpenAPI v3 schema node (JSON) the rule sits on; `self` and `oldSelf` get
   * its CEL type (objects with properties become records, `additionalProperties` maps).
   * @default - dynamic: fields of `self` are not checked
   */
  readonly selfSchema?: any;
  /**
   * CRD rules: the rule sets `optionalOldSelf: true`, so `oldSelf` is an optional of the
   * `self` type (`oldSelf.hasValue()`, `oldSelf.?f`), none on create.
   * @default false
   */
  readonly optionalOldSelf?: boolean;
}

/** One problem with an expression. */
export interface CelProblem {
  /**
   * Check id of the rule, e.g. `cel/syntax`, `cel/no-such-field`, `cel/result-type`.
   * @default - none
   */
  readonly checkId?: string;
  /** What is wrong, e.g. "undeclared reference to 'objct'". */
  readonly message: string;
  /**
   * 1-based line in the expression.
   * @default - unknown
   */
  readonly line?: number;
  /**
   * 1-based column in the expression.
   * @default - unknown
   */
  readonly column?: number;
  /**
   * A suggestion ("did you mean 'containers'?", "use a + b instead of __union__").
   * @default - none
   */
  readonly hint?: string;
}

/** Outcome of `checkCel`. */
export interface CelCheckResult {
  /** True when the expression compiles in the environment (no problems). */
  readonly ok: boolean;
  /** Every problem found, in source order (empty when ok). */
  readonly problems: CelProblem[];
  /**
   * The inferred result type (e.g. 'bool', 'list(JSONPatch)', 'Object').
   * @default - unknown (the expression did not parse)
   */
  readonly resultType?: string;
  /**
   * Estimated worst-case cost, as cel-go's static estimator computes it with Kubernetes' size
   * estimator (computed for DRA device selectors and CRD rules / messageExpressions that compile).
   * @default - not estimated
   */
  readonly estimatedCost?: number;
}
