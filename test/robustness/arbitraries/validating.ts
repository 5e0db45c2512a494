/** Generators for ValidatingPolicy props (plain recipes; `buildValidating` turns one into constructs). */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import {
  AdmissionOperation, FailurePolicy, MatchPolicy, ParamKind, ParamRef, ResourceRule, ValidatingPolicy, Validation, ValidationAction, ValidationReason,
} from '../../../lib';
import { Built, SUBJECT_ID, Subject } from '../harness';
import { dnsLabel, labelMap, nastyMap, nastyString, oddCel, opt, rarely } from './common';

type ValidationRecipe =
  | { kind: 'registries'; registries: string[] }
  | { kind: 'noLatest' }
  | { kind: 'labels'; keys: string[] }
  | { kind: 'expression'; expression: string; message?: string; messageExpression?: string; reason?: string };

type RuleRecipe = 'pods' | 'ephemeral' | 'deployments' | 'statefulSets' | 'jobs' | 'cronJobs' | 'configMaps' | { apiGroups: string[]; apiVersions: string[]; resources: string[] };

export interface ValidatingRecipe {
  readonly name?: string;
  readonly rules: RuleRecipe[];
  readonly operations?: string[];
  readonly validations: ValidationRecipe[];
  readonly audits?: Array<{ key: string; valueExpression: string }>;
  readonly matchConditions?: Array<{ name: string; expression: string }>;
  readonly variables?: Array<{ name: string; expression: string }>;
  readonly failurePolicy?: string;
  readonly matchPolicy?: string;
  readonly actions?: string[];
  readonly params?: { ref?: string };
  readonly excludeNamespaces?: string[];
  readonly objectSelector?: Record<string, string>;
  readonly bindings: Array<{ name?: string; actions?: string[] }>;
}

// ---- valid -------------------------------------------------------------------------------

const validValidation: fc.Arbitrary<ValidationRecipe> = fc.oneof(
  fc.record({ kind: fc.constant('registries' as const), registries: fc.uniqueArray(fc.constantFrom('registry.example.com', 'ghcr.io/acme', 'docker.io/library', 'registry.example.com:5000'), { minLength: 1, maxLength: 3 }) }),
  fc.constant({ kind: 'noLatest' as const }),
  fc.record({ kind: fc.constant('labels' as const), keys: fc.uniqueArray(fc.constantFrom('team', 'app.kubernetes.io/name', 'example.com/owner'), { minLength: 1, maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('expression' as const),
    expression: fc.constantFrom('object.metadata.name != ""', 'has(object.metadata.labels)', 'request.operation == "CREATE" || object.metadata.name == oldObject.metadata.name'),
    message: opt(fc.constantFrom('no', 'names are required')),
    messageExpression: opt(fc.constant('"bad name: " + object.metadata.name')),
    reason: opt(fc.constantFrom(...Object.values(ValidationReason))),
  }, { requiredKeys: ['kind', 'expression'] }),
);

const validActions = fc.constantFrom(['Deny'], ['Warn'], ['Audit'], ['Deny', 'Audit'], ['Warn', 'Audit']);

export const validValidating: fc.Arbitrary<ValidatingRecipe> = fc.record({
  name: opt(dnsLabel(30)),
  rules: fc.uniqueArray(fc.constantFrom('pods' as const, 'ephemeral' as const, 'deployments' as const, 'statefulSets' as const, 'jobs' as const, 'cronJobs' as const), { minLength: 1, maxLength: 4 }),
  validations: fc.array(validValidation, { minLength: 1, maxLength: 3 }),
  audits: rarely(fc.constant([{ key: 'name', valueExpression: 'string(object.metadata.name)' }])),
  matchConditions: rarely(fc.constant([{ name: 'not-kube-system', expression: "object.metadata.namespace != 'kube-system'" }])),
  failurePolicy: rarely(fc.constantFrom(...Object.values(FailurePolicy))),
  matchPolicy: rarely(fc.constantFrom(...Object.values(MatchPolicy))),
  actions: opt(validActions),
  excludeNamespaces: rarely(fc.uniqueArray(dnsLabel(12), { minLength: 1, maxLength: 3 })),
  objectSelector: rarely(labelMap(2)),
  bindings: fc.uniqueArray(fc.record({ name: dnsLabel(20).map((n) => `b-${n}`), actions: opt(validActions) }, { requiredKeys: ['name'] }), { selector: (b) => b.name, maxLength: 2 }),
}, { requiredKeys: ['rules', 'validations', 'bindings'] }) as fc.Arbitrary<ValidatingRecipe>;

// ---- nasty -------------------------------------------------------------------------------

const nastyValidation: fc.Arbitrary<ValidationRecipe> = fc.oneof(
  validValidation,
  fc.record({ kind: fc.constant('registries' as const), registries: fc.array(fc.oneof(nastyString, fc.constantFrom('https://r.example', 'a//b', 'R.example/', '')), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('labels' as const), keys: fc.array(fc.oneof(nastyString, fc.constantFrom('team', 'a/b/c')), { maxLength: 3 }) }),
  fc.record({
    kind: fc.constant('expression' as const),
    expression: oddCel,
    message: opt(fc.oneof(nastyString, fc.constantFrom('a\nb', ' '))),
    messageExpression: opt(oddCel),
    reason: opt(fc.oneof(fc.constantFrom('Unauthorized', 'Forbidden'), nastyString)),
  }, { requiredKeys: ['kind', 'expression'] }),
);

const nastyRule: fc.Arbitrary<RuleRecipe> = fc.oneof(
  fc.constantFrom('pods' as const, 'ephemeral' as const, 'deployments' as const, 'configMaps' as const),
  fc.record({ apiGroups: fc.array(fc.oneof(fc.constantFrom('', 'apps', '*'), nastyString), { maxLength: 2 }), apiVersions: fc.array(fc.oneof(fc.constantFrom('v1', '*'), nastyString), { maxLength: 2 }), resources: fc.array(fc.oneof(fc.constantFrom('pods', 'pods/ephemeralcontainers', '*', 'deployments'), nastyString), { maxLength: 2 }) }),
);

const nastyActions = fc.array(fc.oneof(fc.constantFrom(...Object.values(ValidationAction)), nastyString), { maxLength: 3 });

export const nastyValidating: fc.Arbitrary<ValidatingRecipe> = fc.record({
  name: opt(fc.oneof({ weight: 3, arbitrary: dnsLabel(30) }, nastyString)),
  rules: fc.oneof({ weight: 3, arbitrary: fc.constant(['pods' as const]) }, fc.array(nastyRule, { maxLength: 3 })),
  operations: rarely(fc.array(fc.oneof(fc.constantFrom(...Object.values(AdmissionOperation)), nastyString), { maxLength: 3 })),
  validations: fc.array(fc.oneof({ weight: 2, arbitrary: validValidation }, nastyValidation), { maxLength: 3 }),
  audits: rarely(fc.array(fc.record({ key: fc.oneof(dnsLabel(10), nastyString), valueExpression: oddCel }), { maxLength: 3 })),
  matchConditions: rarely(fc.array(fc.record({ name: fc.oneof(dnsLabel(10), nastyString), expression: oddCel }), { maxLength: 3 })),
  variables: rarely(fc.array(fc.record({ name: fc.oneof(fc.constantFrom('x', 'y', 'in'), nastyString), expression: oddCel }), { maxLength: 2 })),
  failurePolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(FailurePolicy)), nastyString)),
  matchPolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(MatchPolicy)), nastyString)),
  actions: opt(nastyActions),
  params: rarely(fc.record({ ref: opt(fc.oneof(dnsLabel(10), nastyString)) }, { requiredKeys: [] })),
  excludeNamespaces: rarely(fc.array(fc.oneof(dnsLabel(10), nastyString), { maxLength: 3 })),
  objectSelector: rarely(nastyMap(2)),
  bindings: fc.array(
    fc.record({ name: opt(fc.oneof(dnsLabel(10), nastyString)), actions: opt(nastyActions) }, { requiredKeys: [] }), { maxLength: 2 }),
}, { requiredKeys: ['rules', 'validations', 'bindings'] }) as fc.Arbitrary<ValidatingRecipe>;

