/** Runs every bench/*.bench.ts in its own process (so one cannot warm the next) and prints its output. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = __dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).filter((f) => !only.length || only.some((o) => f.includes(o))).sort();
let failed = 0;
for (const f of files) {
  const r = spawnSync(join(dir, '..', 'node_modules', '.bin', 'tsx'), ['--expose-gc', join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`benchmark ${f} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
