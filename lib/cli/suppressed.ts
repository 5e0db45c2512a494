/**
 * Suppressions applied to the findings of a run (`check`, `admit --check`, `test`): which
 * findings stay, which were suppressed and by what, and the findings that report expired and
 * stale suppressions. The rules of the two suppression forms are in suppress.ts.
 */
import * as fs from 'node:fs';
import { Finding } from './core';
import { InputError } from './inputs';
import {
  applySuppressions, parseSuppressionFile, Suppression, SuppressionReport, suppressionReportViolation,
} from './suppress';
import { formatViolation } from '../base/errors';
import { severityOf } from '../check/catalog';

/** A finding a suppression applied to. */
export interface SuppressedFinding {
  readonly finding: Finding;
  readonly suppression: Suppression;
}

/** Findings after suppressions. */
export interface SuppressionResult {
  /** The findings that stay, then one `suppress/expired` or `suppress/stale` finding per such suppression. */
  readonly findings: Finding[];
  /** The findings suppressions applied to. */
  readonly suppressed: SuppressedFinding[];
  /** Every suppression (file and annotation) with its status. */
  readonly report: SuppressionReport[];
}

/**
 * Reads suppression files; a file that cannot be read is an InputError, an invalid one a
 * SuppressionFileError (both exit 2).
 */
export function readSuppressionFiles(files: readonly string[]): Suppression[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf-8');
    } catch (e) {
      throw new InputError(`cannot read the suppression file ${file}: ${(e as { code?: string }).code ?? (e as Error).message}`);
    }
    return parseSuppressionFile(text, file);
  });
}

function reportFinding(r: SuppressionReport): Finding | undefined {
  const v = suppressionReportViolation(r);
  if (!v) return undefined;
  const s = r.suppression;
  const o = s.object;
  return {
    file: s.file,
    document: o ? o.document : 0,
    documentLine: o ? o.documentLine : 0,
    line: s.line,
    kind: o?.kind,
    namespace: o?.namespace,
    name: o?.name,
    field: o ? `metadata.annotations[${JSON.stringify(`haru.cdk8s.io/suppress.${s.check.replace('/', '.').replace(/\.$/, '')}`)}]` : '',
    checkId: v.checkId,
    severity: severityOf(v.checkId),
    message: formatViolation(v),
    violation: v,
  };
}

/** Applies file and annotation suppressions to `findings` on day `today` (`YYYY-MM-DD`, UTC). */
export function resolveSuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], today: string): SuppressionResult {
  const out = applySuppressions(findings, suppressions, today);
  const extra = out.report.map(reportFinding).filter((f): f is Finding => f !== undefined);
  return { findings: [...out.kept, ...extra], suppressed: out.suppressed, report: out.report };
}
