/**
 * `cdk8s-haru explain dra` in-process (runExplain, the function the bin calls): text and
 * JSON output, files, directories and `-`, bundled example nodes, usage errors.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplain } from '../../lib/cli/explain';

const CLAIM = `apiVersion: resource.k8s.io/v1
kind: ResourceClaimTemplate
metadata: {name: three-mig-slices, namespace: ml}
spec:
  spec:
    devices:
      requests:
      - name: slices
        exactly:
          deviceClassName: mig.nvidia.com
          count: 3
          selectors:
          - cel: {expression: "device.attributes['gpu.nvidia.com'].profile == '1g.10gb'"}
      constraints:
      - matchAttribute: gpu.nvidia.com/parentUUID
`;

function run(argv: string[], stdin = ''): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runExplain(argv, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: () => stdin });
  return { code, out, err };
}

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-explain-dra-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('cdk8s-haru explain dra', () => {
  it('answers "will this claim fit an H100 node" in text', () => {
    const r = run(['dra', '--slices', 'nvidia-h100-mig', '-'], CLAIM);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Result:    allocatable on node gpu-h100-0');
    expect(r.out).toContain('  ResourceClaimTemplate ml/three-mig-slices: allocatable');
    expect(r.out).toContain('    slices -> gpu-1-mig-19-0-1 (driver gpu.nvidia.com, pool gpu-h100-0)');
    expect(r.out).toContain('    pods using it run where: metadata.name In [gpu-h100-0]');
  });
  it('says why not on an L4 node, device by device', () => {
    const f = tmpFile('claim.yaml', CLAIM);
    const r = run(['dra', '--slices', 'nvidia-l4-4x', f]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Result:    not allocatable on node gpu-l4-0');
    expect(r.out).toContain('    request slices (class mig.nvidia.com) needs 3 devices; 0 on node gpu-l4-0 match');
    expect(r.out).toContain("      device gpu-3: selector 1 of class mig.nvidia.com is false (device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig')");
  });
  it('prints JSON with every node tried', () => {
    const dir = path.dirname(tmpFile('claim.yaml', CLAIM));
    const r = run(['dra', '--slices', 'nvidia-a100-8x', '--slices', 'nvidia-h100-mig', '--format', 'json', dir]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.allocatable).toBe(true);
    expect(j.node).toBe('gpu-h100-0');
    expect(j.nodes.map((n: any) => [n.node, n.allocatable])).toEqual([['gpu-a100-0', false], ['gpu-h100-0', true]]);
    expect(j.features).toContain('DRAPrioritizedList');
  });
  it('allocates on the node asked for only', () => {
    const r = run(['dra', '--slices', 'nvidia-a100-8x', '--slices', 'nvidia-h100-mig', '--node', 'gpu-a100-0', '--format', 'json', '-'], CLAIM);
    expect(JSON.parse(r.out).nodes.map((n: any) => n.node)).toEqual(['gpu-a100-0']);
  });
  it('is listed in explain --help and has its own help', () => {
    expect(run(['--help']).out).toContain('cdk8s-haru explain dra [options]');
    const h = run(['dra', '--help']);
    expect(h.code).toBe(0);
    expect(h.out).toContain('nvidia-h100-mig: node gpu-h100-0: 4 NVIDIA H100 80GB HBM3');
  });
  it('fails with a usage error when --slices names an unknown set', () => {
    const r = run(['dra', '--slices', 'dgx-b200', '-'], CLAIM);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--slices takes a bundled example set: nvidia-a100-8x, nvidia-l4-4x, nvidia-h100-mig (got "dgx-b200")');
  });
  it('fails when the inputs hold no claim', () => {
    const r = run(['dra', '--slices', 'nvidia-l4-4x']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the inputs hold no ResourceClaim');
  });
  it('fails when an object would be refused by the API server', () => {
    const r = run(['dra', '-'], CLAIM.replace('name: slices', 'name: Slices'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('the API server would refuse these objects');
  });
  it('fails when a file cannot be read', () => {
    const r = run(['dra', '/nonexistent/claims.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot read /nonexistent/claims.yaml');
  });
});
