/**
 * The pod rules of the manifest scanners in the scanner notes (kube-score, kubesec, Polaris,
 * kube-linter, Checkov, Trivy, KICS), each written as a predicate over the synthesised
 * objects exactly as the notes state it. A HardenedPod with only an image passes all of them
 * except the rules that need the user's input; with that input it passes all of them.
 */
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { synth } from './support';
import { HardenedPod, Probe } from '../../lib';

interface Ctx { pod: any; spec: any; containers: any[]; appContainers: any[]; policies: any[]; services: any[] }
type Rule = [scanner: string, id: string, pass: (c: Ctx) => boolean, needs?: 'probes' | 'digest' | 'namespace' | 'ingress-rule'];

const sc = (c: any) => c.securityContext ?? {};
const every = (cs: any[], f: (c: any) => boolean) => cs.length > 0 && cs.every(f);
const eff = (ctx: Ctx, c: any, k: string) => sc(c)[k] ?? ctx.spec.securityContext?.[k];
const tag = (image: string) => {
  const noDigest = image.split('@')[0];
  const last = noDigest.split('/').pop()!;
  return last.includes(':') ? last.split(':').pop()! : '';
};
const caps = (c: any) => sc(c).capabilities ?? {};
const res = (c: any, kind: 'requests' | 'limits', r: string) => c.resources?.[kind]?.[r] !== undefined;
const selects = (np: any, pod: any) => Object.entries(np.spec.podSelector?.matchLabels ?? {}).every(([k, v]) => pod.metadata.labels?.[k] === v);
const noHost = (ctx: Ctx) => !ctx.spec.hostNetwork && !ctx.spec.hostPID && !ctx.spec.hostIPC;
const hostPaths = (ctx: Ctx) => (ctx.spec.volumes ?? []).filter((v: any) => v.hostPath);

