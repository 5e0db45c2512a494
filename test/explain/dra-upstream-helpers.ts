/**
 * The object generators of k8s.io/dynamic-resource-allocation v0.36.2
 * structured/internal/allocatortesting/allocator_testing.go, with the same names, so that the
 * upstream test table can be translated case by case (test/explain/dra-upstream.test.ts).
 */
import { parseQuantity } from '../../lib/base/validators';
import { Allocator, AllocationResult, DraFeatures, DraNode, emptyAllocatedState } from '../../lib/explain/dra';

export const region1 = 'region-1';
export const region2 = 'region-2';
export const node1 = 'node-1';
export const node2 = 'node-2';
export const classA = 'class-a';
export const classB = 'class-b';
export const driverA = 'driver-a';
export const driverB = 'driver-b';
export const pool1 = 'pool-1';
export const pool2 = 'pool-2';
export const pool3 = 'pool-3';
export const pool4 = 'pool-4';
export const req0 = 'req-0';
export const req1 = 'req-1';
export const req2 = 'req-2';
export const subReq0 = 'subReq-0';
export const subReq1 = 'subReq-1';
export const req0SubReq0 = 'req-0/subReq-0';
export const req0SubReq1 = 'req-0/subReq-1';
export const req1SubReq0 = 'req-1/subReq-0';
export const req1SubReq1 = 'req-1/subReq-1';
export const claim0 = 'claim-0';
export const claim1 = 'claim-1';
export const slice1 = 'slice-1';
export const slice2 = 'slice-2';
export const slice3 = 'slice-3';
export const slice4 = 'slice-4';
export const device0 = 'device-0';
export const device1 = 'device-1';
export const device2 = 'device-2';
export const device3 = 'device-3';
export const capacity0 = 'capacity-0';
export const capacity1 = 'capacity-1';
export const device4 = 'device-4';
export const req3 = 'req-3';
export const req2SubReq0 = 'req-2/subReq-0';
export const counterSet1 = 'counter-set-1';
export const counterSet2 = 'counter-set-2';
export const fieldNameKey = 'metadata.name';
export const regionKey = 'region';
export const planetKey = 'planet';
export const planetValueEarth = 'earth';
export const nodeSelectionAll = 'nodeSelectionAll';
export const nodeSelectionPerDevice = 'nodeSelectionPerDevice';
export const fromCounters = 'fromCounters';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

export function node(name: string, region: string): DraNode {
  return { name, labels: { [regionKey]: region, [planetKey]: planetValueEarth } };
}

export function cls(name: string, driver: string): any {
  return { metadata: { name }, spec: { selectors: [{ cel: { expression: `device.driver == "${driver}"` } }] } };
}

export function deviceConfiguration(driver: string, attribute: string): any {
  return { opaque: { driver, parameters: { [attribute]: `${attribute}Value` } } };
}

export function classWithConfig(name: string, driver: string, attribute: string): any {
  const c = cls(name, driver);
  c.spec.config = [deviceConfiguration(driver, attribute)];
  return c;
}

export function selector(expression: string): any {
  return { cel: { expression } };
}

export function request(name: string, klass: string, count: number, ...selectors: any[]): any {
  return { name, exactly: { count, allocationMode: 'ExactCount', deviceClassName: klass, ...(selectors.length ? { selectors } : {}) } };
}

export function allDeviceRequest(name: string, klass: string): any {
  return { name, exactly: { allocationMode: 'All', deviceClassName: klass } };
}

export function subRequest(name: string, klass: string, count: number, ...fields: any[]): any {
  const s: any = { name, count, allocationMode: 'ExactCount', deviceClassName: klass };
  for (const f of fields) {
    if (f.cel) (s.selectors ??= []).push(f);
    else (s.tolerations ??= []).push(f);
  }
  return s;
}

export function requestWithPrioritizedList(name: string, ...subs: any[]): any {
  return { name, firstAvailable: subs };
}

