import type { Violation } from '../base/errors';

/**
 * Per-kind server-side rules. Each entry is a pure function over a plain manifest object
 * (already parsed from YAML or rendered from a construct) that returns the violations the
 * 1.36 API server (or the kube-apiserver config loader) would report for it.
 *
 * Constructs call `checkObject` (./registry) on what they render; the CLI calls it on any YAML.
 * A rule lives in exactly one checker listed there.
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
