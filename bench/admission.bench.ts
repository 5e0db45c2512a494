/**
 * MutatingPolicy synth cost: rendering a policy, checking both objects' server rules and
 * parsing/type-checking every CEL expression against the 1.36 Pod schema.
 *   npx tsx --expose-gc bench/admission.bench.ts
 */
import { Testing } from 'cdk8s';
import { header, measure, table } from './util';
import { CelValue, Mutation, MutatingPolicy, ResourceRule } from '../lib';

const N = 20;

function synth(mutations: () => Mutation[]): void {
  const chart = Testing.chart();
  for (let i = 0; i < N; i++) {
    new MutatingPolicy(chart, `p${i}`, { rules: [ResourceRule.pods()], mutations: mutations() });
  }
  Testing.synth(chart);
}

header(`MutatingPolicy: ${N} policies per run (construct + server rules + CEL type-check + synth)`);
table([
  measure('addLabels', N, () => synth(() => [Mutation.addLabels({ team: 'web' })])),
  measure('injectSidecar', N, () => synth(() => [Mutation.injectSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31', ports: [15001] })])),
  measure('defaultResources (8 mutations)', N, () => synth(() => [Mutation.defaultResources({
    requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('256Mi') },
    limits: { cpu: CelValue.quantity('2'), memory: CelValue.quantity('4Gi') },
  })])),
  measure('hardenPods (4 mutations)', N, () => synth(() => [Mutation.hardenPods()])),
]);
