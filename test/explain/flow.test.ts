/**
 * FlowControlSimulator against the upstream sources it ports (k8s.io/apiserver v0.36.0):
 * `pkg/util/flowcontrol/match_test.go` TestLiterals (translated below), `rule.go`,
 * `apf_controller.go` (ordering, fallback, distinguisher, concurrency) and
 * `pkg/apis/flowcontrol/bootstrap/default.go` (the built-in objects).
 */
import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ApfFlowSchema, ApfVerb, FlowControlSimulator, FlowDistinguisher, LimitResponse, Subject } from '../../lib';
import { HaruValidationError } from '../../lib/base/errors';
import { ApfRequest, matchFlowSchema } from '../../lib/explain/flow';

// ---- match_test.go TestLiterals ------------------------------------------------------------
const ui = { user: 'goodu', groups: ['goodg1', 'goodg2'] };
const reqRN: ApfRequest = { ...ui, verb: 'goodverb', apiGroup: 'goodapig', namespace: 'goodns', resource: 'goodrscs', name: 'eman' };
const reqRU: ApfRequest = { ...ui, verb: 'goodverb', apiGroup: 'goodapig', namespace: '', resource: 'goodrscs', name: 'eman' };
const reqN: ApfRequest = { ...ui, verb: 'goodverb', path: '/openapi/v2' };

const user = (name: string) => ({ kind: 'User', user: { name } });
const group = (name: string) => ({ kind: 'Group', group: { name } });
const rr = (verbs: string[], apiGroups: string[], resources: string[], namespaces?: string[], clusterScope?: boolean) => ({
  verbs, apiGroups, resources, ...(namespaces ? { namespaces } : {}), ...(clusterScope !== undefined ? { clusterScope } : {}),
});
const fsOf = (rule: object) => ({ metadata: { name: 'rule' }, spec: { rules: [rule] } });

const LITERALS: Array<[string, boolean, ApfRequest, object]> = [
  ['user goodu', true, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['group goodg1', true, reqRN, { subjects: [group('goodg1')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['user *', true, reqRN, { subjects: [user('*')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['group *', true, reqRN, { subjects: [group('*')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['verb *', true, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['*'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['apiGroup *', true, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['*'], ['goodrscs'], ['goodns'])] }],
  ['resource *', true, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['*'], ['goodns'])] }],
  ['namespace *', true, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['*'])] }],
  ['bad user', false, reqRN, { subjects: [user('badu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['bad group', false, reqRN, { subjects: [group('badg')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['bad verb', false, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['badverb'], ['goodapig'], ['goodrscs'], ['goodns'])] }],
  ['bad apiGroup', false, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['badapig'], ['goodrscs'], ['goodns'])] }],
  ['bad resource', false, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['badrscs'], ['goodns'])] }],
  ['bad namespace', false, reqRN, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], ['badns'])] }],
  ['cluster scope', true, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], undefined, true)] }],
  ['cluster scope, verb *', true, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['*'], ['goodapig'], ['goodrscs'], undefined, true)] }],
  ['cluster scope, apiGroup *', true, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['*'], ['goodrscs'], undefined, true)] }],
  ['cluster scope, resource *', true, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['*'], undefined, true)] }],
  ['cluster scope, bad verb', false, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['badverb'], ['goodapig'], ['goodrscs'], undefined, true)] }],
  ['cluster scope, bad apiGroup', false, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['badapig'], ['goodrscs'], undefined, true)] }],
  ['cluster scope, bad resource', false, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['badrscs'], undefined, true)] }],
  ['clusterScope false', false, reqRU, { subjects: [user('goodu')], resourceRules: [rr(['goodverb'], ['goodapig'], ['goodrscs'], undefined, false)] }],
  ['non-resource exact', true, reqN, { subjects: [user('goodu')], nonResourceRules: [{ verbs: ['goodverb'], nonResourceURLs: ['/openapi/v2'] }] }],
  ['non-resource verb *', true, reqN, { subjects: [user('goodu')], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['/openapi/v2'] }] }],
  ['non-resource URL *', true, reqN, { subjects: [user('goodu')], nonResourceRules: [{ verbs: ['goodverb'], nonResourceURLs: ['*'] }] }],
  ['non-resource bad verb', false, reqN, { subjects: [user('goodu')], nonResourceRules: [{ verbs: ['badverb'], nonResourceURLs: ['/openapi/v2'] }] }],
  ['non-resource bad URL', false, reqN, { subjects: [user('goodu')], nonResourceRules: [{ verbs: ['goodverb'], nonResourceURLs: ['/closedapi/v2'] }] }],
];

describe('matchesFlowSchema (match_test.go TestLiterals)', () => {
  it.each(LITERALS)('%s: match=%s', (_label, expected, req, rule) => {
    expect(matchFlowSchema(req, fsOf(rule)) !== undefined).toBe(expected);
  });
});

