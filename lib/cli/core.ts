/**
 * The core of `cdk8s-haru check` and of the cdk8s validation plugin: YAML text in, findings
 * out. It parses every document of a text, runs the library's checks on each object through
 * the check registry (schema + per-kind rules) and the Pod Security checker, and locates
 * every finding at a line of the source. It never throws on bad input: a document that does
 * not parse, or is not an object, becomes a finding.
 */
import type { StoredObjects } from './pairing';
import { podSecurityFindings } from './pss';
import { annotationSuppressions, Suppression } from './suppress';
import { formatViolation, Violation } from '../base/errors';
import { Severity, severityOf } from '../check/catalog';
import { registerExactCopy } from '../check/crd';
import type { CrdSet } from '../check/crd';
import { checkCrdDefinition } from '../check/crd-definition';
import { checkObject, notCheckedReason } from '../check/registry';
import { readYaml, YamlDocument } from '../yaml/read';

/** Pod Security level applied to every object with a pod spec, or `none` for no PSS check. */
export type PssOption = 'restricted' | 'baseline' | 'none';

/** The accepted `--pss` values, strictest first. */
export const PSS_OPTIONS: readonly PssOption[] = ['restricted', 'baseline', 'none'];

/**
 * The default level: `restricted`, the level this library promises for what it
 * synthesises, so that the CLI holds any other YAML to the same bar.
 */
export const DEFAULT_PSS: PssOption = 'restricted';

/** Options of one check run. */
export interface CheckOptions {
  /** Pod Security level for objects with pod specs. */
  readonly pss: PssOption;
  /** Check ids (or id prefixes ending in `/`) whose findings are dropped. */
  readonly skip?: readonly string[];
  /**
   * CustomResourceDefinitions to check custom resources against (fill it with
   * {@link collectCrds} from `--crd` files and from the inputs themselves).
   * @default - no CRDs: custom resources are reported as not checked
   */
  readonly crds?: CrdSet;
  /**
   * The stored objects (`--old`): a custom resource with a stored version of the same group,
   * kind, namespace and name is checked as an UPDATE from it (transition rules, ratcheting).
   * @default - every object is checked as a create
   */
  readonly old?: StoredObjects;
  /** Called after each document with the number of documents of this text checked so far. */
  readonly onDocument?: (documents: number) => void;
}

/** One problem found in an input, located in its file. */
export interface Finding {
  /** The file the document came from (`-` for standard input). */
  readonly file: string;
  /** 1-based number of the document inside the file. */
  readonly document: number;
  /** 1-based line where the document's content starts. */
  readonly documentLine: number;
  /** 1-based line of the offending field (the document line when the field is absent). */
  readonly line: number;
  /** `kind` of the object, when it has one. */
  readonly kind?: string;
  /** `metadata.name` of the object, when it has one. */
  readonly name?: string;
  /** `metadata.namespace` of the object, when it has one. */
  readonly namespace?: string;
  /** Field path inside the document (empty for the whole document). */
  readonly field: string;
  /** Stable id of the rule, e.g. `schema/unknown-field`. */
  readonly checkId: string;
  /** How the API server answers it: `error` (refused), `warning` (accepted) or `notice` (not checked). */
  readonly severity: Severity;
  /** The message, in the library's `<field>: <problem> (got ...; allowed: ...). <fix>` shape. */
  readonly message: string;
  /** The violation as the checker reported it. */
  readonly violation: Violation;
}

/** What checking one text produced. */
export interface TextResult {
  /** Number of documents found (empty documents are not counted). */
  readonly documents: number;
  /** How many of them (or of their List items) could not be checked (kinds without a schema). */
  readonly unchecked: number;
  /** Every finding, in document order. */
  readonly findings: Finding[];
  /** The suppressions the objects carry as `haru.cdk8s.io/suppress.*` annotations (see suppress.ts). */
  readonly suppressions: Suppression[];
}

/** Kinds that hold other objects in `items` (kubectl's `List`). */
const LIST_KINDS = new Set(['List']);

/** The CRD-creation checks of one CustomResourceDefinition; a throw becomes a finding. */
function checkCrdDefinitionSafely(obj: unknown): Violation[] {
  try {
    return checkCrdDefinition(obj);
  } catch (e) {
    return [internalError('checks', e)];
  }
}

/**
 * Checks one object with the registry and the PSS checker and returns its violations.
 * A checker that throws on strange input becomes a finding, never a crash.
 */
export function checkManifest(obj: unknown, pss: PssOption, crds?: CrdSet, old?: unknown): Violation[] {
  const out: Violation[] = [];
  try {
    out.push(...checkObject(obj, { crds, old }));
  } catch (e) {
    out.push(internalError('checks', e));
  }
  if (pss !== 'none') {
    try {
      out.push(...podSecurityFindings(obj, pss));
    } catch (e) {
      out.push(internalError('Pod Security checks', e));
    }
  }
  return out;
}

