import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-33';
import { Construct, IConstruct } from 'constructs';
import { GpuDevices, GpuDeviceType } from './devices';
import { isKnownMigProfile } from './mig-profiles';
import { checkArguments } from '../base/arguments';
import { formatViolation, HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkDns1123Label, suggestName } from '../base/validators';
import { DRA_API_VERSION, FEATURE_GATE_ANNOTATION, NVIDIA_GPU_DRIVER } from '../check/dra';
import { podSpecsOf } from '../check/pod-spec';
import { OPT_OUT_PREFIX } from '../check/pss';
import { checkObject } from '../check/registry';
import { HardenedPod } from '../pod/hardened-pod';
import { ProfileSetting } from '../profile/profile';
import { failing, profileFor } from '../profile/resolve';
import { renderHooks } from '../render/render-hooks';
import { GpuSharing, GpuSharingStrategy } from '../values/gpu-sharing';

/**
 * Whether each pod gets its own devices or all pods use the same ones.
 *
 * This is the one decision that changes what the pods get, so it has no default:
 * a claim *template* gives every pod a fresh claim and therefore **separate** devices;
 * pods only share a device when they reference the **same ResourceClaim**.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/#resourceclaims-and-resourceclaimtemplates
 */
export enum GpuClaimScope {
  /**
   * Every pod gets its own claim, and so its own, separate device(s).
   * Emits a ResourceClaimTemplate; the claims live and die with their pods.
   */
  PER_POD = 'PerPod',
  /**
   * One claim, one allocation: every pod that references it runs on the very same device(s).
   * Emits a ResourceClaim; pair it with time-slicing or MPS.
   */
  SHARED = 'Shared',
}

/** One named request for devices, with optional fallbacks. */
export interface GpuRequestOptions {
  /** Request name (DNS label); containers may name it to get only this request's devices. */
  readonly name: string;
  /** What to ask for first. */
  readonly devices: GpuDevices;
  /**
   * Alternatives tried in order when `devices` cannot be allocated (`firstAvailable`),
   * e.g. "an H100 MIG device, else any whole GPU".
   * @default - none
   */
  readonly fallbacks?: GpuDevices[];
}

/** Props of {@link GpuTimeSliceClaim}. */
export interface GpuTimeSliceClaimProps {
  /**
   * One claim per pod (separate devices) or one claim shared by every pod that references it.
   * (Not `scope`: in Python that would clash with the constructor's `scope` argument.)
   */
  readonly claimScope: GpuClaimScope;
  /**
   * Metadata of the ResourceClaim / ResourceClaimTemplate.
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How pods share each device. TimeSlicing needs the NVIDIA driver's `TimeSlicingSettings`
   * feature gate, MPS its `MPSSupport` gate (both alpha, off by default); the claim is then
   * annotated `haru.cdk8s.io/nvidia-feature-gate`. Unset, the nearest HardeningProfile's
   * `gpuSharing` applies, else a per-pod claim is used exclusively (no sharing configuration,
   * no gate) and a shared claim is time-sliced. A request or `firstAvailable` alternative
   * with its own `sharing` (`GpuDevices.wholeGpus({ sharing })`) uses that instead. A
   * time-slice interval applies to whole GPUs only; MIG alternatives are time-sliced without
   * one (the driver's MigDeviceConfig has no interval).
   * @default - GpuSharing.exclusive() for GpuClaimScope.PER_POD; GpuSharing.timeSlicing(TimeSliceInterval.DEFAULT) for GpuClaimScope.SHARED
   */
  readonly sharing?: GpuSharing;
  /**
   * The devices of the first request.
   * @default GpuDevices.wholeGpus() - one whole GPU
   */
  readonly devices?: GpuDevices;
  /**
   * Fallbacks of the first request, tried in order (`firstAvailable`).
   * @default - none
   */
  readonly fallbacks?: GpuDevices[];
  /**
   * Name of the first request.
   * @default 'gpu'
   */
  readonly requestName?: string;
}

