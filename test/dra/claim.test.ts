import { ApiObject, Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import {
  DeviceAllocationMode, DeviceClassRef, GpuClaimScope, GpuDeviceClass, GpuDevices, GpuDeviceType, GpuSelector, GpuSharing,
  GpuTimeSliceClaim, HardenedPod, TimeSliceInterval, WorkloadHardening,
} from '../../lib';
import { HardeningProfile } from '../../lib/profile';
import { expectValid } from '../support/oracle';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'ml' });
}

function deployment(c: Chart, id = 'Web', containers: kplus.ContainerProps[] = [{ name: 'main', image: 'pytorch/pytorch:2.7-cuda12' }]): kplus.Deployment {
  return new kplus.Deployment(c, id, { containers });
}

function byKind(objs: any[], kind: string): any {
  return objs.find((o) => o.kind === kind);
}

/** Runs the chart-wide validations (what `cdk8s synth` does) and returns the error text. */
function synthError(c: Chart): string {
  try {
    (c.node.root as any).synthYaml();
  } catch (e: any) {
    return String(e.message);
  }
  return '';
}

describe('GpuTimeSliceClaim: scope', () => {
  it('PER_POD emits a ResourceClaimTemplate referenced by resourceClaimTemplateName', async () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, metadata: { name: 'per-pod-gpu' } });
    claim.attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    const t = byKind(objs, 'ResourceClaimTemplate');
    expect(t.spec.spec.devices.requests).toEqual([{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 } }]);
    expect(byKind(objs, 'Deployment').spec.template.spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimTemplateName: 'per-pod-gpu' }]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it('SHARED emits a ResourceClaim referenced by resourceClaimName', async () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, metadata: { name: 'one-gpu' } });
    claim.attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaim').spec.devices.requests[0].name).toBe('gpu');
    expect(byKind(objs, 'Deployment').spec.template.spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimName: 'one-gpu' }]);
    expect(claim.kind).toBe('ResourceClaim');
    await expectValid(objs);
  });
  it('defaults to time-slicing with the Default interval (documented @default)', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED });
    claim.attachToWorkload(deployment(c));
    expect(byKind(Testing.synth(c), 'ResourceClaim').spec.devices.config).toEqual([{
      requests: ['gpu'],
      opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Default' } } } },
    }]);
  });
  it('exclusive() writes no opaque config', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, sharing: GpuSharing.exclusive() }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaimTemplate').spec.spec.devices.config).toBeUndefined();
    await expectValid(objs);
  });
  it('fails when a shared claim is asked to be exclusive', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.exclusive() })).toThrow(
      '[test/Gpu] invalid input:\n  - [dra/claim-exclusive-shared] sharing: cannot be exclusive for a shared claim: every pod that references a ResourceClaim uses the same device (got GpuSharing.exclusive() with GpuClaimScope.SHARED; allowed: timeSlicing(), mps(); or exclusive() with GpuClaimScope.PER_POD). Use GpuClaimScope.PER_POD to give each pod its own device, or choose time-slicing or MPS.');
  });
  it('fails when the scope is not one of the enum values', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: 'shared' as GpuClaimScope })).toThrow(
      '[test/Gpu] invalid input:\n  - [api/wrong-type] claimScope: must be a value of GpuClaimScope (got "shared"; allowed: GpuClaimScope.PER_POD ("PerPod"), GpuClaimScope.SHARED ("Shared")). Use GpuClaimScope.SHARED.');
  });
});

