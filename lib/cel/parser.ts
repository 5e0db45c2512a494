/**
 * A parser for the full CEL grammar (cel-spec langdef) as Kubernetes uses it: operators,
 * macros (kept as plain calls; the checker expands their meaning), message literals
 * (`Object.spec{...}`, `JSONPatch{...}`), optional syntax (`.?f`, `[?i]`, `{?k: v}`,
 * `[?e]`, `Msg{?f: v}`), raw/bytes/triple-quoted strings and unsigned/hex numbers.
 *
 * Every node records the offset of the token that names it, so that errors can point at
 * the exact line and column.
 */

/** A literal value. */
export interface LitNode {
  readonly t: 'lit';
  readonly kind: 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'bool' | 'null';
  readonly value: string | number | boolean | null;
  readonly pos: number;
}
/** An identifier (`object`, `.object` for the root scope). */
export interface IdentNode {
  readonly t: 'id';
  readonly name: string;
  readonly pos: number;
}
/** Field selection `a.b` or optional selection `a.?b`. `pos` is the field name. */
export interface SelectNode {
  readonly t: 'sel';
  readonly operand: Node;
  readonly field: string;
  readonly opt: boolean;
  readonly pos: number;
}
/** Index `a[i]` or optional index `a[?i]`. `pos` is the bracket. */
export interface IndexNode {
  readonly t: 'idx';
  readonly operand: Node;
  readonly index: Node;
  readonly opt: boolean;
  readonly pos: number;
}
/** A function call `f(x)` or a receiver call `x.f(y)`. `pos` is the function name. */
export interface CallNode {
  readonly t: 'call';
  readonly fn: string;
  readonly target?: Node;
  readonly args: readonly Node[];
  readonly pos: number;
}
/** A list literal. */
export interface ListNode {
  readonly t: 'list';
  readonly elems: ReadonlyArray<{ readonly e: Node; readonly opt: boolean }>;
  readonly pos: number;
}
/** A map literal. */
export interface MapNode {
  readonly t: 'map';
  readonly entries: ReadonlyArray<{ readonly k: Node; readonly v: Node; readonly opt: boolean }>;
  readonly pos: number;
}
/** One field initialiser of a message literal. */
export interface StructField {
  readonly name: string;
  readonly value: Node;
  readonly opt: boolean;
  readonly pos: number;
}
/** A message literal `Name.path{field: value}`. `pos` is the start of the type name. */
export interface StructNode {
  readonly t: 'struct';
  readonly name: string;
  readonly fields: readonly StructField[];
  readonly pos: number;
}
/** `!x` or `-x`. */
export interface UnaryNode {
  readonly t: 'unary';
  readonly op: '!' | '-';
  readonly operand: Node;
  readonly pos: number;
}
/** A binary operator, including `&&`, `||` and `in`. `pos` is the operator. */
export interface BinaryNode {
  readonly t: 'binary';
  readonly op: string;
  readonly l: Node;
  readonly r: Node;
  readonly pos: number;
}
/** `c ? a : b`. */
export interface CondNode {
  readonly t: 'cond';
  readonly c: Node;
  readonly a: Node;
  readonly b: Node;
  readonly pos: number;
}

/** A node of the syntax tree. */
export type Node = LitNode | IdentNode | SelectNode | IndexNode | CallNode | ListNode | MapNode | StructNode | UnaryNode | BinaryNode | CondNode;

/** A syntax error at an offset of the source. */
export class CelSyntaxError extends Error {
  constructor(message: string, public readonly pos: number, public readonly hint?: string) {
    super(message);
    this.name = 'CelSyntaxError';
  }
}

/** Words reserved by cel-spec: not usable as identifiers (they may still be field names). */
export const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
  'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let', 'loop',
  'package', 'namespace', 'return', 'var', 'void', 'while',
]);

type TokKind = 'id' | 'int' | 'uint' | 'double' | 'string' | 'bytes' | 'punct' | 'eof';
interface Token {
  kind: TokKind;
  /** Punctuation text, identifier name, or decoded literal text. */
  text: string;
  num?: number;
  pos: number;
  /** Backtick-quoted identifier (field names only). */
  quoted?: boolean;
}

