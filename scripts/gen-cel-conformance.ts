/**
 * Transcribes the cases of the official CEL conformance suite (google/cel-spec
 * tests/simple/testdata/*.textproto) into test/cel/conformance/cel-spec.json: the
 * expression, the declared variables, whether the suite runs the checker on it, and the
 * expected value or error as written in the suite (for evaluation).
 *
 *   npx tsx scripts/gen-cel-conformance.ts <google/cel-spec git dir> [<commit>]
 *
 * Files about protobuf messages (proto2, proto3, dynamic, wrappers, enums, fields,
 * namespace) and cel-go's own network extension are left out: Kubernetes declares no
 * protobuf message types or containers, and its IP/CIDR library is not cel-go's.
 * Scalars of the expected values stay as written (numbers as text).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CelSpecCase } from '../test/cel/conformance/corpus';

const FILES = [
  'basic', 'comparisons', 'conversions', 'fp_math', 'integer_math', 'lists', 'logic', 'macros', 'macros2', 'optionals', 'parse',
  'plumbing', 'string', 'string_ext', 'timestamps', 'type_deduction', 'bindings_ext', 'math_ext', 'encoders_ext', 'block_ext',
];

type Msg = { [field: string]: Array<Msg | string | number | boolean> };

/** A small protobuf text-format reader: fields, nested messages, repeated fields as arrays. */
function parseTextproto(src: string): Msg {
  let i = 0;
  const ws = (): void => {
    for (;;) {
      while (i < src.length && /[\s,;]/.test(src[i])) i++;
      if (src[i] === '#') {
        while (i < src.length && src[i] !== '\n') i++;
      } else {
        return;
      }
    }
  };
  const str = (): string => {
    let out = '';
    while (src[i] === '"' || src[i] === "'") {
      const q = src[i++];
      const bytes: number[] = [];
      while (src[i] !== q) {
        if (src[i] === '\\') {
          i++;
          const c = src[i++];
          const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };
          if (c in simple) bytes.push(simple[c]);
          else if (/[0-7]/.test(c)) {
            let o = c;
            while (o.length < 3 && /[0-7]/.test(src[i])) o += src[i++];
            bytes.push(parseInt(o, 8));
          } else if (c === 'x') {
            let h = '';
            while (h.length < 2 && /[0-9a-fA-F]/.test(src[i])) h += src[i++];
            bytes.push(parseInt(h, 16));
          } else if (c === 'u' || c === 'U') {
            const n = c === 'u' ? 4 : 8;
            bytes.push(...Buffer.from(String.fromCodePoint(parseInt(src.slice(i, i + n), 16)), 'utf8'));
            i += n;
          } else {
            throw new Error(`bad escape \\${c} at ${i}`);
          }
        } else {
          const cp = src.codePointAt(i)!;
          const ch = String.fromCodePoint(cp);
          bytes.push(...Buffer.from(ch, 'utf8'));
          i += ch.length;
        }
      }
      i++;
      out += Buffer.from(bytes).toString('utf8');
      ws();
    }
    return out;
  };
  const message = (end: string | undefined): Msg => {
    const m: Msg = {};
    for (;;) {
      ws();
      if (i >= src.length || src[i] === end) {
        i++;
        return m;
      }
      const name = /^[\w.[\]/]+/.exec(src.slice(i))![0];
      i += name.length;
      ws();
      if (src[i] === ':') {
        i++;
        ws();
      }
      let v: Msg | string | number | boolean;
      if (src[i] === '{' || src[i] === '<') {
        const close = src[i] === '{' ? '}' : '>';
        i++;
        v = message(close);
      } else if (src[i] === '"' || src[i] === "'") {
        v = str();
      } else {
        const tok = /^[^\s,;}>]+/.exec(src.slice(i))![0];
        i += tok.length;
        v = tok === 'true' ? true : tok === 'false' ? false : tok; // numbers stay text: int64/uint64 exceed doubles
      }
      (m[name] ??= []).push(v);
    }
  };
  return message(undefined);
}

const one = (m: Msg, f: string): any => m[f]?.[0];

