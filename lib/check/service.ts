/**
 * Service server-side rules (k8s.io/kubernetes pkg/apis/core/validation/validation.go,
 * ValidateService and the functions it calls), checked on the object as the server sees it
 * after the v1 defaults (pkg/apis/core/v1/defaults.go SetDefaults_Service): `type`
 * ClusterIP, `sessionAffinity` None, port `protocol` TCP, `targetPort` = `port`,
 * `externalTrafficPolicy` Cluster for NodePort and LoadBalancer, `internalTrafficPolicy`
 * Cluster, `allocateLoadBalancerNodePorts` true for LoadBalancer, and a ClientIP timeout of
 * 10800 s. Values the server allocates on create (clusterIPs, ipFamilies, nodePorts) are
 * only checked when the user wrote them.
 */
import { arr, dns1035LabelProblem, dns1123SubdomainProblem, isPortNum, isSet, labelSelector, mk, obj, qualifiedNameProblem } from './kind-util';
import { ipFamily, legacyCidrProblem, legacyIpProblem } from './netaddr';
import { Violation } from '../base/errors';
import { isObject } from '../base/validators';

/** Why `name` is not an IANA_SVC_NAME port name, or `undefined` when it is one. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const AFFINITIES = ['ClientIP', 'None'];
const TRAFFIC_POLICIES = ['Cluster', 'Local'];
const FAMILIES = ['IPv4', 'IPv6'];
const FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const TRAFFIC_DISTRIBUTIONS = ['PreferClose', 'PreferSameZone', 'PreferSameNode'];
/** core.MaxClientIPServiceAffinitySeconds */
const MAX_AFFINITY_SECONDS = 86400;

