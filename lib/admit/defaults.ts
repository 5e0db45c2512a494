/**
 * The API server's defaulting for the kinds this library knows, so that `admit` prints what
 * the cluster stores. The request body is defaulted when it is decoded (before admission)
 * and the mutating dispatcher runs the object defaulter again after every patch
 * (apiserver@v0.36.0 pkg/admission/plugin/policy/mutating/dispatcher.go `dispatchOne`:
 * `o.GetObjectDefaulter().Default(newVersionedObject)`).
 *
 * Ported from kubernetes v1.36:
 *   - pkg/apis/core/v1/defaults.go: SetDefaults_Pod, SetDefaults_PodSpec, SetDefaults_Container,
 *     SetDefaults_EphemeralContainer, SetDefaults_Probe, SetDefaults_HTTPGetAction,
 *     SetDefaults_Volume, SetDefaults_SecretVolumeSource, SetDefaults_ConfigMapVolumeSource,
 *     SetDefaults_DownwardAPIVolumeSource, SetDefaults_ProjectedVolumeSource,
 *     SetDefaults_ServiceAccountTokenProjection, SetDefaults_HostPathVolumeSource,
 *     SetDefaults_ObjectFieldSelector, SetDefaults_Service, SetDefaults_Secret,
 *     SetDefaults_ConfigMap, SetDefaults_Namespace, SetDefaults_PersistentVolumeClaimSpec,
 *     SetDefaults_ReplicationController;
 *   - the declarative `+default` markers of k8s.io/api core/v1 types.go applied by
 *     zz_generated.defaults.go: ContainerPort.protocol and ServicePort.protocol "TCP",
 *     ReplicationControllerSpec.replicas 1 (documented as "Defaults to ..." in the 1.36 schema);
 *   - pkg/apis/apps/v1/defaults.go: SetDefaults_Deployment, SetDefaults_DaemonSet,
 *     SetDefaults_StatefulSet (StatefulSetAutoDeletePVC is GA), SetDefaults_ReplicaSet;
 *   - pkg/apis/batch/v1/defaults.go: SetDefaults_Job (backoffLimit 6, or 2147483647 with
 *     backoffLimitPerIndex; podReplacementPolicy Failed with a podFailurePolicy, else
 *     TerminatingOrFailed — the 1.36 JobSpec field documentation), SetDefaults_CronJob.
 * The generated defaulters call the PodSpec, Container, Probe and Volume functions for every
 * pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PodTemplate,
 * ReplicationController); SetDefaults_Pod itself runs for Pods only.
 *
 * Not ported: ResourceList rounding to milli-units (quantities are kept as written),
 * pod-level resource defaulting (PodLevelResources), Service IP family fields (set by the
 * registry, not the defaulter).
 */

import { cloneJson } from './json-patch';

type Obj = Record<string, any>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function objects(x: unknown): Obj[] {
  return Array.isArray(x) ? x.filter(isObj) : [];
}

/** parsers.ParseImageName's tag: `latest` when the reference has neither tag nor digest. */
function imageTag(image: unknown): string {
  if (typeof image !== 'string' || image === '') return '';
  if (image.includes('@')) return '';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  return colon >= 0 ? last.slice(colon + 1) : 'latest';
}

/** SetDefaults_Probe + SetDefaults_HTTPGetAction. */
function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  p.timeoutSeconds ||= 1;
  p.periodSeconds ||= 10;
  p.successThreshold ||= 1;
  p.failureThreshold ||= 3;
  defaultHandler(p);
}

function defaultHandler(h: unknown): void {
  if (!isObj(h) || !isObj(h.httpGet)) return;
  h.httpGet.path ||= '/';
  h.httpGet.scheme ||= 'HTTP';
}

/** SetDefaults_ObjectFieldSelector on env[].valueFrom.fieldRef. */
function defaultEnv(env: unknown): void {
  for (const e of objects(env)) {
    const fr = e.valueFrom?.fieldRef;
    if (isObj(fr)) fr.apiVersion ||= 'v1';
  }
}

