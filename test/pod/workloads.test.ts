/**
 * Real workloads through the constructs: patches hardened again, fixed-UID images,
 * StatefulSets with claim templates, the typed pod props and their server-side rules.
 */
import { ApiObject, Chart, Cron, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { describe, expect, it } from 'vitest';
import { byKind, synth, synthProblems } from './support';
import { HardenedPod, HardeningProfile, OptOut, ProfileSetting, RunAs, UserNamespace, WorkloadHardening } from '../../lib';
import { checkPodSecurity } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

function setup() {
  const app = Testing.app();
  const chart = new Chart(app, 'c', { namespace: 'apps' });
  return { app, chart };
}

function patched(patch: JsonPatch, props: any = {}): string {
  const { app, chart } = setup();
  const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }], ...props });
  ApiObject.of(pod).addJsonPatch(patch);
  return synthProblems(app);
}

describe('HardenedPod hardens the patched object again', () => {
  it('fails when a JSON patch sets hostUsers to true', () => {
    expect(patched(JsonPatch.replace('/spec/hostUsers', true))).toBe('[c/p] invalid input:\n'
      + "  - [harden/host-users] spec.hostUsers: must be false in a hardened pod (got true; allowed: false). Remove hostUsers, or pass userNamespace: UserNamespace.host(OptOut.because('<reason>')).");
  });

  it('fails when a JSON patch sets readOnlyRootFilesystem to false', () => {
    expect(patched(JsonPatch.replace('/spec/containers/0/securityContext/readOnlyRootFilesystem', false))).toBe('[c/p] invalid input:\n'
      + "  - [harden/read-only-root-filesystem] spec.containers[0].securityContext.readOnlyRootFilesystem: must be true in a hardened pod (got false; allowed: true). Mount writable paths with writablePaths, or pass writableRootFilesystem: OptOut.because('<reason>').");
  });

  it('fails when a JSON patch removes a hardened value', () => {
    expect(patched(JsonPatch.remove('/spec/containers/0/securityContext/readOnlyRootFilesystem'))).toBe('[c/p] invalid input:\n'
      + '  - [harden/patched] spec.containers[0].securityContext.readOnlyRootFilesystem: lost a hardened value after the hardening ran (a JSON patch removed it) (got unset; allowed: true). Remove the patch, or relax the default with its opt-out.');
  });

  it('fails when a patch gets round a HardeningProfile lock on the user namespace', () => {
    const { app, chart } = setup();
    HardeningProfile.set(chart, { userNamespace: UserNamespace.own(), locked: [ProfileSetting.USER_NAMESPACE] });
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }] });
    ApiObject.of(pod).addJsonPatch(JsonPatch.remove('/spec/hostUsers'));
    expect(synthProblems(app)).toContain('[harden/patched] spec.hostUsers: lost a hardened value after the hardening ran (a JSON patch removed it) (got unset; allowed: false).');
  });

  it('records the opt-out a patched value needs when it is given', () => {
    const { app, chart } = setup();
    const pod = new HardenedPod(chart, 'p', { containers: [{ image: 'x:1' }], userNamespace: UserNamespace.host(OptOut.because('node lacks idmap mounts')) });
    ApiObject.of(pod).addJsonPatch(JsonPatch.replace('/spec/containers/0/securityContext/readOnlyRootFilesystem', true));
    const p = byKind(synth(app, chart), 'Pod')[0];
    expect(p.metadata.annotations['haru.cdk8s.io/opt-out.host-users']).toBe('node lacks idmap mounts');
  });

  it('keeps an unpatched pod on the fast path (no re-hardening needed) and byte-identical', () => {
    const a = setup();
    new HardenedPod(a.chart, 'p', { containers: [{ image: 'x:1' }] });
    const b = setup();
    const pod = new HardenedPod(b.chart, 'p', { containers: [{ image: 'x:1' }] });
    ApiObject.of(pod).addJsonPatch(JsonPatch.add('/metadata/labels/team', 'db'));
    const pa = byKind(synth(a.app, a.chart), 'Pod')[0];
    const pb = byKind(synth(b.app, b.chart), 'Pod')[0];
    expect(pb.spec).toEqual(pa.spec);
  });

  it('fails when a patch weakens a WorkloadHardening default', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1' }] });
    WorkloadHardening.apply(d);
    ApiObject.of(d).addJsonPatch(JsonPatch.replace('/spec/template/spec/hostUsers', true));
    expect(synthProblems(app)).toContain("[harden/host-users] spec.template.spec.hostUsers: must be false in a hardened pod (got true; allowed: false). Remove hostUsers, or pass userNamespace: UserNamespace.host(OptOut.because('<reason>')).");
  });
});

