/** Generators for AuthzConfig and AuditPolicy props (plain recipes; `buildAuthz` turns one into constructs). */
import { Chart, Duration } from 'cdk8s';
import fc from 'fast-check';
import {
  AuditLevel, AuditPolicy, AuditRule, AuditStage, Authorizer, AuthzConfig, AuthzMatchCondition, SubjectAccessReviewVersion, WebhookConnection,
  WebhookFailurePolicy,
} from '../../../lib';
import { Built, SUBJECT_ID, Subject } from '../harness';
import { dnsLabel, nastyNumber, nastyReason, nastyString, oddCel, opt, rarely } from './common';

type AuthorizerRecipe =
  | { kind: 'node' | 'rbac' | 'abac' | 'alwaysDeny' }
  | { kind: 'alwaysAllow'; reason: string }
  | {
    kind: 'webhook';
    name: string;
    kubeconfig: string;
    timeoutMs?: number;
    failurePolicy?: string;
    sar?: string;
    cacheAuthorized?: boolean;
    authorizedTtlMs?: number;
    cacheUnauthorized?: boolean;
    unauthorizedTtlMs?: number;
    conditions: Array<{ kind: 'cel'; expression: string } | { kind: 'groups'; groups: string[] } | { kind: 'system'; users?: string[]; groups?: string[] }>;
    includeSystemReason?: string;
  };

export interface AuthzRecipe {
  readonly fileName?: string;
  readonly authorizers: AuthorizerRecipe[];
  readonly late: AuthorizerRecipe[];
  readonly customOrderReason?: string;
  readonly audit?: {
    fileName?: string;
    omitStages?: string[];
    omitManagedFields?: boolean;
    rules: Array<{
      level: string;
      decisions: boolean;
      users?: string[];
      verbs?: string[];
      groups?: Array<{ group: string; resources?: string[] }>;
      namespaces?: string[];
      nonResourceUrls?: string[];
    }>;
  };
}

const validWebhook: fc.Arbitrary<AuthorizerRecipe> = fc.record({
  kind: fc.constant('webhook' as const),
  name: dnsLabel(20).map((n) => `wh-${n}`),
  kubeconfig: fc.constantFrom('/etc/kubernetes/authz-webhook.kubeconfig', '/etc/kubernetes/pki/wh.kubeconfig'),
  timeoutMs: opt(fc.integer({ min: 1, max: 30 }).map((s) => s * 1000)),
  failurePolicy: opt(fc.constantFrom(...Object.values(WebhookFailurePolicy))),
  sar: opt(fc.constantFrom(...Object.values(SubjectAccessReviewVersion))),
  authorizedTtlMs: opt(fc.integer({ min: 1, max: 600 }).map((s) => s * 1000)),
  unauthorizedTtlMs: opt(fc.integer({ min: 1, max: 600 }).map((s) => s * 1000)),
  conditions: fc.uniqueArray(fc.oneof(
    fc.constant({ kind: 'cel' as const, expression: 'has(request.resourceAttributes)' }),
    fc.record({ kind: fc.constant('groups' as const), groups: fc.uniqueArray(fc.constantFrom('', 'apps', 'example.com'), { minLength: 1, maxLength: 2 }) }),
  ), { selector: (c) => c.kind, maxLength: 2 }),
}, { requiredKeys: ['kind', 'name', 'kubeconfig', 'conditions'] }) as fc.Arbitrary<AuthorizerRecipe>;

const validAudit = fc.record({
  omitStages: opt(fc.subarray([AuditStage.REQUEST_RECEIVED as string])),
  omitManagedFields: opt(fc.boolean()),
  rules: fc.array(fc.record({
    level: fc.constantFrom(...Object.values(AuditLevel)),
    decisions: fc.constant(false),
    verbs: opt(fc.constantFrom(['get', 'list'], ['create'])),
    namespaces: opt(fc.constantFrom(['kube-system'], ['team-a', 'team-b'])),
  }, { requiredKeys: ['level', 'decisions'] }), { minLength: 1, maxLength: 3 }),
}, { requiredKeys: ['rules'] });

