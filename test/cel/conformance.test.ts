/**
 * Compile conformance: the google/cel-spec simple tests and the Kubernetes library tests
 * (test/cel/conformance/*.json, each case citing its source), run against the 1.36
 * environments. Targets: >= 99% of valid expressions accepted, >= 97% of invalid ones
 * refused; every disagreement is listed in ./conformance/known.ts with its reason.
 */
import { describe, expect, it } from 'vitest';
import { compileCases } from './conformance/corpus';
import { DISAGREEMENTS, KUBERNETES_DIFFERS } from './conformance/known';
import { checkCelUncached } from '../../lib/cel/check';

const { cases, skipped } = compileCases();
const results = cases.map((c) => {
  const r = checkCelUncached(c.expression, c.env, {}, { variables: c.variables, anyResult: true });
  return { c, got: r.ok ? 'compile' : 'error', problems: r.problems };
});

describe('CEL compile conformance', () => {
  it('has a substantial corpus, every case citing its upstream source', () => {
    expect(cases.length).toBeGreaterThan(1800);
    expect(skipped).toBeLessThan(200);
    for (const c of cases) expect(c.source).toMatch(/^(google\/cel-spec@[0-9a-f]{12}:tests\/simple\/testdata\/\w+\.textproto|kubernetes\/apiserver@v0\.36\.0:pkg\/cel\/library\/\w+_test\.go) \(.+\)$/);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it('accepts >= 99% of the valid expressions', () => {
    const valid = results.filter((r) => r.c.expect === 'compile');
    const accepted = valid.filter((r) => r.got === 'compile').length;
    expect(valid.length).toBeGreaterThan(1400);
    expect(accepted / valid.length).toBeGreaterThanOrEqual(0.99);
  });

  it('refuses >= 97% of the invalid expressions', () => {
    const invalid = results.filter((r) => r.c.expect === 'error');
    const refused = invalid.filter((r) => r.got === 'error').length;
    expect(invalid.length).toBeGreaterThan(350);
    expect(refused / invalid.length).toBeGreaterThanOrEqual(0.97);
  });

  it('disagrees exactly where known.ts says, with a reason each', () => {
    const disagreeing = results.filter((r) => r.got !== r.c.expect).map((r) => r.c.id).sort();
    expect(disagreeing).toEqual(Object.keys(DISAGREEMENTS).sort());
    for (const why of [...Object.values(DISAGREEMENTS), ...Object.values(KUBERNETES_DIFFERS)]) expect(why.length).toBeGreaterThan(20);
  });

  it('refuses the Kubernetes compile-error cases with the error upstream expects', () => {
    const upstream = results.filter((r) => r.c.upstreamError);
    expect(upstream.length).toBeGreaterThanOrEqual(3);
    for (const r of upstream) {
      expect(r.problems.map((p) => p.message).join('\n')).toMatch(/found no matching overload for '(isIP|isQuantity|isSemver)' applied to/);
    }
  });
});
