/**
 * What the 1.36 API server accepts with a `Warning:` header (or silently ignores) rather
 * than refuses, for any object: `metadata.namespace` on a cluster-scoped kind, and the
 * deprecated pod annotations and volume types of pods and pod templates.
 */
import { containersOf, podSpecsOf } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { isObject } from '../base/validators';
import { lookupKind } from '../schema/catalog';

/** Pod annotations that stopped working, with what replaces them (pkg/api/pod/warnings.go). */
const DEPRECATED_POD_ANNOTATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+', 'Set spec.priorityClassName instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+', 'Set spec.securityContext.sysctls instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+', 'Set spec.securityContext.sysctls instead'],
];

/** Volume types the API server warns about (pkg/api/pod/warnings.go). */
const DEPRECATED_VOLUMES: Readonly<Record<string, string>> = {
  photonPersistentDisk: 'deprecated in v1.11, non-functional in v1.16+',
  gitRepo: 'deprecated in v1.11',
  scaleIO: 'deprecated in v1.16, non-functional in v1.22+',
  flocker: 'deprecated in v1.22, non-functional in v1.25+',
  storageos: 'deprecated in v1.22, non-functional in v1.25+',
  quobyte: 'deprecated in v1.22, non-functional in v1.25+',
  glusterfs: 'deprecated in v1.25, non-functional in v1.26+',
  cephfs: 'deprecated in v1.28, non-functional in v1.31+',
  rbd: 'deprecated in v1.28, non-functional in v1.31+',
};

const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

function annotationPath(metadataPath: string, key: string): string {
  return `${metadataPath}.annotations[${JSON.stringify(key)}]`;
}

function deprecated(field: string, problem: string, got: unknown, fix: string): Violation {
  return { checkId: 'pod/deprecated', field, problem, got: renderValue(got), fix };
}

/** The deprecation warnings of every pod spec and its metadata in `obj`. */
function podWarnings(obj: unknown): Violation[] {
  const out: Violation[] = [];
  for (const pod of podSpecsOf(obj)) {
    const ann = isObject(pod.metadata) && isObject(pod.metadata.annotations) ? pod.metadata.annotations : {};
    for (const [key, since, fix] of DEPRECATED_POD_ANNOTATIONS) {
      if (key in ann) out.push(deprecated(annotationPath(pod.metadataPath, key), `is ${since}`, ann[key], fix));
    }
    const podSc = isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
    if (SECCOMP_POD in ann && !isObject(podSc.seccompProfile)) {
      out.push(deprecated(annotationPath(pod.metadataPath, SECCOMP_POD), 'is non-functional in v1.27+', ann[SECCOMP_POD], 'Set spec.securityContext.seccompProfile instead'));
    }
    for (const ct of containersOf(pod.spec, pod.path)) {
      const name = ct.container.name;
      const sc = isObject(ct.container.securityContext) ? ct.container.securityContext : {};
      const seccompKey = `${SECCOMP_CONTAINER}${name}`;
      if (seccompKey in ann && !isObject(sc.seccompProfile)) {
        out.push(deprecated(annotationPath(pod.metadataPath, seccompKey), 'is non-functional in v1.27+', ann[seccompKey], `Set securityContext.seccompProfile of container ${JSON.stringify(name)} instead`));
      }
      const appArmorKey = `${APPARMOR_CONTAINER}${name}`;
      if (appArmorKey in ann && !isObject(sc.appArmorProfile) && !isObject(podSc.appArmorProfile)) {
        out.push(deprecated(annotationPath(pod.metadataPath, appArmorKey), 'is deprecated since v1.30', ann[appArmorKey],
          `Set securityContext.appArmorProfile (e.g. type: RuntimeDefault) of container ${JSON.stringify(name)} instead`));
      }
    }
    if (Array.isArray(pod.spec.volumes)) {
      pod.spec.volumes.forEach((vol: unknown, i: number) => {
        if (!isObject(vol)) return;
        for (const [type, since] of Object.entries(DEPRECATED_VOLUMES)) {
          if (vol[type] !== undefined && vol[type] !== null) {
            out.push(deprecated(`${pod.path}.volumes[${i}].${type}`, `is ${since}`, type, 'Use a CSI driver or another volume type instead'));
          }
        }
      });
    }
  }
  return out;
}

/**
 * Findings of the object metadata the API server accepts: a namespace on a cluster-scoped
 * kind (ignored; the swagger paths of the 1.36 catalog, or the CRD's `scope`, say which
 * kinds are namespaced) and the pod deprecation warnings. `crdNamespaced` is the scope of
 * the CRD that defines the object, when one does.
 */
export function checkObjectMeta(obj: unknown, crdNamespaced?: boolean): Violation[] {
  if (!isObject(obj)) return [];
  const out: Violation[] = [];
  const ns = isObject(obj.metadata) ? obj.metadata.namespace : undefined;
  if (typeof ns === 'string' && ns !== '' && typeof obj.apiVersion === 'string' && typeof obj.kind === 'string') {
    const info = lookupKind(obj.apiVersion, obj.kind);
    const namespaced = info?.resource ? info.namespaced : crdNamespaced;
    if (namespaced === false) {
      out.push({
        checkId: 'meta/cluster-scoped-namespace',
        field: 'metadata.namespace',
        problem: `is ignored: ${obj.kind} is cluster-scoped`,
        got: renderValue(ns),
        allowed: 'unset',
        fix: 'Remove metadata.namespace',
      });
    }
  }
  out.push(...podWarnings(obj));
  return out;
}
