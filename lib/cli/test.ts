/**
 * `cdk8s-haru test <file|dir>...`: runs declarative admission tests (test-file.ts) through the
 * admission engine `admit` uses — MutatingAdmissionPolicies, then ValidatingAdmissionPolicies,
 * with the API server's defaults — and compares each answer with what the case expects.
 * Exit codes: 0 every case passed, 1 a case failed, 2 usage error or a test file (or its
 * policies, or a suppression file) that cannot be run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanArgs, UsageError } from './args';
import { checkText, Finding } from './core';
import { escapeUntrusted } from './escape';
import { findingCases, findingJson, suppressionJson, suppressionReportJson, suppressionSuite } from './format';
import { InputError, isSkippedDirectoryName } from './inputs';
import { formatJUnit, JUnitCase, JUnitSuite } from './junit';
import { Suppression, SuppressionFileError, SuppressionReport, suppressedLine, todayUtc } from './suppress';
import { readSuppressionFiles, resolveSuppressions, SuppressedFinding } from './suppressed';
import { isTestFileName, parseTestFile, TestCase, TestFile, TestFileError } from './test-file';
import { AdmissionEngine, AdmissionResult } from '../admit/engine';
import { cloneJson, jsonEqual } from '../admit/json-patch';
import { AdmissionOperation } from '../admit/operation';
import { HaruValidationError } from '../base/errors';
import { readYaml } from '../yaml/read';
import { writeYaml } from '../yaml/write';

const EXIT_PASS = 0;
const EXIT_FAIL = 1;
const EXIT_USAGE = 2;

/** Usage text of `cdk8s-haru test`. */
export const TEST_USAGE = `Usage: cdk8s-haru test [options] <file|dir>...

Runs declarative admission tests: each test file names policies (MutatingAdmissionPolicies,
ValidatingAdmissionPolicies, bindings), parameter objects, namespaces and resources, and
lists cases - one request each (object, old object for an UPDATE, user) with the expected
answer: admitted or denied (message, reason), warnings, audit annotations, the admitted
object (a partial object, or a golden file) and, with check:, the check findings. The
requests run through the same engine as cdk8s-haru admit. The file format is in
docs/ci-tests.md.

Operands:
  <file>                 a test file
  <dir>                  every haru-test.yaml and *.haru-test.yaml below it (recursively;
                         directories named .* and node_modules are skipped)

Options:
  --format <fmt>         text (default), json or junit (JUnit XML)
  --update               write the admitted object of every case that names a golden
                         file into that file (created or rewritten), instead of comparing
  --suppressions <file>  accepted check findings (repeatable), added to the files a test
                         file lists; haru.cdk8s.io/suppress.* annotations apply too
  -h, --help             show this help

Exit status: 0 every case passed, 1 a case failed, 2 usage error or a test file,
policy set or suppression file that cannot be run.
`;

/** Streams used by a run. */
export interface TestIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

interface TestArgs {
  readonly operands: string[];
  readonly format: 'text' | 'json' | 'junit';
  readonly update: boolean;
  readonly suppressions: string[];
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): TestArgs {
  const operands: string[] = [];
  const suppressions: string[] = [];
  let format: 'text' | 'json' | 'junit' = 'text';
  let update = false;
  let help = false;
  scanArgs(argv, (a) => operands.push(a), (name, value) => {
    switch (name) {
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'junit') throw new UsageError(`--format must be one of text, json, junit (got ${JSON.stringify(v)})`);
        format = v;
        break;
      }
      case '--update': update = true; break;
      case '--suppressions': suppressions.push(value()); break;
      case '-h':
      case '--help': help = true; break;
      default: throw new UsageError(`unknown option ${name}`);
    }
  });
  return { operands, format, update, suppressions, help };
}

