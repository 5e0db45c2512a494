/**
 * Server-side rules of apps/v1 (Deployment, ReplicaSet, DaemonSet, StatefulSet,
 * ControllerRevision), ported function by function from the 1.36 `pkg/apis/apps/validation`
 * with the v1 defaults applied first (`pkg/apis/apps/v1/defaults.go`), as the API server
 * validates a created object. The pod template's own spec is not checked here (the pod
 * rules are); this file checks what the controller spec adds: selectors, replicas,
 * strategies, the restart policy and deadline of the template.
 */
import {
  checkNonNegative, checkNotMoreThan100Percent, checkPositiveIntOrPercent, checkSelector, finding, intOrPercentValue, isInt,
  present, selectorIsEmpty, selectorMatches, selectorMismatch,
} from './workload-common';
import { checkTemplateEphemeralContainers } from './workload-core';
import type { Violation } from '../base/errors';
import { checkDns1123Label, isObject } from '../base/validators';

type Out = Violation[];

/** The template part every ReplicaSet-like controller shares. */
interface TemplateRuleOptions {
  /** The kind, for the Forbidden message ("activeDeadlineSeconds in ReplicaSet is not Supported"). */
  readonly kind: string;
  /** Check id of the restart policy / deadline findings. */
  readonly checkId: string;
}

// upstream: ValidatePodTemplateSpecForReplicaSet
/**
 * The controller rules of a ReplicaSet-like pod template: the selector must select the
 * template's labels, the restart policy must be Always (the v1 default), and
 * activeDeadlineSeconds is forbidden.
 */
function checkControllerTemplate(out: Out, spec: Record<string, any>, sel: Record<string, any> | undefined, opts: TemplateRuleOptions): void {
  // A missing template is the zero template: no labels, so the selector cannot match it.
  const template: Record<string, any> = isObject(spec.template) ? spec.template : {};
  const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
  // A missing selector selects nothing (LabelSelectorAsSelector(nil)), so no labels match it.
  if ((sel && !selectorIsEmpty(sel) && !selectorMatches(sel, labels)) || !present(spec.selector)) {
    out.push(selectorMismatch('controller/selector-mismatch', 'spec.template.metadata.labels', labels));
  }
  checkTemplateRestartAndDeadline(out, template, opts);
}

/** restartPolicy Always and no activeDeadlineSeconds (ValidatePodTemplateSpecForReplicaSet, ValidateDaemonSetSpec, ValidateStatefulSetSpec). */
function checkTemplateRestartAndDeadline(out: Out, template: Record<string, any>, opts: TemplateRuleOptions): void {
  const podSpec = isObject(template.spec) ? template.spec : undefined;
  if (!podSpec) return;
  const rp = podSpec.restartPolicy;
  // '' and unset are defaulted to Always; values outside the enum are the schema checker's.
  if ((rp === 'OnFailure' || rp === 'Never')) {
    out.push(finding(opts.checkId, 'spec.template.spec.restartPolicy', 'is not supported', rp, 'Always',
      `Remove restartPolicy (a ${opts.kind} restarts its pods' containers always); use a Job for run-to-completion work`));
  }
  if (present(podSpec.activeDeadlineSeconds)) {
    out.push(finding('controller/active-deadline', 'spec.template.spec.activeDeadlineSeconds', `activeDeadlineSeconds in ${opts.kind} is not Supported`,
      podSpec.activeDeadlineSeconds, 'unset', `Remove activeDeadlineSeconds from the pod template; a ${opts.kind}'s pods run until replaced`));
  }
}

/**
 * The selector rules shared by Deployment, ReplicaSet and StatefulSet: strict label
 * selector validation and a non-empty selector. Returns the selector when it can be used
 * for matching. A missing selector is the schema checker's (`required`).
 */
