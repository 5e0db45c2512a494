import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  AdmissionOperation, FailurePolicy, HardeningProfile, MatchPolicy, ParameterNotFoundAction, ParamKind, ParamRef, ResourceRule,
  SelectorOperator, ValidatingPolicy, Validation, ValidationAction, ValidationReason,
} from '../../lib';
import { checkObject } from '../../lib/check/registry';
import { expectValid } from '../support/oracle';

const nameSet = Validation.expression({ expression: 'object.metadata.name != ""', message: 'a name is required' });

function make(props: Partial<ConstructorParameters<typeof ValidatingPolicy>[2]> = {}) {
  const chart = Testing.chart();
  const policy = new ValidatingPolicy(chart, 'policy', { resourceRules: [ResourceRule.pods()], validations: [nameSet], ...props } as any);
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

function typeWarnings(obj: any): string[] {
  return checkObject(obj).filter((v) => v.checkId === 'admission/type-check').map((v) => `${v.field}: ${v.problem}`);
}

describe('ValidatingPolicy defaults', () => {
  it('renders the documented defaults: Fail, CREATE and UPDATE, Equivalent, one Deny binding', async () => {
    const { policy, objs } = make({ name: 'names' });
    await expectValid(objs);
    const [p, b] = objs;
    expect(p.kind).toBe('ValidatingAdmissionPolicy');
    expect(p.spec.failurePolicy).toBe('Fail');
    expect(p.spec.matchConstraints.matchPolicy).toBe('Equivalent');
    expect(p.spec.matchConstraints.resourceRules).toEqual([{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }]);
    expect(p.spec.validations).toEqual([{ expression: 'object.metadata.name != ""', message: 'a name is required' }]);
    expect(policy.operations).toEqual(['CREATE', 'UPDATE']);
    expect(policy.failurePolicy).toBe(FailurePolicy.FAIL);
    expect(policy.matchPolicy).toBe(MatchPolicy.EQUIVALENT);
    expect(policy.defaultBinding?.validationActions).toEqual([ValidationAction.DENY]);
    expect(b).toEqual({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: 'names-binding' },
      spec: { policyName: 'names', validationActions: ['Deny'] },
    });
  });

  it('exposes the policy object as child "Resource" for the JSON-patch escape hatch', () => {
    const { policy } = make();
    expect(ApiObject.of(policy)).toBe(policy.apiObject);
  });

  it('re-checks the object at synth, so an escape-hatch JSON patch cannot slip an invalid value through', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const policy = new ValidatingPolicy(chart, 'policy', { resourceRules: [ResourceRule.pods()], validations: [nameSet] });
    ApiObject.of(policy).addJsonPatch(JsonPatch.replace('/spec/validations/0/reason', 'Unauthorized'));
    expect(() => app.synth()).toThrow(/spec.validations\[0\].reason: is not a supported reason/);
  });

  it('takes failurePolicy and excluded namespaces from the nearest HardeningProfile', () => {
    const chart = Testing.chart();
    new HardeningProfile(chart, 'house', { admissionFailurePolicy: FailurePolicy.IGNORE, excludeNamespaces: ['kube-system'] });
    const p = new ValidatingPolicy(chart, 'policy', { resourceRules: [ResourceRule.pods()], validations: [nameSet] });
    const spec = p.apiObject.toJson().spec;
    expect(spec.failurePolicy).toBe('Ignore');
    expect(spec.matchConstraints.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] });
  });
});

