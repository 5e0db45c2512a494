/**
 * The structured DRA allocator of the 1.36 kube-scheduler, ported function by function from
 * k8s.io/dynamic-resource-allocation v0.36.2 `structured/internal/incubating`
 * (allocator_incubating.go, pools_incubating.go, constraint.go, consumable_capacity.go).
 *
 * Why "incubating": `structured/allocator.go` NewAllocator picks the first implementation
 * (stable, incubating, experimental) whose supported features are a superset of the enabled
 * ones. The 1.36 entries of the scheduler's versioned feature gates (kubernetes/kubernetes,
 * package `features`, defaultVersionedKubernetesFeatureGates; the stored copy is from the
 * 1.37 development cycle and keeps the per-version 1.36 entries) are: DRAAdminAccess GA,
 * DRAPrioritizedList GA, DRAPartitionableDevices beta/on, DRADeviceTaints beta/on,
 * DRAConsumableCapacity beta/on, DRADeviceBindingConditions beta/on,
 * DRAResourceClaimDeviceStatus beta/on (since 1.33), DRAListTypeAttributes alpha/off. The
 * enabled set thus contains DRAConsumableCapacity and the binding conditions, which
 * "stable" does not support, and lacks DRAListTypeAttributes, which only "experimental"
 * adds: 1.36 runs "incubating".
 *
 * Objects are the resource.k8s.io/v1 JSON shapes. CEL selectors are evaluated with this
 * library's evaluator in the DRA device-selector environment.
 */
import { parseQuantity } from '../base/validators';
import { CelEvaluationError, CelProgram } from '../cel/program';
import { CelEnvironment } from '../cel/types';

/** upstream: structured/internal/types.go Features. */
export interface DraFeatures {
  readonly adminAccess: boolean;
  readonly consumableCapacity: boolean;
  readonly deviceBindingAndStatus: boolean;
  readonly deviceTaints: boolean;
  readonly listTypeAttributes: boolean;
  readonly partitionableDevices: boolean;
  readonly prioritizedList: boolean;
}

/** The features the 1.36 scheduler enables with default feature gates. */
export const DRA_FEATURES_1_36: DraFeatures = {
  adminAccess: true,
  consumableCapacity: true,
  deviceBindingAndStatus: true,
  deviceTaints: true,
  listTypeAttributes: false,
  partitionableDevices: true,
  prioritizedList: true,
};

/** upstream: incubating.SupportedFeatures. */
export const INCUBATING_SUPPORTED: DraFeatures = { ...DRA_FEATURES_1_36, listTypeAttributes: false };

/** The feature names of `f` as NewAllocator compares them (upstream: Features.Set). */
export function featureSet(f: DraFeatures): string[] {
  const out: string[] = [];
  if (f.adminAccess) out.push('DRAAdminAccess');
  if (f.consumableCapacity) out.push('DRAConsumableCapacity');
  if (f.deviceTaints) out.push('DRADeviceTaints');
  if (f.listTypeAttributes) out.push('DRAListTypeAttributes');
  if (f.partitionableDevices) out.push('DRAPartitionableDevices');
  if (f.prioritizedList) out.push('DRAPrioritizedList');
  if (f.deviceBindingAndStatus) out.push('DRADeviceBindingConditions+DRAResourceClaimDeviceStatus');
  return out;
}

/** A node as the allocator sees it: name and labels. */
export interface DraNode {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/** upstream: schedulerapi.DeviceID. */
export interface DeviceId {
  readonly driver: string;
  readonly pool: string;
  readonly device: string;
}

export function deviceKey(id: DeviceId): string {
  return `${id.driver}/${id.pool}/${id.device}`;
}

/** upstream: schedulerapi.AllocatedState (AllocatedSharedDeviceIDs folded into the keys of aggregatedCapacity / allocatedShared). */
export interface AllocatedState {
  /** Device keys (driver/pool/device) in use by allocated claims. */
  readonly allocatedDevices: Set<string>;
  /** Device keys with at least one shared (multi-allocation) allocation. */
  readonly allocatedShared: Set<string>;
  /** Consumed capacity per device key (shared allocations). */
  readonly aggregatedCapacity: Map<string, Map<string, number>>;
}

export function emptyAllocatedState(): AllocatedState {
  return { allocatedDevices: new Set(), allocatedShared: new Set(), aggregatedCapacity: new Map() };
}

/** A fatal problem: upstream returns an error from Allocate and the scheduler aborts. */
export class DraAllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraAllocationError';
  }
}

/** upstream: internal.ErrFailedAllocationOnNode — a failure that only affects one node. */
export class DraNodeError extends DraAllocationError {}

/** One device in an allocation result (upstream: resourceapi.DeviceRequestAllocationResult). */
export interface DeviceResult {
  request: string;
  driver: string;
  pool: string;
  device: string;
  adminAccess?: boolean;
  tolerations?: any[];
  shareID?: string;
  consumedCapacity?: Record<string, string>;
  bindingConditions?: string[];
  bindingFailureConditions?: string[];
}

/** upstream: resourceapi.AllocationResult. */
export interface AllocationResult {
  devices: { results: DeviceResult[]; config?: any[] };
  nodeSelector?: any;
}

// ---------------------------------------------------------------- helpers over the JSON shapes

function specOf(o: any): any {
  return o && typeof o === 'object' && o.spec && typeof o.spec === 'object' ? o.spec : {};
}

function qty(v: unknown): number {
  const n = parseQuantity(v);
  return n === undefined ? 0 : n;
}

