/**
 * Cases translated from the upstream validation tests of the non-workload kinds, written as
 * a user writes v1 YAML (so the v1 defaults apply before the rules, as on the server).
 * Each case names the upstream test function it comes from:
 *
 * - pkg/apis/core/validation/validation_test.go: TestValidateService (svcTestCases),
 *   TestValidateEndpointsCreate, TestValidateConfigMap, TestValidateSecret /
 *   TestValidateDockerConfigSecret / TestValidateBasicAuthSecret / TestValidateSSHAuthSecret,
 *   TestValidatePersistentVolumeClaim, TestValidateNamespace (finalizers),
 *   TestValidateLimitRange, TestValidateResourceQuota;
 * - pkg/apis/networking/validation/validation_test.go: TestValidateNetworkPolicy,
 *   TestValidateIngressCreate / TestValidateIngressRuleValue / TestValidateIngressTLS,
 *   TestValidateIngressClass;
 * - pkg/apis/policy/validation/validation_test.go: TestValidatePodDisruptionBudgetSpec,
 *   TestValidateUnhealthyPodEvictionPolicyDisruptionBudgetSpec;
 * - pkg/apis/autoscaling/validation/validation_test.go: TestValidateHorizontalPodAutoscaler,
 *   TestValidateBehavior;
 * - pkg/apis/rbac/validation/validation_test.go: TestValidateClusterRoleBinding,
 *   TestValidateRoleBinding, TestValidateRoleNonResourceURL / TestValidateRole*,
 *   TestValidateClusterRoleAggregation.
 *
 * `invalid` gives the field path and check id the refusal must carry.
 */

