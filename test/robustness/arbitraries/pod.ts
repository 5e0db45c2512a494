/** Generators for HardenedPod props (plain recipes; `buildPod` turns one into constructs). */
import { Chart } from 'cdk8s';
import fc from 'fast-check';
import {
  AppArmorProfile, CapabilityGrant, ContainerResources, HardenedPod, HardenedPodProps, ImagePullPolicy, NetworkIsolation, OptOut, Probe, Protocol,
  RestartPolicy, RunAs, SeccompProfile, UserNamespace, Volume,
} from '../../../lib';
import { Built, SUBJECT_ID, Subject } from '../harness';
import { dnsLabel, labelMap, nastyMap, nastyNumber, nastyQuantity, nastyReason, nastyString, opt, rarely, validQuantity, validReason } from './common';

type Reason = string;

interface ProbeRecipe { readonly kind: 'http' | 'tcp' | 'exec' | 'grpc'; readonly port: number; readonly path: string; readonly command: string[]; readonly timing: Record<string, number | undefined> }
interface KeyRecipe { name: string; key: string; optional?: boolean }

interface ContainerRecipe {
  readonly image: string;
  readonly name?: string;
  readonly imagePullPolicy?: string;
  readonly command?: string[];
  readonly args?: string[];
  readonly workingDir?: string;
  readonly env?: Array<{ name: string; value?: string; fieldPath?: string; resourceField?: string; configMapKey?: KeyRecipe; secretKey?: KeyRecipe }>;
  readonly envFrom?: Array<{ configMap?: string; secret?: string; prefix?: string; optional?: boolean }>;
  readonly ports?: Array<{ number: number; name?: string; protocol?: string; hostPort?: number }>;
  readonly volumeMounts?: Array<{ volume: string; mountPath: string; readOnly?: boolean; subPath?: string }>;
  readonly resources?: ContainerResources;
  readonly readiness?: ProbeRecipe;
  readonly liveness?: ProbeRecipe;
  readonly startup?: ProbeRecipe;
  readonly capabilities?: { caps: string[]; reason: Reason };
  readonly writablePaths?: string[];
  readonly privileged?: boolean;
}
interface VolumeRecipe { readonly kind: 'emptyDir' | 'configMap' | 'secret' | 'pvc' | 'hostPath'; readonly name: string; readonly ref: string; readonly sizeLimit?: string; readonly memory?: boolean }
export interface PodRecipe {
  readonly containers: ContainerRecipe[];
  readonly initContainers: ContainerRecipe[];
  readonly sidecars?: ContainerRecipe[];
  readonly runAs?: { mode: 'user'; uid: number; gid?: number } | { mode: 'image' | 'root'; reason: Reason };
  readonly hostUsers?: Reason;
  readonly seccomp?: { mode: 'runtime' } | { mode: 'localhost'; path: string; reason?: string } | { mode: 'unconfined'; reason: Reason };
  readonly apparmor?: { mode: 'runtime' } | { mode: 'localhost'; path: string; reason?: string } | { mode: 'unconfined'; reason: Reason };
  readonly writablePaths?: string[];
  readonly writablePathSizeLimit?: string;
  readonly defaultResources?: ContainerResources;
  readonly addCapabilities?: { caps: string[]; reason: Reason };
  readonly optOuts: Partial<Record<'allowPrivileged' | 'allowPrivilegeEscalation' | 'writableRootFilesystem' | 'allowHostPath' | 'allowHostPorts' | 'allowHostNamespaces' | 'mountServiceAccountToken', Reason>>;
  readonly volumes: VolumeRecipe[];
  readonly serviceAccountName?: string;
  readonly noIsolation?: Reason;
  readonly restartPolicy?: string;
  readonly scheduling?: {
    nodeSelector?: Record<string, string>;
    tolerations?: Array<{ key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }>;
    imagePullSecrets?: string[];
    priorityClassName?: string;
    terminationGracePeriodSeconds?: number;
  };
  readonly host: { network?: boolean; pid?: boolean; ipc?: boolean };
  readonly metadata?: { namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly late: ContainerRecipe[];
}

const DIGEST = `sha256:${'a1'.repeat(32)}`;
const validImage = fc.constantFrom('nginx:1.27', `registry.example/app:1.0.0@${DIGEST}`, 'ghcr.io/org/tool:v2', 'busybox:1.36');

function resourcesArb(q: fc.Arbitrary<string>): fc.Arbitrary<ContainerResources> {
  return fc.record({
    cpuRequest: opt(q), cpuLimit: opt(q), memoryRequest: opt(q), memoryLimit: opt(q), ephemeralStorageRequest: opt(q), ephemeralStorageLimit: opt(q),
  }, { requiredKeys: [] });
}

// ---- valid -------------------------------------------------------------------------------

const validResources: fc.Arbitrary<ContainerResources> = fc.constantFrom<ContainerResources>(
  {}, { cpuRequest: '100m', cpuLimit: '1' }, { memoryRequest: '128Mi', memoryLimit: '256Mi' }, { ephemeralStorageRequest: '64Mi', ephemeralStorageLimit: '1Gi' },
);

const validProbe: fc.Arbitrary<ProbeRecipe> = fc.record({
  kind: fc.constantFrom('http', 'tcp', 'exec', 'grpc'),
  port: fc.integer({ min: 1, max: 65535 }),
  path: fc.constantFrom('/healthz', '/ready', '/'),
  command: fc.constant(['/bin/true']),
  timing: fc.record({
    initialDelaySeconds: opt(fc.integer({ min: 0, max: 60 })),
    periodSeconds: opt(fc.integer({ min: 1, max: 60 })),
    timeoutSeconds: opt(fc.integer({ min: 1, max: 10 })),
    failureThreshold: opt(fc.integer({ min: 1, max: 10 })),
  }),
}) as fc.Arbitrary<ProbeRecipe>;

function validContainer(volumes: string[]): fc.Arbitrary<ContainerRecipe> {
  return fc.record({
    image: validImage,
    imagePullPolicy: opt(fc.constantFrom(...Object.values(ImagePullPolicy))),
    command: opt(fc.array(dnsLabel(8), { minLength: 1, maxLength: 3 })),
    args: opt(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 })),
    workingDir: opt(fc.constantFrom('/app', '/srv/data')),
    env: opt(fc.uniqueArray(fc.oneof(
      fc.record({ name: fc.constantFrom('A', 'B_1', 'PATH', 'LOG_LEVEL', 'x'), value: fc.string({ maxLength: 10 }) }),
      fc.record({ name: fc.constantFrom('A', 'B_1', 'LOG_LEVEL'), configMapKey: fc.record({ name: dnsLabel(8), key: fc.constantFrom('level', 'app.conf', 'A_B'), optional: opt(fc.boolean()) }, { requiredKeys: ['name', 'key'] }) }),
      fc.record({ name: fc.constantFrom('MEM', 'CPU'), resourceField: fc.constantFrom('limits.memory', 'requests.cpu', 'limits.ephemeral-storage') }),
    ), { selector: (e) => e.name, maxLength: 3 })),
    envFrom: opt(fc.array(fc.record({ configMap: dnsLabel(8), prefix: opt(fc.constantFrom('APP_', 'X')), optional: opt(fc.boolean()) }, { requiredKeys: ['configMap'] }), { maxLength: 2 })),
    ports: opt(fc.uniqueArray(fc.record({ number: fc.integer({ min: 1, max: 65535 }), protocol: opt(fc.constantFrom(...Object.values(Protocol))) }), { selector: (p) => `${p.number}/${p.protocol ?? 'TCP'}`, maxLength: 3 })),
    volumeMounts: volumes.length ? opt(fc.subarray(volumes, { minLength: 1 }).map((vs) => vs.map((v) => ({ volume: v, mountPath: `/mnt/${v}`, readOnly: true })))) : fc.constant(undefined),
    resources: opt(validResources),
    readiness: opt(validProbe),
    liveness: opt(validProbe),
    startup: opt(validProbe),
    capabilities: opt(fc.record({ caps: fc.constant(['NET_BIND_SERVICE']), reason: validReason })),
    writablePaths: opt(fc.constantFrom(['/var/cache/nginx'], ['/var/run', '/run/app'])),
  }, { requiredKeys: ['image'] });
}

