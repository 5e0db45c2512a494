/**
 * The oracle's checks without any test-runner dependency (usable from scripts).
 * The independent oracle every synthesised object in the tests is checked against:
 *   1. kubernetes-models@5.1.0 validation (generated from the 1.36 OpenAPI schema by a
 *      third party: types, enums, required fields, formats);
 *   2. this library's strict 1.36 schema checker (unknown fields, list-map keys, served
 *      versions) and the per-kind server rules from the fact sheet (lib/check/registry).
 * (1) is independent of our code; (2) encodes the fact sheet. Both must pass.
 */
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';

const moduleCache = new Map<string, Record<string, any>>();

async function modelModule(apiVersion: string): Promise<Record<string, any> | undefined> {
  const spec = apiVersion.includes('/') ? apiVersion : apiVersion; // core group: "v1"
  if (!moduleCache.has(spec)) {
    try {
      moduleCache.set(spec, await import(`kubernetes-models/${spec}`));
    } catch {
      moduleCache.set(spec, {});
    }
  }
  return moduleCache.get(spec);
}

/** Kinds that are kube-apiserver files, not API objects: kubernetes-models has no model. */
const FILE_KINDS = new Set(['apiserver.config.k8s.io/v1/AuthorizationConfiguration', 'audit.k8s.io/v1/Policy']);

/** Problems kubernetes-models finds in `obj` (empty when valid). */
export async function modelProblems(obj: any): Promise<string[]> {
  const key = `${obj?.apiVersion}/${obj?.kind}`;
  if (FILE_KINDS.has(key)) return [];
  const mod = await modelModule(String(obj?.apiVersion));
  const Model = mod?.[String(obj?.kind)];
  if (typeof Model !== 'function') return [`kubernetes-models has no model for ${key}`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e: any) {
    return [`kubernetes-models: ${e?.message ?? String(e)}`];
  }
}

/** Problems the library's own schema checker and per-kind rules find. */
export function ruleProblems(obj: any): string[] {
  // Errors and warnings both count: what the server warns about is a mistake in what the
  // constructs emit.
  return checkObject(obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}

/**
 * The errors of the per-kind rules only: what the API server refuses. The fuzzers use it,
 * since the constructs accept warnings by design (unless a profile sets failOnWarnings).
 */
export function ruleErrors(obj: any): string[] {
  return checkObject(obj).filter((v) => severityOf(v.checkId) === 'error').map((v) => `[${v.checkId}] ${formatViolation(v)}`);
}
