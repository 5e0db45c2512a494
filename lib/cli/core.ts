/**
 * The core of `cdk8s-haru check` and of the cdk8s validation plugin: YAML text in, findings
 * out. It parses every document of a text, runs the library's checks on each object through
 * the check registry (schema + per-kind rules) and the Pod Security checker, and locates
 * every finding at a line of the source. It never throws on bad input: a document that does
 * not parse, or is not an object, becomes a finding.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { FastDocument, fastParseDocument, splitDocuments, Unsupported } from './fast-yaml';
import { podSecurityFindings } from './pss';
import { Severity, severityOf } from '../check/catalog';
import type { CrdSet } from '../check/crd';
import { formatViolation, Violation } from '../check/errors';
import { checkObject, notCheckedReason } from '../check/registry';

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
}

/** Kinds that hold other objects in `items` (kubectl's `List`). */
const LIST_KINDS = new Set(['List']);

/**
 * Checks one object with the registry and the PSS checker and returns its violations.
 * A checker that throws on strange input becomes a finding, never a crash.
 */
export function checkManifest(obj: unknown, pss: PssOption, crds?: CrdSet): Violation[] {
  const out: Violation[] = [];
  try {
    out.push(...checkObject(obj, { crds }));
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

function skipped(checkId: string, skip: readonly string[] | undefined): boolean {
  if (!skip || skip.length === 0) return false;
  return skip.some((s) => (s.endsWith('/') ? checkId.startsWith(s) : checkId === s));
}

/** One document of a text, read by the fast reader or the `yaml` package. */
interface SourceDocument {
  /** 1-based line where the content starts. */
  readonly documentLine: number;
  /** Nothing but comments or whitespace. */
  readonly empty: boolean;
  /** The first syntax error, if any. */
  readonly error?: { readonly line: number; readonly message: string };
  /** Keys given twice in one mapping (kubectl keeps the last value), with the line of the repeat. */
  readonly duplicateKeys?: ReadonlyArray<{ readonly line: number; readonly key: string }>;
  /** The value; may throw (alias limits). */
  readonly value: () => unknown;
  /** Line of the deepest existing node on a field path, or `undefined`. */
  readonly lineOfField: (field: string) => number | undefined;
}

/**
 * Documents of `text`, one at a time (so that each can be dropped once checked): the fast
 * reader where it can, the `yaml` package for the rest.
 */
function* readDocuments(input: string): Generator<SourceDocument> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input; // a byte order mark is no content
  const chunks = splitDocuments(text);
  if (!chunks) {
    yield* yamlDocuments(text, 0);
    return;
  }
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    chunks[i] = undefined as any; // release the lines once read
    let doc: FastDocument | undefined;
    try {
      doc = fastParseDocument(chunk.lines, chunk.firstLine);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
    if (doc) {
      const d = doc;
      yield { documentLine: d.startLine, empty: d.empty, value: () => d.value, lineOfField: (f) => lineFromIndex(d.value, d.lineOf, f) };
    } else {
      yield* yamlDocuments(chunk.lines.join('\n'), chunk.firstLine - 1);
    }
  }
}

/** One document read by {@link readManifestValues}. */
export interface ManifestValue {
  readonly document: number;
  readonly value?: unknown;
  readonly error?: string;
  readonly empty: boolean;
}

/**
 * The values of the documents of `text` as kubectl reads them, with the reader `check` uses
 * (linear in the size of the text): one entry per document, with its value or its first
 * syntax error.
 */
export function readManifestValues(text: string): ManifestValue[] {
  const out: Array<{ document: number; value?: unknown; error?: string; empty: boolean }> = [];
  let n = 0;
  for (const doc of readDocuments(text)) {
    n++;
    if (doc.error) {
      out.push({ document: n, error: doc.error.message, empty: false });
      continue;
    }
    try {
      out.push({ document: n, value: doc.value(), empty: doc.empty });
    } catch (e) {
      out.push({ document: n, error: e instanceof Error ? e.message : String(e), empty: false });
    }
  }
  return out;
}

/**
 * `\'` inside a double-quoted scalar: YAML 1.2 has no such escape, but the Go YAML parser
 * kubectl reads manifests with (go-yaml, a libyaml port, behind sigs.k8s.io/yaml) takes it
 * as a single quote. The offsets of those escapes, from the `yaml` package's errors.
 */
type ParseErrors = ReadonlyArray<{ readonly code: string; readonly pos: [number, number] }>;

function goOnlyEscapes(docs: Iterable<{ readonly errors: ParseErrors }>, text: string): number[] {
  const out: number[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      if (e.code === 'BAD_DQ_ESCAPE' && text.startsWith("\\'", e.pos[0])) out.push(e.pos[0]);
    }
  }
  return out;
}

