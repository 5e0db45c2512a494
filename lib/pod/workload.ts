import { ApiObject } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { checkHardeningInputs, hardenPodSpec, isWritablePath, recheckHardening, resolveHardening } from './harden';
import { ADDRESS_LABEL, PodIsolation } from './isolation';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkQuantity } from '../base/validators';
import { podSpecsOf } from '../check/pod-spec';
import { OPT_OUT_PREFIX, PSS_LEVEL_ANNOTATION, podSecurityLevelOf, unexplainedPodSecurityViolations } from '../check/pss';
import { checkObject } from '../check/registry';
import { ProfileSetting } from '../profile/profile';
import { failing, podLockViolations, podSpecProfileViolations, profileFor, withPodDefaults } from '../profile/resolve';
import { cdk8sPlus } from '../render/cdk8s-plus';
import { renderHooks } from '../render/render-hooks';
import { HardeningOptions } from '../values/harden-options';
import { NetworkIsolation } from '../values/pod';

/** Access modes of a PersistentVolumeClaim. */
export enum ClaimAccessMode {
  /** Mounted read-write by one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Mounted read-write by one pod. */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
  /** Mounted read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Mounted read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
}

/** Where a volume claim template is mounted. */
export interface VolumeClaimMount {
  /** Absolute path inside the container. */
  readonly mountPath: string;
  /**
   * Name of the container to mount it in.
   * @default - every app container
   */
  readonly container?: string;
  /**
   * Mount only this sub-path of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A StatefulSet `volumeClaimTemplates` entry: every pod gets its own PersistentVolumeClaim
 * `<name>-<statefulset>-<ordinal>`, mounted as the volume `<name>`.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#volume-claim-templates
 */
export interface VolumeClaimTemplate {
  /** Name of the claim template and of the pod volume (DNS-1123 label). */
  readonly name: string;
  /** Requested size, a Kubernetes quantity such as `10Gi`. */
  readonly storage: string;
  /**
   * Access modes.
   * @default [ClaimAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: ClaimAccessMode[];
  /**
   * StorageClass of the claims.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Where the volume is mounted.
   * @default - not mounted (mount it yourself)
   */
  readonly mounts?: VolumeClaimMount[];
}

/** Options of {@link WorkloadHardening.apply}. */
export interface WorkloadHardeningOptions extends HardeningOptions {
  /**
   * Network isolation of the workload's pods.
   * @default NetworkIsolation.defaultDeny()
   */
  readonly networkIsolation?: NetworkIsolation;
  /**
   * Volume claim templates of a StatefulSet (cdk8s-plus has no prop for them), with their
   * mounts; mounts of these volumes are checked against them. Refused on other kinds.
   * @default - none
   */
  readonly volumeClaimTemplates?: VolumeClaimTemplate[];
}

/**
 * The HardenedPod hardening applied to a cdk8s-plus workload (Deployment, StatefulSet,
 * DaemonSet, Job, CronJob, or Pod), by the same implementation: at synth the pod template
 * the workload renders is hardened (missing values written, weaker ones refused unless
 * opted out), opt-outs are recorded as annotations on the object and its pod template,
 * and the result goes through the schema, pod and Pod Security Standards checks. JSON
 * patches added with `ApiObject.of(workload).addJsonPatch` apply after the hardening.
 * The ServiceAccount stays the workload's own (cdk8s-plus leaves the token unmounted).
 */
export class WorkloadHardening extends Construct {
  /** Hardens `workload`; returns the hardening, whose allowFrom/allowTo open the NetworkPolicy. */
  public static apply(workload: kplus.AbstractPod, options: WorkloadHardeningOptions = {}): WorkloadHardening {
    return new WorkloadHardening(workload, 'Hardening', options);
  }

  /** True when the workload's pods get a default-deny NetworkPolicy. */
  public readonly isolated: boolean;

  private readonly isolation?: PodIsolation;

