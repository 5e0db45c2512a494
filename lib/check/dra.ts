import { podSpecsOf } from './pod-spec';
import { joinPath, renderValue, Violation } from '../base/errors';
import {
  checkCIdentifier, checkDns1123Label, checkDns1123Subdomain, checkLabelValue, checkQualifiedName,
  isObject, parseQuantity, relabel,
} from '../base/validators';
import { celViolations } from '../cel/check';
import { CelEnvironment } from '../cel/types';

/**
 * Server-side rules of resource.k8s.io/v1 (ResourceClaim, ResourceClaimTemplate, DeviceClass),
 * the pod-side claim rules (`spec.resourceClaims`, container `resources.claims`) and the
 * NVIDIA DRA driver's strict decoding of `opaque.parameters` for driver `gpu.nvidia.com`.
 *
 * Pure functions over plain manifests; the constructs in lib/dra render and call these.
 */

/** The GA API version of DRA objects in 1.36. */
export const DRA_API_VERSION = 'resource.k8s.io/v1';
/** Driver name of the NVIDIA DRA GPU driver (GPUs and MIG devices). */
export const NVIDIA_GPU_DRIVER = 'gpu.nvidia.com';
/** apiVersion of the NVIDIA driver's opaque configuration objects. */
/** Annotation naming the NVIDIA DRA driver feature gate a sharing configuration needs. */
export const FEATURE_GATE_ANNOTATION = 'haru.cdk8s.io/nvidia-feature-gate';

export const NVIDIA_CONFIG_API_VERSION = 'resource.nvidia.com/v1beta1';

/** `DeviceRequestsMaxSize` (= AllocationResultsMaxSize). */
export const DRA_MAX_REQUESTS = 32;
/** `FirstAvailableDeviceRequestMaxSize`. */
export const DRA_MAX_SUBREQUESTS = 8;
/** `DeviceSelectorsMaxSize`. */
export const DRA_MAX_SELECTORS = 32;
/** `DeviceConstraintsMaxSize`. */
export const DRA_MAX_CONSTRAINTS = 32;
/** `DeviceConfigMaxSize`. */
export const DRA_MAX_CONFIGS = 32;
/** `DeviceTolerationsMaxSize`. */
export const DRA_MAX_TOLERATIONS = 16;
/** `CELSelectorExpressionMaxLength`. */
export const DRA_MAX_CEL_LENGTH = 10 * 1024;
/** `OpaqueParametersMaxLength`. */
export const DRA_MAX_OPAQUE_PARAMETERS = 10 * 1024;

/** The NVIDIA time-slice intervals (an enum in the driver, not a duration). */
export const NVIDIA_TIME_SLICE_INTERVALS: readonly string[] = ['Default', 'Short', 'Medium', 'Long'];
/** The NVIDIA sharing strategies the driver can enable (behind its feature gates). */
export const NVIDIA_SHARING_STRATEGIES: readonly string[] = ['TimeSlicing', 'MPS'];

type Out = Violation[];


function add(out: Out, checkId: string, field: string, problem: string, got: unknown, allowed?: string, fix?: string): void {
  out.push({ checkId, field, problem, got: got === undefined ? undefined : renderValue(got), allowed, fix });
}

function push(out: Out, v: Violation | undefined): void {
  if (v) out.push(v);
}

function list(x: unknown): any[] {
  return Array.isArray(x) ? x : [];
}

function maxItems(out: Out, checkId: string, field: string, items: unknown, max: number, what: string): void {
  if (Array.isArray(items) && items.length > max) {
    add(out, checkId, field, `must have at most ${max} ${what} (has ${items.length})`, `${items.length} items`, `at most ${max}`,
      `Split the devices over several claims or drop ${items.length - max} ${what}`);
  }
}

// ---------------------------------------------------------------------------------------
// Objects

/** Checks any resource.k8s.io/v1 DRA object (dispatch by kind). */
export function checkDraObject(obj: any): Violation[] {
  if (!isObject(obj)) return [];
  switch (obj.kind) {
    case 'ResourceClaim': return checkResourceClaim(obj);
    case 'ResourceClaimTemplate': return checkResourceClaimTemplate(obj);
    case 'DeviceClass': return checkDeviceClass(obj);
    default: return [];
  }
}

function checkName(out: Out, obj: Record<string, any>, what: string): void {
  const name = obj.metadata?.name;
  if (name !== undefined) push(out, relabel(checkDns1123Subdomain('metadata.name', name), 'dra/name', `Name the ${what} with lower-case letters, digits, '-' and '.'`));
}

/** Rules of a ResourceClaim. */
export function checkResourceClaim(obj: any): Violation[] {
  const out: Out = [];
  if (!isObject(obj)) return out;
  checkName(out, obj, 'ResourceClaim');
  checkResourceClaimSpec(out, obj.spec, 'spec');
  return out;
}

