import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain, isObject } from '../base/validators';

/**
 * Server-side rules of API Priority and Fairness (`flowcontrol.apiserver.k8s.io/v1`
 * FlowSchema and PriorityLevelConfiguration) as the 1.36 API server applies them after
 * defaulting: names, matching precedence, distinguisher, subjects, resource and
 * non-resource rules, the priority-level type unions, shares and percentages, the limit
 * response union, queuing limits and the shuffle-sharding entropy limit, plus the
 * mandatory and suggested objects the API server owns.
 *
 * Every function here is pure over a plain manifest object and never throws.
 */

/** API version both kinds are served at in 1.36. */
export const FLOWCONTROL_API_VERSION = 'flowcontrol.apiserver.k8s.io/v1';

/** Names of the objects the API server always re-creates and forces back to their fixed spec. */
export const APF_MANDATORY_NAMES: readonly string[] = ['exempt', 'catch-all'];

/** Names of the suggested PriorityLevelConfigurations the API server maintains. */
export const APF_SUGGESTED_PRIORITY_LEVEL_NAMES: readonly string[] = [
  'system', 'node-high', 'leader-election', 'workload-high', 'workload-low', 'global-default',
];

/** Names of the suggested FlowSchemas the API server maintains. */
export const APF_SUGGESTED_FLOW_SCHEMA_NAMES: readonly string[] = [
  'probes', 'system-leader-election', 'workload-leader-election', 'system-node-high', 'system-nodes',
  'kube-controller-manager', 'kube-scheduler', 'kube-system-service-accounts', 'service-accounts', 'global-default',
];

/** Annotation the API server reads to decide whether it may overwrite a suggested object. */
export const APF_AUTOUPDATE_ANNOTATION = 'apf.kubernetes.io/autoupdate-spec';

/** Upper bound of `spec.matchingPrecedence`. */
export const APF_MAX_MATCHING_PRECEDENCE = 10000;
/** Value the API server puts in an unset (or zero) `spec.matchingPrecedence`. */
export const APF_DEFAULT_MATCHING_PRECEDENCE = 1000;
/** Default `nominalConcurrencyShares` of a Limited level. */
export const APF_DEFAULT_NOMINAL_CONCURRENCY_SHARES = 30;
/** Default number of queues. */
export const APF_DEFAULT_QUEUES = 64;
/** Default hand size. */
export const APF_DEFAULT_HAND_SIZE = 8;
/** Default queue length limit. */
export const APF_DEFAULT_QUEUE_LENGTH_LIMIT = 50;
/** Upper bound of `queuing.queues`. */
export const APF_MAX_QUEUES = 10_000_000;
/** Maximum number of hash bits shuffle sharding may consume (`shufflesharding.MaxHashBits`). */
export const APF_MAX_HASH_BITS = 60;

/** Verbs a flow-schema rule may name (besides the lone wildcard `*`). */
export const APF_VERBS: readonly string[] = ['get', 'list', 'create', 'update', 'delete', 'deletecollection', 'patch', 'watch', 'proxy'];

const DISTINGUISHERS = ['ByNamespace', 'ByUser'];
const SUBJECT_KINDS = ['Group', 'ServiceAccount', 'User'];
const PLC_TYPES = ['Exempt', 'Limited'];
const LIMIT_RESPONSE_TYPES = ['Queue', 'Reject'];

/**
 * `log2(x)` computed the way Go's `math.Log2` does it: exact for powers of two, so that the
 * entropy rule agrees with the API server exactly at the boundary (e.g. 1024 queues × 6).
 */
function goLog2(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Math.log2(x);
  let exp = Math.floor(Math.log2(x));
  let frac = x / Math.pow(2, exp);
  // normalise to [0.5, 1) like math.Frexp
  while (frac >= 1) { frac /= 2; exp += 1; }
  while (frac < 0.5) { frac *= 2; exp -= 1; }
  if (frac === 0.5) return exp - 1;
  return Math.log(frac) * (1 / Math.LN2) + exp;
}

/**
 * Hash bits shuffle sharding needs to deal a hand of `handSize` out of `queues` queues:
 * `ceil(log2(queues) × handSize)` (`shufflesharding.RequiredEntropyBits`).
 * The API server refuses a level whose value is above 60.
 */
export function apfRequiredEntropyBits(queues: number, handSize: number): number {
  return Math.ceil(goLog2(queues) * handSize);
}

const NO_VALUE = Symbol('none');

function viol(checkId: string, field: string, problem: string, got: unknown, allowed?: string, fix?: string): Violation {
  const out: Violation = { checkId, field, problem, allowed, fix };
  return got === NO_VALUE ? out : { ...out, got: renderValue(got) };
}


function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x);
}

function strList(x: unknown): string[] | undefined {
  if (!Array.isArray(x)) return undefined;
  return x.map((e) => (typeof e === 'string' ? e : String(e)));
}

