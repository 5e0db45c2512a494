/**
 * `DraAllocationSimulator`: the public, language-neutral face of ./dra.ts (the 1.36
 * scheduler's structured allocator), for golden-path tests ("the training claim fits an
 * H100 node") and for `cdk8s-haru explain dra`. It runs the allocator as the scheduler's
 * DRA plugin does for one pod (all its claims together, on one node at a time) and, when
 * a claim does not fit, finds out why in terms of the objects: which selector of which
 * class or request is false for which device, which device is taken, which constraint or
 * count cannot be met.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import {
  AllocatedState, AllocationResult, Allocator, claimName, claimRequests, cmpRequestOverCapacity, DRA_FEATURES_1_36, DraAllocationError, DraFeatures,
  DraNode, deviceKey, devicesOf, emptyAllocatedState, exactAccessor, featureSet, formatQuantity, gatherPools, initialAvailableCounters, nodeMatches,
  Pool, RequestAccessor, SelectorCache, selectorsMatch, subAccessor, taintPreventingAllocation,
} from './dra';
import { NVIDIA_EXAMPLE_SETS, nvidiaExampleObjects } from './dra-nvidia';
import { HaruValidationError, Violation } from '../base/errors';
import { parseQuantity } from '../base/validators';
import { severityOf } from '../check/catalog';
import { checkObject } from '../check/registry';
import { readYaml } from '../yaml/read';

/** How the simulator is built. */
export interface DraAllocationSimulatorOptions {
  /**
   * Example node sets to add to the objects given (their Node, ResourceSlice and the NVIDIA
   * DeviceClasses): `nvidia-a100-8x`, `nvidia-l4-4x`, `nvidia-h100-mig`. See
   * `DraAllocationSimulator.exampleSets`.
   * @default - none
   */
  readonly exampleSlices?: string[];
}

/** Where and what to allocate. */
export interface DraAllocateOptions {
  /**
   * The node to allocate on.
   * @default - every node the inputs name (Node objects and ResourceSlice nodeName)
   */
  readonly nodeName?: string;
  /**
   * Labels of the node, for ResourceSlices selected by a node selector.
   * @default - the labels of the Node object of that name in the inputs, else none
   */
  readonly nodeLabels?: { [key: string]: string };
  /**
   * The claims to allocate together (as one pod would use them), by `name` or
   * `namespace/name`; ResourceClaimTemplates count as claims of their own name.
   * @default - every ResourceClaim without an allocation and every ResourceClaimTemplate
   */
  readonly claims?: string[];
}

/** One device given to a request. */
export interface DraDeviceAssignment {
  /** The request (`gpu`) or, for a prioritized list, the request and the subrequest chosen (`gpu/big`). */
  readonly request: string;
  /**
   * The subrequest chosen from `firstAvailable`.
   * @default - the request has no subrequests
   */
  readonly subrequest?: string;
  /** The driver. */
  readonly driver: string;
  /** The pool. */
  readonly pool: string;
  /** The device name. */
  readonly device: string;
  /**
   * True for an admin-access request (the device stays available to others).
   * @default false
   */
  readonly adminAccess?: boolean;
  /**
   * Capacity consumed from a device that allows multiple allocations.
   * @default - none
   */
  readonly consumedCapacity?: { [key: string]: string };
}

/** What happened to one claim on one node. */
export interface DraClaimOutcome {
  /** `namespace/name` of the claim (or of the ResourceClaimTemplate). */
  readonly claim: string;
  /** `ResourceClaim` or `ResourceClaimTemplate`. */
  readonly kind: string;
  /** True when the scheduler can allocate it on this node. */
  readonly allocatable: boolean;
  /** The devices it gets, one per device and request (empty when not allocatable). */
  readonly devices: DraDeviceAssignment[];
  /** Why it cannot be allocated, one finding per line (empty when allocatable). */
  readonly reasons: string[];
  /**
   * The node selector the allocation carries (where pods using it may run).
   * @default - none: the devices are reachable from any node
   */
  readonly nodeSelector?: any;
  /**
   * The device configuration the allocation carries (from the class and the claim), as the API writes it.
   * @default - none
   */
  readonly config?: any[];
}

/** The outcome on one node. */
export interface DraNodeOutcome {
  /** The node. */
  readonly node: string;
  /** True when every claim can be allocated, together, on this node. */
  readonly allocatable: boolean;
  /** One outcome per claim. */
  readonly claims: DraClaimOutcome[];
  /**
   * A problem that stops the scheduler from allocating at all (an error in a CEL
   * selector, an unknown DeviceClass...): it fails the pod, not just the node.
   * @default - none
   */
  readonly fatalError?: string;
}

