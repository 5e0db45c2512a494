/**
 * Output formats of `cdk8s-haru check`: human text, JSON, SARIF 2.1.0 and JUnit XML.
 */
import type { Finding, PssOption } from './core';
import { escapeUntrusted } from './escape';
import { formatJUnit, JUnitCase, JUnitSuite } from './junit';
import type { Suppression, SuppressionReport } from './suppress';
import { suppressedLine } from './suppress';
import type { SuppressedFinding } from './suppressed';
import { atLeast, describeCheck, Severity, severityOf } from '../check/catalog';

/** The accepted `--format` values. */
export const FORMATS: readonly string[] = ['text', 'json', 'sarif', 'junit'];

/** What one run checked and found. */
export interface RunSummary {
  /** Tool version (package version). */
  readonly version: string;
  /** The PSS level applied. */
  readonly pss: PssOption;
  /** Number of files (and standard input) read. */
  readonly files: number;
  /** Number of documents read (objects of a List count once, as their document). */
  readonly documents: number;
  /** Number of objects that could not be checked (kinds without a schema or CRD). */
  readonly unchecked?: number;
  /** Every finding. */
  readonly findings: readonly Finding[];
  /** Findings a suppression applied to (not in `findings`). */
  readonly suppressed?: readonly SuppressedFinding[];
  /** Every suppression with its status (applied, expired, stale). */
  readonly suppressions?: readonly SuppressionReport[];
}

