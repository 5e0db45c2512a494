/**
 * Defaulting as the 1.36 API server applies it (pkg/apis/core/v1/defaults.go,
 * apps/v1/defaults.go, batch/v1/defaults.go and the declarative +default markers), and the
 * engine running it before admission and after every mutation (mutating/dispatcher.go
 * dispatchOne: `o.GetObjectDefaulter().Default(newVersionedObject)`).
 */
import { describe, expect, it } from 'vitest';
import { AdmissionEngine } from '../../lib';
import { applyDefaults } from '../../lib/admit/defaults';

const podSpec = () => ({ containers: [{ name: 'app', image: 'registry.example/app:1.2' }] });

describe('applyDefaults', () => {
  it('SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container, ports, probes', () => {
    const pod: any = applyDefaults({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{
          name: 'a',
          image: 'app',
          ports: [{ containerPort: 80 }],
          resources: { limits: { cpu: '1' } },
          livenessProbe: { httpGet: { port: 80 } },
          env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
        }],
        volumes: [{ name: 'v' }, { name: 's', secret: { secretName: 'x' } }, { name: 't', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } }],
      },
    });
    const c = pod.spec.containers[0];
    expect(c).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(c.ports[0].protocol).toBe('TCP');
    expect(c.resources.requests).toEqual({ cpu: '1' });
    expect(c.livenessProbe).toEqual({ httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.env[0].valueFrom.fieldRef.apiVersion).toBe('v1');
    expect(pod.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', securityContext: {}, enableServiceLinks: true });
    expect(pod.spec.volumes).toEqual([
      { name: 'v', emptyDir: {} },
      { name: 's', secret: { secretName: 'x', defaultMode: 420 } },
      { name: 't', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }] } },
    ]);
  });

  it('image pull policy follows the tag: latest or none is Always, a tag or digest IfNotPresent', () => {
    const policy = (image: string) => (applyDefaults({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'a', image }] } }) as any).spec.containers[0].imagePullPolicy;
    expect(['nginx', 'nginx:latest', 'localhost:5000/nginx', 'nginx:1.27', 'nginx@sha256:' + 'a'.repeat(64)].map(policy))
      .toEqual(['Always', 'Always', 'Always', 'IfNotPresent', 'IfNotPresent']);
  });

  it('SetDefaults_Deployment, StatefulSet, DaemonSet, ReplicaSet (templates get the PodSpec defaults, not SetDefaults_Pod)', () => {
    const tpl = { metadata: { labels: { a: 'b' } }, spec: podSpec() };
    const d: any = applyDefaults({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: tpl } });
    expect(d.spec).toMatchObject({ replicas: 1, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
    expect(d.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
    expect(d.spec.template.spec.enableServiceLinks).toBeUndefined();
    const s: any = applyDefaults({ apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { template: tpl } });
    expect(s.spec).toMatchObject({ podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' }, replicas: 1, revisionHistoryLimit: 10 });
    const ds: any = applyDefaults({ apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template: tpl } });
    expect(ds.spec).toMatchObject({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 });
    expect((applyDefaults({ apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: { template: tpl } }) as any).spec.replicas).toBe(1);
  });

  it('SetDefaults_Job and SetDefaults_CronJob', () => {
    const j: any = applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { ...podSpec(), restartPolicy: 'Never' } } } });
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    expect(j.metadata.labels).toEqual({ a: 'b' });
    const perIndex: any = applyDefaults({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [] }, template: { spec: podSpec() } } });
    expect(perIndex.spec).toMatchObject({ parallelism: 1, backoffLimit: 2147483647, podReplacementPolicy: 'Failed' });
    const cj: any = applyDefaults({ apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: podSpec() } } } } });
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('Always');
  });

  it('Service, Secret, ConfigMap, Namespace, PersistentVolumeClaim', () => {
    const svc: any = applyDefaults({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port: 80 }] } });
    expect(svc.spec).toEqual({ type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
    const lb: any = applyDefaults({ apiVersion: 'v1', kind: 'Service', spec: { type: 'LoadBalancer', ports: [{ port: 80, targetPort: 'http' }] } });
    expect(lb.spec).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true, ports: [{ targetPort: 'http' }] });
    expect((applyDefaults({ apiVersion: 'v1', kind: 'Secret' }) as any).type).toBe('Opaque');
    expect((applyDefaults({ apiVersion: 'v1', kind: 'ConfigMap' }) as any).data).toEqual({});
    expect((applyDefaults({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }) as any).metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'n' });
    expect((applyDefaults({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: {} }) as any).spec.volumeMode).toBe('Filesystem');
  });

  it('is idempotent and leaves the input and unknown kinds alone', () => {
    const input = { apiVersion: 'v1', kind: 'Pod', spec: podSpec() };
    const once = applyDefaults(input);
    expect(applyDefaults(once)).toEqual(once);
    expect(input).toEqual({ apiVersion: 'v1', kind: 'Pod', spec: podSpec() });
    const cr = { apiVersion: 'example.com/v1', kind: 'Widget', spec: {} };
    expect(applyDefaults(cr)).toBe(cr);
  });
});

describe('AdmissionEngine defaulting', () => {
  const G = 'admissionregistration.k8s.io/v1';
  const inject = {
    apiVersion: G,
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: 'inject' },
    spec: {
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] }] },
      reinvocationPolicy: 'Never',
      mutations: [{ patchType: 'JSONPatch', jsonPatch: { expression: '[JSONPatch{op: "add", path: "/spec/containers/-", value: {"name": "proxy", "image": "proxy:latest"}}]' } }],
    },
  };
  const b = { apiVersion: G, kind: 'MutatingAdmissionPolicyBinding', metadata: { name: 'inject' }, spec: { policyName: 'inject' } };

  it('defaults an injected container after the mutation', () => {
    const r = new AdmissionEngine({ policies: [inject, b] }).admit({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: podSpec() });
    expect(r.admittedObject.spec.containers[1]).toEqual({ name: 'proxy', image: 'proxy:latest', imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  });

  it('leaves objects undefaulted with defaulting: false', () => {
    const r = new AdmissionEngine({ policies: [inject, b], defaulting: false }).admit({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'a' }, spec: podSpec() });
    expect(r.admittedObject.spec).toEqual({ containers: [podSpec().containers[0], { name: 'proxy', image: 'proxy:latest' }] });
  });
});
