/**
 * Determinism: the same app gives byte-identical files when synthesised twice in one process
 * and in two separate processes — every examples/ app and one app using all five
 * constructs — and the output does not depend on the insertion order of label and
 * annotation maps (cdk8s sorts keys; the library adds no timestamps or random names).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { synthAllConstructs } from './determinism/all-constructs';

const ROOT = path.resolve(__dirname, '..', '..');
const DRIVER = path.join(__dirname, 'determinism', 'synth-all.ts');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Byte-by-byte comparison of two trees; returns the differences. */
function compareTrees(a: string, b: string): string[] {
  const fa = filesUnder(a);
  const fb = filesUnder(b);
  const diffs: string[] = [];
  if (JSON.stringify(fa) !== JSON.stringify(fb)) diffs.push(`file lists differ: ${fa.join(',')} vs ${fb.join(',')}`);
  for (const f of fa.filter((x) => fb.includes(x))) {
    if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) diffs.push(`${f} differs`);
  }
  return diffs;
}

const tmp = (label: string) => fs.mkdtempSync(path.join(os.tmpdir(), `haru-determinism-${label}-`));

describe('determinism', () => {
  it('every example and the all-constructs app: same bytes twice in one process and across two processes', async () => {
    const [one, two] = [tmp('p1'), tmp('p2')];
    const run = promisify(execFile);
    await Promise.all([one, two].map((dir) => run(process.execPath, ['--import', 'tsx', DRIVER, dir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 })));
    const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((n) => fs.existsSync(path.join(ROOT, 'examples', n, 'main.ts')));
    const apps = fs.readdirSync(path.join(one, 'first')).sort();
    expect(apps).toEqual([...examples, 'all-constructs'].sort());
    for (const app of apps) {
      const files = filesUnder(path.join(one, 'first', app));
      expect(files.length, app).toBeGreaterThan(0);
      for (const f of files) {
        const text = fs.readFileSync(path.join(one, 'first', app, f), 'utf8');
        expect(text.length, `${app}/${f}`).toBeGreaterThan(0);
        // no timestamps in the output
        expect(text, `${app}/${f}`).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
      }
      expect(compareTrees(path.join(one, 'first', app), path.join(one, 'second', app)), `${app}: in one process`).toEqual([]);
      expect(compareTrees(path.join(one, 'first', app), path.join(two, 'first', app)), `${app}: across processes`).toEqual([]);
    }
  }, 300_000);

  it('label and annotation insertion order does not change the output', () => {
    const reference = tmp('ref');
    synthAllConstructs(reference);
    fc.assert(fc.property(fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }), (order) => {
      const dir = tmp('shuffled');
      synthAllConstructs(dir, order);
      expect(compareTrees(reference, dir)).toEqual([]);
    }), { numRuns: 12 });
  });
});
