import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { GpuClaimScope, GpuDeviceClass, GpuDevices, GpuSharing, GpuTimeSliceClaim, HardenedPod } from '../../lib';

function claimObject(props: any): any {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  const claim = new GpuTimeSliceClaim(chart, 'g', props);
  claim.attachTo(new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] }));
  return chart.toJson().find((o: any) => o.kind === 'ResourceClaimTemplate' || o.kind === 'ResourceClaim');
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '(accepted)';
}

describe('GPU sharing defaults and driver feature gates (NVIDIA/k8s-dra-driver-gpu pkg/featuregates/featuregates.go)', () => {
  it('uses a per-pod claim without sharing exclusively: no opaque config, no gate annotation', () => {
    const o = claimObject({ claimScope: GpuClaimScope.PER_POD });
    expect(o.spec.spec.devices.config).toBeUndefined();
    expect(o.metadata.annotations?.['haru.cdk8s.io/nvidia-feature-gate']).toBeUndefined();
  });

  it('time-slices a shared claim without sharing and names the TimeSlicingSettings gate', () => {
    const o = claimObject({ claimScope: GpuClaimScope.SHARED });
    expect(o.spec.devices.config[0].opaque.parameters.sharing.strategy).toBe('TimeSlicing');
    expect(o.metadata.annotations['haru.cdk8s.io/nvidia-feature-gate']).toBe('TimeSlicingSettings');
  });

  it('names the MPSSupport gate for MPS, on claims and DeviceClasses', () => {
    expect(claimObject({ claimScope: GpuClaimScope.PER_POD, sharing: GpuSharing.mps() }).metadata.annotations['haru.cdk8s.io/nvidia-feature-gate']).toBe('MPSSupport');
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new GpuDeviceClass(chart, 'dc', { sharing: GpuSharing.mps() });
    expect(chart.toJson()[0].metadata.annotations['haru.cdk8s.io/nvidia-feature-gate']).toBe('MPSSupport');
    expect(GpuSharing.exclusive().requiredFeatureGate).toBeUndefined();
    expect(GpuSharing.timeSlicing().requiredFeatureGate).toBe('TimeSlicingSettings');
  });
});

describe('MIG profiles against the profiles NVIDIA documents (MIG User Guide, Supported MIG Profiles)', () => {
  it.each(['1g.6gb', '1g.5gb', '3g.40gb', '1g.10gb+me', '7g.94gb', '3g.71gb', '7g.141gb', '1g.23gb', '7g.180gb', '4g.96gb+gfx'])('accepts %s', (profile) => {
    expect(errorOf(() => claimObject({ claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.migDevices({ profile }) }))).toBe('(accepted)');
  });

  it('fails when no documented GPU has the profile (1g.11gb)', () => {
    expect(errorOf(() => claimObject({ claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.migDevices({ profile: '1g.11gb' }) }))).toBe('[c/g] invalid input:\n'
      + '  - [dra/mig-profile] devices.profile: is a profile no GPU NVIDIA documents has (no device would match and the pod would stay Pending) (got "1g.11gb"; '
      + 'allowed: 1g.5gb, 1g.6gb, 1g.10gb, 1g.12gb, 1g.18gb, 1g.20gb, 1g.23gb, 1g.24gb, 1g.35gb, 1g.36gb, 1g.45gb, 1g.47gb). '
      + "Use a profile of your GPU as nvidia-smi mig -lgip prints it, or pass unlistedProfileReason: '<why>' for a GPU not listed yet.");
  });

  it('accepts an unlisted profile with a reason and records it on the claim', () => {
    const o = claimObject({ claimScope: GpuClaimScope.PER_POD, devices: GpuDevices.migDevices({ profile: '1g.11gb', unlistedProfileReason: 'new part, checked with nvidia-smi mig -lgip' }) });
    expect(o.metadata.annotations['haru.cdk8s.io/opt-out.unlisted-mig-profile']).toBe('1g.11gb: new part, checked with nvidia-smi mig -lgip');
  });
});
