/**
 * An AI controller that hammers the DRA API gets its own API Priority and Fairness lane:
 * the `ai-controller` ServiceAccount in `ai-system`, for `resource.k8s.io` resourceclaims and
 * resourceclaimtemplates, goes to a dedicated Limited level (50 shares, 64 queues, hand size 6,
 * queue length 100), one flow per user, matched at precedence 500 — before the suggested
 * `service-accounts` schema (9000) would put it into `workload-low` with everyone else.
 */
import { App, Chart } from 'cdk8s';
import { ApfFlowSchema, ApfVerb, FlowDistinguisher, LimitResponse, Subject } from '../../lib';

const app = new App();
const chart = new Chart(app, 'apf-ai-controller');

const lane = new ApfFlowSchema(chart, 'ai-controller', {
  name: 'ai-controller-dra',
  matchingPrecedence: 500,
  distinguisher: FlowDistinguisher.BY_USER,
  limited: {
    name: 'ai-controller',
    nominalConcurrencyShares: 50,
    limitResponse: LimitResponse.queue({ queues: 64, handSize: 6, queueLengthLimit: 100 }),
  },
  rules: [{
    subjects: [Subject.serviceAccount('ai-system', 'ai-controller')],
    resourceRules: [{
      verbs: [ApfVerb.ALL],
      apiGroups: ['resource.k8s.io'],
      resources: ['resourceclaims', 'resourceclaimtemplates'],
      namespaces: ['*'],
    }],
  }],
});

const share = lane.ownPriorityLevel!.shareOfServer();
process.stderr.write(
  `ai-controller level: ${(share.fraction * 100).toFixed(1)}% of the server's concurrency, ` +
  `${share.nominalSeats} of ${share.serverConcurrencyLimit} seats (ΣNCS ${share.totalShares})\n`,
);

app.synth();
