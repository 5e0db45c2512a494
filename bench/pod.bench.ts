/**
 * HardenedPod (all checks on) vs cdk8s-plus-33 Pod vs plain ApiObjects with the same
 * hardened JSON: build N pods (each with its ServiceAccount and NetworkPolicy) and
 * synthesise the whole app to YAML (`app.synthYaml()`, which also runs validations), in
 * one process. Targets: HardenedPod ≤ 0.6× cdk8s-plus-33 and ≤ 1.3× plain ApiObject.
 */
import { ApiObject, App, Chart, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { HardenedPod } from '../lib';
import { performance } from 'node:perf_hooks';
import { header } from './util';

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

/** One timed run: wall time and process CPU time (user + system), in ms. */
function timed(fn: () => void): { wall: number; cpu: number } {
  if (global.gc) global.gc();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

header('HardenedPod vs cdk8s-plus-33 Pod vs plain ApiObject (pod + ServiceAccount + NetworkPolicy each, synth to YAML)');
console.log('Cases run interleaved (plain, plus, hardened, plain, ...) so machine load hits all three alike; CPU time is the');
console.log('process user+system time of a run, which a shared machine distorts far less than wall time.');
const template = hardenedTemplate();
for (const n of [1000, 10000]) {
  const runs = n >= 10000 ? 3 : 5;
  const cases: Array<[string, () => void]> = [
    [`plain ApiObject ×${n}`, () => plain(n, template)],
    [`cdk8s-plus-33 Pod ×${n}`, () => plus(n)],
    [`HardenedPod ×${n} (all checks)`, () => hardened(n)],
  ];
  for (const [, fn] of cases) fn(); // warm-up
  const walls: number[][] = cases.map(() => []);
  const cpus: number[][] = cases.map(() => []);
  for (let r = 0; r < runs; r++) {
    cases.forEach(([, fn], i) => {
      const t = timed(fn);
      walls[i].push(t.wall);
      cpus[i].push(t.cpu);
    });
  }
  const heap = cases.map(([, fn]) => heapPeak(fn));
  console.log(`\n| case (n=${n}, ${runs} runs) | median wall ms | median CPU ms | pods/s (CPU) | × plain (CPU) | heap growth MiB |`);
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const cpuMed = cpus.map(median);
  cases.forEach(([name], i) => {
    console.log(`| ${name} | ${median(walls[i]).toFixed(0)} | ${cpuMed[i].toFixed(0)} | ${Math.round(n / cpuMed[i] * 1000)} | ${(cpuMed[i] / cpuMed[0]).toFixed(2)} | ${heap[i].toFixed(0)} |`);
  });
  const wallMed = walls.map(median);
  console.log(`HardenedPod / cdk8s-plus-33: CPU ${(cpuMed[2] / cpuMed[1]).toFixed(2)}×, wall ${(wallMed[2] / wallMed[1]).toFixed(2)}× (target ≤ 0.6)`);
  console.log(`HardenedPod / plain ApiObject: CPU ${(cpuMed[2] / cpuMed[0]).toFixed(2)}×, wall ${(wallMed[2] / wallMed[0]).toFixed(2)}× (target ≤ 1.3)`);
  console.log(`process peak RSS so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}
