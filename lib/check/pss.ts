/**
 * Pod Security Standards, as Pod Security Admission enforces policy version v1.36
 * (identical to v1.35; `psa@v0.36.0 policy/*.go`). A pure checker over any manifest that
 * carries a pod spec: Pod, PodTemplate, ReplicationController, Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job, CronJob. Every check visits init, app and ephemeral
 * containers. Check ids are `pss/<checkName>` with PSA's check names.
 *
 * Restricted replaces four baseline checks by stricter ones, exactly like PSA:
 * capabilities_baseline → capabilities_restricted, hostPathVolumes → restrictedVolumes,
 * procMount → procMount_restricted, seccompProfile_baseline → seccompProfile_restricted.
 */
import { ContainerLocation, containersOf, podSpecsOf, PodSpecLocation } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { isObject } from '../base/validators';

/** The two enforced levels ("privileged" enforces nothing). */
export type PssLevel = 'baseline' | 'restricted';

/** Baseline check names, in PSA's order. */
export const BASELINE_CHECKS: readonly string[] = [
  'hostNamespaces', 'privileged', 'capabilities_baseline', 'hostPathVolumes', 'hostPorts', 'appArmorProfile',
  'seLinuxOptions', 'procMount', 'seccompProfile_baseline', 'sysctls', 'windowsHostProcess', 'hostProbesAndHostLifecycle',
];

/** Restricted check names (added to, or overriding, baseline). */
export const RESTRICTED_CHECKS: readonly string[] = [
  'allowPrivilegeEscalation', 'capabilities_restricted', 'runAsNonRoot', 'runAsUser', 'seccompProfile_restricted',
  'restrictedVolumes', 'procMount_restricted',
];

const OVERRIDDEN_IN_RESTRICTED = new Set(['capabilities_baseline', 'hostPathVolumes', 'procMount', 'seccompProfile_baseline']);

/** The capabilities baseline allows in `capabilities.add`. */
export const BASELINE_CAPABILITIES: readonly string[] = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

/**
 * The sysctls baseline allows (policy v1.36): the sets of
 * staging/src/k8s.io/pod-security-admission/policy/check_sysctls.go, all versions up to 1.36 merged.
 */
export const SAFE_SYSCTLS: readonly string[] = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
];

/** SELinux types baseline allows (empty means unset). */
export const SELINUX_TYPES: readonly string[] = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];

/** Volume sources restricted allows. */
export const RESTRICTED_VOLUME_TYPES: readonly string[] = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];

const APPARMOR_ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';


function sc(x: any): Record<string, any> {
  return isObject(x) && isObject(x.securityContext) ? x.securityContext : {};
}

class Collector {
  public readonly out: Violation[] = [];
  constructor(private readonly active: ReadonlySet<string>) {}
  public on(check: string): boolean {
    return this.active.has(check);
  }
  public add(check: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): void {
    this.out.push({ checkId: `pss/${check}`, field, problem, got: got === undefined ? 'unset' : renderValue(got), allowed, fix });
  }
}

let activeSets: Record<PssLevel, ReadonlySet<string>> | undefined;

function activeChecks(level: PssLevel): ReadonlySet<string> {
  activeSets ??= {
    baseline: new Set(BASELINE_CHECKS),
    restricted: new Set([...BASELINE_CHECKS.filter((c) => !OVERRIDDEN_IN_RESTRICTED.has(c)), ...RESTRICTED_CHECKS]),
  };
  return activeSets[level];
}

/**
 * Checks every pod spec in `obj` against a Pod Security Standards level as PSA enforces
 * policy version v1.36. Returns one violation per offending field (empty when the object
 * passes or carries no pod spec). Field paths are relative to the object.
 */
export function checkPodSecurity(obj: unknown, level: PssLevel): Violation[] {
  const c = new Collector(activeChecks(level));
  for (const pod of podSpecsOf(obj)) checkPod(c, pod);
  return c.out;
}

/**
 * The strictest level `obj` passes: `restricted`, `baseline` or `privileged` (passes
 * neither). Objects without a pod spec are `restricted`.
 */
export function podSecurityLevelOf(obj: unknown): 'restricted' | 'baseline' | 'privileged' {
  if (checkPodSecurity(obj, 'restricted').length === 0) return 'restricted';
  if (checkPodSecurity(obj, 'baseline').length === 0) return 'baseline';
  return 'privileged';
}

