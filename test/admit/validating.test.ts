/**
 * ValidatingAdmissionPolicy in the engine. The cases of
 * k8s.io/apiserver@v0.36.0 pkg/admission/plugin/policy/validating/validator_test.go
 * (TestValidate: the upstream test feeds fixed evaluation results; here each result is
 * produced by a CEL expression that evaluates to it) and the decision handling of
 * dispatcher.go (validation actions, audit annotations, the denial message).
 */
import { describe, expect, it } from 'vitest';
import { AdmissionEngine } from '../../lib';

const G = 'admissionregistration.k8s.io/v1';
const podRule = { apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE', 'UPDATE'] };

function vap(name: string, spec: Record<string, unknown>): any {
  return { apiVersion: G, kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec: { matchConstraints: { resourceRules: [podRule] }, ...spec } };
}
function vapb(policy: string, actions: string[] = ['Deny'], extra: Record<string, unknown> = {}): any {
  return { apiVersion: G, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: `${policy}-binding` }, spec: { policyName: policy, validationActions: actions, ...extra } };
}
const pod = (labels: Record<string, string> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'team-a', labels }, spec: { containers: [{ name: 'app', image: 'app:1' }] },
});
const admit = (policies: any[], obj: any = pod(), opts: Record<string, unknown> = {}) =>
  new AdmissionEngine({ policies, defaulting: false, ...opts }).admit(obj);
const DENIED = 'pods "web" is forbidden: ValidatingAdmissionPolicy \'p\' with binding \'p-binding\' denied request: ';
// An expression that fails at run time (no such key), as the upstream fake evaluator's error.
const ERROR_EXPR = 'object.metadata.labels["missing"] == "x"';
const ERROR_MSG = `expression '${ERROR_EXPR}' resulted in error: no such key: missing`;

