import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allKinds, atomicPrefix, gaVersions, isAtomicPath, lookupKind, lookupType, resolvePath, resolveType, rootTypeName, servedVersions,
} from '../../lib/schema';
import { defaultInput, generate, generateTypes } from '../../scripts/gen-schema';

const GENERATED = join(__dirname, '..', '..', 'lib', 'schema', 'catalog.generated.ts');
const GENERATED_TYPES = join(__dirname, '..', '..', 'lib', 'schema', 'k8s-types.generated.ts');

describe('catalog look-ups', () => {
  it('maps apiVersion/kind to the root type', () => {
    expect(rootTypeName('v1', 'Pod')).toBe('io.k8s.api.core.v1.Pod');
    expect(rootTypeName('admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy')).toBe('io.k8s.api.admissionregistration.v1.MutatingAdmissionPolicy');
    expect(rootTypeName('resource.k8s.io/v1', 'DeviceClass')).toBe('io.k8s.api.resource.v1.DeviceClass');
    expect(rootTypeName('resource.k8s.io/v1alpha2', 'ResourceClaimParameters')).toBeUndefined();
    expect(rootTypeName('v1', 'Nope')).toBeUndefined();
  });

  it('walks objects, list items and map values', () => {
    const pod = 'io.k8s.api.core.v1.Pod';
    expect(resolvePath(pod, ['spec', 'containers'])).toEqual({
      name: 'containers',
      required: true,
      type: { kind: 'array', items: { kind: 'object', name: 'io.k8s.api.core.v1.Container' }, listType: 'map', mapKeys: ['name'] },
    });
    expect(resolvePath(pod, ['spec', 'containers', 'image'])?.type).toEqual({ kind: 'string' });
    expect(resolvePath(pod, ['spec', 'containers', '[]'])?.type).toEqual({ kind: 'object', name: 'io.k8s.api.core.v1.Container' });
    expect(resolvePath(pod, ['spec', 'containers', '0', 'ports', 'containerPort'])?.type).toEqual({ kind: 'integer', format: 'int32' });
    expect(resolvePath(pod, ['spec', 'containers', 'resources', 'limits', 'cpu'])?.type).toEqual({ kind: 'quantity' });
    expect(resolvePath(pod, ['metadata', 'labels', 'app'])?.type).toEqual({ kind: 'string' });
    expect(resolveType(pod, [])).toEqual({ kind: 'object', name: pod });
  });

  it('returns undefined for unknown fields, paths through scalars and unknown types', () => {
    expect(resolvePath('io.k8s.api.core.v1.Pod', ['spec', 'containres'])).toBeUndefined();
    expect(resolvePath('io.k8s.api.core.v1.Pod', ['spec', 'hostUsers', 'x'])).toBeUndefined();
    expect(resolvePath('io.k8s.api.core.v1.Nope', ['spec'])).toBeUndefined();
    expect(resolvePath('io.k8s.api.core.v1.Pod', [])).toBeUndefined();
  });

  it('has the CEL request type of authorization matchConditions (SubjectAccessReviewSpec)', () => {
    const sar = lookupType('io.k8s.api.authorization.v1.SubjectAccessReviewSpec');
    expect(Object.keys(sar?.fields ?? {})).toEqual(['extra', 'groups', 'nonResourceAttributes', 'resourceAttributes', 'uid', 'user']);
    expect(resolvePath('io.k8s.api.authorization.v1.SubjectAccessReviewSpec', ['resourceAttributes', 'labelSelector', 'rawSelector'])?.type)
      .toEqual({ kind: 'string' });
  });

  it('records required fields and group/version/kinds on types', () => {
    const container = lookupType('io.k8s.api.core.v1.Container');
    expect(container?.required).toEqual(['name']);
    expect(container?.fields.name.required).toBe(true);
    expect(lookupType('io.k8s.api.core.v1.Pod')?.gvk).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
  });

  it('knows which versions 1.36 serves and which are GA', () => {
    expect(servedVersions('admissionregistration.k8s.io', 'MutatingAdmissionPolicy')).toEqual(['v1', 'v1beta1', 'v1alpha1']);
    expect(gaVersions('resource.k8s.io', 'ResourceClaim')).toEqual(['v1']);
    expect(gaVersions('autoscaling', 'HorizontalPodAutoscaler')).toEqual(['v2', 'v1']);
    expect(servedVersions('flowcontrol.apiserver.k8s.io', 'FlowSchema')).toEqual(['v1']);
    expect(lookupKind('v1', 'Pod')).toMatchObject({ namespaced: true, ga: true, resource: true });
    expect(lookupKind('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema')).toMatchObject({ namespaced: false });
    expect(lookupKind('v1', 'PodList')).toMatchObject({ list: true, resource: false });
  });

  it('covers the GA kinds this project uses', () => {
    const ga = new Set(allKinds().filter((k) => k.ga && k.resource).map((k) => `${k.apiVersion} ${k.kind}`));
    for (const k of [
      'v1 Pod', 'v1 Service', 'v1 ConfigMap', 'v1 Secret', 'v1 ServiceAccount', 'v1 Namespace', 'v1 PersistentVolumeClaim',
      'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy', 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding',
      'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy', 'resource.k8s.io/v1 ResourceClaim', 'resource.k8s.io/v1 ResourceClaimTemplate',
      'resource.k8s.io/v1 DeviceClass', 'flowcontrol.apiserver.k8s.io/v1 FlowSchema', 'flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration',
      'authorization.k8s.io/v1 SubjectAccessReview', 'apps/v1 Deployment', 'apps/v1 StatefulSet', 'apps/v1 DaemonSet', 'batch/v1 Job', 'batch/v1 CronJob',
      'networking.k8s.io/v1 NetworkPolicy', 'policy/v1 PodDisruptionBudget', 'rbac.authorization.k8s.io/v1 RoleBinding',
    ]) expect(ga.has(k), k).toBe(true);
  });
});