export const validAuthz: fc.Arbitrary<AuthzRecipe> = fc.record({
  fileName: opt(fc.constantFrom('authz.yaml', 'authorization-config.yml', 'authz-config.v1.yaml')),
  authorizers: fc.uniqueArray(fc.oneof(validWebhook, fc.constant({ kind: 'alwaysDeny' as const })), { selector: (a) => (a.kind === 'webhook' ? a.name : a.kind), maxLength: 3 }),
  late: fc.constant([]),
  audit: opt(validAudit),
}, { requiredKeys: ['authorizers', 'late'] }) as fc.Arbitrary<AuthzRecipe>;

const ms = rarely(fc.oneof(nastyNumber.filter((n) => Number.isFinite(n) && n >= 0 && n < 1e15), fc.integer({ min: 0, max: 10_000_000 })));

const nastyAuthorizer: fc.Arbitrary<AuthorizerRecipe> = fc.oneof(
  { weight: 3, arbitrary: validWebhook },
  fc.constantFrom({ kind: 'node' as const }, { kind: 'rbac' as const }, { kind: 'abac' as const }, { kind: 'alwaysDeny' as const }),
  fc.record({ kind: fc.constant('alwaysAllow' as const), reason: nastyReason }),
  fc.record({
    kind: fc.constant('webhook' as const),
    name: fc.oneof(dnsLabel(10), nastyString, fc.constantFrom('node', 'rbac', 'a.b', 'A')),
    kubeconfig: fc.oneof(nastyString, fc.constantFrom('/etc/k.kubeconfig', 'relative.kubeconfig', '')),
    timeoutMs: ms,
    failurePolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(WebhookFailurePolicy)), nastyString)),
    sar: rarely(fc.oneof(fc.constantFrom(...Object.values(SubjectAccessReviewVersion)), nastyString)),
    cacheAuthorized: rarely(fc.boolean()),
    authorizedTtlMs: ms,
    cacheUnauthorized: rarely(fc.boolean()),
    unauthorizedTtlMs: ms,
    conditions: fc.array(fc.oneof(
      fc.record({ kind: fc.constant('cel' as const), expression: oddCel }),
      fc.record({ kind: fc.constant('groups' as const), groups: fc.array(fc.oneof(fc.constantFrom('', 'apps', '*'), nastyString), { maxLength: 2 }) }),
      fc.record({ kind: fc.constant('system' as const), users: rarely(fc.array(nastyString, { maxLength: 2 })), groups: rarely(fc.array(nastyString, { maxLength: 2 })) }, { requiredKeys: ['kind'] }),
    ), { maxLength: 3 }),
    includeSystemReason: rarely(nastyReason),
  }, { requiredKeys: ['kind', 'name', 'kubeconfig', 'conditions'] }),
);

export const nastyAuthz: fc.Arbitrary<AuthzRecipe> = fc.record({
  fileName: rarely(fc.oneof(nastyString, fc.constantFrom('fuzz.k8s.yaml', 'a/b.yaml', '.hidden', 'x..yaml', 'audit-policy.yaml'))),
  authorizers: fc.array(nastyAuthorizer, { maxLength: 4 }),
  late: fc.array(nastyAuthorizer, { maxLength: 1 }),
  customOrderReason: rarely(nastyReason),
  audit: opt(fc.oneof(validAudit, fc.record({
    fileName: rarely(fc.oneof(nastyString, fc.constant('authorization-config.yaml'))),
    omitStages: rarely(fc.array(fc.oneof(fc.constantFrom(...Object.values(AuditStage)), nastyString), { maxLength: 3 })),
    omitManagedFields: rarely(fc.boolean()),
    rules: fc.array(fc.record({
      level: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...Object.values(AuditLevel)) }, nastyString),
      decisions: fc.boolean(),
      users: rarely(fc.array(nastyString, { maxLength: 2 })),
      verbs: rarely(fc.array(fc.oneof(fc.constantFrom('get', '*', 'watch'), nastyString), { maxLength: 2 })),
      groups: rarely(fc.array(fc.record({ group: fc.oneof(fc.constantFrom('', 'apps', '*'), nastyString), resources: rarely(fc.array(fc.oneof(fc.constantFrom('pods', 'pods/log', '*', '*/scale'), nastyString), { maxLength: 2 })) }, { requiredKeys: ['group'] }), { maxLength: 2 })),
      namespaces: rarely(fc.array(nastyString, { maxLength: 2 })),
      nonResourceUrls: rarely(fc.array(fc.oneof(fc.constantFrom('/healthz*', '/api', '*'), nastyString), { maxLength: 2 })),
    }, { requiredKeys: ['level', 'decisions'] }), { maxLength: 3 }),
  }, { requiredKeys: ['rules'] }))),
}, { requiredKeys: ['authorizers', 'late'] }) as fc.Arbitrary<AuthzRecipe>;