function internalError(what: string, e: unknown): Violation {
  const message = e instanceof Error ? e.message : String(e);
  return {
    checkId: 'cli/internal-error',
    field: '',
    problem: `the ${what} failed on this document: ${message.split('\n')[0]}`,
    fix: 'Report this input to the cdk8s-haru maintainers',
  };
}

function notChecked(reason: string): Violation {
  return {
    checkId: 'cli/not-checked',
    field: '',
    problem: `not checked: ${reason}`,
    fix: 'Pass its CustomResourceDefinition with --crd (or among the inputs) to check it',
  };
}

function noOld(): Violation {
  return {
    checkId: 'cli/no-old',
    field: '',
    problem: 'no stored object with the same group, kind, namespace and name was given with --old, so this custom resource was checked as a create',
    fix: 'Pass its stored version with --old to check the update (transition rules, ratcheting)',
  };
}

function skipped(checkId: string, skip: readonly string[] | undefined): boolean {
  if (!skip || skip.length === 0) return false;
  return skip.some((s) => (s.endsWith('/') ? checkId.startsWith(s) : checkId === s));
}

/** A cheap test that a text may hold a CRD, so that texts without one are not parsed twice. */
const MAY_HOLD_CRD = /CustomResourceDefinition/;

/**
 * Adds every apiextensions.k8s.io/v1 CustomResourceDefinition of `text` (also inside a
 * `List`) to `crds`. Documents that do not parse are skipped here; {@link checkText}
 * reports them.
 */
export function collectCrds(text: string, crds: CrdSet): void {
  if (!MAY_HOLD_CRD.test(text)) return;
  for (const doc of readYaml(text)) {
    if (doc.empty || doc.error) continue;
    const obj: any = doc.value;
    const items = obj && obj.apiVersion === 'v1' && LIST_KINDS.has(obj.kind) && Array.isArray(obj.items) ? obj.items : [obj];
    for (const item of items) crds.add(item);
  }
}

/**
 * Parses `text` (one or more YAML or JSON documents) and checks every document.
 * `file` only labels the findings.
 */
export function checkText(text: string, file: string, opts: CheckOptions): TextResult {
  return checkDocuments(text, file, opts, false);
}

/**
 * Checks the CustomResourceDefinitions of a `--crd` file as the API server checks them at
 * creation (the `crd-definition` checks); other documents of the file are left alone.
 */
export function checkCrdFile(text: string, file: string, opts: CheckOptions): TextResult {
  return checkDocuments(text, file, opts, true);
}

function isCrd(obj: any): boolean {
  return obj !== null && typeof obj === 'object' && obj.apiVersion === 'apiextensions.k8s.io/v1' && obj.kind === 'CustomResourceDefinition';
}