const validVolumes: fc.Arbitrary<VolumeRecipe[]> = fc.uniqueArray(fc.record({
  kind: fc.constantFrom('emptyDir', 'configMap', 'secret', 'pvc'),
  name: dnsLabel(10).map((n) => `v-${n}`),
  ref: dnsLabel(20),
  sizeLimit: opt(validQuantity),
  memory: opt(fc.boolean()),
}, { requiredKeys: ['kind', 'name', 'ref'] }) as fc.Arbitrary<VolumeRecipe>, { selector: (v) => v.name, maxLength: 3 });

export const validPod: fc.Arbitrary<PodRecipe> = validVolumes.chain((volumes) => fc.record({
  containers: fc.array(validContainer(volumes.map((v) => v.name)), { minLength: 1, maxLength: 3 }),
  // init containers run to completion: the API server refuses probes on them (sidecars may have them)
  initContainers: fc.array(
    validContainer(volumes.map((v) => v.name)).map(({ readiness: _r, liveness: _l, startup: _s, ...c }) => c),
    { maxLength: 1 },
  ),
  sidecars: opt(fc.array(validContainer([]), { minLength: 1, maxLength: 1 })),
  runAs: opt(fc.oneof(
    fc.record({ mode: fc.constant('user' as const), uid: fc.integer({ min: 10001, max: 2147483647 }), gid: opt(fc.integer({ min: 10001, max: 2147483647 })) }, { requiredKeys: ['mode', 'uid'] }),
    fc.record({ mode: fc.constantFrom('image' as const, 'root' as const), reason: validReason }),
  )),
  seccomp: opt(fc.constantFrom({ mode: 'runtime' as const }, { mode: 'localhost' as const, path: 'profiles/app.json', reason: 'audited profile' })),
  apparmor: opt(fc.constantFrom({ mode: 'runtime' as const }, { mode: 'localhost' as const, path: 'k8s-custom', reason: 'audited profile' })),
  writablePaths: opt(fc.constantFrom(['/tmp'], ['/tmp', '/var/tmp'])),
  writablePathSizeLimit: opt(validQuantity),
  defaultResources: opt(validResources),
  optOuts: fc.record({
    writableRootFilesystem: opt(validReason), allowPrivilegeEscalation: opt(validReason), mountServiceAccountToken: opt(validReason),
  }, { requiredKeys: [] }),
  volumes: fc.constant(volumes),
  serviceAccountName: opt(dnsLabel(20)),
  noIsolation: opt(validReason),
  restartPolicy: opt(fc.constantFrom(...Object.values(RestartPolicy))),
  scheduling: opt(fc.record({
    nodeSelector: opt(labelMap()),
    tolerations: opt(fc.array(fc.oneof(
      fc.record({ key: fc.constantFrom('nvidia.com/gpu', 'dedicated'), operator: fc.constant('Exists'), effect: opt(fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute')) }, { requiredKeys: ['key', 'operator'] }),
      fc.record({ key: fc.constant('dedicated'), value: dnsLabel(8), effect: fc.constant('NoExecute'), tolerationSeconds: fc.integer({ min: 0, max: 3600 }) }),
    ), { maxLength: 2 })),
    imagePullSecrets: opt(fc.array(dnsLabel(12), { minLength: 1, maxLength: 2 })),
    priorityClassName: opt(dnsLabel(12)),
    terminationGracePeriodSeconds: opt(fc.integer({ min: 0, max: 600 })),
  }, { requiredKeys: [] })),
  host: fc.constant({}),
  metadata: opt(fc.record({ namespace: opt(dnsLabel(12)), labels: opt(labelMap()), annotations: opt(labelMap()) }, { requiredKeys: [] })),
  late: fc.array(validContainer([]), { maxLength: 1 }),
}, { requiredKeys: ['containers', 'initContainers', 'optOuts', 'volumes', 'host', 'late'] })) as fc.Arbitrary<PodRecipe>;

// ---- nasty -------------------------------------------------------------------------------

const nastyProbe: fc.Arbitrary<ProbeRecipe> = fc.record({
  kind: fc.constantFrom('http', 'tcp', 'exec', 'grpc'),
  port: nastyNumber,
  path: nastyString,
  command: fc.array(nastyString, { maxLength: 2 }),
  timing: fc.record({
    initialDelaySeconds: opt(nastyNumber),
    periodSeconds: opt(nastyNumber),
    timeoutSeconds: opt(nastyNumber),
    failureThreshold: opt(nastyNumber),
    successThreshold: opt(nastyNumber),
  }),
}) as fc.Arbitrary<ProbeRecipe>;

const nastyContainer: fc.Arbitrary<ContainerRecipe> = fc.record({
  image: fc.oneof({ weight: 6, arbitrary: validImage }, nastyString, fc.constantFrom('nginx', 'nginx:latest', 'NGINX:1', 'a@sha256:xyz', ':1', 'x:')),
  name: rarely(nastyString),
  imagePullPolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(ImagePullPolicy)), nastyString)),
  command: rarely(fc.array(nastyString, { maxLength: 3 })),
  args: rarely(fc.array(nastyString, { maxLength: 3 })),
  workingDir: rarely(nastyString),
  env: rarely(fc.array(fc.record({
    name: nastyString,
    value: opt(nastyString),
    fieldPath: opt(fc.oneof(nastyString, fc.constantFrom('metadata.name', 'status.podIP', 'spec.nodeName', 'metadata.labels'))),
    resourceField: rarely(fc.oneof(nastyString, fc.constantFrom('limits.memory', 'limits.gpu'))),
    configMapKey: rarely(fc.record({ name: nastyString, key: nastyString, optional: opt(fc.boolean()) }, { requiredKeys: ['name', 'key'] })),
    secretKey: rarely(fc.record({ name: nastyString, key: nastyString }, { requiredKeys: ['name', 'key'] })),
  }, { requiredKeys: ['name'] }), { maxLength: 3 })),
  envFrom: rarely(fc.array(
    fc.record({ configMap: opt(nastyString), secret: opt(nastyString), prefix: opt(nastyString), optional: opt(fc.boolean()) }),
    { maxLength: 2 },
  )),
  ports: rarely(fc.array(fc.record({ number: nastyNumber, name: opt(nastyString), protocol: opt(fc.oneof(fc.constantFrom(...Object.values(Protocol)), nastyString)), hostPort: opt(nastyNumber) }, { requiredKeys: ['number'] }), { maxLength: 3 })),
  volumeMounts: rarely(fc.array(fc.record({ volume: fc.oneof(nastyString, fc.constantFrom('v-a', 'v-b')), mountPath: fc.oneof(nastyString, fc.constantFrom('/tmp', '/mnt/a', '/mnt/a/', 'relative', '/mnt/a/../b')), readOnly: opt(fc.boolean()), subPath: opt(nastyString) }, { requiredKeys: ['volume', 'mountPath'] }), { maxLength: 3 })),
  resources: rarely(resourcesArb(nastyQuantity)),
  readiness: rarely(nastyProbe),
  liveness: rarely(nastyProbe),
  startup: rarely(nastyProbe),
  capabilities: rarely(fc.record({ caps: fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom('NET_BIND_SERVICE', 'SYS_ADMIN', 'CHOWN', 'NET_RAW') }, nastyString), { minLength: 1, maxLength: 2 }), reason: nastyReason })),
  writablePaths: rarely(fc.array(fc.oneof(nastyString, fc.constantFrom('/tmp', '/var/run', '/', '/a/../b', '/a/')), { maxLength: 3 })),
  privileged: opt(fc.boolean()),
}, { requiredKeys: ['image'] });

