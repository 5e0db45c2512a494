/**
 * The pod-level security rules of pkg/apis/core/validation/validation.go (1.36): the pod
 * security context, the OS-specific rules (validateOS, validateLinux, validateWindows,
 * validateWindowsHostProcessPod), and the pod annotations the server checks
 * (ValidatePodSpecificAnnotations and the annotation/field consistency of seccomp and
 * AppArmor on create). Pure; never throws on malformed input.
 */
import { checkAppArmorField, checkSeccompField, checkWindowsOptions, idProblem, localDescendingProblem } from './pod-container';
import { containersOf } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { isObject } from '../base/validators';

function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

const isSet = (x: unknown) => x !== undefined && x !== null;
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string => (typeof x === 'string' ? x : '');

const ID_RANGE = '0-2147483647';

/** validatePodSpecSecurityContext (sysctls are in pod-placement.ts). */
export function checkPodSecurityContext(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: validatePodSpecSecurityContext
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    out.push(v('security-context', `${p}.shareProcessNamespace`, 'ShareProcessNamespace and HostPID cannot both be enabled', true, 'one of shareProcessNamespace, hostPID', 'Drop shareProcessNamespace: the host PID namespace is already shared'));
  }
  const sc = spec.securityContext;
  if (!isObject(sc)) return;
  const f = `${p}.securityContext`;
  for (const k of ['fsGroup', 'runAsUser', 'runAsGroup']) {
    if (idProblem(sc[k])) out.push(v('security-context', `${f}.${k}`, 'must be between 0 and 2147483647, inclusive', sc[k], ID_RANGE, 'Use a valid Linux ID'));
  }
  list(sc.supplementalGroups).forEach((g, i) => {
    if (idProblem(g)) out.push(v('security-context', `${f}.supplementalGroups[${i}]`, 'must be between 0 and 2147483647, inclusive', g, ID_RANGE, 'Use a valid Linux group ID'));
  });
  checkSeccompField(out, sc.seccompProfile, `${f}.seccompProfile`);
  checkWindowsOptions(out, sc.windowsOptions, `${f}.windowsOptions`);
  checkAppArmorField(out, sc.appArmorProfile, `${f}.appArmorProfile`);
}

const WINDOWS_POD_FIELDS: ReadonlyArray<readonly [string, boolean]> = [
  // [field, under securityContext]
  ['appArmorProfile', true], ['seLinuxOptions', true], ['seccompProfile', true], ['fsGroup', true], ['fsGroupChangePolicy', true],
  ['runAsUser', true], ['runAsGroup', true], ['supplementalGroups', true], ['supplementalGroupsPolicy', true], ['seLinuxChangePolicy', true],
];
const WINDOWS_CONTAINER_FIELDS = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];

/** validateOS, then validateLinux or validateWindows (sysctls on windows: pod-placement.ts). */
export function checkOs(out: Violation[], spec: Record<string, any>, p: string): void {
  const os = spec.os;
  if (!isObject(os)) return;
  // upstream: validateOS
  // an absent name is schema/required
  if (os.name === '') {
    out.push(v('os', `${p}.os.name`, 'cannot be empty', os.name, 'linux, windows', 'Name the OS the pod runs on'));
    return;
  }
  if (!isSet(os.name)) return;
  const sc = isObject(spec.securityContext) ? spec.securityContext : {};
  const containers = containersOf(spec, p);
  if (os.name === 'linux') {
    // upstream: validateLinux
    if (isSet(sc.windowsOptions)) out.push(v('windows', `${p}.securityContext.windowsOptions`, 'windows options cannot be set for a linux pod', sc.windowsOptions, 'unset', 'Remove windowsOptions, or set os.name: windows'));
    for (const ct of containers) {
      const csc = ct.container.securityContext;
      if (isObject(csc) && isSet(csc.windowsOptions)) out.push(v('windows', `${ct.path}.securityContext.windowsOptions`, 'windows options cannot be set for a linux pod', csc.windowsOptions, 'unset', 'Remove windowsOptions'));
    }
  } else if (os.name === 'windows') {
    // upstream: validateWindows
    const forbid = (field: string, got: unknown) => out.push(v('windows', field, 'cannot be set for a windows pod', got, 'unset on Windows', 'Remove the Linux-only setting, or run the pod on Linux'));
    for (const [k] of WINDOWS_POD_FIELDS) if (isSet(sc[k])) forbid(`${p}.securityContext.${k}`, sc[k]);
    if (isSet(spec.hostUsers)) forbid(`${p}.hostUsers`, spec.hostUsers);
    if (spec.hostPID === true) forbid(`${p}.hostPID`, true);
    if (spec.hostIPC === true) forbid(`${p}.hostIPC`, true);
    if (isSet(spec.shareProcessNamespace)) forbid(`${p}.shareProcessNamespace`, spec.shareProcessNamespace);
    for (const ct of containers) {
      const csc = ct.container.securityContext;
      if (!isObject(csc)) continue;
      for (const k of WINDOWS_CONTAINER_FIELDS) if (isSet(csc[k])) forbid(`${ct.path}.securityContext.${k}`, csc[k]);
    }
  }
}