  private constructor(workload: kplus.AbstractPod, id: string, options: WorkloadHardeningOptions) {
    super(workload, id);
    const profile = profileFor(workload);
    const resolved = resolveHardening(withPodDefaults(profile, options));
    const inputs = [
      ...checkHardeningInputs(resolved), ...podLockViolations(profile, resolved, workload.metadata.toJson().labels),
      ...claimTemplateInputProblems(workload, options.volumeClaimTemplates ?? []),
    ];
    if (inputs.length) throw new HaruValidationError(workload.node.path, inputs);
    const l1 = ApiObject.of(workload);
    for (const [k, v] of Object.entries(profile.podLabels())) {
      if (workload.metadata.getLabel(k) === undefined) workload.metadata.addLabel(k, v);
      if (workload.podMetadata.getLabel(k) === undefined) workload.podMetadata.addLabel(k, v);
    }
    const isolation = options.networkIsolation ?? NetworkIsolation.defaultDeny();
    this.isolated = isolation._isolated;
    if (isolation._isolated) {
      const labels = (): Record<string, string> => {
        const address = workload.podMetadata.getLabel(ADDRESS_LABEL);
        const out: Record<string, string> = {};
        if (address) out[ADDRESS_LABEL] = address;
        return out;
      };
      this.isolation = new PodIsolation(this, 'NetworkPolicy', labels, workload.metadata.namespace);
    }
    const hooks = renderHooks(l1);
    hooks.transforms.push((json: any) => {
      const pods = podSpecsOf(json);
      if (pods.length === 0) {
        throw new HaruValidationError(workload.node.path, [{ checkId: 'harden/kind', field: 'kind', problem: 'has no pod template to harden', got: JSON.stringify(json.kind), allowed: 'Pod, Deployment, StatefulSet, DaemonSet, Job, CronJob', fix: 'Apply WorkloadHardening to a workload' }]);
      }
      if (workload instanceof cdk8sPlus().StatefulSet) restoreStatefulSetVolumes(json, workload);
      if (options.volumeClaimTemplates?.length) addClaimTemplates(json, options.volumeClaimTemplates);
      const optOuts: Record<string, string> = {};
      if (!isolation._isolated) optOuts['network-isolation'] = isolation._optOut!.reason;
      const violations = [];
      const unwritten = containersWithPlusDefaultResources(workload);
      for (const pod of pods) {
        dropPlusDefaultResources(pod.spec, unwritten);
        const r = hardenPodSpec(pod.spec, pod.path, resolved);
        violations.push(...r.violations, ...podSpecProfileViolations(profile, pod.spec, pod.path));
        Object.assign(optOuts, r.optOuts);
      }
      if (violations.length) throw new HaruValidationError(workload.node.path, violations);
      const level = podSecurityLevelOf(json);
      const annotate = (md: any) => {
        const a: Record<string, string> = { ...md.annotations };
        for (const [k, v] of Object.entries(optOuts)) a[`${OPT_OUT_PREFIX}${k}`] = v;
        if (level !== 'restricted') a[PSS_LEVEL_ANNOTATION] = level;
        if (Object.keys(a).length) md.annotations = a;
      };
      annotate(json.metadata ?? (json.metadata = {}));
      if (json.kind !== 'Pod') {
        const tmplHolder = json.kind === 'CronJob' ? json.spec.jobTemplate.spec.template : json.spec.template;
        annotate(tmplHolder.metadata ?? (tmplHolder.metadata = {}));
      }
      return sortKeys(json);
    });
    hooks.finalChecks.push((final: any) => {
      const rehardened = [
        ...recheckHardening(final, resolved),
        ...podSpecsOf(final).flatMap((pod) => podSpecProfileViolations(profile, pod.spec, pod.path)),
      ];
      const vs = [...rehardened, ...failing(workload, checkObject(final)), ...unexplainedPodSecurityViolations(final, 'restricted'), ...profile.locks(ProfileSetting.POD_LABELS, final.metadata?.labels ?? {}, 'metadata.labels')];
      if (vs.length) throw new HaruValidationError(workload.node.path, vs);
    });
  }

  /** Allows ingress to the workload's pods from `peer` on `ports` (all ports when omitted). */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ports?: kplus.NetworkPolicyPort[]): void {
    this.requireIsolation().allowFrom(peer, ports);
  }