export interface UpstreamCase {
  /** The upstream test function and case. */
  readonly name: string;
  readonly obj: any;
  /** Undefined for a valid object; else the refusal expected. */
  readonly invalid?: { readonly field: string; readonly id: string };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
/** A copy of `base` changed by `f`. */
function variant(base: any, f: (o: any) => void): any {
  const o = clone(base);
  f(o);
  return o;
}

// ---------------------------------------------------------------------------------------
// Service (TestValidateService)

const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'abc123', namespace: 'default' }, spec: { selector: { key: 'val' }, ports: [{ name: 'p', port: 8675, targetPort: 8675, protocol: 'TCP' }] } };
const S = (name: string, f: (o: any) => void, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateService: ${name}`, obj: variant(svc, f), invalid });

const SERVICE: UpstreamCase[] = [
  S('valid', () => {}),
  S('valid type - cluster', (o) => { o.spec.type = 'ClusterIP'; }),
  S('valid type - nodeport', (o) => { o.spec.type = 'NodePort'; }),
  S('valid type - loadbalancer', (o) => { o.spec.type = 'LoadBalancer'; }),
  S('valid type loadbalancer 2 ports', (o) => { o.spec.type = 'LoadBalancer'; o.spec.ports.push({ name: 'q', port: 12345, targetPort: 12345 }); }),
  S('valid external load balancer 2 ports', (o) => { o.spec.type = 'LoadBalancer'; o.spec.ports.push({ name: 'q', port: 12345, protocol: 'UDP', targetPort: 12345 }); }),
  S('valid type - nodeport with nodePort', (o) => { o.spec.type = 'NodePort'; o.spec.ports[0].nodePort = 30123; }),
  S('valid ClusterIP headless', (o) => { o.spec.clusterIP = 'None'; o.spec.ports = []; }),
  S('valid cluster ip - none', (o) => { o.spec.clusterIP = 'None'; }),
  S('valid ExternalName', (o) => { o.spec = { type: 'ExternalName', externalName: 'foo.bar.example.com' }; }),
  S('valid ExternalName (trailing dot)', (o) => { o.spec = { type: 'ExternalName', externalName: 'foo.bar.example.com.' }; }),
  S('valid sessionAffinity ClientIP with timeout', (o) => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86400 } }; }),
  S('valid LoadBalancer source range annotation-free', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['10.0.0.0/8', ' 1.2.3.0/24 ']; }),
  S('valid externalTrafficPolicy Local', (o) => { o.spec.type = 'LoadBalancer'; o.spec.externalTrafficPolicy = 'Local'; o.spec.healthCheckNodePort = 34567; }),
  S('valid internalTrafficPolicy Local', (o) => { o.spec.internalTrafficPolicy = 'Local'; }),
  S('valid dual-stack cluster IPs', (o) => { o.spec.clusterIP = '10.0.0.1'; o.spec.clusterIPs = ['10.0.0.1', '2001:db8::1']; o.spec.ipFamilies = ['IPv4', 'IPv6']; o.spec.ipFamilyPolicy = 'RequireDualStack'; }),
  S('valid trafficDistribution PreferSameZone', (o) => { o.spec.trafficDistribution = 'PreferSameZone'; }),
  S('valid appProtocol', (o) => { o.spec.ports[0].appProtocol = 'kubernetes.io/h2c'; }),
  S('valid externalIPs', (o) => { o.spec.externalIPs = ['1.2.3.4']; }),
  S('valid loadBalancerClass', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerClass = 'test.com/test-load-balancer-class'; }),
  S('valid named targetPort', (o) => { o.spec.ports[0].targetPort = 'http'; }),
  S('missing ports', (o) => { o.spec.ports = []; }, { field: 'spec.ports', id: 'service/ports' }),
  S('empty port[1] name', (o) => { o.spec.ports.push({ name: '', port: 12345, targetPort: 12345 }); }, { field: 'spec.ports[1].name', id: 'service/port-name' }),
  S('missing port names with several ports', (o) => { delete o.spec.ports[0].name; o.spec.ports.push({ port: 12345 }); }, { field: 'spec.ports[0].name', id: 'service/port-name' }),
  S('invalid port name', (o) => { o.spec.ports[0].name = 'INVALID'; }, { field: 'spec.ports[0].name', id: 'service/port-name' }),
  S('dup port name', (o) => { o.spec.ports.push({ name: 'p', port: 12345, targetPort: 12345 }); }, { field: 'spec.ports[1].name', id: 'service/port-name' }),
  S('invalid port', (o) => { o.spec.ports[0].port = 65536; }, { field: 'spec.ports[0].port', id: 'service/port' }),
  S('invalid protocol', (o) => { o.spec.ports[0].protocol = 'INVALID'; }, { field: 'spec.ports[0].protocol', id: 'service/protocol' }),
  S('invalid targetPort int', (o) => { o.spec.ports[0].targetPort = 65536; }, { field: 'spec.ports[0].targetPort', id: 'service/target-port' }),
  S('invalid targetPort string', (o) => { o.spec.ports[0].targetPort = 'INVALID'; }, { field: 'spec.ports[0].targetPort', id: 'service/target-port' }),
  S('invalid type', (o) => { o.spec.type = 'InvalidType'; }, { field: 'spec.type', id: 'service/type' }),
  S('invalid session affinity', (o) => { o.spec.sessionAffinity = 'INVALID'; }, { field: 'spec.sessionAffinity', id: 'service/session-affinity' }),
  S('sessionAffinityConfig with affinity None', (o) => { o.spec.sessionAffinity = 'None'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 90 } }; }, { field: 'spec.sessionAffinityConfig', id: 'service/session-affinity' }),
  S('invalid ClientIP timeout', (o) => { o.spec.sessionAffinity = 'ClientIP'; o.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 86401 } }; }, { field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', id: 'service/session-affinity' }),
  S('invalid cluster ip', (o) => { o.spec.clusterIP = 'invalid'; }, { field: 'spec.clusterIP', id: 'service/cluster-ip' }),
  S('nodePort on ClusterIP', (o) => { o.spec.ports[0].nodePort = 30123; }, { field: 'spec.ports[0].nodePort', id: 'service/node-port' }),
  S('duplicate nodeports', (o) => { o.spec.type = 'NodePort'; o.spec.ports = [{ name: 'r', port: 1, nodePort: 30123, targetPort: 1 }, { name: 's', port: 2, nodePort: 30123, targetPort: 2 }]; }, { field: 'spec.ports[1].nodePort', id: 'service/node-port' }),
  S('duplicate port and protocol', (o) => { o.spec.ports.push({ name: 'q', port: 8675, targetPort: 1 }); }, { field: 'spec.ports[1]', id: 'service/duplicate-port' }),
  S('LoadBalancer with clusterIP None', (o) => { o.spec.type = 'LoadBalancer'; o.spec.clusterIP = 'None'; }, { field: 'spec.clusterIP', id: 'service/cluster-ip' }),
  S('NodePort with clusterIP None', (o) => { o.spec.type = 'NodePort'; o.spec.clusterIP = 'None'; }, { field: 'spec.clusterIP', id: 'service/cluster-ip' }),
  S('invalid externalName', (o) => { o.spec = { type: 'ExternalName', externalName: '-123' }; }, { field: 'spec.externalName', id: 'service/external-name' }),
  S('missing externalName', (o) => { o.spec = { type: 'ExternalName' }; }, { field: 'spec.externalName', id: 'service/external-name' }),
  S('ExternalName with clusterIP', (o) => { o.spec = { type: 'ExternalName', externalName: 'foo.example.com', clusterIP: '1.2.3.4' }; }, { field: 'spec.clusterIP', id: 'service/external-name' }),
  S('loadBalancerSourceRanges on ClusterIP', (o) => { o.spec.loadBalancerSourceRanges = ['10.0.0.0/8']; }, { field: 'spec.loadBalancerSourceRanges', id: 'service/load-balancer' }),
  S('invalid loadBalancerSourceRanges', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerSourceRanges = ['foo.bar']; }, { field: 'spec.loadBalancerSourceRanges[0]', id: 'service/load-balancer' }),
  S('valid source ranges annotation', (o) => { o.spec.type = 'LoadBalancer'; o.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '1.2.3.0/24, 10.0.0.0/8' }; }),
  S('invalid source ranges annotation', (o) => { o.spec.type = 'LoadBalancer'; o.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': 'foo.bar' }; }, { field: 'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]', id: 'service/load-balancer' }),
  S('source ranges annotation on ClusterIP', (o) => { o.metadata.annotations = { 'service.beta.kubernetes.io/load-balancer-source-ranges': '1.2.3.0/24' }; }, { field: 'metadata.annotations["service.beta.kubernetes.io/load-balancer-source-ranges"]', id: 'service/load-balancer' }),
  S('loadBalancerClass on ClusterIP', (o) => { o.spec.loadBalancerClass = 'test.com/test-load-balancer-class'; }, { field: 'spec.loadBalancerClass', id: 'service/load-balancer' }),
  S('invalid loadBalancerClass', (o) => { o.spec.type = 'LoadBalancer'; o.spec.loadBalancerClass = 'Bad/Class/Name'; }, { field: 'spec.loadBalancerClass', id: 'service/load-balancer' }),
  S('externalTrafficPolicy on ClusterIP', (o) => { o.spec.externalTrafficPolicy = 'Local'; }, { field: 'spec.externalTrafficPolicy', id: 'service/traffic-policy' }),
  S('invalid externalTrafficPolicy', (o) => { o.spec.type = 'LoadBalancer'; o.spec.externalTrafficPolicy = 'invalid'; }, { field: 'spec.externalTrafficPolicy', id: 'service/traffic-policy' }),
  S('healthCheckNodePort with Cluster policy', (o) => { o.spec.type = 'LoadBalancer'; o.spec.externalTrafficPolicy = 'Cluster'; o.spec.healthCheckNodePort = 34567; }, { field: 'spec.healthCheckNodePort', id: 'service/traffic-policy' }),
  S('invalid internalTrafficPolicy', (o) => { o.spec.internalTrafficPolicy = 'invalid'; }, { field: 'spec.internalTrafficPolicy', id: 'service/traffic-policy' }),
  S('invalid trafficDistribution', (o) => { o.spec.trafficDistribution = 'Invalid'; }, { field: 'spec.trafficDistribution', id: 'service/traffic-distribution' }),
  S('invalid appProtocol', (o) => { o.spec.ports[0].appProtocol = 'example.com/protocol/with/slashes'; }, { field: 'spec.ports[0].appProtocol', id: 'service/app-protocol' }),
  S('invalid externalIPs (loopback)', (o) => { o.spec.externalIPs = ['127.0.0.1']; }, { field: 'spec.externalIPs[0]', id: 'service/external-ip' }),
  S('invalid externalIPs (not an IP)', (o) => { o.spec.externalIPs = ['myhost.mydomain']; }, { field: 'spec.externalIPs[0]', id: 'service/external-ip' }),
  S('clusterIPs[0] differs from clusterIP', (o) => { o.spec.clusterIP = '10.0.0.1'; o.spec.clusterIPs = ['10.0.0.2']; }, { field: 'spec.clusterIPs[0]', id: 'service/cluster-ip' }),
  S('two IPs of one family', (o) => { o.spec.clusterIPs = ['10.0.0.1', '10.0.0.2']; o.spec.ipFamilyPolicy = 'RequireDualStack'; }, { field: 'spec.clusterIPs', id: 'service/cluster-ip' }),
  S('invalid ipFamily', (o) => { o.spec.ipFamilies = ['IPv5']; }, { field: 'spec.ipFamilies[0]', id: 'service/ip-family' }),
  S('duplicate ipFamilies', (o) => { o.spec.ipFamilies = ['IPv4', 'IPv4']; o.spec.ipFamilyPolicy = 'RequireDualStack'; }, { field: 'spec.ipFamilies[1]', id: 'service/ip-family' }),
  S('invalid ipFamilyPolicy', (o) => { o.spec.ipFamilyPolicy = 'Random'; }, { field: 'spec.ipFamilyPolicy', id: 'service/ip-family' }),
  S('SingleStack with two families', (o) => { o.spec.ipFamilies = ['IPv4', 'IPv6']; o.spec.ipFamilyPolicy = 'SingleStack'; }, { field: 'spec.ipFamilyPolicy', id: 'service/ip-family' }),
  S('clusterIP family differs from ipFamilies[0]', (o) => { o.spec.clusterIP = '10.0.0.1'; o.spec.ipFamilies = ['IPv6']; }, { field: 'spec.clusterIP', id: 'service/ip-family' }),
  S('invalid selector label value', (o) => { o.spec.selector = { key: 'bad value' }; }, { field: 'spec.selector["key"]', id: 'service/selector' }),
];

// ---------------------------------------------------------------------------------------
// Endpoints (TestValidateEndpointsCreate)

const ep = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'mysvc', namespace: 'namespace' }, subsets: [{ addresses: [{ ip: '10.10.1.1' }], ports: [{ name: 'a', port: 8675, protocol: 'TCP' }, { name: 'b', port: 309, protocol: 'TCP' }] }] };
const E = (name: string, f: (o: any) => void, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateEndpointsCreate: ${name}`, obj: variant(ep, f), invalid });
const ENDPOINTS: UpstreamCase[] = [
  E('simple endpoint', () => {}),
  E('empty subsets', (o) => { o.subsets = []; }),
  E('no ports', (o) => { delete o.subsets[0].ports; }),
  E('single port without name', (o) => { o.subsets[0].ports = [{ port: 8675 }]; }),
  E('notReadyAddresses only', (o) => { o.subsets[0].notReadyAddresses = o.subsets[0].addresses; delete o.subsets[0].addresses; }),
  E('empty addresses', (o) => { o.subsets[0].addresses = []; }, { field: 'subsets[0]', id: 'endpoints/subset' }),
  E('invalid IP', (o) => { o.subsets[0].addresses[0].ip = '[2001:0db8:85a3:0042:1000:8a2e:0370:7334]'; }, { field: 'subsets[0].addresses[0].ip', id: 'endpoints/address' }),
  E('multiple ports, one without name', (o) => { delete o.subsets[0].ports[1].name; }, { field: 'subsets[0].ports[1].name', id: 'endpoints/port' }),
  E('invalid port number', (o) => { o.subsets[0].ports[0].port = 66000; }, { field: 'subsets[0].ports[0].port', id: 'endpoints/port' }),
  E('invalid protocol', (o) => { o.subsets[0].ports[0].protocol = 'Protocol'; }, { field: 'subsets[0].ports[0].protocol', id: 'endpoints/port' }),
  E('address is loopback', (o) => { o.subsets[0].addresses[0].ip = '127.0.0.1'; }, { field: 'subsets[0].addresses[0].ip', id: 'endpoints/address' }),
  E('address is link-local', (o) => { o.subsets[0].addresses[0].ip = '169.254.169.254'; }, { field: 'subsets[0].addresses[0].ip', id: 'endpoints/address' }),
  E('address is link-local multicast', (o) => { o.subsets[0].addresses[0].ip = '224.0.0.1'; }, { field: 'subsets[0].addresses[0].ip', id: 'endpoints/address' }),
  E('invalid port name', (o) => { o.subsets[0].ports[0].name = 'a.b.c'; }, { field: 'subsets[0].ports[0].name', id: 'endpoints/port' }),
  E('invalid hostname', (o) => { o.subsets[0].addresses[0].hostname = 'Bad_Host'; }, { field: 'subsets[0].addresses[0].hostname', id: 'endpoints/address' }),
  E('invalid appProtocol', (o) => { o.subsets[0].ports[0].appProtocol = 'lots-of[invalid]-{chars}'; }, { field: 'subsets[0].ports[0].appProtocol', id: 'endpoints/port' }),
];

// ---------------------------------------------------------------------------------------
// ConfigMap, Secret (TestValidateConfigMap, TestValidateSecret and the typed-secret tests)

