import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyConfigurationFieldPaths, CelEnvironment, checkCel } from '../../lib/cel';

const ENVS = Object.values(CelEnvironment);
const POD = { objectType: 'io.k8s.api.core.v1.Pod' };

/** Fragments that combine into near-CEL text, so the generator reaches deep into the checker. */
const FRAGMENT = fc.constantFrom(
  'object', 'oldObject', 'request', 'device', 'params', 'variables', 'authorizer', 'Object', 'JSONPatch', 'cel',
  '.', '.?', '[', '[?', ']', '(', ')', '{', '}', ',', ':', '?', '!', '-', '+', '*', '/', '%', '==', '!=', '<', '>=',
  '&&', '||', ' in ', 'spec', 'containers', 'metadata', 'labels', 'name', 'all', 'exists', 'map', 'filter', 'has',
  'size', 'bind', 'c', 'x', "'a'", '"b"', '1', '2u', '3.5', 'true', 'null', 'b"x"', 'r"\\d"', '"""t"""', 'op', 'path',
  'value', '__union__', 'quantity', 'namespace', '`k-x`', '\n', ' ',
);

function wellFormed(r: ReturnType<typeof checkCel>): void {
  expect(typeof r.ok).toBe('boolean');
  expect(r.ok).toBe(r.problems.length === 0);
  for (const p of r.problems) {
    expect(typeof p.message).toBe('string');
    expect(p.checkId).toMatch(/^cel\//);
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.column).toBeGreaterThanOrEqual(1);
  }
}

describe('garbage input', () => {
  it('never throws on arbitrary text and always reports positions', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.constantFrom(...ENVS), (s, env) => {
      wellFormed(checkCel(s, env, POD));
      expect(Array.isArray(applyConfigurationFieldPaths(s))).toBe(true);
    }), { numRuns: 400 });
  });

  it('never throws on near-CEL token soup', () => {
    fc.assert(fc.property(fc.array(FRAGMENT, { maxLength: 30 }), fc.constantFrom(...ENVS), (parts, env) => {
      const s = parts.join('');
      wellFormed(checkCel(s, env, POD));
      wellFormed(checkCel(s, env));
    }), { numRuns: 1500 });
  });

  it('never throws on non-string input', () => {
    wellFormed(checkCel(undefined as unknown as string, CelEnvironment.ADMISSION_MATCH_CONDITION));
    wellFormed(checkCel(42 as unknown as string, CelEnvironment.ADMISSION_MATCH_CONDITION));
  });
});
