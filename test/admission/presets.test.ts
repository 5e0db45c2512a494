/**
 * Every preset and typed mutation, run by the admission engine (as a 1.36 API server runs
 * the policy) over the varied real-world objects of ./corpus.ts: each gives its documented
 * result, a second pass changes nothing, and objects that already comply are not touched.
 */
import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ALL, podSpecOf, PODS, Sample } from './corpus';
import {
  AdmissionEngine, AdmissionResult, AppArmorProfile, CelValue, HardeningProfile, HardeningProfileProps, Mutation, MutatingPolicy,
  OptOut, ParamKind, ParamRef, PatchOperation, ProfileSetting, ResourceRule, RunAs, SeccompProfile, UserNamespace, Volume,
} from '../../lib';
import { parseQuantity } from '../../lib/base/validators';
import { checkPodSecurity } from '../../lib/check/pss';
import { expectValid } from '../support/oracle';

/** One policy per kind (presets type their CEL against one kind), all with the same mutations. */
function engineFor(mutations: () => Mutation[], extra: Record<string, unknown> = {}): { engine: AdmissionEngine; objs: any[] } {
  const chart = Testing.chart();
  new MutatingPolicy(chart, 'pods', { name: 'pods', rules: [ResourceRule.pods()], mutations: mutations(), ...extra });
  new MutatingPolicy(chart, 'deployments', { name: 'deployments', rules: [ResourceRule.deployments()], mutations: mutations(), ...extra });
  return { engine: AdmissionEngine.fromChart(chart, { defaulting: false }), objs: Testing.synth(chart) };
}

/** Admits `s`, checks it was admitted and that a second pass changes nothing; returns the first result. */
function admitTwice(engine: AdmissionEngine, s: Sample): AdmissionResult {
  const once = engine.admit(s.object);
  expect(once.message, s.name).toBeUndefined();
  expect(once.admitted, s.name).toBe(true);
  const twice = engine.admit(once.admittedObject);
  expect(twice.admitted, s.name).toBe(true);
  expect(twice.admittedObject, `${s.name}: second pass`).toEqual(once.admittedObject);
  return once;
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const isWindows = (spec: any) => spec.os?.name === 'windows';
const hostNamespaces = (spec: any) => !!(spec.hostNetwork || spec.hostPID || spec.hostIPC);

/** What Mutation.hardenPods documents, computed from the input pod spec. */
function hardened(spec: any, opts: { hostUsers?: boolean; readOnly?: boolean } = {}): any {
  if (isWindows(spec)) return spec;
  const out = clone(spec);
  const sc = out.securityContext ?? {};
  out.securityContext = {
    ...sc,
    runAsNonRoot: sc.runAsNonRoot ?? true,
    seccompProfile: sc.seccompProfile ?? { type: 'RuntimeDefault' },
    appArmorProfile: sc.appArmorProfile ?? { type: 'RuntimeDefault' },
  };
  if (opts.hostUsers !== false && out.hostUsers === undefined && !hostNamespaces(out)) out.hostUsers = false;
  for (const list of ['containers', 'initContainers']) {
    for (const ctr of out[list] ?? []) {
      const csc = ctr.securityContext ?? {};
      const escalates = !!csc.privileged || (csc.capabilities?.add ?? []).some((a: string) => a === 'SYS_ADMIN' || a === 'CAP_SYS_ADMIN');
      const drop = csc.capabilities?.drop ?? [];
      ctr.securityContext = {
        ...csc,
        allowPrivilegeEscalation: csc.allowPrivilegeEscalation ?? escalates,
        ...(opts.readOnly === false ? {} : { readOnlyRootFilesystem: csc.readOnlyRootFilesystem ?? true }),
        capabilities: { ...(csc.capabilities ?? {}), drop: drop.includes('ALL') ? drop : [...drop, 'ALL'] },
      };
    }
  }
  return out;
}

describe(`Mutation.hardenPods over ${ALL.length} objects`, () => {
  const { engine, objs } = engineFor(() => [Mutation.hardenPods()]);

  it('renders valid policies', async () => {
    await expectValid(objs);
  });

  it.each(ALL.map((s) => [s.name, s] as const))('%s: documented result, idempotent', (_n, s) => {
    const r = admitTwice(engine, s);
    expect(podSpecOf(r.admittedObject)).toEqual(hardened(podSpecOf(s.object)));
    const { spec: _a, ...restIn } = s.object;
    const { spec: _b, ...restOut } = r.admittedObject;
    if (s.object.kind === 'Pod') expect(restOut).toEqual(restIn);
  });

  it('leaves compliant objects (HardenedPod, hardened Deployment) untouched', () => {
    for (const s of ALL.filter((x) => /compliant/.test(x.name))) expect(engine.admit(s.object).admittedObject, s.name).toEqual(s.object);
  });

  const weakenedOrSpecial = /weakened|privileged|SYS_ADMIN|hostNetwork|Windows|ephemeral/;
  it('makes every object that states nothing weaker pass Pod Security restricted', () => {
    const checked = ALL.filter((s) => !weakenedOrSpecial.test(s.name));
    expect(checked.length).toBeGreaterThanOrEqual(18);
    for (const s of checked) expect(checkPodSecurity(engine.admit(s.object).admittedObject, 'restricted'), s.name).toEqual([]);
  });

  it('with opt-outs leaves hostUsers and readOnlyRootFilesystem to the pod', () => {
    const e = engineFor(() => [Mutation.hardenPods({ hostUsersOptOutReason: 'nodes run kernel 5.15', readOnlyRootFilesystemOptOutReason: 'legacy app writes /var/run' })]).engine;
    for (const s of PODS) {
      expect(podSpecOf(admitTwice(e, s).admittedObject), s.name).toEqual(hardened(podSpecOf(s.object), { hostUsers: false, readOnly: false }));
    }
  });
});

const DEFAULTS = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '2', memory: '4Gi' } };