const nastyVolume: fc.Arbitrary<VolumeRecipe> = fc.record({
  kind: fc.constantFrom('emptyDir', 'configMap', 'secret', 'pvc', 'hostPath'),
  name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('v-a', 'v-b', 'tmp') }, nastyString),
  ref: fc.oneof(nastyString, fc.constantFrom('/var/log', '/', 'relative')),
  sizeLimit: opt(fc.oneof({ weight: 4, arbitrary: validQuantity }, nastyQuantity)),
  memory: opt(fc.boolean()),
}, { requiredKeys: ['kind', 'name', 'ref'] }) as fc.Arbitrary<VolumeRecipe>;

const nastyProfile = fc.oneof(
  fc.constant({ mode: 'runtime' as const }),
  fc.record({ mode: fc.constant('localhost' as const), path: nastyString, reason: opt(nastyReason) }, { requiredKeys: ['mode', 'path'] }),
  fc.record({ mode: fc.constant('unconfined' as const), reason: nastyReason }),
);

export const nastyPod: fc.Arbitrary<PodRecipe> = fc.record({
  containers: fc.array(fc.oneof({ weight: 4, arbitrary: validContainer([]) }, nastyContainer), { maxLength: 3 }),
  initContainers: fc.array(fc.oneof({ weight: 3, arbitrary: validContainer([]) }, nastyContainer), { maxLength: 2 }),
  sidecars: rarely(fc.array(fc.oneof(validContainer([]), nastyContainer), { maxLength: 2 })),
  runAs: rarely(fc.oneof(
    fc.record({ mode: fc.constant('user' as const), uid: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 10001, max: 70000 }) }, nastyNumber), gid: opt(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 10001, max: 70000 }) }, nastyNumber)) }, { requiredKeys: ['mode', 'uid'] }),
    fc.record({ mode: fc.constantFrom('image' as const, 'root' as const), reason: nastyReason }),
  )),
  hostUsers: rarely(nastyReason),
  seccomp: rarely(nastyProfile),
  apparmor: rarely(nastyProfile),
  writablePaths: rarely(fc.array(fc.oneof(nastyString, fc.constantFrom('/tmp', '/tmp', '/', '/var/run')), { maxLength: 3 })),
  writablePathSizeLimit: rarely(nastyQuantity),
  defaultResources: rarely(resourcesArb(nastyQuantity)),
  addCapabilities: rarely(fc.record({ caps: fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom('NET_BIND_SERVICE', 'SYS_ADMIN') }, nastyString), { minLength: 1, maxLength: 2 }), reason: nastyReason })),
  optOuts: fc.record({
    allowPrivileged: opt(nastyReason),
    allowPrivilegeEscalation: opt(nastyReason),
    writableRootFilesystem: opt(nastyReason),
    allowHostPath: opt(nastyReason),
    allowHostPorts: opt(nastyReason),
    allowHostNamespaces: opt(nastyReason),
    mountServiceAccountToken: opt(nastyReason),
  }, { requiredKeys: [] }),
  volumes: fc.oneof({ weight: 2, arbitrary: validVolumes }, fc.array(nastyVolume, { maxLength: 3 })),
  serviceAccountName: rarely(nastyString),
  noIsolation: rarely(nastyReason),
  restartPolicy: rarely(fc.oneof(fc.constantFrom(...Object.values(RestartPolicy)), nastyString)),
  scheduling: rarely(fc.record({
    nodeSelector: opt(nastyMap()),
    tolerations: opt(fc.array(fc.record({
      key: opt(nastyString),
      operator: opt(fc.oneof(fc.constantFrom('Equal', 'Exists', 'Gt', ''), nastyString)),
      value: opt(nastyString),
      effect: opt(fc.oneof(fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute', ''), nastyString)),
      tolerationSeconds: opt(nastyNumber),
    }, { requiredKeys: [] }), { maxLength: 2 })),
    imagePullSecrets: opt(fc.array(nastyString, { maxLength: 2 })),
    priorityClassName: opt(nastyString),
    terminationGracePeriodSeconds: opt(nastyNumber),
  }, { requiredKeys: [] })),
  host: fc.record({ network: opt(fc.boolean()), pid: opt(fc.boolean()), ipc: opt(fc.boolean()) }, { requiredKeys: [] }),
  metadata: rarely(fc.record({ namespace: opt(nastyString), labels: opt(nastyMap()), annotations: opt(nastyMap()) }, { requiredKeys: [] })),
  late: fc.array(fc.oneof({ weight: 3, arbitrary: validContainer([]) }, nastyContainer), { maxLength: 1 }),
}, { requiredKeys: ['containers', 'initContainers', 'optOuts', 'volumes', 'host', 'late'] }) as fc.Arbitrary<PodRecipe>;

