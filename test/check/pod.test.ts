import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkPodRules } from '../../lib/check/pod';
import { checkObject } from '../../lib/check/registry';

const pod = (spec: any) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x:1' }], ...spec } });
const msgs = (o: any) => checkPodRules(o).map((v) => `[${v.checkId}] ${formatViolation(v)}`);

describe('pod server rules', () => {
  it('accepts a plain pod', () => {
    expect(msgs(pod({}))).toEqual([]);
  });
  it('fails when hostNetwork is set with hostUsers: false', () => {
    expect(msgs(pod({ hostUsers: false, hostNetwork: true }))).toEqual([
      '[pod/host-users] spec.hostNetwork: is forbidden when spec.hostUsers is false (got true; allowed: false or unset). Remove hostNetwork, or share the host user namespace (spec.hostUsers: true) if the node must be reached.',
    ]);
  });
  it('fails when type is Localhost without localhostProfile', () => {
    expect(msgs(pod({ securityContext: { seccompProfile: { type: 'Localhost' } } }))[0]).toBe(
      '[pod/localhost-profile] spec.securityContext.seccompProfile.localhostProfile: must be set when type is Localhost (got undefined; allowed: a profile name or path). Give the path of the profile relative to the kubelet seccomp directory.');
  });
  it('fails when localhostProfile is set on a container without type Localhost', () => {
    expect(msgs(pod({ containers: [{ name: 'a', image: 'x', securityContext: { appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'k8s-custom' } } }] }))[0]).toContain(
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile: may only be set when type is Localhost');
  });
  it('fails when container or volume names repeat', () => {
    expect(checkPodRules(pod({ initContainers: [{ name: 'a', image: 'x' }], volumes: [{ name: 'v', emptyDir: {} }, { name: 'v', emptyDir: {} }] })).map((v) => `${v.checkId} ${v.field}`))
      .toEqual(['pod/duplicate-volume spec.volumes[1].name', 'pod/duplicate-container spec.initContainers[0].name']);
  });
  // pkg/apis/apps/validation/validation.go ValidatePodTemplateSpecForStatefulSet: the template's
  // mounts are not checked against spec.volumes; the controller adds a volume per claim template
  const sts = (templates: any[], mounts: any[]) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 's' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      serviceName: 's',
      volumeClaimTemplates: templates,
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'db', image: 'postgres:17', volumeMounts: mounts }] } },
    },
  });
  it('accepts a StatefulSet mount of a volumeClaimTemplates volume', () => {
    expect(msgs(sts([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }], [{ name: 'data', mountPath: '/var/lib/postgresql/data' }]))).toEqual([]);
  });
  it('warns when a StatefulSet mount names neither a volume nor a claim template (the server accepts the template; the pods would be refused)', () => {
    expect(msgs(sts([{ metadata: { name: 'data' } }], [{ name: 'wal', mountPath: '/wal' }]))).toEqual([
      '[pod/statefulset-template] spec.template.spec.containers[0].volumeMounts[0].name: must name a volume of the pod [pod/volume-mount]: the API server does not validate StatefulSet pod templates, so the StatefulSet is accepted, but the pods it creates would be refused (got "wal"; allowed: data). Add the volume to the pod or a volume claim template, or fix the name.',
    ]);
  });
  it('fails when a Deployment mounts a name that only a StatefulSet could provide', () => {
    const d: any = sts([{ metadata: { name: 'data' } }], [{ name: 'data', mountPath: '/d' }]);
    d.kind = 'Deployment';
    expect(msgs(d)[0]).toBe('[pod/volume-mount] spec.template.spec.containers[0].volumeMounts[0].name: must name a volume of the pod (got "data"; allowed: no volumes defined). Add the volume to the pod or fix the name.');
  });
  it('fails when a mount names no volume', () => {
    expect(msgs(pod({ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'nope', mountPath: '/d' }] }] }))[0]).toBe(
      '[pod/volume-mount] spec.containers[0].volumeMounts[0].name: must name a volume of the pod (got "nope"; allowed: no volumes defined). Add the volume to the pod or fix the name.');
  });
  it('fails when a request exceeds its limit', () => {
    expect(msgs(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { memory: '1Gi' }, limits: { memory: '512Mi' } } }] }))[0]).toBe(
      '[pod/resources] spec.containers[0].resources.requests["memory"]: must be less than or equal to the memory limit (got "1Gi"; allowed: <= 512Mi). Lower the request or raise the limit.');
  });
  it('fails when a container claim names no pod claim, or a pod claim has two sources', () => {
    const o = pod({ resourceClaims: [{ name: 'g', resourceClaimName: 'a', resourceClaimTemplateName: 'b' }], containers: [{ name: 'a', image: 'x', resources: { claims: [{ name: 'h' }] } }] });
    expect(checkPodRules(o).map((v) => v.checkId)).toEqual(['pod/resource-claim-source', 'pod/resource-claim-ref']);
  });
  it('is registered for workload kinds', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { hostUsers: false, hostPID: true, containers: [{ name: 'a', image: 'x' }] } } } };
    expect(checkObject(d).map((v) => v.checkId)).toContain('pod/host-users');
  });
});

