/** How a toleration matches a taint's value. */
export enum TolerationOperator {
  /** The taint has this key and value. */
  EQUAL = 'Equal',
  /** The taint has this key, whatever its value (or any taint, when the key is empty). */
  EXISTS = 'Exists',
}

/** What a taint does to pods that do not tolerate it. */
export enum TaintEffect {
  /** New pods are not scheduled onto the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted, too. */
  NO_EXECUTE = 'NoExecute',
}

/**
 * A toleration of node taints (`spec.tolerations[]`), e.g. for GPU nodes tainted
 * `nvidia.com/gpu:NoSchedule`.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export interface Toleration {
  /** Taint key. @default - every key (only with TolerationOperator.EXISTS) */
  readonly key?: string;
  /** How the value is matched. @default TolerationOperator.EQUAL */
  readonly operator?: TolerationOperator;
  /** Taint value (only with EQUAL). @default '' */
  readonly value?: string;
  /** Taint effect to tolerate. @default - every effect */
  readonly effect?: TaintEffect;
  /**
   * Seconds the pod stays on a node after a NoExecute taint appears (only with
   * TaintEffect.NO_EXECUTE).
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/**
 * How the pod's DNS is set up (`spec.dnsPolicy`).
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy
 */
export enum DnsPolicy {
  /** Cluster DNS first, then the node's upstream servers (the API server default). */
  CLUSTER_FIRST = 'ClusterFirst',
  /** Cluster DNS for a pod on the host network (without it such a pod gets the node's resolver). */
  CLUSTER_FIRST_WITH_HOST_NET = 'ClusterFirstWithHostNet',
  /** The node's resolver configuration. */
  DEFAULT = 'Default',
  /** Only what `dnsConfig` gives (at least one nameserver). */
  NONE = 'None',
}

/** Extra resolver settings (`spec.dnsConfig`). */
export interface PodDnsConfig {
  /** Nameserver IP addresses, at most 3. @default - none */
  readonly nameservers?: string[];
  /** Search domains, at most 32. @default - none */
  readonly searches?: string[];
}

/**
 * A namespaced kernel parameter (`spec.securityContext.sysctls[]`). Only the set Pod
 * Security Standards baseline allows is accepted without `allowUnsafeSysctls`.
 * @see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
 */
export interface Sysctl {
  /** The sysctl, e.g. `net.ipv4.ip_unprivileged_port_start`. */
  readonly name: string;
  /** Its value. */
  readonly value: string;
}

/** An `/etc/hosts` entry of the pod (`spec.hostAliases[]`). */
export interface HostAlias {
  /** The IP address. */
  readonly ip: string;
  /** Host names for the address (DNS-1123 subdomains). */
  readonly hostnames: string[];
}

/** Operators of a node selector requirement. */
export enum NodeSelectorOperator {
  /** The label value is one of `values`. */
  IN = 'In',
  /** The label value is none of `values`. */
  NOT_IN = 'NotIn',
  /** The label exists. */
  EXISTS = 'Exists',
  /** The label does not exist. */
  DOES_NOT_EXIST = 'DoesNotExist',
  /** The label value, an integer, is greater than the single value. */
  GT = 'Gt',
  /** The label value, an integer, is less than the single value. */
  LT = 'Lt',
}

/**
 * One node affinity requirement. Without `weight` it is required (all required rules go
 * into one node selector term); with a weight it is preferred.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export interface NodeAffinityRule {
  /** Node label key. */
  readonly key: string;
  /** Operator. */
  readonly operator: NodeSelectorOperator;
  /** Values (none for EXISTS and DOES_NOT_EXIST, one integer for GT and LT). @default - none */
  readonly values?: string[];
  /** Make the rule preferred with this weight (1-100). @default - required */
  readonly weight?: number;
}

/**
 * Pod (anti-)affinity: co-locate with, or keep away from, pods with `labels` in the same
 * `topologyKey` domain. Without `weight` it is required; with a weight it is preferred.
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export interface PodAffinityRule {
  /** Labels of the other pods (`labelSelector.matchLabels`). */
  readonly labels: { [key: string]: string };
  /** Node label that defines the domain, e.g. `kubernetes.io/hostname`. */
  readonly topologyKey: string;
  /** Namespaces of the other pods. @default - the pod's namespace */
  readonly namespaces?: string[];
  /** Make the rule preferred with this weight (1-100). @default - required */
  readonly weight?: number;
}

/** What the scheduler does when a spread constraint cannot be met. */
export enum WhenUnsatisfiable {
  /** Do not schedule the pod. */
  DO_NOT_SCHEDULE = 'DoNotSchedule',
  /** Schedule it anyway, preferring nodes that reduce the skew. */
  SCHEDULE_ANYWAY = 'ScheduleAnyway',
}

/**
 * Spread the pods with the given labels evenly over the domains of `topologyKey`
 * (`spec.topologySpreadConstraints[]`).
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export interface TopologySpread {
  /** Node label that defines the domain, e.g. `topology.kubernetes.io/zone`. */
  readonly topologyKey: string;
  /** Largest allowed difference in matching pods between two domains (1 or more). @default 1 */
  readonly maxSkew?: number;
  /** What to do when the constraint cannot be met. @default WhenUnsatisfiable.DO_NOT_SCHEDULE */
  readonly whenUnsatisfiable?: WhenUnsatisfiable;
  /** Labels of the pods to count. @default - the pod's own selector labels */
  readonly labels?: { [key: string]: string };
  /** Minimum number of eligible domains (only with DO_NOT_SCHEDULE). @default - none */
  readonly minDomains?: number;
}
