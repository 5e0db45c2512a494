import { joinPath, renderValue, Violation } from '../base/errors';
import { closestName } from '../base/validators';

/**
 * Field shapes of kube-apiserver configuration files (AuthorizationConfiguration, audit
 * Policy). These kinds are not API objects, so the generated API catalog does not know
 * them; the loaders decode them strictly, so every level lists exactly the fields that
 * the Go types have (names are case-sensitive).
 *
 * Internal: not part of the public API.
 */
export type FileShape =
  | { readonly t: 'string' }
  | { readonly t: 'bool' }
  | { readonly t: 'any' }
  | { readonly t: 'list'; readonly items: FileShape }
  | { readonly t: 'map'; readonly values: FileShape }
  | { readonly t: 'object'; readonly type: string; readonly fields: Readonly<Record<string, FileShape>>; readonly hints?: Readonly<Record<string, string>> };

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function expected(shape: FileShape): string {
  switch (shape.t) {
    case 'string': return 'a string';
    case 'bool': return 'a boolean (true or false)';
    case 'list': return 'a list';
    case 'map': return 'a map';
    case 'object': return `an object (${shape.type})`;
    default: return 'any value';
  }
}

const closest = closestName;

/**
 * Walks `value` against `shape` and reports every unknown field and every value of the
 * wrong JSON type, the two things a strict Go decoder refuses. `null` is treated as absent
 * (the Go decoder leaves the zero value), so "required" is left to the semantic rules.
 *
 * @param prefix check id prefix, e.g. `authz`
 * @param loader the program that decodes the file, named in messages
 */
export function checkFileShape(prefix: string, loader: string, field: string, value: unknown, shape: FileShape, out: Violation[]): void {
  if (value === null || value === undefined || shape.t === 'any') return;
  const wrongType = (): void => {
    out.push({
      checkId: `${prefix}/field-type`,
      field,
      problem: `must be ${expected(shape)}, not ${typeName(value)}`,
      got: renderValue(value),
      fix: `${loader} cannot decode this value; write ${expected(shape)}`,
    });
  };
  switch (shape.t) {
    case 'string':
      if (typeof value !== 'string') wrongType();
      return;
    case 'bool':
      if (typeof value !== 'boolean') wrongType();
      return;
    case 'list':
      if (!Array.isArray(value)) return wrongType();
      value.forEach((item, i) => checkFileShape(prefix, loader, joinPath(field, i), item, shape.items, out));
      return;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) return wrongType();
      for (const [k, item] of Object.entries(value as Record<string, unknown>)) {
        checkFileShape(prefix, loader, joinPath(field, k), item, shape.values, out);
      }
      return;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return wrongType();
      const known = Object.keys(shape.fields);
      for (const [k, item] of Object.entries(value as Record<string, unknown>)) {
        const own = (o: object | undefined) => o !== undefined && Object.prototype.hasOwnProperty.call(o, k);
        if (!own(shape.fields)) {
          const suggestion = closest(k, known);
          const hint = own(shape.hints) ? shape.hints![k] : undefined;
          out.push({
            checkId: `${prefix}/unknown-field`,
            field: joinPath(field, k),
            problem: `unknown field in ${shape.type}: ${loader} decodes this file strictly and refuses to start`,
            got: renderValue(k),
            allowed: known.join(', '),
            fix: hint ?? (suggestion ? `Did you mean ${renderValue(suggestion)}? Field names are case-sensitive` : 'Remove the field'),
          });
          continue;
        }
        checkFileShape(prefix, loader, joinPath(field, k), item, shape.fields[k], out);
      }
      return;
    }
  }
}
