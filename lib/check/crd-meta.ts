/**
 * apiVersion, kind and metadata of a custom resource and of the resources embedded in it
 * (`x-kubernetes-embedded-resource`), as apiextensions-apiserver v0.36.0 handles them:
 *
 * 1. decoding (customresource_handler.go unstructuredSchemaCoercer.apply): the resource's
 *    `metadata` must decode as an ObjectMeta (objectmeta/coerce.go GetObjectMetaWithOptions;
 *    unknown metadata fields are refused by strict field validation, kubectl's default), and
 *    the `apiVersion`/`kind` of embedded resources must be strings (objectmeta/algorithm.go
 *    coerce). A failure there refuses the whole request;
 * 2. validation (registry/customresource/validator.go Validate, strategy.go Validate): the
 *    resource's ObjectMeta with ValidateObjectMetaAccessor and NameIsDNSSubdomain (lib/check/meta.ts
 *    checkCustomResourceMeta), then every embedded resource with objectmeta/validation.go
 *    validateEmbeddedResource.
 */
import { checkCustomResourceMeta } from './meta';
import type { Violation } from '../base/errors';
import { joinPath, renderValue } from '../base/errors';
import { checkDns1035Label } from '../base/validators';

function isObj(x: unknown): x is Record<string, any> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

const MAX_DEPTH = 64;

/** Go encoding/json's name of a JSON value's kind, as in "cannot unmarshal <kind> into ...". */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'string' ? 'string' : 'object';
}

type GoType = 'string' | 'int64' | 'bool' | 'time' | 'map[string]string' | '[]string' | '[]OwnerReference' | '[]ManagedFieldsEntry';

/** metav1.ObjectMeta's JSON fields and their Go types. */
const OBJECT_META: Readonly<Record<string, GoType>> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'string',
  resourceVersion: 'string',
  generation: 'int64',
  creationTimestamp: 'time',
  deletionTimestamp: 'time',
  deletionGracePeriodSeconds: 'int64',
  labels: 'map[string]string',
  annotations: 'map[string]string',
  ownerReferences: '[]OwnerReference',
  finalizers: '[]string',
  managedFields: '[]ManagedFieldsEntry',
};
const OWNER_REFERENCE: Readonly<Record<string, GoType>> = { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'bool', blockOwnerDeletion: 'bool' };
const MANAGED_FIELDS: Readonly<Record<string, GoType>> = { manager: 'string', operation: 'string', apiVersion: 'string', time: 'time', fieldsType: 'string', subresource: 'string' };

/** Go's json error for `v` in a field of type `t` (`field` as Go names it), or undefined when it decodes. */
function goDecodeError(v: unknown, t: GoType, field: string): string | undefined {
  if (v === null || v === undefined) return undefined;
  const wrong = (goType: string) => `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${field} of type ${goType}`;
  switch (t) {
    case 'string': return typeof v === 'string' ? undefined : wrong('string');
    case 'bool': return typeof v === 'boolean' ? undefined : wrong('bool');
    case 'int64':
      if (typeof v !== 'number') return wrong('int64');
      return Number.isInteger(v) ? undefined : `json: cannot unmarshal number ${v} into Go struct field ${field} of type int64`;
    case 'time': return typeof v === 'string' ? undefined : wrong('v1.Time'); // metav1.Time.UnmarshalJSON wants a string
    case 'map[string]string':
      if (!isObj(v)) return wrong('map[string]string');
      for (const e of Object.values(v)) if (e !== null && typeof e !== 'string') return `json: cannot unmarshal ${jsonKind(e)} into Go struct field ${field} of type string`;
      return undefined;
    case '[]string':
      if (!Array.isArray(v)) return wrong('[]string');
      for (const e of v) if (e !== null && typeof e !== 'string') return `json: cannot unmarshal ${jsonKind(e)} into Go struct field ${field} of type string`;
      return undefined;
    case '[]OwnerReference':
    case '[]ManagedFieldsEntry': {
      const [goName, fields] = t === '[]OwnerReference' ? ['OwnerReference', OWNER_REFERENCE] : ['ManagedFieldsEntry', MANAGED_FIELDS];
      if (!Array.isArray(v)) return wrong(`[]v1.${goName}`);
      for (const e of v) {
        if (e === null) continue;
        if (!isObj(e)) return `json: cannot unmarshal ${jsonKind(e)} into Go struct field ${field} of type v1.${goName}`;
        for (const [k, ft] of Object.entries(fields)) {
          const bad = goDecodeError(e[k], ft, `${goName}.${field.split('.').slice(1).join('.')}.${k}`);
          if (bad) return bad;
        }
      }
      return undefined;
    }
  }
}