function checkRequiredSelector(out: Out, spec: Record<string, any>, kindWord: string): Record<string, any> | undefined {
  const sel = spec.selector;
  if (!isObject(sel)) return undefined;
  const ok = checkSelector(out, 'controller/selector', sel, 'spec.selector');
  if (selectorIsEmpty(sel)) {
    out.push(finding('controller/selector', 'spec.selector', `empty selector is invalid for ${kindWord}`, sel, 'matchLabels or matchExpressions',
      'Select the pods by at least one label, e.g. matchLabels: {app: <name>}, and give the template the same label'));
  }
  return ok ? sel : undefined;
}

// ---------------------------------------------------------------------------------------
// Deployment

// upstream: ValidateRollingUpdateDeployment
/** maxUnavailable/maxSurge as int or percent, not both 0, maxUnavailable at most 100%; the v1 default of each is 25%. */
function checkRollingUpdateDeployment(out: Out, ru: Record<string, any>, f: string): void {
  const maxUnavailable = present(ru.maxUnavailable) ? ru.maxUnavailable : '25%';
  const maxSurge = present(ru.maxSurge) ? ru.maxSurge : '25%';
  checkPositiveIntOrPercent(out, 'controller/rolling-update', maxUnavailable, `${f}.maxUnavailable`);
  checkPositiveIntOrPercent(out, 'controller/rolling-update', maxSurge, `${f}.maxSurge`);
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    out.push(finding('controller/rolling-update', `${f}.maxUnavailable`, 'may not be 0 when `maxSurge` is 0', maxUnavailable, 'a non-zero maxUnavailable or maxSurge',
      'Allow one extra pod (maxSurge: 1) or one unavailable pod (maxUnavailable: 1), else the rollout cannot progress'));
  }
  checkNotMoreThan100Percent(out, 'controller/rolling-update', maxUnavailable, `${f}.maxUnavailable`);
}

// upstream: ValidateDeploymentStrategy
/** Recreate takes no rollingUpdate; RollingUpdate (the default) is checked with its defaults. */
function checkDeploymentStrategy(out: Out, strategy: unknown): void {
  const s = isObject(strategy) ? strategy : {};
  const type = s.type === undefined || s.type === null || s.type === '' ? 'RollingUpdate' : s.type;
  if (type === 'Recreate') {
    if (present(s.rollingUpdate)) {
      out.push(finding('controller/strategy', 'spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'", s.rollingUpdate, 'unset',
        'Remove rollingUpdate, or use type: RollingUpdate'));
    }
  } else if (type === 'RollingUpdate') {
    checkRollingUpdateDeployment(out, isObject(s.rollingUpdate) ? s.rollingUpdate : {}, 'spec.strategy.rollingUpdate');
  }
  // other values: schema/enum
}

