/**
 * A fast reader for the plain block-style YAML that manifest generators write (cdk8s,
 * Helm, kubectl): block mappings and sequences, plain and quoted one-line scalars, one-line
 * flow collections, literal block scalars and comments, with plain scalars resolved as
 * kubectl resolves them (go-yaml v2, YAML 1.1: see `resolve.ts`). Anything else (anchors,
 * tags, merge keys, non-string keys, integers beyond 2^53, `.inf`/`.nan`, folded or
 * multi-line scalars, complex keys, a `__proto__` key, nesting deeper than
 * {@link FAST_MAX_DEPTH}, syntax errors) makes it give up with {@link Unsupported}, and
 * `read.ts` reads that document with the full reader instead, which also produces the
 * error messages. It records the line of every map key and list item, so findings can be
 * located without a syntax tree. The benchmark (bench/check.bench.ts) shows why it stays:
 * the full reader alone is about 13 times slower on cdk8s output.
 */
import { MERGE_TAG, resolve } from './resolve';

/** Deeper collections are left to the full reader, which bounds depth without recursion limits. */
export const FAST_MAX_DEPTH = 64;

/** Thrown when a document uses YAML this reader does not handle. */
export class Unsupported extends Error {}

/** Lines (1-based) of the keys of a map or items of a list, as flat `[key, line, ...]` pairs. */
type LineIndex = WeakMap<object, Array<string | number>>;

/** One document read by {@link fastParseDocument}. */
export interface FastDocument {
  /** The value (`null` for an empty document). */
  readonly value: unknown;
  /** Whether the document had no content at all. */
  readonly empty: boolean;
  /** 1-based line where the content starts. */
  readonly startLine: number;
  /** Line of key `key` of map `holder` (or item `key` of a list), when it was read here. */
  readonly lineOf: (holder: object, key: string | number) => number | undefined;
  /** Keys given twice in one mapping (the last value is kept, as kubectl keeps it), with the line of the repeat. */
  readonly duplicateKeys: ReadonlyArray<{ readonly line: number; readonly key: string }>;
}

interface Line {
  /** 1-based line number. */
  readonly no: number;
  readonly indent: number;
  /** Text after the indentation (comments not yet removed). */
  readonly text: string;
}

/**
 * Resolves a plain scalar as kubectl does (goyaml.v2 `resolve`); gives up on what only the
 * full reader reports (merge keys, big integers, `.inf`/`.nan` that JSON cannot hold).
 */
export function resolvePlain(s: string): unknown {
  // Most values start with a letter that no null, bool or number can start with.
  const c = s.charCodeAt(0);
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (letter && !'yYnNtTfFoO'.includes(s[0])) return s;
  const r = resolve('', s);
  const v = r.value;
  if (s === '<<' || r.tag === MERGE_TAG || typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v))) throw new Unsupported('needs the full reader');
  return v;
}

/** Characters a plain scalar may not start with (besides `-`, `?`, `:` followed by a space). */
const PLAIN_START_FORBIDDEN = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);

const ESCAPES: Record<string, string> = {
  '0': '\0',
  'a': '\x07',
  'b': '\b',
  't': '\t',
  '\t': '\t',
  'n': '\n',
  'v': '\v',
  'f': '\f',
  'r': '\r',
  'e': '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  'N': '\u0085',
  '_': '\u00a0',
  'L': '\u2028',
  'P': '\u2029',
};

class Reader {
  private pos = 0;
  /** Collections entered and not yet left. */
  public depth = 0;
  /** Repeated keys (chunk-relative lines). */
  public readonly duplicates: Array<{ line: number; key: string }> = [];
  public readonly index: LineIndex = new WeakMap();
  private rawSource?: string[];

  constructor(private readonly lines: readonly Line[]) {}

  public document(): unknown {
    if (this.lines.length === 0) return null;
    const first = this.lines[0];
    const value = this.block(first.indent, false);
    if (this.pos < this.lines.length) throw new Unsupported('content after the document');
    return value;
  }

  private record(holder: object, key: string | number, line: number): void {
    const pairs = this.index.get(holder);
    if (pairs) pairs.push(key, line);
    else this.index.set(holder, [key, line]);
  }

