/**
 * Server-side rules of ValidatingAdmissionPolicy and its binding, translated from kubernetes
 * pkg/apis/admissionregistration/validation/validation.go (the copy with 1.36-era code:
 * `validateValidatingAdmissionPolicySpec`, `validateValidation`, `validateMessageExpression`,
 * `validateAuditAnnotation`, `validateValidationActions`, `validateParamRef`,
 * `validateMatchResources`, `supportedValidationPolicyReason`, `maxAuditAnnotations`,
 * `maxAuditAnnotationValueExpressionLength`). Valid cases must pass, invalid ones are refused.
 */
import { describe, expect, it } from 'vitest';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';

function vap(spec: any = {}, name = 'policy.example.com'): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: { resourceRules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }] },
      validations: [{ expression: 'object.metadata.name != ""' }],
      ...spec,
    },
  };
}

function binding(spec: any = {}): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: 'binding.example.com' },
    spec: { policyName: 'policy.example.com', validationActions: ['Deny'], ...spec },
  };
}

/** The errors (what the API server refuses), as `[id] message`. */
function errors(obj: any): string[] {
  return checkObject(obj).filter((v) => severityOf(v.checkId) === 'error').map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

function expectRefused(obj: any, ...parts: string[]): void {
  const all = errors(obj);
  expect(all.some((m) => parts.every((p) => m.includes(p))), `expected an error with ${JSON.stringify(parts)}, got:\n${all.join('\n')}`).toBe(true);
}

describe('ValidatingAdmissionPolicy: accepted (validation.go accepts these)', () => {
  it.each([
    ['a minimal policy', vap()],
    ['only audit annotations', vap({ validations: undefined, auditAnnotations: [{ key: 'team', valueExpression: 'string(object.metadata.name)' }] })],
    ['every supported reason', vap({ validations: ['Forbidden', 'Invalid', 'RequestEntityTooLarge'].map((reason) => ({ expression: 'true', reason })) })],
    ['a message with a trailing line break (validateValidation trims before the line-break test)', vap({ validations: [{ expression: 'true', message: 'no latest tag\n' }] })],
    ['20 audit annotations (maxAuditAnnotations)', vap({ auditAnnotations: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, valueExpression: '"v"' })) })],
    ['a 5120-byte value expression (maxAuditAnnotationValueExpressionLength)', vap({ auditAnnotations: [{ key: 'k', valueExpression: `"${'a'.repeat(5118)}"` }] })],
    ['authorizer in a validation expression (HasAuthorizer: true)', vap({ validations: [{ expression: 'authorizer.group("").resource("pods").check("create").allowed()' }] })],
    ['"authorizer" inside a string of a messageExpression', vap({ validations: [{ expression: 'true', messageExpression: '"ask the authorizer"' }] })],
    ['params in a messageExpression with a paramKind', vap({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'true', messageExpression: 'string(params.metadata.name)' }] })],
  ])('accepts %s', (_name, obj) => {
    expect(errors(obj)).toEqual([]);
  });

  it.each([
    ['Deny', ['Deny']], ['Warn', ['Warn']], ['Audit', ['Audit']], ['Deny and Audit', ['Deny', 'Audit']], ['Warn and Audit', ['Warn', 'Audit']],
  ])('accepts a binding with validationActions %s', (_n, actions) => {
    expect(errors(binding({ validationActions: actions }))).toEqual([]);
  });
});

