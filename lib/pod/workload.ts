import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { checkHardeningInputs, hardenPodSpec, resolveHardening } from './harden';
import { HardeningOptions } from './harden-options';
import { ADDRESS_LABEL, PodIsolation } from './isolation';
import { NetworkIsolation } from './values';
import { HaruValidationError } from '../check/errors';
import { podSpecsOf } from '../check/pod-spec';
import { OPT_OUT_PREFIX, PSS_LEVEL_ANNOTATION, podSecurityLevelOf, unexplainedPodSecurityViolations } from '../check/pss';
import { checkObject } from '../check/registry';
import { renderHooks } from '../core/render-hooks';
import { ProfileSetting } from '../profile/profile';
import { failing, podLockViolations, podSpecProfileViolations, profileFor, withPodDefaults } from '../profile/resolve';

/** Options of {@link WorkloadHardening.apply}. */
export interface WorkloadHardeningOptions extends HardeningOptions {
  /**
   * Network isolation of the workload's pods.
   * @default NetworkIsolation.defaultDeny()
   */
  readonly networkIsolation?: NetworkIsolation;
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
    const inputs = [...checkHardeningInputs(resolved), ...podLockViolations(profile, resolved, workload.metadata.toJson().labels)];
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
      const optOuts: Record<string, string> = {};
      if (!isolation._isolated) optOuts['network-isolation'] = isolation._optOut!.reason;
      const violations = [];
      for (const pod of pods) {
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
      const vs = [...failing(workload, checkObject(final)), ...unexplainedPodSecurityViolations(final, 'restricted'), ...profile.locks(ProfileSetting.POD_LABELS, final.metadata?.labels ?? {}, 'metadata.labels')];
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

function sortKeys(x: any): any {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x === null || typeof x !== 'object') return x;
  const out: any = {};
  const keys = Object.keys(x).sort();
  for (const k of ['apiVersion', 'kind', 'metadata']) if (k in x) out[k] = sortKeys(x[k]);
  for (const k of keys) if (!(k in out)) out[k] = sortKeys(x[k]);
  return out;
}
