import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Duration, Testing, Yaml, YamlOutputType } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  Authorizer, AuthorizerType, AuthzConfig, AuthzMatchCondition, SubjectAccessReviewVersion, WebhookConnection, WebhookFailurePolicy,
} from '../../lib';
import { isHaruValidationError } from '../../lib/base/errors';
import { checkCel, CelEnvironment } from '../../lib/cel';
import { HardeningProfile } from '../../lib/profile';
import { expectValid } from '../support/oracle';

const KUBECONFIG = '/etc/kubernetes/authz-webhook.kubeconfig';

/**
 * The strict shape of apiserver.config.k8s.io/v1 AuthorizationConfiguration, written out from
 * the fact sheet (§d.2) independently of the library's checker: allowed keys and value types.
 */
const FACT_SHEET_SHAPE: Record<string, Record<string, string>> = {
  AuthorizationConfiguration: { apiVersion: 'string', kind: 'string', authorizers: 'list:Authorizer' },
  Authorizer: { type: 'string', name: 'string', webhook: 'object:Webhook' },
  Webhook: {
    authorizedTTL: 'duration',
    cacheAuthorizedRequests: 'boolean',
    unauthorizedTTL: 'duration',
    cacheUnauthorizedRequests: 'boolean',
    timeout: 'duration',
    subjectAccessReviewVersion: 'string',
    matchConditionSubjectAccessReviewVersion: 'string',
    failurePolicy: 'string',
    connectionInfo: 'object:ConnectionInfo',
    matchConditions: 'list:MatchCondition',
  },
  ConnectionInfo: { type: 'string', kubeConfigFile: 'string' },
  MatchCondition: { expression: 'string' },
};

function assertStrictShape(value: any, type: string, where: string): void {
  expect(value, where).toBeTypeOf('object');
  const fields = FACT_SHEET_SHAPE[type];
  for (const [key, v] of Object.entries(value)) {
    const spec = fields[key];
    expect(spec, `${where}.${key} is not a field of ${type}`).toBeDefined();
    if (spec === 'duration') {expect(v, `${where}.${key}`).toMatch(/^(\d+h)?(\d+m)?(\d+(\.\d+)?(s|ms|us))$/);} else if (spec.startsWith('list:')) {
      expect(Array.isArray(v), `${where}.${key} is a list`).toBe(true);
      (v as any[]).forEach((item, i) => assertStrictShape(item, spec.slice(5), `${where}.${key}[${i}]`));
    } else if (spec.startsWith('object:')) {assertStrictShape(v, spec.slice(7), `${where}.${key}`);} else {expect(typeof v, `${where}.${key}`).toBe(spec);}
  }
}

function exampleAuthorizers(): Authorizer[] {
  return [
    Authorizer.node(),
    Authorizer.rbac(),
    Authorizer.webhook({
      name: 'dra-policy.example.com',
      connection: WebhookConnection.kubeConfigFile(KUBECONFIG),
      timeout: Duration.seconds(3),
      matchConditions: [AuthzMatchCondition.resourceGroups(['resource.k8s.io'])],
    }),
  ];
}

function readDocs(app: App, fileName: string): any[] {
  return Yaml.load(path.join(app.outdir, fileName));
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    expect(isHaruValidationError(e), String(e)).toBe(true);
    return e as Error;
  }
  throw new Error('expected a HaruValidationError');
}

