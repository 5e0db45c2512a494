import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Cron, Include, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { synth, synthProblems, validationErrors } from './support';
import { CapabilityGrant, HardenedPod, OptOut, PodSecurity, PodSecurityLevel, WorkloadHardening } from '../../lib';
import { HaruValidationError, isHaruValidationError } from '../../lib/base/errors';
import { podSpecsOf } from '../../lib/check/pod-spec';
import { checkPodSecurity } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  return { app, chart };
}

const containers = [{ image: 'nginx:1.27', portNumber: 8080 }];
const workloads: Array<[string, (c: Chart) => kplus.AbstractPod]> = [
  ['Deployment', (c) => new kplus.Deployment(c, 'w', { containers })],
  ['StatefulSet', (c) => new kplus.StatefulSet(c, 'w', { containers, service: new kplus.Service(c, 'svc', { ports: [{ port: 80 }] }) })],
  ['DaemonSet', (c) => new kplus.DaemonSet(c, 'w', { containers })],
  ['Job', (c) => new kplus.Job(c, 'w', { containers })],
  ['CronJob', (c) => new kplus.CronJob(c, 'w', { containers, schedule: Cron.daily() })],
];

describe('WorkloadHardening.apply', () => {
  it.each(workloads)('hardens a kplus %s to PSS restricted with the HardenedPod values', async (kind, make) => {
    const { app, chart } = setup();
    const w = make(chart);
    WorkloadHardening.apply(w);
    const objs = synth(app, chart);
    const obj = objs.find((o) => o.kind === kind);
    const [pod] = podSpecsOf(obj);
    expect(pod.spec.hostUsers).toBe(false);
    expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.containers[0].securityContext).toEqual({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(pod.spec.containers[0].resources.limits['ephemeral-storage']).toBe('512Mi');
    expect(pod.spec.volumes).toEqual([{ emptyDir: { sizeLimit: '64Mi' }, name: 'tmp' }]);
    expect(checkPodSecurity(obj, 'restricted')).toEqual([]);
    const np = objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name.includes('hardening'));
    expect(np.spec.podSelector.matchLabels).toEqual(pod.metadata.labels);
    await expectValid(objs);
  });

  it('records opt-outs on the object and its pod template', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'nginx:1.27', portNumber: 80 }] });
    WorkloadHardening.apply(d, { addCapabilities: CapabilityGrant.netBindService(OptOut.because('binds :80')) });
    const obj = synth(app, chart).find((o) => o.kind === 'Deployment');
    expect(obj.metadata.annotations['haru.cdk8s.io/opt-out.net-bind-service']).toBe('binds :80');
    expect(obj.spec.template.metadata.annotations['haru.cdk8s.io/opt-out.net-bind-service']).toBe('binds :80');
    expect(obj.spec.template.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['NET_BIND_SERVICE'] });
  });

  it('fails when the kplus container runs privileged without an opt-out', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'x:1', securityContext: { privileged: true } }] });
    WorkloadHardening.apply(d);
    expect(synthProblems(app)).toContain("[harden/privileged] spec.template.spec.containers[0].securityContext.privileged: must not be true in a hardened pod (got true; allowed: false). Remove it, or pass allowPrivileged: OptOut.because('<reason>') (the pod is then reported as not restricted).");
  });

  it('fails when a kplus container takes a Secret value into its environment without an opt-out', () => {
    const { app, chart } = setup();
    const secret = kplus.Secret.fromSecretName(chart, 'db', 'db');
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'x:1', envVariables: { PW: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } }] });
    WorkloadHardening.apply(d);
    expect(synthProblems(app)).toContain('[harden/secret-env] spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: must not put a Secret value into the environment of a hardened container');
  });

  it('records secret-env on a kplus workload that opts out', async () => {
    const { app, chart } = setup();
    const secret = kplus.Secret.fromSecretName(chart, 'db', 'db');
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'x:1', envVariables: { PW: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } }] });
    WorkloadHardening.apply(d, { allowSecretsInEnv: OptOut.because('vendor image') });
    const objs = synth(app, chart);
    const dep = objs.find((o) => o.kind === 'Deployment');
    expect(dep.metadata.annotations['haru.cdk8s.io/opt-out.secret-env']).toBe('vendor image');
    await expectValid(objs);
  });

  it('fails when the kplus container sets a low UID', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'x:1', securityContext: { user: 1000 } }] });
    WorkloadHardening.apply(d);
    expect(synthProblems(app)).toContain('[harden/run-as] spec.template.spec.containers[0].securityContext.runAsUser: must be greater than 10000 in a hardened pod, or the ID given to RunAs.user (got 1000; allowed: 10001 to 2147483647, or the runAs ID). Remove it and set runAs: RunAs.user(<uid>) (an ID of 10000 or less is recorded as the opt-out low-uid).');
  });

  it('applies JSON patches after the hardening', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'x:1' }] });
    WorkloadHardening.apply(d);
    ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/securityContext/runAsUser', 70000));
    const obj = synth(app, chart).find((o) => o.kind === 'Deployment');
    expect(obj.spec.template.spec.securityContext.runAsUser).toBe(70000);
  });

  it('opens the policy with explicit allow rules', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'w', { containers: [{ image: 'x:1' }] });
    const web = new HardenedPod(chart, 'web', { containers: [{ image: 'nginx:1.27' }] });
    WorkloadHardening.apply(d).allowFrom(web, [kplus.NetworkPolicyPort.tcp(8080)]);
    const np = synth(app, chart).find((o) => o.kind === 'NetworkPolicy' && o.metadata.name.includes('hardening'));
    expect(np.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: web.selectorLabels }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });
});