/** Prints a number of base units as a quantity (binary suffix when exact, fractions with m). */
export function formatQuantity(n: number): string {
  if (Number.isInteger(n)) {
    for (const [suffix, f] of [['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]] as const) {
      if (n !== 0 && n % f === 0) return `${n / f}${suffix}`;
    }
    return String(n);
  }
  const milli = Math.round(n * 1000);
  return `${milli}m`;
}

// ---------------------------------------------------------------- pools (pools_incubating.go)

/** upstream: PoolID. */
interface PoolId {
  readonly driver: string;
  readonly pool: string;
}

/** upstream: Pool. */
export interface Pool {
  readonly driver: string;
  readonly pool: string;
  isIncomplete: boolean;
  isInvalid: boolean;
  invalidReason: string;
  deviceSlicesTargetingNode: any[];
  deviceSlicesNotTargetingNode: any[];
  counterSets: Map<string, any>;
}

function newPool(id: PoolId, fields: Partial<Pool>): Pool {
  return {
    driver: id.driver,
    pool: id.pool,
    isIncomplete: false,
    isInvalid: false,
    invalidReason: '',
    deviceSlicesTargetingNode: [],
    deviceSlicesNotTargetingNode: [],
    counterSets: new Map(),
    ...fields,
  };
}

/** upstream: NodeMatches. */
export function nodeMatches(node: DraNode | undefined, nodeNameToMatch: string, allNodesMatch: boolean, nodeSelector: any): boolean {
  if (nodeNameToMatch !== '') return node !== undefined && node.name === nodeNameToMatch;
  if (allNodesMatch) return true;
  if (nodeSelector !== undefined && nodeSelector !== null) return node !== undefined && nodeSelectorMatches(nodeSelector, node);
  return false;
}

/** component-helpers nodeaffinity.NodeSelector.Match: terms ORed, requirements ANDed, an empty term matches nothing. */
export function nodeSelectorMatches(selector: any, node: DraNode): boolean {
  const terms: any[] = Array.isArray(selector?.nodeSelectorTerms) ? selector.nodeSelectorTerms : [];
  for (const term of terms) {
    const exprs: any[] = Array.isArray(term?.matchExpressions) ? term.matchExpressions : [];
    const fields: any[] = Array.isArray(term?.matchFields) ? term.matchFields : [];
    if (exprs.length === 0 && fields.length === 0) continue;
    const labelsOk = exprs.every((r) => requirementMatches(r, node.labels));
    const fieldsOk = fields.every((r) => r?.key === 'metadata.name' && requirementMatches(r, { 'metadata.name': node.name }));
    if (labelsOk && fieldsOk) return true;
  }
  return false;
}

function requirementMatches(r: any, labels: Record<string, string>): boolean {
  const key = String(r?.key ?? '');
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  const values: string[] = Array.isArray(r?.values) ? r.values.map(String) : [];
  switch (r?.operator) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(labels[key], 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
  }
}

/** upstream: GatherPools. */
export function gatherPools(slicesForNode: any[], node: DraNode, features: DraFeatures, allSlices: any[]): Pool[] {
  const pools = new Map<string, { id: PoolId; slices: any[] }>();
  for (const slice of slicesForNode) {
    const spec = specOf(slice);
    if (!features.partitionableDevices && (spec.perDeviceNodeSelection !== undefined || sharedCounters(slice).length > 0)) continue;
    let relevant = false;
    const nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : '';
    const allNodes = spec.allNodes === true;
    if (sharedCounters(slice).length > 0) {
      relevant = true;
    } else if (nodeName !== '' || allNodes || (spec.nodeSelector !== undefined && spec.nodeSelector !== null)) {
      relevant = nodeMatches(node, nodeName, allNodes, spec.nodeSelector);
    } else if (spec.perDeviceNodeSelection === true) {
      for (const device of devicesOf(slice)) {
        if (nodeMatches(node, device.nodeName ?? '', device.allNodes === true, device.nodeSelector)) {
          relevant = true;
          break;
        }
      }
    } else {
      continue;
    }
    if (relevant) addSlice(pools, slice);
  }

  const result: Pool[] = [];
  const resultWithBindingConditions: Pool[] = [];
  for (const { id, slices: slicesForPool } of pools.values()) {
    const first = specOf(slicesForPool[0]).pool ?? {};
    const count = Number(first.resourceSliceCount ?? 0);
    if (slicesForPool.length === count) {
      const pool = buildPool(id, slicesForPool, features, undefined);
      (poolHasBindingConditions(pool) ? resultWithBindingConditions : result).push(pool);
      continue;
    }
    const [isObsolete, allSlicesForPool] = checkSlicesInPool(allSlices, id, Number(first.generation ?? 0));
    if (isObsolete) continue;
    if (allSlicesForPool.length !== count) {
      result.push(newPool(id, { isIncomplete: true }));
      continue;
    }
    const pool = buildPool(id, slicesForPool, features, allSlicesForPool);
    (poolHasBindingConditions(pool) ? resultWithBindingConditions : result).push(pool);
  }
  sortPoolsById(result);
  sortPoolsById(resultWithBindingConditions);
  return [...result, ...resultWithBindingConditions];
}

function sharedCounters(slice: any): any[] {
  const s = specOf(slice).sharedCounters;
  return Array.isArray(s) ? s : [];
}

export function devicesOf(slice: any): any[] {
  const d = specOf(slice).devices;
  return Array.isArray(d) ? d : [];
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** upstream: sortPoolsByID. */
function sortPoolsById(pools: Pool[]): void {
  pools.sort((a, b) => cmpStr(a.driver, b.driver) || cmpStr(a.pool, b.pool));
}

/** upstream: addSlice — only the newest generation of a pool is kept. */
function addSlice(pools: Map<string, { id: PoolId; slices: any[] }>, slice: any): void {
  const spec = specOf(slice);
  const id = { driver: String(spec.driver ?? ''), pool: String(spec.pool?.name ?? '') };
  const key = `${id.driver}\u0000${id.pool}`;
  const entry = pools.get(key);
  if (!entry) {
    pools.set(key, { id, slices: [slice] });
    return;
  }
  const gen = Number(spec.pool?.generation ?? 0);
  const have = Number(specOf(entry.slices[0]).pool?.generation ?? 0);
  if (gen < have) return;
  if (gen > have) {
    entry.slices = [slice];
    return;
  }
  entry.slices.push(slice);
}

/** upstream: buildPool. */
function buildPool(id: PoolId, slices: any[], features: DraFeatures, allSlicesForPool: any[] | undefined): Pool {
  slices.sort((a, b) => cmpStr(String(a?.metadata?.name ?? ''), String(b?.metadata?.name ?? ''))); // upstream: sortSlicesByName
  let deviceSlices: any[] = [];
  const counterSetSlices: any[] = [];
  if (features.partitionableDevices) {
    for (const s of slices) (sharedCounters(s).length > 0 ? counterSetSlices : deviceSlices).push(s);
  } else {
    deviceSlices = slices;
  }
  const dup = validateDeviceNames(deviceSlices);
  if (dup) return newPool(id, { isInvalid: true, invalidReason: dup });
  if (!features.partitionableDevices) return newPool(id, { deviceSlicesTargetingNode: deviceSlices });
  const [counterSets, csErr] = getAndValidateCounterSets(counterSetSlices);
  if (csErr) return newPool(id, { isInvalid: true, invalidReason: csErr });
  const consErr = validateDeviceCounterConsumption(counterSets, slices);
  if (consErr) return newPool(id, { isInvalid: true, invalidReason: consErr });
  if (allSlicesForPool === undefined || slices.length === allSlicesForPool.length) {
    return newPool(id, { deviceSlicesTargetingNode: deviceSlices, counterSets });
  }
  const targeting = new Set(slices.map((s) => s?.metadata?.name));
  const notTargeting = allSlicesForPool.filter((s) => !targeting.has(s?.metadata?.name));
  const err2 = validateDeviceCounterConsumption(counterSets, notTargeting);
  if (err2) return newPool(id, { isInvalid: true, invalidReason: err2 });
  return newPool(id, { deviceSlicesTargetingNode: deviceSlices, deviceSlicesNotTargetingNode: notTargeting, counterSets });
}

/** upstream: getAndValidateCounterSets. */
function getAndValidateCounterSets(slices: any[]): [Map<string, any>, string | undefined] {
  const out = new Map<string, any>();
  for (const s of slices) {
    for (const cs of sharedCounters(s)) {
      if (out.has(cs.name)) return [out, `duplicate counter set name ${cs.name}`];
      out.set(cs.name, cs);
    }
  }
  return [out, undefined];
}

/** upstream: validateDeviceNames. */
function validateDeviceNames(slices: any[]): string | undefined {
  const seen = new Set<string>();
  for (const s of slices) {
    for (const d of devicesOf(s)) {
      if (seen.has(d.name)) return `duplicate device name ${d.name}`;
      seen.add(d.name);
    }
  }
  return undefined;
}

/** upstream: validateDeviceCounterConsumption. */
function validateDeviceCounterConsumption(counterSets: Map<string, any>, slices: any[]): string | undefined {
  for (const s of slices) {
    for (const d of devicesOf(s)) {
      for (const c of Array.isArray(d.consumesCounters) ? d.consumesCounters : []) {
        const cs = counterSets.get(c.counterSet);
        if (!cs) return `counter set ${c.counterSet} not found`;
        for (const name of Object.keys(c.counters ?? {})) {
          if (!Object.prototype.hasOwnProperty.call(cs.counters ?? {}, name)) return `counter ${name} not found in counter set ${cs.name}`;
        }
      }
    }
  }
  return undefined;
}

/** upstream: poolHasBindingConditions. */
function poolHasBindingConditions(pool: Pool): boolean {
  return pool.deviceSlicesTargetingNode.some((s) => devicesOf(s).some((d) => d.bindingConditions !== undefined && d.bindingConditions !== null));
}

/** upstream: checkSlicesInPool. */
function checkSlicesInPool(slices: any[], id: PoolId, generation: number): [boolean, any[]] {
  const all: any[] = [];
  for (const s of slices) {
    const spec = specOf(s);
    if (spec.driver !== id.driver || spec.pool?.name !== id.pool) continue;
    const g = Number(spec.pool?.generation ?? 0);
    if (g === generation) all.push(s);
    else if (g > generation) return [true, []];
  }
  return [false, all];
}

// ---------------------------------------------------------------- requests (requestAccessor)

/** upstream: requestAccessor (exactDeviceRequestAccessor / deviceSubRequestAccessor). */
export interface RequestAccessor {
  readonly name: string;
  readonly deviceClassName: string;
  readonly allocationMode: string;
  readonly count: number;
  readonly adminAccess: boolean;
  readonly hasAdminAccess: boolean;
  readonly selectors: any[];
  readonly tolerations: any[];
  readonly capacities: any;
}

function exactAccessor(request: any): RequestAccessor {
  const e = request.exactly ?? {};
  return {
    name: String(request.name ?? ''),
    deviceClassName: String(e.deviceClassName ?? ''),
    allocationMode: e.allocationMode ?? 'ExactCount', // API defaulting (SetDefaults_ExactDeviceRequest)
    count: e.count ?? ((e.allocationMode ?? 'ExactCount') === 'ExactCount' ? 1 : 0),
    adminAccess: e.adminAccess === true,
    hasAdminAccess: e.adminAccess !== undefined && e.adminAccess !== null,
    selectors: Array.isArray(e.selectors) ? e.selectors : [],
    tolerations: Array.isArray(e.tolerations) ? e.tolerations : [],
    capacities: e.capacity,
  };
}

function subAccessor(sub: any): RequestAccessor {
  const mode = sub.allocationMode ?? 'ExactCount';
  return {
    name: String(sub.name ?? ''),
    deviceClassName: String(sub.deviceClassName ?? ''),
    allocationMode: mode,
    count: sub.count ?? (mode === 'ExactCount' ? 1 : 0),
    adminAccess: false,
    hasAdminAccess: false,
    selectors: Array.isArray(sub.selectors) ? sub.selectors : [],
    tolerations: Array.isArray(sub.tolerations) ? sub.tolerations : [],
    capacities: sub.capacity,
  };
}

/** upstream: requestData. */
interface RequestData {
  request: RequestAccessor;
  parentRequest?: RequestAccessor;
  class?: any;
  numDevices: number;
  selectedSubRequestIndex: number;
  allDevices: DeviceWithId[];
}

function requestDataName(rd: RequestData): string {
  return rd.parentRequest ? `${rd.parentRequest.name}/${rd.request.name}` : rd.request.name;
}

/** upstream: deviceWithID. */
interface DeviceWithId {
  device: any;
  id: DeviceId;
  slice: any;
  pool: Pool;
}

/** upstream: internalDeviceResult. */
interface InternalDeviceResult {
  device: any;
  request: string;
  parentRequest: string;
  id: DeviceId;
  shareID?: string;
  slice: any;
  consumedCapacity?: Map<string, number>;
  adminAccess?: boolean;
}

// ---------------------------------------------------------------- constraints (allocator_incubating.go, constraint.go)

interface Constraint {
  add(requestName: string, subRequestName: string, device: any, id: DeviceId): boolean;
  remove(requestName: string, subRequestName: string, device: any, id: DeviceId): void;
}

type Attribute = Record<string, unknown>;

/** upstream: lookupAttribute. */
export function lookupAttribute(device: any, id: DeviceId, attributeName: string): Attribute | undefined {
  const attrs = device?.attributes ?? {};
  if (Object.prototype.hasOwnProperty.call(attrs, attributeName)) return attrs[attributeName];
  const index = attributeName.indexOf('/');
  if (index < 0) return undefined;
  if (attributeName.slice(0, index) !== id.driver) return undefined;
  const short = attributeName.slice(index + 1);
  if (Object.prototype.hasOwnProperty.call(attrs, short)) return attrs[short];
  return undefined;
}

const ATTRIBUTE_KINDS = ['string', 'int', 'bool', 'version'] as const;

function attributeKind(a: Attribute): (typeof ATTRIBUTE_KINDS)[number] | undefined {
  for (const k of ATTRIBUTE_KINDS) if (a[k] !== undefined && a[k] !== null) return k;
  return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
  return String(a) === String(b);
}

function constraintMatches(requestNames: Set<string>, requestName: string, subRequestName: string): boolean {
  if (subRequestName === '') return requestNames.has(requestName);
  return requestNames.has(requestName) || requestNames.has(`${requestName}/${subRequestName}`);
}

/** upstream: matchAttributeConstraint. */
class MatchAttributeConstraint implements Constraint {
  private attribute?: Attribute;
  private numDevices = 0;
  constructor(private readonly requestNames: Set<string>, private readonly attributeName: string) {}

  public add(requestName: string, subRequestName: string, device: any, id: DeviceId): boolean {
    if (this.requestNames.size > 0 && !constraintMatches(this.requestNames, requestName, subRequestName)) return true;
    const attribute = lookupAttribute(device, id, this.attributeName);
    if (attribute === undefined) return false;
    if (this.numDevices === 0) {
      this.attribute = attribute;
      this.numDevices = 1;
      return true;
    }
    const kind = attributeKind(attribute);
    if (kind === undefined) return false;
    const have = this.attribute?.[kind];
    if (have === undefined || have === null || !sameValue(attribute[kind], have)) return false;
    this.numDevices++;
    return true;
  }

  public remove(requestName: string, subRequestName: string): void {
    if (this.requestNames.size > 0 && !constraintMatches(this.requestNames, requestName, subRequestName)) return;
    this.numDevices--;
  }
}

/** upstream: distinctAttributeConstraint (constraint.go). */
class DistinctAttributeConstraint implements Constraint {
  private readonly attributes = new Map<string, Attribute>();
  private numDevices = 0;
  constructor(private readonly requestNames: Set<string>, private readonly attributeName: string) {}

  public add(requestName: string, subRequestName: string, device: any, id: DeviceId): boolean {
    if (this.requestNames.size > 0 && !constraintMatches(this.requestNames, requestName, subRequestName)) return true;
    const attribute = lookupAttribute(device, id, this.attributeName);
    if (attribute === undefined) return false;
    if (this.numDevices === 0) {
      this.attributes.set(requestName, attribute);
      this.numDevices = 1;
      return true;
    }
    if (!this.matchesAttribute(attribute)) return false;
    this.attributes.set(requestName, attribute);
    this.numDevices++;
    return true;
  }

  public remove(requestName: string, subRequestName: string): void {
    if (this.requestNames.size > 0 && !constraintMatches(this.requestNames, requestName, subRequestName)) return;
    this.attributes.delete(requestName);
    this.numDevices--;
  }

  /** upstream: distinctAttributeConstraint.matchesAttribute. */
  private matchesAttribute(attribute: Attribute): boolean {
    const kind = attributeKind(attribute);
    for (const attr of this.attributes.values()) {
      if (kind === undefined) return false;
      const other = attr[kind];
      if (other !== undefined && other !== null && sameValue(other, attribute[kind])) return false;
    }
    return true;
  }
}

// ---------------------------------------------------------------- consumable capacity (consumable_capacity.go)

/** upstream: CmpRequestOverCapacity (the package function). */
export function cmpRequestOverCapacity(
  current: Map<string, number>, deviceRequestCapacity: any, capacity: Record<string, any>, allocating: Map<string, number> | undefined,
): [boolean, string | undefined] {
  if (requestsContainNonExistCapacity(deviceRequestCapacity, capacity)) return [false, 'some requested capacity has not been defined'];
  const clone = new Map(current);
  for (const [name, cap] of Object.entries(capacity ?? {})) {
    const req = deviceRequestCapacity?.requests;
    const requested = req && Object.prototype.hasOwnProperty.call(req, name) ? qty(req[name]) : undefined;
    const consumed = calculateConsumedCapacity(requested, cap);
    if (violatesPolicy(consumed, cap?.requestPolicy)) return [false, undefined];
    clone.set(name, (clone.get(name) ?? 0) + consumed);
    const allocatingVal = allocating?.get(name);
    if (allocatingVal !== undefined) clone.set(name, clone.get(name)! + allocatingVal);
    if (clone.get(name)! > qty(cap?.value)) return [false, undefined];
  }
  return [true, undefined];
}

/** upstream: requestsContainNonExistCapacity. */
function requestsContainNonExistCapacity(deviceRequestCapacity: any, capacity: Record<string, any>): boolean {
  const req = deviceRequestCapacity?.requests;
  if (!req) return false;
  return Object.keys(req).some((n) => !Object.prototype.hasOwnProperty.call(capacity ?? {}, n));
}

/** upstream: calculateConsumedCapacity. */
function calculateConsumedCapacity(requested: number | undefined, cap: any): number {
  if (requested === undefined) return fillEmptyRequest(cap);
  const policy = cap?.requestPolicy;
  if (!policy) return requested;
  if (policy.validRange && policy.validRange.min !== undefined) return roundUpRange(requested, policy.validRange);
  if (Array.isArray(policy.validValues)) return roundUpValidValues(requested, policy.validValues);
  return requested;
}

/** upstream: fillEmptyRequest. */
function fillEmptyRequest(cap: any): number {
  if (cap?.requestPolicy?.default !== undefined) return qty(cap.requestPolicy.default);
  return qty(cap?.value);
}

/** upstream: roundUpRange. */
function roundUpRange(requested: number, range: any): number {
  const min = qty(range.min);
  if (requested < min) return min;
  if (range.step === undefined) return requested;
  const step = qty(range.step);
  const added = Math.trunc(requested) - Math.trunc(min);
  let n = Math.trunc(added / step);
  if (added % step !== 0) n += 1;
  return Math.trunc(min) + step * n;
}

/** upstream: roundUpValidValues. */
function roundUpValidValues(requested: number, validValues: any[]): number {
  for (const v of validValues) if (requested <= qty(v)) return qty(v);
  return requested;
}

/** upstream: GetConsumedCapacityFromRequest. */
function getConsumedCapacityFromRequest(requested: any, capacity: Record<string, any>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, cap] of Object.entries(capacity ?? {})) {
    const req = requested?.requests;
    const val = req && Object.prototype.hasOwnProperty.call(req, name) ? qty(req[name]) : undefined;
    out.set(name, calculateConsumedCapacity(val, cap));
  }
  return out;
}

/** upstream: violatesPolicy. */
function violatesPolicy(requested: number, policy: any): boolean {
  if (!policy) return false;
  if (policy.default !== undefined && requested === qty(policy.default)) return false;
  if (policy.validRange) {
    const r = policy.validRange;
    if (r.max !== undefined && requested > qty(r.max)) return true;
    if (r.step !== undefined) {
      const added = Math.trunc(requested) - Math.trunc(qty(r.min));
      if (added % qty(r.step) !== 0) return true;
    }
    return false;
  }
  if (Array.isArray(policy.validValues) && policy.validValues.length > 0) return !policy.validValues.some((v: unknown) => qty(v) === requested);
  return false;
}

// ---------------------------------------------------------------- taints

/** upstream: resourceclaim.ToleratesTaint. */
export function toleratesTaint(toleration: any, taint: any): boolean {
  if (toleration?.effect && toleration.effect !== taint?.effect) return false;
  if (toleration?.key && toleration.key !== taint?.key) return false;
  switch (toleration?.operator ?? 'Equal') {
    case '':
    case 'Equal': return (toleration?.value ?? '') === (taint?.value ?? '');
    case 'Exists': return true;
    default: return false;
  }
}

/** upstream: taintPreventsAllocation; returns the taint that does. */
export function taintPreventingAllocation(device: any, request: RequestAccessor): any | undefined {
  for (const taint of Array.isArray(device?.taints) ? device.taints : []) {
    if (taint?.effect === 'NoExecute' || taint?.effect === 'NoSchedule') {
      if (!request.tolerations.some((t) => toleratesTaint(t, taint))) return taint; // upstream: taintTolerated
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- CEL

/** upstream: cel.Cache — compiled selectors by expression. */
export class SelectorCache {
  private readonly programs = new Map<string, CelProgram | string>();

  /** Compiles (once) and returns the program or the compile error text. */
  public get(expression: string): CelProgram | string {
    let p = this.programs.get(expression);
    if (p === undefined) {
      try {
        p = CelProgram.compile(expression, CelEnvironment.DRA_DEVICE_SELECTOR);
      } catch (e) {
        const v = (e as { violations?: Array<{ problem?: string }> }).violations;
        p = v && v.length > 0 ? v.map((x) => x.problem ?? '').join('; ') : String((e as Error).message ?? e);
      }
      this.programs.set(expression, p);
    }
    return p;
  }
}

/**
 * upstream: cel CompilationResult.DeviceMatches. `device.attributes[domain]` and
 * `device.capacity[domain]` of a domain the device has no entry for are an empty map there
 * (newStringInterfaceMapWithDefault); the evaluation is retried with that domain added when
 * a lookup of it failed.
 */
export function deviceMatches(program: CelProgram, driver: string, device: any): boolean {
  const attributes: Record<string, Record<string, unknown>> = {};
  for (const [name, attr] of Object.entries<any>(device?.attributes ?? {})) {
    // upstream: CompilationResult.getAttributeValue (list values only with DRAListTypeAttributes, off in 1.36)
    if (!['int', 'bool', 'string', 'version'].some((k) => attr?.[k] !== undefined && attr?.[k] !== null)) {
      throw new CelEvaluationError(`attribute ${name}: unsupported attribute value`, program.expression);
    }
    const [domain, id] = parseQualifiedName(name, driver);
    (attributes[domain] ??= {})[id] = attr;
  }
  const capacity: Record<string, Record<string, unknown>> = {};
  for (const [name, cap] of Object.entries(device?.capacity ?? {})) {
    const [domain, id] = parseQualifiedName(name, driver);
    (capacity[domain] ??= {})[id] = cap;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const v = program.evaluate({
        device: { driver, allowMultipleAllocations: device?.allowMultipleAllocations === true, attributes, capacity },
      });
      if (typeof v !== 'boolean') throw new CelEvaluationError(`CEL result of type ${typeof v} could not be converted to bool`, program.expression);
      return v;
    } catch (e) {
      const m = e instanceof CelEvaluationError ? /^no such key: (.+)$/.exec(e.message) : null;
      if (m && program.expression.includes(m[1]) && !(m[1] in attributes && m[1] in capacity)) {
        if (!(m[1] in attributes)) attributes[m[1]] = {};
        if (!(m[1] in capacity)) capacity[m[1]] = {};
        continue;
      }
      throw e;
    }
  }
  return false;
}

function parseQualifiedName(name: string, driver: string): [string, string] {
  const i = name.indexOf('/');
  return i < 0 ? [driver, name] : [name.slice(0, i), name.slice(i + 1)];
}

// ---------------------------------------------------------------- the allocator

export interface DeviceClassLister {
  get(name: string): any | undefined;
}

/** upstream: incubating.Allocator. */
export class Allocator {
  private readonly slicesOnNode = new Map<string, any[]>();
  private readonly slicesShared: any[] = [];
  /** upstream: availableCounters (per pool name, cached across Allocate calls). */
  public readonly availableCounters = new Map<string, Map<string, Map<string, number>>>();
  public numAllocateOneInvocations = 0;
  /** How many allocateOne steps one Allocate may take before it gives up (stands in for the scheduler's filter timeout). */
  public maxSteps = 5_000_000;

  /** upstream: NewAllocator. */
  constructor(
    public readonly features: DraFeatures,
    public readonly allocatedState: AllocatedState,
    public readonly classLister: DeviceClassLister,
    public readonly allSlices: any[],
    public readonly celCache: SelectorCache = new SelectorCache(),
  ) {
    for (const slice of allSlices) {
      const nodeName = typeof specOf(slice).nodeName === 'string' ? specOf(slice).nodeName : '';
      if (nodeName === '' || sharedCounters(slice).length > 0) {this.slicesShared.push(slice);} else {
        const list = this.slicesOnNode.get(nodeName) ?? [];
        list.push(slice);
        this.slicesOnNode.set(nodeName, list);
      }
    }
  }

  /** upstream: Allocator.Allocate. Returns undefined when the claims cannot be allocated on the node. */
  public allocate(node: DraNode, claims: any[]): AllocationResult[] | undefined {
    const alloc = new AllocationRun(this, node, claims);
    return alloc.run([...(this.slicesOnNode.get(node.name) ?? []), ...this.slicesShared]);
  }
}

/** Observer hooks for explanations; none changes the outcome. */
export interface AllocationTrace {
  pools?: Pool[];
}

/** upstream: allocator (the per-Allocate state). */
class AllocationRun {
  public pools: Pool[] = [];
  private readonly deviceMatchesRequest = new Map<string, boolean>();
  private readonly constraints: Constraint[][] = [];
  private readonly consumedCounters = new Map<string, Map<string, Map<string, number>>>();
  private readonly requestData = new Map<string, RequestData>();
  private readonly allocatingDevices = new Map<string, Set<number>>();
  private readonly allocatingCapacity = new Map<string, Map<string, number>>();
  private readonly result: InternalDeviceResult[][] = [];
  private shareCounter = 0;

  constructor(private readonly a: Allocator, private readonly node: DraNode, private readonly claimsToAllocate: any[]) {}

  private get features(): DraFeatures {
    return this.a.features;
  }

  public run(slicesForNode: any[]): AllocationResult[] | undefined {
    const features = this.features;
    const pools = gatherPools(slicesForNode, this.node, features, this.a.allSlices);
    this.pools = pools;
    this.claimsToAllocate.forEach((claim, claimIndex) => {
      const requests: any[] = claimRequests(claim);
      let minDevicesPerClaim = 0;
      requests.forEach((request, requestIndex) => {
        const hasSubRequests = Array.isArray(request.firstAvailable) && request.firstAvailable.length > 0;
        if (!features.prioritizedList && hasSubRequests) {
          throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: has subrequests, but the DRAPrioritizedList feature is disabled`);
        }
        if (!features.consumableCapacity) {
          if (request.exactly?.capacity) throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: has capacity requests, but the DRAConsumableCapacity feature is disabled`);
          for (const sub of request.firstAvailable ?? []) {
            if (sub.capacity) throw new DraAllocationError(`claim ${claimName(claim)}, subrequest ${sub.name}: has capacity requests, but the DRAConsumableCapacity feature is disabled`);
          }
        }
        if (hasSubRequests) {
          let minDevicesPerRequest = Number.MAX_SAFE_INTEGER;
          (request.firstAvailable as any[]).forEach((sub, i) => {
            const rd = this.validateDeviceRequest(subAccessor(sub), exactAccessor(request), [claimIndex, requestIndex, i], pools);
            this.requestData.set(rkey(claimIndex, requestIndex, i), rd);
            minDevicesPerRequest = Math.min(minDevicesPerRequest, rd.numDevices);
          });
          minDevicesPerClaim += minDevicesPerRequest;
        } else {
          const rd = this.validateDeviceRequest(exactAccessor(request), undefined, [claimIndex, requestIndex, 0], pools);
          this.requestData.set(rkey(claimIndex, requestIndex, 0), rd);
          minDevicesPerClaim += rd.numDevices;
        }
      });
      if (minDevicesPerClaim > ALLOCATION_RESULTS_MAX_SIZE) {
        throw new DraAllocationError(`claim ${claimName(claim)}: number of requested devices ${minDevicesPerClaim} exceeds the claim limit of ${ALLOCATION_RESULTS_MAX_SIZE}`);
      }
      this.result[claimIndex] = [];
      const constraints: Constraint[] = [];
      (claimConstraints(claim)).forEach((c, i) => {
        if (c.matchAttribute !== undefined && c.matchAttribute !== null) {
          constraints.push(new MatchAttributeConstraint(new Set(c.requests ?? []), String(c.matchAttribute)));
        } else if (c.distinctAttribute !== undefined && c.distinctAttribute !== null) {
          constraints.push(new DistinctAttributeConstraint(new Set(c.requests ?? []), String(c.distinctAttribute)));
        } else {
          throw new DraAllocationError(`claim ${claimName(claim)}, constraint #${i}: empty constraint (unsupported constraint type?)`);
        }
      });
      this.constraints[claimIndex] = constraints;
    });

    let done: boolean;
    try {
      done = this.allocateOne({ claimIndex: 0, requestIndex: 0, subRequestIndex: 0, deviceIndex: 0 }, false, ZERO_LOCATION);
    } catch (e) {
      if (e instanceof MaxSizeExceeded) throw new DraAllocationError('allocation max size exceeded');
      throw e;
    }
    if (!done) {
      for (const pool of pools) {
        if (pool.isInvalid) throw new DraNodeError('invalid resource pools were encountered');
      }
      return undefined;
    }

    return this.claimsToAllocate.map((claim, claimIndex) => this.buildResult(claim, claimIndex));
  }

  /** The AllocationResult of one claim (the tail of upstream Allocate). */
  private buildResult(claim: any, claimIndex: number): AllocationResult {
    const internal = this.result[claimIndex];
    const results: DeviceResult[] = internal.map((r) => {
      const out: DeviceResult = {
        request: r.parentRequest === '' ? r.request : `${r.parentRequest}/${r.request}`,
        driver: r.id.driver,
        pool: r.id.pool,
        device: r.id.device,
      };
      if (r.adminAccess !== undefined) out.adminAccess = r.adminAccess;
      const tolerations = lookupRequest(r, claim)?.tolerations ?? [];
      if (tolerations.length > 0) out.tolerations = tolerations;
      if (r.shareID !== undefined) out.shareID = r.shareID;
      if (r.consumedCapacity !== undefined) {
        out.consumedCapacity = Object.fromEntries([...r.consumedCapacity].map(([k, v]) => [k,
          formatQuantity(v)]));
      }
      if (this.features.deviceBindingAndStatus) {
        if (Array.isArray(r.device.bindingConditions)) out.bindingConditions = r.device.bindingConditions;
        if (Array.isArray(r.device.bindingFailureConditions)) out.bindingFailureConditions = r.device.bindingFailureConditions;
      }
      return out;
    });
    const config: any[] = [];
    const configIndexesForClass = new Map<string, [number, number]>();
    const requests = claimRequests(claim);
    requests.forEach((_req, requestIndex) => {
      let rd = this.requestData.get(rkey(claimIndex, requestIndex, 0))!;
      if (rd.parentRequest) rd = this.requestData.get(rkey(claimIndex, requestIndex, rd.selectedSubRequestIndex))!;
      const cls = rd.class;
      if (!cls) return;
      const name = String(cls.metadata?.name ?? '');
      const range = configIndexesForClass.get(name);
      if (range) {
        for (let i = range[0]; i < range[1]; i++) config[i].requests.push(requestDataName(rd));
        return;
      }
      const start = config.length;
      for (const c of Array.isArray(specOf(cls).config) ? specOf(cls).config : []) {
        config.push({ source: 'FromClass', requests: [requestDataName(rd)], ...withoutRequests(c) });
      }
      configIndexesForClass.set(name, [start, config.length]);
    });
    for (const c of Array.isArray(claim?.spec?.devices?.config) ? claim.spec.devices.config : []) {
      const reqs: string[] = Array.isArray(c.requests) ? c.requests : [];
      if (reqs.length === 0) {
        config.push({ source: 'FromClaim', ...c });
        continue;
      }
      requests.forEach((request, i) => {
        if (reqs.includes(request.name)) {
          config.push({ source: 'FromClaim', ...c });
          return;
        }
        const rd = this.requestData.get(rkey(claimIndex, i, 0))!;
        if (!rd.parentRequest) return;
        const sub = request.firstAvailable[rd.selectedSubRequestIndex];
        if (reqs.includes(`${request.name}/${sub.name}`)) config.push({ source: 'FromClaim', ...c });
      });
    }
    const out: AllocationResult = { devices: { results } };
    if (config.length > 0) out.devices.config = config;
    const ns = createNodeSelector(internal, this.node.name);
    if (ns) out.nodeSelector = ns;
    return out;
  }

  /** upstream: validateDeviceRequest. */
  private validateDeviceRequest(request: RequestAccessor, parentRequest: RequestAccessor | undefined, key: [number, number, number],
    pools: Pool[]): RequestData {
    const claim = this.claimsToAllocate[key[0]];
    const rd: RequestData = { request, parentRequest, numDevices: 0, selectedSubRequestIndex: 0, allDevices: [] };
    request.selectors.forEach((s, i) => {
      if (!s || !s.cel) throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}, selector #${i}: CEL expression empty (unsupported selector type?)`);
    });
    if (!this.features.adminAccess && request.hasAdminAccess) {
      throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: admin access is requested, but the feature is disabled`);
    }
    if (request.deviceClassName === '') throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: missing device class name (unsupported request type?)`);
    const cls = this.a.classLister.get(request.deviceClassName);
    if (!cls) {
      throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: could not retrieve device class ${request.deviceClassName}: deviceclass.resource.k8s.io "${request.deviceClassName}" not found`);
    }
    rd.class = cls;
    switch (request.allocationMode) {
      case 'ExactCount':
        rd.numDevices = Number(request.count);
        break;
      case 'All':
        for (const pool of pools) {
          if (pool.isIncomplete) throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: asks for all devices, but resource pool ${pool.driver}/${pool.pool} is currently being updated`);
          if (pool.isInvalid) throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: asks for all devices, but resource pool ${pool.driver}/${pool.pool} is currently invalid`);
          for (const slice of pool.deviceSlicesTargetingNode) {
            devicesOf(slice).forEach((device, deviceIndex) => {
              if (!this.isSelectable(key, rd, slice, deviceIndex)) return;
              if (this.features.consumableCapacity) {
                const [ok, err] = this.cmpRequestOverCapacity(rd.request, slice, device);
                if (err !== undefined || !ok) return;
              }
              rd.allDevices.push({ id: { driver: specOf(slice).driver, pool: specOf(slice).pool?.name, device: device.name }, device, slice, pool });
            });
          }
        }
        rd.numDevices = rd.allDevices.length;
        break;
      default:
        throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: unsupported count mode ${request.allocationMode}`);
    }
    return rd;
  }

  /** upstream: allocateOne. Throws MaxSizeExceeded as upstream returns errAllocationResultMaxSizeExceeded. */
  private allocateOne(r: DeviceIndices, allocateSubRequest: boolean, start: DeviceLocation): boolean {
    this.a.numAllocateOneInvocations++;
    // upstream: the context check at the top of allocateOne; the scheduler's Filter is
    // aborted by DRASchedulerFilterTimeout (10 s by default), here a step budget stands in.
    if (this.a.numAllocateOneInvocations > this.a.maxSteps) {
      throw new DraAllocationError(`filter operation aborted: gave up after ${this.a.maxSteps} allocation steps (the scheduler gives up after 10 s by default)`);
    }
    if (r.claimIndex >= this.claimsToAllocate.length) return true;
    const claim = this.claimsToAllocate[r.claimIndex];
    if (r.requestIndex >= claimRequests(claim).length) {
      try {
        return this.allocateOne({ claimIndex: r.claimIndex + 1, requestIndex: 0, subRequestIndex: 0, deviceIndex: 0 }, false, ZERO_LOCATION);
      } catch (e) {
        if (e instanceof MaxSizeExceeded) return false;
        throw e;
      }
    }
    const requestKey = rkey(r.claimIndex, r.requestIndex, r.subRequestIndex);
    const rd = this.requestData.get(requestKey)!;

    if (!allocateSubRequest && rd.parentRequest) {
      let allAllocationExceeded = true;
      for (let subRequestIndex = 0; ; subRequestIndex++) {
        if (!this.requestData.has(rkey(r.claimIndex, r.requestIndex, subRequestIndex))) {
          if (allAllocationExceeded) throw new MaxSizeExceeded();
          return false;
        }
        let success: boolean;
        try {
          success = this.allocateOne({ ...r, subRequestIndex }, true, ZERO_LOCATION);
        } catch (e) {
          if (e instanceof MaxSizeExceeded) continue;
          throw e;
        }
        allAllocationExceeded = false;
        if (success) {
          rd.selectedSubRequestIndex = subRequestIndex;
          return true;
        }
      }
    }

    const request = rd.request;
    const doAllDevices = request.allocationMode === 'All';
    if (doAllDevices && rd.allDevices.length === 0) return false;
    if (r.deviceIndex >= rd.numDevices) {
      return this.allocateOne({ claimIndex: r.claimIndex, requestIndex: r.requestIndex + 1, subRequestIndex: 0, deviceIndex: 0 }, false,
        ZERO_LOCATION);
    }
    const numDevicesAfterAlloc = this.result[r.claimIndex].length + rd.numDevices - r.deviceIndex;
    if (numDevicesAfterAlloc > ALLOCATION_RESULTS_MAX_SIZE) throw new MaxSizeExceeded();

    if (doAllDevices) {
      const device = rd.allDevices[r.deviceIndex];
      const [ok, deallocate] = this.allocateDevice(r, device, true);
      if (!ok) return false;
      let done = false;
      try {
        done = this.allocateOne({ ...r, deviceIndex: r.deviceIndex + 1 }, allocateSubRequest, ZERO_LOCATION);
      } finally {
        if (!done) deallocate!();
      }
      return done;
    }

    for (let poolIndex = start.poolIndex; poolIndex < this.pools.length; poolIndex++) {
      const pool = this.pools[poolIndex];
      if (pool.isIncomplete || pool.isInvalid) continue;
      const sliceStart = poolIndex === start.poolIndex ? start.sliceIndex : 0;
      for (let sliceIndex = sliceStart; sliceIndex < pool.deviceSlicesTargetingNode.length; sliceIndex++) {
        const slice = pool.deviceSlicesTargetingNode[sliceIndex];
        const devices = devicesOf(slice);
        const deviceStart = poolIndex === start.poolIndex && sliceIndex === start.sliceIndex ? start.deviceIndex : 0;
        for (let deviceIndex = deviceStart; deviceIndex < devices.length; deviceIndex++) {
          const id: DeviceId = { driver: pool.driver, pool: pool.pool, device: devices[deviceIndex].name };
          if (request.adminAccess && this.allocatingDeviceForClaim(id, r.claimIndex)) continue;
          if (!request.adminAccess && this.deviceInUse(id)) continue;
          if (!this.isSelectable([r.claimIndex, r.requestIndex, r.subRequestIndex], rd, slice, deviceIndex)) continue;
          if (this.features.consumableCapacity) {
            const [ok, err] = this.cmpRequestOverCapacity(rd.request, slice, devices[deviceIndex]);
            if (err !== undefined || !ok) continue;
          }
          const [allocated, deallocate] = this.allocateDevice(r, { id, device: devices[deviceIndex], slice, pool }, false);
          if (!allocated) continue;
          let done = false;
          try {
            done = this.allocateOne({ ...r, deviceIndex: r.deviceIndex + 1 }, allocateSubRequest, {
              poolIndex,
              sliceIndex,
              deviceIndex: deviceIndex + 1,
            });
          } finally {
            if (!done) deallocate!();
          }
          if (done) return true;
        }
      }
    }
    return false;
  }

  /** upstream: isSelectable. */
  public isSelectable(key: [number, number, number], rd: RequestData, slice: any, deviceIndex: number): boolean {
    const device = devicesOf(slice)[deviceIndex];
    if (!this.features.deviceBindingAndStatus && Array.isArray(device.bindingConditions) && device.bindingConditions.length > 0) return false;
    const id: DeviceId = { driver: specOf(slice).driver, pool: specOf(slice).pool?.name, device: device.name };
    const mk = `${deviceKey(id)}|${key.join('/')}`;
    const cached = this.deviceMatchesRequest.get(mk);
    if (cached !== undefined) return cached;
    if (rd.class && !this.selectorsMatch(key, device, id, rd.class, Array.isArray(specOf(rd.class).selectors) ? specOf(rd.class).selectors : [])) {
      this.deviceMatchesRequest.set(mk, false);
      return false;
    }
    if (!this.selectorsMatch(key, device, id, undefined, rd.request.selectors)) {
      this.deviceMatchesRequest.set(mk, false);
      return false;
    }
    if (specOf(slice).perDeviceNodeSelection === true) {
      if (!nodeMatches(this.node, device.nodeName ?? '', device.allNodes === true, device.nodeSelector)) {
        this.deviceMatchesRequest.set(mk, false);
        return false;
      }
    }
    this.deviceMatchesRequest.set(mk, true);
    return true;
  }

  /** upstream: allocator.CmpRequestOverCapacity. */
  private cmpRequestOverCapacity(request: RequestAccessor, slice: any, device: any): [boolean, string | undefined] {
    const id = deviceKey({ driver: specOf(slice).driver, pool: specOf(slice).pool?.name, device: device.name });
    const allocating = this.allocatingCapacity.get(id);
    const allocated = this.a.allocatedState.aggregatedCapacity.get(id) ?? new Map<string, number>();
    return cmpRequestOverCapacity(allocated, request.capacities, device.capacity ?? {}, allocating);
  }

  /** upstream: selectorsMatch. */
  private selectorsMatch(key: [number, number, number], device: any, id: DeviceId, cls: any, selectors: any[]): boolean {
    return selectorsMatch(this.a.celCache, claimName(this.claimsToAllocate[key[0]]), device, id, cls, selectors) === undefined;
  }

  /** upstream: allocateDevice. Returns whether it was allocated and how to undo it. */
  private allocateDevice(r: DeviceIndices, device: DeviceWithId, must: boolean): [boolean, (() => void) | undefined] {
    const claim = this.claimsToAllocate[r.claimIndex];
    const rd = this.requestData.get(rkey(r.claimIndex, r.requestIndex, r.subRequestIndex))!;
    const request = rd.request;
    const allowMultipleAllocations = this.features.consumableCapacity && device.device.allowMultipleAllocations === true;
    if (!allowMultipleAllocations && request.adminAccess && this.allocatingDeviceForClaim(device.id, r.claimIndex)) return [false, undefined];
    if (!request.adminAccess && this.deviceInUse(device.id)) return [false, undefined];
    const consumes: any[] = Array.isArray(device.device.consumesCounters) ? device.device.consumesCounters : [];
    if (!this.features.partitionableDevices && consumes.length > 0) return [false, undefined];
    const skipCounterCheck = allowMultipleAllocations && this.deviceCapacityInUse(device.id);
    if (!skipCounterCheck && consumes.length > 0) {
      if (!this.checkAvailableCounters(device)) return [false, undefined];
    }
    let parentRequestName = '';
    let baseRequestName: string;
    let subRequestName = '';
    if (!rd.parentRequest) {
      baseRequestName = rd.request.name;
    } else {
      parentRequestName = rd.parentRequest.name;
      baseRequestName = parentRequestName;
      subRequestName = rd.request.name;
    }
    if (this.features.deviceTaints && taintPreventingAllocation(device.device, request) !== undefined) return [false, undefined];
    const constraints = this.constraints[r.claimIndex];
    for (let i = 0; i < constraints.length; i++) {
      if (!constraints[i].add(baseRequestName, subRequestName, device.device, device.id)) {
        if (must) {
          throw new DraAllocationError(`claim ${claimName(claim)}, request ${request.name}: cannot add device ${deviceKey(device.id)} because a claim constraint would not be satisfied`);
        }
        for (let e = 0; e < i; e++) constraints[e].remove(baseRequestName, subRequestName, device.device, device.id);
        return [false, undefined];
      }
    }
    const k = deviceKey(device.id);
    if (!this.allocatingDevices.has(k)) this.allocatingDevices.set(k, new Set());
    if (!allowMultipleAllocations) this.allocatingDevices.get(k)!.add(r.claimIndex);

    let consumedCapacity = new Map<string, number>();
    let shareID: string | undefined;
    if (this.features.consumableCapacity) {
      const [ok, err] = this.cmpRequestOverCapacity(rd.request, device.slice, device.device);
      if (err !== undefined || !ok) return [false, undefined];
      if (allowMultipleAllocations) {
        consumedCapacity = getConsumedCapacityFromRequest(request.capacities, device.device.capacity ?? {});
        shareID = `share-${++this.shareCounter}`; // upstream: GenerateNewShareID (a random UID)
        const cur = this.allocatingCapacity.get(k) ?? new Map<string, number>();
        for (const [n, v] of consumedCapacity) cur.set(n, (cur.get(n) ?? 0) + v);
        this.allocatingCapacity.set(k, cur);
      }
    }
    const result: InternalDeviceResult = {
      request: request.name, parentRequest: parentRequestName, id: device.id, device: device.device, slice: device.slice, shareID,
    };
    if (request.adminAccess) result.adminAccess = true;
    if (consumedCapacity.size > 0) result.consumedCapacity = consumedCapacity;
    const previousNumResults = this.result[r.claimIndex].length;
    this.result[r.claimIndex].push(result);
    return [true, () => {
      for (const c of constraints) c.remove(baseRequestName, subRequestName, device.device, device.id);
      this.allocatingDevices.get(k)?.delete(r.claimIndex);
      if (allowMultipleAllocations) {
        const requested = this.result[r.claimIndex][previousNumResults].consumedCapacity;
        if (requested) {
          const cur = this.allocatingCapacity.get(k);
          if (cur) {
            for (const [n, v] of requested) cur.set(n, (cur.get(n) ?? 0) - v);
            if ([...cur.values()].every((v) => v === 0)) this.allocatingCapacity.delete(k);
          }
        }
      } else if (this.features.partitionableDevices && consumes.length > 0) {
        this.deallocateCountersForDevice(device);
      }
      this.result[r.claimIndex].length = previousNumResults;
    }];
  }

  /** upstream: checkAvailableCounters. */
  private checkAvailableCounters(device: DeviceWithId): boolean {
    const pool = device.pool;
    const poolName = pool.pool;
    let available = this.a.availableCounters.get(poolName);
    if (!available) {
      available = initialAvailableCounters(pool, this.a.allocatedState);
      this.a.availableCounters.set(poolName, available);
    }
    let consumedForPool = this.consumedCounters.get(poolName);
    if (!consumedForPool) {
      consumedForPool = new Map();
      this.consumedCounters.set(poolName, consumedForPool);
    }
    for (const c of device.device.consumesCounters ?? []) {
      let set = consumedForPool.get(c.counterSet);
      if (!set) {
        set = new Map();
        consumedForPool.set(c.counterSet, set);
      }
      for (const [name, counter] of Object.entries<any>(c.counters ?? {})) set.set(name, (set.get(name) ?? 0) + qty(counter?.value));
    }
    for (const [setName, counters] of available) {
      const consumed = consumedForPool.get(setName);
      for (const [name, value] of counters) {
        if (value < (consumed?.get(name) ?? 0)) {
          this.deallocateCountersForDevice(device);
          return false;
        }
      }
    }
    return true;
  }

  /** upstream: deviceInUse. */
  private deviceInUse(id: DeviceId): boolean {
    const k = deviceKey(id);
    return this.a.allocatedState.allocatedDevices.has(k) || (this.allocatingDevices.get(k)?.size ?? 0) > 0;
  }

  /** upstream: deviceCapacityInUse. */
  private deviceCapacityInUse(id: DeviceId): boolean {
    const k = deviceKey(id);
    return this.a.allocatedState.aggregatedCapacity.has(k) || this.allocatingCapacity.has(k);
  }

  /** upstream: allocatingDeviceForClaim. */
  private allocatingDeviceForClaim(id: DeviceId, claimIndex: number): boolean {
    return this.allocatingDevices.get(deviceKey(id))?.has(claimIndex) ?? false;
  }

  /** upstream: deallocateCountersForDevice. */
  private deallocateCountersForDevice(device: DeviceWithId): void {
    const consumedForPool = this.consumedCounters.get(device.pool.pool);
    for (const c of device.device.consumesCounters ?? []) {
      const set = consumedForPool?.get(c.counterSet);
      if (!set) continue;
      for (const [name, counter] of Object.entries<any>(c.counters ?? {})) set.set(name, (set.get(name) ?? 0) - qty(counter?.value));
    }
  }
}

