/**
 * Server-side rules for pod specs (core/v1 `ValidatePodSpec` as far as the fact sheet and
 * this library's constructs need them), over every kind that carries a pod spec. Pure;
 * registered in the registry for Pod, PodTemplate, ReplicationController, Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Job and CronJob.
 */
import { checkPlacement } from './pod-placement';
import { containersOf, podSpecsOf } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { checkDns1123Subdomain, checkLabelKey, checkLabelValue, isObject, parseQuantity, relabel } from '../base/validators';


function v(rule: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId: `pod/${rule}`, field, problem, got: renderValue(got), allowed, fix };
}

function checkProfile(out: Violation[], profile: unknown, field: string, what: 'seccompProfile' | 'appArmorProfile'): void {
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
  const n = (claim.resourceClaimName ? 1 : 0) + (claim.resourceClaimTemplateName ? 1 : 0);
  if (n === 1) return undefined;
  return v('resource-claim-source', field, 'must set exactly one of resourceClaimName and resourceClaimTemplateName',
    { resourceClaimName: claim.resourceClaimName, resourceClaimTemplateName: claim.resourceClaimTemplateName }, 'exactly one',
    'Name either an existing ResourceClaim or a ResourceClaimTemplate');
}

export function checkPodRules(obj: unknown): Violation[] {
  const out: Violation[] = [];
  for (const pod of podSpecsOf(obj)) {
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
    const meta = isObject(obj) && isObject(obj.metadata) ? obj.metadata : {};
    const isPod = isObject(obj) && obj.kind === 'Pod';
    checkPlacement(out, spec, p, { isPod, name: isPod ? meta.name : undefined, labels: isPod && isObject(meta.labels) ? meta.labels : {} });
    const podSc = isObject(spec.securityContext) ? spec.securityContext : {};
    checkProfile(out, podSc.seccompProfile, `${p}.securityContext.seccompProfile`, 'seccompProfile');
    checkProfile(out, podSc.appArmorProfile, `${p}.securityContext.appArmorProfile`, 'appArmorProfile');

    const volumeNames = new Set<string>();
    // A StatefulSet's pods get one volume per volumeClaimTemplates entry from the controller;
    // the API server does not check the template's mounts against spec.volumes
    // (ValidatePodTemplateSpecForStatefulSet, pkg/apis/apps/validation/validation.go), so a
    // mount may name a claim template.
    for (const name of claimTemplateNames(obj)) volumeNames.add(name);
    if (Array.isArray(spec.volumes)) {
      spec.volumes.forEach((vol: any, i: number) => {
        if (!isObject(vol)) return;
        if (volumeNames.has(vol.name)) out.push(v('duplicate-volume', `${p}.volumes[${i}].name`, 'must be unique', vol.name, 'a name no other volume of the pod uses', 'Rename the volume'));
        volumeNames.add(vol.name);
      });
    }
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
    const containerNames = new Set<string>();
    for (const ct of containersOf(spec, p)) {
      const c = ct.container;
      if (containerNames.has(c.name)) out.push(v('duplicate-container', `${ct.path}.name`, 'must be unique across init, app and ephemeral containers', c.name, 'a name no other container of the pod uses', 'Rename the container'));
      containerNames.add(c.name);
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
        const paths = new Set<string>();
        c.volumeMounts.forEach((m: any, i: number) => {
          if (!isObject(m)) return;
          if (!volumeNames.has(m.name)) {
            out.push(v('volume-mount', `${ct.path}.volumeMounts[${i}].name`, 'must name a volume of the pod', m.name, [...volumeNames].join(', ') || 'no volumes defined',
              isObject(obj) && obj.kind === 'StatefulSet' ? 'Add the volume to the pod or a volume claim template, or fix the name' : 'Add the volume to the pod or fix the name'));
          }
          if (paths.has(m.mountPath)) out.push(v('volume-mount', `${ct.path}.volumeMounts[${i}].mountPath`, 'must be unique within the container', m.mountPath, 'a path not mounted yet', 'Mount each path once'));
          paths.add(m.mountPath);
        });
      }
      // port numbers (validateContainerPorts, validatePortNumOrName for probe handlers)
      if (Array.isArray(c.ports)) {
        c.ports.forEach((port: any, i: number) => {
          if (!isObject(port)) return;
          if (typeof port.containerPort === 'number' && !isPortNumber(port.containerPort)) {
            out.push(v('port', `${ct.path}.ports[${i}].containerPort`, 'must be a port number between 1 and 65535', port.containerPort, '1-65535', 'Use the port the container listens on'));
          }
          if (typeof port.hostPort === 'number' && port.hostPort !== 0 && !isPortNumber(port.hostPort)) {
            out.push(v('port', `${ct.path}.ports[${i}].hostPort`, 'must be a port number between 1 and 65535', port.hostPort, '1-65535, or 0/unset for none', 'Use a valid port on the node, or leave hostPort unset'));
          }
        });
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (isObject(c[probe])) checkProbe(out, c[probe], `${ct.path}.${probe}`, probe !== 'readinessProbe');
      }
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
          if (isObject(cl) && !claimNames.has(cl.name)) {
            out.push(v('resource-claim-ref', `${ct.path}.resources.claims[${i}].name`, 'must name an entry of spec.resourceClaims', cl.name, [...claimNames].join(', ') || 'no resourceClaims defined', 'Add the claim to the pod or fix the name'));
          }
        });
      }
    }
  }
  return out;
}