// upstream: GetObjectMetaWithOptions
/**
 * Whether `metadata` decodes as a metav1.ObjectMeta (as utiljson.Unmarshal does, case
 * sensitive): the Go error when it does not, and the fields ObjectMeta does not have.
 */
export function decodeObjectMeta(metadata: unknown): { error?: string; unknown: string[] } {
  if (metadata === null || metadata === undefined) return { unknown: [] };
  if (!isObj(metadata)) return { error: `json: cannot unmarshal ${jsonKind(metadata)} into Go value of type v1.ObjectMeta`, unknown: [] };
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(metadata)) {
    const t = OBJECT_META[k];
    if (t === undefined) {
      unknown.push(k);
      continue;
    }
    const error = goDecodeError(v, t, `ObjectMeta.metadata.${k}`);
    if (error) return { error, unknown };
  }
  return { unknown };
}

/** The findings of one resource's metadata (decode, then ObjectMeta validation), and whether one blocks the rules. */
export interface MetaFindings {
  readonly out: Violation[];
  /** A decode error, or a Required/TooLong error (customresource strategy.go hasBlockingErr). */
  readonly blocking: boolean;
}

function violation(checkId: string, field: string, problem: string, got: unknown, fix: string): Violation {
  return { checkId, field, problem, ...(got === undefined ? {} : { got: renderValue(got) }), fix };
}

/** Decode errors and unknown fields of the `metadata` at `path` (apiextensions decoding). */
function metadataDecode(out: Violation[], metadata: unknown, path: string): boolean {
  const { error, unknown } = decodeObjectMeta(metadata);
  for (const k of unknown) {
    out.push(violation('crd/unknown-field', joinPath(path, k), `unknown field ${JSON.stringify(k)} (ObjectMeta has no such field; strict field validation refuses it, the API server otherwise drops it)`,
      undefined, 'Remove it (labels and annotations go under metadata.labels / metadata.annotations)'));
  }
  if (error) {
    out.push(violation('crd/metadata', path, `does not decode as an ObjectMeta: ${error}`, metadata, 'Give each metadata field its type: strings for name, labels and annotations values, lists for finalizers'));
    return true;
  }
  return false;
}

const BLOCKING_META = (v: Violation) => v.checkId === 'meta/name' && v.problem === 'name or generateName is required'
  || v.checkId === 'meta/annotations' && v.problem.startsWith('may not be more than');

/**
 * The custom resource's own metadata: decoded as an ObjectMeta, then ValidateObjectMetaAccessor
 * (customresource validator.go Validate) with the strategy's finalizer warnings.
 */
export function checkResourceMetadata(obj: Record<string, any>): MetaFindings {
  const out: Violation[] = [];
  const broken = metadataDecode(out, obj.metadata, 'metadata');
  if (broken) return { out, blocking: true };
  const meta = isObj(obj.metadata) ? obj.metadata : {};
  const found = checkCustomResourceMeta(meta);
  out.push(...found);
  return { out, blocking: found.some(BLOCKING_META) };
}

// upstream: ParseGroupVersion
/** apimachinery schema.ParseGroupVersion: the error text, or undefined. */
function parseGroupVersionError(gv: string): string | undefined {
  if (gv === '' || gv === '/') return undefined;
  return gv.split('/').length - 1 > 1 ? `unexpected GroupVersion string: ${gv}` : undefined;
}

