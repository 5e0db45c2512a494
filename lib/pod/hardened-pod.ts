import { ApiObject, ApiObjectMetadata, ApiObjectProps, Lazy, Names } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';
import { ContainerPort, EnvFrom, EnvVar, HardenedContainerProps, ImagePullPolicy, KeySelector, Protocol } from './container';
import { checkHardeningInputs, ContainerExtras, hardenPodSpec, isWritablePath, nameFromImage, recheckHardening, resolveHardening } from './harden';
import { ADDRESS_LABEL, PodIsolation } from './isolation';
import { PodSecurityLevel } from './pod-security';
import { DnsPolicy, HostAlias, NodeAffinityRule, NodeSelectorOperator, PodAffinityRule, PodDnsConfig, Sysctl, TaintEffect, Toleration, TolerationOperator, TopologySpread, WhenUnsatisfiable } from './scheduling';
import { Volume } from './volume';
import { checkArguments } from '../base/arguments';
import { HaruValidationError, renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain } from '../base/validators';
import { checkClaimSource } from '../check/pod';
import { metadataAffectsPodSecurity, OPT_OUT_PREFIX, podSecurityLevelOf, PSS_LEVEL_ANNOTATION, unexplainedPodSecurityViolations } from '../check/pss';
import { checkObject } from '../check/registry';
import { failing, podLockViolations, podSpecProfileViolations, profileFor, ProfileView, withPodDefaults } from '../profile/resolve';
import { cdk8sPlus } from '../render/cdk8s-plus';
import { FastApiObject } from '../render/fast-api-object';
import { hasRenderHooks, renderHooks } from '../render/render-hooks';
import { HardeningOptions } from '../values/harden-options';
import { AppArmorProfile, ContainerResources, NetworkIsolation, RunAs, SeccompProfile, UserNamespace } from '../values/pod';
import { ResolvedHardening } from '../values/resolved-hardening';

/** Restart policy of a pod. */
export enum RestartPolicy {
  /** Always restart (long-running services). */
  ALWAYS = 'Always',
  /** Restart on failure. */
  ON_FAILURE = 'OnFailure',
  /** Never restart. */
  NEVER = 'Never',
}

/**
 * A DRA resource claim of the pod (`spec.resourceClaims[]`) and the containers that use it
 * (`resources.claims[]`).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation/
 */
export interface PodResourceClaim {
  /** Name of the claim inside the pod (DNS-1123 label). */
  readonly name: string;
  /** An existing ResourceClaim (exactly one of this and `resourceClaimTemplateName`). @default - none */
  readonly resourceClaimName?: string;
  /** A ResourceClaimTemplate; each pod gets its own claim. @default - none */
  readonly resourceClaimTemplateName?: string;
  /** Names of the containers that use the claim. @default - all app containers */
  readonly containers?: string[];
  /** Only this request of the claim is made available. @default - all requests of the claim */
  readonly request?: string;
}

function claimSourceText(c: PodResourceClaim): string {
  return c.resourceClaimName !== undefined ? `ResourceClaim ${JSON.stringify(c.resourceClaimName)}` : `ResourceClaimTemplate ${JSON.stringify(c.resourceClaimTemplateName)}`;
}

/** Props of a {@link HardenedPod}. */
export interface HardenedPodProps extends HardeningOptions {
  /** Metadata (namespace, labels, annotations) of the Pod, ServiceAccount and NetworkPolicy. @default - none */
  readonly metadata?: ApiObjectMetadata;
  /** App containers; at least one is needed by synth time. @default - none (add with addContainer) */
  readonly containers?: HardenedContainerProps[];
  /** Init containers, run in order before the app containers. @default - none */
  readonly initContainers?: HardenedContainerProps[];
  /**
   * Sidecars: init containers with `restartPolicy: Always` that start before the listed
   * init containers and keep running next to the app containers (log shippers, proxies).
   * Unlike init containers they may have probes.
   * @default - none
   * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/
   */
  readonly sidecars?: HardenedContainerProps[];
  /** Volumes. @default - none besides the writable-path emptyDirs */
  readonly volumes?: Volume[];
  /**
   * Use this existing ServiceAccount instead of creating one.
   * @default - a dedicated ServiceAccount with automountServiceAccountToken false
   */
  readonly serviceAccountName?: string;
  /**
   * Network isolation.
   * @default NetworkIsolation.defaultDeny()
   */
  readonly networkIsolation?: NetworkIsolation;
  /** Restart policy. @default RestartPolicy.ALWAYS */
  readonly restartPolicy?: RestartPolicy;
  /** Share the host network. Refused unless allowHostNamespaces and UserNamespace.host(reason). @default false */
  readonly hostNetwork?: boolean;
  /** Share the host PID namespace. Refused like hostNetwork. @default false */
  readonly hostPid?: boolean;
  /** Share the host IPC namespace. Refused like hostNetwork. @default false */
  readonly hostIpc?: boolean;
  /** Node labels the pod must be scheduled onto (`spec.nodeSelector`). @default - any node */
  readonly nodeSelector?: { [key: string]: string };
  /** Taints the pod tolerates. @default - none */
  readonly tolerations?: Toleration[];
  /** Secrets (in the pod's namespace) that hold registry credentials for the images. @default - none */
  readonly imagePullSecrets?: string[];
  /** PriorityClass of the pod. @default - the cluster's default priority */
  readonly priorityClassName?: string;
  /** Seconds between SIGTERM and SIGKILL on shutdown. @default - the API server default (30) */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * DNS policy. A pod on the host network needs `ClusterFirstWithHostNet` to resolve
   * cluster names; `ClusterFirst` with `hostNetwork` is refused.
   * @default - DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET with hostNetwork, else the API server default (ClusterFirst)
   */
  readonly dnsPolicy?: DnsPolicy;
  /** Extra resolver settings (required, with a nameserver, for DnsPolicy.NONE). @default - none */
  readonly dnsConfig?: PodDnsConfig;
  /**
   * Namespaced sysctls (`securityContext.sysctls`). Only the Pod Security Standards baseline
   * set is accepted unless `allowUnsafeSysctls` is given; `net.*` ones are refused with
   * hostNetwork (the API server rule).
   * @default - none
   */
  readonly sysctls?: Sysctl[];
  /** `/etc/hosts` entries. @default - none */
  readonly hostAliases?: HostAlias[];
  /** Node affinity rules (required unless a weight is given). @default - none */
  readonly nodeAffinity?: NodeAffinityRule[];
  /** Pod affinity rules: run near pods with these labels. @default - none */
  readonly podAffinity?: PodAffinityRule[];
  /** Pod anti-affinity rules: run away from pods with these labels (e.g. replicas across nodes). @default - none */
  readonly podAntiAffinity?: PodAffinityRule[];
  /** Topology spread constraints. @default - none */
  readonly topologySpreadConstraints?: TopologySpread[];
}

