/**
 * AuthorizationSimulator against the upstream code it ports: RBAC cases translated from
 * kubernetes `plugin/pkg/auth/authorizer/rbac/rbac_test.go` (TestAuthorizer, TestRuleMatches),
 * the union authorizer (`k8s.io/apiserver pkg/authorization/union`), the webhook's match
 * conditions (`pkg/authorization/cel/matcher.go` CELMatcher.Eval, `plugin/pkg/authorizer/webhook`)
 * and the system:masters shortcut (`pkg/kubeapiserver/authorizer/reload.go`).
 */
import { describe, expect, it } from 'vitest';
import { AuthorizationSimulator, WebhookResponse } from '../../lib';
import { AuthzAttributes, RbacSet, ruleAllows } from '../../lib/explain/authz';

const RBAC = 'rbac.authorization.k8s.io/v1';
// rbac_test.go newRule splits each argument on ','; an empty argument is an absent list here
// (v1 RBAC validation refuses a rule with both resources and non-resource URLs).
const split = (x: string) => (x === '' ? undefined : x.split(','));
const rule = (verbs: string, apiGroups: string, resources: string, urls: string) => ({
  verbs: split(verbs), apiGroups: resources === '' ? undefined : apiGroups.split(','), resources: split(resources), nonResourceURLs: split(urls),
});
const clusterRole = (name: string, ...rules: object[]) => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, rules });
const subjects = (...s: string[]) => s.map((x) => {
  const [kind, name] = [x.slice(0, x.indexOf(':')), x.slice(x.indexOf(':') + 1)];
  return { kind, name, ...(kind === 'ServiceAccount' ? {} : { apiGroup: 'rbac.authorization.k8s.io' }) };
});
const crb = (role: string, ...s: string[]) => ({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name: `crb-${role}` }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: subjects(...s) });
const rbToClusterRole = (ns: string, role: string, ...s: string[]) => ({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name: `rb-${role}`, namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role }, subjects: subjects(...s) });
const res = (user: string, groups: string, verb: string, resource: string, subresource: string, namespace: string): AuthzAttributes =>
  ({ user, groups: groups ? groups.split(',') : [], verb, resource, subresource, namespace, apiGroup: '' });
const url = (user: string, groups: string[], verb: string, path: string): AuthzAttributes => ({ user, groups, verb, path });

