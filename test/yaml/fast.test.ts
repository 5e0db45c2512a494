/**
 * The fast manifest reader must agree with the full reader (the go-yaml v2 port over the
 * `yaml` package's parser) on everything it accepts (values and key lines), give up on
 * everything else, and accept what generators write.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { fastParseDocument, resolvePlain, splitDocuments, Unsupported } from '../../lib/yaml/fast';
import { readYamlFull } from '../../lib/yaml/read';

function fast(text: string) {
  return fastParseDocument(text.split(/\r?\n/), 1);
}

/** The value the fast reader gives, or 'unsupported'. */
function fastValue(text: string): unknown {
  try {
    return fast(text).value;
  } catch (e) {
    if (e instanceof Unsupported) return 'unsupported';
    throw e;
  }
}

/** The value the full reader gives. */
function parse(text: string): unknown {
  const [d] = readYamlFull(text);
  expect(d.error).toBeUndefined();
  return d.value;
}

/** Every key/item line the full reader reports, as path → line. */
function yamlLines(text: string): Map<string, number> {
  const [d] = readYamlFull(text);
  const out = new Map<string, number>();
  const walk = (node: any, path: Array<string | number>) => {
    if (node === null || typeof node !== 'object') return;
    for (const k of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      const p = [...path, k];
      out.set(`/${p.join('/')}`, d.lineAt(p) as number);
      walk(node[k], p);
    }
  };
  walk(d.value, []);
  return out;
}

function fastLines(text: string): Map<string, number> {
  const d = fast(text);
  const out = new Map<string, number>();
  const walk = (node: any, path: string) => {
    if (node === null || typeof node !== 'object') return;
    for (const k of Array.isArray(node) ? node.keys() : Object.keys(node)) {
      out.set(`${path}/${k}`, d.lineOf(node, k) as number);
      walk(node[k], `${path}/${k}`);
    }
  };
  walk(d.value, '');
  return out;
}

const key = fc.oneof(
  fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'app.kubernetes.io/name', 'example.com/x', 'a b', 'x:y', 'k#v', '-dash', 'true', '1', 'null', "it's", 'q"q', ''),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const scalar = fc.oneof(
  fc.constantFrom('', 'true', 'False', 'null', '~', '1', '-1', '0o17', '0x1F', '1e3', '.5', '.inf', '-.Inf', '.nan', '1.', 'yes', 'on', '08', '+12', 'a: b', 'a #b', '#x', '- x', '? x', '* x', '& x', '!x', '|', '>', '%x', '@x', '`x', "'q'", '"q"', '[x]', '{x}', 'x,y', 'line\nbreak', 'tab\there', ' lead', 'trail ', 'é ü', '\\', 'registry.example/app:1.0.0', 'Object{spec: Object.spec{x: 1}}'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;
const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });

describe('fast reader', () => {
  it('reads what yaml.stringify writes (any options) exactly as the full reader does, or gives up', () => {
    const options = fc.constantFrom<object>({}, { lineWidth: 0 }, { lineWidth: 20 }, { collectionStyle: 'flow' }, { indentSeq: false }, { defaultStringType: 'QUOTE_DOUBLE' }, { defaultStringType: 'QUOTE_SINGLE' }, { blockQuote: 'literal' }, { indent: 4 });
    let read = 0;
    fc.assert(fc.property(doc, options, (d, opt) => {
      const text = stringify(d, opt as any);
      const got = fastValue(text);
      if (got === 'unsupported') return;
      read++;
      expect(got).toEqual(parse(text));
      expect(fastLines(text)).toEqual(yamlLines(text));
    }), { numRuns: 1500 });
    // The comparison means something only if the reader takes a good share of the inputs.
    expect(read).toBeGreaterThan(300);
  });

  it('reads hand-written manifests with comments, flow collections and literal blocks like the full reader', () => {
    const text = `# leading
apiVersion: v1   # trailing comment
kind: ConfigMap
metadata:
  name: "cfg"
  labels: {app: web, "tier": 'front', num: 1}
  annotations:
    note: 'it''s # not a comment'
data:
  script: |
    #!/bin/sh
    echo "hi"   # kept

      indented
  trimmed: |-
    one
    two
  list: [a, "b c", 3, true, ~]
  empty: []
  nothing:
  seq:
  - x
  -   y
  - k: v
    k2: [1]
  -
    nested: yes
`;
    expect(fastValue(text)).toEqual(parse(text));
    expect(fastLines(text)).toEqual(yamlLines(text));
  });

  it('gives up on anchors, tags, folded and multi-line scalars, complex keys, merge keys and deep nesting', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: >\n  folded\n',
      'a: plain\n  continued\n',
      'a: "open\n  close"\n',
      '? complex\n: key\n',
      'a: b: c\n',
      'a:\n\t- tab\n',
      'a: .inf\n',
      '<<: {a: 1}\n',
      'y: 1\n',
      'a: 9007199254740993\n',
      `a: ${'['.repeat(100)}${']'.repeat(100)}\n`,
      '{"json": true,\n "multi": "line"}\n',
      'a: |+\n  keep\n\n',
      'a: |2\n   explicit\n',
    ]) {
      expect(fastValue(text), text).toBe('unsupported');
    }
  });

  it('resolves plain scalars as go-yaml v2 does (YAML 1.1) and leaves .inf, .nan and merge keys to the full reader', () => {
    expect(['true', 'False', 'yes', 'Y', 'off', 'null', '~', '', '12', '-3', '0o17', '0x1F', '1e3', '1.5', '08', '010', '1_000', '1:20', '2001-12-14', 'yES'].map(resolvePlain))
      .toEqual([true, false, true, true, false, null, null, null, 12, -3, 15, 31, 1000, 1.5, 8, 8, 1000, '1:20', '2001-12-14', 'yES']);
    for (const s of ['.nan', '.inf', '-.INF', '<<', '9007199254740993']) expect(() => resolvePlain(s), s).toThrow(Unsupported);
  });

  it('keeps the last of a repeated key and lists the repeat, as the full reader does', () => {
    const d = fast('a: 1\nb: {x: 1, x: 2}\na: 3\n');
    expect(d.value).toEqual({ a: 3, b: { x: 2 } });
    expect(d.duplicateKeys).toEqual([{ line: 2, key: 'x' }, { line: 3, key: 'a' }]);
    expect(d.lineOf(d.value as object, 'a')).toBe(3);
  });

  it('splits documents at --- lines as kubectl\'s YAMLReader does, and marks a separator with content', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3').map((d) => [d.firstLine, d.lines, d.separatorError])).toEqual([[1, ['a: 1'], undefined], [3, ['b: 2'], undefined], [5, ['c: 3'], undefined]]);
    expect(splitDocuments('%YAML 1.2\n---\na: 1\n').map((d) => d.lines)).toEqual([['%YAML 1.2'], ['a: 1', '']]);
    expect(splitDocuments('--- |\n  text\n')[1].separatorError).toMatch(/invalid document separator: \|/);
    expect(splitDocuments('----\na: 1\n')[1].separatorError).toMatch(/invalid document separator: -/);
    expect(() => fast('a: 1\n...\n')).toThrow(Unsupported);
    expect(() => fast('%YAML 1.1\n')).toThrow(Unsupported);
  });

  it('reads a manifest as cdk8s writes it without giving up', () => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'haru.cdk8s.io/opt-out.capabilities': 'needs NET_ADMIN: vpn' } },
      spec: {
        replicas: 2,
        template: {
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27', args: ['--port=8080', '-v'], env: [{ name: 'A', value: '1' }, { name: 'B', value: 'true' }], resources: { limits: { cpu: '500m' } } }],
            volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
          },
        },
      },
    };
    const text = stringify(manifest, { lineWidth: 0 });
    expect(fastValue(text)).toEqual(manifest);
  });
});
