/**
 * Example ResourceSlices for common NVIDIA nodes, shaped as the NVIDIA DRA driver
 * (`gpu.nvidia.com`) publishes them, plus the DeviceClasses its Helm chart installs.
 *
 * Shapes follow NVIDIA/k8s-dra-driver-gpu `cmd/gpu-kubelet-plugin/deviceinfo.go`
 * (GpuInfo.GetDevice / MigDeviceInfo.GetDevice: device names `gpu-<minor>` and
 * `gpu-<minor>-mig-<GI profile id>-<placement start>-<placement size>`, attributes `type`,
 * `uuid`, `productName`, `brand`, `architecture`, `cudaComputeCapability`, `driverVersion`,
 * `cudaDriverVersion`, `pcieBusID`, `addressingMode`, MIG `profile` and `parentUUID`;
 * capacity `memory`, MIG `multiprocessors`, `copyEngines`, `decoders`, `encoders`,
 * `jpegEngines`, `ofaEngines` and one `memorySlice<i>` per occupied memory slice) and
 * `nvlib.go` enumerateGpusAndMigDevices (a GPU with MIG enabled publishes only its MIG
 * devices). The DeviceClass selectors are the chart's `deviceclass-gpu.yaml` /
 * `deviceclass-mig.yaml`.
 *
 * UUIDs, PCI bus IDs and the driver version are made up; product names, architectures,
 * compute capabilities, memory sizes and MIG geometry (profile ids, placements, engine
 * counts) are representative of what NVML reports for these GPUs.
 */

const DRIVER = 'gpu.nvidia.com';

interface GpuModel {
  readonly productName: string;
  readonly architecture: string;
  readonly cudaComputeCapability: string;
  readonly memory: string;
}

const A100_80GB: GpuModel = { productName: 'NVIDIA A100-SXM4-80GB', architecture: 'Ampere', cudaComputeCapability: '8.0.0', memory: '81920Mi' };
const L4: GpuModel = { productName: 'NVIDIA L4', architecture: 'Ada Lovelace', cudaComputeCapability: '8.9.0', memory: '23034Mi' };
const H100_80GB: GpuModel = { productName: 'NVIDIA H100 80GB HBM3', architecture: 'Hopper', cudaComputeCapability: '9.0.0', memory: '81559Mi' };

/** A MIG profile of the H100 80GB: GI profile id, slices, memory and engines. */
interface MigProfile {
  readonly name: string;
  readonly id: number;
  readonly size: number;
  readonly memory: string;
  readonly multiprocessors: number;
  readonly copyEngines: number;
  readonly decoders: number;
  readonly jpegEngines: number;
  readonly ofaEngines: number;
}

const H100_MIG: Record<string, MigProfile> = {
  '1g.10gb': { name: '1g.10gb', id: 19, size: 1, memory: '9856Mi', multiprocessors: 16, copyEngines: 1, decoders: 1, jpegEngines: 1, ofaEngines: 0 },
  '2g.20gb': { name: '2g.20gb', id: 14, size: 2, memory: '19968Mi', multiprocessors: 32, copyEngines: 2, decoders: 2, jpegEngines: 2, ofaEngines: 0 },
  '3g.40gb': { name: '3g.40gb', id: 9, size: 4, memory: '40192Mi', multiprocessors: 60, copyEngines: 3, decoders: 3, jpegEngines: 3, ofaEngines: 0 },
};

const DRIVER_VERSION = '570.133.20';
const CUDA_DRIVER_VERSION = '12.8.0';

