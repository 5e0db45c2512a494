/**
 * The GPU examples, synthesised in-process into a temporary folder and read back as YAML:
 * every object passes the oracle (kubernetes-models + schema + per-kind rules), and every
 * NVIDIA opaque configuration passes the driver's strict decoder check on its own.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { checkNvidiaGpuParameters } from '../../lib/check/dra';
import { expectValid } from '../support/oracle';

async function synthExample(name: string): Promise<any[]> {
  const outdir = mkdtempSync(join(tmpdir(), `haru-${name}-`));
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

function claimSpec(objs: any[]): any {
  const c = objs.find((o) => o.kind === 'ResourceClaim' || o.kind === 'ResourceClaimTemplate');
  return c.kind === 'ResourceClaim' ? c.spec : c.spec.spec;
}

function opaqueParameters(objs: any[]): any[] {
  return (claimSpec(objs).devices.config ?? []).map((c: any) => c.opaque.parameters);
}

describe('GPU examples', () => {
  it('gpu-inference-time-sliced: a pytorch pod with its own time-sliced GPU', async () => {
    const objs = await synthExample('gpu-inference-time-sliced');
    await expectValid(objs);
    const pod = objs.find((o) => o.kind === 'Pod');
    expect(pod.spec.containers[0].image).toBe('pytorch/pytorch:2.7-cuda12');
    expect(pod.spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimTemplateName: 'inference-gpu' }]);
    expect(opaqueParameters(objs)).toEqual([{ apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Medium' } } }]);
    for (const p of opaqueParameters(objs)) expect(checkNvidiaGpuParameters(p, 'parameters')).toEqual([]);
  });
  it('gpu-shared-replicas: four replicas on one ResourceClaim with the Short interval', async () => {
    const objs = await synthExample('gpu-shared-replicas');
    await expectValid(objs);
    const d = objs.find((o) => o.kind === 'Deployment');
    expect(d.spec.replicas).toBe(4);
    expect(objs.filter((o) => o.kind === 'ResourceClaim')).toHaveLength(1);
    expect(d.spec.template.spec.resourceClaims).toEqual([{ name: 'shared-gpu', resourceClaimName: 'shared-gpu' }]);
    expect(opaqueParameters(objs)[0].sharing).toEqual({ strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Short' } });
    for (const p of opaqueParameters(objs)) expect(checkNvidiaGpuParameters(p, 'parameters')).toEqual([]);
  });
  it('gpu-mig-slices: three 1g.10gb MIG devices on one physical GPU', async () => {
    const objs = await synthExample('gpu-mig-slices');
    await expectValid(objs);
    const devices = claimSpec(objs).devices;
    expect(devices.requests[0].exactly).toMatchObject({ deviceClassName: 'mig.nvidia.com', count: 3 });
    expect(devices.requests[0].exactly.selectors[0].cel.expression).toBe("device.attributes['gpu.nvidia.com'].profile == '1g.10gb'");
    expect(devices.constraints).toEqual([{ requests: ['slices'], matchAttribute: 'gpu.nvidia.com/parentUUID' }]);
    expect(objs.find((o) => o.kind === 'Job').spec.template.spec.containers[0].resources.claims).toEqual([{ name: 'mig-slices', request: 'slices' }]);
  });
  it('gpu-mps: two replicas on one GPU with 50% active threads each', async () => {
    const objs = await synthExample('gpu-mps');
    await expectValid(objs);
    expect(opaqueParameters(objs)).toEqual([{
      apiVersion: 'resource.nvidia.com/v1beta1',
      kind: 'GpuConfig',
      sharing: { strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: 50, defaultPinnedDeviceMemoryLimit: '8Gi' } },
    }]);
    for (const p of opaqueParameters(objs)) expect(checkNvidiaGpuParameters(p, 'parameters')).toEqual([]);
  });
  it('gpu-mig-split: one per-pod claim, 1g.10gb for the app container and 3g.40gb for the model server', async () => {
    const objs = await synthExample('gpu-mig-split');
    await expectValid(objs);
    expect(objs.filter((o) => o.kind === 'ResourceClaimTemplate')).toHaveLength(1);
    expect(claimSpec(objs).devices.requests.map((r: any) => r.name)).toEqual(['small', 'large']);
    const pod = objs.find((o) => o.kind === 'Pod');
    expect(pod.spec.resourceClaims).toEqual([{ name: 'slices', resourceClaimTemplateName: 'h100-slices' }]);
    expect(pod.spec.containers.map((c: any) => [c.name, c.resources.claims])).toEqual([
      ['app', [{ name: 'slices', request: 'small' }]], ['llm', [{ name: 'slices', request: 'large' }]],
    ]);
    expect(pod.spec.containers[1].resources.limits.memory).toBe('24Gi');
  });
  it('gpu-mig-first: an exclusive MIG device first, else a whole GPU time-sliced Short', async () => {
    const objs = await synthExample('gpu-mig-first');
    await expectValid(objs);
    expect(claimSpec(objs).devices.requests[0].firstAvailable.map((a: any) => [a.name, a.deviceClassName])).toEqual([['mig-1g-10gb', 'mig.nvidia.com'], ['gpu', 'gpu.nvidia.com']]);
    expect(claimSpec(objs).devices.config).toEqual([{
      requests: ['gpu/gpu'],
      opaque: { driver: 'gpu.nvidia.com', parameters: { apiVersion: 'resource.nvidia.com/v1beta1', kind: 'GpuConfig', sharing: { strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Short' } } } },
    }]);
    for (const p of opaqueParameters(objs)) expect(checkNvidiaGpuParameters(p, 'parameters')).toEqual([]);
    const ctr = objs.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
    expect(ctr.resources).toMatchObject({ requests: { cpu: '500m', memory: '8Gi' }, limits: { cpu: '2', memory: '8Gi' } });
  });
});
