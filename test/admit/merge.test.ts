import { describe, expect, it } from 'vitest';
import { applyConfiguration } from '../../lib/admit/merge';

const DEPLOYMENT = 'io.k8s.api.apps.v1.Deployment';
const POD = 'io.k8s.api.core.v1.Pod';
const deployment = (spec: Record<string, unknown>) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec });
const template = (podSpec: Record<string, unknown>) => ({ template: { spec: podSpec } });

// Cases transcribed from kubernetes/kubernetes
// staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/mutating/patch/smd_test.go (TestApplyConfiguration),
// with the evaluated apply configuration written as JSON.
describe('applyConfiguration (patch/smd_test.go TestApplyConfiguration)', () => {
  it('adds an entry to a listType=map list', () => {
    const got = applyConfiguration(deployment(template({ volumes: [{ name: 'x' }] })), { spec: template({ volumes: [{ name: 'y' }] }) }, DEPLOYMENT);
    expect(got).toEqual(deployment(template({ volumes: [{ name: 'x' }, { name: 'y' }] })));
  });

  it('updates a listType=map entry by key', () => {
    const got = applyConfiguration(
      deployment(template({ volumes: [{ name: 'x' }, { name: 'y' }] })),
      { spec: template({ volumes: [{ name: 'y', hostPath: { path: 'a' } }] }) }, DEPLOYMENT);
    expect(got).toEqual(deployment(template({ volumes: [{ name: 'x' }, { name: 'y', hostPath: { path: 'a' } }] })));
  });

  it('fails when the patch sets an atomic struct (spec.selector)', () => {
    expect(() => applyConfiguration(deployment({ replicas: 1 }), { spec: { selector: { matchLabels: { l: 'v' } } } }, DEPLOYMENT))
      .toThrow('error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.selector');
  });

  it('fails when the patch sets a field the schema does not declare', () => {
    expect(() => applyConfiguration(deployment({ replicas: 1 }), { spec: { replicasx: 1 } }, DEPLOYMENT))
      .toThrow('error applying patch: failed to convert patch object to typed object: .spec.replicasx: field not declared in schema');
  });

  it('keeps duplicate entries the patch does not touch', () => {
    const live = deployment({ replicas: 1, ...template({ containers: [{ name: 'nginx', env: [{ name: 'test', value: 'a' }, { name: 'test', value: 'b' }] }] }) });
    const got: any = applyConfiguration(live, { spec: { replicas: 3 } }, DEPLOYMENT);
    expect(got.spec.replicas).toBe(3);
    expect(got.spec.template.spec.containers[0].env).toEqual([{ name: 'test', value: 'a' }, { name: 'test', value: 'b' }]);
  });

  it('consolidates duplicate entries of the key the patch merges', () => {
    const live = deployment(template({ containers: [{ name: 'nginx', env: [{ name: 'test', value: 'a' }, { name: 'test', value: 'b' }, { name: 'foo', value: 'bar' }] }] }));
    const got: any = applyConfiguration(live, { spec: template({ containers: [{ name: 'nginx', env: [{ name: 'test', value: 'c' }] }] }) }, DEPLOYMENT);
    expect(got.spec.template.spec.containers[0].env).toEqual([{ name: 'test', value: 'c' }, { name: 'foo', value: 'bar' }]);
  });
});

describe('applyConfiguration: structured-merge-diff semantics from the 1.36 schema', () => {
  it('merges granular maps key by key and structs field by field', () => {
    const live = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: '1' } }, spec: { containers: [{ name: 'c', image: 'i' }], securityContext: { runAsUser: 1000 } } };
    const got: any = applyConfiguration(live, { metadata: { labels: { b: '2' } }, spec: { securityContext: { runAsNonRoot: true } } }, POD);
    expect(got.metadata.labels).toEqual({ a: '1', b: '2' });
    expect(got.spec.securityContext).toEqual({ runAsUser: 1000, runAsNonRoot: true });
  });

  it('places a new list-map entry before the shared entry it precedes in the patch', () => {
    const live = { spec: { containers: [{ name: 'a', image: 'a' }, { name: 'b', image: 'b' }] } };
    const got: any = applyConfiguration(live, { spec: { containers: [{ name: 'x', image: 'x' }, { name: 'a' }] } }, POD);
    expect(got.spec.containers.map((c: any) => c.name)).toEqual(['x', 'a', 'b']);
  });

  it('merges listType=set lists by value (finalizers)', () => {
    const live = { metadata: { name: 'p', finalizers: ['a', 'b'] } };
    const got: any = applyConfiguration(live, { metadata: { finalizers: ['b', 'c'] } }, POD);
    expect(got.metadata.finalizers).toEqual(['a', 'b', 'c']);
  });

  it('fails when the patch sets an atomic list inside a list-map entry (capabilities.drop)', () => {
    const live = { spec: { containers: [{ name: 'a', image: 'a' }] } };
    expect(() => applyConfiguration(live, { spec: { containers: [{ name: 'a', securityContext: { capabilities: { drop: ['ALL'] } } }] } }, POD))
      .toThrow('error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.containers[0].securityContext.capabilities.drop');
  });

  it('does not change the live object', () => {
    const live = { metadata: { name: 'p', labels: { a: '1' } } };
    applyConfiguration(live, { metadata: { labels: { b: '2' } } }, POD);
    expect(live).toEqual({ metadata: { name: 'p', labels: { a: '1' } } });
  });
});
