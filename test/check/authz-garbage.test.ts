import { Duration, Testing } from 'cdk8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Authorizer, AuthzConfig, AuthzMatchCondition, WebhookConnection, WebhookFailurePolicy } from '../../lib';
import { isHaruValidationError } from '../../lib/base/errors';
import { checkAuditPolicy } from '../../lib/check/audit';
import { checkAuthorizationConfiguration } from '../../lib/check/authz';

/** JSON-ish values shaped loosely like the two file kinds, with garbage at every level. */
const loose = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, undefined, true, 0, -1, '', ' ', '3s', '0s', '-5m', 'v1', 'KubeConfig', 'InClusterConfig', 'Webhook', 'Node', 'RBAC', '/abs', 'rel'),
    fc.string(),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom('apiVersion', 'kind', 'authorizers', 'type', 'name', 'webhook', 'timeout', 'authorizedTTL', 'unauthorizedTTL', 'failurePolicy',
        'subjectAccessReviewVersion', 'matchConditionSubjectAccessReviewVersion', 'connectionInfo', 'kubeConfigFile', 'matchConditions', 'expression',
        'rules', 'level', 'resources', 'group', 'resourceNames', 'nonResourceURLs', 'namespaces', 'omitStages', 'metadata', 'auditLogging'),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

describe('file checkers on garbage', () => {
  it('never throw and always return well-formed violations', () => {
    fc.assert(fc.property(loose, (obj) => {
      for (const input of [obj, { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AuthorizationConfiguration', authorizers: obj }]) {
        for (const v of [...checkAuthorizationConfiguration(input), ...checkAuditPolicy(input)]) {
          expect(typeof v.checkId).toBe('string');
          expect(typeof v.problem).toBe('string');
        }
      }
    }), { numRuns: 500 });
  });
});

describe('AuthzConfig on arbitrary options', () => {
  it('either renders a file the checker accepts or throws a HaruValidationError', () => {
    const webhookArb = fc.record({
      name: fc.constantFrom('policy.example.com', 'Bad Name', '', 'p'),
      path: fc.constantFrom('/etc/kubernetes/w.kubeconfig', 'relative.kubeconfig', ''),
      timeoutMs: fc.integer({ min: 0, max: 40_000 }),
      ttlMs: fc.integer({ min: 0, max: 600_000 }),
      deny: fc.boolean(),
      conditions: fc.array(fc.constantFrom('has(request.resourceAttributes)', 'request.user', '', 'request.user == "a"', 'object.x'), { maxLength: 3 }),
    });
    const authorizerArb = fc.oneof(
      fc.constant(Authorizer.node()),
      fc.constant(Authorizer.rbac()),
      fc.constant(Authorizer.abac()),
      webhookArb,
    );
    fc.assert(fc.property(fc.array(authorizerArb, { maxLength: 4 }), fc.boolean(), (items, custom) => {
      try {
        const authorizers = items.map((item) => (item instanceof Authorizer ? item : Authorizer.webhook({
          name: item.name,
          connection: WebhookConnection.kubeConfigFile(item.path),
          timeout: Duration.millis(item.timeoutMs),
          authorizedTtl: Duration.millis(item.ttlMs),
          failurePolicy: item.deny ? WebhookFailurePolicy.DENY : WebhookFailurePolicy.NO_OPINION,
          matchConditions: item.conditions.map((c) => AuthzMatchCondition.cel(c)),
        })));
        const authz = new AuthzConfig(Testing.app(), 'authz', { authorizers, customOrderReason: custom ? 'property test' : undefined });
        expect(checkAuthorizationConfiguration(authz.toJson())).toEqual([]);
      } catch (e) {
        expect(isHaruValidationError(e), String(e)).toBe(true);
      }
    }), { numRuns: 200 });
  });
});
