/**
 * The structural-schema and extension rules of CRD creation (lib/check/crd-structural.ts),
 * against apiextensions-apiserver v0.36.0 pkg/apis/apiextensions/validation/validation_test.go
 * (TestValidateCustomResourceDefinitionValidation: the list-type, map-type, map-list key and
 * preserve-unknown-fields cases, 33; TestValidateCustomResourceDefinition: "top-level metadata
 * default" and "contradicting meta field types"; 35 in all, all agree) and cases written
 * from pkg/apiserver/schema/validation.go validateNestedValueValidation and
 * validateStructuralMetadataInvariants. Each case: the schema and the expected
 * `<error type> <field>` list; the API server's options at creation (requireAtomicSetType,
 * requireMapListKeysMapSetValidation, allowDefaults) are always on here.
 */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../lib/base/errors';
import { checkCrdDefinition } from '../../lib/check/crd-definition';
import { validateOpenAPISchema, validateStructuralCompleteness, validateStructuralInvariants } from '../../lib/check/crd-structural';

const R = 'spec.validation.openAPIV3Schema';

function errorType(v: Violation): string {
  const p = v.problem;
  if (p.startsWith('Required value')) return 'required';
  if (p.startsWith('Invalid value')) return 'invalid';
  if (p.startsWith('Forbidden')) return 'forbidden';
  if (p.startsWith('Unsupported value')) return 'unsupported';
  return `? ${p}`;
}

function apiValidation(schema: unknown): string[] {
  const out: Violation[] = [];
  validateOpenAPISchema(schema, R, true, out);
  return out.map((v) => `${errorType(v)} ${v.field}`).sort();
}

function structural(schema: unknown): string[] {
  const out: Violation[] = [];
  validateStructuralInvariants(schema, 'root', R, out);
  return out.map((v) => `${errorType(v)} ${v.field}`).sort();
}

const arr = (extra: Record<string, unknown>): Record<string, unknown> => ({ type: 'array', ...extra });
const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'object', properties, ...extra });

