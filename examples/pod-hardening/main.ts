/**
 * Cluster-wide pod hardening: every pod created outside kube-system and kube-public gets the
 * HardenedPod defaults it does not set itself — its own user namespace, seccomp and AppArmor
 * RuntimeDefault, runAsNonRoot, no privilege escalation, a read-only root filesystem and all
 * capabilities dropped. Explicit values in a pod are kept (Pod Security Admission decides
 * whether they are allowed).
 */
import { App, Chart } from 'cdk8s';
import { Mutation, MutatingPolicy, ResourceRule } from '../../lib';

const app = new App();
const chart = new Chart(app, 'pod-hardening');

new MutatingPolicy(chart, 'harden-pods', {
  name: 'harden-pods',
  rules: [ResourceRule.pods()],
  excludeNamespaces: ['kube-system', 'kube-public'],
  mutations: [Mutation.hardenPods()],
});

app.synth();