/** The rules for one v1 Service. */
export function checkServiceRules(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o) || !isObject(o.spec)) return out;
  const spec = o.spec;
  const type: unknown = spec.type ?? 'ClusterIP';
  const clusterIP: unknown = spec.clusterIP ?? '';
  const headless = clusterIP === 'None';
  const ports = arr(spec.ports);

  if (!TYPES.includes(type as string)) {
    out.push(mk('service/type', 'spec.type', 'is not a supported Service type', type, TYPES.join(', '), 'Use one of the Service types'));
  }

  // upstream: ValidateService
  if (ports.length === 0 && !headless && type !== 'ExternalName') {
    out.push(mk('service/ports', 'spec.ports', 'at least one port is required', undefined, undefined, 'Add a port, make the Service headless (clusterIP: None) or of type ExternalName'));
  }
  if (type === 'ExternalName') {
    if (clusterIP !== '') out.push(mk('service/external-name', 'spec.clusterIP', 'may not be set for ExternalName services', clusterIP, 'unset', 'Remove clusterIP'));
    if (arr(spec.clusterIPs).length) out.push(mk('service/external-name', 'spec.clusterIPs', 'may not be set for ExternalName services', spec.clusterIPs, 'unset', 'Remove clusterIPs'));
    if (arr(spec.ipFamilies).length) out.push(mk('service/external-name', 'spec.ipFamilies', 'may not be set for ExternalName services', spec.ipFamilies, 'unset', 'Remove ipFamilies'));
    if (isSet(spec.ipFamilyPolicy)) out.push(mk('service/external-name', 'spec.ipFamilyPolicy', 'may not be set for ExternalName services', spec.ipFamilyPolicy, 'unset', 'Remove ipFamilyPolicy'));
    const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : spec.externalName;
    if (!isSet(spec.externalName) || spec.externalName === '') {
      out.push(mk('service/external-name', 'spec.externalName', 'is required for ExternalName services', undefined, undefined, 'Set the DNS name the Service aliases'));
    } else {
      const p = dns1123SubdomainProblem(name);
      if (p) out.push(mk('service/external-name', 'spec.externalName', p, spec.externalName, 'a DNS-1123 subdomain, optionally ending in "."', 'Use a lower-case DNS name'));
    }
  }

  // Ports: validateServicePort, plus the duplicate checks of ValidateService.
  const names = new Set<string>();
  const portKeys = new Set<string>();
  const nodePortKeys = new Set<string>();
  ports.forEach((p0: unknown, i: number) => {
    const p = obj(p0);
    const f = `spec.ports[${i}]`;
    // upstream: validateServicePort
    const name = p.name ?? '';
    if (ports.length > 1 && name === '') {
      out.push(mk('service/port-name', `${f}.name`, 'is required when a Service has more than one port', undefined, undefined, 'Name every port (e.g. http, https)'));
    } else if (name !== '') {
      const problem = dns1035LabelProblem(name);
      if (problem) out.push(mk('service/port-name', `${f}.name`, problem, name, 'a DNS-1035 label', 'Use a lower-case name starting with a letter'));
      else if (names.has(name)) out.push(mk('service/port-name', `${f}.name`, 'is a duplicate port name', name, 'a name no other port of the Service has', 'Give each port its own name'));
      names.add(name);
    }
    if (!isPortNum(p.port)) {
      out.push(mk('service/port', `${f}.port`, 'must be between 1 and 65535, inclusive', p.port, '1-65535', 'Use the port clients connect to'));
    }
    const protocol = p.protocol ?? 'TCP';
    if (!PROTOCOLS.includes(protocol)) {
      out.push(mk('service/protocol', `${f}.protocol`, 'is not a supported protocol', protocol, PROTOCOLS.join(', '), 'Use TCP, UDP or SCTP (upper case)'));
    }
    const t = p.targetPort;
    if (typeof t === 'number' && t !== 0 && !isPortNum(t)) {
      out.push(mk('service/target-port', `${f}.targetPort`, 'must be a port number between 1 and 65535', t, '1-65535, or a port name', 'Use the port the pods listen on'));
    } else if (typeof t === 'string' && t !== '') {
      const problem = portNameProblem(t);
      if (problem) {
        out.push(mk('service/target-port', `${f}.targetPort`, `is not a port name: it ${problem}`, t, 'a port number, or the name of a container port (IANA_SVC_NAME)',
          /^[0-9]+$/.test(t) ? `Write the number without quotes: targetPort: ${t}` : 'Use the name of a container port, or its number'));
      }
    }
    if (isSet(p.appProtocol)) {
      const problem = qualifiedNameProblem(p.appProtocol);
      if (problem) out.push(mk('service/app-protocol', `${f}.appProtocol`, problem, p.appProtocol, 'a qualified name, e.g. http or kubernetes.io/h2c', 'Use an IANA service name or a domain-prefixed protocol'));
    }
    const portKey = `${protocol}/${p.port}`;
    if (portKeys.has(portKey)) out.push(mk('service/duplicate-port', f, 'duplicates the port and protocol of another port', { port: p.port, protocol }, 'each port/protocol pair once', 'Remove the repeated port'));
    portKeys.add(portKey);
    if (isSet(p.nodePort) && p.nodePort !== 0) {
      if (type === 'ClusterIP') {
        out.push(mk('service/node-port', `${f}.nodePort`, "may not be used when `type` is 'ClusterIP'", p.nodePort, 'unset', 'Remove nodePort, or use type NodePort or LoadBalancer'));
      } else if (!isPortNum(p.nodePort)) {
        out.push(mk('service/node-port', `${f}.nodePort`, 'must be between 1 and 65535, inclusive', p.nodePort, '1-65535 (in the cluster node port range)', 'Use a port of the node port range, or leave it unset to have one allocated'));
      }
      const nk = `${protocol}/${p.nodePort}`;
      if (nodePortKeys.has(nk)) out.push(mk('service/node-port', `${f}.nodePort`, 'duplicates the nodePort and protocol of another port', p.nodePort, 'each nodePort/protocol pair once', 'Use a different nodePort'));
      nodePortKeys.add(nk);
    }
  });

  // Session affinity: validateClientIPAffinityConfig.
  const affinity = spec.sessionAffinity ?? 'None';
  if (!AFFINITIES.includes(affinity)) {
    out.push(mk('service/session-affinity', 'spec.sessionAffinity', 'is not a supported session affinity', affinity, AFFINITIES.join(', '), 'Use ClientIP or None'));
  } else if (affinity === 'ClientIP') {
    // upstream: validateClientIPAffinityConfig
    const timeout = obj(obj(spec.sessionAffinityConfig).clientIP).timeoutSeconds;
    if (isSet(timeout) && !(typeof timeout === 'number' && timeout > 0 && timeout <= MAX_AFFINITY_SECONDS)) {
      out.push(mk('service/session-affinity', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`, timeout, `1-${MAX_AFFINITY_SECONDS}`, 'Use a timeout of at most a day'));
    }
  } else if (isSet(spec.sessionAffinityConfig)) {
    out.push(mk('service/session-affinity', 'spec.sessionAffinityConfig', `must not be set when session affinity is ${affinity}`, spec.sessionAffinityConfig, 'unset', 'Remove sessionAffinityConfig, or set sessionAffinity: ClientIP'));
  }

  // LoadBalancer-only fields.
  if (type !== 'LoadBalancer') {
    for (const fld of ['loadBalancerSourceRanges', 'allocateLoadBalancerNodePorts', 'loadBalancerClass']) {
      const val = spec[fld];
      if (isSet(val) && !(Array.isArray(val) && val.length === 0)) {
        out.push(mk('service/load-balancer', `spec.${fld}`, "may only be used when `type` is 'LoadBalancer'", val, 'unset', `Remove ${fld}, or use type LoadBalancer`));
      }
    }
  } else {
    // upstream: validateLoadBalancerClassField
    if (isSet(spec.loadBalancerClass)) {
      const problem = qualifiedNameProblem(spec.loadBalancerClass);
      if (problem) out.push(mk('service/load-balancer', 'spec.loadBalancerClass', problem, spec.loadBalancerClass, 'a qualified name, e.g. example.com/internal-vip', 'Use the class name your load balancer controller documents'));
    }
    arr(spec.loadBalancerSourceRanges).forEach((r: unknown, i: number) => {
      const problem = typeof r === 'string' ? legacyCidrProblem(r.trim()) : 'must be a CIDR string';
      if (problem) out.push(mk('service/load-balancer', `spec.loadBalancerSourceRanges[${i}]`, problem, r, 'a CIDR, e.g. 10.0.0.0/8', 'Write the network address with its prefix length'));
    });
  }

  // The annotation form of the source ranges, read only when the field is empty.
  const rangesKey = 'service.beta.kubernetes.io/load-balancer-source-ranges';
  const annotations = isObject(o.metadata) && isObject(o.metadata.annotations) ? o.metadata.annotations : {};
  if (arr(spec.loadBalancerSourceRanges).length === 0 && typeof annotations[rangesKey] === 'string') {
    const af = `metadata.annotations[${JSON.stringify(rangesKey)}]`;
    const val = annotations[rangesKey].trim();
    if (type !== 'LoadBalancer') {
      out.push(mk('service/load-balancer', af, "may only be used when `type` is 'LoadBalancer'", annotations[rangesKey], 'unset', 'Remove the annotation, or use type LoadBalancer'));
    }
    if (val !== '') {
      for (const r of val.split(',')) {
        const problem = legacyCidrProblem(r.trim());
        if (problem) out.push(mk('service/load-balancer', af, problem, r.trim(), 'comma-separated CIDRs, e.g. 10.0.0.0/8,192.168.0.0/16', 'Write each network address with its prefix length'));
      }
    }
  }

  // upstream: validateServiceExternalTrafficPolicy
  const external = type === 'NodePort' || type === 'LoadBalancer';
  const etp = spec.externalTrafficPolicy;
  if (isSet(etp) && etp !== '') {
    if (!external && !(type === 'ClusterIP' && arr(spec.externalIPs).length > 0)) {
      out.push(mk('service/traffic-policy', 'spec.externalTrafficPolicy', 'may only be set for externally-accessible services', etp, 'unset (for this type)', 'Remove externalTrafficPolicy, or use type NodePort or LoadBalancer'));
    } else if (!TRAFFIC_POLICIES.includes(etp)) {
      out.push(mk('service/traffic-policy', 'spec.externalTrafficPolicy', 'is not a supported traffic policy', etp, TRAFFIC_POLICIES.join(', '), 'Use Cluster or Local'));
    }
  }
  if (isSet(spec.healthCheckNodePort) && spec.healthCheckNodePort !== 0) {
    if (!(type === 'LoadBalancer' && etp === 'Local')) {
      out.push(mk('service/traffic-policy', 'spec.healthCheckNodePort', "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'", spec.healthCheckNodePort, 'unset', 'Remove healthCheckNodePort'));
    } else if (!isPortNum(spec.healthCheckNodePort)) {
      out.push(mk('service/traffic-policy', 'spec.healthCheckNodePort', 'must be between 1 and 65535, inclusive', spec.healthCheckNodePort, '1-65535', 'Use a port of the node port range, or leave it unset'));
    }
  }
  // upstream: validateServiceInternalTrafficPolicy
  if (type !== 'ExternalName' && isSet(spec.internalTrafficPolicy) && !TRAFFIC_POLICIES.includes(spec.internalTrafficPolicy)) {
    out.push(mk('service/traffic-policy', 'spec.internalTrafficPolicy', 'is not a supported traffic policy', spec.internalTrafficPolicy, TRAFFIC_POLICIES.join(', '), 'Use Cluster or Local'));
  }
  if (isSet(spec.trafficDistribution) && !TRAFFIC_DISTRIBUTIONS.includes(spec.trafficDistribution)) {
    out.push(mk('service/traffic-distribution', 'spec.trafficDistribution', 'is not a supported traffic distribution', spec.trafficDistribution, TRAFFIC_DISTRIBUTIONS.join(', '), 'Use PreferSameZone (or its older name PreferClose) or PreferSameNode'));
  }

  arr(spec.externalIPs).forEach((ip: unknown, i: number) => {
    // upstream: ValidateNonSpecialIP
    const f = `spec.externalIPs[${i}]`;
    const problem = legacyIpProblem(ip) ?? specialIpProblem(ip as string);
    if (problem) out.push(mk('service/external-ip', f, problem, ip, 'a routable IP address', 'Use an address clients can reach'));
  });

  if ((type === 'NodePort' || type === 'LoadBalancer') && headless) {
    out.push(mk('service/cluster-ip', 'spec.clusterIP', `may not be set to 'None' for ${type} services`, clusterIP, 'an IP address, or unset', 'Remove clusterIP: None, or use type ClusterIP for a headless Service'));
  }
  if (type !== 'ExternalName') checkClusterIPs(spec, out);
  checkSelector(spec, out);
  return out;
}

/** ValidateNonSpecialIP: unspecified, loopback, link-local and multicast addresses are refused. */
function specialIpProblem(ip: string): string | undefined {
  const s = ip.toLowerCase();
  if (s === '0.0.0.0' || s === '::') return 'may not be unspecified (0.0.0.0)';
  if (/^127\./.test(s) || s === '::1') return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if (/^169\.254\./.test(s) || /^fe[89ab][0-9a-f]:/.test(s)) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  if (/^224\.0\.0\./.test(s) || /^ff[0-9a-f]2:/.test(s)) return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  return undefined;
}

/** The selector of a Service is a plain label map: its keys and values must be label-valid. */
function checkSelector(spec: Record<string, any>, out: Violation[]): void {
  if (!isObject(spec.selector)) return;
  out.push(...labelSelector('service/selector', 'spec', { matchLabels: spec.selector }).map((v) => ({ ...v, field: v.field.replace(/^spec\.matchLabels/, 'spec.selector') })));
}

// upstream: validateServiceClusterIPsRelatedFields
function checkClusterIPs(spec: Record<string, any>, out: Violation[]): void {
  const clusterIP: string = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const clusterIPs: unknown[] = arr(spec.clusterIPs);
  const families: unknown[] = arr(spec.ipFamilies);
  const policy = spec.ipFamilyPolicy;
  if (clusterIPs.length > 0 && clusterIP !== '' && clusterIPs[0] !== clusterIP) {
    out.push(mk('service/cluster-ip', 'spec.clusterIPs[0]', 'first value must match `clusterIP`', clusterIPs[0], JSON.stringify(clusterIP), 'Write the same address in clusterIP and clusterIPs[0], or set only one of them'));
  }
  if (clusterIPs.length > 2) out.push(mk('service/cluster-ip', 'spec.clusterIPs', 'may only hold up to 2 values', clusterIPs, 'one IP per family', 'Keep one IPv4 and one IPv6 address at most'));
  const ips = clusterIPs.length ? clusterIPs : (clusterIP !== '' ? [clusterIP] : []);
  const ipsField = clusterIPs.length ? 'spec.clusterIPs' : 'spec.clusterIP';
  const headless = ips[0] === 'None';
  ips.forEach((ip, i) => {
    const f = clusterIPs.length ? `${ipsField}[${i}]` : ipsField;
    if (ip === 'None') {
      if (i > 0) out.push(mk('service/cluster-ip', f, "must not be 'None' after the first value", ip, 'an IP address', "Put 'None' alone, first"));
      return;
    }
    if (headless) {
      out.push(mk('service/cluster-ip', f, "must not have other values when the first value is 'None'", ip, 'nothing', 'Remove the other values of a headless Service'));
      return;
    }
    const problem = legacyIpProblem(ip);
    if (problem) out.push(mk('service/cluster-ip', f, problem, ip, "an IP address of the service range, or 'None'", 'Leave clusterIP unset to have one allocated'));
  });
  if (ips.length === 2 && !headless && ipFamily(ips[0]) && ipFamily(ips[0]) === ipFamily(ips[1])) {
    out.push(mk('service/cluster-ip', 'spec.clusterIPs', 'may specify no more than one IP for each IP family', ips, 'one IPv4 and one IPv6 address', 'Remove one of the addresses'));
  }
  if (isSet(policy) && !FAMILY_POLICIES.includes(policy)) {
    out.push(mk('service/ip-family', 'spec.ipFamilyPolicy', 'is not a supported IP family policy', policy, FAMILY_POLICIES.join(', '), 'Use SingleStack, PreferDualStack or RequireDualStack'));
  }
  if (families.length > 2) out.push(mk('service/ip-family', 'spec.ipFamilies', 'may only hold up to 2 values', families, 'IPv4, IPv6', 'List each family once'));
  const seen = new Set<unknown>();
  families.forEach((fam, i) => {
    const f = `spec.ipFamilies[${i}]`;
    if (!FAMILIES.includes(fam as string)) out.push(mk('service/ip-family', f, 'is not a supported IP family', fam, FAMILIES.join(', '), 'Use IPv4 or IPv6'));
    else if (seen.has(fam)) out.push(mk('service/ip-family', f, 'is a duplicate IP family', fam, 'each family once', 'Remove the repeated family'));
    seen.add(fam);
  });
  if (policy === 'SingleStack' && (families.length > 1 || (ips.length > 1 && !headless))) {
    out.push(mk('service/ip-family', 'spec.ipFamilyPolicy', "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified", policy, 'PreferDualStack, RequireDualStack', 'Use a dual-stack policy, or give one family'));
  }
  if (!headless) {
    ips.forEach((ip, i) => {
      const fam = families[i];
      const got = ipFamily(ip);
      if (got && (fam === 'IPv4' || fam === 'IPv6') && `IPv${got}` !== fam) {
        out.push(mk('service/ip-family', clusterIPs.length ? `spec.clusterIPs[${i}]` : 'spec.clusterIP', `expected an ${fam} value as indicated by \`ipFamilies[${i}]\``, ip, fam, 'List the families in the order of the addresses'));
      }
    });
  }
}