const RULES: Rule[] = [
  // kube-score
  ['kube-score', 'container-security-context-user-group-id', (x) => every(x.containers, (c) => eff(x, c, 'runAsUser') >= 10000 && eff(x, c, 'runAsGroup') >= 10000)],
  ['kube-score', 'container-security-context-privileged', (x) => x.containers.every((c) => sc(c).privileged !== true)],
  ['kube-score', 'container-security-context-readonlyrootfilesystem', (x) => every(x.containers, (c) => sc(c).readOnlyRootFilesystem === true)],
  ['kube-score', 'container-seccomp-profile', (x) => x.spec.securityContext?.seccompProfile !== undefined || every(x.appContainers, (c) => sc(c).seccompProfile)],
  ['kube-score', 'container-resources', (x) => every(x.containers, (c) => res(c, 'limits', 'cpu') && res(c, 'limits', 'memory') && res(c, 'requests', 'cpu') && res(c, 'requests', 'memory'))],
  ['kube-score', 'container-ephemeral-storage-request-and-limit', (x) => every(x.containers, (c) => res(c, 'requests', 'ephemeral-storage') && res(c, 'limits', 'ephemeral-storage'))],
  ['kube-score', 'container-image-tag', (x) => every(x.containers, (c) => tag(c.image) !== '' && tag(c.image) !== 'latest')],
  ['kube-score', 'container-image-pull-policy', (x) => every(x.containers, (c) => c.imagePullPolicy === 'Always')],
  ['kube-score', 'pod-probes', (x) => x.services.length === 0 || every(x.appContainers, (c) => c.readinessProbe && c.livenessProbe), 'probes'],
  ['kube-score', 'pod-probes-identical', (x) => x.appContainers.every((c) => !c.readinessProbe || JSON.stringify(c.readinessProbe) !== JSON.stringify(c.livenessProbe))],
  ['kube-score', 'pod-networkpolicy', (x) => x.policies.some((np) => selects(np, x.pod) && ['Ingress', 'Egress'].every((t) => np.spec.policyTypes.includes(t)))],
  // kubesec (negative rules must not match; positive rules must score)
  ['kubesec', 'Privileged', (x) => x.containers.every((c) => sc(c).privileged !== true)],
  ['kubesec', 'CapSysAdmin', (x) => x.containers.every((c) => !(caps(c).add ?? []).includes('SYS_ADMIN'))],
  ['kubesec', 'HostNetwork/HostPID/HostIPC', noHost],
  ['kubesec', 'DockerSock/ProcMount', (x) => hostPaths(x).every((v: any) => !['/var/run/docker.sock', '/proc'].includes(v.hostPath.path))],
  ['kubesec', 'AllowPrivilegeEscalation', (x) => x.containers.every((c) => sc(c).allowPrivilegeEscalation !== true)],
  ['kubesec', 'SecretsAsEnvironmentVariables', (x) => x.containers.every((c) => !(c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef) && !(c.envFrom ?? []).some((e: any) => e.secretRef))],
  ['kubesec', 'HostAliases', (x) => x.spec.hostAliases === undefined],
  ['kubesec', 'SeccompUnconfined/ApparmorUnconfined', (x) => [x.spec, ...x.containers].every((o) => sc(o).seccompProfile?.type !== 'Unconfined' && sc(o).appArmorProfile?.type !== 'Unconfined')],
  ['kubesec', 'ReadOnlyRootFilesystem', (x) => x.containers.some((c) => sc(c).readOnlyRootFilesystem === true)],
  ['kubesec', 'RunAsNonRoot', (x) => x.containers.some((c) => eff(x, c, 'runAsNonRoot') === true)],
  ['kubesec', 'RunAsUser', (x) => x.containers.some((c) => eff(x, c, 'runAsUser') > 10000)],
  ['kubesec', 'RunAsGroup', (x) => x.containers.some((c) => eff(x, c, 'runAsGroup') > 10000)],
  ['kubesec', 'CapDropAny', (x) => x.containers.some((c) => (caps(c).drop ?? []).length > 0)],
  ['kubesec', 'CapDropAll', (x) => x.containers.some((c) => (caps(c).drop ?? []).some((d: string) => d.toUpperCase().includes('ALL')))],
  ['kubesec', 'RequestsCPU/LimitsCPU/RequestsMemory/LimitsMemory', (x) => x.containers.some((c) => res(c, 'requests', 'cpu') && res(c, 'limits', 'cpu') && res(c, 'requests', 'memory') && res(c, 'limits', 'memory'))],
  ['kubesec', 'ServiceAccountName', (x) => typeof x.spec.serviceAccountName === 'string'],
  ['kubesec', 'SeccompAny', (x) => [x.spec, ...x.containers].some((o) => sc(o).seccompProfile?.type && sc(o).seccompProfile.type !== 'Unconfined')],
  ['kubesec', 'ApparmorAny', (x) => [x.spec, ...x.containers].some((o) => sc(o).appArmorProfile?.type)],
  ['kubesec', 'AutomountServiceAccountToken', (x) => x.spec.automountServiceAccountToken === false],
  ['kubesec', 'HostUsers', (x) => x.spec.hostUsers === false],
  // Polaris
  ['polaris', 'runAsRootAllowed', (x) => every(x.containers, (c) => eff(x, c, 'runAsNonRoot') === true || eff(x, c, 'runAsUser') >= 1)],
  ['polaris', 'runAsPrivileged', (x) => x.containers.every((c) => sc(c).privileged !== true)],
  ['polaris', 'privilegeEscalationAllowed', (x) => every(x.containers, (c) => sc(c).allowPrivilegeEscalation === false)],
  ['polaris', 'notReadOnlyRootFilesystem', (x) => every(x.containers, (c) => sc(c).readOnlyRootFilesystem === true)],
  ['polaris', 'insecureCapabilities', (x) => every(x.containers, (c) => (caps(c).drop ?? []).includes('ALL'))],
  ['polaris', 'dangerousCapabilities', (x) => x.containers.every((c) => !(caps(c).add ?? []).some((a: string) => ['ALL', 'SYS_ADMIN', 'NET_ADMIN'].includes(a)))],
  ['polaris', 'linuxHardening', (x) => [x.spec, ...x.containers].some((o) => sc(o).seccompProfile?.type && sc(o).seccompProfile.type !== 'Unconfined') || x.containers.some((c) => (caps(c).drop ?? []).length > 0)],
  ['polaris', 'automountServiceAccountToken', (x) => x.spec.automountServiceAccountToken === false],
  ['polaris', 'hostIPCSet/hostPIDSet/hostNetworkSet', noHost],
  ['polaris', 'hostPathSet', (x) => hostPaths(x).length === 0],
  ['polaris', 'hostPortSet', (x) => x.containers.every((c) => (c.ports ?? []).every((p: any) => !p.hostPort))],
  ['polaris', 'procMount', (x) => x.containers.every((c) => !sc(c).procMount || sc(c).procMount === 'Default')],
  ['polaris', 'hostProcess', (x) => [x.spec, ...x.containers].every((o) => sc(o).windowsOptions?.hostProcess !== true)],
  ['polaris', 'missingNetworkPolicy', (x) => x.policies.some((np) => selects(np, x.pod) && np.spec.ingress?.length > 0 && np.spec.egress?.length > 0 && ['Ingress', 'Egress'].every((t) => np.spec.policyTypes.includes(t))), 'ingress-rule'],
  ['polaris', 'cpu/memory requests/limits', (x) => every(x.appContainers, (c) => res(c, 'requests', 'cpu') && res(c, 'limits', 'cpu') && res(c, 'requests', 'memory') && res(c, 'limits', 'memory'))],
  ['polaris', 'tagNotSpecified', (x) => every(x.containers, (c) => /^.+:.+$/.test(c.image) && !/:latest$/.test(c.image))],
  ['polaris', 'pullPolicyNotAlways', (x) => every(x.containers, (c) => c.imagePullPolicy === 'Always')],
  ['polaris', 'readinessProbeMissing/livenessProbeMissing', (x) => every(x.appContainers, (c) => c.readinessProbe && c.livenessProbe), 'probes'],
  // kube-linter (default checks, plus the optional probe/isolation/service-account ones)
  ['kube-linter', 'privileged-container', (x) => x.containers.every((c) => sc(c).privileged !== true)],
  ['kube-linter', 'privilege-escalation-container', (x) => x.containers.every((c) => sc(c).allowPrivilegeEscalation !== true)],
  ['kube-linter', 'no-read-only-root-fs', (x) => every(x.containers, (c) => sc(c).readOnlyRootFilesystem === true)],
  ['kube-linter', 'run-as-non-root', (x) => every(x.containers, (c) => (eff(x, c, 'runAsUser') > 0 || (eff(x, c, 'runAsNonRoot') === true && eff(x, c, 'runAsUser') !== 0)) && eff(x, c, 'runAsGroup') !== 0)],
  ['kube-linter', 'drop-net-raw-capability', (x) => every(x.containers, (c) => (caps(c).drop ?? []).some((d: string) => d === 'ALL' || d === 'NET_RAW'))],
  ['kube-linter', 'host-network/host-pid/host-ipc', noHost],
  ['kube-linter', 'docker-sock/sensitive-host-mounts', (x) => hostPaths(x).length === 0],
  ['kube-linter', 'ssh-port', (x) => x.containers.every((c) => (c.ports ?? []).every((p: any) => p.containerPort !== 22))],
  ['kube-linter', 'unsafe-sysctls', (x) => (x.spec.securityContext?.sysctls ?? []).length === 0],
  ['kube-linter', 'env-var-secret', (x) => x.containers.every((c) => !(c.env ?? []).some((e: any) => /secret|password|token/i.test(e.name) && e.value))],
  ['kube-linter', 'latest-tag', (x) => every(x.containers, (c) => !/.*:(latest)$/.test(c.image) && !/^[^:]*$/.test(c.image) && !/(.*\/[^:]+)$/.test(c.image))],
  ['kube-linter', 'unset-cpu-requirements', (x) => every(x.containers, (c) => res(c, 'requests', 'cpu'))],
  ['kube-linter', 'unset-memory-requirements', (x) => every(x.containers, (c) => res(c, 'limits', 'memory'))],
  ['kube-linter', 'non-isolated-pod', (x) => x.policies.some((np) => selects(np, x.pod))],
  ['kube-linter', 'no-liveness-probe/no-readiness-probe', (x) => every(x.appContainers, (c) => c.readinessProbe && c.livenessProbe), 'probes'],
  ['kube-linter', 'default-service-account', (x) => x.spec.serviceAccountName && x.spec.serviceAccountName !== 'default'],
  ['kube-linter', 'unsafe-proc-mount', (x) => x.containers.every((c) => !sc(c).procMount || sc(c).procMount === 'Default')],
  // Checkov
  ['checkov', 'CKV_K8S_8/9', (x) => every(x.containers, (c) => c.livenessProbe && c.readinessProbe), 'probes'],
  ['checkov', 'CKV_K8S_10/11/12/13', (x) => every(x.containers, (c) => res(c, 'requests', 'cpu') && res(c, 'limits', 'cpu') && res(c, 'requests', 'memory') && res(c, 'limits', 'memory'))],
  ['checkov', 'CKV_K8S_14', (x) => every(x.containers, (c) => c.image.includes('@') || (tag(c.image) !== '' && tag(c.image) !== 'latest'))],
  ['checkov', 'CKV_K8S_15', (x) => every(x.containers, (c) => c.imagePullPolicy === 'Always' || c.image.includes('@'))],
  ['checkov', 'CKV_K8S_16/17/18/19', (x) => noHost(x) && x.containers.every((c) => sc(c).privileged !== true)],
  ['checkov', 'CKV_K8S_20', (x) => every(x.containers, (c) => sc(c).allowPrivilegeEscalation === false)],
  ['checkov', 'CKV_K8S_21', (x) => !!x.pod.metadata.namespace && x.pod.metadata.namespace !== 'default', 'namespace'],
  ['checkov', 'CKV_K8S_22', (x) => every(x.containers, (c) => sc(c).readOnlyRootFilesystem === true)],
  ['checkov', 'CKV_K8S_23', (x) => x.spec.securityContext?.runAsNonRoot === true && x.containers.every((c) => sc(c).runAsNonRoot !== false)],
  ['checkov', 'CKV_K8S_25', (x) => x.containers.every((c) => caps(c).add === undefined)],
  ['checkov', 'CKV_K8S_28', (x) => every(x.containers, (c) => (caps(c).drop ?? []).some((d: string) => d === 'ALL' || d === 'NET_RAW'))],
  ['checkov', 'CKV_K8S_29/30', (x) => x.spec.securityContext !== undefined && every(x.containers, (c) => c.securityContext !== undefined)],
  ['checkov', 'CKV_K8S_31', (x) => x.spec.securityContext?.seccompProfile?.type === 'RuntimeDefault' || every(x.containers, (c) => sc(c).seccompProfile?.type === 'RuntimeDefault')],
  ['checkov', 'CKV_K8S_35', (x) => x.containers.every((c) => !(c.env ?? []).some((e: any) => e.valueFrom?.secretKeyRef) && !(c.envFrom ?? []).some((e: any) => e.secretRef))],
  ['checkov', 'CKV_K8S_37', (x) => every(x.containers, (c) => (caps(c).drop ?? []).includes('ALL'))],
  ['checkov', 'CKV_K8S_38', (x) => x.spec.automountServiceAccountToken === false],
  ['checkov', 'CKV_K8S_39', (x) => x.containers.every((c) => !(caps(c).add ?? []).includes('SYS_ADMIN'))],
  ['checkov', 'CKV_K8S_40', (x) => x.spec.hostUsers === false || every(x.containers, (c) => eff(x, c, 'runAsUser') >= 10000)],
  ['checkov', 'CKV_K8S_43', (x) => every(x.containers, (c) => c.image.includes('@')), 'digest'],
  ['checkov', 'CKV2_K8S_6', (x) => x.policies.some((np) => selects(np, x.pod))],
  // Trivy
  ['trivy', 'KSV-0001', (x) => every(x.containers, (c) => sc(c).allowPrivilegeEscalation === false)],
  ['trivy', 'KSV-0002', (x) => Object.entries(x.pod.metadata.annotations ?? {}).every(([k, v]) => !k.startsWith('container.apparmor') || v === 'runtime/default')],
  ['trivy', 'KSV-0003/0004', (x) => every(x.containers, (c) => (caps(c).drop ?? []).includes('ALL'))],
  ['trivy', 'KSV-0005/0119/0120', (x) => x.containers.every((c) => !(caps(c).add ?? []).some((a: string) => ['SYS_ADMIN', 'NET_RAW', 'SYS_MODULE'].includes(a)))],
  ['trivy', 'KSV-0006/0023/0121', (x) => hostPaths(x).length === 0],
  ['trivy', 'KSV-0007', (x) => x.spec.hostAliases === undefined],
  ['trivy', 'KSV-0008/0009/0010', noHost],
  ['trivy', 'KSV-0011/0015/0016/0018', (x) => every(x.containers, (c) => res(c, 'requests', 'cpu') && res(c, 'limits', 'cpu') && res(c, 'requests', 'memory') && res(c, 'limits', 'memory'))],
  ['trivy', 'KSV-0012', (x) => every(x.containers, (c) => eff(x, c, 'runAsNonRoot') === true)],
  ['trivy', 'KSV-0013', (x) => every(x.containers, (c) => !c.image.endsWith(':latest'))],
  ['trivy', 'KSV-0014', (x) => every(x.containers, (c) => sc(c).readOnlyRootFilesystem === true)],
  ['trivy', 'KSV-0017', (x) => x.containers.every((c) => sc(c).privileged !== true)],
  ['trivy', 'KSV-0020/0021', (x) => every(x.containers, (c) => eff(x, c, 'runAsUser') > 10000 && eff(x, c, 'runAsGroup') > 10000)],
  ['trivy', 'KSV-0022', (x) => x.containers.every((c) => caps(c).add === undefined)],
  ['trivy', 'KSV-0024', (x) => x.containers.every((c) => (c.ports ?? []).every((p: any) => !p.hostPort))],
  ['trivy', 'KSV-0025', (x) => [x.spec, ...x.containers].every((o) => sc(o).seLinuxOptions === undefined)],
  ['trivy', 'KSV-0026', (x) => (x.spec.securityContext?.sysctls ?? []).length === 0],
  ['trivy', 'KSV-0027', (x) => x.containers.every((c) => sc(c).procMount === undefined)],
  ['trivy', 'KSV-0028', (x) => (x.spec.volumes ?? []).every((v: any) => Object.keys(v).every((k) => ['name', 'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'].includes(k)))],
  ['trivy', 'KSV-0030', (x) => every(x.containers, (c) => ['RuntimeDefault', 'Localhost'].includes(eff(x, c, 'seccompProfile')?.type))],
  ['trivy', 'KSV-0036', (x) => x.spec.automountServiceAccountToken === false],
  ['trivy', 'KSV-0038', (x) => x.policies.every((np) => np.spec.podSelector !== undefined)],
  ['trivy', 'KSV-0104', (x) => [x.spec, ...x.containers].every((o) => sc(o).seccompProfile?.type !== 'Unconfined')],
  ['trivy', 'KSV-0105', (x) => [x.spec, ...x.containers].every((o) => sc(o).runAsUser !== 0)],
  ['trivy', 'KSV-0116', (x) => x.spec.securityContext?.runAsGroup !== 0 && x.spec.securityContext?.fsGroup !== 0 && !(x.spec.securityContext?.supplementalGroups ?? []).includes(0)],
  ['trivy', 'KSV-0118', (x) => Object.keys(x.spec.securityContext ?? {}).length > 0 && every(x.containers, (c) => Object.keys(sc(c)).length > 0)],
  // KICS
  ['kics', 'f377b83e (seccomp not configured)', (x) => every(x.containers, (c) => ['RuntimeDefault', 'Localhost'].includes(eff(x, c, 'seccompProfile')?.type))],
];

