/** Shorthands shared by the CEL checker tests. */
import { expect } from 'vitest';
import { CelCheckOptions, CelEnvironment, CelProblem, checkCel } from '../../lib/cel';

export const POD: CelCheckOptions = { objectType: 'io.k8s.api.core.v1.Pod' };
export const M = CelEnvironment.ADMISSION_MATCH_CONDITION;
export const V = CelEnvironment.ADMISSION_VARIABLE;
export const AC = CelEnvironment.MUTATION_APPLY_CONFIGURATION;
export const JP = CelEnvironment.MUTATION_JSON_PATCH;
export const AZ = CelEnvironment.AUTHZ_MATCH_CONDITION;
export const DRA = CelEnvironment.DRA_DEVICE_SELECTOR;

/** The single problem of a failing check. */
export function only(expression: string, env: CelEnvironment, options: CelCheckOptions = {}): CelProblem {
  const r = checkCel(expression, env, options);
  expect(r.ok).toBe(false);
  expect(r.problems).toHaveLength(1);
  return r.problems[0];
}

/** Asserts that `expression` checks without problems. */
export function accepted(expression: string, env: CelEnvironment, options: CelCheckOptions = {}): void {
  expect(checkCel(expression, env, options).problems).toEqual([]);
}