/** Rules of a ResourceClaimTemplate. */
export function checkResourceClaimTemplate(obj: any): Violation[] {
  const out: Out = [];
  if (!isObject(obj)) return out;
  checkName(out, obj, 'ResourceClaimTemplate');
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  checkTemplateMetadata(out, spec.metadata, 'spec.metadata');
  checkResourceClaimSpec(out, spec.spec, 'spec.spec');
  return out;
}

function checkTemplateMetadata(out: Out, meta: unknown, field: string): void {
  if (meta === undefined || meta === null) return;
  if (!isObject(meta)) return;
  for (const key of Object.keys(meta).sort()) {
    if (key === 'labels' || key === 'annotations') continue;
    add(out, 'dra/template-metadata', joinPath(field, key), 'must not be set: a claim template may only carry labels and annotations', meta[key],
      'labels, annotations', `Remove ${field}.${key}; the generated claim is named after the pod`);
  }
  if (isObject(meta.labels)) {
    for (const [k, v] of Object.entries(meta.labels)) {
      push(out, relabel(checkQualifiedName(joinPath(joinPath(field, 'labels'), k), k), 'dra/template-metadata'));
      push(out, relabel(checkLabelValue(joinPath(joinPath(field, 'labels'), k), v), 'dra/template-metadata'));
    }
  }
  if (isObject(meta.annotations)) {
    for (const k of Object.keys(meta.annotations)) {
      push(out, relabel(checkQualifiedName(joinPath(joinPath(field, 'annotations'), k), k), 'dra/template-metadata'));
    }
  }
}

/** Rules of a DeviceClass (cluster-scoped). */
export function checkDeviceClass(obj: any): Violation[] {
  const out: Out = [];
  if (!isObject(obj)) return out;
  checkName(out, obj, 'DeviceClass');
  const spec = obj.spec;
  if (!isObject(spec)) return out;
  checkSelectors(out, spec.selectors, 'spec.selectors');
  maxItems(out, 'dra/config-max', 'spec.config', spec.config, DRA_MAX_CONFIGS, 'config entries');
  list(spec.config).forEach((c, i) => {
    const f = joinPath('spec.config', i);
    if (!isObject(c)) return;
    checkOpaque(out, c.opaque, joinPath(f, 'opaque'), undefined);
  });
  checkExtendedResourceName(out, spec.extendedResourceName);
  return out;
}

/**
 * `spec.extendedResourceName` (beta and on by default in 1.36, DRAExtendedResource): an
 * extended resource name — a `domain/name` outside the kubernetes.io domains whose quota
 * name `requests.<name>` is a qualified name (pkg/apis/resource/validation/validation.go,
 * pkg/apis/core/v1/helper IsExtendedResourceName).
 */
function checkExtendedResourceName(out: Out, name: unknown): void {
  if (name === undefined || name === null) return;
  const field = 'spec.extendedResourceName';
  const s = typeof name === 'string' ? name : '';
  const slash = s.indexOf('/');
  const domain = slash > 0 ? s.slice(0, slash) : '';
  const native = slash < 0 || domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io');
  if (typeof name !== 'string' || native || s.startsWith('requests.') || checkQualifiedName(field, `requests.${s}`)) {
    add(out, 'dra/extended-resource-name', field, 'must be a valid extended resource name', name, 'a domain-prefixed name outside kubernetes.io, e.g. example.com/gpu',
      'Use the resource name pods request, e.g. nvidia.com/gpu');
  }
}

// ---------------------------------------------------------------------------------------
// ResourceClaimSpec

interface RequestInfo {
  /** 'req' or 'req/sub' → device class of that (sub)request. */
  readonly refs: Map<string, string | undefined>;
}