/** How a pod uses the claim. */
export interface GpuClaimAttachOptions {
  /**
   * Names of the containers that get the devices.
   * @default - every (non-init) container of the pod at the time of the call
   */
  readonly containers?: string[];
  /**
   * Only this request's devices (a request name of the claim), written to the containers'
   * `resources.claims[].request`. Attach the same claim again with other containers and
   * another request to split one claim's devices between containers: the pod keeps one
   * `spec.resourceClaims` entry.
   * @default - all requests of the claim
   */
  readonly request?: string;
  /**
   * Name of the entry in the pod's `spec.resourceClaims` (DNS label, unique in the pod).
   * @default - derived from the claim's construct id
   */
  readonly podClaimName?: string;
}

interface Request { readonly name: string; readonly devices: GpuDevices; readonly fallbacks: GpuDevices[] }

const PARENT_UUID = `${NVIDIA_GPU_DRIVER}/parentUUID`;

/**
 * NVIDIA GPUs for pods through Dynamic Resource Allocation (resource.k8s.io/v1), shared by
 * time-slicing or MPS, as whole GPUs or MIG devices.
 *
 * Emits a **ResourceClaimTemplate** (`GpuClaimScope.PER_POD`: every pod gets separate devices)
 * or a **ResourceClaim** (`GpuClaimScope.SHARED`: all pods that reference it use the same
 * devices). The sharing settings go into `spec.devices.config[].opaque` as the driver's
 * `resource.nvidia.com/v1beta1` `GpuConfig` / `MigDeviceConfig`.
 *
 * Driver feature gates: the NVIDIA DRA driver only accepts the `TimeSlicing` strategy when
 * its `TimeSlicingSettings` feature gate is on, and `MPS` when `MPSSupport` is on. Both gates
 * are **alpha and off by default**. Without them the API server accepts the claim, but the
 * driver refuses its configuration when it prepares the devices, and the pod never starts.
 * Turn the gates on in the driver's deployment, or use `GpuSharing.exclusive()` with
 * `GpuClaimScope.PER_POD`.
 *
 * Wiring: {@link attachTo} (HardenedPod) and {@link attachToWorkload} (cdk8s-plus
 * workloads) add the `spec.resourceClaims` entry and the containers' `resources.claims`.
 * Called once per container with a different `request`, they split one claim's requests
 * between containers under one pod claim.
 * At synth, a claim that no pod in its namespace references, and a container that names a
 * request the claim does not have, are errors.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
 */
export class GpuTimeSliceClaim extends Construct {
  /** One claim per pod or one shared claim. */
  public readonly scope: GpuClaimScope;
  /** The sharing strategy. */
  public readonly sharing: GpuSharing;
  /** The emitted kind: `ResourceClaimTemplate` or `ResourceClaim`. */
  public readonly kind: string;
  /** The L1 object (child id `Resource`). */
  public readonly apiObject: ApiObject;
  private readonly requests: Request[] = [];
  /** Whether `sharing` was given on this claim (not taken from a profile or the default). */
  private readonly sharingGiven: boolean;

  constructor(scope: Construct, id: string, props: GpuTimeSliceClaimProps) {
    checkArguments('GpuTimeSliceClaim.constructor', undefined, [scope, id, props]);
    super(scope, id);
    const pre: Violation[] = [];
    if (!Object.values(GpuClaimScope).includes(props.claimScope)) {
      pre.push({ checkId: 'dra/claim-scope', field: 'claimScope', problem: 'must say whether pods get separate devices or share one', got: renderValue(props.claimScope), allowed: 'GpuClaimScope.PER_POD, GpuClaimScope.SHARED', fix: 'Choose PER_POD for a device per pod, SHARED for one device used by all pods' });
    }
    this.scope = props.claimScope;
    this.sharingGiven = props.sharing !== undefined;
    const profile = profileFor(this);
    // a device nobody shares needs no sharing configuration (and no alpha driver gate)
    this.sharing = props.sharing ?? profile.value<GpuSharing>(ProfileSetting.GPU_SHARING)
      ?? (this.scope === GpuClaimScope.SHARED ? GpuSharing.timeSlicing() : GpuSharing.exclusive());
    pre.push(...profile.locks(ProfileSetting.GPU_SHARING, this.sharing, 'sharing'));
    if (this.scope === GpuClaimScope.SHARED && this.sharing.strategy === GpuSharingStrategy.EXCLUSIVE) {
      pre.push({
        checkId: 'dra/claim-exclusive-shared',
        field: 'sharing',
        problem: 'cannot be exclusive for a shared claim: every pod that references a ResourceClaim uses the same device',
        got: 'GpuSharing.exclusive() with GpuClaimScope.SHARED',
        allowed: 'timeSlicing(), mps(); or exclusive() with GpuClaimScope.PER_POD',
        fix: 'Use GpuClaimScope.PER_POD to give each pod its own device, or choose time-slicing or MPS',
      });
    }
    if (pre.length > 0) throw new HaruValidationError(this.node.path, pre);
    this.kind = this.scope === GpuClaimScope.SHARED ? 'ResourceClaim' : 'ResourceClaimTemplate';
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: DRA_API_VERSION,
      kind: this.kind,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
    this.addRequestInternal({ name: props.requestName ?? 'gpu', devices: props.devices ?? GpuDevices.wholeGpus(), fallbacks: props.fallbacks }, '');
    this.node.addValidation({ validate: () => this.validateAtSynth() });
  }

