import { describe, expect, it } from 'vitest';
import { matchResources, requestAttributes, resourceFor } from '../../lib/admit/matching';

// Follows kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/matching/matching.go
// (and matching_test.go) with the webhook predicates it calls (namespace, object, rules).
const pod = (labels?: Record<string, string>, namespace = 'team-a') => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace, ...(labels ? { labels } : {}) }, spec: {} });
const rule = (extra: Record<string, unknown> = {}) => ({ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'], ...extra });
const ns = { 'kubernetes.io/metadata.name': 'team-a', 'env': 'prod' };

describe('matchResources (policy/matching/matching.go)', () => {
  const create = (o: any) => requestAttributes(o, null, 'CREATE');

  it('matches a rule by operation, group, version, resource and scope', () => {
    expect(matchResources({ resourceRules: [rule()] }, create(pod()), ns)).toEqual({ matches: true, version: 'v1' });
    expect(matchResources({ resourceRules: [rule({ operations: ['UPDATE'] })] }, create(pod()), ns).matches).toBe(false);
    expect(matchResources({ resourceRules: [rule({ scope: 'Cluster' })] }, create(pod()), ns).matches).toBe(false);
    expect(matchResources({ resourceRules: [rule({ resources: ['*'], apiGroups: ['*'], apiVersions: ['*'] })] }, create(pod()), ns).matches).toBe(true);
    expect(matchResources({ resourceRules: [rule({ resources: ['pods/status'] })] }, create(pod()), ns).matches).toBe(false);
  });

  it('matches resourceNames against the object name', () => {
    expect(matchResources({ resourceRules: [rule({ resourceNames: ['web'] })] }, create(pod()), ns).matches).toBe(true);
    expect(matchResources({ resourceRules: [rule({ resourceNames: ['db'] })] }, create(pod()), ns).matches).toBe(false);
  });

  it('applies the namespace selector to the namespace labels', () => {
    const sel = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] };
    expect(matchResources({ resourceRules: [rule()], namespaceSelector: sel }, create(pod()), ns).matches).toBe(true);
    expect(matchResources({ resourceRules: [rule()], namespaceSelector: sel }, create(pod(undefined, 'kube-system')), { 'kubernetes.io/metadata.name': 'kube-system' }).matches).toBe(false);
    expect(matchResources({ resourceRules: [rule()], namespaceSelector: { matchLabels: { env: 'dev' } } }, create(pod()), ns).matches).toBe(false);
  });

  it('ignores the namespace selector for cluster-scoped objects', () => {
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1 };
    const r = { apiGroups: ['scheduling.k8s.io'], apiVersions: ['v1'], resources: ['priorityclasses'], operations: ['CREATE'] };
    expect(matchResources({ resourceRules: [r], namespaceSelector: { matchLabels: { env: 'dev' } } }, create(pc), undefined).matches).toBe(true);
  });

  it('fails when the namespace does not exist and a namespace selector needs its labels', () => {
    expect(matchResources({ resourceRules: [rule()], namespaceSelector: { matchLabels: { env: 'prod' } } }, create(pod()), undefined))
      .toEqual({ matches: false, error: 'namespaces "team-a" not found' });
  });

  it('applies the object selector to the object labels (objects without labels match only negative selectors)', () => {
    const sel = { matchLabels: { 'sidecar-injection': 'enabled' } };
    expect(matchResources({ resourceRules: [rule()], objectSelector: sel }, create(pod({ 'sidecar-injection': 'enabled' })), ns).matches).toBe(true);
    expect(matchResources({ resourceRules: [rule()], objectSelector: sel }, create(pod()), ns).matches).toBe(false);
    const not = { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] };
    expect(matchResources({ resourceRules: [rule()], objectSelector: not }, create(pod()), ns).matches).toBe(true);
  });

  it('excludes resources matched by excludeResourceRules', () => {
    expect(matchResources({ resourceRules: [rule()], excludeResourceRules: [rule({ resourceNames: ['web'] })] }, create(pod()), ns).matches).toBe(false);
  });

  it('matches every resource when there are no resource rules (a binding without rules)', () => {
    expect(matchResources({}, create(pod()), ns).matches).toBe(true);
  });

  it('with matchPolicy Equivalent also matches another served version of the resource, Exact does not', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'team-a' }, spec: {} };
    const r = { apiGroups: ['autoscaling'], apiVersions: ['v1'], resources: ['horizontalpodautoscalers'], operations: ['CREATE'] };
    expect(matchResources({ resourceRules: [r], matchPolicy: 'Equivalent' }, create(hpa), ns)).toEqual({ matches: true, version: 'v1' });
    expect(matchResources({ resourceRules: [r], matchPolicy: 'Exact' }, create(hpa), ns).matches).toBe(false);
  });
});

describe('requestAttributes', () => {
  it('derives the plural resource from the kind as the 1.36 API names it', () => {
    expect(['Pod', 'Ingress', 'NetworkPolicy', 'Endpoints', 'PriorityClass'].map(resourceFor)).toEqual(['pods', 'ingresses', 'networkpolicies', 'endpoints', 'priorityclasses']);
  });

  it('puts namespaced objects without a namespace in "default"', () => {
    expect(requestAttributes({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }, null, 'CREATE').namespace).toBe('default');
  });
});
