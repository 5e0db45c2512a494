import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  AppArmorProfile, ApfFlowSchema, Authorizer, AuthzConfig, FailurePolicy, GpuClaimScope, GpuSharing, GpuSharingStrategy,
  GpuTimeSliceClaim, HardenedPod, HardeningProfile, HardeningProfileProps, MutatingPolicy, Mutation, OptOut, PrecedenceRange,
  PriorityLevel, ProfileSetting, ResourceRule, RunAs, SeccompProfile, Subject, TimeSliceInterval, UserNamespace,
  WebhookConnection, WebhookFailurePolicy, WorkloadHardening,
} from '../../lib';
import { podSpecsOf } from '../../lib/check/pod-spec';
import { expectValid } from '../support/oracle';

const IMAGE = 'registry.example.com/team/app:1.0';
const rules = [{ subjects: [Subject.serviceAccount('ops', 'ctl')], resourceRules: [{ apiGroups: ['apps'], resources: ['deployments'], namespaces: ['*'] }] }];
const webhook = (extra: Partial<Parameters<typeof Authorizer.webhook>[0]> = {}) =>
  Authorizer.webhook({ name: 'policy.example.com', connection: WebhookConnection.kubeConfigFile('/etc/k/authz.kubeconfig'), ...extra });

/** One construct of every kind of the library under `scope`; returns them. */
function everything(scope: Construct, overrides: { pod?: any; workload?: any; policy?: any; claim?: any; schema?: any; authz?: any } = {}) {
  const pod = new HardenedPod(scope, 'Pod', { containers: [{ image: IMAGE }], ...overrides.pod });
  const deployment = new kplus.Deployment(scope, 'Deployment', { containers: [{ image: IMAGE, portNumber: 8080 }] });
  const hardening = WorkloadHardening.apply(deployment, overrides.workload ?? {});
  const policy = new MutatingPolicy(scope, 'Policy', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()], ...overrides.policy });
  const claim = new GpuTimeSliceClaim(scope, 'Gpu', { claimScope: GpuClaimScope.PER_POD, ...overrides.claim });
  claim.attachTo(pod);
  const schema = new ApfFlowSchema(scope, 'Schema', { priorityLevel: PriorityLevel.WORKLOAD_LOW, rules, ...overrides.schema });
  const authz = new AuthzConfig(scope, 'Authz', { authorizers: [webhook(overrides.authz ?? {})] });
  return { pod, deployment, hardening, policy, claim, schema, authz };
}

const HOUSE: HardeningProfileProps = {
  allowedRegistries: ['registry.example.com/'],
  runAs: RunAs.user(30000, 30001),
  seccompProfile: SeccompProfile.localhost('profiles/house.json'),
  appArmorProfile: AppArmorProfile.localhost('house'),
  defaultResources: { cpuLimit: '2', memoryRequest: '128Mi', memoryLimit: '128Mi' },
  podLabels: { 'example.com/tier': 'house' },
  excludeNamespaces: ['kube-system', 'monitoring'],
  admissionFailurePolicy: FailurePolicy.IGNORE,
  gpuSharing: GpuSharing.mps({ activeThreadPercentage: 50 }),
  matchingPrecedenceRange: PrecedenceRange.between(2000, 3000),
  webhookFailurePolicy: WebhookFailurePolicy.DENY,
  webhookTimeout: Duration.seconds(5),
};

function synthAll(chart: Chart, authz: AuthzConfig): any[] {
  return [...Testing.synth(chart), authz.toJson()];
}

