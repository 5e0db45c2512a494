import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../lib/admit/json-patch';

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

  it('fails when replace targets a missing key', () => {
    expect(() => applyJsonPatch(pod(), [{ op: 'replace', path: '/metadata/namespace', value: 'x' }]))
      .toThrow('replace operation does not apply: doc is missing key: /metadata/namespace: missing value');
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
