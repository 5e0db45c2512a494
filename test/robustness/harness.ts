/**
 * The robustness property, shared by the vitest suite and `scripts/fuzz.ts`:
 *
 * for every generated input, either
 *   - synthesis succeeds, and every synthesised object passes kubernetes-models, the strict
 *     schema checker and the per-kind server rules (`checkObject`, errors only), pods and workloads pass
 *     Pod Security Standards restricted unless an opt-out annotation explains the gap, and
 *     the YAML text cdk8s writes parses back (with the `yaml` package) to the same objects;
 *   - or the library refuses it with a HaruValidationError whose message names the
 *     construct path (value classes such as `OptOut.because` refuse before a construct
 *     exists, so there the path is not required).
 * Anything else — a TypeError, RangeError, a plain Error, invalid YAML, a case slower than
 * the per-case limit — is a counter-example.
 *
 * No vitest import here: the fuzz script runs the same code outside the test runner.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { isHaruValidationError, formatViolation } from '../../lib/base/errors';
import { podSpecsOf } from '../../lib/check/pod-spec';
import { unexplainedPodSecurityViolations } from '../../lib/check/pss';
import { modelProblems, ruleErrors } from '../support/oracle-core';

/** The chart every case builds into; construct paths start with it. */
export const CHART_ID = 'fuzz';
/** The id every case gives the construct under test. */
export const SUBJECT_ID = 'Subject';
/** Path prefix of the construct under test (an error must name it). */
export const SUBJECT_PATH = `${CHART_ID}/${SUBJECT_ID}`;

/**
 * One generated case: `values` builds the value objects (may refuse with any
 * HaruValidationError), the thunk it returns builds the constructs (refusals must name the
 * construct path). `files` lists kube-apiserver files the constructs write (AuthzConfig,
 * AuthzPolicy) as `{ json, yaml }` to check like manifests.
 */
export interface Built {
  readonly construct: (chart: Chart) => void;
  readonly files?: (chart: Chart) => Array<{ readonly json: any; readonly yaml: string; readonly fileName: string }>;
}

/** A generated recipe plus whether it came from the always-valid generator. */
export interface Tagged<R> {
  readonly valid: boolean;
  readonly recipe: R;
}

/** Outcome counters of one construct's run. */
export interface Counts {
  cases: number;
  validCases: number;
  synthesised: number;
  refused: number;
  refusedByValue: number;
  slowest: number;
  objects: number;
  refusedAtSynth: number;
  /** Cases of the nasty generator that synthesised / were refused. */
  nastySynthesised: number;
  nastyRefused: number;
}

export function newCounts(): Counts {
  return {
    cases: 0,
    validCases: 0,
    synthesised: 0,
    refused: 0,
    refusedByValue: 0,
    slowest: 0,
    objects: 0,
    refusedAtSynth: 0,
    nastySynthesised: 0,
    nastyRefused: 0,
  };
}

let outdirRoot: string | undefined;
function outdir(): string {
  if (!outdirRoot) outdirRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'haru-fuzz-'));
  return outdirRoot;
}

/** The per-case limit (ms) above which a case counts as a hang. */
export const CASE_LIMIT_MS = Number(process.env.FUZZ_CASE_LIMIT_MS ?? 5000);

/** Plain-data deep equality that tells -0 from 0 apart only as YAML would (not at all). */
function sameData(a: any, b: any): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Runs one case and returns a list of problems (empty: the property holds). Updates `counts`.
 */