interface StoredContainer {
  readonly props: HardenedContainerProps;
  readonly name: string;
  /** An init container with restartPolicy Always. */
  readonly sidecar?: boolean;
}

/**
 * A core/v1 Pod that is as locked down as Kubernetes 1.36 allows and still runs real
 * images: its own user namespace, RuntimeDefault seccomp and AppArmor through the
 * securityContext fields, UID/GID 65532, no privilege escalation, read-only root
 * filesystem with an emptyDir at /tmp, all capabilities dropped, requests and limits for
 * cpu, memory and ephemeral-storage, its own ServiceAccount without a mounted token and a
 * default-deny NetworkPolicy that allows DNS. Passes Pod Security Standards restricted
 * (policy v1.36). Every default has an opt-out that takes a reason and is recorded as an
 * annotation `haru.cdk8s.io/opt-out.<name>`.
 *
 * The Pod is the child `Resource` (`ApiObject.of(pod)`), the ServiceAccount `ServiceAccount`
 * and the NetworkPolicy `NetworkPolicy/Resource`. A cdk8s-plus `Service` can select it and
 * cdk8s-plus network-policy rules can use it as a peer.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export class HardenedPod extends Construct implements kplus.IPodSelector, kplus.INetworkPolicyPeer {
  /** Name of the ServiceAccount the pod runs as. */
  public readonly serviceAccountName: string;
  /** User and group choice, defaults applied. */
  public readonly runAs: RunAs;
  /** User-namespace choice, defaults applied. */
  public readonly userNamespace: UserNamespace;
  /** Pod-level seccomp profile, defaults applied. */
  public readonly seccompProfile: SeccompProfile;
  /** Pod-level AppArmor profile, defaults applied. */
  public readonly appArmorProfile: AppArmorProfile;
  /** Paths with an emptyDir in every container, defaults applied. */
  public readonly writablePaths: string[];
  /** True when the pod has its default-deny NetworkPolicy. */
  public readonly isolated: boolean;
  /** Restart policy. */
  public readonly restartPolicy: RestartPolicy;
  /** The Pod API object (`ApiObject.of(this)` returns the same). */
  public readonly apiObject: ApiObject;

  private readonly hardening: ResolvedHardening;
  private readonly props: HardenedPodProps;
  private readonly appContainers: StoredContainer[] = [];
  private readonly initContainerList: StoredContainer[] = [];
  private readonly volumes: Volume[] = [];
  private readonly claims: PodResourceClaim[] = [];
  private readonly isolation?: PodIsolation;
  private readonly address: string;
  private cache?: { spec: any; optOuts: Record<string, string>; level: string };
  /** The render that last passed the eager check (the final check skips what it covered). */
  private checked?: { spec: any };
  private readonly profile: ProfileView;
  private building = false;

  constructor(scope: Construct, id: string, props: HardenedPodProps = {}) {
    checkArguments('HardenedPod.constructor', undefined, [scope, id, props]);
    super(scope, id);
    this.props = props;
    this.profile = profileFor(this);
    this.hardening = resolveHardening(withPodDefaults(this.profile, props));
    this.runAs = this.hardening.runAs;
    this.userNamespace = this.hardening.userNamespace;
    this.seccompProfile = this.hardening.seccompProfile;
    this.appArmorProfile = this.hardening.appArmorProfile;
    this.writablePaths = [...this.hardening.writablePaths];
    this.restartPolicy = props.restartPolicy ?? RestartPolicy.ALWAYS;
    this.address = Names.toLabelValue(this);
    const namespace = props.metadata?.namespace;
    const inputs = [...checkHardeningInputs(this.hardening), ...podLockViolations(this.profile, this.hardening, props.metadata?.labels)];
    // '' passes the schema (the server would default it) but is never what was meant.
    const restart = enumProblem('harden/restart-policy', 'restartPolicy', 'is not a restart policy', this.restartPolicy, RestartPolicy, 'Use RestartPolicy.ALWAYS, ON_FAILURE or NEVER, or leave it unset');
    if (restart) inputs.push(restart);
    inputs.push(...schedulingInputProblems(props));
    if (inputs.length) throw new HaruValidationError(this.node.path, inputs);

    this.apiObject = new CheckedApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { ...props.metadata, labels: { ...this.profile.podLabels(), ...props.metadata?.labels, [ADDRESS_LABEL]: this.address } },
      spec: Lazy.any({ produce: () => this.render().spec }),
    }, (json, pristine) => this.checkRendered(json, pristine));

    if (props.serviceAccountName !== undefined) {
      this.serviceAccountName = props.serviceAccountName;
    } else {
      const sa = new FastApiObject(this, 'ServiceAccount', {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: namespace ? { namespace } : {},
        automountServiceAccountToken: false,
      } as any);
      this.serviceAccountName = sa.name;
    }

    const isolation = props.networkIsolation ?? NetworkIsolation.defaultDeny();
    this.isolated = isolation._isolated;
    if (isolation._isolated) {
      this.isolation = new PodIsolation(this, 'NetworkPolicy', () => ({ [ADDRESS_LABEL]: this.address }), namespace);
    } else {
      this.apiObject.metadata.addAnnotation(`${OPT_OUT_PREFIX}network-isolation`, isolation._optOut!.reason);
    }

    this.building = true;
    for (const v of props.volumes ?? []) this.addVolume(v);
    for (const c of props.sidecars ?? []) this.addSidecar(c);
    for (const c of props.initContainers ?? []) this.addInitContainer(c);
    for (const c of props.containers ?? []) this.addContainer(c);
    this.building = false;
    this.check();

    this.node.addValidation({ validate: () => this.validateAtSynth() });
  }

  /** Adds an app container; returns its name. */
  public addContainer(container: HardenedContainerProps): string {
    return this.add(this.appContainers, container, 'containers');
  }

  /** Adds an init container (run in order before the app containers); returns its name. */
  public addInitContainer(container: HardenedContainerProps): string {
    return this.add(this.initContainerList, container, 'initContainers');
  }

  /**
   * Adds a sidecar: an init container with `restartPolicy: Always`, started after the init
   * containers added before it and kept running for the life of the pod; returns its name.
   */
  public addSidecar(container: HardenedContainerProps): string {
    return this.add(this.initContainerList, container, 'initContainers', true);
  }

  /** Adds a volume; names must be unique. */
  public addVolume(volume: Volume): void {
    if (this.volumes.some((v) => v.name === volume.name)) {
      this.fail([{ checkId: 'harden/duplicate', field: `volumes[${this.volumes.length}]`, problem: 'already has a volume with this name', got: renderValue(volume.name), allowed: 'a new name', fix: 'Rename the volume' }]);
    }
    this.volumes.push(volume);
    this.touch();
  }

  /**
   * Adds a DRA resource claim to the pod and to the chosen containers
   * (`resources.claims`). Unknown container names are reported at synth.
   *
   * Calling it again with the same `name` and the same claim (or template) adds containers
   * to the same pod claim: one `spec.resourceClaims` entry, and each container's
   * `resources.claims` lists `{name, request}`. That is how one claim's requests are split
   * between containers (e.g. request `small` for one container, `large` for another).
   */
  public addResourceClaim(options: PodResourceClaim): void {
    const vs: Violation[] = [];
    const label = checkDns1123Label('resourceClaims[].name', options.name);
    if (label) vs.push(label);
    const source = checkClaimSource(`resourceClaims[${options.name}]`, options);
    if (source) vs.push(source);
    const same = this.claims.filter((c) => c.name === options.name);
    const other = same.find((c) => c.resourceClaimName !== options.resourceClaimName
      || c.resourceClaimTemplateName !== options.resourceClaimTemplateName);
    if (other) {
      vs.push({
        checkId: 'harden/duplicate',
        field: 'resourceClaims[].name',
        problem: `is already used by the pod for ${claimSourceText(other)}`,
        got: `${renderValue(options.name)} for ${claimSourceText(options)}`,
        allowed: 'a name no other claim of the pod uses',
        fix: `Give this claim another pod claim name; to give more containers ${claimSourceText(other)}, call again with the same name and claim`,
      });
    } else {
      // one container may list a claim once per request (core/v1 validateResourceClaimNames: key name/request)
      const targets = (c: PodResourceClaim) => c.containers ?? this.containerNames;
      for (const prev of same) {
        if ((prev.request ?? '') !== (options.request ?? '')) continue;
        const twice = targets(options).filter((n) => targets(prev).includes(n));
        if (twice.length === 0) continue;
        const what = options.request ? `request ${JSON.stringify(options.request)} of pod claim ${JSON.stringify(options.name)}` : `pod claim ${JSON.stringify(options.name)} (all its requests)`;
        vs.push({
          checkId: 'harden/duplicate',
          field: `resourceClaims[${options.name}].containers`,
          problem: `already gives ${what} to ${twice.length === 1 ? 'this container' : 'these containers'}`,
          got: renderValue(twice),
          allowed: 'containers that do not have it yet',
          fix: 'Drop the repeated call; to split the claim\'s devices between containers, give each container a different request',
        });
        break;
      }
    }
    if (vs.length) this.fail(vs);
    this.claims.push({ ...options, containers: options.containers ? [...options.containers] : undefined });
    this.touch();
  }

  /** Allows ingress from `peer` on `ports` (all ports when omitted) through the pod's NetworkPolicy. */
  public allowFrom(peer: kplus.INetworkPolicyPeer, ports?: kplus.NetworkPolicyPort[]): void {
    this.requireIsolation('allowFrom').allowFrom(peer, ports);
  }

  /** Allows egress to `peer` on `ports` (all ports when omitted) through the pod's NetworkPolicy. */
  public allowTo(peer: kplus.INetworkPolicyPeer, ports?: kplus.NetworkPolicyPort[]): void {
    this.requireIsolation('allowTo').allowTo(peer, ports);
  }

  /** Names of the app containers, in order. */
  public get containerNames(): string[] {
    return this.appContainers.map((c) => c.name);
  }

  /** Names of `spec.initContainers` in order: the init containers and the sidecars. */
  public get initContainerNames(): string[] {
    return this.initContainerList.map((c) => c.name);
  }

  /** Names of the sidecars (init containers with restartPolicy Always), in order. */
  public get sidecarNames(): string[] {
    return this.initContainerList.filter((c) => c.sidecar).map((c) => c.name);
  }

  /** Labels that select this pod (for Services and NetworkPolicies). */
  public get selectorLabels(): Record<string, string> {
    return { [ADDRESS_LABEL]: this.address };
  }

  /**
   * The strictest Pod Security Standards level the rendered pod passes: `restricted`,
   * `baseline` or `privileged`. Anything other than `restricted` comes from an opt-out and
   * is also written to the annotation `haru.cdk8s.io/pod-security-level`.
   */
  public get podSecurityLevel(): PodSecurityLevel {
    return this.render().level as PodSecurityLevel;
  }

  /** @see kplus.IPodSelector.toPodSelectorConfig */
  public toPodSelectorConfig(): kplus.PodSelectorConfig {
    const ns = this.apiObject.metadata.namespace;
    return {
      labelSelector: cdk8sPlus().LabelSelector.of({ labels: this.selectorLabels }),
      namespaces: ns ? { names: [ns] } : undefined,
    };
  }

  /** @see kplus.INetworkPolicyPeer.toNetworkPolicyPeerConfig */
  public toNetworkPolicyPeerConfig(): kplus.NetworkPolicyPeerConfig {
    return { podSelector: this.toPodSelectorConfig() };
  }

  /** @see kplus.INetworkPolicyPeer.toPodSelector */
  public toPodSelector(): kplus.IPodSelector | undefined {
    return this;
  }

  // ---------------------------------------------------------------------------------------

  private requireIsolation(method: string): PodIsolation {
    if (!this.isolation) {
      this.fail([{ checkId: 'harden/network-isolation', field: 'networkIsolation', problem: `${method} needs the pod's NetworkPolicy`, got: 'NetworkIsolation.none(reason)', allowed: 'NetworkIsolation.defaultDeny()', fix: 'Remove the networkIsolation opt-out, or manage network policies yourself' }]);
    }
    return this.isolation;
  }

  private fail(vs: Violation[]): never {
    throw new HaruValidationError(this.node.path, vs);
  }

  /**
   * The eager checks see the spec rendered from the props alone (JSON patches come later), so
   * each problem is reported at the prop the user wrote (`containers[0].privileged`), not at
   * the rendered field (`spec.containers[0].securityContext.privileged`). Fields the library
   * generates itself keep the object path.
   */
  private asProps(vs: readonly Violation[]): Violation[] {
    const init = this.initContainerList.map((c, i) => {
      const kind = c.sidecar ? 'sidecars' : 'initContainers';
      return `${kind}[${this.initContainerList.slice(0, i).filter((o) => o.sidecar === c.sidecar).length}]`;
    });
    return vs.map((v) => {
      const field = propPath(v.field, init);
      return field === v.field ? v : { ...v, field };
    });
  }

  /** Drops the rendered spec and re-renders, so refusals surface at the call that caused them. */
  private touch(): void {
    this.cache = undefined;
    if (!this.building) this.check();
  }

  private add(list: StoredContainer[], props: HardenedContainerProps, kind: string, sidecar = false): string {
    const vs: Violation[] = [];
    // the prop the user wrote: containers[1], initContainers[0], sidecars[0]
    const field = sidecar ? 'sidecars' : kind;
    const at = `${field}[${list.filter((c) => c.sidecar === sidecar).length}]`;
    if (typeof props?.image !== 'string' || props.image.trim() === '') {
      this.fail([{ checkId: 'harden/image', field: `${at}.image`, problem: 'must name an image', got: renderValue(props?.image), allowed: 'an image reference such as nginx:1.27', fix: 'Set image' }]);
    }
    const taken = new Set([...this.appContainers, ...this.initContainerList].map((c) => c.name));
    let name = props.name;
    if (name === undefined) {
      const base = nameFromImage(props.image);
      name = base;
      for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    } else {
      const bad = checkDns1123Label(`${at}.name`, name);
      if (bad) vs.push(bad);
      if (taken.has(name)) vs.push({ checkId: 'harden/duplicate', field: `${at}.name`, problem: 'must be unique across init and app containers', got: renderValue(name), allowed: 'a new name', fix: 'Rename the container' });
    }
    (props.writablePaths ?? []).forEach((wp, i) => {
      if (!isWritablePath(wp)) {
        vs.push({ checkId: 'harden/writable-path', field: `${at}.writablePaths[${i}]`, problem: 'must be an absolute path other than "/" without parent-directory segments or ":"', got: renderValue(wp), allowed: 'e.g. /var/cache/nginx', fix: 'Fix the path' });
      }
    });
    // '' passes the schema (the server would default it) but is never what was meant.
    const pull = enumProblem('harden/enum', `${at}.imagePullPolicy`, 'is not an image pull policy', props.imagePullPolicy, ImagePullPolicy, 'Use an ImagePullPolicy value, or leave it unset (Always)');
    if (pull) vs.push(pull);
    (props.env ?? []).forEach((e, i) => {
      const sources = (['value', 'fieldPath', 'resourceField', 'configMapKey', 'secretKey'] as const).filter((k) => e?.[k] !== undefined);
      if (sources.length > 1) {
        vs.push({ checkId: 'harden/env', field: `${at}.env[${i}]`, problem: 'must set exactly one source', got: renderValue(sources), allowed: 'one of value, fieldPath, resourceField, configMapKey, secretKey', fix: `Keep one source for ${JSON.stringify(e.name)}` });
      }
    });
    (props.envFrom ?? []).forEach((e, i) => {
      if ((e?.configMap === undefined) === (e?.secret === undefined)) {
        vs.push({ checkId: 'harden/env', field: `${at}.envFrom[${i}]`, problem: 'must name exactly one of configMap and secret', got: renderValue({ configMap: e?.configMap, secret: e?.secret }), allowed: 'configMap or secret', fix: 'Split it into one entry per object' });
      }
    });
    (props.ports ?? []).forEach((p, i) => {
      if (typeof p?.number !== 'number') {
        // a JavaScript caller (or a jsii language) may pass the Kubernetes spelling
        const k8s = (p as unknown as Record<string, unknown>)?.containerPort;
        vs.push({
          checkId: 'harden/input',
          field: `${at}.ports[${i}].number`,
          problem: 'must be set to the port number',
          got: renderValue(p?.number),
          allowed: '1-65535',
          fix: k8s !== undefined ? `The prop is number, not the Kubernetes field containerPort: write { number: ${renderValue(k8s)} }` : 'Set number to the port the container listens on',
        });
      }
      const protocol = enumProblem('harden/enum', `${at}.ports[${i}].protocol`, 'is not a protocol', p?.protocol, Protocol, 'Use a Protocol value, or leave it unset (TCP)');
      if (protocol) vs.push(protocol);
    });
    if (vs.length) this.fail(vs);
    list.push({ props, name, sidecar });
    this.touch();
    return name;
  }

  /**
   * Renders and throws on refusals and on what the API server would reject (schema and pod
   * rules), eagerly in the constructor and add methods; the final object (after JSON
   * patches) is checked again, with Pod Security Standards, when it is serialised.
   */
  private check(): void {
    const { spec } = this.render();
    // No app container yet is harden/containers at synth (containers may still be added).
    const vs = failing(this, checkObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: this.apiObject.name }, spec })).filter((v) => v.checkId !== 'pod/containers');
    if (vs.length) this.fail(this.asProps(vs));
    this.checked = this.cache;
  }

  private render(): { spec: any; optOuts: Record<string, string>; level: string } {
    if (this.cache) return this.cache;
    const spec: any = {
      automountServiceAccountToken: false,
      serviceAccountName: this.serviceAccountName,
      restartPolicy: this.restartPolicy,
    };
    if (this.props.hostNetwork) spec.hostNetwork = true;
    if (this.props.hostPid) spec.hostPID = true;
    if (this.props.hostIpc) spec.hostIPC = true;
    if (this.props.nodeSelector) spec.nodeSelector = { ...this.props.nodeSelector };
    if (this.props.tolerations?.length) spec.tolerations = this.props.tolerations.map(renderToleration);
    if (this.props.imagePullSecrets?.length) spec.imagePullSecrets = this.props.imagePullSecrets.map((name) => ({ name }));
    if (this.props.priorityClassName !== undefined) spec.priorityClassName = this.props.priorityClassName;
    if (this.props.terminationGracePeriodSeconds !== undefined) spec.terminationGracePeriodSeconds = this.props.terminationGracePeriodSeconds;
    Object.assign(spec, renderPlacement(this.props, this.selectorLabels));
    if (this.initContainerList.length) spec.initContainers = this.initContainerList.map((c) => this.renderContainer(c));
    spec.containers = this.appContainers.map((c) => this.renderContainer(c));
    if (this.volumes.length) spec.volumes = this.volumes.map((v) => v._toJson());
    if (this.claims.length) {
      const seen = new Set<string>();
      spec.resourceClaims = this.claims.filter((c) => !seen.has(c.name) && seen.add(c.name)).map((c) => (c.resourceClaimName
        ? { name: c.name, resourceClaimName: c.resourceClaimName }
        : { name: c.name, resourceClaimTemplateName: c.resourceClaimTemplateName }));
    }
    const result = hardenPodSpec(spec, 'spec', this.hardening, this.extrasFor());
    const refused = [...result.violations, ...podSpecProfileViolations(this.profile, spec, 'spec')];
    if (refused.length) this.fail(this.asProps(refused));
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec };
    const level = podSecurityLevelOf(pod);
    for (const [k, reason] of Object.entries(result.optOuts)) this.apiObject.metadata.addAnnotation(`${OPT_OUT_PREFIX}${k}`, reason);
    if (level !== 'restricted') this.apiObject.metadata.addAnnotation(PSS_LEVEL_ANNOTATION, level);
    this.cache = { spec, optOuts: result.optOuts, level };
    return this.cache;
  }

  /** The per-container extras (capability grants, writable paths) of the typed containers. */
  private extrasFor(): (name: string) => ContainerExtras | undefined {
    const extras = new Map<string, ContainerExtras>();
    for (const c of [...this.appContainers, ...this.initContainerList]) {
      extras.set(c.name, { capabilities: c.props.capabilities, writablePaths: c.props.writablePaths });
    }
    return (n) => extras.get(n);
  }

  private renderContainer(c: StoredContainer): any {
    const p = c.props;
    const out: any = { name: c.name, image: p.image, imagePullPolicy: p.imagePullPolicy ?? ImagePullPolicy.ALWAYS };
    if (c.sidecar) out.restartPolicy = 'Always';
    if (p.command) out.command = [...p.command];
    if (p.args) out.args = [...p.args];
    if (p.workingDir) out.workingDir = p.workingDir;
    if (p.env?.length) out.env = p.env.map(renderEnv);
    if (p.envFrom?.length) out.envFrom = p.envFrom.map(renderEnvFrom);
    if (p.ports?.length) out.ports = p.ports.map(renderPort);
    if (p.volumeMounts?.length) {
      out.volumeMounts = p.volumeMounts.map((m) => {
        const mount: any = { name: m.volume, mountPath: m.mountPath };
        if (m.readOnly) mount.readOnly = true;
        if (m.subPath) mount.subPath = m.subPath;
        return mount;
      });
    }
    const res = renderResources(p.resources);
    const keys = new Set<string>();
    const claims = this.claims.filter((cl) => (cl.containers ? cl.containers.includes(c.name) : this.appContainers.includes(c)))
      .filter((cl) => !keys.has(`${cl.name}/${cl.request ?? ''}`) && keys.add(`${cl.name}/${cl.request ?? ''}`))
      .map((cl) => (cl.request ? { name: cl.name, request: cl.request } : { name: cl.name }));
    if (claims.length) res.claims = claims;
    out.resources = res;
    if (p.readiness) out.readinessProbe = p.readiness._toJson();
    if (p.liveness) out.livenessProbe = p.liveness._toJson();
    if (p.startup) out.startupProbe = p.startup._toJson();
    out.securityContext = p.privileged ? { privileged: true } : {};
    return out;
  }

  private validateAtSynth(): string[] {
    const errors: string[] = [];
    if (this.appContainers.length === 0) errors.push('[harden/containers] containers: a pod needs at least one app container (got none; allowed: one or more containers). Pass containers or call addContainer().');
    const known = new Set([...this.appContainers, ...this.initContainerList].map((c) => c.name));
    for (const cl of this.claims) {
      for (const n of cl.containers ?? []) {
        if (!known.has(n)) errors.push(`[harden/resource-claim] resourceClaims[${cl.name}].containers: names no container of the pod (got ${JSON.stringify(n)}; allowed: ${[...known].join(', ') || 'none'}). Add the container first or fix the name.`);
      }
    }
    return errors;
  }

  /**
   * Runs on the final object (after JSON patches) every time it is serialised. When the spec
   * is exactly the render that passed the eager check (`pristine`: no JSON patch, plain data),
   * the schema and pod rules only need to see the metadata, which can still change after
   * construction; Pod Security Standards always see the whole object.
   */
  private checkRendered(obj: any, pristine: boolean): void {
    const cache = this.cache;
    const specChecked = pristine && cache !== undefined && this.checked === cache;
    // a spec that may differ from the checked render (JSON patches, transforms) is hardened
    // again, with the locks and opt-out bookkeeping, before the schema and PSS checks
    const hardening = specChecked ? [] : [...recheckHardening(obj, this.hardening, this.extrasFor()), ...podSpecProfileViolations(this.profile, obj.spec ?? {}, 'spec')];
    const vs = [...hardening, ...failing(this, specChecked
      ? checkObject({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata })
      : checkObject(obj)).filter((v) => v.checkId !== 'pod/containers')]; // reported as harden/containers
    // a spec that passed restricted at render keeps passing unless the metadata adds what PSS reads
    if (!(specChecked && cache.level === 'restricted' && !metadataAffectsPodSecurity(obj.metadata))) {
      vs.push(...unexplainedPodSecurityViolations(obj, 'restricted'));
    }
    if (vs.length) throw new HaruValidationError(this.node.path, vs);
  }
}

