/**
 * CEL compile and evaluate throughput (per second) of CelProgram beside
 * @marcbachmann/cel-js on the same expressions: admission conditions on a Pod, a quantity
 * comparison (cel-js gets the same Quantity type and quantity()/isLessThan functions
 * registered, since it has no Kubernetes libraries), and a list comprehension.
 * Run: npx tsx --expose-gc bench/cel-eval.bench.ts
 * With `out/` built (`npx projen compile`), the compiled package is measured: under tsx every
 * cross-module call of lib/ goes through an export getter, which costs CelProgram about a
 * third of its speed and is not what users run.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CelEnvironment } from '../lib/cel';
import type * as K8sModule from '../lib/cel/eval-k8s';
import type * as QuantityModule from '../lib/cel/eval-quantity';
import type * as ProgramModule from '../lib/cel/program';
import { ACCEPTED } from '../test/cel/corpus';
import { header } from './util';

const compiled = existsSync(join(__dirname, '..', 'out', 'cel', 'program.js'));
const from = compiled ? '../out/cel/' : '../lib/cel/';
/* eslint-disable @typescript-eslint/no-require-imports */
const { CelProgram } = require(`${from}program`) as typeof ProgramModule;
const { quantityOf } = require(`${from}eval-k8s`) as typeof K8sModule;
const { Quantity } = require(`${from}eval-quantity`) as typeof QuantityModule;

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-7d4b9', namespace: 'prod', labels: { 'app': 'web', 'app.kubernetes.io/part-of': 'shop' } },
  spec: {
    serviceAccountName: 'web',
    containers: [
      { name: 'app', image: 'registry.example/shop/web:1.4.2', resources: { limits: { memory: '512Mi', cpu: '500m' } }, securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } },
      { name: 'proxy', image: 'registry.example/envoy:1.30', resources: { limits: { memory: '128Mi', cpu: '100m' } }, securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } },
      { name: 'log', image: 'registry.example/fluent-bit:3', resources: { limits: { memory: '64Mi', cpu: '50m' } }, securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } },
    ],
  },
};
const request = { operation: 'CREATE', namespace: 'prod', userInfo: { username: 'system:serviceaccount:ci:deployer', groups: ['system:serviceaccounts'] } };
const vars = { object: pod, request };

interface Case {
  readonly name: string;
  readonly expr: string;
  readonly want: unknown;
}

const CASES: Case[] = [
  {
    name: 'admission condition: images from the registry, no escalation',
    expr: "object.spec.containers.all(c, c.image.startsWith('registry.example/') && has(c.securityContext) && c.securityContext.allowPrivilegeEscalation == false)",
    want: true,
  },
  {
    name: 'admission condition: request and labels',
    expr: "request.operation == 'CREATE' && object.metadata.namespace != 'kube-system' && 'app' in object.metadata.labels && object.metadata.labels['app'] == 'web'",
    want: true,
  },
  {
    name: 'quantity comparison: every memory limit below 1Gi',
    expr: "object.spec.containers.all(c, quantity(c.resources.limits.memory).isLessThan(quantity('1Gi')))",
    want: true,
  },
  {
    name: 'list comprehension: names of containers without a cpu limit',
    expr: "object.spec.containers.filter(c, !('cpu' in c.resources.limits)).map(c, c.name).size() == 0",
    want: true,
  },
];

/** cel-js with the admission variables as maps and the quantity functions the expressions use. */
async function celJsEnvironment(): Promise<{ parse(e: string): (ctx: object) => unknown }> {
  type Q = InstanceType<typeof Quantity>;
  const celJs = await import('@marcbachmann/cel-js');
  const env = new celJs.Environment({ unlistedVariablesAreDyn: true })
    .registerType('Quantity', Quantity)
    .registerVariable('object', 'map')
    .registerVariable('request', 'map')
    .registerFunction('quantity(string): Quantity', (s: string) => quantityOf(s))
    .registerFunction({ name: 'isLessThan', receiverType: 'Quantity', returnType: 'bool', handler: (a: Q, b: Q) => a.cmp(b) < 0, params: [{ name: 'other', type: 'Quantity' }] });
  return env as unknown as { parse(e: string): (ctx: object) => unknown };
}

/** Operations per second by CPU time (user + system): wall time swings with the load of a shared machine. */
function cpuRate(ops: number, fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c0);
  return (ops / (d.user + d.system)) * 1e6;
}

/** Runs `a` and `b` alternately `rounds` times after a warm-up; median ops/s of each. */
function sideBySide(ops: number, a: () => void, b: () => void, rounds = 7): [number, number] {
  a();
  b();
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 0; i < rounds; i++) {
    ra.push(cpuRate(ops, a));
    rb.push(cpuRate(ops, b));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return [median(ra), median(rb)];
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function main(): Promise<void> {
  const celJs = await celJsEnvironment();
  header('CEL: compile and evaluate (CelProgram) vs. @marcbachmann/cel-js 8.0.0');
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}; rates by CPU time, the two libraries run alternately`);
  console.log(`CelProgram from ${compiled ? 'out/ (compiled package)' : 'lib/ under tsx (run npx projen compile to measure the package)'}`);
  console.log('\n| expression | CelProgram evaluations/s | cel-js evaluations/s | ratio |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const c of CASES) {
    const ours = CelProgram.compile(c.expr, CelEnvironment.ADMISSION_MATCH_CONDITION, { objectType: 'io.k8s.api.core.v1.Pod' });
    const theirs = celJs.parse(c.expr);
    if (ours.evaluate(vars) !== c.want || theirs(vars) !== c.want) throw new Error(`${c.name}: unexpected result`);
    const n = 20_000;
    const [a, b] = sideBySide(n, () => {
      for (let i = 0; i < n; i++) ours.evaluate(vars);
    }, () => {
      for (let i = 0; i < n; i++) theirs(vars);
    });
    console.log(`| ${c.name} | ${fmt(a)} | ${fmt(b)} | ${(a / b).toFixed(2)}× |`);
  }
  // compile: memo-free (checkCel memoises, so every text ends in a different comment)
  const m = 2_000;
  let k = 0;
  const [a, b] = sideBySide(m, () => {
    for (let i = 0; i < m; i++) {
      const c = CASES[i % CASES.length];
      CelProgram.compile(`${c.expr} // ${k++}`, CelEnvironment.ADMISSION_MATCH_CONDITION, { objectType: 'io.k8s.api.core.v1.Pod' });
    }
  }, () => {
    for (let i = 0; i < m; i++) {
      const c = CASES[i % CASES.length];
      celJs.parse(`${c.expr} // ${k++}`);
    }
  }, 5);
  console.log('\n| compile (the four expressions) | expressions/s |');
  console.log('| --- | ---: |');
  console.log(`| CelProgram.compile: parse + type-check against the Pod schema + build | ${fmt(a)} |`);
  console.log(`| cel-js Environment.parse (variables dyn) | ${fmt(b)} |`);
  // the admission conditions of the checker corpus (55 expressions, typed Pod)
  const conditions = ACCEPTED.filter((c) => c.env === CelEnvironment.ADMISSION_MATCH_CONDITION);
  const total = conditions.length * 20;
  const rate = sideBySide(total, () => {
    for (let r = 0; r < 20; r++) {
      for (const c of conditions) CelProgram.compile(`${c.expression} // ${k++}`, c.env, c.options);
    }
  }, () => undefined, 5)[0];
  console.log(`| CelProgram.compile: the ${conditions.length} admission conditions of test/cel/corpus.ts | ${fmt(rate)} |`);
}

void main();
