/**
 * The package as users get it: `npm pack` the compiled library, unpack it into a fresh
 * project beside the peer dependencies, compile a TypeScript program against its typings
 * and run it. Catches a wrong `main`/`types`, files missing from the tarball and bundled
 * dependencies that do not travel.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
let work: string;
let project: string;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  return execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

beforeAll(() => {
  // The full build compiles before testing; a bare `vitest run` may not have.
  if (!existsSync(join(root, 'out', 'index.js'))) {
    run(bin('jsii'), ['--fail-on-warnings'], root, { JSII_SILENCE_SUPPORT_WARNING: '1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' });
    run('chmod', ['+x', join('out', 'cli', 'main.js')], root); // the build's post-compile step
  }
  work = mkdtempSync(join(tmpdir(), 'haru-pack-'));
  run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], root);
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  expect(tgz).toBeDefined();

  project = join(work, 'consumer');
  const pkgDir = join(project, 'node_modules', 'cdk8s-haru');
  mkdirSync(pkgDir, { recursive: true });
  run('tar', ['-xzf', join(work, tgz!), '-C', pkgDir, '--strip-components=1'], work);
  for (const peer of ['cdk8s', 'constructs', 'cdk8s-plus-33']) {
    symlinkSync(join(root, 'node_modules', peer), join(project, 'node_modules', peer), 'dir');
  }
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'commonjs', moduleResolution: 'node10', strict: true, outDir: 'dist', skipLibCheck: false, types: [], ignoreDeprecations: '6.0' },
    files: ['main.ts'],
  }));
  writeFileSync(join(project, 'main.ts'), readFileSync(join(__dirname, 'consumer-main.ts.txt'), 'utf8'));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed library', () => {
  it('ships compiled JavaScript, typings, the jsii assembly and bundled dependencies', () => {
    const pkgDir = join(project, 'node_modules', 'cdk8s-haru');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    expect(existsSync(join(pkgDir, pkg.main))).toBe(true);
    expect(existsSync(join(pkgDir, pkg.types))).toBe(true);
    expect(existsSync(join(pkgDir, '.jsii'))).toBe(true);
    for (const dep of pkg.bundledDependencies as string[]) {
      expect(existsSync(join(pkgDir, 'node_modules', dep, 'package.json')), `bundled ${dep}`).toBe(true);
    }
    // Sources, tests and generated scratch stay out of the tarball.
    expect(existsSync(join(pkgDir, 'lib'))).toBe(false);
    expect(existsSync(join(pkgDir, 'test'))).toBe(false);
  });

  it('packs the CLI executable and nothing but the library (no bench, examples, scripts, CI files, API docs or tarballs)', () => {
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
    const listing = run('tar', ['-tvzf', join(work, tgz)], work).trim().split('\n');
    // The jsii kernel runs a bin script directly (Python's console script), so it needs its execute bit.
    expect(listing.find((l) => l.endsWith(' package/out/cli/main.js'))).toMatch(/^-rwxr-xr-x /);
    const tops = new Set(listing.map((l) => l.split(/\s+/).pop()!.split('/')[1]));
    expect([...tops].sort()).toEqual(['.jsii', 'LICENSE', 'README.md', 'node_modules', 'out', 'package.json']);
    const pkgDir = join(project, 'node_modules', 'cdk8s-haru');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const out = run(join(pkgDir, pkg.bin['cdk8s-haru']), ['--help'], project);
    expect(out).toContain('cdk8s-haru');
  });

  it('compiles a TypeScript program against its typings and synthesises from it', () => {
    run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], project);
    const outdir = join(project, 'manifests');
    const stdout = run(process.execPath, [join(project, 'dist', 'main.js')], project, { CDK8S_OUTDIR: outdir });
    expect(stdout).toContain('consumer ok');
    const files = readdirSync(outdir);
    expect(files.length).toBeGreaterThan(0);
    const yaml = files.map((f) => readFileSync(join(outdir, f), 'utf8')).join('\n');
    expect(yaml).toContain('kind: Pod');
    expect(yaml).toContain('kind: MutatingAdmissionPolicy');
  });

  it('installs a cdk8s-haru bin that checks the consumer\'s output clean', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'cdk8s-haru', 'package.json'), 'utf8'));
    const binPath = join(project, 'node_modules', 'cdk8s-haru', pkg.bin['cdk8s-haru']);
    const out = run(process.execPath, [binPath, 'check', join(project, 'manifests')], project); // throws unless exit 0
    // Neither errors nor warnings: the constructs' output is what the server takes without a word.
    expect(out.trimEnd().split('\n').slice(0, -1)).toEqual([]);
    expect(out.trimEnd().split('\n').pop()).toMatch(/^cdk8s-haru check: \d+ documents? in 1 file, no findings/);
  });

  it('installs a cdk8s-haru bin that admits objects through MutatingAdmissionPolicies', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'cdk8s-haru', 'package.json'), 'utf8'));
    const binPath = join(project, 'node_modules', 'cdk8s-haru', pkg.bin['cdk8s-haru']);
    const fixtures = join(root, 'test', 'cli', 'fixtures', 'admit');
    const out = run(process.execPath, [binPath, 'admit', '--policies', join(fixtures, 'policies.yaml'), join(fixtures, 'pods.yaml')], project);
    expect(out).toContain('team: web');
  });
});