/**
 * The Pod object of a HardenedPod: every serialisation (after JSON patches) runs the schema,
 * pod and Pod Security Standards checks, so a patch cannot slip past them and synth pays
 * for one serialisation only.
 */
class CheckedApiObject extends FastApiObject {
  private finalCheckInstalled = false;

  constructor(scope: Construct, id: string, props: ApiObjectProps, private readonly onJson: (json: any, pristine: boolean) => void) {
    super(scope, id, props);
  }

  public toJson(): any {
    const { json, pristine } = this.render();
    if (hasRenderHooks(this)) {
      // render hooks apply transforms and patches after this method returns: check the
      // object they produce (final checks run after the patches)
      if (!this.finalCheckInstalled) {
        renderHooks(this).finalChecks.push((final) => this.onJson(final, false));
        this.finalCheckInstalled = true;
      }
      return json;
    }
    this.onJson(json, pristine);
    return json;
  }
}

/**
 * A set value that is not one of `values` (a TypeScript enum), for props jsii types as enums
 * but JavaScript callers can fill with anything; undefined means unset and passes.
 */
function enumProblem(
  checkId: string, field: string, problem: string, got: unknown, values: Record<string, string>, fix: string,
): Violation | undefined {
  const allowed = Object.values(values);
  if (got === undefined || allowed.includes(got as string)) return undefined;
  return { checkId, field, problem, got: renderValue(got), allowed: allowed.join(', '), fix };
}

