import { compareVersions, gaVersions, isKnownGroup, kindsInGroup, lookupKind, lookupType, splitApiVersion } from './catalog';
import type { SchemaObjectType, SchemaTypeRef } from './types';
import { joinPath, renderValue, Violation } from '../base/errors';
import {
  closestName,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkLabelValue,
  checkPathSegmentName,
  checkQualifiedName,
  isObject as isPlainObject,
  parseQuantity,
} from '../base/validators';

/** Options for {@link checkSchema}. */
export interface SchemaCheckOptions {
  /** Prefix for reported field paths. */
  readonly pathPrefix?: string;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const MAX_DEPTH = 100;
const ANNOTATIONS_MAX_BYTES = 256 * 1024;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Kube-apiserver configuration files: they look like objects but are not served by the API,
 * and their strict shapes are checked elsewhere. The schema checker reports nothing for them.
 */
const FILE_KINDS = new Set([
  'apiserver.config.k8s.io/v1\u0000AuthorizationConfiguration',
  'audit.k8s.io/v1\u0000Policy',
]);

/** Built-in groups that 1.36 no longer has at all, with what replaced their kinds. */
const REMOVED_GROUPS: Record<string, Record<string, string>> = {
  extensions: {
    Deployment: 'apps/v1 Deployment',
    DaemonSet: 'apps/v1 DaemonSet',
    ReplicaSet: 'apps/v1 ReplicaSet',
    Ingress: 'networking.k8s.io/v1 Ingress',
    NetworkPolicy: 'networking.k8s.io/v1 NetworkPolicy',
    PodSecurityPolicy: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)',
  },
};

/** Kinds that a built-in group once had and 1.36 does not, with what to do instead. */
const REMOVED_KINDS: Record<string, string> = {
  'resource.k8s.io/ResourceClaimParameters': 'Use resource.k8s.io/v1 ResourceClaimTemplate or ResourceClaim: request devices in '
    + 'spec.devices.requests[].exactly and put driver settings in spec.devices.config[].opaque {driver, parameters}',
  'resource.k8s.io/ResourceClassParameters': 'Use resource.k8s.io/v1 DeviceClass: put driver settings in spec.config[].opaque {driver, parameters}',
  'resource.k8s.io/ResourceClass': 'Use resource.k8s.io/v1 DeviceClass (claims name it in spec.devices.requests[].exactly.deviceClassName)',
  'resource.k8s.io/PodSchedulingContext': 'Remove it: claims in resource.k8s.io/v1 are allocated by the scheduler without a scheduling context',
  'policy/PodSecurityPolicy': 'Use Pod Security Admission (namespace labels pod-security.kubernetes.io/*)',
};

/** Kinds whose `metadata.name` follows a rule other than DNS-1123 subdomain. */
const NAME_RULES: Record<string, 'label' | 'segment'> = {
  'v1/Namespace': 'label',
  'v1/Service': 'label',
  // ValidateStatefulSetName is NameIsDNSLabel: the pods' host names are <name>-<ordinal>.
  'apps/v1/StatefulSet': 'label',
  'rbac.authorization.k8s.io/v1/Role': 'segment',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'segment',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'segment',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'segment',
  'certificates.k8s.io/v1/CertificateSigningRequest': 'segment',
};

/** List-map key fields that the API server defaults before comparing keys. */
const KEY_DEFAULTS: Record<string, Record<string, unknown>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

/**
 * A field path built lazily: walking a valid object allocates small nodes and renders
 * text only when a violation is reported.
 */
type Path = string | PathNode;
interface PathNode {
  readonly parent: Path;
  readonly key: string | number;
}

function child(parent: Path, key: string | number): PathNode {
  return { parent, key };
}

function render(p: Path): string {
  return typeof p === 'string' ? p : joinPath(render(p.parent), p.key);
}