describe('ValidatingAdmissionPolicy: validator_test.go TestValidate', () => {
  it('test pass', () => {
    const r = admit([vap('p', { validations: [{ expression: 'true' }] }), vapb('p')]);
    expect(r).toMatchObject({ admitted: true, warnings: [], auditAnnotations: {} });
    expect(r.validations).toEqual([{ name: 'p', binding: 'p-binding', matched: true, failures: [], actions: ['Deny'], failurePolicy: 'Fail' }]);
  });

  it('test multiple pass', () => {
    expect(admit([vap('p', { validations: [{ expression: 'true' }, { expression: '1 == 1' }] }), vapb('p')]).admitted).toBe(true);
  });

  it('test error with failurepolicy ignore', () => {
    expect(admit([vap('p', { failurePolicy: 'Ignore', validations: [{ expression: ERROR_EXPR }] }), vapb('p')]).admitted).toBe(true);
  });

  it('test error with failurepolicy nil (Fail)', () => {
    expect(admit([vap('p', { validations: [{ expression: ERROR_EXPR }] }), vapb('p')])).toMatchObject({ admitted: false, message: DENIED + ERROR_MSG });
  });

  it('test fail with failurepolicy fail', () => {
    expect(admit([vap('p', { failurePolicy: 'Fail', validations: [{ expression: 'false' }] }), vapb('p')]))
      .toMatchObject({ admitted: false, message: `${DENIED}failed expression: false`, reason: 'Invalid' });
  });

  it('test fail with failurepolicy ignore with multiple validations (a false validation denies whatever the failure policy)', () => {
    expect(admit([vap('p', { failurePolicy: 'Ignore', validations: [{ expression: 'false' }, { expression: 'true' }] }), vapb('p')]).admitted).toBe(false);
  });

  it('test fail with failurepolicy ignore with multiple failed validations: an error is ignored, the false one denies', () => {
    const r = admit([vap('p', { failurePolicy: 'Ignore', validations: [{ expression: ERROR_EXPR }, { expression: 'false', message: 'second' }] }), vapb('p')]);
    expect(r).toMatchObject({ admitted: false, message: `${DENIED}second` });
  });

  it('test fail with failurepolicy fail with multiple failed validations: the first decision is reported', () => {
    const r = admit([vap('p', { validations: [{ expression: ERROR_EXPR }, { expression: 'false', message: 'second' }] }), vapb('p')]);
    expect(r.message).toBe(DENIED + ERROR_MSG);
    expect(r.validations[0].failures).toEqual([ERROR_MSG, 'second']);
  });

  it('test reason for fail no reason set / reason set', () => {
    expect(admit([vap('p', { validations: [{ expression: 'false' }] }), vapb('p')]).reason).toBe('Invalid');
    expect(admit([vap('p', { validations: [{ expression: 'false', reason: 'Forbidden' }] }), vapb('p')]).reason).toBe('Forbidden');
  });

  it('test message for failed validations (message, trimmed)', () => {
    expect(admit([vap('p', { validations: [{ expression: 'false', message: ' no way ' }] }), vapb('p')]).message).toBe(`${DENIED}no way`);
  });

  it('test empty validations with non-empty audit annotations', () => {
    const r = admit([vap('p', { auditAnnotations: [{ key: 'who', valueExpression: '"web-" + object.metadata.name' }] }), vapb('p', ['Audit'])]);
    expect(r).toMatchObject({ admitted: true, auditAnnotations: { 'p/who': 'web-web' } });
  });

  it('test audit annotations with null return', () => {
    expect(admit([vap('p', { auditAnnotations: [{ key: 'who', valueExpression: 'null' }] }), vapb('p')]).auditAnnotations).toEqual({});
  });

  it('test audit annotations with failPolicy=fail / ignore', () => {
    const expr = 'string(object.metadata.labels["missing"])';
    expect(admit([vap('p', { auditAnnotations: [{ key: 'who', valueExpression: expr }] }), vapb('p')]))
      .toMatchObject({ admitted: false, message: `${DENIED}expression '${expr}' resulted in error: no such key: missing` });
    expect(admit([vap('p', { failurePolicy: 'Ignore', auditAnnotations: [{ key: 'who', valueExpression: expr }] }), vapb('p')]).admitted).toBe(true);
  });

  it('messageExpression successful, empty message / overwritten message', () => {
    expect(admit([vap('p', { validations: [{ expression: 'false', messageExpression: '"name " + object.metadata.name' }] }), vapb('p')]).message).toBe(`${DENIED}name web`);
    expect(admit([vap('p', { validations: [{ expression: 'false', message: 'static', messageExpression: '"dynamic"' }] }), vapb('p')]).message).toBe(`${DENIED}dynamic`);
  });

  it.each([
    ['eval to empty', '"  "'],
    ['eval to multi-line', '"a\\nb"'],
    ['eval result too long', '"' + 'y'.repeat(5 * 1024 + 1) + '"'],
    ['eval to null (not a string)', 'dyn(null)'],
    ['user failure (error)', 'string(object.metadata.labels["missing"])'],
  ])('messageExpression %s falls back to message', (_name, messageExpression) => {
    const p = vap('p', { validations: [{ expression: 'false', message: 'fallback', messageExpression }] });
    expect(admit([p, vapb('p')]).message).toBe(`${DENIED}fallback`);
  });

  it('no match surpresses failure (a false match condition)', () => {
    expect(admit([vap('p', { matchConditions: [{ name: 'never', expression: 'false' }], validations: [{ expression: 'false' }] }), vapb('p')]).admitted).toBe(true);
  });

  it('match error => presumed match (failurePolicy Fail denies with the error)', () => {
    const r = admit([vap('p', { matchConditions: [{ name: 'err', expression: ERROR_EXPR }], validations: [{ expression: 'true' }] }), vapb('p')]);
    expect(r).toMatchObject({ admitted: false, message: DENIED + ERROR_MSG });
  });
});

