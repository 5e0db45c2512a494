import type { KindChecker } from './kind-checker';
import { checkFileShape, FileShape } from './strict-shape';
import { joinPath, renderValue, Violation } from '../base/errors';
import { checkDns1123Subdomain, isObject } from '../base/validators';

/**
 * Rules kube-apiserver applies when it loads an `--audit-policy-file`
 * (`audit.k8s.io/v1` Policy): the field shape of the Go types and `ValidatePolicy`
 * (levels, stages, non-resource URLs, resource groups), plus "at least one rule".
 *
 * kube-apiserver decodes the policy strictly and, when that fails on an unknown field,
 * retries leniently and drops the field with a warning — so an unknown field does not stop
 * the server but the setting it meant is silently lost. It is reported here as an error.
 *
 * @see https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy
 */

export const AUDIT_API_VERSION = 'audit.k8s.io/v1';
export const AUDIT_KIND = 'Policy';
export const AUDIT_LEVELS: readonly string[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
export const AUDIT_STAGES: readonly string[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'];

const STRINGS: FileShape = { t: 'list', items: { t: 'string' } };

/** ObjectMeta field names (the Policy type embeds ObjectMeta; the loader ignores its values). */
const OBJECT_META: Record<string, FileShape> = Object.fromEntries([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
].map((k) => [k, { t: 'any' } as FileShape]));

/** The strict shape of `audit.k8s.io/v1` Policy. */
export const AUDIT_POLICY_SHAPE: FileShape = {
  t: 'object',
  type: 'Policy',
  fields: {
    apiVersion: { t: 'string' },
    kind: { t: 'string' },
    metadata: { t: 'object', type: 'ObjectMeta', fields: OBJECT_META },
    rules: {
      t: 'list',
      items: {
        t: 'object',
        type: 'PolicyRule',
        fields: {
          level: { t: 'string' },
          users: STRINGS,
          userGroups: STRINGS,
          verbs: STRINGS,
          resources: {
            t: 'list',
            items: { t: 'object', type: 'GroupResources', fields: { group: { t: 'string' }, resources: STRINGS, resourceNames: STRINGS } },
          },
          namespaces: STRINGS,
          nonResourceURLs: STRINGS,
          omitStages: STRINGS,
          omitManagedFields: { t: 'bool' },
        },
      },
    },
    omitStages: STRINGS,
    omitManagedFields: { t: 'bool' },
  },
};


function checkStages(out: Violation[], path: string, stages: unknown): void {
  if (!Array.isArray(stages)) return;
  stages.forEach((s, i) => {
    if (typeof s === 'string' && !AUDIT_STAGES.includes(s)) {
      out.push({ checkId: 'audit/stage', field: joinPath(path, i), problem: 'unsupported value', got: renderValue(s), allowed: AUDIT_STAGES.join(', '), fix: 'Use one of the audit stage names' });
    }
  });
}

/**
 * Every violation kube-apiserver would report (or silently act on) when loading `obj` as
 * its `--audit-policy-file`. Pure; never throws.
 */
export function checkAuditPolicy(obj: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(obj)) {
    out.push({ checkId: 'audit/field-type', field: '', problem: 'an audit Policy must be an object', got: renderValue(obj) });
    return out;
  }
  if (obj.apiVersion !== AUDIT_API_VERSION || obj.kind !== AUDIT_KIND) {
    out.push({
      checkId: 'audit/kind',
      field: obj.apiVersion !== AUDIT_API_VERSION ? 'apiVersion' : 'kind',
      problem: 'must identify a v1 audit Policy (kube-apiserver: unknown group version field)',
      got: `${renderValue(obj.apiVersion)} ${renderValue(obj.kind)}`,
      allowed: `apiVersion ${AUDIT_API_VERSION}, kind ${AUDIT_KIND}`,
      fix: `Write apiVersion: ${AUDIT_API_VERSION} and kind: ${AUDIT_KIND}`,
    });
  }
  checkFileShape('audit', 'kube-apiserver', '', obj, AUDIT_POLICY_SHAPE, out);
  checkStages(out, 'omitStages', obj.omitStages);
  const rules = Array.isArray(obj.rules) ? obj.rules : [];
  if (rules.length === 0) {
    out.push({ checkId: 'audit/rules-required', field: 'rules', problem: 'a policy needs at least one rule (kube-apiserver refuses a policy with 0 rules)', fix: 'Add a rule, e.g. {level: Metadata}' });
  }
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const path = joinPath('rules', i);
    const level = rule.level;
    if (level === undefined || level === null || level === '') {
      out.push({ checkId: 'audit/level', field: joinPath(path, 'level'), problem: 'is required', allowed: AUDIT_LEVELS.join(', '), fix: 'Set level: Metadata to record who did what (and the authorization decision) without request bodies' });
    } else if (typeof level === 'string' && !AUDIT_LEVELS.includes(level)) {
      out.push({ checkId: 'audit/level', field: joinPath(path, 'level'), problem: 'unsupported value', got: renderValue(level), allowed: AUDIT_LEVELS.join(', '), fix: 'Use one of the audit levels (case-sensitive)' });
    }
    const urls = Array.isArray(rule.nonResourceURLs) ? rule.nonResourceURLs : [];
    urls.forEach((url, j) => {
      if (typeof url !== 'string' || url === '*') return;
      const f = joinPath(joinPath(path, 'nonResourceURLs'), j);
      if (!url.startsWith('/')) {
        out.push({ checkId: 'audit/non-resource-url', field: f, problem: "non-resource URL rules must begin with a '/' character", got: renderValue(url), fix: `Write ${renderValue('/' + url)}` });
      }
      if (url.length > 0 && url.slice(0, -1).includes('*')) {
        out.push({ checkId: 'audit/non-resource-url', field: f, problem: "non-resource URL wildcards '*' must be the final character of the rule", got: renderValue(url) });
      }
    });
    const resources = Array.isArray(rule.resources) ? rule.resources : [];
    resources.forEach((gr, j) => {
      if (!isObject(gr)) return;
      const grPath = joinPath(joinPath(path, 'resources'), j);
      if (typeof gr.group === 'string' && gr.group.length > 0) {
        const bad = checkDns1123Subdomain(joinPath(grPath, 'group'), gr.group);
        if (bad) out.push({ ...bad, checkId: 'audit/group', fix: 'Write the API group without a version, e.g. "resource.k8s.io" (the core group is "")' });
      }
      const names = Array.isArray(gr.resourceNames) ? gr.resourceNames : [];
      const res = Array.isArray(gr.resources) ? gr.resources : [];
      if (names.length > 0 && res.length === 0) {
        out.push({ checkId: 'audit/resource-names', field: joinPath(grPath, 'resourceNames'), problem: 'using resourceNames requires at least one resource', got: renderValue(names), fix: 'Name the resource the names belong to, e.g. resources: ["configmaps"]' });
      }
    });
    const namespaces = Array.isArray(rule.namespaces) ? rule.namespaces : [];
    if (urls.length > 0 && (resources.length > 0 || namespaces.length > 0)) {
      out.push({ checkId: 'audit/non-resource-url', field: joinPath(path, 'nonResourceURLs'), problem: 'rules cannot apply to both regular resources and non-resource URLs', got: renderValue(urls), fix: 'Split the rule in two' });
    }
    checkStages(out, joinPath(path, 'omitStages'), rule.omitStages);
  });
  return out;
}

/** Registry entry: kube-apiserver `--audit-policy-file` files. */
export const AUDIT_POLICY_CHECKER: KindChecker = {
  id: 'audit',
  apiVersions: [AUDIT_API_VERSION],
  kinds: [AUDIT_KIND],
  check: checkAuditPolicy,
};
