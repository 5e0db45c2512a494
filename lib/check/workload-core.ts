/**
 * The spec-level rules of the core/v1 workload kinds, ReplicationController and
 * PodTemplate (1.36 `pkg/apis/core/validation`), after the v1 defaults
 * (`SetDefaults_ReplicationController`: an empty selector becomes the template's labels),
 * and the one template-level rule every validated pod template shares: no ephemeral
 * containers. The pod spec itself is the pod rules' concern.
 */
import { podSpecsOf } from './pod-spec';
import { checkNonNegative, finding, present, selectorMatches, selectorMismatch } from './workload-common';
import type { Violation } from '../base/errors';
import { isObject } from '../base/validators';

type Out = Violation[];

// upstream: ValidatePodTemplateSpec
/**
 * The template half of `ValidatePodTemplateSpec` that is not the pod spec: a template may
 * not carry ephemeral containers (they are added to running pods only). Applies to every
 * kind whose template the API server validates (not a StatefulSet's).
 */
export function checkTemplateEphemeralContainers(obj: unknown): Violation[] {
  if (!isObject(obj) || obj.kind === 'Pod' || obj.kind === 'StatefulSet') return [];
  // Fast path: most templates have no ephemeral containers.
  const holder = obj.kind === 'PodTemplate' ? obj : obj.kind === 'CronJob' ? obj.spec?.jobTemplate?.spec : obj.spec;
  const eph0 = isObject(holder) && isObject(holder.template) && isObject(holder.template.spec) ? holder.template.spec.ephemeralContainers : undefined;
  if (!Array.isArray(eph0) || eph0.length === 0) return [];
  const out: Out = [];
  for (const pod of podSpecsOf(obj)) {
    const eph = pod.spec.ephemeralContainers;
    if (Array.isArray(eph) && eph.length > 0) {
      out.push(finding('workload/ephemeral-containers', `${pod.path}.ephemeralContainers`, 'ephemeral containers not allowed in pod template', eph.length, 'none',
        'Remove ephemeralContainers from the template; add them to a running pod with kubectl debug'));
    }
  }
  return out;
}

// upstream: ValidatePodTemplateSpecForRC
function checkTemplateForRC(out: Out, template: unknown, selector: Record<string, string>): void {
  if (!isObject(template)) {
    out.push(finding('controller/rc-template', 'spec.template', 'is required', undefined, 'a pod template', 'Give the ReplicationController a pod template'));
    return;
  }
  const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
  if (Object.keys(selector).length > 0 && !selectorMatches({ matchLabels: selector }, labels)) {
    out.push(selectorMismatch('controller/rc-selector-mismatch', 'spec.template.metadata.labels', labels));
  }
  const podSpec = isObject(template.spec) ? template.spec : undefined;
  if (!podSpec) return;
  if (podSpec.restartPolicy === 'OnFailure' || podSpec.restartPolicy === 'Never') {
    out.push(finding('controller/rc-restart-policy', 'spec.template.spec.restartPolicy', 'is not supported', podSpec.restartPolicy, 'Always',
      'Remove restartPolicy (a ReplicationController restarts containers always); use a Job for run-to-completion work'));
  }
  if (present(podSpec.activeDeadlineSeconds)) {
    out.push(finding('controller/rc-active-deadline', 'spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in ReplicationController is not Supported',
      podSpec.activeDeadlineSeconds, 'unset', 'Remove activeDeadlineSeconds from the pod template'));
  }
}

// upstream: ValidateReplicationControllerSpec
function checkReplicationController(obj: Record<string, any>): Out {
  const out: Out = [];
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  checkNonNegative(out, 'controller/rc-min-ready-seconds', spec.minReadySeconds, 'spec.minReadySeconds');
  // SetDefaults_ReplicationController: an empty selector is the template's labels.
  let selector: Record<string, string> = isObject(spec.selector) ? spec.selector : {};
  const template = spec.template;
  const templateLabels = isObject(template) && isObject(template.metadata) && isObject(template.metadata.labels) ? template.metadata.labels : {};
  if (Object.keys(selector).length === 0) selector = templateLabels;
  // upstream: ValidateNonEmptySelector
  if (Object.keys(selector).length === 0) {
    out.push(finding('controller/rc-selector', 'spec.selector', 'is required', spec.selector ?? undefined, 'labels (or template labels to default from)',
      'Set spec.selector, or give the pod template labels (the selector defaults to them)'));
  }
  checkNonNegative(out, 'controller/rc-replicas', spec.replicas, 'spec.replicas');
  checkTemplateForRC(out, template, selector);
  return out;
}

// upstream: ValidateReplicationController
// upstream: ValidatePodTemplate
/** The core/v1 ReplicationController rules (PodTemplate has only the shared template rule). */
export function checkCoreWorkload(obj: unknown): Violation[] {
  if (!isObject(obj)) return [];
  const out: Out = obj.kind === 'ReplicationController' ? checkReplicationController(obj) : [];
  out.push(...checkTemplateEphemeralContainers(obj));
  return out;
}

/** Registry entry for the core workloads. */
export const CORE_WORKLOAD_CHECKER = {
  id: 'workload',
  apiVersions: ['v1'],
  kinds: ['ReplicationController', 'PodTemplate'],
  check: checkCoreWorkload,
} as const;