/**
 * validateWindowsHostProcessPod: a container's hostProcess equals the pod's when both are
 * set; with any host process container, all are and hostNetwork is true.
 */
export function checkHostProcess(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: validateWindowsHostProcessPod
  const sc = isObject(spec.securityContext) ? spec.securityContext : {};
  const podHP = isObject(sc.windowsOptions) && typeof sc.windowsOptions.hostProcess === 'boolean' ? sc.windowsOptions.hostProcess : undefined;
  let count = 0;
  let hostProcess = 0;
  for (const ct of containersOf(spec, p)) {
    count++;
    const csc = ct.container.securityContext;
    const cHP = isObject(csc) && isObject(csc.windowsOptions) && typeof csc.windowsOptions.hostProcess === 'boolean' ? csc.windowsOptions.hostProcess : undefined;
    if (podHP !== undefined && cHP !== undefined && podHP !== cHP) {
      out.push(v('windows', `${ct.path}.securityContext.windowsOptions.hostProcess`, `pod hostProcess value must be identical if both are specified, was ${podHP}`, cHP, String(podHP), 'Set hostProcess once, on the pod'));
    }
    if (cHP === true || (cHP === undefined && podHP === true)) hostProcess++;
  }
  if (hostProcess === 0) return;
  if (hostProcess !== count) out.push(v('windows', p, 'If pod contains any hostProcess containers then all containers must be HostProcess containers', `${hostProcess} of ${count}`, 'all containers or none', 'Set securityContext.windowsOptions.hostProcess: true on the pod'));
  if (spec.hostNetwork !== true) out.push(v('windows', `${p}.hostNetwork`, 'hostNetwork must be true if pod contains any hostProcess containers', spec.hostNetwork ?? false, 'true', 'Set hostNetwork: true'));
}

// ---------------------------------------------------------------------------------------
// Annotations

const MIRROR = 'kubernetes.io/config.mirror';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';
const INT32_TEXT = /^(-?[1-9][0-9]*|-?0)$/;

/** helper.GetDeletionCostFromPodAnnotations: a 32-bit integer, no '+' and no leading zeros. */
function deletionCostValid(value: unknown): boolean {
  if (typeof value !== 'string' || !INT32_TEXT.test(value) || (value.startsWith('-0') && value !== '-0')) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}

/** ValidateSeccompProfile: runtime/default, docker/default, unconfined or localhost/<descending path>. */
function seccompAnnotationProblem(value: string): string | undefined {
  // upstream: ValidateSeccompProfile
  if (value === 'runtime/default' || value === 'docker/default' || value === 'unconfined') return undefined;
  if (value.startsWith('localhost/')) return localDescendingProblem(value.slice('localhost/'.length));
  return 'must be a valid seccomp profile';
}

/**
 * ValidatePodSpecificAnnotations (pods and every pod template, StatefulSet ones included):
 * the mirror pod annotation needs spec.nodeName, the deletion cost is a 32-bit integer, the
 * seccomp annotations name a valid profile (ValidateSeccompPodAnnotations), and the AppArmor
 * annotations name a container of the pod and a valid profile (ValidateAppArmorPodAnnotations).
 */
export function checkPodAnnotations(out: Violation[], meta: unknown, metaPath: string, spec: Record<string, any>, specPath: string): void {
  // upstream: ValidateAppArmorProfileFormat
  if (!isObject(meta) || !isObject(meta.annotations)) return;
  const ann = meta.annotations;
  const at = (k: string) => `${metaPath}.annotations[${JSON.stringify(k)}]`;
  // upstream: ValidatePodSpecificAnnotations
  if (MIRROR in ann && str(spec.nodeName) === '') out.push(v('annotations', at(MIRROR), 'must set spec.nodeName if mirror pod annotation is set', ann[MIRROR], 'a pod bound to a node', 'Remove the annotation: only the kubelet creates mirror pods'));
  if (DELETION_COST in ann && !deletionCostValid(ann[DELETION_COST])) {
    out.push(v('annotations', at(DELETION_COST), 'must be a 32bit integer', ann[DELETION_COST], '-2147483648 to 2147483647, without "+" or leading zeros', 'Write the cost as a plain integer, e.g. "100"'));
  }
  // upstream: ValidateSeccompPodAnnotations
  for (const [k, val] of Object.entries(ann)) {
    if (k !== SECCOMP_POD && !k.startsWith(SECCOMP_CONTAINER)) continue;
    const bad = seccompAnnotationProblem(str(val));
    if (bad) out.push(v('seccomp', at(k), bad, val, 'runtime/default, unconfined, localhost/<relative path>', 'Use spec.securityContext.seccompProfile instead'));
  }
  // upstream: ValidateAppArmorPodAnnotations
  const names = new Set(containersOf(spec, specPath).map((c) => c.container.name));
  for (const [k, val] of Object.entries(ann)) {
    if (!k.startsWith(APPARMOR_CONTAINER)) continue;
    const name = k.slice(APPARMOR_CONTAINER.length);
    if (!names.has(name)) out.push(v('app-armor', at(k), 'container not found', name, [...names].join(', ') || 'no containers', 'Name a container of the pod, or use the appArmorProfile field'));
    const p = str(val);
    if (p !== '' && p !== 'runtime/default' && p !== 'unconfined' && !p.startsWith('localhost/')) {
      out.push(v('app-armor', at(k), `invalid AppArmor profile name: ${JSON.stringify(p)}`, val, 'runtime/default, unconfined, localhost/<profile>', 'Use securityContext.appArmorProfile instead'));
    }
  }
}

