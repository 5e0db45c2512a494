/**
 * Server-side rules for pod specs (core/v1 `ValidatePodSpec` as far as the fact sheet and
 * this library's constructs need them), over every kind that carries a pod spec. Pure;
 * registered in the registry for Pod, PodTemplate, ReplicationController, Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Job and CronJob.
 */
import { severityOf } from './catalog';
import { checkContainers, checkResourceRequirements } from './pod-container';
import { checkPlacement } from './pod-placement';
import { checkAnnotationFieldMatch, checkHostProcess, checkOs, checkPodAnnotations, checkPodSecurityContext } from './pod-security-context';
import { containersOf, PodSpecLocation, podSpecsOf } from './pod-spec';
import { checkVolumes } from './pod-volumes';
import { podSpecWarnings } from './pod-warnings';
import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelKey, checkLabelValue, checkQualifiedName, isObject, parseQuantity, relabel } from '../base/validators';

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);


function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

function checkProfile(out: Violation[], profile: unknown, field: string, what: 'seccompProfile' | 'appArmorProfile'): void {
  // upstream: validateSeccompProfileField
  // upstream: ValidateAppArmorProfileField
  if (!isObject(profile)) return;
  const local = profile.localhostProfile;
  const hasLocal = local !== undefined && local !== null && local !== '';
  if (profile.type === 'Localhost' && !hasLocal) {
    out.push(v('localhost-profile', `${field}.localhostProfile`, 'must be set when type is Localhost', local, 'a profile name or path',
      what === 'seccompProfile' ? 'Give the path of the profile relative to the kubelet seccomp directory' : 'Give the name of the AppArmor profile loaded on the node'));
  } else if (profile.type !== 'Localhost' && hasLocal) {
    out.push(v('localhost-profile', `${field}.localhostProfile`, 'may only be set when type is Localhost', local, 'unset', `Set ${what}.type: Localhost or remove localhostProfile`));
  }
  if (what === 'seccompProfile' && profile.type === 'Localhost' && typeof local === 'string' && (local.startsWith('/') || local.split('/').includes('..'))) {
    out.push(v('localhost-profile', `${field}.localhostProfile`, 'must be a descending path relative to the kubelet seccomp directory', local, 'a relative path without parent-directory segments', 'e.g. "profiles/app.json"'));
  }
}

const RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** The rules. */
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** nodeSelector (ValidateLabels), tolerations (ValidateTolerations), priorityClassName (DNS subdomain). */
function checkScheduling(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: ValidateTolerations
  // upstream: validateTaintEffect
  // upstream: ValidatePriorityClassName
  const push = (x: Violation | undefined) => {
    if (x) out.push(x);
  };
  if (isObject(spec.nodeSelector)) {
    for (const [k, val] of Object.entries(spec.nodeSelector)) {
      const f = `${p}.nodeSelector[${JSON.stringify(k)}]`;
      push(relabel(checkLabelKey(f, k), 'pod/node-selector', 'Use a node label key such as "kubernetes.io/arch" or "node.example.com/pool"'));
      push(relabel(checkLabelValue(f, val), 'pod/node-selector', 'Use a label value: at most 63 characters, alphanumerics with "-", "_" or "." inside'));
    }
  }
  if (typeof spec.priorityClassName === 'string' && spec.priorityClassName !== '') {
    push(relabel(checkDns1123Subdomain(`${p}.priorityClassName`, spec.priorityClassName), 'pod/priority-class-name', 'Name an existing PriorityClass'));
  }
  if (!Array.isArray(spec.tolerations)) return;
  spec.tolerations.forEach((t: any, i: number) => {
    if (!isObject(t)) return;
    const f = `${p}.tolerations[${i}]`;
    const key = typeof t.key === 'string' ? t.key : '';
    const op = t.operator ?? '';
    const value = typeof t.value === 'string' ? t.value : '';
    if (key !== '') push(relabel(checkLabelKey(`${f}.key`, key), 'pod/toleration', 'Use the taint key, e.g. "nvidia.com/gpu"'));
    if (key === '' && op !== 'Exists') {
      out.push(v('toleration', `${f}.operator`, 'must be Exists when key is empty (which means "match all values and all keys")', op, 'Exists', 'Set the taint key, or operator: Exists to tolerate every taint'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      out.push(v('toleration', `${f}.effect`, "must be 'NoExecute' when tolerationSeconds is set", t.effect ?? '', 'NoExecute', 'Set effect: NoExecute, or remove tolerationSeconds'));
    }
    if (op === 'Equal' || op === '') {
      push(relabel(checkLabelValue(`${f}.value`, value), 'pod/toleration', 'Use the taint value (a label value)'));
    } else if (op === 'Exists') {
      if (value !== '') out.push(v('toleration', `${f}.value`, "must be empty when operator is 'Exists'", value, 'empty', 'Remove the value, or use operator: Equal'));
    } else {
      out.push(v('toleration', `${f}.operator`, 'is not supported', op, 'Equal, Exists', 'Use Equal or Exists (Gt and Lt need a feature gate that is not GA; this library does not assume it)'));
    }
    if (typeof t.effect === 'string' && t.effect !== '' && !TAINT_EFFECTS.includes(t.effect)) {
      out.push(v('toleration', `${f}.effect`, 'is not supported', t.effect, TAINT_EFFECTS.join(', '), 'Use one of the taint effects, or leave it unset to match all'));
    }
  });
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBE_COUNTS = ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold'];

/** validateProbe, validateLivenessProbe, validateStartupProbe: one handler, no negative counts, successThreshold 1 where required. */
function checkProbe(out: Violation[], probe: Record<string, any>, f: string, successMustBeOne: boolean): void {
  // upstream: validateProbe
  // upstream: validateLivenessProbe
  // upstream: validateReadinessProbe
  // upstream: validateStartupProbe
  // upstream: validateHandler
  // upstream: ValidatePortNumOrName
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) {
    out.push(v('probe', f, 'must specify a handler type', probe, PROBE_HANDLERS.join(', '), 'Give the probe one of exec, httpGet, tcpSocket or grpc'));
  } else if (handlers.length > 1) {
    out.push(v('probe', `${f}.${handlers[1]}`, 'may not specify more than 1 handler type', handlers, 'one of exec, httpGet, tcpSocket, grpc', 'Keep one handler'));
  }
  for (const k of PROBE_COUNTS) {
    if (typeof probe[k] === 'number' && probe[k] < 0) {
      out.push(v('probe', `${f}.${k}`, 'must be greater than or equal to 0', probe[k], '0 or more', `Set ${k} to 0 or more, or leave it unset`));
    }
  }
  if (successMustBeOne && probe.successThreshold !== undefined && probe.successThreshold !== null && probe.successThreshold !== 1) {
    out.push(v('probe', `${f}.successThreshold`, 'must be 1', probe.successThreshold, '1', 'Remove successThreshold (only readiness probes may require more than one success)'));
  }
  // validatePortNumOrName of the network handlers
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = isObject(probe[handler]) ? probe[handler].port : undefined;
    if (typeof port === 'number' && !isPortNumber(port)) {
      out.push(v('port', `${f}.${handler}.port`, 'must be a port number between 1 and 65535', port, '1-65535 or a container port name', 'Probe the port the container listens on'));
    }
  }
}

/** `metadata.name` of each `spec.volumeClaimTemplates` entry of a StatefulSet. */
export function claimTemplateNames(obj: unknown): string[] {
  if (!isObject(obj) || obj.kind !== 'StatefulSet' || !isObject(obj.spec) || !Array.isArray(obj.spec.volumeClaimTemplates)) return [];
  return obj.spec.volumeClaimTemplates
    .map((t: unknown) => (isObject(t) && isObject(t.metadata) ? t.metadata.name : undefined))
    .filter((n: unknown): n is string => typeof n === 'string' && n !== '');
}

/** A pod's resource claim names exactly one source: an existing ResourceClaim or a ResourceClaimTemplate. */
export function checkClaimSource(field: string, claim: { resourceClaimName?: unknown; resourceClaimTemplateName?: unknown }): Violation | undefined {
  // upstream: validatePodResourceClaim
  const n = (claim.resourceClaimName ? 1 : 0) + (claim.resourceClaimTemplateName ? 1 : 0);
  if (n === 1) return undefined;
  return v('resource-claim-source', field, 'must set exactly one of resourceClaimName and resourceClaimTemplateName',
    { resourceClaimName: claim.resourceClaimName, resourceClaimTemplateName: claim.resourceClaimTemplateName }, 'exactly one',
    'Name either an existing ResourceClaim or a ResourceClaimTemplate');
}

/** Rewrites a finding the server does not raise on a StatefulSet template into the warning that its pods would be refused. */
function asStatefulSetWarning(x: Violation): Violation {
  // upstream: ValidatePodTemplateSpecForStatefulSet
  // (pkg/apis/apps/validation/validation.go: only labels, annotations and the pod-specific annotations are validated)
  return {
    ...x,
    checkId: 'pod/statefulset-template',
    problem: `${x.problem} [${x.checkId}]: the API server does not validate StatefulSet pod templates, so the StatefulSet is accepted, but the pods it creates would be refused`,
  };
}

const NAME_FIELDS: ReadonlyArray<readonly [string, 'subdomain' | 'label', string]> = [
  ['serviceAccountName', 'subdomain', 'Name a ServiceAccount of the namespace'],
  ['nodeName', 'subdomain', 'Name a node, or leave nodeName unset for the scheduler'],
  ['hostname', 'label', 'Use a DNS-1123 label such as web-0'],
  ['subdomain', 'label', 'Name a headless Service of the namespace'],
];
const MAX_INT32 = 2147483647;

/**
 * The pod-level fields of ValidatePodSpec and ValidatePodCreate that no other file checks:
 * names, activeDeadlineSeconds, readiness and scheduling gates, runtime class, overhead,
 * pod-level resources, resource claims, host network ports, ephemeral containers.
 */
function checkPodFields(out: Violation[], spec: Record<string, any>, p: string, isPod: boolean): void {
  // upstream: ValidatePodSpec
  for (const [k, shape, fix] of NAME_FIELDS) {
    const x = spec[k];
    if (typeof x !== 'string' || x === '') continue;
    const bad = shape === 'subdomain' ? checkDns1123Subdomain(`${p}.${k}`, x) : checkDns1123Label(`${p}.${k}`, x);
    if (bad) out.push(v('name-field', `${p}.${k}`, bad.problem, x, shape === 'subdomain' ? 'a DNS-1123 subdomain' : 'a DNS-1123 label', fix));
  }
  if (typeof spec.runtimeClassName === 'string') {
    // upstream: ValidateRuntimeClassName
    const bad = checkDns1123Subdomain(`${p}.runtimeClassName`, spec.runtimeClassName);
    if (bad) out.push(v('name-field', `${p}.runtimeClassName`, bad.problem, spec.runtimeClassName, 'a DNS-1123 subdomain', 'Name an existing RuntimeClass'));
  }
  const ads = spec.activeDeadlineSeconds;
  if (typeof ads === 'number' && (ads < 1 || ads > MAX_INT32)) {
    out.push(v('active-deadline', `${p}.activeDeadlineSeconds`, 'must be between 1 and 2147483647, inclusive', ads, '1-2147483647', 'Use a positive number of seconds, or leave it unset'));
  }
  // upstream: validateReadinessGates
  list(spec.readinessGates).forEach((g: any, i) => {
    if (!isObject(g)) return;
    const bad = checkQualifiedName(`${p}.readinessGates[${i}].conditionType`, g.conditionType);
    if (bad) out.push(v('readiness-gate', `${p}.readinessGates[${i}].conditionType`, bad.problem, g.conditionType, 'a qualified name such as example.com/ready', 'Name the pod condition'));
  });
  // upstream: validateSchedulingGates
  const gates = new Set<unknown>();
  list(spec.schedulingGates).forEach((g: any, i) => {
    if (!isObject(g)) return;
    const bad = checkQualifiedName(`${p}.schedulingGates[${i}]`, g.name);
    if (bad) out.push(v('scheduling-gate', `${p}.schedulingGates[${i}]`, bad.problem, g.name, 'a qualified name such as example.com/quota', 'Name the gate'));
    if (gates.has(g.name)) out.push(v('scheduling-gate', `${p}.schedulingGates[${i}]`, 'must not be repeated', g.name, 'each gate once', 'Remove the duplicate'));
    gates.add(g.name);
  });
  if (isPod && typeof spec.nodeName === 'string' && spec.nodeName !== '' && list(spec.schedulingGates).length > 0) {
    // upstream: ValidatePodCreate
    out.push(v('scheduling-gate', `${p}.nodeName`, 'cannot be set until all schedulingGates have been cleared', spec.nodeName, 'no nodeName while the pod is gated', 'Remove nodeName or the scheduling gates'));
  }
  if (list(spec.ephemeralContainers).length > 0) {
    // upstream: ValidatePodCreate
    // upstream: ValidatePodTemplateSpec
    out.push(v('ephemeral-containers', `${p}.ephemeralContainers`, isPod ? 'cannot be set on create' : 'ephemeral containers not allowed in pod template', spec.ephemeralContainers, 'unset',
      'Add ephemeral containers to a running pod with kubectl debug'));
  }
  if (isObject(spec.overhead)) {
    // upstream: validateOverhead
    checkResourceRequirements(out, { limits: spec.overhead }, `${p}.overhead`);
  }
  if (isObject(spec.resources)) {
    // upstream: validatePodResources
    // (PodLevelResources is beta and on in 1.36)
    checkResourceRequirements(out, spec.resources, `${p}.resources`, true);
    checkPodResourceConsistency(out, spec, p);
  }
  // validatePodResourceClaim: the name and object name formats are dra/pod-claim-name and
  // dra/pod-claim-source (lib/check/dra.ts); the one-source rule is checkClaimSource
  if (spec.hostNetwork === true) {
    // upstream: validatePodHostNetworkDeps
    // (a Pod's unset hostPort is defaulted to containerPort)
    list(spec.containers).forEach((c: any, i) => {
      if (!isObject(c)) return;
      list(c.ports).forEach((port: any, j) => {
        if (!isObject(port) || typeof port.hostPort !== 'number' || port.hostPort === 0 || port.hostPort === port.containerPort) return;
        out.push(v('port', `${p}.containers[${i}].ports[${j}].hostPort`, 'must match `containerPort` when `hostNetwork` is true', port.hostPort, `${port.containerPort} (the containerPort), or unset`, 'On the host network the container listens on the node directly: drop hostPort'));
      });
    });
  }
}

/** validatePodResourceConsistency, for what is certain: the regular containers' requests and each container limit fit the pod's. */
function checkPodResourceConsistency(out: Violation[], spec: Record<string, any>, p: string): void {
  // upstream: validatePodResourceConsistency
  const res = spec.resources;
  const podReq = isObject(res.requests) ? res.requests : {};
  const podLim = isObject(res.limits) ? res.limits : {};
  for (const r of ['cpu', 'memory']) {
    const pr = parseQuantity(podReq[r]);
    let sum = 0;
    for (const c of list(spec.containers)) {
      const q = isObject(c) && isObject(c.resources) && isObject(c.resources.requests) ? parseQuantity(c.resources.requests[r]) : undefined;
      if (q !== undefined) sum += q;
    }
    if (pr !== undefined && Math.round(sum * 1000) > Math.round(pr * 1000)) {
      out.push(v('pod-resources', `${p}.resources.requests[${JSON.stringify(r)}]`, `must be greater than or equal to aggregate container requests of ${sum}`, podReq[r], `>= ${sum}`, 'Raise the pod request or lower the container requests'));
    }
  }
  list(spec.containers).forEach((c: any, i) => {
    const lim = isObject(c) && isObject(c.resources) && isObject(c.resources.limits) ? c.resources.limits : {};
    for (const [r, q] of Object.entries(lim)) {
      const cl = parseQuantity(q);
      const pl = parseQuantity(podLim[r]);
      if (cl !== undefined && pl !== undefined && Math.round(cl * 1000) > Math.round(pl * 1000)) {
        out.push(v('pod-resources', `${p}.resources.containers[${i}][${JSON.stringify(r)}].limits`, `must be less than or equal to pod limits of ${renderValue(podLim[r])}`, q, `<= ${renderValue(podLim[r])}`, 'Lower the container limit or raise the pod limit'));
      }
    }
  });
}

export function checkPodRules(obj: unknown): Violation[] {
  // upstream: ValidatePodTemplate
  // upstream: ValidatePodTemplateSpecForRC
  // upstream: validatePodResourceClaims
  // upstream: validatePullPolicy
  // upstream: validateRestartPolicy
  // upstream: ValidatePreemptionPolicy
  // upstream: ValidateProcMountType
  // upstream: validateFSGroupChangePolicy
  // upstream: validateSupplementalGroupsPolicy
  // upstream: validateSELinuxChangePolicy
  // upstream: validateImagePullSecrets
  // (validatePullPolicy to validateImagePullSecrets: their allowed values are the 1.36 OpenAPI
  // enums and shapes the schema checker enforces, schema/enum; empty values are defaulted)
  // upstream: ValidatePodCreate
  // upstream: validatePodMetadataAndSpec
  const out: Violation[] = [];
  const isSts = isObject(obj) && obj.kind === 'StatefulSet';
  for (const pod of podSpecsOf(obj)) {
    const spec = pod.spec;
    const p = pod.path;
    const meta = isObject(obj) && isObject(obj.metadata) ? obj.metadata : {};
    const isPod = isObject(obj) && obj.kind === 'Pod';
    // ValidatePodSpecificAnnotations runs on every template, StatefulSet ones too
    checkPodAnnotations(out, pod.metadata, pod.metadataPath, spec, p);
    const errs: Violation[] = [];
    checkPodSpec(errs, obj, pod, isPod, meta);
    out.push(...(isSts ? errs.map((x) => (severityOf(x.checkId) === 'error' ? asStatefulSetWarning(x) : x)) : errs));
    podSpecWarnings(out, pod);
  }
  return out;
}

/** ValidatePodSpec (with ValidatePodCreate / ValidatePodTemplateSpec) over one pod spec. */
function checkPodSpec(out: Violation[], obj: unknown, pod: PodSpecLocation, isPod: boolean, meta: Record<string, any>): void {
  // upstream: ValidatePodSpec
  // upstream: validateHostUsers
  // upstream: validateContainers
  // upstream: validateInitContainers
  // upstream: validateEphemeralContainers
  // upstream: ValidatePodTemplateSpec
  const spec = pod.spec;
  const p = pod.path;
  // user namespaces cannot share host namespaces (validateHostUsers)
  if (spec.hostUsers === false) {
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) {
      if (spec[f] === true) {
        out.push(v('host-users', `${p}.${f}`, 'is forbidden when spec.hostUsers is false', true, 'false or unset',
          `Remove ${f}, or share the host user namespace (spec.hostUsers: true) if the node must be reached`));
      }
    }
  }
  // validateContainers: at least one (k8s.io/kubernetes pkg/apis/core/validation/validation.go)
  if (Array.isArray(spec.containers) && spec.containers.length === 0) {
    out.push(v('containers', `${p}.containers`, 'must have at least one container', spec.containers, 'one or more containers', 'Add the container the pod runs'));
  }
  checkScheduling(out, spec, p);
  checkPlacement(out, spec, p, { isPod, name: isPod ? meta.name : undefined, labels: isPod && isObject(meta.labels) ? meta.labels : {} });
  const podSc = isObject(spec.securityContext) ? spec.securityContext : {};
  checkProfile(out, podSc.seccompProfile, `${p}.securityContext.seccompProfile`, 'seccompProfile');
  checkProfile(out, podSc.appArmorProfile, `${p}.securityContext.appArmorProfile`, 'appArmorProfile');
  checkPodSecurityContext(out, spec, p);
  checkOs(out, spec, p);
  checkHostProcess(out, spec, p);
  checkAnnotationFieldMatch(out, pod.metadata, spec, p);

  // A StatefulSet's pods get one volume per volumeClaimTemplates entry from the controller,
  // which replaces a template volume of the same name; the API server does not check the
  // template's mounts against spec.volumes (ValidatePodTemplateSpecForStatefulSet,
  // pkg/apis/apps/validation/validation.go), so a mount may name a claim template.
  const claimTemplates = new Set(claimTemplateNames(obj));
  const volumes = checkVolumes(out, spec, p, isPod, isPod && typeof meta.name === 'string' ? meta.name : undefined, claimTemplates);
  const volumeNames = new Set<string>(claimTemplates);
  for (const vol of list(spec.volumes)) if (isObject(vol) && typeof vol.name === 'string') volumeNames.add(vol.name);
  const claimNames = new Set<string>();
  if (Array.isArray(spec.resourceClaims)) {
    spec.resourceClaims.forEach((rc: any, i: number) => {
      if (!isObject(rc)) return;
      if (claimNames.has(rc.name)) out.push(v('duplicate-resource-claim', `${p}.resourceClaims[${i}].name`, 'must be unique', rc.name, 'a name no other claim of the pod uses', 'Rename the claim'));
      claimNames.add(rc.name);
      const source = checkClaimSource(`${p}.resourceClaims[${i}]`, rc);
      if (source) out.push(source);
    });
  }
  checkPodFields(out, spec, p, isPod);
  const containers = containersOf(spec, p);
  checkContainers(out, containers, {
    isPod,
    volumes,
    claimNames,
    gracePeriod: typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30,
    restartPolicy: typeof spec.restartPolicy === 'string' && spec.restartPolicy !== '' ? spec.restartPolicy : 'Always',
    hostUsers: spec.hostUsers !== false,
  }, claimTemplates);
  // validateContainers, validateInitContainers, validateEphemeralContainers: names are unique
  // across the three lists; the regular containers come first, so an init container that
  // repeats a container name is the one reported
  const containerNames = new Set<string>();
  for (const which of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const ct of containers) {
      if (ct.list !== which) continue;
      const name = ct.container.name;
      if (containerNames.has(name)) out.push(v('duplicate-container', `${ct.path}.name`, 'must be unique across init, app and ephemeral containers', name, 'a name no other container of the pod uses', 'Rename the container'));
      if (typeof name === 'string' && name !== '') containerNames.add(name);
    }
  }
  for (const ct of containers) {
    const c = ct.container;
    // probes and lifecycle hooks of init containers (validateInitContainers): only sidecars
    // (restartPolicy: Always) may have them, since the others must run to completion
    if (ct.list === 'initContainers' && c.restartPolicy !== 'Always') {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (c[f] !== undefined && c[f] !== null) {
          out.push(v('init-container', `${ct.path}.${f}`, 'may not be set for init containers without restartPolicy=Always', c[f], 'unset, or restartPolicy: Always (a sidecar)',
            `Remove ${f}, or make the container a sidecar with restartPolicy: Always`));
        }
      }
    }
    const sc = isObject(c.securityContext) ? c.securityContext : {};
    checkProfile(out, sc.seccompProfile, `${ct.path}.securityContext.seccompProfile`, 'seccompProfile');
    checkProfile(out, sc.appArmorProfile, `${ct.path}.securityContext.appArmorProfile`, 'appArmorProfile');
    if (Array.isArray(c.volumeMounts)) {
      c.volumeMounts.forEach((m: any, i: number) => {
        if (!isObject(m) || typeof m.name !== 'string' || m.name === '') return;
        if (!volumeNames.has(m.name)) {
          out.push(v('volume-mount', `${ct.path}.volumeMounts[${i}].name`, 'must name a volume of the pod', m.name, [...volumeNames].join(', ') || 'no volumes defined',
            isObject(obj) && obj.kind === 'StatefulSet' ? 'Add the volume to the pod or a volume claim template, or fix the name' : 'Add the volume to the pod or fix the name'));
        }
      });
    }
    // port numbers (validateContainerPorts, validatePortNumOrName for probe handlers)
    if (Array.isArray(c.ports)) {
      c.ports.forEach((port: any, i: number) => {
        if (!isObject(port)) return;
        if (typeof port.containerPort === 'number' && port.containerPort !== 0 && !isPortNumber(port.containerPort)) {
          out.push(v('port', `${ct.path}.ports[${i}].containerPort`, 'must be a port number between 1 and 65535', port.containerPort, '1-65535', 'Use the port the container listens on'));
        }
        if (typeof port.hostPort === 'number' && port.hostPort !== 0 && !isPortNumber(port.hostPort)) {
          out.push(v('port', `${ct.path}.ports[${i}].hostPort`, 'must be a port number between 1 and 65535', port.hostPort, '1-65535, or 0/unset for none', 'Use a valid port on the node, or leave hostPort unset'));
        }
      });
    }
    const probesApply = ct.list === 'containers' || (ct.list === 'initContainers' && c.restartPolicy === 'Always');
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      if (probesApply && isObject(c[probe])) checkProbe(out, c[probe], `${ct.path}.${probe}`, probe !== 'readinessProbe');
    }
    if (ct.list === 'ephemeralContainers') continue;
    const res = isObject(c.resources) ? c.resources : {};
    const req = isObject(res.requests) ? res.requests : {};
    const lim = isObject(res.limits) ? res.limits : {};
    for (const r of RESOURCES) {
      const rq = parseQuantity(req[r]);
      const lm = parseQuantity(lim[r]);
      if (rq !== undefined && lm !== undefined && rq > lm) {
        out.push(v('resources', `${ct.path}.resources.requests[${JSON.stringify(r)}]`, `must be less than or equal to the ${r} limit`, req[r], `<= ${lim[r]}`, 'Lower the request or raise the limit'));
      }
    }
    if (Array.isArray(res.claims)) {
      res.claims.forEach((cl: any, i: number) => {
        if (isObject(cl) && typeof cl.name === 'string' && cl.name !== '' && !claimNames.has(cl.name)) {
          out.push(v('resource-claim-ref', `${ct.path}.resources.claims[${i}].name`, 'must name an entry of spec.resourceClaims', cl.name, [...claimNames].join(', ') || 'no resourceClaims defined', 'Add the claim to the pod or fix the name'));
        }
      });
    }
  }
}
