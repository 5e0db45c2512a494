import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  AdmissionOperation, CelValue, FailurePolicy, MatchPolicy, Mutation, MutatingPolicy, ParameterNotFoundAction, ParamKind,
  ParamRef, PatchOperation, ReinvocationPolicy, ResourceRule, SelectorOperator,
} from '../../lib';
import { expectValid } from '../support/oracle';

const label = Mutation.addLabels({ team: 'web' });

function make(props: Partial<ConstructorParameters<typeof MutatingPolicy>[2]> = {}) {
  const chart = Testing.chart();
  const policy = new MutatingPolicy(chart, 'policy', { rules: [ResourceRule.pods()], mutations: [label], ...props } as any);
  return { chart, policy, objs: Testing.synth(chart) };
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('MutatingPolicy defaults', () => {
  it('renders the documented defaults: Fail, IfNeeded, CREATE only, Equivalent, one binding', async () => {
    const { policy, objs } = make({ name: 'team-label' });
    await expectValid(objs);
    const [p, b] = objs;
    expect(p.spec.failurePolicy).toBe(FailurePolicy.FAIL);
    expect(p.spec.reinvocationPolicy).toBe(ReinvocationPolicy.IF_NEEDED);
    expect(p.spec.matchConstraints.matchPolicy).toBe(MatchPolicy.EQUIVALENT);
    expect(p.spec.matchConstraints.resourceRules).toEqual([{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }]);
    expect(policy.failurePolicy).toBe('Fail');
    expect(policy.reinvocationPolicy).toBe('IfNeeded');
    expect(policy.operations).toEqual(['CREATE']);
    expect(b).toEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingAdmissionPolicyBinding',
      metadata: { name: 'team-label-binding' },
      spec: { policyName: 'team-label' },
    });
  });

  it('exposes the policy object as child "Resource" for the JSON-patch escape hatch', () => {
    const { policy } = make();
    expect(ApiObject.of(policy)).toBe(policy.apiObject);
    expect(policy.name).toMatch(/^[a-z0-9.-]+$/);
  });

  it('re-checks the object at synth, so an escape-hatch JSON patch cannot slip an invalid value through', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const policy = new MutatingPolicy(chart, 'policy', { rules: [ResourceRule.pods()], mutations: [label] });
    ApiObject.of(policy).addJsonPatch(JsonPatch.replace('/spec/reinvocationPolicy', 'Sometimes'));
    expect(() => app.synth()).toThrow(/spec.reinvocationPolicy: is not a supported reinvocation policy/);
  });

  it('does not mistake "params" inside a string literal for a parameter read', () => {
    expect(make({ matchConditions: [{ name: 'not-params', expression: 'object.metadata.name != "params"' }] }).objs[0].spec.matchConditions).toHaveLength(1);
  });

  it('omits the binding when defaultBinding is false', () => {
    expect(make({ defaultBinding: false }).objs.map((o) => o.kind)).toEqual(['MutatingAdmissionPolicy']);
  });

  it('excludes namespaces only through the immutable kubernetes.io/metadata.name label', () => {
    const { objs } = make({
      excludeNamespaces: ['kube-system', 'kube-public', 'kube-system'],
      namespaceSelector: { matchExpressions: [{ key: 'tier', operator: SelectorOperator.EXISTS }] },
    });
    expect(objs[0].spec.matchConstraints.namespaceSelector).toEqual({
      matchExpressions: [
        { key: 'tier', operator: 'Exists' },
        { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-public', 'kube-system'] },
      ],
    });
  });

  it('fails when an excluded namespace is not a namespace name', () => {
    expect(errorOf(() => make({ excludeNamespaces: ['Kube_System'] }))).toContain('excludeNamespaces[0]: must be a DNS-1123 label (got "Kube_System"');
  });
});

