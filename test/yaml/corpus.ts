/**
 * Tricky YAML for the kubectl parity test: every YAML 1.1 bool, null, int, float and
 * timestamp form go-yaml v2 knows (goyaml.v2/resolve.go), quoted and tagged variants,
 * merge keys and anchors (goyaml.v2/decode.go `merge`, `alias`), non-string keys
 * (sigs.k8s.io/yaml yaml.go `convertToJSONableObject`), big integers, unicode, BOM/CRLF and
 * deep nesting. Each case is one custom-resource document (kubectl decodes those without a
 * schema); `test/yaml/fixtures/kubectl-corpus.json` holds what kubectl v1.32 made of each
 * (regenerate: `npx tsx scripts/yaml-kubectl-corpus.ts`).
 */

export interface CorpusCase {
  readonly name: string;
  /** Lines of `spec` (indented by the harness), or a whole document with `raw`. */
  readonly spec?: string;
  readonly raw?: string;
}

const VALUES = [
  // YAML 1.1 booleans, exact spellings go-yaml knows, and near misses
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yEs', 'nO', 'oN', 'tRUE', 'Yes!', 'yes please',
  // nulls
  '~', 'null', 'Null', 'NULL', 'nULL', '',
  // integers
  '0', '-0', '+1', '12', '012', '0o17', '0O17', '0x1F', '0X1F', '-0x1F', '0b101', '0B101', '-0b101', '+0b101',
  '1_000', '1__0', '_1', '1_', '08', '09', '0777', '+12', '-12', '0x', '0b', '0o', '0b2',
  '9007199254740991', '9007199254740993', '-9007199254740993', '9223372036854775807', '9223372036854775808',
  '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616',
  '123456789012345678901234567890', '0x7FFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFF', '0x10000000000000000',
  // floats
  '1.5', '-1.5', '1.', '.5', '-.5', '+.5', '1e3', '1E3', '1e+3', '1e-3', '1.5e3', '-1e3', '6.8523015e+5',
  '685.230_15e+03', '1_000.5', '.inf', '.Inf', '.INF', '-.inf', '+.inf', '-.Inf', '.iNf', '1e400', '-1e400', '._5', '.1_5', '1e', '1e3.5',
  '0.1', '3.14159265358979', '1.0', '0.5', '100.0e-2',
  // sexagesimal (YAML 1.1 has them; go-yaml v2 does not)
  '1:20', '190:20:30', '-1:20', '1:20.5',
  // timestamps
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14T21:59:43Z', '2001-12-14 21:59:43.10', '2001-12-14 21:59:43.10 -5',
  '2001-13-14', '2001-02-29', '2000-02-29', '20011214', '2001-1-2',
  // strings that look like something
  '=', '<<', '-a', '--flag=x', 'a:b', 'http://x/y', 'nginx:1.25', '100m', '128Mi', '1Gi', 'v1', '1.2.3', '10.0.0.1', '::1',
  'a b', 'x # not', 'é', '日本', 'a\'b', '@at', '%pct', '`tick',
  // quoted
  "'yes'", '"yes"', "'y'", '"on"', '"1e3"', "'0o17'", '"~"', "''", '""', '"a\\tb"', "'it''s'", '"\\u00e9"', '"\\x41"', '"\\\'"', '"\\N\\_\\L\\P"', '"line\\nbreak"',
  // tags
  '!!str yes', '!!str 1_000', '!!int "12"', '!!int 0x1F', '!!float 1', '!!float "1.5"', '!!bool yes', '!!bool "on"', '!!null ~', '!!null ""',
  '!!timestamp 2001-12-14', '!!binary aGVsbG8=', '!!binary "aGVs\\nbG8="', '!foo bar', '! 12', '!!str', '!!int 1_000',
  // values kubectl refuses
  '.nan', '.NaN', '!!bool 1', '!!int foo', '!!null a', '!!timestamp foo', '!!binary bad!', '!!int 1.5', '!!float .inf', '!!binary aGVsbG8',
];

const KEYS = [
  'y', 'Y', 'yes', 'no', 'on', 'OFF', 'true', 'False', '3', '-3', '012', '0x1F', '1e3', '1_000', '1.5', '0.1', '1.0e7', '123456789.0', '3.14159265358979',
  '.inf', '-.inf', '.nan', '2001-12-14', '"y"', "'3'", '9223372036854775807', '9223372036854775808', '~', 'null', '""', '"<<"', 'é',
];

