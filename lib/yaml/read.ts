/**
 * Reads a YAML stream into plain JSON values exactly as kubectl does: go-yaml v2 (the fork
 * in sigs.k8s.io/yaml@v1.4.0, goyaml.v2) decodes each document into Go values, then
 * sigs.k8s.io/yaml turns them into JSON (yaml.go `yamlToJSONTarget`). Every value keeps the
 * line it was read from, so that findings name it.
 *
 * Two readers share the work: the fast reader (`fast.ts`) takes the plain block YAML that
 * generators write; the rest goes through the `yaml` package's parser (syntax, positions)
 * and a port of go-yaml's decoder (`Decoder` below: scalar resolution, merge keys, aliases
 * and their expansion limit, map keys). Work is linear in the input and bounded: nesting
 * deeper than {@link MAX_DEPTH} becomes an error for that document only, found on the
 * syntax tree without recursion, before anything recursive runs.
 */
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { fastParseDocument, splitDocuments, Unsupported } from './fast';
import { BINARY_TAG, decodeBinary, INT_TAG, keyString, MERGE_TAG, resolve, Resolved, ResolveError } from './resolve';

/**
 * Deepest nesting of collections read. go-yaml itself stops at 10,000 (scannerc.go
 * `max_flow_level`, `max_indents`); the API server's JSON decoder also at 10,000
 * (k8s.io/apimachinery util/json). Manifests never come near 100; this reader stops at 500
 * so that nothing recursive (the `yaml` package's composer, which overflows the default
 * stack between 600 and 1,000 flow levels, the checks) can exhaust the stack.
 */
export const MAX_DEPTH = 500;

/** Why a document could not be read; the id is the finding's check id. */
export interface YamlError {
  /** `yaml/parse` (syntax, tags, keys, values JSON cannot hold), `yaml/too-deep` or `yaml/aliases`. */
  readonly checkId: 'yaml/parse' | 'yaml/too-deep' | 'yaml/aliases';
  /** 1-based line. */
  readonly line: number;
  readonly message: string;
  /** A syntax error (as opposed to a value kubectl cannot decode). */
  readonly syntax?: boolean;
}

/** Options of {@link readYaml}. */
export interface ReadOptions {
  /**
   * Integers beyond 2^53 as `bigint` (exact, as kubectl keeps them) instead of the nearest
   * `number` (what the checks and CEL work with; each such integer is then listed in
   * {@link YamlDocument.inexactIntegers}).
   * @default false
   */
  readonly bigint?: boolean;
}

/** One document of a stream. */
export interface YamlDocument {
  /** 1-based line where the content starts. */
  readonly documentLine: number;
  /** Nothing but comments, whitespace or markers (kubectl skips it). */
  readonly empty: boolean;
  /** Why kubectl would not read it (or this reader cannot), if so; `value` is then `null`. */
  readonly error?: YamlError;
  /** The JSON value kubectl makes of it. */
  readonly value: unknown;
  /** Keys given twice in one mapping (kubectl keeps the last value), with the line of the repeat. */
  readonly duplicateKeys: ReadonlyArray<{ readonly line: number; readonly key: string }>;
  /** Integers beyond 2^53 read as the nearest `number`, with their text (unless `bigint`). */
  readonly inexactIntegers: ReadonlyArray<{ readonly line: number; readonly text: string }>;
  /** Line of the deepest existing key or item on a path of keys and indices. */
  lineAt(path: ReadonlyArray<string | number>): number | undefined;
}

/** Lines of the keys of a map or items of a list, as flat `[key, line, ...]` pairs. */
type LineIndex = WeakMap<object, Array<string | number>>;

type LineOf = (holder: object, key: string | number) => number | undefined;

function lineAtIn(root: unknown, lineOf: LineOf, path: ReadonlyArray<string | number>): number | undefined {
  let node: any = root;
  let line: number | undefined;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') break;
    const key = Array.isArray(node) ? seg : String(seg);
    if (Array.isArray(node) ? typeof seg !== 'number' || seg >= node.length : !Object.prototype.hasOwnProperty.call(node, key)) break;
    line = lineOf(node, key) ?? line;
    node = node[key as any];
  }
  return line;
}

/**
 * The documents of `input`, one at a time, read as kubectl reads them. A byte order mark
 * is skipped. Never throws on bad input: what kubectl would refuse, or what is nested
 * deeper than {@link MAX_DEPTH}, is the document's `error`.
 */
