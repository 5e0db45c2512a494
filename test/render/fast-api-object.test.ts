import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FastApiObject } from '../../lib/render/fast-api-object';

/** What cdk8s itself renders for the same object. */
function cdk8sJson(obj: ApiObject): any {
  return ApiObject.prototype.toJson.call(obj);
}

function chart(app: App = Testing.app()): Chart {
  return new Chart(app, 'c');
}

// Plain JSON values, including nulls and undefined members that cdk8s drops, and keys
// whose order differs from their sorted order.
const key = fc.oneof(fc.constantFrom('b', 'a', 'Z', '_x', '10', '2', 'metadata-ish', 'ä'), fc.string({ maxLength: 6 }))
  .filter((k) => k !== '__proto__');
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(),
    fc.constant(null), fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

describe('FastApiObject renders exactly what ApiObject renders', () => {
  afterEach(() => {
    delete process.env.CDK8S_DISABLE_SORT;
  });

  it('for generated plain bodies, with and without JSON patches', () => {
    fc.assert(fc.property(fc.dictionary(key.filter((k) => !['apiVersion', 'kind', 'metadata'].includes(k)), json, { maxKeys: 5, noNullPrototype: true }), fc.boolean(), (body, patch) => {
      const obj = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { b: '1', a: '2' } }, ...body });
      if (patch) obj.addJsonPatch(JsonPatch.add('/zz', { y: 1, x: [null, 2] }));
      const fast = obj.render();
      expect(fast.json).toEqual(cdk8sJson(obj));
      expect(JSON.stringify(fast.json)).toBe(JSON.stringify(cdk8sJson(obj)));
      expect(fast.pristine).toBe(!patch);
    }), { numRuns: 300 });
  });

  it('for generated metadata (labels, annotations, finalizers, owner references, extra fields)', () => {
    const map = fc.dictionary(key, fc.string({ maxLength: 4 }), { maxKeys: 3, noNullPrototype: true });
    fc.assert(fc.property(
      fc.option(fc.string({ maxLength: 6 }), { nil: undefined }), fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
      map, map, fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), fc.array(json, { maxLength: 2 }),
      fc.dictionary(key.filter((k) => !['apiObject', 'name', 'namespace', 'labels', 'annotations', 'finalizers', 'ownerReferences'].includes(k)), json,
        { maxKeys: 2, noNullPrototype: true }),
      (name, namespace, labels, annotations, finalizers, owners, extra) => {
        const obj = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels, annotations, finalizers } });
        for (const o of owners) obj.metadata.addOwnerReference(o as any);
        for (const [k, v] of Object.entries(extra)) obj.metadata.add(k, v);
        obj.metadata.addLabel('late', 'x');
        expect(JSON.stringify(obj.toJson())).toBe(JSON.stringify(cdk8sJson(obj)));
      }), { numRuns: 300 });
  });

  it('produces top-level Lazy values once and renders them like cdk8s', () => {
    let calls = 0;
    const obj = new FastApiObject(chart(), 'o', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      data: Lazy.any({ produce: () => { calls++; return { b: 'x', a: 'y', gone: undefined }; } }),
    });
    const fast = obj.render();
    expect(calls).toBe(1);
    expect(fast.pristine).toBe(true);
    expect(JSON.stringify(fast.json)).toBe(JSON.stringify(cdk8sJson(obj)));
  });

  it('keeps the unsorted order under CDK8S_DISABLE_SORT, like cdk8s', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    const obj = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { b: '1', a: '2' }, binaryData: {} });
    expect(JSON.stringify(obj.toJson())).toBe(JSON.stringify(cdk8sJson(obj)));
    expect(Object.keys(obj.toJson().data)).toEqual(['b', 'a']);
  });

  it('hands bodies with tokens or class instances to cdk8s (and is then not pristine)', () => {
    const nested = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: Lazy.any({ produce: () => 'late' }) } });
    expect(nested.render()).toEqual({ json: cdk8sJson(nested), pristine: false });
    expect(nested.toJson().data).toEqual({ a: 'late' });
    const size = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: Size.gibibytes(1) } });
    expect(() => size.toJson()).toThrow("can't render non-simple object of type 'Size'");
    const bare = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: Object.create(null) });
    expect(() => bare.toJson()).toThrow(/Failed serializing construct at path 'c\/o'/);
  });

  it('hands everything to cdk8s when the app has a custom resolver', () => {
    class Upper implements IResolver {
      public resolve(ctx: ResolutionContext): void {
        if (typeof ctx.value === 'string' && ctx.value.startsWith('up:')) ctx.replaceValue(ctx.value.slice(3).toUpperCase());
      }
    }
    const app = new App({ resolvers: [new Upper()], outdir: Testing.app().outdir });
    const obj = new FastApiObject(chart(app), 'o', { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'up:x' } });
    const fast = obj.render();
    expect(fast.pristine).toBe(false);
    expect(fast.json.data).toEqual({ a: 'X' });
  });

  it('reports a failing JSON patch with the same wording as cdk8s', () => {
    const obj = new FastApiObject(chart(), 'o', { apiVersion: 'v1', kind: 'ConfigMap' });
    obj.addJsonPatch(JsonPatch.replace('/data/missing', 'x'));
    let theirs = '';
    try {
      cdk8sJson(obj);
    } catch (e: any) {
      theirs = e.message;
    }
    expect(theirs).toMatch(/^Failed serializing construct at path 'c\/o'/);
    expect(() => obj.toJson()).toThrow(theirs);
  });
});
