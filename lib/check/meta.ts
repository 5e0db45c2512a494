/**
 * The object metadata rules of the 1.36 API server for any object
 * (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`, `ValidateObjectMetaAccessor`)
 * that the schema checker does not already apply (it checks name, namespace, labels and
 * annotations of built-in kinds): generateName, generation, ownerReferences, finalizers,
 * and, for custom resources whose CRD is given, the whole of ObjectMeta plus the finalizer
 * name warnings of the custom resource strategy. Also what the server accepts with a
 * `Warning:` header (or silently ignores): `metadata.namespace` on a cluster-scoped kind,
 * and the deprecated pod annotations and volume types of pods and pod templates.
 */
import { containersOf, podSpecsOf } from './pod-spec';
import { renderValue, Violation } from '../base/errors';
import { checkDns1123Label, checkDns1123Subdomain, checkLabelValue, checkQualifiedName, isObject } from '../base/validators';
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
  if (typeof obj.apiVersion === 'string' && typeof obj.kind === 'string' && isObject(obj.metadata)) {
    const info = lookupKind(obj.apiVersion, obj.kind);
    if (info?.resource && !info.list) {
      out.push(...checkCommonMeta(obj.metadata, nameRuleOf(obj.apiVersion, obj.kind)));
    }
    // custom resources: lib/check/crd-meta.ts calls checkCustomResourceMeta, in the server's order
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// ObjectMeta (apimachinery pkg/api/validation/objectmeta.go, generic.go)

/** Which ValidateNameFunc a kind's validation passes to ValidateObjectMeta. */
type NameRule = 'subdomain' | 'label' | 'segment';

// upstream: ValidateObjectMeta
// upstream: NameIsDNSLabel
// upstream: ValidateNamespaceName
// upstream: ValidateServiceAccountName
// upstream: ValidateStatefulSetName
// upstream: ValidateDeploymentName
// upstream: ValidateDaemonSetName
// upstream: ValidateReplicaSetName
// upstream: ValidateControllerRevisionName
/**
 * Kinds whose names are not DNS-1123 subdomains (NameIsDNSSubdomain is the rule of all
 * others): the name functions ValidateObjectMeta is called with. The schema checker
 * applies them to metadata.name; this file to metadata.generateName.
 */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  'v1/Namespace': 'label',
  // RelaxedServiceNameValidation (KEP-5311) accepts DNS-1123 labels, as the schema checker does.
  'v1/Service': 'label',
  'apps/v1/StatefulSet': 'label',
  'rbac.authorization.k8s.io/v1/Role': 'segment',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'segment',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'segment',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'segment',
  'certificates.k8s.io/v1/CertificateSigningRequest': 'segment',
};

function nameRuleOf(apiVersion: string, kind: string): NameRule {
  return NAME_RULES[`${apiVersion}/${kind}`] ?? 'subdomain';
}

// upstream: maskTrailingDash
/** As the server does for a generateName: a trailing '-' (on a name longer than 1) stands for the generated suffix. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

// upstream: NameIsDNSSubdomain
/** The ValidateNameFunc of `rule`, on `name` (a prefix when `prefix`): the problem, or undefined. */
function nameProblem(rule: NameRule, name: string, prefix: boolean): Violation | undefined {
  if (rule === 'segment') {
    // upstream: ValidatePathSegmentName
    if (!prefix && (name === '.' || name === '..')) return { checkId: '', field: '', problem: `may not be '${name}'` };
    if (name.includes('/')) return { checkId: '', field: '', problem: "may not contain '/'" };
    if (name.includes('%')) return { checkId: '', field: '', problem: "may not contain '%'" };
    return undefined;
  }
  const n = prefix ? maskTrailingDash(name) : name;
  if (rule === 'label') return checkDns1123Label('', n);
  return checkDns1123Subdomain('', n);
}

function metaViolation(checkId: string, field: string, problem: string, got: unknown, allowed: string | undefined, fix: string): Violation {
  return { checkId, field, problem, ...(got === undefined ? {} : { got: renderValue(got) }), ...(allowed === undefined ? {} : { allowed }), fix };
}

const ORPHAN = 'orphan';
const FOREGROUND = 'foregroundDeletion';
/** The finalizers Kubernetes itself defines (no domain needed). */
const STANDARD_FINALIZERS = [ORPHAN, FOREGROUND, 'kubernetes'];