// upstream: ValidateDeploymentSpec
function checkDeploymentSpec(out: Out, spec: Record<string, any>): void {
  checkNonNegative(out, 'controller/replicas', spec.replicas, 'spec.replicas');
  const sel = checkRequiredSelector(out, spec, 'deployment');
  checkControllerTemplate(out, spec, sel, { kind: 'Deployment', checkId: 'controller/restart-policy' });
  checkDeploymentStrategy(out, spec.strategy);
  checkNonNegative(out, 'controller/min-ready-seconds', spec.minReadySeconds, 'spec.minReadySeconds');
  checkNonNegative(out, 'controller/revision-history-limit', spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  // progressDeadlineSeconds defaults to 600 in apps/v1.
  const pds = present(spec.progressDeadlineSeconds) ? spec.progressDeadlineSeconds : 600;
  const mrs = isInt(spec.minReadySeconds) ? spec.minReadySeconds : 0;
  if (isInt(pds)) {
    checkNonNegative(out, 'controller/progress-deadline', pds, 'spec.progressDeadlineSeconds');
    if (pds <= mrs) {
      out.push(finding('controller/progress-deadline', 'spec.progressDeadlineSeconds', 'must be greater than minReadySeconds', pds, `more than ${mrs}`,
        present(spec.progressDeadlineSeconds) ? 'Raise progressDeadlineSeconds above minReadySeconds' : 'Set progressDeadlineSeconds (default 600) above minReadySeconds, or lower minReadySeconds'));
    }
  }
}

// upstream: ValidateDeployment
function checkDeployment(obj: Record<string, any>): Out {
  const out: Out = [];
  if (isObject(obj.spec)) checkDeploymentSpec(out, obj.spec);
  return out;
}

// ---------------------------------------------------------------------------------------
// ReplicaSet

// upstream: ValidateReplicaSet
// upstream: ValidateReplicaSetSpec
function checkReplicaSet(obj: Record<string, any>): Out {
  const out: Out = [];
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  checkNonNegative(out, 'controller/replicas', spec.replicas, 'spec.replicas');
  checkNonNegative(out, 'controller/min-ready-seconds', spec.minReadySeconds, 'spec.minReadySeconds');
  // The upstream message says "deployment" for a ReplicaSet too.
  const sel = checkRequiredSelector(out, spec, 'deployment');
  checkControllerTemplate(out, spec, sel, { kind: 'ReplicaSet', checkId: 'controller/restart-policy' });
  return out;
}

// ---------------------------------------------------------------------------------------
// DaemonSet

// upstream: ValidateRollingUpdateDaemonSet
/** Exactly one of maxSurge and maxUnavailable is non-zero; the v1 defaults are maxUnavailable 1, maxSurge 0. */
function checkRollingUpdateDaemonSet(out: Out, ru: Record<string, any>, f: string): void {
  const maxUnavailable = present(ru.maxUnavailable) ? ru.maxUnavailable : 1;
  const maxSurge = present(ru.maxSurge) ? ru.maxSurge : 0;
  checkPositiveIntOrPercent(out, 'controller/rolling-update', maxUnavailable, `${f}.maxUnavailable`);
  checkPositiveIntOrPercent(out, 'controller/rolling-update', maxSurge, `${f}.maxSurge`);
  checkNotMoreThan100Percent(out, 'controller/rolling-update', maxUnavailable, `${f}.maxUnavailable`);
  checkNotMoreThan100Percent(out, 'controller/rolling-update', maxSurge, `${f}.maxSurge`);
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    out.push(finding('controller/rolling-update', `${f}.maxSurge`, 'may not be set when maxUnavailable is non-zero', maxSurge, 'maxSurge with maxUnavailable: 0',
      present(ru.maxUnavailable) ? 'Set maxUnavailable: 0 to surge, or remove maxSurge' : 'Set maxUnavailable: 0 as well (it defaults to 1 for a DaemonSet)'));
  } else if (!hasUnavailable && !hasSurge) {
    out.push(finding('controller/rolling-update', `${f}.maxUnavailable`, 'cannot be 0 when maxSurge is 0', maxUnavailable, 'exactly one of maxUnavailable and maxSurge non-zero',
      'Set maxUnavailable: 1, or maxSurge: 1'));
  }
}

// upstream: ValidateDaemonSetUpdateStrategy
function checkDaemonSetUpdateStrategy(out: Out, strategy: unknown): void {
  const s = isObject(strategy) ? strategy : {};
  const type = s.type === undefined || s.type === null || s.type === '' ? 'RollingUpdate' : s.type;
  if (type === 'RollingUpdate') checkRollingUpdateDaemonSet(out, isObject(s.rollingUpdate) ? s.rollingUpdate : {}, 'spec.updateStrategy.rollingUpdate');
}

