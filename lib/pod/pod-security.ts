import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AdmissionEngine } from '../admit/engine';
import { formatViolation, HaruValidationError, Violation } from '../base/errors';
import { podSecurityLevelOf, unexplainedPodSecurityViolations } from '../check/pss';

/**
 * Pod Security Standards levels.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod-hardening best practice. */
  RESTRICTED = 'restricted',
}

/** Options of {@link PodSecurity.enforce}. */
export interface PodSecurityEnforceOptions {
  /**
   * Judge each workload as the cluster will run it: first run the MutatingAdmissionPolicies
   * (with their bindings and parameter objects) found under the scope over it, as the API
   * server admits it, then check the admitted object. A workload the policies would reject
   * fails the synth too.
   * @default false
   */
  readonly admitWithPolicies?: boolean;
}

/** Kinds whose objects carry a pod spec (the only ones Pod Security judges). */
const POD_SPEC_KINDS = new Set(['Pod', 'PodTemplate', 'ReplicationController', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

function hasPodSpec(obj: any): boolean {
  return POD_SPEC_KINDS.has(obj?.kind);
}

/**
 * Pod Security Standards at synth time, as Pod Security Admission enforces policy version
 * v1.36 (the same checker the `cdk8s-haru check --pss` CLI runs).
 */
export class PodSecurity {
  /**
   * Fails synth with a `HaruValidationError` (one violation per finding, `field` prefixed
   * with the object's kind, name and construct path) when any API object under `scope` — HardenedPods, cdk8s-plus workloads,
   * plain `ApiObject`s, objects from `Include` or `Helm` — carries a pod spec that violates
   * `level`, listing every violating object. A violation is excused only by a recorded
   * opt-out that relaxes exactly that check: an annotation
   * `haru.cdk8s.io/opt-out.<name>: <reason>` on the object or its pod template, where
   * `<name>` is one of `privileged`, `host-namespaces`, `host-path`, `host-ports`,
   * `capabilities`, `seccomp-unconfined`, `apparmor-unconfined`, `privilege-escalation`
   * (the constructs write these when an opt-out is given; add them yourself to excuse an
   * included object).
   */
  public static enforce(scope: IConstruct, level: PodSecurityLevel, options: PodSecurityEnforceOptions = {}): void {
    if (level === PodSecurityLevel.PRIVILEGED) return;
    const lvl = level as 'baseline' | 'restricted';
    scope.node.addValidation({
      validate: () => {
        const violations: Violation[] = [];
        const found: Array<{ c: ApiObject; obj: any }> = [];
        for (const c of scope.node.findAll()) {
          if (!(c instanceof ApiObject)) continue;
          try {
            found.push({ c, obj: c.toJson() });
          } catch {
            continue; // serialisation errors are reported by the object's own synth
          }
        }
        const engine = options.admitWithPolicies ? new AdmissionEngine({ policies: found.map((f) => f.obj) }) : undefined;
        for (const { c, obj: synthesised } of found) {
          let obj = synthesised;
          const where = `${obj.kind}/${obj.metadata?.name ?? c.name} (${c.node.path})`;
          if (engine && hasPodSpec(obj)) {
            const r = engine.admit(obj);
            if (!r.admitted) {
              violations.push({
                checkId: 'admission/rejected',
                field: where,
                problem: `would be rejected at admission by the chart's MutatingAdmissionPolicies: ${r.message}`,
                fix: 'Fix the policy that fails (see the message), or set its failurePolicy to Ignore.',
              });
              continue;
            }
            obj = r.admittedObject;
          }
          for (const v of unexplainedPodSecurityViolations(obj, lvl)) {
            violations.push({ ...v, field: `${where} ${v.field}`, problem: `violates Pod Security Standards ${lvl}: ${v.problem}` });
          }
        }
        // the library's own error type, with the violations attached, rather than cdk8s's
        // plain "Validation failed" Error
        if (violations.length) throw new HaruValidationError(scope.node.path, violations);
        return [];
      },
    });
  }

  /** The strictest level a manifest object (any kind; objects without a pod spec are restricted) passes. */
  public static levelOf(manifest: any): PodSecurityLevel {
    return podSecurityLevelOf(manifest) as PodSecurityLevel;
  }

  /** The violations of `manifest` at `level`, one formatted message each (recorded opt-outs excuse theirs). */
  public static violations(manifest: any, level: PodSecurityLevel): string[] {
    if (level === PodSecurityLevel.PRIVILEGED) return [];
    return unexplainedPodSecurityViolations(manifest, level as 'baseline' | 'restricted').map((v) => `[${v.checkId}] ${formatViolation(v)}`);
  }

  private constructor(_scope: Construct) {}
}