export function* readYaml(input: string, options: ReadOptions = {}): Generator<YamlDocument> {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const chunks = splitDocuments(text);
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    chunks[i] = undefined as any; // release the lines once read
    if (chunk.separatorError !== undefined) {
      const line = Math.max(1, chunk.firstLine - 1);
      yield failed(line, { checkId: 'yaml/parse', line, message: chunk.separatorError, syntax: true });
      continue;
    }
    let doc;
    try {
      doc = fastParseDocument(chunk.lines, chunk.firstLine);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
    }
    if (doc) {
      const d = doc;
      yield {
        documentLine: d.startLine,
        empty: d.empty,
        value: d.value,
        duplicateKeys: d.duplicateKeys,
        inexactIntegers: [],
        lineAt: (path) => lineAtIn(d.value, d.lineOf, path),
      };
    } else {
      // go-yaml's Unmarshal reads the first document of a piece (after `...`, the rest is ignored).
      const docs = fullDocuments(chunk.lines.join('\n'), chunk.firstLine - 1, options);
      if (docs.length > 0) {
        yield docs[0];
      } else if (chunk.lines.some((l) => l.startsWith('%'))) {
        const line = chunk.firstLine;
        yield failed(line, { checkId: 'yaml/parse', line, message: 'a directive without a document after it', syntax: true });
      }
    }
  }
}

/** Every document of `text` read by the full reader only (the oracle the fast reader is tested against). */
export function readYamlFull(text: string, options: ReadOptions = {}): YamlDocument[] {
  return fullDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 0, options);
}

/** Reads every document of `text`; the first error of any document is thrown as a `YamlReadError`. */
export function readYamlValues(text: string, options: ReadOptions = {}): unknown[] {
  const out: unknown[] = [];
  let n = 0;
  for (const doc of readYaml(text, options)) {
    if (doc.empty) continue;
    n++;
    if (doc.error) throw new YamlReadError(n, doc.error);
    out.push(doc.value);
  }
  return out;
}

/** A document of a stream that kubectl would not read. */
export class YamlReadError extends Error {
  constructor(public readonly document: number, public readonly error: YamlError) {
    super(`document ${document} (line ${error.line}) ${error.checkId === 'yaml/parse' ? 'is not valid YAML' : 'cannot be read'}: ${error.message}`);
  }
}

/** Collection depth of a CST token, found with an explicit stack (no recursion). */
function cstDepth(token: any): number {
  let max = 0;
  const stack: Array<[any, number]> = [[token.value, 0]];
  while (stack.length > 0) {
    const [t, d] = stack.pop()!;
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t.items)) {
      const depth = d + 1;
      if (depth > max) max = depth;
      if (max > MAX_DEPTH) return max;
      for (const item of t.items) {
        if (item.key) stack.push([item.key, depth]);
        if (item.value) stack.push([item.value, depth]);
      }
    }
  }
  return max;
}

/**
 * `\'` inside a double-quoted scalar: YAML 1.2 has no such escape, but go-yaml (a libyaml
 * port, scannerc.go `yaml_parser_scan_flow_scalar`) takes it as a single quote. The
 * offsets of those escapes, from the `yaml` package's errors.
 */
function goOnlyEscapes(docs: ReadonlyArray<{ readonly errors: ReadonlyArray<{ code: string; pos: [number, number] }> }>, text: string): number[] {
  const out: number[] = [];
  for (const doc of docs) {
    for (const e of doc.errors) {
      if (e.code === 'BAD_DQ_ESCAPE' && text.startsWith("\\'", e.pos[0])) out.push(e.pos[0]);
    }
  }
  return out;
}

type Parsed = { kind: 'doc'; doc: Document.Parsed } | { kind: 'deep'; offset: number };

function parseStream(text: string, lineCounter: LineCounter): Parsed[] {
  const out: Parsed[] = [];
  // Tags stay as written (`resolveKnownTags: false`): the decoder below resolves them as go-yaml does.
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false, strict: false, resolveKnownTags: false, merge: false });
  let skipDocEnd = false;
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    if (token.type === 'doc-end' && skipDocEnd) {
      skipDocEnd = false;
      continue;
    }
    skipDocEnd = false;
    if (token.type === 'document' && cstDepth(token) > MAX_DEPTH) {
      for (const doc of composer.end()) out.push({ kind: 'doc', doc: doc as Document.Parsed });
      out.push({ kind: 'deep', offset: token.offset });
      skipDocEnd = true;
      continue;
    }
    for (const doc of composer.next(token)) out.push({ kind: 'doc', doc: doc as Document.Parsed });
  }
  for (const doc of composer.end()) out.push({ kind: 'doc', doc: doc as Document.Parsed });
  return out;
}

