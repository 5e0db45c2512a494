/**
 * CRD validation rules as apiextensions-apiserver v0.36 declares and evaluates them:
 * pkg/apiserver/schema/cel (compilation.go, validation.go), apiserver pkg/cel/common
 * (schemas.go SchemaDeclType, valuesunstructured.go UnstructuredToVal), pkg/cel/escaping.go,
 * and the server's order for custom resources (defaulting: prunenulls.go, algorithm.go).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatViolation } from '../../lib/base/errors';
import { CelEnvironment, checkCel } from '../../lib/cel';
import { celEscape, celUnescape } from '../../lib/cel/escaping';
import { CelEvaluationError, CelProgram } from '../../lib/cel/program';
import { CrdSet, checkCustomResource } from '../../lib/check/crd';
import { checkObject } from '../../lib/check/registry';

const FIX = path.join(__dirname, '..', 'fixtures', 'crds');
const docs = (file: string): any[] => parseAllDocuments(fs.readFileSync(path.join(FIX, file), 'utf-8')).map((d) => d.toJSON());
const RULE = CelEnvironment.CRD_VALIDATION_RULE;

function evalRule(rule: string, schema: unknown, self: unknown): unknown {
  return CelProgram.compile(rule, RULE, { selfSchema: schema }).evaluate({ self });
}
function compiles(rule: string, schema: unknown): boolean {
  return checkCel(rule, RULE, { selfSchema: schema }).ok;
}

describe('property-name escaping (apiserver pkg/cel/escaping_test.go)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['foo', 'foo'], ['FOO', 'FOO'], ['_foo', '_foo'], ['foo_', 'foo_'], ['foo__bar', 'foo__underscores__bar'],
    ['true', '__true__'], ['namespace', '__namespace__'], ['in', '__in__'], ['var', '__var__'],
    ['foo-bar', 'foo__dash__bar'], ['foo.bar', 'foo__dot__bar'], ['foo/bar', 'foo__slash__bar'], ['foo__bar__baz', 'foo__underscores__bar__underscores__baz'],
    ['f-o.o/b', 'f__dash__o__dot__o__slash__b'], ['1foo', undefined], ['', undefined], ['foo bar', undefined], ['foo@bar', undefined], ['ünicode', undefined],
  ];
  for (const [name, escaped] of cases) {
    it(`escapes ${JSON.stringify(name)} as ${JSON.stringify(escaped)}`, () => {
      expect(celEscape(name)).toBe(escaped);
      if (escaped !== undefined) expect(celUnescape(escaped)).toBe(name);
    });
  }
  it('refuses to unescape a reserved word inside a longer name', () => {
    expect(celUnescape('x__true__')).toBeUndefined();
    expect(celUnescape('__bogus__')).toBeUndefined();
  });
});

describe('CEL types of schema nodes (schemas.go SchemaDeclType, valuesunstructured.go)', () => {
  const obj = (props: Record<string, unknown>) => ({ type: 'object', properties: props });

  it('reaches escaped property names and not the raw ones', () => {
    const s = obj({ 'namespace': { type: 'string' }, 'foo-bar': { type: 'integer' }, 'a.b': { type: 'string' }, 'x__y': { type: 'string' } });
    const v = { 'namespace': 'ns', 'foo-bar': 3, 'a.b': 'dot', 'x__y': 'u' };
    expect(evalRule("self.__namespace__ == 'ns' && self.foo__dash__bar == 3 && self.a__dot__b == 'dot' && self.x__underscores__y == 'u'", s, v)).toBe(true);
    // a CEL keyword also reaches its escaped property (apiserver types.go FindStructFieldType,
    // recognizeKeywordAsFieldName; compilation_test.go "invalid for escaping": `self.namespace` compiles)
    expect(evalRule("self.namespace == 'ns' && has(self.namespace)", s, v)).toBe(true);
    expect(compiles('self.x__y == "u"', s)).toBe(false);
  });

  it('types format byte as bytes, duration as duration, date and date-time as timestamps', () => {
    const s = obj({ b: { type: 'string', format: 'byte' }, d: { type: 'string', format: 'duration' }, day: { type: 'string', format: 'date' }, t: { type: 'string', format: 'date-time' } });
    const v = { b: 'aGk=', d: '1h30m', day: '2026-02-03', t: '2026-02-03T04:05:06Z' };
    expect(evalRule("self.b == b'hi' && self.d == duration('90m') && self.day == timestamp('2026-02-03T00:00:00Z') && self.t > self.day", s, v)).toBe(true);
    expect(evalRule('type(self.b) == bytes && type(self.d) == google.protobuf.Duration && type(self.t) == google.protobuf.Timestamp', s, v)).toBe(true);
  });

  it('makes a whole number in a type: number field a double', () => {
    const s = obj({ x: { type: 'number' } });
    expect(evalRule('type(self.x) == double && self.x == 2.0', s, { x: 2 })).toBe(true);
  });

  it('treats a null field as absent for has()', () => {
    const s = obj({ x: { type: 'string', nullable: true }, y: { type: 'string' } });
    expect(evalRule('!has(self.x) && has(self.y)', s, { x: null, y: 'a' })).toBe(true);
  });

  it('compares set lists as sets and map lists by key, and merges them with +', () => {
    const s = obj({
      a: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } },
      b: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } },
      m: { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], 'items': obj({ k: { type: 'string' }, v: { type: 'integer' } }) },
      n: { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], 'items': obj({ k: { type: 'string' }, v: { type: 'integer' } }) },
      o: { 'type': 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['k'], 'items': obj({ k: { type: 'string' }, v: { type: 'integer' } }) },
      plain: { type: 'array', items: { type: 'string' } },
    });
    const v = { a: ['x', 'y'], b: ['y', 'x'], m: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }], n: [{ k: 'b', v: 2 }, { k: 'a', v: 1 }], o: [{ k: 'a', v: 5 }, { k: 'c', v: 3 }], plain: ['y', 'x'] };
    expect(evalRule('self.a == self.b && self.m == self.n', s, v)).toBe(true);
    expect(evalRule('self.plain == self.a', s, v)).toBe(false);
    expect(evalRule("self.a + ['y', 'z'] == ['x', 'y', 'z']", s, v)).toBe(true);
    expect(evalRule('(self.m + self.o).map(e, e.v) == [5, 2, 3]', s, v)).toBe(true);
  });

  it('gives the resource root apiVersion, kind and metadata.name/generateName', () => {
    const crds = new CrdSet();
    crds.add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { kind: 'Thing', plural: 'things' },
        versions: [{
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              'type': 'object',
              'x-kubernetes-validations': [{ rule: "self.kind == 'Thing' && self.apiVersion == 'example.com/v1' && self.metadata.name.startsWith('ok-')", message: 'name must start with ok-' }],
              'properties': { spec: { type: 'object', properties: { n: { type: 'integer' } } } },
            },
          },
        }],
      },
    });
    const thing = (name: string) => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name, namespace: 'd' }, spec: { n: 1 } });
    expect(checkObject(thing('ok-1'), { crds })).toEqual([]);
    expect(checkObject(thing('bad'), { crds }).map(formatViolation)).toEqual(['name must start with ok-. Change the value so that the rule "self.kind == \'Thing\' && self.apiVersion == \'example.com/v1\' && self.metadata.name.startsWith(\'ok-\')" holds.']);
  });

  it('does not compile a rule that reads an undeclared field of an embedded resource', () => {
    const s = obj({ e: { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } });
    expect(compiles('has(self.e.spec)', s)).toBe(false);
    expect(compiles("self.e.kind == 'Pod' && self.e.metadata.name != ''", s)).toBe(true);
  });
});

describe('CelProgram.evaluate with a selfSchema refuses data that does not fit', () => {
  it('fails when an integer field holds a string', () => {
    expect(() => evalRule('self.n > 0', { type: 'object', properties: { n: { type: 'integer' } } }, { n: 'x' }))
      .toThrow(new CelEvaluationError('the data does not fit selfSchema: self.n: invalid data, expected int, got string', 'self.n > 0'));
  });
  it('fails when a date-time field holds a bad timestamp', () => {
    expect(() => evalRule('has(self.t)', { type: 'object', properties: { t: { type: 'string', format: 'date-time' } } }, { t: 'yesterday' }))
      .toThrow('the data does not fit selfSchema: self.t: Invalid date-time formatted string yesterday');
  });
});

describe('messageExpression falls back to message (validation.go evalMessageExpression)', () => {
  const crd = (messageExpression: string) => ({
    crd: 'things.example.com',
    namespaced: true,
    schema: { type: 'object', properties: { spec: { 'type': 'object', 'properties': { n: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.n < 0', message: 'fallback', messageExpression }] } } },
  });
  const problem = (me: string) => checkCustomResource({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' }, spec: { n: 1 } }, crd(me)).map((v) => v.problem);
  it('uses the evaluated message', () => expect(problem("'n is ' + string(self.n)")).toEqual(['n is 1']));
  it('falls back when it is empty', () => expect(problem("'   '")).toEqual(['fallback']));
  it('falls back when it has a line break', () => expect(problem("'a\\nb'")).toEqual(['fallback']));
  it('falls back when it is longer than 5120 bytes', () => expect(problem("'x'.repeat(5121)".replace("'x'.repeat(5121)", "strings.quote('') + " + "'" + 'x'.repeat(5121) + "'"))).toEqual(['fallback']));
  it('falls back when it fails', () => expect(problem('string(1/0)')).toEqual(['fallback']));
});

describe('rules are not run when the schema finds blocking errors (customresource strategy.go hasBlockingErr)', () => {
  it('says so instead of running the rules', () => {
    const crd = { crd: 'things.example.com', namespaced: true, schema: { type: 'object', properties: { spec: { 'type': 'object', 'required': ['n'], 'properties': { n: { type: 'integer' }, m: { type: 'integer' } }, 'x-kubernetes-validations': [{ rule: 'self.m > 0' }] } } } };
    const out = checkCustomResource({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x' }, spec: { m: 0 } }, crd);
    expect(out.map((v) => v.checkId)).toEqual(['crd/required', 'crd/rules-not-checked']);
    expect(out[1].problem).toBe('some validation rules were not checked because the object was invalid; correct the existing errors to complete validation');
  });
});

describe('Gateway API v1.6.1 HTTPRoute (the real CRD and its published examples)', () => {
  const crds = new CrdSet();
  for (const d of docs('gateway-api-httproute-v1.6.1.yaml')) crds.add(d);
  const examples = docs('gateway-api-httproute-examples.yaml');

  it('accepts every published example (defaults applied before the rules, reserved names escaped)', () => {
    for (const e of examples) expect(checkObject({ ...e, metadata: { ...e.metadata, namespace: 'default' } }, { crds }).map(formatViolation)).toEqual([]);
  });

  it('fails when a path match has a value that does not start with /', () => {
    const bad = structuredClone(examples[1]);
    bad.metadata.namespace = 'default';
    bad.spec.rules[0].matches[0].path.value = 'login';
    const out = checkObject(bad, { crds }).map(formatViolation);
    expect(out.join('\n')).toContain('value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']');
  });

  it('fails when two parentRefs are the same', () => {
    const bad = structuredClone(examples[0]);
    bad.metadata.namespace = 'default';
    bad.spec.parentRefs.push({ name: 'prod-web' });
    expect(checkObject(bad, { crds }).map(formatViolation).join('\n')).toContain('sectionName must be unique when parentRefs includes 2 or more references to the same parent');
  });
});