  /** The ResourceClaim / ResourceClaimTemplate name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** Names of the claim's requests. */
  public get requestNames(): string[] {
    return this.requests.map((r) => r.name);
  }

  /** Adds another request (a claim holds at most 32). */
  public addRequest(options: GpuRequestOptions): void {
    this.addRequestInternal(options, `requests[${JSON.stringify(options?.name)}].`);
  }

  /** `prefix` names the user's input in messages: '' for the props, `requests["x"].` for addRequest. */
  private addRequestInternal(options: GpuRequestOptions, prefix: string): void {
    const req: Request = { name: options.name, devices: options.devices, fallbacks: [...(options.fallbacks ?? [])] };
    const pre: Violation[] = [];
    const alts = [req.devices, ...req.fallbacks];
    const fieldOf = (i: number) => `${prefix}${i === 0 ? 'devices' : `fallbacks[${i - 1}]`}`;
    alts.forEach((d, i) => {
      for (const p of d._problems(`${fieldOf(i)}.profile`)) pre.push({ checkId: 'dra/mig-profile', ...p });
      if (d.sharing !== undefined) pre.push(...this.alternativeSharingProblems(d, `${fieldOf(i)}.sharing`));
    });
    pre.push(...this.claimIntervalProblems([...this.requests, req]));
    if (pre.length > 0) throw new HaruValidationError(this.node.path, pre);
    this.requests.push(req);
    this.recordUnlistedProfiles();
    this.recordFeatureGates();
    const problems = failing(this, checkObject(this.apiObject.toJson()));
    if (problems.length > 0) {
      this.requests.pop();
      throw new HaruValidationError(this.node.path, problems);
    }
  }

  /**
   * Gives a {@link HardenedPod} the claim, through its `addResourceClaim`: a
   * `spec.resourceClaims` entry and `resources.claims` on the chosen containers.
   */
  public attachTo(pod: HardenedPod, options: GpuClaimAttachOptions = {}): void {
    const podClaimName = this.podClaimNameFor(options);
    const names = pod.containerNames;
    this.checkAttach(pod.node.path, podClaimName, options, names);
    pod.addResourceClaim({
      name: podClaimName,
      resourceClaimName: this.scope === GpuClaimScope.SHARED ? this.name : undefined,
      resourceClaimTemplateName: this.scope === GpuClaimScope.SHARED ? undefined : this.name,
      containers: options.containers ? [...options.containers] : undefined,
      request: options.request,
    });
  }

