import { ADMISSION_CHECKER } from './admission';
import { AUDIT_POLICY_CHECKER } from './audit';
import { AUTHZ_CHECKER } from './authz';
import { checkDraObject, checkPodDraClaims } from './dra';
import type { Violation } from './errors';
import { FLOWCONTROL_CHECKER } from './flowcontrol';
import { checkPodRules } from './pod';
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
}

const CHECKERS: KindChecker[] = [
  // Per-kind checkers are registered here, one line each.
  ADMISSION_CHECKER,
  AUTHZ_CHECKER, AUDIT_POLICY_CHECKER,
  FLOWCONTROL_CHECKER,
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
  return out;
}
