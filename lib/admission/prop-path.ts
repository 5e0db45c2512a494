import { Violation } from '../base/errors';

/**
 * Where a field of a policy rendered from its props comes from. The construct's eager check
 * sees the object before any JSON patch, so a problem is reported at the prop the user wrote
 * (`matchConditions[0].expression`, `name`), not at the rendered field
 * (`spec.matchConditions[0].expression`, `metadata.name`). Fields the construct generates
 * (match constraints, the CEL of a Mutation/Validation factory) keep the object path.
 */
export interface PolicyPropPaths {
  /** For each rendered `spec.matchConditions` entry, the index in props.matchConditions (undefined: generated). */
  readonly matchConditions: ReadonlyArray<number | undefined>;
  /** Rendered `spec` lists copied one to one from the props of the same name. */
  readonly lists: readonly string[];
}

const SCALARS: Record<string, string> = {
  'metadata.name': 'name',
  'spec.mutations': 'mutations',
  'spec.validations': 'validations',
  'spec.failurePolicy': 'failurePolicy',
  'spec.reinvocationPolicy': 'reinvocationPolicy',
};

/** The prop path of a rendered policy field, or the field itself. */
export function policyPropPath(field: string, paths: PolicyPropPaths): string {
  if (SCALARS[field] !== undefined) return SCALARS[field];
  if (field === 'spec.paramKind' || field.startsWith('spec.paramKind.')) return 'paramKind';
  const m = /^spec\.(\w+)\[(\d+)\](.*)$/.exec(field);
  if (!m) return field;
  if (m[1] === 'matchConditions') {
    const i = paths.matchConditions[Number(m[2])];
    return i === undefined ? field : `matchConditions[${i}]${m[3]}`;
  }
  return paths.lists.includes(m[1]) ? `${m[1]}[${m[2]}]${m[3]}` : field;
}

/**
 * The eager findings at their props, each reported once: the same problem found by two
 * checks on one field (e.g. the name by the schema and by the policy rules) is shown once.
 */
export function atProps(vs: readonly Violation[], paths: PolicyPropPaths): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const v of vs) {
    const field = policyPropPath(v.field, paths);
    const key = `${field}\u0000${v.got ?? ''}\u0000${v.problem.replace(/\s*\([^)]*\)/g, '')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(field === v.field ? v : { ...v, field });
  }
  return out;
}
