/**
 * A cdk8s-plus Deployment hardened like a HardenedPod, behind a cdk8s-plus Service, with a
 * default-deny NetworkPolicy opened by one explicit rule: ingress on 8080 from the
 * ingress-nginx controller pods in namespace `ingress-nginx`.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { PodSecurity, PodSecurityLevel, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'hardened-deployment', { namespace: 'apps' });

const web = new kplus.Deployment(chart, 'web', {
  replicas: 2,
  containers: [{
    image: 'nginxinc/nginx-unprivileged:1.27',
    portNumber: 8080,
    readiness: kplus.Probe.fromHttpGet('/', { port: 8080 }),
    liveness: kplus.Probe.fromTcpSocket({ port: 8080 }),
  }],
});

const hardening = WorkloadHardening.apply(web, { writablePaths: ['/tmp', '/var/cache/nginx'] });

new kplus.Service(chart, 'svc', { selector: web, ports: [{ port: 80, targetPort: 8080 }] });

const ingressController = kplus.Pods.select(chart, 'ingress-controller', {
  labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
  namespaces: kplus.Namespaces.select(chart, 'ingress-namespace', { names: ['ingress-nginx'] }),
});
hardening.allowFrom(ingressController, [kplus.NetworkPolicyPort.tcp(8080)]);

PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
app.synth();
