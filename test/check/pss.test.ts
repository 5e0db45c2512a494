/**
 * Pod Security Standards checker, written from the fact sheet (§e.4: PSA policy v1.36).
 * Each check: a passing variant and a failing variant of the minimal restricted pod
 * (pss-fixtures/restricted/v1.35/pass/base.yaml).
 */
import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { checkPodSecurity, optOutsOf, podSecurityLevelOf, unexplainedPodSecurityViolations } from '../../lib/check/pss';

type Mut = (pod: any) => void;

function basePod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: {
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      initContainers: [{ name: 'init', image: 'x:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
      containers: [{ name: 'app', image: 'x:1', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  };
}

function pod(...muts: Mut[]): any {
  const p = basePod();
  for (const m of muts) m(p);
  return p;
}

const ids = (obj: any, level: 'baseline' | 'restricted') => checkPodSecurity(obj, level).map((v) => `${v.checkId} ${v.field}`);
const app = (p: any) => p.spec.containers[0];
const init = (p: any) => p.spec.initContainers[0];

describe('the minimal restricted pod', () => {
  it('passes restricted and baseline', () => {
    expect(ids(basePod(), 'restricted')).toEqual([]);
    expect(ids(basePod(), 'baseline')).toEqual([]);
    expect(podSecurityLevelOf(basePod())).toBe('restricted');
  });
});

interface Case {
  readonly check: string;
  readonly level: 'baseline' | 'restricted';
  readonly pass: Mut;
  readonly fail: Mut;
  readonly field: string;
}

const cases: Case[] = [
  { check: 'hostNamespaces', level: 'baseline', pass: (p) => { p.spec.hostNetwork = false; }, fail: (p) => { p.spec.hostPID = true; }, field: 'spec.hostPID' },
  { check: 'hostNamespaces', level: 'baseline', pass: (p) => { p.spec.hostIPC = false; }, fail: (p) => { p.spec.hostIPC = true; }, field: 'spec.hostIPC' },
  { check: 'hostNamespaces', level: 'baseline', pass: () => undefined, fail: (p) => { p.spec.hostNetwork = true; }, field: 'spec.hostNetwork' },
  { check: 'privileged', level: 'baseline', pass: (p) => { app(p).securityContext.privileged = false; }, fail: (p) => { init(p).securityContext.privileged = true; }, field: 'spec.initContainers[0].securityContext.privileged' },
  { check: 'capabilities_baseline', level: 'baseline', pass: (p) => { app(p).securityContext.capabilities.add = ['CHOWN', 'SYS_CHROOT']; }, fail: (p) => { app(p).securityContext.capabilities.add = ['CHOWN', 'SYS_ADMIN']; }, field: 'spec.containers[0].securityContext.capabilities.add[1]' },
  { check: 'hostPathVolumes', level: 'baseline', pass: (p) => { p.spec.volumes = [{ name: 'v', nfs: { server: 's', path: '/' } }]; }, fail: (p) => { p.spec.volumes = [{ name: 'v', hostPath: { path: '/etc' } }]; }, field: 'spec.volumes[0].hostPath' },
  { check: 'hostPorts', level: 'baseline', pass: (p) => { app(p).ports = [{ containerPort: 80, hostPort: 0 }]; }, fail: (p) => { app(p).ports = [{ containerPort: 80 }, { containerPort: 81, hostPort: 81 }]; }, field: 'spec.containers[0].ports[1].hostPort' },
  { check: 'appArmorProfile', level: 'baseline', pass: (p) => { p.spec.securityContext.appArmorProfile = { type: 'Localhost', localhostProfile: 'k8s-custom' }; }, fail: (p) => { app(p).securityContext.appArmorProfile = { type: 'Unconfined' }; }, field: 'spec.containers[0].securityContext.appArmorProfile.type' },
  { check: 'appArmorProfile', level: 'baseline', pass: (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'localhost/k8s-custom' }; }, fail: (p) => { p.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; }, field: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]' },
  { check: 'seLinuxOptions', level: 'baseline', pass: (p) => { p.spec.securityContext.seLinuxOptions = { type: 'container_engine_t', level: 's0:c1' }; }, fail: (p) => { p.spec.securityContext.seLinuxOptions = { type: 'spc_t' }; }, field: 'spec.securityContext.seLinuxOptions.type' },
  { check: 'seLinuxOptions', level: 'baseline', pass: (p) => { app(p).securityContext.seLinuxOptions = { type: 'container_t' }; }, fail: (p) => { app(p).securityContext.seLinuxOptions = { user: 'system_u' }; }, field: 'spec.containers[0].securityContext.seLinuxOptions.user' },
  { check: 'procMount', level: 'baseline', pass: (p) => { app(p).securityContext.procMount = 'Default'; }, fail: (p) => { app(p).securityContext.procMount = 'Unmasked'; }, field: 'spec.containers[0].securityContext.procMount' },
  { check: 'seccompProfile_baseline', level: 'baseline', pass: (p) => { delete p.spec.securityContext.seccompProfile; }, fail: (p) => { p.spec.securityContext.seccompProfile = { type: 'Unconfined' }; }, field: 'spec.securityContext.seccompProfile.type' },
  { check: 'sysctls', level: 'baseline', pass: (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_wmem', value: '4096 16384 4194304' }]; }, fail: (p) => { p.spec.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '1' }]; }, field: 'spec.securityContext.sysctls[0].name' },
  { check: 'sysctls', level: 'baseline', pass: (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.ip_unprivileged_port_start', value: '0' }]; }, fail: (p) => { p.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_slow_start_after_idle', value: '0' }]; }, field: 'spec.securityContext.sysctls[0].name' },
  { check: 'windowsHostProcess', level: 'baseline', pass: (p) => { p.spec.securityContext.windowsOptions = { hostProcess: false }; }, fail: (p) => { app(p).securityContext.windowsOptions = { hostProcess: true }; }, field: 'spec.containers[0].securityContext.windowsOptions.hostProcess' },
  { check: 'hostProbesAndHostLifecycle', level: 'baseline', pass: (p) => { app(p).livenessProbe = { httpGet: { path: '/', port: 80 } }; }, fail: (p) => { app(p).readinessProbe = { tcpSocket: { port: 80, host: '10.0.0.1' } }; }, field: 'spec.containers[0].readinessProbe.tcpSocket.host' },
  { check: 'hostProbesAndHostLifecycle', level: 'baseline', pass: (p) => { app(p).lifecycle = { preStop: { httpGet: { path: '/', port: 80, host: '' } } }; }, fail: (p) => { app(p).lifecycle = { postStart: { httpGet: { path: '/', port: 80, host: 'example.com' } } }; }, field: 'spec.containers[0].lifecycle.postStart.httpGet.host' },
  { check: 'allowPrivilegeEscalation', level: 'restricted', pass: () => undefined, fail: (p) => { delete init(p).securityContext.allowPrivilegeEscalation; }, field: 'spec.initContainers[0].securityContext.allowPrivilegeEscalation' },
  { check: 'allowPrivilegeEscalation', level: 'restricted', pass: () => undefined, fail: (p) => { app(p).securityContext.allowPrivilegeEscalation = true; }, field: 'spec.containers[0].securityContext.allowPrivilegeEscalation' },
  { check: 'capabilities_restricted', level: 'restricted', pass: (p) => { app(p).securityContext.capabilities.add = ['NET_BIND_SERVICE']; }, fail: (p) => { app(p).securityContext.capabilities.add = ['CHOWN']; }, field: 'spec.containers[0].securityContext.capabilities.add[0]' },
  { check: 'capabilities_restricted', level: 'restricted', pass: (p) => { app(p).securityContext.capabilities.drop = ['NET_RAW', 'ALL']; }, fail: (p) => { app(p).securityContext.capabilities.drop = ['NET_RAW']; }, field: 'spec.containers[0].securityContext.capabilities.drop' },
  { check: 'runAsNonRoot', level: 'restricted', pass: (p) => { delete p.spec.securityContext.runAsNonRoot; app(p).securityContext.runAsNonRoot = true; init(p).securityContext.runAsNonRoot = true; }, fail: (p) => { delete p.spec.securityContext.runAsNonRoot; app(p).securityContext.runAsNonRoot = true; }, field: 'spec.initContainers[0].securityContext.runAsNonRoot' },
  { check: 'runAsNonRoot', level: 'restricted', pass: () => undefined, fail: (p) => { app(p).securityContext.runAsNonRoot = false; }, field: 'spec.containers[0].securityContext.runAsNonRoot' },
  { check: 'runAsUser', level: 'restricted', pass: (p) => { p.spec.securityContext.runAsUser = 65532; }, fail: (p) => { app(p).securityContext.runAsUser = 0; }, field: 'spec.containers[0].securityContext.runAsUser' },
  { check: 'runAsUser', level: 'restricted', pass: (p) => { app(p).securityContext.runAsUser = 1; }, fail: (p) => { p.spec.securityContext.runAsUser = 0; }, field: 'spec.securityContext.runAsUser' },
  { check: 'seccompProfile_restricted', level: 'restricted', pass: (p) => { delete p.spec.securityContext.seccompProfile; app(p).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'a.json' }; init(p).securityContext.seccompProfile = { type: 'RuntimeDefault' }; }, fail: (p) => { delete p.spec.securityContext.seccompProfile; app(p).securityContext.seccompProfile = { type: 'RuntimeDefault' }; }, field: 'spec.initContainers[0].securityContext.seccompProfile.type' },
  { check: 'seccompProfile_restricted', level: 'restricted', pass: () => undefined, fail: (p) => { app(p).securityContext.seccompProfile = { type: 'Unconfined' }; }, field: 'spec.containers[0].securityContext.seccompProfile.type' },
  { check: 'restrictedVolumes', level: 'restricted', pass: (p) => { p.spec.volumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'].map((t, i) => ({ name: `v${i}`, [t]: {} })); }, fail: (p) => { p.spec.volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', nfs: { server: 's', path: '/' } }]; }, field: 'spec.volumes[1].nfs' },
  { check: 'procMount_restricted', level: 'restricted', pass: (p) => { app(p).securityContext.procMount = 'Default'; }, fail: (p) => { app(p).securityContext.procMount = 'Unmasked'; }, field: 'spec.containers[0].securityContext.procMount' },
];

