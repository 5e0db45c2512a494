/**
 * Suppressions: findings a team has accepted, each with the reason it was accepted and,
 * optionally, the day the acceptance ends. Two forms say the same thing:
 *
 * - a suppression file, owned by whoever owns the rules (a security team), read with
 *   `--suppressions <file>`:
 *
 *   ```yaml
 *   suppressions:
 *     - check: pss/runAsUser            # a check id, or a whole area: pss/
 *       kind: Deployment                # glob patterns (* and ?); each defaults to *
 *       namespace: legacy-*
 *       name: billing-*
 *       reason: the vendor image runs as root; SEC-123
 *       expires: 2027-03-31             # optional: applies through this day (UTC)
 *   ```
 *
 * - an annotation on the object itself, `haru.cdk8s.io/suppress.<area>.<rule>: <reason>`
 *   (the check id with its `/` written as `.`; `haru.cdk8s.io/suppress.<area>` for a whole
 *   area), with an optional expiry written first: `expires 2027-03-31: <reason>`.
 *
 * A suppression without a reason, or with an expiry that is not a real `YYYY-MM-DD` day, is
 * refused (the file: exit 2; the annotation: an error finding on its object). A suppression
 * whose day has passed stops applying — its findings come back — and is reported as expired;
 * one that matched no finding is reported as stale. What was suppressed is listed with its
 * reason in every output format.
 *
 * Some findings cannot be suppressed: those about a document that could not be read at all
 * ({@link UNSUPPRESSIBLE}) — there is no object to attach an acceptance to, and nothing in it
 * was checked — and the findings about suppressions themselves.
 */
import { Violation } from '../base/errors';
import { CHECK_AREAS } from '../check/catalog';
import { readYaml } from '../yaml/read';

/** The annotation prefix of the per-object form (the project's `haru.cdk8s.io/` prefix). */
export const SUPPRESS_ANNOTATION_PREFIX = 'haru.cdk8s.io/suppress.';

/**
 * Check ids no suppression applies to: the document could not be read (or is no object), a
 * checker crashed on it, or the finding is about suppressions themselves.
 */
export const UNSUPPRESSIBLE: readonly string[] = [
  'yaml/parse', 'yaml/too-deep', 'yaml/aliases', 'yaml/not-object',
  'cli/internal-error', 'cli/skipped-directory',
  'suppress/invalid-annotation', 'suppress/expired', 'suppress/stale',
];

/** Whether any suppression may apply to `checkId`. */
export function isSuppressible(checkId: string): boolean {
  return !UNSUPPRESSIBLE.includes(checkId);
}

/** One suppression, from a file or an annotation. */
export interface Suppression {
  /** A check id, or an area ending in `/`. */
  readonly check: string;
  /** Glob patterns on the object (`*` when not given). */
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Why the finding is accepted. */
  readonly reason: string;
  /** Last day it applies (`YYYY-MM-DD`, UTC). */
  readonly expires?: string;
  /** Where it was written: `file:line`, or `file: doc N Kind ns/name` for an annotation. */
  readonly source: string;
  /** The file it came from (the suppression file, or the input file of the annotated object). */
  readonly file: string;
  /** Line of the entry (suppression file) or of the object's document (annotation). */
  readonly line: number;
  /** `file` or `annotation`. */
  readonly form: 'file' | 'annotation';
  /** The annotated object (annotation form only): the suppression applies to it alone. */
  readonly object?: ObjectSite;
}

/** A suppression file that cannot be used: the message is in the project form, naming the file. */
export class SuppressionFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuppressionFileError';
  }
}

const ENTRY_FIELDS = ['check', 'kind', 'namespace', 'name', 'reason', 'expires'];
const ID_PATTERN = /^[a-z][a-z0-9-]*\/([A-Za-z][A-Za-z0-9-]*)?$/;

/** Whether `text` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Today in UTC as `YYYY-MM-DD`. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

function refuse(file: string, v: Violation): SuppressionFileError {
  const details = [v.got !== undefined ? `got ${v.got}` : '', v.allowed !== undefined ? `allowed: ${v.allowed}` : ''].filter(Boolean).join('; ');
  return new SuppressionFileError(`${file}: ${v.field}: ${v.problem}${details ? ` (${details})` : ''}. ${v.fix}`);
}

/**
 * Reads a suppression file (YAML or JSON). Throws {@link SuppressionFileError} for anything
 * but a valid file: unknown fields, a missing reason, a malformed expiry, a check id that is
 * not an id or that names an unsuppressible check.
 */
