/**
 * Transcribes the evaluation cases of the official CEL conformance suite
 * (google/cel-spec tests/simple/testdata/*.textproto) into
 * test/cel/conformance/eval-cel-spec.json: expression, bindings, and expected value or error,
 * each with its file, section and test name.
 *
 * Usage: npx tsx scripts/gen-cel-eval-corpus.ts <cel-spec git directory or checkout>
 * The output is committed; tests never need the network or a cel-spec checkout.
 *
 * Cases outside what a Kubernetes 1.36 environment can express are kept with a `skip`
 * reason (protobuf messages, enums and wrappers, containers, libraries Kubernetes does not
 * load) so that the corpus shows what was left out and why.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';

type Bytes = number[];
type TP = { [k: string]: Array<TP | Bytes | number | string | boolean> };

/** A small textproto reader: messages, repeated fields, strings (as bytes), numbers, enums. */
function parseTextproto(src: string): TP {
  let i = 0;
  const ws = (): void => {
    for (;;) {
      while (i < src.length && /\s/.test(src[i])) i++;
      if (src[i] === '#') {
        while (i < src.length && src[i] !== '\n') i++;
        continue;
      }
      return;
    }
  };
  const readString = (): Bytes => {
    const out: Bytes = [];
    while (src[i] === '"' || src[i] === "'") {
      const q = src[i++];
      while (src[i] !== q) {
        if (src[i] === '\\') {
          const e = src[i + 1];
          const simple: Record<string, number> = { n: 10, r: 13, t: 9, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11, '?': 63 };
          if (e in simple) {
            out.push(simple[e]);
            i += 2;
          } else if (e === 'x') {
            const m = /^[0-9a-fA-F]{1,2}/.exec(src.slice(i + 2))!;
            out.push(parseInt(m[0], 16));
            i += 2 + m[0].length;
          } else if (/[0-7]/.test(e)) {
            const m = /^[0-7]{1,3}/.exec(src.slice(i + 1))!;
            out.push(parseInt(m[0], 8));
            i += 1 + m[0].length;
          } else if (e === 'u' || e === 'U') {
            const n = e === 'u' ? 4 : 8;
            const cp = parseInt(src.slice(i + 2, i + 2 + n), 16);
            out.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
            i += 2 + n;
          } else {
            throw new Error(`bad escape \\${e} at ${i}`);
          }
        } else {
          const cp = src.codePointAt(i)!;
          const ch = String.fromCodePoint(cp);
          out.push(...Buffer.from(ch, 'utf8'));
          i += ch.length;
        }
      }
      i++;
      ws();
    }
    return out;
  };
  const readMessage = (close: string | undefined): TP => {
    const msg: TP = {};
    for (;;) {
      ws();
      if (i >= src.length || (close && src[i] === close)) {
        i++;
        return msg;
      }
      let name: string;
      if (src[i] === '[') {
        const end = src.indexOf(']', i);
        name = src.slice(i, end + 1);
        i = end + 1;
      } else {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
        name = m[0];
        i += name.length;
      }
      ws();
      if (src[i] === ':') {
        i++;
        ws();
      }
      let value: TP | Bytes | number | string | boolean;
      if (src[i] === '{' || src[i] === '<') {
        const c = src[i] === '{' ? '}' : '>';
        i++;
        value = readMessage(c);
      } else if (src[i] === '"' || src[i] === "'") {
        value = readString();
      } else if (src[i] === '[') {
        // list of scalars: [1, 2]
        i++;
        const vals: Array<number | string> = [];
        for (;;) {
          ws();
          if (src[i] === ']') {
            i++;
            break;
          }
          const m = /^[^,\]\s]+/.exec(src.slice(i))!;
          vals.push(m[0]);
          i += m[0].length;
          ws();
          if (src[i] === ',') i++;
        }
        for (const v of vals) (msg[name] ??= []).push(v);
        continue;
      } else {
        const m = /^[^\s,;{}]+/.exec(src.slice(i))!;
        i += m[0].length;
        value = m[0];
      }
      (msg[name] ??= []).push(value);
      ws();
      if (src[i] === ',' || src[i] === ';') i++;
    }
  };
  return readMessage(undefined);
}