describe.each(cases)('pss/$check ($level)', (c) => {
  it('passes the allowed variant', () => {
    expect(ids(pod(c.pass), c.level)).toEqual([]);
    if (c.level === 'baseline') expect(ids(pod(c.pass), 'restricted').filter((i) => i.startsWith(`pss/${c.check} `))).toEqual([]);
  });
  it(`fails at ${'$field'}`, () => {
    expect(ids(pod(c.fail), c.level)).toContain(`pss/${c.check} ${c.field}`);
  });
});

describe('restricted replaces four baseline checks', () => {
  it('reports capabilities_restricted, not capabilities_baseline, at restricted', () => {
    const p = pod((x) => { app(x).securityContext.capabilities.add = ['SYS_ADMIN']; });
    expect(ids(p, 'restricted')).toEqual(['pss/capabilities_restricted spec.containers[0].securityContext.capabilities.add[0]']);
    expect(ids(p, 'baseline')).toEqual(['pss/capabilities_baseline spec.containers[0].securityContext.capabilities.add[0]']);
  });
  it('reports restrictedVolumes, not hostPathVolumes, at restricted', () => {
    const p = pod((x) => { x.spec.volumes = [{ name: 'h', hostPath: { path: '/' } }]; });
    expect(ids(p, 'restricted')).toEqual(['pss/restrictedVolumes spec.volumes[0].hostPath']);
  });
  it('does not run restricted checks at baseline', () => {
    const p = pod((x) => { delete app(x).securityContext.allowPrivilegeEscalation; delete x.spec.securityContext.runAsNonRoot; });
    expect(ids(p, 'baseline')).toEqual([]);
    expect(podSecurityLevelOf(p)).toBe('baseline');
  });
});

