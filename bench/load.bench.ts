/**
 * What `require('cdk8s-haru')` costs a program, in fresh Node processes: the time inside
 * `require`, the whole process, and how many modules it loads, against cdk8s and
 * cdk8s-plus-33 alone. cdk8s-plus-33 is only loaded when a cdk8s-plus workload is used
 * (lib/render/cdk8s-plus.ts), so the package alone should not pay for it.
 *
 * Measures the compiled package in `out/` (run `npx jsii` first), or the `index.js` named by
 * `LOAD_PKG`; `LOAD_COMPARE=<other build>/index.js` adds that build as a case (e.g. an older
 * commit compiled with `npx tsc --outDir`). Cases alternate, so load from other processes
 * spreads over all of them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { header } from './util';

const root = join(__dirname, '..');
const pkg = process.env.LOAD_PKG ?? join(root, 'out', 'index.js');
if (!existsSync(pkg)) {
  console.error('bench/load.bench.ts measures the compiled package: run `npx jsii` first (out/index.js is missing).');
  process.exit(1);
}
const runs = Number(process.env.LOAD_RUNS ?? 15);

const probe = (body: string) => `
const t0 = process.hrtime.bigint();
${body}
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const mods = Object.keys(require.cache);
const cpu = process.cpuUsage();
console.log(JSON.stringify({ ms, cpu: (cpu.user + cpu.system) / 1000, modules: mods.length, plus: mods.some((m) => m.includes('cdk8s-plus-33')) }));`;

const cases: Array<[string, string]> = [
  ['cdk8s', "require('cdk8s');"],
  ['cdk8s-plus-33', "require('cdk8s-plus-33');"],
  ['cdk8s-haru', `require(${JSON.stringify(pkg)});`],
  ...(process.env.LOAD_COMPARE ? [['cdk8s-haru (LOAD_COMPARE)', `require(${JSON.stringify(process.env.LOAD_COMPARE)});`] as [string, string]] : []),
  ['cdk8s-haru + a HardenedPod synth', `const h = require(${JSON.stringify(pkg)}); const { App, Chart } = require('cdk8s');
const app = new App(); new h.HardenedPod(new Chart(app, 'c'), 'p', { containers: [{ image: 'nginx:1.27' }] }); app.synthYaml();`],
  ['cdk8s-haru + a hardened cdk8s-plus Deployment synth', `const h = require(${JSON.stringify(pkg)}); const { App, Chart } = require('cdk8s'); const kplus = require('cdk8s-plus-33');
const app = new App(); const d = new kplus.Deployment(new Chart(app, 'c'), 'd', { containers: [{ image: 'nginx:1.27' }] }); h.WorkloadHardening.apply(d); app.synthYaml();`],
];

interface Sample { ms: number; cpu: number; wall: number; modules: number; plus: boolean }
const samples = new Map<string, Sample[]>(cases.map(([n]) => [n, []]));
for (let i = 0; i < runs + 1; i++) {
  for (const [name, body] of cases) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-e', probe(body)], { cwd: root, encoding: 'utf8' });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    if (i === 0) continue; // warm the file system cache
    samples.get(name)!.push({ ...JSON.parse(r.stdout.trim().split('\n').pop()!), wall });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
header(`require() in a fresh process (${runs} runs each, medians)`);
console.log('| case | in require/use ms | process CPU ms | process wall ms | modules loaded | cdk8s-plus-33 loaded |');
console.log('| --- | ---: | ---: | ---: | ---: | --- |');
for (const [name] of cases) {
  const s = samples.get(name)!;
  console.log(`| ${name} | ${median(s.map((x) => x.ms)).toFixed(0)} | ${median(s.map((x) => x.cpu)).toFixed(0)} | ${median(s.map((x) => x.wall)).toFixed(0)} | ${s[0].modules} | ${s[0].plus ? 'yes' : 'no'} |`);
}
