/**
 * The upstream allocator test table, translated: k8s.io/dynamic-resource-allocation v0.36.2
 * structured/internal/allocatortesting/allocator_testing.go TestAllocator, run the way
 * structured/internal/incubating/allocator_test.go runs it (each case with its own
 * `features`, the zero value when the case sets none). Expected allocations and error
 * substrings are upstream's, and so are the allocateOne invocation counts where upstream
 * checks them. 194 of the 215 cases are translated: the other 21 need DRAListTypeAttributes,
 * which incubating does not support, so upstream skips them for it too.
 */
import { describe, expect, test } from 'vitest';
import * as h from './dra-upstream-helpers';
import {
  allDeviceRequest, allocationResult, allocationResultWithConfig, allocationResultWithConfigs, Case, claim, claim0, claim1, claimWithDeviceConfig,
  claimWithRequest, claimWithRequests, classA, classB, classWithConfig, cls, counterSet, counterSet1, counterSet2, device, fromCounters, device0,
  device1, device2, device3,
  deviceAllocationResult, deviceClaimConfig, deviceConfiguration, deviceCounterConsumption, driverA, driverB, localNodeSelector, makeDeviceId, node,
  node1, node2, nodeLabelSelector, nodeSelectionAll, planetKey, planetValueEarth, pool1, pool2, pool3, pool4, region1, region2, regionKey, req0,
  req0SubReq0,
  req0SubReq1, req1, req1SubReq1, req2, request, requestWithPrioritizedList, resourcePool, selector, slice1, slice2, sliceWithCounterSets,
  sliceWithDevices,
  sliceWithMultipleDevices, sliceWithNoDevices, sliceWithOneDevice, subReq0, subReq1, subRequest, withDeviceCounterConsumption,
} from './dra-upstream-helpers';

const intAttribute = `${driverA}/numa`;
const versionAttribute = `${driverA}/driverVersion`;
const stringAttribute = `${driverA}/stringAttribute`;
const boolAttribute = `${driverA}/boolAttribute`;
const nonExistentAttribute = `${driverA}/NonExistentAttribute`;
const memAtLeast = (q: string) => selector(`device.capacity["${driverA}"].memory.compareTo(quantity("${q}")) >= 0`);
const withAdmin = (c: any, i = 0, mode?: string, count?: number) => {
  c.spec.devices.requests[i].exactly.adminAccess = true;
  if (mode) c.spec.devices.requests[i].exactly.allocationMode = mode;
  if (count !== undefined) c.spec.devices.requests[i].exactly.count = count;
  return c;
};
const firstAll = (c: any) => {
  c.spec.devices.requests[0].firstAvailable[0].allocationMode = 'All';
  c.spec.devices.requests[0].firstAvailable[0].count = 0;
  return c;
};
const allMode = (c: any, i = 0) => {
  c.spec.devices.requests[i].exactly.allocationMode = 'All';
  return c;
};
const bumpCount = (s: any) => {
  s.spec.pool.resourceSliceCount++;
  return s;
};

