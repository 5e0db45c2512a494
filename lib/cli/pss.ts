/**
 * The Pod Security Standards step of the check: runs the library's PSS checker on every
 * object that carries a pod spec. A violation that the object explains with a recorded
 * opt-out annotation (`haru.cdk8s.io/opt-out.<name>: <reason>`) is not a finding, exactly
 * as for objects synthesised by the constructs.
 */
import type { Violation } from '../base/errors';
import { unexplainedPodSecurityViolations } from '../check/pss';

/** Pod Security violations of `obj` at `level` (empty for objects without a pod spec). */
export function podSecurityFindings(obj: unknown, level: 'restricted' | 'baseline'): Violation[] {
  return unexplainedPodSecurityViolations(obj, level);
}
