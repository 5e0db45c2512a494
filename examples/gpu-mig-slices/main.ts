/**
 * A training job on three `1g.10gb` MIG devices cut from the same physical GPU
 * (constraint on `gpu.nvidia.com/parentUUID`). MIG devices are isolated in hardware, so no
 * sharing strategy is configured.
 *
 * Needs the NVIDIA DRA driver and GPUs already partitioned into 1g.10gb instances.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { GpuClaimScope, GpuDevices, GpuSharing, GpuTimeSliceClaim, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-mig-slices', { namespace: 'ml' });

const slices = new GpuTimeSliceClaim(chart, 'MigSlices', {
  claimScope: GpuClaimScope.PER_POD,
  sharing: GpuSharing.exclusive(),
  requestName: 'slices',
  devices: GpuDevices.migDevices({ profile: '1g.10gb', count: 3, sameParentGpu: true }),
  metadata: { name: 'three-mig-slices' },
});

const job = new kplus.Job(chart, 'Train', {
  metadata: { name: 'small-model-training' },
  containers: [{
    name: 'trainer',
    image: 'pytorch/pytorch:2.7-cuda12',
    command: ['torchrun', '--nproc-per-node=3', '/app/train.py'],
  }],
});
WorkloadHardening.apply(job);
slices.attachToWorkload(job, { request: 'slices' });

app.synth();