describe('rule.go details', () => {
  const sa = (ns: string, name: string) => ({ kind: 'ServiceAccount', serviceAccount: { namespace: ns, name } });
  const any = { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true };
  const req = (u: string, extra: Partial<ApfRequest> = {}): ApfRequest => ({ user: u, groups: [], verb: 'get', resource: 'pods', apiGroup: '', namespace: 'default', ...extra });

  it('a service account subject with name * matches every account of the namespace, by prefix (serviceAccountMatchesNamespace)', () => {
    const rule = { subjects: [sa('ci', '*')], resourceRules: [any] };
    expect(matchFlowSchema(req('system:serviceaccount:ci:runner'), fsOf(rule))).toBeDefined();
    expect(matchFlowSchema(req('system:serviceaccount:ci-2:runner'), fsOf(rule))).toBeUndefined();
    expect(matchFlowSchema(req('system:serviceaccount:cix'), fsOf(rule))).toBeUndefined();
  });

  it('a named service account matches only its exact username', () => {
    const rule = { subjects: [sa('ci', 'runner')], resourceRules: [any] };
    expect(matchFlowSchema(req('system:serviceaccount:ci:runner'), fsOf(rule))).toBeDefined();
    expect(matchFlowSchema(req('system:serviceaccount:ci:runner2'), fsOf(rule))).toBeUndefined();
  });

  it('a subresource is matched as resource/subresource', () => {
    const rule = { subjects: [user('*')], resourceRules: [{ ...any, resources: ['pods/log'] }] };
    expect(matchFlowSchema(req('u', { subresource: 'log' }), fsOf(rule))).toBeDefined();
    expect(matchFlowSchema(req('u'), fsOf(rule))).toBeUndefined();
  });

  it('a non-resource URL without * still matches the paths below it (the rule gets a trailing / appended)', () => {
    const rule = { subjects: [user('*')], nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] };
    const at = (path: string) => matchFlowSchema({ user: 'u', groups: [], verb: 'get', path }, fsOf(rule));
    expect(at('/healthz')).toBeDefined();
    expect(at('/healthz/etcd')).toBeDefined();
    expect(at('/healthzx')).toBeUndefined();
  });

  it('a wildcard counts only as the single member of its list (containsString)', () => {
    const rule = { subjects: [user('*')], resourceRules: [{ ...any, verbs: ['list', '*'] }] };
    expect(matchFlowSchema(req('u'), fsOf(rule))).toBeUndefined();
  });
});

