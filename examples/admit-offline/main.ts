/**
 * A platform chart whose MutatingPolicies harden every pod, inject an Envoy sidecar into pods
 * labelled `sidecar-injection: enabled` and label pods and Deployments with their team.
 * `PodSecurity.enforce(..., { admitWithPolicies: true })` runs those policies over the chart's
 * own workloads first, as the API server will, so Pod Security judges what the cluster runs:
 * the third-party pod below passes restricted only because the policies harden it.
 *
 * Try the same policies on any YAML, without a cluster:
 *   npm run synth
 *   npx cdk8s-haru admit --policies manifests/admit-offline/ examples/admit-offline/pods.yaml
 */
import { ApiObject, App, Chart } from 'cdk8s';
import {
  Mutation, MutatingPolicy, PodSecurity, PodSecurityLevel, ResourceRule, Volume,
} from '../../lib';

const app = new App();
const chart = new Chart(app, 'admit-offline', { namespace: 'shop' });
PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED, { admitWithPolicies: true });

new MutatingPolicy(chart, 'harden-pods', {
  name: 'harden-pods',
  rules: [ResourceRule.pods()],
  excludeNamespaces: ['kube-system'],
  mutations: [Mutation.hardenPods()],
});

new MutatingPolicy(chart, 'inject-envoy', {
  name: 'inject-envoy',
  rules: [ResourceRule.pods()],
  objectSelector: { matchLabels: { 'sidecar-injection': 'enabled' } },
  mutations: [Mutation.injectSidecar({
    name: 'envoy',
    image: 'envoyproxy/envoy:v1.31',
    ports: [15001],
    args: ['-c', '/etc/envoy/envoy.yaml'],
    volumes: [Volume.configMap('envoy-config', 'envoy'), Volume.emptyDir('envoy-tmp')],
    volumeMounts: [{ volume: 'envoy-config', mountPath: '/etc/envoy', readOnly: true }, { volume: 'envoy-tmp', mountPath: '/tmp' }],
  })],
});

new MutatingPolicy(chart, 'team-labels', {
  name: 'team-labels',
  rules: [ResourceRule.pods(), ResourceRule.deployments()],
  mutations: [Mutation.addLabels({ 'example.com/team': 'shop' })],
});

// A pod from a vendor's manifest, with no securityContext at all.
new ApiObject(chart, 'vendor-agent', {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'vendor-agent', labels: { 'sidecar-injection': 'enabled' } },
  spec: { containers: [{ name: 'agent', image: 'registry.example/vendor/agent:3.2' }] },
});

app.synth();
