/** Generators for MutatingPolicy props (plain recipes; `buildAdmission` turns one into constructs). */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import {
  AdmissionOperation, CelValue, FailurePolicy, MatchPolicy, MutatingPolicy, Mutation, ParamKind, ParamRef, PatchOperation,
  ReinvocationPolicy, ResourceRule,
} from '../../../lib';
import { Built, SUBJECT_ID, Subject } from '../harness';
import { dnsLabel, labelMap, nastyMap, nastyQuantity, nastyString, oddCel, opt, rarely, validQuantity } from './common';

type MutationRecipe =
  | { kind: 'labels' | 'annotations'; map: Record<string, string> }
  | { kind: 'sidecar'; name: string; image: string; ports?: number[]; env?: Record<string, string>; cpu?: string; memory?: string }
  | { kind: 'resources'; cpu?: string; memory?: string; limitCpu?: string; includeInit?: boolean }
  | { kind: 'harden'; hostUsers?: string; readOnly?: string }
  | { kind: 'applyExpr' | 'patchExpr'; expression: string }
  | { kind: 'patch'; op: 'add' | 'replace' | 'remove' | 'test'; path: string[]; value: unknown }
  | { kind: 'apply'; patch: unknown };

export interface AdmissionRecipe {
  readonly name?: string;
  readonly rules: Array<'pods' | 'deployments' | 'configMaps' | 'services' | { apiGroups: string[]; apiVersions: string[]; resources: string[] }>;
  readonly operations?: string[];
  readonly mutations: MutationRecipe[];
  readonly matchConditions?: Array<{ name: string; expression: string }>;
  readonly variables?: Array<{ name: string; expression: string }>;
  readonly failurePolicy?: string;
  readonly reinvocationPolicy?: string;
  readonly matchPolicy?: string;
  readonly params?: { ref?: string };
  readonly defaultBinding?: boolean;
  readonly excludeNamespaces?: string[];
  readonly objectSelector?: Record<string, string>;
  readonly bindings: Array<{ name?: string; excludeNamespaces?: string[] }>;
}

// ---- valid -------------------------------------------------------------------------------

const validMutation: fc.Arbitrary<MutationRecipe> = fc.oneof(
  fc.record({ kind: fc.constantFrom('labels' as const, 'annotations' as const), map: labelMap(3).filter((m) => Object.keys(m).length > 0) }),
  fc.record({
    kind: fc.constant('sidecar' as const),
    name: dnsLabel(12),
    image: fc.constantFrom('envoyproxy/envoy:v1.31', 'registry.example/agent:2.0.1'),
    ports: opt(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 2 })),
    env: opt(fc.constant({ LOG_LEVEL: 'info' })),
    cpu: opt(validQuantity),
    memory: opt(fc.constantFrom('64Mi', '128Mi')),
  }, { requiredKeys: ['kind', 'name', 'image'] }),
  fc.record({ kind: fc.constant('resources' as const), cpu: fc.constantFrom('100m', '250m'), memory: opt(fc.constantFrom('128Mi', '256Mi')), includeInit: opt(fc.boolean()) }, { requiredKeys: ['kind', 'cpu'] }),
  fc.constant({ kind: 'harden' as const }),
);

export const validAdmission: fc.Arbitrary<AdmissionRecipe> = fc.record({
  name: opt(dnsLabel(30)),
  rules: fc.constant(['pods' as const]),
  mutations: fc.array(validMutation, { minLength: 1, maxLength: 3 }).filter((ms) => {
    const sidecars = ms.filter((m) => m.kind === 'sidecar').map((m) => (m as { name: string }).name);
    return new Set(sidecars).size === sidecars.length && ms.filter((m) => m.kind === 'harden').length <= 1 && ms.filter((m) => m.kind === 'resources').length <= 1;
  }),
  matchConditions: rarely(fc.constant([{ name: 'not-kube-system', expression: "object.metadata.namespace != 'kube-system'" }])),
  failurePolicy: rarely(fc.constantFrom(...Object.values(FailurePolicy))),
  reinvocationPolicy: rarely(fc.constantFrom(...Object.values(ReinvocationPolicy))),
  matchPolicy: rarely(fc.constantFrom(...Object.values(MatchPolicy))),
  defaultBinding: opt(fc.boolean()),
  excludeNamespaces: rarely(fc.uniqueArray(dnsLabel(12), { minLength: 1, maxLength: 3 })),
  objectSelector: rarely(labelMap(2)),
  bindings: fc.uniqueArray(fc.record({ name: dnsLabel(20).map((n) => `b-${n}`), excludeNamespaces: opt(fc.constant(['kube-system'])) }, { requiredKeys: ['name'] }), { selector: (b) => b.name, maxLength: 2 }),
}, { requiredKeys: ['rules', 'mutations', 'bindings'] }) as fc.Arbitrary<AdmissionRecipe>;

