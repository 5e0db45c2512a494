/**
 * Real-world shaped pods and workloads the presets are run over: no securityContext, partial
 * securityContexts, explicit weakening, sidecars, init and ephemeral containers, Windows,
 * host namespaces, volumes, resources in every state, objects without labels or annotations,
 * and workload templates. Each entry says what is special about it.
 */
import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HardenedPod, WorkloadHardening } from '../../lib';

export interface Sample {
  readonly name: string;
  readonly object: any;
}

const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: `registry.example/${name}:1.0`, ...extra });
const pod = (name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'shop', ...metadata }, spec,
});

function hardenedPod(): any {
  const chart = Testing.chart();
  new HardenedPod(chart, 'hardened', { containers: [{ image: 'registry.example/app:1.0' }] });
  return Testing.synth(chart).find((o) => o.kind === 'Pod');
}

function hardenedDeployment(): any {
  const chart: Chart = Testing.chart();
  const d = new kplus.Deployment(chart, 'D', { containers: [{ image: 'registry.example/api:2.0' }] });
  WorkloadHardening.apply(d);
  return Testing.synth(chart).find((o) => o.kind === 'Deployment');
}

const template = (spec: Record<string, unknown>, labels: Record<string, string> = { app: 'api' }) => ({ metadata: { labels }, spec });

/** Pods: every shape a cluster sees on create. */
export const PODS: Sample[] = [
  { name: 'bare pod, no labels, no annotations, no securityContext', object: pod('bare', { containers: [c('app')] }) },
  { name: 'bare pod without metadata.namespace', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nons' }, spec: { containers: [c('app')] } } },
  { name: 'pod with labels and annotations', object: pod('labelled', { containers: [c('app')] }, { labels: { app: 'web', tier: 'front' }, annotations: { 'example.com/owner': 'someone-else' } }) },
  { name: 'pod with only annotations', object: pod('annotated', { containers: [c('app')] }, { annotations: { note: 'x' } }) },
  { name: 'empty securityContexts', object: pod('empty-sc', { securityContext: {}, containers: [c('app', { securityContext: {} })] }) },
  {
    name: 'partial pod securityContext (Localhost seccomp, fsGroup)',
    object: pod('partial-pod-sc', { securityContext: { fsGroup: 2000, seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } }, containers: [c('app')] }),
  },
  {
    name: 'partial container securityContext (drop NET_RAW, add NET_BIND_SERVICE)',
    object: pod('partial-caps', { containers: [c('app', { securityContext: { runAsUser: 10001, capabilities: { drop: ['NET_RAW'], add: ['NET_BIND_SERVICE'] } } })] }),
  },
  { name: 'capabilities without drop', object: pod('caps-no-drop', { containers: [c('app', { securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } })] }) },
  { name: 'explicitly weakened (runAsNonRoot false, writable root, escalation allowed)', object: pod('weakened', { securityContext: { runAsNonRoot: false }, containers: [c('app', { securityContext: { allowPrivilegeEscalation: true, readOnlyRootFilesystem: false } })] }) },
  { name: 'privileged container', object: pod('privileged', { containers: [c('app', { securityContext: { privileged: true } })] }) },
  { name: 'container adding SYS_ADMIN', object: pod('sys-admin', { containers: [c('app', { securityContext: { capabilities: { add: ['SYS_ADMIN'] } } })] }) },
  { name: 'hostNetwork pod (no user namespace possible)', object: pod('host-net', { hostNetwork: true, containers: [c('app')] }) },
  { name: 'explicit hostUsers: true', object: pod('host-users', { hostUsers: true, containers: [c('app')] }) },
  { name: 'Windows pod', object: pod('windows', { os: { name: 'windows' }, containers: [c('app')] }) },
  { name: 'several containers', object: pod('multi', { containers: [c('app'), c('worker'), c('metrics', { ports: [{ containerPort: 9090 }] })] }) },
  { name: 'regular init containers', object: pod('init', { initContainers: [c('migrate'), c('seed')], containers: [c('app')] }) },
  { name: 'existing native sidecar', object: pod('sidecar', { initContainers: [c('log-shipper', { restartPolicy: 'Always' })], containers: [c('app')] }) },
  { name: 'ephemeral debug container (left alone)', object: pod('ephemeral', { containers: [c('app')], ephemeralContainers: [c('debug', { targetContainerName: 'app' })] }) },
  { name: 'pod with volumes and mounts', object: pod('volumes', { volumes: [{ name: 'cache', emptyDir: {} }], containers: [c('app', { volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })] }) },
  {
    name: 'resources in every state (none, limits only, requests above defaults)',
    object: pod('resources', {
      containers: [c('none'), c('limits-only', { resources: { limits: { cpu: '1' } } }), c('big', { resources: { requests: { cpu: '4', memory: '8Gi' } } })],
    }),
  },
  { name: 'fully resourced pod', object: pod('resourced', { containers: [c('app', { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } } })] }) },
  { name: 'HardenedPod output (compliant)', object: hardenedPod() },
];

/** Workloads: the presets harden their pod templates. */
export const DEPLOYMENTS: Sample[] = [
  { name: 'bare Deployment', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'api' } }, template: template({ containers: [c('api')] }) } } },
  {
    name: 'Deployment with init containers and partial securityContext',
    object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api2', namespace: 'shop', labels: { app: 'api' } }, spec: { replicas: 3, selector: { matchLabels: { app: 'api' } }, template: template({ initContainers: [c('wait')], containers: [c('api', { securityContext: { runAsUser: 10001 } })] }) } },
  },
  { name: 'hardened Deployment (WorkloadHardening, compliant)', object: hardenedDeployment() },
];

/** Every sample. */
export const ALL: Sample[] = [...PODS, ...DEPLOYMENTS];

/** The pod spec of a pod or workload. */
export function podSpecOf(o: any): any {
  return o.kind === 'Pod' ? o.spec : o.spec.template.spec;
}