function checkPod(c: Collector, pod: PodSpecLocation): void {
  const spec = pod.spec;
  const p = pod.path;
  const podSc = sc(spec);
  const scPath = `${p}.securityContext`;
  const containers = containersOf(spec, p);
  const userNamespace = spec.hostUsers === false;
  const windows = isObject(spec.os) && spec.os.name === 'windows';

  // 1. hostNamespaces
  if (c.on('hostNamespaces')) {
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[f] === true) c.add('hostNamespaces', `${p}.${f}`, 'must not share the host namespace', true, 'false or unset', `Remove ${f}`);
    }
  }
  // 2. privileged
  for (const ct of containers) {
    if (c.on('privileged') && sc(ct.container).privileged === true) {
      c.add('privileged', `${ct.path}.securityContext.privileged`, 'must not run privileged', true, 'false or unset', 'Set privileged to false');
    }
  }
  // 3. capabilities_baseline / 14. capabilities_restricted
  for (const ct of containers) checkCapabilities(c, ct, windows);
  // 4. hostPathVolumes / 18. restrictedVolumes
  checkVolumes(c, spec, p);
  // 5. hostPorts
  if (c.on('hostPorts')) {
    for (const ct of containers) {
      const ports = ct.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((port: any, i: number) => {
        if (isObject(port) && port.hostPort !== undefined && port.hostPort !== null && port.hostPort !== 0) {
          c.add('hostPorts', `${ct.path}.ports[${i}].hostPort`, 'must not use a host port', port.hostPort, '0 or unset', 'Remove hostPort and expose the port through a Service');
        }
      });
    }
  }
  // 6. appArmorProfile
  if (c.on('appArmorProfile')) {
    checkAppArmor(c, podSc.appArmorProfile, `${scPath}.appArmorProfile.type`);
    for (const ct of containers) checkAppArmor(c, sc(ct.container).appArmorProfile, `${ct.path}.securityContext.appArmorProfile.type`);
    const annotations = isObject(pod.metadata) && isObject(pod.metadata.annotations) ? pod.metadata.annotations : {};
    for (const [k, v] of Object.entries(annotations)) {
      if (!k.startsWith(APPARMOR_ANNOTATION_PREFIX)) continue;
      if (v === '' || v === 'runtime/default' || (typeof v === 'string' && v.startsWith('localhost/'))) continue;
      c.add('appArmorProfile', `${pod.metadataPath}.annotations[${JSON.stringify(k)}]`, 'must not disable AppArmor', v,
        '"runtime/default", "localhost/<profile>" or unset', 'Remove the deprecated annotation and set securityContext.appArmorProfile.type: RuntimeDefault');
    }
  }
  // 7. seLinuxOptions
  if (c.on('seLinuxOptions')) {
    checkSeLinux(c, podSc.seLinuxOptions, `${scPath}.seLinuxOptions`);
    for (const ct of containers) checkSeLinux(c, sc(ct.container).seLinuxOptions, `${ct.path}.securityContext.seLinuxOptions`);
  }
  // 8. procMount / 19. procMount_restricted
  for (const ct of containers) {
    const pm = sc(ct.container).procMount;
    if (pm === undefined || pm === null || pm === 'Default') continue;
    const field = `${ct.path}.securityContext.procMount`;
    if (c.on('procMount') && !userNamespace) {
      c.add('procMount', field, 'must use the default /proc mask', pm, '"Default" or unset (any value only when spec.hostUsers is false)', 'Remove procMount');
    }
    if (c.on('procMount_restricted')) {
      c.add('procMount_restricted', field, 'must use the default /proc mask, even in a user namespace', pm, '"Default" or unset', 'Remove procMount');
    }
  }
  // 9. seccompProfile_baseline / 17. seccompProfile_restricted
  checkSeccomp(c, podSc, scPath, containers, windows);
  // 10. sysctls
  if (c.on('sysctls') && Array.isArray(podSc.sysctls)) {
    podSc.sysctls.forEach((s: any, i: number) => {
      const name = isObject(s) ? s.name : undefined;
      if (!SAFE_SYSCTLS.includes(name)) {
        c.add('sysctls', `${scPath}.sysctls[${i}].name`, 'must be a namespaced sysctl on the safe list', name, SAFE_SYSCTLS.join(', '), 'Remove the sysctl or set it on the node');
      }
    });
  }
  // 11. windowsHostProcess
  if (c.on('windowsHostProcess')) {
    if (isObject(podSc.windowsOptions) && podSc.windowsOptions.hostProcess === true) {
      c.add('windowsHostProcess', `${scPath}.windowsOptions.hostProcess`, 'must not run as a Windows host process', true, 'false or unset', 'Remove hostProcess');
    }
    for (const ct of containers) {
      const w = sc(ct.container).windowsOptions;
      if (isObject(w) && w.hostProcess === true) {
        c.add('windowsHostProcess', `${ct.path}.securityContext.windowsOptions.hostProcess`, 'must not run as a Windows host process', true, 'false or unset', 'Remove hostProcess');
      }
    }
  }
  // 12. hostProbesAndHostLifecycle
  if (c.on('hostProbesAndHostLifecycle')) {
    for (const ct of containers) checkProbeHosts(c, ct);
  }
  // 13. allowPrivilegeEscalation
  if (c.on('allowPrivilegeEscalation') && !windows) {
    for (const ct of containers) {
      const v = sc(ct.container).allowPrivilegeEscalation;
      if (v !== false) {
        c.add('allowPrivilegeEscalation', `${ct.path}.securityContext.allowPrivilegeEscalation`, 'must be set to false', v, 'false', 'Set securityContext.allowPrivilegeEscalation: false on the container');
      }
    }
  }
  // 15. runAsNonRoot (relaxed in a user namespace)
  if (c.on('runAsNonRoot') && !userNamespace) {
    const podValue = podSc.runAsNonRoot;
    if (podValue === false) {
      c.add('runAsNonRoot', `${scPath}.runAsNonRoot`, 'must not be false', false, 'true', 'Set runAsNonRoot: true, or run the pod in its own user namespace (spec.hostUsers: false)');
    }
    for (const ct of containers) {
      const v = sc(ct.container).runAsNonRoot;
      if (v === false || (v !== true && podValue !== true)) {
        c.add('runAsNonRoot', `${ct.path}.securityContext.runAsNonRoot`, v === false ? 'must not be false' : 'must be true here or at pod level', v, 'true',
          'Set spec.securityContext.runAsNonRoot: true, or run the pod in its own user namespace (spec.hostUsers: false)');
      }
    }
  }
  // 16. runAsUser (relaxed in a user namespace)
  if (c.on('runAsUser') && !userNamespace) {
    if (podSc.runAsUser === 0) {
      c.add('runAsUser', `${scPath}.runAsUser`, 'must not be 0', 0, 'a non-zero UID', 'Use a UID above 10000, or run the pod in its own user namespace (spec.hostUsers: false)');
    }
    for (const ct of containers) {
      if (sc(ct.container).runAsUser === 0) {
        c.add('runAsUser', `${ct.path}.securityContext.runAsUser`, 'must not be 0', 0, 'a non-zero UID', 'Use a UID above 10000, or run the pod in its own user namespace (spec.hostUsers: false)');
      }
    }
  }
}