export const CASES: Record<string, Case> = {
  'empty': {},
  'simple': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'other-node': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverB), sliceWithOneDevice(slice2, node2, pool2, driverA)],
    node: node(node2, region2),
    expectResults: [allocationResult(localNodeSelector(node2), deviceAllocationResult(req0, driverA, pool2, device1, false))],
  },
  'small-and-large': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1, memAtLeast('1Gi')), request(req1, classA, 1,
      memAtLeast('2Gi')))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { memory: '1Gi' }), device(device2, { memory: '2Gi' }))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1, driverA, pool1, device2, false))],
  },
  'small-and-large-backtrack-requests': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1, memAtLeast('1Gi')), request(req1, classA, 1,
      memAtLeast('2Gi')))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device2, { memory: '2Gi' }), device(device1, { memory: '1Gi' }))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1, driverA, pool1, device2, false))],
  },
  'small-and-large-backtrack-claims': {
    claimsToAllocate: [
      claimWithRequests(claim0, undefined, request(req0, classA, 1, memAtLeast('1Gi'))),
      claimWithRequests(claim1, undefined, request(req1, classA, 1, memAtLeast('2Gi'))),
    ],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device2, { memory: '2Gi' }), device(device1, { memory: '1Gi' }))],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req1, driverA, pool1, device2, false)),
    ],
  },
  'devices-split-across-different-slices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA), sliceWithOneDevice(slice2, node1, pool2, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req0, driverA, pool2, device1, false))],
  },
  'obsolete-slice': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices('slice-1-obsolete', node1, resourcePool(pool1, 2), driverA, device(device1)),
      (() => {
        const s = sliceWithDevices('slice-1-obsolete', node1, resourcePool(pool1, 2), driverA,
          device(device2)); s.spec.pool.generation++; return s;
      })(),
    ],
    node: node(node1, region1),
    expectResults: undefined, // upstream: []any{} — no allocation
  },
  'duplicate-slice': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: (() => {
      const a = sliceWithOneDevice(slice1, node1, pool1, driverA);
      a.spec.pool.resourceSliceCount = 2;
      const b = JSON.parse(JSON.stringify(a));
      b.metadata.name += '-2';
      return [a, b];
    })(),
    node: node(node1, region1),
    expectError: 'invalid resource pools were encountered',
  },
  'no-slices': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    node: node(node1, region1),
  },
  'not-enough-suitable-devices': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA), claimWithRequest(claim0, req1, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
  },
  'no-classes': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'could not retrieve device class class-a',
  },
  'unknown-class': {
    claimsToAllocate: [claimWithRequest(claim0, req0, 'unknown-class')],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'could not retrieve device class unknown-class',
  },
  'empty-class': {
    claimsToAllocate: [claimWithRequest(claim0, req0, '')],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'claim claim-0, request req-0: missing device class name (unsupported request type?)',
  },
  'no-claims-to-allocate': {
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [],
  },
  'all-devices-single': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'all-devices-with-consumed-counters': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, withDeviceCounterConsumption(device(device1),
        deviceCounterConsumption(counterSet1, { memory: '4Gi' }))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'all-devices-many': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA), sliceWithOneDevice(slice1, node1, pool2, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req0, driverA, pool2, device1, false))],
  },
  'all-devices-of-the-incomplete-pool': {
    claimsToAllocate: [(() => {
      const c = claimWithRequests(claim0, undefined, allDeviceRequest(req0,
        classA)); c.spec.devices.requests[0].exactly.count = 1; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [bumpCount(sliceWithOneDevice(slice1, node1, pool1, driverA))],
    node: node(node1, region1),
    expectError: 'claim claim-0, request req-0: asks for all devices, but resource pool driver-a/pool-1 is currently being updated',
  },
  'all-devices-plus-another': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA)), claimWithRequests(claim1, undefined, request(req0,
      classB, 1))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA), sliceWithOneDevice(slice1, node1, pool1, driverB)],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverB, pool1, device1, false)),
    ],
  },
  'all-devices-plus-another-reversed': {
    claimsToAllocate: [claimWithRequests(claim1, undefined, request(req0, classB, 1)), claimWithRequests(claim0, undefined, allDeviceRequest(req0,
      classA))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA), sliceWithOneDevice(slice1, node1, pool1, driverB)],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverB, pool1, device1, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false)),
    ],
  },
  'all-devices-many-plus-another': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA)), claimWithRequests(claim1, undefined, request(req0,
      classB, 1))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2)), sliceWithOneDevice(slice1, node1, pool1, driverB)],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false), deviceAllocationResult(req0, driverA,
        pool1, device2, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverB, pool1, device1, false)),
    ],
  },
  'all-devices-many-plus-another-reversed': {
    claimsToAllocate: [claimWithRequests(claim1, undefined, request(req0, classB, 1)), claimWithRequests(claim0, undefined, allDeviceRequest(req0,
      classA))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2)), sliceWithOneDevice(slice1, node1, pool1, driverB)],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverB, pool1, device1, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false), deviceAllocationResult(req0, driverA,
        pool1, device2, false)),
    ],
  },
  'all-devices-no-solution': {
    claimsToAllocate: [claimWithRequests(claim1, undefined, request(req0, classA, 1)), claimWithRequests(claim0, undefined, allDeviceRequest(req0,
      classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
  },
  'all-devices-no-solution-reversed': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA)), claimWithRequests(claim1, undefined, request(req0,
      classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
  },
  'all-devices-slice-without-devices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithNoDevices(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
  },
  'all-devices-no-slices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    node: node(node1, region1),
  },
  'all-devices-some-allocated': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
  },
  'all-devices-some-allocated-admin-access': {
    features: { adminAccess: true },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA), 0, 'All')],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true),
      deviceAllocationResult(req0, driverA, pool1, device2, true))],
  },
  'all-devices-some-allocating-admin-access': {
    features: { adminAccess: true },
    claimsToAllocate: [withAdmin(withAdmin(claimWithRequests(claim0, undefined, request(req0, classA, 1), request(req1, classA, 1))), 1, 'All')],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
  },
  'count-devices-some-allocated-admin-access': {
    features: { adminAccess: true },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA), 0, 'ExactCount', 2)],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true),
      deviceAllocationResult(req0, driverA, pool1, device2, true))],
  },
  'separate-claims-share-device-admin-access': {
    features: { adminAccess: true },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA)), withAdmin(claimWithRequest(claim1, req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true)),
    ],
  },
  'admin-access-claims-device-allocating-for-non-admin-access': {
    features: { adminAccess: true },
    claimsToAllocate: [claimWithRequest(claim0, req0, classA), withAdmin(claimWithRequest(claim1, req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true)),
    ],
  },
  'all-devices-slice-without-devices-prioritized-list': {
    features: { prioritizedList: true },
    claimsToAllocate: [firstAll(claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1), subRequest(subReq1, classB, 1))))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithNoDevices(slice1, node1, pool1, driverA), sliceWithOneDevice(slice2, node1, pool2, driverB)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverB, pool2, device1, false))],
  },
  'all-devices-no-slices-prioritized-list': {
    features: { prioritizedList: true },
    claimsToAllocate: [firstAll(claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1), subRequest(subReq1, classB, 1))))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithOneDevice(slice2, node1, pool2, driverB)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverB, pool2, device1, false))],
  },
  'all-devices-some-allocated-prioritized-list': {
    features: { prioritizedList: true },
    claimsToAllocate: [firstAll(claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1), subRequest(subReq1, classB, 1))))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1)],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2)), sliceWithOneDevice(slice2, node1, pool2, driverB)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverB, pool2, device1, false))],
  },
  'network-attached-device': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, nodeLabelSelector(regionKey, region1), pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(nodeLabelSelector(regionKey, region1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'unsuccessful-allocation-network-attached-device': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, nodeLabelSelector(regionKey, region1), pool1, driverA)],
    node: node(node2, region2),
  },
  'many-network-attached-devices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 4))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithOneDevice(slice1, nodeLabelSelector(regionKey, region1), pool1, driverA),
      sliceWithOneDevice(slice1, nodeSelectionAll, pool2, driverA),
      sliceWithOneDevice(slice1, nodeLabelSelector(planetKey, planetValueEarth), pool3, driverA),
      sliceWithOneDevice(slice1, localNodeSelector(node1), pool4, driverA),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(
      {
        nodeSelectorTerms: [{
          matchExpressions: [{ key: regionKey, operator: 'In', values: [region1] }, { key: planetKey, operator: 'In', values: [planetValueEarth] }],
          matchFields: [{ key: 'metadata.name', operator: 'In', values: [node1] }],
        }],
      },
      deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req0, driverA, pool2, device1, false),
      deviceAllocationResult(req0, driverA, pool3, device1, false),
      deviceAllocationResult(req0, driverA, pool4, device1, false),
    )],
  },
  'local-and-network-attached-devices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, nodeLabelSelector(regionKey, region1), pool1, driverA), sliceWithOneDevice(slice1, node1, pool2, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req0, driverA, pool2, device1, false))],
  },
  'several-different-drivers': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA), claimWithRequest(claim0, req0, classB)],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2)), sliceWithOneDevice(slice1, node1, pool1, driverB)],
    node: node(node1, region1),
    expectResults: [
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false)),
      allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverB, pool1, device1, false)),
    ],
  },
  'already-allocated-devices': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1), makeDeviceId(driverA, pool1, device2)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
  },
  'admin-access-disabled': {
    features: { adminAccess: false },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'claim claim-0, request req-0: admin access is requested, but the feature is disabled',
  },
  'admin-access-enabled': {
    features: { adminAccess: true },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1), makeDeviceId(driverA, pool1, device2)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true))],
  },
  'with-constraint': {
    claimsToAllocate: [claimWithRequests(claim0, [
      { matchAttribute: intAttribute }, { matchAttribute: versionAttribute }, { matchAttribute: stringAttribute }, { matchAttribute: boolAttribute },
    ], request(req0, classA, 1), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      device(device1, undefined, {
        driverVersion: { version: '1.0.0' },
        numa: { int: 1 },
        stringAttribute: { string: 'stringAttributeValue' },
        boolAttribute: { bool: true },
      }),
      device(device2, undefined, {
        driverVersion: { version: '1.0.0' },
        numa: { int: 1 },
        stringAttribute: { string: 'stringAttributeValue' },
        boolAttribute: { bool: true },
      }),
    )],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1, driverA, pool1, device2, false))],
  },
  'with-constraint-non-existent-attribute': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA, { matchAttribute: nonExistentAttribute })],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
  },
  'with-constraint-not-matching-int-attribute': {
    claimsToAllocate: [claimWithRequests(claim0, [{ matchAttribute: intAttribute }], request(req0, classA, 2))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { numa: { int: 1 } }), device(device2, undefined,
      { numa: { int: 2 } }))],
    node: node(node1, region1),
  },
  'with-constraint-not-matching-int-attribute-all-devices': {
    claimsToAllocate: [allMode(claimWithRequests(claim0, [{ matchAttribute: intAttribute }], request(req0, classA, 0)))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { numa: { int: 1 } }), device(device2, undefined,
      { numa: { int: 2 } }))],
    node: node(node1, region1),
    expectError: 'claim claim-0, request req-0: cannot add device driver-a/pool-1/device-2 because a claim constraint would not be satisfied',
  },
  'with-constraint-not-matching-string-attribute': {
    claimsToAllocate: [claimWithRequests(claim0, [{ matchAttribute: stringAttribute }], request(req0, classA, 2))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { stringAttribute: { string: 'stringAttributeValue' } }),
      device(device2, undefined, { stringAttribute: { string: 'stringAttributeValue2' } }))],
    node: node(node1, region1),
  },
  'with-constraint-not-matching-bool-attribute': {
    claimsToAllocate: [claimWithRequests(claim0, [{ matchAttribute: boolAttribute }], request(req0, classA, 2))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { boolAttribute: { bool: true } }), device(device2,
      undefined, { boolAttribute: { bool: false } }))],
    node: node(node1, region1),
  },
  'with-constraint-not-matching-version-attribute': {
    claimsToAllocate: [claimWithRequests(claim0, [{ matchAttribute: versionAttribute }], request(req0, classA, 2))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { driverVersion: { version: '1.0.0' } }), device(device2,
      undefined, { driverVersion: { version: '2.0.0' } }))],
    node: node(node1, region1),
  },
  'with-constraint-for-request': {
    claimsToAllocate: [claimWithRequests(claim0, [{ requests: [req0], matchAttribute: versionAttribute }], request(req0, classA, 1), request(req1,
      classA, 1))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { driverVersion: { version: '1.0.0' } }), device(device2,
      undefined, { driverVersion: { version: '2.0.0' } }))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1, driverA, pool1, device2, false))],
  },
  'with-constraint-for-request-retry': {
    claimsToAllocate: [claimWithRequests(claim0, [{ requests: [req0], matchAttribute: versionAttribute }, { matchAttribute: stringAttribute }],
      request(req0, classA, 1), request(req1, classA, 1))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      device(device1, undefined, { driverVersion: { version: '1.0.0' }, stringAttribute: { string: 'a' } }),
      device(device2, undefined, { driverVersion: { version: '2.0.0' }, stringAttribute: { string: 'b' } }),
      device(device3, undefined, { driverVersion: { version: '3.0.0' }, stringAttribute: { string: 'b' } }),
    )],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false),
      deviceAllocationResult(req1, driverA, pool1, device3, false))],
  },
  'with-class-device-config': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [classWithConfig(classA, driverA, 'classAttribute')],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResultWithConfigs(localNodeSelector(node1), [deviceAllocationResult(req0, driverA, pool1, device1, false)],
      [{ source: 'FromClass', requests: [req0], ...deviceConfiguration(driverA, 'classAttribute') }])],
  },
  'with-class-device-config-with-multiple-request-and-configs': {
    claimsToAllocate: [claimWithRequests(claim0, [], request(req0, classA, 1), request(req1, classA, 1), request(req2, classB, 1))],
    classes: [classWithConfig(classA, driverA, 'classAttribute-A'), classWithConfig(classB, driverB, 'classAttribute-B')],
    slices: [sliceWithMultipleDevices(slice1, node1, pool1, driverA, 2), sliceWithOneDevice(slice2, node1, pool1, driverB)],
    node: node(node1, region1),
    expectResults: [allocationResultWithConfigs(localNodeSelector(node1), [
      deviceAllocationResult(req0, driverA, pool1, device0, false),
      deviceAllocationResult(req1, driverA, pool1, device1, false),
      deviceAllocationResult(req2, driverB, pool1, device1, false),
    ], [
      { source: 'FromClass', requests: [req0, req1], ...deviceConfiguration(driverA, 'classAttribute-A') },
      { source: 'FromClass', requests: [req2], ...deviceConfiguration(driverB, 'classAttribute-B') },
    ])],
  },
  'claim-with-device-config': {
    claimsToAllocate: [claimWithDeviceConfig(claim0, req0, classA, driverA, 'deviceAttribute')],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResultWithConfig(localNodeSelector(node1), driverA, 'FromClaim', 'deviceAttribute', deviceAllocationResult(req0,
      driverA, pool1, device1, false))],
  },
  'unknown-selector': {
    claimsToAllocate: [(() => {
      const c = claimWithRequest(claim0, req0,
        classA); c.spec.devices.requests[0].exactly.selectors = [{}]; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'CEL expression empty (unsupported selector type?)',
  },
  'unknown-allocation-mode': {
    claimsToAllocate: [(() => {
      const c = claimWithRequest(claim0, req0,
        classA); c.spec.devices.requests[0].exactly.allocationMode = 'future-mode'; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'unsupported count mode future-mode',
  },
  'unknown-constraint': {
    claimsToAllocate: [(() => { const c = claimWithRequest(claim0, req0, classA); c.spec.devices.constraints = [{}]; return c; })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'empty constraint (unsupported constraint type?)',
  },
  'invalid-CEL-one-device': {
    claimsToAllocate: [(() => {
      const c = claimWithRequest(claim0, req0,
        classA); c.spec.devices.requests[0].exactly.selectors = [selector('noSuchVar')]; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'undeclared reference',
  },
  'invalid-CEL-one-device-class': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [(() => { const c = cls(classA, driverA); c.spec.selectors[0].cel.expression = 'noSuchVar'; return c; })()],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'undeclared reference',
  },
  'invalid-CEL-all-devices': {
    claimsToAllocate: [(() => {
      const c = claimWithRequest(claim0, req0,
        classA); c.spec.devices.requests[0].exactly.selectors = [selector('noSuchVar')]; c.spec.devices.requests[0].exactly.allocationMode = 'All'; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'undeclared reference',
  },
  'too-many-devices-single-request': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 500))],
    classes: [cls(classA, driverA)],
    expectError: 'exceeds the claim limit',
  },
  'many-devices-okay': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 32))],
    classes: [cls(classA, driverA)],
  },
  'too-many-devices-total': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 32), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithMultipleDevices(slice1, node1, pool1, driverA, 33)],
    node: node(node1, region1),
    expectError: 'exceeds the claim limit',
  },
  'all-devices-invalid-CEL': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 500))],
    classes: [cls(classA, driverA)],
    expectError: 'exceeds the claim limit',
  },
  'prioritized-list-first-unavailable': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classB, 1), subRequest(subReq1, classA, 1)))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'prioritized-list-non-available': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classB, 2), subRequest(subReq1, classA, 2)))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA), sliceWithOneDevice(slice2, node1, pool2, driverB)],
    node: node(node1, region1),
  },
  'prioritized-list-device-config': {
    features: { prioritizedList: true },
    claimsToAllocate: [(() => {
      const c = claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1), subRequest(subReq1, classB, 2)));
      c.spec.devices.config = [deviceClaimConfig([req0SubReq0], deviceConfiguration(driverA, 'foo')), deviceClaimConfig([req0SubReq1],
        deviceConfiguration(driverB, 'bar'))];
      return c;
    })()],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverB, device(device1, undefined, {}), device(device2, undefined, {}))],
    node: node(node1, region1),
    expectResults: [allocationResultWithConfigs(localNodeSelector(node1), [
      deviceAllocationResult(req0SubReq1, driverB, pool1, device1, false), deviceAllocationResult(req0SubReq1, driverB, pool1, device2, false),
    ], [{ source: 'FromClaim', requests: [req0SubReq1], ...deviceConfiguration(driverB, 'bar') }])],
  },
  'prioritized-list-class-config': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 2), subRequest(subReq1, classB, 2)))],
    classes: [classWithConfig(classA, driverA, 'foo'), classWithConfig(classB, driverB, 'bar')],
    slices: [sliceWithDevices(slice1, node1, pool1, driverB, device(device1), device(device2)), sliceWithDevices(slice2, node1, pool2, driverA,
      device(device3))],
    node: node(node1, region1),
    expectResults: [allocationResultWithConfigs(localNodeSelector(node1), [
      deviceAllocationResult(req0SubReq1, driverB, pool1, device1, false), deviceAllocationResult(req0SubReq1, driverB, pool1, device2, false),
    ], [{ source: 'FromClass', requests: [req0SubReq1], ...deviceConfiguration(driverB, 'bar') }])],
  },
  'prioritized-list-subrequests-with-expressions': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0,
      request(req0, classA, 1, memAtLeast('1Gi')),
      requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, memAtLeast('4Gi')), subRequest(subReq1, classA, 2, memAtLeast('2Gi'))),
    )],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { memory: '2Gi' }), device(device2, { memory: '2Gi' }), device(device3,
      { memory: '1Gi' }))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      deviceAllocationResult(req0, driverA, pool1, device3, false),
      deviceAllocationResult(req1SubReq1, driverA, pool1, device1, false),
      deviceAllocationResult(req1SubReq1, driverA, pool1, device2, false),
    )],
  },
  'prioritized-list-subrequests-with-constraints-ref-parent-request': {
    features: { prioritizedList: true },
    claimsToAllocate: [(() => {
      const c = claim(claim0,
        request(req0, classA, 1, memAtLeast('8Gi')),
        requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, memAtLeast('2Gi')), subRequest(subReq1, classA, 1, memAtLeast('1Gi'))));
      c.spec.devices.constraints = [{ requests: [req0, req1], matchAttribute: versionAttribute }];
      return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { memory: '8Gi' }, { driverVersion: { version: '1.0.0' } })),
      sliceWithDevices(slice2, node1, pool2, driverA,
        device(device2, { memory: '2Gi' }, { driverVersion: { version: '2.0.0' } }),
        device(device3, { memory: '1Gi' }, { driverVersion: { version: '1.0.0' } })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1SubReq1, driverA, pool2, device3, false))],
  },
  'prioritized-list-subrequests-with-constraints-ref-sub-request': {
    features: { prioritizedList: true },
    claimsToAllocate: [(() => {
      const c = claim(claim0,
        request(req0, classA, 1, memAtLeast('8Gi')),
        requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, memAtLeast('2Gi')), subRequest(subReq1, classA, 1, memAtLeast('1Gi'))));
      c.spec.devices.constraints = [{ requests: [req0, 'req-1/subReq-0'], matchAttribute: versionAttribute }];
      return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { memory: '8Gi' }, { driverVersion: { version: '1.0.0' } })),
      sliceWithDevices(slice2, node1, pool2, driverA, device(device2, { memory: '2Gi' }, { driverVersion: { version: '2.0.0' } })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1SubReq1, driverA, pool2, device2, false))],
  },
  'prioritized-list-subrequests-with-allocation-mode-all': {
    features: { prioritizedList: true },
    claimsToAllocate: [firstAll(claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1), subRequest(subReq1, classA, 1))))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device2, false))],
  },
  'prioritized-list-allocation-mode-all-multiple-requests': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1), requestWithPrioritizedList(req1, {
      ...subRequest(subReq0, classA, 0),
      allocationMode: 'All',
    }, subRequest(subReq1, classA, 1)))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1SubReq1, driverA, pool1, device2, false))],
  },
};

