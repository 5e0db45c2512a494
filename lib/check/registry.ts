import { ADMISSION_CHECKER } from './admission';
import { AUDIT_POLICY_CHECKER } from './audit';
import { AUTHZ_CHECKER } from './authz';
import { checkCustomResource, CrdSet } from './crd';
import { checkDraObject, checkPodDraClaims } from './dra';
import type { Violation } from './errors';
import { FLOWCONTROL_CHECKER } from './flowcontrol';
import { checkObjectMeta } from './meta';
import { checkPodRules } from './pod';
import { checkServiceRules } from './service';
import { VALIDATING_ADMISSION_CHECKER } from './validating-admission';
import { isKnownGroup, lookupKind, splitApiVersion } from '../schema/catalog';
import { checkSchema } from '../schema/check';

/**
 * Per-kind server-side rules. Each entry is a pure function over a plain manifest object
 * (already parsed from YAML or rendered from a construct) that returns the violations the
 * 1.36 API server (or the kube-apiserver config loader) would report for it.
 *
 * Constructs call {@link checkObject} on what they render; the CLI calls it on any YAML.
 * A rule lives in exactly one checker listed here.
 */
export interface KindChecker {
  /** Stable id prefix of the checker's rules, e.g. `flowcontrol`. */
  readonly id: string;
  /** `apiVersion` values this checker handles (exact match). */
  readonly apiVersions: readonly string[];
  /** Kinds this checker handles. */
  readonly kinds: readonly string[];
  /** The rules; `obj` has already passed the type checks of the schema checker or not — be defensive. */
  readonly check: (obj: any) => Violation[];
}

/** Options for {@link checkObject}. */
export interface CheckObjectOptions {
  /** Skip the generic schema check (when the caller already ran it). */
  readonly skipSchema?: boolean;
  /**
   * CRDs to check custom resources against.
   * @default - custom resources yield no findings here (see {@link notCheckedReason})
   */
  readonly crds?: CrdSet;
}

const CHECKERS: KindChecker[] = [
  // Per-kind checkers are registered here, one line each.
  ADMISSION_CHECKER,
  VALIDATING_ADMISSION_CHECKER,
  AUTHZ_CHECKER, AUDIT_POLICY_CHECKER,
  FLOWCONTROL_CHECKER,
  { id: 'service', apiVersions: ['v1'], kinds: ['Service'], check: checkServiceRules },
  { id: 'pod', apiVersions: ['v1', 'apps/v1', 'batch/v1'], kinds: ['Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'], check: checkPodRules },
  { id: 'dra', apiVersions: ['resource.k8s.io/v1'], kinds: ['ResourceClaim', 'ResourceClaimTemplate', 'DeviceClass'], check: checkDraObject },
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
    out.push(...checkCustomResource(obj, crd));
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