/** Spellings Go's `strconv.ParseBool` reads as false (the API server parses the annotation with it). */
const GO_FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

/** The autoupdate annotation value, when present. */
function autoUpdate(obj: any): string | undefined {
  const a = obj?.metadata?.annotations;
  if (!isObject(a)) return undefined;
  const v = a[APF_AUTOUPDATE_ANNOTATION];
  return typeof v === 'string' ? v : undefined;
}

function checkName(obj: any, kind: 'FlowSchema' | 'PriorityLevelConfiguration', suggested: readonly string[], out: Violation[]): string | undefined {
  const meta = obj?.metadata;
  const name = isObject(meta) ? meta.name : undefined;
  if (name === undefined || name === '') {
    if (!(isObject(meta) && typeof meta.generateName === 'string' && meta.generateName.length > 0)) {
      out.push(viol('flowcontrol/name', 'metadata.name', 'name or generateName is required', NO_VALUE, undefined, `Give the ${kind} a DNS-1123 subdomain name`));
    }
    return undefined;
  }
  const bad = checkDns1123Subdomain('metadata.name', name);
  if (bad) {
    out.push({ ...bad, checkId: 'flowcontrol/name' });
    return typeof name === 'string' ? name : undefined;
  }
  if (APF_MANDATORY_NAMES.includes(name)) {
    // upstream: ValidateIfMandatoryFlowSchema
    // upstream: ValidateIfMandatoryPriorityLevelConfigurationObject
    if (!isBuiltInMandatorySpec(kind, name, obj?.spec)) {
      const exemptLevel = kind === 'PriorityLevelConfiguration' && name === 'exempt';
      out.push(viol('flowcontrol/mandatory-name', 'spec',
        `spec of '${name}'${exemptLevel ? " except the 'spec.exempt' field" : ''} must equal the fixed value: ${name} is a mandatory ${kind} the API server maintains`,
        name, `any name except ${APF_MANDATORY_NAMES.join(', ')}, or exactly the built-in spec${exemptLevel ? ' (spec.exempt may differ)' : ''}`,
        kind === 'PriorityLevelConfiguration'
          ? 'Pick another name for your level; to send requests to a built-in level, reference it by name instead of declaring it'
          : 'Pick another name for your FlowSchema'));
    }
  } else if (suggested.includes(name) && !GO_FALSE.includes(autoUpdate(obj) ?? '')) {
    out.push(viol('flowcontrol/suggested-name', 'metadata.name',
      `names a suggested ${kind} that the API server maintains: while annotation ${APF_AUTOUPDATE_ANNOTATION} is "true" (or absent on an object that was never changed after creation) it is auto-updated back to the built-in spec, silently discarding yours`,
      name, `any name except ${suggested.join(', ')}`,
      `Pick another name; to deliberately take over the built-in object, set annotation ${APF_AUTOUPDATE_ANNOTATION}: "false"`));
  }
  return name;
}

/**
 * The specs of the mandatory objects, v1 defaults applied (k8s.io/apiserver
 * pkg/apis/flowcontrol/bootstrap/default.go, transcribed as data).
 */
const EVERYTHING = {
  resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'], clusterScope: true, namespaces: ['*'] }],
  nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
};
const group = (name: string) => ({ kind: 'Group', group: { name } });
const MANDATORY_SPECS: Readonly<Record<string, unknown>> = {
  'FlowSchema/exempt': { matchingPrecedence: 1, priorityLevelConfiguration: { name: 'exempt' }, rules: [{ subjects: [group('system:masters')], ...EVERYTHING }] },
  'FlowSchema/catch-all': {
    matchingPrecedence: 10000,
    priorityLevelConfiguration: { name: 'catch-all' },
    distinguisherMethod: { type: 'ByUser' },
    rules: [{ subjects: [group('system:unauthenticated'), group('system:authenticated')], ...EVERYTHING }],
  },
  'PriorityLevelConfiguration/exempt': { type: 'Exempt' },
  'PriorityLevelConfiguration/catch-all': { type: 'Limited', limited: { nominalConcurrencyShares: 5, lendablePercent: 0, limitResponse: { type: 'Reject' } } },
};

/**
 * `x` as JSON with object keys sorted and Go zero values dropped (null, false, "", empty
 * lists and maps), as apimachinery's Semantic.DeepEqual compares a decoded spec: an
 * omitted field and its zero value are the same, and so are a nil and an empty list.
 */
function canonical(x: unknown): string {
  const zero = (v: unknown): boolean => v === undefined || v === null || v === false || v === ''
    || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).every((k) => zero(v[k])));
  const sorted = (v: Record<string, unknown>) => Object.fromEntries(
    Object.keys(v).sort().filter((k) => !zero(v[k])).map((k) => [k, v[k]]),
  );
  return JSON.stringify(x, (_k, v) => (isObject(v) ? sorted(v) : v));
}

