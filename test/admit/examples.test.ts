import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AdmissionEngine } from '../../lib';
import { unexplainedPodSecurityViolations } from '../../lib/check/pss';

const EXAMPLES = join(__dirname, '../../examples');

/** Runs an example app in its own process, as `npm run synth` does, and returns its objects. */
function synthExample(name: string): any[] {
  const out = mkdtempSync(join(tmpdir(), `haru-${name}-`));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(EXAMPLES, name, 'main.ts')], { env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`example ${name} failed:\n${r.stderr}`);
  return readdirSync(out).sort().flatMap((f) => parseAllDocuments(readFileSync(join(out, f), 'utf8')).map((d) => d.toJSON())).filter((o) => o);
}

const POD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob']);

describe('example policies run over the examples\' own pods', () => {
  it('admit every pod and workload of every example, which then still passes Pod Security restricted', () => {
    const all = readdirSync(EXAMPLES).sort().map((name) => ({ name, objects: synthExample(name) }));
    const workloads = all.flatMap((e) => e.objects.filter((o) => POD_KINDS.has(o.kind)).map((o) => ({ example: e.name, object: o })));
    const withPolicies = all.filter((e) => e.objects.some((o) => o.kind === 'MutatingAdmissionPolicy'));
    expect(withPolicies.map((e) => e.name)).toEqual(expect.arrayContaining(['admit-offline', 'default-resources', 'pod-hardening', 'sidecar-injection']));
    expect(workloads.length).toBeGreaterThanOrEqual(10);
    let mutated = 0;
    for (const e of withPolicies) {
      // The mutating side only: an example's ValidatingAdmissionPolicies deliberately refuse
      // other examples' images and labels (platform-policies' verdicts are tested with it).
      const engine = new AdmissionEngine({ policies: e.objects.filter((o) => !String(o.kind).startsWith('ValidatingAdmissionPolicy')) });
      for (const w of workloads) {
        const r = engine.admit(w.object);
        const label = `${e.name} policies on ${w.example} ${w.object.kind}/${w.object.metadata.name}`;
        expect(r.message, label).toBeUndefined();
        expect(r.admitted, label).toBe(true);
        if (JSON.stringify(r.admittedObject) !== JSON.stringify(w.object)) mutated++;
        // A workload that complies keeps complying; the vendor pod of admit-offline complies only
        // once its own example's policies hardened it. Recorded opt-outs (nginx-root-userns's
        // capabilities) excuse what they name, as PodSecurity.enforce does.
        const before = unexplainedPodSecurityViolations(w.object, 'restricted');
        if (before.length === 0 || (e.name === 'admit-offline' && w.example === 'admit-offline')) {
          expect(unexplainedPodSecurityViolations(r.admittedObject, 'restricted'), label).toEqual([]);
        }
        expect(engine.admit(r.admittedObject).admittedObject, `${label}: second pass`).toEqual(r.admittedObject);
      }
    }
    expect(mutated).toBeGreaterThan(0);
  }, 240_000);
});
