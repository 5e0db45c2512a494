/**
 * Finds the pod specs inside any manifest, with their field paths, so that every pod rule
 * (Pod Security Standards, pod server rules, DRA wiring, admission presets, the CLI) walks
 * the same places. Pure functions over plain objects; never throws on malformed input.
 */
import { joinPath } from '../base/errors';
import { isObject } from '../base/validators';

/** A pod spec found inside a manifest. */
export interface PodSpecLocation {
  /** The pod spec object (`Pod.spec` or a template's `spec`). */
  readonly spec: any;
  /** Field path of `spec` inside the manifest, e.g. `spec.template.spec`. */
  readonly path: string;
  /** The metadata that goes with the spec (pod metadata or template metadata), if any. */
  readonly metadata?: any;
  /** Field path of `metadata`, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
}

/** One container of a pod spec, from any of the three lists. */
export interface ContainerLocation {
  /** The container object. */
  readonly container: any;
  /** Field path of the container, e.g. `spec.initContainers[0]`. */
  readonly path: string;
  /** Which list the container is in. */
  readonly list: ContainerListName;
  /** Index inside its list. */
  readonly index: number;
}

/** The three container lists of a pod spec, in the order the kubelet starts them. */
export type ContainerListName = 'initContainers' | 'containers' | 'ephemeralContainers';

/** The container lists, in a fixed order. */
export const CONTAINER_LISTS: readonly ContainerListName[] = ['initContainers', 'containers', 'ephemeralContainers'];


/** Where the pod template lives, per `apiVersion/kind` (path segments under the object). */
const TEMPLATE_PATHS: Record<string, readonly string[]> = {
  'v1/Pod': [],
  'v1/PodTemplate': ['template'],
  'v1/ReplicationController': ['spec', 'template'],
  'apps/v1/Deployment': ['spec', 'template'],
  'apps/v1/StatefulSet': ['spec', 'template'],
  'apps/v1/DaemonSet': ['spec', 'template'],
  'apps/v1/ReplicaSet': ['spec', 'template'],
  'batch/v1/Job': ['spec', 'template'],
  'batch/v1/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The `apiVersion/kind` keys whose objects carry a pod spec. */
export const POD_SPEC_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

/** True when `apiVersion`/`kind` is a kind that carries a pod spec. */
export function hasPodSpec(obj: unknown): boolean {
  return isObject(obj) && `${obj.apiVersion}/${obj.kind}` in TEMPLATE_PATHS;
}

/**
 * Every pod spec in `obj` with its path: `spec` of a Pod, `template.spec` of a PodTemplate,
 * `spec.template.spec` of ReplicationController, Deployment, StatefulSet, DaemonSet,
 * ReplicaSet and Job, `spec.jobTemplate.spec.template.spec` of a CronJob. Objects of other
 * kinds, and pod specs that are missing or not objects, give an empty list.
 */
export function podSpecsOf(obj: unknown): PodSpecLocation[] {
  if (!isObject(obj)) return [];
  const segments = TEMPLATE_PATHS[`${obj.apiVersion}/${obj.kind}`];
  if (!segments) return [];
  let holder: any = obj;
  let path = '';
  for (const s of segments) {
    holder = isObject(holder) ? holder[s] : undefined;
    path = joinPath(path, s);
  }
  if (!isObject(holder) || !isObject(holder.spec)) return [];
  return [{
    spec: holder.spec,
    path: joinPath(path, 'spec'),
    metadata: isObject(holder.metadata) ? holder.metadata : undefined,
    metadataPath: joinPath(path, 'metadata'),
  }];
}

/**
 * Every container of a pod spec (init containers, containers, ephemeral containers, in
 * that order) with its path under `specPath`. Entries that are not objects are skipped.
 */
export function containersOf(spec: unknown, specPath: string): ContainerLocation[] {
  const out: ContainerLocation[] = [];
  if (!isObject(spec)) return out;
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, index) => {
      if (isObject(container)) out.push({ container, path: `${joinPath(specPath, list)}[${index}]`, list, index });
    });
  }
  return out;
}

/** Every container of every pod spec in `obj`. */
export function allContainersOf(obj: unknown): Array<ContainerLocation & { readonly pod: PodSpecLocation }> {
  const out: Array<ContainerLocation & { readonly pod: PodSpecLocation }> = [];
  for (const pod of podSpecsOf(obj)) {
    for (const c of containersOf(pod.spec, pod.path)) out.push({ ...c, pod });
  }
  return out;
}
