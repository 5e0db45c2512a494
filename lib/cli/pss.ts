/**
 * The Pod Security Standards step of the check: runs the library's PSS checker on every
 * object that carries a pod spec.
 */
import type { Violation } from '../check/errors';

/** Pod Security violations of `obj` at `level` (empty for objects without a pod spec). */
export function podSecurityFindings(_obj: unknown, _level: 'restricted' | 'baseline'): Violation[] {
  // PLACEHOLDER: wired to lib/check/pss once it exists.
  return [];
}
