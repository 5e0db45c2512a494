/**
 * Server-side rules for admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and
 * ValidatingAdmissionPolicyBinding, ported from kubernetes v1.36
 * pkg/apis/admissionregistration/validation/validation.go
 * (`validateValidatingAdmissionPolicySpec`, `validateValidation`, `validateAuditAnnotation`,
 * `validateValidationActions`, `validateValidatingAdmissionPolicyBindingSpec`), with the
 * expressions compiled as the API server compiles them (`object`, `oldObject`, `params`
 * dynamic; the schema-typed check is a warning, `admission/type-check`).
 */
import {
  checkMatchResources, checkMutatingAdmissionPolicyBinding, checkPolicyMatchConditions, checkPolicyVariables, checkObjectName, checkParamKind,
  dynResultViolation, isBlank,
  matchedKind,
  requiredViolation, viol,
} from './admission';
import type { Violation } from '../base/errors';
import { checkQualifiedName, isObject } from '../base/validators';
import { checkCel, CelEnvironment, serverCelViolations } from '../cel';
import { rootTypeName } from '../schema';

const API_VERSION = 'admissionregistration.k8s.io/v1';
const FAILURE_POLICIES = ['Fail', 'Ignore'];
/**
 * `supportedValidationPolicyReason`: Forbidden, Invalid, RequestEntityTooLarge. The type's
 * doc comment also names Unauthorized, but validation.go refuses it (NotSupported).
 */
const REASONS = ['Forbidden', 'Invalid', 'RequestEntityTooLarge'];
const ACTIONS = ['Deny', 'Warn', 'Audit'];
/** `validateAuditAnnotation`: the key is at most 63 characters. */
const MAX_AUDIT_KEY = 63;
/** `maxAuditAnnotations` of validation.go (`validateValidatingAdmissionPolicySpec`). */
const MAX_AUDIT_ANNOTATIONS = 20;
/** `maxAuditAnnotationValueExpressionLength` of validation.go: 5 KiB (of the trimmed text, in bytes). */
const MAX_AUDIT_VALUE_EXPRESSION = 5 * 1024;