// ---- build -------------------------------------------------------------------------------

function validation(v: ValidationRecipe): Validation {
  switch (v.kind) {
    case 'registries': return Validation.allowedRegistries(v.registries);
    case 'noLatest': return Validation.noLatestTag();
    case 'labels': return Validation.requiredLabels(v.keys);
    default: {
      const reason = v.reason as ValidationReason | undefined;
      return Validation.expression({ expression: v.expression, message: v.message, messageExpression: v.messageExpression, reason });
    }
  }
}

const RULES: Record<string, () => ResourceRule> = {
  pods: ResourceRule.pods,
  ephemeral: ResourceRule.ephemeralContainers,
  deployments: ResourceRule.deployments,
  statefulSets: ResourceRule.statefulSets,
  jobs: ResourceRule.jobs,
  cronJobs: ResourceRule.cronJobs,
  configMaps: ResourceRule.configMaps,
};

function rule(r: RuleRecipe): ResourceRule {
  return typeof r === 'string' ? RULES[r]() : ResourceRule.custom(r);
}

export function buildValidating(r: ValidatingRecipe): Built {
  const props = {
    name: r.name,
    resourceRules: r.rules.map(rule),
    operations: r.operations as AdmissionOperation[] | undefined,
    validations: r.validations.map(validation),
    auditAnnotations: r.audits,
    matchConditions: r.matchConditions,
    variables: r.variables,
    failurePolicy: r.failurePolicy as FailurePolicy | undefined,
    matchPolicy: r.matchPolicy as MatchPolicy | undefined,
    validationActions: r.actions as ValidationAction[] | undefined,
    paramKind: r.params ? ParamKind.configMap() : undefined,
    paramRef: r.params?.ref !== undefined ? ParamRef.byName(r.params.ref) : undefined,
    excludeNamespaces: r.excludeNamespaces,
    objectSelector: r.objectSelector ? { matchLabels: r.objectSelector } : undefined,
  };
  return {
    construct: (chart: Chart) => {
      const policy = new ValidatingPolicy(chart, SUBJECT_ID, props);
      r.bindings.forEach((b, i) => policy.addBinding(`Binding${i}`, { name: b.name, validationActions: b.actions as ValidationAction[] | undefined }));
    },
  };
}

export const VALIDATING: Subject<ValidatingRecipe> = { name: 'ValidatingPolicy', valid: validValidating, nasty: nastyValidating, build: buildValidating };
