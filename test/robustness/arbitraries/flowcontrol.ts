/** Generators for ApfFlowSchema props (plain recipes; `buildFlowcontrol` turns one into constructs). */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import { ApfFlowSchema, ApfVerb, FlowDistinguisher, LimitResponse, PriorityLevel, Subject } from '../../../lib';
import { Built, SUBJECT_ID, Subject as FuzzSubject } from '../harness';
import { dnsLabel, labelMap, nastyMap, nastyNumber, nastyReason, nastyString, opt, rarely } from './common';

interface SubjectRecipe { readonly kind: 'user' | 'group' | 'sa' | 'allSa' | 'authenticated'; readonly name: string; readonly namespace: string }
interface RuleRecipe {
  readonly subjects: SubjectRecipe[];
  readonly resourceRules?: Array<{ verbs?: string[]; apiGroups: string[]; resources: string[]; namespaces?: string[]; clusterScope?: boolean }>;
  readonly nonResourceRules?: Array<{ verbs?: string[]; nonResourceUrls: string[] }>;
}
export interface FlowcontrolRecipe {
  readonly name?: string;
  readonly level: { kind: 'builtin'; name: string } | { kind: 'named'; name: string } | {
    kind: 'limited';
    name?: string;
    shares?: number;
    lendable?: number;
    borrowing?: number;
    response?: { reject: true } | { reject: false; queues?: number; handSize?: number; queueLengthLimit?: number };
  };
  readonly matchingPrecedence?: number;
  readonly distinguisher?: string;
  readonly singleFlowReason?: string;
  readonly rules: RuleRecipe[];
  readonly late: RuleRecipe[];
  readonly metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

const BUILTIN = ['WORKLOAD_HIGH', 'WORKLOAD_LOW', 'GLOBAL_DEFAULT', 'CATCH_ALL', 'EXEMPT', 'SYSTEM', 'NODE_HIGH', 'LEADER_ELECTION'] as const;

const validSubject: fc.Arbitrary<SubjectRecipe> = fc.record({
  kind: fc.constantFrom('user' as const, 'group' as const, 'sa' as const),
  name: fc.oneof(dnsLabel(20), fc.constantFrom('ci-bot', 'team-a')),
  namespace: dnsLabel(12),
});

const validRule: fc.Arbitrary<RuleRecipe> = fc.record({
  subjects: fc.array(validSubject, { minLength: 1, maxLength: 2 }),
  resourceRules: fc.array(fc.record({
    verbs: opt(fc.uniqueArray(fc.constantFrom(ApfVerb.GET, ApfVerb.LIST, ApfVerb.WATCH, ApfVerb.CREATE), { minLength: 1, maxLength: 3 })),
    apiGroups: fc.constantFrom([''], ['apps'], ['resource.k8s.io']),
    resources: fc.constantFrom(['pods'], ['deployments'], ['resourceclaims', 'resourceclaimtemplates']),
    namespaces: fc.constantFrom(['*'], ['team-a']),
  }, { requiredKeys: ['apiGroups', 'resources', 'namespaces'] }), { minLength: 1, maxLength: 2 }),
}) as fc.Arbitrary<RuleRecipe>;

export const validFlowcontrol: fc.Arbitrary<FlowcontrolRecipe> = fc.record({
  name: opt(dnsLabel(30).map((n) => `fs-${n}`)),
  level: fc.oneof(
    fc.record({ kind: fc.constant('builtin' as const), name: fc.constantFrom('WORKLOAD_HIGH', 'WORKLOAD_LOW', 'GLOBAL_DEFAULT') }),
    fc.record({
      kind: fc.constant('limited' as const),
      name: opt(dnsLabel(20).map((n) => `pl-${n}`)),
      shares: opt(fc.integer({ min: 1, max: 1000 })),
      lendable: opt(fc.integer({ min: 0, max: 100 })),
      response: opt(fc.oneof(
        fc.constant({ reject: true as const }),
        fc.record({
          reject: fc.constant(false as const),
          queues: fc.constantFrom(16, 64, 128),
          handSize: fc.integer({ min: 1, max: 8 }),
          queueLengthLimit: fc.integer({ min: 1, max: 500 }),
        }),
      )),
    }, { requiredKeys: ['kind'] }),
  ),
  matchingPrecedence: opt(fc.integer({ min: 1000, max: 8000 })),
  distinguisher: opt(fc.constantFrom(...Object.values(FlowDistinguisher))),
  rules: fc.array(validRule, { minLength: 1, maxLength: 2 }),
  late: fc.array(validRule, { maxLength: 1 }),
  metadata: opt(fc.record({ labels: labelMap(), annotations: labelMap() }, { requiredKeys: [] })),
}, { requiredKeys: ['level', 'rules', 'late'] }) as fc.Arbitrary<FlowcontrolRecipe>;

const nastySubject: fc.Arbitrary<SubjectRecipe> = fc.oneof(
  { weight: 2, arbitrary: validSubject },
  fc.record({ kind: fc.constantFrom('user' as const, 'group' as const, 'sa' as const, 'allSa' as const, 'authenticated' as const), name: fc.oneof(nastyString, fc.constantFrom('*', 'system:masters', 'system:serviceaccount:a:b')), namespace: fc.oneof(nastyString, fc.constant('*')) }),
);
const nastyVerbs = rarely(fc.array(fc.oneof(fc.constantFrom(...Object.values(ApfVerb)), nastyString), { maxLength: 3 }));
const nastyRule: fc.Arbitrary<RuleRecipe> = fc.oneof(
  { weight: 2, arbitrary: validRule },
  fc.record({
    subjects: fc.array(nastySubject, { maxLength: 2 }),
    resourceRules: opt(fc.array(fc.record({
      verbs: nastyVerbs,
      apiGroups: fc.array(fc.oneof(fc.constantFrom('', '*', 'apps'), nastyString), { maxLength: 2 }),
      resources: fc.array(fc.oneof(fc.constantFrom('pods', '*', 'pods/log'), nastyString), { maxLength: 2 }),
      namespaces: rarely(fc.array(fc.oneof(fc.constantFrom('*', 'default'), nastyString), { maxLength: 2 })),
      clusterScope: rarely(fc.boolean()),
    }, { requiredKeys: ['apiGroups', 'resources'] }), { maxLength: 2 })),
    nonResourceRules: rarely(fc.array(fc.record({ verbs: nastyVerbs, nonResourceUrls: fc.array(fc.oneof(fc.constantFrom('/healthz', '/api/*', '*', '/a/*/b', 'healthz'), nastyString), { maxLength: 2 }) }, { requiredKeys: ['nonResourceUrls'] }), { maxLength: 2 })),
  }, { requiredKeys: ['subjects'] }),
);

export const nastyFlowcontrol: fc.Arbitrary<FlowcontrolRecipe> = fc.record({
  name: rarely(fc.oneof(nastyString, fc.constantFrom('exempt', 'catch-all', 'service-accounts', 'global-default'))),
  level: fc.oneof(
    fc.record({ kind: fc.constant('builtin' as const), name: fc.constantFrom(...BUILTIN) }),
    fc.record({ kind: fc.constant('named' as const), name: nastyString }),
    fc.record({
      kind: fc.constant('limited' as const),
      name: rarely(fc.oneof(nastyString, fc.constantFrom('exempt', 'catch-all', 'workload-high'))),
      shares: rarely(nastyNumber),
      lendable: rarely(nastyNumber),
      borrowing: rarely(nastyNumber),
      response: opt(fc.oneof(
        fc.constant({ reject: true as const }),
        fc.record({ reject: fc.constant(false as const), queues: rarely(nastyNumber), handSize: rarely(nastyNumber), queueLengthLimit: rarely(nastyNumber) }, { requiredKeys: ['reject'] }),
      )),
    }, { requiredKeys: ['kind'] }),
  ),
  matchingPrecedence: rarely(nastyNumber),
  distinguisher: rarely(fc.oneof(fc.constantFrom(...Object.values(FlowDistinguisher)), nastyString)),
  singleFlowReason: rarely(nastyReason),
  rules: fc.array(nastyRule, { maxLength: 2 }),
  late: fc.array(nastyRule, { maxLength: 1 }),
  metadata: rarely(fc.record({ labels: nastyMap(2), annotations: nastyMap(2) }, { requiredKeys: [] })),
}, { requiredKeys: ['level', 'rules', 'late'] }) as fc.Arbitrary<FlowcontrolRecipe>;

function subject(s: SubjectRecipe): Subject {
  switch (s.kind) {
    case 'user': return Subject.user(s.name);
    case 'group': return Subject.group(s.name);
    case 'sa': return Subject.serviceAccount(s.namespace, s.name);
    case 'allSa': return Subject.allServiceAccountsIn(s.namespace);
    default: return Subject.allAuthenticated();
  }
}

function rule(r: RuleRecipe): any {
  return { subjects: r.subjects.map(subject), resourceRules: r.resourceRules, nonResourceRules: r.nonResourceRules };
}

export function buildFlowcontrol(r: FlowcontrolRecipe): Built {
  const rules = r.rules.map(rule);
  const late = r.late.map(rule);
  const level = r.level;
  const limitResponse = level.kind === 'limited' && level.response
    ? (level.response.reject ? LimitResponse.reject()
      : LimitResponse.queue({ queues: level.response.queues, handSize: level.response.handSize, queueLengthLimit: level.response.queueLengthLimit }))
    : undefined;
  return {
    construct: (chart: Chart) => {
      const schema = new ApfFlowSchema(chart, SUBJECT_ID, {
        name: r.name,
        priorityLevel: level.kind === 'builtin' ? PriorityLevel[level.name as typeof BUILTIN[number]] : level.kind === 'named' ? PriorityLevel.fromName(level.name) : undefined,
        limited: level.kind === 'limited' ? { name: level.name, nominalConcurrencyShares: level.shares, lendablePercent: level.lendable, borrowingLimitPercent: level.borrowing, limitResponse } : undefined,
        matchingPrecedence: r.matchingPrecedence,
        distinguisher: r.distinguisher as FlowDistinguisher | undefined,
        singleFlowReason: r.singleFlowReason,
        rules,
        metadata: r.metadata,
      });
      for (const x of late) schema.addRule(x);
    },
  };
}

export const FLOWCONTROL: FuzzSubject<FlowcontrolRecipe> = { name: 'ApfFlowSchema', valid: validFlowcontrol, nasty: nastyFlowcontrol, build: buildFlowcontrol };
