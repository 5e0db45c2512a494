/**
 * The container rules of a pod spec as the 1.36 kube-apiserver applies them on create, after
 * defaulting (pkg/apis/core/v1/defaults.go: protocol TCP, imagePullPolicy, terminationMessagePolicy,
 * httpGet path and scheme, fieldRef apiVersion v1, terminationGracePeriodSeconds 30). Each rule
 * names the function of pkg/apis/core/validation/validation.go it ports. Enum values are the
 * schema checker's (schema/enum). Pure; never throws on malformed input.
 */
import { ContainerLocation } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain, checkQualifiedName, isObject, parseQuantity } from '../base/validators';

function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

const isSet = (x: unknown) => x !== undefined && x !== null;
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');
const MAX_INT32 = 2147483647;

/** What the container rules need to know about the pod around them. */
export interface ContainerContext {
  /** The object is a Pod (not a template). */
  readonly isPod: boolean;
  /** Volume sources by name (the volumes that passed their own validation, plus claim templates). */
  readonly volumes: ReadonlyMap<string, Record<string, any>>;
  /** Names of spec.resourceClaims. */
  readonly claimNames: ReadonlySet<string>;
  /** spec.terminationGracePeriodSeconds after defaulting (30). */
  readonly gracePeriod: number;
  /** spec.restartPolicy after defaulting (Always). */
  readonly restartPolicy: string;
  /** spec.hostUsers after defaulting (true). */
  readonly hostUsers: boolean;
}

// ---------------------------------------------------------------------------------------
// Names and shared formats

const PORT_NAME_CHARS = /^[-a-z0-9]+$/;
const HAS_LETTER = /[a-z]/;
/** validation.IsValidPortName: at most 15 characters, lower-case alphanumerics and '-', one letter, no '--' or edge '-'. */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be no more than 15 characters';
  if (!PORT_NAME_CHARS.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (!HAS_LETTER.test(name)) return 'must contain at least one letter (a-z)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  return undefined;
}

const RELAXED_ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** validation.IsConfigMapKey. */
export function configMapKeyProblem(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (!CONFIG_MAP_KEY.test(key)) return "must consist of alphanumeric characters, '-', '_' or '.'";
  if (key === '.') return "must not be '.'";
  if (key === '..') return "must not be '..'";
  if (key.startsWith('..')) return "must not start with '..'";
  return undefined;
}

/** validatePathNoBacksteps: no '..' element. */
export function hasBacksteps(path: string): boolean {
  // upstream: validatePathNoBacksteps
  return path.replace(/\\/g, '/').split('/').includes('..');
}

/** validateLocalDescendingPath: relative and without '..' elements. */
export function localDescendingProblem(path: string): string | undefined {
  // upstream: validateLocalDescendingPath
  if (path.startsWith('/')) return 'must be a relative path';
  if (hasBacksteps(path)) return "must not contain '..'";
  return undefined;
}

/** A NameIsDNSSubdomain name; `prefix` allows a trailing '-' (a generateName-like prefix). */
function subdomainProblem(name: string, prefix = false): string | undefined {
  const bad = checkDns1123Subdomain('', prefix && name.endsWith('-') ? `${name}a` : name);
  return bad?.problem;
}

// ---------------------------------------------------------------------------------------
// Resources: validateResourceRequirements, validateContainerResourceName, ValidateResourceQuantityValue

const HUGEPAGES = 'hugepages-';
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** helper.IsNativeResource: no domain, or a kubernetes.io domain. */
function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** helper.IsExtendedResourceName: a domain-prefixed name outside kubernetes.io, not requests.*. */
export function isExtendedResource(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  return checkQualifiedName('', `requests.${name}`) === undefined;
}

const RESOURCE_NAME_MEMO = new Map<string, string | undefined>();

/** validateContainerResourceName, memoised: manifests repeat a handful of resource names. */
function resourceNameProblem(name: string): string | undefined {
  if (RESOURCE_NAME_MEMO.has(name)) return RESOURCE_NAME_MEMO.get(name);
  const problem = resourceNameProblemOf(name);
  if (RESOURCE_NAME_MEMO.size >= 1024) RESOURCE_NAME_MEMO.clear();
  RESOURCE_NAME_MEMO.set(name, problem);
  return problem;
}

/** validateContainerResourceName (validateResourceName first). */
function resourceNameProblemOf(name: string): string | undefined {
  // upstream: validateContainerResourceName
  // upstream: validateResourceName
  const q = checkQualifiedName('', name);
  if (q) return q.problem;
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !name.startsWith(HUGEPAGES)) return 'must be a standard resource for containers';
  } else if (!isNativeResource(name) && !isExtendedResource(name)) {
    return "doesn't follow extended resource name standard";
  }
  return undefined;
}

function hugePageSize(name: string): number | undefined {
  return name.startsWith(HUGEPAGES) ? parseQuantity(name.slice(HUGEPAGES.length)) : undefined;
}

/** Quantity in milli-units, rounded, to compare and test integrality without float noise. */
const milli = (n: number) => Math.round(n * 1000);

/**
 * validateResourceRequirements as ValidateContainerResourceRequirements (containers, overhead)
 * and validatePodResourceRequirements (pod-level `resources`, `podLevel`): names, negative
 * quantities, integer extended resources, hugepage multiples, requests <= limits (equal for
 * extended resources and hugepages, which need a limit), hugepages only with cpu or memory,
 * and the claim references (validateResourceClaimNames).
 */
