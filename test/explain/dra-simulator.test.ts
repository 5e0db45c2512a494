/**
 * DraAllocationSimulator: the allocator port (./dra-upstream.test.ts checks it against the
 * upstream table) used on whole object sets, the bundled NVIDIA example nodes (shapes from
 * NVIDIA/k8s-dra-driver-gpu cmd/gpu-kubelet-plugin/deviceinfo.go), the claims the GPU
 * examples synthesise, and the explanations when a claim does not fit.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DraAllocationSimulator } from '../../lib';
import { HaruValidationError } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';
import { Allocator, DRA_FEATURES_1_36, emptyAllocatedState } from '../../lib/explain/dra';

async function synthExample(name: string): Promise<any[]> {
  const outdir = mkdtempSync(join(tmpdir(), `haru-dra-${name}-`));
  const before = process.env.CDK8S_OUTDIR;
  process.env.CDK8S_OUTDIR = outdir;
  try {
    await import(`../../examples/${name}/main.ts`);
  } finally {
    if (before === undefined) delete process.env.CDK8S_OUTDIR;
    else process.env.CDK8S_OUTDIR = before;
  }
  const objs: any[] = [];
  for (const f of readdirSync(outdir).filter((x) => x.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(outdir, f), 'utf8'))) objs.push(doc.toJS());
  }
  return objs;
}

const H100 = 'nvidia-h100-mig';
const A100 = 'nvidia-a100-8x';
const L4 = 'nvidia-l4-4x';

function claimYaml(name: string, requests: string, extra = ''): string {
  return `apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata: {name: ${name}, namespace: ml}
spec:
  devices:
    requests:
${requests}${extra}`;
}

const MIG_1G = (count: number) => `    - name: slices
      exactly:
        deviceClassName: mig.nvidia.com
        count: ${count}
        selectors:
        - cel: {expression: "device.attributes['gpu.nvidia.com'].profile == '1g.10gb'"}
`;
const SAME_PARENT = `    constraints:
    - matchAttribute: gpu.nvidia.com/parentUUID
`;

function allocatedClaim(name: string, devices: string[], node = 'gpu-h100-0'): string {
  return `apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata: {name: ${name}, namespace: ml}
spec:
  devices:
    requests:
    - name: r
      exactly: {deviceClassName: mig.nvidia.com, count: ${devices.length}}
status:
  allocation:
    devices:
      results:
${devices.map((d) => `      - {request: r, driver: gpu.nvidia.com, pool: ${node}, device: ${d}}`).join('\n')}
`;
}

describe('bundled NVIDIA example nodes', () => {
  it('lists the three sets', () => {
    expect(DraAllocationSimulator.exampleSets()).toEqual([A100, L4, H100]);
  });
  it('publish devices as the NVIDIA driver names and describes them', () => {
    const objs = DraAllocationSimulator.exampleObjects(H100);
    const slice = objs.find((o) => o.kind === 'ResourceSlice');
    const names = slice.spec.devices.map((d: any) => d.name);
    // deviceinfo.go CanonicalName: gpu-<minor>, gpu-<minor>-mig-<GI profile id>-<start>-<size>
    expect(names).toContain('gpu-0');
    expect(names).toContain('gpu-1-mig-19-6-1');
    expect(names).toContain('gpu-2-mig-9-0-4');
    expect(names).not.toContain('gpu-1'); // a MIG-enabled GPU publishes only its MIG devices (nvlib.go)
    const mig = slice.spec.devices.find((d: any) => d.name === 'gpu-2-mig-14-4-2');
    expect(mig.attributes.type).toEqual({ string: 'mig' });
    expect(mig.attributes.profile).toEqual({ string: '2g.20gb' });
    expect(mig.attributes.parentUUID.string).toMatch(/^GPU-/);
    expect(Object.keys(mig.capacity).sort()).toEqual(['copyEngines', 'decoders', 'encoders', 'jpegEngines', 'memory', 'memorySlice4',
      'memorySlice5', 'multiprocessors', 'ofaEngines']);
    const gpu = slice.spec.devices.find((d: any) => d.name === 'gpu-0');
    expect(gpu.attributes.productName).toEqual({ string: 'NVIDIA H100 80GB HBM3' });
    expect(gpu.attributes.cudaComputeCapability).toEqual({ version: '9.0.0' });
    expect(gpu.capacity.memory.value).toBe('81559Mi');
  });
  it('are objects the 1.36 API server accepts', () => {
    for (const set of DraAllocationSimulator.exampleSets()) {
      for (const o of DraAllocationSimulator.exampleObjects(set)) expect(checkObject(o).filter((v) => severityOf(v.checkId) === 'error')).toEqual([]);
    }
  });
  it('fails when the set is unknown', () => {
    expect(() => DraAllocationSimulator.exampleObjects('nvidia-b200')).toThrow(/set: is not a bundled example set \(got nvidia-b200; allowed: nvidia-a100-8x, nvidia-l4-4x, nvidia-h100-mig\)/);
  });
});

describe('the claims GpuTimeSliceClaim synthesises (examples/gpu-*) against the example nodes', () => {
  it('gpu-inference-time-sliced: one whole GPU fits every example node', async () => {
    const objs = await synthExample('gpu-inference-time-sliced');
    for (const [set, node] of [[A100, 'gpu-a100-0'], [L4, 'gpu-l4-0'], [H100, 'gpu-h100-0']]) {
      const r = DraAllocationSimulator.fromManifests(objs, { exampleSlices: [set] }).allocate();
      expect(r.allocatable).toBe(true);
      expect(r.node).toBe(node);
      expect(r.nodes[0].claims[0].devices.map((d) => d.device)).toEqual(['gpu-0']);
      expect(r.nodes[0].claims[0]).toMatchObject({ kind: 'ResourceClaimTemplate', claim: expect.stringMatching(/\/inference-gpu$/) });
    }
  });
  it('gpu-shared-replicas and gpu-mps: the shared claim gets one whole GPU', async () => {
    for (const ex of ['gpu-shared-replicas', 'gpu-mps']) {
      const objs = await synthExample(ex);
      const r = DraAllocationSimulator.fromManifests(objs, { exampleSlices: [L4] }).allocate();
      expect(r.allocatable).toBe(true);
      expect(r.nodes[0].claims[0].kind).toBe('ResourceClaim');
      expect(r.nodes[0].claims[0].devices).toHaveLength(1);
      // The class's and the claim's opaque GpuConfig travel with the allocation.
      expect(r.nodes[0].claims[0].config?.some((c: any) => c.source === 'FromClaim' && c.opaque?.driver === 'gpu.nvidia.com')).toBe(true);
    }
  });
  it('gpu-mig-slices: three 1g.10gb from one GPU fit the H100 node on gpu-1, not the A100 or L4 nodes', async () => {
    const objs = await synthExample('gpu-mig-slices');
    const r = DraAllocationSimulator.fromManifests(objs, { exampleSlices: [A100, L4, H100] }).allocate();
    expect(r.allocatable).toBe(true);
    expect(r.node).toBe('gpu-h100-0');
    const h100 = r.nodes.find((n) => n.node === 'gpu-h100-0')!;
    expect(h100.claims[0].devices.map((d) => d.device)).toEqual(['gpu-1-mig-19-0-1', 'gpu-1-mig-19-1-1', 'gpu-1-mig-19-2-1']);
    const a100 = r.nodes.find((n) => n.node === 'gpu-a100-0')!;
    expect(a100.allocatable).toBe(false);
    expect(a100.claims[0].reasons[0]).toBe('request slices (class mig.nvidia.com) needs 3 devices; 0 on node gpu-a100-0 match');
    expect(a100.claims[0].reasons[1]).toBe("  device gpu-0: selector 1 of class mig.nvidia.com is false (device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig')");
  });
});

describe('examples/dra-*', () => {
  it('dra-fit-h100 synthesises: its two 3g.40gb slices fit the H100 example node', async () => {
    const objs = await synthExample('dra-fit-h100');
    const r = DraAllocationSimulator.fromManifests(objs, { exampleSlices: [H100] }).allocate();
    expect(r.nodes[0].claims[0].devices.map((d) => d.device)).toEqual(['gpu-3-mig-9-0-4', 'gpu-3-mig-9-4-4']);
  });
  it('examples/dra-fit-h100/nodes holds the bundled sets as YAML (scripts/gen-dra-example-slices.ts is current)', () => {
    for (const set of DraAllocationSimulator.exampleSets()) {
      const text = readFileSync(join(__dirname, '..', '..', 'examples', 'dra-fit-h100', 'nodes', `${set}.yaml`), 'utf8');
      const objs = parseAllDocuments(text).map((d) => d.toJS());
      expect(objs).toEqual(DraAllocationSimulator.exampleObjects(set));
    }
  });
});

describe('explanations', () => {
  it('a matchAttribute constraint that no GPU can meet any more names the constraint and the values', () => {
    const text = [
      claimYaml('four-slices', MIG_1G(4), SAME_PARENT),
      allocatedClaim('running', ['gpu-1-mig-19-0-1', 'gpu-1-mig-19-1-1', 'gpu-1-mig-19-2-1', 'gpu-1-mig-19-3-1']),
    ].join('---\n');
    const r = DraAllocationSimulator.fromYaml(text, { exampleSlices: [H100] }).allocate();
    expect(r.allocatable).toBe(false);
    const reasons = r.nodes[0].claims[0].reasons;
    expect(reasons[0]).toMatch(/^constraint 1 \(matchAttribute gpu.nvidia.com\/parentUUID over all requests\) cannot be met: gpu.nvidia.com\/parentUUID=GPU-\S+ on gpu-1-mig-19-4-1, gpu-1-mig-19-5-1, gpu-1-mig-19-6-1; gpu.nvidia.com\/parentUUID=GPU-\S+ on gpu-2-mig-19-6-1$/);
  });
  it('three slices still fit beside the running claim, on the free ones', () => {
    const text = [claimYaml('three-slices', MIG_1G(3), SAME_PARENT), allocatedClaim('running', ['gpu-1-mig-19-0-1',
      'gpu-1-mig-19-1-1'])].join('---\n');
    const r = DraAllocationSimulator.fromYaml(text, { exampleSlices: [H100] }).allocate();
    expect(r.nodes[0].claims[0].devices.map((d) => d.device)).toEqual(['gpu-1-mig-19-2-1', 'gpu-1-mig-19-3-1', 'gpu-1-mig-19-4-1']);
  });
  it('a device in use names the claim that holds it', () => {
    const text = [
      claimYaml('one-gpu', '    - name: gpu\n      exactly: {deviceClassName: gpu.nvidia.com}\n'),
      allocatedClaim('other', ['gpu-0']),
    ].join('---\n');
    const r = DraAllocationSimulator.fromYaml(text, { exampleSlices: [H100] }).allocate();
    expect(r.nodes[0].claims[0].reasons).toContain('  device gpu-0: is already allocated to claim ml/other');
  });
  it('two claims that each fit alone but not together say so', () => {
    const one = (n: string) => claimYaml(n, '    - name: gpu\n      exactly: {deviceClassName: gpu.nvidia.com}\n');
    const r = DraAllocationSimulator.fromYaml([one('a'), one('b')].join('---\n'), { exampleSlices: [H100] }).allocate();
    expect(r.allocatable).toBe(false);
    expect(r.nodes[0].claims[0].reasons[0]).toBe('fits on its own (gpu: gpu-0) but not together with the other claims: they compete for the same devices');
    // Each alone is fine.
    expect(DraAllocationSimulator.fromYaml(one('a'), { exampleSlices: [H100] }).allocate({ claims: ['ml/a'] }).allocatable).toBe(true);
  });
  it('a prioritized list falls back to the next subrequest and reports the one chosen', () => {
    const req = `    - name: gpu
      firstAvailable:
      - name: whole-a100
        deviceClassName: gpu.nvidia.com
        selectors:
        - cel: {expression: "device.attributes['gpu.nvidia.com'].architecture == 'Ampere'"}
      - name: mig-3g
        deviceClassName: mig.nvidia.com
        selectors:
        - cel: {expression: "device.attributes['gpu.nvidia.com'].profile == '3g.40gb'"}
`;
    const r = DraAllocationSimulator.fromYaml(claimYaml('flex', req), { exampleSlices: [H100] }).allocate();
    expect(r.nodes[0].claims[0].devices).toEqual([{
      request: 'gpu/mig-3g',
      subrequest: 'mig-3g',
      driver: 'gpu.nvidia.com',
      pool: 'gpu-h100-0',
      device: 'gpu-2-mig-9-0-4',
    }]);
  });
  it('a selector that reads a missing attribute is a CEL runtime error that stops the scheduler', () => {
    const req = "    - name: gpu\n      exactly:\n        deviceClassName: gpu.nvidia.com\n        selectors:\n        - cel: {expression: \"device.attributes['gpu.nvidia.com'].index == 0\"}\n";
    const r = DraAllocationSimulator.fromYaml(claimYaml('by-index', req), { exampleSlices: [L4] }).allocate();
    expect(r.nodes[0].fatalError).toBe('claim ml/by-index: selector #0: CEL runtime error: no such key: index');
  });
  it('an untolerated device taint is named', () => {
    const objs = DraAllocationSimulator.exampleObjects(L4);
    for (const d of objs.find((o) => o.kind === 'ResourceSlice').spec.devices) {
      d.taints = [{
        key: 'maintenance',
        value: 'firmware',
        effect: 'NoSchedule',
      }];
    }
    const claim = DraAllocationSimulator.fromYaml(claimYaml('one', '    - name: gpu\n      exactly: {deviceClassName: gpu.nvidia.com}\n')).claimNames;
    expect(claim).toEqual(['ml/one']);
    const parsed = parseAllDocuments(claimYaml('one', '    - name: gpu\n      exactly: {deviceClassName: gpu.nvidia.com}\n')).map((d) => d.toJS());
    const r = DraAllocationSimulator.fromManifests([...parsed, ...objs]).allocate();
    expect(r.nodes[0].claims[0].reasons).toContain('  device gpu-0: has taint maintenance=firmware:NoSchedule that the request does not tolerate');
  });
  it('shared counters left by allocated partitions are named', () => {
    const text = `apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: n1-counters}
spec:
  driver: example.com
  nodeName: n1
  pool: {name: n1, generation: 1, resourceSliceCount: 2}
  sharedCounters:
  - name: gpu-0
    counters: {memory: {value: 40Gi}}
---
apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: n1-devices}
spec:
  driver: example.com
  nodeName: n1
  pool: {name: n1, generation: 1, resourceSliceCount: 2}
  devices:
  - name: part-a
    consumesCounters: [{counterSet: gpu-0, counters: {memory: {value: 30Gi}}}]
  - name: part-b
    consumesCounters: [{counterSet: gpu-0, counters: {memory: {value: 20Gi}}}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: example}
spec:
  selectors: [{cel: {expression: "device.driver == 'example.com'"}}]
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata: {name: held, namespace: ml}
spec: {devices: {requests: [{name: r, exactly: {deviceClassName: example}}]}}
status: {allocation: {devices: {results: [{request: r, driver: example.com, pool: n1, device: part-a}]}}}
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata: {name: want, namespace: ml}
spec: {devices: {requests: [{name: r, exactly: {deviceClassName: example}}]}}
`;
    const r = DraAllocationSimulator.fromYaml(text).allocate();
    expect(r.allocatable).toBe(false);
    expect(r.nodes[0].claims[0].reasons).toEqual([
      'request r (class example) needs 1 device; 0 on node n1 match',
      '  device part-a: is already allocated to claim ml/held',
      '  device part-b: needs 20Gi of counter memory in counter set gpu-0 but only 10Gi is left',
    ]);
  });
  it('nodeName and nodeLabels choose the node for slices with a node selector', () => {
    const text = `apiVersion: resource.k8s.io/v1
kind: ResourceSlice
metadata: {name: fabric}
spec:
  driver: example.com
  nodeSelector: {nodeSelectorTerms: [{matchExpressions: [{key: rack, operator: In, values: [r1]}]}]}
  pool: {name: fabric, generation: 1, resourceSliceCount: 1}
  devices: [{name: link-0}]
---
apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata: {name: example}
spec: {selectors: [{cel: {expression: "device.driver == 'example.com'"}}]}
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata: {name: link, namespace: ml}
spec: {spec: {devices: {requests: [{name: r, exactly: {deviceClassName: example}}]}}}
`;
    const sim = DraAllocationSimulator.fromYaml(text);
    expect(sim.allocate({ nodeName: 'w1', nodeLabels: { rack: 'r1' } }).nodes[0].claims[0]).toMatchObject({
      kind: 'ResourceClaimTemplate',
      allocatable: true,
      nodeSelector: {
        nodeSelectorTerms: [{
          matchExpressions: [{
            key: 'rack',
            operator: 'In',
            values: ['r1'],
          }],
        }],
      },
    });
    expect(sim.allocate({
      nodeName: 'w2',
      nodeLabels: { rack: 'r2' },
    }).nodes[0].claims[0].reasons).toEqual(['no ResourceSlice offers devices to node w2',
      'request r (class example) needs 1 device; 0 on node w2 match']);
  });
  it('fails when a claim named in claims is not in the inputs', () => {
    const sim = DraAllocationSimulator.fromYaml(claimYaml('a', MIG_1G(1)), { exampleSlices: [H100] });
    expect(() => sim.allocate({ claims: ['ml/b'] })).toThrow(/claims: names a claim the inputs do not hold \(or one that is already allocated\) \(got ml\/b; allowed: ml\/a\)/);
  });
  it('fails when an object is one the API server refuses', () => {
    const bad = claimYaml('bad', '    - name: Not_A_Label\n      exactly: {deviceClassName: gpu.nvidia.com}\n');
    expect(() => DraAllocationSimulator.fromYaml(bad)).toThrow(HaruValidationError);
  });
});

describe('step budget', () => {
  it('gives up like the scheduler filter timeout when the search explodes', () => {
    const devices = Array.from({ length: 14 }, (_, i) => ({ name: `d${i}` }));
    const slice = { metadata: { name: 's' }, spec: { driver: 'x.example.com', nodeName: 'n', pool: { name: 'p', generation: 1, resourceSliceCount: 1 }, devices } };
    const cls = { metadata: { name: 'c' }, spec: { selectors: [{ cel: { expression: 'true' } }] } };
    // 15 devices out of 14: the allocator tries every subset before it fails (2^14 steps).
    const claim = { metadata: { name: 'k' }, spec: { devices: { requests: [{ name: 'r', exactly: { deviceClassName: 'c', count: 15 } }] } } };
    const a = new Allocator(DRA_FEATURES_1_36, emptyAllocatedState(), { get: () => cls }, [slice]);
    a.maxSteps = 1000;
    expect(() => a.allocate({ name: 'n', labels: {} }, [claim])).toThrow(/filter operation aborted: gave up after 1000 allocation steps/);
  });
});
