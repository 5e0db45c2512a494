/**
 * Expressions that must compile, grouped by environment: every expression of the v1.36
 * fact sheet plus typical real-world policy conditions, variables, mutations, authz
 * conditions and DRA selectors. Shared by the tests and bench/cel.bench.ts.
 */
import { CelCheckOptions, CelEnvironment } from '../../lib/cel';

export interface CorpusEntry {
  readonly expression: string;
  readonly env: CelEnvironment;
  readonly options?: CelCheckOptions;
  /** Where the expression comes from. */
  readonly source: string;
}

export const POD: CelCheckOptions = { objectType: 'io.k8s.api.core.v1.Pod' };
const DEPLOYMENT: CelCheckOptions = { objectType: 'io.k8s.api.apps.v1.Deployment' };

const M = CelEnvironment.ADMISSION_MATCH_CONDITION;
const V = CelEnvironment.ADMISSION_VARIABLE;
const AC = CelEnvironment.MUTATION_APPLY_CONFIGURATION;
const JP = CelEnvironment.MUTATION_JSON_PATCH;
const AZ = CelEnvironment.AUTHZ_MATCH_CONDITION;
const DRA = CelEnvironment.DRA_DEVICE_SELECTOR;

/** The expressions written out in facts-1.36.md. */
export const FACT_SHEET: readonly CorpusEntry[] = [
  // §a.5 matchCondition guard (ours and the docs' form)
  { env: M, options: POD, source: 'facts §a.5 guard', expression: '!has(object.spec.initContainers) || !object.spec.initContainers.exists(c, c.name == "mesh-proxy")' },
  { env: M, options: POD, source: 'facts §a.5 docs guard', expression: '!object.spec.initContainers.exists(c, c.name == "mesh-proxy")' },
  // §a.5 sidecar ApplyConfiguration
  {
    env: AC,
    options: POD,
    source: 'facts §a.5 ApplyConfiguration sidecar',
    expression: `Object{ spec: Object.spec{ initContainers: [ Object.spec.initContainers{
    name: "mesh-proxy", image: "mesh/proxy:v1.0.0", restartPolicy: "Always" } ] } }`,
  },
  // §a.5 sidecar JSONPatch (with atomic args / capabilities)
  {
    env: JP,
    options: POD,
    source: 'facts §a.5 JSONPatch sidecar',
    expression: `[ JSONPatch{ op: "add", path: "/spec/initContainers/-",
    value: Object.spec.initContainers{ name: "mesh-proxy", image: "mesh/proxy:v1.0.0", restartPolicy: "Always",
                                       args: ["proxy","sidecar"],
                                       securityContext: Object.spec.initContainers.securityContext{
                                         capabilities: Object.spec.initContainers.securityContext.capabilities{ drop: ["ALL"] } } } } ]`,
  },
  // §a.5 the has(...) ? ... : ... form for an absent list
  {
    env: JP,
    options: POD,
    source: 'facts §a.5 JSONPatch absent list',
    expression: `has(object.spec.initContainers) ?
  [JSONPatch{op: "add", path: "/spec/initContainers/-", value: Object.spec.initContainers{name: "mesh-proxy", image: "mesh/proxy:v1.0.0", restartPolicy: "Always"}}] :
  [JSONPatch{op: "add", path: "/spec/initContainers", value: [Object.spec.initContainers{name: "mesh-proxy", image: "mesh/proxy:v1.0.0", restartPolicy: "Always"}]}]`,
  },
  // §a.4 jsonpatch.escapeKey for keys with '/'
  {
    env: JP,
    options: POD,
    source: 'facts §a.4 escapeKey',
    expression: '[JSONPatch{op: "add", path: "/metadata/labels/" + jsonpatch.escapeKey("example.com/team"), value: "platform"}]',
  },
  // §a.4 / §f.4 list union without __union__
  { env: V, options: POD, source: 'facts §f.4 list union', expression: '(object.spec.containers.map(c, c.name) + object.spec.initContainers.map(c, c.name)).distinct()' },
  { env: M, options: POD, source: 'facts §a.4 sets', expression: "sets.contains(object.spec.containers.map(c, c.name), ['app'])" },
  { env: M, options: POD, source: 'facts §a.4 sets.intersects', expression: "sets.intersects(object.spec.containers.map(c, c.image), ['nginx:latest'])" },
  // §f.3 namespace exclusion by matchCondition
  { env: M, options: POD, source: 'facts §f.3', expression: "request.namespace != 'kube-system'" },
  // §b.5 NVIDIA DeviceClass selectors
  { env: DRA, source: 'facts §b.5 gpu class', expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'gpu'" },
  { env: DRA, source: 'facts §b.5 mig class', expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'mig'" },
  { env: DRA, source: 'facts §b.5 vfio class', expression: "device.driver == 'gpu.nvidia.com' && device.attributes['gpu.nvidia.com'].type == 'vfio'" },
  { env: DRA, source: 'facts §b.5 MIG profile', expression: "device.attributes['gpu.nvidia.com'].profile == '1g.5gb'" },
  // §b.3 capacity as quantity, allowMultipleAllocations, cel.bind
  { env: DRA, source: 'facts §b.3 capacity', expression: "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('40Gi')) >= 0" },
  { env: DRA, source: 'facts §b.3 capacity isGreaterThan', expression: "device.capacity['gpu.nvidia.com'].memory.isGreaterThan(quantity('10Gi'))" },
  { env: DRA, source: 'facts §b.3 allowMultipleAllocations', expression: 'device.allowMultipleAllocations' },
  { env: DRA, source: 'facts §b.3 cel.bind', expression: "cel.bind(gpu, device.attributes['gpu.nvidia.com'], gpu.type == 'mig' && gpu.profile == '1g.5gb')" },
  // §d.3 authorization matchConditions
  { env: AZ, source: 'facts §d.3 group', expression: "has(request.resourceAttributes) && request.resourceAttributes.group == 'apps'" },
  { env: AZ, source: 'facts §d.3 namespace', expression: "has(request.resourceAttributes) && request.resourceAttributes.namespace == 'kube-system'" },
  { env: AZ, source: 'facts §d.3 non-resource', expression: "has(request.nonResourceAttributes) && request.nonResourceAttributes.path.startsWith('/metrics')" },
  { env: AZ, source: 'facts §d.3 user', expression: "!('system:masters' in request.groups) && request.user != 'system:anonymous'" },
  { env: AZ, source: 'facts §d.3 selectors', expression: "has(request.resourceAttributes.labelSelector) && request.resourceAttributes.labelSelector.rawSelector != ''" },
];

/** Typical expressions from real policies (Kubernetes docs, policy libraries, DRA drivers). */
export const REAL_WORLD: readonly CorpusEntry[] = [
  // validating / matching conditions
  { env: M, options: POD, source: 'no latest tag', expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))" },
  { env: M, options: POD, source: 'registry allow-list', expression: "object.spec.containers.all(c, c.image.startsWith('registry.example.com/'))" },
  { env: M, options: POD, source: 'run as non-root', expression: 'has(object.spec.securityContext) && has(object.spec.securityContext.runAsNonRoot) && object.spec.securityContext.runAsNonRoot' },
  { env: M, options: POD, source: 'privileged', expression: '!object.spec.containers.exists(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged)' },
  { env: M, options: POD, source: 'host namespaces', expression: '!(has(object.spec.hostNetwork) && object.spec.hostNetwork) && !(has(object.spec.hostPID) && object.spec.hostPID)' },
  { env: M, options: POD, source: 'labels', expression: "has(object.metadata.labels) && 'app.kubernetes.io/name' in object.metadata.labels" },
  { env: M, options: POD, source: 'label regex', expression: "object.metadata.labels['team'].matches('^[a-z][a-z0-9-]{1,30}$')" },
  { env: M, options: POD, source: 'operation', expression: "request.operation == 'CREATE' || request.operation == 'UPDATE'" },
  { env: M, options: POD, source: 'user groups', expression: "!request.userInfo.groups.exists(g, g == 'system:masters')" },
  { env: M, options: POD, source: 'dry run', expression: '!request.dryRun' },
  { env: M, options: POD, source: 'request kind', expression: "request.kind.group == '' && request.kind.kind == 'Pod' && request.subResource == ''" },
  { env: M, options: POD, source: 'namespaceObject label', expression: "namespaceObject.metadata.labels['kubernetes.io/metadata.name'] != 'kube-system'" },
  { env: M, options: POD, source: 'optional chaining', expression: "object.?metadata.?labels[?'env'].orValue('dev') != 'prod'" },
  { env: M, options: POD, source: 'resource limits present', expression: "object.spec.containers.all(c, has(c.resources.limits) && 'memory' in c.resources.limits)" },
  { env: M, options: POD, source: 'cpu quantity', expression: "object.spec.containers.all(c, !has(c.resources.limits) || !('cpu' in c.resources.limits) || quantity(string(c.resources.limits['cpu'])).isLessThan(quantity('4')))" },
  { env: M, options: POD, source: 'exists_one', expression: "object.spec.containers.exists_one(c, c.name == 'app')" },
  { env: M, options: POD, source: 'size', expression: 'size(object.spec.containers) <= 10 && object.spec.containers.size() > 0' },
  { env: M, options: POD, source: 'two-variable all', expression: "object.spec.containers.all(i, c, i < 5 || c.name.startsWith('extra-'))" },
  { env: M, options: POD, source: 'authorizer', expression: "authorizer.group('policy.example.com').resource('exemptions').namespace(request.namespace).check('use').allowed()" },
  { env: M, options: POD, source: 'authorizer path', expression: "authorizer.path('/healthz').check('get').allowed()" },
  { env: M, options: POD, source: 'service account', expression: "authorizer.serviceAccount('kube-system', 'replicaset-controller').group('').resource('pods').check('create').allowed()" },
  { env: M, options: POD, source: 'oldObject', expression: 'oldObject == null || object.spec.nodeName == oldObject.spec.nodeName' },
  { env: M, options: { ...POD, hasParams: true }, source: 'params', expression: 'object.spec.containers.size() <= int(params.data.maxContainers)' },
  { env: M, options: { ...POD, paramsType: 'io.k8s.api.core.v1.ConfigMap' }, source: 'typed params', expression: "'maxContainers' in params.data && object.spec.containers.size() <= int(params.data['maxContainers'])" },
  { env: M, options: DEPLOYMENT, source: 'deployment replicas', expression: 'object.spec.replicas <= 5' },
  { env: M, options: POD, source: 'url', expression: "object.spec.containers.all(c, !has(c.env) || c.env.all(e, !e.name.endsWith('_URL') || !has(e.value) || isURL(e.value) && url(e.value).getScheme() == 'https'))" },
  { env: M, options: POD, source: 'ip/cidr', expression: "!has(object.status.podIP) || cidr('10.0.0.0/8').containsIP(ip(object.status.podIP))" },
  { env: M, options: POD, source: 'semver', expression: "isSemver(object.metadata.labels['version']) && semver(object.metadata.labels['version']).isGreaterThan(semver('1.0.0'))" },
  { env: M, options: POD, source: 'format', expression: "'%s/%s'.format([object.metadata.namespace, object.metadata.name]) != 'kube-system/x'" },
  { env: M, options: POD, source: 'regex find', expression: "object.spec.containers.all(c, c.image.find('[0-9]+\\\\.[0-9]+') != '')" },
  { env: M, options: POD, source: 'timestamps', expression: "!has(object.metadata.creationTimestamp) || object.metadata.creationTimestamp > timestamp('2020-01-01T00:00:00Z')" },
  { env: M, options: POD, source: 'string ext', expression: "object.metadata.name.lowerAscii().split('-').size() < 5 && object.metadata.name.replace('-', '').size() > 0" },
  { env: M, options: POD, source: 'lists ext', expression: 'object.spec.containers.map(c, c.name).isSorted() || object.spec.containers.map(c, c.name).sort().size() > 0' },
  { env: M, source: 'untyped object', expression: "object.metadata.name.startsWith('x') && object.spec.foo.bar == 1" },
  { env: M, options: POD, source: 'metadata.namespace (reserved word as field)', expression: "object.metadata.namespace != 'kube-system'" },
  { env: M, options: POD, source: 'has on a map key', expression: 'has(object.metadata.labels.app)' },
  { env: M, options: POD, source: 'ports', expression: 'object.spec.containers[0].ports.exists(p, p.containerPort == 80)' },
  { env: M, options: POD, source: 'timestamp field to string', expression: "string(object.metadata.creationTimestamp) != ''" },
  { env: M, options: POD, source: 'optional hasValue', expression: 'object.spec.?hostname.hasValue()' },
  { env: M, options: POD, source: 'join', expression: "object.spec.containers.map(c, c.name).join(',') != ''" },
  { env: M, options: POD, source: 'type()', expression: 'type(object) == map' },
  { env: M, options: POD, source: 'user extra', expression: "request.userInfo.extra['x'].exists(e, e == 'y')" },
  { env: M, options: POD, source: 'optional drop list', expression: "object.spec.containers.all(c, c.securityContext.?capabilities.?drop.orValue([]).exists(d, d == 'ALL'))" },
  { env: M, options: POD, source: 'hostPath', expression: 'object.spec.volumes.all(v, !has(v.hostPath))' },
  { env: M, options: POD, source: 'secret env', expression: 'object.spec.containers.all(c, c.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef)))' },
  { env: M, options: POD, source: 'duration/timestamp literals', expression: "duration('1h') > duration('30m') && timestamp('2026-01-01T00:00:00Z') < timestamp('2027-01-01T00:00:00Z')" },
  { env: M, options: POD, source: 'cross-type numeric comparison', expression: '1 < 2.0 && 2u > 1' },
  { env: M, options: POD, source: 'transformList', expression: "object.spec.containers.transformList(i, c, c.name)[0] == 'x'" },
  { env: M, options: POD, source: 'sortBy', expression: 'object.spec.containers.sortBy(c, c.name).size() > 0' },
  { env: M, options: POD, source: 'transformMapEntry', expression: "object.metadata.labels.transformMapEntry(k, v, {k + '-x': v}).size() > 0" },
  // variables
  { env: V, options: POD, source: 'variable list', expression: 'object.spec.containers + object.spec.initContainers' },
  { env: V, options: POD, source: 'variable map', expression: 'object.spec.containers.map(c, c.image)' },
  { env: V, options: { ...POD, variables: ['images'] }, source: 'variable using variable', expression: "variables.images.filter(i, !i.startsWith('registry.example.com/'))" },
  { env: V, options: POD, source: 'transformMap', expression: "object.metadata.labels.transformMap(k, v, k.startsWith('app'), v.upperAscii())" },
  { env: V, options: POD, source: 'lists.range', expression: 'lists.range(object.spec.containers.size()).map(i, object.spec.containers[i].name)' },
  // mutations
  {
    env: AC,
    options: POD,
    source: 'add label',
    expression: 'Object{metadata: Object.metadata{labels: {"injected": "true"}}}',
  },
  {
    env: AC,
    options: { ...POD, variables: ['image'] },
    source: 'sidecar with variable and env',
    expression: `Object{spec: Object.spec{initContainers: [Object.spec.initContainers{name: "proxy", image: variables.image,
      restartPolicy: "Always", env: [Object.spec.initContainers.env{name: "POD_NAME", value: object.metadata.name}],
      securityContext: Object.spec.initContainers.securityContext{runAsNonRoot: true, allowPrivilegeEscalation: false,
        seccompProfile: Object.spec.initContainers.securityContext.seccompProfile{type: "RuntimeDefault"}}}]}}`,
  },
  {
    env: AC,
    options: POD,
    source: 'default resources',
    expression: `Object{spec: Object.spec{containers: object.spec.containers.filter(c, !has(c.resources.requests)).map(c,
      Object.spec.containers{name: c.name, resources: Object.spec.containers.resources{requests: {"cpu": "100m", "memory": "128Mi"}}})}}`,
  },
  {
    env: AC,
    options: POD,
    source: 'pod security context',
    expression: 'Object{spec: Object.spec{securityContext: Object.spec.securityContext{runAsNonRoot: true, seccompProfile: Object.spec.securityContext.seccompProfile{type: "RuntimeDefault"}}}}',
  },
  { env: AC, source: 'untyped apply', expression: 'Object{spec: Object.spec{replicas: 3}}' },
  {
    env: JP,
    options: POD,
    source: 'json patch replace',
    expression: '[JSONPatch{op: "replace", path: "/spec/containers/0/image", value: "registry.example.com/" + object.spec.containers[0].image}]',
  },
  {
    env: JP,
    options: POD,
    source: 'json patch per container',
    expression: 'object.spec.containers.map(c, JSONPatch{op: "add", path: "/metadata/annotations/" + jsonpatch.escapeKey("example.com/" + c.name), value: "seen"})',
  },
  {
    env: JP,
    options: POD,
    source: 'json patch remove / test',
    expression: '[JSONPatch{op: "test", path: "/spec/hostNetwork", value: true}, JSONPatch{op: "remove", path: "/spec/hostNetwork"}]',
  },
  {
    env: AC,
    options: POD,
    source: 'resources and ports',
    expression: "Object{spec: Object.spec{containers: [Object.spec.containers{name: 'a', resources: Object.spec.containers.resources{limits: {'cpu': '1'}}, ports: [Object.spec.containers.ports{containerPort: 80}]}]}}",
  },
  { env: AC, options: POD, source: 'conditional nested literal', expression: "Object{spec: has(object.spec.hostname) ? Object.spec{hostname: 'x'} : Object.spec{}}" },
  { env: JP, options: POD, source: 'json patch copy', expression: "[JSONPatch{op: 'copy', from: '/metadata/name', path: '/metadata/generateName'}]" },
  // authz
  { env: AZ, source: 'authz exclude system', expression: "!request.user.startsWith('system:') && request.groups.all(g, g != 'system:nodes')" },
  { env: AZ, source: 'authz verb', expression: "has(request.resourceAttributes) && request.resourceAttributes.verb in ['get', 'list', 'watch']" },
  { env: AZ, source: 'authz extra', expression: "'scopes' in request.extra && request.extra['scopes'].exists(s, s == 'admin')" },
  // DRA
  { env: DRA, source: 'driver version', expression: "device.attributes['gpu.nvidia.com'].driverVersion.compareTo(semver('550.0.0')) >= 0" },
  { env: DRA, source: 'product name', expression: "device.attributes['gpu.nvidia.com'].productName.matches('^NVIDIA (A|H)100')" },
  { env: DRA, source: 'capacity memory', expression: "device.capacity['gpu.nvidia.com'].memory.compareTo(quantity('10Gi')) >= 0 && device.capacity['gpu.nvidia.com'].multiprocessors.asInteger() >= 14" },
  { env: DRA, source: 'attribute presence', expression: "'gpu.nvidia.com' in device.attributes && 'profile' in device.attributes['gpu.nvidia.com']" },
  { env: DRA, source: 'any attribute', expression: "device.attributes.exists(domain, domain.endsWith('.nvidia.com'))" },
  { env: DRA, source: 'dra example driver', expression: "device.driver == 'gpu.example.com' && device.attributes['gpu.example.com'].index < 4" },
];

/** All accepted expressions. */
export const ACCEPTED: readonly CorpusEntry[] = [...FACT_SHEET, ...REAL_WORLD];