/** SetDefaults_Container (and EphemeralContainer), ports, probes, lifecycle handlers. */
function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent';
  c.terminationMessagePath ||= '/dev/termination-log';
  c.terminationMessagePolicy ||= 'File';
  for (const p of objects(c.ports)) p.protocol ||= 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (isObj(c.lifecycle)) {
    defaultHandler(c.lifecycle.postStart);
    defaultHandler(c.lifecycle.preStop);
  }
  defaultEnv(c.env);
}

/** SetDefaults_Volume and the volume source defaults (modes 0644 = 420). */
function defaultVolume(v: Obj): void {
  const sources = Object.keys(v).filter((k) => k !== 'name' && v[k] !== null && v[k] !== undefined);
  if (sources.length === 0) v.emptyDir = {};
  if (isObj(v.secret) && v.secret.defaultMode === undefined) v.secret.defaultMode = 420;
  if (isObj(v.configMap) && v.configMap.defaultMode === undefined) v.configMap.defaultMode = 420;
  if (isObj(v.downwardAPI)) {
    if (v.downwardAPI.defaultMode === undefined) v.downwardAPI.defaultMode = 420;
    for (const i of objects(v.downwardAPI.items)) if (isObj(i.fieldRef)) i.fieldRef.apiVersion ||= 'v1';
  }
  if (isObj(v.projected)) {
    if (v.projected.defaultMode === undefined) v.projected.defaultMode = 420;
    for (const s of objects(v.projected.sources)) {
      if (isObj(s.serviceAccountToken) && s.serviceAccountToken.expirationSeconds === undefined) s.serviceAccountToken.expirationSeconds = 3600;
      if (isObj(s.downwardAPI)) for (const i of objects(s.downwardAPI.items)) if (isObj(i.fieldRef)) i.fieldRef.apiVersion ||= 'v1';
    }
  }
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.image) && !v.image.pullPolicy) v.image.pullPolicy = imageTag(v.image.reference) === 'latest' ? 'Always' : 'IfNotPresent';
  if (isObj(v.ephemeral?.volumeClaimTemplate?.spec)) defaultPvcSpec(v.ephemeral.volumeClaimTemplate.spec);
}

function defaultPvcSpec(s: Obj): void {
  s.volumeMode ||= 'Filesystem';
}

/**
 * Nodes already defaulted (by identity). The engine's objects change copy-on-write (a JSON
 * patch or a merge copies every container on the path to a change), so a node seen here is
 * unchanged and is not copied or defaulted again: defaulting after every mutation costs only
 * the parts the mutation touched.
 */
const DEFAULTED = new WeakSet<object>();
const DEFAULTED_POD_CONTAINER = new WeakSet<object>();

/** SetDefaults_Pod's per-container part: requests default to limits (Pods only). */
function defaultRequestsFromLimits(c: Obj): void {
  const lim = c.resources?.limits;
  if (!isObj(lim)) return;
  if (!isObj(c.resources.requests)) c.resources.requests = {};
  for (const k of Object.keys(lim)) if (!Object.prototype.hasOwnProperty.call(c.resources.requests, k)) c.resources.requests[k] = lim[k];
}

function probeComplete(p: unknown): boolean {
  return !isObj(p) || (!!p.timeoutSeconds && !!p.periodSeconds && !!p.successThreshold && !!p.failureThreshold && handlerComplete(p));
}

function handlerComplete(h: unknown): boolean {
  return !isObj(h) || !isObj(h.httpGet) || (!!h.httpGet.path && !!h.httpGet.scheme);
}

/** Whether defaulting would leave the container unchanged (checked without copying it). */
function containerComplete(c: Obj, pod: boolean, hostNetwork: boolean): boolean {
  if (!c.imagePullPolicy || !c.terminationMessagePath || !c.terminationMessagePolicy) return false;
  for (const p of objects(c.ports)) if (!p.protocol || (pod && hostNetwork && !p.hostPort)) return false;
  if (!probeComplete(c.livenessProbe) || !probeComplete(c.readinessProbe) || !probeComplete(c.startupProbe)) return false;
  if (isObj(c.lifecycle) && (!handlerComplete(c.lifecycle.postStart) || !handlerComplete(c.lifecycle.preStop))) return false;
  for (const e of objects(c.env)) if (isObj(e.valueFrom?.fieldRef) && !e.valueFrom.fieldRef.apiVersion) return false;
  if (pod && isObj(c.resources?.limits)) {
    const req = c.resources.requests;
    if (!isObj(req)) return false;
    for (const k of Object.keys(c.resources.limits)) if (!Object.prototype.hasOwnProperty.call(req, k)) return false;
  }
  return true;
}