export function parseSuppressionFile(text: string, file: string): Suppression[] {
  const docs = [...readYaml(text)].filter((d) => !d.empty);
  if (docs.length !== 1) {
    throw refuse(file, { checkId: 'suppress/file', field: '(file)', problem: 'must hold exactly one document', got: String(docs.length), allowed: '1', fix: 'Put every suppression in the one list "suppressions:"' });
  }
  const doc = docs[0];
  if (doc.error) throw new SuppressionFileError(`${file}:${doc.error.line}: not valid YAML: ${doc.error.message}`);
  const root: any = doc.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw refuse(file, { checkId: 'suppress/file', field: '(file)', problem: 'must be a mapping with the key "suppressions"', got: Array.isArray(root) ? 'a list' : typeof root, allowed: 'suppressions: [...]', fix: 'Write "suppressions:" followed by the list of entries' });
  }
  for (const k of Object.keys(root)) {
    if (k !== 'suppressions') throw refuse(file, { checkId: 'suppress/file', field: k, problem: 'unknown field', got: JSON.stringify(k), allowed: 'suppressions', fix: 'Remove it' });
  }
  const list = root.suppressions;
  if (!Array.isArray(list)) {
    throw refuse(file, { checkId: 'suppress/file', field: 'suppressions', problem: 'must be a list', got: list === undefined ? 'nothing' : typeof list, allowed: 'a list of {check, kind, namespace, name, reason, expires}', fix: 'Write each suppression as a list item' });
  }
  return list.map((e: any, i: number) => {
    const at = `suppressions[${i}]`;
    const line = doc.lineAt(['suppressions', i]) ?? doc.documentLine;
    const where = `${file}:${line}`;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) {
      throw refuse(where, { checkId: 'suppress/file', field: at, problem: 'must be a mapping', got: Array.isArray(e) ? 'a list' : JSON.stringify(e), allowed: 'check, kind, namespace, name, reason, expires', fix: 'Write the entry as "- check: <id>" with its reason' });
    }
    for (const k of Object.keys(e)) {
      if (!ENTRY_FIELDS.includes(k)) throw refuse(where, { checkId: 'suppress/file', field: `${at}.${k}`, problem: 'unknown field', got: JSON.stringify(k), allowed: ENTRY_FIELDS.join(', '), fix: 'Remove it or correct its name' });
      if (typeof e[k] !== 'string') {
        throw refuse(where, { checkId: 'suppress/file', field: `${at}.${k}`, problem: 'must be a string', got: e[k] === null ? 'null' : typeof e[k], allowed: 'a string', fix: 'Quote the value' });
      }
    }
    const check = e.check;
    if (check === undefined || !ID_PATTERN.test(check)) {
      throw refuse(where, { checkId: 'suppress/file', field: `${at}.check`, problem: check === undefined ? 'is required' : 'must be a check id or an area ending in "/"', got: check === undefined ? 'nothing' : JSON.stringify(check), allowed: 'an id from docs/check-ids.md (e.g. pss/runAsUser) or an area (e.g. pss/)', fix: 'Name the check the finding shows in brackets' });
    }
    if (CHECK_AREAS[check.split('/')[0]] === undefined) {
      throw refuse(where, { checkId: 'suppress/file', field: `${at}.check`, problem: 'names no area of checks', got: JSON.stringify(check), allowed: Object.keys(CHECK_AREAS).map((a) => `${a}/`).join(', '), fix: 'Name the check the finding shows in brackets' });
    }
    if (!isSuppressible(check)) {
      throw refuse(where, { checkId: 'suppress/file', field: `${at}.check`, problem: 'cannot be suppressed: the document was not read, or the finding is about suppressions', got: JSON.stringify(check), allowed: `any id but ${UNSUPPRESSIBLE.join(', ')}`, fix: 'Fix the input instead' });
    }
    const reason = typeof e.reason === 'string' ? e.reason.trim() : '';
    if (reason === '') {
      throw refuse(where, { checkId: 'suppress/file', field: `${at}.reason`, problem: 'is required: say why the finding is accepted', got: e.reason === undefined ? 'nothing' : JSON.stringify(e.reason), allowed: 'a non-empty text', fix: 'Give the reason (a ticket, an owner) so that reviewers and auditors can judge it' });
    }
    if (e.expires !== undefined && !isDay(e.expires)) {
      throw refuse(where, { checkId: 'suppress/file', field: `${at}.expires`, problem: 'must be a day written YYYY-MM-DD', got: JSON.stringify(e.expires), allowed: 'e.g. 2027-03-31 (the last day the suppression applies, UTC)', fix: 'Write the date as year-month-day, or leave expires out' });
    }
    for (const k of ['kind', 'namespace', 'name']) {
      if (e[k] !== undefined && e[k] === '') {
        throw refuse(where, { checkId: 'suppress/file', field: `${at}.${k}`, problem: 'must not be empty', got: '""', allowed: 'a glob pattern (* and ?)', fix: 'Leave it out to match every value, or write "*"' });
      }
    }
    return {
      check, kind: e.kind ?? '*', namespace: e.namespace ?? '*', name: e.name ?? '*', reason, expires: e.expires, source: where, file, line, form: 'file' as const,
    };
  });
}

