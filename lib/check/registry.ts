import { ADMISSION_CHECKER } from './admission';
import { APPS_CHECKER } from './apps';
import { AUDIT_POLICY_CHECKER } from './audit';
import { AUTHZ_CHECKER } from './authz';
import { checkHorizontalPodAutoscaler } from './autoscaling';
import { BATCH_CHECKER } from './batch';
import { checkConfigMap, checkSecret, checkServiceAccount } from './config';
import { checkEndpoints, checkLimitRange, checkNamespace, checkPvc, checkResourceQuota } from './core-objects';
import { checkCustomResource, CrdSet } from './crd';
import { checkCrdDefinition } from './crd-definition';
import { checkCustomResourceUpdate } from './crd-update';
import { checkDraObject, checkPodDraClaims } from './dra';
import { FLOWCONTROL_CHECKER } from './flowcontrol';
import { KindChecker } from './kind-checker';
import { checkObjectMeta } from './meta';
import { checkIngress, checkIngressClass, checkNetworkPolicy } from './networking';
import { checkPodRules } from './pod';
import { checkPodDisruptionBudget } from './policy';
import { checkClusterRole, checkClusterRoleBinding, checkRole, checkRoleBinding } from './rbac';
import { checkServiceRules } from './service';
import { VALIDATING_ADMISSION_CHECKER } from './validating-admission';
import { CORE_WORKLOAD_CHECKER } from './workload-core';
import type { Violation } from '../base/errors';
import { isKnownGroup, lookupKind, splitApiVersion } from '../schema/catalog';
import { checkSchema } from '../schema/check';

/** Options for {@link checkObject}. */
export interface CheckObjectOptions {
  /** Skip the generic schema check (when the caller already ran it). */
  readonly skipSchema?: boolean;
  /**
   * CRDs to check custom resources against.
   * @default - custom resources yield no findings here (see {@link notCheckedReason})
   */
  readonly crds?: CrdSet;
  /**
   * The stored object this one updates: a custom resource is then checked as an UPDATE
   * (transition rules, ratcheting; lib/check/crd-update.ts).
   * @default - a create
   */
  readonly old?: unknown;
}