describe('bindings', () => {
  it('addBinding renders its own name, match resources and a paramRef by selector', async () => {
    const chart = Testing.chart();
    const policy = new MutatingPolicy(chart, 'policy', {
      name: 'team',
      rules: [ResourceRule.deployments()],
      paramKind: ParamKind.configMap(),
      paramRef: ParamRef.byName('team-defaults', { namespace: 'platform' }),
      mutations: [Mutation.applyConfiguration({ metadata: { labels: { team: CelValue.configMapData('team', 'none') } } })],
    });
    policy.addBinding('staging', {
      name: 'team-staging',
      namespaceSelector: { matchLabels: { env: 'staging' } },
      excludeNamespaces: ['staging-system'],
      rules: [ResourceRule.deployments()],
      paramRef: ParamRef.bySelector({ matchLabels: { 'policy.example.com/team': 'defaults' } }, { namespace: 'platform', parameterNotFoundAction: ParameterNotFoundAction.ALLOW }),
    });
    const objs = Testing.synth(chart);
    await expectValid(objs);
    expect(objs[1].spec.paramRef).toEqual({ name: 'team-defaults', namespace: 'platform', parameterNotFoundAction: 'Deny' });
    expect(objs[2]).toMatchObject({
      metadata: { name: 'team-staging' },
      spec: {
        policyName: 'team',
        paramRef: { namespace: 'platform', selector: { matchLabels: { 'policy.example.com/team': 'defaults' } }, parameterNotFoundAction: 'Allow' },
        matchResources: {
          namespaceSelector: { matchLabels: { env: 'staging' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['staging-system'] }] },
          resourceRules: [{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }],
        },
      },
    });
  });

  it('fails when a binding has a paramRef but the policy has no paramKind', () => {
    const msg = errorOf(() => make({ paramRef: ParamRef.byName('params') }));
    expect(msg).toContain('spec.paramRef: is set, but policy');
    expect(msg).toContain('has no paramKind');
    expect(msg).toContain('Set paramKind on the MutatingPolicy');
  });

  it('fails when the policy has a paramKind but the binding no paramRef', () => {
    expect(errorOf(() => make({ paramKind: ParamKind.configMap() }))).toContain('spec.paramRef: is required: policy');
  });

  it('fails when an expression reads params without paramKind', () => {
    const m = Mutation.applyConfiguration({ metadata: { labels: { team: CelValue.configMapData('team') } } });
    expect(errorOf(() => make({ mutations: [m] }))).toContain('paramKind: is not set, but an expression reads params');
  });

  it('fails when paramRef is given with defaultBinding false', () => {
    expect(errorOf(() => make({ defaultBinding: false, paramKind: ParamKind.configMap(), paramRef: ParamRef.byName('x') }))).toContain('paramRef: is set but defaultBinding is false');
  });
});

describe('typed ApplyConfiguration', () => {
  it('renders struct type names from the root, maps as CEL maps, and merges list-map entries by key', () => {
    const m = Mutation.applyConfiguration({
      spec: {
        template: {
          metadata: { labels: { 'app.kubernetes.io/name': 'web' } },
          spec: {
            containers: [
              { name: 'app', env: [{ name: 'MODE', value: 'prod' }] },
              { name: 'app', env: [{ name: 'POD', value: CelValue.expression('object.metadata.name') }] },
            ],
          },
        },
      },
    });
    const { objs } = make({ rules: [ResourceRule.deployments()], mutations: [m] });
    expect(objs[0].spec.mutations[0].applyConfiguration.expression).toBe(
      'Object{spec: Object.spec{template: Object.spec.template{metadata: Object.spec.template.metadata{labels: {"app.kubernetes.io/name": "web"}}, '
      + 'spec: Object.spec.template.spec{containers: [Object.spec.template.spec.containers{name: "app", env: ['
      + 'Object.spec.template.spec.containers.env{name: "MODE", value: "prod"}, Object.spec.template.spec.containers.env{name: "POD", value: object.metadata.name}]}]}}}}');
  });

  it('renders strings as CEL string literals, never as code', () => {
    const { objs } = make({ mutations: [Mutation.addAnnotations({ note: 'a "quoted" value + object.x' })] });
    expect(objs[0].spec.mutations[0].applyConfiguration.expression).toContain('{"note": "a \\"quoted\\" value + object.x"}');
  });

  it('fails when a field of the typed literal is misspelt, suggesting the right one', () => {
    const m = Mutation.applyConfiguration({ spec: { containers: [{ name: 'app', imagePullPolicyy: 'Always' }] } });
    const msg = errorOf(() => make({ mutations: [m] }));
    expect(msg).toContain('[admission/typed-literal] mutations[0].spec.containers[0].imagePullPolicyy: is not a field of Container in Kubernetes 1.36');
    expect(msg).toContain('Write "imagePullPolicy" (closest known field).');
  });

  it('fails when the typed literal sets an atomic field, saying to use JSONPatch', () => {
    const m = Mutation.applyConfiguration({ spec: { containers: [{ name: 'app', args: ['--verbose'] }] } });
    const msg = errorOf(() => make({ mutations: [m] }));
    expect(msg).toContain('[admission/apply-configuration-atomic] mutations[0].spec.containers[0].args: is an atomic list');
    expect(msg).toContain('Mutation.jsonPatch');
  });

  it('fails when a raw ApplyConfiguration expression sets an atomic field (capabilities.drop)', () => {
    const m = Mutation.applyConfigurationExpression('Object{spec: Object.spec{containers: [Object.spec.containers{name: "app", securityContext: Object.spec.containers.securityContext{capabilities: Object.spec.containers.securityContext.capabilities{drop: ["ALL"]}}}]}}');
    const msg = errorOf(() => make({ mutations: [m] }));
    expect(msg).toContain('[admission/apply-configuration-atomic]');
    expect(msg).toContain('spec.containers.securityContext.capabilities.drop');
    expect(msg).toContain('JSONPatch');
  });

  it('fails when a value has the wrong type or an enum value is not allowed', () => {
    const m = Mutation.applyConfiguration({ spec: { restartPolicy: 'Sometimes', priority: 'high' } });
    const msg = errorOf(() => make({ mutations: [m] }));
    expect(msg).toContain('mutations[0].spec.restartPolicy: is not an allowed value (got "Sometimes"; allowed: Always, OnFailure, Never)');
    expect(msg).toContain('mutations[0].spec.priority: must be an integer');
  });

  it('fails when a list-map entry has no key', () => {
    const m = Mutation.applyConfiguration({ spec: { containers: [{ image: 'x' }] } });
    expect(errorOf(() => make({ mutations: [m] }))).toContain('mutations[0].spec.containers[0]: is an entry of a list merged by key (name) and must set name');
  });

  it('fails when the policy matches no single known kind', () => {
    const m = Mutation.applyConfiguration({ metadata: { labels: { a: 'b' } } });
    const msg = errorOf(() => make({ rules: [ResourceRule.custom({ apiGroups: ['example.com'], apiVersions: ['v1'], resources: ['widgets'] })], mutations: [m] }));
    expect(msg).toContain('a typed ApplyConfiguration needs the policy to match exactly one kind');
  });
});