function typeWord(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function withArticle(word: string): string {
  return word === 'null' ? 'null' : `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

/** Lists names for a message, at most `max` of them. */
function listNames(names: readonly string[], max: number): string {
  return names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');
}

function shortTypeName(name: string): string {
  const i = name.lastIndexOf('.');
  return i < 0 ? name : name.slice(i + 1);
}

/** The closest known name to `unknown`, for "did you mean" hints. */
export const suggestField = closestName;

class Walker {
  public readonly out: Violation[] = [];

  public add(checkId: string, field: Path, problem: string, got?: unknown, allowed?: string, fix?: string): void {
    const v: { -readonly [K in keyof Violation]: Violation[K] } = { checkId, field: render(field), problem };
    if (got !== undefined) v.got = renderValue(got);
    if (allowed !== undefined) v.allowed = allowed;
    if (fix !== undefined) v.fix = fix;
    this.out.push(v);
  }

  public value(value: unknown, ref: SchemaTypeRef, path: Path, depth: number): void {
    if (value === null || value === undefined) return; // null means "unset" on the wire
    switch (ref.kind) {
      case 'string':
        if (typeof value !== 'string') {
          this.typeError(path, value, 'string');
        } else if (ref.format !== undefined) {
          this.format(value, ref.format, path);
        } else if (ref.enum && value !== '' && !ref.enum.includes(value)) {
          // '' is left to the per-kind rules: the API server defaults it for most of these fields.
          const near = suggestField(value, ref.enum);
          this.add('schema/enum', path, 'must be one of the supported values', value, ref.enum.join(', '),
            near ? `Use ${JSON.stringify(near)}` : 'Use one of the listed values');
        }
        return;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.typeError(path, value, ref.format ? `integer (${ref.format})` : 'integer');
        } else if (ref.format === 'int32' && (value < INT32_MIN || value > INT32_MAX)) {
          this.add('schema/type', path, 'must fit in a 32-bit integer', value, `${INT32_MIN}..${INT32_MAX}`, 'Use a smaller value');
        }
        return;
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) this.typeError(path, value, 'number');
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.typeError(path, value, 'boolean');
        return;
      case 'quantity':
        this.quantity(value, path);
        return;
      case 'int-or-string':
        if (typeof value === 'string') return;
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.typeError(path, value, 'integer or string');
        } else if (value < INT32_MIN || value > INT32_MAX) {
          // intstr.IntOrString holds an int32: the API server cannot decode a larger number.
          this.add('schema/type', path, 'must fit in a 32-bit integer', value, `${INT32_MIN}..${INT32_MAX}`, 'Use a smaller value');
        }
        return;
      case 'any':
        return;
      case 'object':
        this.object(value, ref.name, path, depth);
        return;
      case 'array':
        this.array(value, ref, path, depth);
        return;
      case 'map':
        this.map(value, ref, path, depth);
        return;
    }
  }

  private typeError(path: Path, value: unknown, expected: string): void {
    let fix: string | undefined;
    if (typeof value === 'string') {
      if (expected.startsWith('integer') && /^-?\d+$/.test(value)) fix = `Write ${value} without quotes`;
      else if (expected === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) fix = `Write ${value} without quotes`;
      else if (expected === 'boolean' && /^(true|false)$/i.test(value)) fix = `Write ${value.toLowerCase()} without quotes`;
    } else if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
      fix = `Quote the value: ${JSON.stringify(String(value))}`;
    }
    const fallback = expected === 'object' ? 'Write a mapping of fields' : expected === 'array' ? 'Write a list' : `Write ${withArticle(expected)}`;
    this.add('schema/type', path, `must be ${withArticle(expected)}, not ${withArticle(typeWord(value))}`, value, expected, fix ?? fallback);
  }

  /** Formats the API server decodes strictly: base64 bytes (`[]byte`) and RFC 3339 times (`metav1.Time`). */
  private format(value: string, format: string, path: Path): void {
    if (format === 'byte') {
      const compact = value.replace(/[\r\n]/g, '');
      if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
        this.add('schema/type', path, 'must be base64-encoded (standard alphabet, with padding)', value.length > 40 ? value.slice(0, 37) + '...' : value,
          'base64 text such as "aGVsbG8="', 'Encode the value with base64, or put plain text under stringData (Secret) or binaryData/data as appropriate');
      }
    } else if (format === 'date-time' && !RFC3339.test(value)) {
      this.add('schema/type', path, 'must be an RFC 3339 date-time', value, 'e.g. "2026-04-22T10:00:00Z"', 'Write the time as YYYY-MM-DDTHH:MM:SSZ');
    }
  }

  private quantity(value: unknown, path: Path): void {
    if (typeof value !== 'string' && typeof value !== 'number') {
      this.typeError(path, value, 'quantity');
      return;
    }
    if (parseQuantity(value) !== undefined) return;
    let fix = "Use the Kubernetes quantity syntax, e.g. '100m', '512Mi', '2'";
    const m = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kKmMgGtTpP])(?:i?[bB]|i)\s*$/.exec(value) : null;
    if (m) {
      const unit = m[2].toUpperCase();
      fix = `Write ${JSON.stringify(`${m[1]}${unit}i`)} (powers of 1024) or ${JSON.stringify(`${m[1]}${unit === 'K' ? 'k' : unit}`)} (powers of 1000)`;
    }
    this.add('schema/quantity', path, 'must be a Kubernetes quantity', value,
      'a number with an optional suffix: n, u, m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or an exponent like 1e3', fix);
  }

  public object(value: unknown, typeName: string, path: Path, depth: number): void {
    if (!isPlainObject(value)) {
      this.typeError(path, value, 'object');
      return;
    }
    if (depth > MAX_DEPTH) {
      this.add('schema/type', path, `is nested more than ${MAX_DEPTH} levels deep`, undefined, undefined, 'Check the object for a cycle');
      return;
    }
    const type = lookupType(typeName);
    if (!type) return;
    const fields = type.fields;
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (item === undefined) continue;
      const field = fields[key];
      if (!field) {
        this.unknownField(key, child(path, key), type);
        continue;
      }
      this.value(item, field.type, child(path, key), depth + 1);
    }
    for (const req of type.required) {
      const v = value[req];
      if (v === undefined || v === null) {
        this.add('schema/required', child(path, req), `is required by ${shortTypeName(typeName)}`, undefined, undefined,
          `Set ${req}`);
      }
    }
    if (typeName === OBJECT_META) this.metaContents(value, path);
  }

  private unknownField(key: string, path: Path, type: SchemaObjectType): void {
    const known = Object.keys(type.fields);
    const near = suggestField(key, known);
    const allowed = listNames(known, 30);
    this.add('schema/unknown-field', path, `unknown field ${JSON.stringify(key)} in ${shortTypeName(type.name)} (1.36 schema)`, undefined, allowed || '(no fields)',
      near ? `Rename it to ${JSON.stringify(near)}` : 'Remove it: the API server rejects unknown fields (kubectl --validate=strict) or drops them silently');
  }

  private array(value: unknown, ref: Extract<SchemaTypeRef, { kind: 'array' }>, path: Path, depth: number): void {
    if (!Array.isArray(value)) {
      this.typeError(path, value, 'array');
      return;
    }
    for (let i = 0; i < value.length; i++) this.value(value[i], ref.items, child(path, i), depth + 1);
    if (ref.listType === 'map' && ref.mapKeys && value.length > 1) this.mapKeys(value, ref, path);
    else if (ref.listType === 'set' && value.length > 1) this.setValues(value, path);
  }

  private mapKeys(value: unknown[], ref: Extract<SchemaTypeRef, { kind: 'array' }>, path: Path): void {
    const keys = ref.mapKeys!;
    const defaults = ref.items.kind === 'object' ? KEY_DEFAULTS[ref.items.name] : undefined;
    const seen = new Map<string, number>();
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (!isPlainObject(item)) continue;
      let k = '';
      for (const key of keys) {
        let kv = item[key];
        if ((kv === undefined || kv === null) && defaults && key in defaults) kv = defaults[key];
        k += (kv === undefined || kv === null ? '' : typeof kv === 'string' ? kv : JSON.stringify(kv)) + '\u0000';
      }
      const first = seen.get(k);
      if (first !== undefined) {
        const parts = keys.map((key) => {
          const kv = item[key] ?? defaults?.[key];
          return `${key}=${renderValue(kv === undefined ? null : kv)}`;
        });
        this.add('schema/duplicate-key', child(path, i), `duplicate entry: ${parts.join(', ')} is already used by ${render(child(path, first))}`, undefined,
          `unique ${keys.join('+')} per entry`, `Give each entry a distinct ${keys.join(' and ')} or merge the two entries`);
      } else {
        seen.set(k, i);
      }
    }
  }

  private setValues(value: unknown[], path: Path): void {
    const seen = new Map<string, number>();
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const k = typeof v === 'string' ? 's' + v : JSON.stringify(v) ?? 'u';
      const first = seen.get(k);
      if (first !== undefined) {
        this.add('schema/duplicate-key', child(path, i), `duplicate value in a set (same as ${render(child(path, first))})`, v, 'each value once', 'Remove the duplicate');
      } else {
        seen.set(k, i);
      }
    }
  }

  private map(value: unknown, ref: Extract<SchemaTypeRef, { kind: 'map' }>, path: Path, depth: number): void {
    if (!isPlainObject(value)) {
      this.typeError(path, value, 'object');
      return;
    }
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v === undefined) continue;
      this.value(v, ref.values, child(path, key), depth + 1);
    }
  }

  /** Label and annotation rules that hold for every ObjectMeta (objects and templates). */
  private metaContents(meta: Record<string, unknown>, path: Path): void {
    const labels = meta.labels;
    if (isPlainObject(labels)) {
      for (const key of Object.keys(labels)) {
        const p = child(child(path, 'labels'), key);
        const kv = checkQualifiedName('', key);
        if (kv) this.add('schema/metadata', p, `label key ${kv.problem}`, key, kv.allowed, 'Use a key like "app.kubernetes.io/name" or "tier"');
        const val = labels[key];
        if (typeof val === 'string') {
          const vv = checkLabelValue('', val);
          if (vv) this.add('schema/metadata', p, `label value ${vv.problem}`, val, vv.allowed, 'Shorten the value or replace other characters with "-"');
        }
      }
    }
    const annotations = meta.annotations;
    if (isPlainObject(annotations)) {
      let total = 0;
      for (const key of Object.keys(annotations)) {
        const p = child(child(path, 'annotations'), key);
        const kv = checkQualifiedName('', key.toLowerCase());
        if (kv) this.add('schema/metadata', p, `annotation key ${kv.problem}`, key, kv.allowed, 'Use a key like "example.com/reason"');
        const val = annotations[key];
        total += key.length + (typeof val === 'string' ? Buffer.byteLength(val) : 0);
      }
      if (total > ANNOTATIONS_MAX_BYTES) {
        this.add('schema/metadata', child(path, 'annotations'), `total size of annotations must be no more than ${ANNOTATIONS_MAX_BYTES} bytes (is ${total})`,
          undefined, '<= 256 KiB for all keys and values together', 'Move large data to a ConfigMap');
      }
    }
  }

  /** Name and namespace rules of a top-level object. */
  public rootMeta(obj: Record<string, unknown>, apiVersion: string, kind: string, path: string): void {
    const metaPath = joinPath(path, 'metadata');
    const meta = obj.metadata;
    if (meta === undefined || meta === null) {
      this.add('schema/metadata', metaPath, 'is required', undefined, undefined, 'Set metadata.name');
      return;
    }
    if (!isPlainObject(meta)) return; // the type error is already reported
    const namePath = joinPath(metaPath, 'name');
    const name = meta.name;
    const rule = NAME_RULES[`${apiVersion}/${kind}`];
    if (name === undefined || name === null || name === '') {
      if (typeof meta.generateName !== 'string' || meta.generateName === '') {
        this.add('schema/metadata', namePath, 'is required (or set metadata.generateName)', name === '' ? name : undefined, undefined, 'Set metadata.name');
      }
    } else if (typeof name === 'string') {
      const v = rule === 'label' ? checkDns1123Label(namePath, name) : rule === 'segment' ? checkPathSegmentName(namePath, name) : checkDns1123Subdomain(namePath, name);
      if (v) this.out.push({ ...v, checkId: 'schema/metadata', problem: `${v.problem} (${kind} name)` });
    }
    const ns = meta.namespace;
    if (typeof ns === 'string' && ns !== '') {
      const v = checkDns1123Label(joinPath(metaPath, 'namespace'), ns);
      if (v) this.out.push({ ...v, checkId: 'schema/metadata' });
    }
  }
}

/** Checks that `apiVersion`/`kind` is a GA kind of 1.36; returns its type name, or undefined (and reports). */
function servedType(w: Walker, obj: Record<string, unknown>, prefix: string): { typeName: string } | undefined | 'skip' {
  const apiVersion = obj.apiVersion;
  const kind = obj.kind;
  const avPath = joinPath(prefix, 'apiVersion');
  const kindPath = joinPath(prefix, 'kind');
  let bad = false;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    if (apiVersion === undefined || apiVersion === null || apiVersion === '') w.add('schema/required', avPath, 'is required', undefined, undefined, 'Set apiVersion, e.g. "v1" or "apps/v1"');
    else w.add('schema/type', avPath, 'must be a string', apiVersion, 'group/version, e.g. "apps/v1"', 'Write the apiVersion as a string');
    bad = true;
  }
  if (typeof kind !== 'string' || kind === '') {
    if (kind === undefined || kind === null || kind === '') w.add('schema/required', kindPath, 'is required', undefined, undefined, 'Set kind, e.g. "Pod"');
    else w.add('schema/type', kindPath, 'must be a string', kind, 'a kind name, e.g. "Deployment"', 'Write the kind as a string');
    bad = true;
  }
  if (bad) return undefined;
  const av = apiVersion as string;
  const k = kind as string;
  if (FILE_KINDS.has(`${av}\u0000${k}`)) return 'skip';
  const { group, version } = splitApiVersion(av);
  if (!version || av.split('/').length > 2 || (av.includes('/') && !group)) {
    w.add('schema/type', avPath, 'must be "<group>/<version>" or "v1" for the core group', av, 'e.g. v1, apps/v1, resource.k8s.io/v1',
      'Write the apiVersion as group/version with exactly one "/"');
    return undefined;
  }
  const info = lookupKind(av, k);
  if (info && info.ga) return { typeName: info.typeName };

  const removedGroup = REMOVED_GROUPS[group];
  if (removedGroup) {
    const repl = removedGroup[k];
    w.add('schema/not-served', avPath, `API group ${JSON.stringify(group)} does not exist in Kubernetes 1.36`, av, undefined,
      repl ? `Use ${repl}` : 'Use the GA API that replaced it');
    return undefined;
  }
  if (!isKnownGroup(group)) {
    // A group without a dot cannot be a CRD group: it is a misspelt or removed built-in group.
    if (!group.includes('.') && group !== '') {
      w.add('schema/not-served', avPath, `API group ${JSON.stringify(group)} is not a Kubernetes 1.36 API group`, av, undefined,
        'Check the spelling of apiVersion (custom resource groups contain a dot)');
    }
    return 'skip'; // custom resources cannot be checked against the built-in schema
  }
  const apiRef = group ? `${group}/` : '';
  const ga = gaVersions(group, k);
  if (ga.length > 0) {
    const target = ga[0];
    const pre = info ? `${av} ${k} is a pre-release API (off by default unless enabled with --runtime-config); this library emits and accepts GA versions only`
      : `${av} ${k} is not served by Kubernetes 1.36`;
    w.add('schema/not-served', avPath, pre, av, ga.map((v) => `${apiRef}${v}`).join(', '),
      `Use apiVersion: ${apiRef}${target} (kind ${k}) and check the fields against the ${target} schema`);
    return undefined;
  }
  const removed = REMOVED_KINDS[`${group}/${k}`];
  if (removed) {
    w.add('schema/not-served', kindPath, `${k} does not exist in Kubernetes 1.36 (${av} was removed)`, k, undefined, removed);
    return undefined;
  }
  if (info) {
    w.add('schema/not-served', avPath, `${av} ${k} is a pre-release API with no GA version in 1.36: it is off by default and this library accepts GA versions only`,
      av, undefined, 'Use a GA API instead, or manage this object outside this library');
    return undefined;
  }
  // Known group, unknown kind: suggest a kind of the group.
  const groupKinds = [...new Set(kindsInGroup(group).filter((x) => x.ga && x.resource).map((x) => x.kind))].sort();
  const near = suggestField(k, groupKinds);
  const versions = [...new Set(kindsInGroup(group).map((x) => x.version))].sort(compareVersions);
  w.add('schema/not-served', kindPath, `kind ${JSON.stringify(k)} does not exist in ${group ? `API group ${JSON.stringify(group)}` : 'the core API group'} of Kubernetes 1.36`,
    k, listNames(groupKinds, 20),
    near ? `Use kind ${JSON.stringify(near)} (${apiRef}${gaVersions(group, near)[0] ?? versions[0]})` : `Use a kind the group serves (versions: ${versions.join(', ')})`);
  return undefined;
}

function checkRoot(w: Walker, obj: unknown, prefix: string, depth: number): void {
  if (!isPlainObject(obj)) {
    w.add('schema/type', prefix, 'a manifest must be an object with apiVersion, kind and metadata', obj, 'a mapping',
      'Pass one parsed YAML/JSON document (a mapping), not a list or scalar');
    return;
  }
  if (depth > MAX_DEPTH) {
    w.add('schema/type', prefix, `is nested more than ${MAX_DEPTH} levels deep`, undefined, undefined, 'Check the object for a cycle');
    return;
  }
  if (obj.apiVersion === 'v1' && obj.kind === 'List') {
    // kubectl's client-side list: check the items as manifests of their own.
    const items = obj.items;
    const itemsPath = joinPath(prefix, 'items');
    if (Array.isArray(items)) items.forEach((item, i) => checkRoot(w, item, joinPath(itemsPath, i), depth + 1));
    else if (items !== undefined && items !== null) w.add('schema/type', itemsPath, 'must be a list of manifests', items, 'array', 'Write items as a list');
    return;
  }
  const served = servedType(w, obj, prefix);
  if (served === undefined || served === 'skip') return;
  const apiVersion = obj.apiVersion as string;
  const kind = obj.kind as string;
  w.object(obj, served.typeName, prefix, depth);
  if (!lookupKind(apiVersion, kind)?.list) w.rootMeta(obj, apiVersion, kind, prefix);
}

/**
 * Checks a plain manifest object against the Kubernetes 1.36 schema, like
 * `kubectl apply --validate=strict` plus the generic ObjectMeta rules of the API server:
 * unknown fields, value types, required fields, duplicate list-map keys, quantities,
 * enums, and whether 1.36 serves `apiVersion`/`kind` as a GA API. Objects of custom
 * resource groups (not built into 1.36) and kube-apiserver config files yield nothing.
 * Never throws: garbage input is reported.
 */
export function checkSchema(obj: unknown, opts: SchemaCheckOptions = {}): Violation[] {
  const w = new Walker();
  try {
    checkRoot(w, obj, opts.pathPrefix ?? '', 0);
  } catch (e) {
    // Exotic inputs (throwing getters, proxies) must not escape as a TypeError.
    w.add('schema/type', opts.pathPrefix ?? '', 'could not be read as a manifest', undefined, undefined,
      `Pass plain JSON data (${e instanceof Error ? e.message : String(e)})`);
  }
  return w.out;
}