export function claimWithRequests(name: string, constraints: any[] | undefined, ...requests: any[]): any {
  return { metadata: { name }, spec: { devices: { requests, ...(constraints ? { constraints } : {}) } } };
}

export function claimWithRequest(name: string, req: string, klass: string, ...constraints: any[]): any {
  return claimWithRequests(name, constraints.length ? constraints : undefined, request(req, klass, 1));
}

export function claim(name: string, ...requests: any[]): any {
  return { metadata: { name }, spec: { devices: { requests } } };
}

export function withTolerations(c: any, ...tolerations: any[]): any {
  const out = clone(c);
  for (const r of out.spec.devices.requests) r.exactly.tolerations = [...(r.exactly.tolerations ?? []), ...tolerations];
  return out;
}

export function claimWithDeviceConfig(name: string, req: string, klass: string, driver: string, attribute: string): any {
  const c = claimWithRequest(name, req, klass);
  c.spec.devices.config = [deviceConfiguration(driver, attribute)];
  return c;
}

export function deviceClaimConfig(requests: string[], config: any): any {
  return { requests, ...config };
}

export function device(name: string, capacity?: Record<string, string> | string, attributes?: Record<string, any>): any {
  const d: any = { name };
  if (attributes) d.attributes = attributes;
  if (capacity && typeof capacity === 'object') d.capacity = Object.fromEntries(Object.entries(capacity).map(([k, v]) => [k, { value: v }]));
  if (capacity === fromCounters) d.__fromCounters = true;
  return d;
}

export function withTaints(d: any, ...taints: any[]): any {
  return { ...clone(d), taints: [...(d.taints ?? []), ...taints] };
}

export function withDeviceCounterConsumption(d: any, ...consumption: any[]): any {
  const out = clone(d);
  out.consumesCounters = [...(out.consumesCounters ?? []), ...consumption];
  if (out.__fromCounters) {
    out.capacity = {};
    for (const c of out.consumesCounters) for (const [n, v] of Object.entries<any>(c.counters)) out.capacity[n] = { value: v.value };
  }
  delete out.__fromCounters;
  return out;
}

export function withNodeSelection(d: any, sel: any): any {
  const out = clone(d);
  if (typeof sel === 'string') {
    if (sel === nodeSelectionAll) out.allNodes = true;
    else out.nodeName = sel;
  } else {
    out.nodeSelector = sel;
  }
  return out;
}

export function withBindingConditions(d: any, bindingConditions: string[], bindingFailureConditions: string[]): any {
  return { ...clone(d), bindingConditions, bindingFailureConditions };
}

export function classWithAllowMultipleAllocations(name: string, driver: string, multialloc: boolean): any {
  return {
    metadata: { name },
    spec: { selectors: [{ cel: { expression: `device.driver == "${driver}" && device.allowMultipleAllocations == ${multialloc}` } }] },
  };
}

/** withCapacityRequest of a request (exactly) or a subrequest: requests capacity-0. */
export function withCapacityRequest(r: any, q?: string): any {
  const out = clone(r);
  const cap = { requests: q === undefined ? {} : { [capacity0]: q } };
  if (out.exactly) out.exactly.capacity = cap;
  else out.capacity = cap;
  return out;
}

export function withSelectors(r: any, ...selectors: any[]): any {
  const out = clone(r);
  out.exactly.selectors = selectors;
  return out;
}

export function withCapacityRequestPolicyRange(d: any, capacity: Record<string, string>): any {
  const out = clone(d);
  out.capacity ??= {};
  for (const [n, v] of Object.entries(capacity)) {
    out.capacity[n] = {
      value: v,
      requestPolicy: {
        default: '2',
        validRange: {
          min: '2',
          step: '2',
          max: '4',
        },
      },
    };
  }
  return out;
}