/** A defaulted copy of each container that needs it (the same object when it is done). */
function defaultedContainers(list: unknown, pod: boolean, hostNetwork: boolean): unknown {
  if (!Array.isArray(list)) return list;
  const seen = pod ? DEFAULTED_POD_CONTAINER : DEFAULTED;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (!isObj(c) || seen.has(c)) continue;
    if (containerComplete(c, pod, hostNetwork)) {
      seen.add(c);
      continue;
    }
    const d = cloneJson(c);
    defaultContainer(d);
    if (pod) {
      defaultRequestsFromLimits(d);
      if (hostNetwork) for (const p of objects(d.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
    seen.add(d);
    (out ??= list.slice())[i] = d;
  }
  return out ?? list;
}

function defaultedVolumes(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  let out: unknown[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isObj(v) || DEFAULTED.has(v)) continue;
    const d = cloneJson(v);
    defaultVolume(d);
    DEFAULTED.add(d);
    (out ??= list.slice())[i] = d;
  }
  return out ?? list;
}

/** SetDefaults_PodSpec and everything the generated defaulter reaches below it (a copy when anything changes). */
function defaultedPodSpec(spec: unknown, pod = false): unknown {
  if (!isObj(spec) || (!pod && DEFAULTED.has(spec)) || (pod && DEFAULTED_POD_CONTAINER.has(spec))) return spec;
  const done = pod ? DEFAULTED_POD_CONTAINER : DEFAULTED;
  const hn = spec.hostNetwork === true;
  const listDone = (l: unknown, p: boolean) => !Array.isArray(l)
    || l.every((c) => !isObj(c) || (p ? DEFAULTED_POD_CONTAINER : DEFAULTED).has(c) || containerComplete(c, p, hn));
  const links = !pod || (spec.enableServiceLinks !== undefined && spec.enableServiceLinks !== null);
  if (links && spec.dnsPolicy && spec.restartPolicy && isObj(spec.securityContext)
    && spec.terminationGracePeriodSeconds !== undefined && spec.terminationGracePeriodSeconds !== null && spec.schedulerName
    && listDone(spec.initContainers, pod) && listDone(spec.containers, pod) && listDone(spec.ephemeralContainers, false)
    && (!Array.isArray(spec.volumes) || spec.volumes.every((v) => !isObj(v) || DEFAULTED.has(v)))) {
    done.add(spec);
    return spec;
  }
  const s: Obj = { ...spec };
  if (pod && (s.enableServiceLinks === undefined || s.enableServiceLinks === null)) s.enableServiceLinks = true;
  s.dnsPolicy ||= 'ClusterFirst';
  s.restartPolicy ||= 'Always';
  if (s.securityContext === undefined || s.securityContext === null) s.securityContext = {};
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) s.terminationGracePeriodSeconds = 30;
  s.schedulerName ||= 'default-scheduler';
  const hostNetwork = s.hostNetwork === true;
  if (s.initContainers !== undefined) s.initContainers = defaultedContainers(s.initContainers, pod, hostNetwork);
  if (s.containers !== undefined) s.containers = defaultedContainers(s.containers, pod, hostNetwork);
  if (s.ephemeralContainers !== undefined) s.ephemeralContainers = defaultedContainers(s.ephemeralContainers, false, false);
  if (s.volumes !== undefined) s.volumes = defaultedVolumes(s.volumes);
  (pod ? DEFAULTED_POD_CONTAINER : DEFAULTED).add(s);
  return s;
}

/** In place on an owned copy: the template's spec is replaced by its defaulted copy. */
function defaultTemplate(t: unknown): void {
  if (isObj(t) && t.spec !== undefined) t.spec = defaultedPodSpec(t.spec);
}

/** SetDefaults_Pod (requests from limits, enableServiceLinks, host-network ports) with SetDefaults_PodSpec. */
function defaultPod(o: Obj): void {
  if (isObj(o.spec)) o.spec = defaultedPodSpec(o.spec, true);
}