/** The counters of a pool left after the devices already allocated (the cache fill of upstream checkAvailableCounters). */
export function initialAvailableCounters(pool: Pool, state: AllocatedState): Map<string, Map<string, number>> {
  const available = new Map<string, Map<string, number>>();
  for (const cs of pool.counterSets.values()) {
    available.set(cs.name, new Map(Object.entries<any>(cs.counters ?? {}).map(([n, c]) => [n, qty(c?.value)])));
  }
  for (const slices of [pool.deviceSlicesTargetingNode, pool.deviceSlicesNotTargetingNode]) {
    for (const slice of slices) {
      for (const device of devicesOf(slice)) {
        const id = deviceKey({ driver: specOf(slice).driver, pool: specOf(slice).pool?.name, device: device.name });
        if (!isDeviceAllocated(id, state)) continue;
        for (const c of device.consumesCounters ?? []) {
          const set = available.get(c.counterSet);
          if (!set) continue;
          for (const [name, counter] of Object.entries<any>(c.counters ?? {})) {
            if (!set.has(name)) continue;
            set.set(name, set.get(name)! - qty(counter?.value));
          }
        }
      }
    }
  }
  return available;
}

/** upstream: internal.IsDeviceAllocated. */
export function isDeviceAllocated(id: string, state: AllocatedState): boolean {
  return state.allocatedDevices.has(id) || state.allocatedShared.has(id) || state.aggregatedCapacity.has(id);
}

