/** The table of check ids in docs/check-ids.md is generated from the catalog and kept in step with it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECK_CATALOG } from '../../lib/check/catalog';
import { CHECK_IDS_PAGE, checkTable, withTable } from '../../scripts/gen-check-table';

describe('docs/check-ids.md table', () => {
  it('is what scripts/gen-check-table.ts generates (run it after changing lib/check/catalog.ts)', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', '..', CHECK_IDS_PAGE), 'utf-8');
    expect(withTable(page)).toBe(page);
  });

  it('has one row per catalogued id', () => {
    const rows = checkTable().split('\n').filter((l) => l.startsWith('| `'));
    expect(rows).toHaveLength(CHECK_CATALOG.length);
    expect(rows).toContain('| `flowcontrol/entropy` | error | queues and handSize need more than the 60 bits of hash entropy shuffle sharding has. |');
    expect(rows).toContain('| `flowcontrol/shadowed` | warning | A subject never reaches this FlowSchema: a built-in schema with higher precedence matches it first. |');
  });
});