  /**
   * Gives a cdk8s-plus Pod or workload (Deployment, StatefulSet, DaemonSet, Job, CronJob)
   * the claim: a `spec.resourceClaims` entry on its pod spec and `resources.claims` on the
   * chosen containers. cdk8s-plus has no API for these fields, so they are merged into the
   * workload's ApiObject output (before any `addJsonPatch` patches, which still apply last).
   */
  public attachToWorkload(workload: kplus.AbstractPod, options: GpuClaimAttachOptions = {}): void {
    const podClaimName = this.podClaimNameFor(options);
    const names = workload.containers.map((c) => c.name);
    this.checkAttach(workload.node.path, podClaimName, options, names);
    const api = ApiObject.of(workload);
    const entry = this.scope === GpuClaimScope.SHARED
      ? { name: podClaimName, resourceClaimName: this.name }
      : { name: podClaimName, resourceClaimTemplateName: this.name };
    const clash = (ATTACHMENTS.get(api) ?? []).find((a) => a.entry.name === podClaimName && JSON.stringify(a.entry) !== JSON.stringify(entry));
    if (clash) {
      throw new HaruValidationError(this.node.path, [{
        checkId: 'dra/pod-claim-name',
        field: 'podClaimName',
        problem: `is already used in ${workload.node.path} by another claim`,
        got: renderValue(podClaimName),
        allowed: 'a name no other claim of the pod uses',
        fix: 'Pass a different podClaimName',
      }]);
    }
    const claimRef = options.request !== undefined ? { name: podClaimName, request: options.request } : { name: podClaimName };
    const containers = options.containers ? [...options.containers] : names;
    // the same pod claim may go to several containers, each with its own request; one
    // container lists a claim once per request (core/v1 validateResourceClaimNames: key name/request)
    for (const a of ATTACHMENTS.get(api) ?? []) {
      if (a.entry.name !== podClaimName || a.claimRef.request !== claimRef.request) continue;
      const twice = containers.filter((n) => a.containers.includes(n));
      if (twice.length === 0) continue;
      const what = options.request !== undefined ? `request ${JSON.stringify(options.request)} of this claim` : 'this claim (all its requests)';
      throw new HaruValidationError(this.node.path, [{
        checkId: 'dra/container-claim',
        field: 'containers',
        problem: `already get ${what} in ${workload.node.path}`,
        got: renderValue(twice),
        allowed: 'containers that do not have it yet',
        fix: 'Drop the repeated attach call; to split the claim\'s devices between containers, attach each container with a different request',
      }]);
    }
    wire(api, { entry, claimRef, containers }, workload);
  }

  private podClaimNameFor(options: GpuClaimAttachOptions): string {
    return options.podClaimName ?? suggestName(this.node.id.replace(/([a-z0-9])([A-Z])/g, '$1-$2'), 63).replace(/\./g, '-');
  }

  private checkAttach(where: string, podClaimName: string, options: GpuClaimAttachOptions, containerNames: string[]): void {
    const problems: Violation[] = [];
    const n = checkDns1123Label('podClaimName', podClaimName);
    if (n) problems.push({ ...n, checkId: 'dra/pod-claim-name' });
    if (options.request !== undefined && !this.requestNames.includes(options.request)) {
      problems.push(this.missingRequest('request', options.request, where));
    }
    if (containerNames.length === 0) {
      problems.push({ checkId: 'dra/attach-containers', field: 'containers', problem: `${where} has no containers to give the devices to`, got: '[]', fix: 'Add the containers before attaching the claim' });
    }
    for (const name of options.containers ?? []) {
      if (!containerNames.includes(name)) {
        problems.push({
          checkId: 'dra/container-claim',
          field: 'containers',
          problem: `names a container that ${where} does not have`,
          got: renderValue(name),
          allowed: containerNames.join(', ') || '(none)',
          fix: 'Use the name of one of its containers',
        });
      }
    }
    if (problems.length > 0) throw new HaruValidationError(this.node.path, problems);
  }

  private missingRequest(field: string, request: string, where: string): Violation {
    return {
      checkId: 'dra/container-claim-request',
      field,
      problem: `${where} asks for a request that claim ${JSON.stringify(this.name)} does not have`,
      got: renderValue(request),
      allowed: this.requestNames.join(', '),
      fix: 'Name one of the claim\'s requests, or leave request unset to get all of them',
    };
  }