// rbac_test.go TestAuthorizer
const AUTHORIZER_CASES: Array<{ objects: object[]; pass: AuthzAttributes[]; fail: AuthzAttributes[] }> = [
  {
    objects: [clusterRole('admin', rule('*', '*', '*', '*')), rbToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
    pass: [res('admin', '', 'get', 'Pods', '', 'ns1'), res('admin', '', 'watch', 'Pods', '', 'ns1'), res('admin', 'group1', 'watch', 'Foobar', '', 'ns1'),
      res('joe', 'admins', 'watch', 'Foobar', '', 'ns1'), res('joe', 'group1,admins', 'watch', 'Foobar', '', 'ns1')],
    fail: [res('admin', '', 'GET', 'Pods', '', 'ns2'), res('admin', '', 'GET', 'Nodes', '', ''), res('admin', 'admins', 'GET', 'Pods', '', 'ns2'), res('admin', 'admins', 'GET', 'Nodes', '', '')],
  },
  {
    objects: [
      clusterRole('non-resource-url-getter', rule('get', '', '', '/apis')), clusterRole('non-resource-url', rule('*', '', '', '/apis')),
      clusterRole('non-resource-url-prefix', rule('get', '', '', '/apis/*')),
      crb('non-resource-url-getter', 'User:foo', 'Group:bar'), crb('non-resource-url', 'User:admin', 'Group:admin'), crb('non-resource-url-prefix', 'User:prefixed', 'Group:prefixed'),
    ],
    pass: [url('foo', [], 'get', '/apis'), url('', ['bar'], 'get', '/apis'), url('admin', [], 'get', '/apis'), url('', ['admin'], 'get', '/apis'),
      url('admin', [], 'watch', '/apis'), url('', ['admin'], 'watch', '/apis'), url('prefixed', [], 'get', '/apis/v1'), url('', ['prefixed'], 'get', '/apis/v1'),
      url('prefixed', [], 'get', '/apis/v1/foobar'), url('', ['prefixed'], 'get', '/apis/v1/foorbar')],
    fail: [url('foo', [], 'watch', '/apis'), url('', ['bar'], 'watch', '/apis'), url('foo', [], 'get', '/api/v1'), url('', ['bar'], 'get', '/api/v1'),
      url('admin', [], 'get', '/api/v1'), url('', ['admin'], 'get', '/api/v1'), url('prefixed', [], 'get', '/api/v1'), url('', ['prefixed'], 'get', '/api/v1')],
  },
  {
    objects: [clusterRole('admin', rule('*', '*', 'pods', '*')), rbToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
    pass: [res('admin', '', 'get', 'pods', '', 'ns1')],
    fail: [res('admin', '', 'get', 'pods', 'status', 'ns1')],
  },
  {
    objects: [clusterRole('admin', rule('*', '*', 'pods/status', '*')), rbToClusterRole('ns1', 'admin', 'User:admin', 'Group:admins')],
    pass: [res('admin', '', 'get', 'pods', 'status', 'ns1')],
    fail: [res('admin', '', 'get', 'pods', '', 'ns1')],
  },
];

describe('RBAC (rbac_test.go TestAuthorizer)', () => {
  AUTHORIZER_CASES.forEach((c, i) => {
    const rbac = new RbacSet(c.objects as any[]);
    it.each(c.pass.map((a) => [JSON.stringify(a), a] as const))(`case ${i}: allows %s`, (_l, a) => expect(rbac.authorize(a).decision).toBe('Allow'));
    it.each(c.fail.map((a) => [JSON.stringify(a), a] as const))(`case ${i}: does not allow %s`, (_l, a) => expect(rbac.authorize(a).decision).toBe('NoOpinion'));
  });
});

describe('RBAC rule matching (rbac_test.go TestRuleMatches)', () => {
  const r = (verb: string, group: string, resource: string, subresource = ''): AuthzAttributes => ({ user: 'u', groups: [], verb, apiGroup: group, resource, subresource });
  it('star verb, exact match other', () => {
    const x = { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] };
    expect(ruleAllows(r('verb1', 'group1', 'resource1'), x)).toBe(true);
    expect(ruleAllows(r('verb2', 'group1', 'resource1'), x)).toBe(true);
    expect(ruleAllows(r('verb1', 'group2', 'resource1'), x)).toBe(false);
    expect(ruleAllows(r('verb1', 'group1', 'resource2'), x)).toBe(false);
  });
  it('subresource expansion and */subresource', () => {
    const x = { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] };
    expect(ruleAllows(r('verb1', 'group1', 'resource1', 'subresource1'), x)).toBe(true);
    expect(ruleAllows(r('verb1', 'group2', 'resource1', 'subresource2'), x)).toBe(false);
    expect(ruleAllows(r('verb1', 'group1', 'resource2', 'subresource1'), x)).toBe(false);
    const star = { verbs: ['*'], apiGroups: ['*'], resources: ['*/scale'] };
    expect(ruleAllows(r('update', 'apps', 'deployments', 'scale'), star)).toBe(true);
    expect(ruleAllows(r('update', 'apps', 'deployments'), star)).toBe(false);
  });
  it('star nonresource subpath', () => {
    const x = { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] };
    const u = (p: string): AuthzAttributes => ({ user: 'u', groups: [], verb: 'verb1', path: p });
    expect(ruleAllows(u('/foo'), x)).toBe(false);
    expect(ruleAllows(u('/foo/bar'), x)).toBe(true);
    expect(ruleAllows(u('/foo/bar/one'), x)).toBe(true);
  });
  it('resource names restrict, none means all', () => {
    const x = { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] };
    expect(ruleAllows({ ...r('get', '', 'configmaps'), name: 'app' }, x)).toBe(true);
    expect(ruleAllows({ ...r('get', '', 'configmaps'), name: 'other' }, x)).toBe(false);
  });
});