describe('a profile reaches every construct kind under its scope', () => {
  function build() {
    const app = Testing.app();
    const chart = new Chart(app, 'team', { namespace: 'team' });
    HardeningProfile.set(chart, HOUSE);
    const nested = new Construct(chart, 'Deep');
    const made = everything(nested);
    return { chart, ...made, objs: synthAll(chart, made.authz) };
  }

  it('HardenedPod: runAs, profiles, default resources, labels', async () => {
    const { objs } = build();
    const pod = objs.find((o) => o.kind === 'Pod');
    expect(pod.spec.securityContext).toMatchObject({
      runAsUser: 30000,
      runAsGroup: 30001,
      fsGroup: 30001,
      seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/house.json' },
      appArmorProfile: { type: 'Localhost', localhostProfile: 'house' },
    });
    expect(pod.spec.containers[0].resources.limits).toMatchObject({ cpu: '2', memory: '128Mi' });
    expect(pod.spec.containers[0].resources.requests).toMatchObject({ cpu: '100m', memory: '128Mi' });
    expect(pod.metadata.labels['example.com/tier']).toBe('house');
    expect(pod.metadata.annotations['haru.cdk8s.io/opt-out.seccomp-localhost']).toBe('node-local seccomp profile profiles/house.json');
    await expectValid(objs.filter((o) => o.kind !== 'AuthorizationConfiguration'));
  });

  it('WorkloadHardening: the same pod settings and labels on the workload and its template', () => {
    const { objs } = build();
    const dep = objs.find((o) => o.kind === 'Deployment');
    const [pod] = podSpecsOf(dep);
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 30000, runAsGroup: 30001, seccompProfile: { type: 'Localhost' } });
    expect(dep.metadata.labels['example.com/tier']).toBe('house');
    expect(dep.spec.template.metadata.labels['example.com/tier']).toBe('house');
  });

  it('MutatingPolicy: namespace exclusions and failure policy', () => {
    const { objs, policy } = build();
    const mp = objs.find((o) => o.kind === 'MutatingAdmissionPolicy');
    expect(mp.spec.failurePolicy).toBe('Ignore');
    expect(policy.failurePolicy).toBe(FailurePolicy.IGNORE);
    expect(mp.spec.matchConstraints.namespaceSelector.matchExpressions).toEqual([{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'monitoring'] }]);
  });

  it('GpuTimeSliceClaim: sharing', () => {
    const { objs, claim } = build();
    expect(claim.sharing.strategy).toBe(GpuSharingStrategy.MPS);
    const rct = objs.find((o) => o.kind === 'ResourceClaimTemplate');
    expect(rct.spec.spec.devices.config[0].opaque.parameters.sharing).toMatchObject({ strategy: 'MPS', mpsConfig: { defaultActiveThreadPercentage: 50 } });
  });

  it('ApfFlowSchema: precedence from the range (1000 is outside, so its lower bound)', () => {
    const { objs, schema } = build();
    expect(schema.matchingPrecedence).toBe(2000);
    expect(objs.find((o) => o.kind === 'FlowSchema').spec.matchingPrecedence).toBe(2000);
  });

  it('AuthzConfig: webhook failure policy and timeout', async () => {
    const { authz } = build();
    const w = authz.toJson().authorizers.find((a: any) => a.type === 'Webhook');
    expect(w.webhook).toMatchObject({ failurePolicy: 'Deny', timeout: '5s' });
    await expectValid(authz.toJson());
  });

  it('HardeningProfile.of finds the nearest profile from any construct below', () => {
    const { chart, pod } = build();
    expect(HardeningProfile.of(pod)?.node.path).toBe('team/HardeningProfile');
    expect(HardeningProfile.of(chart)?.node.path).toBe('team/HardeningProfile');
    expect(HardeningProfile.of(Testing.app())).toBeUndefined();
  });
});

