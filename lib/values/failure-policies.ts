// What happens when a policy or an authorizer fails: the two failure modes a HardeningProfile can set.

/** What happens when a policy's expression errors or cannot be evaluated. */
export enum FailurePolicy {
  /** The request is rejected (secure: a broken policy cannot be bypassed). */
  FAIL = 'Fail',
  /** The error is ignored and the request continues unmutated. */
  IGNORE = 'Ignore',
}

/**
 * What kube-apiserver does when an authorization webhook cannot be reached or errors.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#using-configuration-file-for-authorization
 */
export enum WebhookFailurePolicy {
  /** Treat the failure as "no opinion": the next authorizer decides (the request is denied if none allows it). */
  NO_OPINION = 'NoOpinion',
  /** Deny the request at once; later authorizers are not asked. */
  DENY = 'Deny',
}