/**
 * True when `spec` is the built-in spec of mandatory object `name` once the v1 defaults
 * have run on it (SetDefaults_FlowSchemaSpec: matchingPrecedence 1000;
 * SetDefaults_LimitedPriorityLevelConfiguration: nominalConcurrencyShares 30, lendablePercent
 * 0; SetDefaults_QueuingConfiguration: handSize 8, queues 64, queueLengthLimit 50), as the
 * server compares them. For the exempt level the comparison copies the built-in
 * `spec.exempt` over the user's first, so that block is the admin's to set.
 */
function isBuiltInMandatorySpec(kind: string, name: string, spec: unknown): boolean {
  if (!isObject(spec)) return false;
  const s: Record<string, unknown> = { ...spec };
  if (kind === 'FlowSchema') {
    s.matchingPrecedence = s.matchingPrecedence ?? APF_DEFAULT_MATCHING_PRECEDENCE;
  } else {
    if (name === 'exempt') delete s.exempt;
    if (isObject(s.limited)) {
      const limited: Record<string, unknown> = { nominalConcurrencyShares: 30, lendablePercent: 0, ...s.limited };
      for (const k of ['nominalConcurrencyShares', 'lendablePercent']) limited[k] = limited[k] ?? (k === 'lendablePercent' ? 0 : 30);
      const lr = limited.limitResponse;
      if (isObject(lr) && isObject(lr.queuing)) {
        limited.limitResponse = { ...lr, queuing: { handSize: 8, queues: 64, queueLengthLimit: 50, ...lr.queuing } };
      }
      s.limited = limited;
    }
  }
  const want: Record<string, unknown> = { ...(MANDATORY_SPECS[`${kind}/${name}`] as Record<string, unknown>) };
  return canonical(s) === canonical(want);
}

// ---------------------------------------------------------------------------------------
// FlowSchema

/** The rules the API server applies to a FlowSchema. */
// upstream: ValidateFlowSchema
// upstream: ValidateFlowSchemaUpdate
export function checkFlowSchema(obj: any): Violation[] {
  const out: Violation[] = [];
  const name = checkName(obj, 'FlowSchema', APF_SUGGESTED_FLOW_SCHEMA_NAMES, out);
  const spec = obj?.spec;
  if (!isObject(spec)) {
    out.push(viol('flowcontrol/spec', 'spec', 'is required', spec, undefined, 'Set spec.priorityLevelConfiguration.name and spec.rules'));
    return out;
  }
  checkPrecedence(spec.matchingPrecedence, name, out);
  checkDistinguisher(spec.distinguisherMethod, out);
  checkPriorityLevelReference(spec.priorityLevelConfiguration, out);
  if (spec.rules !== undefined && spec.rules !== null) {
    if (!Array.isArray(spec.rules)) {
      out.push(viol('flowcontrol/rules', 'spec.rules', 'must be a list', spec.rules));
    } else {
      spec.rules.forEach((r: unknown, i: number) => checkPolicyRule(r, `spec.rules[${i}]`, out));
      const owned = name !== undefined && (APF_MANDATORY_NAMES.includes(name) || APF_SUGGESTED_FLOW_SCHEMA_NAMES.includes(name));
      if (!owned) checkShadowed(spec, out);
    }
  }
  return out;
}

// upstream: ValidateFlowSchemaSpec
function checkPrecedence(value: unknown, name: string | undefined, out: Violation[]): void {
  const f = 'spec.matchingPrecedence';
  if (value === undefined || value === null) return; // defaulted to 1000
  if (!isInt(value)) {
    out.push(viol('flowcontrol/precedence', f, 'must be an integer', value, `1 to ${APF_MAX_MATCHING_PRECEDENCE}`));
    return;
  }
  if (value === 0) {
    out.push(zeroMeansDefault(f, APF_DEFAULT_MATCHING_PRECEDENCE, `2 to ${APF_MAX_MATCHING_PRECEDENCE} (lower matches first)`));
  } else if (value < 0) {
    out.push(viol('flowcontrol/precedence', f, 'must be a positive value', value, `2 to ${APF_MAX_MATCHING_PRECEDENCE} (lower matches first)`,
      'Use a small number such as 500 to match before the suggested schemas'));
  } else if (value > APF_MAX_MATCHING_PRECEDENCE) {
    out.push(viol('flowcontrol/precedence', f, `must not be greater than ${APF_MAX_MATCHING_PRECEDENCE}`, value,
      `2 to ${APF_MAX_MATCHING_PRECEDENCE}`, 'Lower the precedence (numerically) so the schema is considered before catch-all (10000)'));
  } else if (value === 1 && name !== 'exempt') {
    out.push(viol('flowcontrol/precedence', f, "only the schema named 'exempt' may have matchingPrecedence 1", value,
      `2 to ${APF_MAX_MATCHING_PRECEDENCE}`, 'Use 2 or more; 1 is reserved for the mandatory exempt schema'));
  }
}

