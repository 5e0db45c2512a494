/**
 * scripts/coverage/*.functions.txt list every validate function of the upstream files
 * ported here, with a status; an implemented or partly implemented function must carry an
 * `// upstream: <FunctionName>` marker next to its port in lib/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const STATUSES = ['implemented', 'partial', 'not-implemented', 'deliberately-not'];

function markers(dir: string, found = new Set<string>()): Set<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) markers(p, found);
    else if (e.name.endsWith('.ts')) for (const m of fs.readFileSync(p, 'utf-8').matchAll(/\/\/ upstream: ([A-Za-z0-9_]+)/g)) found.add(m[1]);
  }
  return found;
}

describe.each(['apps', 'batch', 'meta'])('scripts/coverage/%s.functions.txt', (name) => {
  const rows = fs.readFileSync(path.join(ROOT, 'scripts', 'coverage', `${name}.functions.txt`), 'utf-8').trim().split('\n').filter((l) => !l.startsWith('#')).map((l) => l.split('\t'));
  const found = markers(path.join(ROOT, 'lib'));

  it('has a name, a known status and, unless implemented, a reason on every line', () => {
    for (const [fn, status, reason] of rows) {
      expect(fn).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
      expect(STATUSES, fn).toContain(status);
      if (status !== 'implemented') expect(reason ?? '', fn).not.toBe('');
    }
  });
  it('lists each function once', () => {
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
  });
  it('marks every implemented or partial function in lib/', () => {
    const missing = rows.filter(([, status]) => status === 'implemented' || status === 'partial').map(([fn]) => fn).filter((fn) => !found.has(fn));
    expect(missing).toEqual([]);
  });
});
