/**
 * CRD creation: what checking a CustomResourceDefinition costs now that every
 * x-kubernetes-validations rule is compiled and its cost estimated (lib/check/crd-cost.ts,
 * lib/cel/estimate.ts), on the real Gateway API v1.6.1 HTTPRoute CRD (test/fixtures/crds), and
 * the parser on a 100,000-code-point expression and a 249-deep chain (the limits).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { header, measure, table } from './util';
import { estimateCelCost } from '../lib/cel/check';
import { parseCel } from '../lib/cel/parser';
import { CelEnvironment } from '../lib/cel/types';
import { checkCrdDefinition } from '../lib/check/crd-definition';
import { readYamlValues } from '../lib/yaml/read';

const crd: any = readYamlValues(fs.readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'crds', 'gateway-api-httproute-v1.6.1.yaml'), 'utf-8'))[0];
const rules = JSON.stringify(crd).match(/"rule":/g)?.length ?? 0;
const schema = { type: 'array', items: { type: 'string' }, maxItems: 10 };

header(`CRD creation check of the Gateway API HTTPRoute CRD (${rules} rules)`);
table([
  measure('checkCrdDefinition, first call (compiles and estimates 89 rules) x1', 1, () => { checkCrdDefinition(crd); }),
  measure('checkCrdDefinition again (checkCel and estimates memoised) x20', 20, () => { for (let i = 0; i < 20; i++) checkCrdDefinition(crd); }),
  measure('estimateCelCost of 1000 nested all() rules (memoised after the first run)', 1000, () => {
    for (let i = 0; i < 1000; i++) estimateCelCost(`self.all(x, self.all(y, x != y || ${i} > 0))`, CelEnvironment.CRD_VALIDATION_RULE, { selfSchema: schema });
  }),
  measure('parseCel of 249 chained == x100', 100, () => { const e = 'a == '.repeat(249) + 'a'; for (let i = 0; i < 100; i++) parseCel(e); }),
  measure('parseCel of a 99,990-code-point string literal x10', 10, () => { const e = `'${'x'.repeat(99_988)}'`; for (let i = 0; i < 10; i++) parseCel(e); }),
  measure('parseCel of 19,000 && terms x10', 10, () => { const e = 'a && '.repeat(19_000) + 'a'; for (let i = 0; i < 10; i++) parseCel(e); }),
]);
