/**
 * Server-side rules for pod specs (core/v1 `ValidatePodSpec` as far as the fact sheet and
 * this library's constructs need them), over every kind that carries a pod spec. Pure;
 * registered in the registry for Pod, PodTemplate, ReplicationController, Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Job and CronJob.
 */
import { renderValue, Violation } from './errors';
import { containersOf, podSpecsOf } from './pod-spec';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue, checkQuantity, isObject, parseQuantity, relabel } from './validators';


function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

function checkProfile(out: Violation[], profile: unknown, field: string, what: 'seccompProfile' | 'appArmorProfile'): void {
  if (!isObject(profile)) return;
  const local = profile.localhostProfile;
  const hasLocal = local !== undefined && local !== null && local !== '';
  if (profile.type === 'Localhost' && !hasLocal) {
    out.push(v('localhost-profile', `${field}.localhostProfile`, 'must be set when type is Localhost', local, 'a profile name or path',
      what === 'seccompProfile' ? 'Give the path of the profile relative to the kubelet seccomp directory' : 'Give the name of the AppArmor profile loaded on the node'));
  } else if (profile.type !== 'Localhost' && hasLocal) {
    out.push(v('localhost-profile', `${field}.localhostProfile`, 'may only be set when type is Localhost', local, 'unset', `Set ${what}.type: Localhost or remove localhostProfile`));
  }
  if (what === 'seccompProfile' && profile.type === 'Localhost' && typeof local === 'string' && (local.startsWith('/') || local.split('/').includes('..'))) {
    out.push(v('localhost-profile', `${field}.localhostProfile`, 'must be a descending path relative to the kubelet seccomp directory', local, 'a relative path without parent-directory segments', 'e.g. "profiles/app.json"'));
  }
}

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** The rules. */
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** nodeSelector (ValidateLabels), tolerations (ValidateTolerations), priorityClassName (DNS subdomain). */
function checkScheduling(out: Violation[], spec: Record<string, any>, p: string): void {
  const push = (x: Violation | undefined) => {
    if (x) out.push(x);
  };
  if (isObject(spec.nodeSelector)) {
    for (const [k, val] of Object.entries(spec.nodeSelector)) {
      const f = `${p}.nodeSelector[${JSON.stringify(k)}]`;
      push(relabel(checkLabelKey(f, k), 'pod/node-selector', 'Use a node label key such as "kubernetes.io/arch" or "node.example.com/pool"'));
      push(relabel(checkLabelValue(f, val), 'pod/node-selector', 'Use a label value: at most 63 characters, alphanumerics with "-", "_" or "." inside'));
    }
  }
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName !== '') {
    push(relabel(checkDns1123Subdomain(`${p}.priorityClassName`, spec.priorityClassName), 'pod/priority-class-name', 'Name an existing PriorityClass'));
  }
  if (!Array.isArray(spec.tolerations)) return;
  spec.tolerations.forEach((t: any, i: number) => {
    if (!isObject(t)) return;
    const f = `${p}.tolerations[${i}]`;
    const key = typeof t.key === 'string' ? t.key : '';
    const op = t.operator ?? '';
    const value = typeof t.value === 'string' ? t.value : '';
    if (key !== '') push(relabel(checkLabelKey(`${f}.key`, key), 'pod/toleration', 'Use the taint key, e.g. "nvidia.com/gpu"'));
    if (key === '' && op !== 'Exists') {
      out.push(v('toleration', `${f}.operator`, 'must be Exists when key is empty (which means "match all values and all keys")', op, 'Exists', 'Set the taint key, or operator: Exists to tolerate every taint'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      out.push(v('toleration', `${f}.effect`, "must be 'NoExecute' when tolerationSeconds is set", t.effect ?? '', 'NoExecute', 'Set effect: NoExecute, or remove tolerationSeconds'));
    }
    if (op === 'Equal' || op === '') {
      push(relabel(checkLabelValue(`${f}.value`, value), 'pod/toleration', 'Use the taint value (a label value)'));
    } else if (op === 'Exists') {
      if (value !== '') out.push(v('toleration', `${f}.value`, "must be empty when operator is 'Exists'", value, 'empty', 'Remove the value, or use operator: Equal'));
    } else {
      out.push(v('toleration', `${f}.operator`, 'is not supported', op, 'Equal, Exists', 'Use Equal or Exists (Gt and Lt need a feature gate that is not GA; this library does not assume it)'));
    }
    if (typeof t.effect === 'string' && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) {
      out.push(v('toleration', `${f}.effect`, 'is not supported', t.effect, TAINT_EFFECTS.join(', '), 'Use one of the taint effects, or leave it unset to match all'));
    }
  });
}

const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const NODE_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const IPV4 = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

function isIp(x: unknown): boolean {
  return typeof x === 'string' && (IPV4.test(x) || (/^[0-9a-fA-F:.]+$/.test(x) && x.includes(':') && x.split('::').length <= 2));
}

/**
 * An IP in a legacy field (hostAliases[].ip, dnsConfig.nameservers): apimachinery's
 * IsValidIPForLegacyField parses these sloppily, so IPv4 octets with leading zeros
 * ("010.0.0.1") are accepted (the server warns) where a strict field refuses them.
 */
function isLegacyIp(x: unknown): boolean {
  if (isIp(x)) return true;
  const m = typeof x === 'string' ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(x) : null;
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** validatePodDNSConfig: the search domains joined by spaces may have at most this many characters. */
const MAX_DNS_SEARCH_CHARS = 2048;

/**
 * The placement and host settings of a pod spec, after pkg/apis/core/validation/validation.go:
 * validateSysctls, validateDNSPolicy and validatePodDNSConfig, ValidateHostAliases,
 * validateAffinity (node selector requirements, pod affinity terms, weights) and
 * validateTopologySpreadConstraints.
 */
function checkPlacement(out: Violation[], spec: Record<string, any>, p: string): void {
  const push = (x: Violation | undefined, rule: string, fix: string) => {
    if (x) out.push(relabel(x, `pod/${rule}`, fix)!);
  };
  // validateSysctls: name syntax, no duplicates, no net.* with hostNetwork, no kernel.shm*/sem with hostIPC
  const sc = isObject(spec.securityContext) ? spec.securityContext : {};
  if (Array.isArray(sc.sysctls)) {
    const seen = new Set<string>();
    sc.sysctls.forEach((s: any, i: number) => {
      if (!isObject(s)) return;
      const f = `${p}.securityContext.sysctls[${i}].name`;
      const name = typeof s.name === 'string' ? s.name : '';
      if (name.length === 0 || name.length > 253 || !SYSCTL_NAME.test(name)) {
        out.push(v('sysctl', f, 'must have at most 253 characters and match the sysctl naming rules', s.name, 'e.g. net.ipv4.ip_unprivileged_port_start', 'Use the sysctl name as /proc/sys spells it, with dots'));
        return;
      }
      if (seen.has(name)) out.push(v('sysctl', f, 'must not be repeated', name, 'each sysctl once', 'Remove the duplicate'));
      seen.add(name);
      const dotted = name.replace(/\//g, '.');
      if (spec.hostNetwork === true && dotted.startsWith('net.')) {
        out.push(v('sysctl', f, "may not be specified when 'hostNetwork' is true", name, 'no net.* sysctls on the host network', 'Remove the sysctl or hostNetwork'));
      }
      if (spec.hostIPC === true && (dotted.startsWith('kernel.shm') || dotted.startsWith('kernel.sem'))) {
        out.push(v('sysctl', f, "may not be specified when 'hostIPC' is true", name, 'no kernel.shm* or kernel.sem sysctls with hostIPC', 'Remove the sysctl or hostIPC'));
      }
    });
  }
  // validateDNSPolicy / validatePodDNSConfig
  if (spec.dnsPolicy !== undefined && !DNS_POLICIES.includes(spec.dnsPolicy)) {
    out.push(v('dns', `${p}.dnsPolicy`, 'is not supported', spec.dnsPolicy, DNS_POLICIES.join(', '), 'Use one of the DNS policies'));
  }
  const dc = isObject(spec.dnsConfig) ? spec.dnsConfig : undefined;
  const ns: unknown[] = dc && Array.isArray(dc.nameservers) ? dc.nameservers : [];
  const searches: unknown[] = dc && Array.isArray(dc.searches) ? dc.searches : [];
  if (spec.dnsPolicy === 'None' && ns.length === 0) {
    out.push(v('dns', `${p}.dnsConfig.nameservers`, "must provide at least one DNS nameserver when DNS policy is 'None'", ns, '1 to 3 IP addresses', 'Add a nameserver to dnsConfig, or use another DNS policy'));
  }
  if (ns.length > 3) out.push(v('dns', `${p}.dnsConfig.nameservers`, 'must not have more than 3 nameservers', ns, 'at most 3', 'Keep three nameservers'));
  ns.forEach((n, i) => {
    if (!isLegacyIp(n)) out.push(v('dns', `${p}.dnsConfig.nameservers[${i}]`, 'must be a valid IP address', n, 'an IPv4 or IPv6 address', 'Give the nameserver by address'));
  });
  if (searches.length > 32) out.push(v('dns', `${p}.dnsConfig.searches`, 'must not have more than 32 search paths', searches.length, 'at most 32', 'Drop search domains'));
  searches.forEach((d, i) => push(checkDns1123Subdomain(`${p}.dnsConfig.searches[${i}]`, typeof d === 'string' ? d.replace(/\.$/, '') : d), 'dns', 'Use a domain name such as svc.cluster.local'));
  const joined = searches.map((d) => String(d)).join(' ').length;
  if (joined > MAX_DNS_SEARCH_CHARS) {
    out.push(v('dns', `${p}.dnsConfig.searches`, `joined DNS search list is too long (must be at most ${MAX_DNS_SEARCH_CHARS} characters joined by spaces)`, joined, `at most ${MAX_DNS_SEARCH_CHARS}`, 'Drop or shorten search domains'));
  }
  (dc && Array.isArray(dc.options) ? dc.options : []).forEach((o: any, i: number) => {
    if (!isObject(o) || typeof o.name !== 'string' || o.name === '') {
      const name = isObject(o) ? o.name : o;
      out.push({ ...v('dns', `${p}.dnsConfig.options[${i}].name`, 'option name is required', name, 'a resolver option such as ndots', 'Name the option, e.g. {name: ndots, value: "2"}'), ...(name === undefined ? { got: 'unset' } : {}) });
    }
  });
  // ValidateHostAliases
  if (Array.isArray(spec.hostAliases)) {
    spec.hostAliases.forEach((a: any, i: number) => {
      if (!isObject(a)) return;
      if (!isLegacyIp(a.ip)) out.push(v('host-alias', `${p}.hostAliases[${i}].ip`, 'must be a valid IP address', a.ip, 'an IPv4 or IPv6 address', 'Give the address the host names resolve to'));
      (Array.isArray(a.hostnames) ? a.hostnames : []).forEach((h: unknown, j: number) => push(checkDns1123Subdomain(`${p}.hostAliases[${i}].hostnames[${j}]`, h), 'host-alias', 'Use a host name such as db.internal'));
    });
  }
  // validateAffinity
  const aff = isObject(spec.affinity) ? spec.affinity : {};
  const weight = (w: unknown, f: string) => {
    if (!(typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= 100)) out.push(v('affinity', f, 'must be in the range 1-100', w, '1-100', 'Give the preference a weight from 1 to 100'));
  };
  const requirement = (r: any, f: string) => {
    if (!isObject(r)) return;
    push(checkLabelKey(`${f}.key`, r.key), 'affinity', 'Use a node label key such as topology.kubernetes.io/zone');
    const vals: unknown[] = Array.isArray(r.values) ? r.values : [];
    if (!NODE_OPERATORS.includes(r.operator)) {
      out.push(v('affinity', `${f}.operator`, 'is not a valid node selector operator', r.operator, NODE_OPERATORS.join(', '), 'Use one of the operators'));
    } else if ((r.operator === 'In' || r.operator === 'NotIn') && vals.length === 0) {
      out.push(v('affinity', `${f}.values`, `must be specified when operator is ${r.operator}`, vals, 'one or more values', 'List the label values'));
    } else if ((r.operator === 'Exists' || r.operator === 'DoesNotExist') && vals.length > 0) {
      out.push(v('affinity', `${f}.values`, `may not be specified when operator is ${r.operator}`, vals, 'none', 'Remove the values'));
    } else if ((r.operator === 'Gt' || r.operator === 'Lt') && (vals.length !== 1 || !/^-?[0-9]+$/.test(String(vals[0])))) {
      out.push(v('affinity', `${f}.values`, `must be a single integer when operator is ${r.operator}`, vals, 'one integer, e.g. ["4"]', 'Give one integer value'));
    }
  };
  if (isObject(aff.nodeAffinity)) {
    const na = aff.nodeAffinity;
    const req = isObject(na.requiredDuringSchedulingIgnoredDuringExecution) ? na.requiredDuringSchedulingIgnoredDuringExecution : undefined;
    if (req) {
      const terms: unknown[] = Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : [];
      const f = `${p}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      if (terms.length === 0) out.push(v('affinity', f, 'must have at least one node selector term', terms, 'one or more terms', 'Add a requirement'));
      terms.forEach((t: any, i: number) => (isObject(t) && Array.isArray(t.matchExpressions) ? t.matchExpressions : []).forEach((r: any, j: number) => requirement(r, `${f}[${i}].matchExpressions[${j}]`)));
    }
    const pref = na.preferredDuringSchedulingIgnoredDuringExecution;
    const preferred: unknown[] = Array.isArray(pref) ? pref : [];
    preferred.forEach((t: any, i: number) => {
      const f = `${p}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!isObject(t)) return;
      weight(t.weight, `${f}.weight`);
      (isObject(t.preference) && Array.isArray(t.preference.matchExpressions) ? t.preference.matchExpressions : []).forEach((r: any, j: number) => requirement(r, `${f}.preference.matchExpressions[${j}]`));
    });
  }
  const podTerm = (t: any, f: string) => {
    if (!isObject(t)) return;
    if (typeof t.topologyKey !== 'string' || t.topologyKey === '') {
      out.push(v('affinity', `${f}.topologyKey`, 'can not be empty', t.topologyKey, 'a node label key such as kubernetes.io/hostname', 'Name the node label that defines the domain'));
    } else {
      push(checkLabelKey(`${f}.topologyKey`, t.topologyKey), 'affinity', 'Use a node label key such as kubernetes.io/hostname');
    }
    if (isObject(t.labelSelector) && isObject(t.labelSelector.matchLabels)) {
      for (const [k, val] of Object.entries(t.labelSelector.matchLabels)) {
        push(checkLabelKey(`${f}.labelSelector.matchLabels`, k), 'affinity', 'Use a label key');
        push(checkLabelValue(`${f}.labelSelector.matchLabels[${JSON.stringify(k)}]`, val), 'affinity', 'Use a label value');
      }
    }
    (Array.isArray(t.namespaces) ? t.namespaces : []).forEach((n: unknown, i: number) => push(checkDns1123Label(`${f}.namespaces[${i}]`, n), 'affinity', 'Name a namespace'));
  };
  for (const key of ['podAffinity', 'podAntiAffinity']) {
    const a = isObject(aff[key]) ? aff[key] : undefined;
    if (!a) continue;
    (Array.isArray(a.requiredDuringSchedulingIgnoredDuringExecution) ? a.requiredDuringSchedulingIgnoredDuringExecution : [])
      .forEach((t: any, i: number) => podTerm(t, `${p}.affinity.${key}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`));
    const pref = a.preferredDuringSchedulingIgnoredDuringExecution;
    const preferred: unknown[] = Array.isArray(pref) ? pref : [];
    preferred.forEach((t: any, i: number) => {
      const f = `${p}.affinity.${key}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (!isObject(t)) return;
      weight(t.weight, `${f}.weight`);
      podTerm(t.podAffinityTerm, `${f}.podAffinityTerm`);
    });
  }
  // validateTopologySpreadConstraints
  if (Array.isArray(spec.topologySpreadConstraints)) {
    const seen = new Set<string>();
    spec.topologySpreadConstraints.forEach((c: any, i: number) => {
      if (!isObject(c)) return;
      const f = `${p}.topologySpreadConstraints[${i}]`;
      if (!(typeof c.maxSkew === 'number' && Number.isInteger(c.maxSkew) && c.maxSkew > 0)) {
        out.push(v('topology-spread', `${f}.maxSkew`, 'must be greater than zero', c.maxSkew, '1 or more', 'Use maxSkew 1 for an even spread'));
      }
      if (typeof c.topologyKey !== 'string' || c.topologyKey === '') {
        out.push(v('topology-spread', `${f}.topologyKey`, 'can not be empty', c.topologyKey, 'a node label key such as topology.kubernetes.io/zone', 'Name the node label that defines the domain'));
      } else {
        push(checkLabelKey(`${f}.topologyKey`, c.topologyKey), 'topology-spread', 'Use a node label key such as topology.kubernetes.io/zone');
      }
      if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
        out.push(v('topology-spread', `${f}.whenUnsatisfiable`, 'is not supported', c.whenUnsatisfiable, 'DoNotSchedule, ScheduleAnyway', 'Use DoNotSchedule or ScheduleAnyway'));
      }
      const pair = `${c.topologyKey}/${c.whenUnsatisfiable}`;
      if (seen.has(pair)) out.push(v('topology-spread', `${f}.{topologyKey, whenUnsatisfiable}`, 'must not repeat another constraint', pair, 'one constraint per topologyKey and whenUnsatisfiable', 'Merge the constraints'));
      seen.add(pair);
      if (c.minDomains !== undefined && c.minDomains !== null) {
        if (!(typeof c.minDomains === 'number' && Number.isInteger(c.minDomains) && c.minDomains > 0)) {
          out.push(v('topology-spread', `${f}.minDomains`, 'must be greater than 0', c.minDomains, '1 or more', 'Use 1 or more, or leave minDomains unset'));
        } else if (c.whenUnsatisfiable !== 'DoNotSchedule') {
          out.push(v('topology-spread', `${f}.minDomains`, 'can only use minDomains if whenUnsatisfiable=DoNotSchedule', c.minDomains, 'unset with ScheduleAnyway', 'Remove minDomains or use DoNotSchedule'));
        }
      }
    });
  }
  // validateProjectionSources (serviceAccountToken) and the ephemeral volume source
  if (Array.isArray(spec.volumes)) {
    spec.volumes.forEach((vol: any, i: number) => {
      if (!isObject(vol)) return;
      const f = `${p}.volumes[${i}]`;
      const sources: unknown[] = isObject(vol.projected) && Array.isArray(vol.projected.sources) ? vol.projected.sources : [];
      sources.forEach((src: any, j: number) => {
        const t = isObject(src) && isObject(src.serviceAccountToken) ? src.serviceAccountToken : undefined;
        if (!t) return;
        const tf = `${f}.projected.sources[${j}].serviceAccountToken`;
        const exp = t.expirationSeconds;
        if (exp !== undefined && exp !== null) {
          if (typeof exp !== 'number' || exp < 600) out.push(v('projected-volume', `${tf}.expirationSeconds`, 'may not specify a duration less than 10 minutes', exp, '600 to 4294967295', 'Use at least 600 seconds; the kubelet renews the token at 80% of its life'));
          else if (exp >= 2 ** 32) out.push(v('projected-volume', `${tf}.expirationSeconds`, 'may not specify a duration larger than 2^32 seconds', exp, '600 to 4294967295', 'Use a shorter lifetime, e.g. 3600'));
        }
        if (typeof t.path !== 'string' || t.path === '') {
          out.push(v('projected-volume', `${tf}.path`, 'must not be empty', t.path, 'a relative file name such as token', 'Give the file name of the token'));
        } else if (t.path.startsWith('/') || t.path.split('/').includes('..')) {
          out.push(v('projected-volume', `${tf}.path`, 'must be a relative path without ".."', t.path, 'a relative file name such as token', 'Give the file name of the token'));
        }
      });
      if (isObject(vol.ephemeral)) {
        const tmpl = vol.ephemeral.volumeClaimTemplate;
        if (!isObject(tmpl) || !isObject(tmpl.spec)) {
          out.push(v('ephemeral-volume', `${f}.ephemeral.volumeClaimTemplate`, 'is required', tmpl, 'a claim template with a spec', 'Describe the claim (access modes and storage request)'));
        } else {
          const storage = isObject(tmpl.spec.resources) && isObject(tmpl.spec.resources.requests) ? tmpl.spec.resources.requests.storage : undefined;
          if (storage === undefined) out.push(v('ephemeral-volume', `${f}.ephemeral.volumeClaimTemplate.spec.resources.requests.storage`, 'is required', storage, 'a quantity such as 1Gi', 'Request a size'));
          else push(checkQuantity(`${f}.ephemeral.volumeClaimTemplate.spec.resources.requests.storage`, storage, { positive: true }), 'ephemeral-volume', 'Write e.g. "1Gi"');
        }
      }
    });
  }
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/** validateProbe, validateLivenessProbe, validateStartupProbe: one handler, no negative counts, successThreshold 1 where required. */
function checkProbe(out: Violation[], probe: Record<string, any>, f: string, successMustBeOne: boolean): void {
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) {
    out.push(v('probe', f, 'must specify a handler type', probe, PROBE_HANDLERS.join(', '), 'Give the probe one of exec, httpGet, tcpSocket or grpc'));
  } else if (handlers.length > 1) {
    out.push(v('probe', `${f}.${handlers[1]}`, 'may not specify more than 1 handler type', handlers, 'one of exec, httpGet, tcpSocket, grpc', 'Keep one handler'));
  }
  for (const k of PROBE_COUNTS) {
    if (typeof probe[k] === 'number' && probe[k] < 0) {
      out.push(v('probe', `${f}.${k}`, 'must be greater than or equal to 0', probe[k], '0 or more', `Set ${k} to 0 or more, or leave it unset`));
    }
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== null && probe.successThreshold !== 1) {
    out.push(v('probe', `${f}.successThreshold`, 'must be 1', probe.successThreshold, '1', 'Remove successThreshold (only readiness probes may require more than one success)'));
  }
  // validatePortNumOrName of the network handlers
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = isObject(probe[handler]) ? probe[handler].port : undefined;
    if (typeof port === 'number' && !isPortNumber(port)) {
      out.push(v('port', `${f}.${handler}.port`, 'must be a port number between 1 and 65535', port, '1-65535 or a container port name', 'Probe the port the container listens on'));
    }
  }
}

/** `metadata.name` of each `spec.volumeClaimTemplates` entry of a StatefulSet. */
export function claimTemplateNames(obj: unknown): string[] {
  if (!isObject(obj) || obj.kind !== 'StatefulSet' || !isObject(obj.spec) || !Array.isArray(obj.spec.volumeClaimTemplates)) return [];
  return obj.spec.volumeClaimTemplates
    .map((t: unknown) => (isObject(t) && isObject(t.metadata) ? t.metadata.name : undefined))
    .filter((n: unknown): n is string => typeof n === 'string' && n !== '');
}

/** A pod's resource claim names exactly one source: an existing ResourceClaim or a ResourceClaimTemplate. */
export function checkClaimSource(field: string, claim: { resourceClaimName?: unknown; resourceClaimTemplateName?: unknown }): Violation | undefined {
  const n = (claim.resourceClaimName ? 1 : 0) + (claim.resourceClaimTemplateName ? 1 : 0);
  if (n === 1) return undefined;
  return v('resource-claim-source', field, 'must set exactly one of resourceClaimName and resourceClaimTemplateName',
    { resourceClaimName: claim.resourceClaimName, resourceClaimTemplateName: claim.resourceClaimTemplateName }, 'exactly one',
    'Name either an existing ResourceClaim or a ResourceClaimTemplate');
}

export function checkPodRules(obj: unknown): Violation[] {
  const out: Violation[] = [];
  for (const pod of podSpecsOf(obj)) {
    const spec = pod.spec;
    const p = pod.path;
    // user namespaces cannot share host namespaces (validateHostUsers)
    if (spec.hostUsers === false) {
      for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
        if (spec[f] === true) {
          out.push(v('host-users', `${p}.${f}`, 'is forbidden when spec.hostUsers is false', true, 'false or unset',
            `Remove ${f}, or share the host user namespace (spec.hostUsers: true) if the node must be reached`));
        }
      }
    }
    // validateContainers: at least one (k8s.io/kubernetes pkg/apis/core/validation/validation.go)
    if (Array.isArray(spec.containers) && spec.containers.length === 0) {
      out.push(v('containers', `${p}.containers`, 'must have at least one container', spec.containers, 'one or more containers', 'Add the container the pod runs'));
    }
    checkScheduling(out, spec, p);
    checkPlacement(out, spec, p);
    const podSc = isObject(spec.securityContext) ? spec.securityContext : {};
    checkProfile(out, podSc.seccompProfile, `${p}.securityContext.seccompProfile`, 'seccompProfile');
    checkProfile(out, podSc.appArmorProfile, `${p}.securityContext.appArmorProfile`, 'appArmorProfile');

    const volumeNames = new Set<string>();
    // A StatefulSet's pods get one volume per volumeClaimTemplates entry from the controller;
    // the API server does not check the template's mounts against spec.volumes
    // (ValidatePodTemplateSpecForStatefulSet, pkg/apis/apps/validation/validation.go), so a
    // mount may name a claim template.
    for (const name of claimTemplateNames(obj)) volumeNames.add(name);
    if (Array.isArray(spec.volumes)) {
      spec.volumes.forEach((vol: any, i: number) => {
        if (!isObject(vol)) return;
        if (volumeNames.has(vol.name)) out.push(v('duplicate-volume', `${p}.volumes[${i}].name`, 'must be unique', vol.name, 'a name no other volume of the pod uses', 'Rename the volume'));
        volumeNames.add(vol.name);
      });
    }
    const claimNames = new Set<string>();
    if (Array.isArray(spec.resourceClaims)) {
      spec.resourceClaims.forEach((rc: any, i: number) => {
        if (!isObject(rc)) return;
        if (claimNames.has(rc.name)) out.push(v('duplicate-resource-claim', `${p}.resourceClaims[${i}].name`, 'must be unique', rc.name, 'a name no other claim of the pod uses', 'Rename the claim'));
        claimNames.add(rc.name);
        const source = checkClaimSource(`${p}.resourceClaims[${i}]`, rc);
        if (source) out.push(source);
      });
    }
    const containerNames = new Set<string>();
    for (const ct of containersOf(spec, p)) {
      const c = ct.container;
      if (containerNames.has(c.name)) out.push(v('duplicate-container', `${ct.path}.name`, 'must be unique across init, app and ephemeral containers', c.name, 'a name no other container of the pod uses', 'Rename the container'));
      containerNames.add(c.name);
      // probes and lifecycle hooks of init containers (validateInitContainers): only sidecars
      // (restartPolicy: Always) may have them, since the others must run to completion
      if (ct.list === 'initContainers' && c.restartPolicy !== 'Always') {
        for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
          if (c[f] !== undefined && c[f] !== null) {
            out.push(v('init-container', `${ct.path}.${f}`, 'may not be set for init containers without restartPolicy=Always', c[f], 'unset, or restartPolicy: Always (a sidecar)',
              `Remove ${f}, or make the container a sidecar with restartPolicy: Always`));
          }
        }
      }
      const sc = isObject(c.securityContext) ? c.securityContext : {};
      checkProfile(out, sc.seccompProfile, `${ct.path}.securityContext.seccompProfile`, 'seccompProfile');
      checkProfile(out, sc.appArmorProfile, `${ct.path}.securityContext.appArmorProfile`, 'appArmorProfile');
      if (Array.isArray(c.volumeMounts)) {
        const paths = new Set<string>();
        c.volumeMounts.forEach((m: any, i: number) => {
          if (!isObject(m)) return;
          if (!volumeNames.has(m.name)) {
            out.push(v('volume-mount', `${ct.path}.volumeMounts[${i}].name`, 'must name a volume of the pod', m.name, [...volumeNames].join(', ') || 'no volumes defined',
              isObject(obj) && obj.kind === 'StatefulSet' ? 'Add the volume to the pod or a volume claim template, or fix the name' : 'Add the volume to the pod or fix the name'));
          }
          if (paths.has(m.mountPath)) out.push(v('volume-mount', `${ct.path}.volumeMounts[${i}].mountPath`, 'must be unique within the container', m.mountPath, 'a path not mounted yet', 'Mount each path once'));
          paths.add(m.mountPath);
        });
      }
      // port numbers (validateContainerPorts, validatePortNumOrName for probe handlers)
      if (Array.isArray(c.ports)) {
        c.ports.forEach((port: any, i: number) => {
          if (!isObject(port)) return;
          if (typeof port.containerPort === 'number' && !isPortNumber(port.containerPort)) {
            out.push(v('port', `${ct.path}.ports[${i}].containerPort`, 'must be a port number between 1 and 65535', port.containerPort, '1-65535', 'Use the port the container listens on'));
          }
          if (typeof port.hostPort === 'number' && port.hostPort !== 0 && !isPortNumber(port.hostPort)) {
            out.push(v('port', `${ct.path}.ports[${i}].hostPort`, 'must be a port number between 1 and 65535', port.hostPort, '1-65535, or 0/unset for none', 'Use a valid port on the node, or leave hostPort unset'));
          }
        });
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isObject(c[probe])) checkProbe(out, c[probe], `${ct.path}.${probe}`, probe !== 'readinessProbe');
      }
      const res = isObject(c.resources) ? c.resources : {};
      const req = isObject(res.requests) ? res.requests : {};
      const lim = isObject(res.limits) ? res.limits : {};
      for (const r of RESOURCES) {
        const rq = parseQuantity(req[r]);
        const lm = parseQuantity(lim[r]);
        if (rq !== undefined && lm !== undefined && rq > lm) {
          out.push(v('resources', `${ct.path}.resources.requests[${JSON.stringify(r)}]`, `must be less than or equal to the ${r} limit`, req[r], `<= ${lim[r]}`, 'Lower the request or raise the limit'));
        }
      }
      if (Array.isArray(res.claims)) {
        res.claims.forEach((cl: any, i: number) => {
          if (isObject(cl) && !claimNames.has(cl.name)) {
            out.push(v('resource-claim-ref', `${ct.path}.resources.claims[${i}].name`, 'must name an entry of spec.resourceClaims', cl.name, [...claimNames].join(', ') || 'no resourceClaims defined', 'Add the claim to the pod or fix the name'));
          }
        });
      }
    }
  }
  return out;
}