/** The error PodSecurity.enforce's validation throws. */
function enforceError(app: App): HaruValidationError {
  try {
    validationErrors(app);
  } catch (e) {
    if (isHaruValidationError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('PodSecurity.enforce', () => {
  const badPod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'legacy' }, spec: { containers: [{ name: 'a', image: 'x:1', securityContext: { privileged: true } }] } };

  it('fails listing every violating object, including plain ApiObjects and Include', () => {
    const { app, chart } = setup();
    PodSecurity.enforce(chart, PodSecurityLevel.BASELINE);
    new ApiObject(chart, 'plain', badPod as any);
    const file = join(tmpdir(), `inc-${process.pid}.yaml`);
    writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: inc}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      hostNetwork: true\n      containers: [{name: c, image: "x:1"}]\n');
    new Include(chart, 'inc', { url: file });
    new HardenedPod(chart, 'ok', { containers: [{ image: 'x:1' }] });
    const e = enforceError(app);
    expect(e.violations).toHaveLength(2);
    expect(e.message.split('\n')[0]).toBe('[c] 2 problems:');
    expect(e.message.split('\n')[1]).toBe('  - [pss/privileged] Pod/legacy (c/plain) spec.containers[0].securityContext.privileged: violates Pod Security Standards baseline: must not run privileged (got true; allowed: false or unset). Set privileged to false.');
    expect(e.violations[1].field).toMatch(/^Deployment\/inc \(c\/inc\/.*\) spec.template.spec.hostNetwork$/);
    expect(e.violations[1].checkId).toBe('pss/hostNamespaces');
  });

  it('fails with the library error type that isHaruValidationError recognises', () => {
    const { app, chart } = setup();
    PodSecurity.enforce(chart, PodSecurityLevel.BASELINE);
    new ApiObject(chart, 'plain', badPod as any);
    let thrown: unknown;
    try {
      app.synthYaml();
    } catch (err) {
      thrown = err;
    }
    expect(isHaruValidationError(thrown)).toBe(true);
    expect((thrown as HaruValidationError).where).toBe('c');
  });

  it('honours a recorded opt-out that relaxes exactly the violated check', () => {
    const { app, chart } = setup();
    PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
    new ApiObject(chart, 'plain', { ...badPod, metadata: { name: 'legacy', annotations: { 'haru.cdk8s.io/opt-out.privileged': 'GPU driver installer' } }, spec: { ...badPod.spec, containers: [{ ...badPod.spec.containers[0] }] } } as any);
    const ids = enforceError(app).violations.map((v) => v.checkId);
    expect(ids).not.toContain('pss/privileged');
    expect(ids).toContain('pss/allowPrivilegeEscalation');
  });

  it('passes hardened pods, opted-out hardened pods and hardened workloads', () => {
    const { app, chart } = setup();
    PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
    new HardenedPod(chart, 'a', { containers: [{ image: 'x:1' }], addCapabilities: CapabilityGrant.of(['CHOWN'], OptOut.because('chown at start')) });
    WorkloadHardening.apply(new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1' }] }));
    expect(validationErrors(app)).toEqual([]);
  });

  it('fails a plain cdk8s-plus Pod at restricted (no drop ALL, no seccomp)', () => {
    const { app, chart } = setup();
    PodSecurity.enforce(chart, PodSecurityLevel.RESTRICTED);
    new kplus.Pod(chart, 'p', { containers: [{ image: 'x:1' }] });
    const msg = enforceError(app).message;
    expect(msg).toContain('[pss/capabilities_restricted]');
    expect(msg).toContain('[pss/seccompProfile_restricted]');
  });

  it('exposes the level and violations of a manifest', () => {
    expect(PodSecurity.levelOf(badPod)).toBe(PodSecurityLevel.PRIVILEGED);
    expect(PodSecurity.violations(badPod, PodSecurityLevel.BASELINE)).toEqual(['[pss/privileged] spec.containers[0].securityContext.privileged: must not run privileged (got true; allowed: false or unset). Set privileged to false.']);
  });
});