// upstream: validateObjectMetaAccessorWithOptsCommon
// upstream: ValidateObjectMetaWithOpts
// upstream: ValidateObjectMetaAccessorWithOpts
/** generateName, generation, ownerReferences and finalizers: the ObjectMeta rules the schema checker leaves out. */
function checkCommonMeta(meta: Record<string, any>, rule: NameRule, base = 'metadata'): Violation[] {
  const out: Violation[] = [];
  // upstream: ValidateObjectMetaAccessor (generateName)
  const gen = meta.generateName;
  if (typeof gen === 'string' && gen !== '') {
    const bad = nameProblem(rule, gen, true);
    if (bad) {
      out.push(metaViolation('meta/generate-name', `${base}.generateName`, `${bad.problem} (as the start of a generated name)`, gen, bad.allowed,
        'Use a prefix that, with 5 random characters appended, is a valid name (e.g. "my-app-")'));
    }
  }
  // upstream: ValidateNonnegativeField
  if (typeof meta.generation === 'number' && meta.generation < 0) {
    out.push(metaViolation('meta/generation', `${base}.generation`, 'must be greater than or equal to 0', meta.generation, '0 or more', 'Remove metadata.generation (the server sets it)'));
  }
  checkOwnerReferences(out, meta.ownerReferences, base);
  checkFinalizers(out, meta.finalizers, base);
  return out;
}

// upstream: ValidateOwnerReferences
function checkOwnerReferences(out: Violation[], refs: unknown, base: string): void {
  if (!Array.isArray(refs)) return;
  const f = `${base}.ownerReferences`;
  let firstController: string | undefined;
  refs.forEach((ref, i) => {
    if (!isObject(ref)) return;
    // upstream: validateOwnerReference (the path has no index upstream; the problem names it)
    const at = `ownerReferences[${i}]`;
    const av = typeof ref.apiVersion === 'string' ? ref.apiVersion : undefined;
    if (av !== undefined) {
      const parts = av.split('/');
      const version = parts.length === 1 ? parts[0] : parts.length === 2 ? parts[1] : '';
      if (version === '') {
        out.push(metaViolation('meta/owner-reference', `${f}.apiVersion`, `version must not be empty (${at})`, av, 'group/version, e.g. apps/v1', "Use the owner's apiVersion, e.g. apps/v1"));
      }
    }
    for (const k of ['kind', 'name', 'uid']) {
      if (ref[k] === '') {
        out.push(metaViolation('meta/owner-reference', `${f}.${k}`, `must not be empty (${at})`, '', undefined, `Set the owner's ${k}`));
      }
    }
    if (av === 'v1' && ref.kind === 'Event') {
      out.push(metaViolation('meta/owner-reference', f, `/v1, Kind=Event is disallowed from being an owner (${at})`, ref, 'any kind but core/v1 Event', 'Remove the owner reference to the Event'));
    }
    if (ref.controller === true) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController !== undefined) {
        out.push(metaViolation('meta/owner-reference', f, `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`, refs.length,
          'at most one controller: true', 'Keep controller: true on the managing owner only'));
      } else {
        firstController = cur;
      }
    }
  });
}

// upstream: ValidateFinalizers
function checkFinalizers(out: Violation[], finalizers: unknown, base: string): void {
  if (!Array.isArray(finalizers)) return;
  const f = `${base}.finalizers`;
  for (const fin of finalizers) {
    if (typeof fin !== 'string') continue;
    // upstream: ValidateFinalizerName
    const bad = checkQualifiedName(f, fin);
    if (bad) out.push({ ...bad, checkId: 'meta/finalizer', fix: 'Use a domain-qualified name such as example.com/cleanup' });
  }
  if (finalizers.includes(ORPHAN) && finalizers.includes(FOREGROUND)) {
    out.push(metaViolation('meta/finalizer', f, `finalizer ${ORPHAN} and ${FOREGROUND} cannot be both set`, finalizers, `one of ${ORPHAN}, ${FOREGROUND}`,
      'Keep one deletion propagation finalizer'));
  }
}

/** 256 KiB for all annotation keys and values together (TotalAnnotationSizeLimitB). */
const ANNOTATIONS_MAX = 256 * 1024;

