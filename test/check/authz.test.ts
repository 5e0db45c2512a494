import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { checkAuthorizationConfiguration } from '../../lib/check/authz';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';

function base(): any {
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthorizationConfiguration',
    authorizers: [
      { type: 'Node', name: 'node' },
      { type: 'RBAC', name: 'rbac' },
      {
        type: 'Webhook',
        name: 'policy.example.com',
        webhook: {
          authorizedTTL: '1m0s',
          cacheAuthorizedRequests: true,
          unauthorizedTTL: '30s',
          cacheUnauthorizedRequests: true,
          timeout: '3s',
          subjectAccessReviewVersion: 'v1',
          matchConditionSubjectAccessReviewVersion: 'v1',
          failurePolicy: 'NoOpinion',
          connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: '/etc/kubernetes/authz-webhook.kubeconfig' },
          matchConditions: [{ expression: "has(request.resourceAttributes) && request.resourceAttributes.group == 'resource.k8s.io'" }],
        },
      },
    ],
  };
}

function webhook(obj: any): any {
  return obj.authorizers[2].webhook;
}

function messages(obj: any): string[] {
  return checkAuthorizationConfiguration(obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

/** The single message for `obj`, asserting there is exactly one. */
function only(obj: any): string {
  const m = messages(obj);
  expect(m).toHaveLength(1);
  return m[0];
}

describe('AuthorizationConfiguration checker: valid input', () => {
  it('accepts Node, RBAC and a webhook with a match condition', () => {
    expect(messages(base())).toEqual([]);
  });
  it('is registered for apiserver.config.k8s.io/v1 AuthorizationConfiguration', () => {
    const obj = base();
    obj.authorizers[0].name = 'Node';
    expect(checkObject(obj, { skipSchema: true }).map((v) => v.checkId)).toContain('authz/name-mismatch');
  });
  it('accepts several webhooks (only Webhook is repeatable)', () => {
    const obj = base();
    obj.authorizers.push({ ...obj.authorizers[2], name: 'second.example.com' });
    expect(messages(obj)).toEqual([]);
  });
  it('accepts a webhook without match conditions and without matchConditionSubjectAccessReviewVersion', () => {
    const obj = base();
    delete webhook(obj).matchConditions;
    delete webhook(obj).matchConditionSubjectAccessReviewVersion;
    expect(messages(obj)).toEqual([]);
  });
  it('accepts the rare authorizer types with their lower-cased names', () => {
    const obj = base();
    obj.authorizers.push({ type: 'ABAC', name: 'abac' }, { type: 'AlwaysDeny', name: 'alwaysdeny' }, { type: 'AlwaysAllow', name: 'alwaysallow' });
    expect(messages(obj)).toEqual([]);
  });
});

describe('AuthorizationConfiguration checker: strict shape', () => {
  it('fails when the file has a metadata block', () => {
    const obj = { ...base(), metadata: { name: 'authz' } };
    expect(only(obj)).toBe(
      '[authz/unknown-field] metadata: unknown field in AuthorizationConfiguration: kube-apiserver decodes this file strictly and refuses to start '
      + '(got "metadata"; allowed: apiVersion, kind, authorizers). AuthorizationConfiguration is a kube-apiserver file, not an API object, and has no metadata. Remove the metadata block.',
    );
  });
  it('fails when the invented auditLogging field is present', () => {
    const obj = { ...base(), auditLogging: { mode: 'detailed' } };
    const m = only(obj);
    expect(m).toContain('[authz/unknown-field] auditLogging: unknown field in AuthorizationConfiguration');
    expect(m).toContain('authorization.k8s.io/decision and authorization.k8s.io/reason');
    expect(m).toContain('--audit-policy-file');
  });
  it('fails when an unknown field hides inside a webhook, and suggests the right spelling', () => {
    const obj = base();
    webhook(obj).authorizedTtl = '5m';
    expect(only(obj)).toBe(
      '[authz/unknown-field] authorizers[2].webhook.authorizedTtl: unknown field in WebhookConfiguration: kube-apiserver decodes this file strictly and refuses to start '
      + '(got "authorizedTtl"; allowed: authorizedTTL, cacheAuthorizedRequests, unauthorizedTTL, cacheUnauthorizedRequests, timeout, subjectAccessReviewVersion, '
      + 'matchConditionSubjectAccessReviewVersion, failurePolicy, connectionInfo, matchConditions). Did you mean "authorizedTTL"? Field names are case-sensitive.',
    );
  });
  it('fails when an unknown field is in connectionInfo, an authorizer or a match condition', () => {
    const obj = base();
    webhook(obj).connectionInfo.url = 'https://authz.example.com';
    obj.authorizers[0].mode = 'strict';
    webhook(obj).matchConditions[0].name = 'dra';
    expect(messages(obj).map((m) => m.split(':')[0])).toEqual([
      '[authz/unknown-field] authorizers[0].mode',
      '[authz/unknown-field] authorizers[2].webhook.connectionInfo.url',
      '[authz/unknown-field] authorizers[2].webhook.matchConditions[0].name',
    ]);
  });
  it('fails when a key is named like an Object prototype member', () => {
    const obj = JSON.parse(JSON.stringify(base()).replace('"kind"', '"__proto__":{},"constructor":1,"kind"'));
    expect(messages(obj).map((m) => m.split(':')[0])).toEqual(['[authz/unknown-field] __proto__', '[authz/unknown-field] constructor']);
  });
  it('fails when a value has the wrong type', () => {
    const obj = base();
    webhook(obj).cacheAuthorizedRequests = 'true';
    expect(only(obj)).toBe(
      '[authz/field-type] authorizers[2].webhook.cacheAuthorizedRequests: must be a boolean (true or false), not string (got "true"). kube-apiserver cannot decode this value; write a boolean (true or false).',
    );
  });
  it('fails when authorizers is not a list', () => {
    const obj = { ...base(), authorizers: { type: 'RBAC' } };
    expect(messages(obj)).toEqual([
      '[authz/field-type] authorizers: must be a list, not object (got {"type":"RBAC"}). kube-apiserver cannot decode this value; write a list.',
      '[authz/authorizers-required] authorizers: at least one authorization mode must be defined. Add authorizers, normally Node and RBAC first.',
    ]);
  });
  it('fails when apiVersion is not v1', () => {
    expect(only({ ...base(), apiVersion: 'apiserver.config.k8s.io/v1beta1' })).toBe(
      '[authz/kind] apiVersion: must identify a v1 AuthorizationConfiguration (got "apiserver.config.k8s.io/v1beta1" "AuthorizationConfiguration"; allowed: apiVersion apiserver.config.k8s.io/v1, kind AuthorizationConfiguration). '
      + 'Write apiVersion: apiserver.config.k8s.io/v1 and kind: AuthorizationConfiguration.',
    );
  });
  it('fails when the input is not an object', () => {
    expect(only('authorizers: []')).toContain('[authz/field-type] an AuthorizationConfiguration must be an object');
  });
});

describe('AuthorizationConfiguration checker: authorizers', () => {
  it('fails when there are no authorizers', () => {
    expect(only({ ...base(), authorizers: [] })).toBe(
      '[authz/authorizers-required] authorizers: at least one authorization mode must be defined. Add authorizers, normally Node and RBAC first.',
    );
  });
  it('fails when type is missing', () => {
    const obj = base();
    delete obj.authorizers[1].type;
    expect(only(obj)).toBe('[authz/type-required] authorizers[1].type: is required (allowed: AlwaysAllow, AlwaysDeny, ABAC, Webhook, RBAC, Node). Set the authorizer type, e.g. Node, RBAC or Webhook.');
  });
  it('fails when type is unknown, with the case-sensitive spelling', () => {
    const obj = base();
    obj.authorizers[1] = { type: 'Rbac', name: 'rbac' };
    expect(only(obj)).toBe('[authz/type-not-supported] authorizers[1].type: unsupported value (got "Rbac"; allowed: AlwaysAllow, AlwaysDeny, ABAC, Webhook, RBAC, Node). Types are case-sensitive: write "RBAC".');
  });
  it('fails when a non-webhook type appears twice', () => {
    const obj = base();
    obj.authorizers.push({ type: 'RBAC', name: 'rbac' });
    expect(only(obj)).toBe('[authz/type-duplicate] authorizers[3].type: duplicate authorizer type (only Webhook may appear more than once) (got "RBAC"). Keep a single RBAC authorizer.');
  });
  it('fails when name is missing', () => {
    const obj = base();
    delete obj.authorizers[2].name;
    expect(only(obj)).toBe('[authz/name-required] authorizers[2].name: is required. Name the webhook with a DNS-1123 subdomain, e.g. "policy.example.com".');
  });
  it('fails when two webhooks share a name', () => {
    const obj = base();
    obj.authorizers.push({ ...obj.authorizers[2] });
    expect(only(obj)).toBe('[authz/name-duplicate] authorizers[3].name: duplicate authorizer name (got "policy.example.com"). Give every authorizer a unique name.');
  });
  it('fails when a name is not a DNS-1123 subdomain', () => {
    const obj = base();
    obj.authorizers[2].name = 'Policy_Webhook';
    expect(only(obj)).toBe(
      '[authz/name-invalid] authorizers[2].name: authorizer name is invalid: must be a DNS-1123 subdomain (got "Policy_Webhook"; allowed: lower-case a-z, 0-9, \'-\' and \'.\', starting and ending with a letter or digit). Use e.g. "policy-webhook".',
    );
  });
  it('fails when a non-webhook authorizer is not named by its lower-cased type', () => {
    const obj = base();
    obj.authorizers[1].name = 'my-rbac';
    expect(only(obj)).toBe(
      '[authz/name-mismatch] authorizers[1].name: expected name rbac for authorizer RBAC instead of my-rbac (got "my-rbac"; allowed: rbac). kube-apiserver names non-webhook authorizers by their lower-cased type: write name: rbac.',
    );
  });
  it('fails when a webhook authorizer has no webhook settings', () => {
    const obj = base();
    delete obj.authorizers[2].webhook;
    expect(only(obj)).toBe('[authz/webhook-required] authorizers[2].webhook: required when type=Webhook. Add the webhook settings (timeout, subjectAccessReviewVersion, failurePolicy, connectionInfo).');
  });
  it('fails when a non-webhook authorizer has webhook settings', () => {
    const obj = base();
    obj.authorizers[0].webhook = webhook(base());
    expect(only(obj)).toBe('[authz/webhook-forbidden] authorizers[0].webhook: may only be specified when type=Webhook (got "non-null"). Remove webhook from the Node authorizer.');
  });
});

describe('AuthorizationConfiguration checker: webhook settings', () => {
  it('fails when timeout is missing', () => {
    const obj = base();
    delete webhook(obj).timeout;
    expect(only(obj)).toBe(
      "[authz/webhook-timeout] authorizers[2].webhook.timeout: is required and must be > 0s and <= 30s (got undefined; allowed: 0s < timeout <= 30s). Set a short timeout such as '3s': every request that reaches the webhook waits for it.",
    );
  });
  it('fails when timeout is zero', () => {
    const obj = base();
    webhook(obj).timeout = '0s';
    expect(only(obj)).toContain('[authz/webhook-timeout] authorizers[2].webhook.timeout: is required and must be > 0s and <= 30s (got "0s"');
  });
  it('fails when timeout is above 30s', () => {
    const obj = base();
    webhook(obj).timeout = '31s';
    expect(only(obj)).toBe("[authz/webhook-timeout] authorizers[2].webhook.timeout: must be > 0s and <= 30s (got \"31s\"; allowed: 0s < timeout <= 30s). Use at most '30s'.");
  });
  it('accepts exactly 30s', () => {
    const obj = base();
    webhook(obj).timeout = '30s';
    expect(messages(obj)).toEqual([]);
  });
  it('fails when timeout is negative', () => {
    const obj = base();
    webhook(obj).timeout = '-1s';
    expect(only(obj)).toContain('must be > 0s and <= 30s (got "-1s"; allowed: 0s < timeout <= 30s). Use a positive duration.');
  });
  it('fails when a duration is a bare number', () => {
    const obj = base();
    webhook(obj).timeout = '3';
    expect(only(obj)).toBe(
      "[authz/duration] authorizers[2].webhook.timeout: must be a Go duration (got \"3\"; allowed: e.g. '500ms', '3s', '5m0s'). Write a number followed by a unit (ns, us, ms, s, m, h); a bare number is not a duration.",
    );
  });
  // staging/src/k8s.io/apiserver/pkg/apis/apiserver/v1/defaults.go: a 0 TTL is defaulted before validation.
  it('warns (does not refuse) when a TTL is zero: the loader replaces it with the default', () => {
    const obj = base();
    webhook(obj).authorizedTTL = '0s';
    expect(only(obj)).toBe(
      '[authz/zero-means-default] authorizers[2].webhook.authorizedTTL: is 0s, which the loader treats as unset and replaces with the default 5m0s (got "0s"; allowed: a positive duration). Write 5m0s to keep the default; to turn the cache off set cacheAuthorizedRequests: false.',
    );
    expect(severityOf('authz/zero-means-default')).toBe('warning');
  });
  // staging/src/k8s.io/apiserver/pkg/apis/apiserver/validation/validation.go: only "" (without conditions) and v1 pass.
  it('fails when matchConditionSubjectAccessReviewVersion is not v1, even without match conditions', () => {
    const obj = base();
    delete webhook(obj).matchConditions;
    webhook(obj).matchConditionSubjectAccessReviewVersion = 'v1beta1';
    expect(only(obj)).toBe(
      '[authz/match-condition-sar-version] authorizers[2].webhook.matchConditionSubjectAccessReviewVersion: unsupported value (got "v1beta1"; allowed: v1). Use v1: match conditions see the request as a v1 SubjectAccessReviewSpec.',
    );
  });
  it('fails when a TTL is negative', () => {
    const obj = base();
    webhook(obj).unauthorizedTTL = '-30s';
    expect(only(obj)).toBe(
      '[authz/webhook-ttl] authorizers[2].webhook.unauthorizedTTL: must be > 0s (got "-30s"; allowed: a positive duration). Use a positive duration; to turn the cache off set cacheUnauthorizedRequests: false.',
    );
  });
  it('fails when subjectAccessReviewVersion is missing', () => {
    const obj = base();
    delete webhook(obj).subjectAccessReviewVersion;
    expect(only(obj)).toBe(
      '[authz/sar-version] authorizers[2].webhook.subjectAccessReviewVersion: is required (allowed: v1, v1beta1). Set subjectAccessReviewVersion: v1 (the version of the SubjectAccessReview the webhook receives).',
    );
  });
  it('fails when subjectAccessReviewVersion is unsupported', () => {
    const obj = base();
    webhook(obj).subjectAccessReviewVersion = 'v2';
    expect(only(obj)).toBe('[authz/sar-version] authorizers[2].webhook.subjectAccessReviewVersion: unsupported value (got "v2"; allowed: v1, v1beta1). Use v1.');
  });
  it('fails when match conditions are set without matchConditionSubjectAccessReviewVersion', () => {
    const obj = base();
    delete webhook(obj).matchConditionSubjectAccessReviewVersion;
    expect(only(obj)).toBe(
      '[authz/match-condition-sar-version] authorizers[2].webhook.matchConditionSubjectAccessReviewVersion: is required if match conditions are specified (allowed: v1). Set matchConditionSubjectAccessReviewVersion: v1.',
    );
  });
  it('fails when matchConditionSubjectAccessReviewVersion is v1beta1', () => {
    const obj = base();
    webhook(obj).matchConditionSubjectAccessReviewVersion = 'v1beta1';
    expect(only(obj)).toBe(
      '[authz/match-condition-sar-version] authorizers[2].webhook.matchConditionSubjectAccessReviewVersion: unsupported value (got "v1beta1"; allowed: v1). Use v1: match conditions see the request as a v1 SubjectAccessReviewSpec.',
    );
  });
  it('fails when failurePolicy is missing', () => {
    const obj = base();
    delete webhook(obj).failurePolicy;
    expect(only(obj)).toBe(
      '[authz/failure-policy] authorizers[2].webhook.failurePolicy: is required (allowed: NoOpinion, Deny). Set failurePolicy: NoOpinion so that an unreachable webhook passes the request on to the next authorizer.',
    );
  });
  it('fails when failurePolicy is an admission webhook value', () => {
    const obj = base();
    webhook(obj).failurePolicy = 'Fail';
    expect(only(obj)).toBe(
      '[authz/failure-policy] authorizers[2].webhook.failurePolicy: unsupported value (got "Fail"; allowed: NoOpinion, Deny). Fail/Ignore are admission webhook values; authorization webhooks use Deny or NoOpinion.',
    );
  });
});

describe('AuthorizationConfiguration checker: connectionInfo', () => {
  it('fails when connectionInfo.type is missing', () => {
    const obj = base();
    delete webhook(obj).connectionInfo;
    expect(only(obj)).toBe(
      '[authz/connection-type] authorizers[2].webhook.connectionInfo.type: is required (allowed: KubeConfigFile, InClusterConfig). Set type: KubeConfigFile and an absolute kubeConfigFile path.',
    );
  });
  it('fails when type is KubeConfig (old design example), naming the fix', () => {
    const obj = base();
    webhook(obj).connectionInfo.type = 'KubeConfig';
    expect(only(obj)).toBe(
      "[authz/connection-type] authorizers[2].webhook.connectionInfo.type: unsupported value (got \"KubeConfig\"; allowed: KubeConfigFile, InClusterConfig). 'KubeConfig' comes from early design examples and was never accepted; write type: KubeConfigFile.",
    );
  });
  it('fails when kubeConfigFile is missing for KubeConfigFile', () => {
    const obj = base();
    delete webhook(obj).connectionInfo.kubeConfigFile;
    expect(only(obj)).toBe(
      '[authz/kubeconfig-required] authorizers[2].webhook.connectionInfo.kubeConfigFile: is required when type=KubeConfigFile. Set the absolute path of the webhook kubeconfig on the control-plane hosts, e.g. /etc/kubernetes/authz-webhook.kubeconfig.',
    );
  });
  it('fails when kubeConfigFile is relative', () => {
    const obj = base();
    webhook(obj).connectionInfo.kubeConfigFile = './authz-webhook.kubeconfig';
    expect(only(obj)).toBe(
      '[authz/kubeconfig-absolute] authorizers[2].webhook.connectionInfo.kubeConfigFile: must be an absolute path (got "./authz-webhook.kubeconfig"; allowed: a path starting with \'/\'). Use e.g. "/etc/kubernetes/authz-webhook.kubeconfig".',
    );
  });
  it('fails when InClusterConfig is used (not allowed for kube-apiserver)', () => {
    const obj = base();
    webhook(obj).connectionInfo = { type: 'InClusterConfig' };
    expect(only(obj)).toBe(
      '[authz/in-cluster-config] authorizers[2].webhook.connectionInfo.type: InClusterConfig is not allowed for kube-apiserver (it only works for other API servers built on k8s.io/apiserver) '
      + '(got "InClusterConfig"; allowed: KubeConfigFile). Write a kubeconfig for the webhook on the control-plane hosts and use type: KubeConfigFile with its absolute path.',
    );
  });
  it('fails when InClusterConfig also sets kubeConfigFile', () => {
    const obj = base();
    webhook(obj).connectionInfo = { type: 'InClusterConfig', kubeConfigFile: '/etc/k.kubeconfig' };
    expect(messages(obj)[0]).toBe(
      '[authz/kubeconfig-forbidden] authorizers[2].webhook.connectionInfo.kubeConfigFile: can only be set when type=KubeConfigFile (got "/etc/k.kubeconfig"). Remove kubeConfigFile or use type: KubeConfigFile.',
    );
  });
});

describe('AuthorizationConfiguration checker: match conditions', () => {
  it('fails when there are more than 64 match conditions', () => {
    const obj = base();
    webhook(obj).matchConditions = Array.from({ length: 65 }, (_, i) => ({ expression: `request.user != 'u${i}'` }));
    expect(only(obj)).toBe(
      '[authz/match-conditions-too-many] authorizers[2].webhook.matchConditions: must have at most 64 items (has 65) (allowed: <= 64). Combine conditions with && in fewer expressions.',
    );
  });
  it('accepts exactly 64 match conditions', () => {
    const obj = base();
    webhook(obj).matchConditions = Array.from({ length: 64 }, (_, i) => ({ expression: `request.user != 'u${i}'` }));
    expect(messages(obj)).toEqual([]);
  });
  it('fails when an expression is blank', () => {
    const obj = base();
    webhook(obj).matchConditions.push({ expression: '   ' });
    expect(only(obj)).toBe(
      '[authz/match-condition-empty] authorizers[2].webhook.matchConditions[1].expression: is required (an expression must not be empty) (got "   "). Write a CEL expression over `request` that returns bool, or remove the entry.',
    );
  });
  it('fails when an expression is repeated', () => {
    const obj = base();
    webhook(obj).matchConditions.push({ ...webhook(obj).matchConditions[0] });
    expect(only(obj)).toContain('[authz/match-condition-duplicate] authorizers[2].webhook.matchConditions[1].expression: duplicate match condition expression');
  });
  it('fails when an expression does not return bool', () => {
    const obj = base();
    webhook(obj).matchConditions = [{ expression: 'request.user' }];
    const m = messages(obj);
    expect(m).toHaveLength(1);
    expect(m[0]).toContain('[cel/result-type] authorizers[2].webhook.matchConditions[0].expression: must evaluate to bool, got string');
  });
  it('accepts the SubjectAccessReviewSpec fields under request (selectors, extra, uid)', () => {
    const obj = base();
    webhook(obj).matchConditions = [
      { expression: "has(request.resourceAttributes) && has(request.resourceAttributes.fieldSelector) && request.resourceAttributes.fieldSelector.rawSelector != ''" },
      { expression: "!has(request.extra) || !('scopes' in request.extra)" },
      { expression: "has(request.nonResourceAttributes) ? request.nonResourceAttributes.path.startsWith('/metrics') : request.uid != ''" },
    ];
    expect(messages(obj)).toEqual([]);
  });
  it('fails when an expression uses a variable the authorization environment does not have', () => {
    const obj = base();
    webhook(obj).matchConditions = [{ expression: "object.metadata.name == 'x'" }];
    const m = messages(obj);
    expect(m).toHaveLength(1);
    expect(m[0]).toContain("[cel/undeclared] authorizers[2].webhook.matchConditions[0].expression: undeclared reference to 'object' in authorization matchConditions");
  });
});
