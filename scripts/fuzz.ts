/**
 * The long robustness run: FUZZ_RUNS cases (default 10,000) per construct of the property in
 * test/robustness/harness.ts, with the counts printed per construct. FUZZ_SEED replays a
 * run; FUZZ_ONLY=<name> runs one construct (HardenedPod, MutatingPolicy, GpuTimeSliceClaim,
 * ApfFlowSchema, AuthzConfig). Exit status 1 on the first counter-example.
 *
 *     npx tsx scripts/fuzz.ts
 */
import { ADMISSION } from '../test/robustness/arbitraries/admission';
import { AUTHZ } from '../test/robustness/arbitraries/authz';
import { DRA } from '../test/robustness/arbitraries/dra';
import { FLOWCONTROL } from '../test/robustness/arbitraries/flowcontrol';
import { POD } from '../test/robustness/arbitraries/pod';
import { VALIDATING } from '../test/robustness/arbitraries/validating';
import { fuzz, Subject, summary } from '../test/robustness/harness';

const SUBJECTS: Array<Subject<any>> = [POD, ADMISSION, VALIDATING, DRA, FLOWCONTROL, AUTHZ];

async function main(): Promise<number> {
  const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const only = process.env.FUZZ_ONLY;
  const started = Date.now();
  let failed = false;
  for (const s of SUBJECTS) {
    if (only && s.name !== only) continue;
    const t = Date.now();
    try {
      const counts = await fuzz(s, runs, seed);
      console.log(`${summary(s.name, counts)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (e) {
      failed = true;
      console.error((e as Error).message);
    }
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

main().then((code) => {
  process.exitCode = code;
}, (e) => {
  console.error(e);
  process.exitCode = 1;
});
