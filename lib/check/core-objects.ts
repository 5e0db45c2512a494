/**
 * Rules of the core/v1 kinds that are neither workloads nor Services: Endpoints,
 * PersistentVolumeClaim, Namespace, LimitRange and ResourceQuota (k8s.io/kubernetes
 * pkg/apis/core/validation/validation.go), after the v1 defaults (port protocol TCP) and
 * the PVC create normalisation (dataSource and dataSourceRef copied to each other when only
 * one is given).
 */
import { arr, dns1123LabelProblem, dns1123SubdomainProblem, isPortNum, isSet, key, labelSelector, mk, obj, qualifiedNameProblem } from './kind-util';
import { legacyIpProblem } from './netaddr';
import { Violation } from '../base/errors';
import { isObject, parseQuantity } from '../base/validators';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

// ---------------------------------------------------------------------------------------
// Endpoints

/** ValidateEndpointIP: addresses an endpoint may not have. */
// upstream: ValidateEndpointIP
function endpointIpProblem(ip: string): string | undefined {
  const s = ip.toLowerCase();
  if (s === '0.0.0.0' || s === '::') return 'may not be unspecified (0.0.0.0)';
  if (/^127\./.test(s) || s === '::1') return 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
  if (/^169\.254\./.test(s) || /^fe[89ab][0-9a-f]:/.test(s)) return 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
  if (/^224\.0\.0\./.test(s) || /^ff[0-9a-f]2:/.test(s)) return 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)';
  return undefined;
}

