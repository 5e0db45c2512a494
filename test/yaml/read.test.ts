/**
 * lib/yaml/read: what kubectl's reader does beyond single scalars (document cutting,
 * merge keys, aliases and their limits, keys, big integers), line positions, and bounded
 * work on hostile input. Upstream: sigs.k8s.io/yaml@v1.4.0 goyaml.v2/decode.go, resolve.go,
 * yaml.go; k8s.io/apimachinery/pkg/util/yaml decoder.go `YAMLReader.Read`.
 */
import { describe, expect, it } from 'vitest';
import { checkText } from '../../lib/cli/core';
import { run } from '../../lib/cli/main';
import { MAX_DEPTH, readYaml, readYamlValues, YamlReadError } from '../../lib/yaml/read';
import { formatFloat32, isGoTimestamp, resolve } from '../../lib/yaml/resolve';

const docs = (text: string) => [...readYaml(text)].filter((d) => !d.empty);
const POD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real\ndata:\n  a: b\n';

describe('readYaml', () => {
  it('applies merge keys in order, as go-yaml v2 does (a later merge overrides an earlier key)', () => {
    const [d] = docs('base: &b {a: 1, b: 1}\nover: &o {b: 2, c: 2}\nm1: {a: 0, <<: *b}\nm2: {<<: *b, a: 0}\nm3: {<<: [*o, *b]}\n');
    expect(d.value).toEqual({ base: { a: 1, b: 1 }, over: { b: 2, c: 2 }, m1: { a: 1, b: 1 }, m2: { a: 0, b: 1 }, m3: { a: 1, b: 2, c: 2 } });
  });

  it('shows the privileged container kubectl creates from a merge key', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        <<: {privileged: true}\n';
    const r = checkText(text, 'pod.yaml', { pss: 'baseline' });
    expect(r.findings.map((f) => f.checkId)).toContain('pss/privileged');
    expect(r.findings.map((f) => f.checkId)).not.toContain('schema/unknown-field');
  });

  it('fails when a merge key is given something other than maps', () => {
    expect(docs('m: {<<: 1}\n')[0].error).toMatchObject({ checkId: 'yaml/parse', message: 'map merge requires map or sequence of maps as the value' });
  });

  it('turns non-string keys into JSON keys as sigs.k8s.io/yaml does, and refuses null and uint64 keys', () => {
    expect(docs('y: 1\n3: 2\n0x1F: 3\n1.5: 4\n1e7: 5\n.inf: 6\n')[0].value).toEqual({ 'true': 1, '3': 2, '31': 3, '1.5': 4, '1e+07': 5, '.inf': 6 });
    expect(docs('~: 1\n')[0].error?.message).toMatch(/unsupported map key null/);
    expect(docs('18446744073709551615: 1\n')[0].error?.message).toMatch(/unsupported map key/);
    expect(docs('? [a]\n: 1\n')[0].error?.message).toMatch(/invalid map key/);
  });

  it('keeps integers beyond 2^53 exact as bigint when asked, and lists them otherwise', () => {
    const text = 'a: 9007199254740993\nb: 18446744073709551615\n';
    expect([...readYaml(text, { bigint: true })][0].value).toEqual({ a: 9007199254740993n, b: 18446744073709551615 });
    const [d] = docs(text);
    expect(d.value).toEqual({ a: 9007199254740992, b: 18446744073709551615 });
    expect(d.inexactIntegers).toEqual([{ line: 1, text: '9007199254740993' }]);
  });

  it('reads !!binary and !!timestamp values as the strings kubectl makes of them', () => {
    expect(docs('a: !!binary aGVsbG8=\nb: !!timestamp 2001-12-14\nc: 2001-12-14T21:59:43Z\n')[0].value).toEqual({ a: 'hello', b: '2001-12-14', c: '2001-12-14T21:59:43Z' });
  });

  it('refuses .inf and .nan values, which JSON cannot hold (kubectl fails the same way)', () => {
    expect(docs('a: .inf\n')[0].error?.message).toMatch(/unsupported value: \+Inf/);
    expect(docs('a: .nan\n')[0].error?.message).toMatch(/unsupported value: NaN/);
  });

  it('cuts documents at --- lines as kubectl does, ignores what follows ... and refuses content after ---', () => {
    const ds = docs(`${POD}---\n${POD}...\nfoo: [\n--- |\n  x\n`);
    expect(ds.map((d) => d.error?.message ?? 'ok')).toEqual(['ok', 'ok', 'invalid document separator: | (kubectl allows only a comment after ---)']);
    expect(ds[2].error?.line).toBe(16);
  });

  it('skips a byte order mark and reads CRLF line ends', () => {
    expect(docs('\ufeffa: yes\r\nb: 1\r\n')[0].value).toEqual({ a: true, b: 1 });
  });

  it('names the line of every key and list item, on both readers', () => {
    for (const text of ['a:\n  b:\n    - x\n    - y: 1\n', 'a:\n  b:\n    - x\n    - y: &k 1\nz: *k\n']) {
      const [d] = docs(text);
      expect(d.lineAt(['a', 'b', 1, 'y'])).toBe(4);
      expect(d.lineAt(['a', 'b', 0])).toBe(3);
      expect(d.lineAt(['a', 'missing'])).toBe(1);
    }
  });

  it('warns about keys given twice, also when they are two spellings of one key', () => {
    const [d] = docs('a: 1\na: 2\ny: 1\ntrue: 2\n');
    expect(d.value).toEqual({ a: 2, true: 2 });
    expect(d.duplicateKeys).toEqual([{ line: 2, key: 'a' }, { line: 4, key: 'true' }]);
  });

  it('reads 84k keys in one mapping in linear time (no pairwise duplicate check)', () => {
    const text = `data:\n${Array.from({ length: 84_000 }, (_, i) => `  k${i}: v`).join('\n')}\n  k5: again\n`;
    const t0 = Date.now();
    const [d] = docs(text);
    expect(Object.keys((d.value as any).data)).toHaveLength(84_000);
    expect(d.duplicateKeys).toEqual([{ line: 84_002, key: 'k5' }]);
    // Generous: the machine may be shared; the pairwise check this replaces took minutes.
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 90_000);

  it.each([
    ['[ x 10,000', `v: ${'['.repeat(10_000)}\n`],
    ['closed [ x 10,000', `v: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`],
    ['5k-deep block nesting', `${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`],
    ['5k-deep block sequences', `${Array.from({ length: 5000 }, (_, i) => `${' '.repeat(2 * i)}-`).join('\n')} 1\n`],
  ])('fails on %s for that document only, and checks the next one', (_name, deep) => {
    const r = checkText(`${deep}---\n${POD}`, 'deep.yaml', { pss: 'none' });
    expect(r.documents).toBe(2);
    expect(r.findings.map((f) => [f.document, f.checkId])).toEqual([[1, 'yaml/too-deep']]);
    expect(r.findings[0].message).toContain(`more than ${MAX_DEPTH} levels`);
  }, 60_000);

  it('reads nesting up to the limit', () => {
    const n = MAX_DEPTH - 1;
    const [d] = docs(`v: ${'['.repeat(n)}1${']'.repeat(n)}\n`);
    expect(d.error).toBeUndefined();
  });

  it('fails on an alias bomb and on a cyclic alias with yaml/aliases, quickly', () => {
    const bomb = `a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n${Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`;
    const t0 = Date.now();
    expect(docs(bomb)[0].error).toMatchObject({ checkId: 'yaml/aliases' });
    expect(docs('a: &a [*a]\n')[0].error).toMatchObject({ checkId: 'yaml/aliases', message: "anchor 'a' value contains itself" });
    expect(Date.now() - t0).toBeLessThan(5_000);
  });

  it('readYamlValues throws a YamlReadError naming the document and line', () => {
    expect(() => readYamlValues(`${POD}---\na: [\n`)).toThrow(YamlReadError);
    expect(() => readYamlValues(`${POD}---\na: [\n`)).toThrow(/^document 2 \(line \d+\) is not valid YAML/);
  });
});