function duration(msValue: number | undefined): Duration | undefined {
  return msValue === undefined ? undefined : Duration.millis(msValue);
}

function authorizer(a: AuthorizerRecipe): Authorizer {
  switch (a.kind) {
    case 'node': return Authorizer.node();
    case 'rbac': return Authorizer.rbac();
    case 'abac': return Authorizer.abac();
    case 'alwaysDeny': return Authorizer.alwaysDeny();
    case 'alwaysAllow': return Authorizer.alwaysAllow(a.reason);
    default: return Authorizer.webhook({
      name: a.name,
      connection: WebhookConnection.kubeConfigFile(a.kubeconfig),
      timeout: duration(a.timeoutMs),
      failurePolicy: a.failurePolicy as WebhookFailurePolicy | undefined,
      subjectAccessReviewVersion: a.sar as SubjectAccessReviewVersion | undefined,
      cacheAuthorizedRequests: a.cacheAuthorized,
      authorizedTtl: duration(a.authorizedTtlMs),
      cacheUnauthorizedRequests: a.cacheUnauthorized,
      unauthorizedTtl: duration(a.unauthorizedTtlMs),
      matchConditions: a.conditions.map((c) => (c.kind === 'cel' ? AuthzMatchCondition.cel(c.expression)
        : c.kind === 'groups' ? AuthzMatchCondition.resourceGroups(c.groups) : AuthzMatchCondition.excludeSystemIdentities({ additionalUsers: c.users, additionalGroups: c.groups }))),
      includeSystemIdentitiesReason: a.includeSystemReason,
    });
  }
}

export function buildAuthz(r: AuthzRecipe): Built {
  const authorizers = r.authorizers.map(authorizer);
  const late = r.late.map(authorizer);
  const auditRules = (r.audit?.rules ?? []).map((x) => {
    const match = { users: x.users, verbs: x.verbs, resources: x.groups, namespaces: x.namespaces, nonResourceUrls: x.nonResourceUrls };
    return x.decisions ? AuditRule.authorizationDecisions(match) : AuditRule.atLevel(x.level as AuditLevel, match);
  });
  let config: AuthzConfig | undefined;
  let audit: AuditPolicy | undefined;
  return {
    construct: (chart: Chart) => {
      config = new AuthzConfig(chart, SUBJECT_ID, { fileName: r.fileName, authorizers, customOrderReason: r.customOrderReason });
      for (const a of late) config.addAuthorizer(a);
      if (r.audit) {
        audit = new AuditPolicy(chart, `${SUBJECT_ID}Audit`, { fileName: r.audit.fileName, rules: auditRules, omitStages: r.audit.omitStages as AuditStage[] | undefined, omitManagedFields: r.audit.omitManagedFields });
      }
    },
    files: () => [
      ...(config ? [{ json: config.toJson(), yaml: config.toYaml(), fileName: config.fileName }] : []),
      ...(audit ? [{ json: audit.toJson(), yaml: audit.toYaml(), fileName: audit.fileName }] : []),
    ],
  };
}

export const AUTHZ: Subject<AuthzRecipe> = { name: 'AuthzConfig', valid: validAuthz, nasty: nastyAuthz, build: buildAuthz };
