/**
 * networking.k8s.io/v1 rules: NetworkPolicy, Ingress, IngressClass (k8s.io/kubernetes
 * pkg/apis/networking/validation/validation.go, as on create; the Ingress warning of
 * pkg/registry/networking/ingress/strategy.go). The v1 defaults run first: a
 * NetworkPolicy port protocol is TCP, `policyTypes` is derived from the rules when empty.
 */
import { arr, dns1123LabelProblem, dns1123SubdomainProblem, isPortNum, isSet, key, labelSelector, mk, obj, pathSegmentProblem } from './kind-util';
import { cidrStrictlyInside, ipFamily, legacyCidrProblem, parseCidr } from './netaddr';
import { portNameProblem } from './service';
import { Violation } from '../base/errors';
import { isObject } from '../base/validators';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

// ---------------------------------------------------------------------------------------
// NetworkPolicy

// upstream: ValidateNetworkPolicyPort
function checkPolicyPort(out: Violation[], p0: unknown, f: string): void {
  const p = obj(p0);
  if (isSet(p.protocol) && !PROTOCOLS.includes(p.protocol)) {
    out.push(mk('networkpolicy/port', `${f}.protocol`, 'is not a supported protocol', p.protocol, PROTOCOLS.join(', '), 'Use TCP, UDP or SCTP'));
  }
  const port = p.port;
  const end = p.endPort;
  if (isSet(port)) {
    if (typeof port === 'number') {
      if (!isPortNum(port)) out.push(mk('networkpolicy/port', `${f}.port`, 'must be between 1 and 65535, inclusive', port, '1-65535', 'Use a port number or a named port'));
      if (isSet(end)) {
        if (typeof end === 'number' && end < port) out.push(mk('networkpolicy/end-port', `${f}.endPort`, 'must be greater than or equal to `port`', end, `${port} or more`, 'Give the last port of the range'));
        if (!isPortNum(end)) out.push(mk('networkpolicy/end-port', `${f}.endPort`, 'must be between 1 and 65535, inclusive', end, '1-65535', 'Give the last port of the range'));
      }
    } else {
      if (isSet(end)) out.push(mk('networkpolicy/end-port', `${f}.endPort`, 'may not be specified when `port` is non-numeric', end, 'unset', 'Use a numeric port with endPort, or drop endPort'));
      const problem = typeof port === 'string' ? portNameProblem(port) : 'must be a port number or name';
      if (problem) out.push(mk('networkpolicy/port', `${f}.port`, problem, port, 'a port number, or a container port name (IANA_SVC_NAME)', /^[0-9]+$/.test(String(port)) ? `Write the number without quotes: port: ${port}` : 'Use the name of a container port, or its number'));
    }
  } else if (isSet(end)) {
    out.push(mk('networkpolicy/end-port', `${f}.endPort`, 'may not be specified when `port` is not specified', end, 'unset', 'Set port to the first port of the range'));
  }
}

// upstream: ValidateIPBlock
function checkIpBlock(out: Violation[], b0: unknown, f: string): void {
  const b = obj(b0);
  if (!isSet(b.cidr) || b.cidr === '') {
    out.push(mk('networkpolicy/ip-block', `${f}.cidr`, 'is required', undefined, undefined, 'Give the network, e.g. 10.0.0.0/8'));
    return;
  }
  const problem = legacyCidrProblem(b.cidr);
  if (problem) out.push(mk('networkpolicy/ip-block', `${f}.cidr`, problem, b.cidr, 'a CIDR such as 10.0.0.0/8 or 2001:db8::/64', 'Write the network address with its prefix length'));
  const outer = parseCidr(b.cidr);
  if (!outer) return;
  arr(b.except).forEach((e: unknown, i: number) => {
    const ef = `${f}.except[${i}]`;
    const ep = legacyCidrProblem(e);
    if (ep) out.push(mk('networkpolicy/ip-block', ef, ep, e, 'a CIDR inside cidr', 'Write the network address with its prefix length'));
    const inner = parseCidr(e);
    if (inner && !cidrStrictlyInside(inner, outer)) {
      out.push(mk('networkpolicy/ip-block', ef, 'must be a strict subset of `cidr`', e, `a smaller network inside ${b.cidr}`, 'Except only part of the cidr range'));
    }
  });
}

