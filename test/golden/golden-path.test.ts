import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { buildGoldenPath } from '../../examples/golden-path/app';
import { houseRules, WebService } from '../../examples/golden-path/platform';
import { AuthzConfig, HardeningProfile, OptOut, RunAs, SeccompProfile, UserNamespace, WorkloadHardening } from '../../lib';
import { hasPodSpec } from '../../lib/check/pod-spec';
import { checkPodSecurity, podSecurityLevelOf } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

function build(): { app: App; objs: any[] } {
  const app = Testing.app();
  buildGoldenPath(app);
  const objs: any[] = [];
  for (const chart of app.node.findAll().filter((c): c is Chart => c instanceof Chart)) objs.push(...Testing.synth(chart));
  for (const a of app.node.findAll().filter((c): c is AuthzConfig => c instanceof AuthzConfig)) objs.push(a.toJson());
  return { app, objs };
}

describe('golden path', () => {
  it('synthesises objects that pass kubernetes-models, the schema checker and the per-kind rules', async () => {
    const { objs } = build();
    expect(objs.map((o) => o.kind).sort()).toEqual([
      'AuthorizationConfiguration', 'Deployment', 'FlowSchema', 'Job', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
      'NetworkPolicy', 'NetworkPolicy', 'ResourceClaimTemplate', 'Service',
    ]);
    await expectValid(objs);
  });

  it('every pod template passes Pod Security Standards restricted with no opt-out', () => {
    const { objs } = build();
    const pods = objs.filter(hasPodSpec);
    expect(pods.map((o) => o.kind).sort()).toEqual(['Deployment', 'Job']);
    for (const o of pods) {
      expect(checkPodSecurity(o, 'restricted')).toEqual([]);
      expect(podSecurityLevelOf(o)).toBe('restricted');
      expect(Object.keys(o.metadata.annotations ?? {}).filter((k) => k.includes('opt-out'))).toEqual([]);
    }
  });

  it('the house rules reach the team objects; the team profile adds its label and GPU sharing', () => {
    const { objs } = build();
    const dep = objs.find((o) => o.kind === 'Deployment');
    const job = objs.find((o) => o.kind === 'Job');
    for (const w of [dep, job]) {
      expect(w.spec.template.spec.securityContext).toMatchObject({ runAsUser: 20000, runAsGroup: 20000, seccompProfile: { type: 'RuntimeDefault' } });
      expect(w.spec.template.spec.hostUsers).toBe(false);
      expect(w.spec.template.metadata.labels).toMatchObject({ 'platform.acme.example/managed': 'true', 'acme.example/team': 'shop' });
    }
    expect(job.spec.template.spec.resourceClaims).toEqual([{ name: 'gpu', resourceClaimTemplateName: objs.find((o) => o.kind === 'ResourceClaimTemplate').metadata.name }]);
    expect(objs.find((o) => o.kind === 'ResourceClaimTemplate').spec.spec.devices.config[0].opaque.parameters.sharing).toEqual({ strategy: 'TimeSlicing', timeSlicingConfig: { interval: 'Long' } });
  });

  it('the cluster-side objects take the house settings', () => {
    const { objs } = build();
    const mp = objs.find((o) => o.kind === 'MutatingAdmissionPolicy');
    expect(mp.spec.failurePolicy).toBe('Fail');
    expect(mp.spec.matchConstraints.namespaceSelector.matchExpressions).toEqual([{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }]);
    expect(objs.find((o) => o.kind === 'FlowSchema').spec.matchingPrecedence).toBe(450);
    const w = objs.find((o) => o.kind === 'AuthorizationConfiguration').authorizers.find((a: any) => a.type === 'Webhook');
    expect(w.webhook).toMatchObject({ timeout: '2s', failurePolicy: 'NoOpinion' });
  });

  it('the service NetworkPolicy opens only the ingress controller and the declared dependency', () => {
    const { objs } = build();
    const np = objs.find((o) => o.kind === 'NetworkPolicy' && o.spec.ingress);
    expect(np.spec.ingress).toHaveLength(1);
    expect(np.spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(np.spec.egress.map((e: any) => e.ports.map((p: any) => p.port))).toEqual([[53, 53], [5432]]);
  });

  it('fails when a team uses an image from outside the platform registry', () => {
    const app = Testing.app();
    houseRules(app);
    const team = new Chart(app, 'team');
    new WebService(team, 'web', { image: 'docker.io/library/nginx:1.27', port: 8080 });
    expect(() => Testing.synth(team)).toThrow(
      '[profile/registry] spec.template.spec.containers[0].image: must come from a registry the HardeningProfile at "HardeningProfile" allows (got "docker.io/library/nginx:1.27"; allowed: registry.acme.example/).');
  });

  it('fails when a team profile turns seccomp off under the house rules', () => {
    const app = Testing.app();
    houseRules(app);
    const team = new Chart(app, 'team');
    expect(() => HardeningProfile.set(team, { seccompProfile: SeccompProfile.unconfined(OptOut.because('debugging')) })).toThrow(
      '[team/HardeningProfile] invalid input:\n  - [profile/locked] seccompProfile: is locked by the HardeningProfile at "HardeningProfile" (got {"type":"Unconfined"}; allowed: {"type":"RuntimeDefault"}). Remove the override of seccompProfile (the profile decides it), or change that profile.');
  });

  it('fails when a team hardens its own workload with a host user namespace under the house rules', async () => {
    const kplus = await import('cdk8s-plus-33');
    const app = Testing.app();
    houseRules(app);
    const team = new Chart(app, 'team');
    const d = new kplus.Deployment(team, 'd', { containers: [{ image: 'registry.acme.example/x:1' }] });
    expect(() => WorkloadHardening.apply(d, { userNamespace: UserNamespace.host(OptOut.because('old nodes')) })).toThrow(
      '[profile/locked] userNamespace: is locked by the HardeningProfile at "HardeningProfile" (got UserNamespace.host(<opt-out>); allowed: UserNamespace.own()).');
  });

  it('an unlocked house default (runAs) can still be changed by a team prop', async () => {
    const kplus = await import('cdk8s-plus-33');
    const app = Testing.app();
    houseRules(app);
    const team = new Chart(app, 'team');
    const d = new kplus.Deployment(team, 'd', { containers: [{ image: 'registry.acme.example/x:1' }] });
    WorkloadHardening.apply(d, { runAs: RunAs.user(30000) });
    const [obj] = Testing.synth(team).filter((o) => o.kind === 'Deployment');
    expect(obj.spec.template.spec.securityContext).toMatchObject({ runAsUser: 30000, runAsGroup: 30000 });
    await expectValid(obj);
  });

  it('main.ts synthesises the platform and team manifests and the authorization file', () => {
    const out = mkdtempSync(join(tmpdir(), 'golden-'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '../../examples/golden-path/main.ts')], { env: { ...process.env, CDK8S_OUTDIR: out }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(readdirSync(out).sort()).toEqual(['authorization-config.yaml', 'platform.k8s.yaml', 'shop.k8s.yaml']);
    const shop = Yaml.load(join(out, 'shop.k8s.yaml'));
    expect(shop.map((o: any) => o.kind).sort()).toEqual(['Deployment', 'Job', 'NetworkPolicy', 'NetworkPolicy', 'ResourceClaimTemplate', 'Service']);
    expect(readFileSync(join(out, 'authorization-config.yaml'), 'utf8')).toContain('timeout: 2s');
  });
});