const STRUCTURES: Array<[string, string]> = [
  ['duplicate key', 'a: 1\n  a: 2'],
  ['duplicate after bool resolution', 'y: 1\n  true: 2'],
  ['duplicate int spellings', '1: a\n  0x1: b'],
  ['duplicate in flow', 'm: {a: 1, a: 2}'],
  ['merge one map', 'base: &b {a: 1, b: 2}\n  m:\n    <<: *b\n    c: 3'],
  ['merge explicit key before', 'base: &b {a: 1}\n  m: {a: 3, <<: *b}'],
  ['merge explicit key after', 'base: &b {a: 1}\n  m: {<<: *b, a: 3}'],
  ['merge list precedence', 'x: &x {a: 1, b: 1}\n  y: &y {a: 2, c: 2}\n  m:\n    <<: [*x, *y]'],
  ['merge inline map', 'm:\n    <<: {a: 1}\n    b: 2'],
  ['merge list of inline maps', 'm:\n    <<: [{a: 1}, {a: 2, b: 2}]'],
  ['merge nested merge', 'x: &x {a: 1}\n  y: &y {<<: *x, b: 2}\n  m: {<<: *y, c: 3}'],
  ['merge privileged', 'hardened: &h {privileged: false}\n  c:\n    <<: {privileged: true}\n    name: app'],
  ['merge of a scalar', 'm: {<<: 1}'],
  ['merge of a list of scalars', 'm: {<<: [1, 2]}'],
  ['merge quoted key', 'm: {"<<": {a: 1}}'],
  ['merge tagged key', 'm: {!!merge "<<": {a: 1}}'],
  ['merge twice', 'm:\n    <<: {a: 1}\n    <<: {a: 2, b: 2}'],
  ['alias scalar', 'a: &a hello\n  b: *a'],
  ['alias map', 'a: &a {x: 1}\n  b: *a'],
  ['alias in list', 'a: &a 1\n  l: [*a, *a]'],
  ['alias as key', 'a: &k key\n  m: {*k : 1}'],
  ['alias of bool as key', 'a: &k yes\n  m: {*k : 1}'],
  ['anchor redefined', 'a: &a 1\n  b: &a 2\n  c: *a'],
  ['unknown anchor', 'a: *nothere'],
  ['cyclic alias', 'a: &a [*a]'],
  ['alias bomb', `l0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `  l${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}`],
  ['small alias expansion', 'l0: &a0 [x, x, x]\n  l1: &a1 [*a0, *a0, *a0]\n  l2: [*a1, *a1]'],
  ['list key', '? [a, b]\n  : 1'],
  ['map key', '? {a: 1}\n  : 1'],
  ['null key', '~: 1'],
  ['empty key', ': 1'],
  ['literal block', 'v: |\n    line 1\n      indented\n    line 3'],
  ['literal keep', 'v: |+\n    keep\n\n  w: 1'],
  ['literal strip', 'v: |-\n    strip'],
  ['folded block', 'v: >\n    folded\n    text\n\n    para'],
  ['folded keep indent', 'v: >-\n    a\n      b\n    c'],
  ['multi-line plain', 'v: one\n    two\n    three'],
  ['multi-line double quoted', 'v: "one\n    two"'],
  ['comment after value', 'v: yes # comment'],
  ['flow trailing comma', 'v: [a, b, ]'],
  ['flow map with bools', 'v: {on: off, y: n}'],
  ['tab inside value', 'v: "a\tb"'],
  ['nested lists', 'v:\n  - - a\n    - yes\n  - - no'],
  ['deep flow 100', `v: ${'['.repeat(100)}1${']'.repeat(100)}`],
  ['set', 'v: !!set {a, b}'],
  ['omap tag ignored', 'v: !!omap [a: 1, b: 2]'],
  ['tag on map ignored', 'v: !!str {a: 1}'],
  ['unicode escapes', 'v: "\\U0001F600 \\u263A"'],
];

const RAW: Array<[string, string]> = [
  ['bom', '\ufeffapiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: bom\nspec:\n  v: yes\n'],
  ['crlf', 'apiVersion: example.com/v1\r\nkind: Thing\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  v: on\r\n  w: "a\r\n  b"\r\n'],
  ['tab indentation', 'apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: tab\nspec:\n\tv: 1\n'],
  ['document end marker', 'apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: end\nspec:\n  v: 1\n...\n'],
  ['yaml directive', '%YAML 1.1\n---\napiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: dir\nspec:\n  v: yes\n'],
  ['json document', '{"apiVersion": "example.com/v1", "kind": "Thing", "metadata": {"name": "json"}, "spec": {"v": 1e3, "w": "yes", "x": 9007199254740993}}\n'],
];

/** Every case of the corpus, named uniquely. */
export function corpus(): CorpusCase[] {
  const out: CorpusCase[] = [];
  for (const v of VALUES) out.push({ name: `value ${v}`, spec: `v: ${v}` });
  for (const k of KEYS) out.push({ name: `key ${k}`, spec: `${k}: k` });
  for (const [name, spec] of STRUCTURES) out.push({ name, spec });
  for (const [name, raw] of RAW) out.push({ name, raw });
  return out;
}

/** The document of a case. */
export function caseDocument(c: CorpusCase, index: number): string {
  if (c.raw !== undefined) return c.raw;
  return `apiVersion: example.com/v1\nkind: Thing\nmetadata:\n  name: c${index}\nspec:\n  ${c.spec}\n`;
}

/**
 * JSON text with every number made canonical, so that values compare exactly: integers as
 * their decimal digits (exact beyond 2^53), other numbers as JavaScript prints the double.
 */
export function canonicalJson(text: string): string {
  const marked = text.replace(/("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g, (m, str: string | undefined) => (str !== undefined ? str : JSON.stringify(`#num:${m}`)));
  return JSON.stringify(sortKeys(JSON.parse(marked), (s) => canonicalNumber(s.slice(5))));
}

function canonicalNumber(t: string): string {
  if (/^-?\d+$/.test(t)) return BigInt(t).toString();
  const n = Number(t);
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return String(n);
}

/** A value (numbers and bigints) in the same canonical form as {@link canonicalJson}. */
export function canonicalValue(v: unknown): string {
  return JSON.stringify(sortKeys(v, undefined));
}

function sortKeys(v: unknown, num: ((s: string) => string) | undefined): unknown {
  if (typeof v === 'string' && num && v.startsWith('#num:')) return `#num:${num(v)}`;
  if (typeof v === 'number') return `#num:${canonicalNumber(Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : String(v))}`;
  if (typeof v === 'bigint') return `#num:${v.toString()}`;
  if (Array.isArray(v)) return v.map((x) => sortKeys(x, num));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: sortKeys((v as any)[k], num), enumerable: true });
    return out;
  }
  return v;
}