// upstream: ValidateNetworkPolicyPeer
function checkPeer(out: Violation[], p0: unknown, f: string): void {
  const p = obj(p0);
  let n = 0;
  if (isSet(p.podSelector)) {
    n++;
    out.push(...labelSelector('networkpolicy/selector', `${f}.podSelector`, p.podSelector));
  }
  if (isSet(p.namespaceSelector)) {
    n++;
    out.push(...labelSelector('networkpolicy/selector', `${f}.namespaceSelector`, p.namespaceSelector));
  }
  if (isSet(p.ipBlock)) {
    n++;
    checkIpBlock(out, p.ipBlock, `${f}.ipBlock`);
  }
  if (n === 0) out.push(mk('networkpolicy/peer', f, 'must specify a peer', p0, 'podSelector and/or namespaceSelector, or ipBlock', 'Say which pods, namespaces or addresses the rule admits'));
  else if (n > 1 && isSet(p.ipBlock)) out.push(mk('networkpolicy/peer', f, 'may not specify both ipBlock and another peer', undefined, 'ipBlock alone', 'Put the ipBlock in a peer of its own'));
}

/** The rules for one NetworkPolicy. */
// upstream: ValidateNetworkPolicy
export function checkNetworkPolicy(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const spec = obj(o.spec);
  // upstream: ValidateNetworkPolicySpec
  out.push(...labelSelector('networkpolicy/selector', 'spec.podSelector', spec.podSelector));
  for (const [dir, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    arr(spec[dir]).forEach((r0: unknown, i: number) => {
      const r = obj(r0);
      arr(r.ports).forEach((p, j) => checkPolicyPort(out, p, `spec.${dir}[${i}].ports[${j}]`));
      arr(r[peers]).forEach((p, j) => checkPeer(out, p, `spec.${dir}[${i}].${peers}[${j}]`));
    });
  }
  const types = arr(spec.policyTypes);
  if (types.length > 2) {
    out.push(mk('networkpolicy/policy-types', 'spec.policyTypes', 'may not specify more than two policyTypes', types, 'Ingress, Egress', 'List each policy type once'));
  } else {
    types.forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress') out.push(mk('networkpolicy/policy-types', `spec.policyTypes[${i}]`, 'is not a supported policy type', t, 'Ingress, Egress', 'Use Ingress or Egress (case matters)'));
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Ingress

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];
const WILDCARD_HOST = /^\*\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// upstream: validateIngressTypedLocalObjectReference
function checkTypedRef(out: Violation[], checkId: string, r0: unknown, f: string): Record<string, any> {
  const r = obj(r0);
  if (isSet(r.apiGroup)) {
    const p = dns1123SubdomainProblem(r.apiGroup);
    if (p) out.push(mk(checkId, `${f}.apiGroup`, p, r.apiGroup, 'an API group (DNS-1123 subdomain)', 'Use the group of the referenced kind'));
  }
  for (const k of ['kind', 'name']) {
    if (!isSet(r[k]) || r[k] === '') {
      out.push(mk(checkId, `${f}.${k}`, 'is required', undefined, undefined, `Set the ${k} of the referenced object`));
    } else {
      const p = typeof r[k] === 'string' ? pathSegmentProblem(r[k]) : 'must be a string';
      if (p) out.push(mk(checkId, `${f}.${k}`, p, r[k], "a name without '/', '%', '.' or '..'", 'Use the name as it appears in the API'));
    }
  }
  return r;
}

// upstream: validateIngressBackend
function checkBackend(out: Violation[], b0: unknown, f: string): void {
  const b = obj(b0);
  const hasResource = isSet(b.resource);
  const hasService = isSet(b.service);
  if (hasResource && hasService) {
    out.push(mk('ingress/backend', f, 'cannot set both resource and service backends', undefined, 'service or resource', 'Keep one of service and resource'));
    return;
  }
  if (hasResource) {
    checkTypedRef(out, 'ingress/backend', b.resource, `${f}.resource`);
    return;
  }
  if (!hasService) {
    out.push(mk('ingress/backend', f, 'resource or service backend is required', undefined, 'service or resource', 'Name the Service that receives the traffic'));
    return;
  }
  const s = obj(b.service);
  if (!isSet(s.name) || s.name === '') {
    out.push(mk('ingress/backend', `${f}.service.name`, 'is required', undefined, undefined, 'Name the Service that receives the traffic'));
  } else {
    // upstream: allowRelaxedServiceNameValidation
    // RelaxedServiceNameValidation: Service names are checked as DNS-1123 labels.
    const p = dns1123LabelProblem(s.name);
    if (p) out.push(mk('ingress/backend', `${f}.service.name`, p, s.name, 'a Service name', 'Use the name of a Service in the namespace'));
  }
  const port = obj(s.port);
  const hasName = typeof port.name === 'string' && port.name.length > 0;
  const hasNumber = isSet(port.number) && port.number !== 0;
  if (hasName && hasNumber) {
    out.push(mk('ingress/backend', f, 'cannot set both port name & port number', s.port, 'port.name or port.number', 'Keep one of name and number'));
  } else if (hasName) {
    const p = portNameProblem(port.name);
    if (p) out.push(mk('ingress/backend', `${f}.service.port.name`, p, port.name, 'a Service port name (IANA_SVC_NAME)', 'Use the name of a port of the Service'));
  } else if (hasNumber) {
    if (!isPortNum(port.number)) out.push(mk('ingress/backend', `${f}.service.port.number`, 'must be between 1 and 65535, inclusive', port.number, '1-65535', 'Use a port of the Service'));
  } else {
    out.push(mk('ingress/backend', f, 'port name or number is required', undefined, 'service.port.name or service.port.number', 'Say which port of the Service receives the traffic'));
  }
}

// upstream: validateHTTPIngressPath
function checkPath(out: Violation[], p0: unknown, f: string): void {
  const p = obj(p0);
  const path: string = typeof p.path === 'string' ? p.path : '';
  if (!isSet(p.pathType)) {
    out.push(mk('ingress/path-type', `${f}.pathType`, 'pathType must be specified', undefined, PATH_TYPES.join(', '), 'Use Prefix for most routes'));
    return;
  }
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!path.startsWith('/')) out.push(mk('ingress/path', `${f}.path`, 'must be an absolute path', p.path ?? '', "a path starting with '/'", 'Start the path with /'));
    if (path.length > 0) {
      for (const seq of BAD_SEQUENCES) if (path.includes(seq)) out.push(mk('ingress/path', `${f}.path`, `must not contain '${seq}'`, path, 'a clean absolute path', 'Remove the sequence from the path'));
      for (const suf of BAD_SUFFIXES) if (path.endsWith(suf)) out.push(mk('ingress/path', `${f}.path`, `cannot end with '${suf}'`, path, 'a clean absolute path', 'Remove the suffix from the path'));
    }
  } else if (p.pathType === 'ImplementationSpecific') {
    if (path.length > 0 && !path.startsWith('/')) out.push(mk('ingress/path', `${f}.path`, 'must be an absolute path', path, "a path starting with '/'", 'Start the path with /'));
  } else {
    out.push(mk('ingress/path-type', `${f}.pathType`, 'is not a supported path type', p.pathType, PATH_TYPES.join(', '), 'Use Exact, Prefix or ImplementationSpecific (case matters)'));
  }
  checkBackend(out, p.backend, `${f}.backend`);
}