describe('ClusterRole aggregation', () => {
  it('an aggregated role gets the rules of the roles its selectors match', () => {
    const rbac = new RbacSet([
      { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'monitoring' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] }, rules: [] },
      { apiVersion: RBAC, kind: 'ClusterRole', metadata: { name: 'endpoints-reader', labels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }, rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['endpoints'] }] },
      crb('monitoring', 'User:prom'),
    ]);
    const d = rbac.authorize({ user: 'prom', groups: [], verb: 'list', apiGroup: '', resource: 'endpoints', namespace: 'x' });
    expect(d.decision).toBe('Allow');
    expect(d.reason).toContain('ClusterRoleBinding "crb-monitoring" of ClusterRole "monitoring" to User "prom"');
  });
});

// ---- the chain --------------------------------------------------------------------------------
const config = (...authorizers: object[]) => ({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AuthorizationConfiguration', authorizers });
const webhook = (name: string, failurePolicy: 'Deny' | 'NoOpinion', matchConditions?: Array<{ expression: string }>) => ({
  type: 'Webhook',
  name,
  webhook: {
    timeout: '3s',
    authorizedTTL: '5m',
    unauthorizedTTL: '30s',
    subjectAccessReviewVersion: 'v1',
    matchConditionSubjectAccessReviewVersion: 'v1',
    failurePolicy,
    connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: '/etc/kubernetes/authz-webhook.kubeconfig' },
    ...(matchConditions ? { matchConditions } : {}),
  },
});
const kubelet = { user: 'system:node:n1', groups: ['system:nodes'], verb: 'get', resource: 'pods', namespace: 'default', name: 'p' };
const dev = { user: 'alice', groups: ['devs'], verb: 'get', resource: 'pods', namespace: 'web' };

describe('the authorization chain', () => {
  it('system:masters is allowed before any configured authorizer', () => {
    const sim = AuthorizationSimulator.fromManifests([config(webhook('policy.example.com', 'Deny'), { type: 'RBAC', name: 'rbac' })]);
    const d = sim.decide({ user: 'admin', groups: ['system:masters'], verb: 'delete', resource: 'nodes' });
    expect([d.decision, d.decidedBy, d.steps.length]).toEqual(['Allow', 'system:masters', 1]);
  });

  it('a webhook without match conditions, failing, denies everyone behind it: a webhook outage locks out kubelets', () => {
    const sim = AuthorizationSimulator.fromManifests([config(webhook('policy.example.com', 'Deny'), { type: 'Node', name: 'node' }, { type: 'RBAC', name: 'rbac' })]);
    const d = sim.decide(kubelet, [{ name: 'policy.example.com', response: WebhookResponse.ERROR }]);
    expect([d.decision, d.decidedBy]).toEqual(['Deny', 'policy.example.com']);
    expect(d.steps[1].reason).toContain('failurePolicy Deny applies');
  });

  it('match conditions that exclude system identities keep kubelets away from the webhook', () => {
    const sim = AuthorizationSimulator.fromManifests([config(
      webhook('policy.example.com', 'Deny', [{ expression: "!('system:nodes' in request.groups)" }, { expression: "!request.user.startsWith('system:')" }]),
      { type: 'Node', name: 'node' }, { type: 'RBAC', name: 'rbac' },
    )]);
    const d = sim.decide(kubelet, [{ name: 'policy.example.com', response: WebhookResponse.ERROR }]);
    expect(d.steps[1]).toMatchObject({ decision: 'NoOpinion', matchConditions: [{ result: 'false' }] });
    expect(d.decidedBy).toBe('node');
    expect(d.decision).toBe('Unknown'); // the Node authorizer's graph is cluster state
  });

  it('an erroring match condition (no false) gives the failure policy without calling the webhook', () => {
    const sim = AuthorizationSimulator.fromManifests([config(webhook('policy.example.com', 'NoOpinion', [{ expression: "request.resourceAttributes.namespace == 'web'" }]), { type: 'RBAC', name: 'rbac' }, ...[]),
      clusterRole('view', rule('get,list', '', 'pods', '')), crb('view', 'Group:devs')]);
    // A non-resource request has no resourceAttributes: the condition errors.
    const d = sim.decide({ user: 'alice', groups: ['devs'], verb: 'get', nonResourceUrl: '/version' });
    expect(d.steps[1].matchConditions[0].result).toMatch(/^error: /);
    expect(d.steps[1].decision).toBe('NoOpinion');
    expect(d.steps[1].reason).toContain('failurePolicy NoOpinion');
  });

  it('a called webhook without a given answer leaves the decision open and says what follows a no-opinion', () => {
    const sim = AuthorizationSimulator.fromManifests([config(webhook('policy.example.com', 'NoOpinion'), { type: 'RBAC', name: 'rbac' }),
      clusterRole('view', rule('get,list', '', 'pods', '')), crb('view', 'Group:devs')]);
    const d = sim.decide(dev);
    expect([d.decision, d.decidedBy, d.ifNoOpinion]).toEqual(['Unknown', 'policy.example.com', 'Allow by rbac']);
    expect(sim.decide(dev, [{ name: 'policy.example.com', response: WebhookResponse.DENY }]).decision).toBe('Deny');
    expect(sim.decide(dev, [{ name: 'policy.example.com', response: WebhookResponse.NO_OPINION }])).toMatchObject({ decision: 'Allow', allowed: true, decidedBy: 'rbac' });
  });

  it('nobody allowing is a NoOpinion: forbidden', () => {
    const sim = AuthorizationSimulator.fromManifests([config({ type: 'Node', name: 'node' }, { type: 'RBAC', name: 'rbac' }), clusterRole('view', rule('get', '', 'pods', ''))]);
    const d = sim.decide(dev);
    expect([d.decision, d.allowed]).toEqual(['NoOpinion', false]);
    expect(d.steps.map((s) => s.decision)).toEqual(['NoOpinion', 'NoOpinion', 'NoOpinion']);
  });

  it('reads an AuthzConfig-style YAML file with RBAC objects', () => {
    const yaml = [
      'apiVersion: apiserver.config.k8s.io/v1', 'kind: AuthorizationConfiguration', 'authorizers:', '- type: Node', '  name: node', '- type: RBAC', '  name: rbac', '---',
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: Role', 'metadata: {name: reader, namespace: web}', 'rules:', '- {verbs: [get], apiGroups: [""], resources: [pods]}', '---',
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: RoleBinding', 'metadata: {name: devs-read, namespace: web}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}', 'subjects:', '- {kind: Group, apiGroup: rbac.authorization.k8s.io, name: devs}', '',
    ].join('\n');
    const d = AuthorizationSimulator.fromYaml(yaml).decide(dev);
    expect(d.decision).toBe('Allow');
    expect(d.steps[2].reason).toBe('RBAC: allowed by RoleBinding "devs-read/web" of Role "reader" to Group "devs" (rules[0]: {APIGroups:[""], Resources:["pods"], Verbs:["get"]})');
  });

  it('refuses a what-if answer for a webhook that does not exist', () => {
    const sim = AuthorizationSimulator.fromManifests([config({ type: 'RBAC', name: 'rbac' })]);
    expect(() => sim.decide(dev, [{ name: 'nope', response: WebhookResponse.ALLOW }])).toThrow(/names no webhook authorizer/);
  });

  it('refuses input without exactly one AuthorizationConfiguration', () => {
    expect(() => AuthorizationSimulator.fromManifests([])).toThrow(/exactly one AuthorizationConfiguration/);
  });
});
