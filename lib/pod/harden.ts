
import { joinPath, renderValue, Violation } from '../base/errors';
import { isObject, parseQuantity } from '../base/validators';
import { containersOf, podSpecsOf } from '../check/pod-spec';
import { OPT_OUT_PREFIX, PSS_LEVEL_ANNOTATION, podSecurityLevelOf, SAFE_SYSCTLS } from '../check/pss';
import { HardeningOptions } from '../values/harden-options';
import { AppArmorProfile, CapabilityGrant, LOW_ID, OptOut, RunAs, SeccompProfile, UserNamespace } from '../values/pod';
import { ResolvedHardening } from '../values/resolved-hardening';


/** The documented defaults of `ContainerResources`. */
export const DEFAULT_RESOURCES = {
  requests: { 'cpu': '100m', 'memory': '256Mi', 'ephemeral-storage': '128Mi' },
  limits: { 'cpu': '500m', 'memory': '256Mi', 'ephemeral-storage': '512Mi' },
} as const;

/** Derives a container name from an image reference: `ghcr.io/org/my_app:1.0@sha256:..` → `my-app`. */
export function nameFromImage(image: string): string {
  const noDigest = image.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const repoAndTag = noDigest.slice(lastSlash + 1);
  const repo = repoAndTag.split(':')[0];
  const slug = repo.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 55).replace(/-+$/, '');
  return /^[a-z]/.test(slug) ? slug : `c-${slug || 'main'}`.replace(/-+$/, '');
}

/** What hardening a pod spec produced: the refusals and the opt-outs to record. */
export interface HardeningResult {
  readonly violations: Violation[];
  /** opt-out name → reason. */
  readonly optOuts: Record<string, string>;
}

/** The default UID and GID (distroless "nonroot"). */
export const DEFAULT_ID = 65532;

/** Applies the documented defaults to `options` and checks the values that are props-only. */
export function resolveHardening(options: HardeningOptions = {}): ResolvedHardening {
  const d = options.defaultResources ?? {};
  return {
    runAs: options.runAs ?? RunAs.user(DEFAULT_ID, DEFAULT_ID),
    userNamespace: options.userNamespace ?? UserNamespace.own(),
    seccompProfile: options.seccompProfile ?? SeccompProfile.runtimeDefault(),
    appArmorProfile: options.appArmorProfile ?? AppArmorProfile.runtimeDefault(),
    writablePaths: options.writablePaths ?? ['/tmp'],
    writablePathSizeLimit: options.writablePathSizeLimit ?? '64Mi',
    requests: {
      'cpu': d.cpuRequest ?? DEFAULT_RESOURCES.requests.cpu,
      'memory': d.memoryRequest ?? DEFAULT_RESOURCES.requests.memory,
      'ephemeral-storage': d.ephemeralStorageRequest ?? DEFAULT_RESOURCES.requests['ephemeral-storage'],
    },
    limits: {
      'cpu': d.cpuLimit ?? DEFAULT_RESOURCES.limits.cpu,
      'memory': d.memoryLimit ?? DEFAULT_RESOURCES.limits.memory,
      'ephemeral-storage': d.ephemeralStorageLimit ?? DEFAULT_RESOURCES.limits['ephemeral-storage'],
    },
    options,
  };
}

/** An absolute path other than "/" without ".." segments or ":" (mount paths the kubelet accepts for an emptyDir). */
export function isWritablePath(p: unknown): p is string {
  return typeof p === 'string' && p.startsWith('/') && p !== '/' && !p.split('/').includes('..') && !p.includes(':');
}

/** Checks the props-only inputs of {@link HardeningOptions}; returns violations. */
export function checkHardeningInputs(r: ResolvedHardening): Violation[] {
  const out: Violation[] = [];
  r.writablePaths.forEach((p, i) => {
    if (!isWritablePath(p)) {
      out.push(h('writable-path', `writablePaths[${i}]`, 'must be an absolute path other than "/" without parent-directory segments or ":"', p, 'e.g. /tmp, /var/cache/nginx', 'Fix the path'));
    }
  });
  if (new Set(r.writablePaths).size !== r.writablePaths.length) {
    out.push(h('writable-path', 'writablePaths', 'must not repeat a path', r.writablePaths, 'distinct paths', 'Remove the duplicate'));
  }
  if (parseQuantity(r.writablePathSizeLimit) === undefined) {
    out.push(h('writable-path', 'writablePathSizeLimit', 'must be a Kubernetes quantity', r.writablePathSizeLimit, "e.g. '64Mi'", 'Use the quantity syntax'));
  }
  for (const [kind, map] of [['request', r.requests], ['limit', r.limits]] as Array<[string, Record<string, string>]>) {
    for (const [res, q] of Object.entries(map)) {
      if (parseQuantity(q) === undefined) out.push(h('resources', `defaultResources.${res}.${kind}`, 'must be a Kubernetes quantity', q, "e.g. '100m', '256Mi'", 'Use the quantity syntax'));
    }
  }
  return out;
}

