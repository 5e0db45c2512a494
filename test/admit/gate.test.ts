import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { Mutation, MutatingPolicy, PatchOperation, PodSecurity, PodSecurityLevel, ResourceRule } from '../../lib';
import { isHaruValidationError, Violation } from '../../lib/base/errors';
import { validationErrors } from '../pod/support';

/** The violations PodSecurity.enforce's validation throws (none when it passes). */
function gateViolations(app: App): Violation[] {
  try {
    validationErrors(app);
    return [];
  } catch (e) {
    if (isHaruValidationError(e)) return e.violations;
    throw e;
  }
}

function setup(admitWithPolicies: boolean) {
  const app = new App({ outdir: '/tmp/haru-gate' });
  const chart = new Chart(app, 'c', { namespace: 'shop' });
  PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED, { admitWithPolicies });
  return { app, chart };
}
const legacy = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'legacy' }, spec: { containers: [{ name: 'app', image: 'registry.example/app:1' }] } };

describe('PodSecurity.enforce with admitWithPolicies', () => {
  it('judges workloads after the chart\'s own MutatingPolicies ran over them', () => {
    for (const admit of [false, true]) {
      const { app, chart } = setup(admit);
      new MutatingPolicy(chart, 'harden-pods', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()] });
      new MutatingPolicy(chart, 'harden-deployments', { rules: [ResourceRule.deployments()], mutations: [Mutation.hardenPods()] });
      new ApiObject(chart, 'legacy', legacy as any);
      new kplus.Deployment(chart, 'api', { containers: [{ image: 'registry.example/api:1', securityContext: { ensureNonRoot: false, readOnlyRootFilesystem: false } }] });
      const found = gateViolations(app);
      if (admit) {
        expect(found).toEqual([]);
      } else {
        expect(new Set(found.map((v) => v.field.split(' ')[0]))).toEqual(new Set(['Pod/legacy', 'Deployment/c-api-c872ce13']));
        expect(found[0].problem).toMatch(/^violates Pod Security Standards restricted: /);
      }
    }
  });

  it('fails when the chart\'s policies would reject a workload', () => {
    const { app, chart } = setup(true);
    new MutatingPolicy(chart, 'raw', {
      name: 'raw',
      rules: [ResourceRule.pods()],
      mutations: [Mutation.jsonPatchExpression('[JSONPatch{op: "add", path: "/metadata/labels/team", value: "web"}]')],
    });
    new ApiObject(chart, 'legacy', legacy as any);
    expect(gateViolations(app)).toEqual([{
      checkId: 'admission/rejected',
      field: 'Pod/legacy (c/legacy)',
      problem: 'would be rejected at admission by the chart\'s MutatingAdmissionPolicies: policy \'raw\' with binding \'raw-binding\' denied request: '
        + 'mutations[0]: JSON Patch: add operation does not apply: doc is missing path: "/metadata/labels/team": missing value',
      fix: 'Fix the policy that fails (see the message), or set its failurePolicy to Ignore.',
    }]);
  });

  it('still reports what the policies leave unfixed', () => {
    const { app, chart } = setup(true);
    new MutatingPolicy(chart, 'labels', { rules: [ResourceRule.pods()], mutations: [Mutation.jsonPatch([PatchOperation.add(['metadata', 'labels', 'team'], 'web')])] });
    new ApiObject(chart, 'legacy', legacy as any);
    const found = gateViolations(app);
    expect(found.map((v) => v.checkId)).toContain('pss/seccompProfile_restricted');
    expect(new Set(found.map((v) => v.field.split(' ')[0]))).toEqual(new Set(['Pod/legacy']));
  });
});
