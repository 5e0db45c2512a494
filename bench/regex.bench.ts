/**
 * Regular-expression evaluation: the RE2 engine the library uses (re2js, lib/cel/eval-regex.ts)
 * beside the implementation it replaced (RE2 patterns translated to a JavaScript RegExp, which
 * backtracks) and beside re2-wasm (Google's C++ RE2 compiled to WebAssembly), on the patterns
 * the CEL corpora and typical CRD schemas use, and on catastrophic-backtracking patterns.
 * Run: npx tsx --expose-gc bench/regex.bench.ts
 */
import { RE2JS } from 're2js';
import { header, measure, table } from './util';

/** The translation the library used before re2js (JavaScript RegExp, backtracking). */
function previous(pattern: string): RegExp {
  let src = pattern;
  let flags = 'u';
  const m = /^\(\?([imsU]+)\)/.exec(src);
  if (m) {
    src = src.slice(m[0].length);
    if (m[1].includes('i')) flags += 'i';
    if (m[1].includes('s')) flags += 's';
    if (m[1].includes('m')) flags += 'm';
  }
  src = src.replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^(?<![\\s\\S])').replace(/\(\?P</g, '(?<');
  return new RegExp(src, flags);
}

/* eslint-disable @typescript-eslint/no-require-imports */
const { RE2: WasmRE2 } = require('re2-wasm') as { RE2: new (p: string, f: string) => { test(s: string): boolean } };

/** Patterns of the CEL corpora (test/cel/conformance, test/cel/corpus.ts) and of common CRD schemas. */
const PATTERNS = [
  'ubb', 'foo|bar', 'gr(a|e)y', 'ba(na)*', 'a+ñ+a+', '(a|😀){2}', '^[a-z][a-z0-9-]{1,30}$', '^NVIDIA (A|H)100', '[0-9]+\\.[0-9]+',
  '(?i)^app-(?P<n>[0-9]+)$',
  // DNS-1123 label and subdomain, qualified name, Gateway API path and header patterns, Go duration
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
  '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
  '^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$',
  '^/[A-Za-z0-9/\\-._~%!$&\'()*+,;=:]*$',
  '^([0-9]{1,5}(h|m|s|ms)){1,4}$',
];
const INPUTS = [
  'web-7d4b9', 'registry.example/shop/web:1.4.2', 'app-1234', 'NVIDIA A100-SXM4-80GB', 'kube-system', 'banana', 'grey', '/api/v1/items?x=1',
  '1h30m', 'example.com', 'Über-ñaña', 'foo.bar.baz', 'x'.repeat(63), `${'a'.repeat(200)}.example.com`,
];

header('Regex evaluation: re2js (used) vs JavaScript RegExp (previous) vs re2-wasm');
const ROUNDS = 200;
const ops = ROUNDS * PATTERNS.length * INPUTS.length;
const prev = PATTERNS.map(previous);
const re2js = PATTERNS.map((p) => RE2JS.compile(p));
const wasm = PATTERNS.map((p) => new WasmRE2(p, 'u'));
const run = (rs: ReadonlyArray<{ test(s: string): boolean }>) => () => {
  let n = 0;
  for (let r = 0; r < ROUNDS; r++) for (const re of rs) for (const s of INPUTS) if (re.test(s)) n++;
  if (n < 0) console.log(n);
};
// the engines must agree on these patterns before their speed means anything
for (let i = 0; i < PATTERNS.length; i++) {
  for (const s of INPUTS) {
    const a = prev[i].test(s), b = re2js[i].test(s), c = wasm[i].test(s);
    if (a !== b || b !== c) console.log(`disagree: ${PATTERNS[i]} on ${s}: previous ${a}, re2js ${b}, re2-wasm ${c}`);
  }
}
table([
  measure('JavaScript RegExp (previous)', ops, run(prev)),
  measure('re2js (used)', ops, run(re2js)),
  measure('re2-wasm', ops, run(wasm)),
]);

header('Catastrophic backtracking: ^(a+)+$ on n a\'s and a \'!\' (one match, ms)');
console.log('| n | JavaScript RegExp (previous) | re2js (used) | re2-wasm |');
console.log('| ---: | ---: | ---: | ---: |');
const ms = (f: () => void): string => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0).toFixed(2);
};
for (const n of [16, 20, 24, 1_000, 100_000]) {
  const s = 'a'.repeat(n) + '!';
  const js = n <= 24 ? ms(() => previous('^(a+)+$').test(s)) : 'does not finish';
  console.log(`| ${n} | ${js} | ${ms(() => RE2JS.compile('^(a+)+$').test(s))} | ${ms(() => new WasmRE2('^(a+)+$', 'u').test(s))} |`);
}

header('Compiling the patterns (no cache)');
const CR = 200;
table([
  measure('JavaScript RegExp (previous)', CR * PATTERNS.length, () => { for (let r = 0; r < CR; r++) for (const p of PATTERNS) previous(p); }),
  measure('re2js (used)', CR * PATTERNS.length, () => { for (let r = 0; r < CR; r++) for (const p of PATTERNS) RE2JS.compile(p); }),
]);
// re2-wasm keeps every compiled pattern in a fixed 16 MiB WebAssembly heap that JavaScript's
// garbage collector never frees (there is no dispose): count how many compiles it survives.
let compiled = 0;
try {
  for (;;) {
    new WasmRE2(PATTERNS[compiled % PATTERNS.length], 'u');
    compiled++;
  }
} catch (e) {
  console.log(`re2-wasm: heap exhausted after ${compiled} compiles (${(e as Error).message.slice(0, 60)}...)`);
}
