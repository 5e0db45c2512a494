import { Testing } from 'cdk8s';
import { beforeAll, describe, expect, it } from 'vitest';
import { admitTwice, initSimulator } from './simulate';
import { CelValue, Mutation, MutatingPolicy, ParamKind, ParamRef, ResourceRule } from '../../lib';
import { checkCel, CelEnvironment } from '../../lib/cel';
import { atomicFieldsSetBy } from '../../lib/check/admission';
import { expectValid } from '../support/oracle';

const POD = 'io.k8s.api.core.v1.Pod';

beforeAll(initSimulator);

function synthPolicy(mutations: Mutation[], extra: Record<string, unknown> = {}): any[] {
  const chart = Testing.chart();
  new MutatingPolicy(chart, 'p', { name: 'p', rules: [ResourceRule.pods()], mutations, ...extra });
  return Testing.synth(chart);
}

/** Every expression parses and type-checks against the Pod schema, and no ApplyConfiguration touches an atomic field. */
function expectTypedAndGranular(policy: any): void {
  const opts = { objectType: POD, hasParams: !!policy.spec.paramKind, paramsType: policy.spec.paramKind ? 'io.k8s.api.core.v1.ConfigMap' : undefined };
  for (const mc of policy.spec.matchConditions ?? []) {
    const r = checkCel(mc.expression, CelEnvironment.ADMISSION_MATCH_CONDITION, opts);
    expect(r.problems).toEqual([]);
    expect(r.resultType).toBe('bool');
  }
  for (const m of policy.spec.mutations) {
    if (m.patchType === 'ApplyConfiguration') {
      const r = checkCel(m.applyConfiguration.expression, CelEnvironment.MUTATION_APPLY_CONFIGURATION, opts);
      expect(r.problems).toEqual([]);
      expect(r.resultType).toBe('Object');
      expect(atomicFieldsSetBy(POD, m.applyConfiguration.expression)).toEqual([]);
    } else {
      const r = checkCel(m.jsonPatch.expression, CelEnvironment.MUTATION_JSON_PATCH, opts);
      expect(r.problems).toEqual([]);
      expect(r.resultType).toMatch(/^list\(/);
    }
  }
}

const app = (extra: Record<string, unknown> = {}) => ({ name: 'app', image: 'registry.example/app:1.0', ...extra });
const pod = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec });

describe('Mutation.injectSidecar', () => {
  const objs = synthPolicy([Mutation.injectSidecar({
    name: 'proxy',
    image: 'envoyproxy/envoy:v1.31',
    ports: [15001],
    args: ['--log-level', 'info'],
    requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('128Mi') },
    limits: { cpu: CelValue.quantity('500m'), memory: CelValue.quantity('512Mi') },
  })]);
  const policy = objs[0];

  it('renders a valid policy whose expressions type-check and set no atomic field through ApplyConfiguration', async () => {
    await expectValid(objs);
    expectTypedAndGranular(policy);
    // args (atomic) is carried by JSONPatch, never by ApplyConfiguration.
    expect(policy.spec.mutations.map((m: any) => m.patchType)).toEqual(['JSONPatch']);
    expect(policy.spec.matchConditions).toEqual([expect.objectContaining({ name: 'skip-when-proxy-present' })]);
  });

  it('adds the sidecar first in initContainers with restartPolicy Always, leaving other containers alone', () => {
    const input = pod({ containers: [app()], initContainers: [{ name: 'migrate', image: 'm:1' }] });
    const { once } = admitTwice(policy, input);
    expect(once.spec.containers).toEqual(input.spec.containers);
    expect(once.spec.initContainers.map((c: any) => c.name)).toEqual(['proxy', 'migrate']);
    expect(once.spec.initContainers[0]).toMatchObject({
      image: 'envoyproxy/envoy:v1.31',
      restartPolicy: 'Always',
      args: ['--log-level', 'info'],
      ports: [{ containerPort: 15001, protocol: 'TCP' }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true },
    });
  });

  it('creates initContainers when the pod has none', () => {
    const { once } = admitTwice(policy, pod({ containers: [app()] }));
    expect(once.spec.initContainers.map((c: any) => c.name)).toEqual(['proxy']);
  });

  it('is a no-op when re-invoked: the match condition (and the guard in the expression) sees the sidecar', () => {
    // How we know: the JSONPatch only adds an entry named "proxy" when no container or init
    // container of that name exists; after the first run one exists, so the match condition is
    // false and — even without it — the expression's own guard returns [].
    const { once, twice } = admitTwice(policy, pod({ containers: [app()] }));
    expect(twice).toEqual(once);
    const unguarded = { ...policy, spec: { ...policy.spec, matchConditions: [] } };
    expect(admitTwice(unguarded, once).once).toEqual(once);
  });

  it('skips pods that already define a container of that name', () => {
    const input = pod({ containers: [app({ name: 'proxy' })] });
    expect(admitTwice(policy, input).once).toEqual(input);
  });
});

