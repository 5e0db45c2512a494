import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  ApfFlowSchema, ApfVerb, GpuClaimScope, GpuDeviceClass, GpuTimeSliceClaim, HardenedPod, MutatingPolicy, Mutation, ResourceRule, Subject,
} from '../../lib';

const CLUSTER_SCOPED = ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'FlowSchema', 'PriorityLevelConfiguration', 'DeviceClass'];

describe('cluster-scoped kinds', () => {
  it('never carry the chart namespace, for every construct; namespaced kinds keep it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'team-a' });
    new MutatingPolicy(chart, 'm', { rules: [ResourceRule.pods()], mutations: [Mutation.addLabels({ team: 'a' })] });
    new ApfFlowSchema(chart, 'f', { limited: {}, rules: [{ subjects: [Subject.user('ci-bot')], resourceRules: [{ verbs: [ApfVerb.GET], apiGroups: [''], resources: ['pods'], namespaces: ['*'] }] }] });
    new GpuDeviceClass(chart, 'dc', {});
    const claim = new GpuTimeSliceClaim(chart, 'g', { claimScope: GpuClaimScope.PER_POD });
    claim.attachTo(new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] }));
    const objs = chart.toJson();
    const kinds = objs.map((o: any) => o.kind);
    for (const k of CLUSTER_SCOPED) expect(kinds).toContain(k);
    for (const o of objs) {
      if (CLUSTER_SCOPED.includes(o.kind)) expect(o.metadata.namespace, o.kind).toBeUndefined();
      else expect(o.metadata.namespace, o.kind).toBe('team-a');
    }
  });
});