function checkDistinguisher(dm: unknown, out: Violation[]): void {
  if (dm === undefined || dm === null) return;
  const type = isObject(dm) ? dm.type : undefined;
  if (!DISTINGUISHERS.includes(type as string)) {
    out.push(viol('flowcontrol/distinguisher', 'spec.distinguisherMethod.type', 'is not a supported distinguisher method', type,
      DISTINGUISHERS.join(', '), 'ByUser gives each user its own flow, ByNamespace each namespace; remove distinguisherMethod for a single flow'));
  }
}

function checkPriorityLevelReference(ref: unknown, out: Violation[]): void {
  const f = 'spec.priorityLevelConfiguration.name';
  const name = isObject(ref) ? ref.name : undefined;
  if (name === undefined || name === null || name === '') {
    out.push(viol('flowcontrol/priority-level-ref', f, 'must reference a priority level', name ?? NO_VALUE, 'the name of a PriorityLevelConfiguration',
      'Reference a built-in level such as workload-low or one you declare'));
    return;
  }
  const bad = checkDns1123Subdomain(f, name);
  if (bad) out.push({ ...bad, checkId: 'flowcontrol/priority-level-ref' });
}

// upstream: ValidateFlowSchemaPolicyRulesWithSubjects
function checkPolicyRule(rule: unknown, f: string, out: Violation[]): void {
  if (!isObject(rule)) {
    out.push(viol('flowcontrol/rule', f, 'must be an object with subjects and resourceRules or nonResourceRules', rule));
    return;
  }
  const subjects = rule.subjects;
  if (!Array.isArray(subjects) || subjects.length === 0) {
    out.push(viol('flowcontrol/rule-subjects', `${f}.subjects`, 'subjects must contain at least one value', subjects ?? NO_VALUE,
      'User, Group or ServiceAccount subjects', 'Name who the rule applies to, e.g. a ServiceAccount'));
  } else {
    subjects.forEach((s: unknown, i: number) => checkSubject(s, `${f}.subjects[${i}]`, out));
  }
  const rr = Array.isArray(rule.resourceRules) ? rule.resourceRules : [];
  const nr = Array.isArray(rule.nonResourceRules) ? rule.nonResourceRules : [];
  if (rr.length === 0 && nr.length === 0) {
    out.push(viol('flowcontrol/rule-empty', f, 'at least one of resourceRules and nonResourceRules has to be non-empty', NO_VALUE,
      undefined, 'Add a resource rule (verbs, apiGroups, resources, namespaces) or a non-resource rule (verbs, nonResourceURLs)'));
  }
  rr.forEach((r: unknown, i: number) => checkResourceRule(r, `${f}.resourceRules[${i}]`, out));
  nr.forEach((r: unknown, i: number) => checkNonResourceRule(r, `${f}.nonResourceRules[${i}]`, out));
}

const MEMBER_OF_KIND: Record<string, string> = { User: 'user', Group: 'group', ServiceAccount: 'serviceAccount' };

// upstream: ValidateFlowSchemaSubject
// upstream: ValidateServiceAccountSubject
// upstream: ValidateUserSubject
// upstream: ValidateGroupSubject
function checkSubject(s: unknown, f: string, out: Violation[]): void {
  if (!isObject(s)) {
    out.push(viol('flowcontrol/subject', f, 'must be an object with kind and the matching member', s));
    return;
  }
  const kind = s.kind;
  if (!SUBJECT_KINDS.includes(kind)) {
    out.push(viol('flowcontrol/subject', `${f}.kind`, 'is not a supported subject kind', kind, SUBJECT_KINDS.join(', '),
      s.apiGroup !== undefined || (s.name !== undefined && s.serviceAccount === undefined)
        ? 'FlowSchema subjects are not RBAC subjects: write {kind: ServiceAccount, serviceAccount: {namespace, name}}, {kind: User, user: {name}} or {kind: Group, group: {name}}'
        : 'Use User, Group or ServiceAccount'));
    return;
  }
  const own = MEMBER_OF_KIND[kind];
  for (const [k, member] of Object.entries(MEMBER_OF_KIND)) {
    if (k !== kind && s[member] !== undefined && s[member] !== null) {
      out.push(viol('flowcontrol/subject', `${f}.${member}`, `${member} is forbidden when subject kind is not '${k}'`, s[member],
        undefined, `Remove ${member}; a ${kind} subject carries only ${own}`));
    }
  }
  const m = s[own];
  if (!isObject(m)) {
    out.push(viol('flowcontrol/subject', `${f}.${own}`, `${own} is required when subject kind is '${kind}'`, m ?? NO_VALUE, undefined,
      (s.name !== undefined || s.namespace !== undefined ? 'FlowSchema subjects are not RBAC subjects: move the top-level name/namespace into ' : 'Write ')
      + (kind === 'ServiceAccount' ? 'serviceAccount: {namespace, name}' : `${own}: {name}`)));
    return;
  }
  const nameF = `${f}.${own}.name`;
  if (typeof m.name !== 'string' || m.name === '') {
    out.push(viol('flowcontrol/subject', nameF, 'is required', m.name ?? NO_VALUE, kind === 'ServiceAccount' ? "a ServiceAccount name or '*'" : 'a non-empty name'));
  } else if (kind === 'ServiceAccount' && m.name !== '*') {
    const bad = checkDns1123Subdomain(nameF, m.name);
    if (bad) out.push({ ...bad, checkId: 'flowcontrol/subject' });
  }
  if (kind === 'ServiceAccount') {
    const nsF = `${f}.serviceAccount.namespace`;
    if (typeof m.namespace !== 'string' || m.namespace === '') {
      out.push(viol('flowcontrol/subject', nsF, 'must specify namespace for service account', m.namespace ?? NO_VALUE, 'a namespace name',
        'Set the namespace the ServiceAccount lives in'));
    } else {
      const bad = checkDns1123Label(nsF, m.namespace);
      if (bad) out.push({ ...bad, checkId: 'flowcontrol/subject' });
    }
  }
}

