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
import { CheckOptions, checkText, collectCrds, DEFAULT_PSS, Finding, PssOption } from './core';
import { runExplain } from './explain';
import { formatJson, formatSarif, formatText, FORMATS, RunSummary } from './format';
import { decodeText, expandOperands, Input, InputError } from './inputs';
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
  --format <fmt>     text (default), json or sarif (SARIF 2.1.0)
  --skip <ids>       comma-separated check ids to ignore; an id ending in '/'
                     ignores a whole area (e.g. --skip pss/runAsUser,format/)
  --fail-on <sev>    error (default): exit 1 only on errors; warning: also on warnings
  --crd <file|dir>   CustomResourceDefinitions to check custom resources against
                     (repeatable); CRDs among the inputs are used too
  -q, --quiet        text format: print only the findings, no summary line
  -h, --help         show this help
  -v, --version      show the version

Exit status: 0 nothing at or above --fail-on, 1 findings that are, 2 usage error or
unreadable input.

See also: cdk8s-haru admit --help (run MutatingAdmissionPolicies over objects offline),
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
  readonly quiet: boolean;
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
  let quiet = false;
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
      case '-q':
      case '--quiet':
        quiet = true;
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
  return { command, operands, pss, format, skip, failOn, crd, quiet, help, version };
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
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    io.stderr(`cdk8s-haru: ${(e as Error).message}\n\n${USAGE}`);
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
  const opts: CheckOptions = {
    pss: args.pss,
    skip: args.skip,
    crds,
    onDocument: progress ? (n) => progress.update(documentsBefore + n, currentFile) : undefined,
  };
  const findings: Finding[] = [];
  let documents = 0;
  let inputs: Input[];
  const texts: Array<{ file: string; text: string }> = [];
  try {
    inputs = expandOperands(args.operands, io.readStdin);
    // Read everything first: an unreadable input fails the run before any output.
    for (const input of inputs) texts.push({ file: input.file, text: input.read() });
    for (const input of args.crd.length ? expandOperands(args.crd, io.readStdin) : []) collectCrds(input.read(), crds);
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`cdk8s-haru check: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  for (const { text } of texts) collectCrds(text, crds);
  let unchecked = 0;
  for (const { file, text } of texts) {
    currentFile = file;
    documentsBefore = documents;
    const result = checkText(text, file, opts);
    documents += result.documents;
    unchecked += result.unchecked;
    findings.push(...result.findings);
  }
  progress?.done();

  const summary: RunSummary = { version: packageVersion(), pss: args.pss, files: texts.length, documents, unchecked, findings };
  if (args.format === 'json') {io.stdout(formatJson(summary));} else if (args.format === 'sarif') {io.stdout(formatSarif(summary));} else {
    io.stdout(formatText(summary, { summaryLine: !args.quiet }));
  }
  return findings.some((f) => f.severity !== 'notice' && atLeast(f.severity, args.failOn)) ? EXIT_FINDINGS : EXIT_CLEAN;
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
    const label = file.length > 50 ? `...${file.slice(-47)}` : file;
    this.write(`\r\x1b[Kchecked ${documents} documents (${label})`);
  }

  public done(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  let code: number;
  try {
    code = run(process.argv.slice(2), {
      stdout: (t) => process.stdout.write(t),
      stderr: (t) => process.stderr.write(t),
      readStdin: readStdinSync,
      stderrIsTty: Boolean(process.stderr.isTTY),
    });
  } catch (e) {
    process.stderr.write(`cdk8s-haru: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    code = EXIT_USAGE;
  }
  process.exitCode = code;
}