  /** A block node whose first line is the current line, at exactly `indent`. */
  private block(indent: number, _inSeq: boolean): unknown {
    const line = this.lines[this.pos];
    if (line.indent !== indent) throw new Unsupported('indentation');
    if (line.text === '-' || line.text.startsWith('- ')) return this.sequence(indent);
    if (keyEnd(line.text) >= 0) return this.mapping(indent);
    // A lone scalar: only as a whole document.
    if (this.pos !== 0) throw new Unsupported('scalar line');
    this.pos++;
    return this.inlineValue(stripComment(line.text), line, line.indent);
  }

  private sequence(indent: number): unknown[] {
    if (++this.depth > FAST_MAX_DEPTH) throw new Unsupported('deep nesting');
    const out: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent < indent) break;
      if (line.indent > indent) throw new Unsupported('indentation');
      if (!(line.text === '-' || line.text.startsWith('- '))) break;
      this.record(out, out.length, line.no);
      const rest = line.text.slice(1);
      const content = rest.trimStart();
      const col = indent + 1 + (rest.length - content.length);
      if (content === '' || content.startsWith('#')) {
        this.pos++;
        // The item starts where its nested node does (as the `yaml` package reports it).
        const next = this.lines[this.pos];
        if (next && next.indent > indent) this.record(out, out.length, next.no);
        out.push(this.nested(indent, true));
      } else if (content === '-' || content.startsWith('- ')) {
        throw new Unsupported('compact nested sequence');
      } else if (keyEnd(content) >= 0) {
        // A compact mapping starting on the item line: its keys sit at column `col`.
        this.lines2Replace(this.pos, { no: line.no, indent: col, text: content });
        out.push(this.mapping(col));
      } else {
        this.pos++;
        out.push(this.inlineValue(stripComment(content), line, indent));
      }
    }
    this.depth--;
    return out;
  }

  /** Replaces the current line (for compact mappings in sequence items). */
  private lines2Replace(i: number, l: Line): void {
    (this.lines as Line[])[i] = l;
  }

  /** The value of an entry whose inline part was empty: the more-indented block below, or null. */
  private nested(parentIndent: number, inSeq: boolean): unknown {
    if (this.pos >= this.lines.length) return null;
    const next = this.lines[this.pos];
    if (next.indent > parentIndent) return this.block(next.indent, inSeq);
    // `key:` followed by a sequence at the same indentation.
    if (!inSeq && next.indent === parentIndent && (next.text === '-' || next.text.startsWith('- '))) return this.sequence(parentIndent);
    return null;
  }

  private mapping(indent: number): Record<string, unknown> {
    if (++this.depth > FAST_MAX_DEPTH) throw new Unsupported('deep nesting');
    const out: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent < indent) break;
      if (line.indent > indent) throw new Unsupported('indentation');
      const end = keyEnd(line.text);
      if (end < 0) {
        if (line.text === '-' || line.text.startsWith('- ')) break; // the parent's sequence continues
        throw new Unsupported('not a key');
      }
      const key = parseKey(line.text.slice(0, end));
      if (key === '__proto__') throw new Unsupported('__proto__ key');
      if (Object.prototype.hasOwnProperty.call(out, key)) this.duplicates.push({ line: line.no, key });
      this.record(out, key, line.no);
      const rest = line.text.slice(end + 1);
      const content = rest.trimStart();
      this.pos++;
      if (content === '' || content.startsWith('#')) {
        out[key] = this.nested(indent, false);
      } else {
        if (rest.length === content.length) throw new Unsupported('no space after colon');
        out[key] = this.inlineValue(stripComment(content), line, indent);
      }
    }
    this.depth--;
    return out;
  }

  /** A value written on the line of its key or dash: scalar, flow collection or block scalar. */
  private inlineValue(text: string, line: Line, ownerIndent: number): unknown {
    const c = text[0];
    if (c === '|') return this.literal(text, ownerIndent);
    this.noContinuation(ownerIndent);
    if (c === '"' || c === "'") {
      const [value, end] = c === '"' ? doubleQuoted(text, 0) : singleQuoted(text, 0);
      if (!onlyComment(text.slice(end))) throw new Unsupported('text after a quoted scalar');
      return value;
    }
    if (c === '[' || c === '{') {
      const flow = new FlowReader(text, line.no, this);
      const value = flow.value();
      if (!onlyComment(text.slice(flow.pos))) throw new Unsupported('text after a flow collection');
      return value;
    }
    return plainScalar(text);
  }

  /** Lines more indented than the owner after a one-line value would continue it (multi-line scalar). */
  private noContinuation(ownerIndent: number): void {
    const next = this.lines[this.pos];
    if (next && next.indent > ownerIndent) throw new Unsupported('multi-line scalar');
  }

  /** `|` and `|-` block scalars (auto-detected indentation). */
  private literal(header: string, ownerIndent: number): string {
    if (header !== '|' && header !== '|-') throw new Unsupported('block scalar header');
    const raw = this.rawLinesAfter(ownerIndent);
    // Remove trailing empty lines, then apply chomping.
    while (raw.length && raw[raw.length - 1].trim() === '') raw.pop();
    if (raw.length === 0) return '';
    const first = raw.find((l) => l.trim() !== '')!;
    const ind = first.length - first.trimStart().length;
    if (ind <= ownerIndent) throw new Unsupported('block scalar indentation');
    const body: string[] = [];
    for (const l of raw) {
      if (l.trim() === '') {
        if (l.length > ind) body.push(l.slice(ind));
        else body.push('');
        continue;
      }
      const li = l.length - l.trimStart().length;
      if (li < ind) throw new Unsupported('block scalar indentation');
      if (l.slice(0, ind).includes('\t')) throw new Unsupported('tab');
      body.push(l.slice(ind));
    }
    const text = body.join('\n');
    return header === '|-' ? text : text + '\n';
  }


  /** Attaches the raw text lines (needed for block scalars, which keep comments and blanks). */
  public withRaw(raw: string[]): this {
    this.rawSource = raw;
    return this;
  }

  /** Raw source lines after the current one belonging to a block scalar owned at `ownerIndent`. */
  private rawLinesAfter(ownerIndent: number): string[] {
    const raw = this.rawSource!;
    const startNo = this.lines[this.pos - 1]?.no ?? 0; // the header line (already consumed)
    const out: string[] = [];
    let i = startNo; // raw is 0-based: raw[startNo] is the line after the header
    for (; i < raw.length; i++) {
      const l = raw[i];
      if (l.trim() !== '' && l.length - l.trimStart().length <= ownerIndent) break;
      out.push(l);
    }
    // Skip the structural lines the block scalar swallowed.
    while (this.pos < this.lines.length && this.lines[this.pos].no <= i) this.pos++;
    return out;
  }

  /** Records a key/item line for flow collections. */
  public note(holder: object, key: string | number, line: number): void {
    this.record(holder, key, line);
  }
}