// upstream: ValidateDaemonSet
// upstream: ValidateDaemonSetSpec
function checkDaemonSet(obj: Record<string, any>): Out {
  const out: Out = [];
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  const sel = isObject(spec.selector) ? spec.selector : undefined;
  const ok = sel ? checkSelector(out, 'controller/selector', sel, 'spec.selector') : false;
  const template = isObject(spec.template) ? spec.template : undefined;
  if (template && ((sel && ok) || !present(spec.selector))) {
    const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
    if (!sel || !selectorMatches(sel, labels)) out.push(selectorMismatch('controller/selector-mismatch', 'spec.template.metadata.labels', labels));
  }
  if (sel && selectorIsEmpty(sel)) {
    out.push(finding('controller/selector', 'spec.selector', 'empty selector is invalid for daemonset', sel, 'matchLabels or matchExpressions',
      'Select the pods by at least one label, e.g. matchLabels: {app: <name>}, and give the template the same label'));
  }
  if (template) checkTemplateRestartAndDeadline(out, template, { kind: 'DaemonSet', checkId: 'controller/restart-policy' });
  checkNonNegative(out, 'controller/min-ready-seconds', spec.minReadySeconds, 'spec.minReadySeconds');
  checkDaemonSetUpdateStrategy(out, spec.updateStrategy);
  checkNonNegative(out, 'controller/revision-history-limit', spec.revisionHistoryLimit, 'spec.revisionHistoryLimit');
  return out;
}

// ---------------------------------------------------------------------------------------
// StatefulSet

// upstream: validateRollingUpdateStatefulSet
function checkRollingUpdateStatefulSet(out: Out, ru: Record<string, any>, f: string): void {
  checkNonNegative(out, 'controller/rolling-update', ru.partition, `${f}.partition`);
  if (present(ru.maxUnavailable)) {
    checkPositiveIntOrPercent(out, 'controller/rolling-update', ru.maxUnavailable, `${f}.maxUnavailable`);
    if (intOrPercentValue(ru.maxUnavailable) === 0) {
      out.push(finding('controller/rolling-update', `${f}.maxUnavailable`, 'cannot be 0', ru.maxUnavailable, '1 or more, or a non-zero percentage', 'Set maxUnavailable to 1 or more, or remove it'));
    }
    checkNotMoreThan100Percent(out, 'controller/rolling-update', ru.maxUnavailable, `${f}.maxUnavailable`);
  }
}

const RETENTION_POLICIES = ['Retain', 'Delete'];

// upstream: ValidatePersistentVolumeClaimRetentionPolicy
function checkRetentionPolicy(out: Out, policy: unknown): void {
  if (!isObject(policy)) return;
  for (const k of ['whenDeleted', 'whenScaled']) {
    const val = policy[k];
    // upstream: ValidatePersistentVolumeClaimRetentionPolicyType ('' is defaulted to Retain)
    if (present(val) && val !== '' && !RETENTION_POLICIES.includes(val)) {
      out.push(finding('controller/pvc-retention', `spec.persistentVolumeClaimRetentionPolicy.${k}`, 'is not supported', val, RETENTION_POLICIES.join(', '),
        'Use Retain (keep the claims) or Delete'));
    }
  }
}