describe('precedence', () => {
  it('explicit props win over the profile (unlocked)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'team');
    HardeningProfile.set(chart, HOUSE);
    const m = everything(chart, {
      pod: { runAs: RunAs.user(40000), seccompProfile: SeccompProfile.runtimeDefault(), defaultResources: { cpuLimit: '1' } },
      workload: { appArmorProfile: AppArmorProfile.runtimeDefault() },
      policy: { excludeNamespaces: ['kube-system'], failurePolicy: FailurePolicy.FAIL },
      claim: { sharing: GpuSharing.timeSlicing(TimeSliceInterval.SHORT) },
      schema: { matchingPrecedence: 2500 },
      authz: { failurePolicy: WebhookFailurePolicy.NO_OPINION, timeout: Duration.seconds(1) },
    });
    const objs = synthAll(chart, m.authz);
    const pod = objs.find((o) => o.kind === 'Pod');
    expect(pod.spec.securityContext).toMatchObject({ runAsUser: 40000, runAsGroup: 40000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.spec.containers[0].resources.limits).toMatchObject({ cpu: '1', memory: '128Mi' });
    expect(podSpecsOf(objs.find((o) => o.kind === 'Deployment'))[0].spec.securityContext.appArmorProfile).toEqual({ type: 'RuntimeDefault' });
    expect(objs.find((o) => o.kind === 'MutatingAdmissionPolicy').spec).toMatchObject({
      failurePolicy: 'Fail', matchConstraints: { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] } },
    });
    expect(m.claim.sharing.interval).toBe(TimeSliceInterval.SHORT);
    expect(m.schema.matchingPrecedence).toBe(2500);
    expect(m.authz.toJson().authorizers[2].webhook).toMatchObject({ failurePolicy: 'NoOpinion', timeout: '1s' });
  });

  it('the nearest profile wins over an outer one; pod labels merge, inner keys winning', () => {
    const app = Testing.app();
    HardeningProfile.set(app, { runAs: RunAs.user(30000), podLabels: { a: 'outer', b: 'outer' }, gpuSharing: GpuSharing.mps() });
    const inner = new Chart(app, 'inner');
    HardeningProfile.set(inner, { runAs: RunAs.user(40000), podLabels: { b: 'inner' } });
    const plain = new Chart(app, 'plain');
    const podInner = new HardenedPod(inner, 'Pod', { containers: [{ image: IMAGE }] });
    const podPlain = new HardenedPod(plain, 'Pod', { containers: [{ image: IMAGE }] });
    const claim = new GpuTimeSliceClaim(inner, 'Gpu', { claimScope: GpuClaimScope.PER_POD });
    claim.attachTo(podInner);
    const [pi] = Testing.synth(inner).filter((o) => o.kind === 'Pod');
    const [pp] = Testing.synth(plain).filter((o) => o.kind === 'Pod');
    expect(pi.spec.securityContext.runAsUser).toBe(40000);
    expect(pp.spec.securityContext.runAsUser).toBe(30000);
    expect(pi.metadata.labels).toMatchObject({ a: 'outer', b: 'inner' });
    expect(pp.metadata.labels).toMatchObject({ a: 'outer', b: 'outer' });
    expect(claim.sharing.strategy).toBe(GpuSharingStrategy.MPS);
    expect(podPlain.node.path).toBe('plain/Pod');
  });

  it('an unlocked opt-out still works and is recorded', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'team');
    HardeningProfile.set(chart, { seccompProfile: SeccompProfile.runtimeDefault() });
    new HardenedPod(chart, 'Pod', { containers: [{ image: IMAGE }], runAs: RunAs.imageUser(OptOut.because('the image sets its own numeric user')) });
    const [pod] = Testing.synth(chart).filter((o) => o.kind === 'Pod');
    expect(pod.spec.securityContext.runAsUser).toBeUndefined();
    expect(pod.metadata.annotations['haru.cdk8s.io/opt-out.image-user']).toBe('the image sets its own numeric user');
  });
});