/** A one-line flow collection (`[a, b]`, `{k: v}`). */
class FlowReader {
  public pos = 0;
  constructor(private readonly s: string, private readonly line: number, private readonly reader: Reader) {}

  public value(): unknown {
    if (++this.reader.depth > FAST_MAX_DEPTH) throw new Unsupported('deep nesting');
    try {
      return this.item();
    } finally {
      this.reader.depth--;
    }
  }

  private item(): unknown {
    this.ws();
    const c = this.s[this.pos];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const [v, end] = c === '"' ? doubleQuoted(this.s, this.pos) : singleQuoted(this.s, this.pos);
      this.pos = end;
      return v;
    }
    return this.plain();
  }

  private ws(): void {
    while (this.s[this.pos] === ' ') this.pos++;
  }

  private seq(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] === '[' || this.s[this.pos] === '{' || this.s[this.pos] === '"' || this.s[this.pos] === "'") {
        this.reader.note(out, out.length, this.line);
        out.push(this.value());
      } else {
        const text = this.plainText();
        if (text.includes(': ') || text.endsWith(':')) throw new Unsupported('flow pair in sequence');
        this.reader.note(out, out.length, this.line);
        out.push(resolveFlowPlain(text));
      }
      this.ws();
      const c = this.s[this.pos++];
      if (c === ']') return out;
      if (c !== ',') throw new Unsupported('flow sequence');
      this.ws();
      if (this.s[this.pos] === ']') {
        this.pos++;
        return out;
      }
    }
  }

  private map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      let key: string;
      const c = this.s[this.pos];
      if (c === '"' || c === "'") {
        const [k, end] = c === '"' ? doubleQuoted(this.s, this.pos) : singleQuoted(this.s, this.pos);
        key = k;
        this.pos = end;
        this.ws();
        if (this.s[this.pos] !== ':') throw new Unsupported('flow key');
        this.pos++;
      } else {
        const start = this.pos;
        while (this.pos < this.s.length) {
          const ch = this.s[this.pos];
          if (ch === ',' || ch === '}' || ch === '[' || ch === ']' || ch === '{') throw new Unsupported('flow key');
          if (ch === ':' && (this.s[this.pos + 1] === ' ' || this.s[this.pos + 1] === ',' || this.s[this.pos + 1] === '}')) break;
          this.pos++;
        }
        if (this.s[this.pos] !== ':') throw new Unsupported('flow key');
        const raw = this.s.slice(start, this.pos).trim();
        if (raw === '' || PLAIN_START_FORBIDDEN.has(raw[0]) || raw.includes(' #')) throw new Unsupported('flow key');
        const resolved = resolvePlain(raw);
        if (typeof resolved !== 'string') throw new Unsupported('non-string key');
        key = resolved;
        this.pos++;
      }
      if (key === '__proto__') throw new Unsupported('__proto__ key');
      if (Object.prototype.hasOwnProperty.call(out, key)) this.reader.duplicates.push({ line: this.line, key });
      this.ws();
      this.reader.note(out, key, this.line);
      const v = this.s[this.pos];
      if (v === ',' || v === '}') {out[key] = null;} else if (v === '[' || v === '{' || v === '"' || v === "'") {out[key] = this.value();} else {
        const text = this.plainText();
        if (text.includes(': ')) throw new Unsupported('nested flow pair');
        out[key] = resolveFlowPlain(text);
      }
      this.ws();
      const e = this.s[this.pos++];
      if (e === '}') return out;
      if (e !== ',') throw new Unsupported('flow mapping');
      this.ws();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return out;
      }
    }
  }

  private plainText(): string {
    const start = this.pos;
    while (this.pos < this.s.length) {
      const ch = this.s[this.pos];
      if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{') break;
      if (ch === '#' && this.s[this.pos - 1] === ' ') throw new Unsupported('comment in flow');
      this.pos++;
    }
    if (this.s[this.pos] === '[' || this.s[this.pos] === '{') throw new Unsupported('flow indicator in plain scalar');
    return this.s.slice(start, this.pos).trim();
  }

  private plain(): unknown {
    return resolveFlowPlain(this.plainText());
  }
}

