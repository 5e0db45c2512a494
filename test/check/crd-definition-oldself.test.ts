/**
 * Transition rules in a CRD as apiextensions-apiserver v0.36 validates the CRD
 * (pkg/apis/apiextensions/validation/validation.go ValidateCustomResourceDefinitionOpenAPISchema:
 * forbidOldSelfValidations, "may not be set if oldSelf is not used in rule"); the cases are the
 * transition-rule and optionalOldSelf cases of pkg/apis/apiextensions/validation/validation_test.go
 * (TestValidateCustomResourceDefinitionValidation), with upstream's expected field paths.
 */
import { describe, expect, it } from 'vitest';
import { checkCrdDefinition } from '../../lib/check/crd-definition';

/** Upstream's paths start at spec.validation.openAPIV3Schema (the internal type); a v1 CRD's at the version. */
const UP = 'spec.validation.openAPIV3Schema';
const OURS = 'spec.versions[0].schema.openAPIV3Schema';

function findings(schema: any): string[] {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }] },
  };
  return checkCrdDefinition(crd).map((v) => v.field.replace(OURS, UP));
}

const withValue = (value: any): any => ({ type: 'object', properties: { value } });
const rules = (r: string, extra: Record<string, any> = {}): any => ({ 'x-kubernetes-validations': [{ rule: r, ...extra }] });
const transition = rules('self == oldSelf');
const optionalTransition = rules('self == oldSelf.orValue("")', { optionalOldSelf: true });
const stringWith = (x: any): any => ({ type: 'string', maxLength: 10, ...x });
const mapListItem = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 5 } } };

const CASES: Array<[string, any, string[]]> = [
  ['forbid transition rule on element of list of type atomic', withValue({ 'type': 'array', 'x-kubernetes-list-type': 'atomic', 'items': stringWith(transition) }),
    [`${UP}.properties[value].items.x-kubernetes-validations[0].rule`]],
  ['forbid transition rule on element of list defaulting to type atomic', withValue({ type: 'array', items: stringWith(transition) }),
    [`${UP}.properties[value].items.x-kubernetes-validations[0].rule`]],
  ['allow transition rule on list of type atomic', withValue({ 'type': 'array', 'maxItems': 10, 'x-kubernetes-list-type': 'atomic', 'items': stringWith({}), ...transition }), []],
  ['allow transition rule on list defaulting to type atomic', withValue({ type: 'array', maxItems: 10, items: stringWith({}), ...transition }), []],
  ['forbid transition rule on element of list of type set', withValue({ 'type': 'array', 'maxItems': 10, 'x-kubernetes-list-type': 'set', 'items': stringWith(transition) }),
    [`${UP}.properties[value].items.x-kubernetes-validations[0].rule`]],
  ['allow transition rule on list of type set', withValue({ 'type': 'array', 'maxItems': 10, 'x-kubernetes-list-type': 'set', 'items': stringWith({}), ...transition }), []],
  ['allow transition rule on element of list of type map', withValue({ 'type': 'array', 'maxItems': 10, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'items': { ...mapListItem, ...transition } }), []],
  ['allow transition rule on list of type map', withValue({ 'type': 'array', 'maxItems': 10, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], 'items': mapListItem, ...transition }), []],
  ['allow transition rule on element of map of type granular', withValue({ 'type': 'object', 'x-kubernetes-map-type': 'granular', 'properties': { subfield: stringWith(transition) } }), []],
  ['forbid transition rule on element of map of unrecognized type', withValue({ 'type': 'object', 'x-kubernetes-map-type': 'future', 'properties': { subfield: stringWith(transition) } }),
    [`${UP}.properties[value].properties[subfield].x-kubernetes-validations[0].rule`, `${UP}.properties[value].x-kubernetes-map-type`]],
  ['allow transition rule on element of map defaulting to type granular', withValue({ type: 'object', properties: { subfield: stringWith(transition) } }), []],
  ['allow transition rule on map of type granular', withValue({ 'type': 'object', 'x-kubernetes-map-type': 'granular', ...transition }), []],
  ['allow transition rule on map defaulting to type granular', withValue({ type: 'object', ...transition }), []],
  ['allow transition rule on element of map of type atomic', withValue({ 'type': 'object', 'x-kubernetes-map-type': 'atomic', 'properties': { subfield: { type: 'object', ...transition } } }), []],
  ['allow transition rule on map of type atomic', withValue({ 'type': 'object', 'x-kubernetes-map-type': 'atomic', ...transition }), []],
  ['forbid transition rule on element of list of type atomic when optionalOldSelf is set', withValue({ 'type': 'array', 'x-kubernetes-list-type': 'atomic', 'items': stringWith(optionalTransition) }),
    [`${UP}.properties[value].items.x-kubernetes-validations[0].rule`]],
  ['forbid transition rule on element of list defaulting to type atomic when optionalOldSelf is set', withValue({ type: 'array', items: stringWith(optionalTransition) }),
    [`${UP}.properties[value].items.x-kubernetes-validations[0].rule`]],
  ['forbid transition rule on element of list of type set when optionalOldSelf is set', withValue({ 'type': 'array', 'maxItems': 10, 'x-kubernetes-list-type': 'set', 'items': stringWith(optionalTransition) }),
    [`${UP}.properties[value].items.x-kubernetes-validations[0].rule`]],
  ['forbid transition rule on element of map of unrecognized type when optionalOldSelf is set', withValue({ 'type': 'object', 'x-kubernetes-map-type': 'future', 'properties': { subfield: stringWith(optionalTransition) } }),
    [`${UP}.properties[value].properties[subfield].x-kubernetes-validations[0].rule`, `${UP}.properties[value].x-kubernetes-map-type`]],
  ['forbid setting optionalOldSelf to true if oldSelf is not used', withValue(stringWith(rules('self == "foo"', { optionalOldSelf: true }))),
    [`${UP}.properties[value].x-kubernetes-validations[0].optionalOldSelf`]],
  ['forbid setting optionalOldSelf to false if oldSelf is not used', withValue(stringWith(rules('self == "foo"', { optionalOldSelf: false }))),
    [`${UP}.properties[value].x-kubernetes-validations[0].optionalOldSelf`]],
];

describe('transition rules in a CRD (validation_test.go, 21 cases)', () => {
  for (const [name, schema, expected] of CASES) {
    it(name, () => expect(findings(schema)).toEqual(expected));
  }

  it('says where the uncorrelatable portion starts, as upstream does', () => {
    const crd = withValue({ type: 'array', items: stringWith(transition) });
    const v = checkCrdDefinition({ spec: { versions: [{ schema: { openAPIV3Schema: crd } }] } });
    expect(v[0].problem).toBe(`oldSelf cannot be used on the uncorrelatable portion of the schema within ${OURS}.properties[value]`);
  });

  it('keeps the highest uncorrelatable ancestor for nested lists', () => {
    const crd = withValue({ type: 'array', items: { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], 'items': { type: 'object', required: ['k'], properties: { k: { type: 'string', ...transition } } } } });
    const v = checkCrdDefinition({ spec: { versions: [{ schema: { openAPIV3Schema: crd } }] } });
    expect(v.map((x) => x.problem)).toEqual([`oldSelf cannot be used on the uncorrelatable portion of the schema within ${OURS}.properties[value]`]);
  });
});
