/**
 * The kube-apiserver authorization chain, simulated offline: which authorizer of an
 * AuthorizationConfiguration decides a request, whether each webhook's matchConditions select
 * it, and what RBAC grants (the rule and the binding).
 *
 * Ported from kubernetes 1.36 and k8s.io/apiserver v0.36.0:
 * - `pkg/kubeapiserver/authorizer/reload.go` newForConfig: the system:masters authorizer
 *   first, then the configured authorizers in order;
 * - `pkg/authorization/union/union.go`: the first Allow or Deny decides, NoOpinion goes on;
 * - `plugin/pkg/authorizer/webhook/webhook.go` Authorize and `pkg/authorization/cel/matcher.go`
 *   CELMatcher.Eval: a FALSE condition skips the webhook (NoOpinion), an error (with no FALSE)
 *   gives the failurePolicy's decision, all TRUE calls it; `compile.go`
 *   convertObjectToUnstructured (the `request` variable);
 * - `plugin/pkg/auth/authorizer/rbac/rbac.go` RuleAllows and `pkg/apis/rbac/v1/
 *   evaluation_helpers.go` (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches,
 *   NonResourceURLMatches); `pkg/registry/rbac/validation/rule.go` VisitRulesFor, appliesTo,
 *   appliesToUser, GetRoleReferenceRules and the binding descriptions;
 * - `pkg/controller/clusterroleaggregation`: an aggregated ClusterRole's rules are the rules of
 *   every ClusterRole its selectors match;
 * - `plugin/pkg/auth/authorizer/node` NodeIdentity: the Node authorizer has no opinion on
 *   anyone but a node (its graph of pods and secrets is cluster state and is not simulated).
 */
import { withAuthenticatedGroups } from './flow';
import { CelProgram } from '../cel/program';
import { CelEnvironment } from '../cel/types';

type Obj = Record<string, any>;

/** A request as the authorizers see it (authorizer.Attributes). */
export interface AuthzAttributes {
  readonly user: string;
  readonly groups: readonly string[];
  readonly uid?: string;
  readonly extra?: Readonly<Record<string, readonly string[]>>;
  readonly verb: string;
  readonly apiGroup?: string;
  readonly apiVersion?: string;
  readonly resource?: string;
  readonly subresource?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Set for a non-resource request. */
  readonly path?: string;
}

export type Decision = 'Allow' | 'Deny' | 'NoOpinion' | 'Unknown';

/** What one authorizer of the chain did. */
export interface AuthorizerStep {
  readonly name: string;
  readonly type: string;
  readonly decision: Decision;
  readonly reason: string;
  /** Webhooks: the result of each match condition, in order (`true`, `false` or `error: ...`). */
  readonly conditions?: ReadonlyArray<{ readonly expression: string; readonly result: string }>;
}

/** The chain's answer. */
export interface ChainResult {
  readonly steps: readonly AuthorizerStep[];
  /** Allow, Deny, NoOpinion (the request is forbidden), or Unknown (a webhook would be asked). */
  readonly decision: Decision;
  readonly decidedBy?: string;
  /** When a webhook is asked: what the chain decides if it answers "no opinion". */
  readonly ifWebhookHasNoOpinion?: { readonly decision: Decision; readonly decidedBy?: string };
}

/** The answer a webhook gives when it is called, for a what-if run. */
export type WebhookAnswer = 'Allow' | 'Deny' | 'NoOpinion' | 'Error';

// ---- RBAC (evaluation_helpers.go, rbac.go) -------------------------------------------------

function list(x: unknown): string[] {
  return Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : [];
}