function resolveFlowPlain(text: string): unknown {
  if (text === '') throw new Unsupported('empty flow entry');
  if (PLAIN_START_FORBIDDEN.has(text[0]) || /^[-?:](\s|$)/.test(text)) throw new Unsupported('plain scalar start');
  return resolvePlain(text);
}

/** Index of the `:` that ends a block mapping key on this line, or -1. */
function keyEnd(text: string): number {
  const c = text[0];
  if (c === '"' || c === "'") {
    let end: number;
    try {
      end = (c === '"' ? doubleQuoted(text, 0) : singleQuoted(text, 0))[1];
    } catch {
      return -1;
    }
    let i = end;
    while (text[i] === ' ') i++;
    return text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ') ? i : -1;
  }
  if (c === undefined || PLAIN_START_FORBIDDEN.has(c) || (c === '-' && (text[1] === ' ' || text.length === 1))) return -1;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (i + 1 === text.length || next === 32 || next === 9) {
      // A comment before the colon means the line is no key.
      const hash = text.indexOf('#');
      if (hash > 0 && hash < i && /[ \t]#/.test(text.slice(0, i))) return -1;
      return i;
    }
  }
  return -1;
}

function parseKey(raw: string): string {
  const k = raw.trimEnd();
  const c = k[0];
  if (c === '"') return doubleQuoted(k, 0)[0];
  if (c === "'") return singleQuoted(k, 0)[0];
  if (PLAIN_START_FORBIDDEN.has(c) || c === '?' || c === ':' || k.includes('\t')) throw new Unsupported('key');
  const v = resolvePlain(k);
  if (typeof v !== 'string') throw new Unsupported('non-string key');
  return v;
}

function plainScalar(text: string): unknown {
  if (PLAIN_START_FORBIDDEN.has(text[0]) || /^[-?:](\s|$)/.test(text)) throw new Unsupported('plain scalar start');
  if (/:\s/.test(text) || text.endsWith(':') || text.includes('\t')) throw new Unsupported('colon in plain scalar');
  return resolvePlain(text);
}