function uuid(nodeName: string, n: number, sub = 0): string {
  // Deterministic, UUID-shaped, different per node, GPU and MIG device.
  let h = 7;
  for (const ch of `${nodeName}/${n}/${sub}`) h = (h * 31 + ch.charCodeAt(0)) % 4294967296;
  const hex = (h.toString(16).padStart(8, '0') + (n * 4096 + sub).toString(16).padStart(8, '0')).repeat(2);
  return `GPU-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function commonAttributes(m: GpuModel, busId: string): Record<string, unknown> {
  return {
    productName: { string: m.productName },
    brand: { string: 'Nvidia' },
    architecture: { string: m.architecture },
    cudaComputeCapability: { version: m.cudaComputeCapability },
    driverVersion: { version: DRIVER_VERSION },
    cudaDriverVersion: { version: CUDA_DRIVER_VERSION },
    pcieBusID: { string: busId },
    addressingMode: { string: '' },
  };
}

function pciBusId(minor: number): string {
  return `0000:${(0x18 + minor * 0x10).toString(16).padStart(2, '0')}:00.0`;
}

function wholeGpu(nodeName: string, m: GpuModel, minor: number): any {
  return {
    name: `gpu-${minor}`,
    attributes: { type: { string: 'gpu' }, uuid: { string: uuid(nodeName, minor) }, ...commonAttributes(m, pciBusId(minor)) },
    capacity: { memory: { value: m.memory } },
  };
}

function migDevice(nodeName: string, m: GpuModel, minor: number, p: MigProfile, start: number): any {
  const capacity: Record<string, unknown> = {
    multiprocessors: { value: String(p.multiprocessors) },
    copyEngines: { value: String(p.copyEngines) },
    decoders: { value: String(p.decoders) },
    encoders: { value: '0' },
    jpegEngines: { value: String(p.jpegEngines) },
    ofaEngines: { value: String(p.ofaEngines) },
    memory: { value: p.memory },
  };
  for (let i = start; i < start + p.size; i++) capacity[`memorySlice${i}`] = { value: '1' };
  return {
    name: `gpu-${minor}-mig-${p.id}-${start}-${p.size}`,
    attributes: {
      type: { string: 'mig' },
      uuid: { string: uuid(nodeName, minor, start + 1).replace(/^GPU-/, 'MIG-') },
      parentUUID: { string: uuid(nodeName, minor) },
      profile: { string: p.name },
      ...commonAttributes(m, pciBusId(minor)),
    },
    capacity,
  };
}

function slice(nodeName: string, devices: any[]): any {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceSlice',
    metadata: { name: `${nodeName}-gpu.nvidia.com-0` },
    spec: { driver: DRIVER, nodeName, pool: { name: nodeName, generation: 1, resourceSliceCount: 1 }, devices },
  };
}

function nodeObject(name: string, labels: Record<string, string>): any {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } };
}

/** The DeviceClasses the NVIDIA DRA driver's Helm chart installs for GPUs and MIG devices. */
export function nvidiaDeviceClasses(): any[] {
  const cls = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'resource.k8s.io/v1',
    kind: 'DeviceClass',
    metadata: { name },
    spec: { selectors: [{ cel: { expression: `device.driver == '${DRIVER}' && device.attributes['${DRIVER}'].type == '${type}'` } }], ...extra },
  });
  return [cls('gpu.nvidia.com', 'gpu', { extendedResourceName: 'nvidia.com/gpu' }), cls('mig.nvidia.com', 'mig')];
}

/** The example sets, by name: what each node has. */
export const NVIDIA_EXAMPLE_SETS: Readonly<Record<string, string>> = {
  'nvidia-a100-8x': 'node gpu-a100-0: 8 whole NVIDIA A100-SXM4-80GB GPUs (gpu-0..gpu-7)',
  'nvidia-l4-4x': 'node gpu-l4-0: 4 whole NVIDIA L4 GPUs (gpu-0..gpu-3)',
  'nvidia-h100-mig': 'node gpu-h100-0: 4 NVIDIA H100 80GB HBM3; gpu-0 whole, gpu-1 as 7 x 1g.10gb, gpu-2 as 3g.40gb + 2g.20gb + 1g.10gb, gpu-3 as 2 x 3g.40gb',
};

/** The Node, ResourceSlice and DeviceClasses of one example set, or undefined for an unknown name. */
export function nvidiaExampleObjects(set: string): any[] | undefined {
  switch (set) {
    case 'nvidia-a100-8x': {
      const n = 'gpu-a100-0';
      return [nodeObject(n, { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB' }), slice(n, [0, 1, 2, 3, 4, 5, 6, 7].map((i) => wholeGpu(n,
        A100_80GB, i))), ...nvidiaDeviceClasses()];
    }
    case 'nvidia-l4-4x': {
      const n = 'gpu-l4-0';
      return [nodeObject(n, { 'nvidia.com/gpu.product': 'NVIDIA-L4' }), slice(n, [0, 1, 2, 3].map((i) => wholeGpu(n, L4, i))),
        ...nvidiaDeviceClasses()];
    }
    case 'nvidia-h100-mig': {
      const n = 'gpu-h100-0';
      const p = H100_MIG;
      const devices = [
        wholeGpu(n, H100_80GB, 0),
        ...[0, 1, 2, 3, 4, 5, 6].map((s) => migDevice(n, H100_80GB, 1, p['1g.10gb'], s)),
        migDevice(n, H100_80GB, 2, p['3g.40gb'], 0), migDevice(n, H100_80GB, 2, p['2g.20gb'], 4), migDevice(n, H100_80GB, 2, p['1g.10gb'], 6),
        migDevice(n, H100_80GB, 3, p['3g.40gb'], 0), migDevice(n, H100_80GB, 3, p['3g.40gb'], 4),
      ];
      return [nodeObject(n, { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3', 'nvidia.com/mig.config': 'custom' }), slice(n, devices),
        ...nvidiaDeviceClasses()];
    }
    default:
      return undefined;
  }
}
