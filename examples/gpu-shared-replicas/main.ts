/**
 * Four replicas sharing ONE time-sliced GPU. Sharing happens only because every replica
 * references the same ResourceClaim (`GpuClaimScope.SHARED`); a claim template would give
 * each replica its own GPU instead.
 *
 * Needs the NVIDIA DRA driver with its `TimeSlicingSettings` feature gate enabled.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { GpuClaimScope, GpuSharing, GpuTimeSliceClaim, TimeSliceInterval, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-shared-replicas', { namespace: 'ml' });

const gpu = new GpuTimeSliceClaim(chart, 'SharedGpu', {
  claimScope: GpuClaimScope.SHARED,
  sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT),
  metadata: { name: 'shared-gpu' },
});

const workers = new kplus.Deployment(chart, 'Workers', {
  metadata: { name: 'embedding-workers' },
  replicas: 4,
  containers: [{
    name: 'worker',
    image: 'pytorch/pytorch:2.7-cuda12',
    command: ['python', '/app/worker.py'],
  }],
});
WorkloadHardening.apply(workers);
gpu.attachToWorkload(workers);

app.synth();
