/**
 * Inference replicas that each take an exclusive `1g.10gb` MIG device when one is free, and
 * otherwise a whole GPU time-sliced with the Short interval (`firstAvailable`). The sharing
 * is declared on the alternative it belongs to: the whole-GPU fallback carries the
 * time-slicing (`GpuConfig`, config `requests: [gpu/gpu]`), the MIG alternative none - the
 * driver's `MigDeviceConfig` has no time-slice interval.
 *
 * Needs the NVIDIA DRA driver, with its `TimeSlicingSettings` feature gate for the fallback.
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { GpuClaimScope, GpuDevices, GpuSharing, GpuTimeSliceClaim, Quantity, TimeSliceInterval, WorkloadHardening } from '../../lib';

const app = new App();
const chart = new Chart(app, 'gpu-mig-first', { namespace: 'ml' });

const gpu = new GpuTimeSliceClaim(chart, 'Gpu', {
  claimScope: GpuClaimScope.PER_POD,
  metadata: { name: 'mig-or-time-sliced-gpu' },
  devices: GpuDevices.migDevices({ profile: '1g.10gb' }),
  fallbacks: [GpuDevices.wholeGpus({ sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT) })],
});

const server = new kplus.Deployment(chart, 'Inference', {
  metadata: { name: 'inference' },
  replicas: 3,
  containers: [{ name: 'server', image: 'pytorch/pytorch:2.7-cuda12', portNumber: 8080, securityContext: { user: 65532, group: 65532 } }],
});
// cdk8s-plus resources (Cpu, Size) as the defaults WorkloadHardening writes
WorkloadHardening.apply(server, {
  defaultResources: Quantity.resourcesFrom({
    cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
    memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) },
  }),
});
gpu.attachToWorkload(server);

app.synth();