describe('resolve (goyaml.v2/resolve.go)', () => {
  it('resolves the YAML 1.1 forms go-yaml knows and leaves the rest strings', () => {
    const v = (s: string) => resolve('', s).value;
    expect(['yes', 'Off', 'yEs', '~', '0o17', '017', '0b101', '-0b101', '1_000', '0x_1F', '1:20', '1e3', '.5', '1e400'].map(v))
      .toEqual([true, false, 'yEs', null, 15, 15, 5, -5, 1000, 31, '1:20', 1000, 0.5, '1e400']);
  });

  it('refuses a tag the value does not fit, with go-yaml\'s message', () => {
    expect(() => resolve('tag:yaml.org,2002:int', 'foo')).toThrow('cannot decode !!str `foo` as a !!int');
    expect(resolve('tag:yaml.org,2002:float', '1')).toEqual({ tag: 'tag:yaml.org,2002:float', value: 1 });
  });

  it('knows the timestamp forms of allowedTimestampFormats with their ranges', () => {
    expect(['2001-12-14', '2001-1-2', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10'].every(isGoTimestamp)).toBe(true);
    expect(['2001-13-14', '2001-02-29', '20011214', '2001-12-14 21:59:43.10 -5'].some(isGoTimestamp)).toBe(false);
  });

  it('formats float keys as strconv.FormatFloat(k, \'g\', -1, 32)', () => {
    expect([1.5, 1000, 1e7, 0.1, 123456789, 0.00001, 3.14159265358979].map(formatFloat32)).toEqual(['1.5', '1000', '1e+07', '0.1', '1.2345679e+08', '1e-05', '3.1415927']);
  });
});

describe('check - with empty standard input', () => {
  it('fails as a usage error (exit 2), like an empty directory', () => {
    let err = '';
    const io = { stdout: () => undefined, stderr: (t: string) => { err += t; }, readStdin: () => '', stderrIsTty: false };
    expect(run(['check', '-'], io)).toBe(2);
    expect(err).toMatch(/standard input \('-'\) is empty/);
    err = '';
    expect(run(['check', '-'], { ...io, readStdin: () => '\n  \n' })).toBe(2);
  });
});