/** Keys that appear twice in a mapping of `node` (recursively), with their offsets. */
function duplicateKeysOf(node: unknown, out: Array<{ offset: number; key: string }>): void {
  if (isMap(node)) {
    const seen = new Set<string>();
    for (const p of node.items) {
      if (isScalar(p.key)) {
        const k = String(p.key.value);
        if (seen.has(k)) out.push({ offset: p.key.range?.[0] ?? 0, key: k });
        seen.add(k);
      }
      duplicateKeysOf(p.value, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) duplicateKeysOf(item, out);
  }
}

/** Documents of `text` read by the `yaml` package, with lines moved down by `shift`. */
function yamlDocuments(input: string, shift: number): SourceDocument[] {
  let text = input;
  let lineCounter = new LineCounter();
  let docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const escapes = goOnlyEscapes(Array.from(docs), text);
  if (escapes.length > 0) {
    // Same lines, so locations stay right: `\'` becomes `\u0027`.
    for (const at of escapes.reverse()) text = `${text.slice(0, at)}\\u0027${text.slice(at + 2)}`;
    lineCounter = new LineCounter();
    docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  }
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line) + shift;
  // `parseAllDocuments` returns an EmptyStream (an array with no documents) for empty input.
  return Array.from(docs).map((doc) => {
    const contents = doc.contents as YamlNode | null;
    const err = doc.errors[0];
    const dups: Array<{ offset: number; key: string }> = [];
    if (!err) duplicateKeysOf(contents, dups);
    return {
      documentLine: lineOf(contents?.range?.[0] ?? doc.range?.[0]),
      empty: doc.errors.length === 0 && (contents === null || (isScalar(contents) && contents.value === null && !contents.source)),
      error: err ? { line: (err.linePos?.[0]?.line ?? lineOf(err.pos?.[0]) - shift) + shift, message: err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') } : undefined,
      duplicateKeys: dups.map((d) => ({ line: lineOf(d.offset), key: d.key })),
      value: () => doc.toJS({ maxAliasCount: 1000 }),
      lineOfField: (f: string) => {
        const offset = offsetOfField(contents, f);
        return offset === undefined ? undefined : lineOf(offset);
      },
    };
  });
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
  for (const doc of readDocuments(text)) {
    if (doc.empty || doc.error) continue;
    let obj: any;
    try {
      obj = doc.value();
    } catch {
      continue;
    }
    const items = obj && obj.apiVersion === 'v1' && LIST_KINDS.has(obj.kind) && Array.isArray(obj.items) ? obj.items : [obj];
    for (const item of items) crds.add(item);
  }
}

/**
 * Parses `text` (one or more YAML or JSON documents) and checks every document.
 * `file` only labels the findings.
 */
export function checkText(text: string, file: string, opts: CheckOptions): TextResult {
  const findings: Finding[] = [];
  let count = 0;
  let unchecked = 0;

  for (const doc of readDocuments(text)) {
    if (doc.empty) continue; // an empty document (`---` at the end of a file, or only comments)
    count++;
    const document = count;
    opts.onDocument?.(count);
    const documentLine = doc.documentLine;
    const base = { file, document, documentLine };

    if (doc.error) {
      const violation: Violation = {
        checkId: 'yaml/parse',
        field: '',
        problem: `not valid YAML: ${doc.error.message}`,
        fix: 'Fix the YAML syntax; the document was not checked',
      };
      findings.push({ ...base, line: doc.error.line, field: '', checkId: violation.checkId, severity: 'error', message: formatViolation(violation), violation });
      continue;
    }

    for (const d of doc.duplicateKeys ?? []) {
      const violation: Violation = {
        checkId: 'yaml/duplicate-key',
        field: '',
        problem: `the key ${JSON.stringify(d.key)} is given twice in one mapping; kubectl keeps the last value`,
        fix: 'Remove the earlier entry',
      };
      if (!skipped(violation.checkId, opts.skip)) {
        findings.push({ ...base, line: d.line, field: '', checkId: violation.checkId, severity: 'warning', message: formatViolation(violation), violation });
      }
    }

    let obj: unknown;
    try {
      obj = doc.value();
    } catch (e) {
      const violation: Violation = {
        checkId: 'yaml/parse',
        field: '',
        problem: `cannot be read: ${e instanceof Error ? e.message : String(e)}`,
        fix: 'Fix the YAML (aliases, tags); the document was not checked',
      };
      findings.push({ ...base, line: documentLine, field: '', checkId: violation.checkId, severity: 'error', message: formatViolation(violation), violation });
      continue;
    }

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

    const targets: Array<{ obj: any; prefix: string }> = [];
    const o = obj as any;
    if (o.apiVersion === 'v1' && LIST_KINDS.has(o.kind) && Array.isArray(o.items)) {
      o.items.forEach((item: unknown, i: number) => targets.push({ obj: item, prefix: `items[${i}]` }));
    } else {
      targets.push({ obj: o, prefix: '' });
    }

    for (const t of targets) {
      const reason = notCheckedReason(t.obj, opts.crds);
      if (reason !== undefined) unchecked++;
      const violations = reason === undefined ? checkManifest(t.obj, opts.pss, opts.crds) : [notChecked(reason)];
      const meta = t.obj && typeof t.obj === 'object' ? t.obj : {};
      for (const v0 of violations) {
        if (skipped(v0.checkId, opts.skip)) continue;
        const v = t.prefix ? { ...v0, field: v0.field ? `${t.prefix}.${v0.field}`.replace('.[', '[') : t.prefix } : v0;
        findings.push({
          ...base,
          line: (v.field ? doc.lineOfField(v.field) : undefined) ?? documentLine,
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
  return { documents: count, unchecked, findings };
}

/** Line of the deepest existing key or item on `field`'s path, from the fast reader's index. */
function lineFromIndex(root: unknown, lineOf: FastDocument['lineOf'], field: string): number | undefined {
  const segments = splitFieldPath(field);
  if (!segments) return undefined;
  let node: any = root;
  let line: number | undefined;
  for (const seg of segments) {
    if (node === null || typeof node !== 'object') break;
    const key = Array.isArray(node) ? seg : String(seg);
    if (Array.isArray(node) ? typeof seg !== 'number' || seg >= node.length : !Object.prototype.hasOwnProperty.call(node, key)) break;
    line = lineOf(node, key) ?? line;
    node = node[key as any];
  }
  return line;
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

/**
 * Source offset of the deepest node on `field`'s path that exists in the document: the key
 * of a map entry, the item of a list. `undefined` when not even the first segment exists.
 */
function offsetOfField(root: YamlNode | null, field: string): number | undefined {
  if (!root || !field) return undefined;
  const segments = splitFieldPath(field);
  if (!segments) return undefined;
  let node: unknown = root;
  let offset: number | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      // the last pair with the key: a repeated key keeps its last value
      const pair = [...node.items].reverse().find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as YamlNode).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) break;
      offset = (item as YamlNode).range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