/** Props-only checks of the scheduling props (the rendered fields are checked by lib/check). */
function schedulingInputProblems(props: HardenedPodProps): Violation[] {
  const out: Violation[] = [];
  (props.tolerations ?? []).forEach((t, i) => {
    for (const x of [
      enumProblem('harden/enum', `tolerations[${i}].operator`, 'is not a toleration operator', t?.operator, TolerationOperator, 'Use TolerationOperator.EQUAL or EXISTS'),
      enumProblem('harden/enum', `tolerations[${i}].effect`, 'is not a taint effect', t?.effect, TaintEffect, 'Use a TaintEffect value, or leave it unset to tolerate every effect'),
    ]) if (x) out.push(x);
  });
  const dns = enumProblem('harden/enum', 'dnsPolicy', 'is not a DNS policy', props.dnsPolicy, DnsPolicy, 'Use a DnsPolicy value, or leave it unset');
  if (dns) out.push(dns);
  if (props.hostNetwork && props.dnsPolicy === DnsPolicy.CLUSTER_FIRST) {
    out.push({
      checkId: 'harden/dns-policy',
      field: 'dnsPolicy',
      problem: 'ClusterFirst on the host network gives the pod the node\'s resolver, not cluster DNS',
      got: renderValue(props.dnsPolicy),
      allowed: 'ClusterFirstWithHostNet, Default, None',
      fix: 'Use DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET, or leave dnsPolicy unset (the default with hostNetwork)',
    });
  }
  (props.nodeAffinity ?? []).forEach((r, i) => {
    const x = enumProblem('harden/enum', `nodeAffinity[${i}].operator`, 'is not a node selector operator', r?.operator, NodeSelectorOperator, 'Use a NodeSelectorOperator value');
    if (x) out.push(x);
  });
  (props.topologySpreadConstraints ?? []).forEach((t, i) => {
    const x = enumProblem('harden/enum', `topologySpreadConstraints[${i}].whenUnsatisfiable`, 'is not a WhenUnsatisfiable value', t?.whenUnsatisfiable, WhenUnsatisfiable, 'Use WhenUnsatisfiable.DO_NOT_SCHEDULE or SCHEDULE_ANYWAY');
    if (x) out.push(x);
  });
  const grace = props.terminationGracePeriodSeconds;
  if (grace !== undefined && !(Number.isSafeInteger(grace) && grace >= 0)) {
    out.push({ checkId: 'harden/input', field: 'terminationGracePeriodSeconds', problem: 'must be a whole number of seconds, 0 or more', got: renderValue(grace), allowed: '0, 1, 2, ...', fix: 'Use e.g. 30, or leave it unset' });
  }
  (props.imagePullSecrets ?? []).forEach((name, i) => {
    const bad = checkDns1123Subdomain(`imagePullSecrets[${i}]`, name);
    if (bad) out.push({ ...bad, checkId: 'harden/input', fix: 'Name a Secret of type kubernetes.io/dockerconfigjson in the pod\'s namespace' });
  });
  return out;
}