/** Where and how {@link checkCustomResourceMeta} checks an ObjectMeta. */
export interface CustomResourceMetaOptions {
  /** The field path of the metadata (default `metadata`). */
  readonly path?: string;
  /**
   * An embedded resource (`x-kubernetes-embedded-resource`): apiextensions-apiserver
   * objectmeta/validation.go validateEmbeddedResource calls ValidateObjectMeta with path-segment
   * names, does not require a name, and checks the namespace only when one is set; the
   * finalizer-name warnings of the custom resource strategy are for the resource itself only.
   */
  readonly embedded?: boolean;
}

/**
 * A custom resource (its CRD given): ValidateObjectMetaAccessor with NameIsDNSSubdomain, as
 * the custom resource validator calls it, and the warnings of the custom resource strategy
 * (`validateKubeFinalizerName`) for finalizers without a domain. With `embedded`, the
 * ObjectMeta of an embedded resource instead.
 */
export function checkCustomResourceMeta(meta: Record<string, any>, opts: CustomResourceMetaOptions = {}): Violation[] {
  const base = opts.path ?? 'metadata';
  const out: Violation[] = [];
  const name = meta.name;
  const gen = meta.generateName;
  if (opts.embedded) {
    // upstream: validatePathSegment (an empty name is replaced by "fakename")
    if (typeof name === 'string' && name !== '') {
      const bad = nameProblem('segment', name, false);
      if (bad) out.push(metaViolation('meta/name', `${base}.name`, bad.problem, name, undefined, 'Use a name without "/" or "%" that is not "." or ".."'));
    }
  } else if ((name === undefined || name === null || name === '') && (typeof gen !== 'string' || gen === '')) {
    out.push(metaViolation('meta/name', `${base}.name`, 'name or generateName is required', undefined, 'a DNS-1123 subdomain', `Set ${base}.name`));
  } else if (typeof name === 'string' && name !== '') {
    const bad = checkDns1123Subdomain(`${base}.name`, name);
    if (bad) out.push({ ...bad, checkId: 'meta/name' });
  }
  const ns = meta.namespace;
  if (typeof ns === 'string' && ns !== '') {
    const bad = checkDns1123Label(`${base}.namespace`, ns);
    if (bad) out.push({ ...bad, checkId: 'meta/namespace' });
  }
  if (isObject(meta.labels)) {
    for (const [k, val] of Object.entries(meta.labels)) {
      const p = `${base}.labels[${JSON.stringify(k)}]`;
      const kv = checkQualifiedName(p, k);
      if (kv) out.push({ ...kv, checkId: 'meta/labels', problem: `label key ${kv.problem}` });
      const vv = checkLabelValue(p, val);
      if (vv) out.push({ ...vv, checkId: 'meta/labels' });
    }
  }
  // upstream: ValidateAnnotations
  // upstream: ValidateAnnotationsSize
  if (isObject(meta.annotations)) {
    let total = 0;
    for (const [k, val] of Object.entries(meta.annotations)) {
      const kv = checkQualifiedName(`${base}.annotations[${JSON.stringify(k)}]`, k.toLowerCase());
      if (kv) out.push({ ...kv, checkId: 'meta/annotations', problem: `annotation key ${kv.problem}`, got: renderValue(k) });
      total += Buffer.byteLength(k) + (typeof val === 'string' ? Buffer.byteLength(val) : 0);
    }
    if (total > ANNOTATIONS_MAX) {
      out.push(metaViolation('meta/annotations', `${base}.annotations`, `may not be more than ${ANNOTATIONS_MAX} bytes`, total, '256 KiB for all keys and values together', 'Move large data to a ConfigMap'));
    }
  }
  out.push(...checkCommonMeta(meta, opts.embedded ? 'segment' : 'subdomain', base));
  // upstream: validateKubeFinalizerName (apiextensions-apiserver, warnings on create)
  if (!opts.embedded && Array.isArray(meta.finalizers)) {
    for (const fin of new Set(meta.finalizers)) {
      if (typeof fin !== 'string' || fin.includes('/') || STANDARD_FINALIZERS.includes(fin)) continue;
      out.push(metaViolation('meta/finalizer-name', `${base}.finalizers`, fin.includes('.')
        ? 'prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers'
        : 'prefer a domain-qualified finalizer name to avoid accidental conflicts with other finalizer writers', fin, '<domain>/<name>, e.g. example.com/cleanup',
      'Use a finalizer name of the form <domain>/<name>'));
    }
  }
  return out;
}