function h(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `harden/${rule}`, field, problem, got: got === undefined ? 'unset' : renderValue(got), allowed, fix };
}


/** Volume name for a writable path: `/var/cache/nginx` → `var-cache-nginx`. */
export function writablePathVolumeName(path: string): string {
  const slug = path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'root';
  return slug.length <= 63 ? slug : slug.slice(0, 56).replace(/-+$/, '') + '-' + hash(path);
}

function hash(s: string): string {
  let x = 0;
  for (let i = 0; i < s.length; i++) x = (x * 31 + s.charCodeAt(i)) % 4294967291;
  return x.toString(36).padStart(6, '0').slice(-6);
}

const OPT_HINT = '(the pod is then reported as not restricted)';

/**
 * Hardens a plain pod spec in place: writes every missing hardened value, refuses values
 * that are weaker than the hardening unless the matching opt-out is given, and returns
 * the refusals and the opt-outs to record. `grantsFor(name)` returns extra per-container
 * capability grants (HardenedPod's container props).
 */
/** Per-container extras a HardenedPod's typed containers add to the shared hardening. */
export interface ContainerExtras {
  readonly capabilities?: CapabilityGrant;
  readonly writablePaths?: string[];
}

export function hardenPodSpec(
  spec: Record<string, any>,
  specPath: string,
  r: ResolvedHardening,
  extrasFor: (containerName: string) => ContainerExtras | undefined = () => undefined,
): HardeningResult {
  const v: Violation[] = [];
  const optOuts: Record<string, string> = {};
  const o = r.options;
  const rec = (name: string, opt?: OptOut) => {
    if (opt) optOuts[name] = opt.reason;
  };
  const p = specPath;
  const secretEnv = (field: string, got: unknown) => {
    if (o.allowSecretsInEnv) {rec('secret-env', o.allowSecretsInEnv);} else {
      v.push(h('secret-env', field, 'must not put a Secret value into the environment of a hardened container', got, 'a Secret mounted as a volume',
        "Mount the Secret with Volume.secret and read the file (many images take <VAR>_FILE), or pass allowSecretsInEnv: OptOut.because('<reason>')"));
    }
  };

  // user namespace
  if (r.userNamespace._own) {
    if (spec.hostUsers === true) v.push(h('host-users', `${p}.hostUsers`, 'must be false in a hardened pod', true, 'false', "Remove hostUsers, or pass userNamespace: UserNamespace.host(OptOut.because('<reason>'))"));
    spec.hostUsers = false;
  } else {
    rec('host-users', r.userNamespace._optOut);
  }
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[f] !== true) continue;
    if (o.allowHostNamespaces && r.userNamespace._own) {
      // the API server forbids host namespaces with hostUsers: false (validateHostUsers)
      v.push(h('host-namespaces', `${p}.${f}`, 'needs the host user namespace: the API server forbids host namespaces with hostUsers: false', true, 'false or unset, or userNamespace: UserNamespace.host(reason)',
        "Pass userNamespace: UserNamespace.host(OptOut.because('<reason>')) as well, or remove " + f));
    } else if (o.allowHostNamespaces) {
      rec('host-namespaces', o.allowHostNamespaces);
    } else {
      v.push(h('host-namespaces', `${p}.${f}`, 'must not share a host namespace in a hardened pod', true, 'false or unset',
        `Remove ${f}, or pass allowHostNamespaces: OptOut.because('<reason>') with userNamespace: UserNamespace.host(reason) ${OPT_HINT}`));
    }
  }
  // service account token
  if (o.mountServiceAccountToken) {
    rec('service-account-token', o.mountServiceAccountToken);
    spec.automountServiceAccountToken = true;
  } else {
    if (spec.automountServiceAccountToken === true) v.push(h('service-account-token', `${p}.automountServiceAccountToken`, 'must be false in a hardened pod', true, 'false', "Remove it, or pass mountServiceAccountToken: OptOut.because('<reason>')"));
    spec.automountServiceAccountToken = false;
  }

  // pod security context
  const psc: Record<string, any> = isObject(spec.securityContext) ? spec.securityContext : (spec.securityContext = {});
  const scp = `${p}.securityContext`;
  const runAs = r.runAs;
  if (runAs._mode === 'root') {
    rec('run-as-root', runAs._optOut);
    if (!r.userNamespace._own) {
      v.push(h('run-as-root', `${p}.hostUsers`, 'root is only allowed inside the pod\'s own user namespace', 'UserNamespace.host(reason)', 'UserNamespace.own()', 'Drop the userNamespace opt-out, or run as a non-root user with RunAs.user(uid)'));
    }
    psc.runAsUser = 0;
    psc.runAsGroup = 0;
    psc.runAsNonRoot = false;
  } else {
    if (psc.runAsNonRoot === false) v.push(h('run-as', `${scp}.runAsNonRoot`, 'must be true in a hardened pod', false, 'true', "Remove it, or run as root inside the user namespace with runAs: RunAs.rootInUserNamespace(OptOut.because('<reason>'))"));
    psc.runAsNonRoot = true;
    const ids: Array<[string, number | undefined]> = runAs._mode === 'user'
      ? [['runAsUser', runAs._uid], ['runAsGroup', runAs._gid], ['fsGroup', runAs._gid]]
      : [['runAsUser', undefined], ['runAsGroup', undefined], ['fsGroup', undefined]];
    if (runAs._mode === 'image') rec('image-user', runAs._optOut);
    if (runAs._mode === 'user') rec('low-uid', runAs._optOut);
    for (const [k, want] of ids) {
      const have = psc[k];
      if (have === undefined) {
        if (want !== undefined) psc[k] = want;
      } else if (!idAllowed(have, runAs)) {
        v.push(lowIdViolation(`${scp}.${k}`, have));
      }
    }
  }
  // sysctls: the PSS baseline set without an opt-out (the same list the pss/sysctls check reads)
  if (Array.isArray(psc.sysctls)) {
    psc.sysctls.forEach((sc: any, i: number) => {
      if (!isObject(sc) || SAFE_SYSCTLS.includes(sc.name)) return;
      if (o.allowUnsafeSysctls) {rec('unsafe-sysctls', o.allowUnsafeSysctls);} else {
        v.push(h('sysctls', `${scp}.sysctls[${i}].name`, 'is not one of the sysctls Pod Security Standards baseline allows', sc.name, SAFE_SYSCTLS.join(', '),
          `Use a safe sysctl, or pass allowUnsafeSysctls: OptOut.because('<reason>') and allow it on the kubelet (--allowed-unsafe-sysctls) ${OPT_HINT}`));
      }
    });
  }
  applyProfile(v, psc, scp, 'seccompProfile', r.seccompProfile, optOuts, 'seccomp');
  applyProfile(v, psc, scp, 'appArmorProfile', r.appArmorProfile, optOuts, 'apparmor');

  // volumes
  const volumes: any[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  volumes.forEach((vol, i) => {
    if (isObject(vol) && vol.hostPath !== undefined) {
      if (o.allowHostPath) rec('host-path', o.allowHostPath);
      else v.push(h('host-path', `${p}.volumes[${i}].hostPath`, 'must not mount a host path in a hardened pod', vol.hostPath, 'emptyDir, configMap, secret, persistentVolumeClaim, projected, csi, ephemeral, image', `Use another volume type, or pass allowHostPath: OptOut.because('<reason>') ${OPT_HINT}`));
    }
  });
  const volumeNames = new Set(volumes.map((x) => (isObject(x) ? x.name : undefined)));
  const writable = r.writablePaths.map((path) => ({ path, name: writablePathVolumeName(path), used: false }));
  for (const ct of containersOf(spec, p)) {
    for (const path of extrasFor(ct.container.name)?.writablePaths ?? []) {
      if (!writable.some((w) => w.path === path)) writable.push({ path, name: writablePathVolumeName(path), used: false });
    }
  }
  const ours = (w: { name: string }) => volumes.some((x) => isObject(x) && x.name === w.name && isObject(x.emptyDir)
    && Object.keys(x).length === 2 && Object.keys(x.emptyDir).length === 1 && x.emptyDir.sizeLimit === r.writablePathSizeLimit);
  for (const w of writable) {
    // a spec hardened before (checked again after patches) already has the writable emptyDirs
    if (volumeNames.has(w.name) && !ours(w)) {
      v.push(h('writable-path', `${p}.volumes`, `already has a volume named ${JSON.stringify(w.name)}, the name of the writable path ${w.path}`, w.name, 'a different volume name', 'Rename your volume'));
    }
  }

  // containers
  for (const ct of containersOf(spec, p)) {
    const c = ct.container;
    const cp = ct.path;
    const sc: Record<string, any> = isObject(c.securityContext) ? c.securityContext : (c.securityContext = {});
    const sp = `${cp}.securityContext`;
    // privilege escalation; a privileged container always can escalate, and the API server
    // refuses allowPrivilegeEscalation: false beside privileged: true (ValidateSecurityContext)
    const privilegedOptOut = sc.privileged === true && o.allowPrivileged !== undefined;
    if (o.allowPrivilegeEscalation) {rec('privilege-escalation', o.allowPrivilegeEscalation);} else if (privilegedOptOut) {
      rec('privilege-escalation', o.allowPrivileged!);
    } else {
      if (sc.allowPrivilegeEscalation === true) v.push(h('privilege-escalation', `${sp}.allowPrivilegeEscalation`, 'must be false in a hardened pod', true, 'false', `Remove it, or pass allowPrivilegeEscalation: OptOut.because('<reason>') ${OPT_HINT}`));
      sc.allowPrivilegeEscalation = false;
    }
    // privileged
    if (sc.privileged === true) {
      if (o.allowPrivileged) rec('privileged', o.allowPrivileged);
      else v.push(h('privileged', `${sp}.privileged`, 'must not be true in a hardened pod', true, 'false', `Remove it, or pass allowPrivileged: OptOut.because('<reason>') ${OPT_HINT}`));
    } else {
      sc.privileged = false;
    }
    // read-only root filesystem
    if (o.writableRootFilesystem) {rec('read-only-root-filesystem', o.writableRootFilesystem);} else {
      if (sc.readOnlyRootFilesystem === false) v.push(h('read-only-root-filesystem', `${sp}.readOnlyRootFilesystem`, 'must be true in a hardened pod', false, 'true', "Mount writable paths with writablePaths, or pass writableRootFilesystem: OptOut.because('<reason>')"));
      sc.readOnlyRootFilesystem = true;
    }
    // user
    if (runAs._mode === 'root') {
      sc.runAsNonRoot = false;
      for (const k of ['runAsUser', 'runAsGroup']) delete sc[k];
    } else {
      if (sc.runAsNonRoot === false) v.push(h('run-as', `${sp}.runAsNonRoot`, 'must be true in a hardened pod', false, 'true', "Remove it, or use runAs: RunAs.rootInUserNamespace(OptOut.because('<reason>'))"));
      sc.runAsNonRoot = true;
      for (const k of ['runAsUser', 'runAsGroup']) {
        if (sc[k] !== undefined && !idAllowed(sc[k], runAs)) v.push(lowIdViolation(`${sp}.${k}`, sc[k]));
      }
    }
    // procMount
    if (sc.procMount !== undefined && sc.procMount !== 'Default') {
      v.push(h('proc-mount', `${sp}.procMount`, 'must be Default in a hardened pod', sc.procMount, 'Default or unset', 'Remove procMount'));
    }
    // container-level profiles may only tighten
    for (const [field, name] of [['seccompProfile', 'seccomp'], ['appArmorProfile', 'apparmor']] as const) {
      const prof = sc[field];
      if (isObject(prof) && prof.type === 'Unconfined') {
        const podOpt = field === 'seccompProfile' ? r.seccompProfile : r.appArmorProfile;
        if (podOpt._type === 'Unconfined') rec(`${name}-unconfined`, podOpt._optOut);
        else v.push(h(`${name}-unconfined`, `${sp}.${field}.type`, 'must not be Unconfined in a hardened pod', 'Unconfined', 'RuntimeDefault, Localhost', `Remove it, or pass ${field}: ${field === 'seccompProfile' ? 'SeccompProfile' : 'AppArmorProfile'}.unconfined(OptOut.because('<reason>')) ${OPT_HINT}`));
      }
    }
    // capabilities
    const caps: Record<string, any> = isObject(sc.capabilities) ? sc.capabilities : (sc.capabilities = {});
    const drop: unknown[] = Array.isArray(caps.drop) ? caps.drop : [];
    caps.drop = drop.includes('ALL') ? drop : ['ALL', ...drop];
    const extras = extrasFor(c.name);
    const grants = [o.addCapabilities, extras?.capabilities].filter((g): g is CapabilityGrant => g !== undefined);
    const allowed = new Set(grants.flatMap((g) => g._capabilities));
    const add: unknown[] = Array.isArray(caps.add) ? caps.add : [];
    add.forEach((cap, i) => {
      if (!allowed.has(cap as string)) {
        v.push(h('capabilities', `${sp}.capabilities.add[${i}]`, 'must not add a capability that was not granted', cap, allowed.size ? [...allowed].join(', ') : 'none', `Remove it, or grant it with CapabilityGrant.of([${JSON.stringify(cap)}], OptOut.because('<reason>'))${cap === 'NET_BIND_SERVICE' ? '' : ' ' + OPT_HINT}`));
      }
    });
    const merged = [...new Set([...add as string[], ...grants.flatMap((g) => g._capabilities)])];
    if (merged.length) caps.add = merged;
    for (const g of grants) {
      const onlyNbs = g._capabilities.every((x) => x === 'NET_BIND_SERVICE');
      const name = onlyNbs ? 'net-bind-service' : 'capabilities';
      optOuts[name] = optOuts[name] && optOuts[name] !== g._optOut.reason ? `${optOuts[name]}; ${g._optOut.reason}` : g._optOut.reason;
    }
    // host ports
    if (Array.isArray(c.ports)) {
      c.ports.forEach((port: any, i: number) => {
        if (isObject(port) && port.hostPort !== undefined && port.hostPort !== 0) {
          if (o.allowHostPorts) rec('host-ports', o.allowHostPorts);
          else v.push(h('host-ports', `${cp}.ports[${i}].hostPort`, 'must not use a host port in a hardened pod', port.hostPort, '0 or unset', `Expose the port through a Service, or pass allowHostPorts: OptOut.because('<reason>') ${OPT_HINT}`));
        }
      });
    }
    // Secret values in the environment
    if (Array.isArray(c.env)) {
      c.env.forEach((e: any, i: number) => {
        if (isObject(e) && isObject(e.valueFrom) && e.valueFrom.secretKeyRef !== undefined) {
          secretEnv(`${cp}.env[${i}].valueFrom.secretKeyRef`, e.valueFrom.secretKeyRef);
        }
      });
    }
    if (Array.isArray(c.envFrom)) {
      c.envFrom.forEach((e: any, i: number) => {
        if (isObject(e) && e.secretRef !== undefined) secretEnv(`${cp}.envFrom[${i}].secretRef`, e.secretRef);
      });
    }
    if (ct.list === 'ephemeralContainers') continue; // no resources or extra mounts allowed there
    // resources
    const res: Record<string, any> = isObject(c.resources) ? c.resources : (c.resources = {});
    const req: Record<string, any> = isObject(res.requests) ? res.requests : (res.requests = {});
    const lim: Record<string, any> = isObject(res.limits) ? res.limits : (res.limits = {});
    for (const k of ['cpu', 'memory', 'ephemeral-storage']) {
      if (lim[k] === undefined) {
        const rq = parseQuantity(req[k]);
        lim[k] = rq !== undefined && rq > (parseQuantity(r.limits[k]) ?? 0) ? req[k] : r.limits[k];
      }
      if (req[k] === undefined) {
        const lm = parseQuantity(lim[k]);
        req[k] = lm !== undefined && lm < (parseQuantity(r.requests[k]) ?? 0) ? lim[k] : r.requests[k];
      }
    }
    // writable paths
    const mounts: any[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : (c.volumeMounts = []);
    const mine = new Set([...r.writablePaths, ...(extras?.writablePaths ?? [])]);
    for (const w of writable) {
      if (!mine.has(w.path)) continue;
      if (mounts.some((m) => isObject(m) && m.mountPath === w.path)) continue;
      mounts.push({ name: w.name, mountPath: w.path });
      w.used = true;
    }
  }
  for (const w of writable) {
    if (w.used) volumes.push({ name: w.name, emptyDir: { sizeLimit: r.writablePathSizeLimit } });
  }
  if (volumes.length) spec.volumes = volumes;
  return { violations: v, optOuts };
}

/** An ID above 10000, or the (recorded) low ID of `RunAs.user`. */
function idAllowed(id: unknown, runAs: RunAs): boolean {
  if (typeof id !== 'number' || !Number.isInteger(id)) return false;
  return id > LOW_ID || (runAs._mode === 'user' && (id === runAs._uid || id === runAs._gid));
}

function lowIdViolation(field: string, got: unknown): Violation {
  return h('run-as', field, 'must be greater than 10000 in a hardened pod, or the ID given to RunAs.user', got, '10001 to 2147483647, or the runAs ID',
    'Remove it and set runAs: RunAs.user(<uid>) (an ID of 10000 or less is recorded as the opt-out low-uid)');
}

function applyProfile(v: Violation[], psc: Record<string, any>, scp: string, field: 'seccompProfile' | 'appArmorProfile',
  want: SeccompProfile | AppArmorProfile, optOuts: Record<string, string>, name: string): void {
  const have = psc[field];
  const wantJson = want._toJson();
  if (have === undefined) {
    psc[field] = wantJson;
  } else if (!isObject(have) || have.type !== wantJson.type || have.localhostProfile !== wantJson.localhostProfile) {
    v.push(h(name === 'seccomp' ? 'seccomp' : 'apparmor', `${scp}.${field}`, `is set by the ${field} option in a hardened pod`, have, renderValue(wantJson),
      `Remove it and pass ${field}: ${field === 'seccompProfile' ? 'SeccompProfile' : 'AppArmorProfile'}.<choice>`));
  }
  if (want._type === 'Localhost') optOuts[`${name}-localhost`] = want._optOut!.reason;
  if (want._type === 'Unconfined') optOuts[`${name}-unconfined`] = want._optOut!.reason;
}

/**
 * Re-runs the hardening on the final object (after JSON patches and other transforms): a
 * copy is hardened again, so a value weakened without its opt-out is refused with the same
 * message as at construction, and a hardened value the patch removed (present in the
 * hardened copy, absent from the final object) is refused as `harden/patched`. The opt-outs
 * the final object needs are written to its metadata (and pod template metadata) when
 * missing, so the record matches what ships.
 */
export function recheckHardening(
  final: any,
  r: ResolvedHardening,
  extrasFor: (containerName: string) => ContainerExtras | undefined = () => undefined,
): Violation[] {
  const v: Violation[] = [];
  const pods = podSpecsOf(final);
  const copies = podSpecsOf(JSON.parse(JSON.stringify(final)));
  const optOuts: Record<string, string> = {};
  copies.forEach((copy, i) => {
    const res = hardenPodSpec(copy.spec, copy.path, r, extrasFor);
    v.push(...res.violations);
    Object.assign(optOuts, res.optOuts);
    removedValues(pods[i].spec, copy.spec, copy.path, v);
  });
  const record = (md: any) => {
    const missing = Object.entries(optOuts).filter(([k]) => !(isObject(md.annotations) && md.annotations[`${OPT_OUT_PREFIX}${k}`] !== undefined));
    if (missing.length === 0) return;
    md.annotations = { ...md.annotations };
    for (const [k, reason] of missing) md.annotations[`${OPT_OUT_PREFIX}${k}`] = reason;
  };
  if (v.length === 0 && isObject(final)) {
    record(final.metadata ?? (final.metadata = {}));
    for (const pod of pods) if (pod.metadata) record(pod.metadata);
    const level = podSecurityLevelOf(final);
    if (level !== 'restricted') final.metadata.annotations = { ...final.metadata.annotations, [PSS_LEVEL_ANNOTATION]: level };
  }
  return v;
}

/** Reports every value of `hardened` that `actual` lacks (what a patch took away). */
function removedValues(actual: unknown, hardened: unknown, path: string, out: Violation[]): void {
  const lost = () => out.push(h('patched', path, 'lost a hardened value after the hardening ran (a JSON patch removed it)', actual, renderValue(hardened),
    'Remove the patch, or relax the default with its opt-out'));
  if (Array.isArray(hardened)) {
    if (!Array.isArray(actual) || actual.length !== hardened.length) lost();
    else hardened.forEach((x, i) => removedValues(actual[i], x, `${path}[${i}]`, out));
  } else if (isObject(hardened)) {
    if (!isObject(actual)) lost();
    else for (const [k, x] of Object.entries(hardened)) removedValues(actual[k], x, joinPath(path, k), out);
  } else if (actual === undefined && hardened !== undefined) {
    lost();
  }
}
