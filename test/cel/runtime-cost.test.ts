/**
 * Runtime cost charged as cel-go v0.26 charges it (interpreter/runtimecost.go costCall and
 * actualSize; the Kubernetes overrides in k8s.io/apiserver pkg/cel/library/cost.go CallCost):
 * equality and ordering cost ceil(min(size) * 0.1), string concatenation ceil((m + n) * 0.1),
 * `in` on a list the list's size, contains ceil(m * 0.1) * ceil(n * 0.1), startsWith and
 * endsWith ceil(m * 0.1). Selecting a field or reading a variable costs 1.
 */
import { describe, expect, it } from 'vitest';
import { CelEnvironment } from '../../lib/cel';
import { CelProgram } from '../../lib/cel/program';
import { checkCustomResource } from '../../lib/check/crd';

const VAR = CelEnvironment.ADMISSION_VARIABLE;
function cost(expr: string, object: Record<string, unknown>): number {
  const p = CelProgram.compile(expr, VAR);
  p.evaluate({ object });
  return p.cost;
}
const list = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('runtime cost by operand size (runtimecost.go costCall)', () => {
  // each `object.x` costs 2 (the variable and the selection)
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['object.a == object.b', { a: list(100), b: list(100) }, 4 + 10],
    ['object.a == object.b', { a: list(100), b: list(3) }, 4 + 1],
    ['object.a != object.b', { a: 'x'.repeat(1000), b: 'y'.repeat(1000) }, 4 + 100],
    ['object.a == object.b', { a: { k1: 1, k2: 2 }, b: {} }, 4 + 0],
    ['object.a == object.b', { a: 1, b: 2 }, 4 + 1],
    ['object.a < object.b', { a: 'a'.repeat(55), b: 'b'.repeat(99) }, 4 + 6],
    ['object.a + object.b == \'\'', { a: 'x'.repeat(40), b: 'y'.repeat(60) }, 4 + 10 + 0],
    ['(object.a + object.b).size() > 0', { a: list(40), b: list(60) }, 4 + 1 + 1 + 1],
    ['3 in object.a', { a: list(500) }, 2 + 500],
    ['object.a.contains(object.b)', { a: 'x'.repeat(200), b: 'x'.repeat(30) }, 4 + 20 * 3],
    ['object.a.startsWith(\'x\')', { a: 'x'.repeat(200) }, 2 + 20],
    ['object.a.endsWith(\'x\')', { a: 'ж'.repeat(200) }, 2 + 20],
  ];
  for (const [expr, obj, want] of cases) {
    it(`${expr} costs ${want}`, () => {
      expect(cost(expr, obj)).toBe(want);
    });
  }
});

describe('the per-call limit stops quadratic work (issue #27)', () => {
  it('fails when a CRD rule compares a 60k-item list with itself for every item, within a second', () => {
    const crd = {
      crd: 'things.example.com',
      namespaced: true,
      schema: {
        type: 'object',
        properties: {
          spec: {
            'type': 'object',
            'x-kubernetes-validations': [{ rule: 'self.items.all(i, self.items == self.items)' }],
            'properties': { items: { type: 'array', items: { type: 'integer' } } },
          },
        },
      },
    };
    const t0 = Date.now();
    const out = checkCustomResource({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'x', namespace: 'd' }, spec: { items: list(60_000) } }, crd);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(out.map((v) => v.problem).join('\n')).toContain('operation cancelled: actual cost limit exceeded');
  });

  it('fails when an expression compares long strings in a loop, at the limit', () => {
    const p = CelProgram.compile('object.l.all(i, object.s == object.s)', VAR, { costLimit: 10_000 });
    expect(() => p.evaluate({ object: { l: list(1000), s: 'x'.repeat(10_000) } })).toThrow('operation cancelled: actual cost limit exceeded');
  });
});

describe('list concatenation (cel-go v0.26: AddList costs 1, the lists are joined lazily)', () => {
  it('stops a list doubled over and over at a documented size instead of exhausting memory', () => {
    let expr = 'object.l';
    for (let i = 0; i < 12; i++) expr = `[${expr}].map(x, x + x)[0]`;
    const p = CelProgram.compile(`size(${expr})`, VAR);
    const t0 = Date.now();
    expect(() => p.evaluate({ object: { l: Array.from({ length: 500 }, (_, i) => i) } })).toThrow(/list concatenation would hold \d+ elements, more than the 1000000/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('charges list + as 1, whatever the sizes', () => {
    expect(cost('(object.a + object.b).size() > 0', { a: list(4000), b: list(6000) })).toBe(4 + 1 + 1 + 1);
  });
});
