import { ApiObject, ApiObjectMetadata, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { isKnownMigProfile, knownProfilesLike } from './mig-profiles';
import { checkArguments } from '../base/arguments';
import { formatViolation, HaruValidationError } from '../base/errors';
import { checkQuantity } from '../base/validators';
import { DRA_API_VERSION, FEATURE_GATE_ANNOTATION, NVIDIA_GPU_DRIVER } from '../check/dra';
import { checkObject } from '../check/registry';
import { failing } from '../profile/resolve';
import { clusterScoped } from '../render/cluster-scoped';
import { sizeToQuantity } from '../render/quantity';
import { GpuSharing } from '../values/gpu-sharing';

/** A DeviceClass that claims can ask devices from (one you create or one that exists). */
export interface IDeviceClass {
  /** The DeviceClass name (`metadata.name`). */
  readonly deviceClassName: string;
}

/**
 * References to DeviceClasses this program does not create, e.g. the ones the NVIDIA
 * driver's Helm chart installs.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/#deviceclass
 */
export class DeviceClassRef implements IDeviceClass {
  /** `gpu.nvidia.com`: whole NVIDIA GPUs (installed by the NVIDIA DRA driver). */
  public static readonly NVIDIA_GPU: IDeviceClass = new DeviceClassRef('gpu.nvidia.com');
  /** `mig.nvidia.com`: NVIDIA MIG devices (installed by the NVIDIA DRA driver). */
  public static readonly NVIDIA_MIG: IDeviceClass = new DeviceClassRef('mig.nvidia.com');

  /** An existing DeviceClass by name. */
  public static fromName(name: string): IDeviceClass {
    return new DeviceClassRef(name);
  }

  /** The DeviceClass name. */
  public readonly deviceClassName: string;

  private constructor(name: string) {
    this.deviceClassName = name;
  }
}

/** Whether a request takes a fixed number of devices or every matching device on a node. */
export enum DeviceAllocationMode {
  /** Exactly `count` devices. */
  EXACT_COUNT = 'ExactCount',
  /** Every matching device in the pool (no count). */
  ALL = 'All',
}

/** The kind of NVIDIA device a request asks for. */
export enum GpuDeviceType {
  /** A whole physical GPU. */
  GPU = 'gpu',
  /** A MIG (Multi-Instance GPU) device: a hardware partition of a GPU. */
  MIG = 'mig',
}

/**
 * An extra condition on the devices, as a CEL expression over `device` in the DRA
 * environment; checked (parse, type, cost) when the claim is created.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/#resourceclaims-and-resourceclaimtemplates
 */
export class GpuSelector {
  /** The device's `productName` attribute equals `name` (e.g. `NVIDIA H100 80GB HBM3`). */
  public static productName(name: string): GpuSelector {
    return new GpuSelector(`device.attributes['${NVIDIA_GPU_DRIVER}'].productName == ${celString(name)}`);
  }

  /** The device's `architecture` attribute equals `architecture` (e.g. `Hopper`, `Ampere`). */
  public static architecture(architecture: string): GpuSelector {
    return new GpuSelector(`device.attributes['${NVIDIA_GPU_DRIVER}'].architecture == ${celString(architecture)}`);
  }

  /** The device has at least `size` of memory (its `memory` capacity). */
  public static minMemory(size: Size): GpuSelector {
    return new GpuSelector(`device.capacity['${NVIDIA_GPU_DRIVER}'].memory.compareTo(quantity(${celString(sizeToQuantity(size))})) >= 0`);
  }

  /** The device has at least `quantity` of memory, a Kubernetes quantity string such as `'40Gi'`. */
  public static minMemoryQuantity(quantity: string): GpuSelector {
    const bad = checkQuantity('quantity', quantity, { nonNegative: true });
    if (bad) throw new HaruValidationError('GpuSelector.minMemoryQuantity', [bad]);
    return new GpuSelector(`device.capacity['${NVIDIA_GPU_DRIVER}'].memory.compareTo(quantity(${celString(quantity)})) >= 0`);
  }

  /**
   * Any CEL expression of type bool over `device` (`device.driver`,
   * `device.attributes['<domain>'].<name>`, `device.capacity['<domain>'].<name>`).
   */
  public static cel(expression: string): GpuSelector {
    return new GpuSelector(expression);
  }

  /** The CEL expression. */
  public readonly expression: string;

  private constructor(expression: string) {
    this.expression = expression;
  }
}

function celString(s: string): string {
  return JSON.stringify(s);
}

/** Options shared by whole-GPU and MIG device requests. */
export interface GpuDeviceOptions {
  /**
   * How many devices. Must be unset with `DeviceAllocationMode.ALL`.
   * @default 1
   */
  readonly count?: number;
  /**
   * Exactly `count` devices, or all matching devices of a node.
   * @default DeviceAllocationMode.EXACT_COUNT
   */
  readonly allocationMode?: DeviceAllocationMode;
  /**
   * Extra conditions the devices must meet (all must hold).
   * @default - none
   */
  readonly selectors?: GpuSelector[];
  /**
   * Name of this alternative when it is one of several (`firstAvailable` subrequest).
   * @default - `gpu` for whole GPUs, `mig-<profile>` for MIG devices
   */
  readonly alternativeName?: string;
  /**
   * How pods share these devices, for this request or alternative only: rendered as a
   * `spec.devices.config` entry whose `requests` names just this request (`<request>` or
   * `<request>/<alternative>`). Use it for a prioritised list whose alternatives share
   * differently, e.g. an exclusive MIG device first, else a whole GPU time-sliced with
   * `GpuSharing.timeSlicing(TimeSliceInterval.SHORT)`. MIG devices take no time-slice
   * interval (the driver's `MigDeviceConfig` has no `timeSlicingConfig`).
   * @default - the claim's `sharing`
   */
  readonly sharing?: GpuSharing;
}

/** Options of {@link GpuDevices.wholeGpus}. */
export interface WholeGpuOptions extends GpuDeviceOptions {
  /**
   * The DeviceClass to ask.
   * @default DeviceClassRef.NVIDIA_GPU
   */
  readonly deviceClass?: IDeviceClass;
}

/** Options of {@link GpuDevices.migDevices}. */
export interface MigDeviceOptions extends GpuDeviceOptions {
  /** The MIG profile, e.g. `1g.10gb`, `2g.20gb`, `3g.40gb`. */
  readonly profile: string;
  /**
   * Accept a profile that none of the GPUs NVIDIA documents has (a new part), for this
   * reason; recorded on the claim as the annotation `haru.cdk8s.io/opt-out.unlisted-mig-profile`.
   * Without it such a profile is refused: no device would ever match and the pod would stay
   * Pending.
   * @default - only documented profiles (A30, A100 40/80GB, H100, H200, GH200, B200, GB200, RTX PRO 6000)
   */
  readonly unlistedProfileReason?: string;
  /**
   * Put all devices of this request on the same physical GPU
   * (constraint `matchAttribute: gpu.nvidia.com/parentUUID`).
   * @default false
   */
  readonly sameParentGpu?: boolean;
  /**
   * The DeviceClass to ask.
   * @default DeviceClassRef.NVIDIA_MIG
   */
  readonly deviceClass?: IDeviceClass;
}

const MIG_PROFILE = /^[1-9][0-9]?(c\.[1-9][0-9]?)?g\.[0-9]+gb([+-][a-z0-9]+(\.[a-z0-9]+)*)*$/;

/**
 * Which NVIDIA devices a request asks for: whole GPUs or MIG devices of one profile.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
 */
export class GpuDevices {
  /** Whole GPUs from the `gpu.nvidia.com` class (or another class). */
  public static wholeGpus(options: WholeGpuOptions = {}): GpuDevices {
    return new GpuDevices(GpuDeviceType.GPU, options, (options.deviceClass ?? DeviceClassRef.NVIDIA_GPU).deviceClassName, undefined, false);
  }

  /** MIG devices of one profile from the `mig.nvidia.com` class (or another class). */
  public static migDevices(options: MigDeviceOptions): GpuDevices {
    const className = (options.deviceClass ?? DeviceClassRef.NVIDIA_MIG).deviceClassName;
    return new GpuDevices(GpuDeviceType.MIG, options, className, options.profile, options.sameParentGpu ?? false, options.unlistedProfileReason);
  }

  /** Whole GPU or MIG device. */
  public readonly deviceType: GpuDeviceType;
  /** The DeviceClass name the request asks. */
  public readonly deviceClassName: string;
  /** The number of devices (undefined with `DeviceAllocationMode.ALL` and no count). */
  public readonly count?: number;
  /** The allocation mode. */
  public readonly allocationMode: DeviceAllocationMode;
  /** The MIG profile (MIG devices only). */
  public readonly profile?: string;
  /** Whether all devices must be on the same physical GPU. */
  public readonly sameParentGpu: boolean;
  /** The name given for use as one of several alternatives, if any. */
  public readonly alternativeName?: string;
  /** The CEL expressions of the extra selectors. */
  public readonly selectorExpressions: string[];

  /** Why a profile no documented GPU has is used (MIG devices only). */
  public readonly unlistedProfileReason?: string;
  /** Sharing of these devices when it differs from the claim's. */
  public readonly sharing?: GpuSharing;

  private constructor(
    type: GpuDeviceType, o: GpuDeviceOptions, className: string, profile: string | undefined, sameParent: boolean, unlistedReason?: string,
  ) {
    this.unlistedProfileReason = unlistedReason;
    this.deviceType = type;
    this.deviceClassName = className;
    this.allocationMode = o.allocationMode ?? DeviceAllocationMode.EXACT_COUNT;
    this.count = o.count ?? (this.allocationMode === DeviceAllocationMode.ALL ? undefined : 1);
    this.profile = profile;
    this.sameParentGpu = sameParent;
    this.alternativeName = o.alternativeName;
    this.sharing = o.sharing;
    this.selectorExpressions = (o.selectors ?? []).map((s) => s.expression);
  }

  /**
   * The alternative's name when none was given: `gpu` or `mig-<profile>`.
   * @internal
   */
  public _defaultName(): string {
    if (this.deviceType === GpuDeviceType.GPU) return 'gpu';
    return `mig-${String(this.profile).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 63).replace(/-+$/, '');
  }

  /**
   * Problems with the options that the manifest cannot show (a MIG profile that is not one).
   * @internal
   */
  public _problems(field: string): Array<{ field: string; problem: string; got: string; allowed: string; fix: string }> {
    if (this.deviceType === GpuDeviceType.MIG && (typeof this.profile !== 'string' || !MIG_PROFILE.test(this.profile))) {
      return [{ field, problem: 'is not a MIG profile name', got: JSON.stringify(this.profile), allowed: "'<n>g.<m>gb', e.g. 1g.10gb, 2g.20gb, 3g.40gb, 7g.80gb", fix: 'Use the profile as nvidia-smi mig -lgip prints it' }];
    }
    if (this.deviceType === GpuDeviceType.MIG && !isKnownMigProfile(this.profile!)) {
      const reason = this.unlistedProfileReason;
      if (typeof reason === 'string' && reason.trim().length >= 3) return [];
      const like = knownProfilesLike(this.profile!);
      return [{
        field,
        problem: 'is a profile no GPU NVIDIA documents has (no device would match and the pod would stay Pending)',
        got: JSON.stringify(this.profile),
        allowed: like.length ? like.join(', ') : 'a documented profile such as 1g.10gb, 3g.40gb, 7g.80gb',
        fix: "Use a profile of your GPU as nvidia-smi mig -lgip prints it, or pass unlistedProfileReason: '<why>' for a GPU not listed yet",
      }];
    }
    return [];
  }

  /**
   * The request body (`exactly` or one `firstAvailable` entry without the name).
   * @internal
   */
  public _request(): Record<string, any> {
    const selectors = [...this.selectorExpressions];
    if (this.deviceType === GpuDeviceType.MIG && this.profile !== undefined && MIG_PROFILE.test(this.profile)) {
      selectors.unshift(`device.attributes['${NVIDIA_GPU_DRIVER}'].profile == '${this.profile}'`);
    }
    const out: Record<string, any> = { deviceClassName: this.deviceClassName };
    if (selectors.length > 0) out.selectors = selectors.map((expression) => ({ cel: { expression } }));
    out.allocationMode = this.allocationMode;
    if (this.count !== undefined) out.count = this.count;
    return out;
  }
}

/** Props of {@link GpuDeviceClass}. */
export interface GpuDeviceClassProps {
  /**
   * Metadata; `name` is the class name claims use.
   * @default - a generated name
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Whole GPUs or MIG devices of the NVIDIA driver.
   * @default GpuDeviceType.GPU
   */
  readonly deviceType?: GpuDeviceType;
  /**
   * Extra conditions every device of the class must meet.
   * @default - none
   */
  readonly selectors?: GpuSelector[];
  /**
   * Sharing applied to every device allocated through this class (claims may still add their own).
   * @default - none (claims decide)
   */
  readonly sharing?: GpuSharing;
}

/**
 * A cluster-scoped DeviceClass (resource.k8s.io/v1) for a team's own slice of NVIDIA
 * devices, e.g. "H100 whole GPUs" or "1g.10gb MIG devices on Hopper".
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/#deviceclass
 */
export class GpuDeviceClass extends Construct implements IDeviceClass {
  /** The class name. */
  public readonly deviceClassName: string;
  /** The device type. */
  public readonly deviceType: GpuDeviceType;
  /** The L1 DeviceClass object (child id `Resource`). */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: GpuDeviceClassProps = {}) {
    checkArguments('GpuDeviceClass.constructor', undefined, [scope, id, props]);
    super(scope, id);
    this.deviceType = props.deviceType ?? GpuDeviceType.GPU;
    if (this.deviceType === GpuDeviceType.MIG && props.sharing?.interval !== undefined) {
      // MigDeviceSharing has no timeSlicingConfig (NVIDIA/k8s-dra-driver-gpu api/nvidia.com/resource/v1beta1/sharing.go)
      throw new HaruValidationError(this.node.path, [{
        checkId: 'nvidia/mig-interval',
        field: 'sharing',
        problem: 'sets a time-slice interval for MIG devices, which have none (the driver\'s MigDeviceConfig has no timeSlicingConfig)',
        got: `GpuSharing.timeSlicing(TimeSliceInterval.${props.sharing.interval.toUpperCase()})`,
        allowed: 'GpuSharing.timeSlicing() without an interval, GpuSharing.mps()',
        fix: 'Drop the interval for a MIG device class',
      }]);
    }
    const selectors = [
      `device.driver == '${NVIDIA_GPU_DRIVER}' && device.attributes['${NVIDIA_GPU_DRIVER}'].type == '${this.deviceType}'`,
      ...(props.selectors ?? []).map((s) => s.expression),
    ];
    const spec: Record<string, any> = { selectors: selectors.map((expression) => ({ cel: { expression } })) };
    const params = props.sharing?._parameters(this.deviceType === GpuDeviceType.MIG);
    if (params) spec.config = [{ opaque: { driver: NVIDIA_GPU_DRIVER, parameters: params } }];
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: DRA_API_VERSION,
      kind: 'DeviceClass',
      metadata: props.metadata,
      spec,
    });
    clusterScoped(this.apiObject);
    const gate = props.sharing?.requiredFeatureGate;
    if (gate) this.apiObject.metadata.addAnnotation(FEATURE_GATE_ANNOTATION, gate);
    this.deviceClassName = this.apiObject.name;
    const check = () => failing(this, checkObject(this.apiObject.toJson()));
    const now = check();
    if (now.length > 0) throw new HaruValidationError(this.node.path, now);
    this.node.addValidation({ validate: () => check().map((v) => `[${v.checkId}] ${formatViolation(v)}`) });
  }
}
