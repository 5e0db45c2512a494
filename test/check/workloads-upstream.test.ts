/**
 * Agreement with the upstream validation test tables of apps/v1, batch/v1, the core
 * workload kinds and ObjectMeta (cases in ./upstream-cases.ts, each citing its upstream
 * test): a valid object must produce no error, an invalid one an error at each field path
 * upstream reports (or below it: upstream's `metadata.labels` is our
 * `metadata.labels["key"]`). The whole checker runs (schema, pod rules and the workload
 * rules), as `check` does.
 */
import { describe, expect, it } from 'vitest';
import { UPSTREAM_CASES, UpstreamCase } from './upstream-cases';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';

/**
 * Cases where this library does not agree with upstream yet, with the reason. The test
 * fails when one of them starts to agree (remove it then) or another one disagrees.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'TestValidateReplicaSet: read-write persistent disk with > 1 pod':
    'ValidateReadOnlyPersistentDisks: the API server skips it on create (PodValidationOptions.SkipReadOnlyValidationGCE, set by '
    + 'GetValidationOptionsFromPodTemplate when there is no old template); the upstream table calls the validation with zero options',
};

function errorFields(obj: unknown): string[] {
  return checkObject(obj).filter((v) => severityOf(v.checkId) === 'error').map((v) => v.field);
}

/** `got` is `want` or a path below it. */
function covers(got: string, want: string): boolean {
  return got === want || got.startsWith(`${want}.`) || got.startsWith(`${want}[`);
}

function agrees(c: UpstreamCase): { ok: boolean; got: string[] } {
  const got = errorFields(c.obj);
  if (c.want.length === 0) return { ok: got.length === 0, got };
  return { ok: c.want.every((w) => got.some((g) => covers(g, w))), got };
}

describe('upstream validation tables, translated to v1 objects', () => {
  const all = Object.entries(UPSTREAM_CASES).flatMap(([file, cases]) => cases.map((c) => ({ file, c })));
  const counted = all.filter(({ c }) => !c.na);

  for (const [file, cases] of Object.entries(UPSTREAM_CASES)) {
    describe(file, () => {
      for (const c of cases.filter((x) => !x.na)) {
        it(`${c.want.length ? 'refuses' : 'accepts'}: ${c.name}`, () => {
          const { ok, got } = agrees(c);
          if (KNOWN_DIFFERENCES[c.name]) {
            expect(ok, `now agrees; remove it from KNOWN_DIFFERENCES: ${c.name}`).toBe(false);
          } else {
            expect(got, c.name).toSatisfy(() => ok);
          }
        });
      }
    });
  }

  it('agrees on every countable case but the listed differences, and reports the rates', () => {
    const valid = counted.filter(({ c }) => c.want.length === 0);
    const invalid = counted.filter(({ c }) => c.want.length > 0);
    const validOk = valid.filter(({ c }) => agrees(c).ok).length;
    const invalidOk = invalid.filter(({ c }) => agrees(c).ok).length;
    // eslint-disable-next-line no-console
    console.log(`upstream agreement: valid accepted ${validOk}/${valid.length}, invalid refused ${invalidOk}/${invalid.length}; `
      + `${all.length - counted.length} cases have no v1 form (${all.filter(({ c }) => c.na).map(({ c }) => c.name).join('; ')})`);
    expect(validOk + invalidOk).toBe(counted.length - Object.keys(KNOWN_DIFFERENCES).length);
  });

  it('has a reason for every case it does not count', () => {
    for (const { c } of all.filter((x) => x.c.na)) expect(c.na!.length, c.name).toBeGreaterThan(20);
  });
});