const taintKey = 'taint-key';
const taintNone = { key: taintKey, value: 'taint-value', effect: 'None' };
const taintNoSchedule = { key: taintKey, value: 'taint-value', effect: 'NoSchedule' };
const taintNoExecute = { key: taintKey, value: 'taint-value-2', effect: 'NoExecute' };
const tolerationNoSchedule = { operator: 'Exists', key: taintKey, effect: 'NoSchedule' };
const tolerationNoExecute = { operator: 'Equal', key: taintKey, value: 'taint-value-2', effect: 'NoExecute' };
const tolerationNoScheduleKey1 = { operator: 'Exists', key: 'key1', effect: 'NoSchedule' };
const dcc = withDeviceCounterConsumption;
const fc = (name: string, ...consumption: any[]) => dcc(device(name, fromCounters), ...consumption);
const mem = (set: string, q: string) => deviceCounterConsumption(set, { memory: q });
const genSel = (g: string) => selector(`device.attributes["${driverA}"].generation == "${g}"`);
const allSub = (name: string, klass: string, ...fields: any[]) => ({ ...subRequest(name, klass, 0, ...fields), allocationMode: 'All' });
const wb = h.deviceRequestAllocationResultWithBindingConditions;

Object.assign(CASES, {
  'prioritized-list-disabled': {
    features: { prioritizedList: false },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1)))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectError: 'claim claim-0, request req-0: has subrequests, but the DRAPrioritizedList feature is disabled',
  },
  'prioritized-list-multi-request': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, request(req1, classA, 1, memAtLeast('8Gi')),
      requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1, memAtLeast('8Gi')), subRequest(subReq1, classA, 1, memAtLeast('4Gi'))))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { memory: '8Gi' }, {})), sliceWithDevices(slice2, node1, pool2,
      driverA, device(device2, { memory: '4Gi' }, {}))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req1, driverA, pool1, device1, false),
      deviceAllocationResult(req0SubReq1, driverA, pool2, device2, false))],
  },
  'prioritized-list-with-backtracking': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0,
      requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1, memAtLeast('8Gi')), subRequest(subReq1, classA, 1, memAtLeast('4Gi'))),
      request(req1, classA, 1, memAtLeast('8Gi')))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { memory: '8Gi' }, {})), sliceWithDevices(slice2, node1, pool2,
      driverA, device(device2, { memory: '4Gi' }, {}))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool2, device2, false),
      deviceAllocationResult(req1, driverA, pool1, device1, false))],
  },
  'prioritized-list-too-many-in-first-subrequest': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classB, 500), subRequest(subReq1, classA, 1)))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'partitionable-devices-single-device': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, dcc(device(device1), mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'partitionable-devices-prioritized-list': {
    features: { prioritizedList: true, partitionableDevices: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1),
      requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, memAtLeast('6Gi')), subRequest(subReq1, classA, 1, memAtLeast('4Gi'))))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, fc(device1, mem(counterSet1, '4Gi')), fc(device2, mem(counterSet1, '6Gi')),
        fc(device3, mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1SubReq1, driverA, pool1, device3, false))],
  },
  'partitionable-devices-multiple-devices': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, fc(device1, mem(counterSet1, '4Gi')), fc(device2, mem(counterSet1, '6Gi')),
        fc(device3, mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1, driverA, pool1, device3, false))],
  },
  'partitionable-devices-multiple-capacity-pools': {
    features: { prioritizedList: true, partitionableDevices: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1),
      requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, memAtLeast('6Gi')), subRequest(subReq1, classA, 1, memAtLeast('4Gi'))))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        fc(device1, mem(counterSet1, '4Gi'), deviceCounterConsumption(counterSet2, { cpus: '4' })),
        fc(device2, mem(counterSet1, '6Gi'), deviceCounterConsumption(counterSet2, { cpus: '6' })),
        fc(device3, mem(counterSet1, '4Gi'), deviceCounterConsumption(counterSet2, { cpus: '4' }))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '18Gi' }), counterSet(counterSet2,
        { cpus: '8' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false),
      deviceAllocationResult(req1SubReq1, driverA, pool1, device3, false))],
  },
  'partitionable-devices-multiple-counters': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        fc(device1, deviceCounterConsumption(counterSet1, { memory: '4Gi', cpus: '6' }), deviceCounterConsumption(counterSet2, {
          cpus: '4',
          memory: '2Gi',
        })),
        fc(device2, deviceCounterConsumption(counterSet1, { memory: '6Gi', cpus: '4' }), deviceCounterConsumption(counterSet2, {
          cpus: '6',
          memory: '6Gi',
        })),
        fc(device3, deviceCounterConsumption(counterSet1, { memory: '4Gi', cpus: '4' }), deviceCounterConsumption(counterSet2, {
          cpus: '4',
          memory: '4Gi',
        }))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { cpus: '8', memory: '18Gi' }),
        counterSet(counterSet2, { cpus: '12', memory: '18Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false),
      deviceAllocationResult(req1, driverA, pool1, device3, false))],
  },
  'partitionable-devices-multiple-pools': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        fc(device1, deviceCounterConsumption(counterSet1, { cpus: '6', memory: '4Gi' })),
        fc(device2, deviceCounterConsumption(counterSet1, { cpus: '4', memory: '6Gi' })),
        fc(device3, deviceCounterConsumption(counterSet1, { cpus: '4', memory: '4Gi' }))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { cpus: '8', memory: '18Gi' })),
      sliceWithDevices(h.slice3, node1, resourcePool(pool2, 2), driverA,
        fc(device1, deviceCounterConsumption(counterSet1, { cpus: '6', memory: '4Gi' })),
        fc(device2, deviceCounterConsumption(counterSet1, { cpus: '1', memory: '7Gi' })),
        fc(device3, deviceCounterConsumption(counterSet1, { cpus: '1', memory: '7Gi' }))),
      sliceWithCounterSets(h.slice4, node1, resourcePool(pool2, 2), driverA, counterSet(counterSet1, { cpus: '8', memory: '18Gi' })),
    ],
    allocatedDevices: [makeDeviceId(driverA, pool1, device2), makeDeviceId(driverA, pool1, device3), makeDeviceId(driverA, pool2, device1)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool2, device2, false),
      deviceAllocationResult(req1, driverA, pool2, device3, false))],
  },
  'partitionable-devices-unused-counters-in-counter-set': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, dcc(device(device1), mem(counterSet1, '5Gi')), dcc(device(device2),
        mem(counterSet1, '4Gi')), dcc(device(device3), mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi', unused: '1Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false),
      deviceAllocationResult(req0, driverA, pool1, device3, false))],
  },
  'partitionable-devices-no-capacity-available': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, fc(device1, mem(counterSet1, '4Gi')), fc(device2, mem(counterSet1, '16Gi'))),
      sliceWithCounterSets(slice2, node1, pool1, driverA, counterSet(counterSet1, { memory: '18Gi' })),
    ],
    allocatedDevices: [makeDeviceId(driverA, pool1, device2)],
    node: node(node1, region1),
  },
  'partitionable-devices-overallocated-capacity-pool': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, fc(device1, mem(counterSet1, '4Gi')), fc(device2, mem(counterSet1, '20Gi'))),
      sliceWithCounterSets(slice2, node1, pool1, driverA, counterSet(counterSet1, { memory: '18Gi' })),
    ],
    allocatedDevices: [makeDeviceId(driverA, pool1, device2)],
    node: node(node1, region1),
  },
  'partitionable-devices-disabled-device-consumes-counters': {
    features: { partitionableDevices: false },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, dcc(device(device1), mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, pool1, driverA, counterSet(counterSet1, { memory: '18Gi' })),
    ],
    node: node(node1, region1),
  },
  'partitionable-devices-disabled-other-device-do-not-consume-counters': {
    features: { partitionableDevices: false },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, dcc(device(device1), mem(counterSet1, '4Gi')), device(device2)),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '18Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false))],
  },
  'partitionable-devices-disabled-per-device-node-selection': {
    features: { partitionableDevices: false },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, h.nodeSelectionPerDevice, pool1, driverA, h.withNodeSelection(device(device2), node1))],
    node: node(node1, region1),
  },
  'partitionable-devices-per-device-node-selection-nodename': {
    features: { partitionableDevices: true, prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1, memAtLeast('6Gi')), subRequest(subReq1, classA,
      1, memAtLeast('4Gi'))))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, h.nodeSelectionPerDevice, resourcePool(pool1, 2), driverA,
        h.withNodeSelection(fc(device1, mem(counterSet1, '4Gi')), node1), h.withNodeSelection(fc(device2, mem(counterSet1, '6Gi')), node2)),
      sliceWithCounterSets(slice2, h.nodeSelectionPerDevice, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '18Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'partitionable-devices-per-device-node-selection-node-selector': {
    features: { partitionableDevices: true, prioritizedList: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, h.nodeSelectionPerDevice, resourcePool(pool1, 2), driverA, h.withNodeSelection(fc(device1, mem(counterSet1, '4Gi')),
        nodeLabelSelector(regionKey, region1))),
      sliceWithCounterSets(slice2, h.nodeSelectionPerDevice, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '18Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(nodeLabelSelector(regionKey, region1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'partitionable-devices-per-device-node-selection-node-selector-multiple-devices': {
    features: { partitionableDevices: true, prioritizedList: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 3), request(req1, classB, 3))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [
      sliceWithDevices(slice1, h.nodeSelectionPerDevice, resourcePool(pool1, 2), driverA,
        h.withNodeSelection(fc(device1, mem(counterSet1, '4Gi')), nodeLabelSelector(regionKey, region1)),
        h.withNodeSelection(fc(device2, mem(counterSet1, '4Gi')), node1),
        h.withNodeSelection(fc(device3, mem(counterSet1, '4Gi')), nodeSelectionAll)),
      sliceWithCounterSets(slice2, h.nodeSelectionPerDevice, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '18Gi' })),
      sliceWithDevices(h.slice3, node1, resourcePool(pool2, 2), driverB, fc(device1, mem(counterSet2, '4Gi')), fc(device2, mem(counterSet2, '4Gi')),
        fc(device3, mem(counterSet2, '4Gi'))),
      sliceWithCounterSets(h.slice4, node1, resourcePool(pool2, 2), driverB, counterSet(counterSet2, { memory: '12Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      deviceAllocationResult(req0, driverA, pool1, device1, false), deviceAllocationResult(req0, driverA, pool1, device2, false),
      deviceAllocationResult(req0, driverA, pool1, device3, false),
      deviceAllocationResult(req1, driverB, pool2, device1, false), deviceAllocationResult(req1, driverB, pool2, device2, false),
      deviceAllocationResult(req1, driverB, pool2, device3, false))],
  },
  'tainted-two-devices': {
    features: { deviceTaints: true },
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule), h.withTaints(device(device2),
      taintNoExecute))],
    node: node(node1, region1),
  },
  'tainted-one-device-two-taints': {
    features: { deviceTaints: true },
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule, taintNoExecute))],
    node: node(node1, region1),
  },
  'tainted-two-devices-tolerated': {
    features: { deviceTaints: true },
    claimsToAllocate: [h.withTolerations(claimWithRequest(claim0, req0, classA), tolerationNoExecute)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule), h.withTaints(device(device2),
      taintNoExecute))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false, tolerationNoExecute))],
  },
  'tainted-two-devices-prioritized-list-tolerated': {
    features: { deviceTaints: true, prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1), subRequest(subReq1, classA, 1,
      tolerationNoExecute)))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule), h.withTaints(device(device2),
      taintNoExecute))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device2, false,
      tolerationNoExecute))],
  },
  'tainted-no-effect': {
    features: { deviceTaints: true },
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNone))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'tainted-one-device-two-taints-both-tolerated': {
    features: { deviceTaints: true },
    claimsToAllocate: [h.withTolerations(claimWithRequest(claim0, req0, classA), tolerationNoSchedule, tolerationNoExecute)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule, taintNoExecute))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false, tolerationNoSchedule,
      tolerationNoExecute))],
  },
  'tainted-disabled': {
    features: { deviceTaints: false },
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule, taintNoExecute))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'tainted-prioritized-list': {
    features: { deviceTaints: true, prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classB, 1), subRequest(subReq1, classA, 1)))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule))],
    node: node(node1, region1),
  },
  'tainted-prioritized-list-disabled': {
    features: { deviceTaints: false, prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classB, 1), subRequest(subReq1, classA, 1)))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'tainted-admin-access': {
    features: { deviceTaints: true, adminAccess: true },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1), makeDeviceId(driverA, pool1, device2)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule))],
    node: node(node1, region1),
  },
  'tainted-admin-access-disabled': {
    features: { deviceTaints: false, adminAccess: true },
    claimsToAllocate: [withAdmin(claimWithRequest(claim0, req0, classA))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device1), makeDeviceId(driverA, pool1, device2)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, true))],
  },
  'tainted-all-devices-single': {
    features: { deviceTaints: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule))],
    node: node(node1, region1),
  },
  'tainted-all-devices-single-disabled': {
    features: { deviceTaints: false },
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withTaints(device(device1), taintNoSchedule))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'prioritized-list-allocation-mode-all': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, allSub(subReq0, classA), subRequest(subReq1, classA, 1)))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2))],
    allocatedDevices: [makeDeviceId(driverA, pool1, device2)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'prioritized-list-allocation-mode-all-with-selectors': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, allSub(subReq0, classA, genSel('v6')), allSub(subReq1, classA, genSel('v5'))))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { generation: { string: 'v5' } }))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'prioritized-list-allocation-mode-all-with-selectors-multiple-pools': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, allSub(subReq0, classA, genSel('v6')), allSub(subReq1, classA, genSel('v5'))))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { generation: { string: 'v5' } })),
      sliceWithDevices(slice2, node1, pool2, driverA, device(device1, undefined, { generation: { string: 'v5' } })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false),
      deviceAllocationResult(req0SubReq1, driverA, pool2, device1, false))],
  },
  'prioritized-list-allocation-mode-all-with-selectors-multiple-pools-across-nodes': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, allSub(subReq0, classA, genSel('v6')), allSub(subReq1, classA, genSel('v5'))))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, device(device1, undefined, { generation: { string: 'v5' } })),
      sliceWithDevices(slice2, node2, pool2, driverA, device(device1, undefined, { generation: { string: 'v5' } }), device(device2, undefined,
        { generation: { string: 'v6' } })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device1, false))],
  },
  'prioritized-list-allocation-mode-all-with-selectors-deviceclass-subset': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, allSub(subReq0, classA, genSel('v6')), allSub(subReq1, classA, genSel('v5'))))],
    classes: [{
      metadata: { name: classA },
      spec: { selectors: [selector(`device.driver == "${driverA}" && device.attributes["${driverA}"].selected`)] },
    }],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      device(device1, undefined, { generation: { string: 'v6' }, selected: { bool: false } }),
      device(device2, undefined, { generation: { string: 'v5' }, selected: { bool: false } }),
      device(device3, undefined, { generation: { string: 'v5' }, selected: { bool: true } }))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device3, false))],
  },
  'max-number-devices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 32))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithMultipleDevices(slice1, node1, pool1, driverA, 32)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), ...h.multipleDeviceAllocationResults(req0, driverA, pool1, 32, 0))],
  },
  'partitionable-devices-with-attribute-selector': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2), request(req1, classA, 1,
      selector(`device.attributes["${driverA}"].special`)))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        dcc(device(device1, undefined, { special: { bool: true } }), deviceCounterConsumption(counterSet1, { cpu1: '1' }),
          deviceCounterConsumption(counterSet2, { mem: '10Gi' })),
        dcc(device(device2, undefined, { special: { bool: false } }), deviceCounterConsumption(counterSet1, { cpu2: '1' }),
          deviceCounterConsumption(counterSet2, { mem: '10Gi' })),
        dcc(device(device3, undefined, { special: { bool: false } }), deviceCounterConsumption(counterSet1, { cpu3: '1' }),
          deviceCounterConsumption(counterSet2, { mem: '10Gi' }))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { cpu1: '1', cpu2: '1', cpu3: '1' }),
        counterSet(counterSet2, { mem: '30Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false),
      deviceAllocationResult(req0, driverA, pool1, device3, false), deviceAllocationResult(req1, driverA, pool1, device1, false))],
  },
  'prioritized-list-max-allocation-limit-request': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0,
      requestWithPrioritizedList(req0, subRequest(subReq0, classA, 32), subRequest(subReq1, classA, 16)),
      requestWithPrioritizedList(req1, subRequest(subReq0, classA, 32), subRequest(subReq1, classA, 16)))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithMultipleDevices(slice1, node1, pool1, driverA, 64)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      ...h.multipleDeviceAllocationResults(req0SubReq1, driverA, pool1, 16, 0), ...h.multipleDeviceAllocationResults(req1SubReq1, driverA, pool1,
        16, 16))],
    expectNumAllocateOneInvocations: 75,
  },
  'prioritized-list-max-allocation-allocation-mode-all': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, allSub(subReq0, classA), subRequest(subReq1, classA, 2)), request(req1,
      classB, 2))],
    classes: [cls(classA, driverA), cls(classB, driverB)],
    slices: [sliceWithMultipleDevices(slice1, node1, pool1, driverA, 31), sliceWithMultipleDevices(slice2, node1, pool2, driverB, 2)],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      deviceAllocationResult(req0SubReq1, driverA, pool1, 'device-0', false), deviceAllocationResult(req0SubReq1, driverA, pool1, 'device-1', false),
      deviceAllocationResult(req1, driverB, pool2, 'device-0', false), deviceAllocationResult(req1, driverB, pool2, 'device-1', false))],
    expectNumAllocateOneInvocations: 42,
  },
  'device-binding-conditions': {
    features: { deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withBindingConditions(device(device1), ['IsPrepare'], ['BindingFailed']))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), wb(req0, driverA, pool1, device1, ['IsPrepare'], ['BindingFailed']))],
  },
  'binding-conditions-multiple-devices': {
    features: { deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      h.withBindingConditions(device(device1), ['IsPrepare'], ['BindingFailed']),
      h.withBindingConditions(device(device2), ['IsPrepare2'], ['BindingFailed2']),
      h.withBindingConditions(device(device3), ['IsPrepare3'], ['BindingFailed3']))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      wb(req0, driverA, pool1, device1, ['IsPrepare'], ['BindingFailed']), wb(req0, driverA, pool1, device2, ['IsPrepare2'], ['BindingFailed2']),
      wb(req1, driverA, pool1, device3, ['IsPrepare3'], ['BindingFailed3']))],
  },
  'binding-conditions-with-and-without': {
    features: { deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1), request(req1, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), h.withBindingConditions(device(device2), ['IsPrepare'],
      ['BindingFailed']))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false), wb(req1, driverA,
      pool1, device2, ['IsPrepare'], ['BindingFailed']))],
  },
  'binding-conditions-without-feature-gate': {
    features: { deviceBindingAndStatus: false },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, h.withBindingConditions(device(device1), ['IsPrepare'], ['BindingFailed']))],
    node: node(node1, region1),
  },
  'node-restriction': {
    features: { deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, nodeLabelSelector(planetKey, planetValueEarth), pool1, driverA, h.withBindsToNode(device(device1), true))],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'partitionable-devices-with-binding-conditions': {
    features: { partitionableDevices: true, deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, h.withBindingConditions(fc(device1, mem(counterSet1, '4Gi')), ['IsPrepare'],
        ['BindingFailed'])),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), wb(req0, driverA, pool1, device1, ['IsPrepare'], ['BindingFailed']))],
  },
  'partitionable-devices-with-binding-conditions-multiple': {
    features: { partitionableDevices: true, deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        h.withBindingConditions(fc(device1, mem(counterSet1, '4Gi')), ['IsPrepare'], ['BindingFailed']),
        h.withBindingConditions(fc(device2, mem(counterSet1, '4Gi')), ['IsPrepare2'], ['BindingFailed2'])),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), wb(req0, driverA, pool1, device1, ['IsPrepare'], ['BindingFailed']), wb(req0,
      driverA, pool1, device2, ['IsPrepare2'], ['BindingFailed2']))],
  },
  'partitionable-devices-with-binding-conditions-some-devices-no-conditions': {
    features: { partitionableDevices: true, deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 3))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        h.withBindingConditions(fc(device1, mem(counterSet1, '2Gi')), ['IsPrepare'], ['BindingFailed']),
        fc(device2, mem(counterSet1, '2Gi')),
        h.withBindingConditions(fc(device3, mem(counterSet1, '4Gi')), ['IsReady'], ['BindingTimeout'])),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      wb(req0, driverA, pool1, device1, ['IsPrepare'], ['BindingFailed']), wb(req0, driverA, pool1, device2, null, null), wb(req0, driverA, pool1,
        device3, ['IsReady'], ['BindingTimeout']))],
  },
  'partitionable-devices-with-binding-conditions-multi-slices': {
    features: { partitionableDevices: true, deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(h.slice4, node1, resourcePool(pool1, 4), driverA, h.withBindingConditions(fc(device1, mem(counterSet1, '4Gi')),
        ['IsPrepare'], ['BindingFailed'])),
      sliceWithCounterSets(h.slice3, node1, resourcePool(pool1, 4), driverA, counterSet(counterSet1, { memory: '8Gi' })),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 4), driverA, fc(device2, mem(counterSet2, '4Gi'))),
      sliceWithCounterSets(slice1, node1, resourcePool(pool1, 4), driverA, counterSet(counterSet2, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1), wb(req0, driverA, pool1, device2, null, null), wb(req0, driverA, pool1, device1,
      ['IsPrepare'], ['BindingFailed']))],
  },
  'partitionable-devices-with-binding-conditions-and-taints': {
    features: { partitionableDevices: true, deviceBindingAndStatus: true, deviceTaints: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA,
        h.withTaints(h.withBindingConditions(fc(device1, mem(counterSet1, '4Gi')), ['IsPrepare'], ['BindingFailed']), {
          key: 'key1',
          value: 'value1',
          effect: 'NoSchedule',
        }),
        fc(device2, mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, pool1, driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
  },
  'partitionable-devices-with-binding-conditions-and-taints-tolerated': {
    features: { partitionableDevices: true, deviceBindingAndStatus: true, deviceTaints: true },
    claimsToAllocate: [h.withTolerations(claimWithRequests(claim0, undefined, request(req0, classA, 2)), tolerationNoScheduleKey1)],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        h.withTaints(h.withBindingConditions(fc(device1, mem(counterSet1, '4Gi')), ['IsPrepare'], ['BindingFailed']), {
          key: 'key1',
          value: 'value1',
          effect: 'NoSchedule',
        }),
        fc(device2, mem(counterSet1, '4Gi'))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    node: node(node1, region1),
    expectResults: [allocationResult(localNodeSelector(node1),
      wb(req0, driverA, pool1, device1, ['IsPrepare'], ['BindingFailed'], tolerationNoScheduleKey1), wb(req0, driverA, pool1, device2, null, null,
        tolerationNoScheduleKey1))],
  },
});

