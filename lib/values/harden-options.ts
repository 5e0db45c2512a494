import { AppArmorProfile, CapabilityGrant, ContainerResources, OptOut, RunAs, SeccompProfile, UserNamespace } from './pod';

/**
 * The hardening applied to a pod spec, shared by `HardenedPod` and
 * `WorkloadHardening.apply` (cdk8s-plus workloads). Every field has a secure default and
 * each relaxation is an explicit {@link OptOut} recorded on the object. `runAs`,
 * `userNamespace`, `seccompProfile`, `appArmorProfile` and `defaultResources` left unset take
 * the nearest HardeningProfile's value before the library default.
 */
export interface HardeningOptions {
  /**
   * User and group of the pod's processes.
   * @default RunAs.user(65532, 65532) — runAsNonRoot true, runAsUser/runAsGroup/fsGroup 65532
   */
  readonly runAs?: RunAs;
  /**
   * Whether the pod gets its own user namespace.
   * @default UserNamespace.own() — `hostUsers: false`
   */
  readonly userNamespace?: UserNamespace;
  /**
   * Pod-level seccomp profile.
   * @default SeccompProfile.runtimeDefault()
   */
  readonly seccompProfile?: SeccompProfile;
  /**
   * Pod-level AppArmor profile (the field, not the deprecated annotation).
   * @default AppArmorProfile.runtimeDefault()
   */
  readonly appArmorProfile?: AppArmorProfile;
  /**
   * Absolute paths that get an `emptyDir` mounted in every init and app container, so
   * that images run with a read-only root filesystem. nginx needs
   * `['/tmp', '/var/cache/nginx', '/var/run']`.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * `sizeLimit` of each writable-path `emptyDir`.
   * @default '64Mi'
   */
  readonly writablePathSizeLimit?: string;
  /**
   * Requests and limits given to containers that do not set them (per resource).
   * @default - cpu 100m/500m, memory 256Mi/256Mi, ephemeral-storage 128Mi/512Mi (request/limit)
   */
  readonly defaultResources?: ContainerResources;
  /**
   * Capabilities added to every container after `drop: [ALL]`.
   * @default - none
   */
  readonly addCapabilities?: CapabilityGrant;
  /**
   * Allow containers that ask for `privileged: true`. Recorded as `privileged`. A privileged
   * container always can escalate, and the API server refuses `allowPrivilegeEscalation: false`
   * beside `privileged: true`, so it is left unset there and `privilege-escalation` is
   * recorded with the same reason.
   * @default - privileged containers are refused
   */
  readonly allowPrivileged?: OptOut;
  /**
   * Do not force `allowPrivilegeEscalation: false`. Recorded as `privilege-escalation`.
   * @default - every container gets allowPrivilegeEscalation false
   */
  readonly allowPrivilegeEscalation?: OptOut;
  /**
   * Do not force `readOnlyRootFilesystem: true`. Recorded as `read-only-root-filesystem`.
   * @default - every container gets readOnlyRootFilesystem true
   */
  readonly writableRootFilesystem?: OptOut;
  /**
   * Allow `hostPath` volumes. Recorded as `host-path`.
   * @default - hostPath volumes are refused
   */
  readonly allowHostPath?: OptOut;
  /**
   * Allow container `hostPort`s. Recorded as `host-ports`.
   * @default - host ports are refused
   */
  readonly allowHostPorts?: OptOut;
  /**
   * Allow hostNetwork, hostPID and hostIPC (only with `UserNamespace.host(reason)`: the API
   * server forbids them with `hostUsers: false`). Recorded as `host-namespaces`.
   * @default - host namespaces are refused
   */
  readonly allowHostNamespaces?: OptOut;
  /**
   * Mount the ServiceAccount token (`automountServiceAccountToken: true`). Recorded as
   * `service-account-token`.
   * @default - automountServiceAccountToken false
   */
  readonly mountServiceAccountToken?: OptOut;
  /**
   * Allow Secret values in environment variables (`env[].valueFrom.secretKeyRef`,
   * `envFrom[].secretRef`). Environment variables leak into crash dumps, child processes
   * and `kubectl describe`-style tooling, and kubesec (SecretsAsEnvironmentVariables) and
   * Checkov (CKV_K8S_35) flag them; mount the Secret as a volume instead
   * (`Volume.secret`). Recorded as `secret-env`.
   * @default - Secret values in the environment are refused
   */
  readonly allowSecretsInEnv?: OptOut;
  /**
   * Allow sysctls outside the set Pod Security Standards baseline allows (policy v1.36:
   * kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start,
   * net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports,
   * net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl,
   * net.ipv4.tcp_keepalive_probes, net.ipv4.tcp_rmem, net.ipv4.tcp_wmem). The kubelet must
   * also allow them (`--allowed-unsafe-sysctls`). Recorded as `unsafe-sysctls`.
   * @default - only the safe sysctls
   */
  readonly allowUnsafeSysctls?: OptOut;
}
