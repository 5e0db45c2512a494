import type { KindChecker } from './kind-checker';
import { checkFileShape, FileShape } from './strict-shape';
import { joinPath, renderValue, Violation } from '../base/errors';
import { checkDns1123Subdomain, formatGoDuration, isObject, parseGoDuration } from '../base/validators';
import { celViolations } from '../cel/check';
import { CelEnvironment } from '../cel/types';

/**
 * Rules kube-apiserver applies when it loads an `--authorization-config` file
 * (`apiserver.config.k8s.io/v1` AuthorizationConfiguration): the strict decode (no
 * unknown field anywhere, no `metadata`), `ValidateAuthorizationConfiguration` and the
 * kube-apiserver extras (authorizer names, repeatable types, no in-cluster webhook).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#using-configuration-file-for-authorization
 */

export const AUTHZ_API_VERSION = 'apiserver.config.k8s.io/v1';
export const AUTHZ_KIND = 'AuthorizationConfiguration';

/** Authorizer types kube-apiserver knows (`AuthorizationModeChoices`). */
export const AUTHORIZER_TYPES: readonly string[] = ['AlwaysAllow', 'AlwaysDeny', 'ABAC', 'Webhook', 'RBAC', 'Node'];
/** Only webhooks may appear more than once. */
const REPEATABLE_TYPES: readonly string[] = ['Webhook'];
const SAR_VERSIONS: readonly string[] = ['v1', 'v1beta1'];
const MATCH_CONDITION_SAR_VERSIONS: readonly string[] = ['v1'];
const FAILURE_POLICIES: readonly string[] = ['NoOpinion', 'Deny'];
const CONNECTION_TYPES: readonly string[] = ['KubeConfigFile', 'InClusterConfig'];
/** Upper bound of `webhook.timeout` in milliseconds. */
export const MAX_WEBHOOK_TIMEOUT_MS = 30_000;
/** Upper bound of `webhook.matchConditions` entries. */
export const MAX_AUTHZ_MATCH_CONDITIONS = 64;

const LOADER = 'kube-apiserver';
const DURATION: FileShape = { t: 'string' };

const AUDIT_HINT = 'AuthorizationConfiguration has no audit or logging settings. Remove it: decisions are already recorded as the audit annotations authorization.k8s.io/decision and authorization.k8s.io/reason; choose what is logged with an audit Policy (--audit-policy-file)';

