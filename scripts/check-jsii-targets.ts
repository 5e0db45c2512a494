/**
 * The Python, Go, Java and .NET bindings, generated and checked offline on every build
 * (`npx projen test:jsii-targets`, part of `npm run build`; needs `npx projen compile` first).
 *
 * 1. jsii-pacmak --code-only writes all four targets' sources into dist/code-only/.
 * 2. Every type of the assembly (.jsii) must appear in each target's code.
 * 3. Python: every file passes py_compile; the README's Python quick start and the Python
 *    translation (jsii-rosetta) of every program and fragment of README.md and docs/**\/*.md
 *    (scripts/doc-pages.ts) and of every example app use only names,
 *    parameters and members that the generated cdk8s_haru/__init__.py defines
 *    (scripts/check_python_names.py).
 *    The quick start in the README must be exactly what jsii-rosetta makes of the TypeScript one.
 *    The package itself: its wheel and sdist are built and installed with pip --no-deps into
 *    temporary venvs (scripts/check_python_package.py): the console script, the CLI's execute
 *    bit inside the embedded tarball, the tarball's contents, every constructor's, method's
 *    and struct's keyword arguments against the assembly, and every struct field that can sit
 *    inside a list or map refuses its snake_case spelling naming the camelCase one.
 * 4. Java: javac parses every file (scripts/JavaSyntaxCheck.java); no type-check (the jsii
 *    runtime jar is on Maven Central only).
 * 5. Go: gofmt parses every file (syntax errors fail) when a Go toolchain is installed,
 *    otherwise skipped with the reason.
 * 6. .NET: no toolchain here; only step 2.
 *
 * Nothing here downloads anything. Exits 1 on the first failed check, after printing why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { docPages, tsBlocks } from './doc-pages';
import { checkFunctionArguments } from '../lib/base/arguments';
import {
  ROOT, assertClean, committedPythonQuickStart, toPython, tsQuickStart, usesPackage, withPythonQuickStart,
} from './readme-python';

const OUT = path.join(ROOT, 'dist', 'code-only');
const BIN = path.join(ROOT, 'node_modules', '.bin');

interface Assembly {
  readonly name: string;
  readonly types: Record<string, { readonly name: string; readonly kind: string }>;
  readonly targets: {
    readonly python: { readonly module: string };
    readonly go: { readonly packageName: string };
    readonly java: { readonly package: string };
    readonly dotnet: { readonly namespace: string; readonly packageId: string };
  };
}

function fail(what: string, detail: string): never {
  throw new Error(`${what}\n${detail.trim()}`);
}

function run(cmd: string, args: string[], cwd = ROOT): { status: number; out: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) fail(`${path.basename(cmd)} could not be run (python3 and a JDK are required; Go and .NET are optional)`, r.error.message);
  return { status: r.status ?? 1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function filesUnder(dir: string, ext: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf-8' })
    .filter((f) => f.endsWith(ext)).map((f) => path.join(dir, f)).sort();
}

/** Fails unless the target's code declares every type of the assembly. */
function requireAll(target: string, expected: string[], declared: Set<string>): string {
  const missing = expected.filter((t) => !declared.has(t));
  if (missing.length) fail(`${target}: ${missing.length} type(s) of the assembly are not in the generated code`, missing.join(', '));
  return `${expected.length} types`;
}

const steps: Array<[string, () => string]> = [];
const step = (name: string, fn: () => string) => steps.push([name, fn]);

const assemblyFile = path.join(ROOT, '.jsii');
if (!fs.existsSync(assemblyFile)) {
  console.error('test:jsii-targets: no .jsii assembly; run `npx projen compile` first');
  process.exit(1);
}
const asm = JSON.parse(fs.readFileSync(assemblyFile, 'utf-8')) as Assembly;
const typeNames = Object.values(asm.types).map((t) => t.name).sort();
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
const pyModule = asm.targets.python.module;
const pyInit = path.join(OUT, 'python', 'src', pyModule, '__init__.py');

step('lib/base/api-schema.generated.ts (run-time argument checks) matches the assembly', () => {
  const r = run(path.join(BIN, 'tsx'), [path.join(ROOT, 'scripts', 'gen-api-schema.ts'), '--check']);
  if (r.status !== 0) fail('the run-time argument schema is stale', r.out);
  return `${Object.keys(asm.types).length} types`;
});