const PUNCT1 = new Set(['+', '-', '*', '/', '%', '!', '<', '>', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}']);

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Splits the source into tokens. */
function lex(src: string): Token[] {
  const toks: Token[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12) {
      i++;
      continue;
    }
    // comments
    if (c === 47 && src.charCodeAt(i + 1) === 47) {
      while (i < n && src.charCodeAt(i) !== 10) i++;
      continue;
    }
    const start = i;
    // string / bytes literals with optional prefix
    if (c === 34 || c === 39 || ((c === 114 || c === 82 || c === 98 || c === 66) && isStringStart(src, i))) {
      let raw = false;
      let bytes = false;
      while (src[i] !== '"' && src[i] !== "'") {
        const p = src[i].toLowerCase();
        if (p === 'r') raw = true;
        else bytes = true;
        i++;
      }
      const q = src[i];
      const triple = src.startsWith(q + q + q, i);
      const close = triple ? q + q + q : q;
      i += close.length;
      let out = '';
      let chunk = i;
      const closeCode = q.charCodeAt(0);
      for (;;) {
        if (i >= n) throw new CelSyntaxError('unterminated string literal', start, `close it with ${close}`);
        const cc = src.charCodeAt(i);
        if (cc === closeCode && (!triple || src.startsWith(close, i))) {
          out += src.slice(chunk, i);
          i += close.length;
          break;
        }
        if (!triple && (cc === 10 || cc === 13)) throw new CelSyntaxError('newline in a single-quoted string literal', i, 'use a triple-quoted string for text over several lines, or \\n');
        if (cc === 92 && !raw) {
          out += src.slice(chunk, i);
          const [decoded, len] = unescape(src, i, bytes);
          out += decoded;
          i += len;
          chunk = i;
          continue;
        }
        i++;
      }
      toks.push({ kind: bytes ? 'bytes' : 'string', text: out, pos: start });
      continue;
    }
    if (isIdentStart(c)) {
      while (i < n && (isIdentStart(src.charCodeAt(i)) || isDigit(src.charCodeAt(i)))) i++;
      toks.push({ kind: 'id', text: src.slice(start, i), pos: start });
      continue;
    }
    if (c === 96) {
      // `quoted.field-name`
      i++;
      while (i < n && src[i] !== '`') {
        if (!/[A-Za-z0-9_./\- ]/.test(src[i])) throw new CelSyntaxError(`invalid character ${JSON.stringify(src[i])} in a quoted identifier`, i);
        i++;
      }
      if (i >= n) throw new CelSyntaxError('unterminated quoted identifier', start, 'close it with `');
      toks.push({ kind: 'id', text: src.slice(start + 1, i), pos: start, quoted: true });
      i++;
      continue;
    }
    if (isDigit(c) || (c === 46 && isDigit(src.charCodeAt(i + 1)) && !endsOperand(toks))) {
      if (c === 48 && (src[i + 1] === 'x' || src[i + 1] === 'X')) {
        i += 2;
        const hs = i;
        while (i < n && isHex(src.charCodeAt(i))) i++;
        if (i === hs) throw new CelSyntaxError('malformed hexadecimal literal', start);
        const digits = src.slice(hs, i);
        if (src[i] === 'u' || src[i] === 'U') {
          i++;
          toks.push({ kind: 'uint', text: src.slice(start, i), num: parseInt(digits, 16), pos: start });
        } else {
          toks.push({ kind: 'int', text: src.slice(start, i), num: parseInt(digits, 16), pos: start });
        }
        checkNumberEnd(src, i);
        continue;
      }
      while (i < n && isDigit(src.charCodeAt(i))) i++;
      let isDouble = false;
      if (src[i] === '.' && isDigit(src.charCodeAt(i + 1))) {
        isDouble = true;
        i++;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
      }
      if (src[i] === 'e' || src[i] === 'E') {
        let j = i + 1;
        if (src[j] === '+' || src[j] === '-') j++;
        if (isDigit(src.charCodeAt(j))) {
          isDouble = true;
          i = j;
          while (i < n && isDigit(src.charCodeAt(i))) i++;
        }
      }
      const text = src.slice(start, i);
      if (isDouble) {
        toks.push({ kind: 'double', text, num: Number(text), pos: start });
      } else if (src[i] === 'u' || src[i] === 'U') {
        i++;
        toks.push({ kind: 'uint', text: src.slice(start, i), num: Number(text), pos: start });
      } else {
        toks.push({ kind: 'int', text, num: Number(text), pos: start });
      }
      checkNumberEnd(src, i);
      continue;
    }
    const c2 = src.charCodeAt(i + 1);
    if (c === 46 && c2 === 46 && src.charCodeAt(i + 2) === 46) throw new CelSyntaxError('unexpected "..."', i);
    // two-character operators: == != <= >= && || .? [?
    if ((c2 === 61 && (c === 61 || c === 33 || c === 60 || c === 62)) || (c === 38 && c2 === 38) || (c === 124 && c2 === 124)
      || (c2 === 63 && (c === 46 || c === 91))) {
      toks.push({ kind: 'punct', text: src.slice(i, i + 2), pos: start });
      i += 2;
      continue;
    }
    const one = src[i];
    if (PUNCT1.has(one)) {
      toks.push({ kind: 'punct', text: one, pos: start });
      i++;
      continue;
    }
    if (one === '=') throw new CelSyntaxError("unexpected '='", i, 'CEL compares with == and has no assignment');
    if (one === '&' || one === '|') throw new CelSyntaxError(`unexpected ${JSON.stringify(one)}`, i, `use ${one}${one} for the logical operator`);
    throw new CelSyntaxError(`unexpected character ${JSON.stringify(one)}`, i);
  }
  toks.push({ kind: 'eof', text: '', pos: n });
  return toks;
}