describe('ValidatingPolicy: every field of the v1 API', () => {
  it('renders match constraints, conditions, variables, validations, audit annotations and params', async () => {
    const { objs } = make({
      name: 'replicas',
      resourceRules: [ResourceRule.deployments()],
      excludeResourceRules: [ResourceRule.custom({ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], resourceNames: ['legacy'] })],
      operations: [AdmissionOperation.CREATE],
      namespaceSelector: { matchExpressions: [{ key: 'env', operator: SelectorOperator.IN, values: ['prod'] }] },
      objectSelector: { matchLabels: { managed: 'true' } },
      excludeNamespaces: ['kube-system'],
      matchPolicy: MatchPolicy.EXACT,
      matchConditions: [{ name: 'not-dry-run', expression: '!request.dryRun' }],
      variables: [{ name: 'maxReplicas', expression: 'int(params.data.maxReplicas)' }],
      validations: [Validation.expression({
        expression: 'object.spec.replicas <= variables.maxReplicas',
        messageExpression: '"replicas must be at most " + string(variables.maxReplicas)',
        reason: ValidationReason.INVALID,
      })],
      auditAnnotations: [{ key: 'high-replica-count', valueExpression: '"Deployment spec.replicas set to " + string(object.spec.replicas)' }],
      paramKind: ParamKind.configMap(),
      paramRef: ParamRef.byName('replica-limits', { namespace: 'policy', parameterNotFoundAction: ParameterNotFoundAction.DENY }),
      validationActions: [ValidationAction.WARN, ValidationAction.AUDIT],
      failurePolicy: FailurePolicy.IGNORE,
    });
    await expectValid(objs);
    const [p, b] = objs;
    expect(p.spec).toEqual({
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      matchConstraints: {
        namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }, { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] },
        objectSelector: { matchLabels: { managed: 'true' } },
        resourceRules: [{ operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }],
        excludeResourceRules: [{ resourceNames: ['legacy'], operations: ['CREATE'], apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'] }],
        matchPolicy: 'Exact',
      },
      matchConditions: [{ name: 'not-dry-run', expression: '!request.dryRun' }],
      variables: [{ name: 'maxReplicas', expression: 'int(params.data.maxReplicas)' }],
      validations: [{ expression: 'object.spec.replicas <= variables.maxReplicas', messageExpression: '"replicas must be at most " + string(variables.maxReplicas)', reason: 'Invalid' }],
      auditAnnotations: [{ key: 'high-replica-count', valueExpression: '"Deployment spec.replicas set to " + string(object.spec.replicas)' }],
      failurePolicy: 'Ignore',
    });
    expect(b.spec).toEqual({
      policyName: 'replicas',
      paramRef: { name: 'replica-limits', namespace: 'policy', parameterNotFoundAction: 'Deny' },
      validationActions: ['Warn', 'Audit'],
    });
  });

  it('adds more bindings with their own actions, match narrowing and parameters', async () => {
    const chart = Testing.chart();
    const policy = new ValidatingPolicy(chart, 'policy', { name: 'labels', resourceRules: [ResourceRule.pods()], validations: [Validation.requiredLabels(['team'])] });
    policy.addBinding('staging', {
      name: 'labels-staging',
      validationActions: [ValidationAction.WARN],
      namespaceSelector: { matchLabels: { env: 'staging' } },
      resourceRules: [ResourceRule.pods()],
    });
    const objs = Testing.synth(chart);
    await expectValid(objs);
    expect(objs[2].spec).toEqual({
      policyName: 'labels',
      matchResources: {
        namespaceSelector: { matchLabels: { env: 'staging' } },
        resourceRules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
      },
      validationActions: ['Warn'],
    });
  });

  it('accepts an audit-only policy (no validations)', async () => {
    const { objs } = make({ validations: undefined, auditAnnotations: [{ key: 'image-count', valueExpression: 'string(size(object.spec.containers))' }], validationActions: [ValidationAction.AUDIT] });
    await expectValid(objs);
    expect(objs[0].spec.validations).toBeUndefined();
  });
});