/** The answer of `allocate`. */
export interface DraAllocationExplanation {
  /** True when some node can take all the claims. */
  readonly allocatable: boolean;
  /**
   * The first node (in name order) that can take all the claims.
   * @default - none
   */
  readonly node?: string;
  /** One outcome per node tried, in name order. */
  readonly nodes: DraNodeOutcome[];
  /** The DRA features the allocator ran with (the 1.36 default feature gates). */
  readonly features: string[];
}

interface ClaimInput {
  readonly obj: any;
  readonly kind: string;
  readonly label: string;
}

/**
 * Dynamic Resource Allocation as the 1.36 kube-scheduler decides it, offline: give it
 * ResourceSlices, DeviceClasses and ResourceClaims or ResourceClaimTemplates (from YAML,
 * manifests or a cdk8s chart; the bundled NVIDIA example nodes can be added), then ask
 * whether the claims can be allocated, which device goes to which request, and why not.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
 */
export class DraAllocationSimulator {
  /** A simulator for the DRA objects of a YAML text (other kinds are ignored). */
  public static fromYaml(text: string, options: DraAllocationSimulatorOptions = {}): DraAllocationSimulator {
    if (typeof text !== 'string') {
      throw new HaruValidationError('DraAllocationSimulator.fromYaml', [{
        checkId: 'explain/input',
        field: 'text',
        problem: 'must be a YAML string',
        got: typeof text,
      }]);
    }
    const objects: any[] = [];
    for (const doc of readYaml(String(text))) {
      if (doc.empty) continue;
      if (doc.error) {
        throw new HaruValidationError('DraAllocationSimulator.fromYaml', [{
          checkId: doc.error.checkId,
          field: `line ${doc.error.line}`,
          problem: doc.error.message,
        }]);
      }
      const o = doc.value as any;
      if (o && typeof o === 'object' && !Array.isArray(o)) {
        if (o.kind === 'List' && Array.isArray(o.items)) objects.push(...o.items);
        else objects.push(o);
      }
    }
    return new DraAllocationSimulator(objects, options);
  }

  /** A simulator for the DRA objects among plain manifests. */
  public static fromManifests(manifests: any[], options: DraAllocationSimulatorOptions = {}): DraAllocationSimulator {
    return new DraAllocationSimulator(manifests, options);
  }

  /** A simulator for the objects a chart (or any construct scope) synthesises, e.g. GpuTimeSliceClaim constructs. */
  public static fromChart(scope: IConstruct, options: DraAllocationSimulatorOptions = {}): DraAllocationSimulator {
    const objects: any[] = [];
    for (const c of scope.node.findAll()) if (c instanceof ApiObject) objects.push(c.toJson());
    return new DraAllocationSimulator(objects, options);
  }

  /** The names of the bundled example node sets (`nvidia-a100-8x`, `nvidia-l4-4x`, `nvidia-h100-mig`). */
  public static exampleSets(): string[] {
    return Object.keys(NVIDIA_EXAMPLE_SETS);
  }

  /** What each bundled example node set holds, one line each (`<name>: <description>`). */
  public static describeExampleSets(): string[] {
    return Object.entries(NVIDIA_EXAMPLE_SETS).map(([k, v]) => `${k}: ${v}`);
  }

  /** The Node, ResourceSlice and DeviceClass objects of a bundled example set, as manifests. */
  public static exampleObjects(set: string): any[] {
    const objs = nvidiaExampleObjects(String(set));
    if (!objs) {
      throw new HaruValidationError('DraAllocationSimulator.exampleObjects', [{
        checkId: 'explain/input',
        field: 'set',
        problem: 'is not a bundled example set',
        got: String(set),
        allowed: Object.keys(NVIDIA_EXAMPLE_SETS).join(', '),
      }]);
    }
    return objs;
  }

  /** Node names the inputs mention, in name order. */
  public readonly nodeNames: string[];
  /** Claims (and templates) the inputs hold without an allocation, as `namespace/name`. */
  public readonly claimNames: string[];
  /** Facts about the inputs worth knowing (already-allocated claims used, pools that are incomplete...). */
  public readonly notes: string[];
  private readonly slices: any[] = [];
  private readonly classes = new Map<string, any>();
  private readonly claims: ClaimInput[] = [];
  private readonly nodes = new Map<string, Record<string, string>>();
  private readonly state: AllocatedState = emptyAllocatedState();
  private readonly owners = new Map<string, string>();
  private readonly features: DraFeatures = DRA_FEATURES_1_36;
  private readonly cache = new SelectorCache();

