/**
 * `cdk8s-haru check` throughput: documents per second for 10,000 mixed documents (Pods,
 * Deployments, MutatingAdmissionPolicies, ResourceClaims, FlowSchemas), end to end through
 * the CLI core (YAML parse + schema + per-kind rules + PSS restricted + line location),
 * split into parse and check, and once through the compiled bin with process start-up.
 * The YAML is written like cdk8s writes it; the full-reader row shows the cost of the
 * reader that the check falls back to for documents the fast reader does not take.
 * Target: ≥ 5,000 documents/s end to end.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments, stringify } from 'yaml';
import { checkManifest, checkText } from '../lib/cli/core';
import { fastParseDocument, splitDocuments } from '../lib/yaml/fast';
import { readYamlFull } from '../lib/yaml/read';
import { header, measure, table } from './util';

const N = 10_000;

function pod(i: number, hardened: boolean): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `pod-${i}`, namespace: 'bench', labels: { app: `app-${i % 50}` } },
    spec: {
      ...(hardened ? { hostUsers: false, automountServiceAccountToken: false } : {}),
      securityContext: hardened ? { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } } : undefined,
      containers: [{
        name: 'app',
        image: `registry.example/app:${i % 7}.0.0`,
        ports: [{ containerPort: 8080, name: 'http' }],
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
        env: [{ name: 'MODE', value: 'bench' }, { name: 'INDEX', value: String(i) }],
        securityContext: hardened ? { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } } : undefined,
      }],
    },
  };
}

function deployment(i: number): any {
  const p = pod(i, i % 10 !== 0); // one in ten breaks PSS restricted
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `deploy-${i}`, namespace: 'bench' },
    spec: { replicas: 2, selector: { matchLabels: { ...p.metadata.labels } }, template: { metadata: { labels: { ...p.metadata.labels } }, spec: p.spec } },
  };
}

function map(i: number): any {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingAdmissionPolicy',
    metadata: { name: `add-label-${i}` },
    spec: {
      failurePolicy: 'Fail',
      reinvocationPolicy: 'Never',
      matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['pods'] }] },
      mutations: [{
        patchType: 'ApplyConfiguration',
        applyConfiguration: { expression: `Object{metadata: Object.metadata{labels: {"bench.example/index": "${i}"}}}` },
      }],
    },
  };
}

function claim(i: number): any {
  return {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaim',
    metadata: { name: `gpu-${i}`, namespace: 'bench' },
    spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com', allocationMode: 'ExactCount', count: 1 } }] } },
  };
}

function flowSchema(i: number): any {
  return {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1',
    kind: 'FlowSchema',
    metadata: { name: `tenant-${i}` },
    spec: {
      priorityLevelConfiguration: { name: 'workload-low' },
      matchingPrecedence: 1000 + (i % 8000),
      distinguisherMethod: { type: 'ByUser' },
      rules: [{
        subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: 'bench', name: `sa-${i}` } }],
        resourceRules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], namespaces: ['bench'] }],
      }],
    },
  };
}

const makers = [(i: number) => pod(i, i % 10 !== 0), deployment, map, claim, flowSchema];
const objects = Array.from({ length: N }, (_, i) => makers[i % makers.length](i));
// Written the way cdk8s writes manifests (`Yaml.stringify`: no line folding).
const text = objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');

header(`cdk8s-haru check: ${N.toLocaleString('en-US')} mixed documents (${(text.length / 1024 / 1024).toFixed(1)} MiB of YAML)`);

const sample = checkText(text, 'bench.yaml', { pss: 'restricted' });
const byId = new Map<string, number>();
for (const f of sample.findings) byId.set(f.checkId, (byId.get(f.checkId) ?? 0) + 1);
console.log(`documents: ${sample.documents}, findings: ${sample.findings.length} (${[...byId].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'})`);

const rows = [
  measure('end to end: checkText (parse + check + locate)', N, () => { checkText(text, 'bench.yaml', { pss: 'restricted' }); }, { runs: 3 }),
  measure('parse only: fast reader (what checkText uses)', N, () => { for (const c of splitDocuments(text)!) fastParseDocument(c.lines, c.firstLine); }, { runs: 3 }),
  measure('parse only: full reader (go-yaml v2 port on the yaml parser; the fallback)', N, () => { readYamlFull(text); }, { runs: 3 }),
  measure('parse only: yaml package parseAllDocuments + toJS (YAML 1.2, for comparison)', N, () => { for (const d of parseAllDocuments(text) as any[]) d.toJS(); }, { runs: 3 }),
  measure('check only: checkManifest on parsed objects', N, () => { for (const o of objects) checkManifest(o, 'restricted'); }, { runs: 3 }),
];
table(rows);

// Through the compiled bin, with process start-up, when it has been built.
const bin = path.join(__dirname, '..', 'out', 'cli', 'main.js');
if (fs.existsSync(bin)) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haru-bench-')), 'mixed.yaml');
  fs.writeFileSync(file, text);
  for (const [label, env] of [['default heap', {}], ['NODE_OPTIONS=--max-semi-space-size=64', { NODE_OPTIONS: '--max-semi-space-size=64' }]] as const) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, 'check', '--quiet', file], { encoding: 'utf-8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env } });
    const ms = performance.now() - t0;
    console.log(`bin (${label}): node out/cli/main.js check (exit ${r.status}): ${ms.toFixed(0)} ms for ${N} documents = ${Math.round((N / ms) * 1000).toLocaleString('en-US')} documents/s including start-up`);
  }
} else {
  console.log('\nbin: out/cli/main.js not built (run npx jsii); skipped');
}