function checkCapabilities(c: Collector, ct: ContainerLocation, windows: boolean): void {
  const caps = sc(ct.container).capabilities;
  const add: unknown[] = isObject(caps) && Array.isArray(caps.add) ? caps.add : [];
  const drop: unknown[] = isObject(caps) && Array.isArray(caps.drop) ? caps.drop : [];
  const base = `${ct.path}.securityContext.capabilities`;
  if (c.on('capabilities_baseline')) {
    add.forEach((cap, i) => {
      if (!BASELINE_CAPABILITIES.includes(cap as string)) {
        c.add('capabilities_baseline', `${base}.add[${i}]`, 'must not add a capability beyond the baseline set', cap, BASELINE_CAPABILITIES.join(', '), 'Remove the capability');
      }
    });
  }
  if (c.on('capabilities_restricted') && !windows) {
    if (!drop.includes('ALL')) {
      c.add('capabilities_restricted', `${base}.drop`, 'must drop ALL capabilities', isObject(caps) ? caps.drop : undefined, 'a list containing "ALL"', 'Set capabilities.drop: ["ALL"]');
    }
    add.forEach((cap, i) => {
      if (cap !== 'NET_BIND_SERVICE') {
        c.add('capabilities_restricted', `${base}.add[${i}]`, 'must not add a capability other than NET_BIND_SERVICE', cap, 'NET_BIND_SERVICE', 'Remove the capability');
      }
    });
  }
}