const cm = (data: any, binaryData?: any) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'validname', namespace: 'validns' }, data, ...(binaryData ? { binaryData } : {}) });
const C = (name: string, obj: any, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateConfigMap: ${name}`, obj, invalid });
const CONFIGMAP: UpstreamCase[] = [
  C('valid', cm({ 'key1': 'value1', '.dotfile': 'value', '-dash': 'v', '_under': 'v', 'a.b': 'v' })),
  C('valid binaryData', cm({ key1: 'v' }, { key2: 'dmFsdWU=' })),
  C('invalid key: space', cm({ 'key with space': 'v' }), { field: 'data["key with space"]', id: 'configmap/key' }),
  C('invalid key: ..', cm({ '..': 'v' }), { field: 'data[".."]', id: 'configmap/key' }),
  C('invalid key: ..dotdot', cm({ '..dotdot': 'v' }), { field: 'data["..dotdot"]', id: 'configmap/key' }),
  C('invalid key: slash', cm({ 'a/b': 'v' }), { field: 'data["a/b"]', id: 'configmap/key' }),
  C('key in data and binaryData', cm({ key1: 'v' }, { key1: 'dmFsdWU=' }), { field: 'data["key1"]', id: 'configmap/key' }),
  C('too large', cm({ big: 'x'.repeat(1024 * 1024 + 1) }), { field: '', id: 'configmap/too-large' }),
];
const secret = (type: string | undefined, data: any, extra: any = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'foo', namespace: 'bar', ...extra }, ...(type ? { type } : {}), data });
const b64 = (s: string) => Buffer.from(s).toString('base64');
const X = (name: string, obj: any, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateSecret: ${name}`, obj, invalid });
const SECRET: UpstreamCase[] = [
  X('valid', secret(undefined, { 'data-1': b64('bar'), '.dotfile': b64('x'), '_k': b64('y') })),
  X('valid service-account-token', secret('kubernetes.io/service-account-token', {}, { annotations: { 'kubernetes.io/service-account.name': 'foo' } })),
  X('valid dockercfg', secret('kubernetes.io/dockercfg', { '.dockercfg': b64('{"https://index.docker.io/v1/": {"auth": "Y2x1ZWRyb29sZXIwMDAxOnBhc3N3b3Jk"}}') })),
  X('valid dockerconfigjson', secret('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths":{"https://index.docker.io/v1/":{"auth":"eA=="}}}') })),
  X('valid basic-auth (username only)', secret('kubernetes.io/basic-auth', { username: b64('u') })),
  X('valid ssh-auth', secret('kubernetes.io/ssh-auth', { 'ssh-privatekey': b64('key') })),
  X('valid tls', secret('kubernetes.io/tls', { 'tls.crt': b64('c'), 'tls.key': b64('k') })),
  X('valid stringData', { ...secret(undefined, {}), stringData: { password: 'p' } }),
  X('invalid key', secret(undefined, { 'key with space': b64('x') }), { field: 'data["key with space"]', id: 'secret/key' }),
  X('invalid key ..', secret(undefined, { '..': b64('x') }), { field: 'data[".."]', id: 'secret/key' }),
  X('invalid stringData key', { ...secret(undefined, {}), stringData: { 'bad key': 'x' } }, { field: 'stringData["bad key"]', id: 'secret/key' }),
  X('too large', secret(undefined, { big: Buffer.alloc(1024 * 1024 + 1).toString('base64') }), { field: 'data', id: 'secret/too-large' }),
  X('service-account-token without annotation', secret('kubernetes.io/service-account-token', {}), { field: 'metadata.annotations["kubernetes.io/service-account.name"]', id: 'secret/typed-keys' }),
  X('dockercfg missing key', secret('kubernetes.io/dockercfg', { other: b64('{}') }), { field: 'data[".dockercfg"]', id: 'secret/typed-keys' }),
  X('dockercfg invalid JSON', secret('kubernetes.io/dockercfg', { '.dockercfg': b64('bogus') }), { field: 'data[".dockercfg"]', id: 'secret/docker-config' }),
  X('dockerconfigjson missing key', secret('kubernetes.io/dockerconfigjson', {}), { field: 'data[".dockerconfigjson"]', id: 'secret/typed-keys' }),
  X('dockerconfigjson invalid JSON', secret('kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('{"auths": ') }), { field: 'data[".dockerconfigjson"]', id: 'secret/docker-config' }),
  X('basic-auth missing both keys', secret('kubernetes.io/basic-auth', { other: b64('x') }), { field: 'data["username"]', id: 'secret/typed-keys' }),
  X('ssh-auth missing key', secret('kubernetes.io/ssh-auth', {}), { field: 'data["ssh-privatekey"]', id: 'secret/typed-keys' }),
  X('ssh-auth empty key', secret('kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }), { field: 'data["ssh-privatekey"]', id: 'secret/typed-keys' }),
  X('tls missing tls.key', secret('kubernetes.io/tls', { 'tls.crt': b64('c') }), { field: 'data["tls.key"]', id: 'secret/typed-keys' }),
];

// ---------------------------------------------------------------------------------------
// PersistentVolumeClaim (TestValidatePersistentVolumeClaim)

const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'foo', namespace: 'ns' }, spec: { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], resources: { requests: { storage: '10G' } } } };
const P = (name: string, f: (o: any) => void, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidatePersistentVolumeClaim: ${name}`, obj: variant(pvc, f), invalid });
const PVC: UpstreamCase[] = [
  P('good-claim', () => {}),
  P('good claim with selector', (o) => { o.spec.selector = { matchExpressions: [{ key: 'key2', operator: 'Exists' }] }; }),
  P('good claim with ReadWriteOncePod alone', (o) => { o.spec.accessModes = ['ReadWriteOncePod']; }),
  P('good claim with Block volumeMode', (o) => { o.spec.volumeMode = 'Block'; }),
  P('good claim with dataSource', (o) => { o.spec.dataSource = { name: 'src', kind: 'PersistentVolumeClaim' }; }),
  P('good claim with snapshot dataSourceRef', (o) => { o.spec.dataSourceRef = { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 's' }; }),
  P('good claim with volumeAttributesClassName', (o) => { o.spec.volumeAttributesClassName = 'gold'; }),
  P('missing-access-modes', (o) => { o.spec.accessModes = []; }, { field: 'spec.accessModes', id: 'pvc/access-modes' }),
  P('invalid-access-modes', (o) => { o.spec.accessModes = ['fakemode']; }, { field: 'spec.accessModes', id: 'pvc/access-modes' }),
  P('ReadWriteOncePod with others', (o) => { o.spec.accessModes = ['ReadWriteOncePod', 'ReadWriteMany']; }, { field: 'spec.accessModes', id: 'pvc/access-modes' }),
  P('no-resource-requests', (o) => { o.spec.resources = {}; }, { field: 'spec.resources.requests.storage', id: 'pvc/storage' }),
  P('zero storage', (o) => { o.spec.resources.requests.storage = '0G'; }, { field: 'spec.resources.requests.storage', id: 'pvc/storage' }),
  P('invalid-claim-volume-mode', (o) => { o.spec.volumeMode = 'fakeVolumeMode'; }, { field: 'spec.volumeMode', id: 'pvc/volume-mode' }),
  P('invalid-storage-class-name', (o) => { o.spec.storageClassName = '-invalid-'; }, { field: 'spec.storageClassName', id: 'pvc/class-name' }),
  P('invalid label selector', (o) => { o.spec.selector = { matchExpressions: [{ key: 'key2', operator: 'InvalidOp', values: ['value1'] }] }; }, { field: 'spec.selector.matchExpressions[0].operator', id: 'pvc/selector' }),
  P('dataSource missing name', (o) => { o.spec.dataSource = { kind: 'PersistentVolumeClaim' }; }, { field: 'spec.dataSource.name', id: 'pvc/data-source' }),
  P('dataSource core kind not a PVC', (o) => { o.spec.dataSource = { kind: 'Pod', name: 'p' }; }, { field: 'spec.dataSource', id: 'pvc/data-source' }),
  P('dataSource and dataSourceRef differ', (o) => { o.spec.dataSource = { kind: 'PersistentVolumeClaim', name: 'a' }; o.spec.dataSourceRef = { kind: 'PersistentVolumeClaim', name: 'b' }; }, { field: 'spec', id: 'pvc/data-source' }),
];

// ---------------------------------------------------------------------------------------
// Namespace, LimitRange, ResourceQuota

const NAMESPACE: UpstreamCase[] = [
  { name: 'TestValidateNamespace: valid finalizer kubernetes', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'abc' }, spec: { finalizers: ['kubernetes'] } } },
  { name: 'TestValidateNamespace: valid qualified finalizer', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'abc' }, spec: { finalizers: ['example.com/foo'] } } },
  { name: 'TestValidateNamespaceFinalizeUpdate: invalid finalizer', obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'abc' }, spec: { finalizers: ['foo'] } }, invalid: { field: 'spec.finalizers', id: 'namespace/finalizer' } },
];

const lr = (limits: any[]) => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'abc', namespace: 'foo' }, spec: { limits } });
const L = (name: string, limits: any[], invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateLimitRange: ${name}`, obj: lr(limits), invalid });
const LIMITRANGE: UpstreamCase[] = [
  L('all-fields-valid', [
    { type: 'Pod', max: { cpu: '100m', memory: '10000Mi' }, min: { cpu: '5m', memory: '100Mi' }, maxLimitRequestRatio: { cpu: '10' } },
    { type: 'Container', max: { cpu: '100m', memory: '10000Mi' }, min: { cpu: '5m', memory: '100Mi' }, default: { cpu: '50m', memory: '500Mi' }, defaultRequest: { cpu: '10m', memory: '200Mi' }, maxLimitRequestRatio: { cpu: '10' } },
    { type: 'PersistentVolumeClaim', max: { storage: '10Gi' }, min: { storage: '5Gi' } },
  ]),
  L('pvc-min-only', [{ type: 'PersistentVolumeClaim', min: { storage: '5Gi' } }]),
  L('thirdparty-fields-all-valid-standard-container-resources', [{ type: 'thirdparty.com/foo', max: { cpu: '100m' }, min: { cpu: '5m' } }]),
  L('duplicate-limit-type', [{ type: 'Pod', max: { cpu: '100m' } }, { type: 'Pod', min: { cpu: '5m' } }], { field: 'spec.limits[1].type', id: 'limitrange/type' }),
  L('default-limit-type-pod', [{ type: 'Pod', default: { cpu: '100m' } }], { field: 'spec.limits[0].default', id: 'limitrange/pod-defaults' }),
  L('min value 100m is greater than max value 10m', [{ type: 'Container', max: { cpu: '10m' }, min: { cpu: '100m' } }], { field: 'spec.limits[0].min["cpu"]', id: 'limitrange/order' }),
  L('invalid spec default outside range', [{ type: 'Container', max: { cpu: '1' }, min: { cpu: '100m' }, default: { cpu: '2' } }], { field: 'spec.limits[0].default["cpu"]', id: 'limitrange/order' }),
  L('invalid spec defaultrequest outside range', [{ type: 'Container', max: { cpu: '1' }, min: { cpu: '100m' }, defaultRequest: { cpu: '2' } }], { field: 'spec.limits[0].defaultRequest["cpu"]', id: 'limitrange/order' }),
  L('invalid spec defaultrequest more than default', [{ type: 'Container', max: { cpu: '2' }, min: { cpu: '100m' }, default: { cpu: '500m' }, defaultRequest: { cpu: '800m' } }], { field: 'spec.limits[0].defaultRequest["cpu"]', id: 'limitrange/order' }),
  L('invalid spec maxLimitRequestRatio less than 1', [{ type: 'Pod', maxLimitRequestRatio: { memory: '800m' } }], { field: 'spec.limits[0].maxLimitRequestRatio["memory"]', id: 'limitrange/order' }),
  L('invalid spec maxLimitRequestRatio greater than max/min', [{ type: 'Container', max: { memory: '10G' }, min: { memory: '250M' }, maxLimitRequestRatio: { memory: '50' } }], { field: 'spec.limits[0].maxLimitRequestRatio["memory"]', id: 'limitrange/order' }),
  L('invalid non standard limit type', [{ type: 'foo' }], { field: 'spec.limits[0].type', id: 'limitrange/type' }),
  L('min and max values missing for pvc', [{ type: 'PersistentVolumeClaim' }], { field: 'spec.limits[0].limits', id: 'limitrange/pvc-storage' }),
  L('invalid resource for container', [{ type: 'Container', max: { storage: '1Gi' } }], { field: 'spec.limits[0].max["storage"]', id: 'limitrange/resource' }),
  L('hugepages default must equal defaultRequest', [{ type: 'Container', default: { 'hugepages-2Mi': '2Mi' }, defaultRequest: { 'hugepages-2Mi': '1Mi' } }], { field: 'spec.limits[0].defaultRequest["hugepages-2Mi"]', id: 'limitrange/order' }),
];