function objectLabel(f: Finding): string {
  if (!f.kind && !f.name) return '';
  const ns = f.namespace ? `${f.namespace}/` : '';
  return `${f.kind ?? '(no kind)'} ${ns}${f.name ?? '(no name)'}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `error`/`warning` findings and `notice`s, counted. */
function counts(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/**
 * Text: one line per finding,
 * `file:line: doc N (line L) Kind ns/name: <severity> [check/id] message`, then a summary line.
 * Control and line-separator characters from the input are printed escaped (lib/cli/escape.ts).
 */
export function formatText(run: RunSummary, opts: { summaryLine?: boolean } = {}): string {
  const lines = run.findings.map((f) => {
    // A finding about a path rather than a document (a skipped directory).
    if (f.document === 0) return escapeUntrusted(`${f.file}${f.line > 0 ? `:${f.line}` : ''}: ${f.severity} [${f.checkId}] ${f.message}`);
    const obj = objectLabel(f);
    const where = `doc ${f.document} (line ${f.documentLine})${obj ? ` ${obj}` : ''}`;
    // File names, object names and messages come from the input: one finding is one line.
    return escapeUntrusted(`${f.file}:${f.line}: ${where}: ${f.severity} [${f.checkId}] ${f.message}`);
  });
  for (const { finding: f, suppression } of run.suppressed ?? []) {
    const obj = objectLabel(f);
    const where = `doc ${f.document} (line ${f.documentLine})${obj ? ` ${obj}` : ''}`;
    lines.push(escapeUntrusted(`${f.file}:${f.line}: ${where}: ${f.severity} [${f.checkId}] ${f.message} -- ${suppressedLine(suppression)}`));
  }
  if (opts.summaryLine === false) return lines.map((l) => l + '\n').join('');
  const c = counts(run.findings);
  const unchecked = run.unchecked ? `, ${run.unchecked} not checked` : '';
  const docs = `${plural(run.documents, 'document')} in ${plural(run.files, 'file')}${unchecked}`;
  const found = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : ''].filter(Boolean).join(', ');
  const nSuppressed = run.suppressed?.length ?? 0;
  const suppressedNote = nSuppressed > 0 ? `, ${nSuppressed} suppressed` : '';
  lines.push(found === ''
    ? `cdk8s-haru check: ${docs}, no findings${suppressedNote} (pss: ${run.pss}).`
    : `cdk8s-haru check: ${found} in ${plural(new Set(run.findings.filter((f) => f.severity !== 'notice').map((f) => f.file)).size, 'file')}${suppressedNote} (${docs}, pss: ${run.pss}).`);
  return lines.join('\n') + '\n';
}

/** A suppression as JSON. */
export function suppressionJson(s: Suppression): Record<string, unknown> {
  return {
    check: s.check,
    form: s.form,
    ...(s.form === 'file' ? { kind: s.kind, namespace: s.namespace, name: s.name } : {}),
    reason: s.reason,
    expires: s.expires ?? null,
    source: s.source,
  };
}

/** The suppressions of a run as JSON: each with its status and how many findings it matched. */
export function suppressionReportJson(report: readonly SuppressionReport[] | undefined): unknown[] {
  return (report ?? []).map((r) => ({ ...suppressionJson(r.suppression), status: r.status, matched: r.matched }));
}

/** JSON: the summary and every finding, without the internal violation object duplicated. */
export function formatJson(run: RunSummary): string {
  return JSON.stringify({
    tool: 'cdk8s-haru',
    version: run.version,
    pss: run.pss,
    files: run.files,
    documents: run.documents,
    unchecked: run.unchecked ?? 0,
    counts: counts(run.findings),
    findings: run.findings.map(findingJson),
    suppressed: (run.suppressed ?? []).map((s) => ({ ...findingJson(s.finding), suppression: suppressionJson(s.suppression) })),
    suppressions: suppressionReportJson(run.suppressions),
  }, null, 2) + '\n';
}

/** One finding as JSON. */
export function findingJson(f: Finding): Record<string, unknown> {
  return {
    file: f.file,
    document: f.document,
    documentLine: f.documentLine,
    line: f.line,
    kind: f.kind ?? null,
    namespace: f.namespace ?? null,
    name: f.name ?? null,
    field: f.field,
    checkId: f.checkId,
    severity: f.severity,
    message: f.message,
    problem: f.violation.problem,
    got: f.violation.got ?? null,
    allowed: f.violation.allowed ?? null,
    fix: f.violation.fix ?? null,
  };
}

/** A file label as a SARIF artifact URI: relative paths with forward slashes, percent-encoded. */
function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  const slashed = file.split('\\').join('/');
  return slashed.split('/').map((s) => encodeURIComponent(s)).join('/');
}

/** The SARIF `level` of a severity. */
function sarifLevel(s: Severity): string {
  return s === 'notice' ? 'note' : s;
}

/** The SARIF result of a finding (with its suppression, when one applied). */
function sarifResult(f: Finding, index: Map<string, number>, suppression?: Suppression): Record<string, unknown> {
  return {
    ruleId: f.checkId,
    ruleIndex: index.get(f.checkId),
    level: sarifLevel(f.severity),
    message: { text: `${objectLabel(f) ? `${objectLabel(f)}: ` : ''}${f.message}` },
    locations: [{
      physicalLocation: {
        artifactLocation: { uri: artifactUri(f.file) },
        region: f.line > 0 ? { startLine: f.line } : undefined,
      },
      logicalLocations: f.field ? [{ fullyQualifiedName: `doc${f.document}.${f.field}`, kind: 'member' }] : undefined,
    }],
    // SARIF 2.1.0 section 3.35: a suppressed result stays in the log, marked with who accepted it and why.
    suppressions: suppression ? [{
      kind: suppression.form === 'annotation' ? 'inSource' : 'external',
      status: 'accepted',
      justification: suppression.reason,
      location: {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(suppression.file) },
          region: suppression.line > 0 ? { startLine: suppression.line } : undefined,
        },
      },
      properties: { check: suppression.check, expires: suppression.expires ?? null, source: suppression.source },
    }] : undefined,
    properties: { document: f.document, documentLine: f.documentLine, field: f.field },
  };
}

/** SARIF 2.1.0: one run, the rules that fired, one result per finding (suppressed ones marked so). */
export function formatSarif(run: RunSummary): string {
  const suppressed = run.suppressed ?? [];
  const ruleIds = [...new Set([...run.findings, ...suppressed.map((s) => s.finding)].map((f) => f.checkId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'cdk8s-haru',
          version: run.version,
          rules: ruleIds.map((id) => ({
            id,
            shortDescription: { text: describeCheck(id) },
            defaultConfiguration: { level: sarifLevel(severityOf(id)) },
          })),
        },
      },
      results: [
        ...run.findings.map((f) => sarifResult(f, index)),
        ...suppressed.map((s) => sarifResult(s.finding, index, s.suppression)),
      ],
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function findingCaseName(f: Finding): string {
  const obj = objectLabel(f);
  return `${obj ? `${obj} ` : ''}[${f.checkId}]${f.field ? ` ${f.field}` : ''}`;
}

function findingCaseClass(f: Finding): string {
  return f.document > 0 ? `${f.file}:doc${f.document}` : f.file;
}

/**
 * The JUnit cases of check findings: a finding at or above `failOn` fails its case, one below
 * passes with the message as output, a suppressed one is skipped with the reason.
 */
export function findingCases(findings: readonly Finding[], suppressed: readonly SuppressedFinding[], failOn: Severity): JUnitCase[] {
  return [
    ...findings.map((f): JUnitCase => {
      const where = `${f.file}:${f.line}`;
      return f.severity !== 'notice' && atLeast(f.severity, failOn)
        ? { name: findingCaseName(f), classname: findingCaseClass(f), failure: { message: f.message, type: f.checkId, detail: `${where}: ${f.severity} [${f.checkId}] ${f.message}` } }
        : { name: findingCaseName(f), classname: findingCaseClass(f), output: `${where}: ${f.severity} [${f.checkId}] ${f.message}` };
    }),
    ...suppressed.map(({ finding: f, suppression }): JUnitCase => ({
      name: findingCaseName(f),
      classname: findingCaseClass(f),
      skipped: { message: suppressedLine(suppression) },
      output: `${f.file}:${f.line}: ${f.severity} [${f.checkId}] ${f.message}`,
    })),
  ];
}

/**
 * JUnit XML: one suite per input file with a case per finding (a file without findings has one
 * passing case, so that every file read is counted), and a suite listing every suppression
 * with its status.
 */
export function formatJUnitCheck(run: RunSummary, failOn: Severity, files: readonly string[]): string {
  const suppressed = run.suppressed ?? [];
  const byFile = new Map<string, JUnitCase[]>();
  for (const f of files) byFile.set(f, []);
  findingCases(run.findings, [], failOn).forEach((c, i) => {
    const file = run.findings[i].file;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(c);
  });
  findingCases([], suppressed, failOn).forEach((c, i) => {
    const file = suppressed[i].finding.file;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(c);
  });
  const suites: JUnitSuite[] = [...byFile.entries()].map(([file, cases]) => ({
    name: file,
    cases: cases.length > 0 ? cases : [{ name: 'no findings', classname: file }],
  }));
  if (run.suppressions && run.suppressions.length > 0) suites.push(suppressionSuite(run.suppressions));
  return formatJUnit('cdk8s-haru check', suites);
}

/** The suite that lists every suppression: applied ones pass, expired and stale ones are skipped with why. */
export function suppressionSuite(report: readonly SuppressionReport[]): JUnitSuite {
  return {
    name: 'suppressions',
    cases: report.map((r): JUnitCase => {
      const s = r.suppression;
      const name = `[${s.check}] ${s.source}`;
      const text = `${s.reason}${s.expires ? ` (until ${s.expires})` : ''}; matched ${r.matched}`;
      return r.status === 'applied'
        ? { name, classname: 'suppressions', output: `applied: ${text}` }
        : { name, classname: 'suppressions', skipped: { message: `${r.status}: ${text}` } };
    }),
  };
}
