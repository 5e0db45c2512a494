import { describe, expect, it } from 'vitest';
import { fixture, FIXTURE_NAMES } from './fixtures';
import { formatViolation } from '../../lib/base/errors';
import { checkSchema } from '../../lib/schema';
import { modelProblems } from '../support/oracle';

describe('checkSchema accepts the upstream-shaped 1.36 objects', () => {
  for (const name of FIXTURE_NAMES) {
    it(`accepts ${name}`, async () => {
      const obj = fixture(name);
      expect(checkSchema(obj).map(formatViolation)).toEqual([]);
      // The independent oracle (kubernetes-models 1.36) agrees that the fixture is valid.
      expect(await modelProblems(obj)).toEqual([]);
    });
  }
});