// ---- nasty -------------------------------------------------------------------------------

const nastyPath = fc.array(fc.oneof(fc.constantFrom('metadata', 'labels', 'annotations', 'spec', 'containers', '0', '-', 'image', 'x~y', 'a/b', ''), nastyString), { maxLength: 5 });
const nastyValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 8 }), fc.double(), fc.boolean(), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }), fc.constant(CelValue.expression('1')));

const nastyMutation: fc.Arbitrary<MutationRecipe> = fc.oneof(
  validMutation,
  fc.record({ kind: fc.constantFrom('labels' as const, 'annotations' as const), map: nastyMap(3) }),
  fc.record({
    kind: fc.constant('sidecar' as const),
    name: nastyString,
    image: fc.oneof(nastyString, fc.constant('envoy:1')),
    ports: opt(fc.array(fc.oneof(fc.integer({ min: -2, max: 70000 }), fc.constantFrom(NaN, Infinity, 0.5)), { maxLength: 3 })),
    env: opt(nastyMap(2)),
    cpu: opt(nastyQuantity),
    memory: opt(nastyQuantity),
  }, { requiredKeys: ['kind', 'name', 'image'] }),
  fc.record({ kind: fc.constant('resources' as const), cpu: opt(nastyQuantity), memory: opt(nastyQuantity), limitCpu: opt(nastyQuantity), includeInit: opt(fc.boolean()) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('harden' as const), hostUsers: opt(nastyString), readOnly: opt(nastyString) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constantFrom('applyExpr' as const, 'patchExpr' as const), expression: oddCel }),
  fc.record({ kind: fc.constant('patch' as const), op: fc.constantFrom('add' as const, 'replace' as const, 'remove' as const, 'test' as const), path: nastyPath, value: nastyValue }),
  fc.record({ kind: fc.constant('apply' as const), patch: fc.oneof(fc.constant({ metadata: { labels: { a: 'b' } } }), fc.constant({ spec: { containers: [{ name: 'x', image: 'y' }] } }), fc.constant({ spec: { nope: 1 } }), nastyValue, fc.constant({ metadata: { labels: { a: CelValue.stringLiteral('ü\n') } } })) }),
);

const nastyRule = fc.oneof(
  fc.constantFrom('pods' as const, 'deployments' as const, 'configMaps' as const, 'services' as const),
  fc.record({ apiGroups: fc.array(fc.oneof(fc.constantFrom('', 'apps', '*'), nastyString), { maxLength: 2 }), apiVersions: fc.array(fc.oneof(fc.constantFrom('v1', '*'), nastyString), { maxLength: 2 }), resources: fc.array(fc.oneof(fc.constantFrom('pods', 'pods/status', '*', '*/*', 'deployments'), nastyString), { maxLength: 2 }) }),
);

export const nastyAdmission: fc.Arbitrary<AdmissionRecipe> = fc.record({
  name: opt(fc.oneof({ weight: 3, arbitrary: dnsLabel(30) }, nastyString)),
  rules: fc.oneof({ weight: 3, arbitrary: fc.constant(['pods' as const]) }, fc.array(nastyRule, { maxLength: 3 })),
  operations: rarely(fc.array(fc.oneof(fc.constantFrom(...Object.values(AdmissionOperation)), nastyString), { maxLength: 3 })),
  mutations: fc.array(fc.oneof({ weight: 2, arbitrary: validMutation }, nastyMutation), { maxLength: 3 }),
  matchConditions: rarely(fc.array(fc.record({ name: fc.oneof(dnsLabel(10), nastyString), expression: oddCel }), { maxLength: 3 })),
  variables: rarely(fc.array(fc.record({ name: fc.oneof(fc.constantFrom('x', 'y', 'int', 'in'), nastyString), expression: oddCel }), { maxLength: 2 })),
  failurePolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(FailurePolicy)), nastyString)),
  reinvocationPolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(ReinvocationPolicy)), nastyString)),
  matchPolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(MatchPolicy)), nastyString)),
  params: rarely(fc.record({ ref: opt(fc.oneof(dnsLabel(10), nastyString)) }, { requiredKeys: [] })),
  defaultBinding: opt(fc.boolean()),
  excludeNamespaces: rarely(fc.array(fc.oneof(dnsLabel(10), nastyString), { maxLength: 3 })),
  objectSelector: rarely(nastyMap(2)),
  bindings: fc.array(fc.record({
    name: opt(fc.oneof(dnsLabel(10), nastyString)),
    excludeNamespaces: opt(fc.array(nastyString, { maxLength: 2 })),
  }, { requiredKeys: [] }), { maxLength: 2 }),
}, { requiredKeys: ['rules', 'mutations', 'bindings'] }) as fc.Arbitrary<AdmissionRecipe>;