describe('documented @default of every profile setting equals the behaviour without a profile', () => {
  const src = readFileSync(resolve(__dirname, '../../lib/profile/profile.ts'), 'utf8');
  const body = src.slice(src.indexOf('export interface HardeningProfileProps'));
  const block = body.slice(0, body.indexOf('\n}\n'));
  const docs: Record<string, string> = {};
  for (const m of block.matchAll(/@default ([^\n]*)\n(?:[^\n]*\n)*?\s*readonly (\w+)\?/g)) docs[m[2]] = m[1].trim();

  it('documents a default for every setting, for locked and for failOnWarnings', () => {
    expect(Object.keys(docs).sort()).toEqual([...Object.values(ProfileSetting), 'locked', 'failOnWarnings'].sort());
  });

  it('documents failOnWarnings: false, and warnings do not fail synth without it', () => {
    expect(docs.failOnWarnings).toBe('false');
    const chart = Testing.chart();
    // a ServiceAccount subject behind the suggested service-accounts schema (9000): flowcontrol/shadowed, a warning
    expect(() => new ApfFlowSchema(chart, 'late', { priorityLevel: PriorityLevel.WORKLOAD_HIGH, matchingPrecedence: 9500, rules })).not.toThrow();
  });

  it('matches what the constructs do with no profile (and with an empty one)', () => {
    for (const withEmpty of [false, true]) {
      const app = Testing.app();
      const chart = new Chart(app, 'c');
      if (withEmpty) HardeningProfile.set(chart, {});
      const m = everything(chart, { pod: { containers: [{ image: 'docker.io/library/nginx:1.27' }] } });
      const objs = synthAll(chart, m.authz);
      const pod = objs.find((o) => o.kind === 'Pod');
      const sc = pod.spec.securityContext;
      expect(docs.runAs).toBe('RunAs.user(65532, 65532)');
      expect([sc.runAsUser, sc.runAsGroup]).toEqual([65532, 65532]);
      expect(docs.userNamespace).toBe('UserNamespace.own()');
      expect(pod.spec.hostUsers).toBe(false);
      expect(docs.seccompProfile).toBe('SeccompProfile.runtimeDefault()');
      expect(sc.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      expect(docs.appArmorProfile).toBe('AppArmorProfile.runtimeDefault()');
      expect(sc.appArmorProfile).toEqual({ type: 'RuntimeDefault' });
      expect(docs.defaultResources).toBe('- cpu 100m/500m, memory 256Mi/256Mi, ephemeral-storage 128Mi/512Mi (request/limit)');
      expect(pod.spec.containers[0].resources).toMatchObject({ requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' }, limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' } });
      expect(docs.allowedRegistries).toBe('- images from any registry');
      expect(pod.spec.containers[0].image).toBe('docker.io/library/nginx:1.27');
      expect(docs.resourceCeilings).toBe('- no ceilings');
      expect(docs.podLabels).toBe('- no labels');
      expect(Object.keys(pod.metadata.labels)).toEqual(['cdk8s.io/metadata.addr']);
      const mp = objs.find((o) => o.kind === 'MutatingAdmissionPolicy');
      expect(docs.excludeNamespaces).toBe('- none');
      expect(mp.spec.matchConstraints.namespaceSelector).toBeUndefined();
      expect(docs.admissionFailurePolicy).toBe('FailurePolicy.FAIL');
      expect(mp.spec.failurePolicy).toBe(FailurePolicy.FAIL);
      expect(docs.gpuSharing).toBe('- GpuSharing.exclusive() for per-pod claims, GpuSharing.timeSlicing(TimeSliceInterval.DEFAULT) for shared claims');
      expect(objs.find((o) => o.kind === 'ResourceClaimTemplate').spec.spec.devices.config).toBeUndefined();
      expect(docs.matchingPrecedenceRange).toBe('- any precedence the API server accepts; schemas default to 1000');
      expect(m.schema.matchingPrecedence).toBe(1000);
      const w = m.authz.toJson().authorizers[2].webhook;
      expect(docs.webhookFailurePolicy).toBe('WebhookFailurePolicy.NO_OPINION');
      expect(w.failurePolicy).toBe(WebhookFailurePolicy.NO_OPINION);
      expect(docs.webhookTimeout).toBe('Duration.seconds(3)');
      expect(w.timeout).toBe('3s');
      expect(docs.locked).toBe('- nothing locked');
    }
  });
});

/** The message of the error `f` throws. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e: any) {
    return e.message;
  }
  throw new Error('expected an error');
}

const LOCK_FIX = (s: string) => `Remove the override of ${s} (the profile decides it), or change that profile.`;

/** An app whose root profile sets and locks `props`, and a chart `team` below it. */
function locked(props: HardeningProfileProps) {
  const app = Testing.app();
  HardeningProfile.set(app, props);
  return { app, team: new Chart(app, 'team') };
}