describe('Mutation.defaultResources', () => {
  const objs = synthPolicy([Mutation.defaultResources({
    requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('256Mi') },
    limits: { cpu: CelValue.quantity('2'), memory: CelValue.quantity('4Gi') },
  })]);
  const policy = objs[0];

  it('renders a valid policy whose expressions type-check and set no atomic field through ApplyConfiguration', async () => {
    await expectValid(objs);
    expectTypedAndGranular(policy);
    expect(policy.spec.mutations.every((m: any) => m.patchType === 'ApplyConfiguration')).toBe(true);
  });

  it('fills in missing requests and limits per container and keeps every value a container has', () => {
    const input = pod({
      containers: [
        app(),
        app({ name: 'limited', resources: { limits: { cpu: '1' } } }),
        app({ name: 'big', resources: { requests: { cpu: '4', memory: '1Gi' } } }),
      ],
    });
    const { once } = admitTwice(policy, input);
    const [plain, limited, big] = once.spec.containers;
    expect(plain.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '2', memory: '4Gi' } });
    // A limit without a request: Kubernetes defaults the request to the limit, so none is added.
    expect(limited.resources).toEqual({ limits: { cpu: '1', memory: '4Gi' }, requests: { memory: '256Mi' } });
    // A request above the default limit: adding the limit would make the pod invalid, so it is left out.
    expect(big.resources).toEqual({ requests: { cpu: '4', memory: '1Gi' }, limits: { memory: '4Gi' } });
  });

  it('is a no-op when re-invoked: every mutation is guarded by "some container lacks the value"', () => {
    // How we know: each mutation only writes containers whose request/limit for that resource is
    // missing (filter + exists guard), merged by container name; after one run none is missing,
    // so every mutation returns the empty Object{}.
    const input = pod({ containers: [app(), app({ name: 'b', resources: { limits: { memory: '1Gi' } } })], initContainers: [{ name: 'i', image: 'i:1' }] });
    const { once, twice } = admitTwice(policy, input);
    expect(twice).toEqual(once);
    expect(once.spec.initContainers[0].resources.limits).toEqual({ cpu: '2', memory: '4Gi' });
  });

  it('reads values from a ConfigMap parameter with a fallback', () => {
    const objs2 = synthPolicy([Mutation.defaultResources({ limits: { cpu: CelValue.configMapData('cpu', '2') } })], {
      paramKind: ParamKind.configMap(), paramRef: ParamRef.byName('limits', { namespaceName: 'platform' }),
    });
    expectTypedAndGranular(objs2[0]);
    expect(admitTwice(objs2[0], pod({ containers: [app()] }), { data: { cpu: '3' } }).once.spec.containers[0].resources).toEqual({ limits: { cpu: '3' } });
    expect(admitTwice(objs2[0], pod({ containers: [app()] }), { data: {} }).once.spec.containers[0].resources).toEqual({ limits: { cpu: '2' } });
  });
});