export function checkResourceRequirements(out: Violation[], res: unknown, f: string, podLevel = false): void {
  // upstream: ValidateContainerResourceRequirements
  // upstream: validatePodResourceRequirements
  // upstream: ValidateResourceQuantityValue
  // upstream: ValidateNonnegativeQuantity
  // upstream: validateResourceQuantityHugePageValue
  if (!isObject(res)) return;
  const limits = isObject(res.limits) ? res.limits : {};
  const requests = isObject(res.requests) ? res.requests : {};
  let cpuOrMemory = false;
  let hugePages = false;
  const each = (bag: Record<string, unknown>, kind: 'limits' | 'requests') => {
    for (const [name, q] of Object.entries(bag)) {
      const qf = `${f}.${kind}[${JSON.stringify(name)}]`;
      const badName = podLevel ? podResourceNameProblem(name) : resourceNameProblem(name);
      if (badName) out.push(v('resources', qf, badName, name, podLevel ? 'cpu, memory, ephemeral-storage, hugepages-<size>' : 'cpu, memory, ephemeral-storage, hugepages-<size>, or a domain-prefixed extended resource such as nvidia.com/gpu', 'Use a resource name the kubelet knows'));
      const n = parseQuantity(q);
      if (n === undefined) continue;
      if (n < 0) out.push(v('resources', qf, 'must be greater than or equal to 0', q, '0 or more', 'Use a non-negative quantity'));
      else if (isExtendedResource(name) && milli(n) % 1000 !== 0) out.push(v('resources', qf, 'must be an integer', q, 'a whole number', 'Request whole devices'));
      const size = hugePageSize(name);
      if (name.startsWith(HUGEPAGES)) {
        hugePages = true;
        if (size !== undefined && size > 0 && n >= 0 && Math.abs(n / size - Math.round(n / size)) > 1e-9) {
          out.push(v('resources', qf, `${q} is not positive integer multiple of ${name}`, q, `a multiple of ${name.slice(HUGEPAGES.length)}`, 'Request whole huge pages'));
        }
      }
      if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    }
  };
  // upstream: validateResourceRequirements
  // (pkg/apis/core/validation/validation.go)
  each(limits, 'limits');
  each(requests, 'requests');
  for (const [name, q] of Object.entries(requests)) {
    const n = parseQuantity(q);
    const overcommit = isNativeResource(name) && !name.startsWith(HUGEPAGES);
    if (name in limits) {
      const l = parseQuantity(limits[name]);
      if (n === undefined || l === undefined) continue;
      if (!overcommit && milli(n) !== milli(l)) {
        out.push(v('resources', `${f}.requests`, `must be equal to ${name} limit of ${renderValue(limits[name])}`, q, `= ${renderValue(limits[name])}`, 'Extended resources and hugepages cannot be overcommitted: set the request equal to the limit, or leave the request out'));
      } else if (overcommit && milli(n) > milli(l) && !STANDARD_CONTAINER_RESOURCES.has(name)) {
        // cpu, memory and ephemeral-storage are reported with their own message below
        out.push(v('resources', `${f}.requests`, `must be less than or equal to ${name} limit of ${renderValue(limits[name])}`, q, `<= ${renderValue(limits[name])}`, 'Lower the request or raise the limit'));
      } else if (overcommit && milli(n) > milli(l) && podLevel) {
        out.push(v('resources', `${f}.requests`, `must be less than or equal to ${name} limit of ${renderValue(limits[name])}`, q, `<= ${renderValue(limits[name])}`, 'Lower the request or raise the limit'));
      }
    } else if (!overcommit) {
      out.push(v('resources', `${f}.limits`, 'Limit must be set for non overcommitable resources', name, `a limit for ${name} equal to the request`, 'Set the limit (the request then defaults to it)'));
    }
  }
  if (hugePages && !cpuOrMemory) {
    out.push(v('resources', f, 'HugePages require cpu or memory', Object.keys({ ...limits, ...requests }), 'a cpu or memory request or limit beside the hugepages', 'Add a memory limit'));
  }
  if (podLevel) {
    if (isSet(res.claims)) out.push(v('pod-resources', `${f}.claims`, 'claims cannot be set for Resources at pod-level', res.claims, 'unset', 'Reference resource claims from the containers'));
    return;
  }
  // upstream: validateResourceClaimNames
  // (a claim name is required here; the request format and repeated references are
  // dra/container-claim in lib/check/dra.ts, and the claim lookup is pod/resource-claim-ref)
  list(res.claims).forEach((c: any, i) => {
    if (isObject(c) && str(c.name) === '') out.push(v('resource-claim-ref', `${f}.claims[${i}]`, 'is required', c.name, 'the name of an entry of spec.resourceClaims', 'Name the claim'));
  });
}

/** validatePodResourceName: the resources PodLevelResources supports. */
function podResourceNameProblem(name: string): string | undefined {
  // upstream: validatePodResourceName
  const q = checkQualifiedName('', name);
  if (q) return q.problem;
  // cpu and memory (1.32), hugepages (1.34); ephemeral-storage is accepted too rather than risk a false refusal
  if (name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || name.startsWith(HUGEPAGES)) return undefined;
  return 'is not supported at pod level';
}

// ---------------------------------------------------------------------------------------
// Env: ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom

const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
/** podshelper.ConvertDownwardAPIFieldLabel: the v1 pod field labels (spec.host is read as spec.nodeName). */
const DOWNWARD_LABELS = new Set(['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',
  'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs', 'spec.host']);
export const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const CPU_DIVISORS = new Set([0.001, 1]);
const BYTE_DIVISORS = new Set(['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'].map((d) => parseQuantity(d)));

/** fieldpath.SplitMaybeSubscriptedPath: `path['key']`. */
export function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined;
  const s = path.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return undefined;
  return [s.slice(0, i), s.slice(i + 2)];
}