describe('atomic markers', () => {
  const pod = 'io.k8s.api.core.v1.Pod';
  it('marks atomic structs (structType=atomic) from the swagger', () => {
    for (const t of ['admissionregistration.v1.MatchResources', 'admissionregistration.v1.ParamKind', 'admissionregistration.v1.ParamRef', 'core.v1.ObjectFieldSelector']) {
      expect(lookupType(`io.k8s.api.${t}`)?.atomic, t).toBe(true);
    }
    expect(lookupType('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')?.atomic).toBe(true);
    expect(lookupType('io.k8s.api.core.v1.Container')?.atomic).toBe(false);
  });

  it('finds atomic lists, maps and structs on a path', () => {
    expect(atomicPrefix(pod, ['spec', 'containers', 'securityContext', 'capabilities', 'drop'])).toEqual(['spec', 'containers', 'securityContext', 'capabilities', 'drop']);
    expect(atomicPrefix(pod, ['spec', 'initContainers', 'args'])).toEqual(['spec', 'initContainers', 'args']);
    expect(atomicPrefix(pod, ['spec', 'containers', 'env', 'valueFrom', 'fieldRef', 'fieldPath'])).toEqual(['spec', 'containers', 'env', 'valueFrom', 'fieldRef']);
    expect(isAtomicPath(pod, ['spec', 'nodeSelector'])).toBe(true);
    expect(isAtomicPath(pod, ['spec', 'containers', 'image'])).toBe(false);
    expect(isAtomicPath(pod, ['spec', 'containers', 'env', 'value'])).toBe(false);
    expect(isAtomicPath(pod, ['metadata', 'labels'])).toBe(false);
    expect(isAtomicPath('io.k8s.api.apps.v1.Deployment', ['spec', 'selector', 'matchLabels'])).toBe(true);
  });
});

describe('generated catalog', () => {
  it('stays compact (under 600 KB) and carries no description text', () => {
    expect(statSync(GENERATED).size).toBeLessThan(600 * 1024);
    const text = readFileSync(GENERATED, 'utf8');
    expect(text).not.toContain('More info: https://');
    expect(text.split('\n')[0]).toContain('GENERATED FILE');
    expect(text).toContain('npx tsx scripts/gen-schema.ts');
  });

  const defs = process.env.HARU_K8S_DEFINITIONS ?? defaultInput('v1.36.0-definitions.json');
  const swagger = process.env.HARU_K8S_SWAGGER ?? defaultInput('v1.36.0-swagger.json');
  const haveInputs = existsSync(defs) && existsSync(swagger);
  // The upstream schema files live outside the repository (../shared/k8s); on a machine
  // without them this test cannot run, and the committed catalog is used as-is.
  it.skipIf(!haveInputs)('regenerates byte-identical from the upstream v1.36.0 files (needs ../shared/k8s/v1.36.0-*.json; skipped without them)', () => {
    const first = generate(defs, swagger);
    expect(generate(defs, swagger)).toBe(first);
    expect(first).toBe(readFileSync(GENERATED, 'utf8'));
    const types = generateTypes(defs);
    expect(generateTypes(defs)).toBe(types);
    expect(types).toBe(readFileSync(GENERATED_TYPES, 'utf8'));
  });
});