describe('ValidatingPolicy: refused at synth as the API server refuses it', () => {
  it('fails when the binding combines Deny and Warn, naming the binding path and field', () => {
    const msg = errorOf(() => make({ validationActions: [ValidationAction.DENY, ValidationAction.WARN] }));
    expect(msg).toContain('policy/DefaultBinding');
    expect(msg).toContain('spec.validationActions: must not contain both Deny and Warn');
  });

  it('fails when a binding repeats an action', () => {
    expect(errorOf(() => make({ validationActions: [ValidationAction.AUDIT, ValidationAction.AUDIT] }))).toContain('spec.validationActions[1]: is a duplicate');
  });

  it('fails when a binding has no actions', () => {
    expect(errorOf(() => make({ validationActions: [] }))).toContain('at least one validation action is required');
  });

  it('fails when there is neither a validation nor an audit annotation', () => {
    expect(errorOf(() => make({ validations: [] }))).toContain('validations or auditAnnotations must contain at least one item');
  });

  it('fails when an expression does not compile, naming the construct path and field', () => {
    const msg = errorOf(() => make({ validations: [Validation.expression({ expression: 'object.metadata.name ==' })] }));
    expect(msg).toContain('policy');
    expect(msg).toContain('spec.validations[0].expression');
  });

  it('fails when a messageExpression reads authorizer', () => {
    expect(errorOf(() => make({ validations: [Validation.expression({ expression: 'true', messageExpression: 'string(authorizer.group("").resource("pods").check("get").allowed())' })] })))
      .toContain("undeclared reference to 'authorizer'");
  });

  it('fails when a message spans lines', () => {
    expect(errorOf(() => make({ validations: [Validation.expression({ expression: 'true', message: 'one\ntwo' })] }))).toContain('message must not contain line breaks');
  });

  it('fails when an expression is empty', () => {
    expect(errorOf(() => make({ validations: [Validation.expression({ expression: ' ' })] }))).toContain('validations[0] (expression).expression: must be a non-empty CEL expression');
  });

  it('fails when an audit annotation key is not a qualified name with the policy name', () => {
    expect(errorOf(() => make({ name: 'p', auditAnnotations: [{ key: 'has space', valueExpression: '"x"' }] }))).toContain('auditAnnotations[0].key');
  });

  it('fails when there are more than 20 audit annotations', () => {
    const auditAnnotations = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, valueExpression: '"v"' }));
    expect(errorOf(() => make({ auditAnnotations }))).toContain('must not have more than 20 auditAnnotations');
  });

  it('fails when an expression reads params without paramKind', () => {
    expect(errorOf(() => make({ validations: [Validation.expression({ expression: 'params.data.x == "y"' })] }))).toContain('paramKind: is not set, but an expression reads params');
  });

  it('fails when the policy has a paramKind but the binding no paramRef', () => {
    expect(errorOf(() => make({ paramKind: ParamKind.configMap(), validations: [Validation.expression({ expression: 'params.data.x == "y"' })] })))
      .toContain('spec.paramRef: is required');
  });

  it('fails when a binding has a paramRef but the policy no paramKind', () => {
    expect(errorOf(() => make({ paramRef: ParamRef.byName('x') }))).toContain('has no paramKind');
  });

  it('fails when validationActions or paramRef is given with defaultBinding false', () => {
    expect(errorOf(() => make({ defaultBinding: false, validationActions: [ValidationAction.WARN] }))).toContain('validationActions: is set but defaultBinding is false');
  });

  it('fails when a validation is not a Validation', () => {
    expect(errorOf(() => make({ validations: [{ expression: 'true' } as any] }))).toContain('validations[0]: must be a Validation');
  });

  it('fails when a locked failurePolicy of a HardeningProfile is relaxed', () => {
    const chart = Testing.chart();
    new HardeningProfile(chart, 'house', { admissionFailurePolicy: FailurePolicy.FAIL, locked: ['admissionFailurePolicy'] } as any);
    expect(errorOf(() => new ValidatingPolicy(chart, 'p', { resourceRules: [ResourceRule.pods()], validations: [nameSet], failurePolicy: FailurePolicy.IGNORE }))).toContain('failurePolicy');
  });
});

describe('ValidatingPolicy: CEL typed against the matched kind, as warnings', () => {
  it('admits a misspelt field at synth (the API server compiles object as dynamic) and reports it as a type-check warning', () => {
    const { objs } = make({ validations: [Validation.expression({ expression: 'object.spec.containerz.size() > 0' })] });
    const warnings = typeWarnings(objs[0]);
    expect(warnings.length).toBe(1);
    expect(warnings[0]).toContain("undefined field 'containerz'");
  });

  it('fails on a type-check warning under a profile with failOnWarnings', () => {
    const chart = Testing.chart();
    new HardeningProfile(chart, 'strict', { failOnWarnings: true });
    expect(errorOf(() => new ValidatingPolicy(chart, 'p', { resourceRules: [ResourceRule.pods()], validations: [Validation.expression({ expression: 'object.spec.containerz.size() > 0' })] })))
      .toContain('admission/type-check');
  });

  it('types a policy matching pods and pods/ephemeralcontainers as Pod', () => {
    const { objs } = make({ resourceRules: [ResourceRule.pods(), ResourceRule.ephemeralContainers()], validations: [Validation.expression({ expression: 'object.spec.containerz.size() > 0' })] });
    expect(typeWarnings(objs[0]).join()).toContain('PodSpec');
  });
});