describe('RunAs.user with the fixed UID of an image', () => {
  it('accepts postgres UID 999, records low-uid and stays PSS restricted', async () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'db', { containers: [{ image: 'postgres:17' }], runAs: RunAs.user(999) });
    const objs = synth(app, chart);
    const p = byKind(objs, 'Pod')[0];
    expect(p.spec.securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true });
    expect(p.metadata.annotations['haru.cdk8s.io/opt-out.low-uid']).toBe('the image runs as UID 999');
    expect(p.metadata.annotations['haru.cdk8s.io/pod-security-level']).toBeUndefined();
    expect(checkPodSecurity(p, 'restricted')).toEqual([]);
    await expectValid(objs);
  });

  it('records the given reason for grafana UID 472', () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'g', { containers: [{ image: 'grafana/grafana:11' }], runAs: RunAs.user(472, 472, 'grafana image owns /var/lib/grafana as 472') });
    const p = byKind(synth(app, chart), 'Pod')[0];
    expect(p.metadata.annotations['haru.cdk8s.io/opt-out.low-uid']).toBe('grafana image owns /var/lib/grafana as 472');
  });

  it('records nothing for a UID above 10000', () => {
    const { app, chart } = setup();
    new HardenedPod(chart, 'g', { containers: [{ image: 'x:1' }], runAs: RunAs.user(10001) });
    const p = byKind(synth(app, chart), 'Pod')[0];
    expect(p.metadata.annotations?.['haru.cdk8s.io/opt-out.low-uid']).toBeUndefined();
  });

  it('records UID 10000 (kubesec and Trivy want strictly more)', () => {
    expect(RunAs.user(10000)._optOut?.reason).toBe('the image runs as UID 10000');
  });

  it('fails when the UID is above the API server maximum', () => {
    expect(() => RunAs.user(2147483648)).toThrow('[RunAs.user] invalid input:\n  - [harden/input] runAsUser: must be an integer from 1 to 2147483647 (got 2147483648; allowed: 1 to 2147483647). Use the UID the image runs as (e.g. 999 for postgres), a high ID such as 65532, or RunAs.imageUser(reason) to leave it to the image.');
  });

  it('fails when a patch sets a low UID that RunAs does not name', () => {
    expect(patched(JsonPatch.replace('/spec/securityContext/runAsUser', 1000))).toBe('[c/p] invalid input:\n'
      + '  - [harden/run-as] spec.securityContext.runAsUser: must be greater than 10000 in a hardened pod, or the ID given to RunAs.user (got 1000; allowed: 10001 to 2147483647, or the runAs ID). Remove it and set runAs: RunAs.user(<uid>) (an ID of 10000 or less is recorded as the opt-out low-uid).');
  });
});

describe('messages', () => {
  it('fails when a container port uses the Kubernetes spelling containerPort', () => {
    const { chart } = setup();
    expect(() => new HardenedPod(chart, 'p', { containers: [{ image: 'x:1', ports: [{ containerPort: 8080 } as any] }] })).toThrow('[c/p] 2 problems:\n'
      + '  - [api/unknown-field] containers[0].ports[0].containerPort: is not a field of ContainerPort (got "containerPort"; allowed: hostPort, name, number, protocol). Did you mean "number"?\n'
      + '  - [api/required] containers[0].ports[0].number: is required (got undefined; allowed: a finite number). Pass a finite number.');
  });
});

