import * as fs from 'node:fs';
import { checkCrdDefinition } from './lib/check/crd-definition';
import { estimateCelCost } from './lib/cel/check';
import { readYamlValues } from './lib/yaml/read';
const t0 = Date.now();
for (const f of fs.readdirSync('/tmp/gw')) {
  for (const d of readYamlValues(fs.readFileSync('/tmp/gw/' + f, 'utf-8')) as any[]) {
    if (d?.kind !== 'CustomResourceDefinition') continue;
    const v = checkCrdDefinition(d);
    console.log(f, v.length, v.slice(0, 4).map((x) => `${x.field}: ${x.problem}`));
  }
}
console.log('ms', Date.now() - t0);