describe('user namespaces (spec.hostUsers: false) since policy v1.35', () => {
  const root: Mut = (p) => {
    p.spec.securityContext = { runAsNonRoot: false, runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } };
    app(p).securityContext.runAsUser = 0;
  };
  it('fails root when the pod shares the host user namespace', () => {
    expect(ids(pod(root), 'restricted')).toEqual([
      'pss/runAsNonRoot spec.securityContext.runAsNonRoot',
      'pss/runAsNonRoot spec.initContainers[0].securityContext.runAsNonRoot',
      'pss/runAsNonRoot spec.containers[0].securityContext.runAsNonRoot',
      'pss/runAsUser spec.securityContext.runAsUser',
      'pss/runAsUser spec.containers[0].securityContext.runAsUser',
    ]);
  });
  it('allows any runAsNonRoot and runAsUser with hostUsers: false', () => {
    expect(ids(pod(root, (p) => { p.spec.hostUsers = false; }), 'restricted')).toEqual([]);
  });
  it('does not relax with hostUsers: true', () => {
    expect(ids(pod(root, (p) => { p.spec.hostUsers = true; }), 'restricted')).toHaveLength(5);
  });
  it('allows any procMount at baseline with hostUsers: false', () => {
    expect(ids(pod((p) => { p.spec.hostUsers = false; app(p).securityContext.procMount = 'Unmasked'; }), 'baseline')).toEqual([]);
  });
  it('fails procMount_restricted even with hostUsers: false', () => {
    expect(ids(pod((p) => { p.spec.hostUsers = false; app(p).securityContext.procMount = 'Unmasked'; }), 'restricted')).toEqual([
      'pss/procMount_restricted spec.containers[0].securityContext.procMount',
    ]);
  });
  it('does not relax capabilities or privilege escalation', () => {
    const p = pod((x) => { x.spec.hostUsers = false; app(x).securityContext.capabilities = { add: ['SETUID'] }; app(x).securityContext.allowPrivilegeEscalation = true; });
    expect(ids(p, 'restricted')).toEqual([
      'pss/capabilities_restricted spec.containers[0].securityContext.capabilities.drop',
      'pss/capabilities_restricted spec.containers[0].securityContext.capabilities.add[0]',
      'pss/allowPrivilegeEscalation spec.containers[0].securityContext.allowPrivilegeEscalation',
    ]);
  });
});

