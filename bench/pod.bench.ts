/**
 * HardenedPod (all checks on) vs cdk8s-plus-33 Pod vs plain ApiObjects with the same
 * hardened JSON: build N pods (each with its ServiceAccount and NetworkPolicy) and
 * synthesise the whole app to YAML (`app.synthYaml()`, which also runs validations), in
 * one process. Targets: HardenedPod ≤ 0.6× cdk8s-plus-33 and ≤ 1.3× plain ApiObject.
 *
 * `app.synthYaml()` hands the rendered objects to the `yaml` package in one call to cdk8s's
 * `Yaml.stringify`; the bench times that call separately so that the tables also show what
 * the three cases differ in (building, rendering and checking) apart from the YAML text,
 * which is nearly the same text in all three.
 *
 * Usage: `npx tsx --expose-gc bench/pod.bench.ts [sizes, default 1000,10000]`.
 */
import { ApiObject, App, Chart, JsonPatch, Size, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HardenedPod } from '../lib';
import { performance } from 'node:perf_hooks';
import { header } from './util';

// Time spent inside cdk8s's YAML serialisation (one call per synthYaml), per run.
let yamlCpu = 0;
let yamlWall = 0;
const stringify = Yaml.stringify.bind(Yaml);
(Yaml as { stringify: (...docs: any[]) => string }).stringify = (...docs: any[]) => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    return stringify(...docs);
  } finally {
    const c = process.cpuUsage(c0);
    yamlCpu += (c.user + c.system) / 1000;
    yamlWall += performance.now() - t0;
  }
};

const IMAGE = 'nginx:1.27';

/** The JSON a HardenedPod renders, used verbatim by the plain-ApiObject case. */
function hardenedTemplate(): any[] {
  const app = new App({ outdir: '/tmp/bench-pod' });
  const chart = new Chart(app, 't');
  new HardenedPod(chart, 'p', { containers: [{ image: IMAGE }] });
  return chart.toJson();
}

function hardened(n: number): void {
  const app = new App({ outdir: '/tmp/bench-pod' });
  const chart = new Chart(app, 'c');
  for (let i = 0; i < n; i++) new HardenedPod(chart, `p${i}`, { containers: [{ image: IMAGE }] });
  app.synthYaml();
}

