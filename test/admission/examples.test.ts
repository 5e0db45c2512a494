import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { AdmissionEngine } from '../../lib';
import { CelCheckOptions, CelEnvironment, checkCel } from '../../lib/cel';
import { checkObject } from '../../lib/check/registry';
import { expectValid } from '../support/oracle';

/** Runs an example app in its own process, as `npm run synth` does, and returns its objects. */
function synthExample(name: string): any[] {
  const out = mkdtempSync(join(tmpdir(), `haru-${name}-`));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../examples', name, 'main.ts')], {
    env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`example ${name} failed:\n${r.stderr}`);
  return readdirSync(out).sort().flatMap((f) => parseAllDocuments(readFileSync(join(out, f), 'utf8')).map((d) => d.toJSON()));
}

describe('examples', () => {
  it('sidecar-injection synthesises a valid policy + binding that injects the envoy sidecar', async () => {
    const objs = synthExample('sidecar-injection');
    await expectValid(objs);
    const [policy, binding] = objs;
    expect(policy.kind).toBe('MutatingAdmissionPolicy');
    expect(policy.spec.matchConstraints.objectSelector).toEqual({ matchLabels: { 'sidecar-injection': 'enabled' } });
    const patch = policy.spec.mutations[0].jsonPatch.expression;
    expect(patch).toContain('name: "sidecar-proxy", image: "envoyproxy/envoy:v1.31", restartPolicy: "Always"');
    expect(patch).toContain('containerPort: 15001');
    expect(patch).toContain('requests: {"cpu": "100m", "memory": "128Mi"}, limits: {"cpu": "500m", "memory": "512Mi"}');
    expect(policy.spec.mutations[1].applyConfiguration.expression).toBe('Object{metadata: Object.metadata{annotations: {"sidecar-injected": "true"}}}');
    expect(binding.spec).toEqual({ policyName: 'inject-envoy-sidecar' });
  });

  it('default-resources synthesises namespace, ConfigMap parameter, policy and a Deny binding', async () => {
    const objs = synthExample('default-resources');
    await expectValid(objs);
    const byKind = Object.fromEntries(objs.map((o) => [o.kind, o]));
    expect(byKind.ConfigMap.metadata.name).toBe('resource-limits-params');
    expect(byKind.ConfigMap.data).toEqual({ 'limits.cpu': '2', 'limits.memory': '4Gi', 'requests.cpu': '100m', 'requests.memory': '256Mi' });
    const spec = byKind.MutatingAdmissionPolicy.spec;
    expect(spec.paramKind).toEqual({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(spec.matchConstraints.namespaceSelector).toEqual({
      matchLabels: { environment: 'production' },
      matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }],
    });
    expect(byKind.MutatingAdmissionPolicyBinding.spec.paramRef).toEqual({
      name: 'resource-limits-params', namespace: byKind.ConfigMap.metadata.namespace, parameterNotFoundAction: 'Deny',
    });
    expect(spec.mutations.map((m: any) => m.applyConfiguration.expression).join('\n')).toContain('params.data["limits.memory"]');
  });

  it('pod-hardening synthesises a cluster-wide policy excluding kube-system and kube-public', async () => {
    const objs = synthExample('pod-hardening');
    await expectValid(objs);
    const spec = objs[0].spec;
    expect(spec.matchConstraints.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-public', 'kube-system'] },
    ]);
    expect(spec.matchConstraints.resourceRules[0].operations).toEqual(['CREATE']);
    expect(spec.failurePolicy).toBe('Fail');
    expect(spec.reinvocationPolicy).toBe('IfNeeded');
  });
});

describe('example policies type-check in the 1.36 mutation environments', () => {
  it.each([['pod-hardening'], ['golden-path']])('%s contains no cel.bind (DRA selectors only) and every expression checks', (name) => {
    const policies = synthExample(name).filter((o) => o.kind === 'MutatingAdmissionPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      expect(JSON.stringify(policy)).not.toContain('cel.bind');
      const spec = policy.spec;
      const pods = (spec.matchConstraints?.resourceRules ?? []).some((r: any) => (r.resources ?? []).includes('pods'));
      const options: CelCheckOptions = {
        objectType: pods ? 'io.k8s.api.core.v1.Pod' : undefined,
        hasParams: spec.paramKind !== undefined,
        variables: (spec.variables ?? []).map((v: any) => v.name),
      };
      for (const m of spec.mutations) {
        const json = m.patchType === 'JSONPatch';
        const r = checkCel(json ? m.jsonPatch.expression : m.applyConfiguration.expression,
          json ? CelEnvironment.MUTATION_JSON_PATCH : CelEnvironment.MUTATION_APPLY_CONFIGURATION, options);
        expect(r.problems).toEqual([]);
      }
      for (const c of spec.matchConditions ?? []) {
        expect(checkCel(c.expression, CelEnvironment.ADMISSION_MATCH_CONDITION, options).problems).toEqual([]);
      }
    }
  });
});

describe('platform-policies: a platform team\'s MAP + VAP set', () => {
  it('synthesises valid objects whose expressions have no type-check findings', async () => {
    const objs = synthExample('platform-policies');
    await expectValid(objs);
    expect(objs.map((o) => o.kind).filter((k) => k.endsWith('Policy'))).toEqual([
      'MutatingAdmissionPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicy',
    ]);
    expect(objs.flatMap((o) => checkObject(o))).toEqual([]);
    const noLatest = objs.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && o.spec.policyName === 'no-latest');
    expect(noLatest.spec.validationActions).toEqual(['Warn', 'Audit']);
  });

  it('admits and denies the third-party workloads of workloads.yaml as the API server would', () => {
    const engine = AdmissionEngine.fromYaml(synthExample('platform-policies').map((o) => stringify(o)).join('---\n'));
    const workloads = parseAllDocuments(readFileSync(join(__dirname, '../../examples/platform-policies/workloads.yaml'), 'utf8')).map((d) => d.toJSON());
    const results = engine.admitAll(workloads);
    expect(results.map((r) => [r.admittedObject.metadata.name, r.admitted])).toEqual([
      ['shop-web', true], ['cache', false], ['report', true], ['db', false], ['crawler', false],
    ]);
    expect(results[1].message).toContain("ValidatingAdmissionPolicy 'allowed-registries' with binding 'allowed-registries-binding' denied request: images from registries that are not allowed: redis:7.2");
    expect(results[2].warnings).toEqual(["Validation failed for ValidatingAdmissionPolicy 'no-latest' with binding 'no-latest-binding': images without a tag, or tagged latest: ghcr.io/example-org/report (name a version tag or a digest)"]);
    expect(results[3].message).toContain('missing required labels (each needs a non-empty value): team');
    expect(results[4].message).toContain('replicas must be at most 20, got 50');
    expect(results[0].auditAnnotations).toEqual({ 'team-label/team': 'shop' });
  });
});
