import { describe, expect, it } from 'vitest';
import upstream from './fixtures/evanphx-json-patch-v4.12.0-cases.json';
import { applyJsonPatch, applyJsonPatchOrFailTest, JsonPatchTestFailed } from '../../lib/admit/json-patch';

// Behaviour of gopkg.in/evanphx/json-patch.v4 as used by kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch/json_patch.go.
describe('applyJsonPatch (patch/json_patch.go)', () => {
  const pod = () => ({ metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }] } });

  it('adds, replaces and removes in order on a copy', () => {
    const input = pod();
    const got = applyJsonPatch(input, [
      { op: 'add', path: '/metadata/labels', value: { a: '1' } },
      { op: 'add', path: '/metadata/labels/b', value: '2' },
      { op: 'replace', path: '/metadata/name', value: 'q' },
      { op: 'remove', path: '/metadata/labels/a' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'b' } },
      { op: 'add', path: '/spec/containers/0', value: { name: 'first' } },
    ]);
    expect(got).toEqual({ metadata: { name: 'q', labels: { b: '2' } }, spec: { containers: [{ name: 'first' }, { name: 'a' }, { name: 'b' }] } });
    expect(input).toEqual(pod());
  });

  it('unescapes ~1 and ~0 in keys', () => {
    const got: any = applyJsonPatch({ metadata: { annotations: {} } }, [{ op: 'add', path: '/metadata/annotations/example.com~1a~0b', value: 'v' }]);
    expect(got.metadata.annotations).toEqual({ 'example.com/a~b': 'v' });
  });

  it('fails when add targets a missing parent (an object without annotations)', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'add', path: '/metadata/annotations/team', value: 'web' }]))
      .toThrow('add operation does not apply: doc is missing path: "/metadata/annotations/team": missing value');
  });

  it('adds a missing object key on replace (partialDoc.get never fails in v4)', () => {
    expect(applyJsonPatch(pod(), [{ op: 'replace', path: '/metadata/namespace', value: 'x' }])).toMatchObject({ metadata: { name: 'p', namespace: 'x' } });
  });

  it('fails when replace targets the end of a list (/-)', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'replace', path: '/spec/containers/-', value: {} }]))
      .toThrow('replace operation does not apply: doc is missing key: /spec/containers/-: missing value');
  });

  it('fails when remove targets a missing key, with the library wording', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'remove', path: '/metadata/labels' }]))
      .toThrow("error in remove for path: '/metadata/labels': Unable to remove nonexistent key: labels: missing value");
  });

  it('fails when add targets the root path', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'add', path: '', value: {} }])).toThrow('add operation does not apply: doc is missing path: "": missing value');
  });

  it('ignores a replace of the root with a scalar (errors.Wrapf(nil) is nil upstream) and replaces it with an object', () => {
    expect(applyJsonPatch(pod(), [{ op: 'replace', path: '', value: 'x' }])).toEqual(pod());
    expect(applyJsonPatch(pod(), [{ op: 'replace', path: '', value: { kind: 'X' } }])).toEqual({ kind: 'X' });
  });

  it('keeps a key named __proto__ as data', () => {
    const got: any = applyJsonPatch({ metadata: { labels: {} } }, [{ op: 'add', path: '/metadata/labels/__proto__', value: 'x' }]);
    expect(Object.keys(got.metadata.labels)).toEqual(['__proto__']);
    expect(JSON.stringify(got)).toBe('{"metadata":{"labels":{"__proto__":"x"}}}');
    expect(Object.getPrototypeOf(got.metadata.labels)).toBe(Object.prototype);
  });

  it('copies from a missing object key as null (deepCopy(nil))', () => {
    expect(applyJsonPatch({ a: {} }, [{ op: 'copy', from: '/a/x', path: '/a/y' }])).toEqual({ a: { y: null } });
  });

  it('counts negative indices from the end', () => {
    expect(applyJsonPatch({ a: [1, 2] }, [{ op: 'add', path: '/a/-1', value: 3 }])).toEqual({ a: [1, 2, 3] });
    expect(applyJsonPatch({ a: [1, 2] }, [{ op: 'remove', path: '/a/-1' }])).toEqual({ a: [1] });
  });

  it('fails when copies exceed the 3 MiB accumulated copy limit (JSONPatchMaxCopyBytes), without exhausting memory', () => {
    const big = 'x'.repeat(1024 * 1024);
    const ops = Array.from({ length: 24 }, (_, i) => ({ op: 'copy', from: i === 0 ? '/a' : `/c${i - 1}`, path: `/c${i}` }));
    const t = Date.now();
    expect(() => applyJsonPatch({ a: { b: [big] } }, ops)).toThrow(/Unable to complete the copy, the accumulated size increase of copy is \d+, exceeding the limit 3145728/);
    // doubling copies (each copies the whole document so far)
    const dbl = Array.from({ length: 24 }, () => ({ op: 'copy', from: '/a', path: '/a/-' }));
    expect(() => applyJsonPatch({ a: [big.slice(0, 1000)] }, dbl)).toThrow(/exceeding the limit/);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('applies 20,000 operations in linear time', () => {
    const ops = Array.from({ length: 20000 }, (_, i) => ({ op: 'add', path: `/metadata/labels/k${i}`, value: 'v' }));
    const t = Date.now();
    const got: any = applyJsonPatch({ metadata: { labels: {} } }, ops);
    expect(Object.keys(got.metadata.labels)).toHaveLength(20000);
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it('fails when an index is out of range', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'add', path: '/spec/containers/5', value: {} }])).toThrow('Unable to access invalid index: 5: invalid index referenced');
  });

  it('leaves the object unchanged, without an error, when a test operation fails', () => {
    const input = pod();
    const got = applyJsonPatch(input, [{ op: 'add', path: '/metadata/labels', value: { a: '1' } }, { op: 'test', path: '/metadata/name', value: 'other' }]);
    expect(got).toEqual(pod());
  });

  it('copies and moves values', () => {
    const got = applyJsonPatch({ a: { x: 1 }, b: {} }, [{ op: 'copy', from: '/a/x', path: '/b/y' }, { op: 'move', from: '/a', path: '/c' }]);
    expect(got).toEqual({ b: { y: 1 }, c: { x: 1 } });
  });
});

