import { describe, expect, it } from 'vitest';
import { allContainersOf, containersOf, hasPodSpec, podSpecsOf } from '../../lib/check/pod-spec';

const spec = { containers: [{ name: 'a', image: 'x' }] };
const template = { metadata: { labels: { app: 'x' } }, spec };

describe('podSpecsOf', () => {
  it.each([
    ['v1', 'Pod', { spec }, 'spec', 'metadata'],
    ['v1', 'PodTemplate', { template }, 'template.spec', 'template.metadata'],
    ['v1', 'ReplicationController', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
    ['apps/v1', 'Deployment', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
    ['apps/v1', 'StatefulSet', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
    ['apps/v1', 'DaemonSet', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
    ['apps/v1', 'ReplicaSet', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
    ['batch/v1', 'Job', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
    ['batch/v1', 'CronJob', { spec: { jobTemplate: { spec: { template } } } }, 'spec.jobTemplate.spec.template.spec', 'spec.jobTemplate.spec.template.metadata'],
  ])('finds the pod spec of %s %s', (apiVersion, kind, body, path, metadataPath) => {
    const obj = { apiVersion, kind, metadata: { name: 'n' }, ...body };
    const found = podSpecsOf(obj);
    expect(found).toHaveLength(1);
    expect(found[0].path).toBe(path);
    expect(found[0].spec).toBe(spec);
    expect(found[0].metadataPath).toBe(metadataPath);
    expect(hasPodSpec(obj)).toBe(true);
  });

  it('finds nothing in kinds without pod specs, wrong versions and malformed input', () => {
    expect(podSpecsOf({ apiVersion: 'v1', kind: 'ConfigMap', data: {} })).toEqual([]);
    expect(podSpecsOf({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', spec: { template } })).toEqual([]);
    expect(podSpecsOf({ apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: 'x' } })).toEqual([]);
    expect(podSpecsOf({ apiVersion: 'v1', kind: 'Pod', spec: [] })).toEqual([]);
    expect(podSpecsOf(null)).toEqual([]);
    expect(podSpecsOf('Pod')).toEqual([]);
  });
});

describe('containersOf', () => {
  it('lists init, app and ephemeral containers with paths, skipping non-objects', () => {
    const s = {
      initContainers: [{ name: 'i' }],
      containers: [{ name: 'a' }, 'bad', { name: 'b' }],
      ephemeralContainers: [{ name: 'e' }],
    };
    expect(containersOf(s, 'spec.template.spec').map((c) => [c.path, c.container.name, c.list])).toEqual([
      ['spec.template.spec.initContainers[0]', 'i', 'initContainers'],
      ['spec.template.spec.containers[0]', 'a', 'containers'],
      ['spec.template.spec.containers[2]', 'b', 'containers'],
      ['spec.template.spec.ephemeralContainers[0]', 'e', 'ephemeralContainers'],
    ]);
  });
  it('walks every container of a CronJob', () => {
    const obj = { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c' }] } } } } } };
    expect(allContainersOf(obj).map((c) => c.path)).toEqual(['spec.jobTemplate.spec.template.spec.containers[0]']);
  });
});