describe('AuthzConfig output file', () => {
  it('writes one document, in its own file in the outdir, matching the strict shape field by field', async () => {
    const app = Testing.app();
    new AuthzConfig(app, 'authz', { authorizers: exampleAuthorizers() });
    app.synth();
    const docs = readDocs(app, 'authorization-config.yaml');
    expect(docs).toHaveLength(1);
    const doc = docs[0];
    expect(doc.metadata).toBeUndefined();
    assertStrictShape(doc, 'AuthorizationConfiguration', '');
    expect(doc.apiVersion).toBe('apiserver.config.k8s.io/v1');
    expect(doc.kind).toBe('AuthorizationConfiguration');
    expect(doc.authorizers.map((a: any) => [a.type, a.name])).toEqual([['Node', 'node'], ['RBAC', 'rbac'], ['Webhook', 'dra-policy.example.com']]);
    expect(doc.authorizers[0].webhook).toBeUndefined();
    const w = doc.authorizers[2].webhook;
    expect(w.timeout).toBe('3s');
    expect(w.connectionInfo).toEqual({ type: 'KubeConfigFile', kubeConfigFile: KUBECONFIG });
    expect(w.matchConditionSubjectAccessReviewVersion).toBe('v1');
    expect(w.matchConditions[1]).toEqual({ expression: "has(request.resourceAttributes) && has(request.resourceAttributes.group) && request.resourceAttributes.group in ['resource.k8s.io']" });
    await expectValid(doc);
  });

  it('puts nothing but its own file in the outdir (no chart manifest, nothing for kubectl apply)', () => {
    const app = Testing.app();
    new AuthzConfig(app, 'authz', { authorizers: exampleAuthorizers() });
    app.synth();
    expect(fs.readdirSync(app.outdir)).toEqual(['authorization-config.yaml']);
  });

  it('uses the file name the user chooses and writes it beside the chart manifests', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'workloads');
    new AuthzConfig(chart, 'authz', { fileName: 'authz.yaml' });
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['authz.yaml', 'workloads.k8s.yaml']);
    expect(fs.readFileSync(path.join(app.outdir, 'workloads.k8s.yaml'), 'utf8')).not.toContain('AuthorizationConfiguration');
  });

  it('stays out of the single app file with YamlOutputType.FILE_PER_APP', () => {
    const app = Testing.app({ yamlOutputType: YamlOutputType.FILE_PER_APP });
    new AuthzConfig(new Chart(app, 'c'), 'authz');
    app.synth();
    expect(fs.readFileSync(path.join(app.outdir, 'app.k8s.yaml'), 'utf8')).not.toContain('AuthorizationConfiguration');
    expect(readDocs(app, 'authorization-config.yaml')[0].kind).toBe('AuthorizationConfiguration');
  });

  it('is written by Testing.synth(chart) and is not one of the chart objects', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const authz = new AuthzConfig(chart, 'authz', { authorizers: exampleAuthorizers() });
    expect(Testing.synth(chart)).toEqual([]);
    expect(readDocs(app, 'authorization-config.yaml')).toEqual([authz.toJson()]);
  });

  it('starts the file with a comment saying it is not an API object', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz');
    expect(authz.toYaml().split('\n').slice(0, 2)).toEqual([
      '# kube-apiserver --authorization-config file (apiserver.config.k8s.io/v1 AuthorizationConfiguration).',
      '# Not a Kubernetes API object: copy it to every control-plane host; do not kubectl apply it.',
    ]);
  });

  it('is byte-identical across two synths', () => {
    const render = () => {
      const app = Testing.app();
      new AuthzConfig(app, 'authz', { authorizers: exampleAuthorizers() });
      app.synth();
      return fs.readFileSync(path.join(app.outdir, 'authorization-config.yaml'), 'utf8');
    };
    expect(render()).toBe(render());
  });
});