/** Rules of a ResourceClaimSpec (claim `spec`, template `spec.spec`). */
export function checkResourceClaimSpec(out: Out, spec: unknown, field: string): void {
  if (!isObject(spec)) return;
  const devices = spec.devices;
  if (!isObject(devices)) return;
  const df = joinPath(field, 'devices');
  const info = checkRequests(out, devices.requests, joinPath(df, 'requests'));

  maxItems(out, 'dra/constraints-max', joinPath(df, 'constraints'), devices.constraints, DRA_MAX_CONSTRAINTS, 'constraints');
  list(devices.constraints).forEach((c, i) => {
    const f = joinPath(joinPath(df, 'constraints'), i);
    if (!isObject(c)) return;
    checkRequestRefs(out, c.requests, joinPath(f, 'requests'), info, 'dra/constraint-requests');
    if (c.matchAttribute === undefined && c.distinctAttribute === undefined) {
      add(out, 'dra/constraint-attribute', joinPath(f, 'matchAttribute'), 'is required', undefined, '<domain>/<attribute>',
        "Set matchAttribute, e.g. 'gpu.nvidia.com/parentUUID' to put devices on the same physical GPU");
    } else if (c.matchAttribute !== undefined && c.distinctAttribute !== undefined) {
      add(out, 'dra/constraint-attribute', f, 'exactly one of "matchAttribute" or "distinctAttribute" is required, but multiple fields are set', undefined,
        'matchAttribute or distinctAttribute', 'Keep one of them');
    }
    if (c.matchAttribute !== undefined) checkFullyQualifiedName(out, c.matchAttribute, joinPath(f, 'matchAttribute'));
    if (c.distinctAttribute !== undefined) checkFullyQualifiedName(out, c.distinctAttribute, joinPath(f, 'distinctAttribute'));
  });

  maxItems(out, 'dra/config-max', joinPath(df, 'config'), devices.config, DRA_MAX_CONFIGS, 'config entries');
  list(devices.config).forEach((c, i) => {
    const f = joinPath(joinPath(df, 'config'), i);
    if (!isObject(c)) return;
    checkRequestRefs(out, c.requests, joinPath(f, 'requests'), info, 'dra/config-requests');
    const targets = list(c.requests).length > 0 ? list(c.requests).filter((r) => typeof r === 'string') : [...info.refs.keys()].filter((k) => !hasSubrequests(info, k));
    checkOpaque(out, c.opaque, joinPath(f, 'opaque'), targets.map((t) => ({ ref: t, deviceClassName: info.refs.get(t) })));
  });
}

function hasSubrequests(info: RequestInfo, ref: string): boolean {
  if (ref.includes('/')) return false;
  for (const k of info.refs.keys()) if (k.startsWith(ref + '/')) return true;
  return false;
}

function checkRequests(out: Out, requests: unknown, field: string): RequestInfo {
  const refs = new Map<string, string | undefined>();
  maxItems(out, 'dra/requests-max', field, requests, DRA_MAX_REQUESTS, 'requests');
  const seen = new Set<string>();
  list(requests).forEach((r, i) => {
    const f = joinPath(field, i);
    if (!isObject(r)) return;
    push(out, relabel(checkDns1123Label(joinPath(f, 'name'), r.name), 'dra/request-name'));
    if (typeof r.name === 'string') {
      if (seen.has(r.name)) {
        add(out, 'dra/request-name', joinPath(f, 'name'), 'must be unique within the claim (duplicate request name)', r.name, undefined,
          'Give every request its own name');
      }
      seen.add(r.name);
    }
    const hasExactly = r.exactly !== undefined && r.exactly !== null;
    const hasFirst = r.firstAvailable !== undefined && r.firstAvailable !== null;
    if (!hasExactly && !hasFirst) {
      add(out, 'dra/request-one-of', f, 'exactly one of `exactly` or `firstAvailable` is required', undefined, 'exactly, firstAvailable',
        'Set `exactly` for one kind of device, or `firstAvailable` for a prioritised list of alternatives');
    } else if (hasExactly && hasFirst) {
      add(out, 'dra/request-one-of', f, 'exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set', undefined,
        'exactly, firstAvailable', 'Keep only one of them');
    }
    if (hasExactly) {
      checkExact(out, r.exactly, joinPath(f, 'exactly'));
      if (typeof r.name === 'string') refs.set(r.name, isObject(r.exactly) ? r.exactly.deviceClassName : undefined);
    } else if (hasFirst) {
      if (typeof r.name === 'string') refs.set(r.name, undefined);
      const subs = r.firstAvailable;
      const sf = joinPath(f, 'firstAvailable');
      if (Array.isArray(subs) && subs.length === 0) {
        add(out, 'dra/first-available', sf, 'must have at least one subrequest', subs, `1 to ${DRA_MAX_SUBREQUESTS} subrequests`);
      }
      maxItems(out, 'dra/first-available-max', sf, subs, DRA_MAX_SUBREQUESTS, 'subrequests');
      const subSeen = new Set<string>();
      list(subs).forEach((s, j) => {
        const ssf = joinPath(sf, j);
        if (!isObject(s)) return;
        push(out, relabel(checkDns1123Label(joinPath(ssf, 'name'), s.name), 'dra/subrequest-name'));
        if (typeof s.name === 'string') {
          if (subSeen.has(s.name)) {
            add(out, 'dra/subrequest-name', joinPath(ssf, 'name'), 'must be unique within the request (duplicate subrequest name)', s.name, undefined,
              'Give every alternative its own name');
          }
          subSeen.add(s.name);
          if (typeof r.name === 'string') refs.set(`${r.name}/${s.name}`, s.deviceClassName);
        }
        if (s.adminAccess !== undefined) {
          add(out, 'dra/subrequest-admin-access', joinPath(ssf, 'adminAccess'), 'must not be set on a subrequest', s.adminAccess, undefined,
            'adminAccess exists only on `exactly` requests');
        }
        checkExact(out, s, ssf);
      });
    }
  });
  return { refs };
}

