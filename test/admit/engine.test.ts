/**
 * The admission engine against the behaviour of kubernetes/kubernetes
 * staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/mutating/dispatcher.go (mutations in
 * order, errors per failurePolicy, reinvocation via reinvocationcontext.go) and
 * .../policy/generic/policy_dispatcher.go (bindings, params, failure policy filtering).
 */
import { describe, expect, it } from 'vitest';
import { AdmissionEngine, AdmissionOperation } from '../../lib';

const POLICY = 'admissionregistration.k8s.io/v1';
const podRule = { apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE'] };

function policy(name: string, mutations: any[], extra: Record<string, unknown> = {}): any {
  return {
    apiVersion: POLICY,
    kind: 'MutatingAdmissionPolicy',
    metadata: { name },
    spec: { matchConstraints: { resourceRules: [podRule] }, failurePolicy: 'Fail', reinvocationPolicy: 'IfNeeded', mutations, ...extra },
  };
}
function binding(policyName: string, extra: Record<string, unknown> = {}, name = `${policyName}-binding`): any {
  return { apiVersion: POLICY, kind: 'MutatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName, ...extra } };
}
const apply = (expression: string) => ({ patchType: 'ApplyConfiguration', applyConfiguration: { expression } });
const patch = (expression: string) => ({ patchType: 'JSONPatch', jsonPatch: { expression } });
const pod = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team-a', ...extra }, spec: { containers: [{ name: 'app', image: 'app:1' }] },
});
const label = (k: string, v: string) => apply(`Object{metadata: Object.metadata{labels: {"${k}": "${v}"}}}`);

describe('AdmissionEngine: policies and bindings', () => {
  it('runs a policy only through a binding, and mutations in order (each sees the previous result)', () => {
    const engine = new AdmissionEngine({
      policies: [
        policy('unbound', [label('unbound', 'yes')]),
        policy('p', [label('a', '1'), apply('Object{metadata: Object.metadata{labels: {"b": object.metadata.labels["a"] + "2"}}}')]),
        binding('p'),
      ],
    });
    const r = engine.admit(pod());
    expect(r.admitted).toBe(true);
    expect(r.admittedObject.metadata.labels).toEqual({ a: '1', b: '12' });
    expect(r.policies.map((p) => [p.name, p.binding, p.matched, p.applied, p.changed])).toEqual([['p', 'p-binding', true, true, true]]);
  });

  it('leaves the input object unchanged', () => {
    const input = pod();
    new AdmissionEngine({ policies: [policy('p', [label('a', '1')]), binding('p')] }).admit(input);
    expect(input).toEqual(pod());
  });

  it('narrows by the binding match resources and the namespace labels', () => {
    const engine = new AdmissionEngine({
      policies: [policy('p', [label('a', '1')]), binding('p', { matchResources: { namespaceSelector: { matchLabels: { env: 'prod' } } } })],
      namespaces: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { env: 'prod' } } }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } }],
    });
    expect(engine.admit(pod()).admittedObject.metadata.labels).toEqual({ a: '1' });
    const other = engine.admit({ ...pod(), metadata: { name: 'web', namespace: 'team-b' } });
    expect(other.admittedObject.metadata.labels).toBeUndefined();
    expect(other.policies).toEqual([expect.objectContaining({ name: 'p', matched: false })]);
  });

  it('fails when a namespace given with namespaces does not exist and a policy matches', () => {
    const engine = new AdmissionEngine({ policies: [policy('p', [label('a', '1')]), binding('p')], namespaces: [] });
    expect(engine.admit(pod())).toMatchObject({ admitted: false, message: 'namespaces "team-a" not found' });
  });

  it('gives expressions request, namespaceObject and params (one invocation per selected param)', () => {
    const p = policy('p', [apply('Object{metadata: Object.metadata{labels: {params.data["key"]: request.userInfo.username + "." + namespaceObject.metadata.name}}}')], {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    });
    const cm = (name: string, key: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'platform', labels: { use: 'yes' } }, data: { key } });
    const engine = new AdmissionEngine({
      policies: [p, binding('p', { paramRef: { selector: { matchLabels: { use: 'yes' } }, namespace: 'platform', parameterNotFoundAction: 'Deny' } })],
      paramObjects: [cm('one', 'x'), cm('two', 'y')],
      user: { name: 'alice', groups: ['dev'] },
    });
    const r = engine.admit(pod());
    expect(r.admittedObject.metadata.labels).toEqual({ x: 'alice.team-a', y: 'alice.team-a' });
    expect(r.policies.map((t) => t.param)).toEqual(['platform/one', 'platform/two']);
  });

  it('fails when a Deny binding finds no parameter (failurePolicy Fail)', () => {
    const p = policy('p', [label('a', '1')], { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } });
    const engine = new AdmissionEngine({ policies: [p, binding('p', { paramRef: { name: 'missing', namespace: 'x', parameterNotFoundAction: 'Deny' } })] });
    expect(engine.admit(pod())).toMatchObject({
      admitted: false,
      message: "policy 'p' with binding 'p-binding' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
    });
  });

  it('skips the policy when an Allow binding finds no parameter (policy_dispatcher.go: no invocation)', () => {
    const p = policy('p', [label('a', '1')], { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } });
    const r = new AdmissionEngine({ policies: [p, binding('p', { paramRef: { name: 'missing', namespace: 'x', parameterNotFoundAction: 'Allow' } })] }).admit(pod());
    expect(r.admitted).toBe(true);
    expect(r.admittedObject.metadata.labels).toBeUndefined();
  });
});