function one(m: TP, k: string): TP | Bytes | number | string | boolean | undefined {
  return m[k]?.[0];
}
function text(b: unknown): string {
  return Buffer.from(b as Bytes).toString('utf8');
}

type Typed = Record<string, unknown>;
class Unsupported extends Error {}

function num(v: unknown): string {
  return String(v);
}

function double(v: unknown): number | string {
  const s = String(v).toLowerCase();
  if (s === 'inf' || s === 'infinity') return 'Infinity';
  if (s === '-inf' || s === '-infinity') return '-Infinity';
  if (s === 'nan') return 'NaN';
  return Number(String(v).replace(/f$/, ''));
}

/** A cel.expr.Value as typed JSON. */
function value(v: TP): Typed {
  if (v.int64_value) return { int: num(v.int64_value[0]) };
  if (v.uint64_value) return { uint: num(v.uint64_value[0]) };
  if (v.double_value) return { double: double(v.double_value[0]) };
  if (v.string_value) return { string: text(v.string_value[0]) };
  if (v.bytes_value) return { bytes: Buffer.from(v.bytes_value[0] as Bytes).toString('base64') };
  if (v.bool_value) return { bool: v.bool_value[0] === 'true' };
  if (v.null_value) return { null: true };
  if (v.type_value) return { type: text(v.type_value[0]) };
  if (v.list_value) {
    const l = v.list_value[0] as TP;
    return { list: (l.values ?? []).map((x) => value(x as TP)) };
  }
  if (v.map_value) {
    const m = v.map_value[0] as TP;
    return { map: (m.entries ?? []).map((e) => [value(one(e as TP, 'key') as TP), value(one(e as TP, 'value') as TP)]) };
  }
  if (v.object_value) {
    const o = v.object_value[0] as TP;
    const key = Object.keys(o)[0];
    const body = o[key][0] as TP;
    if (key === '[type.googleapis.com/google.protobuf.Duration]') {
      return { duration: { seconds: num(one(body, 'seconds') ?? 0), nanos: Number(one(body, 'nanos') ?? 0) } };
    }
    if (key === '[type.googleapis.com/google.protobuf.Timestamp]') {
      return { timestamp: { seconds: num(one(body, 'seconds') ?? 0), nanos: Number(one(body, 'nanos') ?? 0) } };
    }
    throw new Unsupported(`protobuf message ${key.slice(1, -1)}`);
  }
  if (v.enum_value) throw new Unsupported('protobuf enum value');
  throw new Unsupported(`value ${Object.keys(v).join(',')}`);
}

/** Files whose subject Kubernetes does not have. */
const FILE_SKIP: Record<string, string> = {
  'proto2.textproto': 'protobuf messages (Kubernetes objects are JSON, not protobuf)',
  'proto2_ext.textproto': 'protobuf extensions',
  'proto3.textproto': 'protobuf messages (Kubernetes objects are JSON, not protobuf)',
  'enums.textproto': 'protobuf enums',
  'wrappers.textproto': 'protobuf wrapper types',
  'encoders_ext.textproto': 'base64 encoders are not in the Kubernetes environment',
  'math_ext.textproto': 'math.* is not in the Kubernetes environment',
  'block_ext.textproto': 'cel.block is not in the Kubernetes environment',
  'network_ext.textproto': "cel-go's network extension; Kubernetes has its own ip/cidr library (covered by the Kubernetes cases)",
  'type_deduction.textproto': 'type-checker cases (check_only)',
  'unknowns.textproto': 'unknown values (partial evaluation) are not used by Kubernetes',
  'namespace.textproto': 'containers/namespaces are not configured by Kubernetes',
};

