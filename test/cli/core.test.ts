/**
 * The core the bin and the validation plugin share, in-process: document splitting, line
 * location of findings, Lists, odd documents, and the run loop's progress line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrdSet } from '../../lib/check/crd';
import { checkText, collectCrds, splitFieldPath } from '../../lib/cli/core';
import { run } from '../../lib/cli/main';

const hardenedPod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      image: registry.example/app:1.0.0
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
`;

describe('checkText', () => {
  it('skips empty documents and does not count them', () => {
    const r = checkText(`---\n# only a comment\n---\n${hardenedPod('a')}---\n---\n`, 'x.yaml', { pss: 'restricted' });
    expect(r).toEqual({ documents: 1, unchecked: 0, findings: [], suppressions: [] });
  });

  it('returns nothing for an empty text', () => {
    expect(checkText('', 'x.yaml', { pss: 'restricted' })).toEqual({ documents: 0, unchecked: 0, findings: [], suppressions: [] });
  });

  it('locates a finding at the key of the offending field', () => {
    const text = hardenedPod('a').replace('runAsUser: 10001', 'runAsUser: 0');
    const [f] = checkText(text, 'x.yaml', { pss: 'restricted' }).findings;
    expect(f).toMatchObject({ checkId: 'pss/runAsUser', field: 'spec.securityContext.runAsUser', line: 8, documentLine: 1, kind: 'Pod', name: 'a' });
  });

  it('locates a finding on a missing field at its deepest existing parent', () => {
    const text = hardenedPod('a').replace('        allowPrivilegeEscalation: false\n', '');
    const [f] = checkText(text, 'x.yaml', { pss: 'restricted' }).findings;
    expect(f.field).toBe('spec.containers[0].securityContext.allowPrivilegeEscalation');
    expect(f.line).toBe(13); // the container's `securityContext:` key
  });

  it('numbers documents from 1 and gives the line each one starts on', () => {
    const text = `${hardenedPod('a')}---\n${hardenedPod('b').replace('runAsNonRoot: true', 'runAsNonRoot: false')}`;
    const [f] = checkText(text, 'x.yaml', { pss: 'restricted' }).findings;
    expect(f).toMatchObject({ document: 2, documentLine: 17, line: 23, name: 'b', checkId: 'pss/runAsNonRoot' });
  });

  it('checks each item of a v1 List with its items[i] path', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: ok}
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: bad}
    dataa: {}
`;
    const r = checkText(text, 'list.yaml', { pss: 'restricted' });
    expect(r.documents).toBe(1);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ field: 'items[1].dataa', checkId: 'schema/unknown-field', line: 10, kind: 'ConfigMap', name: 'bad' });
  });

  it('fails when a document is a scalar or a list', () => {
    const r = checkText('just text\n---\n- a\n- b\n', 'x.yaml', { pss: 'restricted' });
    expect(r.findings.map((f) => [f.checkId, f.document, f.line, f.message])).toEqual([
      ['yaml/not-object', 1, 1, 'document is not a Kubernetes object (got a string scalar; allowed: a mapping with apiVersion, kind and metadata). Give every document its own apiVersion and kind, separated by ---.'],
      ['yaml/not-object', 2, 3, 'document is not a Kubernetes object (got a list; allowed: a mapping with apiVersion, kind and metadata). Give every document its own apiVersion and kind, separated by ---.'],
    ]);
  });

  // sigs.k8s.io/yaml (yaml.go: Unmarshal is not strict) over go-yaml: kubectl takes the last value of a repeated key.
  it('warns when a document repeats a key, and checks it with the last value as kubectl does', () => {
    const r = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: "1"}\ndata: {y: 2}\n', 'x.yaml', { pss: 'restricted' });
    expect(r.findings.map((f) => [f.checkId, f.severity, f.line])).toEqual([['yaml/duplicate-key', 'warning', 5], ['schema/type', 'error', 5]]);
    expect(r.findings[0].message).toBe('the key "data" is given twice in one mapping; kubectl keeps the last value. Remove the earlier entry.');
  });

  // go-yaml's scanner (a libyaml port, read by kubectl through sigs.k8s.io/yaml) takes \' in a double-quoted scalar as '.
  it("reads \\' inside a double-quoted string as a single quote, as kubectl does", () => {
    const r = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: "it\\\'s"\n  y: 3\n', 'x.yaml', { pss: 'restricted' });
    expect(r.findings.map((f) => [f.checkId, f.line])).toEqual([['schema/type', 6]]);
    const p = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: "it\\\'s"\n', 'x.yaml', { pss: 'restricted' });
    expect(p.findings).toEqual([]);
  });

  it('still refuses an escape no YAML parser knows', () => {
    const r = checkText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  x: "a\\qb"\n', 'x.yaml', { pss: 'restricted' });
    expect(r.findings.map((f) => f.checkId)).toEqual(['yaml/parse']);
  });

  it('fails when a document expands aliases beyond the limit (billion laughs)', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
    const r = checkText(lines.join('\n') + '\n', 'bomb.yaml', { pss: 'restricted' });
    expect(r.findings.map((f) => f.checkId)).toEqual(['yaml/aliases']);
    expect(r.findings[0].message).toMatch(/^cannot be read: .*alias/i);
  });

  it('reads files with a byte order mark and CRLF line ends', () => {
    const r = checkText('\ufeffapiVersion: v1\r\nkind: ConfigMap\r\nmetadata: {name: c}\r\ndatta: {}\r\n', 'x.yaml', { pss: 'none' });
    expect(r.findings.map((f) => [f.checkId, f.field, f.line])).toEqual([['schema/unknown-field', 'datta', 4]]);
  });

  it('reads JSON documents', () => {
    const r = checkText('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "dat": {}}', 'x.json', { pss: 'none' });
    expect(r.findings.map((f) => [f.checkId, f.field, f.line])).toEqual([['schema/unknown-field', 'dat', 1]]);
  });

  it('runs no Pod Security check at level none', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "busybox:1.36", securityContext: {privileged: true}}]\n';
    expect(checkText(pod, 'x.yaml', { pss: 'none' }).findings).toEqual([]);
    expect(checkText(pod, 'x.yaml', { pss: 'baseline' }).findings.map((f) => f.checkId)).toEqual(['pss/privileged']);
  });
});

describe('splitFieldPath', () => {
  it('splits dotted keys, list indexes and quoted keys', () => {
    expect(splitFieldPath('spec.containers[0].env[12].name')).toEqual(['spec', 'containers', 0, 'env', 12, 'name']);
    expect(splitFieldPath('metadata.annotations["example.com/x y"]')).toEqual(['metadata', 'annotations', 'example.com/x y']);
    expect(splitFieldPath('items[3]')).toEqual(['items', 3]);
  });

  it('returns undefined for text that is not a path', () => {
    expect(splitFieldPath('spec containers')).toBeUndefined();
    expect(splitFieldPath('.spec')).toBeUndefined();
  });
});

describe('run (progress on a terminal)', () => {
  const many = Array.from({ length: 250 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`).join('---\n');

  it('writes a self-clearing progress line to stderr past 200 documents on a terminal', () => {
    let out = '';
    let err = '';
    const code = run(['check', '-'], { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, readStdin: () => many, stderrIsTty: true });
    expect(code).toBe(0);
    expect(err).toMatch(/^\r\x1b\[Kchecked 200 documents \(-\)/);
    expect(err.endsWith('\r\x1b[K')).toBe(true);
    expect(out).toBe('cdk8s-haru check: 250 documents in 1 file, no findings (pss: restricted).\n');
  });

  it('writes nothing to stderr when it is not a terminal', () => {
    let err = '';
    run(['check', '-'], { stdout: () => undefined, stderr: (t) => { err += t; }, readStdin: () => many, stderrIsTty: false });
    expect(err).toBe('');
  });

  it('writes no progress for short runs on a terminal', () => {
    let err = '';
    run(['check', '-'], { stdout: () => undefined, stderr: (t) => { err += t; }, readStdin: () => hardenedPod('a'), stderrIsTty: true });
    expect(err).toBe('');
  });
});

describe('check --crd on real CRDs (the path the bin takes)', () => {
  const fixture = (f: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'crds', f), 'utf-8');

  it('locates the findings of the cert-manager and prometheus-operator examples by line', () => {
    const crds = new CrdSet();
    collectCrds(fixture('cert-manager-v1.21.1.yaml'), crds);
    collectCrds(fixture('prometheus-operator-v0.93.0.yaml'), crds);
    const cm = checkText(fixture('cert-manager-examples.yaml'), 'cm.yaml', { pss: 'none', crds });
    expect(cm.documents).toBe(8);
    expect(cm.findings.map((f) => `${f.line} ${f.kind} ${f.name} ${f.violation.checkId} ${f.violation.field}`)).toEqual([
      '62 Certificate ca-cert-example crd/unknown-field spec.nameConstraints.permitted.emailAddress',
      '142 ClusterIssuer my-acme-server-with-existing-acme-account crd/required spec.acme.server',
      '137 ClusterIssuer my-acme-server-with-existing-acme-account crd/rules-not-checked ',
    ]);
    const po = checkText(fixture('prometheus-operator-examples.yaml'), 'po.yaml', { pss: 'none', crds });
    expect(po.documents).toBe(8);
    expect(po.findings.map((f) => `${f.kind} ${f.name} ${f.violation.checkId} ${f.violation.field}`)).toEqual(['ServiceMonitor servicemonitor-example crd/required spec.selector']);
  });
});
