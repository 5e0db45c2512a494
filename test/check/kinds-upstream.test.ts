/**
 * Agreement with the upstream validation tests of the non-workload kinds (cases in
 * kinds-upstream.cases.ts): every valid object yields no error, every invalid one an error
 * with the expected check id at the expected field path.
 */
import { describe, expect, it } from 'vitest';
import { UPSTREAM_CASES } from './kinds-upstream.cases';
import { formatViolation } from '../../lib/base/errors';
import { severityOf } from '../../lib/check/catalog';
import { checkObject } from '../../lib/check/registry';

const errorsOf = (o: unknown) => checkObject(o).filter((v) => severityOf(v.checkId) === 'error');

describe('agreement with the upstream validation tests', () => {
  const tally = { valid: 0, validOk: 0, invalid: 0, invalidOk: 0 };
  for (const [group, cases] of Object.entries(UPSTREAM_CASES)) {
    describe(group, () => {
      for (const c of cases) {
        if (!c.invalid) {
          it(`accepts ${c.name}`, () => {
            tally.valid++;
            const errs = errorsOf(c.obj).map((v) => `[${v.checkId}] ${formatViolation(v)}`);
            expect(errs).toEqual([]);
            tally.validOk++;
          });
        } else {
          const want = c.invalid;
          it(`fails when ${c.name} (${want.id} at ${want.field || '<object>'})`, () => {
            tally.invalid++;
            const errs = errorsOf(c.obj);
            const hit = errs.some((v) => v.checkId === want.id && v.field === want.field);
            expect(hit, errs.map((v) => `[${v.checkId}] ${formatViolation(v)}`).join('\n') || 'no error').toBe(true);
            tally.invalidOk++;
          });
        }
      }
    });
  }
  it('reports the agreement', () => {
    const total = Object.values(UPSTREAM_CASES).reduce((n, cs) => n + cs.length, 0);
    expect(tally.valid + tally.invalid).toBe(total);
    console.log(`upstream agreement: valid accepted ${tally.validOk}/${tally.valid}, invalid refused ${tally.invalidOk}/${tally.invalid}`);
    expect(tally.validOk).toBe(tally.valid);
    expect(tally.invalidOk).toBe(tally.invalid);
  });
});
