import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { checkObject } from '/work/wt/kinds/lib/check/registry';
import { severityOf } from '/work/wt/kinds/lib/check/catalog';
const files = process.argv.slice(2);
const ids: Record<string, number> = {};
let docs = 0;
for (const f of files) {
  for (const d of parseAllDocuments(fs.readFileSync(f, 'utf-8'))) {
    const o = d.toJSON();
    if (!o || typeof o !== 'object') continue;
    docs++;
    for (const v of checkObject(o)) {
      const a = v.checkId.split('/')[0];
      if (['service','endpoints','configmap','secret','serviceaccount','pvc','namespace','limitrange','resourcequota','networkpolicy','ingress','ingressclass','pdb','hpa','rbac','flowcontrol'].includes(a)) {
        console.log(`${path.basename(f)} ${o.kind}/${o.metadata?.name}: [${v.checkId}:${severityOf(v.checkId)}] ${v.field}: ${v.problem} ${v.got ?? ''}`);
        ids[v.checkId] = (ids[v.checkId] ?? 0) + 1;
      }
    }
  }
}
console.log(docs, 'docs', JSON.stringify(ids));
