/**
 * policy/v1 PodDisruptionBudget rules (k8s.io/kubernetes
 * pkg/apis/policy/validation/validation.go ValidatePodDisruptionBudgetSpec, with
 * pkg/apis/apps/validation ValidatePositiveIntOrPercent and IsNotMoreThan100Percent for the
 * two budgets).
 */
import { isSet, labelSelector, mk, obj } from './kind-util';
import { Violation } from '../base/errors';
import { isObject } from '../base/validators';

const EVICTION_POLICIES = ['AlwaysAllow', 'IfHealthyBudget'];

function checkIntOrPercent(out: Violation[], value: unknown, f: string): void {
  if (typeof value === 'number') {
    if (value < 0) out.push(mk('pdb/budget', f, 'must be greater than or equal to 0', value, 'a non-negative number or a percentage such as 20%', 'Use 0 or more'));
  } else if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) {
      out.push(mk('pdb/budget', f, "a valid percent string must be a numeric string followed by an ending '%'", value, 'a number, or a percentage such as 20%', /^[0-9]+$/.test(value) ? `Write the number without quotes (${value}) or add % (${value}%)` : 'Write a whole number followed by %'));
    } else if (Number(value.slice(0, -1)) > 100) {
      out.push(mk('pdb/budget', f, 'must not be greater than 100%', value, '0% to 100%', 'Use a percentage of at most 100%'));
    }
  }
}

/** The rules for one PodDisruptionBudget. */
// upstream: ValidatePodDisruptionBudget
export function checkPodDisruptionBudget(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const spec = obj(o.spec);
  // upstream: ValidatePodDisruptionBudgetSpec
  if (isSet(spec.minAvailable) && isSet(spec.maxUnavailable)) {
    out.push(mk('pdb/budget', 'spec', 'minAvailable and maxUnavailable cannot be both set', { minAvailable: spec.minAvailable, maxUnavailable: spec.maxUnavailable }, 'one of minAvailable and maxUnavailable', 'Keep one of the two budgets'));
  }
  if (isSet(spec.minAvailable)) checkIntOrPercent(out, spec.minAvailable, 'spec.minAvailable');
  if (isSet(spec.maxUnavailable)) checkIntOrPercent(out, spec.maxUnavailable, 'spec.maxUnavailable');
  out.push(...labelSelector('pdb/selector', 'spec.selector', spec.selector));
  if (isSet(spec.unhealthyPodEvictionPolicy) && !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)) {
    out.push(mk('pdb/eviction-policy', 'spec.unhealthyPodEvictionPolicy', 'is not a supported policy', spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES.join(', '), 'Use IfHealthyBudget or AlwaysAllow'));
  }
  return out;
}
