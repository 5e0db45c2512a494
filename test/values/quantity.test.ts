import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { GpuClaimScope, GpuSelector, GpuSharing, GpuTimeSliceClaim, HardenedPod, Quantity, WorkloadHardening } from '../../lib';
import { expectValid } from '../support/oracle';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e: any) {
    return String(e.message);
  }
  return '';
}

describe('Quantity: one string form for cdk8s Size, cdk8s-plus Cpu and quantity strings', () => {
  it.each([
    [Size.gibibytes(2), '2Gi'], [Size.mebibytes(1536), '1536Mi'], [Size.kibibytes(0.5), '512'], [Size.tebibytes(1), '1Ti'], [Size.mebibytes(0), '0'],
  ])('fromSize(%s) is %s', (size, text) => {
    expect(Quantity.fromSize(size)).toBe(text);
  });
  it('fromSize refuses a size that is not whole bytes, naming the size', () => {
    expect(errorOf(() => Quantity.fromSize(Size.kibibytes(0.0001)))).toBe('[Quantity.fromSize] invalid input:\n  - [format/quantity] size: must be a whole, non-negative number of bytes (got 0.0001 KiB (0.1024 bytes)). Use a size in whole bytes, e.g. Size.mebibytes(512).');
  });
  it.each([[kplus.Cpu.millis(500), '500m'], [kplus.Cpu.units(2), '2'], [kplus.Cpu.millis(1500), '1500m']])('fromCpu gives %s', (cpu, text) => {
    expect(Quantity.fromCpu(cpu)).toBe(text);
  });
  it('of() returns a quantity unchanged and refuses one that is not, quoting what was written', () => {
    expect(Quantity.of('1.5')).toBe('1.5');
    expect(errorOf(() => Quantity.of('10GB'))).toBe('[Quantity.of] invalid input:\n  - [format/quantity] text: must be a Kubernetes quantity (got "10GB"; allowed: a number with an optional suffix: n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei or an exponent e.g. \'100m\', \'512Mi\', \'2\'). Write "10Gi".');
  });
  it('resourcesFrom turns cdk8s-plus resources into ContainerResources a HardenedPod and WorkloadHardening take', async () => {
    const plus: kplus.ContainerResources = {
      cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(1) },
      memory: { request: Size.mebibytes(384), limit: Size.gibibytes(1) },
      ephemeralStorage: { limit: Size.gibibytes(2) },
    };
    const resources = Quantity.resourcesFrom(plus);
    expect(resources).toEqual({ cpuRequest: '250m', cpuLimit: '1', memoryRequest: '384Mi', memoryLimit: '1Gi', ephemeralStorageLimit: '2Gi' });
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new HardenedPod(chart, 'pod', { containers: [{ name: 'web', image: 'nginx:1.27', resources }] });
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] });
    WorkloadHardening.apply(d, { defaultResources: resources });
    const objs = Testing.synth(chart);
    const pod = objs.find((o: any) => o.kind === 'Pod').spec.containers[0].resources;
    const dep = objs.find((o: any) => o.kind === 'Deployment').spec.template.spec.containers[0].resources;
    for (const r of [pod, dep]) {
      expect(r.requests).toMatchObject({ cpu: '250m', memory: '384Mi' });
      expect(r.limits).toMatchObject({ 'cpu': '1', 'memory': '1Gi', 'ephemeral-storage': '2Gi' });
    }
    await expectValid(objs);
  });
});

describe('GPU quantities take strings too', () => {
  it('MPS pinned memory as a quantity string renders as written', async () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const pod = new HardenedPod(chart, 'pod', { containers: [{ image: 'pytorch/pytorch:2.7-cuda12' }] });
    new GpuTimeSliceClaim(chart, 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ defaultPinnedDeviceMemoryLimit: '8Gi' }) }).attachTo(pod);
    const objs = Testing.synth(chart);
    expect(objs.find((o: any) => o.kind === 'ResourceClaim').spec.devices.config[0].opaque.parameters.sharing.mpsConfig).toEqual({ defaultPinnedDeviceMemoryLimit: '8Gi' });
    await expectValid(objs);
  });
  it('refuses a pinned memory string that is not a quantity, and both forms at once', () => {
    expect(errorOf(() => GpuSharing.mps({ defaultPinnedDeviceMemoryLimit: '8GB' }))).toContain('[format/quantity] defaultPinnedDeviceMemoryLimit: must be a Kubernetes quantity (got "8GB";');
    expect(errorOf(() => GpuSharing.mps({ defaultPinnedDeviceMemoryLimit: '8Gi', pinnedMemoryLimit: Size.gibibytes(4) }))).toBe(
      '[GpuSharing.mps] invalid input:\n  - [nvidia/pinned-memory] defaultPinnedDeviceMemoryLimit: sets the same limit as pinnedMemoryLimit (got "8Gi" and pinnedMemoryLimit 4Gi; allowed: one of the two). Keep one of them.');
  });
  it('refuses a pinned memory string below 1Mi with the value as written', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    expect(errorOf(() => new GpuTimeSliceClaim(chart, 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ defaultPinnedDeviceMemoryLimit: '0.5Mi' }) }))).toContain('(got "0.5Mi"; allowed: >= 1Mi)');
  });
  it('minMemoryQuantity and minMemory(Size) give the same selector', () => {
    expect(GpuSelector.minMemoryQuantity('40Gi').expression).toBe(GpuSelector.minMemory(Size.gibibytes(40)).expression);
    expect(errorOf(() => GpuSelector.minMemoryQuantity('40 GB'))).toContain('[format/quantity] quantity: must be a Kubernetes quantity (got "40 GB";');
  });
});

describe('a Size or Cpu where a quantity string goes (plain JavaScript, jsii languages)', () => {
  it('says how to convert it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    expect(errorOf(() => new HardenedPod(chart, 'pod', { containers: [{ image: 'nginx:1.27', resources: { memoryLimit: Size.gibibytes(2) as any, cpuLimit: kplus.Cpu.millis(500) as any } }] }))).toBe(
      '[c/pod] 2 problems:\n'
      + '  - [api/wrong-type] containers[0].resources.cpuLimit: must be a string (got Cpu instance; allowed: a string). Quantity props take strings: convert a cdk8s-plus Cpu with Quantity.fromCpu(cpu), e.g. Quantity.fromCpu(Cpu.millis(500)) is "500m".\n'
      + '  - [api/wrong-type] containers[0].resources.memoryLimit: must be a string (got Size instance; allowed: a string). Quantity props take strings: convert a cdk8s Size with Quantity.fromSize(size), e.g. Quantity.fromSize(Size.gibibytes(2)) is "2Gi".');
  });
});