// ---- build -------------------------------------------------------------------------------

function probe(p: ProbeRecipe | undefined): Probe | undefined {
  if (!p) return undefined;
  if (p.kind === 'http') return Probe.httpGet(p.path, p.port, p.timing);
  if (p.kind === 'tcp') return Probe.tcpSocket(p.port, p.timing);
  if (p.kind === 'grpc') return Probe.grpc(p.port, p.timing);
  return Probe.exec(p.command, p.timing);
}

function profile<T>(p: PodRecipe['seccomp'], cls: { runtimeDefault(): T; localhost(path: string, reason?: string): T; unconfined(o: OptOut): T }): T | undefined {
  if (!p) return undefined;
  if (p.mode === 'runtime') return cls.runtimeDefault();
  if (p.mode === 'localhost') return cls.localhost(p.path, p.reason);
  return cls.unconfined(OptOut.because(p.reason));
}

function container(c: ContainerRecipe): any {
  return {
    ...c,
    imagePullPolicy: c.imagePullPolicy as ImagePullPolicy | undefined,
    ports: c.ports?.map((p) => ({ ...p, protocol: p.protocol as Protocol | undefined })),
    readiness: probe(c.readiness),
    liveness: probe(c.liveness),
    startup: probe(c.startup),
    capabilities: c.capabilities ? CapabilityGrant.of(c.capabilities.caps, OptOut.because(c.capabilities.reason)) : undefined,
  };
}