/** What Mutation.defaultResources documents: only missing values, never a request above its limit. */
function withDefaults(spec: any): any {
  const out = clone(spec);
  for (const list of ['containers', 'initContainers']) {
    for (const ctr of out[list] ?? []) {
      const res = ctr.resources ?? {};
      const req = { ...(res.requests ?? {}) };
      const lim = { ...(res.limits ?? {}) };
      for (const k of ['cpu', 'memory'] as const) {
        if (req[k] === undefined && lim[k] === undefined) req[k] = DEFAULTS.requests[k];
      }
      for (const k of ['cpu', 'memory'] as const) {
        const r = res.requests?.[k] ?? req[k];
        if (lim[k] === undefined && (r === undefined || parseQuantity(r)! <= parseQuantity(DEFAULTS.limits[k])!)) lim[k] = DEFAULTS.limits[k];
      }
      ctr.resources = { ...res, ...(Object.keys(req).length ? { requests: req } : {}), ...(Object.keys(lim).length ? { limits: lim } : {}) };
    }
  }
  return out;
}

describe(`Mutation.defaultResources over ${ALL.length} objects`, () => {
  const { engine } = engineFor(() => [Mutation.defaultResources({
    requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('256Mi') },
    limits: { cpu: CelValue.quantity('2'), memory: CelValue.quantity('4Gi') },
  })]);

  it.each(ALL.map((s) => [s.name, s] as const))('%s: documented result, idempotent', (_n, s) => {
    expect(podSpecOf(admitTwice(engine, s).admittedObject)).toEqual(withDefaults(podSpecOf(s.object)));
  });

  it('leaves a fully resourced pod untouched', () => {
    const s = PODS.find((x) => x.name === 'fully resourced pod')!;
    expect(engine.admit(s.object).admittedObject).toEqual(s.object);
  });

  it('reads values from a ConfigMap parameter, with the fallback when the key is missing', () => {
    const chart = Testing.chart();
    new MutatingPolicy(chart, 'p', {
      rules: [ResourceRule.pods()],
      mutations: [Mutation.defaultResources({ limits: { cpu: CelValue.configMapData('cpu', '2') } })],
      paramKind: ParamKind.configMap(),
      paramRef: ParamRef.byName('limits', { namespace: 'platform' }),
    });
    const cm = (data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'limits', namespace: 'platform' }, data });
    const bare = PODS[0].object;
    expect(AdmissionEngine.fromChart(chart, { defaulting: false, paramObjects: [cm({ cpu: '3' })] }).admit(bare).admittedObject.spec.containers[0].resources).toEqual({ limits: { cpu: '3' } });
    expect(AdmissionEngine.fromChart(chart, { defaulting: false, paramObjects: [cm({})] }).admit(bare).admittedObject.spec.containers[0].resources).toEqual({ limits: { cpu: '2' } });
  });
});