/** dnsPolicy, dnsConfig, sysctls, hostAliases, affinity and topology spread of the props. */
function renderPlacement(p: HardenedPodProps, selector: Record<string, string>): Record<string, unknown> {
  const out: Record<string, any> = {};
  const dns = p.dnsPolicy ?? (p.hostNetwork ? DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET : undefined);
  if (dns !== undefined) out.dnsPolicy = dns;
  if (p.dnsConfig) {
    const c: Record<string, unknown> = {};
    if (p.dnsConfig.nameservers) c.nameservers = [...p.dnsConfig.nameservers];
    if (p.dnsConfig.searches) c.searches = [...p.dnsConfig.searches];
    out.dnsConfig = c;
  }
  if (p.sysctls?.length) out.securityContext = { sysctls: p.sysctls.map((s) => ({ name: s?.name, value: s?.value })) };
  if (p.hostAliases?.length) out.hostAliases = p.hostAliases.map((a) => ({ ip: a?.ip, hostnames: [...(a?.hostnames ?? [])] }));
  const affinity: Record<string, any> = {};
  const node = p.nodeAffinity ?? [];
  if (node.length) {
    const expr = (r: NodeAffinityRule) => (r.values === undefined
      ? { key: r.key, operator: r.operator }
      : { key: r.key, operator: r.operator, values: [...r.values] });
    const required = node.filter((r) => r.weight === undefined);
    const preferred = node.filter((r) => r.weight !== undefined);
    const na: Record<string, unknown> = {};
    if (required.length) na.requiredDuringSchedulingIgnoredDuringExecution = { nodeSelectorTerms: [{ matchExpressions: required.map(expr) }] };
    if (preferred.length) {
      na.preferredDuringSchedulingIgnoredDuringExecution = preferred.map((r) => ({ weight: r.weight, preference: { matchExpressions: [expr(r)] } }));
    }
    affinity.nodeAffinity = na;
  }
  for (const [key, rules] of [['podAffinity', p.podAffinity], ['podAntiAffinity', p.podAntiAffinity]] as const) {
    if (!rules?.length) continue;
    const term = (r: PodAffinityRule) => {
      const t: Record<string, unknown> = { labelSelector: { matchLabels: { ...r.labels } }, topologyKey: r.topologyKey };
      if (r.namespaces) t.namespaces = [...r.namespaces];
      return t;
    };
    const a: Record<string, unknown> = {};
    const required = rules.filter((r) => r.weight === undefined);
    const preferred = rules.filter((r) => r.weight !== undefined);
    if (required.length) a.requiredDuringSchedulingIgnoredDuringExecution = required.map(term);
    if (preferred.length) a.preferredDuringSchedulingIgnoredDuringExecution = preferred.map((r) => ({ weight: r.weight, podAffinityTerm: term(r) }));
    affinity[key] = a;
  }
  if (Object.keys(affinity).length) out.affinity = affinity;
  if (p.topologySpreadConstraints?.length) {
    out.topologySpreadConstraints = p.topologySpreadConstraints.map((t) => {
      const c: Record<string, unknown> = {
        maxSkew: t.maxSkew ?? 1,
        topologyKey: t.topologyKey,
        whenUnsatisfiable: t.whenUnsatisfiable ?? WhenUnsatisfiable.DO_NOT_SCHEDULE,
        labelSelector: { matchLabels: { ...(t.labels ?? selector) } },
      };
      if (t.minDomains !== undefined) c.minDomains = t.minDomains;
      return c;
    });
  }
  return out;
}