/** Strings a YAML 1.1 reader could take for something else, and other awkward ones. */
export const TRICKY_STRINGS = [...new Set([
  ...corpus().filter((c) => c.name.startsWith('value ')).map((c) => c.name.slice('value '.length)),
  'y', 'n', 'yes', 'no', 'on', 'off', 'YeS', 'nO', 'ON', 'oFF', 'true', 'False', 'NULL', 'nUll', '~', '', ' ', '  lead', 'trail ', '-', '- x', ':', 'a: b', 'a:', '#', 'a #b', '? q',
  '1e3', '0o17', '1_000', '0b101', '1:20', '.inf', '-.Inf', '.nan', '2001-12-14', '2001-12-14 21:59:43.10 -5', '<<', '=', '0x1F', '+1', '-1', '.5', '1.',
  'line\nbreak', 'trailing newline\n', 'two\n\ntrailing\n\n', '\nleading newline', '  indented\nblock', 'tab\there', 'cr\rhere', 'nul\0here', 'bell\x07', 'del\x7f', 'nel\u0085', 'ls\u2028', 'bom\ufeff',
  'é', '日本語', '😀', "it's", 'say "hi"', 'back\\slash', '[a]', '{a: 1}', '&anchor', '*alias', '!tag', '|', '>', '%', '@', '`', ',', 'a,b', 'x # y', 'k8s.io/name', 'nginx:1.25', '--port=8080', '2s', '100m', '128Mi', '1.25-alpine', '3e', '1e3s', '0x1Fg', '2001-12-14x', '1:20s',
])];