describe('ValidatingAdmissionPolicy: refused as validation.go refuses it', () => {
  it('fails when a reason is Unauthorized (supportedValidationPolicyReason has only Forbidden, Invalid, RequestEntityTooLarge)', () => {
    expectRefused(vap({ validations: [{ expression: 'true', reason: 'Unauthorized' }] }), 'spec.validations[0].reason', 'is not a supported reason', 'Forbidden, Invalid, RequestEntityTooLarge');
  });

  it('fails when the message has a line break inside it (validateValidation: hasNewlines)', () => {
    expectRefused(vap({ validations: [{ expression: 'true', message: 'one\rtwo' }] }), 'spec.validations[0].message', 'must not contain line breaks');
  });

  it('fails when the message is only blanks (validateValidation)', () => {
    expectRefused(vap({ validations: [{ expression: 'true', message: '   ' }] }), 'spec.validations[0].message', 'must be non-empty if specified');
  });

  it('fails when a messageExpression reads authorizer (validateMessageExpression compiles with HasAuthorizer: false)', () => {
    expectRefused(vap({ validations: [{ expression: 'true', messageExpression: 'string(authorizer.group("").resource("pods").check("get").allowed())' }] }),
      'spec.validations[0].messageExpression', "undeclared reference to 'authorizer'");
  });

  it('fails when a messageExpression does not return a string (MessageExpressionCondition.ReturnTypes)', () => {
    expectRefused(vap({ validations: [{ expression: 'true', messageExpression: '1 + 1' }] }), 'spec.validations[0].messageExpression', 'must evaluate to string');
  });

  it('fails when a validation expression does not return bool (ValidationCondition.ReturnTypes)', () => {
    expectRefused(vap({ validations: [{ expression: '"yes"' }] }), 'spec.validations[0].expression', 'must evaluate to bool');
  });

  it.each([
    ['a validation', { validations: [{ expression: 'object.spec.paused' }] }, 'spec.validations[0].expression', 'must evaluate to bool but got dyn'],
    ['a validation on params', { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'params.data["enabled"]' }] }, 'spec.validations[0].expression', 'must evaluate to bool but got dyn'],
    ['a messageExpression', { validations: [{ expression: 'true', messageExpression: 'object.metadata.name' }] }, 'spec.validations[0].messageExpression', 'must evaluate to string but got dyn'],
    ['an audit value', { auditAnnotations: [{ key: 'k', valueExpression: 'object.metadata.labels["team"]' }] }, 'spec.auditAnnotations[0].valueExpression', 'must evaluate to one of [string, null_type] but got dyn'],
    ['a match condition', { matchConditions: [{ name: 'paused', expression: 'oldObject.spec.paused' }] }, 'spec.matchConditions[0].expression', 'must evaluate to bool but got dyn'],
  ])('fails when %s is a bare path of a dynamic variable (compile.go: the output type must be exactly a return type)', (_n, spec, field, problem) => {
    expectRefused(vap(spec), field, problem);
  });

  it('accepts typed variables and comparisons of dynamic paths (only dyn outputs are refused)', () => {
    expect(errors(vap({
      variables: [{ name: 'paused', expression: 'object.spec.paused' }],
      validations: [{ expression: 'object.spec.paused == true' }, { expression: 'request.dryRun' }, { expression: 'has(object.spec.paused)' }],
    }))).toEqual([]);
  });

  it('fails when there are more than 20 audit annotations (maxAuditAnnotations)', () => {
    expectRefused(vap({ auditAnnotations: Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, valueExpression: '"v"' })) }),
      'spec.auditAnnotations', 'must not have more than 20 auditAnnotations');
  });

  it('fails when a value expression is longer than 5 KiB (maxAuditAnnotationValueExpressionLength)', () => {
    expectRefused(vap({ auditAnnotations: [{ key: 'k', valueExpression: `"${'a'.repeat(5119)}"` }] }), 'spec.auditAnnotations[0].valueExpression', 'must not exceed 5120 bytes in length');
  });

  it('counts the value expression in bytes, not characters (Go len)', () => {
    expectRefused(vap({ auditAnnotations: [{ key: 'k', valueExpression: `"${'é'.repeat(2600)}"` }] }), 'must not exceed 5120 bytes in length');
  });

  it('fails when an audit annotation key is used twice (field.Duplicate)', () => {
    expectRefused(vap({ auditAnnotations: [{ key: 'k', valueExpression: '"a"' }, { key: 'k', valueExpression: '"b"' }] }), 'spec.auditAnnotations[1].key', 'duplicate');
  });

  it('fails when <policy name>/<key> is not a qualified name (validateAuditAnnotation)', () => {
    expectRefused(vap({ auditAnnotations: [{ key: 'bad key', valueExpression: '"a"' }] }), 'spec.auditAnnotations[0].key', 'must be a qualified name');
  });

  it('fails when the policy has no name but audit annotations (validateAuditAnnotation: requires metadata.name be non-empty)', () => {
    expectRefused(vap({ auditAnnotations: [{ key: 'k', valueExpression: '"a"' }] }, ''), 'spec.auditAnnotations[0].key', 'requires metadata.name be non-empty');
  });

  it('fails when a value expression returns neither string nor null (AuditAnnotationCondition.ReturnTypes)', () => {
    expectRefused(vap({ auditAnnotations: [{ key: 'k', valueExpression: '1' }] }), 'spec.auditAnnotations[0].valueExpression', 'must evaluate to string or null_type');
  });

  it('fails when there are neither validations nor audit annotations (validateValidatingAdmissionPolicySpec)', () => {
    expectRefused(vap({ validations: [] }), 'validations or auditAnnotations must contain at least one item');
  });

  it('fails when matchConstraints has no resourceRules (type information is required)', () => {
    expectRefused(vap({ matchConstraints: {} }), 'spec.matchConstraints.resourceRules', 'at least one resourceRule');
  });

  it('fails when params is read without a paramKind (params is undeclared)', () => {
    expectRefused(vap({ validations: [{ expression: 'params.data.x == "y"' }] }), 'spec.validations[0].expression', 'params');
  });

  it('accepts a DELETE rule on a validating policy (only the mutating kind refuses DELETE)', () => {
    const p = vap();
    p.spec.matchConstraints.resourceRules[0].operations = ['DELETE'];
    expect(errors(p)).toEqual([]);
  });
});

describe('ValidatingAdmissionPolicyBinding: refused as validation.go refuses it', () => {
  it('fails when validationActions is empty (validateValidationActions: Required)', () => {
    expectRefused(binding({ validationActions: [] }), 'spec.validationActions', 'at least one validation action is required');
  });

  it('fails when Deny and Warn are combined (validateValidationActions)', () => {
    expectRefused(binding({ validationActions: ['Deny', 'Warn'] }), 'spec.validationActions', 'must not contain both Deny and Warn');
  });

  it('fails when an action repeats (field.Duplicate)', () => {
    expectRefused(binding({ validationActions: ['Audit', 'Audit'] }), 'spec.validationActions[1]', 'duplicate');
  });

  it('fails when an action is unknown (field.NotSupported)', () => {
    expectRefused(binding({ validationActions: ['Block'] }), 'spec.validationActions[0]', 'is not a supported validation action', 'Deny, Warn, Audit');
  });

  it('fails when paramRef has both name and selector (validateParamRef: mutually exclusive)', () => {
    expectRefused(binding({ paramRef: { name: 'p', selector: {}, parameterNotFoundAction: 'Deny' } }), 'spec.paramRef.name', 'mutually exclusive');
  });

  it('fails when paramRef has no parameterNotFoundAction (validateParamRef: Required)', () => {
    expectRefused(binding({ paramRef: { name: 'p' } }), 'spec.paramRef.parameterNotFoundAction', 'is required');
  });
});
