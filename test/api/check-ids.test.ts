/** The README's table of check ids is generated from the catalog and kept in step with it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_CATALOG } from '../../lib/check/catalog';
import { checkTable, withTable } from '../../scripts/gen-check-table';

describe('README check-id table', () => {
  it('is what scripts/gen-check-table.ts generates (run it after changing lib/check/catalog.ts)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    expect(withTable(readme)).toBe(readme);
  });

  it('has one row per catalogued id', () => {
    const rows = checkTable().split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(CHECK_CATALOG.length);
    expect(rows).toContain('| `flowcontrol/entropy` | error | queues and handSize need more than the 60 bits of hash entropy shuffle sharding has. |');
    expect(rows).toContain('| `flowcontrol/shadowed` | warning | A subject never reaches this FlowSchema: a built-in schema with higher precedence matches it first. |');
  });
});
