/**
 * Every regular expression the library evaluates from user input (CEL `matches`, `find`,
 * `findAll`, CRD schema `pattern`) runs on re2js: Go's `regexp` package (RE2 syntax, leftmost-first
 * semantics, Go's parser and its error messages) ported to JavaScript, with matching in time
 * linear in the input. JavaScript's RegExp backtracks (`^(a+)+$` on 30 a's and a '!' never
 * finishes) and reads a different syntax (`\pL`, `\Q...\E`, `(?i)` mid-pattern, `a{,2}`, `\s`),
 * so it is never used for a user's pattern. Choice and measurements: docs/regex.md.
 */
import { RE2JS } from 're2js';
import type { EvalContext } from './eval-context';
import { CostLimitExceeded, cpLength, fail } from './eval-values';

/** A compiled RE2 pattern with the three operations Kubernetes CEL and OpenAPI use. */
export interface Re2 {
  /** Go `(*Regexp).MatchString`: a match anywhere in `s`. */
  test(s: string): boolean;
  /** Go `(*Regexp).FindString`: the leftmost match, '' when none. */
  find(s: string): string;
  /** Go `(*Regexp).FindAllString(s, n)`: successive non-overlapping matches; n < 0 means all. */
  findAll(s: string, n: number): string[];
}

class Re2Impl implements Re2 {
  constructor(private readonly re: RE2JS) {}
  test(s: string): boolean {
    return this.re.test(s);
  }
  find(s: string): string {
    const m = this.re.re2().find(s) as string | null | undefined;
    return m ?? '';
  }
  findAll(s: string, n: number): string[] {
    if (n === 0) return [];
    const all = this.re.re2().findAll(s, n < 0 ? -1 : n) as string[] | null | undefined;
    return all ?? [];
  }
}

const CACHE = new Map<string, Re2 | string>();
const CACHE_MAX = 1000;

/**
 * Compiles `pattern` as Go's `regexp.Compile` does (syntax.Perl flags). Returns the pattern, or
 * Go's error text (`error parsing regexp: missing closing ): ` + "`(a`") when it is invalid.
 * Results are cached by pattern text.
 */
export function re2Compile(pattern: string): Re2 | string {
  const hit = CACHE.get(pattern);
  if (hit !== undefined) return hit;
  let out: Re2 | string;
  try {
    out = new Re2Impl(RE2JS.compile(pattern));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    out = msg.startsWith('error parsing regexp: ') ? msg : `error parsing regexp: ${msg}`;
  }
  if (CACHE.size >= CACHE_MAX) CACHE.clear();
  CACHE.set(pattern, out);
  return out;
}

/** Go's error text for an invalid RE2 pattern, or undefined when `pattern` compiles. */
export function re2Problem(pattern: string): string | undefined {
  const r = re2Compile(pattern);
  return typeof r === 'string' ? r : undefined;
}

/** The compiled pattern for CEL evaluation; an invalid pattern is a CEL evaluation error. */
export function compileRegex(pattern: string): Re2 {
  const r = re2Compile(pattern);
  if (typeof r === 'string') return fail(`given regex is invalid: ${r}`);
  return r;
}

/**
 * Charges the runtime cost of matching `s` against `re` as cel-go does for `matches`
 * (interpreter/runtimecost.go costCall, case MatchesString) and the apiserver for `find` and
 * `findAll` (pkg/cel/library/cost.go CallCost): ceil((1 + size(s)) * 0.1) * ceil(size(re) * 0.25),
 * sizes in code points. The call's own step, already counted by the evaluator, is part of it.
 * Charged before matching, so the per-call limit stops the work rather than follows it.
 */
export function chargeRegex(c: EvalContext, s: string, re: string): void {
  const cost = Math.ceil((1 + cpLength(s)) * 0.1) * Math.ceil(cpLength(re) * 0.25);
  c.cost += cost - 1;
  if (c.cost > c.limit) throw new CostLimitExceeded();
}