/**
 * Suggested (and mandatory) FlowSchemas that match *every* request of some subjects: all
 * verbs, API groups, resources, namespaces, cluster scope and non-resource URLs. A schema
 * with a numerically higher precedence never sees those subjects' requests.
 */
const CATCH_ALL_SCHEMAS: ReadonlyArray<{ name: string; precedence: number; covers: (kind: string, name: string, ns: string) => boolean }> = [
  { name: 'exempt', precedence: 1, covers: (k, n) => k === 'Group' && n === 'system:masters' },
  { name: 'system-nodes', precedence: 500, covers: (k, n) => k === 'Group' && n === 'system:nodes' },
  { name: 'kube-controller-manager', precedence: 800, covers: (k, n) => k === 'User' && n === 'system:kube-controller-manager' },
  { name: 'kube-scheduler', precedence: 800, covers: (k, n) => k === 'User' && n === 'system:kube-scheduler' },
  {
    name: 'kube-system-service-accounts',
    precedence: 900,
    covers: (k, n, ns) => (k === 'ServiceAccount' && ns === 'kube-system') || (k === 'Group' && n === 'system:serviceaccounts:kube-system'),
  },
  {
    name: 'service-accounts',
    precedence: 9000,
    covers: (k, n) => k === 'ServiceAccount' || (k === 'Group' && (n === 'system:serviceaccounts' || n.startsWith('system:serviceaccounts:'))),
  },
  { name: 'global-default', precedence: 9900, covers: () => true },
];

/**
 * Subjects whose every request an API-server-maintained schema matches before this one: the
 * API server accepts the object, but that part of it is dead.
 */
function checkShadowed(spec: Record<string, any>, out: Violation[]): void {
  const p = spec.matchingPrecedence ?? APF_DEFAULT_MATCHING_PRECEDENCE;
  if (!isInt(p) || p <= 0 || p > APF_MAX_MATCHING_PRECEDENCE) return;
  (spec.rules as unknown[]).forEach((rule, i) => {
    if (!isObject(rule) || !Array.isArray(rule.subjects)) return;
    rule.subjects.forEach((s: unknown, j: number) => {
      if (!isObject(s)) return;
      const kind = String(s.kind);
      const member = isObject(s[MEMBER_OF_KIND[kind] ?? '']) ? s[MEMBER_OF_KIND[kind]] : {};
      const name = typeof member.name === 'string' ? member.name : '';
      const ns = typeof member.namespace === 'string' ? member.namespace : '';
      const first = CATCH_ALL_SCHEMAS.find((c) => c.precedence < p && c.covers(kind, name, ns));
      if (!first) return;
      out.push(viol('flowcontrol/shadowed', `spec.rules[${i}].subjects[${j}]`,
        `never reaches this schema: the FlowSchema "${first.name}" the API server maintains (precedence ${first.precedence}) matches every request of this subject first`,
        s, `spec.matchingPrecedence below ${first.precedence}`,
        `Lower spec.matchingPrecedence (${p}) below ${first.precedence}; the lowest matching precedence wins`));
    });
  });
}

