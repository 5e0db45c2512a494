/**
 * The independent oracle every synthesised object in the tests is checked against:
 *   1. kubernetes-models@5.1.0 validation (generated from the 1.36 OpenAPI schema by a
 *      third party: types, enums, required fields, formats);
 *   2. this library's strict 1.36 schema checker (unknown fields, list-map keys, served
 *      versions) and the per-kind server rules from the fact sheet (lib/check/registry).
 * (1) is independent of our code; (2) encodes the fact sheet. Both must pass.
 * The checks themselves live in oracle-core.ts (no vitest import, so scripts can use them).
 */
import { expect } from 'vitest';
import { modelProblems, ruleProblems } from './oracle-core';

export { modelProblems, ruleProblems };

/** Asserts that every object passes both oracles; the failure lists every problem. */
export async function expectValid(objs: any[] | any): Promise<void> {
  const list = Array.isArray(objs) ? objs : [objs];
  expect(list.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const obj of list) {
    const name = `${obj?.kind}/${obj?.metadata?.name ?? '(no name)'}`;
    for (const p of [...(await modelProblems(obj)), ...ruleProblems(obj)]) problems.push(`${name}: ${p}`);
  }
  expect(problems).toEqual([]);
}
