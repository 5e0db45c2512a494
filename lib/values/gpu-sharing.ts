import { Size } from 'cdk8s';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkQuantity } from '../base/validators';
import { NVIDIA_CONFIG_API_VERSION } from '../check/dra';
import { sizeToQuantity } from '../render/quantity';

/**
 * How long each process keeps an NVIDIA GPU before the next one gets it under time-slicing.
 *
 * The NVIDIA DRA driver only knows these four levels (they map to the `nvidia-smi
 * compute-policy` time-slice settings); there is no millisecond value to choose, so
 * "20ms" from older tutorials is rejected by the driver.
 *
 * @see https://github.com/NVIDIA/k8s-dra-driver-gpu
 */
export enum TimeSliceInterval {
  /** The GPU's own default time slice. */
  DEFAULT = 'Default',
  /** A short slice: many processes, quick turns (interactive inference). */
  SHORT = 'Short',
  /** A medium slice. */
  MEDIUM = 'Medium',
  /** A long slice: fewer context switches (batch or training work). */
  LONG = 'Long',
}

/** The NVIDIA sharing strategy names as the driver's configuration spells them. */
export enum GpuSharingStrategy {
  /** No sharing strategy configured: the device is not shared through the driver. */
  EXCLUSIVE = 'Exclusive',
  /** CUDA time-slicing (`TimeSlicing`). */
  TIME_SLICING = 'TimeSlicing',
  /** CUDA Multi-Process Service (`MPS`). */
  MPS = 'MPS',
}

/** Settings of the MPS control daemon the driver starts for a shared device. */
export interface MpsOptions {
  /**
   * Share of the GPU's streaming-multiprocessor threads each client may use, in percent (0-100).
   * @default - the driver's default (no limit)
   */
  readonly activeThreadPercentage?: number;
  /**
   * Limit of pinned device memory per client, for every device of the claim, as a cdk8s
   * Size. At least 1 MiB. Give this or `defaultPinnedDeviceMemoryLimit`, not both.
   * @default - no limit
   */
  readonly pinnedMemoryLimit?: Size;
  /**
   * The same limit as a Kubernetes quantity string (`'8Gi'`), the driver's
   * `mpsConfig.defaultPinnedDeviceMemoryLimit` field. At least 1 MiB.
   * @default - no limit
   */
  readonly defaultPinnedDeviceMemoryLimit?: string;
}

/**
 * How the pods that end up on an NVIDIA device share it, rendered as the driver's
 * `resource.nvidia.com/v1beta1` `GpuConfig` / `MigDeviceConfig` opaque parameters.
 *
 * TimeSlicing needs the driver's `TimeSlicingSettings` feature gate and MPS its
 * `MPSSupport` gate: both are alpha since driver 25.8 and off by default
 * (NVIDIA/k8s-dra-driver-gpu pkg/featuregates/featuregates.go). The object that carries the
 * configuration is annotated `haru.cdk8s.io/nvidia-feature-gate` with the gate it needs.
 * Exclusive use needs no gate and writes no configuration.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
 */
export class GpuSharing {
  /**
   * CUDA time-slicing: processes take turns on the device. Needs the driver's
   * `TimeSlicingSettings` feature gate (alpha, off by default).
   *
   * The interval is a whole-GPU setting: MIG devices are time-sliced without one (the
   * driver's `MigDeviceConfig` has no `timeSlicingConfig`). A claim-wide interval applies to
   * the claim's whole-GPU requests and alternatives; its MIG alternatives get `TimeSlicing`
   * alone. An interval that would reach only MIG devices is refused.
   *
   * @param interval the time-slice level; `Default`, `Short`, `Medium` or `Long`.
   * @default - for whole GPUs `TimeSliceInterval.DEFAULT`; for MIG devices none
   */
  public static timeSlicing(interval?: TimeSliceInterval): GpuSharing {
    return new GpuSharing(GpuSharingStrategy.TIME_SLICING, interval, undefined);
  }