  private renderSpec(): Record<string, any> {
    const requests: any[] = [];
    const constraints: any[] = [];
    // one config entry per distinct driver configuration, naming the requests/alternatives
    // it applies to; whole-GPU configs first, then MIG configs, each in order of appearance
    const groups = new Map<string, { mig: boolean; parameters: Record<string, any>; refs: string[] }>();
    for (const r of this.requests) {
      const track = (ref: string, d: GpuDevices) => {
        const mig = d.deviceType === GpuDeviceType.MIG;
        const parameters = this.sharingOf(d)._parameters(mig);
        if (parameters) {
          const key = JSON.stringify(parameters);
          const g = groups.get(key) ?? { mig, parameters, refs: [] };
          g.refs.push(ref);
          groups.set(key, g);
        }
        if (d.sameParentGpu) constraints.push({ requests: [ref], matchAttribute: PARENT_UUID });
      };
      if (r.fallbacks.length === 0) {
        requests.push({ name: r.name, exactly: r.devices._request() });
        track(r.name, r.devices);
      } else {
        const alts = [r.devices, ...r.fallbacks];
        const names = alternativeNames(alts);
        requests.push({ name: r.name, firstAvailable: alts.map((d, i) => ({ name: names[i], ...d._request() })) });
        alts.forEach((d, i) => track(`${r.name}/${names[i]}`, d));
      }
    }
    const ordered = [...groups.values()].filter((g) => !g.mig).concat([...groups.values()].filter((g) => g.mig));
    const config: any[] = ordered.map((g) => ({ requests: g.refs, opaque: { driver: NVIDIA_GPU_DRIVER, parameters: g.parameters } }));
    const devices: Record<string, any> = { requests };
    if (constraints.length > 0) devices.constraints = constraints;
    if (config.length > 0) devices.config = config;
    return this.kind === 'ResourceClaim' ? { devices } : { spec: { devices } };
  }

  /** Problems of the sharing given on one request or alternative (the user's input, not the YAML). */
  private alternativeSharingProblems(d: GpuDevices, field: string): Violation[] {
    const sharing = d.sharing!;
    const out: Violation[] = [...profileFor(this).locks(ProfileSetting.GPU_SHARING, sharing, field)];
    if (d.deviceType === GpuDeviceType.MIG && sharing.interval !== undefined) {
      out.push({
        checkId: 'nvidia/mig-interval',
        field,
        problem: 'sets a time-slice interval for MIG devices, which have none (the driver\'s MigDeviceConfig has no timeSlicingConfig)',
        got: `GpuSharing.timeSlicing(TimeSliceInterval.${enumKey(sharing.interval)})`,
        allowed: 'GpuSharing.timeSlicing() without an interval, GpuSharing.mps(), GpuSharing.exclusive()',
        fix: 'Drop the interval for MIG devices; set it on the whole-GPU alternative\'s sharing instead',
      });
    }
    if (this.scope === GpuClaimScope.SHARED && sharing.strategy === GpuSharingStrategy.EXCLUSIVE) {
      out.push({
        checkId: 'dra/claim-exclusive-shared',
        field,
        problem: 'cannot be exclusive in a shared claim: every pod that references a ResourceClaim uses the same device',
        got: 'GpuSharing.exclusive() with GpuClaimScope.SHARED',
        allowed: 'timeSlicing(), mps(); or exclusive() with GpuClaimScope.PER_POD',
        fix: 'Use GpuClaimScope.PER_POD to give each pod its own device, or choose time-slicing or MPS',
      });
    }
    return out;
  }

  /**
   * A claim-wide time-slice interval applies to the whole GPUs that use the claim's sharing;
   * MIG devices get `TimeSlicing` without it. One given on the claim that reaches no whole
   * GPU would do nothing, so it is refused.
   */
  private claimIntervalProblems(requests: Request[]): Violation[] {
    // a profile's gpuSharing is a house default for whole GPUs: MIG-only claims just get TimeSlicing
    if (!this.sharingGiven || this.sharing.strategy !== GpuSharingStrategy.TIME_SLICING || this.sharing.interval === undefined) return [];
    const inheriting = requests.flatMap((r) => [r.devices, ...r.fallbacks]).filter((d) => d.sharing === undefined);
    if (inheriting.length === 0 || inheriting.some((d) => d.deviceType !== GpuDeviceType.MIG)) return [];
    return [{
      checkId: 'nvidia/mig-interval',
      field: 'sharing',
      problem: 'sets a time-slice interval, but only MIG devices use this sharing and they have none (the driver\'s MigDeviceConfig has no timeSlicingConfig)',
      got: `GpuSharing.timeSlicing(TimeSliceInterval.${enumKey(this.sharing.interval)})`,
      allowed: 'GpuSharing.timeSlicing() without an interval for MIG devices',
      fix: 'Use GpuSharing.timeSlicing() without an interval; to time-slice a whole-GPU fallback with an interval, give that alternative its own sharing',
    }];
  }

