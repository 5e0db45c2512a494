/**
 * The placement, host and volume-source rules of a pod spec, as the 1.36 kube-apiserver
 * applies them on create, after defaulting (pkg/apis/core/v1/defaults.go) and after the pod
 * strategy has merged matchLabelKeys into label selectors (pkg/registry/core/pod/strategy.go).
 * Each function names the upstream function of pkg/apis/core/validation/validation.go it
 * follows. Pure; never throws on malformed input (the schema checker reports wrong types).
 */
import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue, checkQualifiedName, checkQuantity, isObject, relabel } from '../base/validators';

type Rule = 'sysctl' | 'dns' | 'host-alias' | 'affinity' | 'topology-spread' | 'projected-volume' | 'ephemeral-volume';

function v(rule: Rule, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

const KEY_SHAPE = "[DNS-1123 subdomain prefix '/'] name of at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
/** The accepted shape of each shared format rule, for the messages whose check gives none. */
const FORMAT_ALLOWED: Record<string, string> = {
  'format/label-key': KEY_SHAPE,
  'format/qualified-name': KEY_SHAPE,
  'format/label-value': "empty, or at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric",
  'format/dns1123-label': "at most 63 lower-case a-z, 0-9 and '-', starting and ending with a letter or digit",
  'format/dns1123-subdomain': "at most 253 characters of lower-case a-z, 0-9, '-' and '.', starting and ending with a letter or digit",
  'format/quantity': 'a quantity greater than zero, e.g. 1Gi',
  'format/required': 'a non-empty string',
  'format/type': 'a string',
};

/** A shared format finding under a pod rule's id, with the fix of that rule and always an `allowed` part. */
function asRule(x: Violation | undefined, checkId: string, fix: string): Violation | undefined {
  const r = relabel(x, checkId, fix);
  return r && r.allowed === undefined ? { ...r, allowed: FORMAT_ALLOWED[x!.checkId] } : r;
}

/** What the rules need to know about the object around the pod spec. */
export interface PodContext {
  /** The object is a Pod (not a template): ephemeral claim names and matchLabelKeys merging apply. */
  readonly isPod: boolean;
  /** `metadata.name` of the Pod. */
  readonly name?: string;
  /** `metadata.labels` of the Pod; empty for templates, whose selectors the server does not merge. */
  readonly labels: Record<string, unknown>;
}

const isSet = (x: unknown) => x !== undefined && x !== null;
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

// ---------------------------------------------------------------------------------------
// IP addresses

/** IPv4 octets; `strict` as netip.ParseAddr reads them (no leading zeros), else as ParseIPSloppy. */
function parseIPv4(s: string, strict: boolean): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const x of parts) {
    if (!/^[0-9]+$/.test(x) || (strict && x.length > 1 && x[0] === '0')) return undefined;
    const n = Number(x);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/**
 * IPv6 as 16 bytes: hex groups (`strict`: at most 4 digits, as netip.ParseAddr; else any
 * digits worth at most 0xffff, as ParseIPSloppy), one `::` standing for at least one group,
 * an optional IPv4 tail, no zone.
 */
function parseIPv6(s: string, strict: boolean): number[] | undefined {
  let rest = s;
  const groups: number[] = [];
  let ellipsis = -1;
  if (rest.startsWith('::')) {
    ellipsis = 0;
    rest = rest.slice(2);
  }
  while (rest !== '' && groups.length < 8) {
    const m = /^[0-9a-fA-F]+/.exec(rest);
    if (!m || (strict ? m[0].length > 4 : m[0].replace(/^0+(?=.)/, '').length > 4)) return undefined;
    if (rest[m[0].length] === '.') {
      // an IPv4 tail takes the last two groups
      if ((ellipsis < 0 && groups.length !== 6) || groups.length + 2 > 8) return undefined;
      const v4 = parseIPv4(rest, strict);
      if (!v4) return undefined;
      groups.push(v4[0] * 256 + v4[1], v4[2] * 256 + v4[3]);
      rest = '';
      break;
    }
    groups.push(parseInt(m[0], 16));
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (rest[0] !== ':' || rest.length === 1) return undefined;
    rest = rest.slice(1);
    if (rest[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = groups.length;
      rest = rest.slice(1);
    }
  }
  if (rest !== '') return undefined;
  if (ellipsis < 0 ? groups.length !== 8 : groups.length >= 8) return undefined;
  const full = ellipsis < 0 ? groups : [...groups.slice(0, ellipsis), ...new Array(8 - groups.length).fill(0), ...groups.slice(ellipsis)];
  return full.flatMap((g) => [Math.floor(g / 256), g % 256]);
}

function parseIP(s: string, strict: boolean): number[] | undefined {
  const sep = /[.:]/.exec(s);
  if (!sep) return undefined;
  return sep[0] === '.' ? parseIPv4(s, strict) : parseIPv6(s, strict);
}

/**
 * What IsValidIPForLegacyField says of a value, or undefined when it is valid. In 1.36
 * StrictIPCIDRValidation is beta and on by default, so the value must parse as
 * ParseIPSloppy reads it and then as netip.ParseAddr does (no leading zeros), and must not
 * be an IPv4-mapped IPv6 address. Non-canonical IPv6 ("FE80::0202:B3FF:FE1E:8329") passes.
 */
export function ipProblem(x: unknown): string | undefined {
  if (typeof x !== 'string' || !parseIP(x, false)) return 'must be a valid IP address';
  const strict = parseIP(x, true);
  if (!strict) return 'must not have leading 0s';
  if (strict.length === 16 && strict.slice(0, 10).every((b) => b === 0) && strict[10] === 0xff && strict[11] === 0xff) return 'must not be an IPv4-mapped IPv6 address';
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Sysctls: validateSysctls, ValidateHostSysctl, k8s.io/component-helpers/node/util/sysctl

const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const IPC_SYSCTLS = new Set(['kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced', 'kernel.shm', 'kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.msg']);

/** sysctl.NormalizeName: a name whose first separator is '/' has its '.' and '/' swapped. */
export function normalizeSysctlName(name: string): string {
  const sep = /[./]/.exec(name);
  if (!sep || sep[0] === '.') return name;
  return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
}

/** sysctl.GetNamespace: the kernel namespace of a sysctl (exact IPC names, `net.` and `fs.mqueue.` prefixes). */
export function sysctlNamespace(name: string): 'Net' | 'IPC' | undefined {
  let n = normalizeSysctlName(name);
  const star = n.indexOf('*');
  if (star !== -1) n = n.slice(0, star);
  if (IPC_SYSCTLS.has(n)) return 'IPC';
  if (n.startsWith('net.')) return 'Net';
  if (n.startsWith('fs.mqueue.')) return 'IPC';
  return undefined;
}

/**
 * validateSysctls (with ValidateHostSysctl, which runs on every name, valid or not), and
 * validateWindows, which refuses sysctls in a pod whose spec.os.name is windows.
 */
function checkSysctls(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: validateSysctls
  // upstream: ValidateHostSysctl
  // upstream: validateWindows
  const sc = isObject(spec.securityContext) ? spec.securityContext : {};
  if (isObject(spec.os) && spec.os.name === 'windows' && list(sc.sysctls).length > 0) {
    out.push(v('sysctl', `${p}.securityContext.sysctls`, 'cannot be set for a windows pod', sc.sysctls, 'none on Windows', 'Remove the sysctls, or run the pod on Linux'));
  }
  const names = new Set<string>();
  list(sc.sysctls).forEach((s: any, i) => {
    if (!isObject(s) || (isSet(s.name) && typeof s.name !== 'string')) return;
    const f = `${p}.securityContext.sysctls[${i}].name`;
    const name: string = typeof s.name === 'string' ? s.name : '';
    if (name === '') {
      out.push(v('sysctl', f, 'is required', s.name, 'a sysctl name such as net.ipv4.ip_unprivileged_port_start', 'Name the sysctl'));
    } else if (name.length > 253 || !SYSCTL_NAME.test(name)) {
      out.push(v('sysctl', f, 'must have at most 253 characters and match the sysctl naming rules', name, 'e.g. net.ipv4.ip_unprivileged_port_start', 'Use the sysctl name as /proc/sys spells it, with dots'));
    } else if (names.has(name)) {
      out.push(v('sysctl', f, 'must not be repeated', name, 'each sysctl once', 'Remove the duplicate'));
    }
    const ns = sysctlNamespace(name);
    if (spec.hostNetwork === true && ns === 'Net') {
      out.push(v('sysctl', f, "may not be specified when 'hostNetwork' is true", name, 'no net.* sysctls on the host network', 'Remove the sysctl or hostNetwork'));
    } else if (spec.hostIPC === true && ns === 'IPC') {
      out.push(v('sysctl', f, "may not be specified when 'hostIPC' is true", name, 'no IPC sysctls (kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*) with hostIPC', 'Remove the sysctl or hostIPC'));
    }
    names.add(name);
  });
}

// ---------------------------------------------------------------------------------------
// DNS: validateDNSPolicy, validatePodDNSConfig

const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_LIST_CHARS = 2048;
const DNS1123_SUBDOMAIN_WITH_UNDERSCORE = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;

/**
 * validateDNSPolicy and validatePodDNSConfig. An unset or empty dnsPolicy is defaulted to
 * ClusterFirst (SetDefaults_PodSpec) before validation. Search domains follow the relaxed
 * rule (RelaxedDNSSearchValidation, GA and locked on since 1.34): "." is allowed, one trailing
 * dot is dropped, and '_' may appear.
 */
function checkDns(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: validateDNSPolicy
  // upstream: validatePodDNSConfig
  const policy = spec.dnsPolicy;
  if (isSet(policy) && policy !== '' && !DNS_POLICIES.includes(policy as string)) {
    out.push(v('dns', `${p}.dnsPolicy`, 'is not supported', policy, DNS_POLICIES.join(', '), 'Use one of the DNS policies, or leave dnsPolicy unset for ClusterFirst'));
  }
  const dc = spec.dnsConfig;
  if (policy === 'None') {
    if (!isObject(dc)) {
      out.push(v('dns', `${p}.dnsConfig`, "must be set when DNS policy is 'None'", dc, 'a dnsConfig with 1 to 3 nameservers', 'Add dnsConfig.nameservers, or use another DNS policy'));
      return;
    }
    if (list(dc.nameservers).length === 0) {
      out.push(v('dns', `${p}.dnsConfig.nameservers`, "must provide at least one DNS nameserver when DNS policy is 'None'", dc.nameservers ?? [], '1 to 3 IP addresses', 'Add a nameserver to dnsConfig, or use another DNS policy'));
      return;
    }
  }
  if (!isObject(dc)) return;
  const ns = list(dc.nameservers);
  if (ns.length > MAX_DNS_NAMESERVERS) out.push(v('dns', `${p}.dnsConfig.nameservers`, `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`, ns, `at most ${MAX_DNS_NAMESERVERS}`, 'Keep three nameservers'));
  ns.forEach((n, i) => {
    const bad = ipProblem(n);
    if (bad) out.push(v('dns', `${p}.dnsConfig.nameservers[${i}]`, bad, n, 'an IPv4 or IPv6 address, e.g. 10.9.8.7 or 2001:db8::ffff', 'Give the nameserver by address'));
  });
  const searches = list(dc.searches);
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    out.push(v('dns', `${p}.dnsConfig.searches`, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`, searches.length, `at most ${MAX_DNS_SEARCH_PATHS}`, 'Drop search domains'));
  }
  const chars = searches.map((d) => (typeof d === 'string' ? d : '')).join(' ').length;
  if (chars > MAX_DNS_SEARCH_LIST_CHARS) {
    out.push(v('dns', `${p}.dnsConfig.searches`, `must not have more than ${MAX_DNS_SEARCH_LIST_CHARS} characters (including spaces) in the search list`, chars, `at most ${MAX_DNS_SEARCH_LIST_CHARS}`, 'Drop or shorten search domains'));
  }
  searches.forEach((d, i) => {
    if (typeof d !== 'string' || d === '.') return;
    const name = d.endsWith('.') ? d.slice(0, -1) : d;
    if (name.length > 253 || !DNS1123_SUBDOMAIN_WITH_UNDERSCORE.test(name)) {
      out.push(v('dns', `${p}.dnsConfig.searches[${i}]`, 'must be a DNS subdomain (underscores allowed) of at most 253 characters', d,
        "lower-case a-z, 0-9, '-', '_' and '.', each label starting and ending with a letter or digit (or a leading '_'); or \".\"", 'Use a domain name such as svc.cluster.local'));
    }
  });
  list(dc.options).forEach((o: any, i) => {
    if (isObject(o) && (typeof o.name !== 'string' || o.name === '')) {
      out.push(v('dns', `${p}.dnsConfig.options[${i}].name`, 'must not be empty', o.name, 'a resolver option such as ndots', 'Name the option'));
    }
  });
}

// ---------------------------------------------------------------------------------------
// Host aliases: ValidateHostAliases

/** ValidateHostAliases: IsValidIPForLegacyField (strict in 1.36) for `ip`, DNS-1123 subdomains as host names. */
function checkHostAliases(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: ValidateHostAliases
  list(spec.hostAliases).forEach((a: any, i) => {
    if (!isObject(a)) return;
    const ipBad = ipProblem(a.ip);
    if (ipBad) out.push(v('host-alias', `${p}.hostAliases[${i}].ip`, ipBad, a.ip, 'an IPv4 or IPv6 address', 'Give the address the host names resolve to'));
    list(a.hostnames).forEach((h, j) => {
      const bad = asRule(checkDns1123Subdomain(`${p}.hostAliases[${i}].hostnames[${j}]`, h), 'pod/host-alias', 'Use a host name such as db.internal');
      if (bad) out.push(bad);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Label selectors and label keys (apimachinery ValidateLabelSelector, ValidateLabelName)

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** metav1 validation.ValidateLabelSelector with AllowInvalidLabelValueInSelector off (a create). */
function checkLabelSelector(out: Violation[], rule: Rule, sel: unknown, f: string): void {
  if (!isObject(sel)) return;
  const push = (x: Violation | undefined, fix: string) => {
    if (x) out.push(asRule(x, `pod/${rule}`, fix)!);
  };
  if (isObject(sel.matchLabels)) {
    for (const [k, val] of Object.entries(sel.matchLabels)) {
      push(checkLabelKey(`${f}.matchLabels`, k), 'Use a label key');
      push(checkLabelValue(`${f}.matchLabels[${JSON.stringify(k)}]`, val), 'Use a label value');
    }
  }
  list(sel.matchExpressions).forEach((r: any, i) => {
    if (!isObject(r)) return;
    const ef = `${f}.matchExpressions[${i}]`;
    const vals = list(r.values);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if (vals.length === 0) out.push(v(rule, `${ef}.values`, `must be specified when operator is ${r.operator}`, r.values ?? [], 'one or more values', 'List the label values'));
    } else if (r.operator === 'Exists' || r.operator === 'DoesNotExist') {
      if (vals.length > 0) out.push(v(rule, `${ef}.values`, `may not be specified when operator is ${r.operator}`, vals, 'none', 'Remove the values'));
    } else {
      out.push(v(rule, `${ef}.operator`, 'is not a valid label selector operator', r.operator, SELECTOR_OPERATORS.join(', '), 'Use one of the operators'));
    }
    push(checkLabelKey(`${ef}.key`, r.key), 'Use a label key');
    vals.forEach((val, j) => push(checkLabelValue(`${ef}.values[${j}]`, val), 'Use a label value'));
  });
}

/**
 * ValidateMatchLabelKeysAndMismatchLabelKeys, on the selector as the server sees it: for a
 * Pod, the strategy first appends `key In (label value)` (matchLabelKeys) and `key NotIn
 * (label value)` (mismatchLabelKeys) for every key the pod's labels carry; a key that is
 * then in the selector twice is refused. Templates are validated without that merge.
 */
function checkLabelKeys(
  out: Violation[], rule: Rule, f: string, matchKeys: unknown, mismatchKeys: unknown, selector: unknown, ctx: PodContext,
): void {
  // upstream: validateMatchLabelKeysAndMismatchLabelKeys
  const match = list(matchKeys);
  const mismatch = list(mismatchKeys);
  for (const [keys, name] of [[match, 'matchLabelKeys'], [mismatch, 'mismatchLabelKeys']] as const) {
    if (keys.length === 0) continue;
    if (!isObject(selector)) {
      out.push(v(rule, `${f}.${name}`, 'must not be specified when labelSelector is not set', keys, 'unset, or a labelSelector to add the keys to', `Add a labelSelector, or remove ${name}`));
      continue;
    }
    keys.forEach((k, i) => {
      const bad = asRule(checkLabelKey(`${f}.${name}[${i}]`, k), `pod/${rule}`, 'Use a label key of the pod');
      if (bad) out.push(bad);
    });
  }
  if (isObject(selector)) {
    const matchIndex = new Map<unknown, number>();
    match.forEach((k, i) => matchIndex.set(k, i));
    const seen = new Set<unknown>(isObject(selector.matchLabels) ? Object.keys(selector.matchLabels) : []);
    const exprKeys: unknown[] = list(selector.matchExpressions).map((r: any) => (isObject(r) ? r.key : undefined));
    if (ctx.isPod) {
      for (const k of [...match, ...mismatch]) {
        if (typeof k === 'string' && Object.prototype.hasOwnProperty.call(ctx.labels, k)) exprKeys.push(k);
      }
    }
    for (const key of exprKeys) {
      const i = matchIndex.get(key);
      if (i !== undefined && seen.has(key)) {
        out.push(v(rule, `${f}.matchLabelKeys[${i}]`, 'exists in both matchLabelKeys and labelSelector', key, 'a key the labelSelector does not use',
          `Remove ${JSON.stringify(key)} from the labelSelector (matchLabelKeys adds it with the pod's own value) or from matchLabelKeys`));
      }
      seen.add(key);
    }
  }
  const mismatchSet = new Set(mismatch);
  match.forEach((k, i) => {
    if (mismatchSet.has(k)) {
      out.push(v(rule, `${f}.matchLabelKeys[${i}]`, 'exists in both matchLabelKeys and mismatchLabelKeys', k, 'a key in one of the two lists', 'Keep the key in one list'));
    }
  });
}

// ---------------------------------------------------------------------------------------
// Affinity: validateAffinity and the functions it calls

const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

/**
 * ValidateNodeSelectorRequirement: values by operator (Gt and Lt take exactly one value; the
 * server does not check here that it is an integer), the key as a label name, and, in
 * required terms only, each value as a label value.
 */
function checkNodeRequirement(out: Violation[], r: any, f: string, checkValues: boolean): void {
  // upstream: ValidateNodeSelectorRequirement
  if (!isObject(r)) return;
  const vals = list(r.values);
  const op = r.operator;
  if (op === 'In' || op === 'NotIn') {
    if (vals.length === 0) out.push(v('affinity', `${f}.values`, `must be specified when operator is ${op}`, r.values ?? [], 'one or more values', 'List the label values'));
  } else if (op === 'Exists' || op === 'DoesNotExist') {
    if (vals.length > 0) out.push(v('affinity', `${f}.values`, `may not be specified when operator is ${op}`, vals, 'none', 'Remove the values'));
  } else if (op === 'Gt' || op === 'Lt') {
    if (vals.length !== 1) out.push(v('affinity', `${f}.values`, `must have exactly one value when operator is ${op}`, r.values ?? [], 'one value, e.g. ["4"]', 'Give one value (an integer, for the scheduler to compare)'));
  } else {
    out.push(v('affinity', `${f}.operator`, 'is not a valid node selector operator', op, NODE_OPERATORS.join(', '), 'Use one of the operators'));
  }
  const key = asRule(checkLabelKey(`${f}.key`, r.key), 'pod/affinity', 'Use a node label key such as topology.kubernetes.io/zone');
  if (key) out.push(key);
  if (!checkValues) return;
  vals.forEach((val, j) => {
    const bad = asRule(checkLabelValue(`${f}.values[${j}]`, val), 'pod/affinity', 'Use a node label value');
    if (bad) out.push(bad);
  });
}

/** ValidateNodeFieldSelectorRequirement: only `metadata.name`, In or NotIn with exactly one node name. */
function checkNodeFieldRequirement(out: Violation[], r: any, f: string): void {
  // upstream: ValidateNodeFieldSelectorRequirement
  if (!isObject(r)) return;
  const vals = list(r.values);
  if (r.operator === 'In' || r.operator === 'NotIn') {
    if (vals.length !== 1) out.push(v('affinity', `${f}.values`, `must have exactly one value when operator is ${r.operator} in a node field selector`, r.values ?? [], 'one node name', 'Give one node name'));
  } else {
    out.push(v('affinity', `${f}.operator`, 'is not a valid node field selector operator', r.operator, 'In, NotIn', 'Use In or NotIn'));
  }
  if (r.key !== 'metadata.name') {
    out.push(v('affinity', `${f}.key`, 'is not a valid node field selector key', r.key, 'metadata.name', 'Select nodes by metadata.name, or use matchExpressions for labels'));
    return;
  }
  vals.forEach((val, j) => {
    const bad = asRule(checkDns1123Subdomain(`${f}.values[${j}]`, val), 'pod/affinity', 'Give the name of a node');
    if (bad) out.push(bad);
  });
}

/** ValidateNodeSelectorTerm: matchExpressions and matchFields. */
function checkNodeSelectorTerm(out: Violation[], term: unknown, f: string, checkValues: boolean): void {
  // upstream: ValidateNodeSelectorTerm
  if (!isObject(term)) return;
  list(term.matchExpressions).forEach((r, j) => checkNodeRequirement(out, r, `${f}.matchExpressions[${j}]`, checkValues));
  list(term.matchFields).forEach((r, j) => checkNodeFieldRequirement(out, r, `${f}.matchFields[${j}]`));
}

/** validateWeightedPodAffinityTerms, ValidatePreferredSchedulingTerms: weight 1-100. */
function checkWeight(out: Violation[], w: unknown, f: string): void {
  // upstream: ValidatePreferredSchedulingTerms
  // upstream: validateWeightedPodAffinityTerms
  if (!(typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= 100)) {
    out.push(v('affinity', f, 'must be in the range 1-100', w, '1-100', 'Give the preference a weight from 1 to 100'));
  }
}

/**
 * validatePodAffinityTerm: labelSelector and namespaceSelector (ValidatePodAffinityTermSelector),
 * namespaces as namespace names, matchLabelKeys/mismatchLabelKeys, and a non-empty topologyKey
 * that is a label name.
 */
function checkPodAffinityTerm(out: Violation[], term: unknown, f: string, ctx: PodContext): void {
  // upstream: validatePodAffinityTerm
  // upstream: ValidatePodAffinityTermSelector
  // a weighted term without podAffinityTerm is validated as an empty term, as Go's zero value is
  const t: Record<string, any> = isObject(term) ? term : {};
  if (isSet(term) && !isObject(term)) return;
  checkLabelSelector(out, 'affinity', t.labelSelector, `${f}.labelSelector`);
  checkLabelSelector(out, 'affinity', t.namespaceSelector, `${f}.namespaceSelector`);
  list(t.namespaces).forEach((n, i) => {
    const bad = asRule(checkDns1123Label(`${f}.namespaces[${i}]`, n), 'pod/affinity', 'Name a namespace');
    if (bad) out.push(bad);
  });
  checkLabelKeys(out, 'affinity', f, t.matchLabelKeys, t.mismatchLabelKeys, t.labelSelector, ctx);
  if (typeof t.topologyKey !== 'string' || t.topologyKey === '') {
    out.push(v('affinity', `${f}.topologyKey`, 'can not be empty', t.topologyKey, 'a node label key such as kubernetes.io/hostname', 'Name the node label that defines the domain'));
  } else {
    const bad = asRule(checkLabelKey(`${f}.topologyKey`, t.topologyKey), 'pod/affinity', 'Use a node label key such as kubernetes.io/hostname');
    if (bad) out.push(bad);
  }
}

/**
 * validateAffinity: validateNodeAffinity (ValidateNodeSelector for the required terms, with
 * label values checked; ValidatePreferredSchedulingTerms, whose values are not checked),
 * validatePodAffinity and validatePodAntiAffinity (validatePodAffinityTerms,
 * validateWeightedPodAffinityTerms).
 */
function checkAffinity(out: Violation[], spec: Record<string, any>, p: string, ctx: PodContext): void {
  // upstream: validateAffinity
  // upstream: validateNodeAffinity
  // upstream: ValidateNodeSelector
  // upstream: validatePodAffinity
  // upstream: validatePodAntiAffinity
  // upstream: validatePodAffinityTerms
  const aff = isObject(spec.affinity) ? spec.affinity : {};
  if (isObject(aff.nodeAffinity)) {
    const na = aff.nodeAffinity;
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (isObject(req)) {
      const f = `${p}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      const terms = list(req.nodeSelectorTerms);
      if (terms.length === 0) out.push(v('affinity', f, 'must have at least one node selector term', req.nodeSelectorTerms ?? [], 'one or more terms', 'Add a term with matchExpressions or matchFields'));
      terms.forEach((t, i) => checkNodeSelectorTerm(out, t, `${f}[${i}]`, true));
    }
    list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t: any, i) => {
      if (!isObject(t)) return;
      const f = `${p}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(out, t.weight, `${f}.weight`);
      checkNodeSelectorTerm(out, t.preference, `${f}.preference`, false);
    });
  }
  for (const key of ['podAffinity', 'podAntiAffinity']) {
    const a = aff[key];
    if (!isObject(a)) continue;
    list(a.requiredDuringSchedulingIgnoredDuringExecution)
      .forEach((t, i) => checkPodAffinityTerm(out, t, `${p}.affinity.${key}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, ctx));
    list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t: any, i) => {
      if (!isObject(t)) return;
      const f = `${p}.affinity.${key}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      checkWeight(out, t.weight, `${f}.weight`);
      checkPodAffinityTerm(out, t.podAffinityTerm, `${f}.podAffinityTerm`, ctx);
    });
  }
}

// ---------------------------------------------------------------------------------------
// Topology spread: validateTopologySpreadConstraints

const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];

/**
 * validateTopologySpreadConstraints: maxSkew > 0, a non-empty topologyKey (its format is not
 * checked), whenUnsatisfiable, one constraint per {topologyKey, whenUnsatisfiable} (reported
 * on the first of the pair), minDomains > 0 and only with DoNotSchedule (each reported),
 * nodeAffinityPolicy and nodeTaintsPolicy, matchLabelKeys as ValidateMatchLabelKeysAndMismatchLabelKeys
 * checks them with MatchLabelKeysInPodTopologySpreadSelectorMerge (on by default in 1.36),
 * and the labelSelector (AllowInvalidTopologySpreadConstraintLabelSelector is only for updates).
 * Nothing here is defaulted by the server.
 */
function checkTopologySpread(out: Violation[], spec: Record<string, any>, p: string, ctx: PodContext): void {
  // upstream: validateTopologySpreadConstraints
  // upstream: ValidateMaxSkew
  // upstream: validateMinDomains
  // upstream: ValidateTopologyKey
  // upstream: ValidateWhenUnsatisfiable
  // upstream: ValidateSpreadConstraintNotRepeat
  // upstream: validateNodeInclusionPolicy
  // upstream: validateMatchLabelKeysInTopologySpread
  const constraints = list(spec.topologySpreadConstraints);
  constraints.forEach((c: any, i) => {
    if (!isObject(c)) return;
    const f = `${p}.topologySpreadConstraints[${i}]`;
    if (!(typeof c.maxSkew === 'number' && Number.isInteger(c.maxSkew) && c.maxSkew > 0)) {
      out.push(v('topology-spread', `${f}.maxSkew`, 'must be greater than zero', c.maxSkew, '1 or more', 'Use maxSkew 1 for an even spread'));
    }
    if (typeof c.topologyKey !== 'string' || c.topologyKey === '') {
      out.push(v('topology-spread', `${f}.topologyKey`, 'can not be empty', c.topologyKey, 'a node label key such as topology.kubernetes.io/zone', 'Name the node label that defines the domain'));
    }
    if (!WHEN_UNSATISFIABLE.includes(c.whenUnsatisfiable)) {
      out.push(v('topology-spread', `${f}.whenUnsatisfiable`, 'is not supported', c.whenUnsatisfiable, WHEN_UNSATISFIABLE.join(', '), 'Use DoNotSchedule or ScheduleAnyway'));
    }
    const repeated = constraints.slice(i + 1)
      .some((o: any) => isObject(o) && o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable);
    if (repeated) {
      out.push(v('topology-spread', `${f}.{topologyKey, whenUnsatisfiable}`, 'must not be repeated by a later constraint', `{${c.topologyKey}, ${c.whenUnsatisfiable}}`,
        'one constraint per topologyKey and whenUnsatisfiable', 'Merge the constraints'));
    }
    if (isSet(c.minDomains)) {
      if (!(typeof c.minDomains === 'number' && Number.isInteger(c.minDomains) && c.minDomains > 0)) {
        out.push(v('topology-spread', `${f}.minDomains`, 'must be greater than zero', c.minDomains, '1 or more', 'Use 1 or more, or leave minDomains unset'));
      }
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        out.push(v('topology-spread', `${f}.minDomains`, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable ?? ''}`, c.minDomains, 'unset unless whenUnsatisfiable is DoNotSchedule',
          'Remove minDomains or use DoNotSchedule'));
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (isSet(c[policy]) && !NODE_INCLUSION_POLICIES.includes(c[policy] as string)) {
        out.push(v('topology-spread', `${f}.${policy}`, 'is not supported', c[policy], NODE_INCLUSION_POLICIES.join(', '), 'Use Honor or Ignore, or leave it unset'));
      }
    }
    checkLabelKeys(out, 'topology-spread', f, c.matchLabelKeys, undefined, c.labelSelector, ctx);
    checkLabelSelector(out, 'topology-spread', c.labelSelector, `${f}.labelSelector`);
  });
}

// ---------------------------------------------------------------------------------------
// Projected volumes: validateProjectedVolumeSource, validateProjectionSources

const MAX_FILE_MODE = 0o777;
const TOKEN_MIN_SECONDS = 10 * 60;
const TOKEN_MAX_SECONDS = 2 ** 32;
/** The projection kinds every 1.36 server accepts (clusterTrustBundle and podCertificate depend on feature gates). */
const GA_PROJECTIONS = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken'];

/** ValidateLocalNonReservedPath: relative, no '..' element, not starting with '..'. */
function localPathProblem(path: string): string | undefined {
  if (path.startsWith('/')) return 'must be a relative path';
  if (path.replace(/\\/g, '/').split('/').includes('..')) return "must not contain '..'";
  if (path.startsWith('..')) return "must not start with '..'";
  return undefined;
}

function checkFileMode(out: Violation[], mode: unknown, f: string): void {
  if (typeof mode === 'number' && (mode < 0 || mode > MAX_FILE_MODE)) {
    out.push(v('projected-volume', f, 'must be a number between 0 and 0777 (octal), both inclusive', mode, '0 to 511 (0o777)', 'Use a file mode such as 0o644 (420)'));
  }
}

function checkFilePath(out: Violation[], path: unknown, f: string, fix: string): void {
  if (typeof path !== 'string' || path === '') {
    out.push(v('projected-volume', f, 'is required', path, 'a relative file name', fix));
    return;
  }
  const bad = localPathProblem(path);
  if (bad) out.push(v('projected-volume', f, bad, path, 'a relative path without ".." elements', fix));
}

const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/**
 * validateDownwardAPIVolumeFile: exactly one of fieldRef (validateObjectFieldSelector over the
 * volume field paths; `metadata.labels['k']` and `metadata.annotations['k']` take a qualified
 * name) and resourceFieldRef (validateContainerResourceFieldSelector: a volume names its
 * container; limits/requests of cpu, memory, ephemeral-storage or hugepages-*).
 */
function checkDownwardAPIFile(out: Violation[], item: Record<string, any>, f: string): void {
  // upstream: validateDownwardAPIVolumeFile
  // upstream: validateObjectFieldSelector
  // upstream: validateContainerResourceFieldSelector
  const field = item.fieldRef;
  const resource = item.resourceFieldRef;
  if (isSet(field) && isSet(resource)) {
    out.push(v('projected-volume', f, 'may not set both fieldRef and resourceFieldRef', item, 'one of fieldRef, resourceFieldRef', 'Keep one reference per file'));
  } else if (!isSet(field) && !isSet(resource)) {
    out.push(v('projected-volume', f, 'must set one of fieldRef and resourceFieldRef', item, 'fieldRef or resourceFieldRef', 'Say which pod field or container resource the file holds'));
  }
  if (isObject(field) && typeof field.fieldPath === 'string' && field.fieldPath !== '') {
    const path: string = field.fieldPath;
    const sub = /^(.+)\['(.*)'\]$/.exec(path);
    if (sub && (sub[1] === 'metadata.labels' || sub[1] === 'metadata.annotations')) {
      const bad = asRule(checkQualifiedName(`${f}.fieldRef.fieldPath`, sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2]), 'pod/projected-volume', 'Name a label or annotation key');
      if (bad) out.push(bad);
    } else if (!VOLUME_FIELD_PATHS.includes(path)) {
      out.push(v('projected-volume', `${f}.fieldRef.fieldPath`, 'is not supported in a volume', path, `${VOLUME_FIELD_PATHS.join(', ')}, or metadata.labels['<key>'] / metadata.annotations['<key>']`,
        'Use an environment variable for other pod fields'));
    }
  } else if (isObject(field)) {
    out.push(v('projected-volume', `${f}.fieldRef.fieldPath`, 'is required', field.fieldPath, 'a pod field such as metadata.labels', 'Name the pod field'));
  }
  if (isObject(resource)) {
    if (typeof resource.containerName !== 'string' || resource.containerName === '') {
      out.push(v('projected-volume', `${f}.resourceFieldRef.containerName`, 'is required in a volume', resource.containerName, 'the name of a container of the pod', 'Name the container whose resources the file shows'));
    } else if (typeof resource.resource !== 'string' || resource.resource === '') {
      out.push(v('projected-volume', `${f}.resourceFieldRef.resource`, 'is required', resource.resource, RESOURCE_FIELD_PATHS.join(', '), 'Name the resource, e.g. limits.memory'));
    } else if (!RESOURCE_FIELD_PATHS.includes(resource.resource) && !/^(limits|requests)\.hugepages-/.test(resource.resource)) {
      out.push(v('projected-volume', `${f}.resourceFieldRef.resource`, 'is not supported', resource.resource, `${RESOURCE_FIELD_PATHS.join(', ')}, limits.hugepages-<size>, requests.hugepages-<size>`,
        'Use one of the container resources'));
    }
  }
}

/**
 * validateProjectedVolumeSource and validateProjectionSources for the GA projections: the
 * default mode, one kind per source, the items of secret, configMap and downwardAPI sources
 * (validateKeyToPath, validateDownwardAPIVolumeFile paths and modes), no file path used twice,
 * and the service account token: 600 to 2^32 seconds (the default, 3600, is set by
 * SetDefaults_ServiceAccountTokenProjection) and a local path.
 */
function checkProjected(out: Violation[], projected: unknown, f: string): void {
  // upstream: validateProjectedVolumeSource
  // upstream: validateProjectionSources
  if (!isObject(projected)) return;
  checkFileMode(out, projected.defaultMode, `${f}.defaultMode`);
  const paths = new Set<string>();
  const claim = (path: unknown, pf: string) => {
    if (typeof path !== 'string' || path === '') return;
    if (paths.has(path)) out.push(v('projected-volume', pf, 'must not repeat the path of another projected file', path, 'a path no other source of the volume writes', 'Give each projected file its own path'));
    paths.add(path);
  };
  list(projected.sources).forEach((src: any, j) => {
    if (!isObject(src)) return;
    const sf = `${f}.sources[${j}]`;
    const kinds = GA_PROJECTIONS.filter((k) => isSet(src[k]));
    if (kinds.length > 1) {
      out.push(v('projected-volume', sf, 'may not specify more than 1 volume type per source', kinds, `one of ${GA_PROJECTIONS.join(', ')}`, 'Put each projection in its own source'));
    }
    for (const kind of ['secret', 'configMap']) {
      if (!isObject(src[kind])) continue;
      list(src[kind].items).forEach((item: any, k) => {
        if (!isObject(item)) return;
        const itf = `${sf}.${kind}.items[${k}]`;
        if (typeof item.key !== 'string' || item.key === '') out.push(v('projected-volume', `${itf}.key`, 'is required', item.key, `a key of the ${kind === 'secret' ? 'Secret' : 'ConfigMap'}`, 'Name the key to project'));
        checkFilePath(out, item.path, `${itf}.path`, 'Give a relative file name such as config.yaml');
        checkFileMode(out, item.mode, `${itf}.mode`);
        claim(item.path, `${itf}.path`);
      });
    }
    if (isObject(src.downwardAPI)) {
      list(src.downwardAPI.items).forEach((item: any, k) => {
        if (!isObject(item)) return;
        const itf = `${sf}.downwardAPI.items[${k}]`;
        checkFilePath(out, item.path, `${itf}.path`, 'Give a relative file name such as labels');
        checkDownwardAPIFile(out, item, itf);
        checkFileMode(out, item.mode, `${itf}.mode`);
        claim(item.path, `${itf}.path`);
      });
    }
    const t = src.serviceAccountToken;
    if (!isObject(t)) return;
    const tf = `${sf}.serviceAccountToken`;
    const exp = t.expirationSeconds;
    if (typeof exp === 'number' && exp < TOKEN_MIN_SECONDS) {
      out.push(v('projected-volume', `${tf}.expirationSeconds`, 'may not specify a duration less than 10 minutes', exp, '600 to 4294967296', 'Use at least 600 seconds; the kubelet renews the token at 80% of its life'));
    } else if (typeof exp === 'number' && exp > TOKEN_MAX_SECONDS) {
      out.push(v('projected-volume', `${tf}.expirationSeconds`, 'may not specify a duration larger than 2^32 seconds', exp, '600 to 4294967296', 'Use a shorter lifetime, e.g. 3600'));
    }
    checkFilePath(out, t.path, `${tf}.path`, 'Give the file name of the token, e.g. token');
  });
}

// ---------------------------------------------------------------------------------------
// Generic ephemeral volumes: validateEphemeralVolumeSource, ValidatePersistentVolumeClaimTemplate

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

/** A TypedLocalObjectReference/TypedObjectReference of a claim spec (validateDataSource, validateDataSourceRef). */
function checkDataSource(out: Violation[], ref: any, f: string): void {
  // upstream: validateDataSource
  // upstream: validateDataSourceRef
  if (!isObject(ref)) return;
  if (typeof ref.name !== 'string' || ref.name === '') out.push(v('ephemeral-volume', `${f}.name`, 'is required', ref.name, 'the name of the source object', 'Name the source'));
  if (typeof ref.kind !== 'string' || ref.kind === '') out.push(v('ephemeral-volume', `${f}.kind`, 'is required', ref.kind, 'e.g. PersistentVolumeClaim or VolumeSnapshot', 'Give the kind of the source'));
  const group = typeof ref.apiGroup === 'string' ? ref.apiGroup : '';
  if (group === '' && ref.kind !== 'PersistentVolumeClaim') {
    out.push(v('ephemeral-volume', f, "must be 'PersistentVolumeClaim' when referencing the default apiGroup", ref.kind, 'PersistentVolumeClaim, or set apiGroup', 'Set apiGroup (e.g. snapshot.storage.k8s.io) or clone a PersistentVolumeClaim'));
  } else if (group !== '') {
    const bad = asRule(checkDns1123Subdomain(`${f}.apiGroup`, group), 'pod/ephemeral-volume', 'Use an API group such as snapshot.storage.k8s.io');
    if (bad) out.push(bad);
  }
  if (typeof ref.namespace === 'string' && ref.namespace !== '') {
    const bad = asRule(checkDns1123Label(`${f}.namespace`, ref.namespace), 'pod/ephemeral-volume', 'Name a namespace');
    if (bad) out.push(bad);
  }
}

/**
 * validateEphemeralVolumeSource: a volumeClaimTemplate whose metadata has only labels and
 * annotations (ValidateTemplateObjectMeta) and whose spec passes ValidatePersistentVolumeClaimSpec
 * (access modes, a positive storage request, class names, volume mode, selector, data
 * sources). In a Pod, `<pod name>-<volume name>` names the claim and must be a DNS subdomain.
 */
function checkEphemeral(out: Violation[], vol: Record<string, any>, f: string, ctx: PodContext): void {
  // upstream: validateEphemeralVolumeSource
  // upstream: ValidatePersistentVolumeClaimTemplate
  // upstream: ValidateTemplateObjectMeta
  // upstream: ValidatePersistentVolumeClaimSpec
  const eph = vol.ephemeral;
  if (!isObject(eph)) return;
  const tf = `${f}.ephemeral.volumeClaimTemplate`;
  const tmpl = eph.volumeClaimTemplate;
  if (!isObject(tmpl)) {
    out.push(v('ephemeral-volume', tf, 'is required', tmpl, 'a claim template with a spec', 'Describe the claim (access modes and storage request)'));
    return;
  }
  const push = (x: Violation | undefined, fix: string) => {
    if (x) out.push(asRule(x, 'pod/ephemeral-volume', fix)!);
  };
  if (isObject(tmpl.metadata)) {
    for (const [k, val] of Object.entries(tmpl.metadata)) {
      const empty = !isSet(val) || val === '' || (Array.isArray(val) && val.length === 0) || (isObject(val) && Object.keys(val).length === 0) || val === 0;
      if (k !== 'labels' && k !== 'annotations' && !empty) {
        out.push(v('ephemeral-volume', `${tf}.metadata.${k}`, 'cannot be set', val, 'labels, annotations', 'Remove it: the claim is named <pod>-<volume> and lives in the pod\'s namespace'));
      }
    }
    if (isObject(tmpl.metadata.labels)) {
      for (const [k, val] of Object.entries(tmpl.metadata.labels)) {
        push(checkLabelKey(`${tf}.metadata.labels`, k), 'Use a label key');
        push(checkLabelValue(`${tf}.metadata.labels[${JSON.stringify(k)}]`, val), 'Use a label value');
      }
    }
    if (isObject(tmpl.metadata.annotations)) {
      for (const k of Object.keys(tmpl.metadata.annotations)) push(checkQualifiedName(`${tf}.metadata.annotations`, k.toLowerCase()), 'Use an annotation key such as example.com/note');
    }
  }
  const spec = isObject(tmpl.spec) ? tmpl.spec : {};
  const sf = `${tf}.spec`;
  const modes = list(spec.accessModes);
  if (modes.length === 0) out.push(v('ephemeral-volume', `${sf}.accessModes`, 'must have at least 1 access mode', spec.accessModes, ACCESS_MODES.join(', '), 'Add an access mode, e.g. ReadWriteOnce'));
  modes.forEach((m) => {
    if (!ACCESS_MODES.includes(m as string)) out.push(v('ephemeral-volume', `${sf}.accessModes`, 'is not supported', m, ACCESS_MODES.join(', '), 'Use one of the access modes'));
  });
  if (modes.includes('ReadWriteOncePod') && modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string))) {
    out.push(v('ephemeral-volume', `${sf}.accessModes`, 'may not use ReadWriteOncePod with other access modes', modes, 'ReadWriteOncePod alone', 'Use ReadWriteOncePod alone, or drop it'));
  }
  checkLabelSelector(out, 'ephemeral-volume', spec.selector, `${sf}.selector`);
  const sfield = `${sf}.resources.requests.storage`;
  const storage = isObject(spec.resources) && isObject(spec.resources.requests) ? spec.resources.requests.storage : undefined;
  if (storage === undefined) out.push(v('ephemeral-volume', sfield, 'is required', storage, 'a quantity such as 1Gi', 'Request a size'));
  else push(checkQuantity(sfield, storage, { positive: true }), 'Write e.g. "1Gi"');
  for (const k of ['storageClassName', 'volumeAttributesClassName']) {
    if (typeof spec[k] === 'string' && spec[k] !== '') push(checkDns1123Subdomain(`${sf}.${k}`, spec[k]), `Name an existing ${k === 'storageClassName' ? 'StorageClass' : 'VolumeAttributesClass'}`);
  }
  if (isSet(spec.volumeMode) && !VOLUME_MODES.includes(spec.volumeMode as string)) {
    out.push(v('ephemeral-volume', `${sf}.volumeMode`, 'is not supported', spec.volumeMode, VOLUME_MODES.join(', '), 'Use Filesystem (the default) or Block'));
  }
  checkDataSource(out, spec.dataSource, `${sf}.dataSource`);
  checkDataSource(out, spec.dataSourceRef, `${sf}.dataSourceRef`);
  const ds = spec.dataSource;
  const ref = spec.dataSourceRef;
  if (isObject(ref) && typeof ref.namespace === 'string' && ref.namespace !== '') {
    if (isObject(ds)) out.push(v('ephemeral-volume', `${sf}.dataSource`, 'may not be specified when dataSourceRef.namespace is specified', ds, 'unset', 'Remove dataSource and keep dataSourceRef'));
  } else if (isObject(ds) && isObject(ref) && !((ds.apiGroup ?? null) === (ref.apiGroup ?? null) && ds.kind === ref.kind && ds.name === ref.name)) {
    out.push(v('ephemeral-volume', `${sf}.dataSource`, 'must match dataSourceRef', ds, renderValue({ apiGroup: ref.apiGroup, kind: ref.kind, name: ref.name }), 'Set only dataSourceRef, or make the two equal'));
  }
  if (ctx.isPod && typeof ctx.name === 'string' && ctx.name !== '' && typeof vol.name === 'string' && vol.name !== '') {
    const claim = `${ctx.name}-${vol.name}`;
    const bad = checkDns1123Subdomain(`${f}.name`, claim);
    if (bad) {
      out.push(v('ephemeral-volume', `${f}.name`, `gives the claim name ${JSON.stringify(claim)}, which ${bad.problem}`, vol.name, 'a pod and volume name that together form a DNS-1123 subdomain of at most 253 characters',
        'Shorten the pod or the volume name'));
    }
  }
}

/**
 * The rules of this file over one pod spec, in about the order ValidatePodSpec runs them:
 * volumes (projected, ephemeral), sysctls, affinity, DNS policy and config, topology spread,
 * host aliases.
 */
export function checkPlacement(out: Violation[], spec: Record<string, any>, p: string, ctx: PodContext): void {
  list(spec.volumes).forEach((vol: any, i) => {
    if (!isObject(vol)) return;
    checkProjected(out, vol.projected, `${p}.volumes[${i}].projected`);
    checkEphemeral(out, vol, `${p}.volumes[${i}]`, ctx);
  });
  checkSysctls(out, spec, p);
  checkAffinity(out, spec, p, ctx);
  checkDns(out, spec, p);
  checkTopologySpread(out, spec, p, ctx);
  checkHostAliases(out, spec, p);
}
