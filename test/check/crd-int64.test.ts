/**
 * int64 values of custom resources stay exact from the YAML input to the rules and the schema
 * check, as the API server's JSON decoder keeps them (apiserver pkg/cel/common/values.go
 * UnstructuredToVal hands CEL an int64; apiextensions-apiserver validation_test.go uses
 * math.MaxInt64 values). The YAML reader's `bigint` option carries them (lib/yaml/read.ts).
 */
import { describe, expect, it } from 'vitest';
import { CrdSet } from '../../lib/check/crd';
import { checkText, collectCrds } from '../../lib/cli/core';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Thing, plural: things}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              big: {type: integer}
              other: {type: integer, maximum: 10}
              list: {type: array, x-kubernetes-list-type: set, items: {type: integer}}
              any: {type: object, additionalProperties: {type: integer}}
            x-kubernetes-validations:
            - rule: "!has(self.big) || self.big == 9223372036854775807 || self.big == -9223372036854775808"
              message: big must be an int64 bound
            - rule: "!has(self.list) || self.list.all(x, x != 9007199254740993)"
              message: no 2^53+1 in the list
            - rule: "!has(self.any) || self.any.all(k, self.any[k] != 9007199254740993)"
              message: any.n must not be 2^53+1
`;

function run(resource: string): string[] {
  const crds = new CrdSet();
  collectCrds(CRD, crds);
  const text = `${CRD}---\n${resource}`;
  return checkText(text, 'f.yaml', { pss: 'none', skip: [], crds } as any).findings
    .filter((f) => f.checkId !== 'yaml/inexact-integer' && f.kind === 'Thing')
    .map((f) => `${f.checkId} ${f.violation.field}: ${f.violation.problem}`);
}
const thing = (spec: string) => `apiVersion: example.com/v1\nkind: Thing\nmetadata: {name: a, namespace: default}\nspec:\n${spec}\n`;

describe('exact int64 from YAML to CRD rules and schema', () => {
  it('9223372036854775807 and -9223372036854775808 keep their value in a rule', () => {
    expect(run(thing('  big: 9223372036854775807'))).toEqual([]);
    expect(run(thing('  big: -9223372036854775808'))).toEqual([]);
    expect(run(thing('  big: 9223372036854775806'))).toEqual(['crd/rule spec: big must be an int64 bound']);
  });
  it('2^53+1 is not 2^53 (lists, maps)', () => {
    expect(run(thing('  list: [9007199254740992]'))).toEqual([]);
    expect(run(thing('  list: [9007199254740993]'))).toEqual(['crd/rule spec: no 2^53+1 in the list']);
    expect(run(thing('  any: {n: 9007199254740992}'))).toEqual([]);
    expect(run(thing('  any: {n: 9007199254740993}'))).toEqual(['crd/rule spec: any.n must not be 2^53+1']);
  });
  it('the schema check takes exact integers: type, bounds and set uniqueness', () => {
    expect(run(thing('  other: 9223372036854775807'))).toEqual(['crd/bounds spec.other: must be less than or equal to 10']);
    // not duplicates (a set), and the rule sees the second one exactly
    expect(run(thing('  list: [9007199254740992, 9007199254740993]'))).toEqual(['crd/rule spec: no 2^53+1 in the list']);
    expect(run(thing('  list: [9007199254740993, 9007199254740993]'))).toContain('crd/duplicate spec.list[1]: duplicates an earlier item of a set');
  });
  it('a List of custom resources gets its exact copies too', () => {
    const list = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: example.com/v1\n  kind: Thing\n  metadata: {name: a, namespace: default}\n  spec: {big: 9223372036854775807}\n';
    expect(run(list)).toEqual([]);
  });
});