describe('Mutation.hardenPods', () => {
  const objs = synthPolicy([Mutation.hardenPods()]);
  const policy = objs[0];

  it('renders a valid policy: scalars via ApplyConfiguration, hostUsers and capabilities.drop via JSONPatch', async () => {
    await expectValid(objs);
    expectTypedAndGranular(policy);
    expect(policy.spec.mutations.map((m: any) => m.patchType)).toEqual(['ApplyConfiguration', 'ApplyConfiguration', 'ApplyConfiguration', 'JSONPatch']);
    expect(policy.spec.mutations[3].jsonPatch.expression).toContain('/capabilities/drop');
  });

  it('gives a bare pod every HardenedPod default', () => {
    const { once } = admitTwice(policy, pod({ containers: [app()], initContainers: [{ name: 'init', image: 'i:1' }] }));
    expect(once.spec.hostUsers).toBe(false);
    expect(once.spec.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'RuntimeDefault' } });
    for (const c of [...once.spec.containers, ...once.spec.initContainers]) {
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    }
  });

  it('keeps explicit values and completes partial capability lists', () => {
    const input = pod({
      hostNetwork: true,
      securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/app.json' } },
      containers: [
        app({ securityContext: { capabilities: { drop: ['NET_RAW'], add: ['NET_BIND_SERVICE'] } } }),
        app({ name: 'priv', securityContext: { privileged: true } }),
      ],
    });
    const { once } = admitTwice(policy, input);
    expect(once.spec.hostUsers).toBeUndefined(); // host namespaces cannot be combined with a user namespace
    expect(once.spec.securityContext.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: 'profiles/app.json' });
    expect(once.spec.containers[0].securityContext.capabilities).toEqual({ drop: ['NET_RAW', 'ALL'], add: ['NET_BIND_SERVICE'] });
    // privileged implies privilege escalation; false would make the pod invalid.
    expect(once.spec.containers[1].securityContext.allowPrivilegeEscalation).toBe(true);
  });

  it('is a no-op when re-invoked: values are kept when set, drop gets ALL only when missing', () => {
    // How we know: the ApplyConfigurations write back the existing value of every field that is
    // set (merged by container name), and the JSONPatch only touches containers whose drop list
    // lacks "ALL" and only adds hostUsers when it is unset; after one run all are set.
    const { once, twice } = admitTwice(policy, pod({ containers: [app(), app({ name: 'b', securityContext: {} })] }));
    expect(twice).toEqual(once);
  });

  it('leaves Windows pods alone', () => {
    const input = pod({ os: { name: 'windows' }, containers: [app()] });
    expect(admitTwice(policy, input).once).toEqual(input);
  });

  it('records opt-outs with their reasons on the policy and leaves those fields alone', () => {
    const objs2 = synthPolicy([Mutation.hardenPods({ hostUsersOptOutReason: 'nodes run kernel 5.15', readOnlyRootFilesystemOptOutReason: 'legacy app writes /var/run' })]);
    expect(objs2[0].metadata.annotations).toEqual({
      'haru.cdk8s.io/opt-out.host-users': 'nodes run kernel 5.15',
      'haru.cdk8s.io/opt-out.read-only-root-filesystem': 'legacy app writes /var/run',
    });
    const { once } = admitTwice(objs2[0], pod({ containers: [app()] }));
    expect(once.spec.hostUsers).toBeUndefined();
    expect(once.spec.containers[0].securityContext.readOnlyRootFilesystem).toBeUndefined();
  });
});

describe('Mutation.addLabels / addAnnotations', () => {
  const objs = synthPolicy([Mutation.addLabels({ 'team': 'web', 'app.kubernetes.io/part-of': 'shop' }), Mutation.addAnnotations({ 'example.com/owner': 'web-team' })]);
  const policy = objs[0];

  it('render ApplyConfigurations on the granular labels/annotations maps', async () => {
    await expectValid(objs);
    expectTypedAndGranular(policy);
    expect(policy.spec.mutations[0].applyConfiguration.expression).toBe('Object{metadata: Object.metadata{labels: {"app.kubernetes.io/part-of": "shop", "team": "web"}}}');
  });

  it('merge with existing labels and are a no-op when re-invoked (map merge by key)', () => {
    const input = { ...pod({ containers: [app()] }), metadata: { name: 'web', labels: { tier: 'front' } } };
    const { once, twice } = admitTwice(policy, input);
    expect(once.metadata.labels).toEqual({ 'tier': 'front', 'team': 'web', 'app.kubernetes.io/part-of': 'shop' });
    expect(once.metadata.annotations).toEqual({ 'example.com/owner': 'web-team' });
    expect(twice).toEqual(once);
  });
});