describe('GpuTimeSliceClaim: sharing', () => {
  it('renders MPS limits', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ activeThreadPercentage: 50, pinnedMemoryLimit: Size.gibibytes(8) }) }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaim').spec.devices.config[0].opaque.parameters.sharing).toEqual({
      strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: 50, defaultPinnedDeviceMemoryLimit: '8Gi' },
    });
    await expectValid(objs);
  });
  it('fails when the interval is 20ms', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.timeSlicing('20ms' as TimeSliceInterval) })).toThrow(
      '[GpuSharing.timeSlicing] invalid input:\n  - [api/wrong-type] interval: must be a value of TimeSliceInterval (got "20ms"; allowed: TimeSliceInterval.DEFAULT ("Default"), TimeSliceInterval.SHORT ("Short"), TimeSliceInterval.MEDIUM ("Medium"), TimeSliceInterval.LONG ("Long")).');
  });
  it('fails when MIG devices get a time-slice interval', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', {
      claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT), devices: GpuDevices.migDevices({ profile: '1g.10gb' }),
    })).toThrow('[nvidia/mig-interval] sharing: sets a time-slice interval, but only MIG devices use this sharing and they have none (the driver\'s MigDeviceConfig has no timeSlicingConfig) (got GpuSharing.timeSlicing(TimeSliceInterval.SHORT); allowed: GpuSharing.timeSlicing() without an interval for MIG devices).');
  });
  it('time-slices MIG devices without an interval', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.timeSlicing(), devices: GpuDevices.migDevices({ profile: '1g.10gb' }) }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaim').spec.devices.config[0].opaque.parameters).toEqual({ apiVersion: 'resource.nvidia.com/v1beta1', kind: 'MigDeviceConfig', sharing: { strategy: 'TimeSlicing' } });
    await expectValid(objs);
  });
  it('fails when MPS gets more than 100% of the threads', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ activeThreadPercentage: 150 }) })).toThrow(
      '[nvidia/mps-active-threads] spec.devices.config[0].opaque.parameters.sharing.mpsConfig.defaultActiveThreadPercentage: active thread percentage must not be greater than 100 (got 150; allowed: 0 to 100)');
  });
  it('fails when the MPS pinned memory limit is below 1Mi', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.SHARED, sharing: GpuSharing.mps({ pinnedMemoryLimit: Size.kibibytes(512) }) })).toThrow(
      'defaultPinnedDeviceMemoryLimit: pinned memory limit is too low (the driver works in whole MiB) (got "512Ki"; allowed: >= 1Mi)');
  });
});

