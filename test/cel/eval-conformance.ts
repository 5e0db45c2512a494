/**
 * Runs the evaluation conformance corpus (test/cel/conformance/eval-*.json): typed
 * expected values are rebuilt as CEL values and compared strictly (same CEL type at
 * every level, CEL equality, NaN equal to NaN); an expected error agrees with any
 * evaluation error (the conformance suite's rule), and its message is reported.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { evaluateUnchecked } from '../../lib/cel/eval';
import { parseCIDR, parseIP, parseSemver } from '../../lib/cel/eval-k8s';
import { Quantity } from '../../lib/cel/eval-quantity';
import {
  CelDuration, CelMap, CelOptional, CelTimestamp, CelTypeValue, CelUint, celEquals, CostLimitExceeded, EvalErr,
  isMapValue, mapEntries, mapGet, mapKey, typeName,
} from '../../lib/cel/eval-values';
import { CelSyntaxError } from '../../lib/cel/parser';

/** A typed value of the corpus. */
export type Typed = Record<string, unknown>;

/** One case of the corpus. */
export interface CorpusCase {
  readonly file: string;
  readonly section: string;
  readonly name: string;
  readonly expr: string;
  readonly bindings?: Record<string, Typed>;
  /** Expected value, or expected error (`match`: how the message is compared; absent: any error agrees). */
  readonly expect?: { readonly value?: Typed; readonly error?: string; readonly match?: 'exact' | 'regex' };
  readonly skip?: string;
}

/** Loads a corpus file. */
export function loadCorpus(file: string): { source: string; cases: CorpusCase[] } {
  return JSON.parse(readFileSync(join(__dirname, 'conformance', file), 'utf8'));
}

const TYPE_NAMES: Record<string, string> = {
  'google.protobuf.Timestamp': 'google.protobuf.Timestamp', 'google.protobuf.Duration': 'google.protobuf.Duration',
};

/** A typed corpus value as a CEL runtime value. */
export function toCel(t: Typed): unknown {
  const [k, v] = Object.entries(t)[0];
  switch (k) {
    case 'int': return BigInt(v as string);
    case 'uint': return new CelUint(BigInt(v as string));
    case 'double': return typeof v === 'string' ? Number(v) : v;
    case 'string': return v;
    case 'bytes': return new Uint8Array(Buffer.from(v as string, 'base64'));
    case 'bool': return v;
    case 'null': return null;
    case 'type': return CelTypeValue.of(TYPE_NAMES[v as string] ?? (v as string));
    case 'list': return (v as Typed[]).map(toCel);
    case 'map': {
      const m = new CelMap();
      for (const [kk, vv] of v as Array<[Typed, Typed]>) {
        const key = toCel(kk);
        m.m.set(mapKey(key), [key, toCel(vv)]);
      }
      return m;
    }
    case 'duration': {
      const d = v as { seconds: string; nanos: number };
      return new CelDuration(BigInt(d.seconds) * 1_000_000_000n + BigInt(d.nanos));
    }
    case 'quantity': return Quantity.parse(v as string);
    case 'ip': return parseIP(v as string);
    case 'cidr': return parseCIDR(v as string);
    case 'semver': return parseSemver(v as string, false);
    case 'optional': return v === null ? CelOptional.NONE : new CelOptional(true, toCel(v as Typed));
    case 'timestamp': {
      const d = v as { seconds: string; nanos: number };
      return new CelTimestamp(BigInt(d.seconds) * 1_000_000_000n + BigInt(d.nanos));
    }
    default:
      throw new Error(`unknown typed value ${k}`);
  }
}

/** Same CEL type at every level and equal values (NaN matches NaN). */
export function strictEqual(a: unknown, b: unknown): boolean {
  if (typeName(a) !== typeName(b)) return false;
  if (typeof a === 'number' && typeof b === 'number') return (Number.isNaN(a) && Number.isNaN(b)) || (a === b && Object.is(a, 0) === Object.is(b, 0)) || a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => strictEqual(x, b[i]));
  if (isMapValue(a) && isMapValue(b)) {
    const ea = mapEntries(a);
    if (ea.length !== mapEntries(b).length) return false;
    return ea.every(([k, v]) => {
      const bv = mapGet(b, k);
      return bv !== undefined && strictEqual(v, bv);
    });
  }
  return celEquals(a, b);
}

/** Outcome of one case. */
export interface Outcome {
  readonly c: CorpusCase;
  readonly agree: boolean;
  readonly got: string;
}

function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}`;
  if (v instanceof CelUint) return `${v.v}u`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (isMapValue(v)) return `{${mapEntries(v).map(([k, x]) => `${show(k)}: ${show(x)}`).join(', ')}}`;
  if (v instanceof CelOptional) return v.has ? `optional.of(${show(v.v)})` : 'optional.none()';
  if (v instanceof Uint8Array) return `b${JSON.stringify(Buffer.from(v).toString('latin1'))}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : String(v);
  return String(v);
}

/** Evaluates one case. */
export function runCase(c: CorpusCase, evaluate: (expr: string, vars: Record<string, unknown>) => unknown = evaluateUnchecked): Outcome {
  const vars: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.bindings ?? {})) vars[k] = toCel(v);
  let got: unknown;
  try {
    got = evaluate(c.expr, vars);
  } catch (e) {
    if (e instanceof EvalErr || e instanceof CostLimitExceeded || e instanceof CelSyntaxError) {
      const msg = e instanceof CelSyntaxError ? `syntax error: ${e.message}` : e.message;
      const want = c.expect?.error;
      let agree = want !== undefined;
      if (agree && c.expect?.match === 'exact') agree = msg === want;
      if (agree && c.expect?.match === 'regex') agree = new RegExp(want!).test(msg);
      return { c, agree, got: `error: ${msg}` };
    }
    throw e;
  }
  if (c.expect?.value === undefined) return { c, agree: false, got: show(got) };
  return { c, agree: strictEqual(got, toCel(c.expect.value)), got: show(got) };
}