  /** The effective sharing of one request or alternative. */
  private sharingOf(d: GpuDevices): GpuSharing {
    return d.sharing ?? this.sharing;
  }

  /** Annotates the NVIDIA driver feature gates the rendered configuration needs (comma-separated). */
  private recordFeatureGates(): void {
    const gates = new Set<string>();
    for (const d of this.requests.flatMap((r) => [r.devices, ...r.fallbacks])) {
      const gate = this.sharingOf(d).requiredFeatureGate;
      if (gate) gates.add(gate);
    }
    if (gates.size > 0) this.apiObject.metadata.addAnnotation(FEATURE_GATE_ANNOTATION, [...gates].join(','));
  }

  /** Records every MIG profile accepted through `unlistedProfileReason`, with its reason. */
  private recordUnlistedProfiles(): void {
    const notes = this.requests.flatMap((r) => [r.devices, ...r.fallbacks])
      .filter((d) => d.deviceType === GpuDeviceType.MIG && d.unlistedProfileReason !== undefined && !isKnownMigProfile(d.profile!))
      .map((d) => `${d.profile}: ${d.unlistedProfileReason!.trim()}`);
    if (notes.length) this.apiObject.metadata.addAnnotation(`${OPT_OUT_PREFIX}unlisted-mig-profile`, [...new Set(notes)].join('; '));
  }

  private validateAtSynth(): string[] {
    const out: Violation[] = failing(this, checkObject(this.apiObject.toJson()));
    const myNs = this.apiObject.metadata.namespace;
    let uses = 0;
    for (const ref of podClaimIndex(this.node.root).get(indexKey(myNs, this.name)) ?? []) {
      const { pc, spec, where } = ref;
      const asClaim = pc.resourceClaimName === this.name;
      if (asClaim !== (this.kind === 'ResourceClaim')) {
        out.push({
          checkId: 'dra/claim-kind',
          field: asClaim ? 'resourceClaimName' : 'resourceClaimTemplateName',
          problem: `${where} references this ${this.kind} through ${asClaim ? 'resourceClaimName' : 'resourceClaimTemplateName'}`,
          got: renderValue(this.name),
          allowed: this.kind === 'ResourceClaim' ? 'resourceClaimName' : 'resourceClaimTemplateName',
          fix: 'Attach the claim with claim.attachTo() so the right field is used',
        });
        continue;
      }
      uses++;
      for (const key of ['containers', 'initContainers']) {
        (Array.isArray(spec[key]) ? spec[key] : []).forEach((ctr: any) => {
          for (const cl of Array.isArray(ctr?.resources?.claims) ? ctr.resources.claims : []) {
            if (cl?.name === pc.name && cl.request !== undefined && cl.request !== '' && !this.requestNames.includes(cl.request)) {
              out.push(this.missingRequest(`resources.claims (container ${JSON.stringify(ctr.name)})`, cl.request, where));
            }
          }
        });
      }
    }
    if (uses === 0) {
      out.push({
        checkId: 'dra/claim-unattached',
        field: '',
        problem: `${this.kind} ${JSON.stringify(this.name)} is used by no pod in ${myNs === undefined ? 'the default namespace' : `namespace ${JSON.stringify(myNs)}`}`,
        fix: 'Attach it with claim.attachTo(pod) or claim.attachToWorkload(workload), or remove it',
      });
    }
    return out.map(line);
  }
}

interface PodClaimRef { readonly pc: any; readonly spec: any; readonly where: string }

const INDEX = new WeakMap<IConstruct, Map<string, PodClaimRef[]>>();

function indexKey(namespace: string | undefined, name: unknown): string {
  return `${namespace ?? ''}/${String(name)}`;
}

/**
 * Every pod-spec claim entry of the app, by namespace and referenced claim name. Built once
 * per synth pass (every claim validates against the same index) and dropped right after it,
 * so each object is rendered once instead of once per claim.
 */
