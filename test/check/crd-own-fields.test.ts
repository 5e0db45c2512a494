/**
 * Field names that are also names of JavaScript object members (`constructor`, `toString`,
 * `hasOwnProperty`, `__proto__`) are fields like any other: an undeclared one is reported as
 * unknown (the API server prunes it and kubectl's strict field validation refuses it).
 */
import { describe, expect, it } from 'vitest';
import { CrdSet } from '../../lib/check/crd';
import { checkText, collectCrds } from '../../lib/cli/core';

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget}
  scope: Namespaced
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
              size: {type: integer}
`;

describe('custom resource fields named like object members', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])('reports an undeclared field %s', (name) => {
    const crds = new CrdSet();
    collectCrds(CRD, crds);
    const cr = `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec:\n  size: 3\n  ${name}: {a: 1}\n`;
    const r = checkText(cr, 'cr.yaml', { pss: 'none', crds });
    expect(r.findings.map((f) => [f.checkId, f.field])).toEqual([['crd/unknown-field', `spec.${name}`]]);
  });
});
