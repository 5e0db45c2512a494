/**
 * The variables each Kubernetes CEL environment declares, and the result type it requires.
 *
 * - admission (MutatingAdmissionPolicy / ValidatingAdmissionPolicy): k8s.io/apiserver
 *   pkg/admission/plugin/cel/compile.go — object, oldObject, request, params (with
 *   paramKind), namespaceObject, variables (not in matchConditions), authorizer,
 *   authorizer.requestResource; mutations also declare the `Object` and `JSONPatch` types.
 * - authorization webhook matchConditions: `request` = authorization.k8s.io/v1
 *   SubjectAccessReviewSpec (pkg/authorization/cel/compile.go).
 * - DRA device selectors: `device` with driver, attributes, capacity and
 *   allowMultipleAllocations (k8s.io/dynamic-resource-allocation/cel).
 */
import { BOOL, CelType, celTypeOfSchema, DYN, listOf, mapOf, objectType, optOf, record, STRING } from './celtypes';
import { libraryType } from './library';
import { CelCheckOptions, CelEnvironment } from './types';

const GVK = record('GroupVersionKind', { group: STRING, version: STRING, kind: STRING });
const GVR = record('GroupVersionResource', { group: STRING, version: STRING, resource: STRING });
const USER_INFO = record('UserInfo', {
  username: STRING,
  uid: STRING,
  groups: listOf(STRING),
  extra: mapOf(STRING, listOf(STRING)),
});

/** `request` of admission expressions (AdmissionRequest attributes). */
export const ADMISSION_REQUEST: CelType = record('AdmissionRequest', {
  uid: STRING,
  kind: GVK,
  resource: GVR,
  subResource: STRING,
  requestKind: GVK,
  requestResource: GVR,
  requestSubResource: STRING,
  name: STRING,
  namespace: STRING,
  operation: STRING,
  userInfo: USER_INFO,
  dryRun: BOOL,
  options: DYN,
});

/** `authorizer`, with `authorizer.requestResource` as a field. */
export const AUTHORIZER: CelType = record('Authorizer', { requestResource: libraryType('ResourceCheck') });

/** `device` of DRA selectors. */
export const DRA_DEVICE: CelType = record('Device', {
  driver: STRING,
  attributes: mapOf(STRING, mapOf(STRING, DYN)),
  capacity: mapOf(STRING, mapOf(STRING, libraryType('Quantity'))),
  allowMultipleAllocations: BOOL,
});

/** SubjectAccessReviewSpec when the catalog does not have it. */
const SAR_SPEC_FALLBACK: CelType = record('SubjectAccessReviewSpec', {
  resourceAttributes: record('ResourceAttributes', {
    namespace: STRING,
    verb: STRING,
    group: STRING,
    version: STRING,
    resource: STRING,
    subresource: STRING,
    name: STRING,
    fieldSelector: record('FieldSelectorAttributes', { rawSelector: STRING, requirements: listOf(DYN) }),
    labelSelector: record('LabelSelectorAttributes', { rawSelector: STRING, requirements: listOf(DYN) }),
  }),
  nonResourceAttributes: record('NonResourceAttributes', { path: STRING, verb: STRING }),
  user: STRING,
  groups: listOf(STRING),
  extra: mapOf(STRING, listOf(STRING)),
  uid: STRING,
});

/** Human name of each environment, for messages. */
const WHERE: Readonly<Record<CelEnvironment, string>> = {
  [CelEnvironment.ADMISSION_MATCH_CONDITION]: 'admission matchConditions',
  [CelEnvironment.ADMISSION_VARIABLE]: 'admission policy variables',
  [CelEnvironment.MUTATION_APPLY_CONFIGURATION]: 'mutation expressions',
  [CelEnvironment.MUTATION_JSON_PATCH]: 'mutation expressions',
  [CelEnvironment.AUTHZ_MATCH_CONDITION]: 'authorization matchConditions',
  [CelEnvironment.DRA_DEVICE_SELECTOR]: 'DRA device selectors',
  [CelEnvironment.CRD_VALIDATION_RULE]: 'CRD validation rules',
  [CelEnvironment.CRD_MESSAGE_EXPRESSION]: 'CRD validation rules',
};

/** Human name of `env` ("DRA device selectors"). */
export function whereOf(env: CelEnvironment): string {
  return WHERE[env];
}