describe('GpuTimeSliceClaim: devices', () => {
  it('asks for MIG devices by profile on the same parent GPU', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, sharing: GpuSharing.exclusive(), devices: GpuDevices.migDevices({ profile: '1g.10gb', count: 3, sameParentGpu: true }) }).attachToWorkload(deployment(c));
    const devices = byKind(Testing.synth(c), 'ResourceClaimTemplate').spec.spec.devices;
    expect(devices.requests[0].exactly).toEqual({
      deviceClassName: 'mig.nvidia.com',
      allocationMode: 'ExactCount',
      count: 3,
      selectors: [{ cel: { expression: "device.attributes['gpu.nvidia.com'].profile == '1g.10gb'" } }],
    });
    expect(devices.constraints).toEqual([{ requests: ['gpu'], matchAttribute: 'gpu.nvidia.com/parentUUID' }]);
    await expectValid(Testing.synth(c));
  });
  it('renders productName and memory selectors', () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', {
      claimScope: GpuClaimScope.SHARED,
      devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.productName('NVIDIA H100 80GB HBM3'), GpuSelector.minMemory(Size.gibibytes(40)), GpuSelector.architecture('Hopper')] }),
    }).attachToWorkload(deployment(c));
    expect(byKind(Testing.synth(c), 'ResourceClaim').spec.devices.requests[0].exactly.selectors.map((s: any) => s.cel.expression)).toEqual([
      "device.attributes['gpu.nvidia.com'].productName == \"NVIDIA H100 80GB HBM3\"",
      "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity(\"40Gi\")) >= 0",
      "device.attributes['gpu.nvidia.com'].architecture == \"Hopper\"",
    ]);
  });
  it('falls back from an H100 MIG device to any whole GPU (firstAvailable), with per-alternative config', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', {
      claimScope: GpuClaimScope.SHARED,
      sharing: GpuSharing.mps({ activeThreadPercentage: 50 }),
      devices: GpuDevices.migDevices({ profile: '1g.10gb', selectors: [GpuSelector.productName('NVIDIA H100 80GB HBM3')] }),
      fallbacks: [GpuDevices.wholeGpus()],
    }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    const devices = byKind(objs, 'ResourceClaim').spec.devices;
    expect(devices.requests[0].firstAvailable.map((s: any) => [s.name, s.deviceClassName])).toEqual([['mig-1g-10gb', 'mig.nvidia.com'], ['gpu', 'gpu.nvidia.com']]);
    expect(devices.config.map((x: any) => [x.requests, x.opaque.parameters.kind])).toEqual([[['gpu/gpu'], 'GpuConfig'], [['gpu/mig-1g-10gb'], 'MigDeviceConfig']]);
    await expectValid(objs);
  });
  it('makes default alternative names unique', () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', {
      claimScope: GpuClaimScope.SHARED,
      devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.productName('NVIDIA H100 80GB HBM3')] }),
      fallbacks: [GpuDevices.wholeGpus()],
    }).attachToWorkload(deployment(c));
    expect(byKind(Testing.synth(c), 'ResourceClaim').spec.devices.requests[0].firstAvailable.map((s: any) => s.name)).toEqual(['gpu', 'gpu-2']);
  });
  it('asks for every matching GPU with allocationMode All', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ allocationMode: DeviceAllocationMode.ALL }) }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaimTemplate').spec.spec.devices.requests[0].exactly).toEqual({ deviceClassName: 'gpu.nvidia.com', allocationMode: 'All' });
    await expectValid(objs);
  });
  it('fails when allocationMode All comes with a count', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ allocationMode: DeviceAllocationMode.ALL, count: 2 }) })).toThrow(
      "[dra/count] spec.spec.devices.requests[0].exactly.count: must not be specified when allocationMode is 'All' (got 2; allowed: unset). Remove count to get every matching device, or set allocationMode 'ExactCount'.");
  });
  it('fails when the count is negative', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ count: -1 }) })).toThrow(
      '[dra/count] spec.spec.devices.requests[0].exactly.count: must be greater than zero (got -1; allowed: an integer >= 1). Request at least one device.');
  });
  it('fails when the count is 0 and the profile sets failOnWarnings (the API server would default it to 1)', () => {
    const c = chart();
    HardeningProfile.set(c, { failOnWarnings: true });
    expect(() => new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ count: 0 }) })).toThrow(
      '[dra/zero-means-default] spec.spec.devices.requests[0].exactly.count: is 0, which the API server treats as unset and replaces with 1 (got 0; allowed: an integer >= 1). Write count: 1, or the number of devices you mean.');
  });
  it('fails when the MIG profile is not a profile name', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.migDevices({ profile: "1g.10gb' || true" }) })).toThrow(
      '[dra/mig-profile] devices.profile: is not a MIG profile name (got "1g.10gb\' || true"');
  });
  it('fails when there are more than 32 requests', () => {
    const claim = new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD });
    for (let i = 1; i < 32; i++) claim.addRequest({ name: `gpu-${i}`, devices: GpuDevices.wholeGpus() });
    expect(claim.requestNames).toHaveLength(32);
    expect(() => claim.addRequest({ name: 'gpu-32', devices: GpuDevices.wholeGpus() })).toThrow('[dra/requests-max] spec.spec.devices.requests: must have at most 32 requests (has 33)');
    expect(claim.requestNames).toHaveLength(32);
  });
  it('fails when two requests have the same name', () => {
    const claim = new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD });
    expect(() => claim.addRequest({ name: 'gpu', devices: GpuDevices.migDevices({ profile: '1g.10gb' }) })).toThrow(
      '[dra/request-name] spec.spec.devices.requests[1].name: must be unique within the claim (duplicate request name) (got "gpu"). Give every request its own name.');
  });
  it('fails when a request name is not a DNS label', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, requestName: 'GPU_0' })).toThrow('[dra/request-name] spec.spec.devices.requests[0].name: must be a DNS-1123 label (got "GPU_0"');
  });
  it('fails when a CEL selector does not compile', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.cel('device.driver ==')] }) })).toThrow(
      '[cel/syntax] spec.spec.devices.requests[0].exactly.selectors[0].cel.expression: syntax error: expected an expression, found end of expression at 1:17 (got "device.driver =="). The expression is incomplete.');
  });
  it('fails when a CEL selector reads an attribute without its domain', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.cel("device.attributes.productName == 'NVIDIA A100'")] }) })).toThrow(
      '[cel/type] spec.spec.devices.requests[0].exactly.selectors[0].cel.expression: cannot compare map(string, dyn) == string at 1:31');
  });
  it('fails when a CEL selector misspells attributes', () => {
    const make = () => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.cel("device.attribute['gpu.nvidia.com'].profile == '1g.10gb'")] }) });
    expect(make).toThrow("[cel/no-such-field] spec.spec.devices.requests[0].exactly.selectors[0].cel.expression: undefined field 'attribute' on Device at 1:8 (got \"device.attribute['gpu.nvidia.com'].profile == '1g.10gb'\").");
    expect(make).toThrow(/'attributes'/);
  });
  it('fails when a CEL selector compares memory capacity with a number', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.cel("device.capacity['gpu.nvidia.com'].memory > 40")] }) })).toThrow(
      'operator > is not defined for Quantity and int');
  });
  it('fails when a selector is longer than 10 KiB', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.productName('x'.repeat(10 * 1024))] }) })).toThrow(
      '[dra/selector-too-long] spec.spec.devices.requests[0].exactly.selectors[0].cel.expression: must be at most 10240 bytes');
  });
});

