/**
 * Evaluation conformance: the official CEL conformance suite (google/cel-spec
 * tests/simple/testdata, restricted to what a Kubernetes environment has) and the
 * Kubernetes CEL library tests (k8s.io/apiserver pkg/cel/library/*_test.go), transcribed as
 * data under test/cel/conformance. Every disagreement must be listed, with its reason, in
 * eval-known-differences.json.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, Outcome, runCase } from './eval-conformance';

const known: Record<string, string> = JSON.parse(readFileSync(join(__dirname, 'conformance', 'eval-known-differences.json'), 'utf8')).differences;

function measure(file: string): { outcomes: Outcome[]; rate: number } {
  const { cases } = loadCorpus(file);
  const outcomes = cases.filter((c) => !c.skip).map((c) => runCase(c));
  const agree = outcomes.filter((o) => o.agree).length;
  return { outcomes, rate: agree / outcomes.length };
}

function id(o: Outcome): string {
  return `${o.c.file}/${o.c.section}/${o.c.name}`;
}

describe('CEL evaluation conformance', () => {
  for (const [file, minRate] of [['eval-cel-spec.json', 0.98], ['eval-kubernetes.json', 0.98]] as const) {
    it(`${file}: evaluation agrees on at least ${minRate * 100}% of the evaluable cases`, () => {
      const { outcomes, rate } = measure(file);
      expect(outcomes.length).toBeGreaterThan(300);
      const disagreements = outcomes.filter((o) => !o.agree).map((o) => `${id(o)}: ${o.c.expr} => ${o.got}`);
      const unexplained = outcomes.filter((o) => !o.agree && !known[id(o)]).map((o) => `${id(o)}: ${o.c.expr} => ${o.got}; want ${JSON.stringify(o.c.expect)}`);
      expect(unexplained).toEqual([]);
      const fixed = outcomes.filter((o) => o.agree && known[id(o)]).map(id);
      expect(fixed).toEqual([]);
      expect(rate).toBeGreaterThanOrEqual(minRate);
      // the measured figures, for bench/README.md
      console.log(`${file}: ${outcomes.length - disagreements.length}/${outcomes.length} agree (${(rate * 100).toFixed(2)}%)`);
    });
  }

  it('every listed difference has a reason and names a case of the corpus', () => {
    const all = new Set(['eval-cel-spec.json', 'eval-kubernetes.json'].flatMap((f) => loadCorpus(f).cases.map((c) => `${c.file}/${c.section}/${c.name}`)));
    for (const [k, why] of Object.entries(known)) {
      expect(all.has(k), k).toBe(true);
      expect(why.length).toBeGreaterThan(20);
    }
  });
});
