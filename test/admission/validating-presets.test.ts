/**
 * The validation presets proven by running them: each synthesised ValidatingAdmissionPolicy
 * goes through the offline admission engine (lib/admit, which runs VAPs as a 1.36 API server
 * does) on real objects — Pods and the pod templates of Deployments, StatefulSets, Jobs and
 * CronJobs; containers, init containers and ephemeral containers; images with digests,
 * registry ports, implicit docker.io/library, upper case, tag + digest.
 */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AdmissionEngine, AdmissionOperation, ResourceRule, ValidatingPolicy, Validation, ValidationAction } from '../../lib';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const WORKLOADS = [
  ResourceRule.pods(), ResourceRule.ephemeralContainers(), ResourceRule.deployments(),
  ResourceRule.statefulSets(), ResourceRule.jobs(), ResourceRule.cronJobs(),
];

function engineFor(validations: Validation[], options: { actions?: ValidationAction[]; name?: string } = {}): AdmissionEngine {
  const chart = Testing.chart();
  new ValidatingPolicy(chart, 'policy', { name: options.name ?? 'images', resourceRules: WORKLOADS, validations, validationActions: options.actions });
  return AdmissionEngine.fromChart(chart);
}

type Place = 'containers' | 'initContainers' | 'ephemeralContainers';

/** A pod spec whose one container in `place` runs `image` (next to a compliant app container). */
function podSpec(image: string, place: Place): any {
  const ok = { name: 'app', image: 'registry.example.com/app:1.0' };
  const spec: any = { containers: [ok], restartPolicy: 'Always' };
  if (place === 'containers') spec.containers = [ok, { name: 'probe', image }];
  else spec[place] = [{ name: 'probe', image }];
  return spec;
}

const meta = (name: string) => ({ name, namespace: 'shop', labels: { team: 'shop', app: name } });

/** The object of `kind` carrying the pod spec. */
function objectOf(kind: string, spec: any): any {
  const template = { metadata: { labels: { app: 'x' } }, spec };
  switch (kind) {
    case 'Pod': return { apiVersion: 'v1', kind, metadata: meta('p'), spec };
    case 'Deployment': return { apiVersion: 'apps/v1', kind, metadata: meta('d'), spec: { selector: { matchLabels: { app: 'x' } }, template } };
    case 'StatefulSet': return { apiVersion: 'apps/v1', kind, metadata: meta('s'), spec: { serviceName: 's', selector: { matchLabels: { app: 'x' } }, template } };
    case 'Job': return { apiVersion: 'batch/v1', kind, metadata: meta('j'), spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } };
    case 'CronJob': return { apiVersion: 'batch/v1', kind, metadata: meta('c'), spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } } } } };
    default: throw new Error(kind);
  }
}

/** Every (kind, place) a container can be in: ephemeral containers only in Pods. */
const PLACES: Array<[string, Place]> = [
  ...['Pod', 'Deployment', 'StatefulSet', 'Job', 'CronJob'].flatMap((k) => [[k, 'containers'], [k, 'initContainers']] as Array<[string, Place]>),
  ['Pod', 'ephemeralContainers'],
];

function matrix(images: Array<[string, boolean]>): Array<[string, string, Place, boolean]> {
  return images.flatMap(([image, admitted]) => PLACES.map(([kind, place]) => [image, kind, place, admitted] as [string, string, Place, boolean]));
}

describe('Validation.allowedRegistries, run through admission', () => {
  const engine = engineFor([Validation.allowedRegistries(['registry.example.com', 'ghcr.io/acme', 'docker.io/library'])]);
  const images: Array<[string, boolean]> = [
    ['registry.example.com/app:1.2', true],
    ['registry.example.com/team/app:1.2', true],
    [`registry.example.com/app@${DIGEST}`, true],
    [`registry.example.com/app:latest@${DIGEST}`, true],
    ['REGISTRY.EXAMPLE.COM/app:1.2', true],
    ['Registry.Example.Com/app:1.2', true],
    ['nginx:1.27', true],
    ['nginx', true],
    [`nginx@${DIGEST}`, true],
    ['docker.io/nginx:1.27', true],
    ['docker.io/library/nginx:1.27', true],
    ['index.docker.io/library/nginx:1.27', true],
    ['ghcr.io/acme/api:2', true],
    ['GHCR.IO/acme/api:2', true],
    ['ghcr.io/acmecorp/api:2', false],
    ['ghcr.io/other/api:2', false],
    ['registry.example.com:5000/app:1.2', false],
    ['registry.example.com.evil.io/app:1.2', false],
    ['evil.io/registry.example.com/app:1.2', false],
    ['bitnami/redis:7', false],
    ['docker.io/bitnami/redis:7', false],
    ['Acme/app:1', false],
    ['localhost/app:1', false],
    ['localhost:5000/app:1', false],
    ['quay.io/prometheus/node-exporter:v1.8.0', false],
  ];
  it.each(matrix(images))('%s in %s %s: admitted %s', (image, kind, place, admitted) => {
    const r = engine.admit(objectOf(kind, podSpec(image, place)));
    expect(r.admitted).toBe(admitted);
    if (!admitted) {
      expect(r.reason).toBe('Forbidden');
      expect(r.message).toContain(`ValidatingAdmissionPolicy 'images' with binding 'images-binding' denied request: images from registries that are not allowed: ${image} (allowed: registry.example.com, ghcr.io/acme, docker.io/library)`);
    }
  });

  it('names every image that is not allowed, across container lists', () => {
    const spec = { containers: [{ name: 'a', image: 'evil.io/a:1' }], initContainers: [{ name: 'b', image: 'bitnami/b:1' }], ephemeralContainers: [{ name: 'c', image: 'registry.example.com/ok:1' }] };
    const r = engine.admit(objectOf('Pod', spec));
    expect(r.message).toContain('images from registries that are not allowed: evil.io/a:1, bitnami/b:1 (allowed:');
  });
});

