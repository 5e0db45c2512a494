/**
 * One app that uses all five constructs (and AuditPolicy), for the determinism tests.
 * `order` permutes the insertion order of every label and annotation map the API takes, so
 * a test can check that the output does not depend on it.
 */
import { App, Chart, Duration } from 'cdk8s';
import {
  ApfFlowSchema, ApfVerb, AuditLevel, AuditPolicy, AuditRule, Authorizer, AuthzConfig, CelValue, GpuClaimScope, GpuSharing, GpuTimeSliceClaim,
  HardenedPod, LimitResponse, MutatingPolicy, Mutation, ResourceRule, Subject, WebhookConnection,
} from '../../../lib';

function ordered(entries: Array<[string, string]>, order: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of order.length === entries.length ? order : entries.map((_, j) => j)) out[entries[i][0]] = entries[i][1];
  return out;
}

const LABELS: Array<[string, string]> = [['app', 'inference'], ['team', 'ml'], ['example.com/tier', 'gpu'], ['zone', 'a']];
const ANNOTATIONS: Array<[string, string]> = [['owner', 'ml-platform'], ['example.com/ticket', 'OPS-42'], ['a', '1']];

/** Builds the app into `outdir` and synthesises it. */
export function synthAllConstructs(outdir: string, order: number[] = []): void {
  const app = new App({ outdir });
  const chart = new Chart(app, 'all', { namespace: 'ml' });
  const pod = new HardenedPod(chart, 'Inference', {
    metadata: { labels: ordered(LABELS, order), annotations: ordered(ANNOTATIONS, order.filter((i) => i < ANNOTATIONS.length)) },
    containers: [{ name: 'server', image: 'registry.example/inference:1.2.3', ports: [{ number: 8080, name: 'http' }] }],
  });
  const gpu = new GpuTimeSliceClaim(chart, 'Gpu', { claimScope: GpuClaimScope.PER_POD, sharing: GpuSharing.timeSlicing() });
  gpu.attachTo(pod);
  new MutatingPolicy(chart, 'Labels', {
    rules: [ResourceRule.pods()],
    mutations: [
      Mutation.addLabels(ordered(LABELS, order)),
      Mutation.addAnnotations(ordered(ANNOTATIONS, order.filter((i) => i < ANNOTATIONS.length))),
      Mutation.defaultResources({ requests: { cpu: CelValue.quantity('100m') } }),
    ],
  });
  new ApfFlowSchema(chart, 'Controller', {
    limited: { nominalConcurrencyShares: 20, limitResponse: LimitResponse.queue({ queues: 64, handSize: 6 }) },
    metadata: { labels: ordered(LABELS, order) },
    rules: [{ subjects: [Subject.serviceAccount('ml', 'controller')], resourceRules: [{ verbs: [ApfVerb.LIST, ApfVerb.WATCH], apiGroups: [''], resources: ['pods'], namespaces: ['*'] }] }],
  });
  new AuthzConfig(chart, 'Authz', {
    authorizers: [Authorizer.webhook({ name: 'policy', connection: WebhookConnection.kubeConfigFile('/etc/kubernetes/policy.kubeconfig'), timeout: Duration.seconds(2) })],
  });
  new AuditPolicy(chart, 'Audit', { rules: [AuditRule.atLevel(AuditLevel.METADATA)] });
  app.synth();
}