function renderToleration(t: Toleration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (t.key !== undefined) out.key = t.key;
  if (t.operator !== undefined) out.operator = t.operator;
  if (t.value !== undefined) out.value = t.value;
  if (t.effect !== undefined) out.effect = t.effect;
  if (t.tolerationSeconds !== undefined) out.tolerationSeconds = t.tolerationSeconds;
  return out;
}

function keyRef(k: KeySelector): any {
  return k.optional ? { name: k.name, key: k.key, optional: true } : { name: k.name, key: k.key };
}

function renderEnv(e: EnvVar): any {
  if (e.fieldPath !== undefined) return { name: e.name, valueFrom: { fieldRef: { fieldPath: e.fieldPath } } };
  if (e.resourceField !== undefined) return { name: e.name, valueFrom: { resourceFieldRef: { resource: e.resourceField } } };
  if (e.configMapKey !== undefined) return { name: e.name, valueFrom: { configMapKeyRef: keyRef(e.configMapKey) } };
  if (e.secretKey !== undefined) return { name: e.name, valueFrom: { secretKeyRef: keyRef(e.secretKey) } };
  return { name: e.name, value: e.value ?? '' };
}

function renderEnvFrom(e: EnvFrom): any {
  const ref = { name: e.configMap ?? e.secret, ...(e.optional ? { optional: true } : {}) };
  const out: any = e.configMap !== undefined ? { configMapRef: ref } : { secretRef: ref };
  if (e.prefix !== undefined) out.prefix = e.prefix;
  return out;
}