describe('locks', () => {
  it('fails when a prop weakens a locked setting (runAs, through the image-user opt-out)', () => {
    const { team } = locked({ runAs: RunAs.user(30000), locked: [ProfileSetting.RUN_AS] });
    expect(errorOf(() => new HardenedPod(team, 'Pod', { containers: [{ image: IMAGE }], runAs: RunAs.imageUser(OptOut.because('image user')) }))).toBe(
      '[team/Pod] invalid input:\n  - [profile/locked] runAs: is locked by the HardeningProfile at "HardeningProfile" (got RunAs.imageUser(<opt-out>); allowed: RunAs.user(30000, 30000)). '
      + LOCK_FIX('runAs'));
  });

  it('fails when a prop sets another value of a locked equality setting (runAs UID)', () => {
    const { team } = locked({ runAs: RunAs.user(30000), locked: [ProfileSetting.RUN_AS] });
    expect(errorOf(() => new HardenedPod(team, 'Pod', { containers: [{ image: IMAGE }], runAs: RunAs.user(40000) }))).toContain(
      'runAs: is locked by the HardeningProfile at "HardeningProfile" (got RunAs.user(40000, 40000); allowed: RunAs.user(30000, 30000))');
  });

  it('fails when an inner profile weakens a locked setting', () => {
    const { team } = locked({ seccompProfile: SeccompProfile.runtimeDefault(), locked: [ProfileSetting.SECCOMP_PROFILE] });
    expect(errorOf(() => HardeningProfile.set(team, { seccompProfile: SeccompProfile.unconfined(OptOut.because('legacy app')) }))).toBe(
      '[team/HardeningProfile] invalid input:\n  - [profile/locked] seccompProfile: is locked by the HardeningProfile at "HardeningProfile" (got {"type":"Unconfined"}; allowed: {"type":"RuntimeDefault"}). '
      + LOCK_FIX('seccompProfile'));
  });

  it('fails when a HardenedPod opts out of a locked user namespace', () => {
    const { team } = locked({ userNamespace: UserNamespace.own(), locked: [ProfileSetting.USER_NAMESPACE] });
    expect(errorOf(() => new HardenedPod(team, 'Pod', { containers: [{ image: IMAGE }], userNamespace: UserNamespace.host(OptOut.because('old kernel')) }))).toBe(
      '[team/Pod] invalid input:\n  - [profile/locked] userNamespace: is locked by the HardeningProfile at "HardeningProfile" (got UserNamespace.host(<opt-out>); allowed: UserNamespace.own()). '
      + LOCK_FIX('userNamespace'));
  });

  it('fails when Mutation.hardenPods opts out of a locked user namespace', () => {
    const { team } = locked({ userNamespace: UserNamespace.own(), locked: [ProfileSetting.USER_NAMESPACE] });
    expect(errorOf(() => new MutatingPolicy(team, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods({ hostUsersOptOutReason: 'old kernels' })] }))).toBe(
      '[team/P] invalid input:\n  - [profile/locked] mutations[0] (hardenPods).hostUsersOptOutReason: is locked by the HardeningProfile at "HardeningProfile" (got UserNamespace.host(<opt-out>); allowed: UserNamespace.own()). '
      + LOCK_FIX('userNamespace'));
  });

  it('fails when a hardened workload opts out of a locked seccomp profile', () => {
    const { team } = locked({ seccompProfile: SeccompProfile.runtimeDefault(), locked: [ProfileSetting.SECCOMP_PROFILE] });
    const d = new kplus.Deployment(team, 'D', { containers: [{ image: IMAGE }] });
    expect(errorOf(() => WorkloadHardening.apply(d, { seccompProfile: SeccompProfile.unconfined(OptOut.because('legacy app')) }))).toBe(
      '[team/D] invalid input:\n  - [profile/locked] seccompProfile: is locked by the HardeningProfile at "HardeningProfile" (got {"type":"Unconfined"}; allowed: {"type":"RuntimeDefault"}). '
      + LOCK_FIX('seccompProfile'));
  });

  it('fails when a MutatingPolicy excludes a namespace the locked list does not', () => {
    const { team } = locked({ excludeNamespaces: ['kube-system'], locked: [ProfileSetting.EXCLUDE_NAMESPACES] });
    expect(errorOf(() => new MutatingPolicy(team, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()], excludeNamespaces: ['kube-system', 'team'] }))).toBe(
      '[team/P] invalid input:\n  - [profile/locked] excludeNamespaces: is locked by the HardeningProfile at "HardeningProfile" (got ["kube-system","team"]; allowed: a subset of ["kube-system"]). '
      + LOCK_FIX('excludeNamespaces'));
  });

  it('lets a MutatingPolicy exclude fewer namespaces than the locked list', () => {
    const { team } = locked({ excludeNamespaces: ['kube-system', 'monitoring'], locked: [ProfileSetting.EXCLUDE_NAMESPACES] });
    const p = new MutatingPolicy(team, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()], excludeNamespaces: ['kube-system'] });
    expect(p.apiObject.toJson().spec.matchConstraints.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system']);
  });

  it('fails when a MutatingPolicy changes a locked failure policy', () => {
    const { team } = locked({ admissionFailurePolicy: FailurePolicy.FAIL, locked: [ProfileSetting.ADMISSION_FAILURE_POLICY] });
    expect(errorOf(() => new MutatingPolicy(team, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()], failurePolicy: FailurePolicy.IGNORE }))).toBe(
      '[team/P] invalid input:\n  - [profile/locked] failurePolicy: is locked by the HardeningProfile at "HardeningProfile" (got "Ignore"; allowed: "Fail"). '
      + LOCK_FIX('admissionFailurePolicy'));
  });

  it('fails when a GpuTimeSliceClaim changes locked GPU sharing', () => {
    const { team } = locked({ gpuSharing: GpuSharing.timeSlicing(), locked: [ProfileSetting.GPU_SHARING] });
    expect(errorOf(() => new GpuTimeSliceClaim(team, 'G', { claimScope: GpuClaimScope.PER_POD, sharing: GpuSharing.exclusive() }))).toBe(
      '[team/G] invalid input:\n  - [profile/locked] sharing: is locked by the HardeningProfile at "HardeningProfile" (got {"strategy":"Exclusive"}; allowed: {"strategy":"TimeSlicing"}). '
      + LOCK_FIX('gpuSharing'));
  });

  it('fails when a webhook waits longer than the locked timeout, and accepts a shorter one', () => {
    const { app } = locked({ webhookTimeout: Duration.seconds(2), locked: [ProfileSetting.WEBHOOK_TIMEOUT] });
    expect(errorOf(() => new AuthzConfig(app, 'A', { authorizers: [webhook({ timeout: Duration.seconds(10) })] }))).toBe(
      '[A] invalid input:\n  - [profile/locked] authorizers[0] Authorizer.webhook("policy.example.com").timeout: is locked by the HardeningProfile at "HardeningProfile" (got 10s; allowed: at most 2s). '
      + LOCK_FIX('webhookTimeout'));
    const ok = new AuthzConfig(app, 'B', { fileName: 'b.yaml', authorizers: [webhook({ timeout: Duration.seconds(1) })] });
    expect(ok.toJson().authorizers[2].webhook.timeout).toBe('1s');
  });

  it('fails when an added webhook changes the locked failure policy', () => {
    const { app } = locked({ webhookFailurePolicy: WebhookFailurePolicy.DENY, locked: [ProfileSetting.WEBHOOK_FAILURE_POLICY] });
    const authz = new AuthzConfig(app, 'A');
    expect(errorOf(() => authz.addAuthorizer(webhook({ failurePolicy: WebhookFailurePolicy.NO_OPINION })))).toBe(
      '[A] invalid input:\n  - [profile/locked] authorizer Authorizer.webhook("policy.example.com").failurePolicy: is locked by the HardeningProfile at "HardeningProfile" (got "NoOpinion"; allowed: "Deny"). '
      + LOCK_FIX('webhookFailurePolicy'));
  });

  it('fails when an inner profile widens a locked precedence range', () => {
    const { team } = locked({ matchingPrecedenceRange: PrecedenceRange.between(2000, 3000), locked: [ProfileSetting.MATCHING_PRECEDENCE_RANGE] });
    expect(errorOf(() => HardeningProfile.set(team, { matchingPrecedenceRange: PrecedenceRange.between(500, 3000) }))).toBe(
      '[team/HardeningProfile] invalid input:\n  - [profile/locked] matchingPrecedenceRange: is locked by the HardeningProfile at "HardeningProfile" (got 500..3000; allowed: within 2000..3000). '
      + LOCK_FIX('matchingPrecedenceRange'));
  });

  it('fails when an inner profile allows another registry than the locked ones, and accepts a narrower prefix', () => {
    const { team } = locked({ allowedRegistries: ['registry.example.com/'], locked: [ProfileSetting.ALLOWED_REGISTRIES] });
    expect(errorOf(() => HardeningProfile.set(team, { allowedRegistries: ['registry.example.com/', 'docker.io/'] }))).toBe(
      '[team/HardeningProfile] invalid input:\n  - [profile/locked] allowedRegistries: is locked by the HardeningProfile at "HardeningProfile" (got ["registry.example.com/","docker.io/"]; allowed: prefixes within ["registry.example.com/"]). '
      + LOCK_FIX('allowedRegistries'));
    const narrow = new Chart(team.node.scope as Construct, 'narrow');
    expect(HardeningProfile.set(narrow, { allowedRegistries: ['registry.example.com/team/'] }).settings.allowedRegistries).toEqual(['registry.example.com/team/']);
  });

  it('fails when an inner profile raises a locked resource ceiling', () => {
    const { team } = locked({ resourceCeilings: { cpu: '1' }, locked: [ProfileSetting.RESOURCE_CEILINGS] });
    expect(errorOf(() => HardeningProfile.set(team, { resourceCeilings: { cpu: '2', memory: '1Gi' } }))).toBe(
      '[team/HardeningProfile] invalid input:\n  - [profile/locked] resourceCeilings: is locked by the HardeningProfile at "HardeningProfile" (got {"cpu":"2","memory":"1Gi"}; allowed: ceilings at most {"cpu":"1"}). '
      + LOCK_FIX('resourceCeilings'));
  });

  it('fails when a pod overrides a locked pod label', () => {
    const { team } = locked({ podLabels: { tier: 'gold' }, locked: [ProfileSetting.POD_LABELS] });
    expect(errorOf(() => new HardenedPod(team, 'Pod', { containers: [{ image: IMAGE }], metadata: { labels: { tier: 'bronze' } } }))).toBe(
      '[team/Pod] invalid input:\n  - [profile/locked] metadata.labels: is locked by the HardeningProfile at "HardeningProfile" (got {"tier":"bronze"}; allowed: labels including {"tier":"gold"}). '
      + LOCK_FIX('podLabels'));
  });

  it('checks a lock against the outermost profile even through an inner one that re-sets the value', () => {
    const { team } = locked({ runAs: RunAs.user(30000), locked: [ProfileSetting.RUN_AS] });
    HardeningProfile.set(team, { runAs: RunAs.user(30000), podLabels: { x: 'y' } });
    const inner = new Construct(team, 'inner');
    expect(errorOf(() => new HardenedPod(inner, 'Pod', { containers: [{ image: IMAGE }], runAs: RunAs.rootInUserNamespace(OptOut.because('needs root')) }))).toContain(
      '[team/inner/Pod] invalid input:\n  - [profile/locked] runAs: is locked by the HardeningProfile at "HardeningProfile" (got RunAs.rootInUserNamespace(<opt-out>)');
  });
});

