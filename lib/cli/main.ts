#!/usr/bin/env node
/**
 * `cdk8s-haru check <files|dirs|->`: runs the library's checks on any YAML.
 * Exit codes: 0 nothing at or above the --fail-on severity, 1 findings that are, 2 usage
 * error or unreadable input.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAdmit } from './admit';
import { pssOption, scanArgs, UsageError } from './args';
import { CheckOptions, checkCrdFile, checkText, collectCrds, DEFAULT_PSS, Finding, PssOption } from './core';
import { escapeUntrusted } from './escape';
import { runExplain } from './explain';
import { formatJson, formatJUnitCheck, formatSarif, formatText, FORMATS, RunSummary } from './format';
import { decodeText, expandOperands, Input, InputError } from './inputs';
import { Located, readAll, StoredObjects } from './pairing';
import { Suppression, SuppressionFileError, todayUtc } from './suppress';
import { readSuppressionFiles, resolveSuppressions } from './suppressed';
import { runTest } from './test';
import { formatViolation } from '../base/errors';
import { atLeast, Severity } from '../check/catalog';
import { CrdSet } from '../check/crd';

/** The accepted `--fail-on` values. */
const FAIL_ON: readonly Severity[] = ['error', 'warning'];

/** Exit codes. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Documents after which a progress line is shown on a terminal. */
const PROGRESS_THRESHOLD = 200;

const USAGE = `Usage: cdk8s-haru check [options] <file|dir|->...

Checks every Kubernetes object in the given YAML/JSON files with the checks cdk8s-haru
runs at synth time: the strict v1.36 schema, the per-kind server rules (admission
policies and their CEL, DRA claims, API Priority and Fairness, AuthorizationConfiguration
and audit Policy files) and the Pod Security Standards. Each finding is an error (the API
server refuses the object), a warning (it accepts it, with a Warning: header or
silently) or a notice (the document was not checked: a kind without a schema).

Operands:
  <file>             a file with one or more documents (--- separated), YAML or JSON
  <dir>              every *.yaml, *.yml and *.json file below it, recursively
  -                  standard input

Options:
  --pss <level>      Pod Security level for objects with pod specs:
                     restricted (default), baseline or none
  --format <fmt>     text (default), json, sarif (SARIF 2.1.0) or junit (JUnit XML)
  --skip <ids>       comma-separated check ids to ignore; an id ending in '/'
                     ignores a whole area (e.g. --skip pss/runAsUser,format/)
  --fail-on <sev>    error (default): exit 1 only on errors; warning: also on warnings
  --suppressions <file>
                     accepted findings, each with a reason and an optional expiry
                     (repeatable); objects may also carry
                     haru.cdk8s.io/suppress.<area>.<rule>: <reason> annotations
  --crd <file|dir>   CustomResourceDefinitions to check custom resources against
                     (repeatable); CRDs among the inputs are used too
  --old <file|dir>   the stored objects (repeatable): a custom resource with the
                     same group, kind, namespace and name is checked as an UPDATE
                     from it (transition rules, ratcheting); see docs/crd.md
  --include-hidden   also read directories named .* and node_modules below a
                     directory operand (skipped by default, and listed as
                     cli/skipped-directory notices)
  -q, --quiet        text format: print only the findings, no summary line
  -h, --help         show this help
  -v, --version      show the version

Exit status: 0 nothing at or above --fail-on, 1 findings that are, 2 usage error or
unreadable input.

See also: cdk8s-haru admit --help (run MutatingAdmissionPolicies over objects offline),
cdk8s-haru test --help (declarative admission policy tests),
cdk8s-haru explain --help (where API Priority and Fairness puts a request).
`;

/** Parsed command line. */
interface Args {
  readonly command?: string;
  readonly operands: string[];
  readonly pss: PssOption;
  readonly format: string;
  readonly skip: string[];
  readonly failOn: Severity;
  readonly crd: string[];
  readonly old: string[];
  readonly suppressions: string[];
  readonly quiet: boolean;
  readonly includeHidden: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const operands: string[] = [];
  let pss: PssOption = DEFAULT_PSS;
  let format = 'text';
  const skip: string[] = [];
  let failOn: Severity = 'error';
  const crd: string[] = [];
  const old: string[] = [];
  const suppressions: string[] = [];
  let quiet = false;
  let includeHidden = false;
  let help = false;
  let version = false;
  let command: string | undefined;
  scanArgs(argv, (arg) => {
    if (command === undefined) command = arg;
    else operands.push(arg);
  }, (name, value) => {
    switch (name) {
      case '--pss':
        pss = pssOption(value());
        break;
      case '--format': {
        const v = value();
        if (!FORMATS.includes(v)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${JSON.stringify(v)})`);
        format = v;
        break;
      }
      case '--skip':
        skip.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
        break;
      case '--fail-on': {
        const v = value();
        if (!FAIL_ON.includes(v as Severity)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got ${JSON.stringify(v)})`);
        failOn = v as Severity;
        break;
      }
      case '--crd':
        crd.push(value());
        break;
      case '--old':
        old.push(value());
        break;
      case '--suppressions':
        suppressions.push(value());
        break;
      case '-q':
      case '--quiet':
        quiet = true;
        break;
      case '--include-hidden':
        includeHidden = true;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      case '-v':
      case '--version':
        version = true;
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  });
  return { command, operands, pss, format, skip, failOn, crd, old, suppressions, quiet, includeHidden, help, version };
}