/** Rendered container field → the HardenedContainerProps key it comes from (undefined: generated). */
const CONTAINER_FIELDS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^$/, () => ''],
  [/^\.(image|name|imagePullPolicy|workingDir)$/, (m) => `.${m[1]}`],
  [/^\.(command|args)(\[\d+\])?$/, (m) => `.${m[1]}${m[2] ?? ''}`],
  [/^\.env\[(\d+)\]\.valueFrom\.(secretKey|configMapKey|field|resourceField)Ref/, (m) => `.env[${m[1]}].${m[2] === 'field' ? 'fieldPath' : m[2]}`],
  [/^\.envFrom\[(\d+)\]\.(secret|configMap)Ref/, (m) => `.envFrom[${m[1]}].${m[2]}`],
  [/^\.(env|envFrom)\[(\d+)\]/, (m) => `.${m[1]}[${m[2]}]`],
  [/^\.securityContext\.privileged$/, () => '.privileged'],
  [/^\.ports\[(\d+)\]\.containerPort$/, (m) => `.ports[${m[1]}].number`],
  [/^\.ports\[(\d+)\](\.(?:name|protocol|hostPort))?$/, (m) => `.ports[${m[1]}]${m[2] ?? ''}`],
  [/^\.volumeMounts\[(\d+)\]\.name$/, (m) => `.volumeMounts[${m[1]}].volume`],
  [/^\.volumeMounts\[(\d+)\](\.(?:mountPath|subPath|readOnly))?$/, (m) => `.volumeMounts[${m[1]}]${m[2] ?? ''}`],
  [/^\.(liveness|readiness|startup)Probe((?:\.\w+)*)$/, (m) => `.${m[1]}${m[2]}`],
  [/^\.resources\.(requests|limits)(?:\.|\[")(cpu|memory|ephemeral-storage)(?:"\])?$/, (m) => {
    const base = m[2] === 'ephemeral-storage' ? 'ephemeralStorage' : m[2];
    return `.resources.${base}${m[1] === 'requests' ? 'Request' : 'Limit'}`;
  }],
];