function checkExact(out: Out, e: unknown, field: string): void {
  if (!isObject(e)) return;
  if (e.deviceClassName === undefined || e.deviceClassName === '') {
    add(out, 'dra/device-class-name', joinPath(field, 'deviceClassName'), 'is required', e.deviceClassName, 'a DeviceClass name',
      "Name the DeviceClass, e.g. 'gpu.nvidia.com' (whole GPUs) or 'mig.nvidia.com' (MIG devices)");
  } else {
    push(out, relabel(checkDns1123Subdomain(joinPath(field, 'deviceClassName'), e.deviceClassName), 'dra/device-class-name'));
  }
  checkSelectors(out, e.selectors, joinPath(field, 'selectors'));
  // pkg/apis/resource/v1/defaults.go: an empty allocationMode becomes ExactCount, and
  // count 0 with ExactCount becomes 1, before validation.
  if (e.allocationMode === '') {
    add(out, 'dra/zero-means-default', joinPath(field, 'allocationMode'), "is empty, which the API server treats as unset and replaces with 'ExactCount'", '',
      'ExactCount, All', 'Write allocationMode: ExactCount, or leave it out');
  }
  const mode = e.allocationMode === undefined || e.allocationMode === null || e.allocationMode === '' ? 'ExactCount' : e.allocationMode;
  const countField = joinPath(field, 'count');
  if (mode === 'All') {
    if (e.count !== undefined && e.count !== null && e.count !== 0) {
      add(out, 'dra/count', countField, "must not be specified when allocationMode is 'All'", e.count, 'unset',
        "Remove count to get every matching device, or set allocationMode 'ExactCount'");
    }
  } else if (mode === 'ExactCount') {
    const count = e.count ?? 1;
    if (count === 0) {
      add(out, 'dra/zero-means-default', countField, 'is 0, which the API server treats as unset and replaces with 1', 0, 'an integer >= 1',
        'Write count: 1, or the number of devices you mean');
    } else if (typeof count === 'number' && !(count > 0)) {
      add(out, 'dra/count', countField, 'must be greater than zero', count, 'an integer >= 1', 'Request at least one device');
    }
  } else {
    add(out, 'dra/allocation-mode', joinPath(field, 'allocationMode'), 'is not supported', mode, 'All, ExactCount',
      "Use 'ExactCount' with a count, or 'All'");
  }
  maxItems(out, 'dra/tolerations-max', joinPath(field, 'tolerations'), e.tolerations, DRA_MAX_TOLERATIONS, 'tolerations');
  list(e.tolerations).forEach((t, i) => checkToleration(out, t, joinPath(joinPath(field, 'tolerations'), i)));
}

function checkSelectors(out: Out, selectors: unknown, field: string): void {
  maxItems(out, 'dra/selectors-max', field, selectors, DRA_MAX_SELECTORS, 'selectors');
  list(selectors).forEach((s, i) => {
    const f = joinPath(field, i);
    if (!isObject(s)) return;
    if (!isObject(s.cel)) {
      add(out, 'dra/selector-cel', joinPath(f, 'cel'), 'is required', s.cel, '{ expression: <CEL> }', 'Give the selector a `cel.expression`');
      return;
    }
    const expr = s.cel.expression;
    const ef = joinPath(joinPath(f, 'cel'), 'expression');
    if (typeof expr !== 'string' || expr.trim() === '') {
      add(out, 'dra/selector-cel', ef, 'is required', expr, 'a CEL expression of type bool', "E.g. \"device.attributes['gpu.nvidia.com'].productName == 'NVIDIA H100 80GB HBM3'\"");
      return;
    }
    const bytes = Buffer.byteLength(expr, 'utf8');
    if (bytes > DRA_MAX_CEL_LENGTH) {
      add(out, 'dra/selector-too-long', ef, `must be at most ${DRA_MAX_CEL_LENGTH} bytes (is ${bytes})`, expr, `<= ${DRA_MAX_CEL_LENGTH} bytes`,
        'Simplify the selector or split it into several selectors (all must match)');
      return;
    }
    out.push(...celViolations(ef, expr, CelEnvironment.DRA_DEVICE_SELECTOR));
  });
}