const { capacity0, capacity1, withCapacityRequest: wcr, classWithAllowMultipleAllocations: cwama, withConsumedCapacity: wcc } = h;
const multi = h.withAllowMultipleAllocations;
const range = h.withCapacityRequestPolicyRange;
const validValues = h.withCapacityRequestPolicyValidValues;
const cc = { consumableCapacity: true };
const attrs = (a: Record<string, any>) => a;

Object.assign(CASES, {
  'consumable-capacity-disabled-feature': {
    features: { deviceBindingAndStatus: true },
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    expectError: 'claim claim-0, request req-0: has capacity requests, but the DRAConsumableCapacity feature is disabled',
  },
  'consumable-capacity-disabled-feature-with-prioritized-list': {
    features: { prioritizedList: true, deviceBindingAndStatus: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, wcr(subRequest(subReq0, classA, 1), '1'), wcr(subRequest(subReq1, classA, 1),
      '1')))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithOneDevice(slice1, node1, pool1, driverA)],
    expectError: 'claim claim-0, subrequest subReq-0: has capacity requests, but the DRAConsumableCapacity feature is disabled',
  },
  'consumable-capacity-multi-allocatable-device-with-missing-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity1]: '1' })))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-with-missing-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(allDeviceRequest(req0, classA), '1'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity1]: '1' })))],
  },
  'consumable-capacity-multi-allocatable-device-without-capacity-without-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, request(req0, classA, 1)), claim(claim1, request(req0, classA, 1))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1)))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, null)),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, null)),
    ],
  },
  'consumable-capacity-multi-allocatable-device-without-policy-without-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, request(req0, classA, 1)), claim(claim1, request(req0, classA, 1))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '1' })), multi(device(device2,
      { [capacity0]: '1' })))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '1' })),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device2, { [capacity0]: '1' })),
    ],
  },
  'consumable-capacity-multi-allocatable-device-without-policy-without-capacity-request-block': {
    features: cc,
    claimsToAllocate: [claim(claim0, request(req0, classA, 1)), claim(claim1, request(req0, classA, 1))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '2' })))],
  },
  'consumable-capacity-multi-allocatable-device-without-policy-with-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1')), claim(claim1, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '2' })))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '1' })),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '1' })),
    ],
  },
  'consumable-capacity-multi-allocatable-device-with-policy-without-capacity-request': {
    features: cc,
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1)), claimWithRequests(claim1, undefined, request(req0, classA,
      1))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '4' }))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' })),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' })),
    ],
  },
  'consumable-capacity-multi-allocatable-device-with-zero-request-policy': {
    features: cc,
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1)), claimWithRequests(claim1, undefined, request(req0, classA,
      1))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, validValues(multi(device(device1)), '0', { [capacity0]: '1' }))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '0' })),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '0' })),
    ],
  },
  'consumable-capacity-multi-allocatable-device-violates-zero-request-policy': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, validValues(multi(device(device1)), '0', { [capacity0]: '1' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-range-policy-with-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1')), claim(claim1, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '4' }))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' })),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' })),
    ],
  },
  'consumable-capacity-multi-allocatable-device-with-range-policy-step': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '3'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '4' }))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '4' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-valid-values-policy': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '2'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, validValues(multi(device(device1)), '1', { [capacity0]: '4' }, ['2']))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-valid-values-policy-round-up': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '2'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, validValues(multi(device(device1)), '1', { [capacity0]: '3' }, ['3']))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '3' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-exceeded-consumable-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1')), claim(claim1, wcr(request(req0, classA, 1), '2'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-request-over-max-sharing-policy': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '6'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '10' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-allocated-capacity-use-remaining': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '2'))],
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '2' } },
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '4' }))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-allocated-capacity-next-device': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '2'))],
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '2' } },
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '2' }), range(multi(device(device2)),
      { [capacity0]: '2' }))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device2, { [capacity0]: '2' }))],
  },
  'consumable-capacity-with-multi-allocatable-device-backtrack': {
    features: cc,
    claimsToAllocate: [
      (() => {
        const c = claim(claim0, wcr(request(req0, classA, 1), '2'), wcr(request(req1, classA, 1),
          '2')); c.spec.devices.constraints = [{ matchAttribute: stringAttribute }]; return c;
      })(),
      claim(claim1, wcr(request(req0, classA, 1), '2')),
    ],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      range(multi(device(device2, undefined, { stringAttribute: { string: 'stringAttributeValue1' } })), { [capacity0]: '2' }),
      range(multi(device(device1, undefined, { stringAttribute: { string: 'stringAttributeValue2' } })), { [capacity0]: '4' }))],
    expectResults: [
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' }), wcc(req1, driverA, pool1, device1,
        { [capacity0]: '2' })),
      allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device2, { [capacity0]: '2' })),
    ],
  },
  'consumable-capacity-multi-allocatable-device-with-subrequest': {
    features: { consumableCapacity: true, prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, wcr(subRequest(subReq0, classA, 1), '4'), wcr(subRequest(subReq1, classA, 1),
      '2'), subRequest(subReq1, classA, 1)))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '2' }))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0SubReq1, driverA, pool1, device1, { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-with-no-available-consumable-capacity': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '2'))],
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '2' } },
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-filter-out-no-capacity': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(allDeviceRequest(req0, classA), '2'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '2' })), multi(device(device2)))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-filter-out-insufficient-capacity': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(allDeviceRequest(req0, classA), '2'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '2' })), multi(device(device2,
      { [capacity0]: '1' })))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' }))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-allocating-sufficient': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'), wcr(allDeviceRequest(req1, classA), '1'))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '2' })), multi(device(device2,
      { [capacity0]: '1' })))],
    expectResults: [allocationResult(localNodeSelector(node1),
      wcc(req0, driverA, pool1, device1, { [capacity0]: '1' }), wcc(req1, driverA, pool1, device1, { [capacity0]: '1' }), wcc(req1, driverA, pool1,
        device2, { [capacity0]: '1' }))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-in-use-sufficient': {
    features: cc,
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '1' } },
    claimsToAllocate: [claim(claim0, wcr(allDeviceRequest(req0, classA), '1'))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '2' })), multi(device(device2,
      { [capacity0]: '1' })))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '1' }), wcc(req0, driverA, pool1,
      device2, { [capacity0]: '1' }))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-allocating-insufficient': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'), wcr(allDeviceRequest(req1, classA), '1'))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '1' })), multi(device(device2,
      { [capacity0]: '1' })))],
  },
  'consumable-capacity-multi-allocatable-device-allocation-mode-all-in-use-insufficient': {
    features: cc,
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '1' } },
    claimsToAllocate: [claim(claim0, wcr(allDeviceRequest(req0, classA), '1'))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '1' })), multi(device(device2,
      { [capacity0]: '1' })))],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device2, { [capacity0]: '1' }))],
  },
  'consumable-capacity-dedicated-device-with-consumable-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, false)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1, { [capacity0]: '1' }))],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'consumable-capacity-dedicated-device-with-multiple-consumable-capacity-request': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1')), claim(claim1, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, false)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(device(device1), { [capacity0]: '2' }))],
  },
  'allow-multiple-allocations-exclude-multi-allocatable-device-by-class-selector': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, false)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, { [capacity0]: '1' })))],
  },
  'allow-multiple-allocations-not-allocate-multi-allocatable-device-which-already-dedicated': {
    features: cc,
    allocatedDevices: [makeDeviceId(driverA, pool1, device1)],
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1)), { [capacity0]: '2' }))],
  },
  'allow-multiple-allocations-not-allocate-dedicated-device-which-change-from-multi-allocatable': {
    features: cc,
    claimsToAllocate: [claim(claim0, wcr(request(req0, classA, 1), '1'))],
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '1' } },
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(device(device1), { [capacity0]: '2' }))],
  },
  'allow-multiple-allocations-with-partitionable-device': {
    features: { prioritizedList: true, partitionableDevices: true, consumableCapacity: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1),
      requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, memAtLeast('6Gi')), subRequest(subReq1, classA, 1, memAtLeast('4Gi'))))],
    classes: [cwama(classA, driverA, true)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, multi(fc(device1, mem(counterSet1, '4Gi'))), multi(fc(device2,
        mem(counterSet1, '6Gi'))), multi(fc(device3, mem(counterSet1, '4Gi')))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { memory: '4Gi' }), wcc(req1SubReq1, driverA,
      pool1, device3, { memory: '4Gi' }))],
  },
  'allow-multiple-allocations-with-shared-device-counter-cross-cycle': {
    features: { partitionableDevices: true, consumableCapacity: true },
    claimsToAllocate: [claim(claim0, h.withSelectors(wcr(request(req0, classA, 1), '1'), selector(`device.attributes["${driverA}"].mode == "b"`)))],
    allocatedSharedDeviceIDs: [makeDeviceId(driverA, pool1, device1)],
    allocatedCapacityDevices: { [makeDeviceId(driverA, pool1, device1)]: { [capacity0]: '1' } },
    classes: [cwama(classA, driverA, true)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        multi(dcc(device(device1, fromCounters, { mode: { string: 'a' } }), deviceCounterConsumption(counterSet1, { [capacity0]: '1' }))),
        multi(dcc(device(device2, fromCounters, { mode: { string: 'b' } }), deviceCounterConsumption(counterSet1, { [capacity0]: '1' })))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { [capacity0]: '1' })),
    ],
  },
  'consumable-capacity-with-partitionable-device-multiple-capacity-pools': {
    features: { prioritizedList: true, partitionableDevices: true, consumableCapacity: true },
    claimsToAllocate: [claim(claim0,
      wcr(request(req0, classA, 1), '1'),
      wcr(request(req2, classA, 1), '2'),
      requestWithPrioritizedList(req1,
        wcr(subRequest(subReq0, classA, 1, selector(`device.capacity["${driverA}"]["${capacity0}"].compareTo(quantity("4")) >= 0`)), '1'),
        wcr(subRequest(subReq1, classA, 1, selector(`device.capacity["${driverA}"]["${capacity0}"].compareTo(quantity("2")) >= 0`)), '1')))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA,
        range(multi(fc(device1, deviceCounterConsumption(counterSet1, { [capacity0]: '2' }), deviceCounterConsumption(counterSet2,
          { [capacity1]: '4' }))), { [capacity1]: '4' }),
        range(multi(fc(device2, deviceCounterConsumption(counterSet1, { [capacity0]: '4' }), deviceCounterConsumption(counterSet2,
          { [capacity1]: '4' }))), { [capacity1]: '4' }),
        range(multi(fc(device3, deviceCounterConsumption(counterSet1, { [capacity0]: '2' }), deviceCounterConsumption(counterSet2,
          { [capacity1]: '4' }))), { [capacity1]: '4' })),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { [capacity0]: '4' }), counterSet(counterSet2,
        { [capacity1]: '8' })),
    ],
    expectResults: [allocationResult(localNodeSelector(node1),
      wcc(req0, driverA, pool1, device1, { [capacity0]: '1', [capacity1]: '2' }),
      wcc(req2, driverA, pool1, device3, { [capacity0]: '2', [capacity1]: '2' }),
      wcc(req1SubReq1, driverA, pool1, device1, { [capacity0]: '1', [capacity1]: '2' }))],
  },
  'with-distinct-constraints': {
    features: cc,
    claimsToAllocate: [(() => {
      const c = claim(claim0, request(req0, classA, 1), request(req1, classA, 1), request(req2, classA, 1), request(h.req3, classA, 1));
      c.spec.devices.constraints = [
        { distinctAttribute: boolAttribute, requests: [req0, req1] },
        { distinctAttribute: versionAttribute, requests: [req0, req1, req2] },
        { distinctAttribute: intAttribute, requests: [req0, req1, req2, h.req3] },
      ];
      return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      multi(device(device1, undefined, attrs({ driverVersion: { version: '1.0.0' }, numa: { int: 0 }, boolAttribute: { bool: true } }))),
      multi(device(device2, undefined, attrs({ driverVersion: { version: '1.0.1' }, numa: { int: 1 }, boolAttribute: { bool: false } }))),
      multi(device(device3, undefined, attrs({ driverVersion: { version: '1.0.2' }, numa: { int: 2 }, boolAttribute: { bool: true } }))),
      multi(device(h.device4, undefined, attrs({ driverVersion: { version: '1.0.0' }, numa: { int: 3 }, boolAttribute: { bool: true } }))))],
    expectResults: [allocationResult(localNodeSelector(node1),
      wcc(req0, driverA, pool1, device1, null), wcc(req1, driverA, pool1, device2, null), wcc(req2, driverA, pool1, device3, null), wcc(h.req3,
        driverA, pool1, h.device4, null))],
  },
  'with-distinct-constraints-attribute-not-set': {
    features: cc,
    claimsToAllocate: [(() => {
      const c = claim(claim0, request(req0, classA, 1)); c.spec.devices.constraints = [{
        distinctAttribute: boolAttribute,
        requests: [req0],
      }]; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1)))],
  },
  'with-distinct-constraints-unknown-type-attribute': {
    features: cc,
    claimsToAllocate: [(() => {
      const c = claim(claim0, request(req0, classA, 1)); c.spec.devices.constraints = [{
        distinctAttribute: boolAttribute,
        requests: [req0],
      }]; return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, undefined, { boolAttribute: {} })))],
    expectError: 'unsupported attribute value',
  },
  'with-distinct-constraints-with-subrequests': {
    features: { consumableCapacity: true, prioritizedList: true },
    claimsToAllocate: [(() => {
      const boolSel = selector(`device.attributes["${driverA}"].boolAttribute`);
      const c = claim(claim0,
        requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1, boolSel), subRequest(subReq1, classA, 1)),
        requestWithPrioritizedList(req1, subRequest(subReq0, classA, 1, boolSel), subRequest(subReq1, classA, 1)),
        requestWithPrioritizedList(req2, subRequest(subReq0, classA, 1, boolSel), subRequest(subReq1, classA, 1)));
      c.spec.devices.constraints = [{ distinctAttribute: boolAttribute, requests: [req0, req1] }];
      return c;
    })()],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, multi(device(device1, undefined, { boolAttribute: { bool: true } })),
      multi(device(device2, undefined, { boolAttribute: { bool: false } })))],
    expectResults: [allocationResult(localNodeSelector(node1),
      wcc(req0SubReq0, driverA, pool1, device1, null), wcc(req1SubReq1, driverA, pool1, device2, null), wcc(h.req2SubReq0, driverA, pool1, device1,
        null))],
  },
  'distinct-constraint-one-multi-allocatable-device-with-distinct-constraint': {
    features: cc,
    claimsToAllocate: [(() => {
      const c = claim(claim0, wcr(request(req0, classA, 1), '1'), wcr(request(req1, classA, 1),
        '1')); c.spec.devices.constraints = [{ distinctAttribute: stringAttribute }]; return c;
    })()],
    classes: [cwama(classA, driverA, true)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, range(multi(device(device1, undefined,
      { stringAttribute: { string: 'stringAttributeValue' } })), { [capacity0]: '2' }))],
  },
  'distinct-constraint-two-multi-allocatable-devices-with-distinct-constraint': {
    features: cc,
    claimsToAllocate: [(() => {
      const c = claim(claim0, wcr(request(req0, classA, 1), '2'), wcr(request(req1, classA, 1),
        '2')); c.spec.devices.constraints = [{ distinctAttribute: stringAttribute }]; return c;
    })()],
    classes: [cwama(classA, driverA, true)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, range(multi(device(device1, undefined,
        { stringAttribute: { string: 'stringAttributeValue1' } })), { [capacity0]: '4' })),
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, range(multi(device(device2, undefined,
        { stringAttribute: { string: 'stringAttributeValue2' } })), { [capacity0]: '4' })),
    ],
    expectResults: [allocationResult(localNodeSelector(node1), wcc(req0, driverA, pool1, device1, { [capacity0]: '2' }), wcc(req1, driverA, pool1,
      device2, { [capacity0]: '2' }))],
  },
  'list-attributes-disabled-match-constraint-with-lists': {
    features: { listTypeAttributes: false },
    claimsToAllocate: [claimWithRequests(claim0, [{ matchAttribute: stringAttribute }], request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      device(device1, undefined, { stringAttribute: { strings: ['value1', 'value2', 'value3'] } }),
      device(device2, undefined, { stringAttribute: { strings: ['value2', 'value3', 'value4'] } }))],
    expectError: 'unsupported attribute value',
  },
});

