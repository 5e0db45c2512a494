/**
 * API Priority and Fairness: cost of the per-kind rules alone, of rules + schema check, and of
 * building and synthesising ApfFlowSchema lanes (each lane is checked eagerly and again at synth).
 */
import { Testing } from 'cdk8s';
import { header, measure, table } from './util';
import { checkFlowSchema, checkPriorityLevelConfiguration } from '../lib/check/flowcontrol';
import { checkObject } from '../lib/check/registry';
import { ApfFlowSchema, LimitResponse, Subject } from '../lib/flowcontrol';

function lanes(n: number): any[] {
  const chart = Testing.chart();
  for (let i = 0; i < n; i++) {
    new ApfFlowSchema(chart, `lane-${i}`, {
      matchingPrecedence: 500 + i,
      limited: { nominalConcurrencyShares: 10, limitResponse: LimitResponse.queue({ queues: 64, handSize: 6, queueLengthLimit: 100 }) },
      rules: [{
        subjects: [Subject.serviceAccount(`team-${i}`, 'controller'), Subject.group(`team-${i}-bots`)],
        resourceRules: [{ apiGroups: ['resource.k8s.io'], resources: ['resourceclaims', 'resourceclaimtemplates'], namespaces: ['*'] }],
        nonResourceRules: [{ nonResourceUrls: ['/metrics'] }],
      }],
    });
  }
  return Testing.synth(chart);
}

const objs = lanes(1);
const [plc, fs] = objs;
const N = 10_000;

header('flowcontrol checks and ApfFlowSchema synth');
table([
  measure('APF rules only: FlowSchema', N, () => { for (let i = 0; i < N; i++) checkFlowSchema(fs); }),
  measure('APF rules only: PriorityLevelConfiguration', N, () => { for (let i = 0; i < N; i++) checkPriorityLevelConfiguration(plc); }),
  measure('checkObject (schema + APF): FlowSchema', N, () => { for (let i = 0; i < N; i++) checkObject(fs); }),
  measure('checkObject (schema + APF): PriorityLevelConfiguration', N, () => { for (let i = 0; i < N; i++) checkObject(plc); }),
  measure('build + synth 100 lanes (200 objects)', 100, () => { lanes(100); }),
]);