function checkToleration(out: Out, t: unknown, field: string): void {
  if (!isObject(t)) return;
  if (t.key !== undefined && t.key !== '') push(out, relabel(checkQualifiedName(joinPath(field, 'key'), t.key), 'dra/toleration-key'));
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') {
    if (t.value !== undefined && t.value !== '') {
      add(out, 'dra/toleration-value', joinPath(field, 'value'), 'must be empty for operator `Exists`', t.value, 'empty', 'Remove the value or use operator Equal');
    }
  } else if (op === 'Equal') {
    if (t.value !== undefined) push(out, relabel(checkLabelValue(joinPath(field, 'value'), t.value), 'dra/toleration-value'));
  } else {
    add(out, 'dra/toleration-operator', joinPath(field, 'operator'), 'is not supported', op, 'Equal, Exists');
  }
  if (t.effect !== undefined && t.effect !== '' && !['None', 'NoSchedule', 'NoExecute'].includes(t.effect)) {
    add(out, 'dra/toleration-effect', joinPath(field, 'effect'), 'is not supported', t.effect, 'None, NoSchedule, NoExecute');
  }
}

function checkRequestRefs(out: Out, refs: unknown, field: string, info: RequestInfo, checkId: string): void {
  const seen = new Set<string>();
  list(refs).forEach((ref, i) => {
    const f = joinPath(field, i);
    if (typeof ref === 'string' && seen.has(ref)) {
      add(out, checkId, f, 'must not list the same request twice', ref, undefined, 'Remove the duplicate');
      return;
    }
    if (typeof ref === 'string') seen.add(ref);
    if (typeof ref !== 'string' || !info.refs.has(ref)) {
      add(out, checkId, f, "must be the name of a request in the claim or the name of a request and a subrequest separated by '/'", ref,
        [...info.refs.keys()].join(', ') || '(the claim has no requests)', 'Use one of the request names of spec.devices.requests');
    }
  });
}

/** `<domain>/<id>`: domain a DNS subdomain of at most 63 characters, id a C identifier of at most 32. */
function checkFullyQualifiedName(out: Out, value: unknown, field: string): void {
  const fix = "Write '<domain>/<attribute>', e.g. 'gpu.nvidia.com/parentUUID'";
  if (typeof value !== 'string' || !value.includes('/')) {
    add(out, 'dra/qualified-attribute', field, 'must be a fully qualified attribute name (domain/name)', value, '<DNS subdomain ≤ 63>/<C identifier ≤ 32>', fix);
    return;
  }
  const slash = value.indexOf('/');
  const domain = value.slice(0, slash);
  const id = value.slice(slash + 1);
  if (domain.length > 63) {
    add(out, 'dra/qualified-attribute', field, `domain must be at most 63 characters (is ${domain.length})`, value, undefined, fix);
  } else {
    const d = checkDns1123Subdomain(field, domain);
    if (d) add(out, 'dra/qualified-attribute', field, 'domain must be a DNS-1123 subdomain', value, 'lower-case a-z, 0-9, \'-\' and \'.\'', fix);
  }
  const c = checkCIdentifier(field, id, 32);
  if (c) add(out, 'dra/qualified-attribute', field, `name must be a C identifier of at most 32 characters (${c.problem})`, value, '[A-Za-z_][A-Za-z0-9_]*', fix);
}

// ---------------------------------------------------------------------------------------
// Opaque configuration

interface ConfigTarget { readonly ref: string; readonly deviceClassName?: string }

function checkOpaque(out: Out, opaque: unknown, field: string, targets: ConfigTarget[] | undefined): void {
  if (opaque === undefined || opaque === null) {
    add(out, 'dra/opaque', field, 'is required', undefined, '{ driver, parameters }', 'Set opaque.driver and opaque.parameters');
    return;
  }
  if (!isObject(opaque)) return;
  const df = joinPath(field, 'driver');
  const driver = opaque.driver;
  if (driver === undefined || driver === '') {
    add(out, 'dra/opaque-driver', df, 'is required', driver, 'a driver name', "Name the DRA driver, e.g. 'gpu.nvidia.com'");
  } else if (typeof driver === 'string') {
    if (driver.length > 63) {
      add(out, 'dra/opaque-driver', df, `must be no more than 63 characters (is ${driver.length})`, driver, undefined, 'Use the driver name as registered by its kubelet plugin');
    } else {
      push(out, relabel(checkDns1123Subdomain(df, driver.toLowerCase()), 'dra/opaque-driver'));
    }
  }
  const pf = joinPath(field, 'parameters');
  const params = opaque.parameters;
  if (params === undefined) {
    add(out, 'dra/opaque-parameters', pf, 'is required', undefined, 'a JSON object', 'Give the driver its configuration object');
    return;
  }
  if (!isObject(params)) {
    add(out, 'dra/opaque-parameters', pf, 'must be a valid JSON object', params, 'a JSON object', 'Wrap the settings in an object with apiVersion and kind');
    return;
  }
  const size = Buffer.byteLength(JSON.stringify(params), 'utf8');
  if (size > DRA_MAX_OPAQUE_PARAMETERS) {
    add(out, 'dra/opaque-parameters', pf, `must be at most ${DRA_MAX_OPAQUE_PARAMETERS} bytes of JSON (is ${size})`, `${size} bytes`, `<= ${DRA_MAX_OPAQUE_PARAMETERS}`,
      'Keep driver parameters small; move bulk data elsewhere');
  }
  if (driver === NVIDIA_GPU_DRIVER) {
    out.push(...checkNvidiaGpuParameters(params, pf));
    if (targets) checkNvidiaTargets(out, params, pf, targets);
  }
}