/** `verbs` of a resource or non-resource rule. */
function checkVerbs(verbs: unknown, f: string, out: Violation[]): void {
  const list = strList(verbs);
  if (!list || list.length === 0) {
    out.push(viol('flowcontrol/verbs', f, 'verbs must contain at least one value', verbs ?? NO_VALUE, `'*' or some of ${APF_VERBS.join(', ')}`));
    return;
  }
  if (list.includes('*')) {
    if (list.length > 1) {
      out.push(viol('flowcontrol/verbs', f, "if '*' is present, must not specify other verbs", list, "'*' alone", "Keep only '*' or list the verbs"));
    }
    return;
  }
  const unknown = list.filter((v) => !APF_VERBS.includes(v));
  if (unknown.length > 0) {
    out.push(viol('flowcontrol/verbs', f, `has unsupported verbs ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, list, APF_VERBS.join(', '),
      'Use lower-case Kubernetes request verbs; "use", "bind", "escalate" and "impersonate" are authorization-only verbs'));
  }
}

function checkWildcardList(value: unknown, f: string, what: string, checkId: string, requiredMsg: string, out: Violation[]): string[] | undefined {
  const list = strList(value);
  if (!list || list.length === 0) {
    out.push(viol(checkId, f, requiredMsg, value ?? NO_VALUE, `'*' or a list of ${what}`));
    return undefined;
  }
  if (list.length > 1 && list.includes('*')) {
    out.push(viol(checkId, f, `if '*' is present, must not specify other ${what}`, list, "'*' alone", `Keep only '*' or list the ${what}`));
    return undefined;
  }
  return list;
}

// upstream: ValidateFlowSchemaResourcePolicyRule
function checkResourceRule(r: unknown, f: string, out: Violation[]): void {
  if (!isObject(r)) {
    out.push(viol('flowcontrol/resource-rule', f, 'must be an object with verbs, apiGroups, resources and namespaces or clusterScope', r));
    return;
  }
  checkVerbs(r.verbs, `${f}.verbs`, out);
  checkWildcardList(r.apiGroups, `${f}.apiGroups`, 'api groups', 'flowcontrol/api-groups', 'resource rules must supply at least one api group', out);
  checkWildcardList(r.resources, `${f}.resources`, 'resources', 'flowcontrol/resources', 'resource rules must supply at least one resource', out);
  const ns = strList(r.namespaces) ?? [];
  if (ns.length === 0 && r.clusterScope !== true) {
    out.push(viol('flowcontrol/namespaces', `${f}.namespaces`, 'resource rules that are not cluster scoped must supply at least one namespace',
      r.namespaces ?? NO_VALUE, "'*' (every namespace) or namespace names",
      "List the namespaces (or '*'), and/or set clusterScope: true to match requests for cluster-scoped objects"));
  } else if (ns.includes('*')) {
    if (ns.length > 1) {
      out.push(viol('flowcontrol/namespaces', `${f}.namespaces`, "if '*' is present, must not specify other namespaces", ns, "'*' alone", "Keep only '*' or list the namespaces"));
    }
  } else {
    ns.forEach((n, i) => {
      const bad = checkDns1123Label(`${f}.namespaces[${i}]`, n);
      if (bad) out.push({ ...bad, checkId: 'flowcontrol/namespaces', problem: `each member of this list must be '*' or a DNS-1123 label; ${bad.problem}` });
    });
  }
}

/** The API server's non-resource URL path rules; returns the problem or undefined. */
// upstream: ValidateNonResourceURLPath
function nonResourceUrlProblem(path: string): string | undefined {
  if (path.length === 0) return 'must not be empty';
  if (path === '/') return undefined;
  if (!path.startsWith('/')) return 'must start with slash';
  if (path.includes(' ')) return 'must not contain white-space';
  if (path.includes('//')) return 'must not contain double slash';
  const stars = path.split('*').length - 1;
  if (stars > 1 || (stars === 1 && !path.endsWith('/*'))) return "wildcard can only do suffix matching (only a trailing '/*' is allowed)";
  return undefined;
}

// upstream: ValidateFlowSchemaNonResourcePolicyRule
function checkNonResourceRule(r: unknown, f: string, out: Violation[]): void {
  if (!isObject(r)) {
    out.push(viol('flowcontrol/non-resource-rule', f, 'must be an object with verbs and nonResourceURLs', r));
    return;
  }
  checkVerbs(r.verbs, `${f}.verbs`, out);
  const urls = checkWildcardList(r.nonResourceURLs, `${f}.nonResourceURLs`, 'non-resource URLs', 'flowcontrol/non-resource-urls',
    'nonResourceURLs must contain at least one value', out);
  if (!urls || urls.includes('*')) return;
  urls.forEach((u, i) => {
    const p = nonResourceUrlProblem(u);
    if (p) {
      out.push(viol('flowcontrol/non-resource-urls', `${f}.nonResourceURLs[${i}]`, p, u, "'/path', '/prefix/*' or '*'",
        'Write an absolute URL path such as "/healthz" or "/metrics"'));
    }
  });
}

// ---------------------------------------------------------------------------------------
// PriorityLevelConfiguration

/** The rules the API server applies to a PriorityLevelConfiguration. */
// upstream: ValidatePriorityLevelConfiguration
// upstream: ValidatePriorityLevelConfigurationUpdate
// upstream: ValidatePriorityLevelConfigurationSpec
export function checkPriorityLevelConfiguration(obj: any): Violation[] {
  const out: Violation[] = [];
  const name = checkName(obj, 'PriorityLevelConfiguration', APF_SUGGESTED_PRIORITY_LEVEL_NAMES, out);
  const spec = obj?.spec;
  if (!isObject(spec)) {
    out.push(viol('flowcontrol/spec', 'spec', 'is required', spec, undefined, 'Set spec.type: Limited and spec.limited'));
    return out;
  }
  const type = spec.type;
  if ((name === 'exempt') !== (type === 'Exempt')) {
    out.push(viol('flowcontrol/plc-type', 'spec.type', "type must be 'Exempt' if and only if name is 'exempt'", type, name === 'exempt' ? 'Exempt' : 'Limited',
      name === 'exempt' ? undefined : "Only the mandatory 'exempt' level bypasses flow control; use type Limited"));
  }
  if (type === 'Exempt') {
    if (spec.limited !== undefined && spec.limited !== null) {
      out.push(viol('flowcontrol/plc-union', 'spec.limited', 'must be nil if the type is not Limited', spec.limited, undefined, 'Remove spec.limited'));
    }
    if (isObject(spec.exempt)) checkSharesAndLending(spec.exempt, 'spec.exempt', out);
  } else if (type === 'Limited') {
    if (spec.exempt !== undefined && spec.exempt !== null) {
      out.push(viol('flowcontrol/plc-union', 'spec.exempt', 'must be nil if the type is Limited', spec.exempt, undefined, 'Remove spec.exempt'));
    }
    if (!isObject(spec.limited)) {
      out.push(viol('flowcontrol/plc-union', 'spec.limited', 'must not be empty when type is Limited', spec.limited ?? NO_VALUE, undefined,
        'Set spec.limited with nominalConcurrencyShares and limitResponse'));
    } else {
      checkLimited(spec.limited, out);
    }
  } else {
    out.push(viol('flowcontrol/plc-type', 'spec.type', 'is not a supported priority level type', type ?? NO_VALUE, PLC_TYPES.join(', '),
      'Use Limited (Exempt is reserved for the mandatory level named exempt)'));
  }
  return out;
}

// upstream: ValidateExemptPriorityLevelConfiguration
function checkSharesAndLending(cfg: Record<string, any>, f: string, out: Violation[]): void {
  const ncs = cfg.nominalConcurrencyShares;
  if (ncs !== undefined && ncs !== null && !(isInt(ncs) && ncs >= 0)) {
    out.push(viol('flowcontrol/shares', `${f}.nominalConcurrencyShares`, 'must be a non-negative integer', ncs, '0 or more (relative to the other levels)'));
  }
  const lp = cfg.lendablePercent;
  if (lp !== undefined && lp !== null && !(isInt(lp) && lp >= 0 && lp <= 100)) {
    out.push(viol('flowcontrol/lendable', `${f}.lendablePercent`, 'must be between 0 and 100, inclusive', lp, '0 to 100 (share of the nominal seats other levels may borrow)', 'Give a percentage from 0 to 100'));
  }
}

// upstream: ValidateLimitedPriorityLevelConfiguration
// upstream: ValidateLimitResponse
function checkLimited(limited: Record<string, any>, out: Violation[]): void {
  const f = 'spec.limited';
  checkSharesAndLending(limited, f, out);
  const bl = limited.borrowingLimitPercent;
  if (bl !== undefined && bl !== null && !(isInt(bl) && bl >= 0)) {
    out.push(viol('flowcontrol/borrowing', `${f}.borrowingLimitPercent`, 'if specified, must be a non-negative integer', bl,
      '0 or more percent of the nominal seats (unset = no limit)'));
  }
  const lr = limited.limitResponse;
  const type = isObject(lr) ? lr.type : undefined;
  const lf = `${f}.limitResponse`;
  if (type === 'Reject') {
    if (lr.queuing !== undefined && lr.queuing !== null) {
      out.push(viol('flowcontrol/limit-response', `${lf}.queuing`, 'must be nil if limitResponse.type is Reject (queuing only applies to type Queue)', lr.queuing,
        undefined, 'Remove queuing or use type Queue'));
    }
  } else if (type === 'Queue') {
    if (!isObject(lr.queuing)) {
      out.push(viol('flowcontrol/limit-response', `${lf}.queuing`, 'must not be empty if limitResponse.type is Queue', lr.queuing ?? NO_VALUE, undefined,
        'Set queuing: {queues, handSize, queueLengthLimit}'));
    } else {
      checkQueuing(lr.queuing, `${lf}.queuing`, out);
    }
  } else {
    out.push(viol('flowcontrol/limit-response', `${lf}.type`, 'is not a supported limit response type', type ?? NO_VALUE, LIMIT_RESPONSE_TYPES.join(', '),
      'Queue holds excess requests in fair queues; Reject answers them with HTTP 429 at once'));
  }
}

/**
 * An explicit 0 in an int field the API server defaults: the server accepts it but treats it
 * as unset, so the object silently gets the default instead of what the author wrote.
 */
function zeroMeansDefault(field: string, dflt: number, allowed: string): Violation {
  return viol('flowcontrol/zero-means-default', field,
    `is 0, which the API server treats as unset and replaces with ${dflt}`, 0, allowed,
    `Write ${dflt} to keep the default, or the value you mean`);
}

/** The upstream wording for a non-positive int field, or the type problem for a non-integer. */
function positive(value: unknown): string {
  return isInt(value) ? 'must be positive' : 'must be a positive integer';
}

/** The API server's defaulting of a queuing field: unset or 0 becomes the default. */
function defaulted(value: unknown, dflt: number): unknown {
  return value === undefined || value === null || value === 0 ? dflt : value;
}

// upstream: ValidatePriorityLevelQueuingConfiguration
function checkQueuing(q: Record<string, any>, f: string, out: Violation[]): void {
  if (q.queues === 0) out.push(zeroMeansDefault(`${f}.queues`, APF_DEFAULT_QUEUES, `1 to ${APF_MAX_QUEUES}`));
  if (q.handSize === 0) out.push(zeroMeansDefault(`${f}.handSize`, APF_DEFAULT_HAND_SIZE, '1 to queues'));
  if (q.queueLengthLimit === 0) out.push(zeroMeansDefault(`${f}.queueLengthLimit`, APF_DEFAULT_QUEUE_LENGTH_LIMIT, '1 or more'));
  const qll = defaulted(q.queueLengthLimit, APF_DEFAULT_QUEUE_LENGTH_LIMIT);
  if (!(isInt(qll) && qll > 0)) {
    out.push(viol('flowcontrol/queuing', `${f}.queueLengthLimit`, positive(qll), qll, '1 or more requests per queue'));
  }
  const queues = defaulted(q.queues, APF_DEFAULT_QUEUES);
  const queuesOk = isInt(queues) && queues > 0 && queues <= APF_MAX_QUEUES;
  if (!isInt(queues) || queues <= 0) {
    out.push(viol('flowcontrol/queuing', `${f}.queues`, positive(queues), queues, `1 to ${APF_MAX_QUEUES}`));
  } else if (queues > APF_MAX_QUEUES) {
    out.push(viol('flowcontrol/queuing', `${f}.queues`, `must not be greater than ${APF_MAX_QUEUES}`, queues, `1 to ${APF_MAX_QUEUES}`));
  }
  const hand = defaulted(q.handSize, APF_DEFAULT_HAND_SIZE);
  if (!isInt(hand) || hand <= 0) {
    out.push(viol('flowcontrol/hand-size', `${f}.handSize`, positive(hand), hand, '1 to queues'));
  } else if (isInt(queues) && hand > queues) {
    out.push(viol('flowcontrol/hand-size', `${f}.handSize`, `should not be greater than queues (${queues})`, hand, `1 to ${queues}`,
      'A hand is a set of distinct queues dealt to each flow; lower handSize or raise queues'));
  } else if (queuesOk) {
    const bits = apfRequiredEntropyBits(queues as number, hand);
    if (bits > APF_MAX_HASH_BITS) {
      out.push(viol('flowcontrol/entropy', `${f}.handSize`,
        `required entropy bits of deckSize ${queues} and handSize ${hand} should not be greater than ${APF_MAX_HASH_BITS} (shuffle sharding needs ceil(log2(queues) × handSize) = ${bits} bits of the 64-bit flow hash)`,
        hand, `handSize ≤ ${maxHandSize(queues as number)} for ${queues} queues`,
        `Lower handSize to ${maxHandSize(queues as number)} or use fewer queues`));
    }
  }
}

/** Largest hand size the entropy limit allows for `queues` queues (never more than `queues`). */
export function apfMaxHandSize(queues: number): number {
  return maxHandSize(queues);
}

function maxHandSize(queues: number): number {
  if (!(queues >= 1)) return 0;
  if (queues === 1) return 1;
  let h = Math.min(queues, Math.floor(APF_MAX_HASH_BITS / goLog2(queues)) + 1);
  while (h > 0 && apfRequiredEntropyBits(queues, h) > APF_MAX_HASH_BITS) h--;
  return h;
}

/** Registry entry: the flowcontrol v1 checker. */
export const FLOWCONTROL_CHECKER = {
  id: 'flowcontrol',
  apiVersions: [FLOWCONTROL_API_VERSION],
  kinds: ['FlowSchema', 'PriorityLevelConfiguration'],
  check: (obj: any): Violation[] => {
    try {
      return obj?.kind === 'FlowSchema' ? checkFlowSchema(obj) : checkPriorityLevelConfiguration(obj);
    } catch (e) {
      return [viol('flowcontrol/internal', '', 'could not be checked', String(e))];
    }
  },
};