describe('ValidatingAdmissionPolicy: dispatcher.go decisions', () => {
  const failing = vap('p', { validations: [{ expression: 'has(object.metadata.labels) && "team" in object.metadata.labels', message: 'pods need a team label' }] });

  it('Warn adds the warning kubectl prints and admits', () => {
    const r = admit([failing, vapb('p', ['Warn'])]);
    expect(r).toMatchObject({ admitted: true, warnings: ["Validation failed for ValidatingAdmissionPolicy 'p' with binding 'p-binding': pods need a team label"] });
  });

  it('Audit records the validation failure annotation and admits', () => {
    const r = admit([failing, vapb('p', ['Audit'])]);
    expect(r.admitted).toBe(true);
    expect(JSON.parse(r.auditAnnotations['validation.policy.admission.k8s.io/validation_failure'])).toEqual([
      { message: 'pods need a team label', policy: 'p', binding: 'p-binding', expressionIndex: 0, validationActions: ['Audit'] },
    ]);
  });

  it('Deny with Audit denies and records', () => {
    const r = admit([failing, vapb('p', ['Deny', 'Audit'])]);
    expect(r.admitted).toBe(false);
    expect(r.auditAnnotations).toHaveProperty(['validation.policy.admission.k8s.io/validation_failure']);
  });

  it('admits an object that passes', () => {
    expect(admit([failing, vapb('p')], pod({ team: 'a' })).admitted).toBe(true);
  });

  it('names the group-qualified resource in the denial (apierrors.NewForbidden)', () => {
    const p = vap('p', { matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] }] }, validations: [{ expression: 'object.spec.replicas <= 5', message: 'too many' }] });
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'x' }, spec: { replicas: 9, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } };
    expect(admit([p, vapb('p')], d).message).toBe("deployments.apps \"d\" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'p-binding' denied request: too many");
  });

  it('a policy without a matching binding does nothing; a binding matchResources narrows it', () => {
    expect(admit([failing]).admitted).toBe(true);
    const b = vapb('p', ['Deny'], { matchResources: { namespaceSelector: { matchLabels: { env: 'prod' } } } });
    expect(admit([failing, b]).admitted).toBe(true);
  });

  it('parameters: every selected param object is evaluated; a missing one with Deny fails to configure the binding', () => {
    const p = vap('p', {
      paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
      validations: [{ expression: 'object.metadata.name != params.data.forbidden', messageExpression: '"name " + params.data.forbidden + " is reserved"' }],
    });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rules', namespace: 'team-a' }, data: { forbidden: 'web' } };
    expect(admit([p, vapb('p', ['Deny'], { paramRef: { name: 'rules', parameterNotFoundAction: 'Deny' } }), cm]).message).toBe(`${DENIED}name web is reserved`);
    expect(admit([p, vapb('p', ['Deny'], { paramRef: { name: 'other', parameterNotFoundAction: 'Deny' } }), cm]).message)
      .toBe(`${DENIED}failed to configure binding: no params found for policy binding with \`Deny\` parameterNotFoundAction`);
    expect(admit([p, vapb('p', ['Deny'], { paramRef: { name: 'other', parameterNotFoundAction: 'Allow' } }), cm]).admitted).toBe(true);
  });

  it('variables are available to validations and messages', () => {
    const p = vap('p', { variables: [{ name: 'n', expression: 'object.metadata.name' }], validations: [{ expression: 'variables.n != "web"', messageExpression: '"bad name " + variables.n' }] });
    expect(admit([p, vapb('p')]).message).toBe(`${DENIED}bad name web`);
  });

  it('runs after every mutation: the validation sees the mutated object', () => {
    const map = {
      apiVersion: G,
      kind: 'MutatingAdmissionPolicy',
      metadata: { name: 'm' },
      spec: { matchConstraints: { resourceRules: [podRule] }, reinvocationPolicy: 'Never', mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{metadata: Object.metadata{labels: {"team": "platform"}}}' } }] },
    };
    const mapb = { apiVersion: G, kind: 'MutatingAdmissionPolicyBinding', metadata: { name: 'm' }, spec: { policyName: 'm' } };
    expect(admit([failing, vapb('p'), map, mapb]).admitted).toBe(true);
  });

  it('oldObject is the stored object on UPDATE', () => {
    const p = vap('p', { validations: [{ expression: 'request.operation != "UPDATE" || object.metadata.labels["team"] == oldObject.metadata.labels["team"]', message: 'team is immutable' }] });
    const e = new AdmissionEngine({ policies: [p, vapb('p')], defaulting: false });
    expect(e.admit(pod({ team: 'b' }), pod({ team: 'a' })).message).toBe(`${DENIED}team is immutable`);
    expect(e.admit(pod({ team: 'a' }), pod({ team: 'a' })).admitted).toBe(true);
    expect(e.admit(pod({ team: 'b' })).admitted).toBe(true);
  });

  it('the authorizer answers as configured (allow-all by default)', () => {
    const p = vap('p', { validations: [{ expression: 'authorizer.group("").resource("secrets").namespace("team-a").check("list").allowed()', message: 'may not list secrets' }] });
    expect(admit([p, vapb('p')]).admitted).toBe(true);
    expect(admit([p, vapb('p')], pod(), { authorizer: { authorize: () => false } }).message).toBe(`${DENIED}may not list secrets`);
  });

  it('does not run on the kinds the API server exempts (policy.generic Plugin.Dispatch)', () => {
    const all = vap('p', { matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['CREATE'] }] }, validations: [{ expression: 'false' }] });
    const r = admit([all, vapb('p')], vapb('other'));
    expect(r).toMatchObject({ admitted: true, validations: [] });
    expect(admit([all, vapb('p')], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } }).admitted).toBe(false);
  });
});