function setIfUnset(o: Obj, k: string, v: unknown): void {
  if (o[k] === undefined || o[k] === null) o[k] = v;
}

function defaultDeployment(o: Obj): void {
  const s = o.spec;
  if (!isObj(s)) return;
  setIfUnset(s, 'replicas', 1);
  if (!isObj(s.strategy)) s.strategy = {};
  s.strategy.type ||= 'RollingUpdate';
  if (s.strategy.type === 'RollingUpdate') {
    if (!isObj(s.strategy.rollingUpdate)) s.strategy.rollingUpdate = {};
    setIfUnset(s.strategy.rollingUpdate, 'maxUnavailable', '25%');
    setIfUnset(s.strategy.rollingUpdate, 'maxSurge', '25%');
  }
  setIfUnset(s, 'revisionHistoryLimit', 10);
  setIfUnset(s, 'progressDeadlineSeconds', 600);
  defaultTemplate(s.template);
}

function defaultDaemonSet(o: Obj): void {
  const s = o.spec;
  if (!isObj(s)) return;
  if (!isObj(s.updateStrategy)) s.updateStrategy = {};
  s.updateStrategy.type ||= 'RollingUpdate';
  if (s.updateStrategy.type === 'RollingUpdate') {
    if (!isObj(s.updateStrategy.rollingUpdate)) s.updateStrategy.rollingUpdate = {};
    setIfUnset(s.updateStrategy.rollingUpdate, 'maxUnavailable', 1);
    setIfUnset(s.updateStrategy.rollingUpdate, 'maxSurge', 0);
  }
  setIfUnset(s, 'revisionHistoryLimit', 10);
  defaultTemplate(s.template);
}

function defaultStatefulSet(o: Obj): void {
  const s = o.spec;
  if (!isObj(s)) return;
  s.podManagementPolicy ||= 'OrderedReady';
  if (!isObj(s.updateStrategy)) s.updateStrategy = {};
  if (!s.updateStrategy.type) {
    s.updateStrategy.type = 'RollingUpdate';
    if (!isObj(s.updateStrategy.rollingUpdate)) s.updateStrategy.rollingUpdate = {};
  }
  if (s.updateStrategy.type === 'RollingUpdate' && isObj(s.updateStrategy.rollingUpdate)) setIfUnset(s.updateStrategy.rollingUpdate, 'partition', 0);
  if (!isObj(s.persistentVolumeClaimRetentionPolicy)) s.persistentVolumeClaimRetentionPolicy = {};
  s.persistentVolumeClaimRetentionPolicy.whenDeleted ||= 'Retain';
  s.persistentVolumeClaimRetentionPolicy.whenScaled ||= 'Retain';
  setIfUnset(s, 'replicas', 1);
  setIfUnset(s, 'revisionHistoryLimit', 10);
  defaultTemplate(s.template);
  for (const t of objects(s.volumeClaimTemplates)) if (isObj(t.spec)) defaultPvcSpec(t.spec);
}