/** `VerbMatches` */
function verbMatches(rule: Obj, verb: string): boolean {
  return list(rule.verbs).some((v) => v === '*' || v === verb);
}
/** `APIGroupMatches` */
function apiGroupMatches(rule: Obj, group: string): boolean {
  return list(rule.apiGroups).some((g) => g === '*' || g === group);
}
/** `ResourceMatches`: a star, the exact resource[/subresource], or star-slash-subresource. */
function resourceMatches(rule: Obj, combined: string, subresource: string): boolean {
  for (const r of list(rule.resources)) {
    if (r === '*' || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}
/** `ResourceNameMatches`: no names means every name. */
function resourceNameMatches(rule: Obj, name: string): boolean {
  const names = list(rule.resourceNames);
  return names.length === 0 || names.includes(name);
}
/** `NonResourceURLMatches`: a star, the exact path, or a prefix given with a trailing star. */
function nonResourceUrlMatches(rule: Obj, url: string): boolean {
  return list(rule.nonResourceURLs).some((u) => u === '*' || u === url || (u.endsWith('*') && url.startsWith(u.replace(/\*+$/, ''))));
}

/** `RuleAllows` */
export function ruleAllows(a: AuthzAttributes, rule: Obj): boolean {
  if (!a.path) {
    const combined = a.subresource ? `${a.resource ?? ''}/${a.subresource}` : a.resource ?? '';
    return verbMatches(rule, a.verb) && apiGroupMatches(rule, a.apiGroup ?? '') && resourceMatches(rule, combined, a.subresource ?? '') && resourceNameMatches(rule, a.name ?? '');
  }
  return verbMatches(rule, a.verb) && nonResourceUrlMatches(rule, a.path);
}

/** `appliesToUser` (a ServiceAccount subject without namespace takes the binding's). */
function appliesToUser(a: AuthzAttributes, s: Obj, namespace: string): boolean {
  switch (s?.kind) {
    case 'User': return a.user === s.name;
    case 'Group': return a.groups.includes(s.name);
    case 'ServiceAccount': {
      const ns = s.namespace || namespace;
      if (!ns) return false;
      return a.user === `system:serviceaccount:${ns}:${s.name}`;
    }
    default: return false;
  }
}

/** `describeSubject` */
function describeSubject(s: Obj, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} "${s.name}/${s.namespace || bindingNamespace}"`;
  return `${s.kind} "${s.name}"`;
}

/** RBAC objects, with ClusterRole aggregation applied. */
export class RbacSet {
  private readonly roles = new Map<string, Obj>();
  private readonly clusterRoles = new Map<string, Obj>();
  private readonly roleBindings: Obj[] = [];
  private readonly clusterRoleBindings: Obj[] = [];

  constructor(objects: readonly Obj[]) {
    for (const o of objects) {
      if (o?.apiVersion !== 'rbac.authorization.k8s.io/v1') continue;
      const name = o?.metadata?.name;
      const ns = o?.metadata?.namespace ?? 'default';
      if (typeof name !== 'string') continue;
      if (o.kind === 'Role') this.roles.set(`${ns}/${name}`, o);
      else if (o.kind === 'ClusterRole') this.clusterRoles.set(name, o);
      else if (o.kind === 'RoleBinding') this.roleBindings.push({ ...o, metadata: { ...o.metadata, namespace: ns } });
      else if (o.kind === 'ClusterRoleBinding') this.clusterRoleBindings.push(o);
    }
  }

  /** True when no RBAC object was given. */
  public get empty(): boolean {
    return this.roles.size + this.clusterRoles.size + this.roleBindings.length + this.clusterRoleBindings.length === 0;
  }

  /** A ClusterRole's rules; an aggregated one gets the rules of every ClusterRole its selectors match (the aggregation controller). */
  private clusterRoleRules(name: string): Obj[] | undefined {
    const cr = this.clusterRoles.get(name);
    if (!cr) return undefined;
    const selectors: Obj[] = Array.isArray(cr.aggregationRule?.clusterRoleSelectors) ? cr.aggregationRule.clusterRoleSelectors : [];
    if (selectors.length === 0) return Array.isArray(cr.rules) ? cr.rules : [];
    const out: Obj[] = [];
    for (const [other, o] of [...this.clusterRoles].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (other === name) continue;
      const labels = o.metadata?.labels ?? {};
      if (selectors.some((sel) => selectorMatches(sel, labels))) out.push(...(Array.isArray(o.rules) ? o.rules : []));
    }
    return out;
  }

  /** `GetRoleReferenceRules` */
  private roleRefRules(ref: Obj, bindingNamespace: string): Obj[] | string {
    if (ref?.kind === 'Role') {
      const r = this.roles.get(`${bindingNamespace}/${ref.name}`);
      return r ? (Array.isArray(r.rules) ? r.rules : []) : `role.rbac.authorization.k8s.io "${ref.name}" not found`;
    }
    if (ref?.kind === 'ClusterRole') return this.clusterRoleRules(ref.name) ?? `clusterrole.rbac.authorization.k8s.io "${ref.name}" not found`;
    return `unsupported role reference kind: "${ref?.kind}"`;
  }

  /** `RBACAuthorizer.Authorize` over `VisitRulesFor`: cluster role bindings first, then the namespace's role bindings. */
  public authorize(a: AuthzAttributes): { decision: Decision; reason: string; errors: string[] } {
    const errors: string[] = [];
    for (const b of this.clusterRoleBindings) {
      const idx = (Array.isArray(b.subjects) ? b.subjects : []).findIndex((s: Obj) => appliesToUser(a, s, ''));
      if (idx < 0) continue;
      const rules = this.roleRefRules(b.roleRef, '');
      if (typeof rules === 'string') {
        errors.push(rules);
        continue;
      }
      const i = rules.findIndex((r) => ruleAllows(a, r));
      if (i >= 0) {
        return { decision: 'Allow', reason: `RBAC: allowed by ClusterRoleBinding "${b.metadata.name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(b.subjects[idx], '')} (rules[${i}]: ${describeRule(rules[i])})`, errors };
      }
    }
    if (a.namespace) {
      for (const b of this.roleBindings) {
        if (b.metadata.namespace !== a.namespace) continue;
        const idx = (Array.isArray(b.subjects) ? b.subjects : []).findIndex((s: Obj) => appliesToUser(a, s, a.namespace!));
        if (idx < 0) continue;
        const rules = this.roleRefRules(b.roleRef, a.namespace);
        if (typeof rules === 'string') {
          errors.push(rules);
          continue;
        }
        const i = rules.findIndex((r) => ruleAllows(a, r));
        if (i >= 0) {
          return { decision: 'Allow', reason: `RBAC: allowed by RoleBinding "${b.metadata.name}/${b.metadata.namespace}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${describeSubject(b.subjects[idx], b.metadata.namespace)} (rules[${i}]: ${describeRule(rules[i])})`, errors };
        }
      }
    }
    return { decision: 'NoOpinion', reason: errors.length > 0 ? `RBAC: ${errors.join(', ')}` : 'RBAC: no rule of the given roles grants it', errors };
  }
}