const GPU_CLASS = 'gpu.nvidia.com';
const MIG_CLASS = 'mig.nvidia.com';

function checkNvidiaTargets(out: Out, params: Record<string, any>, field: string, targets: ConfigTarget[]): void {
  for (const t of targets) {
    if (params.kind === 'GpuConfig' && t.deviceClassName === MIG_CLASS) {
      add(out, 'nvidia/config-device-type', joinPath(field, 'kind'), `cannot apply GpuConfig to request ${JSON.stringify(t.ref)}: it asks for MIG devices`, params.kind,
        'MigDeviceConfig', `Use kind MigDeviceConfig for ${t.ref}, and list each (sub)request in the config entry that matches its device type`);
    }
    if (params.kind === 'MigDeviceConfig' && t.deviceClassName === GPU_CLASS) {
      add(out, 'nvidia/config-device-type', joinPath(field, 'kind'), `cannot apply MigDeviceConfig to request ${JSON.stringify(t.ref)}: it asks for whole GPUs`, params.kind,
        'GpuConfig', `Use kind GpuConfig for ${t.ref}, and list each (sub)request in the config entry that matches its device type`);
    }
  }
}

/**
 * The NVIDIA driver's strict decoding and validation of `opaque.parameters`
 * (`resource.nvidia.com/v1beta1` GpuConfig / MigDeviceConfig): unknown fields rejected,
 * sharing strategy TimeSlicing | MPS, time-slice interval enum, MPS limits.
 */
export function checkNvidiaGpuParameters(params: unknown, field: string): Violation[] {
  const out: Out = [];
  if (!isObject(params)) {
    add(out, 'nvidia/decode', field, 'must be a JSON object', params, `{ apiVersion: ${NVIDIA_CONFIG_API_VERSION}, kind: GpuConfig | MigDeviceConfig }`);
    return out;
  }
  if (params.apiVersion !== NVIDIA_CONFIG_API_VERSION) {
    add(out, 'nvidia/api-version', joinPath(field, 'apiVersion'), 'is not a version the NVIDIA DRA driver decodes', params.apiVersion, NVIDIA_CONFIG_API_VERSION,
      'The v1alpha1 GpuClaimParameters API is gone; use resource.nvidia.com/v1beta1 GpuConfig or MigDeviceConfig');
  }
  const kind = params.kind;
  if (kind === 'GpuConfig' || kind === 'MigDeviceConfig') {
    unknownFields(out, params, field, ['apiVersion', 'kind', 'sharing']);
    if (params.sharing !== undefined && params.sharing !== null) checkSharing(out, params.sharing, joinPath(field, 'sharing'), kind === 'MigDeviceConfig');
  } else if (kind === 'VfioDeviceConfig') {
    unknownFields(out, params, field, ['apiVersion', 'kind', 'iommu']);
    if (params.iommu !== undefined && params.iommu !== null) checkIommu(out, params.iommu, joinPath(field, 'iommu'));
  } else {
    add(out, 'nvidia/kind', joinPath(field, 'kind'), 'is not a configuration kind of driver gpu.nvidia.com', kind, 'GpuConfig, MigDeviceConfig, VfioDeviceConfig',
      'Use GpuConfig for whole GPUs and MigDeviceConfig for MIG devices');
  }
  return out;
}

/** VfioDeviceConfig.iommu (api/nvidia.com/resource/v1beta1 IOMMUConfig and its Validate). */
function checkIommu(out: Out, iommu: unknown, field: string): void {
  if (!isObject(iommu)) {
    add(out, 'nvidia/decode', field, 'must be an object', iommu, '{ backendPolicy, enableAPIDevice? }');
    return;
  }
  unknownFields(out, iommu, field, ['backendPolicy', 'enableAPIDevice']);
  if (!IOMMU_BACKEND_POLICIES.includes(iommu.backendPolicy)) {
    add(out, 'nvidia/iommu', joinPath(field, 'backendPolicy'), 'is not an IOMMU backend policy the driver knows', iommu.backendPolicy, IOMMU_BACKEND_POLICIES.join(', '),
      'Use LegacyOnly, or PreferIommuFD to use IOMMUFD where the node has it');
  }
  if (iommu.enableAPIDevice !== undefined && iommu.enableAPIDevice !== null && typeof iommu.enableAPIDevice !== 'boolean') {
    add(out, 'nvidia/decode', joinPath(field, 'enableAPIDevice'), 'must be a boolean', iommu.enableAPIDevice, 'true, false');
  }
}