// upstream: ValidateStatefulSetSpec
function checkStatefulSetSpec(out: Out, spec: Record<string, any>): void {
  // podManagementPolicy: '' is defaulted to OrderedReady, other values are schema/enum.
  const us = isObject(spec.updateStrategy) ? spec.updateStrategy : {};
  const type = us.type === undefined || us.type === null || us.type === '' ? 'RollingUpdate' : us.type;
  if (type === 'OnDelete' && present(us.rollingUpdate)) {
    out.push(finding('controller/strategy', 'spec.updateStrategy.rollingUpdate', "only allowed for updateStrategy 'RollingUpdate'", us.rollingUpdate, 'unset',
      'Remove rollingUpdate, or use type: RollingUpdate'));
  } else if (type === 'RollingUpdate' && isObject(us.rollingUpdate)) {
    checkRollingUpdateStatefulSet(out, us.rollingUpdate, 'spec.updateStrategy.rollingUpdate');
  }
  checkRetentionPolicy(out, spec.persistentVolumeClaimRetentionPolicy);
  checkNonNegative(out, 'controller/replicas', spec.replicas, 'spec.replicas');
  checkNonNegative(out, 'controller/min-ready-seconds', spec.minReadySeconds, 'spec.minReadySeconds');
  if (isObject(spec.ordinals)) checkNonNegative(out, 'controller/ordinals', spec.ordinals.start, 'spec.ordinals.start', 'Start the ordinals at 0 or more');
  // The pods' spec.subdomain is the service name, which must be a DNS-1123 label: the
  // controller's pods would be refused. A warning, as the 1.36 StatefulSet validation
  // itself does not check it.
  // The pods' spec.subdomain, as ValidatePodSpec checks it on the pods the controller creates.
  if (typeof spec.serviceName === 'string' && spec.serviceName !== '') {
    const bad = checkDns1123Label('spec.serviceName', spec.serviceName);
    if (bad) {
      out.push({
        ...bad,
        checkId: 'controller/service-name',
        problem: `${bad.problem}: the pods' subdomain would be refused`,
        fix: 'Name the headless Service that governs the set (a DNS-1123 label)',
      });
    }
  }
  const sel = checkRequiredSelector(out, spec, 'statefulset');
  // upstream: ValidatePodTemplateSpecForStatefulSet (the selector half; the pod spec is not validated upstream)
  const template = isObject(spec.template) ? spec.template : undefined;
  if (template) {
    const labels = isObject(template.metadata) ? template.metadata.labels : undefined;
    if ((sel && !selectorIsEmpty(sel) && !selectorMatches(sel, labels)) || !present(spec.selector)) {
      out.push(selectorMismatch('controller/selector-mismatch', 'spec.template.metadata.labels', labels));
    }
    checkTemplateRestartAndDeadline(out, template, { kind: 'StatefulSet', checkId: 'controller/restart-policy' });
  }
}

// upstream: ValidateStatefulSet
function checkStatefulSet(obj: Record<string, any>): Out {
  const out: Out = [];
  if (isObject(obj.spec)) checkStatefulSetSpec(out, obj.spec);
  return out;
}

// ---------------------------------------------------------------------------------------
// ControllerRevision

// upstream: ValidateControllerRevision
// upstream: ValidateControllerRevisionCreate
function checkControllerRevision(obj: Record<string, any>): Out {
  const out: Out = [];
  if (!present(obj.data)) {
    out.push(finding('controller/controller-revision', 'data', 'data is mandatory', undefined, 'the serialized template state',
      'Set data (controllers write ControllerRevisions; copy one with its data)'));
  } else if (!isObject(obj.data)) {
    out.push(finding('controller/controller-revision', 'data', 'must be a JSON object', obj.data, 'an object (the serialized template state)',
      'Set data to the object the controller recorded'));
  }
  checkNonNegative(out, 'controller/controller-revision', obj.revision, 'revision');
  return out;
}

const BY_KIND: Record<string, (obj: Record<string, any>) => Out> = {
  Deployment: checkDeployment,
  ReplicaSet: checkReplicaSet,
  DaemonSet: checkDaemonSet,
  StatefulSet: checkStatefulSet,
  ControllerRevision: checkControllerRevision,
};

/** The apps/v1 rules of `obj` (a Deployment, ReplicaSet, DaemonSet, StatefulSet or ControllerRevision). */
export function checkAppsObject(obj: unknown): Violation[] {
  if (!isObject(obj) || typeof obj.kind !== 'string') return [];
  const fn = BY_KIND[obj.kind];
  return fn ? [...fn(obj), ...checkTemplateEphemeralContainers(obj)] : [];
}

/** The registry entry. */
export const APPS_CHECKER = {
  id: 'apps',
  apiVersions: ['apps/v1'],
  kinds: Object.keys(BY_KIND),
  check: checkAppsObject,
} as const;