describe('DeviceClass', () => {
  it('creates a cluster-scoped class that claims can use', async () => {
    const c = chart();
    const cls = new GpuDeviceClass(c, 'H100', { metadata: { name: 'h100.example.com' }, selectors: [GpuSelector.productName('NVIDIA H100 80GB HBM3')] });
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ deviceClass: cls }) }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    const dc = byKind(objs, 'DeviceClass');
    expect(dc.metadata).toEqual({ name: 'h100.example.com' });
    expect(dc.spec.selectors[0].cel.expression).toBe("device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'");
    expect(byKind(objs, 'ResourceClaimTemplate').spec.spec.devices.requests[0].exactly.deviceClassName).toBe('h100.example.com');
    await expectValid(objs);
  });
  it('puts MIG sharing on a MIG class as MigDeviceConfig', async () => {
    const c = chart();
    new GpuDeviceClass(c, 'Mig', { deviceType: GpuDeviceType.MIG, sharing: GpuSharing.mps({ activeThreadPercentage: 25 }) });
    const dc = byKind(Testing.synth(c), 'DeviceClass');
    expect(dc.spec.config[0].opaque.parameters.kind).toBe('MigDeviceConfig');
    await expectValid(dc);
  });
  it('references an existing class by name', () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.wholeGpus({ deviceClass: DeviceClassRef.fromName('a100.example.com') }) }).attachToWorkload(deployment(c));
    expect(byKind(Testing.synth(c), 'ResourceClaimTemplate').spec.spec.devices.requests[0].exactly.deviceClassName).toBe('a100.example.com');
  });
});