/**
 * upstream: selectorsMatch. Returns undefined when every selector is true, else the index of
 * the first false one; a compile or runtime error is fatal (thrown) as upstream returns it.
 */
export function selectorsMatch(cache: SelectorCache, claim: string, device: any, id: DeviceId, cls: any, selectors: any[]): number | undefined {
  for (let i = 0; i < selectors.length; i++) {
    const expression = String(selectors[i]?.cel?.expression ?? '');
    const program = cache.get(expression);
    if (typeof program === 'string') {
      throw new DraAllocationError(cls ? `class ${cls.metadata?.name}: selector #${i}: CEL compile error: ${program}` : `claim ${claim}: selector #${i}: CEL compile error: ${program}`);
    }
    let matches: boolean;
    try {
      matches = deviceMatches(program, id.driver, device);
    } catch (e) {
      const msg = e instanceof CelEvaluationError ? e.message : String((e as Error)?.message ?? e);
      throw new DraAllocationError(cls ? `class ${cls.metadata?.name}: selector #${i}: CEL runtime error: ${msg}` : `claim ${claim}: selector #${i}: CEL runtime error: ${msg}`);
    }
    if (!matches) return i;
  }
  return undefined;
}

/** upstream: createNodeSelector. */
function createNodeSelector(result: InternalDeviceResult[], targetNodeName: string): any {
  const term: { matchFields: any[]; matchExpressions: any[] } = { matchFields: [], matchExpressions: [] };
  for (const r of result) {
    const spec = specOf(r.slice);
    let nodeName: string | undefined;
    let nodeSelector: any;
    if (spec.perDeviceNodeSelection === true) {
      nodeName = r.device.nodeName;
      nodeSelector = r.device.nodeSelector;
    } else {
      nodeName = spec.nodeName;
      nodeSelector = spec.nodeSelector;
    }
    if ((nodeName !== undefined && nodeName !== null) || r.device.bindsToNode === true) {
      return { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [targetNodeName] }] }] };
    }
    if (nodeSelector) {
      const terms = Array.isArray(nodeSelector.nodeSelectorTerms) ? nodeSelector.nodeSelectorTerms : [];
      if (terms.length === 1) {
        addNewNodeSelectorRequirements(terms[0].matchFields ?? [], term.matchFields);
        addNewNodeSelectorRequirements(terms[0].matchExpressions ?? [], term.matchExpressions);
      } else if (terms.length > 1) {
        throw new DraAllocationError(`create NodeSelector: unsupported ResourceSlice.NodeSelector with ${terms.length} terms`);
      }
    }
  }
  if (term.matchFields.length > 0 || term.matchExpressions.length > 0) {
    const t: any = {};
    if (term.matchExpressions.length > 0) t.matchExpressions = term.matchExpressions;
    if (term.matchFields.length > 0) t.matchFields = term.matchFields;
    return { nodeSelectorTerms: [t] };
  }
  return undefined;
}

