/**
 * An admission operation a mutating policy can match. DELETE is deliberately absent: the API
 * server refuses it for mutating policies (there is nothing left to mutate).
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/
 */
export enum AdmissionOperation {
  /** Object creation. */
  CREATE = 'CREATE',
  /** Object update (for Pods most of `spec` is immutable on update). */
  UPDATE = 'UPDATE',
  /** Connect requests (exec, attach, port-forward, proxy subresources). */
  CONNECT = 'CONNECT',
  /** `*`: CREATE, UPDATE and CONNECT. */
  ALL = '*',
}
