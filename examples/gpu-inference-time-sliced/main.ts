/**
 * An inference pod on a time-sliced NVIDIA GPU: the pod gets its own claim (from a
 * ResourceClaimTemplate), and the GPU is configured for CUDA time-slicing so the server
 * and its warm-up sidecar take turns on it.
 *
 * Needs the NVIDIA DRA driver with its `TimeSlicingSettings` feature gate enabled.
 */
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { GpuClaimScope, GpuSharing, GpuTimeSliceClaim, TimeSliceInterval } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-inference-time-sliced', { namespace: 'ml' });

const gpu = new GpuTimeSliceClaim(chart, 'Gpu', {
  scope: GpuClaimScope.PER_POD,
  sharing: GpuSharing.timeSlicing(TimeSliceInterval.MEDIUM),
  metadata: { name: 'inference-gpu' },
});

const pod = new kplus.Pod(chart, 'Inference', {
  metadata: { name: 'inference' },
  securityContext: { user: 10001, group: 10001 },
  containers: [{
    name: 'server',
    image: 'pytorch/pytorch:2.7-cuda12',
    command: ['python', '-m', 'http.server', '8080'],
    portNumber: 8080,
  }],
});
gpu.attachTo(pod);

app.synth();