describe('host network messages', () => {
  it('fails when hostNetwork is allowed but the pod keeps its own user namespace, naming the construct opt-out', () => {
    const { chart } = setup();
    expect(() => new HardenedPod(chart, 'p', { hostNetwork: true, allowHostNamespaces: OptOut.because('node exporter reads host interfaces'), containers: [{ image: 'x:1' }] })).toThrow('[c/p] invalid input:\n'
      + "  - [harden/host-namespaces] hostNetwork: needs the host user namespace: the API server forbids host namespaces with hostUsers: false (got true; allowed: false or unset, or userNamespace: UserNamespace.host(reason)). Pass userNamespace: UserNamespace.host(OptOut.because('<reason>')) as well, or remove hostNetwork.");
  });
});

describe('hardened StatefulSet with typed volumeClaimTemplates', () => {
  function sts(chart: Chart, extra: any = {}) {
    const service = new kplus.Service(chart, 'svc', { clusterIP: 'None', ports: [{ port: 5432 }] });
    return new kplus.StatefulSet(chart, 'db', { service, containers: [{ name: 'postgres', image: 'postgres:17', portNumber: 5432 }], ...extra });
  }

  it('renders the templates and mounts them, valid and PSS restricted', async () => {
    const { app, chart } = setup();
    WorkloadHardening.apply(sts(chart), { runAs: RunAs.user(999), volumeClaimTemplates: [{ name: 'data', storage: '10Gi', storageClassName: 'fast', mounts: [{ mountPath: '/var/lib/postgresql/data' }] }] });
    const objs = synth(app, chart);
    const s = objs.find((o) => o.kind === 'StatefulSet');
    expect(s.spec.volumeClaimTemplates).toEqual([{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'fast' } }]);
    expect(s.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
    expect(checkPodSecurity(s, 'restricted')).toEqual([]);
    await expectValid(objs);
  });

  it('keeps the Secret volumes cdk8s-plus drops from a StatefulSet', () => {
    const { app, chart } = setup();
    const secret = kplus.Volume.fromSecret(chart, 'cred', kplus.Secret.fromSecretName(chart, 's', 'pg'));
    const s0 = sts(chart, { volumes: [secret] });
    s0.containers[0].mount('/run/secrets/pg', secret, { readOnly: true });
    WorkloadHardening.apply(s0);
    const s = synth(app, chart).find((o) => o.kind === 'StatefulSet');
    expect(s.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['secret-pg', 'tmp']);
  });

  it('fails when a claim template is given for a Deployment', () => {
    const { chart } = setup();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1' }] });
    expect(() => WorkloadHardening.apply(d, { volumeClaimTemplates: [{ name: 'data', storage: '1Gi' }] })).toThrow('[c/d] invalid input:\n'
      + '  - [harden/volume-claim-template] volumeClaimTemplates: only a StatefulSet has volume claim templates (got "Deployment"; allowed: a kplus.StatefulSet). Use a StatefulSet, or mount an existing claim with a persistentVolumeClaim volume.');
  });

  it('fails when a mount names a container the StatefulSet does not have', () => {
    const { chart } = setup();
    expect(() => WorkloadHardening.apply(sts(chart), { volumeClaimTemplates: [{ name: 'data', storage: '1Gi', mounts: [{ mountPath: '/data', container: 'pg' }] }] })).toThrow('[c/db] invalid input:\n'
      + '  - [harden/volume-claim-template] volumeClaimTemplates[0].mounts[0].container: names no container of the StatefulSet (got "pg"; allowed: postgres). Add the container first or fix the name.');
  });

  it('fails when the storage is not a quantity', () => {
    const { chart } = setup();
    expect(() => WorkloadHardening.apply(sts(chart), { volumeClaimTemplates: [{ name: 'data', storage: '10GB' }] })).toThrow('[harden/volume-claim-template] volumeClaimTemplates[0].storage: must be a Kubernetes quantity');
  });
});