describe('scheduling rules (ValidateTolerations, nodeSelector labels, priorityClassName)', () => {
  it('accepts the usual tolerations, node selectors and priority classes', () => {
    expect(msgs(pod({
      nodeSelector: { 'kubernetes.io/arch': 'arm64', 'pool': '' },
      priorityClassName: 'system-cluster-critical',
      tolerations: [
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'dedicated', value: 'ml', effect: 'PreferNoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
        { operator: 'Exists' },
      ],
    }))).toEqual([]);
  });
  it('fails when the key is empty and the operator is not Exists', () => {
    expect(msgs(pod({ tolerations: [{ value: 'x' }] }))).toContain('[pod/toleration] spec.tolerations[0].operator: must be Exists when key is empty (which means "match all values and all keys") (got ""; allowed: Exists). Set the taint key, or operator: Exists to tolerate every taint.');
  });
  it('fails when tolerationSeconds comes without NoExecute', () => {
    expect(msgs(pod({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 60 }] })))
      .toEqual(['[pod/toleration] spec.tolerations[0].effect: must be \'NoExecute\' when tolerationSeconds is set (got "NoSchedule"; allowed: NoExecute). Set effect: NoExecute, or remove tolerationSeconds.']);
  });
  it('fails when Exists carries a value, or the operator or effect is unknown', () => {
    expect(msgs(pod({ tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] })))
      .toEqual(['[pod/toleration] spec.tolerations[0].value: must be empty when operator is \'Exists\' (got "v"; allowed: empty). Remove the value, or use operator: Equal.']);
    expect(msgs(pod({ tolerations: [{ key: 'k', operator: 'Gt', value: '5' }] }))[0]).toContain('spec.tolerations[0].operator: is not supported (got "Gt"; allowed: Equal, Exists). Use Equal or Exists (Gt and Lt need a feature gate');
    expect(msgs(pod({ tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoEvict' }] }))[0]).toContain('spec.tolerations[0].effect: is not supported (got "NoEvict"; allowed: NoSchedule, PreferNoSchedule, NoExecute)');
  });
  it('fails when a key or value is not a label key or value', () => {
    expect(msgs(pod({ tolerations: [{ key: 'bad key', operator: 'Exists' }] }))[0]).toMatch(/^\[pod\/toleration\] spec\.tolerations\[0\]\.key: /);
    expect(msgs(pod({ tolerations: [{ key: 'k', value: 'has space' }] }))[0]).toMatch(/^\[pod\/toleration\] spec\.tolerations\[0\]\.value: /);
    expect(msgs(pod({ nodeSelector: { 'a b': 'x' } }))[0]).toMatch(/^\[pod\/node-selector\] spec\.nodeSelector\["a b"\]: /);
    expect(msgs(pod({ nodeSelector: { a: 'x'.repeat(64) } }))[0]).toMatch(/^\[pod\/node-selector\] spec\.nodeSelector\["a"\]: /);
  });
  it('fails when priorityClassName is not a DNS subdomain, in pod templates too', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'a', image: 'x:1' }], priorityClassName: 'High_Priority' } } } };
    expect(msgs(d)[0]).toMatch(/^\[pod\/priority-class-name\] spec\.template\.spec\.priorityClassName: /);
  });
});

