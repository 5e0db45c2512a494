/**
 * Output formats of `cdk8s-haru check`: human text, JSON and SARIF 2.1.0.
 */
import type { Finding, PssOption } from './core';
import { describeCheck } from '../check/catalog';

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
  /** Number of documents checked. */
  readonly documents: number;
  /** Every finding. */
  readonly findings: readonly Finding[];
}

function objectLabel(f: Finding): string {
  if (!f.kind && !f.name) return '';
  const ns = f.namespace ? `${f.namespace}/` : '';
  return `${f.kind ?? '(no kind)'} ${ns}${f.name ?? '(no name)'}`;
}

/**
 * Text: one line per finding,
 * `file:line: doc N (line L) Kind ns/name: [check/id] message`, then a summary line.
 */
export function formatText(run: RunSummary, opts: { summaryLine?: boolean } = {}): string {
  const lines = run.findings.map((f) => {
    const obj = objectLabel(f);
    const where = `doc ${f.document} (line ${f.documentLine})${obj ? ` ${obj}` : ''}`;
    return `${f.file}:${f.line}: ${where}: [${f.checkId}] ${f.message}`;
  });
  if (opts.summaryLine === false) return lines.map((l) => l + '\n').join('');
  const files = new Set(run.findings.map((f) => f.file)).size;
  const docs = `${run.documents} document${run.documents === 1 ? '' : 's'} in ${run.files} file${run.files === 1 ? '' : 's'}`;
  lines.push(run.findings.length === 0
    ? `cdk8s-haru check: ${docs}, no findings (pss: ${run.pss}).`
    : `cdk8s-haru check: ${run.findings.length} finding${run.findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${docs}, pss: ${run.pss}).`);
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
            defaultConfiguration: { level: 'error' },
          })),
        },
      },
      results: run.findings.map((f) => ({
        ruleId: f.checkId,
        ruleIndex: index.get(f.checkId),
        level: 'error',
        message: { text: `${objectLabel(f) ? `${objectLabel(f)}: ` : ''}${f.message}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: artifactUri(f.file) },
            region: { startLine: f.line },
          },
          logicalLocations: f.field ? [{ fullyQualifiedName: `doc${f.document}.${f.field}`, kind: 'member' }] : undefined,
        }],
        properties: { document: f.document, documentLine: f.documentLine, field: f.field },
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