/** The test files of the operands, in order (directories walked in name order). */
function testFiles(operands: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!isSkippedDirectoryName(e.name)) walk(p);
      } else if (e.isFile() && isTestFileName(e.name)) {
        out.push(p);
      }
    }
  };
  for (const op of operands) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(op);
    } catch {
      throw new UsageError(`${op}: no such file or directory`);
    }
    if (stat.isDirectory()) {
      const before = out.length;
      walk(op);
      if (out.length === before) throw new UsageError(`${op}: no test files below it (haru-test.yaml or *.haru-test.yaml)`);
    } else {
      out.push(op);
    }
  }
  return out;
}

/** What one case produced and how it compared. */
export interface CaseResult {
  readonly testCase: TestCase;
  readonly result: AdmissionResult;
  /** Why it failed (empty: passed). */
  readonly failures: string[];
  /** Check findings after suppressions (with `check`). */
  findings: Finding[];
  /** Findings suppressions applied to. */
  suppressed: SuppressedFinding[];
  /** The golden file written with --update. */
  readonly updated?: string;
  readonly seconds: number;
}

/** One test file and its cases. */
interface FileResult {
  readonly test: TestFile;
  readonly cases: CaseResult[];
}

/** Every field of `expected` equals the one in `actual`; lists are compared item by item. Returns the first difference. */
export function partialDifference(expected: unknown, actual: unknown, at = ''): string | undefined {
  if (expected === null) return actual === null || actual === undefined ? undefined : `${at || '(object)'}: expected no value, got ${JSON.stringify(actual)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected a list, got ${actual === undefined ? 'nothing' : JSON.stringify(actual)}`;
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = partialDifference(expected[i], actual[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return `${at || '(object)'}: expected a mapping, got ${actual === undefined ? 'nothing' : JSON.stringify(actual)}`;
    for (const [k, v] of Object.entries(expected as object)) {
      const d = partialDifference(v, (actual as any)[k], at ? `${at}.${k}` : k);
      if (d) return d;
    }
    return undefined;
  }
  return jsonEqual(expected, actual) ? undefined : `${at}: expected ${JSON.stringify(expected)}, got ${actual === undefined ? 'nothing' : JSON.stringify(actual)}`;
}

/** The first line where two YAML texts differ, for a golden mismatch. */
function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}: expected ${JSON.stringify(e[i] ?? '(end)')}, got ${JSON.stringify(a[i] ?? '(end)')}`;
  }
  return 'the objects differ';
}

function compareGolden(tc: TestCase, file: string, result: AdmissionResult, update: boolean, failures: string[]): string | undefined {
  const golden = path.resolve(path.dirname(file), tc.expect.golden!);
  const actual = writeYaml(result.admittedObject);
  if (update) {
    const before = fs.existsSync(golden) ? fs.readFileSync(golden, 'utf-8') : undefined;
    if (before === actual) return undefined;
    fs.mkdirSync(path.dirname(golden), { recursive: true });
    fs.writeFileSync(golden, actual);
    return golden;
  }
  if (!fs.existsSync(golden)) {
    failures.push(`golden file ${tc.expect.golden} does not exist; run with --update to write it`);
    return undefined;
  }
  const text = fs.readFileSync(golden, 'utf-8');
  const docs = [...readYaml(text)].filter((d) => !d.empty);
  if (docs.length !== 1 || docs[0].error) {
    failures.push(`golden file ${tc.expect.golden} does not hold one readable object; run with --update to rewrite it`);
    return undefined;
  }
  if (!jsonEqual(docs[0].value, result.admittedObject)) {
    failures.push(`admitted object differs from golden file ${tc.expect.golden} (${firstDifference(writeYaml(docs[0].value), actual)}); run with --update to accept it`);
  }
  return undefined;
}

/** Compares the answer with the expectation (not the check findings: those are compared after suppressions). */
function compare(tc: TestCase, result: AdmissionResult): string[] {
  const failures: string[] = [];
  const x = tc.expect;
  if (result.admitted !== x.admitted) {
    failures.push(x.admitted ? `expected admitted, got denied: ${result.message ?? ''}` : 'expected denied, got admitted');
    return failures;
  }
  if (!result.admitted) {
    const message = result.message ?? '';
    if (x.message !== undefined && !message.includes(x.message)) failures.push(`denial message does not contain ${JSON.stringify(x.message)}: got ${JSON.stringify(message)}`);
    if (x.messageRegex !== undefined && !x.messageRegex.test(message)) failures.push(`denial message does not match /${x.messageRegex.source}/: got ${JSON.stringify(message)}`);
    if (x.reason !== undefined && result.reason !== x.reason) failures.push(`expected reason ${x.reason}, got ${result.reason ?? '(none)'}`);
  }
  if (x.warnings !== undefined) {
    const w = result.warnings;
    if (w.length !== x.warnings.length || x.warnings.some((e, i) => !w[i].includes(e))) {
      failures.push(`expected warnings ${JSON.stringify(x.warnings)}, got ${JSON.stringify(w)}`);
    }
  }
  for (const [k, v] of Object.entries(x.auditAnnotations ?? {})) {
    const got = result.auditAnnotations[k];
    if (got !== v) failures.push(`audit annotation ${k}: expected ${JSON.stringify(v)}, got ${got === undefined ? 'none' : JSON.stringify(got)}`);
  }
  if (x.object !== undefined && result.admitted) {
    const d = partialDifference(x.object, result.admittedObject);
    if (d) failures.push(`admitted object: ${d}`);
  }
  return failures;
}

function caseLabel(file: string, tc: TestCase): string {
  return `${file} case ${JSON.stringify(tc.name)}`;
}

function engineFor(test: TestFile, tc: TestCase, cache: Map<string, AdmissionEngine>): AdmissionEngine {
  const key = JSON.stringify([tc.operation, tc.user.name, tc.user.groups]);
  let engine = cache.get(key);
  if (!engine) {
    engine = new AdmissionEngine({
      policies: cloneJson(test.policies),
      namespaces: test.namespaces ? cloneJson(test.namespaces) : undefined,
      operation: tc.operation === 'UPDATE' ? AdmissionOperation.UPDATE : AdmissionOperation.CREATE,
      user: { name: tc.user.name, groups: tc.user.groups },
      defaulting: test.defaults,
    });
    cache.set(key, engine);
  }
  return engine;
}

/** Runs `cdk8s-haru test` with `argv` (the arguments after `test`) and returns the exit code. */
export function runTest(argv: readonly string[], io: TestIo): number {
  let args: TestArgs;
  let files: string[];
  try {
    args = parseArgs(argv);
    if (args.help) {
      io.stdout(TEST_USAGE);
      return EXIT_PASS;
    }
    if (args.operands.length === 0) throw new UsageError('no test file given; name test files or directories');
    files = testFiles(args.operands);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`cdk8s-haru test: ${escapeUntrusted(e.message)}\n\n${TEST_USAGE}`);
    return EXIT_USAGE;
  }

  // Read everything first: an invalid test file, policy set or suppression file runs nothing.
  const tests: TestFile[] = [];
  let cliSuppressions: Suppression[];
  const fileSuppressions = new Map<string, Suppression[]>();
  try {
    cliSuppressions = readSuppressionFiles(args.suppressions);
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf-8');
      } catch (e) {
        throw new InputError(`cannot read the test file ${file}: ${(e as { code?: string }).code ?? (e as Error).message}`);
      }
      const test = parseTestFile(text, file);
      for (const s of test.suppressions) {
        if (!fileSuppressions.has(s)) fileSuppressions.set(s, readSuppressionFiles([path.relative(process.cwd(), s) || s]));
      }
      tests.push(test);
    }
  } catch (e) {
    if (e instanceof TestFileError || e instanceof SuppressionFileError || e instanceof InputError) {
      io.stderr(`cdk8s-haru test: ${escapeUntrusted(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  const results: FileResult[] = [];
  for (const test of tests) {
    const cache = new Map<string, AdmissionEngine>();
    const cases: CaseResult[] = [];
    for (const tc of test.cases) {
      const started = process.hrtime.bigint();
      let engine: AdmissionEngine;
      try {
        engine = engineFor(test, tc, cache);
      } catch (e) {
        if (!(e instanceof HaruValidationError)) throw e;
        io.stderr(`${escapeUntrusted(`cdk8s-haru test: ${test.file}: the API server would refuse these policies or bindings; nothing was run:`)}\n${e.violations.map((v) => `  ${escapeUntrusted(`[${v.checkId}] ${v.field}: ${v.problem}${v.got !== undefined ? ` (got ${v.got})` : ''}`)}\n`).join('')}`);
        return EXIT_USAGE;
      }
      const result = engine.admit(cloneJson(tc.object.object), tc.oldObject ? cloneJson(tc.oldObject.object) : undefined);
      const failures = compare(tc, result);
      const golden = tc.expect.golden !== undefined && result.admitted && tc.expect.admitted;
      const updated = golden ? compareGolden(tc, test.file, result, args.update, failures) : undefined;
      cases.push({ testCase: tc, result, failures, findings: [], suppressed: [], updated, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
    results.push({ test, cases });
  }

  // Check findings of admitted objects, then every suppression over all of them at once (so
  // that a suppression is stale only when it matched nothing in the whole run).
  const all: Array<{ finding: Finding; c: CaseResult }> = [];
  const annotationSuppressions: Suppression[] = [];
  for (const { test, cases } of results) {
    if (!test.check) continue;
    for (const c of cases) {
      if (!c.result.admitted) continue;
      const res = checkText(writeYaml(c.result.admittedObject), caseLabel(test.file, c.testCase), { pss: test.check.pss });
      for (const f of res.findings) all.push({ finding: f, c });
      annotationSuppressions.push(...res.suppressions);
    }
  }
  const suppressions = [...cliSuppressions, ...[...fileSuppressions.values()].flat(), ...annotationSuppressions];
  const resolved = resolveSuppressions(all.map((a) => a.finding), suppressions, todayUtc());
  const owner = new Map(all.map((a) => [a.finding, a.c]));
  const runFindings: Finding[] = [];
  for (const f of resolved.findings) {
    const c = owner.get(f);
    if (c) c.findings.push(f);
    else runFindings.push(f); // an expired or stale suppression
  }
  for (const s of resolved.suppressed) owner.get(s.finding)?.suppressed.push(s);
  for (const { cases } of results) {
    for (const c of cases) {
      const expected = c.testCase.expect.findings;
      const ids = [...new Set(c.findings.filter((f) => f.severity !== 'notice').map((f) => f.checkId))].sort();
      if (expected !== undefined) {
        const want = [...new Set(expected)].sort();
        if (!jsonEqual(want, ids)) c.failures.push(`expected check findings ${JSON.stringify(want)}, got ${JSON.stringify(ids)}${c.findings.length ? `: ${c.findings.map((f) => `[${f.checkId}] ${f.message}`).join('; ')}` : ''}`);
      } else {
        const errors = c.findings.filter((f) => f.severity === 'error');
        if (errors.length > 0) c.failures.push(`check findings on the admitted object: ${errors.map((f) => `[${f.checkId}] ${f.message}`).join('; ')}`);
      }
    }
  }

  if (args.format === 'json') io.stdout(formatJson(results, resolved.report, runFindings));
  else if (args.format === 'junit') io.stdout(formatJUnitTests(results, resolved.report));
  else io.stdout(formatText(results, resolved.report, runFindings));
  return results.some((r) => r.cases.some((c) => c.failures.length > 0)) ? EXIT_FAIL : EXIT_PASS;
}

function formatText(results: readonly FileResult[], report: readonly SuppressionReport[], runFindings: readonly Finding[]): string {
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;
  let suppressed = 0;
  for (const { test, cases } of results) {
    for (const c of cases) {
      const ok = c.failures.length === 0;
      if (ok) passed++;
      else failed++;
      suppressed += c.suppressed.length;
      lines.push(escapeUntrusted(`${ok ? 'PASS' : 'FAIL'} ${test.file}:${c.testCase.line}: ${c.testCase.name}${c.updated ? ` (golden file ${c.testCase.expect.golden} written)` : ''}`));
      for (const f of c.failures) lines.push(`  ${escapeUntrusted(f)}`);
      for (const w of c.result.warnings) lines.push(`  Warning: ${escapeUntrusted(w)}`);
      for (const s of c.suppressed) lines.push(`  ${escapeUntrusted(`${s.finding.severity} [${s.finding.checkId}] ${s.finding.message} -- ${suppressedLine(s.suppression)}`)}`);
    }
  }
  for (const f of runFindings) lines.push(escapeUntrusted(`${f.file}${f.line > 0 ? `:${f.line}` : ''}: ${f.severity} [${f.checkId}] ${f.message}`));
  const total = passed + failed;
  const applied = report.filter((r) => r.status === 'applied').length;
  const note = suppressed > 0 ? `, ${suppressed} finding${suppressed === 1 ? '' : 's'} suppressed by ${applied} suppression${applied === 1 ? '' : 's'}` : '';
  lines.push(`cdk8s-haru test: ${total} case${total === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'}: ${passed} passed, ${failed} failed${note}.`);
  return lines.join('\n') + '\n';
}

function formatJson(results: readonly FileResult[], report: readonly SuppressionReport[], runFindings: readonly Finding[]): string {
  const cases = results.flatMap((r) => r.cases);
  return JSON.stringify({
    tool: 'cdk8s-haru',
    counts: {
      cases: cases.length,
      passed: cases.filter((c) => c.failures.length === 0).length,
      failed: cases.filter((c) => c.failures.length > 0).length,
    },
    files: results.map(({ test, cases: cs }) => ({
      file: test.file,
      name: test.name,
      cases: cs.map((c) => ({
        name: c.testCase.name,
        line: c.testCase.line,
        passed: c.failures.length === 0,
        failures: c.failures,
        ...(c.updated ? { goldenWritten: c.testCase.expect.golden } : {}),
        actual: {
          admitted: c.result.admitted,
          message: c.result.message ?? null,
          reason: c.result.reason ?? null,
          warnings: c.result.warnings,
          auditAnnotations: c.result.auditAnnotations,
          object: c.result.admitted ? c.result.admittedObject : null,
          findings: c.findings.map(findingJson),
          suppressed: c.suppressed.map((s) => ({ ...findingJson(s.finding), suppression: suppressionJson(s.suppression) })),
        },
        seconds: Number(c.seconds.toFixed(6)),
      })),
    })),
    findings: runFindings.map(findingJson),
    suppressions: suppressionReportJson(report),
  }, null, 2) + '\n';
}

function formatJUnitTests(results: readonly FileResult[], report: readonly SuppressionReport[]): string {
  const suites: JUnitSuite[] = results.map(({ test, cases }) => ({
    name: test.name === path.basename(test.file) ? test.file : `${test.name} (${test.file})`,
    cases: cases.map((c): JUnitCase => {
      const out = [
        ...c.result.warnings.map((w) => `Warning: ${w}`),
        ...findingCases(c.findings, c.suppressed, 'error').map((fc) => fc.skipped ? `${fc.output} -- ${fc.skipped.message}` : fc.output ?? fc.failure?.detail ?? ''),
      ].join('\n');
      return {
        name: c.testCase.name,
        classname: test.file,
        time: c.seconds,
        failure: c.failures.length > 0 ? { message: c.failures[0], type: 'AdmissionTestFailure', detail: c.failures.join('\n') } : undefined,
        output: out || undefined,
      };
    }),
  }));
  if (report.length > 0) suites.push(suppressionSuite(report));
  return formatJUnit('cdk8s-haru test', suites);
}