/** Whether CEL text reads `name` as an identifier (outside string literals). */
export function readsIdentifier(text: string, name: string): boolean {
  return new RegExp(`(^|[^.\\w])${name}\\b`).test(text.replace(/"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'/g, '""'));
}

interface Base {
  readonly objectType?: string;
  readonly hasParams: boolean;
  readonly paramsType?: string;
  readonly variables?: string[];
}

/** Compiles `expr` as the server does and checks its result type against `want` (dyn passes). */
function expression(out: Violation[], checkId: string, field: string, expr: unknown, base: Base, want: string[], fix: string): void {
  if (isBlank(expr)) {
    out.push(requiredViolation(checkId, field, field.split('.').pop() ?? 'expression', fix));
    return;
  }
  const vs = serverCelViolations(field, String(expr), CelEnvironment.ADMISSION_VARIABLE, base);
  out.push(...vs);
  if (vs.some((v) => v.checkId !== 'admission/type-check')) return;
  const dyn = dynResultViolation('cel/result-type', field, String(expr), want, fix);
  if (dyn) {
    out.push(dyn);
    return;
  }
  const dynOptions = { hasParams: base.hasParams || base.paramsType !== undefined, variables: base.variables };
  const r = checkCel(String(expr), CelEnvironment.ADMISSION_VARIABLE, dynOptions);
  const t = r.resultType ?? 'dyn';
  if (t !== 'dyn' && !want.includes(t)) {
    out.push(viol('cel/result-type', field, `must evaluate to ${want.join(' or ')}, got ${t}`, String(expr), undefined, fix));
  }
}

/** Every server-side rule (and the CEL compile step) for a ValidatingAdmissionPolicy manifest. */
export function checkValidatingAdmissionPolicy(obj: any): Violation[] {
  const out: Violation[] = [...checkObjectName(obj)];
  const spec = obj?.spec;
  if (!isObject(spec)) {
    out.push(requiredViolation('admission/spec', 'spec', 'spec', 'Add spec with matchConstraints and validations'));
    return out;
  }
  if (spec.failurePolicy !== undefined && !FAILURE_POLICIES.includes(spec.failurePolicy)) {
    out.push(viol('admission/failure-policy', 'spec.failurePolicy', 'is not a supported failure policy', spec.failurePolicy, FAILURE_POLICIES.join(', ')));
  }
  out.push(...checkParamKind('spec.paramKind', spec.paramKind));
  const hasParams = isObject(spec.paramKind);
  if (spec.matchConstraints === undefined || spec.matchConstraints === null) {
    out.push(viol('admission/match-constraints', 'spec.matchConstraints', 'matchConstraints is required', undefined, undefined,
      'Add matchConstraints.resourceRules: at least one resourceRule must be defined to provide type information'));
  } else {
    out.push(...checkMatchResources('spec.matchConstraints', spec.matchConstraints, true, false));
  }
  const kind = matchedKind(spec.matchConstraints?.resourceRules);
  const paramsType = hasParams && typeof spec.paramKind.apiVersion === 'string' && typeof spec.paramKind.kind === 'string'
    ? rootTypeName(spec.paramKind.apiVersion, spec.paramKind.kind) : undefined;
  const base: Base = { objectType: kind?.typeName, hasParams, paramsType };

  checkPolicyMatchConditions(spec.matchConditions, base, out);

  const declared = checkPolicyVariables(spec.variables, base, out, true);
  const withVars: Base = { ...base, variables: declared };

  const validations = spec.validations;
  const audits = spec.auditAnnotations;
  const nValidations = Array.isArray(validations) ? validations.length : 0;
  const nAudits = Array.isArray(audits) ? audits.length : 0;
  if (nValidations === 0 && nAudits === 0) {
    out.push(viol('admission/validations', 'spec.validations', 'validations or auditAnnotations must contain at least one item', validations, undefined,
      'Add a validation {expression, message}'));
  }
  if (validations !== undefined && !Array.isArray(validations)) {
    out.push(viol('admission/validations', 'spec.validations', 'must be a list of {expression, message, messageExpression, reason}', validations));
  } else if (Array.isArray(validations)) {
    validations.forEach((v: any, i: number) => {
      const f = `spec.validations[${i}]`;
      if (!isObject(v)) {
        out.push(viol('admission/validations', f, 'must be an object {expression, message, messageExpression, reason}', v));
        return;
      }
      expression(out, 'admission/validations', `${f}.expression`, v.expression, withVars, ['bool'], 'Write a CEL expression that returns bool (true admits)');
      // validateValidation: the message is trimmed first, so only inner line breaks (\n or \r) count.
      if (v.message !== undefined) {
        if (typeof v.message !== 'string') out.push(viol('admission/validations', `${f}.message`, 'must be a string', v.message));
        else if (v.message.length > 0 && v.message.trim() === '') out.push(viol('admission/validations', `${f}.message`, 'message must be non-empty if specified', v.message));
        else if (/[\n\r]/.test(v.message.trim())) out.push(viol('admission/validations', `${f}.message`, 'message must not contain line breaks', v.message, undefined, 'Write the message on one line'));
      }
      if (v.messageExpression !== undefined) {
        if (isBlank(v.messageExpression)) {
          out.push(viol('admission/validations', `${f}.messageExpression`, 'messageExpression must be non-empty if specified', v.messageExpression));
        } else if (readsIdentifier(String(v.messageExpression), 'authorizer')) {
          // validateMessageExpression compiles with HasAuthorizer: false.
          out.push(viol('admission/validations', `${f}.messageExpression`, "compilation failed: undeclared reference to 'authorizer' (authorizer is not declared in messageExpression)",
            v.messageExpression, undefined, 'Check the authorization in the validation expression or a variable, and build only the message here'));
        } else {
          expression(out, 'admission/validations', `${f}.messageExpression`, v.messageExpression, { ...withVars }, ['string'], 'Build the message with string(...) and +');
        }
      }
      if (v.reason !== undefined && !REASONS.includes(v.reason)) {
        out.push(viol('admission/validations', `${f}.reason`, 'is not a supported reason', v.reason, REASONS.join(', ')));
      }
    });
  }
  if (audits !== undefined && !Array.isArray(audits)) {
    out.push(viol('admission/audit-annotations', 'spec.auditAnnotations', 'must be a list of {key, valueExpression}', audits));
  } else if (Array.isArray(audits)) {
    const seen = new Set<string>();
    const policyName = String(obj?.metadata?.name ?? '');
    if (audits.length > MAX_AUDIT_ANNOTATIONS) {
      out.push(viol('admission/audit-annotations', 'spec.auditAnnotations', `must not have more than ${MAX_AUDIT_ANNOTATIONS} auditAnnotations`, `${audits.length} items`,
        `<= ${MAX_AUDIT_ANNOTATIONS}`, 'Combine values into fewer annotations'));
    }
    audits.forEach((a: any, i: number) => {
      const f = `spec.auditAnnotations[${i}]`;
      if (!isObject(a)) {
        out.push(viol('admission/audit-annotations', f, 'must be an object {key, valueExpression}', a));
        return;
      }
      if (isBlank(a.key)) {
        out.push(requiredViolation('admission/audit-annotations', `${f}.key`, 'key', 'Name the annotation (it is published as <policy name>/<key>)'));
      } else {
        const key = String(a.key);
        if (key.length > MAX_AUDIT_KEY) out.push(viol('admission/audit-annotations', `${f}.key`, `must be no more than ${MAX_AUDIT_KEY} characters`, key));
        if (policyName === '') {
          out.push(viol('admission/audit-annotations', `${f}.key`, 'requires metadata.name be non-empty', key, undefined, 'Name the policy (the annotation is published as <policy name>/<key>)'));
        } else {
          const q = checkQualifiedName(`${f}.key`, `${policyName}/${key}`);
          if (q) out.push({ ...q, checkId: 'admission/audit-annotations', problem: `${policyName}/${key} must be a qualified name: ${q.problem}` });
        }
        if (seen.has(key)) out.push(viol('admission/audit-annotations', `${f}.key`, 'is a duplicate', key));
        seen.add(key);
      }
      const valueBytes = typeof a.valueExpression === 'string' ? new TextEncoder().encode(a.valueExpression.trim()).length : 0;
      if (valueBytes > MAX_AUDIT_VALUE_EXPRESSION) {
        out.push(viol('admission/audit-annotations', `${f}.valueExpression`, `must not exceed ${MAX_AUDIT_VALUE_EXPRESSION} bytes in length`, `${valueBytes} bytes`,
          `<= ${MAX_AUDIT_VALUE_EXPRESSION} bytes`, 'Shorten the expression (e.g. move parts into variables)'));
      } else {
        expression(out, 'admission/audit-annotations', `${f}.valueExpression`, a.valueExpression, withVars, ['string', 'null_type'], 'Return a string (or null to leave the annotation out)');
      }
    });
  }
  return out;
}

/** Every server-side rule for a ValidatingAdmissionPolicyBinding manifest. */
export function checkValidatingAdmissionPolicyBinding(obj: any): Violation[] {
  const out = checkMutatingAdmissionPolicyBinding(obj, false)
    .map((v) => (v.field === 'spec.policyName' && v.fix ? { ...v, fix: v.fix.replace('MutatingAdmissionPolicy', 'ValidatingAdmissionPolicy') } : v));
  const spec = obj?.spec;
  if (!isObject(spec)) return out;
  const actions = spec.validationActions;
  if (!Array.isArray(actions) || actions.length === 0) {
    out.push(viol('admission/validation-actions', 'spec.validationActions', 'at least one validation action is required', actions, ACTIONS.join(', '),
      'Use [Deny] to reject, [Warn] to warn, [Audit] to record; Deny and Warn may not be combined'));
    return out;
  }
  const seen = new Set<string>();
  actions.forEach((a: unknown, i: number) => {
    const f = `spec.validationActions[${i}]`;
    if (typeof a !== 'string' || !ACTIONS.includes(a)) out.push(viol('admission/validation-actions', f, 'is not a supported validation action', a, ACTIONS.join(', ')));
    else if (seen.has(a)) out.push(viol('admission/validation-actions', f, 'is a duplicate', a));
    if (typeof a === 'string') seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    out.push(viol('admission/validation-actions', 'spec.validationActions',
      'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)', actions, undefined,
      'Keep Deny (or Warn), optionally with Audit'));
  }
  return out;
}

/** The registry entry for both kinds. */
export const VALIDATING_ADMISSION_CHECKER = {
  id: 'admission',
  apiVersions: [API_VERSION],
  kinds: ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  check: (obj: any): Violation[] => (obj?.kind === 'ValidatingAdmissionPolicyBinding'
    ? checkValidatingAdmissionPolicyBinding(obj)
    : checkValidatingAdmissionPolicy(obj)),
};
