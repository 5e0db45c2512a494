/**
 * Schema-check throughput (documents/s) of typical objects: a hardened Pod, a Deployment, a
 * MutatingAdmissionPolicy and a ResourceClaimTemplate, plus the first (cold) check that decodes
 * the catalog. Target: at least 5,000 documents/s for the Pod. Printed by wall time and by
 * process CPU time (on a shared machine wall time is inflated by other processes).
 */
import { performance } from 'node:perf_hooks';
import { header, measure, Measurement, table } from './util';
import { checkSchema } from '../lib/schema';
import { fixture } from '../test/schema/fixtures';

header('schema check (lib/schema checkSchema)');

const t0 = performance.now();
const cold = checkSchema(fixture('restrictedPod'));
console.log(`first check incl. catalog decode: ${(performance.now() - t0).toFixed(2)} ms (${cold.length} violations)`);

const N = 20_000;
const broken = fixture('restrictedPod');
broken.spec.containers[0].imagePullPolcy = 'Always';
broken.spec.containers[0].resources.limits.memory = '500 mb';
broken.spec.hostUsers = 'false';
const docs: Array<[string, unknown]> = [
  ['hardened Pod', fixture('restrictedPod')],
  ['Deployment', fixture('deployment')],
  ['MutatingAdmissionPolicy', fixture('mutatingPolicy')],
  ['ResourceClaimTemplate', fixture('claimTemplate')],
  ['hardened Pod with 3 violations', broken],
];

let sink = 0;
const cpuMs = new Map<string, number[]>();
const rows: Measurement[] = docs.map(([name, doc]) => {
  const cpu: number[] = [];
  cpuMs.set(name, cpu);
  return measure(name, N, () => {
    const c0 = process.cpuUsage();
    for (let i = 0; i < N; i++) sink += checkSchema(doc).length;
    const d = process.cpuUsage(c0);
    cpu.push((d.user + d.system) / 1000);
  }, { runs: 7, warmup: 2 });
});
table(rows);

console.log('\n| case | documents/s by CPU time (median) |');
console.log('| --- | ---: |');
for (const r of rows) {
  const runs = [...(cpuMs.get(r.name) ?? [])].slice(2).sort((a, b) => a - b); // the first two are warm-ups
  const median = runs[Math.floor(runs.length / 2)];
  console.log(`| ${r.name} | ${Math.round((r.ops / median) * 1000).toLocaleString('en-US')} |`);
}
if (sink < 0) console.log(sink);