describe('rules', () => {
  it('fails when a HardenedPod image comes from a registry the profile does not allow', () => {
    const { team } = locked({ allowedRegistries: ['registry.example.com/'] });
    expect(errorOf(() => new HardenedPod(team, 'Pod', { containers: [{ image: 'docker.io/library/nginx:1.27' }] }))).toBe(
      '[team/Pod] invalid input:\n  - [profile/registry] containers[0].image: must come from a registry the HardeningProfile at "HardeningProfile" allows (got "docker.io/library/nginx:1.27"; allowed: registry.example.com/). Push the image to an allowed registry and use that reference.');
  });

  it('fails when a hardened workload image comes from a registry the profile does not allow', () => {
    const { team } = locked({ allowedRegistries: ['registry.example.com/'] });
    const d = new kplus.Deployment(team, 'D', { containers: [{ image: 'nginx:1.27' }] });
    WorkloadHardening.apply(d);
    expect(errorOf(() => Testing.synth(team))).toContain(
      '[profile/registry] spec.template.spec.containers[0].image: must come from a registry the HardeningProfile at "HardeningProfile" allows (got "nginx:1.27"; allowed: registry.example.com/).');
  });

  it('fails when a container limit is above the profile ceiling', () => {
    const { team } = locked({ resourceCeilings: { cpu: '1' } });
    expect(errorOf(() => new HardenedPod(team, 'Pod', { containers: [{ image: IMAGE, resources: { cpuLimit: '2' } }] }))).toBe(
      '[team/Pod] invalid input:\n  - [profile/ceiling] containers[0].resources.cpuLimit: is above the ceiling of the HardeningProfile at "HardeningProfile" (got "2"; allowed: at most 1). Lower the cpu limit.');
  });

  it('fails when a FlowSchema precedence is outside the profile range', () => {
    const { team } = locked({ matchingPrecedenceRange: PrecedenceRange.between(2000, 3000) });
    expect(errorOf(() => new ApfFlowSchema(team, 'S', { priorityLevel: PriorityLevel.WORKLOAD_LOW, matchingPrecedence: 500, rules }))).toBe(
      '[team/S] invalid input:\n  - [profile/precedence-range] matchingPrecedence: is outside the range of the HardeningProfile at "HardeningProfile" (got 500; allowed: 2000..3000). Pick a precedence inside the range.');
  });
});