const CHECKERS: KindChecker[] = [
  // Per-kind checkers are registered here, one line each.
  ADMISSION_CHECKER,
  VALIDATING_ADMISSION_CHECKER,
  AUTHZ_CHECKER, AUDIT_POLICY_CHECKER,
  FLOWCONTROL_CHECKER,
  { id: 'service', apiVersions: ['v1'], kinds: ['Service'], check: checkServiceRules },
  { id: 'endpoints', apiVersions: ['v1'], kinds: ['Endpoints'], check: checkEndpoints },
  { id: 'configmap', apiVersions: ['v1'], kinds: ['ConfigMap'], check: checkConfigMap },
  { id: 'secret', apiVersions: ['v1'], kinds: ['Secret'], check: checkSecret },
  { id: 'serviceaccount', apiVersions: ['v1'], kinds: ['ServiceAccount'], check: checkServiceAccount },
  { id: 'pvc', apiVersions: ['v1'], kinds: ['PersistentVolumeClaim'], check: checkPvc },
  { id: 'namespace', apiVersions: ['v1'], kinds: ['Namespace'], check: checkNamespace },
  { id: 'limitrange', apiVersions: ['v1'], kinds: ['LimitRange'], check: checkLimitRange },
  { id: 'resourcequota', apiVersions: ['v1'], kinds: ['ResourceQuota'], check: checkResourceQuota },
  { id: 'networkpolicy', apiVersions: ['networking.k8s.io/v1'], kinds: ['NetworkPolicy'], check: checkNetworkPolicy },
  { id: 'ingress', apiVersions: ['networking.k8s.io/v1'], kinds: ['Ingress'], check: checkIngress },
  { id: 'ingressclass', apiVersions: ['networking.k8s.io/v1'], kinds: ['IngressClass'], check: checkIngressClass },
  { id: 'pdb', apiVersions: ['policy/v1'], kinds: ['PodDisruptionBudget'], check: checkPodDisruptionBudget },
  { id: 'hpa', apiVersions: ['autoscaling/v2'], kinds: ['HorizontalPodAutoscaler'], check: checkHorizontalPodAutoscaler },
  { id: 'rbac', apiVersions: ['rbac.authorization.k8s.io/v1'], kinds: ['Role'], check: checkRole },
  { id: 'rbac', apiVersions: ['rbac.authorization.k8s.io/v1'], kinds: ['ClusterRole'], check: checkClusterRole },
  { id: 'rbac', apiVersions: ['rbac.authorization.k8s.io/v1'], kinds: ['RoleBinding'], check: checkRoleBinding },
  { id: 'rbac', apiVersions: ['rbac.authorization.k8s.io/v1'], kinds: ['ClusterRoleBinding'], check: checkClusterRoleBinding },
  { id: 'crd-definition', apiVersions: ['apiextensions.k8s.io/v1'], kinds: ['CustomResourceDefinition'], check: checkCrdDefinition },
  { id: 'pod', apiVersions: ['v1', 'apps/v1', 'batch/v1'], kinds: ['Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'], check: checkPodRules },
  { id: 'dra', apiVersions: ['resource.k8s.io/v1'], kinds: ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass'], check: checkDraObject },
  APPS_CHECKER,
  BATCH_CHECKER,
  CORE_WORKLOAD_CHECKER,
  { id: 'dra-pod', apiVersions: ['v1', 'apps/v1', 'batch/v1'], kinds: ['Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'], check: checkPodDraClaims },
];

/** The registered per-kind checkers (read-only view, for documentation and the CLI). */
export function kindCheckers(): readonly KindChecker[] {
  return CHECKERS;
}

/** Runs the schema checker and every per-kind checker that applies to `obj`. */
export function checkObject(obj: unknown, opts: CheckObjectOptions = {}): Violation[] {
  const out: Violation[] = opts.skipSchema ? [] : checkSchema(obj);
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return out;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  for (const c of CHECKERS) {
    if (c.apiVersions.includes(apiVersion as string) && c.kinds.includes(kind as string)) {
      out.push(...c.check(obj));
    }
  }
  const crd = opts.crds?.lookup(apiVersion, kind);
  if (crd) {
    out.push(...(opts.old !== undefined && opts.old !== null ? checkCustomResourceUpdate(obj, opts.old, crd) : checkCustomResource(obj, crd)));
  } else if (opts.crds && typeof apiVersion === 'string' && typeof kind === 'string' && opts.crds.hasGroup(splitApiVersion(apiVersion).group)) {
    out.push({
      checkId: 'crd/not-served',
      field: 'apiVersion',
      problem: `no CRD given serves ${apiVersion} ${kind}`,
      got: JSON.stringify(`${apiVersion} ${kind}`),
      fix: 'Use a version and kind the CustomResourceDefinition serves, or pass the CRD that defines it',
    });
  }
  out.push(...checkObjectMeta(obj, crd?.namespaced));
  return out;
}

/** True when a per-kind checker handles `apiVersion`/`kind`. */
function hasKindChecker(apiVersion: string, kind: string): boolean {
  return CHECKERS.some((c) => c.apiVersions.includes(apiVersion) && c.kinds.includes(kind));
}

/**
 * Why `obj` cannot be checked, or `undefined` when it can: a kind the 1.36 catalog does
 * not know, in an API group that is not built in (a custom resource, or a configuration
 * file kind this library does not model), and that no CRD of `crds` defines.
 */
export function notCheckedReason(obj: unknown, crds?: CrdSet): string | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') return undefined;
  if (lookupKind(apiVersion, kind) || hasKindChecker(apiVersion, kind)) return undefined;
  const { group } = splitApiVersion(apiVersion);
  // Built-in groups (and dot-less names, which cannot be CRD groups) are the schema checker's to refuse.
  if (!group.includes('.') || isKnownGroup(group)) return undefined;
  if (crds && (crds.lookup(apiVersion, kind) || crds.hasGroup(group))) return undefined;
  return `${apiVersion} ${kind} is not a Kubernetes 1.36 kind (a custom resource or a configuration file kind) and no CustomResourceDefinition for it was given`;
}