/**
 * validateObjectFieldSelector for env (apiVersion defaults to v1; other versions fail the
 * field label conversion): a known field, or a subscripted labels/annotations key.
 */
function checkEnvFieldRef(out: Violation[], ref: Record<string, any>, f: string): void {
  const version = isSet(ref.apiVersion) && ref.apiVersion !== '' ? ref.apiVersion : 'v1';
  const path = str(ref.fieldPath);
  if (path === '') {
    out.push(v('env', `${f}.fieldPath`, 'is required', ref.fieldPath, ENV_FIELD_PATHS.join(', '), 'Name the pod field'));
    return;
  }
  const sub = splitSubscript(path);
  if (version !== 'v1' || (sub ? !['metadata.annotations', 'metadata.labels'].includes(sub[0]) : !DOWNWARD_LABELS.has(path))) {
    out.push(v('env', `${f}.fieldPath`, version !== 'v1' ? `error converting fieldPath: unsupported pod version: ${version}` : 'error converting fieldPath: field label not supported', path,
      `${ENV_FIELD_PATHS.join(', ')}, metadata.labels['<key>'], metadata.annotations['<key>']`, 'Use one of the pod fields the downward API exposes'));
    return;
  }
  if (sub) {
    const bad = checkQualifiedName(f, sub[0] === 'metadata.annotations' ? sub[1].toLowerCase() : sub[1]);
    if (bad) out.push(v('env', f, bad.problem, sub[1], 'a label or annotation key', 'Name a label or annotation key'));
    return;
  }
  const internal = path === 'spec.host' ? 'spec.nodeName' : path;
  if (!ENV_FIELD_PATHS.includes(internal)) {
    out.push(v('env', `${f}.fieldPath`, 'is not supported', internal, ENV_FIELD_PATHS.join(', '), "Use metadata.labels['<key>'] for one label, or a downwardAPI volume for all of them"));
  }
}

/** validateContainerResourceFieldSelector and validateContainerResourceDivisor. */
export function checkResourceFieldRef(out: Violation[], rule: string, ref: Record<string, any>, f: string, volume: boolean): void {
  // upstream: validateContainerResourceDivisor
  const resource = str(ref.resource);
  if (volume && str(ref.containerName) === '') {
    out.push(v(rule, `${f}.containerName`, 'is required', ref.containerName, 'the name of a container of the pod', 'Name the container'));
  } else if (resource === '') {
    out.push(v(rule, `${f}.resource`, 'is required', ref.resource, RESOURCE_FIELD_PATHS.join(', '), 'Name the resource, e.g. limits.memory'));
  } else if (!RESOURCE_FIELD_PATHS.includes(resource) && !resource.startsWith('requests.hugepages-') && !resource.startsWith('limits.hugepages-')) {
    out.push(v(rule, `${f}.resource`, 'is not supported', resource, `${RESOURCE_FIELD_PATHS.join(', ')}, limits.hugepages-<size>, requests.hugepages-<size>`, 'Use one of the container resources'));
  }
  const d = parseQuantity(ref.divisor);
  if (!isSet(ref.divisor) || d === undefined || d === 0) return;
  const cpu = resource === 'limits.cpu' || resource === 'requests.cpu';
  const bytes = /^(limits|requests)\.(memory|ephemeral-storage|hugepages-.*)$/.test(resource);
  if ((cpu && !CPU_DIVISORS.has(d)) || (bytes && !BYTE_DIVISORS.has(d))) {
    out.push(v(rule, `${f}.divisor`, cpu ? "only divisor's values 1m and 1 are supported with the cpu resource" : "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported", ref.divisor,
      cpu ? '1m, 1' : '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei', 'Use one of the supported divisors'));
  }
}

/** validateConfigMapKeySelector, validateSecretKeySelector: a subdomain name and a config map key. */
function checkKeySelector(out: Violation[], sel: Record<string, any>, f: string, what: string): void {
  // upstream: validateConfigMapKeySelector
  // upstream: validateSecretKeySelector
  const nameBad = subdomainProblem(str(sel.name));
  if (nameBad) out.push(v('env', `${f}.name`, nameBad, sel.name ?? '', `the name of a ${what} (a DNS-1123 subdomain)`, `Name the ${what}`));
  const key = str(sel.key);
  if (key === '') {
    out.push(v('env', `${f}.key`, 'is required', sel.key, `a key of the ${what}`, 'Name the key'));
  } else {
    const bad = configMapKeyProblem(key);
    if (bad) out.push(v('env', `${f}.key`, bad, key, "alphanumerics, '-', '_' or '.'", 'Use the key as the object spells it'));
  }
}

const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

/**
 * ValidateEnv with RelaxedEnvironmentVariableValidation (GA in 1.34): a name of printable
 * ASCII without '=', and validateEnvVarValueFrom: exactly one source, none with a value.
 */
