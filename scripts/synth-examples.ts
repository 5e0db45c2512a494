/**
 * The main job: synthesise every example app in examples/<name>/main.ts into
 * manifests/<name>/ and print the files written.
 *
 * Each example is a plain cdk8s program (`new App(); ...; app.synth()`); cdk8s reads its
 * output folder from CDK8S_OUTDIR, so the examples need no knowledge of this script.
 * Every example runs in its own child process, so one app's global state cannot leak into
 * the next and a failing example names itself.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..');
const examplesDir = join(root, 'examples');
const manifestsDir = join(root, 'manifests');
const only = process.argv.slice(2);

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

const examples = readdirSync(examplesDir)
  .filter((name) => existsSync(join(examplesDir, name, 'main.ts')))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

if (examples.length === 0) {
  console.error(`no example apps found under ${relative(process.cwd(), examplesDir)}/<name>/main.ts`);
  process.exit(1);
}

const tsx = join(root, 'node_modules', '.bin', 'tsx');
let failed = 0;
let written = 0;
for (const name of examples) {
  const outdir = join(manifestsDir, name);
  rmSync(outdir, { recursive: true, force: true });
  const res = spawnSync(tsx, [join(examplesDir, name, 'main.ts')], {
    cwd: join(examplesDir, name),
    env: { ...process.env, CDK8S_OUTDIR: outdir },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0) {
    failed++;
    console.error(`✗ ${name}: synthesis failed (exit ${res.status ?? res.signal})`);
    continue;
  }
  const files = existsSync(outdir) ? listFiles(outdir) : [];
  console.log(`✓ ${name}`);
  for (const f of files) {
    console.log(`    ${relative(root, f)}`);
    written++;
  }
}
console.log(`${examples.length - failed} of ${examples.length} example apps synthesised, ${written} files written to ${relative(process.cwd(), manifestsDir) || '.'}/`);
process.exit(failed ? 1 : 0);
