/**
 * The warnings the 1.36 API server returns for a pod or pod template it accepts
 * (warningsForPodSpecAndMeta, pkg/api/pod/warnings.go), beyond the deprecated annotations and
 * volume types of meta.ts. Every id here has severity `warning`. Pure.
 */
import { containersOf, PodSpecLocation } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { isObject, parseQuantity } from '../base/validators';

function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

/** nodeapi.GetNodeLabelDeprecatedMessage: the beta node labels and their GA names. */
const DEPRECATED_NODE_LABELS: Readonly<Record<string, readonly [string, string]>> = {
  'beta.kubernetes.io/os': ['v1.14', 'kubernetes.io/os'],
  'beta.kubernetes.io/arch': ['v1.14', 'kubernetes.io/arch'],
  'failure-domain.beta.kubernetes.io/region': ['v1.17', 'topology.kubernetes.io/region'],
  'failure-domain.beta.kubernetes.io/zone': ['v1.17', 'topology.kubernetes.io/zone'],
  'beta.kubernetes.io/instance-type': ['v1.17', 'node.kubernetes.io/instance-type'],
};

function nodeLabel(out: Violation[], key: unknown, f: string): void {
  const d = typeof key === 'string' ? DEPRECATED_NODE_LABELS[key] : undefined;
  if (d) out.push(v('deprecated-node-label', f, `is deprecated since ${d[0]}; use ${JSON.stringify(d[1])} instead`, key, d[1], `Use the label ${d[1]}`));
}

function nullSelector(out: Violation[], term: unknown, f: string): void {
  if (isObject(term) && (term.labelSelector === undefined || term.labelSelector === null)) {
    out.push(v('null-label-selector', `${f}.labelSelector`, 'a null labelSelector results in matching no pod', null, 'a label selector ({} matches all pods)', 'Add a labelSelector'));
  }
}

/** A memory or ephemeral-storage quantity with a fractional byte count. */
function fractionalBytes(out: Violation[], bag: unknown, f: string): void {
  if (!isObject(bag)) return;
  for (const r of ['memory', 'ephemeral-storage']) {
    const n = parseQuantity(bag[r]);
    if (n !== undefined && Math.round(n * 1000) % 1000 !== 0) {
      out.push(v('fractional-bytes', `${f}[${JSON.stringify(r)}]`, `fractional byte value ${renderValue(bag[r])} is invalid, must be an integer`, bag[r], 'a whole number of bytes, e.g. 128Mi', 'Use a binary suffix (Mi, Gi), not m'));
    }
  }
}