describe('AdmissionEngine refuses policies the API server refuses (validation.go)', () => {
  it.each([
    ['no validations or auditAnnotations', vap('p', {}), 'validations or auditAnnotations must contain at least one item'],
    ['a validation that does not compile', vap('p', { validations: [{ expression: 'object.' }] }), 'spec.validations[0].expression'],
    ['a message with a line break', vap('p', { validations: [{ expression: 'true', message: 'a\nb' }] }), 'message must not contain line breaks'],
    ['an unknown reason', vap('p', { validations: [{ expression: 'true', reason: 'Teapot' }] }), 'spec.validations[0].reason: is not a supported reason'],
    ['Deny with Warn', vapb('p', ['Deny', 'Warn']), 'must not contain both Deny and Warn'],
    ['no validation actions', vapb('p', []), 'at least one validation action is required'],
    ['mutations given as a map', { apiVersion: G, kind: 'MutatingAdmissionPolicy', metadata: { name: 'm' }, spec: { matchConstraints: { resourceRules: [podRule] }, reinvocationPolicy: 'Never', mutations: { a: 1 } } }, 'spec.mutations'],
    ['resourceRules with null and 5', vap('p', { matchConstraints: { resourceRules: [null, 5] }, validations: [{ expression: 'true' }] }), 'resourceRules[0]'],
    ['an objectSelector given as a string', vap('p', { matchConstraints: { resourceRules: [podRule], objectSelector: 'inject=true' }, validations: [{ expression: 'true' }] }), 'objectSelector'],
    ['a policy without spec', { apiVersion: G, kind: 'ValidatingAdmissionPolicy', metadata: { name: 'p' } }, 'spec'],
  ])('fails when a policy has %s', (_n, obj, message) => {
    expect(() => new AdmissionEngine({ policies: [obj] })).toThrow(message);
  });

  it('accepts what the API server accepts: object is dynamic (object.spec.replicas != null), with no warning turned into an error', () => {
    const p = vap('p', { matchConstraints: { resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] }] }, validations: [{ expression: 'object.spec.replicas != null' }] });
    expect(() => new AdmissionEngine({ policies: [p, vapb('p')] })).not.toThrow();
  });

  it('fails with HaruValidationError, not a TypeError, on wrong argument types', () => {
    expect(() => new AdmissionEngine({ policies: 5 } as any)).toThrow(/\[api\/wrong-type\] policies: must be a list \(got 5 \(number\)/);
    expect(() => new AdmissionEngine(undefined as any)).toThrow(/\[api\/required\] props: is required/);
    expect(() => new AdmissionEngine({ policies: [], user: 'bob' } as any)).toThrow('user: must be an object');
    expect(() => new AdmissionEngine({ policies: [] }).admit(42)).toThrow('manifest: must be an object');
    expect(() => new AdmissionEngine({ policies: [], operation: 'DELETE' as any })).toThrow('operation');
  });
});