/** upstream: addNewNodeSelectorRequirements / containsNodeSelectorRequirement. */
function addNewNodeSelectorRequirements(from: any[], to: any[]): void {
  for (const req of from) {
    const values = new Set<string>(req.values ?? []);
    const exists = to.some((e) => e.key === req.key && e.operator === req.operator
      && new Set<string>(e.values ?? []).size === values.size && [...values].every((v) => (e.values ?? []).includes(v)));
    if (!exists) to.push(req);
  }
}

/** upstream: internalDeviceResult.lookupRequest. */
function lookupRequest(r: InternalDeviceResult, claim: any): RequestAccessor | undefined {
  const name = r.parentRequest === '' ? r.request : r.parentRequest;
  for (const request of claimRequests(claim)) {
    if (request.name !== name) continue;
    if (r.parentRequest === '') return exactAccessor(request);
    for (const sub of request.firstAvailable ?? []) if (sub.name === r.request) return subAccessor(sub);
  }
  return undefined;
}

function withoutRequests(c: any): any {
  const { requests: _r, ...rest } = c ?? {};
  return rest;
}

export function claimRequests(claim: any): any[] {
  const r = claim?.spec?.devices?.requests;
  return Array.isArray(r) ? r : [];
}

function claimConstraints(claim: any): any[] {
  const c = claim?.spec?.devices?.constraints;
  return Array.isArray(c) ? c : [];
}

export function claimName(claim: any): string {
  const ns = claim?.metadata?.namespace;
  const name = String(claim?.metadata?.name ?? '');
  return ns ? `${ns}/${name}` : name;
}

/** upstream: resourceapi.AllocationResultsMaxSize. */
export const ALLOCATION_RESULTS_MAX_SIZE = 32;

class MaxSizeExceeded extends Error {}

interface DeviceIndices {
  claimIndex: number;
  requestIndex: number;
  subRequestIndex: number;
  deviceIndex: number;
}

interface DeviceLocation {
  poolIndex: number;
  sliceIndex: number;
  deviceIndex: number;
}

const ZERO_LOCATION: DeviceLocation = { poolIndex: 0, sliceIndex: 0, deviceIndex: 0 };

function rkey(claimIndex: number, requestIndex: number, subRequestIndex: number): string {
  return `${claimIndex}/${requestIndex}/${subRequestIndex}`;
}

export { exactAccessor, subAccessor };
