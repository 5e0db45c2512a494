/**
 * CEL compile conformance figures for bench/README.md: the corpus of test/cel/conformance
 * (google/cel-spec simple tests + Kubernetes library tests) checked in the 1.36
 * environments, by source. Run: npx tsx bench/cel-conformance.ts
 */
import { checkCelUncached } from '../lib/cel/check';
import { compileCases } from '../test/cel/conformance/corpus';
import { KUBERNETES_DIFFERS } from '../test/cel/conformance/known';

const { cases, skipped } = compileCases();
const rows = new Map<string, { valid: number; accepted: number; invalid: number; refused: number }>();
for (const c of cases) {
  const source = c.source.startsWith('google/cel-spec') ? 'google/cel-spec tests/simple' : 'kubernetes apiserver pkg/cel/library tests';
  const row = rows.get(source) ?? { valid: 0, accepted: 0, invalid: 0, refused: 0 };
  const ok = checkCelUncached(c.expression, c.env, {}, { variables: c.variables, anyResult: true }).ok;
  if (c.expect === 'compile') {
    row.valid++;
    if (ok) row.accepted++;
  } else {
    row.invalid++;
    if (!ok) row.refused++;
  }
  rows.set(source, row);
}
const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
console.log('| source | valid accepted | invalid refused |');
console.log('| --- | ---: | ---: |');
const total = { valid: 0, accepted: 0, invalid: 0, refused: 0 };
for (const [source, r] of rows) {
  console.log(`| ${source} | ${r.accepted}/${r.valid} (${pct(r.accepted, r.valid)}) | ${r.refused}/${r.invalid} (${pct(r.refused, r.invalid)}) |`);
  for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += r[k];
}
console.log(`| all | ${total.accepted}/${total.valid} (${pct(total.accepted, total.valid)}) | ${total.refused}/${total.invalid} (${pct(total.refused, total.invalid)}) |`);
console.log(`\n${cases.length} cases; ${skipped} cel-spec cases left out (protobuf messages, containers, disabled macros, declared functions); `
  + `${Object.keys(KUBERNETES_DIFFERS).length} cases where Kubernetes 1.36 decides differently from plain CEL (test/cel/conformance/known.ts).`);