const rq = (spec: any) => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'abc', namespace: 'foo' }, spec });
const Q = (name: string, spec: any, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateResourceQuota: ${name}`, obj: rq(spec), invalid });
const RESOURCEQUOTA: UpstreamCase[] = [
  Q('valid spec', { hard: { 'cpu': '100', 'memory': '10000', 'requests.cpu': '100', 'requests.memory': '10000', 'limits.cpu': '100', 'limits.memory': '10000', 'pods': '5', 'services': '0', 'replicationcontrollers': '10', 'resourcequotas': '10', 'configmaps': '10', 'secrets': '10', 'count/deployments.apps': '3' } }),
  Q('valid terminating scope', { hard: { cpu: '100', pods: '10' }, scopes: ['Terminating'] }),
  Q('valid best-effort scope', { hard: { pods: '10' }, scopes: ['BestEffort'] }),
  Q('valid scope selector', { hard: { pods: '10' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['cluster-services'] }] } }),
  Q('valid scope selector Exists', { hard: { pods: '10' }, scopeSelector: { matchExpressions: [{ scopeName: 'NotBestEffort', operator: 'Exists' }] } }),
  Q('negative-limits', { hard: { cpu: '-100' } }, { field: 'spec.hard["cpu"]', id: 'resourcequota/quantity' }),
  Q('fractional-api-resource', { hard: { pods: '0.5' } }, { field: 'spec.hard["pods"]', id: 'resourcequota/quantity' }),
  Q('invalid-quota-resource', { hard: { invalid: '100' } }, { field: 'spec.hard["invalid"]', id: 'resourcequota/resource' }),
  Q('invalid-quota-terminating-pair', { hard: { pods: '10' }, scopes: ['Terminating', 'NotTerminating'] }, { field: 'spec.scopes', id: 'resourcequota/scope' }),
  Q('invalid-quota-besteffort', { hard: { cpu: '100', pods: '10' }, scopes: ['BestEffort'] }, { field: 'spec.scopes', id: 'resourcequota/scope' }),
  Q('invalid-quota-scope-name', { hard: { pods: '10' }, scopes: ['foo'] }, { field: 'spec.scopes', id: 'resourcequota/scope' }),
  Q('invalid-cross-namespace-affinity', { hard: { pods: '10' }, scopeSelector: { matchExpressions: [{ scopeName: 'CrossNamespacePodAffinity', operator: 'In', values: ['x'] }] } }, { field: 'spec.scopeSelector.matchExpressions.operator', id: 'resourcequota/scope-selector' }),
  Q('invalid-scope-selector In without values', { hard: { pods: '10' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In' }] } }, { field: 'spec.scopeSelector.matchExpressions.values', id: 'resourcequota/scope-selector' }),
  Q('invalid-scope-selector Exists with values', { hard: { pods: '10' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Exists', values: ['a'] }] } }, { field: 'spec.scopeSelector.matchExpressions.values', id: 'resourcequota/scope-selector' }),
  Q('invalid-scope-selector operator', { hard: { pods: '10' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'Bogus' }] } }, { field: 'spec.scopeSelector.matchExpressions.operator', id: 'resourcequota/scope-selector' }),
];

// ---------------------------------------------------------------------------------------
// NetworkPolicy (TestValidateNetworkPolicy)

const np = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bar', namespace: 'foo' }, spec: { podSelector: { matchLabels: { a: 'b' } } } };
const N = (name: string, f: (o: any) => void, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateNetworkPolicy: ${name}`, obj: variant(np, f), invalid });
const NETWORKPOLICY: UpstreamCase[] = [
  N('empty policy', () => {}),
  N('ingress with empty rule', (o) => { o.spec.ingress = [{}]; }),
  N('ingress with ports', (o) => { o.spec.ingress = [{ ports: [{ protocol: 'TCP', port: 80 }, { protocol: 'UDP', port: 'dns' }, { port: 443 }] }]; }),
  N('ingress from pods and namespaces', (o) => { o.spec.ingress = [{ from: [{ podSelector: { matchLabels: { c: 'd' } }, namespaceSelector: { matchLabels: { e: 'f' } } }] }]; }),
  N('ingress from ipBlock with except', (o) => { o.spec.ingress = [{ from: [{ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.3.0/24', '192.168.4.0/24'] } }] }]; }),
  N('egress to ipv6 block', (o) => { o.spec.egress = [{ to: [{ ipBlock: { cidr: 'fd00:192:168::/48', except: ['fd00:192:168:3::/64'] } }] }]; o.spec.policyTypes = ['Egress']; }),
  N('port range', (o) => { o.spec.egress = [{ ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }]; }),
  N('both policy types', (o) => { o.spec.policyTypes = ['Ingress', 'Egress']; }),
  N('SCTP port', (o) => { o.spec.ingress = [{ ports: [{ protocol: 'SCTP', port: 7777 }] }]; }),
  N('namespaceSelector and podSelector (an error in the first versions, valid since 1.11)', (o) => { o.spec.ingress = [{ from: [{ podSelector: { matchLabels: { c: 'd' } }, namespaceSelector: { matchLabels: { c: 'd' } } }] }]; }),
  N('invalid spec.podSelector key', (o) => { o.spec.podSelector = { matchLabels: { 'NoUppercaseOrSpecialCharsLike=Equals': 'b' } }; }, { field: 'spec.podSelector.matchLabels', id: 'networkpolicy/selector' }),
  N('ICMP protocol', (o) => { o.spec.ingress = [{ ports: [{ protocol: 'ICMP', port: 80 }] }]; }, { field: 'spec.ingress[0].ports[0].protocol', id: 'networkpolicy/port' }),
  N('invalid ingress.ports.protocol', (o) => { o.spec.ingress = [{ ports: [{ protocol: 'Invalid', port: 80 }] }]; }, { field: 'spec.ingress[0].ports[0].protocol', id: 'networkpolicy/port' }),
  N('invalid ingress.ports.port (int)', (o) => { o.spec.ingress = [{ ports: [{ port: 123456789 }] }]; }, { field: 'spec.ingress[0].ports[0].port', id: 'networkpolicy/port' }),
  N('invalid ingress.ports.port (str)', (o) => { o.spec.ingress = [{ ports: [{ port: '!@#$' }] }]; }, { field: 'spec.ingress[0].ports[0].port', id: 'networkpolicy/port' }),
  N('invalid ingress.from.podSelector', (o) => { o.spec.ingress = [{ from: [{ podSelector: { matchLabels: { c: '!@#$' } } }] }]; }, { field: 'spec.ingress[0].from[0].podSelector.matchLabels["c"]', id: 'networkpolicy/selector' }),
  N('invalid egress.to.podSelector', (o) => { o.spec.egress = [{ to: [{ podSelector: { matchLabels: { c: '!@#$' } } }] }]; }, { field: 'spec.egress[0].to[0].podSelector.matchLabels["c"]', id: 'networkpolicy/selector' }),
  N('invalid egress.ports.protocol', (o) => { o.spec.egress = [{ ports: [{ protocol: 'Invalid', port: 80 }] }]; }, { field: 'spec.egress[0].ports[0].protocol', id: 'networkpolicy/port' }),
  N('invalid spec.podSelector', (o) => { o.spec.podSelector = { matchLabels: { c: '!@#$' } }; }, { field: 'spec.podSelector.matchLabels["c"]', id: 'networkpolicy/selector' }),
  N('invalid ingress.from.namespaceSelector', (o) => { o.spec.ingress = [{ from: [{ namespaceSelector: { matchLabels: { c: '!@#$' } } }] }]; }, { field: 'spec.ingress[0].from[0].namespaceSelector.matchLabels["c"]', id: 'networkpolicy/selector' }),
  N('missing from and to type', (o) => { o.spec.ingress = [{ from: [{}] }]; }, { field: 'spec.ingress[0].from[0]', id: 'networkpolicy/peer' }),
  N('invalid ingress.from.ipBlock (cidr)', (o) => { o.spec.ingress = [{ from: [{ ipBlock: { cidr: '192.168.0.0', except: ['192.168.3.0/24'] } }] }]; }, { field: 'spec.ingress[0].from[0].ipBlock.cidr', id: 'networkpolicy/ip-block' }),
  N('invalid ipBlock except outside cidr', (o) => { o.spec.ingress = [{ from: [{ ipBlock: { cidr: '192.168.8.0/24', except: ['192.168.9.1/24'] } }] }]; }, { field: 'spec.ingress[0].from[0].ipBlock.except[0]', id: 'networkpolicy/ip-block' }),
  N('invalid ipBlock except equals cidr', (o) => { o.spec.ingress = [{ from: [{ ipBlock: { cidr: '192.168.0.0/24', except: ['192.168.0.0/24'] } }] }]; }, { field: 'spec.ingress[0].from[0].ipBlock.except[0]', id: 'networkpolicy/ip-block' }),
  N('invalid ipBlock with podSelector', (o) => { o.spec.ingress = [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' }, podSelector: {} }] }]; }, { field: 'spec.ingress[0].from[0]', id: 'networkpolicy/peer' }),
  N('invalid ipBlock empty cidr', (o) => { o.spec.egress = [{ to: [{ ipBlock: { cidr: '' } }] }]; }, { field: 'spec.egress[0].to[0].ipBlock.cidr', id: 'networkpolicy/ip-block' }),
  N('invalid ipv6 cidr', (o) => { o.spec.egress = [{ to: [{ ipBlock: { cidr: 'fd00:192:168::/48', except: ['fd00:192:168::/48'] } }] }]; }, { field: 'spec.egress[0].to[0].ipBlock.except[0]', id: 'networkpolicy/ip-block' }),
  N('cidr with host bits (strict)', (o) => { o.spec.egress = [{ to: [{ ipBlock: { cidr: '10.0.0.1/8' } }] }]; }, { field: 'spec.egress[0].to[0].ipBlock.cidr', id: 'networkpolicy/ip-block' }),
  N('cidr with leading zeros (strict)', (o) => { o.spec.egress = [{ to: [{ ipBlock: { cidr: '010.000.0.0/8' } }] }]; }, { field: 'spec.egress[0].to[0].ipBlock.cidr', id: 'networkpolicy/ip-block' }),
  N('invalid policyTypes', (o) => { o.spec.policyTypes = ['foo']; }, { field: 'spec.policyTypes[0]', id: 'networkpolicy/policy-types' }),
  N('too many policyTypes', (o) => { o.spec.policyTypes = ['Egress', 'Ingress', 'Ingress']; }, { field: 'spec.policyTypes', id: 'networkpolicy/policy-types' }),
  N('endPort less than port', (o) => { o.spec.egress = [{ ports: [{ protocol: 'TCP', port: 35000, endPort: 32768 }] }]; }, { field: 'spec.egress[0].ports[0].endPort', id: 'networkpolicy/end-port' }),
  N('endPort with named port', (o) => { o.spec.egress = [{ ports: [{ protocol: 'TCP', port: 'https', endPort: 32768 }] }]; }, { field: 'spec.egress[0].ports[0].endPort', id: 'networkpolicy/end-port' }),
  N('endPort without port', (o) => { o.spec.egress = [{ ports: [{ protocol: 'TCP', endPort: 32768 }] }]; }, { field: 'spec.egress[0].ports[0].endPort', id: 'networkpolicy/end-port' }),
  N('endPort out of range', (o) => { o.spec.egress = [{ ports: [{ protocol: 'TCP', port: 32000, endPort: 65537 }] }]; }, { field: 'spec.egress[0].ports[0].endPort', id: 'networkpolicy/end-port' }),
];

// ---------------------------------------------------------------------------------------
// Ingress, IngressClass

const backend = { service: { name: 'defaultbackend', port: { number: 80 } } };
const ing = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'foo', namespace: 'default' }, spec: { defaultBackend: backend, rules: [{ host: 'foo.bar.com', http: { paths: [{ path: '/foo', pathType: 'Prefix', backend }] } }] } };
const I = (name: string, f: (o: any) => void, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateIngressCreate: ${name}`, obj: variant(ing, f), invalid });
const INGRESS: UpstreamCase[] = [
  I('valid', () => {}),
  I('rules only', (o) => { delete o.spec.defaultBackend; }),
  I('defaultBackend only', (o) => { delete o.spec.rules; }),
  I('wildcard host', (o) => { o.spec.rules[0].host = '*.bar.com'; }),
  I('Exact path', (o) => { o.spec.rules[0].http.paths[0].pathType = 'Exact'; }),
  I('ImplementationSpecific empty path', (o) => { o.spec.rules[0].http.paths[0] = { pathType: 'ImplementationSpecific', backend }; }),
  I('ImplementationSpecific regex path', (o) => { o.spec.rules[0].http.paths[0].pathType = 'ImplementationSpecific'; o.spec.rules[0].http.paths[0].path = '/foo/(bar|baz)'; }),
  I('resource backend', (o) => { o.spec.defaultBackend = { resource: { apiGroup: 'example.com', kind: 'foo', name: 'bar' } }; }),
  I('named service port', (o) => { o.spec.defaultBackend = { service: { name: 'svc', port: { name: 'http' } } }; }),
  I('matching ingressClassName and annotation (warning only)', (o) => { o.spec.ingressClassName = 'bar'; o.metadata.annotations = { 'kubernetes.io/ingress.class': 'bar' }; }),
  I('TLS with wildcard host', (o) => { o.spec.tls = [{ hosts: ['*.bar.com'], secretName: 'tls-secret' }]; }),
  I('no rules and no defaultBackend', (o) => { o.spec = {}; }, { field: 'spec', id: 'ingress/rules' }),
  I('empty paths', (o) => { o.spec.rules[0].http.paths = []; }, { field: 'spec.rules[0].http.paths', id: 'ingress/rules' }),
  I('IP host', (o) => { o.spec.rules[0].host = '127.0.0.1'; }, { field: 'spec.rules[0].host', id: 'ingress/host' }),
  I('invalid wildcard host', (o) => { o.spec.rules[0].host = '*.*.bar.com'; }, { field: 'spec.rules[0].host', id: 'ingress/host' }),
  I('invalid host', (o) => { o.spec.rules[0].host = 'Foo.Bar.com'; }, { field: 'spec.rules[0].host', id: 'ingress/host' }),
  I('pathType lower case', (o) => { o.spec.rules[0].http.paths[0].pathType = 'prefix'; }, { field: 'spec.rules[0].http.paths[0].pathType', id: 'ingress/path-type' }),
  I('missing pathType', (o) => { delete o.spec.rules[0].http.paths[0].pathType; }, { field: 'spec.rules[0].http.paths[0].pathType', id: 'ingress/path-type' }),
  I('Prefix path not absolute', (o) => { o.spec.rules[0].http.paths[0].path = 'foo'; }, { field: 'spec.rules[0].http.paths[0].path', id: 'ingress/path' }),
  I('Exact path with //', (o) => { o.spec.rules[0].http.paths[0].pathType = 'Exact'; o.spec.rules[0].http.paths[0].path = '/foo//bar'; }, { field: 'spec.rules[0].http.paths[0].path', id: 'ingress/path' }),
  I('Prefix path with /../', (o) => { o.spec.rules[0].http.paths[0].path = '/foo/../bar'; }, { field: 'spec.rules[0].http.paths[0].path', id: 'ingress/path' }),
  I('Prefix path with %2f', (o) => { o.spec.rules[0].http.paths[0].path = '/foo%2fbar'; }, { field: 'spec.rules[0].http.paths[0].path', id: 'ingress/path' }),
  I('Prefix path ending in /..', (o) => { o.spec.rules[0].http.paths[0].path = '/foo/..'; }, { field: 'spec.rules[0].http.paths[0].path', id: 'ingress/path' }),
  I('ImplementationSpecific path not absolute', (o) => { o.spec.rules[0].http.paths[0].pathType = 'ImplementationSpecific'; o.spec.rules[0].http.paths[0].path = 'foo'; }, { field: 'spec.rules[0].http.paths[0].path', id: 'ingress/path' }),
  I('backend with service and resource', (o) => { o.spec.defaultBackend = { ...backend, resource: { apiGroup: 'example.com', kind: 'foo', name: 'bar' } }; }, { field: 'spec.defaultBackend', id: 'ingress/backend' }),
  I('backend with neither', (o) => { o.spec.defaultBackend = {}; }, { field: 'spec.defaultBackend', id: 'ingress/backend' }),
  I('service port name and number', (o) => { o.spec.defaultBackend = { service: { name: 'svc', port: { name: 'http', number: 80 } } }; }, { field: 'spec.defaultBackend', id: 'ingress/backend' }),
  I('service without port', (o) => { o.spec.defaultBackend = { service: { name: 'svc', port: {} } }; }, { field: 'spec.defaultBackend', id: 'ingress/backend' }),
  I('invalid service name', (o) => { o.spec.defaultBackend = { service: { name: 'Bad.Name', port: { number: 80 } } }; }, { field: 'spec.defaultBackend.service.name', id: 'ingress/backend' }),
  I('invalid service port number', (o) => { o.spec.defaultBackend = { service: { name: 'svc', port: { number: 65536 } } }; }, { field: 'spec.defaultBackend.service.port.number', id: 'ingress/backend' }),
  I('resource backend without kind', (o) => { o.spec.defaultBackend = { resource: { apiGroup: 'example.com', name: 'bar' } }; }, { field: 'spec.defaultBackend.resource.kind', id: 'ingress/backend' }),
  I('mismatched ingressClassName and annotation', (o) => { o.spec.ingressClassName = 'bar'; o.metadata.annotations = { 'kubernetes.io/ingress.class': 'foo' }; }, { field: 'metadata.annotations["kubernetes.io/ingress.class"]', id: 'ingress/class' }),
  I('invalid ingressClassName', (o) => { o.spec.ingressClassName = 'Bad_Class'; }, { field: 'spec.ingressClassName', id: 'ingress/class' }),
  I('invalid TLS wildcard host', (o) => { o.spec.tls = [{ hosts: ['*.*.bar.com'] }]; }, { field: 'spec.tls[0].hosts[0]', id: 'ingress/tls' }),
  I('invalid TLS secretName', (o) => { o.spec.tls = [{ hosts: ['foo.bar.com'], secretName: 'Bad_Secret' }]; }, { field: 'spec.tls[0].secretName', id: 'ingress/tls' }),
];

const ic = (spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'test123' }, spec });
const K = (name: string, spec: any, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateIngressClass: ${name}`, obj: ic(spec), invalid });
const INGRESSCLASS: UpstreamCase[] = [
  K('valid name, valid controller', { controller: 'foo.co/bar' }),
  K('valid name, valid controller, valid params', { controller: 'foo.co/bar', parameters: { apiGroup: 'example.com', kind: 'foo', name: 'bar' } }),
  K('valid namespace-scoped params', { controller: 'foo.co/bar', parameters: { apiGroup: 'example.com', kind: 'foo', name: 'bar', scope: 'Namespace', namespace: 'foo-ns' } }),
  K('valid cluster-scoped params', { controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar', scope: 'Cluster' } }),
  K('valid name, empty controller', { controller: '' }, { field: 'spec.controller', id: 'ingressclass/controller' }),
  K('valid name, controller max length exceeded', { controller: `foo.co/${'a'.repeat(250)}` }, { field: 'spec.controller', id: 'ingressclass/controller' }),
  K('controller without domain', { controller: 'bar' }, { field: 'spec.controller', id: 'ingressclass/controller' }),
  K('params without kind', { controller: 'foo.co/bar', parameters: { name: 'bar' } }, { field: 'spec.parameters.kind', id: 'ingressclass/parameters' }),
  K('params with invalid apiGroup', { controller: 'foo.co/bar', parameters: { apiGroup: 'bad..group', kind: 'foo', name: 'bar' } }, { field: 'spec.parameters.apiGroup', id: 'ingressclass/parameters' }),
  K('namespace scope without namespace', { controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar', scope: 'Namespace' } }, { field: 'spec.parameters.namespace', id: 'ingressclass/parameters' }),
  K('cluster scope with namespace', { controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar', scope: 'Cluster', namespace: 'foo-ns' } }, { field: 'spec.parameters.namespace', id: 'ingressclass/parameters' }),
  K('invalid scope', { controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar', scope: 'bad-scope' } }, { field: 'spec.parameters.scope', id: 'ingressclass/parameters' }),
  K('invalid namespace', { controller: 'foo.co/bar', parameters: { kind: 'foo', name: 'bar', scope: 'Namespace', namespace: 'Bad_NS' } }, { field: 'spec.parameters.namespace', id: 'ingressclass/parameters' }),
];

// ---------------------------------------------------------------------------------------
// PodDisruptionBudget

const pdb = (spec: any) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'pdb', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'x' } }, ...spec } });
const D = (name: string, spec: any, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidatePodDisruptionBudgetSpec: ${name}`, obj: pdb(spec), invalid });
const PDB: UpstreamCase[] = [
  ...['0%', '1%', '100%', 0, 1, 100].map((v) => D(`TestValidateMinAvailablePodDisruptionBudgetSpec success ${JSON.stringify(v)}`, { minAvailable: v })),
  ...['1.1%', 'nope', '-1%', '101%', -1].map((v) => D(`TestValidateMinAvailablePodDisruptionBudgetSpec failure ${JSON.stringify(v)}`, { minAvailable: v }, { field: 'spec.minAvailable', id: 'pdb/budget' })),
  D('TestValidateMinAvailablePodAndMaxUnavailableDisruptionBudgetSpec', { minAvailable: '10%', maxUnavailable: 1 }, { field: 'spec', id: 'pdb/budget' }),
  D('minAvailable 0', { minAvailable: 0 }),
  D('minAvailable 50%', { minAvailable: '50%' }),
  D('maxUnavailable 100%', { maxUnavailable: '100%' }),
  D('maxUnavailable 1', { maxUnavailable: 1 }),
  D('unhealthyPodEvictionPolicy AlwaysAllow', { minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' }),
  D('unhealthyPodEvictionPolicy IfHealthyBudget', { minAvailable: 1, unhealthyPodEvictionPolicy: 'IfHealthyBudget' }),
  D('empty selector', { minAvailable: 1, selector: {} }),
  D('minAvailable -1', { minAvailable: -1 }, { field: 'spec.minAvailable', id: 'pdb/budget' }),
  D('minAvailable 101%', { minAvailable: '101%' }, { field: 'spec.minAvailable', id: 'pdb/budget' }),
  D('minAvailable 1.1%', { minAvailable: '1.1%' }, { field: 'spec.minAvailable', id: 'pdb/budget' }),
  D('minAvailable nonsense', { minAvailable: 'nope' }, { field: 'spec.minAvailable', id: 'pdb/budget' }),
  D('maxUnavailable -1', { maxUnavailable: -1 }, { field: 'spec.maxUnavailable', id: 'pdb/budget' }),
  D('maxUnavailable 101%', { maxUnavailable: '101%' }, { field: 'spec.maxUnavailable', id: 'pdb/budget' }),
  D('both minAvailable and maxUnavailable', { minAvailable: 1, maxUnavailable: 1 }, { field: 'spec', id: 'pdb/budget' }),
  D('invalid unhealthyPodEvictionPolicy', { minAvailable: 1, unhealthyPodEvictionPolicy: 'Invalid' }, { field: 'spec.unhealthyPodEvictionPolicy', id: 'pdb/eviction-policy' }),
  D('invalid selector', { minAvailable: 1, selector: { matchLabels: { 'a/b/c': 'x' } } }, { field: 'spec.selector.matchLabels', id: 'pdb/selector' }),
];

// ---------------------------------------------------------------------------------------
// HorizontalPodAutoscaler (autoscaling/v2)

const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'myautoscaler', namespace: 'default' }, spec: { scaleTargetRef: { kind: 'ReplicationController', name: 'myrc' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } };
const H = (name: string, f: (o: any) => void, invalid?: { field: string; id: string }): UpstreamCase => ({ name: `TestValidateHorizontalPodAutoscaler: ${name}`, obj: variant(hpa, f), invalid });
const HPA: UpstreamCase[] = [
  H('valid', () => {}),
  H('no metrics', (o) => { delete o.spec.metrics; }),
  H('resource averageValue', (o) => { o.spec.metrics[0].resource.target = { type: 'AverageValue', averageValue: '100m' }; }),
  H('container resource', (o) => { o.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'test-container', target: { type: 'Utilization', averageUtilization: 70 } } }]; }),
  H('pods metric', (o) => { o.spec.metrics = [{ type: 'Pods', pods: { metric: { name: 'somemetric' }, target: { type: 'AverageValue', averageValue: '100m' } } }]; }),
  H('object metric', (o) => { o.spec.metrics = [{ type: 'Object', object: { describedObject: { kind: 'ReplicationController', name: 'myrc' }, metric: { name: 'somemetric' }, target: { type: 'Value', value: '100m' } } }]; }),
  H('external metric', (o) => { o.spec.metrics = [{ type: 'External', external: { metric: { name: 'somemetric', selector: { matchExpressions: [{ key: 'label', operator: 'In', values: ['value'] }] } }, target: { type: 'Value', value: '300' } } }]; }),
  H('behavior', (o) => { o.spec.behavior = { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }, scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Disabled', tolerance: '0.05' } }; }),
  H('scaleUp without policies (defaulted)', (o) => { o.spec.behavior = { scaleUp: { selectPolicy: 'Min' } }; }),
  H('missing kind', (o) => { delete o.spec.scaleTargetRef.kind; }, { field: 'spec.scaleTargetRef.kind', id: 'hpa/target-ref' }),
  H('invalid kind', (o) => { o.spec.scaleTargetRef.kind = '..'; }, { field: 'spec.scaleTargetRef.kind', id: 'hpa/target-ref' }),
  H('missing name', (o) => { delete o.spec.scaleTargetRef.name; }, { field: 'spec.scaleTargetRef.name', id: 'hpa/target-ref' }),
  H('invalid name', (o) => { o.spec.scaleTargetRef.name = '..'; }, { field: 'spec.scaleTargetRef.name', id: 'hpa/target-ref' }),
  H('minReplicas 0', (o) => { o.spec.minReplicas = 0; }, { field: 'spec.minReplicas', id: 'hpa/replicas' }),
  H('maxReplicas below minReplicas', (o) => { o.spec.minReplicas = 7; }, { field: 'spec.maxReplicas', id: 'hpa/replicas' }),
  H('maxReplicas 0', (o) => { o.spec.maxReplicas = 0; o.spec.minReplicas = 1; }, { field: 'spec.maxReplicas', id: 'hpa/replicas' }),
  H('metric type lower case (resource)', (o) => { o.spec.metrics[0].type = 'resource'; }, { field: 'spec.metrics[0].type', id: 'hpa/metric-type' }),
  H('must populate information for the given metric source', (o) => { o.spec.metrics = [{ type: 'Pods' }]; }, { field: 'spec.metrics[0].pods', id: 'hpa/metric-type' }),
  H('must populate the given metric source only', (o) => { o.spec.metrics[0].pods = { metric: { name: 'm' }, target: { type: 'AverageValue', averageValue: '1' } }; }, { field: 'spec.metrics[0].pods', id: 'hpa/metric-type' }),
  H('resource without name', (o) => { delete o.spec.metrics[0].resource.name; }, { field: 'spec.metrics[0].resource.name', id: 'hpa/metric' }),
  H('utilization 0', (o) => { o.spec.metrics[0].resource.target.averageUtilization = 0; }, { field: 'spec.metrics[0].resource.target.averageUtilization', id: 'hpa/metric-target' }),
  H('both utilization and averageValue', (o) => { o.spec.metrics[0].resource.target.averageValue = '100m'; }, { field: 'spec.metrics[0].resource.target.averageValue', id: 'hpa/metric-target' }),
  H('neither utilization nor averageValue', (o) => { o.spec.metrics[0].resource.target = { type: 'Utilization' }; }, { field: 'spec.metrics[0].resource.target.averageUtilization', id: 'hpa/metric-target' }),
  H('invalid target type', (o) => { o.spec.metrics[0].resource.target.type = 'Percent'; }, { field: 'spec.metrics[0].resource.target.type', id: 'hpa/metric-target' }),
  H('container resource without container', (o) => { o.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]; }, { field: 'spec.metrics[0].containerResource.container', id: 'hpa/metric' }),
  H('container resource with invalid container name', (o) => { o.spec.metrics = [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'Bad_Name', target: { type: 'Utilization', averageUtilization: 70 } } }]; }, { field: 'spec.metrics[0].containerResource.container', id: 'hpa/metric' }),
  H('pods metric without name', (o) => { o.spec.metrics = [{ type: 'Pods', pods: { metric: {}, target: { type: 'AverageValue', averageValue: '100m' } } }]; }, { field: 'spec.metrics[0].pods.metric.name', id: 'hpa/metric' }),
  H('pods metric negative averageValue', (o) => { o.spec.metrics = [{ type: 'Pods', pods: { metric: { name: 'm' }, target: { type: 'AverageValue', averageValue: '-1' } } }]; }, { field: 'spec.metrics[0].pods.target.averageValue', id: 'hpa/metric-target' }),
  H('pods metric without averageValue', (o) => { o.spec.metrics = [{ type: 'Pods', pods: { metric: { name: 'm' }, target: { type: 'Value', value: '1' } } }]; }, { field: 'spec.metrics[0].pods.target.averageValue', id: 'hpa/metric-target' }),
  H('object metric without value', (o) => { o.spec.metrics = [{ type: 'Object', object: { describedObject: { kind: 'ReplicationController', name: 'myrc' }, metric: { name: 'm' }, target: { type: 'Value' } } }]; }, { field: 'spec.metrics[0].object.target.averageValue', id: 'hpa/metric-target' }),
  H('object metric without describedObject name', (o) => { o.spec.metrics = [{ type: 'Object', object: { describedObject: { kind: 'ReplicationController' }, metric: { name: 'm' }, target: { type: 'Value', value: '1' } } }]; }, { field: 'spec.metrics[0].object.describedObject.name', id: 'hpa/target-ref' }),
  H('external metric with value and averageValue', (o) => { o.spec.metrics = [{ type: 'External', external: { metric: { name: 'm' }, target: { type: 'Value', value: '1', averageValue: '1' } } }]; }, { field: 'spec.metrics[0].external.target.value', id: 'hpa/metric-target' }),
  H('external metric invalid selector', (o) => { o.spec.metrics = [{ type: 'External', external: { metric: { name: 'm', selector: { matchExpressions: [{ key: 'label', operator: 'Bogus' }] } }, target: { type: 'Value', value: '1' } } }]; }, { field: 'spec.metrics[0].external.metric.selector.matchExpressions[0].operator', id: 'hpa/metric' }),
  H('stabilizationWindowSeconds negative', (o) => { o.spec.behavior = { scaleUp: { stabilizationWindowSeconds: -1 } }; }, { field: 'spec.behavior.scaleUp.stabilizationWindowSeconds', id: 'hpa/behavior' }),
  H('stabilizationWindowSeconds above 3600', (o) => { o.spec.behavior = { scaleDown: { stabilizationWindowSeconds: 3601 } }; }, { field: 'spec.behavior.scaleDown.stabilizationWindowSeconds', id: 'hpa/behavior' }),
  H('invalid selectPolicy', (o) => { o.spec.behavior = { scaleUp: { selectPolicy: 'Sum' } }; }, { field: 'spec.behavior.scaleUp.selectPolicy', id: 'hpa/behavior' }),
  H('invalid policy type', (o) => { o.spec.behavior = { scaleUp: { policies: [{ type: 'Bogus', value: 1, periodSeconds: 1 }] } }; }, { field: 'spec.behavior.scaleUp.policies[0].type', id: 'hpa/behavior' }),
  H('policy value 0', (o) => { o.spec.behavior = { scaleUp: { policies: [{ type: 'Pods', value: 0, periodSeconds: 1 }] } }; }, { field: 'spec.behavior.scaleUp.policies[0].value', id: 'hpa/behavior' }),
  H('periodSeconds 0', (o) => { o.spec.behavior = { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] } }; }, { field: 'spec.behavior.scaleDown.policies[0].periodSeconds', id: 'hpa/behavior' }),
  H('periodSeconds above 1800', (o) => { o.spec.behavior = { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 1801 }] } }; }, { field: 'spec.behavior.scaleDown.policies[0].periodSeconds', id: 'hpa/behavior' }),
  H('negative tolerance', (o) => { o.spec.behavior = { scaleDown: { tolerance: '-0.1' } }; }, { field: 'spec.behavior.scaleDown.tolerance', id: 'hpa/behavior' }),
];

// ---------------------------------------------------------------------------------------
// RBAC

const RBAC_API = 'rbac.authorization.k8s.io/v1';
const crb = (roleRef: any, subjects: any[]) => ({ apiVersion: RBAC_API, kind: 'ClusterRoleBinding', metadata: { name: 'master' }, roleRef, subjects });
const rb = (roleRef: any, subjects: any[]) => ({ apiVersion: RBAC_API, kind: 'RoleBinding', metadata: { name: 'master', namespace: 'default' }, roleRef, subjects });
const ref = (kind: string, name = 'valid') => ({ apiGroup: 'rbac.authorization.k8s.io', kind, name });
const R = (name: string, obj: any, invalid?: { field: string; id: string }): UpstreamCase => ({ name, obj, invalid });
const role = (kind: string, rules: any[], extra: any = {}) => ({ apiVersion: RBAC_API, kind, metadata: kind === 'Role' ? { name: 'default', namespace: 'default' } : { name: 'default' }, rules, ...extra });
const RBAC: UpstreamCase[] = [
  R('TestValidateClusterRoleBinding: valid', crb(ref('ClusterRole'), [{ name: 'validsaname', apiGroup: '', namespace: 'foo', kind: 'ServiceAccount' }, { name: 'valid@username', apiGroup: 'rbac.authorization.k8s.io', kind: 'User' }, { name: 'valid@groupname', apiGroup: 'rbac.authorization.k8s.io', kind: 'Group' }])),
  R('TestValidateClusterRoleBinding: User without apiGroup (defaulted)', crb({ kind: 'ClusterRole', name: 'valid' }, [{ name: 'u', kind: 'User' }])),
  R('TestValidateClusterRoleBinding: valid system name', crb(ref('ClusterRole', 'system:controller:foo'), [])),
  R('TestValidateClusterRoleBinding: bad group', crb({ apiGroup: 'rbac.GroupName', kind: 'ClusterRole', name: 'valid' }, []), { field: 'roleRef.apiGroup', id: 'rbac/role-ref' }),
  R('TestValidateClusterRoleBinding: bad kind', crb(ref('Type'), []), { field: 'roleRef.kind', id: 'rbac/role-ref' }),
  R('TestValidateClusterRoleBinding: reference role', crb(ref('Role'), []), { field: 'roleRef.kind', id: 'rbac/role-ref' }),
  R('TestValidateClusterRoleBinding: zero-length name', crb({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: '' }, []), { field: 'roleRef.name', id: 'rbac/role-ref' }),
  R('TestValidateClusterRoleBinding: bad role name', crb(ref('ClusterRole', 'a/b'), []), { field: 'roleRef.name', id: 'rbac/role-ref' }),
  R('TestValidateClusterRoleBinding: bad subject kind', crb(ref('ClusterRole'), [{ name: 'subject', kind: 'bad' }]), { field: 'subjects[0].kind', id: 'rbac/subject' }),
  R('TestValidateClusterRoleBinding: bad subject name', crb(ref('ClusterRole'), [{ namespace: 'foo', name: 'subject:bad', kind: 'ServiceAccount' }]), { field: 'subjects[0].name', id: 'rbac/subject' }),
  R('TestValidateClusterRoleBinding: missing SA namespace', crb(ref('ClusterRole'), [{ name: 'good', kind: 'ServiceAccount' }]), { field: 'subjects[0].namespace', id: 'rbac/subject' }),
  R('TestValidateClusterRoleBinding: missing subject name', crb(ref('ClusterRole'), [{ namespace: 'foo', kind: 'ServiceAccount' }]), { field: 'subjects[0].name', id: 'rbac/subject' }),
  R('TestValidateClusterRoleBinding: SA with apiGroup', crb(ref('ClusterRole'), [{ name: 'sa', namespace: 'foo', kind: 'ServiceAccount', apiGroup: 'rbac.authorization.k8s.io' }]), { field: 'subjects[0].apiGroup', id: 'rbac/subject' }),
  R('TestValidateClusterRoleBinding: User with wrong apiGroup', crb(ref('ClusterRole'), [{ name: 'u', kind: 'User', apiGroup: 'example.com' }]), { field: 'subjects[0].apiGroup', id: 'rbac/subject' }),
  R('TestValidateRoleBinding: valid', rb(ref('Role'), [{ name: 'validsaname', apiGroup: '', kind: 'ServiceAccount' }, { name: 'valid@username', kind: 'User' }, { name: 'valid@groupname', kind: 'Group' }])),
  R('TestValidateRoleBinding: ClusterRole ref', rb(ref('ClusterRole'), [])),
  R('TestValidateRoleBinding: bad kind', rb(ref('Type'), []), { field: 'roleRef.kind', id: 'rbac/role-ref' }),
  R('TestValidateRoleBinding: bad subject kind', rb(ref('Role'), [{ name: 'subject', kind: 'bad' }]), { field: 'subjects[0].kind', id: 'rbac/subject' }),
  R('TestValidateRoleNonResourceURL: valid ClusterRole', role('ClusterRole', [{ verbs: ['get'], nonResourceURLs: ['/*'] }])),
  R('TestValidateRoleNamespacedNonResourceURL', role('Role', [{ verbs: ['get'], nonResourceURLs: ['/*'] }]), { field: 'rules[0].nonResourceURLs', id: 'rbac/rule' }),
  R('TestValidateRoleNonResourceURLNoVerbs', role('ClusterRole', [{ verbs: [], nonResourceURLs: ['/*'] }]), { field: 'rules[0].verbs', id: 'rbac/rule' }),
  R('TestValidateRoleMixedNonResourceAndResource', role('ClusterRole', [{ verbs: ['get'], nonResourceURLs: ['/*'], apiGroups: [''], resources: ['pods'] }]), { field: 'rules[0].nonResourceURLs', id: 'rbac/rule' }),
  R('TestValidateRoleValidResource', role('Role', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }])),
  R('TestValidateRoleNoAPIGroup', role('Role', [{ verbs: ['get'], resources: ['pods'] }]), { field: 'rules[0].apiGroups', id: 'rbac/rule' }),
  R('TestValidateRoleNoResources', role('Role', [{ verbs: ['get'], apiGroups: [''] }]), { field: 'rules[0].resources', id: 'rbac/rule' }),
  R('TestValidateClusterRoleAggregation: valid', role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-monitoring': 'true' } }] } })),
  R('TestValidateClusterRoleAggregation: empty selectors', role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [] } }), { field: 'aggregationRule.clusterRoleSelectors', id: 'rbac/aggregation-rule' }),
  R('TestValidateClusterRoleAggregation: bad selector', role('ClusterRole', [], { aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'k', operator: 'Bogus' }] }] } }), { field: 'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator', id: 'rbac/aggregation-rule' }),
];

/** Every translated case, by group. */
export const UPSTREAM_CASES: Readonly<Record<string, readonly UpstreamCase[]>> = {
  'core/v1 Service': SERVICE,
  'core/v1 Endpoints': ENDPOINTS,
  'core/v1 ConfigMap': CONFIGMAP,
  'core/v1 Secret': SECRET,
  'core/v1 PersistentVolumeClaim': PVC,
  'core/v1 Namespace': NAMESPACE,
  'core/v1 LimitRange': LIMITRANGE,
  'core/v1 ResourceQuota': RESOURCEQUOTA,
  'networking/v1 NetworkPolicy': NETWORKPOLICY,
  'networking/v1 Ingress': INGRESS,
  'networking/v1 IngressClass': INGRESSCLASS,
  'policy/v1 PodDisruptionBudget': PDB,
  'autoscaling/v2 HorizontalPodAutoscaler': HPA,
  'rbac/v1': RBAC,
};
