/**
 * CRD creation: structural schema, rule compilation and estimated rule cost, translated from
 * apiextensions-apiserver v0.36.0 pkg/apis/apiextensions/validation/validation_test.go
 * TestValidateCustomResourceDefinitionValidation (the cost cases; `spec.validation` paths become
 * the v1 `spec.versions[0].schema` paths) and pkg/apiserver/schema/validation.go.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrdSet } from '../../lib/check/crd';
import { costErrorMessage } from '../../lib/check/crd-cost';
import { checkCrdDefinition } from '../../lib/check/crd-definition';
import { readYamlValues } from '../../lib/yaml/read';

const crd = (openAPIV3Schema: unknown, group = 'example.com') => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `things.${group}` },
  spec: { group, scope: 'Namespaced', names: { kind: 'Thing', plural: 'things' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] },
});
const R = 'spec.versions[0].schema.openAPIV3Schema';
/** validation_test.go forbidden()/invalid()/required(): the field and the error type. */
const found = (schema: unknown): string[] => checkCrdDefinition(crd(schema)).map((v) => `${v.field}: ${v.problem.split(':')[0]}`);

const doubleNested = (limits: { items?: number; props?: number; keyLength?: number; keyType?: string }) => ({
  type: 'object',
  properties: {
    value: {
      'type': 'array',
      ...(limits.items !== undefined ? { maxItems: limits.items } : {}),
      'items': {
        type: 'object',
        ...(limits.props !== undefined ? { maxProperties: limits.props } : {}),
        additionalProperties: { type: 'object', required: ['key'], properties: { key: { type: limits.keyType ?? 'string', ...(limits.keyLength !== undefined ? { maxLength: limits.keyLength } : {}) } } },
      },
      'x-kubernetes-validations': [{ rule: 'self.all(x, x.all(y, x[y].key == x[y].key))' }],
    },
  },
});

