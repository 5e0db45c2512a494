/**
 * The pod rules against the cases translated from the upstream tests of
 * pkg/apis/core/validation/validation_test.go (see upstream-core-pod.cases.ts): every valid
 * case gives no error, every invalid case an error at the path upstream reports (or below
 * it). The remaining differences are listed below with their reason; the test fails when a
 * listed case starts to agree, so the list stays true.
 */
import { describe, expect, it } from 'vitest';
import { CASES, UpstreamCase } from './upstream-core-pod.cases';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';

/** Cases where this library and the 1.36 API server disagree, and why. */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'TestValidateContainers: restartPolicy on a regular container':
    'ContainerRestartRules (per-container restartPolicy and restartPolicyRules) may be on by default in 1.36; without certainty the rule would be a false refusal, so it is not enforced.',
};

function errorsOf(obj: any) {
  return checkObject(obj).filter((v) => severityOf(v.checkId) === 'error');
}

function agrees(c: UpstreamCase): boolean {
  const errs = errorsOf(c.obj);
  if (c.valid) return errs.length === 0;
  return errs.some((v) => v.field === c.field || v.field.startsWith(`${c.field}.`) || v.field.startsWith(`${c.field}[`));
}

describe('upstream pod validation cases (pkg/apis/core/validation/validation_test.go)', () => {
  const valid = CASES.filter((c) => c.valid);
  const invalid = CASES.filter((c) => !c.valid);
  const disagree = CASES.filter((c) => !agrees(c)).map((c) => c.name);

  it('has unique case names', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('agrees on every case but the listed differences', () => {
    const unexplained = disagree.filter((n) => !(n in KNOWN_DIFFERENCES));
    const detail = unexplained.map((n) => {
      const c = CASES.find((x) => x.name === n)!;
      return `${n} (${c.valid ? 'valid' : `invalid at ${c.field}`}): ${JSON.stringify(errorsOf(c.obj).map((v) => `[${v.checkId}] ${v.field}: ${v.problem}`))}`;
    });
    expect(detail).toEqual([]);
  });

  it('lists only differences that still exist', () => {
    expect(Object.keys(KNOWN_DIFFERENCES).filter((n) => !disagree.includes(n))).toEqual([]);
  });

  it('reports the agreement (valid accepted, invalid refused)', () => {
    const validOk = valid.filter(agrees).length;
    const invalidOk = invalid.filter(agrees).length;
    // eslint-disable-next-line no-console
    console.log(`upstream pod cases: valid accepted ${validOk}/${valid.length}, invalid refused ${invalidOk}/${invalid.length}`);
    expect(validOk).toBe(valid.length);
    expect((validOk + invalidOk) / CASES.length).toBeGreaterThanOrEqual(0.99);
  });
});
