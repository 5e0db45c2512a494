/**
 * The CEL conformance corpus as data, shared by the compile tests (here) and evaluation
 * tests: every case names its upstream source file and test, the environment it runs in,
 * the variables it declares, whether Kubernetes 1.36 must compile it, and — for the
 * google/cel-spec cases — the expected value or error as the suite writes it
 * (`expected.value` / `expected.eval_error` / ..., cel.expr.Value in JSON, scalars as text).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KUBERNETES_DIFFERS } from './known';
import { CelType } from '../../../lib/cel/celtypes';
import { parseType } from '../../../lib/cel/library';
import { CelEnvironment } from '../../../lib/cel/types';

/** One compile case. */
export interface CompileCase {
  /** `<file>/<section>/<test>` for cel-spec, `<file>/<test name>` for Kubernetes. */
  readonly id: string;
  /** Upstream repository@commit:path. */
  readonly source: string;
  readonly expression: string;
  readonly env: CelEnvironment;
  /** Variables the case declares on top of the environment's. */
  readonly variables?: ReadonlyMap<string, CelType>;
  /** Whether Kubernetes 1.36 compiles it. */
  readonly expect: 'compile' | 'error';
  /** Why that is the expectation. */
  readonly why: string;
  /** For errors taken from Kubernetes tests: the substring upstream expects in the message. */
  readonly upstreamError?: string;
  /** cel-spec's expected evaluation result, as written in the suite (undefined for compile-only cases). */
  readonly expected?: unknown;
}

/** A case of cel-spec.json as scripts/gen-cel-conformance.ts writes it. */
export interface CelSpecCase {
  id: string;
  source: string;
  expr: string;
  /** Declared variables: name → type in the notation of lib/cel/library.ts. */
  declare?: Record<string, string>;
  /** False when the suite disables the checker for the case. */
  checked: boolean;
  /** The expected result as the suite writes it (value, eval_error, ...). */
  expected?: unknown;
  /** Why the case cannot be expressed in Kubernetes CEL. */
  skip?: string;
}

const NOT_ENABLED: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bmath\./, 'cel-go ext.Math is not in any Kubernetes environment (apiserver pkg/cel/environment/base.go)'],
  [/\bbase64\./, 'cel-go ext.Encoders is not in any Kubernetes environment (apiserver pkg/cel/environment/base.go)'],
  [/\bcel\.(block|index|iterVar|accuVar)\b/, 'cel.block is an internal cel-go optimiser extension, not enabled in Kubernetes'],
];

function variablesOf(declare: Record<string, string> | undefined): ReadonlyMap<string, CelType> | undefined {
  if (!declare) return undefined;
  return new Map(Object.entries(declare).map(([k, v]) => [k, parseType(v)]));
}

/** The google/cel-spec cases (test/cel/conformance/cel-spec.json), with the ones Kubernetes cannot express left out. */
export function celSpecCases(): { cases: CompileCase[]; skipped: number } {
  const data = JSON.parse(readFileSync(join(__dirname, 'cel-spec.json'), 'utf8')) as { cases: CelSpecCase[] };
  const cases: CompileCase[] = [];
  let skipped = 0;
  for (const c of data.cases) {
    if (c.skip) {
      skipped++;
      continue;
    }
    const base = { id: c.id, source: `${c.source} (${c.id})`, expression: c.expr, variables: variablesOf(c.declare), expected: c.expected };
    const file = c.id.split('/')[0];
    const disabled = NOT_ENABLED.find(([re]) => re.test(c.expr));
    const differs = KUBERNETES_DIFFERS[c.id];
    if (file === 'bindings_ext') {
      cases.push({ ...base, env: CelEnvironment.DRA_DEVICE_SELECTOR, expect: 'compile', why: 'cel.bind is declared in DRA device selectors (dynamic-resource-allocation/cel/compile.go)' });
      cases.push({ ...base, id: `${c.id}#admission`, env: CelEnvironment.ADMISSION_VARIABLE, expect: 'error', why: 'the base environment has no ext.Bindings' });
    } else if (disabled) {
      cases.push({ ...base, env: CelEnvironment.ADMISSION_VARIABLE, expect: 'error', why: disabled[1] });
    } else if (differs) {
      cases.push({ ...base, env: CelEnvironment.ADMISSION_VARIABLE, expect: c.checked ? 'error' : 'compile', why: differs });
    } else {
      cases.push({
        ...base,
        env: CelEnvironment.ADMISSION_VARIABLE,
        expect: c.checked ? 'compile' : 'error',
        why: c.checked ? 'the suite type-checks it' : 'the suite disables the checker for it: a checking implementation refuses it',
      });
    }
  }
  return { cases, skipped };
}

interface KubernetesCase {
  id: string;
  source: string;
  expr: string;
  compileErrors?: string[];
}

/** The Kubernetes library test cases (test/cel/conformance/kubernetes.json). */
export function kubernetesCases(): CompileCase[] {
  const data = JSON.parse(readFileSync(join(__dirname, 'kubernetes.json'), 'utf8')) as { cases: KubernetesCase[] };
  return data.cases.map((c) => {
    const env = /\bjsonpatch\./.test(c.expr) ? CelEnvironment.MUTATION_JSON_PATCH : CelEnvironment.ADMISSION_VARIABLE;
    const base = { id: c.id, source: `${c.source} (${c.id})`, expression: c.expr, env };
    const differs = KUBERNETES_DIFFERS[c.id];
    if (differs) return { ...base, expect: c.compileErrors ? 'compile' : 'error', why: differs };
    return c.compileErrors
      ? { ...base, expect: 'error', why: 'the upstream test expects a compile error', upstreamError: c.compileErrors.join('; ') }
      : { ...base, expect: 'compile', why: 'the upstream test compiles it' };
  });
}

/** Every compile case of the corpus. */
export function compileCases(): { cases: CompileCase[]; skipped: number } {
  const spec = celSpecCases();
  return { cases: [...spec.cases, ...kubernetesCases()], skipped: spec.skipped };
}