function defaultJobSpec(s: unknown, owner?: Obj): void {
  if (!isObj(s)) return;
  if ((s.completions === undefined || s.completions === null) && (s.parallelism === undefined || s.parallelism === null)) {
    s.completions = 1;
    s.parallelism = 1;
  }
  setIfUnset(s, 'parallelism', 1);
  if (s.backoffLimit === undefined || s.backoffLimit === null) {
    s.backoffLimit = s.backoffLimitPerIndex !== undefined && s.backoffLimitPerIndex !== null ? 2147483647 : 6;
  }
  if (owner && isObj(s.template?.metadata?.labels) && (!isObj(owner.metadata?.labels) || Object.keys(owner.metadata.labels).length === 0)) {
    owner.metadata = { ...(owner.metadata ?? {}), labels: { ...s.template.metadata.labels } };
  }
  setIfUnset(s, 'completionMode', 'NonIndexed');
  setIfUnset(s, 'suspend', false);
  setIfUnset(s, 'podReplacementPolicy', isObj(s.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  defaultTemplate(s.template);
}

function defaultCronJob(o: Obj): void {
  const s = o.spec;
  if (!isObj(s)) return;
  s.concurrencyPolicy ||= 'Allow';
  setIfUnset(s, 'suspend', false);
  setIfUnset(s, 'successfulJobsHistoryLimit', 3);
  setIfUnset(s, 'failedJobsHistoryLimit', 1);
  // The generated defaulter reaches the job template's pod template, not SetDefaults_Job.
  if (isObj(s.jobTemplate)) defaultTemplate(s.jobTemplate.spec?.template);
}

function defaultService(o: Obj): void {
  const s = o.spec;
  if (!isObj(s)) return;
  s.sessionAffinity ||= 'None';
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP' && !(isObj(s.sessionAffinityConfig?.clientIP) && s.sessionAffinityConfig.clientIP.timeoutSeconds != null)) {
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  s.type ||= 'ClusterIP';
  for (const p of objects(s.ports)) {
    p.protocol ||= 'TCP';
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  const external = s.type === 'LoadBalancer' || s.type === 'NodePort' || (Array.isArray(s.externalIPs) && s.externalIPs.length > 0);
  if (external && !s.externalTrafficPolicy) s.externalTrafficPolicy = 'Cluster';
  if ((s.internalTrafficPolicy === undefined || s.internalTrafficPolicy === null) && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(s.type)) s.internalTrafficPolicy = 'Cluster';
  if (s.type === 'LoadBalancer') setIfUnset(s, 'allocateLoadBalancerNodePorts', true);
}

const BY_KIND: Record<string, (o: Obj) => void> = {
  'v1/Pod': defaultPod,
  'v1/PodTemplate': (o) => defaultTemplate(o.template),
  'v1/ReplicationController': (o) => {
    const s = o.spec;
    if (!isObj(s)) return;
    const labels = s.template?.metadata?.labels;
    if (isObj(labels)) {
      if (!isObj(s.selector) || Object.keys(s.selector).length === 0) s.selector = { ...labels };
      if (!isObj(o.metadata?.labels) || Object.keys(o.metadata.labels).length === 0) o.metadata = { ...(o.metadata ?? {}), labels: { ...labels } };
    }
    setIfUnset(s, 'replicas', 1);
    defaultTemplate(s.template);
  },
  'v1/Service': defaultService,
  'v1/Secret': (o) => { o.type ||= 'Opaque'; },
  'v1/ConfigMap': (o) => { if (!isObj(o.data)) o.data = {}; },
  'v1/Namespace': (o) => {
    const name = o.metadata?.name;
    if (typeof name === 'string' && name.length > 0) {
      if (!isObj(o.metadata.labels)) o.metadata.labels = {};
      o.metadata.labels['kubernetes.io/metadata.name'] = name;
    }
  },
  'v1/PersistentVolumeClaim': (o) => { if (isObj(o.spec)) defaultPvcSpec(o.spec); },
  'apps/v1/Deployment': defaultDeployment,
  'apps/v1/DaemonSet': defaultDaemonSet,
  'apps/v1/StatefulSet': defaultStatefulSet,
  'apps/v1/ReplicaSet': (o) => {
    if (!isObj(o.spec)) return;
    setIfUnset(o.spec, 'replicas', 1);
    defaultTemplate(o.spec.template);
  },
  'batch/v1/Job': (o) => defaultJobSpec(o.spec, o),
  'batch/v1/CronJob': defaultCronJob,
};

/** Whether {@link applyDefaults} knows the kind of `obj`. */
export function hasDefaults(obj: unknown): boolean {
  return isObj(obj) && Object.prototype.hasOwnProperty.call(BY_KIND, `${obj.apiVersion}/${obj.kind}`);
}

/** A copy of `obj` with the API server's defaults applied (`obj` itself when the kind has none). */
export function applyDefaults<T>(obj: T): T {
  if (!isObj(obj)) return obj;
  const f = BY_KIND[`${obj.apiVersion}/${obj.kind}`];
  if (!f || !Object.prototype.hasOwnProperty.call(BY_KIND, `${obj.apiVersion}/${obj.kind}`)) return obj;
  // A Pod is copied only along the paths defaulting changes; other kinds are small.
  if (f === defaultPod) {
    const spec = defaultedPodSpec(obj.spec, true);
    return (spec === obj.spec ? obj : { ...obj, spec }) as T;
  }
  const copy = cloneJson(obj) as Obj;
  f(copy);
  return copy as T;
}
