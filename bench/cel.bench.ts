/**
 * CEL parse + type-check throughput (expressions/s) of lib/cel, beside the two npm CEL
 * libraries on the work each of them can do:
 * - @marcbachmann/cel-js parses and type-checks, but has no message-literal syntax
 *   (Object{...}, JSONPatch{...}) and none of the Kubernetes libraries;
 * - @bufbuild/cel parses the full grammar except optional syntax, and has no checker.
 * Run: npx tsx --expose-gc bench/cel.bench.ts
 */
import * as bufbuild from '@bufbuild/cel';
import { loadavg } from 'node:os';
import { CelEnvironment, checkCelUncached as checkCel } from '../lib/cel';
import { parseCel } from '../lib/cel/parser';
import { ACCEPTED, CorpusEntry } from '../test/cel/corpus';
import { header, Measurement, measure, table } from './util';

const TARGET = 50_000;
const usesOptional = (e: string) => /\.\?|\[\?|\{\?/.test(e);

function select(...envs: CelEnvironment[]): CorpusEntry[] {
  return ACCEPTED.filter((c) => envs.includes(c.env));
}

/** CPU time (user + system) of each timed run, per case: wall time inflates on a shared machine, CPU time much less. */
const cpuMs = new Map<string, number[]>();

/** Runs `fn` over `set` until about `ops` expressions have been processed. */
function run(name: string, set: readonly CorpusEntry[], fn: (c: CorpusEntry) => unknown, ops = 20_000): Measurement {
  const rounds = Math.max(1, Math.round(ops / set.length));
  const cpu: number[] = [];
  cpuMs.set(name, cpu);
  return measure(name, rounds * set.length, () => {
    const c0 = process.cpuUsage();
    for (let r = 0; r < rounds; r++) for (const c of set) fn(c);
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }, { runs: 5, warmup: 1 });
}

function cpuTable(rows: readonly Measurement[]): void {
  console.log('\n| case | ops/s by CPU time (median) |');
  console.log('| --- | ---: |');
  for (const r of rows) {
    const runs = [...(cpuMs.get(r.name) ?? [])].slice(1).sort((a, b) => a - b); // first entry is the warm-up
    const median = runs[Math.floor(runs.length / 2)];
    console.log(`| ${r.name} | ${Math.round((r.ops / median) * 1000).toLocaleString('en-US')} |`);
  }
}

async function main(): Promise<void> {
  const celJs = await import('@marcbachmann/cel-js');
  const conditions = select(CelEnvironment.ADMISSION_MATCH_CONDITION);
  const mutations = select(CelEnvironment.MUTATION_APPLY_CONFIGURATION, CelEnvironment.MUTATION_JSON_PATCH);
  const others = select(CelEnvironment.AUTHZ_MATCH_CONDITION, CelEnvironment.DRA_DEVICE_SELECTOR, CelEnvironment.ADMISSION_VARIABLE);

  // cel-js environment: the admission variables as dyn, optional syntax on.
  const env = new celJs.Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true });
  for (const v of ['object', 'oldObject', 'request', 'namespaceObject', 'params', 'authorizer', 'variables', 'device']) env.registerVariable(v, 'dyn');
  const celJsAccepts = conditions.filter((c) => {
    try {
      return env.check(c.expression).valid;
    } catch {
      return false;
    }
  }).length;
  const bufParses = (set: readonly CorpusEntry[]) => set.filter((c) => !usesOptional(c.expression));

  header('CEL: parse + type-check (lib/cel) vs. @marcbachmann/cel-js 8.0.0 vs. @bufbuild/cel 0.6.1');
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (numbers scale down with a busy machine; compare rows, not runs)`);
  console.log(`corpus: ${conditions.length} admission matchConditions, ${mutations.length} mutations, ${others.length} authz/DRA/variables (test/cel/corpus.ts)`);
  const rows: Measurement[] = [
    run('lib/cel parse+check: admission conditions (typed Pod)', conditions, (c) => checkCel(c.expression, c.env, c.options)),
    run('lib/cel parse only: admission conditions', conditions, (c) => parseCel(c.expression)),
    run('cel-js parse+check: admission conditions (all dyn)', conditions, (c) => env.check(c.expression)),
    run('cel-js parse only: admission conditions', conditions, (c) => env.parse(c.expression)),
    run('@bufbuild/cel parse only: admission conditions (no optional syntax)', bufParses(conditions), (c) => bufbuild.parse(c.expression), 5_000),
    run('lib/cel parse+check: mutations (Object{}/JSONPatch{})', mutations, (c) => checkCel(c.expression, c.env, c.options)),
    run('@bufbuild/cel parse only: mutations', bufParses(mutations), (c) => bufbuild.parse(c.expression), 2_000),
    run('lib/cel parse+check: authz / DRA / variables', others, (c) => checkCel(c.expression, c.env, c.options)),
  ];
  table(rows);
  cpuTable(rows);
  console.log('\nlib/cel rows measure parse+check without the result memo checkCel keeps; under tsx every lib/ function is wrapped');
  console.log('(esbuild keepNames), so the compiled package is faster than these rows. cel-js runs untransformed from node_modules.');
  console.log('cel-js cannot parse mutations (no message literals); @bufbuild/cel has no type checker.');
  console.log(`cel-js type-check accepts ${celJsAccepts} of ${conditions.length} admission conditions (no Kubernetes libraries, no two-variable comprehensions).`);
  const ours = rows[0].opsPerSec;
  const cpuRuns = [...(cpuMs.get(rows[0].name) ?? [])].slice(1).sort((a, b) => a - b);
  const oursCpu = (rows[0].ops / cpuRuns[Math.floor(cpuRuns.length / 2)]) * 1000;
  console.log(`target ≥ ${TARGET.toLocaleString('en-US')} expressions/s for admission conditions: lib/cel ${Math.round(ours).toLocaleString('en-US')}/s wall-clock `
    + `(${ours >= TARGET ? 'met' : 'not met'}), ${Math.round(oursCpu).toLocaleString('en-US')}/s by CPU time (${oursCpu >= TARGET ? 'met' : 'not met'})`);
}

void main();