function context(objs: any[]): Ctx {
  const pod = objs.find((o) => o.kind === 'Pod');
  const spec = pod.spec;
  return {
    pod,
    spec,
    containers: [...(spec.initContainers ?? []), ...spec.containers],
    appContainers: spec.containers,
    policies: objs.filter((o) => o.kind === 'NetworkPolicy'),
    services: objs.filter((o) => o.kind === 'Service'),
  };
}

function onlyImage(): Ctx {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  const pod = new HardenedPod(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
  new kplus.Service(chart, 'svc', { selector: pod, ports: [{ port: 80, targetPort: 8080 }] });
  return context(synth(app, chart));
}

function withInput(): Ctx {
  const app = new App({ outdir: Testing.app().outdir });
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  const pod = new HardenedPod(chart, 'web', {
    containers: [{
      image: `nginx:1.27@sha256:${'0'.repeat(64)}`,
      ports: [{ number: 8080 }],
      readiness: Probe.httpGet('/ready', 8080),
      liveness: Probe.tcpSocket(8080),
    }],
  });
  const client = new kplus.Pod(chart, 'client', { containers: [{ image: 'curl:8' }] });
  pod.allowFrom(client, [kplus.NetworkPolicyPort.tcp(8080)]);
  new kplus.Service(chart, 'svc', { selector: pod, ports: [{ port: 80, targetPort: 8080 }] });
  return context(synth(app, chart));
}

describe('scanner rules (§5.9 recipe)', () => {
  const bare = onlyImage();
  const full = withInput();
  it.each(RULES.filter((r) => !r[3]))('%s %s passes with only an image', (_s, _id, pass) => {
    expect(pass(bare)).toBeTruthy();
  });
  it.each(RULES.filter((r) => r[3]))('%s %s needs user input (%s) and passes once given', (_s, _id, pass) => {
    expect(pass(bare)).toBeFalsy();
    expect(pass(full)).toBeTruthy();
  });
  it.each(RULES.filter((r) => !r[3]))('%s %s still passes with the user input', (_s, _id, pass) => {
    expect(pass(full)).toBeTruthy();
  });
});