/** The warnings of one pod spec (warningsForPodSpecAndMeta). */
export function podSpecWarnings(out: Violation[], pod: PodSpecLocation): void {
  const spec = pod.spec;
  const p = pod.path;
  // upstream: warningsForPodSpecAndMeta
  if (isObject(spec.nodeSelector)) for (const k of Object.keys(spec.nodeSelector)) nodeLabel(out, k, `${p}.nodeSelector[${JSON.stringify(k)}]`);
  const na = isObject(spec.affinity) && isObject(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : undefined;
  if (na) {
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    list(isObject(req) ? req.nodeSelectorTerms : undefined).forEach((t: any, i) => {
      list(isObject(t) ? t.matchExpressions : undefined).forEach((r: any, j) => {
        if (isObject(r)) nodeLabel(out, r.key, `${p}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}].matchExpressions[${j}].key`);
      });
    });
    list(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t: any, i) => {
      const pref = isObject(t) ? t.preference : undefined;
      list(isObject(pref) ? pref.matchExpressions : undefined).forEach((r: any, j) => {
        if (isObject(r)) nodeLabel(out, r.key, `${p}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference.matchExpressions[${j}].key`);
      });
    });
  }
  list(spec.topologySpreadConstraints).forEach((t: any, i) => {
    if (!isObject(t)) return;
    nodeLabel(out, t.topologyKey, `${p}.topologySpreadConstraints[${i}].topologyKey`);
    nullSelector(out, t, `${p}.topologySpreadConstraints[${i}]`);
  });
  // a projected file path that repeats a service account token path
  const tokenPaths = new Set<string>();
  for (const vol of list(spec.volumes)) {
    if (!isObject(vol) || !isObject(vol.projected)) continue;
    for (const s of list(vol.projected.sources)) if (isObject(s) && isObject(s.serviceAccountToken)) tokenPaths.add(str(s.serviceAccountToken.path));
  }
  if (tokenPaths.size > 0) {
    list(spec.volumes).forEach((vol: any, i) => {
      if (!isObject(vol) || !isObject(vol.projected)) return;
      for (const s of list(vol.projected.sources)) {
        if (!isObject(s)) continue;
        for (const kind of ['configMap', 'secret', 'downwardAPI']) {
          if (!isObject(s[kind])) continue;
          list(s[kind].items).forEach((item: any, j) => {
            if (isObject(item) && tokenPaths.has(str(item.path))) {
              out.push(v('projected-path', `${p}.volumes[${i}].projected.sources.${kind === 'secret' ? 'secrets' : kind}[${j}]`, `has duplicated path with ServiceAccountToken ${JSON.stringify(item.path)}`, item.path, 'a path the token does not use', 'Rename the file'));
            }
          });
        }
      }
    });
  }
  const seenIPs = new Set<string>();
  list(spec.hostAliases).forEach((a: any, i) => {
    if (!isObject(a)) return;
    if (seenIPs.has(str(a.ip))) out.push(v('duplicate-entry', `${p}.hostAliases[${i}].ip`, `duplicate ip ${JSON.stringify(a.ip)}`, a.ip, 'each IP once', 'Merge the host names into one entry'));
    seenIPs.add(str(a.ip));
  });
  const seenSecrets = new Set<string>();
  list(spec.imagePullSecrets).forEach((s: any, i) => {
    if (!isObject(s)) return;
    const name = str(s.name);
    if (list(spec.imagePullSecrets).length > 1 && seenSecrets.has(name)) out.push(v('duplicate-entry', `${p}.imagePullSecrets[${i}].name`, `duplicate name ${JSON.stringify(name)}`, name, 'each Secret once', 'Remove the duplicate'));
    seenSecrets.add(name);
    if (name === '') out.push(v('duplicate-entry', `${p}.imagePullSecrets[${i}].name`, 'invalid empty name ""', '', 'the name of a Secret', 'Name the pull Secret or remove the entry'));
  });
  fractionalBytes(out, spec.overhead, `${p}.overhead`);
  const ports = new Map<string, Array<{ f: string; port: Record<string, any> }>>();
  for (const ct of containersOf(spec, p)) {
    const c = ct.container;
    const res = isObject(c.resources) ? c.resources : {};
    fractionalBytes(out, res.limits, `${ct.path}.resources.limits`);
    fractionalBytes(out, res.requests, `${ct.path}.resources.requests`);
    const envNames = new Set<string>();
    list(c.env).forEach((e: any, i) => {
      if (!isObject(e)) return;
      const name = str(e.name);
      if (envNames.has(name)) {
        const ref = `$(${name})`;
        const value = str(e.value);
        if (e.valueFrom !== undefined && e.valueFrom !== null || value === ref || !value.includes(ref)) {
          out.push(v('duplicate-env', `${ct.path}.env[${i}]`, `hides previous definition of ${JSON.stringify(name)}, which may be dropped when using apply`, name, 'each variable once', 'Remove the earlier definition'));
        }
      } else {envNames.add(name);}
    });
    list(c.ports).forEach((port: any, i) => {
      if (!isObject(port)) return;
      const f = `${ct.path}.ports[${i}]`;
      const hostPort = typeof port.hostPort === 'number' ? port.hostPort : 0;
      const hostIP = str(port.hostIP);
      if (hostIP !== '' && hostPort === 0) out.push(v('port-conflict', f, 'hostIP set without hostPort', port, 'hostIP with a hostPort', 'Set hostPort or drop hostIP'));
      const key = `${port.containerPort}/${str(port.protocol) || 'TCP'}`;
      const others = ports.get(key) ?? [];
      for (const o of others) {
        const oHostPort = typeof o.port.hostPort === 'number' ? o.port.hostPort : 0;
        const oHostIP = str(o.port.hostIP);
        if (hostIP === oHostIP && hostPort === oHostPort) out.push(v('port-conflict', f, `duplicate port definition with ${o.f}`, port, 'each port once', 'Remove the duplicate port'));
        else if (hostPort === 0 || oHostPort === 0) out.push(v('port-conflict', f, `overlapping port definition with ${o.f}`, port, 'each port once', 'Remove one of the two'));
        else if (hostPort === oHostPort && (hostIP === '') !== (oHostIP === '')) out.push(v('port-conflict', f, `dangerously ambiguous port definition with ${o.f}`, port, 'the same hostIP setting', 'Set hostIP on both or neither'));
      }
      others.push({ f, port });
      ports.set(key, others);
    });
  }
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    out.push(v('grace-period', `${p}.terminationGracePeriodSeconds`, 'must be >= 0; negative values are invalid and will be treated as 1', spec.terminationGracePeriodSeconds, '0 or more', 'Use a non-negative grace period'));
  }
  const aff = isObject(spec.affinity) ? spec.affinity : {};
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = aff[kind];
    if (!isObject(a)) continue;
    list(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => nullSelector(out, t, `${p}.affinity.${kind}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`));
    list(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((t: any, i) => {
      nullSelector(out, isObject(t) ? (t.podAffinityTerm ?? {}) : undefined, `${p}.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm`);
    });
  }
}
