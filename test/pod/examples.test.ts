/**
 * Every object the pod examples synthesise passes the oracle (kubernetes-models, schema,
 * per-kind rules) and Pod Security Standards restricted, with recorded opt-outs honoured.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { hasPodSpec } from '../../lib/check/pod-spec';
import { checkPodSecurity, optOutsOf, unexplainedPodSecurityViolations } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

const root = resolve(__dirname, '..', '..');

function synthExample(name: string): any[] {
  const out = mkdtempSync(join(tmpdir(), `ex-${name}-`));
  execFileSync(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'examples', name, 'main.ts')], { env: { ...process.env, CDK8S_OUTDIR: out }, cwd: root });
  return readdirSync(out).filter((f) => f.endsWith('.yaml')).flatMap((f) => parseAllDocuments(readFileSync(join(out, f), 'utf8')).map((d) => d.toJSON())).filter(Boolean);
}

describe.each(['nginx-root-userns', 'postgres-userns', 'postgres-statefulset', 'apparmor-profiles', 'hardened-deployment'])('example %s', (name) => {
  const objs = synthExample(name);
  const pods = objs.filter(hasPodSpec);

  it('synthesises objects that pass the oracle', async () => {
    expect(pods.length).toBeGreaterThan(0);
    await expectValid(objs);
  });

  it('passes Pod Security Standards restricted (recorded opt-outs honoured)', () => {
    for (const p of pods) {
      expect(unexplainedPodSecurityViolations(p, 'restricted')).toEqual([]);
      expect(checkPodSecurity(p, 'baseline')).toEqual([]);
    }
  });

  it('runs every pod in its own user namespace with the RuntimeDefault or a Localhost profile', () => {
    for (const p of pods) {
      const spec = p.kind === 'Pod' ? p.spec : p.spec.template.spec;
      expect(spec.hostUsers).toBe(false);
      expect(['RuntimeDefault', 'Localhost']).toContain(spec.securityContext.appArmorProfile.type);
      expect(spec.securityContext.seccompProfile.type).toBe('RuntimeDefault');
    }
  });

  if (name === 'nginx-root-userns') {
    it('runs as root inside the user namespace, recorded, and is reported as baseline', () => {
      const [p] = pods;
      expect(p.spec.securityContext).toMatchObject({ runAsUser: 0, runAsNonRoot: false });
      expect(Object.keys(optOutsOf(p)).sort()).toEqual(['capabilities', 'run-as-root']);
      expect(p.metadata.annotations['haru.cdk8s.io/pod-security-level']).toBe('baseline');
      expect(checkPodSecurity(p, 'restricted').map((v) => v.checkId)).toEqual(['pss/capabilities_restricted', 'pss/capabilities_restricted', 'pss/capabilities_restricted']);
    });
  } else {
    it('passes restricted without any opt-out explaining a violation', () => {
      for (const p of pods) expect(checkPodSecurity(p, 'restricted')).toEqual([]);
    });
  }
  if (name === 'postgres-userns') {
    it('mounts a 10Gi PersistentVolumeClaim', () => {
      const pvc = objs.find((o) => o.kind === 'PersistentVolumeClaim');
      expect(pvc.spec.resources.requests.storage).toBe('10Gi');
      expect(pods[0].spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: pvc.metadata.name } });
    });
  }
  if (name === 'apparmor-profiles') {
    it('uses the field, never the deprecated annotation, for RuntimeDefault and k8s-custom', () => {
      expect(pods.map((p) => p.spec.securityContext.appArmorProfile)).toEqual([{ type: 'RuntimeDefault' }, { type: 'Localhost', localhostProfile: 'k8s-custom' }]);
      expect(JSON.stringify(objs)).not.toContain('container.apparmor.security.beta.kubernetes.io');
    });
  }
});