/** The strict shape of `apiserver.config.k8s.io/v1` AuthorizationConfiguration. */
export const AUTHORIZATION_CONFIGURATION_SHAPE: FileShape = {
  t: 'object',
  type: 'AuthorizationConfiguration',
  hints: {
    metadata: 'AuthorizationConfiguration is a kube-apiserver file, not an API object, and has no metadata. Remove the metadata block',
    auditLogging: AUDIT_HINT,
    audit: AUDIT_HINT,
    logging: AUDIT_HINT,
  },
  fields: {
    apiVersion: { t: 'string' },
    kind: { t: 'string' },
    authorizers: {
      t: 'list',
      items: {
        t: 'object',
        type: 'AuthorizerConfiguration',
        hints: { auditLogging: AUDIT_HINT, logging: AUDIT_HINT },
        fields: {
          type: { t: 'string' },
          name: { t: 'string' },
          webhook: {
            t: 'object',
            type: 'WebhookConfiguration',
            hints: { auditLogging: AUDIT_HINT, logging: AUDIT_HINT },
            fields: {
              authorizedTTL: DURATION,
              cacheAuthorizedRequests: { t: 'bool' },
              unauthorizedTTL: DURATION,
              cacheUnauthorizedRequests: { t: 'bool' },
              timeout: DURATION,
              subjectAccessReviewVersion: { t: 'string' },
              matchConditionSubjectAccessReviewVersion: { t: 'string' },
              failurePolicy: { t: 'string' },
              connectionInfo: {
                t: 'object',
                type: 'WebhookConnectionInfo',
                fields: { type: { t: 'string' }, kubeConfigFile: { t: 'string' } },
              },
              matchConditions: {
                t: 'list',
                items: { t: 'object', type: 'WebhookMatchCondition', fields: { expression: { t: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
};


function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/** Checks one duration field; returns its value in ms when it is a valid duration. */
function duration(out: Violation[], field: string, value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined; // absent, or a type error already reported
  const ms = parseGoDuration(value);
  if (ms === undefined) {
    out.push({
      checkId: 'authz/duration',
      field,
      problem: 'must be a Go duration',
      got: renderValue(value),
      allowed: "e.g. '500ms', '3s', '5m0s'",
      fix: 'Write a number followed by a unit (ns, us, ms, s, m, h); a bare number is not a duration',
    });
  }
  return ms;
}

function checkWebhook(out: Violation[], path: string, w: Record<string, unknown>): void {
  // timeout: required, 0 < t <= 30s (no default).
  const tField = joinPath(path, 'timeout');
  const timeout = duration(out, tField, w.timeout);
  if (!present(w.timeout) || timeout === 0) {
    out.push({
      checkId: 'authz/webhook-timeout',
      field: tField,
      problem: 'is required and must be > 0s and <= 30s',
      got: renderValue(w.timeout),
      allowed: '0s < timeout <= 30s',
      fix: "Set a short timeout such as '3s': every request that reaches the webhook waits for it",
    });
  } else if (timeout !== undefined && (timeout < 0 || timeout > MAX_WEBHOOK_TIMEOUT_MS)) {
    out.push({
      checkId: 'authz/webhook-timeout',
      field: tField,
      problem: 'must be > 0s and <= 30s',
      got: renderValue(w.timeout),
      allowed: '0s < timeout <= 30s',
      fix: timeout < 0 ? 'Use a positive duration' : "Use at most '30s'",
    });
  }

  // TTLs: defaulted when absent or zero, so "0s" silently becomes the default; negative is invalid.
  for (const [key, cacheKey, def] of [['authorizedTTL', 'cacheAuthorizedRequests', 300_000], ['unauthorizedTTL', 'cacheUnauthorizedRequests', 30_000]] as const) {
    const f = joinPath(path, key);
    const ms = duration(out, f, w[key]);
    if (ms === undefined) continue;
    if (ms < 0) {
      out.push({
        checkId: 'authz/webhook-ttl',
        field: f,
        problem: 'must be > 0s',
        got: renderValue(w[key]),
        allowed: 'a positive duration',
        fix: `Use a positive duration; to turn the cache off set ${cacheKey}: false`,
      });
    } else if (ms === 0) {
      // staging/src/k8s.io/apiserver/pkg/apis/apiserver/v1/defaults.go: 0 is defaulted before validation.
      out.push({
        checkId: 'authz/zero-means-default',
        field: f,
        problem: `is 0s, which the loader treats as unset and replaces with the default ${formatGoDuration(def)}`,
        got: renderValue(w[key]),
        allowed: 'a positive duration',
        fix: `Write ${formatGoDuration(def)} to keep the default; to turn the cache off set ${cacheKey}: false`,
      });
    }
  }

  const sar = w.subjectAccessReviewVersion;
  const sarField = joinPath(path, 'subjectAccessReviewVersion');
  if (!present(sar)) {
    out.push({ checkId: 'authz/sar-version', field: sarField, problem: 'is required', allowed: SAR_VERSIONS.join(', '), fix: 'Set subjectAccessReviewVersion: v1 (the version of the SubjectAccessReview the webhook receives)' });
  } else if (typeof sar === 'string' && !SAR_VERSIONS.includes(sar)) {
    out.push({ checkId: 'authz/sar-version', field: sarField, problem: 'unsupported value', got: renderValue(sar), allowed: SAR_VERSIONS.join(', '), fix: 'Use v1' });
  }

  const conditions = Array.isArray(w.matchConditions) ? w.matchConditions : [];
  const mcSar = w.matchConditionSubjectAccessReviewVersion;
  const mcSarField = joinPath(path, 'matchConditionSubjectAccessReviewVersion');
  if (conditions.length > 0 && !present(mcSar)) {
    out.push({ checkId: 'authz/match-condition-sar-version', field: mcSarField, problem: 'is required if match conditions are specified', allowed: MATCH_CONDITION_SAR_VERSIONS.join(', '), fix: 'Set matchConditionSubjectAccessReviewVersion: v1' });
  } else if (present(mcSar) && !MATCH_CONDITION_SAR_VERSIONS.includes(mcSar as string)) {
    // refused whether or not match conditions are set (apiserver/validation ValidateWebhookConfiguration)
    out.push({ checkId: 'authz/match-condition-sar-version', field: mcSarField, problem: 'unsupported value', got: renderValue(mcSar), allowed: MATCH_CONDITION_SAR_VERSIONS.join(', '), fix: 'Use v1: match conditions see the request as a v1 SubjectAccessReviewSpec' });
  }

  const fp = w.failurePolicy;
  const fpField = joinPath(path, 'failurePolicy');
  if (!present(fp)) {
    out.push({ checkId: 'authz/failure-policy', field: fpField, problem: 'is required', allowed: FAILURE_POLICIES.join(', '), fix: 'Set failurePolicy: NoOpinion so that an unreachable webhook passes the request on to the next authorizer' });
  } else if (typeof fp === 'string' && !FAILURE_POLICIES.includes(fp)) {
    out.push({
      checkId: 'authz/failure-policy',
      field: fpField,
      problem: 'unsupported value',
      got: renderValue(fp),
      allowed: FAILURE_POLICIES.join(', '),
      fix: fp === 'Fail' || fp === 'Ignore' ? 'Fail/Ignore are admission webhook values; authorization webhooks use Deny or NoOpinion' : 'Use NoOpinion or Deny',
    });
  }

  checkConnectionInfo(out, joinPath(path, 'connectionInfo'), w.connectionInfo);
  checkMatchConditions(out, joinPath(path, 'matchConditions'), w.matchConditions);
}

function checkConnectionInfo(out: Violation[], path: string, ci: unknown): void {
  const info = isObject(ci) ? ci : {};
  const type = info.type;
  const typeField = joinPath(path, 'type');
  const fileField = joinPath(path, 'kubeConfigFile');
  if (!present(type)) {
    out.push({ checkId: 'authz/connection-type', field: typeField, problem: 'is required', allowed: CONNECTION_TYPES.join(', '), fix: 'Set type: KubeConfigFile and an absolute kubeConfigFile path' });
    return;
  }
  if (typeof type !== 'string') return;
  if (!CONNECTION_TYPES.includes(type)) {
    out.push({
      checkId: 'authz/connection-type',
      field: typeField,
      problem: 'unsupported value',
      got: renderValue(type),
      allowed: CONNECTION_TYPES.join(', '),
      fix: type === 'KubeConfig' ? "'KubeConfig' comes from early design examples and was never accepted; write type: KubeConfigFile" : 'Use KubeConfigFile',
    });
    return;
  }
  if (type === 'InClusterConfig') {
    if (info.kubeConfigFile !== undefined && info.kubeConfigFile !== null) {
      out.push({ checkId: 'authz/kubeconfig-forbidden', field: fileField, problem: 'can only be set when type=KubeConfigFile', got: renderValue(info.kubeConfigFile), fix: 'Remove kubeConfigFile or use type: KubeConfigFile' });
    }
    out.push({
      checkId: 'authz/in-cluster-config',
      field: typeField,
      problem: 'InClusterConfig is not allowed for kube-apiserver (it only works for other API servers built on k8s.io/apiserver)',
      got: renderValue(type),
      allowed: 'KubeConfigFile',
      fix: 'Write a kubeconfig for the webhook on the control-plane hosts and use type: KubeConfigFile with its absolute path',
    });
    return;
  }
  const file = info.kubeConfigFile;
  if (!present(file)) {
    out.push({ checkId: 'authz/kubeconfig-required', field: fileField, problem: 'is required when type=KubeConfigFile', fix: 'Set the absolute path of the webhook kubeconfig on the control-plane hosts, e.g. /etc/kubernetes/authz-webhook.kubeconfig' });
  } else if (typeof file === 'string' && !file.startsWith('/')) {
    out.push({ checkId: 'authz/kubeconfig-absolute', field: fileField, problem: 'must be an absolute path', got: renderValue(file), allowed: "a path starting with '/'", fix: `Use e.g. ${renderValue('/etc/kubernetes/' + file.replace(/^(\.\/)+/, ''))}` });
  }
}

function checkMatchConditions(out: Violation[], path: string, mcs: unknown): void {
  if (!Array.isArray(mcs)) return;
  if (mcs.length > MAX_AUTHZ_MATCH_CONDITIONS) {
    out.push({
      checkId: 'authz/match-conditions-too-many',
      field: path,
      problem: `must have at most ${MAX_AUTHZ_MATCH_CONDITIONS} items (has ${mcs.length})`,
      allowed: `<= ${MAX_AUTHZ_MATCH_CONDITIONS}`,
      fix: 'Combine conditions with && in fewer expressions',
    });
    return; // kube-apiserver stops here too
  }
  const seen = new Set<string>();
  mcs.forEach((mc, i) => {
    const field = joinPath(joinPath(path, i), 'expression');
    const expr = isObject(mc) ? mc.expression : undefined;
    if (typeof expr !== 'string' && expr !== undefined && expr !== null) return; // type error already reported
    if (typeof expr !== 'string' || expr.trim().length === 0) {
      out.push({ checkId: 'authz/match-condition-empty', field, problem: 'is required (an expression must not be empty)', got: renderValue(expr), fix: 'Write a CEL expression over `request` that returns bool, or remove the entry' });
      return;
    }
    if (seen.has(expr)) {
      out.push({ checkId: 'authz/match-condition-duplicate', field, problem: 'duplicate match condition expression', got: renderValue(expr), fix: 'Remove the repeated expression' });
      return;
    }
    seen.add(expr);
    out.push(...celViolations(field, expr, CelEnvironment.AUTHZ_MATCH_CONDITION));
  });
}

/**
 * Every violation kube-apiserver would report when loading `obj` as its
 * `--authorization-config` file. Pure; never throws.
 */
export function checkAuthorizationConfiguration(obj: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(obj)) {
    out.push({ checkId: 'authz/field-type', field: '', problem: 'an AuthorizationConfiguration must be an object', got: renderValue(obj) });
    return out;
  }
  if (obj.apiVersion !== AUTHZ_API_VERSION || obj.kind !== AUTHZ_KIND) {
    out.push({
      checkId: 'authz/kind',
      field: obj.apiVersion !== AUTHZ_API_VERSION ? 'apiVersion' : 'kind',
      problem: 'must identify a v1 AuthorizationConfiguration',
      got: `${renderValue(obj.apiVersion)} ${renderValue(obj.kind)}`,
      allowed: `apiVersion ${AUTHZ_API_VERSION}, kind ${AUTHZ_KIND}`,
      fix: `Write apiVersion: ${AUTHZ_API_VERSION} and kind: ${AUTHZ_KIND}`,
    });
  }
  checkFileShape('authz', LOADER, '', obj, AUTHORIZATION_CONFIGURATION_SHAPE, out);

  const authorizers = Array.isArray(obj.authorizers) ? obj.authorizers : [];
  if (authorizers.length === 0) {
    out.push({ checkId: 'authz/authorizers-required', field: 'authorizers', problem: 'at least one authorization mode must be defined', fix: 'Add authorizers, normally Node and RBAC first' });
    return out;
  }

  const seenTypes = new Set<string>();
  const seenNames = new Set<string>();
  authorizers.forEach((a, i) => {
    const path = joinPath('authorizers', i);
    if (!isObject(a)) return; // type error already reported
    const type = a.type;
    if (!present(type)) {
      out.push({ checkId: 'authz/type-required', field: joinPath(path, 'type'), problem: 'is required', allowed: AUTHORIZER_TYPES.join(', '), fix: 'Set the authorizer type, e.g. Node, RBAC or Webhook' });
      return;
    }
    if (typeof type !== 'string') return;
    if (!AUTHORIZER_TYPES.includes(type)) {
      const known = AUTHORIZER_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
      out.push({
        checkId: 'authz/type-not-supported',
        field: joinPath(path, 'type'),
        problem: 'unsupported value',
        got: renderValue(type),
        allowed: AUTHORIZER_TYPES.join(', '),
        fix: known ? `Types are case-sensitive: write ${renderValue(known)}` : 'Use one of the allowed types',
      });
      return;
    }
    if (seenTypes.has(type) && !REPEATABLE_TYPES.includes(type)) {
      out.push({ checkId: 'authz/type-duplicate', field: joinPath(path, 'type'), problem: `duplicate authorizer type (only ${REPEATABLE_TYPES.join(', ')} may appear more than once)`, got: renderValue(type), fix: `Keep a single ${type} authorizer` });
      return;
    }
    seenTypes.add(type);

    const name = a.name;
    const nameField = joinPath(path, 'name');
    if (!present(name)) {
      out.push({
        checkId: 'authz/name-required',
        field: nameField,
        problem: 'is required',
        fix: type === 'Webhook' ? 'Name the webhook with a DNS-1123 subdomain, e.g. "policy.example.com"' : `Set name: ${type.toLowerCase()}`,
      });
    } else if (typeof name === 'string') {
      if (seenNames.has(name)) {
        out.push({ checkId: 'authz/name-duplicate', field: nameField, problem: 'duplicate authorizer name', got: renderValue(name), fix: 'Give every authorizer a unique name' });
      } else {
        const bad = checkDns1123Subdomain(nameField, name);
        if (bad) out.push({ ...bad, checkId: 'authz/name-invalid', problem: `authorizer name is invalid: ${bad.problem}` });
      }
      seenNames.add(name);
      if (type !== 'Webhook' && name !== type.toLowerCase()) {
        out.push({
          checkId: 'authz/name-mismatch',
          field: nameField,
          problem: `expected name ${type.toLowerCase()} for authorizer ${type} instead of ${name}`,
          got: renderValue(name),
          allowed: type.toLowerCase(),
          fix: `kube-apiserver names non-webhook authorizers by their lower-cased type: write name: ${type.toLowerCase()}`,
        });
      }
    }

    const webhookField = joinPath(path, 'webhook');
    if (type === 'Webhook') {
      if (!isObject(a.webhook)) {
        if (a.webhook === undefined || a.webhook === null) {
          out.push({ checkId: 'authz/webhook-required', field: webhookField, problem: 'required when type=Webhook', fix: 'Add the webhook settings (timeout, subjectAccessReviewVersion, failurePolicy, connectionInfo)' });
        }
        return;
      }
      checkWebhook(out, webhookField, a.webhook);
    } else if (a.webhook !== undefined && a.webhook !== null) {
      out.push({ checkId: 'authz/webhook-forbidden', field: webhookField, problem: 'may only be specified when type=Webhook', got: '"non-null"', fix: `Remove webhook from the ${type} authorizer` });
    }
  });
  return out;
}

/** Registry entry: kube-apiserver `--authorization-config` files. */
export const AUTHZ_CHECKER: KindChecker = {
  id: 'authz',
  apiVersions: [AUTHZ_API_VERSION],
  kinds: [AUTHZ_KIND],
  check: checkAuthorizationConfiguration,
};
