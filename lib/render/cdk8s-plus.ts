import type * as kplusTypes from 'cdk8s-plus-33';

let loaded: typeof kplusTypes | undefined;

/**
 * cdk8s-plus-33, loaded on first use. Modules that only mention its types import them with
 * `import type`; the few that need its classes at run time (an `instanceof` check on a
 * workload the user passed, a LabelSelector for a cdk8s-plus NetworkPolicy) call this, so
 * `require('cdk8s-haru')` does not load cdk8s-plus-33 for programs that never use it.
 * Node's module cache makes this the very module the caller's workloads come from, so
 * `instanceof` keeps working.
 */
export function cdk8sPlus(): typeof kplusTypes {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('cdk8s-plus-33') as typeof kplusTypes);
}