// ---- build -------------------------------------------------------------------------------

function q(v: string | undefined): CelValue | undefined {
  return v === undefined ? undefined : CelValue.quantity(v);
}

function mutation(m: MutationRecipe): Mutation {
  switch (m.kind) {
    case 'labels': return Mutation.addLabels(m.map);
    case 'annotations': return Mutation.addAnnotations(m.map);
    case 'sidecar': return Mutation.injectSidecar({ name: m.name, image: m.image, ports: m.ports, env: m.env, requests: m.cpu || m.memory ? { cpu: q(m.cpu), memory: q(m.memory) } : undefined });
    case 'resources': return Mutation.defaultResources({ requests: { cpu: q(m.cpu), memory: q(m.memory) }, limits: m.limitCpu ? { cpu: q(m.limitCpu) } : undefined, includeInitContainers: m.includeInit });
    case 'harden': return Mutation.hardenPods({ hostUsersOptOutReason: m.hostUsers, readOnlyRootFilesystemOptOutReason: m.readOnly });
    case 'applyExpr': return Mutation.applyConfigurationExpression(m.expression);
    case 'patchExpr': return Mutation.jsonPatchExpression(m.expression);
    case 'apply': return Mutation.applyConfiguration(m.patch);
    default: {
      const op = m.op === 'remove' ? PatchOperation.remove(m.path) : m.op === 'add' ? PatchOperation.add(m.path, m.value) : m.op === 'replace' ? PatchOperation.replace(m.path, m.value) : PatchOperation.test(m.path, m.value);
      return Mutation.jsonPatch([op]);
    }
  }
}

function rule(r: AdmissionRecipe['rules'][number]): ResourceRule {
  if (r === 'pods') return ResourceRule.pods();
  if (r === 'deployments') return ResourceRule.deployments();
  if (r === 'configMaps') return ResourceRule.configMaps();
  if (r === 'services') return ResourceRule.services();
  return ResourceRule.custom(r);
}

export function buildAdmission(r: AdmissionRecipe): Built {
  const props = {
    name: r.name,
    rules: r.rules.map(rule),
    operations: r.operations as AdmissionOperation[] | undefined,
    mutations: r.mutations.map(mutation),
    matchConditions: r.matchConditions,
    variables: r.variables,
    failurePolicy: r.failurePolicy as FailurePolicy | undefined,
    reinvocationPolicy: r.reinvocationPolicy as ReinvocationPolicy | undefined,
    matchPolicy: r.matchPolicy as MatchPolicy | undefined,
    paramKind: r.params ? ParamKind.configMap() : undefined,
    paramRef: r.params?.ref !== undefined ? ParamRef.byName(r.params.ref) : undefined,
    defaultBinding: r.defaultBinding,
    excludeNamespaces: r.excludeNamespaces,
    objectSelector: r.objectSelector ? { matchLabels: r.objectSelector } : undefined,
  };
  return {
    construct: (chart: Chart) => {
      const policy = new MutatingPolicy(chart, SUBJECT_ID, props);
      r.bindings.forEach((b, i) => policy.addBinding(`Binding${i}`, { name: b.name, excludeNamespaces: b.excludeNamespaces }));
    },
  };
}

export const ADMISSION: Subject<AdmissionRecipe> = { name: 'MutatingPolicy', valid: validAdmission, nasty: nastyAdmission, build: buildAdmission };
