/**
 * Two replicas sharing one GPU through CUDA MPS, each client limited to 50% of the GPU's
 * threads and 8 GiB of pinned device memory.
 *
 * Needs the NVIDIA DRA driver with its `MPSSupport` feature gate enabled.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { GpuClaimScope, GpuSharing, GpuTimeSliceClaim, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-mps', { namespace: 'ml' });

const gpu = new GpuTimeSliceClaim(chart, 'MpsGpu', {
  claimScope: GpuClaimScope.SHARED,
  sharing: GpuSharing.mps({ activeThreadPercentage: 50, pinnedMemoryLimit: Size.gibibytes(8) }),
  metadata: { name: 'mps-gpu' },
});

const servers = new kplus.Deployment(chart, 'Servers', {
  metadata: { name: 'mps-inference' },
  replicas: 2,
  containers: [{
    name: 'server',
    image: 'pytorch/pytorch:2.7-cuda12',
    command: ['python', '/app/serve.py'],
    portNumber: 8080,
  }],
});
WorkloadHardening.apply(servers);
gpu.attachToWorkload(servers);

app.synth();