/** The rules for one Ingress (as on create), and its deprecated-annotation warning. */
// upstream: ValidateIngressCreate
// upstream: validateIngress
export function checkIngress(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const spec = obj(o.spec);
  const rules = arr(spec.rules);
  // upstream: ValidateIngressSpec
  if (rules.length === 0 && !isSet(spec.defaultBackend)) {
    out.push(mk('ingress/rules', 'spec', 'either `defaultBackend` or `rules` must be specified', undefined, undefined, 'Add a rule, or a defaultBackend'));
  }
  if (isSet(spec.defaultBackend)) checkBackend(out, spec.defaultBackend, 'spec.defaultBackend');
  // upstream: validateIngressRules
  rules.forEach((r0: unknown, i: number) => {
    const r = obj(r0);
    const f = `spec.rules[${i}]`;
    if (typeof r.host === 'string' && r.host.length > 0) {
      if (ipFamily(r.host)) out.push(mk('ingress/host', `${f}.host`, 'must be a DNS name, not an IP address', r.host, 'a DNS name', 'Use a host name; route by IP without a host rule'));
      if (r.host.includes('*')) {
        if (r.host.length > 253 || !WILDCARD_HOST.test(r.host)) out.push(mk('ingress/host', `${f}.host`, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character", r.host, '*.example.com', 'Use a single leading *. wildcard label'));
      } else {
        const p = dns1123SubdomainProblem(r.host);
        if (p) out.push(mk('ingress/host', `${f}.host`, p, r.host, 'a lower-case DNS name, e.g. app.example.com', 'Write the host in lower case, without port or scheme'));
      }
    }
    // upstream: validateHTTPIngressRuleValue
    // upstream: validateIngressRuleValue
    if (isSet(r.http)) {
      const paths = arr(obj(r.http).paths);
      if (paths.length === 0) out.push(mk('ingress/rules', `${f}.http.paths`, 'is required', undefined, undefined, 'Add at least one path'));
      paths.forEach((p, j) => checkPath(out, p, `${f}.http.paths[${j}]`));
    }
  });
  // upstream: validateIngressTLS
  arr(spec.tls).forEach((t0: unknown, i: number) => {
    const t = obj(t0);
    arr(t.hosts).forEach((h: unknown, j: number) => {
      const f = `spec.tls[${i}].hosts[${j}]`;
      const host = String(h);
      if (host.includes('*')) {
        if (host.length > 253 || !WILDCARD_HOST.test(host)) out.push(mk('ingress/tls', f, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain", h, '*.example.com', 'Use a single leading *. wildcard label'));
      } else {
        const p = dns1123SubdomainProblem(h);
        if (p) out.push(mk('ingress/tls', f, p, h, 'a lower-case DNS name', 'Write the host in lower case'));
      }
    });
    // upstream: validateTLSSecretName
    if (typeof t.secretName === 'string' && t.secretName !== '') {
      const p = dns1123SubdomainProblem(t.secretName);
      if (p) out.push(mk('ingress/tls', `spec.tls[${i}].secretName`, p, t.secretName, 'a Secret name (DNS-1123 subdomain)', 'Use the name of a kubernetes.io/tls Secret'));
    }
  });
  if (isSet(spec.ingressClassName)) {
    const p = dns1123SubdomainProblem(spec.ingressClassName);
    if (p) out.push(mk('ingress/class', 'spec.ingressClassName', p, spec.ingressClassName, 'an IngressClass name', 'Use the name of an IngressClass'));
  }
  const annotations = obj(obj(o.metadata).annotations);
  const ann = annotations['kubernetes.io/ingress.class'];
  if (isSet(ann)) {
    if (isSet(spec.ingressClassName) && ann !== spec.ingressClassName) {
      out.push(mk('ingress/class', key('metadata.annotations', 'kubernetes.io/ingress.class'), 'must match `ingressClassName` when both are specified', ann, JSON.stringify(spec.ingressClassName), 'Remove the annotation and keep spec.ingressClassName'));
    }
    // upstream: ingress.WarningsOnCreate
    out.push(mk('ingress/deprecated-class-annotation', key('metadata.annotations', 'kubernetes.io/ingress.class'), 'is deprecated in v1.18+', ann, undefined, 'Use spec.ingressClassName instead'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// IngressClass

/** The rules for one IngressClass. */
// upstream: ValidateIngressClass
export function checkIngressClass(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const spec = obj(o.spec);
  // upstream: validateIngressClassSpec
  const c = spec.controller;
  if (!isSet(c) || c === '') {
    out.push(mk('ingressclass/controller', 'spec.controller', 'is required', undefined, 'a domain-prefixed path such as example.com/ingress-controller', 'Name the controller that implements the class'));
  } else if (typeof c === 'string') {
    if (c.length > 250) out.push(mk('ingressclass/controller', 'spec.controller', 'may not be more than 250 bytes', `${c.length} bytes`, 'at most 250 bytes', 'Use a shorter controller name'));
    const slash = c.indexOf('/');
    const host = slash > 0 ? c.slice(0, slash) : '';
    const path = slash > 0 ? c.slice(slash + 1) : '';
    if (!host || !path) {
      out.push(mk('ingressclass/controller', 'spec.controller', 'must be a domain-prefixed path (such as "acme.io/foo")', c, 'domain/path', 'Prefix the controller name with its domain'));
    } else {
      const p = dns1123SubdomainProblem(host);
      if (p) out.push(mk('ingressclass/controller', 'spec.controller', p, host, 'a lower-case domain', 'Write the domain part in lower case'));
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(path)) out.push(mk('ingressclass/controller', 'spec.controller', 'path must be a valid path', path, "letters, digits and /-._~%!$&'()*+,;=:", 'Remove the characters a URL path cannot hold'));
    }
  }
  // upstream: validateIngressClassParametersReference
  if (isSet(spec.parameters)) {
    const params = checkTypedRef(out, 'ingressclass/parameters', spec.parameters, 'spec.parameters');
    const scope = params.scope;
    if (!isSet(scope)) {
      // The v1 defaulter (SetDefaults_IngressClass) sets scope Cluster when it is unset.
      if (isSet(params.namespace)) out.push(mk('ingressclass/parameters', 'spec.parameters.namespace', "`parameters.scope` is set to 'Cluster'", params.namespace, 'unset', 'Set scope: Namespace, or remove namespace'));
    } else if (scope !== 'Namespace' && scope !== 'Cluster') {
      out.push(mk('ingressclass/parameters', 'spec.parameters.scope', 'is not a supported scope', scope, 'Cluster, Namespace', 'Use Cluster or Namespace'));
    } else if (scope === 'Namespace') {
      if (!isSet(params.namespace)) {
        out.push(mk('ingressclass/parameters', 'spec.parameters.namespace', "is required: `parameters.scope` is set to 'Namespace'", undefined, undefined, 'Name the namespace of the parameters object'));
      } else {
        const p = dns1123LabelProblem(params.namespace);
        if (p) out.push(mk('ingressclass/parameters', 'spec.parameters.namespace', p, params.namespace, 'a namespace name', 'Use the name of a namespace'));
      }
    } else if (isSet(params.namespace)) {
      out.push(mk('ingressclass/parameters', 'spec.parameters.namespace', "`parameters.scope` is set to 'Cluster'", params.namespace, 'unset', 'Remove namespace, or set scope: Namespace'));
    }
  }
  return out;
}