/** Removes a trailing comment from a plain value (`value # note`); quoted and flow values handle their own. */
function stripComment(text: string): string {
  const c = text[0];
  if (c === '"' || c === "'" || c === '[' || c === '{') return text;
  const i = text.search(/\s#/);
  return (i >= 0 ? text.slice(0, i) : text).trimEnd();
}

/** True when what follows a closed quoted or flow value is nothing or a comment. */
function onlyComment(rest: string): boolean {
  return rest.trim() === '' || /^\s+#/.test(rest);
}

function doubleQuoted(s: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') return [out, i + 1];
    if (ch === '\\') {
      const e = s[i + 1];
      if (e === 'x' || e === 'u' || e === 'U') {
        const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = s.slice(i + 2, i + 2 + n);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new Unsupported('escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + n;
        continue;
      }
      if (e === undefined || !(e in ESCAPES)) throw new Unsupported('escape');
      out += ESCAPES[e];
      i += 2;
      continue;
    }
    out += ch;
    i++;
  }
  throw new Unsupported('unterminated double-quoted scalar');
}

function singleQuoted(s: string, start: number): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === "'") {
      if (s[i + 1] === "'") {
        out += "'";
        i += 2;
        continue;
      }
      return [out, i + 1];
    }
    out += ch;
    i++;
  }
  throw new Unsupported('unterminated single-quoted scalar');
}

/**
 * Reads one document (the text between `---` markers) whose first line is line
 * `firstLine` of the file. Throws {@link Unsupported} for YAML it does not handle.
 */
export function fastParseDocument(raw: string[], firstLine: number): FastDocument {
  const lines: Line[] = [];
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i];
    let ind = 0;
    while (l.charCodeAt(ind) === 32) ind++;
    if (ind === l.length) continue;
    const ch = l[ind];
    if (ch === '#') continue;
    if (ch === '\t') throw new Unsupported('tab indentation');
    if (ind === 0 && (ch === '%' || l.startsWith('...'))) throw new Unsupported('directive or document end');
    lines.push({ no: i + 1, indent: ind, text: l.slice(ind).trimEnd() });
  }
  const reader = new Reader(lines).withRaw(raw);
  const value = reader.document();
  // Line numbers inside are chunk-relative.
  const shift = firstLine - 1;
  const index = reader.index;
  const lineOf = (holder: object, key: string | number): number | undefined => {
    const pairs = index.get(holder);
    if (!pairs) return undefined;
    for (let i = pairs.length - 2; i >= 0; i -= 2) if (pairs[i] === key) return (pairs[i + 1] as number) + shift;
    return undefined;
  };
  const duplicateKeys = reader.duplicates.map((d) => ({ line: d.line + shift, key: d.key }));
  return { value, empty: lines.length === 0, startLine: lines.length ? lines[0].no + shift : firstLine, lineOf, duplicateKeys };
}

/** One document's lines, as kubectl's YAMLReader cuts a stream. */
export interface Chunk {
  readonly lines: string[];
  /** 1-based line of the first of `lines`. */
  readonly firstLine: number;
  /** The separator line that opened this chunk had content (kubectl refuses the stream). */
  readonly separatorError?: string;
}

/**
 * Splits a file into documents as kubectl does before any YAML parsing:
 * k8s.io/apimachinery/pkg/util/yaml decoder.go `YAMLReader.Read` cuts at every line that
 * starts with `---` and refuses one with anything but a comment after it ("invalid Yaml
 * document separator"). go-yaml then reads each piece on its own (`...` and `%` directives
 * stay inside a piece).
 */
export function splitDocuments(text: string): Chunk[] {
  const all = text.split(/\r?\n/);
  const docs: Chunk[] = [];
  let current: string[] = [];
  let first = 1;
  let error: string | undefined;
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    if (l.startsWith('---')) {
      docs.push({ lines: current, firstLine: first, separatorError: error });
      const rest = l.slice(3).trim();
      error = rest !== '' && !rest.startsWith('#') ? `invalid document separator: ${rest} (kubectl allows only a comment after ---)` : undefined;
      current = [];
      first = i + 2;
      continue;
    }
    current.push(l);
  }
  docs.push({ lines: current, firstLine: first, separatorError: error });
  return docs;
}
