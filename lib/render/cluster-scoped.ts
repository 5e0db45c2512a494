import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * Keeps `metadata.namespace` off a cluster-scoped object. cdk8s gives every ApiObject its
 * chart's namespace; the API server ignores it on a cluster-scoped kind, so the manifest
 * never matches the live object and GitOps tools show a permanent diff.
 */
export function clusterScoped(api: ApiObject): void {
  const md = api.metadata as unknown as { namespace?: string };
  if (md.namespace === undefined) return;
  try {
    md.namespace = undefined;
  } catch {
    // a cdk8s version whose metadata field is not writable: remove it from the output
    api.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}
