import * as fs from 'fs';
import * as path from 'path';
import { Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AuditLevel, AuditPolicy, AuditRule, AuditStage, AuthzConfig } from '../../lib';
import { isHaruValidationError } from '../../lib/base/errors';
import { expectValid } from '../support/oracle';

/** audit.k8s.io/v1 Policy fields (k8s.io/apiserver pkg/apis/audit/v1 types), for a field-by-field check. */
const POLICY_FIELDS = ['apiVersion', 'kind', 'metadata', 'rules', 'omitStages', 'omitManagedFields'];
const RULE_FIELDS = ['level', 'users', 'userGroups', 'verbs', 'resources', 'namespaces', 'nonResourceURLs', 'omitStages', 'omitManagedFields'];
const GROUP_RESOURCES_FIELDS = ['group', 'resources', 'resourceNames'];

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(isHaruValidationError(e), String(e)).toBe(true);
    return e as Error;
  }
  throw new Error('expected a HaruValidationError');
}

describe('AuditPolicy', () => {
  it('writes its own file that records authorization decisions for the chosen resources', async () => {
    const app = Testing.app();
    new AuthzConfig(app, 'authz');
    new AuditPolicy(app, 'audit', { rules: [AuditRule.authorizationDecisions({ resources: [{ group: 'resource.k8s.io' }] })] });
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['audit-policy.yaml', 'authorization-config.yaml']);
    const docs = Yaml.load(path.join(app.outdir, 'audit-policy.yaml'));
    expect(docs).toHaveLength(1);
    const doc = docs[0];
    expect(Object.keys(doc).every((k) => POLICY_FIELDS.includes(k))).toBe(true);
    expect(doc.metadata).toBeUndefined();
    for (const r of doc.rules) {
      expect(Object.keys(r).every((k) => RULE_FIELDS.includes(k))).toBe(true);
      for (const gr of r.resources ?? []) expect(Object.keys(gr).every((k) => GROUP_RESOURCES_FIELDS.includes(k))).toBe(true);
    }
    expect(doc).toEqual({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitStages: ['RequestReceived'],
      omitManagedFields: true,
      rules: [{ level: 'Metadata', resources: [{ group: 'resource.k8s.io' }] }],
    });
    await expectValid(doc);
  });

  it('logs every request at Metadata by default (the documented default)', async () => {
    const policy = new AuditPolicy(Testing.app(), 'audit');
    expect(policy.fileName).toBe('audit-policy.yaml');
    expect(policy.toJson().rules).toEqual([{ level: 'Metadata' }]);
    await expectValid(policy.toJson());
  });

  it('renders every match field of a rule', async () => {
    const policy = new AuditPolicy(Testing.app(), 'audit', {
      omitStages: [],
      omitManagedFields: false,
      rules: [
        AuditRule.atLevel(AuditLevel.NONE, { users: ['system:kube-proxy'], verbs: ['watch'] }),
        AuditRule.atLevel(AuditLevel.NONE, { nonResourceUrls: ['/healthz*'] }),
        AuditRule.atLevel(AuditLevel.REQUEST, {
          userGroups: ['developers'],
          namespaces: ['apps'],
          omitStages: [AuditStage.RESPONSE_STARTED],
          resources: [{ group: '', resources: ['configmaps'], resourceNames: ['settings'] }],
        }),
      ],
    });
    expect(policy.toJson()).toEqual({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitManagedFields: false,
      rules: [
        { level: 'None', users: ['system:kube-proxy'], verbs: ['watch'] },
        { level: 'None', nonResourceURLs: ['/healthz*'] },
        { level: 'Request', userGroups: ['developers'], resources: [{ group: '', resources: ['configmaps'], resourceNames: ['settings'] }], namespaces: ['apps'], omitStages: ['ResponseStarted'] },
      ],
    });
    await expectValid(policy.toJson());
  });

  it('fails when a rule names a versioned group', () => {
    const e = errorOf(() => new AuditPolicy(Testing.app(), 'audit', { rules: [AuditRule.authorizationDecisions({ resources: [{ group: 'resource.k8s.io/v1' }] })] }));
    expect(e.message).toContain('[audit/group] rules[0].resources[0].group: must be a DNS-1123 subdomain (got "resource.k8s.io/v1"');
  });

  it('fails when plain JavaScript passes a string where a list belongs, instead of spreading it', () => {
    const e = errorOf(() => new AuditPolicy(Testing.app(), 'audit', { rules: [AuditRule.authorizationDecisions({ resources: [{ group: '', resources: 'pods' as any }] })] }));
    expect(e.message).toContain('[AuditRule.authorizationDecisions] invalid input:\n  - [api/wrong-type] match.resources[0].resources: must be a list of strings (got "pods" (string); allowed: a list of strings). Pass a list, e.g. ["pods"].');
  });

  it('fails when a rule is not an AuditRule', () => {
    expect(errorOf(() => new AuditPolicy(Testing.app(), 'audit', { rules: [{ level: 'Metadata' } as any] })).message).toContain(
      '[audit] invalid input:\n  - [api/wrong-type] rules[0]: must be an AuditRule (got {"level":"Metadata"} (object); allowed: AuditRule.atLevel(), AuditRule.authorizationDecisions()). Create it with a static method of AuditRule, e.g. AuditRule.atLevel(...).',
    );
  });

  it('fails when there are no rules', () => {
    expect(errorOf(() => new AuditPolicy(Testing.app(), 'audit', { rules: [] })).message).toContain('[audit/rules-required] rules: a policy needs at least one rule');
  });

  it('fails when a rule mixes resources and non-resource URLs, and addRule leaves the policy unchanged', () => {
    const policy = new AuditPolicy(Testing.app(), 'audit');
    const e = errorOf(() => policy.addRule(AuditRule.atLevel(AuditLevel.METADATA, { namespaces: ['apps'], nonResourceUrls: ['/metrics'] })));
    expect(e.message).toContain('[audit/non-resource-url] rules[1].nonResourceURLs: rules cannot apply to both regular resources and non-resource URLs');
    expect(policy.toJson().rules).toHaveLength(1);
  });

  it('fails when it would overwrite the authorization config file', () => {
    const app = Testing.app();
    new AuthzConfig(app, 'authz', { fileName: 'kube-apiserver.yaml' });
    expect(errorOf(() => new AuditPolicy(app, 'audit', { fileName: 'kube-apiserver.yaml' })).message).toContain('[audit/file-name] fileName: is already used by authz');
  });
});
