/**
 * Transcribes the CEL expressions of the Kubernetes library tests
 * (kubernetes/apiserver pkg/cel/library/*_test.go) into
 * test/cel/conformance/kubernetes.json: each test case's name, expression, and the
 * compile errors upstream expects (none: the expression compiles).
 *
 *   npx tsx scripts/gen-k8s-cel-conformance.ts <kubernetes/apiserver git dir> [<tag>]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILES = ['cidr_test.go', 'ip_test.go', 'quantity_test.go', 'semver_test.go', 'format_test.go', 'cost_test.go'];

/** A Go string literal (raw or interpreted) at the start of `s`, and its length. */
function goString(s: string): [string, number] | undefined {
  if (s[0] === '`') {
    const end = s.indexOf('`', 1);
    return [s.slice(1, end), end + 1];
  }
  if (s[0] === '"') {
    let i = 1;
    while (s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
    return [JSON.parse(s.slice(0, i + 1).replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')), i + 1];
  }
  return undefined;
}

function main(): void {
  const [dir, tagArg] = process.argv.slice(2);
  if (!dir) throw new Error('usage: gen-k8s-cel-conformance.ts <apiserver git dir> [tag]');
  const tag = tagArg ?? 'v0.36.0';
  const cases: Array<{ id: string; source: string; expr: string; compileErrors?: string[] }> = [];
  const seen = new Map<string, number>();
  for (const file of FILES) {
    const path = `pkg/cel/library/${file}`;
    const text = execFileSync('git', ['--git-dir', dir, 'show', `${tag}:${path}`], { encoding: 'utf8' });
    const re = /\bexpr:\s*/g;
    let m: RegExpExecArray | null;
    const starts: number[] = [];
    while ((m = re.exec(text))) starts.push(m.index);
    starts.forEach((start, k) => {
      const lit = goString(text.slice(start).replace(/^expr:\s*/, ''));
      if (!lit) return; // an expression built in code, not a literal
      const before = text.slice(Math.max(0, start - 400), start);
      const names = [...before.matchAll(/\bname:\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/g)];
      const name = names.length ? goString(names[names.length - 1][1])![0] : `case ${k + 1}`;
      const after = text.slice(start, starts[k + 1] ?? text.length);
      const blockEnd = after.search(/\n\t*\},?\s*\n\t*\{|\n\t*\}\s*\n\t*\}|\n\t*name:/);
      const block = blockEnd > 0 ? after.slice(0, blockEnd) : after;
      const errs = /expect(?:ed)?CompileErrs?:\s*\[\]string\{([^}]*)\}/.exec(block);
      const compileErrors = errs ? [...errs[1].matchAll(/("(?:[^"\\]|\\.)*"|`[^`]*`)/g)].map((e) => goString(e[1])![0]) : undefined;
      const base = `${file}/${name}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      cases.push({ id: n === 1 ? base : `${base}#${n}`, source: `kubernetes/apiserver@${tag}:${path}`, expr: lit[0], ...(compileErrors ? { compileErrors } : {}) });
    });
  }
  const out = join(__dirname, '../test/cel/conformance/kubernetes.json');
  const lines = cases.map((c) => '  ' + JSON.stringify(c)).join(',\n');
  writeFileSync(out, `{"source": "kubernetes/apiserver@${tag}", "generatedBy": "scripts/gen-k8s-cel-conformance.ts", "cases": [\n${lines}\n]}\n`);
  console.log(`${cases.length} cases (${cases.filter((c) => c.compileErrors).length} compile errors) -> ${out}`);
}

main();