export async function runCase(build: () => Built, counts: Counts, valid: boolean): Promise<string[]> {
  counts.cases++;
  if (valid) counts.validCases++;
  const started = Date.now();
  const problems: string[] = [];
  let built: Built;
  try {
    built = build();
  } catch (e) {
    if (isHaruValidationError(e)) {
      counts.refusedByValue++;
      if (!valid) counts.nastyRefused++;
      if (valid) problems.push(`the valid generator's values were refused: ${(e as Error).message}`);
      return problems;
    }
    return [`crash while building values: ${describe(e)}`];
  }

  const app = new App({ outdir: outdir() });
  const chart = new Chart(app, CHART_ID);
  let objs: any[];
  let yamlText: string;
  try {
    built.construct(chart);
    objs = chart.toJson();
    yamlText = app.synthYaml();
  } catch (e) {
    const took = Date.now() - started;
    counts.slowest = Math.max(counts.slowest, took);
    if (isHaruValidationError(e) || isSynthValidation(e)) {
      counts.refused++;
      if (!valid) counts.nastyRefused++;
      if (!isHaruValidationError(e)) counts.refusedAtSynth++;
      const msg = (e as Error).message;
      if (!msg.includes(SUBJECT_PATH) && !msg.includes(`${CHART_ID}/`)) problems.push(`refusal does not name the construct path: ${msg}`);
      if (!/\[[a-z-]+\/[a-z0-9-]+\]/.test(msg)) problems.push(`refusal has no check id: ${msg}`);
      if (valid) problems.push(`the valid generator's input was refused: ${msg}`);
    } else {
      problems.push(`crash: ${describe(e)}`);
    }
    if (took > CASE_LIMIT_MS) problems.push(`case took ${took} ms (limit ${CASE_LIMIT_MS})`);
    return problems;
  }

  counts.synthesised++;
  if (!valid) counts.nastySynthesised++;
  counts.objects += objs.length;
  // Every object: independent models, strict schema + per-kind rules, PSS restricted unless explained.
  for (const obj of objs) {
    const name = `${obj?.kind}/${obj?.metadata?.name}`;
    for (const p of [...(await modelProblems(obj)), ...ruleErrors(obj)]) problems.push(`${name}: ${p}`);
    if (podSpecsOf(obj).length > 0) {
      for (const v of unexplainedPodSecurityViolations(obj, 'restricted')) problems.push(`${name}: PSS restricted without opt-out: [${v.checkId}] ${formatViolation(v)}`);
    }
  }
  // The YAML text parses back to the same objects.
  try {
    const docs = YAML.parseAllDocuments(yamlText);
    const errors = docs.flatMap((d) => d.errors.map((x) => x.message));
    if (errors.length) problems.push(`synthesised YAML does not parse: ${errors.join('; ')}`);
    const back = docs.map((d) => d.toJS()).filter((d) => d !== null);
    if (!sameData(back, objs)) problems.push('synthesised YAML does not round-trip to the synthesised objects');
  } catch (e) {
    problems.push(`synthesised YAML does not parse: ${describe(e)}`);
  }
  // kube-apiserver files: the JSON passes the rules, the text (as written) parses back to it.
  const files = built.files?.(chart) ?? [];
  counts.objects += files.length;
  for (const f of files) {
    for (const p of ruleErrors(f.json)) problems.push(`${f.fileName}: ${p}`);
    const doc = YAML.parseDocument(f.yaml);
    if (doc.errors.length) problems.push(`${f.fileName}: YAML does not parse: ${doc.errors.map((x) => x.message).join('; ')}`);
    else if (!sameData(doc.toJS(), f.json)) problems.push(`${f.fileName}: YAML does not round-trip to the object`);
    const written = path.join(app.outdir, f.fileName);
    if (!fs.existsSync(written) || fs.readFileSync(written, 'utf8') !== f.yaml) problems.push(`${f.fileName}: the written file differs from toYaml()`);
  }
  const took = Date.now() - started;
  counts.slowest = Math.max(counts.slowest, took);
  if (took > CASE_LIMIT_MS) problems.push(`case took ${took} ms (limit ${CASE_LIMIT_MS})`);
  return problems;
}

/**
 * A refusal by a construct's synth-time validation (`node.addValidation`): cdk8s collects
 * the messages and throws its own Error ("Validation failed with the following errors:
 * [path] [check-id] field: ..."). Accepted like a HaruValidationError when every listed
 * message carries a construct path and a check id.
 */
function isSynthValidation(e: unknown): boolean {
  if (!(e instanceof Error) || e.name !== 'Error') return false;
  const lines = e.message.split('\n');
  if (lines[0] !== 'Validation failed with the following errors:') return false;
  return lines.slice(1).every((l) => /^ {2}\[[^\]]+\] /.test(l));
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(e);
}

/** A construct generator: valid recipes, nasty recipes and the builder. */
export interface Subject<R> {
  readonly name: string;
  readonly valid: fc.Arbitrary<R>;
  readonly nasty: fc.Arbitrary<R>;
  readonly build: (recipe: R) => Built;
}

/** The mixed arbitrary of a subject: one third valid, two thirds nasty. */
export function mixed<R>(s: Subject<R>): fc.Arbitrary<Tagged<R>> {
  return fc.oneof(
    { weight: 1, arbitrary: s.valid.map((recipe) => ({ valid: true, recipe })) },
    { weight: 2, arbitrary: s.nasty.map((recipe) => ({ valid: false, recipe })) },
  );
}

/** Runs `numRuns` cases of `s` and returns the counts; throws (fast-check report) on a counter-example. */
export async function fuzz<R>(s: Subject<R>, numRuns: number, seed?: number): Promise<Counts> {
  // Warm-up (not counted, not timed): the first case pays for module loading.
  for (const recipe of fc.sample(s.valid, { numRuns: 2, seed: 1 })) await runCase(() => s.build(recipe), newCounts(), false);
  const counts = newCounts();
  let last: string[] = [];
  try {
    await fc.assert(
      fc.asyncProperty(mixed(s), async (t) => {
        const problems = await runCase(() => s.build(t.recipe), counts, t.valid);
        if (problems.length) {
          last = problems;
          throw new Error(problems.join('\n'));
        }
      }),
      { numRuns, seed, interruptAfterTimeLimit: Math.max(300_000, numRuns * 300), markInterruptAsFailure: true },
    );
  } catch (e) {
    throw new Error(`${s.name}: ${(e as Error).message}\nProblems of the shrunk counter-example:\n${last.join('\n')}`);
  }
  return counts;
}

/** One line for the logs. */
export function summary(name: string, c: Counts): string {
  return `${name}: ${c.cases} cases (${c.validCases} from the valid generator), ${c.synthesised} synthesised valid (${c.objects} objects and files), `
    + `${c.refused + c.refusedByValue} refused with HaruValidationError (${c.refusedByValue} by a value class, ${c.refusedAtSynth} by synth-time validation), slowest ${c.slowest} ms; nasty generator: ${c.nastySynthesised} synthesised, ${c.nastyRefused} refused`;
}