describe('wiring into cdk8s-plus workloads', () => {
  it('gives only the chosen container the claim and adds a resources object where there was none', async () => {
    const c = chart();
    const d = deployment(c, 'Web', [{ name: 'main', image: 'x' }, { name: 'sidecar', image: 'y', resources: {} }]);
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED });
    claim.attachToWorkload(d, { containers: ['sidecar'], request: 'gpu' });
    const spec = byKind(Testing.synth(c), 'Deployment').spec.template.spec;
    expect(spec.containers[0].resources.claims).toBeUndefined();
    expect(spec.containers[1].resources).toEqual({ claims: [{ name: 'gpu', request: 'gpu' }] });
    await expectValid(Testing.synth(c));
  });
  it('appends a second claim to the same pod and container', async () => {
    const c = chart();
    const d = deployment(c);
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED }).attachToWorkload(d);
    new GpuTimeSliceClaim(c, 'MigSlices', { claimScope: GpuClaimScope.PER_POD, sharing: GpuSharing.exclusive(), devices: GpuDevices.migDevices({ profile: '1g.10gb' }) }).attachToWorkload(d);
    const objs = Testing.synth(c);
    const spec = byKind(objs, 'Deployment').spec.template.spec;
    expect(spec.resourceClaims.map((r: any) => r.name)).toEqual(['gpu', 'mig-slices']);
    expect(spec.containers[0].resources.claims).toEqual([{ name: 'gpu' }, { name: 'mig-slices' }]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it.each([
    ['Pod', (c: Chart) => new kplus.Pod(c, 'W', { containers: [{ image: 'x' }] }), (o: any) => o.spec],
    ['StatefulSet', (c: Chart) => new kplus.StatefulSet(c, 'W', { containers: [{ image: 'x', portNumber: 8080 }] }), (o: any) => o.spec.template.spec],
    ['Job', (c: Chart) => new kplus.Job(c, 'W', { containers: [{ image: 'x' }] }), (o: any) => o.spec.template.spec],
    ['CronJob', (c: Chart) => new kplus.CronJob(c, 'W', { containers: [{ image: 'x' }], schedule: Cron.daily() }), (o: any) => o.spec.jobTemplate.spec.template.spec],
    ['DaemonSet', (c: Chart) => new kplus.DaemonSet(c, 'W', { containers: [{ image: 'x' }] }), (o: any) => o.spec.template.spec],
  ] as const)('attaches to a %s', async (kind, make, specOf) => {
    const c = chart();
    const w = make(c);
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD }).attachToWorkload(w);
    const objs = Testing.synth(c);
    const o = byKind(objs, kind);
    expect(specOf(o).resourceClaims).toHaveLength(1);
    expect(specOf(o).containers[0].resources.claims).toEqual([{ name: 'gpu' }]);
    await expectValid(objs.filter((x: any) => x.kind === kind || x.kind === 'ResourceClaimTemplate'));
  });
  it('fails when a container claims a request that does not exist', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, metadata: { name: 'one-gpu' } });
    expect(() => claim.attachToWorkload(deployment(c), { request: 'gpus' })).toThrow(
      '[dra/container-claim-request] request: test/Web asks for a request that claim "one-gpu" does not have (got "gpus"; allowed: gpu). Name one of the claim\'s requests, or leave request unset to get all of them.');
  });
  it('fails at synth when a patched container claims a request that does not exist', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, metadata: { name: 'one-gpu' } });
    const d = deployment(c);
    claim.attachToWorkload(d);
    ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/resources/claims/0/request', 'mig'));
    expect(synthError(c)).toContain('[test/Gpu] [dra/container-claim-request] resources.claims (container "main"): test/Web (spec.template.spec) asks for a request that claim "one-gpu" does not have (got "mig"; allowed: gpu).');
  });
  it('fails at synth when a container references a claim the pod does not declare', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED });
    const d = deployment(c);
    claim.attachToWorkload(d);
    ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/resources/claims/-', { name: 'other' }));
    expect(synthError(c)).toContain('[test/Web] [pod/resource-claim-ref] spec.template.spec.containers[0].resources.claims[1].name: must name an entry of spec.resourceClaims (got "other"; allowed: gpu).');
  });
  it('fails when two claims would get the same name in one pod', () => {
    const c = chart();
    const d = deployment(c);
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED }).attachToWorkload(d);
    const other = new GpuTimeSliceClaim(c, 'Other', { claimScope: GpuClaimScope.PER_POD });
    expect(() => other.attachToWorkload(d, { podClaimName: 'gpu' })).toThrow(
      '[test/Other] invalid input:\n  - [dra/pod-claim-name] podClaimName: is already used in test/Web by another claim (got "gpu"; allowed: a name no other claim of the pod uses). Pass a different podClaimName.');
  });
  it('fails when the container to attach to does not exist', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED });
    expect(() => claim.attachToWorkload(deployment(c), { containers: ['server'] })).toThrow('[dra/container-claim] containers: names a container that test/Web does not have (got "server"; allowed: main)');
  });
  it('fails at synth when no pod uses the claim', () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, metadata: { name: 'lonely' } });
    expect(synthError(c)).toContain('[test/Gpu] [dra/claim-unattached] ResourceClaimTemplate "lonely" is used by no pod in namespace "ml". Attach it with claim.attachTo(pod) or claim.attachToWorkload(workload), or remove it.');
  });
  it('fails at synth when a pod names a ResourceClaim as a template', () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, metadata: { name: 'one-gpu' } });
    const d = deployment(c);
    ApiObject.of(d).addJsonPatch(JsonPatch.add('/spec/template/spec/resourceClaims', [{ name: 'gpu', resourceClaimTemplateName: 'one-gpu' }]));
    expect(synthError(c)).toContain('[dra/claim-kind] resourceClaimTemplateName: test/Web (spec.template.spec) references this ResourceClaim through resourceClaimTemplateName (got "one-gpu"; allowed: resourceClaimName).');
  });
  it('fails at synth when a JSON patch breaks the claim', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED });
    claim.attachToWorkload(deployment(c));
    claim.apiObject.addJsonPatch(JsonPatch.replace('/spec/devices/config/0/opaque/parameters/sharing/timeSlicingConfig/interval', '20ms'));
    expect(synthError(c)).toContain('[nvidia/interval]');
  });
});