step('jsii-pacmak --code-only (python, go, java, dotnet)', () => {
  fs.rmSync(OUT, { recursive: true, force: true });
  const r = run(path.join(BIN, 'jsii-pacmak'), ['--code-only', '--targets', 'python,go,java,dotnet', '--outdir', OUT]);
  if (r.status !== 0) fail('jsii-pacmak failed', r.out);
  return `into ${path.relative(ROOT, OUT)}/`;
});

step('Python: py_compile every generated file', () => {
  const files = filesUnder(path.join(OUT, 'python'), '.py');
  if (files.length === 0) fail('Python: jsii-pacmak wrote no .py files', OUT);
  const r = run('python3', ['-m', 'py_compile', ...files]);
  if (r.status !== 0) fail('Python: generated code does not compile', r.out);
  const classes = new Set(execFileSync('python3', ['-c',
    'import ast,sys; print("\\n".join(n.name for n in ast.parse(open(sys.argv[1]).read()).body if isinstance(n, ast.ClassDef)))', pyInit],
  { encoding: 'utf-8' }).split('\n'));
  return `${files.length} files; ${requireAll('Python', typeNames, classes)} present as classes`;
});

step('Python: README quick start is generated from the TypeScript one; README and docs/ programs and examples use only generated names', () => {
  const quickStart = tsQuickStart(readme);
  // The quick start first, then every block of README.md and docs/**/*.md that uses the package.
  const docs = [{ label: 'README.md quick start', name: 'README.md-quick-start', code: quickStart }];
  for (const page of docPages(ROOT)) {
    tsBlocks(fs.readFileSync(path.join(ROOT, page), 'utf-8')).filter(usesPackage).forEach((code, i) => {
      if (code !== quickStart) docs.push({ label: `${page} program ${i + 1}`, name: `${page.replace(/\W/g, '-')}-program-${i + 1}`, code });
    });
  }
  const translations = toPython(docs.map((d) => d.code), docs.map((d) => d.name));
  const dir = fs.mkdtempSync(path.join(OUT, 'python-programs-'));
  const files = translations.map((t, i) => {
    assertClean(t, docs[i].label);
    const f = path.join(dir, `${docs[i].name.replace(/\W/g, '_')}.py`);
    fs.writeFileSync(f, t.python);
    return f;
  });
  const qs = translations[0];
  if (withPythonQuickStart(readme, qs.python) !== readme) {
    fail('README.md: the Python quick start is not what jsii-rosetta makes of the TypeScript one; run `npx projen readme:python`',
      `expected:\n${qs.python}`);
  }
  const committed = path.join(dir, 'readme_quick_start_committed.py');
  fs.writeFileSync(committed, committedPythonQuickStart(readme));
  files.push(committed);

  // The example apps too, as a user would import them. jsii-rosetta translates a subset of
  // TypeScript (no arrow functions, one file per program): an example outside it is listed
  // as not translated; the examples themselves are type-checked and run by the tests.
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'main.ts'))).sort();
  const exampleSources = examples.map((d) => fs.readFileSync(path.join(ROOT, 'examples', d, 'main.ts'), 'utf-8')
    .replace(/from '\.\.\/\.\.\/lib'/g, "from 'cdk8s-haru'"));
  const notTranslated: string[] = [];
  toPython(exampleSources, examples.map((d) => `examples-${d}`)).forEach((t, i) => {
    if (t.diagnostics.length) {
      notTranslated.push(`${examples[i]} (${t.diagnostics[0].split('\n')[0].replace(/^.*? - error /, '')})`);
      return;
    }
    const f = path.join(dir, `example_${examples[i].replace(/\W/g, '_')}.py`);
    fs.writeFileSync(f, t.python);
    files.push(f);
  });
  const r = run('python3', [path.join(ROOT, 'scripts', 'check_python_names.py'), pyModule, pyInit, ...files]);
  if (r.status !== 0) fail('Python: programs use names the generated module does not have', r.out);
  const skipped = notTranslated.length ? `; examples not translatable by jsii-rosetta, not checked: ${notTranslated.join(', ')}` : '';
  return `quick start current; ${r.out.trim().split('\n').pop()} (README and docs/ ${translations.length + 1}, examples ${examples.length - notTranslated.length})${skipped}`;
});

// Debian's python3 has setuptools, wheel (python3-wheel) and venv (python3-venv); a pyenv or
// other interpreter may lack wheel. The first one that has all three builds the package.
function packagingPython(): string | undefined {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import setuptools, wheel, venv, ensurepip'], { encoding: 'utf-8' });
    if (!r.error && r.status === 0) return py;
  }
  return undefined;
}

