/**
 * kubectl parity of lib/yaml: the reader gives the JSON the real kubectl v1.32 makes of
 * every corpus case (test/yaml/corpus.ts; expected values recorded from kubectl in
 * fixtures/kubectl-corpus.json), and every tricky string the writer writes comes back from
 * kubectl as the same string. Where kubectl is installed the recorded values are compared
 * with a live run too; where it is not, those tests say so and are skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalValue, caseDocument, corpus, TRICKY_STRINGS } from './corpus';
import { hasKubectl, kubectlDecode } from './kubectl';
import { checkText } from '../../lib/cli/core';
import { readYaml } from '../../lib/yaml/read';
import { writeYaml, writeYamlDocuments } from '../../lib/yaml/write';

const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'kubectl-corpus.json'), 'utf-8')) as {
  kubectl: string;
  cases: Record<string, { ok: true; spec: string } | { ok: false; error: string }>;
};

/**
 * Known differences, each with its reason. The `yaml` package's parser (under the full
 * reader) requires a quoted scalar's continuation lines to be indented more than the
 * mapping holding it; libyaml (go-yaml) does not.
 */
const KNOWN_DIFFERENCES = new Set(['crlf']);

const KUBECTL = hasKubectl();
if (!KUBECTL) console.log('kubectl is not installed here: comparing with the recorded kubectl results only');

/** The JSON texts of a stream of concatenated JSON objects (kubectl prints one per document). */
function jsonStream(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{' || ch === '[') {
      if (depth++ === 0) start = i;
    } else if (ch === '}' || ch === ']') {
      if (--depth === 0) out.push(text.slice(start, i + 1));
    }
  }
  return out;
}

function ours(c: ReturnType<typeof corpus>[number], i: number): { ok: true; spec: string } | { ok: false; error: string } {
  const docs = [...readYaml(caseDocument(c, i), { bigint: true })].filter((d) => !d.empty);
  const d = docs[0];
  if (d.error) return { ok: false, error: `${d.error.checkId}: ${d.error.message}` };
  return { ok: true, spec: canonicalValue((d.value as any).spec ?? null) };
}