// Translated from gopkg.in/evanphx/json-patch.v4 patch_test.go (tag v4.12.0; the apiserver
// pins v4.13.0, whose patch.go the mirror does not have): Cases, MutationTestCases,
// BadCases and TestCases, with AccumulatedCopySizeLimit = 100 as TestAllCases sets it.
describe('evanphx/json-patch v4 patch_test.go tables', () => {
  const apply = (doc: string, patch: string) => applyJsonPatchOrFailTest(JSON.parse(doc), JSON.parse(patch), { maxCopyBytes: 100 });
  // Left out: Cases[0] (an empty byte document, which an admitted object never is) and the
  // cases whose document is an array (upstream compareJSON decodes both sides into a map,
  // fails on arrays and so compares nil with nil: those cases assert nothing).
  const cases = (upstream.Cases as string[][]).filter((c) => c[0] !== '' && !c[0].trim().startsWith('['));
  it.each(cases.map((c, i) => [i, ...c]))('Cases[%i] applies', (_i, doc, patch, result) => {
    expect(apply(doc as string, patch as string)).toEqual(JSON.parse(result as string));
  });
  it.each((upstream.MutationTestCases as string[][]).map((c, i) => [i, ...c]))('MutationTestCases[%i] changes the document', (_i, doc, patch) => {
    expect(apply(doc as string, patch as string)).not.toEqual(JSON.parse(doc as string));
  });
  it.each((upstream.BadCases as string[][]).map((c, i) => [i, ...c]))('BadCases[%i] fails', (_i, doc, patch) => {
    expect(() => apply(doc as string, patch as string)).toThrow();
  });
  it.each((upstream.TestCases as any[][]).map((c, i) => [i, ...c]))('TestCases[%i]', (_i, doc, patch, ok, failedPath) => {
    if (ok) {
      expect(() => apply(doc, patch)).not.toThrow();
    } else {
      expect(() => apply(doc, patch)).toThrow(JsonPatchTestFailed);
      expect(() => apply(doc, patch)).toThrow(`testing value ${failedPath} failed: test failed`);
    }
  });
});

