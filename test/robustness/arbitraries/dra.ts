/** Generators for GpuTimeSliceClaim props (plain recipes; `buildDra` turns one into constructs). */
import { Chart, Size } from 'cdk8s';
import fc from 'fast-check';
import {
  DeviceAllocationMode, DeviceClassRef, GpuClaimScope, GpuDevices, GpuSelector, GpuSharing, GpuTimeSliceClaim, HardenedPod, TimeSliceInterval,
} from '../../../lib';
import { Built, SUBJECT_ID, Subject } from '../harness';
import { dnsLabel, labelMap, nastyMap, nastyNumber, nastyString, oddCel, opt, rarely } from './common';

interface DevicesRecipe {
  readonly type: 'gpu' | 'mig';
  readonly profile?: string;
  readonly count?: number;
  readonly all?: boolean;
  readonly selectors: Array<{ kind: 'product' | 'arch' | 'memory' | 'cel'; text: string; gib: number }>;
  readonly alternativeName?: string;
  readonly deviceClass?: string;
  readonly sameParentGpu?: boolean;
}
export interface DraRecipe {
  readonly scope: string;
  readonly sharing?: { kind: 'time'; interval?: string } | { kind: 'mps'; threads?: number; pinnedMib?: number } | { kind: 'exclusive' };
  readonly devices?: DevicesRecipe;
  readonly fallbacks?: DevicesRecipe[];
  readonly requestName?: string;
  readonly metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  readonly extra: Array<{ name: string; devices: DevicesRecipe }>;
  readonly attach: { podClaimName?: string; request?: string };
}

const PROFILES = ['1g.10gb', '2g.20gb', '3g.40gb', '7g.80gb', '1g.5gb'];

const validSelector = fc.record({
  kind: fc.constantFrom('product' as const, 'arch' as const, 'memory' as const, 'cel' as const),
  text: fc.constantFrom('NVIDIA H100 80GB HBM3', 'Hopper', 'Ampere', "device.driver == 'gpu.nvidia.com'"),
  gib: fc.integer({ min: 1, max: 80 }),
}).filter((s) => s.kind !== 'cel' || s.text.startsWith('device.'));

const validDevices: fc.Arbitrary<DevicesRecipe> = fc.oneof(
  fc.record({ type: fc.constant('gpu' as const), count: opt(fc.integer({ min: 1, max: 8 })), selectors: fc.array(validSelector, { maxLength: 2 }) }, { requiredKeys: ['type', 'selectors'] }),
  fc.record({ type: fc.constant('mig' as const), profile: fc.constantFrom(...PROFILES), count: opt(fc.integer({ min: 1, max: 4 })), selectors: fc.constant([] as DevicesRecipe['selectors']), sameParentGpu: opt(fc.boolean()) }, { requiredKeys: ['type', 'profile', 'selectors'] }),
);

export const validDra: fc.Arbitrary<DraRecipe> = fc.record({
  scope: fc.constantFrom(...Object.values(GpuClaimScope)),
  sharing: opt(fc.oneof(
    fc.record({ kind: fc.constant('time' as const) }),
    fc.record({ kind: fc.constant('mps' as const), threads: opt(fc.integer({ min: 1, max: 100 })), pinnedMib: opt(fc.integer({ min: 1, max: 4096 })) }, { requiredKeys: ['kind'] }),
  )),
  devices: opt(validDevices),
  requestName: opt(dnsLabel(12)),
  // An explicit `name: undefined` makes cdk8s drop the generated name (the claim is then
  // refused for a missing metadata.name), so the valid generator leaves the key out instead.
  metadata: opt(fc.record({ name: dnsLabel(30), labels: labelMap() }, { requiredKeys: [] })),
  extra: fc.constant([]),
  attach: fc.record({ podClaimName: opt(dnsLabel(20)) }, { requiredKeys: [] }),
}, { requiredKeys: ['scope', 'extra', 'attach'] }) as fc.Arbitrary<DraRecipe>;

const nastySelector = fc.record({
  kind: fc.constantFrom('product' as const, 'arch' as const, 'memory' as const, 'cel' as const),
  text: fc.oneof(nastyString, oddCel),
  // cdk8s Size refuses negative amounts itself (before this library sees them).
  gib: nastyNumber.filter((n) => !(n < 0)),
});