describe('estimated rule cost (validation_test.go TestValidateCustomResourceDefinitionValidation)', () => {
  const rule = `${R}.properties[value].x-kubernetes-validations[0].rule`;
  it('forbid double-nested rule with no limit set', () => {
    expect(found(doubleNested({}))).toEqual([`${rule}: Forbidden`, `${rule}: Forbidden`, `${R}: Forbidden`]);
  });
  it('forbid double-nested rule with one limit set', () => {
    expect(found(doubleNested({ keyLength: 10 }))).toEqual([`${rule}: Forbidden`, `${rule}: Forbidden`, `${R}: Forbidden`]);
  });
  it('allow double-nested rule with three limits set', () => {
    expect(found(doubleNested({ items: 10, props: 10, keyLength: 10 }))).toEqual([]);
  });
  it('allow double-nested rule with one limit set on outermost array', () => {
    expect(found(doubleNested({ items: 4, keyType: 'number' }))).toEqual([]);
  });
  it('check for cardinality of 1 under root object', () => {
    expect(found({ type: 'object', properties: { value: { 'type': 'integer', 'x-kubernetes-validations': [{ rule: 'self < 1024' }] } } })).toEqual([]);
  });
  it('forbid validation rules where cost total exceeds total limit', () => {
    const contains = [{ rule: "self.contains('keyword')" }];
    const schema = {
      type: 'object',
      properties: {
        list: { type: 'array', maxItems: 100000, items: { 'type': 'string', 'maxLength': 5000, 'x-kubernetes-validations': contains } },
        map: { type: 'object', maxProperties: 1000, additionalProperties: { 'type': 'string', 'maxLength': 5000, 'x-kubernetes-validations': contains } },
        field: { 'type': 'integer', 'x-kubernetes-validations': [{ rule: 'self > 50 && self < 100' }] },
      },
    };
    expect(found(schema).sort()).toEqual([
      `${R}.properties[list].items.x-kubernetes-validations[0].rule: Forbidden`,
      `${R}.properties[list].items.x-kubernetes-validations[0].rule: Forbidden`,
      `${R}.properties[map].additionalProperties.x-kubernetes-validations[0].rule: Forbidden`,
      `${R}: Forbidden`,
    ].sort());
  });
  it('x-kubernetes-validations rule invalidated by messageExpression exceeding per-CRD estimated cost limit', () => {
    const schema = {
      type: 'object',
      properties: {
        f: { 'type': 'array', 'items': { type: 'string' }, 'x-kubernetes-validations': [{ rule: 'true', messageExpression: 'string(self[0]) + string(self[1]) + string(self[2])' }] },
      },
    };
    expect(found(schema).sort()).toEqual([
      `${R}: Forbidden`,
      `${R}.properties[f].x-kubernetes-validations[0].messageExpression: Forbidden`,
      `${R}.properties[f].x-kubernetes-validations[0].messageExpression: Forbidden`,
    ].sort());
  });

  it('words the messages as validation.go getCostErrorMessage does', () => {
    expect(costErrorMessage('estimated rule cost', 12_345_678n, 10_000_000n)).toBe(
      'estimated rule cost exceeds budget by factor of 1.234568x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)');
    expect(costErrorMessage('estimated rule cost', 25_000_000n, 10_000_000n)).toMatch(/factor of 2\.5x /);
    expect(costErrorMessage('estimated rule cost', 10n ** 12n, 10_000_000n)).toMatch(/factor of more than 100x /);
    const v = checkCrdDefinition(crd(doubleNested({})))[0];
    expect(v).toMatchObject({ checkId: 'crd/rule-cost', problem: expect.stringMatching(/^Forbidden: estimated rule cost exceeds budget by factor of more than 100x \(try simplifying/) });
  });
});

describe('CRDs the API server refuses as CRDs', () => {
  const spec = (s: unknown) => ({ type: 'object', properties: { spec: s } });
  const P = `${R}.properties[spec]`;
  it('an unknown type (validation.go openapiV3Types: NotSupported)', () => {
    const v = checkCrdDefinition(crd(spec({ type: 'strign' })));
    expect(v.map((x) => `${x.field}: ${x.problem}`)).toEqual([`${P}.type: Unsupported value`]);
    expect(v[0]).toMatchObject({ checkId: 'crd/definition', got: '"strign"' });
  });
  it('structural errors (schema/validation.go validateStructuralInvariants)', () => {
    expect(found(spec({ type: 'array' }))).toEqual([`${P}.items: Required value`]);
    expect(found(spec({ type: 'object', properties: { a: {} } }))).toEqual([`${P}.properties[a].type: Required value`]);
    expect(found({ type: 'object', additionalProperties: { type: 'string' } })).toEqual([`${R}.additionalProperties: Forbidden`]);
    expect(found({ type: 'string' })).toEqual([`${R}.type: Invalid value`]);
    // upstream also requires properties (or x-kubernetes-preserve-unknown-fields) on an embedded resource
    expect(found(spec({ 'type': 'string', 'x-kubernetes-embedded-resource': true }))).toEqual([`${P}.type: Invalid value`, `${P}.properties: Required value`]);
    expect(found(spec({ 'x-kubernetes-preserve-unknown-fields': true }))).toEqual([]);
    expect(found(spec({ 'x-kubernetes-int-or-string': true }))).toEqual([]);
  });
  it('a schema that is not structural has no rule compiled (no CELSchemaContext)', () => {
    expect(found(spec({ 'type': 'object', 'properties': { a: { type: 'strign' } }, 'x-kubernetes-validations': [{ rule: 'nonsense(' }] }))).toEqual([`${P}.properties[a].type: Unsupported value`]);
  });
  it('a rule that does not compile (compilation.go compileRule: Invalid)', () => {
    const v = checkCrdDefinition(crd(spec({ 'type': 'object', 'properties': { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: 'self.b == 1' }] })));
    expect(v.map((x) => x.field)).toEqual([`${P}.x-kubernetes-validations[0].rule`]);
    expect(v[0].problem).toMatch(/^Invalid value: compilation failed: .*'b'/);
  });
  it('a rule that is not a bool, a messageExpression that is not a string', () => {
    const s = (r: Record<string, string>) => spec({ 'type': 'object', 'properties': { a: { type: 'string' } }, 'x-kubernetes-validations': [r] });
    expect(checkCrdDefinition(crd(s({ rule: 'self.a' })))[0].problem).toBe('Invalid value: cel expression must evaluate to a bool');
    expect(checkCrdDefinition(crd(s({ rule: 'true', messageExpression: '1' })))[0]).toMatchObject({ field: `${P}.x-kubernetes-validations[0].messageExpression`, problem: 'Invalid value: messageExpression must evaluate to a string' });
    expect(checkCrdDefinition(crd(s({ rule: 'true', messageExpression: 'self.nope' })))[0].problem).toMatch(/^Invalid value: messageExpression compilation failed: /);
  });
  it('a valid CRD with rules is accepted', () => {
    expect(found(spec({ 'type': 'object', 'maxProperties': 3, 'properties': { a: { type: 'string', maxLength: 10 }, l: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 5 } } }, 'x-kubernetes-validations': [{ rule: 'self.l.all(x, x != self.a)', messageExpression: '"bad " + self.a' }] }))).toEqual([]);
  });
});

describe('a CRD cannot shadow a built-in type', () => {
  it('a CRD that redefines CustomResourceDefinition is not used for CustomResourceDefinition objects', () => {
    const set = new CrdSet();
    const own = crd({ type: 'object', properties: { spec: { type: 'object' } } }, 'apiextensions.k8s.io');
    (own.spec.names as any).kind = 'CustomResourceDefinition';
    set.add(own);
    expect(set.lookup('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toBeUndefined();
    expect(set.hasGroup('apiextensions.k8s.io')).toBe(false);
  });
});

describe('a real CRD the API server accepts', () => {
  it('Gateway API v1.6.1 HTTPRoute: every rule compiles and stays within the cost limits', () => {
    const file = path.join(__dirname, '..', 'fixtures', 'crds', 'gateway-api-httproute-v1.6.1.yaml');
    const docs = readYamlValues(fs.readFileSync(file, 'utf-8')) as any[];
    expect(checkCrdDefinition(docs[0])).toEqual([]);
  });
});