/** Pod-level rendered fields → the HardenedPodProps key (undefined: generated). */
const POD_FIELDS: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^spec\.containers$/, () => 'containers'],
  [/^spec\.hostNetwork$/, () => 'hostNetwork'],
  [/^spec\.hostPID$/, () => 'hostPid'],
  [/^spec\.hostIPC$/, () => 'hostIpc'],
  [/^spec\.(dnsPolicy|priorityClassName|terminationGracePeriodSeconds|nodeSelector)$/, (m) => m[1]],
  [/^spec\.imagePullSecrets\[(\d+)\]/, (m) => `imagePullSecrets[${m[1]}]`],
  [/^spec\.(tolerations|hostAliases|topologySpreadConstraints)\[(\d+)\]((?:\.\w+|\[\d+\])*)$/, (m) => `${m[1]}[${m[2]}]${m[3]}`],
  // a Volume comes from a factory: name the volume, and the option when the field is nested
  // (Volume.serviceAccountToken(name, { expirationSeconds }) → volumes[0].expirationSeconds)
  [/^spec\.volumes\[(\d+)\](?:\.\w+(?:\[\d+\])?)*?(?:\.\w+(?:\[\d+\])?(\.\w+))?$/, (m) => `volumes[${m[1]}]${m[2] ?? ''}`],
  [/^spec\.securityContext\.sysctls\[(\d+)\](\.(?:name|value))?$/, (m) => `sysctls[${m[1]}]${m[2] ?? ''}`],
];

/**
 * The prop path of a field of the spec rendered from HardenedPodProps, or the field itself
 * when the library generated it. `init` names each `spec.initContainers` entry by its prop
 * list (`sidecars[0]`, `initContainers[1]`).
 */
function propPath(field: string, init: readonly string[]): string {
  const c = /^spec\.(containers|initContainers)\[(\d+)\](.*)$/.exec(field);
  if (c) {
    const prefix = c[1] === 'containers' ? `containers[${c[2]}]` : init[Number(c[2])];
    if (prefix === undefined) return field;
    for (const [re, to] of CONTAINER_FIELDS) {
      const m = re.exec(c[3]);
      if (m) return prefix + to(m);
    }
    return field;
  }
  for (const [re, to] of POD_FIELDS) {
    const m = re.exec(field);
    if (m) return to(m);
  }
  return field;
}

function renderPort(p: ContainerPort): any {
  const out: any = { containerPort: p.number };
  if (p.name) out.name = p.name;
  out.protocol = p.protocol ?? Protocol.TCP;
  if (p.hostPort !== undefined) out.hostPort = p.hostPort;
  return out;
}

function renderResources(r?: ContainerResources): any {
  const requests: any = {};
  const limits: any = {};
  if (r?.cpuRequest) requests.cpu = r.cpuRequest;
  if (r?.memoryRequest) requests.memory = r.memoryRequest;
  if (r?.ephemeralStorageRequest) requests['ephemeral-storage'] = r.ephemeralStorageRequest;
  if (r?.cpuLimit) limits.cpu = r.cpuLimit;
  if (r?.memoryLimit) limits.memory = r.memoryLimit;
  if (r?.ephemeralStorageLimit) limits['ephemeral-storage'] = r.ephemeralStorageLimit;
  return { requests, limits };
}
