/**
 * The CLI tests run the compiled bin (`out/cli/main.js`), as users get it. In the full build
 * `out/` is fresh (compile runs before the tests); when a test run finds it older than the
 * sources it recompiles once (tsc, same settings as jsii), with a lock so that parallel test
 * files do not compile over each other.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'out', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  const outputs = [BIN, path.join(ROOT, 'out', 'index.js')];
  if (!outputs.every((f) => fs.existsSync(f))) return false;
  const oldest = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return oldest >= newestSource(path.join(ROOT, 'lib'));
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Makes sure out/ holds a compiled library and bin no older than lib/. */
export function ensureBuilt(): void {
  if (fresh()) return;
  fs.mkdirSync(path.join(ROOT, 'out'), { recursive: true });
  const lock = path.join(ROOT, 'out', '.test-build.lock');
  try {
    fs.mkdirSync(lock);
  } catch {
    // Another test file is compiling: wait for it (a lock older than 3 minutes is stale).
    const deadline = Date.now() + 180_000;
    while (fs.existsSync(lock) && Date.now() < deadline) sleep(200);
    if (fresh()) return;
    fs.rmSync(lock, { recursive: true, force: true });
    fs.mkdirSync(lock);
  }
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Result of one run of the bin. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node out/cli/main.js ...args` with `input` on standard input. */
export function runCli(args: readonly string[], opts: { input?: string | Buffer; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input ?? '',
    encoding: 'utf-8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
