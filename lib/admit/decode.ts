/**
 * The strict decoding a patched object goes through before it is admitted:
 * k8s.io/apiserver@v0.36.0 pkg/admission/plugin/policy/mutating/patch/json_patch.go
 * (`jsonPatcher.Patch`) encodes the object, applies the JSON patch and decodes the result
 * with `json.SerializerOptions{Strict: true}` into the typed object of its kind. An unknown
 * field, or a value of the wrong JSON type, makes the decode fail, and the failure is
 * returned as `apierrors.NewInternalError(err)` — a StatusError, which the mutating
 * dispatcher (`dispatcher.go` dispatchInvocations: `if errors.As(err, &statusError) { return
 * nil, statusError }`) returns before the failurePolicy filter: the request is rejected even
 * under `failurePolicy: Ignore`.
 *
 * Custom resources decode into `unstructured.Unstructured`, where only the `kind` (and
 * `apiVersion`) must be present.
 */
import { lookupType } from '../schema';
import type { SchemaTypeRef } from '../schema';

function kindOfJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

/** The Go type name kubernetes' json decoder reports, for a type mismatch message. */
function goType(t: SchemaTypeRef): string {
  switch (t.kind) {
    case 'string': return 'string';
    case 'integer': return t.format === 'int32' ? 'int32' : 'int64';
    case 'number': return 'float64';
    case 'boolean': return 'bool';
    case 'array': return `[]${goType(t.items)}`;
    case 'map': return `map[string]${goType(t.values)}`;
    case 'object': return `v1.${t.name.split('.').pop()}`;
    default: return 'interface {}';
  }
}

function accepts(t: SchemaTypeRef, v: unknown): boolean {
  if (v === null) return true; // null decodes as the zero value
  switch (t.kind) {
    case 'string': return typeof v === 'string';
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number';
    case 'boolean': return typeof v === 'boolean';
    case 'quantity':
    case 'int-or-string': return typeof v === 'string' || typeof v === 'number';
    case 'array': return Array.isArray(v);
    case 'map':
    case 'object': return typeof v === 'object' && !Array.isArray(v);
    default: return true;
  }
}

/**
 * The strict decoding errors of `obj` as the type `typeName` (empty when it decodes):
 * `unknown field "spec.foo"` for each undeclared field (sigs.k8s.io/json strict errors), and
 * the first type mismatch (`json: cannot unmarshal <json type> into Go struct field ...`).
 */
export function strictDecodeErrors(obj: unknown, typeName: string | undefined): string[] {
  if (kindOfJson(obj) !== 'object') return [`json: cannot unmarshal ${kindOfJson(obj)} into Go value of type ${typeName ? `v1.${typeName.split('.').pop()}` : 'map[string]interface {}'}`];
  const o = obj as Record<string, unknown>;
  if (!typeName) {
    return typeof o.kind === 'string' && o.kind !== '' ? [] : [`Object 'Kind' is missing in '${JSON.stringify(obj)}'`];
  }
  const unknown: string[] = [];
  let mismatch: string | undefined;
  const stack: Array<{ v: unknown; t: SchemaTypeRef; path: string; struct: string; field: string }> = [
    { v: obj, t: { kind: 'object', name: typeName }, path: '', struct: typeName.split('.').pop()!, field: '' },
  ];
  while (stack.length > 0) {
    const { v, t, path, struct, field } = stack.pop()!;
    if (!accepts(t, v)) {
      if (!mismatch) mismatch = `json: cannot unmarshal ${kindOfJson(v) === 'object' ? 'object' : kindOfJson(v)} into Go struct field ${struct}.${field} of type ${goType(t)}`;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (t.kind === 'object') {
      const ot = lookupType(t.name);
      if (!ot) continue;
      const short = t.name.split('.').pop()!;
      for (const k of Object.keys(v)) {
        const f = ot.fields[k];
        const p = path ? `${path}.${k}` : k;
        if (!f) unknown.push(`unknown field ${JSON.stringify(p)}`);
        else stack.push({ v: (v as any)[k], t: f.type, path: p, struct: short, field: p });
      }
    } else if (t.kind === 'map') {
      for (const k of Object.keys(v)) stack.push({ v: (v as any)[k], t: t.values, path: `${path}[${k}]`, struct, field });
    } else if (t.kind === 'array') {
      (v as unknown[]).forEach((e, i) => stack.push({ v: e, t: t.items, path: `${path}[${i}]`, struct, field }));
    }
  }
  if (mismatch) return [mismatch];
  if (unknown.length > 0) return [`strict decoding error: ${unknown.sort().join(', ')}`];
  return [];
}