describe('windows pods', () => {
  it('are exempt from allowPrivilegeEscalation, capabilities and seccomp in restricted', () => {
    const p = pod((x) => {
      x.spec.os = { name: 'windows' };
      delete x.spec.securityContext.seccompProfile;
      for (const c of [app(x), init(x)]) c.securityContext = {};
    });
    expect(ids(p, 'restricted')).toEqual([]);
  });
});

describe('pod templates and messages', () => {
  it('checks a CronJob template and reports its path', () => {
    const p = basePod();
    delete p.spec.containers[0].securityContext.allowPrivilegeEscalation;
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: p.spec } } } } };
    const v = checkPodSecurity(cj, 'restricted');
    expect(v.map(formatViolation)).toEqual([
      'spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation: must be set to false (got unset; allowed: false). Set securityContext.allowPrivilegeEscalation: false on the container.',
    ]);
  });
  it('checks ephemeral containers', () => {
    const p = pod((x) => { x.spec.ephemeralContainers = [{ name: 'dbg', image: 'busybox:1', securityContext: { privileged: true } }]; });
    expect(ids(p, 'baseline')).toEqual(['pss/privileged spec.ephemeralContainers[0].securityContext.privileged']);
  });
  it('ignores objects without a pod spec and malformed specs without throwing', () => {
    expect(checkPodSecurity({ apiVersion: 'v1', kind: 'Service', spec: {} }, 'restricted')).toEqual([]);
    expect(() => checkPodSecurity({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [null, 1, { securityContext: 'x' }], volumes: 'x' } }, 'restricted')).not.toThrow();
  });
});

describe('recorded opt-outs', () => {
  it('explain the violations they relax and no others', () => {
    const p = pod((x) => {
      x.metadata.annotations = { 'haru.cdk8s.io/opt-out.capabilities': 'nginx master needs setuid' };
      app(x).securityContext.capabilities.add = ['SETUID'];
      app(x).securityContext.privileged = true;
    });
    expect(optOutsOf(p)).toEqual({ capabilities: 'nginx master needs setuid' });
    expect(unexplainedPodSecurityViolations(p, 'restricted').map((v) => v.checkId)).toEqual(['pss/privileged']);
  });
  it('are read from pod template metadata too', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { metadata: { annotations: { 'haru.cdk8s.io/opt-out.host-ports': 'node exporter' } }, spec: {} } } };
    expect(optOutsOf(d)).toEqual({ 'host-ports': 'node exporter' });
  });
});