/** A compact form of a policy rule, after `CompactString`. */
function describeRule(r: Obj): string {
  const parts: string[] = [];
  const q = (xs: unknown) => `[${list(xs).map((x) => JSON.stringify(x)).join(' ')}]`;
  if (list(r.apiGroups).length) parts.push(`APIGroups:${q(r.apiGroups)}`);
  if (list(r.resources).length) parts.push(`Resources:${q(r.resources)}`);
  if (list(r.nonResourceURLs).length) parts.push(`NonResourceURLs:${q(r.nonResourceURLs)}`);
  if (list(r.resourceNames).length) parts.push(`ResourceNames:${q(r.resourceNames)}`);
  if (list(r.verbs).length) parts.push(`Verbs:${q(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** A metav1.LabelSelector against labels (matchLabels and matchExpressions). */
function selectorMatches(sel: Obj, labels: Record<string, string>): boolean {
  const ml = sel?.matchLabels ?? {};
  for (const [k, v] of Object.entries(ml)) if (labels[k] !== v) return false;
  for (const e of Array.isArray(sel?.matchExpressions) ? sel.matchExpressions : []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = list(e.values);
    switch (e.operator) {
      case 'In': if (!has || !vals.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && vals.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  // metav1.LabelSelectorAsSelector: an empty selector is Everything.
  return true;
}

// ---- the webhook request (compile.go convertObjectToUnstructured) --------------------------

/** The `request` variable a webhook's matchConditions see. */
export function subjectAccessReviewSpec(a: AuthzAttributes): Obj {
  const spec: Obj = { user: a.user, groups: [...a.groups], uid: a.uid ?? '', extra: a.extra ?? {} };
  if (!a.path) {
    spec.resourceAttributes = {
      namespace: a.namespace ?? '',
      verb: a.verb,
      group: a.apiGroup ?? '',
      version: a.apiVersion ?? '',
      resource: a.resource ?? '',
      subresource: a.subresource ?? '',
      name: a.name ?? '',
    };
  } else {
    spec.nonResourceAttributes = { verb: a.verb, path: a.path };
  }
  return spec;
}

// ---- the chain -------------------------------------------------------------------------------

/** One configured authorizer. */
interface ConfiguredAuthorizer {
  readonly type: string;
  readonly name: string;
  readonly webhook?: Obj;
}

/** `NodeIdentity`: a user in system:nodes named system:node:<name>. */
function isNode(a: AuthzAttributes): boolean {
  return a.groups.includes('system:nodes') && a.user.startsWith('system:node:') && a.user.length > 'system:node:'.length;
}

/**
 * Evaluates a webhook's matchConditions like CELMatcher.Eval: a FALSE result ends it (no match),
 * errors are collected and returned when no condition was FALSE.
 */
type ConditionResults = Array<{ expression: string; result: string }>;

function evalConditions(conditions: Obj[], request: Obj): { matched: boolean; error?: string; results: ConditionResults } {
  const results: Array<{ expression: string; result: string }> = [];
  const errors: string[] = [];
  for (const c of conditions) {
    const expression = String(c?.expression ?? '');
    let value: unknown;
    try {
      value = CelProgram.compile(expression, CelEnvironment.AUTHZ_MATCH_CONDITION).evaluate({ request });
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n').join(' ') : String(e);
      results.push({ expression, result: `error: ${msg}` });
      errors.push(`cel evaluation error: expression '${expression}' resulted in error: ${msg}`);
      continue;
    }
    if (typeof value !== 'boolean') {
      results.push({ expression, result: `error: not a bool (${typeof value})` });
      errors.push(`cel evaluation error: expression '${expression}' eval result type should be bool`);
      continue;
    }
    results.push({ expression, result: String(value) });
    if (!value) return { matched: false, results };
  }
  if (errors.length > 0) return { matched: false, error: errors.join(', '), results };
  return { matched: true, results };
}

/** The authorization chain of an AuthorizationConfiguration, with RBAC objects. */
export class AuthzChain {
  private readonly authorizers: ConfiguredAuthorizer[];

  constructor(config: Obj, private readonly rbac: RbacSet) {
    const list2: Obj[] = Array.isArray(config?.authorizers) ? config.authorizers : [];
    this.authorizers = list2.map((x) => ({ type: String(x?.type ?? ''), name: String(x?.name ?? ''), webhook: x?.webhook }));
  }

  /** The configured authorizers' names and types, in order. */
  public get names(): Array<{ name: string; type: string }> {
    return this.authorizers.map((a) => ({ name: a.name, type: a.type }));
  }

  /** The union authorizer over the chain; `answers` says what a called webhook answers. */
  public authorize(a: AuthzAttributes, answers: ReadonlyMap<string, WebhookAnswer> = new Map()): ChainResult {
    const steps: AuthorizerStep[] = [];
    // reload.go: the privileged-group authorizer comes before every configured one.
    if (a.groups.includes('system:masters')) {
      steps.push({ name: 'system:masters', type: 'PrivilegedGroups', decision: 'Allow', reason: 'the user is in system:masters, which is allowed before any configured authorizer runs' });
      return { steps, decision: 'Allow', decidedBy: 'system:masters' };
    }
    steps.push({ name: 'system:masters', type: 'PrivilegedGroups', decision: 'NoOpinion', reason: 'the user is not in system:masters' });
    let unknownAt: number | undefined;
    for (const auth of this.authorizers) {
      const step = this.step(auth, a, answers);
      steps.push(step);
      if (step.decision === 'Unknown' && unknownAt === undefined) {
        unknownAt = steps.length - 1;
        continue; // go on as if it had no opinion, to say what happens then
      }
      if (step.decision === 'Allow' || step.decision === 'Deny') {
        if (unknownAt !== undefined) {
          const w = steps[unknownAt];
          return { steps, decision: 'Unknown', decidedBy: w.name, ifWebhookHasNoOpinion: { decision: step.decision, decidedBy: step.name } };
        }
        return { steps, decision: step.decision, decidedBy: step.name };
      }
    }
    if (unknownAt !== undefined) return { steps, decision: 'Unknown', decidedBy: steps[unknownAt].name, ifWebhookHasNoOpinion: { decision: 'NoOpinion' } };
    return { steps, decision: 'NoOpinion' };
  }

  private step(auth: ConfiguredAuthorizer, a: AuthzAttributes, answers: ReadonlyMap<string, WebhookAnswer>): AuthorizerStep {
    const base = { name: auth.name, type: auth.type };
    switch (auth.type) {
      case 'AlwaysAllow': return { ...base, decision: 'Allow', reason: 'AlwaysAllow allows every request' };
      case 'AlwaysDeny': return { ...base, decision: 'Deny', reason: 'AlwaysDeny denies every request' };
      case 'Node':
        return isNode(a)
          ? { ...base, decision: 'Unknown', reason: 'a node: the Node authorizer decides from its graph of the pods bound to the node (cluster state, not simulated)' }
          : { ...base, decision: 'NoOpinion', reason: 'not a node (no opinion on users outside system:nodes named system:node:<name>)' };
      case 'RBAC': {
        if (this.rbac.empty) return { ...base, decision: 'Unknown', reason: 'no Role, ClusterRole or binding was given: RBAC depends on the cluster' };
        const r = this.rbac.authorize(a);
        return { ...base, decision: r.decision, reason: r.reason };
      }
      case 'Webhook': {
        const conditions: Obj[] = Array.isArray(auth.webhook?.matchConditions) ? auth.webhook!.matchConditions : [];
        const failurePolicy = auth.webhook?.failurePolicy === 'Deny' ? 'Deny' : 'NoOpinion';
        let results: Array<{ expression: string; result: string }> = [];
        if (conditions.length > 0) {
          const m = evalConditions(conditions, subjectAccessReviewSpec(a));
          results = m.results;
          if (m.error) {
            return { ...base, decision: failurePolicy, reason: `a match condition failed to evaluate, so failurePolicy ${failurePolicy} applies without calling the webhook: ${m.error}`, conditions: results };
          }
          if (!m.matched) return { ...base, decision: 'NoOpinion', reason: 'a match condition is false: the webhook is not called', conditions: results };
        }
        const answer = answers.get(auth.name);
        const called = conditions.length > 0 ? 'every match condition is true: the webhook is called' : 'no match conditions: the webhook is called for every request';
        if (answer === undefined) return { ...base, decision: 'Unknown', reason: `${called}; its answer decides (give its answer to simulate it)`, conditions: results };
        if (answer === 'Error') return { ...base, decision: failurePolicy, reason: `${called}; it fails or times out, so failurePolicy ${failurePolicy} applies`, conditions: results };
        return { ...base, decision: answer, reason: `${called}; it answers ${answer}`, conditions: results };
      }
      default:
        return { ...base, decision: 'NoOpinion', reason: `authorizer type ${auth.type} is not simulated` };
    }
  }
}

export { withAuthenticatedGroups };
