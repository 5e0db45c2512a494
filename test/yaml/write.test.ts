/**
 * lib/yaml/write: any JSON value written and read back (as kubectl reads it) is the same
 * value; admit's output and inputs go through lib/yaml.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAdmit } from '../../lib/cli/admit';
import { readYaml } from '../../lib/yaml/read';
import { isPlainSafe, writeYaml } from '../../lib/yaml/write';

const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('y', 'no', 'On', '1', '0x1F', '<<', '~', 'null', '')), tie('node'), { maxKeys: 5 }),
})).node;

describe('writeYaml', () => {
  it('writes any JSON value so that the kubectl reader gives it back', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), json, { minKeys: 1, maxKeys: 5 }), (v) => {
      const [d] = [...readYaml(writeYaml(v))];
      expect(d.error).toBeUndefined();
      expect(d.value).toEqual(JSON.parse(JSON.stringify(v)));
    }), { numRuns: 1000 });
  });

  it('is deterministic and keeps key order', () => {
    const v = { z: 1, a: { y: 'x', b: [1, 'two'] } };
    expect(writeYaml(v)).toBe(writeYaml(JSON.parse(JSON.stringify(v))));
    expect(writeYaml(v)).toBe('z: 1\na:\n  "y": x\n  b:\n    - 1\n    - two\n');
  });

  it('never writes a YAML 1.1 bool or null word, in any case, unquoted', () => {
    for (const w of ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']) {
      for (const v of [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1), [...w].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('')]) expect(isPlainSafe(v), v).toBe(false);
    }
  });
});

describe('admit reads as kubectl reads and writes what kubectl reads back', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => { out.stdout += t; }, stderr: (t: string) => { out.stderr += t; } } };
  };
  const policies = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haru-admit-')), 'none.yaml');
  fs.writeFileSync(policies, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-policy\n');

  it('fails with exit 2 and the line, not a stack trace, on a cyclic alias or an alias bomb', () => {
    for (const text of ['a: &a [*a]\n', `a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]`).join('\n')}\n`]) {
      const { out, io: o } = io();
      expect(runAdmit(['--policies', policies, '--format', 'json', '-'], { ...o, readStdin: () => text })).toBe(2);
      expect(out.stderr).toMatch(/^cdk8s-haru admit: -:\d+: document 1 cannot be read: .*(contains itself|excessive aliasing)/);
    }
  });

  it('quotes YAML 1.1 words in its output and applies merge keys of its input', () => {
    const { out, io: o } = io();
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: {managed: "yes", "on": "off"}\ndata:\n  <<: {a: "y"}\n';
    expect(runAdmit(['--policies', policies, '-'], { ...o, readStdin: () => text })).toBe(0);
    expect(out.stdout).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    managed: "yes"\n    "on": "off"\ndata:\n  a: "y"\n');
  });
});