describe('AdmissionEngine: match conditions, variables, failurePolicy', () => {
  it('skips the policy when a match condition is false, even if another errors (matchconditions/matcher.go)', () => {
    const p = policy('p', [label('a', '1')], {
      matchConditions: [{ name: 'errors', expression: 'object.metadata.labels["missing"] == "x"' }, { name: 'false', expression: 'false' }],
    });
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r).toMatchObject({ admitted: true, policies: [{ matched: false }] });
    expect(r.admittedObject.metadata.labels).toBeUndefined();
  });

  it('fails when a match condition errors and none is false, with failurePolicy Fail', () => {
    const p = policy('p', [label('a', '1')], { matchConditions: [{ name: 'errors', expression: 'object.metadata.labels["missing"] == "x"' }] });
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r.admitted).toBe(false);
    expect(r.message).toMatch(/^policy 'p' with binding 'p-binding' denied request: matchCondition "errors": /);
  });

  it('ignores an erroring match condition with failurePolicy Ignore (the policy does not apply)', () => {
    const p = policy('p', [label('a', '1')], { failurePolicy: 'Ignore', matchConditions: [{ name: 'errors', expression: 'object.metadata.labels["missing"] == "x"' }] });
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r.admitted).toBe(true);
    expect(r.admittedObject.metadata.labels).toBeUndefined();
  });

  it('evaluates variables lazily: an unused failing variable does not fail the policy', () => {
    const p = policy('p', [apply('Object{metadata: Object.metadata{labels: {"team": variables.team}}}')], {
      variables: [{ name: 'team', expression: '"web"' }, { name: 'broken', expression: 'object.metadata.labels["missing"]' }],
    });
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r.admitted).toBe(true);
    expect(r.admittedObject.metadata.labels).toEqual({ team: 'web' });
  });

  it('fails when a JSON Patch adds below a missing parent, naming the API server error (failurePolicy Fail)', () => {
    const p = policy('p', [patch('[JSONPatch{op: "add", path: "/metadata/annotations/team", value: "web"}]')]);
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r).toMatchObject({
      admitted: false,
      message: 'policy \'p\' with binding \'p-binding\' denied request: mutations[0]: JSON Patch: add operation does not apply: doc is missing path: "/metadata/annotations/team": missing value',
    });
  });

  it('with failurePolicy Ignore keeps the other mutations of the policy and admits the object', () => {
    const p = policy('p', [patch('[JSONPatch{op: "add", path: "/metadata/annotations/team", value: "web"}]'), label('a', '1')], { failurePolicy: 'Ignore' });
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r.admitted).toBe(true);
    expect(r.admittedObject.metadata).toEqual({ name: 'web', namespace: 'team-a', labels: { a: '1' } });
    expect(r.policies[0].errorMessage).toContain('doc is missing path');
  });

  it('fails when an ApplyConfiguration sets an atomic field (patch/smd.go validatePatch)', () => {
    const p = policy('p', [apply('Object{spec: Object.spec{containers: [Object.spec.containers{name: "app", args: ["x"]}]}}')]);
    const r = new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod());
    expect(r.message).toBe("policy 'p' with binding 'p-binding' denied request: mutations[0]: error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.containers[0].args");
  });
});