/** Documents of `input` read by the full reader, with lines moved down by `shift`. */
function fullDocuments(input: string, shift: number, options: ReadOptions): YamlDocument[] {
  let text = input;
  let lineCounter = new LineCounter();
  let parsed = parseStream(text, lineCounter);
  const escapes = text.includes("\\'") ? goOnlyEscapes(parsed.flatMap((p) => (p.kind === 'doc' ? [p.doc] : [])) as any, text) : [];
  if (escapes.length > 0) {
    // Same lines, so locations stay right: `\'` becomes `\u0027`.
    for (const at of escapes.reverse()) text = `${text.slice(0, at)}\\u0027${text.slice(at + 2)}`;
    lineCounter = new LineCounter();
    parsed = parseStream(text, lineCounter);
  }
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line) + shift;
  return parsed.map((p): YamlDocument => {
    if (p.kind === 'deep') {
      const line = lineOf(p.offset);
      return failed(line, { checkId: 'yaml/too-deep', line, message: `collections are nested more than ${MAX_DEPTH} levels deep` });
    }
    const doc = p.doc;
    const contents = doc.contents as YamlNode | null;
    const documentLine = lineOf(contents?.range?.[0] ?? doc.range?.[0]);
    const empty = doc.errors.length === 0 && (contents === null || (isScalar(contents) && contents.source === '' && contents.tag === undefined && contents.anchor === undefined && contents.type === 'PLAIN'));
    if (empty) return { documentLine, empty: true, value: null, duplicateKeys: [], inexactIntegers: [], lineAt: () => undefined };
    const err = doc.errors[0];
    if (err && /Maximum call stack size exceeded/.test(err.message)) {
      return failed(documentLine, { checkId: 'yaml/too-deep', line: documentLine, message: 'collections are nested too deeply to read' });
    }
    if (err) {
      const message = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const line = lineOf(err.pos?.[0]);
      return failed(documentLine, { checkId: 'yaml/parse', line, message, syntax: true });
    }
    try {
      const decoder = new Decoder(contents, lineOf, options);
      const value = decoder.document(contents);
      const index = decoder.index;
      const lineOfKey = (holder: object, key: string | number): number | undefined => {
        const pairs = index.get(holder);
        if (!pairs) return undefined;
        for (let i = pairs.length - 2; i >= 0; i -= 2) if (pairs[i] === key) return pairs[i + 1] as number;
        return undefined;
      };
      return {
        documentLine,
        empty: false,
        value,
        duplicateKeys: decoder.duplicates,
        inexactIntegers: decoder.inexact,
        lineAt: (path) => lineAtIn(value, lineOfKey, path),
      };
    } catch (e) {
      if (e instanceof DecodeError) return failed(documentLine, { checkId: e.checkId, line: e.line ?? documentLine, message: e.message });
      if (e instanceof RangeError) return failed(documentLine, { checkId: 'yaml/too-deep', line: documentLine, message: 'collections are nested too deeply to read' });
      throw e;
    }
  });
}

function failed(documentLine: number, error: YamlError): YamlDocument {
  return { documentLine, empty: false, error, value: null, duplicateKeys: [], inexactIntegers: [], lineAt: () => undefined };
}

class DecodeError extends Error {
  constructor(message: string, public readonly line?: number, public readonly checkId: 'yaml/parse' | 'yaml/aliases' = 'yaml/parse') {
    super(message);
  }
}

// goyaml.v2/decode.go `allowedAliasRatio` and its constants.
const ALIAS_RATIO_RANGE_LOW = 400_000;
const ALIAS_RATIO_RANGE_HIGH = 4_000_000;
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_RANGE_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_RANGE_HIGH) return 0.10;
  return 0.99 - 0.89 * ((decodeCount - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW));
}

