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
  readonly tolerationOperator?: TolerationOperator;
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