function endsOperand(toks: Token[]): boolean {
  const last = toks[toks.length - 1];
  if (!last) return false;
  if (last.kind !== 'punct') return true;
  return last.text === ')' || last.text === ']' || last.text === '}';
}

function checkNumberEnd(src: string, i: number): void {
  const c = src.charCodeAt(i);
  if (isIdentStart(c) || isDigit(c)) throw new CelSyntaxError(`malformed number literal near ${JSON.stringify(src.slice(i, i + 8))}`, i);
}

function isStringStart(src: string, i: number): boolean {
  // r"..", b'..', rb"..", br'..' (any case)
  let j = i;
  let seen = 0;
  while (j < src.length && seen < 2 && /[rRbB]/.test(src[j])) {
    j++;
    seen++;
  }
  if (seen === 2 && src[i].toLowerCase() === src[i + 1].toLowerCase()) return false;
  return src[j] === '"' || src[j] === "'";
}

const SIMPLE_ESCAPES: Record<string, string> = {
  'a': '\x07',
  'b': '\b',
  'f': '\f',
  'n': '\n',
  'r': '\r',
  't': '\t',
  'v': '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  '?': '?',
};

function unescape(src: string, i: number, bytes: boolean): [string, number] {
  const e = src[i + 1];
  if (e === undefined) throw new CelSyntaxError('unterminated escape sequence', i);
  if (e in SIMPLE_ESCAPES) return [SIMPLE_ESCAPES[e], 2];
  if (e === 'x' || e === 'X') {
    const h = src.substr(i + 2, 2);
    if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new CelSyntaxError('malformed \\x escape: needs two hex digits', i);
    return [String.fromCharCode(parseInt(h, 16)), 4];
  }
  if (e === 'u' || e === 'U') {
    if (bytes) throw new CelSyntaxError(`\\${e} escapes are not allowed in bytes literals`, i);
    const len = e === 'u' ? 4 : 8;
    const h = src.substr(i + 2, len);
    if (h.length !== len || !/^[0-9a-fA-F]+$/.test(h)) throw new CelSyntaxError(`malformed \\${e} escape: needs ${len} hex digits`, i);
    const cp = parseInt(h, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new CelSyntaxError(`invalid unicode code point \\${e}${h}`, i);
    return [String.fromCodePoint(cp), 2 + len];
  }
  if (/[0-3]/.test(e)) {
    const o = src.substr(i + 1, 3);
    if (!/^[0-3][0-7]{2}$/.test(o)) throw new CelSyntaxError('malformed octal escape: needs three octal digits', i);
    return [String.fromCharCode(parseInt(o, 8)), 4];
  }
  throw new CelSyntaxError(`invalid escape sequence \\${e}`, i, 'escape a backslash as \\\\ or use a raw string r"..."');
}

const RELOPS = new Set(['<', '<=', '>=', '>', '==', '!=']);
/**
 * cel-go v0.26 parser/parser.go NewParser defaults, which Kubernetes keeps (apiserver
 * pkg/cel/environment/base.go sets no parser option): maxRecursionDepth 250 (used both by the
 * parse-rule listener and by the visitor), expressionSizeCodePointLimit 100,000.
 */
export const MAX_RECURSION_DEPTH = 250;
export const EXPRESSION_SIZE_CODE_POINT_LIMIT = 100_000;

class Parser {
  private i = 0;
  private depth = 0;
  /**
   * cel-go parser.go checkAndIncrementRecursionDepth: the visitor's depth of each node built.
   * The visitor counts `?:`, relations, arithmetic, selections, member calls and indexes (the
   * parse contexts that `unnest` stops at and `Visit` wraps); `&&`/`||` chains are balanced and
   * global calls, lists, maps and unary operators do not count.
   */
  private readonly vdepth = new WeakMap<Node, number>();
  constructor(private readonly toks: Token[]) {}

  private d(n: Node): number {
    return this.vdepth.get(n) ?? 0;
  }

  /** Records the visitor depth of `n` (`counted`: its context increments the depth); refuses it past the limit. */
  private mark<T extends Node>(n: T, counted: boolean, ...children: Node[]): T {
    let m = 0;
    for (const c of children) m = Math.max(m, this.d(c));
    const depth = m + (counted ? 1 : 0);
    // cel-go: recursionError "max recursion depth exceeded", reported at <input>:-1:0
    if (depth > MAX_RECURSION_DEPTH) throw new CelSyntaxError('max recursion depth exceeded', 0, 'split the expression, e.g. into variables or several rules');
    this.vdepth.set(n, depth);
    return n;
  }

  public parseAll(): Node {
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t, 'end of expression');
    return e;
  }

  private peek(): Token {
    return this.toks[this.i];
  }
  private next(): Token {
    return this.toks[this.i++];
  }
  private isP(text: string): boolean {
    const t = this.toks[this.i];
    return t.kind === 'punct' && t.text === text;
  }
  private expect(text: string, context: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== text) throw this.unexpected(t, `'${text}' ${context}`);
    this.i++;
    return t;
  }
  private unexpected(t: Token, wanted: string): CelSyntaxError {
    const got = t.kind === 'eof' ? 'end of expression' : t.kind === 'punct' || t.kind === 'id' ? `'${t.text}'` : `${t.kind} literal`;
    let hint: string | undefined;
    if (t.kind === 'eof') hint = 'the expression is incomplete';
    else if (t.kind === 'punct' && t.text === '{' ) hint = 'message literals need a type name before {, e.g. Object{...}; map literals need keys in quotes';
    return new CelSyntaxError(`syntax error: expected ${wanted}, found ${got}`, t.pos, hint);
  }

  private expr(): Node {
    // cel-go parser.go recursionListener: the `expr` rule nested more than 250 times
    if (++this.depth > MAX_RECURSION_DEPTH) throw new CelSyntaxError(`expression recursion limit exceeded: ${MAX_RECURSION_DEPTH}`, 0, 'nest fewer lists, maps, calls or parentheses');
    const c = this.or();
    let out = c;
    if (this.isP('?')) {
      const q = this.next();
      const a = this.or();
      this.expect(':', 'in conditional expression');
      const b = this.expr();
      out = this.mark({ t: 'cond', c, a, b, pos: q.pos }, true, c, a, b);
    }
    this.depth--;
    return out;
  }
  private or(): Node {
    const terms = [this.and()];
    const ops: Token[] = [];
    while (this.isP('||')) {
      ops.push(this.next());
      terms.push(this.and());
    }
    return this.balance('||', terms, ops);
  }
  private and(): Node {
    const terms = [this.rel()];
    const ops: Token[] = [];
    while (this.isP('&&')) {
      ops.push(this.next());
      terms.push(this.rel());
    }
    return this.balance('&&', terms, ops);
  }
  /** cel-go parser/helper.go balancer: a chain of `&&` or `||` as a balanced tree (depth log n, not n). */
  private balance(op: string, terms: Node[], ops: Token[]): Node {
    if (terms.length === 1) return terms[0];
    const tree = (lo: number, hi: number): Node => {
      const mid = Math.floor((lo + hi + 1) / 2);
      const l = mid === lo ? terms[mid] : tree(lo, mid - 1);
      const r = mid === hi ? terms[mid + 1] : tree(mid + 1, hi);
      return this.mark({ t: 'binary', op, l, r, pos: ops[mid].pos }, false, l, r);
    };
    return tree(0, ops.length - 1);
  }
  private rel(): Node {
    let l = this.add();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && RELOPS.has(t.text)) {
        this.i++;
        const r = this.add();
        l = this.mark({ t: 'binary', op: t.text, l, r, pos: t.pos }, true, l, r);
      } else if (t.kind === 'id' && !t.quoted && t.text === 'in') {
        this.i++;
        const r = this.add();
        l = this.mark({ t: 'binary', op: 'in', l, r, pos: t.pos }, true, l, r);
      } else {
        return l;
      }
    }
  }
  private add(): Node {
    let l = this.mul();
    while (this.isP('+') || this.isP('-')) {
      const op = this.next();
      const r = this.mul();
      l = this.mark({ t: 'binary', op: op.text, l, r, pos: op.pos }, true, l, r);
    }
    return l;
  }
  private mul(): Node {
    let l = this.unary();
    while (this.isP('*') || this.isP('/') || this.isP('%')) {
      const op = this.next();
      const r = this.unary();
      l = this.mark({ t: 'binary', op: op.text, l, r, pos: op.pos }, true, l, r);
    }
    return l;
  }
  /**
   * `unary: member | ('!')+ member | ('-')+ member` (cel-go CEL.g4). A run of the same operator
   * is one rule, not nested ones: an even count is the member itself, an odd count one
   * operator (cel-go parser.go VisitLogicalNot / VisitNegate), so `!!x` is `x` whatever its
   * type and ten thousand `!` cost no stack. The two operators do not mix (`!-x` is a syntax
   * error); `-` right before a number is that literal's sign (`!-1`, `-9223372036854775808`).
   */
  private unary(): Node {
    if (!this.isP('!') && !this.isP('-')) return this.member();
    const first = this.peek();
    let count = 0;
    while (this.isP(first.text) && !(first.text === '-' && this.negativeLiteralAhead())) {
      this.next();
      count++;
    }
    let operand: Node;
    if (this.isP('-') && this.negativeLiteralAhead()) {
      const sign = this.next();
      const m = this.member();
      operand = m.t === 'lit' ? { ...m, value: -(m.value as number), pos: sign.pos } : this.mark({ t: 'unary', op: '-', operand: m, pos: sign.pos }, false, m);
    } else if (this.isP('!') || this.isP('-')) {
      throw this.unexpected(this.peek(), 'an operand (the unary operators ! and - do not mix)');
    } else {
      operand = this.member();
    }
    if (count === 0 || count % 2 === 0) return operand;
    return this.mark({ t: 'unary', op: first.text as '!' | '-', operand, pos: first.pos }, false, operand);
  }

  /** The current token is `-` written right against a numeric literal (the literal's sign). */
  private negativeLiteralAhead(): boolean {
    const minus = this.peek();
    const t = this.toks[this.i + 1];
    return t !== undefined && (t.kind === 'int' || t.kind === 'double') && t.pos === minus.pos + 1;
  }
  private member(): Node {
    let e = this.primary();
    for (;;) {
      if (this.isP('.') || this.isP('.?')) {
        const dot = this.next();
        const opt = dot.text === '.?';
        const id = this.peek();
        if (id.kind !== 'id') throw this.unexpected(id, 'a field or method name after \'.\'');
        this.i++;
        if (!opt && this.isP('(')) {
          if (id.quoted) throw new CelSyntaxError('a quoted identifier cannot name a method', id.pos);
          this.i++;
          const args = this.exprList(')');
          e = this.mark({ t: 'call', fn: id.text, target: e, args, pos: id.pos }, true, e, ...args);
        } else {
          if (!id.quoted && (id.text === 'true' || id.text === 'false' || id.text === 'null' || id.text === 'in')) {
            throw new CelSyntaxError(`'${id.text}' cannot be used as a field name`, id.pos);
          }
          e = this.mark({ t: 'sel', operand: e, field: id.text, opt, pos: id.pos }, true, e);
        }
      } else if (this.isP('[') || this.isP('[?')) {
        const b = this.next();
        const index = this.expr();
        this.expect(']', 'to close the index');
        e = this.mark({ t: 'idx', operand: e, index, opt: b.text === '[?', pos: b.pos }, true, e, index);
      } else if (this.isP('{') && qualifiedName(e) !== undefined) {
        e = this.struct(qualifiedName(e)!, startPos(e));
      } else {
        return e;
      }
    }
  }
  private struct(name: string, pos: number): Node {
    this.expect('{', 'to open the message literal');
    const fields: StructField[] = [];
    while (!this.isP('}')) {
      let opt = false;
      if (this.isP('?')) {
        this.i++;
        opt = true;
      }
      const id = this.peek();
      if (id.kind !== 'id') throw this.unexpected(id, `a field name in ${name}{...}`);
      this.i++;
      this.expect(':', `after field name '${id.text}'`);
      fields.push({ name: id.text, value: this.expr(), opt, pos: id.pos });
      if (!this.isP(',')) break;
      this.i++;
    }
    this.expect('}', `to close ${name}{...}`);
    return this.mark({ t: 'struct', name, fields, pos }, false, ...fields.map((f) => f.value));
  }
  private exprList(close: string): Node[] {
    const out: Node[] = [];
    if (this.isP(close)) {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.expr());
      if (this.isP(',')) {
        this.i++;
        continue;
      }
      this.expect(close, close === ')' ? 'to close the argument list' : 'to close the list');
      return out;
    }
  }
  private primary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'int':
        this.i++;
        return { t: 'lit', kind: 'int', value: t.num!, pos: t.pos };
      case 'uint':
        this.i++;
        return { t: 'lit', kind: 'uint', value: t.num!, pos: t.pos };
      case 'double':
        this.i++;
        return { t: 'lit', kind: 'double', value: t.num!, pos: t.pos };
      case 'string':
        this.i++;
        return { t: 'lit', kind: 'string', value: t.text, pos: t.pos };
      case 'bytes':
        this.i++;
        return { t: 'lit', kind: 'bytes', value: t.text, pos: t.pos };
      case 'id': {
        if (t.quoted) throw new CelSyntaxError('a quoted identifier can only name a field (after \'.\')', t.pos);
        this.i++;
        if (t.text === 'true' || t.text === 'false') return { t: 'lit', kind: 'bool', value: t.text === 'true', pos: t.pos };
        if (t.text === 'null') return { t: 'lit', kind: 'null', value: null, pos: t.pos };
        if (t.text === 'in') throw new CelSyntaxError("unexpected 'in'", t.pos);
        if (RESERVED_IDENTIFIERS.has(t.text)) throw new CelSyntaxError(`reserved identifier: ${t.text}`, t.pos, `'${t.text}' is reserved in CEL; it can only be used as a field name after '.'`);
        if (this.isP('(')) {
          this.i++;
          const args = this.exprList(')');
          return this.mark({ t: 'call', fn: t.text, args, pos: t.pos }, false, ...args);
        }
        return { t: 'id', name: t.text, pos: t.pos };
      }
      case 'punct':
        break;
      default:
        throw this.unexpected(t, 'an expression');
    }
    if (t.text === '.') {
      // leading dot: root-scoped identifier
      this.i++;
      const id = this.peek();
      if (id.kind !== 'id' || id.quoted) throw this.unexpected(id, "an identifier after leading '.'");
      this.i++;
      if (this.isP('(')) {
        this.i++;
        const args = this.exprList(')');
        return this.mark({ t: 'call', fn: id.text, args, pos: t.pos }, false, ...args);
      }
      return { t: 'id', name: id.text, pos: t.pos };
    }
    if (t.text === '(') {
      this.i++;
      const e = this.expr();
      this.expect(')', 'to close the parenthesis');
      return e;
    }
    if (t.text === '[' || t.text === '[?') {
      this.i++;
      const elems: Array<{ e: Node; opt: boolean }> = [];
      let first = t.text === '[?';
      while (first || !this.isP(']')) {
        let opt = first;
        first = false;
        if (!opt && this.isP('?')) {
          this.i++;
          opt = true;
        }
        elems.push({ e: this.expr(), opt });
        if (!this.isP(',')) break;
        this.i++;
      }
      this.expect(']', 'to close the list');
      return this.mark({ t: 'list', elems, pos: t.pos }, false, ...elems.map((x) => x.e));
    }
    if (t.text === '{') {
      this.i++;
      const entries: Array<{ k: Node; v: Node; opt: boolean }> = [];
      while (!this.isP('}')) {
        let opt = false;
        if (this.isP('?')) {
          this.i++;
          opt = true;
        }
        const k = this.expr();
        this.expect(':', 'between map key and value');
        entries.push({ k, v: this.expr(), opt });
        if (!this.isP(',')) break;
        this.i++;
      }
      this.expect('}', 'to close the map');
      return this.mark({ t: 'map', entries, pos: t.pos }, false, ...entries.flatMap((x) => [x.k, x.v]));
    }
    throw this.unexpected(t, 'an expression');
  }
}

