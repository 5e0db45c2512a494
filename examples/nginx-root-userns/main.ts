/**
 * nginx from the stock image, running as root — but root inside the pod's own user
 * namespace (`hostUsers: false`), so it maps to an unprivileged UID on the node.
 *
 * The stock nginx master process chowns its temp directories and switches its workers to
 * the `nginx` user, so besides NET_BIND_SERVICE (port 80) it needs CHOWN, SETUID and SETGID.
 * Those three are outside Pod Security Standards "restricted": the pod is recorded as
 * `baseline` (annotation `haru.cdk8s.io/pod-security-level`) and the capability grant is
 * recorded as `haru.cdk8s.io/opt-out.capabilities`, which the restricted gate honours.
 * An image that needs no capabilities (e.g. nginx-unprivileged) stays restricted.
 */
import { App, Chart } from 'cdk8s';
import { CapabilityGrant, HardenedPod, OptOut, PodSecurity, PodSecurityLevel, Probe, RunAs } from '../../lib';

const app = new App();
const chart = new Chart(app, 'nginx-root-userns', { namespace: 'apps' });

new HardenedPod(chart, 'web', {
  runAs: RunAs.rootInUserNamespace(OptOut.because('the stock nginx image starts its master process as root')),
  containers: [{
    image: 'nginx:1.27',
    ports: [{ number: 80, name: 'http' }],
    // nginx writes its temp files and pid file here; the root filesystem stays read-only.
    writablePaths: ['/var/cache/nginx', '/var/run'],
    capabilities: CapabilityGrant.of(['NET_BIND_SERVICE', 'CHOWN', 'SETUID', 'SETGID'],
      OptOut.because('nginx binds :80, chowns its temp dirs and switches workers to the nginx user')),
    readiness: Probe.httpGet('/', 80),
    liveness: Probe.tcpSocket(80, { periodSeconds: 20 }),
  }],
});

PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
app.synth();
