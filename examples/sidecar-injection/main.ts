/**
 * Injects an Envoy proxy as a native sidecar into every pod labelled
 * `sidecar-injection: enabled`, and annotates those pods `sidecar-injected: "true"`.
 * Pods that already have a container named `sidecar-proxy` are left alone.
 */
import { App, Chart } from 'cdk8s';
import { CelValue, Mutation, MutatingPolicy, ResourceRule } from '../../lib';

const app = new App();
const chart = new Chart(app, 'sidecar-injection');

new MutatingPolicy(chart, 'inject-envoy', {
  name: 'inject-envoy-sidecar',
  rules: [ResourceRule.pods()],
  objectSelector: { matchLabels: { 'sidecar-injection': 'enabled' } },
  mutations: [
    Mutation.injectSidecar({
      name: 'sidecar-proxy',
      image: 'envoyproxy/envoy:v1.31',
      ports: [15001],
      requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('128Mi') },
      limits: { cpu: CelValue.quantity('500m'), memory: CelValue.quantity('512Mi') },
    }),
    Mutation.addAnnotations({ 'sidecar-injected': 'true' }),
  ],
});

app.synth();
