/**
 * AppArmor through the securityContext field (GA since 1.30; the annotations are
 * deprecated): one pod with the runtime's default profile (the default), one with the
 * node-local profile `k8s-custom`, which must be loaded on every node that may run it.
 */
import { App, Chart } from 'cdk8s';
import { AppArmorProfile, HardenedPod, PodSecurity, PodSecurityLevel } from '../../lib';

const app = new App();
const chart = new Chart(app, 'apparmor-profiles', { namespace: 'apps' });

new HardenedPod(chart, 'runtime-default', {
  containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }],
});

new HardenedPod(chart, 'custom', {
  appArmorProfile: AppArmorProfile.localhost('k8s-custom', 'denies writes outside /tmp; loaded on all nodes by the node image'),
  containers: [{ image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }],
});

PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
app.synth();
