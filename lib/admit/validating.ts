/**
 * ValidatingAdmissionPolicy as the 1.36 API server runs it, after every mutating admission
 * plugin. Ported from k8s.io/apiserver@v0.36.0 pkg/admission/plugin/policy/validating:
 * `dispatcher.go` (`Dispatch`: definition and binding matching, parameters, the decisions
 * per validation action, audit annotations, the denial message), `validator.go` (`Validate`:
 * match conditions, validations, messageExpression fallbacks, audit annotation values) and
 * pkg/admission/plugin/cel/activation.go (the expression error text).
 */
import { bindLazyVariables, compileExpression, CompiledExpression } from './cel-step';
import { matchResources, RequestAttributes } from './matching';
import { CelEnvironment } from '../cel';
import type { ICelAuthorizer } from '../cel/program';
import { rootTypeName } from '../schema';

/** What one ValidatingAdmissionPolicy (through one binding and parameter) decided. */
export interface ValidationTrace {
  /** Policy name. */
  readonly name: string;
  /** Binding name ('' when the policy failed before a binding). */
  readonly binding: string;
  /**
   * `namespace/name` of the parameter object.
   * @default - no parameter
   */
  readonly param?: string;
  /** The policy and binding matched and every match condition held. */
  readonly matched: boolean;
  /** The message of each failed validation (or error that counts as one under `failurePolicy: Fail`). */
  readonly failures: string[];
  /** The binding's validation actions (`Deny`, `Warn`, `Audit`). */
  readonly actions: string[];
  /** The policy's failure policy. */
  readonly failurePolicy: string;
}

/** `celconfig.MaxEvaluatedMessageExpressionSizeBytes`. */
const MAX_MESSAGE_BYTES = 5 * 1024;
/** dispatcher.go `maxAuditAnnotationValueLength`. */
const MAX_AUDIT_VALUE = 10 * 1024;
const VALIDATION_FAILURE_KEY = 'validation.policy.admission.k8s.io/validation_failure';

interface CompiledPolicy {
  readonly matchConditions: Array<{ name: string; expression: string; expr: CompiledExpression }>;
  readonly variables: Array<{ name: string; expr: CompiledExpression }>;
  readonly validations: Array<{ expression: string; expr: CompiledExpression; message?: string; messageExpr?: CompiledExpression; reason?: string }>;
  readonly audits: Array<{ key: string; expression: string; expr: CompiledExpression }>;
}

interface Decision {
  readonly action: 'deny' | 'admit';
  readonly message: string;
  readonly reason?: string;
  readonly index: number;
}

/** The outcome of the validating phase for one request. */
export interface ValidatingOutcome {
  readonly traces: ValidationTrace[];
  readonly warnings: string[];
  readonly auditAnnotations: Record<string, string>;
  readonly denial?: { message: string; reason: string };
  readonly namespaceMissing?: boolean;
}