export function withCapacityRequestPolicyValidValues(d: any, defaultValue: string, capacity: Record<string, string>, additional: string[] = []): any {
  const out = clone(d);
  out.capacity ??= {};
  for (const [n, v] of Object.entries(capacity)) {
    out.capacity[n] = {
      value: v,
      requestPolicy: {
        default: defaultValue,
        validValues: [defaultValue,
          ...additional],
      },
    };
  }
  return out;
}

/** deviceRequestAllocationResult(...).withConsumedCapacity(&fixedShareID, consumed). */
export function withConsumedCapacity(req: string, driver: string, pool: string, dev: string, consumed: Record<string, string> | null): any {
  return { request: req, driver, pool, device: dev, shareID: 'fixed', ...(consumed ? { consumedCapacity: consumed } : {}) };
}

export function withBindsToNode(d: any, bindsToNode: boolean): any {
  return { ...clone(d), bindsToNode };
}

export function withAllowMultipleAllocations(d: any): any {
  return { ...clone(d), allowMultipleAllocations: true };
}

export function deviceCounterConsumption(set: string, counters: Record<string, string>): any {
  return { counterSet: set, counters: Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, { value: v }])) };
}

export function resourcePool(name: string, count: number): any {
  return { name, resourceSliceCount: count, generation: 1 };
}

export function slice(name: string, nodeSelection: any, pool: any, driver: string): any {
  const p = typeof pool === 'string' ? { name: pool, resourceSliceCount: 1, generation: 1 } : clone(pool);
  const s: any = { metadata: { name }, spec: { driver, pool: p } };
  if (typeof nodeSelection === 'string') {
    if (nodeSelection === nodeSelectionAll) s.spec.allNodes = true;
    else if (nodeSelection === nodeSelectionPerDevice) s.spec.perDeviceNodeSelection = true;
    else s.spec.nodeName = nodeSelection;
  } else {
    s.spec.nodeSelector = nodeSelection;
  }
  return s;
}

export function sliceWithDevices(name: string, nodeSelection: any, pool: any, driver: string, ...devices: any[]): any {
  const s = slice(name, nodeSelection, pool, driver);
  if (devices.length) s.spec.devices = devices.map((d) => { const c = clone(d); delete c.__fromCounters; return c; });
  return s;
}

export function sliceWithNoDevices(name: string, nodeSelection: any, pool: any, driver: string): any {
  return sliceWithDevices(name, nodeSelection, pool, driver);
}

export function sliceWithOneDevice(name: string, nodeSelection: any, pool: any, driver: string): any {
  return sliceWithDevices(name, nodeSelection, pool, driver, device(device1));
}

export function sliceWithMultipleDevices(name: string, nodeSelection: any, pool: any, driver: string, count: number): any {
  const devices = [];
  for (let i = 0; i < count; i++) devices.push(device(`device-${i}`));
  return sliceWithDevices(name, nodeSelection, pool, driver, ...devices);
}

export function sliceWithCounterSets(name: string, nodeSelection: any, pool: any, driver: string, ...counterSets: any[]): any {
  const s = slice(name, nodeSelection, pool, driver);
  s.spec.sharedCounters = counterSets;
  return s;
}

export function counterSet(name: string, counters: Record<string, string>): any {
  return { name, counters: Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, { value: v }])) };
}

export function deviceAllocationResult(req: string, driver: string, pool: string, dev: string, adminAccess: boolean, ...tolerations: any[]): any {
  const r: any = { request: req, driver, pool, device: dev };
  if (adminAccess) r.adminAccess = true;
  if (tolerations.length) r.tolerations = tolerations;
  return r;
}

export function deviceRequestAllocationResultWithBindingConditions(req: string, driver: string, pool: string, dev: string,
  bindingConditions: string[] | null, bindingFailureConditions: string[] | null, ...tolerations: any[]): any {
  const r: any = { request: req, driver, pool, device: dev };
  if (bindingConditions) r.bindingConditions = bindingConditions;
  if (bindingFailureConditions) r.bindingFailureConditions = bindingFailureConditions;
  if (tolerations.length) r.tolerations = tolerations;
  return r;
}