describe('Validation.noLatestTag, run through admission', () => {
  const engine = engineFor([Validation.noLatestTag()], { name: 'no-latest' });
  const images: Array<[string, boolean]> = [
    ['registry.example.com/app:1.2', true],
    [`registry.example.com/app@${DIGEST}`, true],
    [`registry.example.com/app:latest@${DIGEST}`, true],
    ['registry.example.com:5000/app:1.2', true],
    [`registry.example.com:5000/app@${DIGEST}`, true],
    ['nginx:1.27', true],
    ['nginx:LATEST', true], // tags are case sensitive: a different tag than latest
    ['registry.example.com/app', false],
    ['registry.example.com:5000/app', false],
    ['registry.example.com/app:latest', false],
    ['registry.example.com:5000/app:latest', false],
    ['nginx', false],
    ['nginx:latest', false],
    ['REGISTRY.EXAMPLE.COM/app', false],
    ['localhost:5000/team/app', false],
  ];
  it.each(matrix(images))('%s in %s %s: admitted %s', (image, kind, place, admitted) => {
    const r = engine.admit(objectOf(kind, podSpec(image, place)));
    expect(r.admitted).toBe(admitted);
    if (!admitted) expect(r.message).toContain(`denied request: images without a tag, or tagged latest: ${image} (name a version tag or a digest)`);
  });
});

describe('Validation.requiredLabels, run through admission', () => {
  const engine = engineFor([Validation.requiredLabels(['team', 'app.kubernetes.io/name'])], { name: 'labels' });
  const cases: Array<[string, any, boolean, string]> = [
    ['both labels', { 'team': 'shop', 'app.kubernetes.io/name': 'web' }, true, ''],
    ['no labels at all', undefined, false, 'team, app.kubernetes.io/name'],
    ['one label missing', { team: 'shop' }, false, 'app.kubernetes.io/name'],
    ['an empty value', { 'team': '', 'app.kubernetes.io/name': 'web' }, false, 'team'],
  ];
  const kinds = ['Pod', 'Deployment', 'StatefulSet', 'Job', 'CronJob'];
  it.each(kinds.flatMap((k) => cases.map((c) => [k, ...c] as [string, string, any, boolean, string])))('%s with %s', (kind, _n, labels, admitted, missing) => {
    const obj = objectOf(kind, podSpec('registry.example.com/app:1', 'containers'));
    obj.metadata.labels = labels;
    const r = engine.admit(obj);
    expect(r.admitted).toBe(admitted);
    if (!admitted) expect(r.message).toContain(`denied request: missing required labels (each needs a non-empty value): ${missing}`);
  });
});

describe('validation actions, run through admission', () => {
  const validations = [Validation.noLatestTag()];
  const latest = () => objectOf('Pod', podSpec('nginx:latest', 'containers'));

  it('Warn admits and returns the warning kubectl prints', () => {
    const r = engineFor(validations, { name: 'no-latest', actions: [ValidationAction.WARN] }).admit(latest());
    expect(r.admitted).toBe(true);
    expect(r.warnings).toEqual(["Validation failed for ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-binding': images without a tag, or tagged latest: nginx:latest (name a version tag or a digest)"]);
  });

  it('Audit admits and records the failure as an audit annotation', () => {
    const r = engineFor(validations, { name: 'no-latest', actions: [ValidationAction.AUDIT] }).admit(latest());
    expect(r.admitted).toBe(true);
    expect(r.auditAnnotations['validation.policy.admission.k8s.io/validation_failure']).toContain('"policy":"no-latest"');
  });

  it('the default binding denies, on UPDATE too (operations CREATE and UPDATE)', () => {
    const chart = Testing.chart();
    new ValidatingPolicy(chart, 'policy', { name: 'no-latest', resourceRules: WORKLOADS, validations });
    const engine = AdmissionEngine.fromChart(chart, { operation: AdmissionOperation.UPDATE });
    const old = objectOf('Pod', podSpec('nginx:1.27', 'containers'));
    expect(engine.admit(latest(), old).admitted).toBe(false);
  });

  it('a compliant Deployment passes the three presets together, without warnings', () => {
    const spec = podSpec('registry.example.com/app:1', 'containers');
    const r = engineFor([Validation.allowedRegistries(['registry.example.com']), Validation.noLatestTag(), Validation.requiredLabels(['team'])]).admit(objectOf('Deployment', spec));
    expect(r).toMatchObject({ admitted: true, warnings: [] });
  });
});
