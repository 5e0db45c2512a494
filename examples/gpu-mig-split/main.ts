/**
 * One pod, two containers, two MIG devices of one H100 from ONE per-pod claim: the app
 * container gets a `1g.10gb` slice (request `small`), the model server a `3g.40gb` slice
 * (request `large`). The pod has a single `spec.resourceClaims` entry and each container
 * names its request in `resources.claims`, so the claim allocates exactly the two devices
 * (4 of the H100's 7 compute slices). Two claims instead would each allocate both.
 *
 * Needs the NVIDIA DRA driver and an H100 partitioned into 1g.10gb and 3g.40gb instances.
 */
import { App, Chart, Size } from 'cdk8s';
import { GpuClaimScope, GpuDevices, GpuSelector, GpuTimeSliceClaim, HardenedPod, Quantity } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-mig-split', { namespace: 'ml' });
const h100 = GpuSelector.productName('NVIDIA H100 80GB HBM3');

const slices = new GpuTimeSliceClaim(chart, 'Slices', {
  claimScope: GpuClaimScope.PER_POD,
  metadata: { name: 'h100-slices' },
  requestName: 'small',
  devices: GpuDevices.migDevices({ profile: '1g.10gb', selectors: [h100] }),
});
slices.addRequest({ name: 'large', devices: GpuDevices.migDevices({ profile: '3g.40gb', selectors: [h100] }) });

const pod = new HardenedPod(chart, 'Assistant', {
  metadata: { name: 'assistant' },
  containers: [
    { name: 'app', image: 'ghcr.io/acme/assistant-api:1.4.2', ports: [{ number: 8080, name: 'http' }] },
    {
      name: 'llm',
      image: 'vllm/vllm-openai:v0.9.0',
      // the same numbers a cdk8s-plus container would take, as the quantity strings HardenedPod takes
      resources: { memoryRequest: Quantity.fromSize(Size.gibibytes(24)), memoryLimit: Quantity.fromSize(Size.gibibytes(24)), cpuLimit: '4' },
    },
  ],
});
slices.attachTo(pod, { containers: ['app'], request: 'small' });
slices.attachTo(pod, { containers: ['llm'], request: 'large' });

app.synth();
