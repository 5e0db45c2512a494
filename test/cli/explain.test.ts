/**
 * `cdk8s-haru explain flow` as users run it: the compiled bin on YAML files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli } from './build';

beforeAll(() => ensureBuilt(), 180_000);

const CI_LANE = `apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: PriorityLevelConfiguration
metadata: {name: ci}
spec:
  type: Limited
  limited:
    nominalConcurrencyShares: 10
    limitResponse:
      type: Queue
      queuing: {queues: 16, handSize: 4, queueLengthLimit: 50}
---
apiVersion: flowcontrol.apiserver.k8s.io/v1
kind: FlowSchema
metadata: {name: ci-runners}
spec:
  priorityLevelConfiguration: {name: ci}
  matchingPrecedence: 9500
  distinguisherMethod: {type: ByUser}
  rules:
  - subjects:
    - kind: ServiceAccount
      serviceAccount: {namespace: ci, name: '*'}
    resourceRules:
    - verbs: ['*']
      apiGroups: ['*']
      resources: ['*']
      namespaces: ['*']
      clusterScope: true
`;

function file(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-explain-'));
  const f = path.join(dir, 'apf.yaml');
  fs.writeFileSync(f, text);
  return f;
}

describe('explain flow', () => {
  it('shows that a lane at precedence 9500 never sees the CI service accounts: service-accounts (9000) matches first', () => {
    const r = runCli(['explain', 'flow', '--user', 'system:serviceaccount:ci:runner', '--verb', 'list', '--resource', 'pods', '--namespace', 'ci', file(CI_LANE)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('FlowSchema:       service-accounts (matchingPrecedence 9000, suggested)');
    expect(r.stdout).toContain('Priority level:   workload-low');
    expect(r.stdout).toContain('Next matches:     ci-runners (9500) -> ci, global-default (9900) -> global-default, catch-all (10000) -> catch-all');
  });

  it('JSON output carries the classification and every level', () => {
    const r = runCli(['explain', 'flow', '--format', 'json', '--user', 'system:node:n1', '--group', 'system:nodes', '--verb', 'patch', '--resource', 'nodes/status', '--name', 'n1']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.classification.flowSchema).toBe('system-node-high');
    expect(out.classification.flowDistinguisher).toBe('system:node:n1');
    expect(out.serverConcurrencyLimit).toBe(600);
    expect(out.priorityLevels.find((l: any) => l.name === 'node-high').nominalConcurrencyLimit).toBe(98);
  });

  it('prints only the levels without a request, at the given server limits', () => {
    const r = runCli(['explain', 'flow', '--max-requests-inflight', '800', '--max-mutating-requests-inflight', '400', file(CI_LANE)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Priority levels at server concurrency 1200');
    expect(r.stdout).not.toContain('FlowSchema:');
    expect(r.stdout).toMatch(/^ {2}ci +input +10 +48 /m); // ceil(1200 × 10 / 255) = ceil(47.06)
  });

  it('refuses objects the API server would refuse, exit 2', () => {
    const r = runCli(['explain', 'flow', file(CI_LANE.replace('handSize: 4', 'handSize: 40'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the API server would refuse these objects');
    expect(r.stderr).toContain('handSize');
  });

  it('is a usage error without a resource or URL', () => {
    const r = runCli(['explain', 'flow', '--user', 'u', '--verb', 'get']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give --resource');
  });
});

const AUTHZ = `apiVersion: apiserver.config.k8s.io/v1
kind: AuthorizationConfiguration
authorizers:
- type: Webhook
  name: policy.example.com
  webhook:
    timeout: 3s
    authorizedTTL: 5m
    unauthorizedTTL: 30s
    subjectAccessReviewVersion: v1
    matchConditionSubjectAccessReviewVersion: v1
    failurePolicy: Deny
    connectionInfo:
      type: KubeConfigFile
      kubeConfigFile: /etc/kubernetes/authz-webhook.kubeconfig
    matchConditions:
    - expression: "!request.user.startsWith('system:')"
- type: Node
  name: node
- type: RBAC
  name: rbac
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: pod-reader}
rules:
- {verbs: [get, list], apiGroups: [""], resources: [pods]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-reads-pods}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
subjects:
- {kind: ServiceAccount, name: runner, namespace: ci}
`;

describe('explain authz', () => {
  it('shows the webhook skipped by its match condition and the RBAC binding that allows', () => {
    const r = runCli(['explain', 'authz', '--user', 'system:serviceaccount:ci:runner', '--verb', 'list', '--resource', 'pods', '--namespace', 'web', '--webhook', 'policy.example.com=error', file(AUTHZ)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Decision:  Allowed by rbac');
    expect(r.stdout).toContain('matchCondition "!request.user.startsWith(\'system:\')" -> false');
    expect(r.stdout).toContain('RBAC: allowed by ClusterRoleBinding "ci-reads-pods" of ClusterRole "pod-reader" to ServiceAccount "runner/ci"');
  });

  it('a person hits the webhook; when it is down, failurePolicy Deny decides', () => {
    const r = runCli(['explain', 'authz', '--format', 'json', '--user', 'alice', '--verb', 'get', '--resource', 'pods', '--namespace', 'web', '--webhook', 'policy.example.com=error', file(AUTHZ)]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.result.decision).toBe('Deny');
    expect(out.result.decidedBy).toBe('policy.example.com');
  });

  it('refuses a bad --webhook answer', () => {
    const r = runCli(['explain', 'authz', '--user', 'a', '--verb', 'get', '--resource', 'pods', '--webhook', 'x=maybe', file(AUTHZ)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--webhook takes <name>=<answer>');
  });
});
