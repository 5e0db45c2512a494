/**
 * The vitest side of the robustness property: runs a subject's mixed generator, prints the
 * counts, and checks that the nasty generator both synthesised and was refused (so the
 * property is not vacuous). ROBUST_RUNS lowers the case count for local iteration only; in
 * CI (CI set) it never goes below 1,000.
 */
import { expect, it } from 'vitest';
import { fuzz, Subject, summary } from './harness';

const requested = Number(process.env.ROBUST_RUNS ?? 1000);
/** Cases per construct. */
export const RUNS = process.env.CI ? Math.max(1000, requested) : requested;

export function robustnessProperty<R>(subject: Subject<R>): void {
  it(`${subject.name}: every generated input synthesises valid objects or is refused with a HaruValidationError`, async () => {
    const started = Date.now();
    const counts = await fuzz(subject, RUNS);
    // eslint-disable-next-line no-console
    console.log(`${summary(subject.name, counts)} in ${Date.now() - started} ms`);
    expect(counts.cases).toBe(RUNS);
    expect(counts.synthesised + counts.refused + counts.refusedByValue).toBe(RUNS);
    expect(counts.validCases).toBeGreaterThan(0);
    expect(counts.nastySynthesised).toBeGreaterThan(0);
    expect(counts.nastyRefused).toBeGreaterThan(0);
  }, 600_000);
}