/** `definitionsOnly`: check only the CRDs, with their creation checks (a `--crd` file). */
function checkDocuments(text: string, file: string, opts: CheckOptions, definitionsOnly: boolean): TextResult {
  const findings: Finding[] = [];
  const suppressions: Suppression[] = [];
  let count = 0;
  let unchecked = 0;
  // the documents again with exact int64 (bigint), read only when a custom resource may need them
  let exact: YamlDocument[] | undefined;
  let raw = -1;

  for (const doc of readYaml(text)) {
    raw++;
    if (doc.empty) continue; // an empty document (`---` at the end of a file, or only comments)
    count++;
    const document = count;
    opts.onDocument?.(count);
    const documentLine = doc.documentLine;
    const base = { file, document, documentLine };

    if (doc.error) {
      const e = doc.error;
      const violation: Violation = {
        checkId: e.checkId,
        field: '',
        problem: e.syntax ? `not valid YAML: ${e.message}` : `cannot be read: ${e.message}`,
        fix: e.syntax ? 'Fix the YAML syntax; the document was not checked'
          : e.checkId === 'yaml/too-deep' ? 'Flatten the document; it was not checked'
            : e.checkId === 'yaml/aliases' ? 'Write the repeated content out instead of aliasing it; the document was not checked'
              : 'Write the value as kubectl reads it (quote it, or fix its tag or key); the document was not checked',
      };
      if (!skipped(violation.checkId, opts.skip)) {
        findings.push({ ...base, line: e.line, field: '', checkId: violation.checkId, severity: severityOf(violation.checkId), message: formatViolation(violation), violation });
      }
      continue;
    }

    for (const v of yamlWarnings(doc)) {
      if (!skipped(v.violation.checkId, opts.skip)) {
        findings.push({ ...base, line: v.line, field: '', checkId: v.violation.checkId, severity: severityOf(v.violation.checkId), message: formatViolation(v.violation), violation: v.violation });
      }
    }

    const obj: unknown = doc.value;

    if (definitionsOnly && (obj === null || typeof obj !== 'object' || Array.isArray(obj))) continue;
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      const violation: Violation = {
        checkId: 'yaml/not-object',
        field: '',
        problem: 'document is not a Kubernetes object',
        got: Array.isArray(obj) ? 'a list' : `a ${obj === null ? 'null' : typeof obj} scalar`,
        allowed: 'a mapping with apiVersion, kind and metadata',
        fix: 'Give every document its own apiVersion and kind, separated by ---',
      };
      findings.push({ ...base, line: documentLine, field: '', checkId: violation.checkId, severity: 'error', message: formatViolation(violation), violation });
      continue;
    }

    const targets: Array<{ obj: any; prefix: string; violations?: Violation[] }> = [];
    const o = obj as any;
    if (o.apiVersion === 'v1' && LIST_KINDS.has(o.kind) && Array.isArray(o.items)) {
      o.items.forEach((item: unknown, i: number) => targets.push({ obj: item, prefix: `items[${i}]` }));
    } else {
      targets.push({ obj: o, prefix: '' });
    }

    if (opts.crds && opts.crds.size > 0 && doc.inexactIntegers.length > 0) {
      // custom resources are checked with their integers exact, as the API server decodes them
      exact ??= [...readYaml(text, { bigint: true })];
      const e: any = exact[raw]?.value;
      if (targets.length === 1 && targets[0].prefix === '') registerExactCopy(targets[0].obj, e);
      else if (e && Array.isArray(e.items)) targets.forEach((t, i) => registerExactCopy(t.obj, e.items[i]));
    }

    for (const t of targets) {
      if (definitionsOnly) {
        if (!isCrd(t.obj)) continue;
        t.violations = checkCrdDefinitionSafely(t.obj);
      }
      const reason = t.violations ? undefined : notCheckedReason(t.obj, opts.crds);
      if (reason !== undefined) unchecked++;
      const old = opts.old?.pair(t.obj);
      const violations = t.violations ?? (reason === undefined ? checkManifest(t.obj, opts.pss, opts.crds, old) : [notChecked(reason)]);
      if (!definitionsOnly && opts.old && old === undefined && opts.crds?.lookup(t.obj?.apiVersion, t.obj?.kind)) violations.push(noOld());
      const meta = t.obj && typeof t.obj === 'object' ? t.obj : {};
      const site = {
        ...base,
        kind: typeof meta.kind === 'string' ? meta.kind : undefined,
        name: typeof meta.metadata?.name === 'string' ? meta.metadata.name : undefined,
        namespace: typeof meta.metadata?.namespace === 'string' ? meta.metadata.namespace : undefined,
      };
      const annotated = annotationSuppressions(t.obj, site);
      suppressions.push(...annotated.suppressions);
      for (const v0 of [...violations, ...annotated.invalid]) {
        if (skipped(v0.checkId, opts.skip)) continue;
        const v = t.prefix ? { ...v0, field: v0.field ? `${t.prefix}.${v0.field}`.replace('.[', '[') : t.prefix } : v0;
        findings.push({
          ...base,
          line: (v.field ? lineOfField(doc, v.field) : undefined) ?? documentLine,
          kind: typeof meta.kind === 'string' ? meta.kind : undefined,
          name: typeof meta.metadata?.name === 'string' ? meta.metadata.name : undefined,
          namespace: typeof meta.metadata?.namespace === 'string' ? meta.metadata.namespace : undefined,
          field: v.field,
          checkId: v.checkId,
          severity: severityOf(v.checkId),
          message: formatViolation(v),
          violation: v,
        });
      }
    }
  }
  return { documents: count, unchecked, findings, suppressions };
}

/** Warnings about how kubectl reads the document (repeated keys, inexact integers). */
function yamlWarnings(doc: YamlDocument): Array<{ line: number; violation: Violation }> {
  const out: Array<{ line: number; violation: Violation }> = [];
  for (const d of doc.duplicateKeys) {
    out.push({
      line: d.line,
      violation: {
        checkId: 'yaml/duplicate-key',
        field: '',
        problem: `the key ${JSON.stringify(d.key)} is given twice in one mapping; kubectl keeps the last value`,
        fix: 'Remove the earlier entry',
      },
    });
  }
  for (const n of doc.inexactIntegers) {
    out.push({
      line: n.line,
      violation: {
        checkId: 'yaml/inexact-integer',
        field: '',
        problem: `the integer ${n.text} is beyond 2^53: kubectl keeps it exact, but the checks see it as ${Number(n.text)}`,
        fix: 'Write it as a string if it is an identifier, or check the value by hand',
      },
    });
  }
  return out;
}

/** Line of the deepest existing key or item on `field`'s path. */
function lineOfField(doc: YamlDocument, field: string): number | undefined {
  const segments = splitFieldPath(field);
  return segments ? doc.lineAt(segments) : undefined;
}

/**
 * Splits a field path built with `joinPath` (`a.b[0]["x.y"]`) into its segments.
 * Returns `undefined` for text that is not such a path (free-form descriptions).
 */
export function splitFieldPath(path: string): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  const re = /\.?(?:([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/y;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    const m = re.exec(path);
    if (!m || (pos === 0 && path[0] === '.')) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
    pos = re.lastIndex;
  }
  return out;
}