/** The location of an object in the input, for annotation suppressions and their findings. */
export interface ObjectSite {
  readonly file: string;
  readonly document: number;
  readonly documentLine: number;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** What the annotations of one object say: suppressions, and the refusals of malformed ones. */
export interface AnnotationSuppressions {
  readonly suppressions: Suppression[];
  readonly invalid: Violation[];
}

/**
 * Reads the `haru.cdk8s.io/suppress.*` annotations of `obj` (a manifest). A key whose check
 * id is unsuppressible or not an id, a value without a reason, or a malformed expiry is
 * refused as a `suppress/invalid-annotation` violation (and does not apply).
 */
export function annotationSuppressions(obj: any, site: ObjectSite): AnnotationSuppressions {
  const annotations = obj?.metadata?.annotations;
  const out: AnnotationSuppressions = { suppressions: [], invalid: [] };
  if (annotations === null || typeof annotations !== 'object' || Array.isArray(annotations)) return out;
  for (const key of Object.keys(annotations).sort()) {
    if (!key.startsWith(SUPPRESS_ANNOTATION_PREFIX)) continue;
    const field = `metadata.annotations[${JSON.stringify(key)}]`;
    const rest = key.slice(SUPPRESS_ANNOTATION_PREFIX.length);
    const dot = rest.indexOf('.');
    const check = dot < 0 ? `${rest}/` : `${rest.slice(0, dot)}/${rest.slice(dot + 1)}`;
    const bad = (problem: string, got: string, allowed: string, fix: string) => out.invalid.push({ checkId: 'suppress/invalid-annotation', field, problem, got, allowed, fix });
    if (!ID_PATTERN.test(check)) {
      bad('does not name a check', JSON.stringify(rest), `${SUPPRESS_ANNOTATION_PREFIX}<area>.<rule> (the check id with "/" written as ".") or ${SUPPRESS_ANNOTATION_PREFIX}<area>`, 'Write e.g. haru.cdk8s.io/suppress.pss.runAsUser');
      continue;
    }
    if (CHECK_AREAS[check.split('/')[0]] === undefined) {
      bad('names no area of checks', JSON.stringify(check), Object.keys(CHECK_AREAS).join(', '), 'Write the check id the finding shows, with "/" as "."');
      continue;
    }
    if (!isSuppressible(check)) {
      bad('names a check that cannot be suppressed', JSON.stringify(check), `any id but ${UNSUPPRESSIBLE.join(', ')}`, 'Fix the input instead');
      continue;
    }
    const raw = annotations[key];
    const value = typeof raw === 'string' ? raw.trim() : '';
    let reason = value;
    let expires: string | undefined;
    const m = /^expires\b\s*(.*)$/i.exec(value);
    if (m) {
      const e = /^(\S+?):\s*(.*)$/s.exec(m[1]);
      if (!e || !isDay(e[1])) {
        bad('has a malformed expiry', JSON.stringify(value), '"expires YYYY-MM-DD: <reason>" or just "<reason>"', 'Write the last day it applies as year-month-day, followed by a colon and the reason');
        continue;
      }
      expires = e[1];
      reason = e[2].trim();
    }
    if (reason === '') {
      bad('needs a reason: say why the finding is accepted', JSON.stringify(typeof raw === 'string' ? raw : String(raw)), 'a non-empty text, optionally after "expires YYYY-MM-DD: "', 'Write the reason (a ticket, an owner) as the annotation value');
      continue;
    }
    const label = `${site.kind ?? '(no kind)'} ${site.namespace ? `${site.namespace}/` : ''}${site.name ?? '(no name)'}`;
    out.suppressions.push({
      check,
      kind: site.kind ?? '*',
      namespace: site.namespace ?? '',
      name: site.name ?? '*',
      reason,
      expires,
      source: `${site.file}: doc ${site.document} ${label} annotation ${key}`,
      file: site.file,
      line: site.documentLine,
      form: 'annotation',
      object: site,
    });
  }
  return out;
}

function siteKey(site: { file: string; document: number; kind?: string; namespace?: string; name?: string }): string {
  return JSON.stringify([site.file, site.document, site.kind ?? '', site.namespace ?? '', site.name ?? '']);
}

/** A glob with `*` (any run of characters) and `?` (one character), matched whole. */
export function globMatches(pattern: string, text: string): boolean {
  const re = new RegExp(`^${pattern.split('').map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+(){}[\]]/g, '\\$&'))).join('')}$`, 's');
  return re.test(text);
}

/** The part of a finding a suppression looks at. */
export interface SuppressibleFinding {
  readonly file: string;
  readonly document: number;
  readonly checkId: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** The state of one suppression after a run. */
export type SuppressionStatus = 'applied' | 'stale' | 'expired';

/** One suppression and what it did. */
export interface SuppressionReport {
  readonly suppression: Suppression;
  readonly status: SuppressionStatus;
  /** Findings it suppressed (applied) or would have (expired). */
  readonly matched: number;
}

/** The outcome of applying suppressions to findings. */
export interface SuppressionOutcome<F> {
  /** Findings no suppression applies to. */
  readonly kept: F[];
  /** Findings suppressed, each with the suppression that applied (the first that matches). */
  readonly suppressed: Array<{ finding: F; suppression: Suppression }>;
  /** Every suppression with its status. */
  readonly report: SuppressionReport[];
}

function checkMatches(s: Suppression, checkId: string): boolean {
  return s.check.endsWith('/') ? checkId.startsWith(s.check) : checkId === s.check;
}

function suppressionMatches(s: Suppression, f: SuppressibleFinding): boolean {
  if (!checkMatches(s, f.checkId)) return false;
  if (s.object !== undefined) return siteKey(s.object) === siteKey(f);
  return globMatches(s.kind, f.kind ?? '') && globMatches(s.namespace, f.namespace ?? '') && globMatches(s.name, f.name ?? '');
}

/**
 * Applies `suppressions` to `findings` on day `today` (`YYYY-MM-DD`). An expired suppression
 * does not apply; unsuppressible findings are always kept.
 */
export function applySuppressions<F extends SuppressibleFinding>(
  findings: readonly F[], suppressions: readonly Suppression[], today: string,
): SuppressionOutcome<F> {
  const counts = suppressions.map(() => 0);
  const kept: F[] = [];
  const suppressed: Array<{ finding: F; suppression: Suppression }> = [];
  for (const f of findings) {
    let applied: Suppression | undefined;
    if (isSuppressible(f.checkId)) {
      suppressions.forEach((s, i) => {
        if (!suppressionMatches(s, f)) return;
        counts[i]++;
        if (!applied && !(s.expires !== undefined && s.expires < today)) applied = s;
      });
    }
    if (applied) suppressed.push({ finding: f, suppression: applied });
    else kept.push(f);
  }
  const report = suppressions.map((s, i) => ({
    suppression: s,
    status: (s.expires !== undefined && s.expires < today ? 'expired' : counts[i] === 0 ? 'stale' : 'applied') as SuppressionStatus,
    matched: counts[i],
  }));
  return { kept, suppressed, report };
}

/** The finding (as a violation) that reports an expired or stale suppression. */
export function suppressionReportViolation(r: SuppressionReport): Violation | undefined {
  const s = r.suppression;
  const what = `suppression of ${s.check}${s.form === 'file' ? ` for ${s.kind} ${s.namespace}/${s.name}` : ''}`;
  if (r.status === 'expired') {
    return {
      checkId: 'suppress/expired',
      field: '',
      problem: `${what} expired on ${s.expires}; its findings are reported again (${r.matched} this run)`,
      got: JSON.stringify(s.reason),
      fix: 'Fix the findings, or renew the suppression with a new expiry if the reason still holds',
    };
  }
  if (r.status === 'stale') {
    return {
      checkId: 'suppress/stale',
      field: '',
      problem: `${what} matched no finding`,
      got: JSON.stringify(s.reason),
      fix: 'Remove it if what it accepted is gone, or correct its check id and patterns',
    };
  }
  return undefined;
}

/** One line describing a suppressed finding: the check, the reason and where the suppression is. */
export function suppressedLine(s: Suppression): string {
  return `suppressed [${s.check}] by ${s.source}${s.expires ? ` (until ${s.expires})` : ''}: ${s.reason}`;
}