class EmbeddedWalker {
  public readonly out: Violation[] = [];
  public blocking = false;

  // upstream: objectmeta.validate
  public walk(x: unknown, s: unknown, path: string, depth: number): void {
    if (!isObj(s) || depth > MAX_DEPTH) return;
    if (isObj(x)) {
      if (s['x-kubernetes-embedded-resource'] === true) this.embedded(x, path);
      const props = isObj(s.properties) ? s.properties : {};
      for (const [k, v] of Object.entries(x)) {
        if (Object.prototype.hasOwnProperty.call(props, k)) this.walk(v, props[k], joinPath(path, k), depth + 1);
        else if (isObj(s.additionalProperties)) this.walk(v, s.additionalProperties, joinPath(path, k), depth + 1);
      }
    } else if (Array.isArray(x)) {
      x.forEach((v, i) => this.walk(v, s.items, joinPath(path, i), depth + 1));
    }
  }

  // upstream: objectmeta.coerce
  // upstream: validateEmbeddedResource
  private embedded(x: Record<string, any>, path: string): void {
    const at = (k: string) => joinPath(path, k);
    // decoding: apiVersion and kind must be strings, metadata an ObjectMeta
    for (const k of ['apiVersion', 'kind']) {
      if (k in x && typeof x[k] !== 'string') {
        this.blocking = true;
        this.out.push(violation('crd/embedded-resource', at(k), 'must be a string', x[k], `Write ${k} as a string, e.g. ${k === 'kind' ? 'Pod' : 'v1 or apps/v1'}`));
      }
    }
    if ('metadata' in x && metadataDecode(this.out, x.metadata, at('metadata'))) this.blocking = true;
    // validation: apiVersion and kind are required, metadata is not
    for (const k of ['apiVersion', 'kind']) {
      if (!(k in x)) {
        this.blocking = true;
        this.out.push(violation('crd/embedded-resource', at(k), 'is required (in an embedded resource)', undefined, `Set ${k} of the embedded object`));
      }
    }
    const av = x.apiVersion;
    if (typeof av === 'string') {
      if (av === '') {this.out.push(violation('crd/embedded-resource', at('apiVersion'), 'must not be empty', av, 'Set the apiVersion, e.g. v1 or apps/v1'));} else {
        const err = parseGroupVersionError(av);
        if (err) this.out.push(violation('crd/embedded-resource', at('apiVersion'), err, av, 'Use <group>/<version> or <version>'));
      }
    }
    const kind = x.kind;
    if (typeof kind === 'string') {
      if (kind === '') {this.out.push(violation('crd/embedded-resource', at('kind'), 'must not be empty', kind, 'Set the kind, e.g. Pod'));} else {
        const bad = checkDns1035Label(at('kind'), kind.toLowerCase());
        if (bad) this.out.push(violation('crd/embedded-resource', at('kind'), `may have mixed case, but should otherwise match: ${bad.problem}`, kind, 'Use a kind such as Pod or ConfigMap'));
      }
    }
    if (isObj(x.metadata) && decodeObjectMeta(x.metadata).error === undefined) {
      const found = checkCustomResourceMeta(x.metadata, { path: at('metadata'), embedded: true });
      this.out.push(...found);
      if (found.some(BLOCKING_META)) this.blocking = true;
    }
  }
}

/**
 * The embedded resources of a custom resource (objectmeta/validation.go Validate with
 * isResourceRoot false, as customresource strategy.go calls it): the root itself is checked
 * by {@link checkResourceMetadata}.
 */
export function checkEmbeddedResources(obj: unknown, schema: unknown): MetaFindings {
  const w = new EmbeddedWalker();
  if (!isObj(obj) || !isObj(schema)) return { out: [], blocking: false };
  const props = isObj(schema.properties) ? schema.properties : {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata') continue;
    if (Object.prototype.hasOwnProperty.call(props, k)) w.walk(v, props[k], k, 1);
    else if (isObj(schema.additionalProperties)) w.walk(v, schema.additionalProperties, k, 1);
  }
  return { out: w.out, blocking: w.blocking };
}
