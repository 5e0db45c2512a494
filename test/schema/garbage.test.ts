import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, FIXTURE_NAMES } from './fixtures';
import { checkSchema } from '../../lib/schema';

describe('checkSchema on garbage input', () => {
  for (const [label, input] of [
    ['null', null], ['undefined', undefined], ['a number', 42], ['a string', 'kind: Pod'], ['a boolean', true],
    ['an array', [{ apiVersion: 'v1', kind: 'Pod' }]], ['a function', () => 1],
  ] as Array<[string, unknown]>) {
    it(`fails when the manifest is ${label}`, () => {
      const found = checkSchema(input);
      expect(found).toHaveLength(1);
      expect(found[0].checkId).toBe('schema/type');
      expect(found[0].problem).toBe('a manifest must be an object with apiVersion, kind and metadata');
    });
  }

  it('fails when apiVersion and kind are not strings', () => {
    expect(checkSchema({ apiVersion: 1, kind: ['Pod'] }).map((v) => `${v.field}: ${v.problem}`)).toEqual([
      'apiVersion: must be a string',
      'kind: must be a string',
    ]);
  });

  it('reports instead of throwing when a getter throws', () => {
    const pod = fixture('restrictedPod');
    Object.defineProperty(pod.spec, 'hostUsers', { enumerable: true, get: () => { throw new Error('boom'); } });
    const found = checkSchema(pod);
    expect(found.at(-1)?.problem).toBe('could not be read as a manifest');
    expect(found.at(-1)?.fix).toContain('boom');
  });

  it('stops at a cycle instead of recursing forever', () => {
    const crd: any = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'things.example.com' },
      spec: { group: 'example.com', names: { plural: 'things', kind: 'Thing' }, scope: 'Namespaced', versions: [] },
    };
    const schema: any = { type: 'object', properties: {} };
    schema.properties.self = schema;
    crd.spec.versions.push({ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } });
    const found = checkSchema(crd);
    expect(found.map((v) => v.problem)).toEqual([expect.stringContaining('is nested more than 100 levels deep')]);
  });

  it('rejects non-JSON values (bigint, symbol, function) as type errors', () => {
    const pod = fixture('restrictedPod');
    pod.spec.activeDeadlineSeconds = BigInt(5);
    pod.spec.hostname = Symbol('h');
    pod.spec.containers[0].image = () => 'x';
    expect(checkSchema(pod).map((v) => `${v.checkId} ${v.field}`)).toEqual([
      'schema/type spec.containers[0].image',
      'schema/type spec.activeDeadlineSeconds',
      'schema/type spec.hostname',
    ]);
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      expect(Array.isArray(checkSchema(value))).toBe(true);
    }), { numRuns: 300 });
  });

  it('never throws when any field of a valid object is replaced by arbitrary JSON', () => {
    const paths: Array<[string, string[]]> = [];
    const collect = (name: string, v: unknown, path: string[]): void => {
      paths.push([name, path]);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) collect(name, c, [...path, k]);
    };
    for (const name of FIXTURE_NAMES) collect(name, fixture(name), []);
    fc.assert(fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), ([name, path], value) => {
      const obj = fixture(name as any);
      if (path.length === 0) return;
      let parent: any = obj;
      for (const seg of path.slice(0, -1)) parent = parent[seg];
      parent[path[path.length - 1]] = value;
      const found = checkSchema(obj);
      for (const v of found) {
        expect(typeof v.checkId).toBe('string');
        expect(typeof v.problem).toBe('string');
      }
    }), { numRuns: 500 });
  });
});

describe('checkSchema on self-referencing lists', () => {
  it('stops at a List that contains itself', () => {
    const list: any = { apiVersion: 'v1', kind: 'List', items: [] };
    list.items.push(list);
    const found = checkSchema(list);
    expect(found).toHaveLength(1);
    expect(found[0].problem).toBe('is nested more than 100 levels deep');
  });
});