step('Python: wheel and sdist install offline; console script, CLI mode, keyword arguments; snake_case keys inside lists refused', () => {
  const py = packagingPython();
  if (!py) fail('Python: no python3 with setuptools, wheel and venv', 'Install them (Debian: apt-get install python3-wheel python3-venv).');
  const work = fs.mkdtempSync(path.join(OUT, 'python-install-'));
  // pip writes build/ and *.egg-info next to the sources: build from a copy.
  const src = path.join(work, 'src');
  fs.cpSync(path.join(OUT, 'python'), src, { recursive: true });
  const r = run(py!, [path.join(ROOT, 'scripts', 'check_python_package.py'), src, assemblyFile, work]);
  if (r.status !== 0) fail('Python: the built package is not what the assembly promises', r.out);
  const lines = r.out.trim().split('\n');
  const fields = JSON.parse(lines.pop()!) as Array<{ struct: string; camel: string; snake: string }>;
  // Inside a list or map jsii sends a Python dict as written: each snake_case key must be
  // refused with the camelCase name, never dropped.
  const silent = fields.filter((f) => {
    try {
      checkFunctionArguments('python', [['items', `L:S:${f.struct}`, 0]], [[{ [f.snake]: 'x' }]]);
      return true;
    } catch (e) {
      return !(e as Error).message.includes(`Did you mean "${f.camel}"?`);
    }
  });
  if (silent.length) fail('Python: snake_case keys inside lists are not refused with the camelCase name', silent.map((f) => `${f.struct}.${f.snake}`).join(', '));
  fs.rmSync(work, { recursive: true, force: true });
  return `${lines.join(' ')}; all ${fields.length} refused naming the camelCase field`;
});

step('Java: javac parses every generated file', () => {
  const r = run('java', [path.join(ROOT, 'scripts', 'JavaSyntaxCheck.java'), path.join(OUT, 'java', 'src')]);
  if (r.status !== 0) fail('Java: generated code does not parse', r.out.split('\n').filter((l) => !l.startsWith('type ')).join('\n'));
  const declared = new Set(r.out.split('\n').filter((l) => l.startsWith(`type ${asm.targets.java.package}.`))
    .map((l) => l.slice(`type ${asm.targets.java.package}.`.length)));
  return `${r.out.trim().split('\n').pop()}; ${requireAll('Java', typeNames, declared)} declared (not type-checked: no jsii runtime jar offline)`;
});

step('Go: gofmt parses every generated file', () => {
  const dir = path.join(OUT, 'go', asm.targets.go.packageName);
  const files = filesUnder(dir, '.go');
  const declared = new Set(files.flatMap((f) => [...fs.readFileSync(f, 'utf-8').matchAll(/^type (\w+) /gm)].map((m) => m[1])));
  const present = `${files.length} files; ${requireAll('Go', typeNames, declared)} declared`;
  // gofmt -e prints every syntax error and exits 2. jsii-pacmak never runs gofmt on what it
  // writes, so `-l` lists (nearly) every file for blank lines alone; that count is reported,
  // not failed on.
  const gofmt = spawnSync('gofmt', ['-e', '-l', dir], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (gofmt.error) return `${present}; gofmt SKIPPED: no Go toolchain on this machine (gofmt not on PATH)`;
  if (gofmt.status !== 0 || gofmt.stderr.trim()) fail('Go: gofmt cannot parse generated files', gofmt.stderr || gofmt.stdout);
  const unformatted = gofmt.stdout.split('\n').filter(Boolean).length;
  return `${present}; gofmt -e parses all (${unformatted} not in gofmt layout, as jsii-pacmak writes them)`;
});

step('.NET: generated sources', () => {
  const dir = path.join(OUT, 'dotnet', asm.targets.dotnet.packageId);
  const files = filesUnder(dir, '.cs');
  // One file per type, named after it (a struct also gets an I-prefixed interface file).
  const declared = new Set(files.map((f) => path.basename(f, '.cs')));
  return `${files.length} files; ${requireAll('.NET', typeNames, declared)} present (not compiled: no dotnet SDK on this machine)`;
});

if (require.main === module) {
  const started = Date.now();
  try {
    for (const [name, fn] of steps) {
      const t0 = Date.now();
      const summary = fn();
      console.log(`ok   ${name}: ${summary} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    }
  } catch (e) {
    console.error(`FAIL ${(e as Error).message}`);
    process.exit(1);
  }
  console.log(`jsii targets checked in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
