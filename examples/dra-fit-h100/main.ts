/**
 * "Will this claim fit an H100 node?" answered at synth time: a training Job on two
 * `3g.40gb` MIG devices of one H100, checked against the bundled H100 example node (the
 * ResourceSlice the NVIDIA DRA driver publishes for an H100 with MIG partitions) with the
 * 1.36 scheduler's allocator. Synthesis fails, naming the selector or constraint that
 * fails on which device, when the claim would leave the pod Pending.
 *
 * Needs the NVIDIA DRA driver and H100 GPUs already partitioned into 3g.40gb instances.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { DraAllocationSimulator, GpuClaimScope, GpuDevices, GpuSharing, GpuTimeSliceClaim, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'dra-fit-h100', { namespace: 'ml' });

const slices = new GpuTimeSliceClaim(chart, 'HalfH100', {
  claimScope: GpuClaimScope.PER_POD,
  sharing: GpuSharing.exclusive(),
  requestName: 'slices',
  devices: GpuDevices.migDevices({ profile: '3g.40gb', count: 2, sameParentGpu: true }),
  metadata: { name: 'two-3g-slices' },
});

const job = new kplus.Job(chart, 'Train', {
  metadata: { name: 'medium-model-training' },
  containers: [{
    name: 'trainer',
    image: 'pytorch/pytorch:2.7-cuda12',
    command: ['torchrun', '--nproc-per-node=2', '/app/train.py'],
  }],
});
WorkloadHardening.apply(job);
slices.attachToWorkload(job, { request: 'slices' });

const answer = DraAllocationSimulator.fromChart(chart, { exampleSlices: ['nvidia-h100-mig'] }).allocate();
if (!answer.allocatable) {
  const why = answer.nodes.flatMap((n) => n.claims.flatMap((c) => c.reasons.map((r) => `${n.node} ${c.claim}: ${r}`)));
  throw new Error(`the claim does not fit the H100 example node:\n${why.join('\n')}`);
}

app.synth();
