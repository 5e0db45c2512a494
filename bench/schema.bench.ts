/**
 * Schema-check throughput (documents/s) of typical objects: a hardened Pod, a Deployment and
 * a MutatingAdmissionPolicy, plus the first (cold) check that decodes the catalog.
 * Target: at least 5,000 documents/s for the Pod.
 */
import { performance } from 'node:perf_hooks';
import { checkSchema } from '../lib/schema';
import { fixture } from '../test/schema/fixtures';
import { header, measure, table } from './util';

header('schema check (lib/schema checkSchema)');

const t0 = performance.now();
const cold = checkSchema(fixture('restrictedPod'));
console.log(`first check incl. catalog decode: ${(performance.now() - t0).toFixed(2)} ms (${cold.length} violations)`);

const N = 20_000;
const docs = {
  'hardened Pod': fixture('restrictedPod'),
  'Deployment': fixture('deployment'),
  'MutatingAdmissionPolicy': fixture('mutatingPolicy'),
  'ResourceClaimTemplate': fixture('claimTemplate'),
};
const broken = fixture('restrictedPod');
broken.spec.containers[0].imagePullPolcy = 'Always';
broken.spec.containers[0].resources.limits.memory = '500 mb';
broken.spec.hostUsers = 'false';

let sink = 0;
const rows = Object.entries(docs).map(([name, doc]) => measure(name, N, () => {
  for (let i = 0; i < N; i++) sink += checkSchema(doc).length;
}, { runs: 7, warmup: 2 }));
rows.push(measure('hardened Pod with 3 violations', N, () => {
  for (let i = 0; i < N; i++) sink += checkSchema(broken).length;
}, { runs: 7, warmup: 2 }));
table(rows);
if (sink < 0) console.log(sink);