describe('init containers (validateInitContainers)', () => {
  it('allows probes and lifecycle hooks on sidecars only', () => {
    const probe = { tcpSocket: { port: 80 } };
    expect(msgs(pod({ initContainers: [{ name: 's', image: 'x:1', restartPolicy: 'Always', readinessProbe: probe, lifecycle: { preStop: { sleep: { seconds: 1 } } } }] }))).toEqual([]);
    expect(msgs(pod({ initContainers: [{ name: 'i', image: 'x:1', livenessProbe: probe, startupProbe: probe, lifecycle: {} }] }))).toEqual([
      '[pod/init-container] spec.initContainers[0].lifecycle: may not be set for init containers without restartPolicy=Always (got {}; allowed: unset, or restartPolicy: Always (a sidecar)). Remove lifecycle, or make the container a sidecar with restartPolicy: Always.',
      '[pod/init-container] spec.initContainers[0].livenessProbe: may not be set for init containers without restartPolicy=Always (got {"tcpSocket":{"port":80}}; allowed: unset, or restartPolicy: Always (a sidecar)). Remove livenessProbe, or make the container a sidecar with restartPolicy: Always.',
      '[pod/init-container] spec.initContainers[0].startupProbe: may not be set for init containers without restartPolicy=Always (got {"tcpSocket":{"port":80}}; allowed: unset, or restartPolicy: Always (a sidecar)). Remove startupProbe, or make the container a sidecar with restartPolicy: Always.',
    ]);
  });
});

describe('probes (validateProbe, validateLivenessProbe, validateStartupProbe)', () => {
  const ctr = (probes: any) => pod({ containers: [{ name: 'a', image: 'x:1', ...probes }] });
  it('accepts one handler with non-negative counts, and successThreshold above 1 on readiness only', () => {
    expect(msgs(ctr({
      readinessProbe: { grpc: { port: 9090 }, successThreshold: 3, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: '/', port: 8080, scheme: 'HTTPS' }, successThreshold: 1, initialDelaySeconds: 0 },
      startupProbe: { exec: { command: ['true'] } },
    }))).toEqual([]);
  });
  it('fails when a probe has no handler or two', () => {
    expect(msgs(ctr({ readinessProbe: { periodSeconds: 5 } }))).toEqual(['[pod/probe] spec.containers[0].readinessProbe: must specify a handler type (got {"periodSeconds":5}; allowed: exec, httpGet, tcpSocket, grpc). Give the probe one of exec, httpGet, tcpSocket or grpc.']);
    expect(msgs(ctr({ livenessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } }))).toEqual(['[pod/probe] spec.containers[0].livenessProbe.tcpSocket: may not specify more than 1 handler type (got ["exec","tcpSocket"]; allowed: one of exec, httpGet, tcpSocket, grpc). Keep one handler.']);
  });
  it('fails when a liveness or startup probe wants more than one success, or a count is negative', () => {
    const probes = {
      livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 },
      startupProbe: { tcpSocket: { port: 80 }, successThreshold: 3, timeoutSeconds: -1 },
    };
    expect(msgs(ctr(probes))).toEqual([
      '[pod/probe] spec.containers[0].livenessProbe.successThreshold: must be 1 (got 2; allowed: 1). Remove successThreshold (only readiness probes may require more than one success).',
      '[pod/probe] spec.containers[0].startupProbe.timeoutSeconds: must be greater than or equal to 0 (got -1; allowed: 0 or more). Set timeoutSeconds to 0 or more, or leave it unset.',
      '[pod/probe] spec.containers[0].startupProbe.successThreshold: must be 1 (got 3; allowed: 1). Remove successThreshold (only readiness probes may require more than one success).',
    ]);
  });
});