describe('variables and params in typed literals', () => {
  it('reads a policy variable through CelValue.variable, type-checked in declaration order', async () => {
    const m = Mutation.applyConfiguration({ metadata: { labels: { owner: CelValue.variable('owner') } } });
    const { objs } = make({ variables: [{ name: 'owner', expression: '"team-" + object.metadata.name' }], mutations: [m] });
    await expectValid(objs);
    expect(objs[0].spec.mutations[0].applyConfiguration.expression).toBe('Object{metadata: Object.metadata{labels: {"owner": variables.owner}}}');
  });

  it('renders CelValue constants as literals and refuses an empty expression', () => {
    const m = Mutation.applyConfiguration({ metadata: { labels: { a: CelValue.stringLiteral('x"y') } } });
    expect(make({ mutations: [m] }).objs[0].spec.mutations[0].applyConfiguration.expression).toBe('Object{metadata: Object.metadata{labels: {"a": "x\\"y"}}}');
    expect(errorOf(() => CelValue.expression('  '))).toContain('expression: must be a non-empty CEL expression');
  });

  it('fails when a mutation reads an undeclared variable', () => {
    const m = Mutation.applyConfiguration({ metadata: { labels: { owner: CelValue.variable('owner') } } });
    expect(errorOf(() => make({ mutations: [m] }))).toContain('spec.mutations[0].applyConfiguration.expression');
  });

  it('fails when params are read through a field the parameter kind does not have', () => {
    const m = Mutation.applyConfiguration({ metadata: { labels: { team: CelValue.param('spec', 'team') } } });
    const msg = errorOf(() => make({ mutations: [m], paramKind: ParamKind.configMap(), paramRef: ParamRef.byName('p') }));
    expect(msg).toContain('spec.mutations[0].applyConfiguration.expression');
    expect(msg).toContain('spec');
  });
});

