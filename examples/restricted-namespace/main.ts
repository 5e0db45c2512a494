/**
 * A namespace whose Pod Security Admission labels enforce the "restricted" profile at
 * policy version v1.36 — the namespace every other example's workloads are meant to land in.
 */
import { ApiObject, App, Chart } from 'cdk8s';

const app = new App();
const chart = new Chart(app, 'restricted-namespace');
new ApiObject(chart, 'Resource', {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'apps',
    labels: {
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.36',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    },
  },
});
app.synth();
