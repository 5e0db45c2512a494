/**
 * API Priority and Fairness, simulated offline: which FlowSchema a request lands in, which
 * priority level serves it, its flow distinguisher, and the concurrency each priority level
 * gets for a given server concurrency limit, as a 1.36 kube-apiserver decides them.
 *
 * Ported from k8s.io/apiserver v0.36.0:
 * - `pkg/util/flowcontrol/rule.go`: matchesFlowSchema, matchesPolicyRule, matchesSubject,
 *   serviceAccountMatchesNamespace, matchesResourcePolicyRule, matchPolicyRuleNonResourceURL,
 *   containsString;
 * - `pkg/util/flowcontrol/apf_controller.go`: digestFlowSchemasLocked (ordering, dangling
 *   references, missing mandatory schemas), startRequest (first match wins, catch-all
 *   fallback), computeFlowDistinguisher, finishQueueSetReconfigsLocked (nominal, lendable and
 *   borrowing limits), plSpecCommons;
 * - `pkg/util/apihelpers/helpers.go` FlowSchemaSequence.Less (precedence, then name);
 * - `pkg/apis/flowcontrol/bootstrap/default.go` (the built-in objects, ./apf-bootstrap.ts);
 * - kubernetes `pkg/registry/flowcontrol/ensurer/strategy.go` (which built-in specs the server
 *   puts back) and `pkg/apis/flowcontrol/v1/defaults.go` (v1 defaults).
 */
import { APF_AUTO_UPDATE_ANNOTATION, MANDATORY_FLOW_SCHEMAS, MANDATORY_PRIORITY_LEVELS, SUGGESTED_FLOW_SCHEMAS, SUGGESTED_PRIORITY_LEVELS } from './apf-bootstrap';

type Obj = Record<string, any>;

/** Default `--max-requests-inflight` of kube-apiserver (k8s.io/apiserver pkg/server/config.go). */
export const DEFAULT_MAX_REQUESTS_INFLIGHT = 400;
/** Default `--max-mutating-requests-inflight` of kube-apiserver. */
export const DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT = 200;

/** Where a FlowSchema or priority level in the simulation comes from. */
export type ApfSource = 'input' | 'mandatory' | 'suggested';

/** A request as APF sees it (the `RequestDigest`: request info and the authenticated user). */
export interface ApfRequest {
  readonly user: string;
  /** The user's groups as the authenticator gives them (see {@link withAuthenticatedGroups}). */
  readonly groups: readonly string[];
  readonly verb: string;
  /** Empty for a non-resource request. */
  readonly resource?: string;
  readonly subresource?: string;
  /** `''` for the core group. */
  readonly apiGroup?: string;
  /** Empty for cluster-scoped requests and for requests across all namespaces. */
  readonly namespace?: string;
  readonly name?: string;
  /** Set for a non-resource request (`/healthz`, `/openapi/v2`, ...). */
  readonly path?: string;
}

/**
 * The groups the authentication layer gives a user: `system:anonymous` is in
 * `system:unauthenticated`, every other user gets `system:authenticated` added
 * (k8s.io/apiserver pkg/authentication/group AuthenticatedGroupAdder and the anonymous
 * authenticator), and a service account's token carries `system:serviceaccounts` and
 * `system:serviceaccounts:<namespace>` (pkg/authentication/serviceaccount MakeGroupNames).
 */
