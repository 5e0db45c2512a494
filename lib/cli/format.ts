/**
 * Output formats of `cdk8s-haru check`: human text, JSON and SARIF 2.1.0.
 */
import type { Finding, PssOption } from './core';
import { escapeUntrusted } from './escape';
import { describeCheck, Severity, severityOf } from '../check/catalog';

/** The accepted `--format` values. */
export const FORMATS: readonly string[] = ['text', 'json', 'sarif'];

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
    if (f.document === 0) return escapeUntrusted(`${f.file}: ${f.severity} [${f.checkId}] ${f.message}`);
    const obj = objectLabel(f);
    const where = `doc ${f.document} (line ${f.documentLine})${obj ? ` ${obj}` : ''}`;
    // File names, object names and messages come from the input: one finding is one line.
    return escapeUntrusted(`${f.file}:${f.line}: ${where}: ${f.severity} [${f.checkId}] ${f.message}`);
  });
  if (opts.summaryLine === false) return lines.map((l) => l + '\n').join('');
  const c = counts(run.findings);
  const unchecked = run.unchecked ? `, ${run.unchecked} not checked` : '';
  const docs = `${plural(run.documents, 'document')} in ${plural(run.files, 'file')}${unchecked}`;
  const found = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : ''].filter(Boolean).join(', ');
  lines.push(found === ''
    ? `cdk8s-haru check: ${docs}, no findings (pss: ${run.pss}).`
    : `cdk8s-haru check: ${found} in ${plural(new Set(run.findings.filter((f) => f.severity !== 'notice').map((f) => f.file)).size, 'file')} (${docs}, pss: ${run.pss}).`);
  return lines.join('\n') + '\n';
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
    findings: run.findings.map((f) => ({
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
    })),
  }, null, 2) + '\n';
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

/** SARIF 2.1.0: one run, the rules that fired, one result per finding. */
export function formatSarif(run: RunSummary): string {
  const ruleIds = [...new Set(run.findings.map((f) => f.checkId))].sort();
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
      results: run.findings.map((f) => ({
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
        properties: { document: f.document, documentLine: f.documentLine, field: f.field },
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