/** What an environment declares. */
export interface EnvDecl {
  /** The environment (its function table comes from ./library). */
  readonly env: CelEnvironment;
  readonly vars: ReadonlyMap<string, CelType>;
  /** Hints for names that are deliberately not declared here. */
  readonly missingHints: ReadonlyMap<string, string>;
  /** Whether `Object{...}` / `JSONPatch{...}` literals are available. */
  readonly mutation: boolean;
  /** Catalog type of the `Object` root. */
  readonly rootType?: string;
  /** Human name of the place, for messages. */
  readonly where: string;
}

function isAdmission(env: CelEnvironment): boolean {
  return env === CelEnvironment.ADMISSION_MATCH_CONDITION || env === CelEnvironment.ADMISSION_VARIABLE
    || env === CelEnvironment.MUTATION_APPLY_CONFIGURATION || env === CelEnvironment.MUTATION_JSON_PATCH;
}

/** The declarations of `env` for `options`. */
export function declarations(env: CelEnvironment, options: CelCheckOptions): EnvDecl {
  const vars = new Map<string, CelType>();
  const missing = new Map<string, string>();
  missing.set('self', "there is no 'self' here (that is CRD validation-rule syntax)");
  if (isAdmission(env)) {
    const obj = objectType(options.objectType);
    vars.set('object', obj);
    vars.set('oldObject', obj);
    vars.set('request', ADMISSION_REQUEST);
    vars.set('namespaceObject', objectType('io.k8s.api.core.v1.Namespace'));
    vars.set('authorizer', AUTHORIZER);
    if (options.hasParams || options.paramsType) {
      vars.set('params', objectType(options.paramsType));
    } else {
      missing.set('params', 'params is only declared when the policy sets spec.paramKind');
    }
    if (env === CelEnvironment.ADMISSION_MATCH_CONDITION) {
      missing.set('variables', 'variables are not available in matchConditions; repeat the expression instead');
    } else {
      const fields: Record<string, CelType> = {};
      for (const v of options.variables ?? []) fields[v] = DYN;
      vars.set('variables', record('variables', fields));
    }
    missing.set('device', 'device exists only in DRA device selectors');
    const mutation = env === CelEnvironment.MUTATION_APPLY_CONFIGURATION || env === CelEnvironment.MUTATION_JSON_PATCH;
    return { env, vars, missingHints: missing, mutation, rootType: options.objectType, where: whereOf(env) };
  }
  if (env === CelEnvironment.AUTHZ_MATCH_CONDITION) {
    const sar = objectType('io.k8s.api.authorization.v1.SubjectAccessReviewSpec');
    vars.set('request', sar.k === 'dyn' ? SAR_SPEC_FALLBACK : sar);
    for (const n of ['object', 'oldObject', 'params', 'namespaceObject', 'variables', 'authorizer']) {
      missing.set(n, `${n} is not declared in authorization matchConditions; only request (a SubjectAccessReviewSpec) is`);
    }
    missing.set('device', 'device exists only in DRA device selectors');
    return { env, vars, missingHints: missing, mutation: false, where: whereOf(env) };
  }
  if (env === CelEnvironment.CRD_VALIDATION_RULE || env === CelEnvironment.CRD_MESSAGE_EXPRESSION) {
    // apiextensions-apiserver pkg/apiserver/schema/cel/compilation.go: self and oldSelf, typed by the schema.
    const self = celTypeOfSchema(options.selfSchema);
    vars.set('self', self);
    // optionalOldSelf: oldSelf is optional_type(self) (compilation.go prepareEnvSet)
    vars.set('oldSelf', options.optionalOldSelf === true ? optOf(self) : self);
    missing.delete('self');
    for (const n of ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer', 'device']) {
      missing.set(n, `${n} is not declared in CRD validation rules; only self and oldSelf are`);
    }
    return { env, vars, missingHints: missing, mutation: false, where: whereOf(env) };
  }
  vars.set('device', DRA_DEVICE);
  for (const n of ['object', 'oldObject', 'request', 'params', 'namespaceObject', 'variables', 'authorizer']) {
    missing.set(n, `${n} is not declared in DRA device selectors; only device (driver, attributes, capacity, allowMultipleAllocations) is`);
  }
  return { env, vars, missingHints: missing, mutation: false, where: whereOf(env) };
}
