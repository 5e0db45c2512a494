/**
 * Hostile YAML through `check` (the CLI core) and `admit`'s reader: each case runs in its
 * own process (so peak RSS is its own) and prints wall time, peak RSS and what came out.
 * Cases: a 1 MB ConfigMap with 84k keys (also with one key repeated), `[`×10,000 and 5k-deep block nesting next to a
 * real manifest, an alias bomb (billion laughs) and a cyclic alias.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkText } from '../lib/cli/core';
import { readYaml } from '../lib/yaml/read';
import { header } from './util';

const POD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real\ndata:\n  a: b\n';

const CASES: Record<string, () => string> = {
  'ConfigMap with 84k keys (1 MB)': () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 84_000 }, (_, i) => `  k${i}: v`).join('\n')}\n`,
  'the same with one key repeated': () => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${Array.from({ length: 84_000 }, (_, i) => `  k${i}: v`).join('\n')}\n  k5: again\n`,
  '[ x 10,000 next to a manifest': () => `v: ${'['.repeat(10_000)}\n---\n${POD}`,
  '[ x 10,000 closed, next to a manifest': () => `v: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n${POD}`,
  '5k-deep block nesting next to a manifest': () => `${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n---\n${POD}`,
  'alias bomb (9 levels x 10)': () => `a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n---\n${POD}`,
  'cyclic alias': () => `a: &a [*a]\n---\n${POD}`,
};

function runCase(name: string): void {
  const text = CASES[name]();
  const t0 = performance.now();
  const r = checkText(text, 'hostile.yaml', { pss: 'none' });
  const checkMs = performance.now() - t0;
  const t1 = performance.now();
  let docs = 0;
  for (const d of readYaml(text)) if (!d.empty) docs++;
  const readMs = performance.now() - t1;
  const ids = [...new Set(r.findings.map((f) => f.checkId))].join(', ') || 'no findings';
  console.log(JSON.stringify({ checkMs, readMs, docs, findings: `${r.documents} documents; ${ids}`, rssMiB: process.resourceUsage().maxRSS / 1024 }));
}

if (process.argv[2]) {
  runCase(process.argv[2]);
} else {
  header('Hostile YAML: check (checkText) and the reader admit uses (readYaml), one process per case');
  console.log('| case | input KiB | check ms | read ms | peak RSS MiB | result |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- |');
  for (const name of Object.keys(CASES).filter((n) => !process.env.CASE || n.includes(process.env.CASE))) {
    const r = spawnSync(path.join(__dirname, '..', 'node_modules', '.bin', 'tsx'), [__filename, name], { encoding: 'utf-8', timeout: 120_000 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    let row: any;
    try {
      row = JSON.parse(line);
    } catch {
      console.log(`| ${name} | | | | | FAILED: ${(r.stderr || r.stdout).split('\n').slice(0, 3).join(' ')} |`);
      continue;
    }
    console.log(`| ${name} | ${(CASES[name]().length / 1024).toFixed(0)} | ${row.checkMs.toFixed(0)} | ${row.readMs.toFixed(0)} | ${row.rssMiB.toFixed(0)} | ${row.findings} |`);
  }
}