const nastyDevices: fc.Arbitrary<DevicesRecipe> = fc.oneof(
  { weight: 2, arbitrary: validDevices },
  fc.record({
    type: fc.constantFrom('gpu' as const, 'mig' as const),
    profile: opt(fc.oneof(fc.constantFrom(...PROFILES), nastyString, fc.constantFrom('0g.0gb', '1g.10GB', '99g.999gb'))),
    count: rarely(nastyNumber),
    all: rarely(fc.boolean()),
    selectors: fc.array(fc.oneof(validSelector, nastySelector), { maxLength: 2 }),
    alternativeName: rarely(nastyString),
    deviceClass: rarely(fc.oneof(nastyString, fc.constantFrom('gpu.nvidia.com', 'mig.nvidia.com'))),
    sameParentGpu: opt(fc.boolean()),
  }, { requiredKeys: ['type', 'selectors'] }),
);

export const nastyDra: fc.Arbitrary<DraRecipe> = fc.record({
  scope: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...Object.values(GpuClaimScope)) }, nastyString),
  sharing: opt(fc.oneof(
    fc.record({ kind: fc.constant('time' as const), interval: opt(fc.oneof(fc.constantFrom(...Object.values(TimeSliceInterval)), nastyString)) }, { requiredKeys: ['kind'] }),
    fc.record({ kind: fc.constant('mps' as const), threads: opt(nastyNumber), pinnedMib: opt(nastyNumber.filter((n) => !(n < 0))) }, { requiredKeys: ['kind'] }),
    fc.constant({ kind: 'exclusive' as const }),
  )),
  devices: opt(nastyDevices),
  fallbacks: rarely(fc.array(nastyDevices, { maxLength: 3 })),
  requestName: rarely(nastyString),
  metadata: opt(fc.record({ name: rarely(nastyString), namespace: rarely(nastyString), labels: rarely(nastyMap(2)) }, { requiredKeys: [] })),
  extra: fc.array(fc.record({ name: fc.oneof(dnsLabel(10), nastyString, fc.constant('gpu')), devices: nastyDevices }), { maxLength: 2 }),
  attach: fc.record({ podClaimName: rarely(nastyString), request: rarely(fc.oneof(fc.constant('gpu'), nastyString)) }, { requiredKeys: [] }),
}, { requiredKeys: ['scope', 'extra', 'attach'] }) as fc.Arbitrary<DraRecipe>;

function devices(d: DevicesRecipe): GpuDevices {
  const selectors = d.selectors.map((s) => {
    if (s.kind === 'product') return GpuSelector.productName(s.text);
    if (s.kind === 'arch') return GpuSelector.architecture(s.text);
    if (s.kind === 'memory') return GpuSelector.minMemory(Size.gibibytes(s.gib));
    return GpuSelector.cel(s.text);
  });
  const common = {
    count: d.count,
    allocationMode: d.all ? DeviceAllocationMode.ALL : undefined,
    selectors,
    alternativeName: d.alternativeName,
    deviceClass: d.deviceClass === undefined ? undefined : DeviceClassRef.fromName(d.deviceClass),
  };
  return d.type === 'gpu' ? GpuDevices.wholeGpus(common) : GpuDevices.migDevices({ ...common, profile: d.profile as string, sameParentGpu: d.sameParentGpu });
}

export function buildDra(r: DraRecipe): Built {
  const s = r.sharing;
  const sharing = s === undefined ? undefined : s.kind === 'time' ? GpuSharing.timeSlicing(s.interval as TimeSliceInterval | undefined)
    : s.kind === 'mps' ? GpuSharing.mps({ activeThreadPercentage: s.threads, pinnedMemoryLimit: s.pinnedMib === undefined ? undefined : Size.mebibytes(s.pinnedMib) })
      : GpuSharing.exclusive();
  const props = {
    claimScope: r.scope as GpuClaimScope,
    sharing,
    devices: r.devices ? devices(r.devices) : undefined,
    fallbacks: r.fallbacks?.map(devices),
    requestName: r.requestName,
    metadata: r.metadata,
  };
  const extra = r.extra.map((e) => ({ name: e.name, devices: devices(e.devices) }));
  return {
    construct: (chart: Chart) => {
      const claim = new GpuTimeSliceClaim(chart, SUBJECT_ID, props);
      for (const e of extra) claim.addRequest(e);
      const pod = new HardenedPod(chart, 'Pod', { metadata: { namespace: r.metadata?.namespace }, containers: [{ name: 'app', image: 'nginx:1.27' }] });
      claim.attachTo(pod, { podClaimName: r.attach.podClaimName, request: r.attach.request });
    },
  };
}

export const DRA: Subject<DraRecipe> = { name: 'GpuTimeSliceClaim', valid: validDra, nasty: nastyDra, build: buildDra };