describe('AuthzConfig defaults', () => {
  it('renders Node then RBAC when no authorizer is given (and matches the documented default file name)', async () => {
    const authz = new AuthzConfig(Testing.app(), 'authz');
    expect(authz.fileName).toBe('authorization-config.yaml');
    expect(authz.toJson()).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthorizationConfiguration',
      authorizers: [{ type: 'Node', name: 'node' }, { type: 'RBAC', name: 'rbac' }],
    });
    await expectValid(authz.toJson());
  });

  it('puts Node and RBAC before a webhook given alone', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', {
      authorizers: [Authorizer.webhook({ name: 'policy.example.com', connection: WebhookConnection.kubeConfigFile(KUBECONFIG) })],
    });
    expect(authz.authorizers.map((a) => a.type)).toEqual([AuthorizerType.NODE, AuthorizerType.RBAC, AuthorizerType.WEBHOOK]);
  });

  it('gives a webhook the documented defaults', async () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', {
      authorizers: [Authorizer.webhook({ name: 'policy.example.com', connection: WebhookConnection.kubeConfigFile(KUBECONFIG) })],
    });
    const w = authz.toJson().authorizers[2].webhook;
    expect(w).toEqual({
      authorizedTTL: '1m0s',
      cacheAuthorizedRequests: true,
      unauthorizedTTL: '30s',
      cacheUnauthorizedRequests: true,
      timeout: '3s',
      subjectAccessReviewVersion: SubjectAccessReviewVersion.V1,
      matchConditionSubjectAccessReviewVersion: 'v1',
      failurePolicy: WebhookFailurePolicy.NO_OPINION,
      connectionInfo: { type: 'KubeConfigFile', kubeConfigFile: KUBECONFIG },
      matchConditions: [{ expression: AuthzMatchCondition.excludeSystemIdentities().expression }],
    });
    await expectValid(authz.toJson());
  });

  it('renders durations the way metav1.Duration marshals them', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', {
      authorizers: [Authorizer.webhook({
        name: 'policy.example.com',
        connection: WebhookConnection.kubeConfigFile(KUBECONFIG),
        timeout: Duration.millis(1500),
        authorizedTtl: Duration.hours(1),
        unauthorizedTtl: Duration.seconds(90),
      })],
    });
    const w = authz.toJson().authorizers[2].webhook;
    expect([w.timeout, w.authorizedTTL, w.unauthorizedTTL]).toEqual(['1.5s', '1h0m0s', '1m30s']);
  });

  it('leaves a TTL out when its cache is turned off', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', {
      authorizers: [Authorizer.webhook({ name: 'p.example.com', connection: WebhookConnection.kubeConfigFile(KUBECONFIG), cacheAuthorizedRequests: false })],
    });
    const w = authz.toJson().authorizers[2].webhook;
    expect(w.authorizedTTL).toBeUndefined();
    expect(w.cacheAuthorizedRequests).toBe(false);
  });

  it('builds match conditions that compile to bool in the authorization environment', () => {
    for (const c of [
      AuthzMatchCondition.excludeSystemIdentities({ additionalUsers: ["o'brien"], additionalGroups: ['sre'] }),
      AuthzMatchCondition.resourceGroups(['resource.k8s.io']),
      AuthzMatchCondition.resourceGroups(['', 'apps']),
    ]) {
      expect(checkCel(c.expression, CelEnvironment.AUTHZ_MATCH_CONDITION)).toMatchObject({ ok: true, resultType: 'bool' });
    }
  });

  it('keeps system identities away from a webhook by default', () => {
    const e = AuthzMatchCondition.excludeSystemIdentities().expression;
    for (const id of ['system:masters', 'system:nodes', 'system:node:', 'system:kube-controller-manager', 'system:kube-scheduler', 'system:apiserver']) {
      expect(e).toContain(`'${id}`);
    }
    const extended = AuthzMatchCondition.excludeSystemIdentities({ additionalUsers: ['break-glass'], additionalGroups: ['sre'] }).expression;
    expect(extended).toContain("'system:nodes', 'system:serviceaccounts:kube-system', 'sre']");
    expect(extended).toContain("'system:kube-proxy', 'break-glass']");
  });

  it('sends system identities to the webhook only with a recorded reason', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', {
      authorizers: [Authorizer.webhook({
        name: 'p.example.com',
        connection: WebhookConnection.kubeConfigFile(KUBECONFIG),
        matchConditions: [AuthzMatchCondition.cel('has(request.resourceAttributes)')],
        includeSystemIdentitiesReason: 'the webhook also audits\nnode access',
      })],
    });
    expect(authz.toJson().authorizers[2].webhook.matchConditions).toEqual([{ expression: 'has(request.resourceAttributes)' }]);
    expect(authz.toYaml()).toContain('# opt-out: webhook p.example.com also receives requests of system identities: the webhook also audits node access\n');
  });

  it('keeps the given order when customOrderReason is set, and records it', () => {
    const deny = Authorizer.webhook({ name: 'deny.example.com', connection: WebhookConnection.kubeConfigFile(KUBECONFIG), failurePolicy: WebhookFailurePolicy.DENY });
    const authz = new AuthzConfig(Testing.app(), 'authz', { authorizers: [deny, Authorizer.rbac()], customOrderReason: 'deny-list webhook must see requests before RBAC' });
    expect(authz.toJson().authorizers.map((a: any) => a.name)).toEqual(['deny.example.com', 'rbac']);
    expect(authz.toYaml()).toContain('# opt-out: authorizer order taken as given: deny-list webhook must see requests before RBAC\n');
  });

  it('records an AlwaysAllow reason in the header', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', { authorizers: [Authorizer.alwaysAllow('kind test cluster')] });
    expect(authz.toJson().authorizers[2]).toEqual({ type: 'AlwaysAllow', name: 'alwaysallow' });
    expect(authz.toYaml()).toContain('# opt-out: AlwaysAllow authorizer (every request reaching it is allowed): kind test cluster\n');
  });

  it('renders ABAC and AlwaysDeny with their lower-cased names', async () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', { authorizers: [Authorizer.abac(), Authorizer.alwaysDeny()] });
    expect(authz.toJson().authorizers.slice(2)).toEqual([{ type: 'ABAC', name: 'abac' }, { type: 'AlwaysDeny', name: 'alwaysdeny' }]);
    await expectValid(authz.toJson());
  });

  it('cannot express connectionInfo type KubeConfig or InClusterConfig: the only connection factory writes KubeConfigFile', () => {
    const factories = Object.getOwnPropertyNames(WebhookConnection).filter((k) => typeof (WebhookConnection as any)[k] === 'function');
    expect(factories).toEqual(['kubeConfigFile']);
    expect(WebhookConnection.kubeConfigFile(KUBECONFIG).type).toBe('KubeConfigFile');
  });

  it('fails when given an auditLogging option: the props have no such field', () => {
    const app = Testing.app();
    // @ts-expect-error auditLogging is not a property of AuthzConfigProps
    expect(() => new AuthzConfig(app, 'authz', { auditLogging: { mode: 'detailed' } })).toThrow('[authz] invalid input:\n  - [api/unknown-field] auditLogging: is not a field of AuthzConfigProps (got "auditLogging";');
  });
});