/** The package version, read from the package.json two levels above this file (lib/cli or out/cli). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8'));
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The streams and environment a run uses (replaceable in tests). */
export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
  /** True when stderr is a terminal (progress is shown only then). */
  readonly stderrIsTty: boolean;
}

/** Reads the whole of standard input as UTF-8 text. */
function readStdinSync(): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(0);
  } catch (e) {
    if ((e as { code?: string }).code === 'EAGAIN') throw new InputError('standard input is not readable without blocking; pipe a file into it');
    throw new InputError(`cannot read standard input: ${e instanceof Error ? e.message : String(e)}`);
  }
  return decodeText(buf, 'standard input');
}

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export function run(argv: readonly string[], io: Io): number {
  if (argv[0] === 'admit') return runAdmit(argv.slice(1), io);
  if (argv[0] === 'explain') return runExplain(argv.slice(1), io);
  if (argv[0] === 'test') return runTest(argv.slice(1), io);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(`cdk8s-haru: ${escapeUntrusted((e as Error).message)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.help) {
    io.stdout(USAGE);
    return EXIT_CLEAN;
  }
  if (args.version) {
    io.stdout(`${packageVersion()}\n`);
    return EXIT_CLEAN;
  }
  if (args.command !== 'check') {
    io.stderr(`cdk8s-haru: ${args.command === undefined ? 'missing command' : `unknown command ${JSON.stringify(args.command)}`}; the command is "check"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (args.operands.length === 0) {
    io.stderr(`cdk8s-haru check: no input given; name files, directories or - for standard input\n\n${USAGE}`);
    return EXIT_USAGE;
  }

  const progress = io.stderrIsTty ? new Progress(io.stderr) : undefined;
  let documentsBefore = 0;
  let currentFile = '';
  const crds = new CrdSet();
  let olds: Located[] = [];
  const opts: CheckOptions = {
    pss: args.pss,
    skip: args.skip,
    crds,
    onDocument: progress ? (n) => progress.update(documentsBefore + n, currentFile) : undefined,
  };
  const findings: Finding[] = [];
  let documents = 0;
  let inputs: Input[];
  const skippedDirs: string[] = [];
  const texts: Array<{ file: string; text: string }> = [];
  const crdTexts: Array<{ file: string; text: string }> = [];
  let fileSuppressions: Suppression[];
  try {
    fileSuppressions = readSuppressionFiles(args.suppressions);
    inputs = expandOperands(args.operands, io.readStdin, { includeHidden: args.includeHidden, skipped: skippedDirs });
    // Read everything first: an unreadable input fails the run before any output.
    for (const input of inputs) texts.push({ file: input.file, text: input.read() });
    for (const input of args.crd.length ? expandOperands(args.crd, io.readStdin) : []) {
      const text = input.read();
      collectCrds(text, crds);
      crdTexts.push({ file: input.file, text });
    }
    olds = readAll(args.old, io.readStdin, { includeHidden: args.includeHidden });
  } catch (e) {
    if (e instanceof InputError || e instanceof SuppressionFileError) {
      io.stderr(`cdk8s-haru check: ${escapeUntrusted(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  for (const { text } of texts) collectCrds(text, crds);
  const stored = args.old.length > 0 ? new StoredObjects(olds, crds) : undefined;
  const annotationSuppressions: Suppression[] = [];
  let unchecked = 0;
  for (const { file, text } of texts) {
    currentFile = file;
    documentsBefore = documents;
    const result = checkText(text, file, stored ? { ...opts, old: stored } : opts);
    documents += result.documents;
    unchecked += result.unchecked;
    findings.push(...result.findings);
    annotationSuppressions.push(...result.suppressions);
  }
  progress?.done();
  // a --crd file is checked as the API server checks a CRD at creation (unless it is an input too)
  const inputFiles = new Set(texts.map((t) => t.file));
  for (const { file, text } of crdTexts) {
    if (inputFiles.has(file)) continue;
    const result = checkCrdFile(text, file, opts);
    findings.push(...result.findings);
    annotationSuppressions.push(...result.suppressions);
  }
  for (const dir of skippedDirs) findings.push(skippedDirectoryFinding(dir));
  for (const o of stored?.unpaired() ?? []) findings.push(unpairedOldFinding(o));
  const resolved = resolveSuppressions(findings, [...fileSuppressions, ...annotationSuppressions], todayUtc());

  const summary: RunSummary = {
    version: packageVersion(),
    pss: args.pss,
    files: texts.length,
    documents,
    unchecked,
    findings: resolved.findings,
    suppressed: resolved.suppressed,
    suppressions: resolved.report,
  };
  if (args.format === 'json') {io.stdout(formatJson(summary));} else if (args.format === 'sarif') {io.stdout(formatSarif(summary));} else if (args.format === 'junit') {
    io.stdout(formatJUnitCheck(summary, args.failOn, texts.map((t) => t.file)));
  } else {
    io.stdout(formatText(summary, { summaryLine: !args.quiet }));
  }
  return resolved.findings.some((f) => f.severity !== 'notice' && atLeast(f.severity, args.failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The notice for a directory the walk left out, so that nothing is skipped without a word. */
function skippedDirectoryFinding(dir: string): Finding {
  const violation = {
    checkId: 'cli/skipped-directory',
    field: '',
    problem: 'directory not read: its name starts with "." or it is node_modules',
    got: JSON.stringify(dir),
    fix: 'Pass --include-hidden to read it too, or name it as an operand',
  };
  return {
    file: dir,
    document: 0,
    documentLine: 0,
    line: 0,
    field: '',
    checkId: violation.checkId,
    severity: 'notice',
    message: `${violation.problem} (got ${violation.got}). ${violation.fix}`,
    violation,
  };
}

/** The notice for a stored object (--old) that no input updates. */
function unpairedOldFinding(o: Located): Finding {
  const kind = typeof o.object?.kind === 'string' ? o.object.kind : undefined;
  const name = typeof o.object?.metadata?.name === 'string' ? o.object.metadata.name : undefined;
  const namespace = typeof o.object?.metadata?.namespace === 'string' ? o.object.metadata.namespace : undefined;
  const violation = {
    checkId: 'cli/old-unpaired',
    field: '',
    problem: 'no input object has the same group, kind, namespace and name as this stored object, so no update from it was checked',
    got: JSON.stringify(`${kind ?? '(no kind)'} ${namespace ? `${namespace}/` : ''}${name ?? '(no name)'}`),
    fix: 'Check the new version of the object together with it, or leave it out of --old',
  };
  return {
    file: o.file,
    document: o.document,
    documentLine: o.line ?? 0,
    line: o.line ?? 0,
    kind,
    name,
    namespace,
    field: '',
    checkId: violation.checkId,
    severity: 'notice',
    message: formatViolation(violation),
    violation,
  };
}

/** A single self-overwriting progress line on stderr, shown once a run passes the threshold. */
class Progress {
  private shown = false;
  private last = 0;

  constructor(private readonly write: (text: string) => void) {}

  public update(documents: number, file: string): void {
    if (documents < PROGRESS_THRESHOLD) return;
    const now = Date.now();
    if (this.shown && now - this.last < 100) return;
    this.shown = true;
    this.last = now;
    const label = escapeUntrusted(file.length > 50 ? `...${file.slice(-47)}` : file);
    this.write(`\r\x1b[Kchecked ${documents} documents (${label})`);
  }

  public done(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}

/**
 * What happens when the output cannot be written. `cdk8s-haru check ... | head -1` closes the
 * pipe early: that is not a failure of the check, so the run ends quietly with the exit code it
 * had (EPIPE). Any other write failure (a full disk, `> /dev/full`, a revoked descriptor) means
 * the report was lost: one line on stderr and exit 2, never a stack trace.
 */
export function outputErrorExit(error: unknown, runExitCode: number | undefined): { exitCode: number; message?: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'EPIPE') return { exitCode: runExitCode ?? EXIT_CLEAN };
  const why = code === 'ENOSPC' ? 'no space left on device' : typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_USAGE, message: `cdk8s-haru: cannot write the output: ${escapeUntrusted(why)}\n` };
}

/**
 * The message for an error that escaped every checker: what failed and how to report it, with
 * the stack only when CDK8S_HARU_DEBUG is set (a stack trace helps nobody reading a CI log).
 */
export function internalErrorMessage(error: unknown, env: Readonly<Record<string, string | undefined>>): string {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = env.CDK8S_HARU_DEBUG && error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `cdk8s-haru: internal error: ${escapeUntrusted(detail)}${stack}\nThis is a bug in cdk8s-haru; please report it with the input (set CDK8S_HARU_DEBUG=1 for the stack).\n`;
}

if (typeof require !== 'undefined' && require.main === module) {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e) => {
      const out = outputErrorExit(e, typeof process.exitCode === 'number' ? process.exitCode : undefined);
      if (out.message && stream !== process.stderr) {
        try {
          fs.writeSync(2, out.message);
        } catch {
          // stderr is gone too: the exit code is all that is left.
        }
      }
      process.exit(out.exitCode);
    });
  }
  let code: number;
  try {
    code = run(process.argv.slice(2), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      readStdin: readStdinSync,
      stderrIsTty: Boolean(process.stderr.isTTY),
    });
  } catch (e) {
    process.stderr.write(internalErrorMessage(e, process.env));
    code = EXIT_USAGE;
  }
  process.exitCode = code;
}
