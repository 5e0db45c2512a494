/**
 * An inference pod on a time-sliced NVIDIA GPU: the pod gets its own claim (from a
 * ResourceClaimTemplate), and the GPU is configured for CUDA time-slicing so other
 * processes the pod starts take turns on it.
 *
 * Needs the NVIDIA DRA driver with its `TimeSlicingSettings` feature gate enabled.
 */
import { App, Chart } from 'cdk8s';
import { GpuClaimScope, GpuSharing, GpuTimeSliceClaim, HardenedPod, TimeSliceInterval } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-inference-time-sliced', { namespace: 'ml' });

const gpu = new GpuTimeSliceClaim(chart, 'Gpu', {
  claimScope: GpuClaimScope.PER_POD,
  sharing: GpuSharing.timeSlicing(TimeSliceInterval.MEDIUM),
  metadata: { name: 'inference-gpu' },
});

const pod = new HardenedPod(chart, 'Inference', {
  metadata: { name: 'inference' },
  containers: [{
    name: 'server',
    image: 'pytorch/pytorch:2.7-cuda12',
    command: ['python', '-m', 'http.server', '8080'],
    ports: [{ number: 8080, name: 'http' }],
  }],
});
gpu.attachTo(pod);

app.synth();
