import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { checkAuditPolicy } from '../../lib/check/audit';
import { checkObject } from '../../lib/check/registry';

function base(): any {
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    omitStages: ['RequestReceived'],
    omitManagedFields: true,
    rules: [
      { level: 'Metadata', resources: [{ group: 'resource.k8s.io' }] },
      { level: 'None', nonResourceURLs: ['/healthz*', '/version'] },
    ],
  };
}

function messages(obj: any): string[] {
  return checkAuditPolicy(obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

function only(obj: any): string {
  const m = messages(obj);
  expect(m).toHaveLength(1);
  return m[0];
}

describe('audit Policy checker', () => {
  it('accepts a valid policy', () => {
    expect(messages(base())).toEqual([]);
  });
  it('is registered for audit.k8s.io/v1 Policy', () => {
    expect(checkObject({ ...base(), rules: [] }, { skipSchema: true }).map((v) => v.checkId)).toEqual(['audit/rules-required']);
  });
  it('fails when apiVersion is missing', () => {
    const obj = base();
    delete obj.apiVersion;
    expect(only(obj)).toBe(
      '[audit/kind] apiVersion: must identify a v1 audit Policy (kube-apiserver: unknown group version field) (got undefined "Policy"; allowed: apiVersion audit.k8s.io/v1, kind Policy). Write apiVersion: audit.k8s.io/v1 and kind: Policy.',
    );
  });
  it('fails when there are no rules', () => {
    expect(only({ ...base(), rules: [] })).toBe(
      '[audit/rules-required] rules: a policy needs at least one rule (kube-apiserver refuses a policy with 0 rules). Add a rule, e.g. {level: Metadata}.',
    );
  });
  it('fails when a rule has an unknown field', () => {
    const obj = base();
    obj.rules[0].resource = [{ group: '' }];
    expect(only(obj)).toContain('[audit/unknown-field] rules[0].resource: unknown field in PolicyRule');
    expect(only(obj)).toContain('Did you mean "resources"?');
  });
  it('fails when level is missing', () => {
    const obj = base();
    delete obj.rules[0].level;
    expect(only(obj)).toBe(
      '[audit/level] rules[0].level: is required (allowed: None, Metadata, Request, RequestResponse). Set level: Metadata to record who did what (and the authorization decision) without request bodies.',
    );
  });
  it('fails when level is unknown', () => {
    const obj = base();
    obj.rules[0].level = 'metadata';
    expect(only(obj)).toBe('[audit/level] rules[0].level: unsupported value (got "metadata"; allowed: None, Metadata, Request, RequestResponse). Use one of the audit levels (case-sensitive).');
  });
  it('fails when a stage is unknown', () => {
    const obj = base();
    obj.omitStages = ['RequestRecieved'];
    expect(only(obj)).toBe('[audit/stage] omitStages[0]: unsupported value (got "RequestRecieved"; allowed: RequestReceived, ResponseStarted, ResponseComplete, Panic). Use one of the audit stage names.');
  });
  it('fails when a non-resource URL does not start with /', () => {
    const obj = base();
    obj.rules[1].nonResourceURLs = ['healthz'];
    expect(only(obj)).toBe('[audit/non-resource-url] rules[1].nonResourceURLs[0]: non-resource URL rules must begin with a \'/\' character (got "healthz"). Write "/healthz".');
  });
  it('fails when a non-resource URL wildcard is not last', () => {
    const obj = base();
    obj.rules[1].nonResourceURLs = ['/api/*/x'];
    expect(only(obj)).toBe("[audit/non-resource-url] rules[1].nonResourceURLs[0]: non-resource URL wildcards '*' must be the final character of the rule (got \"/api/*/x\").");
  });
  it('fails when a rule mixes resources and non-resource URLs', () => {
    const obj = base();
    obj.rules[1].namespaces = ['kube-system'];
    expect(only(obj)).toBe('[audit/non-resource-url] rules[1].nonResourceURLs: rules cannot apply to both regular resources and non-resource URLs (got ["/healthz*","/version"]). Split the rule in two.');
  });
  it('fails when a group carries a version', () => {
    const obj = base();
    obj.rules[0].resources[0].group = 'resource.k8s.io/v1';
    expect(only(obj)).toContain('[audit/group] rules[0].resources[0].group: must be a DNS-1123 subdomain (got "resource.k8s.io/v1"');
  });
  it('fails when resourceNames are given without resources', () => {
    const obj = base();
    obj.rules[0].resources[0].resourceNames = ['gpu-claim'];
    expect(only(obj)).toBe(
      '[audit/resource-names] rules[0].resources[0].resourceNames: using resourceNames requires at least one resource (got ["gpu-claim"]). Name the resource the names belong to, e.g. resources: ["configmaps"].',
    );
  });
  it('fails when omitManagedFields is not a boolean', () => {
    expect(only({ ...base(), omitManagedFields: 'yes' })).toContain('[audit/field-type] omitManagedFields: must be a boolean');
  });
});