describe('AdmissionEngine: compilation and authorizer', () => {
  it('fails when a mutation does not compile in the mutation environment (cel.bind exists only for DRA): the policy is refused as the API server refuses it', () => {
    const p = policy('p', [apply('cel.bind(x, "web", Object{metadata: Object.metadata{labels: {"team": x}}})')]);
    expect(() => new AdmissionEngine({ policies: [p, binding('p')] }))
      .toThrow(/MutatingAdmissionPolicy "p": spec.mutations\[0\].applyConfiguration.expression: undeclared function 'cel.bind'/);
  });

  it('asks the configured authorizer (allow-all by default)', () => {
    const p = policy('p', [apply('Object{metadata: Object.metadata{labels: {"may-list": string(authorizer.group("").resource("secrets").namespace("team-a").check("list").allowed())}}}')]);
    const checks: any[] = [];
    const deny = { authorize: (c: any) => { checks.push(c); return false; } };
    expect(new AdmissionEngine({ policies: [p, binding('p')] }).admit(pod()).admittedObject.metadata.labels).toEqual({ 'may-list': 'true' });
    expect(new AdmissionEngine({ policies: [p, binding('p')], authorizer: deny }).admit(pod()).admittedObject.metadata.labels).toEqual({ 'may-list': 'false' });
    expect(checks[0]).toMatchObject({ user: 'admin', groups: ['system:masters', 'system:authenticated'], verb: 'list', resource: 'secrets', namespace: 'team-a' });
  });
});

describe('AdmissionEngine: reinvocation (reinvocationcontext.go)', () => {
  it('reinvokes an IfNeeded policy once after a later policy changed the object, so it sees the change', () => {
    // "copy" copies label b to c; it runs before "set-b", so only its reinvocation sees b.
    const copy = policy('copy', [apply('Object{metadata: Object.metadata{labels: {"c": has(object.metadata.labels) && "b" in object.metadata.labels ? object.metadata.labels["b"] : "none"}}}')]);
    const setB = policy('set-b', [label('b', 'x')]);
    const r = new AdmissionEngine({ policies: [copy, setB, binding('copy'), binding('set-b')] }).admit(pod());
    expect(r.admittedObject.metadata.labels).toEqual({ c: 'x', b: 'x' });
    expect(r.policies.map((t) => [t.name, t.reinvoked])).toEqual([['copy', true], ['set-b', true]]);
  });

  it('does not reinvoke a Never policy', () => {
    const copy = policy('copy', [apply('Object{metadata: Object.metadata{labels: {"c": has(object.metadata.labels) && "b" in object.metadata.labels ? object.metadata.labels["b"] : "none"}}}')], { reinvocationPolicy: 'Never' });
    const setB = policy('set-b', [label('b', 'x')], { reinvocationPolicy: 'Never' });
    const r = new AdmissionEngine({ policies: [copy, setB, binding('copy'), binding('set-b')] }).admit(pod());
    expect(r.admittedObject.metadata.labels).toEqual({ c: 'none', b: 'x' });
    expect(r.policies.every((t) => !t.reinvoked)).toBe(true);
  });
});

describe('AdmissionEngine: operations', () => {
  it('gives UPDATE requests the object as oldObject', () => {
    const p = policy('p', [apply('Object{metadata: Object.metadata{labels: {"op": request.operation, "old": string(oldObject.metadata.name)}}}')], {
      matchConstraints: { resourceRules: [{ ...podRule, operations: ['UPDATE'] }] },
    });
    const r = new AdmissionEngine({ policies: [p, binding('p')], operation: AdmissionOperation.UPDATE }).admit(pod());
    expect(r.admittedObject.metadata.labels).toEqual({ op: 'UPDATE', old: 'web' });
  });

  it('fails when the operation has no object (CONNECT)', () => {
    expect(() => new AdmissionEngine({ policies: [], operation: AdmissionOperation.CONNECT })).toThrow('operation: must be a request operation with an object (got "CONNECT"; allowed: CREATE, UPDATE)');
  });
});