export function checkEnv(out: Violation[], env: unknown, f: string): void {
  list(env).forEach((e: any, i) => {
    if (!isObject(e)) return;
    const ef = `${f}[${i}]`;
    // upstream: ValidateEnv
    const name = str(e.name);
    // an absent name is schema/required
    if (e.name === '') out.push(v('env', `${ef}.name`, 'is required', e.name, 'a variable name', 'Name the variable'));
    else if (name !== '' && !RELAXED_ENV_NAME.test(name)) out.push(v('env', `${ef}.name`, "must consist only of printable ASCII characters except '='", name, "printable ASCII except '='", 'Rename the variable'));
    // upstream: validateEnvVarValueFrom
    const from = e.valueFrom;
    if (!isObject(from)) return;
    const ff = `${ef}.valueFrom`;
    const sources = ENV_SOURCES.filter((s) => isSet(from[s]));
    if (isObject(from.fieldRef)) checkEnvFieldRef(out, from.fieldRef, `${ff}.fieldRef`);
    if (isObject(from.resourceFieldRef)) checkResourceFieldRef(out, 'env', from.resourceFieldRef, `${ff}.resourceFieldRef`, false);
    if (isObject(from.configMapKeyRef)) checkKeySelector(out, from.configMapKeyRef, `${ff}.configMapKeyRef`, 'ConfigMap');
    if (isObject(from.secretKeyRef)) checkKeySelector(out, from.secretKeyRef, `${ff}.secretKeyRef`, 'Secret');
    if (sources.length === 0) {
      out.push(v('env', ff, 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`', from, 'exactly one source', 'Say where the value comes from, or use value'));
    } else if (str(e.value) !== '') {
      out.push(v('env', ff, 'may not be specified when `value` is not empty', e.value, 'value or valueFrom, not both', 'Remove value or valueFrom'));
    } else if (sources.length > 1) {
      out.push(v('env', ff, 'may not have more than one field specified at a time', sources, 'one source', 'Keep one source per variable'));
    }
  });
}

/** ValidateEnvFrom: a relaxed prefix and exactly one of configMapRef and secretRef, each named. */
export function checkEnvFrom(out: Violation[], envFrom: unknown, f: string): void {
  // upstream: validateConfigMapEnvSource
  // upstream: validateSecretEnvSource
  // upstream: ValidateEnvFrom
  list(envFrom).forEach((e: any, i) => {
    if (!isObject(e)) return;
    const ef = `${f}[${i}]`;
    const prefix = str(e.prefix);
    if (prefix !== '' && !RELAXED_ENV_NAME.test(prefix)) out.push(v('env-from', `${ef}.prefix`, "must consist only of printable ASCII characters except '='", prefix, "printable ASCII except '='", 'Use a prefix such as APP_'));
    let n = 0;
    for (const [key, what] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
      if (!isSet(e[key])) continue;
      n++;
      const ref = isObject(e[key]) ? e[key] : {};
      const name = str(ref.name);
      if (name === '') {out.push(v('env-from', `${ef}.${key}.name`, 'is required', ref.name, `the name of a ${what}`, `Name the ${what}`));} else {
        const bad = subdomainProblem(name, true);
        if (bad) out.push(v('env-from', `${ef}.${key}.name`, bad, name, 'a DNS-1123 subdomain', `Name the ${what}`));
      }
    }
    if (n === 0) out.push(v('env-from', f, 'must specify one of: `configMapRef` or `secretRef`', e, 'exactly one of configMapRef, secretRef', 'Say which ConfigMap or Secret to import'));
    else if (n > 1) out.push(v('env-from', f, 'may not have more than one field specified at a time', e, 'one of configMapRef, secretRef', 'Put each source in its own envFrom entry'));
  });
}

// ---------------------------------------------------------------------------------------
// Mounts and devices: ValidateVolumeMounts, ValidateVolumeDevices

/**
 * ValidateVolumeMounts and validateMountPropagation/validateMountRecursiveReadOnly: a named
 * volume of the pod, a unique mount path, no clash with the devices, local sub paths, and
 * Bidirectional propagation only in privileged containers.
 */
function checkMounts(out: Violation[], c: Record<string, any>, f: string, ctx: ContainerContext, claimTemplates: ReadonlySet<string>): void {
  const paths = new Set<string>();
  const devices = new Map<string, string>();
  for (const d of list(c.volumeDevices)) if (isObject(d)) devices.set(str(d.name), str(d.devicePath));
  const devicePaths = new Set(devices.values());
  const privileged = isObject(c.securityContext) && c.securityContext.privileged === true;
  list(c.volumeMounts).forEach((m: any, i) => {
    if (!isObject(m)) return;
    const mf = `${f}.volumeMounts[${i}]`;
    const name = str(m.name);
    const path = str(m.mountPath);
    // upstream: ValidateVolumeMounts
    // absent names and paths are schema/required
    if (m.name === '') out.push(v('volume-mount', `${mf}.name`, 'is required', m.name, 'the name of a volume of the pod', 'Name the volume to mount'));
    if (m.mountPath === '') out.push(v('volume-mount', `${mf}.mountPath`, 'is required', m.mountPath, 'an absolute path in the container', 'Say where to mount the volume'));
    if (paths.has(path) && path !== '') out.push(v('volume-mount', `${mf}.mountPath`, 'must be unique within the container', path, 'a path not mounted yet', 'Mount each path once'));
    paths.add(path);
    if (name !== '' && devices.has(name)) out.push(v('volume-mount', `${mf}.name`, 'must not already exist in volumeDevices', name, 'a volume not used as a device', 'Use the volume as a mount or as a device, not both'));
    if (path !== '' && devicePaths.has(path)) out.push(v('volume-mount', `${mf}.mountPath`, 'must not already exist as a path in volumeDevices', path, 'a path no device uses', 'Use another path'));
    const sub = str(m.subPath);
    const subExpr = str(m.subPathExpr);
    if (sub !== '') {
      const bad = localDescendingProblem(sub);
      if (bad) out.push(v('volume-mount', `${mf}.subPath`, bad, sub, 'a relative path without ".." elements', 'Name a directory inside the volume'));
    }
    if (subExpr !== '') {
      if (sub !== '') out.push(v('volume-mount', `${mf}.subPathExpr`, 'subPathExpr and subPath are mutually exclusive', subExpr, 'one of subPath, subPathExpr', 'Keep one of them'));
      const bad = localDescendingProblem(subExpr);
      if (bad) out.push(v('volume-mount', `${mf}.subPathExpr`, bad, subExpr, 'a relative path without ".." elements', 'Name a directory inside the volume'));
    }
    // upstream: validateMountPropagation
    if (m.mountPropagation === 'Bidirectional' && !privileged) {
      out.push(v('volume-mount', `${mf}.mountPropagation`, 'Bidirectional mount propagation is available only to privileged containers', m.mountPropagation, 'None, HostToContainer', 'Use HostToContainer, or run the container privileged'));
    }
    // upstream: validateMountRecursiveReadOnly
    if (m.recursiveReadOnly === 'Enabled' || m.recursiveReadOnly === 'IfPossible') {
      if (m.readOnly !== true) out.push(v('volume-mount', `${mf}.recursiveReadOnly`, 'may only be specified when readOnly is true', m.recursiveReadOnly, 'Disabled, or readOnly: true', 'Set readOnly: true'));
      if (isSet(m.mountPropagation) && m.mountPropagation !== 'None') out.push(v('volume-mount', `${mf}.recursiveReadOnly`, 'may only be specified when mountPropagation is None or not specified', m.recursiveReadOnly, 'mountPropagation None', 'Drop mountPropagation'));
    }
  });
  // upstream: ValidateVolumeDevices
  const mountNames = new Map<string, string>();
  for (const m of list(c.volumeMounts)) if (isObject(m)) mountNames.set(str(m.name), str(m.mountPath));
  const mountPaths = new Set(mountNames.values());
  const seenNames = new Set<string>();
  const seenPaths = new Set<string>();
  list(c.volumeDevices).forEach((d: any, i) => {
    if (!isObject(d)) return;
    const df = `${f}.volumeDevices[${i}]`;
    const name = str(d.name);
    const path = str(d.devicePath);
    if (d.name === '') out.push(v('volume-device', `${df}.name`, 'is required', d.name, 'a persistentVolumeClaim or ephemeral volume of the pod', 'Name the volume'));
    if (seenNames.has(name)) out.push(v('volume-device', `${df}.name`, 'must be unique', name, 'each volume once', 'Remove the duplicate'));
    const src = name !== '' ? ctx.volumes.get(name) : undefined;
    if (name !== '' && !src && !claimTemplates.has(name)) {
      out.push(v('volume-device', `${df}.name`, 'must name a volume of the pod', name, [...ctx.volumes.keys()].join(', ') || 'no volumes defined', 'Add the volume or fix the name'));
    } else if (src && !isSet(src.persistentVolumeClaim) && !isSet(src.ephemeral)) {
      out.push(v('volume-device', `${df}.name`, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode', name, 'a persistentVolumeClaim or ephemeral volume', 'Use a claim with volumeMode: Block'));
    }
    if (d.devicePath === '') out.push(v('volume-device', `${df}.devicePath`, 'is required', d.devicePath, 'an absolute device path, e.g. /dev/xvda', 'Say where the device appears'));
    if (seenPaths.has(path)) out.push(v('volume-device', `${df}.devicePath`, 'must be unique', path, 'each path once', 'Use another path'));
    if (path !== '' && hasBacksteps(path)) out.push(v('volume-device', `${df}.devicePath`, "can not contain backsteps ('..')", path, 'a path without ".." elements', 'Use an absolute device path'));
    else seenPaths.add(path);
    if (name !== '' && mountNames.has(name)) out.push(v('volume-device', `${df}.name`, 'must not already exist in volumeMounts', name, 'a volume not mounted', 'Use the volume as a mount or as a device, not both'));
    if (path !== '' && mountPaths.has(path)) out.push(v('volume-device', `${df}.devicePath`, 'must not already exist as a path in volumeMounts', path, 'a path no mount uses', 'Use another path'));
    if (name !== '') seenNames.add(name);
  });
}

// ---------------------------------------------------------------------------------------
// Ports: validateContainerPorts, checkHostPortConflicts

/** validateContainerPorts: a valid unique name, a container port, a valid host port. */
function checkPorts(out: Violation[], c: Record<string, any>, f: string): void {
  // upstream: validateContainerPorts
  const names = new Set<string>();
  list(c.ports).forEach((p: any, i) => {
    if (!isObject(p)) return;
    const pf = `${f}.ports[${i}]`;
    const name = str(p.name);
    if (name !== '') {
      const bad = portNameProblem(name);
      if (bad) out.push(v('port', `${pf}.name`, bad, name, "an IANA_SVC_NAME: at most 15 lower-case letters, digits and '-', with a letter", 'Use a name such as http or metrics'));
      else if (names.has(name)) out.push(v('port', `${pf}.name`, 'must be unique within the container', name, 'a name no other port uses', 'Rename the port'));
      names.add(name);
    }
    if (p.containerPort === 0) out.push(v('port', `${pf}.containerPort`, 'is required', 0, '1-65535', 'Give the port the container listens on'));
  });
}

/** AccumulateUniqueHostPorts: one protocol/hostIP/hostPort per container list (init containers each on their own). */
function checkHostPortConflicts(out: Violation[], containers: Array<{ c: any; path: string }>): void {
  // upstream: AccumulateUniqueHostPorts
  const seen = new Set<string>();
  for (const { c, path } of containers) {
    list(c.ports).forEach((p: any, i) => {
      if (!isObject(p) || typeof p.hostPort !== 'number' || p.hostPort === 0) return;
      const key = `${str(p.protocol) || 'TCP'}/${str(p.hostIP)}/${p.hostPort}`;
      if (seen.has(key)) out.push(v('port', `${path}.ports[${i}].hostPort`, 'must not repeat a host port of another container', key, 'a protocol/hostIP/hostPort no other port uses', 'Use another host port'));
      seen.add(key);
    });
  }
}

// ---------------------------------------------------------------------------------------
// Probes and lifecycle handlers: validateHandler and its actions

/** validateExecAction, validateHTTPGetAction, validateTCPSocketAction/validateGRPCAction (port names), validateSleepAction. */
function checkHandlerActions(out: Violation[], rule: string, h: Record<string, any>, f: string, gracePeriod: number): void {
  // upstream: validateExecAction
  // upstream: validateHTTPGetAction
  // upstream: validateTCPSocketAction
  // upstream: validateGRPCAction
  // upstream: validateSleepAction
  if (isObject(h.exec) && list(h.exec.command).length === 0) out.push(v(rule, `${f}.exec.command`, 'is required', h.exec.command, 'a command and its arguments', 'Give the command to run'));
  for (const action of ['httpGet', 'tcpSocket']) {
    const a = h[action];
    // probe port numbers are checked with the probe (pod.ts); lifecycle ones here (ValidatePortNumOrName)
    if (rule === 'lifecycle' && isObject(a) && typeof a.port === 'number' && !(Number.isInteger(a.port) && a.port >= 1 && a.port <= 65535)) {
      out.push(v(rule, `${f}.${action}.port`, 'must be between 1 and 65535, inclusive', a.port, '1-65535 or a container port name', 'Use the port the container listens on'));
    }
    if (!isObject(a) || typeof a.port !== 'string') continue;
    const bad = portNameProblem(a.port);
    if (bad) out.push(v(rule, `${f}.${action}.port`, bad, a.port, 'a port number or the name of a container port', 'Use a number or a named container port'));
  }
  if (isObject(h.httpGet)) {
    for (const hd of list(h.httpGet.httpHeaders)) {
      if (isObject(hd) && !HTTP_HEADER_NAME.test(str(hd.name))) {
        out.push(v(rule, `${f}.httpGet.httpHeaders`, "a valid HTTP header must consist of alphanumeric characters or '-'", hd.name, "letters, digits and '-'", 'Use a header name such as X-Probe'));
      }
    }
  }
  if (isObject(h.sleep) && typeof h.sleep.seconds === 'number' && (h.sleep.seconds < 0 || h.sleep.seconds > gracePeriod)) {
    // PodLifecycleSleepActionAllowZero is GA in 1.34: 0 is accepted
    out.push(v(rule, `${f}.sleep`, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`, h.sleep.seconds, `0-${gracePeriod}`, 'Sleep less than the grace period'));
  }
}

/** validateLifecycle: postStart and preStop need exactly one handler (exec, httpGet, tcpSocket, sleep). */
function checkLifecycle(out: Violation[], lc: unknown, f: string, gracePeriod: number): void {
  if (!isObject(lc)) return;
  for (const hook of ['postStart', 'preStop']) {
    const h = lc[hook];
    if (!isObject(h)) continue;
    const hf = `${f}.${hook}`;
    // upstream: validateHandler
    const kinds = ['exec', 'httpGet', 'tcpSocket', 'sleep'].filter((k) => isSet(h[k]));
    if (kinds.length === 0) out.push(v('lifecycle', hf, 'must specify a handler type', h, 'one of exec, httpGet, tcpSocket, sleep', 'Give the hook one handler'));
    else if (kinds.length > 1) out.push(v('lifecycle', `${hf}.${kinds[1]}`, 'may not specify more than 1 handler type', kinds, 'one handler', 'Keep one handler'));
    checkHandlerActions(out, 'lifecycle', h, hf, gracePeriod);
  }
}

/** The probe rules beyond the handler count and counts (in pod.ts): actions and terminationGracePeriodSeconds. */
function checkProbeExtras(out: Violation[], probe: Record<string, any>, f: string, readiness: boolean, gracePeriod: number): void {
  // upstream: validateProbe
  checkHandlerActions(out, 'probe', probe, f, gracePeriod);
  const t = probe.terminationGracePeriodSeconds;
  if (readiness && isSet(t)) out.push(v('probe', `${f}.terminationGracePeriodSeconds`, 'must not be set for readinessProbes', t, 'unset', 'Remove it; only liveness and startup probes kill the container'));
  else if (typeof t === 'number' && t <= 0) out.push(v('probe', `${f}.terminationGracePeriodSeconds`, 'must be greater than 0', t, '1 or more', 'Use a positive grace period, or leave it unset'));
}

// ---------------------------------------------------------------------------------------
// Security context: ValidateSecurityContext

/** validation.IsValidUserID / IsValidGroupID: 0 to 2147483647. */
export function idProblem(x: unknown): boolean {
  return typeof x === 'number' && (x < 0 || x > MAX_INT32 || !Number.isInteger(x));
}

const GMSA_MAX = 64 * 1024;
const CONTROL = /[\x00-\x1f\x7f]/;
const NETBIOS = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/;
const WIN_DNS = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const BAD_USER_CHARS = /["/\\:;|=,+*?<>@[\]]/;
const DOTS_SPACES = /^[. ]+$/;

/** validateWindowsSecurityContextOptions: gMSA spec name and content, runAsUserName. */
export function checkWindowsOptions(out: Violation[], w: unknown, f: string): void {
  // upstream: validateWindowsSecurityContextOptions
  if (!isObject(w)) return;
  if (isSet(w.gmsaCredentialSpecName)) {
    const bad = subdomainProblem(str(w.gmsaCredentialSpecName));
    if (bad) out.push(v('security-context', `${f}.gmsaCredentialSpecName`, bad, w.gmsaCredentialSpecName, 'the name of a GMSACredentialSpec (a DNS-1123 subdomain)', 'Name the credential spec'));
  }
  if (typeof w.gmsaCredentialSpec === 'string') {
    if (w.gmsaCredentialSpec === '') out.push(v('security-context', `${f}.gmsaCredentialSpec`, 'gmsaCredentialSpec cannot be an empty string', '', 'a credential spec JSON', 'Remove it or fill it'));
    else if (w.gmsaCredentialSpec.length > GMSA_MAX) out.push(v('security-context', `${f}.gmsaCredentialSpec`, 'gmsaCredentialSpec size must be under 64 KiB', w.gmsaCredentialSpec.length, 'at most 65536 bytes', 'Shorten the credential spec'));
  }
  if (typeof w.runAsUserName !== 'string') return;
  const name: string = w.runAsUserName;
  const uf = `${f}.runAsUserName`;
  const bad = (problem: string): void => {
    out.push(v('security-context', uf, problem, name, 'USER or DOMAIN\\USER', 'Use a valid Windows user name'));
  };
  if (name === '') return bad('runAsUserName cannot be an empty string');
  if (CONTROL.test(name)) return bad('runAsUserName cannot contain control characters');
  const parts = name.split('\\');
  if (parts.length > 2) return bad('runAsUserName cannot contain more than one backslash');
  const [domain, user] = parts.length === 1 ? ['', parts[0]] : parts;
  if (domain.length >= 256) bad("runAsUserName's Domain length must be under 256 characters");
  if (parts.length === 2 && !(NETBIOS.test(domain) || WIN_DNS.test(domain))) bad("runAsUserName's Domain doesn't match the NetBios nor the DNS format");
  if (user.length === 0) bad("runAsUserName's User cannot be empty");
  else if (user.length > 104) bad("runAsUserName's User length must not be longer than 104 characters");
  if (DOTS_SPACES.test(user)) bad("runAsUserName's User cannot contain only periods or spaces");
  if (BAD_USER_CHARS.test(user)) bad('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
}

/** ValidateAppArmorProfileField: type required; Localhost takes a non-empty, unpadded name of at most 4095 bytes. */
export function checkAppArmorField(out: Violation[], p: unknown, f: string): void {
  if (!isObject(p)) return;
  // an absent type is schema/required
  if (p.type === '') {
    out.push(v('app-armor', `${f}.type`, 'type is required when appArmorProfile is set', p.type, 'RuntimeDefault, Localhost, Unconfined', 'Set type: RuntimeDefault'));
    return;
  }
  if (p.type !== 'Localhost' || typeof p.localhostProfile !== 'string') return;
  const lp: string = p.localhostProfile;
  if (lp.trim() !== lp) out.push(v('app-armor', `${f}.localhostProfile`, 'must not be padded with whitespace', lp, 'the profile name without spaces around it', 'Trim the name'));
  else if (lp === '') out.push(v('app-armor', `${f}.localhostProfile`, 'must be set when AppArmor type is Localhost', lp, 'the name of a profile loaded on the node', 'Name the profile'));
  if (lp.length > 4095) out.push(v('app-armor', `${f}.localhostProfile`, 'must have at most 4095 bytes', lp.length, 'at most 4095 bytes', 'Shorten the profile name'));
}

/** validateSeccompProfileField: type required (the Localhost rules are pod/localhost-profile). */
export function checkSeccompField(out: Violation[], p: unknown, f: string): void {
  // upstream: validateSeccompProfileType
  // an absent type is schema/required
  if (isObject(p) && p.type === '') {
    out.push(v('seccomp', `${f}.type`, 'type is required when seccompProfile is set', p.type, 'RuntimeDefault, Localhost, Unconfined', 'Set type: RuntimeDefault'));
  }
}

/** ValidateSecurityContext (the container's). */
function checkContainerSecurityContext(out: Violation[], sc: unknown, f: string, hostUsers: boolean): void {
  if (!isObject(sc)) return;
  // upstream: ValidateSecurityContext
  for (const k of ['runAsUser', 'runAsGroup']) {
    if (idProblem(sc[k])) out.push(v('security-context', `${f}.${k}`, 'must be between 0 and 2147483647, inclusive', sc[k], '0-2147483647', 'Use a valid Linux ID'));
  }
  if (sc.procMount === 'Unmasked' && hostUsers) {
    out.push(v('security-context', `${f}.procMount`, '`hostUsers` must be false to use `Unmasked`', sc.procMount, 'Default, or Unmasked with spec.hostUsers: false', 'Run the pod in its own user namespace (hostUsers: false) or drop procMount'));
  }
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true) out.push(v('security-context', f, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true', sc, 'privileged: false, or allowPrivilegeEscalation unset', 'A privileged container can always escalate; drop one of the two'));
    if (isObject(sc.capabilities) && list(sc.capabilities.add).includes('CAP_SYS_ADMIN')) {
      out.push(v('security-context', f, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN', sc.capabilities.add, 'no CAP_SYS_ADMIN', 'Drop CAP_SYS_ADMIN or allowPrivilegeEscalation: false'));
    }
  }
  checkSeccompField(out, sc.seccompProfile, `${f}.seccompProfile`);
  checkWindowsOptions(out, sc.windowsOptions, `${f}.windowsOptions`);
  checkAppArmorField(out, sc.appArmorProfile, `${f}.appArmorProfile`);
}

// ---------------------------------------------------------------------------------------
// Resize policy: validateResizePolicy

function checkResizePolicy(out: Violation[], policies: unknown, f: string, podRestartPolicy: string): void {
  // upstream: validateResizePolicy
  const seen = new Set<unknown>();
  list(policies).forEach((p: any, i) => {
    if (!isObject(p)) return;
    if (seen.has(p.resourceName)) out.push(v('resize-policy', `${f}[${i}]`, 'must not repeat a resource', p.resourceName, 'cpu and memory once each', 'Remove the duplicate'));
    seen.add(p.resourceName);
    // absent values are schema/required
    if (p.resourceName === '') out.push(v('resize-policy', f, 'resourceName is required', p.resourceName, 'cpu, memory', 'Name the resource'));
    else if (isSet(p.resourceName) && p.resourceName !== 'cpu' && p.resourceName !== 'memory') out.push(v('resize-policy', f, 'is not supported', p.resourceName, 'cpu, memory', 'Resize policies exist for cpu and memory only'));
    if (p.restartPolicy === '') {out.push(v('resize-policy', f, 'restartPolicy is required', p.restartPolicy, 'NotRequired, RestartContainer', 'Say whether a resize restarts the container'));} else if (isSet(p.restartPolicy) && p.restartPolicy !== 'NotRequired' && p.restartPolicy !== 'RestartContainer') {out.push(v('resize-policy', f, 'is not supported', p.restartPolicy, 'NotRequired, RestartContainer', 'Use NotRequired or RestartContainer'));} else if (podRestartPolicy === 'Never' && p.restartPolicy !== 'NotRequired') {
      out.push(v('resize-policy', f, "must be 'NotRequired' when `restartPolicy` is 'Never'", p.restartPolicy, 'NotRequired', 'A pod that never restarts cannot restart a container to resize it'));
    }
  });
}

// ---------------------------------------------------------------------------------------
// The containers

const DNS_LABEL_ALLOWED = "at most 63 lower-case a-z, 0-9 and '-', starting and ending with a letter or digit";

/**
 * validateContainerCommon for every container, the pod-only image rule
 * (validateContainerOnlyForPod), the per-list rules of validateContainers and
 * validateInitContainers (restartPolicy of sidecars, probes and lifecycle of regular
 * containers and sidecars), and the host port conflicts of checkHostPortConflicts.
 * Duplicate names, probe handler counts and counts, container ports, mount names and
 * request <= limit of cpu/memory/ephemeral-storage are in pod.ts.
 */
export function checkContainers(
  out: Violation[], containers: readonly ContainerLocation[], ctx: ContainerContext, claimTemplates: ReadonlySet<string>,
): void {
  // upstream: validateContainersOnlyForPod
  const regular: Array<{ c: any; path: string }> = [];
  for (const ct of containers) {
    const c = ct.container;
    const f = ct.path;
    if (ct.list === 'ephemeralContainers') continue; // refused as a whole (pod.ts)
    // upstream: validateContainerCommon
    const name = c.name;
    // an absent name is schema/required
    if (name === '') {out.push(v('container-name', `${f}.name`, 'is required', name, DNS_LABEL_ALLOWED, 'Name the container'));} else if (typeof name === 'string') {
      const bad = checkDns1123Label(`${f}.name`, name);
      if (bad) out.push(v('container-name', `${f}.name`, bad.problem, name, DNS_LABEL_ALLOWED, bad.fix ?? 'Use a DNS-1123 label'));
    }
    const image = c.image;
    if (!isSet(image) || image === '') {
      out.push(v('image', `${f}.image`, 'is required', image ?? '', 'an image reference such as registry.example.com/app:1.0', 'Name the image the container runs'));
    } else if (ctx.isPod && typeof image === 'string' && image.trim() !== image) {
      // upstream: validateContainerOnlyForPod
      out.push(v('image', `${f}.image`, 'must not have leading or trailing whitespace', image, 'the image reference without spaces around it', 'Trim the image reference'));
    }
    checkPorts(out, c, f);
    checkEnv(out, c.env, `${f}.env`);
    checkEnvFrom(out, c.envFrom, `${f}.envFrom`);
    checkMounts(out, c, f, ctx, claimTemplates);
    checkResourceRequirements(out, c.resources, `${f}.resources`);
    checkResizePolicy(out, c.resizePolicy, `${f}.resizePolicy`, ctx.restartPolicy);
    checkContainerSecurityContext(out, c.securityContext, `${f}.securityContext`, ctx.hostUsers);
    const sidecar = ct.list === 'initContainers' && c.restartPolicy === 'Always';
    if (ct.list === 'initContainers') {
      // upstream: validateInitContainerRestartPolicy
      // (ContainerRestartRules adds OnFailure and Never)
      if (isSet(c.restartPolicy) && !['Always', 'OnFailure', 'Never'].includes(c.restartPolicy)) {
        out.push(v('restart-policy', `${f}.restartPolicy`, 'is not supported', c.restartPolicy, 'Always (a sidecar), OnFailure, Never', 'Use restartPolicy: Always for a sidecar, or leave it unset'));
      }
      checkHostPortConflicts(out, [{ c, path: f }]);
    } else {
      regular.push({ c, path: f });
    }
    if (ct.list === 'containers' || sidecar) {
      // upstream: validateLifecycle
      checkLifecycle(out, c.lifecycle, `${f}.lifecycle`, ctx.gracePeriod);
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isObject(c[probe])) checkProbeExtras(out, c[probe], `${f}.${probe}`, probe === 'readinessProbe', ctx.gracePeriod);
      }
    }
  }
  // upstream: checkHostPortConflicts
  checkHostPortConflicts(out, regular);
}