describe('JSONPatch operations', () => {
  it('escapes keys holding "/" or "~" with jsonpatch.escapeKey and types values by path', async () => {
    const m = Mutation.jsonPatch([
      PatchOperation.add(['metadata', 'annotations', 'example.com/owner~1'], 'web'),
      PatchOperation.add(['spec', 'containers', '0', 'args'], ['--x']),
      PatchOperation.remove(['spec', 'nodeSelector']),
      PatchOperation.test(['spec', 'restartPolicy'], 'Always'),
    ]);
    const { objs } = make({ mutations: [m] });
    await expectValid(objs);
    // The annotation add creates the annotations map when the object has none (an add below a
    // missing parent fails on the API server: "doc is missing path").
    expect(objs[0].spec.mutations[0].jsonPatch.expression).toBe(
      '(!has(object.metadata.annotations) ? [JSONPatch{op: "add", path: "/metadata/annotations", value: {"example.com/owner~1": "web"}}] '
      + ': [JSONPatch{op: "add", path: "/metadata/annotations/" + jsonpatch.escapeKey("example.com/owner~1"), value: "web"}]) + '
      + '[JSONPatch{op: "add", path: "/spec/containers/0/args", value: ["--x"]}, '
      + 'JSONPatch{op: "remove", path: "/spec/nodeSelector"}, JSONPatch{op: "test", path: "/spec/restartPolicy", value: "Always"}]');
  });

  it('renders copy and move with from', () => {
    const { objs } = make({ mutations: [Mutation.jsonPatch([PatchOperation.copy(['metadata', 'labels', 'app'], ['metadata', 'labels', 'name'])])] });
    expect(objs[0].spec.mutations[0].jsonPatch.expression).toBe('[JSONPatch{op: "copy", from: "/metadata/labels/app", path: "/metadata/labels/name"}]');
  });

  it('fails when a path names a field the kind does not have', () => {
    const msg = errorOf(() => make({ mutations: [Mutation.jsonPatch([PatchOperation.add(['spec', 'hostUser'], false)])] }));
    expect(msg).toContain('/spec/hostUser is not a field path of the object in Kubernetes 1.36');
    expect(msg).toContain('Write "hostUsers" (closest known field).');
  });

  it('fails when a patch replaces a whole keyed list such as containers', () => {
    const msg = errorOf(() => make({ mutations: [Mutation.jsonPatch([PatchOperation.add(['spec', 'containers'], [{ name: 'proxy', image: 'p:1' }])])] }));
    expect(msg).toContain('[admission/json-patch-list-replace] mutations[0].operations[0].path: add of the whole list /spec/containers replaces every entry already there');
    expect(msg).toContain('PatchOperation.add(["spec", "containers", "-"], entry)');
  });

  it('appends one entry to a keyed list with "-", typed as the list item', async () => {
    const { objs } = make({ mutations: [Mutation.jsonPatch([PatchOperation.add(['spec', 'initContainers', '-'], { name: 'init', image: 'i:1', args: ['--once'] })])] });
    await expectValid(objs);
    const entry = 'Object.spec.initContainers{name: "init", image: "i:1", args: ["--once"]}';
    expect(objs[0].spec.mutations[0].jsonPatch.expression).toBe(
      `(!has(object.spec) ? [JSONPatch{op: "add", path: "/spec", value: Object.spec{initContainers: [${entry}]}}] `
      + `: !has(object.spec.initContainers) ? [JSONPatch{op: "add", path: "/spec/initContainers", value: [${entry}]}] `
      + `: [JSONPatch{op: "add", path: "/spec/initContainers/-", value: ${entry}}])`);
  });

  it('fails when a JSONPatch mutation has no operations', () => {
    expect(errorOf(() => make({ mutations: [Mutation.jsonPatch([])] }))).toContain('a JSONPatch mutation needs at least one operation');
  });
});

