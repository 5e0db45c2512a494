import { stringify } from 'yaml';
import { fastParseDocument, splitDocuments } from '../lib/yaml/fast';
import * as old from '/tmp/old-fast-yaml';
const objs = Array.from({ length: 3000 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, labels: { app: `a${i % 5}` } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' } }, env: [{ name: 'A', value: String(i) }] }], securityContext: { runAsUser: 10001, runAsNonRoot: true } } }));
const text = objs.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');
const t = (f: () => void) => { const t0 = performance.now(); f(); return performance.now() - t0; };
const a: number[] = []; const b: number[] = [];
for (let r = 0; r < 7; r++) {
  a.push(t(() => { for (const c of old.splitDocuments(text)!) old.fastParseDocument(c.lines, c.firstLine); }));
  b.push(t(() => { for (const c of splitDocuments(text)) fastParseDocument(c.lines, c.firstLine); }));
}
a.sort((x, y) => x - y); b.sort((x, y) => x - y);
console.log('old median', a[3].toFixed(0), 'new median', b[3].toFixed(0), 'ratio', (b[3] / a[3]).toFixed(2));