function podClaimIndex(root: IConstruct): Map<string, PodClaimRef[]> {
  const cached = INDEX.get(root);
  if (cached) return cached;
  const index = new Map<string, PodClaimRef[]>();
  for (const c of root.node.findAll()) {
    if (!(c instanceof ApiObject)) continue;
    let json: any;
    try {
      json = c.toJson();
    } catch {
      continue;
    }
    for (const { spec, path } of podSpecsOf(json)) {
      const where = `${c.node.scope ? (c.node.scope as IConstruct).node.path : c.node.path} (${path})`;
      for (const pc of Array.isArray(spec.resourceClaims) ? spec.resourceClaims : []) {
        if (pc === null || typeof pc !== 'object') continue;
        for (const name of [pc.resourceClaimName, pc.resourceClaimTemplateName]) {
          if (typeof name !== 'string') continue;
          const key = indexKey(json?.metadata?.namespace, name);
          const list = index.get(key) ?? [];
          list.push({ pc, spec, where });
          index.set(key, list);
        }
      }
    }
  }
  INDEX.set(root, index);
  queueMicrotask(() => INDEX.delete(root));
  return index;
}

function enumKey(value: string): string {
  return value.toUpperCase();
}

function line(v: Violation): string {
  return `[${v.checkId}] ${formatViolation(v)}`;
}

interface Attachment {
  readonly entry: Record<string, string | undefined>;
  readonly claimRef: Record<string, string | undefined>;
  readonly containers: string[];
}

const ATTACHMENTS = new WeakMap<ApiObject, Attachment[]>();

/**
 * Merges the claims into every pod spec the ApiObject renders. The user's JSON patches are
 * held back and applied after the merge, so they can address the claims too.
 */
function wire(api: ApiObject, attachment: Attachment, owner: IConstruct): void {
  let list = ATTACHMENTS.get(api);
  if (!list) {
    const attached: Attachment[] = [];
    list = attached;
    ATTACHMENTS.set(api, attached);
    renderHooks(api).transforms.push((json: any) => {
      for (const { spec } of podSpecsOf(json)) {
        for (const a of attached) mergeClaim(spec, a);
      }
      return json;
    });
    owner.node.addValidation({ validate: () => claimRuleViolations(api).map(line) });
  }
  list.push(attachment);
}

function mergeClaim(spec: any, a: Attachment): void {
  const claims: any[] = Array.isArray(spec.resourceClaims) ? spec.resourceClaims : (spec.resourceClaims = []);
  if (!claims.some((c) => c?.name === a.entry.name)) claims.push({ ...a.entry });
  for (const ctr of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!a.containers.includes(ctr?.name)) continue;
    const res = ctr.resources && typeof ctr.resources === 'object' ? ctr.resources : (ctr.resources = {});
    const list: any[] = Array.isArray(res.claims) ? res.claims : (res.claims = []);
    if (!list.some((c) => c?.name === a.claimRef.name && c?.request === a.claimRef.request)) list.push({ ...a.claimRef });
  }
}

/** The claim wiring rules (pod claims, container references) for a workload's rendered output. */
function claimRuleViolations(api: ApiObject): Violation[] {
  let json: any;
  try {
    json = api.toJson();
  } catch {
    return [];
  }
  return checkObject(json, { skipSchema: true }).filter((v) => CLAIM_RULES.has(v.checkId));
}

/** Check ids of the pod-side claim rules (lib/check/pod and lib/check/dra). */
const CLAIM_RULES = new Set([
  'pod/duplicate-resource-claim', 'pod/resource-claim-source', 'pod/resource-claim-ref',
  'dra/pod-claim-name', 'dra/pod-claim-source', 'dra/container-claim',
]);

/** Subrequest names: explicit names as given, default names made unique with a numeric suffix. */
function alternativeNames(alts: GpuDevices[]): string[] {
  const taken = new Set(alts.filter((d) => d.alternativeName !== undefined).map((d) => d.alternativeName!));
  return alts.map((d) => {
    if (d.alternativeName !== undefined) return d.alternativeName;
    const base = d._defaultName();
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    return name;
  });
}