/** validation_test.go TestValidateCustomResourceDefinitionValidation, by case name */
const UPSTREAM: Array<[string, unknown, string[]]> = [
  ['invalid type with list type extension set', { 'type': 'object', 'x-kubernetes-list-type': 'set' }, [`invalid ${R}.type`]],
  ['unset type with list type extension set', { 'x-kubernetes-list-type': 'set' }, [`required ${R}.type`]],
  ['invalid list type extension', arr({ 'x-kubernetes-list-type': 'invalid' }), [`unsupported ${R}.x-kubernetes-list-type`]],
  ['invalid list type extension with list map keys extension non-empty', arr({ 'x-kubernetes-list-type': 'set', 'x-kubernetes-list-map-keys': ['key'] }), [`invalid ${R}.x-kubernetes-list-type`]],
  ['unset list type extension with list map keys extension non-empty', { 'x-kubernetes-list-map-keys': ['key'] }, [`required ${R}.x-kubernetes-list-type`]],
  ['empty list map keys extension with list type extension map', arr({ 'x-kubernetes-list-type': 'map' }), [`required ${R}.items`, `required ${R}.x-kubernetes-list-map-keys`]],
  ['no items schema with list type extension map', arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'] }), [`required ${R}.items`]],
  ['non object item with list type extension map', arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'], 'items': { type: 'string' } }), [`invalid ${R}.items.type`]],
  ['items with key missing from properties with list type extension map', arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'], 'items': { type: 'object' } }), [`invalid ${R}.x-kubernetes-list-map-keys`]],
  ['items with non scalar key property type with list type extension map',
    arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'], 'items': obj({ key: { type: 'object' } }) }),
    // requireMapListKeysMapSetValidation (on at creation) adds the missing default/required
    [`invalid ${R}.items.properties[key].type`, `required ${R}.items.properties[key].default`].sort()],
  ['duplicate map keys with list type extension map',
    arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key', 'key'], 'items': obj({ key: { type: 'string' } }, { required: ['key'] }) }),
    [`invalid ${R}.x-kubernetes-list-map-keys`]],
  ['allowed schema with list type extension map',
    arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['keyA', 'keyB'], 'items': obj({ keyA: { type: 'string' }, keyB: { type: 'integer' } }, { required: ['keyA', 'keyB'] }) }), []],
  ['allowed list-type atomic', arr({ 'x-kubernetes-list-type': 'atomic', 'items': { type: 'string' } }), []],
  ['allowed list-type atomic with non-atomic items', arr({ 'x-kubernetes-list-type': 'atomic', 'items': obj({}) }), []],
  ['allowed list-type set with scalar items', arr({ 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } }), []],
  ['allowed list-type set with atomic map items', arr({ 'x-kubernetes-list-type': 'set', 'items': obj({ foo: { type: 'string' } }, { 'x-kubernetes-map-type': 'atomic' }) }), []],
  ['invalid list-type set with non-atomic map items', arr({ 'x-kubernetes-list-type': 'set', 'items': obj({ foo: { type: 'string' } }, { 'x-kubernetes-map-type': 'granular' }) }), [`invalid ${R}.items.x-kubernetes-map-type`]],
  ['invalid list-type set with unspecified map-type for map items', arr({ 'x-kubernetes-list-type': 'set', 'items': obj({ foo: { type: 'string' } }) }), [`invalid ${R}.items.x-kubernetes-map-type`]],
  ['allowed list-type set with atomic list items', arr({ 'x-kubernetes-list-type': 'set', 'items': arr({ 'x-kubernetes-list-type': 'atomic', 'items': { type: 'string' } }) }), []],
  ['allowed list-type set with unspecified list-type in list items', arr({ 'x-kubernetes-list-type': 'set', 'items': arr({ items: { type: 'string' } }) }), []],
  ['invalid list-type set with with non-atomic list items', arr({ 'x-kubernetes-list-type': 'set', 'items': arr({ 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } }) }), [`invalid ${R}.items.x-kubernetes-list-type`]],
  ['invalid type with map type extension (granular)', arr({ 'x-kubernetes-map-type': 'granular' }), [`invalid ${R}.type`]],
  ['unset type with map type extension (granular)', { 'x-kubernetes-map-type': 'granular' }, [`required ${R}.type`]],
  ['invalid type with map type extension (atomic)', arr({ 'x-kubernetes-map-type': 'atomic' }), [`invalid ${R}.type`]],
  ['unset type with map type extension (atomic)', { 'x-kubernetes-map-type': 'atomic' }, [`required ${R}.type`]],
  ['invalid map type', { 'type': 'object', 'x-kubernetes-map-type': 'badMapType' }, [`unsupported ${R}.x-kubernetes-map-type`]],
  ['allowed type with map type extension (granular)', { 'type': 'object', 'x-kubernetes-map-type': 'granular' }, []],
  ['allowed type with map type extension (atomic)', { 'type': 'object', 'x-kubernetes-map-type': 'atomic' }, []],
  ['invalid map with nullable key', arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'], 'items': obj({ key: { type: 'string', nullable: true } }) }),
    [`forbidden ${R}.items.properties[key].nullable`, `required ${R}.items.properties[key].default`]],
  ['invalid map with nullable items', arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['key'], 'items': obj({ key: { type: 'string' } }, { nullable: true }) }),
    [`forbidden ${R}.items.nullable`, `required ${R}.items.properties[key].default`]],
  ['invalid set with nullable items', arr({ 'x-kubernetes-list-type': 'set', 'items': { nullable: true } }), [`forbidden ${R}.items.nullable`]],
  ['allowed set with non-nullable items', arr({ 'x-kubernetes-list-type': 'set', 'items': { nullable: false } }), []],
  ['x-kubernetes-preserve-unknown-field: false', { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': false }, [`invalid ${R}.x-kubernetes-preserve-unknown-fields`]],
  // TestValidateCustomResourceDefinition
  ['top-level metadata default', obj({ metadata: { type: 'object', default: { name: 'foo' } } }), [`forbidden ${R}.properties[metadata].default`]],
];

const meta = (t: string, gen: Record<string, unknown>): Record<string, unknown> =>
  obj({ name: { type: 'string', pattern: 'abc' }, generateName: { type: 'string', pattern: 'abc' }, generation: { type: 'integer', ...gen } }, { type: t });
const typeMeta = (t: string, m: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: { type: t }, kind: { type: t }, metadata: m });
/** pkg/apiserver/schema/validation.go; the first case is validation_test.go TestValidateCustomResourceDefinition "contradicting meta field types" */
const STRUCTURAL: Array<[string, unknown, string[]]> = [
  ['contradicting meta field types', obj({
    ...typeMeta('number', meta('number', {})),
    valid: obj(typeMeta('string', meta('object', { minimum: 42 })), { 'x-kubernetes-embedded-resource': true }),
    invalid: obj(typeMeta('number', meta('number', { minimum: 42 })), { 'x-kubernetes-embedded-resource': true }),
    nested: obj({ invalid: obj(typeMeta('number', meta('number', { minimum: 42 })), { 'x-kubernetes-embedded-resource': true }) }, { 'x-kubernetes-embedded-resource': true }),
    noEmbeddedObject: obj({ apiVersion: { type: 'number' }, kind: { type: 'number' }, metadata: { type: 'number' } }),
  }), [
    `forbidden ${R}.properties[metadata]`,
    `invalid ${R}.properties[apiVersion].type`, `invalid ${R}.properties[kind].type`, `invalid ${R}.properties[metadata].type`,
    `invalid ${R}.properties[invalid].properties[apiVersion].type`, `invalid ${R}.properties[invalid].properties[kind].type`, `invalid ${R}.properties[invalid].properties[metadata].type`,
    `invalid ${R}.properties[nested].properties[invalid].properties[apiVersion].type`, `invalid ${R}.properties[nested].properties[invalid].properties[kind].type`,
    `invalid ${R}.properties[nested].properties[invalid].properties[metadata].type`,
  ]],
  ['validateNestedValueValidation: type, default, nullable, description, title under allOf',
    obj({ a: { type: 'string', allOf: [{ type: 'string', default: 'x', nullable: true, description: 'd', title: 't' }] } }),
    ['description', 'default', 'nullable', 'title', 'type'].map((k) => `forbidden ${R}.properties[a].allOf[0].${k}`).sort()],
  ['validateNestedValueValidation: extensions under anyOf/oneOf/not',
    obj({ a: { type: 'array', items: { type: 'string' }, anyOf: [{ 'x-kubernetes-list-type': 'set' }], oneOf: [{ 'x-kubernetes-list-map-keys': ['k'] }], not: { 'x-kubernetes-preserve-unknown-fields': true } } }),
    [`forbidden ${R}.properties[a].anyOf[0].x-kubernetes-list-type`, `forbidden ${R}.properties[a].not.x-kubernetes-preserve-unknown-fields`, `forbidden ${R}.properties[a].oneOf[0].x-kubernetes-list-map-keys`]],
  ['validateNestedValueValidation: additionalProperties and nested properties types',
    obj({ m: { type: 'object', additionalProperties: { type: 'string' }, anyOf: [{ additionalProperties: { type: 'string' } }, { properties: { x: { type: 'integer' } } }] } }),
    [`forbidden ${R}.properties[m].anyOf[0].additionalProperties`, `forbidden ${R}.properties[m].anyOf[1].properties[x].type`]],
  ['validateNestedValueValidation: value validations are allowed',
    obj({ a: { type: 'string', anyOf: [{ pattern: '^a' }, { maxLength: 3, enum: ['b'] }], not: { minLength: 10 } } }), []],
  ['isIntOrStringAnyOfPattern: the int-or-string anyOf is allowed',
    obj({ p: { 'x-kubernetes-int-or-string': true, 'anyOf': [{ type: 'integer' }, { type: 'string' }] } }), []],
  ['isIntOrStringAllOfPattern: int-or-string allOf[0].anyOf is allowed',
    obj({ p: { 'x-kubernetes-int-or-string': true, 'allOf': [{ anyOf: [{ type: 'integer' }, { type: 'string' }] }, { pattern: '^[0-9]' }] } }), []],
  ['the int-or-string anyOf with anything else is not',
    obj({ p: { 'x-kubernetes-int-or-string': true, 'anyOf': [{ type: 'integer', minimum: 1 }, { type: 'string' }] } }),
    [`forbidden ${R}.properties[p].anyOf[0].type`, `forbidden ${R}.properties[p].anyOf[1].type`]],
  ['validateNestedValueValidation: metadata in a nested context',
    obj({ spec: { type: 'object', allOf: [{ properties: { metadata: { maxProperties: 1 } } }] } }),
    [`forbidden ${R}.properties[spec].allOf[0].properties[metadata]`]],
  ['validateStructuralMetadataInvariants: name and generateName may be restricted',
    obj({ metadata: obj({ name: { type: 'string', maxLength: 20 }, generateName: { type: 'string' } }) }), []],
  ['validateStructuralMetadataInvariants: anything else is forbidden',
    obj({ metadata: obj({ name: { type: 'string' }, labels: { type: 'object' } }) }), [`forbidden ${R}.properties[metadata]`]],
  ['validateStructuralMetadataInvariants: value validations on metadata are forbidden',
    obj({ metadata: { type: 'object', maxProperties: 3 } }), [`forbidden ${R}.properties[metadata]`]],
  ['validateStructuralMetadataInvariants: metadata must be an object',
    obj({ metadata: { type: 'string' } }), [`invalid ${R}.properties[metadata].type`]],
  ['validateStructuralInvariants: kind and apiVersion must be strings at the root',
    obj({ kind: { type: 'integer' }, apiVersion: { type: 'string' } }), [`invalid ${R}.properties[kind].type`]],
  ['validateStructuralInvariants: embedded resource with additionalProperties, no properties',
    obj({ e: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'additionalProperties': { type: 'string' } } }),
    [`forbidden ${R}.properties[e].additionalProperties`, `required ${R}.properties[e].properties`]],
  ['validateExtensions: int-or-string with preserve-unknown-fields and embedded-resource',
    obj({ i: { 'x-kubernetes-int-or-string': true, 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-embedded-resource': true } }),
    [`invalid ${R}.properties[i].x-kubernetes-embedded-resource`, `invalid ${R}.properties[i].x-kubernetes-preserve-unknown-fields`]],
];

/** validation.go ValidateCustomResourceDefinitionOpenAPISchema, cases written from the function */
const WRITTEN: Array<[string, unknown, string[]]> = [
  ['uniqueItems: true is forbidden', obj({ l: arr({ uniqueItems: true, items: { type: 'string' } }) }), [`forbidden ${R}.properties[l].uniqueItems`]],
  ['additionalProperties with properties is forbidden', obj({ m: obj({ a: { type: 'string' } }, { additionalProperties: { type: 'string' } }) }), [`forbidden ${R}.properties[m].additionalProperties`]],
  ['additionalProperties: false with properties is forbidden', obj({ m: obj({ a: { type: 'string' } }, { additionalProperties: false }) }), [`forbidden ${R}.properties[m].additionalProperties`]],
  ['additionalProperties: true with properties is allowed', obj({ m: obj({ a: { type: 'string' } }, { additionalProperties: true }) }), []],
  ['a default inside additionalProperties of embedded metadata is forbidden',
    obj({ embedded: obj({ metadata: obj({ labels: { type: 'object', additionalProperties: { type: 'string', default: 'x' } } }) }, { 'x-kubernetes-embedded-resource': true }) }),
    [`forbidden ${R}.properties[embedded].properties[metadata].properties[labels].additionalProperties.default`]],
  ['embedded apiVersion/kind defaults are allowed',
    obj({ embedded: obj({ apiVersion: { type: 'string', default: 'v1' }, kind: { type: 'string', default: 'Pod' } }, { 'x-kubernetes-embedded-resource': true }) }), []],
];

describe('CRD schema extensions and defaults (validation.go ValidateCustomResourceDefinitionOpenAPISchema)', () => {
  for (const [name, schema, expected] of [...UPSTREAM, ...WRITTEN]) it(name, () => expect(apiValidation(schema)).toEqual([...expected].sort()));
});

describe('structural schema invariants (schema/validation.go)', () => {
  for (const [name, schema, expected] of STRUCTURAL) it(name, () => expect(structural(schema)).toEqual([...expected].sort()));
});

/** schema/complete.go validateStructuralCompleteness, cases written from the function */
const COMPLETE: Array<[string, unknown, string[]]> = [
  ['a property named only in a junctor', obj({ a: { type: 'string' } }, { anyOf: [{ required: ['a'] }, { properties: { b: { minLength: 1 } } }] }), [`required ${R}.properties[b]`]],
  ['declared properties and items may be restricted', obj({ l: arr({ items: { type: 'string' } }) }, { oneOf: [{ properties: { l: { items: { minLength: 2 } } } }] }), []],
  ['items named only in a junctor', obj({ l: { type: 'string' } }, { not: { properties: { l: { items: { minLength: 2 } } } } }), [`required ${R}.properties[l].items`]],
  ['nested junctors are followed', obj({ a: obj({}) }, { allOf: [{ anyOf: [{ properties: { a: { properties: { x: { maxLength: 1 } } } } }] }] }), [`required ${R}.properties[a].properties[x]`]],
];

describe('structural completeness (schema/complete.go)', () => {
  for (const [name, schema, expected] of COMPLETE) {
    it(name, () => {
      const out: Violation[] = [];
      validateStructuralCompleteness(schema, R, out);
      expect(out.map((v) => `${errorType(v)} ${v.field}`).sort()).toEqual(expected);
    });
  }
  it('says where the junctor names it', () => {
    const out: Violation[] = [];
    validateStructuralCompleteness(obj({}, { anyOf: [{ properties: { b: { minLength: 1 } } }] }), R, out);
    expect(out[0].problem).toBe(`Required value: because it is defined in ${R}.anyOf[0].properties[b]`);
  });
});

describe('through checkCrdDefinition', () => {
  const crd = (schema: unknown): unknown => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  });
  it('reports a nested type with the project message form', () => {
    const v = checkCrdDefinition(crd(obj({ a: { type: 'string', anyOf: [{ type: 'string' }] } })));
    expect(v).toEqual([expect.objectContaining({ checkId: 'crd/definition', field: 'spec.versions[0].schema.openAPIV3Schema.properties[a].anyOf[0].type', problem: 'Forbidden: must be empty to be structural' })]);
  });
  it('a schema that is not structural has no rule compiled', () => {
    const v = checkCrdDefinition(crd(obj({ a: { 'type': 'string', 'anyOf': [{ type: 'string' }], 'x-kubernetes-validations': [{ rule: 'nonsense(' }] } })));
    expect(v.map((x) => x.field)).toEqual(['spec.versions[0].schema.openAPIV3Schema.properties[a].anyOf[0].type']);
  });
  it('a map list whose key is neither required nor defaulted is refused', () => {
    const v = checkCrdDefinition(crd(obj({ l: arr({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'items': obj({ name: { type: 'string' } }) }) })));
    expect(v.map((x) => x.field)).toEqual(['spec.versions[0].schema.openAPIV3Schema.properties[l].items.properties[name].default']);
  });
});