describe('wiring into HardenedPod and hardened workloads', () => {
  it('attaches to a HardenedPod through addResourceClaim', async () => {
    const c = chart();
    const pod = new HardenedPod(c, 'Pod', { containers: [{ name: 'server', image: 'pytorch/pytorch:2.7-cuda12' }, { name: 'metrics', image: 'prom/node-exporter:v1.9.0' }] });
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, metadata: { name: 'one-gpu' } });
    claim.attachTo(pod, { containers: ['server'], request: 'gpu' });
    const objs = Testing.synth(c);
    const p = byKind(objs, 'Pod');
    expect(p.spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimName: 'one-gpu' }]);
    expect(p.spec.containers.map((x: any) => x.resources.claims)).toEqual([[{ name: 'gpu', request: 'gpu' }], undefined]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it('fails when a HardenedPod container to attach to does not exist', () => {
    const c = chart();
    const pod = new HardenedPod(c, 'Pod', { containers: [{ name: 'server', image: 'pytorch/pytorch:2.7-cuda12' }] });
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD });
    expect(() => claim.attachTo(pod, { containers: ['worker'] })).toThrow('[dra/container-claim] containers: names a container that test/Pod does not have (got "worker"; allowed: server)');
  });
  it('fails at synth when a HardenedPod claims a request the claim does not have', () => {
    const c = chart();
    const pod = new HardenedPod(c, 'Pod', { containers: [{ name: 'server', image: 'pytorch/pytorch:2.7-cuda12' }] });
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD, metadata: { name: 'per-pod' } });
    pod.addResourceClaim({ name: 'gpu', resourceClaimTemplateName: 'per-pod', request: 'mig' });
    expect(synthError(c)).toContain('[test/Gpu] [dra/container-claim-request] resources.claims (container "server"): test/Pod (spec) asks for a request that claim "per-pod" does not have (got "mig"; allowed: gpu).');
  });
  it('fails at synth when the only pod using the claim is in another namespace', () => {
    const c = chart();
    const pod = new HardenedPod(c, 'Pod', { metadata: { namespace: 'other' }, containers: [{ name: 'server', image: 'pytorch/pytorch:2.7-cuda12' }] });
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, metadata: { name: 'one-gpu' } });
    claim.attachTo(pod);
    expect(synthError(c)).toContain('[dra/claim-unattached] ResourceClaim "one-gpu" is used by no pod in namespace "ml"');
  });
  it.each([['before', true], ['after', false]])('keeps the hardening resources when WorkloadHardening is applied %s attaching', async (_when, hardenFirst) => {
    const c = chart();
    const d = deployment(c, 'Web', [{ name: 'main', image: 'pytorch/pytorch:2.7-cuda12', resources: {} }]);
    const claim = new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED });
    if (hardenFirst) WorkloadHardening.apply(d);
    claim.attachToWorkload(d);
    if (!hardenFirst) WorkloadHardening.apply(d);
    const objs = Testing.synth(c);
    const ctr = byKind(objs, 'Deployment').spec.template.spec.containers[0];
    expect(ctr.resources.claims).toEqual([{ name: 'gpu' }]);
    expect(ctr.resources.limits).toBeDefined();
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
});