describe('defaults on cdk8s-plus workloads replace the resources cdk8s-plus fills in', () => {
  const containerOf = (objs: any[]) => byKind(objs, 'Deployment')[0].spec.template.spec.containers[0];

  it('shows the library defaults, not cdk8s-plus 1000m/1500m and 512Mi/2048Mi, when the user wrote no resources', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] });
    WorkloadHardening.apply(d);
    const c = containerOf(synth(app, chart));
    expect(c.resources).toEqual({
      requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  it('shows WorkloadHardening defaultResources', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] });
    WorkloadHardening.apply(d, { defaultResources: { cpuRequest: '50m', cpuLimit: '300m', memoryRequest: '64Mi', memoryLimit: '128Mi' } });
    expect(containerOf(synth(app, chart)).resources).toEqual({
      requests: { 'cpu': '50m', 'memory': '64Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '300m', 'memory': '128Mi', 'ephemeral-storage': '512Mi' },
    });
  });

  it('shows the profile defaults, and its ceilings do not refuse values the user never wrote', () => {
    const { app, chart } = setup();
    HardeningProfile.set(chart, { defaultResources: { memoryLimit: '512Mi', memoryRequest: '512Mi' }, resourceCeilings: { memory: '1Gi', cpu: '1' } });
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] });
    WorkloadHardening.apply(d);
    expect(containerOf(synth(app, chart)).resources.limits).toEqual({ 'cpu': '500m', 'memory': '512Mi', 'ephemeral-storage': '512Mi' });
  });

  it.each([
    ['Deployment', (c: Chart) => new kplus.Deployment(c, 'w', { containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] })],
    ['StatefulSet', (c: Chart) => new kplus.StatefulSet(c, 'w', { containers: [{ image: 'x:1', portNumber: 8080, securityContext: { user: 65532, group: 65532 } }] })],
    ['Job', (c: Chart) => new kplus.Job(c, 'w', { containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] })],
    ['CronJob', (c: Chart) => new kplus.CronJob(c, 'w', { schedule: Cron.daily(), containers: [{ image: 'x:1', securityContext: { user: 65532, group: 65532 } }] })],
  ] as const)('the synthesised YAML of a %s (and its init container) shows the profile defaults, never cdk8s-plus\'s', async (_kind, make) => {
    const { app, chart } = setup();
    HardeningProfile.set(chart, { defaultResources: { cpuRequest: '20m', cpuLimit: '200m', memoryRequest: '96Mi', memoryLimit: '96Mi' }, resourceCeilings: { memory: '1Gi' } });
    const w = make(chart);
    w.addInitContainer({ name: 'init', image: 'x:1', securityContext: { user: 65532, group: 65532 } });
    WorkloadHardening.apply(w);
    const yaml = app.synthYaml();
    expect(yaml).not.toMatch(/cpu: "?(1000m|1500m)|memory: "?(512Mi|2048Mi)/);
    expect(yaml).toMatch(/cpu: 200m/);
    const objs = synth(app, chart);
    const containers = objs.flatMap((o: any) => {
      const spec = o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec?.template?.spec;
      return spec ? [...spec.containers, ...(spec.initContainers ?? [])] : [];
    });
    expect(containers).toHaveLength(2);
    for (const c of containers) {
      expect([c.resources.requests.cpu, c.resources.limits.cpu, c.resources.requests.memory, c.resources.limits.memory]).toEqual(['20m', '200m', '96Mi', '96Mi']);
    }
    await expectValid(objs);
  });

  it('keeps the resources the user wrote', () => {
    const { app, chart } = setup();
    const d = new kplus.Deployment(chart, 'd', {
      containers: [{
        image: 'x:1',
        securityContext: { user: 65532, group: 65532 },
        resources: {
          cpu: { request: kplus.Cpu.millis(1000), limit: kplus.Cpu.millis(1500) },
          memory: { request: Size.mebibytes(100), limit: Size.mebibytes(200) },
        },
      }],
    });
    WorkloadHardening.apply(d, { defaultResources: { cpuLimit: '300m' } });
    expect(containerOf(synth(app, chart)).resources).toEqual({
      requests: { 'cpu': '1000m', 'memory': '100Mi', 'ephemeral-storage': '128Mi' },
      limits: { 'cpu': '1500m', 'memory': '200Mi', 'ephemeral-storage': '512Mi' },
    });
  });
});