describe('HardeningProfile', () => {
  it('fails when a scope gets a second profile', () => {
    const app = Testing.app();
    HardeningProfile.set(app, {});
    expect(errorOf(() => new HardeningProfile(app, 'Other', {}))).toBe(
      '[Other] invalid input:\n  - [profile/duplicate] the app already has a HardeningProfile (got HardeningProfile). Put the settings into that profile, or give a child scope its own profile.');
  });

  it('fails when it is created after constructs it would govern', () => {
    const chart = new Chart(Testing.app(), 'team');
    new HardenedPod(chart, 'Pod', { containers: [{ image: IMAGE }] });
    expect(errorOf(() => HardeningProfile.set(chart, {}))).toBe(
      '[team/HardeningProfile] invalid input:\n  - [profile/order] is created after constructs it would govern, which have already read their settings (got team/Pod). Create the HardeningProfile first.');
  });

  it('fails when it locks a setting it does not set', () => {
    expect(errorOf(() => HardeningProfile.set(Testing.app(), { locked: [ProfileSetting.RUN_AS] }))).toBe(
      '[HardeningProfile] invalid input:\n  - [profile/locked] locked[0]: locks runAs, which this profile does not set (got runAs; allowed: none (this profile sets nothing)). Set runAs in this profile, or remove it from locked.');
  });

  it('fails when it locks a setting it does not set, naming the settings it does set', () => {
    expect(errorOf(() => HardeningProfile.set(Testing.app(), { allowedRegistries: ['r.example.com/'], locked: [ProfileSetting.ALLOWED_REGISTRIES, ProfileSetting.RUN_AS] }))).toContain(
      '[profile/locked] locked[1]: locks runAs, which this profile does not set (got runAs; allowed: a setting this profile sets: allowedRegistries). Set runAs in this profile, or remove it from locked.');
  });

  it('fails when a registry prefix has no slash after the host', () => {
    expect(errorOf(() => HardeningProfile.set(Testing.app(), { allowedRegistries: ['registry.example.com'] }))).toBe(
      '[HardeningProfile] invalid input:\n  - [profile/input] allowedRegistries[0]: must be an image prefix that starts with a registry host and a "/" (got "registry.example.com"; allowed: e.g. "registry.example.com/", "ghcr.io/acme/"). Write the host and the slash, so that "evil.com" cannot match "evil.com.attacker.io".');
  });

  it('fails when the webhook timeout is above 30s', () => {
    expect(errorOf(() => HardeningProfile.set(Testing.app(), { webhookTimeout: Duration.seconds(31) }))).toContain('[profile/input] webhookTimeout: must be a Duration above 0 and at most 30s');
  });

  it('fails when a precedence range is upside down', () => {
    expect(errorOf(() => PrecedenceRange.between(3000, 2000))).toBe(
      '[PrecedenceRange.between] invalid input:\n  - [profile/precedence-range] min: must not be greater than max (got 3000 > 2000). Swap the bounds.');
  });
});