function nameOf(o: any): string {
  return String(o?.metadata?.name ?? '');
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The plural resource with its group, as apierrors.NewForbidden prints it (`deployments.apps`). */
function qualifiedResource(a: RequestAttributes): string {
  return a.group ? `${a.resource}.${a.group}` : a.resource;
}

/** Runs the ValidatingAdmissionPolicies of an engine. */
export class ValidatingPolicyRunner {
  private readonly compiled = new Map<string, CompiledPolicy>();

  constructor(
    private readonly policies: any[],
    private readonly bindings: any[],
    private readonly collectParams: (policy: any, binding: any, a: RequestAttributes) => any[],
    private readonly authorizer: ICelAuthorizer,
  ) {}

  private compile(policy: any): CompiledPolicy {
    const key = nameOf(policy);
    let c = this.compiled.get(key);
    if (c) return c;
    const spec = policy.spec ?? {};
    const paramKind = spec.paramKind;
    const base = { hasParams: !!paramKind, paramsType: paramKind ? rootTypeName(paramKind.apiVersion, paramKind.kind) : undefined };
    const names: string[] = [];
    const variables = (spec.variables ?? []).map((v: any) => {
      const expr = compileExpression(v.expression, CelEnvironment.ADMISSION_VARIABLE, { ...base, variables: [...names] });
      names.push(v.name);
      return { name: v.name, expr };
    });
    const withVars = { ...base, variables: names };
    c = {
      matchConditions: (spec.matchConditions ?? []).map((m: any) => ({ name: m.name, expression: String(m.expression ?? ''), expr: compileExpression(m.expression, CelEnvironment.ADMISSION_MATCH_CONDITION, withVars) })),
      variables,
      validations: (spec.validations ?? []).map((v: any) => ({
        expression: String(v.expression ?? ''),
        expr: compileExpression(v.expression, CelEnvironment.ADMISSION_VARIABLE, withVars),
        message: typeof v.message === 'string' ? v.message : undefined,
        messageExpr: typeof v.messageExpression === 'string' && v.messageExpression.trim() !== ''
          ? compileExpression(v.messageExpression, CelEnvironment.ADMISSION_VARIABLE, withVars) : undefined,
        reason: typeof v.reason === 'string' ? v.reason : undefined,
      })),
      audits: (spec.auditAnnotations ?? []).map((a: any) => ({
        key: String(a.key ?? ''),
        expression: String(a.valueExpression ?? ''),
        expr: compileExpression(a.valueExpression, CelEnvironment.ADMISSION_VARIABLE, withVars),
      })),
    };
    this.compiled.set(key, c);
    return c;
  }

  /** dispatcher.go `Dispatch` for one request. */
  public run(object: any, oldObject: any, a: RequestAttributes, nsObject: any, requestFor: (version: string) => any): ValidatingOutcome {
    const traces: ValidationTrace[] = [];
    const warnings: string[] = [];
    const annotations: Record<string, string> = {};
    const denied: Array<{ policy: string; binding?: string; message: string; reason?: string }> = [];
    const nsLabels = nsObject === undefined ? undefined : (nsObject?.metadata?.labels ?? {});
    const withObject = { ...a, object, oldObject };

    for (const policy of this.policies) {
      const pname = nameOf(policy);
      const failurePolicy = policy.spec?.failurePolicy ?? 'Fail';
      const bindings = this.bindings.filter((b) => b.spec?.policyName === pname);
      if (bindings.length === 0) continue;
      // addConfigError: Ignore drops the error, Fail denies with it.
      const configError = (message: string, binding?: string) => {
        if (failurePolicy === 'Ignore') return;
        denied.push({ policy: pname, binding, message: binding === undefined ? `failed to configure policy: ${message}` : `failed to configure binding: ${message}` });
      };
      const def = matchResources(policy.spec?.matchConstraints, withObject, nsLabels);
      if (def.error) {
        configError(def.error);
        continue;
      }
      if (!def.matches) continue;
      const collected: Record<string, string[]> = {};
      for (const binding of bindings) {
        const bname = nameOf(binding);
        const actions: string[] = Array.isArray(binding.spec?.validationActions) ? binding.spec.validationActions : [];
        const bm = binding.spec?.matchResources ? matchResources(binding.spec.matchResources, withObject, nsLabels) : { matches: true };
        if (bm.error) {
          configError(bm.error, bname);
          continue;
        }
        if (!bm.matches) continue;
        let params: any[];
        try {
          params = this.collectParams(policy, binding, a);
        } catch (e) {
          configError(errorText(e), bname);
          continue;
        }
        if (params.length > 0 && a.namespace !== '' && a.kind !== 'Namespace' && nsObject === undefined) {
          return { traces, warnings, auditAnnotations: annotations, namespaceMissing: true };
        }
        for (const param of params) {
          const trace = { name: pname, binding: bname, ...(param ? { param: `${param.metadata?.namespace ? param.metadata.namespace + '/' : ''}${nameOf(param)}` } : {}), matched: false, failures: [] as string[], actions: [...actions], failurePolicy };
          traces.push(trace);
          const result = this.validate(policy, failurePolicy, object, oldObject, param ?? null, a.kind === 'Namespace' && a.group === '' ? null : nsObject ?? null, requestFor(def.version ?? a.version));
          trace.matched = result.matched;
          result.decisions.forEach((d) => {
            if (d.action !== 'deny') return;
            trace.failures.push(d.message);
            for (const action of actions) {
              if (action === 'Deny') {denied.push({ policy: pname, binding: bname, message: d.message, reason: d.reason });} else if (action === 'Warn') {warnings.push(`Validation failed for ValidatingAdmissionPolicy '${pname}' with binding '${bname}': ${d.message}`);} else if (action === 'Audit' && annotations[VALIDATION_FAILURE_KEY] === undefined) {
                // publishValidationFailureAnnotation; AddAnnotation keeps the first value of a key.
                const failure = { message: d.message, policy: pname, binding: bname, expressionIndex: d.index, validationActions: actions };
                annotations[VALIDATION_FAILURE_KEY] = JSON.stringify([failure]);
              }
            }
          });
          for (const au of result.audits) {
            if (au.error !== undefined) {
              denied.push({ policy: pname, binding: bname, message: au.error });
              continue;
            }
            const list = collected[au.key] ?? (collected[au.key] = []);
            if (!list.includes(au.value!)) list.push(au.value!);
          }
        }
      }
      // auditAnnotationCollector.publish: `<policy>/<key>`, distinct values joined with ", ".
      for (const [key, values] of Object.entries(collected)) annotations[`${pname}/${key}`] = values.join(', ');
    }

    if (denied.length > 0) {
      const d = denied[0];
      const text = d.binding !== undefined
        ? `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`
        : `ValidatingAdmissionPolicy '${d.policy}' denied request: ${d.message}`;
      // admission.NewForbidden wraps the message; the status reason is the decision's (Invalid by default).
      const name = a.name ? ` ${JSON.stringify(a.name)}` : '';
      return { traces, warnings, auditAnnotations: annotations, denial: { message: `${qualifiedResource(a)}${name} is forbidden: ${text}`, reason: d.reason ?? 'Invalid' } };
    }
    return { traces, warnings, auditAnnotations: annotations };
  }

  /** validator.go `Validate` for one binding and parameter. */
  private validate(policy: any, failurePolicy: string, object: any, oldObject: any, params: any, nsObject: any, request: any):
  { matched: boolean; decisions: Decision[]; audits: Array<{ key: string; value?: string; error?: string }> } {
    const c = this.compile(policy);
    const errorAction: 'deny' | 'admit' = failurePolicy === 'Ignore' ? 'admit' : 'deny';
    const vars: Record<string, unknown> = { object, oldObject, request, params, namespaceObject: nsObject };
    const variables: Record<string, unknown> = {};
    bindLazyVariables(variables, c.variables, vars, this.authorizer,
      (name, e) => new Error(`composited variable "${name}" fails to evaluate: ${errorText(e)}`));
    vars.variables = variables;

    // Match conditions (matchconditions/matcher.go): a false one wins over errors.
    const condErrors: string[] = [];
    for (const m of c.matchConditions) {
      let r: unknown;
      try {
        r = m.expr.evaluate(vars, this.authorizer);
      } catch (e) {
        condErrors.push(`expression '${m.expression}' resulted in error: ${errorText(e)}`);
        continue;
      }
      if (r === false) return { matched: false, decisions: [], audits: [] };
    }
    if (condErrors.length > 0) {
      if (failurePolicy === 'Ignore') return { matched: false, decisions: [], audits: [] };
      return { matched: true, decisions: [{ action: 'deny', message: condErrors.length === 1 ? condErrors[0] : `[${condErrors.join(', ')}]`, index: 0 }], audits: [] };
    }

    const decisions: Decision[] = [];
    c.validations.forEach((v, i) => {
      let r: unknown;
      try {
        r = v.expr.evaluate(vars, this.authorizer);
      } catch (e) {
        decisions.push({ action: errorAction, message: `expression '${v.expression}' resulted in error: ${errorText(e)}`, index: i });
        return;
      }
      if (r === true) {
        decisions.push({ action: 'admit', message: '', index: i });
        return;
      }
      let message = '';
      if (v.messageExpr) {
        try {
          const m = v.messageExpr.evaluate(vars, this.authorizer);
          if (typeof m === 'string') {
            message = m.trim();
            if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES || message.includes('\n')) message = '';
          }
        } catch {
          // an erroring messageExpression falls back to message (it is only logged upstream)
        }
      }
      if (message === '' && v.message) message = v.message.trim();
      if (message === '') message = `failed expression: ${v.expression.trim()}`;
      decisions.push({ action: 'deny', message, reason: v.reason ?? 'Invalid', index: i });
    });

    const audits: Array<{ key: string; value?: string; error?: string }> = [];
    for (const au of c.audits) {
      let r: unknown;
      try {
        r = au.expr.evaluate(vars, this.authorizer);
      } catch (e) {
        if (failurePolicy !== 'Ignore') audits.push({ key: au.key, error: `expression '${au.expression}' resulted in error: ${errorText(e)}` });
        continue;
      }
      if (r === null || r === undefined) continue;
      if (typeof r !== 'string') {
        if (failurePolicy !== 'Ignore') {
          audits.push({ key: au.key, error: `valueExpression '${au.expression}' resulted in unsupported return type: ${Array.isArray(r) ? 'list' : typeof r}. Return type must be either string or null.` });
        }
        continue;
      }
      const value = r.trim();
      if (value === '') continue;
      audits.push({ key: au.key, value: value.length > MAX_AUDIT_VALUE ? value.slice(0, MAX_AUDIT_VALUE) : value });
    }
    return { matched: true, decisions, audits };
  }
}
