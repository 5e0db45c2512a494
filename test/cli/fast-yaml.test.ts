/**
 * The fast manifest reader must agree with the `yaml` package on everything it accepts
 * (values and key lines), give up on everything else, and accept what generators write.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, LineCounter, parse, parseDocument, stringify } from 'yaml';
import { fastParseDocument, resolvePlain, splitDocuments, Unsupported } from '../../lib/cli/fast-yaml';

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

/** Every key/item line the `yaml` package reports, as path → line. */
function yamlLines(text: string): Map<string, number> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const out = new Map<string, number>();
  const walk = (node: unknown, path: string) => {
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const k = String(p.key.value);
        out.set(`${path}/${k}`, lc.linePos(p.key.range![0]).line);
        walk(p.value, `${path}/${k}`);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item: any, i) => {
        out.set(`${path}/${i}`, lc.linePos(item.range[0]).line);
        walk(item, `${path}/${i}`);
      });
    }
  };
  walk(doc.contents, '');
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
  it('reads what yaml.stringify writes (any options) exactly as the yaml package does, or gives up', () => {
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

  it('reads hand-written manifests with comments, flow collections and literal blocks like the yaml package', () => {
    const text = `# leading
apiVersion: v1   # trailing comment
kind: ConfigMap
metadata:
  name: "cfg"
  labels: {app: web, "tier": 'front', n: 1}
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

  it('gives up on anchors, tags, folded and multi-line scalars, complex keys and duplicate keys', () => {
    for (const text of [
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: >\n  folded\n',
      'a: plain\n  continued\n',
      'a: "open\n  close"\n',
      '? complex\n: key\n',
      'a: 1\na: 2\n',
      'a: b: c\n',
      'a:\n\t- tab\n',
      '{"json": true,\n "multi": "line"}\n',
      'a: |+\n  keep\n\n',
      'a: |2\n   explicit\n',
    ]) {
      expect(fastValue(text), text).toBe('unsupported');
    }
  });

  it('resolves plain scalars with the YAML 1.2 core schema', () => {
    expect(['true', 'False', 'yes', 'null', '~', '', '12', '-3', '0o17', '0x1F', '1e3', '1.5', '.inf', '-.INF', '08', '1_000'].map(resolvePlain))
      .toEqual([true, false, 'yes', null, null, null, 12, -3, 15, 31, 1000, 1.5, Infinity, -Infinity, 8, '1_000']);
    expect(resolvePlain('.nan')).toBeNaN();
  });

  it('splits documents at --- lines and refuses directives and markers with content', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3')!.map((d) => [d.firstLine, d.lines])).toEqual([[1, ['a: 1']], [3, ['b: 2']], [5, ['c: 3']]]);
    expect(splitDocuments('%YAML 1.2\n---\na: 1\n')).toBeUndefined();
    expect(splitDocuments('--- |\n  text\n')).toBeUndefined();
    expect(splitDocuments('a: 1\n...\n')).toBeUndefined();
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