// Every kind with a pod template: validateContainerCommon requires an image in templates too
// (ValidatePodTemplateSpec calls ValidatePodSpec); a StatefulSet template is not validated by
// the server (ValidatePodTemplateSpecForStatefulSet), so there it is a warning.
describe('a container without image in every kind that embeds a pod template', () => {
  const tmpl = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } };
  const kinds: Array<[string, any, string]> = [
    ['Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: tmpl.spec }, 'spec.containers[0].image'],
    ['PodTemplate', { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'p' }, template: tmpl }, 'template.spec.containers[0].image'],
    ['ReplicationController', { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' }, spec: { selector: { a: 'b' }, template: tmpl } }, 'spec.template.spec.containers[0].image'],
    ['Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: tmpl } }, 'spec.template.spec.containers[0].image'],
    ['DaemonSet', { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: tmpl } }, 'spec.template.spec.containers[0].image'],
    ['ReplicaSet', { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r' }, spec: { selector: { matchLabels: { a: 'b' } }, template: tmpl } }, 'spec.template.spec.containers[0].image'],
    ['Job', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { ...tmpl.spec, restartPolicy: 'Never' } } } }, 'spec.template.spec.containers[0].image'],
    ['CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: { ...tmpl.spec, restartPolicy: 'Never' } } } } } }, 'spec.jobTemplate.spec.template.spec.containers[0].image'],
  ];
  for (const [kind, obj, field] of kinds) {
    it(`fails when a ${kind} container has no image`, () => {
      expect(checkPodRules(obj).filter((v) => v.checkId === 'pod/image').map((v) => v.field)).toEqual([field]);
    });
  }
  it('warns (does not fail) when a StatefulSet container has no image', () => {
    const obj = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { selector: { matchLabels: { a: 'b' } }, serviceName: 's', template: tmpl } };
    const found = checkPodRules(obj).filter((v) => v.field === 'spec.template.spec.containers[0].image');
    expect(found.map((v) => `${v.checkId} ${severityOf(v.checkId)}`)).toEqual(['pod/statefulset-template warning']);
    expect(formatViolation(found[0])).toContain('is required [pod/image]: the API server does not validate StatefulSet pod templates');
  });
});

describe('StatefulSet templates (ValidatePodTemplateSpecForStatefulSet)', () => {
  // the long-published cockroachdb StatefulSet: a template volume named like its claim template
  const cockroach = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'cockroachdb' },
    spec: {
      serviceName: 'cockroachdb',
      replicas: 3,
      selector: { matchLabels: { app: 'cockroachdb' } },
      template: {
        metadata: { labels: { app: 'cockroachdb' } },
        spec: {
          containers: [{
            name: 'cockroachdb',
            image: 'cockroachdb/cockroach:v23.1.11',
            ports: [{ containerPort: 26257, name: 'grpc' }, { containerPort: 8080, name: 'http' }],
            volumeMounts: [{ name: 'datadir', mountPath: '/cockroach/cockroach-data' }],
          }],
          volumes: [{ name: 'datadir', persistentVolumeClaim: { claimName: 'datadir' } }],
        },
      },
      volumeClaimTemplates: [{ metadata: { name: 'datadir' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } } }],
    },
  };
  it('accepts a template volume named like a volumeClaimTemplates entry (the controller replaces it)', () => {
    expect(checkObject(cockroach).map((v) => `[${v.checkId}] ${v.field}`)).toEqual([]);
  });
  it('keeps the pod-specific annotation rules as errors (the server runs ValidatePodSpecificAnnotations)', () => {
    const o: any = JSON.parse(JSON.stringify(cockroach));
    o.spec.template.metadata.annotations = { 'controller.kubernetes.io/pod-deletion-cost': 'high' };
    expect(checkPodRules(o).map((v) => `${v.checkId} ${severityOf(v.checkId)} ${v.field}`)).toEqual([
      'pod/annotations error spec.template.metadata.annotations["controller.kubernetes.io/pod-deletion-cost"]',
    ]);
  });
  it('turns a pod rule into a warning', () => {
    const o: any = JSON.parse(JSON.stringify(cockroach));
    o.spec.template.spec.containers[0].name = 'Cockroach_DB';
    expect(checkPodRules(o).map((v) => `${v.checkId} ${severityOf(v.checkId)} ${v.field}`)).toEqual([
      'pod/statefulset-template warning spec.template.spec.containers[0].name',
    ]);
  });
});