  /** Allows egress from the workload's pods to `peer` on `ports` (all ports when omitted). */
  public allowTo(peer: kplus.INetworkPolicyPeer, ports?: kplus.NetworkPolicyPort[]): void {
    this.requireIsolation().allowTo(peer, ports);
  }

  private requireIsolation(): PodIsolation {
    if (!this.isolation) {
      throw new HaruValidationError(this.node.path, [{ checkId: 'harden/network-isolation', field: 'networkIsolation', problem: 'allow rules need the NetworkPolicy', got: 'NetworkIsolation.none(reason)', allowed: 'NetworkIsolation.defaultDeny()', fix: 'Remove the networkIsolation opt-out, or manage network policies yourself' }]);
    }
    return this.isolation;
  }
}

/**
 * The resources cdk8s-plus-33's Container fills in when its props have none
 * (`defaultResourceSpec` in cdk8s-plus-33 lib/container.js): cpu 1000m/1500m, memory
 * 512Mi/2048Mi (request/limit).
 */
const PLUS_DEFAULT_RESOURCES = { cpu: { requests: '1000m', limits: '1500m' }, memory: { requests: '512Mi', limits: '2048Mi' } } as const;

function quantityText(x: any): string | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x.amount === 'string') return x.amount; // kplus.Cpu
  if (typeof x.toMebibytes === 'function') {
    try {
      return `${x.toMebibytes()}Mi`; // cdk8s Size
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Names of the containers (and init containers) whose resources are exactly the object
 * cdk8s-plus fills in when the user wrote none: their values are replaced by the hardening
 * defaults (the workload's, its profile's, or the library's) instead of being kept as if the
 * user had asked for them. A user who writes exactly these four values keeps nothing of them
 * either; write any other value (or a different ephemeral-storage) to keep your own.
 */
function containersWithPlusDefaultResources(workload: kplus.AbstractPod): Set<string> {
  const out = new Set<string>();
  const all: kplus.Container[] = [...workload.containers, ...workload.initContainers];
  for (const c of all) {
    const r: any = c.resources;
    if (!r || r.ephemeralStorage !== undefined || Object.keys(r).some((k) => k !== 'cpu' && k !== 'memory')) continue;
    const d = PLUS_DEFAULT_RESOURCES;
    if (quantityText(r.cpu?.request) === d.cpu.requests && quantityText(r.cpu?.limit) === d.cpu.limits
      && quantityText(r.memory?.request) === d.memory.requests && quantityText(r.memory?.limit) === d.memory.limits) {
      out.add(c.name);
    }
  }
  return out;
}

/** Removes the cdk8s-plus filled-in cpu/memory values of `names` from the rendered pod spec. */
function dropPlusDefaultResources(spec: any, names: Set<string>): void {
  if (names.size === 0 || !spec) return;
  for (const list of ['containers', 'initContainers']) {
    for (const c of Array.isArray(spec[list]) ? spec[list] : []) {
      if (!c || !names.has(c.name) || typeof c.resources !== 'object' || c.resources === null) continue;
      for (const kind of ['requests', 'limits'] as const) {
        const m = c.resources[kind];
        if (typeof m !== 'object' || m === null) continue;
        for (const res of ['cpu', 'memory'] as const) {
          if (m[res] === PLUS_DEFAULT_RESOURCES[res][kind]) delete m[res];
        }
      }
    }
  }
}

/** Props-only checks of the claim templates: the kind, names, sizes, paths and containers. */
function claimTemplateInputProblems(workload: kplus.AbstractPod, templates: VolumeClaimTemplate[]): Violation[] {
  const out: Violation[] = [];
  if (templates.length === 0) return out;
  if (!(workload instanceof cdk8sPlus().StatefulSet)) {
    out.push({
      checkId: 'harden/volume-claim-template',
      field: 'volumeClaimTemplates',
      problem: 'only a StatefulSet has volume claim templates',
      got: renderValue(workload.constructor.name),
      allowed: 'a kplus.StatefulSet',
      fix: 'Use a StatefulSet, or mount an existing claim with a persistentVolumeClaim volume',
    });
    return out;
  }
  const containers = workload.containers.map((c) => c.name);
  const volumes = new Set(workload.volumes.map((v) => v.name));
  const seen = new Set<string>();
  templates.forEach((t, i) => {
    const f = `volumeClaimTemplates[${i}]`;
    const label = checkDns1123Label(`${f}.name`, t.name);
    if (label) out.push({ ...label, checkId: 'harden/volume-claim-template' });
    if (seen.has(t.name) || volumes.has(t.name)) {
      out.push({ checkId: 'harden/volume-claim-template', field: `${f}.name`, problem: 'must differ from the other claim templates and the pod volumes', got: renderValue(t.name), allowed: 'a new name', fix: 'Rename the template' });
    }
    seen.add(t.name);
    const q = checkQuantity(`${f}.storage`, t.storage, { positive: true });
    if (q) out.push({ ...q, checkId: 'harden/volume-claim-template' });
    (t.mounts ?? []).forEach((m, j) => {
      if (!isWritablePath(m.mountPath)) {
        out.push({ checkId: 'harden/volume-claim-template', field: `${f}.mounts[${j}].mountPath`, problem: 'must be an absolute path other than "/" without parent-directory segments or ":"', got: renderValue(m.mountPath), allowed: 'e.g. /var/lib/postgresql/data', fix: 'Fix the path' });
      }
      if (m.container !== undefined && !containers.includes(m.container)) {
        out.push({ checkId: 'harden/volume-claim-template', field: `${f}.mounts[${j}].container`, problem: 'names no container of the StatefulSet', got: renderValue(m.container), allowed: containers.join(', ') || 'none', fix: 'Add the container first or fix the name' });
      }
    });
  });
  return out;
}

/**
 * cdk8s-plus-33's StatefulSet drops every pod volume when it has no volume claim templates
 * of its own (its `_filterPodSpecVolumes` returns undefined), so a Secret or ConfigMap
 * volume the containers mount is lost and the pod is invalid. Put the volumes back, minus
 * the ones its claim templates replace.
 */
function restoreStatefulSetVolumes(json: any, sts: kplus.StatefulSet): void {
  const spec = json.spec?.template?.spec;
  if (!spec || spec.volumes !== undefined) return;
  const claimNames = new Set((sts.volumeClaimTemplates ?? []).map((t) => t.name));
  const byName = new Map<string, kplus.Volume>();
  for (const c of [...sts.containers, ...sts.initContainers]) for (const m of c.mounts) byName.set(m.volume.name, m.volume);
  for (const v of sts.volumes) byName.set(v.name, v);
  const volumes = [...byName.values()].filter((v) => !claimNames.has(v.name)).map((v) => JSON.parse(JSON.stringify(v._toKube())));
  if (volumes.length) spec.volumes = volumes;
}

/** Writes `spec.volumeClaimTemplates` and the mounts into a rendered StatefulSet. */
function addClaimTemplates(json: any, templates: VolumeClaimTemplate[]): void {
  json.spec.volumeClaimTemplates = [...(json.spec.volumeClaimTemplates ?? []), ...templates.map((t) => {
    const spec: any = { accessModes: [...(t.accessModes ?? [ClaimAccessMode.READ_WRITE_ONCE])], resources: { requests: { storage: t.storage } } };
    if (t.storageClassName !== undefined) spec.storageClassName = t.storageClassName;
    return { metadata: { name: t.name }, spec };
  })];
  const containers: any[] = json.spec.template.spec.containers ?? [];
  for (const t of templates) {
    for (const m of t.mounts ?? []) {
      for (const c of containers) {
        if (m.container !== undefined && c.name !== m.container) continue;
        const mount: any = { name: t.name, mountPath: m.mountPath };
        if (m.subPath !== undefined) mount.subPath = m.subPath;
        if (m.readOnly) mount.readOnly = true;
        c.volumeMounts = [...(c.volumeMounts ?? []), mount];
      }
    }
  }
}

function sortKeys(x: any): any {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x === null || typeof x !== 'object') return x;
  const out: any = {};
  const keys = Object.keys(x).sort();
  for (const k of ['apiVersion', 'kind', 'metadata']) if (k in x) out[k] = sortKeys(x[k]);
  for (const k of keys) if (!(k in out)) out[k] = sortKeys(x[k]);
  return out;
}