describe('Validation presets render without type-check warnings', () => {
  const kinds: Array<[string, ResourceRule[]]> = [
    ['Pod', [ResourceRule.pods()]],
    ['Pod + ephemeral containers', [ResourceRule.pods(), ResourceRule.ephemeralContainers()]],
    ['Deployment', [ResourceRule.deployments()]],
    ['StatefulSet', [ResourceRule.statefulSets()]],
    ['DaemonSet', [ResourceRule.daemonSets()]],
    ['Job', [ResourceRule.jobs()]],
    ['CronJob', [ResourceRule.cronJobs()]],
    ['every workload kind at once', [ResourceRule.pods(), ResourceRule.deployments(), ResourceRule.statefulSets(), ResourceRule.daemonSets(), ResourceRule.replicaSets(), ResourceRule.jobs(), ResourceRule.cronJobs()]],
  ];
  it.each(kinds)('%s', async (_n, resourceRules) => {
    const { objs } = make({
      resourceRules,
      validations: [Validation.allowedRegistries(['registry.example.com', 'ghcr.io/acme']), Validation.noLatestTag(), Validation.requiredLabels(['team', 'app.kubernetes.io/name'])],
    });
    await expectValid(objs);
    expect(checkObject(objs[0])).toEqual([]);
  });

  it('requiredLabels works on kinds without a pod spec', () => {
    const { objs } = make({ resourceRules: [ResourceRule.configMaps(), ResourceRule.services()], validations: [Validation.requiredLabels(['team'])] });
    expect(checkObject(objs[0])).toEqual([]);
  });

  it('renders one pod-spec access for kinds that keep it at the same place, a choice on kind otherwise', () => {
    const one = make({ resourceRules: [ResourceRule.deployments(), ResourceRule.statefulSets()], validations: [Validation.noLatestTag()] }).objs[0];
    expect(one.spec.validations[0].expression.startsWith('object.spec.template.spec.?containers.orValue([])')).toBe(true);
    const mixedRules = [ResourceRule.pods(), ResourceRule.cronJobs(), ResourceRule.deployments()];
    const mixed = make({ resourceRules: mixedRules, validations: [Validation.noLatestTag()] }).objs[0];
    expect(mixed.spec.validations[0].expression).toContain('object.kind == "Pod" ? object.spec : object.kind == "CronJob" ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec');
  });

  it('sets reason Forbidden and a one-line message naming the allowed registries', () => {
    const v = make({ validations: [Validation.allowedRegistries(['Registry.Example.com/', 'index.docker.io/library'])] }).objs[0].spec.validations[0];
    expect(v.reason).toBe('Forbidden');
    expect(v.message).toBe('every container image must come from an allowed registry: registry.example.com, docker.io/library');
  });
});

describe('Validation presets refuse wrong input', () => {
  it('fails when allowedRegistries is used on a kind without a pod spec', () => {
    expect(errorOf(() => make({ resourceRules: [ResourceRule.configMaps()], validations: [Validation.allowedRegistries(['registry.example.com'])] })))
      .toContain('validations[0] (allowedRegistries): allowedRegistries needs the policy to match only kinds that carry a pod spec');
  });

  it('fails when noLatestTag is used with a wildcard rule', () => {
    const all = ResourceRule.custom({ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] });
    expect(errorOf(() => make({ resourceRules: [all], validations: [Validation.noLatestTag()] }))).toContain('needs the policy to match only kinds that carry a pod spec');
  });

  it('fails when a registry has a URL scheme', () => {
    expect(errorOf(() => make({ validations: [Validation.allowedRegistries(['https://registry.example.com'])] })))
      .toContain('validations[0] (allowedRegistries).registries[0]: must not have a URL scheme');
  });

  it('fails when there are no registries', () => {
    expect(errorOf(() => make({ validations: [Validation.allowedRegistries([])] }))).toContain('needs at least one registry');
  });

  it('fails when a required label key is not a label key', () => {
    expect(errorOf(() => make({ validations: [Validation.requiredLabels(['bad key!'])] }))).toContain('validations[0] (requiredLabels).keys[0]');
  });
});