describe('AuthzConfig failures', () => {
  const hook = (extra: Record<string, unknown> = {}) => Authorizer.webhook({ name: 'policy.example.com', connection: WebhookConnection.kubeConfigFile(KUBECONFIG), ...extra });

  it('fails when RBAC is placed after a webhook', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook(), Authorizer.rbac()] }));
    expect(e.message).toBe(
      '[authz] invalid input:\n  - [authz/order] authorizers[1] Authorizer.rbac(): RBAC must come before every other authorizer (got "RBAC"). Leave Node and RBAC out (they are put first for you), or set customOrderReason to keep this order.',
    );
  });

  it('puts a missing RBAC right after a given Node', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz', { authorizers: [Authorizer.node(), hook()] });
    expect(authz.authorizers.map((a) => a.name)).toEqual(['node', 'rbac', 'policy.example.com']);
  });

  it('fails when Node is given twice', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [Authorizer.node(), Authorizer.node()] }));
    expect(e.message).toContain('[authz/type-duplicate] authorizers[1] Authorizer.node(): duplicate authorizer type (only Webhook may appear more than once) (got "Node"). Keep a single Node authorizer.');
  });

  it('fails when two webhooks share a name', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook(), hook()] }));
    expect(e.message).toContain('[authz/name-duplicate] authorizers[1] Authorizer.webhook("policy.example.com").name: duplicate authorizer name (got "policy.example.com")');
  });

  it('fails when a webhook name is not a DNS subdomain', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [Authorizer.webhook({ name: 'Policy Hook', connection: WebhookConnection.kubeConfigFile(KUBECONFIG) })] }));
    expect(e.message).toContain('[authz/name-invalid] authorizers[0] Authorizer.webhook("Policy Hook").name: authorizer name is invalid: must be a DNS-1123 subdomain (got "Policy Hook"');
  });

  it('fails when the webhook timeout is above 30s', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ timeout: Duration.seconds(31) })] }));
    expect(e.message).toBe(
      "[authz] invalid input:\n  - [authz/webhook-timeout] authorizers[0] Authorizer.webhook(\"policy.example.com\").timeout: must be > 0s and <= 30s (got \"31s\"; allowed: 0s < timeout <= 30s). Use at most '30s'.",
    );
  });

  it('fails when the webhook timeout is zero', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ timeout: Duration.seconds(0) })] }));
    expect(e.message).toContain('[authz/webhook-timeout] authorizers[0] Authorizer.webhook("policy.example.com").timeout: is required and must be > 0s and <= 30s (got "0s"');
  });

  it('does not fail when a TTL is zero (a warning: the loader defaults it)', () => {
    expect(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ unauthorizedTtl: Duration.seconds(0) })] })).not.toThrow();
  });

  it('fails when a TTL is zero and the profile sets failOnWarnings', () => {
    const app = Testing.app();
    HardeningProfile.set(app, { failOnWarnings: true });
    const e = errorOf(() => new AuthzConfig(app, 'authz', { authorizers: [hook({ unauthorizedTtl: Duration.seconds(0) })] }));
    expect(e.message).toContain('[authz/zero-means-default] authorizers[0] Authorizer.webhook("policy.example.com").unauthorizedTtl: is 0s, which the loader treats as unset and replaces with the default 30s (got "0s"');
  });

  it('fails when a TTL is given for a cache that is off', () => {
    const e = errorOf(() => hook({ cacheUnauthorizedRequests: false, unauthorizedTtl: Duration.seconds(10) }));
    expect(e.message).toBe(
      '[Authorizer.webhook("policy.example.com")] invalid input:\n  - [authz/webhook-ttl] unauthorizedTtl: has no effect when cacheUnauthorizedRequests is false. Remove unauthorizedTtl or turn the cache on.',
    );
  });

  it('fails when the kubeconfig path is relative', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', {
      authorizers: [Authorizer.webhook({ name: 'p.example.com', connection: WebhookConnection.kubeConfigFile('authz-webhook.kubeconfig') })],
    }));
    expect(e.message).toContain(
      '[authz/kubeconfig-absolute] authorizers[0] Authorizer.webhook("p.example.com").connection: must be an absolute path (got "authz-webhook.kubeconfig"; allowed: a path starting with \'/\'). Use e.g. "/etc/kubernetes/authz-webhook.kubeconfig".',
    );
  });

  it('fails when the kubeconfig path is empty', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [Authorizer.webhook({ name: 'p.example.com', connection: WebhookConnection.kubeConfigFile('') })] }));
    expect(e.message).toContain('[authz/kubeconfig-required] authorizers[0] Authorizer.webhook("p.example.com").connection: is required when type=KubeConfigFile.');
  });

  it('fails when a webhook has no connection', () => {
    const e = errorOf(() => Authorizer.webhook({ name: 'p.example.com' } as any));
    expect(e.message).toBe('[Authorizer.webhook] invalid input:\n  - [api/required] options.connection: is required (got undefined; allowed: a WebhookConnection). Create it with a static method of WebhookConnection, e.g. WebhookConnection.kubeConfigFile(...).');
  });

  it('fails when plain JavaScript passes a number for a Duration or strings for match conditions', () => {
    const e = errorOf(() => hook({ timeout: 3, matchConditions: ['has(request.resourceAttributes)'] }));
    expect(e.message).toContain('[api/wrong-type] options.timeout: must be a Duration (got 3 (number); allowed: a Duration). Use e.g. Duration.seconds(3).');
    expect(e.message).toContain('[api/wrong-type] options.matchConditions[0]: must be an AuthzMatchCondition (got "has(request.resourceAttributes)" (string); allowed: AuthzMatchCondition.cel(), ');
  });

  it('fails when a match condition is empty', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ matchConditions: [AuthzMatchCondition.cel(' ')] })] }));
    expect(e.message).toContain('[authz/match-condition-empty] authorizers[0] Authorizer.webhook("policy.example.com").matchConditions[0]: is required (an expression must not be empty)');
  });

  it('fails when a match condition is repeated', () => {
    const c = AuthzMatchCondition.cel('has(request.resourceAttributes)');
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ matchConditions: [c, c] })] }));
    expect(e.message).toContain('[authz/match-condition-duplicate] authorizers[0] Authorizer.webhook("policy.example.com").matchConditions[1]: duplicate match condition expression (got "has(request.resourceAttributes)")');
  });

  it('fails when there are more than 64 match conditions (the system-identity condition counts)', () => {
    const many = Array.from({ length: 64 }, (_, i) => AuthzMatchCondition.cel(`request.user != 'u${i}'`));
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ matchConditions: many })] }));
    expect(e.message).toContain('[authz/match-conditions-too-many] authorizers[0] Authorizer.webhook("policy.example.com").matchConditions: must have at most 64 items (has 65)');
  });

  it('fails when a match condition does not return bool', () => {
    const e = errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [hook({ matchConditions: [AuthzMatchCondition.cel('request.user')] })] }));
    expect(e.message).toContain('[cel/result-type] authorizers[0] Authorizer.webhook("policy.example.com").matchConditions[0]: must evaluate to bool, got string');
  });

  it('fails when resourceGroups is given a versioned group', () => {
    const e = errorOf(() => AuthzMatchCondition.resourceGroups(['resource.k8s.io/v1']));
    expect(e.message).toContain('[authz/match-groups] groups[0]: must be a DNS-1123 subdomain (got "resource.k8s.io/v1"');
    expect(e.message).toContain('Use the API group without a version');
  });

  it('fails when resourceGroups is empty', () => {
    expect(errorOf(() => AuthzMatchCondition.resourceGroups([])).message).toContain('[authz/match-groups] groups: must name at least one API group');
  });

  it('fails when AlwaysAllow has no reason', () => {
    expect(errorOf(() => Authorizer.alwaysAllow(' ')).message).toBe(
      '[Authorizer.alwaysAllow] invalid input:\n  - [authz/opt-out-reason] reason: an opt-out needs a reason (got " "). Say why the secure default does not fit; it is recorded in the file header.',
    );
  });

  it('fails when customOrderReason is empty', () => {
    expect(errorOf(() => new AuthzConfig(Testing.app(), 'authz', { customOrderReason: '' })).message).toContain('[authz/opt-out-reason] customOrderReason: an opt-out needs a reason');
  });

  it('fails when includeSystemIdentitiesReason is empty', () => {
    expect(errorOf(() => hook({ includeSystemIdentitiesReason: '' })).message).toContain('[authz/opt-out-reason] includeSystemIdentitiesReason: an opt-out needs a reason');
  });

  it('fails when the file name has a directory', () => {
    expect(errorOf(() => new AuthzConfig(Testing.app(), 'authz', { fileName: 'etc/authz.yaml' })).message).toBe(
      "[authz] invalid input:\n  - [authz/file-name] fileName: must be a plain file name (no directory, no leading dot) (got \"etc/authz.yaml\"; allowed: letters, digits, '.', '_' and '-', e.g. authorization-config.yaml). Pass only the file name; the file is written into the App output directory.",
    );
  });

  it('fails when the file name climbs out of the outdir', () => {
    expect(errorOf(() => new AuthzConfig(Testing.app(), 'authz', { fileName: '..' })).message).toContain('[authz/file-name] fileName: must be a plain file name (no directory, no leading dot) (got "..";');
    expect(errorOf(() => new AuthzConfig(Testing.app(), 'authz', { fileName: '../authz.yaml' })).message).toContain('(got "../authz.yaml";');
  });

  it('fails when the file name ends with the manifest extension', () => {
    expect(errorOf(() => new AuthzConfig(Testing.app(), 'authz', { fileName: 'authz.k8s.yaml' })).message).toContain(
      '[authz/file-name] fileName: must not end with the App\'s manifest extension ".k8s.yaml" (got "authz.k8s.yaml"). That suffix marks chart manifests meant for kubectl apply; use e.g. "authz.yaml".',
    );
  });

  it('fails when two files share a name', () => {
    const app = Testing.app();
    new AuthzConfig(app, 'a');
    expect(errorOf(() => new AuthzConfig(app, 'b')).message).toContain('[authz/file-name] fileName: is already used by a (got "authorization-config.yaml")');
  });

  it('fails when an authorizer is not an Authorizer (plain JavaScript input)', () => {
    expect(errorOf(() => new AuthzConfig(Testing.app(), 'authz', { authorizers: [{ type: 'RBAC' } as any] })).message).toBe(
      '[authz] invalid input:\n  - [api/wrong-type] authorizers[0]: must be an Authorizer (got {"type":"RBAC"} (object); allowed: Authorizer.abac(), Authorizer.alwaysAllow(), Authorizer.alwaysDeny(), Authorizer.node(), Authorizer.rbac(), Authorizer.webhook()). Create it with a static method of Authorizer, e.g. Authorizer.abac(...).',
    );
  });

  it('fails on addAuthorizer and leaves the chain unchanged', () => {
    const authz = new AuthzConfig(Testing.app(), 'authz');
    authz.addAuthorizer(hook());
    errorOf(() => authz.addAuthorizer(hook()));
    expect(authz.authorizers.map((a) => a.name)).toEqual(['node', 'rbac', 'policy.example.com']);
  });
});