const IOMMU_BACKEND_POLICIES: readonly string[] = ['LegacyOnly', 'PreferIommuFD'];

function unknownFields(out: Out, obj: Record<string, any>, field: string, known: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) {
      add(out, 'nvidia/unknown-field', joinPath(field, key), 'is an unknown field (the driver decodes its configuration strictly)', key, known.join(', '),
        `Remove ${key}`);
    }
  }
}

function checkSharing(out: Out, sharing: unknown, field: string, mig: boolean): void {
  if (!isObject(sharing)) {
    add(out, 'nvidia/decode', field, 'must be an object', sharing, '{ strategy, timeSlicingConfig | mpsConfig }');
    return;
  }
  unknownFields(out, sharing, field, ['strategy', 'timeSlicingConfig', 'mpsConfig']);
  if (mig && sharing.timeSlicingConfig !== undefined) {
    add(out, 'nvidia/mig-interval', joinPath(field, 'timeSlicingConfig'), 'must not be set: MIG devices have no time-slice interval', sharing.timeSlicingConfig,
      "strategy 'TimeSlicing' without timeSlicingConfig", 'MigDeviceConfig has no timeSlicingConfig: remove it (with the constructs, use GpuSharing.timeSlicing() without an interval for MIG devices)');
  }
  const strategy = sharing.strategy;
  const sf = joinPath(field, 'strategy');
  if (strategy === 'Fabric') {
    add(out, 'nvidia/strategy', sf, 'is not enabled in the driver (fabric GPU sharing strategy)', strategy, NVIDIA_SHARING_STRATEGIES.join(', '));
  } else if (!NVIDIA_SHARING_STRATEGIES.includes(strategy)) {
    add(out, 'nvidia/strategy', sf, 'is an unknown GPU sharing strategy', strategy, NVIDIA_SHARING_STRATEGIES.join(', '),
      'Use TimeSlicing or MPS; leave sharing out for an unshared device');
  }
  if (strategy === 'TimeSlicing' && sharing.mpsConfig !== undefined) {
    add(out, 'nvidia/sharing-config', joinPath(field, 'mpsConfig'), "cannot use MpsConfig with the 'TimeSlicing' strategy", sharing.mpsConfig, 'timeSlicingConfig', 'Remove mpsConfig or set strategy MPS');
  }
  if (strategy === 'MPS' && sharing.timeSlicingConfig !== undefined && !mig) {
    add(out, 'nvidia/sharing-config', joinPath(field, 'timeSlicingConfig'), "cannot use TimeSlicingConfig with the 'MPS' strategy", sharing.timeSlicingConfig, 'mpsConfig', 'Remove timeSlicingConfig or set strategy TimeSlicing');
  }
  if (!mig && sharing.timeSlicingConfig !== undefined && sharing.timeSlicingConfig !== null) {
    const tf = joinPath(field, 'timeSlicingConfig');
    const tsc = sharing.timeSlicingConfig;
    if (!isObject(tsc)) {
      add(out, 'nvidia/decode', tf, 'must be an object', tsc, '{ interval: Default | Short | Medium | Long }');
    } else {
      unknownFields(out, tsc, tf, ['interval']);
      if (tsc.interval !== undefined && !NVIDIA_TIME_SLICE_INTERVALS.includes(tsc.interval)) {
        add(out, 'nvidia/interval', joinPath(tf, 'interval'), 'is an unknown time-slice interval', tsc.interval, NVIDIA_TIME_SLICE_INTERVALS.join(', '),
          typeof tsc.interval === 'string' && /\d/.test(tsc.interval)
            ? 'The interval is a level, not a duration: use Short, Medium or Long (Default keeps the GPU\'s own setting)'
            : 'Use one of Default, Short, Medium, Long');
      }
    }
  }
  if (sharing.mpsConfig !== undefined && sharing.mpsConfig !== null) checkMps(out, sharing.mpsConfig, joinPath(field, 'mpsConfig'));
}

