/**
 * CRD-creation rules for x-kubernetes-validations and patterns, translated from
 * apiextensions-apiserver v0.36 pkg/apis/apiextensions/validation/validation.go
 * (validateCustomResourceDefinitionOpenAPISchema) and pkg/apiserver/schema/validation.go.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkCrdDefinition } from '../../lib/check/crd-definition';

const crd = (spec: unknown) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'things.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { kind: 'Thing', plural: 'things' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } }],
  },
});
const withRule = (rule: Record<string, unknown>) => crd({ 'type': 'object', 'properties': { a: { type: 'string' }, l: { type: 'array', items: { type: 'string' } } }, 'x-kubernetes-validations': [rule] });
const found = (o: unknown) => checkCrdDefinition(o).map((v) => `${v.field}: ${v.problem}`);
const P = 'spec.versions[0].schema.openAPIV3Schema.properties[spec]';

describe('x-kubernetes-validations entries (validation.go)', () => {
  it('accepts a rule with message, messageExpression, reason and a valid fieldPath', () => {
    expect(found(withRule({ rule: 'self.a != ""', message: 'm', messageExpression: '"x"', reason: 'FieldValueForbidden', fieldPath: '.a' }))).toEqual([]);
    expect(found(withRule({ rule: 'self.a != oldSelf.a', optionalOldSelf: true }))).toEqual([]);
    expect(found(withRule({ rule: 'true', fieldPath: '.l[0]' }))).toEqual([]);
  });
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['the rule is empty', { rule: '  ' }, `${P}.x-kubernetes-validations[0].rule: rule is not specified`],
    ['the message is blank', { rule: 'true', message: '  ' }, `${P}.x-kubernetes-validations[0].message: must be non-empty if specified`],
    ['the message has a line break', { rule: 'true', message: 'a\nb' }, `${P}.x-kubernetes-validations[0].message: must not contain line breaks`],
    ['a multi-line rule has no message', { rule: 'true &&\ntrue' }, `${P}.x-kubernetes-validations[0].message: message must be specified if rule contains line breaks`],
    ['the messageExpression is blank', { rule: 'true', messageExpression: ' ' }, `${P}.x-kubernetes-validations[0].messageExpression: messageExpression must be non-empty if specified`],
    ['the reason is not supported', { rule: 'true', reason: 'FieldValueWrong' }, `${P}.x-kubernetes-validations[0].reason: Unsupported value`],
    ['the fieldPath names no field', { rule: 'true', fieldPath: '.b' }, `${P}.x-kubernetes-validations[0].fieldPath: must be a valid path`],
    ['the fieldPath is not a path', { rule: 'true', fieldPath: 'a' }, `${P}.x-kubernetes-validations[0].fieldPath: must be a valid path`],
    ['optionalOldSelf is set without oldSelf', { rule: 'true', optionalOldSelf: true }, `${P}.x-kubernetes-validations[0].optionalOldSelf: may not be set if oldSelf is not used in rule`],
  ];
  for (const [what, rule, want] of cases) {
    it(`fails when ${what}`, () => {
      expect(found(withRule(rule))).toEqual([want]);
    });
  }
});

describe('structural schema (pkg/apiserver/schema/validation.go)', () => {
  it('fails when rules are inside allOf, anyOf, oneOf or not', () => {
    const r = [{ rule: 'true' }];
    expect(found(crd({ type: 'object', allOf: [{ 'x-kubernetes-validations': r }], not: { 'x-kubernetes-validations': r } }))).toEqual([
      `${P}.allOf[0].x-kubernetes-validations: must be empty to be structural`,
      `${P}.not.x-kubernetes-validations: must be empty to be structural`,
    ]);
  });
  it('fails when a pattern is not valid RE2, with Go\'s message', () => {
    expect(found(crd({ type: 'string', pattern: '^(?!x)' }))).toEqual([`${P}.pattern: must be a valid regular expression, but isn't: error parsing regexp: invalid or unsupported Perl syntax: \`(?!\``]);
  });
});

describe('real CRDs', () => {
  it('accepts the Gateway API v1.6.1 HTTPRoute CRD', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'crds', 'gateway-api-httproute-v1.6.1.yaml');
    for (const d of parseAllDocuments(fs.readFileSync(file, 'utf-8'))) expect(found(d.toJSON())).toEqual([]);
  });
});