function volume(v: VolumeRecipe): Volume {
  switch (v.kind) {
    case 'emptyDir': return Volume.emptyDir(v.name, { sizeLimit: v.sizeLimit, memory: v.memory });
    case 'configMap': return Volume.configMap(v.name, v.ref);
    case 'secret': return Volume.secret(v.name, v.ref);
    case 'pvc': return Volume.persistentVolumeClaim(v.name, v.ref, v.memory);
    default: return Volume.hostPath(v.name, v.ref);
  }
}

export function buildPod(r: PodRecipe): Built {
  const o = (x?: Reason) => (x === undefined ? undefined : OptOut.because(x));
  const props = {
    containers: r.containers.map(container),
    initContainers: r.initContainers.map(container),
    sidecars: r.sidecars?.map(container),
    runAs: r.runAs === undefined ? undefined : r.runAs.mode === 'user' ? RunAs.user(r.runAs.uid, r.runAs.gid)
      : r.runAs.mode === 'image' ? RunAs.imageUser(OptOut.because(r.runAs.reason)) : RunAs.rootInUserNamespace(OptOut.because(r.runAs.reason)),
    userNamespace: r.hostUsers === undefined ? undefined : UserNamespace.host(OptOut.because(r.hostUsers)),
    seccompProfile: profile(r.seccomp, SeccompProfile),
    appArmorProfile: profile(r.apparmor, AppArmorProfile),
    writablePaths: r.writablePaths,
    writablePathSizeLimit: r.writablePathSizeLimit,
    defaultResources: r.defaultResources,
    addCapabilities: r.addCapabilities ? CapabilityGrant.of(r.addCapabilities.caps, OptOut.because(r.addCapabilities.reason)) : undefined,
    allowPrivileged: o(r.optOuts.allowPrivileged),
    allowPrivilegeEscalation: o(r.optOuts.allowPrivilegeEscalation),
    writableRootFilesystem: o(r.optOuts.writableRootFilesystem),
    allowHostPath: o(r.optOuts.allowHostPath),
    allowHostPorts: o(r.optOuts.allowHostPorts),
    allowHostNamespaces: o(r.optOuts.allowHostNamespaces),
    mountServiceAccountToken: o(r.optOuts.mountServiceAccountToken),
    volumes: r.volumes.map(volume),
    serviceAccountName: r.serviceAccountName,
    networkIsolation: r.noIsolation === undefined ? undefined : NetworkIsolation.none(OptOut.because(r.noIsolation)),
    restartPolicy: r.restartPolicy as RestartPolicy | undefined,
    ...(r.scheduling as Partial<HardenedPodProps> | undefined),
    hostNetwork: r.host.network,
    hostPid: r.host.pid,
    hostIpc: r.host.ipc,
    metadata: r.metadata,
  };
  const late = r.late.map(container);
  return {
    construct: (chart: Chart) => {
      const pod = new HardenedPod(chart, SUBJECT_ID, props);
      for (const c of late) pod.addContainer(c);
    },
  };
}

export const POD: Subject<PodRecipe> = { name: 'HardenedPod', valid: validPod, nasty: nastyPod, build: buildPod };