describe('locks on MutatingPolicy bindings', () => {
  it('fails when an added binding excludes a namespace the locked list does not', () => {
    const { team } = locked({ excludeNamespaces: ['kube-system'], locked: [ProfileSetting.EXCLUDE_NAMESPACES] });
    const p = new MutatingPolicy(team, 'P', { rules: [ResourceRule.pods()], mutations: [Mutation.hardenPods()] });
    expect(errorOf(() => p.addBinding('Team', { excludeNamespaces: ['team'] }))).toBe(
      '[team/P/Team] invalid input:\n  - [profile/locked] excludeNamespaces: is locked by the HardeningProfile at "HardeningProfile" (got ["team"]; allowed: a subset of ["kube-system"]). '
      + LOCK_FIX('excludeNamespaces'));
    expect(p.addBinding('System', { excludeNamespaces: ['kube-system'] }).apiObject.toJson().spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system']);
  });
});

describe('locked pod labels on workloads', () => {
  it('fails when a label added to the workload after hardening overrides a locked one', () => {
    const { team } = locked({ podLabels: { tier: 'gold' }, locked: [ProfileSetting.POD_LABELS] });
    const d = new kplus.Deployment(team, 'D', { containers: [{ image: IMAGE }] });
    WorkloadHardening.apply(d);
    d.metadata.addLabel('tier', 'bronze');
    expect(errorOf(() => Testing.synth(team))).toContain(
      '[profile/locked] metadata.labels: is locked by the HardeningProfile at "HardeningProfile" (got {"tier":"bronze"}; allowed: labels including {"tier":"gold"}).');
  });
});