/** `a.b.c` as a dotted name when `e` is a chain of plain identifiers; otherwise undefined. */
export function qualifiedName(e: Node): string | undefined {
  if (e.t === 'id') return e.name;
  if (e.t === 'sel' && !e.opt) {
    const q = qualifiedName(e.operand);
    return q === undefined ? undefined : `${q}.${e.field}`;
  }
  return undefined;
}

/** The offset where the source text of `e` starts. */
export function startPos(e: Node): number {
  switch (e.t) {
    case 'sel':
    case 'idx':
      return startPos(e.operand);
    case 'call':
      return e.target ? startPos(e.target) : e.pos;
    case 'binary':
      return startPos(e.l);
    case 'cond':
      return startPos(e.c);
    default:
      return e.pos;
  }
}

/**
 * Parses a CEL expression; throws {@link CelSyntaxError}. The limits are cel-go's as Kubernetes
 * runs it (parser.go Parse): at most 100,000 code points, nesting and operator chains at most 250
 * deep; a `&&`/`||` chain is balanced. Deep input is refused, never a JavaScript stack overflow.
 */
export function parseCel(src: string): Node {
  if (src.length > EXPRESSION_SIZE_CODE_POINT_LIMIT) {
    let size = 0;
    for (const _ of src) size++;
    if (size > EXPRESSION_SIZE_CODE_POINT_LIMIT) {
      throw new CelSyntaxError(`expression code point size exceeds limit: size: ${size}, limit ${EXPRESSION_SIZE_CODE_POINT_LIMIT}`, 0, 'shorten the expression');
    }
  }
  return new Parser(lex(src)).parseAll();
}

/** 1-based line and column of an offset. */
export function lineColumn(src: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(pos, src.length);
  for (let i = 0; i < end; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  // columns count code points, like cel-go
  const column = Array.from(src.slice(lineStart, end)).length + 1;
  return { line, column };
}