// ---- the built-in configuration (bootstrap/default.go) -------------------------------------
describe('classification with the mandatory and suggested objects', () => {
  const sim = FlowControlSimulator.fromManifests([]);
  const cases: Array<[string, Parameters<FlowControlSimulator['classify']>[0], string, string, string | undefined]> = [
    ['a kubelet updating its node status', { user: 'system:node:n1', groups: ['system:nodes'], verb: 'patch', resource: 'nodes', subresource: 'status', name: 'n1' }, 'system-node-high', 'node-high', 'system:node:n1'],
    ['a kubelet renewing its lease', { user: 'system:node:n1', groups: ['system:nodes'], verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease', name: 'n1' }, 'system-node-high', 'node-high', 'system:node:n1'],
    ['a kubelet listing pods', { user: 'system:node:n1', groups: ['system:nodes'], verb: 'list', resource: 'pods' }, 'system-nodes', 'system', 'system:node:n1'],
    ['an admin', { user: 'kubernetes-admin', groups: ['system:masters'], verb: 'delete', resource: 'namespaces', name: 'x' }, 'exempt', 'exempt', undefined],
    ['an anonymous health probe', { user: 'system:anonymous', verb: 'get', nonResourceUrl: '/readyz' }, 'probes', 'exempt', undefined],
    ['the controller manager taking its lease', { user: 'system:kube-controller-manager', verb: 'update', apiGroup: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system', name: 'kube-controller-manager' }, 'system-leader-election', 'leader-election', 'system:kube-controller-manager'],
    ['the controller manager listing ReplicaSets', { user: 'system:kube-controller-manager', verb: 'list', apiGroup: 'apps', resource: 'replicasets', namespace: 'web' }, 'kube-controller-manager', 'workload-high', 'web'],
    ['a kube-system service account', { user: 'system:serviceaccount:kube-system:coredns', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'], verb: 'watch', resource: 'endpoints' }, 'kube-system-service-accounts', 'workload-high', ''],
    ['an application service account (its token groups added)', { user: 'system:serviceaccount:ci:runner', verb: 'create', resource: 'pods', namespace: 'ci' }, 'service-accounts', 'workload-low', 'system:serviceaccount:ci:runner'],
    ['a developer', { user: 'alice', groups: ['devs'], verb: 'get', resource: 'pods', namespace: 'web' }, 'global-default', 'global-default', 'alice'],
  ];
  it.each(cases)('%s', (_label, request, fs, level, distinguisher) => {
    const c = sim.classify(request);
    expect(c.flowSchema).toBe(fs);
    expect(c.priorityLevel).toBe(level);
    expect(c.flowDistinguisher).toBe(distinguisher);
  });

  it('says what would match next, in order', () => {
    const c = sim.classify({ user: 'system:node:n1', groups: ['system:nodes'], verb: 'patch', resource: 'nodes', subresource: 'status' });
    expect(c.nextMatches.map((m) => m.flowSchema)).toEqual(['system-nodes', 'global-default', 'catch-all']);
  });

  it('without the suggested objects everything but system:masters goes to catch-all', () => {
    const bare = FlowControlSimulator.fromManifests([], { includeSuggested: false });
    expect(bare.flowSchemaOrder).toEqual(['exempt', 'catch-all']);
    expect(bare.classify({ user: 'system:node:n1', groups: ['system:nodes'], verb: 'list', resource: 'pods' }).flowSchema).toBe('catch-all');
  });

  it('adds the groups a service account token carries', () => {
    expect(sim.classify({ user: 'system:serviceaccount:ci:runner', verb: 'get', resource: 'pods' }).groups)
      .toEqual(['system:serviceaccounts', 'system:serviceaccounts:ci', 'system:authenticated']);
  });

  it('a user in neither authenticated group still lands in catch-all (the startRequest fallback)', () => {
    const c = sim.classify({ user: 'odd', verb: 'get', resource: 'pods', addAuthenticatedGroups: false });
    expect(c.flowSchema).toBe('catch-all');
    expect(c.rule).toBeUndefined();
  });

  it('orders schemas by matching precedence, then name (FlowSchemaSequence.Less)', () => {
    expect(sim.flowSchemaOrder).toEqual(['exempt', 'probes', 'system-leader-election', 'system-node-high', 'system-nodes',
      'kube-controller-manager', 'kube-scheduler', 'kube-system-service-accounts', 'service-accounts', 'global-default', 'catch-all']);
  });
});

// ---- concurrency (apf_controller.go finishQueueSetReconfigsLocked) -------------------------
describe('priority level concurrency', () => {
  it('gives the built-in levels their well-known seats at the default 600', () => {
    const limits = Object.fromEntries(FlowControlSimulator.fromManifests([]).priorityLevelLimits().map((l) => [l.name, l]));
    // Σ shares = 0 + 5 + 30 + 40 + 10 + 40 + 100 + 20 = 245; nominal = ceil(600 × shares / 245).
    expect(Object.fromEntries(Object.entries(limits).map(([k, l]) => [k, l.nominalConcurrencyLimit]))).toEqual({
      'catch-all': 13, 'exempt': 0, 'global-default': 49, 'leader-election': 25, 'node-high': 98, 'system': 74, 'workload-high': 98, 'workload-low': 245,
    });
    // lendable = round(nominal × lendablePercent / 100), Go rounding (halves away from zero).
    expect(limits['node-high'].lendableConcurrencyLimit).toBe(25); // 24.5
    expect(limits['workload-low'].lendableConcurrencyLimit).toBe(221); // 220.5
    expect(limits.system.lendableConcurrencyLimit).toBe(24); // 24.42
    // No borrowingLimitPercent: may borrow up to the server limit.
    expect(limits['global-default'].borrowingConcurrencyLimit).toBe(600);
    expect(limits['global-default'].maximumConcurrencyLimit).toBe(649);
    expect(limits['global-default'].minimumConcurrencyLimit).toBe(24);
  });

  it('follows --max-requests-inflight and --max-mutating-requests-inflight', () => {
    const sim = FlowControlSimulator.fromManifests([], { maxRequestsInflight: 100, maxMutatingRequestsInflight: 50 });
    expect(sim.serverConcurrencyLimit).toBe(150);
    expect(sim.priorityLevelLimits().find((l) => l.name === 'workload-low')!.nominalConcurrencyLimit).toBe(62); // ceil(61.2)
  });

  it('fails when the two limits add up to nothing (pkg/server/options/feature.go)', () => {
    expect(() => FlowControlSimulator.fromManifests([], { maxRequestsInflight: 0, maxMutatingRequestsInflight: 0 })).toThrow(/add up to something positive/);
  });

  it('agrees with ApfFlowSchema shareOfServer for a construct-made level', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const lane = new ApfFlowSchema(chart, 'ai', {
      name: 'ai-controller-dra',
      matchingPrecedence: 500,
      distinguisher: FlowDistinguisher.BY_USER,
      limited: { name: 'ai-controller', nominalConcurrencyShares: 50, limitResponse: LimitResponse.queue({ queues: 64, handSize: 6, queueLengthLimit: 100 }) },
      rules: [{ subjects: [Subject.serviceAccount('ai-system', 'ai-controller')], resourceRules: [{ verbs: [ApfVerb.ALL], apiGroups: ['resource.k8s.io'], resources: ['resourceclaims'], namespaces: ['*'] }] }],
    });
    const sim = FlowControlSimulator.fromChart(chart);
    const mine = sim.priorityLevelLimits().find((l) => l.name === 'ai-controller')!;
    expect(mine.nominalConcurrencyLimit).toBe(lane.ownPriorityLevel!.shareOfServer().nominalSeats);
    const c = sim.classify({ user: 'system:serviceaccount:ai-system:ai-controller', verb: 'list', apiGroup: 'resource.k8s.io', resource: 'resourceclaims', namespace: 'ml' });
    expect(c.flowSchema).toBe('ai-controller-dra');
    expect(c.nextMatches[0].flowSchema).toBe('service-accounts');
  });
});

// ---- what the server does with the input (ensurer, digestFlowSchemasLocked) ----------------
describe('the configuration the server ends up with', () => {
  const fs = (name: string, level: string, precedence: number, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name, ...extra },
    spec: { priorityLevelConfiguration: { name: level }, matchingPrecedence: precedence, rules: [{ subjects: [{ kind: 'Group', group: { name: 'devs' } }], resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'] }] }] },
  });
  const dev = { user: 'alice', groups: ['devs'], verb: 'get', resource: 'pods', namespace: 'web' };

  it('ignores a schema whose priority level does not exist (dangling)', () => {
    const sim = FlowControlSimulator.fromManifests([fs('devs', 'nowhere', 200)]);
    expect(sim.classify(dev).flowSchema).toBe('global-default');
    expect(sim.notes.join('\n')).toMatch(/FlowSchema devs: ignored: its priority level "nowhere" does not exist/);
  });

  it('breaks a precedence tie by name', () => {
    const sim = FlowControlSimulator.fromManifests([fs('b-devs', 'workload-low', 200), fs('a-devs', 'workload-high', 200)]);
    const c = sim.classify(dev);
    expect(c.flowSchema).toBe('a-devs');
    expect(c.nextMatches[0].flowSchema).toBe('b-devs');
  });

  it('defaults an unset matchingPrecedence to 1000', () => {
    const o = fs('devs', 'workload-low', 0);
    delete (o.spec as any).matchingPrecedence;
    const c = FlowControlSimulator.fromManifests([o]).classify(dev);
    expect([c.flowSchema, c.matchingPrecedence]).toEqual(['devs', 1000]);
  });

  it('puts the suggested spec back over a same-named object unless auto-update is off (ensurer shouldUpdateSpec)', () => {
    const mine = fs('global-default', 'workload-high', 9900);
    expect(FlowControlSimulator.fromManifests([mine]).classify(dev).priorityLevel).toBe('global-default');
    const kept = fs('global-default', 'workload-high', 9900, { annotations: { 'apf.kubernetes.io/autoupdate-spec': 'false' } });
    expect(FlowControlSimulator.fromManifests([kept]).classify(dev).priorityLevel).toBe('workload-high');
  });

  it('refuses objects the API server would refuse', () => {
    const bad = fs('devs', 'workload-low', 200);
    (bad.spec as any).distinguisherMethod = { type: 'ByColour' };
    expect(() => FlowControlSimulator.fromManifests([bad])).toThrow(HaruValidationError);
  });

  it('refuses a request without a resource or a URL, naming the field', () => {
    const sim = FlowControlSimulator.fromManifests([]);
    expect(() => sim.classify({ user: 'a', verb: 'get' })).toThrow(/resource: is required for a resource request/);
    expect(() => sim.classify({ user: '', verb: 'get', resource: 'pods' })).toThrow(/user: must be a non-empty string/);
    expect(() => sim.classify({ user: 'a', verb: 'get', nonResourceUrl: 'healthz' })).toThrow(/must start with \//);
  });

  it('reads YAML', () => {
    const yaml = 'apiVersion: flowcontrol.apiserver.k8s.io/v1\nkind: PriorityLevelConfiguration\nmetadata: {name: ci}\nspec:\n  type: Limited\n  limited:\n    nominalConcurrencyShares: 10\n    limitResponse: {type: Reject}\n';
    const sim = FlowControlSimulator.fromYaml(yaml);
    const ci = sim.priorityLevelLimits().find((l) => l.name === 'ci')!;
    expect(ci.nominalConcurrencyLimit).toBe(Math.ceil(600 * 10 / 255));
    expect(ci.queues).toBeUndefined();
  });
});