export function withAuthenticatedGroups(user: string, groups: readonly string[]): string[] {
  const out = [...groups];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  if (sa) {
    for (const g of ['system:serviceaccounts', `system:serviceaccounts:${sa[1]}`]) if (!out.includes(g)) out.push(g);
  }
  if (user === 'system:anonymous') {
    if (!out.includes('system:unauthenticated')) out.push('system:unauthenticated');
  } else if (!out.includes('system:authenticated')) {
    out.push('system:authenticated');
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// rule.go

/** `matchesSubject` */
function matchesSubject(user: string, groups: readonly string[], subject: Obj): boolean {
  switch (subject?.kind) {
    case 'User':
      return subject.user != null && (subject.user.name === '*' || subject.user.name === user);
    case 'Group':
      if (subject.group == null) return false;
      return subject.group.name === '*' || groups.includes(subject.group.name);
    case 'ServiceAccount': {
      const sa = subject.serviceAccount;
      if (sa == null) return false;
      if (sa.name === '*') return serviceAccountMatchesNamespace(String(sa.namespace ?? ''), user);
      // serviceaccount.MatchesUsername: the exact username of that service account.
      return user === `system:serviceaccount:${sa.namespace}:${sa.name}`;
    }
    default:
      return false;
  }
}

/** `serviceAccountMatchesNamespace`: a prefix test, without checking the name part. */
function serviceAccountMatchesNamespace(namespace: string, username: string): boolean {
  const prefix = 'system:serviceaccount:';
  if (!username.startsWith(prefix)) return false;
  const rest = username.slice(prefix.length);
  if (!rest.startsWith(namespace)) return false;
  return rest.slice(namespace.length).startsWith(':');
}

/** `containsString`: the wildcard counts only as the list's single member. */
function containsString(x: string, list: readonly unknown[] | undefined, wildcard: string): boolean {
  if (!Array.isArray(list)) return false;
  if (list.length === 1 && list[0] === wildcard) return true;
  return list.includes(x);
}

/** `matchesResourcePolicyRule` */
function matchesResourceRule(req: ApfRequest, rule: Obj): boolean {
  if (!containsString(req.verb, rule?.verbs, '*')) return false;
  const rs = req.subresource ? `${req.resource ?? ''}/${req.subresource}` : req.resource ?? '';
  if (!containsString(rs, rule.resources, '*')) return false;
  if (!containsString(req.apiGroup ?? '', rule.apiGroups, '*')) return false;
  if (!req.namespace) return rule.clusterScope === true;
  return containsString(req.namespace, rule.namespaces, '*');
}

/** `matchPolicyRuleNonResourceURL`: `*`, an exact path, or a prefix ending in `/` (a trailing `*` dropped). */
function matchesNonResourceUrl(urls: readonly unknown[] | undefined, path: string): boolean {
  for (const u of Array.isArray(urls) ? urls : []) {
    if (typeof u !== 'string') continue;
    if (u === '*' || u === path) return true;
    let prefix = u.endsWith('*') ? u.slice(0, -1) : u;
    if (!prefix.endsWith('/')) prefix += '/';
    if (path.startsWith(prefix)) return true;
  }
  return false;
}

function isResourceRequest(req: ApfRequest): boolean {
  return req.path === undefined || req.path === '';
}

/** Which parts of one `PolicyRulesWithSubjects` matched a request. */
export interface RuleMatch {
  readonly ruleIndex: number;
  readonly subjectIndex: number;
  /** Index in `resourceRules` or `nonResourceRules`. */
  readonly policyRuleIndex: number;
  readonly nonResource: boolean;
}

/** `matchesPolicyRule`, reporting the first subject and rule that matched. */
function matchPolicyRule(req: ApfRequest, rule: Obj, ruleIndex: number): RuleMatch | undefined {
  const subjects: Obj[] = Array.isArray(rule?.subjects) ? rule.subjects : [];
  const subjectIndex = subjects.findIndex((s) => matchesSubject(req.user, req.groups, s));
  if (subjectIndex < 0) return undefined;
  if (isResourceRequest(req)) {
    const rr: Obj[] = Array.isArray(rule.resourceRules) ? rule.resourceRules : [];
    const i = rr.findIndex((r) => matchesResourceRule(req, r));
    return i < 0 ? undefined : { ruleIndex, subjectIndex, policyRuleIndex: i, nonResource: false };
  }
  const nr: Obj[] = Array.isArray(rule.nonResourceRules) ? rule.nonResourceRules : [];
  const i = nr.findIndex((r) => containsString(req.verb, r?.verbs, '*') && matchesNonResourceUrl(r.nonResourceURLs, req.path!));
  return i < 0 ? undefined : { ruleIndex, subjectIndex, policyRuleIndex: i, nonResource: true };
}

/** `matchesFlowSchema`: the first rule (in order) that matches, or undefined. */
export function matchFlowSchema(req: ApfRequest, flowSchema: Obj): RuleMatch | undefined {
  const rules: Obj[] = Array.isArray(flowSchema?.spec?.rules) ? flowSchema.spec.rules : [];
  for (let i = 0; i < rules.length; i++) {
    const m = matchPolicyRule(req, rules[i], i);
    if (m) return m;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// The configuration the server ends up with (ensurer + apf_controller digest)

/** A FlowSchema as the controller uses it. */
export interface EffectiveFlowSchema {
  readonly name: string;
  readonly matchingPrecedence: number;
  readonly priorityLevel: string;
  readonly distinguisherMethod?: string;
  readonly source: ApfSource;
  readonly object: Obj;
}

/** A priority level as the controller uses it, v1 defaults applied. */
export interface EffectivePriorityLevel {
  readonly name: string;
  readonly type: 'Exempt' | 'Limited';
  readonly nominalConcurrencyShares: number;
  readonly lendablePercent: number;
  /** Undefined: no limit on borrowing (the server lets it borrow up to the server limit). */
  readonly borrowingLimitPercent?: number;
  readonly limitResponse?: 'Queue' | 'Reject';
  readonly queues?: number;
  readonly handSize?: number;
  readonly queueLengthLimit?: number;
  readonly source: ApfSource;
}

/** Something in the input the server would not use as written, and why. */
export interface ApfNote {
  readonly kind: 'FlowSchema' | 'PriorityLevelConfiguration';
  readonly name: string;
  readonly note: string;
}

/** Options for {@link ApfConfiguration}. */
export interface ApfConfigurationOptions {
  /** Add the suggested objects the API server creates (default true). */
  readonly includeSuggested?: boolean;
}

function int(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isInteger(x) ? x : undefined;
}

/** v1 defaults (pkg/apis/flowcontrol/v1/defaults.go) for a priority level spec. */
function effectiveLevel(obj: Obj, source: ApfSource): EffectivePriorityLevel | undefined {
  const name = String(obj?.metadata?.name ?? '');
  const spec = obj?.spec ?? {};
  if (spec.type === 'Exempt') {
    const e = spec.exempt ?? {};
    return { name, type: 'Exempt', nominalConcurrencyShares: int(e.nominalConcurrencyShares) ?? 0, lendablePercent: int(e.lendablePercent) ?? 0, source };
  }
  if (spec.type !== 'Limited' || spec.limited == null) return undefined;
  const l = spec.limited;
  const q = l.limitResponse?.queuing ?? {};
  const queue = l.limitResponse?.type === 'Queue';
  return {
    name,
    type: 'Limited',
    nominalConcurrencyShares: int(l.nominalConcurrencyShares) ?? 30,
    lendablePercent: int(l.lendablePercent) ?? 0,
    borrowingLimitPercent: int(l.borrowingLimitPercent),
    limitResponse: queue ? 'Queue' : 'Reject',
    ...(queue ? { queues: int(q.queues) || 64, handSize: int(q.handSize) || 8, queueLengthLimit: int(q.queueLengthLimit) || 50 } : {}),
    source,
  };
}

/**
 * `shouldUpdateSpec` of the ensurer: the server puts a suggested object's spec back unless its
 * auto-update annotation parses as false (a freshly created object without the annotation has
 * generation 1, which counts as "may update").
 */
function serverKeepsUserSpec(obj: Obj): boolean {
  const v = obj?.metadata?.annotations?.[APF_AUTO_UPDATE_ANNOTATION];
  // strconv.ParseBool
  return typeof v === 'string' && ['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v);
}

/**
 * The flow-control configuration a 1.36 API server would run with, given the FlowSchemas and
 * PriorityLevelConfigurations of the input: built-in objects added, mandatory specs (and
 * suggested ones not opted out of auto-update) put back, schemas with a missing priority level
 * ignored, the rest ordered by matching precedence then name.
 */
export class ApfConfiguration {
  public readonly flowSchemas: readonly EffectiveFlowSchema[];
  public readonly priorityLevels: readonly EffectivePriorityLevel[];
  public readonly notes: readonly ApfNote[];

  constructor(objects: readonly Obj[], options: ApfConfigurationOptions = {}) {
    const notes: ApfNote[] = [];
    const suggested = options.includeSuggested !== false;
    const inputFs = new Map<string, Obj>();
    const inputPl = new Map<string, Obj>();
    for (const o of objects) {
      if (o?.apiVersion !== 'flowcontrol.apiserver.k8s.io/v1') continue;
      const name = o?.metadata?.name;
      if (typeof name !== 'string') continue;
      if (o.kind === 'FlowSchema') inputFs.set(name, o);
      else if (o.kind === 'PriorityLevelConfiguration') inputPl.set(name, o);
    }

    // Priority levels: built-ins first, then the input (a later object of a name replaces an earlier one).
    const levels = new Map<string, EffectivePriorityLevel>();
    const addLevel = (obj: Obj, source: ApfSource, kind: 'PriorityLevelConfiguration'): void => {
      const lvl = effectiveLevel(obj, source);
      const name = String(obj?.metadata?.name ?? '');
      // queueSetCompleterForPL: the Exempt type only for the level named exempt.
      if (!lvl || (lvl.type === 'Exempt') !== (name === 'exempt')) {
        notes.push({ kind, name, note: 'ignored: its spec is broken for the controller (type and its section disagree, or Exempt on a level not named exempt)' });
        return;
      }
      levels.set(name, lvl);
    };
    for (const o of MANDATORY_PRIORITY_LEVELS) addLevel(o, 'mandatory', 'PriorityLevelConfiguration');
    if (suggested) for (const o of SUGGESTED_PRIORITY_LEVELS) addLevel(o, 'suggested', 'PriorityLevelConfiguration');
    for (const [name, o] of inputPl) {
      const builtIn = levels.get(name);
      if (builtIn?.source === 'mandatory') {
        if (name === 'exempt' && o?.spec?.type === 'Exempt') {
          // The ensurer keeps an operator's exempt.nominalConcurrencyShares and lendablePercent.
          const mine = effectiveLevel(o, 'input')!;
          levels.set(name, { ...builtIn, nominalConcurrencyShares: mine.nominalConcurrencyShares, lendablePercent: mine.lendablePercent, source: 'input' });
          notes.push({ kind: 'PriorityLevelConfiguration', name, note: 'mandatory: the server keeps only spec.exempt (nominalConcurrencyShares, lendablePercent) of this object and puts the rest of the built-in spec back' });
        } else {
          notes.push({ kind: 'PriorityLevelConfiguration', name, note: 'mandatory: the server puts its built-in spec back, so this spec never takes effect' });
        }
        continue;
      }
      if (builtIn?.source === 'suggested' && !serverKeepsUserSpec(o)) {
        notes.push({ kind: 'PriorityLevelConfiguration', name, note: `suggested: the server puts its built-in spec back unless metadata.annotations["${APF_AUTO_UPDATE_ANNOTATION}"] is "false"` });
        continue;
      }
      addLevel(o, 'input', 'PriorityLevelConfiguration');
    }

    // Flow schemas.
    const schemas = new Map<string, { obj: Obj; source: ApfSource }>();
    for (const o of MANDATORY_FLOW_SCHEMAS) schemas.set(o.metadata.name, { obj: o, source: 'mandatory' });
    if (suggested) for (const o of SUGGESTED_FLOW_SCHEMAS) schemas.set(o.metadata.name, { obj: o, source: 'suggested' });
    for (const [name, o] of inputFs) {
      const builtIn = schemas.get(name);
      if (builtIn?.source === 'mandatory') {
        notes.push({ kind: 'FlowSchema', name, note: 'mandatory: the server puts its built-in spec back, so this spec never takes effect' });
        continue;
      }
      if (builtIn?.source === 'suggested' && !serverKeepsUserSpec(o)) {
        notes.push({ kind: 'FlowSchema', name, note: `suggested: the server puts its built-in spec back unless metadata.annotations["${APF_AUTO_UPDATE_ANNOTATION}"] is "false"` });
        continue;
      }
      schemas.set(name, { obj: o, source: 'input' });
    }
    const ordered: EffectiveFlowSchema[] = [];
    for (const [name, { obj, source }] of schemas) {
      const level = String(obj?.spec?.priorityLevelConfiguration?.name ?? '');
      if (!levels.has(level)) {
        // digestFlowSchemasLocked: a dangling reference takes the schema out of matching.
        notes.push({ kind: 'FlowSchema', name, note: `ignored: its priority level "${level}" does not exist (the server sets its Dangling condition)` });
        continue;
      }
      // SetDefaults_FlowSchemaSpec: 0 or unset is 1000.
      const precedence = int(obj?.spec?.matchingPrecedence) || 1000;
      const dm = obj?.spec?.distinguisherMethod?.type;
      ordered.push({ name, matchingPrecedence: precedence, priorityLevel: level, distinguisherMethod: typeof dm === 'string' ? dm : undefined, source, object: obj });
    }
    // FlowSchemaSequence.Less: lower precedence first, then names in byte order.
    ordered.sort((a, b) => {
      if (a.matchingPrecedence !== b.matchingPrecedence) return a.matchingPrecedence - b.matchingPrecedence;
      return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    this.flowSchemas = ordered;
    this.priorityLevels = [...levels.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.notes = notes;
  }

  /** The priority level named `name`, if the configuration has it. */
  public level(name: string): EffectivePriorityLevel | undefined {
    return this.priorityLevels.find((l) => l.name === name);
  }

  /**
   * `startRequest`: the first schema (in order) that matches, falling back to catch-all; the
   * flow distinguisher only when the level queues with more than one queue.
   */
  public classify(req: ApfRequest): ApfClassification {
    let chosen: { fs: EffectiveFlowSchema; match?: RuleMatch } | undefined;
    const later: Array<{ fs: EffectiveFlowSchema; match: RuleMatch }> = [];
    for (const fs of this.flowSchemas) {
      const m = matchFlowSchema(req, fs.object);
      if (!m) continue;
      if (!chosen) chosen = { fs, match: m };
      else later.push({ fs, match: m });
    }
    if (!chosen) {
      // The catch-all schema matches every authenticated or unauthenticated user; a request whose
      // user is in neither group still lands there (the fallback in startRequest).
      chosen = { fs: this.flowSchemas.find((f) => f.name === 'catch-all')! };
    }
    const level = this.level(chosen.fs.priorityLevel)!;
    let distinguisher: string | undefined;
    if (level.type === 'Limited' && level.limitResponse === 'Queue' && (level.queues ?? 0) > 1) {
      // computeFlowDistinguisher
      if (chosen.fs.distinguisherMethod === 'ByUser') distinguisher = req.user;
      else if (chosen.fs.distinguisherMethod === 'ByNamespace') distinguisher = req.namespace ?? '';
      else distinguisher = '';
    }
    return { flowSchema: chosen.fs, match: chosen.match, priorityLevel: level, flowDistinguisher: distinguisher, later };
  }

  /**
   * `finishQueueSetReconfigsLocked`: each level's nominal concurrency limit is
   * ceil(serverLimit × shares / Σshares); lendable and borrowing limits are rounded percentages
   * of it; a level without borrowingLimitPercent may borrow up to the server limit.
   */
  public concurrency(serverConcurrencyLimit: number): ApfLevelLimits[] {
    const shareSum = this.priorityLevels.reduce((s, l) => s + l.nominalConcurrencyShares, 0);
    return this.priorityLevels.map((l) => {
      const nominal = shareSum > 0 ? Math.ceil(serverConcurrencyLimit * l.nominalConcurrencyShares / shareSum) : 0;
      const lendable = goRound(nominal * l.lendablePercent / 100);
      const borrowing = l.type === 'Limited' && l.borrowingLimitPercent !== undefined ? goRound(nominal * l.borrowingLimitPercent / 100) : serverConcurrencyLimit;
      return { level: l, shareSum, nominal, lendable, borrowing, min: nominal - lendable, max: nominal + borrowing };
    });
  }
}

/** Go's math.Round: halves away from zero. */
function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** What {@link ApfConfiguration.classify} decided. */
export interface ApfClassification {
  readonly flowSchema: EffectiveFlowSchema;
  /** Undefined only when no schema matched and catch-all was used as the fallback. */
  readonly match?: RuleMatch;
  readonly priorityLevel: EffectivePriorityLevel;
  /** Undefined when the level does not queue (exempt, Reject, or a single queue). */
  readonly flowDistinguisher?: string;
  /** The schemas after the chosen one that match too, in order. */
  readonly later: ReadonlyArray<{ readonly fs: EffectiveFlowSchema; readonly match: RuleMatch }>;
}

/** The concurrency figures of one level. */
export interface ApfLevelLimits {
  readonly level: EffectivePriorityLevel;
  readonly shareSum: number;
  readonly nominal: number;
  readonly lendable: number;
  readonly borrowing: number;
  /** nominal − lendable: what the level keeps when it lends all it may. */
  readonly min: number;
  /** nominal + borrowing: the most it can reach by borrowing. */
  readonly max: number;
}

/** A one-line description of the rule that matched, for people. */
export function describeRuleMatch(fs: EffectiveFlowSchema, m: RuleMatch): string {
  const rule = fs.object.spec.rules[m.ruleIndex];
  const s = rule.subjects[m.subjectIndex];
  const subject = s.kind === 'User' ? `user "${s.user.name}"` : s.kind === 'Group' ? `group "${s.group.name}"` : `service account "${s.serviceAccount.namespace}/${s.serviceAccount.name}"`;
  if (m.nonResource) {
    const r = rule.nonResourceRules[m.policyRuleIndex];
    return `rules[${m.ruleIndex}]: subject ${subject}; nonResourceRules[${m.policyRuleIndex}] verbs [${r.verbs.join(', ')}] URLs [${r.nonResourceURLs.join(', ')}]`;
  }
  const r = rule.resourceRules[m.policyRuleIndex];
  const groups = (r.apiGroups as string[]).map((g) => (g === '' ? '""' : g)).join(', ');
  const where = r.clusterScope ? `namespaces [${(r.namespaces ?? []).join(', ')}] + cluster scope` : `namespaces [${(r.namespaces ?? []).join(', ')}]`;
  return `rules[${m.ruleIndex}]: subject ${subject}; resourceRules[${m.policyRuleIndex}] verbs [${r.verbs.join(', ')}] apiGroups [${groups}] resources [${r.resources.join(', ')}] ${where}`;
}