/** The type notation of lib/cel/library.ts for a cel.expr.Type, or undefined when it has no Kubernetes counterpart. */
function typeText(t: Msg | undefined): string | undefined {
  if (!t) return undefined;
  const prim = one(t, 'primitive');
  if (prim) return ({ BOOL: 'bool', INT64: 'int', UINT64: 'uint', DOUBLE: 'double', STRING: 'string', BYTES: 'bytes' } as Record<string, string>)[prim];
  if (t.dyn) return 'dyn';
  if (t.null) return 'null';
  const wk = one(t, 'well_known');
  if (wk) return ({ TIMESTAMP: 'timestamp', DURATION: 'duration' } as Record<string, string>)[wk];
  const lt = one(t, 'list_type');
  if (lt) {
    const e = typeText(one(lt, 'elem_type'));
    return e && `list<${e}>`;
  }
  const mt = one(t, 'map_type');
  if (mt) {
    const k = typeText(one(mt, 'key_type'));
    const v = typeText(one(mt, 'value_type'));
    return k && v && `map<${k}, ${v}>`;
  }
  const at = one(t, 'abstract_type');
  if (at && one(at, 'name') === 'optional_type') {
    const p = typeText(one(at, 'parameter_types'));
    return p && `optional<${p}>`;
  }
  return undefined;
}

/** The repeated fields of cel.expr.Value / ErrorSet / UnknownSet: always arrays. */
const REPEATED = new Set(['values', 'entries', 'errors', 'exprs']);

/** Singular fields become plain values; repeated ones stay arrays. */
function simplify(v: Msg | string | number | boolean): unknown {
  if (typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, list] of Object.entries(v)) out[k] = REPEATED.has(k) ? list.map(simplify) : simplify(list[0]);
  return out;
}


function main(): void {
  const [dir, commitArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: gen-cel-conformance.ts <cel-spec git dir> [commit]');
  const commit = commitArg ?? execFileSync('git', ['--git-dir', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  const cases: CelSpecCase[] = [];
  const seen = new Map<string, number>();
  for (const file of FILES) {
    const path = `tests/simple/testdata/${file}.textproto`;
    const text = execFileSync('git', ['--git-dir', dir, 'show', `${commit}:${path}`], { encoding: 'utf8' });
    const root = parseTextproto(text);
    for (const section of (root.section ?? []) as Msg[]) {
      for (const test of (section.test ?? []) as Msg[]) {
        const base = `${file}/${one(section, 'name')}/${one(test, 'name')}`;
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        const id = n === 1 ? base : `${base}#${n}`; // the suite repeats a few test names within a section
        const c: CelSpecCase = { id, source: `google/cel-spec@${commit.slice(0, 12)}:${path}`, expr: one(test, 'expr'), checked: one(test, 'disable_check') !== true };
        const skips: string[] = [];
        if (one(test, 'disable_macros')) skips.push('macros disabled (Kubernetes always has them)');
        if (one(test, 'container')) skips.push('uses a container (Kubernetes declares none)');
        for (const d of (test.type_env ?? []) as Msg[]) {
          const name = one(d, 'name');
          if (d.function) {
            skips.push(`declares function ${name}`);
            continue;
          }
          const t = typeText(one(one(d, 'ident') ?? {}, 'type'));
          if (!t) skips.push(`declares ${name} with a type Kubernetes does not have`);
          else (c.declare ??= {})[name] = t;
        }
        if (/TestAllTypes|google\.protobuf|cel\.expr\.|NestedMessage|GlobalEnum|TestRequired|proto[23]/.test(c.expr)) skips.push('uses protobuf messages (Kubernetes declares none)');
        if (skips.length) c.skip = skips.join('; ');
        for (const k of ['value', 'eval_error', 'any_eval_errors', 'typed_result', 'unknown']) {
          if (test[k]) c.expected = { [k]: simplify(one(test, k)) };
        }
        cases.push(c);
      }
    }
  }
  const out = join(__dirname, '../test/cel/conformance/cel-spec.json');
  const lines = cases.map((c) => '  ' + JSON.stringify(c)).join(',\n');
  writeFileSync(out, `{"source": ${JSON.stringify(`google/cel-spec@${commit}`)}, "generatedBy": "scripts/gen-cel-conformance.ts", "cases": [\n${lines}\n]}\n`);
  console.log(`${cases.length} cases (${cases.filter((c) => !c.skip).length} usable) -> ${out}`);
}

main();