/** How go-yaml shows a key or value in its messages (Go `%#v`, near enough). */
function show(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/**
 * A port of goyaml.v2/decode.go `decoder` for the case kubectl has (decoding into an
 * `interface{}`), followed by the JSON conversion of sigs.k8s.io/yaml yaml.go
 * `convertToJSONableObject` and `json.Marshal`. Recursion is bounded by the CST depth check.
 */
class Decoder {
  public readonly index: LineIndex = new WeakMap();
  public readonly duplicates: Array<{ line: number; key: string }> = [];
  public readonly inexact: Array<{ line: number; text: string }> = [];
  /** The node each alias refers to: the latest anchor of that name before it (parser `alias`). */
  private readonly targets = new Map<YamlNode, YamlNode>();
  private readonly active = new Set<YamlNode>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;

  constructor(root: YamlNode | null, private readonly lineOf: (offset: number | undefined) => number, private readonly options: ReadOptions) {
    // In document order, as goyaml.v2 `parser` registers anchors (a collection's anchor
    // before its content, so `&a [*a]` refers to itself).
    const anchors = new Map<string, YamlNode>();
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const n = stack.pop() as any;
      if (!n) continue;
      if (isAlias(n)) {
        const target = anchors.get(n.source);
        if (!target) throw new DecodeError(`unknown anchor '${n.source}' referenced`, this.lineOf(n.range?.[0]));
        this.targets.set(n, target);
        continue;
      }
      if (n.anchor) anchors.set(n.anchor, n);
      if (isMap(n)) {
        for (let i = n.items.length - 1; i >= 0; i--) {
          const p = n.items[i] as any;
          stack.push(p.value, p.key);
        }
      } else if (isSeq(n)) {
        for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
      }
    }
  }

  public document(root: YamlNode | null): unknown {
    this.decodeCount++; // the document node
    const v = this.unmarshal(root);
    return v;
  }

  private line(n: YamlNode | null | undefined): number {
    return this.lineOf(n?.range?.[0]);
  }

  private record(holder: object, key: string | number, line: number): void {
    const pairs = this.index.get(holder);
    if (pairs) pairs.push(key, line);
    else this.index.set(holder, [key, line]);
  }

  /** decode.go `unmarshal`: counts every node decoded, for the alias expansion limit. */
  private count(n: YamlNode | null): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new DecodeError('document contains excessive aliasing (go-yaml stops at this ratio of alias expansion)', this.line(n), 'yaml/aliases');
    }
  }

  /** decode.go `alias`: the anchored node, refused when it contains the alias itself. */
  private enter(n: YamlNode): YamlNode {
    if (this.active.has(n)) throw new DecodeError(`anchor '${(n as any).source}' value contains itself`, this.line(n), 'yaml/aliases');
    this.active.add(n);
    this.aliasDepth++;
    return this.targets.get(n)!;
  }

  private leave(n: YamlNode): void {
    this.aliasDepth--;
    this.active.delete(n);
  }

  private unmarshal(n: YamlNode | null, into?: Record<string, unknown>): unknown {
    this.count(n);
    if (n && isAlias(n)) {
      const target = this.enter(n);
      try {
        return this.unmarshal(target, into);
      } finally {
        this.leave(n);
      }
    }
    if (n === null || isScalar(n)) {
      const r = this.scalar(n);
      const v = r.value;
      if (typeof v === 'number' && !Number.isFinite(v)) {
        // encoding/json refuses NaN and ±Inf: sigs.k8s.io/yaml's json.Marshal fails.
        throw new DecodeError(`json: unsupported value: ${Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf'} (kubectl cannot turn .inf or .nan into JSON)`, this.line(n));
      }
      // Beyond int64, kubectl's JSON decoding (unstructured) keeps a float64.
      if (typeof v === 'bigint' && v > 9223372036854775807n) return Number(v);
      if (typeof v === 'bigint' && !this.options.bigint) {
        this.inexact.push({ line: this.line(n), text: v.toString() });
        return Number(v);
      }
      return v;
    }
    if (isMap(n)) return this.mapping(n, into ?? {});
    if (isSeq(n)) {
      const out: unknown[] = [];
      for (const item of n.items) {
        this.record(out, out.length, this.line((isPair(item) ? item.key : item) as YamlNode));
        // A `key: value` entry of a flow sequence is a one-pair mapping.
        out.push(isPair(item) ? this.mapping({ items: [item] } as any, {}) : this.unmarshal(item as YamlNode));
      }
      return out;
    }
    throw new DecodeError('unsupported node', this.line(n));
  }

  /** decode.go `scalar` up to the value handed to an `interface{}`. */
  private scalar(n: YamlNode | null): Resolved {
    if (n === null) return { tag: '', value: null };
    const s = n as any;
    const text = String(s.source ?? s.value ?? '');
    const tag: string = s.tag ?? '';
    // An untagged quoted or block scalar is a string (`n.tag == "" && !n.implicit`).
    if (tag === '' && s.type !== 'PLAIN') return { tag: '', value: text };
    let r: Resolved;
    try {
      r = resolve(tag === '!' ? '!' : tag, text);
      if (r.tag === BINARY_TAG) r = { tag: BINARY_TAG, value: decodeBinary(text) };
    } catch (e) {
      if (e instanceof ResolveError) throw new DecodeError(e.message, this.line(n));
      throw e;
    }
    return r;
  }

  /** decode.go `isMerge`: a plain `<<` or a scalar tagged `!!merge`. */
  private isMerge(k: YamlNode | null): boolean {
    if (!k || !isScalar(k)) return false;
    const s = k as any;
    return String(s.source ?? s.value) === '<<' && ((s.type === 'PLAIN' && !s.tag) || s.tag === MERGE_TAG);
  }

  /** decode.go `mapping` into a map, then the key conversion of `convertToJSONableObject`. */
  private mapping(n: YamlNode, out: Record<string, unknown>): Record<string, unknown> {
    const m = n as any;
    const own = new Set<string>();
    for (const p of m.items) {
      if (!isPair(p)) continue;
      const keyNode = p.key as YamlNode | null;
      const valueNode = p.value as YamlNode | null;
      if (this.isMerge(keyNode)) {
        this.merge(valueNode, out, keyNode);
        continue;
      }
      const key = this.key(keyNode);
      const line = this.line(keyNode ?? valueNode);
      const value = this.unmarshal(valueNode);
      if (own.has(key)) this.duplicates.push({ line, key });
      own.add(key);
      if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.record(out, key, line);
    }
    return out;
  }

  /** A map key: decoded like any node, then made a JSON key as sigs.k8s.io/yaml does. */
  private key(k: YamlNode | null): string {
    this.count(k);
    let node = k;
    const entered: YamlNode[] = [];
    try {
      while (node && isAlias(node)) {
        entered.push(node);
        const target = this.enter(node);
        this.count(target);
        node = target;
      }
      if (node && (isMap(node) || isSeq(node))) throw new DecodeError(`invalid map key: a ${isMap(node) ? 'mapping' : 'sequence'} cannot be a key`, this.line(k));
      const r = this.scalar(node);
      const s = keyString(r);
      if (s === undefined) {
        throw new DecodeError(`unsupported map key ${r.value === null ? 'null' : show(r.value)} (kubectl turns only strings, numbers and booleans into JSON keys)`, this.line(k ?? node));
      }
      return r.tag === INT_TAG && typeof r.value === 'bigint' ? r.value.toString() : s;
    } finally {
      for (const e of entered.reverse()) this.leave(e);
    }
  }

  /**
   * decode.go `merge`: a mapping, an alias of one, or a sequence of them (later ones first,
   * so earlier ones win) is decoded into the same map, in place. Like go-yaml v2, a merge
   * after an explicit key overrides it (kubectl: `{a: 3, <<: {a: 1}}` gives `a: 1`).
   */
  private merge(v: YamlNode | null, out: Record<string, unknown>, at: YamlNode | null): void {
    const wantMap = (): never => {
      throw new DecodeError('map merge requires map or sequence of maps as the value', this.line(at));
    };
    const target = (x: YamlNode): YamlNode | undefined => (isAlias(x) ? this.targets.get(x) : x);
    if (v && isMap(v)) {
      this.unmarshal(v, out);
    } else if (v && isAlias(v)) {
      if (!isMap(target(v))) wantMap();
      this.unmarshal(v, out);
    } else if (v && isSeq(v)) {
      const items = v.items as YamlNode[];
      for (let i = items.length - 1; i >= 0; i--) {
        if (!isMap(target(items[i]))) wantMap();
        this.unmarshal(items[i], out);
      }
    } else {
      wantMap();
    }
  }
}
