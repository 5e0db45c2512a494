/**
 * Small helpers shared by the per-kind checkers of core/v1, networking, policy,
 * autoscaling and rbac: building a violation in the project's shape, reading lists and
 * strings defensively, and the apimachinery format checks those kinds use.
 */
import { checkLabelSelector } from './admission';
import { renderValue, Violation } from '../base/errors';
import { isObject } from '../base/validators';

/** A violation; `got` is rendered unless it is undefined. */
export function mk(checkId: string, field: string, problem: string, got?: unknown, allowed?: string, fix?: string): Violation {
  return {
    checkId,
    field,
    problem,
    ...(got !== undefined ? { got: renderValue(got) } : {}),
    ...(allowed !== undefined ? { allowed } : {}),
    ...(fix !== undefined ? { fix } : {}),
  };
}

/** `x` when it is a list, else an empty list. */
export const arr = (x: unknown): any[] => (Array.isArray(x) ? x : []);
/** `x` when it is an object, else an empty one. */
export const obj = (x: unknown): Record<string, any> => (isObject(x) ? x : {});
/** True when `x` is neither undefined nor null. */
export const isSet = (x: unknown): boolean => x !== undefined && x !== null;
/** A JSON map key in a field path: `data["a.b"]`. */
export const key = (parent: string, k: string): string => `${parent}[${JSON.stringify(k)}]`;

/** metav1 ValidateLabelSelector (strict, as on create), reported under `checkId`. */
export function labelSelector(checkId: string, field: string, selector: unknown): Violation[] {
  return checkLabelSelector(field, selector).map((v) => ({ ...v, checkId }));
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** IsDNS1123Label: the problem, or undefined. */
export function dns1123LabelProblem(s: unknown): string | undefined {
  if (typeof s !== 'string') return 'must be a string';
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(s)) return "must be a DNS-1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character";
  return undefined;
}

/** IsDNS1123Subdomain: the problem, or undefined. */
export function dns1123SubdomainProblem(s: unknown): string | undefined {
  if (typeof s !== 'string') return 'must be a string';
  if (s.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(s)) return "must be a DNS-1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character";
  return undefined;
}

/** IsDNS1035Label: the problem, or undefined. */
export function dns1035LabelProblem(s: unknown): string | undefined {
  if (typeof s !== 'string') return 'must be a string';
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!DNS1035_LABEL.test(s)) return "must be a DNS-1035 label: lower case alphanumeric characters or '-', starting with a letter and ending with an alphanumeric character";
  return undefined;
}

/** IsQualifiedName (`[prefix/]name`): the problem, or undefined. */
export function qualifiedNameProblem(s: unknown): string | undefined {
  if (typeof s !== 'string' || s === '') return 'must be a qualified name ([prefix/]name)';
  const parts = s.split('/');
  if (parts.length > 2) return "must be a qualified name: an optional DNS subdomain prefix and '/', then a name";
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') return 'prefix part must be non-empty';
    const p = dns1123SubdomainProblem(parts[0]);
    if (p) return `prefix part ${p}`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!/^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(name)) return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** IsValidPathSegmentName: the problem, or undefined. */
export function pathSegmentProblem(s: string): string | undefined {
  if (s === '.' || s === '..') return `may not be '${s}'`;
  if (s.includes('/')) return "may not contain '/'";
  if (s.includes('%')) return "may not contain '%'";
  return undefined;
}

/** IsValidPortNum (1-65535) for a number. */
export const isPortNum = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;

/** IsConfigMapKey: the problem, or undefined. */
export function configKeyProblem(k: string): string | undefined {
  if (k.length > 253) return 'must be no more than 253 characters';
  if (!/^[-._a-zA-Z0-9]+$/.test(k)) return "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
  if (k === '.') return "must not be '.'";
  if (k === '..') return "must not be '..'";
  if (k.startsWith('..')) return "must not start with '..'";
  return undefined;
}