describe('one per-pod claim split between containers (issue: 1g.10gb for one container, 3g.40gb for another on an H100)', () => {
  const H100 = GpuSelector.productName('NVIDIA H100 80GB HBM3');
  function splitClaim(c: Chart): GpuTimeSliceClaim {
    const claim = new GpuTimeSliceClaim(c, 'Slices', {
      claimScope: GpuClaimScope.PER_POD,
      metadata: { name: 'h100-slices' },
      requestName: 'small',
      devices: GpuDevices.migDevices({ profile: '1g.10gb', selectors: [H100], sameParentGpu: true }),
    });
    claim.addRequest({ name: 'large', devices: GpuDevices.migDevices({ profile: '3g.40gb', selectors: [H100] }) });
    return claim;
  }
  const containers = [{ name: 'app', image: 'ghcr.io/acme/app:1.0' }, { name: 'llm', image: 'vllm/vllm-openai:v0.9.0' }];

  it('HardenedPod: one ResourceClaimTemplate, one spec.resourceClaims entry, {name, request} per container', async () => {
    const c = chart();
    const pod = new HardenedPod(c, 'Pod', { containers });
    const claim = splitClaim(c);
    claim.attachTo(pod, { containers: ['app'], request: 'small' });
    claim.attachTo(pod, { containers: ['llm'], request: 'large' });
    const objs = Testing.synth(c);
    expect(objs.filter((o: any) => o.kind === 'ResourceClaimTemplate')).toHaveLength(1);
    const spec = byKind(objs, 'Pod').spec;
    expect(spec.resourceClaims).toEqual([{ name: 'slices', resourceClaimTemplateName: 'h100-slices' }]);
    expect(spec.containers.map((x: any) => x.resources.claims)).toEqual([[{ name: 'slices', request: 'small' }], [{ name: 'slices', request: 'large' }]]);
    expect(byKind(objs, 'ResourceClaimTemplate').spec.spec.devices.requests.map((r: any) => [r.name, r.exactly.selectors[0].cel.expression])).toEqual([
      ['small', "device.attributes['gpu.nvidia.com'].profile == '1g.10gb'"],
      ['large', "device.attributes['gpu.nvidia.com'].profile == '3g.40gb'"],
    ]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it('cdk8s-plus Deployment: the same split through attachToWorkload', async () => {
    const c = chart();
    const d = deployment(c, 'Web', containers);
    const claim = splitClaim(c);
    claim.attachToWorkload(d, { containers: ['app'], request: 'small' });
    claim.attachToWorkload(d, { containers: ['llm'], request: 'large' });
    const objs = Testing.synth(c);
    const spec = byKind(objs, 'Deployment').spec.template.spec;
    expect(spec.resourceClaims).toEqual([{ name: 'slices', resourceClaimTemplateName: 'h100-slices' }]);
    expect(spec.containers.map((x: any) => x.resources.claims)).toEqual([[{ name: 'slices', request: 'small' }], [{ name: 'slices', request: 'large' }]]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it('HardenedPod: the same container and request twice is refused, without advising a second claim', () => {
    const c = chart();
    const pod = new HardenedPod(c, 'Pod', { containers });
    const claim = splitClaim(c);
    claim.attachTo(pod, { containers: ['llm'], request: 'large' });
    expect(() => claim.attachTo(pod, { containers: ['llm'], request: 'large' })).toThrow(
      '[harden/duplicate] resourceClaims[slices].containers: already gives request "large" of pod claim "slices" to this container (got ["llm"]; allowed: containers that do not have it yet). Drop the repeated call; to split the claim\'s devices between containers, give each container a different request.');
  });
  it('cdk8s-plus: the same container and request twice is refused, without advising a second claim', () => {
    const c = chart();
    const d = deployment(c, 'Web', containers);
    const claim = splitClaim(c);
    claim.attachToWorkload(d, { request: 'small' });
    let message = '';
    try {
      claim.attachToWorkload(d, { containers: ['llm'], request: 'small' });
    } catch (e: any) {
      message = e.message;
    }
    expect(message).toBe('[test/Slices] invalid input:\n  - [dra/container-claim] containers: already get request "small" of this claim in test/Web (got ["llm"]; allowed: containers that do not have it yet). '
      + 'Drop the repeated attach call; to split the claim\'s devices between containers, attach each container with a different request.');
    expect(message).not.toMatch(/[Rr]ename/);
  });
});

describe('MIG first, else a whole GPU time-sliced: sharing per alternative', () => {
  it('a claim-wide interval goes to the whole-GPU alternative only; the MIG alternative is time-sliced without one', async () => {
    const c = chart();
    new GpuTimeSliceClaim(c, 'Gpu', {
      claimScope: GpuClaimScope.SHARED,
      sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT),
      devices: GpuDevices.migDevices({ profile: '1g.10gb' }),
      fallbacks: [GpuDevices.wholeGpus()],
    }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaim').spec.devices.config).toEqual([
      { requests: ['gpu/gpu'], opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Short' } } } } },
      { requests: ['gpu/mig-1g-10gb'], opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'MigDeviceConfig', sharing: { strategy: 'TimeSlicing' } } } },
    ]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it('sharing declared on the alternative: an exclusive MIG device first, else a whole GPU time-sliced Short', async () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', {
      claimScope: GpuClaimScope.PER_POD,
      devices: GpuDevices.migDevices({ profile: '1g.10gb' }),
      fallbacks: [GpuDevices.wholeGpus({ sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT) })],
    });
    claim.attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    const t = byKind(objs, 'ResourceClaimTemplate');
    expect(t.spec.spec.devices.config).toEqual([
      { requests: ['gpu/gpu'], opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Short' } } } } },
    ]);
    expect(t.metadata.annotations['haru.cdk8s.io/nvidia-feature-gate']).toBe('TimeSlicingSettings');
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
  it('annotates every gate the alternatives need', () => {
    const c = chart();
    const claim = new GpuTimeSliceClaim(c, 'Gpu', {
      claimScope: GpuClaimScope.SHARED,
      sharing: GpuSharing.mps({ activeThreadPercentage: 50 }),
      devices: GpuDevices.migDevices({ profile: '1g.10gb' }),
      fallbacks: [GpuDevices.wholeGpus({ sharing: GpuSharing.timeSlicing(TimeSliceInterval.LONG) })],
    });
    claim.attachToWorkload(deployment(c));
    const o = byKind(Testing.synth(c), 'ResourceClaim');
    expect(o.metadata.annotations['haru.cdk8s.io/nvidia-feature-gate']).toBe('MPSSupport,TimeSlicingSettings');
    expect(o.spec.devices.config.map((x: any) => [x.requests, x.opaque.parameters.kind, x.opaque.parameters.sharing.strategy])).toEqual([
      [['gpu/gpu'], 'GpuConfig', 'TimeSlicing'], [['gpu/mig-1g-10gb'], 'MigDeviceConfig', 'MPS'],
    ]);
  });
  it('refuses an interval on a MIG alternative, naming the alternative', () => {
    expect(() => new GpuTimeSliceClaim(chart(), 'Gpu', {
      claimScope: GpuClaimScope.PER_POD,
      devices: GpuDevices.wholeGpus({ selectors: [GpuSelector.productName('NVIDIA H100 80GB HBM3')] }),
      fallbacks: [GpuDevices.migDevices({ profile: '1g.10gb', sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT) })],
    })).toThrow('[nvidia/mig-interval] fallbacks[0].sharing: sets a time-slice interval for MIG devices, which have none (the driver\'s MigDeviceConfig has no timeSlicingConfig) (got GpuSharing.timeSlicing(TimeSliceInterval.SHORT); '
      + 'allowed: GpuSharing.timeSlicing() without an interval, GpuSharing.mps(), GpuSharing.exclusive()). Drop the interval for MIG devices; set it on the whole-GPU alternative\'s sharing instead.');
  });
  it('refuses an exclusive alternative in a shared claim, naming it (addRequest)', () => {
    const claim = new GpuTimeSliceClaim(chart(), 'Gpu', { claimScope: GpuClaimScope.SHARED });
    expect(() => claim.addRequest({ name: 'extra', devices: GpuDevices.wholeGpus({ sharing: GpuSharing.exclusive() }) })).toThrow(
      '[dra/claim-exclusive-shared] requests["extra"].devices.sharing: cannot be exclusive in a shared claim');
  });
  it('refuses a MIG DeviceClass with an interval before rendering it', () => {
    expect(() => new GpuDeviceClass(chart(), 'Mig', { deviceType: GpuDeviceType.MIG, sharing: GpuSharing.timeSlicing(TimeSliceInterval.LONG) })).toThrow(
      '[nvidia/mig-interval] sharing: sets a time-slice interval for MIG devices');
  });
});

describe('profile defaults on a GPU cdk8s-plus workload', () => {
  it('the synthesised YAML shows the profile default resources next to the claim, not cdk8s-plus\'s 1000m/1500m, 512Mi/2048Mi', async () => {
    const c = chart();
    HardeningProfile.set(c, { defaultResources: { cpuRequest: '2', cpuLimit: '4', memoryRequest: '16Gi', memoryLimit: '16Gi' }, resourceCeilings: { memory: '32Gi' } });
    const d = deployment(c, 'Llm', [{ name: 'llm', image: 'vllm/vllm-openai:v0.9.0', securityContext: { user: 65532, group: 65532 } }]);
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.PER_POD }).attachToWorkload(d);
    WorkloadHardening.apply(d);
    const yaml = (c.node.root as any).synthYaml() as string;
    expect(yaml).not.toMatch(/cpu: "?(1000m|1500m)|memory: "?(512Mi|2048Mi)/);
    const ctr = byKind(Testing.synth(c), 'Deployment').spec.template.spec.containers[0];
    expect(ctr.resources).toMatchObject({
      claims: [{ name: 'gpu' }],
      requests: { cpu: '2', memory: '16Gi' },
      limits: { cpu: '4', memory: '16Gi' },
    });
    await expectValid(Testing.synth(c));
  });
});

describe('a HardeningProfile time-slice interval and MIG devices', () => {
  it('a MIG-only claim under a profile with an interval is time-sliced without one (the library does not refuse its own default)', async () => {
    const c = chart();
    HardeningProfile.set(c, { gpuSharing: GpuSharing.timeSlicing(TimeSliceInterval.LONG) });
    new GpuTimeSliceClaim(c, 'Gpu', { claimScope: GpuClaimScope.SHARED, devices: GpuDevices.migDevices({ profile: '1g.10gb' }) }).attachToWorkload(deployment(c));
    const objs = Testing.synth(c);
    expect(byKind(objs, 'ResourceClaim').spec.devices.config).toEqual([
      { requests: ['gpu'], opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'MigDeviceConfig', sharing: { strategy: 'TimeSlicing' } } } },
    ]);
    expect(synthError(c)).toBe('');
    await expectValid(objs);
  });
});