function plain(n: number, template: any[]): void {
  const app = new App({ outdir: '/tmp/bench-pod' });
  const chart = new Chart(app, 'c');
  const [pod, sa, np] = template;
  for (let i = 0; i < n; i++) {
    const label = { 'cdk8s.io/metadata.addr': `c-p${i}` };
    const saObj = new ApiObject(chart, `sa${i}`, { apiVersion: 'v1', kind: 'ServiceAccount', automountServiceAccountToken: false } as any);
    new ApiObject(chart, `p${i}`, { apiVersion: 'v1', kind: 'Pod', metadata: { labels: label }, spec: { ...structuredClone(pod.spec), serviceAccountName: saObj.name } });
    new ApiObject(chart, `np${i}`, { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', spec: { ...structuredClone(np.spec), podSelector: { matchLabels: label } } });
    void sa;
  }
  app.synthYaml();
}

function plus(n: number): void {
  const app = new App({ outdir: '/tmp/bench-pod' });
  const chart = new Chart(app, 'c');
  const dns = kplus.Pods.select(chart, 'dns', {
    labels: { 'k8s-app': 'kube-dns' },
    namespaces: kplus.Namespaces.select(chart, 'kube-system', { names: ['kube-system'] }),
  });
  for (let i = 0; i < n; i++) {
    const sa = new kplus.ServiceAccount(chart, `sa${i}`, { automountToken: false });
    const pod = new kplus.Pod(chart, `p${i}`, {
      serviceAccount: sa,
      automountServiceAccountToken: false,
      securityContext: { user: 65532, group: 65532, fsGroup: 65532, ensureNonRoot: true },
      containers: [{
        image: IMAGE,
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(256) },
        },
        volumeMounts: [{ path: '/tmp', volume: kplus.Volume.fromEmptyDir(chart, `tmp${i}`, 'tmp', { sizeLimit: Size.mebibytes(64) }) }],
      }],
    });
    // what cdk8s-plus-33 cannot express
    const l1 = ApiObject.of(pod);
    l1.addJsonPatch(JsonPatch.add('/spec/hostUsers', false));
    l1.addJsonPatch(JsonPatch.add('/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    l1.addJsonPatch(JsonPatch.add('/spec/securityContext/appArmorProfile', { type: 'RuntimeDefault' }));
    l1.addJsonPatch(JsonPatch.add('/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
    l1.addJsonPatch(JsonPatch.add('/spec/containers/0/resources/requests/ephemeral-storage', '128Mi'));
    l1.addJsonPatch(JsonPatch.add('/spec/containers/0/resources/limits/ephemeral-storage', '512Mi'));
    new kplus.NetworkPolicy(chart, `np${i}`, {
      selector: pod,
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY, rules: [{ peer: dns, ports: [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)] }] },
    });
  }
  app.synthYaml();
}

function heapPeak(fn: () => void): number {
  if (global.gc) global.gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 5);
  fn();
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return (peak - base) / (1024 * 1024);
}

interface Run { wall: number; cpu: number; yamlWall: number; yamlCpu: number }

/** One timed run: wall time and process CPU time (user + system), in ms, and the YAML share of each. */
function timed(fn: () => void): Run {
  if (global.gc) global.gc();
  yamlCpu = 0;
  yamlWall = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, yamlWall, yamlCpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

header('HardenedPod vs cdk8s-plus-33 Pod vs plain ApiObject (pod + ServiceAccount + NetworkPolicy each, synth to YAML)');
console.log('Cases run interleaved (plain, plus, hardened, plain, ...) so machine load hits all three alike. CPU time is the');
console.log('process user+system time of a run (it includes V8\'s GC and compiler threads); wall time is elapsed time.');
console.log('"without YAML" leaves out the time inside cdk8s\'s Yaml.stringify: building, rendering and checking only.');
const template = hardenedTemplate();
const sizes = (process.argv[2] ?? '1000,10000').split(',').map(Number);
for (const n of sizes) {
  const runs = n >= 10000 ? 3 : 7;
  const cases: Array<[string, () => void]> = [
    [`plain ApiObject ×${n}`, () => plain(n, template)],
    [`cdk8s-plus-33 Pod ×${n}`, () => plus(n)],
    [`HardenedPod ×${n} (all checks)`, () => hardened(n)],
  ];
  for (const [, fn] of cases) fn(); // warm-up
  const results: Run[][] = cases.map(() => []);
  for (let r = 0; r < runs; r++) {
    cases.forEach(([, fn], i) => results[i].push(timed(fn)));
  }
  const heap = cases.map(([, fn]) => heapPeak(fn));
  const med = results.map((rs) => ({
    wall: median(rs.map((x) => x.wall)),
    cpu: median(rs.map((x) => x.cpu)),
    wallNoYaml: median(rs.map((x) => x.wall - x.yamlWall)),
    cpuNoYaml: median(rs.map((x) => x.cpu - x.yamlCpu)),
    yamlCpu: median(rs.map((x) => x.yamlCpu)),
  }));
  console.log(`\n| case (n=${n}, median of ${runs}) | wall ms | CPU ms | of which YAML (CPU) | CPU without YAML | pods/s (CPU) | heap growth MiB |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  cases.forEach(([name], i) => {
    const m = med[i];
    console.log(`| ${name} | ${m.wall.toFixed(0)} | ${m.cpu.toFixed(0)} | ${m.yamlCpu.toFixed(0)} | ${m.cpuNoYaml.toFixed(0)} | ${Math.round(n / m.cpu * 1000)} | ${heap[i].toFixed(0)} |`);
  });
  const [pl, pu, ha] = med;
  console.log('\n| HardenedPod vs | whole synth, CPU | whole synth, wall | without YAML, CPU | without YAML, wall | target (whole synth) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| cdk8s-plus-33 Pod | ${ratio(ha.cpu, pu.cpu)} | ${ratio(ha.wall, pu.wall)} | ${ratio(ha.cpuNoYaml, pu.cpuNoYaml)} | ${ratio(ha.wallNoYaml, pu.wallNoYaml)} | ≤ 0.6× |`);
  console.log(`| plain ApiObject | ${ratio(ha.cpu, pl.cpu)} | ${ratio(ha.wall, pl.wall)} | ${ratio(ha.cpuNoYaml, pl.cpuNoYaml)} | ${ratio(ha.wallNoYaml, pl.wallNoYaml)} | ≤ 1.3× |`);
  console.log(`YAML serialisation alone of the HardenedPod output takes ${ratio(ha.yamlCpu, pu.cpu)} of the whole cdk8s-plus-33 synth (CPU).`);
  console.log(`process peak RSS so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
