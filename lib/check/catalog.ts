/**
 * Every check id the library reports, with a one-line meaning. The README table of check
 * ids is generated from this list (`npx tsx scripts/gen-check-table.ts`), the CLI uses it
 * for SARIF rule descriptions, and a test fails when a rule id in the sources is missing
 * here.
 */

/** One check id and what it means. */
export interface CheckInfo {
  /** The id, `area/rule`. */
  readonly id: string;
  /** One line: what the rule refuses. */
  readonly meaning: string;
}

/** What each area of ids covers, for ids not (yet) listed one by one. */
export const CHECK_AREAS: Readonly<Record<string, string>> = {
  yaml: 'Reading the input (CLI and validation plugin)',
  cli: 'The checker itself',
  format: 'Value formats the API server validates (names, labels, quantities, durations)',
  schema: 'The strict Kubernetes v1.36 schema',
  cel: 'CEL expressions, parsed and type-checked for their environment',
  pss: 'Pod Security Standards (policy version v1.36), as Pod Security Admission enforces them',
  pod: 'Pod server-side rules',
  admission: 'Admission policies (MutatingAdmissionPolicy, ValidatingAdmissionPolicy and bindings)',
  dra: 'Dynamic Resource Allocation (resource.k8s.io/v1 claims, templates, device classes)',
  flowcontrol: 'API Priority and Fairness (FlowSchema, PriorityLevelConfiguration)',
  authz: 'The kube-apiserver AuthorizationConfiguration file',
  audit: 'The kube-apiserver audit Policy file',
};

/** The catalog, sorted by id. */
export const CHECK_CATALOG: readonly CheckInfo[] = [
  // reading input
  { id: 'yaml/parse', meaning: 'The document is not valid YAML (or JSON); it was not checked.' },
  { id: 'yaml/not-object', meaning: 'The document is a list or a scalar, not a Kubernetes object.' },
  { id: 'cli/plugin-properties', meaning: 'The validation plugin properties in cdk8s.yaml are not valid.' },
  { id: 'cli/internal-error', meaning: 'A checker failed on the document; please report the input.' },

  // value formats (lib/check/validators.ts)
  { id: 'format/type', meaning: 'A value has the wrong type (e.g. a number where a string is required).' },
  { id: 'format/required', meaning: 'A required string is empty.' },
  { id: 'format/dns1123-label', meaning: 'A name is not a DNS-1123 label (63 lower-case alphanumerics or "-").' },
  { id: 'format/dns1123-subdomain', meaning: 'A name is not a DNS-1123 subdomain (253 characters, dot-separated labels).' },
  { id: 'format/dns1035-label', meaning: 'A name is not a DNS-1035 label (like DNS-1123, starting with a letter).' },
  { id: 'format/qualified-name', meaning: 'A key is not a qualified name (`[prefix/]name`).' },
  { id: 'format/label-key', meaning: 'A label key is not a qualified name.' },
  { id: 'format/label-value', meaning: 'A label value is longer than 63 characters or has characters labels do not allow.' },
  { id: 'format/c-identifier', meaning: 'A name is not a C identifier.' },
  { id: 'format/cel-identifier', meaning: 'A CEL variable name is not an identifier or is a reserved word.' },
  { id: 'format/path-segment', meaning: 'A name cannot be a URL path segment (".", "..", "/" or "%").' },
  { id: 'format/quantity', meaning: 'A value is not a Kubernetes quantity (e.g. `100m`, `512Mi`), or is out of range.' },
  { id: 'format/duration', meaning: 'A value is not a Go duration (e.g. `3s`, `5m`).' },
];

const BY_ID = new Map(CHECK_CATALOG.map((c) => [c.id, c]));

/** The meaning of `id`, or of its area when the id is not listed. */
export function describeCheck(id: string): string {
  const known = BY_ID.get(id);
  if (known) return known.meaning;
  const area = id.split('/')[0];
  return CHECK_AREAS[area] ?? 'cdk8s-haru check';
}

/** True when `id` is listed in the catalog. */
export function isCataloguedCheck(id: string): boolean {
  return BY_ID.has(id);
}
