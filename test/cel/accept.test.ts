import * as bufbuild from '@bufbuild/cel';
import { describe, expect, it } from 'vitest';
import { ACCEPTED, FACT_SHEET, REAL_WORLD } from './corpus';
import { CelEnvironment, checkCel } from '../../lib/cel';

const usesOptionalSyntax = (e: string) => /\.\?|\[\?|\{\?/.test(e);

describe('accepts the expressions of the fact sheet', () => {
  it.each(FACT_SHEET.map((c) => [c.source, c] as const))('%s', (_source, c) => {
    const r = checkCel(c.expression, c.env, c.options);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });
});

describe('accepts typical real-world expressions', () => {
  it.each(REAL_WORLD.map((c) => [c.source, c] as const))('%s', (_source, c) => {
    const r = checkCel(c.expression, c.env, c.options);
    expect(r.problems).toEqual([]);
  });
});

describe('result types', () => {
  it('infers bool for conditions, Object for ApplyConfiguration, list(JSONPatch) for JSONPatch', () => {
    const kinds = new Map<CelEnvironment, Set<string>>();
    for (const c of ACCEPTED) {
      const r = checkCel(c.expression, c.env, c.options);
      const set = kinds.get(c.env) ?? new Set<string>();
      set.add(r.resultType ?? '?');
      kinds.set(c.env, set);
    }
    expect([...kinds.get(CelEnvironment.ADMISSION_MATCH_CONDITION)!]).toEqual(['bool']);
    expect([...kinds.get(CelEnvironment.AUTHZ_MATCH_CONDITION)!]).toEqual(['bool']);
    expect([...kinds.get(CelEnvironment.DRA_DEVICE_SELECTOR)!]).toEqual(['bool']);
    expect([...kinds.get(CelEnvironment.MUTATION_APPLY_CONFIGURATION)!]).toEqual(['Object']);
    expect([...kinds.get(CelEnvironment.MUTATION_JSON_PATCH)!]).toEqual(['list(JSONPatch)']);
  });

  it('types a variable from the schema', () => {
    const r = checkCel('object.spec.containers.map(c, c.image)', CelEnvironment.ADMISSION_VARIABLE, { objectType: 'io.k8s.api.core.v1.Pod' });
    expect(r.resultType).toBe('list(string)');
  });
});

describe('the corpus is valid CEL for an independent parser', () => {
  // @bufbuild/cel implements the cel-spec grammar (without optional syntax): every corpus
  // expression must parse there too, so the corpus is not tuned to our own parser.
  it.each(ACCEPTED.filter((c) => !usesOptionalSyntax(c.expression)).map((c) => [c.source, c.expression] as const))('%s', (_s, expression) => {
    expect(() => bufbuild.parse(expression)).not.toThrow();
  });
});