export function multipleDeviceAllocationResults(req: string, driver: string, pool: string, count: number, startIndex: number): any[] {
  const out = [];
  for (let i = startIndex; i < startIndex + count; i++) out.push(deviceAllocationResult(req, driver, pool, `device-${i}`, false));
  return out;
}

export function nodeLabelSelector(key: string, ...values: string[]): any {
  return { nodeSelectorTerms: [{ matchExpressions: [{ key, operator: 'In', values }] }] };
}

export function localNodeSelector(nodeName: string): any {
  return { nodeSelectorTerms: [{ matchFields: [{ key: fieldNameKey, operator: 'In', values: [nodeName] }] }] };
}

export function allocationResult(sel: any, ...results: any[]): AllocationResult {
  const out: AllocationResult = { devices: { results } };
  if (sel) out.nodeSelector = sel;
  return out;
}

export function allocationResultWithConfig(sel: any, driver: string, source: string, attribute: string, ...results: any[]): AllocationResult {
  return { devices: { results, config: [{ source, ...deviceConfiguration(driver, attribute) }] }, nodeSelector: sel };
}

export function allocationResultWithConfigs(sel: any, results: any[], config: any[]): AllocationResult {
  return { devices: { results, config }, nodeSelector: sel };
}

/** AllocatorTestCase. */
export interface Case {
  features?: Partial<DraFeatures>;
  claimsToAllocate?: any[];
  allocatedDevices?: string[];
  classes?: any[];
  slices?: any[];
  node?: DraNode;
  expectResults?: AllocationResult[];
  expectError?: string;
  expectNumAllocateOneInvocations?: number;
  allocatedCapacityDevices?: Record<string, Record<string, string>>;
  allocatedSharedDeviceIDs?: string[];
}

export function makeDeviceId(driver: string, pool: string, dev: string): string {
  return `${driver}/${pool}/${dev}`;
}

const NO_FEATURES: DraFeatures = {
  adminAccess: false,
  consumableCapacity: false,
  deviceBindingAndStatus: false,
  deviceTaints: false,
  listTypeAttributes: false,
  partitionableDevices: false,
  prioritizedList: false,
};

/** RunTestAllocator: the outcome of one case, normalised for comparison (results order-insensitive). */
export function run(tc: Case): { results?: AllocationResult[]; error?: string; invocations: number } {
  const features = { ...NO_FEATURES, ...(tc.features ?? {}) };
  const classes = tc.classes ?? [];
  const state = emptyAllocatedState();
  for (const d of tc.allocatedDevices ?? []) state.allocatedDevices.add(d);
  for (const d of tc.allocatedSharedDeviceIDs ?? []) state.allocatedShared.add(d);
  for (const [d, c] of Object.entries(tc.allocatedCapacityDevices ?? {})) {
    state.aggregatedCapacity.set(d, new Map(Object.entries(c).map(([k, v]) => [k, parseQuantity(v) ?? 0])));
  }
  const a = new Allocator(features, state, { get: (n) => classes.find((c) => c.metadata.name === n) }, tc.slices ?? []);
  try {
    const r = a.allocate(tc.node ?? node(node1, region1), tc.claimsToAllocate ?? []);
    return { results: r === undefined ? undefined : normalise(r), invocations: a.numAllocateOneInvocations };
  } catch (e) {
    return { error: (e as Error).message, invocations: a.numAllocateOneInvocations };
  }
}

/** Sorts results inside each allocation (gomega.ConsistOf) and drops empty config. */
export function normalise(rs: AllocationResult[]): AllocationResult[] {
  return rs.map((r) => {
    const results = [...r.devices.results].map((x) => ({ ...x, ...(x.shareID ? { shareID: 'fixed' } : {}) }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const out: AllocationResult = { devices: { results } };
    if (r.devices.config && r.devices.config.length) out.devices.config = r.devices.config;
    if (r.nodeSelector) out.nodeSelector = r.nodeSelector;
    return out;
  });
}