const gen = (sl: any, generation: number, count: number) => {
  sl.spec.pool.generation = generation;
  sl.spec.pool.resourceSliceCount = count;
  return sl;
};
const typeSel = (t: string) => selector(`device.attributes["${driverA}"].type == "${t}"`);
const typed = (name: string, t: string) => device(name, undefined, { type: { string: t } });

Object.assign(CASES, {
  'allocation-mode-all-with-multi-host-resource-pool': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, allDeviceRequest(req0, classA))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, device(device1)), sliceWithDevices(slice2, node2, resourcePool(pool1,
      2), driverA, device(device2))],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'multi-host-resource-pool-with-stale-slice-for-current-node': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [gen(sliceWithDevices(slice1, node1, pool1, driverA, device(device1)), 1, 2), gen(sliceWithDevices(slice2, node2, pool1, driverA,
      device(device2)), 2, 2)],
  },
  'multi-host-resource-pool-complete-update-from-node-1-to-node-2': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [
      gen(sliceWithDevices(slice1, node1, pool1, driverA, device(device1)), 1, 2), gen(sliceWithDevices(slice1, node1, pool1, driverA,
        device(device2)), 1, 2),
      gen(sliceWithDevices(slice2, node2, pool1, driverA, device(device1)), 2, 2), gen(sliceWithDevices(slice2, node2, pool1, driverA,
        device(device2)), 2, 2),
    ],
    node: node(node2, region2),
    expectResults: [allocationResult(localNodeSelector(node2), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'multi-host-resource-pool-complete-update-from-node-2-to-node-1': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [
      gen(sliceWithDevices(slice1, node2, pool1, driverA, device(device1)), 1, 2), gen(sliceWithDevices(slice1, node2, pool1, driverA,
        device(device2)), 1, 2),
      gen(sliceWithDevices(slice2, node1, pool1, driverA, device(device1)), 2, 2), gen(sliceWithDevices(slice2, node1, pool1, driverA,
        device(device2)), 2, 2),
    ],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'multi-host-resource-pool-incomplete-update-from-node-1-to-node-2': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [
      gen(sliceWithDevices(slice1, node1, pool1, driverA, device(device1)), 1, 2), gen(sliceWithDevices(slice1, node1, pool1, driverA,
        device(device2)), 1, 2),
      gen(sliceWithDevices(slice2, node2, pool1, driverA, device(device1)), 2, 2),
    ],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device1, false))],
  },
  'multi-host-resource-pool-incomplete-update-from-node-2-to-node-1': {
    claimsToAllocate: [claimWithRequest(claim0, req0, classA)],
    classes: [cls(classA, driverA)],
    slices: [
      gen(sliceWithDevices(slice1, node2, pool1, driverA, device(device1)), 1, 2), gen(sliceWithDevices(slice1, node2, pool1, driverA,
        device(device2)), 1, 2),
      gen(sliceWithDevices(slice2, node1, pool1, driverA, device(device1)), 2, 2),
    ],
  },
  'partitionable-devices-same-counter-set-name-in-different-resource-slices': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 4), driverA, device(device1)),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 4), driverA, counterSet(counterSet1, {})),
      sliceWithDevices(h.slice3, node1, resourcePool(pool1, 4), driverA, device(device2)),
      sliceWithCounterSets(h.slice4, node1, resourcePool(pool1, 4), driverA, counterSet(counterSet1, {})),
    ],
    expectError: 'invalid resource pools were encountered',
  },
  'partitionable-devices-device-counter-consumption-references-unknown-counter-set': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, dcc(device(device1), deviceCounterConsumption(counterSet2, {}))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, {})),
    ],
    expectError: 'invalid resource pools were encountered',
  },
  'partitionable-devices-device-counter-consumption-references-unknown-counter-in-counter-set': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, dcc(device(device1), mem(counterSet1, '8Gi'))),
      sliceWithCounterSets(slice2, node1, resourcePool(pool1, 2), driverA, counterSet(counterSet1, { 'other-memory': '8Gi' })),
    ],
    expectError: 'invalid resource pools were encountered',
  },
  'partitionable-devices-device-counter-consumption-references-counter-set-in-other-pool': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claim(claim0, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, dcc(device(device1), mem(counterSet1, '8Gi'))),
      sliceWithCounterSets(slice2, node1, pool2, driverA, counterSet(counterSet1, { memory: '8Gi' })),
    ],
    expectError: 'invalid resource pools were encountered',
  },
  'partitionable-devices-devices-on-different-nodes-consume-same-counter-set': {
    features: { partitionableDevices: true, prioritizedList: true },
    claimsToAllocate: [claim(claim0, requestWithPrioritizedList(req0, subRequest(subReq0, classA, 1, memAtLeast('6Gi')), subRequest(subReq1, classA,
      1, memAtLeast('2Gi'))))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithCounterSets(slice1, node1, resourcePool(pool1, 3), driverA, counterSet(counterSet1, { memory: '8Gi' })),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 3), driverA, fc(device1, mem(counterSet1, '6Gi')), fc(device2, mem(counterSet1, '2Gi'))),
      sliceWithDevices(h.slice3, node2, resourcePool(pool1, 3), driverA, dcc(device(device3), mem(counterSet1, '6Gi'))),
    ],
    allocatedDevices: [makeDeviceId(driverA, pool1, device3)],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0SubReq1, driverA, pool1, device2, false))],
  },
  'partitionable-devices-validation-error-on-non-targeting-slice': {
    features: { partitionableDevices: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithCounterSets(slice1, node1, resourcePool(pool1, 3), driverA, counterSet(counterSet1, { memory: '8Gi' })),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 3), driverA, fc(device1, mem(counterSet1, '6Gi'))),
      sliceWithDevices(h.slice3, node2, resourcePool(pool1, 3), driverA, dcc(device(device3), mem(counterSet2, '6Gi'))),
    ],
    expectError: 'invalid resource pools were encountered',
  },
  'different-resourceslices-in-pool-can-target-different-nodes': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node2, resourcePool(pool1, 2), driverA, device(device1)), sliceWithDevices(slice2, node1, resourcePool(pool1,
      2), driverA, device(device2))],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool1, device2, false))],
  },
  'invalid-pool-is-ok-if-devices-can-be-allocated-from-other': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, device(device1)),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 2), driverA, device(device1)),
      sliceWithDevices(h.slice3, node1, resourcePool(pool2, 1), driverA, device(device2)),
    ],
    expectResults: [allocationResult(localNodeSelector(node1), deviceAllocationResult(req0, driverA, pool2, device2, false))],
  },
  'invalid-pool-is-error-if-no-other-device-can-be-allocated': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, device(device1)),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 2), driverA, device(device1)),
      sliceWithDevices(h.slice3, node1, resourcePool(pool2, 1), driverA, device(device2)),
    ],
    allocatedDevices: [makeDeviceId(driverA, pool2, device2)],
    expectError: 'invalid resource pools were encountered',
  },
  'no-allocation-from-incomplete-pools': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 1))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, device(device1))],
  },
  'check-combinations-within-single-request-single-pool-single-slice': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 5))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, device(device1), device(device2), device(device3), device(h.device4))],
    expectNumAllocateOneInvocations: 16,
  },
  'check-combinations-within-single-request-single-pool-multiple-slices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 5))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, device(device1), device(device2)),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 2), driverA, device(device3), device(h.device4)),
    ],
    expectNumAllocateOneInvocations: 16,
  },
  'check-combinations-within-single-request-multiple-pools-multiple-slices': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 5))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, device(device1)),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 2), driverA, device(device2)),
      sliceWithDevices(h.slice3, node1, pool2, driverA, device(device3), device(h.device4)),
    ],
    expectNumAllocateOneInvocations: 16,
  },
  'check-combinations-within-single-request-many-pools': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req0, classA, 5))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, pool1, driverA, device(device1)), sliceWithDevices(slice2, node1, pool2, driverA, device(device2)),
      sliceWithDevices(h.slice3, node1, pool3, driverA, device(device3)), sliceWithDevices(h.slice4, node1, pool4, driverA, device(h.device4)),
    ],
    expectNumAllocateOneInvocations: 16,
  },
  'check-combinations-with-backtracking': {
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req1, classA, 2), request(req2, classA, 1, typeSel('X')))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, typed(device1, 'X'), typed(device2, 'Y'), typed(device3, 'Y'))],
    expectResults: [allocationResult(localNodeSelector(node1),
      deviceAllocationResult(req1, driverA, pool1, device2, false), deviceAllocationResult(req1, driverA, pool1, device3, false),
      deviceAllocationResult(req2, driverA, pool1, device1, false))],
    expectNumAllocateOneInvocations: 12,
  },
  'check-combinations-with-backtracking-across-slices-and-pools': {
    features: { deviceBindingAndStatus: true },
    claimsToAllocate: [claimWithRequests(claim0, undefined, request(req1, classA, 2), request(req2, classA, 1, typeSel('X')))],
    classes: [cls(classA, driverA)],
    slices: [
      sliceWithDevices(slice1, node1, resourcePool(pool1, 2), driverA, typed(device1, 'X')),
      sliceWithDevices(slice2, node1, resourcePool(pool1, 2), driverA, typed(device2, 'Y')),
      sliceWithDevices(h.slice3, node1, pool2, driverA, h.withBindingConditions(typed(device3, 'Y'), ['IsPrepare'], [])),
    ],
    expectResults: [allocationResult(localNodeSelector(node1),
      deviceAllocationResult(req1, driverA, pool1, device2, false), wb(req1, driverA, pool2, device3, ['IsPrepare'], []),
      deviceAllocationResult(req2, driverA, pool1, device1, false))],
    expectNumAllocateOneInvocations: 12,
  },
  'check-combinations-with-prioritized-list': {
    features: { prioritizedList: true },
    claimsToAllocate: [claim(claim0,
      requestWithPrioritizedList(req1, subRequest(subReq0, classA, 3, typeSel('Y')), subRequest(subReq1, classA, 2)),
      requestWithPrioritizedList(req2, subRequest(subReq0, classA, 2), subRequest(subReq1, classA, 1, typeSel('X'))))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA, typed(device1, 'X'), typed(device2, 'Y'), typed(device3, 'Y'))],
    expectResults: [allocationResult(localNodeSelector(node1),
      deviceAllocationResult(req1SubReq1, driverA, pool1, device2, false), deviceAllocationResult(req1SubReq1, driverA, pool1, device3, false),
      deviceAllocationResult('req-2/subReq-1', driverA, pool1, device1, false))],
    expectNumAllocateOneInvocations: 26,
  },
  'list-attributes-disabled-distinct-constraint-with-lists': {
    features: { listTypeAttributes: false, consumableCapacity: true },
    claimsToAllocate: [claimWithRequests(claim0, [{ distinctAttribute: stringAttribute }], request(req0, classA, 2))],
    classes: [cls(classA, driverA)],
    slices: [sliceWithDevices(slice1, node1, pool1, driverA,
      device(device1, undefined, { stringAttribute: { strings: ['value1', 'value2'] } }),
      device(device2, undefined, { stringAttribute: { strings: ['value3', 'value4'] } }))],
    expectError: 'unsupported attribute value',
  },
});

void [counterSet2, req1SubReq1, subReq0, pool3, pool4, h];

describe('structured allocator (incubating) agrees with the upstream test table (allocator_testing.go v0.36.2)', () => {
  for (const [name, tc] of Object.entries(CASES)) {
    test(name, () => {
      const got = h.run(tc);
      if (tc.expectError !== undefined) {
        expect(got.error ?? '(no error)').toContain(tc.expectError);
        return;
      }
      expect(got.error).toBeUndefined();
      const want = tc.expectResults && tc.expectResults.length > 0 ? h.normalise(tc.expectResults) : undefined;
      const have = got.results && got.results.length > 0 ? got.results : undefined;
      expect(have).toEqual(want);
      if (tc.expectNumAllocateOneInvocations !== undefined) expect(got.invocations).toBe(tc.expectNumAllocateOneInvocations);
    });
  }
});