const SIDECAR = {
  name: 'proxy',
  image: 'envoyproxy/envoy:v1.31',
  ports: [15001],
  args: ['--log-level', 'info'],
  requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('128Mi') },
  limits: { cpu: CelValue.quantity('500m'), memory: CelValue.quantity('512Mi') },
  volumes: [Volume.configMap('envoy-config', 'envoy'), Volume.emptyDir('envoy-tmp')],
  volumeMounts: [{ volume: 'envoy-config', mountPath: '/etc/envoy', readOnly: true }, { volume: 'envoy-tmp', mountPath: '/tmp' }],
};
const EXPECTED_SIDECAR = {
  name: 'proxy',
  image: 'envoyproxy/envoy:v1.31',
  restartPolicy: 'Always',
  args: ['--log-level', 'info'],
  ports: [{ containerPort: 15001, protocol: 'TCP' }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  volumeMounts: [{ name: 'envoy-config', mountPath: '/etc/envoy', readOnly: true }, { name: 'envoy-tmp', mountPath: '/tmp' }],
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 65532,
    runAsGroup: 65532,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

describe(`Mutation.injectSidecar over ${ALL.length} objects`, () => {
  const { engine, objs } = engineFor(() => [Mutation.injectSidecar(SIDECAR)]);

  it('renders valid policies', async () => {
    await expectValid(objs);
  });

  it.each(ALL.map((s) => [s.name, s] as const))('%s: sidecar first in initContainers with its volumes, idempotent', (_n, s) => {
    const before = podSpecOf(s.object);
    const after = podSpecOf(admitTwice(engine, s).admittedObject);
    expect(after.initContainers).toEqual([EXPECTED_SIDECAR, ...(before.initContainers ?? [])]);
    expect(after.containers).toEqual(before.containers);
    const vols = before.volumes ?? [];
    expect(after.volumes).toEqual([...vols, { name: 'envoy-config', configMap: { name: 'envoy' } }, { name: 'envoy-tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });

  it('keeps a compliant pod compliant (the sidecar runs as a numeric non-root user)', () => {
    const s = PODS.find((x) => /HardenedPod/.test(x.name))!;
    expect(checkPodSecurity(s.object, 'restricted')).toEqual([]);
    expect(checkPodSecurity(engine.admit(s.object).admittedObject, 'restricted')).toEqual([]);
  });

  it('skips pods that already have a container of that name, and keeps the pod\'s own volume of a sidecar volume name', () => {
    const has = { ...PODS[0].object, spec: { containers: [{ name: 'proxy', image: 'other:1' }] } };
    expect(engine.admit(has).admittedObject).toEqual(has);
    const own = { ...PODS[0].object, spec: { containers: [{ name: 'app', image: 'a:1' }], volumes: [{ name: 'envoy-tmp', emptyDir: { medium: 'Memory' } }] } };
    expect(engine.admit(own).admittedObject.spec.volumes).toEqual([{ name: 'envoy-tmp', emptyDir: { medium: 'Memory' } }, { name: 'envoy-config', configMap: { name: 'envoy' } }]);
  });

  it('runs the sidecar as the image user when asked, recording the opt-out', () => {
    const chart = Testing.chart();
    const p = new MutatingPolicy(chart, 'p', { rules: [ResourceRule.pods()], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'envoyproxy/envoy-distroless:v1.31', runAs: RunAs.imageUser(OptOut.because('distroless image runs as 65532')) })] });
    expect(p.apiObject.toJson().metadata.annotations).toEqual({ 'haru.cdk8s.io/opt-out.sidecar-image-user': 'distroless image runs as 65532' });
    const sc = AdmissionEngine.fromChart(chart, { defaulting: false }).admit(PODS[0].object).admittedObject.spec.initContainers[0].securityContext;
    expect(sc.runAsUser).toBeUndefined();
    expect(sc.runAsNonRoot).toBe(true);
  });
});

describe(`Mutation.addLabels / addAnnotations over ${ALL.length} objects`, () => {
  const { engine } = engineFor(() => [Mutation.addLabels({ 'team': 'web', 'app.kubernetes.io/part-of': 'shop' }), Mutation.addAnnotations({ 'example.com/owner': 'web-team' })]);

  it.each(ALL.map((s) => [s.name, s] as const))('%s: entries merged into the maps (created when missing), idempotent', (_n, s) => {
    const r = admitTwice(engine, s);
    expect(r.admittedObject.metadata.labels).toEqual({ ...(s.object.metadata.labels ?? {}), 'team': 'web', 'app.kubernetes.io/part-of': 'shop' });
    expect(r.admittedObject.metadata.annotations).toEqual({ ...(s.object.metadata.annotations ?? {}), 'example.com/owner': 'web-team' });
    expect(r.admittedObject.spec).toEqual(s.object.spec);
  });

  it('work for a policy matching several kinds (metadata is the same in every kind)', async () => {
    const chart = Testing.chart();
    new MutatingPolicy(chart, 'p', { name: 'p', rules: [ResourceRule.pods(), ResourceRule.deployments(), ResourceRule.configMaps()], mutations: [Mutation.addLabels({ team: 'web' }), Mutation.addAnnotations({ 'example.com/owner': 'web' })] });
    const objs = Testing.synth(chart);
    await expectValid(objs);
    expect(objs[0].spec.mutations[0].applyConfiguration.expression).toBe('Object{metadata: Object.metadata{labels: {"team": "web"}}}');
    const e = AdmissionEngine.fromChart(chart, { defaulting: false });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: {} };
    for (const o of [PODS[0].object, ALL[ALL.length - 1].object, cm]) {
      expect(e.admit(o).admittedObject.metadata).toMatchObject({ labels: { team: 'web' }, annotations: { 'example.com/owner': 'web' } });
    }
  });
});

describe(`typed mutations over ${ALL.length} objects`, () => {
  const { engine } = engineFor(() => [
    Mutation.jsonPatch([PatchOperation.add(['metadata', 'annotations', 'example.com/scanned'], 'true'), PatchOperation.add(['metadata', 'annotations', 'example.com/by'], 'policy')]),
    Mutation.applyConfiguration({ metadata: { labels: { managed: 'yes' } } }),
  ]);

  it.each(ALL.map((s) => [s.name, s] as const))('%s: JSON Patch annotations are added even without an annotations map, idempotent', (_n, s) => {
    const r = admitTwice(engine, s);
    expect(r.admittedObject.metadata.annotations).toEqual({ ...(s.object.metadata.annotations ?? {}), 'example.com/scanned': 'true', 'example.com/by': 'policy' });
    expect(r.admittedObject.metadata.labels).toEqual({ ...(s.object.metadata.labels ?? {}), managed: 'yes' });
  });
});

describe('HardeningProfile locks hold against preset options', () => {
  function lockedChart(props: Record<string, unknown>) {
    const app = Testing.app();
    HardeningProfile.set(app, props as HardeningProfileProps);
    return new Chart(app, 'team');
  }
  const fix = (s: string) => `Remove the override of ${s} (the profile decides it), or change that profile.`;

  it('fails when hardenPods opts out of a locked user namespace, whatever the reason says', () => {
    for (const reason of ['ab', '', 'nodes run kernel 5.15']) {
      const chart = lockedChart({ userNamespace: UserNamespace.own(), locked: [ProfileSetting.USER_NAMESPACE] });
      expect(() => new MutatingPolicy(chart, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods({ hostUsersOptOutReason: reason })] }))
        .toThrow('[profile/locked] mutations[0] (hardenPods).hostUsersOptOutReason: is locked by the HardeningProfile at "HardeningProfile" (got UserNamespace.host(<opt-out>); allowed: UserNamespace.own()). ' + fix('userNamespace'));
    }
  });

  it('fails when injectSidecar pulls from a registry outside the locked list', () => {
    const chart = lockedChart({ allowedRegistries: ['registry.example/'], locked: [ProfileSetting.ALLOWED_REGISTRIES] });
    expect(() => new MutatingPolicy(chart, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31' })] }))
      .toThrow('[profile/locked] mutations[0].image: is locked by the HardeningProfile at "HardeningProfile" (got ["envoyproxy/envoy:v1.31"]; allowed: prefixes within ["registry.example/"]). ' + fix('allowedRegistries'));
  });

  it('fails when injectSidecar runs as another user than the locked runAs, and defaults to the profile\'s', () => {
    const chart = lockedChart({ runAs: RunAs.user(30000), locked: [ProfileSetting.RUN_AS] });
    expect(() => new MutatingPolicy(chart, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'e:1', runAs: RunAs.user(40000) })] }))
      .toThrow('[profile/locked] mutations[0].runAs: is locked by the HardeningProfile at "HardeningProfile" (got RunAs.user(40000, 40000); allowed: RunAs.user(30000, 30000)). ' + fix('runAs'));
    const chart2 = lockedChart({ runAs: RunAs.user(30000), locked: [ProfileSetting.RUN_AS] });
    new MutatingPolicy(chart2, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'e:1' })] });
    const sidecar = AdmissionEngine.fromChart(chart2, { defaulting: false }).admit(PODS[0].object).admittedObject.spec.initContainers[0];
    expect(sidecar.securityContext).toMatchObject({ runAsUser: 30000, runAsGroup: 30000 });
  });

  it('hardenPods gives pods without a profile the locked (Localhost) seccomp and AppArmor profiles, keeping a pod\'s own', () => {
    const chart = lockedChart({
      seccompProfile: SeccompProfile.localhost('profiles/app.json'),
      appArmorProfile: AppArmorProfile.localhost('k8s-app'),
      locked: [ProfileSetting.SECCOMP_PROFILE, ProfileSetting.APP_ARMOR_PROFILE],
    });
    new MutatingPolicy(chart, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()] });
    const engine = AdmissionEngine.fromChart(chart, { defaulting: false });
    const bare = admitTwice(engine, PODS[0]).admittedObject.spec.securityContext;
    expect(bare.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/app.json' });
    expect(bare.appArmorProfile).toEqual({ type: 'Localhost', localhostProfile: 'k8s-app' });
    const own = PODS.find((x) => /Localhost seccomp/.test(x.name))!;
    expect(admitTwice(engine, own).admittedObject.spec.securityContext.seccompProfile).toEqual(own.object.spec.securityContext.seccompProfile);
  });

  it('fails when a preset sets limits above locked resource ceilings', () => {
    const chart = lockedChart({ resourceCeilings: { cpu: '1', memory: '1Gi' }, locked: [ProfileSetting.RESOURCE_CEILINGS] });
    expect(() => new MutatingPolicy(chart, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.defaultResources({ limits: { cpu: CelValue.quantity('2'), memory: CelValue.quantity('1Gi') } })] }))
      .toThrow('[profile/locked] mutations[0].limits: is locked by the HardeningProfile at "HardeningProfile" (got {"cpu":"2","memory":"1Gi"}; allowed: ceilings at most {"cpu":"1","memory":"1Gi"}). ' + fix('resourceCeilings'));
  });
});