function checkMps(out: Out, mps: unknown, field: string): void {
  if (!isObject(mps)) {
    add(out, 'nvidia/decode', field, 'must be an object', mps, '{ defaultActiveThreadPercentage?, defaultPinnedDeviceMemoryLimit?, defaultPerDevicePinnedMemoryLimit? }');
    return;
  }
  unknownFields(out, mps, field, ['defaultActiveThreadPercentage', 'defaultPinnedDeviceMemoryLimit', 'defaultPerDevicePinnedMemoryLimit']);
  const p = mps.defaultActiveThreadPercentage;
  const pf = joinPath(field, 'defaultActiveThreadPercentage');
  if (p !== undefined) {
    if (typeof p !== 'number' || !Number.isInteger(p)) {
      add(out, 'nvidia/mps-active-threads', pf, 'must be an integer', p, '0 to 100');
    } else if (p < 0) {
      add(out, 'nvidia/mps-active-threads', pf, 'active thread percentage must not be negative', p, '0 to 100');
    } else if (p > 100) {
      add(out, 'nvidia/mps-active-threads', pf, 'active thread percentage must not be greater than 100', p, '0 to 100', 'Give each client at most 100 percent of the threads');
    }
  }
  if (mps.defaultPinnedDeviceMemoryLimit !== undefined) checkPinned(out, mps.defaultPinnedDeviceMemoryLimit, joinPath(field, 'defaultPinnedDeviceMemoryLimit'));
  const per = mps.defaultPerDevicePinnedMemoryLimit;
  if (per !== undefined) {
    const perf = joinPath(field, 'defaultPerDevicePinnedMemoryLimit');
    if (!isObject(per)) {
      add(out, 'nvidia/decode', perf, 'must be a map of device index or UUID to a quantity', per);
    } else {
      for (const [k, v] of Object.entries(per)) {
        if (!/^\d+$/.test(k) && !/^(GPU|MIG)-[0-9A-Za-z-]+$/.test(k)) {
          add(out, 'nvidia/pinned-memory', joinPath(perf, k), 'key must be a device index or a device UUID', k, "e.g. '0', 'GPU-8f2c…'");
        }
        checkPinned(out, v, joinPath(perf, k));
      }
    }
  }
}

function checkPinned(out: Out, value: unknown, field: string): void {
  const n = typeof value === 'string' ? parseQuantity(value) : undefined;
  if (n === undefined) {
    add(out, 'nvidia/pinned-memory', field, 'must be a quantity string', value, "e.g. '1Gi', '512Mi'");
  } else if (n < 1024 * 1024) {
    add(out, 'nvidia/pinned-memory', field, 'pinned memory limit is too low (the driver works in whole MiB)', value, '>= 1Mi', 'Set at least 1Mi');
  }
}

// ---------------------------------------------------------------------------------------
// Pod side

/**
 * The pod-side DRA rules for every pod spec in `obj` that lib/check/pod does not already
 * apply (it owns unique claim names, exactly one claim source and container references
 * to declared claims): name formats and duplicate container claim entries.
 */
export function checkPodDraClaims(obj: any): Violation[] {
  const out: Out = [];
  for (const { spec, path } of podSpecsOf(obj)) checkPodSpecClaims(out, spec, path);
  return out;
}

/** Formats of `spec.resourceClaims` and of containers' `resources.claims`, and duplicate entries. */
export function checkPodSpecClaims(out: Out, spec: Record<string, any>, field: string): void {
  const rf = joinPath(field, 'resourceClaims');
  list(spec.resourceClaims).forEach((c, i) => {
    const f = joinPath(rf, i);
    if (!isObject(c)) return;
    push(out, relabel(checkDns1123Label(joinPath(f, 'name'), c.name), 'dra/pod-claim-name'));
    if (c.resourceClaimName !== undefined && c.resourceClaimName !== null) {
      push(out, relabel(checkDns1123Subdomain(joinPath(f, 'resourceClaimName'), c.resourceClaimName), 'dra/pod-claim-source'));
    }
    if (c.resourceClaimTemplateName !== undefined && c.resourceClaimTemplateName !== null) {
      push(out, relabel(checkDns1123Subdomain(joinPath(f, 'resourceClaimTemplateName'), c.resourceClaimTemplateName), 'dra/pod-claim-source'));
    }
  });
  for (const key of ['initContainers', 'containers']) {
    list(spec[key]).forEach((ctr, i) => {
      if (!isObject(ctr)) return;
      const cf = joinPath(joinPath(joinPath(field, key), i), 'resources');
      const seen = new Set<string>();
      list(ctr.resources?.claims).forEach((cl, j) => {
        const f = joinPath(joinPath(cf, 'claims'), j);
        if (!isObject(cl)) return;
        if (cl.request !== undefined && cl.request !== '') push(out, relabel(checkDns1123Label(joinPath(f, 'request'), cl.request), 'dra/container-claim'));
        const k = `${cl.name}/${cl.request ?? ''}`;
        if (seen.has(k)) {
          add(out, 'dra/container-claim', f, `container ${renderValue(ctr.name)} lists the same claim and request twice`, { name: cl.name, request: cl.request }, undefined,
            'List each claim and request once');
        }
        seen.add(k);
      });
    });
  }
}