function checkVolumes(c: Collector, spec: any, p: string): void {
  if (!Array.isArray(spec.volumes)) return;
  spec.volumes.forEach((vol: any, i: number) => {
    if (!isObject(vol)) return;
    if (c.on('hostPathVolumes') && vol.hostPath !== undefined && vol.hostPath !== null) {
      c.add('hostPathVolumes', `${p}.volumes[${i}].hostPath`, 'must not mount a host path', vol.hostPath, 'no hostPath volumes', 'Use an emptyDir, configMap, secret or persistentVolumeClaim volume');
    }
    if (c.on('restrictedVolumes')) {
      for (const [k, v] of Object.entries(vol)) {
        if (k === 'name' || v === undefined || v === null) continue;
        if (!RESTRICTED_VOLUME_TYPES.includes(k)) {
          c.add('restrictedVolumes', `${p}.volumes[${i}].${k}`, 'must use an allowed volume type', k, RESTRICTED_VOLUME_TYPES.join(', '), 'Use one of the allowed volume types, e.g. a persistentVolumeClaim');
        }
      }
    }
  });
}

function checkAppArmor(c: Collector, profile: unknown, field: string): void {
  if (profile === undefined || profile === null) return;
  const type = isObject(profile) ? profile.type : undefined;
  if (type !== 'RuntimeDefault' && type !== 'Localhost') {
    c.add('appArmorProfile', field, 'must not be unconfined', type, 'RuntimeDefault, Localhost or unset', 'Set appArmorProfile.type: RuntimeDefault');
  }
}

function checkSeLinux(c: Collector, opts: unknown, field: string): void {
  if (!isObject(opts)) return;
  const type = opts.type ?? '';
  if (!SELINUX_TYPES.includes(type)) {
    c.add('seLinuxOptions', `${field}.type`, 'must be a container SELinux type', type, SELINUX_TYPES.filter((t) => t).join(', ') + ' or unset', 'Remove seLinuxOptions.type or use container_t');
  }
  for (const f of ['user', 'role']) {
    if (opts[f] !== undefined && opts[f] !== '') {
      c.add('seLinuxOptions', `${field}.${f}`, `must not set a custom SELinux ${f}`, opts[f], 'unset', `Remove seLinuxOptions.${f}`);
    }
  }
}

function seccompType(x: unknown): unknown {
  return isObject(x) ? x.type : undefined;
}

function checkSeccomp(c: Collector, podSc: Record<string, any>, scPath: string, containers: ContainerLocation[], windows: boolean): void {
  const okType = (t: unknown) => t === 'RuntimeDefault' || t === 'Localhost';
  const podProfile = podSc.seccompProfile;
  if (c.on('seccompProfile_baseline')) {
    if (podProfile !== undefined && podProfile !== null && !okType(seccompType(podProfile))) {
      c.add('seccompProfile_baseline', `${scPath}.seccompProfile.type`, 'must not be unconfined', seccompType(podProfile), 'RuntimeDefault, Localhost or unset', 'Set seccompProfile.type: RuntimeDefault');
    }
    for (const ct of containers) {
      const prof = sc(ct.container).seccompProfile;
      if (prof !== undefined && prof !== null && !okType(seccompType(prof))) {
        c.add('seccompProfile_baseline', `${ct.path}.securityContext.seccompProfile.type`, 'must not be unconfined', seccompType(prof), 'RuntimeDefault, Localhost or unset', 'Set seccompProfile.type: RuntimeDefault');
      }
    }
  }
  if (c.on('seccompProfile_restricted') && !windows) {
    const podSet = podProfile !== undefined && podProfile !== null;
    if (podSet && !okType(seccompType(podProfile))) {
      c.add('seccompProfile_restricted', `${scPath}.seccompProfile.type`, 'must be RuntimeDefault or Localhost', seccompType(podProfile), 'RuntimeDefault, Localhost', 'Set seccompProfile.type: RuntimeDefault');
    }
    const podOk = podSet && okType(seccompType(podProfile));
    for (const ct of containers) {
      const prof = sc(ct.container).seccompProfile;
      const set = prof !== undefined && prof !== null;
      if (set ? !okType(seccompType(prof)) : !podOk) {
        c.add('seccompProfile_restricted', `${ct.path}.securityContext.seccompProfile.type`,
          set ? 'must be RuntimeDefault or Localhost' : 'must be set here or at pod level', seccompType(prof), 'RuntimeDefault, Localhost',
          'Set spec.securityContext.seccompProfile.type: RuntimeDefault');
      }
    }
  }
}