/**
 * validateSeccompAnnotationsAndFields and validateAppArmorAnnotationsAndFieldsMatchOnCreate:
 * when a deprecated annotation and the field both say something, they must say the same
 * (the AppArmor check skips windows pods and uses the pod-level field as the default).
 */
export function checkAnnotationFieldMatch(out: Violation[], meta: unknown, spec: Record<string, any>, p: string): void {
  // upstream: validateSeccompAnnotationsAndFieldsMatch
  const ann = isObject(meta) && isObject(meta.annotations) ? meta.annotations : undefined;
  if (!ann) return;
  const mismatch = (field: string, what: string, got: unknown, key: string) =>
    out.push(v(what === 'seccomp' ? 'seccomp' : 'app-armor', field, `${what} ${field.endsWith('localhostProfile') ? 'profile' : 'type'} in annotation and field must match`, got, `the value of ${key}`, 'Remove the deprecated annotation'));
  const seccompMatch = (a: string, prof: Record<string, any>, f: string, key: string) => {
    if (prof.type === 'Unconfined' && a !== 'unconfined') {mismatch(`${f}.type`, 'seccomp', prof.type, key);} else if (prof.type === 'RuntimeDefault' && a !== 'runtime/default' && a !== 'docker/default') {mismatch(`${f}.type`, 'seccomp', prof.type, key);} else if (prof.type === 'Localhost') {
      if (!a.startsWith('localhost/')) mismatch(`${f}.type`, 'seccomp', prof.type, key);
      else if (a.slice('localhost/'.length) !== prof.localhostProfile) mismatch(`${f}.localhostProfile`, 'seccomp', prof.localhostProfile, key);
    }
  };
  // upstream: validateSeccompAnnotationsAndFields
  const podSc = isObject(spec.securityContext) ? spec.securityContext : {};
  if (isObject(podSc.seccompProfile) && SECCOMP_POD in ann) seccompMatch(str(ann[SECCOMP_POD]), podSc.seccompProfile, `${p}.securityContext.seccompProfile`, SECCOMP_POD);
  const containers = containersOf(spec, p);
  for (const ct of containers) {
    const sc = ct.container.securityContext;
    const key = `${SECCOMP_CONTAINER}${ct.container.name}`;
    if (isObject(sc) && isObject(sc.seccompProfile) && key in ann) seccompMatch(str(ann[key]), sc.seccompProfile, `${ct.path}.securityContext.seccompProfile`, key);
  }
  // upstream: validateAppArmorAnnotationsAndFieldsMatchOnCreate
  if (isObject(spec.os) && spec.os.name === 'windows') return;
  for (const ct of containers) {
    const sc = ct.container.securityContext;
    const own = isObject(sc) && isObject(sc.appArmorProfile) ? sc.appArmorProfile : undefined;
    const prof = own ?? (isObject(podSc.appArmorProfile) ? podSc.appArmorProfile : undefined);
    const key = `${APPARMOR_CONTAINER}${ct.container.name}`;
    if (!prof || !(key in ann)) continue;
    const a = str(ann[key]);
    const f = `${ct.path}.securityContext.appArmorProfile`;
    if (prof.type === 'Unconfined' && a !== 'unconfined') {mismatch(`${f}.type`, 'apparmor', prof.type, key);} else if (prof.type === 'RuntimeDefault' && a !== 'runtime/default') {mismatch(`${f}.type`, 'apparmor', prof.type, key);} else if (prof.type === 'Localhost') {
      if (!a.startsWith('localhost/')) mismatch(`${f}.type`, 'apparmor', prof.type, key);
      else if (a.slice('localhost/'.length) !== prof.localhostProfile) mismatch(`${f}.localhostProfile`, 'apparmor', prof.localhostProfile, key);
    }
  }
}
