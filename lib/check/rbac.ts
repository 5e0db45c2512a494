/**
 * rbac.authorization.k8s.io/v1 rules (k8s.io/kubernetes pkg/apis/rbac/validation/validation.go),
 * after the v1 defaults (SetDefaults_Subject: apiGroup rbac.authorization.k8s.io for User
 * and Group subjects, "" for ServiceAccount; SetDefaults_RoleBinding and
 * SetDefaults_ClusterRoleBinding: roleRef.apiGroup rbac.authorization.k8s.io).
 */
import { arr, dns1123SubdomainProblem, isSet, labelSelector, mk, obj, pathSegmentProblem } from './kind-util';
import { Violation } from '../base/errors';
import { isObject } from '../base/validators';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

// upstream: ValidatePolicyRule
function checkRule(out: Violation[], r0: unknown, namespaced: boolean, f: string): void {
  const r = obj(r0);
  if (arr(r.verbs).length === 0) out.push(mk('rbac/rule', `${f}.verbs`, 'verbs must contain at least one value', undefined, 'e.g. get, list, watch', 'List the allowed verbs'));
  const urls = arr(r.nonResourceURLs);
  if (urls.length > 0) {
    if (namespaced) out.push(mk('rbac/rule', `${f}.nonResourceURLs`, 'namespaced rules cannot apply to non-resource URLs', urls, 'unset in a Role', 'Put non-resource URLs in a ClusterRole'));
    if (arr(r.apiGroups).length || arr(r.resources).length || arr(r.resourceNames).length) {
      out.push(mk('rbac/rule', `${f}.nonResourceURLs`, 'rules cannot apply to both regular resources and non-resource URLs', urls, 'either resources or nonResourceURLs', 'Split the rule in two'));
    }
    return;
  }
  if (arr(r.apiGroups).length === 0) out.push(mk('rbac/rule', `${f}.apiGroups`, 'resource rules must supply at least one api group', undefined, '"" for the core group, or a group name', 'Add apiGroups: [""] for core resources'));
  if (arr(r.resources).length === 0) out.push(mk('rbac/rule', `${f}.resources`, 'resource rules must supply at least one resource', undefined, 'e.g. pods, deployments', 'List the resources'));
}

function checkRoleRules(o: Record<string, any>, namespaced: boolean): Violation[] {
  const out: Violation[] = [];
  arr(o.rules).forEach((r, i) => checkRule(out, r, namespaced, `rules[${i}]`));
  return out;
}

/** The rules for one Role. */
// upstream: ValidateRole
export function checkRole(o: unknown): Violation[] {
  return isObject(o) ? checkRoleRules(o, true) : [];
}

/** The rules for one ClusterRole. */
// upstream: ValidateClusterRole
export function checkClusterRole(o: unknown): Violation[] {
  if (!isObject(o)) return [];
  const out = checkRoleRules(o, false);
  if (isSet(o.aggregationRule)) {
    const selectors = arr(obj(o.aggregationRule).clusterRoleSelectors);
    if (selectors.length === 0) out.push(mk('rbac/aggregation-rule', 'aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil', undefined, undefined, 'Add a label selector for the ClusterRoles to aggregate, or remove aggregationRule'));
    selectors.forEach((s, i) => out.push(...labelSelector('rbac/aggregation-rule', `aggregationRule.clusterRoleSelectors[${i}]`, s)));
  }
  return out;
}

// upstream: ValidateRoleBindingSubject
function checkSubject(out: Violation[], s0: unknown, namespaced: boolean, f: string): void {
  const s = obj(s0);
  const name = s.name ?? '';
  if (name === '') out.push(mk('rbac/subject', `${f}.name`, 'is required', undefined, undefined, 'Name the subject'));
  const kind = s.kind;
  if (kind === 'ServiceAccount') {
    const group = s.apiGroup ?? '';
    if (name !== '') {
      const p = dns1123SubdomainProblem(name);
      if (p) out.push(mk('rbac/subject', `${f}.name`, p, name, 'a ServiceAccount name', 'Use the name of the ServiceAccount, without the system:serviceaccount: prefix'));
    }
    if (group !== '') out.push(mk('rbac/subject', `${f}.apiGroup`, 'is not supported for a ServiceAccount subject', group, '"" (unset)', 'Remove apiGroup from the ServiceAccount subject'));
    if (!namespaced && (!isSet(s.namespace) || s.namespace === '')) out.push(mk('rbac/subject', `${f}.namespace`, 'is required', undefined, undefined, 'Give the namespace of the ServiceAccount'));
  } else if (kind === 'User' || kind === 'Group') {
    const group = s.apiGroup || RBAC_GROUP;
    if (group !== RBAC_GROUP) out.push(mk('rbac/subject', `${f}.apiGroup`, `is not supported for a ${kind} subject`, group, RBAC_GROUP, `Use apiGroup: ${RBAC_GROUP}, or leave it unset`));
  } else {
    out.push(mk('rbac/subject', `${f}.kind`, 'is not a supported subject kind', kind, 'ServiceAccount, User, Group', 'Use ServiceAccount, User or Group (case matters)'));
  }
}

function checkBinding(o: Record<string, any>, namespaced: boolean): Violation[] {
  const out: Violation[] = [];
  const ref = obj(o.roleRef);
  const group = ref.apiGroup || RBAC_GROUP;
  if (group !== RBAC_GROUP) out.push(mk('rbac/role-ref', 'roleRef.apiGroup', 'is not a supported API group', group, RBAC_GROUP, `Use apiGroup: ${RBAC_GROUP}`));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) out.push(mk('rbac/role-ref', 'roleRef.kind', 'is not a supported role kind', ref.kind, kinds.join(', '), namespaced ? 'Use Role or ClusterRole' : 'A ClusterRoleBinding can only grant a ClusterRole'));
  if (!isSet(ref.name) || ref.name === '') {
    out.push(mk('rbac/role-ref', 'roleRef.name', 'is required', undefined, undefined, 'Name the role to grant'));
  } else {
    const p = typeof ref.name === 'string' ? pathSegmentProblem(ref.name) : 'must be a string';
    if (p) out.push(mk('rbac/role-ref', 'roleRef.name', p, ref.name, "a name without '/', '%', '.' or '..'", 'Use the name of the role'));
  }
  arr(o.subjects).forEach((s, i) => checkSubject(out, s, namespaced, `subjects[${i}]`));
  return out;
}

/** The rules for one RoleBinding. */
// upstream: ValidateRoleBinding
export function checkRoleBinding(o: unknown): Violation[] {
  return isObject(o) ? checkBinding(o, true) : [];
}

/** The rules for one ClusterRoleBinding. */
// upstream: ValidateClusterRoleBinding
export function checkClusterRoleBinding(o: unknown): Violation[] {
  return isObject(o) ? checkBinding(o, false) : [];
}