  private constructor(manifests: any[], options: DraAllocationSimulatorOptions) {
    const where = 'DraAllocationSimulator';
    if (!Array.isArray(manifests)) {
      throw new HaruValidationError(where, [{
        checkId: 'explain/input',
        field: 'manifests',
        problem: 'must be a list of Kubernetes objects',
        got: typeof manifests,
      }]);
    }
    const all = [...manifests];
    for (const set of options.exampleSlices ?? []) all.push(...DraAllocationSimulator.exampleObjects(set));
    const bad: Violation[] = [];
    const notes: string[] = [];
    const seenClasses = new Set<string>();
    all.forEach((o, i) => {
      if (!o || typeof o !== 'object') return;
      if (o.kind === 'Node' && o.apiVersion === 'v1') {
        if (typeof o.metadata?.name === 'string') this.nodes.set(o.metadata.name, { ...(o.metadata.labels ?? {}) });
        return;
      }
      if (typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('resource.k8s.io/')) return;
      if (o.apiVersion !== 'resource.k8s.io/v1') {
        notes.push(`${o.kind} ${o.metadata?.name ?? `#${i}`}: ${o.apiVersion} is read as resource.k8s.io/v1; convert it (kubectl convert) if its shape differs`);
      }
      // Objects the API server would refuse never reach the scheduler: refuse them here too.
      for (const v of checkObject(o)) {
        if (severityOf(v.checkId) !== 'error') continue;
        bad.push({ ...v, field: `${o.kind} ${o.metadata?.name ?? `#${i}`}: ${v.field}` });
      }
      switch (o.kind) {
        case 'ResourceSlice':
          this.slices.push(o);
          break;
        case 'DeviceClass': {
          const name = String(o.metadata?.name ?? '');
          // The bundled sets repeat the NVIDIA classes; the first definition wins.
          if (!seenClasses.has(name)) this.classes.set(name, o);
          seenClasses.add(name);
          break;
        }
        case 'ResourceClaim':
          if (o.status?.allocation) this.addAllocated(o);
          else this.claims.push({ obj: o, kind: 'ResourceClaim', label: claimName(o) });
          break;
        case 'ResourceClaimTemplate':
          this.claims.push({
            obj: { metadata: { name: o.metadata?.name, namespace: o.metadata?.namespace }, spec: o.spec?.spec ?? {} },
            kind: 'ResourceClaimTemplate',
            label: claimName(o),
          });
          break;
        default:
          break;
      }
    });
    if (bad.length > 0) throw new HaruValidationError(where, bad);
    for (const s of this.slices) {
      const n = s.spec?.nodeName;
      if (typeof n === 'string' && n !== '' && !this.nodes.has(n)) this.nodes.set(n, {});
      for (const d of devicesOf(s)) if (typeof d.nodeName === 'string' && !this.nodes.has(d.nodeName)) this.nodes.set(d.nodeName, {});
    }
    this.nodeNames = [...this.nodes.keys()].sort();
    this.claimNames = this.claims.map((c) => c.label);
    if (this.owners.size > 0) notes.push(`${this.owners.size} device(s) are in use by the allocated claims given`);
    this.notes = notes;
  }

  /**
   * Allocates the claims on one node, or on every node the inputs name, as the 1.36
   * scheduler would for a pod that uses all of them.
   */
  public allocate(options: DraAllocateOptions = {}): DraAllocationExplanation {
    const wanted = options.claims;
    const claims = wanted === undefined
      ? this.claims
      : this.claims.filter((c) => wanted.includes(c.label) || wanted.includes(String(c.obj.metadata?.name)));
    if (wanted !== undefined) {
      const missing = wanted.filter((w) => !claims.some((c) => c.label === w || c.obj.metadata?.name === w));
      if (missing.length > 0) {
        throw new HaruValidationError('DraAllocationSimulator.allocate', [{
          checkId: 'explain/input',
          field: 'claims',
          problem: 'names a claim the inputs do not hold (or one that is already allocated)',
          got: missing.join(', '),
          allowed: this.claimNames.join(', ') || 'none',
        }]);
      }
    }
    let nodeNames: string[];
    if (options.nodeName !== undefined) nodeNames = [options.nodeName];
    else nodeNames = this.nodeNames.length > 0 ? this.nodeNames : ['node'];
    const outcomes = nodeNames.map((n) => this.allocateOn({
      name: n,
      labels: {
        ...(this.nodes.get(n) ?? {}),
        ...(n === options.nodeName ? options.nodeLabels ?? {} : {}),
      },
    }, claims));
    const fit = outcomes.find((o) => o.allocatable);
    return { allocatable: fit !== undefined, node: fit?.node, nodes: outcomes, features: featureSet(this.features) };
  }

  private addAllocated(claim: any): void {
    for (const r of Array.isArray(claim.status.allocation.devices?.results) ? claim.status.allocation.devices.results : []) {
      // The scheduler does not count admin-access allocations as in use.
      if (r.adminAccess === true) continue;
      const k = deviceKey({ driver: r.driver, pool: r.pool, device: r.device });
      if (r.shareID) {
        this.state.allocatedShared.add(k);
        const cur = this.state.aggregatedCapacity.get(k) ?? new Map<string, number>();
        for (const [n, v] of Object.entries(r.consumedCapacity ?? {})) cur.set(n, (cur.get(n) ?? 0) + (parseQuantity(v) ?? 0));
        this.state.aggregatedCapacity.set(k, cur);
      } else {
        this.state.allocatedDevices.add(k);
      }
      this.owners.set(k, claimName(claim));
    }
  }

  private allocator(): Allocator {
    return new Allocator(this.features, this.state, { get: (n) => this.classes.get(n) }, this.slices, this.cache);
  }

  private allocateOn(node: DraNode, claims: ClaimInput[]): DraNodeOutcome {
    let results: AllocationResult[] | undefined;
    try {
      results = this.allocator().allocate(node, claims.map((c) => c.obj));
    } catch (e) {
      if (!(e instanceof DraAllocationError)) throw e;
      return {
        node: node.name,
        allocatable: false,
        fatalError: e.message,
        claims: claims.map((c) => ({ claim: c.label, kind: c.kind, allocatable: false, devices: [], reasons: [e.message] })),
      };
    }
    if (results) {
      return {
        node: node.name,
        allocatable: true,
        claims: claims.map((c, i) => outcomeOf(c, results![i])),
      };
    }
    // Not allocatable together: try each claim alone, then explain the ones that do not fit.
    const outcomes = claims.map((c) => {
      let alone: AllocationResult[] | undefined;
      try {
        alone = this.allocator().allocate(node, [c.obj]);
      } catch (e) {
        if (!(e instanceof DraAllocationError)) throw e;
        return { claim: c.label, kind: c.kind, allocatable: false, devices: [], reasons: [e.message] };
      }
      if (alone) {
        const reason = claims.length > 1
          ? `fits on its own (${alone[0].devices.results.map((r) => `${r.request}: ${r.device}`).join(', ')}) but not together with the other claims: they compete for the same devices`
          : 'fits on its own';
        return { claim: c.label, kind: c.kind, allocatable: false, devices: [], reasons: [reason] };
      }
      return { claim: c.label, kind: c.kind, allocatable: false, devices: [], reasons: this.diagnose(node, c.obj) };
    });
    return { node: node.name, allocatable: false, claims: outcomes };
  }

  /** Why one claim cannot be allocated on `node` on its own. */
  private diagnose(node: DraNode, claim: any): string[] {
    const pools = this.poolsFor(node);
    const reasons: string[] = [];
    for (const p of pools) {
      if (p.isIncomplete) reasons.push(`pool ${p.driver}/${p.pool} is incomplete (not all of its resourceSliceCount ResourceSlices are published), so its devices are not used`);
      if (p.isInvalid) reasons.push(`pool ${p.driver}/${p.pool} is invalid: ${p.invalidReason}`);
    }
    if (pools.length === 0) reasons.push(`no ResourceSlice offers devices to node ${node.name}`);
    let everyRequestHasEnough = true;
    for (const request of claimRequests(claim)) {
      const subs: any[] = Array.isArray(request.firstAvailable) ? request.firstAvailable : [];
      const variants = subs.length > 0 ? subs.map((s) => ({
        acc: subAccessor(s),
        label: `${request.name}/${s.name}`,
      })) : [{ acc: exactAccessor(request), label: String(request.name) }];
      const lines: string[] = [];
      let anyEnough = false;
      for (const v of variants) {
        const [enough, text] = this.diagnoseRequest(node, claim, v.acc, v.label, pools);
        anyEnough = anyEnough || enough;
        lines.push(...text);
      }
      if (!anyEnough) {
        everyRequestHasEnough = false;
        if (subs.length > 0) reasons.push(`request ${request.name}: none of its ${subs.length} firstAvailable subrequests can be satisfied`);
        reasons.push(...lines);
      }
    }
    if (everyRequestHasEnough) {
      // Every request has enough candidates on its own: a constraint or the sum of the requests decides.
      const constraints: any[] = Array.isArray(claim.spec?.devices?.constraints) ? claim.spec.devices.constraints : [];
      let blamed = false;
      constraints.forEach((c, i) => {
        const without = JSON.parse(JSON.stringify(claim));
        without.spec.devices.constraints.splice(i, 1);
        let ok = false;
        try {
          ok = this.allocator().allocate(node, [without]) !== undefined;
        } catch (e) {
          if (!(e instanceof DraAllocationError)) throw e;
        }
        if (ok) {
          blamed = true;
          const kind = c.matchAttribute ? `matchAttribute ${c.matchAttribute}` : `distinctAttribute ${c.distinctAttribute}`;
          const reqs = Array.isArray(c.requests) && c.requests.length > 0 ? `requests ${c.requests.join(', ')}` : 'all requests';
          reasons.push(`constraint ${i + 1} (${kind} over ${reqs}) cannot be met: ${this.constraintValues(node, claim, c, pools)}`);
        }
      });
      if (!blamed) {
        reasons.push('every request has enough matching devices on its own, but not all at the same time: the requests compete for the same devices (or for the same shared counters)');
      }
    }
    return reasons;
  }

  /** The attribute values the candidate devices have, for a constraint message. */
  private constraintValues(node: DraNode, claim: any, c: any, pools: Pool[]): string {
    const attr = String(c.matchAttribute ?? c.distinctAttribute ?? '');
    const values = new Map<string, string[]>();
    const reqNames: string[] = Array.isArray(c.requests) ? c.requests : [];
    for (const request of claimRequests(claim)) {
      if (reqNames.length > 0 && !reqNames.includes(request.name)) continue;
      const acc = exactAccessor(request);
      for (const cand of this.candidates(node, claim, acc, pools)) {
        const a = cand.device.attributes ?? {};
        const short = attr.startsWith(`${cand.driver}/`) ? attr.slice(cand.driver.length + 1) : attr;
        const v = a[attr] ?? a[short];
        const text = v === undefined ? '(not set)' : String(v.string ?? v.int ?? v.bool ?? v.version);
        values.set(text, [...(values.get(text) ?? []), cand.device.name]);
      }
    }
    if (values.size === 0) return `no candidate device has ${attr}`;
    return [...values].map(([v, ds]) => `${attr}=${v} on ${ds.join(', ')}`).join('; ');
  }

  private poolsFor(node: DraNode): Pool[] {
    const forNode = this.slices.filter((s) => {
      const n = s.spec?.nodeName;
      return typeof n !== 'string' || n === '' || n === node.name || (Array.isArray(s.spec?.sharedCounters) && s.spec.sharedCounters.length > 0);
    });
    return gatherPools(forNode, node, this.features, this.slices);
  }

  /** Devices of the node that pass every per-device test for the request (ignoring other requests). */
  private candidates(node: DraNode, claim: any, acc: RequestAccessor, pools: Pool[]): Array<{ device: any; driver: string }> {
    const out: Array<{ device: any; driver: string }> = [];
    const cls = this.classes.get(acc.deviceClassName);
    for (const p of pools) {
      if (p.isIncomplete || p.isInvalid) continue;
      for (const s of p.deviceSlicesTargetingNode) {
        for (const d of devicesOf(s)) {
          if (this.rejection(node, claim, acc, cls, p, s, d) === undefined) out.push({ device: d, driver: p.driver });
        }
      }
    }
    return out;
  }

  /** Why a device cannot serve a request on its own, or undefined when it can. */
  private rejection(node: DraNode, claim: any, acc: RequestAccessor, cls: any, pool: Pool, slice: any, d: any): string | undefined {
    const id = { driver: pool.driver, pool: pool.pool, device: String(d.name) };
    const key = deviceKey(id);
    const name = claimName(claim);
    let i: number | undefined;
    try {
      i = selectorsMatch(this.cache, name, d, id, cls, Array.isArray(cls?.spec?.selectors) ? cls.spec.selectors : []);
    } catch (e) {
      return (e as Error).message;
    }
    if (i !== undefined) return `selector ${i + 1} of class ${acc.deviceClassName} is false (${cls.spec.selectors[i].cel.expression})`;
    try {
      i = selectorsMatch(this.cache, name, d, id, undefined, acc.selectors);
    } catch (e) {
      return (e as Error).message;
    }
    if (i !== undefined) return `selector ${i + 1} of the request is false (${acc.selectors[i].cel.expression})`;
    if (slice.spec?.perDeviceNodeSelection === true && !nodeMatches(node, d.nodeName ?? '', d.allNodes === true, d.nodeSelector)) {
      return `is not reachable from node ${node.name}`;
    }
    if (!acc.adminAccess && this.state.allocatedDevices.has(key)) return `is already allocated to claim ${this.owners.get(key) ?? '(unknown)'}`;
    const taint = taintPreventingAllocation(d, acc);
    if (taint) return `has taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect} that the request does not tolerate`;
    if (this.features.consumableCapacity) {
      const [ok, err] = cmpRequestOverCapacity(this.state.aggregatedCapacity.get(key) ?? new Map(), acc.capacities, d.capacity ?? {}, undefined);
      if (err !== undefined) return `does not have the capacity the request asks for (${err})`;
      if (!ok) return 'has not enough capacity left for the request';
    }
    const consumes: any[] = Array.isArray(d.consumesCounters) ? d.consumesCounters : [];
    if (consumes.length > 0) {
      const available = initialAvailableCounters(pool, this.state);
      for (const c of consumes) {
        for (const [counter, v] of Object.entries<any>(c.counters ?? {})) {
          const left = available.get(c.counterSet)?.get(counter) ?? 0;
          const need = parseQuantity(v?.value) ?? 0;
          if (need > left) return `needs ${formatQuantity(need)} of counter ${counter} in counter set ${c.counterSet} but only ${formatQuantity(left)} is left`;
        }
      }
    }
    return undefined;
  }

  /** [whether enough devices pass on their own, lines about the request]. */
  private diagnoseRequest(node: DraNode, claim: any, acc: RequestAccessor, label: string, pools: Pool[]): [boolean, string[]] {
    const cls = this.classes.get(acc.deviceClassName);
    if (!cls) return [false, [`request ${label}: DeviceClass ${acc.deviceClassName} does not exist`]];
    const rejected: string[] = [];
    let matching = 0;
    for (const p of pools) {
      if (p.isIncomplete || p.isInvalid) continue;
      for (const s of p.deviceSlicesTargetingNode) {
        for (const d of devicesOf(s)) {
          const why = this.rejection(node, claim, acc, cls, p, s, d);
          if (why === undefined) matching++;
          else rejected.push(`device ${d.name}: ${why}`);
        }
      }
    }
    const need = acc.allocationMode === 'All' ? 1 : acc.count;
    const what = acc.allocationMode === 'All' ? 'all matching devices (at least one)' : `${acc.count} device${acc.count === 1 ? '' : 's'}`;
    if (matching >= need) return [true, []];
    const lines = [`request ${label} (class ${acc.deviceClassName}) needs ${what}; ${matching} on node ${node.name} match${matching === 1 ? 'es' : ''}`];
    const shown = rejected.slice(0, MAX_DEVICE_LINES);
    for (const r of shown) lines.push(`  ${r}`);
    if (rejected.length > shown.length) lines.push(`  ... and ${rejected.length - shown.length} more device(s) rejected`);
    return [false, lines];
  }
}

const MAX_DEVICE_LINES = 12;

function outcomeOf(c: ClaimInput, r: AllocationResult): DraClaimOutcome {
  const devices: DraDeviceAssignment[] = r.devices.results.map((d) => {
    const slash = d.request.indexOf('/');
    const out: DraDeviceAssignment = {
      request: d.request,
      ...(slash >= 0 ? { subrequest: d.request.slice(slash + 1) } : {}),
      driver: d.driver,
      pool: d.pool,
      device: d.device,
      ...(d.adminAccess ? { adminAccess: true } : {}),
      ...(d.consumedCapacity ? { consumedCapacity: d.consumedCapacity } : {}),
    };
    return out;
  });
  return {
    claim: c.label,
    kind: c.kind,
    allocatable: true,
    devices,
    reasons: [],
    ...(r.nodeSelector ? { nodeSelector: r.nodeSelector } : {}),
    ...(r.devices.config ? { config: r.devices.config } : {}),
  };
}
