import { ApiObject, ApiObjectMetadata, JsonPatch, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct, IConstruct } from 'constructs';
import { GpuDevices, GpuDeviceType } from './devices';
import { GpuSharing, GpuSharingStrategy } from './sharing';
import { checkPodDraClaims, DRA_API_VERSION, NVIDIA_GPU_DRIVER } from '../check/dra';
import { formatViolation, HaruValidationError, renderValue, Violation } from '../check/errors';
import { podSpecsOf } from '../check/pod-spec';
import { checkObject } from '../check/registry';
import { checkDns1123Label, suggestName } from '../check/validators';

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
  /** One claim per pod (separate devices) or one claim shared by every pod that references it. */
  readonly scope: GpuClaimScope;
  /**
   * Metadata of the ResourceClaim / ResourceClaimTemplate.
   * @default - a generated name in the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * How pods share each device. TimeSlicing needs the NVIDIA driver's `TimeSlicingSettings`
   * feature gate, MPS its `MPSSupport` gate (both alpha, off by default).
   * @default GpuSharing.timeSlicing(TimeSliceInterval.DEFAULT)
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
   * Only this request's devices (a request name of the claim).
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

interface PatchState { readonly prefix: string; claims: boolean; readonly containerClaims: Set<number>; validated: boolean }
const PATCH_STATE = new WeakMap<ApiObject, PatchState>();

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
 * are **alpha and off by default**; without them the pod stays in ContainerCreating with
 * "the \"TimeSlicingSettings\" feature gate is not enabled". Enable them in the driver's Helm
 * values (`featureGates`), or use `GpuSharing.exclusive()`.
 *
 * Wiring: {@link attachTo} adds the `spec.resourceClaims` entry and the containers'
 * `resources.claims`. At synth, a claim no pod references, and a container that names a
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

  constructor(scope: Construct, id: string, props: GpuTimeSliceClaimProps) {
    super(scope, id);
    const pre: Violation[] = [];
    if (!Object.values(GpuClaimScope).includes(props.scope)) {
      pre.push({ checkId: 'dra/claim-scope', field: 'scope', problem: 'must say whether pods get separate devices or share one', got: renderValue(props.scope), allowed: 'GpuClaimScope.PER_POD, GpuClaimScope.SHARED', fix: 'Choose PER_POD for a device per pod, SHARED for one device used by all pods' });
    }
    this.scope = props.scope;
    this.sharing = props.sharing ?? GpuSharing.timeSlicing();
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
    this.addRequestInternal({ name: props.requestName ?? 'gpu', devices: props.devices ?? GpuDevices.wholeGpus(), fallbacks: props.fallbacks });
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
    this.addRequestInternal(options);
  }

  private addRequestInternal(options: GpuRequestOptions): void {
    const req: Request = { name: options.name, devices: options.devices, fallbacks: [...(options.fallbacks ?? [])] };
    const pre: Violation[] = [];
    const alts = [req.devices, ...req.fallbacks];
    alts.forEach((d, i) => {
      for (const p of d._problems(`requests[${JSON.stringify(req.name)}]${i === 0 ? '.devices' : `.fallbacks[${i - 1}]`}.profile`)) pre.push({ checkId: 'dra/mig-profile', ...p });
    });
    if (pre.length > 0) throw new HaruValidationError(this.node.path, pre);
    this.requests.push(req);
    const problems = checkObject(this.apiObject.toJson());
    if (problems.length > 0) {
      this.requests.pop();
      throw new HaruValidationError(this.node.path, problems);
    }
  }

  /**
   * Gives a cdk8s-plus Pod or workload (Deployment, StatefulSet, DaemonSet, Job, CronJob)
   * the claim: a `spec.resourceClaims` entry on its pod spec and `resources.claims` on the
   * chosen containers. cdk8s-plus has no API for these fields, so they are added as JSON
   * patches on the workload's ApiObject.
   */
  public attachTo(pod: kplus.AbstractPod, options: GpuClaimAttachOptions = {}): void {
    const api = ApiObject.of(pod);
    const podClaimName = options.podClaimName ?? suggestName(this.node.id.replace(/([a-z0-9])([A-Z])/g, '$1-$2'), 63).replace(/\./g, '-');
    const problems: Violation[] = [];
    const n = checkDns1123Label('podClaimName', podClaimName);
    if (n) problems.push({ ...n, checkId: 'dra/pod-claim-name' });
    if (options.request !== undefined && !this.requestNames.includes(options.request)) {
      problems.push(this.missingRequest('request', options.request, pod.node.path));
    }
    const all = pod.containers;
    if (all.length === 0) {
      problems.push({ checkId: 'dra/attach-containers', field: 'containers', problem: `${pod.node.path} has no containers to give the devices to`, got: '[]', fix: 'Add the containers before attaching the claim' });
    }
    const indexes: number[] = [];
    for (const name of options.containers ?? all.map((c) => c.name)) {
      const i = all.findIndex((c) => c.name === name);
      if (i < 0) {
        problems.push({ checkId: 'dra/container-claim', field: 'containers', problem: `names a container that ${pod.node.path} does not have`, got: renderValue(name), allowed: all.map((c) => c.name).join(', ') || '(none)', fix: 'Use the name of one of its containers' });
      } else {
        indexes.push(i);
      }
    }
    if (problems.length > 0) throw new HaruValidationError(this.node.path, problems);

    const prefix = podSpecPointer(api);
    let state = PATCH_STATE.get(api);
    if (!state) {
      state = { prefix, claims: false, containerClaims: new Set(), validated: false };
      PATCH_STATE.set(api, state);
    }
    const entry = this.scope === GpuClaimScope.SHARED
      ? { name: podClaimName, resourceClaimName: this.name }
      : { name: podClaimName, resourceClaimTemplateName: this.name };
    api.addJsonPatch(state.claims ? JsonPatch.add(`${prefix}/resourceClaims/-`, entry) : JsonPatch.add(`${prefix}/resourceClaims`, [entry]));
    state.claims = true;
    const claimRef = options.request !== undefined ? { name: podClaimName, request: options.request } : { name: podClaimName };
    for (const i of indexes) {
      const c = `${prefix}/containers/${i}/resources`;
      if (state.containerClaims.has(i)) api.addJsonPatch(JsonPatch.add(`${c}/claims/-`, claimRef));
      else if (rendersResources(all[i])) api.addJsonPatch(JsonPatch.add(`${c}/claims`, [claimRef]));
      else api.addJsonPatch(JsonPatch.add(c, { claims: [claimRef] }));
      state.containerClaims.add(i);
    }
    if (!state.validated) {
      state.validated = true;
      pod.node.addValidation({ validate: () => checkPodDraClaims(api.toJson()).map(line) });
    }
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
    const gpuRefs: string[] = [];
    const migRefs: string[] = [];
    for (const r of this.requests) {
      const track = (ref: string, d: GpuDevices) => {
        (d.deviceType === GpuDeviceType.MIG ? migRefs : gpuRefs).push(ref);
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
    const config: any[] = [];
    const gpuParams = this.sharing._parameters(false);
    const migParams = this.sharing._parameters(true);
    if (gpuParams && gpuRefs.length > 0) config.push({ requests: gpuRefs, opaque: { driver: NVIDIA_GPU_DRIVER, parameters: gpuParams } });
    if (migParams && migRefs.length > 0) config.push({ requests: migRefs, opaque: { driver: NVIDIA_GPU_DRIVER, parameters: migParams } });
    const devices: Record<string, any> = { requests };
    if (constraints.length > 0) devices.constraints = constraints;
    if (config.length > 0) devices.config = config;
    return this.kind === 'ResourceClaim' ? { devices } : { spec: { devices } };
  }

  private validateAtSynth(): string[] {
    const out: Violation[] = [...checkObject(this.apiObject.toJson())];
    const myNs = this.apiObject.metadata.namespace;
    let uses = 0;
    for (const c of this.node.root.node.findAll()) {
      if (!(c instanceof ApiObject) || c === this.apiObject) continue;
      let json: any;
      try {
        json = c.toJson();
      } catch {
        continue;
      }
      if ((json?.metadata?.namespace ?? undefined) !== myNs) continue;
      for (const { spec, path: field } of podSpecsOf(json)) {
        const where = `${c.node.scope ? (c.node.scope as IConstruct).node.path : c.node.path} (${field})`;
        (Array.isArray(spec.resourceClaims) ? spec.resourceClaims : []).forEach((pc: any) => {
          const asClaim = pc?.resourceClaimName === this.name;
          const asTemplate = pc?.resourceClaimTemplateName === this.name;
          if (!asClaim && !asTemplate) return;
          if ((asClaim && this.kind !== 'ResourceClaim') || (asTemplate && this.kind !== 'ResourceClaimTemplate')) {
            out.push({
              checkId: 'dra/claim-kind',
              field: asClaim ? 'resourceClaimName' : 'resourceClaimTemplateName',
              problem: `${where} references this ${this.kind} through ${asClaim ? 'resourceClaimName' : 'resourceClaimTemplateName'}`,
              got: renderValue(this.name),
              allowed: this.kind === 'ResourceClaim' ? 'resourceClaimName' : 'resourceClaimTemplateName',
              fix: 'Attach the claim with claim.attachTo() so the right field is used',
            });
            return;
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
        });
      }
    }
    if (uses === 0) {
      out.push({
        checkId: 'dra/claim-unattached',
        field: '',
        problem: `${this.kind} ${JSON.stringify(this.name)} is used by no pod in ${myNs === undefined ? 'the default namespace' : `namespace ${JSON.stringify(myNs)}`}`,
        fix: 'Attach it with claim.attachTo(workload) or pod.addResourceClaim(), or remove it',
      });
    }
    return out.map(line);
  }
}

function line(v: Violation): string {
  return `[${v.checkId}] ${formatViolation(v)}`;
}

/** JSON pointer of the pod spec inside a Pod, a workload or a CronJob. */
function podSpecPointer(api: ApiObject): string {
  if (api.kind === 'Pod') return '/spec';
  if (api.kind === 'CronJob') return '/spec/jobTemplate/spec/template/spec';
  return '/spec/template/spec';
}

/** Whether cdk8s-plus renders a `resources` object for this container (same test it uses). */
function rendersResources(c: kplus.Container): boolean {
  const r = c.resources;
  return !!(r?.cpu?.limit || r?.cpu?.request || r?.memory?.limit || r?.memory?.request || r?.ephemeralStorage?.limit || r?.ephemeralStorage?.request);
}

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