describe('reading as kubectl reads', () => {
  const cases = corpus();

  it('has a recorded kubectl result for every corpus case (at least 250 cases)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
    expect(Object.keys(FIXTURE.cases).sort()).toEqual(cases.map((c) => c.name).sort());
  });

  it('gives what kubectl gives on every corpus case but the known differences', () => {
    const differ: string[] = [];
    cases.forEach((c, i) => {
      const want = FIXTURE.cases[c.name];
      const got = ours(c, i);
      const same = want.ok ? got.ok && got.spec === want.spec : !got.ok;
      if (!same && !KNOWN_DIFFERENCES.has(c.name)) differ.push(`${c.name}: kubectl ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
      if (same && KNOWN_DIFFERENCES.has(c.name)) differ.push(`${c.name}: listed as a known difference but agrees now`);
    });
    expect(differ).toEqual([]);
  });

  it.skipIf(!KUBECTL)('matches the recorded results with the kubectl installed here', () => {
    // One run for the documents kubectl reads (a List comes back), one per refused case.
    const okCases = cases.map((c, i) => ({ c, i })).filter(({ c }) => FIXTURE.cases[c.name].ok);
    const r = kubectlDecode(okCases.map(({ c, i }) => caseDocument(c, i)).join('\n---\n'));
    expect(r.ok).toBe(true);
    const items = jsonStream(r.output).map((o) => JSON.parse(canonicalJson(o)));
    expect(items.length).toBe(okCases.length);
    okCases.forEach(({ c }, k) => expect(JSON.stringify(items[k].spec ?? null), c.name).toBe((FIXTURE.cases[c.name] as any).spec));
    for (const [i, c] of cases.entries()) {
      if (FIXTURE.cases[c.name].ok) continue;
      expect(kubectlDecode(caseDocument(c, i)).ok, c.name).toBe(false);
    }
  }, 300_000);

  it('reads `labels: {managed: yes}` as a boolean, so check refuses it as kubectl does', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  labels: {managed: yes}\ndata:\n  debug: "on"\n';
    const [doc] = [...readYaml(text)];
    expect((doc.value as any).metadata.labels.managed).toBe(true);
    const r = checkText(text, 'cfg.yaml', { pss: 'none' });
    expect(r.findings.map((f) => [f.checkId, f.field, f.line])).toContainEqual(['schema/type', 'metadata.labels.managed', 5]);
    if (KUBECTL) expect(kubectlDecode(text).output).toMatch(/cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string/);
  }, 60_000);

  it('reads `data: {debug: on}` as a boolean in a ConfigMap, which the API server refuses (data is map[string]string)', () => {
    // `kubectl label --local` only decodes metadata strictly; the server decodes the whole object.
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata: {debug: on}\n';
    const r = checkText(text, 'cfg.yaml', { pss: 'none' });
    expect(r.findings.map((f) => [f.checkId, f.field])).toContainEqual(['schema/type', 'data.debug']);
  });
});

describe('writing what kubectl reads back unchanged', () => {
  const object = (strings: readonly string[]) => ({
    apiVersion: 'example.com/v1',
    kind: 'Thing',
    metadata: { name: 'w' },
    spec: { values: strings, keys: Object.fromEntries(strings.filter((s) => s !== '__proto__').map((s, i) => [s, i])) },
  });

  it('reads every tricky string back as the same string with the reader', () => {
    const obj = object(TRICKY_STRINGS);
    const [doc] = [...readYaml(writeYaml(obj))];
    expect(doc.error).toBeUndefined();
    expect(doc.value).toEqual(obj);
  });

  it.skipIf(!KUBECTL)('gives back every tricky string, as a value and as a key, through the real kubectl', () => {
    const obj = object(TRICKY_STRINGS);
    const r = kubectlDecode(writeYaml(obj));
    expect(r.ok, r.output).toBe(true);
    const back = JSON.parse(r.output);
    expect(back.spec).toEqual(obj.spec);
  }, 60_000);

  it('quotes YAML 1.1 words and number-like strings, and keeps plain what needs no quotes', () => {
    expect(writeYaml({ 'a': 'y', 'b': 'Off', 'c': '1_000', 'd': '1:20', 'e': '<<', 'f': 'nginx:1.25', 'g': 'web', 'h': 2, 'i': true, 'j': null, '<<': 'k', 'y': 'n' })).toBe(
      'a: "y"\nb: "Off"\nc: "1_000"\nd: "1:20"\ne: "<<"\nf: nginx:1.25\ng: web\nh: 2\ni: true\nj: null\n"<<": k\n"y": "n"\n',
    );
  });

  it('writes nested collections, empty ones and multi-line strings deterministically', () => {
    const text = writeYaml({ l: [[1, 2], { a: 1, b: [] }, {}], s: 'one\ntwo\n', t: 'x\ny' });
    expect(text).toBe('l:\n  - - 1\n    - 2\n  - a: 1\n    b: []\n  - {}\ns: |\n  one\n  two\nt: |-\n  x\n  y\n');
    expect(writeYamlDocuments([{ a: 1 }, { b: 2 }])).toBe('a: 1\n---\nb: 2\n');
  });

  it('writes integers beyond 2^53 given as bigint exactly', () => {
    const text = writeYaml({ big: 9007199254740993n });
    expect(text).toBe('big: 9007199254740993\n');
    expect(([...readYaml(text, { bigint: true })][0].value as any).big).toBe(9007199254740993n);
  });

  it('fails when a value contains itself', () => {
    const o: any = { a: 1 };
    o.self = o;
    expect(() => writeYaml(o)).toThrow(/contains itself/);
  });
});