describe('bad input is a synth-time error', () => {
  it('fails when DELETE is matched', () => {
    const msg = errorOf(() => make({ operations: ['DELETE' as AdmissionOperation] }));
    expect(msg).toContain('[api/wrong-type] operations[0]: must be a value of AdmissionOperation (got "DELETE"; allowed: AdmissionOperation.CREATE ("CREATE"), AdmissionOperation.UPDATE ("UPDATE"), AdmissionOperation.CONNECT ("CONNECT"), AdmissionOperation.ALL ("*")).');
  });

  it('fails when there are no mutations', () => {
    expect(errorOf(() => make({ mutations: [] }))).toContain('mutations: must contain at least one mutation (got []; allowed: one or more Mutation values)');
  });

  it('fails when a variable name is a CEL reserved word', () => {
    expect(errorOf(() => make({ variables: [{ name: 'package', expression: '"x"' }] }))).toContain('variables[0].name: must not be a CEL reserved word (got "package"');
  });

  it('fails when an expression calls an unknown function', () => {
    const m = Mutation.jsonPatchExpression('__union__(object.spec.containers, [])');
    const msg = errorOf(() => make({ mutations: [m] }));
    expect(msg).toContain('spec.mutations[0].jsonPatch.expression');
    expect(msg).toContain('__union__');
  });

  it('fails when a match condition is not bool', () => {
    expect(errorOf(() => make({ matchConditions: [{ name: 'not-bool', expression: 'object.metadata.name' }] }))).toMatch(/\] matchConditions\[0\]\.expression.*bool/);
  });

  it('fails when there are more than 64 match conditions', () => {
    const matchConditions = Array.from({ length: 65 }, (_, i) => ({ name: `c${i}`, expression: 'true' }));
    expect(errorOf(() => make({ matchConditions }))).toContain('spec.matchConditions: must have at most 64 items');
  });

  it('fails when a preset sets Pod spec fields while UPDATE is matched', () => {
    const msg = errorOf(() => make({ operations: [AdmissionOperation.CREATE, AdmissionOperation.UPDATE], mutations: [Mutation.hardenPods()] }));
    expect(msg).toContain('[admission/pod-immutable-on-update] mutations[0] (hardenPods): sets Pod spec fields that are immutable on UPDATE');
    expect(msg).toContain('spec.hostUsers');
    expect(msg).toContain('Match CREATE only');
  });

  it('accepts UPDATE for labels and for workload templates (mutable on update)', async () => {
    await expectValid(make({ operations: [AdmissionOperation.ALL], mutations: [label] }).objs);
    await expectValid(make({ operations: [AdmissionOperation.ALL], rules: [ResourceRule.deployments()], mutations: [Mutation.hardenPods()] }).objs);
  });

  it('fails when a preset is used on a policy without a pod spec kind', () => {
    const msg = errorOf(() => make({ rules: [ResourceRule.configMaps()], mutations: [Mutation.defaultResources({ limits: { cpu: CelValue.quantity('1') } })] }));
    expect(msg).toContain('defaultResources needs the policy to match exactly one kind that carries a pod spec');
  });

  it('fails when a constant request exceeds the constant limit', () => {
    const m = Mutation.defaultResources({ requests: { cpu: CelValue.quantity('3') }, limits: { cpu: CelValue.quantity('2') } });
    expect(errorOf(() => make({ mutations: [m] }))).toContain('mutations[0].requests.cpu: must be less than or equal to the cpu limit (got 3 > 2)');
  });

  it('fails when a quantity is malformed', () => {
    expect(errorOf(() => CelValue.quantity('2 GB'))).toContain('must be a Kubernetes quantity');
  });

  it('fails when a label key is invalid', () => {
    expect(errorOf(() => make({ mutations: [Mutation.addLabels({ '-bad': 'x' })] }))).toContain('[admission/preset] mutations[0].labels');
  });

  it('fails when the sidecar name is not a container name', () => {
    expect(errorOf(() => make({ mutations: [Mutation.injectSidecar({ name: 'Proxy', image: 'p:1' })] }))).toContain('mutations[0].name: must be a DNS-1123 label');
  });

  it('fails when the policy name is invalid', () => {
    expect(errorOf(() => make({ name: 'Bad Name' }))).toContain('] name: must be a DNS-1123 subdomain');
  });

  it('reports a problem two checks find on one prop once, at the prop', () => {
    // the schema and the policy rules both refuse the name: one line, naming the prop
    const msg = errorOf(() => make({ name: 'Bad Name' }));
    expect(msg.match(/must be a DNS-1123 subdomain/g)).toHaveLength(1);
    expect(msg).not.toContain('metadata.name');
  });
});

describe('presets on workload templates', () => {
  it('injectSidecar targets spec.template.spec of a Deployment with the matching type names', async () => {
    const { objs } = make({ rules: [ResourceRule.deployments()], operations: [AdmissionOperation.CREATE, AdmissionOperation.UPDATE], mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'p:1' })] });
    await expectValid(objs);
    const e = objs[0].spec.mutations[0].jsonPatch.expression;
    expect(e).toContain('path: "/spec/template/spec/initContainers/0", value: Object.spec.template.spec.initContainers{name: "proxy"');
    expect(objs[0].spec.matchConditions[0].expression).toContain('object.spec.template.spec.containers.exists(c, c.name == "proxy")');
  });

  it('defaultResources on a CronJob wraps the pod spec in every level of Object literals', async () => {
    const { objs } = make({ rules: [ResourceRule.cronJobs()], mutations: [Mutation.defaultResources({ limits: { memory: CelValue.quantity('1Gi') }, includeInitContainers: false })] });
    await expectValid(objs);
    expect(objs[0].spec.mutations).toHaveLength(1);
    expect(objs[0].spec.mutations[0].applyConfiguration.expression).toContain('? Object{spec: Object.spec{jobTemplate: Object.spec.jobTemplate{spec: Object.spec.jobTemplate.spec{template: Object.spec.jobTemplate.spec.template{spec: Object.spec.jobTemplate.spec.template.spec{containers:');
  });
});