/** The rules for one v1 Endpoints, and the deprecation warning the server sends for it. */
// upstream: ValidateEndpoints
// upstream: ValidateEndpointsCreate
export function checkEndpoints(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  // upstream: endpoint.WarningsOnCreate
  out.push(mk('endpoints/deprecated', '', 'v1 Endpoints is deprecated in v1.33+', undefined, undefined, 'Use discovery.k8s.io/v1 EndpointSlice'));
  // upstream: validateEndpointSubsets
  arr(o.subsets).forEach((ss0: unknown, i: number) => {
    const ss = obj(ss0);
    const f = `subsets[${i}]`;
    if (arr(ss.addresses).length === 0 && arr(ss.notReadyAddresses).length === 0) {
      out.push(mk('endpoints/subset', f, 'must specify `addresses` or `notReadyAddresses`', undefined, undefined, 'List the endpoint addresses of the subset'));
    }
    for (const list of ['addresses', 'notReadyAddresses']) {
      arr(ss[list]).forEach((a0: unknown, j: number) => {
        // upstream: validateEndpointAddress
        const a = obj(a0);
        const af = `${f}.${list}[${j}]`;
        const problem = legacyIpProblem(a.ip) ?? endpointIpProblem(a.ip);
        if (problem) out.push(mk('endpoints/address', `${af}.ip`, problem, a.ip, 'a routable IP address', 'Use the pod or backend address'));
        if (isSet(a.hostname) && a.hostname !== '') {
          const p = dns1123LabelProblem(a.hostname);
          if (p) out.push(mk('endpoints/address', `${af}.hostname`, p, a.hostname, 'a DNS-1123 label', 'Use a lower-case host name without dots'));
        }
        if (isSet(a.nodeName)) {
          const p = dns1123SubdomainProblem(a.nodeName);
          if (p) out.push(mk('endpoints/address', `${af}.nodeName`, p, a.nodeName, 'a node name (DNS-1123 subdomain)', 'Use the name of a node'));
        }
      });
    }
    const ports = arr(ss.ports);
    ports.forEach((p0: unknown, j: number) => {
      // upstream: validateEndpointPort
      const p = obj(p0);
      const pf = `${f}.ports[${j}]`;
      const name = p.name ?? '';
      if (ports.length > 1 && name === '') {
        out.push(mk('endpoints/port', `${pf}.name`, 'is required when a subset has more than one port', undefined, undefined, 'Name every port as the Service names it'));
      } else if (name !== '') {
        const problem = dns1123LabelProblem(name);
        if (problem) out.push(mk('endpoints/port', `${pf}.name`, problem, name, 'a DNS-1123 label', 'Use the port name of the Service'));
      }
      if (!isPortNum(p.port)) out.push(mk('endpoints/port', `${pf}.port`, 'must be between 1 and 65535, inclusive', p.port, '1-65535', 'Use the port the backend listens on'));
      const protocol = p.protocol ?? 'TCP';
      if (!PROTOCOLS.includes(protocol)) out.push(mk('endpoints/port', `${pf}.protocol`, 'is not a supported protocol', protocol, PROTOCOLS.join(', '), 'Use TCP, UDP or SCTP'));
      if (isSet(p.appProtocol)) {
        const problem = qualifiedNameProblem(p.appProtocol);
        if (problem) out.push(mk('endpoints/port', `${pf}.appProtocol`, problem, p.appProtocol, 'a qualified name', 'Use an IANA service name or a domain-prefixed protocol'));
      }
    });
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// PersistentVolumeClaim

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

function checkDataSource(out: Violation[], ref: unknown, f: string): void {
  // upstream: validateDataSource
  // upstream: validateDataSourceRef
  const r = obj(ref);
  if (!isSet(r.name) || r.name === '') out.push(mk('pvc/data-source', `${f}.name`, 'is required', undefined, undefined, 'Name the source object'));
  if (!isSet(r.kind) || r.kind === '') {
    out.push(mk('pvc/data-source', `${f}.kind`, 'is required', undefined, undefined, 'Set the kind of the source (PersistentVolumeClaim, VolumeSnapshot...)'));
  }
  const group = r.apiGroup ?? '';
  if (group === '' && r.kind !== 'PersistentVolumeClaim') {
    out.push(mk('pvc/data-source', f, "must be 'PersistentVolumeClaim' when referencing the default apiGroup", r.kind, 'PersistentVolumeClaim, or set apiGroup (e.g. snapshot.storage.k8s.io for VolumeSnapshot)', 'Set apiGroup for a kind outside the core group'));
  } else if (group !== '') {
    const p = dns1123SubdomainProblem(group);
    if (p) out.push(mk('pvc/data-source', `${f}.apiGroup`, p, group, 'an API group (DNS-1123 subdomain)', 'Use the group of the source kind'));
  }
}

/** The rules of a PersistentVolumeClaim spec at `f` (also used for claim templates). */
// upstream: ValidatePersistentVolumeClaimSpec
export function checkPvcSpec(spec0: unknown, f: string): Violation[] {
  const out: Violation[] = [];
  const spec = obj(spec0);
  const modes = arr(spec.accessModes);
  if (modes.length === 0) out.push(mk('pvc/access-modes', `${f}.accessModes`, 'at least 1 access mode is required', undefined, ACCESS_MODES.join(', '), 'Add an access mode, usually ReadWriteOnce'));
  let rwop = false;
  let other = false;
  for (const m of modes) {
    if (!ACCESS_MODES.includes(m)) out.push(mk('pvc/access-modes', `${f}.accessModes`, 'is not a supported access mode', m, ACCESS_MODES.join(', '), 'Use one of the access modes (case matters)'));
    else if (m === 'ReadWriteOncePod') rwop = true;
    else other = true;
  }
  if (rwop && other) out.push(mk('pvc/access-modes', `${f}.accessModes`, 'may not use ReadWriteOncePod with other access modes', modes, 'ReadWriteOncePod alone', 'Keep ReadWriteOncePod alone, or drop it'));
  if (isSet(spec.selector)) out.push(...labelSelector('pvc/selector', `${f}.selector`, spec.selector));
  const requests = obj(obj(spec.resources).requests);
  const storageField = `${f}.resources.requests.storage`;
  if (!isSet(requests.storage)) {
    out.push(mk('pvc/storage', storageField, 'is required', undefined, undefined, 'Request a size, e.g. storage: 10Gi'));
  } else {
    const q = parseQuantity(requests.storage);
    if (q !== undefined && q <= 0) out.push(mk('pvc/storage', storageField, 'must be greater than zero', requests.storage, 'a positive quantity', 'Request a positive size, e.g. 1Gi'));
  }
  for (const cls of ['storageClassName', 'volumeAttributesClassName']) {
    if (typeof spec[cls] === 'string' && spec[cls] !== '') {
      const p = dns1123SubdomainProblem(spec[cls]);
      if (p) out.push(mk('pvc/class-name', `${f}.${cls}`, p, spec[cls], 'a class name (DNS-1123 subdomain)', 'Use the name of an existing class'));
    }
  }
  if (isSet(spec.volumeMode) && !VOLUME_MODES.includes(spec.volumeMode)) {
    out.push(mk('pvc/volume-mode', `${f}.volumeMode`, 'is not a supported volume mode', spec.volumeMode, VOLUME_MODES.join(', '), 'Use Filesystem or Block'));
  }
  if (isSet(spec.dataSource)) checkDataSource(out, spec.dataSource, `${f}.dataSource`);
  if (isSet(spec.dataSourceRef)) checkDataSource(out, spec.dataSourceRef, `${f}.dataSourceRef`);
  if (isObject(spec.dataSource) && isObject(spec.dataSourceRef) && !(typeof spec.dataSourceRef.namespace === 'string' && spec.dataSourceRef.namespace !== '')) {
    const a = spec.dataSource;
    const b = spec.dataSourceRef;
    if ((a.apiGroup ?? '') !== (b.apiGroup ?? '') || a.kind !== b.kind || a.name !== b.name) {
      out.push(mk('pvc/data-source', f, 'dataSource must match dataSourceRef', a, JSON.stringify(b), 'Set only dataSourceRef (the server copies it to dataSource)'));
    }
  }
  return out;
}

/** The rules for one v1 PersistentVolumeClaim. */
// upstream: ValidatePersistentVolumeClaim
export function checkPvc(o: unknown): Violation[] {
  if (!isObject(o)) return [];
  return checkPvcSpec(o.spec, 'spec');
}

// ---------------------------------------------------------------------------------------
// Namespace

const STANDARD_FINALIZERS = ['kubernetes', 'orphan', 'foregroundDeletion'];

/** The rules for one v1 Namespace. */
// upstream: ValidateNamespace
export function checkNamespace(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  for (const fin of arr(obj(o.spec).finalizers)) {
    // upstream: validateFinalizerName
    const p = qualifiedNameProblem(fin);
    if (p) {
      out.push(mk('namespace/finalizer', 'spec.finalizers', p, fin, 'kubernetes, or a domain-qualified name', 'Use a name like example.com/cleanup'));
    } else if (!String(fin).includes('/') && !STANDARD_FINALIZERS.includes(fin)) {
      // upstream: validateKubeFinalizerName
      out.push(mk('namespace/finalizer', 'spec.finalizers', 'name is neither a standard finalizer name nor is it fully qualified', fin, 'kubernetes, or a domain-qualified name', 'Prefix the finalizer with your domain, e.g. example.com/cleanup'));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// LimitRange

const LIMIT_TYPES = ['Pod', 'Container', 'PersistentVolumeClaim'];
const CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
/** Resources that may not be overcommitted (helper.IsOvercommitAllowed is false). */
const noOvercommit = (r: string) => r.startsWith('hugepages-') || (r.includes('/') && !r.includes('kubernetes.io/'));

/** The rules for one v1 LimitRange. */
// upstream: ValidateLimitRange
export function checkLimitRange(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const seen = new Set<unknown>();
  arr(obj(o.spec).limits).forEach((l0: unknown, i: number) => {
    const l = obj(l0);
    const f = `spec.limits[${i}]`;
    const type = l.type;
    // upstream: validateLimitRangeTypeName
    const tp = qualifiedNameProblem(type);
    if (tp) out.push(mk('limitrange/type', `${f}.type`, tp, type, LIMIT_TYPES.join(', '), 'Use Pod, Container or PersistentVolumeClaim'));
    else if (!String(type).includes('/') && !LIMIT_TYPES.includes(type)) out.push(mk('limitrange/type', `${f}.type`, 'must be a standard limit type or fully qualified', type, LIMIT_TYPES.join(', '), 'Use Pod, Container or PersistentVolumeClaim'));
    if (seen.has(type)) out.push(mk('limitrange/type', `${f}.type`, 'is a duplicate limit type', type, 'each type once', 'Merge the limits of this type into one item'));
    seen.add(type);

    const maps: Record<string, Record<string, unknown>> = {};
    for (const m of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
      maps[m] = obj(l[m]);
      for (const r of Object.keys(maps[m])) {
        // upstream: validateLimitRangeResourceName
        const rp = qualifiedNameProblem(r);
        if (rp) {out.push(mk('limitrange/resource', key(`${f}.${m}`, r), rp, r, 'a resource name', 'Use a resource name such as cpu or memory'));} else if ((type === 'Pod' || type === 'Container') && !r.includes('/') && !CONTAINER_RESOURCES.includes(r) && !r.startsWith('hugepages-')) {
          out.push(mk('limitrange/resource', key(`${f}.${m}`, r), 'must be a standard resource for containers', r, 'cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-qualified name', 'Use a container resource name'));
        }
      }
    }
    if (type === 'Pod') {
      for (const m of ['default', 'defaultRequest']) {
        if (Object.keys(maps[m]).length) out.push(mk('limitrange/pod-defaults', `${f}.${m}`, "may not be specified when `type` is 'Pod'", l[m], 'unset', 'Put defaults on a Container item'));
      }
    }
    if (type === 'PersistentVolumeClaim' && !isSet(maps.min.storage) && !isSet(maps.max.storage)) {
      out.push(mk('limitrange/pvc-storage', `${f}.limits`, 'either minimum or maximum storage value is required, but neither was provided', undefined, undefined, 'Set min.storage or max.storage'));
    }
    const keys = new Set(Object.values(maps).flatMap((m) => Object.keys(m)));
    for (const r of keys) {
      const q = (m: string) => (r in maps[m] ? parseQuantity(maps[m][r]) : undefined);
      const s = (m: string) => String(maps[m][r]);
      const [min, max, def, defReq, ratio] = [q('min'), q('max'), q('default'), q('defaultRequest'), q('maxLimitRequestRatio')];
      const add = (m: string, problem: string) => out.push(mk('limitrange/order', key(`${f}.${m}`, r), problem, maps[m][r], 'min <= defaultRequest <= default <= max', 'Order the values so that min <= defaultRequest <= default <= max'));
      if (min !== undefined && max !== undefined && min > max) add('min', `min value ${s('min')} is greater than max value ${s('max')}`);
      if (defReq !== undefined && min !== undefined && min > defReq) add('defaultRequest', `min value ${s('min')} is greater than default request value ${s('defaultRequest')}`);
      if (defReq !== undefined && max !== undefined && defReq > max) add('defaultRequest', `default request value ${s('defaultRequest')} is greater than max value ${s('max')}`);
      if (defReq !== undefined && def !== undefined && defReq > def) add('defaultRequest', `default request value ${s('defaultRequest')} is greater than default limit value ${s('default')}`);
      if (def !== undefined && min !== undefined && min > def) add('default', `min value ${s('min')} is greater than default value ${s('default')}`);
      if (def !== undefined && max !== undefined && def > max) add('default', `default value ${s('default')} is greater than max value ${s('max')}`);
      if (ratio !== undefined && ratio < 1) add('maxLimitRequestRatio', `ratio ${s('maxLimitRequestRatio')} is less than 1`);
      if (ratio !== undefined && min !== undefined && max !== undefined && min > 0 && ratio > max / min) {
        add('maxLimitRequestRatio', `ratio ${s('maxLimitRequestRatio')} is greater than max/min = ${(max / min).toFixed(6)}`);
      }
      if (noOvercommit(r) && def !== undefined && defReq !== undefined && def !== defReq) {
        add('defaultRequest', `default value ${s('default')} must equal to defaultRequest value ${s('defaultRequest')} in ${type}`);
      }
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// ResourceQuota

const QUOTA_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity', 'VolumeAttributesClass'];
const STANDARD_QUOTA_RESOURCES = [
  'cpu', 'memory', 'ephemeral-storage', 'storage', 'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets',
  'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers',
];
const INTEGER_RESOURCES = ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers'];
const isStandardQuotaResource = (r: string) => STANDARD_QUOTA_RESOURCES.includes(r) || /^(requests\.)?hugepages-/.test(r);
/** Object counts no pod scope can apply to (IsResourceQuotaScopeValidForResource). */
const NON_POD_RESOURCES = ['services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'persistentvolumeclaims', 'configmaps', 'services.nodeports', 'services.loadbalancers', 'requests.storage', 'storage'];
const POD_SCOPES = ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'];
const EXISTS_ONLY_SCOPES = ['BestEffort', 'NotBestEffort', 'Terminating', 'NotTerminating', 'CrossNamespacePodAffinity'];
const scopeFitsResource = (scope: string, r: string) => !isStandardQuotaResource(r) || !POD_SCOPES.includes(scope)
  || (scope === 'BestEffort' ? r === 'pods' : !NON_POD_RESOURCES.includes(r));
const CONFLICTS: ReadonlyArray<readonly [string, string]> = [['BestEffort', 'NotBestEffort'], ['Terminating', 'NotTerminating']];

/** The rules for one v1 ResourceQuota. */
// upstream: ValidateResourceQuota
export function checkResourceQuota(o: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(o)) return out;
  const spec = obj(o.spec);
  const hard = obj(spec.hard);
  // upstream: ValidateResourceQuotaSpec
  for (const [r, v] of Object.entries(hard)) {
    const f = key('spec.hard', r);
    // upstream: ValidateResourceQuotaResourceName
    const p = qualifiedNameProblem(r);
    if (p) out.push(mk('resourcequota/resource', f, p, r, 'a resource name', 'Use a quota resource name such as requests.cpu or count/deployments.apps'));
    else if (!r.includes('/') && !isStandardQuotaResource(r)) out.push(mk('resourcequota/resource', f, 'must be a standard resource for quota', r, 'e.g. pods, requests.cpu, limits.memory, count/<resource>.<group>', 'Use a standard quota resource, or count/<resource> for object counts'));
    // upstream: ValidateResourceQuantityValue
    const q = parseQuantity(v);
    if (q !== undefined && q < 0) out.push(mk('resourcequota/quantity', f, 'must be greater than or equal to 0', v, 'a non-negative quantity', 'Use 0 or more'));
    else if (q !== undefined && (INTEGER_RESOURCES.includes(r) || r.startsWith('count/')) && !Number.isInteger(q)) out.push(mk('resourcequota/quantity', f, 'must be an integer', v, 'a whole number', 'Count objects in whole numbers'));
  }
  const hardKeys = Object.keys(hard);
  const scopes = arr(spec.scopes);
  // upstream: validateResourceQuotaScopes
  for (const s of scopes) {
    if (!QUOTA_SCOPES.includes(s)) out.push(mk('resourcequota/scope', 'spec.scopes', 'unsupported scope', s, QUOTA_SCOPES.join(', '), 'Use a supported scope (case matters)'));
    else if (hardKeys.some((r) => !scopeFitsResource(s, r))) out.push(mk('resourcequota/scope', 'spec.scopes', 'unsupported scope applied to resource', s, 'pod scopes with pod resources (pods, cpu, memory...)', 'Put object counts of other kinds in a quota without this scope'));
  }
  for (const [a, b] of CONFLICTS) {
    if (scopes.includes(a) && scopes.includes(b)) out.push(mk('resourcequota/scope', 'spec.scopes', 'conflicting scopes', scopes, `not both ${a} and ${b}`, 'Use two quotas, one per scope'));
  }
  // upstream: validateScopedResourceSelectorRequirement
  const exprs = arr(obj(spec.scopeSelector).matchExpressions);
  const selectorScopes: string[] = [];
  exprs.forEach((e0: unknown) => {
    const e = obj(e0);
    const f = 'spec.scopeSelector.matchExpressions';
    if (!QUOTA_SCOPES.includes(e.scopeName)) out.push(mk('resourcequota/scope', `${f}.scopeName`, 'unsupported scope', e.scopeName, QUOTA_SCOPES.join(', '), 'Use a supported scope'));
    else if (hardKeys.some((r) => !scopeFitsResource(e.scopeName, r))) out.push(mk('resourcequota/scope', f, 'unsupported scope applied to resource', e.scopeName, 'pod scopes with pod resources', 'Put object counts of other kinds in another quota'));
    if (EXISTS_ONLY_SCOPES.includes(e.scopeName) && e.operator !== 'Exists') {
      out.push(mk('resourcequota/scope-selector', `${f}.operator`, "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity", e.operator, 'Exists', 'Use operator: Exists'));
    }
    const values = arr(e.values);
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (values.length === 0) out.push(mk('resourcequota/scope-selector', `${f}.values`, "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector", undefined, undefined, 'List the values to match'));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (values.length) out.push(mk('resourcequota/scope-selector', `${f}.values`, "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector", values, 'no values', 'Remove values'));
    } else {
      out.push(mk('resourcequota/scope-selector', `${f}.operator`, 'not a valid selector operator', e.operator, 'In, NotIn, Exists, DoesNotExist', 'Use one of the scope selector operators'));
    }
    selectorScopes.push(e.scopeName);
  });
  for (const [a, b] of CONFLICTS) {
    if (selectorScopes.includes(a) && selectorScopes.includes(b)) out.push(mk('resourcequota/scope', 'spec.scopeSelector.matchExpressions', 'conflicting scopes', selectorScopes, `not both ${a} and ${b}`, 'Use two quotas, one per scope'));
  }
  return out;
}