  /**
   * CUDA Multi-Process Service: processes run at the same time with optional limits.
   * Needs the driver's `MPSSupport` feature gate (alpha, off by default).
   */
  public static mps(options: MpsOptions = {}): GpuSharing {
    const problems: Violation[] = [];
    if (options.pinnedMemoryLimit !== undefined && options.defaultPinnedDeviceMemoryLimit !== undefined) {
      problems.push({
        checkId: 'nvidia/pinned-memory',
        field: 'defaultPinnedDeviceMemoryLimit',
        problem: 'sets the same limit as pinnedMemoryLimit',
        got: `${renderValue(options.defaultPinnedDeviceMemoryLimit)} and pinnedMemoryLimit ${sizeToQuantity(options.pinnedMemoryLimit)}`,
        allowed: 'one of the two',
        fix: 'Keep one of them',
      });
    }
    if (options.defaultPinnedDeviceMemoryLimit !== undefined) {
      const bad = checkQuantity('defaultPinnedDeviceMemoryLimit', options.defaultPinnedDeviceMemoryLimit);
      if (bad) problems.push(bad);
    }
    if (problems.length) throw new HaruValidationError('GpuSharing.mps', problems);
    return new GpuSharing(GpuSharingStrategy.MPS, undefined, options);
  }

  /**
   * No sharing strategy: no opaque configuration is written and each claim's device is used
   * only by the pod that got the claim.
   */
  public static exclusive(): GpuSharing {
    return new GpuSharing(GpuSharingStrategy.EXCLUSIVE, undefined, undefined);
  }

  /** The strategy. */
  public readonly strategy: GpuSharingStrategy;
  /** The time-slice interval, when one was chosen. */
  public readonly interval?: TimeSliceInterval;
  /** The MPS settings, for the MPS strategy. */
  public readonly mpsOptions?: MpsOptions;

  private constructor(strategy: GpuSharingStrategy, interval: TimeSliceInterval | undefined, mps: MpsOptions | undefined) {
    this.strategy = strategy;
    this.interval = interval;
    this.mpsOptions = mps;
  }

  /**
   * The NVIDIA DRA driver feature gate this strategy needs (alpha, off by default), or
   * undefined for exclusive use.
   */
  public get requiredFeatureGate(): string | undefined {
    if (this.strategy === GpuSharingStrategy.TIME_SLICING) return 'TimeSlicingSettings';
    if (this.strategy === GpuSharingStrategy.MPS) return 'MPSSupport';
    return undefined;
  }

  /**
   * The driver parameters for a whole GPU (`GpuConfig`) or a MIG device (`MigDeviceConfig`),
   * or undefined for exclusive use.
   * @internal
   */
  public _parameters(mig: boolean): Record<string, any> | undefined {
    if (this.strategy === GpuSharingStrategy.EXCLUSIVE) return undefined;
    const sharing: Record<string, any> = { strategy: this.strategy };
    if (this.strategy === GpuSharingStrategy.TIME_SLICING) {
      // The interval is a whole-GPU setting: MigDeviceSharing has only strategy and mpsConfig
      // (NVIDIA/k8s-dra-driver-gpu api/nvidia.com/resource/v1beta1/sharing.go, and the kubelet
      // plugin's applySharingConfig sets time slices on full GPUs only), so a MIG config never
      // gets one. Constructs refuse an interval meant for MIG devices only before rendering.
      if (!mig) sharing.timeSlicingConfig = { interval: this.interval ?? TimeSliceInterval.DEFAULT };
    } else {
      const o = this.mpsOptions ?? {};
      const mps: Record<string, any> = {};
      if (o.activeThreadPercentage !== undefined) mps.defaultActiveThreadPercentage = o.activeThreadPercentage;
      if (o.pinnedMemoryLimit !== undefined) mps.defaultPinnedDeviceMemoryLimit = sizeToQuantity(o.pinnedMemoryLimit);
      if (o.defaultPinnedDeviceMemoryLimit !== undefined) mps.defaultPinnedDeviceMemoryLimit = o.defaultPinnedDeviceMemoryLimit;
      sharing.mpsConfig = mps;
    }
    return { apiVersion: NVIDIA_CONFIG_API_VERSION, kind: mig ? 'MigDeviceConfig' : 'GpuConfig', sharing };
  }
}