/** Expressions that need something Kubernetes does not load. */
const EXPR_SKIP: Array<[RegExp, string]> = [
  [/google\.protobuf\.|TestAllTypes|NestedTestAllTypes|cel\.expr\.|\.NestedMessage|GlobalEnum|NestedEnum|proto\.|google\.type|\bAny\b/, 'protobuf message or well-known type'],
  [/\bmath\./, 'math.* is not in the Kubernetes environment'],
  [/\bbase64\./, 'base64.* is not in the Kubernetes environment'],
  [/cel\.block|cel\.index|cel\.iterVar|cel\.accuVar/, 'cel.block is not in the Kubernetes environment'],
  [/\.getTimezone|strings\.unquote|\.quote\(\)/, 'not in the Kubernetes environment'],
];

interface Case {
  file: string;
  section: string;
  name: string;
  expr: string;
  bindings?: Record<string, Typed>;
  expect?: { value?: Typed; error?: string };
  skip?: string;
  disableCheck?: boolean;
}

function main(): void {
  const repo = process.argv[2];
  if (!repo || !existsSync(repo)) throw new Error('usage: gen-cel-eval-corpus.ts <cel-spec git dir or checkout>');
  const git = (...args: string[]): string => execFileSync('git', ['--git-dir', existsSync(join(repo, '.git')) ? join(repo, '.git') : repo, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const commit = git('rev-parse', 'HEAD').trim();
  const files = git('ls-tree', '--name-only', 'HEAD', 'tests/simple/testdata/').split('\n').filter((f) => f.endsWith('.textproto'));
  const cases: Case[] = [];
  for (const path of files) {
    const file = path.split('/').pop()!;
    const tp = parseTextproto(git('show', `HEAD:${path}`));
    for (const sec of (tp.section ?? []) as TP[]) {
      const section = text(one(sec, 'name'));
      for (const t of (sec.test ?? []) as TP[]) {
        const c: Case = { file, section, name: text(one(t, 'name')), expr: text(one(t, 'expr')) };
        try {
          if (FILE_SKIP[file]) throw new Unsupported(FILE_SKIP[file]);
          for (const [re, why] of EXPR_SKIP) if (re.test(c.expr)) throw new Unsupported(why);
          if (one(t, 'container')) throw new Unsupported('container (namespace) resolution');
          if (one(t, 'check_only') === 'true') throw new Unsupported('type-checker case (check_only)');
          if (one(t, 'disable_check') === 'true') c.disableCheck = true;
          for (const b of (t.bindings ?? []) as TP[]) {
            const key = text(one(b, 'key'));
            const ev = one(b, 'value') as TP;
            if (!ev.value) throw new Unsupported('binding without a value');
            (c.bindings ??= {})[key] = value(ev.value[0] as TP);
          }
          if (t.value) c.expect = { value: value(t.value[0] as TP) };
          else if (t.eval_error) {
            const errs = ((t.eval_error[0] as TP).errors ?? []) as TP[];
            c.expect = { error: errs.length ? text(one(errs[0], 'message')) : '' };
          } else if (t.typed_result) {
            const r = one(t.typed_result[0] as TP, 'result') as TP;
            c.expect = { value: value(r) };
          } else if (t.any_eval_errors || t.unknown || t.any_unknowns) {
            throw new Unsupported('unknown or alternative results');
          } else {
            c.expect = { value: { bool: true } };
          }
        } catch (e) {
          if (!(e instanceof Unsupported)) throw e;
          c.skip = e.message;
          delete c.expect;
          delete c.bindings;
        }
        cases.push(c);
      }
    }
  }
  const outDir = join(__dirname, '..', 'test', 'cel', 'conformance');
  mkdirSync(outDir, { recursive: true });
  const out = {
    source: `google/cel-spec tests/simple/testdata (commit ${commit})`,
    note: 'Transcribed test cases (expression, bindings, expected value or error); generated by scripts/gen-cel-eval-corpus.ts.',
    cases,
  };
  const body = cases.map((c) => `  ${JSON.stringify(c)}`).join(',\n');
  writeFileSync(join(outDir, 'eval-cel-spec.json'), `{\n "source": ${JSON.stringify(out.source)},\n "note": ${JSON.stringify(out.note)},\n "cases": [\n${body}\n ]\n}\n`);
  const skipped = cases.filter((c) => c.skip).length;
  console.log(`${cases.length} cases, ${cases.length - skipped} evaluable, ${skipped} skipped`);
}

main();
