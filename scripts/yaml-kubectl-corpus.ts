/**
 * Regenerates test/yaml/fixtures/kubectl-corpus.json: what the real kubectl makes of each
 * case of test/yaml/corpus.ts (`kubectl label --local -f FILE k=v -o json`), so that the
 * parity test compares even where kubectl is not installed. Run: npx tsx scripts/yaml-kubectl-corpus.ts
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalJson, caseDocument, corpus } from '../test/yaml/corpus';
import { kubectlDecode } from '../test/yaml/kubectl';

const version = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf-8' }).stdout.split('\n')[0];
const cases: Record<string, { ok: true; spec: string } | { ok: false; error: string }> = {};
corpus().forEach((c, i) => {
  const r = kubectlDecode(caseDocument(c, i));
  if (r.ok) {
    const obj = JSON.parse(canonicalJson(r.output));
    cases[c.name] = { ok: true, spec: JSON.stringify(obj.spec ?? null) };
  } else {
    cases[c.name] = { ok: false, error: r.output };
  }
});
const out = path.join(__dirname, '..', 'test', 'yaml', 'fixtures', 'kubectl-corpus.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ kubectl: version, cases }, null, 1)}\n`);
console.log(`${Object.keys(cases).length} cases written to ${out} (${Object.values(cases).filter((c) => !c.ok).length} refused by kubectl)`);