function checkProbeHosts(c: Collector, ct: ContainerLocation): void {
  const handlers: Array<[unknown, string]> = [];
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) handlers.push([ct.container[probe], `${ct.path}.${probe}`]);
  const lc = ct.container.lifecycle;
  if (isObject(lc)) for (const h of ['postStart', 'preStop']) handlers.push([lc[h], `${ct.path}.lifecycle.${h}`]);
  for (const [h, path] of handlers) {
    if (!isObject(h)) continue;
    for (const kind of ['httpGet', 'tcpSocket']) {
      const host = isObject(h[kind]) ? h[kind].host : undefined;
      if (host !== undefined && host !== null && host !== '') {
        c.add('hostProbesAndHostLifecycle', `${path}.${kind}.host`, 'must not probe another host', host, 'unset or ""', 'Remove host; the kubelet then probes the pod IP');
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Recorded opt-outs

/**
 * Annotation prefix under which this library records opt-outs:
 * `haru.cdk8s.io/opt-out.<name>: <reason>`.
 */
export const OPT_OUT_PREFIX = 'haru.cdk8s.io/opt-out.';

/** Annotation that reports the Pod Security Standards level of an object that opted out of restricted. */
export const PSS_LEVEL_ANNOTATION = 'haru.cdk8s.io/pod-security-level';

/**
 * The PSS checks each recorded opt-out relaxes. `PodSecurity.enforce` and the CLI ignore a
 * violation of check `pss/X` on an object when the object (or its pod template) carries an
 * opt-out annotation whose entry lists X. Opt-outs that relax no PSS check (e.g.
 * `read-only-root-filesystem`) are recorded for auditors only.
 */
export const OPT_OUT_RELAXES: Readonly<Record<string, readonly string[]>> = {
  'privileged': ['privileged'],
  'host-namespaces': ['hostNamespaces'],
  'host-path': ['hostPathVolumes', 'restrictedVolumes'],
  'host-ports': ['hostPorts'],
  'capabilities': ['capabilities_baseline', 'capabilities_restricted'],
  'seccomp-unconfined': ['seccompProfile_baseline', 'seccompProfile_restricted'],
  'apparmor-unconfined': ['appArmorProfile'],
  'privilege-escalation': ['allowPrivilegeEscalation'],
  'unsafe-sysctls': ['sysctls'],
};

/** The opt-outs recorded on `obj` (object metadata and every pod template metadata): name → reason. */
export function optOutsOf(obj: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const collect = (md: unknown) => {
    if (!isObject(md) || !isObject(md.annotations)) return;
    for (const [k, v] of Object.entries(md.annotations)) {
      if (k.startsWith(OPT_OUT_PREFIX) && typeof v === 'string') out[k.slice(OPT_OUT_PREFIX.length)] = v;
    }
  };
  if (isObject(obj)) collect(obj.metadata);
  for (const pod of podSpecsOf(obj)) collect(pod.metadata);
  return out;
}

/**
 * True when `metadata` (of a Pod or pod template) carries something a Pod Security check
 * reads: only the deprecated AppArmor annotations do. A spec that passes a level keeps
 * passing it under any metadata for which this is false.
 */
export function metadataAffectsPodSecurity(metadata: unknown): boolean {
  if (!isObject(metadata) || !isObject(metadata.annotations)) return false;
  return Object.keys(metadata.annotations).some((k) => k.startsWith(APPARMOR_ANNOTATION_PREFIX));
}

/** The PSS violations of `obj` at `level` that no recorded opt-out on `obj` explains. */
export function unexplainedPodSecurityViolations(obj: unknown, level: PssLevel): Violation[] {
  const relaxed = new Set<string>();
  for (const name of Object.keys(optOutsOf(obj))) for (const check of OPT_OUT_RELAXES[name] ?? []) relaxed.add(`pss/${check}`);
  return checkPodSecurity(obj, level).filter((v) => !relaxed.has(v.checkId));
}
