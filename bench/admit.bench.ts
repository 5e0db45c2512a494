/**
 * AdmissionEngine throughput: a chart of 1,000 pods (varied: bare, partly hardened, with
 * sidecars and init containers, Windows) admitted through 5 MutatingPolicies (hardenPods,
 * defaultResources, injectSidecar, addLabels, addAnnotations), then 3 ValidatingAdmissionPolicies
 * (Deny, Warn, Audit), with the API server's defaulting on. Target: >= 2,000 objects/s.
 *   npx tsx --expose-gc bench/admit.bench.ts
 */
import { Testing } from 'cdk8s';
import { header, measure, table } from './util';
import { AdmissionEngine, CelValue, Mutation, MutatingPolicy, ResourceRule } from '../lib';

const PODS = 1000;

function policies(): AdmissionEngine {
  const chart = Testing.chart();
  const pods = [ResourceRule.pods()];
  new MutatingPolicy(chart, 'harden', { name: 'harden', rules: pods, mutations: [Mutation.hardenPods()] });
  new MutatingPolicy(chart, 'resources', {
    name: 'resources', rules: pods,
    mutations: [Mutation.defaultResources({ requests: { cpu: CelValue.quantity('100m'), memory: CelValue.quantity('128Mi') }, limits: { memory: CelValue.quantity('1Gi') } })],
  });
  new MutatingPolicy(chart, 'sidecar', { name: 'sidecar', rules: pods, mutations: [Mutation.injectSidecar({ name: 'proxy', image: 'envoyproxy/envoy:v1.31', ports: [15001] })] });
  new MutatingPolicy(chart, 'labels', { name: 'labels', rules: pods, mutations: [Mutation.addLabels({ 'example.com/team': 'web' })] });
  new MutatingPolicy(chart, 'annotations', { name: 'annotations', rules: pods, mutations: [Mutation.addAnnotations({ 'example.com/owner': 'platform' })] });
  const G = 'admissionregistration.k8s.io/v1';
  const podRules = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], operations: ['CREATE', 'UPDATE'] }] };
  const vap = (name: string, validations: any[], actions: string[]) => [
    { apiVersion: G, kind: 'ValidatingAdmissionPolicy', metadata: { name }, spec: { matchConstraints: podRules, validations } },
    { apiVersion: G, kind: 'ValidatingAdmissionPolicyBinding', metadata: { name }, spec: { policyName: name, validationActions: actions } },
  ];
  return new AdmissionEngine({
    policies: [
      ...Testing.synth(chart),
      ...vap('registries', [{ expression: "object.spec.containers.all(c, c.image.startsWith('registry.example/') || c.image.startsWith('envoyproxy/'))", message: 'images must come from registry.example' }], ['Deny']),
      ...vap('no-latest', [{ expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))", messageExpression: "'latest tag in ' + object.metadata.name" }], ['Warn']),
      ...vap('team', [{ expression: "has(object.metadata.labels) && 'example.com/team' in object.metadata.labels", message: 'team label required' }], ['Deny', 'Audit']),
    ],
  });
}

function pod(i: number): any {
  const containers: any[] = [{ name: 'app', image: `registry.example/app:${i}` }];
  const spec: any = { containers };
  switch (i % 5) {
    case 1: containers[0].securityContext = { runAsNonRoot: true, capabilities: { drop: ['NET_RAW'] } }; break;
    case 2: spec.initContainers = [{ name: 'migrate', image: 'registry.example/migrate:1' }]; break;
    case 3: containers.push({ name: 'log', image: 'registry.example/log:1', resources: { limits: { cpu: '1' } } }); break;
    case 4: spec.os = { name: 'windows' }; break;
    default:
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: `team-${i % 7}`, ...(i % 2 ? { labels: { app: 'web' } } : {}) }, spec };
}

const engine = policies();
const objects = Array.from({ length: PODS }, (_, i) => pod(i));
const rejected = engine.admitAll(objects).filter((r) => !r.admitted);
if (rejected.length) throw new Error(`${rejected.length} pods rejected, e.g. ${rejected[0].message}`);

header(`AdmissionEngine: ${PODS} pods through 5 MutatingPolicies (match, CEL, merge/patch, reinvocation), 3 ValidatingAdmissionPolicies, defaulting`);
const cpuBefore = process.cpuUsage();
const m = measure(`admit ${PODS} pods`, PODS, () => engine.admitAll(objects), { runs: 5, warmup: 1 });
const cpu = process.cpuUsage(cpuBefore);
table([m]);
// On a shared machine wall time includes waiting for a core; CPU time is what the work costs.
const cpuMsPerRun = (cpu.user + cpu.system) / 1000 / 6;
console.log(`CPU time: ${cpuMsPerRun.toFixed(1)} ms per run of ${PODS} pods = ${Math.round((PODS / cpuMsPerRun) * 1000).toLocaleString('en-US')} objects/s of CPU (load average ${require('node:os').loadavg()[0].toFixed(1)})`);
