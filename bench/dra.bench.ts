/**
 * DRA: cost of the per-kind rules on one claim, and of synthesising apps with N claims,
 * each attached to its own Deployment (every claim scans the app's objects at synth to find
 * the pods that use it, so this is where growth would show).
 */
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { header, measure, table } from './util';
import { checkDraObject } from '../lib/check/dra';
import { checkObject } from '../lib/check/registry';
import { GpuClaimScope, GpuDevices, GpuSelector, GpuTimeSliceClaim } from '../lib/dra';
import { GpuSharing } from '../lib/values';

function claimManifest(): any {
  const app = new App({ outdir: '/tmp' });
  const chart = new Chart(app, 'b', { namespace: 'ml' });
  const claim = new GpuTimeSliceClaim(chart, 'Gpu', {
    claimScope: GpuClaimScope.SHARED,
    sharing: GpuSharing.mps({ activeThreadPercentage: 50, pinnedMemoryLimit: Size.gibibytes(8) }),
    devices: GpuDevices.migDevices({ profile: '1g.10gb', count: 2, sameParentGpu: true, selectors: [GpuSelector.productName('NVIDIA H100 80GB HBM3')] }),
    fallbacks: [GpuDevices.wholeGpus({ selectors: [GpuSelector.minMemory(Size.gibibytes(40))] })],
  });
  return claim.apiObject.toJson();
}

function synthApp(n: number): void {
  const app = new App({ outdir: '/tmp' });
  const chart = new Chart(app, 'b', { namespace: 'ml' });
  for (let i = 0; i < n; i++) {
    const claim = new GpuTimeSliceClaim(chart, `Gpu${i}`, { claimScope: GpuClaimScope.SHARED });
    claim.attachToWorkload(new kplus.Deployment(chart, `D${i}`, { containers: [{ image: 'pytorch/pytorch:2.7-cuda12' }] }));
  }
  app.synthYaml();
}

const manifest = claimManifest();
header('DRA rules on one ResourceClaim (2 requests, firstAvailable, 3 CEL selectors)');
table([
  measure('checkDraObject x1000', 1000, () => { for (let i = 0; i < 1000; i++) checkDraObject(manifest); }),
  measure('checkObject (schema + rules) x1000', 1000, () => { for (let i = 0; i < 1000; i++) checkObject(manifest); }),
]);
header('synth: N shared claims, each attached to a Deployment');
table([10, 40, 160].map((n) => measure(`N=${n}`, n, () => synthApp(n), { runs: 3 })));
